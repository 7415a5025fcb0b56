//! History of an article: its revisions, a word-by-word comparison of any two, and restoring one.
//!
//! Restoring never erases anything: it saves the old content as a new revision.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use similar::{ChangeTag, TextDiff};

use crate::articles::{self, Article, ArticleInput};
use crate::{Error, Result, said};
use newsroom_base::parse_timestamp;

/// One entry of an article's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct RevisionInfo {
    /// Revision number (grows with every save; autosave bursts leave gaps).
    #[ts(type = "number")]
    pub number: i64,
    /// The revision this one was made from.
    #[ts(type = "number | null")]
    pub parent: Option<i64>,
    /// `create`, `save`, `autosave` or `restore`.
    pub kind: String,
    /// Who saved it.
    pub author: String,
    /// When the save (or the autosave burst) began (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last written (UTC).
    pub saved_at: DateTime<Utc>,
    /// Title at that revision.
    pub title: String,
}

/// A revision with its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Revision {
    /// Bookkeeping.
    pub info: RevisionInfo,
    /// The article's fields at that revision (`slug` is the slug it had).
    pub content: ArticleInput,
}

/// Whether a piece of text is in both, only the newer, or only the older revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum DiffKind {
    /// In both.
    Same,
    /// Only in the newer.
    Added,
    /// Only in the older.
    Removed,
}

/// A run of words of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct DiffPart {
    /// Kind of the run.
    pub kind: DiffKind,
    /// Its text, white space included.
    pub text: String,
}

/// The word diff of one field that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct FieldDiff {
    /// Field name (`title`, `lead`, `body`, `authors`, `category`, `tags`, `source`, `slug`).
    pub field: String,
    /// The runs, in order.
    pub parts: Vec<DiffPart>,
}

fn info_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RevisionInfo> {
    Ok(RevisionInfo {
        number: r.get("number")?,
        parent: r.get("parent")?,
        kind: r.get("kind")?,
        author: r.get("author")?,
        created_at: parse_timestamp(&r.get::<_, String>("created_at")?)?,
        saved_at: parse_timestamp(&r.get::<_, String>("saved_at")?)?,
        title: r.get("title")?,
    })
}

fn list_json(s: &str) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

/// An article's revisions, newest first.
pub fn history(conn: &Connection, id: &str) -> Result<Vec<RevisionInfo>> {
    articles::get(conn, id)?;
    let mut stmt = conn.prepare(
        "SELECT number, parent, kind, author, created_at, saved_at, title FROM revisions
         WHERE article_id = ?1 ORDER BY number DESC",
    )?;
    let rows = stmt.query_map([id], info_from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// One revision with its content.
pub fn revision(conn: &Connection, id: &str, number: i64) -> Result<Revision> {
    articles::check_id(id)?;
    conn.query_row(
        "SELECT * FROM revisions WHERE article_id = ?1 AND number = ?2",
        params![id, number],
        |r| {
            Ok(Revision {
                info: info_from_row(r)?,
                content: ArticleInput {
                    title: r.get("title")?,
                    lead: r.get("lead")?,
                    body: r.get("body")?,
                    authors: list_json(&r.get::<_, String>("authors")?)?,
                    category: r.get("category")?,
                    tags: list_json(&r.get::<_, String>("tags")?)?,
                    source: r.get("source")?,
                    slug: r.get("slug")?,
                    scheduled_at: r
                        .get::<_, Option<String>>("scheduled_at")?
                        .map(|s| parse_timestamp(&s))
                        .transpose()?,
                },
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        what: said!("bản lưu", "revision"),
        id: format!("{id}#{number}"),
    })
}

/// Word-by-word differences between two texts, as runs.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPart> {
    let diff = TextDiff::from_words(old, new);
    let mut parts: Vec<DiffPart> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => DiffKind::Same,
            ChangeTag::Insert => DiffKind::Added,
            ChangeTag::Delete => DiffKind::Removed,
        };
        match parts.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(change.value()),
            _ => parts.push(DiffPart {
                kind,
                text: change.value().to_string(),
            }),
        }
    }
    parts
}

