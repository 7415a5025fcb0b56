//! Export and preview.

use newsroom::articles::ArticleInput;
use newsroom::export;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Exports an article as `<data folder>/exports/<slug>/` and `<slug>.zip`; returns the path of its
/// index.html.
#[tauri::command]
pub async fn export_article(state: State<'_, AppState>, id: String) -> CmdResult<String> {
    let dir = export::default_export_dir(&state.data_dir);
    let done = export::export_package(
        &state.db(),
        &state.data_dir,
        &id,
        &dir,
        &state.profile,
        true,
    )?;
    Ok(done.index)
}

/// The page as it would be exported, for the live preview: `input` is the editor's text of article
/// `id` (none before its first save), figures shown from the data folder.
#[tauri::command]
pub async fn preview_article(
    state: State<'_, AppState>,
    id: Option<String>,
    input: ArticleInput,
) -> CmdResult<String> {
    Ok(export::preview(
        &state.db(),
        &state.data_dir,
        id.as_deref(),
        &input,
        &state.profile,
    )?)
}
