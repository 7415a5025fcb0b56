//! Photos: checked, stored once, made into portal renditions.
//!
//! **Import** reads a file (at most [`MAX_FILE_BYTES`]), recognises it by its bytes (JPEG, PNG,
//! WebP; HEIC and AVIF get their own message), reads its header and refuses more than
//! [`MAX_PIXELS`] before decoding anything, then decodes and makes every rendition in memory. Only
//! when all of that succeeded are files written — the original under `media/originals/`, named by
//! its SHA-256 (so a photo imported twice is stored once), renditions under `media/renditions/`,
//! each through a temporary file and a rename — and then the rows, in one transaction. A bad photo
//! leaves nothing behind.
//!
//! **Work split:** [`check_file`] and [`render`] (the pipeline of the `newsroom-media` crate,
//! re-exported here) touch neither the database nor the data folder and run on worker threads;
//! [`store`] writes, on the caller's thread. [`import_files`] runs a pool of
//! workers over many files and reports progress.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use newsroom_media::*;

use crate::rules::{self, Actor, Change};
use crate::text::nfc;
use crate::{Error, Result, said};
use newsroom_base::{hex, parse_timestamp, timestamp};

/// The most files one import takes (a memory card's worth).
pub const MAX_BATCH: usize = 2_000;
/// Where originals go, under the data folder.
pub const ORIGINALS_DIR: &str = "media/originals";
/// Where renditions go, under the data folder.
pub const RENDITIONS_DIR: &str = "media/renditions";

/// One rendition of a photo, as a file in the data folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Rendition {
    /// The spec it was made for: `w1600-q82` (JPEG) or `w800-png` (PNG with transparency).
    pub spec: String,
    /// Path relative to the data folder, `/`-separated.
    pub path: String,
    /// Width in pixels (as seen: orientation applied).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Size of the file in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// `image/jpeg` or `image/png`.
    pub mime: String,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
}

/// A photo in the library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Photo {
    /// SHA-256 of the original file, lowercase hex: the photo's id.
    pub hash: String,
    /// The original's format.
    pub format: Format,
    /// Width as seen (EXIF orientation applied).
    pub width: u32,
    /// Height as seen.
    pub height: u32,
    /// Size of the original in bytes.
    #[ts(type = "number")]
    pub bytes: u64,
    /// The file name it was imported from.
    pub original_name: String,
    /// A description that stays with the photo in the library (not a caption).
    pub description: String,
    /// Who took it ("Hoàng Tùng"), shown as "Ảnh: Hoàng Tùng".
    pub credit: String,
    /// Copyright notice.
    pub copyright: String,
    /// When it was imported.
    pub imported_at: DateTime<Utc>,
    /// Who imported it.
    pub imported_by: String,
    /// Its renditions, largest first.
    pub renditions: Vec<Rendition>,
}

/// Where the original file of `photo` is, under the data folder.
pub fn original_path(data_dir: &Path, photo: &Photo) -> std::path::PathBuf {
    data_dir.join(format!(
        "{ORIGINALS_DIR}/{}/{}.{}",
        shard(&photo.hash),
        photo.hash,
        photo.format.ext()
    ))
}

fn shard(hash: &str) -> &str {
    hash.get(..2).unwrap_or("00")
}

/// Stores a checked photo and its renditions: files first (each written whole), then the rows in
/// one transaction. The photo's library fields are kept if it was imported before.
pub fn store(
    conn: &Connection,
    data_dir: &Path,
    c: &Candidate,
    made: &[Encoded],
    author: &str,
) -> Result<Photo> {
    let original_rel = format!(
        "{ORIGINALS_DIR}/{}/{}.{}",
        shard(&c.hash),
        c.hash,
        c.format.ext()
    );
    let original = data_dir.join(&original_rel);
    if !original.is_file() {
        newsroom_base::write_atomic(&original, &c.bytes)?;
    }
    let mut rows = Vec::with_capacity(made.len());
    for e in made {
        let rel = format!(
            "{RENDITIONS_DIR}/{}/{}-{}.{}",
            shard(&c.hash),
            c.hash,
            e.spec,
            e.ext
        );
        newsroom_base::write_atomic(&data_dir.join(&rel), &e.bytes)?;
        rows.push(Rendition {
            spec: e.spec.clone(),
            path: rel,
            width: e.width,
            height: e.height,
            bytes: e.bytes.len() as u64,
            mime: e.mime.to_string(),
            sha256: hex(&Sha256::digest(&e.bytes)),
        });
    }
    let tx = rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT OR IGNORE INTO photos (hash, format, width, height, bytes, original_name,
             description, credit, copyright, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            c.hash,
            c.format.as_str(),
            c.width,
            c.height,
            c.bytes.len() as i64,
            nfc(&c.name),
            c.meta.description,
            c.meta.credit,
            c.meta.copyright,
            timestamp(Utc::now()),
            nfc(author),
        ],
    )?;
    for r in &rows {
        tx.execute(
            "INSERT OR REPLACE INTO renditions (hash, spec, path, width, height, bytes, mime, sha256)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                c.hash,
                r.spec,
                r.path,
                r.width,
                r.height,
                r.bytes as i64,
                r.mime,
                r.sha256
            ],
        )?;
    }
    tx.commit()?;
    get(conn, &c.hash)
}

