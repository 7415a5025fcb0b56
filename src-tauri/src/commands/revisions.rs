//! History: revisions, word diffs, restore.

use newsroom::articles::Article;
use newsroom::articles::ArticleInput;
use newsroom::revisions::{self, FieldDiff, Merge, Revision, RevisionInfo};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// An article's revisions, newest first.
#[tauri::command]
pub fn article_history(state: State<'_, AppState>, id: String) -> CmdResult<Vec<RevisionInfo>> {
    Ok(revisions::history(&state.db(), &id)?)
}

/// One revision with its content.
#[tauri::command]
pub fn article_revision(
    state: State<'_, AppState>,
    id: String,
    number: i64,
) -> CmdResult<Revision> {
    Ok(revisions::revision(&state.db(), &id, number)?)
}

/// Word diff between two revisions.
#[tauri::command]
pub fn diff_revisions(
    state: State<'_, AppState>,
    id: String,
    from: i64,
    to: i64,
) -> CmdResult<Vec<FieldDiff>> {
    Ok(revisions::diff(&state.db(), &id, from, to)?)
}

/// Brings an old revision back as a new one.
#[tauri::command]
pub fn restore_revision(state: State<'_, AppState>, id: String, number: i64) -> CmdResult<Article> {
    let conn = state.db();
    let author = state.author(&conn)?;
    Ok(revisions::restore(&conn, &id, number, &author)?)
}

/// Merges my unsaved edit (made from `base_revision`) with the article's current revision.
#[tauri::command]
pub fn merge_article(
    state: State<'_, AppState>,
    id: String,
    base_revision: i64,
    input: ArticleInput,
) -> CmdResult<Merge> {
    Ok(revisions::merge(&state.db(), &id, base_revision, &input)?)
}
