//! Text typed in the pre-Unicode Vietnamese fonts, as it arrives when pasted or opened today: each
//! byte of the old encoding became the Latin-1 character with that code.
//!
//! - **TCVN3** (ABC; fonts `.VnTime`, `.VnArial`…; `.VnTimeH` for capitals): one byte a letter.
//!   ư is 0xAD, the soft hyphen, which must not be stripped before converting. Capitals with tone
//!   marks exist only in the `…H` fonts, where they reuse the lowercase codes: case is right only
//!   when the font is known ([`Legacy::Tcvn3Capitals`]).
//! - **VNI** (VNI-Windows; fonts `VNI-Times`…): a base letter followed by a mark character
//!   ("aø" = à, "aâ" = â, "aà" = ầ), plus single characters for i, đ, ơ, ư and ỵ.
//!
//! The tables follow the encodings' published layouts.

use unicode_normalization::UnicodeNormalization;

/// An old encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Legacy {
    /// TCVN3 (ABC), `.VnTime`-style fonts.
    Tcvn3,
    /// TCVN3 in a capitals font (`.VnTimeH`): every letter is a capital.
    Tcvn3Capitals,
    /// VNI-Windows.
    Vni,
}

impl Legacy {
    /// The name users know.
    pub fn label(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC, .VnTime)",
            Legacy::Tcvn3Capitals => "TCVN3 (ABC, .VnTimeH)",
            Legacy::Vni => "VNI (VNI-Times)",
        }
    }

    /// The encoding a font name belongs to (`.VnTime`, `.VnTimeH`, `VNI-Times`), if one.
    pub fn of_font(font: &str) -> Option<Legacy> {
        let f = font.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
        if f.starts_with(".vn") {
            Some(if f.ends_with('h') {
                Legacy::Tcvn3Capitals
            } else {
                Legacy::Tcvn3
            })
        } else if f.starts_with("vni-") || f.starts_with("vni ") {
            Some(Legacy::Vni)
        } else {
            None
        }
    }
}

/// TCVN3 code (0xA1–0xFE) → letter. Codes not listed are the same Latin-1 character.
const TCVN3: [(u8, char); 74] = [
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

fn tcvn3(c: char) -> char {
    u8::try_from(u32::from(c))
        .ok()
        .and_then(|b| TCVN3.iter().find(|(code, _)| *code == b))
        .map_or(c, |(_, l)| *l)
}

/// Combining marks of a VNI mark character: (circumflex or breve, tone).
fn vni_mark(c: char) -> Option<(Option<char>, Option<char>)> {
    const CIRC: char = '\u{302}';
    const BREVE: char = '\u{306}';
    let (grave, acute, hook, tilde, dot) = ('\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}');
    Some(match c {
        'ø' | 'Ø' => (None, Some(grave)),
        'ù' | 'Ù' => (None, Some(acute)),
        'û' | 'Û' => (None, Some(hook)),
        'õ' | 'Õ' => (None, Some(tilde)),
        'ï' | 'Ï' => (None, Some(dot)),
        'â' | 'Â' => (Some(CIRC), None),
        'à' | 'À' => (Some(CIRC), Some(grave)),
        'á' | 'Á' => (Some(CIRC), Some(acute)),
        'å' | 'Å' => (Some(CIRC), Some(hook)),
        'ã' | 'Ã' => (Some(CIRC), Some(tilde)),
        'ä' | 'Ä' => (Some(CIRC), Some(dot)),
        'ê' | 'Ê' => (Some(BREVE), None),
        'è' | 'È' => (Some(BREVE), Some(grave)),
        'é' | 'É' => (Some(BREVE), Some(acute)),
        'ú' | 'Ú' => (Some(BREVE), Some(hook)),
        'ü' | 'Ü' => (Some(BREVE), Some(tilde)),
        'ë' | 'Ë' => (Some(BREVE), Some(dot)),
        _ => return None,
    })
}

/// A VNI single character that is a whole letter.
fn vni_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ì' => "ì",
        'í' => "í",
        'æ' => "ỉ",
        'ó' => "ĩ",
        'ò' => "ị",
        'Ì' => "Ì",
        'Í' => "Í",
        'Æ' => "Ỉ",
        'Ó' => "Ĩ",
        'Ò' => "Ị",
        'ñ' => "đ",
        'Ñ' => "Đ",
        'ô' => "ơ",
        'Ô' => "Ơ",
        'ö' => "ư",
        'Ö' => "Ư",
        'î' => "ỵ",
        'Î' => "Ỵ",
        _ => return None,
    })
}

