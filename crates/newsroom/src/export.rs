//! The export package: a folder (and a zip) named after the article's slug holding `index.html` (the
//! article as the portal shows it: masthead, time line, title, lead with the portal's prefix, body with
//! its figures, byline, footer), `article.html` (the body alone), `images/` (the renditions),
//! `article.json` (IPTC NINJS 1.6), `dublin-core.json` (Circular 24/2011) and `manifest.json` (every
//! file's size and SHA-256; docs/package-format.md).
//!
//! **Invariant:** nothing half-written is left behind: the package is written in a temporary folder
//! beside its place and renamed into place whole (a previous export of it is replaced only then).

mod package;
mod validate;
mod verify;

pub use package::{ARTICLE_FILE, DC_FILE, JSON_FILE, MANIFEST_FILE, zip_folder};
pub use validate::{ensure_valid, script_problems, validate};
pub use verify::{Verification, verify};

/// The canonical content of the article (what an approval's hash is computed over).
pub const CONTENT_FILE: &str = "content.json";

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use chrono::Utc;

use crate::articles::{self, Article, ArticleInput};
use crate::markdown::{FigureView, escape_text, to_html_with};
use crate::media::{Photo, Rendition};
use crate::profile::{BylinePlacement, Profile};
use crate::{Error, Result};

/// Name of the page inside a package folder.
pub const INDEX_FILE: &str = "index.html";

const STYLE: &str = include_str!("export/portal.css");

/// A figure resolver for [`to_html_with`].
pub type Figures<'a> = &'a dyn Fn(u32, &str, &str) -> Option<FigureView>;

/// An earlier exported article, listed under "Các tin cũ hơn".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Older {
    /// Its title.
    pub title: String,
    /// Its time line instant.
    pub published_at: chrono::DateTime<Utc>,
}

/// What a page shows besides the article itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageExtras {
    /// "Các tin cũ hơn", newest first.
    pub older: Vec<Older>,
    /// Package paths of the pictures, for the JSON-LD `image` (lead photo first).
    pub images: Vec<String>,
}

/// Renders the standalone page of an article in the look of `profile` (figures left out).
pub fn render_index(article: &Article, profile: &Profile) -> String {
    render_index_with(article, profile, &|_, _, _| None, &PageExtras::default())
}

/// The instant the time line shows: the publication time set, else the last save.
pub fn published_at(article: &Article) -> chrono::DateTime<Utc> {
    article.scheduled_at.unwrap_or(article.updated_at)
}

/// The schema.org NewsArticle of the page, as JSON safe inside a `<script>` element.
fn json_ld(article: &Article, profile: &Profile, images: &[String]) -> String {
    let mut value = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.lead,
        "datePublished": profile.local_rfc3339(published_at(article)),
        "dateModified": profile.local_rfc3339(article.updated_at),
        "inLanguage": profile.language,
        "author": article.authors.iter().map(|a| serde_json::json!({"@type": "Person", "name": a})).collect::<Vec<_>>(),
        "publisher": {"@type": "Organization", "name": format!("{} {}", profile.site_kind, profile.site_name).trim()},
        "image": images,
    });
    if !article.category.is_empty() {
        value["articleSection"] = article.category.clone().into();
    }
    if !article.tags.is_empty() {
        value["keywords"] = article.tags.join(", ").into();
    }
    // No `<`, `>` or `&` inside the element, so no text can close it or be read as markup.
    serde_json::to_string(&value)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Renders the standalone page of an article, its figures shown as `figures` says.
