//! Renditions: a photo decoded once, as small as its largest rendition allows, then resized in a
//! cascade (1600 → 800 → 320) and turned upright at each output, never at full size.
//!
//! JPEG is decoded by libjpeg-turbo (the turbojpeg crate, built from source with its SIMD code) with
//! DCT scaling (1/8, 1/4, 3/8, 1/2 … of the size straight from the compressed data: a 24 MP photo for
//! a 1600-pixel rendition is decoded at 2250 × 1500, a seventh of the pixels); PNG and WebP by the
//! `image` crate. Resizing is fast_image_resize (Lanczos3, SIMD), built for four bytes a pixel
//! only (its `only_u8x4` feature: one pixel type's code instead of every type's): JPEG is decoded
//! straight to RGBX, other images to RGBA. JPEG encoding jpeg-encoder, PNG the `image` crate.
//! Outputs carry no metadata at all.

use std::io::Cursor;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageBuffer, ImageEncoder};

use newsroom_base::{Said, said};

use crate::{Format, MAX_PIXELS, Spec};

/// One encoded rendition, not yet written anywhere.
#[derive(Debug, Clone)]
pub struct Encoded {
    /// Width as seen, in pixels.
    pub width: u32,
    /// Height as seen, in pixels.
    pub height: u32,
    /// The rendition spec it was made for (`w1600-q82`, `w800-png`).
    pub spec: String,
    /// `image/jpeg` or `image/png`.
    pub mime: &'static str,
    /// `jpg` or `png`.
    pub ext: &'static str,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Pixels in memory: 4 bytes a pixel (RGBA, or RGBX when the image has no alpha: the fourth byte
/// 255), rows top to bottom, as stored (before orientation).
struct Pixels {
    width: u32,
    height: u32,
    /// Whether the fourth byte is the image's own alpha (then it stays PNG).
    alpha: bool,
    data: Vec<u8>,
}

/// Why a photo could not be rendered.
pub type Failure = Said;

/// Whether EXIF orientation `o` swaps width and height.
pub fn swaps_axes(o: u16) -> bool {
    (5..=8).contains(&o)
}

/// The sizes (as seen) of the renditions of a photo seen at `w × h`: one per width of the spec, never
/// wider than the photo, the same size only once, largest first.
pub fn targets(w: u32, h: u32, widths: &[u32]) -> Vec<(u32, u32)> {
    let mut widths: Vec<u32> = widths.iter().copied().filter(|&x| x > 0).collect();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    let mut out: Vec<(u32, u32)> = Vec::new();
    for want in widths {
        let tw = want.min(w);
        let th = ((u64::from(h) * u64::from(tw) + u64::from(w) / 2) / u64::from(w.max(1))).max(1);
        let th = u32::try_from(th).unwrap_or(u32::MAX);
        if out.last().is_none_or(|&(lw, _)| lw != tw) {
            out.push((tw, th));
        }
    }
    out
}

/// Makes the renditions of a photo of `format` whose file is `bytes`, stored `stored_w × stored_h`
/// with EXIF orientation `orientation`. A decoder panic (hostile input) is caught and reported as a
/// corrupt file.
pub fn render(
    bytes: &[u8],
    format: Format,
    orientation: u16,
    spec: &Spec,
) -> Result<Vec<Encoded>, Failure> {
    let work = std::panic::AssertUnwindSafe(|| render_inner(bytes, format, orientation, spec));
    std::panic::catch_unwind(work).unwrap_or_else(|_| Err(corrupt()))
}

fn corrupt() -> Failure {
    said!(
        "tệp ảnh bị hỏng hoặc không đọc được đến hết (có thể chép chưa xong); hãy chép lại ảnh từ máy ảnh hoặc điện thoại",
        "the photo file is damaged or cannot be read to its end (perhaps not fully copied); copy it again from the camera or phone"
    )
}

fn render_inner(
    bytes: &[u8],
    format: Format,
    orientation: u16,
    spec: &Spec,
) -> Result<Vec<Encoded>, Failure> {
    let (pixels, (w, h)) = match format {
        Format::Jpeg => decode_jpeg(bytes, orientation, spec)?,
        Format::Png | Format::Webp => decode_other(bytes, format)?,
    };
    // The photo's own size as seen decides the targets (a DCT-scaled decode is already smaller).
    let (seen_w, seen_h) = if swaps_axes(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    let keep_png = pixels.alpha;
    let mut out = Vec::new();
    let mut src = pixels;
    let mut resizer = Resizer::new();
    for (tw, th) in targets(seen_w, seen_h, &spec.widths) {
        let (rw, rh) = if swaps_axes(orientation) {
            (th, tw)
        } else {
            (tw, th)
        };
        let small = resize(&mut resizer, &src, rw, rh)?;
        let upright = orient(&small, orientation)?;
        let (spec_key, mime, ext, encoded) = if keep_png {
            (
                format!("w{tw}-png"),
                "image/png",
                "png",
                encode_png(&upright)?,
            )
        } else {
            (
                format!("w{tw}-q{}", spec.quality),
                "image/jpeg",
                "jpg",
                encode_jpeg(&upright, spec.quality)?,
            )
        };
        out.push(Encoded {
            width: upright.width,
            height: upright.height,
            spec: spec_key,
            mime,
            ext,
            bytes: encoded,
        });
        src = small; // the next, smaller rendition starts from this one
    }
    Ok(out)
}

/// The pixels (maybe DCT-scaled) and the photo's full size as stored.
type Decoded = (Pixels, (u32, u32));

fn decode_jpeg(bytes: &[u8], orientation: u16, spec: &Spec) -> Result<Decoded, Failure> {
    let mut dec = turbojpeg::Decompressor::new().map_err(|_| corrupt())?;
    let header = dec.read_header(bytes).map_err(|_| corrupt())?;
    let w = u32::try_from(header.width).map_err(|_| corrupt())?;
    let h = u32::try_from(header.height).map_err(|_| corrupt())?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(corrupt());
    }
    let (seen_w, seen_h) = if swaps_axes(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    // The smallest DCT scaling (1/8, 1/4, 3/8, 1/2, …) that still covers the largest rendition.
    let factor = match targets(seen_w, seen_h, &spec.widths).first() {
        Some(&(tw, th)) => {
            let (sw, sh) = if swaps_axes(orientation) {
                (th, tw)
            } else {
                (tw, th)
            };
            let mut factors: Vec<turbojpeg::ScalingFactor> =
                turbojpeg::Decompressor::supported_scaling_factors()
                    .into_iter()
                    .filter(|f| f.num() <= f.denom())
                    .collect();
            factors.sort_by(|a, b| (a.num() * b.denom()).cmp(&(b.num() * a.denom())));
            factors
                .into_iter()
                .find(|f| f.scale(w as usize) >= sw as usize && f.scale(h as usize) >= sh as usize)
                .unwrap_or(turbojpeg::ScalingFactor::ONE)
        }
        None => turbojpeg::ScalingFactor::ONE,
    };
    dec.set_scaling_factor(factor).map_err(|_| corrupt())?;
    let scaled = header.scaled(factor);
    let cmyk = matches!(
        header.colorspace,
        turbojpeg::Colorspace::CMYK | turbojpeg::Colorspace::YCCK
    );
    // libjpeg-turbo fills the X of RGBX with 255.
    let format = if cmyk {
        turbojpeg::PixelFormat::CMYK
    } else {
        turbojpeg::PixelFormat::RGBX
    };
    let mut image = turbojpeg::Image {
        pixels: vec![0u8; 4 * scaled.width * scaled.height],
        width: scaled.width,
        pitch: 4 * scaled.width,
        height: scaled.height,
        format,
    };
    dec.decompress(bytes, image.as_deref_mut())
        .map_err(|_| corrupt())?;
    // libjpeg-turbo decodes a cut-off file as far as it goes (grey below) with only a warning: a
    // photo whose image data never ends was not copied whole, and is refused.
    if !ends_its_image_data(bytes) {
        return Err(corrupt());
    }
    let mut rgbx = image.pixels;
    if cmyk {
        for p in rgbx.chunks_exact_mut(4) {
            // Adobe applications store CMYK inverted, as libjpeg-turbo hands it back.
            let k = u16::from(p[3]);
            let ch = |c: u8| u8::try_from(u16::from(c) * k / 255).unwrap_or(255);
            (p[0], p[1], p[2], p[3]) = (ch(p[0]), ch(p[1]), ch(p[2]), 255);
        }
    }
    Ok((
        Pixels {
            width: u32::try_from(scaled.width).map_err(|_| corrupt())?,
            height: u32::try_from(scaled.height).map_err(|_| corrupt())?,
            alpha: false,
            data: rgbx,
        },
        (w, h),
    ))
}

/// Whether the JPEG's image data (after its first start-of-scan marker) reaches an end-of-image
/// marker. Entropy-coded data cannot hold `FF D9`, so one after the scan starts is the real end.
fn ends_its_image_data(bytes: &[u8]) -> bool {
    let Some(sos) = bytes.windows(2).position(|w| w == [0xFF, 0xDA]) else {
        return false;
    };
    bytes[sos..].windows(2).any(|w| w == [0xFF, 0xD9])
}

fn decode_other(bytes: &[u8], format: Format) -> Result<Decoded, Failure> {
    let fmt = match format {
        Format::Png => image::ImageFormat::Png,
        Format::Webp => image::ImageFormat::WebP,
        Format::Jpeg => image::ImageFormat::Jpeg,
    };
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), fmt);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| corrupt())?;
    let (width, height) = (img.width(), img.height());
    let pixels = Pixels {
        width,
        height,
        alpha: img.color().has_alpha(),
        // Without alpha, the fourth byte is 255 (RGBX).
        data: img.into_rgba8().into_raw(),
    };
    Ok((pixels, (width, height)))
}

