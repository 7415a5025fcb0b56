//! Sync benchmarks, run by hand: `cargo bench -p newsroom-server --bench sync` (`-- --quick`: 1,000
//! articles). On a private throwaway cluster, in one run:
//!
//! 1. **First sync** of a newsroom of 10,000 articles (3 revisions each, submitted, a third of
//!    them approved) and 2,000 photos (one article in five shows one, 1600×1067 JPEGs with noise,
//!    about a camera's size) into an
//!    empty data folder: `newsroom sync` as a whole (connect, push nothing, pull everything,
//!    merge into SQLite, photos checked and their renditions made), time and bytes on the wire,
//!    beside the reference
//!    `pg_dump -Fc` of the same tables piped into `pg_restore` into an empty database (time, and
//!    the dump's bytes). What favours the reference: it copies rows into PostgreSQL, with no
//!    merging, no SQLite, no search index, no history numbering, no photo renditions; it moves a
//!    compressed dump while the sync's rows travel uncompressed.
//! 2. **An edit's trip** to another client: A saves and syncs; B, listening on the server's
//!    `newsroom` channel (LISTEN/NOTIFY), pulls when poked; the time from A's save to the edit in
//!    B's folder, p50 and p99 over 60 edits. Reference: the same trip of one row by plain SQL
//!    (INSERT on one connection, NOTIFY, SELECT on the other).
#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use newsroom::articles::{self, ArticleInput, SaveKind};
use newsroom::store;
use newsroom::workflow::Role;
use newsroom_server::testing::Cluster;
use newsroom_server::{Server, connect, people, sync};
use postgres::fallible_iterator::FallibleIterator;

const DB: &str = "toasoan";

/// A TCP relay on loopback that counts the bytes both ways (what a sync puts on the wire).
fn counting_relay(to_port: u16) -> (u16, Arc<AtomicU64>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let bytes = Arc::new(AtomicU64::new(0));
    let counted = bytes.clone();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let Ok(server) = TcpStream::connect(("127.0.0.1", to_port)) else {
                continue;
            };
            // As the client and the server themselves do: no Nagle delay on small messages.
            let _ = client.set_nodelay(true);
            let _ = server.set_nodelay(true);
            for (mut from, mut to) in [
                (client.try_clone().unwrap(), server.try_clone().unwrap()),
                (server, client),
            ] {
                let counted = counted.clone();
                std::thread::spawn(move || {
                    let mut buf = vec![0u8; 64 * 1024];
                    while let Ok(n) = from.read(&mut buf) {
                        if n == 0 || to.write_all(&buf[..n]).is_err() {
                            break;
                        }
                        counted.fetch_add(n as u64, Ordering::Relaxed);
                    }
                    let _ = to.shutdown(std::net::Shutdown::Both);
                });
            }
        }
    });
    (port, bytes)
}

fn body(i: usize, v: usize) -> String {
    let para = "Sáng 30/11, Ủy ban nhân dân thành phố Hải Phòng tổ chức hội nghị tổng kết công tác năm, \
                triển khai nhiệm vụ trọng tâm năm tới với sự tham dự của lãnh đạo các sở, ngành, quận, huyện.";
    format!("Bài {i}, bản {v}.\n\n{para}\n\n{para}\n\n{para}\n\n{para}")
}

/// A JPEG of 1600×1067 pixels, different for each `i`.
fn photo(i: usize) -> Vec<u8> {
    let (w, h) = (1600u16, 1067u16);
    let mut px = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    // Gradients with sensor-like noise: about the size a camera's JPEG of this size has, and as
    // hard for zlib (pg_dump -Fc) to shrink.
    let mut seed = 0x9E37_79B9_u32 ^ (i as u32).wrapping_mul(2_654_435_761);
    let mut noise = || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        (seed % 24) as usize
    };
    for y in 0..usize::from(h) {
        for x in 0..usize::from(w) {
            px.extend([
                ((x / 7 + i + noise()) % 256) as u8,
                ((y / 5 + i / 7 + noise()) % 256) as u8,
                ((x / 11 + y / 13 + noise()) % 256) as u8,
            ]);
        }
    }
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, 85);
    // The pattern repeats; the photo's number in an application segment makes each file its own.
    enc.add_app_segment(15, format!("anh {i}").into_bytes())
        .unwrap();
    enc.encode(&px, w, h, jpeg_encoder::ColorType::Rgb).unwrap();
    out
}

