//! Database files written by earlier versions (schema 1, the walking skeleton, and every later
//! shipped schema) open, migrate and keep what they held.

use newsroom::articles::{self, ListFilter, SaveKind};
use newsroom::revisions;

const SKELETON_DB: &[u8] = include_bytes!("../fixtures/skeleton-schema-1.db");

#[test]
fn skeleton_database_upgrades_and_keeps_every_draft() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(newsroom::store::DB_FILE), SKELETON_DB).expect("copy fixture");
    let conn = newsroom::store::open(dir.path()).expect("open and migrate");
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version");
    assert_eq!(version, newsroom::store::schema_version());

    let list = articles::list(&conn, &ListFilter::default()).expect("list");
    assert_eq!(list.len(), 3);
    let first = articles::get(&conn, "01M8CWF2QXEQ3AZ113T2ZRFBFP").expect("first draft");
    assert_eq!(
        first.title,
        "Tăng cường hiệu lực, hiệu quả công tác quản lý nhà nước về bảo vệ môi trường"
    );
    assert_eq!(
        first.authors,
        ["Hoàng Tùng"],
        "the byline became the first author"
    );
    assert_eq!(
        first.body,
        "Đảng ủy Sở đã chú trọng thực hiện các giải pháp.\n\nSở đã tích cực thông tin tuyên truyền.\n"
    );
    assert_eq!(
        first.slug,
        "tang-cuong-hieu-luc-hieu-qua-cong-tac-quan-ly-nha-nuoc-ve-bao-ve-moi-truong"
    );
    assert_eq!(first.revision, 1);

    // Same titles got distinct slugs, oldest first; no byline means no authors.
    let second = articles::get(&conn, "01M8CWF2RBNC1R601WPCKC7RCD").expect("second");
    let third = articles::get(&conn, "01M8CWF2SFXX8C8E8GVC89DY64").expect("third");
    assert_eq!(second.slug, "dang-bo-hai-phong-hop");
    assert_eq!(third.slug, "dang-bo-hai-phong-hop-2");
    assert!(second.authors.is_empty());
    assert_eq!(third.authors, ["Minh Anh"]);

    // Each has a first revision to build history on, and saves work on.
    let h = revisions::history(&conn, &first.id).expect("history");
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].number, h[0].kind.as_str()), (1, "create"));
    assert_eq!(h[0].created_at, first.created_at);
    let mut input = articles::ArticleInput::from(&first);
    input.lead = "Sáng 3/12".into();
    let saved = articles::save(&conn, &first.id, 1, &input, "An", SaveKind::Save).expect("save");
    assert_eq!(saved.revision, 2);
    assert_eq!(
        revisions::diff(&conn, &first.id, 1, 2).expect("diff")[0].field,
        "lead"
    );
}

/// What an old version said its data folder held (`fixtures/schema-N.json`, its own `--json`
/// output, made by `scripts/make-schema-fixtures.py` beside `schema-N.db`).
fn said(n: i64) -> serde_json::Value {
    let path = format!(
        "{}/tests/fixtures/schema-{n}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture json")).expect("json")
}

