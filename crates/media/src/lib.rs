//! The photo pipeline, with no database and no data folder: a file or pasted bytes are checked
//! (limits, format by their bytes, header size before any decoding), their metadata read (`meta`),
//! and every rendition made in memory (`render`). Storing photos in the library is the core's.
//!
//! Everything here runs on any thread: the core's import runs a pool of workers over it.
#![deny(missing_docs)]

pub mod meta;
pub mod render;

use std::io::Cursor;
use std::path::Path;

use newsroom_base::{Error, Result, Said, hex, said};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use render::Encoded;

/// Largest photo file accepted, in bytes (50 MB).
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;
/// Most pixels a photo may have, by its header (100 megapixels).
pub const MAX_PIXELS: u64 = 100_000_000;
/// A photo's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum Format {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
}

impl Format {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    /// The format stored in the database as `s` (JPEG for anything unknown).
    pub fn parse(s: &str) -> Format {
        match s {
            "png" => Format::Png,
            "webp" => Format::Webp,
            _ => Format::Jpeg,
        }
    }

    /// The file extension of its files, without the dot.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }
}

/// What renditions to make: from the portal profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    /// Widths in pixels.
    pub widths: Vec<u32>,
    /// JPEG quality, 1–100.
    pub quality: u8,
}

/// A photo file that passed the checks, in memory, not stored yet.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The file name the user knows.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Their SHA-256, lowercase hex.
    pub hash: String,
    /// Its format.
    pub format: Format,
    /// Width as seen (orientation applied), from the header.
    pub width: u32,
    /// Height as seen.
    pub height: u32,
    /// What its metadata says.
    pub meta: meta::Found,
}

/// The error for photo `name` refused for `reason`.
pub fn bad(name: &str, reason: Said) -> Error {
    Error::BadPhoto {
        name: name.to_string(),
        reason,
    }
}

fn unreadable(name: &str, e: std::io::Error) -> Error {
    bad(
        name,
        said!("không đọc được tệp ({e})", "the file cannot be read ({e})"),
    )
}

/// Checks and reads the photo file at `path` (limits, format, header), without decoding it.
pub fn check_file(path: &Path) -> Result<Candidate> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let size = std::fs::metadata(path)
        .map_err(|e| unreadable(&name, e))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(too_large(&name, size));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(&name, e))?;
    check_bytes(&name, bytes)
}

fn too_large(name: &str, size: u64) -> Error {
    let mb = format!("{:.0}", size as f64 / 1024.0 / 1024.0);
    let max = MAX_FILE_BYTES / 1024 / 1024;
    bad(
        name,
        said!(
            "tệp nặng {mb} MB, quá giới hạn {max} MB; hãy thu nhỏ ảnh trước khi thêm",
            "the file is {mb} MB, over the {max} MB limit; make the photo smaller before adding it"
        ),
    )
}

/// Checks a photo given as bytes (pasted from the clipboard), named `name` in messages.
pub fn check_bytes(name: &str, bytes: Vec<u8>) -> Result<Candidate> {
    let size = bytes.len() as u64;
    if size > MAX_FILE_BYTES {
        return Err(too_large(name, size));
    }
    let format = sniff(&bytes).map_err(|reason| bad(name, reason))?;
    let (w, h) = header_size(&bytes, format).ok_or_else(|| {
        bad(
            name,
            said!(
                "tệp ảnh bị hỏng hoặc không đọc được phần đầu; hãy chép lại ảnh từ máy ảnh hoặc điện thoại",
                "the photo file is damaged or its header cannot be read; copy it again from the camera or phone"
            ),
        )
    })?;
    if w == 0 || h == 0 {
        return Err(bad(
            name,
            said!("ảnh không có điểm ảnh nào", "the photo has no pixels"),
        ));
    }
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(bad(name, {
            let max = MAX_PIXELS / 1_000_000;
            said!(
                "ảnh {w} × {h} điểm ảnh, quá giới hạn {max} megapixel; hãy thu nhỏ ảnh trước khi thêm",
                "the photo is {w} × {h} pixels, over the {max} megapixel limit; make it smaller before adding it"
            )
        }));
    }
    let meta = meta::read(&bytes);
    let (width, height) = if render::swaps_axes(meta.orientation) {
        (h, w)
    } else {
        (w, h)
    };
    let hash = hex(&Sha256::digest(&bytes));
    Ok(Candidate {
        name: name.to_string(),
        bytes,
        hash,
        format,
        width,
        height,
        meta,
    })
}

