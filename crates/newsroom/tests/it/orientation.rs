//! EXIF orientation, the eight values crossed with the EXIF layouts real files have, each file read
//! by Pillow in the same test: the orientation, the size as seen and the corner "up" went to must
//! be what Pillow (and so every photo viewer) shows.
//!
//! Issue 14: a valid file written by Pillow with Orientation 6, Artist and a GPS block was refused
//! as a whole by the EXIF reader and imported sideways.

use std::path::{Path, PathBuf};

use newsroom::media::{self, Spec};
use newsroom::profile::Profile;

use crate::media::{jpeg, write};

#[derive(Clone, Copy, PartialEq)]
enum Endian {
    Big,
    Little,
}

impl Endian {
    fn u16(self, v: u16) -> [u8; 2] {
        match self {
            Endian::Big => v.to_be_bytes(),
            Endian::Little => v.to_le_bytes(),
        }
    }
    fn u32(self, v: u32) -> [u8; 4] {
        match self {
            Endian::Big => v.to_be_bytes(),
            Endian::Little => v.to_le_bytes(),
        }
    }
}

/// A value of an IFD entry.
enum Val {
    Short(u16),
    Ascii(&'static str),
    Rationals(Vec<(u32, u32)>),
    Undefined(Vec<u8>),
    /// A LONG pointing at a sub-IFD written after this one.
    Ifd(Ifd),
    /// A LONG pointing at these bytes (a thumbnail).
    Data(Vec<u8>),
    /// A LONG with this literal value (a pointer to nowhere).
    Long(u32),
}

#[derive(Default)]
struct Ifd {
    entries: Vec<(u16, Val)>,
    next: Option<Box<Ifd>>,
    /// A literal next-IFD offset (a broken one), when `next` is `None`.
    next_raw: u32,
}

fn ifd(entries: Vec<(u16, Val)>) -> Ifd {
    Ifd {
        entries,
        ..Ifd::default()
    }
}

fn patch(buf: &mut [u8], at: usize, bytes: &[u8]) {
    buf[at..at + bytes.len()].copy_from_slice(bytes);
}

fn offset(buf: &[u8]) -> u32 {
    u32::try_from(buf.len()).expect("small")
}

/// Writes `d` at the end of `buf` (IFD, then its out-of-line values, then its sub-IFDs, then the
/// next IFD) and returns where it starts.
fn put(buf: &mut Vec<u8>, e: Endian, d: &Ifd) -> u32 {
    if buf.len() % 2 == 1 {
        buf.push(0);
    }
    let at = buf.len();
    buf.extend(e.u16(u16::try_from(d.entries.len()).expect("few")));
    buf.resize(at + 2 + 12 * d.entries.len() + 4, 0);
    for (k, (tag, val)) in d.entries.iter().enumerate() {
        let entry = at + 2 + 12 * k;
        let (kind, count, bytes): (u16, u32, Vec<u8>) = match val {
            Val::Short(v) => (3, 1, e.u16(*v).to_vec()),
            Val::Ascii(s) => {
                let mut b = s.as_bytes().to_vec();
                b.push(0);
                (2, u32::try_from(b.len()).expect("short"), b)
            }
            Val::Rationals(r) => (
                5,
                u32::try_from(r.len()).expect("few"),
                r.iter()
                    .flat_map(|&(n, d)| [e.u32(n), e.u32(d)].concat())
                    .collect(),
            ),
            Val::Undefined(b) => (7, u32::try_from(b.len()).expect("short"), b.clone()),
            Val::Ifd(_) | Val::Data(_) | Val::Long(_) => (4, 1, vec![0; 4]),
        };
        patch(buf, entry, &e.u16(*tag));
        patch(buf, entry + 2, &e.u16(kind));
        patch(buf, entry + 4, &e.u32(count));
        if bytes.len() <= 4 {
            patch(buf, entry + 8, &bytes);
        } else {
            let off = offset(buf);
            buf.extend(&bytes);
            patch(buf, entry + 8, &e.u32(off));
        }
        match val {
            Val::Ifd(sub) => {
                let off = put(buf, e, sub);
                patch(buf, entry + 8, &e.u32(off));
            }
            Val::Data(b) => {
                let off = offset(buf);
                buf.extend(b);
                patch(buf, entry + 8, &e.u32(off));
            }
            Val::Long(v) => patch(buf, entry + 8, &e.u32(*v)),
            _ => {}
        }
    }
    let next = match &d.next {
        Some(n) => put(buf, e, n),
        None => d.next_raw,
    };
    patch(buf, at + 2 + 12 * d.entries.len(), &e.u32(next));
    u32::try_from(at).expect("small")
}

/// An APP1 payload: "Exif\0\0" and a TIFF block with `ifd0`.
fn app1(e: Endian, ifd0: &Ifd) -> Vec<u8> {
    let mut tiff = match e {
        Endian::Big => b"MM\0\x2a".to_vec(),
        Endian::Little => b"II\x2a\0".to_vec(),
    };
    tiff.extend(e.u32(8));
    put(&mut tiff, e, ifd0);
    let mut out = b"Exif\0\0".to_vec();
    out.extend(tiff);
    out
}

fn gps() -> Ifd {
    ifd(vec![
        (0x0001, Val::Ascii("N")),
        (0x0002, Val::Rationals(vec![(20, 1), (51, 1), (0, 1)])),
        (0x0003, Val::Ascii("E")),
        (0x0004, Val::Rationals(vec![(106, 1), (41, 1), (0, 1)])),
    ])
}

fn exif_ifd(extra: Vec<(u16, Val)>) -> Ifd {
    let mut entries = vec![
        (0x9000, Val::Undefined(b"0232".to_vec())),
        (0x9003, Val::Ascii("2026:11:30 09:15:00")),
    ];
    entries.extend(extra);
    entries.sort_by_key(|(t, _)| *t);
    ifd(entries)
}

/// The EXIF layouts: a name and the APP1 payload for orientation `o`.
fn layouts(o: u16) -> Vec<(&'static str, Vec<u8>)> {
    let camera = |o: u16| {
        vec![
            (0x010F, Val::Ascii("Canon")),
            (0x0110, Val::Ascii("Canon EOS R6")),
            (0x0112, Val::Short(o)),
            (0x011A, Val::Rationals(vec![(72, 1)])),
            (0x011B, Val::Rationals(vec![(72, 1)])),
            (0x0128, Val::Short(2)),
            (0x0131, Val::Ascii("Tòa soạn test")),
            (0x013B, Val::Ascii("Hoang Tung")),
        ]
    };
    let with = |mut v: Vec<(u16, Val)>, more: Vec<(u16, Val)>| {
        v.extend(more);
        v.sort_by_key(|(t, _)| *t);
        v
    };
    let thumbnail = jpeg(16, 12, None);
    let maker_note = {
        // A vendor block with its own header and offsets that mean nothing outside it.
        let mut b = b"Nikon\0\x02\x10\0\0MM\0\x2a\0\0\0\x08".to_vec();
        b.extend((0..180u8).map(|i| i.wrapping_mul(37)));
        b
    };
    vec![
        (
            "big-endian, IFD0 only",
            app1(Endian::Big, &ifd(vec![(0x0112, Val::Short(o))])),
        ),
        (
            "little-endian, IFD0 only",
            app1(Endian::Little, &ifd(vec![(0x0112, Val::Short(o))])),
        ),
        (
            "big-endian, camera IFD0 and GPS",
            app1(
                Endian::Big,
                &ifd(with(camera(o), vec![(0x8825, Val::Ifd(gps()))])),
            ),
        ),
        (
            "little-endian, Exif and Interop sub-IFDs",
            app1(
                Endian::Little,
                &ifd(with(
                    camera(o),
                    vec![(
                        0x8769,
                        Val::Ifd(exif_ifd(vec![(
                            0xA005,
                            Val::Ifd(ifd(vec![(0x0001, Val::Ascii("R98"))])),
                        )])),
                    )],
                )),
            ),
        ),
        ("little-endian, Exif, GPS and a thumbnail in IFD1", {
            let mut d = ifd(with(
                camera(o),
                vec![
                    (0x8769, Val::Ifd(exif_ifd(vec![]))),
                    (0x8825, Val::Ifd(gps())),
                ],
            ));
            d.next = Some(Box::new(ifd(vec![
                (0x0103, Val::Short(6)),
                (0x0201, Val::Data(thumbnail.clone())),
                (
                    0x0202,
                    Val::Long(u32::try_from(thumbnail.len()).expect("small")),
                ),
            ])));
            app1(Endian::Little, &d)
        }),
        ("big-endian, empty Exif and GPS IFDs and an empty IFD1", {
            let mut d = ifd(with(
                camera(o),
                vec![
                    (0x8769, Val::Ifd(Ifd::default())),
                    (0x8825, Val::Ifd(Ifd::default())),
                ],
            ));
            d.next = Some(Box::new(Ifd::default()));
            app1(Endian::Big, &d)
        }),
        (
            "little-endian, a broken GPS pointer and IFD1 after a good IFD0",
            {
                let mut d = ifd(with(camera(o), vec![(0x8825, Val::Long(0x00FF_FF00))]));
                d.next_raw = 0x7FFF_FFF0;
                app1(Endian::Little, &d)
            },
        ),
        ("big-endian, a GPS IFD with a value past the end", {
            let mut g = gps();
            g.entries.push((0x0006, Val::Long(0))); // altitude: wrong type
            g.entries[1] = (
                0x0002,
                Val::Rationals(vec![(20, 1), (51, 1), (0, 1), (0, 1), (0, 1)]),
            );
            let mut bytes = app1(
                Endian::Big,
                &ifd(with(camera(o), vec![(0x8825, Val::Ifd(g))])),
            );
            // Cut the block inside the GPS latitude's values.
            bytes.truncate(bytes.len() - 30);
            bytes
        }),
        (
            "little-endian, Exif IFD with a MakerNote",
            app1(
                Endian::Little,
                &ifd(with(
                    camera(o),
                    vec![(
                        0x8769,
                        Val::Ifd(exif_ifd(vec![(0x927C, Val::Undefined(maker_note))])),
                    )],
                )),
            ),
        ),
    ]
}

/// Runs `script` with Debian's Python (where the set-up installs python3-pil and python3-piexif)
/// and `args`; its standard output.
fn python<'a>(script: &str, args: impl IntoIterator<Item = &'a std::ffi::OsStr>) -> String {
    let out = std::process::Command::new("/usr/bin/python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "Python with Pillow and piexif (python3-pil, python3-piexif: the set-up installs them): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

/// What Pillow sees in each file: orientation, width and height once turned upright, and the corner
/// the red block (top left of the stored pixels) is in once upright.
fn pillow(files: &[PathBuf]) -> Vec<(u16, u32, u32, String)> {
    let script = r#"
import sys
from PIL import Image, ImageOps
for p in sys.argv[1:]:
    im = Image.open(p)
    o = im.getexif().get(0x0112, 1)
    up = ImageOps.exif_transpose(im).convert("RGB")
    w, h = up.size
    corners = {"tl": (2, 2), "tr": (w - 3, 2), "bl": (2, h - 3), "br": (w - 3, h - 3)}
    red = [k for k, xy in corners.items() if up.getpixel(xy)[0] > 150 and up.getpixel(xy)[1] < 90]
    print(o, w, h, ",".join(red))
"#;
    python(script, files.iter().map(|p| p.as_os_str()))
        .lines()
        .map(|l| {
            let p: Vec<&str> = l.split(' ').collect();
            (
                p[0].parse().expect("orientation"),
                p[1].parse().expect("w"),
                p[2].parse().expect("h"),
                p.get(3).copied().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// The corner of a rendition the red block is in.
fn red_corner(jpeg_bytes: &[u8]) -> String {
    let mut d = jpeg_decoder::Decoder::new(std::io::Cursor::new(jpeg_bytes));
    let px = d.decode().expect("decodes");
    let i = d.info().expect("info");
    let (w, h) = (u32::from(i.width), u32::from(i.height));
    let at = |x: u32, y: u32| {
        let k = ((y * w + x) * 3) as usize;
        (px[k], px[k + 1])
    };
    [
        ("tl", (2, 2)),
        ("tr", (w - 3, 2)),
        ("bl", (2, h - 3)),
        ("br", (w - 3, h - 3)),
    ]
    .into_iter()
    .filter(|(_, (x, y))| {
        let (r, g) = at(*x, *y);
        r > 150 && g < 90
    })
    .map(|(k, _)| k)
    .collect::<Vec<_>>()
    .join(",")
}

fn check_against_pillow(files: Vec<(String, PathBuf)>) {
    let seen = pillow(&files.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>());
    assert_eq!(seen.len(), files.len());
    let spec = Spec {
        widths: vec![320],
        quality: 90,
    };
    let mut wrong = Vec::new();
    for ((name, path), (o, w, h, corner)) in files.iter().zip(seen) {
        let c = media::check_file(path).expect("a valid photo");
        let made = media::render(&c, &spec).expect("renders");
        let ours = (
            c.meta.orientation,
            c.width,
            c.height,
            red_corner(&made[0].bytes),
        );
        if ours != (o, w, h, corner.clone()) || (made[0].width, made[0].height) != (w, h) {
            wrong.push(format!(
                "{name}: ours {ours:?}, Pillow {:?}",
                (o, w, h, corner)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn eight_orientations_in_every_exif_layout_read_as_pillow_reads_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut files = Vec::new();
    for o in 1..=8u16 {
        for (k, (layout, block)) in layouts(o).into_iter().enumerate() {
            let path = write(
                dir.path(),
                &format!("o{o}-l{k}.jpg"),
                &jpeg(96, 64, Some(block)),
            );
            files.push((format!("orientation {o}, {layout}"), path));
        }
    }
    assert_eq!(files.len(), 8 * 9);
    check_against_pillow(files);
}

/// The reported file: a JPEG whose EXIF (Orientation 6, Artist, a GPS block) was written by piexif,
/// a common Python tool; the EXIF reader refuses its block as a whole ("Unexpected next IFD"). And
/// the same written by Pillow itself.
#[test]
fn photos_written_by_python_tools_with_gps_land_upright() {
    let dir = tempfile::tempdir().expect("tmp");
    let script = r#"
import sys, piexif
from PIL import Image
base, out, o, tool = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
im = Image.open(base)
if tool == "piexif":
    exif = piexif.dump({
        "0th": {piexif.ImageIFD.Orientation: o, piexif.ImageIFD.Artist: b"Hoang Tung"},
        "GPS": {piexif.GPSIFD.GPSLatitudeRef: b"N",
                piexif.GPSIFD.GPSLatitude: ((20, 1), (51, 1), (0, 1))},
    })
else:
    ex = Image.Exif()
    ex[0x0112] = o
    ex[0x013B] = "Hoang Tung"
    ex[0x8825] = {1: "N", 2: (20.0, 51.0, 0.0), 3: "E", 4: (106.0, 41.0, 0.0)}
    exif = ex.tobytes()
im.save(out, exif=exif, quality=95)
"#;
    let mut files = Vec::new();
    for tool in ["piexif", "pillow"] {
        for o in 1..=8u16 {
            let base = write(dir.path(), &format!("base{o}.jpg"), &jpeg(96, 64, None));
            let path = dir.path().join(format!("{tool}-{o}.jpg"));
            let o = o.to_string();
            python(
                script,
                [
                    base.as_os_str(),
                    path.as_os_str(),
                    o.as_ref(),
                    tool.as_ref(),
                ],
            );
            files.push((format!("written by {tool}, orientation {o}"), path));
        }
    }
    check_against_pillow(files.clone());
    // And through the import, as the report saw it: portrait renditions, the credit kept.
    let (data, conn) = crate::fresh();
    let photo = media::import_file(
        &conn,
        data.path(),
        Path::new(&files[5].1),
        &Profile::default().photo_spec(),
        "",
    )
    .expect("import");
    assert_eq!((photo.width, photo.height), (64, 96), "portrait");
    assert_eq!(photo.credit, "Hoang Tung", "IFD0's Artist is read too");
    assert!(
        photo.renditions.iter().all(|r| r.height > r.width),
        "{:?}",
        photo.renditions
    );
}
