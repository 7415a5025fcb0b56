//! Where the tone mark goes in the syllables ending in oa, oe, uy: the old placement (hòa, khỏe,
//! thủy, Ủy) and the new (hoà, khoẻ, thuỷ, Uỷ). Both are correct; a portal picks one as its house
//! style, and an article mixing both is the error. Proper names (Hòa Bình, Thanh Hóa) are never
//! re-toned: a capitalised syllable next to another capitalised one is taken for part of a name.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A tone placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ToneStyle {
    /// On the first vowel: hòa, thủy.
    Old,
    /// On the second vowel: hoà, thuỷ.
    New,
}

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// The syllable's placement, if it is one of those syllables and carries a tone.
pub fn style_of(syllable: &str) -> Option<ToneStyle> {
    let (first, second, tone_at) = analyse(syllable)?;
    match tone_at? {
        i if i == first => Some(ToneStyle::Old),
        i if i == second => Some(ToneStyle::New),
        _ => None,
    }
}

/// Indices (in the NFD characters) of the pair's two vowels and of the vowel holding the tone.
fn analyse(syllable: &str) -> Option<(usize, usize, Option<usize>)> {
    let chars: Vec<char> = syllable.nfd().collect();
    let bases: Vec<usize> = (0..chars.len())
        .filter(|&i| !unicode_normalization::char::is_combining_mark(chars[i]))
        .collect();
    if bases.len() < 2
        || !chars
            .iter()
            .all(|c| c.is_alphabetic() || unicode_normalization::char::is_combining_mark(*c))
    {
        return None;
    }
    let (a, b) = (bases[bases.len() - 2], bases[bases.len() - 1]);
    let pair = (chars[a].to_ascii_lowercase(), chars[b].to_ascii_lowercase());
    if !matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return None;
    }
    // In "qu" the u is part of the consonant (quý, quỳ): the tone is on y either way.
    if pair.1 == 'y' && bases.len() >= 3 && chars[bases[bases.len() - 3]].eq_ignore_ascii_case(&'q')
    {
        return None;
    }
    // No other mark on the pair (oă, uê… are other syllables).
    let marks = |from: usize, to: usize| {
        chars[from + 1..to]
            .iter()
            .filter(|c| !TONES.contains(c))
            .count()
    };
    if marks(a, b) > 0 || marks(b, chars.len()) > 0 {
        return None;
    }
    // One tone at most, on a or b: anything else (two tones, a tone on an earlier letter) is not a
    // Vietnamese syllable and is left as it is.
    let tones: Vec<usize> = (0..chars.len())
        .filter(|&i| TONES.contains(&chars[i]))
        .collect();
    if tones.len() > 1 || tones.first().is_some_and(|&i| i < a) {
        return None;
    }
    let tone = tones.first().map(|&i| {
        // The vowel the mark follows.
        if i > b { b } else { a }
    });
    Some((a, b, tone))
}

/// The syllable with its tone on the vowel `style` wants (unchanged if it is not one of those).
pub fn retone(syllable: &str, style: ToneStyle) -> String {
    let Some((a, b, Some(at))) = analyse(syllable) else {
        return syllable.to_string();
    };
    let want = match style {
        ToneStyle::Old => a,
        ToneStyle::New => b,
    };
    if at == want {
        return syllable.to_string();
    }
    let chars: Vec<char> = syllable.nfd().collect();
    let tone = *chars
        .iter()
        .find(|c| TONES.contains(c))
        .unwrap_or(&'\u{300}');
    let mut out: Vec<char> = chars
        .iter()
        .copied()
        .filter(|c| !TONES.contains(c))
        .collect();
    // Positions shift by one when the mark left a place before `want`.
    let insert_after = if want == a { a } else { b - 1 };
    out.insert(insert_after + 1, tone);
    out.into_iter().collect::<String>().nfc().collect()
}

