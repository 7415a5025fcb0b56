//! Tauri commands, one module per capability. Each takes state, calls one core function and
//! converts the error.
//!
//! **Invariant:** no command that touches the database, files or images runs on the window's main
//! thread: their work goes through [`blocking`]. A panic in a command becomes an `internal` error
//! the window shows, and the log holds the panic (the hook set in `lib.rs`); the window goes on.

use tauri::{AppHandle, Manager};

use crate::error::{CmdResult, CommandError};
use crate::state::AppState;

pub mod app;
pub mod articles;
pub mod backup;
pub mod export;
pub mod photos;
pub mod revisions;
pub mod window;
pub mod workflow;

/// Environment variable naming a command that panics when called, in debug builds only: how the
/// end-to-end tests check that the window survives a panic. Release builds ignore it.
pub const TEST_PANIC_ENV: &str = "NEWSROOM_TEST_PANIC";

/// Runs command `name`'s work on a blocking thread of the async runtime, with the app's handle and
/// state. A panic there is caught by the runtime: it is logged (with the command's name) and
/// returned as an `internal` error.
pub async fn blocking<T: Send + 'static>(
    app: AppHandle,
    name: &'static str,
    job: impl FnOnce(&AppHandle, &AppState) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    let work = move || {
        if cfg!(debug_assertions) && std::env::var(TEST_PANIC_ENV).is_ok_and(|c| c == name) {
            panic!("{TEST_PANIC_ENV} asked command {name} to panic");
        }
        let state = app.state::<AppState>();
        job(&app, &state)
    };
    match tauri::async_runtime::spawn_blocking(work).await {
        Ok(result) => result,
        Err(e) => {
            log::error!("command {name} failed: {e}");
            Err(CommandError::internal(name))
        }
    }
}
