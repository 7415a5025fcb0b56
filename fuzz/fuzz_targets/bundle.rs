//! A `.toasoan` bundle or a backup file from another machine: everything import and restore
//! check before they write (zip structure, entry names and sizes, format, references, photos).
//! Property: never panics, never runs out of memory (limits hold while reading).
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn scratch() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("tempdir")).path()
}

fuzz_target!(|data: &[u8]| {
    let file = scratch().join("input.toasoan");
    std::fs::write(&file, data).expect("write");
    let _ = newsroom::bundle::check_file(&file);
    let _ = newsroom::backup::read_manifest(&file);
});
