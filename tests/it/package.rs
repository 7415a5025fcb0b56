//! The Debian package `make package` (release) or `make package-test` (make test: the debug build's binaries) made, installed on this machine and used: its fields and files,
//! an upgrade over an older build with a reporter's drafts and a database of an old schema, the
//! installed app (UI embedded) driven through one journey, removal and purge. Runs as
//! root (dpkg); the CI box is a throwaway one.

use std::path::{Path, PathBuf};
use std::process::Command;

use newsroom_e2e::target_dir;

/// The `.deb` in target/debian, the newest if several.
pub fn built_package() -> PathBuf {
    let dir = target_dir().parent().expect("target").join("debian");
    let mut debs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    debs.retain(|p| p.extension().is_some_and(|e| e == "deb"));
    debs.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    debs.pop().unwrap_or_else(|| {
        panic!(
            "no package in {}: run `make package-test` or `make package` first (`make test` does)",
            dir.display()
        )
    })
}

/// Runs `program args`, expecting success; its standard output and error.
pub fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{program} {args:?}: {text}");
    text
}

/// Field `name` of package file `deb`.
pub fn field(deb: &Path, name: &str) -> String {
    run("dpkg-deb", &["--field", deb.to_str().expect("utf8"), name])
        .trim()
        .to_string()
}

/// The installed version of toa-soan, if installed.
pub fn installed_version() -> Option<String> {
    let out = Command::new("dpkg-query")
        .args([
            "--show",
            "--showformat=${Version} ${db:Status-Status}",
            "toa-soan",
        ])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (version, status) = text.split_once(' ')?;
    (out.status.success() && status.trim() == "installed").then(|| version.to_string())
}

/// `deb` made again as version `version` into `out`: the same files, an older number (the
/// "older build" an upgrade goes over).
pub fn repack(deb: &Path, version: &str, out: &Path) {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("root");
    run(
        "dpkg-deb",
        &[
            "-R",
            deb.to_str().expect("utf8"),
            root.to_str().expect("utf8"),
        ],
    );
    let control = root.join("DEBIAN/control");
    let text = std::fs::read_to_string(&control).expect("control");
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("Version:") {
                format!("Version: {version}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(&control, text).expect("control");
    run(
        "dpkg-deb",
        &[
            "--root-owner-group",
            "-b",
            root.to_str().expect("utf8"),
            out.to_str().expect("utf8"),
        ],
    );
}
