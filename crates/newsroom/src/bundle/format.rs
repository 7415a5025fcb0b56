//! The bundle file: its entries and their JSON rows, reading one back with every check before
//! anything is written (`read_bundle`), and the limits.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::articles;
use crate::media;
use crate::{Error, Result, Said, said};

use super::{FORMAT, FORMAT_VERSION, MAX_BUNDLE_BYTES, MAX_ENTRIES};

/// Largest JSON entry, uncompressed.
pub(crate) const MAX_JSON_BYTES: u64 = 64 * 1024 * 1024;

/// Largest total of all entries, uncompressed.
pub(crate) const MAX_TOTAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;

pub(crate) const JSON_ENTRIES: [&str; 9] = [
    "bundle.json",
    "article.json",
    "revisions.json",
    "comments.json",
    "audit.json",
    "approvals.json",
    "figures.json",
    "photos.json",
    // Format 2: the renditions the sender's library holds, their files `renditions/<hash>-<spec>`.
    "renditions.json",
];

pub(crate) fn bad(reason: Said) -> Error {
    Error::InvalidInput {
        field: "bundle",
        reason,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Header {
    pub(crate) format: String,
    pub(crate) format_version: u32,
    pub(crate) app_version: String,
    pub(crate) created_at: String,
    pub(crate) created_by: String,
    pub(crate) article_id: String,
    pub(crate) head_uid: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ArticleRow {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) lead: String,
    pub(crate) body: String,
    pub(crate) authors: String,
    pub(crate) category: String,
    pub(crate) tags: String,
    pub(crate) source: String,
    pub(crate) slug: String,
    pub(crate) slug_manual: bool,
    pub(crate) scheduled_at: Option<String>,
    pub(crate) status: String,
    pub(crate) spiked_from: Option<String>,
    pub(crate) created_at: String,
    pub(crate) updated_at: String,
    pub(crate) created_by: String,
    pub(crate) claimed_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct RevisionRow {
    pub(crate) uid: String,
    pub(crate) parent_uid: Option<String>,
    pub(crate) number: i64,
    pub(crate) kind: String,
    pub(crate) author: String,
    pub(crate) created_at: String,
    pub(crate) saved_at: String,
    pub(crate) title: String,
    pub(crate) lead: String,
    pub(crate) body: String,
    pub(crate) authors: String,
    pub(crate) category: String,
    pub(crate) tags: String,
    pub(crate) source: String,
    pub(crate) slug: String,
    pub(crate) scheduled_at: Option<String>,
    /// A merge's other parent (the version merged in); absent in bundles of earlier versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) merged_uid: Option<String>,
}

/// A comment as it travels (bundles, the newsroom server): ids that are the same everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentRow {
    /// Its uid.
    pub uid: String,
    /// The comment it answers.
    pub reply_to_uid: Option<String>,
    /// Who wrote it.
    pub author: String,
    /// When.
    pub created_at: String,
    /// The revision it was written on.
    pub revision_uid: Option<String>,
    /// phrase | paragraph | article.
    pub kind: String,
    /// title | lead | body.
    pub field: String,
    /// The phrase or paragraph.
    pub quote: String,
    /// Text before it.
    pub before: String,
    /// Text after it.
    pub after: String,
    /// The comment.
    pub body: String,
    /// When it was resolved.
    pub resolved_at: Option<String>,
    /// Who resolved it.
    pub resolved_by: Option<String>,
}

/// An audit step as it travels (bundles, the newsroom server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// Uid.
    pub uid: String,
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// Their role then.
    pub role: String,
    /// What.
    pub action: String,
    /// From which state.
    pub from_status: String,
    /// To which.
    pub to_status: String,
    /// On which revision.
    pub revision_uid: Option<String>,
    /// Note.
    pub note: String,
}

/// An approval as it travels (bundles, the newsroom server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRow {
    /// Uid.
    pub uid: String,
    /// The revision approved.
    pub revision_uid: Option<String>,
    /// Who approved.
    pub approver: String,
    /// When.
    pub approved_at: String,
    /// The approved content's hash.
    pub content_sha256: String,
    /// The form of content the hash covers (1: before signing).
    #[serde(default = "scheme_1")]
    pub scheme: i64,
    /// The key that signed it (empty: unsigned; bundles made before signing).
    #[serde(default)]
    pub key_id: String,
    /// The approver's signature, base64.
    #[serde(default)]
    pub signature: String,
}

