//! Export, the checklist, preview, and the portal profiles.

use std::path::{Path, PathBuf};

use newsroom::articles::ArticleInput;
use newsroom::checklist::{self, Checklist};
use newsroom::export::{self, Exported};
use newsroom::profile::{self, Profile, ProfileEntry};
use serde::Serialize;
use tauri::{AppHandle, Emitter};
use tauri_plugin_clipboard_manager::ClipboardExt;
use tauri_plugin_opener::OpenerExt;

use super::{blocking, long_job};
use crate::error::{CmdResult, CommandError};
use crate::state::AppState;

/// Event sent after each article of a batch export.
pub const PROGRESS_EVENT: &str = "export://progress";

/// The checklist of article `id` for the default profile.
#[tauri::command]
pub async fn check_article(app: AppHandle, id: String) -> CmdResult<Checklist> {
    blocking(app, "check_article", move |_app, state| {
        let conn = state.db();
        let profile = profile::active(&conn)?;
        Ok(checklist::check(&conn, &id, &profile)?)
    })
    .await
}

/// Exports an article with the default profile as `<slug>/` and `<slug>.zip` in the export
/// folder ("Tòa soạn" in Documents, else `<data folder>/exports`: `export::default_export_dir`). Refused (`blocked`) while a required checklist item fails.
#[tauri::command]
pub async fn export_article(app: AppHandle, id: String) -> CmdResult<Exported> {
    blocking(app, "export_article", move |_app, state| {
        let dir = export::default_export_dir(&state.data_dir);
        let conn = state.db();
        let profile = profile::active(&conn)?;
        let by = state.actor(&conn)?;
        Ok(export::export_package_as(
            &conn,
            &state.data_dir,
            &id,
            &dir,
            &profile,
            true,
            &by,
        )?)
    })
    .await
}

/// One article of a batch export, as it went.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BatchItem {
    /// The article.
    pub id: String,
    /// What was written, when it was.
    #[ts(optional = nullable)]
    pub exported: Option<Exported>,
    /// Why not, when it was not.
    #[ts(optional = nullable)]
    pub error: Option<CommandError>,
}

/// Progress of a batch export.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct BatchProgress {
    /// Articles done (exported or refused).
    pub done: u32,
    /// Articles in the batch.
    pub total: u32,
    /// The article just done.
    pub item: BatchItem,
}

/// Exports several articles one after the other, sending [`PROGRESS_EVENT`] after each; an article
/// that cannot be exported is reported and the others go on.
#[tauri::command]
pub async fn export_articles(app: AppHandle, ids: Vec<String>) -> CmdResult<Vec<BatchItem>> {
    long_job(app, "export_articles", move |app, state| {
        if ids.len() > 500 {
            return Err(newsroom::Error::InvalidInput {
                field: "ids",
                reason: newsroom::said!("tối đa 500 bài mỗi lần", "at most 500 articles at once"),
            }
            .into());
        }
        let dir = export::default_export_dir(&state.data_dir);
        let total = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        let mut out = Vec::with_capacity(ids.len());
        let conn = state.own_connection()?;
        for (i, id) in ids.into_iter().enumerate() {
            let result = {
                profile::active(&conn).and_then(|p| {
                    let by = state.actor(&conn)?;
                    export::export_package_as(&conn, &state.data_dir, &id, &dir, &p, true, &by)
                })
            };
            let item = match result {
                Ok(done) => BatchItem {
                    id,
                    exported: Some(done),
                    error: None,
                },
                Err(e) => BatchItem {
                    id,
                    exported: None,
                    error: Some(e.into()),
                },
            };
            let _ = app.emit(
                PROGRESS_EVENT,
                BatchProgress {
                    done: u32::try_from(i + 1).unwrap_or(u32::MAX),
                    total,
                    item: item.clone(),
                },
            );
            out.push(item);
        }
        Ok(out)
    })
    .await
}

/// `folder` if it is a package folder inside the export folder (`export::default_export_dir`); the
/// app opens or reads nothing else.
fn package_folder(state: &AppState, folder: &str) -> CmdResult<PathBuf> {
    let root = export::default_export_dir(&state.data_dir);
    let bad = || -> CommandError {
        newsroom::Error::InvalidInput {
            field: "folder",
            reason: newsroom::said!(
                "không phải thư mục xuất bản của ứng dụng",
                "not one of the app's package folders"
            ),
        }
        .into()
    };
    let root = root.canonicalize().map_err(|_| bad())?;
    let path = Path::new(folder).canonicalize().map_err(|_| bad())?;
    if path.parent() != Some(root.as_path()) || !path.is_dir() {
        return Err(bad());
    }
    Ok(path)
}

