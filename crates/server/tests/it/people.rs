//! `server init`, people and roles, and what a person connecting with their own tools can and
//! cannot do.

use newsroom::workflow::Role;
use newsroom::{Error, ErrorCode, Lang};
use newsroom_server::testing::Cluster;
use newsroom_server::{Server, connect, init, people, schema};

const DB: &str = "toasoan";

fn newsroom() -> (Cluster, Server) {
    let c = Cluster::start();
    c.create_db(DB);
    let su = Server {
        url: c.superuser_url(DB),
        user: None,
    };
    let done = init(&su, None, "Quản Trị", || Ok("mật-khẩu-admin".into())).expect("init");
    assert_eq!(
        (done.from, done.to, done.admin_created),
        (0, schema::SCHEMA_VERSION, true)
    );
    (c, su)
}

fn login(c: &Cluster, name: &str) -> Server {
    Server {
        url: c.url(DB),
        user: Some(name.into()),
    }
}

fn as_person(c: &Cluster, name: &str, password: &str) -> postgres::Client {
    connect(&login(c, name), Some(password)).unwrap_or_else(|e| panic!("{name} connects: {e}"))
}

#[test]
fn init_makes_the_newsroom_once_and_upgrades_in_place() {
    let (c, su) = newsroom();
    let mut admin = as_person(&c, "Quản Trị", "mật-khẩu-admin");
    let me = people::me(&mut admin).unwrap().expect("a person");
    assert_eq!((me.name.as_str(), me.role), ("Quản Trị", Role::Admin));
    // Again: nothing to do, and the admin's password is not asked for again.
    let again = init(&su, None, "Quản Trị", || panic!("password asked again")).expect("init again");
    assert_eq!(
        (again.from, again.admin_created),
        (schema::SCHEMA_VERSION, false)
    );
    // The admin's password is stored as a SCRAM verifier, never as text.
    let stored: String = c
        .superuser(DB)
        .query_one(
            "SELECT rolpassword FROM pg_authid WHERE rolname = 'Quản Trị'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(stored.starts_with("SCRAM-SHA-256$4096:"), "{stored}");
    c.assert_log_lacks("newsroom.add_person_unchecked(", &["mật-khẩu-admin"]);
    // A name that is a person but not an admin cannot be init's admin.
    people::add(&mut admin, "Lan", Role::Reporter, "lan-pw-1").unwrap();
    let e = init(&su, None, "Lan", || Ok("x".into())).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Server, "{e}");
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let (c, su) = newsroom();
    c.superuser(DB)
        .execute(
            "INSERT INTO newsroom.schema_migrations (version, sha256) VALUES (99, 'x')",
            &[],
        )
        .unwrap();
    let e = init(&su, None, "Quản Trị", || Ok("x".into())).unwrap_err();
    assert!(matches!(e, Error::NewerSchema { found: 99, .. }), "{e}");
    // A laptop works with a newer server while it still serves this build's schema, and is told
    // which version of the app it needs once it does not.
    let mut admin = as_person(&c, "Quản Trị", "mật-khẩu-admin");
    assert_eq!(schema::check_version(&mut admin).expect("still served"), 99);
    c.superuser(DB)
        .batch_execute("UPDATE newsroom.client_floor SET oldest_client_schema = 99, oldest_client_app = '9.0.0'")
        .unwrap();
    let e = schema::check_version(&mut admin).unwrap_err();
    assert!(
        e.message(Lang::En)
            .contains("needs Tòa soạn 9.0.0 or newer"),
        "{e}"
    );
    // A database that is not a newsroom is said to be one to init.
    c.create_db("empty");
    let mut plain = c.superuser("empty");
    let e = schema::check_version(&mut plain).unwrap_err();
    assert!(
        e.message(Lang::En).contains("server init"),
        "{}",
        e.message(Lang::En)
    );
}

#[test]
fn init_needs_a_superuser() {
    let (c, _) = newsroom();
    let e = init(
        &login(&c, "Quản Trị"),
        Some("mật-khẩu-admin"),
        "Quản Trị",
        || Ok("x".into()),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Server);
    assert!(
        e.message(Lang::En).contains("superuser"),
        "{}",
        e.message(Lang::En)
    );
}

