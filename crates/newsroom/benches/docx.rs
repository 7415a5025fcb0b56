//! Word-file import benchmark, run by hand: `cargo bench -p newsroom --bench docx` (add `-- --quick`
//! for one repetition). A 2,000-word `.docx` with 10 photos of 12 MP, made here, imported as a
//! draft (`newsroom::docx::import_file`: read the file, parse it, every picture through the photo
//! pipeline, the draft and its figures written), beside the reference measured in the same run: the
//! photo pipeline alone on the same 10 photos as files (`media::import_files`, the same workers).
//! Each run starts from an empty data folder, so neither side finds a photo already rendered.
//! What favours the reference: its photos are already files (nothing to unzip and inflate); what
//! favours the import: nothing (it does the reference's work and more).

use std::path::Path;
use std::time::{Duration, Instant};

use newsroom::docx::Options;
use newsroom::media;
use newsroom::profile::Profile;
use newsroom_docx::testing::{Builder, p, p_styled, picture_p};

mod common;
use common::{Rng, camera_jpeg};

const PHOTOS: usize = 10;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// 2,000 words of Vietnamese prose in ~60 paragraphs, a few bold and italic runs, a list, and the
/// photos spread through it, each with a caption.
fn document(photos: &[Vec<u8>]) -> (Vec<u8>, usize) {
    const WORDS: &[&str] = &[
        "thành",
        "phố",
        "Hải",
        "Phòng",
        "đã",
        "tổ",
        "chức",
        "hội",
        "nghị",
        "sơ",
        "kết",
        "công",
        "tác",
        "bảo",
        "vệ",
        "môi",
        "trường",
        "năm",
        "nay",
        "với",
        "sự",
        "tham",
        "gia",
        "của",
        "các",
        "sở",
        "ngành",
        "quận",
        "huyện",
        "và",
        "người",
        "dân",
        "trên",
        "địa",
        "bàn",
    ];
    let mut rng = Rng(7);
    let mut body = String::new();
    body.push_str(&p_styled(
        r#"<w:pStyle w:val="Title"/>"#,
        &[("Hải Phòng sơ kết công tác bảo vệ môi trường năm 2026", "")],
    ));
    let mut words = 0;
    let mut paragraph = 0;
    while words < 2000 {
        let n = 25 + (rng.next() % 20) as usize;
        let text: Vec<&str> = (0..n)
            .map(|_| WORDS[(rng.next() % WORDS.len() as u64) as usize])
            .collect();
        let (a, b) = text.split_at(n / 3);
        let (b, c) = b.split_at(n / 3);
        body.push_str(&p(&[
            (&(a.join(" ") + " "), ""),
            (
                &(b.join(" ") + " "),
                if paragraph % 3 == 0 { "<w:b/>" } else { "" },
            ),
            (
                &(c.join(" ") + "."),
                if paragraph % 4 == 1 { "<w:i/>" } else { "" },
            ),
        ]));
        words += n;
        paragraph += 1;
        if paragraph % 5 == 0 && paragraph / 5 <= photos.len() {
            figure(&mut body, paragraph / 5);
        }
    }
    // Any photo the text did not reach goes at the end.
    for i in paragraph / 5 + 1..=photos.len() {
        figure(&mut body, i);
    }
    let mut b = Builder::new(&body).styles(
        r#"<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style><w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style>"#,
    );
    for (i, photo) in photos.iter().enumerate() {
        b = b.picture(
            &format!("rIdP{}", i + 1),
            &format!("image{}.jpeg", i + 1),
            photo,
        );
    }
    (b.build(), words)
}

/// Photo `i` (1-based) and its caption, appended to `body`.
fn figure(body: &mut String, i: usize) {
    body.push_str(&picture_p(&format!("rIdP{i}"), ""));
    body.push_str(&p_styled(
        r#"<w:pStyle w:val="Caption"/>"#,
        &[(&format!("Ảnh {i}: đoàn kiểm tra làm việc tại cơ sở"), "")],
    ));
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let reps = if quick { 1 } else { 5 };
    let threads = media::default_threads();
    println!("making {PHOTOS} photos of 12 MP (4000 × 3000)…");
    let photos: Vec<Vec<u8>> = (0..PHOTOS)
        .map(|i| camera_jpeg(4000, 3000, 1000 + i as u64))
        .collect();
    let (file_bytes, words) = document(&photos);
    let work = tempfile::tempdir().expect("tempdir");
    let file = work.path().join("bai.docx");
    std::fs::write(&file, &file_bytes).expect("write docx");
    let paths: Vec<std::path::PathBuf> = photos
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let p = work.path().join(format!("anh-{i}.jpg"));
            std::fs::write(&p, b).expect("write photo");
            p
        })
        .collect();
    let spec = Profile::hai_phong().photo_spec();
    let fresh = |name: &str| {
        let dir = work.path().join(name);
        let conn = newsroom::store::open(&dir).expect("open");
        let by = newsroom::workflow::actor(&conn, "Bench", None).expect("actor");
        (dir, conn, by)
    };

    let (mut ours, mut reference) = (Vec::new(), Vec::new());
    let (mut parse, mut unpack) = (Vec::new(), Vec::new());
    for rep in 0..reps {
        // Alternate which side runs first, so neither always has the warmer cache.
        for side in [rep % 2, 1 - rep % 2] {
            if side == 0 {
                let (dir, conn, by) = fresh(&format!("docx-{rep}"));
                let t = Instant::now();
                let made = newsroom::docx::import_file(
                    &conn,
                    &dir,
                    &file,
                    &spec,
                    &Options {
                        authors: Vec::new(),
                        threads,
                    },
                    &by,
                )
                .expect("import");
                ours.push(t.elapsed());
                assert_eq!(made.summary.figures as usize, PHOTOS);
            } else {
                let (dir, conn, by) = fresh(&format!("photos-{rep}"));
                let t = Instant::now();
                let got =
                    media::import_files(&conn, &dir, &paths, &spec, &by.name, threads, &|_| {});
                reference.push(t.elapsed());
                assert!(got.iter().all(Result::is_ok));
            }
        }
        let t = Instant::now();
        let doc = newsroom_docx::read_file(&file).expect("read");
        parse.push(t.elapsed());
        assert_eq!(doc.pictures.len(), PHOTOS);
        let t = Instant::now();
        for p in &doc.pictures {
            newsroom_docx::picture_from_file(&file, &p.part).expect("picture");
        }
        unpack.push(t.elapsed());
    }
    let (ours, reference) = (median(ours), median(reference));
    let (parse, unpack) = (median(parse), median(unpack));
    let extra = ours.saturating_sub(reference);
    println!(
        "{}: {words} words, {PHOTOS} photos of 12 MP, {:.1} MB, {threads} workers, median of {reps}",
        Path::new(&file).display(),
        file_bytes.len() as f64 / 1e6
    );
    println!(
        "  import as a draft (file read to draft written)   {:>8.3} s",
        ours.as_secs_f64()
    );
    println!(
        "  photo pipeline alone on the same photos (reference) {:>6.3} s",
        reference.as_secs_f64()
    );
    println!(
        "  the document's own work (difference)             {:>8.3} s = {:.1} % of the reference (goal < 10 %)",
        extra.as_secs_f64(),
        100.0 * extra.as_secs_f64() / reference.as_secs_f64()
    );
    println!(
        "  of which: the text read and parsed (one core)     {:>8.3} s",
        parse.as_secs_f64()
    );
    println!(
        "  and the photos unpacked, on one core (the import spreads it over its workers) {:.3} s",
        unpack.as_secs_f64()
    );
}
