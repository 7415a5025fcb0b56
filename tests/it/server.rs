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
    assert_eq!(
        list,
        serde_json::json!([
            {"name": "Nguyễn Mai Anh", "role": "reporter"},
            {"name": "Quản Trị", "role": "admin"},
            {"name": "Trần Bình", "role": "admin"},
        ])
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
    // Not one password reached the server's statement log.
    let log = c.log();
    for pw in ["mật khẩu quản trị", "mai-anh-2026", "binh-2026!"] {
        assert!(!log.contains(pw), "“{pw}” is in the server's log");
    }
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
    ok(&binh(&["approve", &id]));
    assert!(ok(&binh(&["sync"])).contains("Đã gửi 2 thay đổi"));
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
