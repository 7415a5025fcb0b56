use newsroom::Error;
use newsroom::articles::{self, ArticleInput};
use unicode_normalization::UnicodeNormalization;

use crate::fresh;

fn input(title: &str) -> ArticleInput {
    ArticleInput {
        title: title.into(),
        lead: "Chiều 2/12, Đoàn Kiểm tra làm việc tại Sở Tài nguyên và Môi trường.".into(),
        body: "Đoạn một.\n\nĐoạn **hai**.".into(),
        byline: "Hoàng Tùng".into(),
        category: "Tin tức - Sự kiện".into(),
    }
}

#[test]
fn create_then_get_round_trips() {
    let (_dir, conn) = fresh();
    let made = articles::create(&conn, &input("Tăng cường quản lý tài nguyên")).expect("create");
    assert_eq!(made.id.len(), 26, "a ULID");
    assert_eq!(made.status, "draft");
    assert_eq!(made.created_at, made.updated_at);
    let got = articles::get(&conn, &made.id).expect("get");
    assert_eq!(got, made);
    assert_eq!(got.byline, "Hoàng Tùng");
}

#[test]
fn update_changes_fields_and_time() {
    let (_dir, conn) = fresh();
    let made = articles::create(&conn, &input("Bản đầu")).expect("create");
    let mut changed = input("Bản sửa");
    changed.body = "Nội dung mới".into();
    let updated = articles::update(&conn, &made.id, &changed).expect("update");
    assert_eq!(updated.title, "Bản sửa");
    assert_eq!(updated.body, "Nội dung mới");
    assert_eq!(updated.created_at, made.created_at);
    assert!(updated.updated_at >= made.updated_at);
    assert_eq!(articles::get(&conn, &made.id).expect("get"), updated);
}

#[test]
fn list_is_newest_first_and_survives_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ids: Vec<String> = {
        let conn = newsroom::store::open(dir.path()).expect("open");
        ["Một", "Hai", "Ba"]
            .iter()
            .map(|t| articles::create(&conn, &input(t)).expect("create").id)
            .collect()
    };
    let conn = newsroom::store::open(dir.path()).expect("reopen");
    let listed = articles::list(&conn).expect("list");
    let titles: Vec<&str> = listed.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Ba", "Hai", "Một"]);
    assert_eq!(listed[2].id, ids[0]);
}

#[test]
fn nfd_input_is_stored_as_nfc() {
    let (_dir, conn) = fresh();
    let nfd = |s: &str| s.nfd().collect::<String>();
    let made = articles::create(
        &conn,
        &ArticleInput {
            title: nfd("Hải Phòng đổi mới"),
            lead: nfd("Sở Tài nguyên"),
            body: nfd("Thành ủy Hải Phòng"),
            byline: nfd("Hoàng Tùng"),
            category: nfd("Thời sự"),
        },
    )
    .expect("create");
    let got = articles::get(&conn, &made.id).expect("get");
    assert_eq!(got.title, "Hải Phòng đổi mới");
    assert_eq!(got.title.chars().count(), 17);
    assert_eq!(got.lead, "Sở Tài nguyên");
    assert_eq!(got.body, "Thành ủy Hải Phòng");
    assert_eq!(got.byline, "Hoàng Tùng");
    assert_eq!(got.category, "Thời sự");
    // And it can be found with an NFC query.
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM articles WHERE title LIKE '%Hải Phòng%'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(n, 1);
}

#[test]
fn empty_title_is_refused_and_nothing_is_stored() {
    let (_dir, conn) = fresh();
    let err = articles::create(&conn, &input("   ")).expect_err("must refuse");
    assert!(
        matches!(err, Error::InvalidInput { field: "title", .. }),
        "{err:?}"
    );
    assert_eq!(err.code(), "invalid_input");
    assert!(articles::list(&conn).expect("list").is_empty());
}

#[test]
fn unknown_and_malformed_ids_are_not_found() {
    let (_dir, conn) = fresh();
    for id in ["01ARZ3NDEKTSV4RRFFQ69G5FAV", "not-an-id", ""] {
        let err = articles::get(&conn, id).expect_err("must fail");
        assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
        assert!(err.to_string().contains("Không tìm thấy bài viết"), "{err}");
    }
    let err = articles::update(&conn, "01ARZ3NDEKTSV4RRFFQ69G5FAV", &input("x")).expect_err("fail");
    assert_eq!(err.code(), "not_found");
}

#[test]
fn oversized_body_is_refused() {
    let (_dir, conn) = fresh();
    let mut big = input("Dài");
    big.body = "a".repeat(articles::MAX_BODY_BYTES + 1);
    let err = articles::create(&conn, &big).expect_err("must refuse");
    assert!(
        matches!(err, Error::InvalidInput { field: "body", .. }),
        "{err:?}"
    );
}
