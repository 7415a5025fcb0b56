//! The body editor as a reporter from Word uses it: formatting from the toolbar and the usual
//! shortcuts, with real X key and pointer events; the Markdown stored is exact, and the exported
//! page shows it as formatting.

use newsroom_e2e::newsroom;
use serde_json::Value;

use crate::app::{Rig, click_with, close, new_draft, save_and_wait, select_in_body, type_body};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reporter_formats_the_body_from_the_toolbar_and_the_shortcuts() {
    let rig = Rig::new();
    let (driver, c) = rig.open().await;
    let d = &rig.desktop;
    new_draft(&c, "Hải Phòng tăng trưởng").await;
    // Each line typed, then a real Enter.
    let lines = [
        "Kết quả năm 2026",
        "Thành phố đạt mức tăng trưởng cao",
        "Cảng biển",
        "Du lịch",
        "Ông Nguyễn Văn A nói: chúng tôi sẽ tiếp tục",
    ];
    type_body(&c, lines[0]).await;
    let body = crate::app::wait_css(
        &c,
        &format!(".cm-content{}", crate::app::labelled("Nội dung")),
    )
    .await;
    for line in &lines[1..] {
        d.keys(&["End", "Return"]);
        body.send_keys(line).await.expect("type a line");
    }

    // A heading from its shortcut, the caret on the line (a real click after its last word).
    select_in_body(&c, d, "Kết quả năm 2026", true).await;
    d.keys(&["ctrl+alt+2"]);
    // Bold from Ctrl+B on a phrase selected with the mouse; italic from the toolbar's button.
    select_in_body(&c, d, "tăng trưởng", false).await;
    d.keys(&["ctrl+b"]);
    select_in_body(&c, d, "cao", false).await;
    click_with(&c, d, "button.tool-italic", None, 1).await;
    // Two lines made a bulleted list: the caret at the end of the second, Shift+Up, the shortcut.
    select_in_body(&c, d, "Du lịch", true).await;
    d.keys(&["shift+Up", "ctrl+shift+8"]);
    // A link on a word: Ctrl+K selects the address to type over. (A click first: a drag that
    // starts inside the list's selection would move the text.)
    select_in_body(&c, d, "Du lịch", true).await;
    select_in_body(&c, d, "Du lịch", false).await;
    d.keys(&["ctrl+k"]);
    d.type_keys("https://haiphong.gov.vn");
    // A quote from the toolbar, undone and done again from the toolbar.
    select_in_body(&c, d, "tiếp tục", true).await;
    click_with(&c, d, "button.tool-quote", None, 1).await;
    click_with(&c, d, "button.tool-undo", None, 1).await;
    click_with(&c, d, "button.tool-redo", None, 1).await;
    save_and_wait(&c).await;
    // The preview beside the editor (a real click on "Xem trước") shows the same formatting.
    crate::app::click_xpath_with(&c, d, "//label[normalize-space(.)='Xem trước']/input").await;
    let frame = crate::app::wait_css(&c, "iframe.preview").await;
    let want = [
        "<h2>Kết quả năm 2026</h2>",
        "<strong>tăng trưởng</strong>",
        "<em>cao</em>",
        "<li>Cảng biển</li>",
        "href=\"https://haiphong.gov.vn\"",
        "<blockquote>",
    ];
    crate::app::wait_until(
        async || {
            let doc = frame
                .attr("srcdoc")
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            want.iter().all(|p| doc.contains(p))
        },
        "the preview shows the formatting",
    )
    .await;
    close(c, driver).await;

    let list: Value =
        serde_json::from_str(&newsroom(&rig.data, &["--json", "list"], None).stdout).expect("json");
    let id = list[0]["id"].as_str().expect("id").to_string();
    let shown: Value =
        serde_json::from_str(&newsroom(&rig.data, &["--json", "show", &id], None).stdout)
            .expect("json");
    assert_eq!(
        shown["body"],
        "## Kết quả năm 2026\nThành phố đạt mức **tăng trưởng** *cao*\n- Cảng biển\n- [Du lịch](https://haiphong.gov.vn)\n> Ông Nguyễn Văn A nói: chúng tôi sẽ tiếp tục"
    );

    // The page as published shows the formatting (the lead and byline an export needs, by CLI).
    let revision = shown["revision"].as_i64().expect("revision").to_string();
    let edited = newsroom(
        &rig.data,
        &[
            "edit",
            &id,
            "--base-revision",
            &revision,
            "--lead",
            "Năm 2026, thành phố tăng trưởng cao.",
            "--byline",
            "Hoàng Tùng",
        ],
        None,
    );
    assert_eq!(edited.code, Some(0), "edit: {}", edited.stderr);
    let out = rig._tmp.path().join("goi");
    let done = newsroom(
        &rig.data,
        &["export", &id, "--out", out.to_str().expect("utf8")],
        None,
    );
    assert_eq!(done.code, Some(0), "export: {}", done.stderr);
    let page = std::fs::read_to_string(std::path::Path::new(done.stdout.trim()).join("index.html"))
        .expect("index.html");
    for part in [
        "<h2>Kết quả năm 2026</h2>",
        "<strong>tăng trưởng</strong>",
        "<em>cao</em>",
        "<li>Cảng biển</li>",
        "href=\"https://haiphong.gov.vn\"",
        "<blockquote>",
    ] {
        assert!(page.contains(part), "the page lacks {part}: {page}");
    }
}

