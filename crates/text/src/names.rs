//! Official names of agencies and offices (the gazetteer) and the check that finds a name written
//! almost, but not exactly, as it is officially: wrong capitals (Decree 30/2020, Appendix II: "Sở Tài
//! nguyên và Môi trường", not "Sở Tài Nguyên Và Môi Trường"), a wrong or missing diacritic, a wrong
//! or missing word, a doubled word. The official name is offered as the fix.
//!
//! The gazetteer is data: a profile carries one ([`Gazetteer`]), dated, with a flag saying whether
//! the newsroom has reviewed it, because agencies merge and rename. The built-in one for Hải Phòng
//! is `data/ten-co-quan-hai-phong.txt`.
//!
//! To keep ordinary prose quiet, a near miss must start with the name's first word (its marks may
//! be wrong only when every other word of a name of three words or more is right), stay within one
//! sentence, and end with the name's last word; a wrong or missing word counts only inside a name
//! of at least four words and only where the name has a lowercase word ("Ban Tổ chức Huyện ủy" is
//! another body, not a misspelt "Ban Tổ chức Thành ủy"); in a four-word name a wrong word must also
//! look like the right one ("thành phố Hải Phòng" is not a misspelt "Thành ủy Hải Phòng"); a
//! capitalised wrong word counts only in a name of five words or more, and only when it is one of
//! the name's own words in the wrong place or a slip of the right word ("Sở Tài Môi và Môi trường"). Tone placement never counts (hòa/hoà), nor the case of the first word (a sentence
//! may start with it), nor a span written all in capitals (a heading).

use serde::{Deserialize, Serialize};

use crate::tone::{self, ToneStyle};
use newsroom_base::{Error, Result, Said, said};

/// A list of official names, with the date it was last brought up to date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Gazetteer {
    /// When the list was last checked against the bodies' own decisions (YYYY-MM-DD).
    pub updated: String,
    /// True until the newsroom has reviewed the list.
    pub needs_review: bool,
    /// The names, as officially written, one per entry.
    pub names: Vec<String>,
}

/// The most names a gazetteer holds.
pub const MAX_NAMES: usize = 5000;
/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

const HAI_PHONG: &str = include_str!("../data/ten-co-quan-hai-phong.txt");

fn invalid(reason: Said) -> Error {
    Error::InvalidInput {
        field: "gazetteer",
        reason,
    }
}

impl Gazetteer {
    /// The built-in list for Hải Phòng (marked as needing review).
    pub fn hai_phong() -> Self {
        Self::parse(HAI_PHONG).expect("the built-in gazetteer parses")
    }

    /// Reads the text form: one name per line, `#` comments, and the header lines
    /// `# cập nhật: YYYY-MM-DD` and `# cần rà soát: có|không`.
    pub fn parse(text: &str) -> Result<Self> {
        let text = crate::nfc(text);
        let mut out = Gazetteer {
            updated: String::new(),
            needs_review: true,
            names: Vec::new(),
        };
        for line in text.lines().map(str::trim) {
            if let Some(comment) = line.strip_prefix('#') {
                let comment = comment.trim();
                if let Some(d) = comment.strip_prefix("cập nhật:") {
                    out.updated = d.trim().to_string();
                } else if let Some(v) = comment.strip_prefix("cần rà soát:") {
                    out.needs_review = !matches!(v.trim(), "không" | "khong" | "no");
                }
            } else if !line.is_empty() {
                out.names.push(line.to_string());
            }
        }
        out.validate()?;
        Ok(out)
    }

