//! Tauri commands, one module per capability. Each takes state, calls one core function and
//! converts the error.
//!
//! **Invariant:** no command that touches the database, files or images runs on the window's main
//! thread: their work goes through [`blocking`]. A panic in a command becomes an `internal` error
//! the window shows, and the log holds the panic (the hook set in `lib.rs`); the window goes on.

use tauri::{AppHandle, Manager};

use crate::error::{CmdResult, CommandError};
use crate::state::AppState;

pub mod admin;
pub mod app;
pub mod articles;
pub mod backup;
pub mod export;
pub mod photos;
pub mod revisions;
pub mod server;
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
        panic_if_asked(name);
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

/// Like [`blocking`], for a long job (backup, bundle export and import, batch export, delete with
/// its vacuum): on a thread of its own whose scheduling priority is lowered (nice 10), so that on a
/// two-core laptop an autosave is not kept waiting for a core while the job compresses and copies.
/// A lowered priority cannot be raised back without privileges, so the thread is not a pooled one:
/// it ends with the job.
pub async fn long_job<T: Send + 'static>(
    app: AppHandle,
    name: &'static str,
    job: impl FnOnce(&AppHandle, &AppState) -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    let thread = std::thread::Builder::new()
        .name(format!("long-job-{name}"))
        .spawn(move || {
            lower_priority();
            panic_if_asked(name);
            let state = app.state::<AppState>();
            job(&app, &state)
        });
    let thread = match thread {
        Ok(t) => t,
        Err(e) => {
            log::error!("command {name}: no thread for it: {e}");
            return Err(CommandError::internal(name));
        }
    };
    match tauri::async_runtime::spawn_blocking(move || thread.join()).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) | Err(_) => {
            log::error!("command {name} failed (the log has the panic)");
            Err(CommandError::internal(name))
        }
    }
}

/// Debug builds: panics when [`TEST_PANIC_ENV`] names command `name`.
fn panic_if_asked(name: &str) {
    if cfg!(debug_assertions) && std::env::var(TEST_PANIC_ENV).is_ok_and(|c| c == name) {
        panic!("{TEST_PANIC_ENV} asked command {name} to panic");
    }
}

/// Lowers the calling thread's scheduling priority to nice 10 (Linux: the nice value is per thread).
/// Best effort: a refusal is logged and the job runs as it is.
#[allow(
    unsafe_code,
    reason = "setpriority(2) on the calling thread: no memory is touched, the return value is checked"
)]
fn lower_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: setpriority with PRIO_PROCESS and who = 0 changes the calling thread's nice value
        // only; it reads and writes no memory of ours.
        let r = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) };
        if r != 0 {
            log::warn!(
                "could not lower a long job's priority: {}",
                std::io::Error::last_os_error()
            );
        }
    }
}
