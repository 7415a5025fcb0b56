//! A hostile colleague with a login, a laptop and psql: what they try, and that it neither counts
//! nor stops anyone else. Each test is an attack that worked before server schema 7.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use newsroom::articles;
use newsroom::status::Status;
use newsroom::workflow::{self, Action, Role};
use newsroom::{ErrorCode, store};
use newsroom_server::testing::Cluster;
use newsroom_server::{connect, keys, people, sync};

use crate::sync::{DB, input, jpeg, laptop, login, newsroom, pw, step, sync_as};

/// The newsroom of `sync::newsroom`, with Dũng (publishing staff) and Hùng (a reporter) too.
fn newsroom_with_staff() -> Cluster {
    let c = newsroom();
    let mut admin = connect(&login(&c, "Quản Trị"), Some("admin-pw-1")).unwrap();
    people::add(&mut admin, "Dũng", Role::Staff, &pw("Dũng")).unwrap();
    people::add(&mut admin, "Hùng", Role::Reporter, &pw("Hùng")).unwrap();
    c
}

fn admin(c: &Cluster) -> postgres::Client {
    connect(&login(c, "Quản Trị"), Some("admin-pw-1")).unwrap()
}

fn psql_as(c: &Cluster, name: &str) -> postgres::Client {
    connect(&login(c, name), Some(&pw(name))).unwrap()
}

/// Figure 1 of Mai's article `id` shows photo `hash`, and she submits the article.
fn figure_and_submit(mai: &rusqlite::Connection, id: &str, hash: &str) {
    let a = articles::get(mai, id).unwrap();
    newsroom::figures::add(
        mai,
        &a.id,
        a.revision,
        hash,
        &newsroom::figures::FigureChange::default(),
        "Mai",
    )
    .unwrap();
    step(mai, id, "Mai", Action::Submit).unwrap();
}

fn head_uid(conn: &rusqlite::Connection, id: &str) -> String {
    conn.query_row(
        "SELECT r.uid FROM revisions r JOIN articles a ON a.id = r.article_id AND a.revision = r.number
         WHERE a.id = ?1",
        [id],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn only_editors_and_admins_hold_approving_keys_and_a_demotion_revokes_them() {
    let c = newsroom_with_staff();
    let dirs: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let binh = laptop(&c, dirs[0].path(), "Bình");
    let mut admin = admin(&c);
    // The admin cannot register a reporter's or a staff member's key, whoever made it.
    for who in ["Mai", "Dũng"] {
        let key = newsroom::signing::OwnKey::from_seed(who, [3; 32]);
        let e = keys::add(
            &mut admin,
            who,
            &newsroom::signing::encode_public(&key.public()),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::Forbidden, "{who}: {e}");
        assert!(
            e.to_string().contains("chỉ biên tập viên và quản trị"),
            "{e}"
        );
    }
    // Every key says its person's role; Bình's is an editor's, and it approves.
    let listed = keys::list(&mut admin).unwrap();
    let his = listed.iter().find(|k| k.person == "Bình").unwrap().clone();
    assert_eq!(his.role.as_deref(), Some("editor"));
    assert!(his.revoked_at.is_none());
    // Bình is made a reporter: his key is revoked on the server at once, and his laptop, which
    // still has it, can no longer approve (the server refuses, and so does every laptop's check).
    people::set_role(&mut admin, "Bình", Role::Reporter).unwrap();
    let listed = keys::list(&mut admin).unwrap();
    let his = listed.iter().find(|k| k.key_id == his.key_id).unwrap();
    assert!(his.revoked_at.is_some(), "a demotion revokes the key");
    assert_eq!(his.role.as_deref(), Some("reporter"));
    // A key that was not revoked but whose person no longer approves counts for nothing either.
    let mut unrevoked = his.clone();
    unrevoked.revoked_at = None;
    let own = newsroom::signing::own_key(&binh, "Bình").unwrap().unwrap();
    let msg = newsroom::signing::approval_message(
        "A",
        "r",
        "Bình",
        "2026-12-01T00:00:00.000Z",
        2,
        &"a".repeat(64),
    );
    let sig = own.sign(&msg);
    let signed = newsroom::signing::Signed {
        article_id: "A",
        revision_uid: "r",
        approver: "Bình",
        approved_at: "2026-12-01T00:00:00.000Z",
        scheme: 2,
        content_sha256: &"a".repeat(64),
        key_id: &unrevoked.key_id,
        signature: &sig,
    };
    assert!(newsroom::signing::check(std::slice::from_ref(&unrevoked), &signed).is_err());
    let mut as_editor = unrevoked.clone();
    as_editor.role = Some("editor".into());
    assert!(newsroom::signing::check(&[as_editor], &signed).is_ok());
    // And back as an editor, the old key stays revoked: a new one must be registered.
    people::set_role(&mut admin, "Bình", Role::Editor).unwrap();
    let e = keys::add(
        &mut admin,
        "Bình",
        &newsroom::signing::encode_public(&own.public()),
    )
    .unwrap_err();
    assert!(e.to_string().contains("thu hồi"), "{e}");
}

/// The attack of issue 26: an editor whose key is registered copies his key file into a fresh
/// folder, approves his own article there and sends it as a bundle to the publishing desk.
#[test]
fn an_approval_made_outside_the_server_never_counts_in_a_joined_folder() {
    let c = newsroom_with_staff();
    let dirs: Vec<tempfile::TempDir> = (0..4).map(|_| tempfile::tempdir().unwrap()).collect();
    let binh = laptop(&c, dirs[0].path(), "Bình");
    let dung = laptop(&c, dirs[1].path(), "Dũng");
    let byline = articles::ArticleInput {
        authors: vec!["Trần Bình".into()],
        ..input("Bài Bình tự duyệt", "Một.")
    };
    let a = articles::create(&binh, &byline, "Bình").unwrap();
    step(&binh, &a.id, "Bình", Action::Submit).unwrap();
    sync_as(&binh, "Bình");
    // Outside the server: a fresh folder on its own, his key file copied in.
    let loose = dirs[2].path();
    let bundle = dirs[3].path().join("bai.toasoan");
    newsroom::bundle::export(&binh, dirs[0].path(), &a.id, &bundle, "Bình").unwrap();
    let other = store::open(loose).unwrap();
    let spec = newsroom::profile::Profile::hai_phong().photo_spec();
    newsroom::bundle::import(&other, loose, &bundle, &spec, "Bình").unwrap();
    std::fs::create_dir_all(loose.join("keys")).unwrap();
    for e in std::fs::read_dir(dirs[0].path().join("keys")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), loose.join("keys").join(e.file_name())).unwrap();
    }
    let me = workflow::actor(&other, "Bình", None).unwrap();
    workflow::transition(&other, &a.id, &me, Action::Claim, "").unwrap();
    workflow::transition(&other, &a.id, &me, Action::Approve, "").unwrap();
    let approved = workflow::approval(&other, &a.id).unwrap().unwrap();
    assert_eq!(approved.approver, "Bình");
    std::fs::remove_file(&bundle).unwrap();
    newsroom::bundle::export(&other, loose, &a.id, &bundle, "Bình").unwrap();
    // The desk imports it: the text comes, the approval waits for the server and is said.
    let spec = newsroom::profile::Profile::hai_phong().photo_spec();
    let imported = newsroom::bundle::import(&dung, dirs[1].path(), &bundle, &spec, "Dũng").unwrap();
    assert_eq!(imported.approvals_refused.len(), 1, "{imported:?}");
    assert!(
        imported.approvals_refused[0].contains("chờ máy chủ"),
        "{imported:?}"
    );
    let there = articles::get(&dung, &a.id).unwrap();
    assert_eq!(there.status, Status::Submitted);
    assert!(workflow::approval(&dung, &a.id).unwrap().is_none());
    let staff = workflow::actor(&dung, "Dũng", None).unwrap();
    let out = tempfile::tempdir().unwrap();
    let e = newsroom::export::export_article_as(
        &dung,
        dirs[1].path(),
        &a.id,
        out.path(),
        &newsroom::profile::active(&dung).unwrap(),
        &staff,
    )
    .unwrap_err();
    assert!(e.to_string().contains("chưa được duyệt"), "{e}");
    // The server never heard of it either.
    sync_as(&dung, "Dũng");
    assert_eq!(
        articles::get(&dung, &a.id).unwrap().status,
        Status::Submitted
    );
    // Nor does a self-approval count in a folder on its own that trusts his key: the desk's check
    // refuses an approval by the article's own creator wherever it is made.
    let desk = tempfile::tempdir().unwrap();
    let lone = store::open(desk.path()).unwrap();
    let own = newsroom::signing::own_key(&binh, "Bình").unwrap().unwrap();
    newsroom::signing::register(&lone, &registered_as(&own, "Bình")).unwrap();
    let got = newsroom::bundle::import(&lone, desk.path(), &bundle, &spec, "Lan").unwrap();
    assert_eq!(got.approvals_refused.len(), 1, "{got:?}");
    assert!(got.approvals_refused[0].contains("tự duyệt"), "{got:?}");
    // Nor at an upload desk that never saw the newsroom: the package he makes in his loose folder
    // (where he trusts his own key) carries his valid signature, and the approved content names
    // him as the article's creator.
    newsroom::signing::register(&other, &registered_as(&own, "Bình")).unwrap();
    let pkg_out = tempfile::tempdir().unwrap();
    let index = newsroom::export::export_article_as(
        &other,
        loose,
        &a.id,
        pkg_out.path(),
        &newsroom::profile::active(&other).unwrap(),
        &me,
    )
    .unwrap();
    let (file, print) = signed_keys_file(&c, dirs[3].path());
    let desk2 = tempfile::tempdir().unwrap();
    let fresh = store::open(desk2.path()).unwrap();
    let read = newsroom::signing::read_keys_file(&file).unwrap();
    let keys = newsroom::signing::trust_keys_file(&fresh, read, Some(&print)).unwrap();
    let folder = index.parent().unwrap();
    let v = newsroom::export::verify(folder, None, Some(&keys)).unwrap();
    assert!(!v.verified, "{v:?}");
    assert!(
        v.problems.iter().all(|p| !p.contains("Chữ ký")),
        "his signature itself holds: {v:?}"
    );
    assert!(
        v.problems
            .iter()
            .any(|p| p.contains("tự duyệt bài của chính mình")),
        "{v:?}"
    );
}

