//! Bundles between two data folders: a round trip, a conflict kept and merged, and hostile files
//! refused with nothing written.

use std::io::Write as _;
use std::path::Path;

use newsroom::articles::{self, ArticleInput, SaveKind};
use newsroom::bundle::{self, Outcome};
use newsroom::comments::{self, NewComment};
use newsroom::figures::{self, FigureChange};
use newsroom::media::{self, Spec};
use newsroom::status::Status;
use newsroom::workflow::{self, Action};
use rusqlite::Connection;

use crate::fresh;
use crate::media::{jpeg, write};

fn spec() -> Spec {
    newsroom::profile::Profile::default().photo_spec()
}

fn edit(conn: &Connection, id: &str, by: &str, change: impl FnOnce(&mut ArticleInput)) {
    let a = articles::get(conn, id).expect("get");
    let mut input = ArticleInput::from(&a);
    change(&mut input);
    articles::save(conn, id, a.revision, &input, by, SaveKind::Save).expect("save");
}

fn counts(conn: &Connection) -> (i64, i64, i64, i64) {
    let n = |sql: &str| {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0))
            .expect("count")
    };
    (
        n("SELECT count(*) FROM articles"),
        n("SELECT count(*) FROM revisions"),
        n("SELECT count(*) FROM comments"),
        n("SELECT count(*) FROM photos"),
    )
}

#[test]
fn a_draft_goes_to_the_editor_and_comes_back() {
    let (laptop_dir, laptop) = fresh();
    let (office_dir, office) = fresh();
    let src = tempfile::tempdir().expect("src");
    // The reporter's laptop: a draft with a photo and two saves.
    let a = articles::create(
        &laptop,
        &ArticleInput {
            title: "Đồ Sơn đón khách".into(),
            lead: "Sáng 5/6.".into(),
            body: "Đoạn một.".into(),
            authors: vec!["Minh".into()],
            ..Default::default()
        },
        "Minh",
    )
    .expect("create");
    let photo = media::import_file(
        &laptop,
        laptop_dir.path(),
        &write(src.path(), "bien.jpg", &jpeg(900, 600, None)),
        &spec(),
        "Minh",
    )
    .expect("photo");
    figures::add(
        &laptop,
        &a.id,
        a.revision,
        &photo.hash,
        &FigureChange {
            alt: Some("Bãi biển".into()),
            ..Default::default()
        },
        "Minh",
    )
    .expect("figure");
    edit(&laptop, &a.id, "Minh", |i| i.body.push_str("\n\nĐoạn hai."));
    let file = src.path().join("bai.toasoan");
    bundle::export(&laptop, laptop_dir.path(), &a.id, &file, "Minh").expect("export");

    // The office imports it: the article, its history and the photo arrive.
    let got = bundle::import(&office, office_dir.path(), &file, &spec(), "Hà").expect("import");
    assert_eq!(got.outcome, Outcome::New);
    assert_eq!(got.photos, 1);
    let there = articles::get(&office, &a.id).expect("article there");
    let here = articles::get(&laptop, &a.id).expect("article here");
    assert_eq!(
        (there.title.as_str(), there.body.as_str(), there.revision),
        (here.title.as_str(), here.body.as_str(), here.revision)
    );
    assert_eq!(
        newsroom::revisions::history(&office, &a.id)
            .expect("history")
            .len(),
        newsroom::revisions::history(&laptop, &a.id)
            .expect("history")
            .len()
    );
    assert_eq!(figures::list(&office, &a.id).expect("figures").len(), 1);
    // Importing the same bundle again adds nothing.
    let again = bundle::import(&office, office_dir.path(), &file, &spec(), "Hà").expect("again");
    assert_eq!(
        (again.outcome, again.revisions, again.comments),
        (Outcome::UpToDate, 0, 0)
    );

    // The editor edits and comments; the bundle back moves the laptop forward.
    edit(&office, &a.id, "Hà", |i| {
        i.title = "Đồ Sơn đón khách đầu mùa".into()
    });
    let solo = workflow::actor(&office, "Hà", None).expect("actor");
    comments::add(
        &office,
        &a.id,
        &solo,
        &NewComment {
            body: "Thêm số khách".into(),
            ..Default::default()
        },
    )
    .expect("comment");
    workflow::transition(&office, &a.id, &solo, Action::Submit, "").expect("submit");
    let back = src.path().join("ve.toasoan");
    bundle::export(&office, office_dir.path(), &a.id, &back, "Hà").expect("export back");
    let got =
        bundle::import(&laptop, laptop_dir.path(), &back, &spec(), "Minh").expect("import back");
    assert_eq!(got.outcome, Outcome::FastForward);
    assert_eq!((got.revisions, got.comments), (1, 1));
    let here = articles::get(&laptop, &a.id).expect("here");
    assert_eq!(here.title, "Đồ Sơn đón khách đầu mùa");
    assert_eq!(here.status, Status::Submitted);
    assert_eq!(
        comments::list(&laptop, &a.id).expect("comments")[0].body,
        "Thêm số khách"
    );
    assert!(
        workflow::log(&laptop, &a.id)
            .expect("log")
            .iter()
            .any(|e| e.action == "submit" && e.actor == "Hà")
    );
    // An older bundle does not move it back.
    let got =
        bundle::import(&laptop, laptop_dir.path(), &file, &spec(), "Minh").expect("old bundle");
    assert_eq!(got.outcome, Outcome::UpToDate);
    assert_eq!(
        articles::get(&laptop, &a.id).expect("here").title,
        "Đồ Sơn đón khách đầu mùa"
    );
}