fn scheme_1() -> i64 {
    1
}

impl ApprovalRow {
    /// Its signed fields, for [`crate::signing::check`].
    pub fn signed<'a>(&'a self, article_id: &'a str) -> crate::signing::Signed<'a> {
        crate::signing::Signed {
            article_id,
            revision_uid: self.revision_uid.as_deref().unwrap_or_default(),
            approver: &self.approver,
            approved_at: &self.approved_at,
            scheme: self.scheme,
            content_sha256: &self.content_sha256,
            key_id: &self.key_id,
            signature: &self.signature,
        }
    }
}

/// A figure of an article as it travels (bundles, the newsroom server): which photo is figure `n`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FigureRow {
    /// Its number in the body.
    pub n: u32,
    /// The photo (SHA-256 of its original file).
    pub photo: String,
    /// The figure's own credit (empty: the photo's).
    pub credit: String,
    /// The article's lead photo.
    pub lead: bool,
    /// When it was added.
    pub added_at: String,
}

/// A photo of the library as it travels, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRow {
    /// SHA-256 of the original file.
    pub hash: String,
    /// Its file name as added.
    pub original_name: String,
    /// Description (alt text by default).
    pub description: String,
    /// Credit.
    pub credit: String,
    /// Copyright.
    pub copyright: String,
}

/// A rendition of a photo as it travels in a bundle (format 2): its file is
/// `renditions/<photo>-<spec>`. The receiving library takes these very files when they hold
/// against the original (`media::accept`), so the receiver shows, and an approval names, the
/// sender's files; else it makes its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenditionRow {
    /// The photo (SHA-256 of its original file).
    pub photo: String,
    /// The rendition spec (`w1600-q82`, `w800-png`).
    pub spec: String,
    /// Width in pixels, as the sender says.
    pub width: u32,
    /// Height in pixels, as the sender says.
    pub height: u32,
}

/// Whether `s` is a rendition spec: `w<width>-q<quality>` or `w<width>-png`.
pub(crate) fn is_spec(s: &str) -> bool {
    let Some((w, kind)) = s.strip_prefix('w').and_then(|r| r.split_once('-')) else {
        return false;
    };
    let number = |t: &str, max: usize| {
        !t.is_empty()
            && t.len() <= max
            && !t.starts_with('0')
            && t.bytes().all(|b| b.is_ascii_digit())
    };
    number(w, 5) && (kind == "png" || kind.strip_prefix('q').is_some_and(|q| number(q, 3)))
}

/// The entry name of rendition `spec` of `photo`.
pub(crate) fn rendition_entry(photo: &str, spec: &str) -> String {
    format!("renditions/{photo}-{spec}")
}

pub(crate) fn json<T: Serialize>(v: &T) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(v).unwrap_or_default();
    out.push(b'\n');
    out
}

/// A bundle read whole and checked, not written anywhere yet.
pub(crate) struct Contents {
    pub(crate) header: Header,
    pub(crate) article: ArticleRow,
    pub(crate) revisions: Vec<RevisionRow>,
    pub(crate) comments: Vec<CommentRow>,
    pub(crate) audit: Vec<AuditRow>,
    pub(crate) approvals: Vec<ApprovalRow>,
    pub(crate) figures: Vec<FigureRow>,
    pub(crate) photos: Vec<PhotoRow>,
    pub(crate) originals: HashMap<String, Vec<u8>>,
    /// Format 2: the renditions listed, and their files by entry name.
    pub(crate) renditions: Vec<RenditionRow>,
    pub(crate) rendition_files: HashMap<String, Vec<u8>>,
}