fn vni(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // A base vowel (or ơ/ư written as ô/ö) followed by a mark character.
        let base: Option<String> = match c {
            'a' | 'e' | 'o' | 'u' | 'y' | 'A' | 'E' | 'O' | 'U' | 'Y' => Some(c.to_string()),
            'ô' | 'Ô' | 'ö' | 'Ö' => vni_letter(c).map(str::to_string),
            _ => None,
        };
        if let (Some(base), Some(next)) = (&base, chars.get(i + 1))
            && let Some((shape, tone)) = vni_mark(*next)
        {
            // Circumflex and breve go on plain a/e/o only; on ơ/ư a shape mark means nothing.
            let plain = matches!(c, 'a' | 'e' | 'o' | 'A' | 'E' | 'O');
            if shape.is_none()
                || (plain && !(shape == Some('\u{306}') && matches!(c, 'e' | 'o' | 'E' | 'O')))
            {
                let mut s = base.clone();
                if let Some(sh) = shape {
                    s.push(sh);
                }
                if let Some(t) = tone {
                    s.push(t);
                }
                out.extend(s.nfc());
                i += 2;
                continue;
            }
        }
        match vni_letter(c) {
            Some(l) => out.push_str(l),
            None => out.push(c),
        }
        i += 1;
    }
    out
}

/// `text` (Latin-1 characters standing for `legacy` bytes) as Unicode NFC.
pub fn convert(text: &str, legacy: Legacy) -> String {
    let out: String = match legacy {
        Legacy::Tcvn3 => text.chars().map(tcvn3).collect(),
        Legacy::Tcvn3Capitals => text
            .chars()
            .map(tcvn3)
            .flat_map(char::to_uppercase)
            .collect(),
        Legacy::Vni => vni(text),
    };
    out.nfc().collect()
}

/// Whether `c` is a letter only Vietnamese in Unicode uses (ơ ư đ ă and the letters with a tone
/// in U+1EA0–U+1EF9).
fn vietnamese_unicode(c: char) -> bool {
    matches!(c, 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'đ' | 'Đ' | 'ă' | 'Ă')
        || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
}

/// Which old encoding `text` is in, if it looks like one: by the font named (`font`, from pasted
/// HTML), else by its characters. Text already holding Vietnamese Unicode letters is left alone.
pub fn detect(text: &str, font: Option<&str>) -> Option<Legacy> {
    if let Some(l) = font.and_then(Legacy::of_font) {
        return Some(l);
    }
    if text.chars().any(vietnamese_unicode) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let letter = |c: Option<&char>| c.is_some_and(|c| c.is_alphabetic());
    let mut tcvn = 0usize;
    let mut vni_score = 0usize;
    for (i, c) in chars.iter().enumerate() {
        // TCVN3 telltales: characters no Latin text uses inside words, and the soft hyphen (ư)
        // between letters.
        if matches!(
            c,
            'µ' | '¸' | '¶' | '·' | '¹' | '©' | 'ª' | '«' | '¬' | '®' | '¨' | '\u{AD}'
        ) && (letter(i.checked_sub(1).and_then(|j| chars.get(j))) || letter(chars.get(i + 1)))
        {
            tcvn += 1;
        }
        // VNI telltales: a vowel followed by a mark character, and ñ/ö/ô inside words.
        if matches!(c, 'a' | 'e' | 'o' | 'u' | 'y' | 'A' | 'E' | 'O' | 'U' | 'Y')
            && chars.get(i + 1).is_some_and(|n| vni_mark(*n).is_some())
        {
            vni_score += 1;
        }
    }
    let words = text.split_whitespace().count().max(1);
    // A real Latin-1 text (French "café") has few such pairs; Vietnamese in VNI has one or more in
    // most words.
    if tcvn >= 2 && tcvn * 8 >= words {
        Some(Legacy::Tcvn3)
    } else if vni_score >= 2 && vni_score * 4 >= words {
        Some(Legacy::Vni)
    } else {
        None
    }
}