/// `person`'s registered public key, as a folder's trusted key.
fn registered_as(key: &newsroom::signing::OwnKey, person: &str) -> newsroom::signing::PublicKey {
    newsroom::signing::PublicKey {
        key_id: key.key_id(),
        person: person.into(),
        public_key: newsroom::signing::encode_public(&key.public()),
        registered_at: "2026-12-01T00:00:00.000Z".into(),
        revoked_at: None,
        role: None,
    }
}

/// The admin joins a folder in `dir`, registers their own key, and exports the newsroom's keys
/// file, signed: the file and the fingerprint the admin reads aloud.
fn signed_keys_file(c: &Cluster, dir: &std::path::Path) -> (std::path::PathBuf, String) {
    let folder = dir.join("quan-tri");
    let conn = store::open(&folder).unwrap();
    let joined = sync::join(&conn, &login(c, "Quản Trị"), "admin-pw-1").unwrap();
    assert!(joined.approves);
    keys::add(&mut admin(c), "Quản Trị", &joined.public_key).unwrap();
    let file = dir.join("khoa toa soan.json");
    let (n, signer) = keys::export(&mut admin(c), &conn, &file).unwrap();
    assert!(n >= 2, "{n}");
    (file, newsroom::signing::fingerprint(&signer))
}

/// A desk trusts a keys file only as the newsroom's admin signed it, by a key it pinned once by
/// its fingerprint: not a list a colleague made, not one changed after signing.
#[test]
fn a_keys_file_counts_only_as_the_newsroom_s_admin_signed_it() {
    use newsroom::signing::{self, OwnKey};
    let c = newsroom_with_staff();
    let dirs: Vec<tempfile::TempDir> = (0..4).map(|_| tempfile::tempdir().unwrap()).collect();
    let binh = laptop(&c, dirs[0].path(), "Bình");
    let dung = laptop(&c, dirs[1].path(), "Dũng");
    let out = dirs[2].path().join("keys.json");
    // Publishing staff hold no key to sign with; an editor's key is not an admin's.
    let e = keys::export(&mut psql_as(&c, "Dũng"), &dung, &out).unwrap_err();
    assert!(e.to_string().contains("không có khóa của “Dũng”"), "{e}");
    let e = keys::export(&mut psql_as(&c, "Bình"), &binh, &out).unwrap_err();
    assert!(e.to_string().contains("không phải khóa quản trị"), "{e}");
    assert!(!out.exists());

    let (file, print) = signed_keys_file(&c, dirs[2].path());
    let desk = store::open(dirs[3].path()).unwrap();
    let read = || signing::read_keys_file(&file).unwrap();
    // The first time, the desk is told the fingerprint to compare, and trusts nothing.
    let e = signing::trust_keys_file(&desk, read(), None).unwrap_err();
    assert!(e.to_string().contains(&print), "{e}");
    let wrong = print.replace(&print[..4], "0000");
    let e = signing::trust_keys_file(&desk, read(), Some(&wrong)).unwrap_err();
    assert!(e.to_string().contains("đừng tin"), "{e}");
    // Read aloud and typed without spaces, it matches; from then on the desk trusts the admin's
    // lists without being told again.
    let typed = print.replace(' ', "").to_uppercase();
    let keys = signing::trust_keys_file(&desk, read(), Some(&typed)).unwrap();
    assert!(
        keys.iter()
            .any(|k| k.person == "Bình" && k.role.as_deref() == Some("editor"))
    );
    signing::trust_keys_file(&desk, read(), None).unwrap();

    // Changed after signing (Hùng the reporter made an editor, or given a key), it is refused.
    let text = std::fs::read_to_string(&file).unwrap();
    let promoted = text.replacen("\"editor\"", "\"admin\"", 1);
    assert_ne!(promoted, text);
    std::fs::write(&file, &promoted).unwrap();
    let e = signing::read_keys_file(&file).unwrap_err();
    assert!(e.to_string().contains("đã bị sửa"), "{e}");
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let hung = OwnKey::from_seed("Hùng", [7; 32]);
    let mut forged = registered_as(&hung, "Hùng");
    forged.role = Some("editor".into());
    v["keys"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::to_value(&forged).unwrap());
    std::fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
    let e = signing::read_keys_file(&file).unwrap_err();
    assert!(e.to_string().contains("đã bị sửa"), "{e}");
    // A list Hùng signs himself, naming himself an admin, holds together but is not the
    // newsroom's: the desk never pinned his key.
    let mut own = registered_as(&hung, "Hùng");
    own.role = Some("admin".into());
    signing::write_keys_file(&file, &[own], &hung).unwrap();
    let e =
        signing::trust_keys_file(&desk, signing::read_keys_file(&file).unwrap(), None).unwrap_err();
    assert!(
        e.to_string()
            .contains(&signing::fingerprint(&hung.key_id())),
        "{e}"
    );
    // An unsigned list of before (format 2) is refused with what to do.
    v["format_version"] = 2.into();
    v.as_object_mut().unwrap().remove("signed");
    std::fs::write(&file, serde_json::to_vec(&v).unwrap()).unwrap();
    let e =
        signing::trust_keys_file(&desk, signing::read_keys_file(&file).unwrap(), None).unwrap_err();
    assert!(e.to_string().contains("không được ký"), "{e}");
}

