//! Reads the top-level tauri.conf.json and declares the app's own commands, so capabilities can
//! grant them one by one.

const COMMANDS: &[&str] = &[
    "search_articles",
    "get_article",
    "create_article",
    "save_article",
    "spike_article",
    "add_to_dictionary",
    "check_text",
    "convert_paste",
    "retone_article",
    "unspike_article",
    "delete_article",
    "article_history",
    "article_revision",
    "diff_revisions",
    "restore_revision",
    "merge_article",
    "export_article",
    "preview_article",
    "check_article",
    "export_articles",
    "copy_package_html",
    "open_package_folder",
    "check_definitions",
    "list_profiles",
    "save_profile",
    "set_default_profile",
    "remove_profile",
    "import_profile",
    "export_profile",
    "import_photos",
    "import_photo_bytes",
    "attach_figure",
    "article_figures",
    "set_figure_meta",
    "detach_figure",
    "figure_line",
    "figure_line_edit",
    "photo_thumbnail",
    "caption_suggestions",
    "library_photos",
    "describe_photo",
    "default_backup_path",
    "backup_newsroom",
    "read_backup",
    "restore_newsroom",
    "app_info",
    "running_date",
    "session",
    "sign_in",
    "sign_out",
    "add_user",
    "set_user_role",
    "set_user_pin",
    "remove_user",
    "workflow_step",
    "article_log",
    "list_comments",
    "add_comment",
    "resolve_comment",
    "review_diff",
    "export_bundle",
    "import_bundle",
    "import_word",
    "article_divergence",
    "merge_versions",
    "close_window",
];

fn main() {
    println!("cargo:rerun-if-changed=../ui/dist");
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        // A build script reports failure by panicking; the message is what cargo shows.
        panic!("tauri-build failed: {e:#}");
    }
}
