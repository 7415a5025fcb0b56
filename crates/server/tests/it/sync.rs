//! Data folders syncing through one server: drafts, review steps and approvals travel; what the
//! server refuses comes back undone; nothing is sent twice or skipped.

use std::collections::BTreeSet;
use std::path::Path;

use newsroom::articles::{self, ArticleInput, SaveKind};
use newsroom::status::Status;
use newsroom::workflow::{self, Action, Role};
use newsroom::{ErrorCode, store};
use newsroom_server::testing::Cluster;
use newsroom_server::{Server, connect, keys, people, sync};
use rusqlite::Connection;

pub(crate) const DB: &str = "toasoan";

/// A newsroom with an admin, a reporter (Mai) and two editors (Bình, Chi).
pub(crate) fn newsroom() -> Cluster {
    let c = Cluster::start();
    let mut admin = c.newsroom(DB, "Quản Trị", "admin-pw-1");
    for (name, role) in [
        ("Mai", Role::Reporter),
        ("Bình", Role::Editor),
        ("Chi", Role::Editor),
    ] {
        people::add(&mut admin, name, role, &pw(name)).expect("add");
    }
    c
}

pub(crate) fn pw(name: &str) -> String {
    format!("{name}-password")
}

pub(crate) fn login(c: &Cluster, name: &str) -> Server {
    Server {
        url: c.url(DB),
        user: Some(name.into()),
    }
}

/// A data folder joined to the newsroom as `name`, whose signing key (editors and admins only)
/// the admin then registers.
pub(crate) fn laptop(c: &Cluster, dir: &Path, name: &str) -> Connection {
    let conn = store::open(dir).expect("open");
    let joined = sync::join(&conn, &login(c, name), &pw(name)).expect("join");
    assert!(
        !joined.key_registered,
        "nobody but an admin registers a key"
    );
    if !joined.approves {
        assert!(
            joined.public_key.is_empty(),
            "no key for a role that does not approve"
        );
        return conn;
    }
    let mut admin = connect(&login(c, "Quản Trị"), Some("admin-pw-1")).expect("admin");
    keys::add(&mut admin, name, &joined.public_key).expect("register");
    let again = sync::join(&conn, &login(c, name), &pw(name)).expect("join again");
    assert!(again.key_registered);
    conn
}

pub(crate) fn sync_as(conn: &Connection, name: &str) -> sync::Synced {
    sync::sync(conn, &pw(name)).unwrap_or_else(|e| panic!("{name} syncs: {e}"))
}

pub(crate) fn input(title: &str, body: &str) -> ArticleInput {
    ArticleInput {
        title: title.into(),
        body: body.into(),
        lead: "Sáng 30/11, Sở Nội vụ họp.".into(),
        ..ArticleInput::default()
    }
}

pub(crate) fn uids(conn: &Connection, sql: &str) -> BTreeSet<String> {
    conn.prepare(sql)
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

pub(crate) fn server_uids(c: &Cluster, sql: &str) -> BTreeSet<String> {
    c.superuser(DB)
        .query(sql, &[])
        .expect("query")
        .iter()
        .map(|r| r.get(0))
        .collect()
}

pub(crate) fn step(
    conn: &Connection,
    id: &str,
    who: &str,
    action: Action,
) -> newsroom::Result<articles::Article> {
    let me = workflow::actor(conn, who, None)?;
    workflow::transition(conn, id, &me, action, "")
}

/// Three laptops (Mai, reporter; Bình and Chi, editors) and an article of Mai's, submitted, that
/// all three have.
struct Three {
    c: Cluster,
    _dirs: [tempfile::TempDir; 3],
    mai: Connection,
    binh: Connection,
    chi: Connection,
    a: articles::Article,
}

fn three(title: &str, body: &str) -> Three {
    let c = newsroom();
    let dirs = [
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    ];
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let binh = laptop(&c, dirs[1].path(), "Bình");
    let chi = laptop(&c, dirs[2].path(), "Chi");
    let a = articles::create(&mai, &input(title, body), "Mai").unwrap();
    step(&mai, &a.id, "Mai", Action::Submit).unwrap();
    for (conn, name) in [(&mai, "Mai"), (&binh, "Bình"), (&chi, "Chi")] {
        sync_as(conn, name);
    }
    Three {
        c,
        _dirs: dirs,
        mai,
        binh,
        chi,
        a,
    }
}

#[test]
fn a_draft_goes_from_the_reporter_to_the_editor_and_its_approval_back() {
    let c = newsroom();
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mai = laptop(&c, d1.path(), "Mai");
    let binh = laptop(&c, d2.path(), "Bình");

    // Mai writes at a meeting, with no network: a draft, a save, a submit.
    let a = articles::create(&mai, &input("Họp báo quý IV", "Đoạn một."), "Mai").unwrap();
    let a = articles::save(
        &mai,
        &a.id,
        a.revision,
        &input("Họp báo quý IV", "Đoạn một.\n\nĐoạn hai."),
        "Mai",
        SaveKind::Save,
    )
    .unwrap();
    step(&mai, &a.id, "Mai", Action::Submit).unwrap();
    assert_eq!(newsroom::sync::pending(&mai).unwrap(), 3);

    let s = sync_as(&mai, "Mai");
    assert_eq!((s.sent, s.pending), (3, 0), "{s:?}");
    assert!(s.refused.is_empty(), "{:?}", s.refused);

    // Bình's laptop gets it, submitted, with its history.
    let s = sync_as(&binh, "Bình");
    assert_eq!(s.received, 1);
    let got = articles::get(&binh, &a.id).unwrap();
    assert_eq!(
        (got.status, got.body.as_str()),
        (Status::Submitted, "Đoạn một.\n\nĐoạn hai.")
    );
    // He takes it up and approves it; the server records both, and Mai sees it approved.
    step(&binh, &a.id, "Bình", Action::Claim).unwrap();
    step(&binh, &a.id, "Bình", Action::Approve).unwrap();
    let s = sync_as(&binh, "Bình");
    assert_eq!((s.sent, s.refused.len()), (2, 0), "{s:?}");
    sync_as(&mai, "Mai");
    assert_eq!(articles::get(&mai, &a.id).unwrap().status, Status::Approved);
    let approval = workflow::approval(&mai, &a.id).unwrap().expect("approval");
    assert_eq!(approval.approver, "Bình");

    // Both folders and the server hold the same rows, each once.
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
    ] {
        let on_server = server_uids(&c, server);
        assert_eq!(uids(&mai, local), on_server, "{local}: Mai");
        assert_eq!(uids(&binh, local), on_server, "{local}: Bình");
    }
    assert_eq!(
        server_uids(&c, "SELECT uid FROM newsroom.revisions").len(),
        2
    );
    // The audit times are the server's, the same in both folders.
    let times = |conn: &Connection| uids(conn, "SELECT uid || at FROM audit");
    assert_eq!(times(&mai), times(&binh));
}

