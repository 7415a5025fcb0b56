//! Photos: real JPEG and PNG files made here, imported, decoded, resized and checked by parsing the
//! outputs.

use std::path::{Path, PathBuf};

use newsroom::articles::{self, ArticleInput};
use newsroom::figures::{self, FigureChange};
use newsroom::media::{self, Spec};
use newsroom::profile::Profile;
use sha2::Digest as _;

use crate::checked::ninjs_errors;
use crate::fresh;

fn spec() -> Spec {
    Profile::default().photo_spec()
}

/// A TIFF (EXIF) block, big-endian: orientation, artist, copyright, and a GPS position.
fn exif_block(orientation: u16, artist: &str, copyright: &str) -> Vec<u8> {
    // IFD0 entries: Orientation, Artist, Copyright, GPS IFD pointer. Strings follow the IFDs.
    let artist = format!("{artist}\0");
    let copyright = format!("{copyright}\0");
    let ifd0_at = 8u32;
    let ifd0_len = 2 + 4 * 12 + 4;
    let gps_at = ifd0_at + ifd0_len;
    let gps_len = 2 + 2 * 12 + 4;
    let artist_at = gps_at + gps_len;
    let copyright_at = artist_at + u32::try_from(artist.len()).expect("short");
    let lat_at = copyright_at + u32::try_from(copyright.len()).expect("short");
    let mut t = Vec::new();
    t.extend(b"MM\0\x2a");
    t.extend(ifd0_at.to_be_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_be_bytes());
        t.extend(kind.to_be_bytes());
        t.extend(count.to_be_bytes());
        t.extend(value);
    };
    t.extend(4u16.to_be_bytes());
    let o = orientation.to_be_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(
        &mut t,
        0x013B,
        2,
        artist.len() as u32,
        artist_at.to_be_bytes(),
    );
    entry(
        &mut t,
        0x8298,
        2,
        copyright.len() as u32,
        copyright_at.to_be_bytes(),
    );
    entry(&mut t, 0x8825, 4, 1, gps_at.to_be_bytes());
    t.extend(0u32.to_be_bytes());
    // GPS IFD: latitude ref "N", latitude 20° 51' 0".
    t.extend(2u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, 5, 3, lat_at.to_be_bytes());
    t.extend(0u32.to_be_bytes());
    t.extend(artist.as_bytes());
    t.extend(copyright.as_bytes());
    for (num, den) in [(20u32, 1u32), (51, 1), (0, 1)] {
        t.extend(num.to_be_bytes());
        t.extend(den.to_be_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(t);
    app1
}

/// RGB pixels `w × h`: grey, with a red block in the top-left corner (to see where "up" went).
pub(crate) fn pixels(w: u16, h: u16) -> Vec<u8> {
    let mut p = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    for y in 0..h {
        for x in 0..w {
            if x < w / 4 && y < h / 4 {
                p.extend([220, 20, 20]);
            } else {
                p.extend([120, 120, 120]);
            }
        }
    }
    p
}

pub(crate) fn jpeg(w: u16, h: u16, app1: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 90);
    if let Some(seg) = app1 {
        enc.add_app_segment(1, seg).expect("app1");
    }
    enc.encode(&pixels(w, h), w, h, jpeg_encoder::ColorType::Rgb)
        .expect("encode");
    out
}

