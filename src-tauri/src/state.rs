//! What every command shares: the open database and the data folder.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use newsroom::profile::Profile;
use newsroom::store;
use rusqlite::Connection;

/// The app's state, managed by Tauri.
pub struct AppState {
    /// The data folder (`NEWSROOM_DATA_DIR` or the OS app-data folder).
    pub data_dir: PathBuf,
    /// Who is working, recorded in the history (the OS user until sign-in profiles exist).
    pub author: String,
    /// The portal profile in use.
    pub profile: Profile,
    conn: Mutex<Connection>,
    /// Held while the app runs, so a restore from the CLI waits for the app to close.
    _lock: std::fs::File,
}

impl AppState {
    /// Opens the data folder chosen by `NEWSROOM_DATA_DIR` or the OS default.
    pub fn open_default() -> newsroom::Result<Self> {
        let data_dir = store::resolve_data_dir(None)?;
        let conn = store::open(&data_dir)?;
        let lock = newsroom::backup::lock_shared(&data_dir)?;
        Ok(AppState {
            _lock: lock,
            data_dir,
            author: std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_default(),
            profile: Profile::default(),
            conn: Mutex::new(conn),
        })
    }

    /// The database connection. A panic in another command while it held the lock does not make
    /// the data unusable (SQLite rolled back), so a poisoned lock is taken over.
    pub fn db(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}
