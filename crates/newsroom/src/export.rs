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
use crate::markdown::{escape_text, to_html};
use crate::profile::Profile;
use crate::text::portal_time;
use crate::{Error, Result};

/// Name of the page inside a package folder.
pub const INDEX_FILE: &str = "index.html";

const STYLE: &str = include_str!("export/portal.css");

/// Renders the standalone page of an article in the look of `profile`.
pub fn render_index(article: &Article, profile: &Profile) -> String {
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
        to_html(&article.body)
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
    let now = Utc::now();
    let nfc_all = |v: &[String]| v.iter().map(|s| crate::text::nfc(s)).collect::<Vec<_>>();
    let article = Article {
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
    };
    render_index(&article, profile)
}

/// The folder the app exports article `id` into: `<data folder>/exports/<id>`.
pub fn default_export_dir(data_dir: &Path, id: &str) -> Result<PathBuf> {
    articles::check_id(id)?;
    Ok(data_dir.join("exports").join(id))
}

/// Exports article `id` into folder `out` (created if needed) and returns the path of its `index.html`.
pub fn export_article(
    conn: &Connection,
    id: &str,
    out: &Path,
    profile: &Profile,
) -> Result<PathBuf> {
    let article = articles::get(conn, id)?;
    std::fs::create_dir_all(out).map_err(|e| Error::io(out, e))?;
    let index = out.join(INDEX_FILE);
    crate::store::write_atomic(&index, render_index(&article, profile).as_bytes())?;
    Ok(index)
}
