//! Spelling, with Debian's `hunspell-vi` dictionary (6,631 syllables, new tone placement) read by
//! spellbook, plus words the caller knows (the newsroom's own dictionary is a table of the core). Both tone placements are accepted (a syllable is retoned before it is looked up), NFD
//! input is normalised first, and names, acronyms and numbers are not checked.
//!
//! The dictionary is found in `$NEWSROOM_HUNSPELL_DIR`, then in the app's own bundle (`hunspell/`
//! beside the program, or `../share/toa-soan/hunspell`), then `/usr/share/hunspell`,
//! `/usr/share/myspell/dicts`; if it is missing the check says so instead of flagging every word.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Serialize;

use crate::tone::{self, ToneStyle};
use newsroom_base::{Error, Result, said};

/// Environment variable naming a folder holding `vi_VN.aff` and `vi_VN.dic`.
pub const DIR_ENV: &str = "NEWSROOM_HUNSPELL_DIR";

/// The Vietnamese dictionary, loaded once.
pub struct Speller {
    dict: spellbook::Dictionary,
    /// Where it was read from.
    pub path: PathBuf,
    /// Suggestions already worked out, by word: finding them takes milliseconds, and the editor
    /// asks again for the same unknown word at each keystroke in its paragraph.
    suggested: std::sync::Mutex<std::collections::HashMap<String, Vec<String>>>,
}

/// The most words added to the newsroom's dictionary at once.
pub const MAX_WORDS_AT_ONCE: usize = 100;
/// The longest word the dictionary takes, in letters.
pub const MAX_WORD_CHARS: usize = 40;

/// The most words whose suggestions are kept (the cache is emptied when full).
const SUGGESTIONS_KEPT: usize = 4096;

/// A word the check found unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Misspelling {
    /// The word as written.
    pub word: String,
    /// Start in the text, in UTF-16 code units (as the editor counts).
    pub from: u32,
    /// End (exclusive), in UTF-16 code units.
    pub to: u32,
    /// Likely intended words, best first.
    pub suggestions: Vec<String>,
}

fn candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = std::env::var_os(DIR_ENV) {
        out.push(PathBuf::from(dir));
    }
    // Shipped with the app: beside the program, or in its share folder (a packaged install).
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        out.push(exe_dir.join("hunspell"));
        out.push(exe_dir.join("../share/toa-soan/hunspell"));
    }
    // The system's (hunspell-vi on Debian); Windows has none: the installer ships it beside the
    // program.
    if cfg!(unix) {
        out.push(PathBuf::from("/usr/share/hunspell"));
        out.push(PathBuf::from("/usr/share/myspell/dicts"));
        out.push(PathBuf::from("/usr/share/myspell"));
    }
    out
}

fn missing() -> Error {
    Error::InvalidInput {
        field: "dictionary",
        reason: said!(
            "không tìm thấy từ điển chính tả tiếng Việt (vi_VN.aff, vi_VN.dic của gói hunspell-vi); hãy cài gói này, hoặc đặt NEWSROOM_HUNSPELL_DIR",
            "the Vietnamese spelling dictionary was not found (vi_VN.aff, vi_VN.dic of the hunspell-vi package); install that package, or set NEWSROOM_HUNSPELL_DIR"
        ),
    }
}

impl Speller {
    /// Loads the dictionary from `dir`.
    pub fn load_from(dir: &Path) -> Result<Speller> {
        let aff = std::fs::read_to_string(dir.join("vi_VN.aff")).map_err(|_| missing())?;
        let dic = std::fs::read_to_string(dir.join("vi_VN.dic")).map_err(|_| missing())?;
        let dict = spellbook::Dictionary::new(&aff, &dic).map_err(|e| Error::InvalidInput {
            field: "dictionary",
            reason: {
                let dir = dir.display();
                said!(
                    "từ điển chính tả ở {dir} không đọc được: {e}",
                    "the spelling dictionary in {dir} cannot be read: {e}"
                )
            },
        })?;
        Ok(Speller {
            dict,
            path: dir.to_path_buf(),
            suggested: std::sync::Mutex::new(std::collections::HashMap::new()),
        })
    }

