//! The language checks on ordinary text: how many false alarms they raise on paragraphs written
//! as the portal writes (`tests/fixtures/ordinary-paragraphs.md`, 24 paragraphs, and the seed
//! article), and whether each official name in them, written wrongly, is caught with the right fix.

use std::collections::HashSet;

use newsroom::articles::{self, ArticleInput};
use newsroom::checklist;
use newsroom::language::Checker;
use newsroom::profile::Profile;
use newsroom::text::names::{self, Gazetteer, NameProblemKind};

use crate::fresh;

const ORDINARY: &str = include_str!("../fixtures/ordinary-paragraphs.md");
const SEED: &str = include_str!("../fixtures/seed-article.txt");

fn paragraphs() -> Vec<&'static str> {
    ORDINARY
        .split("\n\n")
        .chain(SEED.lines())
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

#[test]
fn ordinary_paragraphs_raise_no_false_name_or_date_alarm() {
    let g = Gazetteer::hai_phong();
    let index = names::Index::new(&g);
    let ps = paragraphs();
    let words: usize = ps.iter().map(|p| p.split_whitespace().count()).sum();
    let names: Vec<_> = ps.iter().flat_map(|p| index.problems(p)).collect();
    let dates: Vec<_> = ps
        .iter()
        .flat_map(|p| newsroom::text::dates::problems(p))
        .collect();
    // How many official names the paragraphs hold, written right: each must stay quiet.
    let mentioned = g
        .names
        .iter()
        .filter(|n| ps.iter().any(|p| p.contains(n.as_str())))
        .count();
    println!(
        "{} paragraphs, {words} words, {mentioned} official names mentioned: {} name alarms (true errors of the seed page included), {} date alarms",
        ps.len(),
        names.len(),
        dates.len()
    );
    assert!(ps.len() >= 30 && words >= 1500, "{} {words}", ps.len());
    assert!(mentioned >= 25, "{mentioned}");
    // Both alarms are right, both errors of the portal's own page: "Sở Tài Nguyên và Môi trường"
    // (capitals) and "Sở Tài Môi và Môi trường" (a word of the name typed in the wrong place).
    let found: Vec<(&str, &str)> = names
        .iter()
        .map(|p| (p.found.as_str(), p.suggestion.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("Sở Tài Nguyên và Môi trường", "Sở Tài nguyên và Môi trường"),
            ("Sở Tài Môi và Môi trường", "Sở Tài nguyên và Môi trường")
        ]
    );
    assert!(SEED.contains("Sở Tài Nguyên và Môi trường"));
    assert!(SEED.contains("Đảng ủy Sở Tài Môi và Môi trường"));
    assert_eq!(dates, Vec::new());
}

