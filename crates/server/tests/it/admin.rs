//! Running the newsroom without a terminal, tried as a hostile colleague would: a first password
//! that opens nothing until its person sets their own, keys offered by their person and registered
//! by an admin, a lost laptop revoked with its sessions, who synced when.

use newsroom::articles;
use newsroom::store;
use newsroom::workflow::{Action, Role};
use newsroom::{Error, ErrorCode};
use newsroom_server::{connect, keys, people, sync};

use crate::sync::{DB, input, login, newsroom, pw, step, sync_as};

fn admin(c: &newsroom_server::testing::Cluster) -> postgres::Client {
    connect(&login(c, "Quản Trị"), Some("admin-pw-1")).expect("admin")
}

/// `sql` run as `who` with their own login, as psql would: the error it gets.
fn refused(client: &mut postgres::Client, sql: &str) -> String {
    match client.batch_execute(sql) {
        Ok(()) => panic!("{sql} was taken"),
        Err(e) => e
            .as_db_error()
            .map_or(e.to_string(), |d| d.message().to_string()),
    }
}

fn overview_of(c: &newsroom_server::testing::Cluster, name: &str) -> people::Overview {
    people::overview(&mut admin(c))
        .expect("overview")
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("{name} in the overview"))
}

#[test]
fn a_first_password_opens_nothing_until_its_person_sets_their_own() {
    let c = newsroom();
    let mut a = admin(&c);
    people::add_first(&mut a, "Dung", Role::Editor, "lan-dau-123").expect("add");
    let o = overview_of(&c, "Dung");
    assert_eq!(
        (o.role, o.first_password, o.last_seen_at.as_deref()),
        (Role::Editor, true, None)
    );

    // Her laptop cannot join with it: she is told to set her own.
    let dir = tempfile::tempdir().unwrap();
    let conn = store::open(dir.path()).unwrap();
    let e = sync::join(&conn, &login(&c, "Dung"), "lan-dau-123").unwrap_err();
    assert!(matches!(e, Error::PasswordChange { .. }), "{e}");
    assert_eq!(e.code(), ErrorCode::PasswordChange);
    assert!(newsroom::sync::joined(&conn).unwrap().is_none());

    // With psql and that password, nothing of the newsroom is hers: no table, no function.
    let mut dung = connect(&login(&c, "Dung"), Some("lan-dau-123")).expect("connects");
    for sql in [
        "SELECT * FROM newsroom.articles",
        "SELECT * FROM newsroom.people_list()",
        "SELECT * FROM newsroom.keys_list()",
        "SELECT newsroom.offer_key('ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')",
        "SELECT newsroom.pull_snapshot()",
        "SELECT * FROM newsroom.people_overview()",
    ] {
        let m = refused(&mut dung, sql);
        assert!(
            m.contains("permission denied") || m.contains("không thuộc tòa soạn"),
            "{sql}: {m}"
        );
    }
    // A password sent as text is refused (the server stores only SCRAM verifiers).
    let m = refused(&mut dung, "SELECT newsroom.change_password('plain text')");
    assert!(m.contains("SCRAM"), "{m}");

    // The admin may still change the role she will have.
    people::set_role(&mut a, "Dung", Role::Reporter).expect("role while first");
    assert_eq!(
        (
            overview_of(&c, "Dung").role,
            overview_of(&c, "Dung").first_password
        ),
        (Role::Reporter, true)
    );
    people::set_role(&mut a, "Dung", Role::Editor).unwrap();

    // She sets her own; the first one no longer opens anything, hers does, and she is an editor.
    sync::set_own_password(&login(&c, "Dung"), "lan-dau-123", "cua-dung-456").expect("change");
    assert!(connect(&login(&c, "Dung"), Some("lan-dau-123")).is_err());
    let joined = sync::join(&conn, &login(&c, "Dung"), "cua-dung-456").expect("join");
    assert!(joined.approves && !joined.key_registered, "{joined:?}");
    let o = overview_of(&c, "Dung");
    assert_eq!(
        (o.role, o.first_password, o.app_version.as_deref()),
        (Role::Editor, false, Some(sync::APP_VERSION))
    );
    assert!(o.last_seen_at.is_some());
    c.assert_log_lacks(
        "newsroom.change_password(",
        &["cua-dung-456", "lan-dau-123"],
    );

    // A forgotten password: the admin gives a new first one. Her open session ends at once and
    // her laptop is told to set her own again.
    let mut open = connect(&login(&c, "Dung"), Some("cua-dung-456")).unwrap();
    open.batch_execute("SELECT 1").unwrap();
    people::reset_password(&mut a, "Dung", "lan-hai-789").expect("reset");
    assert!(
        open.batch_execute("SELECT 1").is_err(),
        "her session was not ended"
    );
    let e = sync::sync(&conn, "lan-hai-789").unwrap_err();
    assert_eq!(e.code(), ErrorCode::PasswordChange, "{e}");
    assert!(overview_of(&c, "Dung").first_password);
    // An admin cannot reset their own this way, nor can anyone but an admin reset anyone's.
    let e = people::reset_password(&mut a, "Quản Trị", "x-123456789").unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    let mut mai = connect(&login(&c, "Mai"), Some(&pw("Mai"))).unwrap();
    let e = people::reset_password(&mut mai, "Bình", "x-123456789").unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    let e = people::overview(&mut mai).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
}

