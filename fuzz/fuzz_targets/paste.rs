//! Pasted HTML (Word, a web page, old TCVN3/VNI fonts) and 8-bit legacy text → Markdown.
//! Properties: never panics; the Markdown is NFC; rendered, it carries no script.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom::text::{legacy, nfc, paste};

fuzz_target!(|data: &[u8]| {
    // As the editor's paste handler and `--body-file x.html` read it.
    let text = String::from_utf8_lossy(data);
    let p = paste::html_to_markdown(&text);
    assert_eq!(nfc(&p.markdown), p.markdown, "not NFC: {:?}", p.markdown);
    let html = newsroom::markdown::to_html(&p.markdown);
    let found = newsroom::export::script_problems(&html, false);
    assert!(found.is_empty(), "{found:?}\nmarkdown {:?}", p.markdown);
    // As `--body-file old.txt` reads a file that is not UTF-8: each byte a Latin-1 character.
    let eight_bit: String = data.iter().map(|&b| char::from(b)).collect();
    let p = paste::plain(&eight_bit);
    assert_eq!(nfc(&p.markdown), p.markdown);
    let _ = legacy::to_unicode(&text, Some(".VnTimeH"));
    let _ = legacy::to_unicode(&text, Some("VNI-Times"));
});
