//! Entry point of the desktop app.
// Hide the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    toa_soan_lib::run();
}
