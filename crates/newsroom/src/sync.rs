//! A data folder joined to a newsroom server: the SQLite side of syncing. What is still to send
//! ([`outgoing`]), in the order it happened; what the server sent back ([`apply`]), merged as a
//! bundle is (new revisions added by uid, the article moved forward or marked diverged); the
//! people and roles the server says. The transport (PostgreSQL) is `newsroom-server`'s: this
//! module knows nothing of it.
//!
//! The server is the authority: a step taken here offline (submit, claim, approve…) is a request
//! until the server takes it; one it refuses is removed here and the server's state put back,
//! with the reason in [`log`]. Rows the server has are listed in `sync_sent`; an autosave the
//! server has is never replaced by the next one of its burst (`articles`).

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::bundle::format::{
    ApprovalRow, ArticleRow, AuditRow, CommentRow, Contents, FigureRow, Header, PhotoRow,
    RevisionRow,
};
use crate::bundle::{BundleImported, FORMAT, FORMAT_VERSION};
use crate::rules::Role;
use crate::status::Status;
use crate::{Error, Result, said};
use newsroom_base::timestamp;

/// The server a folder is joined to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Joined {
    /// Its address (a PostgreSQL URL or connection string, no password).
    pub url: String,
    /// Who this folder works as.
    pub user: String,
    /// When it was joined.
    pub connected_at: String,
    /// The last sync that went through.
    pub synced_at: Option<String>,
    /// Why the last sync did not, if it did not.
    pub error: Option<String>,
    /// The person asked to keep their password in the OS's own store (`newsroom_server::kept`):
    /// the app reads it there at start instead of asking.
    pub password_kept: bool,
}

