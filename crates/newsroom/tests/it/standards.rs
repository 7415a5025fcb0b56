//! The exported pages against the standard: the W3C Nu HTML Checker (`vnu.jar`, from the `vnu-jar`
//! npm package of ui/, run with Debian's Java; both installed by scripts/setup.sh) finds no error in
//! `index.html` or `article.html`, for the seed article and for every attack of the XSS corpus; and
//! each page has what a screen reader relies on: `lang="vi"`, one `h1`, landmarks, a caption for
//! every figure and alt text on every image.

use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

use crate::fresh;

/// The Nu HTML Checker's jar, where `npm ci` in ui/ puts it.
fn vnu_jar() -> PathBuf {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "{} is missing: run scripts/setup.sh (npm ci in ui/)",
        jar.display()
    );
    jar
}

/// What the Nu HTML Checker calls an error in each of `files`, as "file: line: message".
fn nu_errors(files: &[PathBuf]) -> Vec<String> {
    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "json", "--stdout"])
        .args(files)
        .output()
        .expect("java runs (scripts/setup.sh installs default-jre-headless)");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "vnu's report: {e}\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let messages = report["messages"].as_array().expect("messages");
    // Exit status and report agree: nonzero exactly when there is an error.
    assert_eq!(out.status.success(), messages.is_empty(), "{report:#}");
    messages
        .iter()
        .map(|m| {
            format!(
                "{}: {}: {} [{}]",
                m["url"].as_str().unwrap_or_default(),
                m["lastLine"],
                m["message"].as_str().unwrap_or_default(),
                m["extract"].as_str().unwrap_or_default()
            )
        })
        .collect()
}

/// `article.html` is a fragment for the CMS's editor; the checker reads documents, so it is checked
/// as the body of a minimal one.
fn as_document(fragment: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>article.html</title></head>\
         <body>\n{fragment}</body></html>\n"
    )
}

fn count(page: &Html, css: &str) -> usize {
    page.select(&Selector::parse(css).expect("selector"))
        .count()
}

/// What a page lacks of what assistive technology relies on.
fn structure_problems(name: &str, html: &str) -> Vec<String> {
    let page = Html::parse_document(html);
    let mut problems = Vec::new();
    if count(&page, "html[lang='vi']") != 1 {
        problems.push(format!("{name}: no lang=\"vi\""));
    }
    for (css, want) in [("h1", 1), ("header", 1), ("main", 1), ("footer", 1)] {
        let n = count(&page, css);
        if n != want {
            problems.push(format!("{name}: {n} × {css}, {want} wanted"));
        }
    }
    let figures = count(&page, "figure");
    let captioned = count(&page, "figure > figcaption");
    if figures != captioned {
        problems.push(format!("{name}: {figures} figures, {captioned} captions"));
    }
    for img in page.select(&Selector::parse("img").expect("selector")) {
        if img.value().attr("alt").is_none_or(|a| a.trim().is_empty()) {
            problems.push(format!("{name}: an image without alt text: {}", img.html()));
        }
    }
    problems
}

/// Copies a package's two pages into `to` as `<label>-index.html` and `<label>-article.html` (the
/// fragment made a document); their paths.
fn gather(folder: &Path, label: &str, to: &Path) -> Vec<PathBuf> {
    let index = std::fs::read_to_string(folder.join("index.html")).expect("index.html");
    let fragment = std::fs::read_to_string(folder.join("article.html")).expect("article.html");
    let pages = [
        (format!("{label}-index.html"), index),
        (format!("{label}-article.html"), as_document(&fragment)),
    ];
    pages
        .into_iter()
        .map(|(name, html)| {
            let path = to.join(name);
            std::fs::write(&path, html).expect("write");
            path
        })
        .collect()
}

#[test]
fn the_seed_article_and_every_attack_pass_the_nu_html_checker() {
    let (dir, conn) = fresh();
    let pages = tempfile::tempdir().expect("pages");
    let out = dir.path().join("exports");
    let (index, slug) = crate::golden::export_seed(dir.path(), &out);
    assert_eq!(structure_problems("seed", &index), Vec::<String>::new());
    let mut files = gather(&out.join(&slug), "seed", pages.path());

    let (profile, photo) = crate::xss::attack_setup(&conn, dir.path());
    for (i, attack) in crate::xss::corpus().iter().enumerate() {
        let input = crate::xss::attack_input(i, attack);
        let a = newsroom::articles::create(&conn, &input, "An").expect("create");
        newsroom::figures::attach(&conn, &a.id, &photo, &Default::default()).expect("attach");
        let done = crate::checked::export_package(&conn, dir.path(), &a.id, &out, &profile, false)
            .unwrap_or_else(|e| panic!("export of {attack:?}: {e}"));
        let folder = Path::new(&done.folder);
        let index = std::fs::read_to_string(folder.join("index.html")).expect("index");
        assert_eq!(
            structure_problems(&format!("attack {i}"), &index),
            Vec::<String>::new(),
            "{attack:?}"
        );
        files.extend(gather(folder, &format!("attack-{i}"), pages.path()));
    }
    assert!(files.len() > 80, "{}", files.len());
    assert_eq!(nu_errors(&files), Vec::<String>::new());
}

#[test]
fn the_checks_find_what_they_look_for() {
    // So the test above cannot pass by a checker that reads nothing: a page with a block inside a
    // paragraph, a duplicate id and an image without alt.
    let dir = tempfile::tempdir().expect("dir");
    let bad = "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>x</title></head>\
        <body><main><h1 id=\"a\">x</h1><p id=\"a\">y<img src=\"a.jpg\"></p>\
        <figure><img src=\"b.jpg\" alt=\"\"></figure></main></body></html>\n";
    let path = dir.path().join("bad.html");
    std::fs::write(&path, bad).expect("write");
    let errors = nu_errors(std::slice::from_ref(&path)).join("\n");
    assert!(errors.contains("Duplicate ID"), "{errors}");
    assert!(errors.contains("alt"), "{errors}");
    let problems = structure_problems("bad", bad).join("\n");
    for want in ["header", "footer", "1 figures, 0 captions", "without alt"] {
        assert!(problems.contains(want), "{want}: {problems}");
    }
    let no_lang = bad.replace(" lang=\"vi\"", "");
    assert!(structure_problems("bad", &no_lang)[0].contains("lang"));
}
