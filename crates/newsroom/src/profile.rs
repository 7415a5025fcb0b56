//! Portal profiles: how one portal shows an article (masthead, lead prefix, time line, byline,
//! footer, rendition sizes, slug style) and which export checks it requires.
//!
//! The Hải Phòng profile is built in and is the default. Profiles edited in Settings or imported from
//! a JSON file are stored in the database (table `profiles`), so they travel with backups; a stored
//! profile with the built-in id replaces the built-in one. Every profile is checked by
//! [`Profile::validate`] before it is stored or used.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::rules::{self, Actor, Change};
use crate::{Error, Result, Said, said};

/// Id of the built-in Hải Phòng profile.
pub const HAI_PHONG: &str = "hai-phong";
/// Largest profile file accepted by [`import_file`].
pub const MAX_PROFILE_BYTES: u64 = 256 * 1024;

/// Where the byline goes on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BylinePlacement {
    /// After the body, right-aligned, in bold (the Hải Phòng portal).
    #[default]
    End,
    /// Under the time line, before the title.
    Top,
}

/// How the package folder and image files are named from the article's slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SlugStyle {
    /// The article's slug: `tang-cuong-hieu-luc`.
    #[default]
    Title,
    /// The slug and the publication date: `tang-cuong-hieu-luc-20201202`.
    TitleDate,
}

/// How strongly the export checklist treats one of its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Level {
    /// Blocks the export until fixed.
    Required,
    /// Warns; the export goes ahead.
    Recommended,
    /// Not checked.
    Off,
}

/// How a portal shows its articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Profile {
    /// Stable id: lowercase ASCII letters, digits and hyphens ("hai-phong").
    pub id: String,
    /// Name shown in Settings ("Cổng TTĐT thành phố Hải Phòng").
    pub name: String,
    /// First line of the masthead ("Cổng thông tin điện tử").
    pub site_kind: String,
    /// Second line of the masthead ("Thành phố Hải Phòng").
    pub site_name: String,
    /// Put before the lead; the reporter does not type it ("(Haiphong.gov.vn) - ").
    pub lead_prefix: String,
    /// Label of the time line ("Thời gian:").
    pub time_label: String,
    /// Format of the time line, chrono strftime ("%d/%m/%Y %H:%M"), with `%A` the Vietnamese weekday
    /// ("%A, %d/%m/%Y %H:%M" → "Thứ Tư, 02/12/2020 10:16").
    #[serde(default = "default_time_format")]
    pub time_format: String,
    /// Time zone of the time line and of `--published` (IANA name, "Asia/Ho_Chi_Minh").
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    /// Where the byline goes.
    #[serde(default)]
    pub byline: BylinePlacement,
    /// Lines of the footer block, in order.
    pub footer: Vec<String>,
    /// Language of the portal (BCP 47).
    pub language: String,
    /// Widths of the photo renditions, in pixels (a photo narrower than one is not enlarged).
    pub rendition_widths: Vec<u32>,
    /// JPEG quality of the renditions, 1–100.
    pub jpeg_quality: u8,
    /// Where the portal will serve a package's folder: an absolute http(s) address in which
    /// `{slug}` stands for the folder's name ("https://example.gov.vn/media/{slug}/"; without
    /// `{slug}`, the name is added at the end). When set, `article.json` gives each photo rendition's
    /// address there (NINJS `href`, which must be an absolute URI); when not, renditions carry no
    /// address and `manifest.json` names their files (docs/package-format.md).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub image_url: Option<String>,
    /// How packages and images are named.
    #[serde(default)]
    pub slug_style: SlugStyle,
    /// Heading of the list of earlier articles ("Các tin cũ hơn").
    #[serde(default = "default_older_label")]
    pub older_label: String,
    /// How many earlier articles of the same category "Các tin cũ hơn" lists (0: none).
    #[serde(default = "default_older_count")]
    pub older_count: u32,
    /// House style for tone placement (hòa / hoà); none: either, as long as an article does not mix them.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub tone_style: Option<crate::text::tone::ToneStyle>,
    /// Official names of the bodies the portal writes about, for the name check (dated; staff edit
    /// it as agencies merge and rename).
    #[serde(default = "crate::text::names::Gazetteer::hai_phong")]
    pub gazetteer: crate::text::names::Gazetteer,
    /// Export checks whose level differs from the default (check id → level).
    #[serde(default)]
    pub checks: BTreeMap<String, Level>,
}

