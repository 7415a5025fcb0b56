use newsroom_e2e::newsroom;
use serde_json::Value;

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

#[test]
fn new_then_list_and_show_as_json() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body = "Chiều 2/12, **Đoàn Kiểm tra** làm việc.\n\nĐoạn hai.";
    let made = newsroom(
        dir.path(),
        &[
            "new",
            "--title",
            "Tăng cường quản lý tài nguyên",
            "--lead",
            "Chiều 2/12, Đoàn Kiểm tra làm việc tại Sở Tài nguyên và Môi trường.",
            "--byline",
            "Hoàng Tùng",
            "--category",
            "Tin tức",
            "--body-file",
            "-",
        ],
        Some(body),
    );
    assert_eq!(made.code, Some(0), "stderr: {}", made.stderr);
    let id = made.stdout.trim().to_string();
    assert_eq!(id.len(), 26, "prints the new ULID: {:?}", made.stdout);
    assert!(dir.path().join("newsroom.db").exists());

    let list = newsroom(dir.path(), &["--json", "list"], None);
    assert_eq!(list.code, Some(0), "stderr: {}", list.stderr);
    let list = json(&list.stdout);
    let items = list.as_array().expect("array");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], id.as_str());
    assert_eq!(items[0]["title"], "Tăng cường quản lý tài nguyên");
    assert_eq!(items[0]["status"], "draft");

    let show = newsroom(dir.path(), &["show", &id, "--json"], None);
    assert_eq!(show.code, Some(0), "stderr: {}", show.stderr);
    let a = json(&show.stdout);
    assert_eq!(a["body"], body);
    assert_eq!(a["authors"], serde_json::json!(["Hoàng Tùng"]));
    assert_eq!(a["revision"], 1);
    assert_eq!(a["slug"], "tang-cuong-quan-ly-tai-nguyen");
    assert_eq!(a["category"], "Tin tức");
    assert!(a["created_at"].as_str().expect("time").ends_with('Z'));
}