pub(crate) fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let mut d = jpeg_decoder::Decoder::new(std::io::Cursor::new(bytes));
    let px = d.decode().expect("rendition decodes");
    let i = d.info().expect("info");
    (u32::from(i.width), u32::from(i.height), px)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn orientation_6_gives_upright_portrait_renditions_without_gps() {
    let (dir, conn) = fresh();
    let src = tempfile::tempdir().expect("tmp");
    // Stored 1200 × 800 (landscape), orientation 6: seen as 800 × 1200 (portrait).
    let file = write(
        src.path(),
        "IMG_0001.jpg",
        &jpeg(
            1200,
            800,
            Some(exif_block(6, "Hoàng Tùng", "© Cổng TTĐT Hải Phòng")),
        ),
    );
    let photo = media::import_file(&conn, dir.path(), &file, &spec(), "Minh Anh").expect("import");
    assert_eq!((photo.width, photo.height), (800, 1200));
    assert_eq!(photo.credit, "Hoàng Tùng", "EXIF artist fills the credit");
    assert_eq!(photo.copyright, "© Cổng TTĐT Hải Phòng");
    let sizes: Vec<(u32, u32)> = photo
        .renditions
        .iter()
        .map(|r| (r.width, r.height))
        .collect();
    assert_eq!(
        sizes,
        [(800, 1200), (320, 480)],
        "no enlargement, one 800 only"
    );
    for r in &photo.renditions {
        let bytes = std::fs::read(dir.path().join(&r.path)).expect("rendition file");
        assert_eq!(bytes.len() as u64, r.bytes);
        let (w, h, px) = decode(&bytes);
        assert_eq!((w, h), (r.width, r.height), "{}", r.spec);
        // Turned 90° clockwise: the red corner is now top right.
        let at = |x: u32, y: u32| {
            let i = ((y * w + x) * 3) as usize;
            (px[i], px[i + 1], px[i + 2])
        };
        let (rr, g, _) = at(w - 5, 5);
        assert!(rr > 150 && g < 90, "top right is red: {:?}", at(w - 5, 5));
        let (rr, g, _) = at(5, 5);
        assert!(rr < 160 && g > 80, "top left is grey: {:?}", at(5, 5));
        // No metadata at all: no EXIF block, nothing that looks like GPS or the artist.
        assert!(
            exif::Reader::new()
                .read_from_container(&mut std::io::Cursor::new(&bytes))
                .is_err()
        );
        assert!(!bytes.windows(4).any(|w| w == b"Exif"));
        assert!(!bytes.windows(7).any(|w| w == "Hoàng".as_bytes()));
    }
}

#[test]
fn large_photo_is_decoded_small_and_resized_in_a_cascade() {
    let (dir, conn) = fresh();
    let src = tempfile::tempdir().expect("tmp");
    let file = write(src.path(), "lon.jpg", &jpeg(4000, 3000, None));
    let photo = media::import_file(&conn, dir.path(), &file, &spec(), "").expect("import");
    let sizes: Vec<(u32, u32, &str)> = photo
        .renditions
        .iter()
        .map(|r| (r.width, r.height, r.spec.as_str()))
        .collect();
    assert_eq!(
        sizes,
        [
            (1600, 1200, "w1600-q82"),
            (800, 600, "w800-q82"),
            (320, 240, "w320-q82")
        ]
    );
    for r in &photo.renditions {
        assert_eq!(r.mime, "image/jpeg");
        let (w, h, _) = decode(&std::fs::read(dir.path().join(&r.path)).expect("file"));
        assert_eq!((w, h), (r.width, r.height));
    }
}

#[test]
fn the_same_photo_twice_is_stored_once() {
    let (dir, conn) = fresh();
    let src = tempfile::tempdir().expect("tmp");
    let bytes = jpeg(640, 480, None);
    let a = write(src.path(), "a.jpg", &bytes);
    let b = write(src.path(), "ban-sao.jpg", &bytes);
    let first = media::import_file(&conn, dir.path(), &a, &spec(), "").expect("first");
    let files = files_under(&dir.path().join("media"));
    let second = media::import_file(&conn, dir.path(), &b, &spec(), "").expect("second");
    assert_eq!(first.hash, second.hash);
    assert_eq!(
        second.original_name, "a.jpg",
        "the library keeps the first import"
    );
    assert_eq!(
        files_under(&dir.path().join("media")),
        files,
        "nothing new written"
    );
    assert_eq!(media::list(&conn, 10).expect("list").len(), 1);
    let originals = files_under(&dir.path().join(media::ORIGINALS_DIR));
    assert_eq!(originals.len(), 1);
    assert_eq!(
        std::fs::read(&originals[0]).expect("original"),
        bytes,
        "byte for byte"
    );
}

/// A PNG header (signature and IHDR with a valid CRC) claiming `w × h`, and no pixels.
fn png_header(w: u32, h: u32) -> Vec<u8> {
    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    let mut chunk = b"IHDR".to_vec();
    chunk.extend(w.to_be_bytes());
    chunk.extend(h.to_be_bytes());
    chunk.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&chunk);
    out.extend(crc32(&chunk).to_be_bytes());
    out
}

