//! Hostile files end to end through the `newsroom` CLI (SECURITY.md): images, bundles, backups,
//! profiles and HTML bodies that are broken, oversized or built to attack. Each is refused with
//! a clear Vietnamese message and exit code 1, or — odd but valid images — taken correctly; either
//! way nothing partial is written and nothing already stored changes.

use std::io::Write;
use std::path::{Path, PathBuf};

use newsroom_e2e::newsroom;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/hostile")
        .join(name)
}

fn ok(data: &Path, args: &[&str]) -> String {
    let r = newsroom(data, args, None);
    assert_eq!(r.code, Some(0), "{args:?}: {}{}", r.stdout, r.stderr);
    r.stdout
}

/// Everything a user could see of the newsroom, and every file in its folder (but the database's
/// own files, whose bytes move with checkpoints): equal before and after means nothing changed.
fn fingerprint(data: &Path, id: &str) -> String {
    let mut s = String::new();
    for args in [
        vec!["--json", "list"],
        vec!["--json", "show", id],
        vec!["--json", "photo", "list", id],
        vec!["--json", "comments", id],
        vec!["--json", "profile", "list"],
        vec!["--json", "history", id],
    ] {
        s.push_str(&ok(data, &args));
    }
    let mut files = Vec::new();
    walk(data, data, &mut files);
    files.sort();
    s.push_str(&files.join("\n"));
    s
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).expect("read_dir") {
        let p = e.expect("entry").path();
        let rel = p.strip_prefix(root).expect("under").display().to_string();
        if rel.starts_with("newsroom.db") {
            continue;
        }
        if p.is_dir() {
            walk(root, &p, out);
        } else {
            let len = std::fs::metadata(&p).expect("meta").len();
            out.push(format!("{rel} {len}"));
        }
    }
}

/// A newsroom with one article, its photo and a comment, and a bundle and a backup of it.
fn newsroom_with_an_article(tmp: &Path) -> (PathBuf, String, PathBuf, PathBuf) {
    let data = tmp.join("data");
    let id = newsroom(
        &data,
        &[
            "new",
            "--title",
            "Bài đã có",
            "--lead",
            "Sapo",
            "--body-file",
            "-",
        ],
        Some("Đoạn một.\n\nĐoạn hai."),
    )
    .stdout
    .trim()
    .to_string();
    assert!(!id.is_empty());
    ok(
        &data,
        &[
            "photo",
            "add",
            &id,
            fixture("cmyk.jpg").to_str().expect("utf8"),
            "--alt",
            "Ảnh",
            "--credit",
            "Hoàng Tùng",
        ],
    );
    ok(&data, &["comment", &id, "--text", "Nhận xét"]);
    let bundle = tmp.join("bai.toasoan");
    ok(
        &data,
        &[
            "bundle",
            "export",
            &id,
            "--out",
            bundle.to_str().expect("utf8"),
        ],
    );
    let backup = tmp.join("sao-luu.zip");
    ok(&data, &["backup", "--out", backup.to_str().expect("utf8")]);
    (data, id, bundle, backup)
}

fn entries(zip_file: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(zip_file).expect("open")).expect("zip");
    (0..z.len())
        .map(|i| {
            let mut e = z.by_index(i).expect("entry");
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut e, &mut b).expect("read");
            (e.name().expect("name").to_string(), b)
        })
        .collect()
}

fn rezip(
    items: &[(String, Vec<u8>)],
    extra: impl FnOnce(&mut zip::ZipWriter<std::fs::File>),
    out: &Path,
) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(out).expect("create"));
    let opts = zip::write::SimpleFileOptions::default();
    for (n, b) in items {
        z.start_file(n.as_str(), opts).expect("start");
        z.write_all(b).expect("write");
    }
    extra(&mut z);
    z.finish().expect("finish");
}

/// `items` and one more entry named `extra`, zipped into `out`.
fn with_extra(items: &[(String, Vec<u8>)], extra: &str, out: &Path) -> PathBuf {
    rezip(
        items,
        |z| {
            z.start_file(extra, zip::write::SimpleFileOptions::default())
                .expect("start");
            z.write_all(b"x").expect("write");
        },
        out,
    );
    out.to_path_buf()
}

