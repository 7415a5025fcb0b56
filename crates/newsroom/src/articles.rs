//! Articles: create, read, save (with revisions and optimistic concurrency), list, trash.
//!
//! **Invariant:** every text field is NFC (see [`crate::text::nfc`]) and every instant UTC.
//! **Invariant:** every save writes a revision; the article row mirrors its current revision.
//! **Invariant:** a save names the revision it was made from; if the article has moved on since, the
//! save is refused with [`Error::Conflict`] and nothing is written.

use std::sync::{LazyLock, Mutex};

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::{Connection, OptionalExtension, Row, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use ulid::Ulid;

use newsroom_base::{new_uid, parse_timestamp, timestamp};

use crate::rules::{self, Actor, Change};
use crate::status::Status;
use crate::text::{self, nfc};
use crate::{Error, Result, said};

/// Longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest lead, source line or category accepted, in characters.
pub const MAX_SHORT_FIELD_CHARS: usize = 5_000;
/// Largest Markdown body accepted, in bytes (a long article is about 50 KB).
pub const MAX_BODY_BYTES: usize = 5 * 1024 * 1024;
/// Most authors or tags on one article.
pub const MAX_LIST_ITEMS: usize = 50;
/// Longest author name or tag, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Autosaves by one person join the previous autosave while less than this has passed since it…
pub const BURST_GAP: TimeDelta = TimeDelta::minutes(2);
/// …and while the burst is younger than this.
pub const BURST_SPAN: TimeDelta = TimeDelta::minutes(15);

/// An article as stored, at its current revision.
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
    /// Authors, in byline order.
    pub authors: Vec<String>,
    /// Section of the portal.
    pub category: String,
    /// Keywords.
    pub tags: Vec<String>,
    /// Source line ("Nguồn: …"), without the label.
    pub source: String,
    /// URL slug: lowercase ASCII words joined by hyphens, unique among articles.
    pub slug: String,
    /// Whether the slug was set by hand (else it follows the title).
    pub slug_manual: bool,
    /// Workflow state.
    pub status: Status,
    /// When it should be published, if scheduled (UTC).
    pub scheduled_at: Option<DateTime<Utc>>,
    /// When it was created (UTC).
    pub created_at: DateTime<Utc>,
    /// When it was last saved (UTC).
    pub updated_at: DateTime<Utc>,
    /// Number of the current revision; a save must name it as its base.
    #[ts(type = "number")]
    pub revision: i64,
    /// Words (Vietnamese syllables) in title, lead and body.
    pub word_count: u32,
    /// Minutes a reader needs, rounded up.
    pub reading_minutes: u32,
}

/// The fields a writer sets, for creating or saving an article.
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
    /// Authors, in byline order.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Section of the portal.
    #[serde(default)]
    pub category: String,
    /// Keywords.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Source line, without "Nguồn:".
    #[serde(default)]
    pub source: String,
    /// A slug set by hand; empty to follow the title.
    #[serde(default)]
    pub slug: String,
    /// When it should be published (UTC), if scheduled.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub scheduled_at: Option<DateTime<Utc>>,
}

impl From<&Article> for ArticleInput {
    fn from(a: &Article) -> Self {
        ArticleInput {
            title: a.title.clone(),
            lead: a.lead.clone(),
            body: a.body.clone(),
            authors: a.authors.clone(),
            category: a.category.clone(),
            tags: a.tags.clone(),
            source: a.source.clone(),
            slug: if a.slug_manual {
                a.slug.clone()
            } else {
                String::new()
            },
            scheduled_at: a.scheduled_at,
        }
    }
}

/// One line of the drafts list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct ArticleSummary {
    /// ULID.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Authors.
    pub authors: Vec<String>,
    /// Section of the portal.
    pub category: String,
    /// Workflow state.
    pub status: Status,
    /// When it was last saved (UTC).
    pub updated_at: DateTime<Utc>,
    /// Current revision.
    #[ts(type = "number")]
    pub revision: i64,
}

/// How a save was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum SaveKind {
    /// The writer pressed Save (or Ctrl+S): always a revision of its own, and it ends a burst.
    Save,
    /// The editor saved by itself after typing stopped: joins the writer's current burst.
    Autosave,
}