#[test]
fn bad_files_are_refused_with_a_reason_and_leave_nothing() {
    let (dir, conn) = fresh();
    let src = tempfile::tempdir().expect("tmp");
    let good = jpeg(800, 600, None);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cat-do.jpg", good[..good.len() / 2].to_vec(), "bị hỏng"),
        (
            "khong-lo.png",
            png_header(100_000, 100_000),
            "quá giới hạn 100 megapixel",
        ),
        (
            "ghi-chu.jpg",
            "Đây là ghi chú, không phải ảnh.".as_bytes().to_vec(),
            "không phải là ảnh",
        ),
        ("rong.jpg", Vec::new(), "tệp rỗng"),
        (
            "IMG_1234.HEIC",
            [&[0, 0, 0, 24][..], b"ftypheic", &[0, 0, 0, 0], b"mif1heic"].concat(),
            "HEIC",
        ),
        (
            "anh.gif",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            "GIF",
        ),
        (
            "dau-hong.jpg",
            [0xFF, 0xD8, 0xFF, 0xC0, 0, 3].to_vec(),
            "bị hỏng",
        ),
    ];
    for (name, bytes, says) in cases {
        let file = write(src.path(), name, &bytes);
        let err = media::import_file(&conn, dir.path(), &file, &spec(), "").expect_err(name);
        assert_eq!(err.code().as_str(), "bad_photo", "{name}: {err}");
        let msg = err.to_string();
        assert!(msg.contains(name) && msg.contains(says), "{name}: {msg}");
    }
    assert!(
        files_under(&dir.path().join("media")).is_empty(),
        "nothing in media/"
    );
    assert!(media::list(&conn, 10).expect("list").is_empty());
}

#[test]
fn transparent_png_stays_png() {
    let (dir, conn) = fresh();
    let src = tempfile::tempdir().expect("tmp");
    let mut img = image::RgbaImage::new(900, 300);
    for (x, _, p) in img.enumerate_pixels_mut() {
        *p = image::Rgba([0, 80, 160, if x < 450 { 255 } else { 0 }]);
    }
    let mut bytes = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Png,
    )
    .expect("png");
    let file = write(src.path(), "bieu-do.png", &bytes);
    let photo = media::import_file(&conn, dir.path(), &file, &spec(), "").expect("import");
    assert_eq!(photo.format, media::Format::Png);
    let specs: Vec<&str> = photo.renditions.iter().map(|r| r.spec.as_str()).collect();
    assert_eq!(specs, ["w900-png", "w800-png", "w320-png"]);
    let out = image::load_from_memory(
        &std::fs::read(dir.path().join(&photo.renditions[1].path)).expect("file"),
    )
    .expect("decodes");
    assert!(out.color().has_alpha());
    assert_eq!((out.width(), out.height()), (800, 267));
}

#[test]
fn many_files_on_all_cores_in_order_with_progress() {
    let (dir, conn) = fresh();
    let src = tempfile::tempdir().expect("tmp");
    let mut paths = Vec::new();
    for i in 0..6u16 {
        paths.push(write(
            src.path(),
            &format!("{i}.jpg"),
            &jpeg(700 + i * 10, 500, None),
        ));
    }
    paths.insert(3, write(src.path(), "hong.jpg", b"not a photo"));
    let seen = std::sync::Mutex::new(Vec::new());
    let results = media::import_files(&conn, dir.path(), &paths, &spec(), "", 2, &|p| {
        seen.lock()
            .expect("lock")
            .push((p.done, p.total, p.error.is_some()));
    });
    assert_eq!(results.len(), 7);
    assert!(results[3].is_err());
    for (i, r) in results.iter().enumerate().filter(|(i, _)| *i != 3) {
        let p = r.as_ref().expect("imported");
        assert_eq!(
            p.original_name,
            paths[i].file_name().expect("name").to_string_lossy()
        );
    }
    let seen = seen.into_inner().expect("lock");
    assert_eq!(seen.len(), 7);
    assert_eq!(seen.last().map(|s| (s.0, s.1)), Some((7, 7)));
    assert_eq!(seen.iter().filter(|s| s.2).count(), 1);
}

