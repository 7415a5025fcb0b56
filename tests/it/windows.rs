//! The Windows build (`make windows`) under Debian's Wine: installed by its installer, silently
//! and per user; the window `toa-soan.exe` started from its Start-menu entry's target (Wine has no
//! WebView2 runtime, so it must say so in a message box, not vanish); a reporter's whole journey
//! with `newsroom.exe` from the Windows side, in folders whose names have Vietnamese letters and
//! spaces; a sync through the private PostgreSQL cluster that a Linux laptop sees; then
//! uninstalled, the data kept.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use newsroom::workflow::Role;
use newsroom_e2e::{Desktop, Run, target_dir};
use newsroom_server::testing::Cluster;
use newsroom_server::{Server, people, sync};
use serde_json::Value;

/// A Wine prefix of its own (a fresh `C:` drive), removed with its processes when dropped.
struct Wine {
    prefix: tempfile::TempDir,
    exe: PathBuf,
}

impl Wine {
    /// A fresh prefix with Tòa soạn installed by its installer, silently, as a user would.
    fn new() -> Wine {
        let target = target_dir().parent().expect("target").to_path_buf();
        let windows = target.join("x86_64-pc-windows-gnu");
        let setup = target.join(format!(
            "windows/toa-soan-{}-setup.exe",
            env!("CARGO_PKG_VERSION")
        ));
        let dll = windows.join("wine/bcryptprimitives.dll");
        for p in [&setup, &dll] {
            assert!(
                p.exists(),
                "{} is missing: run `make windows` first (as `make test` does)",
                p.display()
            );
        }
        let prefix = tempfile::tempdir().expect("wine prefix");
        let mut wine = Wine {
            prefix,
            exe: PathBuf::new(),
        };
        let status = wine
            .command("wineboot")
            .arg("--init")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("wineboot");
        assert!(status.success(), "wineboot: {status}");
        wine.settle();
        // Rust's standard library needs ProcessPrng (Windows 10+), which Wine 8 lacks.
        std::fs::copy(&dll, wine.c("windows/system32/bcryptprimitives.dll")).expect("dll");
        let status = wine
            .command("wine")
            .arg(&setup)
            .arg("/S")
            .status()
            .expect("the installer");
        assert!(status.success(), "installer: {status}");
        wine.settle();
        let installed = wine
            .programs()
            .into_iter()
            .map(|p| p.join("newsroom.exe"))
            .find(|p| p.is_file())
            .expect("newsroom.exe installed in %LOCALAPPDATA%\\Programs\\Toa soan");
        wine.exe = installed;
        wine
    }

    /// The test-only program that holds a file open as another application would
    /// (`tests/tools/hold-file.c`, built by `make windows`).
    fn hold_file(&self) -> PathBuf {
        let p = target_dir()
            .parent()
            .expect("target")
            .join("x86_64-pc-windows-gnu/wine/hold-file.exe");
        assert!(
            p.is_file(),
            "{} is missing: run `make windows`",
            p.display()
        );
        p
    }

    /// Waits until every Windows process of the prefix has ended.
    fn settle(&self) {
        self.command("wineserver")
            .arg("-w")
            .status()
            .expect("wineserver -w");
    }

    /// Where the installer puts the program, per user.
    fn programs(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.c("users"))
            .expect("users")
            .flatten()
            .map(|u| u.path().join("AppData/Local/Programs/Toa soan"))
            .collect()
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(program);
        // Wine links the user's Documents, Desktop… to $HOME: a home of the prefix's own, so
        // nothing lands in the real one.
        let home = self.prefix.path().join("unix-home");
        std::fs::create_dir_all(&home).expect("home");
        c.env("WINEPREFIX", self.prefix.path())
            .env("HOME", &home)
            .env("WINEDEBUG", "-all")
            .env_remove("DISPLAY")
            .env_remove("NEWSROOM_DATA_DIR")
            .env_remove("NEWSROOM_PASSWORD")
            .env_remove("NEWSROOM_SERVER_URL")
            .env_remove("NEWSROOM_SERVER_USER")
            .env_remove("NEWSROOM_HUNSPELL_DIR");
        c
    }

    /// Where `C:\<rel>` (written with `/`) is on this machine.
    fn c(&self, rel: &str) -> PathBuf {
        self.prefix.path().join("drive_c").join(rel)
    }

    /// `newsroom.exe` with `args`, `stdin` and `envs`, as a Windows program.
    fn newsroom(&self, args: &[&str], stdin: Option<&str>, envs: &[(&str, &str)]) -> Run {
        let mut command = self.command("wine");
        command.arg(&self.exe).args(args).envs(envs.iter().copied());
        newsroom_e2e::run(command, stdin)
    }
}