#[test]
fn body_file_and_plain_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let body_path = dir.path().join("bai.md");
    std::fs::write(&body_path, "Nội dung từ tệp.\r\nDòng hai.").expect("write body");
    let made = newsroom(
        dir.path(),
        &[
            "new",
            "--title",
            "Bài từ tệp",
            "--body-file",
            body_path.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(made.code, Some(0), "stderr: {}", made.stderr);
    let id = made.stdout.trim();
    let show = newsroom(dir.path(), &["show", id], None);
    assert!(show.stdout.starts_with("Bài từ tệp\n"), "{}", show.stdout);
    assert!(
        show.stdout.contains("Nội dung từ tệp.\nDòng hai."),
        "{}",
        show.stdout
    );
    let list = newsroom(dir.path(), &["list"], None);
    assert!(
        list.stdout.contains(id) && list.stdout.contains("Bài từ tệp"),
        "{}",
        list.stdout
    );
}

#[test]
fn export_writes_index_html() {
    let dir = tempfile::tempdir().expect("tempdir");
    let made = newsroom(
        dir.path(),
        &[
            "new",
            "--title",
            "Hải Phòng xuất bản",
            "--lead",
            "Sáng 3/12, thành phố họp.",
        ],
        None,
    );
    let id = made.stdout.trim();
    let out = dir.path().join("goi");
    // The checklist blocks it: no byline, no body. Nothing is written.
    let check = newsroom(dir.path(), &["check", id], None);
    assert_eq!(check.code, Some(1), "{}", check.stdout);
    assert!(
        check.stdout.contains("✗ Bài chưa có tên tác giả"),
        "{}",
        check.stdout
    );
    assert!(
        check.stderr.contains("Chưa xuất bản được"),
        "{}",
        check.stderr
    );
    let refused = newsroom(
        dir.path(),
        &["export", id, "--out", out.to_str().expect("utf8")],
        None,
    );
    assert_eq!(refused.code, Some(1));
    assert!(refused.stderr.contains("tên tác giả"), "{}", refused.stderr);
    assert!(!out.exists(), "nothing written");
    let fixed = newsroom(
        dir.path(),
        &[
            "edit",
            id,
            "--base-revision",
            "1",
            "--byline",
            "Hoàng Tùng",
            "--body-file",
            "-",
            "--published",
            "2020-12-02 10:16",
        ],
        Some("Nội dung."),
    );
    assert_eq!(fixed.code, Some(0), "stderr: {}", fixed.stderr);
    let check = newsroom(dir.path(), &["--json", "check", id], None);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    let list = json(&check.stdout);
    assert_eq!(list["blocked"], false);
    assert_eq!(list["profile_id"], "hai-phong");
    let export = newsroom(
        dir.path(),
        &["export", id, "--out", out.to_str().expect("utf8"), "--zip"],
        None,
    );
    assert_eq!(export.code, Some(0), "stderr: {}", export.stderr);
    let folder = out.join("hai-phong-xuat-ban");
    assert_eq!(
        export.stdout,
        format!("{}\n{}.zip\n", folder.display(), folder.display())
    );
    let html = std::fs::read_to_string(folder.join("index.html")).expect("index.html");
    for file in ["article.html", "article.json", "manifest.json"] {
        assert!(folder.join(file).is_file(), "{file}");
    }
    let zip = std::fs::read(out.join("hai-phong-xuat-ban.zip")).expect("zip");
    assert!(zip.starts_with(b"PK"));
    assert!(html.contains("<h1 class=\"title\">Hải Phòng xuất bản</h1>"));
    assert!(html.contains("(Haiphong.gov.vn) - Sáng 3/12, thành phố họp."));
    assert!(html.contains("Thời gian: 02/12/2020 10:16"));
    let valid = newsroom(
        dir.path(),
        &["validate", folder.to_str().expect("utf8")],
        None,
    );
    assert_eq!(valid.code, Some(0), "{}", valid.stderr);
    assert!(valid.stdout.starts_with("Gói hợp lệ"));
    // One byte of an image or the page changed: the validator says which file.
    let mut page = html.into_bytes();
    page[20] ^= 1;
    std::fs::write(folder.join("index.html"), page).expect("tamper");
    let invalid = newsroom(
        dir.path(),
        &["validate", folder.to_str().expect("utf8")],
        None,
    );
    assert_eq!(invalid.code, Some(1));
    assert!(
        invalid.stderr.contains("index.html đã bị thay đổi"),
        "{}",
        invalid.stderr
    );
}

#[test]
fn profiles_import_export_switch_the_package() {
    let dir = tempfile::tempdir().expect("tempdir");
    let list = newsroom(dir.path(), &["profile", "list"], None);
    assert_eq!(list.code, Some(0), "{}", list.stderr);
    assert!(list.stdout.starts_with("* hai-phong"), "{}", list.stdout);
    let shown = newsroom(dir.path(), &["profile", "show", "hai-phong"], None);
    let mut district = json(&shown.stdout);
    district["id"] = "do-son".into();
    district["name"] = "Cổng TTĐT quận Đồ Sơn".into();
    district["site_name"] = "Quận Đồ Sơn".into();
    district["lead_prefix"] = "(DoSon.gov.vn) - ".into();
    district["time_format"] = "%H:%M %d/%m/%Y".into();
    district["rendition_widths"] = serde_json::json!([640]);
    district["slug_style"] = "title_date".into();
    district["checks"] = serde_json::json!({ "byline": "recommended" });
    let file = dir.path().join("do-son.json");
    std::fs::write(&file, district.to_string()).expect("write");
    let imported = newsroom(
        dir.path(),
        &["profile", "import", file.to_str().expect("utf8")],
        None,
    );
    assert_eq!(imported.code, Some(0), "{}", imported.stderr);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"id": "x y"}"#).expect("write");
    let refused = newsroom(
        dir.path(),
        &["profile", "import", bad.to_str().expect("utf8")],
        None,
    );
    assert_eq!(refused.code, Some(1));
    assert!(
        refused.stderr.contains("không phải hồ sơ cổng"),
        "{}",
        refused.stderr
    );

    let made = newsroom(
        dir.path(),
        &[
            "new",
            "--title",
            "Đồ Sơn đón khách",
            "--lead",
            "Sáng 5/6.",
            "--body-file",
            "-",
            "--published",
            "2021-06-05 08:30",
        ],
        Some("Nội dung."),
    );
    let id = made.stdout.trim();
    let out = dir.path().join("goi");
    let out_s = out.to_str().expect("utf8");
    // No byline: required for Hải Phòng, only recommended for Đồ Sơn.
    let hp = newsroom(dir.path(), &["export", id, "--out", out_s], None);
    assert_eq!(hp.code, Some(1), "{}", hp.stdout);
    let ds = newsroom(
        dir.path(),
        &["export", id, "--out", out_s, "--profile", "do-son"],
        None,
    );
    assert_eq!(ds.code, Some(0), "{}", ds.stderr);
    let folder = out.join("do-son-don-khach-20210605");
    let html = std::fs::read_to_string(folder.join("index.html")).expect("index");
    assert!(html.contains("(DoSon.gov.vn) - Sáng 5/6."), "{html}");
    assert!(html.contains("Thời gian: 08:30 05/06/2021"), "{html}");
    assert!(html.contains("Quận Đồ Sơn"));
    let manifest = json(&std::fs::read_to_string(folder.join("manifest.json")).expect("manifest"));
    assert_eq!(manifest["profile"]["id"], "do-son");

    let made_default = newsroom(dir.path(), &["profile", "default", "do-son"], None);
    assert_eq!(made_default.code, Some(0), "{}", made_default.stderr);
    let back = dir.path().join("back.json");
    let exported = newsroom(
        dir.path(),
        &[
            "profile",
            "export",
            "do-son",
            "--out",
            back.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(exported.code, Some(0), "{}", exported.stderr);
    assert_eq!(
        json(&std::fs::read_to_string(&back).expect("read"))["lead_prefix"],
        "(DoSon.gov.vn) - "
    );
    let list = newsroom(dir.path(), &["profile", "list"], None);
    assert!(list.stdout.contains("* do-son"), "{}", list.stdout);
}

#[test]
fn bad_id_is_one_clear_line_and_non_zero() {
    let dir = tempfile::tempdir().expect("tempdir");
    for id in ["01ARZ3NDEKTSV4RRFFQ69G5FAV", "khong-co"] {
        let r = newsroom(dir.path(), &["show", id], None);
        assert_eq!(r.code, Some(1));
        assert!(r.stdout.is_empty());
        assert_eq!(r.stderr.lines().count(), 1, "one line: {:?}", r.stderr);
        assert!(r.stderr.contains("Không tìm thấy bài viết"), "{}", r.stderr);
        assert!(r.stderr.contains(id));
        assert!(!r.stderr.contains("panicked"));
        // With --json, the failure is one line of JSON on standard error, with the core's code.
        let r = newsroom(dir.path(), &["--json", "show", id], None);
        assert_eq!(r.code, Some(1));
        assert_eq!(r.stdout, "");
        assert_eq!(r.stderr.lines().count(), 1, "one line: {:?}", r.stderr);
        let e = json(&r.stderr);
        assert_eq!(e["error"]["code"], "not_found", "{}", r.stderr);
        assert!(
            e["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("Không tìm thấy bài viết") && m.contains(id)),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn empty_title_and_missing_body_file_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = newsroom(dir.path(), &["new", "--title", "  "], None);
    assert_eq!(r.code, Some(1));
    assert!(
        r.stderr.contains("tiêu đề không được để trống"),
        "{}",
        r.stderr
    );
    let r = newsroom(
        dir.path(),
        &["new", "--title", "X", "--body-file", "/khong/co/tep.md"],
        None,
    );
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stderr.lines().count(), 1, "{:?}", r.stderr);
    let list = newsroom(dir.path(), &["--json", "list"], None);
    assert_eq!(
        json(&list.stdout),
        serde_json::json!([]),
        "nothing was added"
    );
}

#[test]
fn env_var_chooses_the_data_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = std::process::Command::new(newsroom_e2e::binary("newsroom"))
        .args(["new", "--title", "Qua biến môi trường"])
        .env("NEWSROOM_DATA_DIR", dir.path())
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = newsroom(dir.path(), &["--json", "list"], None);
    assert_eq!(json(&list.stdout)[0]["title"], "Qua biến môi trường");
}

/// Runs `newsroom` and expects success; returns stdout.
fn ok(dir: &std::path::Path, args: &[&str]) -> String {
    let r = newsroom(dir, args, None);
    assert_eq!(r.code, Some(0), "newsroom {args:?}: {}", r.stderr);
    r.stdout
}

#[test]
fn edit_refuses_a_stale_base_revision() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = ok(
        dir.path(),
        &["new", "--title", "Bản gốc", "--as", "Hoàng Tùng"],
    )
    .trim()
    .to_string();
    let out = ok(
        dir.path(),
        &[
            "edit",
            &id,
            "--base-revision",
            "1",
            "--lead",
            "Sáng 3/12",
            "--as",
            "Biên tập",
        ],
    );
    assert!(out.contains("bản 2"), "{out}");
    // A second edit still based on revision 1 is refused, with both numbers named.
    let r = newsroom(
        dir.path(),
        &["edit", &id, "--base-revision", "1", "--title", "Ghi đè"],
        None,
    );
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stderr.lines().count(), 1, "{:?}", r.stderr);
    assert!(
        r.stderr.contains("bản 1") && r.stderr.contains("bản 2"),
        "{}",
        r.stderr
    );
    let a = json(&ok(dir.path(), &["--json", "show", &id]));
    assert_eq!(a["title"], "Bản gốc");
    assert_eq!(a["lead"], "Sáng 3/12");
}

#[test]
fn history_diff_and_restore() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = ok(
        dir.path(),
        &["new", "--title", "Sở Tài Nguyên", "--as", "An"],
    )
    .trim()
    .to_string();
    ok(
        dir.path(),
        &[
            "edit",
            &id,
            "--base-revision",
            "1",
            "--title",
            "Sở Tài nguyên và Môi trường",
            "--as",
            "Bình",
        ],
    );
    let history = json(&ok(dir.path(), &["--json", "history", &id]));
    let rows = history.as_array().expect("array");
    assert_eq!(rows.len(), 2);
    assert_eq!(
        (rows[0]["number"].as_i64(), rows[0]["author"].as_str()),
        (Some(2), Some("Bình"))
    );
    assert_eq!(
        (rows[1]["kind"].as_str(), rows[1]["author"].as_str()),
        (Some("create"), Some("An"))
    );
    let diff = ok(dir.path(), &["diff", &id, "1", "2"]);
    assert!(diff.contains("== title =="), "{diff}");
    assert!(
        diff.contains("[-Nguyên-]") && diff.contains("{+nguyên và Môi trường+}"),
        "{diff}"
    );
    let restored = json(&ok(dir.path(), &["--json", "restore", &id, "1"]));
    assert_eq!(restored["title"], "Sở Tài Nguyên");
    assert_eq!(restored["revision"], 3);
}

