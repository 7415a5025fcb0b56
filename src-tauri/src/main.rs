//! Entry point of the desktop app.
// Hide the console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::process::ExitCode;

fn main() -> ExitCode {
    // On Linux the package's /usr/bin/newsroom is a link to this binary: called by that name, it
    // is the command line (the core ships once). Windows installs newsroom.exe of its own: a
    // window program has no console to print to.
    #[cfg(target_os = "linux")]
    if called_as_newsroom(std::env::args_os().next()) {
        return newsroom_cli::main();
    }
    toa_soan_lib::run();
    ExitCode::SUCCESS
}

/// Whether the program name `argv0` is `newsroom` (any folder before it).
#[cfg(target_os = "linux")]
fn called_as_newsroom(argv0: Option<std::ffi::OsString>) -> bool {
    argv0
        .as_deref()
        .and_then(|a| std::path::Path::new(a).file_name())
        .is_some_and(|name| name == "newsroom")
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::called_as_newsroom;

    #[test]
    fn the_command_line_is_told_by_the_name_it_is_called_by() {
        assert!(called_as_newsroom(Some("/usr/bin/newsroom".into())));
        assert!(called_as_newsroom(Some("newsroom".into())));
        assert!(!called_as_newsroom(Some("/usr/bin/toa-soan".into())));
        assert!(!called_as_newsroom(Some("/opt/newsroom/toa-soan".into())));
        assert!(!called_as_newsroom(None));
    }
}
