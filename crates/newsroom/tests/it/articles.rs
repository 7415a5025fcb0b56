use newsroom::Error;
use newsroom::articles::{self, ArticleInput, ListFilter, SaveKind};
use newsroom::status::Status;
use unicode_normalization::UnicodeNormalization;

use crate::fresh;

fn input(title: &str) -> ArticleInput {
    ArticleInput {
        title: title.into(),
        lead: "Chiều 2/12, Đoàn Kiểm tra làm việc tại Sở Tài nguyên và Môi trường.".into(),
        body: "Đoạn một.\n\nĐoạn **hai**.".into(),
        authors: vec!["Hoàng Tùng".into()],
        category: "Tin tức - Sự kiện".into(),
        ..Default::default()
    }
}

const ME: &str = "Hoàng Tùng";

fn all(conn: &rusqlite::Connection) -> Vec<articles::ArticleSummary> {
    articles::list(conn, &ListFilter::default()).expect("list")
}

#[test]
fn create_then_get_round_trips() {
    let (_dir, conn) = fresh();
    let made =
        articles::create(&conn, &input("Tăng cường quản lý tài nguyên"), ME).expect("create");
    assert_eq!(made.id.len(), 26, "a ULID");
    assert_eq!(made.status, Status::Draft);
    assert_eq!(made.revision, 1);
    assert_eq!(made.slug, "tang-cuong-quan-ly-tai-nguyen");
    assert_eq!(made.created_at, made.updated_at);
    let got = articles::get(&conn, &made.id).expect("get");
    assert_eq!(got, made);
    assert_eq!(got.authors, ["Hoàng Tùng"]);
    assert_eq!(got.word_count, 6 + 14 + 4, "title, lead and body words");
    assert_eq!(got.reading_minutes, 1);
}

#[test]
fn save_changes_fields_time_and_revision() {
    let (_dir, conn) = fresh();
    let made = articles::create(&conn, &input("Bản đầu"), ME).expect("create");
    let mut changed = input("Bản sửa");
    changed.body = "Nội dung mới".into();
    let updated = articles::save(&conn, &made.id, 1, &changed, ME, SaveKind::Save).expect("save");
    assert_eq!(updated.revision, 2);
    assert_eq!(
        updated.slug, "ban-sua",
        "an automatic slug follows the title"
    );
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
            .map(|t| articles::create(&conn, &input(t), ME).expect("create").id)
            .collect()
    };
    let conn = newsroom::store::open(dir.path()).expect("reopen");
    let listed = all(&conn);
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
            authors: vec![nfd("Hoàng Tùng")],
            category: nfd("Thời sự"),
            tags: vec![nfd("Môi trường")],
            source: nfd("Báo Hải Phòng"),
            ..Default::default()
        },
        ME,
    )
    .expect("create");
    let got = articles::get(&conn, &made.id).expect("get");
    assert_eq!(got.title, "Hải Phòng đổi mới");
    assert_eq!(got.title.chars().count(), 17);
    assert_eq!(got.lead, "Sở Tài nguyên");
    assert_eq!(got.body, "Thành ủy Hải Phòng");
    assert_eq!(got.authors, ["Hoàng Tùng"]);
    assert_eq!(got.word_count, 4 + 3 + 4, "title, lead and body words");
    assert_eq!(got.reading_minutes, 1);
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

/// Text as Unikey's "tổ hợp" (combining) output writes it: the vowel with its hat, breve or horn
/// precomposed, the tone as a separate combining mark ("ệ" = "ê" + U+0323): neither NFC nor NFD.
fn unikey_to_hop(s: &str) -> String {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut out = String::new();
    for c in s.chars() {
        let parts: Vec<char> = c.nfd().collect();
        let base: String = parts.iter().filter(|p| !TONES.contains(p)).collect();
        out.extend(base.nfc());
        out.extend(parts.iter().filter(|p| TONES.contains(p)));
    }
    out
}