/// Whether photo `hash` already has every rendition `spec` asks for, with its file present.
fn complete(conn: &Connection, data_dir: &Path, c: &Candidate, spec: &Spec) -> Result<bool> {
    let Some(photo) = find(conn, &c.hash)? else {
        return Ok(false);
    };
    let wanted = render::targets(c.width, c.height, &spec.widths);
    Ok(wanted.iter().all(|(w, _)| {
        photo
            .renditions
            .iter()
            .any(|r| r.width == *w && made_by(spec, r) && data_dir.join(&r.path).is_file())
    }))
}

/// Whether rendition `r` is of `spec`'s kind at its own width (`w1600-q82` for quality 82, or
/// `w1600-png`), whichever widths the spec has.
fn made_by(spec: &Spec, r: &Rendition) -> bool {
    let w = r.width;
    r.spec == format!("w{w}-q{}", spec.quality) || r.spec == format!("w{w}-png")
}

/// Photo `hash`'s renditions as this library holds them, to send with its original (newsroom
/// server, bundles), so the other side holds, and an approval names, these very files: `spec`'s
/// (the active profile's) first, largest first, at most [`MAX_SENT_RENDITIONS`] (a library that
/// used several profiles may hold more).
pub fn renditions_to_send(
    conn: &Connection,
    data_dir: &Path,
    hash: &str,
    spec: &Spec,
) -> Result<Vec<Given>> {
    let mut p = get(conn, hash)?;
    let mut renditions = std::mem::take(&mut p.renditions);
    let widths: Vec<u32> = render::targets(p.width, p.height, &spec.widths)
        .into_iter()
        .map(|(w, _)| w)
        .collect();
    // A stable sort: the library's order (largest first) stays within each group.
    renditions.sort_by_key(|r| !(widths.contains(&r.width) && made_by(spec, r)));
    renditions
        .into_iter()
        .take(MAX_SENT_RENDITIONS)
        .map(|r| {
            let path = data_dir.join(&r.path);
            Ok(Given {
                spec: r.spec,
                width: r.width,
                height: r.height,
                bytes: std::fs::read(&path).map_err(|e| Error::io(&path, e))?,
            })
        })
        .collect()
}

/// The renditions of checked photo `c` to store: the `given` ones (another laptop's, checked by
/// [`accept`]) when there are some and they hold, else made here for `spec` (the refusal logged).
pub fn given_or_rendered(c: &Candidate, given: Vec<Given>, spec: &Spec) -> Result<Vec<Encoded>> {
    if !given.is_empty() {
        match accept(c, given) {
            Ok(made) => return Ok(made),
            Err(e) => log::warn!("photo {}: {}", c.hash, e.message(crate::Lang::En)),
        }
    }
    render(c, spec)
}

/// Whether rendition `r` of `photo` is one `spec` makes: at one of its widths (as the photo's
/// size allows) and its quality.
pub fn wanted_by(spec: &Spec, photo: &Photo, r: &Rendition) -> bool {
    render::targets(photo.width, photo.height, &spec.widths)
        .iter()
        .any(|(w, _)| *w == r.width)
        && made_by(spec, r)
}

/// Imports one photo file: checked, rendered, stored. A photo already in the library with all its
/// renditions is not rendered again.
pub fn import_file(
    conn: &Connection,
    data_dir: &Path,
    path: &Path,
    spec: &Spec,
    author: &str,
) -> Result<Photo> {
    let c = check_file(path)?;
    if complete(conn, data_dir, &c, spec)? {
        return get(conn, &c.hash);
    }
    let made = render(&c, spec)?;
    store(conn, data_dir, &c, &made, author)
}

/// Where an import of many files stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Progress {
    /// Files finished (stored or refused).
    pub done: u32,
    /// Files in this import.
    pub total: u32,
    /// The file just finished.
    pub name: String,
    /// The photo it became, if it was stored.
    #[ts(optional = nullable)]
    pub hash: Option<String>,
    /// Why it was refused, in Vietnamese.
    #[ts(optional = nullable)]
    pub error: Option<String>,
}