#[test]
fn hostile_files_are_refused_clearly_and_change_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (data, id, bundle, backup) = newsroom_with_an_article(tmp.path());
    let before = fingerprint(&data, &id);
    let path = |name: &str| tmp.path().join(name);
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(path(name), bytes).expect("write");
        path(name)
    };

    // Bundles built from the real one.
    let good = entries(&bundle);
    let slip = with_extra(&good, "../../evil.txt", &path("slip.toasoan"));
    let absolute = with_extra(&good, "/tmp/evil.txt", &path("absolute.toasoan"));
    let link = path("link.toasoan");
    rezip(
        &good,
        |z| {
            z.add_symlink(
                "photos/link",
                "/etc/passwd",
                zip::write::SimpleFileOptions::default(),
            )
            .expect("link");
        },
        &link,
    );
    let bomb = path("bomb.toasoan");
    let without_revisions: Vec<(String, Vec<u8>)> = good
        .iter()
        .filter(|(n, _)| n != "revisions.json")
        .cloned()
        .collect();
    rezip(
        &without_revisions,
        |z| {
            z.start_file("revisions.json", zip::write::SimpleFileOptions::default())
                .expect("start");
            let spaces = vec![b' '; 1024 * 1024];
            for _ in 0..80 {
                z.write_all(&spaces).expect("write");
            }
        },
        &bomb,
    );
    let newer = path("newer.toasoan");
    let bumped: Vec<(String, Vec<u8>)> = good
        .iter()
        .map(|(n, b)| {
            let b = if n == "bundle.json" {
                let mut v: serde_json::Value = serde_json::from_slice(b).expect("bundle.json");
                v["format_version"] = 99.into();
                serde_json::to_vec_pretty(&v).expect("json")
            } else {
                b.clone()
            };
            (n.clone(), b)
        })
        .collect();
    rezip(&bumped, |_| {}, &newer);
    let bundle_bytes = std::fs::read(&bundle).expect("read");
    let truncated_bundle = write("cut.toasoan", &bundle_bytes[..bundle_bytes.len() / 2]);

    // Backups.
    let backup_bytes = std::fs::read(&backup).expect("read");
    let truncated_backup = write("cut-backup.zip", &backup_bytes[..backup_bytes.len() / 2]);
    let slip_backup = with_extra(
        &entries(&backup),
        "../../../evil.db",
        &path("slip-backup.zip"),
    );

    // Profiles.
    let profile: Value =
        serde_json::from_str(&ok(&data, &["--json", "profile", "show"])).expect("json");
    let mut unknown = profile.clone();
    unknown["script"] = Value::from("<script>alert(1)</script>");
    let mut zero_width = profile.clone();
    zero_width["id"] = Value::from("khac");
    zero_width["rendition_widths"] = serde_json::json!([0]);
    let huge = format!(
        "{{\"id\": \"x\", \"name\": \"{}\"}}",
        "a".repeat(300 * 1024)
    );

    // HTML bodies: 12 MB is over the paste limit.
    let big_html = {
        let para = "<p class=MsoNormal><span style='font-family:\"Times New Roman\"'>Đoàn Kiểm tra làm việc tại Sở Tài nguyên và Môi trường.</span></p>\n";
        write(
            "rat-lon.html",
            para.repeat(12 * 1024 * 1024 / para.len() + 1).as_bytes(),
        )
    };

    // Word files: an old .doc, a protected one, a bomb, a DTD, a picture linked from outside.
    let old_doc = {
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.resize(8192, 0);
        write("cu.doc", &b)
    };
    let protected = {
        let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        b.resize(4096, 0);
        b.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
        write("mat-khau.docx", &b)
    };
    let docx_bomb = {
        let mut xml = Vec::with_capacity(41 << 20);
        xml.extend_from_slice(
            format!(
                "<w:document {}><w:body><w:p><w:r><w:t>",
                newsroom_docx::testing::NAMESPACES
            )
            .as_bytes(),
        );
        xml.resize(40 << 20, b' ');
        write(
            "bom.docx",
            &newsroom_docx::testing::Builder::new("")
                .raw_document(&xml)
                .build(),
        )
    };
    let docx_dtd = write(
        "dtd.docx",
        &newsroom_docx::testing::Builder::new("")
            .raw_document(b"<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><d>&b;</d>")
            .build(),
    );
    let p = |f: &PathBuf| f.to_str().expect("utf8").to_string();
    let word = |f: &PathBuf| vec!["new".to_string(), "--from".into(), p(f)];
    let text_as_jpg = write("ghi-chu.jpg", "Đây là ghi chú, không phải ảnh.".as_bytes());
    let empty = write("rong.jpg", b"");
    let photo_add = |f: String| vec!["photo".into(), "add".into(), id.clone(), f];
    let bundle_import = |f: String| vec!["bundle".into(), "import".into(), f];
    let restore = |f: String| vec!["restore-backup".into(), f];
    let profile_import = |f: String| vec!["profile".into(), "import".into(), f];
    let cases: Vec<(&str, Vec<String>, &str)> = vec![
        (
            "truncated JPEG",
            vec![
                "photo".into(),
                "add".into(),
                id.clone(),
                p(&fixture("truncated.jpg")),
            ],
            "bị hỏng",
        ),
        (
            "decompression bomb",
            vec![
                "photo".into(),
                "add".into(),
                id.clone(),
                p(&fixture("bomb-60000.jpg")),
            ],
            "megapixel",
        ),
        (
            "text named .jpg",
            photo_add(p(&text_as_jpg)),
            "không phải là ảnh",
        ),
        ("empty file", photo_add(p(&empty)), "tệp rỗng"),
        ("bundle zip-slip", bundle_import(p(&slip)), "mục lạ"),
        (
            "bundle absolute path",
            bundle_import(p(&absolute)),
            "mục lạ",
        ),
        ("bundle symlink", bundle_import(p(&link)), "liên kết"),
        ("bundle bomb", bundle_import(p(&bomb)), "lớn quá"),
        (
            "bundle of a newer format",
            bundle_import(p(&newer)),
            "phiên bản mới hơn",
        ),
        (
            "truncated bundle",
            bundle_import(p(&truncated_bundle)),
            "không phải gói bài",
        ),
        (
            "a photo given as a bundle",
            bundle_import(p(&fixture("cmyk.jpg"))),
            "không phải gói bài",
        ),
        ("truncated backup", restore(p(&truncated_backup)), "sao lưu"),
        ("backup with zip-slip", restore(p(&slip_backup)), "sao lưu"),
        ("a bundle given as a backup", restore(p(&bundle)), "sao lưu"),
        (
            "profile with an unknown field",
            profile_import(p(&write("la.json", unknown.to_string().as_bytes()))),
            "script",
        ),
        (
            "profile with a zero width",
            profile_import(p(&write("rong.json", zero_width.to_string().as_bytes()))),
            "cỡ ảnh",
        ),
        (
            "profile that is not JSON",
            profile_import(p(&write("hong.json", b"{\"id\": \"x\", "))),
            "không phải hồ sơ",
        ),
        (
            "profile of 300 KB",
            profile_import(p(&write("to.json", huge.as_bytes()))),
            "lớn quá",
        ),
        (
            "names list with a bad date",
            vec![
                "profile".into(),
                "names".into(),
                "--from".into(),
                p(&write(
                    "ten.txt",
                    "# cập nhật: hôm qua\nSở Y tế\n".as_bytes(),
                )),
            ],
            "NNNN-TT-NN",
        ),
        ("an old .doc", word(&old_doc), "lưu thành .docx"),
        ("a password-protected .docx", word(&protected), "mật khẩu"),
        ("a .docx bomb", word(&docx_bomb), "lớn quá 32 MB"),
        ("a .docx with a DTD", word(&docx_dtd), "DTD"),
        (
            "a photo given as a .docx",
            word(&fixture("cmyk.jpg")),
            "không phải tệp Word",
        ),
        (
            "12 MB of pasted HTML",
            vec![
                "new".into(),
                "--title".into(),
                "Rất lớn".into(),
                "--body-file".into(),
                p(&big_html),
            ],
            "lớn quá",
        ),
    ];
    let mut report = Vec::new();
    for (what, args, says) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = newsroom(&data, &args, None);
        assert_eq!(
            r.code,
            Some(1),
            "{what}: exit {:?}\n{}{}",
            r.code,
            r.stdout,
            r.stderr
        );
        // The last line (photo imports print progress before it).
        let line = r.stderr.trim().lines().last().unwrap_or_default();
        assert!(
            line.starts_with("newsroom: ") && line.contains(says) && !line.contains("panicked"),
            "{what}: {line}"
        );
        assert_eq!(
            fingerprint(&data, &id),
            before,
            "{what} changed the newsroom"
        );
        report.push(format!(
            "{what}: {}",
            line.chars().take(140).collect::<String>()
        ));
    }
    println!("{}", report.join("\n"));
    // Several megabytes of pasted HTML under the limit are taken, as Markdown.
    let para = "<p class=MsoNormal><b>Đoàn Kiểm tra</b> làm việc tại <i>Sở Tài nguyên và Môi trường</i>.</p>\n";
    let html = write(
        "lon.html",
        para.repeat(3 * 1024 * 1024 / para.len()).as_bytes(),
    );
    let started = std::time::Instant::now();
    let made = newsroom(
        &data,
        &[
            "--json",
            "new",
            "--title",
            "Bài dán lớn",
            "--body-file",
            &p(&html),
        ],
        None,
    );
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    println!("3 MB of HTML taken in {:?}", started.elapsed());
    let made: Value = serde_json::from_str(&made.stdout).expect("json");
    let shown: Value = serde_json::from_str(&ok(
        &data,
        &["--json", "show", made["id"].as_str().expect("id")],
    ))
    .expect("json");
    assert!(
        shown["body"]
            .as_str()
            .expect("body")
            .starts_with("**Đoàn Kiểm tra** làm việc tại *Sở Tài nguyên và Môi trường*.\n\n"),
        "{}",
        &shown["body"].as_str().unwrap_or_default()[..200]
    );
    assert!(
        !path("evil.txt").exists() && !tmp.path().parent().expect("tmp").join("evil.txt").exists()
    );
}

