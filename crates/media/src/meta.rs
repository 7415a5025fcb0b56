//! What a photo says about itself: its EXIF orientation, and the credit, copyright and description
//! a photographer or agency wrote into its IPTC, XMP or EXIF metadata.
//!
//! Only these fields are read; nothing else of the original's metadata (GPS position, camera
//! serial, …) is kept anywhere, and renditions are encoded from pixels, so they carry none of it.
//! Readers are defensive: every length is checked, and a malformed block is skipped, not an error.

use std::io::Cursor;

use newsroom_text::nfc;

/// Longest text kept from a metadata field, in characters.
const MAX_FIELD_CHARS: usize = 500;

/// What the metadata gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// EXIF orientation, 1–8 (1 when absent or invalid).
    pub orientation: u16,
    /// Photographer or agency credit.
    pub credit: String,
    /// Copyright notice.
    pub copyright: String,
    /// Description (caption written by the photographer).
    pub description: String,
}

/// Reads the orientation, credit, copyright and description of an image file's bytes. IPTC wins
/// over XMP, which wins over EXIF (the order news agencies fill them in).
pub fn read(bytes: &[u8]) -> Found {
    let mut found = Found {
        orientation: 1,
        ..Found::default()
    };
    let exif = exif_fields(bytes);
    found.orientation = exif.orientation;
    let iptc = if is_jpeg(bytes) {
        iptc_fields(bytes)
    } else {
        Fields::default()
    };
    let xmp = if is_jpeg(bytes) {
        xmp_fields(bytes)
    } else {
        Fields::default()
    };
    let pick = |a: &str, b: &str, c: &str| -> String {
        [a, b, c]
            .into_iter()
            .map(clean)
            .find(|s| !s.is_empty())
            .unwrap_or_default()
    };
    found.credit = pick(&iptc.credit, &xmp.credit, &exif.credit);
    found.copyright = pick(&iptc.copyright, &xmp.copyright, &exif.copyright);
    found.description = pick(&iptc.description, &xmp.description, &exif.description);
    found
}

#[derive(Default)]
struct Fields {
    orientation: u16,
    credit: String,
    copyright: String,
    description: String,
}

fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8])
}

/// NFC, control characters dropped, white space collapsed, at most [`MAX_FIELD_CHARS`].
fn clean(s: &str) -> String {
    let s: String = nfc(s)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_FIELD_CHARS)
        .collect()
}

/// UTF-8 if it is, else Latin-1 (what old IPTC writers used).
fn decode_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

fn exif_fields(bytes: &[u8]) -> Fields {
    let mut out = Fields {
        orientation: 1,
        ..Fields::default()
    };
    // Whatever can be read: a broken GPS block or MakerNote does not take IFD0 with it.
    let read = exif::Reader::new()
        .continue_on_error(true)
        .read_from_container(&mut Cursor::new(bytes))
        .or_else(|e| e.distill_partial_result(|_| {}));
    let Ok(exif) = read else {
        // Refused as a whole: the orientation is still read from IFD0 directly.
        out.orientation = direct_orientation(bytes).unwrap_or_else(|| {
            if app_segments(bytes, 0xE1)
                .iter()
                .any(|s| s.starts_with(b"Exif\0\0"))
            {
                log::warn!("EXIF that cannot be read: orientation taken as 1 (upright)");
            }
            1
        });
        return out;
    };
    let text = |tag: exif::Tag| -> String {
        match exif.get_field(tag, exif::In::PRIMARY).map(|f| &f.value) {
            Some(exif::Value::Ascii(parts)) => parts
                .iter()
                .map(|p| decode_text(p))
                .collect::<Vec<_>>()
                .join(" "),
            _ => String::new(),
        }
    };
    if let Some(o) = exif
        .get_field(exif::Tag::Orientation, exif::In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|o| u16::try_from(o).ok())
        .filter(|o| (1..=8).contains(o))
    {
        out.orientation = o;
    } else if let Some(o) = direct_orientation(bytes) {
        out.orientation = o;
    }
    out.credit = text(exif::Tag::Artist);
    out.copyright = text(exif::Tag::Copyright);
    out.description = text(exif::Tag::ImageDescription);
    out
}

