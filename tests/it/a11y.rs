//! Accessibility, checked by axe-core (ui's npm package) run inside the real webview: every view and
//! dialog of the window, and the exported pages loaded in the same engine. A violation of impact
//! "serious" or "critical" fails the test; the others are printed.

use std::path::Path;
use std::time::Duration;

use fantoccini::Client;
use fantoccini::key::Key;
use serde_json::{Value, json};

use newsroom_e2e::newsroom;

use crate::app::{
    Rig, button, choose_photo, click, close, new_draft, save_and_wait, type_body, wait_css,
    wait_xpath,
};

/// axe-core's source, where `npm ci` in ui/ puts it.
pub(crate) fn axe_source() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run scripts/setup.sh: npm ci in ui/)",
            path.display()
        )
    })
}

/// Runs axe-core on the page now shown (injected first if this page does not have it yet); the
/// serious and critical violations as "rule (impact): help — targets", and the others apart.
async fn axe(c: &Client, source: &str) -> (Vec<String>, Vec<String>) {
    let has: Value = c
        .execute("return typeof window.axe === 'object';", vec![])
        .await
        .expect("axe present?");
    if has != json!(true) {
        c.execute(&format!("{source}\nreturn typeof window.axe;"), vec![])
            .await
            .expect("inject axe-core");
    }
    let report = c
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { resultTypes: ['violations'] }).then(
                 (r) => done(r.violations.map((v) => ({
                   id: v.id, impact: v.impact, help: v.help,
                   targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ')),
                 }))),
                 (e) => done({ error: String(e) }));"#,
            vec![],
        )
        .await
        .expect("axe.run");
    assert!(report.get("error").is_none(), "axe failed: {report}");
    let mut serious = Vec::new();
    let mut other = Vec::new();
    for v in report.as_array().expect("violations") {
        let line = format!(
            "{} ({}): {} — {}",
            v["id"].as_str().unwrap_or_default(),
            v["impact"].as_str().unwrap_or_default(),
            v["help"].as_str().unwrap_or_default(),
            v["targets"]
        );
        match v["impact"].as_str() {
            Some("serious" | "critical") => serious.push(line),
            _ => other.push(line),
        }
    }
    (serious, other)
}

/// Checks the page now shown, under the name `what`; collects its serious violations into `found`.
pub(crate) async fn check(c: &Client, source: &str, what: &str, found: &mut Vec<String>) {
    let (serious, other) = axe(c, source).await;
    for o in &other {
        eprintln!("axe, {what}, minor: {o}");
    }
    found.extend(serious.into_iter().map(|s| format!("{what}: {s}")));
}

