//! Dates as Vietnamese portals write them, with a weekday table of our own (chrono's `vi` locale
//! writes "Thứ tư"; portals write "Thứ Tư"): the time line "Thứ Tư, 02/12/2020 10:16" and the
//! running-text form "Chiều 2/12". Also the date check: a weekday that does not match its date
//! ("Thứ Ba, 02/12/2020" — that day was a Wednesday) and a date that does not exist ("31/2/2021").

use chrono::{Datelike, NaiveDate, Timelike, Weekday};
use serde::Serialize;

/// The weekday's English name, for the English messages.
fn weekday_en(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The weekday as portals write it: "Thứ Hai" … "Thứ Bảy", "Chủ nhật".
pub fn weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

/// The part of the day running text names: Sáng (to 10:59), Trưa (11:00–12:59), Chiều (13:00–17:59),
/// Tối (from 18:00).
pub fn part_of_day(hour: u32) -> &'static str {
    match hour {
        0..=10 => "Sáng",
        11..=12 => "Trưa",
        13..=17 => "Chiều",
        _ => "Tối",
    }
}

/// A local time as running text writes it: "Chiều 2/12" (no zero padding).
pub fn running<T: Datelike + Timelike>(local: &T) -> String {
    format!(
        "{} {}/{}",
        part_of_day(local.hour()),
        local.day(),
        local.month()
    )
}

