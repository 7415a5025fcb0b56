//! Back up the newsroom to one file and restore it, from Settings.

use newsroom::backup::{self, Manifest, Restored};
use tauri::AppHandle;

use super::{blocking, long_job};
use crate::error::CmdResult;

/// Where a backup made now goes unless the user picks another place.
#[tauri::command]
pub fn default_backup_path() -> String {
    backup::default_path(chrono::Utc::now())
        .display()
        .to_string()
}

/// Writes a backup of the whole newsroom (database and media) to `out`; returns what it holds.
#[tauri::command]
pub async fn backup_newsroom(app: AppHandle, out: String) -> CmdResult<Manifest> {
    long_job(app, "backup_newsroom", move |_app, state| {
        let conn = state.own_connection()?;
        let by = state.actor(&conn)?;
        Ok(backup::create(
            &conn,
            &state.data_dir,
            std::path::Path::new(&out),
            &by,
        )?)
    })
    .await
}

/// What the backup `file` holds, checked (to show before restoring it).
#[tauri::command]
pub async fn read_backup(app: AppHandle, file: String) -> CmdResult<Manifest> {
    blocking(app, "read_backup", move |_app, _state| {
        Ok(backup::read_manifest(std::path::Path::new(&file))?)
    })
    .await
}

/// Replaces the newsroom with the backup `file`; the data that was there is kept aside.
#[tauri::command]
pub async fn restore_newsroom(app: AppHandle, file: String) -> CmdResult<Restored> {
    blocking(app, "restore_newsroom", move |_app, state| {
        Ok(state.restore(std::path::Path::new(&file))?)
    })
    .await
}