#[test]
fn a_key_offered_by_its_person_is_registered_by_an_admin_and_a_revoke_ends_the_laptop_s_sessions() {
    let c = newsroom();
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mai = store::open(d1.path()).unwrap();
    sync::join(&mai, &login(&c, "Mai"), &pw("Mai")).unwrap();
    let binh = store::open(d2.path()).unwrap();
    let joined = sync::join(&binh, &login(&c, "Bình"), &pw("Bình")).unwrap();
    assert!(!joined.key_registered);
    assert_eq!(
        joined.fingerprint,
        newsroom::signing::fingerprint(&joined.key_id)
    );

    // The admin sees it waiting, with the fingerprint Bình's screen shows; Bình sees only his own,
    // Mai (a reporter) none, and her own offer is refused.
    let mut a = admin(&c);
    let waiting = keys::pending(&mut a).unwrap();
    assert_eq!(waiting.len(), 1, "{waiting:?}");
    assert_eq!(
        (waiting[0].person.as_str(), waiting[0].fingerprint.as_str()),
        ("Bình", joined.fingerprint.as_str())
    );
    let mut b = connect(&login(&c, "Bình"), Some(&pw("Bình"))).unwrap();
    assert_eq!(keys::pending(&mut b).unwrap().len(), 1);
    let mut m = connect(&login(&c, "Mai"), Some(&pw("Mai"))).unwrap();
    assert!(keys::pending(&mut m).unwrap().is_empty());
    let mai_key = newsroom::signing::encode_public(
        &newsroom::signing::ensure_own_key(&mai, "Mai")
            .unwrap()
            .public(),
    );
    let e = keys::offer(&mut m, &mai_key).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    // Nobody but an admin registers or turns one away.
    let e = keys::register(&mut b, "Bình", &joined.key_id).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    let e = keys::dismiss(&mut b, "Bình", &joined.key_id).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");

    // Until it is registered, his approval is refused, and he is told the fingerprint to read.
    let art = articles::create(&mai, &input("Họp báo quý IV", "Đoạn một."), "Mai").unwrap();
    step(&mai, &art.id, "Mai", Action::Submit).unwrap();
    sync_as(&mai, "Mai");
    sync_as(&binh, "Bình");
    step(&binh, &art.id, "Bình", Action::Claim).unwrap();
    let e = step(&binh, &art.id, "Bình", Action::Approve).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    assert!(e.to_string().contains(&joined.fingerprint), "{e}");
    // With psql, his step is refused by the server too.
    let m = refused(
        &mut b,
        &format!(
            "SELECT newsroom.step('{id}', 'u-1', 'approve', NULL, '', NULL, NULL, \
             '2026-12-07T10:00:00Z', 2, '{key}', '{sig}')",
            id = art.id,
            key = joined.key_id,
            sig = "A".repeat(86) + "=="
        ),
    );
    assert!(m.contains("khóa"), "{m}");

    // Chi, another editor, copies Bình's public key and offers it as hers: registering it for
    // either is refused, so she can neither take it nor block him for good.
    let mut chi = connect(&login(&c, "Chi"), Some(&pw("Chi"))).unwrap();
    keys::offer(&mut chi, &joined.public_key).expect("offered");
    for who in ["Chi", "Bình"] {
        let e = keys::register(&mut a, who, &joined.key_id).unwrap_err();
        assert_eq!(e.code(), ErrorCode::Forbidden, "{who}: {e}");
        assert!(e.to_string().contains("nhiều người"), "{e}");
    }
    keys::dismiss(&mut a, "Chi", &joined.key_id).expect("turned away");

    // The fingerprints match: one click, and his next approval counts.
    keys::register(&mut a, "Bình", &joined.key_id).expect("registered");
    assert!(keys::pending(&mut a).unwrap().is_empty());
    sync_as(&binh, "Bình");
    step(&binh, &art.id, "Bình", Action::Approve).expect("approve");
    let s = sync_as(&binh, "Bình");
    assert!(s.refused.is_empty(), "{s:?}");
    sync_as(&mai, "Mai");
    assert_eq!(
        articles::get(&mai, &art.id).unwrap().status,
        newsroom::status::Status::Approved
    );

    // His laptop is lost: revoking its key ends its open sessions at once, and an approval made
    // with it from then on is refused, by his laptop (which learns it at its next sync) and by
    // the server.
    b.batch_execute("SELECT 1").unwrap();
    keys::revoke(&mut a, &joined.key_id).expect("revoke");
    assert!(
        b.batch_execute("SELECT 1").is_err(),
        "his session was not ended"
    );
    // A revoked key is not offered again as pending.
    let mut b = connect(&login(&c, "Bình"), Some(&pw("Bình"))).unwrap();
    let e = keys::offer(&mut b, &joined.public_key).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    let art2 = articles::create(&mai, &input("Họp báo quý I", "Đoạn hai."), "Mai").unwrap();
    step(&mai, &art2.id, "Mai", Action::Submit).unwrap();
    sync_as(&mai, "Mai");
    sync_as(&binh, "Bình");
    step(&binh, &art2.id, "Bình", Action::Claim).unwrap();
    let e = step(&binh, &art2.id, "Bình", Action::Approve).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    let m = refused(
        &mut b,
        &format!(
            "SELECT newsroom.step('{id}', 'u-2', 'approve', NULL, '', NULL, NULL, \
             '2026-12-07T10:00:00Z', 2, '{key}', '{sig}')",
            id = art2.id,
            key = joined.key_id,
            sig = "A".repeat(86) + "=="
        ),
    );
    assert!(m.contains("khóa"), "{m}");
    let on_server: i64 = c
        .superuser(DB)
        .query_one(
            "SELECT count(*) FROM newsroom.approvals WHERE article_id = $1",
            &[&art2.id],
        )
        .unwrap()
        .get(0);
    assert_eq!(on_server, 0);
}

