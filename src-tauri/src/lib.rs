//! Tòa soạn's desktop shell: opens the data folder, registers plugins and the commands.
//!
//! **Boundary:** the only crate that knows about IPC. A command takes state, calls one core function,
//! converts the error. No logic, no SQL here.

mod commands;
mod error;
mod ime;
mod startup;
mod state;

use tauri::Manager;
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};

pub use error::CommandError;
use state::AppState;

/// Name (without extension) of the log file in the data folder.
pub(crate) const LOG_FILE: &str = "newsroom";

/// Size at which the log file is set aside and a new one begun.
const LOG_MAX_BYTES: u128 = 5 * 1024 * 1024;

/// Starts the app. When it cannot (no WebView2 on Windows, a data folder that cannot be opened),
/// it says why where the person sees it (`startup::fail`).
pub fn run() {
    log_panics();
    #[cfg(windows)]
    startup::check_webview2();
    let state = match AppState::open_default() {
        Ok(s) => s,
        Err(e) => {
            let dir = newsroom::store::resolve_data_dir(None).ok();
            let (vi, en) = startup::data_folder_failed(&e, dir.as_deref());
            startup::fail(&vi, &en)
        }
    };
    let data_dir = state.data_dir.clone();
    // Files named on the command line (the file manager's "Open with"), for the window to take
    // (queued in `setup`, once the log is open to say so).
    let files = std::env::current_dir()
        .map(|cwd| newsroom::opening::files_to_open(std::env::args_os().skip(1), &cwd))
        .unwrap_or_default();

    let result = tauri::Builder::default()
        // First: a second launch focuses the running window instead of opening another.
        // Files it names (a bundle, a Word file opened from the file manager) go to this window.
        .plugin(tauri_plugin_single_instance::init(|app, args, cwd| {
            let files = newsroom::opening::files_to_open(
                args.into_iter().skip(1).map(std::ffi::OsString::from),
                std::path::Path::new(&cwd),
            );
            app.state::<commands::app::Opened>().add(files, Some(app));
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
                // The plugin's default deletes the log at 40 KB, the file a panic message sends
                // people to: 5 MB, then it is kept as newsroom_<date>.log beside two older ones.
                .max_file_size(LOG_MAX_BYTES)
                .rotation_strategy(RotationStrategy::KeepSome(3))
                .build(),
        )
        .manage(state)
        .manage(commands::app::Opened::default())
        .manage(commands::window::Closing::default())
        .on_window_event(commands::window::on_window_event)
        .setup(move |app| {
            log::info!("Tòa soạn started; data folder {}", data_dir.display());
            app.state::<commands::app::Opened>().add(files, None);
            commands::server::unlock_with_kept(app.handle());
            ime::inline_preedit(app.handle());
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
            commands::app::running_date,
            commands::app::take_opened_files,
            commands::workflow::session,
            commands::workflow::sign_in,
            commands::workflow::sign_out,
            commands::workflow::add_user,
            commands::workflow::set_user_role,
            commands::workflow::set_user_pin,
            commands::workflow::remove_user,
            commands::workflow::workflow_step,
            commands::workflow::article_log,
            commands::workflow::list_comments,
            commands::workflow::add_comment,
            commands::workflow::resolve_comment,
            commands::workflow::review_diff,
            commands::workflow::export_bundle,
            commands::workflow::import_bundle,
            commands::articles::import_word,
            commands::workflow::article_divergence,
            commands::workflow::merge_versions,
            commands::window::close_window,
            commands::server::server_state,
            commands::server::server_connect,
            commands::server::server_unlock,
            commands::server::server_sync_now,
            commands::server::server_change_password,
            commands::server::server_test,
            commands::server::server_leave,
            commands::server::server_move,
            commands::server::server_keep_password,
            commands::admin::newsroom_view,
            commands::admin::newsroom_add_person,
            commands::admin::newsroom_set_role,
            commands::admin::newsroom_reset_password,
            commands::admin::newsroom_remove_person,
            commands::admin::newsroom_register_key,
            commands::admin::newsroom_dismiss_key,
            commands::admin::newsroom_revoke_key,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(e) = result {
        startup::fail(
            &format!("ứng dụng không chạy được: {e}"),
            &format!("the app cannot run: {e}"),
        );
    }
}

/// Every panic goes to the log (the data folder's `newsroom.log`) with where it happened and a
/// backtrace, as well as to standard error. A panic in a command ends only that command: see
/// `commands::blocking`.
fn log_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        log::error!(
            "panic: {info}\n{}",
            std::backtrace::Backtrace::force_capture()
        );
        default(info);
    }));
}

