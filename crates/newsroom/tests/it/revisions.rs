use newsroom::articles::{self, ArticleInput, SaveKind};
use newsroom::revisions::{self, DiffKind};

use crate::fresh;

fn draft(title: &str, body: &str) -> ArticleInput {
    ArticleInput {
        title: title.into(),
        body: body.into(),
        ..Default::default()
    }
}

#[test]
fn autosaves_in_one_burst_become_one_revision_and_saves_do_not() {
    let (_dir, conn) = fresh();
    let a = articles::create(&conn, &draft("Bài", "một"), "An").expect("create");
    let mut rev = a.revision;
    for body in ["một hai", "một hai ba", "một hai ba bốn"] {
        rev = articles::save(
            &conn,
            &a.id,
            rev,
            &draft("Bài", body),
            "An",
            SaveKind::Autosave,
        )
        .expect("autosave")
        .revision;
    }
    let h = revisions::history(&conn, &a.id).expect("history");
    let kinds: Vec<(i64, &str)> = h.iter().map(|r| (r.number, r.kind.as_str())).collect();
    assert_eq!(
        kinds,
        [(4, "autosave"), (1, "create")],
        "one burst, one revision"
    );
    assert_eq!(h[0].parent, Some(1));
    assert_eq!(rev, 4, "every save still moves the revision on");

    // Someone else's autosave starts its own burst; a Save always stands alone.
    rev = articles::save(
        &conn,
        &a.id,
        rev,
        &draft("Bài", "khác"),
        "Bình",
        SaveKind::Autosave,
    )
    .expect("other author")
    .revision;
    rev = articles::save(
        &conn,
        &a.id,
        rev,
        &draft("Bài", "khác nữa"),
        "Bình",
        SaveKind::Save,
    )
    .expect("save")
    .revision;
    articles::save(
        &conn,
        &a.id,
        rev,
        &draft("Bài", "sau khi lưu"),
        "Bình",
        SaveKind::Autosave,
    )
    .expect("autosave after save");
    let h = revisions::history(&conn, &a.id).expect("history");
    let kinds: Vec<(i64, &str, &str)> = h
        .iter()
        .map(|r| (r.number, r.kind.as_str(), r.author.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (7, "autosave", "Bình"),
            (6, "save", "Bình"),
            (5, "autosave", "Bình"),
            (4, "autosave", "An"),
            (1, "create", "An")
        ]
    );
    let parents: Vec<Option<i64>> = h.iter().map(|r| r.parent).collect();
    assert_eq!(parents, [Some(6), Some(5), Some(4), Some(1), None]);
}

#[test]
fn word_diff_between_revisions() {
    let (_dir, conn) = fresh();
    let a = articles::create(
        &conn,
        &draft("Sở Tài Nguyên", "Đoàn kiểm tra làm việc chiều nay."),
        "An",
    )
    .expect("create");
    articles::save(
        &conn,
        &a.id,
        1,
        &draft(
            "Sở Tài nguyên và Môi trường",
            "Đoàn kiểm tra làm việc sáng nay.",
        ),
        "An",
        SaveKind::Save,
    )
    .expect("save");
    let d = revisions::diff(&conn, &a.id, 1, 2).expect("diff");
    let fields: Vec<&str> = d.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["title", "body", "slug"]);
    let body = &d[1].parts;
    let removed: Vec<&str> = body
        .iter()
        .filter(|p| p.kind == DiffKind::Removed)
        .map(|p| p.text.as_str())
        .collect();
    let added: Vec<&str> = body
        .iter()
        .filter(|p| p.kind == DiffKind::Added)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(removed, ["chiều"]);
    assert_eq!(added, ["sáng"]);
    let rebuilt_new: String = body
        .iter()
        .filter(|p| p.kind != DiffKind::Removed)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(rebuilt_new, "Đoàn kiểm tra làm việc sáng nay.");
    assert!(
        revisions::diff(&conn, &a.id, 2, 2)
            .expect("same")
            .is_empty()
    );
    assert_eq!(
        revisions::diff(&conn, &a.id, 1, 9)
            .expect_err("no rev 9")
            .code()
            .as_str(),
        "not_found"
    );
}

#[test]
fn restore_makes_a_new_revision_and_erases_nothing() {
    let (_dir, conn) = fresh();
    let a = articles::create(&conn, &draft("Một", "bản một"), "An").expect("create");
    articles::save(
        &conn,
        &a.id,
        1,
        &draft("Hai", "bản hai"),
        "An",
        SaveKind::Save,
    )
    .expect("save");
    let r = revisions::restore(&conn, &a.id, 1, "Bình").expect("restore");
    assert_eq!(r.revision, 3);
    assert_eq!((r.title.as_str(), r.body.as_str()), ("Một", "bản một"));
    assert_eq!(r.slug, "mot");
    let h = revisions::history(&conn, &a.id).expect("history");
    let kinds: Vec<(&str, &str)> = h
        .iter()
        .map(|x| (x.kind.as_str(), x.title.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [("restore", "Một"), ("save", "Hai"), ("create", "Một")]
    );
}

#[test]
fn merge_combines_separate_edits_and_marks_overlaps() {
    let (_dir, conn) = fresh();
    let base_body = "Đoạn một.\n\nĐoạn hai.\n\nĐoạn ba.\n";
    let a = articles::create(&conn, &draft("Bài", base_body), "An").expect("create");
    // The editor changes the first paragraph and saves…
    articles::save(
        &conn,
        &a.id,
        1,
        &draft("Bài", "Đoạn MỘT.\n\nĐoạn hai.\n\nĐoạn ba.\n"),
        "Bình",
        SaveKind::Save,
    )
    .expect("theirs");
    // …while the reporter, still on revision 1, changed the last one.
    let mine = draft("Bài", "Đoạn một.\n\nĐoạn hai.\n\nĐoạn BA.\n");
    let m = revisions::merge(&conn, &a.id, 1, &mine).expect("merge");
    assert_eq!(m.revision, 2);
    assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
    assert_eq!(m.input.body, "Đoạn MỘT.\n\nĐoạn hai.\n\nĐoạn BA.\n");
    let saved = articles::save(&conn, &a.id, m.revision, &m.input, "An", SaveKind::Save)
        .expect("save merge");
    assert_eq!(saved.body, m.input.body);

    // Both change the same line: both versions are kept, between markers.
    let clash = draft("Bài", "Đoạn một.\n\nĐoạn HAI của tôi.\n\nĐoạn BA.\n");
    articles::save(
        &conn,
        &a.id,
        3,
        &draft("Bài", "Đoạn MỘT.\n\nĐoạn HAI của họ.\n\nĐoạn BA.\n"),
        "Bình",
        SaveKind::Save,
    )
    .expect("theirs again");
    let m = revisions::merge(&conn, &a.id, 3, &clash).expect("merge");
    assert_eq!(m.conflicts, ["body"]);
    assert!(
        m.input.body.contains("Đoạn HAI của tôi.") && m.input.body.contains("Đoạn HAI của họ.")
    );
    assert!(m.input.body.contains("<<<<<<<") && m.input.body.contains(">>>>>>>"));
}