/// Which articles to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// Only this state; `None` lists everything but the trash.
    pub status: Option<Status>,
}

/// A cleaned input: NFC, trimmed, checked.
struct Clean {
    title: String,
    lead: String,
    body: String,
    authors: String,
    category: String,
    tags: String,
    source: String,
    manual_slug: Option<String>,
    scheduled_at: Option<String>,
}

fn too_long(field: &'static str, max: usize) -> Error {
    Error::InvalidInput {
        field,
        reason: said!("dài quá {max} ký tự", "longer than {max} characters"),
    }
}

fn short(field: &'static str, value: &str) -> Result<String> {
    let v = nfc(value.trim());
    if v.chars().count() > MAX_SHORT_FIELD_CHARS {
        return Err(too_long(field, MAX_SHORT_FIELD_CHARS));
    }
    Ok(v)
}

/// NFC, trimmed, without empties or repeats (first one wins), as a JSON array.
fn name_list(field: &'static str, items: &[String]) -> Result<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let v = nfc(item.trim());
        if v.is_empty() || out.contains(&v) {
            continue;
        }
        if v.chars().count() > MAX_NAME_CHARS {
            return Err(too_long(field, MAX_NAME_CHARS));
        }
        out.push(v);
    }
    if out.len() > MAX_LIST_ITEMS {
        return Err(Error::InvalidInput {
            field,
            reason: said!(
                "nhiều quá {MAX_LIST_ITEMS} mục",
                "more than {MAX_LIST_ITEMS} items"
            ),
        });
    }
    Ok(serde_json::Value::from(out).to_string())
}

/// A revision's fields as stored, and as they travel (bundles, the newsroom server).
#[derive(Debug, Clone, Copy)]
pub struct StoredFields<'a> {
    /// create | save | autosave | restore.
    pub kind: &'a str,
    /// When its burst began (RFC 3339).
    pub created_at: &'a str,
    /// When it was saved (RFC 3339).
    pub saved_at: &'a str,
    /// Title.
    pub title: &'a str,
    /// Lead.
    pub lead: &'a str,
    /// Markdown body.
    pub body: &'a str,
    /// JSON array of names.
    pub authors: &'a str,
    /// Category.
    pub category: &'a str,
    /// JSON array of tags.
    pub tags: &'a str,
    /// Source line.
    pub source: &'a str,
    /// Address.
    pub slug: &'a str,
    /// Publication time, if set (RFC 3339).
    pub scheduled_at: Option<&'a str>,
}

/// Refuses `v` as `field` unless it is an instant as stored ([`newsroom_base::timestamp`]).
pub(crate) fn check_instant(field: &'static str, v: &str) -> Result<()> {
    parse_timestamp(v)
        .map(|_| ())
        .map_err(|_| Error::InvalidInput {
            field,
            reason: said!(
                "“{v}” không phải thời điểm hợp lệ",
                "“{v}” is not a valid instant"
            ),
        })
}