/// A desk follows its newsroom's admins. A list signed by the admin it pinned names a second
/// admin, whose lists are trusted from then on with no call. When the first admin's key is revoked
/// (a lost laptop), the second admin's list says so, and nothing that key signs is trusted again at
/// the desk: not a fresh list made with it, not the genuine older list replayed, not even with its
/// fingerprint typed. A list older than the newest trusted is refused: it would bring back an
/// editor's key revoked since.
#[test]
fn a_revoked_newsroom_key_is_never_trusted_again_and_no_older_list_comes_back() {
    use newsroom::signing::{self, OwnKey};
    let c = newsroom_with_staff();
    people::add(&mut admin(&c), "Thu", Role::Admin, &pw("Thu")).unwrap();
    let dirs: Vec<tempfile::TempDir> = (0..4).map(|_| tempfile::tempdir().unwrap()).collect();
    let binh = laptop(&c, dirs[0].path(), "Bình");
    let binh_key = signing::own_key(&binh, "Bình").unwrap().unwrap().key_id();
    let (first, print) = signed_keys_file(&c, dirs[1].path());
    let quan_tri = store::open(&dirs[1].path().join("quan-tri")).unwrap();
    let lost: OwnKey = signing::own_key(&quan_tri, "Quản Trị").unwrap().unwrap();
    let desk = store::open(dirs[3].path()).unwrap();
    let trust = |file: &std::path::Path, typed: Option<&str>| {
        signing::trust_keys_file(&desk, signing::read_keys_file(file).unwrap(), typed)
    };
    trust(&first, Some(&print)).unwrap();

    // Thu, a second admin, registers her key; the pinned admin's next list names her.
    let thu = store::open(dirs[2].path()).unwrap();
    let joined = sync::join(&thu, &login(&c, "Thu"), &pw("Thu")).unwrap();
    keys::add(&mut admin(&c), "Thu", &joined.public_key).unwrap();
    let thu_key = signing::own_key(&thu, "Thu").unwrap().unwrap().key_id();
    let with_thu = dirs[1].path().join("with thu.json");
    keys::export(&mut admin(&c), &quan_tri, &with_thu).unwrap();
    trust(&with_thu, None).unwrap();

    // Bình's key is revoked; Thu's list says so and the desk trusts it with no call.
    keys::revoke(&mut admin(&c), &binh_key).unwrap();
    let by_thu = dirs[2].path().join("by thu.json");
    let (_, signer) = keys::export(&mut psql_as(&c, "Thu"), &thu, &by_thu).unwrap();
    assert_eq!(signer, thu_key);
    let keys = trust(&by_thu, None).unwrap();
    assert!(
        keys.iter()
            .any(|k| k.key_id == binh_key && k.revoked_at.is_some()),
        "{keys:?}"
    );
    // The list of before, where Bình's key still counted, is genuine but older: refused.
    let e = trust(&with_thu, None).unwrap_err();
    assert!(
        e.to_string().contains("cũ hơn danh sách máy này đã tin"),
        "{e}"
    );

    // The first admin's laptop is lost: Thu revokes its key, and her list tells the desk.
    keys::revoke(&mut psql_as(&c, "Thu"), &lost.key_id()).unwrap();
    let after = dirs[2].path().join("after.json");
    keys::export(&mut psql_as(&c, "Thu"), &thu, &after).unwrap();
    trust(&after, None).unwrap();
    // Whoever holds the lost key signs a fresh list of their own making (Bình's key in force
    // again, the lost key an admin's): it holds together, and the desk refuses it, even when the
    // old fingerprint is typed.
    let mut forged = signing::read_keys_file(&with_thu).unwrap().keys;
    assert!(
        forged
            .iter()
            .any(|k| k.key_id == lost.key_id() && k.revoked_at.is_none())
    );
    let forged_file = dirs[1].path().join("forged.json");
    signing::write_keys_file(&forged_file, &forged, &lost).unwrap();
    for typed in [None, Some(print.as_str())] {
        let e = trust(&forged_file, typed).unwrap_err();
        assert!(e.to_string().contains("đã bị thu hồi"), "{typed:?}: {e}");
    }
    // A list dated far ahead (to lock out every genuine list until then) is refused too, whoever
    // signs it.
    forged.retain(|k| k.key_id != lost.key_id());
    let thu_secret = signing::own_key(&thu, "Thu").unwrap().unwrap();
    let mut file: serde_json::Value =
        serde_json::from_str(&signing::keys_file(&forged, &thu_secret).unwrap()).unwrap();
    file["exported_at"] = "2099-01-01T00:00:00.000Z".into();
    file["signed"] = serde_json::Value::Null;
    let unsigned: signing::KeysFile = serde_json::from_value(file.clone()).unwrap();
    file["signed"] = serde_json::json!({
        "key_id": thu_key,
        "person": "Thu",
        "signature": thu_secret.sign(&signing::keys_message(&unsigned)),
    });
    let ahead = dirs[2].path().join("ahead.json");
    std::fs::write(&ahead, serde_json::to_vec(&file).unwrap()).unwrap();
    let e = trust(&ahead, None).unwrap_err();
    assert!(e.to_string().contains("ở tương lai"), "{e}");
    // The newest genuine list is still trusted.
    let keys = trust(&after, None).unwrap();
    assert!(
        keys.iter()
            .any(|k| k.key_id == lost.key_id() && k.revoked_at.is_some())
    );
}

