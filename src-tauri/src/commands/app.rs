//! Facts about the running app, for the status bar.

use serde::Serialize;
use tauri::State;

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

/// Where the data lives and which version runs.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo {
        data_dir: state.data_dir.display().to_string(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    }
}
