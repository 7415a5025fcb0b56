//! Drafts: create, read, update and list articles in the store.
//!
//! **Invariant:** every text field is NFC (see [`crate::text::nfc`]) and every instant UTC.

use std::sync::{LazyLock, Mutex};

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ulid::Ulid;

use crate::text::nfc;
use crate::{Error, Result};

/// Longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest lead, byline or category accepted, in characters.
pub const MAX_SHORT_FIELD_CHARS: usize = 5_000;
/// Largest Markdown body accepted, in bytes (a long article is about 50 KB).
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;

/// An article as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Article {
    /// ULID.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Lead (sapo), without the portal's prefix.
    pub lead: String,
    /// Body in Markdown.
    pub body: String,
    /// Author name(s) as printed at the end.
    pub byline: String,
    /// Section of the portal.
    pub category: String,
    /// Workflow state; "draft" for now.
    pub status: String,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

/// The fields a writer sets, for creating or updating an article.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ArticleInput {
    /// Headline (required).
    pub title: String,
    /// Lead (sapo).
    #[serde(default)]
    pub lead: String,
    /// Body in Markdown.
    #[serde(default)]
    pub body: String,
    /// Author name(s).
    #[serde(default)]
    pub byline: String,
    /// Section of the portal.
    #[serde(default)]
    pub category: String,
}

/// One line of the drafts list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ArticleSummary {
    /// ULID.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Author name(s).
    pub byline: String,
    /// Section of the portal.
    pub category: String,
    /// Workflow state.
    pub status: String,
    /// When it was last changed (UTC).
    pub updated_at: DateTime<Utc>,
}

impl ArticleInput {
    /// NFC-normalises and checks every field.
    fn clean(&self) -> Result<ArticleInput> {
        let title = nfc(self.title.trim());
        if title.is_empty() {
            return Err(Error::InvalidInput {
                field: "title",
                reason: "tiêu đề không được để trống".into(),
            });
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(Error::InvalidInput {
                field: "title",
                reason: format!("tiêu đề dài quá {MAX_TITLE_CHARS} ký tự"),
            });
        }
        if self.body.len() > MAX_BODY_BYTES {
            return Err(Error::InvalidInput {
                field: "body",
                reason: format!("nội dung lớn quá {} MB", MAX_BODY_BYTES / 1024 / 1024),
            });
        }
        let short = |field: &'static str, value: &str| -> Result<String> {
            let v = nfc(value.trim());
            if v.chars().count() > MAX_SHORT_FIELD_CHARS {
                return Err(Error::InvalidInput {
                    field,
                    reason: format!("dài quá {MAX_SHORT_FIELD_CHARS} ký tự"),
                });
            }
            Ok(v)
        };
        Ok(ArticleInput {
            title,
            lead: short("lead", &self.lead)?,
            body: nfc(&self.body),
            byline: short("byline", &self.byline)?,
            category: short("category", &self.category)?,
        })
    }
}

fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse_timestamp(s: String) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(&s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

/// Checks that `id` looks like a ULID, so a typo gets a clear answer.
pub(crate) fn check_id(id: &str) -> Result<()> {
    Ulid::from_string(id)
        .map(|_| ())
        .map_err(|_| Error::NotFound {
            what: "bài viết",
            id: id.to_string(),
        })
}

/// A new id. Ids made by one process sort in creation order even within one millisecond.
fn new_id() -> String {
    static GENERATOR: LazyLock<Mutex<ulid::Generator>> =
        LazyLock::new(|| Mutex::new(ulid::Generator::new()));
    let mut generator = GENERATOR.lock().unwrap_or_else(|p| p.into_inner());
    // `generate` fails only when 2^80 ids were made in one millisecond; fall back to a random one.
    generator
        .generate()
        .unwrap_or_else(|_| Ulid::new())
        .to_string()
}

/// Creates a draft and returns it.
pub fn create(conn: &Connection, input: &ArticleInput) -> Result<Article> {
    let input = input.clean()?;
    let now = Utc::now();
    let id = new_id();
    conn.execute(
        "INSERT INTO articles (id, title, lead, body, byline, category, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'draft', ?7, ?7)",
        params![
            id,
            input.title,
            input.lead,
            input.body,
            input.byline,
            input.category,
            timestamp(now)
        ],
    )?;
    get(conn, &id)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Article> {
    Ok(Article {
        id: row.get("id")?,
        title: row.get("title")?,
        lead: row.get("lead")?,
        body: row.get("body")?,
        byline: row.get("byline")?,
        category: row.get("category")?,
        status: row.get("status")?,
        created_at: parse_timestamp(row.get("created_at")?)?,
        updated_at: parse_timestamp(row.get("updated_at")?)?,
    })
}

/// Reads one article.
pub fn get(conn: &Connection, id: &str) -> Result<Article> {
    check_id(id)?;
    conn.query_row("SELECT * FROM articles WHERE id = ?1", [id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: "bài viết",
            id: id.to_string(),
        })
}

/// Replaces the writer's fields of an article and returns it as stored.
pub fn update(conn: &Connection, id: &str, input: &ArticleInput) -> Result<Article> {
    check_id(id)?;
    let input = input.clean()?;
    let changed = conn.execute(
        "UPDATE articles SET title = ?2, lead = ?3, body = ?4, byline = ?5, category = ?6, updated_at = ?7
         WHERE id = ?1",
        params![
            id,
            input.title,
            input.lead,
            input.body,
            input.byline,
            input.category,
            timestamp(Utc::now())
        ],
    )?;
    if changed == 0 {
        return Err(Error::NotFound {
            what: "bài viết",
            id: id.to_string(),
        });
    }
    get(conn, id)
}

/// All articles, most recently changed first.
pub fn list(conn: &Connection) -> Result<Vec<ArticleSummary>> {
    let mut stmt = conn.prepare(
        "SELECT id, title, byline, category, status, updated_at FROM articles
         ORDER BY updated_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok(ArticleSummary {
            id: row.get(0)?,
            title: row.get(1)?,
            byline: row.get(2)?,
            category: row.get(3)?,
            status: row.get(4)?,
            updated_at: parse_timestamp(row.get(5)?)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
