//! The bottom layer of Tòa soạn's core: what every other layer uses and that uses none of them —
//! the error type and its codes ([`error`]), ids, timestamps, hashes and atomic file writes.
#![deny(missing_docs)]

pub mod error;

use std::path::Path;

use chrono::{DateTime, SecondsFormat, Utc};

pub use error::{Error, ErrorCode, Lang, Result, Said};

/// An instant as stored everywhere (database, manifests, bundles): RFC 3339, UTC, milliseconds.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads a stored instant ([`timestamp`]), as a database column conversion.
pub fn parse_timestamp(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
        })
}

/// A new id for a revision, comment, audit line or approval: the same on every machine it travels to.
pub fn new_uid() -> String {
    ulid::Ulid::new().to_string().to_lowercase()
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of `bytes`, lowercase hex (how every hash of the app is written).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex(&sha2::Sha256::digest(bytes))
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder (named `.toasoan-…`,
/// which backups skip), flushed to disk, then renamed over `path`. Creates the folder if needed.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".toasoan-")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(contents)
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_back_as_written() {
        let t = DateTime::parse_from_rfc3339("2026-11-30T07:15:00.123+07:00")
            .expect("instant")
            .with_timezone(&Utc);
        let s = timestamp(t);
        assert_eq!(s, "2026-11-30T00:15:00.123Z");
        assert_eq!(parse_timestamp(&s).expect("parse"), t);
        assert!(parse_timestamp("30/11/2026").is_err());
    }

    #[test]
    fn hashes_are_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hex(&[0, 255, 16]), "00ff10");
    }
}
