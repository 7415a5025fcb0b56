//! Drafts: the list, reading, saving (with a base revision), the trash.

use newsroom::articles::{self, Article, ArticleInput, SaveKind};
use newsroom::search::{self, SearchHit, SearchQuery};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// Ranked search with filters (an empty text lists by recency).
#[tauri::command]
pub fn search_articles(
    state: State<'_, AppState>,
    query: SearchQuery,
) -> CmdResult<Vec<SearchHit>> {
    Ok(search::search(&state.db(), &query)?)
}

/// One article.
#[tauri::command]
pub fn get_article(state: State<'_, AppState>, id: String) -> CmdResult<Article> {
    Ok(articles::get(&state.db(), &id)?)
}

/// Creates a draft.
#[tauri::command]
pub fn create_article(state: State<'_, AppState>, input: ArticleInput) -> CmdResult<Article> {
    let conn = state.db();
    let author = state.author(&conn)?;
    Ok(articles::create(&conn, &input, &author)?)
}

/// Saves a draft made from `base_revision`; a `conflict` error if it changed since.
#[tauri::command]
pub fn save_article(
    state: State<'_, AppState>,
    id: String,
    base_revision: i64,
    input: ArticleInput,
    kind: SaveKind,
) -> CmdResult<Article> {
    let conn = state.db();
    let author = state.author(&conn)?;
    Ok(articles::save(
        &conn,
        &id,
        base_revision,
        &input,
        &author,
        kind,
    )?)
}

/// Puts every tone mark of an article in the portal's house style (else the one most of it uses),
/// proper names left alone; saves a revision.
#[tauri::command]
pub fn retone_article(state: State<'_, AppState>, id: String) -> CmdResult<Article> {
    let conn = state.db();
    let author = state.author(&conn)?;
    let profile = newsroom::profile::active(&conn)?;
    Ok(newsroom::text::tone::retone_article(
        &conn, &id, None, &profile, &author,
    )?)
}

/// What a paste into the editor becomes: HTML (from Word, a web page) as Markdown, plain text as
/// it is; either converted from TCVN3/VNI when it is in one.
/// Off the UI thread: a paste of several megabytes takes a second to convert.
#[tauri::command]
pub async fn convert_paste(
    html: Option<String>,
    text: String,
) -> CmdResult<newsroom::text::paste::Pasted> {
    use newsroom::text::paste;
    let size = html.as_ref().map_or(0, String::len) + text.len();
    if size > paste::MAX_PASTE_BYTES {
        return Err(newsroom::Error::InvalidInput {
            field: "paste",
            reason: format!(
                "đoạn dán lớn quá {} MB; hãy dán từng phần",
                paste::MAX_PASTE_BYTES / 1024 / 1024
            ),
        }
        .into());
    }
    tauri::async_runtime::spawn_blocking(move || match html.filter(|h| !h.trim().is_empty()) {
        Some(h) => paste::html_to_markdown(&h),
        None => paste::plain(&text),
    })
    .await
    .map_err(|e| crate::error::CommandError {
        code: "internal".into(),
        message: format!("Lỗi nội bộ khi chuyển nội dung dán: {e}"),
    })
}

/// The language checks of a piece of text (one paragraph of the editor), off the UI thread:
/// unknown words with suggestions (the newsroom's own words count as known), tone placements, names
/// written almost as an official one of the default profile, dates that cannot be right.
#[tauri::command]
pub async fn check_text(
    state: State<'_, AppState>,
    text: String,
) -> CmdResult<newsroom::language::TextCheck> {
    if text.len() > 1024 * 1024 {
        return Err(newsroom::Error::InvalidInput {
            field: "text",
            reason: "đoạn văn dài quá 1 MB".into(),
        }
        .into());
    }
    let checker = {
        let conn = state.db();
        newsroom::language::Checker::new(&conn, &newsroom::profile::active(&conn)?)?
    };
    let found = tauri::async_runtime::spawn_blocking(move || checker.check(&text))
        .await
        .map_err(|e| crate::error::CommandError {
            code: "internal".into(),
            message: format!("Lỗi nội bộ khi kiểm tra chính tả: {e}"),
        })?;
    Ok(found)
}

/// Adds a word to the newsroom's dictionary.
#[tauri::command]
pub fn add_to_dictionary(state: State<'_, AppState>, word: String) -> CmdResult<u32> {
    let conn = state.db();
    let by = state.author(&conn)?;
    Ok(newsroom::spell::add_words(&conn, &word, &by)?)
}

/// Moves an article to the trash.
#[tauri::command]
pub fn spike_article(state: State<'_, AppState>, id: String) -> CmdResult<Article> {
    Ok(articles::spike(&state.db(), &id)?)
}

/// Takes an article out of the trash.
#[tauri::command]
pub fn unspike_article(state: State<'_, AppState>, id: String) -> CmdResult<Article> {
    Ok(articles::unspike(&state.db(), &id)?)
}

/// Deletes an article from the trash for good.
#[tauri::command]
pub fn delete_article(state: State<'_, AppState>, id: String) -> CmdResult<()> {
    Ok(articles::delete(&state.db(), &id)?)
}
