//! The files of a package besides the page: the body fragment, the metadata (IPTC NINJS 1.6), the
//! Dublin Core elements of Circular 24/2011, the manifest, and the zip (docs/package-format.md).
//!
//! **Deterministic:** the same article at the same revision gives byte-identical files and zip: no
//! export time is written, JSON keys are sorted, zip entries are sorted and dated by the article.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::articles::Article;
use crate::media::Rendition;
use crate::profile::Profile;
use crate::{Error, Result};

/// The body fragment alone, for pasting into a CMS editor.
pub const ARTICLE_FILE: &str = "article.html";
/// The metadata, as IPTC NINJS 1.6.
pub const JSON_FILE: &str = "article.json";
/// The Dublin Core elements of Circular 24/2011.
pub const DC_FILE: &str = "dublin-core.json";
/// Every file with its size and SHA-256.
pub const MANIFEST_FILE: &str = "manifest.json";
/// What `manifest.json` says it is.
pub const FORMAT: &str = "toasoan-package";
/// Its version: 2 since `article.json` is NINJS 1.6 exactly and Dublin Core has a file of its own.
pub const FORMAT_VERSION: u32 = 2;

use newsroom_base::hex;

/// One picture of the package, as `article.json` describes it.
pub(crate) struct Picture<'a> {
    /// Figure number.
    pub n: u32,
    /// Alt text.
    pub alt: &'a str,
    /// Caption.
    pub caption: &'a str,
    /// Credit shown.
    pub credit: &'a str,
    /// Lead photo.
    pub lead: bool,
    /// Renditions, with the file name each has in `images/`.
    pub renditions: Vec<(&'a Rendition, String)>,
}

/// The identifier of `article` in a package (NINJS `uri`, Dublin Core `identifier`).
pub(crate) fn uri(article: &Article) -> String {
    format!("urn:toasoan:{}", article.id)
}

