//! Every function of the core that finds places in text, over arbitrary Unicode: every white space
//! and combining-mark class, NFD input, emoji and other characters outside the BMP, letters whose
//! lowercase has another length, text ending mid-word. Nothing panics; every byte range is on
//! character boundaries; every UTF-16 range (what the editor counts) holds exactly the text the
//! finding names.
//!
//! Found by this kind of test: a non-breaking space before an unknown word made the spelling check
//! slice inside the space (issue 14).

use std::collections::HashSet;

use newsroom::language::Checker;
use newsroom::profile::Profile;
use newsroom::spell::Speller;
use newsroom::text;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Every character with Unicode's White_Space property, and the zero-width ones editors meet.
const SPACES: &[char] = &[
    '\t', '\n', '\u{0B}', '\u{0C}', '\r', ' ', '\u{85}', '\u{A0}', '\u{1680}', '\u{2000}',
    '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}',
    '\u{2009}', '\u{200A}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{3000}', '\u{200B}',
    '\u{200C}', '\u{200D}', '\u{FEFF}', '\u{AD}',
];

/// Pieces a newsroom's text is made of, and pieces that break byte arithmetic.
const PIECES: &[&str] = &[
    "Ông",
    "Xyzabc",
    "phát biểu",
    "Sở Tài nguyên và Môi trường",
    "Sở Tài Nguyên Và Môi Trường",
    "Sở Y tê",
    "Ủy ban nhân dân thành phố Hải Phòng",
    "Thành uỷ",
    "hòa",
    "hoà",
    "thuỷ",
    "Thứ Ba, 02/12/2020",
    "thứ 7 ngày 31/2/2021",
    "Chủ nhật (6/12/2020)",
    "nguời",
    "Đảng bộ",
    "[văn bản](https://vbpl.vn/abc)",
    "haiphong.gov.vn",
    "ten@haiphong.gov.vn",
    "![Ảnh](anh:1 \"Chú thích\")",
    "UBND",
    "2020",
    ".",
    ",",
    "“",
    "”",
    "…",
    "-",
    "–",
    "(",
    ")",
    "]",
    "](",
    "\n\n",
    "# ",
    "😀",
    "👨\u{200D}👩\u{200D}👧",
    "🇻🇳",
    "𝐀𝐁",
    "İ",
    "Ⱥ",
    "ẞ",
    "ǅ",
    "ﬁ",
    "가",
    "ℌ",
    "\u{0300}",
    "\u{0301}",
    "\u{0303}",
    "\u{0309}",
    "\u{0323}",
    "\u{031B}",
    "\u{0306}",
    "\u{0302}",
    "\u{20DD}",
    "\u{1AB0}",
    "\u{FE0F}",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        3 => proptest::sample::select(SPACES).prop_map(String::from),
        // NFD and Unikey-style (base letter + combining mark) forms of Vietnamese words.
        1 => proptest::sample::select(PIECES).prop_map(|p| p.nfd().collect()),
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Zàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]{1,6}",
    ]
}

/// Arbitrary text built from [`piece`]s; often ends mid-word.
fn arbitrary_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..40).prop_map(|v| v.concat())
}

/// `text[from..to]` counted in UTF-16 units, if the range is inside and on code point boundaries.
fn utf16_slice(text: &str, from: u32, to: u32) -> Option<String> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let (from, to) = (from as usize, to as usize);
    if from > to || to > units.len() {
        return None;
    }
    String::from_utf16(&units[from..to]).ok()
}