#[test]
fn nfc_nfd_and_unikey_combining_input_give_byte_identical_rows() {
    let text =
        "Thứ Tư, Sở Tài nguyên và Môi trường kiểm tra; Thành ủy, Ủy ban, người dân, quyết định.";
    let to_hop = unikey_to_hop(text);
    let nfd: String = text.nfd().collect();
    assert!(
        to_hop != text && to_hop != nfd,
        "the combining form is a third form"
    );
    let mut rows = Vec::new();
    for (k, form) in [text.to_string(), nfd, to_hop].into_iter().enumerate() {
        let (_dir, conn) = fresh();
        let made = articles::create(
            &conn,
            &ArticleInput {
                title: form.clone(),
                lead: form.clone(),
                body: form.clone(),
                authors: vec![form.clone()],
                category: form.clone(),
                tags: vec![form.clone()],
                source: form,
                ..Default::default()
            },
            ME,
        )
        .unwrap_or_else(|e| panic!("form {k}: {e}"));
        // The stored bytes of every text column, and of the saved revision.
        let row: Vec<u8> = conn
            .query_row(
                "SELECT CAST(title || lead || body || authors || category || tags || source AS BLOB) FROM articles WHERE id = ?1",
                [&made.id],
                |r| r.get(0),
            )
            .expect("row");
        let rev: Vec<u8> = conn
            .query_row(
                "SELECT CAST(title || lead || body AS BLOB) FROM revisions WHERE article_id = ?1",
                [&made.id],
                |r| r.get(0),
            )
            .expect("revision");
        rows.push((row, rev));
    }
    assert_eq!(rows[0], rows[1], "NFD stored as NFC");
    assert_eq!(rows[0], rows[2], "Unikey combining stored as NFC");
    assert!(
        String::from_utf8(rows[0].0.clone())
            .expect("utf8")
            .contains("Thành ủy")
    );
}

#[test]
fn empty_title_is_refused_and_nothing_is_stored() {
    let (_dir, conn) = fresh();
    let err = articles::create(&conn, &input("   "), ME).expect_err("must refuse");
    assert!(
        matches!(err, Error::InvalidInput { field: "title", .. }),
        "{err:?}"
    );
    assert_eq!(err.code().as_str(), "invalid_input");
    assert!(all(&conn).is_empty());
}

#[test]
fn unknown_and_malformed_ids_are_not_found() {
    let (_dir, conn) = fresh();
    for id in ["01ARZ3NDEKTSV4RRFFQ69G5FAV", "not-an-id", ""] {
        let err = articles::get(&conn, id).expect_err("must fail");
        assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
        assert!(err.to_string().contains("Không tìm thấy bài viết"), "{err}");
    }
    let err = articles::save(
        &conn,
        "01ARZ3NDEKTSV4RRFFQ69G5FAV",
        1,
        &input("x"),
        ME,
        SaveKind::Save,
    )
    .expect_err("fail");
    assert_eq!(err.code().as_str(), "not_found");
}

#[test]
fn oversized_body_is_refused() {
    let (_dir, conn) = fresh();
    let mut big = input("Dài");
    big.body = "a".repeat(articles::MAX_BODY_BYTES + 1);
    let err = articles::create(&conn, &big, ME).expect_err("must refuse");
    assert!(
        matches!(err, Error::InvalidInput { field: "body", .. }),
        "{err:?}"
    );
}

#[test]
fn a_save_from_an_old_revision_is_a_conflict_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Two connections, as the app and the CLI would have.
    let app = newsroom::store::open(dir.path()).expect("open app");
    let cli = newsroom::store::open(dir.path()).expect("open cli");
    let a = articles::create(&app, &input("Bản gốc"), ME).expect("create");
    let mut theirs = input("Bản gốc");
    theirs.body = "Sửa từ dòng lệnh".into();
    let saved =
        articles::save(&cli, &a.id, 1, &theirs, "Biên tập", SaveKind::Save).expect("cli save");
    assert_eq!(saved.revision, 2);
    let mut mine = input("Bản gốc");
    mine.body = "Sửa trong ứng dụng".into();
    let err = articles::save(&app, &a.id, 1, &mine, ME, SaveKind::Autosave).expect_err("conflict");
    match &err {
        Error::Conflict { expected, found } => assert_eq!((*expected, *found), (1, 2)),
        other => panic!("expected Conflict, got {other:?}"),
    }
    assert_eq!(err.code().as_str(), "conflict");
    let now = articles::get(&app, &a.id).expect("get");
    assert_eq!(now.body, "Sửa từ dòng lệnh", "the newer save is untouched");
    assert_eq!(now.revision, 2);
}

#[test]
fn slugs_are_unique_and_hand_set_ones_are_kept() {
    let (_dir, conn) = fresh();
    let a = articles::create(&conn, &input("Đảng bộ Hải Phòng"), ME).expect("a");
    let b = articles::create(&conn, &input("Đảng bộ Hải Phòng"), ME).expect("b");
    let c = articles::create(&conn, &input("Đảng bộ Hải Phòng"), ME).expect("c");
    assert_eq!(a.slug, "dang-bo-hai-phong");
    assert_eq!(b.slug, "dang-bo-hai-phong-2");
    assert_eq!(c.slug, "dang-bo-hai-phong-3");
    let mut manual = input("Tiêu đề khác");
    manual.slug = "Hội nghị Thành ủy".into();
    let d = articles::create(&conn, &manual, ME).expect("d");
    assert_eq!(d.slug, "hoi-nghi-thanh-uy");
    assert!(d.slug_manual);
    let mut clash = input("Bài nữa");
    clash.slug = "dang-bo-hai-phong".into();
    let err = articles::create(&conn, &clash, ME).expect_err("taken");
    assert!(
        matches!(err, Error::InvalidInput { field: "slug", .. }),
        "{err:?}"
    );
    // A hand-set slug does not follow the title.
    let mut retitled = manual.clone();
    retitled.title = "Đổi tiêu đề".into();
    let d2 = articles::save(&conn, &d.id, d.revision, &retitled, ME, SaveKind::Save).expect("save");
    assert_eq!(d2.slug, "hoi-nghi-thanh-uy");
}