/// The format of an image file from its first bytes, or why it cannot be taken.
fn sniff(bytes: &[u8]) -> std::result::Result<Format, Said> {
    if bytes.is_empty() {
        return Err(said!("tệp rỗng (0 byte)", "the file is empty (0 bytes)"));
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        return Err(match brand {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" => {
                said!(
                    "ảnh HEIC/HEIF (định dạng mặc định của iPhone) chưa được hỗ trợ; hãy chọn “Tương thích nhất” trong cài đặt Camera hoặc chuyển ảnh sang JPEG rồi thêm lại",
                    "HEIC/HEIF photos (the iPhone's default) are not supported yet; choose “Most Compatible” in the Camera settings or convert the photo to JPEG, then add it again"
                )
            }
            b"avif" | b"avis" => said!(
                "ảnh AVIF chưa được hỗ trợ; hãy chuyển sang JPEG rồi thêm lại",
                "AVIF photos are not supported yet; convert to JPEG, then add it again"
            ),
            _ => said!(
                "đây là tệp video hoặc định dạng chưa được hỗ trợ; chỉ nhận ảnh JPEG, PNG và WebP",
                "this is a video or a format not supported yet; only JPEG, PNG and WebP photos are taken"
            ),
        });
    }
    match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => Ok(Format::Jpeg),
        Ok(image::ImageFormat::Png) => Ok(Format::Png),
        Ok(image::ImageFormat::WebP) => Ok(Format::Webp),
        Ok(other) => {
            let kind = other
                .extensions_str()
                .first()
                .unwrap_or(&"?")
                .to_uppercase();
            Err(said!(
                "định dạng {kind} chưa được hỗ trợ; chỉ nhận ảnh JPEG, PNG và WebP",
                "the {kind} format is not supported yet; only JPEG, PNG and WebP photos are taken"
            ))
        }
        Err(_) => Err(said!(
            "tệp này không phải là ảnh (JPEG, PNG hoặc WebP)",
            "this file is not a photo (JPEG, PNG or WebP)"
        )),
    }
}

/// Width and height as stored, from the header only.
fn header_size(bytes: &[u8], format: Format) -> Option<(u32, u32)> {
    let read = std::panic::AssertUnwindSafe(|| match format {
        Format::Jpeg => turbojpeg::read_header(bytes)
            .ok()
            .and_then(|h| Some((u32::try_from(h.width).ok()?, u32::try_from(h.height).ok()?))),
        // The PNG header is read as it is: the size is known before any other chunk is read.
        Format::Png => (bytes.len() >= 24 && &bytes[12..16] == b"IHDR").then(|| {
            let be = |at: usize| {
                u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
            };
            (be(16), be(20))
        }),
        Format::Webp => {
            image::ImageReader::with_format(Cursor::new(bytes), image::ImageFormat::WebP)
                .into_dimensions()
                .ok()
        }
    });
    std::panic::catch_unwind(read).ok().flatten()
}

