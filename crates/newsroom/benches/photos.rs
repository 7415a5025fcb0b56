//! Photo import benchmark, run by hand: `cargo bench -p newsroom --bench photos` (add `-- --quick` for
//! fewer repetitions). Makes its own 24 MP and 12 MP JPEGs, then prints each figure beside a reference
//! measured in the same run (these machines are noisy):
//! - one photo's whole job as a person waits for it (the file read, checked, decoded, resized,
//!   encoded, its renditions written and its row stored: `media::import_files`, one worker) vs
//!   libvips making the same three sizes in one process (common/vips_three.c, built here when
//!   libvips-dev is installed), vs `vipsthumbnail` once per size (libvips-tools), and vs `djpeg`
//!   decoding at the same DCT scale as ours (libjpeg-turbo-progs), all on one core. What favours
//!   us: one decode for three sizes; libvips' thumbnail re-opens the file for each size (each
//!   with its own shrink-on-load) and a process starts. What favours libvips: it stores nothing,
//!   while ours also hashes the file, strips the metadata, writes a row into SQLite and syncs it;
//! - peak memory of one photo in flight (a child process's peak RSS minus an idle child's);
//! - 20 photos imported with 2 workers vs 1.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use newsroom::media::{self, Spec};
use newsroom::profile::Profile;

mod common;
use common::camera_jpeg;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn run(cmd: &mut Command) -> Duration {
    let t = Instant::now();
    let status = cmd.status().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(status.success(), "{cmd:?} failed");
    t.elapsed()
}

fn tool(name: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {name} >/dev/null"))
        .status()
        .is_ok_and(|s| s.success())
}

/// Peak resident memory of this process so far, in kB (Linux /proc).
fn peak_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// The smallest DCT scale M/8 at which a JPEG `width` wide still covers `widest` (what our decode
/// uses, and djpeg's `-scale M/8` below).
fn dct_eighths(width: u32, widest: u32) -> u32 {
    (1..=8)
        .find(|m| (width * m).div_ceil(8) >= widest)
        .unwrap_or(8)
}

/// The reference program of libvips making the three sizes in one process (common/vips_three.c),
/// compiled into `dir`; None without libvips' headers (apt install libvips-dev).
fn vips_three(dir: &Path) -> Option<PathBuf> {
    let flags = Command::new("pkg-config")
        .args(["--cflags", "--libs", "vips"])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let exe = dir.join("vips_three");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/common/vips_three.c");
    let built = Command::new("cc")
        .arg("-O2")
        .arg("-o")
        .arg(&exe)
        .arg(&src)
        .args(String::from_utf8_lossy(&flags.stdout).split_whitespace())
        .status()
        .is_ok_and(|s| s.success());
    built.then_some(exe)
}

/// One photo's whole job as a person waits for it: from the file on disk to the three
/// renditions written and the photo's row stored (`media::import_files`, one worker, a new data
/// folder each time so nothing is found already imported), beside libvips making the same three
/// sizes (one process, and `vipsthumbnail` once per size) and djpeg decoding at our DCT scale.
fn one_photo(file: &Path, spec: &Spec, reps: usize, out: &Path, vips: Option<&Path>) {
    let mut ours = Vec::new();
    for _ in 0..reps {
        let dir = tempfile::tempdir().expect("tmp");
        let conn = newsroom::store::open(dir.path()).expect("open");
        let files = [file.to_path_buf()];
        let t = Instant::now();
        let done = media::import_files(&conn, dir.path(), &files, spec, "bench", 1, &|_| {});
        ours.push(t.elapsed());
        let photo = done
            .into_iter()
            .next()
            .expect("one result")
            .expect("imported");
        assert_eq!(photo.renditions.len(), spec.widths.len());
        assert!(
            photo
                .renditions
                .iter()
                .all(|r| dir.path().join(&r.path).is_file()),
            "{photo:?}"
        );
    }
    let ours = median(ours);
    let c = media::check_file(file).expect("check");
    let mp = f64::from(c.width) * f64::from(c.height) / 1e6;
    let widest = spec.widths.iter().copied().max().unwrap_or(0);
    let eighths = dct_eighths(c.width, widest);
    println!(
        "{mp:.0} MP → {} q{}, file to renditions written and row stored: ours {:.3} s",
        spec.widths
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join("/"),
        spec.quality,
        secs(ours)
    );
    let widths: Vec<String> = spec.widths.iter().map(u32::to_string).collect();
    if let Some(vips) = vips {
        let mut one = Vec::new();
        for _ in 0..reps {
            one.push(run(Command::new(vips)
                .env("VIPS_CONCURRENCY", "1")
                .arg(file)
                .arg(out)
                .arg(spec.quality.to_string())
                .args(&widths)));
        }
        let one = median(one);
        println!(
            "  libvips, the three sizes in one process {:.3} s: ours {:.1}× faster (goal ≥ 4)",
            secs(one),
            secs(one) / secs(ours)
        );
    } else {
        println!("  libvips in one process: not built (apt install libvips-dev)");
    }
    if tool("vipsthumbnail") {
        let mut vt = Vec::new();
        for _ in 0..reps {
            let mut total = Duration::ZERO;
            for w in &spec.widths {
                total += run(Command::new("vipsthumbnail")
                    .env("VIPS_CONCURRENCY", "1")
                    .arg(file)
                    .arg("-s")
                    .arg(w.to_string())
                    .arg("-o")
                    .arg(format!(
                        "{}/t{w}.jpg[Q={},strip]",
                        out.display(),
                        spec.quality
                    )));
            }
            vt.push(total);
        }
        let vt = median(vt);
        println!(
            "  vipsthumbnail once per size {:.3} s: ours {:.1}× faster",
            secs(vt),
            secs(vt) / secs(ours)
        );
    } else {
        println!("  vipsthumbnail missing (apt install libvips-tools)");
    }
    if tool("djpeg") {
        let mut djpeg = Vec::new();
        for _ in 0..reps {
            djpeg.push(run(Command::new("djpeg")
                .arg("-scale")
                .arg(format!("{eighths}/8"))
                .arg("-outfile")
                .arg("/dev/null")
                .arg(file)));
        }
        let djpeg = median(djpeg);
        println!(
            "  djpeg -scale {eighths}/8 (our decode alone, no resize, no encode) {:.3} s: ours {:.2}× its time",
            secs(djpeg),
            secs(ours) / secs(djpeg)
        );
    } else {
        println!("  djpeg missing (apt install libjpeg-turbo-progs)");
    }
}

