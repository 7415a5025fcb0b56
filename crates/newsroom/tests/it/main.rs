//! Integration tests of the core, on real SQLite files in temporary folders.

mod articles;
mod backup;
mod bundles;
mod checked;
mod docx;
mod english;
mod export;
mod fuzzed;
mod golden;
mod language;
mod media;
mod orientation;
mod revisions;
mod search;
mod standards;
mod unicode;
mod upgrade;
mod workflow;
mod xss;

/// Whoever acts in a newsroom with no user profiles (solo mode: everything is allowed).
pub fn solo(conn: &rusqlite::Connection) -> newsroom::workflow::Actor {
    newsroom::workflow::actor(conn, "Thử", None).expect("solo actor")
}

/// A fresh data folder and its open database.
pub fn fresh() -> (tempfile::TempDir, rusqlite::Connection) {
    let dir = tempfile::tempdir().expect("tempdir");
    let conn = newsroom::store::open(dir.path()).expect("open store");
    (dir, conn)
}