#[test]
fn figures_live_in_the_body_and_captions_are_remembered() {
    let (dir, conn) = fresh();
    let src = tempfile::tempdir().expect("tmp");
    let p1 = media::import_file(
        &conn,
        dir.path(),
        &write(src.path(), "1.jpg", &jpeg(800, 600, None)),
        &spec(),
        "",
    )
    .expect("photo 1");
    let p2 = media::import_file(
        &conn,
        dir.path(),
        &write(src.path(), "2.jpg", &jpeg(600, 800, None)),
        &spec(),
        "",
    )
    .expect("photo 2");
    let a = articles::create(
        &conn,
        &ArticleInput {
            title: "Kiểm tra bãi rác Tràng Cát".into(),
            body: "Đoạn mở đầu.".into(),
            ..Default::default()
        },
        "Minh Anh",
    )
    .expect("article");
    let (a, n1) = figures::add(
        &conn,
        &a.id,
        a.revision,
        &p1.hash,
        &FigureChange {
            alt: Some("Đoàn kiểm tra đứng cạnh bãi rác".into()),
            caption: Some("Đoàn kiểm tra làm việc tại bãi rác Tràng Cát".into()),
            lead: Some(true),
            ..Default::default()
        },
        "Minh Anh",
    )
    .expect("add 1");
    let (a, n2) = figures::add(
        &conn,
        &a.id,
        a.revision,
        &p2.hash,
        &FigureChange::default(),
        "Minh Anh",
    )
    .expect("add 2");
    assert_eq!((n1, n2), (1, 2));
    assert!(a.body.contains(
        "![Đoàn kiểm tra đứng cạnh bãi rác](anh:1 \"Đoàn kiểm tra làm việc tại bãi rác Tràng Cát\")"
    ));
    // The caption is the article's: changing it is a new revision, the library is untouched.
    let before = a.revision;
    let a = figures::set(
        &conn,
        &a.id,
        a.revision,
        2,
        &FigureChange {
            caption: Some("Chiều 2/12, tại Tràng Cát".into()),
            alt: Some("Xe chở rác".into()),
            credit: Some("Báo Hải Phòng".into()),
            lead: Some(true),
        },
        "Minh Anh",
    )
    .expect("set");
    assert_eq!(a.revision, before + 1);
    let figs = figures::list(&conn, &a.id).expect("list");
    assert_eq!(figs.len(), 2);
    assert_eq!((figs[0].n, figs[0].lead), (1, false), "one lead photo only");
    assert_eq!(figs[1].caption, "Chiều 2/12, tại Tràng Cát");
    assert_eq!(figs[1].credit, "Báo Hải Phòng");
    assert_eq!(media::get(&conn, &p2.hash).expect("photo").description, "");
    // A stale base revision is refused, nothing written.
    let err = figures::set(
        &conn,
        &a.id,
        before,
        1,
        &FigureChange {
            caption: Some("x".into()),
            ..Default::default()
        },
        "B",
    )
    .expect_err("stale");
    assert_eq!(err.code().as_str(), "conflict");
    // Captions come back as suggestions, typed without marks.
    let mut offered = figures::suggest_captions(&conn, "trang cat", 5).expect("suggest");
    offered.sort();
    assert_eq!(
        offered,
        [
            "Chiều 2/12, tại Tràng Cát",
            "Đoàn kiểm tra làm việc tại bãi rác Tràng Cát"
        ]
    );
    assert!(
        figures::suggest_captions(&conn, "khong co", 5)
            .expect("suggest")
            .is_empty()
    );
    // Removing takes the line out of the body; the photo stays in the library.
    let a = figures::remove(&conn, &a.id, a.revision, 1, "Minh Anh").expect("remove");
    assert!(!a.body.contains("anh:1"));
    assert!(a.body.starts_with("Đoạn mở đầu."));
    assert_eq!(figures::list(&conn, &a.id).expect("list").len(), 1);
    assert_eq!(media::list(&conn, 10).expect("library").len(), 2);
}