    /// The text form [`Gazetteer::parse`] reads.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "# cập nhật: {}\n# cần rà soát: {}\n",
            self.updated,
            if self.needs_review { "có" } else { "không" }
        );
        for n in &self.names {
            s.push_str(n);
            s.push('\n');
        }
        s
    }

    /// Checks the date, the number and length of names, and that no name is empty or repeated.
    pub fn validate(&self) -> Result<()> {
        if chrono::NaiveDate::parse_from_str(&self.updated, "%Y-%m-%d").is_err() {
            let updated = &self.updated;
            return Err(invalid(said!(
                "ngày cập nhật danh sách tên cơ quan “{updated}” phải có dạng NNNN-TT-NN (ví dụ 2026-11-27)",
                "the names list's update date “{updated}” must read YYYY-MM-DD (for example 2026-11-27)"
            )));
        }
        if self.names.len() > MAX_NAMES {
            return Err(invalid(said!(
                "nhiều quá {MAX_NAMES} tên cơ quan",
                "more than {MAX_NAMES} official names"
            )));
        }
        let mut seen = std::collections::HashSet::new();
        for n in &self.names {
            if words(n).is_empty() {
                return Err(invalid(said!(
                    "có một tên cơ quan để trống",
                    "one official name is empty"
                )));
            }
            if n.chars().count() > MAX_NAME_CHARS || n.chars().any(char::is_control) {
                let start = n.chars().take(60).collect::<String>();
                return Err(invalid(said!(
                    "tên cơ quan “{start}” dài quá {MAX_NAME_CHARS} ký tự hoặc có ký tự điều khiển",
                    "the official name “{start}” is longer than {MAX_NAME_CHARS} characters or has control characters"
                )));
            }
            if !seen.insert(n.as_str()) {
                return Err(invalid(said!(
                    "tên cơ quan “{n}” có hai lần",
                    "the official name “{n}” is there twice"
                )));
            }
        }
        Ok(())
    }
}

/// Why a name was flagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NameProblemKind {
    /// The right words with the wrong capitals.
    Capitals,
    /// A wrong diacritic, or a word wrong, missing or doubled.
    NearMiss,
}

/// A name written almost as an official one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct NameProblem {
    /// The words as written.
    pub found: String,
    /// The official name, in the text's tone placement and with the first letter's case as written.
    pub suggestion: String,
    /// Start in the text, in UTF-16 code units.
    pub from: u32,
    /// End (exclusive), in UTF-16 code units.
    pub to: u32,
    /// Capitals or near miss.
    pub kind: NameProblemKind,
}

/// A word of a text: byte range, UTF-16 start and end, and whether a sentence break comes before it.
#[derive(Debug, Clone)]
struct Word {
    start: usize,
    end: usize,
    from16: u32,
    to16: u32,
    break_before: bool,
    /// Lowercase, new tone placement: equal for "Ủy"/"uỷ".
    key: String,
    /// Without diacritics: equal for "tế"/"tê".
    fold: String,
    capital: bool,
    all_caps: bool,
}

fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start: Option<(usize, u32)> = None;
    let mut units = 0u32;
    let mut broke = true;
    let mut gap_break = false;
    let push = |s: usize, s16: u32, e: usize, e16: u32, brk: bool, out: &mut Vec<Word>| {
        let w = &text[s..e];
        out.push(Word {
            start: s,
            end: e,
            from16: s16,
            to16: e16,
            break_before: brk,
            key: tone::retone(&w.to_lowercase(), ToneStyle::New),
            fold: crate::fold(w),
            capital: w.chars().next().is_some_and(char::is_uppercase),
            all_caps: w.chars().all(|c| !c.is_lowercase()),
        });
    };
    for (i, c) in text.char_indices() {
        let letter = c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
        match (letter, start) {
            (true, None) => {
                start = Some((i, units));
                broke = gap_break;
                gap_break = false;
            }
            (false, Some((s, s16))) => {
                push(s, s16, i, units, broke, &mut out);
                start = None;
            }
            _ => {}
        }
        if !letter && !matches!(c, ' ' | '\u{a0}' | ',' | '-' | '–' | '&') {
            gap_break = true;
        }
        units += u32::try_from(c.len_utf16()).unwrap_or(2);
    }
    if let Some((s, s16)) = start {
        push(s, s16, text.len(), units, broke, &mut out);
    }
    if let Some(first) = out.first_mut() {
        first.break_before = true;
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Same,
    Fold,
    Diff,
}