fn resize(resizer: &mut Resizer, src: &Pixels, w: u32, h: u32) -> Result<Pixels, Failure> {
    if (w, h) == (src.width, src.height) {
        return Ok(Pixels {
            width: w,
            height: h,
            alpha: src.alpha,
            data: src.data.clone(),
        });
    }
    let from =
        ImageRef::new(src.width, src.height, &src.data, PixelType::U8x4).map_err(|_| corrupt())?;
    let mut to = Image::new(w, h, PixelType::U8x4);
    resizer
        .resize(
            &from,
            &mut to,
            &ResizeOptions::new()
                .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
                // RGBX: the X is 255 everywhere, nothing to premultiply.
                .use_alpha(src.alpha),
        )
        .map_err(|_| corrupt())?;
    Ok(Pixels {
        width: w,
        height: h,
        alpha: src.alpha,
        data: to.into_vec(),
    })
}

/// `p` turned as EXIF orientation `o` says, so it is seen upright.
fn orient(p: &Pixels, o: u16) -> Result<Pixels, Failure> {
    if o <= 1 || o > 8 {
        return Ok(Pixels {
            width: p.width,
            height: p.height,
            alpha: p.alpha,
            data: p.data.clone(),
        });
    }
    let img = DynamicImage::ImageRgba8(
        ImageBuffer::from_raw(p.width, p.height, p.data.clone()).ok_or_else(corrupt)?,
    );
    let turned = match o {
        2 => img.fliph(),
        3 => img.rotate180(),
        4 => img.flipv(),
        5 => img.rotate90().fliph(), // transpose
        6 => img.rotate90(),
        7 => img.rotate90().flipv(), // transverse
        _ => img.rotate270(),        // 8
    };
    let (width, height) = (turned.width(), turned.height());
    Ok(Pixels {
        width,
        height,
        alpha: p.alpha,
        data: turned.into_rgba8().into_raw(),
    })
}