pub fn render_index_with(
    article: &Article,
    profile: &Profile,
    figures: Figures<'_>,
    extras: &PageExtras,
) -> String {
    let e = escape_text;
    let mut out = String::with_capacity(article.body.len() * 2 + 4096);
    // `write!` to a String cannot fail.
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n\
         <script type=\"application/ld+json\">{ld}</script>\n</head>\n<body>\n\
         <header class=\"masthead\"><div class=\"site-kind\">{kind}</div><div class=\"site-name\">{site}</div></header>\n\
         <main class=\"article\">\n<p class=\"time-line\">{label} {time}</p>\n",
        lang = e(&profile.language),
        title = e(&article.title),
        ld = json_ld(article, profile, &extras.images),
        kind = e(&profile.site_kind),
        site = e(&profile.site_name),
        label = e(&profile.time_label),
        time = e(&profile.time_line(published_at(article))),
    );
    let byline = (!article.authors.is_empty()).then(|| {
        format!(
            "<p class=\"byline\">{}</p>\n",
            e(&article.authors.join(", "))
        )
    });
    if profile.byline == BylinePlacement::Top
        && let Some(b) = &byline
    {
        out.push_str(&b.replace("\"byline\"", "\"byline byline-top\""));
    }
    let _ = writeln!(out, "<h1 class=\"title\">{}</h1>", e(&article.title));
    if !article.lead.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"lead\"><strong>{}{}</strong></p>",
            e(&profile.lead_prefix),
            e(&article.lead)
        );
    }
    let _ = writeln!(
        out,
        "<div class=\"body\">\n{}</div>",
        to_html_with(&article.body, figures)
    );
    if profile.byline == BylinePlacement::End
        && let Some(b) = &byline
    {
        out.push_str(b);
    }
    if !article.source.is_empty() {
        let _ = writeln!(out, "<p class=\"source\">Nguồn: {}</p>", e(&article.source));
    }
    if !extras.older.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"older\">\n<h2>{}</h2>\n<ul>",
            e(&profile.older_label)
        );
        for o in &extras.older {
            let _ = writeln!(
                out,
                "<li>{} <span class=\"date\">({})</span></li>",
                e(&o.title),
                e(&profile.time_line(o.published_at))
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
    out.push_str("</main>\n<footer class=\"footer\">\n");
    for line in &profile.footer {
        let _ = writeln!(out, "<p>{}</p>", e(line));
    }
    out.push_str("</footer>\n</body>\n</html>\n");
    out
}

/// The page as it would be exported now, for the editor's live preview. Accepts unfinished input
/// (an empty title, say): nothing is stored or checked.
pub fn render_preview(input: &ArticleInput, profile: &Profile) -> String {
    render_index(&preview_article(input), profile)
}

/// An unsaved article made from `input`, for previews.
fn preview_article(input: &ArticleInput) -> Article {
    let now = Utc::now();
    let nfc_all = |v: &[String]| v.iter().map(|s| crate::text::nfc(s)).collect::<Vec<_>>();
    Article {
        id: String::new(),
        title: crate::text::nfc(&input.title),
        lead: crate::text::nfc(&input.lead),
        body: crate::text::nfc(&input.body),
        authors: nfc_all(&input.authors),
        category: crate::text::nfc(&input.category),
        tags: nfc_all(&input.tags),
        source: crate::text::nfc(&input.source),
        slug: String::new(),
        slug_manual: false,
        status: crate::status::Status::Draft,
        scheduled_at: input.scheduled_at,
        created_at: now,
        updated_at: now,
        revision: 0,
        word_count: 0,
        reading_minutes: 0,
    }
}

/// How a figure shows `photo`: the rendition nearest 800 pixels wide (from above) by default, every
/// rendition in `srcset` when `all_sizes`; `url` names a rendition's file.
fn figure_view(
    photo: &Photo,
    credit: &str,
    alt: &str,
    caption: &str,
    all_sizes: bool,
    url: &dyn Fn(&Rendition) -> Option<String>,
) -> Option<FigureView> {
    let rs = &photo.renditions;
    let main = rs
        .iter()
        .filter(|r| r.width >= 800)
        .min_by_key(|r| r.width)
        .or_else(|| rs.iter().max_by_key(|r| r.width))?;
    let srcset = if all_sizes {
        rs.iter()
            .map(|r| url(r).map(|u| (u, r.width)))
            .collect::<Option<Vec<_>>>()?
    } else {
        Vec::new()
    };
    Some(FigureView {
        src: url(main)?,
        srcset,
        width: main.width,
        height: main.height,
        alt: alt.to_string(),
        caption: caption.to_string(),
        credit: credit.to_string(),
    })
}

/// The live preview of `input` (unsaved text of article `id`, if it has been saved once), its
/// figures shown from the data folder as `data:` URLs (the preview page loads nothing else).
pub fn preview(
    conn: &Connection,
    data_dir: &Path,
    id: Option<&str>,
    input: &ArticleInput,
    profile: &Profile,
) -> Result<String> {
    let assets = match id {
        Some(id) => crate::figures::assets(conn, id)?,
        None => Default::default(),
    };
    let url = |r: &Rendition| -> Option<String> {
        use base64::Engine as _;
        let bytes = std::fs::read(data_dir.join(&r.path)).ok()?;
        Some(format!(
            "data:{};base64,{}",
            r.mime,
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ))
    };
    let figures = |n: u32, alt: &str, caption: &str| {
        let (photo, credit) = assets.get(&n)?;
        figure_view(photo, credit, alt, caption, false, &url)
    };
    let mut article = preview_article(input);
    article.id = id.unwrap_or_default().to_string();
    let extras = PageExtras {
        older: older_articles(conn, &article, profile)?,
        images: Vec::new(),
    };
    Ok(render_index_with(&article, profile, &figures, &extras))
}

/// The name of the app's folder in the user's Documents, where packages go.
pub const DOCUMENTS_FOLDER: &str = "Tòa soạn";

/// The folder packages go into unless the person says otherwise: "Tòa soạn" in the user's
/// Documents (`C:\Users\Mai\Documents\Tòa soạn`, or what `XDG_DOCUMENTS_DIR` names on Linux),
/// where people look for what an app made; `<data folder>/exports` when the system knows no
/// Documents folder (a Linux account without XDG user folders, a server).
pub fn default_export_dir(data_dir: &Path) -> PathBuf {
    match dirs::document_dir() {
        Some(docs) if docs.is_dir() => docs.join(DOCUMENTS_FOLDER),
        _ => data_dir.join("exports"),
    }
}

/// Folder of the images inside a package.
pub const IMAGES_DIR: &str = "images";

/// Earlier exported articles of `article`'s category for `profile` (its own export left out),
/// newest first, at most `profile.older_count`.
pub fn older_articles(
    conn: &Connection,
    article: &Article,
    profile: &Profile,
) -> Result<Vec<Older>> {
    if profile.older_count == 0 || article.category.is_empty() {
        return Ok(Vec::new());
    }
    let rows = conn
        .prepare_cached(
            "SELECT title, published_at FROM exports
             WHERE profile_id = ?1 AND category = ?2 AND article_id != ?3 AND published_at < ?4
             ORDER BY published_at DESC, title LIMIT ?5",
        )?
        .query_map(
            rusqlite::params![
                profile.id,
                article.category,
                article.id,
                newsroom_base::timestamp(published_at(article)),
                profile.older_count
            ],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(title, at)| {
            Some(Older {
                title,
                published_at: chrono::DateTime::parse_from_rfc3339(&at)
                    .ok()?
                    .with_timezone(&Utc),
            })
        })
        .collect())
}

