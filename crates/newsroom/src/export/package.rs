//! The files of a package besides the page: the body fragment, the metadata (IPTC NINJS-style, with
//! the Dublin Core elements of Circular 24/2011), the manifest, and the zip.
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
/// The metadata.
pub const JSON_FILE: &str = "article.json";
/// Every file with its size and SHA-256.
pub const MANIFEST_FILE: &str = "manifest.json";
/// What `manifest.json` says it is.
pub const FORMAT: &str = "toasoan-package";
/// Its version.
pub const FORMAT_VERSION: u32 = 1;

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

/// `article.json`: NINJS-style metadata and the Dublin Core elements.
pub(crate) fn article_json(
    article: &Article,
    profile: &Profile,
    body_html: &str,
    pictures: &[Picture<'_>],
) -> String {
    let published = super::published_at(article);
    let mut associations = BTreeMap::new();
    for p in pictures {
        let renditions: BTreeMap<String, Value> = p
            .renditions
            .iter()
            .map(|(r, name)| {
                (
                    r.width.to_string(),
                    json!({
                        "href": format!("{}/{name}", super::IMAGES_DIR),
                        "width": r.width,
                        "height": r.height,
                        "mimetype": r.mime,
                        "size": r.bytes,
                        "sha256": r.sha256,
                    }),
                )
            })
            .collect();
        associations.insert(
            format!("anh{}", p.n),
            json!({
                "type": "picture",
                "description_text": p.caption,
                "body_text": p.alt,
                "byline": p.credit,
                "lead": p.lead,
                "renditions": renditions,
            }),
        );
    }
    let byline = article.authors.join(", ");
    let value = json!({
        "guid": format!("urn:toasoan:{}", article.id),
        "version": article.revision.to_string(),
        "type": "text",
        "versioncreated": profile.local_rfc3339(article.updated_at),
        "firstcreated": profile.local_rfc3339(article.created_at),
        "datepublished": profile.local_rfc3339(published),
        "language": profile.language,
        "headline": article.title,
        "description_text": article.lead,
        "body_html": body_html,
        "byline": byline,
        "authors": article.authors.iter().map(|a| json!({ "name": a })).collect::<Vec<_>>(),
        "slugline": article.slug,
        "subject": if article.category.is_empty() { json!([]) } else { json!([{ "name": article.category }]) },
        "keywords": article.tags,
        "wordcount": article.word_count,
        "readtime": article.reading_minutes,
        "associations": associations,
        "dublin_core": {
            "title": article.title,
            "creator": byline,
            "date": profile.local_rfc3339(published),
            "description": article.lead,
            "publisher": format!("{} {}", profile.site_kind, profile.site_name),
            "identifier": format!("urn:toasoan:{}", article.id),
            "language": profile.language,
            "source": article.source,
        },
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

/// `manifest.json` for the files already in `dir`.
pub(crate) fn manifest(
    dir: &Path,
    profile: &Profile,
    approval: Option<&crate::workflow::Approval>,
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
    let value = json!({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": env!("CARGO_PKG_VERSION"),
        "profile": profile,
        "approval": approval,
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