#[test]
fn an_admin_manages_people_and_the_server_keeps_an_admin() {
    let (c, _) = newsroom();
    let mut admin = as_person(&c, "Quản Trị", "mật-khẩu-admin");
    people::add(&mut admin, "Nguyễn Mai Anh", Role::Reporter, "mai-anh-pw").unwrap();
    people::add(&mut admin, "Trần Bình", Role::Editor, "binh-pw").unwrap();
    let names: Vec<(String, Role)> = people::list(&mut admin)
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.role))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Nguyễn Mai Anh".to_string(), Role::Reporter),
            ("Quản Trị".to_string(), Role::Admin),
            ("Trần Bình".to_string(), Role::Editor),
        ]
    );
    // Each signs in with their own password, and the server says who they are.
    let mut mai = as_person(&c, "Nguyễn Mai Anh", "mai-anh-pw");
    assert_eq!(
        people::me(&mut mai).unwrap().map(|p| p.role),
        Some(Role::Reporter)
    );
    let Err(wrong) = connect(&login(&c, "Nguyễn Mai Anh"), Some("wrong")) else {
        panic!("a wrong password was let in")
    };
    assert_eq!(wrong.code(), ErrorCode::Server, "{wrong}");
    assert!(
        wrong.message(Lang::En).contains("wrong name or password"),
        "{}",
        wrong.message(Lang::En)
    );
    // A role changed is what the server says from then on.
    people::set_role(&mut admin, "Nguyễn Mai Anh", Role::Editor).unwrap();
    assert_eq!(
        people::me(&mut mai).unwrap().map(|p| p.role),
        Some(Role::Editor)
    );
    // The same name twice, and names PostgreSQL keeps for itself, are refused.
    let e = people::add(&mut admin, "Trần Bình", Role::Staff, "x").unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput, "{e}");
    for bad in ["pg_monitor", "newsroom_admin", " "] {
        let e = people::add(&mut admin, bad, Role::Staff, "x").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidInput, "{bad}: {e}");
    }
    // The last admin can neither leave the role nor be removed.
    let e = people::set_role(&mut admin, "Quản Trị", Role::Editor).unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "{e}");
    assert!(
        e.message(Lang::En).contains("at least one admin"),
        "{}",
        e.message(Lang::En)
    );
    // Removed: the login is gone, the name stays in the server's log of people.
    people::remove(&mut admin, "Trần Bình").unwrap();
    assert!(connect(&login(&c, "Trần Bình"), Some("binh-pw")).is_err());
    assert!(
        people::list(&mut admin)
            .unwrap()
            .iter()
            .all(|p| p.name != "Trần Bình")
    );
    let e = people::remove(&mut admin, "Trần Bình").unwrap_err();
    assert_eq!(e.code(), ErrorCode::NotFound, "{e}");
    // None of the passwords reached the server's statement log (which shows the calls that
    // carried them).
    c.assert_log_lacks("newsroom.add_person(", &["mai-anh-pw", "binh-pw"]);
}

#[test]
fn a_reporter_with_psql_cannot_make_themself_anything() {
    let (c, _) = newsroom();
    let mut admin = as_person(&c, "Quản Trị", "mật-khẩu-admin");
    people::add(&mut admin, "Lan", Role::Reporter, "lan-pw").unwrap();
    let mut lan = as_person(&c, "Lan", "lan-pw");
    // Through the functions: refused, in both languages, naming the role.
    let e = people::add(&mut lan, "Bạn Của Lan", Role::Admin, "x").unwrap_err();
    match &e {
        Error::Forbidden { role, reason, .. } => {
            assert_eq!(role.en(), "reporter");
            assert_eq!(reason.en(), "only an admin");
        }
        other => panic!("expected Forbidden, got {other}"),
    }
    assert!(people::set_role(&mut lan, "Lan", Role::Admin).is_err());
    // Straight SQL, as psql would send it.
    let verifier = newsroom_server::scram_verifier("x");
    let attempts: Vec<String> = vec![
        "INSERT INTO newsroom.people (name, added_by) VALUES ('Lan2', 'Lan')".into(),
        "UPDATE newsroom.people SET removed_at = now() WHERE name = 'Quản Trị'".into(),
        "DELETE FROM newsroom.people_log".into(),
        "SELECT * FROM newsroom.people".into(),
        format!("SELECT newsroom.add_person_unchecked('Lan2', 'admin', '{verifier}', 'Quản Trị')"),
        "SELECT newsroom.refuse('x', 'y', 'z')".into(),
        "GRANT newsroom_admin TO \"Lan\"".into(),
        "SET ROLE newsroom_admin".into(),
        "SET ROLE newsroom_owner".into(),
        "SET SESSION AUTHORIZATION \"Quản Trị\"".into(),
        format!("CREATE ROLE lan2 LOGIN PASSWORD '{verifier}'"),
        "ALTER ROLE \"Quản Trị\" PASSWORD 'taken'".into(),
        "CREATE TABLE newsroom.mine (x int)".into(),
        "CREATE FUNCTION newsroom.role_of(who text, x int) RETURNS text LANGUAGE sql AS 'SELECT ''admin'''".into(),
    ];
    for sql in &attempts {
        let r = lan.batch_execute(sql);
        assert!(r.is_err(), "a reporter could run: {sql}");
    }
    // Still a reporter, and nobody new.
    assert_eq!(
        people::me(&mut lan).unwrap().map(|p| p.role),
        Some(Role::Reporter)
    );
    assert_eq!(people::list(&mut admin).unwrap().len(), 2);
    // A login that is not one of the newsroom's people cannot even connect to its database.
    c.superuser(DB)
        .batch_execute(&format!("CREATE ROLE outsider LOGIN PASSWORD '{verifier}'"))
        .unwrap();
    assert!(connect(&login(&c, "outsider"), Some("x")).is_err());
}

