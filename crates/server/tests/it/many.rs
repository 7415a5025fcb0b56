//! Fifty people on fifty laptops, for a bounded time: reporters write, edit and submit; editors
//! take articles up, edit, ask for changes and approve; everyone syncs as they go. Then a final
//! sync, after which every folder holds exactly what the server lets its person see, nothing lost,
//! nothing twice, no approval by anyone but an editor who did not write the article, and every
//! approval signed by its editor's registered key.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use newsroom::articles::{self, ArticleInput, ListFilter, SaveKind};
use newsroom::status::Status;
use newsroom::workflow::{self, Action, Role};
use newsroom::{ErrorCode, store};
use newsroom_server::testing::Cluster;
use newsroom_server::{Server, connect, keys, people, sync};
use rusqlite::Connection;

const DB: &str = "toasoan";
const REPORTERS: usize = 35;
const EDITORS: usize = 10;
const STAFF: usize = 5;
/// How long the newsroom works before the final sync.
const WORK: Duration = Duration::from_secs(8);

fn person(i: usize) -> (String, Role) {
    if i < REPORTERS {
        (format!("Phóng viên {i:02}"), Role::Reporter)
    } else if i < REPORTERS + EDITORS {
        (format!("Biên tập {i:02}"), Role::Editor)
    } else {
        (format!("Đăng tin {i:02}"), Role::Staff)
    }
}

fn password(name: &str) -> String {
    format!("{name} mật khẩu")
}

/// A small deterministic generator (xorshift): each person's choices are reproducible.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n as u64).unwrap_or(0)
    }
}

fn text(d: &mut Dice, who: &str) -> ArticleInput {
    ArticleInput {
        title: format!("Tin của {who} số {}", d.roll(1000)),
        lead: "Sáng nay, thành phố tổ chức hội nghị.".into(),
        body: format!("Đoạn {}.\n\nĐoạn thêm {}.", d.roll(100), d.roll(100)),
        ..ArticleInput::default()
    }
}

/// Some article of the folder in `status` (created by `by`, if given).
fn pick(conn: &Connection, d: &mut Dice, status: Status, by: Option<&str>) -> Option<String> {
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM articles WHERE status = ?1 AND (?2 IS NULL OR created_by = ?2)")
        .ok()?
        .query_map(rusqlite::params![status, by], |r| r.get(0))
        .ok()?
        .filter_map(std::result::Result::ok)
        .collect();
    (!ids.is_empty()).then(|| ids[d.roll(ids.len())].clone())
}

/// A refusal by the folder's own rules, or a conflict, is part of the work; anything else fails.
fn fine<T>(r: newsroom::Result<T>) {
    if let Err(e) = r {
        assert!(
            matches!(
                e.code(),
                ErrorCode::Forbidden | ErrorCode::Conflict | ErrorCode::InvalidInput
            ),
            "{e}"
        );
    }
}

fn one_step(conn: &Connection, d: &mut Dice, name: &str, role: Role) {
    let me = workflow::actor(conn, name, None).expect("actor");
    let edit = |id: &str, d: &mut Dice| {
        let a = articles::get(conn, id)?;
        let kind = if d.roll(2) == 0 {
            SaveKind::Save
        } else {
            SaveKind::Autosave
        };
        articles::save(conn, id, a.revision, &text(d, name), name, kind)
    };
    match role {
        Role::Reporter => match d.roll(10) {
            0..=2 => fine(articles::create(conn, &text(d, name), name)),
            3..=6 => {
                if let Some(id) = pick(conn, d, Status::Draft, Some(name))
                    .or_else(|| pick(conn, d, Status::ChangesRequested, Some(name)))
                {
                    fine(edit(&id, d));
                }
            }
            _ => {
                if let Some(id) = pick(conn, d, Status::Draft, Some(name))
                    .or_else(|| pick(conn, d, Status::ChangesRequested, Some(name)))
                {
                    fine(workflow::transition(conn, &id, &me, Action::Submit, ""));
                }
            }
        },
        Role::Editor => {
            if let Some(id) = pick(conn, d, Status::Submitted, None) {
                fine(workflow::transition(conn, &id, &me, Action::Claim, ""));
            }
            let mine: Vec<String> = conn
                .prepare("SELECT id FROM articles WHERE status = 'in_review' AND claimed_by = ?1")
                .expect("prepare")
                .query_map([name], |r| r.get(0))
                .expect("query")
                .filter_map(std::result::Result::ok)
                .collect();
            if let Some(id) = mine.first() {
                match d.roll(12) {
                    10..=11 => fine(newsroom::comments::add(
                        conn,
                        id,
                        &me,
                        &newsroom::comments::NewComment {
                            body: format!("Góp ý số {}", d.roll(100)),
                            ..newsroom::comments::NewComment::default()
                        },
                    )),
                    0..=4 => fine(workflow::transition(conn, id, &me, Action::Approve, "")),
                    5..=6 => fine(workflow::transition(
                        conn,
                        id,
                        &me,
                        Action::RequestChanges,
                        "sửa sapo",
                    )),
                    _ => fine(edit(id, d)),
                }
            }
        }
        _ => {}
    }
}

