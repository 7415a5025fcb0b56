//! Facts about the running app, for the status bar.

use std::sync::Mutex;

use newsroom::opening::FileToOpen;
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};

use super::blocking;
use crate::error::CmdResult;
use crate::state::AppState;

/// What the UI shows about where it works.
#[derive(Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppInfo {
    /// The data folder in use.
    pub data_dir: String,
    /// The app's version.
    pub version: String,
}

/// Now as running text writes it, in the default profile's zone ("Chiều 27/11"): what the lead's
/// "insert today" button puts before the lead.
#[tauri::command]
pub async fn running_date(app: AppHandle) -> CmdResult<String> {
    blocking(app, "running_date", move |_app, state| {
        let p = newsroom::profile::active(&state.db())?;
        Ok(p.running_date(chrono::Utc::now()))
    })
    .await
}

/// Where the data lives and which version runs.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        data_dir: state.data_dir.display().to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    }
}

/// Files the app was asked to open (its command line, or a second launch's), waiting for the
/// window to take them.
#[derive(Default)]
pub struct Opened(Mutex<Vec<FileToOpen>>);

/// The event that says files are waiting in [`Opened`].
pub const OPENED_EVENT: &str = "app://files-opened";

impl Opened {
    /// Adds `files` to the queue, and tells the window when it runs (`app`).
    pub fn add(&self, files: Vec<FileToOpen>, app: Option<&AppHandle>) {
        if files.is_empty() {
            return;
        }
        for f in &files {
            log::info!("asked to open {} ({:?})", f.path, f.kind);
        }
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(files);
        if let Some(app) = app {
            let _ = app.emit(OPENED_EVENT, ());
        }
    }
}

/// The files waiting to be opened, in the order asked; the queue is then empty.
#[tauri::command]
pub fn take_opened_files(opened: State<'_, Opened>) -> Vec<FileToOpen> {
    std::mem::take(
        &mut *opened
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    )
}