/// Checks a revision that came from another machine with the limits a save here applies (and the
/// newsroom server applies to what it takes): sizes, instants that parse, lists of names that are
/// JSON arrays of strings. What fails is refused whole, never stored half.
pub fn check_stored(f: &StoredFields<'_>) -> Result<()> {
    if !matches!(f.kind, "create" | "save" | "autosave" | "restore") {
        let k = f.kind;
        return Err(Error::InvalidInput {
            field: "kind",
            reason: said!("loại bản lưu lạ “{k}”", "unknown kind of revision “{k}”"),
        });
    }
    check_instant("created_at", f.created_at)?;
    check_instant("saved_at", f.saved_at)?;
    if let Some(v) = f.scheduled_at {
        check_instant("scheduled_at", v)?;
    }
    if f.title.chars().count() > MAX_TITLE_CHARS {
        return Err(too_long("title", MAX_TITLE_CHARS));
    }
    for (field, v) in [
        ("lead", f.lead),
        ("category", f.category),
        ("source", f.source),
    ] {
        if v.chars().count() > MAX_SHORT_FIELD_CHARS {
            return Err(too_long(field, MAX_SHORT_FIELD_CHARS));
        }
    }
    if f.slug.chars().count() > MAX_TITLE_CHARS {
        return Err(too_long("slug", MAX_TITLE_CHARS));
    }
    if f.body.len() > MAX_BODY_BYTES {
        return Err(too_long("body", MAX_BODY_BYTES));
    }
    for (field, v) in [("authors", f.authors), ("tags", f.tags)] {
        let names: Option<Vec<String>> = serde_json::from_str(v).ok();
        match names {
            Some(n)
                if n.len() <= MAX_LIST_ITEMS
                    && n.iter().all(|x| x.chars().count() <= MAX_NAME_CHARS) => {}
            _ => {
                return Err(Error::InvalidInput {
                    field,
                    reason: said!(
                        "phải là danh sách tối đa {MAX_LIST_ITEMS} tên, mỗi tên tối đa {MAX_NAME_CHARS} ký tự",
                        "must be a list of at most {MAX_LIST_ITEMS} names of at most {MAX_NAME_CHARS} characters"
                    ),
                });
            }
        }
    }
    Ok(())
}

impl ArticleInput {
    fn clean(&self) -> Result<Clean> {
        let title = nfc(self.title.trim());
        if title.is_empty() {
            return Err(Error::InvalidInput {
                field: "title",
                reason: said!("tiêu đề không được để trống", "the title cannot be empty"),
            });
        }
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(too_long("title", MAX_TITLE_CHARS));
        }
        if self.body.len() > MAX_BODY_BYTES {
            return Err(Error::InvalidInput {
                field: "body",
                reason: {
                    let mb = MAX_BODY_BYTES / 1024 / 1024;
                    said!(
                        "nội dung lớn quá {mb} MB",
                        "the text is larger than {mb} MB"
                    )
                },
            });
        }
        let manual_slug = if self.slug.trim().is_empty() {
            None
        } else {
            let s = text::slug(&self.slug);
            if s.is_empty() {
                return Err(Error::InvalidInput {
                    field: "slug",
                    reason: said!(
                        "đường dẫn phải có ít nhất một chữ hoặc số",
                        "the address needs at least one letter or digit"
                    ),
                });
            }
            Some(s)
        };
        Ok(Clean {
            title,
            lead: short("lead", &self.lead)?,
            body: nfc(&self.body),
            authors: name_list("authors", &self.authors)?,
            category: short("category", &self.category)?,
            tags: name_list("tags", &self.tags)?,
            source: short("source", &self.source)?,
            manual_slug,
            scheduled_at: self.scheduled_at.map(timestamp),
        })
    }
}

fn parse_list(s: &str) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
    })
}

fn not_found(id: &str) -> Error {
    Error::NotFound {
        what: said!("bài viết", "article"),
        id: id.to_string(),
    }
}

/// Checks that `id` looks like a ULID, so a typo gets a clear answer (and ids are safe in paths).
pub(crate) fn check_id(id: &str) -> Result<()> {
    Ulid::from_string(id).map(|_| ()).map_err(|_| not_found(id))
}

/// Article `id`'s id now: itself, or the id it moved to when the server said someone else had
/// taken it (`sync::rekey`; a window may still hold the old one).
fn current_id(conn: &Connection, id: &str) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT m.new_id FROM article_moves m
             WHERE m.old_id = ?1 AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = ?1)",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| id.to_string()))
}

/// A new id. Ids made by one process sort in creation order even within one millisecond.
pub(crate) fn new_id() -> String {
    static GENERATOR: LazyLock<Mutex<ulid::Generator>> =
        LazyLock::new(|| Mutex::new(ulid::Generator::new()));
    let mut generator = GENERATOR.lock().unwrap_or_else(|p| p.into_inner());
    // `generate` fails only when 2^80 ids were made in one millisecond; fall back to a random one.
    generator
        .generate()
        .unwrap_or_else(|_| Ulid::new())
        .to_string()
}

/// A write transaction that takes the lock at once, so read-check-write cannot interleave.
fn write_tx(conn: &Connection) -> Result<Transaction<'_>> {
    Ok(Transaction::new_unchecked(
        conn,
        TransactionBehavior::Immediate,
    )?)
}

