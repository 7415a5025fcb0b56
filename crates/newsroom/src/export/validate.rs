//! The package validator: what every package must be before it leaves (and what `newsroom validate`
//! says about a package on disk).
//!
//! - `manifest.json` lists every other file with its size and SHA-256, and nothing else.
//! - `index.html` and `article.html` parse without an HTML error.
//! - No script except one `application/ld+json` block in `index.html`; no `on*` attribute, no
//!   `iframe`, `object`, `embed`, `svg`, `math`, `form`, `base` or `link`.
//! - Every resource (`src`, `srcset`, `poster`, CSS `url(...)`) is a file inside the package: no
//!   absolute path, no `..`, no scheme, nothing fetched from elsewhere. Links (`<a href>`) may point
//!   outside, but only over http(s), mailto or tel, or to a file of the package.
//! - Every `img` has a non-empty `alt` and numeric `width` and `height`.
//! - `article.json` parses, and every rendition it names is in the package; from format 2,
//!   `dublin-core.json` is there with its identifier.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use scraper::{Html, Selector};

use super::package::{FORMAT, FORMAT_VERSION, files_in};
use super::{ARTICLE_FILE, DC_FILE, INDEX_FILE, JSON_FILE, MANIFEST_FILE};
use crate::{Error, Result};

/// Largest file the validator reads, in bytes (a package's own files are far smaller).
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Problems of the package folder `dir`, in Vietnamese, one per item; empty when it is valid.
/// Fails only when the folder cannot be read.
pub fn validate(dir: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let files = files_in(dir)?;
    let on_disk: BTreeMap<&str, &Path> = files
        .iter()
        .map(|(r, p)| (r.as_str(), p.as_path()))
        .collect();
    let manifest = check_manifest(&on_disk, &mut problems);
    let version = manifest.as_ref().and_then(|m| m["format_version"].as_u64());
    for name in [INDEX_FILE, ARTICLE_FILE] {
        match read_text(&on_disk, name) {
            Ok(text) => check_html(name, &text, name == INDEX_FILE, &on_disk, &mut problems),
            Err(p) => problems.push(p),
        }
    }
    match read_text(&on_disk, JSON_FILE) {
        Ok(text) => check_json(&text, &on_disk, &mut problems),
        Err(p) => problems.push(p),
    }
    // Format 2 keeps the Dublin Core elements in a file of their own, and the manifest names each
    // rendition's file.
    if let Some(m) = manifest
        .as_ref()
        .filter(|_| version.is_some_and(|v| v >= 2))
    {
        check_renditions(m, &on_disk, &mut problems);
        match read_text(&on_disk, DC_FILE) {
            Ok(text) => {
                let dc: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
                if dc["identifier"].as_str().is_none_or(str::is_empty) {
                    problems.push(format!("{DC_FILE} không đọc được hoặc thiếu identifier."));
                }
            }
            Err(p) => problems.push(p),
        }
    }
    Ok(problems)
}

fn read_text(files: &BTreeMap<&str, &Path>, name: &str) -> std::result::Result<String, String> {
    let path = files
        .get(name)
        .ok_or_else(|| format!("Thiếu tệp {name}."))?;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_FILE_BYTES {
        return Err(format!("{name} lớn bất thường ({size} byte)."));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("Không đọc được {name}: {e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{name} không phải văn bản UTF-8."))
}

/// Checks `manifest.json` against the files; returns it when it could be read and is of a format
/// this version knows.
fn check_manifest(
    files: &BTreeMap<&str, &Path>,
    problems: &mut Vec<String>,
) -> Option<serde_json::Value> {
    let text = match read_text(files, MANIFEST_FILE) {
        Ok(t) => t,
        Err(p) => {
            problems.push(p);
            return None;
        }
    };
    let value: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            problems.push(format!("{MANIFEST_FILE} không đọc được: {e}"));
            return None;
        }
    };
    if value["format"] != FORMAT {
        problems.push(format!("{MANIFEST_FILE} không phải của một gói Tòa soạn."));
        return None;
    }
    if value["format_version"]
        .as_u64()
        .is_none_or(|v| v > u64::from(FORMAT_VERSION))
    {
        problems.push(format!(
            "{MANIFEST_FILE} thuộc định dạng mới hơn (phiên bản {}); hãy cập nhật ứng dụng.",
            value["format_version"]
        ));
        return None;
    }
    let mut listed = BTreeSet::new();
    for f in value["files"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let (Some(path), Some(size), Some(sha)) =
            (f["path"].as_str(), f["size"].as_u64(), f["sha256"].as_str())
        else {
            problems.push(format!(
                "{MANIFEST_FILE} có một mục thiếu path, size hoặc sha256."
            ));
            continue;
        };
        listed.insert(path);
        let Some(disk) = files.get(path) else {
            problems.push(format!(
                "Tệp {path} có trong {MANIFEST_FILE} nhưng không có trong gói."
            ));
            continue;
        };
        let len = std::fs::metadata(disk).map(|m| m.len()).unwrap_or(u64::MAX);
        if len != size {
            problems.push(format!(
                "Tệp {path} dài {len} byte, {MANIFEST_FILE} ghi {size}."
            ));
            continue;
        }
        let digest = std::fs::read(disk)
            .map(|b| newsroom_base::sha256_hex(&b))
            .unwrap_or_default();
        if digest != sha {
            problems.push(format!(
                "Tệp {path} đã bị thay đổi (SHA-256 không khớp {MANIFEST_FILE})."
            ));
        }
    }
    for name in files.keys() {
        if *name != MANIFEST_FILE && !listed.contains(name) {
            problems.push(format!("Tệp {name} không có trong {MANIFEST_FILE}."));
        }
    }
    Some(value)
}