/// A rendition of a photo as someone else made it (the newsroom server sends the ones the photo's
/// sender made): its spec (`w1600-q82`, `w800-png`), its size as they say, and its file.
#[derive(Debug, Clone)]
pub struct Given {
    /// The rendition spec.
    pub spec: String,
    /// Width, as they say.
    pub width: u32,
    /// Height, as they say.
    pub height: u32,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Most renditions of one photo that travel with it, and that [`accept`] takes (the newsroom
/// server keeps as many: `newsroom.push_rendition`).
pub const MAX_SENT_RENDITIONS: usize = 12;

/// Takes the renditions `given` of the checked photo `c` as they are, or says why not: each must
/// be a JPEG (a `wW-qNN` spec) or PNG (`wW-png`) file, upright, `W` pixels wide as it claims, and
/// its size exactly what rendering `c` at that width makes (the same shape, never enlarged); at most
/// 12, one per spec. Their pixels are not compared with the original's: whoever approves sees
/// these very files, and an approval names them.
pub fn accept(c: &Candidate, given: Vec<Given>) -> Result<Vec<Encoded>> {
    let refuse = |why: String| {
        bad(
            &c.name,
            said!(
                "một cỡ ảnh nhận được không hợp lệ ({why})",
                "a size of the photo that came is invalid ({why})"
            ),
        )
    };
    if given.is_empty() || given.len() > MAX_SENT_RENDITIONS {
        return Err(refuse(format!("{} cỡ", given.len())));
    }
    let mut out: Vec<Encoded> = Vec::with_capacity(given.len());
    for g in given {
        let (want, kind) = g
            .spec
            .strip_prefix('w')
            .and_then(|r| r.split_once('-'))
            .ok_or_else(|| refuse(g.spec.clone()))?;
        let want: u32 = want.parse().map_err(|_| refuse(g.spec.clone()))?;
        let png = match kind {
            "png" => true,
            q if q
                .strip_prefix('q')
                .and_then(|q| q.parse::<u8>().ok())
                .is_some() =>
            {
                false
            }
            _ => return Err(refuse(g.spec.clone())),
        };
        if out.iter().any(|e| e.spec == g.spec) {
            return Err(refuse(g.spec.clone()));
        }
        let seen = check_bytes(&g.spec, g.bytes).map_err(|_| refuse(g.spec.clone()))?;
        let format_ok = if png {
            seen.format == Format::Png
        } else {
            seen.format == Format::Jpeg
        };
        if !format_ok
            || seen.meta.orientation > 1
            || (seen.width, seen.height) != (g.width, g.height)
            || want != g.width
            || render::targets(c.width, c.height, &[want]) != [(g.width, g.height)]
        {
            return Err(refuse(g.spec.clone()));
        }
        out.push(Encoded {
            width: g.width,
            height: g.height,
            spec: g.spec,
            mime: if png { "image/png" } else { "image/jpeg" },
            ext: if png { "png" } else { "jpg" },
            bytes: seen.bytes,
        });
    }
    out.sort_by(|a, b| b.width.cmp(&a.width).then_with(|| a.spec.cmp(&b.spec)));
    Ok(out)
}

/// Makes the renditions of a checked photo, in memory. No database, no files: any thread.
pub fn render(c: &Candidate, spec: &Spec) -> Result<Vec<Encoded>> {
    render::render(&c.bytes, c.format, c.meta.orientation, spec).map_err(|r| bad(&c.name, r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u16, h: u16) -> Vec<u8> {
        let px: Vec<u8> = (0..u32::from(w) * u32::from(h))
            .flat_map(|i| [(i % 251) as u8, (i % 97) as u8, 128])
            .collect();
        let mut out = Vec::new();
        jpeg_encoder::Encoder::new(&mut out, 80)
            .encode(&px, w, h, jpeg_encoder::ColorType::Rgb)
            .expect("encode");
        out
    }

    /// A JPEG of `w × h` sent as rendition `spec`.
    fn made_as(spec: &str, w: u16, h: u16) -> Given {
        Given {
            spec: spec.into(),
            width: u32::from(w),
            height: u32::from(h),
            bytes: jpeg(w, h),
        }
    }

    fn given(e: &Encoded) -> Given {
        Given {
            spec: e.spec.clone(),
            width: e.width,
            height: e.height,
            bytes: e.bytes.clone(),
        }
    }

    #[test]
    fn renditions_made_elsewhere_are_taken_only_in_the_original_s_shape() {
        let c = check_bytes("a.jpg", jpeg(600, 400)).expect("photo");
        let made = render(
            &c,
            &Spec {
                widths: vec![1600, 300],
                quality: 82,
            },
        )
        .expect("render");
        let specs: Vec<&str> = made.iter().map(|e| e.spec.as_str()).collect();
        assert_eq!(specs, ["w600-q82", "w300-q82"]);
        // What a laptop made is taken as it is, widest first whatever the order given.
        let mut reversed: Vec<Given> = made.iter().map(given).collect();
        reversed.reverse();
        let taken = accept(&c, reversed).expect("taken");
        assert_eq!(
            taken.iter().map(|e| &e.bytes).collect::<Vec<_>>(),
            made.iter().map(|e| &e.bytes).collect::<Vec<_>>()
        );
        let refused = |g: Vec<Given>| accept(&c, g).expect_err("refused");
        // A file of another shape than the original's, one that claims a size it does not have,
        // one larger than the original, a spec that names another width or format, a PNG said
        // to be a JPEG, the same spec twice, none at all: refused whole.
        refused(vec![made_as("w300-q82", 300, 300)]);
        let mut lying = given(&made[1]);
        lying.height = 201;
        refused(vec![lying]);
        refused(vec![made_as("w900-q82", 900, 600)]);
        let mut renamed = given(&made[1]);
        renamed.spec = "w320-q82".into();
        refused(vec![renamed]);
        let mut as_png = given(&made[1]);
        as_png.spec = "w300-png".into();
        refused(vec![as_png]);
        refused(vec![given(&made[1]), given(&made[1])]);
        refused(Vec::new());
        let e = refused(vec![Given {
            spec: "w300-q82".into(),
            width: 300,
            height: 200,
            bytes: b"not a picture".to_vec(),
        }]);
        assert!(
            e.message(newsroom_base::Lang::Vi)
                .contains("một cỡ ảnh nhận được không hợp lệ"),
            "{e:?}"
        );
    }
}
