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
use crate::profile::Profile;
pub use crate::rules::{
    Action, Actor, Change, Role, User, actor, add_user, allow, current, is_solo, remove_user,
    set_pin, set_role, users,
};
use crate::rules::{Step, audit, forbidden, rule};
use crate::signing::SCHEME;
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
    /// The revision approved, by uid (the same on every machine; signed).
    #[serde(default)]
    pub revision_uid: String,
    /// The form of content the hash covers: 4, everything the page shows and who created the
    /// article ([`canonical_content`]); 3 without the creator; 2 without the slug and the lead
    /// picture; 1, text and figures only (approvals made before signing, never signed).
    #[serde(default = "scheme_1")]
    #[ts(type = "number")]
    pub scheme: i64,
    /// The key that signed it (empty: unsigned).
    #[serde(default)]
    pub key_id: String,
    /// The approver's Ed25519 signature over [`crate::signing::approval_message`], base64.
    #[serde(default)]
    pub signature: String,
}

fn scheme_1() -> i64 {
    1
}

impl Approval {
    /// Its signed fields, for [`crate::signing::check`].
    pub fn signed<'a>(&'a self, article_id: &'a str) -> crate::signing::Signed<'a> {
        crate::signing::Signed {
            article_id,
            revision_uid: &self.revision_uid,
            approver: &self.approver,
            approved_at: &self.approved_at,
            scheme: self.scheme,
            content_sha256: &self.content_sha256,
            key_id: &self.key_id,
            signature: &self.signature,
        }
    }
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

/// The canonical form of an article's content, whose SHA-256 an approval records (scheme 4):
/// compact JSON with keys in this order — `scheme` (4), `creator` (the login of who created the
/// article: an approval by its own writer shows anywhere), `title`, `lead`, `body` (Markdown, NFC),
/// `slug` (the package's, as `profile` makes it), `figures` (each figure of the body in order of
/// its number with `n`, `alt`, `caption`, `credit`, `photo`, the SHA-256 of the original file, and
/// `lead`, whether it is the lead picture), then what else the page shows: `authors` (the byline),
/// `category`, `tags`, `source`, `time` (the time line as `profile` prints it) and `page`, the
/// profile's fields printed on the page (`site_kind`, `site_name`, `lead_prefix`, `time_label`,
/// `byline`, `footer`, `language`). Scheme 3 had no `creator`; scheme 2 neither `slug` nor the
/// figures' `lead`. Documented in ARCHITECTURE.md.
pub fn canonical_content(
    conn: &Connection,
    article: &Article,
    profile: &Profile,
) -> Result<String> {
    let assets = crate::figures::assets(conn, &article.id)?;
    let leads = lead_figures(conn, &article.id)?;
    let creator = creator(conn, &article.id)?;
    Ok(canonical_content_of(
        article, &creator, &assets, &leads, SCHEME, profile,
    ))
}

/// Who created article `id` (the login, not the byline).
pub fn creator(conn: &Connection, id: &str) -> Result<String> {
    Ok(
        conn.query_row("SELECT created_by FROM articles WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

/// The numbers of article `id`'s figures marked as its lead picture.
pub fn lead_figures(conn: &Connection, id: &str) -> Result<std::collections::HashSet<u32>> {
    Ok(conn
        .prepare_cached("SELECT n FROM figures WHERE article_id = ?1 AND lead = 1")?
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?)
}

#[derive(Serialize)]
struct Figure<'a> {
    n: u32,
    alt: &'a str,
    caption: &'a str,
    credit: &'a str,
    photo: &'a str,
    /// Scheme 3 on.
    #[serde(skip_serializing_if = "Option::is_none")]
    lead: Option<bool>,
    /// Scheme 5 on: the files the package shows for it, widest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    renditions: Option<Vec<RenditionRef<'a>>>,
}

/// A rendition as an approval of scheme 5 names it: its width and its file's SHA-256.
#[derive(Serialize)]
struct RenditionRef<'a> {
    width: u32,
    sha256: &'a str,
}

#[derive(Serialize)]
struct Page<'a> {
    site_kind: &'a str,
    site_name: &'a str,
    lead_prefix: &'a str,
    time_label: &'a str,
    byline: &'a crate::profile::BylinePlacement,
    footer: &'a [String],
    language: &'a str,
}

#[derive(Serialize)]
struct Content1<'a> {
    title: &'a str,
    lead: &'a str,
    body: &'a str,
    figures: &'a [Figure<'a>],
}

#[derive(Serialize)]
struct Content2<'a> {
    scheme: i64,
    /// Scheme 4 on: who created the article, so that an approval by its own writer is seen
    /// anywhere, a package's desk included.
    #[serde(skip_serializing_if = "Option::is_none")]
    creator: Option<&'a str>,
    title: &'a str,
    lead: &'a str,
    body: &'a str,
    /// Scheme 3 only.
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<String>,
    figures: &'a [Figure<'a>],
    authors: &'a [String],
    category: &'a str,
    tags: &'a [String],
    source: &'a str,
    time: String,
    page: Page<'a>,
}

