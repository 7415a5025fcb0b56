//! Vietnamese typed through real input methods: Unikey under IBus and under Fcitx 5 (Debian's
//! packages), real X key events into the window, and the focus taken away in the middle of a word
//! in every way a reporter does it: a click into another field, Ctrl+S, an autosave, another
//! article opened, the search box left. What was on the screen is what is stored, NFC.

use fantoccini::Client;
use newsroom_e2e::{Desktop, InputMethod, Typing, newsroom};
use serde_json::Value;
use std::path::Path;
use unicode_normalization::UnicodeNormalization as _;

use crate::app::{
    app_env, button, click, click_with, labelled, start_app, value_of, wait_css, wait_until,
    wait_xpath,
};

/// What the reporter types for each text, in one typing scheme, and what it gives.
struct Words {
    /// The title: its last word is still being composed when the body is clicked.
    title: (&'static str, &'static str),
    /// Typed into the body; its last word is being composed when Ctrl+S is pressed.
    body: (&'static str, &'static str),
    /// Typed into the lead; the autosave comes while its last word is being composed.
    lead: (&'static str, &'static str),
    /// Typed into the search box, left by a click elsewhere mid-word.
    search: (&'static str, &'static str),
    /// The second article's title, then its body, left mid-word for the first article.
    second_title: (&'static str, &'static str),
    second_body: (&'static str, &'static str),
    /** A photo's caption, left mid-word by a click into the byline. */
    caption: (&'static str, &'static str),
    /** The byline, left mid-word by a switch to another view. */
    byline: (&'static str, &'static str),
}

const TELEX_OLD: Words = Words {
    title: ("Thanhf phoos Hari Phongf", "Thành phố Hải Phòng"),
    body: ("Hoaf binhf vaf thuyr", "Hòa bình và thủy"),
    lead: ("Tin mowis nhaats", "Tin mới nhất"),
    search: ("Hari Phongf", "Hải Phòng"),
    second_title: ("Ddaf Nawngx", "Đà Nẵng"),
    second_body: ("Quar thaajt", "Quả thật"),
    caption: ("Baix bieenr Ddoof Sown", "Bãi biển Đồ Sơn"),
    byline: ("Hoangf Tungf", "Hoàng Tùng"),
};

const VNI_NEW: Words = Words {
    title: ("Tha2nh pho61 Ha3i Pho2ng", "Thành phố Hải Phòng"),
    body: ("Hoa2 bi2nh va2 thuy3", "Hoà bình và thuỷ"),
    lead: ("Tin mo71i nha61t", "Tin mới nhất"),
    search: ("Ha3i Pho2ng", "Hải Phòng"),
    second_title: ("D9a2 Na84ng", "Đà Nẵng"),
    second_body: ("Qua3 tha65t", "Quả thật"),
    caption: ("Ba4i bie63n D9o62 So7n", "Bãi biển Đồ Sơn"),
    byline: ("Hoa2ng Tu2ng", "Hoàng Tùng"),
};

/// The middle of the element `css` matches, clicked with the real mouse.
async fn click_on(c: &Client, desktop: &Desktop, css: &str) {
    click_with(c, desktop, css, None, 1).await;
}

async fn field_is(c: &Client, css: &str, want: &str, what: &str) {
    let el = wait_css(c, css).await;
    wait_until(async || value_of(&el).await == want, what).await;
}

/// Saves (the button) and waits until the status says so.
async fn saved(c: &Client) {
    wait_xpath(
        c,
        "//*[@role='status' and starts-with(normalize-space(.), 'Đã lưu lúc')]",
    )
    .await;
}

/// The stored article titled `title`, as the CLI shows it.
fn stored(data: &Path, title: &str) -> Value {
    let list: Value =
        serde_json::from_str(&newsroom(data, &["--json", "list"], None).stdout).expect("json");
    let id = list
        .as_array()
        .expect("list")
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no article titled {title:?} in {list}"))["id"]
        .as_str()
        .expect("id")
        .to_string();
    serde_json::from_str(&newsroom(data, &["--json", "show", &id], None).stdout).expect("json")
}

fn nfc(s: &str) -> bool {
    s.nfc().collect::<String>() == s
}