#[test]
fn a_remote_server_is_reached_over_verified_tls() {
    let c = Cluster::start();
    let _admin = c.newsroom(DB, "Quản Trị", "admin-pw-1");
    let ca = c.enable_tls();
    let ca = ca.to_str().expect("utf-8");
    let port = c.port();
    let as_admin = |url: String| {
        connect(
            &Server {
                url,
                user: Some("Quản Trị".into()),
            },
            Some("admin-pw-1"),
        )
    };
    let ssl_in_use = |client: &mut postgres::Client| -> bool {
        client
            .query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .expect("pg_stat_ssl")
            .get(0)
    };
    // verify-full with the newsroom's CA, to the name on the certificate: TLS, verified.
    let mut ok = as_admin(format!(
        "host=localhost port={port} dbname={DB} sslmode=verify-full sslrootcert={ca}"
    ))
    .expect("verify-full");
    assert!(ssl_in_use(&mut ok));
    // The same as a URL.
    let mut ok = as_admin(format!(
        "postgresql://localhost:{port}/{DB}?sslmode=verify-full&sslrootcert={ca}"
    ))
    .expect("verify-full URL");
    assert!(ssl_in_use(&mut ok));
    // The CA file in a folder whose name has spaces and Vietnamese letters: quoted in the
    // key=value form as libpq reads it, and in the address the join form makes.
    let spaced = tempfile::tempdir().expect("tempdir");
    let spaced = spaced.path().join("Tài liệu của Mai");
    std::fs::create_dir_all(&spaced).expect("folder");
    std::fs::copy(ca, spaced.join("ca toà soạn.pem")).expect("copy");
    let spaced_ca = spaced.join("ca toà soạn.pem");
    let spaced_ca = spaced_ca.to_str().expect("utf-8");
    let mut ok = as_admin(format!(
        "host=localhost port={port} dbname={DB} sslmode=verify-full sslrootcert='{spaced_ca}'"
    ))
    .expect("a quoted path with spaces");
    assert!(ssl_in_use(&mut ok));
    let mut ok = as_admin(
        newsroom_server::url_of("localhost", port, DB, Some(spaced_ca)).expect("the form's URL"),
    )
    .expect("the form's address");
    assert!(ssl_in_use(&mut ok));
    // A name the certificate does not carry: refused under verify-full, taken under verify-ca.
    let e = as_admin(format!(
        "host=127.0.0.1 port={port} dbname={DB} sslmode=verify-full sslrootcert={ca}"
    ))
    .err()
    .expect("the certificate names localhost, not 127.0.0.1");
    assert!(e.to_string().contains("TLS"), "{e}");
    as_admin(format!(
        "host=127.0.0.1 port={port} dbname={DB} sslmode=verify-ca sslrootcert={ca}"
    ))
    .expect("verify-ca");
    // Without the newsroom's CA the certificate is not trusted (the system's CAs did not sign it).
    let e = as_admin(format!(
        "host=localhost port={port} dbname={DB} sslmode=verify-full"
    ))
    .err()
    .expect("unknown CA");
    assert!(e.to_string().contains("TLS"), "{e}");
    // require and prefer without a CA: encrypted, the certificate not checked (libpq's meaning).
    for mode in ["require", "prefer"] {
        let mut c = as_admin(format!(
            "host=127.0.0.1 port={port} dbname={DB} sslmode={mode}"
        ))
        .unwrap_or_else(|e| panic!("{mode}: {e}"));
        assert!(ssl_in_use(&mut c), "{mode}");
    }
    // require with a CA is verify-ca, as in libpq: a CA that did not sign it is refused.
    let stranger = Cluster::start();
    let other = stranger.enable_tls();
    let e = as_admin(format!(
        "host=127.0.0.1 port={port} dbname={DB} sslmode=require sslrootcert={}",
        other.display()
    ))
    .err()
    .expect("a CA that did not sign the server's certificate");
    assert!(e.to_string().contains("TLS"), "{e}");
    // With no sslmode, a server on this machine is reached without TLS.
    let mut plain = as_admin(format!("host=127.0.0.1 port={port} dbname={DB}")).expect("local");
    assert!(!ssl_in_use(&mut plain));
    // A bad sslmode is refused before any connection.
    let e = as_admin(format!(
        "host=localhost port={port} dbname={DB} sslmode=sometimes"
    ))
    .err()
    .expect("bad sslmode");
    assert!(e.to_string().contains("sslmode"), "{e}");
}
