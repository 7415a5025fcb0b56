//! Export benchmark, run by hand or by `make bench`: `cargo bench -p newsroom --bench export`.
//! An article of about 1,500 words with 10 photos (24 MP camera-like JPEGs, imported once so their
//! renditions are cached) is exported as a package folder, then as a folder and zip, 15 times each;
//! the median is printed beside a reference measured in the same run on the same disk: copying the
//! same files (renditions and the written pages) into a fresh folder with `std::fs::copy`.
//! Goal (issue 5): the package of an article with 10 photos whose renditions are cached, < 300 ms.

use std::path::Path;
use std::time::{Duration, Instant};

use newsroom::articles::{self, ArticleInput};
use newsroom::figures::{self, FigureChange};
use newsroom::media;
use newsroom::profile::Profile;

mod common;
use common::camera_jpeg;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn main() {
    let runs = if std::env::args().any(|a| a == "--quick") {
        5
    } else {
        15
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let data = dir.path().join("data");
    let conn = newsroom::store::open(&data).expect("open");
    let profile = Profile::default();
    let spec = profile.photo_spec();
    let paragraph = "Đoàn công tác đã kiểm tra thực tế tại các khu vực trọng điểm, nghe báo cáo về công tác bảo vệ môi trường, quản lý tài nguyên và đề nghị các đơn vị tiếp tục nâng cao hiệu lực quản lý nhà nước trên địa bàn thành phố.";
    let a = articles::create(
        &conn,
        &ArticleInput {
            title: "Bài có mười ảnh".into(),
            lead: "Sáng 3/12, thành phố kiểm tra công tác bảo vệ môi trường.".into(),
            authors: vec!["Hoàng Tùng".into()],
            category: "Tin tức".into(),
            ..Default::default()
        },
        "bench",
    )
    .expect("article");
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).expect("src");
    let mut body = Vec::new();
    println!("importing 10 photos of 6000×4000 (renditions cached once)…");
    for i in 0..10u64 {
        let file = src.join(format!("anh-{i}.jpg"));
        std::fs::write(&file, camera_jpeg(6000, 4000, 300 + i)).expect("write");
        let photo = media::import_file(&conn, &data, &file, &spec, "bench").expect("import");
        let n = figures::attach(
            &conn,
            &a.id,
            &photo.hash,
            &FigureChange {
                credit: Some("Hoàng Tùng".into()),
                ..Default::default()
            },
        )
        .expect("attach");
        for _ in 0..4 {
            body.push(paragraph.to_string());
        }
        body.push(figures::line(
            n,
            &format!("Ảnh {n}"),
            &format!("Chú thích ảnh {n}"),
        ));
    }
    let mut input = ArticleInput::from(&articles::get(&conn, &a.id).expect("get"));
    input.body = body.join("\n\n");
    let a = articles::save(
        &conn,
        &a.id,
        a.revision,
        &input,
        "bench",
        articles::SaveKind::Save,
    )
    .expect("save");
    println!("article: {} words, 10 photos", a.word_count);

    let out = dir.path().join("exports");
    let mut folder_times = Vec::new();
    let mut zip_times = Vec::new();
    let mut copy_times = Vec::new();
    let mut exported = None;
    for i in 0..runs {
        let t = Instant::now();
        let done = newsroom::export::export_package(&conn, &data, &a.id, &out, &profile, false)
            .expect("export");
        folder_times.push(t.elapsed());
        let t = Instant::now();
        newsroom::export::export_package(&conn, &data, &a.id, &out, &profile, true)
            .expect("export zip");
        zip_times.push(t.elapsed());
        let target = dir.path().join(format!("copy-{i}"));
        let t = Instant::now();
        copy_tree(Path::new(&done.folder), &target);
        copy_times.push(t.elapsed());
        exported = Some(done);
    }
    let done = exported.expect("ran");
    let bytes: u64 = walk_size(Path::new(&done.folder));
    let (f, z, c) = (median(folder_times), median(zip_times), median(copy_times));
    println!(
        "package: {:.1} MB in {} files",
        bytes as f64 / 1e6,
        count_files(Path::new(&done.folder))
    );
    println!("| | median | vs plain copy of the same files |");
    println!("|---|---|---|");
    println!(
        "| export folder (checklist, render, copy, validate, fsync, rename) | {:.1} ms | {:.2}× |",
        ms(f),
        ms(f) / ms(c)
    );
    println!(
        "| export folder + zip | {:.1} ms | {:.2}× |",
        ms(z),
        ms(z) / ms(c)
    );
    println!(
        "| reference: std::fs::copy of the package's files | {:.1} ms | 1.00× |",
        ms(c)
    );
    println!(
        "goal < 300 ms (folder + zip): {}",
        if ms(z) < 300.0 { "met" } else { "NOT met" }
    );
}

fn walk_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .expect("read_dir")
        .map(|e| {
            let e = e.expect("entry");
            if e.path().is_dir() {
                walk_size(&e.path())
            } else {
                e.metadata().expect("meta").len()
            }
        })
        .sum()
}

fn count_files(p: &Path) -> usize {
    std::fs::read_dir(p)
        .expect("read_dir")
        .map(|e| {
            let e = e.expect("entry");
            if e.path().is_dir() {
                count_files(&e.path())
            } else {
                1
            }
        })
        .sum()
}
