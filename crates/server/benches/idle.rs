//! The server's CPU with 50 connected clients idle, run by hand: `cargo bench -p newsroom-server
//! --bench idle` (`-- --quick`: 10 s windows instead of 60 s).
//!
//! On a private throwaway cluster, the CPU time of every PostgreSQL process of the cluster (the
//! postmaster, its live children, and the children it reaped) over a window in which nothing
//! changes, in three runs:
//!
//! - **reference**: 50 plain connections, each `LISTEN newsroom`, doing nothing (what holding 50
//!   clients open costs PostgreSQL itself);
//! - **watch**: 50 data folders each kept in sync by `newsroom_server::sync::watch` (what
//!   `newsroom sync --watch` and the window's background sync run): each wakes every 5 s and syncs
//!   (pushes nothing, pulls nothing new) on the connection it keeps.
//!
//! What favours the reference: it never asks the server anything.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use newsroom::articles::{self, ArticleInput};
use newsroom::store;
use newsroom::workflow::Role;
use newsroom_server::testing::Cluster;
use newsroom_server::{Server, connect, people, sync};

const DB: &str = "toasoan";
const CLIENTS: usize = 50;

/// CPU seconds used so far by the cluster whose postmaster is `pid`: its own, its reaped
/// children's, and its live children's.
fn cluster_cpu(pid: i32) -> f64 {
    let ticks = 100.0; // sysconf(_SC_CLK_TCK) on Linux
    let stat = |p: i32| -> Option<(i32, u64, u64, u64, u64)> {
        let s = std::fs::read_to_string(format!("/proc/{p}/stat")).ok()?;
        // Fields after the command name, which is in parentheses and may hold spaces.
        let rest = &s[s.rfind(')')? + 2..];
        let f: Vec<&str> = rest.split(' ').collect();
        Some((
            f[1].parse().ok()?,  // ppid
            f[11].parse().ok()?, // utime
            f[12].parse().ok()?, // stime
            f[13].parse().ok()?, // cutime
            f[14].parse().ok()?, // cstime
        ))
    };
    let mut total = 0u64;
    if let Some((_, u, s, cu, cs)) = stat(pid) {
        total += u + s + cu + cs;
    }
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(p) = e.file_name().to_str().and_then(|n| n.parse::<i32>().ok()) else {
            continue;
        };
        if let Some((ppid, u, s, _, _)) = stat(p)
            && ppid == pid
        {
            total += u + s;
        }
    }
    total as f64 / ticks
}

fn postmaster(c: &Cluster) -> i32 {
    let mut su = c.superuser(DB);
    // The postmaster is the parent of this connection's backend.
    let backend: i32 = su.query_one("SELECT pg_backend_pid()", &[]).unwrap().get(0);
    let s = std::fs::read_to_string(format!("/proc/{backend}/stat")).unwrap();
    let rest = &s[s.rfind(')').unwrap() + 2..];
    rest.split(' ').nth(1).unwrap().parse().unwrap()
}

/// The cluster's CPU over `window`, as a share of one core.
fn measure(pid: i32, window: Duration) -> f64 {
    let before = cluster_cpu(pid);
    let t = Instant::now();
    std::thread::sleep(window);
    (cluster_cpu(pid) - before) / t.elapsed().as_secs_f64()
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let window = Duration::from_secs(if quick { 10 } else { 60 });
    let c = Cluster::start();
    let mut admin = c.newsroom(DB, "Quản Trị", "admin-password");
    let names: Vec<String> = (0..CLIENTS).map(|i| format!("Người {i:02}")).collect();
    for (i, name) in names.iter().enumerate() {
        let role = if i % 5 == 0 {
            Role::Editor
        } else {
            Role::Reporter
        };
        people::add(&mut admin, name, role, "idle-password").unwrap();
    }
    let pid = postmaster(&c);
    let login = |name: &str| Server {
        url: c.url(DB),
        user: Some(name.to_string()),
    };
    std::thread::sleep(Duration::from_secs(2));
    let nothing = measure(pid, Duration::from_secs(5));

    // Reference: 50 listening connections doing nothing.
    let mut held = Vec::new();
    for name in &names {
        let mut client = connect(&login(name), Some("idle-password")).unwrap();
        client.batch_execute("LISTEN newsroom").unwrap();
        held.push(client);
    }
    std::thread::sleep(Duration::from_secs(2));
    let reference = measure(pid, window);
    drop(held);

    // 50 folders, each with a few articles synced, kept in sync by watch().
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for name in names.clone() {
        let stop = stop.clone();
        let server = login(&name);
        workers.push(std::thread::spawn(move || {
            let dir = tempfile::tempdir().unwrap();
            let conn = store::open(dir.path()).unwrap();
            sync::join(&conn, &server, "idle-password").unwrap();
            for k in 0..3 {
                articles::create(
                    &conn,
                    &ArticleInput {
                        title: format!("Tin {k} của {name}"),
                        body: "Một đoạn.".into(),
                        ..ArticleInput::default()
                    },
                    &name,
                )
                .unwrap();
            }
            sync::watch(
                &conn,
                "idle-password",
                |r| {
                    if let Err(e) = r {
                        eprintln!("{name}: {e}");
                    }
                },
                || stop.load(Ordering::Relaxed),
                || false,
            )
            .unwrap();
            drop(dir);
        }));
    }
    // Everyone has joined, sent their drafts and settled.
    std::thread::sleep(Duration::from_secs(15));
    let watching = measure(pid, window);
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().unwrap();
    }
    println!(
        "server CPU, {CLIENTS} clients idle, over {} s: watch() {:.2}% of one core | 50 plain LISTEN connections {:.2}% | no client {:.2}%",
        window.as_secs(),
        watching * 100.0,
        reference * 100.0,
        nothing * 100.0
    );
}
