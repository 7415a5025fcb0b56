//! Adding what is new in a bundle: revisions, comments, audit lines and approvals by their uids;
//! the article moves forward, stays, or is marked diverged.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::Result;
use crate::media;

use super::format::*;
use super::{BundleImported, Outcome};

/// Reads bundle `file` and adds what is new to the newsroom (see the module). Photos are checked and
/// their renditions taken (the sender's, when they hold against the original) or made (for `spec`)
/// before anything is written.
pub fn import(
    conn: &Connection,
    data_dir: &Path,
    file: &Path,
    spec: &media::Spec,
    by: &str,
) -> Result<BundleImported> {
    let r = read_bundle(file)?;
    // Photos: every one checked and rendered first, stored only when all passed.
    let mut ready = Vec::new();
    for p in &r.photos {
        if media::get(conn, &p.hash).is_ok() {
            continue;
        }
        let name = if p.original_name.is_empty() {
            p.hash.clone()
        } else {
            p.original_name.clone()
        };
        let c = media::check_bytes(&name, r.originals[&p.hash].clone())?;
        let made = media::given_or_rendered(&c, given_renditions(&r, &p.hash), spec)?;
        ready.push((p, c, made));
    }
    let photos_added = u32::try_from(ready.len()).unwrap_or(u32::MAX);
    for (p, c, made) in &ready {
        media::store(conn, data_dir, c, made, by)?;
        media::set_meta(
            conn,
            &p.hash,
            Some(&p.description),
            Some(&p.credit),
            Some(&p.copyright),
        )?;
    }
    let tx = Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
    let mut result = merge_into(&tx, &r, false)?;
    tx.commit()?;
    result.photos = photos_added;
    Ok(result)
}