/// Every rendition the manifest names (`renditions`: picture → width → file) is a file of the package.
fn check_renditions(
    manifest: &serde_json::Value,
    files: &BTreeMap<&str, &Path>,
    problems: &mut Vec<String>,
) {
    let Some(pictures) = manifest["renditions"].as_object() else {
        problems.push(format!("{MANIFEST_FILE} thiếu renditions."));
        return;
    };
    for (key, renditions) in pictures {
        for (width, file) in renditions.as_object().into_iter().flatten() {
            let file = file.as_str().unwrap_or_default();
            if !package_path(file).is_some_and(|p| files.contains_key(p.as_str())) {
                problems.push(format!(
                    "{MANIFEST_FILE}: {key} {width} trỏ tới “{file}”, không có trong gói."
                ));
            }
        }
    }
}

/// Whether `url` names a file of the package, relative to the package root; the file's path if so.
fn package_path(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty()
        || url.starts_with('/')
        || url.starts_with('\\')
        || url.contains(':')
        || url.contains('\\')
    {
        return None;
    }
    let path = url.split(['#', '?']).next().unwrap_or_default();
    let decoded = percent_decode(path)?;
    if decoded
        .split('/')
        .any(|part| part == ".." || part.is_empty())
    {
        return None;
    }
    Some(decoded.trim_start_matches("./").to_string())
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

const FORBIDDEN: &[&str] = &[
    "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "form", "base",
    "link", "portal", "template",
];

fn selector(s: &str) -> Selector {
    // The selectors are constants of this file; a typo is caught by its tests.
    Selector::parse(s).unwrap_or_else(|_| Selector::parse("*").unwrap_or_else(|_| unreachable!()))
}

fn check_html(
    name: &str,
    text: &str,
    page: bool,
    files: &BTreeMap<&str, &Path>,
    problems: &mut Vec<String>,
) {
    let html = if page {
        Html::parse_document(text)
    } else {
        Html::parse_fragment(text)
    };
    for e in html.errors.iter().take(5) {
        problems.push(format!("{name}: lỗi cú pháp HTML: {e}"));
    }
    let mut ld = 0;
    for el in html.select(&selector("*")) {
        let tag = el.value().name();
        if FORBIDDEN.contains(&tag) {
            problems.push(format!("{name}: có thẻ <{tag}> không được phép."));
        }
        if tag == "script" {
            if page
                && el.value().attr("type") == Some("application/ld+json")
                && el.value().attrs().count() == 1
            {
                ld += 1;
                let body: String = el.text().collect();
                if serde_json::from_str::<serde_json::Value>(&body).is_err() {
                    problems.push(format!("{name}: khối JSON-LD không đọc được."));
                }
            } else {
                problems.push(format!("{name}: có mã script không được phép."));
            }
        }
        if tag == "meta" && el.value().attr("http-equiv").is_some() {
            problems.push(format!("{name}: có thẻ <meta http-equiv> không được phép."));
        }
        if tag == "style" {
            let css: String = el.text().collect::<String>().to_ascii_lowercase();
            if css.contains("url(") || css.contains("@import") || css.contains("expression(") {
                problems.push(format!(
                    "{name}: CSS tải tài nguyên (url/@import) không được phép."
                ));
            }
        }
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                problems.push(format!(
                    "{name}: thuộc tính {attr} trên <{tag}> không được phép."
                ));
            }
            if attr == "style" && value.to_ascii_lowercase().contains("url(") {
                problems.push(format!(
                    "{name}: thuộc tính style tải tài nguyên không được phép."
                ));
            }
            let urls: Vec<&str> = match attr.as_str() {
                "src" | "poster" | "data" | "background" | "xlink:href" | "formaction"
                | "action" => vec![value],
                "srcset" => value
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next())
                    .collect(),
                "href" => {
                    let lower = value.trim().to_ascii_lowercase();
                    if ["http://", "https://", "mailto:", "tel:"]
                        .iter()
                        .any(|p| lower.starts_with(p))
                        || lower.starts_with('#')
                    {
                        vec![]
                    } else {
                        vec![value]
                    }
                }
                _ => vec![],
            };
            for url in urls {
                match package_path(url) {
                    Some(path) if files.contains_key(path.as_str()) => {}
                    Some(path) => problems.push(format!(
                        "{name}: <{tag} {attr}> trỏ tới {path}, không có trong gói."
                    )),
                    None => problems.push(format!(
                        "{name}: <{tag} {attr}=\"{}\"> trỏ ra ngoài gói.",
                        url.chars().take(80).collect::<String>()
                    )),
                }
            }
        }
        if tag == "img" {
            let v = el.value();
            if v.attr("alt").is_none_or(|a| a.trim().is_empty()) {
                problems.push(format!(
                    "{name}: ảnh {} thiếu mô tả (alt).",
                    v.attr("src").unwrap_or("?")
                ));
            }
            for dim in ["width", "height"] {
                if v.attr(dim).and_then(|w| w.parse::<u32>().ok()).is_none() {
                    problems.push(format!(
                        "{name}: ảnh {} thiếu {dim}.",
                        v.attr("src").unwrap_or("?")
                    ));
                }
            }
        }
    }
    if page && ld != 1 {
        problems.push(format!("{name}: cần đúng một khối JSON-LD, có {ld}."));
    }
}

