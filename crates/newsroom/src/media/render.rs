//! Renditions: a photo decoded once, as small as its largest rendition allows, then resized in a
//! cascade (1600 → 800 → 320) and turned upright at each output, never at full size.
//!
//! JPEG is decoded by jpeg-decoder with DCT scaling (1/2, 1/4, 1/8 of the size straight from the
//! compressed data: a 24 MP photo for a 1600-pixel rendition is decoded at 3000 × 2000, a quarter of
//! the work and memory); PNG and WebP by the `image` crate. Resizing is fast_image_resize (Lanczos3,
//! SIMD); JPEG encoding jpeg-encoder, PNG the `image` crate. Outputs carry no metadata at all.

use std::io::Cursor;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageBuffer, ImageEncoder};

use super::{Format, MAX_PIXELS, Spec};

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

/// Pixels in memory: 3 (RGB) or 4 (RGBA) bytes a pixel, rows top to bottom, as stored (before
/// orientation).
struct Pixels {
    width: u32,
    height: u32,
    channels: u8,
    data: Vec<u8>,
}

/// Why a photo could not be rendered, in Vietnamese.
pub type Failure = String;

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
    "tệp ảnh bị hỏng hoặc không đọc được đến hết (có thể chép chưa xong); hãy chép lại ảnh từ máy ảnh hoặc điện thoại".into()
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
    let keep_png = pixels.channels == 4;
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
    let mut dec = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    dec.set_max_decoding_buffer_size(usize::try_from(MAX_PIXELS * 4).unwrap_or(usize::MAX));
    dec.read_info().map_err(|_| corrupt())?;
    let info = dec.info().ok_or_else(corrupt)?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    let (seen_w, seen_h) = if swaps_axes(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    // Ask for the largest rendition (as stored); the decoder picks the smallest DCT scale that is
    // at least that big.
    if let Some(&(tw, th)) = targets(seen_w, seen_h, &spec.widths).first() {
        let (sw, sh) = if swaps_axes(orientation) {
            (th, tw)
        } else {
            (tw, th)
        };
        let clamp = |x: u32| u16::try_from(x).unwrap_or(u16::MAX);
        dec.scale(clamp(sw), clamp(sh)).map_err(|_| corrupt())?;
    }
    let data = dec.decode().map_err(|_| corrupt())?;
    let info = dec.info().ok_or_else(corrupt)?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    let n = width as usize * height as usize;
    let rgb = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => data,
        jpeg_decoder::PixelFormat::L8 => data.iter().flat_map(|&l| [l, l, l]).collect(),
        jpeg_decoder::PixelFormat::CMYK32 => data
            .chunks_exact(4)
            .flat_map(|p| {
                // jpeg-decoder hands back CMYK as stored by Adobe applications (inverted).
                let k = u16::from(p[3]);
                let ch = |c: u8| u8::try_from(u16::from(c) * k / 255).unwrap_or(255);
                [ch(p[0]), ch(p[1]), ch(p[2])]
            })
            .collect(),
        jpeg_decoder::PixelFormat::L16 => {
            return Err("ảnh JPEG 12 bit chưa được hỗ trợ; hãy lưu lại thành JPEG 8 bit".into());
        }
    };
    if rgb.len() < n * 3 {
        return Err(corrupt());
    }
    Ok((
        Pixels {
            width,
            height,
            channels: 3,
            data: rgb,
        },
        (w, h),
    ))
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
    let pixels = if img.color().has_alpha() {
        Pixels {
            width,
            height,
            channels: 4,
            data: img.into_rgba8().into_raw(),
        }
    } else {
        Pixels {
            width,
            height,
            channels: 3,
            data: img.into_rgb8().into_raw(),
        }
    };
    Ok((pixels, (width, height)))
}

fn pixel_type(channels: u8) -> PixelType {
    if channels == 4 {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    }
}

fn resize(resizer: &mut Resizer, src: &Pixels, w: u32, h: u32) -> Result<Pixels, Failure> {
    if (w, h) == (src.width, src.height) {
        return Ok(Pixels {
            width: w,
            height: h,
            channels: src.channels,
            data: src.data.clone(),
        });
    }
    let pt = pixel_type(src.channels);
    let from = ImageRef::new(src.width, src.height, &src.data, pt).map_err(|_| corrupt())?;
    let mut to = Image::new(w, h, pt);
    resizer
        .resize(
            &from,
            &mut to,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
        )
        .map_err(|_| corrupt())?;
    Ok(Pixels {
        width: w,
        height: h,
        channels: src.channels,
        data: to.into_vec(),
    })
}

/// `p` turned as EXIF orientation `o` says, so it is seen upright.
fn orient(p: &Pixels, o: u16) -> Result<Pixels, Failure> {
    if o <= 1 || o > 8 {
        return Ok(Pixels {
            width: p.width,
            height: p.height,
            channels: p.channels,
            data: p.data.clone(),
        });
    }
    let img = if p.channels == 4 {
        DynamicImage::ImageRgba8(
            ImageBuffer::from_raw(p.width, p.height, p.data.clone()).ok_or_else(corrupt)?,
        )
    } else {
        DynamicImage::ImageRgb8(
            ImageBuffer::from_raw(p.width, p.height, p.data.clone()).ok_or_else(corrupt)?,
        )
    };
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
    let data = if p.channels == 4 {
        turned.into_rgba8().into_raw()
    } else {
        turned.into_rgb8().into_raw()
    };
    Ok(Pixels {
        width,
        height,
        channels: p.channels,
        data,
    })
}

fn encode_jpeg(p: &Pixels, quality: u8) -> Result<Vec<u8>, Failure> {
    let (w, h) = (
        u16::try_from(p.width).map_err(|_| too_big())?,
        u16::try_from(p.height).map_err(|_| too_big())?,
    );
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100))
        .encode(&p.data, w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| format!("không mã hóa được ảnh: {e}"))?;
    Ok(out)
}

fn too_big() -> Failure {
    "ảnh quá lớn để làm bản thu nhỏ".into()
}

fn encode_png(p: &Pixels) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&p.data, p.width, p.height, image::ExtendedColorType::Rgba8)
        .map_err(|e| format!("không mã hóa được ảnh: {e}"))?;
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