/// The pictures travel as the sender's library holds them: the receiver shows (and an approval
/// names) the sender's very files, whatever its own profile would make; files that do not hold
/// against the original are not taken, and the receiver makes its own.
#[test]
fn a_bundle_carries_the_sender_s_picture_files() {
    let (laptop_dir, laptop) = fresh();
    let (office_dir, office) = fresh();
    let src = tempfile::tempdir().expect("src");
    let a = articles::create(
        &laptop,
        &ArticleInput {
            title: "Cầu Hoàng Văn Thụ".into(),
            body: "Một.".into(),
            ..Default::default()
        },
        "Minh",
    )
    .expect("create");
    // The reporter's profile makes other sizes and quality than the office's.
    let hers = Spec {
        widths: vec![1000, 500],
        quality: 75,
    };
    let photo = media::import_file(
        &laptop,
        laptop_dir.path(),
        &write(src.path(), "cau.jpg", &jpeg(1200, 800, None)),
        &hers,
        "Minh",
    )
    .expect("photo");
    figures::add(
        &laptop,
        &a.id,
        a.revision,
        &photo.hash,
        &FigureChange::default(),
        "Minh",
    )
    .expect("figure");
    let file = src.path().join("bai.toasoan");
    bundle::export(&laptop, laptop_dir.path(), &a.id, &file, "Minh").expect("export");
    let files = |conn: &Connection, dir: &Path| -> Vec<(String, u32, String)> {
        media::get(conn, &photo.hash)
            .expect("photo there")
            .renditions
            .iter()
            .map(|r| {
                let bytes = std::fs::read(dir.join(&r.path)).expect("file");
                (r.spec.clone(), r.width, newsroom_base::sha256_hex(&bytes))
            })
            .collect()
    };
    let sent = files(&laptop, laptop_dir.path());
    assert_eq!(
        sent.iter().map(|(s, ..)| s.as_str()).collect::<Vec<_>>(),
        ["w1000-q75", "w500-q75"]
    );
    bundle::import(&office, office_dir.path(), &file, &spec(), "Hà").expect("import");
    assert_eq!(files(&office, office_dir.path()), sent);

    // A bundle whose size file was swapped for a picture of another shape: the office makes its
    // own sizes (its profile's) and the import goes on.
    let entries: Vec<(String, Vec<u8>)> = entries_of(&file)
        .into_iter()
        .map(|(name, bytes)| {
            if name.ends_with("-w500-q75") {
                (name, jpeg(500, 500, None))
            } else {
                (name, bytes)
            }
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = entries
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let swapped = src.path().join("doi-anh.toasoan");
    std::fs::write(&swapped, raw_zip(&refs)).expect("write");
    let (desk_dir, desk) = fresh();
    bundle::import(&desk, desk_dir.path(), &swapped, &spec(), "Lan").expect("import");
    let made = files(&desk, desk_dir.path());
    assert!(made.iter().all(|(s, ..)| s.ends_with("-q82")), "{made:?}");
    assert!(!made.iter().any(|m| sent.contains(m)), "{made:?}");
}

#[test]
fn both_sides_changed_keeps_both_and_merges() {
    let (laptop_dir, laptop) = fresh();
    let (office_dir, office) = fresh();
    let tmp = tempfile::tempdir().expect("tmp");
    let a = articles::create(
        &laptop,
        &ArticleInput {
            title: "Tin chung".into(),
            lead: "Sapo gốc.".into(),
            body: "Một.\n\nHai.\n\nBa.".into(),
            ..Default::default()
        },
        "Minh",
    )
    .expect("create");
    let first = tmp.path().join("1.toasoan");
    bundle::export(&laptop, laptop_dir.path(), &a.id, &first, "Minh").expect("export");
    bundle::import(&office, office_dir.path(), &first, &spec(), "Hà").expect("import");
    // Both change it before exchanging again: different fields, and the same line.
    edit(&laptop, &a.id, "Minh", |i| {
        i.lead = "Sapo của phóng viên.".into();
        i.body = "Một.\n\nHai (phóng viên).\n\nBa.".into();
    });
    edit(&office, &a.id, "Hà", |i| {
        i.title = "Tin chung đã biên tập".into();
        i.body = "Một.\n\nHai (biên tập).\n\nBa.".into();
    });
    let theirs = tmp.path().join("2.toasoan");
    bundle::export(&office, office_dir.path(), &a.id, &theirs, "Hà").expect("export");
    let before = articles::get(&laptop, &a.id).expect("before");
    let got = bundle::import(&laptop, laptop_dir.path(), &theirs, &spec(), "Minh").expect("import");
    assert_eq!(got.outcome, Outcome::Diverged);
    // Nothing overwritten: ours is still current, theirs is in the history beside it.
    let after = articles::get(&laptop, &a.id).expect("after");
    assert_eq!(
        (after.title.as_str(), after.lead.as_str(), after.revision),
        (before.title.as_str(), before.lead.as_str(), before.revision)
    );
    let d = bundle::divergence(&laptop, &a.id)
        .expect("divergence")
        .expect("diverged");
    assert_eq!(d.mine, before.revision);
    assert_eq!(
        newsroom::revisions::revision(&laptop, &a.id, d.theirs)
            .expect("theirs")
            .content
            .title,
        "Tin chung đã biên tập"
    );
    assert_eq!(
        newsroom::revisions::revision(&laptop, &a.id, d.base)
            .expect("base")
            .content
            .lead,
        "Sapo gốc."
    );
    // Merge: both sides' changes kept; the line both changed holds both versions, marked.
    let (merged, conflicts) = bundle::merge(&laptop, &a.id, "Minh").expect("merge");
    assert_eq!(merged.title, "Tin chung đã biên tập");
    assert_eq!(merged.lead, "Sapo của phóng viên.");
    assert_eq!(conflicts, ["body"]);
    assert!(
        merged.body.contains("Hai (phóng viên).") && merged.body.contains("Hai (biên tập)."),
        "{}",
        merged.body
    );
    assert!(
        bundle::divergence(&laptop, &a.id)
            .expect("settled")
            .is_none()
    );
}

/// A zip written by hand, so it can hold what a well-behaved writer refuses: duplicate names, any path.
fn raw_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let crc = |data: &[u8]| {
        let mut c = 0xffff_ffffu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    (c >> 1) ^ 0xedb8_8320
                } else {
                    c >> 1
                };
            }
        }
        !c
    };
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let offset = u32::try_from(out.len()).expect("small");
        let (len, c) = (u32::try_from(data.len()).expect("small"), crc(data));
        let n = u16::try_from(name.len()).expect("short");
        out.extend(0x0403_4b50u32.to_le_bytes());
        out.extend([20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend(c.to_le_bytes());
        out.extend(len.to_le_bytes());
        out.extend(len.to_le_bytes());
        out.extend(n.to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(name.as_bytes());
        out.extend(*data);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend([20, 3, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        central.extend(c.to_le_bytes());
        central.extend(len.to_le_bytes());
        central.extend(len.to_le_bytes());
        central.extend(n.to_le_bytes());
        central.extend([0u8; 8]);
        central.extend((0o100_644u32 << 16).to_le_bytes());
        central.extend(offset.to_le_bytes());
        central.extend(name.as_bytes());
    }
    let cd_offset = u32::try_from(out.len()).expect("small");
    let cd_len = u32::try_from(central.len()).expect("small");
    let count = u16::try_from(entries.len()).expect("few");
    out.extend(central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0, 0, 0, 0]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(cd_len.to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend([0, 0]);
    out
}

/// The entries of a real bundle, to tamper with.
fn good_entries(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let (data, conn) = fresh();
    let a = articles::create(
        &conn,
        &ArticleInput {
            title: "Bài mẫu".into(),
            body: "Nội dung.".into(),
            ..Default::default()
        },
        "Minh",
    )
    .expect("create");
    let file = dir.join("good.toasoan");
    bundle::export(&conn, data.path(), &a.id, &file, "Minh").expect("export");
    entries_of(&file)
}

/// The entries of bundle `file`, names and bytes, in order.
fn entries_of(file: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).expect("open")).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).expect("entry");
            let name = e.name().expect("name").to_string();
            let mut bytes = Vec::new();
            std::io::copy(&mut e, &mut bytes).expect("read");
            (name, bytes)
        })
        .collect()
}

