//! Vietnamese text: normalisation and the way dates and times are written on the portal.
//!
//! Every text that enters the store goes through [`nfc`]: macOS, Word and some input methods produce
//! decomposed or mixed forms that would otherwise not compare, search or hash equal.

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Ho_Chi_Minh;
use unicode_normalization::UnicodeNormalization;

/// The text in Unicode NFC, with Windows and old Mac line endings turned into `\n`.
pub fn nfc(s: &str) -> String {
    let s: String = s.nfc().collect();
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s
    }
}

/// An instant as the portal's time line writes it: `02/12/2020 10:16`, in Asia/Ho_Chi_Minh
/// (through the time zone database, not a fixed +7: the offset was +8 before 1975).
pub fn portal_time(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&Ho_Chi_Minh)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// An instant in Asia/Ho_Chi_Minh as RFC 3339 with its offset (`2020-12-02T10:16:00+07:00`).
pub fn local_rfc3339(instant: DateTime<Utc>) -> String {
    instant
        .with_timezone(&Ho_Chi_Minh)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn nfd_becomes_nfc() {
        let nfd: String = "Hải Phòng".nfd().collect();
        assert_eq!(nfd.chars().count(), 11);
        let out = nfc(&nfd);
        assert_eq!(out, "Hải Phòng");
        assert_eq!(out.chars().count(), 9);
    }

    #[test]
    fn unikey_combining_output_becomes_nfc() {
        // "â" followed by a combining grave: neither NFC nor NFD.
        assert_eq!(nfc("C\u{e2}\u{300}u"), "Cầu");
    }

    #[test]
    fn line_endings_are_unified() {
        assert_eq!(nfc("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn portal_time_uses_ho_chi_minh() {
        let t = Utc
            .with_ymd_and_hms(2020, 12, 2, 3, 16, 0)
            .single()
            .expect("valid");
        assert_eq!(portal_time(t), "02/12/2020 10:16");
        assert_eq!(local_rfc3339(t), "2020-12-02T10:16:00+07:00");
    }

    #[test]
    fn portal_time_before_1975_is_plus_eight() {
        let t = Utc
            .with_ymd_and_hms(1970, 1, 1, 0, 0, 0)
            .single()
            .expect("valid");
        assert_eq!(portal_time(t), "01/01/1970 08:00");
    }
}