fn encode_jpeg(p: &Pixels, quality: u8) -> Result<Vec<u8>, Failure> {
    let (w, h) = (
        u16::try_from(p.width).map_err(|_| too_big())?,
        u16::try_from(p.height).map_err(|_| too_big())?,
    );
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100))
        // RGBX: jpeg-encoder reads RGBA and leaves the fourth byte out.
        .encode(&p.data, w, h, jpeg_encoder::ColorType::Rgba)
        .map_err(|e| {
            said!(
                "không mã hóa được ảnh: {e}",
                "the photo could not be encoded: {e}"
            )
        })?;
    Ok(out)
}

fn too_big() -> Failure {
    said!(
        "ảnh quá lớn để làm bản thu nhỏ",
        "the photo is too large to make smaller copies of"
    )
}

fn encode_png(p: &Pixels) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&p.data, p.width, p.height, image::ExtendedColorType::Rgba8)
        .map_err(|e| {
            said!(
                "không mã hóa được ảnh: {e}",
                "the photo could not be encoded: {e}"
            )
        })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_never_enlarge_and_keep_the_shape() {
        assert_eq!(
            targets(6000, 4000, &[1600, 800, 320]),
            [(1600, 1067), (800, 533), (320, 213)]
        );
        assert_eq!(
            targets(1000, 500, &[1600, 800, 320]),
            [(1000, 500), (800, 400), (320, 160)]
        );
        assert_eq!(
            targets(600, 400, &[1600, 800]),
            [(600, 400)],
            "one size once"
        );
        assert_eq!(targets(1, 20000, &[1600, 320]), [(1, 20000)]);
        assert_eq!(targets(20000, 1, &[1600]), [(1600, 1)], "never 0 high");
    }
}
