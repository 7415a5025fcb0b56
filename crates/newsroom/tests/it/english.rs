//! Every error a person can meet has an English message for the English UI: failures from each part
//! of the core, made with plain-ASCII input, read in English with nothing Vietnamese left in them.

use newsroom::articles::{self, ArticleInput};
use newsroom::workflow::{self, Role};
use newsroom::{Error, Lang, backup, bundle, media, profile, search};

use crate::fresh;

/// Letters only Vietnamese uses here: any of them in an English message is an untranslated part.
/// The app's name, Tòa soạn, is its name in English too.
fn vietnamese(s: &str) -> Option<char> {
    use unicode_normalization::UnicodeNormalization;
    let s = s.replace("Tòa soạn", "");
    s.nfd().find(|c| {
        // Combining marks (tones, hats, horns) and đ.
        ('\u{0300}'..='\u{036F}').contains(c) || matches!(c, 'đ' | 'Đ')
    })
}

#[test]
fn errors_read_in_english() {
    let (dir, conn) = fresh();
    let scratch = tempfile::tempdir().expect("scratch");
    let junk = scratch.path().join("junk.bin");
    std::fs::write(&junk, b"not a zip, not a photo").expect("junk");
    let solo = crate::solo(&conn);
    let mut errors: Vec<(&str, Error)> = vec![
        (
            "empty title",
            articles::create(&conn, &ArticleInput::default(), "Lan").expect_err("empty title"),
        ),
        (
            "not found",
            articles::get(&conn, "01ARZ3NDEKTSV4RRFFQ69G5FAV").expect_err("no such article"),
        ),
        (
            "bad photo",
            media::check_bytes("x.bin", b"not a photo".to_vec()).expect_err("not a photo"),
        ),
        (
            "empty photo",
            media::check_bytes("x.jpg", Vec::new()).expect_err("empty"),
        ),
        (
            "bad backup",
            backup::read_manifest(&junk).expect_err("not a backup"),
        ),
        (
            "bad bundle",
            bundle::check_file(&junk).expect_err("not a bundle"),
        ),
        (
            "bad profile",
            profile::from_json("{\"id\": \"Not An Id\"}").expect_err("bad profile"),
        ),
        (
            "long search",
            search::search(
                &conn,
                &search::SearchQuery {
                    text: "a".repeat(10_000),
                    ..Default::default()
                },
            )
            .expect_err("too long"),
        ),
    ];
    let a = articles::create(
        &conn,
        &ArticleInput {
            title: "Port news".into(),
            ..Default::default()
        },
        "Lan",
    )
    .expect("create");
    errors.push((
        "delete outside the trash",
        articles::delete(&conn, &a.id, &solo).expect_err("not in the trash"),
    ));
    // Team mode: refusals by role, PINs, the last admin.
    workflow::add_user(&conn, &solo, "Lan", Role::Admin, None).expect("admin");
    let lan = workflow::actor(&conn, "Lan", None).expect("Lan");
    workflow::add_user(&conn, &lan, "Minh", Role::Reporter, Some("2468")).expect("Minh");
    let minh = workflow::actor(&conn, "Minh", Some("2468")).expect("Minh");
    errors.push((
        "forbidden change",
        backup::create(&conn, dir.path(), &scratch.path().join("b.zip"), &minh)
            .expect_err("reporter backup"),
    ));
    errors.push((
        "forbidden step",
        workflow::transition(&conn, &a.id, &minh, workflow::Action::Approve, "")
            .expect_err("reporter approves"),
    ));
    errors.push((
        "wrong PIN",
        workflow::actor(&conn, "Minh", Some("1111")).expect_err("wrong PIN"),
    ));
    errors.push((
        "last admin",
        workflow::remove_user(&conn, &lan, "Lan").expect_err("last admin"),
    ));
    // An export the checklist refuses: its findings are said in English too.
    let short = articles::create(
        &conn,
        &ArticleInput {
            title: "Short".into(),
            ..Default::default()
        },
        "Lan",
    )
    .expect("create");
    errors.push((
        "blocked export",
        crate::checked::export_package(
            &conn,
            dir.path(),
            &short.id,
            scratch.path(),
            &newsroom::profile::Profile::default(),
            false,
        )
        .expect_err("blocked"),
    ));
    for (what, e) in &errors {
        let en = e.message(Lang::En);
        let vi = e.message(Lang::Vi);
        assert_eq!(vi, e.to_string(), "{what}: Display is the Vietnamese");
        assert_ne!(en, vi, "{what}: the same in both languages");
        if let Some(c) = vietnamese(&en) {
            panic!("{what}: Vietnamese ({c:?}) in the English message: {en}");
        }
        assert!(
            vietnamese(&vi).is_some(),
            "{what}: the Vietnamese one is Vietnamese: {vi}"
        );
    }
}
