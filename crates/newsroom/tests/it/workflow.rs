//! Review and approval at the core API: every action from every state by every role, the approval
//! hash and what voids it, the audit log, profiles and PINs, and solo mode.

use crate::checked as export;
use newsroom::Error;
use newsroom::articles::{self, ArticleInput, SaveKind};
use newsroom::status::Status;
use newsroom::workflow::{self, Action, Actor, Role};
use rusqlite::Connection;

use crate::fresh;

const ADMIN: &str = "Quản Trị";
const REPORTER: &str = "Phóng viên A";
const OTHER_REPORTER: &str = "Phóng viên B";
const EDITOR: &str = "Biên tập 1";
const OTHER_EDITOR: &str = "Biên tập 2";
const STAFF: &str = "Đăng tin";
const PEOPLE: [&str; 6] = [ADMIN, REPORTER, OTHER_REPORTER, EDITOR, OTHER_EDITOR, STAFF];

fn team(conn: &Connection) {
    let first = workflow::actor(conn, ADMIN, None).expect("solo actor");
    assert!(first.solo);
    workflow::add_user(conn, &first, ADMIN, Role::Admin, None).expect("admin");
    let admin = workflow::actor(conn, ADMIN, None).expect("admin");
    for (name, role) in [
        (REPORTER, Role::Reporter),
        (OTHER_REPORTER, Role::Reporter),
        (EDITOR, Role::Editor),
        (OTHER_EDITOR, Role::Editor),
        (STAFF, Role::Staff),
    ] {
        workflow::add_user(conn, &admin, name, role, None).expect("user");
    }
}

fn who(conn: &Connection, name: &str) -> Actor {
    workflow::actor(conn, name, None).expect("actor")
}

fn complete(title: &str) -> ArticleInput {
    ArticleInput {
        title: title.into(),
        lead: "Sáng 3/12.".into(),
        body: "Nội dung.".into(),
        authors: vec![REPORTER.into()],
        ..Default::default()
    }
}

/// A new article of the reporter's titled `title` with one photo (a real JPEG) placed as `change`
/// says: the article after it and the figure's number.
fn with_figure(
    conn: &Connection,
    dir: &std::path::Path,
    title: &str,
    change: newsroom::figures::FigureChange,
) -> (articles::Article, u32) {
    let src = tempfile::tempdir().expect("src");
    let a = articles::create(conn, &complete(title), REPORTER).expect("create");
    let file = crate::media::write(src.path(), "anh.jpg", &crate::media::jpeg(640, 480, None));
    let photo = newsroom::media::import_file(
        conn,
        dir,
        &file,
        &newsroom::profile::Profile::default().photo_spec(),
        REPORTER,
    )
    .expect("photo");
    newsroom::figures::add(conn, &a.id, a.revision, &photo.hash, &change, REPORTER).expect("figure")
}

/// The package's manifest made to match its files again, as anyone can.
fn reseal(folder: &std::path::Path) {
    let path = folder.join("manifest.json");
    let mut manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("manifest")).expect("json");
    for f in manifest["files"].as_array_mut().expect("files") {
        let bytes = std::fs::read(folder.join(f["path"].as_str().expect("path"))).expect("file");
        f["size"] = bytes.len().into();
        f["sha256"] = newsroom_base::sha256_hex(&bytes).into();
    }
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&manifest).expect("json"),
    )
    .expect("write manifest");
}

/// Exports article `id` of the newsroom in `dir` into `out` as publishing staff: the package folder.
fn package_by_staff(
    conn: &Connection,
    dir: &std::path::Path,
    id: &str,
    out: &std::path::Path,
) -> std::path::PathBuf {
    let done = export::export_package_as(
        conn,
        dir,
        id,
        out,
        &Default::default(),
        false,
        &who(conn, STAFF),
    )
    .expect("export");
    std::path::PathBuf::from(&done.folder)
}

/// An article by `author` brought to `state` (in review: claimed by EDITOR).
fn article_in(conn: &Connection, author: &str, state: Status, n: usize) -> String {
    let a = articles::create(
        conn,
        &complete(&format!("Bài {n} {}", state.as_str())),
        author,
    )
    .expect("create");
    let steps: &[(Action, &str)] = match state {
        Status::Draft => &[],
        Status::Submitted => &[(Action::Submit, ADMIN)],
        Status::InReview => &[(Action::Submit, ADMIN), (Action::Claim, EDITOR)],
        Status::ChangesRequested => &[
            (Action::Submit, ADMIN),
            (Action::Claim, EDITOR),
            (Action::RequestChanges, EDITOR),
        ],
        Status::Approved | Status::Exported => &[
            (Action::Submit, ADMIN),
            (Action::Claim, EDITOR),
            (Action::Approve, EDITOR),
        ],
        Status::Spiked => &[],
    };
    for (action, by) in steps {
        workflow::transition(conn, &a.id, &who(conn, by), *action, "").expect("step");
    }
    if state == Status::Exported {
        let out = tempfile::tempdir().expect("out");
        export::export_package_as(
            conn,
            std::path::Path::new("/nonexistent"),
            &a.id,
            out.path(),
            &Default::default(),
            false,
            &who(conn, STAFF),
        )
        .expect("export");
    }
    if state == Status::Spiked {
        articles::spike(conn, &a.id, &who(conn, ADMIN)).expect("spike");
    }
    assert_eq!(articles::get(conn, &a.id).expect("get").status, state);
    a.id
}

/// Who may do `action` from `state` on an article by REPORTER (claimed by EDITOR when in review).
fn allowed(action: Action, state: Status) -> &'static [&'static str] {
    use Status::*;
    match (action, state) {
        (Action::Submit, Draft | ChangesRequested) => &[ADMIN, REPORTER, EDITOR, OTHER_EDITOR],
        (Action::Claim, Submitted) => &[ADMIN, EDITOR, OTHER_EDITOR],
        (Action::Release | Action::RequestChanges, InReview) => &[ADMIN, EDITOR],
        (Action::Approve, InReview) => &[ADMIN, EDITOR],
        _ => &[],
    }
}