async fn words_survive_every_focus_change(
    im: impl FnOnce(&Desktop, &Path) -> InputMethod,
    w: &Words,
) {
    let rig = crate::app::Rig::new();
    let im = im(&rig.desktop, &rig.home);
    let mut env: Vec<(&str, std::path::PathBuf)> = app_env(&rig.data, &rig.home)
        .iter()
        .map(|(k, v)| (*k, v.to_path_buf()))
        .collect();
    env.retain(|(k, _)| *k != "XDG_CONFIG_HOME");
    env.extend(im.env());
    let env_refs: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
    let (driver, c) = start_app(&rig.desktop, &env_refs).await;
    let d = &rig.desktop;
    let title = labelled("Tiêu đề");
    let lead = format!("textarea{}", labelled("Sapo"));
    let body = format!(".cm-content{}", labelled("Nội dung"));
    let search = labelled("Tìm bài viết");

    // 1. The title's last word is being composed when the body is clicked.
    click(&c, &button("Bài viết mới")).await;
    click_on(&c, d, &title).await;
    d.type_keys(w.title.0);
    click_on(&c, d, &body).await;
    field_is(&c, &title, w.title.1, "the title keeps its last word").await;

    // 2. In the body, Ctrl+S in the middle of a word.
    d.type_keys(w.body.0);
    d.keys(&["ctrl+s"]);
    let data = rig.data.clone();
    let body_word = w.body.1;
    wait_until(
        async || {
            stored(&data, w.title.1)["body"]
                .as_str()
                .is_some_and(|b| b.contains(body_word))
        },
        "Ctrl+S stores the body with its last word",
    )
    .await;

    // 3. In the lead, the autosave comes (1.2 s after the last key) mid-word; then a click away.
    click_on(&c, d, &lead).await;
    d.type_keys(w.lead.0);
    std::thread::sleep(std::time::Duration::from_millis(2500));
    click_on(&c, d, &title).await;
    field_is(&c, &lead, w.lead.1, "the lead keeps its last word").await;
    let lead_text = w.lead.1;
    wait_until(
        async || stored(&data, w.title.1)["lead"] == lead_text,
        "the autosave stores the lead with its last word",
    )
    .await;

    // 4. The search box, left by a click elsewhere mid-word.
    click_on(&c, d, &search).await;
    d.type_keys(w.search.0);
    click_on(&c, d, &lead).await;
    field_is(
        &c,
        &search,
        w.search.1,
        "the search box keeps its last word",
    )
    .await;
    // Emptied again (Ctrl+A, Delete) so that the list shows every article.
    click_on(&c, d, &search).await;
    d.keys(&["ctrl+a", "Delete"]);
    field_is(&c, &search, "", "the search box is empty").await;

    // 5. A second article, its body left mid-word for the first article in the list.
    click(&c, &button("Bài viết mới")).await;
    click_on(&c, d, &title).await;
    d.type_keys(w.second_title.0);
    click_on(&c, d, &body).await;
    d.type_keys(w.second_body.0);
    let first = format!(
        "//button[contains(@class,'item')][.//*[contains(@class,'item-title') and normalize-space(.)='{}']]",
        w.title.1
    );
    wait_xpath(&c, &first).await;
    crate::app::click_xpath_with(&c, d, &first).await;
    field_is(&c, &title, w.title.1, "the first article is open").await;
    saved(&c).await;

    // 6. A photo's caption left mid-word by a click into the byline; the byline left mid-word by
    // a switch to another view (the article's view goes away with the field in it).
    let photo = rig.home.join("do-son.jpg");
    std::fs::write(&photo, newsroom_e2e::jpeg(1200, 800, 3)).expect("photo");
    c.find(fantoccini::Locator::Css(&format!(
        "input[type=file]{}",
        labelled("Chọn tệp ảnh")
    )))
    .await
    .expect("file field")
    .send_keys(photo.to_str().expect("utf8"))
    .await
    .expect("choose the photo");
    let caption = labelled("Chú thích");
    let byline = "input[data-field='authors']";
    wait_css(&c, &caption).await;
    click_on(&c, d, &caption).await;
    d.type_keys(w.caption.0);
    click_on(&c, d, byline).await;
    field_is(&c, &caption, w.caption.1, "the caption keeps its last word").await;
    d.type_keys(w.byline.0);
    crate::app::click_xpath_with(&c, d, "//nav//button[normalize-space(.)='Ảnh']").await;
    wait_xpath(
        &c,
        "//nav//button[normalize-space(.)='Ảnh' and @aria-current='page']",
    )
    .await;
    let byline_text = w.byline.1;
    let caption_line = format!("\"{}\")", w.caption.1);
    wait_until(
        async || {
            let a = stored(&data, w.title.1);
            a["authors"] == serde_json::json!([byline_text])
                && a["body"]
                    .as_str()
                    .is_some_and(|b| b.contains(&caption_line))
        },
        "the byline and the caption stored with their last words",
    )
    .await;
    crate::app::close(c, driver).await;
    drop(im);

    // What is stored is what the screen showed, NFC.
    let one = stored(&rig.data, w.title.1);
    let body_one = one["body"].as_str().expect("body");
    assert!(
        body_one.contains(w.body.1),
        "body {body_one:?} lacks {:?}",
        w.body.1
    );
    assert_eq!(one["lead"], w.lead.1);
    let two = stored(&rig.data, w.second_title.1);
    assert_eq!(two["body"].as_str().map(str::trim), Some(w.second_body.1));
    for text in [
        &one["title"],
        &one["lead"],
        &one["body"],
        &two["title"],
        &two["body"],
    ] {
        assert!(nfc(text.as_str().expect("text")), "not NFC: {text}");
    }
}

/// IBus with Unikey, Telex, tones placed the old way ("hòa", "thủy"), its default.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ibus_unikey_telex_keeps_every_word_when_the_focus_moves_mid_word() {
    words_survive_every_focus_change(
        |d, h| InputMethod::ibus(d, h, Typing::Telex, false),
        &TELEX_OLD,
    )
    .await;
}

/// Fcitx 5 with Unikey, VNI, tones placed the new way ("hoà", "thuỷ").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fcitx5_unikey_vni_keeps_every_word_when_the_focus_moves_mid_word() {
    words_survive_every_focus_change(|d, h| InputMethod::fcitx(d, h, Typing::Vni, true), &VNI_NEW)
        .await;
}