/// An article made by the CLI with `title` and the body in `body_file`; its id.
fn made_by_cli(rig: &Rig, title: &str, body_file: &std::path::Path) -> String {
    let made = newsroom(
        &rig.data,
        &[
            "new",
            "--title",
            title,
            "--body-file",
            body_file.to_str().expect("utf8"),
        ],
        None,
    );
    assert_eq!(made.code, Some(0), "new: {}", made.stderr);
    made.stdout.trim().to_string()
}

/// An article made by the CLI with `title` and `body` (Markdown); its id.
fn written_by_cli(rig: &Rig, title: &str, body: &str) -> String {
    let file = rig._tmp.path().join("than-bai.md");
    std::fs::write(&file, body).expect("body");
    made_by_cli(rig, title, &file)
}

/// Article `id`'s body as stored, read by the CLI.
fn stored_body(data: &std::path::Path, id: &str) -> String {
    let shown: Value =
        serde_json::from_str(&newsroom(data, &["--json", "show", id], None).stdout).expect("json");
    shown["body"].as_str().expect("body").to_string()
}

/// Opens the article titled `title` from the list.
async fn open_from_list(c: &fantoccini::Client, title: &str) {
    crate::app::click(
        c,
        &format!("//button[contains(@class,'item')][.//*[contains(@class,'item-title') and normalize-space(.)='{title}']]"),
    )
    .await;
}

