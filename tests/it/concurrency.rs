//! The app and the command line writing the same data folder at once (SECURITY.md): an app-like
//! process autosaving one article while three command-line workers edit the same article and add
//! drafts. No write fails for a locked database (the busy timeout waits), a save made from a stale
//! revision is refused as a conflict and never overwrites, every acknowledged save is in the
//! history, each revision extends the one before (no lost update), and the database is intact.

use std::io::BufRead;
use std::process::{Command, Stdio};

use newsroom_e2e::{binary, newsroom};
use serde_json::Value;

#[test]
fn app_and_cli_write_the_same_folder_without_losing_an_update() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let made = newsroom(
        &data,
        &["new", "--title", "Bài chung", "--body-file", "-"],
        Some("Mở đầu"),
    );
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let shared = made.stdout.trim().to_string();

    let app = Command::new(binary("app_writer"))
        .arg(&data)
        .arg(&shared)
        .arg("200")
        .arg("30")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("app_writer");

    // Three command-line workers, each: read the article, append a line, save from that revision;
    // and add a draft now and then.
    let workers: Vec<_> = (0..3)
        .map(|t| {
            let data = data.clone();
            let shared = shared.clone();
            std::thread::spawn(move || {
                let (mut saved, mut conflicts, mut drafts) = (Vec::new(), 0, Vec::new());
                for i in 0..30 {
                    let shown = newsroom(&data, &["--json", "show", &shared], None);
                    assert_eq!(shown.code, Some(0), "show: {}", shown.stderr);
                    let a: Value = serde_json::from_str(&shown.stdout).expect("json");
                    let body = format!("{}\nDòng lệnh {t}-{i}", a["body"].as_str().expect("body"));
                    let base = a["revision"].as_i64().expect("revision").to_string();
                    let r = newsroom(
                        &data,
                        &[
                            "edit",
                            &shared,
                            "--base-revision",
                            &base,
                            "--body-file",
                            "-",
                        ],
                        Some(&body),
                    );
                    match r.code {
                        Some(0) => saved.push(body),
                        Some(1) if r.stderr.contains("đã được lưu ở nơi khác") => {
                            conflicts += 1
                        }
                        _ => panic!("edit {t}-{i}: {:?} {}{}", r.code, r.stdout, r.stderr),
                    }
                    if i % 10 == 0 {
                        let title = format!("Bản nháp dòng lệnh {t}-{i}");
                        let r = newsroom(&data, &["new", "--title", &title], None);
                        assert_eq!(r.code, Some(0), "new {t}-{i}: {}", r.stderr);
                        drafts.push(r.stdout.trim().to_string());
                    }
                }
                (saved, conflicts, drafts)
            })
        })
        .collect();

    let mut acked = Vec::new();
    let (mut app_conflicts, mut app_drafts) = (0, Vec::new());
    let out = app.wait_with_output().expect("app_writer ran");
    assert!(
        out.status.success(),
        "app_writer: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in out.stdout.lines() {
        let line = line.expect("line");
        if let Some(rest) = line.strip_prefix("ack ") {
            let (_, body) = rest.split_once(' ').expect("ack rev body");
            acked.push(serde_json::from_str::<String>(body).expect("json body"));
        } else if line == "conflict" {
            app_conflicts += 1;
        } else if let Some(id) = line.strip_prefix("new ") {
            app_drafts.push(id.to_string());
        }
    }
    let (mut cli_saved, mut cli_conflicts, mut drafts) = (0, 0, app_drafts.clone());
    for w in workers {
        let (saved, conflicts, d) = w.join().expect("worker");
        cli_saved += saved.len();
        cli_conflicts += conflicts;
        acked.extend(saved);
        drafts.extend(d);
    }
    println!(
        "app: {} saves acknowledged, {app_conflicts} conflicts; command line: {cli_saved} saves, {cli_conflicts} conflicts; {} drafts",
        acked.len() - cli_saved,
        drafts.len()
    );
    assert!(cli_saved > 0 && acked.len() > cli_saved, "both wrote");
    assert!(
        app_conflicts + cli_conflicts > 0,
        "they met: a save was refused as stale"
    );

    let conn = rusqlite::Connection::open(data.join("newsroom.db")).expect("open");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(check, "ok");
    let revisions: Vec<(i64, String)> = conn
        .prepare("SELECT number, body FROM revisions WHERE article_id = ?1 ORDER BY number")
        .expect("prepare")
        .query_map([&shared], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    // Revisions are numbered upwards and each extends the one before (consecutive autosaves of the
    // app join into one revision, so one may add several lines); every command-line save is one.
    for w in revisions.windows(2) {
        assert!(w[0].0 < w[1].0, "numbers");
        assert!(
            w[1].1.starts_with(&format!("{}\n", w[0].1)),
            "revision {} does not extend {}: an update was lost",
            w[1].0,
            w[0].0
        );
    }
    let bodies: std::collections::HashSet<&str> =
        revisions.iter().map(|(_, b)| b.as_str()).collect();
    for body in &acked[acked.len() - cli_saved..] {
        assert!(
            bodies.contains(body.as_str()),
            "a command-line save is missing"
        );
    }
    // The text now holds every acknowledged line once, and no line of a refused save.
    let current: String = conn
        .query_row("SELECT body FROM articles WHERE id = ?1", [&shared], |r| {
            r.get(0)
        })
        .expect("current");
    assert_eq!(Some(&current), revisions.last().map(|(_, b)| b));
    let mut lines: Vec<&str> = current.lines().skip(1).collect();
    let mut want: Vec<&str> = acked
        .iter()
        .map(|b| b.lines().last().expect("a line"))
        .collect();
    lines.sort_unstable();
    want.sort_unstable();
    assert_eq!(
        lines, want,
        "the saved lines are exactly the acknowledged ones"
    );
    for id in &drafts {
        let n: i64 = conn
            .query_row("SELECT count(*) FROM articles WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .expect("count");
        assert_eq!(n, 1, "draft {id}");
    }
}

/// Two processes opening a data folder of an older schema at once (the app and the command line
/// after an upgrade) migrate it once: neither fails, and the backfills (first revisions, the
/// search index) are there once.
#[test]
fn two_processes_opening_an_old_file_migrate_it_once() {
    const SKELETON: &[u8] =
        include_bytes!("../../crates/newsroom/tests/fixtures/skeleton-schema-1.db");
    for round in 0..8 {
        let tmp = tempfile::tempdir().expect("tmp");
        let data = tmp.path().join("data");
        std::fs::create_dir_all(&data).expect("data");
        std::fs::write(data.join("newsroom.db"), SKELETON).expect("old file");
        let start = |args: &[&str]| {
            Command::new(binary("newsroom"))
                .arg("--data-dir")
                .arg(&data)
                .args(args)
                .env_remove("NEWSROOM_DATA_DIR")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("newsroom")
        };
        let both = [
            start(&["--json", "list"]),
            start(&["--json", "search", "Đảng bộ"]),
        ];
        for child in both {
            let out = child.wait_with_output().expect("wait");
            assert!(
                out.status.success(),
                "round {round}: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let conn = rusqlite::Connection::open(data.join("newsroom.db")).expect("open");
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
        assert_eq!(
            count("PRAGMA user_version"),
            newsroom::store::schema_version()
        );
        assert_eq!(count("SELECT count(*) FROM articles"), 3, "round {round}");
        assert_eq!(
            count("SELECT count(*) FROM revisions"),
            3,
            "round {round}: one first revision per draft"
        );
        assert_eq!(
            count("SELECT count(*) FROM search_docs"),
            3,
            "round {round}"
        );
    }
}
