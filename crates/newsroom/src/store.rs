//! The schema of the data folder's SQLite file and its migrations, and opening it migrated.
//!
//! Migrations run in one transaction on `user_version`, are append-only, and a file written by a
//! newer schema is refused rather than opened. This module sits above the tables whose rows its
//! migrations backfill (articles, search); the folder and the connection's pragmas are [`db`]'s.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rusqlite::{Connection, Transaction};
use rusqlite_migration::{HookError, HookResult, M, Migrations};

use crate::db;
pub use crate::db::{
    APP_IDENTIFIER, DATA_DIR_ENV, DB_FILE, RECLAIM_MIN_BYTES, default_data_dir, reclaim,
    resolve_data_dir,
};
use crate::{Error, Result};

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
        M::up(include_str!("../migrations/0011_sync.sql")),
        M::up(include_str!("../migrations/0012_signing.sql")),
        M::up(include_str!("../migrations/0013_newsroom_pins.sql")),
        M::up(include_str!(
            "../migrations/0014_revoked_pins_moved_articles.sql"
        )),
        M::up(include_str!("../migrations/0015_server_identity.sql")),
        M::up(include_str!("../migrations/0016_password_kept.sql")),
    ]
}

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(migration_list()));

/// The schema version this build writes (the number of migrations it knows).
pub fn schema_version() -> i64 {
    i64::try_from(migration_list().len()).unwrap_or(i64::MAX)
}

/// Opens (creating if needed) the newsroom database in `data_dir`, sets pragmas and migrates it.
pub fn open(data_dir: &Path) -> Result<Connection> {
    std::fs::create_dir_all(data_dir).map_err(|source| Error::DataDir {
        path: data_dir.to_path_buf(),
        source,
    })?;
    owner_only(data_dir);
    let conn = open_file(&data_dir.join(DB_FILE))?;
    owner_only(data_dir);
    Ok(conn)
}

/// Makes the data folder readable by its owner only (0700) and its database file too (0600; SQLite
/// gives its WAL and shared-memory files the database's mode): drafts, comments and the newsroom's
/// people are nobody else's on a shared machine. Best effort: a folder someone else owns (a shared
/// folder named by `NEWSROOM_DATA_DIR`) is left as it is.
fn owner_only(data_dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
        let db = data_dir.join(DB_FILE);
        // A new database starts as an empty file of mode 0600, so SQLite's WAL and shared-memory
        // files are made 0600 too.
        if !db.exists() {
            let _ = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&db);
        }
        let side = |suffix: &str| {
            let mut name = db.clone().into_os_string();
            name.push(suffix);
            PathBuf::from(name)
        };
        for (path, mode) in [
            (data_dir.to_path_buf(), 0o700),
            (db.clone(), 0o600),
            (side("-wal"), 0o600),
            (side("-shm"), 0o600),
        ] {
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.permissions().mode() & 0o777 != mode
                && let Err(e) =
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
            {
                log::info!("{} left as it is: {e}", path.display());
            }
        }
    }
    #[cfg(not(unix))]
    let _ = data_dir;
}

/// Opens a database file directly (used by `open` and by tests of old files): the pragmas of
/// [`db::connect`], then the migrations.
pub fn open_file(path: &Path) -> Result<Connection> {
    let mut conn = db::connect(path)?;
    migrate(&mut conn, path)?;
    Ok(conn)
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
                &newsroom_base::sha256_hex(&text),
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
