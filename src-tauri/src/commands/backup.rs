//! Back up the newsroom to one file and restore it, from Settings.

use newsroom::backup::{self, Manifest, Restored};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Where a backup made now goes unless the user picks another place.
#[tauri::command]
pub fn default_backup_path() -> String {
    backup::default_path(chrono::Utc::now())
        .display()
        .to_string()
}

/// Writes a backup of the whole newsroom (database and media) to `out`; returns what it holds.
#[tauri::command]
pub async fn backup_newsroom(state: State<'_, AppState>, out: String) -> CmdResult<Manifest> {
    Ok(backup::create(
        &state.db(),
        &state.data_dir,
        std::path::Path::new(&out),
    )?)
}

/// What the backup `file` holds, checked (to show before restoring it).
#[tauri::command]
pub async fn read_backup(file: String) -> CmdResult<Manifest> {
    Ok(backup::read_manifest(std::path::Path::new(&file))?)
}

/// Replaces the newsroom with the backup `file`; the data that was there is kept aside.
#[tauri::command]
pub async fn restore_newsroom(state: State<'_, AppState>, file: String) -> CmdResult<Restored> {
    Ok(state.restore(std::path::Path::new(&file))?)
}
