//! Drafts: the list, reading, saving (with a base revision), the trash.

use newsroom::articles::{self, Article, ArticleInput, SaveKind};
use newsroom::search::{self, SearchHit, SearchQuery};
use tauri::{AppHandle, State};

use super::{blocking, long_job};
use crate::error::CmdResult;
use crate::state::AppState;

/// Ranked search with filters (an empty text lists by recency).
#[tauri::command]
pub async fn search_articles(app: AppHandle, query: SearchQuery) -> CmdResult<Vec<SearchHit>> {
    blocking(app, "search_articles", move |_app, state| {
        Ok(search::search(&state.db(), &query)?)
    })
    .await
}

/// One article.
#[tauri::command]
pub async fn get_article(app: AppHandle, id: String) -> CmdResult<Article> {
    blocking(app, "get_article", move |_app, state| {
        Ok(articles::get(&state.db(), &id)?)
    })
    .await
}

/// Creates a draft.
#[tauri::command]
pub async fn create_article(app: AppHandle, input: ArticleInput) -> CmdResult<Article> {
    blocking(app, "create_article", move |_app, state| {
        let conn = state.db();
        let author = state.author(&conn)?;
        let a = articles::create(&conn, &input, &author)?;
        state.server.changed();
        Ok(a)
    })
    .await
}

/// Saves a draft made from `base_revision`; a `conflict` error if it changed since.
#[tauri::command]
pub async fn save_article(
    app: AppHandle,
    id: String,
    base_revision: i64,
    input: ArticleInput,
    kind: SaveKind,
) -> CmdResult<Article> {
    blocking(app, "save_article", move |_app, state| {
        let conn = state.db();
        let author = state.author(&conn)?;
        let a = articles::save(&conn, &id, base_revision, &input, &author, kind)?;
        state.server.changed();
        Ok(a)
    })
    .await
}

/// Puts every tone mark of an article in the portal's house style (else the one most of it uses),
/// proper names left alone; saves a revision.
#[tauri::command]
pub async fn retone_article(app: AppHandle, id: String) -> CmdResult<Article> {
    blocking(app, "retone_article", move |_app, state| {
        let conn = state.db();
        let author = state.author(&conn)?;
        let profile = newsroom::profile::active(&conn)?;
        Ok(newsroom::language::retone_article(
            &conn, &id, None, &profile, &author,
        )?)
    })
    .await
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
            reason: {
                let mb = paste::MAX_PASTE_BYTES / 1024 / 1024;
                newsroom::said!(
                    "đoạn dán lớn quá {mb} MB; hãy dán từng phần",
                    "the pasted text is over {mb} MB; paste it in parts"
                )
            },
        }
        .into());
    }
    tauri::async_runtime::spawn_blocking(move || match html.filter(|h| !h.trim().is_empty()) {
        Some(h) => paste::html_to_markdown(&h),
        None => paste::plain(&text),
    })
    .await
    .map_err(|e| {
        crate::error::CommandError::new(
            newsroom::ErrorCode::Internal,
            newsroom::said!(
                "Lỗi nội bộ khi chuyển nội dung dán: {e}",
                "Internal error while converting the pasted text: {e}"
            ),
        )
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
            reason: newsroom::said!("đoạn văn dài quá 1 MB", "the paragraph is over 1 MB"),
        }
        .into());
    }
    let checker = {
        let conn = state.db();
        newsroom::language::Checker::new(&conn, &newsroom::profile::active(&conn)?)?
    };
    let found = tauri::async_runtime::spawn_blocking(move || checker.check(&text))
        .await
        .map_err(|e| {
            crate::error::CommandError::new(
                newsroom::ErrorCode::Internal,
                newsroom::said!(
                    "Lỗi nội bộ khi kiểm tra chính tả: {e}",
                    "Internal error while checking the spelling: {e}"
                ),
            )
        })?;
    Ok(found)
}

/// Adds a word to the newsroom's dictionary.
#[tauri::command]
pub async fn add_to_dictionary(app: AppHandle, word: String) -> CmdResult<u32> {
    blocking(app, "add_to_dictionary", move |_app, state| {
        let conn = state.db();
        let by = state.author(&conn)?;
        Ok(newsroom::spell::add_words(&conn, &word, &by)?)
    })
    .await
}

/// Moves an article to the trash.
#[tauri::command]
pub async fn spike_article(app: AppHandle, id: String) -> CmdResult<Article> {
    blocking(app, "spike_article", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        Ok(articles::spike(&conn, &id, &by)?)
    })
    .await
}

/// Takes an article out of the trash.
#[tauri::command]
pub async fn unspike_article(app: AppHandle, id: String) -> CmdResult<Article> {
    blocking(app, "unspike_article", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        Ok(articles::unspike(&conn, &id, &by)?)
    })
    .await
}

/// Deletes an article from the trash for good.
#[tauri::command]
pub async fn delete_article(app: AppHandle, id: String) -> CmdResult<()> {
    long_job(app, "delete_article", move |_app, state| {
        let conn = state.own_connection()?;
        let by = state.actor(&conn)?;
        Ok(articles::delete(&conn, &id, &by)?)
    })
    .await
}

/// Makes a draft of the Word file at `path` (chosen in the open dialog or dropped on the window):
/// its text, and its pictures through the photo pipeline as figures with their captions. A long
/// job: its own connection, on a thread of its own at a lowered priority (the picture workers it
/// starts inherit it), so autosaves go on meanwhile.
#[tauri::command]
pub async fn import_word(app: AppHandle, path: String) -> CmdResult<newsroom::docx::WordImport> {
    long_job(app, "import_word", move |_app, state| {
        let conn = state.own_connection()?;
        let by = state.actor(&conn)?;
        let spec = (newsroom::profile::active(&conn)?).photo_spec();
        Ok(newsroom::docx::import_file(
            &conn,
            &state.data_dir,
            std::path::Path::new(&path),
            &spec,
            &newsroom::docx::Options::default(),
            &by,
        )?)
    })
    .await
}