/// The number of entries the end-of-central-directory record of zip `file` declares (none for
/// ZIP64 archives, whose record holds 0xFFFF).
pub(crate) fn declared_entries(file: &Path) -> Result<Option<usize>> {
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

pub(crate) fn is_hash(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

pub(crate) fn read_bundle(file: &Path) -> Result<Contents> {
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
    let mut rendition_files = HashMap::new();
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
        let rendition = name
            .strip_prefix("renditions/")
            .and_then(|r| r.split_at_checked(64))
            .filter(|(h, spec)| is_hash(h) && spec.strip_prefix('-').is_some_and(is_spec))
            .is_some();
        if !JSON_ENTRIES.contains(&name.as_str()) && photo.is_none() && !rendition {
            let name = name.chars().take(80).collect::<String>();
            return Err(bad(said!(
                "gói có mục lạ “{name}” (đường dẫn không thuộc định dạng gói bài)",
                "the bundle has a stray entry “{name}” (a path outside the bundle format)"
            )));
        }
        let limit = if photo.is_some() || rendition {
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
            None if rendition => {
                rendition_files.insert(name, bytes);
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
        // Format 1 has none: the receiver makes its own.
        renditions: match json_entries.get("renditions.json") {
            Some(bytes) => parse("renditions.json", bytes)?,
            None => Vec::new(),
        },
        rendition_files,
    };
    check_consistent(&r)?;
    Ok(r)
}

pub(crate) fn check_consistent(r: &Contents) -> Result<()> {
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
        crate::articles::check_stored(&crate::articles::StoredFields {
            kind: &rev.kind,
            created_at: &rev.created_at,
            saved_at: &rev.saved_at,
            title: &rev.title,
            lead: &rev.lead,
            body: &rev.body,
            authors: &rev.authors,
            category: &rev.category,
            tags: &rev.tags,
            source: &rev.source,
            slug: &rev.slug,
            scheduled_at: rev.scheduled_at.as_deref(),
        })
        .map_err(|e| {
            let (vi, en) = (e.to_string(), e.message(crate::Lang::En));
            bad(said!(
                "một bản lưu trong gói không hợp lệ: {vi}",
                "a revision in the bundle is not valid: {en}"
            ))
        })?;
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
    // Renditions: each listed once, of a photo of the bundle, with its file; no file unlisted; at
    // most as many per photo as a library takes.
    let mut named = HashSet::new();
    let mut per_photo: HashMap<&str, usize> = HashMap::new();
    for r in &r.renditions {
        let entry = rendition_entry(&r.photo, &r.spec);
        let count = per_photo.entry(r.photo.as_str()).or_default();
        *count += 1;
        if !listed.contains(r.photo.as_str())
            || !is_spec(&r.spec)
            || !named.insert(entry.clone())
            || *count > media::MAX_SENT_RENDITIONS
        {
            let (photo, spec) = (&r.photo, &r.spec);
            return Err(bad(said!(
                "renditions.json kể cỡ ảnh {spec} của ảnh {photo} không hợp lệ",
                "renditions.json lists an invalid size {spec} of photo {photo}"
            )));
        }
    }
    for name in r.rendition_files.keys() {
        if !named.contains(name) {
            return Err(bad(said!(
                "gói có tệp cỡ ảnh thừa “{name}”",
                "the bundle has a stray photo size file “{name}”"
            )));
        }
    }
    for name in &named {
        if !r.rendition_files.contains_key(name) {
            return Err(bad(said!(
                "gói thiếu tệp cỡ ảnh “{name}”",
                "the bundle lacks the photo size file “{name}”"
            )));
        }
    }
    Ok(())
}

/// The renditions the bundle carries of `photo`, as given to `media::accept`.
pub(crate) fn given_renditions(r: &Contents, photo: &str) -> Vec<media::Given> {
    r.renditions
        .iter()
        .filter(|g| g.photo == photo)
        .filter_map(|g| {
            Some(media::Given {
                spec: g.spec.clone(),
                width: g.width,
                height: g.height,
                bytes: r
                    .rendition_files
                    .get(&rendition_entry(&g.photo, &g.spec))?
                    .clone(),
            })
        })
        .collect()
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
