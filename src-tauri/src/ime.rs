//! Input methods (ibus, fcitx with Unikey) write into the page as they compose.
//!
//! wry turns WebKitGTK's preedit off for every webview (so that fcitx's candidate window sits at
//! the caret). With it off, an input method keeps the word being composed to itself: the page sees
//! no composition events, shows nothing of "Phòng" until the space that ends it, and when the
//! field loses the focus mid-word (a click elsewhere, Ctrl+S, a switch of article) the input method
//! drops the word, unseen by the app. With preedit on, the word is in the field as it is composed
//! (composition events the UI's guard keeps, ui/src/lib/composition.ts) and a focus change ends
//! it with its text.

use tauri::{Manager as _, Runtime};

/// Turns WebKit's preedit back on in the main window's webview.
pub fn inline_preedit<R: Runtime>(app: &tauri::AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else {
        log::warn!("no main window: input methods keep their own preedit");
        return;
    };
    let done = window.with_webview(|webview| {
        #[cfg(target_os = "linux")]
        {
            use webkit2gtk::{InputMethodContextExt as _, WebViewExt as _};
            match webview.inner().input_method_context() {
                Some(context) => context.set_enable_preedit(true),
                None => log::warn!("the webview has no input method context"),
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = webview;
    });
    if let Err(e) = done {
        log::warn!("could not reach the webview to turn preedit on: {e}");
    }
}