#[test]
fn an_open_transaction_anywhere_in_the_cluster_does_not_hold_back_anyone_s_pull() {
    let c = newsroom();
    let dirs: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let binh = laptop(&c, dirs[1].path(), "Bình");
    // A transaction with an id, left open in another database of the cluster, and one by a member
    // in the newsroom's own database.
    let mut elsewhere = c.superuser("postgres");
    let mut held = elsewhere.transaction().unwrap();
    held.execute("CREATE TEMP TABLE t (x int)", &[]).unwrap();
    held.query_one("SELECT pg_current_xact_id()", &[]).unwrap();
    let mut hostile = psql_as(&c, "Mai");
    hostile
        .batch_execute("SET idle_in_transaction_session_timeout = 0")
        .unwrap();
    let mut mine = hostile.transaction().unwrap();
    mine.query_one("SELECT pg_current_xact_id()", &[]).unwrap();
    // Meanwhile Mai's laptop sends an article and Bình's receives it at once.
    for round in 0..3 {
        let a = articles::create(&mai, &input(&format!("Tin {round}"), "Một."), "Mai").unwrap();
        step(&mai, &a.id, "Mai", Action::Submit).unwrap();
        let began = Instant::now();
        sync_as(&mai, "Mai");
        let got = sync_as(&binh, "Bình");
        assert_eq!(got.received, 1, "round {round}: {got:?}");
        assert_eq!(
            articles::get(&binh, &a.id).unwrap().title,
            format!("Tin {round}")
        );
        assert!(
            began.elapsed() < Duration::from_secs(2),
            "{:?}",
            began.elapsed()
        );
    }
    mine.rollback().unwrap();
    held.rollback().unwrap();
}

#[test]
fn a_session_holding_an_article_locked_is_ended_and_the_editor_goes_on() {
    let c = newsroom();
    let dirs: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let binh = laptop(&c, dirs[1].path(), "Bình");
    let a = articles::create(&mai, &input("Tin bị giữ", "Một."), "Mai").unwrap();
    step(&mai, &a.id, "Mai", Action::Submit).unwrap();
    sync_as(&mai, "Mai");
    sync_as(&binh, "Bình");
    // Mai, with psql, locks her article's row in a transaction she leaves open, timeouts off.
    let mut hostile = psql_as(&c, "Mai");
    hostile
        .batch_execute("SET idle_in_transaction_session_timeout = 0; SET statement_timeout = 0")
        .unwrap();
    let mut tx = hostile.transaction().unwrap();
    let head = head_uid(&mai, &a.id);
    tx.execute(
        "SELECT newsroom.push_revision($1, $2, $3, NULL, 'save', '2026-12-01T01:00:00.000Z',
                '2026-12-01T01:00:00.000Z', 'Tin bị giữ', '', 'Hai.', '[]', '', '[]', '', 'tin-bi-giu', NULL, NULL)",
        &[&a.id, &"01kheldrevision00000000000", &head],
    )
    .unwrap();
    // Bình takes the article up: his step waits at most 5 s, the stuck session is ended, and it
    // goes through.
    step(&binh, &a.id, "Bình", Action::Claim).unwrap();
    let began = Instant::now();
    let s = sync_as(&binh, "Bình");
    assert!(s.refused.is_empty(), "{s:?}");
    assert!(
        began.elapsed() < Duration::from_secs(12),
        "{:?}",
        began.elapsed()
    );
    assert_eq!(
        articles::get(&binh, &a.id).unwrap().status,
        Status::InReview
    );
    // The hostile transaction is gone; its revision never landed.
    assert!(tx.commit().is_err());
    let n: i64 = c
        .superuser(DB)
        .query_one(
            "SELECT count(*) FROM newsroom.revisions WHERE uid = '01kheldrevision00000000000'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
    // Each person's sessions are limited.
    let row = c
        .superuser(DB)
        .query_one(
            "SELECT rolconnlimit FROM pg_roles WHERE rolname = 'Mai'",
            &[],
        )
        .unwrap();
    assert_eq!(row.get::<_, i32>(0), 8);
    let mut plain = psql_as(&c, "Mai");
    let t: String = plain
        .query_one("SHOW idle_in_transaction_session_timeout", &[])
        .unwrap()
        .get(0);
    assert_eq!(t, "2min");
    let t: String = plain
        .query_one("SHOW statement_timeout", &[])
        .unwrap()
        .get(0);
    assert_eq!(t, "1min");
}