#[test]
fn odd_but_valid_images_are_taken_with_correct_renditions() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let id = newsroom(&data, &["new", "--title", "Ảnh lạ"], None)
        .stdout
        .trim()
        .to_string();
    for (file, w, h) in [
        ("cmyk.jpg", 64, 48),
        ("gray16.png", 40, 30),
        ("animated.png", 32, 24),
        ("animated.webp", 32, 24),
        ("tall-1x20000.png", 1, 20000),
        ("wide-20000x1.jpg", 1600, 1),
        ("png-named.jpg", 30, 20),
    ] {
        ok(
            &data,
            &["photo", "add", &id, fixture(file).to_str().expect("utf8")],
        );
        let list: Value =
            serde_json::from_str(&ok(&data, &["--json", "photo", "list", &id])).expect("json");
        let last = list
            .as_array()
            .expect("figures")
            .last()
            .expect("one")
            .clone();
        let largest = last["photo"]["renditions"]
            .as_array()
            .expect("renditions")
            .iter()
            .max_by_key(|r| r["width"].as_u64())
            .expect("a rendition")
            .clone();
        assert_eq!(
            (largest["width"].as_u64(), largest["height"].as_u64()),
            (Some(w), Some(h)),
            "{file}: {largest}"
        );
        // The rendition is a real image of that size, with the picture's colour (CMYK not inverted).
        let path = largest["path"].as_str().expect("path");
        let bytes = std::fs::read(path).expect("read rendition");
        let img = turbojpeg::decompress(&bytes, turbojpeg::PixelFormat::RGB)
            .unwrap_or_else(|e| panic!("{file}: not a JPEG rendition: {e}"));
        assert_eq!((img.width, img.height), (w as usize, h as usize), "{file}");
        if file == "cmyk.jpg" {
            // Mostly red with a few blue dots (Pillow reads its mean as about 187, 34, 42): CMYK
            // read inverted would be mostly cyan.
            let n = (img.width * img.height) as f64;
            let mean = |c: usize| {
                img.pixels
                    .chunks_exact(3)
                    .map(|p| f64::from(p[c]))
                    .sum::<f64>()
                    / n
            };
            let (r, g, b) = (mean(0), mean(1), mean(2));
            assert!(
                r > 160.0 && g < 60.0 && b < 70.0,
                "{file}: mean colour {r} {g} {b}"
            );
        }
    }
}