fn pg_tool(name: &str) -> std::path::PathBuf {
    newsroom_server::testing::bin_dir().join(name)
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n: usize = if quick { 1_000 } else { 10_000 };
    let c = Cluster::start();
    let mut admin = c.newsroom(DB, "Quản Trị", "admin-password");
    for (name, role) in [("Mai", Role::Reporter), ("Bình", Role::Editor)] {
        people::add(&mut admin, name, role, &format!("{name}-password")).unwrap();
    }

    // The newsroom: written straight into the server's tables by the superuser (the functions
    // would take minutes to fill it one call at a time; this measures reading it back).
    let t = Instant::now();
    let mut su = c.superuser(DB);
    let mut tx = su.transaction().unwrap();
    let mut photos = 0usize;
    for i in 0..n {
        let id = newsroom_base::new_uid().to_uppercase();
        let revs: Vec<String> = (0..3).map(|_| newsroom_base::new_uid()).collect();
        tx.execute(
            "INSERT INTO newsroom.articles (id, created_by, status, head_uid, shared) VALUES ($1, 'Mai', $2, $3, true)",
            &[&id, &if i % 3 == 0 { "approved" } else { "submitted" }, &revs[2]],
        )
        .unwrap();
        for (v, uid) in revs.iter().enumerate() {
            let parent = (v > 0).then(|| revs[v - 1].clone());
            tx.execute(
                "INSERT INTO newsroom.revisions (uid, article_id, parent_uid, kind, author, created_at, saved_at, title, lead,
                                                 body, authors, category, tags, source, slug)
                 VALUES ($1, $2, $3, 'save', 'Mai', '2026-11-30T01:00:00.000Z', '2026-11-30T01:00:00.000Z', $4,
                         'Sáng 30/11, thành phố họp.', $5, '[\"Mai\"]', 'Tin tức', '[]', '', $6)",
                &[uid, &id, &parent, &format!("Tin số {i}"), &body(i, v), &format!("tin-so-{i}")],
            )
            .unwrap();
        }
        tx.execute(
            "INSERT INTO newsroom.audit (uid, article_id, at, actor, role, action, from_status, to_status, revision_uid)
             VALUES ($1, $2, '2026-11-30T02:00:00.000Z', 'Mai', 'reporter', 'submit', 'draft', 'submitted', $3)",
            &[&newsroom_base::new_uid(), &id, &revs[2]],
        )
        .unwrap();
        if i % 5 == 0 {
            // One photo in five articles: 2,000 of 10,000, each its own JPEG (a real camera's
            // size class: 1600×1067).
            let bytes = photo(i);
            let hash = newsroom_base::sha256_hex(&bytes);
            tx.execute(
                "INSERT INTO newsroom.photos (hash, bytes, original_name, description, credit, copyright, added_by, added_at)
                 VALUES ($1, $2, $3, 'Ảnh minh họa', 'Mai', '', 'Mai', '2026-11-30T01:00:00.000Z')",
                &[&hash, &bytes, &format!("anh-{i}.jpg")],
            )
            .unwrap();
            tx.execute(
                "INSERT INTO newsroom.figures (article_id, n, photo, credit, lead, added_at)
                 VALUES ($1, 1, $2, '', true, '2026-11-30T01:00:00.000Z')",
                &[&id, &hash],
            )
            .unwrap();
            photos += 1;
        }
        if i % 3 == 0 {
            tx.execute(
                "INSERT INTO newsroom.approvals (uid, article_id, revision_uid, approver, approved_at, content_sha256)
                 VALUES ($1, $2, $3, 'Bình', '2026-11-30T03:00:00.000Z', $4)",
                &[&newsroom_base::new_uid(), &id, &revs[2], &"a".repeat(64)],
            )
            .unwrap();
        }
    }
    tx.commit().unwrap();
    eprintln!(
        "filled the server with {n} articles and {photos} photos in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    // 1. First sync into an empty folder, through the counting relay.
    let (relay, wire) = counting_relay(c.port());
    let dir = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let conn = store::open(dir.path()).unwrap();
    let server = Server {
        url: format!("host=127.0.0.1 port={relay} dbname={DB}"),
        user: Some("Bình".into()),
    };
    sync::join(&conn, &server, "Bình-password").unwrap();
    let done = sync::sync(&conn, "Bình-password").unwrap();
    let sync_s = t.elapsed().as_secs_f64();
    let sync_bytes = wire.load(Ordering::Relaxed);
    assert_eq!(done.received as usize, n);
    let folder_bytes = std::fs::metadata(dir.path().join(store::DB_FILE))
        .unwrap()
        .len();

    // Reference: pg_dump | pg_restore of the same tables into an empty database.
    c.create_db("copy");
    let t = Instant::now();
    let mut dump = Command::new(pg_tool("pg_dump"))
        .args(["-Fc", "-n", "newsroom", "-d", &c.superuser_url(DB)])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut restore = Command::new(pg_tool("pg_restore"))
        .args(["--no-owner", "-d", &c.superuser_url("copy")])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut dumped = 0u64;
    {
        let mut out = dump.stdout.take().unwrap();
        let mut into = restore.stdin.take().unwrap();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let k = out.read(&mut buf).unwrap();
            if k == 0 {
                break;
            }
            dumped += k as u64;
            into.write_all(&buf[..k]).unwrap();
        }
    }
    assert!(dump.wait().unwrap().success());
    assert!(
        restore.wait().unwrap().success(),
        "pg_restore failed: the reference did not do the job"
    );
    let ref_s = t.elapsed().as_secs_f64();
    println!(
        "first sync of {n} articles ({} revisions) and {photos} photos: {sync_s:.2} s, {:.1} MB on the wire, database {:.1} MB \
         | pg_dump -Fc | pg_restore: {ref_s:.2} s, dump {:.1} MB | ratio time {:.1}x, bytes {:.1}x",
        3 * n,
        sync_bytes as f64 / 1e6,
        folder_bytes as f64 / 1e6,
        dumped as f64 / 1e6,
        sync_s / ref_s,
        sync_bytes as f64 / dumped as f64
    );

    // 2. An edit's trip from A to B.
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a_conn = store::open(da.path()).unwrap();
    let direct = |name: &str| Server {
        url: c.url(DB),
        user: Some(name.into()),
    };
    sync::join(&a_conn, &direct("Mai"), "Mai-password").unwrap();
    let a = articles::create(
        &a_conn,
        &ArticleInput {
            title: "Tin đi đường".into(),
            body: "Bản 0.".into(),
            ..ArticleInput::default()
        },
        "Mai",
    )
    .unwrap();
    newsroom::workflow::transition(
        &a_conn,
        &a.id,
        &newsroom::workflow::actor(&a_conn, "Mai", None).unwrap(),
        newsroom::workflow::Action::Submit,
        "",
    )
    .unwrap();
    sync::sync(&a_conn, "Mai-password").unwrap();
    let id = a.id.clone();
    let b_dir = db.path().to_path_buf();
    let url = c.url(DB);
    let (tx_seen, rx_seen) = std::sync::mpsc::channel::<(String, Instant)>();
    let (tx_ready, rx_ready) = std::sync::mpsc::channel::<()>();
    let listener = std::thread::spawn(move || {
        let b_conn = store::open(&b_dir).unwrap();
        let server = Server {
            url,
            user: Some("Bình".into()),
        };
        sync::join(&b_conn, &server, "Bình-password").unwrap();
        // B's two connections: one listening, one pulling.
        let mut listen = connect(&server, Some("Bình-password")).unwrap();
        listen.batch_execute("LISTEN newsroom").unwrap();
        let mut pull = connect(&server, Some("Bình-password")).unwrap();
        sync::pull(&mut pull, &b_conn, &[]).unwrap();
        tx_ready.send(()).unwrap();
        let mut last = String::new();
        loop {
            let poked = {
                let mut n = listen.notifications();
                let mut it = n.timeout_iter(Duration::from_secs(5));
                matches!(it.next(), Ok(Some(_)))
            };
            if !poked {
                return;
            }
            sync::pull(&mut pull, &b_conn, &[]).unwrap();
            let body = articles::get(&b_conn, &id).unwrap().body;
            if body != last {
                last = body.clone();
                tx_seen.send((body, Instant::now())).unwrap();
            }
        }
    });
    rx_ready.recv().unwrap();
    let mut push = connect(&direct("Mai"), Some("Mai-password")).unwrap();
    let mut trips = Vec::new();
    for k in 1..=60 {
        let before = articles::get(&a_conn, &a.id).unwrap();
        let text = format!("Bản {k}.");
        let t0 = Instant::now();
        articles::save(
            &a_conn,
            &a.id,
            before.revision,
            &ArticleInput {
                title: "Tin đi đường".into(),
                body: text.clone(),
                ..ArticleInput::default()
            },
            "Mai",
            SaveKind::Save,
        )
        .unwrap();
        sync::push(&mut push, &a_conn, "Mai").unwrap();
        loop {
            let (body, at) = rx_seen.recv_timeout(Duration::from_secs(10)).unwrap();
            if body == text {
                trips.push(at - t0);
                break;
            }
        }
    }
    drop(push);
    // Reference: one row by plain SQL, INSERT + NOTIFY on one connection, SELECT on the other.
    let mut w = c.superuser(DB);
    let mut r = c.superuser(DB);
    w.batch_execute("CREATE TABLE public.trip (k int, body text)")
        .unwrap();
    r.batch_execute("LISTEN trip").unwrap();
    let mut refs = Vec::new();
    for k in 1..=60 {
        let t0 = Instant::now();
        w.execute("INSERT INTO public.trip VALUES ($1, 'x')", &[&k])
            .unwrap();
        w.batch_execute("NOTIFY trip").unwrap();
        {
            let mut n = r.notifications();
            let mut it = n.timeout_iter(Duration::from_secs(5));
            it.next().unwrap().unwrap();
        }
        let _: i64 = r
            .query_one("SELECT count(*) FROM public.trip WHERE k = $1", &[&k])
            .unwrap()
            .get(0);
        refs.push(t0.elapsed());
    }
    let pct = |v: &mut Vec<Duration>, p: f64| {
        v.sort();
        let i = ((v.len() as f64 - 1.0) * p).round() as usize;
        v[i].as_secs_f64() * 1000.0
    };
    println!(
        "an edit's trip A→B (save, push, NOTIFY, pull, merge), 60 edits: p50 {:.1} ms, p99 {:.1} ms \
         | plain SQL row + NOTIFY + SELECT: p50 {:.2} ms, p99 {:.2} ms",
        pct(&mut trips, 0.5),
        pct(&mut trips, 0.99),
        pct(&mut refs, 0.5),
        pct(&mut refs, 0.99)
    );
    drop(listener);
}