#[test]
fn the_server_refuses_what_a_laptop_would_refuse() {
    let c = newsroom();
    let dirs: Vec<tempfile::TempDir> = (0..1).map(|_| tempfile::tempdir().unwrap()).collect();
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let a = articles::create(&mai, &input("Tin thật", "Một."), "Mai").unwrap();
    sync_as(&mai, "Mai");
    let head = head_uid(&mai, &a.id);
    let mut psql = psql_as(&c, "Mai");
    let big = "a".repeat(6 * 1024 * 1024);
    let revision =
        |n: u32, saved_at: &str, body: &str, authors: &str| -> Result<u64, postgres::Error> {
            let mut psql = psql_as(&c, "Mai");
            psql.execute(
            "SELECT newsroom.push_revision($1, $2, $3, NULL, 'save', '2026-12-01T01:00:00.000Z', $4,
                    'Tin', '', $5, $6, '', '[]', '', 'tin', NULL, NULL)",
            &[&a.id, &format!("01kbadrevision{n:012}"), &head, &saved_at, &body, &authors],
        )
        };
    let ok_time = "2026-12-01T01:00:00.000Z";
    for (what, result) in [
        ("a 6 MB body", revision(1, ok_time, &big, "[]")),
        (
            "a time that is not one",
            revision(2, "hôm qua", "Một.", "[]"),
        ),
        (
            "a 13th month",
            revision(3, "2026-13-01T01:00:00.000Z", "Một.", "[]"),
        ),
        (
            "authors that are not a list",
            revision(4, ok_time, "Một.", "Mai"),
        ),
        (
            "an author of 300 letters",
            revision(5, ok_time, "Một.", &format!("[\"{}\"]", "a".repeat(300))),
        ),
        (
            "a list of 51 authors",
            revision(
                6,
                ok_time,
                "Một.",
                &serde_json::to_string(&vec!["X"; 51]).unwrap(),
            ),
        ),
    ] {
        let e = result.expect_err(what);
        assert_eq!(
            e.as_db_error().map(|d| d.code().code()),
            Some("22023"),
            "{what}: {e}"
        );
    }
    // A photo that is not one, or too large; a comment quote or a credit past the limits.
    let not_image = b"%PDF-1.4 not a photo".to_vec();
    let hash = newsroom_base::sha256_hex(&not_image);
    assert!(
        psql.execute(
            "SELECT newsroom.push_photo($1, $2, 'x.jpg', '', '', '')",
            &[&hash, &not_image]
        )
        .is_err()
    );
    let mut huge = jpeg(16, 16);
    huge.resize(51 * 1024 * 1024, 0);
    let hash = newsroom_base::sha256_hex(&huge);
    assert!(
        psql.execute(
            "SELECT newsroom.push_photo($1, $2, 'x.jpg', '', '', '')",
            &[&hash, &huge]
        )
        .is_err()
    );
    assert!(
        psql.execute(
            "SELECT newsroom.push_comment($1, 'cmt0000000000000000000001', NULL, '2026-12-01T01:00:00.000Z', NULL,
                    'phrase', 'body', $2, '', '', 'Xem lại')",
            &[&a.id, &big]
        )
        .is_err()
    );
    let photo = jpeg(32, 32);
    let ph = newsroom_base::sha256_hex(&photo);
    psql.execute(
        "SELECT newsroom.push_photo($1, $2, 'x.jpg', '', '', '')",
        &[&ph, &photo],
    )
    .unwrap();
    let figures = format!(
        r#"[{{"n": 1, "photo": "{ph}", "credit": "{}", "lead": false}}]"#,
        "c".repeat(600)
    );
    assert!(
        psql.execute(
            "SELECT newsroom.set_figures($1, $2::text::jsonb)",
            &[&a.id, &figures]
        )
        .is_err()
    );
    let twice = format!(
        r#"[{{"n": 1, "photo": "{ph}", "credit": "", "lead": false}}, {{"n": 1, "photo": "{ph}", "credit": "", "lead": true}}]"#
    );
    assert!(
        psql.execute(
            "SELECT newsroom.set_figures($1, $2::text::jsonb)",
            &[&a.id, &twice]
        )
        .is_err()
    );
    // Nothing of it is stored.
    let n: i64 = c
        .superuser(DB)
        .query_one(
            "SELECT (SELECT count(*) FROM newsroom.revisions WHERE uid LIKE '01kbadrevision%')
                  + (SELECT count(*) FROM newsroom.comments) + (SELECT count(*) FROM newsroom.figures)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
}

#[test]
fn bad_data_already_on_the_server_is_left_out_and_everything_else_arrives() {
    let c = newsroom();
    let dirs: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let binh = laptop(&c, dirs[1].path(), "Bình");
    // Two submitted articles of Mai's, one with a photo.
    let bad = articles::create(&mai, &input("Bài hỏng", "Một."), "Mai").unwrap();
    let broken_photo = articles::create(&mai, &input("Bài có ảnh hỏng", "Một."), "Mai").unwrap();
    for id in [&bad.id, &broken_photo.id] {
        step(&mai, id, "Mai", Action::Submit).unwrap();
    }
    sync_as(&mai, "Mai");
    // What an earlier server took without checking (written here by the superuser): a revision
    // whose time and authors no laptop can read, and a "photo" that is a PDF in a figure.
    let mut su = c.superuser(DB);
    su.execute(
        "UPDATE newsroom.revisions SET saved_at = 'hôm qua', authors = 'Mai' WHERE article_id = $1",
        &[&bad.id],
    )
    .unwrap();
    su.execute(
        "UPDATE newsroom.articles SET txid = pg_current_xact_id() WHERE id = $1",
        &[&bad.id],
    )
    .unwrap();
    let pdf = b"%PDF-1.4 not a photo at all".to_vec();
    let h = newsroom_base::sha256_hex(&pdf);
    su.execute(
        "INSERT INTO newsroom.photos (hash, bytes, original_name, description, credit, copyright, added_by, added_at)
         VALUES ($1, $2, 'a.jpg', '', '', '', 'Mai', '2026-12-01T00:00:00.000Z')",
        &[&h, &pdf],
    )
    .unwrap();
    su.execute(
        "INSERT INTO newsroom.figures (article_id, n, photo, credit, lead, added_at)
         VALUES ($1, 1, $2, '', true, '2026-12-01T00:00:00.000Z')",
        &[&broken_photo.id, &h],
    )
    .unwrap();
    su.execute(
        "UPDATE newsroom.articles SET txid = pg_current_xact_id() WHERE id = $1",
        &[&broken_photo.id],
    )
    .unwrap();
    // Later work of hers arrives all the same.
    let good = articles::create(&mai, &input("Bài lành", "Hai."), "Mai").unwrap();
    step(&mai, &good.id, "Mai", Action::Submit).unwrap();
    sync_as(&mai, "Mai");
    let s = sync_as(&binh, "Bình");
    assert!(s.refused.iter().any(|r| r.contains(&bad.id)), "{s:?}");
    assert!(s.refused.iter().any(|r| r.contains(&h)), "{s:?}");
    assert_eq!(articles::get(&binh, &good.id).unwrap().title, "Bài lành");
    assert!(
        articles::get(&binh, &bad.id).is_err(),
        "the bad article is left out whole"
    );
    // The article whose photo is not one comes without that figure.
    assert_eq!(
        articles::get(&binh, &broken_photo.id).unwrap().title,
        "Bài có ảnh hỏng"
    );
    assert!(
        newsroom::figures::list(&binh, &broken_photo.id)
            .unwrap()
            .is_empty()
    );
    // The list and the review queue read; the sync log says what was left out.
    let list = articles::list(&binh, &articles::ListFilter::default()).unwrap();
    assert_eq!(list.len(), 2);
    let log = newsroom::sync::log(&binh, 20).unwrap();
    assert!(
        log.iter().any(|(_, m)| m.contains("không nhận từ máy chủ")),
        "{log:?}"
    );
    // And the next sync goes through as usual.
    let again = sync_as(&binh, "Bình");
    assert_eq!(again.received, 0, "{again:?}");
}

