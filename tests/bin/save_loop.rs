//! Test helper for the crash test: creates drafts and saves them in a loop on the data folder given
//! as the first argument, printing `ack <id> <revision> <body>` after each save has committed.
//! The test kills it with SIGKILL at random moments.

use std::io::Write;

use newsroom::articles::{self, ArticleInput, SaveKind};

fn main() {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: save_loop DATA_DIR");
        std::process::exit(2);
    };
    let conn = match newsroom::store::open(std::path::Path::new(&dir)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("save_loop: {e}");
            std::process::exit(1);
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let pid = std::process::id();
    for round in 0u64.. {
        let input = |n: u64| ArticleInput {
            title: format!("Bài {pid}-{round}"),
            body: format!("Lần lưu {n} của tiến trình {pid}: Hải Phòng, Đảng bộ, Sở Tài nguyên.\n"),
            ..Default::default()
        };
        let Ok(a) = articles::create(&conn, &input(0), "crash") else {
            std::process::exit(1);
        };
        let _ = writeln!(out, "ack {} {} {}", a.id, a.revision, 0);
        let _ = out.flush();
        let mut rev = a.revision;
        for n in 1..20 {
            match articles::save(&conn, &a.id, rev, &input(n), "crash", SaveKind::Save) {
                Ok(saved) => {
                    rev = saved.revision;
                    let _ = writeln!(out, "ack {} {} {}", a.id, rev, n);
                    let _ = out.flush();
                }
                Err(_) => std::process::exit(1),
            }
        }
    }
}
