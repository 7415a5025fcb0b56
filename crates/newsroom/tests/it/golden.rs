//! The golden test: the real portal article in `tests/fixtures/seed-article.txt` (the text of a page
//! of the Hải Phòng portal) entered as a draft as a reporter would, with two photos made here carrying
//! its two caption lines, exported, and compared with the portal page element by element.

use std::path::Path;

use newsroom::articles::{self, ArticleInput};
use newsroom::figures::{self, FigureChange};
use newsroom::media;
use newsroom::profile::Profile;
use scraper::{Html, Selector};

use crate::fresh;
use crate::media::{jpeg, write};

/// The page's text blocks, as the fixture has them: one per non-empty line.
struct Seed {
    lines: Vec<String>,
}

impl Seed {
    fn load() -> Seed {
        let text = include_str!("../fixtures/seed-article.txt");
        Seed {
            lines: text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
        }
    }

    fn index(&self, line: &str) -> usize {
        self.lines
            .iter()
            .position(|l| l == line)
            .unwrap_or_else(|| panic!("fixture has no line {line:?}"))
    }
}

/// The fixture's caption lines: paragraphs set off by two blank lines on each side.
fn captions(text: &str) -> Vec<String> {
    text.split("\n\n\n")
        .skip(1)
        .step_by(2)
        .map(|b| b.trim().to_string())
        .collect()
}

