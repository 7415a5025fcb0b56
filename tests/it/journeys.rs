//! The journeys the other window tests do not walk, where a person could get stuck unnoticed:
//! search filters, the trash and back, an older revision brought back, the conflict dialog's other
//! two choices, bundles and profiles through the native file dialogs, several photos chosen at once
//! in the native dialog, then the lead photo, a credit and a removal. Controls are found by their
//! accessible names; text is typed and buttons clicked as a person does.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::a11y::run;
use crate::app::{Rig, button, click, close, labelled, save_and_wait, wait_css, wait_xpath};

const WAIT: Duration = Duration::from_secs(20);
const LIST: &str = "//ul[@aria-label='Danh sách bài viết']//button[contains(@class,'item')]//span[contains(@class,'item-title')]";

/// Waits until the article list shows exactly `titles` (in any order).
async fn titles_are(c: &Client, list: &str, titles: &[&str]) {
    let mut want: Vec<String> = titles.iter().map(|t| (*t).to_string()).collect();
    want.sort();
    let start = Instant::now();
    loop {
        let mut shown = Vec::new();
        for el in c.find_all(Locator::XPath(list)).await.expect("rows") {
            shown.push(el.text().await.unwrap_or_default().trim().to_string());
        }
        shown.sort();
        if shown == want {
            return;
        }
        assert!(
            start.elapsed() < WAIT,
            "the list shows {shown:?}, not {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Replaces the text of the field `el` by typing: select all, delete, type `text`.
async fn retype(el: &fantoccini::elements::Element, text: &str) {
    let ctrl = char::from(Key::Control);
    let null = char::from(Key::Null);
    let backspace = char::from(Key::Backspace);
    el.send_keys(&format!("{ctrl}a{null}{backspace}"))
        .await
        .expect("clear");
    if !text.is_empty() {
        el.send_keys(text).await.expect("type");
    }
}

/// Waits until the field named `name` holds `value` (read from the page each time: the form is
/// drawn again when an article opens).
async fn field_holds(c: &Client, name: &str, value: &str) {
    let start = Instant::now();
    loop {
        let shown = c
            .execute(
                "const el = document.querySelector(arguments[0]); return el ? el.value : null;",
                vec![json!(labelled(name))],
            )
            .await
            .expect("read the field");
        let shown = shown.as_str().unwrap_or_default().to_string();
        if shown == value {
            return;
        }
        assert!(
            start.elapsed() < WAIT,
            "{name} holds “{shown}”, not “{value}”"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The article `id` as `newsroom show --json` gives it.
fn shown(data: &Path, id: &str) -> Value {
    serde_json::from_str(&run(data, &["--json", "show", id])).expect("json")
}

/// Opens the article titled `title` from the list and waits until the editor shows it.
async fn open(c: &Client, title: &str) {
    click(
        c,
        &format!("//ul[@aria-label='Danh sách bài viết']//button[contains(., '{title}')]"),
    )
    .await;
    field_holds(c, "Tiêu đề", title).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_filters_the_trash_and_an_older_revision_brought_back() {
    let rig = Rig::new();
    let bridge = run(
        &rig.data,
        &[
            "new",
            "--title",
            "Cầu Lạch Tray thông xe",
            "--lead",
            "Sáng nay cầu thông xe.",
            "--byline",
            "Hoàng Tùng",
            "--category",
            "Giao thông",
        ],
    );
    run(
        &rig.data,
        &[
            "new",
            "--title",
            "Lễ hội hoa phượng đỏ",
            "--lead",
            "Tối nay khai mạc.",
            "--byline",
            "Mai Anh",
            "--category",
            "Văn hóa",
        ],
    );
    let (driver, c) = rig.open().await;
    titles_are(
        &c,
        LIST,
        &["Cầu Lạch Tray thông xe", "Lễ hội hoa phượng đỏ"],
    )
    .await;

    // The filters: by section, then by author (typed without marks), then none.
    click(&c, &button("Bộ lọc")).await;
    let section = wait_css(&c, &labelled("Lọc theo chuyên mục")).await;
    section.send_keys("Giao thông").await.expect("section");
    titles_are(&c, LIST, &["Cầu Lạch Tray thông xe"]).await;
    retype(&section, "").await;
    let author = wait_css(&c, &labelled("Lọc theo tác giả")).await;
    author.send_keys("mai anh").await.expect("author");
    titles_are(&c, LIST, &["Lễ hội hoa phượng đỏ"]).await;
    retype(&author, "").await;
    titles_are(
        &c,
        LIST,
        &["Cầu Lạch Tray thông xe", "Lễ hội hoa phượng đỏ"],
    )
    .await;

    // An older revision brought back from the history.
    open(&c, "Cầu Lạch Tray thông xe").await;
    retype(
        &wait_css(&c, &labelled("Tiêu đề")).await,
        "Cầu Lạch Tray thông xe sớm",
    )
    .await;
    save_and_wait(&c).await;
    assert_eq!(shown(&rig.data, &bridge)["revision"], 2);
    click(
        &c,
        "//label[contains(@class, 'toggle') and normalize-space(.)='Lịch sử']",
    )
    .await;
    // The history opens on the latest save against the one before: the word added is shown.
    wait_xpath(&c, "//*[@aria-label='Khác biệt']//ins[contains(., 'sớm')]").await;
    click(
        &c,
        "//ol[@aria-label='Các bản đã lưu']//button[.//span[normalize-space(.)='bản 1']]",
    )
    .await;
    // Revision 1 picked: shown against the latest, what restoring it would change.
    let against = c
        .execute(
            "return document.querySelector(\"select[aria-label='So với']\").value;",
            vec![],
        )
        .await
        .expect("compared with");
    assert_eq!(against, json!("2"));
    tokio::time::sleep(Duration::from_millis(300)).await;
    wait_xpath(&c, "//*[@aria-label='Khác biệt']//ins[contains(., 'sớm')]").await;
    assert!(
        c.find(Locator::XPath(
            "//*[normalize-space(.)='Hai bản giống nhau.']"
        ))
        .await
        .is_err(),
        "an older revision is compared with itself"
    );
    click(&c, &button("Khôi phục bản 1")).await;
    field_holds(&c, "Tiêu đề", "Cầu Lạch Tray thông xe").await;
    let after = shown(&rig.data, &bridge);
    assert_eq!(after["title"], "Cầu Lạch Tray thông xe");
    assert_eq!(after["revision"], 3, "a restore is a new revision: {after}");

    // Into the trash, seen there, and back.
    click(&c, &button("Chuyển vào thùng rác")).await;
    titles_are(&c, LIST, &["Lễ hội hoa phượng đỏ"]).await;
    assert_eq!(shown(&rig.data, &bridge)["status"], "spiked");
    click(
        &c,
        "//button[@role='tab' and normalize-space(.)='Thùng rác']",
    )
    .await;
    let trash = "//ul[@aria-label='Thùng rác']//span[contains(@class,'item-title')]";
    titles_are(&c, trash, &["Cầu Lạch Tray thông xe"]).await;
    click(
        &c,
        &format!(
            "//ul[@aria-label='Thùng rác']//li[contains(., 'Cầu Lạch Tray')]{}",
            button("Khôi phục")
        ),
    )
    .await;
    wait_xpath(&c, "//p[normalize-space(.)='Thùng rác trống.']").await;
    click(
        &c,
        "//button[@role='tab' and normalize-space(.)='Bài viết']",
    )
    .await;
    titles_are(
        &c,
        LIST,
        &["Cầu Lạch Tray thông xe", "Lễ hội hoa phượng đỏ"],
    )
    .await;
    assert_eq!(shown(&rig.data, &bridge)["status"], "draft");
    close(c, driver).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_conflict_dialog_keeps_mine_or_loads_the_latest() {
    let rig = Rig::new();
    let id = run(
        &rig.data,
        &["new", "--title", "Họp báo quý IV", "--lead", "Sapo gốc."],
    );
    let (driver, c) = rig.open().await;
    open(&c, "Họp báo quý IV").await;

    // Someone else saves a new lead while the title is changed here: keep mine.
    run(
        &rig.data,
        &[
            "edit",
            &id,
            "--base-revision",
            "1",
            "--lead",
            "Sapo của biên tập viên.",
        ],
    );
    wait_css(&c, &labelled("Tiêu đề"))
        .await
        .send_keys(" năm 2026")
        .await
        .expect("type");
    wait_xpath(
        &c,
        "//*[@role='alertdialog']//h2[normalize-space(.)='Bài viết vừa được lưu ở nơi khác']",
    )
    .await;
    crate::a11y::assert_axe_clean(&c, "hộp thoại xung đột").await;
    click(
        &c,
        &format!("//*[@role='alertdialog']{}", button("Giữ bản của tôi")),
    )
    .await;
    wait_xpath(
        &c,
        "//*[@role='status' and starts-with(normalize-space(.), 'Đã lưu lúc')]",
    )
    .await;
    let kept = shown(&rig.data, &id);
    assert_eq!(kept["title"], "Họp báo quý IV năm 2026");
    assert_eq!(kept["lead"], "Sapo gốc.", "mine, whole: {kept}");
    assert_eq!(
        kept["revision"], 3,
        "theirs stays in the history as revision 2: {kept}"
    );
    let history: Value =
        serde_json::from_str(&run(&rig.data, &["--json", "history", &id])).expect("history");
    assert_eq!(history.as_array().map(Vec::len), Some(3), "{history}");

    // Again, and this time load the latest: what was typed here is dropped, theirs is shown.
    run(
        &rig.data,
        &[
            "edit",
            &id,
            "--base-revision",
            "3",
            "--lead",
            "Sapo mới nhất.",
        ],
    );
    wait_css(&c, &labelled("Tiêu đề"))
        .await
        .send_keys(" (bỏ)")
        .await
        .expect("type");
    click(
        &c,
        &format!("//*[@role='alertdialog']{}", button("Tải bản mới nhất")),
    )
    .await;
    field_holds(&c, "Sapo", "Sapo mới nhất.").await;
    field_holds(&c, "Tiêu đề", "Họp báo quý IV năm 2026").await;
    let latest = shown(&rig.data, &id);
    assert_eq!(latest["revision"], 4, "{latest}");
    assert_eq!(latest["title"], "Họp báo quý IV năm 2026");
    close(c, driver).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bundles_and_profiles_go_through_the_native_file_dialogs() {
    let rig = Rig::new();
    let id = run(
        &rig.data,
        &["new", "--title", "Tin gửi về tòa soạn", "--lead", "Sapo."],
    );
    // A bundle made on another laptop, to receive here.
    let other = rig._tmp.path().join("may-khac");
    let theirs = run(
        &other,
        &["new", "--title", "Tin từ máy khác", "--lead", "Sapo khác."],
    );
    let received = rig._tmp.path().join("nhan.toasoan");
    run(
        &other,
        &[
            "bundle",
            "export",
            &theirs,
            "--out",
            received.to_str().expect("utf8"),
        ],
    );
    let (driver, c) = rig.open().await;

    // Send: the save dialog, answered with a path.
    open(&c, "Tin gửi về tòa soạn").await;
    click(&c, &button("Gửi gói bài…")).await;
    let sent = rig._tmp.path().join("gui-di.toasoan");
    rig.desktop.answer_file_dialog("Lưu gói bài để gửi", &sent);
    wait_xpath(
        &c,
        &format!(
            "//*[@role='status' and contains(., 'Đã ghi gói bài vào {}. Gửi')]",
            sent.display()
        ),
    )
    .await;
    let third = rig._tmp.path().join("may-thu-ba");
    let imported = run(
        &third,
        &["--json", "bundle", "import", sent.to_str().expect("utf8")],
    );
    assert!(imported.contains(&id), "{imported}");

    // Receive: the open dialog; the new article is listed and opened.
    click(&c, &button("Nhập gói bài…")).await;
    rig.desktop
        .answer_file_dialog("Mở gói bài nhận được", &received);
    wait_xpath(
        &c,
        "//*[@role='status' and contains(., 'Đã nhập bài mới “Tin từ máy khác”')]",
    )
    .await;
    field_holds(&c, "Tiêu đề", "Tin từ máy khác").await;
    assert_eq!(shown(&rig.data, &theirs)["title"], "Tin từ máy khác");

    // A profile exported to a file, changed there, and imported back as another.
    click(&c, "//nav//button[contains(., 'Cài đặt')]").await;
    click(
        &c,
        &format!(
            "//ul[@aria-label='Các hồ sơ cổng']//li[contains(., 'hai-phong')]{}",
            button("Xuất tệp…")
        ),
    )
    .await;
    let file = rig._tmp.path().join("ho-so.json");
    rig.desktop
        .answer_file_dialog("Lưu hồ sơ Cổng TTĐT thành phố Hải Phòng thành tệp", &file);
    wait_xpath(
        &c,
        &format!(
            "//*[@role='status' and normalize-space(.)='Đã xuất hồ sơ vào {}.']",
            file.display()
        ),
    )
    .await;
    let mut profile: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("profile file")).expect("json");
    assert_eq!(profile["id"], "hai-phong");
    profile["id"] = json!("kien-an");
    profile["name"] = json!("Cổng TTĐT quận Kiến An");
    std::fs::write(&file, profile.to_string()).expect("write");
    click(&c, &button("Nhập hồ sơ từ tệp…")).await;
    rig.desktop
        .answer_file_dialog("Mở tệp hồ sơ cổng (.json)", &file);
    wait_xpath(
        &c,
        "//*[@role='status' and contains(., 'Đã nhập hồ sơ Cổng TTĐT quận Kiến An.')]",
    )
    .await;
    wait_xpath(
        &c,
        "//ul[@aria-label='Các hồ sơ cổng']//li[contains(., 'kien-an')]",
    )
    .await;
    let listed = run(&rig.data, &["profile", "list"]);
    assert!(listed.contains("kien-an"), "{listed}");
    close(c, driver).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_photos_from_the_native_dialog_then_the_lead_a_credit_and_a_removal() {
    let rig = Rig::new();
    let folder = rig._tmp.path().join("anh-hop-bao");
    std::fs::create_dir_all(&folder).expect("folder");
    for (i, name) in ["a-toan-canh.jpg", "b-dien-gia.jpg", "c-khan-gia.jpg"]
        .iter()
        .enumerate()
    {
        let seed = u32::try_from(i).expect("small") + 11;
        std::fs::write(folder.join(name), newsroom_e2e::jpeg(900, 600, seed)).expect("photo");
    }
    let id = run(
        &rig.data,
        &["new", "--title", "Họp báo có ảnh", "--lead", "Sapo."],
    );
    let (driver, c) = rig.open().await;
    open(&c, "Họp báo có ảnh").await;

    // "Thêm ảnh…": the native dialog, all three files chosen at once.
    click(&c, &button("Thêm ảnh…")).await;
    rig.desktop
        .answer_file_dialog_with_all_of("Chọn ảnh cho bài (có thể chọn nhiều ảnh)", &folder);
    for n in 1..=3 {
        wait_css(
            &c,
            &format!("li.figure[aria-label='Ảnh {n} trong bài'] img"),
        )
        .await;
    }
    crate::a11y::assert_axe_clean(&c, "bảng Ảnh, ba ảnh").await;
    let figure =
        |n: u32| format!("//li[contains(@class,'figure') and @aria-label='Ảnh {n} trong bài']");
    // The second one becomes the lead photo; the first gets a credit; the third goes.
    click(
        &c,
        &format!("{}//label[contains(., 'Ảnh đại diện')]/input", figure(2)),
    )
    .await;
    let credit = wait_xpath(
        &c,
        &format!("{}//input[@aria-label='Tác giả ảnh']", figure(1)),
    )
    .await;
    credit.send_keys("Ngọc Hà").await.expect("credit");
    credit
        .send_keys(&char::from(Key::Tab).to_string())
        .await
        .expect("leave the field");
    click(&c, &format!("{}{}", figure(3), button("Bỏ khỏi bài"))).await;
    let start = Instant::now();
    let figures = loop {
        let list: Value =
            serde_json::from_str(&run(&rig.data, &["--json", "photo", "list", &id])).expect("json");
        let done = list.as_array().is_some_and(|a| {
            a.len() == 2
                && a.iter().any(|f| f["n"] == 2 && f["lead"] == true)
                && a.iter().any(|f| f["n"] == 1 && f["credit"] == "Ngọc Hà")
        });
        if done {
            break list;
        }
        assert!(
            start.elapsed() < WAIT,
            "the photos are not as chosen: {list:#}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(
        figures
            .as_array()
            .expect("list")
            .iter()
            .all(|f| f["n"] != 3),
        "{figures:#}"
    );
    // The body no longer names the removed photo once saved; the library keeps it.
    save_and_wait(&c).await;
    let body = shown(&rig.data, &id)["body"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        body.contains("anh:1") && body.contains("anh:2") && !body.contains("anh:3"),
        "{body}"
    );
    close(c, driver).await;
}