fn check_json(text: &str, files: &BTreeMap<&str, &Path>, problems: &mut Vec<String>) {
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            problems.push(format!("{JSON_FILE} không đọc được: {e}"));
            return;
        }
    };
    for field in ["uri", "headline", "language"] {
        // A package of format 1 named its identifier `guid`.
        let present = |f: &str| value[f].as_str().is_some_and(|v| !v.is_empty());
        let found = present(field) || (field == "uri" && present("guid"));
        if !found {
            problems.push(format!("{JSON_FILE} thiếu {field}."));
        }
    }
    if let Some(assoc) = value["associations"].as_object() {
        for (key, pic) in assoc {
            for r in pic["renditions"]
                .as_object()
                .into_iter()
                .flat_map(|m| m.values())
            {
                // From format 2 an href is where the portal will serve the file (an absolute
                // http(s) address), or absent; in format 1 it was the file in the package.
                let Some(href) = r["href"].as_str() else {
                    continue;
                };
                let served = ["https://", "http://"].iter().any(|s| href.starts_with(s));
                if !served && !package_path(href).is_some_and(|p| files.contains_key(p.as_str())) {
                    problems.push(format!(
                        "{JSON_FILE}: {key} trỏ tới “{href}”, không có trong gói."
                    ));
                }
            }
        }
    }
}

/// What in `html` could run script or load from elsewhere, whatever the files around it: script
/// elements (but the one JSON-LD block of a page), `on*` attributes, frames, objects, SVG/MathML,
/// forms, and URLs with a scheme other than http(s), mailto, tel, or `data:image/` for images.
/// Used on the in-app preview, which shows photos as `data:` URLs.
pub fn script_problems(html: &str, page: bool) -> Vec<String> {
    let doc = if page {
        Html::parse_document(html)
    } else {
        Html::parse_fragment(html)
    };
    let mut problems = Vec::new();
    for el in doc.select(&selector("*")) {
        let v = el.value();
        let tag = v.name();
        if FORBIDDEN.contains(&tag) {
            problems.push(format!("<{tag}>"));
        }
        if tag == "script"
            && !(page && v.attr("type") == Some("application/ld+json") && v.attrs().count() == 1)
        {
            problems.push("<script>".to_string());
        }
        if tag == "meta" && v.attr("http-equiv").is_some() {
            problems.push("<meta http-equiv>".to_string());
        }
        for (attr, value) in v.attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                problems.push(format!("{attr} on <{tag}>"));
            }
            if attr == "style" {
                problems.push(format!("style on <{tag}>"));
            }
            if matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "srcset"
                    | "action"
                    | "formaction"
                    | "poster"
                    | "data"
                    | "xlink:href"
                    | "background"
            ) {
                let compact: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                // A scheme as browsers read one (after dropping tabs and newlines); anything else
                // before a colon ("jav%09ascript") makes a relative address.
                let scheme = compact.split_once(':').map(|(s, _)| s).filter(|s| {
                    s.starts_with(|c: char| c.is_ascii_alphabetic())
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                });
                let ok = match scheme {
                    None => true,
                    Some("http" | "https" | "mailto" | "tel") => true,
                    Some("data") => {
                        tag == "img"
                            && compact.starts_with("data:image/")
                            && !compact.starts_with("data:image/svg")
                    }
                    Some(_) => false,
                };
                if !ok {
                    problems.push(format!(
                        "{attr}=\"{}\" on <{tag}>",
                        value.chars().take(60).collect::<String>()
                    ));
                }
            }
        }
    }
    problems
}

