//! A database file written by the walking skeleton (schema 1) opens, migrates and keeps its drafts.

use newsroom::articles::{self, ListFilter, SaveKind};
use newsroom::revisions;

const SKELETON_DB: &[u8] = include_bytes!("../fixtures/skeleton-schema-1.db");

#[test]
fn skeleton_database_upgrades_and_keeps_every_draft() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(newsroom::store::DB_FILE), SKELETON_DB).expect("copy fixture");
    let conn = newsroom::store::open(dir.path()).expect("open and migrate");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version");
    assert_eq!(version, newsroom::store::schema_version());

    let list = articles::list(&conn, &ListFilter::default()).expect("list");
    assert_eq!(list.len(), 3);
    let first = articles::get(&conn, "01M8CWF2QXEQ3AZ113T2ZRFBFP").expect("first draft");
    assert_eq!(
        first.title,
        "Tăng cường hiệu lực, hiệu quả công tác quản lý nhà nước về bảo vệ môi trường"
    );
    assert_eq!(
        first.authors,
        ["Hoàng Tùng"],
        "the byline became the first author"
    );
    assert_eq!(
        first.body,
        "Đảng ủy Sở đã chú trọng thực hiện các giải pháp.\n\nSở đã tích cực thông tin tuyên truyền.\n"
    );
    assert_eq!(
        first.slug,
        "tang-cuong-hieu-luc-hieu-qua-cong-tac-quan-ly-nha-nuoc-ve-bao-ve-moi-truong"
    );
    assert_eq!(first.revision, 1);

    // Same titles got distinct slugs, oldest first; no byline means no authors.
    let second = articles::get(&conn, "01M8CWF2RBNC1R601WPCKC7RCD").expect("second");
    let third = articles::get(&conn, "01M8CWF2SFXX8C8E8GVC89DY64").expect("third");
    assert_eq!(second.slug, "dang-bo-hai-phong-hop");
    assert_eq!(third.slug, "dang-bo-hai-phong-hop-2");
    assert!(second.authors.is_empty());
    assert_eq!(third.authors, ["Minh Anh"]);

    // Each has a first revision to build history on, and saves work on.
    let h = revisions::history(&conn, &first.id).expect("history");
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].number, h[0].kind.as_str()), (1, "create"));
    assert_eq!(h[0].created_at, first.created_at);
    let mut input = articles::ArticleInput::from(&first);
    input.lead = "Sáng 3/12".into();
    let saved = articles::save(&conn, &first.id, 1, &input, "An", SaveKind::Save).expect("save");
    assert_eq!(saved.revision, 2);
    assert_eq!(
        revisions::diff(&conn, &first.id, 1, 2).expect("diff")[0].field,
        "lead"
    );
}
