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
                // Keys that say roles are a newsroom's; a folder on its own approves its own
                // writer's work.
                let newsroom = trusted.iter().flatten().any(|k| k.role.is_some());
                match c["creator"].as_str() {
                    Some("") if newsroom => problems.push(
                        "Nội dung được duyệt không ghi người viết bài.".into(),
                    ),
                    Some(creator) => {
                        if let Err(why) = crate::signing::not_own(&a.approver, creator) {
                            if newsroom {
                                problems.push(format!("{}.", why.vi()));
                            } else {
                                notes.push(format!("{} (thư mục dùng riêng).", why.vi()));
                            }
                        }
                    }
                    None => notes.push(
                        "Bản duyệt dạng cũ (trước dạng 4) không ghi người viết bài: chưa kiểm được bài có do chính người duyệt viết hay không."
                            .into(),
                    ),
                }
                if c["scheme"].as_i64().is_some_and(|s| s >= 2) {
                    problems.extend(page_problems(dir, &c, &manifest, &meta));
                } else {
                    notes.push(
                        "Bản duyệt cũ (dạng 1): trang không được dựng lại để so với nội dung đã duyệt."
                            .into(),
                    );
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

/// The pages of the package made again from the approved content (`content.json`) and the
/// profile's printed part it binds, compared with what the package holds: `article.html` byte for
/// byte, the body of `article.json`, and the body of `index.html` (all but the list of older
/// articles, which no approval covers, and the head, whose style sheet is the app version's). A
/// page rewritten with its manifest recomputed fails here, on a machine that never saw the
/// newsroom. The pictures are placed as the manifest names their files; from scheme 5 their bytes
/// are the approved ones (`picture_problems`); before, the manifest alone binds them.
fn page_problems(
    dir: &Path,
    content: &serde_json::Value,
    manifest: &serde_json::Value,
    meta: &serde_json::Value,
) -> Vec<String> {
    use crate::markdown::{FigureView, escape_text as e, to_html_with};
    let mut problems = Vec::new();
    let Ok(profile) =
        serde_json::from_value::<crate::profile::Profile>(manifest["profile"].clone())
    else {
        return vec![
            "Không đọc được hồ sơ cổng trong manifest.json: không dựng lại được trang để so với nội dung đã duyệt."
                .into(),
        ];
    };
    // The profile the page was made with must print what the approval covers.
    let printed = serde_json::to_value(&profile).unwrap_or_default();
    if let Some(page) = content["page"].as_object()
        && page.iter().any(|(k, v)| printed[k] != *v)
    {
        problems.push(
            "Hồ sơ cổng trong manifest.json in trên trang khác phần đã được duyệt (tên cổng, sapo, thời gian, tác giả hoặc chân trang)."
                .into(),
        );
    }
    let text = |k: &str| content[k].as_str().unwrap_or_default().to_string();
    let list = |k: &str| -> Vec<String> {
        content[k]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let credits: std::collections::HashMap<u64, String> = content["figures"]
        .as_array()
        .map(|fs| {
            fs.iter()
                .filter_map(|f| {
                    Some((
                        f["n"].as_u64()?,
                        f["credit"].as_str().unwrap_or_default().to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();
    // Where each figure is placed: its renditions as the manifest names them, widest first (as
    // they are exported), the main one's size read from its file. Made once for both pages; only
    // regular files of the package are read (a manifest may name any path).
    let files: std::collections::HashMap<String, std::path::PathBuf> =
        super::package::files_in(dir)
            .unwrap_or_default()
            .into_iter()
            .collect();
    let size_of = |rel: &str| -> Option<(u32, u32)> {
        let path = files.get(rel)?;
        let meta = std::fs::symlink_metadata(path).ok()?;
        if !meta.is_file() || meta.len() > crate::media::MAX_FILE_BYTES {
            return None;
        }
        let c = crate::media::check_bytes(rel, std::fs::read(path).ok()?).ok()?;
        Some((c.width, c.height))
    };
    let mut placed: std::collections::HashMap<u32, FigureView> = std::collections::HashMap::new();
    if let Some(all) = manifest["renditions"].as_object() {
        for (key, files) in all {
            let Some(n) = key.strip_prefix("anh").and_then(|n| n.parse::<u32>().ok()) else {
                continue;
            };
            let Some(files) = files.as_object() else {
                continue;
            };
            let mut rs: Vec<(u32, String)> = files
                .iter()
                .filter_map(|(w, path)| {
                    Some((
                        w.strip_prefix('w')?.parse().ok()?,
                        path.as_str()?.to_string(),
                    ))
                })
                .collect();
            rs.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            let main = rs
                .iter()
                .filter(|r| r.0 >= 800)
                .min_by_key(|r| r.0)
                .or_else(|| rs.iter().max_by_key(|r| r.0));
            if let Some((_, src)) = main
                && let Some((width, height)) = size_of(src)
            {
                placed.insert(
                    n,
                    FigureView {
                        src: src.clone(),
                        srcset: rs.iter().map(|(w, p)| (p.clone(), *w)).collect(),
                        width,
                        height,
                        alt: String::new(),
                        caption: String::new(),
                        credit: credits.get(&u64::from(n)).cloned().unwrap_or_default(),
                    },
                );
            }
        }
    }
    let figure = |n: u32, alt: &str, caption: &str| -> Option<FigureView> {
        Some(FigureView {
            alt: alt.to_string(),
            caption: caption.to_string(),
            ..placed.get(&n)?.clone()
        })
    };
    // Scheme 3 covers the lead picture: the manifest's must be the approved one.
    if content["scheme"].as_i64().is_some_and(|s| s >= 3) {
        let lead = content["figures"].as_array().and_then(|fs| {
            fs.iter()
                .find(|f| f["lead"].as_bool() == Some(true))
                .and_then(|f| f["n"].as_u64())
                .map(|n| format!("anh{n}"))
        });
        if manifest["lead_picture"].as_str().map(str::to_string) != lead {
            problems.push("Ảnh đại diện trong manifest.json khác ảnh đã được duyệt.".into());
        }
    }
    // Scheme 5 names each picture's files: the package must show exactly those bytes.
    if content["scheme"].as_i64().is_some_and(|s| s >= 5) {
        problems.extend(picture_problems(content, manifest, &files));
    }
    let body = text("body");
    let fragment = to_html_with(&body, &figure);
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    if read(super::ARTICLE_FILE) != fragment {
        problems.push(format!(
            "{} khác bài đã duyệt (dựng lại từ {CONTENT_FILE}).",
            super::ARTICLE_FILE
        ));
    }
    if meta["body_html"].as_str() != Some(fragment.as_str()) {
        problems.push(format!("Nội dung bài trong {JSON_FILE} khác bài đã duyệt."));
    }
    let now = chrono::Utc::now();
    let article = crate::articles::Article {
        id: String::new(),
        title: text("title"),
        lead: text("lead"),
        body,
        authors: list("authors"),
        category: text("category"),
        tags: list("tags"),
        source: text("source"),
        slug: String::new(),
        slug_manual: false,
        status: crate::status::Status::Approved,
        scheduled_at: None,
        created_at: now,
        updated_at: now,
        revision: 0,
        word_count: 0,
        reading_minutes: 0,
    };
    let expected =
        super::render_index_with(&article, &profile, &figure, &super::PageExtras::default());
    // The time line as approved (the page prints the approved instant, not the one used here).
    let time_line = format!(
        "<p class=\"time-line\">{} {}</p>",
        e(&profile.time_label),
        e(&text("time"))
    );
    let expected = replace_element(&expected, "<p class=\"time-line\">", "</p>", &time_line);
    let page = read(super::INDEX_FILE);
    let body_of = |html: &str| -> Option<String> {
        let start = html.find("<body>")?;
        let end = html.rfind("</body>")?;
        Some(replace_element(
            html.get(start..end)?,
            "<section class=\"older\">",
            "</section>\n",
            "",
        ))
    };
    let title_ok = page.contains(&format!("<title>{}</title>", e(&article.title)));
    if body_of(&page).is_none() || body_of(&page) != body_of(&expected) || !title_ok {
        problems.push(format!(
            "{} khác bài đã duyệt (dựng lại từ {CONTENT_FILE} và hồ sơ cổng).",
            super::INDEX_FILE
        ));
    }
    problems
}

/// Each approved picture's files (scheme 5: width and SHA-256 of each rendition) against the files
/// the manifest gives it in the package, read from the package itself: a picture swapped, added or
/// dropped fails, whatever the manifest's hashes say.
fn picture_problems(
    content: &serde_json::Value,
    manifest: &serde_json::Value,
    files: &std::collections::HashMap<String, std::path::PathBuf>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let figures = content["figures"].as_array().cloned().unwrap_or_default();
    let mut approved_keys = std::collections::BTreeSet::new();
    for f in &figures {
        let Some(n) = f["n"].as_u64() else { continue };
        let key = format!("anh{n}");
        approved_keys.insert(key.clone());
        let mut approved: Vec<(u64, String)> = f["renditions"]
            .as_array()
            .map(|rs| {
                rs.iter()
                    .map(|r| {
                        (
                            r["width"].as_u64().unwrap_or_default(),
                            r["sha256"].as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        approved.sort();
        let mut shown: Vec<(u64, String)> = manifest["renditions"][&key]
            .as_object()
            .map(|rs| {
                rs.iter()
                    .map(|(w, path)| {
                        let width = w
                            .strip_prefix('w')
                            .and_then(|w| w.parse().ok())
                            .unwrap_or_default();
                        let hash = path
                            .as_str()
                            .and_then(|p| files.get(p))
                            .filter(|p| {
                                std::fs::symlink_metadata(p).is_ok_and(|m| {
                                    m.is_file() && m.len() <= crate::media::MAX_FILE_BYTES
                                })
                            })
                            .and_then(|p| std::fs::read(p).ok())
                            .map(|b| sha(&b))
                            .unwrap_or_default();
                        (width, hash)
                    })
                    .collect()
            })
            .unwrap_or_default();
        shown.sort();
        if shown != approved {
            problems.push(format!(
                "Ảnh số {n} trong gói khác ảnh đã được duyệt (tệp ảnh bị thay, thêm hoặc bớt)."
            ));
        }
    }
    let extra: Vec<&String> = manifest["renditions"]
        .as_object()
        .map(|all| all.keys().filter(|k| !approved_keys.contains(*k)).collect())
        .unwrap_or_default();
    if !extra.is_empty() {
        problems.push(format!(
            "Gói có ảnh không nằm trong bài đã duyệt: {}.",
            extra
                .iter()
                .map(|k| k.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    problems
}

/// `html` with its first element starting `open` and ending at the next `close` replaced by `with`.
fn replace_element(html: &str, open: &str, close: &str, with: &str) -> String {
    let Some(start) = html.find(open) else {
        return html.to_string();
    };
    let Some(len) = html[start..].find(close) else {
        return html.to_string();
    };
    let end = start + len + close.len();
    format!("{}{with}{}", &html[..start], &html[end..])
}