#[test]
fn an_edit_after_approval_goes_back_to_review_everywhere() {
    let c = newsroom();
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mai = laptop(&c, d1.path(), "Mai");
    let binh = laptop(&c, d2.path(), "Bình");
    let a = articles::create(&mai, &input("Tin A", "Một."), "Mai").unwrap();
    step(&mai, &a.id, "Mai", Action::Submit).unwrap();
    sync_as(&mai, "Mai");
    sync_as(&binh, "Bình");
    step(&binh, &a.id, "Bình", Action::Claim).unwrap();
    step(&binh, &a.id, "Bình", Action::Approve).unwrap();
    sync_as(&binh, "Bình");
    sync_as(&mai, "Mai");
    let now = articles::get(&mai, &a.id).unwrap();
    assert_eq!(now.status, Status::Approved);
    articles::save(
        &mai,
        &a.id,
        now.revision,
        &input("Tin A", "Một, sửa."),
        "Mai",
        SaveKind::Save,
    )
    .unwrap();
    assert_eq!(
        articles::get(&mai, &a.id).unwrap().status,
        Status::Submitted
    );
    let s = sync_as(&mai, "Mai");
    assert!(s.refused.is_empty(), "{:?}", s.refused);
    sync_as(&binh, "Bình");
    assert_eq!(
        articles::get(&binh, &a.id).unwrap().status,
        Status::Submitted
    );
    // The step "edit" is one row, the same uid here, there and on the server.
    let edits = "SELECT uid FROM audit WHERE action = 'edit'";
    assert_eq!(uids(&mai, edits).len(), 1);
    assert_eq!(uids(&mai, edits), uids(&binh, edits));
    assert_eq!(
        uids(&mai, edits),
        server_uids(&c, "SELECT uid FROM newsroom.audit WHERE action = 'edit'")
    );
}

#[test]
fn two_people_edit_apart_both_versions_stay_and_one_merge_settles_it() {
    let Three {
        c,
        _dirs,
        mai,
        binh,
        chi,
        a,
    } = three("Tin B", "Dòng một.\n\nDòng hai.");
    // Bình (editor, article submitted: anyone may edit) and Mai change it apart.
    let b = articles::get(&binh, &a.id).unwrap();
    articles::save(
        &binh,
        &a.id,
        b.revision,
        &input("Tin B", "Dòng một, Bình sửa.\n\nDòng hai."),
        "Bình",
        SaveKind::Save,
    )
    .unwrap();
    let m = articles::get(&mai, &a.id).unwrap();
    articles::save(
        &mai,
        &a.id,
        m.revision,
        &input("Tin B", "Dòng một.\n\nDòng hai, Mai sửa."),
        "Mai",
        SaveKind::Save,
    )
    .unwrap();
    sync_as(&binh, "Bình");
    sync_as(&mai, "Mai");
    // Mai's laptop shows two versions; nothing was overwritten.
    let d = newsroom::bundle::divergence(&mai, &a.id)
        .unwrap()
        .expect("two versions");
    assert_ne!(d.mine, d.theirs);
    let (merged, conflicts) = newsroom::bundle::merge(&mai, &a.id, "Mai").unwrap();
    assert!(conflicts.is_empty(), "{conflicts:?}");
    assert_eq!(merged.body, "Dòng một, Bình sửa.\n\nDòng hai, Mai sửa.");
    sync_as(&mai, "Mai");
    sync_as(&binh, "Bình");
    sync_as(&chi, "Chi");
    for (who, conn) in [("Mai", &mai), ("Bình", &binh), ("Chi", &chi)] {
        assert!(
            newsroom::bundle::divergence(conn, &a.id).unwrap().is_none(),
            "{who} sees two versions"
        );
        assert_eq!(
            articles::get(conn, &a.id).unwrap().body,
            merged.body,
            "{who}"
        );
        assert_eq!(
            uids(conn, "SELECT uid FROM revisions"),
            server_uids(&c, "SELECT uid FROM newsroom.revisions"),
            "{who}"
        );
    }
}

