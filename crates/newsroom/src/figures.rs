//! Figures: photos placed in an article, with their caption, alt text and credit.
//!
//! **In the body** a figure is one line of ordinary Markdown image syntax with the `anh:` scheme:
//!
//! ```text
//! ![Đoàn kiểm tra làm việc tại bãi rác Tràng Cát](anh:2 "Đồng chí Trưởng đoàn phát biểu")
//! ```
//!
//! — the alt text in the brackets, figure number 2 of this article, the caption as the title. So
//! the body stays readable as plain text, a figure sits where the writer put it, and its alt text
//! and caption are part of the text: revisioned, compared, merged and approved with it. Changing
//! them from the photo panel rewrites that line (a new revision).
//!
//! **In the database** (`figures`) each number names the photo it shows, the credit for this use
//! (empty: the photo's own) and whether it is the article's lead photo. A caption belongs to the
//! article, never to the photo in the library; captions used before are remembered in `captions`
//! and offered again.

use std::ops::Range;

use chrono::Utc;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::articles::{self, Article, ArticleInput, RevisionKind};
use crate::media::{self, Photo};
use crate::text::{fold, nfc};
use crate::{Error, Result, said};
use newsroom_base::timestamp;

/// Longest credit for one use of a photo, in characters (the newsroom server's limit too).
pub const MAX_CREDIT_CHARS: usize = 500;

pub use newsroom_text::markdown::SCHEME;

/// A figure as the body has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRef {
    /// Its number in the article.
    pub n: u32,
    /// Alt text (the brackets).
    pub alt: String,
    /// Caption (the title).
    pub caption: String,
    /// Where the whole `![…](…)` is in the body, in bytes.
    pub range: Range<usize>,
}

/// The figures written in `body`, in order.
pub fn refs(body: &str) -> Vec<FigureRef> {
    let mut out = Vec::new();
    let mut open: Option<FigureRef> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                open = dest_url
                    .strip_prefix(SCHEME)
                    .and_then(|n| n.trim().parse::<u32>().ok())
                    .map(|n| FigureRef {
                        n,
                        alt: String::new(),
                        caption: title.to_string(),
                        range,
                    });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(f) = open.as_mut() {
                    f.alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(f) = open.take() {
                    out.push(f);
                }
            }
            _ => {}
        }
    }
    out
}