/// The orientation tag (0x0112) of IFD0 in a JPEG's EXIF segment, read directly: its place does
/// not depend on anything after IFD0's entries, so a broken sub-IFD, GPS block or MakerNote that
/// makes the EXIF reader refuse the whole block does not lose it.
fn direct_orientation(bytes: &[u8]) -> Option<u16> {
    if !is_jpeg(bytes) {
        return None;
    }
    app_segments(bytes, 0xE1).into_iter().find_map(|seg| {
        let tiff = seg.strip_prefix(b"Exif\0\0")?;
        let big = match tiff.get(..4)? {
            [b'M', b'M', 0, 42] => true,
            [b'I', b'I', 42, 0] => false,
            _ => return None,
        };
        let u16_at = |at: usize| -> Option<u16> {
            let b: [u8; 2] = tiff.get(at..at.checked_add(2)?)?.try_into().ok()?;
            Some(if big {
                u16::from_be_bytes(b)
            } else {
                u16::from_le_bytes(b)
            })
        };
        let u32_at = |at: usize| -> Option<usize> {
            let b: [u8; 4] = tiff.get(at..at.checked_add(4)?)?.try_into().ok()?;
            usize::try_from(if big {
                u32::from_be_bytes(b)
            } else {
                u32::from_le_bytes(b)
            })
            .ok()
        };
        let ifd0 = u32_at(4)?;
        let count = usize::from(u16_at(ifd0)?);
        (0..count).find_map(|k| {
            let entry = ifd0.checked_add(2 + 12 * k)?;
            // Tag 0x0112, type SHORT (3), one value: the value sits in the entry itself.
            if u16_at(entry)? != 0x0112 || u16_at(entry + 2)? != 3 || u32_at(entry + 4)? != 1 {
                return None;
            }
            u16_at(entry + 8).filter(|o| (1..=8).contains(o))
        })
    })
}

/// The payloads of a JPEG's APPn segments with marker `marker` (0xE1 = APP1, 0xED = APP13), up to
/// the start of the image data.
fn app_segments(bytes: &[u8], marker: u8) -> Vec<&[u8]> {
    let mut out = Vec::new();
    let mut i = 2; // after SOI
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            break;
        }
        let m = bytes[i + 1];
        if m == 0xFF {
            i += 1; // fill byte
            continue;
        }
        if m == 0xDA || m == 0xD9 {
            break; // image data or end: no more metadata
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if len < 2 || i + 2 + len > bytes.len() {
            break;
        }
        if m == marker {
            out.push(&bytes[i + 4..i + 2 + len]);
        }
        i += 2 + len;
    }
    out
}

/// IPTC-IIM inside a Photoshop APP13 segment (resource 0x0404): by-line (2:80), credit (2:110),
/// copyright notice (2:116), caption (2:120).
fn iptc_fields(bytes: &[u8]) -> Fields {
    let mut out = Fields::default();
    let mut by_line = String::new();
    for seg in app_segments(bytes, 0xED) {
        let Some(mut rest) = seg.strip_prefix(b"Photoshop 3.0\0") else {
            continue;
        };
        // Image resource blocks: "8BIM", id (2), Pascal name padded to even, size (4), data padded.
        while rest.len() >= 12 && rest.starts_with(b"8BIM") {
            let id = u16::from_be_bytes([rest[4], rest[5]]);
            let name_len = usize::from(rest[6]);
            let name_total = (1 + name_len + 1) & !1;
            let at = 6 + name_total;
            if at + 4 > rest.len() {
                break;
            }
            let size =
                u32::from_be_bytes([rest[at], rest[at + 1], rest[at + 2], rest[at + 3]]) as usize;
            let start = at + 4;
            let Some(end) = start.checked_add(size).filter(|&e| e <= rest.len()) else {
                break;
            };
            if id == 0x0404 {
                read_iim(&rest[start..end], &mut out, &mut by_line);
            }
            let next = (end + 1) & !1;
            rest = rest.get(next..).unwrap_or_default();
        }
    }
    if out.credit.is_empty() {
        out.credit = by_line;
    }
    out
}

fn read_iim(mut data: &[u8], out: &mut Fields, by_line: &mut String) {
    while data.len() >= 5 && data[0] == 0x1C {
        let (record, dataset) = (data[1], data[2]);
        let len = usize::from(u16::from_be_bytes([data[3], data[4]]));
        if len & 0x8000 != 0 || 5 + len > data.len() {
            return; // extended lengths are not used for text; a bad length ends the block
        }
        let value = decode_text(&data[5..5 + len]);
        match (record, dataset) {
            (2, 80) if by_line.is_empty() => *by_line = value,
            (2, 110) if out.credit.is_empty() => out.credit = value,
            (2, 116) if out.copyright.is_empty() => out.copyright = value,
            (2, 120) if out.description.is_empty() => out.description = value,
            _ => {}
        }
        data = &data[5 + len..];
    }
}

/// XMP in an APP1 segment: photoshop:Credit, dc:creator, dc:rights, dc:description.
fn xmp_fields(bytes: &[u8]) -> Fields {
    const XMP: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
    let mut out = Fields::default();
    for seg in app_segments(bytes, 0xE1) {
        let Some(packet) = seg.strip_prefix(XMP) else {
            continue;
        };
        let xml = String::from_utf8_lossy(packet);
        let credit = xmp_value(&xml, "photoshop:Credit");
        out.credit = if credit.is_empty() {
            xmp_value(&xml, "dc:creator")
        } else {
            credit
        };
        out.copyright = xmp_value(&xml, "dc:rights");
        out.description = xmp_value(&xml, "dc:description");
    }
    out
}

