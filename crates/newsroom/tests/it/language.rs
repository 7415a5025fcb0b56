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
    // Spelling on the same paragraphs: words the dictionary does not know (foreign, acronyms are
    // skipped), printed for the note.
    println!(
        "spelling on the ordinary paragraphs: {:?}",
        r.spelling.iter().map(|m| &m.word).collect::<Vec<_>>()
    );
    assert!(
        r.spelling_unavailable.is_none(),
        "{:?}",
        r.spelling_unavailable
    );
}
