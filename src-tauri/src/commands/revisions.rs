//! History: revisions, word diffs, restore.

use newsroom::articles::Article;
use newsroom::articles::ArticleInput;
use newsroom::revisions::{self, FieldDiff, Merge, Revision, RevisionInfo};
use tauri::AppHandle;

use super::blocking;
use crate::error::CmdResult;

/// An article's revisions, newest first.
#[tauri::command]
pub async fn article_history(app: AppHandle, id: String) -> CmdResult<Vec<RevisionInfo>> {
    blocking(app, "article_history", move |_app, state| {
        Ok(revisions::history(&state.db(), &id)?)
    })
    .await
}

/// One revision with its content.
#[tauri::command]
pub async fn article_revision(app: AppHandle, id: String, number: i64) -> CmdResult<Revision> {
    blocking(app, "article_revision", move |_app, state| {
        Ok(revisions::revision(&state.db(), &id, number)?)
    })
    .await
}

/// Word diff between two revisions.
#[tauri::command]
pub async fn diff_revisions(
    app: AppHandle,
    id: String,
    from: i64,
    to: i64,
) -> CmdResult<Vec<FieldDiff>> {
    blocking(app, "diff_revisions", move |_app, state| {
        Ok(revisions::diff(&state.db(), &id, from, to)?)
    })
    .await
}

/// Brings an old revision back as a new one.
#[tauri::command]
pub async fn restore_revision(app: AppHandle, id: String, number: i64) -> CmdResult<Article> {
    blocking(app, "restore_revision", move |_app, state| {
        let conn = state.db();
        let author = state.author(&conn)?;
        Ok(revisions::restore(&conn, &id, number, &author)?)
    })
    .await
}

/// Merges my unsaved edit (made from `base_revision`) with the article's current revision.
#[tauri::command]
pub async fn merge_article(
    app: AppHandle,
    id: String,
    base_revision: i64,
    input: ArticleInput,
) -> CmdResult<Merge> {
    blocking(app, "merge_article", move |_app, state| {
        Ok(revisions::merge(&state.db(), &id, base_revision, &input)?)
    })
    .await
}
