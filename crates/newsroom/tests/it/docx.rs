//! Word files to drafts: files written by LibreOffice (`scripts/make-docx-fixtures.py`) and in the
//! test, through the photo pipeline, exported and validated; bad files refused with nothing written.

use std::path::{Path, PathBuf};

use newsroom::docx::{self, Options};
use newsroom::profile::Profile;
use newsroom_docx::testing::{Builder, p, p_styled, picture_p};

use crate::{fresh, solo};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/docx")
        .join(name)
}

fn import(
    conn: &rusqlite::Connection,
    dir: &Path,
    path: &Path,
) -> newsroom::Result<docx::WordImport> {
    let spec = Profile::hai_phong().photo_spec();
    let by = solo(conn);
    docx::import_file(
        conn,
        dir,
        path,
        &spec,
        &Options {
            authors: vec!["Hoàng Tùng".into()],
            threads: 2,
        },
        &by,
    )
}

fn kinds(i: &docx::WordImport) -> Vec<String> {
    i.summary.notes.iter().map(|n| n.kind.clone()).collect()
}

#[test]
fn libreoffice_text_with_bold_lists_and_a_link() {
    let (dir, conn) = fresh();
    let got = import(&conn, dir.path(), &fixture("bai-viet.docx")).expect("import");
    let a = &got.article;
    assert_eq!(
        a.title,
        "Hải Phòng đẩy mạnh chuyển đổi số trong cải cách hành chính"
    );
    assert_eq!(
        a.lead,
        "Sáng 28/11, Ủy ban nhân dân thành phố tổ chức hội nghị sơ kết công tác chuyển đổi số năm 2026."
    );
    assert_eq!(a.authors, vec!["Hoàng Tùng".to_string()]);
    assert_eq!(
        a.body,
        "Phát biểu tại hội nghị, đồng chí Phó Chủ tịch **Ủy ban nhân dân thành phố** nhấn mạnh: *“Người dân phải là trung tâm của chuyển đổi số”*.\n\n\
         ## Kết quả nổi bật\n\n\
         - Tỷ lệ hồ sơ trực tuyến toàn trình đạt 82%;\n\
         - 100% xã, phường kết nối mạng truyền số liệu chuyên dùng;\n\
         - Cổng dịch vụ công được đánh giá **tốt**.\n\n\
         Nhiệm vụ năm 2027:\n\n\
         1. Hoàn thiện kho dữ liệu dùng chung;\n\
         2. Đào tạo kỹ năng số cho cán bộ cơ sở.\n\n\
         Chi tiết xem tại [Cổng thông tin điện tử thành phố](https://haiphong.gov.vn/chuyen-doi-so)."
    );
    assert_eq!(kinds(&got), vec!["lead_prefix"]);
    assert_eq!(got.summary.paragraphs, 11);
    assert_eq!((got.summary.pictures, got.summary.figures), (0, 0));
}