/// Exports article `id` (of the newsroom in `data_dir`) as the package folder `out`, after its
/// checklist passes ([`Error::Blocked`] otherwise): its files are written in a temporary folder
/// beside `out` and checked by [`validate`], then that folder takes `out`'s place whole (replacing
/// an earlier export). Renditions of the figures in the body go to `images/` as
/// `<slug>-<n>-<width>.<ext>`. The export is recorded in the local archive ("Các tin cũ hơn").
/// Returns the path of the `index.html`.
pub fn export_article(
    conn: &Connection,
    data_dir: &Path,
    id: &str,
    out: &Path,
    profile: &Profile,
) -> Result<PathBuf> {
    let by = crate::workflow::actor(conn, "", None)?;
    export_article_as(conn, data_dir, id, out, profile, &by)
}

/// [`export_article`] by `by`: in team mode the article must be approved and unchanged since, and
/// `by` staff or admin ([`crate::workflow::export_approval`]); the approval goes into the manifest
/// and the article moves to "Đã xuất".
pub fn export_article_as(
    conn: &Connection,
    data_dir: &Path,
    id: &str,
    out: &Path,
    profile: &Profile,
    by: &crate::workflow::Actor,
) -> Result<PathBuf> {
    // Everything the package is made of is read in one read transaction, so a save landing
    // meanwhile cannot mix two versions in one package (the text of one, the figures or the
    // canonical content of the next). The snapshot ends before the export is recorded.
    let db = conn;
    let snapshot = db.unchecked_transaction()?;
    let conn: &Connection = &snapshot;
    let article = articles::get(conn, id)?;
    let assets = crate::figures::assets(conn, id)?;
    let spelling = crate::checklist::spelling(conn, &article, profile)?;
    let checklist =
        crate::checklist::check_article(&article, &assets, profile, !by.solo, &spelling);
    if checklist.blocked {
        return Err(Error::Blocked {
            title: article.title.clone(),
            summary: checklist.blocking_summary(),
        });
    }
    // The article, its figures' assets and its canonical content: made once, used for the approval
    // check and written into the package.
    let (canonical, approval) =
        crate::workflow::export_approval(conn, &article, &assets, profile, by)?;
    let refs = crate::figures::refs(&article.body);
    // Only the lead flags: `figures::list` would load the article and every photo a second time.
    let leads: std::collections::HashSet<u32> = conn
        .prepare_cached("SELECT n FROM figures WHERE article_id = ?1 AND lead = 1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let slug = profile.package_slug(&article);
    let name = |n: u32, r: &Rendition| {
        let ext = if r.mime == "image/png" { "png" } else { "jpg" };
        format!("{slug}-{n}-{}.{ext}", r.width)
    };
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    let staging = tempfile::Builder::new()
        .prefix(".toasoan-export-")
        .tempdir_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    let dir = staging.path();
    let write = |rel: &str, bytes: &[u8]| -> Result<()> {
        let path = dir.join(rel);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).map_err(|e| Error::io(p, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    };
    // Pictures in the order the body shows them, each once.
    let mut pictures = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for f in &refs {
        let Some((photo, credit)) = assets.get(&f.n) else {
            continue;
        };
        if !seen.insert(f.n) {
            continue;
        }
        let mut renditions = Vec::new();
        for r in &photo.renditions {
            let file = name(f.n, r);
            let bytes = std::fs::read(data_dir.join(&r.path))
                .map_err(|e| Error::io(data_dir.join(&r.path), e))?;
            write(&format!("{IMAGES_DIR}/{file}"), &bytes)?;
            renditions.push((r, file));
        }
        pictures.push(package::Picture {
            n: f.n,
            alt: &f.alt,
            caption: &f.caption,
            credit,
            lead: leads.contains(&f.n),
            renditions,
        });
    }
    let figures = |n: u32, alt: &str, caption: &str| {
        let (photo, credit) = assets.get(&n)?;
        figure_view(photo, credit, alt, caption, true, &|r| {
            Some(format!("{IMAGES_DIR}/{}", name(n, r)))
        })
    };
    // The JSON-LD images: the largest rendition of each picture, the lead photo first.
    let mut images: Vec<(bool, String)> = pictures
        .iter()
        .filter_map(|p| {
            let (_, file) = p.renditions.iter().max_by_key(|(r, _)| r.width)?;
            Some((!p.lead, format!("{IMAGES_DIR}/{file}")))
        })
        .collect();
    images.sort_by_key(|(not_lead, _)| *not_lead);
    let extras = PageExtras {
        older: older_articles(conn, &article, profile)?,
        images: images.into_iter().map(|(_, i)| i).collect(),
    };
    write(
        INDEX_FILE,
        render_index_with(&article, profile, &figures, &extras).as_bytes(),
    )?;
    let fragment = to_html_with(&article.body, &figures);
    write(ARTICLE_FILE, fragment.as_bytes())?;
    write(CONTENT_FILE, canonical.as_bytes())?;
    write(
        JSON_FILE,
        package::article_json(&article, profile, &slug, &fragment, &pictures).as_bytes(),
    )?;
    write(
        DC_FILE,
        package::dublin_core_json(&article, profile).as_bytes(),
    )?;
    let manifest = package::manifest(dir, profile, approval.as_ref(), &pictures)?;
    write(MANIFEST_FILE, manifest.as_bytes())?;
    let problems = validate(dir)?;
    if !problems.is_empty() {
        return Err(Error::InvalidPackage {
            path: out.to_path_buf(),
            problems: problems.join("\n"),
        });
    }
    for (_, path) in package::files_in(dir)? {
        // Opened for writing: Windows flushes only a handle that may write (a read-only one is
        // refused with "access denied").
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .and_then(|f| f.sync_all())
            .map_err(|e| Error::io(&path, e))?;
    }
    // Into place whole: an earlier export moves aside first and goes only once the new one is in.
    // On Windows a folder holding a file another program has open cannot move: the export then
    // fails saying so, and the earlier one stays as it was.
    let staged = staging.keep();
    let old = match set_aside(out, &parent) {
        Ok(old) => old,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staged);
            return Err(e);
        }
    };
    if let Err(e) = std::fs::rename(&staged, out) {
        if let Some(old) = &old {
            put_back(old, out);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io(out, e));
    }
    if let Some(old) = old {
        drop_aside(&old);
    }
    let manifest_sha256 = newsroom_base::sha256_hex(manifest.as_bytes());
    snapshot.commit()?;
    crate::workflow::exported(db, id, by)?;
    db.prepare_cached(
        "INSERT INTO exports (article_id, profile_id, revision, slug, title, category, published_at,
                              exported_at, folder, manifest_sha256)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (article_id, profile_id) DO UPDATE SET
             revision = excluded.revision, slug = excluded.slug, title = excluded.title,
             category = excluded.category, published_at = excluded.published_at,
             exported_at = excluded.exported_at, folder = excluded.folder,
             manifest_sha256 = excluded.manifest_sha256",
    )?
    .execute(rusqlite::params![
        article.id,
        profile.id,
        article.revision,
        slug,
        article.title,
        article.category,
        newsroom_base::timestamp(published_at(&article)),
        newsroom_base::timestamp(Utc::now()),
        out.display().to_string(),
        manifest_sha256,
    ])?;
    Ok(out.join(INDEX_FILE))
}