/// `article.json`: the article as IPTC NINJS 1.6 has it (and nothing NINJS 1.6 does not define, so
/// the schema validates it): what it is, when, in which language, headline, lead, body, byline,
/// slug, section, word count, and each picture with its caption, alt text, credit and renditions.
/// A rendition's `href` (an absolute URI in NINJS) is where the profile says the portal will serve
/// the package folder `slug`; when the profile does not say, there is none (the manifest names the
/// files).
pub(crate) fn article_json(
    article: &Article,
    profile: &Profile,
    slug: &str,
    body_html: &str,
    pictures: &[Picture<'_>],
) -> String {
    let mut associations = BTreeMap::new();
    for p in pictures {
        let renditions: BTreeMap<String, Value> = p
            .renditions
            .iter()
            .map(|(r, name)| {
                let mut rendition = json!({
                    "width": r.width,
                    "height": r.height,
                    "mimetype": r.mime,
                    "sizeinbytes": r.bytes,
                });
                if let Some(href) =
                    profile.served_at(slug, &format!("{}/{name}", super::IMAGES_DIR))
                {
                    rendition["href"] = json!(href);
                }
                (format!("w{}", r.width), rendition)
            })
            .collect();
        associations.insert(
            format!("anh{}", p.n),
            json!({
                "uri": format!("{}:anh{}", uri(article), p.n),
                "type": "picture",
                "description_text": p.caption,
                "body_text": p.alt,
                "byline": p.credit,
                "renditions": renditions,
            }),
        );
    }
    let value = json!({
        "uri": uri(article),
        "version": article.revision.to_string(),
        "type": "text",
        "pubstatus": "usable",
        "versioncreated": profile.local_rfc3339(article.updated_at),
        "firstcreated": profile.local_rfc3339(article.created_at),
        "language": profile.language,
        "headline": article.title,
        "description_text": article.lead,
        "body_html": body_html,
        "byline": article.authors.join(", "),
        "slugline": article.slug,
        "subject": if article.category.is_empty() { json!([]) } else { json!([{ "name": article.category }]) },
        "wordcount": article.word_count,
        "associations": associations,
    });
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}

/// `dublin-core.json`: the Dublin Core elements Circular 24/2011 asks of a portal's article, which
/// NINJS has no place for: title, creator, subject (the keywords), description, publisher, the
/// publication date, type, format, identifier, source and language.
pub(crate) fn dublin_core_json(article: &Article, profile: &Profile) -> String {
    let value = json!({
        "title": article.title,
        "creator": article.authors,
        "subject": article.tags,
        "description": article.lead,
        "publisher": format!("{} {}", profile.site_kind, profile.site_name),
        "date": profile.local_rfc3339(super::published_at(article)),
        "type": "Text",
        "format": "text/html",
        "identifier": uri(article),
        "source": article.source,
        "language": profile.language,
    });
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}

/// Files under `dir`, as `/`-separated paths relative to it, sorted.
pub(crate) fn files_in(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((d, rel)) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))? {
            let entry = entry.map_err(|e| Error::io(&d, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if path.is_dir() {
                stack.push((path, rel));
            } else {
                out.push((rel, path));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// `manifest.json` for the files already in `dir`: besides each file's size and hash, the approval,
/// the lead picture's association and, for each picture, the file of each rendition.
pub(crate) fn manifest(
    dir: &Path,
    profile: &Profile,
    approval: Option<&crate::workflow::Approval>,
    pictures: &[Picture<'_>],
) -> Result<String> {
    let mut files = Vec::new();
    for (rel, path) in files_in(dir)? {
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        files.push(json!({
            "path": rel,
            "size": bytes.len(),
            "sha256": hex(&Sha256::digest(&bytes)),
        }));
    }
    let renditions: BTreeMap<String, BTreeMap<String, String>> = pictures
        .iter()
        .map(|p| {
            let files = p
                .renditions
                .iter()
                .map(|(r, name)| {
                    (
                        format!("w{}", r.width),
                        format!("{}/{name}", super::IMAGES_DIR),
                    )
                })
                .collect();
            (format!("anh{}", p.n), files)
        })
        .collect();
    let value = json!({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": env!("CARGO_PKG_VERSION"),
        "profile": profile,
        "approval": approval,
        "lead_picture": pictures.iter().find(|p| p.lead).map(|p| format!("anh{}", p.n)),
        "renditions": renditions,
        "files": files,
    });
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    Ok(out)
}

/// Zips the package folder `dir` into `zip` (entries under `<folder name>/`, sorted, dated `at` in
/// the newsroom's time zone), through a temporary file renamed into place.
pub fn zip_folder(dir: &Path, zip: &Path, at: DateTime<Utc>) -> Result<()> {
    let root = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let local = at.with_timezone(&chrono_tz::Asia::Ho_Chi_Minh);
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(local.year().clamp(1980, 2107)).unwrap_or(1980),
        u8::try_from(local.month()).unwrap_or(1),
        u8::try_from(local.day()).unwrap_or(1),
        u8::try_from(local.hour()).unwrap_or(0),
        u8::try_from(local.minute()).unwrap_or(0),
        u8::try_from(local.second()).unwrap_or(0),
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let parent = zip.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".toasoan-")
        .tempfile_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    let zip_err = |e: zip::result::ZipError| Error::io(zip, std::io::Error::other(e));
    let mut writer = zip::ZipWriter::new(tmp.as_file());
    for (rel, path) in files_in(dir)? {
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        writer
            .start_file(format!("{root}/{rel}"), options)
            .map_err(zip_err)?;
        writer.write_all(&bytes).map_err(|e| Error::io(zip, e))?;
    }
    writer.finish().map_err(zip_err)?;
    tmp.as_file().sync_all().map_err(|e| Error::io(zip, e))?;
    tmp.persist(zip).map_err(|e| Error::io(zip, e.error))?;
    Ok(())
}
