//! Tòa soạn's desktop shell: opens the data folder, registers plugins and the commands.
//!
//! **Boundary:** the only crate that knows about IPC. A command takes state, calls one core function,
//! converts the error. No logic, no SQL here.

mod commands;
mod error;
mod state;

use tauri::Manager;
use tauri_plugin_log::{Target, TargetKind};

pub use error::CommandError;
use state::AppState;

/// Name (without extension) of the log file in the data folder.
const LOG_FILE: &str = "newsroom";

/// Starts the app. Exits with a message on stderr if the data folder cannot be opened.
pub fn run() {
    let state = match AppState::open_default() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Tòa soạn: {e}");
            std::process::exit(1);
        }
    };
    let data_dir = state.data_dir.clone();

    let result = tauri::Builder::default()
        // First: a second launch focuses the running window instead of opening another.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(
            tauri_plugin_log::Builder::new()
                .targets([
                    Target::new(TargetKind::Stderr),
                    Target::new(TargetKind::Folder {
                        path: data_dir.clone(),
                        file_name: Some(LOG_FILE.into()),
                    }),
                ])
                .level(log::LevelFilter::Info)
                .build(),
        )
        .manage(state)
        .manage(commands::window::Closing::default())
        .on_window_event(commands::window::on_window_event)
        .setup(move |_app| {
            log::info!("Tòa soạn started; data folder {}", data_dir.display());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::articles::search_articles,
            commands::articles::get_article,
            commands::articles::create_article,
            commands::articles::save_article,
            commands::articles::spike_article,
            commands::articles::add_to_dictionary,
            commands::articles::check_text,
            commands::articles::convert_paste,
            commands::articles::retone_article,
            commands::articles::unspike_article,
            commands::articles::delete_article,
            commands::revisions::article_history,
            commands::revisions::article_revision,
            commands::revisions::diff_revisions,
            commands::revisions::restore_revision,
            commands::revisions::merge_article,
            commands::export::export_article,
            commands::export::preview_article,
            commands::export::check_article,
            commands::export::export_articles,
            commands::export::copy_package_html,
            commands::export::open_package_folder,
            commands::export::check_definitions,
            commands::export::list_profiles,
            commands::export::save_profile,
            commands::export::set_default_profile,
            commands::export::remove_profile,
            commands::export::import_profile,
            commands::export::export_profile,
            commands::photos::import_photos,
            commands::photos::import_photo_bytes,
            commands::photos::attach_figure,
            commands::photos::article_figures,
            commands::photos::set_figure_meta,
            commands::photos::detach_figure,
            commands::photos::figure_line,
            commands::photos::figure_line_edit,
            commands::photos::photo_thumbnail,
            commands::photos::caption_suggestions,
            commands::photos::library_photos,
            commands::photos::describe_photo,
            commands::backup::default_backup_path,
            commands::backup::backup_newsroom,
            commands::backup::read_backup,
            commands::backup::restore_newsroom,
            commands::app::app_info,
            commands::workflow::session,
            commands::workflow::sign_in,
            commands::workflow::sign_out,
            commands::workflow::add_user,
            commands::workflow::workflow_step,
            commands::workflow::article_log,
            commands::workflow::list_comments,
            commands::workflow::add_comment,
            commands::workflow::resolve_comment,
            commands::workflow::review_diff,
            commands::workflow::export_bundle,
            commands::workflow::import_bundle,
            commands::workflow::article_divergence,
            commands::workflow::merge_versions,
            commands::window::close_window,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(e) = result {
        eprintln!("Tòa soạn: {e}");
        std::process::exit(1);
    }
}