/// Byte ranges of the words (runs of letters) of `text`.
fn words(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let letter = c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c);
        match (letter, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The syllables of `text` written in a placement, with their byte ranges; proper names left out.
pub fn placements(text: &str) -> Vec<(std::ops::Range<usize>, ToneStyle)> {
    let ws = words(text);
    let mut out = Vec::new();
    for (i, r) in ws.iter().enumerate() {
        let w = &text[r.clone()];
        let Some(style) = style_of(w) else { continue };
        // Part of a name: a capitalised neighbour separated by one space.
        let neighbour = |j: Option<usize>| {
            j.and_then(|j| ws.get(j)).is_some_and(|n| {
                let gap = if n.start > r.end {
                    &text[r.end..n.start]
                } else {
                    &text[n.end..r.start]
                };
                gap == " " && capitalised(&text[n.clone()])
            })
        };
        if capitalised(w) && (neighbour(i.checked_sub(1)) || neighbour(Some(i + 1))) {
            continue;
        }
        out.push((r.clone(), style));
    }
    out
}

/// Whether `text` mixes both placements (proper names aside).
pub fn mixed(text: &str) -> bool {
    let p = placements(text);
    p.iter().any(|(_, s)| *s == ToneStyle::Old) && p.iter().any(|(_, s)| *s == ToneStyle::New)
}

/// The placement most of `text`'s syllables use (the first one found on a tie), if any.
pub fn majority(text: &str) -> Option<ToneStyle> {
    let p = placements(text);
    let old = p.iter().filter(|(_, s)| *s == ToneStyle::Old).count();
    let new = p.len() - old;
    match (old, new) {
        (0, 0) => None,
        (o, n) if o > n => Some(ToneStyle::Old),
        (o, n) if n > o => Some(ToneStyle::New),
        _ => p.first().map(|(_, s)| *s),
    }
}

/// `text` with every such syllable in `style`, proper names left alone.
pub fn to_style(text: &str, style: ToneStyle) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (r, s) in placements(text) {
        if s == style {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&retone(&text[r.clone()], style));
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_placements_are_recognised_and_converted() {
        for (old, new) in [
            ("hòa", "hoà"),
            ("khỏe", "khoẻ"),
            ("thủy", "thuỷ"),
            ("Ủy", "Uỷ"),
            ("tọa", "toạ"),
            ("HÓA", "HOÁ"),
        ] {
            assert_eq!(style_of(old), Some(ToneStyle::Old), "{old}");
            assert_eq!(style_of(new), Some(ToneStyle::New), "{new}");
            assert_eq!(retone(old, ToneStyle::New), new);
            assert_eq!(retone(new, ToneStyle::Old), old);
            assert_eq!(retone(old, ToneStyle::Old), old);
        }
    }

    #[test]
    fn malformed_syllables_are_left_alone() {
        // Found by fuzzing (fuzz target `profile`, through the names check): two tone marks made
        // the insertion index run past the end.
        for w in [
            "ho\u{300}a\u{301}",
            "ho\u{301}\u{300}a",
            "\u{300}oa",
            "ò\u{301}a",
            "hoa\u{300}\u{300}",
        ] {
            assert_eq!(retone(w, ToneStyle::Old), w, "{w:?}");
            assert_eq!(retone(w, ToneStyle::New), w, "{w:?}");
        }
    }

    #[test]
    fn other_syllables_are_not_touched() {
        for w in [
            "hoàn", "quý", "quỳnh", "khuya", "hoài", "toàn", "thuyền", "hoa", "xoăn", "tuyết",
            "Hải",
        ] {
            assert_eq!(retone(w, ToneStyle::Old), w, "{w}");
            assert_eq!(retone(w, ToneStyle::New), w, "{w}");
        }
        assert_eq!(style_of("hoa"), None);
        assert_eq!(style_of("quý"), None);
    }

    #[test]
    fn nfd_input_counts_the_same() {
        let nfd: String = "thủy".nfd().collect();
        assert_eq!(style_of(&nfd), Some(ToneStyle::Old));
        assert_eq!(retone(&nfd, ToneStyle::New), "thuỷ");
    }

    #[test]
    fn mixing_is_found_and_names_are_left_alone() {
        let text = "Thành ủy họp về hoà bình; Ủy ban tỉnh Hòa Bình và Thanh Hóa dự.";
        assert!(mixed(text));
        let fixed = to_style(text, ToneStyle::New);
        assert_eq!(
            fixed,
            "Thành uỷ họp về hoà bình; Uỷ ban tỉnh Hòa Bình và Thanh Hóa dự."
        );
        assert!(!mixed(&fixed));
        assert_eq!(
            to_style(&fixed, ToneStyle::Old),
            "Thành ủy họp về hòa bình; Ủy ban tỉnh Hòa Bình và Thanh Hóa dự."
        );
    }
}