/// How many worker threads an import uses: every core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Imports many files with `threads` workers checking and rendering them, while this thread stores
/// each as soon as it is ready and calls `progress`. Results are in the order of `paths`; one bad
/// file does not stop the others.
pub fn import_files(
    conn: &Connection,
    data_dir: &Path,
    paths: &[PathBuf],
    spec: &Spec,
    author: &str,
    threads: usize,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Vec<Result<Photo>> {
    let sources: Vec<Source> = paths.iter().cloned().map(Source::File).collect();
    import_sources(conn, data_dir, &sources, spec, author, threads, progress)
}

/// Loads a photo's bytes when a worker takes it (a picture inside a Word file, unpacked there).
pub type Loader<'a> = Box<dyn Fn() -> Result<Vec<u8>> + Send + Sync + 'a>;

/// Where a photo to import comes from: a file, or bytes a worker loads (a picture inside a Word
/// file: unpacking it is part of the work done on several cores at once).
pub enum Source<'a> {
    /// A file on disk.
    File(PathBuf),
    /// Bytes to load, with the name to show.
    Load {
        /// The name shown and stored as the original name.
        name: String,
        /// Gives the file's bytes.
        load: Loader<'a>,
    },
}

impl Source<'_> {
    fn name(&self) -> String {
        match self {
            Source::File(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Source::Load { name, .. } => name.clone(),
        }
    }

    fn check(&self) -> Result<Candidate> {
        match self {
            Source::File(p) => check_file(p),
            Source::Load { name, load } => check_bytes(name, load()?),
        }
    }
}

/// [`import_files`] over files or loaded bytes.
pub fn import_sources(
    conn: &Connection,
    data_dir: &Path,
    paths: &[Source<'_>],
    spec: &Spec,
    author: &str,
    threads: usize,
    progress: &(dyn Fn(&Progress) + Sync),
) -> Vec<Result<Photo>> {
    let total = u32::try_from(paths.len()).unwrap_or(u32::MAX);
    let mut results: Vec<Option<Result<Photo>>> = (0..paths.len()).map(|_| None).collect();
    let next = AtomicUsize::new(0);
    // Photos the library already has renditions of: the workers do not render them again.
    // (If the database cannot say, everything is rendered; storing will report the database.)
    let known: HashSet<String> = conn
        .prepare("SELECT DISTINCT hash FROM renditions")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default();
    // A worker hands over one photo at a time: at most `threads` photos are in memory at once.
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Result<Prepared>)>(0);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, paths.len().max(1)) {
            let tx = tx.clone();
            let next = &next;
            let known = &known;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    let prepared = prepare(path, spec, known);
                    if tx.send((i, prepared)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (done, (i, prepared)) in (1u32..).zip(rx) {
            let name = paths[i].name();
            let result = prepared.and_then(|p| match p {
                Prepared::New(c, made) => store(conn, data_dir, &c, &made, author),
                Prepared::Known(c) => {
                    if complete(conn, data_dir, &c, spec)? {
                        get(conn, &c.hash)
                    } else {
                        let made = render(&c, spec)?;
                        store(conn, data_dir, &c, &made, author)
                    }
                }
            });
            progress(&Progress {
                done,
                total,
                name,
                hash: result.as_ref().ok().map(|p| p.hash.clone()),
                error: result.as_ref().err().map(ToString::to_string),
            });
            results[i] = Some(result);
        }
    });
    results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err(bad(
                    "?",
                    said!("không xử lý được", "could not be processed"),
                ))
            })
        })
        .collect()
}

/// A photo ready to be stored (rendered), or already known by its hash (checked only).
enum Prepared {
    New(Candidate, Vec<Encoded>),
    Known(Candidate),
}

fn prepare(source: &Source, spec: &Spec, known: &HashSet<String>) -> Result<Prepared> {
    let c = source.check()?;
    // Rendering is the costly part: a photo the library holds is left to the storing thread,
    // which renders it only if a rendition is missing.
    if known.contains(&c.hash) {
        return Ok(Prepared::Known(c));
    }
    let made = render(&c, spec)?;
    Ok(Prepared::New(c, made))
}

const PHOTO_COLUMNS: &str = "hash, format, width, height, bytes, original_name, description,
     credit, copyright, imported_at, imported_by";

fn photo_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Photo> {
    Ok(Photo {
        hash: r.get(0)?,
        format: Format::parse(&r.get::<_, String>(1)?),
        width: r.get(2)?,
        height: r.get(3)?,
        bytes: u64::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
        original_name: r.get(5)?,
        description: r.get(6)?,
        credit: r.get(7)?,
        copyright: r.get(8)?,
        imported_at: parse_timestamp(&r.get::<_, String>(9)?)?,
        imported_by: r.get(10)?,
        renditions: Vec::new(),
    })
}

