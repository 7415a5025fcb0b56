//! `newsroom server …` from a terminal, against a private throwaway PostgreSQL cluster.

use newsroom::workflow::Role;
use newsroom_e2e::{Run, newsroom_with};
use newsroom_server::testing::Cluster;
use serde_json::Value;

const DB: &str = "toasoan";

fn ok(r: &Run) -> &str {
    assert_eq!(r.code, Some(0), "stderr: {}", r.stderr);
    &r.stdout
}

#[test]
fn an_admin_sets_up_the_newsroom_and_its_people_from_the_terminal() {
    let c = Cluster::start();
    c.create_db(DB);
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let su = c.superuser_url(DB);
    let init = |admin: &str, pw: &str| {
        newsroom_with(
            d,
            &["server", "init", "--url", &su, "--admin", admin],
            None,
            &[("NEWSROOM_PASSWORD", pw)],
        )
    };
    // A first admin's password too short is refused before anything is made.
    let short = init("Quản Trị", "ngắn");
    assert_eq!(short.code, Some(1));
    assert!(short.stderr.contains("ít nhất 8 ký tự"), "{}", short.stderr);
    assert!(ok(&init("Quản Trị", "mật khẩu quản trị")).contains("Đã tạo quản trị “Quản Trị”"));
    // Run again: already there, nothing asked.
    assert!(
        ok(&newsroom_with(
            d,
            &["server", "init", "--url", &su, "--admin", "Quản Trị"],
            None,
            &[]
        ))
        .contains("không cần nâng cấp")
    );

    let url = c.url(DB);
    let as_admin = [
        ("NEWSROOM_SERVER_URL", url.as_str()),
        ("NEWSROOM_SERVER_USER", "Quản Trị"),
        ("NEWSROOM_PASSWORD", "mật khẩu quản trị"),
    ];
    let with_new = |pw: &'static str| {
        let mut v = as_admin.to_vec();
        v.push(("NEWSROOM_NEW_PASSWORD", pw));
        v
    };
    ok(&newsroom_with(
        d,
        &[
            "server",
            "user",
            "add",
            "Nguyễn Mai Anh",
            "--role",
            "reporter",
        ],
        None,
        &with_new("mai-anh-2026"),
    ));
    ok(&newsroom_with(
        d,
        &[
            "server",
            "user",
            "add",
            "Trần Bình",
            "--role",
            "biên tập viên",
        ],
        None,
        &with_new("binh-2026!"),
    ));
    ok(&newsroom_with(
        d,
        &["server", "user", "role", "Trần Bình", "admin"],
        None,
        &as_admin,
    ));
    let list: Value = serde_json::from_str(ok(&newsroom_with(
        d,
        &["--json", "server", "user", "list"],
        None,
        &as_admin,
    )))
    .expect("json");
    let named: Vec<(&str, &str, bool)> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().expect("name"),
                p["role"].as_str().expect("role"),
                p["first_password"].as_bool().expect("first password"),
            )
        })
        .collect();
    assert_eq!(
        named,
        [
            ("Nguyễn Mai Anh", "reporter", false),
            ("Quản Trị", "admin", false),
            ("Trần Bình", "admin", false),
        ]
    );

    // Lê Chi is added with a first password: her laptop cannot join with it, she sets her own
    // from the terminal, then joins.
    ok(&newsroom_with(
        d,
        &[
            "server", "user", "add", "Lê Chi", "--role", "editor", "--first",
        ],
        None,
        &with_new("lan-dau-chi"),
    ));
    assert!(
        ok(&newsroom_with(
            d,
            &["server", "user", "list"],
            None,
            &as_admin
        ))
        .contains("Lê Chi\tbiên tập viên · chưa đổi mật khẩu đầu\tchưa đồng bộ")
    );
    let chi_dir = tempfile::tempdir().expect("Chi's folder");
    let as_chi = |pw: &'static str, new: Option<&'static str>| {
        let mut v = vec![
            ("NEWSROOM_SERVER_URL", url.as_str()),
            ("NEWSROOM_SERVER_USER", "Lê Chi"),
            ("NEWSROOM_PASSWORD", pw),
        ];
        if let Some(n) = new {
            v.push(("NEWSROOM_NEW_PASSWORD", n));
        }
        v
    };
    let first = newsroom_with(
        chi_dir.path(),
        &["server", "connect"],
        None,
        &as_chi("lan-dau-chi", None),
    );
    assert_eq!(first.code, Some(1));
    assert!(
        first.stderr.contains("còn dùng mật khẩu đầu tiên")
            && first.stderr.contains("newsroom server password"),
        "{}",
        first.stderr
    );
    let same = newsroom_with(
        chi_dir.path(),
        &["server", "password"],
        None,
        &as_chi("lan-dau-chi", Some("lan-dau-chi")),
    );
    assert!(same.stderr.contains("phải khác"), "{}", same.stderr);
    assert!(
        ok(&newsroom_with(
            chi_dir.path(),
            &["server", "password"],
            None,
            &as_chi("lan-dau-chi", Some("cua-chi-2026")),
        ))
        .contains("Đã đổi mật khẩu")
    );
    let joined = ok(&newsroom_with(
        chi_dir.path(),
        &["server", "connect"],
        None,
        &as_chi("cua-chi-2026", None),
    ))
    .to_string();
    assert!(
        joined.contains("chờ quản trị đăng ký. Dấu vân tay:"),
        "{joined}"
    );
    // There is no option that takes a password: it would stay in `ps` and the shell's history.
    let on_line = newsroom_with(
        d,
        &[
            "server",
            "user",
            "add",
            "X",
            "--role",
            "staff",
            "--password",
            "abcdefgh",
        ],
        None,
        &as_admin,
    );
    assert_eq!(on_line.code, Some(2), "{}", on_line.stderr);

    // A reporter asking the server to add someone: refused by the server, said in English when asked.
    let as_mai = [
        ("NEWSROOM_SERVER_URL", url.as_str()),
        ("NEWSROOM_SERVER_USER", "Nguyễn Mai Anh"),
        ("NEWSROOM_PASSWORD", "mai-anh-2026"),
        ("NEWSROOM_NEW_PASSWORD", "whatever-1"),
        ("NEWSROOM_LANG", "en"),
    ];
    let refused = newsroom_with(
        d,
        &["--json", "server", "user", "add", "Bạn", "--role", "admin"],
        None,
        &as_mai,
    );
    assert_eq!(refused.code, Some(1));
    let e: Value = serde_json::from_str(refused.stderr.trim()).expect("json error");
    assert_eq!(e["error"]["code"], "forbidden");
    assert_eq!(
        e["error"]["message"],
        "A reporter may not manage people: only an admin."
    );
    // A wrong password: a clear refusal, nothing else.
    let mut wrong = as_admin.to_vec();
    wrong[2] = ("NEWSROOM_PASSWORD", "not it");
    let w = newsroom_with(d, &["server", "user", "list"], None, &wrong);
    assert_eq!(w.code, Some(1));
    assert!(w.stderr.contains("sai tên hoặc mật khẩu"), "{}", w.stderr);
    // Removed, and gone from the list.
    ok(&newsroom_with(
        d,
        &["server", "user", "remove", "Nguyễn Mai Anh"],
        None,
        &as_admin,
    ));
    assert!(
        !ok(&newsroom_with(
            d,
            &["server", "user", "list"],
            None,
            &as_admin
        ))
        .contains("Mai Anh")
    );
    // Not one password reached the server's statement log (which shows the calls that carried
    // them).
    c.assert_log_lacks(
        "newsroom.change_password(",
        &[
            "mật khẩu quản trị",
            "mai-anh-2026",
            "binh-2026!",
            "lan-dau-chi",
            "cua-chi-2026",
        ],
    );
}

