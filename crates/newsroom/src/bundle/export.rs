//! Writing an article, with its history, comments, log, approvals, figures and photos, as a bundle.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use chrono::Utc;
use rusqlite::Connection;

use crate::articles;
use crate::media;
use crate::{Error, Result, said};
use newsroom_base::timestamp;

use super::format::*;
use super::{FORMAT, FORMAT_VERSION};

/// Writes article `id` as a bundle to `out` (whole or not at all).
pub fn export(conn: &Connection, data_dir: &Path, id: &str, out: &Path, by: &str) -> Result<()> {
    // Every row is read in one read transaction: the same snapshot throughout, whatever autosaves
    // land meanwhile (an autosave burst replaces its last revision row, so reading the article and
    // then its revisions outside one snapshot could miss the head). WAL lets the saves go on.
    let snapshot = conn.unchecked_transaction()?;
    let conn: &Connection = &snapshot;
    let article = articles::get(conn, id)?;
    let row: ArticleRow = conn.query_row(
        "SELECT id, title, lead, body, authors, category, tags, source, slug, slug_manual, scheduled_at,
                status, spiked_from, created_at, updated_at, created_by, claimed_by
         FROM articles WHERE id = ?1",
        [id],
        |r| {
            Ok(ArticleRow {
                id: r.get(0)?,
                title: r.get(1)?,
                lead: r.get(2)?,
                body: r.get(3)?,
                authors: r.get(4)?,
                category: r.get(5)?,
                tags: r.get(6)?,
                source: r.get(7)?,
                slug: r.get(8)?,
                slug_manual: r.get(9)?,
                scheduled_at: r.get(10)?,
                status: r.get(11)?,
                spiked_from: r.get(12)?,
                created_at: r.get(13)?,
                updated_at: r.get(14)?,
                created_by: r.get(15)?,
                claimed_by: r.get(16)?,
            })
        },
    )?;
    let revisions: Vec<RevisionRow> = conn
        .prepare(
            "SELECT uid, parent_uid, number, kind, author, created_at, saved_at, title, lead, body, authors,
                    category, tags, source, slug, scheduled_at, merged_uid
             FROM revisions WHERE article_id = ?1 ORDER BY number",
        )?
        .query_map([id], |r| {
            Ok(RevisionRow {
                uid: r.get(0)?,
                parent_uid: r.get(1)?,
                number: r.get(2)?,
                kind: r.get(3)?,
                author: r.get(4)?,
                created_at: r.get(5)?,
                saved_at: r.get(6)?,
                title: r.get(7)?,
                lead: r.get(8)?,
                body: r.get(9)?,
                authors: r.get(10)?,
                category: r.get(11)?,
                tags: r.get(12)?,
                source: r.get(13)?,
                slug: r.get(14)?,
                scheduled_at: r.get(15)?,
                merged_uid: r.get(16)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let uid_of = |number: i64| -> Option<String> {
        revisions
            .iter()
            .find(|r| r.number == number)
            .map(|r| r.uid.clone())
    };
    let head_uid = uid_of(article.revision).ok_or_else(|| {
        bad(said!(
            "bài không có bản hiện hành",
            "the article has no current revision"
        ))
    })?;
    let comments: Vec<CommentRow> = conn
        .prepare(
            "SELECT c.uid, p.uid, c.author, c.created_at, c.revision, c.kind, c.field, c.quote, c.before,
                    c.after, c.body, c.resolved_at, c.resolved_by
             FROM comments c LEFT JOIN comments p ON p.id = c.reply_to
             WHERE c.article_id = ?1 ORDER BY c.id",
        )?
        .query_map([id], |r| {
            Ok(CommentRow {
                uid: r.get(0)?,
                reply_to_uid: r.get(1)?,
                author: r.get(2)?,
                created_at: r.get(3)?,
                revision_uid: uid_of(r.get(4)?),
                kind: r.get(5)?,
                field: r.get(6)?,
                quote: r.get(7)?,
                before: r.get(8)?,
                after: r.get(9)?,
                body: r.get(10)?,
                resolved_at: r.get(11)?,
                resolved_by: r.get(12)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let audit: Vec<AuditRow> = conn
        .prepare(
            "SELECT uid, at, actor, role, action, from_status, to_status, revision, note
             FROM audit WHERE article_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(AuditRow {
                uid: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                role: r.get(3)?,
                action: r.get(4)?,
                from_status: r.get(5)?,
                to_status: r.get(6)?,
                revision_uid: uid_of(r.get(7)?),
                note: r.get(8)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let approvals: Vec<ApprovalRow> = conn
        .prepare(
            "SELECT uid, revision, approver, approved_at, content_sha256, scheme, key_id, signature
             FROM approvals WHERE article_id = ?1 ORDER BY id",
        )?
        .query_map([id], |r| {
            Ok(ApprovalRow {
                uid: r.get(0)?,
                revision_uid: uid_of(r.get(1)?),
                approver: r.get(2)?,
                approved_at: r.get(3)?,
                content_sha256: r.get(4)?,
                scheme: r.get(5)?,
                key_id: r.get(6)?,
                signature: r.get(7)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let figures: Vec<FigureRow> = conn
        .prepare(
            "SELECT n, photo, credit, lead, added_at FROM figures WHERE article_id = ?1 ORDER BY n",
        )?
        .query_map([id], |r| {
            Ok(FigureRow {
                n: r.get(0)?,
                photo: r.get(1)?,
                credit: r.get(2)?,
                lead: r.get(3)?,
                added_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut photos = Vec::new();
    let mut originals = Vec::new();
    let mut renditions: Vec<RenditionRow> = Vec::new();
    let mut rendition_files: Vec<(String, Vec<u8>)> = Vec::new();
    let spec = crate::profile::active(conn)?.photo_spec();
    let mut seen = HashSet::new();
    for f in &figures {
        if !seen.insert(f.photo.clone()) {
            continue;
        }
        let p = media::get(conn, &f.photo)?;
        let path = media::original_path(data_dir, &p);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        photos.push(PhotoRow {
            hash: p.hash.clone(),
            original_name: p.original_name.clone(),
            description: p.description.clone(),
            credit: p.credit.clone(),
            copyright: p.copyright.clone(),
        });
        originals.push((p.hash.clone(), bytes));
        for g in media::renditions_to_send(conn, data_dir, &p.hash, &spec)? {
            rendition_files.push((rendition_entry(&p.hash, &g.spec), g.bytes));
            renditions.push(RenditionRow {
                photo: p.hash.clone(),
                spec: g.spec,
                width: g.width,
                height: g.height,
            });
        }
    }
    // All read: the snapshot ends before the (slow) compression.
    snapshot.commit()?;
    let header = Header {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        app_version: env!("CARGO_PKG_VERSION").into(),
        created_at: timestamp(Utc::now()),
        created_by: crate::text::nfc(by.trim()),
        article_id: id.to_string(),
        head_uid,
    };
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".toasoan-bundle-")
        .tempfile_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    let zip_err = |e: zip::result::ZipError| Error::io(out, std::io::Error::other(e));
    let mut zip = zip::ZipWriter::new(tmp.as_file());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let entries: Vec<(String, Vec<u8>)> = vec![
        ("bundle.json".into(), json(&header)),
        ("article.json".into(), json(&row)),
        ("revisions.json".into(), json(&revisions)),
        ("comments.json".into(), json(&comments)),
        ("audit.json".into(), json(&audit)),
        ("approvals.json".into(), json(&approvals)),
        ("figures.json".into(), json(&figures)),
        ("photos.json".into(), json(&photos)),
        ("renditions.json".into(), json(&renditions)),
    ];
    let photos_named = originals.iter().map(|(h, b)| (format!("photos/{h}"), b));
    let renditions_named = rendition_files.iter().map(|(n, b)| (n.clone(), b));
    for (name, bytes) in entries
        .iter()
        .map(|(n, b)| (n.clone(), b))
        .chain(photos_named)
        .chain(renditions_named)
    {
        zip.start_file(name.as_str(), options).map_err(zip_err)?;
        zip.write_all(bytes).map_err(|e| Error::io(out, e))?;
    }
    zip.finish().map_err(zip_err)?;
    tmp.as_file().sync_all().map_err(|e| Error::io(out, e))?;
    tmp.persist(out).map_err(|e| Error::io(out, e.error))?;
    Ok(())
}
