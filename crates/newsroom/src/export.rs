//! The export package. In this first slice it is one standalone `index.html` showing the article as
//! the portal does: masthead, time line, title, lead with the portal's prefix, body, byline, footer.
//!
//! **Invariant:** nothing half-written is left behind: each file is written to a temporary file in
//! the target folder and renamed into place.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use chrono::Utc;

use crate::articles::{self, Article, ArticleInput};
use crate::markdown::{FigureView, escape_text, to_html_with};
use crate::media::{Photo, Rendition};
use crate::profile::Profile;
use crate::text::portal_time;
use crate::{Error, Result};

/// Name of the page inside a package folder.
pub const INDEX_FILE: &str = "index.html";

const STYLE: &str = include_str!("export/portal.css");

/// A figure resolver for [`to_html_with`].
pub type Figures<'a> = &'a dyn Fn(u32, &str, &str) -> Option<FigureView>;

/// Renders the standalone page of an article in the look of `profile` (figures left out).
pub fn render_index(article: &Article, profile: &Profile) -> String {
    render_index_with(article, profile, &|_, _, _| None)
}

/// Renders the standalone page of an article, its figures shown as `figures` says.
pub fn render_index_with(article: &Article, profile: &Profile, figures: Figures<'_>) -> String {
    let e = escape_text;
    let mut out = String::with_capacity(article.body.len() * 2 + 4096);
    // `write!` to a String cannot fail.
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n\
         <header class=\"masthead\"><div class=\"site-kind\">{kind}</div><div class=\"site-name\">{site}</div></header>\n\
         <main class=\"article\">\n<p class=\"time-line\">{label} {time}</p>\n<h1 class=\"title\">{title}</h1>\n",
        lang = e(&profile.language),
        title = e(&article.title),
        kind = e(&profile.site_kind),
        site = e(&profile.site_name),
        label = e(&profile.time_label),
        time = portal_time(article.updated_at),
    );
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
    if !article.authors.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"byline\">{}</p>",
            e(&article.authors.join(", "))
        );
    }
    if !article.source.is_empty() {
        let _ = writeln!(out, "<p class=\"source\">Nguồn: {}</p>", e(&article.source));
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
    Ok(render_index_with(&article, profile, &figures))
}

/// The folder the app exports article `id` into: `<data folder>/exports/<id>`.
pub fn default_export_dir(data_dir: &Path, id: &str) -> Result<PathBuf> {
    articles::check_id(id)?;
    Ok(data_dir.join("exports").join(id))
}

/// Folder of the images inside a package.
pub const IMAGES_DIR: &str = "images";

/// Exports article `id` (of the newsroom in `data_dir`) into folder `out` (created if needed): its
/// `index.html`, and the renditions of its figures in `images/` as `<slug>-<n>-<width>.<ext>`.
/// Returns the path of the `index.html`.
pub fn export_article(
    conn: &Connection,
    data_dir: &Path,
    id: &str,
    out: &Path,
    profile: &Profile,
) -> Result<PathBuf> {
    let article = articles::get(conn, id)?;
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let assets = crate::figures::assets(conn, id)?;
    let placed: std::collections::HashSet<u32> = crate::figures::refs(&article.body)
        .iter()
        .map(|f| f.n)
        .collect();
    let name = |n: u32, r: &Rendition| {
        let ext = if r.mime == "image/png" { "png" } else { "jpg" };
        format!("{}-{n}-{}.{ext}", article.slug, r.width)
    };
    for (n, (photo, _)) in assets.iter().filter(|(n, _)| placed.contains(n)) {
        for r in &photo.renditions {
            let bytes = std::fs::read(data_dir.join(&r.path))
                .map_err(|e| Error::io(data_dir.join(&r.path), e))?;
            crate::store::write_atomic(&out.join(IMAGES_DIR).join(name(*n, r)), &bytes)?;
        }
    }
    let figures = |n: u32, alt: &str, caption: &str| {
        let (photo, credit) = assets.get(&n)?;
        figure_view(photo, credit, alt, caption, true, &|r| {
            Some(format!("{IMAGES_DIR}/{}", name(n, r)))
        })
    };
    let index = out.join(INDEX_FILE);
    crate::store::write_atomic(
        &index,
        render_index_with(&article, profile, &figures).as_bytes(),
    )?;
    Ok(index)
}