/// [`canonical_content`] of `article`, created by `creator`, whose figures' photos and credits are
/// `assets` (by figure number) and whose lead pictures are `leads`, in form `scheme`: 5 as above,
/// 4 without the renditions' files, 3 without the creator, 2 without the slug and the lead flags, 1 the form approvals had before signing (`title`, `lead`, `body`, `figures`
/// only), for a caller that has them already.
pub fn canonical_content_of(
    article: &Article,
    creator: &str,
    assets: &std::collections::HashMap<u32, (crate::media::Photo, String)>,
    leads: &std::collections::HashSet<u32>,
    scheme: i64,
    profile: &Profile,
) -> String {
    let mut refs = crate::figures::refs(&article.body);
    refs.sort_by_key(|r| r.n);
    refs.dedup_by_key(|r| r.n);
    let figures: Vec<Figure<'_>> = refs
        .iter()
        .map(|r| {
            let asset = assets.get(&r.n);
            let (photo, credit) = asset
                .map(|(p, c)| (p.hash.as_str(), c.as_str()))
                .unwrap_or(("", ""));
            let renditions = (scheme >= 5).then(|| {
                let mut rs: Vec<RenditionRef<'_>> = asset
                    .map(|(p, _)| {
                        p.renditions
                            .iter()
                            .map(|x| RenditionRef {
                                width: x.width,
                                sha256: &x.sha256,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                rs.sort_by(|a, b| b.width.cmp(&a.width).then_with(|| a.sha256.cmp(b.sha256)));
                rs
            });
            Figure {
                n: r.n,
                alt: &r.alt,
                caption: &r.caption,
                credit,
                photo,
                lead: (scheme >= 3).then(|| leads.contains(&r.n)),
                renditions,
            }
        })
        .collect();
    // Struct fields serialize in their order: the form is fixed.
    let out = if scheme == 1 {
        serde_json::to_string(&Content1 {
            title: &article.title,
            lead: &article.lead,
            body: &article.body,
            figures: &figures,
        })
    } else {
        serde_json::to_string(&Content2 {
            scheme,
            creator: (scheme >= 4).then_some(creator),
            title: &article.title,
            lead: &article.lead,
            body: &article.body,
            slug: (scheme >= 3).then(|| profile.package_slug(article)),
            figures: &figures,
            authors: &article.authors,
            category: &article.category,
            tags: &article.tags,
            source: &article.source,
            time: profile.time_line(article.scheduled_at.unwrap_or(article.updated_at)),
            page: Page {
                site_kind: &profile.site_kind,
                site_name: &profile.site_name,
                lead_prefix: &profile.lead_prefix,
                time_label: &profile.time_label,
                byline: &profile.byline,
                footer: &profile.footer,
                language: &profile.language,
            },
        })
    };
    out.unwrap_or_default()
}

/// SHA-256 (hex) of [`canonical_content`] with the default profile.
pub fn content_hash(conn: &Connection, article: &Article) -> Result<String> {
    let profile = crate::profile::active(conn)?;
    Ok(hex(&Sha256::digest(
        canonical_content(conn, article, &profile)?.as_bytes(),
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
            "SELECT p.approver, p.approved_at, p.revision, p.content_sha256,
                    coalesce((SELECT uid FROM revisions r WHERE r.article_id = p.article_id AND r.number = p.revision), ''),
                    p.scheme, p.key_id, p.signature
             FROM approvals p WHERE p.article_id = ?1 ORDER BY p.id DESC LIMIT 1",
            [id],
            |r| {
                Ok(Approval {
                    approver: r.get(0)?,
                    approved_at: r.get(1)?,
                    revision: r.get(2)?,
                    content_sha256: r.get(3)?,
                    revision_uid: r.get(4)?,
                    scheme: r.get(5)?,
                    key_id: r.get(6)?,
                    signature: r.get(7)?,
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
        let key = signing_key(&tx, actor)?;
        let revision_uid: String = tx.query_row(
            "SELECT uid FROM revisions WHERE article_id = ?1 AND number = ?2",
            params![id, revision],
            |r| r.get(0),
        )?;
        let at = timestamp(Utc::now());
        let signature = key.sign(&crate::signing::approval_message(
            id,
            &revision_uid,
            &actor.name,
            &at,
            SCHEME,
            &hash,
        ));
        tx.execute(
            "INSERT INTO approvals (article_id, revision, approver, approved_at, content_sha256, uid,
                                    scheme, key_id, signature)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                id,
                revision,
                actor.name,
                at,
                hash,
                newsroom_base::new_uid(),
                SCHEME,
                key.key_id(),
                signature
            ],
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

/// The key `actor` signs approvals with: in a folder joined to a newsroom server, their own key made
/// here, which an admin must have registered there (else the approval is refused now rather than
/// by the server later); in a folder on its own, their key here, made at the first approval.
fn signing_key(conn: &Connection, actor: &Actor) -> Result<crate::signing::OwnKey> {
    let key = crate::signing::ensure_own_key(conn, &actor.name)?;
    if !crate::rules::joined_to_server(conn)? {
        return Ok(key);
    }
    let id = key.key_id();
    if !crate::signing::registered(&crate::signing::trusted(conn)?, &id, &actor.name) {
        let print = crate::signing::fingerprint(&id);
        return Err(forbidden(
            actor,
            Action::Approve,
            said!(
                "khóa ký của bạn chưa được quản trị đăng ký trên máy chủ tòa soạn (hoặc đã bị thu hồi); khóa đã được gửi lên máy chủ khi đồng bộ: hãy nhờ quản trị đăng ký nó trong Cài đặt → Tòa soạn sau khi hai bên đọc cùng dấu vân tay {print}, rồi đồng bộ lại",
                "your signing key is not registered on the newsroom server (or was revoked); it went to the server with your sync: ask an admin to register it in Settings → Newsroom once you both read the same fingerprint {print}, then sync again"
            ),
        ));
    }
    Ok(key)
}

/// What an export of `article` (with its figures' `assets`) by `actor` writes as its canonical
/// content, and the approval it goes out under.
///
/// In team mode the article must be approved or exported, the actor staff or admin, the approval
/// signed by a key this folder trusts (an unsigned approval from before signing still holds in a
/// folder on its own, which made it), and the content — everything the page shows with `profile`
/// — unchanged since. Solo mode: the approval if one holds, else none.
pub fn export_approval(
    conn: &Connection,
    article: &Article,
    assets: &std::collections::HashMap<u32, (crate::media::Photo, String)>,
    profile: &Profile,
    actor: &Actor,
) -> Result<(String, Option<Approval>)> {
    let id = article.id.as_str();
    let approval = approval_of(conn, article)?;
    let scheme = approval.as_ref().map_or(SCHEME, |a| a.scheme);
    let leads = lead_figures(conn, id)?;
    let created_by = creator(conn, id)?;
    let canonical = canonical_content_of(article, &created_by, assets, &leads, scheme, profile);
    let hash = hex(&Sha256::digest(canonical.as_bytes()));
    let signed = |a: &Approval| -> Result<std::result::Result<(), crate::Said>> {
        if a.scheme == 1 && a.signature.is_empty() && !crate::rules::joined_to_server(conn)? {
            return Ok(Ok(()));
        }
        Ok(crate::signing::check(
            &crate::signing::trusted(conn)?,
            &a.signed(id),
        ))
    };
    if actor.solo {
        let approval = match approval {
            Some(a) if a.content_sha256 == hash && signed(&a)?.is_ok() => Some(a),
            _ => None,
        };
        let canonical = if scheme == SCHEME || approval.is_some() {
            canonical
        } else {
            canonical_content_of(article, &created_by, assets, &leads, SCHEME, profile)
        };
        return Ok((canonical, approval));
    }
    rule(actor, Action::Export, article.status, &created_by, None)?;
    let approval = approval.ok_or_else(|| {
        forbidden(
            actor,
            Action::Export,
            said!("bài chưa có bản duyệt", "the article has no approval"),
        )
    })?;
    if let Err(why) = crate::signing::not_own(&approval.approver, &created_by) {
        return Err(forbidden(actor, Action::Export, why));
    }
    if let Err(why) = signed(&approval)? {
        return Err(forbidden(actor, Action::Export, why));
    }
    // In a folder joined to a server, the server decides: only an approval it holds counts.
    if crate::rules::joined_to_server(conn)? {
        let confirmed: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_sent WHERE uid =
                 (SELECT uid FROM approvals WHERE article_id = ?1 ORDER BY id DESC LIMIT 1))",
            [id],
            |r| r.get(0),
        )?;
        if !confirmed {
            return Err(forbidden(
                actor,
                Action::Export,
                said!(
                    "bản duyệt chưa được máy chủ tòa soạn xác nhận; hãy đồng bộ rồi xuất lại",
                    "the approval is not confirmed by the newsroom server yet; sync, then export again"
                ),
            ));
        }
    }
    if hash != approval.content_sha256 {
        return Err(forbidden(
            actor,
            Action::Export,
            said!(
                "nội dung hoặc trang (chữ, tác giả, chuyên mục, từ khóa, nguồn, thời gian, ảnh và chú thích, hoặc phần trang của hồ sơ cổng) đã khác bản được duyệt; hãy gửi duyệt lại",
                "the content or the page (text, byline, category, tags, source, time, photos and captions, or the profile's part of the page) differs from the approved version; submit it again"
            ),
        ));
    }
    Ok((canonical, Some(approval)))
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