impl Drop for Wine {
    fn drop(&mut self) {
        let _ = self.command("wineserver").arg("-k").status();
    }
}

fn ok(run: &Run) -> &str {
    assert_eq!(
        run.code,
        Some(0),
        "stdout: {}\nstderr: {}",
        run.stdout,
        run.stderr
    );
    &run.stdout
}

/// A real JPEG of `w × h` whose EXIF says "rotate 90° clockwise to show" (orientation 6), as a
/// phone held upright writes it.
fn jpeg_orientation_6(w: usize, h: usize) -> Vec<u8> {
    let plain = newsroom_e2e::jpeg(w, h, 6);
    // APP1 "Exif": a little-endian TIFF header and one IFD with Orientation (0x0112) = 6.
    let mut tiff = b"II*\0\x08\0\0\0".to_vec();
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&0x0112u16.to_le_bytes());
    tiff.extend_from_slice(&3u16.to_le_bytes());
    tiff.extend_from_slice(&1u32.to_le_bytes());
    tiff.extend_from_slice(&6u32.to_le_bytes());
    tiff.extend_from_slice(&0u32.to_le_bytes());
    let mut app1 = vec![0xFF, 0xE1];
    let len = u16::try_from(2 + 6 + tiff.len()).expect("short");
    app1.extend_from_slice(&len.to_be_bytes());
    app1.extend_from_slice(b"Exif\0\0");
    app1.extend_from_slice(&tiff);
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&app1);
    out.extend_from_slice(&plain[2..]);
    out
}

fn docx_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace")
        .join("crates/newsroom/tests/fixtures/docx/bai-viet.docx")
}