fn cmp(a: &Word, b: &Word) -> Cmp {
    if a.key == b.key {
        Cmp::Same
    } else if a.fold == b.fold {
        Cmp::Fold
    } else {
        Cmp::Diff
    }
}

/// How a span of the text compares with a name.
enum Fit {
    /// Same words; whether the capitals are right.
    Exact { capitals_ok: bool },
    /// One edit away.
    Near,
}

/// The gazetteer ready for checking: each name's words, and names by their first word.
pub struct Index {
    names: Vec<(String, Vec<Word>)>,
    by_first: std::collections::HashMap<String, Vec<usize>>,
}

impl Index {
    /// Prepares `g` for checking.
    pub fn new(g: &Gazetteer) -> Self {
        let mut names = Vec::new();
        let mut by_first: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for n in &g.names {
            let ws = words(n);
            let Some(first) = ws.first() else { continue };
            by_first
                .entry(first.fold.clone())
                .or_default()
                .push(names.len());
            names.push((n.clone(), ws));
        }
        Index { names, by_first }
    }

    /// Names in `text` written almost as an official one, in order.
    pub fn problems(&self, text: &str) -> Vec<NameProblem> {
        let text = crate::nfc(text);
        let ws = words(&text);
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            let Some(candidates) = self.by_first.get(&ws[i].fold) else {
                i += 1;
                continue;
            };
            // The words from i to the end of the sentence.
            let end = (i + 1..ws.len())
                .find(|&j| ws[j].break_before)
                .unwrap_or(ws.len());
            let span = &ws[i..end];
            let mut exact: Option<(usize, usize, bool)> = None;
            let mut near: Option<(usize, usize)> = None;
            for &k in candidates {
                let name = &self.names[k].1;
                for (len, fit) in fits(name, span) {
                    match fit {
                        Fit::Exact { capitals_ok } => {
                            if exact.is_none_or(|(_, l, _)| len > l) {
                                exact = Some((k, len, capitals_ok));
                            }
                        }
                        Fit::Near => {
                            if near.is_none_or(|(_, l)| len > l) {
                                near = Some((k, len));
                            }
                        }
                    }
                }
            }
            match (exact, near) {
                (Some((k, len, capitals_ok)), _) => {
                    let words = &span[..len];
                    let name = &self.names[k].1;
                    // "Ủy ban nhân dân Thành phố Hồ Chí Minh": the text goes on into a longer proper
                    // name than the short form it matched.
                    // Only when the wrong capitals are all in the name's last lowercase words.
                    let first_bad = (1..len).find(|&j| words[j].capital != name[j].capital);
                    let continues = span.get(len).is_some_and(|w| w.capital)
                        && first_bad.is_some_and(|j| name[j..].iter().all(|w| !w.capital));
                    let heading = words.iter().all(|w| w.all_caps);
                    if !capitals_ok && !continues && !heading {
                        out.push(self.problem(&text, words, k, NameProblemKind::Capitals));
                    }
                    i += len;
                }
                (None, Some((k, len))) => {
                    out.push(self.problem(&text, &span[..len], k, NameProblemKind::NearMiss));
                    i += len;
                }
                (None, None) => i += 1,
            }
        }
        out
    }

    fn problem(&self, text: &str, words: &[Word], k: usize, kind: NameProblemKind) -> NameProblem {
        let (first, last) = (&words[0], &words[words.len() - 1]);
        let found = &text[first.start..last.end];
        let mut suggestion = self.names[k].0.clone();
        // In the text's own tone placement (the check is not about that).
        if let Some(style) = tone::majority(found) {
            suggestion = tone::to_style(&suggestion, style);
        }
        // The first letter as written (a sentence may start with "Quận").
        let mut chars = suggestion.chars();
        if let Some(c0) = chars.next() {
            let rest: String = chars.collect();
            suggestion = if first.capital {
                c0.to_uppercase().collect::<String>() + &rest
            } else {
                c0.to_lowercase().collect::<String>() + &rest
            };
        }
        NameProblem {
            found: found.to_string(),
            suggestion,
            from: first.from16,
            to: last.to16,
            kind,
        }
    }
}

