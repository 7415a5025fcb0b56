//! The soak test (bounded in time): a long working day in one process (`tests/bin/soak.rs`):
//! 5 rounds of 500 autosaves, 15 photo imports, 10 exports and 10 deletes. Resident memory and open
//! file handles stay flat after the first rounds, and the database stays small.

use std::io::BufRead;
use std::process::Command;

use newsroom_e2e::binary;

#[test]
fn a_long_day_keeps_memory_files_and_database_flat() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("data");
    let started = std::time::Instant::now();
    let out = Command::new(binary("soak"))
        .arg(&data)
        .arg("5")
        .output()
        .expect("soak ran");
    assert!(
        out.status.success(),
        "soak: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rounds: Vec<(u64, u64, u64)> = out
        .stdout
        .lines()
        .map(|l| {
            let l = l.expect("line");
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 8, "{l}");
            (
                f[3].parse().expect("rss"),
                f[5].parse().expect("fds"),
                f[7].parse().expect("db"),
            )
        })
        .collect();
    println!(
        "{} rounds in {:?} (2,500 autosaves, 75 photos, 50 exports, 50 deletes):",
        rounds.len(),
        started.elapsed()
    );
    for (k, (rss, fds, db)) in rounds.iter().enumerate() {
        println!(
            "  round {}: {} MB resident, {fds} open files, database {} KB",
            k + 1,
            rss / 1024,
            db / 1024
        );
    }
    assert_eq!(rounds.len(), 5);
    // After two rounds of warming up (caches, the dictionary, thread pools), flat.
    let (rss2, fds2, db2) = rounds[1];
    for (k, &(rss, fds, db)) in rounds.iter().enumerate().skip(2) {
        assert!(
            rss < rss2 + 40 * 1024,
            "round {}: memory grew from {} to {} MB",
            k + 1,
            rss2 / 1024,
            rss / 1024
        );
        assert_eq!(fds, fds2, "round {}: open files", k + 1);
        assert!(
            db < db2 * 3 / 2 + 1024 * 1024,
            "round {}: database grew from {db2} to {db} bytes",
            k + 1
        );
    }
}
