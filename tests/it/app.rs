//! The real app window, driven as a person would: find controls by their accessible names, type
//! Vietnamese, save, quit, start again.

use std::path::Path;
use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use newsroom_e2e::{Desktop, Driver, binary, kill_hard, newsroom};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

async fn open_app(driver: &Driver) -> Client {
    open_app_at(driver, &binary("toa-soan")).await
}

/// A WebDriver session with the app at `app` (the built one, or the one a package installed).
async fn open_app_at(driver: &Driver, app: &Path) -> Client {
    open_app_with(driver, app, &[]).await
}

/// [`open_app_at`] with the app started with command-line arguments `args`.
async fn open_app_with(driver: &Driver, app: &Path, args: &[&str]) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        json!({ "application": app.to_str().expect("utf8 path"), "args": args }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("WebDriver session with the app")
}

/// tauri-driver on `desktop` with `env` for the app, and a WebDriver session with the app.
pub(crate) async fn start_app(desktop: &Desktop, env: &[(&str, &Path)]) -> (Driver, Client) {
    let driver = Driver::start(desktop, env);
    let c = open_app(&driver).await;
    (driver, c)
}

/// A control by its accessible name as given in `aria-label`.
pub(crate) fn labelled(name: &str) -> String {
    format!("[aria-label=\"{name}\"]")
}

/// A button by its visible text.
pub(crate) fn button(text: &str) -> String {
    format!("//button[normalize-space(.)='{text}']")
}

/// Waits for the publish dialog to say where the package went, and returns that folder.
pub(crate) async fn published_folder(c: &Client) -> std::path::PathBuf {
    let notice = wait_xpath(
        c,
        "//*[@role='dialog']//*[@role='status' and starts-with(normalize-space(.), 'Đã xuất bản vào')]",
    )
    .await;
    let shown = notice.text().await.expect("notice");
    let folder =
        std::path::PathBuf::from(shown.trim().trim_start_matches("Đã xuất bản vào").trim());
    // Every package the window exports is checked against NINJS 1.6 too.
    newsroom_e2e::assert_ninjs(&folder);
    folder
}

/// Publishes the article open in the editor ("Xuất bản…", then "Xuất bản" in its dialog) and
/// returns the package's folder.
pub(crate) async fn publish_open_article(c: &Client) -> std::path::PathBuf {
    click(c, &button("Xuất bản…")).await;
    click(c, &format!("//*[@role='dialog']{}", button("Xuất bản"))).await;
    published_folder(c).await
}

/// Ends the WebDriver session and stops the app and its driver.
pub(crate) async fn close(c: Client, driver: Driver) {
    c.close().await.expect("close session");
    driver.stop();
}

/// Opens a new draft and types its title.
pub(crate) async fn new_draft(c: &Client, title: &str) {
    click(c, &button("Bài viết mới")).await;
    wait_css(c, &labelled("Tiêu đề"))
        .await
        .send_keys(title)
        .await
        .expect("title");
}

/// Clicks "Lưu" and waits for the status to say the draft was saved.
pub(crate) async fn save_and_wait(c: &Client) {
    click(c, &button("Lưu")).await;
    wait_xpath(
        c,
        "//*[@role='status' and starts-with(normalize-space(.), 'Đã lưu lúc')]",
    )
    .await;
}

/// Types `text` into the body editor (a real click into it first).
pub(crate) async fn type_body(c: &Client, text: &str) {
    let editor = wait_css(c, &format!(".cm-content{}", labelled("Nội dung"))).await;
    editor.click().await.expect("focus body");
    editor.send_keys(text).await.expect("type body");
}

/// Chooses the photo at `path` in the photo panel's file field, as a person choosing a file fills it.
pub(crate) async fn choose_photo(c: &Client, path: &Path) {
    c.find(Locator::Css(&format!(
        "input[type=file]{}",
        labelled("Chọn tệp ảnh")
    )))
    .await
    .expect("file field")
    .send_keys(path.to_str().expect("utf8"))
    .await
    .expect("choose the photo");
}

/// Right-clicks the element `css` matches, `dx` pixels into it (at its middle when None), with
/// the real mouse: X pointer events at its place on the screen (the window fills the display).
/// Not WebDriver's pointer actions: after a right click through them, WebKit's driver types only
/// ASCII.
async fn right_click(c: &Client, desktop: &Desktop, css: &str, dx: Option<f64>) {
    click_with(c, desktop, css, dx, 3).await;
}

/// Clicks mouse `button` on the element `css` matches, `dx` pixels into it (its middle when None),
/// with real X pointer events at its place on the screen.
pub(crate) async fn click_with(
    c: &Client,
    desktop: &Desktop,
    css: &str,
    dx: Option<f64>,
    button: u8,
) {
    wait_css(c, css).await;
    click_found(
        c,
        desktop,
        "document.querySelector(arguments[0])",
        json!(css),
        dx,
        button,
    )
    .await;
}

/// Clicks the left button on the element `xpath` finds, at its middle, with real X pointer events.
pub(crate) async fn click_xpath_with(c: &Client, desktop: &Desktop, xpath: &str) {
    wait_xpath(c, xpath).await;
    click_found(
        c,
        desktop,
        "document.evaluate(arguments[0], document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue",
        json!(xpath),
        None,
        1,
    )
    .await;
}

/// Clicks `button` on the element the script expression `find` gives (`arguments[0]` is `arg`),
/// `dx` pixels into it (its middle when None), where it is on the screen (the window fills the
/// display).
async fn click_found(
    c: &Client,
    desktop: &Desktop,
    find: &str,
    arg: Value,
    dx: Option<f64>,
    button: u8,
) {
    let at = c
        .execute(
            &format!(
                r#"const el = {find};
                   const dx = arguments[1];
                   const r = el.getBoundingClientRect();
                   return [window.screenX + r.left + (dx ?? r.width / 2), window.screenY + r.top + r.height / 2];"#
            ),
            vec![arg, json!(dx)],
        )
        .await
        .expect("where it is");
    let xy: Vec<i64> = at
        .as_array()
        .expect("point")
        .iter()
        .map(|v| v.as_f64().expect("number").round() as i64)
        .collect();
    desktop.click_at(xy[0], xy[1], button);
}