/// The lock-down SECURITY.md describes, checked against the files that set it.
#[cfg(test)]
mod security {
    use std::collections::BTreeSet;

    const CONF: &str = include_str!("../../tauri.conf.json");
    const CAPABILITY: &str = include_str!("../capabilities/default.json");
    const BUILD: &str = include_str!("../build.rs");
    const LIB: &str = include_str!("lib.rs");

    fn json(s: &str) -> serde_json::Value {
        serde_json::from_str(s).expect("json")
    }

    #[test]
    fn csp_has_no_eval_no_inline_script_and_no_remote_origin() {
        let conf = json(CONF);
        let csp = conf["app"]["security"]["csp"]
            .as_object()
            .expect("a CSP is set");
        for (directive, value) in csp {
            let value = value.as_str().expect("string");
            assert!(!value.contains("unsafe-eval"), "{directive}: {value}");
            for source in value.split_whitespace() {
                let remote = source.starts_with("http") && source != "http://ipc.localhost"
                    || source == "*"
                    || source.starts_with("https:")
                    || source.starts_with("ws");
                assert!(!remote, "{directive} allows a remote origin: {source}");
            }
        }
        assert_eq!(csp["script-src"], "'self'");
        assert_eq!(csp["object-src"], "'none'");
        assert_eq!(csp["base-uri"], "'none'");
        assert_eq!(conf["app"]["security"]["freezePrototype"], true);
        // Only style-src is left for tauri's nonces to leave alone.
        assert_eq!(
            conf["app"]["security"]["dangerousDisableAssetCspModification"],
            serde_json::json!(["style-src"])
        );
    }

    /// The command names in `build.rs`'s COMMANDS list.
    fn declared() -> BTreeSet<String> {
        let list = &BUILD[BUILD.find("const COMMANDS").expect("COMMANDS")..];
        let list = &list[..list.find("];").expect("end")];
        list.split('"')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect()
    }

    #[test]
    fn the_window_may_call_exactly_the_apps_commands_and_no_shell_or_fs() {
        let cap = json(CAPABILITY);
        assert_eq!(cap["windows"], serde_json::json!(["main"]));
        let perms: Vec<String> = cap["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .map(|p| p.as_str().expect("a permission name").to_string())
            .collect();
        let (own, plugins): (Vec<&String>, Vec<&String>) =
            perms.iter().partition(|p| !p.contains(':'));
        assert_eq!(
            plugins,
            [
                "dialog:allow-open",
                "dialog:allow-save",
                "core:event:allow-listen",
                "core:event:allow-unlisten"
            ],
            "plugins the window may use"
        );
        let granted: BTreeSet<String> = own
            .iter()
            .map(|p| {
                p.strip_prefix("allow-")
                    .unwrap_or_else(|| panic!("only allow- permissions: {p}"))
                    .replace('-', "_")
            })
            .collect();
        let declared = declared();
        assert_eq!(granted, declared, "capability and build.rs");
        // Every registered handler is declared, and nothing else is.
        let handlers = &LIB[LIB.find("generate_handler![").expect("handler")..];
        let handlers = &handlers[..handlers.find(']').expect("end")];
        let registered: BTreeSet<String> = handlers
            .split(',')
            .filter_map(|h| h.trim().rsplit("::").next())
            .filter(|h| !h.is_empty() && !h.contains('['))
            .map(String::from)
            .collect();
        assert_eq!(registered, declared, "lib.rs handlers and build.rs");
        for forbidden in ["shell", "fs:", "http:", "process:"] {
            assert!(
                !perms.iter().any(|p| p.contains(forbidden)),
                "{forbidden} in the capability"
            );
        }
    }
}
