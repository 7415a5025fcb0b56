use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use newsroom::articles::{self, ArticleInput, ListFilter, SaveKind};
use newsroom::{Error, backup, store};

fn input(title: &str) -> ArticleInput {
    ArticleInput {
        title: title.into(),
        body: "Nội dung bài viết về Hải Phòng.".into(),
        ..Default::default()
    }
}

#[test]
fn round_trip_while_a_writer_is_saving() {
    let src = tempfile::tempdir().expect("src");
    let conn = store::open(src.path()).expect("open");
    for i in 0..20 {
        articles::create(&conn, &input(&format!("Bài số {i}")), "An").expect("create");
    }
    std::fs::create_dir_all(src.path().join("media/ab")).expect("media");
    std::fs::write(
        src.path().join("media/ab/anh.jpg"),
        b"\xFF\xD8 not really a jpeg",
    )
    .expect("media file");

    // Another connection keeps saving while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let dir = src.path().to_path_buf();
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || {
            let w = store::open(&dir).expect("writer");
            let a = articles::create(&w, &input("Bài đang viết"), "Bình").expect("create");
            let mut rev = a.revision;
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) && n < 2000 {
                let mut i = input("Bài đang viết");
                i.body = format!("Lần lưu {n}");
                rev = articles::save(&w, &a.id, rev, &i, "Bình", SaveKind::Save)
                    .expect("save")
                    .revision;
                n += 1;
            }
            n
        })
    };
    let file = src.path().join("out").join("sao-luu.zip");
    let manifest = backup::create(&conn, src.path(), &file, &crate::solo(&conn)).expect("backup");
    stop.store(true, Ordering::Relaxed);
    let saves = writer.join().expect("writer thread");
    assert!(saves > 0);
    assert!(manifest.articles >= 20);
    assert_eq!(manifest.entries.len(), 2, "database and one media file");

    let dst = tempfile::tempdir().expect("dst");
    let (restored, aside) = backup::restore(
        dst.path(),
        &file,
        &backup::restorer(dst.path(), "Thử", None).expect("restorer"),
    )
    .expect("restore");
    assert!(aside.is_none(), "nothing to move aside in an empty folder");
    assert_eq!(restored.articles, manifest.articles);
    let conn2 = store::open(dst.path()).expect("open restored");
    let check: String = conn2
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    let listed = articles::list(&conn2, &ListFilter::default()).expect("list");
    assert_eq!(listed.len() as i64, manifest.articles);
    assert!(listed.iter().any(|a| a.title == "Bài số 7"));
    assert_eq!(
        std::fs::read(dst.path().join("media/ab/anh.jpg")).expect("media restored"),
        b"\xFF\xD8 not really a jpeg"
    );
    // Search works on the restored copy.
    let hits = newsroom::search::search(
        &conn2,
        &newsroom::search::SearchQuery {
            text: "bai so 7".into(),
            ..Default::default()
        },
    )
    .expect("search");
    assert_eq!(hits[0].article.title, "Bài số 7");
}

#[test]
fn restore_keeps_the_previous_data_aside() {
    let src = tempfile::tempdir().expect("src");
    let conn = store::open(src.path()).expect("open");
    articles::create(&conn, &input("Từ bản sao lưu"), "An").expect("create");
    let file = src.path().join("b.zip");
    backup::create(&conn, src.path(), &file, &crate::solo(&conn)).expect("backup");

    let dst = tempfile::tempdir().expect("dst");
    {
        let c = store::open(dst.path()).expect("open dst");
        articles::create(&c, &input("Bài có sẵn"), "Bình").expect("create");
    }
    let (_, aside) = backup::restore(
        dst.path(),
        &file,
        &backup::restorer(dst.path(), "Thử", None).expect("restorer"),
    )
    .expect("restore");
    let aside = aside.expect("moved aside");
    let old = store::open_file(&aside.join(store::DB_FILE)).expect("old db");
    let titles: Vec<String> = articles::list(&old, &ListFilter::default())
        .expect("list")
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(
        titles,
        ["Bài có sẵn"],
        "the replaced data is kept, not deleted"
    );
    let now = store::open(dst.path()).expect("open");
    let titles: Vec<String> = articles::list(&now, &ListFilter::default())
        .expect("list")
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(titles, ["Từ bản sao lưu"]);
}