/// Adds what is new in `r` in `tx`. `from_server`: the rows come from the newsroom server, which
/// checked every approval (role, claim, head revision) when it took it; a bundle's approvals count
/// only in a folder on its own: in a folder joined to a server, the server decides, and a
/// bundle's approval waits for it to come back by the pull.
pub(crate) fn merge_into(
    tx: &Transaction<'_>,
    r: &Contents,
    from_server: bool,
) -> Result<BundleImported> {
    let id = r.article.id.as_str();
    let exists = tx
        .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |_| Ok(()))
        .optional()?
        .is_some();
    // Local numbers of the revisions we have, by uid.
    let mut local: HashMap<String, i64> = tx
        .prepare("SELECT uid, number FROM revisions WHERE article_id = ?1")?
        .query_map([id], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut next: i64 = local.values().copied().max().unwrap_or(0) + 1;
    let mut added = 0u32;
    if !exists {
        let a = &r.article;
        let head_number = r
            .revisions
            .iter()
            .find(|x| x.uid == r.header.head_uid)
            .map_or(1, |x| x.number);
        tx.execute(
            "INSERT INTO articles (id, title, lead, body, authors, category, tags, source, slug, slug_manual,
                                   scheduled_at, status, spiked_from, created_at, updated_at, revision,
                                   created_by, claimed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            params![
                a.id,
                a.title,
                a.lead,
                a.body,
                a.authors,
                a.category,
                a.tags,
                a.source,
                free_slug(tx, id, &a.slug)?,
                a.slug_manual,
                a.scheduled_at,
                a.status,
                a.spiked_from,
                a.created_at,
                a.updated_at,
                head_number,
                a.created_by,
                a.claimed_by
            ],
        )?;
        next = 1;
    }
    // Add the revisions we do not have, parents first (the bundle lists them by their numbers there).
    let mut theirs = r.revisions.clone();
    theirs.sort_by_key(|x| x.number);
    for rev in &theirs {
        if local.contains_key(&rev.uid) {
            continue;
        }
        let number = if exists { next } else { rev.number };
        next = next.max(number) + 1;
        let parent = rev.parent_uid.as_ref().and_then(|p| local.get(p).copied());
        tx.execute(
            "INSERT INTO revisions (article_id, number, parent, kind, author, created_at, saved_at, title, lead,
                                    body, authors, category, tags, source, slug, scheduled_at, uid, parent_uid,
                                    merged_uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
            params![
                id,
                number,
                parent,
                rev.kind,
                rev.author,
                rev.created_at,
                rev.saved_at,
                rev.title,
                rev.lead,
                rev.body,
                rev.authors,
                rev.category,
                rev.tags,
                rev.source,
                rev.slug,
                rev.scheduled_at,
                rev.uid,
                rev.parent_uid,
                rev.merged_uid
            ],
        )?;
        local.insert(rev.uid.clone(), number);
        added += 1;
    }
    let outcome = if !exists {
        Outcome::New
    } else {
        let head_number: i64 =
            tx.query_row("SELECT revision FROM articles WHERE id = ?1", [id], |x| {
                x.get(0)
            })?;
        let our_head: String = tx.query_row(
            "SELECT uid FROM revisions WHERE article_id = ?1 AND number = ?2",
            params![id, head_number],
            |x| x.get(0),
        )?;
        let parents: HashMap<&str, Parents<'_>> = r
            .revisions
            .iter()
            .map(|x| {
                (
                    x.uid.as_str(),
                    (x.parent_uid.as_deref(), x.merged_uid.as_deref()),
                )
            })
            .collect();
        let their_ancestry = ancestry(&r.header.head_uid, &parents);
        if their_ancestry.first().map(String::as_str) == Some(our_head.as_str())
            || (added == 0
                && local.contains_key(&r.header.head_uid)
                && !their_ancestry.contains(&our_head))
        {
            Outcome::UpToDate
        } else if their_ancestry.contains(&our_head) {
            // Theirs is made from ours: move forward to it.
            let theirs_number = local[&r.header.head_uid];
            let a = &r.article;
            tx.execute(
                "UPDATE articles SET title = ?2, lead = ?3, body = ?4, authors = ?5, category = ?6, tags = ?7,
                        source = ?8, slug = ?9, slug_manual = ?10, scheduled_at = ?11, status = ?12,
                        spiked_from = ?13, updated_at = ?14, revision = ?15, claimed_by = ?16,
                        diverged_uid = NULL
                 WHERE id = ?1",
                params![
                    id,
                    a.title,
                    a.lead,
                    a.body,
                    a.authors,
                    a.category,
                    a.tags,
                    a.source,
                    free_slug(tx, id, &a.slug)?,
                    a.slug_manual,
                    a.scheduled_at,
                    a.status,
                    a.spiked_from,
                    a.updated_at,
                    theirs_number,
                    a.claimed_by
                ],
            )?;
            Outcome::FastForward
        } else if local_descends(tx, id, &our_head, &r.header.head_uid)? {
            Outcome::UpToDate
        } else {
            tx.execute(
                "UPDATE articles SET diverged_uid = ?2 WHERE id = ?1",
                params![id, r.header.head_uid],
            )?;
            Outcome::Diverged
        }
    };
    // Comments, audit lines and approvals we do not have.
    let mut comments = 0u32;
    let mut comment_ids: HashMap<String, i64> = tx
        .prepare("SELECT uid, id FROM comments WHERE article_id = ?1")?
        .query_map([id], |x| Ok((x.get::<_, String>(0)?, x.get::<_, i64>(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let number_of = |uid: &Option<String>| {
        uid.as_ref()
            .and_then(|u| local.get(u).copied())
            .unwrap_or(1)
    };
    for c in &r.comments {
        if comment_ids.contains_key(&c.uid) {
            continue;
        }
        tx.execute(
            "INSERT INTO comments (article_id, reply_to, author, created_at, revision, kind, field, quote,
                                   before, after, body, resolved_at, resolved_by, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                id,
                c.reply_to_uid.as_ref().and_then(|p| comment_ids.get(p).copied()),
                c.author,
                c.created_at,
                number_of(&c.revision_uid),
                c.kind,
                c.field,
                c.quote,
                c.before,
                c.after,
                c.body,
                c.resolved_at,
                c.resolved_by,
                c.uid
            ],
        )?;
        comment_ids.insert(c.uid.clone(), tx.last_insert_rowid());
        comments += 1;
    }
    for a in &r.audit {
        tx.execute(
            "INSERT INTO audit (article_id, at, actor, role, action, from_status, to_status, revision, note, uid)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (uid) DO NOTHING",
            params![id, a.at, a.actor, a.role, a.action, a.from_status, a.to_status, number_of(&a.revision_uid), a.note, a.uid],
        )?;
    }
    // Approvals: only those signed by a key this folder trusts as the approver's; the others are
    // left out and said (the content came in all the same).
    let keys = crate::signing::trusted(tx)?;
    let joined = crate::rules::joined_to_server(tx)?;
    let creator: String =
        tx.query_row("SELECT created_by FROM articles WHERE id = ?1", [id], |x| {
            x.get(0)
        })?;
    let mut approvals_refused = Vec::new();
    for a in &r.approvals {
        let known = tx
            .query_row("SELECT 1 FROM approvals WHERE uid = ?1", [&a.uid], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if known {
            continue;
        }
        if joined && !from_server {
            approvals_refused.push(format!(
                "bản duyệt của “{}” chờ máy chủ tòa soạn xác nhận (chỉ bản duyệt máy chủ đã nhận mới được tính)",
                a.approver
            ));
            continue;
        }
        let holds = crate::signing::not_own(&a.approver, &creator)
            .and_then(|()| crate::signing::check(&keys, &a.signed(id)));
        if let Err(why) = holds {
            approvals_refused.push(why.vi().to_string());
            continue;
        }
        tx.execute(
            "INSERT INTO approvals (article_id, revision, approver, approved_at, content_sha256, uid,
                                    scheme, key_id, signature)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (uid) DO NOTHING",
            params![
                id,
                number_of(&a.revision_uid),
                a.approver,
                a.approved_at,
                a.content_sha256,
                a.uid,
                a.scheme,
                a.key_id,
                a.signature
            ],
        )?;
    }
    settle_unapproved(tx, id, !from_server)?;
    for f in &r.figures {
        tx.execute(
            "INSERT INTO figures (article_id, n, photo, credit, lead, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (article_id, n) DO NOTHING",
            params![id, f.n, f.photo, f.credit, f.lead, f.added_at],
        )?;
    }
    crate::articles::mark_stale(tx, id)?;
    let title: String = tx.query_row("SELECT title FROM articles WHERE id = ?1", [id], |x| {
        x.get(0)
    })?;
    Ok(BundleImported {
        article_id: id.to_string(),
        title,
        outcome,
        revisions: added,
        comments,
        photos: 0,
        approvals_refused,
    })
}

/// An article approved or exported without an approval that holds here (its approvals were left
/// out: not signed by a trusted key) waits for review again. `of_head`: the approval must also be
/// of the revision it now stands at, so an older approval never makes newer content look
/// approved (a bundle); the server's state already says so of what it sends (`false`: a pull,
/// whose approved article may stand beside a version of this laptop's not yet merged).
pub(crate) fn settle_unapproved(tx: &Transaction<'_>, id: &str, of_head: bool) -> Result<()> {
    tx.execute(
        "UPDATE articles SET status = 'submitted', claimed_by = NULL
         WHERE id = ?1 AND status IN ('approved', 'exported')
           AND (NOT EXISTS (SELECT 1 FROM approvals p WHERE p.article_id = articles.id)
                OR (?2 AND coalesce((SELECT p.revision FROM approvals p WHERE p.article_id = articles.id
                                     ORDER BY p.id DESC LIMIT 1), -1) <> articles.revision))",
        params![id, of_head],
    )?;
    Ok(())
}

/// `head` and its ancestors, nearest first (breadth first over both parents of a merge), as
/// `parents` records them: uid → (parent, the other parent of a merge).
pub(crate) fn ancestry(head: &str, parents: &HashMap<&str, Parents<'_>>) -> Vec<String> {
    let mut out = Vec::new();
    let mut queue = std::collections::VecDeque::from([head]);
    let mut seen = HashSet::new();
    while let Some(u) = queue.pop_front() {
        if !seen.insert(u) {
            continue;
        }
        out.push(u.to_string());
        if let Some((p, m)) = parents.get(u) {
            queue.extend(p.iter().chain(m.iter()).copied());
        }
    }
    out
}

/// A revision's parent and, for a merge, its other parent.
pub(crate) type Parents<'a> = (Option<&'a str>, Option<&'a str>);

/// Whether our revision `ours` descends from `theirs` (by the local parent links, both parents of
/// a merge).
pub(super) fn local_descends(
    tx: &Transaction<'_>,
    id: &str,
    ours: &str,
    theirs: &str,
) -> Result<bool> {
    let rows: Vec<(String, Option<String>, Option<String>)> = tx
        .prepare("SELECT uid, parent_uid, merged_uid FROM revisions WHERE article_id = ?1")?
        .query_map([id], |x| Ok((x.get(0)?, x.get(1)?, x.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let parents: HashMap<&str, Parents<'_>> = rows
        .iter()
        .map(|(u, p, m)| (u.as_str(), (p.as_deref(), m.as_deref())))
        .collect();
    Ok(ancestry(ours, &parents).iter().any(|u| u == theirs))
}

/// `slug` if no other article uses it, else made free with `-2`, `-3`…
pub(super) fn free_slug(tx: &Transaction<'_>, id: &str, slug: &str) -> Result<String> {
    let base = if slug.is_empty() {
        "bai-viet".to_string()
    } else {
        crate::text::slug(slug)
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while tx
        .query_row(
            "SELECT 1 FROM articles WHERE slug = ?1 AND id <> ?2",
            params![candidate, id],
            |_| Ok(()),
        )
        .optional()?
        .is_some()
    {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Ok(candidate)
}
