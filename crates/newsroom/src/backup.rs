//! Back up the whole newsroom (database and media) to one file, and restore it on another machine.
//!
//! A backup is a zip file holding `toasoan-backup.json` (format, schema version, and the size and
//! SHA-256 of every other entry), `newsroom.db` (a consistent copy made with SQLite's online backup
//! API, so the app may keep running) and `media/…`.
//!
//! **Invariant:** restore checks everything before it touches the data folder (ours, not newer,
//! every entry listed, sizes and hashes right, the database passes `integrity_check` and migrates),
//! then moves the current data aside into `before-restore-<time>/` — nothing is deleted — and moves
//! the restored files in. It refuses while the app has the data folder open.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use chrono::Utc;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::rules::{self, Actor, Change};
use crate::store::{self, DB_FILE};
use crate::{Error, Result, Said, said};

/// Name of the manifest inside a backup.
pub const MANIFEST: &str = "toasoan-backup.json";
/// What the manifest's `format` says.
pub const FORMAT: &str = "toasoan-backup";
/// The backup format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Media folder inside the data folder and the backup.
pub const MEDIA_DIR: &str = "media";
/// The lock file the app holds while it has the data folder open.
pub const APP_LOCK: &str = "app.lock";
/// Largest entry restore accepts (a guard against zip bombs), in bytes.
pub const MAX_ENTRY_BYTES: u64 = 8 * 1024 * 1024 * 1024;

/// One file in a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Entry {
    /// Path inside the backup (`/`-separated).
    pub path: String,
    /// Size in bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
}

/// The manifest of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Backup format version.
    pub format_version: u32,
    /// Database schema version inside.
    #[ts(type = "number")]
    pub schema_version: i64,
    /// App version that wrote it.
    pub app_version: String,
    /// When it was made (UTC, RFC 3339).
    pub created_at: String,
    /// Articles inside.
    #[ts(type = "number")]
    pub articles: i64,
    /// Every other entry.
    pub entries: Vec<Entry>,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Restored {
    /// The backup that is now the newsroom.
    pub manifest: Manifest,
    /// Where the data that was there before went (nothing is deleted), if there was any.
    pub moved_to: Option<String>,
}

/// A file name for a backup made at `now` (local time of the newsroom):
/// `toasoan-sao-luu-20261126-1016.zip`.
pub fn file_name(now: chrono::DateTime<Utc>) -> String {
    let local = now.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    format!("toasoan-sao-luu-{}.zip", local.format("%Y%m%d-%H%M"))
}

/// Where a backup goes unless the user says otherwise: the user's Documents folder (or home).
pub fn default_path(now: chrono::DateTime<Utc>) -> PathBuf {
    let dir = dirs::document_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."));
    dir.join(file_name(now))
}

use newsroom_base::hex;

fn hash_file(path: &Path) -> Result<(u64, String)> {
    let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((size, hex(&hasher.finalize())))
}

fn zip_error(path: &Path, e: zip::result::ZipError) -> Error {
    Error::InvalidInput {
        field: "backup",
        reason: {
            let path = path.display();
            said!(
                "{path}: tệp không đọc được như một bản sao lưu ({e})",
                "{path}: the file cannot be read as a backup ({e})"
            )
        },
    }
}

/// Files under `dir`, as (absolute path, `/`-separated relative path), sorted.
fn files_under(dir: &Path, prefix: &str) -> Result<Vec<(PathBuf, String)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut stack = vec![(dir.to_path_buf(), prefix.to_string())];
    while let Some((d, rel)) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))? {
            let entry = entry.map_err(|e| Error::io(&d, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if kind.is_dir() {
                stack.push((path, format!("{rel}/{name}")));
            } else if kind.is_file() && !name.starts_with(".toasoan-") {
                out.push((path, format!("{rel}/{name}")));
            }
        }
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// Writes a backup of the newsroom open on `conn` (data folder `data_dir`) to `out`, made by `by`
/// (an admin in team mode: a backup holds everyone's work).
pub fn create(conn: &Connection, data_dir: &Path, out: &Path, by: &Actor) -> Result<Manifest> {
    rules::allow(by, Change::Backup, None)?;
    let out_dir = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&out_dir).map_err(|e| Error::io(&out_dir, e))?;
    // A consistent copy of the live database, whatever other connections do meanwhile.
    let staging = tempfile::tempdir_in(&out_dir).map_err(|e| Error::io(&out_dir, e))?;
    let db_copy = staging.path().join(DB_FILE);
    let articles: i64 = {
        let mut dst = Connection::open(&db_copy)?;
        // In one step, under one read transaction: a copy made in steps starts over whenever
        // another connection writes between them (an autosave every few seconds), while one read
        // transaction holds nobody up in WAL mode.
        let copy = rusqlite::backup::Backup::new(conn, &mut dst)?;
        loop {
            match copy.step(-1)? {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {}
                // Busy or locked by a writer for a moment: try again shortly.
                _ => std::thread::sleep(std::time::Duration::from_millis(5)),
            }
        }
        drop(copy);
        dst.query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?
    };
    let mut files = vec![(db_copy, DB_FILE.to_string())];
    files.extend(files_under(&data_dir.join(MEDIA_DIR), MEDIA_DIR)?);

    let mut entries = Vec::with_capacity(files.len());
    for (path, name) in &files {
        let (size, sha256) = hash_file(path)?;
        entries.push(Entry {
            path: name.clone(),
            size,
            sha256,
        });
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        schema_version: store::schema_version(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        created_at: Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        articles,
        entries,
    };

    let tmp = tempfile::Builder::new()
        .prefix(".toasoan-")
        .tempfile_in(&out_dir)
        .map_err(|e| Error::io(&out_dir, e))?;
    let mut zip = zip::ZipWriter::new(tmp.as_file());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::InvalidInput {
        field: "backup",
        reason: said!("{e}", "{e}"),
    })?;
    zip.start_file(MANIFEST, options)
        .map_err(|e| zip_error(out, e))?;
    zip.write_all(&json).map_err(|e| Error::io(out, e))?;
    for (path, name) in &files {
        zip.start_file(name.as_str(), options)
            .map_err(|e| zip_error(out, e))?;
        let mut f = File::open(path).map_err(|e| Error::io(path, e))?;
        std::io::copy(&mut f, &mut zip).map_err(|e| Error::io(path, e))?;
    }
    zip.finish().map_err(|e| zip_error(out, e))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(out, e))?;
    tmp.persist(out).map_err(|e| Error::io(out, e.error))?;
    Ok(manifest)
}

