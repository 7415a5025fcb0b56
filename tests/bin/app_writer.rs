//! Test helper for the concurrency test: does what the app does while a reporter types, on the data
//! folder given as the first argument — autosaves of article ARG2 (each adding a line), ARG3 times,
//! ARG4 milliseconds apart, from the revision it last saw, and now and then a new draft. Prints `ack <revision> <body>`
//! after each save committed, `conflict` when another writer saved first (it then reloads, as the
//! app's conflict dialog does), `new <id>` for each draft; any other error ends it with code 1.

use std::io::Write;

use newsroom::Error;
use newsroom::articles::{self, ArticleInput, SaveKind};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(id), Some(n)) = (args.get(1), args.get(2), args.get(3)) else {
        eprintln!("usage: app_writer DATA_DIR ARTICLE_ID SAVES");
        std::process::exit(2);
    };
    let n: u32 = n.parse().expect("a number of saves");
    // Milliseconds between saves (ARG4, default 0).
    let pause = std::time::Duration::from_millis(args.get(4).map_or(0, |p| p.parse().expect("ms")));
    let conn = newsroom::store::open(std::path::Path::new(dir)).unwrap_or_else(|e| {
        eprintln!("app_writer: {e}");
        std::process::exit(1)
    });
    let mut out = std::io::stdout().lock();
    let mut current = articles::get(&conn, id).expect("article");
    for i in 0..n {
        let mut input = ArticleInput::from(&current);
        input.body = format!("{}\nỨng dụng {i}", current.body);
        match articles::save(
            &conn,
            id,
            current.revision,
            &input,
            "app",
            SaveKind::Autosave,
        ) {
            Ok(saved) => {
                let _ = writeln!(
                    out,
                    "ack {} {}",
                    saved.revision,
                    serde_json::to_string(&saved.body).expect("json")
                );
                current = saved;
            }
            Err(Error::Conflict { .. }) => {
                let _ = writeln!(out, "conflict");
                current = articles::get(&conn, id).expect("reload");
            }
            Err(e) => {
                eprintln!("app_writer: save {i}: {e}");
                std::process::exit(1);
            }
        }
        if i % 25 == 0 {
            let draft = ArticleInput {
                title: format!("Bản nháp của ứng dụng {i}"),
                ..Default::default()
            };
            match articles::create(&conn, &draft, "app") {
                Ok(a) => {
                    let _ = writeln!(out, "new {}", a.id);
                }
                Err(e) => {
                    eprintln!("app_writer: new {i}: {e}");
                    std::process::exit(1);
                }
            }
        }
        let _ = out.flush();
        std::thread::sleep(pause);
    }
}