/// Every shipped schema from 2 up, as a data folder written by the version that had it, opens with
/// today's code, migrates to the latest schema and reads back what that version said it held:
/// articles with their state and revisions, search, photos, profiles, people (and their PINs,
/// stored the old way), the audit log, comments and the newsroom's words. Then it takes a save.
#[test]
fn every_shipped_schema_upgrades_and_keeps_what_it_held() {
    use newsroom::{comments, media, profile, search, spell, workflow};
    let latest = newsroom::store::schema_version();
    let mut seen = Vec::new();
    for n in 2..latest {
        let path = format!(
            "{}/tests/fixtures/schema-{n}.db",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("no stored database of schema {n} ({path}): {e}"));
        let old = said(n);
        assert_eq!(old["schema"], n);
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(newsroom::store::DB_FILE), bytes).expect("copy");
        {
            let raw =
                rusqlite::Connection::open(dir.path().join(newsroom::store::DB_FILE)).expect("raw");
            let v: i64 = raw
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .expect("version");
            assert_eq!(v, n, "the fixture is schema {n}");
        }
        let conn = newsroom::store::open(dir.path()).expect("open and migrate");
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(v, latest, "schema {n} migrated");

        let listed = old["articles"].as_array().expect("articles");
        assert!(listed.len() >= 3, "schema {n}: the fixture has articles");
        for a in listed {
            let id = a["id"].as_str().expect("id");
            let now = articles::get(&conn, id).unwrap_or_else(|e| panic!("schema {n}: {id}: {e}"));
            assert_eq!(now.title, a["title"].as_str().expect("title"), "schema {n}");
            assert_eq!(
                now.status.as_str(),
                a["status"].as_str().expect("status"),
                "schema {n}"
            );
            assert_eq!(
                Some(now.revision),
                a["revision"].as_i64(),
                "schema {n}: {id}"
            );
            let mut numbers: Vec<i64> = revisions::history(&conn, id)
                .expect("history")
                .iter()
                .map(|r| r.number)
                .collect();
            let mut then: Vec<i64> = a["history"]
                .as_array()
                .expect("history")
                .iter()
                .filter_map(serde_json::Value::as_i64)
                .collect();
            numbers.sort_unstable();
            then.sort_unstable();
            assert_eq!(numbers, then, "schema {n}: revisions of {id}");
        }
        // Search catches up with articles it never indexed (schema 2 had no index).
        let hits = search::search(
            &conn,
            &search::SearchQuery {
                text: "choi trau do son".into(),
                ..Default::default()
            },
        )
        .expect("search");
        assert_eq!(hits.len(), 1, "schema {n}: search");
        assert_eq!(hits[0].article.title, "Lễ hội Chọi trâu Đồ Sơn");

        let photos = media::list(&conn, 50).expect("photos");
        assert_eq!(
            Some(photos.len() as u64),
            old["photos"].as_u64(),
            "schema {n}: photos"
        );
        if let Some(ids) = old.get("profiles") {
            let mut now: Vec<String> = profile::list(&conn)
                .expect("profiles")
                .into_iter()
                .map(|e| e.profile.id)
                .collect();
            now.sort();
            assert_eq!(serde_json::json!(now), *ids, "schema {n}: profiles");
        }
        if let Some(users) = old.get("users") {
            let now: Vec<serde_json::Value> = {
                let mut u = workflow::users(&conn).expect("users");
                u.sort_by(|a, b| a.name.cmp(&b.name));
                u.iter()
                    .map(|u| serde_json::json!([u.name, u.role.as_str(), u.has_pin]))
                    .collect()
            };
            assert_eq!(serde_json::json!(now), *users, "schema {n}: people");
            // A PIN stored the old way still signs in, and a wrong one does not.
            assert!(workflow::actor(&conn, "Hà", Some("1357")).is_err());
            workflow::actor(&conn, "Hà", Some("2468")).expect("old PIN signs in");
            let d = listed.last().expect("article under review")["id"]
                .as_str()
                .expect("id");
            let log: Vec<(String, String)> = workflow::log(&conn, d)
                .expect("log")
                .into_iter()
                .map(|e| (e.actor, e.action))
                .collect();
            let mut rest = log.iter();
            for step in old["log"].as_array().expect("old log") {
                let want = (
                    step[0].as_str().expect("actor").to_string(),
                    step[1].as_str().expect("action").to_string(),
                );
                assert!(
                    rest.any(|got| *got == want),
                    "schema {n}: log step {want:?} kept in order in {log:?}"
                );
            }
            if let Some(texts) = old.get("comments") {
                let now: Vec<String> = comments::list(&conn, d)
                    .expect("comments")
                    .into_iter()
                    .map(|c| c.body)
                    .collect();
                assert_eq!(serde_json::json!(now), *texts, "schema {n}: comments");
            }
        }
        if old.get("words").is_some() {
            assert!(
                spell::newsroom_words(&conn)
                    .expect("words")
                    .contains("vinhomes"),
                "schema {n}: the newsroom's words"
            );
        }
        // And it takes a save.
        let first = articles::get(&conn, listed[0]["id"].as_str().expect("id")).expect("first");
        let mut input = articles::ArticleInput::from(&first);
        input.lead = "Sau nâng cấp.".into();
        let by = if old.get("users").is_some() {
            "Lan"
        } else {
            "Hoàng Tùng"
        };
        let saved = articles::save(&conn, &first.id, first.revision, &input, by, SaveKind::Save)
            .unwrap_or_else(|e| panic!("schema {n}: save after upgrade: {e}"));
        assert_eq!(saved.revision, first.revision + 1);
        seen.push(n);
    }
    assert_eq!(seen, (2..latest).collect::<Vec<_>>());
}