/// Runs axe on the page now shown (`what` names it) and fails on a serious or critical violation.
pub(crate) async fn assert_axe_clean(c: &Client, what: &str) {
    let mut found = Vec::new();
    check(c, &axe_source(), what, &mut found).await;
    assert!(
        found.is_empty(),
        "axe, serious or critical:\n{}",
        found.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_and_dialog_passes_axe() {
    let rig = Rig::new();
    let source = axe_source();
    let (driver, c) = rig.open().await;
    let mut found = Vec::new();

    // The editor with a draft, a misspelt word underlined, and the preview.
    new_draft(&c, "Kiểm tra khả năng tiếp cận").await;
    type_body(&c, "Đoạn văn có từ sai nguời.").await;
    // The underline is announced, not only coloured: what kind of mistake, and what to do.
    let word = wait_css(&c, ".cm-misspelled[data-word='nguời']").await;
    assert_eq!(
        word.attr("aria-invalid").await.expect("attr").as_deref(),
        Some("spelling")
    );
    let title = word.attr("title").await.expect("attr").unwrap_or_default();
    assert!(title.starts_with("Không có trong từ điển"), "{title}");
    check(&c, &source, "Bài viết (trình soạn)", &mut found).await;
    // Saved, with a photo in its panel; then its history, and its review panel.
    save_and_wait(&c).await;
    let photo = rig._tmp.path().join("anh.jpg");
    std::fs::write(&photo, newsroom_e2e::jpeg(800, 600, 3)).expect("photo");
    choose_photo(&c, &photo).await;
    wait_css(&c, "[data-field=photos] img").await;
    check(&c, &source, "Bài viết, bảng Ảnh", &mut found).await;
    for panel in ["Lịch sử", "Duyệt bài"] {
        click(
            &c,
            &format!("//label[contains(@class, 'toggle') and normalize-space(.)='{panel}']"),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        check(&c, &source, &format!("Bài viết, {panel}"), &mut found).await;
    }
    click(&c, "//button[@role='tab' and contains(., 'Thùng rác')]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    check(&c, &source, "Bài viết, Thùng rác", &mut found).await;
    click(&c, "//button[@role='tab' and @aria-selected='false']").await;

    for view in ["Chờ duyệt", "Ảnh", "Xuất bản", "Cài đặt"] {
        click(&c, &format!("//nav//button[contains(., '{view}')]")).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        check(&c, &source, view, &mut found).await;
    }
    // A profile open for editing, in Settings.
    click(&c, &button("Sửa")).await;
    wait_xpath(&c, "//form[starts-with(@aria-label, 'Sửa hồ sơ')]").await;
    check(&c, &source, "Cài đặt, sửa hồ sơ", &mut found).await;

    // The publish dialog (its checklist) from the article.
    click(&c, "//nav//button[contains(., 'Bài viết')]").await;
    click(&c, "//button[contains(., 'Kiểm tra khả năng tiếp cận')]").await;
    click(&c, &button("Xuất bản…")).await;
    wait_css(&c, "[role=dialog]").await;
    check(&c, &source, "hộp thoại Xuất bản", &mut found).await;

    assert!(
        found.is_empty(),
        "axe, serious or critical:\n{}",
        found.join("\n")
    );
    close(c, driver).await;
}

/// The XSS corpus of the core's tests, one attack per block.
fn attacks() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/newsroom/tests/fixtures/xss-corpus.md");
    std::fs::read_to_string(&path)
        .expect("xss corpus")
        .split("\n-----\n")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// Runs `newsroom` on `data` and returns its standard output, trimmed; fails on an error.
pub(crate) fn run(data: &Path, args: &[&str]) -> String {
    let r = newsroom(data, args, None);
    assert_eq!(r.code, Some(0), "newsroom {args:?}: {}", r.stderr);
    r.stdout.trim().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_exported_pages_pass_axe_in_the_same_engine() {
    let rig = Rig::new();
    let source = axe_source();
    let out = rig._tmp.path().join("goi");
    // An article as the portal prints one, with a lead photo, a second photo and a table.
    let src = rig._tmp.path().join("bai.md");
    std::fs::write(
        &src,
        "Sáng 2/12, Đoàn kiểm tra làm việc tại Sở.\n\n## Kết quả\n\n| Chỉ tiêu | Kết quả |\n| --- | --- |\n| Hồ sơ | 120 |\n\nĐoạn cuối với [liên kết](https://haiphong.gov.vn).",
    )
    .expect("body");
    let id = run(
        &rig.data,
        &[
            "new",
            "--title",
            "Đoàn kiểm tra làm việc tại Sở",
            "--lead",
            "Chiều 2/12, Đoàn Kiểm tra làm việc.",
            "--body-file",
            src.to_str().expect("utf8"),
            "--byline",
            "Hoàng Tùng",
            "--category",
            "Tin tức",
        ],
    );
    let photo = rig._tmp.path().join("anh.jpg");
    std::fs::write(&photo, newsroom_e2e::jpeg(1200, 800, 7)).expect("photo");
    let photo = photo.to_str().expect("utf8");
    // The lead photo, then a second one, each with its caption and alt text.
    for (caption, alt, lead) in [
        (
            "Toàn cảnh buổi làm việc",
            "Đoàn kiểm tra ngồi quanh bàn họp",
            true,
        ),
        ("Lãnh đạo Sở báo cáo", "Lãnh đạo Sở phát biểu", false),
    ] {
        let mut args = vec![
            "photo",
            "add",
            &id,
            photo,
            "--caption",
            caption,
            "--alt",
            alt,
        ];
        if lead {
            args.push("--lead");
        }
        run(&rig.data, &args);
    }
    let mut pages = vec![(
        "bài mẫu".to_string(),
        run(
            &rig.data,
            &["export", &id, "--out", out.to_str().expect("utf8")],
        ),
    )];

    // The corpus, exported with the checks that would block some attacks turned off (as the
    // core's XSS test does), so every attack reaches a page.
    let profile_file = rig._tmp.path().join("ho-so.json");
    run(
        &rig.data,
        &[
            "profile",
            "export",
            "hai-phong",
            "--out",
            profile_file.to_str().expect("utf8"),
        ],
    );
    let mut profile: Value =
        serde_json::from_str(&std::fs::read_to_string(&profile_file).expect("profile"))
            .expect("json");
    profile["id"] = json!("thu-nghiem");
    profile["checks"] = json!({ "foreign_images": "off", "alt": "off" });
    std::fs::write(&profile_file, profile.to_string()).expect("profile");
    run(
        &rig.data,
        &["profile", "import", profile_file.to_str().expect("utf8")],
    );
    for (i, attack) in attacks().iter().enumerate() {
        let body = rig._tmp.path().join(format!("tan-cong-{i}.md"));
        std::fs::write(&body, format!("Mở đầu.\n\n{attack}\n\nĐoạn cuối {attack}")).expect("body");
        let id = run(
            &rig.data,
            &[
                "new",
                "--title",
                &format!("Bài {i} {attack}"),
                "--lead",
                &format!("Sapo {attack}"),
                "--body-file",
                body.to_str().expect("utf8"),
                "--byline",
                &format!("Phóng viên {attack}"),
            ],
        );
        // Figure 1 is a real photo, so `anh:1` in an attack renders with its alt and caption.
        run(&rig.data, &["photo", "add", &id, photo, "--alt", "Ảnh thử"]);
        let folder = run(
            &rig.data,
            &[
                "export",
                &id,
                "--out",
                out.to_str().expect("utf8"),
                "--profile",
                "thu-nghiem",
            ],
        );
        pages.push((format!("tấn công {i}"), folder));
    }
    assert!(pages.len() > 40, "{}", pages.len());

    let (driver, c) = rig.open().await;
    let mut found = Vec::new();
    for (n, (what, folder)) in pages.iter().enumerate() {
        let folder = Path::new(folder.lines().last().unwrap_or_default());
        let index = folder.join("index.html");
        assert!(index.is_file(), "{what}: {}", index.display());
        c.goto(&format!("file://{}", index.display()))
            .await
            .expect("open the page");
        // The page itself is what axe reads (not the app, not an error page).
        let h1 = c
            .execute(
                "const h = document.querySelector('h1'); return h ? h.textContent : '';",
                vec![],
            )
            .await
            .expect("h1");
        let title = if n == 0 {
            "Đoàn kiểm tra".to_string()
        } else {
            format!("Bài {} ", n - 1)
        };
        assert!(
            h1.as_str().is_some_and(|h| h.starts_with(&title)),
            "{what}: h1 {h1}"
        );
        check(&c, &source, &format!("{what}, index.html"), &mut found).await;
    }
    // The fragment for the CMS, as the body of a minimal document in the portal's language.
    let first = Path::new(pages[0].1.lines().last().unwrap_or_default());
    let fragment = std::fs::read_to_string(first.join("article.html")).expect("article.html");
    let wrapped = rig._tmp.path().join("article-doc.html");
    std::fs::write(
        &wrapped,
        format!("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Bài</title></head><body><main>{fragment}</main></body></html>"),
    )
    .expect("write");
    c.goto(&format!("file://{}", wrapped.display()))
        .await
        .expect("open the fragment");
    check(&c, &source, "bài mẫu, article.html", &mut found).await;

    // The check can fail: a page with an image without alt and a button without a name.
    let bad = rig._tmp.path().join("xau.html");
    std::fs::write(&bad, "<!DOCTYPE html><html lang=\"vi\"><head><title>x</title></head><body><main><h1>x</h1><img src=\"a.jpg\"><button></button></main></body></html>").expect("write");
    c.goto(&format!("file://{}", bad.display()))
        .await
        .expect("open");
    let (serious, _) = axe(&c, &source).await;
    let serious = serious.join("\n");
    for rule in ["image-alt", "button-name"] {
        assert!(serious.contains(rule), "{rule}: {serious}");
    }

    assert!(
        found.is_empty(),
        "axe, serious or critical:\n{}",
        found.join("\n")
    );
    close(c, driver).await;
}

/// Text the page shows or gives assistive technology (text, aria-label, title, placeholder, alt)
/// that has Vietnamese letters and is not inside an element marked `lang="vi"` (content in the
/// article's language, which a screen reader must read as Vietnamese) nor quoted between “ and ”
/// (an English message quoting the article's words, or the profile's).
async fn vietnamese_outside_content(c: &Client) -> Vec<String> {
    let found = c
        .execute(
            r#"const letters = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
               const vi = { test: (s) => letters.test(s.replace(/“[^”]*”/g, '')) };
               const content = (el) => (el.closest('[lang]')?.getAttribute('lang') || '').startsWith('vi');
               const shown = (el) => el.getClientRects().length > 0 || el.closest('[role=status],[aria-live]');
               const where = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '');
               const out = [];
               const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
               for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                 const text = n.textContent.trim();
                 const el = n.parentElement;
                 if (!text || !vi.test(text) || content(el) || !shown(el)) continue;
                 if (el.closest('option') && el.closest('select[aria-label]')) {
                   // A language's own name in the language menu ("Tiếng Việt") is right as it is.
                   if (el.closest('option').getAttribute('lang')) continue;
                 }
                 out.push(where(el) + ': ' + text.slice(0, 80));
               }
               for (const el of document.body.querySelectorAll('[aria-label],[title],[placeholder],[alt]')) {
                 for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
                   const v = el.getAttribute(a);
                   if (v && vi.test(v) && !content(el)) out.push(where(el) + ' @' + a + ': ' + v.slice(0, 80));
                 }
               }
               return out;"#,
            vec![],
        )
        .await
        .expect("scan");
    found
        .as_array()
        .expect("list")
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_english_window_shows_no_vietnamese_but_content_and_passes_axe() {
    let rig = Rig::new();
    let source = axe_source();
    let (driver, c) = rig.open().await;
    // A draft in Vietnamese, saved, with a misspelt word: content the English window shows.
    new_draft(&c, "Bài viết tiếng Việt").await;
    type_body(&c, "Đoạn văn có từ sai nguời.").await;
    save_and_wait(&c).await;
    // English, chosen in the language menu as a person does.
    c.find(fantoccini::Locator::Css("select[aria-label='Ngôn ngữ']"))
        .await
        .expect("language menu")
        .select_by_value("en")
        .await
        .expect("choose English");
    wait_xpath(&c, "//nav//button[contains(., 'Articles')]").await;
    let lang = c
        .execute("return document.documentElement.lang;", vec![])
        .await
        .expect("lang");
    assert_eq!(lang, json!("en"));
    let mut found = Vec::new();
    let mut vietnamese = Vec::new();
    for view in ["Articles", "Review", "Photos", "Publish", "Settings"] {
        click(&c, &format!("//nav//button[contains(., '{view}')]")).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        check(&c, &source, view, &mut found).await;
        vietnamese.extend(
            vietnamese_outside_content(&c)
                .await
                .into_iter()
                .map(|v| format!("{view}: {v}")),
        );
    }
    click(&c, "//nav//button[contains(., 'Articles')]").await;
    click(&c, "//button[contains(., 'Bài viết tiếng Việt')]").await;
    wait_css(&c, ".cm-misspelled[data-word='nguời']").await;
    vietnamese.extend(
        vietnamese_outside_content(&c)
            .await
            .into_iter()
            .map(|v| format!("editor: {v}")),
    );
    check(&c, &source, "editor (English)", &mut found).await;
    // The publish dialog: the checklist's items and findings, in English.
    click(&c, &button("Publish…")).await;
    wait_xpath(
        &c,
        "//*[@role='dialog']//*[contains(., 'The article has no lead')]",
    )
    .await;
    vietnamese.extend(
        vietnamese_outside_content(&c)
            .await
            .into_iter()
            .map(|v| format!("publish dialog: {v}")),
    );
    check(&c, &source, "publish dialog (English)", &mut found).await;
    assert!(
        found.is_empty(),
        "axe, serious or critical:\n{}",
        found.join("\n")
    );
    assert!(
        vietnamese.is_empty(),
        "Vietnamese in the English window, outside content:\n{}",
        vietnamese.join("\n")
    );
    // Times in the English form ("30 Nov 2026, 14:05"), not the portal's "30/11/2026 14:05".
    let meta = wait_css(&c, "button.item .item-meta")
        .await
        .text()
        .await
        .expect("meta");
    assert!(has_english_time(&meta), "{meta}");
    // The choice is kept: the window opened again is in English.
    close(c, driver).await;
    let (driver, c) = rig.open().await;
    wait_xpath(&c, "//nav//button[contains(., 'Articles')]").await;
    let lang = c
        .execute("return document.documentElement.lang;", vec![])
        .await
        .expect("lang");
    assert_eq!(lang, json!("en"));
    close(c, driver).await;
}

/// Whether `text` holds a time in the English form: "30 Nov 2026, 14:05".
fn has_english_time(text: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    text.split(" · ").any(|part| {
        let words: Vec<&str> = part.split_whitespace().collect();
        words.windows(4).any(|w| {
            w[0].parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
                && MONTHS.contains(&w[1])
                && w[2]
                    .strip_suffix(',')
                    .is_some_and(|y| y.len() == 4 && y.parse::<u16>().is_ok())
                && w[3].len() == 5
                && w[3].as_bytes()[2] == b':'
        })
    })
}

/// Presses `keys` together (the first ones held, as modifiers), as on a keyboard: real key events
/// to whatever has the focus.
async fn chord(c: &Client, keys: &[char]) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for k in keys {
        actions = actions.then(KeyAction::Down { value: *k });
    }
    for k in keys.iter().rev() {
        actions = actions.then(KeyAction::Up { value: *k });
    }
    c.perform_actions(actions).await.expect("keys");
    c.release_actions().await.expect("release");
}

/// What has the focus: its accessible name as the test finds controls (aria-label, else its
/// label's text, else its own).
async fn focused(c: &Client) -> String {
    let v = c
        .execute(
            "const el = document.activeElement; return el ? (el.getAttribute('aria-label') || (el.labels && el.labels[0] ? el.labels[0].textContent : el.textContent).trim()).slice(0, 60) : '';",
            vec![],
        )
        .await
        .expect("focus");
    v.as_str().unwrap_or_default().to_string()
}

/// Whether the focused element shows it has the focus: an outline (on it, or on the editor that
/// holds it) or a shadow ring. "" when it does, else what has the focus.
async fn focus_unseen(c: &Client) -> String {
    let v = c
        .execute(
            r#"const el = document.activeElement;
               if (!el || el === document.body) return 'nothing has the focus';
               const ring = (e) => {
                 const s = getComputedStyle(e);
                 return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
               };
               const editor = el.closest('.cm-editor');
               if (ring(el) || (editor && ring(editor))) return '';
               const s = getComputedStyle(editor || el);
               return el.outerHTML.slice(0, 80) + ' | ' + (editor ? editor.className : '') + ' | ' + s.outlineStyle + ' ' + s.outlineWidth;"#,
            vec![],
        )
        .await
        .expect("focus style");
    v.as_str().unwrap_or_default().to_string()
}

/// Presses Tab until the control named `name` has the focus, as a keyboard user does, checking at
/// each stop that the focus can be seen; fails after 40 presses.
async fn tab_to(c: &Client, name: &str) {
    for _ in 0..40 {
        // The editor marks itself focused on the next frame: a moment to draw the ring.
        let mut unseen = focus_unseen(c).await;
        for _ in 0..5 {
            if unseen.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            unseen = focus_unseen(c).await;
        }
        assert_eq!(
            unseen, "",
            "the focus cannot be seen on its way to “{name}”"
        );
        if focused(c).await == name {
            return;
        }
        chord(c, &[Key::Tab.into()]).await;
    }
    panic!(
        "Tab never reached “{name}”; the focus is on “{}”",
        focused(c).await
    );
}

/// Types `text` where the focus is (real key events).
async fn type_here(c: &Client, text: &str) {
    c.active_element()
        .await
        .expect("focus")
        .send_keys(text)
        .await
        .expect("type");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_article_goes_from_nothing_to_a_published_package_by_keyboard_alone() {
    let rig = Rig::new();
    let (driver, c) = rig.open().await;
    wait_xpath(&c, &button("Bài viết mới")).await;
    let ctrl: char = Key::Control.into();
    let shift: char = Key::Shift.into();

    // Ctrl+N: a new article, the caret in its title.
    chord(&c, &[ctrl, 'n']).await;
    assert_eq!(focused(&c).await, "Tiêu đề");
    type_here(&c, "Hải Phòng khánh thành cầu mới").await;
    tab_to(&c, "Sapo").await;
    type_here(
        &c,
        "Sáng nay, thành phố khánh thành cầu mới qua sông Lạch Tray.",
    )
    .await;
    tab_to(&c, "Nội dung").await;
    type_here(&c, "Cây cầu dài 500 mét, nối hai quận.").await;
    // Formatting from the keyboard: Ctrl+B in an empty place, the words, out past the marks; a
    // bulleted item from Ctrl+Shift+8.
    chord(&c, &[Key::Enter.into()]).await;
    chord(&c, &[Key::Enter.into()]).await;
    chord(&c, &[ctrl, 'b']).await;
    type_here(&c, "Khánh thành").await;
    chord(&c, &[Key::End.into()]).await;
    type_here(&c, " hôm nay.").await;
    chord(&c, &[Key::Enter.into()]).await;
    chord(&c, &[Key::Enter.into()]).await;
    chord(&c, &[ctrl, shift, '8']).await;
    type_here(&c, "Nối hai quận").await;
    // Ctrl+H: find and replace, typed without marks, Tab to the fields and buttons, Enter.
    chord(&c, &[ctrl, 'h']).await;
    assert_eq!(focused(&c).await, "Tìm");
    type_here(&c, "noi hai").await;
    wait_xpath(
        &c,
        "//*[contains(@class,'find')]//*[@role='status' and normalize-space(.)='1/2']",
    )
    .await;
    tab_to(&c, "Thay bằng").await;
    type_here(&c, "kết nối hai").await;
    tab_to(&c, "Thay tất cả").await;
    chord(&c, &[Key::Enter.into()]).await;
    wait_xpath(
        &c,
        "//*[contains(@class,'find')]//*[@role='status' and normalize-space(.)='Đã thay 2 chỗ']",
    )
    .await;
    // Escape closes the panel, the caret back in the body.
    chord(&c, &[Key::Escape.into()]).await;
    assert_eq!(focused(&c).await, "Nội dung");
    tab_to(&c, "Tác giả").await;
    type_here(&c, "Hoàng Tùng").await;
    tab_to(&c, "Chuyên mục").await;
    type_here(&c, "Tin tức").await;
    // Ctrl+S saves.
    chord(&c, &[ctrl, 's']).await;
    wait_xpath(
        &c,
        "//*[@role='status' and starts-with(normalize-space(.), 'Đã lưu lúc')]",
    )
    .await;

    // Ctrl+F goes to the search field; what is typed there finds the article, without marks.
    chord(&c, &[ctrl, 'f']).await;
    assert_eq!(focused(&c).await, "Tìm bài viết");
    type_here(&c, "khanh thanh").await;
    wait_xpath(
        &c,
        "//li//button[contains(., 'Hải Phòng khánh thành cầu mới')]",
    )
    .await;
    // Tab on, through the list, to the editor's title.
    tab_to(&c, "Tiêu đề").await;

    // Ctrl+Shift+P: the publish dialog, the focus inside it and kept there.
    chord(&c, &[ctrl, shift, 'p']).await;
    wait_xpath(&c, "//*[@role='dialog']//*[@role='status']").await;
    let inside = "return !!document.activeElement.closest('[role=dialog]');";
    assert_eq!(
        c.execute(inside, vec![]).await.expect("inside"),
        json!(true)
    );
    for _ in 0..12 {
        chord(&c, &[Key::Tab.into()]).await;
        assert_eq!(
            c.execute(inside, vec![]).await.expect("inside"),
            json!(true),
            "Tab left the dialog: the focus is on “{}”",
            focused(&c).await
        );
    }
    // Tab to "Xuất bản", Enter: the package is written.
    tab_to(&c, "Xuất bản").await;
    chord(&c, &[Key::Enter.into()]).await;
    let folder = crate::app::published_folder(&c).await;
    for file in [
        "index.html",
        "article.html",
        "article.json",
        "manifest.json",
    ] {
        assert!(
            folder.join(file).is_file(),
            "{file} in {}",
            folder.display()
        );
    }
    let index = std::fs::read_to_string(folder.join("index.html")).expect("index");
    assert!(index.contains("Hải Phòng khánh thành cầu mới"), "{index}");
    for part in [
        "Cây cầu dài 500 mét, kết nối hai quận.",
        "<strong>Khánh thành</strong> hôm nay.",
        "<li>kết nối hai quận</li>",
    ] {
        assert!(index.contains(part), "the page lacks {part}: {index}");
    }
    // Escape closes the dialog and gives the focus back where it was.
    chord(&c, &[Key::Escape.into()]).await;
    c.wait()
        .at_most(Duration::from_secs(5))
        .for_element(fantoccini::Locator::XPath(
            "//body[not(.//*[@role='dialog'])]",
        ))
        .await
        .expect("the dialog closed");
    assert_eq!(focused(&c).await, "Tiêu đề");
    close(c, driver).await;
}