#[test]
fn spike_hides_unspike_returns_and_delete_needs_the_trash() {
    let (_dir, conn) = fresh();
    let a = articles::create(&conn, &input("Sẽ vào thùng rác"), ME).expect("create");
    let keep = articles::create(&conn, &input("Ở lại"), ME).expect("create");
    let err = articles::delete(&conn, &a.id, &crate::solo(&conn)).expect_err("not in trash");
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "status",
                ..
            }
        ),
        "{err:?}"
    );

    let s = articles::spike(&conn, &a.id, &crate::solo(&conn)).expect("spike");
    assert_eq!(s.status, Status::Spiked);
    assert_eq!(
        all(&conn).iter().map(|x| x.id.as_str()).collect::<Vec<_>>(),
        [keep.id.as_str()]
    );
    let trash = articles::list(
        &conn,
        &ListFilter {
            status: Some(Status::Spiked),
        },
    )
    .expect("trash");
    assert_eq!(trash.len(), 1);
    let err = articles::save(&conn, &a.id, s.revision, &input("x"), ME, SaveKind::Save)
        .expect_err("spiked");
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "status",
                ..
            }
        ),
        "{err:?}"
    );

    let back = articles::unspike(&conn, &a.id, &crate::solo(&conn)).expect("unspike");
    assert_eq!(back.status, Status::Draft);
    assert_eq!(all(&conn).len(), 2);

    articles::spike(&conn, &a.id, &crate::solo(&conn)).expect("spike again");
    articles::delete(&conn, &a.id, &crate::solo(&conn)).expect("delete");
    assert_eq!(
        articles::get(&conn, &a.id)
            .expect_err("gone")
            .code()
            .as_str(),
        "not_found"
    );
    let left: i64 = conn
        .query_row(
            "SELECT count(*) FROM revisions WHERE article_id = ?1",
            [&a.id],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(left, 0, "its history went with it");
}

#[test]
fn the_database_gives_space_back_after_many_deletes() {
    let (dir, conn) = fresh();
    let file = dir.path().join("newsroom.db");
    let size = || {
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("checkpoint");
        std::fs::metadata(&file).expect("db").len()
    };
    let body = "Đoàn công tác kiểm tra việc quản lý tài nguyên và bảo vệ môi trường. ".repeat(300);
    let mut ids = Vec::new();
    for i in 0..200 {
        let a = articles::create(
            &conn,
            &ArticleInput {
                title: format!("Bài {i}"),
                body: body.clone(),
                ..Default::default()
            },
            ME,
        )
        .expect("create");
        ids.push(a.id);
    }
    let full = size();
    assert!(full > 8 * 1024 * 1024, "{full}");
    for id in &ids {
        articles::spike(&conn, id, &crate::solo(&conn)).expect("spike");
        articles::delete(&conn, id, &crate::solo(&conn)).expect("delete");
    }
    let after = size();
    println!(
        "200 articles: {} KB; after deleting them: {} KB",
        full / 1024,
        after / 1024
    );
    // Rewritten each time a quarter was free, until the file is under the size worth rewriting.
    assert!(
        after < full / 3 && after <= newsroom::store::RECLAIM_MIN_BYTES as u64,
        "{full} → {after}"
    );
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(check, "ok");
}

/// The data folder is its owner's alone: the folder 0700, the database 0600 (and SQLite's WAL
/// beside it takes the database's mode), even when it was made readable by others before.
#[cfg(unix)]
#[test]
fn the_data_folder_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let root = tempfile::tempdir().expect("tempdir");
    let dir = root.path().join("du-lieu");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    {
        let conn = newsroom::store::open(&dir).expect("open");
        articles::create(
            &conn,
            &ArticleInput {
                title: "Riêng".into(),
                ..Default::default()
            },
            "Mai",
        )
        .expect("create");
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("newsroom.db")), 0o600);
        assert_eq!(mode(&dir.join("newsroom.db-wal")), 0o600);
    }
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(
        dir.join("newsroom.db"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    newsroom::store::open(&dir).expect("open again");
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&dir.join("newsroom.db")), 0o600);
}