#[test]
fn spike_unspike_and_delete_from_the_trash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = ok(dir.path(), &["new", "--title", "Tin cũ"])
        .trim()
        .to_string();
    let r = newsroom(dir.path(), &["delete", &id], None);
    assert_eq!(r.code, Some(1), "only from the trash");
    assert!(r.stderr.contains("thùng rác"), "{}", r.stderr);
    ok(dir.path(), &["spike", &id]);
    assert_eq!(
        json(&ok(dir.path(), &["--json", "list"])),
        serde_json::json!([])
    );
    let trash = json(&ok(dir.path(), &["--json", "list", "--status", "spiked"]));
    assert_eq!(trash[0]["id"], id.as_str());
    ok(dir.path(), &["unspike", &id]);
    assert_eq!(
        json(&ok(dir.path(), &["--json", "list"]))[0]["status"],
        "draft"
    );
    ok(dir.path(), &["spike", &id]);
    ok(dir.path(), &["delete", &id]);
    let r = newsroom(dir.path(), &["show", &id], None);
    assert_eq!(r.code, Some(1));
}

#[test]
fn search_finds_unmarked_queries() {
    let dir = tempfile::tempdir().expect("tempdir");
    ok(
        dir.path(),
        &[
            "new",
            "--title",
            "Sở Tài nguyên và Môi trường kiểm tra",
            "--category",
            "Môi trường",
        ],
    );
    ok(
        dir.path(),
        &[
            "new",
            "--title",
            "Đại hội Đảng bộ quận Hồng Bàng",
            "--body-file",
            "-",
        ],
    );
    let hits = json(&ok(
        dir.path(),
        &["--json", "search", "tai nguyen moi truong"],
    ));
    assert_eq!(hits.as_array().map(Vec::len), Some(1));
    assert_eq!(
        hits[0]["article"]["title"],
        "Sở Tài nguyên và Môi trường kiểm tra"
    );
    let plain = ok(dir.path(), &["search", "dang bo"]);
    assert!(plain.contains("Đại hội Đảng bộ quận Hồng Bàng"), "{plain}");
    let none = json(&ok(
        dir.path(),
        &["--json", "search", "dang bo", "--category", "Môi trường"],
    ));
    assert_eq!(none, serde_json::json!([]));
}

#[test]
fn backup_and_restore_on_another_machine() {
    let dir = tempfile::tempdir().expect("tempdir");
    let id = ok(dir.path(), &["new", "--title", "Bài cần sao lưu"])
        .trim()
        .to_string();
    let file = dir.path().join("sao-luu.zip");
    let out = ok(
        dir.path(),
        &["backup", "--out", file.to_str().expect("utf8")],
    );
    assert!(out.contains("1 bài viết"), "{out}");

    let other = tempfile::tempdir().expect("other machine");
    let r = ok(
        other.path(),
        &["restore-backup", file.to_str().expect("utf8")],
    );
    assert!(r.contains("Đã khôi phục 1 bài viết"), "{r}");
    let shown = json(&ok(other.path(), &["--json", "show", &id]));
    assert_eq!(shown["title"], "Bài cần sao lưu");

    let junk = dir.path().join("junk.zip");
    std::fs::write(&junk, b"PK not really").expect("write");
    let r = newsroom(
        other.path(),
        &["restore-backup", junk.to_str().expect("utf8")],
        None,
    );
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("không phải bản sao lưu"), "{}", r.stderr);
    assert_eq!(
        json(&ok(other.path(), &["--json", "show", &id]))["title"],
        "Bài cần sao lưu"
    );
}

