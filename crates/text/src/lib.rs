//! Vietnamese text, with no database and no files of the newsroom: normalisation and folding,
//! slugs and word counts, dates and times as the portal writes them (`dates`), tone placement
//! (`tone`), official names (`names`), legacy encodings and pasted HTML (`legacy`, `paste`),
//! Markdown to safe HTML (`markdown`) and the spelling check against a dictionary (`spell`).
//!
//! Every text that enters the store goes through [`nfc`]: macOS, Word and some input methods produce
//! decomposed or mixed forms that would otherwise not compare, search or hash equal.

#![deny(missing_docs)]

pub mod dates;
pub mod legacy;
pub mod markdown;
pub mod names;
pub mod paste;
pub mod spell;
pub mod tone;

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;
use unicode_normalization::UnicodeNormalization;

/// The text in Unicode NFC, with Windows and old Mac line endings turned into `\n`.
pub fn nfc(s: &str) -> String {
    let s: String = s.nfc().collect();
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s
    }
}

/// `text` with each run of white space (a non-breaking space included) as one space, as HTML and
/// Word show it. `space` says whether the text before ended with a space (then a leading run is
/// dropped); it is updated for the text that follows.
pub fn collapse_spaces(text: &str, space: &mut bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() {
            if !*space {
                out.push(' ');
                *space = true;
            }
        } else {
            out.push(c);
            *space = false;
        }
    }
    out
}

/// The byte index just past the last character of `s` for which `pred` holds (0 when none): where
/// the token after that separator starts. The separator's own length is added, never `+ 1`, so the
/// index stays on a character boundary after a non-breaking space, an ideographic space or any other
/// separator of more than one byte.
pub fn after_last(s: &str, pred: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .rev()
        .find(|&(_, c)| pred(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// `s` lowercased character by character where that keeps each character's UTF-8 length (every
/// Vietnamese letter does), other characters as they are: byte offsets found in the result are
/// offsets in `s`. (`str::to_lowercase` changes lengths for a few letters, such as `İ` or `Ⱥ`, and
/// so shifts every offset after them.)
pub fn lower_same_offsets(s: &str) -> String {
    s.chars()
        .map(|c| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) if l.len_utf8() == c.len_utf8() => l,
                _ => c,
            }
        })
        .collect()
}

/// The UTF-16 length of `s` (how the editor, a JavaScript string, counts).
pub fn utf16_len(s: &str) -> u32 {
    u32::try_from(s.encode_utf16().count()).unwrap_or(u32::MAX)
}

/// The longest slug made from a title, in characters; cut at a word boundary.
pub const MAX_SLUG_CHARS: usize = 120;

/// A URL slug: lowercase ASCII words joined by hyphens, `đ` → `d`, at most [`MAX_SLUG_CHARS`]
/// (cut between words). "Tăng cường hiệu lực" → `tang-cuong-hieu-luc`.
pub fn slug(s: &str) -> String {
    let full = slug::slugify(nfc(s));
    if full.len() <= MAX_SLUG_CHARS {
        return full;
    }
    // ASCII only, so byte indices are character indices.
    match full[..=MAX_SLUG_CHARS].rfind('-') {
        Some(cut) if cut > 0 => full[..cut].to_string(),
        _ => full[..MAX_SLUG_CHARS].to_string(),
    }
}

/// Text folded for search: NFD, combining marks dropped, `đ` → `d`, lowercase. "Đảng bộ" → "dang bo".
/// Used the same way for the index and for queries.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(|c| match c {
            'đ' | 'Đ' => 'd'.to_lowercase(),
            c => c.to_lowercase(),
        })
        .collect()
}

