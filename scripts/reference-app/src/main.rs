//! A window and nothing else: the cold start and memory the app is measured beside.
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("run the reference window");
}