#[test]
fn photos_are_added_listed_changed_and_removed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("du-lieu");
    let id = ok(&data, &["new", "--title", "Bài có ảnh"])
        .trim()
        .to_string();
    // A real JPEG made by ImageMagick (the README's set-up installs it), and a text file.
    let photo = dir.path().join("IMG_0001.jpg");
    let made = std::process::Command::new("convert")
        .args(["-size", "2400x1600", "gradient:navy-gold", "-quality", "90"])
        .arg(&photo)
        .status()
        .expect("run convert");
    assert!(made.success());
    let fake = dir.path().join("ghi-chu.jpg");
    std::fs::write(&fake, "không phải ảnh").expect("write");

    let added = newsroom(
        &data,
        &[
            "--json",
            "photo",
            "add",
            &id,
            photo.to_str().expect("utf8"),
            fake.to_str().expect("utf8"),
            "--caption",
            "Toàn cảnh buổi làm việc",
            "--alt",
            "Hội trường với các đại biểu",
            "--lead",
        ],
        None,
    );
    assert_eq!(added.code, Some(1), "the bad file fails the command");
    assert!(
        added.stderr.contains("ghi-chu.jpg") && added.stderr.contains("không phải là ảnh"),
        "{}",
        added.stderr
    );
    let figs = json(&added.stdout);
    assert_eq!(
        figs.as_array().map(Vec::len),
        Some(1),
        "the good photo was added"
    );
    assert_eq!(figs[0]["n"], 1);
    assert_eq!(figs[0]["lead"], true);
    assert_eq!(figs[0]["caption"], "Toàn cảnh buổi làm việc");
    let renditions = figs[0]["photo"]["renditions"]
        .as_array()
        .expect("renditions");
    let widths: Vec<u64> = renditions
        .iter()
        .filter_map(|r| r["width"].as_u64())
        .collect();
    assert_eq!(widths, [1600, 800, 320]);
    for r in renditions {
        let path = std::path::Path::new(r["path"].as_str().expect("path"));
        let bytes = std::fs::metadata(path).expect("rendition file").len();
        assert_eq!(Some(bytes), r["bytes"].as_u64());
    }
    let body = json(&ok(&data, &["--json", "show", &id]))["body"].clone();
    assert_eq!(
        body,
        "![Hội trường với các đại biểu](anh:1 \"Toàn cảnh buổi làm việc\")"
    );

    let set = json(&ok(
        &data,
        &[
            "--json",
            "photo",
            "set",
            &id,
            "1",
            "--caption",
            "Chiều 2/12",
            "--credit",
            "Hoàng Tùng",
        ],
    ));
    assert_eq!(set[0]["caption"], "Chiều 2/12");
    assert_eq!(set[0]["credit"], "Hoàng Tùng");
    let listed = json(&ok(&data, &["--json", "photo", "list", &id]));
    assert_eq!(listed, set);

    let removed = json(&ok(&data, &["--json", "photo", "remove", &id, "1"]));
    assert_eq!(removed.as_array().map(Vec::len), Some(0));
    let body = json(&ok(&data, &["--json", "show", &id]))["body"].clone();
    assert_eq!(body, "");
}

