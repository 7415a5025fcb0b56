//! The export checklist: what must be right before an article leaves (required items block the
//! export) and what should be (recommended items warn). Each profile can raise, lower or turn off
//! any item ([`crate::profile::Profile::checks`]).
//!
//! Messages say what to fix and where, in Vietnamese and in English (the app shows the one of its
//! UI's language; `newsroom check` the one of `NEWSROOM_LANG`); the words of the article they quote
//! stay as written.

use rusqlite::Connection;
use serde::Serialize;

use crate::articles::{self, Article};
use crate::media::Photo;
use crate::profile::{Level, Profile};
use crate::status::Status;
use crate::{Lang, Result, Said, said};

pub use crate::profile::{CHECKS, CheckDef};

/// One item the checklist knows, as Settings lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CheckInfo {
    /// Stable id.
    pub id: String,
    /// What it checks, in Vietnamese.
    pub label: String,
    /// What it checks, in English.
    pub label_en: String,
    /// Its level unless a profile says otherwise.
    pub default: Level,
}

/// Every item the checklist knows, in order.
pub fn definitions() -> Vec<CheckInfo> {
    CHECKS
        .iter()
        .map(|c| CheckInfo {
            id: c.id.to_string(),
            label: c.label.to_string(),
            label_en: c.label_en.to_string(),
            default: c.default,
        })
        .collect()
}

/// The longest title the checklist accepts without a warning, in characters.
pub const MAX_TITLE_CHARS: usize = 150;

/// One item's result for one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CheckItem {
    /// The item's id ("alt").
    pub id: String,
    /// How the profile treats it (never `off`: those are left out).
    pub level: Level,
    /// Whether the article passes.
    pub ok: bool,
    /// What it checks, in Vietnamese.
    pub label: String,
    /// What it checks, in English.
    pub label_en: String,
    /// When it fails: what to fix and where, in Vietnamese; empty when it passes.
    pub message: String,
    /// The same in English.
    pub message_en: String,
    /// The field to go to: title, lead, body, authors, category, scheduled_at, photos.
    pub field: String,
    /// The photo concerned (its number in the article), if one.
    #[ts(optional = nullable)]
    pub figure: Option<u32>,
}

/// The checklist of one article for one profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Checklist {
    /// The article.
    pub article_id: String,
    /// The profile checked against.
    pub profile_id: String,
    /// Every item that is not off, in order.
    pub items: Vec<CheckItem>,
    /// Whether a required item fails (the export is refused).
    pub blocked: bool,
    /// How many recommended items fail.
    pub warnings: u32,
}