fn expect_refused(file: &std::path::Path, words: &str) {
    let dst = tempfile::tempdir().expect("dst");
    {
        let c = store::open(dst.path()).expect("open");
        articles::create(&c, &input("Không được mất"), "An").expect("create");
    }
    let err = backup::restore(
        dst.path(),
        file,
        &backup::restorer(dst.path(), "Thử", None).expect("restorer"),
    )
    .expect_err("must refuse");
    assert!(err.to_string().contains(words), "{err}");
    let c = store::open(dst.path()).expect("reopen");
    let list = articles::list(&c, &ListFilter::default()).expect("list");
    assert_eq!(list.len(), 1, "nothing changed");
    assert_eq!(list[0].title, "Không được mất");
    let leftovers: Vec<_> = std::fs::read_dir(dst.path())
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".toasoan") || n.starts_with("before-restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn write_zip(path: &std::path::Path, entries: &[(&str, &[u8])]) {
    let f = std::fs::File::create(path).expect("create zip");
    let mut z = zip::ZipWriter::new(f);
    for (name, data) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        z.write_all(data).expect("write");
    }
    z.finish().expect("finish");
}

#[test]
fn refuses_files_that_are_not_our_backups() {
    let dir = tempfile::tempdir().expect("dir");
    let junk = dir.path().join("junk.zip");
    std::fs::write(&junk, b"this is not a zip").expect("write");
    expect_refused(&junk, "không phải bản sao lưu");

    let other = dir.path().join("other.zip");
    write_zip(&other, &[("readme.txt", b"hello")]);
    expect_refused(&other, "thiếu tệp mô tả");

    let wrong = dir.path().join("wrong.zip");
    write_zip(&wrong, &[(backup::MANIFEST, br#"{"format":"other"}"#)]);
    expect_refused(&wrong, "không phải bản sao lưu");
}

fn manifest_json(schema: i64, entries: &str) -> Vec<u8> {
    format!(
        r#"{{"format":"toasoan-backup","format_version":1,"schema_version":{schema},"app_version":"9","created_at":"2030-01-01T00:00:00Z","articles":0,"entries":[{entries}]}}"#
    )
    .into_bytes()
}

#[test]
fn refuses_a_newer_schema_a_tampered_entry_and_unsafe_paths() {
    let dir = tempfile::tempdir().expect("dir");
    let db = r#"{"path":"newsroom.db","size":3,"sha256":"00"}"#;
    let newer = dir.path().join("newer.zip");
    write_zip(
        &newer,
        &[
            (
                backup::MANIFEST,
                &manifest_json(store::schema_version() + 1, db),
            ),
            ("newsroom.db", b"abc"),
        ],
    );
    let dst = tempfile::tempdir().expect("dst");
    assert!(matches!(
        backup::restore(
            dst.path(),
            &newer,
            &backup::restorer(dst.path(), "Thử", None).expect("restorer")
        ),
        Err(Error::NewerSchema { .. })
    ));

    let tampered = dir.path().join("tampered.zip");
    write_zip(
        &tampered,
        &[
            (backup::MANIFEST, &manifest_json(1, db)),
            ("newsroom.db", b"abc"),
        ],
    );
    expect_refused(&tampered, "không khớp mã kiểm tra");

    let slip = dir.path().join("slip.zip");
    let entries = format!(r#"{db},{{"path":"../../etc/evil","size":1,"sha256":"00"}}"#);
    write_zip(
        &slip,
        &[
            (backup::MANIFEST, &manifest_json(1, &entries)),
            ("newsroom.db", b"abc"),
            ("../../etc/evil", b"x"),
        ],
    );
    expect_refused(&slip, "đường dẫn không an toàn");
}

#[test]
fn refuses_while_the_app_holds_the_folder() {
    let src = tempfile::tempdir().expect("src");
    let conn = store::open(src.path()).expect("open");
    let file = src.path().join("b.zip");
    backup::create(&conn, src.path(), &file, &crate::solo(&conn)).expect("backup");
    let dst = tempfile::tempdir().expect("dst");
    let lock = backup::lock_shared(dst.path()).expect("app lock");
    let err = backup::restore(
        dst.path(),
        &file,
        &backup::restorer(dst.path(), "Thử", None).expect("restorer"),
    )
    .expect_err("app is open");
    assert!(err.to_string().contains("đóng ứng dụng"), "{err}");
    drop(lock);
    backup::restore(
        dst.path(),
        &file,
        &backup::restorer(dst.path(), "Thử", None).expect("restorer"),
    )
    .expect("after the app closed");
}