#[test]
fn a_reporter_and_an_editor_work_on_two_laptops_through_the_server() {
    let c = Cluster::start();
    c.create_db(DB);
    let (admin_dir, mai_dir, binh_dir) = (
        tempfile::tempdir().expect("tempdir"),
        tempfile::tempdir().expect("tempdir"),
        tempfile::tempdir().expect("tempdir"),
    );
    let su = c.superuser_url(DB);
    ok(&newsroom_with(
        admin_dir.path(),
        &["server", "init", "--url", &su, "--admin", "Quản Trị"],
        None,
        &[("NEWSROOM_PASSWORD", "admin-password")],
    ));
    let url = c.url(DB);
    for (name, role, pw) in [
        ("Mai", "reporter", "mai-password"),
        ("Bình", "editor", "binh-password"),
    ] {
        ok(&newsroom_with(
            admin_dir.path(),
            &["server", "user", "add", name, "--role", role],
            None,
            &[
                ("NEWSROOM_SERVER_URL", url.as_str()),
                ("NEWSROOM_SERVER_USER", "Quản Trị"),
                ("NEWSROOM_PASSWORD", "admin-password"),
                ("NEWSROOM_NEW_PASSWORD", pw),
            ],
        ));
    }
    let mai = |args: &[&str]| {
        newsroom_with(
            mai_dir.path(),
            args,
            None,
            &[("NEWSROOM_PASSWORD", "mai-password")],
        )
    };
    let binh = |args: &[&str]| {
        newsroom_with(
            binh_dir.path(),
            args,
            None,
            &[("NEWSROOM_PASSWORD", "binh-password")],
        )
    };
    assert!(ok(&mai(&["server", "connect", "--url", &url, "--user", "Mai"])).contains("“Mai”"));
    ok(&binh(&[
        "server", "connect", "--url", &url, "--user", "Bình",
    ]));
    // Joined as Mai, the folder works as Mai: another name is refused.
    let other = mai(&["--as", "Bình", "new", "--title", "Giả danh"]);
    assert_eq!(other.code, Some(1));
    assert!(other.stderr.contains("“Mai”"), "{}", other.stderr);
    // People are the server's: no local profile in a joined folder.
    assert_eq!(
        mai(&["user", "add", "Ai Đó", "--role", "admin"]).code,
        Some(1)
    );

    let id = ok(&mai(&[
        "new",
        "--title",
        "Khánh thành cầu Rào 3",
        "--lead",
        "Sáng 30/11, cầu được khánh thành.",
    ]))
    .trim()
    .to_string();
    ok(&mai(&["submit", &id]));
    let status: Value =
        serde_json::from_str(ok(&mai(&["--json", "server", "status"]))).expect("json");
    assert_eq!(status["pending"], 2, "{status}");
    let synced: Value = serde_json::from_str(ok(&mai(&["--json", "sync"]))).expect("json");
    assert_eq!(
        (synced["sent"].as_u64(), synced["pending"].as_u64()),
        (Some(2), Some(0)),
        "{synced}"
    );

    ok(&binh(&["sync"]));
    ok(&binh(&["claim", &id]));
    // Bình's signing key, made on his laptop when he connected, is not registered yet: his
    // approval is refused here, with what to do.
    let refused = binh(&["approve", &id]);
    assert_eq!(refused.code, Some(1), "{}", refused.stdout);
    assert!(
        refused.stderr.contains("chưa được quản trị đăng ký"),
        "{}",
        refused.stderr
    );
    // His key went to the server when he connected: the admin sees it waiting, with the
    // fingerprint his `server status` shows, and registers it by that fingerprint, read aloud.
    let status = ok(&binh(&["server", "status"])).to_string();
    let print = status
        .lines()
        .find_map(|l| l.strip_prefix("Khóa ký: "))
        .and_then(|l| l.strip_suffix(" · chờ quản trị đăng ký"))
        .unwrap_or_else(|| panic!("no waiting key in {status}"))
        .to_string();
    let as_admin = [
        ("NEWSROOM_SERVER_URL", url.as_str()),
        ("NEWSROOM_SERVER_USER", "Quản Trị"),
        ("NEWSROOM_PASSWORD", "admin-password"),
    ];
    let pending: Value = serde_json::from_str(ok(&newsroom_with(
        admin_dir.path(),
        &["--json", "server", "keys", "pending"],
        None,
        &as_admin,
    )))
    .expect("json");
    assert_eq!(pending[0]["person"], "Bình", "{pending}");
    assert_eq!(pending[0]["fingerprint"], print.as_str(), "{pending}");
    assert!(
        ok(&newsroom_with(
            admin_dir.path(),
            &["server", "keys", "register", "Bình", &print.to_uppercase()],
            None,
            &as_admin,
        ))
        .contains(&format!("Đã đăng ký khóa {print} cho Bình"))
    );
    // A reporter cannot register a key, not even for herself.
    let mai_key: Value = serde_json::from_str(ok(&mai(&["--json", "user", "key"]))).expect("json");
    let by_mai = mai(&[
        "server",
        "keys",
        "--url",
        &url,
        "--user",
        "Mai",
        "add",
        "Mai",
        mai_key["public_key"].as_str().expect("key"),
    ]);
    assert_eq!(by_mai.code, Some(1));
    assert!(by_mai.stderr.contains("chỉ quản trị"), "{}", by_mai.stderr);
    ok(&binh(&["sync"]));
    ok(&binh(&["approve", &id]));
    // The claim went with the sync before; now the approval.
    let sent = ok(&binh(&["sync"])).to_string();
    assert!(sent.contains("Đã gửi 1 thay đổi"), "{sent}");
    ok(&mai(&["sync"]));
    let shown: Value = serde_json::from_str(ok(&mai(&["--json", "show", &id]))).expect("json");
    assert_eq!(shown["status"], "approved");
    let log = ok(&mai(&["log", &id])).to_string();
    assert!(log.contains("Bình"), "{log}");
    // A wrong password: the sync fails, the folder says so, nothing is lost.
    let wrong = newsroom_with(
        mai_dir.path(),
        &["sync"],
        None,
        &[("NEWSROOM_PASSWORD", "nope")],
    );
    assert_eq!(wrong.code, Some(1));
    let status = ok(&mai(&["server", "status"])).to_string();
    assert!(status.contains("không xong"), "{status}");
}