/// Text safe inside `[…]` of an image: one line, brackets and backslashes escaped.
fn escape_alt(s: &str) -> String {
    one_line(s)
        .chars()
        .flat_map(|c| match c {
            '\\' | '[' | ']' | '*' | '_' | '`' | '<' | '&' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// Text safe inside `"…"` of a link title.
fn escape_title(s: &str) -> String {
    one_line(s)
        .chars()
        .flat_map(|c| match c {
            '\\' | '"' | '&' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

fn one_line(s: &str) -> String {
    nfc(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The Markdown of figure `n`.
pub fn line(n: u32, alt: &str, caption: &str) -> String {
    if caption.trim().is_empty() {
        format!("![{}]({SCHEME}{n})", escape_alt(alt))
    } else {
        format!(
            "![{}]({SCHEME}{n} \"{}\")",
            escape_alt(alt),
            escape_title(caption)
        )
    }
}

/// `body` with every appearance of figure `n` rewritten with `alt` and `caption`.
pub fn rewrite(body: &str, n: u32, alt: &str, caption: &str) -> String {
    let mut out = body.to_string();
    for f in refs(body).into_iter().rev().filter(|f| f.n == n) {
        out.replace_range(f.range, &line(n, alt, caption));
    }
    out
}

/// `body` without figure `n` (its line and the blank line after it).
pub fn without(body: &str, n: u32) -> String {
    let mut out = body.to_string();
    for f in refs(body).into_iter().rev().filter(|f| f.n == n) {
        let mut end = f.range.end;
        while out[end..].starts_with('\n') {
            end += 1;
        }
        let start = f.range.start;
        out.replace_range(start..end, "");
    }
    out.trim_end().to_string()
}

/// `body` with `figure_line` added as a paragraph of its own at the end.
fn appended(body: &str, figure_line: &str) -> String {
    let body = body.trim_end();
    if body.is_empty() {
        figure_line.to_string()
    } else {
        format!("{body}\n\n{figure_line}")
    }
}

/// A photo used in an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Figure {
    /// Its number in the article (`anh:N` in the body).
    pub n: u32,
    /// The photo.
    pub photo: Photo,
    /// Alt text, from the body (empty if not placed).
    pub alt: String,
    /// Caption, from the body.
    pub caption: String,
    /// Credit for this use; empty means the photo's own.
    pub credit_override: String,
    /// The credit shown: the override, else the photo's.
    pub credit: String,
    /// Whether it is the article's lead photo.
    pub lead: bool,
    /// Its place among the body's figures (0-based), or `None` when not in the body.
    #[ts(optional = nullable)]
    pub position: Option<u32>,
}

/// The figures of article `id`: those in the body in their order, then any not placed.
pub fn list(conn: &Connection, id: &str) -> Result<Vec<Figure>> {
    let article = articles::get(conn, id)?;
    let placed = refs(&article.body);
    let rows: Vec<(u32, String, String, bool)> = conn
        .prepare_cached(
            "SELECT n, photo, credit, lead FROM figures WHERE article_id = ?1 ORDER BY n",
        )?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (n, hash, credit_override, lead) in rows {
        let photo = media::get(conn, &hash)?;
        let first = placed.iter().position(|f| f.n == n);
        let (alt, caption) = first
            .map(|i| (placed[i].alt.clone(), placed[i].caption.clone()))
            .unwrap_or_default();
        let credit = if credit_override.is_empty() {
            photo.credit.clone()
        } else {
            credit_override.clone()
        };
        out.push(Figure {
            n,
            photo,
            alt,
            caption,
            credit_override,
            credit,
            lead,
            position: first.and_then(|i| u32::try_from(i).ok()),
        });
    }
    out.sort_by_key(|f| (f.position.is_none(), f.position, f.n));
    Ok(out)
}

/// What to change about a figure; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct FigureChange {
    /// New alt text.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub alt: Option<String>,
    /// New caption.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub caption: Option<String>,
    /// New credit for this use (empty: the photo's own).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub credit: Option<String>,
    /// Make it the lead photo (true) or not (false).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub lead: Option<bool>,
}

fn remember_caption(tx: &Transaction<'_>, caption: &str) -> Result<()> {
    let caption = one_line(caption);
    if caption.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO captions (caption, uses, last_used) VALUES (?1, 1, ?2)
         ON CONFLICT (caption) DO UPDATE SET uses = uses + 1, last_used = excluded.last_used",
        params![caption, timestamp(Utc::now())],
    )?;
    Ok(())
}

fn set_row(tx: &Transaction<'_>, id: &str, n: u32, change: &FigureChange) -> Result<()> {
    if let Some(credit) = &change.credit {
        if credit.chars().count() > MAX_CREDIT_CHARS {
            return Err(Error::InvalidInput {
                field: "credit",
                reason: said!(
                    "nguồn ảnh dài quá {MAX_CREDIT_CHARS} ký tự",
                    "the credit is longer than {MAX_CREDIT_CHARS} characters"
                ),
            });
        }
        tx.execute(
            "UPDATE figures SET credit = ?3 WHERE article_id = ?1 AND n = ?2",
            params![id, n, one_line(credit)],
        )?;
    }
    if let Some(lead) = change.lead {
        if lead {
            tx.execute("UPDATE figures SET lead = 0 WHERE article_id = ?1", [id])?;
        }
        tx.execute(
            "UPDATE figures SET lead = ?3 WHERE article_id = ?1 AND n = ?2",
            params![id, n, lead],
        )?;
    }
    if let Some(caption) = &change.caption {
        remember_caption(tx, caption)?;
    }
    Ok(())
}

/// Saves `article` with `body` as a new revision made from `base_revision`, running `also` in the
/// same transaction.
fn save_body(
    conn: &Connection,
    article: &Article,
    base_revision: i64,
    body: String,
    author: &str,
    also: impl FnOnce(&Transaction<'_>) -> Result<()>,
) -> Result<Article> {
    let mut input = ArticleInput::from(article);
    input.body = body;
    articles::write_with(
        conn,
        &article.id,
        base_revision,
        &input,
        author,
        RevisionKind::Save,
        also,
    )
}

/// Adds photo `hash` to article `id` (made from revision `base_revision`) as a new figure at the
/// end of the body; returns the article (a new revision) and the figure's number.
pub fn add(
    conn: &Connection,
    id: &str,
    base_revision: i64,
    hash: &str,
    change: &FigureChange,
    author: &str,
) -> Result<(Article, u32)> {
    media::get(conn, hash)?;
    let article = articles::get(conn, id)?;
    let n: u32 = conn.query_row(
        "SELECT coalesce(max(n), 0) + 1 FROM figures WHERE article_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let alt = change.alt.clone().unwrap_or_default();
    let caption = change.caption.clone().unwrap_or_default();
    let body = appended(&article.body, &line(n, &alt, &caption));
    let saved = save_body(conn, &article, base_revision, body, author, |tx| {
        tx.execute(
            "INSERT INTO figures (article_id, n, photo, added_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, n, hash, timestamp(Utc::now())],
        )?;
        set_row(tx, id, n, change)
    })?;
    Ok((saved, n))
}

fn exists(conn: &Connection, id: &str, n: u32) -> Result<()> {
    conn.query_row(
        "SELECT 1 FROM figures WHERE article_id = ?1 AND n = ?2",
        params![id, n],
        |_| Ok(()),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: said!("ảnh trong bài", "photo in the article"),
        id: format!("{id}/{n}"),
    })
}

/// Writes figure `n` of article `id` showing photo `hash` inside `tx` (a draft being created with
/// its figures already in the body).
pub fn insert_in(
    tx: &Transaction<'_>,
    id: &str,
    n: u32,
    hash: &str,
    change: &FigureChange,
) -> Result<()> {
    tx.execute(
        "INSERT INTO figures (article_id, n, photo, added_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, n, hash, timestamp(Utc::now())],
    )?;
    set_row(tx, id, n, change)
}

/// Attaches photo `hash` to article `id` as a new figure without touching the body: the editor puts
/// the figure's line ([`line`]) where the cursor is, and it is saved with the text. Credit and lead
/// are taken from `change`. Returns the figure's number.
pub fn attach(conn: &Connection, id: &str, hash: &str, change: &FigureChange) -> Result<u32> {
    media::get(conn, hash)?;
    articles::get(conn, id)?;
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let n: u32 = tx.query_row(
        "SELECT coalesce(max(n), 0) + 1 FROM figures WHERE article_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    tx.execute(
        "INSERT INTO figures (article_id, n, photo, added_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, n, hash, timestamp(Utc::now())],
    )?;
    set_row(&tx, id, n, change)?;
    tx.commit()?;
    Ok(n)
}

/// Changes what figure `n` of article `id` keeps outside the body: the credit for this use and the
/// lead flag (`None` leaves one as it is), and remembers `caption` for suggestions. No revision.
/// A change of credit or lead is an edit by `author`: the rule of an edit holds, and an approved
/// or exported article goes back to "Chờ duyệt" (the approval covers what the page shows).
pub fn set_meta(
    conn: &Connection,
    id: &str,
    n: u32,
    change: &FigureChange,
    author: &str,
) -> Result<()> {
    exists(conn, id, n)?;
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    if change.credit.is_some() || change.lead.is_some() {
        let before: (String, bool) = tx.query_row(
            "SELECT credit, lead FROM figures WHERE article_id = ?1 AND n = ?2",
            params![id, n],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let after = (
            change.credit.as_deref().map_or(before.0.clone(), one_line),
            change.lead.unwrap_or(before.1),
        );
        // Making one figure the lead unsets another's: a change too.
        let other_lead = change.lead == Some(true)
            && tx
                .query_row(
                    "SELECT 1 FROM figures WHERE article_id = ?1 AND n <> ?2 AND lead = 1",
                    params![id, n],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
        if after != before || other_lead {
            let revision: i64 =
                tx.query_row("SELECT revision FROM articles WHERE id = ?1", [id], |r| {
                    r.get(0)
                })?;
            crate::rules::before_edit(&tx, id, author, revision)?;
        }
    }
    set_row(&tx, id, n, change)?;
    tx.commit()?;
    Ok(())
}

/// Takes figure `n` out of article `id` without touching the body (the editor removes its line and
/// saves). The photo stays in the library.
pub fn detach(conn: &Connection, id: &str, n: u32) -> Result<()> {
    exists(conn, id, n)?;
    conn.execute(
        "DELETE FROM figures WHERE article_id = ?1 AND n = ?2",
        params![id, n],
    )?;
    Ok(())
}

/// Photo and credit shown (the override, else the photo's) of every figure of article `id`.
pub fn assets(
    conn: &Connection,
    id: &str,
) -> Result<std::collections::HashMap<u32, (Photo, String)>> {
    let rows: Vec<(u32, String, String)> = conn
        .prepare_cached("SELECT n, photo, credit FROM figures WHERE article_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = std::collections::HashMap::with_capacity(rows.len());
    for (n, hash, credit) in rows {
        let photo = media::get(conn, &hash)?;
        let credit = if credit.is_empty() {
            photo.credit.clone()
        } else {
            credit
        };
        out.insert(n, (photo, credit));
    }
    Ok(out)
}

/// Where figure `n`'s first line is in `body`, in UTF-16 code units (what an editor in a web page
/// counts), with the line it should become: for the editor to change just that line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct LineEdit {
    /// Start, in UTF-16 code units.
    pub from: u32,
    /// End (exclusive), in UTF-16 code units.
    pub to: u32,
    /// The new text of that span.
    pub text: String,
}

/// The edit that gives figure `n` of `body` alt text `alt` and caption `caption`, or `None` if the
/// body does not show figure `n`.
pub fn line_edit(body: &str, n: u32, alt: &str, caption: &str) -> Option<LineEdit> {
    let f = refs(body).into_iter().find(|f| f.n == n)?;
    let units = |s: &str| u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX);
    Some(LineEdit {
        from: units(&body[..f.range.start]),
        to: units(&body[..f.range.end]),
        text: line(n, alt, caption),
    })
}

/// Changes figure `n` of article `id`. Alt text and caption live in the body, so changing them saves
/// a new revision (refused with a conflict if the article moved on from `base_revision`); credit and
/// lead change in place. Returns the article as it is now.
pub fn set(
    conn: &Connection,
    id: &str,
    base_revision: i64,
    n: u32,
    change: &FigureChange,
    author: &str,
) -> Result<Article> {
    exists(conn, id, n)?;
    let article = articles::get(conn, id)?;
    if change.alt.is_none() && change.caption.is_none() {
        if article.revision != base_revision {
            return Err(Error::Conflict {
                expected: base_revision,
                found: article.revision,
            });
        }
        let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
        set_row(&tx, id, n, change)?;
        tx.commit()?;
        return Ok(article);
    }
    let current = refs(&article.body).into_iter().find(|f| f.n == n);
    let alt = change
        .alt
        .clone()
        .or_else(|| current.as_ref().map(|f| f.alt.clone()))
        .unwrap_or_default();
    let caption = change
        .caption
        .clone()
        .or_else(|| current.as_ref().map(|f| f.caption.clone()))
        .unwrap_or_default();
    let body = if current.is_some() {
        rewrite(&article.body, n, &alt, &caption)
    } else {
        appended(&article.body, &line(n, &alt, &caption))
    };
    save_body(conn, &article, base_revision, body, author, |tx| {
        set_row(tx, id, n, change)
    })
}

/// Removes figure `n` from article `id`: its line leaves the body (a new revision) and the photo
/// stays in the library.
pub fn remove(
    conn: &Connection,
    id: &str,
    base_revision: i64,
    n: u32,
    author: &str,
) -> Result<Article> {
    exists(conn, id, n)?;
    let article = articles::get(conn, id)?;
    let body = without(&article.body, n);
    save_body(conn, &article, base_revision, body, author, |tx| {
        tx.execute(
            "DELETE FROM figures WHERE article_id = ?1 AND n = ?2",
            params![id, n],
        )?;
        Ok(())
    })
}

/// Captions used before that contain `typed` (marks optional), most used first.
pub fn suggest_captions(conn: &Connection, typed: &str, limit: usize) -> Result<Vec<String>> {
    let want = fold(typed.trim());
    let mut stmt = conn.prepare_cached(
        "SELECT caption FROM captions ORDER BY uses DESC, last_used DESC LIMIT 2000",
    )?;
    let all = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for c in all {
        let c = c?;
        if want.is_empty() || fold(&c).contains(&want) {
            out.push(c);
            if out.len() >= limit {
                break;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_line_reads_back() {
        let l = line(
            2,
            "Đoàn [kiểm tra] *tại* bãi rác",
            "Ông \"Tú\" phát biểu\nchiều 2/12",
        );
        let r = refs(&format!("Đoạn đầu.\n\n{l}\n\nĐoạn sau."));
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].n, 2);
        assert_eq!(r[0].alt, "Đoàn [kiểm tra] *tại* bãi rác");
        assert_eq!(r[0].caption, "Ông \"Tú\" phát biểu chiều 2/12");
    }

    #[test]
    fn line_edits_count_utf16_units() {
        let body = format!("Đà Nẵng 😀\n\n{}", line(1, "a", "b"));
        let e = line_edit(&body, 1, "Ảnh mới", "Chú thích").expect("edit");
        // "Đà Nẵng 😀\n\n": 7 letters and a space, an emoji of 2 units, two newlines.
        assert_eq!(e.from, 12);
        assert_eq!(
            e.to,
            12 + u32::try_from(line(1, "a", "b").len()).expect("short")
        );
        assert_eq!(e.text, "![Ảnh mới](anh:1 \"Chú thích\")");
        assert!(line_edit(&body, 2, "", "").is_none());
    }

    #[test]
    fn rewrite_and_remove_touch_only_that_figure() {
        let body = format!(
            "Mở đầu.\n\n{}\n\nGiữa.\n\n{}\n\nKết.",
            line(1, "Một", "Chú thích một"),
            line(2, "Hai", "")
        );
        let changed = rewrite(&body, 2, "Hai mới", "Chú thích hai");
        let r = refs(&changed);
        assert_eq!(r[0].caption, "Chú thích một");
        assert_eq!(
            (r[1].alt.as_str(), r[1].caption.as_str()),
            ("Hai mới", "Chú thích hai")
        );
        let gone = without(&changed, 1);
        assert_eq!(refs(&gone).len(), 1);
        assert!(gone.starts_with("Mở đầu.\n\nGiữa."), "{gone}");
        // Ordinary images and other schemes are not figures.
        assert!(refs("![x](https://e.vn/a.jpg) ![y](anh:abc)").is_empty());
    }
}
