//! Drafts.

use newsroom::articles::{self, Article, ArticleInput, ArticleSummary};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// All articles, most recently changed first.
#[tauri::command]
pub fn list_articles(state: State<'_, AppState>) -> CmdResult<Vec<ArticleSummary>> {
    Ok(articles::list(&state.db())?)
}

/// One article.
#[tauri::command]
pub fn get_article(state: State<'_, AppState>, id: String) -> CmdResult<Article> {
    Ok(articles::get(&state.db(), &id)?)
}

/// Creates a draft.
#[tauri::command]
pub fn create_article(state: State<'_, AppState>, input: ArticleInput) -> CmdResult<Article> {
    Ok(articles::create(&state.db(), &input)?)
}

/// Saves a draft's fields.
#[tauri::command]
pub fn update_article(
    state: State<'_, AppState>,
    id: String,
    input: ArticleInput,
) -> CmdResult<Article> {
    Ok(articles::update(&state.db(), &id, &input)?)
}