fn not_ours(file: &Path, why: Said) -> Error {
    let file = file.display();
    let (vi, en) = (why.vi(), why.en());
    Error::InvalidInput {
        field: "backup",
        reason: said!(
            "{file} không phải bản sao lưu của Tòa soạn: {vi}",
            "{file} is not a Tòa soạn backup: {en}"
        ),
    }
}

/// A relative `/`-separated path with only normal components (no `..`, no root, no drive).
fn safe_relative(name: &str) -> Option<PathBuf> {
    let p = Path::new(name);
    let ok = !name.is_empty()
        && !name.contains('\\')
        && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

/// Reads and checks the manifest of a backup file.
pub fn read_manifest(file: &Path) -> Result<Manifest> {
    let f = File::open(file).map_err(|e| Error::io(file, e))?;
    let mut zip = zip::ZipArchive::new(f)
        .map_err(|_| not_ours(file, said!("không phải tệp zip", "not a zip file")))?;
    let mut entry = zip
        .by_name(MANIFEST)
        .map_err(|_| not_ours(file, said!("thiếu tệp mô tả", "no manifest")))?;
    let mut json = String::new();
    (&mut entry)
        .take(1024 * 1024)
        .read_to_string(&mut json)
        .map_err(|_| not_ours(file, said!("tệp mô tả hỏng", "the manifest is damaged")))?;
    let manifest: Manifest = serde_json::from_str(&json)
        .map_err(|_| not_ours(file, said!("tệp mô tả hỏng", "the manifest is damaged")))?;
    if manifest.format != FORMAT {
        return Err(not_ours(file, said!("sai định dạng", "wrong format")));
    }
    if manifest.format_version > FORMAT_VERSION || manifest.schema_version > store::schema_version()
    {
        return Err(Error::NewerSchema {
            found: manifest.schema_version,
            supported: store::schema_version(),
        });
    }
    if !manifest.entries.iter().any(|e| e.path == DB_FILE) {
        return Err(not_ours(
            file,
            said!("không có cơ sở dữ liệu", "no database"),
        ));
    }
    // Nothing in the archive but the manifest and what it lists: restore reads only those, but an
    // archive carrying more (`../../x`, a stray file) was not written by the app.
    drop(entry);
    let listed: std::collections::HashSet<&str> =
        manifest.entries.iter().map(|e| e.path.as_str()).collect();
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.map_or_else(|_| "\u{fffd}".to_string(), |c| c.into_owned()))
        .collect();
    if let Some(stray) = names
        .iter()
        .find(|n| n.as_str() != MANIFEST && !listed.contains(n.as_str()))
    {
        let stray = stray.chars().take(80).collect::<String>();
        return Err(not_ours(
            file,
            said!("có mục lạ “{stray}”", "it holds a stray entry “{stray}”"),
        ));
    }
    Ok(manifest)
}

/// Who asks to restore into `data_dir`, as its current newsroom knows them ([`crate::workflow::actor`],
/// PIN checked): to be asked before the database is closed for [`restore`]. A data folder with no
/// database yet is solo: anyone may restore into it.
pub fn restorer(data_dir: &Path, name: &str, pin: Option<&str>) -> Result<Actor> {
    if !data_dir.join(DB_FILE).is_file() {
        return Ok(Actor {
            name: crate::text::nfc(name.trim()),
            role: crate::rules::Role::Admin,
            solo: true,
        });
    }
    let conn = store::open(data_dir)?;
    rules::actor(&conn, name, pin)
}