/// String `key` of a Windows executable's version resource (`VS_VERSIONINFO`'s `StringFileInfo`):
/// the key in UTF-16LE, its terminating NUL, padding to 32 bits, then the value up to its NUL.
fn version_string(exe: &[u8], key: &str) -> Option<String> {
    let utf16 = |t: &str| -> Vec<u8> { t.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let mut needle = utf16(key);
    needle.extend_from_slice(&[0, 0]);
    let at = exe.windows(needle.len()).position(|w| w == needle)?;
    let mut i = at + needle.len();
    while i % 4 != 0 {
        i += 1;
    }
    let units: Vec<u16> = exe[i..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .skip_while(|&u| u == 0)
        .take_while(|&u| u != 0)
        .collect();
    String::from_utf16(&units).ok()
}

/// The Start-menu entries the installer may have made, for every user of the prefix.
fn start_menu(wine: &Wine) -> Vec<PathBuf> {
    std::fs::read_dir(wine.c("users"))
        .expect("users")
        .flatten()
        .map(|u| {
            u.path()
                .join("AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Tòa soạn.lnk")
        })
        .collect()
}

#[test]
fn a_reporter_on_windows_writes_publishes_and_syncs_in_vietnamese_folders() {
    let wine = Wine::new();
    // The window is installed with WebView2's loader beside it, and a "Tòa soạn" Start-menu entry.
    let app = wine.exe.with_file_name("toa-soan.exe");
    assert!(app.is_file(), "{}", app.display());
    assert!(app.with_file_name("WebView2Loader.dll").is_file());
    assert!(
        start_menu(&wine).iter().any(|l| l.is_file()),
        "{:?}",
        start_menu(&wine)
    );
    // Started on a PC without the WebView2 runtime (Wine has none), it says so and what to do in
    // a message box, in both languages, and ends when it is closed: it never vanishes silently.
    let desktop = Desktop::start();
    let window = wine
        .command("wine")
        .arg(&app)
        .env("DISPLAY", &desktop.display)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("toa-soan.exe");
    let said = desktop.wait_window("Tòa soạn", 60);
    desktop.screenshot(&target_dir().join("e2e-shots/windows-1-no-webview2.png"));
    desktop.key_in(&said, "Return");
    let out = window.wait_with_output().expect("toa-soan.exe ends");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("WebView2 Runtime") && stderr.contains("mở lại Tòa soạn"),
        "{stderr}"
    );
    // The file types: a `.toasoan` bundle is the app's own, and `.docx` gets "Mở bằng Tòa soạn"
    // beside Word. Double-clicking a bundle starts the app with its path: here it says again that
    // WebView2 is missing, which shows it started.
    for (key, value, wanted) in [
        (r"Software\Classes\.toasoan", None, "ToaSoan.Bundle"),
        (
            r"Software\Classes\ToaSoan.Bundle\shell\open\command",
            None,
            r#"toa-soan.exe" "%1""#,
        ),
        (
            r"Software\Classes\.docx\OpenWithProgids",
            Some("ToaSoan.Word"),
            "",
        ),
        (
            r"Software\Classes\SystemFileAssociations\.docx\shell\ToaSoan\command",
            None,
            r#"toa-soan.exe" "%1""#,
        ),
    ] {
        let got = user_reg(&wine, key, value);
        assert!(
            got.as_deref().is_some_and(|v| v.contains(wanted)),
            "{key}: {got:?}"
        );
    }
    // Explorer runs the registered command with the file's path for %1 (Wine 8's own `start`
    // reads only the machine's classes, not the user's that Windows merges in, so the test runs
    // the command as Explorer would): it names the installed app.
    let registered = user_reg(
        &wine,
        r"Software\Classes\ToaSoan.Bundle\shell\open\command",
        None,
    )
    .expect("the open command");
    let exe = registered
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix(r#"" "%1""#))
        .expect("\"…exe\" \"%1\"");
    let unix = wine
        .command("winepath")
        .args(["-u", exe])
        .output()
        .expect("winepath");
    assert_eq!(
        PathBuf::from(String::from_utf8_lossy(&unix.stdout).trim())
            .canonicalize()
            .expect("the registered exe exists"),
        app.canonicalize().expect("app"),
        "{registered}"
    );
    let mut opened = wine
        .command("wine")
        .arg(exe)
        .arg(r"C:\users\Public\tin gửi Mai.toasoan")
        .env("DISPLAY", &desktop.display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the registered command");
    let said = desktop.wait_window("Tòa soạn", 60);
    desktop.key_in(&said, "Return");
    assert_eq!(opened.wait().expect("it ends").code(), Some(1));
    wine.settle();
    // Both exes say the workspace's version in their version resource (Explorer's Properties).
    for exe in [&wine.exe, &app] {
        let bytes = std::fs::read(exe).expect("exe");
        for key in ["FileVersion", "ProductVersion"] {
            assert_eq!(
                version_string(&bytes, key).as_deref(),
                Some(env!("CARGO_PKG_VERSION")),
                "{key} of {}",
                exe.display()
            );
        }
        assert_eq!(
            version_string(&bytes, "ProductName").as_deref(),
            Some("Tòa soạn")
        );
    }
    // The spelling dictionary ships beside the program (Windows has no system one): a slip is
    // found, a right sentence passes.
    let dictionary = wine.exe.with_file_name("hunspell");
    for f in ["vi_VN.aff", "vi_VN.dic", "copyright.txt", "GPL-2.txt"] {
        assert!(dictionary.join(f).is_file(), "{f}");
    }
    let spell = |words: &str| {
        wine.newsroom(
            &["--data-dir", r"C:\users\Mai\chính tả", "spell", words],
            None,
            &[],
        )
    };
    assert!(
        ok(&spell("Thành phố Hải Phòng khánh thành cầu mới")).contains("Không có lỗi chính tả"),
        "a right sentence"
    );
    let slip = spell("Thành phố Hải Phòng khánh thànhh cầu mới");
    assert_ne!(slip.code, Some(0), "{slip:?}");
    assert!(slip.stdout.contains("✗ thànhh"), "{slip:?}");
    let docs = wine.c("users/Mai/Tài liệu");
    std::fs::create_dir_all(&docs).expect("documents");
    std::fs::write(docs.join("ảnh cầu Rào.jpg"), jpeg_orientation_6(640, 480)).expect("photo");
    std::fs::copy(docx_fixture(), docs.join("bài viết mới.docx")).expect("docx");
    // The installer put the program's folder on the user's PATH.
    let on_path = wine
        .command("wine")
        .args(["cmd", "/c", "newsroom --version"])
        .output()
        .expect("cmd");
    assert!(
        String::from_utf8_lossy(&on_path.stdout).contains(env!("CARGO_PKG_VERSION")),
        "newsroom on the PATH: {on_path:?}"
    );
    let data = r"C:\users\Mai\Tài liệu\dữ liệu tòa soạn";
    let n = |args: &[&str], stdin: Option<&str>| {
        let mut all = vec!["--data-dir", data];
        all.extend_from_slice(args);
        wine.newsroom(&all, stdin, &[])
    };

    // A draft with a Vietnamese title and lead, and a photo taken upright (orientation 6).
    let id = ok(&n(
        &[
            "new",
            "--title",
            "Khánh thành cầu Rào 3",
            "--lead",
            "Sáng 30/11, cầu Rào 3 được khánh thành.",
            "--byline",
            "Mai",
            "--body-file",
            "-",
        ],
        Some("Cầu dài 500 mét, nối hai bờ sông Lạch Tray.\n"),
    ))
    .trim()
    .to_string();
    ok(&n(
        &[
            "photo",
            "add",
            &id,
            r"C:\users\Mai\Tài liệu\ảnh cầu Rào.jpg",
            "--alt",
            "Cầu Rào 3 nhìn từ bờ sông",
            "--caption",
            "Cầu Rào 3 ngày khánh thành",
            "--credit",
            "Ảnh: Mai",
        ],
        None,
    ));
    let photos: Value =
        serde_json::from_str(ok(&n(&["--json", "photo", "list", &id], None))).expect("json");
    let photo = &photos[0]["photo"];
    assert!(
        photo["width"].as_u64() < photo["height"].as_u64(),
        "shown upright: {photo}"
    );
    // A Word file from a folder with spaces and marks.
    let from_word = ok(&n(
        &["new", "--from", r"C:\users\Mai\Tài liệu\bài viết mới.docx"],
        None,
    ))
    .trim()
    .to_string();
    let shown: Value =
        serde_json::from_str(ok(&n(&["--json", "show", &from_word], None))).expect("json");
    assert!(
        !shown["title"].as_str().unwrap_or_default().is_empty(),
        "{shown}"
    );

    // Checked, approved (a folder on its own), exported, validated and verified, all in folders
    // with Vietnamese names.
    ok(&n(&["check", &id], None));
    for step in ["submit", "claim", "approve"] {
        ok(&n(&["--as", "Mai", step, &id], None));
    }
    let out = r"C:\users\Mai\Tài liệu\gói bài";
    let exported: Value = serde_json::from_str(ok(&n(
        &["--json", "export", &id, "--out", out, "--zip"],
        None,
    )))
    .expect("json");
    let folder = exported["folder"].as_str().expect("folder").to_string();
    assert!(folder.starts_with(out), "{folder}");
    let slug = folder.rsplit('\\').next().expect("slug");
    let on_disk = docs.join("gói bài").join(slug);
    assert!(
        on_disk.join("index.html").is_file(),
        "{}",
        on_disk.display()
    );
    assert!(docs.join("gói bài").join(format!("{slug}.zip")).is_file());
    let images = std::fs::read_dir(on_disk.join("images"))
        .expect("images")
        .count();
    assert!(images >= 1, "the photo's renditions");
    ok(&n(&["validate", &folder], None));
    let verified = ok(&n(&["verify", &folder], None)).to_string();
    assert!(verified.contains("Gói đúng là bản đã duyệt"), "{verified}");
    // Exported again over the first: replaced whole.
    ok(&n(&["export", &id, "--out", out], None));
    // Its zip open in another program (an archive manager): the export stops and says so, and
    // the earlier package stays whole, nothing of the new one left beside it.
    let zip_file = docs.join("gói bài").join(format!("{slug}.zip"));
    let zip_before = std::fs::read(&zip_file).expect("zip");
    let index_before = std::fs::read(on_disk.join("index.html")).expect("index");
    let mut holder = wine
        .command("wine")
        .arg(wine.hold_file())
        .arg(format!(r"{out}\{slug}.zip"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("hold-file.exe");
    let mut said = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(holder.stdout.take().expect("stdout")),
        &mut said,
    )
    .expect("held");
    assert_eq!(said.trim(), "held");
    let refused = n(&["export", &id, "--out", out, "--zip"], None);
    assert_ne!(refused.code, Some(0), "{}", refused.stdout);
    assert!(
        refused.stderr.contains("đang mở trong chương trình khác"),
        "{}",
        refused.stderr
    );
    assert_eq!(std::fs::read(&zip_file).expect("zip"), zip_before);
    assert_eq!(
        std::fs::read(on_disk.join("index.html")).expect("index"),
        index_before
    );
    let beside = |dir: &Path| -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect()
    };
    assert_eq!(beside(&docs.join("gói bài")), Vec::<String>::new());
    // Closed there, the export goes through.
    drop(holder.stdin.take());
    assert!(holder.wait().expect("hold-file ends").success());
    let done = ok(&n(&["export", &id, "--out", out, "--zip"], None)).to_string();
    assert!(done.contains(&format!(r"\{slug}.zip")), "{done}");
    assert_eq!(beside(&docs.join("gói bài")), Vec::<String>::new());
    // With no folder given, the package goes to "Tòa soạn" in her Documents, where the window
    // puts it too.
    let exported: Value =
        serde_json::from_str(ok(&n(&["--json", "export", &id], None))).expect("json");
    let folder = exported["folder"].as_str().expect("folder").to_string();
    assert!(
        folder.ends_with(&format!(r"\Documents\Tòa soạn\{slug}")),
        "{folder}"
    );
    let in_documents: Vec<PathBuf> = std::fs::read_dir(wine.c("users"))
        .expect("users")
        .flatten()
        .map(|u| {
            u.path()
                .join("Documents/Tòa soạn")
                .join(slug)
                .join("index.html")
        })
        .collect();
    assert!(in_documents.iter().any(|p| p.is_file()), "{in_documents:?}");

    // Without --data-dir, the data lives in %APPDATA%.
    ok(&wine.newsroom(&["new", "--title", "Tin nháp"], None, &[]));
    let roaming: Vec<PathBuf> = std::fs::read_dir(wine.c("users"))
        .expect("users")
        .flatten()
        .map(|u| {
            u.path()
                .join("AppData/Roaming/vn.toasoan.newsroom/newsroom.db")
        })
        .collect();
    assert!(
        roaming.iter().any(|db| db.is_file()),
        "newsroom.db in %APPDATA%\\vn.toasoan.newsroom: {roaming:?}"
    );

    // Joined to the newsroom server (the private cluster on 127.0.0.1), she submits from
    // Windows; the editor's Linux laptop sees it.
    let c = Cluster::start();
    let mut admin = c.newsroom("toasoan", "Quản Trị", "admin-password");
    people::add(&mut admin, "Mai", Role::Reporter, "mai-password").expect("Mai");
    people::add(&mut admin, "Bình", Role::Editor, "binh-password").expect("Bình");
    let url = c.url("toasoan");
    let team = r"C:\users\Mai\Tài liệu\tòa soạn chung";
    let pw = [("NEWSROOM_PASSWORD", "mai-password")];
    let t = |args: &[&str], stdin: Option<&str>| {
        let mut all = vec!["--data-dir", team];
        all.extend_from_slice(args);
        wine.newsroom(&all, stdin, &pw)
    };
    ok(&t(
        &["server", "connect", "--url", &url, "--user", "Mai"],
        None,
    ));
    let shared = ok(&t(
        &[
            "new",
            "--title",
            "Bài gửi từ máy Windows",
            "--lead",
            "Sáng 7/12, phóng viên gửi bài.",
            "--byline",
            "Mai",
            "--body-file",
            "-",
        ],
        Some("Nội dung viết trên Windows.\n"),
    ))
    .trim()
    .to_string();
    ok(&t(&["submit", &shared], None));
    ok(&t(&["sync"], None));
    let linux = tempfile::tempdir().expect("linux laptop");
    let conn = newsroom::store::open(linux.path()).expect("open");
    sync::join(
        &conn,
        &Server {
            url,
            user: Some("Bình".into()),
        },
        "binh-password",
    )
    .expect("join");
    sync::sync(&conn, "binh-password").expect("sync");
    let seen = newsroom::articles::get(&conn, &shared).expect("the draft from Windows");
    assert_eq!(seen.title, "Bài gửi từ máy Windows");
    assert_eq!(seen.body.trim_end(), "Nội dung viết trên Windows.");

    // Uninstalled silently: the program and its PATH entry go, the newsroom's data stays.
    let uninstaller = wine.exe.with_file_name("uninstall.exe");
    let status = wine
        .command("wine")
        .arg(&uninstaller)
        .arg("/S")
        .status()
        .expect("the uninstaller");
    assert!(status.success(), "uninstaller: {status}");
    wine.settle();
    assert!(!wine.exe.exists(), "the program is removed");
    assert!(!app.exists() && !app.with_file_name("WebView2Loader.dll").exists());
    assert!(!dictionary.exists(), "the dictionary is removed");
    assert!(!start_menu(&wine).iter().any(|l| l.exists()));
    assert!(!uninstaller.exists());
    assert!(
        roaming.iter().any(|db| db.is_file()),
        "the data in %APPDATA% stays"
    );
    assert!(docs.join("dữ liệu tòa soạn/newsroom.db").is_file());
    let path = wine
        .command("wine")
        .args(["reg", "query", "HKCU\\Environment", "/v", "Path"])
        .output()
        .expect("reg");
    assert!(
        !String::from_utf8_lossy(&path.stdout).contains("Toa soan"),
        "PATH cleaned: {}",
        String::from_utf8_lossy(&path.stdout)
    );
    // The file types go with the program.
    for key in [
        r"Software\Classes\.toasoan",
        r"Software\Classes\ToaSoan.Bundle",
        r"Software\Classes\ToaSoan.Word",
        r"Software\Classes\SystemFileAssociations\.docx\shell\ToaSoan",
    ] {
        assert!(!user_reg_has(&wine, key), "{key} is left");
    }
    assert_eq!(
        user_reg(
            &wine,
            r"Software\Classes\.docx\OpenWithProgids",
            Some("ToaSoan.Word")
        ),
        None
    );
}

/// The prefix's HKEY_CURRENT_USER as Wine keeps it on disk (`user.reg`, written when Wine ends:
/// read after `settle`). Reading it costs nothing, where each `wine reg query` starts Wine.
fn user_reg_text(wine: &Wine) -> String {
    std::fs::read_to_string(wine.prefix.path().join("user.reg")).expect("user.reg")
}

/// Whether key `key` (under HKEY_CURRENT_USER, `\`-separated) is in the prefix's registry.
fn user_reg_has(wine: &Wine, key: &str) -> bool {
    let header = format!("[{}]", key.replace('\\', r"\\"));
    user_reg_text(wine).lines().any(|l| l.starts_with(&header))
}

/// String value `name` (None: the key's default value) of key `key` (under HKEY_CURRENT_USER,
/// `\`-separated), unescaped; None when the key or the value is not there.
fn user_reg(wine: &Wine, key: &str, name: Option<&str>) -> Option<String> {
    let header = format!("[{}]", key.replace('\\', r"\\"));
    let text = user_reg_text(wine);
    let mut lines = text.lines().skip_while(|l| !l.starts_with(&header));
    lines.next()?;
    let wanted = match name {
        None => "@=".to_string(),
        Some(n) => format!("\"{n}\"="),
    };
    let raw = lines
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| l.strip_prefix(&wanted))?;
    let quoted = raw.strip_prefix('"')?.strip_suffix('"')?;
    Some(quoted.replace(r#"\""#, "\"").replace(r"\\", r"\"))
}