/// The hostile member's name.
const HOSTILE: &str = "Kẻ phá";

/// What a hostile member does with psql while the others work, until `stop`: a transaction with
/// an id left open (timeouts off) from start to end (before server schema 7 it froze every pull),
/// NOTIFY on the newsroom's channel a thousand times a second, and values past every limit. Each
/// refused try is counted; one that is taken fails the test.
fn hostile_member(url: &str, stop: &AtomicBool) -> u32 {
    let login = || {
        connect(
            &Server {
                url: url.to_string(),
                user: Some(HOSTILE.into()),
            },
            Some(&password(HOSTILE)),
        )
        .expect("the hostile member connects")
    };
    let mut held = login();
    held.batch_execute(
        "SET idle_in_transaction_session_timeout = 0; SET statement_timeout = 0;
         BEGIN; SELECT pg_current_xact_id();",
    )
    .expect("an open transaction");
    let mut noisy = login();
    let mut tries = 0u32;
    let big = "x".repeat(6 * 1024 * 1024);
    let pdf = b"%PDF-1.4 not a photo".to_vec();
    let pdf_hash = newsroom_base::sha256_hex(&pdf);
    // Never past ten minutes, should the test hang (a worker panicking leaves the others at a
    // barrier): a flood without end would fill the disk with the server's log.
    let deadline = std::time::Instant::now() + Duration::from_secs(600);
    while !stop.load(Ordering::SeqCst) && std::time::Instant::now() < deadline {
        for _ in 0..20 {
            noisy.batch_execute("NOTIFY newsroom, 'x'").expect("notify");
        }
        let attempts: [(&str, Vec<&(dyn postgres::types::ToSql + Sync)>); 2] = [
            (
                "SELECT newsroom.push_revision('01KPHAKPHAKPHAKPHAKPHAKPHA', 'hostile0000000001', NULL, NULL,
                        'create', 'hôm qua', 'hôm qua', 'x', '', $1, 'Mai', '', '[]', '', 'x', NULL, NULL)",
                vec![&big],
            ),
            (
                "SELECT newsroom.push_photo($1, $2, 'a.jpg', '', '', '')",
                vec![&pdf_hash, &pdf],
            ),
        ];
        for (sql, params) in attempts {
            assert!(noisy.execute(sql, &params).is_err(), "taken: {sql}");
            tries += 1;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    held.batch_execute("ROLLBACK").expect("rollback");
    tries
}

#[test]
fn fifty_people_work_apart_and_end_with_the_same_newsroom() {
    let c = Cluster::start();
    let mut admin = c.newsroom(DB, "Quản Trị", "admin-password");
    let n = REPORTERS + EDITORS + STAFF;
    for i in 0..n {
        let (name, role) = person(i);
        people::add(&mut admin, &name, role, &password(&name)).expect("add");
    }
    let url = c.url(DB);
    people::add(&mut admin, HOSTILE, Role::Reporter, &password(HOSTILE)).expect("add");
    // A hostile member works beside them with psql the whole time, until every final sync is over.
    let stop = Arc::new(AtomicBool::new(false));
    let hostile = {
        let (stop, url) = (stop.clone(), url.clone());
        std::thread::spawn(move || hostile_member(&url, &stop))
    };
    let start = Arc::new(Barrier::new(n));
    let settle = Arc::new(Barrier::new(n));
    let registrar = Arc::new(Mutex::new(admin));
    let workers: Vec<_> = (0..n)
        .map(|i| {
            let (start, settle, url) = (start.clone(), settle.clone(), url.clone());
            let registrar = registrar.clone();
            std::thread::spawn(move || {
                let (name, role) = person(i);
                let dir = tempfile::tempdir().expect("tempdir");
                let conn = store::open(dir.path()).expect("open");
                let server = Server {
                    url,
                    user: Some(name.clone()),
                };
                // The admin registers each editor's key, made on their own laptop, from one
                // connection of theirs (each person has at most 8).
                let joined = sync::join(&conn, &server, &password(&name)).expect("join");
                if joined.approves {
                    let mut admin = registrar.lock().unwrap_or_else(|p| p.into_inner());
                    keys::add(&mut admin, &name, &joined.public_key).expect("register key");
                    drop(admin);
                    assert!(
                        sync::join(&conn, &server, &password(&name))
                            .expect("join again")
                            .key_registered
                    );
                }
                let mut d = Dice(0x9E37_79B9_7F4A_7C15 ^ ((i as u64 + 1) * 0x1000_0001));
                start.wait();
                let began = Instant::now();
                let mut syncs = 0u32;
                while began.elapsed() < WORK {
                    for _ in 0..3 {
                        one_step(&conn, &mut d, &name, role);
                    }
                    let s = sync::sync(&conn, &password(&name))
                        .unwrap_or_else(|e| panic!("{name}: {e}"));
                    assert!(
                        s.refused.iter().all(|r| !r.contains("chỉ người")),
                        "{name}: {:?}",
                        s.refused
                    );
                    syncs += 1;
                }
                // Everyone has stopped: two rounds, so what the last one sent reaches everyone.
                settle.wait();
                let s = sync::sync(&conn, &password(&name)).expect("final sync");
                assert_eq!(s.pending, 0, "{name}: {s:?}");
                settle.wait();
                sync::sync(&conn, &password(&name)).expect("final sync");
                (name, dir, syncs)
            })
        })
        .collect();
    let folders: Vec<(String, tempfile::TempDir, u32)> = workers
        .into_iter()
        .map(|w| w.join().expect("a person's thread"))
        .collect();
    stop.store(true, Ordering::SeqCst);
    let tries = hostile.join().expect("the hostile member's thread");
    eprintln!("the hostile member tried {tries} times; nothing of it was taken");

    let mut su = c.superuser(DB);
    let counts = su
        .query_one(
            "SELECT (SELECT count(*) FROM newsroom.articles), (SELECT count(*) FROM newsroom.revisions),
                    (SELECT count(*) FROM newsroom.audit), (SELECT count(*) FROM newsroom.approvals),
                    (SELECT count(*) FROM newsroom.comments)",
            &[],
        )
        .expect("counts");
    let (articles_n, revisions_n, audit_n, approvals_n, comments_n): (i64, i64, i64, i64, i64) = (
        counts.get(0),
        counts.get(1),
        counts.get(2),
        counts.get(3),
        counts.get(4),
    );
    eprintln!(
        "{n} people, {} syncs: {articles_n} articles, {revisions_n} revisions, {audit_n} steps, {approvals_n} approvals, {comments_n} comments",
        folders.iter().map(|f| f.2).sum::<u32>()
    );
    assert!(
        articles_n > 50 && approvals_n > 5 && comments_n > 5,
        "the newsroom did some work"
    );
    // No approval by anyone but an editor or admin, and none by the article's creator.
    let bad: i64 = su
        .query_one(
            "SELECT count(*) FROM newsroom.approvals p JOIN newsroom.articles a ON a.id = p.article_id
             WHERE newsroom.role_of(p.approver) NOT IN ('editor', 'admin') OR p.approver = a.created_by",
            &[],
        )
        .expect("approvals")
        .get(0);
    assert_eq!(bad, 0);
    // Every approval on the server is signed by its approver's registered key.
    let registered = keys::list(&mut su).expect("keys");
    let approvals = su
        .query(
            "SELECT article_id, uid, revision_uid, approver, approved_at, content_sha256, scheme,
                    coalesce(key_id, ''), coalesce(signature, '')
             FROM newsroom.approvals",
            &[],
        )
        .expect("approvals");
    for r in &approvals {
        let row = newsroom::bundle::ApprovalRow {
            uid: r.get(1),
            revision_uid: r.get(2),
            approver: r.get(3),
            approved_at: r.get(4),
            content_sha256: r.get(5),
            scheme: i64::from(r.get::<_, i32>(6)),
            key_id: r.get(7),
            signature: r.get(8),
        };
        let article: String = r.get(0);
        assert_eq!(
            newsroom::signing::check(&registered, &row.signed(&article)),
            Ok(()),
            "{row:?}"
        );
    }
    // Each folder holds exactly what its person may see on the server, in the same state.
    let mut held_total = 0usize;
    for (name, dir, _) in &folders {
        let conn = store::open(dir.path()).expect("reopen");
        // Edits the server refused (made on an article someone else had taken up meanwhile) stay
        // in their folder, not lost and not sent: left out of the comparison, and counted.
        let held: BTreeSet<String> = conn
            .prepare("SELECT uid FROM sync_held")
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        held_total += held.len();
        // Nothing twice: no step, revision, approval or comment held twice under two uids (the
        // uids are unique by index; a sync that gave a row a new uid would hold it twice).
        let twice = held_twice(&conn);
        assert!(twice.is_empty(), "{name}: held twice: {twice:#?}");
        let held_articles: BTreeSet<String> = conn
            .prepare("SELECT DISTINCT article_id FROM revisions WHERE uid IN (SELECT uid FROM sync_held)")
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        let mut as_them = connect(
            &Server {
                url: url.clone(),
                user: Some(name.clone()),
            },
            Some(&password(name)),
        )
        .expect("connect");
        for (local, server) in [
            (
                "SELECT uid FROM revisions",
                "SELECT uid FROM newsroom.revisions",
            ),
            ("SELECT uid FROM audit", "SELECT uid FROM newsroom.audit"),
            (
                "SELECT uid FROM approvals",
                "SELECT uid FROM newsroom.approvals",
            ),
            (
                "SELECT uid FROM comments",
                "SELECT uid FROM newsroom.comments",
            ),
        ] {
            let here: Vec<String> = conn
                .prepare(local)
                .expect("prepare")
                .query_map([], |r| r.get(0))
                .expect("query")
                .collect::<rusqlite::Result<_>>()
                .expect("rows");
            let unique: BTreeSet<&String> = here.iter().filter(|u| !held.contains(*u)).collect();
            let there: BTreeSet<String> = as_them
                .query(server, &[])
                .expect("server rows")
                .iter()
                .map(|r| r.get(0))
                .collect();
            assert_eq!(
                unique.into_iter().cloned().collect::<BTreeSet<_>>(),
                there,
                "{name}: {local}"
            );
        }
        let here: BTreeMap<String, (String, i64)> = articles::list(&conn, &ListFilter::default())
            .expect("list")
            .into_iter()
            .map(|a| (a.id, (a.status.as_str().to_string(), a.revision)))
            .collect();
        let there: BTreeMap<String, String> = as_them
            .query("SELECT id, status FROM newsroom.articles", &[])
            .expect("articles")
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        assert_eq!(
            here.iter()
                .map(|(k, v)| (k.clone(), v.0.clone()))
                .collect::<BTreeMap<_, _>>(),
            there,
            "{name}: states"
        );
        // And the same text as the server's head revision, with no two versions left unmerged.
        for id in there.keys() {
            let head: String = as_them
                .query_one(
                    "SELECT r.body FROM newsroom.revisions r JOIN newsroom.articles a ON a.head_uid = r.uid WHERE a.id = $1",
                    &[id],
                )
                .expect("head")
                .get(0);
            let local = articles::get(&conn, id).expect("article");
            if !held_articles.contains(id)
                && newsroom::bundle::divergence(&conn, id)
                    .expect("divergence")
                    .is_none()
            {
                assert_eq!(local.body, head, "{name}: {id}");
            }
        }
    }
    eprintln!("edits refused by the server and kept in their folders: {held_total}");
    // The check finds what it looks for: a comment copied under a new uid, as a sync that
    // re-numbered a row would leave it.
    let conn = folders
        .iter()
        .map(|(_, dir, _)| store::open(dir.path()).expect("reopen"))
        .find(|c| {
            c.query_row("SELECT count(*) FROM comments", [], |r| r.get::<_, i64>(0))
                .expect("count")
                > 0
        })
        .expect("a folder with a comment");
    conn.execute(
        "INSERT INTO comments (article_id, reply_to, author, created_at, revision, kind, field, quote, before, after, body, resolved_at, resolved_by, uid)
         SELECT article_id, reply_to, author, created_at, revision, kind, field, quote, before, after, body, resolved_at, resolved_by, lower(hex(randomblob(16)))
         FROM comments LIMIT 1",
        [],
    )
    .expect("copy a comment");
    assert_eq!(held_twice(&conn).len(), 1, "a comment held twice is found");
}

/// The rows `conn` holds twice under two uids: the same content, written at the same moment by
/// the same person, for each kind of row the sync copies.
fn held_twice(conn: &rusqlite::Connection) -> Vec<String> {
    [
        "SELECT 'revision ' || article_id || ' ' || created_at FROM revisions
         GROUP BY article_id, kind, author, created_at, saved_at, title, lead, body HAVING count(*) > 1",
        "SELECT 'step ' || article_id || ' ' || action || ' ' || at FROM audit
         GROUP BY article_id, at, actor, action, from_status, to_status HAVING count(*) > 1",
        "SELECT 'approval ' || article_id || ' ' || approved_at FROM approvals
         GROUP BY article_id, approver, approved_at, content_sha256 HAVING count(*) > 1",
        "SELECT 'comment ' || article_id || ' ' || created_at FROM comments
         GROUP BY article_id, author, created_at, quote, body HAVING count(*) > 1",
    ]
    .iter()
    .flat_map(|sql| {
        conn.prepare(sql)
            .expect("prepare")
            .query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows")
    })
    .collect()
}
