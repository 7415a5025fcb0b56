//! Bundles: one file that carries an article between laptops with no network (USB, e-mail, chat) —
//! the article, all its revisions with their parents, comments, the audit log, approvals, figures and
//! the original photos. Format in `docs/bundle-format.md`.
//!
//! **Import adds what is new and never overwrites.** Revisions, comments, audit lines and approvals
//! are known by ids that are the same on every machine (`uid`). If the bundle's head descends from
//! ours, the article moves forward to it; if ours descends from the bundle's, nothing changes; if both
//! changed since the last exchange, the other side's revisions are added beside ours and the article
//! is marked diverged until someone merges ([`divergence`], [`settle`]).
//!
//! **Hostile input.** Before anything is written the whole bundle is read and checked: only the
//! entry names of the format (no path can escape: no `..`, no absolute path, no link), no duplicate
//! names, at most [`MAX_ENTRIES`] entries, each entry's real size bounded while it is read (a zip bomb
//! stops at the bound), the format and version ours, every photo's bytes matching its name and
//! passing the photo checks, every reference consistent. Any failure: a clear error, nothing written.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::Path;

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::articles;
use crate::media;
use crate::{Error, Result, Said, said};
use newsroom_base::timestamp;

/// What `bundle.json` says it is.
pub const FORMAT: &str = "toasoan-bundle";
/// The version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// Most entries a bundle may have.
pub const MAX_ENTRIES: usize = 2_000;
/// Largest JSON entry, uncompressed.
const MAX_JSON_BYTES: u64 = 64 * 1024 * 1024;
/// Largest bundle file.
pub const MAX_BUNDLE_BYTES: u64 = 1024 * 1024 * 1024;
/// Largest total of all entries, uncompressed.
const MAX_TOTAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;

const JSON_ENTRIES: [&str; 8] = [
    "bundle.json",
    "article.json",
    "revisions.json",
    "comments.json",
    "audit.json",
    "approvals.json",
    "figures.json",
    "photos.json",
];

