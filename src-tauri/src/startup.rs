//! What the app checks before its window can exist, and how it says it cannot start: with no
//! window yet, a message box on Windows (the app has no console there), stderr elsewhere.

/// Says why the app cannot start, in both languages, where the person will see it, and exits.
pub fn fail(vi: &str, en: &str) -> ! {
    eprintln!("Tòa soạn: {vi}\n{en}");
    #[cfg(windows)]
    {
        let _ = rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("Tòa soạn")
            .set_description(format!("{vi}\n\n{en}"))
            .set_buttons(rfd::MessageButtons::Ok)
            .show();
    }
    std::process::exit(1);
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