    /// The dictionary of this machine, loaded once per process.
    pub fn shared() -> Result<&'static Speller> {
        static SPELLER: OnceLock<Option<Speller>> = OnceLock::new();
        SPELLER
            .get_or_init(|| candidates().iter().find_map(|d| Speller::load_from(d).ok()))
            .as_ref()
            .ok_or_else(missing)
    }

    /// Whether `word` (one syllable) is spelt right: as written, lowercased, or in the other tone
    /// placement.
    pub fn check(&self, word: &str) -> bool {
        let word = crate::nfc(word);
        let lower = word.to_lowercase();
        [word.as_str(), lower.as_str()].iter().any(|w| {
            self.dict.check(w)
                || self.dict.check(&tone::retone(w, ToneStyle::New))
                || self.dict.check(&tone::retone(w, ToneStyle::Old))
        })
    }

    /// Likely intended words for `word`.
    pub fn suggest(&self, word: &str) -> Vec<String> {
        let key = crate::nfc(word).to_lowercase();
        let cache = || self.suggested.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(found) = cache().get(&key) {
            return found.clone();
        }
        let mut out = Vec::new();
        self.dict.suggest(&key, &mut out);
        out.truncate(6);
        let mut kept = cache();
        if kept.len() >= SUGGESTIONS_KEPT {
            kept.clear();
        }
        kept.insert(key, out.clone());
        out
    }
}

/// Whether a word is left out of the check: numbers, acronyms (UBND, HĐND), words with digits,
/// single letters, and words with letters Vietnamese does not use (f, j, w, z: foreign names).
fn skipped(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters <= 1
        || word.chars().any(|c| c.is_ascii_digit())
        || (word.chars().filter(|c| c.is_uppercase()).count() >= 2)
        || word
            .chars()
            .any(|c| matches!(c.to_ascii_lowercase(), 'f' | 'j' | 'w' | 'z'))
}

/// The unknown words of `text` (Markdown: link targets and figure lines are not prose), in order.
pub fn misspelled(
    speller: &Speller,
    text: &str,
    known: &std::collections::HashSet<String>,
) -> Vec<Misspelling> {
    let text = crate::nfc(text);
    let mut out = Vec::new();
    let mut units = 0u32;
    let mut start: Option<(usize, u32)> = None;
    let flush = |from: usize, from16: u32, to: usize, to16: u32, out: &mut Vec<Misspelling>| {
        let word = &text[from..to];
        // Inside a URL or a figure line (anh:3) the letters are not words.
        let before = &text[..from];
        // The whole token around the word: a web or e-mail address, a domain ("haiphong.gov.vn").
        let token_start = crate::after_last(before, char::is_whitespace);
        let token_end = text[to..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| to + i);
        let token = text[token_start..token_end].trim_matches(|c: char| !c.is_alphanumeric());
        let dotted = token
            .split('.')
            .filter(|p| p.chars().any(char::is_alphabetic))
            .count()
            >= 2;
        // A link target does not span lines: look back to the line's start only (looking back to
        // the text's start made a long article quadratic).
        let line = &before[crate::after_last(before, |c| c == '\n')..];
        let in_target = line.rfind("](").is_some_and(|i| !line[i..].contains(')'))
            || token.contains("://")
            || token.contains('@')
            || dotted;
        if skipped(word) || in_target || known.contains(&word.to_lowercase()) || speller.check(word)
        {
            return;
        }
        out.push(Misspelling {
            word: word.to_string(),
            from: from16,
            to: to16,
            suggestions: speller.suggest(word),
        });
    };
    for (i, c) in text.char_indices() {
        let letter = c.is_alphabetic() || c.is_ascii_digit();
        match (letter, start) {
            (true, None) => start = Some((i, units)),
            (false, Some((s, s16))) => {
                flush(s, s16, i, units, &mut out);
                start = None;
            }
            _ => {}
        }
        units += u32::try_from(c.len_utf16()).unwrap_or(2);
    }
    if let Some((s, s16)) = start {
        flush(s, s16, text.len(), units, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn speller() -> Option<&'static Speller> {
        Speller::shared().ok()
    }

    #[test]
    fn both_tone_placements_nfd_and_a_real_misspelling() {
        let Some(s) = speller() else {
            // The set-up installs hunspell-vi; say plainly when it is not there rather than pass.
            panic!("{}", missing());
        };
        for w in [
            "hòa", "hoà", "thủy", "thuỷ", "Ủy", "Uỷ", "người", "Hải", "Phòng",
        ] {
            assert!(s.check(w), "{w}");
        }
        let nfd: String = "người".nfd().collect();
        assert!(s.check(&nfd));
        assert!(!s.check("nguời"));
        let sug = s.suggest("nguời");
        assert!(sug.iter().any(|x| x == "người"), "{sug:?}");
        let none = std::collections::HashSet::new();
        let found = misspelled(
            s,
            "Sở Tài nguyên báo cáo UBND về [văn bản](https://vbpl.vn/abc) năm 2020, nguời dân.",
            &none,
        );
        let words: Vec<&str> = found.iter().map(|m| m.word.as_str()).collect();
        assert_eq!(words, ["nguời"]);
        assert_eq!((found[0].from, found[0].to), (71, 76));
    }

    #[test]
    fn a_missing_dictionary_is_said_plainly() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = Speller::load_from(dir.path()).err().expect("missing");
        assert!(err.to_string().contains("hunspell-vi"), "{err}");
    }
}
