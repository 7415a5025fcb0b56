use crate::checked::{self as export, render_index};
use chrono::{TimeZone, Utc};
use newsroom::articles::{self, Article, ArticleInput};
use newsroom::profile::Profile;

use crate::fresh;

fn seed_article() -> Article {
    let t = Utc
        .with_ymd_and_hms(2020, 12, 2, 3, 16, 0)
        .single()
        .expect("valid time");
    Article {
        id: "01ERJ7Z3GQ0000000000000000".into(),
        title: "Tăng cường hiệu lực, hiệu quả công tác quản lý nhà nước về bảo vệ môi trường, quản lý tài nguyên".into(),
        lead: "Chiều 2/12, Đoàn Kiểm tra theo Quyết định số 33-QĐ/TU làm việc tại Sở Tài nguyên và Môi trường.".into(),
        body: "Để tăng cường lãnh đạo, chỉ đạo công tác quản lý bảo vệ môi trường...\n\nSở đã tích cực thông tin tuyên truyền.".into(),
        authors: vec!["Hoàng Tùng".into()],
        category: "Tin tức".into(),
        tags: vec![],
        source: String::new(),
        slug: "tang-cuong-hieu-luc".into(),
        slug_manual: false,
        status: newsroom::status::Status::Draft,
        scheduled_at: None,
        created_at: t,
        updated_at: t,
        revision: 1,
        word_count: 0,
        reading_minutes: 0,
    }
}

#[test]
fn index_page_matches_snapshot() {
    insta::assert_snapshot!(render_index(&seed_article(), &Profile::hai_phong()));
}

#[test]
fn index_page_shows_time_line_title_prefixed_lead_and_body() {
    let html = render_index(&seed_article(), &Profile::hai_phong());
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains("Thời gian: 02/12/2020 10:16"));
    assert!(html.contains("<h1 class=\"title\">Tăng cường hiệu lực"));
    assert!(html.contains("(Haiphong.gov.vn) - Chiều 2/12, Đoàn Kiểm tra"));
    assert!(html.contains("<p>Sở đã tích cực thông tin tuyên truyền.</p>"));
    assert!(html.contains("<p class=\"byline\">Hoàng Tùng</p>"));
    // The one script is the JSON-LD block.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\""));
    assert!(html.contains("\"datePublished\":\"2020-12-02T10:16:00+07:00\""));
}

#[test]
fn hostile_title_and_body_are_neutralised() {
    let mut a = seed_article();
    a.title = "<script>alert(1)</script>".into();
    a.body =
        "<iframe src=\"https://evil.example\"></iframe>\n\n<img src=x onerror=alert(1)>".into();
    let html = render_index(&a, &Profile::hai_phong());
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the JSON-LD: {html}"
    );
    assert!(
        html.contains("\"headline\":\"\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\""),
        "{html}"
    );
    assert!(!html.contains("<iframe"), "{html}");
    assert!(!html.contains("onerror"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn export_writes_index_into_the_folder_and_nothing_else() {
    let (dir, conn) = fresh();
    let a = articles::create(
        &conn,
        &ArticleInput {
            title: "Hải Phòng xuất bản".into(),
            lead: "Sáng 3/12".into(),
            body: "Nội dung".into(),
            authors: vec!["An".into()],
            ..Default::default()
        },
        "An",
    )
    .expect("create");
    let out = dir.path().join("out").join("bai-1");
    let index = export::export_article(&conn, dir.path(), &a.id, &out, &Profile::hai_phong())
        .expect("export");
    assert_eq!(index, out.join("index.html"));
    let html = std::fs::read_to_string(&index).expect("read");
    assert!(html.contains("Hải Phòng xuất bản"));
    assert!(html.contains("(Haiphong.gov.vn) - Sáng 3/12"));
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "article.html",
            "article.json",
            "content.json",
            "dublin-core.json",
            "index.html",
            "manifest.json"
        ],
        "the package and nothing else"
    );
    let beside: Vec<_> = std::fs::read_dir(out.parent().expect("parent"))
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(beside, ["bai-1"], "no temporary folder left beside it");
}

#[test]
fn export_of_unknown_article_writes_nothing() {
    let (dir, conn) = fresh();
    let out = dir.path().join("out");
    let err = export::export_article(
        &conn,
        dir.path(),
        "01ARZ3NDEKTSV4RRFFQ69G5FAV",
        &out,
        &Profile::hai_phong(),
    )
    .expect_err("must fail");
    assert_eq!(err.code().as_str(), "not_found");
    assert!(!out.exists());
}
