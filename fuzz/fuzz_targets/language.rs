//! Any text through the language checks, as the editor sends a paragraph and the checklist an
//! article: spelling (hunspell-vi when installed), tone placement, official names, dates.
//! Properties: never panics; every UTF-16 range is inside the text, on code point boundaries, and
//! holds exactly the words the finding names.
#![no_main]

use std::collections::HashSet;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use newsroom::language::Checker;
use newsroom::profile::Profile;
use newsroom::spell::Speller;

fn checker() -> &'static Checker {
    static CHECKER: OnceLock<Checker> = OnceLock::new();
    CHECKER.get_or_init(|| {
        Checker::with(
            Speller::shared().map_err(|e| e.to_string()),
            HashSet::new(),
            &Profile::hai_phong(),
        )
    })
}

/// `units[from..to]` as text, if the range is inside and on code point boundaries.
fn slice(units: &[u16], from: u32, to: u32) -> Option<String> {
    let (from, to) = (from as usize, to as usize);
    if from > to || to > units.len() {
        return None;
    }
    String::from_utf16(&units[from..to]).ok()
}

fuzz_target!(|data: &[u8]| {
    let raw = String::from_utf8_lossy(data);
    let found = checker().check(&raw);
    let text = newsroom::text::nfc(&raw);
    let units: Vec<u16> = text.encode_utf16().collect();
    for m in &found.spelling {
        assert_eq!(slice(&units, m.from, m.to).as_deref(), Some(m.word.as_str()));
    }
    for p in &found.names {
        assert_eq!(slice(&units, p.from, p.to).as_deref(), Some(p.found.as_str()));
    }
    for d in &found.dates {
        assert_eq!(slice(&units, d.from, d.to).as_deref(), Some(d.found.as_str()));
    }
    for t in &found.tones {
        assert_eq!(slice(&units, t.from, t.to).as_deref(), Some(t.word.as_str()));
    }
    // The tone ranges in bytes, on text as it came (not NFC).
    for (r, _) in newsroom::text::tone::placements(&raw) {
        assert!(raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end));
    }
});
