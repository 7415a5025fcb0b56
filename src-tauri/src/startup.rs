//! What the app checks before its window can exist, and how it says it cannot start: with no
//! window yet, a native message box (the app started from the menu has no terminal to read) and
//! standard error.

use std::path::Path;

use newsroom::{ErrorCode, Lang};

/// Says why the app cannot start, in both languages, where the person will see it, and exits.
pub fn fail(vi: &str, en: &str) -> ! {
    eprintln!("Tòa soạn: {vi}\n{en}");
    // Linux: GTK's message box, when there is a display to show it on (not over SSH or in a
    // service, where standard error is what is read).
    #[cfg(target_os = "linux")]
    let shown =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    #[cfg(not(target_os = "linux"))]
    let shown = true;
    if shown {
        let _ = rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("Tòa soạn")
            .set_description(format!("{vi}\n\n{en}"))
            .set_buttons(rfd::MessageButtons::Ok)
            .show();
    }
    std::process::exit(1);
}

/// The data folder `dir` cannot be opened: what happened, the folder, and what to do, in both
/// languages, for [`fail`].
pub fn data_folder_failed(e: &newsroom::Error, dir: Option<&Path>) -> (String, String) {
    let (vi_do, en_do) = match e.code() {
        ErrorCode::NewerSchema => (
            "Có lẽ ứng dụng vừa bị cài lại bản cũ: hãy cài bản mới nhất của Tòa soạn rồi mở lại. Dữ liệu của bạn vẫn nguyên.".to_string(),
            "Perhaps an older version was installed again: install the newest Tòa soạn and open it again. Your data is untouched.".to_string(),
        ),
        ErrorCode::Database | ErrorCode::Migration => (
            "Tệp dữ liệu newsroom.db có thể đã hỏng. Đừng xóa thư mục: hãy nhờ bộ phận tin học khôi phục bản sao lưu gần nhất (lệnh “newsroom restore-backup TỆP”), hoặc mở một thư mục dữ liệu khác.".to_string(),
            "The data file newsroom.db may be damaged. Do not delete the folder: ask your IT contact to restore the latest backup (“newsroom restore-backup FILE”), or open another data folder.".to_string(),
        ),
        _ => (
            format!(
                "Hãy kiểm tra thư mục còn đó, là một thư mục (không phải tệp), bạn có quyền ghi vào nó và ổ đĩa còn chỗ; hoặc chọn thư mục khác bằng biến môi trường {}.",
                newsroom::store::DATA_DIR_ENV
            ),
            format!(
                "Check that the folder exists, is a folder (not a file), that you may write to it and that the disk has room; or choose another folder with the {} environment variable.",
                newsroom::store::DATA_DIR_ENV
            ),
        ),
    };
    let folder = dir.map(|d| d.display().to_string()).unwrap_or_default();
    (
        format!(
            "Không mở được thư mục dữ liệu {folder}.\nLý do: {}\n\n{vi_do}",
            e.message(Lang::Vi)
        ),
        format!(
            "The data folder {folder} cannot be opened.\nReason: {}\n\n{en_do}",
            e.message(Lang::En)
        ),
    )
}

/// On Windows, the window is drawn by Microsoft Edge WebView2: Windows 10 and 11 carry its
/// Evergreen runtime, but a PC may lack it (removed, or an old build). Without it the window
/// cannot open, so the app says so and what to do instead of vanishing.
#[cfg(windows)]
pub fn check_webview2() {
    // A fixed-version runtime shipped beside the app (WebView2's own variable) needs no install.
    if std::env::var_os("WEBVIEW2_BROWSER_EXECUTABLE_FOLDER").is_some() {
        return;
    }
    if let Some(version) = webview2_version() {
        log::info!("WebView2 runtime {version}");
        return;
    }
    fail(
        "Máy này chưa có Microsoft Edge WebView2 Runtime, phần Windows dùng để hiện cửa sổ Tòa soạn.\n\
         Hãy cài “WebView2 Runtime” (bản Evergreen) từ trang của Microsoft: \
         https://developer.microsoft.com/microsoft-edge/webview2/ — hoặc nhờ bộ phận tin học — \
         rồi mở lại Tòa soạn. Bài viết và ảnh của bạn không bị ảnh hưởng.",
        "This PC lacks the Microsoft Edge WebView2 Runtime, which Windows uses to show Tòa soạn's \
         window. Install the WebView2 Runtime (Evergreen) from Microsoft's page, \
         https://developer.microsoft.com/microsoft-edge/webview2/ — or ask your IT contact — then \
         open Tòa soạn again. Your articles and photos are not affected.",
    );
}

/// The installed WebView2 runtime's version, where Microsoft says to look for it: the `pv` value
/// of its EdgeUpdate client key, per machine (either registry view) or per user; none when absent
/// or `0.0.0.0` (uninstalled).
#[cfg(windows)]
fn webview2_version() -> Option<String> {
    use winreg::RegKey;
    use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};
    const CLIENT: &str = r"Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}";
    let places = [
        (
            HKEY_LOCAL_MACHINE,
            format!(r"SOFTWARE\WOW6432Node\{CLIENT}"),
        ),
        (HKEY_LOCAL_MACHINE, format!(r"SOFTWARE\{CLIENT}")),
        (HKEY_CURRENT_USER, format!(r"Software\{CLIENT}")),
    ];
    places.into_iter().find_map(|(root, path)| {
        let version: String = RegKey::predef(root)
            .open_subkey(&path)
            .ok()?
            .get_value("pv")
            .ok()?;
        (!version.is_empty() && version != "0.0.0.0").then_some(version)
    })
}