#[test]
fn a_revision_id_names_one_content_and_an_article_id_one_creator() {
    let c = newsroom_with_staff();
    let dirs: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let binh = laptop(&c, dirs[1].path(), "Bình");
    // Hùng holds a bundle of Mai's new article and pushes first, under her ids, his own text.
    let a = articles::create(&mai, &input("Bài của Mai", "Nội dung thật."), "Mai").unwrap();
    step(&mai, &a.id, "Mai", Action::Submit).unwrap();
    let uid = head_uid(&mai, &a.id);
    let mut hung = psql_as(&c, "Hùng");
    hung.execute(
        "SELECT newsroom.push_revision($1, $2, NULL, NULL, 'create', '2026-12-01T01:00:00.000Z',
                '2026-12-01T01:00:00.000Z', 'Bài của Mai', '', 'Nội dung giả.', '[\"Mai\"]', '', '[]', '', 'bai', NULL, NULL)",
        &[&a.id, &uid],
    )
    .unwrap();
    // And under the id of a draft of hers he also holds.
    let d = articles::create(&mai, &input("Nháp của Mai", "Nháp."), "Mai").unwrap();
    let d_uid = head_uid(&mai, &d.id);
    hung.execute(
        "SELECT newsroom.push_revision($1, $2, NULL, NULL, 'create', '2026-12-01T01:00:00.000Z',
                '2026-12-01T01:00:00.000Z', 'Nháp giả', '', 'Giả.', '[]', '', '[]', '', 'gia', NULL, NULL)",
        &[&d.id, &d_uid],
    )
    .unwrap();
    // Her laptop does not say "sent" under his text: the server refuses her ids, and her laptop
    // moves her article to ids of its own and sends it again, in the same sync.
    let s = sync_as(&mai, "Mai");
    assert!(
        s.refused.iter().any(|r| r.contains("đã có trên máy chủ")),
        "{s:?}"
    );
    assert_eq!(s.moved.len(), 2, "{s:?}");
    let moved = s.moved.iter().find(|m| m.from == a.id).unwrap().to.clone();
    assert_ne!(moved, a.id);
    assert_eq!(s.pending, 0, "all of it went under the new ids: {s:?}");
    assert_ne!(head_uid(&mai, &moved), uid);
    let log = newsroom::sync::log(&mai, 20).unwrap();
    assert!(log.iter().any(|(_, m)| m.contains(&moved)), "{log:?}");
    // A window still holding the old id reads and saves the article where it went.
    let here = articles::get(&mai, &a.id).unwrap();
    assert_eq!(
        (here.id.as_str(), here.body.as_str()),
        (moved.as_str(), "Nội dung thật.")
    );
    // Editors see her article, her text under her name, in review; Hùng's copy is his own
    // private draft, which they do not see.
    sync_as(&binh, "Bình");
    let seen = articles::get(&binh, &moved).unwrap();
    assert_eq!(seen.body, "Nội dung thật.");
    assert_eq!(seen.status, newsroom::status::Status::Submitted);
    assert_eq!(workflow::creator(&binh, &moved).unwrap(), "Mai");
    assert!(articles::get(&binh, &a.id).is_err());
    // Her draft, whose id he took too, moved as well; the window's next save under the old id
    // lands on the moved draft.
    let draft_to = &s.moved.iter().find(|m| m.from == d.id).unwrap().to;
    let open = articles::get(&mai, &d.id).unwrap();
    let saved = articles::save(
        &mai,
        &d.id,
        open.revision,
        &input("Nháp của Mai", "Nháp, thêm một câu."),
        "Mai",
        articles::SaveKind::Save,
    )
    .unwrap();
    assert_eq!(&saved.id, draft_to);
    assert_eq!(
        articles::get(&mai, draft_to).unwrap().body,
        "Nháp, thêm một câu."
    );
    assert_eq!(sync_as(&mai, "Mai").pending, 0);
    // Pushing her uid again with other text, even under his own article, is refused too.
    let e = hung
        .execute(
            "SELECT newsroom.push_revision($1, $2, NULL, NULL, 'create', '2026-12-01T01:00:00.000Z',
                    '2026-12-01T01:00:00.000Z', 'Khác', '', 'Khác.', '[]', '', '[]', '', 'khac', NULL, NULL)",
            &[&a.id, &uid],
        )
        .unwrap_err();
    assert_eq!(
        e.as_db_error().map(|d| d.code().code()),
        Some("42501"),
        "{e}"
    );
}