#[test]
fn hostile_bundles_are_refused_and_nothing_is_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    let good = good_entries(tmp.path());
    let as_refs = |v: &[(String, Vec<u8>)]| -> Vec<u8> {
        let refs: Vec<(&str, &[u8])> = v.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        raw_zip(&refs)
    };
    let with = |extra: (&str, &[u8])| {
        let mut v = good.clone();
        v.push((extra.0.to_string(), extra.1.to_vec()));
        as_refs(&v)
    };
    let replaced = |name: &str, f: &dyn Fn(&str) -> String| {
        let v: Vec<(String, Vec<u8>)> = good
            .iter()
            .map(|(n, b)| {
                if n == name {
                    (
                        n.clone(),
                        f(std::str::from_utf8(b).expect("utf8")).into_bytes(),
                    )
                } else {
                    (n.clone(), b.clone())
                }
            })
            .collect();
        as_refs(&v)
    };
    // A zip bomb: 70 MB of zeros deflate to a few hundred KB.
    let bomb = {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut out);
        for (n, b) in &good {
            if n != "revisions.json" {
                z.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
                    .expect("start");
                z.write_all(b).expect("write");
            }
        }
        z.start_file("revisions.json", zip::write::SimpleFileOptions::default())
            .expect("start");
        let zeros = vec![b' '; 1024 * 1024];
        for _ in 0..70 {
            z.write_all(&zeros).expect("write");
        }
        z.finish().expect("finish");
        out.into_inner()
    };
    let symlink = {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut out);
        for (n, b) in &good {
            z.start_file(n.as_str(), zip::write::SimpleFileOptions::default())
                .expect("start");
            z.write_all(b).expect("write");
        }
        z.add_symlink(
            "photos/link",
            "/etc/passwd",
            zip::write::SimpleFileOptions::default(),
        )
        .expect("link");
        z.finish().expect("finish");
        out.into_inner()
    };
    let fake_photo = "a".repeat(64);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("zip-slip", with(("../../evil.txt", b"x")), "mục lạ"),
        ("absolute path", with(("/tmp/evil.txt", b"x")), "mục lạ"),
        ("windows path", with(("..\\evil.txt", b"x")), "mục lạ"),
        ("symlink", symlink, "liên kết"),
        (
            "duplicate names",
            with(("article.json", b"{}")),
            "hai mục cùng tên",
        ),
        ("zip bomb", bomb, "lớn quá"),
        (
            "newer format",
            replaced("bundle.json", &|s| {
                s.replace(
                    &format!("\"format_version\": {}", bundle::FORMAT_VERSION),
                    "\"format_version\": 99",
                )
            }),
            "phiên bản mới hơn",
        ),
        (
            "not ours",
            replaced("bundle.json", &|s| {
                s.replace("toasoan-bundle", "something-else")
            }),
            "không phải gói bài",
        ),
        (
            "not a zip",
            b"PK\x03\x04 not really a zip".to_vec(),
            "không phải gói bài",
        ),
        (
            "photo not matching its name",
            with((&format!("photos/{fake_photo}"), b"not that photo")),
            "không khớp",
        ),
        (
            "a photo size not listed",
            with((
                &format!("renditions/{fake_photo}-w100-q82"),
                b"\xff\xd8\xff",
            )),
            "tệp cỡ ảnh thừa",
        ),
        (
            "a photo size of a photo not in the bundle",
            replaced("renditions.json", &|_| {
                format!(r#"[{{"photo":"{fake_photo}","spec":"w100-q82","width":100,"height":50}}]"#)
            }),
            "renditions.json kể cỡ ảnh",
        ),
        (
            "a photo size named outside the format",
            with((&format!("renditions/{fake_photo}-w100-q82/../x"), b"x")),
            "mục lạ",
        ),
        (
            "missing entry",
            as_refs(
                &good
                    .iter()
                    .filter(|(n, _)| n != "revisions.json")
                    .cloned()
                    .collect::<Vec<_>>(),
            ),
            "thiếu revisions.json",
        ),
        (
            "broken json",
            replaced("article.json", &|s| s[..s.len() / 2].to_string()),
            "article.json không đọc được",
        ),
    ];
    let (data, conn) = fresh();
    for (what, bytes, expect) in cases {
        let file = tmp.path().join("x.toasoan");
        std::fs::write(&file, &bytes).expect("write");
        let before = counts(&conn);
        let err = bundle::import(&conn, data.path(), &file, &spec(), "Hà").expect_err(what);
        assert!(err.to_string().contains(expect), "{what}: {err}");
        assert_eq!(counts(&conn), before, "{what}: nothing written");
        assert!(
            !tmp.path().join("evil.txt").exists() && !Path::new("/tmp/evil.txt").exists(),
            "{what}"
        );
    }
    assert!(!data.path().join("media").exists(), "no photo stored");
}