#[test]
fn review_and_approval_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let run = |args: &[&str], stdin: Option<&str>| newsroom(d, args, stdin);
    // The first profile is an admin; the admin adds the others.
    let first = run(
        &[
            "--as",
            "Lan",
            "user",
            "add",
            "Lan",
            "--role",
            "quản trị",
            "--new-pin",
            "2468",
        ],
        None,
    );
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let no_pin = run(
        &["--as", "Lan", "user", "add", "Minh", "--role", "reporter"],
        None,
    );
    assert_eq!(no_pin.code, Some(1));
    assert!(no_pin.stderr.contains("PIN"), "{}", no_pin.stderr);
    for (name, role) in [("Minh", "reporter"), ("Hà", "editor"), ("Tú", "staff")] {
        let r = run(
            &[
                "--as", "Lan", "--pin", "2468", "user", "add", name, "--role", role,
            ],
            None,
        );
        assert_eq!(r.code, Some(0), "{}", r.stderr);
    }
    let stranger = run(&["--as", "Người lạ", "new", "--title", "X"], None);
    assert_eq!(stranger.code, Some(1));
    assert!(
        stranger.stderr.contains("Không tìm thấy người dùng"),
        "{}",
        stranger.stderr
    );

    let made = run(
        &[
            "--as",
            "Minh",
            "new",
            "--title",
            "Cầu Hoàng Văn Thụ thông xe",
            "--lead",
            "Sáng 3/12.",
            "--byline",
            "Minh",
            "--body-file",
            "-",
        ],
        Some("Nội dung."),
    );
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let id = made.stdout.trim().to_string();
    let refused = run(&["--as", "Minh", "approve", &id], None);
    assert_eq!(refused.code, Some(1));
    assert!(
        refused
            .stderr
            .contains("Vai trò phóng viên không được duyệt"),
        "{}",
        refused.stderr
    );
    for (who, args) in [
        ("Minh", vec!["submit", id.as_str()]),
        ("Hà", vec!["claim", id.as_str()]),
        (
            "Hà",
            vec![
                "request-changes",
                id.as_str(),
                "--note",
                "Thêm giờ thông xe",
            ],
        ),
        ("Minh", vec!["submit", id.as_str()]),
        ("Hà", vec!["claim", id.as_str()]),
        ("Hà", vec!["approve", id.as_str()]),
    ] {
        let mut all = vec!["--as", who];
        all.extend(args.iter());
        let r = run(&all, None);
        assert_eq!(r.code, Some(0), "{all:?}: {}", r.stderr);
    }
    let out = d.join("goi");
    let out_s = out.to_str().expect("utf8");
    let by_editor = run(&["--as", "Hà", "export", &id, "--out", out_s], None);
    assert_eq!(by_editor.code, Some(1));
    assert!(
        by_editor.stderr.contains("chỉ cán bộ đăng tin"),
        "{}",
        by_editor.stderr
    );
    let by_staff = run(&["--as", "Tú", "export", &id, "--out", out_s], None);
    assert_eq!(by_staff.code, Some(0), "{}", by_staff.stderr);
    let manifest = json(
        &std::fs::read_to_string(out.join("cau-hoang-van-thu-thong-xe/manifest.json"))
            .expect("manifest"),
    );
    assert_eq!(manifest["approval"]["approver"], "Hà");
    let shown = json(&run(&["--json", "show", &id], None).stdout);
    assert_eq!(shown["status"], "exported");
    let log = run(&["log", &id], None);
    assert_eq!(log.code, Some(0), "{}", log.stderr);
    let steps: Vec<&str> = log.stdout.lines().collect();
    assert_eq!(steps.len(), 8, "{}", log.stdout);
    assert!(
        steps[3].contains(
            "Hà · request_changes: Đang biên tập → Yêu cầu sửa (bản 1) — Thêm giờ thông xe"
        ),
        "{}",
        log.stdout
    );
    assert!(
        steps[7].contains("Tú · export: Đã duyệt → Đã xuất"),
        "{}",
        log.stdout
    );

    // verify: the package is what Hà approved, until one byte of it changes.
    let folder = out.join("cau-hoang-van-thu-thong-xe");
    let folder_s = folder.to_str().expect("utf8");
    let ok = run(&["verify", folder_s], None);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    assert!(
        ok.stdout.contains("Gói đúng là bản đã duyệt: Hà"),
        "{}",
        ok.stdout
    );
    let page = folder.join("index.html");
    let mut bytes = std::fs::read(&page).expect("page");
    let at = bytes.len() - 10;
    bytes[at] ^= 1;
    std::fs::write(&page, bytes).expect("tamper");
    let bad = run(&["verify", folder_s], None);
    assert_eq!(bad.code, Some(1));
    assert!(
        bad.stderr.contains("index.html đã bị thay đổi"),
        "{}",
        bad.stderr
    );

    // Comments: on a phrase of the title, a reply, resolved by the editor.
    let c = run(
        &[
            "--as",
            "Hà",
            "comment",
            &id,
            "--text",
            "Ghi rõ ngày",
            "--field",
            "title",
            "--quote",
            "thông xe",
        ],
        None,
    );
    assert_eq!(c.code, Some(0), "{}", c.stderr);
    let cid = c.stdout.trim().to_string();
    let r = run(
        &[
            "--as",
            "Minh",
            "comment",
            &id,
            "--text",
            "Đã thêm",
            "--reply-to",
            &cid,
        ],
        None,
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let done = run(&["--as", "Hà", "resolve", &cid], None);
    assert_eq!(done.code, Some(0), "{}", done.stderr);
    let listed = run(&["comments", &id], None);
    assert!(
        listed.stdout.contains(&format!(
            "#{cid} Hà về “thông xe”: Ghi rõ ngày [đã xong: Hà]"
        )),
        "{}",
        listed.stdout
    );
    assert!(
        listed.stdout.contains(&format!("↳ trả lời #{cid}")),
        "{}",
        listed.stdout
    );
}