/// Whether `wrong`, written where `name` has its lowercase word `d`, makes the span a near miss of
/// the name rather than another body's name. A lowercase wrong word: in a name of five words or
/// more, any; in a four-word name, one that looks like the right one. A capitalised wrong word
/// reads as a proper noun of another body ("Ban Tổ chức Huyện ủy"), so it counts only in a name of
/// five words or more and only when it is one of the name's own words typed in the wrong place
/// ("Sở Tài Môi và Môi trường") or a slip of the right word ("Sở Tài Nguyễn và Môi trường").
fn wrong_word_fits(name: &[Word], wrong: &Word, d: usize) -> bool {
    let looks_alike = distance(&name[d].fold, &wrong.fold) <= 2;
    if wrong.capital {
        name.len() >= 5 && (looks_alike || name.iter().any(|w| w.key == wrong.key))
    } else {
        name.len() >= 5 || looks_alike
    }
}

/// How `name` fits the start of `span`: (words of the span used, fit) for each way it fits.
fn fits(name: &[Word], span: &[Word]) -> Vec<(usize, Fit)> {
    let n = name.len();
    let mut out = Vec::new();
    let Some(first) = span.first() else {
        return out;
    };
    match cmp(first, &name[0]) {
        Cmp::Same => {}
        // A slip in the first word's marks ("Bạn Tổ chức Thành ủy"): a near miss only when every
        // other word of a name of three words or more is as written.
        Cmp::Fold => {
            if n >= 3 && span.len() >= n && (1..n).all(|j| cmp(&span[j], &name[j]) == Cmp::Same) {
                out.push((n, Fit::Near));
            }
            return out;
        }
        Cmp::Diff => return out,
    }
    // The same number of words.
    if span.len() >= n {
        let c: Vec<Cmp> = (0..n).map(|j| cmp(&span[j], &name[j])).collect();
        let folds = c.iter().filter(|x| **x == Cmp::Fold).count();
        let diffs: Vec<usize> = (0..n).filter(|&j| c[j] == Cmp::Diff).collect();
        if folds == 0 && diffs.is_empty() {
            let capitals_ok = (1..n).all(|j| span[j].capital == name[j].capital);
            out.push((n, Fit::Exact { capitals_ok }));
        } else if (folds == 1 && diffs.is_empty())
            || (folds == 0
                && n >= 4
                && diffs.len() == 1
                && diffs[0] < n - 1
                && !name[diffs[0]].capital
                && wrong_word_fits(name, &span[diffs[0]], diffs[0]))
        {
            out.push((n, Fit::Near));
        }
    }
    // One interior word of the name missing.
    if n >= 4 && span.len() > n - 1 - 1 {
        for missing in (1..n - 1).filter(|&m| !name[m].capital) {
            let ok = (0..n - 1).all(|j| {
                let nj = if j < missing { j } else { j + 1 };
                span.get(j).is_some_and(|w| cmp(w, &name[nj]) == Cmp::Same)
            });
            if ok {
                out.push((n - 1, Fit::Near));
                break;
            }
        }
    }
    // A doubled word ("và và").
    if span.len() > n {
        for extra in 1..n {
            if span[extra].key != span[extra - 1].key {
                continue;
            }
            let ok = (0..n).all(|j| {
                let sj = if j < extra { j } else { j + 1 };
                cmp(&span[sj], &name[j]) == Cmp::Same
            });
            if ok {
                out.push((n + 1, Fit::Near));
                break;
            }
        }
    }
    out
}