/// The fields that differ between revisions `from` and `to` of an article, word by word.
pub fn diff(conn: &Connection, id: &str, from: i64, to: i64) -> Result<Vec<FieldDiff>> {
    let a = revision(conn, id, from)?.content;
    let b = revision(conn, id, to)?.content;
    let fields: [(&str, String, String); 8] = [
        ("title", a.title, b.title),
        ("lead", a.lead, b.lead),
        ("body", a.body, b.body),
        ("authors", a.authors.join(", "), b.authors.join(", ")),
        ("category", a.category, b.category),
        ("tags", a.tags.join(", "), b.tags.join(", ")),
        ("source", a.source, b.source),
        ("slug", a.slug, b.slug),
    ];
    Ok(fields
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| FieldDiff {
            field: field.to_string(),
            parts: word_diff(&old, &new),
        })
        .collect())
}

/// The outcome of merging someone else's save with mine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Merge {
    /// The merged fields, to review and save (based on `revision`).
    pub input: ArticleInput,
    /// The article's current revision: the base for saving the merge.
    #[ts(type = "number")]
    pub revision: i64,
    /// Fields where both sides changed the same words; they hold both versions between markers.
    pub conflicts: Vec<String>,
}

/// Three-way merge of `mine` (edited from revision `base`) with the article's current revision.
/// Text fields merge line by line; where both changed the same lines, both versions are kept between
/// `<<<<<<<`/`>>>>>>>` markers and the field is named in `conflicts`. Nothing is saved.
pub fn merge(conn: &Connection, id: &str, base: i64, mine: &ArticleInput) -> Result<Merge> {
    let current = articles::get(conn, id)?;
    // The base may have been folded into a later autosave of the same burst: take the newest
    // revision at or before it, an older common ancestor.
    let kept: Option<i64> = conn.query_row(
        "SELECT max(number) FROM revisions WHERE article_id = ?1 AND number <= ?2",
        params![id, base],
        |r| r.get(0),
    )?;
    let ancestor = revision(conn, id, kept.unwrap_or(1))?.content;
    let theirs = ArticleInput::from(&current);
    let mut conflicts = Vec::new();
    let mut text = |field: &str, a: &str, m: &str, t: &str| -> String {
        match diffy::merge(a, m, t) {
            Ok(merged) => merged,
            Err(with_markers) => {
                conflicts.push(field.to_string());
                with_markers
            }
        }
    };
    // Lists take mine if I changed them, else theirs.
    let pick = |a: &Vec<String>, m: &Vec<String>, t: &Vec<String>| {
        if m != a { m.clone() } else { t.clone() }
    };
    let input = ArticleInput {
        title: text("title", &ancestor.title, &mine.title, &theirs.title),
        lead: text("lead", &ancestor.lead, &mine.lead, &theirs.lead),
        body: text("body", &ancestor.body, &mine.body, &theirs.body),
        authors: pick(&ancestor.authors, &mine.authors, &theirs.authors),
        category: text(
            "category",
            &ancestor.category,
            &mine.category,
            &theirs.category,
        ),
        tags: pick(&ancestor.tags, &mine.tags, &theirs.tags),
        source: text("source", &ancestor.source, &mine.source, &theirs.source),
        slug: if mine.slug != theirs.slug && !mine.slug.is_empty() {
            mine.slug.clone()
        } else {
            theirs.slug
        },
        scheduled_at: if mine.scheduled_at != ancestor.scheduled_at {
            mine.scheduled_at
        } else {
            theirs.scheduled_at
        },
    };
    Ok(Merge {
        input,
        revision: current.revision,
        conflicts,
    })
}

/// Brings revision `number` back as a new revision (nothing is erased) and returns the article.
pub fn restore(conn: &Connection, id: &str, number: i64, author: &str) -> Result<Article> {
    let current = articles::get(conn, id)?;
    let mut content = revision(conn, id, number)?.content;
    if !current.slug_manual {
        content.slug = String::new();
    }
    articles::write(
        conn,
        id,
        current.revision,
        &content,
        author,
        articles::RevisionKind::Restore,
    )
}