/// Puts the package's `article.html` (the body alone) on the clipboard, as HTML and as text, for
/// pasting into the portal's CMS editor. Returns its length in characters.
#[tauri::command]
pub async fn copy_package_html(app: AppHandle, folder: String) -> CmdResult<usize> {
    blocking(app, "copy_package_html", move |app, state| {
        let path = package_folder(state, &folder)?.join(export::ARTICLE_FILE);
        let html = std::fs::read_to_string(&path).map_err(|e| newsroom::Error::io(&path, e))?;
        app.clipboard()
            .write_html(html.as_str(), Some(html.as_str()))
            .map_err(|e| {
                CommandError::new(
                    newsroom::ErrorCode::Clipboard,
                    newsroom::said!(
                        "Không chép được vào bộ nhớ tạm: {e}",
                        "Could not copy to the clipboard: {e}"
                    ),
                )
            })?;
        Ok(html.chars().count())
    })
    .await
}

/// Opens a package folder in the file manager.
#[tauri::command]
pub async fn open_package_folder(app: AppHandle, folder: String) -> CmdResult<()> {
    blocking(app, "open_package_folder", move |app, state| {
        let path = package_folder(state, &folder)?;
        app.opener()
            .open_path(path.display().to_string(), None::<&str>)
            .map_err(|e| {
                let p = path.display();
                CommandError::new(
                    newsroom::ErrorCode::Open,
                    newsroom::said!(
                        "Không mở được thư mục {p}: {e}",
                        "Could not open the folder {p}: {e}"
                    ),
                )
            })
    })
    .await
}

/// The page as it would be exported, for the live preview: `input` is the editor's text of article
/// `id` (none before its first save), figures shown from the data folder.
#[tauri::command]
pub async fn preview_article(
    app: AppHandle,
    id: Option<String>,
    input: ArticleInput,
) -> CmdResult<String> {
    blocking(app, "preview_article", move |_app, state| {
        let conn = state.db();
        let profile = profile::active(&conn)?;
        Ok(export::preview(
            &conn,
            &state.data_dir,
            id.as_deref(),
            &input,
            &profile,
        )?)
    })
    .await
}

/// Every item the export checklist knows, for the profile editor.
#[tauri::command]
pub async fn check_definitions() -> CmdResult<Vec<checklist::CheckInfo>> {
    Ok(checklist::definitions())
}

/// Every portal profile (the default marked).
#[tauri::command]
pub async fn list_profiles(app: AppHandle) -> CmdResult<Vec<ProfileEntry>> {
    blocking(app, "list_profiles", move |_app, state| {
        Ok(profile::list(&state.db())?)
    })
    .await
}

/// Stores a profile (new, or replacing the one with its id) after checking every field.
#[tauri::command]
pub async fn save_profile(app: AppHandle, profile: Profile) -> CmdResult<()> {
    blocking(app, "save_profile", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        Ok(profile::save(&conn, &profile, &by)?)
    })
    .await
}

/// Makes a profile the default for exports and the preview.
#[tauri::command]
pub async fn set_default_profile(app: AppHandle, id: String) -> CmdResult<()> {
    blocking(app, "set_default_profile", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        Ok(profile::set_default(&conn, &id, &by)?)
    })
    .await
}

/// Removes a stored profile.
#[tauri::command]
pub async fn remove_profile(app: AppHandle, id: String) -> CmdResult<()> {
    blocking(app, "remove_profile", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        Ok(profile::remove(&conn, &id, &by)?)
    })
    .await
}

/// Imports a profile from a JSON file the user picked.
#[tauri::command]
pub async fn import_profile(app: AppHandle, path: String) -> CmdResult<Profile> {
    blocking(app, "import_profile", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        Ok(profile::import_file(&conn, Path::new(&path), &by)?)
    })
    .await
}

/// Writes a profile to a JSON file the user picked.
#[tauri::command]
pub async fn export_profile(app: AppHandle, id: String, path: String) -> CmdResult<()> {
    blocking(app, "export_profile", move |_app, state| {
        Ok(profile::export_file(&state.db(), &id, Path::new(&path))?)
    })
    .await
}