#[test]
fn every_action_from_every_state_by_every_role() {
    let (_dir, conn) = fresh();
    team(&conn);
    let states = [
        Status::Draft,
        Status::Submitted,
        Status::InReview,
        Status::ChangesRequested,
        Status::Approved,
        Status::Exported,
        Status::Spiked,
    ];
    let actions = [
        Action::Submit,
        Action::Claim,
        Action::Release,
        Action::RequestChanges,
        Action::Approve,
    ];
    let mut n = 0;
    let mut checked = 0;
    for state in states {
        for action in actions {
            for person in PEOPLE {
                n += 1;
                let id = article_in(&conn, REPORTER, state, n);
                let actor = who(&conn, person);
                let result = workflow::transition(&conn, &id, &actor, action, "");
                let expect = allowed(action, state).contains(&person);
                match result {
                    Ok(a) => assert!(
                        expect,
                        "{person} could {action:?} from {state:?} (now {:?})",
                        a.status
                    ),
                    Err(Error::Forbidden {
                        role, action: what, ..
                    }) => {
                        assert!(!expect, "{person} could not {action:?} from {state:?}");
                        assert_eq!(role.vi(), actor.role.label_vi());
                        assert_eq!(what.vi(), action.label_vi());
                        // Nothing changed.
                        assert_eq!(articles::get(&conn, &id).expect("get").status, state);
                    }
                    Err(e) => panic!("{person} {action:?} from {state:?}: {e}"),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 7 * 5 * 6);
}

#[test]
fn nobody_approves_their_own_article_not_even_an_admin() {
    let (_dir, conn) = fresh();
    team(&conn);
    for author in [EDITOR, ADMIN] {
        let a = articles::create(&conn, &complete(&format!("Bài của {author}")), author)
            .expect("create");
        workflow::transition(&conn, &a.id, &who(&conn, author), Action::Submit, "")
            .expect("submit");
        workflow::transition(&conn, &a.id, &who(&conn, author), Action::Claim, "").expect("claim");
        let err = workflow::transition(&conn, &a.id, &who(&conn, author), Action::Approve, "")
            .expect_err("own");
        assert!(err.to_string().contains("chính mình"), "{err}");
    }
}

#[test]
fn edits_follow_the_lock_and_void_an_approval() {
    let (_dir, conn) = fresh();
    team(&conn);
    let edit = |id: &str, by: &str| {
        let a = articles::get(&conn, id).expect("get");
        let mut input = ArticleInput::from(&a);
        input.body.push_str(" Thêm.");
        articles::save(&conn, id, a.revision, &input, by, SaveKind::Save)
    };
    let draft = article_in(&conn, REPORTER, Status::Draft, 1);
    for (by, ok) in [
        (REPORTER, true),
        (EDITOR, true),
        (ADMIN, true),
        (OTHER_REPORTER, false),
        (STAFF, false),
    ] {
        assert_eq!(edit(&draft, by).is_ok(), ok, "{by} edits a draft");
    }
    let review = article_in(&conn, REPORTER, Status::InReview, 2);
    for (by, ok) in [
        (EDITOR, true),
        (ADMIN, true),
        (REPORTER, false),
        (OTHER_EDITOR, false),
    ] {
        let r = edit(&review, by);
        assert_eq!(r.is_ok(), ok, "{by} edits in review: {r:?}");
        if let Err(e) = r {
            assert!(matches!(e, Error::Forbidden { .. }), "{e}");
        }
    }
    assert_eq!(
        articles::get(&conn, &review).expect("get").status,
        Status::InReview
    );

    let approved = article_in(&conn, REPORTER, Status::Approved, 3);
    assert!(
        workflow::approval(&conn, &approved)
            .expect("approval")
            .is_some()
    );
    edit(&approved, REPORTER).expect("edit after approval");
    let a = articles::get(&conn, &approved).expect("get");
    assert_eq!(a.status, Status::Submitted, "back to review");
    assert!(
        workflow::approval(&conn, &approved)
            .expect("approval")
            .is_none()
    );
    let log = workflow::log(&conn, &approved).expect("log");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        ["create", "submit", "claim", "approve", "save", "edit"],
        "{log:?}"
    );
    assert_eq!(log[3].actor, EDITOR);
    assert_eq!(
        (log[5].from_status.as_str(), log[5].to_status.as_str()),
        ("approved", "submitted")
    );
}

#[test]
fn export_needs_staff_an_approval_and_unchanged_content() {
    let (dir, conn) = fresh();
    team(&conn);
    let out = tempfile::tempdir().expect("out");
    let export = |id: &str, by: &str| {
        export::export_package_as(
            &conn,
            dir.path(),
            id,
            out.path(),
            &Default::default(),
            false,
            &who(&conn, by),
        )
    };
    let draft = article_in(&conn, REPORTER, Status::Draft, 1);
    let err = export(&draft, STAFF).expect_err("not approved");
    assert!(matches!(err, Error::Blocked { .. }), "{err}");
    assert!(err.to_string().contains("chưa được duyệt"), "{err}");

    let approved = article_in(&conn, REPORTER, Status::Approved, 2);
    for by in [REPORTER, EDITOR] {
        let err = export(&approved, by).expect_err("only staff or admin");
        assert!(matches!(err, Error::Forbidden { .. }), "{by}: {err}");
    }
    let done = export(&approved, STAFF).expect("staff exports");
    let manifest: serde_json::Value = serde_json::from_slice(
        &std::fs::read(std::path::Path::new(&done.folder).join("manifest.json")).expect("read"),
    )
    .expect("json");
    let approval = workflow::approval(&conn, &approved)
        .expect("approval")
        .expect("holds");
    assert_eq!(manifest["approval"]["approver"], EDITOR);
    assert_eq!(
        manifest["approval"]["content_sha256"],
        approval.content_sha256.as_str()
    );
    let a = articles::get(&conn, &approved).expect("get");
    assert_eq!(a.status, Status::Exported);
    assert_eq!(
        approval.content_sha256,
        workflow::content_hash(&conn, &a).expect("hash")
    );
    // The approved content changed behind the workflow's back (a revision row edited in the file):
    // the hash no longer matches, the export is refused.
    conn.execute(
        "UPDATE articles SET lead = lead || ' sửa lén' WHERE id = ?1",
        [&approved],
    )
    .expect("tamper");
    let err = export(&approved, STAFF).expect_err("changed since approval");
    assert!(err.to_string().contains("khác bản được duyệt"), "{err}");
}

#[test]
fn profiles_roles_and_pins() {
    let (_dir, conn) = fresh();
    let anyone = workflow::actor(&conn, "Ai đó", None).expect("solo");
    let err = workflow::add_user(&conn, &anyone, "Phóng viên", Role::Reporter, None)
        .expect_err("first must be admin");
    assert!(err.to_string().contains("quản trị"), "{err}");
    workflow::add_user(&conn, &anyone, ADMIN, Role::Admin, Some("2468")).expect("admin");
    assert!(!workflow::is_solo(&conn).expect("solo"));
    assert!(matches!(
        workflow::actor(&conn, ADMIN, None),
        Err(Error::InvalidInput { field: "pin", .. })
    ));
    assert!(matches!(
        workflow::actor(&conn, ADMIN, Some("1111")),
        Err(Error::InvalidInput { field: "pin", .. })
    ));
    let admin = workflow::actor(&conn, ADMIN, Some("2468")).expect("admin");
    assert_eq!(admin.role, Role::Admin);
    assert!(matches!(
        workflow::actor(&conn, "Người lạ", None),
        Err(Error::NotFound { .. })
    ));
    workflow::add_user(&conn, &admin, REPORTER, Role::Reporter, None).expect("reporter");
    let reporter = who(&conn, REPORTER);
    assert!(matches!(
        workflow::add_user(&conn, &reporter, "X", Role::Editor, None),
        Err(Error::Forbidden { .. })
    ));
    assert!(
        workflow::add_user(&conn, &admin, REPORTER, Role::Editor, None).is_err(),
        "names are unique"
    );
    assert!(
        workflow::add_user(&conn, &admin, "Y", Role::Editor, Some("12a4")).is_err(),
        "digits only"
    );
    assert_eq!(workflow::users(&conn).expect("users").len(), 2);
    // Publishing staff do not write articles.
    workflow::add_user(&conn, &admin, STAFF, Role::Staff, None).expect("staff");
    assert!(matches!(
        articles::create(&conn, &complete("Bài"), STAFF),
        Err(Error::Forbidden { .. })
    ));
}

#[test]
fn solo_mode_keeps_states_meaningful_and_asks_no_approval() {
    let (dir, conn) = fresh();
    let me = workflow::actor(&conn, "Tôi", None).expect("solo");
    let a = articles::create(&conn, &complete("Một mình"), "Tôi").expect("create");
    let out = tempfile::tempdir().expect("out");
    export::export_package_as(
        &conn,
        dir.path(),
        &a.id,
        out.path(),
        &Default::default(),
        false,
        &me,
    )
    .expect("export a draft");
    assert_eq!(
        articles::get(&conn, &a.id).expect("get").status,
        Status::Draft
    );
    assert!(
        workflow::transition(&conn, &a.id, &me, Action::Approve, "").is_err(),
        "a draft is not in review"
    );
    workflow::transition(&conn, &a.id, &me, Action::Submit, "").expect("submit");
    workflow::transition(&conn, &a.id, &me, Action::Claim, "").expect("claim");
    workflow::transition(&conn, &a.id, &me, Action::Approve, "").expect("approve alone");
    assert!(
        workflow::approval(&conn, &a.id)
            .expect("approval")
            .is_some()
    );
}

#[test]
fn comments_stay_on_their_phrase_through_edits_and_can_be_resolved() {
    use newsroom::comments::{self, NewComment};
    let (_dir, conn) = fresh();
    team(&conn);
    let body = "Sở Tài nguyên họp sáng nay.\n\nSau đó, Sở Tài nguyên báo cáo kết quả.\n\nĐoạn ba nói về kinh phí cho sự nghiệp bảo vệ môi trường.";
    let a = articles::create(
        &conn,
        &ArticleInput {
            body: body.into(),
            ..complete("Bình luận")
        },
        REPORTER,
    )
    .expect("create");
    let editor = who(&conn, EDITOR);
    // The second "Sở Tài nguyên", chosen by where it starts (UTF-16), as the editor selects it.
    let second = body.rfind("Sở Tài nguyên").expect("second");
    let at = u32::try_from(body[..second].encode_utf16().count()).expect("fits");
    let on_phrase = comments::add(
        &conn,
        &a.id,
        &editor,
        &NewComment {
            body: "Ghi đủ tên: Sở Tài nguyên và Môi trường".into(),
            quote: Some("Sở Tài nguyên".into()),
            at: Some(at),
            ..Default::default()
        },
    )
    .expect("comment");
    let on_paragraph = comments::add(
        &conn,
        &a.id,
        &editor,
        &NewComment {
            body: "Nêu số tiền cụ thể".into(),
            paragraph: Some(3),
            ..Default::default()
        },
    )
    .expect("paragraph comment");
    let reply = comments::add(
        &conn,
        &a.id,
        &who(&conn, REPORTER),
        &NewComment {
            body: "Đã sửa".into(),
            reply_to: Some(on_phrase.id),
            ..Default::default()
        },
    )
    .expect("reply");
    assert_eq!(reply.reply_to, Some(on_phrase.id));
    assert!(
        comments::add(
            &conn,
            &a.id,
            &editor,
            &NewComment {
                body: "x".into(),
                quote: Some("không có".into()),
                ..Default::default()
            }
        )
        .is_err()
    );

    // Text is added before both, and the third paragraph is reworded a little.
    let mut input = ArticleInput::from(&articles::get(&conn, &a.id).expect("get"));
    input.body = format!(
        "Mở đầu mới.\n\n{}",
        body.replace("Đoạn ba nói về kinh phí", "Đoạn ba nói rõ về kinh phí")
    );
    articles::save(&conn, &a.id, a.revision, &input, REPORTER, SaveKind::Save).expect("save");
    let now = articles::get(&conn, &a.id).expect("get");
    let list = comments::list(&conn, &a.id).expect("list");
    let slice = |c: &comments::Comment| {
        let anchor = c.anchor.as_ref().expect("anchored");
        let units: Vec<u16> = now.body.encode_utf16().collect();
        String::from_utf16(&units[anchor.from as usize..anchor.to as usize]).expect("utf16")
    };
    let phrase = list.iter().find(|c| c.id == on_phrase.id).expect("phrase");
    assert_eq!(slice(phrase), "Sở Tài nguyên");
    let from = phrase.anchor.as_ref().expect("anchor").from as usize;
    let units: Vec<u16> = now.body.encode_utf16().collect();
    assert!(
        String::from_utf16(&units[from..])
            .expect("utf16")
            .starts_with("Sở Tài nguyên báo cáo"),
        "the second one"
    );
    let para = list
        .iter()
        .find(|c| c.id == on_paragraph.id)
        .expect("paragraph");
    assert!(
        slice(para).starts_with("Đoạn ba nói rõ về kinh phí"),
        "{}",
        slice(para)
    );

    // The phrase is deleted: the comment stays, marked.
    let mut input = ArticleInput::from(&now);
    input.body = now
        .body
        .replace("Sau đó, Sở Tài nguyên báo cáo", "Sau đó, Sở báo cáo");
    articles::save(&conn, &a.id, now.revision, &input, REPORTER, SaveKind::Save).expect("save");
    let list = comments::list(&conn, &a.id).expect("list");
    let phrase = list.iter().find(|c| c.id == on_phrase.id).expect("phrase");
    assert!(
        phrase.anchor.as_ref().is_some_and(|x| x.from < 30),
        "falls back to the other occurrence: {phrase:?}"
    );

    // Resolving: the author, an editor or an admin; not another reporter.
    assert!(matches!(
        comments::resolve(&conn, on_phrase.id, &who(&conn, OTHER_REPORTER), true),
        Err(Error::Forbidden { .. })
    ));
    comments::resolve(&conn, on_phrase.id, &editor, true).expect("resolve");
    let list = comments::list(&conn, &a.id).expect("list");
    assert_eq!(
        list.iter()
            .find(|c| c.id == on_phrase.id)
            .expect("c")
            .resolved_by
            .as_deref(),
        Some(EDITOR)
    );
}

#[test]
fn a_package_verifies_until_one_byte_changes() {
    let (dir, conn) = fresh();
    team(&conn);
    let id = article_in(&conn, REPORTER, Status::Approved, 1);
    let out = tempfile::tempdir().expect("out");
    let folder = package_by_staff(&conn, dir.path(), &id, out.path());
    let v = export::verify(&folder, Some(&conn), None).expect("verify");
    assert!(v.verified, "{v:?}");
    assert_eq!(v.recorded, Some(true));
    assert_eq!(
        v.approval.as_ref().map(|a| a.approver.as_str()),
        Some(EDITOR)
    );
    // Elsewhere (no data folder): intact against its own manifest.
    let v = export::verify(&folder, None, None).expect("verify");
    assert!(v.verified, "{v:?}");

    // One byte of the page changed.
    let page = folder.join("index.html");
    let mut bytes = std::fs::read(&page).expect("read");
    let original = bytes.clone();
    let at = bytes.len() / 2;
    bytes[at] ^= 1;
    std::fs::write(&page, &bytes).expect("tamper");
    let v = export::verify(&folder, Some(&conn), None).expect("verify");
    assert!(!v.verified);
    assert!(v.problems.iter().any(|p| p.contains("index.html")), "{v:?}");
    // ...and the manifest rewritten to match it: the newsroom's record catches it.
    std::fs::write(&page, &original).expect("restore");
    let manifest_path = folder.join("manifest.json");
    let manifest = std::fs::read_to_string(&manifest_path).expect("manifest");
    std::fs::write(
        &manifest_path,
        manifest.replace("\"app_version\"", "\"app_version_\""),
    )
    .expect("rewrite");
    let v = export::verify(&folder, Some(&conn), None).expect("verify");
    assert!(!v.verified);
    assert!(
        v.problems.iter().any(|p| p.contains("manifest.json khác")),
        "{v:?}"
    );
    std::fs::write(&manifest_path, manifest).expect("restore");
    // The approved content itself swapped.
    let content = folder.join("content.json");
    let text = std::fs::read_to_string(&content).expect("content");
    std::fs::write(&content, text.replace("Sáng 3/12.", "Sáng 4/12.")).expect("swap");
    let v = export::verify(&folder, None, None).expect("verify");
    assert!(!v.verified);
    assert!(
        v.problems.iter().any(|p| p.contains("khác nội dung")),
        "{v:?}"
    );

    // A package exported in solo mode carries no approval.
    let (dir2, conn2) = fresh();
    let a = articles::create(&conn2, &complete("Một mình"), "Tôi").expect("create");
    let done = export::export_package(
        &conn2,
        dir2.path(),
        &a.id,
        out.path(),
        &Default::default(),
        false,
    )
    .expect("export");
    let v = export::verify(std::path::Path::new(&done.folder), Some(&conn2), None).expect("verify");
    assert!(!v.verified);
    assert!(
        v.problems.iter().any(|p| p.contains("không có bản duyệt")),
        "{v:?}"
    );
}

/// Issue 26: the body rewritten in `index.html`, `article.html` and `article.json`, and
/// `manifest.json` recomputed to match, fails `verify` on a machine that never saw the newsroom:
/// the desk makes the pages again from the approved content and compares them.
#[test]
fn a_page_rewritten_with_its_manifest_recomputed_fails_verify_anywhere() {
    let (dir, conn) = fresh();
    team(&conn);
    let id = article_in(&conn, REPORTER, Status::Approved, 1);
    let out = tempfile::tempdir().expect("out");
    let folder = package_by_staff(&conn, dir.path(), &id, out.path());
    let keys = newsroom::signing::trusted(&conn).expect("keys");
    let v = export::verify(&folder, None, Some(&keys)).expect("verify");
    assert!(v.verified, "{v:?}");
    let rewrite = |files: &[&str], from: &str, to: &str| {
        for name in files {
            let path = folder.join(name);
            let text = std::fs::read_to_string(&path).expect("read");
            assert!(text.contains(from), "{name} shows {from}");
            std::fs::write(&path, text.replace(from, to)).expect("rewrite");
        }
        reseal(&folder);
    };
    rewrite(
        &["index.html", "article.html", "article.json"],
        "Nội dung.",
        "Nội dung khác, chưa ai duyệt.",
    );
    let v = export::verify(&folder, None, Some(&keys)).expect("verify");
    assert!(!v.verified, "{v:?}");
    for name in ["index.html", "article.html", "article.json"] {
        assert!(v.problems.iter().any(|p| p.contains(name)), "{name}: {v:?}");
    }
    // A line added outside the body, or the site's name changed in the manifest's profile, too.
    rewrite(
        &["index.html", "article.html", "article.json"],
        "Nội dung khác, chưa ai duyệt.",
        "Nội dung.",
    );
    assert!(
        export::verify(&folder, None, Some(&keys))
            .expect("verify")
            .verified
    );
    rewrite(
        &["index.html"],
        "</main>",
        "<p>Tin nóng chưa duyệt.</p>\n</main>",
    );
    let v = export::verify(&folder, None, Some(&keys)).expect("verify");
    assert!(v.problems.iter().any(|p| p.contains("index.html")), "{v:?}");
    rewrite(
        &["index.html"],
        "<p>Tin nóng chưa duyệt.</p>\n</main>",
        "</main>",
    );
    let profile = newsroom::profile::active(&conn).expect("profile");
    rewrite(
        &["manifest.json", "index.html"],
        &profile.site_name,
        "Cổng giả",
    );
    let v = export::verify(&folder, None, Some(&keys)).expect("verify");
    assert!(v.problems.iter().any(|p| p.contains("Hồ sơ cổng")), "{v:?}");
}

/// Issue 26: the approval covers the lead picture and the slug (scheme 3), and a credit or lead
/// change after approval sends the article back to review, as a text edit does; staff change
/// neither.
#[test]
fn figures_changed_after_approval_go_back_to_review() {
    let (dir, conn) = fresh();
    team(&conn);
    let (a, n) = with_figure(
        &conn,
        dir.path(),
        "Bài ảnh đại diện",
        newsroom::figures::FigureChange {
            alt: Some("Ảnh".into()),
            ..Default::default()
        },
    );
    let approve = |conn: &Connection| {
        for (action, by) in [(Action::Claim, EDITOR), (Action::Approve, EDITOR)] {
            workflow::transition(conn, &a.id, &who(conn, by), action, "").expect("step");
        }
    };
    workflow::transition(&conn, &a.id, &who(&conn, REPORTER), Action::Submit, "").expect("submit");
    approve(&conn);
    let approved = workflow::approval(&conn, &a.id).expect("a").expect("holds");
    assert_eq!(approved.scheme, 5);
    let content = workflow::canonical_content(
        &conn,
        &articles::get(&conn, &a.id).expect("get"),
        &newsroom::profile::active(&conn).expect("profile"),
    )
    .expect("content");
    assert!(
        content.contains("\"slug\":") && content.contains("\"lead\":false"),
        "{content}"
    );
    // Scheme 5 names the picture's files, each by its SHA-256.
    let photo = newsroom::media::get(
        &conn,
        &newsroom::figures::assets(&conn, &a.id).expect("assets")[&n]
            .0
            .hash,
    )
    .expect("photo");
    assert!(!photo.renditions.is_empty());
    for r in &photo.renditions {
        assert!(
            content.contains(&format!(
                "{{\"width\":{},\"sha256\":\"{}\"}}",
                r.width, r.sha256
            )),
            "{content}"
        );
    }
    // Staff may not touch it.
    let lead = newsroom::figures::FigureChange {
        lead: Some(true),
        ..Default::default()
    };
    let e = newsroom::figures::set_meta(&conn, &a.id, n, &lead, STAFF).expect_err("staff");
    assert_eq!(e.code(), newsroom::ErrorCode::Forbidden);
    // The reporter makes it the lead picture: back to review, and the old approval no longer holds.
    newsroom::figures::set_meta(&conn, &a.id, n, &lead, REPORTER).expect("lead");
    assert_eq!(
        articles::get(&conn, &a.id).expect("get").status,
        Status::Submitted
    );
    assert!(workflow::approval(&conn, &a.id).expect("a").is_none());
    // Approved again, it exports with the lead picture recorded, and verify checks it.
    approve(&conn);
    let out = tempfile::tempdir().expect("out");
    let folder = package_by_staff(&conn, dir.path(), &a.id, out.path());
    let keys = newsroom::signing::trusted(&conn).expect("keys");
    assert!(
        export::verify(&folder, None, Some(&keys))
            .expect("verify")
            .verified
    );
    // A picture's file swapped for other bytes of the same size and shape, the manifest made to
    // match: the pages are unchanged, but the picture is not the one approved.
    let picture = std::fs::read_dir(folder.join("images"))
        .expect("images")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "jpg"))
        .expect("a jpg");
    let approved_bytes = std::fs::read(&picture).expect("picture");
    let mut swapped = approved_bytes.clone();
    let at = swapped.len() - 40;
    for b in &mut swapped[at..at + 16] {
        *b ^= 0x55;
    }
    std::fs::write(&picture, &swapped).expect("swap");
    reseal(&folder);
    let v = export::verify(&folder, None, Some(&keys)).expect("verify");
    assert!(!v.verified, "{v:?}");
    assert_eq!(
        v.problems,
        ["Ảnh số 1 trong gói khác ảnh đã được duyệt (tệp ảnh bị thay, thêm hoặc bớt)."],
        "{v:?}"
    );
    std::fs::write(&picture, &approved_bytes).expect("put back");
    reseal(&folder);
    assert!(
        export::verify(&folder, None, Some(&keys))
            .expect("verify")
            .verified
    );
    let path = folder.join("manifest.json");
    let manifest = std::fs::read_to_string(&path).expect("manifest");
    std::fs::write(
        &path,
        manifest.replace("\"lead_picture\": \"anh1\"", "\"lead_picture\": null"),
    )
    .expect("rewrite");
    let v = export::verify(&folder, None, Some(&keys)).expect("verify");
    assert!(
        v.problems.iter().any(|p| p.contains("Ảnh đại diện")),
        "{v:?}"
    );
    // A manifest that names files outside the package for a picture: nothing outside is read
    // (`/dev/zero` would never end), and the pages no longer match.
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("manifest")).expect("json");
    for (i, f) in m["renditions"]["anh1"]
        .as_object_mut()
        .expect("renditions")
        .values_mut()
        .enumerate()
    {
        *f = if i % 2 == 0 {
            "/dev/zero"
        } else {
            "../../../../etc/passwd"
        }
        .into();
    }
    std::fs::write(&path, m.to_string()).expect("rewrite");
    let v = export::verify(&folder, None, Some(&keys)).expect("verify");
    assert!(
        v.problems.iter().any(|p| p.contains("article.html")),
        "{v:?}"
    );
    // A caption remembered for suggestions is no edit.
    newsroom::figures::set_meta(
        &conn,
        &a.id,
        n,
        &newsroom::figures::FigureChange {
            caption: Some("Một chú thích".into()),
            ..Default::default()
        },
        STAFF,
    )
    .expect("caption");
}