/// The slug to store: the hand-set one (which must be free), or one made from the title, made
/// unique with `-2`, `-3`… .
fn resolve_slug(
    tx: &Transaction<'_>,
    id: &str,
    title: &str,
    manual: Option<&str>,
) -> Result<String> {
    let taken = |s: &str| -> Result<bool> {
        Ok(tx
            .query_row(
                "SELECT 1 FROM articles WHERE slug = ?1 AND id <> ?2",
                params![s, id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    };
    if let Some(manual) = manual {
        if taken(manual)? {
            return Err(Error::InvalidInput {
                field: "slug",
                reason: said!(
                    "đường dẫn “{manual}” đã được dùng cho bài khác",
                    "the address “{manual}” is already used by another article"
                ),
            });
        }
        return Ok(manual.to_string());
    }
    let mut base = text::slug(title);
    if base.is_empty() {
        base = "bai-viet".into();
    }
    let mut candidate = base.clone();
    let mut n = 2;
    while taken(&candidate)? {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}

/// Bookkeeping of one revision row.
struct RevisionMeta<'a> {
    number: i64,
    parent: Option<i64>,
    kind: &'a str,
    author: &'a str,
    created_at: &'a str,
    saved_at: &'a str,
}

/// Records the article row's current content as revision `meta.number`.
fn insert_revision(
    tx: &Transaction<'_>,
    id: &str,
    meta: &RevisionMeta<'_>,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO revisions (article_id, number, parent, kind, author, created_at, saved_at,
                                title, lead, body, authors, category, tags, source, slug, scheduled_at,
                                uid, parent_uid)
         SELECT id, ?2, ?3, ?4, ?5, ?6, ?7,
                title, lead, body, authors, category, tags, source, slug, scheduled_at,
                ?8, (SELECT uid FROM revisions WHERE article_id = ?1 AND number = ?3)
         FROM articles WHERE id = ?1",
        params![
            id,
            meta.number,
            meta.parent,
            meta.kind,
            nfc(meta.author.trim()),
            meta.created_at,
            meta.saved_at,
            new_uid()
        ],
    )?;
    Ok(())
}

/// Creates a draft (revision 1) and returns it.
pub fn create(conn: &Connection, input: &ArticleInput, author: &str) -> Result<Article> {
    create_with(conn, input, author, |_, _| Ok(()))
}

/// Creates a draft (revision 1), running `also` with the new article's id in the same transaction
/// (a draft made from a file writes its figures there: all of it lands, or nothing).
pub fn create_with(
    conn: &Connection,
    input: &ArticleInput,
    author: &str,
    also: impl FnOnce(&Transaction<'_>, &str) -> Result<()>,
) -> Result<Article> {
    let clean = input.clean()?;
    crate::rules::before_create(conn, author)?;
    let id = new_id();
    let now = timestamp(Utc::now());
    let tx = write_tx(conn)?;
    let slug = resolve_slug(&tx, &id, &clean.title, clean.manual_slug.as_deref())?;
    tx.execute(
        "INSERT INTO articles (id, title, lead, body, authors, category, tags, source, slug, slug_manual,
                               scheduled_at, status, created_at, updated_at, revision, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'draft', ?12, ?12, 1, ?13)",
        params![
            id,
            clean.title,
            clean.lead,
            clean.body,
            clean.authors,
            clean.category,
            clean.tags,
            clean.source,
            slug,
            clean.manual_slug.is_some(),
            clean.scheduled_at,
            now,
            nfc(author.trim())
        ],
    )?;
    insert_revision(
        &tx,
        &id,
        &RevisionMeta {
            number: 1,
            parent: None,
            kind: "create",
            author,
            created_at: &now,
            saved_at: &now,
        },
    )?;
    mark_stale(&tx, &id)?;
    also(&tx, &id)?;
    tx.commit()?;
    get(conn, &id)
}

/// The latest revision's bookkeeping, for coalescing autosaves.
struct Head {
    number: i64,
    parent: Option<i64>,
    kind: String,
    author: String,
    created_at: DateTime<Utc>,
    saved_at: DateTime<Utc>,
    /// The newsroom server has it (`sync_sent`): it is never replaced, whatever the burst.
    sent: bool,
}

fn head(tx: &Transaction<'_>, id: &str, number: i64) -> Result<Option<Head>> {
    Ok(tx
        .query_row(
            "SELECT number, parent, kind, author, created_at, saved_at,
                    EXISTS (SELECT 1 FROM sync_sent s WHERE s.uid = revisions.uid)
             FROM revisions WHERE article_id = ?1 AND number = ?2",
            params![id, number],
            |r| {
                Ok(Head {
                    number: r.get(0)?,
                    parent: r.get(1)?,
                    kind: r.get(2)?,
                    author: r.get(3)?,
                    created_at: parse_timestamp(&r.get::<_, String>(4)?)?,
                    saved_at: parse_timestamp(&r.get::<_, String>(5)?)?,
                    sent: r.get(6)?,
                })
            },
        )
        .optional()?)
}

/// Saves a new state of article `id`, made from revision `base_revision`, and returns the article.
///
/// Refused with [`Error::Conflict`] when the article's current revision is not `base_revision`
/// (someone else saved since): nothing is written. An [`SaveKind::Autosave`] by the same author
/// within a burst ([`BURST_GAP`], [`BURST_SPAN`]) replaces that burst's previous autosave revision.
pub fn save(
    conn: &Connection,
    id: &str,
    base_revision: i64,
    input: &ArticleInput,
    author: &str,
    kind: SaveKind,
) -> Result<Article> {
    let kind = match kind {
        SaveKind::Save => RevisionKind::Save,
        SaveKind::Autosave => RevisionKind::Autosave,
    };
    write(conn, id, base_revision, input, author, kind)
}

/// What made a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RevisionKind {
    Save,
    Autosave,
    Restore,
}

