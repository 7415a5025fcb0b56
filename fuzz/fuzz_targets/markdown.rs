//! Markdown → sanitised HTML. Property: whatever the reporter (or an attacker) types, in the body
//! or in the title, lead and byline, neither the article's HTML nor the whole portal page holds a
//! script-capable element, attribute or URL (the package validator's own script checker says so).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsroom::articles::ArticleInput;
use newsroom::export::script_problems;
use newsroom::profile::Profile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let html = newsroom::markdown::to_html(text);
    let found = script_problems(&html, false);
    assert!(found.is_empty(), "{found:?}\ninput {text:?}\nhtml {html}");
    // Split the input over the fields, as a form would carry it.
    let mut parts = text.splitn(3, '\u{1}');
    let input = ArticleInput {
        title: parts.next().unwrap_or_default().to_string(),
        lead: parts.next().unwrap_or_default().to_string(),
        body: parts.next().unwrap_or(text).to_string(),
        authors: vec![text.chars().take(40).collect()],
        ..ArticleInput::default()
    };
    let page = newsroom::export::render_preview(&input, &Profile::hai_phong());
    let found = script_problems(&page, true);
    assert!(found.is_empty(), "{found:?}\ninput {text:?}\npage {page}");
    let _ = newsroom::markdown::plain_text(text);
});