/// The text of XMP property `name`: an attribute (`name="…"`), or an element whose text is either
/// direct or in its first `rdf:li`.
fn xmp_value(xml: &str, name: &str) -> String {
    let attr = format!("{name}=\"");
    if let Some(at) = xml.find(&attr) {
        let rest = &xml[at + attr.len()..];
        if let Some(end) = rest.find('"') {
            return unescape_xml(&rest[..end]);
        }
    }
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let Some(at) = xml.find(&open) else {
        return String::new();
    };
    let rest = &xml[at + open.len()..];
    let Some(gt) = rest.find('>') else {
        return String::new();
    };
    if rest[..gt].ends_with('/') {
        return String::new();
    }
    let body = &rest[gt + 1..];
    let Some(end) = body.find(&close) else {
        return String::new();
    };
    let body = &body[..end];
    let inner = match body.find("<rdf:li") {
        Some(li) => {
            let li = &body[li..];
            match (li.find('>'), li.find("</rdf:li>")) {
                (Some(gt), Some(end)) if gt < end => &li[gt + 1..end],
                _ => "",
            }
        }
        None => body,
    };
    if inner.contains('<') {
        return String::new();
    }
    unescape_xml(inner)
}

fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg_with_segments(segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        for (marker, payload) in segments {
            out.extend([0xFF, *marker]);
            let len = u16::try_from(payload.len() + 2).expect("small");
            out.extend(len.to_be_bytes());
            out.extend(payload);
        }
        out.extend([0xFF, 0xD9]);
        out
    }

    fn iim(record: u8, dataset: u8, text: &str) -> Vec<u8> {
        let mut v = vec![0x1C, record, dataset];
        v.extend(u16::try_from(text.len()).expect("short").to_be_bytes());
        v.extend(text.as_bytes());
        v
    }

    fn app13(iim_data: &[u8]) -> Vec<u8> {
        let mut v = b"Photoshop 3.0\0".to_vec();
        v.extend(b"8BIM");
        v.extend(0x0404u16.to_be_bytes());
        v.extend([0, 0]); // empty name, padded
        v.extend(u32::try_from(iim_data.len()).expect("small").to_be_bytes());
        v.extend(iim_data);
        if iim_data.len() % 2 == 1 {
            v.push(0);
        }
        v
    }

    #[test]
    fn iptc_credit_copyright_and_caption() {
        let mut data = iim(2, 80, "Hoàng Tùng");
        data.extend(iim(2, 116, "© Cổng TTĐT Hải Phòng"));
        data.extend(iim(2, 120, "Đoàn kiểm tra tại Tràng Cát"));
        let f = read(&jpeg_with_segments(&[(0xED, app13(&data))]));
        assert_eq!(f.credit, "Hoàng Tùng", "by-line when there is no credit");
        assert_eq!(f.copyright, "© Cổng TTĐT Hải Phòng");
        assert_eq!(f.description, "Đoàn kiểm tra tại Tràng Cát");
        assert_eq!(f.orientation, 1);
    }

    #[test]
    fn xmp_credit_and_rights() {
        let mut p = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
        p.extend(
            r#"<x:xmpmeta><rdf:RDF><rdf:Description photoshop:Credit="TTXVN &amp; Báo HP">
            <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© 2026 Hải Phòng</rdf:li></rdf:Alt></dc:rights>
            </rdf:Description></rdf:RDF></x:xmpmeta>"#
                .as_bytes(),
        );
        let f = read(&jpeg_with_segments(&[(0xE1, p)]));
        assert_eq!(f.credit, "TTXVN & Báo HP");
        assert_eq!(f.copyright, "© 2026 Hải Phòng");
    }

    #[test]
    fn malformed_blocks_are_skipped() {
        // Lengths that run past the end, a truncated resource, garbage: no panic, nothing read.
        let cases: Vec<Vec<u8>> = vec![
            vec![0xFF, 0xD8, 0xFF, 0xED, 0xFF, 0xFF, 1, 2, 3],
            jpeg_with_segments(&[(0xED, b"Photoshop 3.0\08BIM\x04\x04\x00".to_vec())]),
            jpeg_with_segments(&[(0xED, app13(&[0x1C, 2, 120, 0xFF, 0xFF, b'x']))]),
            jpeg_with_segments(&[(
                0xE1,
                b"http://ns.adobe.com/xap/1.0/\0<dc:rights><rdf:li".to_vec(),
            )]),
            vec![0xFF, 0xD8],
            Vec::new(),
        ];
        for bytes in cases {
            let f = read(&bytes);
            assert_eq!(f.credit, "");
            assert_eq!(f.copyright, "");
            assert_eq!(f.orientation, 1);
        }
    }
}