fn memory(file: &Path) {
    let me = std::env::current_exe().expect("exe");
    let child = |args: &[&str]| -> u64 {
        let out = Command::new(&me).args(args).output().expect("child");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("child said {:?}", out))
    };
    let idle = child(&["--peak-of", "-"]);
    let busy = child(&["--peak-of", file.to_str().expect("utf8")]);
    println!(
        "peak memory of one 24 MP photo in flight: {:.1} MB (child peak {:.1} MB − idle child {:.1} MB; goal < 60 MB)",
        (busy.saturating_sub(idle)) as f64 / 1024.0,
        busy as f64 / 1024.0,
        idle as f64 / 1024.0
    );
}

fn cores(files: &[PathBuf], spec: &Spec) {
    let mut times = Vec::new();
    for threads in [1usize, 2] {
        let dir = tempfile::tempdir().expect("tmp");
        let conn = newsroom::store::open(dir.path()).expect("open");
        let t = Instant::now();
        let results =
            media::import_files(&conn, dir.path(), files, spec, "bench", threads, &|_| {});
        times.push(t.elapsed());
        assert!(results.iter().all(Result::is_ok));
    }
    println!(
        "{} photos of 24 MP imported: 1 worker {:.2} s, 2 workers {:.2} s: {:.2}× faster on 2 cores (goal ≥ 1.7; {} cores here)",
        files.len(),
        secs(times[0]),
        secs(times[1]),
        secs(times[0]) / secs(times[1]),
        media::default_threads()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let spec = Profile::default().photo_spec();
    if let Some(i) = args.iter().position(|a| a == "--peak-of") {
        // Child: render one photo (or nothing) and print the peak resident memory in kB.
        let file = &args[i + 1];
        if file != "-" {
            let c = media::check_file(Path::new(file)).expect("check");
            let made = media::render(&c, &spec).expect("render");
            std::hint::black_box(made);
        }
        println!("{}", peak_kb());
        return;
    }
    let quick = args.iter().any(|a| a == "--quick");
    let reps = if quick { 3 } else { 7 };
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let big = dir.path().join("24mp.jpg");
    let t = Instant::now();
    std::fs::write(&big, camera_jpeg(6000, 4000, 7)).expect("write");
    let mid = dir.path().join("12mp.jpg");
    std::fs::write(&mid, camera_jpeg(4000, 3000, 11)).expect("write");
    println!(
        "made a 24 MP JPEG ({:.1} MB) and a 12 MP one in {:.1} s",
        std::fs::metadata(&big).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    let vips = vips_three(dir.path());
    one_photo(&big, &spec, reps, &out, vips.as_deref());
    one_photo(&mid, &spec, reps, &out, vips.as_deref());
    memory(&big);
    let n = if quick { 8 } else { 20 };
    let files: Vec<PathBuf> = (0..n)
        .map(|i| {
            let p = dir.path().join(format!("p{i}.jpg"));
            std::fs::write(&p, camera_jpeg(6000, 4000, 100 + i)).expect("write");
            p
        })
        .collect();
    cores(&files, &spec);
}