fn is_nfc(s: &str) -> bool {
    unicode_normalization::is_nfc(s)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 400,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn checker() -> Checker {
    let speller = Speller::shared().map_err(|e| e.to_string());
    assert!(
        speller.is_ok(),
        "the set-up installs hunspell-vi: the spelling half of this test needs it"
    );
    Checker::with(speller, HashSet::new(), &Profile::hai_phong())
}

proptest! {
    #![proptest_config(config())]

    /// What the editor asks for one paragraph and the checklist for a whole article.
    #[test]
    fn language_checks_give_offsets_that_hold_their_words(raw in arbitrary_text()) {
        let checked = checker().check(&raw);
        // Offsets are in the NFC text (what is stored and what the editor holds).
        let t = text::nfc(&raw);
        for m in &checked.spelling {
            prop_assert_eq!(utf16_slice(&t, m.from, m.to), Some(m.word.clone()), "spelling {:?}", m);
        }
        for p in &checked.names {
            prop_assert_eq!(utf16_slice(&t, p.from, p.to), Some(p.found.clone()), "name {:?}", p);
        }
        for d in &checked.dates {
            prop_assert_eq!(utf16_slice(&t, d.from, d.to), Some(d.found.clone()), "date {:?}", d);
        }
        for w in &checked.tones {
            prop_assert_eq!(utf16_slice(&t, w.from, w.to), Some(w.word.clone()), "tone {:?}", w);
        }
    }

    /// Tone placement on its own, on text that is not NFC (the article retoning reads stored text,
    /// the checks read what the editor sends).
    #[test]
    fn tone_ranges_are_on_char_boundaries(raw in arbitrary_text()) {
        for (r, _) in text::tone::placements(&raw) {
            prop_assert!(raw.is_char_boundary(r.start) && raw.is_char_boundary(r.end), "{:?}", r);
            prop_assert!(r.start < r.end && r.end <= raw.len());
        }
        let stored = text::nfc(&raw);
        for style in [text::tone::ToneStyle::Old, text::tone::ToneStyle::New] {
            let out = text::tone::to_style(&stored, style);
            prop_assert!(is_nfc(&out), "{:?}", out);
        }
    }

    /// Dates on text that is not NFC: the numeric scan works on bytes.
    #[test]
    fn date_problems_hold_their_text(raw in arbitrary_text()) {
        for d in text::dates::problems(&raw) {
            prop_assert_eq!(utf16_slice(&raw, d.from, d.to), Some(d.found.clone()), "{:?}", d);
        }
    }

    /// Search snippets: every part is text of the article (or the ellipsis), in order.
    #[test]
    fn snippets_are_pieces_of_the_text(raw in arbitrary_text(), q in arbitrary_text()) {
        let words: Vec<String> = text::fold(&q)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .take(4)
            .collect();
        let parts = newsroom::search::snippet(&raw, &words);
        let joined: String = parts.iter().map(|p| p.text.as_str()).collect();
        // The snippet adds an ellipsis where it cuts; the rest is one piece of the text.
        let head = joined.strip_prefix('…').unwrap_or(&joined);
        let inner = [joined.as_str(), head, joined.strip_suffix('…').unwrap_or(&joined), head.strip_suffix('…').unwrap_or(head)];
        prop_assert!(inner.iter().any(|p| raw.contains(p)), "{:?} not in {:?}", joined, raw);
    }

    /// Paste and old encodings: any text comes out NFC, without a panic.
    #[test]
    fn paste_and_legacy_conversion_take_any_text(raw in arbitrary_text()) {
        let html = format!("<p style=\"font-family:.VnTime\">{raw}</p><p>{raw}</p>");
        let pasted = text::paste::html_to_markdown(&html);
        prop_assert!(is_nfc(&pasted.markdown), "{:?}", pasted.markdown);
        let plain = text::paste::plain(&raw);
        prop_assert!(is_nfc(&plain.markdown), "{:?}", plain.markdown);
        let (out, _) = text::legacy::to_unicode(&raw, Some("VNI-Times"));
        prop_assert!(is_nfc(&out), "{:?}", out);
    }

    /// Figures: the editor's span for a figure line holds that line.
    #[test]
    fn figure_line_spans_hold_the_figure(before in arbitrary_text(), after in arbitrary_text()) {
        let body = format!("{before}\n\n![Ảnh](anh:1 \"Chú thích\")\n\n{after}");
        if let Some(edit) = newsroom::figures::line_edit(&body, 1, "Mới", "Chú thích mới") {
            let old = utf16_slice(&body, edit.from, edit.to);
            prop_assert!(old.as_deref().is_some_and(|s| s.starts_with("![")), "{:?}", old);
        }
        for f in newsroom::figures::refs(&body) {
            prop_assert!(body.is_char_boundary(f.range.start) && body.is_char_boundary(f.range.end));
        }
    }

    /// Slugs, folding and word counts take any text.
    #[test]
    fn slugs_and_folding_take_any_text(raw in arbitrary_text()) {
        let s = text::slug(&raw);
        prop_assert!(s.len() <= text::MAX_SLUG_CHARS && s.is_ascii(), "{:?}", s);
        prop_assert_eq!(text::fold(&raw.nfc().collect::<String>()), text::fold(&raw.nfd().collect::<String>()));
        let _ = text::word_count(&raw);
        let lower = text::lower_same_offsets(&raw);
        prop_assert_eq!(lower.len(), raw.len());
        for (i, _) in raw.char_indices() {
            prop_assert!(lower.is_char_boundary(i));
        }
    }
}

/// The case of issue 14, through the checks as the checklist and the editor run them.
#[test]
fn a_non_breaking_space_before_an_unknown_word() {
    // The text of the report: "Xyzabc" has a z, so it is taken for a foreign name and not
    // flagged, but finding its token sliced inside the space.
    let checked = checker().check("Ông\u{A0}Xyzabc phát biểu.");
    assert!(checked.spelling.is_empty(), "{:?}", checked.spelling);
    // An unknown word that is checked, after every white space of more than one byte.
    for &space in SPACES.iter().filter(|c| c.len_utf8() > 1) {
        let text = format!("Ông{space}Xyabc phát biểu.");
        let found: Vec<(String, Option<String>)> = checker()
            .check(&text)
            .spelling
            .iter()
            .map(|m| (m.word.clone(), utf16_slice(&text, m.from, m.to)))
            .collect();
        assert_eq!(
            found,
            [("Xyabc".to_string(), Some("Xyabc".to_string()))],
            "{space:?}"
        );
    }
}
