//! Bundles: one file that carries an article between laptops with no network (USB, e-mail, chat) —
//! the article, all its revisions with their parents, comments, the audit log, approvals, figures and
//! the original photos with the renditions the sender's library holds of them (the receiver takes
//! those very files when they hold against the original, so both show, and an approval names, the
//! same pictures). Format in `docs/bundle-format.md`.
//!
//! **Import adds what is new and never overwrites.** Revisions, comments, audit lines and approvals
//! are known by ids that are the same on every machine (`uid`). If the bundle's head descends from
//! ours, the article moves forward to it; if ours descends from the bundle's, nothing changes; if both
//! changed since the last exchange, the other side's revisions are added beside ours and the article
//! is marked diverged until someone merges ([`divergence`], [`settle`]).
//!
//! **Hostile input.** Before anything is written the whole bundle is read and checked: only the
//! entry names of the format (no path can escape: no `..`, no absolute path, no link), no duplicate
//! names, at most [`MAX_ENTRIES`] entries, each entry's real size bounded while it is read (a zip bomb
//! stops at the bound), the format and version ours, every photo's bytes matching its name and
//! passing the photo checks, every reference consistent. Any failure: a clear error, nothing written.

mod export;
pub(crate) mod format;
pub(crate) mod import;

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::articles;
use crate::{Error, Result, said};

pub use export::export;
pub use format::check_file;
use format::*;
pub use format::{ApprovalRow, AuditRow, CommentRow, FigureRow, PhotoRow, RenditionRow};
use import::ancestry;
pub use import::import;

/// What `bundle.json` says it is.
pub const FORMAT: &str = "toasoan-bundle";

/// The version this build writes; it reads this one and the ones before. 2 carries the photos'
/// renditions beside their originals (`renditions.json`, `renditions/<hash>-<spec>`).
pub const FORMAT_VERSION: u32 = 2;

/// Most entries a bundle may have.
pub const MAX_ENTRIES: usize = 2_000;

/// Largest bundle file.
pub const MAX_BUNDLE_BYTES: u64 = 1024 * 1024 * 1024;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Outcome {
    /// The article was not here: added.
    New,
    /// The bundle carried newer revisions made from ours: the article moved forward.
    FastForward,
    /// Nothing newer in the bundle (comments and log lines may still have been added).
    UpToDate,
    /// Both sides changed it since the last exchange: theirs is kept beside ours, to merge.
    Diverged,
}

/// What [`import`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BundleImported {
    /// The article.
    pub article_id: String,
    /// Its title (ours).
    pub title: String,
    /// What happened.
    pub outcome: Outcome,
    /// Revisions added.
    pub revisions: u32,
    /// Comments added.
    pub comments: u32,
    /// Photos added to the library.
    pub photos: u32,
    /// Approvals left out, each with why: not signed by a key this folder trusts as the
    /// approver's. The content came in without them.
    pub approvals_refused: Vec<String>,
}

/// Both versions after a diverged import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Divergence {
    /// The last revision both sides had.
    #[ts(type = "number")]
    pub base: i64,
    /// Our head.
    #[ts(type = "number")]
    pub mine: i64,
    /// The other side's head, imported.
    #[ts(type = "number")]
    pub theirs: i64,
}

/// Both versions of article `id` after a diverged import, if it is diverged.
pub fn divergence(conn: &Connection, id: &str) -> Result<Option<Divergence>> {
    let (mine, theirs_uid): (i64, Option<String>) = conn
        .query_row(
            "SELECT revision, diverged_uid FROM articles WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            what: said!("bài viết", "article"),
            id: id.to_string(),
        })?;
    let Some(theirs_uid) = theirs_uid else {
        return Ok(None);
    };
    let rows: Vec<(String, Option<String>, Option<String>, i64)> = conn
        .prepare("SELECT uid, parent_uid, merged_uid, number FROM revisions WHERE article_id = ?1")?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let parent: HashMap<&str, import::Parents<'_>> = rows
        .iter()
        .map(|(u, p, m, _)| (u.as_str(), (p.as_deref(), m.as_deref())))
        .collect();
    let number: HashMap<&str, i64> = rows.iter().map(|(u, _, _, n)| (u.as_str(), *n)).collect();
    let mine_uid = rows
        .iter()
        .find(|(_, _, _, n)| *n == mine)
        .map(|(u, _, _, _)| u.as_str())
        .unwrap_or_default();
    let ours: HashSet<String> = ancestry(mine_uid, &parent).into_iter().collect();
    let base = ancestry(&theirs_uid, &parent)
        .into_iter()
        .find(|u| ours.contains(u))
        .and_then(|u| number.get(u.as_str()).copied())
        .unwrap_or(1);
    Ok(Some(Divergence {
        base,
        mine,
        theirs: number.get(theirs_uid.as_str()).copied().unwrap_or(mine),
    }))
}

/// Marks article `id` merged after a divergence (the merged text was saved as a new revision).
pub fn settle(conn: &Connection, id: &str) -> Result<()> {
    conn.execute(
        "UPDATE articles SET diverged_uid = NULL WHERE id = ?1",
        [id],
    )?;
    Ok(())
}

/// Merges the other side's version into ours after a diverged import, as `by`: the three-way merge
/// of both heads against their last common revision, saved as a new revision. Where both sides
/// changed the same lines, both versions stay in the text between `<<<<<<<`/`>>>>>>>` markers; those
/// fields are returned, so the user sees both and fixes them.
pub fn merge(
    conn: &Connection,
    id: &str,
    by: &str,
) -> Result<(crate::articles::Article, Vec<String>)> {
    let d = divergence(conn, id)?.ok_or_else(|| {
        bad(said!(
            "bài không có hai phiên bản cần gộp",
            "the article has no two versions to merge"
        ))
    })?;
    let theirs = crate::revisions::revision(conn, id, d.theirs)?;
    let merged = crate::revisions::merge(conn, id, d.base, &theirs.content)?;
    let current = articles::get(conn, id)?;
    let saved = articles::save(
        conn,
        id,
        current.revision,
        &merged.input,
        by,
        articles::SaveKind::Save,
    )?;
    // The merge has two parents: ours, and theirs as its other one (so it descends from both).
    conn.execute(
        "UPDATE revisions SET merged_uid = (SELECT uid FROM revisions WHERE article_id = ?1 AND number = ?3)
         WHERE article_id = ?1 AND number = ?2",
        rusqlite::params![id, saved.revision, d.theirs],
    )?;
    settle(conn, id)?;
    Ok((saved, merged.conflicts))
}