/// The server this folder syncs with, if any.
pub fn joined(conn: &Connection) -> Result<Option<Joined>> {
    Ok(conn
        .query_row(
            "SELECT url, user, connected_at, synced_at, error, password_kept FROM sync_server WHERE id = 1",
            [],
            |r| {
                Ok(Joined {
                    url: r.get(0)?,
                    user: r.get(1)?,
                    connected_at: r.get(2)?,
                    synced_at: r.get(3)?,
                    error: r.get(4)?,
                    password_kept: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// Joins this folder to the server at `url` as `user`, the newsroom whose id is `newsroom_id`. A
/// folder joined to another server or as someone else is refused, and so is one that left another
/// newsroom, or left as someone else: it would mix two newsrooms', or two people's, work.
pub fn join(conn: &Connection, url: &str, user: &str, newsroom_id: Option<&str>) -> Result<Joined> {
    let user = crate::text::nfc(user.trim());
    if let Some(j) = joined(conn)? {
        if j.url == url && j.user == user {
            if let Some(id) = newsroom_id {
                conn.execute(
                    "UPDATE sync_server SET newsroom_id = ?1 WHERE id = 1 AND newsroom_id IS NULL",
                    [id],
                )?;
            }
            return Ok(j);
        }
        let (old_url, old_user) = (j.url, j.user);
        return Err(Error::InvalidInput {
            field: "server",
            reason: said!(
                "thư mục này đã nối với máy chủ {old_url} dưới tên “{old_user}”; hãy dùng một thư mục dữ liệu khác",
                "this folder is already joined to {old_url} as “{old_user}”; use another data folder"
            ),
        });
    }
    if let Some(left) = left(conn)? {
        if left.user != user {
            let old_user = left.user;
            return Err(Error::InvalidInput {
                field: "server",
                reason: said!(
                    "thư mục này giữ bài của “{old_user}” từ lần nối trước; chỉ “{old_user}” nối lại được, người khác hãy dùng một thư mục dữ liệu khác",
                    "this folder holds “{old_user}”'s work from before; only “{old_user}” may join it again: use another data folder"
                ),
            });
        }
        if let (Some(was), Some(now)) = (left.newsroom_id.as_deref(), newsroom_id)
            && was != now
        {
            let old_url = left.url;
            return Err(Error::InvalidInput {
                field: "server",
                reason: said!(
                    "thư mục này giữ bài của tòa soạn ở {old_url}, không phải của tòa soạn này; hãy dùng một thư mục dữ liệu khác",
                    "this folder holds the work of the newsroom at {old_url}, not this one's; use another data folder"
                ),
            });
        }
    }
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO sync_server (id, url, user, connected_at, newsroom_id) VALUES (1, ?1, ?2, ?3, ?4)",
        params![url, user, timestamp(Utc::now()), newsroom_id],
    )?;
    tx.execute("DELETE FROM sync_left", [])?;
    tx.commit()?;
    joined(conn)?.ok_or_else(|| Error::Server {
        reason: said!("không ghi được máy chủ", "the server could not be recorded"),
    })
}

/// The newsroom id the folder's server gave (None: not joined, or joined before it was recorded).
pub fn newsroom_id(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT newsroom_id FROM sync_server WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// The refusal of what only a joined folder does.
pub fn not_joined() -> Error {
    Error::InvalidInput {
        field: "server",
        reason: said!(
            "thư mục này chưa nối với máy chủ tòa soạn nào",
            "this folder is not joined to a newsroom server"
        ),
    }
}

/// The server a folder left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Left {
    /// Its address.
    pub url: String,
    /// Who the folder worked as.
    pub user: String,
    /// The newsroom's id, if it was known.
    #[ts(optional = nullable)]
    pub newsroom_id: Option<String>,
    /// When it left.
    pub left_at: String,
    /// Changes made here that had not reached the server: they stay in the folder, and are sent
    /// if it joins the same newsroom again.
    pub unsent: u32,
}

/// The server this folder left, if it left one (and has not joined again).
pub fn left(conn: &Connection) -> Result<Option<Left>> {
    Ok(conn
        .query_row(
            "SELECT url, user, newsroom_id, left_at FROM sync_left WHERE id = 1",
            [],
            |r| {
                Ok(Left {
                    url: r.get(0)?,
                    user: r.get(1)?,
                    newsroom_id: r.get(2)?,
                    left_at: r.get(3)?,
                    unsent: 0,
                })
            },
        )
        .optional()?)
}

/// Leaves the server: the folder works on its own again, as a laptop alone does (the server's
/// people, mirrored here, go: no sign-in is asked; they come back if it joins again). The
/// articles and the changes not yet sent (counted in the answer) stay here; those are sent if the
/// folder joins the same newsroom again as the same person.
pub fn leave(conn: &Connection) -> Result<Left> {
    let unsent = pending(conn)?;
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let j = tx
        .query_row(
            "SELECT url, user, newsroom_id FROM sync_server WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(not_joined)?;
    let at = timestamp(Utc::now());
    tx.execute(
        "INSERT INTO sync_left (id, url, user, newsroom_id, left_at) VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, user = excluded.user,
             newsroom_id = excluded.newsroom_id, left_at = excluded.left_at",
        params![j.0, j.1, j.2, at],
    )?;
    tx.execute("DELETE FROM sync_server", [])?;
    tx.execute("DELETE FROM users", [])?;
    note(
        &tx,
        &format!(
            "đã rời máy chủ {}; {unsent} thay đổi chưa gửi vẫn ở trong thư mục này",
            j.0
        ),
    )?;
    tx.commit()?;
    Ok(Left {
        url: j.0,
        user: j.1,
        newsroom_id: j.2,
        left_at: at,
        unsent,
    })
}

/// The folder's server moved to `url` (the caller checked it is the same newsroom and person).
/// The next pull reads everything again: the cursor of another address's cluster means nothing
/// there, and what is read twice merges as nothing new.
pub fn move_to(conn: &Connection, url: &str) -> Result<Joined> {
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let old: String = tx
        .query_row("SELECT url FROM sync_server WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .ok_or_else(not_joined)?;
    tx.execute(
        "UPDATE sync_server SET url = ?1, cursor = '0', error = NULL WHERE id = 1",
        [url],
    )?;
    note(&tx, &format!("máy chủ chuyển từ {old} sang {url}"))?;
    tx.commit()?;
    joined(conn)?.ok_or_else(|| Error::Server {
        reason: said!("không ghi được máy chủ", "the server could not be recorded"),
    })
}

/// Records whether the person's password is kept in the OS's own store (the caller put it there or
/// took it out). A folder not joined is refused.
pub fn set_password_kept(conn: &Connection, kept: bool) -> Result<()> {
    let n = conn.execute(
        "UPDATE sync_server SET password_kept = ?1 WHERE id = 1",
        [kept],
    )?;
    if n == 0 {
        return Err(not_joined());
    }
    Ok(())
}

/// How far this folder has read the server (its transaction horizon, as text; "0": nothing yet).
pub fn cursor(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row("SELECT cursor FROM sync_server WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_else(|| "0".into()))
}

/// Records a pull that went through up to `cursor`.
pub fn set_cursor(conn: &Connection, cursor: &str) -> Result<()> {
    conn.execute(
        "UPDATE sync_server SET cursor = ?1 WHERE id = 1",
        params![cursor],
    )?;
    Ok(())
}

/// Records how the last sync ended: `None` it went through, else why not.
pub fn finished(conn: &Connection, error: Option<&str>) -> Result<()> {
    if error.is_none() {
        conn.execute(
            "UPDATE sync_server SET synced_at = ?1, error = NULL WHERE id = 1",
            params![timestamp(Utc::now())],
        )?;
    } else {
        conn.execute(
            "UPDATE sync_server SET error = ?1 WHERE id = 1",
            params![error],
        )?;
    }
    Ok(())
}

/// The people and roles the server says: this folder's profiles become exactly those (no PINs:
/// the server's password is the sign-in). Not the authority: the server checks every change again.
pub fn set_people(conn: &Connection, people: &[(String, Role)]) -> Result<()> {
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let names: HashSet<&str> = people.iter().map(|(n, _)| n.as_str()).collect();
    let local: Vec<String> = tx
        .prepare("SELECT name FROM users")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for n in local.iter().filter(|n| !names.contains(n.as_str())) {
        tx.execute("DELETE FROM users WHERE name = ?1", [n])?;
    }
    for (name, role) in people {
        tx.execute(
            "INSERT INTO users (name, role, created_at, created_by) VALUES (?1, ?2, ?3, 'server')
             ON CONFLICT (name) DO UPDATE SET role = excluded.role, pin_salt = NULL, pin_hash = NULL",
            params![name, role.as_str(), timestamp(Utc::now())],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// A revision to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionOut {
    /// The article.
    pub article_id: String,
    /// The revision's fields, as stored.
    pub row: RevisionData,
    /// The local audit step this save caused (an approved article sent back to review), if any.
    pub audit_uid: Option<String>,
}

/// A revision's fields, as they travel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionData {
    /// Its uid.
    pub uid: String,
    /// Its parent's.
    pub parent_uid: Option<String>,
    /// A merge's other parent.
    pub merged_uid: Option<String>,
    /// create | save | autosave | restore.
    pub kind: String,
    /// Who wrote it.
    pub author: String,
    /// When its burst started.
    pub created_at: String,
    /// When it was saved.
    pub saved_at: String,
    /// Title.
    pub title: String,
    /// Lead.
    pub lead: String,
    /// Body (Markdown).
    pub body: String,
    /// Bylines, as stored.
    pub authors: String,
    /// Category.
    pub category: String,
    /// Tags, as stored.
    pub tags: String,
    /// Source.
    pub source: String,
    /// Slug.
    pub slug: String,
    /// Publication time.
    pub scheduled_at: Option<String>,
}

/// A review step taken here, to ask of the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepOut {
    /// The article.
    pub article_id: String,
    /// The audit step's uid.
    pub uid: String,
    /// submit | claim | release | request_changes | approve | export.
    pub action: String,
    /// Who took it (only they can send it).
    pub actor: String,
    /// The revision it was taken on.
    pub revision_uid: Option<String>,
    /// Its note.
    pub note: String,
    /// Approve: the approved content's hash; export: the approval's it exported under.
    pub content_sha256: Option<String>,
    /// Approve: the approval's uid.
    pub approval_uid: Option<String>,
    /// Approve: the approval's signed time, form of content, key and signature.
    pub signed: Option<Box<StepSignature>>,
}

/// What an approval sent with its step carries besides its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepSignature {
    /// When it was given (signed).
    pub approved_at: String,
    /// The form of content its hash covers.
    pub scheme: i64,
    /// The key that signed.
    pub key_id: String,
    /// The signature, base64.
    pub signature: String,
}

/// One thing to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outgoing {
    /// A revision.
    Revision(Box<RevisionOut>),
    /// A review step.
    Step(StepOut),
    /// A comment written here (on article `.0`).
    Comment(String, Box<CommentRow>),
    /// A comment resolved or opened again here: (article, comment uid, resolved).
    Resolution(String, String, bool),
    /// An article's figures changed here: its whole set, the photos the server may lack (their
    /// original files are sent first, once), and the set's `sync_sent` key.
    Figures(Box<FiguresOut>),
}

/// An article's figures, to set on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiguresOut {
    /// The article.
    pub article_id: String,
    /// Its figures, by number.
    pub figures: Vec<FigureRow>,
    /// Photos of those figures not known to be on the server yet.
    pub photos: Vec<String>,
    /// The `sync_sent` key of this set ([`figures_key`]).
    pub key: String,
}

/// The `sync_sent` key of article `id`'s figure set `figures`: the server has that set.
pub fn figures_key(id: &str, figures: &[FigureRow]) -> String {
    let text: String = figures
        .iter()
        .map(|f| format!("{}\t{}\t{}\t{}\n", f.n, f.photo, f.credit, f.lead))
        .collect();
    format!(
        "figures:{id}:{}",
        newsroom_base::sha256_hex(text.as_bytes())
    )
}

/// The `sync_sent` key of a photo whose original file the server has.
pub fn photo_key(hash: &str) -> String {
    format!("photo:{hash}")
}

/// Records that the server has article `id`'s figure set `key` (forgetting the sets before it,
/// so a set that comes back to an earlier one is sent again).
pub fn figures_sent(conn: &Connection, id: &str, key: &str) -> Result<()> {
    conn.execute(
        "DELETE FROM sync_sent WHERE uid >= ?1 AND uid < ?2",
        params![format!("figures:{id}:"), format!("figures:{id};")],
    )?;
    conn.execute(
        "INSERT INTO sync_sent (uid) VALUES (?1) ON CONFLICT DO NOTHING",
        [key],
    )?;
    Ok(())
}

/// The server refused article `id`'s figure set `key`: not sent again; the server's set comes back
/// with the next pull; the log says why.
pub fn figures_refused(conn: &Connection, id: &str, key: &str, reason: &str) -> Result<()> {
    figures_sent(conn, id, key)?;
    note(
        conn,
        &format!("máy chủ không nhận ảnh của bài {id}: {reason}"),
    )
}

/// A photo of the library, to send: its record and its original file's bytes.
pub fn photo_original(conn: &Connection, hash: &str) -> Result<(PhotoRow, Vec<u8>)> {
    let p = crate::media::get(conn, hash)?;
    let dir = crate::db::data_dir_of(conn)?;
    let path = crate::media::original_path(&dir, &p);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    Ok((
        PhotoRow {
            hash: p.hash,
            original_name: p.original_name,
            description: p.description,
            credit: p.credit,
            copyright: p.copyright,
        },
        bytes,
    ))
}

/// Whether the library has photo `hash`.
pub fn has_photo(conn: &Connection, hash: &str) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM photos WHERE hash = ?1", [hash], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Photo `hash`'s renditions to send beside its original (the person who adds a photo sends
/// them, so every laptop shows, and an approval names, the same files): the active profile's
/// first (`media::renditions_to_send`).
pub fn photo_renditions(conn: &Connection, hash: &str) -> Result<Vec<crate::media::Given>> {
    let dir = crate::db::data_dir_of(conn)?;
    let spec = crate::profile::active(conn)?.photo_spec();
    crate::media::renditions_to_send(conn, &dir, hash, &spec)
}

/// Adds a photo the server sent to the library, checked as any photo added here, with the
/// renditions its sender made (`given`, checked against the original's shape: the same files on
/// every laptop); when none came or they do not hold, with renditions made here (the default
/// profile's). Then stored with its description, credit and copyright.
pub fn store_photo(
    conn: &Connection,
    row: &PhotoRow,
    bytes: Vec<u8>,
    by: &str,
    given: Vec<crate::media::Given>,
) -> Result<()> {
    if has_photo(conn, &row.hash)? {
        return Ok(());
    }
    let name = if row.original_name.is_empty() {
        row.hash.clone()
    } else {
        row.original_name.clone()
    };
    let c = crate::media::check_bytes(&name, bytes)?;
    if c.hash != row.hash {
        let hash = &row.hash;
        return Err(Error::Server {
            reason: said!(
                "máy chủ gửi ảnh {hash} với nội dung khác mã băm của nó",
                "the server sent photo {hash} with bytes that do not match its hash"
            ),
        });
    }
    let spec = crate::profile::active(conn)?.photo_spec();
    let made = crate::media::given_or_rendered(&c, given, &spec)?;
    let dir = crate::db::data_dir_of(conn)?;
    crate::media::store(conn, &dir, &c, &made, by)?;
    crate::media::set_meta(
        conn,
        &row.hash,
        Some(&row.description),
        Some(&row.credit),
        Some(&row.copyright),
    )?;
    conn.execute(
        "INSERT INTO sync_sent (uid) VALUES (?1) ON CONFLICT DO NOTHING",
        [photo_key(&row.hash)],
    )?;
    Ok(())
}

/// The `sync_sent` key of a comment's resolution state: the server has the comment in that state.
pub fn resolution_key(uid: &str, resolved_at: Option<&str>) -> String {
    format!("resolved:{uid}:{}", resolved_at.unwrap_or("open"))
}

/// The steps the server takes from a laptop (the others are not sent).
const STEPS: [&str; 6] = [
    "submit",
    "claim",
    "release",
    "request_changes",
    "approve",
    "export",
];

/// Everything still to send, article by article, each in the order it happened: a revision
/// before the steps taken on it. Revisions the server refused before (`sync_held`) are left out.
pub fn outgoing(conn: &Connection) -> Result<Vec<Outgoing>> {
    let mut revs = conn.prepare(
        "SELECT article_id, number, uid, parent_uid, merged_uid, kind, author, created_at, saved_at,
                title, lead, body, authors, category, tags, source, slug, scheduled_at
         FROM revisions r
         WHERE NOT EXISTS (SELECT 1 FROM sync_sent s WHERE s.uid = r.uid)
           AND NOT EXISTS (SELECT 1 FROM sync_held h WHERE h.uid = r.uid)
         ORDER BY article_id, number",
    )?;
    // (article, revision number, 0 for a revision / 1 for a step, order among steps)
    let mut items: Vec<((String, i64, u8, i64), Outgoing)> = revs
        .query_map([], |r| {
            let article_id: String = r.get(0)?;
            let number: i64 = r.get(1)?;
            Ok((
                (article_id.clone(), number, 0u8, 0i64),
                Outgoing::Revision(Box::new(RevisionOut {
                    article_id,
                    audit_uid: None,
                    row: RevisionData {
                        uid: r.get(2)?,
                        parent_uid: r.get(3)?,
                        merged_uid: r.get(4)?,
                        kind: r.get(5)?,
                        author: r.get(6)?,
                        created_at: r.get(7)?,
                        saved_at: r.get(8)?,
                        title: r.get(9)?,
                        lead: r.get(10)?,
                        body: r.get(11)?,
                        authors: r.get(12)?,
                        category: r.get(13)?,
                        tags: r.get(14)?,
                        source: r.get(15)?,
                        slug: r.get(16)?,
                        scheduled_at: r.get(17)?,
                    },
                })),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Steps not sent: with the uid of the revision they were taken on, and for approve and
    // export the approval's hash (export: the newest approval before it).
    let mut steps = conn.prepare(
        "SELECT a.article_id, a.revision, a.id, a.uid, a.action, a.note, a.actor,
                (SELECT uid FROM revisions r WHERE r.article_id = a.article_id AND r.number = a.revision),
                (SELECT p.uid FROM approvals p WHERE p.article_id = a.article_id AND p.revision = a.revision
                   AND p.approver = a.actor AND NOT EXISTS (SELECT 1 FROM sync_sent s WHERE s.uid = p.uid)
                 ORDER BY p.id DESC LIMIT 1),
                (SELECT p.content_sha256 FROM approvals p WHERE p.article_id = a.article_id
                   AND p.approved_at <= a.at ORDER BY p.id DESC LIMIT 1)
         FROM audit a
         WHERE NOT EXISTS (SELECT 1 FROM sync_sent s WHERE s.uid = a.uid)
           AND NOT EXISTS (SELECT 1 FROM sync_held h WHERE h.uid = a.uid)
         ORDER BY a.article_id, a.id",
    )?;
    type StepRow = (
        (String, i64, i64, String),
        (String, String, String),
        (Option<String>, Option<String>, Option<String>),
    );
    let rows: Vec<StepRow> = steps
        .query_map([], |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?),
                (r.get(4)?, r.get(5)?, r.get(6)?),
                (r.get(7)?, r.get(8)?, r.get(9)?),
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (
        (article_id, revision, id, uid),
        (action, note, actor),
        (revision_uid, approval_uid, hash),
    ) in rows
    {
        if action == "edit" {
            // The server records this itself when the revision reaches it: sent with it.
            if let Some((_, Outgoing::Revision(r))) = items.iter_mut().find(|(k, o)| {
                k.0 == article_id && k.1 == revision && matches!(o, Outgoing::Revision(_))
            }) {
                r.audit_uid = Some(uid);
            }
            continue;
        }
        if !STEPS.contains(&action.as_str()) {
            continue;
        }
        let approve = action == "approve";
        let signed = match (&approval_uid, approve) {
            (Some(p), true) => conn
                .query_row(
                    "SELECT approved_at, scheme, key_id, signature FROM approvals WHERE uid = ?1",
                    [p],
                    |r| {
                        Ok(Box::new(StepSignature {
                            approved_at: r.get(0)?,
                            scheme: r.get(1)?,
                            key_id: r.get(2)?,
                            signature: r.get(3)?,
                        }))
                    },
                )
                .optional()?,
            _ => None,
        };
        items.push((
            (article_id.clone(), revision, 1, id),
            Outgoing::Step(StepOut {
                article_id,
                uid,
                revision_uid,
                note,
                content_sha256: if approve || action == "export" {
                    hash
                } else {
                    None
                },
                approval_uid: if approve { approval_uid } else { None },
                signed,
                action,
                actor,
            }),
        ));
    }
    // Comments written here, then resolutions changed here (after the steps of their revision).
    let mut comments = conn.prepare(
        "SELECT c.article_id, c.revision, c.id, c.uid, p.uid, c.author, c.created_at,
                (SELECT uid FROM revisions r WHERE r.article_id = c.article_id AND r.number = c.revision),
                c.kind, c.field, c.quote, c.before, c.after, c.body, c.resolved_at, c.resolved_by,
                EXISTS (SELECT 1 FROM sync_sent s WHERE s.uid = c.uid)
         FROM comments c LEFT JOIN comments p ON p.id = c.reply_to
         WHERE NOT EXISTS (SELECT 1 FROM sync_held h WHERE h.uid = c.uid)
           AND (NOT EXISTS (SELECT 1 FROM sync_sent s WHERE s.uid = c.uid)
                OR NOT EXISTS (SELECT 1 FROM sync_sent s
                               WHERE s.uid = 'resolved:' || c.uid || ':' || coalesce(c.resolved_at, 'open')))
         ORDER BY c.article_id, c.id",
    )?;
    let found: Vec<((String, i64, i64), CommentRow, bool)> = comments
        .query_map([], |r| {
            Ok((
                (r.get(0)?, r.get(1)?, r.get(2)?),
                CommentRow {
                    uid: r.get(3)?,
                    reply_to_uid: r.get(4)?,
                    author: r.get(5)?,
                    created_at: r.get(6)?,
                    revision_uid: r.get(7)?,
                    kind: r.get(8)?,
                    field: r.get(9)?,
                    quote: r.get(10)?,
                    before: r.get(11)?,
                    after: r.get(12)?,
                    body: r.get(13)?,
                    resolved_at: r.get(14)?,
                    resolved_by: r.get(15)?,
                },
                r.get(16)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for ((article_id, revision, id), c, sent) in found {
        let resolved = c.resolved_at.is_some();
        let changed_here = sent || resolved;
        let uid = c.uid.clone();
        if !sent {
            items.push((
                (article_id.clone(), revision, 2, id),
                Outgoing::Comment(article_id.clone(), Box::new(c)),
            ));
        }
        if changed_here {
            items.push((
                (article_id.clone(), revision, 3, id),
                Outgoing::Resolution(article_id, uid, resolved),
            ));
        }
    }
    // Figures: each article whose set differs from the one the server last had (after all of the
    // article's revisions and steps: the server must have the article first). An article with no
    // figures here is sent an empty set only if the server had some.
    let mut by_article: std::collections::BTreeMap<String, Vec<FigureRow>> = Default::default();
    for (article_id, f) in conn
        .prepare("SELECT article_id, n, photo, credit, lead, added_at FROM figures ORDER BY article_id, n")?
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                FigureRow {
                    n: r.get(1)?,
                    photo: r.get(2)?,
                    credit: r.get(3)?,
                    lead: r.get(4)?,
                    added_at: r.get(5)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    {
        by_article.entry(article_id).or_default().push(f);
    }
    // What the server has, read once (a lookup per article would cost a 10,000-article folder
    // tens of milliseconds at every sync).
    let keys = |from: &str, to: &str| -> Result<HashSet<String>> {
        Ok(conn
            .prepare("SELECT uid FROM sync_sent WHERE uid >= ?1 AND uid < ?2")?
            .query_map([from, to], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?)
    };
    let had = keys("figures:", "figures;")?;
    let photos_sent = keys("photo:", "photo;")?;
    for key in &had {
        let id = key["figures:".len()..]
            .rsplit_once(':')
            .map(|(id, _)| id.to_string());
        if let Some(id) = id {
            by_article.entry(id).or_default();
        }
    }
    for (article_id, figures) in by_article {
        let key = figures_key(&article_id, &figures);
        if had.contains(&key) {
            continue;
        }
        let held = conn
            .query_row(
                "SELECT 1 FROM articles a WHERE a.id = ?1 AND (a.status = 'spiked' OR NOT EXISTS (
                   SELECT 1 FROM revisions r WHERE r.article_id = a.id
                     AND NOT EXISTS (SELECT 1 FROM sync_held h WHERE h.uid = r.uid)))",
                [&article_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if held {
            continue;
        }
        let mut photos: Vec<String> = Vec::new();
        for f in &figures {
            if !photos.contains(&f.photo) && !photos_sent.contains(&photo_key(&f.photo)) {
                photos.push(f.photo.clone());
            }
        }
        items.push((
            (article_id.clone(), i64::MAX, 4, 0),
            Outgoing::Figures(Box::new(FiguresOut {
                article_id,
                figures,
                photos,
                key,
            })),
        ));
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(items.into_iter().map(|(_, o)| o).collect())
}

/// How many changes are waiting to be sent.
pub fn pending(conn: &Connection) -> Result<u32> {
    let n = outgoing(conn)?.len();
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// Marks rows as on the server.
pub fn mark_sent(conn: &Connection, uids: &[&str]) -> Result<()> {
    for u in uids {
        conn.execute(
            "INSERT INTO sync_sent (uid) VALUES (?1) ON CONFLICT DO NOTHING",
            [u],
        )?;
    }
    Ok(())
}

/// Writes a line to the sync log.
fn note(conn: &Connection, message: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_log (at, message) VALUES (?1, ?2)",
        params![timestamp(Utc::now()), message],
    )?;
    Ok(())
}

/// Something the server sent that this folder left out (bad data: it failed the checks this
/// laptop applies), in the sync log.
pub fn note_left_out(conn: &Connection, what: &str) -> Result<()> {
    note(conn, &format!("không nhận từ máy chủ: {what}"))
}

/// A revision or step the server refused, or that only its maker can send: kept here, not sent
/// again, the reason logged.
pub fn hold(conn: &Connection, uid: &str, reason: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO sync_held (uid, reason) VALUES (?1, ?2) ON CONFLICT (uid) DO UPDATE SET reason = excluded.reason",
        params![uid, reason],
    )?;
    note(conn, &format!("bản sửa {uid} không gửi được: {reason}"))
}

/// A step the server refused, or one it did not need (the `edit` step of a save it took as an
/// ordinary edit): removed here with its approval; the server's state comes back with the next pull.
pub fn drop_step(conn: &Connection, uid: &str, reason: Option<&str>) -> Result<()> {
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let step: Option<(String, String, i64, String)> = tx
        .query_row(
            "SELECT article_id, action, revision, actor FROM audit WHERE uid = ?1",
            [uid],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    if let Some((article, action, revision, actor)) = step {
        if action == "approve" {
            tx.execute(
                "DELETE FROM approvals WHERE article_id = ?1 AND revision = ?2 AND approver = ?3
                   AND NOT EXISTS (SELECT 1 FROM sync_sent s WHERE s.uid = approvals.uid)",
                params![article, revision, actor],
            )?;
        }
        tx.execute("DELETE FROM audit WHERE uid = ?1", [uid])?;
        if let Some(why) = reason {
            note(
                &tx,
                &format!(
                    "máy chủ không nhận bước “{action}” của {actor} trên bài {article}: {why}"
                ),
            )?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// Tables whose rows of an article carry a uid the server keys them by, beside `revisions`.
const UID_TABLES: [&str; 3] = ["audit", "approvals", "comments"];

/// Tables that name an article by its id.
const ARTICLE_TABLES: [&str; 8] = [
    "revisions",
    "search_docs",
    "search_pending",
    "figures",
    "exports",
    "approvals",
    "audit",
    "comments",
];

/// Gives article `id` ids of its own where the server said someone else took them first (a
/// colleague holding a copy of her new article pushed under its ids): every revision, step,
/// approval and comment of it the server does not have gets a new uid, released if it was held,
/// and when none of its revisions is on the server the article gets a new id too (recorded in
/// `article_moves`, which [`crate::articles`] follows for a window still holding the old one).
/// The next push sends it all. Returns the new article id, if it changed.
pub fn rekey(conn: &Connection, id: &str) -> Result<Option<String>> {
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    // The article's id changes in its row and its children's in one transaction: the foreign
    // keys are checked at commit.
    tx.pragma_update(None, "defer_foreign_keys", true)?;
    let unsent = |table: &str| -> Result<Vec<String>> {
        let sql = format!(
            "SELECT uid FROM {table} t WHERE article_id = ?1 AND uid IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM sync_sent s WHERE s.uid = t.uid)"
        );
        let mut st = tx.prepare(&sql)?;
        let uids = st
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(uids)
    };
    let on_server: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM revisions r JOIN sync_sent s ON s.uid = r.uid
                        WHERE r.article_id = ?1)",
        [id],
        |r| r.get(0),
    )?;
    for old in unsent("revisions")? {
        let new = newsroom_base::new_uid();
        tx.execute(
            "UPDATE revisions SET uid = ?2 WHERE uid = ?1",
            params![old, new],
        )?;
        tx.execute(
            "UPDATE revisions SET parent_uid = ?2 WHERE parent_uid = ?1",
            params![old, new],
        )?;
        tx.execute(
            "UPDATE revisions SET merged_uid = ?2 WHERE merged_uid = ?1",
            params![old, new],
        )?;
        tx.execute(
            "UPDATE articles SET diverged_uid = ?2 WHERE diverged_uid = ?1",
            params![old, new],
        )?;
        tx.execute("DELETE FROM sync_held WHERE uid = ?1", [&old])?;
    }
    for table in UID_TABLES {
        for old in unsent(table)? {
            let new = newsroom_base::new_uid();
            tx.execute(
                &format!("UPDATE {table} SET uid = ?2 WHERE uid = ?1"),
                params![old, new],
            )?;
            tx.execute("DELETE FROM sync_held WHERE uid = ?1", [&old])?;
        }
    }
    let moved = if on_server {
        None
    } else {
        let new = crate::articles::new_id();
        tx.execute(
            "UPDATE articles SET id = ?2 WHERE id = ?1",
            params![id, new],
        )?;
        for table in ARTICLE_TABLES {
            tx.execute(
                &format!("UPDATE {table} SET article_id = ?2 WHERE article_id = ?1"),
                params![id, new],
            )?;
        }
        tx.execute(
            "UPDATE article_moves SET new_id = ?2 WHERE new_id = ?1",
            params![id, new],
        )?;
        tx.execute(
            "INSERT INTO article_moves (old_id, new_id, moved_at) VALUES (?1, ?2, ?3)",
            params![id, new, timestamp(Utc::now())],
        )?;
        Some(new)
    };
    match &moved {
        Some(new) => note(
            &tx,
            &format!(
                "mã bài {id} đã bị người khác dùng trước trên máy chủ: bài được chuyển sang mã mới {new} và gửi lại"
            ),
        )?,
        None => note(
            &tx,
            &format!(
                "mã bản sửa của bài {id} đã bị người khác dùng trước trên máy chủ: các bản chưa gửi được đặt mã mới và gửi lại"
            ),
        )?,
    }
    tx.commit()?;
    Ok(moved)
}

/// The sync log, newest first.
pub fn log(conn: &Connection, limit: u32) -> Result<Vec<(String, String)>> {
    Ok(conn
        .prepare("SELECT at, message FROM sync_log ORDER BY id DESC LIMIT ?1")?
        .query_map([limit], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?)
}

/// An article as the server holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerArticle {
    /// Id.
    pub id: String,
    /// Who created it.
    pub created_by: String,
    /// Its state.
    pub status: String,
    /// The editor reviewing it.
    pub claimed_by: Option<String>,
    /// The revision it stands at.
    pub head_uid: String,
}

/// Everything the server has of one article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incoming {
    /// The article.
    pub article: ServerArticle,
    /// All its revisions.
    pub revisions: Vec<RevisionData>,
    /// Its audit steps (times and roles the server's).
    pub audit: Vec<AuditRow>,
    /// Its approvals.
    pub approvals: Vec<ApprovalRow>,
    /// Its comments, with their resolution as the server has it.
    pub comments: Vec<CommentRow>,
    /// Its figures as the server has them (their photos already in the library: [`store_photo`]).
    pub figures: Vec<FigureRow>,
}

impl RevisionData {
    /// Its fields, for [`crate::articles::check_stored`].
    pub fn fields(&self) -> crate::articles::StoredFields<'_> {
        crate::articles::StoredFields {
            kind: &self.kind,
            created_at: &self.created_at,
            saved_at: &self.saved_at,
            title: &self.title,
            lead: &self.lead,
            body: &self.body,
            authors: &self.authors,
            category: &self.category,
            tags: &self.tags,
            source: &self.source,
            slug: &self.slug,
            scheduled_at: self.scheduled_at.as_deref(),
        }
    }
}

/// Checks what the server sent of one article with the limits this laptop applies to its own
/// saves, comments and figures, before any of it is written: a row that fails refuses the
/// article (said in the sync log), and the rest of the pull goes on.
pub fn check_incoming(inc: &Incoming) -> Result<()> {
    crate::articles::check_id(&inc.article.id).map_err(|_| Error::InvalidInput {
        field: "article",
        reason: said!("mã bài không hợp lệ", "invalid article id"),
    })?;
    if Status::parse(&inc.article.status).is_none() {
        let s = &inc.article.status;
        return Err(Error::InvalidInput {
            field: "status",
            reason: said!("trạng thái lạ “{s}”", "unknown state “{s}”"),
        });
    }
    for r in &inc.revisions {
        crate::articles::check_stored(&r.fields())?;
    }
    let instant = crate::articles::check_instant;
    for c in &inc.comments {
        instant("created_at", &c.created_at)?;
        if let Some(t) = &c.resolved_at {
            instant("resolved_at", t)?;
        }
        if c.body.chars().count() > crate::comments::MAX_COMMENT_CHARS
            || c.quote.len() > crate::articles::MAX_BODY_BYTES
            || c.before.chars().count() > crate::comments::MAX_CONTEXT_CHARS
            || c.after.chars().count() > crate::comments::MAX_CONTEXT_CHARS
        {
            return Err(Error::InvalidInput {
                field: "comment",
                reason: said!("lời bình quá dài", "a comment too long"),
            });
        }
    }
    for a in &inc.audit {
        instant("at", &a.at)?;
    }
    for a in &inc.approvals {
        instant("approved_at", &a.approved_at)?;
    }
    for f in &inc.figures {
        instant("added_at", &f.added_at)?;
        if f.credit.chars().count() > crate::figures::MAX_CREDIT_CHARS {
            return Err(Error::InvalidInput {
                field: "credit",
                reason: said!("nguồn ảnh quá dài", "a photo credit too long"),
            });
        }
    }
    Ok(())
}

/// Revisions parents first (a revision after its parent and a merge's other parent), then by
/// save time.
fn parents_first(revs: &[RevisionData]) -> Vec<&RevisionData> {
    let by_uid: HashMap<&str, &RevisionData> = revs.iter().map(|r| (r.uid.as_str(), r)).collect();
    let mut sorted: Vec<&RevisionData> = revs.iter().collect();
    sorted.sort_by(|a, b| (&a.saved_at, &a.uid).cmp(&(&b.saved_at, &b.uid)));
    let mut out = Vec::with_capacity(revs.len());
    let mut placed: HashSet<&str> = HashSet::new();
    fn place<'a>(
        r: &'a RevisionData,
        by_uid: &HashMap<&str, &'a RevisionData>,
        placed: &mut HashSet<&'a str>,
        out: &mut Vec<&'a RevisionData>,
        depth: usize,
    ) {
        if placed.contains(r.uid.as_str()) || depth > 100_000 {
            return;
        }
        for p in [&r.parent_uid, &r.merged_uid].into_iter().flatten() {
            if let Some(parent) = by_uid.get(p.as_str()) {
                place(parent, by_uid, placed, out, depth + 1);
            }
        }
        if placed.insert(r.uid.as_str()) {
            out.push(r);
        }
    }
    for r in sorted {
        place(r, &by_uid, &mut placed, &mut out, 0);
    }
    out
}

/// Adds what the server has of one article: new revisions by uid (the article moves forward to
/// the server's head, stays, or is marked diverged, as with a bundle), steps and approvals (the
/// server's record of one made here replaces ours: same uid, the server's time), the server's
/// state (an article in this laptop's trash stays there). One transaction.
pub fn apply(conn: &Connection, inc: &Incoming) -> Result<BundleImported> {
    let a = &inc.article;
    let ordered = parents_first(&inc.revisions);
    let head = inc
        .revisions
        .iter()
        .find(|r| r.uid == a.head_uid)
        .ok_or_else(|| {
            let id = &a.id;
            Error::Server {
                reason: said!(
                    "máy chủ gửi bài {id} thiếu bản sửa hiện tại",
                    "the server sent article {id} without its current revision"
                ),
            }
        })?;
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let local: Option<(bool, String, Option<String>)> = tx
        .query_row(
            "SELECT slug_manual, status, spiked_from FROM articles WHERE id = ?1",
            [&a.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let first_created = ordered
        .first()
        .map_or_else(|| head.created_at.clone(), |r| r.created_at.clone());
    let contents = Contents {
        header: Header {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            app_version: String::new(),
            created_at: head.saved_at.clone(),
            created_by: String::new(),
            article_id: a.id.clone(),
            head_uid: a.head_uid.clone(),
        },
        article: ArticleRow {
            id: a.id.clone(),
            title: head.title.clone(),
            lead: head.lead.clone(),
            body: head.body.clone(),
            authors: head.authors.clone(),
            category: head.category.clone(),
            tags: head.tags.clone(),
            source: head.source.clone(),
            slug: head.slug.clone(),
            slug_manual: local.as_ref().is_some_and(|l| l.0),
            scheduled_at: head.scheduled_at.clone(),
            status: a.status.clone(),
            spiked_from: None,
            created_at: first_created,
            updated_at: head.saved_at.clone(),
            created_by: a.created_by.clone(),
            claimed_by: a.claimed_by.clone(),
        },
        revisions: ordered
            .iter()
            .zip(1i64..)
            .map(|(r, n)| RevisionRow {
                uid: r.uid.clone(),
                parent_uid: r.parent_uid.clone(),
                number: n,
                kind: r.kind.clone(),
                author: r.author.clone(),
                created_at: r.created_at.clone(),
                saved_at: r.saved_at.clone(),
                title: r.title.clone(),
                lead: r.lead.clone(),
                body: r.body.clone(),
                authors: r.authors.clone(),
                category: r.category.clone(),
                tags: r.tags.clone(),
                source: r.source.clone(),
                slug: r.slug.clone(),
                scheduled_at: r.scheduled_at.clone(),
                merged_uid: r.merged_uid.clone(),
            })
            .collect(),
        comments: inc.comments.clone(),
        audit: inc.audit.clone(),
        approvals: inc.approvals.clone(),
        figures: Vec::new(),
        photos: Vec::new(),
        originals: HashMap::new(),
        renditions: Vec::new(),
        rendition_files: HashMap::new(),
    };
    let done = crate::bundle::import::merge_into(&tx, &contents, true)?;
    // The server's record of steps and approvals made here: its time and role.
    for s in &inc.audit {
        tx.execute(
            "UPDATE audit SET at = ?2, actor = ?3, role = ?4, from_status = ?5, to_status = ?6 WHERE uid = ?1",
            params![s.uid, s.at, s.actor, s.role, s.from_status, s.to_status],
        )?;
    }
    // Comments: whether each is resolved is the server's to say.
    for c in &inc.comments {
        tx.execute(
            "UPDATE comments SET resolved_at = ?2, resolved_by = ?3 WHERE uid = ?1",
            params![c.uid, c.resolved_at, c.resolved_by],
        )?;
        tx.execute(
            "INSERT INTO sync_sent (uid) VALUES (?1), (?2) ON CONFLICT DO NOTHING",
            params![c.uid, resolution_key(&c.uid, c.resolved_at.as_deref())],
        )?;
    }
    // The server's state: in this laptop's trash, the article stays there, to come back to it.
    let server_status = Status::parse(&a.status).unwrap_or(Status::Draft);
    if local.as_ref().is_some_and(|l| l.1 == "spiked") {
        tx.execute(
            "UPDATE articles SET spiked_from = ?2, claimed_by = ?3, created_by = ?4 WHERE id = ?1",
            params![a.id, server_status, a.claimed_by, a.created_by],
        )?;
    } else {
        tx.execute(
            "UPDATE articles SET status = ?2, claimed_by = ?3, created_by = ?4 WHERE id = ?1",
            params![a.id, server_status, a.claimed_by, a.created_by],
        )?;
    }
    // The figures are the server's (a change made here was sent before this pull, or refused).
    tx.execute("DELETE FROM figures WHERE article_id = ?1", [&a.id])?;
    for f in &inc.figures {
        tx.execute(
            "INSERT INTO figures (article_id, n, photo, credit, lead, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![a.id, f.n, f.photo, f.credit, f.lead, f.added_at],
        )?;
    }
    // Recorded when there is something to record: a set, or none where there was one (an
    // article that never had figures needs no key).
    let had_some = tx
        .query_row(
            "SELECT 1 FROM sync_sent WHERE uid >= ?1 AND uid < ?2",
            params![format!("figures:{}:", a.id), format!("figures:{};", a.id)],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if !inc.figures.is_empty() || had_some {
        figures_sent(&tx, &a.id, &figures_key(&a.id, &inc.figures))?;
    }
    // Approvals not signed by a key the newsroom registered for their approver were left out.
    crate::bundle::import::settle_unapproved(&tx, &a.id, false)?;
    for why in &done.approvals_refused {
        let id = &a.id;
        note(&tx, &format!("bài {id}: bản duyệt không được nhận: {why}"))?;
    }
    for u in inc
        .revisions
        .iter()
        .map(|r| r.uid.as_str())
        .chain(inc.audit.iter().map(|s| s.uid.as_str()))
        .chain(inc.approvals.iter().map(|p| p.uid.as_str()))
    {
        tx.execute(
            "INSERT INTO sync_sent (uid) VALUES (?1) ON CONFLICT DO NOTHING",
            [u],
        )?;
    }
    tx.commit()?;
    Ok(done)
}