/// Levenshtein distance between two short words, in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (up + 1).min(row[j] + 1).min(diag + usize::from(ca != *cb));
            diag = up;
        }
    }
    row[b.len()]
}

/// Names in `text` written almost as one in `g` (builds the index; use [`Index`] to check many texts).
pub fn problems(g: &Gazetteer, text: &str) -> Vec<NameProblem> {
    Index::new(g).problems(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str) -> Vec<(String, String, NameProblemKind)> {
        problems(&Gazetteer::hai_phong(), text)
            .into_iter()
            .map(|p| (p.found, p.suggestion, p.kind))
            .collect()
    }

    #[test]
    fn the_built_in_list_is_dated_and_marked_for_review() {
        let g = Gazetteer::hai_phong();
        assert!(g.needs_review);
        assert_eq!(g.updated, "2026-11-27");
        assert!(g.names.len() > 80, "{}", g.names.len());
        assert!(g.names.iter().any(|n| n == "Sở Tài nguyên và Môi trường"));
        assert_eq!(Gazetteer::parse(&g.to_text()).expect("round trip"), g);
    }

    #[test]
    fn wrong_capitals_are_flagged_with_the_official_form() {
        use NameProblemKind::Capitals;
        assert_eq!(
            check("Sáng nay, Sở Tài Nguyên Và Môi Trường đã họp."),
            [(
                "Sở Tài Nguyên Và Môi Trường".into(),
                "Sở Tài nguyên và Môi trường".into(),
                Capitals
            )]
        );
        assert_eq!(
            check("Kỳ họp của Hội đồng nhân dân Thành phố Hải Phòng khai mạc."),
            [(
                "Hội đồng nhân dân Thành phố Hải Phòng".into(),
                "Hội đồng nhân dân thành phố Hải Phòng".into(),
                Capitals
            )]
        );
        assert_eq!(
            check("Văn Phòng Ủy Ban Nhân Dân Thành Phố Hải Phòng"),
            [(
                "Văn Phòng Ủy Ban Nhân Dân Thành Phố".into(),
                "Văn phòng Ủy ban nhân dân thành phố".into(),
                Capitals
            )]
        );
        assert_eq!(
            check("Sở Công thương cho biết"),
            [("Sở Công thương".into(), "Sở Công Thương".into(), Capitals)]
        );
        // At the start of a sentence the first word is capitalised anyway.
        assert_eq!(
            check("Quận Lê chân có 15 phường."),
            [("Quận Lê chân".into(), "Quận Lê Chân".into(), Capitals)]
        );
    }

    #[test]
    fn near_misses_are_flagged_with_the_likely_name() {
        use NameProblemKind::NearMiss;
        for (text, found, want) in [
            (
                "Sở Tài nguồn và Môi trường kiểm tra",
                "Sở Tài nguồn và Môi trường",
                "Sở Tài nguyên và Môi trường",
            ),
            (
                "Sở Kế hoạch hoặc Đầu tư",
                "Sở Kế hoạch hoặc Đầu tư",
                "Sở Kế hoạch và Đầu tư",
            ),
            (
                "Sở Tài nguyên Môi trường kiểm tra",
                "Sở Tài nguyên Môi trường",
                "Sở Tài nguyên và Môi trường",
            ),
            (
                "Sở Kế hoạch và và Đầu tư",
                "Sở Kế hoạch và và Đầu tư",
                "Sở Kế hoạch và Đầu tư",
            ),
            (
                "Sở Giáo dục và Đào tao",
                "Sở Giáo dục và Đào tao",
                "Sở Giáo dục và Đào tạo",
            ),
            ("theo Sở Y tê", "Sở Y tê", "Sở Y tế"),
            (
                "Ban Nội chinh Thành ủy",
                "Ban Nội chinh Thành ủy",
                "Ban Nội chính Thành ủy",
            ),
            (
                "Ban Tuyên truyền Thành ủy",
                "Ban Tuyên truyền Thành ủy",
                "Ban Tuyên giáo Thành ủy",
            ),
            (
                "Ban Tổ chứa Thành ủy",
                "Ban Tổ chứa Thành ủy",
                "Ban Tổ chức Thành ủy",
            ),
            // A slip in the first word's marks, the rest as written.
            (
                "Bạn Tổ chức Thành ủy họp",
                "Bạn Tổ chức Thành ủy",
                "Ban Tổ chức Thành ủy",
            ),
            (
                "theo Đang ủy Khối Doanh nghiệp thành phố",
                "Đang ủy Khối Doanh nghiệp thành phố",
                "Đảng ủy Khối Doanh nghiệp thành phố",
            ),
        ] {
            assert_eq!(
                check(text),
                [(found.into(), want.into(), NearMiss)],
                "{text}"
            );
        }
    }

    #[test]
    fn the_suggestion_keeps_the_texts_tone_placement() {
        let p = check("Thành uỷ Hải phòng chỉ đạo");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].1, "Thành uỷ Hải Phòng");
    }

    #[test]
    fn exact_names_other_bodies_and_ordinary_prose_are_left_alone() {
        for ok in [
            "Sở Tài nguyên và Môi trường và Sở Tài chính phối hợp.",
            "Ủy ban nhân dân thành phố Hải Phòng ban hành kế hoạch.",
            "Uỷ ban nhân dân thành phố ban hành kế hoạch.",
            "Thành uỷ Hải Phòng",
            "Ủy ban nhân dân Thành phố Hồ Chí Minh cũng làm vậy.",
            "Văn phòng Ủy ban nhân dân Thành phố Hồ Chí Minh",
            "Ban Tổ chức Huyện ủy Vĩnh Bảo",
            "Hội Nông dân các cấp",
            "Sở Lao động, Thương binh và Xã hội",
            "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
            "các sở, ban, ngành thành phố; Sở Văn hóa và Du lịch tỉnh bạn",
            "Ban Thường vụ Quận ủy Lê Chân",
            "thành phố Hải Phòng đã có Thủy Nguyên",
            "Sở Tài nguyên. Và Môi trường",
            "Sở Tài nguyên và Môi sinh",
        ] {
            assert_eq!(check(ok), Vec::new(), "{ok}");
        }
    }

    #[test]
    fn a_capitalised_wrong_word_in_a_long_name_is_caught_when_it_is_a_slip() {
        // The portal's own page: a word of the name typed in the wrong place, capitalised.
        let p = check("Đảng ủy Sở Tài Môi và Môi trường đã kiến nghị.");
        assert_eq!(
            p,
            vec![(
                "Sở Tài Môi và Môi trường".to_string(),
                "Sở Tài nguyên và Môi trường".to_string(),
                NameProblemKind::NearMiss
            )]
        );
        // A slip of the right word's spelling, capitalised.
        let p = check("Sở Tài Ngyên và Môi trường báo cáo.");
        assert_eq!(p.len(), 1, "{p:?}");
        // A capitalised word that is neither: another body's proper name, left alone.
        assert_eq!(check("Sở Tài Liệu và Môi trường"), Vec::new());
        assert_eq!(check("Ban Tổ chức Huyện ủy Vĩnh Bảo"), Vec::new());
    }

    #[test]
    fn bad_lists_are_refused() {
        let mut g = Gazetteer::hai_phong();
        g.updated = "27/11/2026".into();
        assert!(g.validate().is_err());
        let mut g = Gazetteer::hai_phong();
        g.names.push("Sở Y tế".into());
        assert!(g.validate().is_err());
        let mut g = Gazetteer::hai_phong();
        g.names.push(" - ".into());
        assert!(g.validate().is_err());
    }
}
