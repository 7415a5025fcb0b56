//! A corpus of HTML attacks (`tests/fixtures/xss-corpus.md`, one per block), each put in an
//! article's title, lead and body, must come out inert in the exported package (the validator finds
//! nothing) and in the editor's live preview.

use crate::checked::{self as export, script_problems};
use newsroom::articles::{self, ArticleInput};
use newsroom::profile::Profile;

use crate::fresh;

pub(crate) fn corpus() -> Vec<&'static str> {
    include_str!("../fixtures/xss-corpus.md")
        .split("\n-----\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// The profile the corpus is exported with (pictures by address and missing alt let through, to
/// test the package) and the hash of a real photo for the attacks' `anh:1`.
pub(crate) fn attack_setup(
    conn: &rusqlite::Connection,
    data: &std::path::Path,
) -> (Profile, String) {
    let mut profile = Profile::default();
    profile
        .checks
        .insert("foreign_images".into(), newsroom::profile::Level::Off);
    let src = tempfile::tempdir().expect("src");
    let file = crate::media::write(src.path(), "anh.jpg", &crate::media::jpeg(400, 300, None));
    let photo = newsroom::media::import_file(conn, data, &file, &profile.photo_spec(), "An")
        .expect("photo");
    profile
        .checks
        .insert("alt".into(), newsroom::profile::Level::Off);
    (profile, photo.hash)
}

/// Attack number `i` in an article's title, lead, body and byline.
pub(crate) fn attack_input(i: usize, attack: &str) -> ArticleInput {
    ArticleInput {
        title: format!("Bài {i} {attack}"),
        lead: format!("Sapo {attack}"),
        body: format!("Mở đầu.\n\n{attack}\n\nĐoạn cuối {attack}"),
        authors: vec![format!("Phóng viên {attack}")],
        ..Default::default()
    }
}

#[test]
fn every_attack_is_inert_in_the_package_and_the_preview() {
    let (dir, conn) = fresh();
    let out = dir.path().join("exports");
    let (profile, photo) = attack_setup(&conn, dir.path());
    let attacks = corpus();
    assert!(attacks.len() >= 40, "{}", attacks.len());
    for (i, attack) in attacks.iter().enumerate() {
        let input = attack_input(i, attack);
        let preview = export::preview(&conn, dir.path(), None, &input, &profile).expect("preview");
        assert_eq!(
            script_problems(&preview, true),
            Vec::<String>::new(),
            "preview of {attack:?}"
        );
        let a = articles::create(&conn, &input, "An").expect("create");
        // Figure 1 is a real photo, so `anh:1` in an attack renders with its alt and caption.
        let n =
            newsroom::figures::attach(&conn, &a.id, &photo, &Default::default()).expect("attach");
        assert_eq!(n, 1);
        let done = export::export_package(&conn, dir.path(), &a.id, &out, &profile, false)
            .unwrap_or_else(|e| panic!("export of {attack:?}: {e}"));
        let folder = std::path::Path::new(&done.folder);
        assert_eq!(
            export::validate(folder).expect("validate"),
            Vec::<String>::new(),
            "{attack:?}"
        );
        for file in ["index.html", "article.html"] {
            let html = std::fs::read_to_string(folder.join(file)).expect("read");
            assert_eq!(
                script_problems(&html, file == "index.html"),
                Vec::<String>::new(),
                "{file} of {attack:?}"
            );
            // Attack text may be shown (escaped); never as an attribute value.
            let lower = html.to_ascii_lowercase();
            assert!(
                !lower.contains("=\"javascript:") && !lower.contains("<script>alert"),
                "{file} of {attack:?}: {html}"
            );
        }
        // With the default profile, a picture by address blocks the export and says where.
        if !newsroom::markdown::foreign_images(&input.body).is_empty() {
            let err =
                export::export_package(&conn, dir.path(), &a.id, &out, &Profile::default(), false)
                    .expect_err("blocked");
            assert!(err.to_string().contains("đường dẫn"), "{err}");
        }
    }
}

#[test]
fn the_checker_itself_sees_each_attack_when_unsanitised() {
    // So the test above cannot pass by a checker that sees nothing.
    let raw = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<svg onload=alert(1)>",
        "<img src=\"data:image/svg+xml;base64,AAAA\">",
        "<meta http-equiv=\"refresh\" content=\"0\">",
        "<p style=\"color:red\">x</p>",
    ];
    for html in raw {
        assert!(!script_problems(html, false).is_empty(), "{html}");
    }
}