#[test]
fn no_side_channel_tells_what_a_colleague_keeps_private() {
    let c = newsroom_with_staff();
    let dirs: Vec<tempfile::TempDir> = (0..2).map(|_| tempfile::tempdir().unwrap()).collect();
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let spec = newsroom::profile::Profile::hai_phong().photo_spec();
    // Hùng listens on the newsroom's channel.
    let mut ears = psql_as(&c, "Hùng");
    ears.batch_execute("LISTEN newsroom").unwrap();
    // Mai's private draft, with a photo.
    let draft = articles::create(&mai, &input("Bản nháp riêng", "Một."), "Mai").unwrap();
    let file = dirs[1].path().join("rieng.jpg");
    std::fs::write(&file, jpeg(64, 48)).unwrap();
    let photo = newsroom::media::import_file(&mai, dirs[0].path(), &file, &spec, "Mai").unwrap();
    newsroom::figures::add(
        &mai,
        &draft.id,
        draft.revision,
        &photo.hash,
        &newsroom::figures::FigureChange::default(),
        "Mai",
    )
    .unwrap();
    // A shared article of hers with one step Hùng can know the uid of.
    let shared = articles::create(&mai, &input("Bài chung", "Một."), "Mai").unwrap();
    step(&mai, &shared.id, "Mai", Action::Submit).unwrap();
    let s = sync_as(&mai, "Mai");
    assert!(s.refused.is_empty(), "{s:?}");
    // What the channel carried names no article.
    {
        use postgres::fallible_iterator::FallibleIterator as _;
        let mut n = ears.notifications();
        let mut it = n.timeout_iter(Duration::from_millis(500));
        let mut seen = 0;
        while let Some(note) = it.next().unwrap() {
            assert_eq!(note.payload(), "", "a notification names something");
            seen += 1;
        }
        assert!(seen > 0, "the channel woke nobody");
    }
    let mut hung = psql_as(&c, "Hùng");
    let submit_uid: String = mai
        .query_row(
            "SELECT uid FROM audit WHERE article_id = ?1 AND action = 'submit'",
            [&shared.id],
            |r| r.get(0),
        )
        .unwrap();
    // A known step uid with the draft's id does not tell the draft's state.
    let e = hung
        .query_one(
            "SELECT newsroom.step($1, $2, 'submit', NULL, '', NULL, NULL, NULL, NULL, NULL, NULL)",
            &[&draft.id, &submit_uid],
        )
        .unwrap_err();
    assert_eq!(
        e.as_db_error().map(|d| d.code().code()),
        Some("P0002"),
        "{e}"
    );
    // Her photo's hash in his own article's figures does not show him the photo.
    let mine: String = {
        let hd = tempfile::tempdir().unwrap();
        let hc = laptop(&c, hd.path(), "Hùng");
        let h = articles::create(&hc, &input("Bài của Hùng", "Một."), "Hùng").unwrap();
        sync_as(&hc, "Hùng");
        h.id
    };
    let set = format!(
        r#"[{{"n": 1, "photo": "{}", "credit": "", "lead": false}}]"#,
        photo.hash
    );
    assert!(
        hung.execute(
            "SELECT newsroom.set_figures($1, $2::text::jsonb)",
            &[&mine, &set]
        )
        .is_err()
    );
    let seen: i64 = hung
        .query_one("SELECT count(*) FROM newsroom.photos", &[])
        .unwrap()
        .get(0);
    assert_eq!(seen, 0, "Hùng sees a photo of Mai's private draft");
    // The functions people call are owned by a role that cannot create roles.
    let owner_creates: bool = c
        .superuser(DB)
        .query_one(
            "SELECT rolcreaterole FROM pg_roles WHERE rolname = 'newsroom_owner'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(!owner_creates);
}

#[test]
fn figures_changed_after_approval_send_the_article_back_to_review() {
    let c = newsroom();
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let binh = laptop(&c, dirs[1].path(), "Bình");
    let spec = newsroom::profile::Profile::hai_phong().photo_spec();
    let a = articles::create(&mai, &input("Tin ảnh", "Một.\n\n![Ảnh](anh:1)"), "Mai").unwrap();
    let file = dirs[2].path().join("a.jpg");
    std::fs::write(&file, jpeg(64, 48)).unwrap();
    let photo = newsroom::media::import_file(&mai, dirs[0].path(), &file, &spec, "Mai").unwrap();
    figure_and_submit(&mai, &a.id, &photo.hash);
    sync_as(&mai, "Mai");
    sync_as(&binh, "Bình");
    step(&binh, &a.id, "Bình", Action::Claim).unwrap();
    step(&binh, &a.id, "Bình", Action::Approve).unwrap();
    sync_as(&binh, "Bình");
    // Mai, with psql, makes her photo the lead picture with another credit.
    let mut psql = psql_as(&c, "Mai");
    let set = format!(
        r#"[{{"n": 1, "photo": "{}", "credit": "Ảnh khác", "lead": true}}]"#,
        photo.hash
    );
    psql.execute(
        "SELECT newsroom.set_figures($1, $2::text::jsonb)",
        &[&a.id, &set],
    )
    .unwrap();
    let status: String = c
        .superuser(DB)
        .query_one(
            "SELECT status FROM newsroom.articles WHERE id = $1",
            &[&a.id],
        )
        .unwrap()
        .get(0);
    assert_eq!(status, "submitted");
    sync_as(&binh, "Bình");
    assert_eq!(
        articles::get(&binh, &a.id).unwrap().status,
        Status::Submitted
    );
}

#[test]
fn a_flood_of_notifications_wakes_a_watching_folder_at_most_once_a_second() {
    let c = newsroom();
    let dir = tempfile::tempdir().unwrap();
    let binh = laptop(&c, dir.path(), "Bình");
    let syncs = Arc::new(AtomicU32::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let flood = {
        let stop = stop.clone();
        let mut mai = psql_as(&c, "Mai");
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                mai.batch_execute("NOTIFY newsroom").unwrap();
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let began = Instant::now();
    {
        let syncs = syncs.clone();
        let stop = stop.clone();
        sync::watch(
            &binh,
            &pw("Bình"),
            |r| {
                assert!(r.is_ok(), "{r:?}");
                syncs.fetch_add(1, Ordering::SeqCst);
            },
            || {
                let done = began.elapsed() > Duration::from_secs(4);
                if done {
                    stop.store(true, Ordering::SeqCst);
                }
                done
            },
            || false,
        )
        .unwrap();
    }
    flood.join().unwrap();
    let n = syncs.load(Ordering::SeqCst);
    assert!((2..=6).contains(&n), "{n} syncs in 4 s of a flood");
}

/// Issue 26: a photo's renditions travel from its sender (approval form 5 names them), so they
/// must come from the sender alone and be what rendering the original makes in shape: anyone
/// else's are refused, and a laptop does not take a set with a file of the wrong shape (it makes
/// its own), so one person's bad files are never spread.
#[test]
fn a_photo_with_more_sizes_than_the_server_keeps_still_travels_with_the_profile_s_first() {
    use newsroom::media;
    let c = newsroom();
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let binh = laptop(&c, dirs[1].path(), "Bình");
    let a = articles::create(&mai, &input("Tin ảnh", "Một.\n\n![Ảnh](anh:1)"), "Mai").unwrap();
    let file = dirs[2].path().join("a.jpg");
    let original = jpeg(1200, 800);
    std::fs::write(&file, &original).unwrap();
    // Four other profiles first (three sizes each: twelve), then the active one's three: fifteen
    // renditions of one photo in Mai's library, the active profile's the last made, and its
    // smallest after all the others by width.
    for quality in [70, 72, 74, 76] {
        let other = media::Spec {
            widths: vec![1100, 900, 700],
            quality,
        };
        media::import_file(&mai, dirs[0].path(), &file, &other, "Mai").unwrap();
    }
    let spec = newsroom::profile::active(&mai).unwrap().photo_spec();
    let photo = media::import_file(&mai, dirs[0].path(), &file, &spec, "Mai").unwrap();
    assert_eq!(photo.renditions.len(), 15, "{:?}", photo.renditions);
    let hers: Vec<(String, String)> = photo
        .renditions
        .iter()
        .filter(|r| media::wanted_by(&spec, &photo, r))
        .map(|r| (r.spec.clone(), r.sha256.clone()))
        .collect();
    assert!(!hers.is_empty());
    figure_and_submit(&mai, &a.id, &photo.hash);
    // Her figures go: the server keeps twelve sizes and says the photo is full, it does not
    // refuse the article's pictures.
    let s = sync_as(&mai, "Mai");
    assert!(s.refused.is_empty(), "{s:?}");
    let mut psql = psql_as(&c, "Mai");
    let kept: i64 = psql
        .query_one(
            "SELECT count(*) FROM newsroom.renditions WHERE photo = $1",
            &[&photo.hash],
        )
        .unwrap()
        .get(0);
    assert_eq!(kept, 12);
    let on_server: Vec<(String, String)> = psql
        .query(
            "SELECT spec, sha256 FROM newsroom.renditions WHERE photo = $1",
            &[&photo.hash],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    for r in &hers {
        assert!(
            on_server.contains(r),
            "{r:?} is not on the server: {on_server:?}"
        );
    }
    let answer: String = psql
        .query_one(
            "SELECT newsroom.push_rendition($1, 'w500-q90', 500, 333, $2)",
            &[&photo.hash, &jpeg(500, 333)],
        )
        .unwrap()
        .get(0);
    assert_eq!(answer, "full");
    // A "size" far larger than its original is refused whoever sends it.
    let mut huge = jpeg(1200, 800);
    huge.resize(huge.len().max(original.len() * 2) + 3 * 1024 * 1024, 0);
    let e = psql
        .execute(
            "SELECT newsroom.push_rendition($1, 'w1200-q82', 1200, 800, $2)",
            &[&photo.hash, &huge],
        )
        .unwrap_err();
    assert_eq!(
        e.as_db_error().and_then(|d| d.detail()),
        Some("a photo size is more than twice its original")
    );
    // Bình's laptop holds the article's figure and, of the active profile's sizes, Mai's very
    // files: they went first.
    let s = sync_as(&binh, "Bình");
    assert!(s.refused.is_empty(), "{s:?}");
    assert_eq!(newsroom::figures::list(&binh, &a.id).unwrap().len(), 1);
    let there = media::get(&binh, &photo.hash).unwrap();
    let his: Vec<(String, String)> = there
        .renditions
        .iter()
        .filter(|r| media::wanted_by(&spec, &there, r))
        .map(|r| (r.spec.clone(), r.sha256.clone()))
        .collect();
    assert_eq!(his, hers);
}

#[test]
fn renditions_come_only_from_a_photo_s_sender_in_the_original_s_shape() {
    use newsroom::media;
    let c = newsroom();
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let mai = laptop(&c, dirs[0].path(), "Mai");
    let binh = laptop(&c, dirs[1].path(), "Bình");
    let spec = newsroom::profile::Profile::default().photo_spec();
    let a = articles::create(&mai, &input("Tin ảnh", "Một.\n\n![Ảnh](anh:1)"), "Mai").unwrap();
    let file = dirs[2].path().join("a.jpg");
    let original = jpeg(1200, 800);
    std::fs::write(&file, &original).unwrap();
    let photo = media::import_file(&mai, dirs[0].path(), &file, &spec, "Mai").unwrap();
    let w800 = photo
        .renditions
        .iter()
        .find(|r| r.width == 800)
        .expect("an 800 px rendition")
        .clone();
    // Before her laptop syncs, Mai sends the original herself with an "800 px" file that is a
    // 100 × 100 picture: the server keeps the first of each size.
    let mut psql = psql_as(&c, "Mai");
    psql.execute(
        "SELECT newsroom.push_photo($1, $2, 'a.jpg', '', '', '')",
        &[&photo.hash, &original],
    )
    .unwrap();
    let wrong = jpeg(100, 100);
    let (w, h) = (
        i32::try_from(w800.width).unwrap(),
        i32::try_from(w800.height).unwrap(),
    );
    psql.execute(
        "SELECT newsroom.push_rendition($1, $2, $3, $4, $5)",
        &[&photo.hash, &w800.spec, &w, &h, &wrong],
    )
    .unwrap();
    figure_and_submit(&mai, &a.id, &photo.hash);
    let s = sync_as(&mai, "Mai");
    assert!(s.refused.is_empty(), "{s:?}");
    // Bình, who did not send the photo, cannot add or replace its files.
    let e = psql_as(&c, "Bình")
        .execute(
            "SELECT newsroom.push_rendition($1, 'w640-q82', 640, 427, $2)",
            &[&photo.hash, &jpeg(640, 427)],
        )
        .unwrap_err();
    assert_eq!(
        e.as_db_error().and_then(|d| d.detail()),
        Some("only the person who sent a photo sends its sizes")
    );
    // Bình's laptop gets the article and the photo, but not Mai's set with its wrong file: its
    // renditions are its own, each the shape the original makes.
    sync_as(&binh, "Bình");
    assert_eq!(newsroom::figures::list(&binh, &a.id).unwrap().len(), 1);
    let there = media::get(&binh, &photo.hash).unwrap();
    assert_eq!(
        there
            .renditions
            .iter()
            .map(|r| (r.spec.clone(), r.width, r.height))
            .collect::<Vec<_>>(),
        photo
            .renditions
            .iter()
            .map(|r| (r.spec.clone(), r.width, r.height))
            .collect::<Vec<_>>()
    );
    let wrong_sha = newsroom_base::sha256_hex(&wrong);
    for r in &there.renditions {
        let bytes = std::fs::read(dirs[1].path().join(&r.path)).unwrap();
        assert_ne!(newsroom_base::sha256_hex(&bytes), wrong_sha, "{r:?}");
        let seen = media::check_bytes(&r.spec, bytes).unwrap();
        assert_eq!((seen.width, seen.height), (r.width, r.height));
    }
}