fn default_time_format() -> String {
    "%d/%m/%Y %H:%M".into()
}

fn default_time_zone() -> String {
    "Asia/Ho_Chi_Minh".into()
}

fn default_older_label() -> String {
    "Các tin cũ hơn".into()
}

fn default_older_count() -> u32 {
    5
}

/// Whether `url` is an absolute http(s) address with a host (`{slug}` standing for a folder name),
/// without spaces, quotes or angle brackets, of at most 300 characters.
fn image_url_ok(url: &str) -> bool {
    if url.chars().count() > 300
        || url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>'))
    {
        return false;
    }
    url::Url::parse(&url.replace("{slug}", "slug")).is_ok_and(|u| {
        matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
    })
}

/// One profile as Settings lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ProfileEntry {
    /// The profile.
    pub profile: Profile,
    /// The built-in profile, not changed here.
    pub builtin: bool,
    /// The one exports use unless told otherwise.
    pub default: bool,
}

fn invalid(field: &'static str, reason: Said) -> Error {
    Error::InvalidInput { field, reason }
}

impl Profile {
    /// The Hải Phòng city e-portal, as printed on its pages.
    pub fn hai_phong() -> Self {
        Profile {
            id: HAI_PHONG.into(),
            name: "Cổng TTĐT thành phố Hải Phòng".into(),
            site_kind: "Cổng thông tin điện tử".into(),
            site_name: "Thành phố Hải Phòng".into(),
            lead_prefix: "(Haiphong.gov.vn) - ".into(),
            time_label: "Thời gian:".into(),
            time_format: default_time_format(),
            time_zone: default_time_zone(),
            byline: BylinePlacement::End,
            footer: [
                "Cổng thông tin điện tử thành phố Hải Phòng",
                "Cơ quan quản lý: Văn phòng Ủy ban nhân dân thành phố Hải Phòng",
                "Trưởng Ban biên tập: Chánh Văn phòng Nguyễn Ngọc Tú",
                "Địa chỉ: Số 18 Hoàng Diệu, Minh Khai, Hồng Bàng, Hải Phòng",
                "Cơ quan thường trực: Trung tâm Thông tin - Tin học, Văn phòng UBND thành phố; nhà Đ, số 18 Hoàng Diệu, Minh Khai, Hồng Bàng, Hải Phòng",
                "Điện thoại: 0225.3821.055 · Fax: 0225.3747.352 · Email: congthongtindientu@haiphong.gov.vn",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            language: "vi".into(),
            rendition_widths: vec![1600, 800, 320],
            jpeg_quality: 82,
            image_url: None,
            slug_style: SlugStyle::Title,
            older_label: default_older_label(),
            older_count: 5,
            tone_style: None,
            gazetteer: crate::text::names::Gazetteer::hai_phong(),
            checks: BTreeMap::new(),
        }
    }

    /// Checks every field; the error names the first one at fault.
    pub fn validate(&self) -> Result<()> {
        let id_ok = !self.id.is_empty()
            && self.id.len() <= 40
            && self
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !self.id.starts_with('-');
        if !id_ok {
            return Err(invalid(
                "id",
                said!(
                    "mã hồ sơ chỉ gồm chữ thường không dấu, số và dấu gạch nối (tối đa 40 ký tự), ví dụ “hai-phong”",
                    "a profile id has only unaccented lowercase letters, digits and hyphens (at most 40 characters), for example “hai-phong”"
                ),
            ));
        }
        let short = |field: &'static str, v: &str, max: usize, required: bool| -> Result<()> {
            if required && v.trim().is_empty() {
                return Err(invalid(
                    field,
                    said!("không được để trống", "cannot be empty"),
                ));
            }
            if v.chars().count() > max {
                return Err(invalid(
                    field,
                    said!("dài quá {max} ký tự", "longer than {max} characters"),
                ));
            }
            if v.chars().any(|c| c.is_control()) {
                return Err(invalid(
                    field,
                    said!("có ký tự điều khiển", "has control characters"),
                ));
            }
            Ok(())
        };
        short("name", &self.name, 120, true)?;
        short("site_kind", &self.site_kind, 120, false)?;
        short("site_name", &self.site_name, 120, true)?;
        short("lead_prefix", &self.lead_prefix, 80, false)?;
        short("time_label", &self.time_label, 40, false)?;
        short("older_label", &self.older_label, 80, false)?;
        short("language", &self.language, 20, true)?;
        if self.footer.len() > 30 {
            return Err(invalid(
                "footer",
                said!("nhiều quá 30 dòng", "more than 30 lines"),
            ));
        }
        for line in &self.footer {
            short("footer", line, 400, false)?;
        }
        short("time_format", &self.time_format, 60, true)?;
        let items = chrono::format::StrftimeItems::new(&self.time_format);
        if items
            .into_iter()
            .any(|i| matches!(i, chrono::format::Item::Error))
        {
            return Err(invalid("time_format", {
                let f = &self.time_format;
                said!(
                    "định dạng thời gian “{f}” không hợp lệ (ví dụ “%d/%m/%Y %H:%M”)",
                    "the time format “{f}” is not valid (for example “%d/%m/%Y %H:%M”)"
                )
            }));
        }
        self.tz()?;
        if self.rendition_widths.is_empty() || self.rendition_widths.len() > 6 {
            return Err(invalid(
                "rendition_widths",
                said!("cần từ 1 đến 6 cỡ ảnh", "1 to 6 photo sizes are needed"),
            ));
        }
        if let Some(w) = self
            .rendition_widths
            .iter()
            .find(|w| !(16..=6000).contains(*w))
        {
            return Err(invalid(
                "rendition_widths",
                said!(
                    "cỡ ảnh {w} px nằm ngoài khoảng 16–6000",
                    "the photo size {w} px is outside 16–6000"
                ),
            ));
        }
        let mut sorted = self.rendition_widths.clone();
        sorted.sort_unstable();
        sorted.dedup();
        if sorted.len() != self.rendition_widths.len() {
            return Err(invalid(
                "rendition_widths",
                said!("có cỡ ảnh trùng nhau", "a photo size is there twice"),
            ));
        }
        if !(1..=100).contains(&self.jpeg_quality) {
            return Err(invalid(
                "jpeg_quality",
                said!(
                    "chất lượng JPEG phải từ 1 đến 100",
                    "the JPEG quality must be 1 to 100"
                ),
            ));
        }
        if let Some(url) = &self.image_url
            && !image_url_ok(url)
        {
            return Err(invalid(
                "image_url",
                said!(
                    "địa chỉ ảnh phải là địa chỉ http(s) đầy đủ, không có khoảng trắng, tối đa 300 ký tự, ví dụ “https://haiphong.gov.vn/media/{{slug}}/”",
                    "the image address must be a full http(s) address without spaces, at most 300 characters, for example “https://haiphong.gov.vn/media/{{slug}}/”"
                ),
            ));
        }
        if self.older_count > 50 {
            return Err(invalid(
                "older_count",
                said!("tối đa 50 tin", "at most 50 items"),
            ));
        }
        self.gazetteer.validate()?;
        for id in self.checks.keys() {
            if !CHECKS.iter().any(|c| c.id == id) {
                return Err(invalid(
                    "checks",
                    said!(
                        "không có mục kiểm tra “{id}”",
                        "there is no checklist item “{id}”"
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The address of the file `rel` (relative to the package folder, "images/…") of the package
    /// folder `slug`, where the portal will serve it; none when the profile does not say where.
    pub fn served_at(&self, slug: &str, rel: &str) -> Option<String> {
        let base = self.image_url.as_deref()?;
        let folder = if base.contains("{slug}") {
            base.replace("{slug}", slug)
        } else {
            format!("{}/{slug}", base.trim_end_matches('/'))
        };
        Some(format!("{}/{rel}", folder.trim_end_matches('/')))
    }

    /// The time zone of the time line.
    pub fn tz(&self) -> Result<chrono_tz::Tz> {
        self.time_zone.parse::<chrono_tz::Tz>().map_err(|_| {
            invalid("time_zone", {
                let z = &self.time_zone;
                said!(
                    "không biết múi giờ “{z}” (ví dụ “Asia/Ho_Chi_Minh”)",
                    "unknown time zone “{z}” (for example “Asia/Ho_Chi_Minh”)"
                )
            })
        })
    }

    /// An instant as this portal's time line writes it ("02/12/2020 10:16").
    pub fn time_line(&self, instant: DateTime<Utc>) -> String {
        let tz = self.tz().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
        crate::text::dates::format(&instant.with_timezone(&tz), &self.time_format)
    }

    /// An instant as running text writes it, in this portal's zone ("Chiều 2/12").
    pub fn running_date(&self, instant: DateTime<Utc>) -> String {
        let tz = self.tz().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
        crate::text::dates::running(&instant.with_timezone(&tz))
    }

    /// An instant as a long time line, in this portal's zone ("Thứ Tư, 02/12/2020 10:16").
    pub fn long_time(&self, instant: DateTime<Utc>) -> String {
        let tz = self.tz().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
        crate::text::dates::long(&instant.with_timezone(&tz))
    }

    /// An instant in this portal's time zone as RFC 3339 with its offset.
    pub fn local_rfc3339(&self, instant: DateTime<Utc>) -> String {
        let tz = self.tz().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
        instant
            .with_timezone(&tz)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }

    /// Reads "YYYY-MM-DD HH:MM" (or with seconds, or a `T`) as a local time of this portal.
    pub fn parse_local(&self, text: &str) -> Result<DateTime<Utc>> {
        use chrono::TimeZone as _;
        let text = text.trim();
        let naive = [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%dT%H:%M:%S",
        ]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or_else(|| {
            invalid(
                "published",
                said!(
                    "“{text}” không phải thời gian dạng “2020-12-02 10:16”",
                    "“{text}” is not a time like “2020-12-02 10:16”"
                ),
            )
        })?;
        let tz = self.tz()?;
        tz.from_local_datetime(&naive)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| {
                invalid("published", {
                    let z = &self.time_zone;
                    said!(
                        "“{text}” không tồn tại ở múi giờ {z}",
                        "“{text}” does not exist in the time zone {z}"
                    )
                })
            })
    }

    /// The renditions this portal's photos get (widths and JPEG quality).
    pub fn photo_spec(&self) -> crate::media::Spec {
        crate::media::Spec {
            widths: self.rendition_widths.clone(),
            quality: self.jpeg_quality,
        }
    }

    /// The level of check `id` here: the profile's own, else the check's default.
    pub fn level(&self, id: &str) -> Level {
        self.checks.get(id).copied().unwrap_or_else(|| {
            CHECKS
                .iter()
                .find(|c| c.id == id)
                .map_or(Level::Off, |c| c.default)
        })
    }

    /// The name a package of `article` gets (folder, zip, image prefix).
    pub fn package_slug(&self, article: &crate::articles::Article) -> String {
        match self.slug_style {
            SlugStyle::Title => article.slug.clone(),
            SlugStyle::TitleDate => {
                let when = article.scheduled_at.unwrap_or(article.updated_at);
                let tz = self.tz().unwrap_or(chrono_tz::Asia::Ho_Chi_Minh);
                format!(
                    "{}-{}",
                    article.slug,
                    when.with_timezone(&tz).format("%Y%m%d")
                )
            }
        }
    }
}

impl Default for Profile {
    fn default() -> Self {
        Profile::hai_phong()
    }
}

fn parse(id: &str, body: &str) -> Result<Profile> {
    serde_json::from_str(body).map_err(|e| {
        invalid(
            "profile",
            said!(
                "hồ sơ “{id}” không đọc được: {e}",
                "the profile “{id}” cannot be read: {e}"
            ),
        )
    })
}

/// Every profile: the stored ones and the built-in one (unless a stored one has its id), by name.
pub fn list(conn: &Connection) -> Result<Vec<ProfileEntry>> {
    let default = default_id(conn)?;
    let mut stmt = conn.prepare("SELECT id, body FROM profiles ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for (id, body) in rows {
        out.push(ProfileEntry {
            profile: parse(&id, &body)?,
            builtin: false,
            default: id == default,
        });
    }
    if !out.iter().any(|e| e.profile.id == HAI_PHONG) {
        out.push(ProfileEntry {
            profile: Profile::hai_phong(),
            builtin: true,
            default: default == HAI_PHONG,
        });
    }
    out.sort_by(|a, b| a.profile.name.cmp(&b.profile.name));
    Ok(out)
}

/// Profile `id`: the stored one, else the built-in one with that id.
pub fn get(conn: &Connection, id: &str) -> Result<Profile> {
    let body: Option<String> = conn
        .query_row("SELECT body FROM profiles WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    match body {
        Some(body) => parse(id, &body),
        None if id == HAI_PHONG => Ok(Profile::hai_phong()),
        None => Err(Error::NotFound {
            what: said!("hồ sơ cổng", "portal profile"),
            id: id.to_string(),
        }),
    }
}

/// Id of the default profile.
pub fn default_id(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'default_profile'",
            [],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .unwrap_or_else(|| HAI_PHONG.to_string()))
}

/// The profile exports use unless told otherwise.
pub fn active(conn: &Connection) -> Result<Profile> {
    get(conn, &default_id(conn)?)
}

/// Makes profile `id` (which must exist) the default.
pub fn set_default(conn: &Connection, id: &str, by: &Actor) -> Result<()> {
    rules::allow(by, Change::Profiles, None)?;
    get(conn, id)?;
    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('default_profile', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [id],
    )?;
    Ok(())
}

/// Stores `profile` (new, or replacing the one with its id) after checking it.
pub fn save(conn: &Connection, profile: &Profile, by: &Actor) -> Result<()> {
    rules::allow(by, Change::Profiles, None)?;
    let clean = cleaned(profile)?;
    let body = serde_json::to_string_pretty(&clean)
        .map_err(|e| invalid("profile", said!("{e}", "{e}")))?;
    conn.execute(
        "INSERT INTO profiles (id, body, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        params![clean.id, body, newsroom_base::timestamp(Utc::now())],
    )?;
    Ok(())
}

/// Reads a profile from JSON (as `export_file` writes it, at most [`MAX_PROFILE_BYTES`]), with its
/// texts in NFC, and checks every field. Nothing is stored.
pub fn from_json(text: &str) -> Result<Profile> {
    if text.len() as u64 > MAX_PROFILE_BYTES {
        return Err(invalid("profile", {
            let kb = MAX_PROFILE_BYTES / 1024;
            said!(
                "tệp hồ sơ lớn quá {kb} KB",
                "the profile file is larger than {kb} KB"
            )
        }));
    }
    let profile: Profile = serde_json::from_str(text).map_err(|e| {
        invalid(
            "profile",
            said!(
                "tệp không phải hồ sơ cổng hợp lệ: {e}",
                "the file is not a valid portal profile: {e}"
            ),
        )
    })?;
    cleaned(&profile)
}

/// `profile` with its texts in NFC, checked.
fn cleaned(profile: &Profile) -> Result<Profile> {
    let mut clean = profile.clone();
    let nfc = crate::text::nfc;
    clean.name = nfc(&clean.name);
    clean.site_kind = nfc(&clean.site_kind);
    clean.site_name = nfc(&clean.site_name);
    clean.lead_prefix = nfc(&clean.lead_prefix);
    clean.time_label = nfc(&clean.time_label);
    clean.older_label = nfc(&clean.older_label);
    clean.footer = clean.footer.iter().map(|l| nfc(l)).collect();
    clean.gazetteer.names = clean
        .gazetteer
        .names
        .iter()
        .map(|l| nfc(l.trim()))
        .collect();
    clean.validate()?;
    Ok(clean)
}

/// Removes stored profile `id`. The default profile cannot be removed; removing a stored
/// `hai-phong` brings the built-in one back.
pub fn remove(conn: &Connection, id: &str, by: &Actor) -> Result<()> {
    rules::allow(by, Change::Profiles, None)?;
    if default_id(conn)? == id && id != HAI_PHONG {
        return Err(invalid(
            "id",
            said!(
                "không xóa được hồ sơ mặc định; hãy chọn hồ sơ mặc định khác trước",
                "the default profile cannot be removed; make another one the default first"
            ),
        ));
    }
    let n = conn.execute("DELETE FROM profiles WHERE id = ?1", [id])?;
    if n == 0 {
        return Err(Error::NotFound {
            what: said!("hồ sơ cổng đã lưu", "stored portal profile"),
            id: id.to_string(),
        });
    }
    Ok(())
}

/// Reads a profile from a JSON file (at most [`MAX_PROFILE_BYTES`]), checks it and stores it.
pub fn import_file(conn: &Connection, path: &Path, by: &Actor) -> Result<Profile> {
    rules::allow(by, Change::Profiles, None)?;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.len() > MAX_PROFILE_BYTES {
        return Err(invalid("profile", {
            let kb = MAX_PROFILE_BYTES / 1024;
            said!(
                "tệp hồ sơ lớn quá {kb} KB",
                "the profile file is larger than {kb} KB"
            )
        }));
    }
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let profile = from_json(&text)?;
    save(conn, &profile, by)?;
    get(conn, &profile.id)
}

/// Writes profile `id` to `path` as JSON (whole or not at all).
pub fn export_file(conn: &Connection, id: &str, path: &Path) -> Result<()> {
    let profile = get(conn, id)?;
    let mut body = serde_json::to_string_pretty(&profile)
        .map_err(|e| invalid("profile", said!("{e}", "{e}")))?;
    body.push('\n');
    newsroom_base::write_atomic(path, body.as_bytes())
}

/// One item the export checklist ([`crate::checklist`]) knows. The table lives here, beside the
/// levels a profile sets for its items.
#[derive(Debug, Clone, Copy)]
pub struct CheckDef {
    /// Stable id, used in profiles ("alt").
    pub id: &'static str,
    /// Its level unless the profile says otherwise.
    pub default: Level,
    /// What it checks, in Vietnamese.
    pub label: &'static str,
    /// What it checks, in English.
    pub label_en: &'static str,
}

/// Every item, in the order the checklist shows them.
pub static CHECKS: &[CheckDef] = &[
    CheckDef {
        id: "title",
        default: Level::Required,
        label: "Có tiêu đề",
        label_en: "Has a title",
    },
    CheckDef {
        id: "title_length",
        default: Level::Recommended,
        label: "Tiêu đề không quá 150 ký tự",
        label_en: "Title of at most 150 characters",
    },
    CheckDef {
        id: "lead",
        default: Level::Required,
        label: "Có sapo (đoạn dẫn)",
        label_en: "Has a lead",
    },
    CheckDef {
        id: "lead_prefix",
        default: Level::Required,
        label: "Sapo không tự gõ tiền tố của cổng",
        label_en: "The lead does not repeat the portal's prefix",
    },
    CheckDef {
        id: "body",
        default: Level::Required,
        label: "Có nội dung bài",
        label_en: "Has a body",
    },
    CheckDef {
        id: "byline",
        default: Level::Required,
        label: "Có tên tác giả",
        label_en: "Has a byline",
    },
    CheckDef {
        id: "category",
        default: Level::Recommended,
        label: "Có chuyên mục",
        label_en: "Has a section",
    },
    CheckDef {
        id: "published",
        default: Level::Recommended,
        label: "Có thời gian đăng",
        label_en: "Has a publication time",
    },
    CheckDef {
        id: "photo",
        default: Level::Recommended,
        label: "Có ít nhất một ảnh",
        label_en: "Has at least one photo",
    },
    CheckDef {
        id: "photo_found",
        default: Level::Required,
        label: "Mọi ảnh trong bài đều có tệp ảnh",
        label_en: "Every photo the body names has its file",
    },
    CheckDef {
        id: "foreign_images",
        default: Level::Required,
        label: "Không chèn ảnh bằng đường dẫn ngoài bài",
        label_en: "No picture inserted by an outside address",
    },
    CheckDef {
        id: "links",
        default: Level::Recommended,
        label: "Mọi liên kết là địa chỉ web đầy đủ",
        label_en: "Every link is a full web address",
    },
    CheckDef {
        id: "alt",
        default: Level::Required,
        label: "Mọi ảnh có mô tả thay thế (alt)",
        label_en: "Every photo has alt text",
    },
    CheckDef {
        id: "caption",
        default: Level::Recommended,
        label: "Mọi ảnh có chú thích",
        label_en: "Every photo has a caption",
    },
    CheckDef {
        id: "credit",
        default: Level::Recommended,
        label: "Mọi ảnh ghi nguồn ảnh (tác giả)",
        label_en: "Every photo has a credit",
    },
    CheckDef {
        id: "tone_style",
        default: Level::Recommended,
        label: "Cách đặt dấu thanh thống nhất (hòa/hoà)",
        label_en: "Tone marks placed one way (“hòa” or “hoà”)",
    },
    CheckDef {
        id: "spelling",
        default: Level::Recommended,
        label: "Không có lỗi chính tả",
        label_en: "No spelling mistakes",
    },
    CheckDef {
        id: "official_names",
        default: Level::Recommended,
        label: "Tên cơ quan viết đúng tên chính thức",
        label_en: "Agency names as officially written",
    },
    CheckDef {
        id: "dates",
        default: Level::Recommended,
        label: "Ngày tháng và thứ trong tuần khớp nhau",
        label_en: "Dates and weekdays agree",
    },
    CheckDef {
        id: "not_spiked",
        default: Level::Required,
        label: "Bài không nằm trong thùng rác",
        label_en: "Not in the trash",
    },
    CheckDef {
        id: "approved",
        default: Level::Required,
        label: "Bài đã được duyệt (khi tòa soạn có người dùng)",
        label_en: "Approved (when the newsroom has people)",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    fn me(conn: &Connection) -> Actor {
        crate::rules::actor(conn, "Thử", None).expect("solo actor")
    }

    fn db() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().expect("tempdir");
        let conn = crate::store::open(dir.path()).expect("open");
        (dir, conn)
    }

    fn district() -> Profile {
        Profile {
            id: "do-son".into(),
            name: "Cổng TTĐT quận Đồ Sơn".into(),
            site_name: "Quận Đồ Sơn".into(),
            lead_prefix: "(DoSon.gov.vn) - ".into(),
            footer: vec!["Cổng thông tin điện tử quận Đồ Sơn".into()],
            rendition_widths: vec![1200, 600],
            jpeg_quality: 80,
            image_url: None,
            slug_style: SlugStyle::TitleDate,
            ..Profile::hai_phong()
        }
    }

    #[test]
    fn dates_in_the_portals_zone() {
        let p = Profile::hai_phong();
        let t = p.parse_local("2020-12-02 15:20").expect("time");
        assert_eq!(p.running_date(t), "Chiều 2/12");
        assert_eq!(p.long_time(t), "Thứ Tư, 02/12/2020 15:20");
        let mut with_weekday = p.clone();
        with_weekday.time_format = "%A, %d/%m/%Y %H:%M".into();
        with_weekday.validate().expect("%A is accepted");
        assert_eq!(with_weekday.time_line(t), "Thứ Tư, 02/12/2020 15:20");
    }

    #[test]
    fn built_in_profile_is_valid_and_default() {
        let (_d, conn) = db();
        Profile::hai_phong().validate().expect("valid");
        let all = list(&conn).expect("list");
        assert_eq!(all.len(), 1);
        assert!(all[0].builtin && all[0].default);
        assert_eq!(active(&conn).expect("active").id, HAI_PHONG);
    }

    #[test]
    fn stored_profiles_round_trip_and_become_default() {
        let (d, conn) = db();
        save(&conn, &district(), &me(&conn)).expect("save");
        set_default(&conn, "do-son", &me(&conn)).expect("default");
        assert_eq!(active(&conn).expect("active"), district());
        assert!(
            remove(&conn, "do-son", &me(&conn)).is_err(),
            "the default stays"
        );
        let file = d.path().join("do-son.json");
        export_file(&conn, "do-son", &file).expect("export");
        set_default(&conn, HAI_PHONG, &me(&conn)).expect("default");
        remove(&conn, "do-son", &me(&conn)).expect("remove");
        assert!(matches!(get(&conn, "do-son"), Err(Error::NotFound { .. })));
        let back = import_file(&conn, &file, &me(&conn)).expect("import");
        assert_eq!(back, district());
        assert_eq!(list(&conn).expect("list").len(), 2);
    }

    #[test]
    fn bad_profiles_are_refused_with_the_field() {
        let (d, conn) = db();
        type Change = Box<dyn Fn(&mut Profile)>;
        let cases: Vec<(Change, &str)> = vec![
            (Box::new(|p| p.id = "Hải Phòng".into()), "id"),
            (Box::new(|p| p.site_name = " ".into()), "site_name"),
            (Box::new(|p| p.time_format = "%Q %d".into()), "time_format"),
            (
                Box::new(|p| p.time_zone = "Mars/Olympus".into()),
                "time_zone",
            ),
            (
                Box::new(|p| p.rendition_widths = vec![]),
                "rendition_widths",
            ),
            (
                Box::new(|p| p.rendition_widths = vec![800, 800]),
                "rendition_widths",
            ),
            (
                Box::new(|p| p.rendition_widths = vec![100_000]),
                "rendition_widths",
            ),
            (Box::new(|p| p.jpeg_quality = 0), "jpeg_quality"),
            (
                Box::new(|p| {
                    p.checks.insert("nope".into(), Level::Required);
                }),
                "checks",
            ),
        ];
        for (change, field) in cases {
            let mut p = district();
            change(&mut p);
            match save(&conn, &p, &me(&conn)) {
                Err(Error::InvalidInput { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        let junk = d.path().join("junk.json");
        std::fs::write(&junk, b"{\"id\": 3}").expect("write");
        assert!(matches!(
            import_file(&conn, &junk, &me(&conn)),
            Err(Error::InvalidInput { .. })
        ));
        std::fs::write(&junk, vec![b' '; 300 * 1024]).expect("write");
        assert!(matches!(
            import_file(&conn, &junk, &me(&conn)),
            Err(Error::InvalidInput { .. })
        ));
        assert_eq!(list(&conn).expect("list").len(), 1, "nothing stored");
    }

    #[test]
    fn published_time_is_read_in_the_portal_zone() {
        let p = Profile::hai_phong();
        let t = p.parse_local("2020-12-02 10:16").expect("time");
        assert_eq!(t.to_rfc3339(), "2020-12-02T03:16:00+00:00");
        assert_eq!(p.time_line(t), "02/12/2020 10:16");
        assert_eq!(p.local_rfc3339(t), "2020-12-02T10:16:00+07:00");
        assert!(p.parse_local("02/12/2020").is_err());
    }
}