/// Words in a text: runs between white space holding at least one letter or digit. In Vietnamese
/// a word here is a syllable, which is how newsrooms count.
pub fn word_count(s: &str) -> u32 {
    let n = s
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Syllables an adult reads in a minute of Vietnamese news.
pub const READING_SYLLABLES_PER_MINUTE: u32 = 230;

/// Minutes needed to read `words`, rounded up; 0 for an empty text.
pub fn reading_minutes(words: u32) -> u32 {
    words.div_ceil(READING_SYLLABLES_PER_MINUTE)
}

/// An instant as the portal's time line writes it: `02/12/2020 10:16`, in Asia/Ho_Chi_Minh
/// (through the time zone database, not a fixed +7: the offset was +8 before 1975).
pub fn portal_time(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&Ho_Chi_Minh)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// An instant in Asia/Ho_Chi_Minh as RFC 3339 with its offset (`2020-12-02T10:16:00+07:00`).
pub fn local_rfc3339(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&Ho_Chi_Minh)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn nfd_becomes_nfc() {
        let nfd: String = "Hải Phòng".nfd().collect();
        assert_eq!(nfd.chars().count(), 11);
        let out = nfc(&nfd);
        assert_eq!(out, "Hải Phòng");
        assert_eq!(out.chars().count(), 9);
    }

    #[test]
    fn unikey_combining_output_becomes_nfc() {
        // "â" followed by a combining grave: neither NFC nor NFD.
        assert_eq!(nfc("C\u{e2}\u{300}u"), "Cầu");
    }

    #[test]
    fn slug_of_the_reference_title() {
        assert_eq!(
            slug("Tăng cường hiệu lực, hiệu quả công tác quản lý nhà nước"),
            "tang-cuong-hieu-luc-hieu-qua-cong-tac-quan-ly-nha-nuoc"
        );
    }

    #[test]
    fn slug_maps_d_bar_and_ignores_normal_form() {
        assert_eq!(slug("Đảng bộ Đồ Sơn"), "dang-bo-do-son");
        let nfd: String = "Đảng bộ Đồ Sơn".nfd().collect();
        assert_eq!(slug(&nfd), "dang-bo-do-son");
        assert_eq!(slug("  ?? !! "), "");
    }

    #[test]
    fn long_slug_is_cut_between_words() {
        let title = "Hội đồng nhân dân thành phố Hải Phòng ".repeat(10);
        let s = slug(&title);
        assert!(s.len() <= MAX_SLUG_CHARS, "{s}");
        assert!(!s.ends_with('-'));
        assert!(s.starts_with("hoi-dong-nhan-dan-thanh-pho-hai-phong-hoi"));
        assert!(s.split('-').all(|w| !w.is_empty()));
    }

    #[test]
    fn fold_drops_marks_and_d_bar_for_nfc_and_nfd() {
        assert_eq!(fold("Tài nguyên và Môi trường"), "tai nguyen va moi truong");
        assert_eq!(fold("Đảng bộ"), "dang bo");
        assert_eq!(fold("ĐỜI SỐNG ấm no"), "doi song am no");
        let nfd: String = "Đảng ủy Hải Phòng".nfd().collect();
        assert_eq!(fold(&nfd), "dang uy hai phong");
    }

    #[test]
    fn words_and_reading_time() {
        assert_eq!(word_count("Chiều 2/12, Đoàn Kiểm tra — làm việc."), 7);
        assert_eq!(word_count("  "), 0);
        assert_eq!(reading_minutes(0), 0);
        assert_eq!(reading_minutes(1), 1);
        assert_eq!(reading_minutes(230), 1);
        assert_eq!(reading_minutes(231), 2);
    }

    #[test]
    fn line_endings_are_unified() {
        assert_eq!(nfc("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn portal_time_uses_ho_chi_minh() {
        let t = Utc
            .with_ymd_and_hms(2020, 12, 2, 3, 16, 0)
            .single()
            .expect("valid");
        assert_eq!(portal_time(t), "02/12/2020 10:16");
        assert_eq!(local_rfc3339(t), "2020-12-02T10:16:00+07:00");
    }

    #[test]
    fn portal_time_before_1975_is_plus_eight() {
        let t = Utc
            .with_ymd_and_hms(1970, 1, 1, 0, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(portal_time(t), "01/01/1970 08:00");
    }
}