fn renditions(conn: &Connection, hash: &str) -> Result<Vec<Rendition>> {
    let mut stmt = conn.prepare_cached(
        "SELECT spec, path, width, height, bytes, mime, sha256 FROM renditions
         WHERE hash = ?1 ORDER BY width DESC, spec",
    )?;
    let rows = stmt.query_map([hash], |r| {
        Ok(Rendition {
            spec: r.get(0)?,
            path: r.get(1)?,
            width: r.get(2)?,
            height: r.get(3)?,
            bytes: u64::try_from(r.get::<_, i64>(4)?).unwrap_or(0),
            mime: r.get(5)?,
            sha256: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn find(conn: &Connection, hash: &str) -> Result<Option<Photo>> {
    let photo = conn
        .prepare_cached(&format!(
            "SELECT {PHOTO_COLUMNS} FROM photos WHERE hash = ?1"
        ))?
        .query_row([hash], photo_row)
        .optional()?;
    match photo {
        Some(mut p) => {
            p.renditions = renditions(conn, hash)?;
            Ok(Some(p))
        }
        None => Ok(None),
    }
}

/// The photo `hash`, with its renditions.
pub fn get(conn: &Connection, hash: &str) -> Result<Photo> {
    find(conn, hash)?.ok_or_else(|| Error::NotFound {
        what: said!("ảnh", "photo"),
        id: hash.to_string(),
    })
}

/// Photo `hash`'s smallest rendition as a `data:` URL (thumbnails in the app).
pub fn thumbnail_data_url(conn: &Connection, data_dir: &Path, hash: &str) -> Result<String> {
    use base64::Engine as _;
    let photo = get(conn, hash)?;
    let r = photo
        .renditions
        .iter()
        .min_by_key(|r| r.width)
        .ok_or_else(|| Error::NotFound {
            what: said!("bản thu nhỏ của ảnh", "thumbnail of the photo"),
            id: hash.to_string(),
        })?;
    let path = data_dir.join(&r.path);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    Ok(format!(
        "data:{};base64,{}",
        r.mime,
        base64::engine::general_purpose::STANDARD.encode(bytes)
    ))
}

/// The library, most recently imported first.
pub fn list(conn: &Connection, limit: u32) -> Result<Vec<Photo>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PHOTO_COLUMNS} FROM photos ORDER BY imported_at DESC, hash LIMIT ?1"
    ))?;
    let mut photos = stmt
        .query_map([limit], photo_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for p in &mut photos {
        p.renditions = renditions(conn, &p.hash)?;
    }
    Ok(photos)
}

/// Photos of the library whose name, description, credit or copyright contain `typed` (marks
/// optional; empty: all), most recently imported first.
pub fn search(conn: &Connection, typed: &str, limit: usize) -> Result<Vec<Photo>> {
    let want = crate::text::fold(typed.trim());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PHOTO_COLUMNS} FROM photos ORDER BY imported_at DESC, hash"
    ))?;
    let mut out = Vec::new();
    for p in stmt.query_map([], photo_row)? {
        let mut p = p?;
        let text = format!(
            "{} {} {} {}",
            p.original_name, p.description, p.credit, p.copyright
        );
        if want.is_empty() || crate::text::fold(&text).contains(&want) {
            p.renditions = renditions(conn, &p.hash)?;
            out.push(p);
            if out.len() >= limit {
                break;
            }
        }
    }
    Ok(out)
}

/// Changes what the library says about photo `hash` (fields left `None` stay as they are).
pub fn describe(
    conn: &Connection,
    hash: &str,
    description: Option<&str>,
    credit: Option<&str>,
    copyright: Option<&str>,
    by: &Actor,
) -> Result<Photo> {
    rules::allow(by, Change::LibraryPhoto, None)?;
    set_meta(conn, hash, description, credit, copyright)
}

/// [`describe`] with no gate: for a photo being added (a bundle's photos come with their fields).
pub(crate) fn set_meta(
    conn: &Connection,
    hash: &str,
    description: Option<&str>,
    credit: Option<&str>,
    copyright: Option<&str>,
) -> Result<Photo> {
    get(conn, hash)?;
    conn.execute(
        "UPDATE photos SET description = coalesce(?2, description), credit = coalesce(?3, credit),
             copyright = coalesce(?4, copyright)
         WHERE hash = ?1",
        params![
            hash,
            description.map(|s| nfc(s.trim())),
            credit.map(|s| nfc(s.trim())),
            copyright.map(|s| nfc(s.trim()))
        ],
    )?;
    get(conn, hash)
}