#[test]
fn the_review_diff_starts_where_the_editor_left_off() {
    let (_dir, conn) = fresh();
    team(&conn);
    let id = article_in(&conn, REPORTER, Status::ChangesRequested, 1);
    assert_eq!(
        workflow::last_reviewed(&conn, &id, EDITOR).expect("last"),
        Some(1)
    );
    assert_eq!(
        workflow::last_reviewed(&conn, &id, OTHER_EDITOR).expect("last"),
        None
    );
    let a = articles::get(&conn, &id).expect("get");
    let mut input = ArticleInput::from(&a);
    input.body = "Nội dung đã sửa.".into();
    let a = articles::save(&conn, &id, a.revision, &input, REPORTER, SaveKind::Save).expect("save");
    let diff = newsroom::revisions::diff(&conn, &id, 1, a.revision).expect("diff");
    let body = diff.iter().find(|d| d.field == "body").expect("body");
    assert!(
        body.parts.iter().any(|p| p.text.contains("đã sửa")),
        "{body:?}"
    );
}

#[test]
fn one_changed_byte_of_an_image_fails_verify() {
    let (dir, conn) = fresh();
    team(&conn);
    let (a, _) = with_figure(
        &conn,
        dir.path(),
        "Bài có ảnh",
        newsroom::figures::FigureChange {
            alt: Some("Ảnh".into()),
            caption: Some("Chú thích".into()),
            credit: Some("Minh".into()),
            ..Default::default()
        },
    );
    for (action, by) in [
        (Action::Submit, REPORTER),
        (Action::Claim, EDITOR),
        (Action::Approve, EDITOR),
    ] {
        workflow::transition(&conn, &a.id, &who(&conn, by), action, "").expect("step");
    }
    let out = tempfile::tempdir().expect("out");
    let folder = package_by_staff(&conn, dir.path(), &a.id, out.path());
    assert!(
        export::verify(&folder, Some(&conn), None)
            .expect("verify")
            .verified
    );
    let image = std::fs::read_dir(folder.join("images"))
        .expect("images")
        .next()
        .expect("one")
        .expect("entry")
        .path();
    let mut bytes = std::fs::read(&image).expect("read");
    let last = bytes.len() - 3;
    bytes[last] ^= 1;
    std::fs::write(&image, bytes).expect("tamper");
    let v = export::verify(&folder, Some(&conn), None).expect("verify");
    assert!(!v.verified);
    let name = image
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(v.problems.iter().any(|p| p.contains(&name)), "{v:?}");
}

