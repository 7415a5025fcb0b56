//! Laptops and a server of different releases, as an upgrade spread over a week leaves them: a
//! server of the previous release's schema with today's laptops, the server upgraded under them,
//! a server of a later release that still serves them, and one that no longer does.

use newsroom::articles;
use newsroom::status::Status;
use newsroom::store;
use newsroom::workflow::{Action, Role};
use newsroom_server::{Server, connect, keys, people, schema, sync};

use crate::sync::{DB, input, login, pw, step, sync_as};

#[test]
fn laptops_keep_syncing_across_a_server_of_the_previous_release_its_upgrade_and_the_next() {
    let c = newsroom_server::testing::Cluster::start();
    c.create_db(DB);
    let su = Server {
        url: c.superuser_url(DB),
        user: None,
    };
    // The server still runs the previous release's schema.
    let previous = schema::RUNS_THE_NEWSROOM - 1;
    let done =
        schema::init_to(&su, None, "Quản Trị", || Ok("admin-pw-1".into()), previous).expect("init");
    assert_eq!(done.to, previous);
    let mut admin = connect(&login(&c, "Quản Trị"), Some("admin-pw-1")).expect("admin");
    for (name, role) in [("Mai", Role::Reporter), ("Bình", Role::Editor)] {
        people::add(&mut admin, name, role, &pw(name)).expect("add");
    }

    // Today's laptops join it: it has no pending keys, so the admin registers Bình's by hand,
    // as that release did.
    let (d1, d2) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mai = store::open(d1.path()).unwrap();
    sync::join(&mai, &login(&c, "Mai"), &pw("Mai")).expect("Mai joins the older server");
    let binh = store::open(d2.path()).unwrap();
    let joined = sync::join(&binh, &login(&c, "Bình"), &pw("Bình")).expect("Bình joins");
    keys::add(&mut admin, "Bình", &joined.public_key).expect("register by hand");
    assert_eq!(newsroom::sync::newsroom_id(&mai).unwrap(), None);

    // A draft, a review and an approval go through it.
    let review = |title: &str| {
        let a = articles::create(&mai, &input(title, "Đoạn một."), "Mai").unwrap();
        step(&mai, &a.id, "Mai", Action::Submit).unwrap();
        let s = sync_as(&mai, "Mai");
        assert!(s.refused.is_empty(), "{s:?}");
        sync_as(&binh, "Bình");
        step(&binh, &a.id, "Bình", Action::Claim).unwrap();
        step(&binh, &a.id, "Bình", Action::Approve).unwrap();
        let s = sync_as(&binh, "Bình");
        assert!(s.refused.is_empty(), "{s:?}");
        sync_as(&mai, "Mai");
        assert_eq!(
            articles::get(&mai, &a.id).unwrap().status,
            Status::Approved,
            "{title}"
        );
    };
    review("Họp báo quý IV");

    // The admin upgrades the server; the laptops go on without joining again, and learn the
    // newsroom's id at their next sync.
    let up = newsroom_server::init(&su, None, "Quản Trị", || panic!("no password asked"))
        .expect("upgrade");
    assert_eq!((up.from, up.to), (previous, schema::SCHEMA_VERSION));
    review("Khánh thành cầu Rào 3");
    assert!(newsroom::sync::newsroom_id(&mai).unwrap().is_some());

    // A later release's server (here: one more migration, additive, that still serves this
    // schema) keeps today's laptops syncing.
    let next = schema::SCHEMA_VERSION + 1;
    c.superuser(DB)
        .batch_execute(&format!(
            "INSERT INTO newsroom.schema_migrations (version, sha256) VALUES ({next}, 'next');
             ALTER TABLE newsroom.articles ADD COLUMN next_release_note text;"
        ))
        .expect("the next release's migration");
    review("Lễ hội Chọi trâu Đồ Sơn");

    // A release that no longer serves this schema: the laptop is told, in words, which version
    // of the app it needs, and keeps its work.
    c.superuser(DB)
        .batch_execute(&format!(
            "UPDATE newsroom.client_floor SET oldest_client_schema = {next}, oldest_client_app = '0.3.0'"
        ))
        .expect("raise the floor");
    let a = articles::create(&mai, &input("Viết khi máy chủ đã mới hơn", "Đoạn."), "Mai").unwrap();
    let e = sync::sync(&mai, &pw("Mai")).unwrap_err();
    let said = e.to_string();
    assert!(
        said.contains("cần Tòa soạn từ bản 0.3.0 trở lên")
            && said.contains(&format!("đang dùng bản {}", env!("CARGO_PKG_VERSION"))),
        "{said}"
    );
    assert!(
        e.message(newsroom::Lang::En)
            .contains("needs Tòa soạn 0.3.0 or newer"),
        "{e}"
    );
    assert_eq!(
        articles::get(&mai, &a.id).unwrap().title,
        "Viết khi máy chủ đã mới hơn"
    );
    assert!(newsroom::sync::pending(&mai).unwrap() > 0);
}

#[test]
fn a_server_older_than_a_laptop_can_work_with_is_said_with_what_to_do() {
    let c = newsroom_server::testing::Cluster::start();
    c.create_db(DB);
    let su = Server {
        url: c.superuser_url(DB),
        user: None,
    };
    schema::init_to(
        &su,
        None,
        "Quản Trị",
        || Ok("admin-pw-1".into()),
        schema::OLDEST_SERVER - 1,
    )
    .expect("init");
    let dir = tempfile::tempdir().unwrap();
    let conn = store::open(dir.path()).unwrap();
    let e = sync::join(&conn, &login(&c, "Quản Trị"), "admin-pw-1").unwrap_err();
    assert!(e.to_string().contains("newsroom server init"), "{e}");
    assert!(newsroom::sync::joined(&conn).unwrap().is_none());
}