/// A bundle exported while the writer's autosaves keep landing (each burst replaces its last
/// revision row) reads one consistent snapshot: every export succeeds and names a head it carries.
/// Found by the window's save-latency test, where an export failed with "no current revision".
#[test]
fn a_bundle_exported_during_autosaves_is_one_consistent_snapshot() {
    let (dir, conn) = fresh();
    let a = articles::create(
        &conn,
        &ArticleInput {
            title: "Bài đang gõ".into(),
            body: "Chữ đầu.".into(),
            ..Default::default()
        },
        "Lan",
    )
    .expect("create");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let data = dir.path().to_path_buf();
        let id = a.id.clone();
        std::thread::spawn(move || {
            let conn = newsroom::store::open(&data).expect("writer's connection");
            let mut n = 0u32;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let cur = articles::get(&conn, &id).expect("get");
                let mut input = ArticleInput::from(&cur);
                input.body = format!("Chữ đầu. Lần gõ {n}.");
                // Same author, seconds apart: one burst, whose last row each autosave replaces.
                articles::save(&conn, &id, cur.revision, &input, "Lan", SaveKind::Autosave)
                    .expect("autosave");
                n += 1;
            }
            n
        })
    };
    let out = tempfile::tempdir().expect("out");
    for i in 0..150 {
        let file = out.path().join(format!("b{i}.toasoan"));
        bundle::export(&conn, dir.path(), &a.id, &file, "Lan")
            .unwrap_or_else(|e| panic!("export {i} during autosaves: {e}"));
        bundle::check_file(&file).unwrap_or_else(|e| panic!("bundle {i}: {e}"));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let saves = writer.join().expect("writer");
    assert!(
        saves > 10,
        "the writer kept saving meanwhile ({saves} autosaves)"
    );
}