/// `text` as Unicode NFC, converted from an old encoding if it is in one; says which.
pub fn to_unicode(text: &str, font: Option<&str>) -> (String, Option<Legacy>) {
    match detect(text, font) {
        Some(l) => (convert(text, l), Some(l)),
        None => (text.nfc().collect(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_sample_from_the_newsroom_notes() {
        // ../shared/docs/vietnamese-text.md; the 0xAD in "tr­êng" is ư.
        let pasted = "S\u{EB} T\u{B5}i nguy\u{AA}n v\u{B5} M\u{AB}i tr\u{AD}\u{EA}ng";
        assert_eq!(detect(pasted, None), Some(Legacy::Tcvn3));
        assert_eq!(
            convert(pasted, Legacy::Tcvn3),
            "Sở Tài nguyên và Môi trường"
        );
    }

    #[test]
    fn tcvn3_soft_hyphen_is_u_horn_and_capitals_need_the_font() {
        let nguoi = "ng\u{AD}\u{EA}i";
        assert_eq!(convert(nguoi, Legacy::Tcvn3), "người");
        // .VnTimeH: the same codes, shown as capitals.
        let heading = "Th\u{B5}nh ph\u{E8} H\u{B6}i Ph\u{DF}ng";
        assert_eq!(
            detect(heading, Some(".VnTimeH")),
            Some(Legacy::Tcvn3Capitals)
        );
        assert_eq!(
            convert(heading, Legacy::Tcvn3Capitals),
            "THÀNH PHỐ HẢI PHÒNG"
        );
        assert_eq!(Legacy::of_font("'.VnTime'"), Some(Legacy::Tcvn3));
        // The capitals of the regular font.
        assert_eq!(convert("\u{A7}\u{B5}o \u{A1}n", Legacy::Tcvn3), "Đào Ăn");
    }

    #[test]
    fn vni_sample_from_the_newsroom_notes() {
        let pasted = "Xin chaøo caùc baïn";
        assert_eq!(detect(pasted, None), Some(Legacy::Vni));
        assert_eq!(convert(pasted, Legacy::Vni), "Xin chào các bạn");
    }

    #[test]
    fn vni_letters_with_two_marks_capitals_and_single_characters() {
        // "Đảng bộ thành phố Hải Phòng" and "Ủy ban nhân dân", "người", "ương", "quyết", "Tăng".
        assert_eq!(
            convert("Ñaûng boä thaønh phoá Haûi Phoøng", Legacy::Vni),
            "Đảng bộ thành phố Hải Phòng"
        );
        assert_eq!(
            convert("UÛy ban nhaân daân", Legacy::Vni),
            "Ủy ban nhân dân"
        );
        assert_eq!(
            convert("ngöôøi öông quyeát Taêng", Legacy::Vni),
            "người ương quyết Tăng"
        );
        assert_eq!(convert("THAØNH PHOÁ", Legacy::Vni), "THÀNH PHỐ");
        assert_eq!(convert("kính bieát ñòa", Legacy::Vni), "kính biết địa");
    }

    #[test]
    fn unicode_and_latin_text_are_left_alone() {
        assert_eq!(detect("Sở Tài nguyên và Môi trường", None), None);
        assert_eq!(detect("Un café crème à Paris, déjà vu.", None), None);
        assert_eq!(detect("Hello world", None), None);
        let (out, what) = to_unicode("C\u{e2}\u{300}u", None);
        assert_eq!((out.as_str(), what), ("Cầu", None));
    }
}