/// What [`export_package`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Exported {
    /// The package folder, `<dir>/<slug>`.
    pub folder: String,
    /// Its `index.html`.
    pub index: String,
    /// The zip beside it, `<dir>/<slug>.zip`, if one was made.
    #[ts(optional = nullable)]
    pub zip: Option<String>,
}

/// Exports article `id` into `dir` as the folder `<slug>/` and, when `zip`, `<slug>.zip` beside it.
pub fn export_package(
    conn: &Connection,
    data_dir: &Path,
    id: &str,
    dir: &Path,
    profile: &Profile,
    zip: bool,
) -> Result<Exported> {
    let by = crate::workflow::actor(conn, "", None)?;
    export_package_as(conn, data_dir, id, dir, profile, zip, &by)
}

/// The prefix of the folders an earlier export waits in while a new one takes its place.
const ASIDE_PREFIX: &str = ".toasoan-old-";

/// Moves `path` (an earlier package folder or zip), when it exists, into a new folder
/// `.toasoan-old-…/` of `parent`; where it went. Fails when it cannot move (on Windows: a file
/// another program holds open), having changed nothing.
fn set_aside(path: &Path, parent: &Path) -> Result<Option<PathBuf>> {
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let holder = tempfile::Builder::new()
        .prefix(ASIDE_PREFIX)
        .tempdir_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    let aside = holder.path().join("old");
    std::fs::rename(path, &aside).map_err(|e| Error::io(path, e))?;
    // Moved: the holder stays until the new export is in place.
    let _ = holder.keep();
    Ok(Some(aside))
}

