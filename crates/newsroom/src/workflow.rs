//! Review and approval: the steps an article moves through ([`transition`]), the approval record
//! and its content hash, the export gate, and the audit log. Who may do what is the rule table of
//! [`crate::rules`], whose people and roles this module re-exports.
//!
//! An edit of an approved or exported article sends it back to "Chờ duyệt": the approval no longer holds.
//! Export refuses an article whose content hash differs from the approved one.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use newsroom_base::{hex, timestamp};

use crate::articles;
use crate::articles::Article;
pub use crate::rules::{
    Action, Actor, Change, Role, User, actor, add_user, allow, current, is_solo, remove_user,
    set_pin, set_role, users,
};
use crate::rules::{Step, audit, forbidden, rule};
use crate::status::Status;
use crate::text::nfc;
use crate::{Error, Result, said};

/// The approval that holds for an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Approval {
    /// Who approved.
    pub approver: String,
    /// When (UTC).
    pub approved_at: String,
    /// The revision approved.
    #[ts(type = "number")]
    pub revision: i64,
    /// SHA-256 of the approved content's canonical form ([`content_hash`]).
    pub content_sha256: String,
}

/// One line of an article's audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LogEntry {
    /// When (UTC, RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What: a workflow action, or a save kind (create, save, autosave, restore).
    pub action: String,
    /// State before (empty for edits).
    pub from_status: String,
    /// State after (empty for edits).
    pub to_status: String,
    /// The article's revision at that point.
    #[ts(type = "number")]
    pub revision: i64,
    /// A note (the reason given for a request for changes, …).
    pub note: String,
}

/// The canonical form of an article's content, whose SHA-256 an approval records: compact JSON with
/// keys in this order — `title`, `lead`, `body` (Markdown, NFC), then `figures`, each figure of the
/// body in order of its number with `n`, `alt`, `caption`, `credit` (shown) and `photo` (SHA-256 of
/// the original file). Documented in ARCHITECTURE.md.
pub fn canonical_content(conn: &Connection, article: &Article) -> Result<String> {
    let assets = crate::figures::assets(conn, &article.id)?;
    Ok(canonical_content_of(article, &assets))
}

/// [`canonical_content`] of `article` whose figures' photos and credits are `assets` (by figure
/// number), for a caller that has them already.
pub fn canonical_content_of(
    article: &Article,
    assets: &std::collections::HashMap<u32, (crate::media::Photo, String)>,
) -> String {
    let mut refs = crate::figures::refs(&article.body);
    refs.sort_by_key(|r| r.n);
    refs.dedup_by_key(|r| r.n);
    let figures: Vec<serde_json::Value> = refs
        .iter()
        .map(|r| {
            let (photo, credit) = assets
                .get(&r.n)
                .map(|(p, c)| (p.hash.as_str(), c.as_str()))
                .unwrap_or(("", ""));
            serde_json::json!({ "n": r.n, "alt": r.alt, "caption": r.caption, "credit": credit, "photo": photo })
        })
        .collect();
    // serde_json keeps the order of `json!` objects only with preserve_order; write it by hand.
    let s = |v: &str| serde_json::to_string(v).unwrap_or_default();
    let figs: Vec<String> = figures
        .iter()
        .map(|f| {
            format!(
                "{{\"n\":{},\"alt\":{},\"caption\":{},\"credit\":{},\"photo\":{}}}",
                f["n"],
                s(f["alt"].as_str().unwrap_or_default()),
                s(f["caption"].as_str().unwrap_or_default()),
                s(f["credit"].as_str().unwrap_or_default()),
                s(f["photo"].as_str().unwrap_or_default()),
            )
        })
        .collect();
    format!(
        "{{\"title\":{},\"lead\":{},\"body\":{},\"figures\":[{}]}}",
        s(&article.title),
        s(&article.lead),
        s(&article.body),
        figs.join(",")
    )
}

/// SHA-256 (hex) of [`canonical_content`].
pub fn content_hash(conn: &Connection, article: &Article) -> Result<String> {
    Ok(hex(&Sha256::digest(
        canonical_content(conn, article)?.as_bytes(),
    )))
}

/// The last approval of article `id`, if it holds (the article is approved or exported).
pub fn approval(conn: &Connection, id: &str) -> Result<Option<Approval>> {
    approval_of(conn, &articles::get(conn, id)?)
}