impl Checklist {
    /// The failing required items, one per line, for an error message, in both languages.
    pub fn blocking_summary(&self) -> Said {
        let lines = |lang: Lang| {
            self.items
                .iter()
                .filter(|i| !i.ok && i.level == Level::Required)
                .map(|i| {
                    let m = if lang == Lang::En {
                        &i.message_en
                    } else {
                        &i.message
                    };
                    format!("• {m}")
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        Said::new(lines(Lang::Vi), lines(Lang::En))
    }
}

/// A figure as the checks see it.
struct Fig<'a> {
    n: u32,
    alt: &'a str,
    caption: &'a str,
    found: Option<&'a (Photo, String)>,
}

/// Checks article `id` against `profile`.
pub fn check(conn: &Connection, id: &str, profile: &Profile) -> Result<Checklist> {
    let article = articles::get(conn, id)?;
    let assets = crate::figures::assets(conn, id)?;
    let team = !crate::rules::is_solo(conn)?;
    let spelling = spelling(conn, &article, profile)?;
    Ok(check_article(&article, &assets, profile, team, &spelling))
}

/// What the spelling check thinks of an article: its unknown words (title, lead, body), or why it
/// could not check (no dictionary). Not run when the profile turns the item off.
pub fn spelling(
    conn: &Connection,
    article: &Article,
    profile: &Profile,
) -> Result<std::result::Result<Vec<String>, String>> {
    if profile.level("spelling") == Level::Off {
        return Ok(Ok(Vec::new()));
    }
    let speller = match crate::spell::Speller::shared() {
        Ok(s) => s,
        Err(e) => return Ok(Err(e.to_string())),
    };
    let known = crate::spell::newsroom_words(conn)?;
    Ok(Ok(crate::spell::misspelled(
        speller,
        &prose(article),
        &known,
    )
    .into_iter()
    .map(|m| m.word)
    .collect()))
}

/// An article's title, lead and body as one text, each a paragraph of its own.
fn prose(article: &Article) -> String {
    format!("{}\n\n{}\n\n{}", article.title, article.lead, article.body)
}

/// What one check found wrong: the message, the field to fix, the figure concerned. None: passed.
type Found = Option<(Said, &'static str, Option<u32>)>;

/// One check of [`CHECKS`]: the field it is about when it passes, and what it finds.
type Check = (&'static str, fn(&Ctx<'_>) -> Found);

/// What every check looks at, built once per checklist.
struct Ctx<'a> {
    article: &'a Article,
    figs: Vec<Fig<'a>>,
    profile: &'a Profile,
    team: bool,
    spelling: &'a std::result::Result<Vec<String>, String>,
    /// Title, lead and body as one text, for the language checks.
    text: String,
}

impl Ctx<'_> {
    /// The figures `bad` picks, named in one message (`what`, Vietnamese and English), pointing at
    /// the first.
    fn first_fig(&self, bad: &dyn Fn(&Fig<'_>) -> bool, what: [&str; 2]) -> Found {
        let bad: Vec<&Fig<'_>> = self.figs.iter().filter(|f| bad(f)).collect();
        bad.first().map(|f| {
            let list = bad
                .iter()
                .map(|f| f.n.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            (
                Said::new(
                    format!("{}: ảnh {list} (sửa ở bảng Ảnh bên cạnh bài).", what[0]),
                    format!(
                        "{}: photo {list} (fix it in the Photos panel beside the article).",
                        what[1]
                    ),
                ),
                "photos",
                Some(f.n),
            )
        })
    }
}

/// The function of each item of [`CHECKS`] (a unit test holds them to one each).
fn check_of(id: &str) -> Option<Check> {
    Some(match id {
        "title" => ("title", items::title),
        "title_length" => ("title", items::title_length),
        "lead" => ("lead", items::lead),
        "lead_prefix" => ("lead", items::lead_prefix),
        "body" => ("body", items::body),
        "byline" => ("authors", items::byline),
        "category" => ("category", items::category),
        "published" => ("scheduled_at", items::published),
        "photo" => ("photos", items::photo),
        "photo_found" => ("photos", items::photo_found),
        "foreign_images" => ("body", items::foreign_images),
        "links" => ("body", items::links),
        "alt" => ("photos", items::alt),
        "caption" => ("photos", items::caption),
        "credit" => ("photos", items::credit),
        "approved" => ("status", items::approved),
        "tone_style" => ("body", items::tone_style),
        "spelling" => ("body", items::spelling),
        "official_names" => ("body", items::official_names),
        "dates" => ("body", items::dates),
        "not_spiked" => ("title", items::not_spiked),
        _ => return None,
    })
}

/// Checks an article whose figures' photos and credits are `assets` (by figure number).
pub fn check_article(
    article: &Article,
    assets: &std::collections::HashMap<u32, (Photo, String)>,
    profile: &Profile,
    team: bool,
    spelling: &std::result::Result<Vec<String>, String>,
) -> Checklist {
    let refs = crate::figures::refs(&article.body);
    let mut seen = std::collections::HashSet::new();
    let figs: Vec<Fig<'_>> = refs
        .iter()
        .filter(|r| seen.insert(r.n))
        .map(|r| Fig {
            n: r.n,
            alt: &r.alt,
            caption: &r.caption,
            found: assets.get(&r.n),
        })
        .collect();
    let c = Ctx {
        article,
        figs,
        profile,
        team,
        spelling,
        text: prose(article),
    };
    let mut items = Vec::new();
    for def in CHECKS {
        let level = profile.level(def.id);
        let Some((ok_field, run)) = check_of(def.id) else {
            continue;
        };
        if level == Level::Off {
            continue;
        }
        let (message, field, figure) = match run(&c) {
            Some((m, f, n)) => (Some(m), f, n),
            None => (None, ok_field, None),
        };
        items.push(CheckItem {
            id: def.id.to_string(),
            level,
            ok: message.is_none(),
            label: def.label.to_string(),
            label_en: def.label_en.to_string(),
            message: message
                .as_ref()
                .map(|m| m.vi().to_string())
                .unwrap_or_default(),
            message_en: message
                .as_ref()
                .map(|m| m.en().to_string())
                .unwrap_or_default(),
            field: field.to_string(),
            figure,
        });
    }
    let blocked = items.iter().any(|i| !i.ok && i.level == Level::Required);
    let warnings = items
        .iter()
        .filter(|i| !i.ok && i.level == Level::Recommended)
        .count();
    Checklist {
        article_id: article.id.clone(),
        profile_id: profile.id.clone(),
        items,
        blocked,
        warnings: u32::try_from(warnings).unwrap_or(u32::MAX),
    }
}

/// One function per item of [`CHECKS`], named by its id.
mod items {
    use super::*;

    pub(super) fn title(c: &Ctx<'_>) -> Found {
        c.article.title.trim().is_empty().then(|| {
            (
                said!(
                    "Bài chưa có tiêu đề: hãy nhập ô Tiêu đề.",
                    "The article has no title: fill in the Title field."
                ),
                "title",
                None,
            )
        })
    }

    pub(super) fn title_length(c: &Ctx<'_>) -> Found {
        let n = c.article.title.chars().count();
        (n > MAX_TITLE_CHARS).then(|| {
            (
                said!(
                    "Tiêu đề dài {n} ký tự (nên không quá {MAX_TITLE_CHARS}): hãy rút gọn ô Tiêu đề.",
                    "The title is {n} characters long (at most {MAX_TITLE_CHARS} advised): shorten the Title field."
                ),
                "title",
                None,
            )
        })
    }

    pub(super) fn lead(c: &Ctx<'_>) -> Found {
        c.article.lead.trim().is_empty().then(|| {
            (
                said!(
                    "Bài chưa có sapo: hãy nhập ô Sapo (không gõ tiền tố của cổng).",
                    "The article has no lead: fill in the Lead field (without the portal's prefix)."
                ),
                "lead",
                None,
            )
        })
    }

    pub(super) fn lead_prefix(c: &Ctx<'_>) -> Found {
        let prefix = c
            .profile
            .lead_prefix
            .trim()
            .trim_end_matches(['-', '–', ' '])
            .trim();
        let typed = !prefix.is_empty()
            && crate::text::fold(c.article.lead.trim_start())
                .starts_with(&crate::text::fold(prefix));
        typed.then(|| {
            (
                Said::new(
                    format!(
                        "Sapo đã có “{prefix}” ở đầu; cổng tự thêm “{}”, hãy xóa phần đó trong ô Sapo.",
                        c.profile.lead_prefix.trim_end()
                    ),
                    format!(
                        "The lead starts with “{prefix}”, which the portal adds itself (“{}”): delete it from the Lead field.",
                        c.profile.lead_prefix.trim_end()
                    ),
                ),
                "lead",
                None,
            )
        })
    }

    pub(super) fn body(c: &Ctx<'_>) -> Found {
        crate::markdown::plain_text(&c.article.body)
            .trim()
            .is_empty()
            .then(|| {
                (
                    said!(
                        "Bài chưa có nội dung: hãy viết phần Nội dung.",
                        "The article has no body: write the Body."
                    ),
                    "body",
                    None,
                )
            })
    }

    pub(super) fn byline(c: &Ctx<'_>) -> Found {
        c.article
            .authors
            .iter()
            .all(|a| a.trim().is_empty())
            .then(|| {
                (
                    said!(
                        "Bài chưa có tên tác giả: hãy nhập ô Tác giả.",
                        "The article has no byline: fill in the Byline field."
                    ),
                    "authors",
                    None,
                )
            })
    }

    pub(super) fn category(c: &Ctx<'_>) -> Found {
        c.article.category.trim().is_empty().then(|| {
            (
                said!(
                    "Bài chưa có chuyên mục: hãy chọn ô Chuyên mục.",
                    "The article has no section: fill in the Section field."
                ),
                "category",
                None,
            )
        })
    }

    pub(super) fn published(c: &Ctx<'_>) -> Found {
        c.article.scheduled_at.is_none().then(|| {
            (
                Said::new(
                    format!(
                        "Chưa đặt thời gian đăng: dòng “{}” sẽ lấy giờ lưu gần nhất. Hãy đặt ô Thời gian đăng.",
                        c.profile.time_label
                    ),
                    format!(
                        "No publication time is set: the “{}” line will show the last save. Set the Published field.",
                        c.profile.time_label
                    ),
                ),
                "scheduled_at",
                None,
            )
        })
    }

    pub(super) fn photo(c: &Ctx<'_>) -> Found {
        c.figs.is_empty().then(|| {
            (
                said!(
                    "Bài chưa có ảnh: hãy thêm ảnh ở bảng Ảnh.",
                    "The article has no photo: add one in the Photos panel."
                ),
                "photos",
                None,
            )
        })
    }

    pub(super) fn photo_found(c: &Ctx<'_>) -> Found {
        c.first_fig(
            &|f| f.found.is_none(),
            [
                "Nội dung nhắc tới ảnh chưa được thêm vào bài",
                "The body names a photo not added to the article",
            ],
        )
    }

    pub(super) fn foreign_images(c: &Ctx<'_>) -> Found {
        let foreign = crate::markdown::foreign_images(&c.article.body);
        (!foreign.is_empty()).then(|| {
                let shown: Vec<String> = foreign
                    .iter()
                    .take(3)
                    .map(|u| format!("“{}”", u.chars().take(60).collect::<String>()))
                    .collect();
                (
                    Said::new(
                        format!(
                            "Nội dung chèn {} ảnh bằng đường dẫn ({}) — ảnh đó không đi kèm gói và sẽ không hiện: hãy thêm ảnh qua bảng Ảnh, hoặc xóa dòng đó trong phần Nội dung.",
                            foreign.len(),
                            shown.join(", ")
                        ),
                        format!(
                            "The body inserts {} picture(s) by address ({}): they do not go with the package and will not show. Add them in the Photos panel, or delete the line from the Body.",
                            foreign.len(),
                            shown.join(", ")
                        ),
                    ),
                    "body",
                    None,
                )
            })
    }

    pub(super) fn links(c: &Ctx<'_>) -> Found {
        let dropped = crate::markdown::dropped_links(&c.article.body);
        (!dropped.is_empty()).then(|| {
                let shown: Vec<String> = dropped
                    .iter()
                    .take(3)
                    .map(|u| format!("“{}”", u.chars().take(60).collect::<String>()))
                    .collect();
                (
                    Said::new(
                        format!(
                            "{} liên kết không phải địa chỉ web đầy đủ ({}) sẽ chỉ còn chữ: hãy sửa thành https://… trong phần Nội dung.",
                            dropped.len(),
                            shown.join(", ")
                        ),
                        format!(
                            "{} link(s) without a full web address ({}) will keep only their text: change them to https://… in the Body.",
                            dropped.len(),
                            shown.join(", ")
                        ),
                    ),
                    "body",
                    None,
                )
            })
    }

    pub(super) fn alt(c: &Ctx<'_>) -> Found {
        c.first_fig(
            &|f| f.found.is_some() && f.alt.trim().is_empty(),
            ["Thiếu mô tả thay thế (alt)", "No alt text"],
        )
    }

    pub(super) fn caption(c: &Ctx<'_>) -> Found {
        c.first_fig(
            &|f| f.found.is_some() && f.caption.trim().is_empty(),
            ["Thiếu chú thích", "No caption"],
        )
    }

    pub(super) fn credit(c: &Ctx<'_>) -> Found {
        c.first_fig(
            &|f| f.found.is_some_and(|(_, c)| c.trim().is_empty()),
            ["Thiếu tên tác giả ảnh", "No photo credit"],
        )
    }

    pub(super) fn approved(c: &Ctx<'_>) -> Found {
        (c.team && !matches!(c.article.status, Status::Approved | Status::Exported)).then(|| {
            (
                Said::new(
                    format!(
                        "Bài chưa được duyệt (đang “{}”): hãy gửi duyệt; biên tập viên duyệt xong mới xuất bản được.",
                        c.article.status.label_vi()
                    ),
                    format!(
                        "The article is not approved (it is “{}”): submit it; it can be published once an editor approves it.",
                        c.article.status.label_en()
                    ),
                ),
                "status",
                None,
            )
        })
    }

    pub(super) fn tone_style(c: &Ctx<'_>) -> Found {
        use crate::text::tone::{self, ToneStyle};
        let found = tone::placements(&c.text);
        let name = |s: ToneStyle| match s {
            ToneStyle::Old => ["kiểu cũ (hòa, thủy)", "the old style (“hòa”, “thủy”)"],
            ToneStyle::New => ["kiểu mới (hoà, thuỷ)", "the new style (“hoà”, “thuỷ”)"],
        };
        let off: Vec<&str> = match c.profile.tone_style {
            Some(house) => found
                .iter()
                .filter(|(_, s)| *s != house)
                .map(|(r, _)| &c.text[r.clone()])
                .collect(),
            None if tone::mixed(&c.text) => {
                let first = found.first().map(|(_, s)| *s);
                found
                    .iter()
                    .filter(|(_, s)| Some(*s) != first)
                    .map(|(r, _)| &c.text[r.clone()])
                    .collect()
            }
            None => Vec::new(),
        };
        (!off.is_empty()).then(|| {
                let mut seen: Vec<&str> = off.clone();
                seen.dedup();
                let sample = seen.iter().take(5).map(|w| format!("“{w}”")).collect::<Vec<_>>().join(", ");
                let want = c.profile.tone_style.map_or(["một kiểu", "one style"], name);
                (
                    Said::new(
                        format!(
                            "Bài đặt dấu thanh lẫn hai kiểu ({} chỗ: {sample}); cổng dùng {}: hãy sửa trong phần Nội dung, hoặc dùng “Đổi về kiểu của cổng” (tên riêng như Hòa Bình giữ nguyên).",
                            off.len(),
                            want[0]
                        ),
                        format!(
                            "The article places tone marks both ways ({} places: {sample}); the portal uses {}: fix them in the Body, or use “Use the portal's style” (names such as “Hòa Bình” stay as they are).",
                            off.len(),
                            want[1]
                        ),
                    ),
                    "body",
                    None,
                )
            })
    }

    pub(super) fn spelling(c: &Ctx<'_>) -> Found {
        match c.spelling {
            Ok(words) if words.is_empty() => None,
            Ok(words) => {
                let mut shown: Vec<&str> = words.iter().map(String::as_str).collect();
                shown.dedup();
                let sample = shown
                    .iter()
                    .take(6)
                    .map(|w| format!("“{w}”"))
                    .collect::<Vec<_>>()
                    .join(", ");
                Some((
                    Said::new(
                        format!(
                            "{} chữ không có trong từ điển ({sample}): hãy sửa trong bài, hoặc thêm tên riêng vào từ điển của tòa soạn.",
                            words.len()
                        ),
                        format!(
                            "{} word(s) not in the dictionary ({sample}): fix them in the article, or add names to the newsroom's dictionary.",
                            words.len()
                        ),
                    ),
                    "body",
                    None,
                ))
            }
            Err(why) => Some((
                Said::new(
                    format!("Chưa kiểm tra được chính tả: {why}."),
                    format!("Spelling could not be checked: {why}."),
                ),
                "body",
                None,
            )),
        }
    }

    pub(super) fn official_names(c: &Ctx<'_>) -> Found {
        let found = crate::text::names::problems(&c.profile.gazetteer, &c.text);
        found.first().map(|_| {
                let sample = found
                    .iter()
                    .take(4)
                    .map(|p| format!("“{}” → “{}”", p.found, p.suggestion))
                    .collect::<Vec<_>>()
                    .join("; ");
                let review = if c.profile.gazetteer.needs_review {
                    [
                        " Danh sách tên cơ quan của hồ sơ chưa được tòa soạn rà soát.",
                        " The profile's list of agency names has not been reviewed by the newsroom.",
                    ]
                } else {
                    ["", ""]
                };
                (
                    Said::new(
                        format!(
                            "{} tên cơ quan viết chưa đúng tên chính thức ({sample}): hãy sửa trong bài (nhấn chuột phải vào chỗ gạch chân).{}",
                            found.len(),
                            review[0]
                        ),
                        format!(
                            "{} agency name(s) not as officially written ({sample}): fix them in the article (right-click the underlined words).{}",
                            found.len(),
                            review[1]
                        ),
                    ),
                    "body",
                    None,
                )
            })
    }

    pub(super) fn dates(c: &Ctx<'_>) -> Found {
        let found = crate::text::dates::problems(&c.text);
        found.first().map(|_| {
            let sample = |en: bool| {
                found
                    .iter()
                    .take(3)
                    .map(|p| {
                        if en {
                            p.message_en.clone()
                        } else {
                            p.message.clone()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            (
                Said::new(
                    format!("Ngày tháng chưa đúng: {} Hãy sửa trong bài.", sample(false)),
                    format!(
                        "Dates that are wrong: {} Fix them in the article.",
                        sample(true)
                    ),
                ),
                "body",
                None,
            )
        })
    }

    pub(super) fn not_spiked(c: &Ctx<'_>) -> Found {
        (c.article.status == Status::Spiked).then(|| {
            (
                said!(
                    "Bài đang ở thùng rác: hãy lấy bài ra khỏi thùng rác trước.",
                    "The article is in the trash: restore it first."
                ),
                "title",
                None,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::articles::ArticleInput;

    fn db() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().expect("tempdir");
        let conn = crate::store::open(dir.path()).expect("open");
        (dir, conn)
    }

    fn failing(c: &Checklist) -> Vec<&str> {
        c.items
            .iter()
            .filter(|i| !i.ok)
            .map(|i| i.id.as_str())
            .collect()
    }

    #[test]
    fn every_item_of_the_table_has_one_check() {
        for def in CHECKS {
            assert!(check_of(def.id).is_some(), "no check for “{}”", def.id);
        }
        let ids: std::collections::HashSet<&str> = CHECKS.iter().map(|d| d.id).collect();
        assert_eq!(ids.len(), CHECKS.len(), "an id twice in CHECKS");
        assert!(check_of("no-such-item").is_none());
    }

    #[test]
    fn every_check_is_implemented() {
        let (_d, conn) = db();
        let a = articles::create(
            &conn,
            &ArticleInput {
                title: "x".into(),
                ..Default::default()
            },
            "t",
        )
        .expect("create");
        let c = check(&conn, &a.id, &Profile::default()).expect("check");
        assert_eq!(c.items.len(), CHECKS.len());
    }

    #[test]
    fn a_bare_draft_is_blocked_and_says_where() {
        let (_d, conn) = db();
        let a = articles::create(
            &conn,
            &ArticleInput {
                title: "Tin ngắn".into(),
                ..Default::default()
            },
            "t",
        )
        .expect("create");
        let c = check(&conn, &a.id, &Profile::default()).expect("check");
        assert!(c.blocked);
        assert_eq!(
            failing(&c),
            ["lead", "body", "byline", "category", "published", "photo"]
        );
        let lead = c.items.iter().find(|i| i.id == "lead").expect("lead");
        assert_eq!(lead.field, "lead");
        assert!(lead.message.contains("Sapo"), "{}", lead.message);
        assert!(lead.message_en.contains("Lead"), "{}", lead.message_en);
        let summary = c.blocking_summary();
        assert_eq!(summary.vi().lines().count(), 3, "{summary}");
        assert_eq!(summary.en().lines().count(), 3, "{}", summary.en());
        assert_eq!(c.warnings, 3);
    }

    #[test]
    fn every_item_and_finding_is_said_in_english_too() {
        // English words only, apart from what a message quotes (between “ and ”).
        let vietnamese = |text: &str| {
            let mut quoted = false;
            text.chars().any(|ch| {
                match ch {
                    '“' => quoted = true,
                    '”' => quoted = false,
                    _ => {}
                }
                !quoted && !ch.is_ascii() && ch.is_alphabetic()
            })
        };
        for def in CHECKS {
            assert!(
                !def.label_en.is_empty() && !vietnamese(def.label_en),
                "{}",
                def.id
            );
        }
        let (_d, conn) = db();
        let a = articles::create(
            &conn,
            &ArticleInput {
                title: "Tin".into(),
                lead: "(Haiphong.gov.vn) - Sáng nay".into(),
                body: "Thứ Ba, 02/12/2020 và 31/2/2021, ngày hòa và hoà, ![](anh:4) ![x](https://x.vn/a.jpg) [x](a.html) nguời Sở Tài Nguyên và Môi trường".into(),
                ..Default::default()
            },
            "t",
        )
        .expect("create");
        let mut profile = Profile::default();
        for def in CHECKS {
            profile.checks.insert(def.id.into(), Level::Required);
        }
        let c = check(&conn, &a.id, &profile).expect("check");
        let failing: Vec<&CheckItem> = c.items.iter().filter(|i| !i.ok).collect();
        let ids: Vec<&str> = failing.iter().map(|i| i.id.as_str()).collect();
        // What the text above was written to provoke: every finding that quotes the article.
        assert_eq!(
            ids,
            [
                "lead_prefix",
                "byline",
                "category",
                "published",
                "photo_found",
                "foreign_images",
                "links",
                "tone_style",
                "spelling",
                "official_names",
                "dates"
            ]
        );
        for i in failing {
            assert!(
                !i.message_en.is_empty() && i.message_en != i.message,
                "{}",
                i.id
            );
            // Words of the article (and the status' name) are quoted; the rest is English.
            assert!(!vietnamese(&i.message_en), "{}: {}", i.id, i.message_en);
        }
    }

    #[test]
    fn typed_prefix_missing_figures_and_profile_levels() {
        let (_d, conn) = db();
        let input = ArticleInput {
            title: "Tin".into(),
            lead: "(HaiPhong.gov.vn) - Sáng nay".into(),
            body: "Đoạn một.\n\n![](anh:1 \"Chú thích\")\n".into(),
            authors: vec!["Hoàng Tùng".into()],
            category: "Thời sự".into(),
            scheduled_at: Some(chrono::Utc::now()),
            ..Default::default()
        };
        let a = articles::create(&conn, &input, "t").expect("create");
        let mut profile = Profile::default();
        let c = check(&conn, &a.id, &profile).expect("check");
        assert_eq!(failing(&c), ["lead_prefix", "photo_found"]);
        let f = c
            .items
            .iter()
            .find(|i| i.id == "photo_found")
            .expect("item");
        assert_eq!(f.figure, Some(1));
        assert!(f.message.contains("ảnh 1"), "{}", f.message);
        profile
            .checks
            .insert("lead_prefix".into(), Level::Recommended);
        profile.checks.insert("photo_found".into(), Level::Off);
        let c = check(&conn, &a.id, &profile).expect("check");
        assert!(!c.blocked);
        assert_eq!(c.warnings, 1);
        assert!(c.items.iter().all(|i| i.id != "photo_found"));
    }
}