/// A bundle whose head moved past the approved revision, with its state written back to
/// "approved" by hand, does not leave the newer text looking approved.
#[test]
fn an_older_approval_never_makes_newer_text_look_approved() {
    let (office_dir, office) = fresh();
    let (other_dir, other) = fresh();
    let tmp = tempfile::tempdir().expect("tmp");
    let a = articles::create(
        &office,
        &ArticleInput {
            title: "Tin đã duyệt".into(),
            body: "Bản được duyệt.".into(),
            ..Default::default()
        },
        "Minh",
    )
    .expect("create");
    let hà = workflow::actor(&office, "Hà", None).expect("actor");
    for step in [Action::Submit, Action::Claim, Action::Approve] {
        workflow::transition(&office, &a.id, &hà, step, "").expect("step");
    }
    assert!(
        workflow::approval(&office, &a.id)
            .expect("approval")
            .is_some()
    );
    let first = tmp.path().join("duyet.toasoan");
    bundle::export(&office, office_dir.path(), &a.id, &first, "Hà").expect("export");
    // Someone else edits it (which sends it back to review) and writes "approved" back by hand.
    bundle::import(&other, other_dir.path(), &first, &spec(), "Tú").expect("import");
    edit(&other, &a.id, "Tú", |i| {
        i.body = "Bản khác, chưa ai duyệt.".into()
    });
    other
        .execute(
            "UPDATE articles SET status = 'approved' WHERE id = ?1",
            [&a.id],
        )
        .expect("forge the state");
    let forged = tmp.path().join("gia.toasoan");
    bundle::export(&other, other_dir.path(), &a.id, &forged, "Tú").expect("export");
    // The office, whose key made the approval, takes the newer text but not as approved.
    let got = bundle::import(&office, office_dir.path(), &forged, &spec(), "Hà").expect("import");
    assert_eq!(got.outcome, Outcome::FastForward);
    let here = articles::get(&office, &a.id).expect("article");
    assert_eq!(here.body, "Bản khác, chưa ai duyệt.");
    assert_eq!(here.status, Status::Submitted);
    assert!(
        workflow::approval(&office, &a.id)
            .expect("approval")
            .is_none()
    );
}
