//! Integration tests of the core, on real SQLite files in temporary folders.

mod articles;
mod backup;
mod bundles;
mod export;
mod fuzzed;
mod golden;
mod language;
mod media;
mod orientation;
mod revisions;
mod search;
mod unicode;
mod upgrade;
mod workflow;
mod xss;

/// A fresh data folder and its open database.
pub fn fresh() -> (tempfile::TempDir, rusqlite::Connection) {
    let dir = tempfile::tempdir().expect("tempdir");
    let conn = newsroom::store::open(dir.path()).expect("open store");
    (dir, conn)
}