#[test]
fn libreoffice_pictures_with_captions_and_a_table_become_figures_and_a_valid_package() {
    let (dir, conn) = fresh();
    let got = import(&conn, dir.path(), &fixture("anh-chu-thich.docx")).expect("import");
    let a = &got.article;
    assert_eq!(
        a.title,
        "Kiểm tra công tác thu gom rác thải tại quận Lê Chân"
    );
    assert_eq!(
        a.lead,
        "Chiều 2/12, đoàn kiểm tra của Sở Nông nghiệp và Môi trường làm việc tại bãi rác Tràng Cát."
    );
    assert_eq!(
        a.body,
        "![Đoàn kiểm tra làm việc tại bãi rác Tràng Cát](anh:1 \"Đoàn kiểm tra làm việc tại bãi rác Tràng Cát\")\n\n\
         Theo báo cáo, lượng rác thu gom mỗi ngày như sau:\n\n\
         | Quận | Tấn/ngày |\n| --- | --- |\n| Lê Chân | 320 |\n| Ngô Quyền | 280 |\n\n\
         ![Công nhân phân loại rác trên băng chuyền](anh:2 \"Dây chuyền phân loại rác mới\")\n\n\
         Đoàn đề nghị quận hoàn thành việc cải tạo trước ngày 31/12."
    );
    let s = &got.summary;
    assert_eq!((s.pictures, s.figures, s.captions), (2, 2, 2));
    assert_eq!(kinds(&got), vec!["alt_from_caption"]);
    // Each figure is a photo of the library with its renditions and the credit its XMP gives.
    let figs = newsroom::figures::list(&conn, &a.id).expect("figures");
    assert_eq!(figs.len(), 2);
    assert_eq!(figs[0].photo.credit, "Nguyễn Văn A - Cổng TTĐT");
    assert_eq!(figs[1].photo.credit, "Trần Thị B");
    assert_eq!((figs[1].photo.width, figs[1].photo.height), (900, 1200));
    assert!(figs.iter().all(|f| !f.photo.renditions.is_empty()));
    // The alt taken from the caption is marked for review: one open comment on its figure.
    let comments = newsroom::comments::list(&conn, &a.id).expect("comments");
    assert_eq!(comments.len(), 1);
    assert!(
        comments[0].quote.contains("anh:1"),
        "{:?}",
        comments[0].quote
    );
    assert!(comments[0].resolved_by.is_none() && comments[0].anchor.is_some());
    // Export: the checklist passes and the validator finds nothing.
    let out = dir.path().join("out");
    let exported = crate::checked::export_package(
        &conn,
        dir.path(),
        &a.id,
        &out,
        &Profile::hai_phong(),
        false,
    )
    .expect("export");
    let html = std::fs::read_to_string(&exported.index).expect("index");
    assert!(
        html.contains("<figcaption>Dây chuyền phân loại rác mới"),
        "{html}"
    );
    assert!(html.contains("<table>"));
    let images = std::fs::read_dir(Path::new(&exported.folder).join("images"))
        .expect("images")
        .count();
    assert!(images >= 2, "{images} images");
}

#[test]
fn libreoffice_old_font_tracked_change_and_comment() {
    let (dir, conn) = fresh();
    let got = import(&conn, dir.path(), &fixture("sua-doi-vntime.docx")).expect("import");
    let a = &got.article;
    assert_eq!(
        a.title,
        "Sở Tài nguyên và Môi trường công bố kết quả quan trắc"
    );
    assert_eq!(a.lead, "Đoàn làm việc chiều nay tại trụ sở Sở.");
    assert_eq!(
        a.body,
        "Trích văn bản cũ: Sở Tài nguyên và Môi trường thành phố Hải Phòng."
    );
    let k = kinds(&got);
    for want in ["tracked_changes", "comments", "converted"] {
        assert!(k.contains(&want.to_string()), "{want} in {k:?}");
    }
    assert_eq!(
        got.summary.converted,
        Some(newsroom::text::legacy::Legacy::Tcvn3)
    );
    // The dropped Word comment is not a comment of the draft.
    assert!(
        newsroom::comments::list(&conn, &a.id)
            .expect("comments")
            .is_empty()
    );
}

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 85)
        .encode(
            img.as_raw(),
            w as u16,
            h as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .expect("encode");
    out
}