#[test]
fn export_and_preview_show_figures_with_their_renditions() {
    let (dir, conn) = fresh();
    let src = tempfile::tempdir().expect("tmp");
    let file = write(
        src.path(),
        "anh.jpg",
        &jpeg(2000, 1000, Some(exif_block(1, "Hoàng Tùng", ""))),
    );
    let photo = media::import_file(&conn, dir.path(), &file, &spec(), "").expect("import");
    let a = articles::create(
        &conn,
        &ArticleInput {
            title: "Ảnh ở Đồ Sơn".into(),
            lead: "Sáng 3/12.".into(),
            body: "Mở đầu.".into(),
            authors: vec!["An".into()],
            ..Default::default()
        },
        "An",
    )
    .expect("article");
    // Attached (the editor places the line itself), then placed by a save of the text.
    let n = figures::attach(&conn, &a.id, &photo.hash, &FigureChange::default()).expect("attach");
    let mut input = ArticleInput::from(&a);
    input.body = format!(
        "Mở đầu.\n\n{}",
        figures::line(n, "Bãi biển", "Sáng 3/12 <b>đẹp</b>")
    );
    let a = articles::save(
        &conn,
        &a.id,
        a.revision,
        &input,
        "An",
        articles::SaveKind::Save,
    )
    .expect("save");

    let out = dir.path().join("goi");
    let index = crate::checked::export_article(&conn, dir.path(), &a.id, &out, &Profile::default())
        .expect("export");
    let html = std::fs::read_to_string(index).expect("html");
    assert!(html.contains("<img src=\"images/anh-o-do-son-1-800.jpg\" srcset=\"images/anh-o-do-son-1-1600.jpg 1600w, images/anh-o-do-son-1-800.jpg 800w, images/anh-o-do-son-1-320.jpg 320w\""), "{html}");
    assert!(html.contains("width=\"800\" height=\"400\" alt=\"Bãi biển\""));
    assert!(html.contains("<figcaption>Sáng 3/12 &lt;b&gt;đẹp&lt;/b&gt; <span class=\"credit\">Ảnh: Hoàng Tùng</span></figcaption>"));
    let mut images: Vec<String> = std::fs::read_dir(out.join("images"))
        .expect("images")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    images.sort();
    assert_eq!(
        images,
        [
            "anh-o-do-son-1-1600.jpg",
            "anh-o-do-son-1-320.jpg",
            "anh-o-do-son-1-800.jpg"
        ]
    );

    let page =
        newsroom::export::preview(&conn, dir.path(), Some(&a.id), &input, &Profile::default())
            .expect("preview");
    assert!(
        page.contains("<img src=\"data:image/jpeg;base64,/9j/"),
        "the preview carries the image"
    );
}

#[test]
fn a_file_over_50_mb_is_refused_unread_and_the_library_is_searchable() {
    let (dir, conn) = fresh();
    let src = tempfile::tempdir().expect("tmp");
    let big = src.path().join("quet-tai-lieu.jpg");
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(media::MAX_FILE_BYTES + 1).expect("sparse file");
    let err = media::import_file(&conn, dir.path(), &big, &spec(), "").expect_err("too big");
    assert!(err.to_string().contains("quá giới hạn 50 MB"), "{err}");

    let p = media::import_file(
        &conn,
        dir.path(),
        &write(src.path(), "do-son.jpg", &jpeg(400, 300, None)),
        &spec(),
        "",
    )
    .expect("import");
    media::describe(
        &conn,
        &p.hash,
        Some("Bãi biển Đồ Sơn lúc bình minh"),
        Some("Hoàng Tùng"),
        None,
        &crate::solo(&conn),
    )
    .expect("describe");
    assert_eq!(
        media::search(&conn, "binh minh", 10).expect("find").len(),
        1
    );
    assert_eq!(
        media::search(&conn, "hoang tung", 10).expect("find").len(),
        1
    );
    assert!(media::search(&conn, "cat ba", 10).expect("find").is_empty());
    assert_eq!(media::search(&conn, "", 10).expect("all").len(), 1);
}

fn article_with_photo(
    conn: &rusqlite::Connection,
    data: &Path,
    src: &Path,
) -> (newsroom::articles::Article, media::Photo) {
    let photo = media::import_file(
        conn,
        data,
        &write(
            src,
            "anh.jpg",
            &jpeg(1800, 1200, Some(exif_block(1, "Hoàng Tùng", ""))),
        ),
        &spec(),
        "",
    )
    .expect("import");
    let a = articles::create(
        conn,
        &ArticleInput {
            title: "Đoàn kiểm tra làm việc tại Sở".into(),
            lead: "Chiều 2/12, Đoàn Kiểm tra làm việc.".into(),
            body: "Đoạn một.".into(),
            authors: vec!["Hoàng Tùng".into()],
            category: "Tin tức".into(),
            tags: vec!["môi trường".into()],
            ..Default::default()
        },
        "An",
    )
    .expect("article");
    let (a, _) = figures::add(
        conn,
        &a.id,
        a.revision,
        &photo.hash,
        &FigureChange {
            alt: Some("Toàn cảnh buổi làm việc".into()),
            caption: Some("Đồng chí Trưởng đoàn phát biểu".into()),
            lead: Some(true),
            ..Default::default()
        },
        "An",
    )
    .expect("figure");
    (a, photo)
}