/// Every word capitalised: the commonest mistake Decree 30 is about.
fn title_case(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn each_name_in_the_paragraphs_written_wrongly_is_caught_with_its_fix() {
    let g = Gazetteer::hai_phong();
    let index = names::Index::new(&g);
    let ps = paragraphs();
    let (mut tried, mut caught) = (0, 0);
    for name in &g.names {
        let Some(p) = ps.iter().find(|p| p.contains(name.as_str())) else {
            continue;
        };
        let mut variants = Vec::new();
        let tc = title_case(name);
        if tc != *name
            && name
                .split(' ')
                .skip(1)
                .any(|w| w.starts_with(char::is_lowercase))
        {
            variants.push((tc, NameProblemKind::Capitals));
        }
        // In a long name, a lowercase word replaced by another of its words, capitalised (the
        // seed page's "Sở Tài Môi và Môi trường").
        let ws: Vec<&str> = name.split(' ').collect();
        if ws.len() >= 5
            && let Some(j) =
                (1..ws.len() - 1).find(|&j| ws[j].starts_with(char::is_lowercase) && ws[j] != "và")
            && let Some(other) = ws
                .iter()
                .skip(j + 1)
                .find(|w| w.starts_with(char::is_uppercase))
        {
            let mut wrong = ws.clone();
            wrong[j] = other;
            variants.push((wrong.join(" "), NameProblemKind::NearMiss));
        }
        // Drop "và" from a long name ("Sở Kế hoạch Đầu tư").
        if name.split(' ').count() >= 4 && name.contains(" và ") {
            variants.push((name.replacen(" và ", " ", 1), NameProblemKind::NearMiss));
        }
        for (wrong, kind) in variants {
            tried += 1;
            let text = p.replacen(name.as_str(), &wrong, 1);
            let found = index.problems(&text);
            let hit = found
                .iter()
                // A short form inside a longer name is reported as the longer name.
                .any(|f| {
                    f.kind == kind
                        && f.found.starts_with(&wrong)
                        && f.suggestion.starts_with(name.as_str())
                });
            assert!(hit, "{wrong:?} in {text:?}: {found:#?}");
            caught += 1;
        }
    }
    println!("{caught} of {tried} misspelt official names caught with the right fix");
    assert!(tried >= 20, "{tried}");
}

#[test]
fn the_checklist_warns_about_names_and_dates_and_the_profile_can_block() {
    let (_dir, conn) = fresh();
    let a = articles::create(
        &conn,
        &ArticleInput {
            title: "Sở Tài Nguyên Và Môi Trường kiểm tra".into(),
            lead: "Sáng Thứ Ba, 02/12/2020, đoàn làm việc.".into(),
            body: "Nội dung.".into(),
            authors: vec!["Hoàng Tùng".into()],
            ..ArticleInput::default()
        },
        "Minh",
    )
    .expect("create");
    let mut profile = Profile::hai_phong();
    let c = checklist::check(&conn, &a.id, &profile).expect("check");
    let item = |c: &checklist::Checklist, id: &str| {
        c.items
            .iter()
            .find(|i| i.id == id)
            .cloned()
            .unwrap_or_else(|| panic!("no item {id}"))
    };
    let names = item(&c, "official_names");
    assert!(!names.ok);
    assert!(
        names
            .message
            .contains("“Sở Tài Nguyên Và Môi Trường” → “Sở Tài nguyên và Môi trường”"),
        "{}",
        names.message
    );
    assert!(
        names.message.contains("chưa được tòa soạn rà soát"),
        "{}",
        names.message
    );
    let dates = item(&c, "dates");
    assert!(!dates.ok);
    assert!(dates.message.contains("là Thứ Tư"), "{}", dates.message);
    assert!(
        !c.blocked
            || c.items.iter().any(|i| !i.ok
                && i.id != "official_names"
                && i.id != "dates"
                && i.level == newsroom::profile::Level::Required)
    );

    profile
        .checks
        .insert("official_names".into(), newsroom::profile::Level::Required);
    let c = checklist::check(&conn, &a.id, &profile).expect("check");
    assert!(c.blocked);
    assert_eq!(
        item(&c, "official_names").level,
        newsroom::profile::Level::Required
    );
}

#[test]
fn a_whole_article_through_the_checker() {
    let profile = Profile::hai_phong();
    let c = Checker::with(
        newsroom::spell::Speller::shared().map_err(|e| e.to_string()),
        HashSet::new(),
        &profile,
    );
    let r = c.check(ORDINARY);
    assert!(r.names.is_empty() && r.dates.is_empty());
    assert!(
        r.spelling_unavailable.is_none(),
        "{:?}",
        r.spelling_unavailable
    );
    // Spelling on the same paragraphs and the seed article: the words the dictionary does not
    // know (foreign words and acronyms are skipped) are false alarms on text the portal
    // published, bounded here.
    let seed = c.check(SEED);
    let alarms: Vec<&str> = r
        .spelling
        .iter()
        .chain(&seed.spelling)
        .map(|m| m.word.as_str())
        .collect();
    let words = ORDINARY.split_whitespace().count() + SEED.split_whitespace().count();
    println!(
        "spelling on {words} words of ordinary text: {} false alarms {alarms:?}",
        alarms.len()
    );
    assert!(words > 1500, "{words}");
    // The check that finds none finds a misspelling put into the same text.
    let slipped = c.check(&SEED.replacen("người", "nguời", 1));
    assert_eq!(
        slipped
            .spelling
            .iter()
            .map(|m| m.word.as_str())
            .collect::<Vec<_>>(),
        ["nguời"]
    );
    // None (none on 2,396 words, 2026-12-08): any word the dictionary loses shows here.
    assert_eq!(
        alarms,
        Vec::<&str>::new(),
        "spelling alarms on ordinary text"
    );
}

/// Slips of every kind a reporter makes, drawn at random and independently of how the names
/// check works: a diacritic taken off, changed or added (đ written d), a word's capital flipped, a
/// word dropped, doubled, swapped for a word of another name, a letter dropped.
mod slips {
    use proptest::prelude::Rng as _;
    use proptest::test_runner::{RngAlgorithm, TestRng};
    use unicode_normalization::UnicodeNormalization as _;

    pub const KINDS: [&str; 7] = [
        "diacritic",
        "capital",
        "word dropped",
        "word doubled",
        "word swapped",
        "letter dropped",
        "đ as d",
    ];

    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

    pub struct Slips(TestRng);

    impl Slips {
        pub fn new() -> Self {
            Slips(TestRng::deterministic_rng(RngAlgorithm::ChaCha))
        }

        fn below(&mut self, n: usize) -> usize {
            (self.0.next_u32() as usize) % n.max(1)
        }

        /// `name` with one slip of `kind`; None when the kind cannot apply to it.
        pub fn make(&mut self, name: &str, kind: &str, vocabulary: &[&str]) -> Option<String> {
            let mut ws: Vec<String> = name.split(' ').map(str::to_string).collect();
            let i = self.below(ws.len());
            match kind {
                "diacritic" => {
                    // In a random word with a vowel: its tone taken off, changed, or one added.
                    let words: Vec<usize> = (0..ws.len())
                        .filter(|&j| {
                            ws[j].chars().any(|c| {
                                "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".contains(c.nfd().next().unwrap_or(c))
                            })
                        })
                        .collect();
                    let j = *words.get(self.below(words.len()))?;
                    let d: Vec<char> = ws[j].nfd().collect();
                    let tone = d.iter().position(|c| TONES.contains(c));
                    let mut out = d.clone();
                    match tone {
                        Some(t) if self.below(2) == 0 => {
                            out.remove(t);
                        }
                        Some(t) => {
                            let others: Vec<char> =
                                TONES.iter().copied().filter(|c| *c != d[t]).collect();
                            out[t] = others[self.below(others.len())];
                        }
                        None => {
                            // After the vowel's own marks (ă, ơ…), where a tone goes.
                            let v = d.iter().rposition(|c| "aeiouyAEIOUY".contains(*c))?;
                            let mut at = v + 1;
                            while d
                                .get(at)
                                .is_some_and(|c| ('\u{300}'..='\u{36f}').contains(c))
                            {
                                at += 1;
                            }
                            out.insert(at, TONES[self.below(TONES.len())]);
                        }
                    }
                    ws[j] = out.into_iter().nfc().collect();
                }
                "capital" => {
                    let w = &ws[i];
                    let mut cs = w.chars();
                    let first = cs.next()?;
                    let flipped: String = if first.is_uppercase() {
                        first.to_lowercase().collect()
                    } else {
                        first.to_uppercase().collect()
                    };
                    ws[i] = flipped + cs.as_str();
                }
                "word dropped" => {
                    if ws.len() < 3 {
                        return None;
                    }
                    ws.remove(i);
                }
                "word doubled" => {
                    let w = ws[i].clone();
                    ws.insert(i, w);
                }
                "word swapped" => {
                    let other = vocabulary[self.below(vocabulary.len())];
                    if other == ws[i] {
                        return None;
                    }
                    ws[i] = other.to_string();
                }
                "letter dropped" => {
                    let cs: Vec<char> = ws[i].chars().collect();
                    if cs.len() < 3 {
                        return None;
                    }
                    let k = 1 + self.below(cs.len() - 1);
                    ws[i] = cs
                        .iter()
                        .enumerate()
                        .filter(|(n, _)| *n != k)
                        .map(|(_, c)| c)
                        .collect();
                }
                "đ as d" => {
                    let j = ws.iter().position(|w| w.contains(['đ', 'Đ']))?;
                    ws[j] = ws[j].replace('đ', "d").replace('Đ', "D");
                }
                _ => unreachable!("{kind}"),
            }
            Some(ws.join(" "))
        }
    }
}

/// Recall of the names check on slips drawn at random over every name of the Hải Phòng list (not
/// the slips the check was built around): how many are caught with the right name offered, how
/// many are caught at all, by kind, printed for the note. The floor is below what it catches
/// today, so that a change that loses names fails here.
#[test]
fn names_recall_on_random_slips_of_every_listed_name() {
    let g = Gazetteer::hai_phong();
    let index = names::Index::new(&g);
    let vocabulary: Vec<&str> = g
        .names
        .iter()
        .flat_map(|n| n.split(' '))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let official: HashSet<&str> = g.names.iter().map(String::as_str).collect();
    let carrier =
        |name: &str| format!("Chiều 2/12, đại diện {name} cho biết kế hoạch năm đã hoàn thành.");
    let mut slips = slips::Slips::new();
    let (mut all_tried, mut all_right, mut all_seen) = (0usize, 0usize, 0usize);
    let mut misses: Vec<String> = Vec::new();
    for kind in slips::KINDS {
        let (mut tried, mut right, mut seen) = (0usize, 0usize, 0usize);
        for name in &g.names {
            // The sentence with the name as written raises nothing: the control.
            assert_eq!(index.problems(&carrier(name)), Vec::new(), "{name}");
            for _ in 0..3 {
                let Some(wrong) = slips.make(name, kind, &vocabulary) else {
                    continue;
                };
                // Not a slip when it gives the name back, or another listed name.
                if wrong == *name || official.contains(wrong.as_str()) {
                    continue;
                }
                tried += 1;
                let text = carrier(&wrong);
                let start = text.find(&wrong).expect("in the sentence");
                let (from, to) = (
                    text[..start].encode_utf16().count() as u32,
                    text[..start + wrong.len()].encode_utf16().count() as u32,
                );
                let found = index.problems(&text);
                let over: Vec<_> = found
                    .iter()
                    .filter(|p| p.from < to && p.to > from)
                    .collect();
                if !over.is_empty() {
                    seen += 1;
                }
                if over
                    .iter()
                    .any(|p| p.suggestion.to_lowercase() == name.to_lowercase())
                {
                    right += 1;
                } else if misses.len() < 12 {
                    misses.push(format!("{kind}: “{wrong}” (for “{name}”)"));
                }
            }
        }
        println!(
            "{kind}: {right} of {tried} caught with the right name ({:.0}%), {seen} caught at all",
            100.0 * right as f64 / tried.max(1) as f64
        );
        all_tried += tried;
        all_right += right;
        all_seen += seen;
    }
    let recall = all_right as f64 / all_tried as f64;
    println!(
        "all: {all_right} of {all_tried} slips caught with the right name ({:.1}%), {all_seen} caught at all; missed, for example: {misses:#?}",
        100.0 * recall
    );
    assert!(all_tried >= 500, "{all_tried}");
    assert!(
        recall >= RECALL_FLOOR,
        "recall {recall:.3} under {RECALL_FLOOR}"
    );
}

/// What the random slips' recall may not fall under: 989 of 1,640 (60.3%) on 2026-12-08 with the
/// built-in list, after a slip in a name's first word's marks ("Bạn Tổ chức Thành ủy") became one
/// (918, 56.0%, before). Weakest: a word dropped (34%), a word swapped (21%), a letter dropped (31%).
const RECALL_FLOOR: f64 = 0.59;