#[test]
fn a_picture_that_fails_the_photo_checks_is_named_and_the_rest_comes_in() {
    let (dir, conn) = fresh();
    let body = [
        p_styled("", &[("Tựa bài", "<w:b/>")]),
        p(&[("Mở đầu.", "")]),
        picture_p("good", "Cầu Hoàng Văn Thụ"),
        picture_p("bad", ""),
        p(&[("Ảnh hỏng ở trên.", "<w:i/>")]),
        p(&[("Kết.", "")]),
    ]
    .concat();
    let mut truncated = jpeg(800, 600);
    truncated.truncate(300);
    let file = Builder::new(&body)
        .picture("good", "image1.jpeg", &jpeg(1200, 800))
        .picture("bad", "image2.jpeg", &truncated)
        .build();
    let path = dir.path().join("bai.docx");
    std::fs::write(&path, file).expect("write");
    let got = import(&conn, dir.path(), &path).expect("import");
    assert_eq!(got.summary.pictures, 2);
    assert_eq!(got.summary.figures, 1);
    assert_eq!(got.article.body, "![Cầu Hoàng Văn Thụ](anh:1)\n\nKết.");
    let refused = got
        .summary
        .notes
        .iter()
        .find(|n| n.kind == "picture_refused")
        .expect("note");
    assert!(
        refused.message.contains("Ảnh thứ 2") && refused.message.contains("image2.jpeg"),
        "{}",
        refused.message
    );
    assert!(
        refused.message_en.contains("Picture 2"),
        "{}",
        refused.message_en
    );
    // Word's own alt text is kept and not marked for review.
    assert!(
        newsroom::comments::list(&conn, &got.article.id)
            .expect("comments")
            .is_empty()
    );
}

/// Everything a data folder holds that a refused import could touch.
fn state(conn: &rusqlite::Connection, dir: &Path) -> (i64, i64, i64, i64, Vec<PathBuf>) {
    let count = |t: &str| {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .expect("count")
    };
    let mut files: Vec<PathBuf> = walk(dir);
    files.retain(|f| {
        !f.to_string_lossy().contains("newsroom.db") && f.extension().is_none_or(|e| e != "docx")
    });
    files.sort();
    (
        count("articles"),
        count("revisions"),
        count("photos"),
        count("figures"),
        files,
    )
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn bad_files_are_refused_with_a_reason_and_nothing_is_written() {
    let (dir, conn) = fresh();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cu.doc", {
            let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            b.resize(4096, 0);
            b
        }, "lưu thành .docx"),
        ("anh.docx", jpeg(100, 100), "không phải tệp Word"),
        ("rong.docx", Vec::new(), "không phải tệp Word"),
        ("dtd.docx", Builder::new("").raw_document(b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>").build(), "DTD"),
        ("cat.docx", {
            let mut b = Builder::new(&p(&[("x", "")])).build();
            b.truncate(b.len() / 2);
            b
        }, "bị hỏng"),
    ];
    let before = state(&conn, dir.path());
    for (name, bytes, why) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).expect("write");
        let e = import(&conn, dir.path(), &path).expect_err(name);
        assert_eq!(e.code(), newsroom::ErrorCode::BadDocument, "{name}: {e}");
        assert!(e.to_string().contains(why), "{name}: {e}");
        assert!(e.to_string().contains(name), "{name}: {e}");
        assert!(
            e.message(newsroom::Lang::En)
                .starts_with("Could not open the Word file"),
            "{e:?}"
        );
        std::fs::remove_file(&path).expect("rm");
    }
    assert_eq!(state(&conn, dir.path()), before);
}

#[test]
fn an_import_refused_by_the_rules_writes_no_draft() {
    // Staff do not write drafts: the gate refuses the import and no row is left.
    let (dir, conn) = fresh();
    use newsroom::rules::{Role, add_user, current};
    add_user(&conn, &solo(&conn), "Quản trị", Role::Admin, None).expect("admin");
    let admin = current(&conn, "Quản trị").expect("admin");
    add_user(&conn, &admin, "Xuất bản", Role::Staff, None).expect("staff");
    let staff = current(&conn, "Xuất bản").expect("staff");
    let spec = Profile::hai_phong().photo_spec();
    let e = docx::import_file(
        &conn,
        dir.path(),
        &fixture("bai-viet.docx"),
        &spec,
        &Options::default(),
        &staff,
    )
    .expect_err("staff may not write");
    assert_eq!(e.code(), newsroom::ErrorCode::Forbidden, "{e}");
    let n: i64 = conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 0);
}
