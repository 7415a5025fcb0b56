//! Photos: import (files picked or dropped, or bytes pasted), figures of an article, thumbnails.

use newsroom::figures::{self, Figure, FigureChange, LineEdit};
use newsroom::media::{self, Photo, Progress};
use tauri::{AppHandle, Emitter, State};

use super::blocking;
use crate::error::{CmdResult, CommandError};
use crate::state::AppState;

/// The event an import reports its progress on, once a file is done.
pub const PROGRESS_EVENT: &str = "photos://progress";

/// What became of one file of an import.
#[derive(serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Imported {
    /// The file's name.
    pub name: String,
    /// The photo it became.
    #[ts(optional = nullable)]
    pub photo: Option<Photo>,
    /// Why it was refused, in Vietnamese.
    #[ts(optional = nullable)]
    pub error: Option<String>,
}

/// Imports photo files on every core, off the UI's thread and without holding the app's database
/// connection (an own one), reporting progress as `photos://progress` events.
#[tauri::command]
pub async fn import_photos(
    app: AppHandle,
    state: State<'_, AppState>,
    paths: Vec<String>,
) -> CmdResult<Vec<Imported>> {
    if paths.len() > media::MAX_BATCH {
        return Err(newsroom::Error::InvalidInput {
            field: "paths",
            reason: {
                let max = media::MAX_BATCH;
                newsroom::said!(
                    "chọn tối đa {max} ảnh một lần",
                    "choose at most {max} photos at once"
                )
            },
        }
        .into());
    }
    let data_dir = state.data_dir.clone();
    let spec = (newsroom::profile::active(&state.db())?).photo_spec();
    let author = state.author(&state.db())?;
    let work = move || -> newsroom::Result<Vec<Imported>> {
        let conn = newsroom::store::open(&data_dir)?;
        let paths: Vec<std::path::PathBuf> = paths.into_iter().map(Into::into).collect();
        let emit = |p: &Progress| {
            let _ = app.emit(PROGRESS_EVENT, p);
        };
        let results = media::import_files(
            &conn,
            &data_dir,
            &paths,
            &spec,
            &author,
            media::default_threads(),
            &emit,
        );
        Ok(paths
            .iter()
            .zip(results)
            .map(|(p, r)| Imported {
                name: p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                error: r.as_ref().err().map(ToString::to_string),
                photo: r.ok(),
            })
            .collect())
    };
    let imported = tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| {
            CommandError::new(
                newsroom::ErrorCode::Internal,
                newsroom::said!(
                    "Lỗi nội bộ khi thêm ảnh: {e}",
                    "Internal error while adding photos: {e}"
                ),
            )
        })??;
    Ok(imported)
}

/// Imports one photo sent as raw bytes (pasted, or chosen in the page's file field); its name comes
/// URL-encoded in the `x-file-name` header.
#[tauri::command]
pub async fn import_photo_bytes(
    state: State<'_, AppState>,
    request: tauri::ipc::Request<'_>,
) -> CmdResult<Photo> {
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(CommandError::new(
            newsroom::ErrorCode::InvalidInput,
            newsroom::said!("Không nhận được dữ liệu ảnh.", "No photo data arrived."),
        ));
    };
    let name = request
        .headers()
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            percent_encoding::percent_decode_str(v)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_else(|| "anh-dan.png".into());
    let bytes = bytes.clone();
    let spec = (newsroom::profile::active(&state.db())?).photo_spec();
    let prepared = tauri::async_runtime::spawn_blocking(move || {
        let c = media::check_bytes(&name, bytes)?;
        let made = media::render(&c, &spec)?;
        Ok::<_, newsroom::Error>((c, made))
    })
    .await
    .map_err(|e| {
        CommandError::new(
            newsroom::ErrorCode::Internal,
            newsroom::said!(
                "Lỗi nội bộ khi thêm ảnh: {e}",
                "Internal error while adding the photo: {e}"
            ),
        )
    })??;
    let (c, made) = prepared;
    let conn = state.db();
    let author = state.author(&conn)?;
    Ok(media::store(&conn, &state.data_dir, &c, &made, &author)?)
}