#[test]
fn a_watching_laptop_sees_a_submit_within_two_seconds() {
    let c = Cluster::start();
    let mut admin = c.newsroom(DB, "Quản Trị", "admin-password");
    for (name, role) in [("Mai", Role::Reporter), ("Bình", Role::Editor)] {
        newsroom_server::people::add(&mut admin, name, role, &format!("{name}-password"))
            .expect("add");
    }
    let (mai_dir, binh_dir) = (
        tempfile::tempdir().expect("tempdir"),
        tempfile::tempdir().expect("tempdir"),
    );
    let url = c.url(DB);
    let mai = |args: &[&str]| {
        newsroom_with(
            mai_dir.path(),
            args,
            None,
            &[("NEWSROOM_PASSWORD", "Mai-password")],
        )
    };
    ok(&mai(&["server", "connect", "--url", &url, "--user", "Mai"]));
    ok(&newsroom_with(
        binh_dir.path(),
        &["server", "connect", "--url", &url, "--user", "Bình"],
        None,
        &[("NEWSROOM_PASSWORD", "Bình-password")],
    ));
    // Bình's laptop watches, as the app does in the background.
    let mut watcher = std::process::Command::new(newsroom_e2e::binary("newsroom"))
        .arg("--data-dir")
        .arg(binh_dir.path())
        .args(["sync", "--watch"])
        .env("NEWSROOM_PASSWORD", "Bình-password")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("watch");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let id = ok(&mai(&["new", "--title", "Tin nóng"])).trim().to_string();
    ok(&mai(&["submit", &id]));
    // From the moment the reporter asks to sync (a process started, signed in, pushed).
    let sent = std::time::Instant::now();
    ok(&mai(&["sync"]));
    let db = binh_dir.path().join("newsroom.db");
    let seen = loop {
        let status: Option<String> = rusqlite::Connection::open(&db).ok().and_then(|conn| {
            conn.query_row("SELECT status FROM articles WHERE id = ?1", [&id], |r| {
                r.get(0)
            })
            .ok()
        });
        if status.as_deref() == Some("submitted") {
            break sent.elapsed();
        }
        assert!(
            sent.elapsed() < std::time::Duration::from_secs(10),
            "never arrived"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    newsroom_e2e::terminate(&mut watcher);
    eprintln!(
        "a submit reached the watching laptop {} ms after the reporter ran `newsroom sync`",
        seen.as_millis()
    );
    assert!(seen < std::time::Duration::from_secs(2), "{seen:?}");
}

/// The package folder an `--json export` wrote.
fn export_json(run: &Run) -> String {
    let v: Value = serde_json::from_str(ok(run)).expect("json");
    v["folder"].as_str().expect("folder").to_string()
}

#[test]
fn a_laptop_on_its_own_can_no_longer_publish_as_an_editor() {
    let c = Cluster::start();
    c.create_db(DB);
    let dirs: Vec<tempfile::TempDir> = (0..5)
        .map(|_| tempfile::tempdir().expect("tempdir"))
        .collect();
    let (admin_dir, mai_dir, binh_dir, dao_dir, solo_dir) = (
        dirs[0].path(),
        dirs[1].path(),
        dirs[2].path(),
        dirs[3].path(),
        dirs[4].path(),
    );
    let out = tempfile::tempdir().expect("out");
    let su = c.superuser_url(DB);
    ok(&newsroom_with(
        admin_dir,
        &["server", "init", "--url", &su, "--admin", "Quản Trị"],
        None,
        &[("NEWSROOM_PASSWORD", "admin-password")],
    ));
    let url = c.url(DB);
    let as_admin = [
        ("NEWSROOM_SERVER_URL", url.as_str()),
        ("NEWSROOM_SERVER_USER", "Quản Trị"),
        ("NEWSROOM_PASSWORD", "admin-password"),
    ];
    for (name, role, pw) in [
        ("Mai", "reporter", "mai-password"),
        ("Bình", "editor", "binh-password"),
        ("Đào", "staff", "dao-password"),
    ] {
        let mut env = as_admin.to_vec();
        env.push(("NEWSROOM_NEW_PASSWORD", pw));
        ok(&newsroom_with(
            admin_dir,
            &["server", "user", "add", name, "--role", role],
            None,
            &env,
        ));
    }
    let mai = |args: &[&str]| {
        newsroom_with(
            mai_dir,
            args,
            None,
            &[("NEWSROOM_PASSWORD", "mai-password")],
        )
    };
    let binh = |args: &[&str]| {
        newsroom_with(
            binh_dir,
            args,
            None,
            &[("NEWSROOM_PASSWORD", "binh-password")],
        )
    };
    let dao = |args: &[&str]| {
        newsroom_with(
            dao_dir,
            args,
            None,
            &[("NEWSROOM_PASSWORD", "dao-password")],
        )
    };
    let solo = |args: &[&str]| newsroom_with(solo_dir, args, None, &[]);
    ok(&mai(&["server", "connect", "--url", &url, "--user", "Mai"]));
    ok(&binh(&[
        "server", "connect", "--url", &url, "--user", "Bình",
    ]));
    ok(&dao(&["server", "connect", "--url", &url, "--user", "Đào"]));
    // Bình's key is registered by the admin, from the line his laptop printed.
    let key: Value = serde_json::from_str(ok(&binh(&["--json", "user", "key"]))).expect("json");
    let binh_key = key["key_id"].as_str().expect("id").to_string();
    ok(&newsroom_with(
        admin_dir,
        &[
            "server",
            "keys",
            "add",
            "Bình",
            key["public_key"].as_str().expect("key"),
        ],
        None,
        &as_admin,
    ));
    // The keys file is signed by the admin, with their own registered key: publishing staff
    // have none to sign with.
    let keys_file = out.path().join("khoa tòa soạn.json");
    let keys_s = keys_file.to_str().expect("utf8");
    let refused = dao(&[
        "server", "keys", "--url", &url, "--user", "Đào", "export", "--out", keys_s,
    ]);
    assert_eq!(refused.code, Some(1), "{}", refused.stdout);
    ok(&newsroom_with(
        admin_dir,
        &["server", "connect", "--url", &url, "--user", "Quản Trị"],
        None,
        &as_admin,
    ));
    let mine: Value = serde_json::from_str(ok(&newsroom_with(
        admin_dir,
        &["--json", "user", "key"],
        None,
        &[],
    )))
    .expect("json");
    ok(&newsroom_with(
        admin_dir,
        &[
            "server",
            "keys",
            "add",
            "Quản Trị",
            mine["public_key"].as_str().expect("key"),
        ],
        None,
        &as_admin,
    ));
    let export_keys = || {
        let done: Value = serde_json::from_str(ok(&newsroom_with(
            admin_dir,
            &["--json", "server", "keys", "export", "--out", keys_s],
            None,
            &as_admin,
        )))
        .expect("json");
        done["fingerprint"]
            .as_str()
            .expect("fingerprint")
            .to_string()
    };
    let print = export_keys();

    // On a laptop with no people, anyone acts as anyone: "Bình" writes, approves and exports.
    let body = "Sáng 30/11, UBND thành phố họp.\n\nCuộc họp bàn về giao thông.";
    let forged = newsroom_with(
        solo_dir,
        &[
            "--as",
            "Bình",
            "new",
            "--title",
            "Tin giả danh",
            "--lead",
            "Sáng 30/11, họp.",
            "--byline",
            "Bình",
            "--body-file",
            "-",
        ],
        Some(body),
        &[],
    );
    let forged = ok(&forged).trim().to_string();
    for step in ["submit", "claim", "approve"] {
        ok(&solo(&["--as", "Bình", step, &forged]));
    }
    let bundle = out.path().join("gia-danh.toasoan");
    ok(&solo(&[
        "--as",
        "Bình",
        "bundle",
        "export",
        &forged,
        "--out",
        bundle.to_str().expect("utf8"),
    ]));
    let solo_pkg = export_json(&solo(&[
        "--json",
        "--as",
        "Bình",
        "export",
        &forged,
        "--out",
        out.path().join("solo").to_str().expect("utf8"),
    ]));
    // The solo laptop's package checks out against its own key, but not against the newsroom's.
    ok(&solo(&["verify", &solo_pkg]));
    let v = solo(&["verify", &solo_pkg, "--keys", keys_s]);
    assert_eq!(v.code, Some(1), "{}", v.stdout);
    assert!(
        v.stderr.contains(&print),
        "the fingerprint to compare: {}",
        v.stderr
    );
    let v = solo(&[
        "verify",
        &solo_pkg,
        "--keys",
        keys_s,
        "--newsroom-key",
        &print,
    ]);
    assert_eq!(v.code, Some(1), "{}", v.stdout);
    assert!(
        v.stderr.contains("Chữ ký bản duyệt không hợp lệ"),
        "{}",
        v.stderr
    );
    // At the office the bundle arrives with its content and without the approval; publishing
    // staff cannot export it as approved.
    let got = ok(&dao(&["bundle", "import", bundle.to_str().expect("utf8")])).to_string();
    assert!(got.contains("Không nhận bản duyệt"), "{got}");
    let shown: Value = serde_json::from_str(ok(&dao(&["--json", "show", &forged]))).expect("json");
    assert_eq!(shown["status"], "submitted");
    let refused = dao(&[
        "export",
        &forged,
        "--out",
        out.path().join("dao").to_str().expect("utf8"),
    ]);
    assert_eq!(refused.code, Some(1), "{}", refused.stdout);

    // The real path: Mai writes, Bình approves with his registered key, Đào publishes, and the
    // upload desk checks the package against the newsroom's keys.
    let id = newsroom_with(
        mai_dir,
        &[
            "new",
            "--title",
            "Khánh thành cầu Rào 3",
            "--lead",
            "Sáng 30/11, cầu được khánh thành.",
            "--byline",
            "Mai",
            "--body-file",
            "-",
        ],
        Some(body),
        &[("NEWSROOM_PASSWORD", "mai-password")],
    );
    let id = ok(&id).trim().to_string();
    ok(&mai(&["submit", &id]));
    ok(&mai(&["sync"]));
    ok(&binh(&["sync"]));
    ok(&binh(&["claim", &id]));
    ok(&binh(&["approve", &id]));
    ok(&binh(&["sync"]));
    ok(&dao(&["sync"]));
    let pkg = export_json(&dao(&[
        "--json",
        "export",
        &id,
        "--out",
        out.path().join("pkg").to_str().expect("utf8"),
    ]));
    let verified = ok(&dao(&[
        "verify",
        &pkg,
        "--keys",
        keys_s,
        "--newsroom-key",
        &print,
    ]))
    .to_string();
    assert!(verified.contains(&format!("khóa {binh_key}")), "{verified}");
    // A lost laptop: the admin revokes Bình's key. Packages signed with it no longer verify
    // against the newsroom's keys, and his folder cannot approve with it any more.
    ok(&newsroom_with(
        admin_dir,
        &["server", "keys", "revoke", &binh_key],
        None,
        &as_admin,
    ));
    assert_eq!(export_keys(), print);
    let v = dao(&["verify", &pkg, "--keys", keys_s]);
    assert_eq!(v.code, Some(1));
    assert!(v.stderr.contains("thu hồi"), "{}", v.stderr);
    ok(&dao(&["sync"]));
    let again = dao(&[
        "export",
        &id,
        "--out",
        out.path().join("pkg2").to_str().expect("utf8"),
    ]);
    assert_eq!(again.code, Some(1), "{}", again.stdout);
    assert!(again.stderr.contains("thu hồi"), "{}", again.stderr);
}

/// "Keep my password" from the terminal, against a real Secret Service (GNOME Keyring on a D-Bus
/// session of the test's own): `server connect --keep-password` puts the password there and
/// `sync` then asks nothing; a new password replaces it; with no Secret Service the refusal says
/// what to do; leaving takes it out. The data folder never holds it.
#[test]
fn a_kept_password_lives_in_the_secret_service_and_goes_when_the_folder_leaves() {
    let c = Cluster::start();
    let mut a = c.newsroom(DB, "Quản Trị", "admin-password");
    newsroom_server::people::add(&mut a, "Mai", Role::Reporter, "mai-password-1").expect("Mai");
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().join("du-lieu");
    let home = dir.path().join("home");
    let keyring = newsroom_e2e::Keyring::start(&home);
    let bus = ("DBUS_SESSION_BUS_ADDRESS", keyring.dbus_address.as_str());
    let url = c.url(DB);
    let connect = newsroom_with(
        &d,
        &[
            "server",
            "connect",
            "--url",
            &url,
            "--user",
            "Mai",
            "--keep-password",
        ],
        None,
        &[bus, ("NEWSROOM_PASSWORD", "mai-password-1")],
    );
    assert!(
        ok(&connect).contains("Mật khẩu được giữ trong kho mật khẩu của hệ điều hành"),
        "{}",
        connect.stdout
    );
    // GNOME Keyring holds it, as secret-tool (libsecret, not our code) reads it.
    let items = keyring.items_of(newsroom_server::kept::SERVICE);
    assert!(items.contains("secret = mai-password-1"), "{items}");
    // Found by its service; its label names whose it is (the entry's account, `Mai@address`).
    assert!(items.contains(&format!("Mai@{url}")), "{items}");
    assert!(
        ok(&newsroom_with(&d, &["server", "status"], None, &[bus]))
            .contains("Mật khẩu: giữ trong kho")
    );
    // No password in the environment and no terminal: `sync` takes the kept one.
    let synced = newsroom_with(&d, &["sync"], None, &[bus]);
    assert!(ok(&synced).contains("Đã gửi"), "{}", synced.stdout);

    // A new password (from the terminal, as the data folder's person): the kept one follows.
    ok(&newsroom_with(
        &d,
        &["server", "password", "--url", &url, "--user", "Mai"],
        None,
        &[
            bus,
            ("NEWSROOM_PASSWORD", "mai-password-1"),
            ("NEWSROOM_NEW_PASSWORD", "mai-password-2"),
        ],
    ));
    let items = keyring.items_of(newsroom_server::kept::SERVICE);
    assert!(
        items.contains("secret = mai-password-2") && !items.contains("mai-password-1"),
        "{items}"
    );
    ok(&newsroom_with(&d, &["sync"], None, &[bus]));

    // A session with no Secret Service: said, and the password asked as before (no terminal here,
    // so the sync stops there); the folder still remembers the password is kept.
    let no_store = newsroom_with(
        &d,
        &["sync"],
        None,
        &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")],
    );
    assert_eq!(no_store.code, Some(1), "{}", no_store.stdout);
    assert!(
        no_store
            .stderr
            .contains("máy này không có dịch vụ giữ mật khẩu đang chạy"),
        "{}",
        no_store.stderr
    );
    assert!(
        no_store.stderr.contains("cần mật khẩu"),
        "{}",
        no_store.stderr
    );
    let refused = newsroom_with(
        &d,
        &["server", "keep-password"],
        None,
        &[
            ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus"),
            ("NEWSROOM_PASSWORD", "mai-password-2"),
        ],
    );
    assert_eq!(refused.code, Some(1));
    assert!(
        refused
            .stderr
            .contains("Kho mật khẩu của hệ điều hành không dùng được"),
        "{}",
        refused.stderr
    );

    // The data folder's files never hold the password, in any form SQLite writes text.
    for entry in std::fs::read_dir(&d).expect("data folder") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            let bytes = std::fs::read(&path).expect("read");
            for pw in ["mai-password-1", "mai-password-2"] {
                assert!(
                    !bytes.windows(pw.len()).any(|w| w == pw.as_bytes()),
                    "{pw} is in {}",
                    path.display()
                );
            }
        }
    }

    // Leaving the server takes it out of the keyring.
    ok(&newsroom_with(&d, &["server", "leave"], None, &[bus]));
    let items = keyring.items_of(newsroom_server::kept::SERVICE);
    assert!(items.trim().is_empty(), "{items}");
}