/// [`approval`] of an article already loaded.
fn approval_of(conn: &Connection, a: &Article) -> Result<Option<Approval>> {
    let id = a.id.as_str();
    if !matches!(a.status, Status::Approved | Status::Exported) {
        return Ok(None);
    }
    Ok(conn
        .query_row(
            "SELECT approver, approved_at, revision, content_sha256 FROM approvals
             WHERE article_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| {
                Ok(Approval {
                    approver: r.get(0)?,
                    approved_at: r.get(1)?,
                    revision: r.get(2)?,
                    content_sha256: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// Does `action` (not an edit, not an export: see [`before_edit`] and [`export_approval`]) to article
/// `id` as `actor`, recording it in the audit log with `note`. Approving records the content hash.
pub fn transition(
    conn: &Connection,
    id: &str,
    actor: &Actor,
    action: Action,
    note: &str,
) -> Result<Article> {
    if matches!(action, Action::Edit | Action::Export) {
        return Err(Error::InvalidInput {
            field: "action",
            reason: said!(
                "sửa và xuất bản đi qua lưu bài và xuất bản",
                "edits and exports go through saving and publishing"
            ),
        });
    }
    let article = articles::get(conn, id)?;
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let (from, created_by, claimed_by, revision): (Status, String, Option<String>, i64) = tx
        .query_row(
            "SELECT status, created_by, claimed_by, revision FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
    let to = rule(actor, action, from, &created_by, claimed_by.as_deref())?;
    let claimed = match to {
        Status::InReview => Some(actor.name.clone()),
        _ => None,
    };
    tx.execute(
        "UPDATE articles SET status = ?2, claimed_by = ?3 WHERE id = ?1",
        params![id, to, claimed],
    )?;
    if action == Action::Approve {
        let hash = content_hash(&tx, &article)?;
        tx.execute(
            "INSERT INTO approvals (article_id, revision, approver, approved_at, content_sha256, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, revision, actor.name, timestamp(Utc::now()), hash, newsroom_base::new_uid()],
        )?;
    }
    audit(
        &tx,
        id,
        actor,
        &Step {
            action: action.as_str(),
            from,
            to,
            revision,
            note,
        },
    )?;
    tx.commit()?;
    articles::get(conn, id)
}

/// Before an export of `article` by `actor`: in team mode the article must be approved or
/// exported, the actor staff or admin, and the content unchanged since the approval, which is
/// returned for the manifest. Solo mode: the approval if one holds, else none.
///
/// `article` is the one being exported, loaded once by the export, and `canonical` its
/// [`canonical_content`], which the export also writes into the package.
pub fn export_approval(
    conn: &Connection,
    article: &Article,
    canonical: &str,
    actor: &Actor,
) -> Result<Option<Approval>> {
    let id = article.id.as_str();
    let approval = approval_of(conn, article)?;
    let hash = hex(&Sha256::digest(canonical.as_bytes()));
    if actor.solo {
        return Ok(approval.filter(|a| a.content_sha256 == hash));
    }
    let created_by: String =
        conn.query_row("SELECT created_by FROM articles WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
    rule(actor, Action::Export, article.status, &created_by, None)?;
    let approval = approval.ok_or_else(|| {
        forbidden(
            actor,
            Action::Export,
            said!("bài chưa có bản duyệt", "the article has no approval"),
        )
    })?;
    if hash != approval.content_sha256 {
        return Err(forbidden(
            actor,
            Action::Export,
            said!(
                "nội dung (chữ, chú thích, mô tả ảnh, tác giả ảnh hoặc ảnh) đã khác bản được duyệt; hãy gửi duyệt lại",
                "the content (text, captions, photo descriptions, credits or photos) differs from the approved version; submit it again"
            ),
        ));
    }
    Ok(Some(approval))
}

/// Records a finished export of article `id` in the audit log and moves it to "Đã xuất" (team mode).
pub(crate) fn exported(conn: &Connection, id: &str, actor: &Actor) -> Result<()> {
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let (from, revision): (Status, i64) = tx.query_row(
        "SELECT status, revision FROM articles WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let to = if actor.solo { from } else { Status::Exported };
    tx.execute(
        "UPDATE articles SET status = ?2 WHERE id = ?1",
        params![id, to],
    )?;
    audit(
        &tx,
        id,
        actor,
        &Step {
            action: "export",
            from,
            to,
            revision,
            note: "",
        },
    )?;
    tx.commit()?;
    Ok(())
}

/// The audit log of article `id`, oldest first: workflow steps and every saved revision.
pub fn log(conn: &Connection, id: &str) -> Result<Vec<LogEntry>> {
    articles::get(conn, id)?;
    let mut out: Vec<LogEntry> = conn
        .prepare(
            "SELECT at, actor, action, from_status, to_status, revision, note FROM audit
             WHERE article_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(LogEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                from_status: r.get(3)?,
                to_status: r.get(4)?,
                revision: r.get(5)?,
                note: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let edits: Vec<LogEntry> = conn
        .prepare("SELECT saved_at, author, kind, number FROM revisions WHERE article_id = ?1 ORDER BY number")?
        .query_map([id], |r| {
            Ok(LogEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                from_status: String::new(),
                to_status: String::new(),
                revision: r.get(3)?,
                note: String::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Each step happens at a revision, after the save that made it (same-millisecond timestamps
    // would not order them): by revision, its save first, then its steps in the order they were taken.
    let steps = std::mem::take(&mut out);
    let mut all: Vec<(i64, u8, usize, LogEntry)> = edits
        .into_iter()
        .enumerate()
        .map(|(i, e)| (e.revision, 0, i, e))
        .chain(
            steps
                .into_iter()
                .enumerate()
                .map(|(i, e)| (e.revision, 1, i, e)),
        )
        .collect();
    all.sort_by_key(|(rev, rank, seq, _)| (*rev, *rank, *seq));
    out.extend(all.into_iter().map(|(_, _, _, e)| e));
    Ok(out)
}

/// The revision of article `id` that `reviewer` last finished reviewing (approved, sent back or
/// released), for the diff "since you last reviewed it".
pub fn last_reviewed(conn: &Connection, id: &str, reviewer: &str) -> Result<Option<i64>> {
    Ok(conn.query_row(
        "SELECT max(revision) FROM audit
         WHERE article_id = ?1 AND actor = ?2 AND action IN ('approve', 'request_changes', 'release')",
        params![id, nfc(reviewer.trim())],
        |r| r.get(0),
    )?)
}
