//! Language-check benchmark, run by hand or by `make bench`: `cargo bench -p newsroom --bench language`.
//! Goals (issue 7): every check on a 2,000-word article under 50 ms; the check after typing one
//! character (what the editor asks: the paragraph typed in) under 5 ms.
//!
//! The article is the ordinary paragraphs of `tests/fixtures/ordinary-paragraphs.md` repeated to
//! 2,000 words, with mistakes of every kind put in (unknown words, a wrong name, a wrong weekday,
//! both tone placements), so each check has work to do. Printed beside a reference measured in the
//! same run: one NFC normalisation plus search folding of the same text.
//!
//! Suggestions for an unknown word take milliseconds to find and are kept per process (the editor
//! asks for the same word at every keystroke in its paragraph): the figures after the first run are
//! with the suggestions kept; the first sight of each unknown word is printed apart.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use newsroom::articles::{self, ArticleInput};
use newsroom::language::Checker;
use newsroom::profile::Profile;

const ORDINARY: &str = include_str!("../tests/fixtures/ordinary-paragraphs.md");

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn time<T>(runs: usize, mut f: impl FnMut(usize) -> T) -> Duration {
    median(
        (0..runs)
            .map(|i| {
                let t = Instant::now();
                std::hint::black_box(f(i));
                t.elapsed()
            })
            .collect(),
    )
}

fn reference(text: &str) -> usize {
    newsroom::text::fold(&newsroom::text::nfc(text)).len()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let runs = if quick { 5 } else { 31 };
    let paragraphs: Vec<&str> = ORDINARY.split("\n\n").map(str::trim).collect();
    let mistakes = [
        "Sở Tài Nguyên Và Môi Trường và Thành uỷ đã họp vào Thứ Ba, 02/12/2020 với nguời dân.",
        "Sở Kế hoạch Đầu tư đề nghị hoà giải, khoẻ mạnh, thủy lợi; các hộ dân đều đồng tình ủng hộ.",
    ];
    let mut body = Vec::new();
    let mut words = 0;
    let mut k = 0;
    while words < 2000 {
        let p = if k % 8 == 3 {
            mistakes[(k / 8) % 2]
        } else {
            paragraphs[k % paragraphs.len()]
        };
        words += p.split_whitespace().count();
        body.push(p);
        k += 1;
    }
    let body = body.join("\n\n");

    let dir = tempfile::tempdir().expect("tempdir");
    let conn = newsroom::store::open(dir.path()).expect("open");
    let a = articles::create(
        &conn,
        &ArticleInput {
            title: "Kiểm tra ngôn ngữ".into(),
            lead: "Chiều 2/12, đoàn kiểm tra làm việc với quận Lê Chân.".into(),
            body: body.clone(),
            authors: vec!["Hoàng Tùng".into()],
            category: "Tin tức".into(),
            ..Default::default()
        },
        "bench",
    )
    .expect("article");
    let profile = Profile::hai_phong();
    let speller =
        newsroom::spell::Speller::shared().expect("hunspell-vi (scripts/setup.sh installs it)");

    // Found once, so the figures below are for a real amount of work.
    let c = Checker::with(Ok(speller), HashSet::new(), &profile);
    let t = Instant::now();
    let r = c.check(&body);
    let first = t.elapsed();
    println!(
        "article: {words} words in {} paragraphs; found {} unknown words, {} tone placements, {} names, {} dates",
        k,
        r.spelling.len(),
        r.tones.len(),
        r.names.len(),
        r.dates.len()
    );
    assert!(!r.spelling.is_empty() && !r.names.is_empty() && !r.dates.is_empty());

    let reference_all = time(runs, |_| reference(&body));
    let all = time(runs, |_| {
        Checker::new(&conn, &profile).expect("checker").check(&body)
    });
    let checklist = time(runs, |_| {
        newsroom::checklist::check(&conn, &a.id, &profile).expect("checklist")
    });

    // One keystroke: the paragraph typed in, a character longer each time, checked as the
    // editor's command does (loading the newsroom's words and the profile's names each time).
    let typed = paragraphs[2];
    let keystrokes: Vec<String> = (0..200)
        .map(|i| {
            format!(
                "{typed} {}",
                "chính".chars().cycle().take(i % 12).collect::<String>()
            )
        })
        .collect();
    let reference_key = time(keystrokes.len(), |i| reference(&keystrokes[i]));
    let key = time(keystrokes.len(), |i| {
        Checker::new(&conn, &profile)
            .expect("checker")
            .check(&keystrokes[i])
    });
    let reused = Checker::new(&conn, &profile).expect("checker");
    let key_reused = time(keystrokes.len(), |i| reused.check(&keystrokes[i]));
    let key_mistake = time(keystrokes.len(), |i| {
        let text = format!("{} {}", mistakes[0], "ạ".repeat(i % 12));
        Checker::new(&conn, &profile).expect("checker").check(&text)
    });

    println!(
        "median of {runs} runs (keystrokes: of {}):",
        keystrokes.len()
    );
    println!(
        "  reference: NFC + folding of the article            {:8.3} ms",
        ms(reference_all)
    );
    println!(
        "  the same, first run (suggestions not yet kept)     {:8.3} ms  ({:.0}× reference)",
        ms(first),
        first.as_secs_f64() / reference_all.as_secs_f64()
    );
    println!(
        "  every language check on the article                {:8.3} ms  ({:.0}× reference; goal < 50 ms)",
        ms(all),
        all.as_secs_f64() / reference_all.as_secs_f64()
    );
    println!(
        "  the whole export checklist of the article          {:8.3} ms  ({:.0}× reference)",
        ms(checklist),
        checklist.as_secs_f64() / reference_all.as_secs_f64()
    );
    println!(
        "  reference: NFC + folding of one paragraph          {:8.3} ms",
        ms(reference_key)
    );
    println!(
        "  one keystroke: its paragraph checked               {:8.3} ms  ({:.0}× reference; goal < 5 ms)",
        ms(key),
        key.as_secs_f64() / reference_key.as_secs_f64()
    );
    println!(
        "    of which the checks themselves (checker loaded)  {:8.3} ms  ({:.0}× reference)",
        ms(key_reused),
        key_reused.as_secs_f64() / reference_key.as_secs_f64()
    );
    println!(
        "  one keystroke in a paragraph with 5 mistakes       {:8.3} ms  ({:.0}× reference)",
        ms(key_mistake),
        key_mistake.as_secs_f64() / reference_key.as_secs_f64()
    );
}
