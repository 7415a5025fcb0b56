//! Pull the plug while saving: a child process saves in a loop and is killed with SIGKILL at random
//! moments, 200 times. After each kill the database is sound and every acknowledged save is there.

use std::collections::HashMap;
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use newsroom_e2e::binary;

/// A small xorshift generator: random enough for kill moments, reproducible from the printed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const KILLS: usize = 200;

#[test]
fn every_acknowledged_save_survives_sigkill() {
    let seed = std::env::var("CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
                | 1
        });
    println!("crash test seed: {seed} (CRASH_SEED={seed} to repeat)");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().expect("tempdir");
    let helper = binary("save_loop");
    // article id -> (highest acknowledged revision, its save number)
    let mut acked: HashMap<String, (i64, u64)> = HashMap::new();
    let mut total_acks = 0usize;

    for kill in 0..KILLS {
        let mut child = Command::new(&helper)
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start save_loop");
        // Between 0 and 40 ms: sometimes before the first save, mostly in the middle of one.
        std::thread::sleep(Duration::from_micros(rng.next() % 40_000));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        let mut out = String::new();
        child
            .stdout
            .take()
            .expect("stdout")
            .read_to_string(&mut out)
            .expect("read acks");
        for line in out.lines() {
            let parts: Vec<&str> = line.splitn(4, ' ').collect();
            assert_eq!(parts.len(), 4, "kill {kill}: bad line {line:?}");
            let rev: i64 = parts[2].parse().expect("revision");
            let n: u64 = parts[3].parse().expect("save number");
            let e = acked.entry(parts[1].to_string()).or_insert((rev, n));
            if rev >= e.0 {
                *e = (rev, n);
            }
            total_acks += 1;
        }

        let conn = newsroom::store::open(dir.path()).expect("reopen after kill");
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .expect("integrity_check");
        assert_eq!(check, "ok", "kill {kill}, seed {seed}");
        for (id, (rev, n)) in &acked {
            let a = newsroom::articles::get(&conn, id).unwrap_or_else(|e| {
                panic!("kill {kill}, seed {seed}: acknowledged {id} lost: {e}")
            });
            assert!(
                a.revision >= *rev,
                "kill {kill}, seed {seed}: {id} went back from {rev} to {}",
                a.revision
            );
            let kept = newsroom::revisions::revision(&conn, id, *rev).unwrap_or_else(|e| {
                panic!("kill {kill}, seed {seed}: revision {rev} of {id} lost: {e}")
            });
            assert!(
                kept.content.body.starts_with(&format!("Lần lưu {n} ")),
                "kill {kill}, seed {seed}: revision {rev} of {id} holds {:?}",
                kept.content.body
            );
        }
    }
    println!(
        "{KILLS} kills, {total_acks} acknowledged saves, {} articles, all present",
        acked.len()
    );
    assert!(
        total_acks > KILLS,
        "the helper did save between kills ({total_acks} acks)"
    );
}
