//! Every fuzz target's checks as regular tests, on its seeds (`fuzz/seeds/<target>/`) and on the
//! inputs the fuzzers found crashing (`tests/fixtures/fuzz/<target>/`): a target without checks
//! here, or without any input, fails.

use std::path::{Path, PathBuf};

use newsroom::export::script_problems;
use newsroom::profile;
use newsroom::text::names::Gazetteer;

/// The inputs of fuzz target `target`: its seeds (`fuzz/seeds/<target>`, the corpus each burst of
/// `make fuzz` starts from) and the crashes kept here (`tests/fixtures/fuzz/<target>`).
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        root.join("../../fuzz/seeds").join(target),
        root.join("tests/fixtures/fuzz").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries {
            let p = e.expect("entry").path();
            if p.is_file() {
                let bytes = std::fs::read(&p).expect("read");
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    out
}

/// The checks a fuzz target makes on one input (`path` names it in a failure).
type Checks = fn(&Path, &[u8]);

/// Every fuzz target, with its checks (as in `fuzz/fuzz_targets/<name>.rs`).
const TARGETS: &[(&str, Checks)] = &[
    ("profile", profile_checks),
    ("docx", docx_checks),
    ("markdown", markdown_checks),
    ("paste", paste_checks),
    ("bundle", bundle_checks),
    ("photo", photo_checks),
    ("language", language_checks),
];

#[test]
fn every_fuzz_target_has_its_checks_here() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/fuzz_targets");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("fuzz/fuzz_targets")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| p.file_stem().expect("name").to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut here: Vec<String> = TARGETS.iter().map(|(n, _)| (*n).to_string()).collect();
    here.sort();
    assert_eq!(
        here, on_disk,
        "a fuzz target without its checks in fuzzed.rs, or the reverse"
    );
}

#[test]
fn every_seed_and_kept_crash_passes_its_targets_checks() {
    for (target, check) in TARGETS {
        let all = inputs(target);
        // A target with no input would pass here having checked nothing.
        assert!(
            !all.is_empty(),
            "no seed and no kept crash for the fuzz target {target}"
        );
        for (path, data) in &all {
            check(path, data);
        }
    }
    assert!(
        inputs("profile").iter().any(|(p, _)| p
            .starts_with(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz"))),
        "the crash that found the tone bug is kept"
    );
}

fn profile_checks(path: &Path, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
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

fn docx_checks(path: &Path, data: &[u8]) {
    // The first byte chooses the target's mode; an even one reads the rest as a file. The reader
    // either refuses it or gives NFC text (the target's full checks are in
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

fn markdown_checks(path: &Path, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let html = newsroom::markdown::to_html(&text);
    let found = script_problems(&html, false);
    assert!(found.is_empty(), "{}: {found:?}", path.display());
}

fn paste_checks(path: &Path, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let p = newsroom::text::paste::html_to_markdown(&text);
    assert_eq!(
        newsroom::text::nfc(&p.markdown),
        p.markdown,
        "{}",
        path.display()
    );
}

/// Bundles, backups and photos: the property is an answer (accepted or refused), not a panic.
fn bundle_checks(_: &Path, data: &[u8]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("input.toasoan");
    std::fs::write(&file, data).expect("write");
    let _ = newsroom::bundle::check_file(&file);
    let _ = newsroom::backup::read_manifest(&file);
}

fn photo_checks(_: &Path, data: &[u8]) {
    let _ = newsroom::media::meta::read(data);
    if let Ok(c) = newsroom::media::check_bytes("anh.jpg", data.to_vec()) {
        let _ = newsroom::media::render(
            &c,
            &newsroom::media::Spec {
                widths: vec![64, 16],
                quality: 80,
            },
        );
    }
}

/// The language checks' findings name exactly the words at their UTF-16 ranges.
fn language_checks(path: &Path, data: &[u8]) {
    use std::sync::OnceLock;
    static CHECKER: OnceLock<newsroom::language::Checker> = OnceLock::new();
    let checker = CHECKER.get_or_init(|| {
        newsroom::language::Checker::with(
            newsroom::spell::Speller::shared().map_err(|e| e.to_string()),
            std::collections::HashSet::new(),
            &profile::Profile::hai_phong(),
        )
    });
    let raw = String::from_utf8_lossy(data);
    let found = checker.check(&raw);
    let units: Vec<u16> = newsroom::text::nfc(&raw).encode_utf16().collect();
    let at = |from: u32, to: u32| -> Option<String> {
        let (from, to) = (from as usize, to as usize);
        (from <= to && to <= units.len())
            .then(|| String::from_utf16(&units[from..to]).ok())
            .flatten()
    };
    let p = path.display();
    for m in &found.spelling {
        assert_eq!(at(m.from, m.to).as_deref(), Some(m.word.as_str()), "{p}");
    }
    for n in &found.names {
        assert_eq!(at(n.from, n.to).as_deref(), Some(n.found.as_str()), "{p}");
    }
    for d in &found.dates {
        assert_eq!(at(d.from, d.to).as_deref(), Some(d.found.as_str()), "{p}");
    }
    for t in &found.tones {
        assert_eq!(at(t.from, t.to).as_deref(), Some(t.word.as_str()), "{p}");
    }
}