/// Attaches a photo to an article as a new figure (the editor places its line); returns its number.
#[tauri::command]
pub async fn attach_figure(
    app: AppHandle,
    id: String,
    hash: String,
    change: FigureChange,
) -> CmdResult<u32> {
    blocking(app, "attach_figure", move |_app, state| {
        Ok(figures::attach(&state.db(), &id, &hash, &change)?)
    })
    .await
}

/// The figures of an article, body order first.
#[tauri::command]
pub async fn article_figures(app: AppHandle, id: String) -> CmdResult<Vec<Figure>> {
    blocking(app, "article_figures", move |_app, state| {
        Ok(figures::list(&state.db(), &id)?)
    })
    .await
}

/// Changes a figure's credit or lead flag, and remembers its caption for suggestions.
#[tauri::command]
pub async fn set_figure_meta(
    app: AppHandle,
    id: String,
    n: u32,
    change: FigureChange,
) -> CmdResult<()> {
    blocking(app, "set_figure_meta", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        Ok(figures::set_meta(&conn, &id, n, &change, &by.name)?)
    })
    .await
}

/// Takes a figure out of an article (the editor removes its line); the photo stays in the library.
#[tauri::command]
pub async fn detach_figure(app: AppHandle, id: String, n: u32) -> CmdResult<()> {
    blocking(app, "detach_figure", move |_app, state| {
        Ok(figures::detach(&state.db(), &id, n)?)
    })
    .await
}

/// The Markdown line of a figure.
#[tauri::command]
pub fn figure_line(n: u32, alt: String, caption: String) -> String {
    figures::line(n, &alt, &caption)
}

/// The edit that gives figure `n` of `body` new alt text and caption (none if it is not in the body).
#[tauri::command]
pub async fn figure_line_edit(
    app: AppHandle,
    body: String,
    n: u32,
    alt: String,
    caption: String,
) -> CmdResult<Option<LineEdit>> {
    blocking(app, "figure_line_edit", move |_app, _state| {
        Ok(figures::line_edit(&body, n, &alt, &caption))
    })
    .await
}

/// A photo's smallest rendition as a `data:` URL, for thumbnails.
#[tauri::command]
pub async fn photo_thumbnail(app: AppHandle, hash: String) -> CmdResult<String> {
    blocking(app, "photo_thumbnail", move |_app, state| {
        Ok(media::thumbnail_data_url(
            &state.db(),
            &state.data_dir,
            &hash,
        )?)
    })
    .await
}

/// Captions used before that contain what was typed.
#[tauri::command]
pub async fn caption_suggestions(app: AppHandle, typed: String) -> CmdResult<Vec<String>> {
    blocking(app, "caption_suggestions", move |_app, state| {
        Ok(figures::suggest_captions(&state.db(), &typed, 8)?)
    })
    .await
}

/// Photos of the library matching what was typed (name, description, credit, copyright).
#[tauri::command]
pub async fn library_photos(app: AppHandle, typed: String) -> CmdResult<Vec<Photo>> {
    blocking(app, "library_photos", move |_app, state| {
        Ok(media::search(&state.db(), &typed, 200)?)
    })
    .await
}

/// What the library says about a photo: its description, credit and copyright (never a caption).
#[tauri::command]
pub async fn describe_photo(
    app: AppHandle,
    hash: String,
    description: String,
    credit: String,
    copyright: String,
) -> CmdResult<Photo> {
    blocking(app, "describe_photo", move |_app, state| {
        let conn = state.db();
        let by = state.actor(&conn)?;
        Ok(media::describe(
            &conn,
            &hash,
            Some(&description),
            Some(&credit),
            Some(&copyright),
            &by,
        )?)
    })
    .await
}