/// A local time as a long time line: "Thứ Tư, 02/12/2020 10:16".
pub fn long<T: Datelike + Timelike>(local: &T) -> String {
    format!(
        "{}, {:02}/{:02}/{} {:02}:{:02}",
        weekday(local.weekday()),
        local.day(),
        local.month(),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// A chrono strftime format with `%A` meaning the Vietnamese weekday (as [`weekday`] writes it):
/// the profile's time line can be "%A, %d/%m/%Y %H:%M".
pub fn format<Tz: chrono::TimeZone>(local: &chrono::DateTime<Tz>, fmt: &str) -> String
where
    Tz::Offset: std::fmt::Display,
{
    // Each "%A" not preceded by another "%" (so "%%A" stays a literal "%A").
    let mut out = String::new();
    let mut rest = fmt;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.chars().next() {
            Some('A') => {
                out.push_str(&weekday(local.weekday()).replace('%', "%%"));
                rest = &after[1..];
            }
            Some(c) => {
                out.push('%');
                out.push(c);
                rest = &after[c.len_utf8()..];
            }
            None => {
                out.push('%');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    local.format(&out).to_string()
}

/// What is wrong with a date written in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct DateProblem {
    /// The words as written ("Thứ Ba, 02/12/2020").
    pub found: String,
    /// Start in the text, in UTF-16 code units.
    pub from: u32,
    /// End (exclusive), in UTF-16 code units.
    pub to: u32,
    /// What to write instead, when there is one ("Thứ Tư, 02/12/2020").
    pub suggestion: Option<String>,
    /// Why, in Vietnamese.
    pub message: String,
    /// Why, in English (the Vietnamese words of the text quoted as written).
    pub message_en: String,
}

const NAMES: [(&str, Weekday); 8] = [
    ("thứ hai", Weekday::Mon),
    ("thứ ba", Weekday::Tue),
    ("thứ tư", Weekday::Wed),
    ("thứ năm", Weekday::Thu),
    ("thứ sáu", Weekday::Fri),
    ("thứ bảy", Weekday::Sat),
    ("chủ nhật", Weekday::Sun),
    ("thứ 7", Weekday::Sat),
];

/// A `d/m/yyyy` (or `d-m-yyyy`, `d.m.yyyy`) date starting at byte `at`: its day, month, year and
/// byte length. Only when it is not part of a longer run of digits.
fn numeric_date(text: &str, at: usize) -> Option<(u32, u32, i32, usize)> {
    let b = text.as_bytes();
    if at > 0 && (b[at - 1].is_ascii_digit() || matches!(b[at - 1], b'/' | b'-' | b'.')) {
        return None;
    }
    let mut i = at;
    let mut parts = [0u32; 3];
    let mut sep = 0u8;
    for (k, part) in parts.iter_mut().enumerate() {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 4 {
            *part = *part * 10 + u32::from(b[i] - b'0');
            i += 1;
        }
        let len = i - start;
        let ok = if k < 2 {
            (1..=2).contains(&len)
        } else {
            len == 4
        };
        if !ok {
            return None;
        }
        if k < 2 {
            let s = *b.get(i)?;
            if !matches!(s, b'/' | b'-' | b'.') || (k == 1 && s != sep) {
                return None;
            }
            sep = s;
            i += 1;
        }
    }
    if i < b.len()
        && (b[i].is_ascii_digit() || (b[i] == sep && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
    {
        return None;
    }
    Some((parts[0], parts[1], i32::try_from(parts[2]).ok()?, i - at))
}

fn utf16(text: &str, byte: usize) -> u32 {
    crate::utf16_len(&text[..byte])
}

/// Dates in `text` that cannot be right: a weekday naming another day than its date, or a day
/// that does not exist. Dates without a year, or with a month name, are not checked.
pub fn problems(text: &str) -> Vec<DateProblem> {
    let mut out = Vec::new();
    // Offsets in `lower` are offsets in `text`.
    let lower = crate::lower_same_offsets(text);
    let mut covered = 0usize;
    for (at, c) in text.char_indices() {
        if at < covered {
            continue;
        }
        if c.is_ascii_digit() {
            if let Some((d, m, y, len)) = numeric_date(text, at)
                && NaiveDate::from_ymd_opt(y, m, d).is_none()
                && (1..=12).contains(&m)
                && (1..=31).contains(&d)
            {
                out.push(DateProblem {
                    found: text[at..at + len].to_string(),
                    from: utf16(text, at),
                    to: utf16(text, at + len),
                    suggestion: None,
                    message: format!("Ngày {} không có thật.", &text[at..at + len]),
                    message_en: format!("There is no such date as {}.", &text[at..at + len]),
                });
                covered = at + len;
            }
            continue;
        }
        if !matches!(c, 'T' | 't' | 'C' | 'c') {
            continue;
        }
        let Some((name, day)) = NAMES
            .iter()
            .find(|(n, _)| lower[at..].starts_with(n))
            .copied()
        else {
            continue;
        };
        // A word boundary before the weekday and after it.
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let mut i = at + name.len();
        if text[i..].chars().next().is_some_and(char::is_alphanumeric) {
            continue;
        }
        // ", " or " (" or " ngày " between the weekday and the date.
        let gap = &lower[i..];
        let skip = [", ngày ", " ngày ", ", ", " (", " - ", " – ", " "]
            .iter()
            .find(|g| gap.starts_with(*g))
            .map_or(0, |g| g.len());
        i += skip;
        let Some((d, m, y, len)) = numeric_date(text, i) else {
            continue;
        };
        let end = i + len;
        covered = end;
        let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else {
            out.push(DateProblem {
                found: text[at..end].to_string(),
                from: utf16(text, at),
                to: utf16(text, end),
                suggestion: None,
                message: format!("Ngày {} không có thật.", &text[i..end]),
                message_en: format!("There is no such date as {}.", &text[i..end]),
            });
            continue;
        };
        if date.weekday() == day {
            continue;
        }
        let right = weekday(date.weekday());
        // Keep the writer's capitalisation of the first letter.
        let right = if text[at..].starts_with(|c: char| c.is_lowercase()) {
            right.to_lowercase()
        } else {
            right.to_string()
        };
        out.push(DateProblem {
            found: text[at..end].to_string(),
            from: utf16(text, at),
            to: utf16(text, end),
            suggestion: Some(format!("{right}{}", &text[at + name.len()..end])),
            message: format!(
                "Ngày {} là {}, không phải {}.",
                &text[i..end],
                weekday(date.weekday()),
                weekday(day)
            ),
            message_en: format!(
                "{} is a {} (“{}”), not “{}”.",
                &text[i..end],
                weekday_en(date.weekday()),
                weekday(date.weekday()),
                weekday(day)
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use chrono_tz::Asia::Ho_Chi_Minh;

    fn seed_time() -> chrono::DateTime<chrono_tz::Tz> {
        Utc.with_ymd_and_hms(2020, 12, 2, 3, 16, 0)
            .single()
            .expect("valid")
            .with_timezone(&Ho_Chi_Minh)
    }

    #[test]
    fn the_seed_articles_time_line_and_running_date() {
        let t = seed_time();
        assert_eq!(long(&t), "Thứ Tư, 02/12/2020 10:16");
        assert_eq!(format(&t, "%A, %d/%m/%Y %H:%M"), "Thứ Tư, 02/12/2020 10:16");
        assert_eq!(format(&t, "%d/%m/%Y %H:%M"), "02/12/2020 10:16");
        assert_eq!(format(&t, "100%% %A"), "100% Thứ Tư");
        assert_eq!(running(&t), "Sáng 2/12");
        let afternoon = t + chrono::Duration::hours(5);
        assert_eq!(running(&afternoon), "Chiều 2/12");
    }

    #[test]
    fn every_weekday_and_part_of_day() {
        // 2020-11-30 was a Monday.
        let names: Vec<&str> = (0..7)
            .map(|k| {
                weekday(
                    (NaiveDate::from_ymd_opt(2020, 11, 30).expect("valid") + chrono::Days::new(k))
                        .weekday(),
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                "Thứ Hai",
                "Thứ Ba",
                "Thứ Tư",
                "Thứ Năm",
                "Thứ Sáu",
                "Thứ Bảy",
                "Chủ nhật"
            ]
        );
        let parts: Vec<&str> = [6, 10, 11, 12, 13, 17, 18, 23].map(part_of_day).to_vec();
        assert_eq!(
            parts,
            [
                "Sáng", "Sáng", "Trưa", "Trưa", "Chiều", "Chiều", "Tối", "Tối"
            ]
        );
        let late = Ho_Chi_Minh
            .with_ymd_and_hms(2021, 1, 5, 19, 30, 0)
            .single()
            .expect("valid");
        assert_eq!(running(&late), "Tối 5/1");
    }

    #[test]
    fn wrong_weekdays_and_impossible_dates_are_found() {
        let text =
            "Sáng Thứ Ba, 02/12/2020, Đoàn làm việc; thứ hai (7/12/2020) họp tiếp. Hạn 31/2/2021.";
        let p = problems(text);
        assert_eq!(p.len(), 2, "{p:#?}");
        assert_eq!(p[0].found, "Thứ Ba, 02/12/2020");
        assert_eq!(p[0].suggestion.as_deref(), Some("Thứ Tư, 02/12/2020"));
        assert!(p[0].message.contains("Thứ Tư"), "{}", p[0].message);
        let s16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(
            String::from_utf16_lossy(&s16[p[0].from as usize..p[0].to as usize]),
            "Thứ Ba, 02/12/2020"
        );
        assert_eq!(p[1].found, "31/2/2021");
        assert!(p[1].suggestion.is_none());
    }

    #[test]
    fn right_dates_and_other_numbers_are_left_alone() {
        for ok in [
            "Thứ Tư, 02/12/2020 10:16",
            "Chủ nhật ngày 6/12/2020",
            "thứ bảy 5-12-2020",
            "Chiều 2/12, Đoàn kiểm tra làm việc",
            "Số 18 Hoàng Diệu; điện thoại 0225.3821.055",
            "Nghị định 30/2020/NĐ-CP",
            "Quyết định số 2345/QĐ-UBND ngày 29/2/2020",
            "tỷ lệ 1/2/3000",
            "thứ hai là vấn đề vốn",
        ] {
            assert_eq!(problems(ok), Vec::new(), "{ok}");
        }
    }
}