/// Puts an earlier export set aside back at `path` after a failed export (best effort).
fn put_back(aside: &Path, path: &Path) {
    let _ = std::fs::rename(aside, path);
    if let Some(holder) = aside.parent() {
        let _ = std::fs::remove_dir(holder);
    }
}

/// Removes an earlier export set aside, now replaced (best effort: on Windows a file of it may be
/// open elsewhere; [`sweep_aside`] removes it at a later export).
fn drop_aside(aside: &Path) {
    if let Some(holder) = aside.parent() {
        let _ = std::fs::remove_dir_all(holder);
    }
}

/// Removes what earlier exports into `parent` set aside and could not remove then. Called once an
/// export is whole (folder and zip), so no export of this one still needs its own.
fn sweep_aside(parent: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        if e.file_name().to_string_lossy().starts_with(ASIDE_PREFIX)
            && e.file_type().is_ok_and(|t| t.is_dir())
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// [`export_package`] by `by` (see [`export_article_as`]).
pub fn export_package_as(
    conn: &Connection,
    data_dir: &Path,
    id: &str,
    dir: &Path,
    profile: &Profile,
    zip: bool,
    by: &crate::workflow::Actor,
) -> Result<Exported> {
    let article = articles::get(conn, id)?;
    let slug = profile.package_slug(&article);
    let folder = dir.join(&slug);
    // An earlier zip moves aside before anything is written: one another program holds open
    // cannot (Windows), and the export stops there with nothing changed; it comes back if the
    // export fails.
    let zip_path = dir.join(format!("{slug}.zip"));
    let old_zip = if zip {
        set_aside(&zip_path, dir)?
    } else {
        None
    };
    let restore = |old: &Option<PathBuf>| {
        if let Some(old) = old {
            put_back(old, &zip_path);
        }
    };
    let index = match export_article_as(conn, data_dir, id, &folder, profile, by) {
        Ok(index) => index,
        Err(e) => {
            restore(&old_zip);
            return Err(e);
        }
    };
    let zip_written = if zip {
        if let Err(e) = zip_folder(&folder, &zip_path, article.updated_at) {
            restore(&old_zip);
            return Err(e);
        }
        if let Some(old) = &old_zip {
            drop_aside(old);
        }
        Some(zip_path.display().to_string())
    } else {
        None
    };
    sweep_aside(dir);
    Ok(Exported {
        folder: folder.display().to_string(),
        index: index.display().to_string(),
        zip: zip_written,
    })
}