#[test]
fn a_step_the_server_refuses_is_undone_and_said() {
    let Three {
        c,
        _dirs,
        mai: _,
        binh,
        chi,
        a,
    } = three("Tin C", "Một.");
    // Both editors take it up offline; Bình's reaches the server first.
    step(&binh, &a.id, "Bình", Action::Claim).unwrap();
    step(&chi, &a.id, "Chi", Action::Claim).unwrap();
    step(&chi, &a.id, "Chi", Action::Approve).unwrap();
    sync_as(&binh, "Bình");
    let s = sync_as(&chi, "Chi");
    assert_eq!(s.refused.len(), 2, "{s:?}");
    assert!(s.refused[0].contains("Đang biên tập"), "{:?}", s.refused);
    let now = articles::get(&chi, &a.id).unwrap();
    let holder: Option<String> = chi
        .query_row(
            "SELECT claimed_by FROM articles WHERE id = ?1",
            [&a.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        (now.status, holder.as_deref()),
        (Status::InReview, Some("Bình"))
    );
    assert!(
        workflow::approval(&chi, &a.id).unwrap().is_none(),
        "Chi's approval is gone"
    );
    assert_eq!(s.pending, 0);
    let log = newsroom::sync::log(&chi, 10).unwrap();
    assert!(log.iter().any(|(_, m)| m.contains("approve")), "{log:?}");
    assert!(server_uids(&c, "SELECT uid FROM newsroom.approvals").is_empty());
}

#[test]
fn a_push_cut_off_halfway_and_repeated_sends_nothing_twice() {
    let c = newsroom();
    let d1 = tempfile::tempdir().unwrap();
    let mai = laptop(&c, d1.path(), "Mai");
    for i in 0..40 {
        let a = articles::create(&mai, &input(&format!("Tin số {i}"), "Một."), "Mai").unwrap();
        for j in 0..4 {
            let now = articles::get(&mai, &a.id).unwrap();
            articles::save(
                &mai,
                &a.id,
                now.revision,
                &input(&format!("Tin số {i}"), &format!("Bản {j}.")),
                "Mai",
                SaveKind::Save,
            )
            .unwrap();
        }
    }
    let total = newsroom::sync::pending(&mai).unwrap();
    assert_eq!(total, 200);
    // Cut the connection while the push runs.
    let killer_url = c.superuser_url(DB);
    let killer = std::thread::spawn(move || {
        let mut su = postgres::Client::connect(&killer_url, postgres::NoTls).expect("superuser");
        for _ in 0..2000 {
            let n: i64 = su
                .query_one("SELECT count(*) FROM newsroom.revisions", &[])
                .expect("count")
                .get(0);
            if n >= 60 {
                su.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'Mai'",
                    &[],
                )
                .expect("terminate");
                return n;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        panic!("the push never got going");
    });
    let cut = sync::sync(&mai, &pw("Mai"));
    let at = killer.join().expect("killer");
    assert!(at >= 60);
    let e = cut.expect_err("the push was cut off");
    assert_eq!(e.code(), ErrorCode::Offline, "{e}");
    let left = newsroom::sync::pending(&mai).unwrap();
    assert!(left > 0 && left < total, "{left} of {total} left");
    // Forget some of what was sent, as if the laptop died before writing it down: sent again,
    // taken as known.
    mai.execute(
        "DELETE FROM sync_sent WHERE uid IN (SELECT uid FROM sync_sent LIMIT 10)",
        [],
    )
    .unwrap();
    let s = sync_as(&mai, "Mai");
    assert_eq!(s.pending, 0, "{s:?}");
    let on_server: i64 = c
        .superuser(DB)
        .query_one("SELECT count(*) FROM newsroom.revisions", &[])
        .unwrap()
        .get(0);
    assert_eq!(on_server, 200);
    assert_eq!(
        uids(&mai, "SELECT uid FROM revisions"),
        server_uids(&c, "SELECT uid FROM newsroom.revisions")
    );
}

#[test]
fn a_transaction_that_commits_late_is_not_skipped_by_the_pull() {
    let c = newsroom();
    let d1 = tempfile::tempdir().unwrap();
    let mai = laptop(&c, d1.path(), "Mai");
    let admin_dir = tempfile::tempdir().unwrap();
    let admin = store::open(admin_dir.path()).unwrap();
    sync::join(&admin, &login(&c, "Quản Trị"), "admin-pw-1").unwrap();
    // Mai's first article goes in a transaction left open.
    let a = articles::create(&mai, &input("Tin chậm", "Một."), "Mai").unwrap();
    let rev: String = mai
        .query_row(
            "SELECT uid FROM revisions WHERE article_id = ?1",
            [&a.id],
            |r| r.get(0),
        )
        .unwrap();
    let mut slow = connect(&login(&c, "Mai"), Some(&pw("Mai"))).unwrap();
    let mut tx = slow.transaction().unwrap();
    tx.execute(
        "SELECT newsroom.push_revision($1, $2, NULL, NULL, 'create', '2026-11-30T01:00:00.000Z', '2026-11-30T01:00:00.000Z',
                'Tin chậm', '', 'Một.', '[]', '', '[]', '', 'tin-cham', NULL, NULL)",
        &[&a.id, &rev],
    )
    .unwrap();
    // (This laptop counts it as sent: the open transaction stands for another one's push.)
    newsroom::sync::mark_sent(&mai, &[&rev]).unwrap();
    // Meanwhile another article is pushed and committed, and the admin (who sees drafts) pulls.
    let b = articles::create(&mai, &input("Tin nhanh", "Hai."), "Mai").unwrap();
    let mut fast = connect(&login(&c, "Mai"), Some(&pw("Mai"))).unwrap();
    let pushed = sync::push(&mut fast, &mai, "Mai").unwrap();
    assert!(pushed.sent >= 1);
    sync::sync(&admin, "admin-pw-1").unwrap();
    assert!(articles::get(&admin, &a.id).is_err(), "not committed yet");
    // The slow transaction started first, so its id is below the other's: the pull's horizon
    // stopped below it, and the next pull reads it once it has committed.
    // A cursor taken from the newest row read (b's transaction) would now be past a's.
    tx.commit().unwrap();
    sync::sync(&admin, "admin-pw-1").unwrap();
    assert_eq!(articles::get(&admin, &a.id).unwrap().title, "Tin chậm");
    assert_eq!(articles::get(&admin, &b.id).unwrap().title, "Tin nhanh");
}

#[test]
fn a_reporter_with_psql_cannot_approve_change_a_state_or_act_as_anyone() {
    let c = newsroom();
    let d1 = tempfile::tempdir().unwrap();
    let mai = laptop(&c, d1.path(), "Mai");
    let a = articles::create(&mai, &input("Tin D", "Một."), "Mai").unwrap();
    step(&mai, &a.id, "Mai", Action::Submit).unwrap();
    sync_as(&mai, "Mai");
    let head: String = mai
        .query_row(
            "SELECT uid FROM revisions WHERE article_id = ?1",
            [&a.id],
            |r| r.get(0),
        )
        .unwrap();
    let mut psql = connect(&login(&c, "Mai"), Some(&pw("Mai"))).unwrap();
    let hash = "a".repeat(64);
    let at = "2026-11-30T00:00:00.000Z";
    let sig = format!("{}==", "A".repeat(86));
    // A reporter holds no approving key; one she makes herself is not registered.
    assert!(newsroom::signing::own_key(&mai, "Mai").unwrap().is_none());
    let mai_key = newsroom::signing::OwnKey::from_seed("Mai", [7; 32]).key_id();
    let other_key = newsroom::signing::encode_public(
        &newsroom::signing::OwnKey::from_seed("Mai", [9; 32]).public(),
    );
    let attempts = [
        format!("UPDATE newsroom.articles SET status = 'approved' WHERE id = '{}'", a.id),
        format!("UPDATE newsroom.articles SET created_by = 'Bình' WHERE id = '{}'", a.id),
        format!(
            "INSERT INTO newsroom.approvals (uid, article_id, revision_uid, approver, approved_at, content_sha256)
             VALUES ('x1', '{}', '{head}', 'Bình', '2026-11-30T00:00:00.000Z', '{hash}')",
            a.id
        ),
        format!(
            "INSERT INTO newsroom.audit (uid, article_id, at, actor, role, action, from_status, to_status)
             VALUES ('x2', '{}', 'now', 'Bình', 'editor', 'approve', 'in_review', 'approved')",
            a.id
        ),
        format!("DELETE FROM newsroom.audit WHERE article_id = '{}'", a.id),
        format!("SELECT newsroom.step('{}', 'x3', 'claim', NULL, '', NULL, NULL, NULL, NULL, NULL, NULL)", a.id),
        format!(
            "SELECT newsroom.step('{}', 'x4', 'approve', '{head}', '', '{hash}', NULL, '{at}', 2, '{mai_key}', '{sig}')",
            a.id
        ),
        format!("SELECT newsroom.step('{}', 'x5', 'export', '{head}', '', '{hash}', NULL, NULL, NULL, NULL, NULL)", a.id),
        // The rule-checking step without a signature is not callable; nor are keys anyone's but an admin's.
        format!("SELECT newsroom.step_checked('{}', 'x8', 'claim', NULL, '', NULL, NULL)", a.id),
        format!("SELECT newsroom.add_key('Mai', '{other_key}')"),
        format!("SELECT newsroom.add_key('Bình', '{other_key}')"),
        format!("SELECT newsroom.revoke_key('{mai_key}')"),
        format!("UPDATE newsroom.signing_keys SET person = 'Bình' WHERE key_id = '{mai_key}'"),
        format!(
            "INSERT INTO newsroom.signing_keys (key_id, person, public_key, registered_at, registered_by)
             VALUES ('{}', 'Bình', '{other_key}', 'now', 'Mai')",
            "b".repeat(32)
        ),
        "SET ROLE newsroom_editor".to_string(),
        "SELECT set_config('session_authorization', 'Bình', false)".to_string(),
        "ALTER TABLE newsroom.articles DISABLE ROW LEVEL SECURITY".to_string(),
    ];
    for sql in &attempts {
        assert!(
            psql.batch_execute(sql).is_err(),
            "a reporter could run: {sql}"
        );
    }
    // The server still says what it said.
    let mut su = c.superuser(DB);
    let row = su
        .query_one(
            "SELECT status, created_by FROM newsroom.articles WHERE id = $1",
            &[&a.id],
        )
        .unwrap();
    assert_eq!(
        (row.get::<_, String>(0), row.get::<_, String>(1)),
        ("submitted".into(), "Mai".into())
    );
    let n: i64 = su
        .query_one("SELECT count(*) FROM newsroom.approvals", &[])
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
    // An editor may not approve their own article, nor one they have not taken up.
    let d2 = tempfile::tempdir().unwrap();
    let binh = laptop(&c, d2.path(), "Bình");
    let mut binh_sql = connect(&login(&c, "Bình"), Some(&pw("Bình"))).unwrap();
    let binh_key = newsroom::signing::own_key(&binh, "Bình")
        .unwrap()
        .unwrap()
        .key_id();
    // Not with someone else's key, even one registered.
    let e = binh_sql
        .batch_execute(&format!(
            "SELECT newsroom.step('{}', 'x9', 'approve', '{head}', '', '{hash}', NULL, '{at}', 2, '{mai_key}', '{sig}')",
            a.id
        ))
        .unwrap_err();
    assert!(
        e.as_db_error()
            .and_then(|d| d.detail())
            .unwrap_or_default()
            .contains("own key"),
        "{e:?}"
    );
    let e = binh_sql
        .batch_execute(&format!(
            "SELECT newsroom.step('{}', 'x6', 'approve', '{head}', '', '{hash}', NULL, '{at}', 2, '{binh_key}', '{sig}')",
            a.id
        ))
        .unwrap_err();
    let said = e
        .as_db_error()
        .map(|d| d.message().to_string())
        .unwrap_or_default();
    assert_eq!(said, "bài đang ở trạng thái “Chờ duyệt”");
    let own = articles::create(&binh, &input("Bài của Bình", "Một."), "Bình").unwrap();
    step(&binh, &own.id, "Bình", Action::Submit).unwrap();
    step(&binh, &own.id, "Bình", Action::Claim).unwrap();
    sync_as(&binh, "Bình");
    let own_head: String = binh
        .query_row(
            "SELECT uid FROM revisions WHERE article_id = ?1",
            [&own.id],
            |r| r.get(0),
        )
        .unwrap();
    let e = binh_sql
        .batch_execute(&format!(
            "SELECT newsroom.step('{}', 'x7', 'approve', '{own_head}', '', '{hash}', NULL, '{at}', 2, '{binh_key}', '{sig}')",
            own.id
        ))
        .unwrap_err();
    let e = e
        .as_db_error()
        .map(|d| d.detail().unwrap_or_default().to_string())
        .unwrap_or_default();
    assert_eq!(e, "nobody approves their own article");
    // A draft never submitted is nobody else's business: Bình's folder does not get Mai's.
    let draft = articles::create(&mai, &input("Nháp riêng", "Một."), "Mai").unwrap();
    sync_as(&mai, "Mai");
    sync_as(&binh, "Bình");
    assert!(articles::get(&binh, &draft.id).is_err());
    let seen: i64 = binh_sql
        .query_one(
            "SELECT count(*) FROM newsroom.revisions WHERE article_id = $1",
            &[&draft.id],
        )
        .unwrap()
        .get(0);
    assert_eq!(seen, 0);
}

#[test]
fn comments_and_their_answers_travel_and_only_their_writer_or_an_editor_resolves_them() {
    use newsroom::comments::{self, NewComment};
    let c = newsroom();
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mai = laptop(&c, d1.path(), "Mai");
    let binh = laptop(&c, d2.path(), "Bình");
    let a = articles::create(
        &mai,
        &input("Tin E", "Cầu Rào 3 được khánh thành sáng nay."),
        "Mai",
    )
    .unwrap();
    step(&mai, &a.id, "Mai", Action::Submit).unwrap();
    sync_as(&mai, "Mai");
    sync_as(&binh, "Bình");
    // Bình comments on a phrase; Mai answers; both travel, the answer still answering.
    let me = workflow::actor(&binh, "Bình", None).unwrap();
    let asked = comments::add(
        &binh,
        &a.id,
        &me,
        &NewComment {
            body: "Ghi rõ giờ khánh thành.".into(),
            quote: Some("sáng nay".into()),
            ..NewComment::default()
        },
    )
    .unwrap();
    let s = sync_as(&binh, "Bình");
    assert_eq!(s.sent, 1, "{s:?}");
    sync_as(&mai, "Mai");
    let at_mai = comments::list(&mai, &a.id).unwrap();
    assert_eq!(at_mai.len(), 1);
    assert_eq!(
        (at_mai[0].author.as_str(), at_mai[0].quote.as_str()),
        ("Bình", "sáng nay")
    );
    assert!(at_mai[0].anchor.is_some(), "placed on the phrase at Mai's");
    let mai_me = workflow::actor(&mai, "Mai", None).unwrap();
    comments::add(
        &mai,
        &a.id,
        &mai_me,
        &NewComment {
            body: "Đã thêm: 8 giờ.".into(),
            reply_to: Some(at_mai[0].id),
            ..NewComment::default()
        },
    )
    .unwrap();
    sync_as(&mai, "Mai");
    sync_as(&binh, "Bình");
    let at_binh = comments::list(&binh, &a.id).unwrap();
    assert_eq!(at_binh.len(), 2);
    let answer = at_binh
        .iter()
        .find(|x| x.author == "Mai")
        .expect("Mai's answer");
    assert_eq!(answer.reply_to, Some(asked.id));
    // Bình resolves his comment: resolved everywhere, by him, at the server's time.
    comments::resolve(&binh, asked.id, &me, true).unwrap();
    sync_as(&binh, "Bình");
    sync_as(&mai, "Mai");
    let resolved = |conn: &Connection| -> Vec<(String, Option<String>, Option<String>)> {
        conn.prepare("SELECT uid, resolved_by, resolved_at FROM comments ORDER BY uid")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(resolved(&mai), resolved(&binh));
    assert!(
        resolved(&mai)
            .iter()
            .any(|(_, by, at)| by.as_deref() == Some("Bình") && at.is_some())
    );
    assert_eq!(
        uids(&mai, "SELECT uid FROM comments"),
        server_uids(&c, "SELECT uid FROM newsroom.comments")
    );
    // A reporter cannot resolve someone else's comment, even with SQL, nor write one as someone else.
    let mut psql = connect(&login(&c, "Mai"), Some(&pw("Mai"))).unwrap();
    let uid: String = binh
        .query_row("SELECT uid FROM comments WHERE id = ?1", [asked.id], |r| {
            r.get(0)
        })
        .unwrap();
    let e = psql
        .batch_execute(&format!("SELECT newsroom.resolve_comment('{uid}', false)"))
        .unwrap_err();
    let detail = e
        .as_db_error()
        .and_then(|d| d.detail().map(str::to_string))
        .unwrap_or_default();
    assert_eq!(detail, "only its writer, editors and admins");
    assert!(
        psql.batch_execute(&format!(
            "UPDATE newsroom.comments SET author = 'Bình', resolved_at = NULL WHERE uid = '{uid}'"
        ))
        .is_err()
    );
    // A time that is not one is refused (every laptop would have to read it).
    assert!(
        psql.batch_execute(&format!(
            "SELECT newsroom.push_comment('{}', 'forged-comment-0001', NULL, 'x', NULL, 'article', 'body', '', '', '', 'Tôi là Bình')",
            a.id
        ))
        .is_err()
    );
    psql.batch_execute(&format!(
        "SELECT newsroom.push_comment('{}', 'forged-comment-0001', NULL, '2026-11-30T01:00:00.000Z', NULL, 'article', 'body', '', '', '', 'Tôi là Bình')",
        a.id
    ))
    .unwrap();
    let author: String = c
        .superuser(DB)
        .query_one(
            "SELECT author FROM newsroom.comments WHERE uid = 'forged-comment-0001'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(author, "Mai", "a comment's author is who sent it");
}

#[test]
fn the_server_restarted_in_the_middle_of_a_sync_and_the_laptop_resumes() {
    let c = newsroom();
    let d1 = tempfile::tempdir().unwrap();
    let mai = laptop(&c, d1.path(), "Mai");
    for i in 0..60 {
        let a = articles::create(&mai, &input(&format!("Tin {i}"), "Một."), "Mai").unwrap();
        for j in 0..3 {
            let now = articles::get(&mai, &a.id).unwrap();
            articles::save(
                &mai,
                &a.id,
                now.revision,
                &input(&format!("Tin {i}"), &format!("Bản {j}.")),
                "Mai",
                SaveKind::Save,
            )
            .unwrap();
        }
    }
    assert_eq!(newsroom::sync::pending(&mai).unwrap(), 240);
    // The server goes down (as a crash would: no clean shutdown) while the push runs.
    let watcher_url = c.superuser_url(DB);
    let stopped = std::thread::scope(|s| {
        let down = s.spawn(|| {
            let mut su =
                postgres::Client::connect(&watcher_url, postgres::NoTls).expect("superuser");
            loop {
                let n: i64 = su
                    .query_one("SELECT count(*) FROM newsroom.revisions", &[])
                    .expect("count")
                    .get(0);
                if n >= 50 {
                    drop(su);
                    c.stop();
                    return n;
                }
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        });
        let cut = sync::sync(&mai, &pw("Mai"));
        let n = down.join().expect("the stopping thread");
        let e = cut.expect_err("the server went down during the sync");
        assert_eq!(e.code(), ErrorCode::Offline, "{e}");
        n
    });
    assert!(stopped >= 50);
    // While it is down: a clear "offline", recorded, nothing lost.
    let e = sync::sync(&mai, &pw("Mai")).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Offline, "{e}");
    let j = newsroom::sync::joined(&mai).unwrap().expect("joined");
    assert!(j.error.is_some());
    c.start_again();
    let s = sync_as(&mai, "Mai");
    assert_eq!(s.pending, 0, "{s:?}");
    assert_eq!(
        uids(&mai, "SELECT uid FROM revisions"),
        server_uids(&c, "SELECT uid FROM newsroom.revisions")
    );
    assert_eq!(
        server_uids(&c, "SELECT uid FROM newsroom.revisions").len(),
        240
    );
    assert!(
        newsroom::sync::joined(&mai)
            .unwrap()
            .expect("joined")
            .error
            .is_none()
    );
}

#[test]
fn an_approval_whose_signature_does_not_hold_arrives_without_it() {
    let c = newsroom();
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let binh = laptop(&c, dirs[1].path(), "Bình");
    let a = articles::create(&mai, &input("Tin ký", "Một."), "Mai").unwrap();
    step(&mai, &a.id, "Mai", Action::Submit).unwrap();
    sync_as(&mai, "Mai");
    sync_as(&binh, "Bình");
    step(&binh, &a.id, "Bình", Action::Claim).unwrap();
    step(&binh, &a.id, "Bình", Action::Approve).unwrap();
    sync_as(&binh, "Bình");
    // The signature the server keeps is the one made on Bình's laptop, over the time he approved.
    let mine = workflow::approval(&binh, &a.id).unwrap().expect("approval");
    let mut su = c.superuser(DB);
    let row = su
        .query_one(
            "SELECT approved_at, signature, key_id FROM newsroom.approvals WHERE article_id = $1",
            &[&a.id],
        )
        .unwrap();
    assert_eq!(
        (
            row.get::<_, String>(0),
            row.get::<_, String>(1),
            row.get::<_, String>(2)
        ),
        (
            mine.approved_at.clone(),
            mine.signature.clone(),
            mine.key_id.clone()
        )
    );
    // Someone with the database's superuser password changes what was approved (the hash), as if
    // another text had been approved; the signature no longer holds, and a laptop that pulls it
    // takes the article without the approval, and says so.
    su.batch_execute(&format!(
        "UPDATE newsroom.approvals SET content_sha256 = repeat('b', 64) WHERE article_id = '{}';
         UPDATE newsroom.articles SET txid = pg_current_xact_id() WHERE id = '{}'",
        a.id, a.id
    ))
    .unwrap();
    let chi = laptop(&c, dirs[2].path(), "Chi");
    sync_as(&chi, "Chi");
    let got = articles::get(&chi, &a.id).unwrap();
    assert_eq!(got.status, Status::Submitted);
    assert_eq!(workflow::approval(&chi, &a.id).unwrap(), None);
    let log = newsroom::sync::log(&chi, 10).unwrap();
    assert!(
        log.iter()
            .any(|(_, m)| m.contains("bản duyệt không được nhận") && m.contains("không đúng")),
        "{log:?}"
    );
}

/// A real JPEG, `w`×`h`, of a gradient.
pub(crate) fn jpeg(w: u16, h: u16) -> Vec<u8> {
    let mut px = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    for y in 0..h {
        for x in 0..w {
            px.extend([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]);
        }
    }
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(&px, w, h, jpeg_encoder::ColorType::Rgb)
        .expect("encode");
    out
}

#[test]
fn photos_travel_once_with_their_figures_and_a_changed_credit_follows() {
    use newsroom::figures::{self, FigureChange};
    use newsroom::media;
    let c = newsroom();
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let binh = laptop(&c, dirs[1].path(), "Bình");
    // Mai's portal profile makes other sizes than the default one Bình's laptop has.
    let spec = media::Spec {
        widths: vec![1000, 500],
        quality: 75,
    };
    let file = dirs[2].path().join("cau-rao.jpg");
    let bytes = jpeg(1200, 800);
    std::fs::write(&file, &bytes).unwrap();
    let a = articles::create(&mai, &input("Cầu Rào 3", "Một."), "Mai").unwrap();
    let photo = media::import_file(&mai, dirs[0].path(), &file, &spec, "Mai").unwrap();
    figures::add(
        &mai,
        &a.id,
        a.revision,
        &photo.hash,
        &FigureChange {
            alt: Some("Cầu Rào 3 nhìn từ trên cao".into()),
            caption: Some("Cầu Rào 3 ngày khánh thành".into()),
            ..FigureChange::default()
        },
        "Mai",
    )
    .unwrap();
    step(&mai, &a.id, "Mai", Action::Submit).unwrap();
    let s = sync_as(&mai, "Mai");
    assert!(s.refused.is_empty(), "{s:?}");
    assert_eq!(s.pending, 0);
    // The server has the original file's bytes once, under their hash, and the figure.
    let mut su = c.superuser(DB);
    let row = su
        .query_one(
            "SELECT count(*), max(length(bytes)), max(added_by) FROM newsroom.photos",
            &[],
        )
        .unwrap();
    assert_eq!(
        (
            row.get::<_, i64>(0),
            row.get::<_, Option<i32>>(1),
            row.get::<_, Option<String>>(2)
        ),
        (
            1,
            Some(i32::try_from(bytes.len()).unwrap()),
            Some("Mai".into())
        )
    );
    // Bình's laptop gets the article with its figure, and the photo into its library, rendered.
    sync_as(&binh, "Bình");
    let there = figures::list(&binh, &a.id).unwrap();
    assert_eq!(there.len(), 1);
    let p = media::get(&binh, &photo.hash).unwrap();
    assert!(!p.renditions.is_empty());
    assert_eq!(
        std::fs::read(media::original_path(dirs[1].path(), &p)).unwrap(),
        bytes
    );
    // Its renditions are the very files Mai made (with her profile's sizes, not Bình's), sent
    // once beside the original: the same bytes on every laptop, which an approval names.
    let files = |conn: &Connection, dir: &std::path::Path| -> Vec<(String, String, String)> {
        media::get(conn, &photo.hash)
            .unwrap()
            .renditions
            .iter()
            .map(|r| {
                let bytes = std::fs::read(dir.join(&r.path)).unwrap();
                (
                    r.spec.clone(),
                    r.sha256.clone(),
                    newsroom_base::sha256_hex(&bytes),
                )
            })
            .collect()
    };
    assert_eq!(files(&binh, dirs[1].path()), files(&mai, dirs[0].path()));
    assert_ne!(
        spec.widths,
        newsroom::profile::Profile::default().photo_spec().widths,
        "the test needs Mai's sizes to differ from the ones Bình's laptop would make"
    );
    let on_server: i64 = su
        .query_one("SELECT count(*) FROM newsroom.renditions", &[])
        .unwrap()
        .get(0);
    assert_eq!(on_server, i64::try_from(photo.renditions.len()).unwrap());
    // What an approval covers is the same on both laptops.
    let hash = |conn: &Connection| {
        workflow::content_hash(conn, &articles::get(conn, &a.id).unwrap()).unwrap()
    };
    assert_eq!(hash(&mai), hash(&binh));
    // Mai changes the figure's credit: it follows, and the photo is not sent again.
    figures::set_meta(
        &mai,
        &a.id,
        1,
        &FigureChange {
            credit: Some("Ảnh: Mai".into()),
            ..FigureChange::default()
        },
        "Mai",
    )
    .unwrap();
    assert_eq!(newsroom::sync::pending(&mai).unwrap(), 1);
    let s = sync_as(&mai, "Mai");
    assert_eq!(s.sent, 1, "{s:?}");
    sync_as(&binh, "Bình");
    let assets = figures::assets(&binh, &a.id).unwrap();
    assert_eq!(assets[&1].1, "Ảnh: Mai");
    assert_eq!(hash(&mai), hash(&binh));
    // Nothing left to send, on either side.
    assert_eq!(sync_as(&mai, "Mai").sent, 0);
    assert_eq!(sync_as(&binh, "Bình").sent, 0);
    // Bytes that do not hash to their name are refused, and so is a figure of a photo the server
    // lacks.
    let mut psql = connect(&login(&c, "Mai"), Some(&pw("Mai"))).unwrap();
    let wrong = psql.execute(
        "SELECT newsroom.push_photo($1, $2, 'x.jpg', '', '', '')",
        &[&"0".repeat(64), &bytes],
    );
    assert!(wrong.is_err());
    let missing = psql.execute(
        "SELECT newsroom.set_figures($1, $2::text::jsonb)",
        &[
            &a.id,
            &format!(
                r#"[{{"n": 1, "photo": "{}", "credit": "", "lead": false}}]"#,
                "1".repeat(64)
            ),
        ],
    );
    assert!(missing.is_err());
    // A reporter cannot change the figures of someone else's article, even one she can see.
    let theirs = articles::create(&binh, &input("Bài của Bình", "Một."), "Bình").unwrap();
    step(&binh, &theirs.id, "Bình", Action::Submit).unwrap();
    sync_as(&binh, "Bình");
    let e = psql
        .execute(
            "SELECT newsroom.set_figures($1, '[]'::jsonb)",
            &[&theirs.id],
        )
        .unwrap_err();
    assert_eq!(
        e.as_db_error().and_then(|d| d.detail()),
        Some("reporters edit only their own articles")
    );
    drop(su);
}
