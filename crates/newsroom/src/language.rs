//! The language checks together: spelling, tone placement, official names and dates, for one
//! paragraph (what the editor asks after each change, off the UI thread) and for a whole article
//! (what the export checklist and the benchmark run).

use std::collections::HashSet;

use rusqlite::Connection;
use serde::Serialize;

use crate::Result;
use crate::profile::Profile;
use crate::spell::{Misspelling, Speller};
use crate::text::dates::{self, DateProblem};
use crate::text::names::{self, NameProblem};
use crate::text::tone::{self, ToneStyle};

/// A syllable whose tone placement is one of the two (hòa or hoà), outside proper names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TonePlacement {
    /// The syllable as written.
    pub word: String,
    /// Start in the text, in UTF-16 code units.
    pub from: u32,
    /// End (exclusive), in UTF-16 code units.
    pub to: u32,
    /// Its placement.
    pub style: ToneStyle,
    /// The same syllable in the other placement.
    pub other: String,
}

/// What the checks found in one piece of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct TextCheck {
    /// Unknown words.
    pub spelling: Vec<Misspelling>,
    /// Why spelling could not be checked (no dictionary), if so.
    #[ts(optional = nullable)]
    pub spelling_unavailable: Option<String>,
    /// Syllables with a tone placement (the editor marks those not in the house style or in the
    /// article's minority).
    pub tones: Vec<TonePlacement>,
    /// The house tone placement of the default profile, if it has one.
    #[ts(optional = nullable)]
    pub house_style: Option<ToneStyle>,
    /// Names written almost as an official one.
    pub names: Vec<NameProblem>,
    /// Dates that cannot be right.
    pub dates: Vec<DateProblem>,
}

/// Everything the checks need, loaded once: the dictionary, the newsroom's words, the profile's
/// names and house style.
pub struct Checker {
    speller: std::result::Result<&'static Speller, String>,
    known: HashSet<String>,
    names: names::Index,
    house_style: Option<ToneStyle>,
}

impl Checker {
    /// The checks as `profile` and the newsroom's dictionary in `conn` set them.
    pub fn new(conn: &Connection, profile: &Profile) -> Result<Self> {
        Ok(Self::with(
            Speller::shared().map_err(|e| e.to_string()),
            crate::spell::newsroom_words(conn)?,
            profile,
        ))
    }

    /// The checks with the given dictionary (or why there is none) and known words.
    pub fn with(
        speller: std::result::Result<&'static Speller, String>,
        known: HashSet<String>,
        profile: &Profile,
    ) -> Self {
        Checker {
            speller,
            known,
            names: names::Index::new(&profile.gazetteer),
            house_style: profile.tone_style,
        }
    }

    /// Every check on `text` (one paragraph, or a whole article).
    pub fn check(&self, text: &str) -> TextCheck {
        let text = crate::text::nfc(text);
        let (spelling, spelling_unavailable) = match self.speller {
            Ok(s) => (crate::spell::misspelled(s, &text, &self.known), None),
            Err(ref why) => (Vec::new(), Some(why.clone())),
        };
        TextCheck {
            spelling,
            spelling_unavailable,
            tones: tones(&text),
            house_style: self.house_style,
            names: self.names.problems(&text),
            dates: dates::problems(&text),
        }
    }
}

/// The syllables of `text` with a tone placement, outside proper names.
pub fn tones(text: &str) -> Vec<TonePlacement> {
    let mut units = 0u32;
    let mut at = 0usize;
    tone::placements(text)
        .into_iter()
        .map(|(r, style)| {
            units += u32::try_from(text[at..r.start].encode_utf16().count()).unwrap_or(u32::MAX);
            let from = units;
            let word = &text[r.clone()];
            units += u32::try_from(word.encode_utf16().count()).unwrap_or(u32::MAX);
            at = r.end;
            let other = match style {
                ToneStyle::Old => ToneStyle::New,
                ToneStyle::New => ToneStyle::Old,
            };
            TonePlacement {
                word: word.to_string(),
                from,
                to: units,
                style,
                other: tone::retone(word, other),
            }
        })
        .collect()
}

/// Article `id` with every tone mark in `style` (else the profile's house style, else the one most
/// of its syllables use), proper names left alone, saved as a revision by `author`.
pub fn retone_article(
    conn: &rusqlite::Connection,
    id: &str,
    style: Option<ToneStyle>,
    profile: &crate::profile::Profile,
    author: &str,
) -> crate::Result<crate::articles::Article> {
    let a = crate::articles::get(conn, id)?;
    let all = format!("{}\n{}\n{}", a.title, a.lead, a.body);
    let Some(style) = style
        .or(profile.tone_style)
        .or_else(|| tone::majority(&all))
    else {
        return Ok(a);
    };
    let mut input = crate::articles::ArticleInput::from(&a);
    input.title = tone::to_style(&input.title, style);
    input.lead = tone::to_style(&input.lead, style);
    input.body = tone::to_style(&input.body, style);
    if input == crate::articles::ArticleInput::from(&a) {
        return Ok(a);
    }
    crate::articles::save(
        conn,
        id,
        a.revision,
        &input,
        author,
        crate::articles::SaveKind::Save,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_gets_every_check_with_editor_offsets() {
        let profile = Profile::hai_phong();
        let c = Checker::with(Err("không có từ điển".into()), HashSet::new(), &profile);
        let text = "“Thứ Ba, 02/12/2020”, Sở Tài Nguyên Và Môi Trường và Thành uỷ hòa giải.";
        let r = c.check(text);
        assert_eq!(r.spelling_unavailable.as_deref(), Some("không có từ điển"));
        let u: Vec<u16> = text.encode_utf16().collect();
        let at = |from: u32, to: u32| String::from_utf16_lossy(&u[from as usize..to as usize]);
        assert_eq!(r.dates.len(), 1);
        assert_eq!(at(r.dates[0].from, r.dates[0].to), "Thứ Ba, 02/12/2020");
        assert_eq!(r.names.len(), 1);
        assert_eq!(
            at(r.names[0].from, r.names[0].to),
            "Sở Tài Nguyên Và Môi Trường"
        );
        let words: Vec<(String, ToneStyle, String)> = r
            .tones
            .iter()
            .map(|t| (at(t.from, t.to), t.style, t.other.clone()))
            .collect();
        assert_eq!(
            words,
            [
                ("uỷ".to_string(), ToneStyle::New, "ủy".to_string()),
                ("hòa".to_string(), ToneStyle::Old, "hoà".to_string())
            ]
        );
    }
}
