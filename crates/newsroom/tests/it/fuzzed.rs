//! Inputs the fuzzers (`fuzz/`) found crashing, kept as regular tests: each file under
//! `tests/fixtures/fuzz/<target>/` goes through the same steps and checks as that fuzz target.

use std::path::{Path, PathBuf};

use newsroom::export::script_problems;
use newsroom::profile;
use newsroom::text::names::Gazetteer;

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, Vec<u8>)> = entries
        .map(|e| {
            let p = e.expect("entry").path();
            let bytes = std::fs::read(&p).expect("read");
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_kept_crash_now_passes_its_targets_checks() {
    let mut kept = 0;
    for (path, data) in inputs("profile") {
        kept += 1;
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        if let Ok(p) = profile::from_json(text) {
            let again = profile::from_json(&serde_json::to_string(&p).expect("json"))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(again, p, "{}", path.display());
        }
        if let Ok(g) = Gazetteer::parse(text) {
            let again = Gazetteer::parse(&g.to_text()).expect("round trip");
            assert_eq!(again, g, "{}", path.display());
            let _ = newsroom::text::names::problems(&g, text);
        }
    }
    for (path, data) in inputs("docx") {
        kept += 1;
        // The reader either refuses the file or gives NFC text (the target's full checks are in
        // fuzz/fuzz_targets/docx.rs); it never panics.
        if let Ok(doc) = newsroom_docx::read("fuzz.docx", &data[1.min(data.len())..]) {
            assert_eq!(
                newsroom::text::nfc(&doc.title),
                doc.title,
                "{}",
                path.display()
            );
        }
    }
    for (path, data) in inputs("markdown") {
        kept += 1;
        let text = String::from_utf8_lossy(&data);
        let html = newsroom::markdown::to_html(&text);
        let found = script_problems(&html, false);
        assert!(found.is_empty(), "{}: {found:?}", path.display());
    }
    for (path, data) in inputs("paste") {
        kept += 1;
        let text = String::from_utf8_lossy(&data);
        let p = newsroom::text::paste::html_to_markdown(&text);
        assert_eq!(
            newsroom::text::nfc(&p.markdown),
            p.markdown,
            "{}",
            path.display()
        );
    }
    // Bundles, backups and photos: the property is an answer (accepted or refused), not a panic.
    let dir = tempfile::tempdir().expect("tempdir");
    for (_, data) in inputs("bundle") {
        kept += 1;
        let file = dir.path().join("input.toasoan");
        std::fs::write(&file, &data).expect("write");
        let _ = newsroom::bundle::check_file(&file);
        let _ = newsroom::backup::read_manifest(&file);
    }
    for (_, data) in inputs("photo") {
        kept += 1;
        let _ = newsroom::media::meta::read(&data);
        if let Ok(c) = newsroom::media::check_bytes("anh.jpg", data) {
            let _ = newsroom::media::render(
                &c,
                &newsroom::media::Spec {
                    widths: vec![64, 16],
                    quality: 80,
                },
            );
        }
    }
    assert!(kept >= 1, "the crash that found the tone bug is kept");
}