fn select(html: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).expect("selector");
    html.select(&sel)
        .map(|e| {
            // A figcaption's own text, without the credit span the portal does not print.
            let own: String = e
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .collect();
            let text = if e.value().name() == "figcaption" {
                own
            } else {
                e.text().collect()
            };
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// Exports the seed article (the portal's own page, tests/fixtures/seed-article.txt) with its photos
/// into `out`; its page and its folder name.
pub(crate) fn export_seed(data: &Path, out: &Path) -> (String, String) {
    let conn = newsroom::store::open(data).expect("open");
    let seed = Seed::load();
    let raw = include_str!("../fixtures/seed-article.txt");
    let profile = Profile::hai_phong();
    let time_line = seed
        .lines
        .iter()
        .find_map(|l| l.strip_prefix("Thời gian: "))
        .expect("time line");
    let published = chrono::NaiveDateTime::parse_from_str(time_line, "%d/%m/%Y %H:%M")
        .expect("time")
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let at = seed.index(&format!("Thời gian: {time_line}"));
    let title = seed.lines[at + 1].clone();
    let lead = seed.lines[at + 2]
        .strip_prefix(profile.lead_prefix.as_str())
        .expect("the lead starts with the portal prefix")
        .to_string();
    let byline_at = seed.index(&profile.older_label) - 1;
    let byline = seed.lines[byline_at].clone();
    let caption_lines = captions(raw);
    assert_eq!(caption_lines.len(), 2, "{caption_lines:?}");

    // An earlier article of the same category, exported the day before: "Các tin cũ hơn".
    let earlier = articles::create(
        &conn,
        &ArticleInput {
            title: "Hội nghị triển khai nhiệm vụ bảo vệ môi trường năm 2021".into(),
            lead: "Sáng 1/12, Sở Tài nguyên và Môi trường tổ chức hội nghị.".into(),
            body: "Nội dung hội nghị.".into(),
            authors: vec![byline.clone()],
            category: "Tin tức".into(),
            scheduled_at: Some(profile.parse_local("2020-12-01 09:00").expect("time")),
            ..Default::default()
        },
        "Phóng viên",
    )
    .expect("earlier");
    crate::checked::export_package(&conn, data, &earlier.id, out, &profile, false)
        .expect("earlier export");

    let a = articles::create(
        &conn,
        &ArticleInput {
            title: title.clone(),
            lead,
            authors: vec![byline.clone()],
            category: "Tin tức".into(),
            scheduled_at: Some(profile.parse_local(&published).expect("time")),
            ..Default::default()
        },
        "Phóng viên",
    )
    .expect("article");
    let src = tempfile::tempdir().expect("src");
    let mut body = Vec::new();
    let mut photo = 0;
    for line in &seed.lines[at + 3..byline_at] {
        if caption_lines.contains(line) {
            photo += 1;
            let file = write(
                src.path(),
                &format!("anh-{photo}.jpg"),
                &jpeg(1200 + photo * 200, 800, None),
            );
            let imported =
                media::import_file(&conn, data, &file, &profile.photo_spec(), "Phóng viên")
                    .expect("import");
            let n = figures::attach(
                &conn,
                &a.id,
                &imported.hash,
                &FigureChange {
                    credit: Some(byline.clone()),
                    lead: Some(photo == 1),
                    ..Default::default()
                },
            )
            .expect("attach");
            body.push(figures::line(n, &format!("Ảnh {photo} của bài"), line));
        } else {
            body.push(line.clone());
        }
    }
    let mut input = ArticleInput::from(&a);
    input.body = body.join("\n\n");
    let a = articles::save(
        &conn,
        &a.id,
        a.revision,
        &input,
        "Phóng viên",
        articles::SaveKind::Save,
    )
    .expect("save");
    let done =
        crate::checked::export_package(&conn, data, &a.id, out, &profile, true).expect("export");
    (std::fs::read_to_string(&done.index).expect("index"), a.slug)
}

#[test]
fn the_seed_article_exports_as_the_portal_shows_it() {
    let (dir, _conn) = fresh();
    let out = dir.path().join("exports");
    let (html, slug) = export_seed(dir.path(), &out);
    let page = Html::parse_document(&html);
    assert!(page.errors.is_empty(), "{:?}", page.errors);
    let seed = Seed::load();

    // The page's blocks in document order, as the portal's page lists them.
    let blocks = select(
        &page,
        ".masthead .site-kind, .masthead .site-name, .time-line, h1, .lead, .body > p, figcaption, .byline, .older h2",
    );
    let upto = seed.index("Các tin cũ hơn");
    let expected: Vec<String> = seed.lines[..=upto].to_vec();
    // The masthead is upper-cased by CSS only; the text is as printed.
    assert_eq!(blocks, expected);
    // The earlier article is listed, the footer follows.
    let older = select(&page, ".older li");
    assert_eq!(
        older,
        ["Hội nghị triển khai nhiệm vụ bảo vệ môi trường năm 2021 (01/12/2020 09:00)"]
    );
    let footer = select(&page, "footer p");
    assert_eq!(footer[0], seed.lines[upto + 1]);
    assert!(
        footer
            .iter()
            .any(|l| l.contains("congthongtindientu@haiphong.gov.vn"))
    );

    // Figures carry their renditions, alt, size and credit.
    let imgs: Vec<_> = page
        .select(&Selector::parse("figure img").expect("selector"))
        .map(|e| e.value().clone())
        .collect();
    assert_eq!(imgs.len(), 2);
    assert_eq!(
        imgs[0].attr("src"),
        Some(format!("images/{slug}-1-800.jpg").as_str())
    );
    assert_eq!(imgs[0].attr("alt"), Some("Ảnh 1 của bài"));
    assert_eq!(
        (imgs[0].attr("width"), imgs[0].attr("height")),
        (Some("800"), Some("457"))
    );
    assert_eq!(
        imgs[1].attr("srcset"),
        Some(format!("images/{slug}-2-1600.jpg 1600w, images/{slug}-2-800.jpg 800w, images/{slug}-2-320.jpg 320w").as_str())
    );
    assert!(html.contains("<span class=\"credit\">Ảnh: Hoàng Tùng</span>"));

    // The JSON-LD: NewsArticle, Hải Phòng time, the lead photo first.
    let ld = select(&page, "script[type='application/ld+json']");
    let ld: serde_json::Value = serde_json::from_str(&ld[0]).expect("json-ld");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["datePublished"], "2020-12-02T10:16:00+07:00");
    assert_eq!(ld["author"][0]["name"], "Hoàng Tùng");
    assert_eq!(ld["image"][0], format!("images/{slug}-1-1400.jpg"));

    let folder = out.join(&slug);
    assert_eq!(
        newsroom::export::validate(&folder).expect("validate"),
        Vec::<String>::new()
    );

    // The snapshot, with the one thing that changes between runs (the save time) masked.
    let masked = regex_free_mask(&html, "\"dateModified\":\"", "\"");
    insta::assert_snapshot!(masked);
    if let Ok(keep) = std::env::var("TOASOAN_KEEP_GOLDEN") {
        let keep = Path::new(&keep);
        let _ = std::fs::remove_dir_all(keep);
        std::fs::create_dir_all(keep.parent().unwrap_or(Path::new("."))).expect("keep dir");
        std::fs::rename(&folder, keep).expect("keep the package");
    }
}

/// Replaces the text between `start` and the next `end` by `…`.
fn regex_free_mask(s: &str, start: &str, end: &str) -> String {
    match s.find(start) {
        Some(i) => {
            let from = i + start.len();
            let to = s[from..].find(end).map_or(s.len(), |j| from + j);
            format!("{}…{}", &s[..from], &s[to..])
        }
        None => s.to_string(),
    }
}
