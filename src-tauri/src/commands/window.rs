//! Closing the window without losing the last keystrokes: a close request is held back and the UI
//! is asked to save first; it then closes the window itself. If the UI does not answer within
//! [`CLOSE_GRACE`], or the user asks a second time, the window closes anyway.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tauri::{Emitter, Manager, Window, WindowEvent};

/// Event the UI receives when the window is about to close.
pub const CLOSE_REQUESTED: &str = "app://close-requested";
/// How long the UI gets to save before the window closes regardless.
pub const CLOSE_GRACE: Duration = Duration::from_secs(4);

/// Set once a close was held back, so the next request goes through.
#[derive(Default)]
pub struct Closing(AtomicBool);

/// Window event hook registered by `lib.rs`.
pub fn on_window_event(window: &Window, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let closing = window.state::<Closing>();
    if closing.0.swap(true, Ordering::SeqCst) {
        return; // second request, or the UI's own close: let it go
    }
    api.prevent_close();
    if window.emit(CLOSE_REQUESTED, ()).is_err() {
        let _ = window.destroy();
        return;
    }
    let w = window.clone();
    std::thread::spawn(move || {
        std::thread::sleep(CLOSE_GRACE);
        let _ = w.destroy();
    });
}

/// Called by the UI once it has saved: closes the window.
#[tauri::command]
pub fn close_window(window: Window) {
    window.state::<Closing>().0.store(true, Ordering::SeqCst);
    let _ = window.destroy();
}