/// Restores the backup `file` into `data_dir` for `by` (an admin in team mode; see [`restorer`]),
/// keeping the current data in `before-restore-<time>/`. Returns the manifest and the folder the
/// previous data was moved to (if there was any).
pub fn restore(data_dir: &Path, file: &Path, by: &Actor) -> Result<(Manifest, Option<PathBuf>)> {
    rules::allow(by, Change::Restore, None)?;
    let manifest = read_manifest(file)?;
    std::fs::create_dir_all(data_dir).map_err(|source| Error::DataDir {
        path: data_dir.to_path_buf(),
        source,
    })?;
    let _lock = lock_exclusive(data_dir)?;

    // 1. Unpack into a staging folder inside the data folder, checking every byte.
    let staging = tempfile::Builder::new()
        .prefix(".toasoan-restore-")
        .tempdir_in(data_dir)
        .map_err(|e| Error::io(data_dir, e))?;
    let f = File::open(file).map_err(|e| Error::io(file, e))?;
    let mut zip = zip::ZipArchive::new(f)
        .map_err(|_| not_ours(file, said!("không phải tệp zip", "not a zip file")))?;
    // Every path is checked before anything is written.
    let mut targets = Vec::with_capacity(manifest.entries.len());
    for e in &manifest.entries {
        let rel = safe_relative(&e.path)
            .ok_or_else(|| not_ours(file, said!("đường dẫn không an toàn", "an unsafe path")))?;
        if !(e.path == DB_FILE || e.path.starts_with("media/")) || e.size > MAX_ENTRY_BYTES {
            return Err(not_ours(file, said!("có mục lạ", "it holds a stray entry")));
        }
        targets.push(rel);
    }
    for (e, rel) in manifest.entries.iter().zip(targets) {
        let mut entry = zip.by_name(&e.path).map_err(|_| {
            not_ours(file, {
                let p = &e.path;
                said!("thiếu {p}", "{p} is missing")
            })
        })?;
        if !entry.is_file() {
            return Err(not_ours(file, said!("có mục lạ", "it holds a stray entry")));
        }
        let target = staging.path().join(&rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|err| Error::io(parent, err))?;
        }
        let mut out = File::create(&target).map_err(|err| Error::io(&target, err))?;
        let mut hasher = Sha256::new();
        let mut limited = (&mut entry).take(e.size + 1);
        let mut buf = vec![0u8; 64 * 1024];
        let mut size = 0u64;
        loop {
            let n = limited.read(&mut buf).map_err(|_| {
                not_ours(file, {
                    let p = &e.path;
                    said!("{p} hỏng", "{p} is damaged")
                })
            })?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])
                .map_err(|err| Error::io(&target, err))?;
            size += n as u64;
        }
        if size != e.size || hex(&hasher.finalize()) != e.sha256 {
            let p = &e.path;
            return Err(not_ours(
                file,
                said!(
                    "{p} không khớp mã kiểm tra",
                    "{p} does not match its checksum"
                ),
            ));
        }
        out.sync_all().map_err(|err| Error::io(&target, err))?;
    }

    // 2. The database must be sound and open with this version (migrating it if older).
    {
        let conn = store::open_file(&staging.path().join(DB_FILE))?;
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(not_ours(
                file,
                said!("cơ sở dữ liệu bị hỏng", "the database is damaged"),
            ));
        }
        conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;
    }

    // 3. Move the current data aside (nothing is deleted), then the restored data in.
    let mut moved_to = None;
    let current: Vec<&str> = [DB_FILE, "newsroom.db-wal", "newsroom.db-shm", MEDIA_DIR]
        .into_iter()
        .filter(|n| data_dir.join(n).exists())
        .collect();
    if !current.is_empty() {
        let aside = data_dir.join(format!(
            "before-restore-{}",
            Utc::now().format("%Y%m%d-%H%M%S%.3f")
        ));
        std::fs::create_dir_all(&aside).map_err(|e| Error::io(&aside, e))?;
        for name in current {
            let from = data_dir.join(name);
            std::fs::rename(&from, aside.join(name)).map_err(|e| Error::io(&from, e))?;
        }
        moved_to = Some(aside);
    }
    for name in [DB_FILE, MEDIA_DIR] {
        let from = staging.path().join(name);
        if from.exists() {
            let to = data_dir.join(name);
            std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
        }
    }
    Ok((manifest, moved_to))
}

/// Holds the data folder for the app: while it is held, restore refuses to run.
pub fn lock_shared(data_dir: &Path) -> Result<File> {
    let path = data_dir.join(APP_LOCK);
    let f = File::create(&path).map_err(|e| Error::io(&path, e))?;
    f.lock_shared().map_err(|e| Error::io(&path, e))?;
    Ok(f)
}

fn lock_exclusive(data_dir: &Path) -> Result<File> {
    let path = data_dir.join(APP_LOCK);
    let f = File::create(&path).map_err(|e| Error::io(&path, e))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::InvalidInput {
            field: "data_dir",
            reason: said!(
                "ứng dụng Tòa soạn đang mở thư mục dữ liệu này; hãy đóng ứng dụng rồi khôi phục",
                "the Tòa soạn app has this data folder open; close the app, then restore"
            ),
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}