#[test]
fn a_bundle_travels_between_two_laptops_and_a_conflict_is_merged() {
    let laptop = tempfile::tempdir().expect("laptop");
    let office = tempfile::tempdir().expect("office");
    let usb = tempfile::tempdir().expect("usb");
    let (l, o) = (laptop.path(), office.path());
    let made = newsroom(
        l,
        &[
            "new",
            "--title",
            "Hội chợ Xuân",
            "--lead",
            "Sáng 1/2.",
            "--body-file",
            "-",
        ],
        Some("Một.\n\nHai.\n\nBa."),
    );
    let id = made.stdout.trim().to_string();
    let to_office = usb.path().join("di.toasoan");
    let out = newsroom(
        l,
        &[
            "bundle",
            "export",
            &id,
            "--out",
            to_office.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let got = newsroom(
        o,
        &["bundle", "import", to_office.to_str().expect("utf8")],
        None,
    );
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert!(got.stdout.contains("bài mới"), "{}", got.stdout);
    // Both edit before exchanging again.
    let e = newsroom(
        o,
        &[
            "edit",
            &id,
            "--base-revision",
            "1",
            "--title",
            "Hội chợ Xuân 2027",
        ],
        None,
    );
    assert_eq!(e.code, Some(0), "{}", e.stderr);
    let e = newsroom(
        l,
        &[
            "edit",
            &id,
            "--base-revision",
            "1",
            "--lead",
            "Sáng 1/2, khai mạc.",
        ],
        None,
    );
    assert_eq!(e.code, Some(0), "{}", e.stderr);
    let back = usb.path().join("ve.toasoan");
    newsroom(
        o,
        &[
            "bundle",
            "export",
            &id,
            "--out",
            back.to_str().expect("utf8"),
        ],
        None,
    );
    let got = newsroom(l, &["bundle", "import", back.to_str().expect("utf8")], None);
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    assert!(got.stdout.contains("hai bên cùng sửa"), "{}", got.stdout);
    let shown = json(&newsroom(l, &["--json", "show", &id], None).stdout);
    assert_eq!(shown["title"], "Hội chợ Xuân", "ours stays until merged");
    let merged = newsroom(l, &["bundle", "merge", &id], None);
    assert_eq!(merged.code, Some(0), "{}", merged.stderr);
    let shown = json(&newsroom(l, &["--json", "show", &id], None).stdout);
    assert_eq!(shown["title"], "Hội chợ Xuân 2027");
    assert_eq!(shown["lead"], "Sáng 1/2, khai mạc.");
    // Something that is not a bundle: refused, nothing added.
    let junk = usb.path().join("junk.toasoan");
    std::fs::write(&junk, "không phải zip").expect("junk");
    let bad = newsroom(o, &["bundle", "import", junk.to_str().expect("utf8")], None);
    assert_eq!(bad.code, Some(1));
    assert!(bad.stderr.contains("không phải gói bài"), "{}", bad.stderr);
    let list = json(&newsroom(o, &["--json", "list"], None).stdout);
    assert_eq!(list.as_array().expect("list").len(), 1);
}

#[test]
fn a_tcvn3_file_becomes_unicode_and_tone_marks_follow_the_house_style() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A .txt saved from an old Word document in .VnTime: 8-bit bytes, ư as 0xAD.
    let file = dir.path().join("cu.txt");
    std::fs::write(
        &file,
        b"S\xeb T\xb5i nguy\xaan v\xb5 M\xabi tr\xad\xeang, Th\xb5nh \xf1y.",
    )
    .expect("write");
    let made = newsroom(
        dir.path(),
        &[
            "new",
            "--title",
            "Bài cũ",
            "--body-file",
            file.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    assert!(
        made.stderr.contains("chuyển từ bảng mã TCVN3"),
        "{}",
        made.stderr
    );
    let id = made.stdout.trim().to_string();
    let shown = json(&newsroom(dir.path(), &["--json", "show", &id], None).stdout);
    assert_eq!(shown["body"], "Sở Tài nguyên và Môi trường, Thành ủy.");
    // Mixed placements are flagged; retone to the new style leaves the name Hòa Bình alone.
    let e = newsroom(
        dir.path(),
        &["edit", &id, "--base-revision", "1", "--body-file", "-"],
        Some("Thành ủy và Ban Tuyên giáo Thành uỷ về Hòa Bình."),
    );
    assert_eq!(e.code, Some(0), "{}", e.stderr);
    let check = json(&newsroom(dir.path(), &["--json", "check", &id], None).stdout);
    let item = check["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == "tone_style")
        .expect("item")
        .clone();
    assert_eq!(item["ok"], false, "{item}");
    let r = newsroom(dir.path(), &["retone", &id, "--style", "new"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let shown = json(&newsroom(dir.path(), &["--json", "show", &id], None).stdout);
    assert_eq!(
        shown["body"],
        "Thành uỷ và Ban Tuyên giáo Thành uỷ về Hòa Bình."
    );
}

#[test]
fn an_html_body_file_becomes_markdown() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("bai.html");
    std::fs::write(
        &file,
        "<html><head><style>.c{font-family:\".VnTime\"}</style></head><body><h2>Tin</h2><p class=c>S\u{EB} T\u{B5}i nguy\u{AA}n</p><p><b>Đậm</b> và <a href=\"https://haiphong.gov.vn\">liên kết</a></p></body></html>",
    )
    .expect("write");
    let made = newsroom(
        dir.path(),
        &[
            "new",
            "--title",
            "Từ HTML",
            "--body-file",
            file.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    assert!(
        made.stderr.contains("HTML được chuyển sang Markdown") && made.stderr.contains("TCVN3"),
        "{}",
        made.stderr
    );
    let shown = json(&newsroom(dir.path(), &["--json", "show", made.stdout.trim()], None).stdout);
    assert_eq!(
        shown["body"],
        "## Tin\n\nSở Tài nguyên\n\n**Đậm** và [liên kết](https://haiphong.gov.vn)"
    );
}

#[test]
fn spelling_from_the_command_line_with_the_newsroom_dictionary() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ok = newsroom(
        dir.path(),
        &["spell", "Thành ủy", "Thành uỷ", "Hải Phòng"],
        None,
    );
    assert_eq!(ok.code, Some(0), "{}{}", ok.stdout, ok.stderr);
    let bad = newsroom(dir.path(), &["spell", "nguời dân"], None);
    assert_eq!(bad.code, Some(1));
    assert!(
        bad.stdout.contains("✗ nguời: ") && bad.stdout.contains("người"),
        "{}",
        bad.stdout
    );
    let name = newsroom(dir.path(), &["spell", "Vinhomes"], None);
    assert_eq!(name.code, Some(1));
    let add = newsroom(dir.path(), &["dictionary", "Vinhomes"], None);
    assert_eq!(add.code, Some(0), "{}", add.stderr);
    let name = newsroom(dir.path(), &["spell", "Vinhomes"], None);
    assert_eq!(name.code, Some(0), "{}", name.stdout);
}

#[test]
fn official_names_and_dates_in_check_and_the_names_list_edited() {
    let dir = tempfile::tempdir().expect("tempdir");
    let made = newsroom(
        dir.path(),
        &[
            "new",
            "--title",
            "Kiểm tra",
            "--lead",
            "Sáng Thứ Ba, 02/12/2020, Sở Tài Nguyên Và Môi Trường họp với Sở Xây Dựng.",
        ],
        None,
    );
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let id = made.stdout.trim().to_string();
    let check = newsroom(dir.path(), &["check", &id], None);
    assert!(
        check
            .stdout
            .contains("“Sở Tài Nguyên Và Môi Trường” → “Sở Tài nguyên và Môi trường”")
            && check.stdout.contains("“Sở Xây Dựng” → “Sở Xây dựng”")
            && check
                .stdout
                .contains("Ngày 02/12/2020 là Thứ Tư, không phải Thứ Ba."),
        "{}",
        check.stdout
    );
    // The list is dated and marked for review; replacing it (here: a newsroom that has reviewed a
    // list without Sở Xây dựng) changes what is checked.
    let shown = newsroom(dir.path(), &["profile", "names"], None);
    assert!(
        shown
            .stdout
            .starts_with("# cập nhật: 2026-11-27\n# cần rà soát: có\n")
            && shown.stdout.contains("\nSở Tài nguyên và Môi trường\n"),
        "{}",
        shown.stdout
    );
    let file = dir.path().join("ten.txt");
    std::fs::write(
        &file,
        "# cập nhật: 2026-12-01\n# cần rà soát: không\nSở Tài nguyên và Môi trường\n",
    )
    .expect("write");
    let set = newsroom(
        dir.path(),
        &["profile", "names", "--from", file.to_str().expect("utf8")],
        None,
    );
    assert_eq!(set.code, Some(0), "{}", set.stderr);
    let check = newsroom(dir.path(), &["check", &id], None);
    assert!(
        check.stdout.contains("Sở Tài Nguyên Và Môi Trường")
            && !check.stdout.contains("Sở Xây dựng")
            && !check.stdout.contains("chưa được tòa soạn rà soát"),
        "{}",
        check.stdout
    );
    // A list with a bad date is refused and the stored one stays.
    std::fs::write(&file, "# cập nhật: hôm qua\nSở Y tế\n").expect("write");
    let bad = newsroom(
        dir.path(),
        &["profile", "names", "--from", file.to_str().expect("utf8")],
        None,
    );
    assert_eq!(bad.code, Some(1), "{}{}", bad.stdout, bad.stderr);
    assert!(bad.stderr.contains("NNNN-TT-NN"), "{}", bad.stderr);
    let shown = newsroom(dir.path(), &["profile", "names"], None);
    assert!(
        shown.stdout.starts_with("# cập nhật: 2026-12-01\n"),
        "{}",
        shown.stdout
    );
}

#[test]
fn dates_as_the_portal_writes_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = newsroom(dir.path(), &["date", "--at", "2020-12-02 15:20"], None);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(r.stdout, "Chiều 2/12\nThứ Tư, 02/12/2020 15:20\n");
    let r = newsroom(dir.path(), &["date", "--at", "hôm qua"], None);
    assert_eq!(r.code, Some(1));
}

/// Issue 14: text pasted from the web or Word has non-breaking spaces; one before a word the
/// dictionary does not know made `check` and `export` panic.
#[test]
fn a_non_breaking_space_goes_through_check_and_export() {
    let dir = tempfile::tempdir().expect("tempdir");
    let made = newsroom(
        dir.path(),
        &[
            "new",
            "--title",
            "Ông\u{A0}Xyzabc phát biểu",
            "--lead",
            "Sáng 3/12, ông\u{A0}Xyabc phát biểu.",
            "--byline",
            "Hoàng Tùng",
            "--published",
            "2020-12-02 10:16",
            "--body-file",
            "-",
        ],
        Some("Ông\u{A0}Xyzabc phát biểu.\u{A0}Bà\u{202F}Xyabc\u{3000}cũng vậy."),
    );
    assert_eq!(made.code, Some(0), "stderr: {}", made.stderr);
    let id = made.stdout.trim();
    let check = newsroom(dir.path(), &["--json", "check", id], None);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert!(!check.stderr.contains("panicked"), "{}", check.stderr);
    // The unknown word is reported by the spelling item, as a word.
    assert!(check.stdout.contains("Xyabc"), "{}", check.stdout);
    let out = dir.path().join("goi");
    let export = newsroom(
        dir.path(),
        &["export", id, "--out", out.to_str().expect("utf8")],
        None,
    );
    assert_eq!(export.code, Some(0), "stderr: {}", export.stderr);
    let folder = export.stdout.trim();
    let valid = newsroom(dir.path(), &["validate", folder], None);
    assert_eq!(valid.code, Some(0), "{}", valid.stderr);
}

/// Issue 14: `newsroom list --json | head` panicked with "failed printing to stdout". A reader
/// that went away ends the command quietly, as `ls | head` does.
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let dir = tempfile::tempdir().expect("tempdir");
    for n in 0..3 {
        let made = newsroom(dir.path(), &["new", "--title", &format!("Bài {n}")], None);
        assert_eq!(made.code, Some(0), "{}", made.stderr);
    }
    for args in [
        &["--json", "list"][..],
        &["list"][..],
        &["--json", "check", "--help"][..],
    ] {
        // The reading end is closed before the command starts: its first write meets a broken pipe.
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let out = std::process::Command::new(newsroom_e2e::binary("newsroom"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env_remove("NEWSROOM_DATA_DIR")
            .env("RUST_BACKTRACE", "1")
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .expect("run newsroom");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {:?} {stderr}", out.status);
        assert_eq!(stderr, "", "{args:?}: nothing on standard error");
    }
}

/// Team mode from the command line: people managed by the admin (role, PIN from stdin, removal,
/// the last admin kept), a reporter refused the trash of someone else's article, and
/// `restore-backup` refused to anyone but an admin before anything is moved.
#[test]
fn people_and_gated_changes_from_the_command_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let run = |args: &[&str], stdin: Option<&str>| newsroom(d, args, stdin);
    let ok = |args: &[&str], stdin: Option<&str>| {
        let r = run(args, stdin);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
        r
    };
    ok(
        &["--as", "Lan", "user", "add", "Lan", "--role", "admin"],
        None,
    );
    for (name, role) in [("Minh", "reporter"), ("Hà", "reporter"), ("Tú", "staff")] {
        ok(&["--as", "Lan", "user", "add", name, "--role", role], None);
    }
    // A reporter may trash their own article, not someone else's.
    let mine = json(
        &ok(
            &["--as", "Minh", "--json", "new", "--title", "Bài của Minh"],
            None,
        )
        .stdout,
    );
    let id = mine["id"].as_str().expect("id").to_string();
    let refused = run(&["--as", "Hà", "--json", "spike", &id], None);
    assert_eq!(refused.code, Some(1));
    let err = json(refused.stderr.trim());
    assert_eq!(err["error"]["code"], "forbidden", "{}", refused.stderr);
    ok(&["--as", "Minh", "spike", &id], None);
    // A backup is the admin's; so is a restore, refused before the database is touched.
    let file = d.join("sao-luu.zip");
    let file_s = file.to_str().expect("utf8");
    assert_eq!(
        run(&["--as", "Minh", "backup", "--out", file_s], None).code,
        Some(1)
    );
    ok(&["--as", "Lan", "backup", "--out", file_s], None);
    let r = run(&["--as", "Minh", "restore-backup", file_s], None);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("quản trị"), "{}", r.stderr);
    assert!(
        std::fs::read_dir(d).expect("ls").all(|e| !e
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .starts_with("before-restore")),
        "nothing moved aside"
    );
    // Roles, PINs, removal.
    assert_eq!(
        run(&["--as", "Minh", "user", "role", "Hà", "editor"], None).code,
        Some(1)
    );
    ok(&["--as", "Lan", "user", "role", "Hà", "editor"], None);
    let people = json(&ok(&["--json", "user", "list"], None).stdout);
    let role_of = |people: &Value, name: &str| {
        people
            .as_array()
            .expect("list")
            .iter()
            .find(|u| u["name"] == name)
            .map(|u| u["role"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(role_of(&people, "Hà").as_deref(), Some("editor"));
    ok(&["--as", "Lan", "user", "pin", "Tú"], Some("97531\n"));
    let wrong = run(
        &[
            "--as", "Tú", "--pin", "1111", "user", "pin", "Tú", "--clear",
        ],
        None,
    );
    assert_eq!(wrong.code, Some(1));
    assert!(wrong.stderr.contains("PIN"), "{}", wrong.stderr);
    ok(
        &[
            "--as", "Tú", "--pin", "97531", "user", "pin", "Tú", "--clear",
        ],
        None,
    );
    let last = run(&["--as", "Lan", "user", "remove", "Lan"], None);
    assert_eq!(last.code, Some(1));
    assert!(
        last.stderr.contains("ít nhất một quản trị"),
        "{}",
        last.stderr
    );
    ok(&["--as", "Lan", "user", "remove", "Tú"], None);
    let people = json(&ok(&["--json", "user", "list"], None).stdout);
    assert_eq!(role_of(&people, "Tú"), None);
    // After all that, the admin restores.
    ok(&["--as", "Lan", "restore-backup", file_s], None);
}

/// NEWSROOM_LANG=en: errors in English, as text and in --json.
#[test]
fn errors_in_english_with_newsroom_lang() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        std::process::Command::new(newsroom_e2e::binary("newsroom"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env("NEWSROOM_LANG", "en")
            .output()
            .expect("run newsroom")
    };
    let id = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
    let text = run(&["show", id]);
    assert_eq!(text.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&text.stderr);
    assert_eq!(
        stderr.trim(),
        format!("newsroom: No article with id “{id}”.")
    );
    let as_json = run(&["--json", "new", "--title", " "]);
    let e = json(&String::from_utf8_lossy(&as_json.stderr));
    assert_eq!(e["error"]["code"], "invalid_input");
    assert_eq!(
        e["error"]["message"],
        "Invalid value in field “title”: the title cannot be empty"
    );
    // The checklist too: its items, its verdict and the refusal of an export.
    let made = run(&["new", "--title", "Tin ngắn"]);
    let id = String::from_utf8_lossy(&made.stdout).trim().to_string();
    let check = run(&["check", &id]);
    assert_eq!(check.status.code(), Some(1));
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(out.contains("✓ Has a title"), "{out}");
    assert!(
        out.contains("✗ The article has no lead: fill in the Lead field"),
        "{out}"
    );
    assert!(
        out.contains("Profile hai-phong: cannot be published yet."),
        "{out}"
    );
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(
        err.contains("“Tin ngắn” cannot be published yet; fix first:\n• The article has no lead"),
        "{err}"
    );
}

#[test]
fn a_word_file_becomes_a_draft_that_exports() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/newsroom/tests/fixtures/docx/anh-chu-thich.docx");
    let made = newsroom(
        &data,
        &[
            "new",
            "--from",
            file.to_str().expect("utf8"),
            "--byline",
            "Hoàng Tùng",
            "--category",
            "Tin tức",
            "--published",
            "2026-12-02 10:16",
        ],
        None,
    );
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    // Standard output is the new id alone (scripts take it); the summary goes to standard error.
    let id = made.stdout.trim();
    assert_eq!(id.len(), 26, "{}", made.stdout);
    assert!(
        made.stderr.contains("Đã nhập “anh-chu-thich.docx”: 10 đoạn, 2 ảnh trong tệp, 2 ảnh đưa vào bài, 2 chú thích."),
        "{}",
        made.stderr
    );
    let shown = json(&ok(&data, &["--json", "show", id]));
    assert_eq!(
        shown["title"],
        "Kiểm tra công tác thu gom rác thải tại quận Lê Chân"
    );
    assert_eq!(shown["category"], "Tin tức");
    assert_eq!(shown["authors"][0], "Hoàng Tùng");
    // The options after the import are one more revision, as an edit would be.
    assert_eq!(shown["revision"], 2);
    let photos = json(&ok(&data, &["--json", "photo", "list", id]));
    assert_eq!(photos.as_array().expect("list").len(), 2);
    assert_eq!(photos[1]["caption"], "Dây chuyền phân loại rác mới");
    assert_eq!(photos[1]["credit"], "Trần Thị B");
    let out = dir.path().join("goi");
    let exported = newsroom(
        &data,
        &["export", id, "--out", out.to_str().expect("utf8")],
        None,
    );
    assert_eq!(
        exported.code,
        Some(0),
        "{}{}",
        exported.stdout,
        exported.stderr
    );
    let folder = out.join("kiem-tra-cong-tac-thu-gom-rac-thai-tai-quan-le-chan");
    let html = std::fs::read_to_string(folder.join("index.html")).expect("index");
    let valid = newsroom(&data, &["validate", folder.to_str().expect("utf8")], None);
    assert!(
        valid.stdout.starts_with("Gói hợp lệ"),
        "{}{}",
        valid.stdout,
        valid.stderr
    );
    assert!(
        html.contains("<figcaption>Đoàn kiểm tra làm việc tại bãi rác Tràng Cát"),
        "{html}"
    );
    // --json gives the draft and the summary.
    let again = json(&ok(
        &data,
        &["--json", "new", "--from", file.to_str().expect("utf8")],
    ));
    assert_eq!(again["summary"]["figures"], 2);
    assert_eq!(again["summary"]["notes"][0]["kind"], "alt_from_caption");
}