#[test]
fn a_folder_leaves_its_server_keeping_unsent_work_and_follows_it_to_a_new_address() {
    let c = newsroom();
    let dir = tempfile::tempdir().unwrap();
    let mai = crate::sync::laptop(&c, dir.path(), "Mai");
    let a = articles::create(&mai, &input("Họp báo quý IV", "Đoạn một."), "Mai").unwrap();
    let unsent = newsroom::sync::pending(&mai).unwrap();
    assert!(unsent > 0);

    // She leaves: the folder works alone, the draft stays, and what was not sent is counted.
    let left = sync::leave(&mai).expect("leave");
    assert_eq!((left.unsent, left.user.as_str()), (unsent, "Mai"));
    assert!(newsroom::sync::joined(&mai).unwrap().is_none());
    assert_eq!(articles::get(&mai, &a.id).unwrap().title, "Họp báo quý IV");
    assert!(
        sync::sync(&mai, &pw("Mai")).is_err(),
        "a folder on its own does not sync"
    );

    // Nobody else joins this folder, and it does not join another newsroom, even with her name.
    let e = sync::join(&mai, &login(&c, "Bình"), &pw("Bình")).unwrap_err();
    assert!(e.to_string().contains("chỉ “Mai”"), "{e}");
    let other = newsroom_server::testing::Cluster::start();
    let mut other_admin = other.newsroom(DB, "Quản Trị", "admin-pw-1");
    people::add(&mut other_admin, "Mai", Role::Reporter, &pw("Mai")).unwrap();
    let elsewhere = newsroom_server::Server {
        url: other.url(DB),
        user: Some("Mai".into()),
    };
    let e = sync::join(&mai, &elsewhere, &pw("Mai")).unwrap_err();
    assert!(e.to_string().contains("tòa soạn ở"), "{e}");
    assert!(newsroom::sync::joined(&mai).unwrap().is_none());

    // She joins again: the draft written meanwhile goes.
    sync::join(&mai, &login(&c, "Mai"), &pw("Mai")).expect("again");
    let s = sync_as(&mai, "Mai");
    assert_eq!((s.sent, s.pending), (unsent, 0), "{s:?}");
    let on_server: i64 = c
        .superuser(DB)
        .query_one(
            "SELECT count(*) FROM newsroom.articles WHERE id = $1",
            &[&a.id],
        )
        .unwrap()
        .get(0);
    assert_eq!(on_server, 1);

    // The server moves to a new address (here the same cluster, reached as a URL): the folder
    // follows after checking it is the same newsroom, and reads everything once again.
    let new_url = format!("postgresql://127.0.0.1:{}/{DB}", c.port());
    let moved = sync::move_to(&mai, &new_url, &pw("Mai")).expect("move");
    assert_eq!(moved.url, new_url);
    assert_eq!(newsroom::sync::cursor(&mai).unwrap(), "0");
    let s = sync_as(&mai, "Mai");
    assert!(s.refused.is_empty(), "{s:?}");
    // An address that leads to another newsroom is refused, and the folder keeps its own.
    let e = sync::move_to(&mai, &other.url(DB), &pw("Mai")).unwrap_err();
    assert!(e.to_string().contains("tòa soạn khác"), "{e}");
    assert_eq!(newsroom::sync::joined(&mai).unwrap().unwrap().url, new_url);
    // A server whose address now reaches another newsroom (its DNS name moved, say): the sync
    // stops before sending or receiving anything.
    mai.execute("UPDATE sync_server SET url = ?1", [other.url(DB)])
        .unwrap();
    articles::create(&mai, &input("Không được lạc sang", "Đoạn."), "Mai").unwrap();
    let e = sync::sync(&mai, &pw("Mai")).unwrap_err();
    assert!(e.to_string().contains("tòa soạn khác"), "{e}");
    let stray: i64 = other
        .superuser(DB)
        .query_one("SELECT count(*) FROM newsroom.articles", &[])
        .unwrap()
        .get(0);
    assert_eq!(stray, 0, "Mai's article reached another newsroom");
}
