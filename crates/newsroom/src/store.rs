//! The data folder and its SQLite file: where it is, how it is opened, and its schema migrations.
//!
//! Pragmas (WAL, foreign keys, busy timeout) are set on every connection, outside migrations.
//! Migrations run in one transaction on `user_version`, are append-only, and a file written by a
//! newer schema is refused rather than opened.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Duration;

use rusqlite::{Connection, Transaction};
use rusqlite_migration::{HookError, HookResult, M, Migrations};

use crate::{Error, Result};

/// The app's identifier; also the name of its folder under the OS data directory.
pub const APP_IDENTIFIER: &str = "vn.toasoan.newsroom";
/// Environment variable that overrides the data folder for the app and the CLI.
pub const DATA_DIR_ENV: &str = "NEWSROOM_DATA_DIR";
/// File name of the database inside the data folder.
pub const DB_FILE: &str = "newsroom.db";

/// The schema's history, one file a version. Append only: a shipped migration is never edited.
fn migration_list() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("../migrations/0001_articles.sql")),
        M::up_with_hook(
            include_str!("../migrations/0002_full_article_revisions.sql"),
            |tx: &Transaction<'_>| -> HookResult {
                crate::articles::backfill_0002(tx).map_err(|e| HookError::Hook(e.to_string()))
            },
        ),
        M::up_with_hook(
            include_str!("../migrations/0003_search.sql"),
            |tx: &Transaction<'_>| -> HookResult {
                crate::search::index_all(tx)
                    .map(|_| ())
                    .map_err(|e| HookError::Hook(e.to_string()))
            },
        ),
        M::up(include_str!("../migrations/0004_photos.sql")),
        M::up(include_str!("../migrations/0005_profiles_exports.sql")),
        M::up(include_str!("../migrations/0006_workflow.sql")),
        M::up(include_str!("../migrations/0007_comments.sql")),
        M::up(include_str!("../migrations/0008_bundles.sql")),
        M::up(include_str!("../migrations/0009_dictionary.sql")),
        M::up(include_str!("../migrations/0010_pin_tries.sql")),
    ]
}

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(migration_list()));

/// The schema version this build writes (the number of migrations it knows).
pub fn schema_version() -> i64 {
    i64::try_from(migration_list().len()).unwrap_or(i64::MAX)
}

/// The OS app-data folder for the newsroom (`~/.local/share/vn.toasoan.newsroom` on Linux).
pub fn default_data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join(APP_IDENTIFIER))
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
            reason: format!(
                "không xác định được thư mục dữ liệu của hệ điều hành; hãy đặt biến {DATA_DIR_ENV}"
            ),
        })
}

/// Opens (creating if needed) the newsroom database in `data_dir`, sets pragmas and migrates it.
pub fn open(data_dir: &Path) -> Result<Connection> {
    std::fs::create_dir_all(data_dir).map_err(|source| Error::DataDir {
        path: data_dir.to_path_buf(),
        source,
    })?;
    open_file(&data_dir.join(DB_FILE))
}

/// Opens a database file directly (used by `open` and by tests of old files).
pub fn open_file(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
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
    migrate(&mut conn, path)?;
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

/// The file beside database `path` that serialises migrations between processes.
fn migration_lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".migrate-lock");
    path.with_file_name(name)
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let version = |conn: &Connection| -> Result<i64> {
        Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    };
    let supported = schema_version();
    let found = version(conn)?;
    if found > supported {
        return Err(Error::NewerSchema { found, supported });
    }
    if found == supported {
        return Ok(());
    }
    // Two processes opening an old file at once (the app and the CLI after an upgrade): the
    // migrator reads the version before its transaction, so both would run the same migrations.
    // An exclusive lock on a file beside the database makes the second wait for the first and
    // then find nothing left to do. The lock file stays (deleting it would race).
    let lock_path = migration_lock_path(path);
    let lock = std::fs::File::create(&lock_path).map_err(|e| Error::io(&lock_path, e))?;
    lock.lock().map_err(|e| Error::io(&lock_path, e))?;
    // Reads the version again, now that no one else migrates: nothing to do if someone just did.
    MIGRATIONS.to_latest(conn)?;
    drop(lock);
    Ok(())
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder (named `.toasoan-…`,
/// which backups skip), flushed to disk, then renamed over `path`. Creates the folder if needed.
/// Bytes as lowercase hex.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of `bytes`, lowercase hex (how every hash of the app is written).
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex(&sha2::Sha256::digest(bytes))
}

pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".toasoan-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_and_counted() {
        assert!(MIGRATIONS.validate().is_ok());
        let dir = tempfile::tempdir().expect("tempdir");
        let conn = open(dir.path()).expect("open");
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("user_version");
        assert_eq!(v, schema_version());
    }

    /// A shipped migration is never edited: each file's SHA-256 is kept in
    /// `migrations/SHA256SUMS` (`sha256sum -c SHA256SUMS` checks it by hand). A new migration adds
    /// its line; a changed one fails here.
    #[test]
    fn shipped_migrations_never_change() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).expect("SHA256SUMS");
        let listed: Vec<(&str, &str)> = sums.lines().filter_map(|l| l.split_once("  ")).collect();
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("migrations")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        assert_eq!(
            i64::try_from(files.len()).expect("few"),
            schema_version(),
            "every migration file is in migration_list"
        );
        for (sum, name) in &listed {
            let text = std::fs::read(dir.join(name)).expect("a listed migration exists");
            assert_eq!(
                &sha256_hex(&text),
                sum,
                "{name} changed after it shipped: never edit a shipped migration, add a new one"
            );
        }
        let names: Vec<&str> = listed.iter().map(|(_, n)| *n).collect();
        assert_eq!(
            names, files,
            "a new migration adds its line: sha256sum NNNN_name.sql >> migrations/SHA256SUMS"
        );
    }

    #[test]
    fn sets_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let conn = open(dir.path()).expect("open");
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .expect("journal_mode");
        assert_eq!(mode, "wal");
        let fk: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .expect("foreign_keys");
        assert_eq!(fk, 1);
    }

    #[test]
    fn refuses_a_newer_schema() {
        let dir = tempfile::tempdir().expect("tempdir");
        drop(open(dir.path()).expect("open"));
        let conn = Connection::open(dir.path().join(DB_FILE)).expect("raw open");
        conn.pragma_update(None, "user_version", schema_version() + 1)
            .expect("bump");
        drop(conn);
        match open(dir.path()) {
            Err(Error::NewerSchema { found, supported }) => {
                assert_eq!(found, schema_version() + 1);
                assert_eq!(supported, schema_version());
            }
            other => panic!("expected NewerSchema, got {other:?}"),
        }
    }

    #[test]
    fn explicit_data_dir_wins() {
        let p = PathBuf::from("/tmp/x-newsroom");
        assert_eq!(resolve_data_dir(Some(p.clone())).expect("dir"), p);
    }
}
