//! Export and preview.

use newsroom::articles::ArticleInput;
use newsroom::export;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Exports an article into `<data folder>/exports/<id>/` and returns the path of its index.html.
#[tauri::command]
pub async fn export_article(state: State<'_, AppState>, id: String) -> CmdResult<String> {
    let out = export::default_export_dir(&state.data_dir, &id)?;
    let index = export::export_article(&state.db(), &id, &out, &state.profile)?;
    Ok(index.display().to_string())
}

/// The page as it would be exported, for the live preview.
#[tauri::command]
pub fn preview_article(state: State<'_, AppState>, input: ArticleInput) -> String {
    export::render_preview(&input, &state.profile)
}
