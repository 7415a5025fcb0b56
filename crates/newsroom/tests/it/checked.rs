//! The core's export functions as the tests call them, each package's `article.json` validated
//! against IPTC's NINJS 1.6 schema on its way out: every package the suite exports is checked
//! (plain, with photos, from Word, English, hostile text, every workflow path), not a chosen few.
//! Everything else of `newsroom::export` is re-exported as it is.

use std::path::{Path, PathBuf};

use newsroom::Result;
use newsroom::profile::Profile;
use newsroom::workflow::Actor;
use rusqlite::Connection;

pub use newsroom::export::*;

/// What IPTC's NINJS 1.6 schema (tests/fixtures/standards) finds wrong with `meta`.
pub fn ninjs_errors(meta: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/standards/ninjs-schema_1.6.json"))
            .expect("schema");
    // Formats asserted (a rendition's href must be an absolute URI), whatever the crate's default.
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("NINJS 1.6 schema compiles");
    validator
        .iter_errors(meta)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Panics unless `folder`'s `article.json` is valid NINJS 1.6.
pub fn assert_ninjs(folder: &Path) {
    let path = folder.join("article.json");
    let meta: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let errors = ninjs_errors(&meta);
    assert!(
        errors.is_empty(),
        "{} is not NINJS 1.6: {errors:#?}\n{meta:#}",
        path.display()
    );
}

fn checked(done: Result<Exported>) -> Result<Exported> {
    if let Ok(e) = &done {
        assert_ninjs(Path::new(&e.folder));
    }
    done
}

pub fn export_article(
    conn: &Connection,
    data_dir: &Path,
    id: &str,
    out: &Path,
    profile: &Profile,
) -> Result<PathBuf> {
    let done = newsroom::export::export_article(conn, data_dir, id, out, profile);
    if let Ok(index) = &done {
        assert_ninjs(index.parent().expect("the package folder"));
    }
    done
}

pub fn export_package(
    conn: &Connection,
    data_dir: &Path,
    id: &str,
    dir: &Path,
    profile: &Profile,
    zip: bool,
) -> Result<Exported> {
    checked(newsroom::export::export_package(
        conn, data_dir, id, dir, profile, zip,
    ))
}

pub fn export_package_as(
    conn: &Connection,
    data_dir: &Path,
    id: &str,
    dir: &Path,
    profile: &Profile,
    zip: bool,
    by: &Actor,
) -> Result<Exported> {
    checked(newsroom::export::export_package_as(
        conn, data_dir, id, dir, profile, zip, by,
    ))
}
