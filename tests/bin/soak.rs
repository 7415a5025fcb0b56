//! Test helper for the soak test: a long working day in one process on the data folder given as
//! the first argument — ROUNDS (second argument) rounds of: 500 autosaves spread over 10 drafts growing to
//! about 2,000 words each, 15 new photos imported (real JPEGs, renditions made), 10 articles
//! exported as packages (then the packages removed, as staff do after uploading), and every draft of
//! the round moved to the trash and deleted. After each round it prints
//! `round <n> rss_kb <resident memory> fds <open files> db_bytes <database + WAL>`.

use std::path::Path;

use newsroom::articles::{self, ArticleInput, SaveKind};
use newsroom::figures::{self, FigureChange};
use newsroom::media;
use newsroom::profile::Profile;

fn status(key: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    s.lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map_or(0, |d| d.count())
}

fn size(p: &Path) -> u64 {
    std::fs::metadata(p).map_or(0, |m| m.len())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(rounds)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: soak DATA_DIR ROUNDS");
        std::process::exit(2);
    };
    let data = Path::new(dir);
    let rounds: u32 = rounds.parse().expect("rounds");
    let conn = newsroom::store::open(data).expect("open");
    let me = newsroom::workflow::actor(&conn, "Soak", None).expect("actor");
    let profile = Profile::hai_phong();
    let spec = profile.photo_spec();
    let paragraph = "Đoàn công tác đã kiểm tra thực tế tại các khu vực trọng điểm, nghe báo cáo về công tác bảo vệ môi trường, quản lý tài nguyên và đề nghị các đơn vị tiếp tục nâng cao hiệu lực quản lý nhà nước trên địa bàn thành phố.";
    let src = data.join("soak-src");
    std::fs::create_dir_all(&src).expect("src");
    let out = data.join("soak-out");
    let mut seed = 0u32;
    for round in 1..=rounds {
        let mut ids = Vec::new();
        for d in 0..10 {
            let a = articles::create(
                &conn,
                &ArticleInput {
                    title: format!("Bài {round}-{d}"),
                    lead: "Sáng 3/12, đoàn kiểm tra làm việc.".into(),
                    authors: vec!["Hoàng Tùng".into()],
                    ..Default::default()
                },
                "soak",
            )
            .expect("create");
            ids.push((a.id, a.revision));
        }
        // 500 autosaves: a reporter typing in ten drafts in turn.
        for k in 0..500 {
            let (id, rev) = &mut ids[k % 10];
            let words = 40 + k / 10 * 40;
            let body: String = paragraph
                .split(' ')
                .cycle()
                .take(words.min(2000))
                .collect::<Vec<_>>()
                .join(" ");
            let input = ArticleInput {
                title: format!("Bài {round}-{}", k % 10),
                lead: "Sáng 3/12, đoàn kiểm tra làm việc.".into(),
                authors: vec!["Hoàng Tùng".into()],
                body,
                ..Default::default()
            };
            let saved = articles::save(&conn, id, *rev, &input, "soak", SaveKind::Autosave)
                .expect("autosave");
            *rev = saved.revision;
        }
        // 15 photos over the drafts.
        for (k, (id, _)) in ids.iter().cycle().take(15).enumerate() {
            seed += 1;
            let file = src.join(format!("anh-{seed}.jpg"));
            std::fs::write(&file, newsroom_e2e::jpeg(1200, 800, seed)).expect("write photo");
            let p = media::import_file(&conn, data, &file, &spec, "soak").expect("import");
            std::fs::remove_file(&file).expect("remove source");
            figures::attach(
                &conn,
                id,
                &p.hash,
                &FigureChange {
                    alt: Some(format!("Ảnh {k}")),
                    caption: Some("Chú thích".into()),
                    credit: Some("Hoàng Tùng".into()),
                    ..Default::default()
                },
            )
            .expect("attach");
        }
        // 10 exports, then the packages go (uploaded).
        for (id, _) in &ids {
            newsroom::export::export_package(&conn, data, id, &out, &profile, true)
                .expect("export");
        }
        std::fs::remove_dir_all(&out).expect("remove packages");
        for (id, _) in &ids {
            articles::spike(&conn, id, &me).expect("spike");
            articles::delete(&conn, id, &me).expect("delete");
        }
        let db = data.join("newsroom.db");
        println!(
            "round {round} rss_kb {} fds {} db_bytes {}",
            status("VmRSS:"),
            fds(),
            size(&db) + size(&data.join("newsroom.db-wal"))
        );
    }
}
