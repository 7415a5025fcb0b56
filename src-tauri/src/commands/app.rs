//! Facts about the running app, for the status bar and Settings → "Giới thiệu".

use std::sync::Mutex;

use newsroom::opening::FileToOpen;
use serde::Serialize;
use tauri::{AppHandle, Emitter, State};

use super::blocking;
use crate::error::CmdResult;

/// What the UI shows about where it works.
#[derive(Serialize, ts_rs::TS)]
#[ts(export)]
pub struct AppInfo {
    /// The data folder in use.
    pub data_dir: String,
    /// The app's version.
    pub version: String,
    /// The log file (in the data folder; older ones beside it, `newsroom_<date>.log`).
    pub log_file: String,
    /// The data folder's schema this build writes.
    pub schema: i64,
    /// The newsroom server's schema this build speaks.
    pub server_schema: i32,
    /// The newsroom server this folder is joined to (its address, no password), if any.
    #[ts(optional = nullable)]
    pub server: Option<String>,
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

/// Where the data and the log live, which version runs, which schemas it speaks, which server.
#[tauri::command]
pub async fn app_info(app: AppHandle) -> CmdResult<AppInfo> {
    blocking(app, "app_info", move |_app, state| {
        let server = newsroom::sync::joined(&state.db())?
            .map(|j| newsroom_server::without_password(&j.url).0);
        Ok(AppInfo {
            data_dir: state.data_dir.display().to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
            log_file: state
                .data_dir
                .join(format!("{}.log", crate::LOG_FILE))
                .display()
                .to_string(),
            schema: newsroom::store::schema_version(),
            server_schema: newsroom_server::SCHEMA_VERSION,
            server,
        })
    })
    .await
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
