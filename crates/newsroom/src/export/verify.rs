//! `newsroom verify PACKAGE`: is this package what the editor approved?
//!
//! A package carries `content.json`, the canonical form of its article's content (the bytes whose
//! SHA-256 an approval records), and `manifest.json`, every file's SHA-256 and the approval record.
//! Verifying recomputes every hash: the files against the manifest (one changed byte of `index.html`
//! or an image fails), `content.json` against the approval, the metadata against `content.json`;
//! the approval's Ed25519 signature against the newsroom's public keys (`--keys`, or the keys the
//! data folder trusts); and, when the data folder that exported it is at hand, the manifest against
//! the one recorded at export time (a package whose manifest was rewritten to match changed files
//! fails there).

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::{CONTENT_FILE, JSON_FILE, MANIFEST_FILE};
use crate::Result;
use crate::workflow::Approval;

/// What verifying a package found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Verification {
    /// The package is intact and is what was approved.
    pub verified: bool,
    /// The approval the manifest records, if any.
    #[ts(optional = nullable)]
    pub approval: Option<Approval>,
    /// Whether this data folder recorded this exact manifest when it exported the article (none:
    /// it never exported this article).
    #[ts(optional = nullable)]
    pub recorded: Option<bool>,
    /// What is wrong, in Vietnamese, one per item.
    pub problems: Vec<String>,
    /// What could not be checked, in Vietnamese.
    pub notes: Vec<String>,
}

use newsroom_base::sha256_hex as sha;

/// Verifies the package folder `dir`; `conn` is the newsroom to compare with, if any; `keys` the
/// newsroom's public keys (`newsroom server keys export`), against which the approval's signature
/// must hold. Without `keys`, the signature is checked against the keys `conn`'s folder trusts.
pub fn verify(
    dir: &Path,
    conn: Option<&Connection>,
    keys: Option<&[crate::signing::PublicKey]>,
) -> Result<Verification> {
    let mut problems = super::validate(dir)?;
    let mut notes = Vec::new();
    let read = |name: &str| std::fs::read(dir.join(name)).ok();
    let manifest_bytes = read(MANIFEST_FILE).unwrap_or_default();
    let manifest: serde_json::Value = serde_json::from_slice(&manifest_bytes).unwrap_or_default();
    let approval: Option<Approval> = serde_json::from_value(manifest["approval"].clone()).ok();
    let meta: serde_json::Value = read(JSON_FILE)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    // `uri` since format 2; `guid` before.
    let id = meta["uri"]
        .as_str()
        .or_else(|| meta["guid"].as_str())
        .and_then(|g| g.strip_prefix("urn:toasoan:"))
        .unwrap_or_default()
        .to_string();
    let trusted = match (keys, conn) {
        (Some(k), _) => Some(k.to_vec()),
        (None, Some(c)) => Some(crate::signing::trusted(c)?),
        (None, None) => None,
    };
    if let Some(a) = &approval {
        match &trusted {
            Some(_) if keys.is_none() && a.signature.is_empty() && a.scheme == 1 => notes.push(
                "Bản duyệt không có chữ ký (được duyệt trước khi tòa soạn ký bản duyệt); dùng --keys để đòi chữ ký."
                    .into(),
            ),
            Some(k) => {
                if let Err(why) = crate::signing::check(k, &a.signed(&id)) {
                    problems.push(format!("Chữ ký bản duyệt không hợp lệ: {}.", why.vi()));
                }
            }
            None => notes.push(
                "Chưa kiểm chữ ký bản duyệt: hãy dùng --keys với tệp khóa của tòa soạn.".into(),
            ),
        }
    }
    let mut recorded = None;
    match &approval {
        None => problems.push("Gói không có bản duyệt: bài được xuất khi chưa được duyệt.".into()),
        Some(a) => match read(CONTENT_FILE) {
            None => problems.push(format!("Thiếu {CONTENT_FILE}.")),
            Some(content) => {
                if sha(&content) != a.content_sha256 {
                    problems.push(format!(
                        "Nội dung trong {CONTENT_FILE} khác nội dung {} đã duyệt.",
                        a.approver
                    ));
                }
                let c: serde_json::Value = serde_json::from_slice(&content).unwrap_or_default();
                let meta: serde_json::Value = read(JSON_FILE)
                    .and_then(|b| serde_json::from_slice(&b).ok())
                    .unwrap_or_default();
                if meta["headline"] != c["title"] || meta["description_text"] != c["lead"] {
                    problems.push(format!(
                        "Tiêu đề hoặc sapo trong {JSON_FILE} khác nội dung đã duyệt."
                    ));
                }
            }
        },
    }
    if let Some(conn) = conn {
        let id = id.as_str();
        let profile = manifest["profile"]["id"].as_str().unwrap_or_default();
        let known: Option<String> = conn
            .query_row(
                "SELECT manifest_sha256 FROM exports WHERE article_id = ?1 AND profile_id = ?2",
                [id, profile],
                |r| r.get(0),
            )
            .optional()?;
        match known {
            Some(m) if m == sha(&manifest_bytes) => recorded = Some(true),
            Some(_) => {
                recorded = Some(false);
                problems.push(
                    "manifest.json khác manifest tòa soạn ghi lại khi xuất bài này lần cuối: gói đã bị sửa, hoặc là bản xuất cũ."
                        .into(),
                );
            }
            None => notes.push(
                "Thư mục dữ liệu này chưa từng xuất bài này: chỉ kiểm được theo manifest của gói."
                    .into(),
            ),
        }
        if let Some(a) = &approval {
            let approved: bool = conn
                .query_row(
                    "SELECT 1 FROM approvals WHERE article_id = ?1 AND content_sha256 = ?2",
                    [id, a.content_sha256.as_str()],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if !approved && recorded.is_some() {
                problems.push("Tòa soạn không có bản duyệt nào với nội dung này.".into());
            }
        }
    }
    Ok(Verification {
        verified: problems.is_empty(),
        approval,
        recorded,
        problems,
        notes,
    })
}