impl RevisionKind {
    fn name(self) -> &'static str {
        match self {
            RevisionKind::Save => "save",
            RevisionKind::Autosave => "autosave",
            RevisionKind::Restore => "restore",
        }
    }
}

/// [`save`], for any kind of revision.
pub(crate) fn write(
    conn: &Connection,
    id: &str,
    base_revision: i64,
    input: &ArticleInput,
    author: &str,
    kind: RevisionKind,
) -> Result<Article> {
    write_with(conn, id, base_revision, input, author, kind, |_| Ok(()))
}

/// [`write`], running `also` in the same transaction (after the article row is updated): both are
/// saved or neither.
pub(crate) fn write_with(
    conn: &Connection,
    id: &str,
    base_revision: i64,
    input: &ArticleInput,
    author: &str,
    kind: RevisionKind,
    also: impl FnOnce(&Transaction<'_>) -> Result<()>,
) -> Result<Article> {
    check_id(id)?;
    let clean = input.clean()?;
    let author = nfc(author.trim());
    let now = Utc::now();
    let tx = write_tx(conn)?;
    let id = &current_id(&tx, id)?;
    let (current, status): (i64, Status) = tx
        .query_row(
            "SELECT revision, status FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    if current != base_revision {
        return Err(Error::Conflict {
            expected: base_revision,
            found: current,
        });
    }
    if status == Status::Spiked {
        return Err(Error::InvalidInput {
            field: "status",
            reason: said!(
                "bài đang ở thùng rác; hãy khôi phục trước khi sửa",
                "the article is in the trash; take it out before editing"
            ),
        });
    }
    // The next number: after the highest, which is not always the current one (a bundle from
    // another machine may have added revisions beside it).
    let next: i64 = tx.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE article_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    crate::rules::before_edit(&tx, id, &author, next)?;
    let slug = resolve_slug(&tx, id, &clean.title, clean.manual_slug.as_deref())?;
    tx.execute(
        "UPDATE articles SET title = ?2, lead = ?3, body = ?4, authors = ?5, category = ?6, tags = ?7,
                source = ?8, slug = ?9, slug_manual = ?10, scheduled_at = ?11, updated_at = ?12,
                revision = ?13
         WHERE id = ?1",
        params![
            id,
            clean.title,
            clean.lead,
            clean.body,
            clean.authors,
            clean.category,
            clean.tags,
            clean.source,
            slug,
            clean.manual_slug.is_some(),
            clean.scheduled_at,
            timestamp(now),
            next
        ],
    )?;
    let prev = head(&tx, id, current)?;
    let joins_burst = kind == RevisionKind::Autosave
        && prev.as_ref().is_some_and(|p| {
            p.kind == "autosave"
                && !p.sent
                && p.author == author
                && now - p.saved_at < BURST_GAP
                && now - p.created_at < BURST_SPAN
        });
    let (parent, started) = match prev {
        Some(p) if joins_burst => {
            tx.execute(
                "DELETE FROM revisions WHERE article_id = ?1 AND number = ?2",
                params![id, p.number],
            )?;
            (p.parent, timestamp(p.created_at))
        }
        _ => (Some(current), timestamp(now)),
    };
    insert_revision(
        &tx,
        id,
        &RevisionMeta {
            number: next,
            parent,
            kind: kind.name(),
            author: &author,
            created_at: &started,
            saved_at: &timestamp(now),
        },
    )?;
    also(&tx)?;
    mark_stale(&tx, id)?;
    tx.commit()?;
    get(conn, id)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Article> {
    let title: String = row.get("title")?;
    let lead: String = row.get("lead")?;
    let body: String = row.get("body")?;
    let word_count = text::word_count(&title)
        + text::word_count(&lead)
        + text::word_count(&crate::markdown::plain_text(&body));
    Ok(Article {
        id: row.get("id")?,
        authors: parse_list(&row.get::<_, String>("authors")?)?,
        category: row.get("category")?,
        tags: parse_list(&row.get::<_, String>("tags")?)?,
        source: row.get("source")?,
        slug: row.get("slug")?,
        slug_manual: row.get("slug_manual")?,
        status: row.get("status")?,
        scheduled_at: row
            .get::<_, Option<String>>("scheduled_at")?
            .map(|s| parse_timestamp(&s))
            .transpose()?,
        created_at: parse_timestamp(&row.get::<_, String>("created_at")?)?,
        updated_at: parse_timestamp(&row.get::<_, String>("updated_at")?)?,
        revision: row.get("revision")?,
        word_count,
        reading_minutes: text::reading_minutes(word_count),
        title,
        lead,
        body,
    })
}

/// Reads one article at its current revision.
pub fn get(conn: &Connection, id: &str) -> Result<Article> {
    check_id(id)?;
    let id = &current_id(conn, id)?;
    conn.query_row("SELECT * FROM articles WHERE id = ?1", [id], from_row)
        .optional()?
        .ok_or_else(|| not_found(id))
}

/// Articles, most recently saved first: those in `filter.status`, or all but the trash.
pub fn list(conn: &Connection, filter: &ListFilter) -> Result<Vec<ArticleSummary>> {
    let mut stmt = conn.prepare(
        "SELECT id, title, authors, category, status, updated_at, revision FROM articles
         WHERE (?1 IS NULL AND status <> 'spiked') OR status = ?1
         ORDER BY updated_at DESC, id DESC",
    )?;
    let rows = stmt.query_map([filter.status], |row| {
        Ok(ArticleSummary {
            id: row.get(0)?,
            title: row.get(1)?,
            authors: parse_list(&row.get::<_, String>(2)?)?,
            category: row.get(3)?,
            status: row.get(4)?,
            updated_at: parse_timestamp(&row.get::<_, String>(5)?)?,
            revision: row.get(6)?,
        })
    })?;
    summaries(rows)
}

/// The rows of a list, a row that cannot be read (damaged, or stored by an earlier version before
/// incoming rows were checked) left out and logged: one bad article never hides the others.
fn summaries<T>(rows: impl Iterator<Item = rusqlite::Result<T>>) -> Result<Vec<T>> {
    let mut out = Vec::new();
    for row in rows {
        match row {
            Ok(r) => out.push(r),
            Err(e @ rusqlite::Error::FromSqlConversionFailure(..))
            | Err(e @ rusqlite::Error::InvalidColumnType(..)) => {
                log::warn!("an article left out of a list: {e}");
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(out)
}

/// Moves an article to the trash (spike). It keeps its revisions and comes back with [`unspike`].
pub fn spike(conn: &Connection, id: &str, by: &Actor) -> Result<Article> {
    check_id(id)?;
    let tx = write_tx(conn)?;
    let (status, owner): (Status, String) = tx
        .query_row(
            "SELECT status, created_by FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    rules::allow(by, Change::Trash, Some(&owner))?;
    if status != Status::Spiked {
        tx.execute(
            "UPDATE articles SET status = 'spiked', spiked_from = ?2 WHERE id = ?1",
            params![id, status],
        )?;
    }
    tx.commit()?;
    get(conn, id)
}

/// Takes an article out of the trash, back to the state it was in.
pub fn unspike(conn: &Connection, id: &str, by: &Actor) -> Result<Article> {
    check_id(id)?;
    let tx = write_tx(conn)?;
    let (status, from, owner): (Status, Option<String>, String) = tx
        .query_row(
            "SELECT status, spiked_from, created_by FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    rules::allow(by, Change::Untrash, Some(&owner))?;
    if status == Status::Spiked {
        let back = from
            .as_deref()
            .and_then(Status::parse)
            .unwrap_or(Status::Draft);
        tx.execute(
            "UPDATE articles SET status = ?2, spiked_from = NULL WHERE id = ?1",
            params![id, back],
        )?;
    }
    tx.commit()?;
    get(conn, id)
}

/// Deletes an article and its history for good. Only articles in the trash can be deleted.
pub fn delete(conn: &Connection, id: &str, by: &Actor) -> Result<()> {
    check_id(id)?;
    let tx = write_tx(conn)?;
    let (status, owner): (Status, String) = tx
        .query_row(
            "SELECT status, created_by FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| not_found(id))?;
    rules::allow(by, Change::Delete, Some(&owner))?;
    if status != Status::Spiked {
        return Err(Error::InvalidInput {
            field: "status",
            reason: said!(
                "chỉ xoá hẳn được bài đã nằm trong thùng rác",
                "only an article in the trash can be deleted for good"
            ),
        });
    }
    tx.execute("DELETE FROM articles WHERE id = ?1", [id])?;
    tx.commit()?;
    // Give the space back when deletes have left much of the file empty (the vacuum policy). The
    // delete is done: a failed vacuum is logged, not reported as a failed delete.
    if let Err(e) = crate::db::reclaim(conn) {
        log::warn!("vacuum after a delete failed: {e}");
    }
    Ok(())
}

/// Fills what migration 0002 added to articles made before it: slugs and a first revision.
pub(crate) fn backfill_0002(tx: &Transaction<'_>) -> Result<()> {
    let rows: Vec<(String, String, String)> = tx
        .prepare("SELECT id, title, created_at FROM articles ORDER BY created_at, id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, title, created) in rows {
        let slug = resolve_slug(tx, &id, &title, None)?;
        tx.execute(
            "UPDATE articles SET slug = ?2 WHERE id = ?1",
            params![id, slug],
        )?;
        // The revisions table as migration 0002 made it (later columns do not exist yet).
        tx.execute(
            "INSERT INTO revisions (article_id, number, parent, kind, author, created_at, saved_at,
                                    title, lead, body, authors, category, tags, source, slug, scheduled_at)
             SELECT id, 1, NULL, 'create', '', ?2, ?2,
                    title, lead, body, authors, category, tags, source, slug, scheduled_at
             FROM articles WHERE id = ?1",
            params![id, created],
        )?;
    }
    tx.execute_batch("CREATE UNIQUE INDEX articles_by_slug ON articles (slug);")?;
    Ok(())
}

/// Marks article `id` as changed since it was indexed; call inside the transaction that saved it.
/// Indexing waits for the next search, so a save (an autosave while typing) stays cheap.
pub(crate) fn mark_stale(tx: &Transaction<'_>, id: &str) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO search_pending (article_id) VALUES (?1)",
        [id],
    )?;
    Ok(())
}
