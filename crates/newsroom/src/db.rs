//! The data folder and how a connection to its SQLite file is made: where the folder is, the
//! pragmas every connection gets (WAL, foreign keys, busy timeout), and the vacuum policy. Knows no
//! table: the schema and its migrations are [`crate::store`]'s, above the tables they backfill.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;

use crate::{Error, Result, said};

/// The app's identifier; also the name of its folder under the OS data directory.
pub const APP_IDENTIFIER: &str = "vn.toasoan.newsroom";
/// Environment variable that overrides the data folder for the app and the CLI.
pub const DATA_DIR_ENV: &str = "NEWSROOM_DATA_DIR";
/// File name of the database inside the data folder.
pub const DB_FILE: &str = "newsroom.db";

/// The OS app-data folder for the newsroom (`~/.local/share/vn.toasoan.newsroom` on Linux).
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_IDENTIFIER))
}

/// The data folder of `conn`'s database (its file's folder); an error for a database in memory.
pub fn data_dir_of(conn: &Connection) -> Result<PathBuf> {
    conn.path()
        .filter(|p| !p.is_empty())
        .and_then(|p| Path::new(p).parent().map(Path::to_path_buf))
        .ok_or_else(|| Error::InvalidInput {
            field: "data_dir",
            reason: said!(
                "cơ sở dữ liệu không nằm trong thư mục dữ liệu nào",
                "the database is not in a data folder"
            ),
        })
}

/// Chooses the data folder: an explicit one, else `NEWSROOM_DATA_DIR`, else the OS default.
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> Result<PathBuf> {
    explicit
        .or_else(|| {
            std::env::var_os(DATA_DIR_ENV)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        })
        .or_else(default_data_dir)
        .ok_or_else(|| Error::InvalidInput {
            field: "data_dir",
            reason: said!(
                "không xác định được thư mục dữ liệu của hệ điều hành; hãy đặt biến {DATA_DIR_ENV}",
                "the system's data folder is unknown; set {DATA_DIR_ENV}"
            ),
        })
}

/// Opens database file `path` with the app's pragmas, as it is: no migration ([`crate::store::open_file`]
/// migrates).
pub fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // WAL keeps readers going while the app writes, and survives a crash mid-write.
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        log::warn!("journal_mode is {mode}, not wal");
    }
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Checkpoint the WAL every ~16 MB instead of every ~4 MB: a checkpoint is the slow save of its
    // burst, and an autosave every few seconds should rarely be that one.
    conn.pragma_update(None, "wal_autocheckpoint", 4096)?;
    // After a checkpoint the WAL file is cut back to 32 MB at most (it would otherwise keep its
    // largest size for good).
    conn.pragma_update(None, "journal_size_limit", 32 * 1024 * 1024)?;
    // `fold(text)`: text as search folds it ("Đảng bộ" → "dang bo"), for the filters that match a
    // section or an author typed with or without marks.
    conn.create_scalar_function(
        "fold",
        1,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8
            | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            Ok(crate::text::fold(
                ctx.get_raw(0).as_str().unwrap_or_default(),
            ))
        },
    )?;
    Ok(conn)
}

/// Below this size the database file is never rewritten to give space back.
pub const RECLAIM_MIN_BYTES: i64 = 4 * 1024 * 1024;

/// The vacuum policy, run after deletes: when more than a quarter of the database file is free
/// pages and the file is over [`RECLAIM_MIN_BYTES`], rewrite it (`VACUUM`) and cut the WAL back.
/// True if it did. A database busy elsewhere (the app and the CLI at once) is left for next time.
pub fn reclaim(conn: &Connection) -> Result<bool> {
    let pages: i64 = conn.pragma_query_value(None, "page_count", |r| r.get(0))?;
    let free: i64 = conn.pragma_query_value(None, "freelist_count", |r| r.get(0))?;
    let page_size: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0))?;
    if free * 4 <= pages || pages * page_size <= RECLAIM_MIN_BYTES {
        return Ok(false);
    }
    match conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);") {
        Ok(()) => Ok(true),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if matches!(
                e.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            log::info!("vacuum put off: the database is busy");
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}