/// Folded as the find panel matches a query typed without marks: lower case, marks taken off,
/// đ as d.
fn folded(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    s.to_lowercase()
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn find_and_replace_in_the_seed_article_is_vietnamese_aware() {
    use crate::app::{button, labelled, wait_css, wait_until, wait_xpath};
    let rig = Rig::new();
    let seed = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/newsroom/tests/fixtures/seed-article.txt");
    let title = "Đoàn kiểm tra làm việc tại Sở";
    let id = made_by_cli(&rig, title, &seed);
    let show = |data: &std::path::Path| stored_body(data, &id);
    let before = show(&rig.data);
    let ubnd = before.matches("UBND").count();
    assert!(ubnd >= 2, "the seed article names UBND {ubnd} times");
    // "Thành ủy" typed as people type a search: no marks.
    let thanh_uy = folded(&before).matches("thanh uy").count();
    assert!(
        thanh_uy >= 2,
        "the seed article names Thành ủy {thanh_uy} times"
    );

    let (driver, c) = rig.open().await;
    let d = &rig.desktop;
    open_from_list(&c, title).await;
    let body = format!(".cm-content{}", labelled("Nội dung"));
    click_with(&c, d, &body, None, 1).await;
    // Ctrl+H inside the editor: the panel with its replace field, the focus in "Tìm".
    d.keys(&["ctrl+h"]);
    wait_xpath(
        &c,
        "//*[contains(@class,'find')]//label[normalize-space(.)='Tìm']/input",
    )
    .await;
    d.type_keys("thanh uy");
    let count = wait_css(&c, ".find .count").await;
    let want = format!("1/{thanh_uy}");
    wait_until(
        async || count.text().await.is_ok_and(|t| t.trim() == want),
        "\"thanh uy\" counted as the folded text has it",
    )
    .await;
    // The toolbar and the open panel pass axe in the window's engine.
    crate::a11y::assert_axe_clean(&c, "the body's toolbar and find panel").await;
    // UBND, whole words, replaced everywhere at once.
    d.keys(&["ctrl+a", "BackSpace"]);
    d.type_keys("UBND");
    let want = format!("1/{ubnd}");
    wait_until(
        async || count.text().await.is_ok_and(|t| t.trim() == want),
        "UBND counted",
    )
    .await;
    crate::app::click_xpath_with(
        &c,
        d,
        "//*[contains(@class,'find')]//label[normalize-space(.)='Cả từ']/input",
    )
    .await;
    wait_xpath(
        &c,
        "//*[contains(@class,'find')]//label[normalize-space(.)='Thay bằng']/input",
    )
    .await
    .send_keys("Ủy ban nhân dân")
    .await
    .expect("type the replacement");
    let all = format!("//*[contains(@class,'find')]{}", button("Thay tất cả"));
    wait_xpath(&c, &all).await;
    crate::app::click_xpath_with(&c, d, &all).await;
    wait_xpath(
        &c,
        &format!("//*[contains(@class,'find')]//*[@role='status' and normalize-space(.)='Đã thay {ubnd} chỗ']"),
    )
    .await;
    wait_until(
        async || count.text().await.is_ok_and(|t| t.trim() == "Không thấy"),
        "no UBND left",
    )
    .await;
    d.keys(&["ctrl+s"]);
    let data = rig.data.clone();
    let want_body = before.replace("UBND", "Ủy ban nhân dân");
    wait_until(
        async || show(&data) == want_body,
        "the replaced text is stored",
    )
    .await;
    close(c, driver).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_title_and_the_lead_are_checked_as_the_body_is() {
    use crate::app::{click, labelled, value_of, wait_css, wait_until};
    let rig = Rig::new();
    let (driver, c) = rig.open().await;
    let d = &rig.desktop;
    new_draft(&c, "Thành phố và nguời dân").await;
    let title = wait_css(&c, &labelled("Tiêu đề")).await;
    // The misspelling underlined in the title; its menu opened by a real right click on it.
    let mark = ".checked .backdrop .misspelled[data-word='nguời']";
    wait_css(&c, mark).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    d.screenshot(&newsroom_e2e::target_dir().join("e2e-shots/20-title-checked.png"));
    click_with(&c, d, mark, None, 3).await;
    click(
        &c,
        "//*[@role='menu']//button[@role='menuitem' and normalize-space(.)='người']",
    )
    .await;
    wait_until(
        async || value_of(&title).await == "Thành phố và người dân",
        "the title fixed from its menu",
    )
    .await;
    // An official name with the wrong capitals in the lead, fixed the same way.
    let lead = wait_css(&c, &format!("textarea{}", labelled("Sapo"))).await;
    lead.send_keys("Sở Tài Nguyên Và Môi Trường họp chiều nay.")
        .await
        .expect("type the lead");
    let name = ".checked .backdrop mark[data-kind='name']";
    wait_css(&c, name).await;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    click_with(&c, d, name, None, 3).await;
    click(
        &c,
        "//*[@role='menu']//button[normalize-space(.)='Sở Tài nguyên và Môi trường']",
    )
    .await;
    wait_until(
        async || value_of(&lead).await == "Sở Tài nguyên và Môi trường họp chiều nay.",
        "the lead fixed from its menu",
    )
    .await;
    save_and_wait(&c).await;
    close(c, driver).await;
}

/// The body's lines as drawn in the window (what a reporter reads), one string per line.
async fn drawn_lines(c: &fantoccini::Client) -> Vec<String> {
    let lines = c
        .execute(
            r#"const el = document.querySelector('.cm-content[aria-label="Nội dung"]');
               return [...el.querySelectorAll('.cm-line')].map((l) => l.textContent.replace(/\u00a0/g, ' '));"#,
            vec![],
        )
        .await
        .expect("the body's lines");
    serde_json::from_value(lines).expect("strings")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_body_reads_as_published_and_its_markdown_is_one_toggle_away() {
    use crate::app::{wait_css, wait_until};
    let rig = Rig::new();
    let markdown = "## Kết quả năm 2026\n\nThành phố đạt mức **tăng trưởng** cao, xem [Cổng thông tin](https://haiphong.gov.vn).\n\n- Cảng biển\n- Du lịch\n\n> Chúng tôi sẽ tiếp tục";
    let id = written_by_cli(&rig, "Bài xem như đăng", markdown);
    let photo = rig._tmp.path().join("do-son.jpg");
    std::fs::write(&photo, newsroom_e2e::jpeg(1600, 1000, 7)).expect("photo");
    let added = newsroom(
        &rig.data,
        &[
            "photo",
            "add",
            &id,
            photo.to_str().expect("utf8"),
            "--alt",
            "Bãi biển Đồ Sơn",
            "--caption",
            "Bãi biển Đồ Sơn sáng 3/12",
        ],
        None,
    );
    assert_eq!(added.code, Some(0), "photo add: {}", added.stderr);
    let stored = || stored_body(&rig.data, &id);
    let source = stored();
    assert!(
        source.ends_with("![Bãi biển Đồ Sơn](anh:1 \"Bãi biển Đồ Sơn sáng 3/12\")"),
        "{source}"
    );

    let (driver, c) = rig.open().await;
    let d = &rig.desktop;
    open_from_list(&c, "Bài xem như đăng").await;
    // The figure line shows its photo (the thumbnail the photo panel has) and its caption.
    let img = wait_css(&c, ".cm-content .cm-lp-figure img[alt='Bãi biển Đồ Sơn']").await;
    let src = img.attr("src").await.expect("src").unwrap_or_default();
    assert!(
        src.starts_with("data:image/"),
        "the thumbnail: {}",
        &src[..src.len().min(40)]
    );
    // Read as published: no mark anywhere while the editor has not the focus.
    let read = vec![
        "Kết quả năm 2026",
        "",
        "Thành phố đạt mức tăng trưởng cao, xem Cổng thông tin.",
        "",
        "• Cảng biển",
        "• Du lịch",
        "",
        "Chúng tôi sẽ tiếp tục",
        "",
        "Bãi biển Đồ Sơn sáng 3/12",
    ];
    wait_until(
        async || drawn_lines(&c).await == read,
        "the body read as published",
    )
    .await;
    // The shot shows the body from its start (opening it scrolled it to the photo's line).
    c.execute(
        "document.querySelector('[data-field=body]').scrollIntoView(); for (const el of document.querySelectorAll('.md-editor, .md-editor .cm-scroller')) el.scrollTop = 0;",
        vec![],
    )
    .await
    .expect("scroll");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    d.screenshot(&newsroom_e2e::target_dir().join("e2e-shots/21-live-preview.png"));

    // A real drag over the bold words (hidden marks around them), then Ctrl+B: they were bold, so
    // they are not any more. The line does not shift under the pointer while it selects.
    select_in_body(&c, d, "tăng trưởng", false).await;
    d.keys(&["ctrl+b"]);
    // The caret's line is written out to be edited, the others still read as published.
    wait_until(
        async || {
            drawn_lines(&c).await
                == [
                    "Kết quả năm 2026",
                    "",
                    "Thành phố đạt mức tăng trưởng cao, xem [Cổng thông tin](https://haiphong.gov.vn).",
                    "",
                    "• Cảng biển",
                    "• Du lịch",
                    "",
                    "Chúng tôi sẽ tiếp tục",
                    "",
                    "Bãi biển Đồ Sơn sáng 3/12",
                ]
        },
        "the caret's line written out, bold taken off",
    )
    .await;
    // A word typed at the end of a list item (a real click after it, real keys).
    select_in_body(&c, d, "Du lịch", true).await;
    d.type_keys(" và dịch vụ");
    // A click on the photo puts the caret on its line, which shows the line as written.
    click_with(&c, d, ".cm-content .cm-lp-figure img", None, 1).await;
    wait_until(
        async || {
            drawn_lines(&c)
                .await
                .last()
                .is_some_and(|l| l == "![Bãi biển Đồ Sơn](anh:1 \"Bãi biển Đồ Sơn sáng 3/12\")")
        },
        "the figure line written out under the caret",
    )
    .await;
    d.keys(&["ctrl+s"]);
    let want = source
        .replace("**tăng trưởng**", "tăng trưởng")
        .replace("- Du lịch", "- Du lịch và dịch vụ");
    wait_until(async || stored() == want, "the edits stored as Markdown").await;

    // "Mã Markdown" (a real click): every line as stored; Ctrl+Shift+M back to the page's look.
    click_with(&c, d, "button.tool-raw", None, 1).await;
    wait_css(&c, "button.tool-raw[aria-pressed='true']").await;
    let lines: Vec<String> = want.split('\n').map(str::to_string).collect();
    wait_until(
        async || drawn_lines(&c).await == lines,
        "the raw Markdown shown",
    )
    .await;
    d.keys(&["ctrl+shift+m"]);
    wait_css(&c, "button.tool-raw[aria-pressed='false']").await;
    // Back to the page's look: the caret still on the figure's line, written out; the others read.
    wait_until(
        async || {
            let l = drawn_lines(&c).await;
            l.first().is_some_and(|f| f == "Kết quả năm 2026")
                && l.last()
                    .is_some_and(|f| f.starts_with("![Bãi biển Đồ Sơn](anh:1"))
        },
        "the page's look back",
    )
    .await;
    close(c, driver).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_checklist_and_the_check_menu_fix_a_mistake_everywhere_through_find() {
    use crate::app::{click, value_of, wait_css, wait_until, wait_xpath};
    let rig = Rig::new();
    let markdown = "Thành phố và nguời dân cùng làm.\n\nMọi nguời đều vui.\n\nSở Tài Nguyên Và Môi Trường họp chiều nay.";
    let id = written_by_cli(&rig, "Bài cần sửa", markdown);
    let (driver, c) = rig.open().await;
    let d = &rig.desktop;
    open_from_list(&c, "Bài cần sửa").await;
    // The body's checks done (the misspelling underlined), then the publish dialog's checklist.
    wait_css(&c, ".cm-content .cm-misspelled[data-word='nguời']").await;
    d.keys(&["ctrl+shift+p"]);
    let fix = "//ul[contains(@class,'checklist')]/li[contains(., 'không có trong từ điển')]//button[normalize-space(.)='Sửa']";
    wait_xpath(&c, fix).await;
    crate::app::click_xpath_with(&c, d, fix).await;
    // "Sửa" opened find and replace on the misspelling, its suggestion to replace it with.
    let what = wait_xpath(
        &c,
        "//*[contains(@class,'find')]//label[normalize-space(.)='Tìm']/input",
    )
    .await;
    let with = wait_xpath(
        &c,
        "//*[contains(@class,'find')]//label[normalize-space(.)='Thay bằng']/input",
    )
    .await;
    wait_until(
        async || value_of(&what).await == "nguời",
        "the misspelling to find",
    )
    .await;
    assert_eq!(value_of(&with).await, "người");
    let count = wait_css(&c, ".find .count").await;
    wait_until(
        async || count.text().await.is_ok_and(|t| t.trim() == "1/2"),
        "both places counted",
    )
    .await;
    let all = format!(
        "//*[contains(@class,'find')]{}",
        crate::app::button("Thay tất cả")
    );
    crate::app::click_xpath_with(&c, d, &all).await;
    wait_xpath(
        &c,
        "//*[contains(@class,'find')]//*[@role='status' and normalize-space(.)='Đã thay 2 chỗ']",
    )
    .await;
    // The official name's menu (a real right click) offers the same: find and replace it all.
    crate::app::click_xpath_with(
        &c,
        d,
        &format!("//*[contains(@class,'find')]{}", crate::app::button("Đóng")),
    )
    .await;
    let name = ".cm-content .cm-style-issue[data-kind='name']";
    wait_css(&c, name).await;
    click_with(&c, d, name, None, 3).await;
    click(
        &c,
        "//*[@role='menu']//button[@role='menuitem' and normalize-space(.)='Tìm và thay cả bài…']",
    )
    .await;
    let what = wait_xpath(
        &c,
        "//*[contains(@class,'find')]//label[normalize-space(.)='Tìm']/input",
    )
    .await;
    wait_until(
        async || value_of(&what).await == "Sở Tài Nguyên Và Môi Trường",
        "the name to find",
    )
    .await;
    let with = wait_xpath(
        &c,
        "//*[contains(@class,'find')]//label[normalize-space(.)='Thay bằng']/input",
    )
    .await;
    assert_eq!(value_of(&with).await, "Sở Tài nguyên và Môi trường");
    crate::app::click_xpath_with(&c, d, &all).await;
    wait_xpath(
        &c,
        "//*[contains(@class,'find')]//*[@role='status' and normalize-space(.)='Đã thay 1 chỗ']",
    )
    .await;
    d.keys(&["ctrl+s"]);
    let data = rig.data.clone();
    let want = "Thành phố và người dân cùng làm.\n\nMọi người đều vui.\n\nSở Tài nguyên và Môi trường họp chiều nay.";
    wait_until(
        async || stored_body(&data, &id) == want,
        "both fixes stored",
    )
    .await;
    close(c, driver).await;
}
