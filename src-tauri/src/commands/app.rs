//! Facts about the running app, for the status bar.

use serde::Serialize;
use tauri::{AppHandle, State};

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