/// Checks the package folder `dir` and fails with every problem found.
pub fn ensure_valid(dir: &Path) -> Result<()> {
    let problems = validate(dir)?;
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::InvalidPackage {
            path: dir.to_path_buf(),
            problems: problems.join("\n"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_paths() {
        assert_eq!(
            package_path("images/a-1-800.jpg").as_deref(),
            Some("images/a-1-800.jpg")
        );
        assert_eq!(
            package_path("./images/a%20b.jpg").as_deref(),
            Some("images/a b.jpg")
        );
        for bad in [
            "/etc/passwd",
            "../x.jpg",
            "images/../../x",
            "https://evil.example/x.jpg",
            "//evil/x",
            "javascript:alert(1)",
            "data:image/png;base64,AAAA",
            "C:\\x",
            "images//x",
            "",
        ] {
            assert_eq!(package_path(bad), None, "{bad}");
        }
    }

    fn write_package(dir: &Path, index: &str) {
        std::fs::write(dir.join(INDEX_FILE), index).expect("write");
        std::fs::write(dir.join(ARTICLE_FILE), "<p>x</p>").expect("write");
        std::fs::write(
            dir.join(JSON_FILE),
            r#"{"uri":"urn:x","headline":"x","language":"vi","associations":{}}"#,
        )
        .expect("write");
        std::fs::write(dir.join(DC_FILE), r#"{"identifier":"urn:x"}"#).expect("write");
        let manifest =
            super::super::package::manifest(dir, &crate::profile::Profile::default(), None, &[])
                .expect("manifest");
        std::fs::write(dir.join(MANIFEST_FILE), manifest).expect("write");
    }

    #[test]
    fn the_manifest_renditions_and_dublin_core_are_checked() {
        let d = tempfile::tempdir().expect("tempdir");
        write_package(d.path(), GOOD);
        let path = d.path().join(MANIFEST_FILE);
        let mut manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("json");
        manifest["renditions"] = serde_json::json!({ "anh1": { "w800": "images/none.jpg" } });
        std::fs::write(&path, manifest.to_string()).expect("write");
        let problems = validate(d.path()).expect("validate");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("anh1 w800") && p.contains("images/none.jpg")),
            "{problems:?}"
        );
        write_package(d.path(), GOOD);
        std::fs::write(d.path().join(DC_FILE), "{}").expect("write");
        let problems = validate(d.path()).expect("validate");
        assert!(
            problems
                .iter()
                .any(|p| p.contains(DC_FILE) && p.contains("identifier")),
            "{problems:?}"
        );
    }

    const GOOD: &str = "<!DOCTYPE html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>x</title>\
        <script type=\"application/ld+json\">{}</script></head><body><p>x</p></body></html>";

    #[test]
    fn a_clean_package_passes_and_each_fault_is_named() {
        let d = tempfile::tempdir().expect("tempdir");
        write_package(d.path(), GOOD);
        assert_eq!(validate(d.path()).expect("validate"), Vec::<String>::new());
        let faults = [
            (
                "<img src=\"images/none.jpg\" alt=\"a\" width=\"1\" height=\"1\">",
                "không có trong gói",
            ),
            (
                "<img src=\"https://evil.example/p.jpg\" alt=\"a\" width=\"1\" height=\"1\">",
                "ra ngoài gói",
            ),
            ("<p onclick=\"x()\">x</p>", "onclick"),
            ("<script>alert(1)</script>", "script"),
            ("<iframe src=\"x.html\"></iframe>", "<iframe>"),
            ("<a href=\"javascript:alert(1)\">x</a>", "ra ngoài gói"),
            ("<p>x</b></p>", "cú pháp"),
        ];
        for (fault, expect) in faults {
            let page = GOOD.replace("<p>x</p>", fault);
            write_package(d.path(), &page);
            let problems = validate(d.path()).expect("validate");
            assert!(
                problems.iter().any(|p| p.contains(expect)),
                "{fault}: {problems:?}"
            );
        }
        write_package(d.path(), GOOD);
        std::fs::write(d.path().join(ARTICLE_FILE), "<p>y</p>").expect("tamper");
        std::fs::write(d.path().join("extra.txt"), "x").expect("extra");
        let problems = validate(d.path()).expect("validate");
        assert!(
            problems.iter().any(|p| p.contains("SHA-256")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("extra.txt")),
            "{problems:?}"
        );
        assert!(ensure_valid(d.path()).is_err());
    }
}