/// Waits (at most WAIT) until `done` says so; `what` names it in the failure.
pub(crate) async fn wait_until(done: impl AsyncFn() -> bool, what: &str) {
    let start = std::time::Instant::now();
    while !done().await {
        assert!(start.elapsed() < WAIT, "{what}: not within {WAIT:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub(crate) async fn wait_css(c: &Client, css: &str) -> fantoccini::elements::Element {
    let el = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"));
    in_view(c, el).await
}

pub(crate) async fn wait_xpath(c: &Client, xpath: &str) -> fantoccini::elements::Element {
    let el = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|e| panic!("no element {xpath}: {e}"));
    in_view(c, el).await
}

/// `el` scrolled to the middle of its scrolling box, as a person scrolls to what they want to
/// click: where it lands does not depend on the fonts' metrics or the display's height.
pub(crate) async fn in_view(
    c: &Client,
    el: fantoccini::elements::Element,
) -> fantoccini::elements::Element {
    c.execute(
        "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'}); return true;",
        vec![serde_json::to_value(&el).expect("element reference")],
    )
    .await
    .expect("scroll into view");
    el
}

pub(crate) async fn value_of(el: &fantoccini::elements::Element) -> String {
    el.prop("value").await.expect("value").unwrap_or_default()
}

/// A private display and D-Bus, and a temporary data folder and home for one test.
pub(crate) struct Rig {
    pub(crate) desktop: Desktop,
    pub(crate) _tmp: tempfile::TempDir,
    pub(crate) data: std::path::PathBuf,
    pub(crate) home: std::path::PathBuf,
}

impl Rig {
    pub(crate) fn new() -> Rig {
        let tmp = tempfile::tempdir().expect("tempdir");
        let data = tmp.path().join("du-lieu");
        let home = tmp.path().join("home");
        std::fs::create_dir_all(&home).expect("home");
        Rig {
            desktop: Desktop::start(),
            _tmp: tmp,
            data,
            home,
        }
    }

    /// The app on this rig's display and data, with a WebDriver session.
    pub(crate) async fn open(&self) -> (Driver, Client) {
        start_app(&self.desktop, &app_env(&self.data, &self.home)).await
    }
}

pub(crate) fn app_env<'a>(data: &'a Path, home: &'a Path) -> [(&'static str, &'a Path); 4] {
    [
        ("NEWSROOM_DATA_DIR", data),
        ("HOME", home),
        ("XDG_CONFIG_HOME", home),
        ("XDG_DATA_HOME", home),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draft_written_in_the_window_survives_a_restart() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");

    let title = "Tăng cường quản lý tài nguyên, bảo vệ môi trường ở Hải Phòng";
    let lead = "Chiều 2/12, Đoàn Kiểm tra làm việc tại Sở Tài nguyên và Môi trường.";
    let body = "Đảng ủy Sở đã chú trọng thực hiện các giải pháp.";

    // First run: write and save a draft.
    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    wait_xpath(&c, "//nav//button[contains(., 'Bài viết')]").await;
    wait_xpath(&c, &button("Bài viết mới"))
        .await
        .click()
        .await
        .expect("click new");
    let title_input = wait_css(&c, &labelled("Tiêu đề")).await;
    title_input.send_keys(title).await.expect("type title");
    wait_css(&c, &labelled("Sapo"))
        .await
        .send_keys(lead)
        .await
        .expect("type lead");
    let editor = wait_css(&c, &format!(".cm-content{}", labelled("Nội dung"))).await;
    editor.click().await.expect("focus body");
    editor.send_keys(body).await.expect("type body");
    assert_eq!(value_of(&title_input).await, title, "typed title as shown");
    wait_xpath(&c, &button("Lưu"))
        .await
        .click()
        .await
        .expect("click save");
    let saved = wait_xpath(
        &c,
        "//*[@role='status' and starts-with(normalize-space(.), 'Đã lưu lúc')]",
    )
    .await;
    assert!(
        saved
            .text()
            .await
            .expect("status text")
            .starts_with("Đã lưu lúc")
    );
    wait_xpath(
        &c,
        &format!("//ul[@aria-label='Danh sách bài viết']//button[contains(., '{title}')]"),
    )
    .await;

    // Publish from the window. No byline yet: the checklist blocks it and says where to fix.
    wait_xpath(&c, &button("Xuất bản…"))
        .await
        .click()
        .await
        .expect("click publish");
    let blocked = wait_xpath(
        &c,
        "//*[@role='dialog']//*[@role='status' and starts-with(normalize-space(.), 'Chưa xuất bản được')]",
    )
    .await;
    assert!(blocked.is_displayed().await.expect("shown"));
    let run = wait_xpath(&c, &format!("//*[@role='dialog']{}", button("Xuất bản"))).await;
    assert_eq!(
        run.attr("disabled").await.expect("attr").as_deref(),
        Some("true"),
        "the button must not look as if it worked"
    );
    desktop.screenshot(&shots.join("1-checklist-blocked.png"));
    wait_xpath(
        &c,
        "//*[@role='dialog']//li[contains(., 'Bài chưa có tên tác giả')]//button[normalize-space(.)='Sửa']",
    )
    .await
    .click()
    .await
    .expect("click fix");
    // "Sửa" closes the dialog and puts the cursor in the byline field.
    let byline = wait_css(&c, "[data-field=\"authors\"]").await;
    // The focus moves on the next frame, after the dialog is gone.
    let mut focused = None;
    for _ in 0..40 {
        let active = c.active_element().await.expect("active element");
        focused = active.attr("data-field").await.expect("attr");
        if focused.as_deref() == Some("authors") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(focused.as_deref(), Some("authors"));
    byline.send_keys("Hoàng Tùng").await.expect("type byline");
    wait_xpath(&c, &button("Lưu"))
        .await
        .click()
        .await
        .expect("click save");
    wait_xpath(&c, &button("Xuất bản…"))
        .await
        .click()
        .await
        .expect("click publish again");
    wait_xpath(
        &c,
        "//*[@role='dialog']//*[@role='status' and (starts-with(normalize-space(.), 'Xuất bản được') or starts-with(normalize-space(.), 'Sẵn sàng'))]",
    )
    .await;
    wait_xpath(&c, &format!("//*[@role='dialog']{}", button("Xuất bản")))
        .await
        .click()
        .await
        .expect("click run");
    let folder = published_folder(&c).await;
    desktop.screenshot(&shots.join("1-published.png"));
    assert!(
        folder.starts_with(data.join("exports")),
        "{}",
        folder.display()
    );
    let html = std::fs::read_to_string(folder.join("index.html")).expect("exported index.html");
    assert!(html.contains(title));
    assert!(html.contains(&format!("(Haiphong.gov.vn) - {lead}")));
    assert!(html.contains(body));
    assert!(html.contains("<p class=\"byline\">Hoàng Tùng</p>"));
    assert!(
        folder.with_extension("zip").is_file(),
        "the zip beside the folder"
    );
    let valid = newsroom(&data, &["validate", folder.to_str().expect("utf8")], None);
    assert_eq!(valid.code, Some(0), "{}", valid.stderr);
    // The body fragment goes to the clipboard for pasting into the CMS editor.
    wait_xpath(
        &c,
        &format!("//*[@role='dialog']{}", button("Sao chép HTML")),
    )
    .await
    .click()
    .await
    .expect("copy html");
    wait_xpath(
        &c,
        "//*[@role='dialog']//*[@role='status' and starts-with(normalize-space(.), 'Đã chép HTML')]",
    )
    .await;
    // Read back from the X clipboard by another program, as the CMS's editor would take it.
    let article_html = std::fs::read_to_string(folder.join("article.html")).expect("article.html");
    assert_eq!(desktop.clipboard("text/html"), article_html);
    wait_xpath(&c, &format!("//*[@role='dialog']{}", button("Xong")))
        .await
        .click()
        .await
        .expect("close dialog");

    desktop.screenshot(&shots.join("1-saved.png"));
    c.close().await.expect("close session");
    driver.stop();

    // The CLI sees the same draft in the same data folder, exactly as typed.
    let list = newsroom(&data, &["--json", "list"], None);
    let list: Value = serde_json::from_str(&list.stdout).expect("json");
    assert_eq!(list[0]["title"], title);
    let id = list[0]["id"].as_str().expect("id").to_string();
    let shown = newsroom(&data, &["--json", "show", &id], None);
    let shown: Value = serde_json::from_str(&shown.stdout).expect("json");
    assert_eq!(shown["lead"], lead);
    assert_eq!(shown["body"], body);

    // Second run: the draft is in the list with its exact title, and opens with its text.
    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    let item = wait_xpath(&c, "//ul[@aria-label='Danh sách bài viết']//button").await;
    let item_title = item
        .find(Locator::Css(".item-title"))
        .await
        .expect("title in item")
        .text()
        .await
        .expect("text");
    assert_eq!(item_title, title);
    item.click().await.expect("open draft");
    let title_input = wait_css(&c, &labelled("Tiêu đề")).await;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//*[contains(@class,'cm-content') and contains(., '{body}')]"
        )))
        .await
        .expect("body shown in the editor");
    assert_eq!(value_of(&title_input).await, title);
    desktop.screenshot(&shots.join("2-reopened.png"));

    // Undo stays with its article: the editor showed an empty draft before this one was opened,
    // and Ctrl+Z (real keys, into the body clicked with the real mouse) undoes what was typed
    // here, never the opening itself.
    let body_css = format!(".cm-content{}", labelled("Nội dung"));
    let body_text = async || {
        wait_css(&c, &body_css)
            .await
            .text()
            .await
            .expect("body text")
    };
    click_with(&c, &desktop, &body_css, None, 1).await;
    desktop.keys(&["End", "x"]);
    wait_until(
        async || body_text().await == format!("{body}x"),
        "the typed x",
    )
    .await;
    desktop.keys(&["ctrl+z"]);
    wait_until(async || body_text().await == body, "the x undone").await;
    // A second Ctrl+Z has nothing of this article to undo; the key typed after it shows it was
    // handled.
    desktop.keys(&["ctrl+z", "End", "y"]);
    wait_until(async || body_text().await.ends_with('y'), "the typed y").await;
    assert_eq!(
        body_text().await,
        format!("{body}y"),
        "Ctrl+Z went past the article's opening"
    );
    desktop.keys(&["ctrl+z"]);
    wait_until(async || body_text().await == body, "the y undone").await;

    // Ctrl+S saves an edit without touching the mouse.
    title_input
        .send_keys(" (bản sửa)")
        .await
        .expect("edit title");
    title_input
        .send_keys(&format!(
            "{}s{}",
            char::from(Key::Control),
            char::from(Key::Null)
        ))
        .await
        .expect("Ctrl+S");
    wait_xpath(
        &c,
        "//ul[@aria-label='Danh sách bài viết']//button[contains(., '(bản sửa)')]",
    )
    .await;

    // History: two revisions, and the word diff shows what was added.
    wait_xpath(&c, "//label[normalize-space(.)='Lịch sử']/input")
        .await
        .click()
        .await
        .expect("open history");
    wait_xpath(&c, "//ol[@aria-label='Các bản đã lưu']/li[2]").await;
    let added = wait_xpath(&c, "//*[@aria-label='Khác biệt']//ins").await;
    assert_eq!(added.text().await.expect("ins").trim(), "(bản sửa)");
    desktop.screenshot(&shots.join("2b-history.png"));
    c.close().await.expect("close session");
    driver.stop();
    let shown = newsroom(&data, &["--json", "show", &id], None);
    let shown: Value = serde_json::from_str(&shown.stdout).expect("json");
    assert_eq!(shown["title"], format!("{title} (bản sửa)"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autosaved_text_survives_a_killed_app() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let title = "Hội nghị Ban Chấp hành Đảng bộ thành phố";
    let body = "Sáng nay, Thành ủy Hải Phòng tổ chức hội nghị lần thứ 12.";

    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    wait_xpath(&c, &button("Bài viết mới"))
        .await
        .click()
        .await
        .expect("new");
    wait_css(&c, &labelled("Tiêu đề"))
        .await
        .send_keys(title)
        .await
        .expect("title");
    let editor = wait_css(&c, &format!(".cm-content{}", labelled("Nội dung"))).await;
    editor.click().await.expect("focus body");
    editor.send_keys(body).await.expect("type body");
    // Nobody presses Save: the editor saves by itself and says so.
    let status = "//*[@role='status' and starts-with(normalize-space(.), 'Đã lưu lúc')]";
    wait_xpath(&c, status).await;
    // What the indicator calls saved must be the whole text (not an earlier autosave).
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//ul[@aria-label='Danh sách bài viết']//button[contains(., '{title}')]"
        )))
        .await
        .expect("listed");
    let shown = newsroom(&data, &["--json", "list"], None);
    let id = serde_json::from_str::<Value>(&shown.stdout).expect("json")[0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let mut saved_body = String::new();
    for _ in 0..100 {
        let a = newsroom(&data, &["--json", "show", &id], None);
        saved_body = serde_json::from_str::<Value>(&a.stdout).expect("json")["body"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if saved_body == body {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(saved_body, body, "the autosave holds the whole text");

    // Pull the plug.
    let killed = kill_hard(&binary("toa-soan"));
    assert!(killed >= 1, "the app was running");
    drop(c);
    driver.stop();

    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    wait_xpath(
        &c,
        &format!("//ul[@aria-label='Danh sách bài viết']//button[contains(., '{title}')]"),
    )
    .await
    .click()
    .await
    .expect("open");
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//*[contains(@class,'cm-content') and contains(., '{body}')]"
        )))
        .await
        .expect("the text is back after the kill");

    // The search box finds it typed without marks, as people type.
    wait_css(&c, &labelled("Tìm bài viết"))
        .await
        .send_keys("hoi nghi ban chap hanh dang bo")
        .await
        .expect("type query");
    wait_xpath(
        &c,
        "//ul[@aria-label='Danh sách bài viết']//mark[normalize-space(.)='hội']",
    )
    .await;
    let items = c
        .find_all(Locator::XPath("//ul[@aria-label='Danh sách bài viết']/li"))
        .await
        .expect("items");
    assert_eq!(items.len(), 1);
    assert!(items[0].text().await.expect("text").contains(title));
    wait_css(&c, &labelled("Tìm bài viết"))
        .await
        .send_keys(" khong co")
        .await
        .expect("type more");
    wait_xpath(&c, "//p[contains(., 'Không có bài nào khớp.')]").await;
    desktop.screenshot(
        &newsroom_e2e::target_dir()
            .join("e2e-shots")
            .join("3-search.png"),
    );
    c.close().await.expect("close");
    driver.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_window_saves_what_was_typed() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    wait_xpath(&c, &button("Bài viết mới"))
        .await
        .click()
        .await
        .expect("new");
    wait_css(&c, &labelled("Tiêu đề"))
        .await
        .send_keys("Đóng cửa sổ ngay sau khi gõ")
        .await
        .expect("title");
    // Close at once, before the autosave's quiet time has passed, as the title bar's × does.
    let closed = std::process::Command::new("/usr/bin/python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tools/wm_close.py"))
        .arg("Tòa soạn")
        .env("DISPLAY", &desktop.display)
        .status()
        .expect("run wm_close.py");
    assert!(closed.success(), "no window to close");
    let app = binary("toa-soan");
    let start = std::time::Instant::now();
    while !newsroom_e2e::pids_of(&app).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "the window did not close within 3 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(c);
    driver.stop();
    let list = newsroom(&data, &["--json", "list"], None);
    let list: Value = serde_json::from_str(&list.stdout).expect("json");
    assert_eq!(list[0]["title"], "Đóng cửa sổ ngay sau khi gõ");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_and_restore_from_settings_then_merge_a_conflict() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    let kept = "Bài trước khi sao lưu";
    let made = newsroom(
        &data,
        &["new", "--title", kept, "--lead", "Sapo gốc."],
        None,
    );
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let list: Value =
        serde_json::from_str(&newsroom(&data, &["--json", "list"], None).stdout).expect("json");
    let id = list[0]["id"].as_str().expect("id").to_string();

    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    wait_xpath(
        &c,
        &format!("//ul[@aria-label='Danh sách bài viết']//button[contains(., '{kept}')]"),
    )
    .await;

    // Back up from Settings: the path offered is in the user's folders; type another.
    wait_xpath(&c, "//nav//button[contains(., 'Cài đặt')]")
        .await
        .click()
        .await
        .expect("open settings");
    let path_field = wait_css(&c, &labelled("Lưu bản sao lưu vào tệp")).await;
    let start = std::time::Instant::now();
    while value_of(&path_field).await.is_empty() {
        assert!(start.elapsed() < WAIT, "no default backup path");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let offered = value_of(&path_field).await;
    assert!(
        offered.starts_with(home.to_str().expect("utf8")) && offered.ends_with(".zip"),
        "{offered}"
    );
    let file = home.join("sao lưu.zip");
    path_field.clear().await.expect("clear path");
    path_field
        .send_keys(file.to_str().expect("utf8"))
        .await
        .expect("type path");
    wait_xpath(&c, &button("Sao lưu"))
        .await
        .click()
        .await
        .expect("back up");
    wait_xpath(
        &c,
        "//*[@role='status' and starts-with(normalize-space(.), 'Đã sao lưu 1 bài viết')]",
    )
    .await;
    assert!(file.is_file(), "backup written");

    // A draft made after the backup, by the CLI beside the running app.
    let later = newsroom(&data, &["new", "--title", "Bài sau khi sao lưu"], None);
    assert_eq!(later.code, Some(0), "{}", later.stderr);

    // Restore: the file is checked and described first, then restored on a second click.
    wait_css(&c, &labelled("Tệp sao lưu"))
        .await
        .send_keys(file.to_str().expect("utf8"))
        .await
        .expect("type backup file");
    wait_xpath(&c, &button("Kiểm tra tệp"))
        .await
        .click()
        .await
        .expect("check");
    wait_xpath(
        &c,
        "//p[contains(normalize-space(.), '1 bài viết, phiên bản ứng dụng')]",
    )
    .await;
    crate::a11y::assert_axe_clean(&c, "Cài đặt, xác nhận khôi phục").await;
    wait_xpath(&c, &button("Khôi phục, thay dữ liệu hiện tại"))
        .await
        .click()
        .await
        .expect("restore");
    wait_xpath(
        &c,
        "//*[@role='status' and contains(normalize-space(.), 'Đã khôi phục 1 bài viết.')]",
    )
    .await;
    desktop.screenshot(&shots.join("4-restored.png"));
    let aside: Vec<_> = std::fs::read_dir(&data)
        .expect("data folder")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("before-restore-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "the replaced data is kept aside");

    // The list shows the newsroom as it was backed up.
    wait_xpath(&c, "//nav//button[contains(., 'Bài viết')]")
        .await
        .click()
        .await
        .expect("back to articles");
    let item = wait_xpath(
        &c,
        &format!("//ul[@aria-label='Danh sách bài viết']//button[contains(., '{kept}')]"),
    )
    .await;
    let rows = c
        .find_all(Locator::XPath(
            "//ul[@aria-label='Danh sách bài viết']//button[contains(@class,'item')]",
        ))
        .await
        .expect("rows");
    assert_eq!(rows.len(), 1, "the later draft went with the replaced data");

    // Merge: the editor changes the lead from the CLI while the title is being changed here.
    item.click().await.expect("open draft");
    let title_input = wait_css(&c, &labelled("Tiêu đề")).await;
    let start = std::time::Instant::now();
    while value_of(&title_input).await != kept {
        assert!(start.elapsed() < WAIT, "draft did not open");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let edited = newsroom(
        &data,
        &[
            "edit",
            &id,
            "--base-revision",
            "1",
            "--lead",
            "Sapo do biên tập viên sửa.",
        ],
        None,
    );
    assert_eq!(edited.code, Some(0), "{}", edited.stderr);
    title_input
        .send_keys(" và bản của phóng viên")
        .await
        .expect("edit title");
    wait_xpath(&c, &button("Gộp"))
        .await
        .click()
        .await
        .expect("merge");
    wait_xpath(
        &c,
        "//*[@role='status' and normalize-space(.)='Đã gộp. Hãy xem lại rồi lưu.']",
    )
    .await;
    assert_eq!(
        value_of(&wait_css(&c, &labelled("Sapo")).await).await,
        "Sapo do biên tập viên sửa.",
        "the other side's lead is in the form"
    );
    wait_xpath(&c, &button("Lưu"))
        .await
        .click()
        .await
        .expect("save");
    wait_xpath(
        &c,
        "//*[@role='status' and starts-with(normalize-space(.), 'Đã lưu lúc')]",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    desktop.screenshot(&shots.join("5-merged.png"));
    c.close().await.expect("close session");
    driver.stop();
    let shown: Value =
        serde_json::from_str(&newsroom(&data, &["--json", "show", &id], None).stdout)
            .expect("json");
    assert_eq!(shown["title"], format!("{kept} và bản của phóng viên"));
    assert_eq!(shown["lead"], "Sapo do biên tập viên sửa.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_added_in_the_window_shows_in_the_preview_with_its_caption() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    let photo = home.join("Cát Bà.jpg");
    let made = std::process::Command::new("convert")
        .args([
            "-size",
            "2400x1600",
            "gradient:teal-khaki",
            "-quality",
            "90",
        ])
        .arg(&photo)
        .status()
        .expect("run convert");
    assert!(made.success());

    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    wait_xpath(&c, &button("Bài viết mới"))
        .await
        .click()
        .await
        .expect("new");
    wait_css(&c, &labelled("Tiêu đề"))
        .await
        .send_keys("Du lịch Cát Bà mùa thu")
        .await
        .expect("title");
    type_body(&c, "Đoạn mở đầu về đảo.").await;
    wait_xpath(&c, &button("Lưu"))
        .await
        .click()
        .await
        .expect("save");
    wait_xpath(
        &c,
        "//*[@role='status' and starts-with(normalize-space(.), 'Đã lưu lúc')]",
    )
    .await;

    // The page's file field, as a person choosing a file would fill it.
    choose_photo(&c, &photo).await;
    wait_css(&c, &labelled("Ảnh 1 trong bài")).await;
    // The figure's line is in the text, drawn as the photo (the body reads as published).
    wait_css(&c, ".cm-content .cm-lp-figure[data-figure='1'] img").await;
    let alt = wait_css(&c, &labelled("Mô tả ảnh (alt)")).await;
    alt.send_keys("Bãi biển Cát Cò 1 nhìn từ trên cao")
        .await
        .expect("alt");
    let caption = wait_css(&c, &labelled("Chú thích")).await;
    caption.click().await.expect("focus caption");
    caption
        .send_keys("Bãi Cát Cò 1 sáng 3/12")
        .await
        .expect("caption");
    wait_css(&c, &labelled("Tiêu đề"))
        .await
        .click()
        .await
        .expect("leave the field");
    // Drawn with its alt text and caption; written into the figure's line, as "Mã Markdown"
    // (a real click) shows it.
    wait_xpath(
        &c,
        "//*[contains(@class,'cm-lp-figure') and .//img[@alt='Bãi biển Cát Cò 1 nhìn từ trên cao'] and .//*[contains(@class,'cm-lp-caption') and .='Bãi Cát Cò 1 sáng 3/12']]",
    )
    .await;
    click_with(&c, &desktop, "button.tool-raw", None, 1).await;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//*[contains(@class,'cm-content') and contains(., '![Bãi biển Cát Cò 1 nhìn từ trên cao](anh:1 \"Bãi Cát Cò 1 sáng 3/12\")')]",
        ))
        .await
        .expect("alt and caption written into the figure's line");
    click_with(&c, &desktop, "button.tool-raw", None, 1).await;
    wait_css(&c, "button.tool-raw[aria-pressed='false']").await;

    // The preview shows the figure, its caption under it.
    wait_xpath(&c, "//label[normalize-space(.)='Xem trước']/input")
        .await
        .click()
        .await
        .expect("preview");
    let frame = wait_css(&c, "iframe.preview").await;
    let start = std::time::Instant::now();
    let page = loop {
        let doc = frame
            .attr("srcdoc")
            .await
            .expect("srcdoc")
            .unwrap_or_default();
        if doc.contains("<figcaption>") {
            break doc;
        }
        assert!(start.elapsed() < WAIT, "no figure in the preview: {doc}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        page.contains("<figcaption>Bãi Cát Cò 1 sáng 3/12</figcaption>"),
        "{page}"
    );
    assert!(page.contains("alt=\"Bãi biển Cát Cò 1 nhìn từ trên cao\""));
    assert!(page.contains("src=\"data:image/jpeg;base64,"));
    c.enter_frame(0).await.expect("into the preview");
    let shown = c
        .find(Locator::Css("figure figcaption"))
        .await
        .expect("figcaption shown")
        .text()
        .await
        .expect("text");
    assert_eq!(shown.trim(), "Bãi Cát Cò 1 sáng 3/12");
    c.enter_parent_frame().await.expect("back");
    tokio::time::sleep(Duration::from_millis(800)).await;
    desktop.screenshot(&shots.join("6-photo.png"));
    wait_xpath(&c, &button("Lưu"))
        .await
        .click()
        .await
        .expect("save");
    wait_xpath(
        &c,
        "//*[@role='status' and starts-with(normalize-space(.), 'Đã lưu lúc')]",
    )
    .await;
    // The library keeps a description with the photo (not the caption).
    wait_xpath(&c, "//nav//button[normalize-space(.)='Ảnh']")
        .await
        .click()
        .await
        .expect("open the library");
    let card = wait_css(&c, "li.card[aria-label='Cát Bà.jpg']").await;
    let description = card
        .find(Locator::Css(&labelled("Mô tả trong thư viện")))
        .await
        .expect("description field");
    description
        .send_keys("Bãi Cát Cò 1, đảo Cát Bà")
        .await
        .expect("describe");
    wait_css(&c, &labelled("Tìm ảnh: tên tệp, mô tả, tác giả"))
        .await
        .click()
        .await
        .expect("leave the field");
    wait_xpath(&c, "//*[@role='status' and normalize-space(.)='Đã lưu']").await;
    c.close().await.expect("close session");
    driver.stop();

    let list: Value =
        serde_json::from_str(&newsroom(&data, &["--json", "list"], None).stdout).expect("json");
    let id = list[0]["id"].as_str().expect("id").to_string();
    let figs: Value =
        serde_json::from_str(&newsroom(&data, &["--json", "photo", "list", &id], None).stdout)
            .expect("json");
    assert_eq!(figs[0]["caption"], "Bãi Cát Cò 1 sáng 3/12");
    assert_eq!(figs[0]["lead"], true, "the first photo is the lead photo");
    assert_eq!(figs[0]["photo"]["original_name"], "Cát Bà.jpg");
    assert_eq!(figs[0]["photo"]["description"], "Bãi Cát Cò 1, đảo Cát Bà");
    assert_eq!(
        figs[0]["photo"]["renditions"].as_array().map(Vec::len),
        Some(3)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_edited_in_settings_shapes_a_batch_export() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    // Two ready articles and one without a byline, written with the CLI on the same data.
    let mut ids = Vec::new();
    for (title, byline) in [
        ("Cảng Hải Phòng đón tàu lớn", "Minh Anh"),
        ("Đồ Sơn mở cửa mùa du lịch", "Hoàng Tùng"),
        ("Tin chưa có tác giả", ""),
    ] {
        let mut args = vec![
            "new",
            "--title",
            title,
            "--lead",
            "Sáng 3/12.",
            "--body-file",
            "-",
            "--published",
            "2020-12-03 08:00",
        ];
        if !byline.is_empty() {
            args.extend(["--byline", byline]);
        }
        let made = newsroom(&data, &args, Some("Nội dung bài."));
        assert_eq!(made.code, Some(0), "{}", made.stderr);
        ids.push(made.stdout.trim().to_string());
    }

    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    // Settings: edit the built-in profile's lead prefix and save it.
    wait_xpath(&c, "//nav//button[contains(., 'Cài đặt')]")
        .await
        .click()
        .await
        .expect("settings");
    wait_xpath(
        &c,
        "//ul[@aria-label='Các hồ sơ cổng']/li[contains(., 'hai-phong')]//button[normalize-space(.)='Sửa']",
    )
    .await
    .click()
    .await
    .expect("edit profile");
    let prefix = wait_xpath(
        &c,
        "//form//label[span[normalize-space(.)='Tiền tố sapo']]/input",
    )
    .await;
    prefix.clear().await.expect("clear");
    prefix.send_keys("(HP) - ").await.expect("type prefix");
    desktop.screenshot(&shots.join("6-profile-edit.png"));
    wait_xpath(&c, &button("Lưu hồ sơ"))
        .await
        .click()
        .await
        .expect("save profile");
    wait_xpath(
        &c,
        "//*[@role='status' and starts-with(normalize-space(.), 'Đã lưu hồ sơ')]",
    )
    .await;
    let shown = newsroom(&data, &["profile", "show"], None);
    let shown: Value = serde_json::from_str(&shown.stdout).expect("json");
    assert_eq!(shown["lead_prefix"], "(HP) - ");

    // Xuất bản: the blocked article says why; the ready ones go together, with progress.
    wait_xpath(&c, "//nav//button[contains(., 'Xuất bản')]")
        .await
        .click()
        .await
        .expect("publish view");
    wait_xpath(
        &c,
        "//table[@aria-label='Các bài có thể xuất bản']//tr[contains(., 'Tin chưa có tác giả') and contains(., 'Bài chưa có tên tác giả')]",
    )
    .await;
    wait_xpath(
        &c,
        "//table[@aria-label='Các bài có thể xuất bản']//tr[contains(., 'Đồ Sơn') and contains(., 'Xuất bản được')]",
    )
    .await;
    wait_xpath(&c, &button("Chọn các bài sẵn sàng"))
        .await
        .click()
        .await
        .expect("select ready");
    wait_xpath(&c, &button("Xuất bản 2 bài đã chọn"))
        .await
        .click()
        .await
        .expect("run batch");
    wait_xpath(
        &c,
        "//*[@role='status' and normalize-space(.)='Đã xong 2/2']",
    )
    .await;
    wait_xpath(
        &c,
        "//table//tr[contains(., 'Cảng Hải Phòng') and contains(., 'Đã xuất bản')]",
    )
    .await;
    desktop.screenshot(&shots.join("6-batch.png"));
    c.close().await.expect("close session");
    driver.stop();

    let exports = data.join("exports");
    for slug in ["cang-hai-phong-don-tau-lon", "do-son-mo-cua-mua-du-lich"] {
        let folder = exports.join(slug);
        let html = std::fs::read_to_string(folder.join("index.html")).expect("index");
        assert!(html.contains("(HP) - Sáng 3/12."), "{html}");
        assert!(exports.join(format!("{slug}.zip")).is_file());
        let valid = newsroom(&data, &["validate", folder.to_str().expect("utf8")], None);
        assert_eq!(valid.code, Some(0), "{}", valid.stderr);
    }
    assert!(
        !exports.join("tin-chua-co-tac-gia").exists(),
        "the blocked one is not exported"
    );
}

/// Adds `people` (name, role) in Settings, the first one (an admin) in solo mode, the others by
/// the admin it signs in; waits for each to be confirmed.
async fn add_people(c: &Client, people: &[(&str, &str)]) {
    click(c, "//nav//button[contains(., 'Cài đặt')]").await;
    for (i, (name, role)) in people.iter().enumerate() {
        wait_css(c, &labelled("Họ tên"))
            .await
            .send_keys(name)
            .await
            .expect("name");
        if i > 0 {
            click(
                c,
                &format!("//select[@aria-label='Vai trò']/option[@value='{role}']"),
            )
            .await;
        }
        click(
            c,
            "//form[@aria-label='Thêm người dùng']//button[@type='submit']",
        )
        .await;
        wait_xpath(
            c,
            &format!("//*[@role='status' and normalize-space(.)='Đã thêm {name}.']"),
        )
        .await;
    }
}

/// Signs in as `name` through "Đổi người" (or the dialog that is already open).
async fn sign_in_as(c: &Client, name: &str) {
    sign_in_with(c, name, None).await;
}

/// Signs in as `name`, typing `pin` when given.
async fn sign_in_with(c: &Client, name: &str, pin: Option<&str>) {
    if c.find(Locator::XPath(
        "//*[@role='dialog' and .//h2[normalize-space(.)='Đăng nhập']]",
    ))
    .await
    .is_err()
    {
        wait_xpath(c, &button("Đổi người"))
            .await
            .click()
            .await
            .expect("switch user");
    }
    wait_xpath(
        c,
        &format!("//*[@role='dialog']//label[.//strong[normalize-space(.)='{name}']]/input"),
    )
    .await
    .click()
    .await
    .expect("choose person");
    if let Some(pin) = pin {
        wait_css(c, &format!("[role='dialog'] {}", labelled("Mã PIN")))
            .await
            .send_keys(pin)
            .await
            .expect("type PIN");
    }
    wait_xpath(c, &format!("//*[@role='dialog']{}", button("Đăng nhập")))
        .await
        .click()
        .await
        .expect("sign in");
    wait_xpath(
        c,
        &format!("//*[@aria-label='Người đang làm việc']//*[@role='status' and starts-with(normalize-space(.), '{name} (')]"),
    )
    .await;
}

/// Selects `phrase` in the body editor with the real mouse (press at its start, drag to its end,
/// let go: X pointer events), or clicks right after it with `after`.
pub(crate) async fn select_in_body(c: &Client, desktop: &Desktop, phrase: &str, after: bool) {
    let at = c
        .execute(
            r#"const [phrase] = arguments;
               const el = document.querySelector('.cm-content[aria-label="Nội dung"]');
               // The line that holds the phrase, and the text node and offset of each of its ends.
               for (const line of el.querySelectorAll('.cm-line')) {
                 const at = line.textContent.indexOf(phrase);
                 if (at < 0) continue;
                 line.scrollIntoView({ block: 'center' });
                 const place = (offset) => {
                   const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
                   let seen = 0;
                   for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                     if (offset <= seen + n.data.length) return [n, offset - seen];
                     seen += n.data.length;
                   }
                   return null;
                 };
                 const point = (offset) => {
                   const [n, o] = place(offset);
                   const r = document.createRange();
                   r.setStart(n, o);
                   r.setEnd(n, o);
                   const box = r.getClientRects()[0] || r.getBoundingClientRect();
                   return [box.left, (box.top + box.bottom) / 2];
                 };
                 const a = point(at);
                 const b = point(at + phrase.length);
                 return [window.screenX + a[0] + 1, window.screenY + a[1], window.screenX + b[0] - 1, window.screenY + b[1]];
               }
               return null;"#,
            vec![json!(phrase)],
        )
        .await
        .expect("where the phrase is");
    let at: Vec<i64> = at
        .as_array()
        .unwrap_or_else(|| panic!("{phrase} is not in the body"))
        .iter()
        .map(|v| v.as_f64().expect("number").round() as i64)
        .collect();
    if after {
        desktop.click_at(at[2] + 2, at[3], 1);
    } else {
        desktop.drag_select((at[0], at[1]), (at[2], at[3]));
    }
    // CodeMirror reads the DOM selection on the next frame.
    tokio::time::sleep(Duration::from_millis(150)).await;
}

pub(crate) async fn click(c: &Client, xpath: &str) {
    wait_xpath(c, xpath)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {xpath}: {e}"));
}

async fn state_is(c: &Client, label: &str) {
    wait_xpath(
        c,
        &format!("//aside//*[@role='status' and @aria-label='Trạng thái:' and normalize-space(.)='{label}']"),
    )
    .await;
}

/// Opens the article titled `title` from the review queue.
async fn open_from_queue(c: &Client, title: &str) {
    click(c, "//nav//button[contains(., 'Chờ duyệt')]").await;
    click(
        c,
        &format!(
            "//div[@class='review' or contains(@class,'review')]//li/button[contains(., '{title}')]"
        ),
    )
    .await;
    // The editor shows that article: its Title field holds the title (the field's value, which
    // the page sets as a property, not as an attribute an XPath could see).
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let field = wait_css(c, &labelled("Tiêu đề")).await;
        let shown = value_of(&field).await;
        if shown == title {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the editor did not open “{title}”: its title is “{shown}”"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reporter_editor_and_staff_take_an_article_through_review() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;

    // Settings: the first profile (an admin) turns review on; the admin adds the others.
    add_people(
        &c,
        &[
            ("Lan", "admin"),
            ("Minh", "reporter"),
            ("Hà", "editor"),
            ("Tú", "staff"),
        ],
    )
    .await;
    wait_xpath(&c, "//*[@aria-label='Người đang làm việc']//*[starts-with(normalize-space(.), 'Lan (quản trị)')]").await;

    // Minh writes and submits.
    sign_in_as(&c, "Minh").await;
    click(&c, "//nav//button[contains(., 'Bài viết')]").await;
    click(&c, &button("Bài viết mới")).await;
    let title = "Cầu Hoàng Văn Thụ thông xe";
    wait_css(&c, &labelled("Tiêu đề"))
        .await
        .send_keys(title)
        .await
        .expect("title");
    wait_css(&c, &labelled("Sapo"))
        .await
        .send_keys("Sáng 3/12, cầu thông xe.")
        .await
        .expect("lead");
    let body = wait_css(&c, &format!(".cm-content{}", labelled("Nội dung"))).await;
    body.click().await.expect("focus body");
    body.send_keys("Cầu dài 500 mét.").await.expect("body");
    wait_css(&c, "[data-field=\"authors\"]")
        .await
        .send_keys("Minh")
        .await
        .expect("byline");
    save_and_wait(&c).await;
    click(&c, "//label[normalize-space(.)='Duyệt bài']/input").await;
    state_is(&c, "Nháp").await;
    click(&c, &format!("//aside{}", button("Gửi duyệt"))).await;
    state_is(&c, "Chờ duyệt").await;

    // Hà takes it from the queue, comments on a phrase, and sends it back.
    sign_in_as(&c, "Hà").await;
    open_from_queue(&c, title).await;
    click(&c, "//label[normalize-space(.)='Duyệt bài']/input").await;
    click(&c, &format!("//aside{}", button("Nhận biên tập"))).await;
    state_is(&c, "Đang biên tập").await;
    select_in_body(&c, &desktop, "Cầu dài 500 mét.", false).await;
    wait_css(&c, &labelled("Viết lời bình…"))
        .await
        .send_keys("Ghi rõ chiều rộng cầu")
        .await
        .expect("comment");
    click(&c, &format!("//aside{}", button("Bình đoạn đang chọn"))).await;
    wait_xpath(&c, "//aside//li[.//button[contains(., 'Cầu dài 500 mét.')] and contains(., 'Ghi rõ chiều rộng cầu')]").await;
    wait_css(&c, ".cm-commented").await;
    click(&c, &format!("//aside{}", button("Yêu cầu sửa"))).await;
    wait_css(&c, &labelled("Ghi chú")).await;
    crate::a11y::assert_axe_clean(&c, "Duyệt bài, yêu cầu sửa").await;
    wait_css(&c, &labelled("Ghi chú"))
        .await
        .send_keys("Thêm số liệu")
        .await
        .expect("note");
    click(
        &c,
        &format!("//aside//*[@role='alertdialog']{}", button("Xác nhận")),
    )
    .await;
    state_is(&c, "Yêu cầu sửa").await;
    desktop.screenshot(&shots.join("7-changes-requested.png"));

    // Minh sees the comment in the margin, replies, fixes, resubmits.
    sign_in_as(&c, "Minh").await;
    open_from_queue(&c, title).await;
    click(&c, "//label[normalize-space(.)='Duyệt bài']/input").await;
    wait_xpath(&c, "//aside//li[contains(., 'Ghi rõ chiều rộng cầu')]").await;
    click(
        &c,
        &format!(
            "//aside//li[contains(., 'Ghi rõ chiều rộng cầu')]{}",
            button("Trả lời")
        ),
    )
    .await;
    wait_css(&c, &labelled("Viết lời bình…"))
        .await
        .send_keys("Đã thêm")
        .await
        .expect("reply");
    click(&c, &format!("//aside{}", button("Gửi trả lời"))).await;
    wait_xpath(
        &c,
        "//aside//p[contains(@class,'reply') and contains(., 'Đã thêm')]",
    )
    .await;
    select_in_body(&c, &desktop, "Cầu dài 500 mét.", true).await;
    let body = wait_css(&c, &format!(".cm-content{}", labelled("Nội dung"))).await;
    // At a person's pace: the end of a highlighted comment is where the text goes.
    for ch in " Mặt cầu rộng 20 mét.".chars() {
        body.send_keys(&ch.to_string()).await.expect("fix");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    desktop.screenshot(&shots.join("7-fixed.png"));
    save_and_wait(&c).await;
    click(&c, &format!("//aside{}", button("Gửi duyệt"))).await;
    state_is(&c, "Chờ duyệt").await;

    // Hà sees what changed since her review and approves.
    sign_in_as(&c, "Hà").await;
    open_from_queue(&c, title).await;
    click(&c, "//label[normalize-space(.)='Duyệt bài']/input").await;
    wait_xpath(&c, "//aside//ins[contains(., 'rộng 20')]").await;
    desktop.screenshot(&shots.join("7-review-diff.png"));
    // The comment was answered: Hà marks it done. It stays, marked, and leaves the text unmarked.
    click(
        &c,
        &format!(
            "//aside//li[contains(., 'Ghi rõ chiều rộng cầu')]{}",
            button("Xong")
        ),
    )
    .await;
    wait_xpath(
        &c,
        "//aside//li[contains(@class,'resolved') and contains(., 'Ghi rõ chiều rộng cầu') and contains(., 'xong: Hà')]",
    )
    .await;
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//body[not(.//*[contains(@class,'cm-commented')])]",
        ))
        .await
        .expect("the resolved comment's highlight is gone");
    click(&c, &format!("//aside{}", button("Nhận biên tập"))).await;
    click(&c, &format!("//aside{}", button("Duyệt"))).await;
    click(
        &c,
        &format!("//aside//*[@role='alertdialog']{}", button("Xác nhận")),
    )
    .await;
    state_is(&c, "Đã duyệt").await;
    desktop.screenshot(&shots.join("7-approved.png"));

    // Tú publishes.
    sign_in_as(&c, "Tú").await;
    open_from_queue(&c, title).await;
    let folder = publish_open_article(&c).await;
    desktop.screenshot(&shots.join("7-published.png"));
    c.close().await.expect("close session");
    driver.stop();

    // The package is what Hà approved, until one byte of its page changes.
    let ok = newsroom(&data, &["verify", folder.to_str().expect("utf8")], None);
    assert_eq!(ok.code, Some(0), "{}", ok.stderr);
    assert!(
        ok.stdout.contains("Gói đúng là bản đã duyệt: Hà"),
        "{}",
        ok.stdout
    );
    let page = folder.join("index.html");
    let mut bytes = std::fs::read(&page).expect("page");
    let at = bytes.len() / 3;
    bytes[at] ^= 1;
    std::fs::write(&page, bytes).expect("tamper");
    let bad = newsroom(&data, &["verify", folder.to_str().expect("utf8")], None);
    assert_eq!(bad.code, Some(1), "{}", bad.stdout);
    let log = newsroom(
        &data,
        &["log", &{
            let list: Value =
                serde_json::from_str(&newsroom(&data, &["--json", "list"], None).stdout)
                    .expect("json");
            list[0]["id"].as_str().expect("id").to_string()
        }],
        None,
    );
    for step in [
        "Minh · submit",
        "Hà · claim",
        "Hà · request_changes",
        "Hà · approve",
        "Tú · export",
    ] {
        assert!(log.stdout.contains(step), "{step}: {}", log.stdout);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_versions_from_a_bundle_are_shown_and_merged_in_the_window() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    let office = tempfile::tempdir().expect("office");
    let usb = tempfile::tempdir().expect("usb");
    let made = newsroom(
        &data,
        &[
            "new",
            "--title",
            "Lễ hội hoa phượng",
            "--lead",
            "Tối 1/6.",
            "--body-file",
            "-",
        ],
        Some("Một.\n\nHai."),
    );
    let id = made.stdout.trim().to_string();
    let go = usb.path().join("di.toasoan");
    let back = usb.path().join("ve.toasoan");
    let run = |dir: &Path, args: &[&str]| {
        let r = newsroom(dir, args, None);
        assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
    };
    run(
        &data,
        &["bundle", "export", &id, "--out", go.to_str().expect("utf8")],
    );
    run(
        office.path(),
        &["bundle", "import", go.to_str().expect("utf8")],
    );
    run(
        office.path(),
        &[
            "edit",
            &id,
            "--base-revision",
            "1",
            "--title",
            "Lễ hội hoa phượng đỏ 2027",
        ],
    );
    run(
        office.path(),
        &[
            "bundle",
            "export",
            &id,
            "--out",
            back.to_str().expect("utf8"),
        ],
    );
    run(
        &data,
        &[
            "edit",
            &id,
            "--base-revision",
            "1",
            "--lead",
            "Tối 1/6, khai mạc.",
        ],
    );
    run(&data, &["bundle", "import", back.to_str().expect("utf8")]);

    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    click(
        &c,
        "//ul[@aria-label='Danh sách bài viết']//button[contains(., 'Lễ hội hoa phượng')]",
    )
    .await;
    let banner = wait_xpath(
        &c,
        "//*[@role='alert' and contains(., 'Bài có hai phiên bản')]",
    )
    .await;
    assert!(banner.is_displayed().await.expect("shown"));
    desktop.screenshot(&shots.join("8-two-versions.png"));
    click(&c, &button("Gộp hai phiên bản")).await;
    wait_xpath(&c, "//*[@role='status' and contains(., 'Đã gộp')]").await;
    let title = wait_css(&c, &labelled("Tiêu đề")).await;
    assert_eq!(value_of(&title).await, "Lễ hội hoa phượng đỏ 2027");
    assert_eq!(
        value_of(&wait_css(&c, &labelled("Sapo")).await).await,
        "Tối 1/6, khai mạc."
    );
    assert!(
        c.find(Locator::XPath(
            "//*[@role='alert' and contains(., 'Bài có hai phiên bản')]"
        ))
        .await
        .is_err(),
        "the banner is gone"
    );
    c.close().await.expect("close session");
    driver.stop();
    let shown: Value =
        serde_json::from_str(&newsroom(&data, &["--json", "show", &id], None).stdout)
            .expect("json");
    assert_eq!(shown["title"], "Lễ hội hoa phượng đỏ 2027");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_pasted_from_an_old_tcvn3_document_arrives_as_unicode() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    new_draft(&c, "Dán từ văn bản cũ").await;
    // What Word puts on the clipboard for a paragraph set in .VnTime (ư is the soft hyphen 0xAD).
    let old = "S\u{EB} T\u{B5}i nguy\u{AA}n v\u{B5} M\u{AB}i tr\u{AD}\u{EA}ng";
    let html = format!(
        "<html><body><p class=MsoNormal><b><span style=\"font-family:.VnTime;color:red\">{old}</span></b></p></body></html>"
    );
    // Put on the real X clipboard by another program (xclip), then a real click into the body
    // and a real Ctrl+V.
    let _owner = desktop.offer_html(&html);
    click_with(
        &c,
        &desktop,
        &format!(".cm-content{}", labelled("Nội dung")),
        None,
        1,
    )
    .await;
    desktop.keys(&["ctrl+v"]);
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//*[contains(@class,'cm-content') and contains(., '**Sở Tài nguyên và Môi trường**')]",
        ))
        .await
        .expect("Unicode Markdown in the editor");
    wait_xpath(
        &c,
        "//*[@role='status' and contains(., 'bảng mã cũ TCVN3')]",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    desktop.screenshot(&shots.join("9-pasted-tcvn3.png"));
    save_and_wait(&c).await;
    c.close().await.expect("close session");
    driver.stop();
    let list: Value =
        serde_json::from_str(&newsroom(&data, &["--json", "list"], None).stdout).expect("json");
    let id = list[0]["id"].as_str().expect("id").to_string();
    let shown: Value =
        serde_json::from_str(&newsroom(&data, &["--json", "show", &id], None).stdout)
            .expect("json");
    assert_eq!(shown["body"], "**Sở Tài nguyên và Môi trường**");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_dates_and_tone_marks_are_underlined_and_fixed_from_their_menu() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    new_draft(&c, "Kiểm tra tên").await;
    let body = wait_css(&c, &format!(".cm-content{}", labelled("Nội dung"))).await;
    body.click().await.expect("focus body");
    for ch in
        "Thứ Ba, 02/12/2020, Sở Tài Nguyên Và Môi Trường họp với Thành ủy và Thành uỷ.".chars()
    {
        body.send_keys(&ch.to_string()).await.expect("type");
    }
    let name = ".cm-style-issue[data-kind='name']";
    let date = ".cm-style-issue[data-kind='date']";
    let tone = ".cm-style-issue[data-kind='tone']";
    for css in [name, date, tone] {
        wait_css(&c, css).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    desktop.screenshot(&shots.join("11-names-dates-tones.png"));
    // Each menu says why, and offers the fix.
    right_click(&c, &desktop, name, Some(2.0)).await;
    wait_css(&c, "[role='menu'] .note").await;
    let note = c
        .find(Locator::Css("[role='menu'] .note"))
        .await
        .expect("note")
        .text()
        .await
        .expect("text");
    assert!(note.contains("Nghị định 30/2020"), "{note}");
    click(
        &c,
        "//*[@role='menu']//button[normalize-space(.)='Sở Tài nguyên và Môi trường']",
    )
    .await;
    right_click(&c, &desktop, date, Some(2.0)).await;
    click(
        &c,
        "//*[@role='menu']//button[normalize-space(.)='Thứ Tư, 02/12/2020']",
    )
    .await;
    // One "ủy" and one "uỷ": the first placement is the one kept.
    right_click(&c, &desktop, tone, Some(2.0)).await;
    click(&c, "//*[@role='menu']//button[normalize-space(.)='ủy']").await;
    let want = "Thứ Tư, 02/12/2020, Sở Tài nguyên và Môi trường họp với Thành ủy và Thành ủy.";
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//*[contains(@class,'cm-content') and contains(., '{want}')]"
        )))
        .await
        .expect("fixed text");
    let start = std::time::Instant::now();
    while !c
        .find_all(Locator::Css(".cm-style-issue"))
        .await
        .expect("marks")
        .is_empty()
    {
        assert!(start.elapsed() < WAIT, "underlines gone");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Saved as fixed (autosave), as the command line sees it.
    let start = std::time::Instant::now();
    loop {
        let list: Value =
            serde_json::from_str(&newsroom(&data, &["--json", "list"], None).stdout).expect("json");
        let id = list[0]["id"].as_str().unwrap_or_default().to_string();
        let shown: Value =
            serde_json::from_str(&newsroom(&data, &["--json", "show", &id], None).stdout)
                .unwrap_or(Value::Null);
        if shown["body"] == want {
            break;
        }
        assert!(start.elapsed() < WAIT, "saved body: {}", shown["body"]);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // "Chèn ngày hôm nay" puts today as running text writes it before the lead ("Chiều 27/11, ").
    let today = || {
        newsroom(&data, &["date"], None)
            .stdout
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let before = today();
    let lead = wait_css(&c, &labelled("Sapo")).await;
    lead.send_keys("Đoàn làm việc.").await.expect("lead");
    click(&c, &button("Chèn ngày hôm nay")).await;
    let start = std::time::Instant::now();
    let got = loop {
        let v = value_of(&lead).await;
        if v.ends_with(", Đoàn làm việc.") || start.elapsed() > WAIT {
            break v;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let after = today();
    assert!(
        [before, after]
            .iter()
            .any(|d| got == format!("{d}, Đoàn làm việc.")),
        "{got}"
    );
    c.close().await.expect("close session");
    driver.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_misspelled_word_is_underlined_and_fixed_from_its_menu() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    new_draft(&c, "Chính tả").await;
    let body = wait_css(&c, &format!(".cm-content{}", labelled("Nội dung"))).await;
    body.click().await.expect("focus body");
    // Both tone placements are right; "nguời" is not; Vinhomes is a name the newsroom will add.
    for ch in "Thành ủy, Thành uỷ và nguời dân của Vinhomes.".chars() {
        body.send_keys(&ch.to_string()).await.expect("type");
    }
    wait_css(&c, ".cm-misspelled[data-word='nguời']").await;
    wait_css(&c, ".cm-misspelled[data-word='Vinhomes']").await;
    let flagged = c
        .find_all(Locator::Css(".cm-misspelled"))
        .await
        .expect("marks");
    assert_eq!(flagged.len(), 2, "ủy and uỷ are both right");
    tokio::time::sleep(Duration::from_millis(200)).await;
    desktop.screenshot(&shots.join("10-misspelled.png"));
    // Right-click the word: its suggestions, and "add to the dictionary".
    right_click(&c, &desktop, ".cm-misspelled[data-word='nguời']", None).await;
    click(
        &c,
        "//*[@role='menu']//button[@role='menuitem' and normalize-space(.)='người']",
    )
    .await;
    // The fix is in and the text checked again before the next word is right-clicked: a click
    // at where the word was before the editor drew it again can miss its menu.
    let start = std::time::Instant::now();
    while !c
        .find_all(Locator::Css(".cm-misspelled[data-word='nguời']"))
        .await
        .expect("marks")
        .is_empty()
        || c.find_all(Locator::XPath("//*[@role='menu']"))
            .await
            .is_ok_and(|m| !m.is_empty())
    {
        assert!(start.elapsed() < WAIT, "the first fix");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    wait_css(&c, ".cm-misspelled[data-word='Vinhomes']").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    right_click(&c, &desktop, ".cm-misspelled[data-word='Vinhomes']", None).await;
    click(
        &c,
        "//*[@role='menu']//button[normalize-space(.)='Thêm vào từ điển tòa soạn']",
    )
    .await;
    let start = std::time::Instant::now();
    while !c
        .find_all(Locator::Css(".cm-misspelled"))
        .await
        .expect("marks")
        .is_empty()
    {
        assert!(start.elapsed() < WAIT, "underlines gone");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//*[contains(@class,'cm-content') and contains(., 'và người dân của Vinhomes.')]",
        ))
        .await
        .expect("fixed text");
    c.close().await.expect("close session");
    driver.stop();
    let ok = newsroom(&data, &["spell", "Vinhomes"], None);
    assert_eq!(
        ok.code,
        Some(0),
        "the word is in the newsroom dictionary: {}",
        ok.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_photos_and_huge_pastes_get_clear_errors_and_the_app_goes_on() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    let hostile = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile");
    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    new_draft(&c, "Tệp xấu").await;
    save_and_wait(&c).await;
    let file_field = format!("input[type=file]{}", labelled("Chọn tệp ảnh"));
    // A photo cut off while copying, then a 3.6-gigapixel bomb: each refused, said why.
    for (file, says) in [
        ("truncated.jpg", "bị hỏng"),
        ("bomb-60000.jpg", "megapixel"),
    ] {
        c.find(Locator::Css(&file_field))
            .await
            .expect("file field")
            .send_keys(hostile.join(file).to_str().expect("utf8"))
            .await
            .expect("choose");
        wait_xpath(
            &c,
            &format!("//*[@role='alert' and contains(., '{file}') and contains(., '{says}')]"),
        )
        .await;
    }
    // An odd but valid one goes in.
    c.find(Locator::Css(&file_field))
        .await
        .expect("file field")
        .send_keys(hostile.join("tall-1x20000.png").to_str().expect("utf8"))
        .await
        .expect("choose");
    wait_css(&c, &labelled("Ảnh 1 trong bài")).await;

    // A paste over 8 MB is refused whole; the text stays as it was. Both pastes are put on the
    // real X clipboard by another program (xclip), then a real click into the body and a real
    // Ctrl+V: the app reads them as it would from a browser or Word.
    let body_css = format!(".cm-content{}", labelled("Nội dung"));
    let huge = desktop.offer_html(&"<p>Đoạn rất dài của một trang web.</p>".repeat(260_000));
    click_with(&c, &desktop, &body_css, None, 1).await;
    desktop.keys(&["ctrl+v"]);
    wait_xpath(
        &c,
        "//*[@role='alert' and contains(., 'đoạn dán lớn quá 8 MB')]",
    )
    .await;
    drop(huge);
    let content = c
        .find(Locator::Css(".cm-content"))
        .await
        .expect("editor")
        .text()
        .await
        .expect("text");
    assert!(
        !content.contains("Đoạn rất dài"),
        "nothing of the refused paste"
    );
    // Half a megabyte of Word HTML (5,000 paragraphs) is converted (off the UI thread) and arrives
    // as Markdown. WebKit hands the page the clipboard's HTML with every element's computed style
    // written inline: this arrives as 2.8 MB (3 MB copied would arrive as 16.7 MB and be refused).
    let word = desktop.offer_html(&"<p class=MsoNormal><b>Đoàn Kiểm tra</b> làm việc tại <i>Sở Tài nguyên và Môi trường</i>.</p>".repeat(5_000));
    click_with(&c, &desktop, &body_css, None, 1).await;
    desktop.keys(&["ctrl+v"]);
    tokio::time::sleep(Duration::from_secs(8)).await;
    desktop.screenshot(&shots.join("DEBUG-paste.png"));
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//*[contains(@class,'cm-content') and contains(., 'Đoàn Kiểm tra làm việc tại Sở Tài nguyên và Môi trường.')]",
        ))
        .await
        .expect("converted paste in the editor (read as published: the marks are stored, below)");
    drop(word);
    tokio::time::sleep(Duration::from_millis(300)).await;
    desktop.screenshot(&shots.join("12-hostile-files.png"));
    // Still answering: the title takes keys and the whole article saves.
    wait_css(&c, &labelled("Tiêu đề"))
        .await
        .send_keys(" vẫn chạy")
        .await
        .expect("title");
    click(&c, &button("Lưu")).await;
    let start = std::time::Instant::now();
    loop {
        let list: Value =
            serde_json::from_str(&newsroom(&data, &["--json", "list"], None).stdout).expect("json");
        if list[0]["title"] == "Tệp xấu vẫn chạy" {
            let id = list[0]["id"].as_str().expect("id").to_string();
            let shown: Value =
                serde_json::from_str(&newsroom(&data, &["--json", "show", &id], None).stdout)
                    .expect("json");
            let body = shown["body"].as_str().expect("body");
            assert!(body.len() > 400_000, "{}", body.len());
            assert!(!body.contains("Đoạn rất dài"));
            let converted = "**Đoàn Kiểm tra** làm việc tại *Sở Tài nguyên và Môi trường*.";
            assert_eq!(
                body.matches(converted).count(),
                5_000,
                "every pasted paragraph, converted: {}",
                &body[..body.len().min(400)]
            );
            break;
        }
        assert!(start.elapsed() < WAIT, "saved: {list}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    c.close().await.expect("close session");
    driver.stop();
}

/// Issue 14: a panic in a command ends that command only. The window shows an error, goes on
/// working, and the log holds the panic; the paragraph check takes a non-breaking space (which
/// crashed it) before an unknown word.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panicking_command_shows_an_error_and_the_window_goes_on() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    // The debug build's test-only flag: this command panics when called.
    let panic_in = Path::new("running_date");
    let mut env = app_env(&data, &home).to_vec();
    env.push(("NEWSROOM_TEST_PANIC", panic_in));
    let (driver, c) = start_app(&desktop, &env).await;
    new_draft(&c, "Ông Xyabc phát biểu").await;
    let body = wait_css(&c, &format!(".cm-content{}", labelled("Nội dung"))).await;
    body.click().await.expect("focus body");
    body.send_keys("Ông\u{A0}Xyabc phát biểu tại hội nghị.")
        .await
        .expect("type");
    wait_css(&c, ".cm-misspelled[data-word='Xyabc']").await;

    click(&c, &button("Chèn ngày hôm nay")).await;
    let alert = wait_xpath(
        &c,
        "//*[@role='alert' and contains(normalize-space(.), 'Lỗi nội bộ của ứng dụng khi thực hiện “running_date”')]",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    desktop.screenshot(&shots.join("14-panic-error.png"));
    assert!(
        alert.text().await.expect("text").contains("không bị mất"),
        "the message says nothing saved is lost"
    );
    click(&c, "//*[@role='alert']//button[normalize-space(.)='Đóng']").await;

    // The window goes on: more typing is saved, and the checks still run.
    body.send_keys(" Nguời dân đồng tình.")
        .await
        .expect("type more");
    wait_css(&c, ".cm-misspelled[data-word='Nguời']").await;
    click(&c, &button("Lưu")).await;
    wait_xpath(&c, "//*[starts-with(normalize-space(.), 'Đã lưu lúc')]").await;
    c.close().await.expect("close session");
    driver.stop();

    let list = newsroom(&data, &["--json", "list"], None);
    assert_eq!(list.code, Some(0), "{}", list.stderr);
    let items: Value = serde_json::from_str(&list.stdout).expect("json");
    let id = items[0]["id"].as_str().expect("id").to_string();
    let shown = newsroom(&data, &["--json", "show", &id], None);
    let article: Value = serde_json::from_str(&shown.stdout).expect("json");
    assert_eq!(
        article["body"],
        "Ông\u{A0}Xyabc phát biểu tại hội nghị. Nguời dân đồng tình."
    );
    let log = std::fs::read_to_string(data.join("newsroom.log")).expect("the app's log");
    assert!(
        log.contains("panic")
            && log.contains("NEWSROOM_TEST_PANIC asked command running_date to panic"),
        "the log holds the panic: {log}"
    );
}

/// Saves article `id` from the page, through the UI's own IPC as the editor's autosave does, one
/// after another: `n` of them, or, with `jobs`, for as long as a bundle export and a backup started
/// at the same moment run. Each round trip in milliseconds, with when it started.
const SAVE_LOOP: &str = r#"
const [id, n, jobs] = arguments;
const done = arguments[arguments.length - 1];
(async () => {
  const invoke = window.__TAURI_INTERNALS__.invoke;
  let a = await invoke('get_article', { id });
  const t0 = performance.now();
  let running = 0;
  const ended = {};
  const job = (name, cmd, args) => {
    running += 1;
    return invoke(cmd, args).then(() => { ended[name] = performance.now() - t0; running -= 1; });
  };
  const started = jobs
    ? [job('bundle', 'export_bundle', { id, path: jobs.bundle }), job('backup', 'backup_newsroom', { out: jobs.backup })]
    : [];
  const saves = [];
  for (let i = 0; jobs ? running > 0 && i < 5000 : i < n; i++) {
    const input = { title: a.title, lead: a.lead, body: `${a.body} ${i}`, authors: a.authors,
      category: a.category, tags: a.tags, source: a.source, slug: a.slug,
      scheduled_at: a.scheduled_at };
    const at = performance.now() - t0;
    a = await invoke('save_article', { id, baseRevision: a.revision, input, kind: 'autosave' });
    saves.push([at, performance.now() - t0 - at]);
  }
  await Promise.all(started);
  done({ ok: true, saves, ended });
})().catch((e) => done({ ok: false, error: String((e && e.message) || JSON.stringify(e)) }));
"#;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Issue 15: long jobs use a connection of their own and never run on the main thread, so an
/// autosave is never queued behind a backup or a bundle export. Prints the save round trip from the
/// page, p50/p99, idle and while a 20-photo bundle export and a backup run (the goal: p99 under
/// 50 ms and under twice idle). The assertion is only against a freeze (p99 under a second): timing
/// goals are reported, not asserted, on a shared 2-core machine.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saves_stay_quick_while_a_bundle_export_and_a_backup_run() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let made = newsroom(&data, &["new", "--title", "Hai mươi ảnh"], None);
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let id = made.stdout.trim().to_string();
    let photos: Vec<std::path::PathBuf> = (0..20)
        .map(|k| {
            let p = home.join(format!("anh-{k}.jpg"));
            std::fs::write(&p, newsroom_e2e::jpeg(3000, 2000, k)).expect("photo");
            p
        })
        .collect();
    let mut args = vec!["photo", "add", id.as_str()];
    args.extend(photos.iter().map(|p| p.to_str().expect("utf8")));
    let added = newsroom(&data, &args, None);
    assert_eq!(added.code, Some(0), "{}", added.stderr);

    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    wait_xpath(&c, "//li//*[contains(., 'Hai mươi ảnh')]").await;
    let run = |jobs: Value, n: u32| {
        let c = c.clone();
        let id = id.clone();
        async move {
            let r = c
                .execute_async(SAVE_LOOP, vec![json!(id), json!(n), jobs])
                .await
                .expect("save loop");
            assert_eq!(r["ok"], true, "{r}");
            r
        }
    };
    // Warm up, then idle.
    run(Value::Null, 10).await;
    let idle = run(Value::Null, 60).await;
    let bundle = home.join("hai-muoi-anh.toasoan");
    let backup = home.join("sao-luu.zip");
    let busy = run(
        json!({ "bundle": bundle.to_str().expect("utf8"), "backup": backup.to_str().expect("utf8") }),
        0,
    )
    .await;
    c.close().await.expect("close session");
    driver.stop();
    assert!(
        bundle.is_file() && backup.is_file(),
        "both jobs wrote their files"
    );

    let times = |r: &Value, until: f64| -> Vec<f64> {
        let mut t: Vec<f64> = r["saves"]
            .as_array()
            .expect("saves")
            .iter()
            .filter(|s| s[0].as_f64().expect("at") < until)
            .map(|s| s[1].as_f64().expect("ms"))
            .collect();
        t.sort_by(f64::total_cmp);
        t
    };
    let ended = |k: &str| busy["ended"][k].as_f64().expect("job end");
    let (bundle_ms, backup_ms) = (ended("bundle"), ended("backup"));
    let idle_t = times(&idle, f64::MAX);
    // Saves started while both jobs still ran.
    let busy_t = times(&busy, bundle_ms.min(backup_ms));
    let report = format!(
        "save round trip from the page, ms: idle p50 {:.1} p99 {:.1} ({} saves); during a 20-photo bundle export ({bundle_ms:.0} ms) and a backup ({backup_ms:.0} ms): p50 {:.1} p99 {:.1} ({} saves)\n",
        percentile(&idle_t, 0.5),
        percentile(&idle_t, 0.99),
        idle_t.len(),
        percentile(&busy_t, 0.5),
        percentile(&busy_t, 0.99),
        busy_t.len(),
    );
    eprint!("{report}");
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    std::fs::create_dir_all(&shots).expect("shots");
    std::fs::write(shots.join("save-latency.txt"), &report).expect("report");
    assert!(
        busy_t.len() >= 5,
        "the saves ran while the jobs did: {report}"
    );
    assert!(
        percentile(&busy_t, 0.99) < 1000.0,
        "no save waits for a long job: {report}"
    );
}

/// Issue 14: every view is usable at 1280×720, on the display the window tests use. In each view,
/// with an article open where there is one and every scrolling box scrolled to its end, nothing of
/// the view reaches under the status bar and the page itself does not scroll (the status bar stays
/// at the bottom of the window). Measured in the page; the clicks are real.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_fits_1280_by_720_with_nothing_under_the_status_bar() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    new_draft(&c, "Bố cục ở 1280×720").await;
    let size: Value = c
        .execute("return [window.innerWidth, window.innerHeight];", vec![])
        .await
        .expect("size");
    assert_eq!(
        size,
        json!([1280, 720]),
        "the window fills the 1280×720 display"
    );
    for view in ["Bài viết", "Chờ duyệt", "Ảnh", "Xuất bản", "Cài đặt"] {
        click(&c, &format!("//nav//button[contains(., '{view}')]")).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let m: Value = c
            .execute(
                r#"const view = document.querySelector('main .view');
                   for (const el of [view, ...view.querySelectorAll('*')]) {
                     if (el.scrollHeight > el.clientHeight) el.scrollTop = el.scrollHeight;
                   }
                   const bar = document.querySelector('.status-bar').getBoundingClientRect();
                   const below = [view, ...view.querySelectorAll('*')].filter((el) => {
                     const s = getComputedStyle(el);
                     const scroller = el === view || s.overflowY === 'auto' || s.overflowY === 'scroll';
                     return scroller && el.getBoundingClientRect().bottom > bar.top + 0.5;
                   }).map((el) => el.className || el.tagName);
                   return {
                     below,
                     barBottom: bar.bottom,
                     height: window.innerHeight,
                     pageScrolls: document.documentElement.scrollHeight > window.innerHeight,
                   };"#,
                vec![],
            )
            .await
            .expect("measure");
        desktop.screenshot(&shots.join(format!("720-{view}.png")));
        assert_eq!(
            m["below"],
            json!([]),
            "{view}: boxes under the status bar: {m}"
        );
        assert_eq!(m["pageScrolls"], false, "{view}: the page scrolls: {m}");
        let gap = m["height"].as_f64().expect("height") - m["barBottom"].as_f64().expect("bar");
        assert!(
            gap.abs() < 1.0,
            "{view}: the status bar is at the bottom: {m}"
        );
    }
    c.close().await.expect("close session");
    driver.stop();
}

/// Calls window command `cmd` with `args` from the page, as the UI's backend.ts would, and returns
/// its error code if it was refused (None if it succeeded).
async fn ipc_refusal(c: &Client, cmd: &str, args: Value) -> Option<String> {
    let r = c
        .execute_async(
            r#"const [cmd, args, done] = arguments;
               window.__TAURI_INTERNALS__.invoke(cmd, args).then(
                 () => done(null),
                 (e) => done(e && e.code ? e.code : String(e)));"#,
            vec![json!(cmd), args],
        )
        .await
        .expect("invoke");
    r.as_str().map(str::to_string)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_are_managed_in_settings_and_every_gate_holds_at_the_window() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    std::fs::create_dir_all(&shots).expect("shots");
    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    add_people(
        &c,
        &[("Lan", "admin"), ("Minh", "reporter"), ("Hà", "reporter")],
    )
    .await;
    let people = |data: &Path| -> Vec<Value> {
        let r = newsroom(data, &["--json", "user", "list"], None);
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        serde_json::from_str::<Value>(&r.stdout)
            .expect("json")
            .as_array()
            .expect("list")
            .clone()
    };
    let role_of = |data: &Path, name: &str| {
        people(data)
            .iter()
            .find(|u| u["name"] == name)
            .map(|u| u["role"].as_str().unwrap_or_default().to_string())
    };

    // Lan (the admin, signed in) makes Hà an editor.
    click(
        &c,
        "//select[@aria-label='Vai trò của Hà']/option[@value='editor']",
    )
    .await;
    wait_xpath(
        &c,
        "//*[@role='status' and normalize-space(.)='Hà giờ là biên tập viên.']",
    )
    .await;
    assert_eq!(role_of(&data, "Hà").as_deref(), Some("editor"));

    // The last admin stays one: refused with a reason, and the list still says admin.
    click(
        &c,
        "//select[@aria-label='Vai trò của Lan']/option[@value='reporter']",
    )
    .await;
    wait_xpath(
        &c,
        "//*[@role='alert' and contains(., 'ít nhất một quản trị')]",
    )
    .await;
    let lan_role = wait_css(&c, &labelled("Vai trò của Lan")).await;
    assert_eq!(value_of(&lan_role).await, "admin");
    assert_eq!(role_of(&data, "Lan").as_deref(), Some("admin"));

    // A PIN for Minh.
    click(&c, &button("Đặt PIN cho Minh")).await;
    wait_css(&c, &labelled("PIN mới của Minh (4–12 chữ số)"))
        .await
        .send_keys("2468")
        .await
        .expect("type PIN");
    click(&c, &button("Lưu PIN")).await;
    wait_xpath(
        &c,
        "//*[@role='status' and normalize-space(.)='Đã đặt PIN mới cho Minh.']",
    )
    .await;
    assert!(
        people(&data)
            .iter()
            .any(|u| u["name"] == "Minh" && u["has_pin"] == true)
    );

    // Hà removed, after a second click.
    click(&c, &button("Xóa Hà")).await;
    click(&c, &button("Xóa hẳn Hà?")).await;
    wait_xpath(
        &c,
        "//*[@role='status' and starts-with(normalize-space(.), 'Đã xóa Hà.')]",
    )
    .await;
    assert_eq!(role_of(&data, "Hà"), None);
    c.screenshot()
        .await
        .map(|png| std::fs::write(shots.join("people-admin.png"), png))
        .expect("screenshot")
        .expect("write screenshot");

    // Minh, a reporter, signs in with the PIN: no role menus, no backup; his own PIN only.
    let lan_article = newsroom(
        &data,
        &["--as", "Lan", "--json", "new", "--title", "Bài của Lan"],
        None,
    );
    assert_eq!(lan_article.code, Some(0), "{}", lan_article.stderr);
    let lan_id = serde_json::from_str::<Value>(&lan_article.stdout).expect("json")["id"]
        .as_str()
        .expect("id")
        .to_string();
    // The sign-in dialog, with Minh chosen and his PIN field shown, passes axe.
    click(&c, &button("Đổi người")).await;
    click(
        &c,
        "//*[@role='dialog']//label[.//strong[normalize-space(.)='Minh']]/input",
    )
    .await;
    wait_css(&c, &format!("[role='dialog'] {}", labelled("Mã PIN"))).await;
    crate::a11y::assert_axe_clean(&c, "hộp thoại Đăng nhập").await;
    sign_in_with(&c, "Minh", Some("2468")).await;
    click(&c, "//nav//button[contains(., 'Cài đặt')]").await;
    wait_xpath(
        &c,
        "//*[normalize-space(.)='Chỉ quản trị sao lưu và khôi phục tòa soạn.']",
    )
    .await;
    wait_xpath(&c, &button("Đổi PIN của tôi")).await;
    assert!(
        c.find(Locator::Css(&labelled("Vai trò của Lan")))
            .await
            .is_err(),
        "no role menus for a reporter"
    );
    assert!(c.find(Locator::XPath(&button("Sao lưu"))).await.is_err());
    assert!(
        c.find(Locator::Css("form[aria-label='Thêm người dùng']"))
            .await
            .is_err(),
        "only an admin adds people"
    );

    // Every gated window command, called as the UI would, is refused to him by the core.
    let backup_file = home.join("cua-minh.zip");
    let refused: Vec<(&str, Value)> = vec![
        (
            "backup_newsroom",
            json!({ "out": backup_file.to_str().expect("utf8") }),
        ),
        (
            "restore_newsroom",
            json!({ "file": backup_file.to_str().expect("utf8") }),
        ),
        ("set_default_profile", json!({ "id": "hai-phong" })),
        ("remove_profile", json!({ "id": "hai-phong" })),
        ("set_user_role", json!({ "name": "Minh", "role": "admin" })),
        ("set_user_pin", json!({ "name": "Lan", "pin": "1111" })),
        ("remove_user", json!({ "name": "Lan" })),
        ("spike_article", json!({ "id": lan_id })),
        (
            "add_user",
            json!({ "name": "Kẻ lạ", "role": "admin", "pin": null }),
        ),
    ];
    for (cmd, args) in refused {
        assert_eq!(
            ipc_refusal(&c, cmd, args).await.as_deref(),
            Some("forbidden"),
            "{cmd} as a reporter"
        );
    }
    assert!(!backup_file.exists(), "no backup written");
    assert_eq!(people(&data).len(), 2, "nobody added or removed");
    assert_eq!(role_of(&data, "Minh").as_deref(), Some("reporter"));
    let lan_now = newsroom(&data, &["--json", "show", &lan_id], None);
    assert!(
        lan_now.stdout.contains("\"status\": \"draft\""),
        "{}",
        lan_now.stdout
    );
    c.screenshot()
        .await
        .map(|png| std::fs::write(shots.join("people-reporter.png"), png))
        .expect("screenshot")
        .expect("write screenshot");

    // In English, a refusal reads in English: Minh duplicates the portal profile and saves it.
    click(&c, "//select[@aria-label='Ngôn ngữ']/option[@value='en']").await;
    click(&c, &button("Duplicate")).await;
    click(&c, &button("Save profile")).await;
    wait_xpath(
        &c,
        "//*[@role='alert' and contains(., 'Could not do that') and contains(., 'A reporter may not change portal profiles: only an admin.')]",
    )
    .await;
    c.screenshot()
        .await
        .map(|png| std::fs::write(shots.join("people-reporter-en.png"), png))
        .expect("screenshot")
        .expect("write screenshot");
    c.close().await.expect("close");
    driver.stop();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_file_opened_in_the_window_becomes_a_draft_with_its_photos_and_exports() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    // A reporter's file, as LibreOffice writes Word's format (scripts/make-docx-fixtures.py).
    let file = home.join("bai-cua-phong-vien.docx");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/newsroom/tests/fixtures/docx/anh-chu-thich.docx"),
        &file,
    )
    .expect("copy the Word file");
    // Her account has a Documents folder (XDG user folders, as desktop Linux sets them up): the
    // packages go into "Tòa soạn" there.
    let documents = home.join("Tài liệu");
    std::fs::create_dir_all(&documents).expect("documents");
    std::fs::write(
        home.join("user-dirs.dirs"),
        "XDG_DOCUMENTS_DIR=\"$HOME/Tài liệu\"\n",
    )
    .expect("user-dirs.dirs");
    let (driver, c) = start_app(&desktop, &app_env(&data, &home)).await;
    click(&c, &button("Mở tệp Word…")).await;
    // The native open dialog, answered with real keystrokes.
    desktop.answer_file_dialog("Mở tệp Word (.docx) thành bài mới", &file);
    let title = wait_xpath(
        &c,
        "//*[@role='dialog']//h2[normalize-space(.)='Đã nhập “bai-cua-phong-vien.docx”']",
    )
    .await;
    assert!(title.is_displayed().await.expect("shown"));
    crate::a11y::assert_axe_clean(&c, "hộp thoại Word").await;
    let counts = wait_css(&c, "#word-counts")
        .await
        .text()
        .await
        .expect("counts");
    assert_eq!(
        counts.trim(),
        "10 đoạn văn, 2 ảnh trong tệp, 2 ảnh đưa vào bài, 2 chú thích."
    );
    let note = wait_css(&c, "[role='dialog'] li[data-kind='alt_from_caption']")
        .await
        .text()
        .await
        .expect("note");
    assert!(note.contains("lấy từ chú thích"), "{note}");
    desktop.screenshot(&shots.join("word-1-summary.png"));
    // Escape closes the summary; the draft is open with its figures and their captions.
    c.active_element()
        .await
        .expect("focus")
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("escape");
    let shown_title = wait_css(&c, &labelled("Tiêu đề")).await;
    assert_eq!(
        value_of(&shown_title).await,
        "Kiểm tra công tác thu gom rác thải tại quận Lê Chân"
    );
    let second = wait_css(
        &c,
        &format!("{} {}", labelled("Ảnh 2 trong bài"), labelled("Chú thích")),
    )
    .await;
    assert_eq!(value_of(&second).await, "Dây chuyền phân loại rác mới");
    desktop.screenshot(&shots.join("word-2-draft.png"));
    // The byline the file did not have, then publish and validate the package.
    wait_css(&c, "[data-field=\"authors\"]")
        .await
        .send_keys("Hoàng Tùng")
        .await
        .expect("byline");
    click(&c, &button("Lưu")).await;
    let folder = publish_open_article(&c).await;
    assert!(
        folder.starts_with(documents.join("Tòa soạn")),
        "{}",
        folder.display()
    );
    let html = std::fs::read_to_string(folder.join("index.html")).expect("index.html");
    assert!(
        html.contains("<figcaption>Dây chuyền phân loại rác mới"),
        "{html}"
    );
    assert!(html.contains("<td>Ngô Quyền</td>"), "{html}");
    let valid = newsroom(&data, &["validate", folder.to_str().expect("utf8")], None);
    assert_eq!(valid.code, Some(0), "{}{}", valid.stdout, valid.stderr);
    click(&c, &format!("//*[@role='dialog']{}", button("Xong"))).await;

    // A second file dropped on the window, as from a file manager: real X drag and drop.
    let dropped = home.join("sua-doi-vntime.docx");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/newsroom/tests/fixtures/docx/sua-doi-vntime.docx"),
        &dropped,
    )
    .expect("copy the Word file");
    desktop.drag_file(&dropped, 640, 360);
    wait_xpath(
        &c,
        "//*[@role='dialog']//h2[normalize-space(.)='Đã nhập “sua-doi-vntime.docx”']",
    )
    .await;
    for kind in ["tracked_changes", "comments", "converted"] {
        wait_css(&c, &format!("[role='dialog'] li[data-kind='{kind}']")).await;
    }
    desktop.screenshot(&shots.join("word-3-dropped.png"));
    click(&c, &format!("//*[@role='dialog']{}", button("Đóng"))).await;
    let shown_title = wait_css(&c, &labelled("Tiêu đề")).await;
    let mut title = String::new();
    for _ in 0..40 {
        title = value_of(&shown_title).await;
        if title.starts_with("Sở Tài nguyên") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        title,
        "Sở Tài nguyên và Môi trường công bố kết quả quan trắc"
    );
    c.close().await.expect("close");
    driver.stop();
}

/// Double-clicking a Word file or a bundle in the file manager starts the app with its path
/// (Windows' "Mở bằng Tòa soạn", the Linux desktop entry's `%F`); when the app runs already, the
/// second launch hands the path to the running window and exits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_opened_from_the_file_manager_become_drafts_and_received_bundles() {
    let Rig {
        desktop,
        _tmp,
        data,
        home,
    } = Rig::new();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    let docs = home.join("Tài liệu");
    std::fs::create_dir_all(&docs).expect("documents");
    let word = docs.join("bài viết mới.docx");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../crates/newsroom/tests/fixtures/docx/anh-chu-thich.docx"),
        &word,
    )
    .expect("copy the Word file");
    // A bundle from a colleague's laptop.
    let office = tempfile::tempdir().expect("office");
    let made = newsroom(
        office.path(),
        &[
            "new",
            "--title",
            "Tin gửi qua tệp gói",
            "--lead",
            "Chiều 6/12.",
            "--body-file",
            "-",
        ],
        Some("Một."),
    );
    assert_eq!(made.code, Some(0), "{}", made.stderr);
    let id = made.stdout.trim().to_string();
    // `newsroom bundle export` in the colleague's folder, to `to`.
    let send = |to: &Path| {
        let out = newsroom(
            office.path(),
            &["bundle", "export", &id, "--out", to.to_str().expect("utf8")],
            None,
        );
        assert_eq!(out.code, Some(0), "{}", out.stderr);
    };
    let bundle = docs.join("tin từ Mai.toasoan");
    send(&bundle);

    // The log of earlier days, past the log plugin's default limit (40 KB, where it used to
    // delete the file): it stays.
    std::fs::create_dir_all(&data).expect("data");
    let earlier = format!(
        "{}[2026-12-01][10:00:00][toa_soan_lib][ERROR] a line from last week\n",
        "[2026-12-01][09:00:00][toa_soan_lib][INFO] đã lưu\n".repeat(1000)
    );
    std::fs::write(data.join("newsroom.log"), &earlier).expect("log");
    // Started with the Word file: it becomes a draft, as "Mở tệp Word…" makes one.
    let env = app_env(&data, &home);
    let driver = Driver::start(&desktop, &env);
    let c = open_app_with(
        &driver,
        &binary("toa-soan"),
        &[word.to_str().expect("utf8")],
    )
    .await;
    wait_xpath(
        &c,
        "//*[@role='dialog']//h2[normalize-space(.)='Đã nhập “bài viết mới.docx”']",
    )
    .await;
    c.active_element()
        .await
        .expect("focus")
        .send_keys(&Key::Escape.to_string())
        .await
        .expect("escape");
    let title = wait_css(&c, &labelled("Tiêu đề")).await;
    assert_eq!(
        value_of(&title).await,
        "Kiểm tra công tác thu gom rác thải tại quận Lê Chân"
    );
    let log = std::fs::read_to_string(data.join("newsroom.log")).expect("log");
    assert!(
        log.starts_with(&earlier) && log.contains("asked to open"),
        "{} bytes",
        log.len()
    );
    // The person is in Settings when the bundle is double-clicked: a second launch, from another
    // folder with a relative path, hands it over and exits; the window shows the article.
    click(&c, &button("Cài đặt")).await;
    let started = std::time::Instant::now();
    let mut second = std::process::Command::new(binary("toa-soan"));
    second
        .arg("tin từ Mai.toasoan")
        .current_dir(&docs)
        .env("DISPLAY", &desktop.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &desktop.dbus_address)
        .env_remove("WAYLAND_DISPLAY")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    for (k, v) in env {
        second.env(k, v);
    }
    let status = second.status().expect("second launch");
    assert!(status.success(), "{status:?}");
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "the second launch took {:?}",
        started.elapsed()
    );
    wait_xpath(
        &c,
        "//*[@role='status' and contains(., 'Đã nhập bài mới “Tin gửi qua tệp gói”')]",
    )
    .await;
    let title = wait_css(&c, &labelled("Tiêu đề")).await;
    let mut shown = String::new();
    for _ in 0..40 {
        shown = value_of(&title).await;
        if shown == "Tin gửi qua tệp gói" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(shown, "Tin gửi qua tệp gói");
    desktop.screenshot(&shots.join("open-1-bundle-from-file-manager.png"));
    // Both are in the data folder: the Word draft and the colleague's article under its own id.
    let listed = newsroom(&data, &["list", "--json"], None);
    assert!(listed.stdout.contains(&id), "{}", listed.stdout);
    assert!(
        listed
            .stdout
            .contains("Kiểm tra công tác thu gom rác thải tại quận Lê Chân"),
        "{}",
        listed.stdout
    );
    // A bundle dropped on the window is received too, never taken for a photo.
    let again = newsroom(
        office.path(),
        &[
            "edit",
            &id,
            "--base-revision",
            "1",
            "--title",
            "Tin gửi qua tệp gói, bản sửa",
        ],
        None,
    );
    assert_eq!(again.code, Some(0), "{}", again.stderr);
    let newer = docs.join("bản sửa.toasoan");
    send(&newer);
    let photos_before = walkdir_count(&data.join("media"));
    desktop.drag_file(&newer, 640, 360);
    wait_xpath(
        &c,
        "//*[@role='status' and contains(., 'Đã cập nhật “Tin gửi qua tệp gói, bản sửa”')]",
    )
    .await;
    assert_eq!(
        walkdir_count(&data.join("media")),
        photos_before,
        "a bundle became a photo"
    );
    c.close().await.expect("close");
    driver.stop();
}

/// The number of files under `dir`, all levels.
fn walkdir_count(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .filter_map(Result::ok)
            .map(|e| {
                if e.path().is_dir() {
                    walkdir_count(&e.path())
                } else {
                    1
                }
            })
            .sum()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_debian_package_installs_upgrades_runs_and_is_removed_leaving_the_data() {
    use crate::package::{built_package, field, installed_version, repack, run};
    use std::process::Command;
    let deb = built_package();
    let shots = newsroom_e2e::target_dir().join("e2e-shots");
    let version = field(&deb, "Version");
    assert_eq!(field(&deb, "Package"), "toa-soan");
    let depends = field(&deb, "Depends");
    for d in ["libwebkit2gtk-4.1-0", "hunspell-vi"] {
        assert!(depends.contains(d), "{depends}");
    }
    let contents = run("dpkg-deb", &["--contents", deb.to_str().expect("utf8")]);
    for f in [
        "./usr/bin/toa-soan",
        "./usr/bin/newsroom",
        "./usr/share/applications/toa-soan.desktop",
        "./usr/share/mime/packages/toa-soan.xml",
        "./usr/share/icons/hicolor/16x16/apps/toa-soan.png",
        "./usr/share/icons/hicolor/48x48/apps/toa-soan.png",
        "./usr/share/icons/hicolor/256x256/apps/toa-soan.png",
        "./usr/share/icons/hicolor/512x512/apps/toa-soan.png",
    ] {
        assert!(contents.contains(f), "{f} in\n{contents}");
    }
    // The command line is the app's binary called by another name: the core ships once.
    assert!(
        contents.contains("./usr/bin/newsroom -> toa-soan"),
        "/usr/bin/newsroom is not a link to toa-soan:\n{contents}"
    );

    // An older build installed first, and used: a reporter's draft in the default data folder, and
    // a data folder kept from an old schema.
    let tmp = tempfile::tempdir().expect("tmp");
    let older = tmp.path().join("toa-soan_0.0.1-1.deb");
    repack(&deb, "0.0.1-1", &older);
    if installed_version().is_some() {
        run("dpkg", &["--purge", "toa-soan"]);
    }
    run("dpkg", &["--install", older.to_str().expect("utf8")]);
    assert_eq!(installed_version().as_deref(), Some("0.0.1-1"));
    let home = tmp.path().join("home");
    let data = home.join(".local/share/vn.toasoan.newsroom");
    std::fs::create_dir_all(&home).expect("home");
    let installed_cli = |args: &[&str]| -> String {
        let out = Command::new("/usr/bin/newsroom")
            .args(args)
            .env("HOME", &home)
            .env_remove("NEWSROOM_DATA_DIR")
            .env_remove("XDG_DATA_HOME")
            .output()
            .expect("run the installed newsroom");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let draft = installed_cli(&["new", "--title", "Bản nháp viết trước khi nâng cấp"]);
    assert_eq!(draft.trim().len(), 26, "{draft}");
    assert!(
        data.join("newsroom.db").is_file(),
        "the default data folder"
    );
    let old_schema = tmp.path().join("du-lieu-cu");
    std::fs::create_dir_all(&old_schema).expect("old");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/newsroom/tests/fixtures/schema-2.db"),
        old_schema.join("newsroom.db"),
    )
    .expect("an old schema's database");

    // The upgrade keeps every draft and migrates the old folder when it is opened.
    run("dpkg", &["--install", deb.to_str().expect("utf8")]);
    assert_eq!(installed_version().as_deref(), Some(version.as_str()));
    assert!(installed_cli(&["list"]).contains("Bản nháp viết trước khi nâng cấp"));
    // The spelling dictionary (hunspell-vi, a dependency) is found where it was installed.
    let spelled = Command::new("/usr/bin/newsroom")
        .args(["spell", "nguời dân"])
        .env("HOME", &home)
        .output()
        .expect("spell");
    let spelled = String::from_utf8_lossy(&spelled.stdout).into_owned();
    assert!(spelled.contains("✗ nguời: người"), "{spelled}");
    let old_list = installed_cli(&[
        "--data-dir",
        old_schema.to_str().expect("utf8"),
        "--json",
        "list",
    ]);
    let old_list: Value = serde_json::from_str(&old_list).expect("json");
    assert!(!old_list.as_array().expect("list").is_empty(), "{old_list}");

    // The installed app (UI embedded), driven through one journey.
    let desktop = Desktop::start();
    let xdg_data = home.join(".local/share");
    let xdg_config = home.join(".config");
    let driver = Driver::start(
        &desktop,
        &[
            ("HOME", home.as_path()),
            ("XDG_DATA_HOME", xdg_data.as_path()),
            ("XDG_CONFIG_HOME", xdg_config.as_path()),
        ],
    );
    let app = Path::new("/usr/bin/toa-soan");
    let c = open_app_at(&driver, app).await;
    wait_xpath(
        &c,
        "//ul[@aria-label='Danh sách bài viết']//button[contains(., 'Bản nháp viết trước khi nâng cấp')]",
    )
    .await;
    new_draft(&c, "Hải Phòng mở rộng không gian đi bộ ven sông Tam Bạc").await;
    wait_css(&c, &labelled("Sapo"))
        .await
        .send_keys("Sáng 30/11, thành phố khánh thành tuyến phố đi bộ mới.")
        .await
        .expect("lead");
    type_body(
        &c,
        "Tuyến phố dài gần một cây số, dành cho người đi bộ vào cuối tuần.",
    )
    .await;
    wait_css(&c, "[data-field=\"authors\"]")
        .await
        .send_keys("Hoàng Tùng")
        .await
        .expect("byline");
    save_and_wait(&c).await;
    let photo = tmp.path().join("song-tam-bac.jpg");
    std::fs::write(&photo, newsroom_e2e::jpeg(1600, 1000, 7)).expect("photo");
    choose_photo(&c, &photo).await;
    wait_css(&c, &labelled("Ảnh 1 trong bài")).await;
    wait_css(&c, &labelled("Mô tả ảnh (alt)"))
        .await
        .send_keys("Phố đi bộ ven sông Tam Bạc")
        .await
        .expect("alt");
    wait_css(&c, &labelled("Tiêu đề"))
        .await
        .click()
        .await
        .expect("leave the field");
    click(&c, &button("Lưu")).await;
    let folder = publish_open_article(&c).await;
    desktop.screenshot(&shots.join("package-1-installed-app-published.png"));
    assert!(folder.starts_with(&data), "{}", folder.display());
    let valid = installed_cli(&["validate", folder.to_str().expect("utf8")]);
    assert!(valid.starts_with("Gói hợp lệ"), "{valid}");
    c.close().await.expect("close");
    driver.stop_for(app);

    // Removed: the program goes, the data stays; purged: it says where the data is.
    run("dpkg", &["--remove", "toa-soan"]);
    assert!(!app.exists());
    assert!(
        data.join("newsroom.db").is_file(),
        "data kept after removal"
    );
    let purged = run("dpkg", &["--purge", "toa-soan"]);
    assert!(
        purged.contains(".local/share/vn.toasoan.newsroom"),
        "{purged}"
    );
    assert!(data.join("newsroom.db").is_file(), "data kept after purge");
    assert!(installed_version().is_none());
}

/// The app started on a data folder it cannot open, from the menu (no terminal): the message box
/// it shows, read as a screen reader reads it, and how it ends. The folder is left as it was.
fn cannot_start_with(data: &Path, says: &[&str]) {
    let desktop = Desktop::start();
    let tmp = tempfile::tempdir().expect("home");
    let before = std::fs::read(data.join("newsroom.db")).expect("the database file");
    let mut app = std::process::Command::new(binary("toa-soan"))
        .env("DISPLAY", &desktop.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &desktop.dbus_address)
        .env("NEWSROOM_DATA_DIR", data)
        .env("HOME", tmp.path())
        .env("XDG_CONFIG_HOME", tmp.path())
        .env("XDG_DATA_HOME", tmp.path())
        .env_remove("NO_AT_BRIDGE")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the app");
    let window = desktop.wait_window("^Tòa soạn$", 20);
    let read = std::process::Command::new("/usr/bin/python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tools/read_dialog.py"))
        .args(["toa-soan", "15"])
        .env("DISPLAY", &desktop.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &desktop.dbus_address)
        .output()
        .expect("run read_dialog.py");
    let text = String::from_utf8_lossy(&read.stdout).to_string();
    desktop.screenshot(&newsroom_e2e::target_dir().join(format!(
        "e2e-shots/cannot-start-{}.png",
        data.file_name().map_or("x".into(), |n| n.to_string_lossy())
    )));
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let folder = format!("Không mở được thư mục dữ liệu {}.", data.display());
    for expected in std::iter::once(folder.as_str()).chain(says.iter().copied()) {
        assert!(
            text.contains(expected),
            "“{expected}” is not in the message:\n{text}"
        );
    }
    // OK closes it; the app ends with a failure, having changed nothing.
    desktop.key_in(&window, "Return");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = app.try_wait().expect("wait") {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the app did not end after OK"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status.code(), Some(1));
    assert_eq!(
        std::fs::read(data.join("newsroom.db")).expect("the database file"),
        before,
        "the data file was changed"
    );
}

#[test]
fn a_data_folder_that_cannot_be_opened_is_said_in_a_message_box_with_what_to_do() {
    // A folder a newer version used (the app was downgraded).
    let tmp = tempfile::tempdir().expect("tempdir");
    let newer = tmp.path().join("moi-hon");
    assert_eq!(newsroom(&newer, &["list"], None).code, Some(0));
    rusqlite::Connection::open(newer.join("newsroom.db"))
        .expect("open")
        .pragma_update(None, "user_version", 999)
        .expect("user_version");
    cannot_start_with(
        &newer,
        &[
            "lược đồ 999",
            "cài bản mới nhất của Tòa soạn",
            "Dữ liệu của bạn vẫn nguyên.",
            "install the newest Tòa soạn",
        ],
    );
    // A damaged database file.
    let damaged = tmp.path().join("hong");
    std::fs::create_dir_all(&damaged).expect("folder");
    std::fs::write(damaged.join("newsroom.db"), vec![0x5a_u8; 8192]).expect("garbage");
    cannot_start_with(
        &damaged,
        &[
            "newsroom.db có thể đã hỏng",
            "khôi phục bản sao lưu",
            "may be damaged",
        ],
    );
}