fn bad(reason: Said) -> Error {
    Error::InvalidInput {
        field: "bundle",
        reason,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    format: String,
    format_version: u32,
    app_version: String,
    created_at: String,
    created_by: String,
    article_id: String,
    head_uid: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ArticleRow {
    id: String,
    title: String,
    lead: String,
    body: String,
    authors: String,
    category: String,
    tags: String,
    source: String,
    slug: String,
    slug_manual: bool,
    scheduled_at: Option<String>,
    status: String,
    spiked_from: Option<String>,
    created_at: String,
    updated_at: String,
    created_by: String,
    claimed_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RevisionRow {
    uid: String,
    parent_uid: Option<String>,
    number: i64,
    kind: String,
    author: String,
    created_at: String,
    saved_at: String,
    title: String,
    lead: String,
    body: String,
    authors: String,
    category: String,
    tags: String,
    source: String,
    slug: String,
    scheduled_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CommentRow {
    uid: String,
    reply_to_uid: Option<String>,
    author: String,
    created_at: String,
    revision_uid: Option<String>,
    kind: String,
    field: String,
    quote: String,
    before: String,
    after: String,
    body: String,
    resolved_at: Option<String>,
    resolved_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct AuditRow {
    uid: String,
    at: String,
    actor: String,
    role: String,
    action: String,
    from_status: String,
    to_status: String,
    revision_uid: Option<String>,
    note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ApprovalRow {
    uid: String,
    revision_uid: Option<String>,
    approver: String,
    approved_at: String,
    content_sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct FigureRow {
    n: u32,
    photo: String,
    credit: String,
    lead: bool,
    added_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct PhotoRow {
    hash: String,
    original_name: String,
    description: String,
    credit: String,
    copyright: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Outcome {
    /// The article was not here: added.
    New,
    /// The bundle carried newer revisions made from ours: the article moved forward.
    FastForward,
    /// Nothing newer in the bundle (comments and log lines may still have been added).
    UpToDate,
    /// Both sides changed it since the last exchange: theirs is kept beside ours, to merge.
    Diverged,
}

/// What [`import`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BundleImported {
    /// The article.
    pub article_id: String,
    /// Its title (ours).
    pub title: String,
    /// What happened.
    pub outcome: Outcome,
    /// Revisions added.
    pub revisions: u32,
    /// Comments added.
    pub comments: u32,
    /// Photos added to the library.
    pub photos: u32,
}

/// Both versions after a diverged import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Divergence {
    /// The last revision both sides had.
    #[ts(type = "number")]
    pub base: i64,
    /// Our head.
    #[ts(type = "number")]
    pub mine: i64,
    /// The other side's head, imported.
    #[ts(type = "number")]
    pub theirs: i64,
}

fn json<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Writes article `id` as a bundle to `out` (whole or not at all).
pub fn export(conn: &Connection, data_dir: &Path, id: &str, out: &Path, by: &str) -> Result<()> {
    let article = articles::get(conn, id)?;
    let row: ArticleRow = conn.query_row(
        "SELECT id, title, lead, body, authors, category, tags, source, slug, slug_manual, scheduled_at,
                status, spiked_from, created_at, updated_at, created_by, claimed_by
         FROM articles WHERE id = ?1",
        [id],
        |r| {
            Ok(ArticleRow {
                id: r.get(0)?,
                title: r.get(1)?,
                lead: r.get(2)?,
                body: r.get(3)?,
                authors: r.get(4)?,
                category: r.get(5)?,
                tags: r.get(6)?,
                source: r.get(7)?,
                slug: r.get(8)?,
                slug_manual: r.get(9)?,
                scheduled_at: r.get(10)?,
                status: r.get(11)?,
                spiked_from: r.get(12)?,
                created_at: r.get(13)?,
                updated_at: r.get(14)?,
                created_by: r.get(15)?,
                claimed_by: r.get(16)?,
            })
        },
    )?;
    let revisions: Vec<RevisionRow> = conn
        .prepare(
            "SELECT uid, parent_uid, number, kind, author, created_at, saved_at, title, lead, body, authors,
                    category, tags, source, slug, scheduled_at
             FROM revisions WHERE article_id = ?1 ORDER BY number",
        )?
        .query_map([id], |r| {
            Ok(RevisionRow {
                uid: r.get(0)?,
                parent_uid: r.get(1)?,
                number: r.get(2)?,
                kind: r.get(3)?,
                author: r.get(4)?,
                created_at: r.get(5)?,
                saved_at: r.get(6)?,
                title: r.get(7)?,
                lead: r.get(8)?,
                body: r.get(9)?,
                authors: r.get(10)?,
                category: r.get(11)?,
                tags: r.get(12)?,
                source: r.get(13)?,
                slug: r.get(14)?,
                scheduled_at: r.get(15)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let uid_of = |number: i64| -> Option<String> {
        revisions
            .iter()
            .find(|r| r.number == number)
            .map(|r| r.uid.clone())
    };
    let head_uid = uid_of(article.revision).ok_or_else(|| {
        bad(said!(
            "bài không có bản hiện hành",
            "the article has no current revision"
        ))
    })?;
    let comments: Vec<CommentRow> = conn
        .prepare(
            "SELECT c.uid, p.uid, c.author, c.created_at, c.revision, c.kind, c.field, c.quote, c.before,
                    c.after, c.body, c.resolved_at, c.resolved_by
             FROM comments c LEFT JOIN comments p ON p.id = c.reply_to
             WHERE c.article_id = ?1 ORDER BY c.id",
        )?
        .query_map([id], |r| {
            Ok(CommentRow {
                uid: r.get(0)?,
                reply_to_uid: r.get(1)?,
                author: r.get(2)?,
                created_at: r.get(3)?,
                revision_uid: uid_of(r.get(4)?),
                kind: r.get(5)?,
                field: r.get(6)?,
                quote: r.get(7)?,
                before: r.get(8)?,
                after: r.get(9)?,
                body: r.get(10)?,
                resolved_at: r.get(11)?,
                resolved_by: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let audit: Vec<AuditRow> = conn
        .prepare(
            "SELECT uid, at, actor, role, action, from_status, to_status, revision, note
             FROM audit WHERE article_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(AuditRow {
                uid: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                role: r.get(3)?,
                action: r.get(4)?,
                from_status: r.get(5)?,
                to_status: r.get(6)?,
                revision_uid: uid_of(r.get(7)?),
                note: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let approvals: Vec<ApprovalRow> = conn
        .prepare(
            "SELECT uid, revision, approver, approved_at, content_sha256 FROM approvals
             WHERE article_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(ApprovalRow {
                uid: r.get(0)?,
                revision_uid: uid_of(r.get(1)?),
                approver: r.get(2)?,
                approved_at: r.get(3)?,
                content_sha256: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let figures: Vec<FigureRow> = conn
        .prepare(
            "SELECT n, photo, credit, lead, added_at FROM figures WHERE article_id = ?1 ORDER BY n",
        )?
        .query_map([id], |r| {
            Ok(FigureRow {
                n: r.get(0)?,
                photo: r.get(1)?,
                credit: r.get(2)?,
                lead: r.get(3)?,
                added_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut photos = Vec::new();
    let mut originals = Vec::new();
    let mut seen = HashSet::new();
    for f in &figures {
        if !seen.insert(f.photo.clone()) {
            continue;
        }
        let p = media::get(conn, &f.photo)?;
        let path = media::original_path(data_dir, &p);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        photos.push(PhotoRow {
            hash: p.hash.clone(),
            original_name: p.original_name.clone(),
            description: p.description.clone(),
            credit: p.credit.clone(),
            copyright: p.copyright.clone(),
        });
        originals.push((p.hash.clone(), bytes));
    }
    let header = Header {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").into(),
        created_at: timestamp(Utc::now()),
        created_by: crate::text::nfc(by.trim()),
        article_id: id.to_string(),
        head_uid,
    };
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".toasoan-bundle-")
        .tempfile_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    let zip_err = |e: zip::result::ZipError| Error::io(out, std::io::Error::other(e));
    let mut zip = zip::ZipWriter::new(tmp.as_file());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let entries: Vec<(String, Vec<u8>)> = vec![
        ("bundle.json".into(), json(&header)),
        ("article.json".into(), json(&row)),
        ("revisions.json".into(), json(&revisions)),
        ("comments.json".into(), json(&comments)),
        ("audit.json".into(), json(&audit)),
        ("approvals.json".into(), json(&approvals)),
        ("figures.json".into(), json(&figures)),
        ("photos.json".into(), json(&photos)),
    ];
    let photos_named = originals.iter().map(|(h, b)| (format!("photos/{h}"), b));
    for (name, bytes) in entries
        .iter()
        .map(|(n, b)| (n.clone(), b))
        .chain(photos_named)
    {
        zip.start_file(name.as_str(), options).map_err(zip_err)?;
        zip.write_all(bytes).map_err(|e| Error::io(out, e))?;
    }
    zip.finish().map_err(zip_err)?;
    tmp.as_file().sync_all().map_err(|e| Error::io(out, e))?;
    tmp.persist(out).map_err(|e| Error::io(out, e.error))?;
    Ok(())
}

/// A bundle read whole and checked, not written anywhere yet.
struct Contents {
    header: Header,
    article: ArticleRow,
    revisions: Vec<RevisionRow>,
    comments: Vec<CommentRow>,
    audit: Vec<AuditRow>,
    approvals: Vec<ApprovalRow>,
    figures: Vec<FigureRow>,
    photos: Vec<PhotoRow>,
    originals: HashMap<String, Vec<u8>>,
}

/// The number of entries the end-of-central-directory record of zip `file` declares (none for
/// ZIP64 archives, whose record holds 0xFFFF).
fn declared_entries(file: &Path) -> Result<Option<usize>> {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
    let len = f.metadata().map_err(|e| Error::io(file, e))?.len();
    let tail = len.min(22 + 65_535);
    f.seek(SeekFrom::Start(len - tail))
        .map_err(|e| Error::io(file, e))?;
    let mut buf = Vec::with_capacity(usize::try_from(tail).unwrap_or(0));
    f.read_to_end(&mut buf).map_err(|e| Error::io(file, e))?;
    let Some(at) = buf.windows(4).rposition(|w| w == [0x50, 0x4b, 0x05, 0x06]) else {
        return Ok(None);
    };
    let Some(count) = buf.get(at + 10..at + 12) else {
        return Ok(None);
    };
    let count = u16::from_le_bytes([count[0], count[1]]);
    Ok((count != 0xFFFF).then_some(usize::from(count)))
}

fn is_hash(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn read_bundle(file: &Path) -> Result<Contents> {
    let meta = std::fs::symlink_metadata(file).map_err(|e| Error::io(file, e))?;
    if meta.len() > MAX_BUNDLE_BYTES {
        let mb = MAX_BUNDLE_BYTES / 1024 / 1024;
        return Err(bad(said!(
            "tệp lớn quá {mb} MB",
            "the file is larger than {mb} MB"
        )));
    }
    // The central directory's own count: the zip reader keeps one entry per name, so two entries
    // with one name show as a shorter archive.
    let declared = declared_entries(file)?;
    let f = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
    let mut zip = zip::ZipArchive::new(f).map_err(|_| {
        bad(said!(
            "tệp không phải gói bài của Tòa soạn (không đọc được dạng zip)",
            "the file is not a Tòa soạn article bundle (it cannot be read as a zip)"
        ))
    })?;
    if declared.is_some_and(|n| n != zip.len()) {
        return Err(bad(said!(
            "gói có hai mục cùng tên",
            "the bundle has two entries with one name"
        )));
    }
    if zip.len() > MAX_ENTRIES {
        let n = zip.len();
        return Err(bad(said!(
            "gói có {n} mục, nhiều quá {MAX_ENTRIES}",
            "the bundle has {n} entries, more than {MAX_ENTRIES}"
        )));
    }
    let mut names = HashSet::new();
    let mut json_entries: HashMap<String, Vec<u8>> = HashMap::new();
    let mut originals = HashMap::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|_| {
            bad(said!(
                "một mục trong gói bị hỏng",
                "an entry of the bundle is damaged"
            ))
        })?;
        let name = entry
            .name()
            .map_err(|_| {
                bad(said!(
                    "tên một mục trong gói không đọc được",
                    "the name of an entry of the bundle cannot be read"
                ))
            })?
            .to_string();
        if !names.insert(name.clone()) {
            return Err(bad(said!(
                "gói có hai mục cùng tên “{name}”",
                "the bundle has two entries called “{name}”"
            )));
        }
        if entry.is_symlink() || entry.is_dir() {
            return Err(bad(said!(
                "gói có liên kết hoặc thư mục không được phép: “{name}”",
                "the bundle has a link or folder, which is not allowed: “{name}”"
            )));
        }
        let photo = name.strip_prefix("photos/").filter(|h| is_hash(h));
        if !JSON_ENTRIES.contains(&name.as_str()) && photo.is_none() {
            let name = name.chars().take(80).collect::<String>();
            return Err(bad(said!(
                "gói có mục lạ “{name}” (đường dẫn không thuộc định dạng gói bài)",
                "the bundle has a stray entry “{name}” (a path outside the bundle format)"
            )));
        }
        let limit = if photo.is_some() {
            media::MAX_FILE_BYTES
        } else {
            MAX_JSON_BYTES
        };
        let mut bytes = Vec::new();
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|_| {
                bad(said!(
                    "mục “{name}” bị hỏng",
                    "the entry “{name}” is damaged"
                ))
            })?;
        if bytes.len() as u64 > limit {
            return Err(bad(said!(
                "mục “{name}” lớn quá giới hạn",
                "the entry “{name}” is over the limit"
            )));
        }
        total += bytes.len() as u64;
        if total > MAX_TOTAL_BYTES {
            return Err(bad(said!(
                "gói giải nén ra lớn quá giới hạn",
                "the bundle unpacks to more than the limit"
            )));
        }
        match photo {
            Some(h) => {
                originals.insert(h.to_string(), bytes);
            }
            None => {
                json_entries.insert(name, bytes);
            }
        }
    }
    let take = |name: &str| -> Result<Vec<u8>> {
        json_entries
            .get(name)
            .cloned()
            .ok_or_else(|| bad(said!("gói thiếu {name}", "the bundle lacks {name}")))
    };
    let header_bytes = take("bundle.json")?;
    let raw: serde_json::Value = serde_json::from_slice(&header_bytes).map_err(|_| {
        bad(said!(
            "bundle.json không đọc được",
            "bundle.json cannot be read"
        ))
    })?;
    if raw["format"] != FORMAT {
        return Err(bad(said!(
            "tệp không phải gói bài của Tòa soạn",
            "the file is not a Tòa soạn article bundle"
        )));
    }
    if raw["format_version"]
        .as_u64()
        .is_none_or(|v| v > u64::from(FORMAT_VERSION))
    {
        let v = raw["app_version"].as_str().unwrap_or("?");
        return Err(bad(said!(
            "gói được tạo bởi phiên bản mới hơn của ứng dụng ({v}); hãy cập nhật ứng dụng",
            "the bundle was made by a newer version of the app ({v}); update the app"
        )));
    }
    fn parse<T: serde::de::DeserializeOwned>(name: &str, bytes: &[u8]) -> Result<T> {
        serde_json::from_slice(bytes).map_err(|e| {
            bad(said!(
                "{name} không đọc được: {e}",
                "{name} cannot be read: {e}"
            ))
        })
    }
    let r = Contents {
        header: parse("bundle.json", &header_bytes)?,
        article: parse("article.json", &take("article.json")?)?,
        revisions: parse("revisions.json", &take("revisions.json")?)?,
        comments: parse("comments.json", &take("comments.json")?)?,
        audit: parse("audit.json", &take("audit.json")?)?,
        approvals: parse("approvals.json", &take("approvals.json")?)?,
        figures: parse("figures.json", &take("figures.json")?)?,
        photos: parse("photos.json", &take("photos.json")?)?,
        originals,
    };
    check_consistent(&r)?;
    Ok(r)
}

fn check_consistent(r: &Contents) -> Result<()> {
    articles::check_id(&r.article.id).map_err(|_| {
        bad(said!(
            "mã bài trong gói không hợp lệ",
            "the article id in the bundle is not valid"
        ))
    })?;
    if r.header.article_id != r.article.id {
        return Err(bad(said!(
            "bundle.json và article.json nói về hai bài khác nhau",
            "bundle.json and article.json are about two different articles"
        )));
    }
    if crate::status::Status::parse(&r.article.status).is_none() {
        let s = &r.article.status;
        return Err(bad(said!("trạng thái lạ “{s}”", "unknown state “{s}”")));
    }
    let uids: HashSet<&str> = r.revisions.iter().map(|x| x.uid.as_str()).collect();
    if uids.len() != r.revisions.len() || r.revisions.is_empty() {
        return Err(bad(said!(
            "các bản lưu trong gói bị trùng mã hoặc không có bản nào",
            "the bundle's revisions repeat an id or there are none"
        )));
    }
    if !uids.contains(r.header.head_uid.as_str()) {
        return Err(bad(said!(
            "gói không có bản hiện hành của bài",
            "the bundle lacks the article's current revision"
        )));
    }
    for rev in &r.revisions {
        if rev.parent_uid.as_deref().is_some_and(|p| !uids.contains(p)) {
            return Err(bad(said!(
                "một bản lưu trỏ tới bản cha không có trong gói",
                "a revision points to a parent not in the bundle"
            )));
        }
    }
    let comment_uids: HashSet<&str> = r.comments.iter().map(|c| c.uid.as_str()).collect();
    if r.comments.iter().any(|c| {
        c.reply_to_uid
            .as_deref()
            .is_some_and(|p| !comment_uids.contains(p))
    }) {
        return Err(bad(said!(
            "một lời bình trả lời lời bình không có trong gói",
            "a comment replies to a comment not in the bundle"
        )));
    }
    let listed: HashSet<&str> = r.photos.iter().map(|p| p.hash.as_str()).collect();
    for f in &r.figures {
        if !listed.contains(f.photo.as_str()) {
            let n = f.n;
            return Err(bad(said!(
                "ảnh {n} của bài không có trong gói",
                "the article's photo {n} is not in the bundle"
            )));
        }
    }
    for p in &r.photos {
        if !r.originals.contains_key(&p.hash) {
            let h = &p.hash;
            return Err(bad(said!(
                "gói thiếu tệp ảnh {h}",
                "the bundle lacks the photo file {h}"
            )));
        }
    }
    for (hash, bytes) in &r.originals {
        let digest = newsroom_base::sha256_hex(bytes);
        if &digest != hash {
            return Err(bad(said!(
                "tệp ảnh {hash} không khớp mã của nó (đã bị sửa hoặc hỏng)",
                "the photo file {hash} does not match its hash (changed or damaged)"
            )));
        }
        if !listed.contains(hash.as_str()) {
            return Err(bad(said!(
                "gói có tệp ảnh thừa {hash}",
                "the bundle has a stray photo file {hash}"
            )));
        }
    }
    Ok(())
}

/// Reads bundle `file` and checks everything `import` checks before it writes (entries, sizes,
/// format, references, each photo's bytes and header), writing nothing. The number of revisions.
pub fn check_file(file: &Path) -> Result<usize> {
    let r = read_bundle(file)?;
    for p in &r.photos {
        media::check_bytes(&p.hash, r.originals[&p.hash].clone())?;
    }
    Ok(r.revisions.len())
}

/// Reads bundle `file` and adds what is new to the newsroom (see the module). Photos are checked and
/// their renditions made before anything is written.
pub fn import(
    conn: &Connection,
    data_dir: &Path,
    file: &Path,
    spec: &media::Spec,
    by: &str,
) -> Result<BundleImported> {
    let r = read_bundle(file)?;
    // Photos: every one checked and rendered first, stored only when all passed.
    let mut ready = Vec::new();
    for p in &r.photos {
        if media::get(conn, &p.hash).is_ok() {
            continue;
        }
        let name = if p.original_name.is_empty() {
            p.hash.clone()
        } else {
            p.original_name.clone()
        };
        let c = media::check_bytes(&name, r.originals[&p.hash].clone())?;
        let made = media::render(&c, spec)?;
        ready.push((p, c, made));
    }
    let photos_added = u32::try_from(ready.len()).unwrap_or(u32::MAX);
    for (p, c, made) in &ready {
        media::store(conn, data_dir, c, made, by)?;
        media::set_meta(
            conn,
            &p.hash,
            Some(&p.description),
            Some(&p.credit),
            Some(&p.copyright),
        )?;
    }
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let mut result = merge_into(&tx, &r)?;
    tx.commit()?;
    result.photos = photos_added;
    Ok(result)
}

fn merge_into(tx: &Transaction<'_>, r: &Contents) -> Result<BundleImported> {
    let id = r.article.id.as_str();
    let exists = tx
        .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some();
    // Local numbers of the revisions we have, by uid.
    let mut local: HashMap<String, i64> = tx
        .prepare("SELECT uid, number FROM revisions WHERE article_id = ?1")?
        .query_map([id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut next: i64 = local.values().copied().max().unwrap_or(0) + 1;
    let mut added = 0u32;
    if !exists {
        let a = &r.article;
        let head_number = r
            .revisions
            .iter()
            .find(|x| x.uid == r.header.head_uid)
            .map_or(1, |x| x.number);
        tx.execute(
            "INSERT INTO articles (id, title, lead, body, authors, category, tags, source, slug, slug_manual,
                                   scheduled_at, status, spiked_from, created_at, updated_at, revision,
                                   created_by, claimed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            params![
                a.id,
                a.title,
                a.lead,
                a.body,
                a.authors,
                a.category,
                a.tags,
                a.source,
                free_slug(tx, id, &a.slug)?,
                a.slug_manual,
                a.scheduled_at,
                a.status,
                a.spiked_from,
                a.created_at,
                a.updated_at,
                head_number,
                a.created_by,
                a.claimed_by
            ],
        )?;
        next = 1;
    }
    // Add the revisions we do not have, parents first (the bundle lists them by their numbers there).
    let mut theirs = r.revisions.clone();
    theirs.sort_by_key(|x| x.number);
    for rev in &theirs {
        if local.contains_key(&rev.uid) {
            continue;
        }
        let number = if exists { next } else { rev.number };
        next = next.max(number) + 1;
        let parent = rev.parent_uid.as_ref().and_then(|p| local.get(p).copied());
        tx.execute(
            "INSERT INTO revisions (article_id, number, parent, kind, author, created_at, saved_at, title, lead,
                                    body, authors, category, tags, source, slug, scheduled_at, uid, parent_uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            params![
                id,
                number,
                parent,
                rev.kind,
                rev.author,
                rev.created_at,
                rev.saved_at,
                rev.title,
                rev.lead,
                rev.body,
                rev.authors,
                rev.category,
                rev.tags,
                rev.source,
                rev.slug,
                rev.scheduled_at,
                rev.uid,
                rev.parent_uid
            ],
        )?;
        local.insert(rev.uid.clone(), number);
        added += 1;
    }
    let outcome = if !exists {
        Outcome::New
    } else {
        let head_number: i64 =
            tx.query_row("SELECT revision FROM articles WHERE id = ?1", [id], |x| {
                x.get(0)
            })?;
        let our_head: String = tx.query_row(
            "SELECT uid FROM revisions WHERE article_id = ?1 AND number = ?2",
            params![id, head_number],
            |x| x.get(0),
        )?;
        let parents: HashMap<&str, Option<&str>> = r
            .revisions
            .iter()
            .map(|x| (x.uid.as_str(), x.parent_uid.as_deref()))
            .collect();
        let their_ancestry = ancestry(&r.header.head_uid, &parents);
        if their_ancestry.first().map(String::as_str) == Some(our_head.as_str())
            || (added == 0
                && local.contains_key(&r.header.head_uid)
                && !their_ancestry.contains(&our_head))
        {
            Outcome::UpToDate
        } else if their_ancestry.contains(&our_head) {
            // Theirs is made from ours: move forward to it.
            let theirs_number = local[&r.header.head_uid];
            let a = &r.article;
            tx.execute(
                "UPDATE articles SET title = ?2, lead = ?3, body = ?4, authors = ?5, category = ?6, tags = ?7,
                        source = ?8, slug = ?9, slug_manual = ?10, scheduled_at = ?11, status = ?12,
                        spiked_from = ?13, updated_at = ?14, revision = ?15, claimed_by = ?16,
                        diverged_uid = NULL
                 WHERE id = ?1",
                params![
                    id,
                    a.title,
                    a.lead,
                    a.body,
                    a.authors,
                    a.category,
                    a.tags,
                    a.source,
                    free_slug(tx, id, &a.slug)?,
                    a.slug_manual,
                    a.scheduled_at,
                    a.status,
                    a.spiked_from,
                    a.updated_at,
                    theirs_number,
                    a.claimed_by
                ],
            )?;
            Outcome::FastForward
        } else if local_descends(tx, id, &our_head, &r.header.head_uid)? {
            Outcome::UpToDate
        } else {
            tx.execute(
                "UPDATE articles SET diverged_uid = ?2 WHERE id = ?1",
                params![id, r.header.head_uid],
            )?;
            Outcome::Diverged
        }
    };
    // Comments, audit lines and approvals we do not have.
    let mut comments = 0u32;
    let mut comment_ids: HashMap<String, i64> = tx
        .prepare("SELECT uid, id FROM comments WHERE article_id = ?1")?
        .query_map([id], |x| Ok((x.get::<_, String>(0)?, x.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let number_of = |uid: &Option<String>| {
        uid.as_ref()
            .and_then(|u| local.get(u).copied())
            .unwrap_or(1)
    };
    for c in &r.comments {
        if comment_ids.contains_key(&c.uid) {
            continue;
        }
        tx.execute(
            "INSERT INTO comments (article_id, reply_to, author, created_at, revision, kind, field, quote,
                                   before, after, body, resolved_at, resolved_by, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                id,
                c.reply_to_uid.as_ref().and_then(|p| comment_ids.get(p).copied()),
                c.author,
                c.created_at,
                number_of(&c.revision_uid),
                c.kind,
                c.field,
                c.quote,
                c.before,
                c.after,
                c.body,
                c.resolved_at,
                c.resolved_by,
                c.uid
            ],
        )?;
        comment_ids.insert(c.uid.clone(), tx.last_insert_rowid());
        comments += 1;
    }
    for a in &r.audit {
        tx.execute(
            "INSERT INTO audit (article_id, at, actor, role, action, from_status, to_status, revision, note, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (uid) DO NOTHING",
            params![id, a.at, a.actor, a.role, a.action, a.from_status, a.to_status, number_of(&a.revision_uid), a.note, a.uid],
        )?;
    }
    for a in &r.approvals {
        tx.execute(
            "INSERT INTO approvals (article_id, revision, approver, approved_at, content_sha256, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (uid) DO NOTHING",
            params![id, number_of(&a.revision_uid), a.approver, a.approved_at, a.content_sha256, a.uid],
        )?;
    }
    for f in &r.figures {
        tx.execute(
            "INSERT INTO figures (article_id, n, photo, credit, lead, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (article_id, n) DO NOTHING",
            params![id, f.n, f.photo, f.credit, f.lead, f.added_at],
        )?;
    }
    crate::articles::mark_stale(tx, id)?;
    let title: String = tx.query_row("SELECT title FROM articles WHERE id = ?1", [id], |x| {
        x.get(0)
    })?;
    Ok(BundleImported {
        article_id: id.to_string(),
        title,
        outcome,
        revisions: added,
        comments,
        photos: 0,
    })
}

/// `head` and its ancestors, nearest first, as the bundle records them.
fn ancestry(head: &str, parents: &HashMap<&str, Option<&str>>) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = Some(head);
    let mut seen = HashSet::new();
    while let Some(u) = at {
        if !seen.insert(u) {
            break;
        }
        out.push(u.to_string());
        at = parents.get(u).copied().flatten();
    }
    out
}

/// Whether our revision `ours` descends from `theirs` (by the local parent links).
fn local_descends(tx: &Transaction<'_>, id: &str, ours: &str, theirs: &str) -> Result<bool> {
    let parents: HashMap<String, Option<String>> = tx
        .prepare("SELECT uid, parent_uid FROM revisions WHERE article_id = ?1")?
        .query_map([id], |x| {
            Ok((x.get::<_, String>(0)?, x.get::<_, Option<String>>(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut at = Some(ours.to_string());
    let mut steps = 0;
    while let Some(u) = at {
        if u == theirs {
            return Ok(true);
        }
        steps += 1;
        if steps > parents.len() + 1 {
            break;
        }
        at = parents.get(&u).cloned().flatten();
    }
    Ok(false)
}

/// `slug` if no other article uses it, else made free with `-2`, `-3`…
fn free_slug(tx: &Transaction<'_>, id: &str, slug: &str) -> Result<String> {
    let base = if slug.is_empty() {
        "bai-viet".to_string()
    } else {
        crate::text::slug(slug)
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while tx
        .query_row(
            "SELECT 1 FROM articles WHERE slug = ?1 AND id <> ?2",
            params![candidate, id],
            |_| Ok(()),
        )
        .optional()?
        .is_some()
    {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

/// Both versions of article `id` after a diverged import, if it is diverged.
pub fn divergence(conn: &Connection, id: &str) -> Result<Option<Divergence>> {
    let (mine, theirs_uid): (i64, Option<String>) = conn
        .query_row(
            "SELECT revision, diverged_uid FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: said!("bài viết", "article"),
            id: id.to_string(),
        })?;
    let Some(theirs_uid) = theirs_uid else {
        return Ok(None);
    };
    let rows: Vec<(String, Option<String>, i64)> = conn
        .prepare("SELECT uid, parent_uid, number FROM revisions WHERE article_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let parent: HashMap<&str, Option<&str>> = rows
        .iter()
        .map(|(u, p, _)| (u.as_str(), p.as_deref()))
        .collect();
    let number: HashMap<&str, i64> = rows.iter().map(|(u, _, n)| (u.as_str(), *n)).collect();
    let mine_uid = rows
        .iter()
        .find(|(_, _, n)| *n == mine)
        .map(|(u, _, _)| u.as_str())
        .unwrap_or_default();
    let ours: HashSet<String> = ancestry(mine_uid, &parent).into_iter().collect();
    let base = ancestry(&theirs_uid, &parent)
        .into_iter()
        .find(|u| ours.contains(u))
        .and_then(|u| number.get(u.as_str()).copied())
        .unwrap_or(1);
    Ok(Some(Divergence {
        base,
        mine,
        theirs: number.get(theirs_uid.as_str()).copied().unwrap_or(mine),
    }))
}

/// Marks article `id` merged after a divergence (the merged text was saved as a new revision).
pub fn settle(conn: &Connection, id: &str) -> Result<()> {
    conn.execute(
        "UPDATE articles SET diverged_uid = NULL WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

/// Merges the other side's version into ours after a diverged import, as `by`: the three-way merge
/// of both heads against their last common revision, saved as a new revision. Where both sides
/// changed the same lines, both versions stay in the text between `<<<<<<<`/`>>>>>>>` markers; those
/// fields are returned, so the user sees both and fixes them.
pub fn merge(
    conn: &Connection,
    id: &str,
    by: &str,
) -> Result<(crate::articles::Article, Vec<String>)> {
    let d = divergence(conn, id)?.ok_or_else(|| {
        bad(said!(
            "bài không có hai phiên bản cần gộp",
            "the article has no two versions to merge"
        ))
    })?;
    let theirs = crate::revisions::revision(conn, id, d.theirs)?;
    let merged = crate::revisions::merge(conn, id, d.base, &theirs.content)?;
    let current = articles::get(conn, id)?;
    let saved = articles::save(
        conn,
        id,
        current.revision,
        &merged.input,
        by,
        articles::SaveKind::Save,
    )?;
    settle(conn, id)?;
    Ok((saved, merged.conflicts))
}