/// Issue 15: PINs are argon2id PHC strings; after two wrong tries in a row each further try waits
/// longer, counted in the database; a PIN stored by an earlier version (salted SHA-256) still signs
/// in once and is then stored as argon2id.
#[test]
fn pins_are_argon2id_and_wrong_tries_wait() {
    use sha2::Digest as _;
    let (_dir, conn) = fresh();
    let anyone = workflow::actor(&conn, "Ai đó", None).expect("solo");
    workflow::add_user(&conn, &anyone, ADMIN, Role::Admin, Some("2468")).expect("admin");
    let stored = |name: &str| -> (Option<String>, String, i64) {
        conn.query_row(
            "SELECT pin_salt, pin_hash, pin_failures FROM users WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("user row")
    };
    let (salt, hash, _) = stored(ADMIN);
    assert!(
        salt.is_none() && hash.starts_with("$argon2id$v=19$"),
        "{hash}"
    );
    let refused = |pin: &str| -> String {
        match workflow::actor(&conn, ADMIN, Some(pin)) {
            Err(Error::InvalidInput {
                field: "pin",
                reason,
            }) => reason.vi().to_string(),
            other => panic!("a refusal for the PIN, not {other:?}"),
        }
    };
    // Two wrong tries are free; the third sets a wait, during which even the right PIN waits.
    assert!(refused("1111").contains("không đúng"));
    assert!(refused("1112").contains("không đúng"));
    assert!(refused("1113").contains("không đúng"));
    let wait = refused("2468");
    assert!(wait.contains("thử lại sau"), "{wait}");
    assert_eq!(stored(ADMIN).2, 3, "the wait does not count as a try");
    // Once the wait is over the right PIN signs in and the count starts again.
    conn.execute(
        "UPDATE users SET pin_wait_until = '2000-01-01T00:00:00.000Z' WHERE name = ?1",
        [ADMIN],
    )
    .expect("time passes");
    assert_eq!(
        workflow::actor(&conn, ADMIN, Some("2468"))
            .expect("right PIN")
            .role,
        Role::Admin
    );
    assert_eq!(stored(ADMIN).2, 0);

    // A profile whose PIN an earlier version stored.
    let legacy = hex_of(&sha2::Sha256::digest(b"toasoan-pin:a1b2c3:1357"));
    conn.execute(
        "INSERT INTO users (name, role, pin_salt, pin_hash, created_at, created_by)
         VALUES ('Cũ', 'editor', 'a1b2c3', ?1, '2026-01-01T00:00:00.000Z', 'Lan')",
        [&legacy],
    )
    .expect("legacy row");
    assert!(workflow::actor(&conn, "Cũ", Some("1358")).is_err());
    workflow::actor(&conn, "Cũ", Some("1357")).expect("the old PIN signs in");
    let (salt, hash, failures) = stored("Cũ");
    assert!(salt.is_none() && hash.starts_with("$argon2id$"), "{hash}");
    assert_eq!(failures, 0);
    workflow::actor(&conn, "Cũ", Some("1357")).expect("and again, as argon2id");
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The waits grow and stop growing: none, none, 1 s, 2 s, 4 s … 300 s.
#[test]
fn pin_waits_grow_to_five_minutes() {
    let (_dir, conn) = fresh();
    let anyone = workflow::actor(&conn, "Ai đó", None).expect("solo");
    workflow::add_user(&conn, &anyone, ADMIN, Role::Admin, Some("2468")).expect("admin");
    let mut waits = Vec::new();
    for k in 0..12 {
        conn.execute(
            "UPDATE users SET pin_wait_until = NULL WHERE name = ?1",
            [ADMIN],
        )
        .expect("no wait now");
        let _ = workflow::actor(&conn, ADMIN, Some(&format!("{:04}", 1000 + k)));
        let until: Option<String> = conn
            .query_row(
                "SELECT pin_wait_until FROM users WHERE name = ?1",
                [ADMIN],
                |r| r.get(0),
            )
            .expect("row");
        waits.push(until.map_or(0, |u| {
            let u = chrono::DateTime::parse_from_rfc3339(&u).expect("rfc3339");
            (u.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_seconds() + 1
        }));
    }
    assert_eq!(waits, [0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
}

/// Who may make each change that is not a review step, written out by person (not by role), from
/// the rules: trash, untrash and delete of REPORTER's article by its author, editors and
/// the admin; profiles, backup, restore and people by the admin; library photos by editors and the
/// admin. Each change is really attempted by the core function that makes it.
#[test]
fn every_gated_change_by_every_person() {
    let expected: [(&str, &[&str]); 8] = [
        ("trash", &[REPORTER, EDITOR, OTHER_EDITOR, ADMIN]),
        ("untrash", &[REPORTER, EDITOR, OTHER_EDITOR, ADMIN]),
        ("delete", &[REPORTER, EDITOR, OTHER_EDITOR, ADMIN]),
        ("profiles", &[ADMIN]),
        ("library_photo", &[EDITOR, OTHER_EDITOR, ADMIN]),
        ("backup", &[ADMIN]),
        ("restore", &[ADMIN]),
        ("people", &[ADMIN]),
    ];
    let src = tempfile::tempdir().expect("src");
    let photo_file = src.path().join("anh.jpg");
    std::fs::write(&photo_file, crate::media::jpeg(320, 240, None)).expect("jpeg");
    for (change, allowed) in expected {
        for person in PEOPLE {
            let (dir, conn) = fresh();
            team(&conn);
            let by = who(&conn, person);
            let id = article_in(&conn, REPORTER, Status::Draft, 0);
            let outcome: newsroom::Result<()> = match change {
                "trash" => articles::spike(&conn, &id, &by).map(drop),
                "untrash" => {
                    articles::spike(&conn, &id, &who(&conn, ADMIN)).expect("spike");
                    articles::unspike(&conn, &id, &by).map(drop)
                }
                "delete" => {
                    articles::spike(&conn, &id, &who(&conn, ADMIN)).expect("spike");
                    articles::delete(&conn, &id, &by)
                }
                "profiles" => {
                    let mut p = newsroom::profile::Profile::hai_phong();
                    p.id = "do-son".into();
                    p.name = "Cổng Đồ Sơn".into();
                    newsroom::profile::save(&conn, &p, &by)
                }
                "library_photo" => {
                    let photo = newsroom::media::import_file(
                        &conn,
                        dir.path(),
                        &photo_file,
                        &newsroom::profile::Profile::default().photo_spec(),
                        ADMIN,
                    )
                    .expect("import");
                    newsroom::media::describe(
                        &conn,
                        &photo.hash,
                        None,
                        Some("Hoàng Tùng"),
                        None,
                        &by,
                    )
                    .map(drop)
                }
                "backup" => {
                    newsroom::backup::create(&conn, dir.path(), &dir.path().join("b.zip"), &by)
                        .map(drop)
                }
                "restore" => {
                    let out = tempfile::tempdir().expect("out");
                    let file = out.path().join("b.zip");
                    newsroom::backup::create(&conn, dir.path(), &file, &who(&conn, ADMIN))
                        .expect("backup");
                    drop(conn);
                    let by = newsroom::backup::restorer(dir.path(), person, None).expect("who");
                    let r = newsroom::backup::restore(dir.path(), &file, &by).map(drop);
                    let conn = newsroom::store::open(dir.path()).expect("reopen");
                    // Refused: nothing moved aside, the article still there.
                    if r.is_err() {
                        assert!(
                            std::fs::read_dir(dir.path()).expect("ls").all(|e| !e
                                .expect("entry")
                                .file_name()
                                .to_string_lossy()
                                .starts_with("before-restore")),
                            "a refused restore moved nothing"
                        );
                        articles::get(&conn, &id).expect("still there");
                    }
                    r
                }
                "people" => workflow::set_role(&conn, &by, OTHER_REPORTER, Role::Editor).map(drop),
                other => panic!("no such change {other}"),
            };
            let may = allowed.contains(&person);
            match (may, outcome) {
                (true, Ok(())) => {}
                (false, Err(Error::Forbidden { .. })) => {}
                (true, Err(e)) => panic!("{person} should be able to {change}: {e}"),
                (false, Ok(())) => panic!("{person} must not be able to {change}"),
                (false, Err(e)) => {
                    panic!("{person} / {change}: refused, but not as forbidden: {e}")
                }
            }
        }
    }
}

/// Changing the rule table's own data: roles, PINs, removal; the newsroom keeps an admin; a
/// change of role counts at once for someone already signed in.
#[test]
fn people_are_managed_by_an_admin_and_an_admin_always_remains() {
    let (_d, conn) = fresh();
    team(&conn);
    let admin = who(&conn, ADMIN);
    // The only admin can be neither demoted nor removed.
    for r in [
        workflow::set_role(&conn, &admin, ADMIN, Role::Editor).map(drop),
        workflow::remove_user(&conn, &admin, ADMIN),
    ] {
        match r {
            Err(Error::InvalidInput { field: "role", .. }) => {}
            other => panic!("the last admin must stay: {other:?}"),
        }
    }
    // A second admin: now the first may step down.
    workflow::set_role(&conn, &admin, EDITOR, Role::Admin).expect("promote");
    let before = workflow::current(&conn, EDITOR).expect("current");
    assert_eq!(before.role, Role::Admin, "the new role counts at once");
    workflow::set_role(&conn, &who(&conn, EDITOR), ADMIN, Role::Reporter).expect("step down");
    assert_eq!(
        workflow::current(&conn, ADMIN).expect("current").role,
        Role::Reporter
    );
    // PINs: an admin sets anyone's, a person their own, nobody else's.
    workflow::set_pin(&conn, &who(&conn, EDITOR), STAFF, Some("2468")).expect("admin sets");
    assert!(matches!(
        workflow::actor(&conn, STAFF, Some("1111")),
        Err(Error::Forbidden { .. }) | Err(Error::InvalidInput { .. })
    ));
    workflow::actor(&conn, STAFF, Some("2468")).expect("new PIN works");
    let staff = workflow::actor(&conn, STAFF, Some("2468")).expect("staff");
    workflow::set_pin(&conn, &staff, STAFF, Some("13579")).expect("own PIN");
    workflow::actor(&conn, STAFF, Some("13579")).expect("changed PIN works");
    assert!(matches!(
        workflow::set_pin(&conn, &staff, REPORTER, Some("0000")),
        Err(Error::Forbidden { .. })
    ));
    assert!(matches!(
        workflow::set_pin(&conn, &staff, STAFF, Some("12")),
        Err(Error::InvalidInput { field: "pin", .. })
    ));
    workflow::set_pin(&conn, &staff, STAFF, None).expect("clear");
    workflow::actor(&conn, STAFF, None).expect("no PIN asked");
    // Removal: gone from the list and from `current`; what they wrote stays.
    let id = article_in(&conn, OTHER_REPORTER, Status::Draft, 1);
    workflow::remove_user(&conn, &who(&conn, EDITOR), OTHER_REPORTER).expect("remove");
    assert!(
        workflow::users(&conn)
            .expect("users")
            .iter()
            .all(|u| u.name != OTHER_REPORTER)
    );
    assert!(matches!(
        workflow::current(&conn, OTHER_REPORTER),
        Err(Error::NotFound { .. })
    ));
    articles::get(&conn, &id).expect("what they wrote stays");
    assert!(
        workflow::log(&conn, &id)
            .expect("log")
            .iter()
            .any(|e| e.actor == OTHER_REPORTER),
        "under their name"
    );
}

#[test]
fn an_approval_is_signed_and_a_forged_one_does_not_travel() {
    // A laptop with no people: anyone may claim to be anyone, and approves "as" an editor.
    let (dir, conn) = fresh();
    let me = who(&conn, EDITOR);
    assert!(me.solo);
    let a = articles::create(&conn, &complete("Bài tự duyệt"), EDITOR).expect("create");
    for action in [Action::Submit, Action::Claim, Action::Approve] {
        workflow::transition(&conn, &a.id, &me, action, "").expect("step");
    }
    let approval = workflow::approval(&conn, &a.id)
        .expect("approval")
        .expect("holds");
    // Signed by a key made here, whose secret half is a file in keys/ and not in the database.
    assert_eq!(approval.scheme, newsroom::signing::SCHEME);
    assert_eq!(approval.signature.len(), 88);
    let keys = newsroom::signing::trusted(&conn).expect("keys");
    assert_eq!(
        newsroom::signing::check(&keys, &approval.signed(&a.id)),
        Ok(())
    );
    let key_file = dir
        .path()
        .join("keys")
        .join(format!("{}.key", approval.key_id));
    assert!(key_file.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&key_file)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the secret key is the owner's alone: {mode:o}"
        );
    }
    let db = std::fs::read(dir.path().join("newsroom.db")).expect("db");
    let secret = std::fs::read_to_string(&key_file).expect("key");
    let seed: serde_json::Value = serde_json::from_str(&secret).expect("json");
    let seed = seed["secret"].as_str().expect("secret");
    assert!(!db.windows(seed.len()).any(|w| w == seed.as_bytes()));
    // The page's other fields are covered: a new byline voids the approval at export.
    let out = tempfile::tempdir().expect("out");
    let package = export::export_package(
        &conn,
        dir.path(),
        &a.id,
        out.path(),
        &Default::default(),
        false,
    )
    .expect("export");
    let v =
        export::verify(std::path::Path::new(&package.folder), Some(&conn), None).expect("verify");
    assert!(v.verified, "{v:?}");
    // Against another newsroom's keys (where this laptop's key is not registered), it fails.
    let (_other_dir, other) = fresh();
    let someone = newsroom::signing::ensure_own_key(&other, EDITOR).expect("key");
    let theirs = newsroom::signing::trusted(&other).expect("keys");
    assert_eq!(theirs[0].key_id, someone.key_id());
    let v =
        export::verify(std::path::Path::new(&package.folder), None, Some(&theirs)).expect("verify");
    assert!(!v.verified);
    assert!(
        v.problems
            .iter()
            .any(|p| p.contains("không phải khóa đã đăng ký")),
        "{v:?}"
    );
    // The bundle arrives at the other newsroom with its content and without the approval.
    let file = out.path().join("b.toasoan");
    newsroom::bundle::export(&conn, dir.path(), &a.id, &file, EDITOR).expect("bundle");
    let got = newsroom::bundle::import(
        &other,
        _other_dir.path(),
        &file,
        &newsroom::profile::Profile::hai_phong().photo_spec(),
        "Tôi",
    )
    .expect("import");
    assert_eq!(got.approvals_refused.len(), 1, "{got:?}");
    let there = articles::get(&other, &a.id).expect("arrived");
    assert_eq!(there.title, "Bài tự duyệt");
    assert_eq!(there.status, Status::Submitted);
    assert_eq!(workflow::approval(&other, &a.id).expect("approval"), None);
}

#[test]
fn an_approval_covers_byline_source_time_category_tags_and_the_page() {
    let (dir, conn) = fresh();
    team(&conn);
    let id = article_in(&conn, REPORTER, Status::Approved, 1);
    let a = articles::get(&conn, &id).expect("get");
    let approved = workflow::approval(&conn, &id).expect("a").expect("holds");
    // The hash covers more than the text: each field the page shows changes it.
    let profile = newsroom::profile::Profile::hai_phong();
    let assets = std::collections::HashMap::new();
    let leads = std::collections::HashSet::new();
    let creator = workflow::creator(&conn, &id).expect("creator");
    assert_eq!(creator, REPORTER);
    let base = workflow::canonical_content_of(
        &a,
        &creator,
        &assets,
        &leads,
        newsroom::signing::SCHEME,
        &profile,
    );
    assert_eq!(
        newsroom_base::sha256_hex(base.as_bytes()),
        approved.content_sha256
    );
    let mut changed = Vec::new();
    let mut b = a.clone();
    b.authors = vec!["Ai khác".into()];
    changed.push(b);
    let mut b = a.clone();
    b.source = "Báo khác".into();
    changed.push(b);
    let mut b = a.clone();
    b.category = "Thể thao".into();
    changed.push(b);
    let mut b = a.clone();
    b.tags = vec!["mới".into()];
    changed.push(b);
    let mut b = a.clone();
    b.scheduled_at = Some(a.updated_at + chrono::Duration::hours(5));
    changed.push(b);
    // Scheme 3: the package's name (the slug) too.
    let mut b = a.clone();
    b.slug = "dia-chi-khac".into();
    changed.push(b);
    for b in &changed {
        assert_ne!(
            workflow::canonical_content_of(
                b,
                &creator,
                &assets,
                &leads,
                newsroom::signing::SCHEME,
                &profile
            ),
            base,
            "{b:?}"
        );
    }
    // Scheme 4: who created the article too (an approval by its own writer shows anywhere).
    assert_ne!(
        workflow::canonical_content_of(
            &a,
            "Ai khác",
            &assets,
            &leads,
            newsroom::signing::SCHEME,
            &profile
        ),
        base
    );
    let mut other_page = profile.clone();
    other_page.footer = vec!["Một chân trang khác".into()];
    assert_ne!(
        workflow::canonical_content_of(&a, &creator, &assets, &leads, 4, &other_page),
        base
    );
    // Exported with a profile whose printed part differs: refused, the approval no longer holds.
    let out = tempfile::tempdir().expect("out");
    let err = export::export_package_as(
        &conn,
        dir.path(),
        &id,
        out.path(),
        &other_page,
        false,
        &who(&conn, STAFF),
    )
    .expect_err("the page differs from the approved one");
    assert!(
        err.to_string().contains("phần trang của hồ sơ cổng"),
        "{err}"
    );
    // With the profile it was approved under, it goes out.
    export::export_package_as(
        &conn,
        dir.path(),
        &id,
        out.path(),
        &profile,
        false,
        &who(&conn, STAFF),
    )
    .expect("export");
}