#[test]
fn a_package_is_complete_deterministic_and_replaced_whole() {
    use crate::checked as export;
    let (dir, conn) = fresh();
    let src = tempfile::tempdir().expect("tmp");
    let (a, photo) = article_with_photo(&conn, dir.path(), src.path());
    let out = tempfile::tempdir().expect("out");
    let first = export::export_package(
        &conn,
        dir.path(),
        &a.id,
        out.path(),
        &Profile::default(),
        true,
    )
    .expect("export");
    let folder = out.path().join(&a.slug);
    assert_eq!(first.folder, folder.display().to_string());
    let read =
        |name: &str| std::fs::read(folder.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut names: Vec<String> = walk(&folder);
    names.sort();
    assert_eq!(
        names,
        [
            "article.html",
            "article.json",
            "content.json",
            "dublin-core.json",
            "images/doan-kiem-tra-lam-viec-tai-so-1-1600.jpg",
            "images/doan-kiem-tra-lam-viec-tai-so-1-320.jpg",
            "images/doan-kiem-tra-lam-viec-tai-so-1-800.jpg",
            "index.html",
            "manifest.json",
        ]
    );
    // The manifest lists every other file with its size and hash.
    let manifest: serde_json::Value = serde_json::from_slice(&read("manifest.json")).expect("json");
    assert_eq!(manifest["format"], "toasoan-package");
    let files = manifest["files"].as_array().expect("files");
    assert_eq!(files.len(), 8);
    for f in files {
        let bytes = read(f["path"].as_str().expect("path"));
        assert_eq!(f["size"], bytes.len());
        let hash: String = sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(f["sha256"], hash);
    }
    // The metadata: IPTC NINJS 1.6 exactly (its own schema says so), with the picture and its
    // renditions; Dublin Core in a file of its own; the lead photo in the manifest.
    let meta: serde_json::Value = serde_json::from_slice(&read("article.json")).expect("json");
    let errors = ninjs_errors(&meta);
    assert!(errors.is_empty(), "{errors:#?}\n{meta:#}");
    assert_eq!(manifest["lead_picture"], "anh1");
    assert_eq!(meta["headline"], "Đoàn kiểm tra làm việc tại Sở");
    assert_eq!(
        meta["description_text"],
        "Chiều 2/12, Đoàn Kiểm tra làm việc."
    );
    assert_eq!(meta["language"], "vi");
    assert!(
        meta["versioncreated"]
            .as_str()
            .expect("time")
            .ends_with("+07:00")
    );
    let pic = &meta["associations"]["anh1"];
    assert_eq!(pic["description_text"], "Đồng chí Trưởng đoàn phát biểu");
    assert_eq!(pic["body_text"], "Toàn cảnh buổi làm việc");
    assert_eq!(pic["byline"], "Hoàng Tùng");
    // No address where the profile gives none (NINJS wants an absolute URI): the manifest names
    // each rendition's file.
    assert!(pic["renditions"]["w800"].get("href").is_none(), "{pic:#}");
    assert_eq!(
        manifest["renditions"]["anh1"]["w800"],
        "images/doan-kiem-tra-lam-viec-tai-so-1-800.jpg"
    );
    assert_eq!(
        pic["renditions"]["w800"]["sizeinbytes"],
        photo.renditions[1].bytes
    );
    let dc: serde_json::Value = serde_json::from_slice(&read("dublin-core.json")).expect("json");
    assert_eq!(dc["creator"][0], "Hoàng Tùng");
    assert_eq!(dc["subject"][0], "môi trường");
    assert_eq!(dc["identifier"], meta["uri"]);
    assert_eq!(
        dc["publisher"],
        "Cổng thông tin điện tử Thành phố Hải Phòng"
    );
    let fragment = String::from_utf8(read("article.html")).expect("utf8");
    assert!(fragment.starts_with("<p>Đoạn một.</p>") && fragment.contains("<figure"));
    assert!(!fragment.contains("<html"));

    // Again: byte for byte the same, zip included.
    let zip1 = std::fs::read(first.zip.as_deref().expect("zip")).expect("zip");
    let before: Vec<Vec<u8>> = names.iter().map(|n| read(n)).collect();
    let again = export::export_package(
        &conn,
        dir.path(),
        &a.id,
        out.path(),
        &Profile::default(),
        true,
    )
    .expect("again");
    assert_eq!(
        std::fs::read(again.zip.as_deref().expect("zip")).expect("zip"),
        zip1
    );
    let after: Vec<Vec<u8>> = names.iter().map(|n| read(n)).collect();
    assert_eq!(before, after);
    let leftovers: Vec<String> = std::fs::read_dir(out.path())
        .expect("out")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let mut leftovers = leftovers;
    leftovers.sort();
    assert_eq!(
        leftovers,
        [a.slug.clone(), format!("{}.zip", a.slug)],
        "no temporary folder left"
    );

    // A failed export (a rendition file gone) leaves the previous package as it was, and no debris.
    std::fs::remove_file(dir.path().join(&photo.renditions[2].path)).expect("remove");
    export::export_package(
        &conn,
        dir.path(),
        &a.id,
        out.path(),
        &Profile::default(),
        false,
    )
    .expect_err("a missing file fails the export");
    let kept: Vec<Vec<u8>> = names.iter().map(|n| read(n)).collect();
    assert_eq!(kept, before);
    assert_eq!(std::fs::read_dir(out.path()).expect("out").count(), 2);
}

#[test]
fn a_profile_that_says_where_images_are_served_gives_each_rendition_its_address() {
    use crate::checked as export;
    let (dir, conn) = fresh();
    let src = tempfile::tempdir().expect("tmp");
    let (a, _) = article_with_photo(&conn, dir.path(), src.path());
    let out = tempfile::tempdir().expect("out");
    let mut profile = Profile::default();
    for (url, want) in [
        (
            "https://haiphong.gov.vn/media/{slug}/",
            "https://haiphong.gov.vn/media/doan-kiem-tra-lam-viec-tai-so/images/doan-kiem-tra-lam-viec-tai-so-1-800.jpg",
        ),
        (
            "http://cms.example.vn/goi",
            "http://cms.example.vn/goi/doan-kiem-tra-lam-viec-tai-so/images/doan-kiem-tra-lam-viec-tai-so-1-800.jpg",
        ),
    ] {
        profile.image_url = Some(url.into());
        profile.validate().expect("a valid address");
        export::export_package(&conn, dir.path(), &a.id, out.path(), &profile, false)
            .expect("export");
        let meta: serde_json::Value = serde_json::from_slice(
            &std::fs::read(out.path().join(&a.slug).join("article.json")).expect("read"),
        )
        .expect("json");
        assert_eq!(
            meta["associations"]["anh1"]["renditions"]["w800"]["href"],
            want
        );
        let errors = ninjs_errors(&meta);
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // Addresses that are not one: refused by name, in both languages.
    for bad in [
        "images/",
        "/media/{slug}",
        "ftp://cms.example.vn/{slug}",
        "https://",
        "https://cms.example.vn/a b",
        "https://cms.example.vn/\"<script>",
        "javascript:alert(1)",
    ] {
        profile.image_url = Some(bad.into());
        let e = profile.validate().expect_err(bad);
        assert!(
            matches!(
                e,
                newsroom::Error::InvalidInput {
                    field: "image_url",
                    ..
                }
            ),
            "{bad}: {e:?}"
        );
    }
}

fn walk(dir: &Path) -> Vec<String> {
    files_under(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .expect("under")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

#[test]
fn the_ninjs_schema_check_finds_what_ninjs_forbids() {
    // The check above can fail: the fields format 1 wrote are refused by the schema.
    let old = serde_json::json!({
        "guid": "urn:toasoan:1",
        "uri": "urn:toasoan:1",
        "headline": "Tiêu đề",
        "keywords": ["a"],
        "associations": { "anh1": { "uri": "urn:x", "lead": true } },
    });
    let errors = ninjs_errors(&old).join("\n");
    for field in ["'guid'", "'keywords'", "'lead'"] {
        assert!(errors.contains(field), "{field}: {errors}");
    }
    // A rendition whose href is a file of the package, as format 1 wrote it, is not a URI.
    let relative = serde_json::json!({
        "uri": "urn:toasoan:1",
        "associations": { "anh1": {
            "uri": "urn:toasoan:1:anh1",
            "renditions": { "w800": { "href": "images/a-1-800.jpg" } },
        } },
    });
    assert_eq!(
        ninjs_errors(&relative).len(),
        1,
        "{:#?}",
        ninjs_errors(&relative)
    );
    assert!(
        ninjs_errors(&serde_json::json!({ "uri": "urn:toasoan:1", "headline": "Tiêu đề" }))
            .is_empty()
    );
}
