//! Helpers for the end-to-end tests: where the built binaries are, and a display, a D-Bus session
//! and a tauri-driver that are stopped cleanly when dropped.
#![allow(
    unsafe_code,
    reason = "kill(2) to send SIGTERM to helper processes we started"
)]

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The cargo target profile folder the tests run from (`target/debug`).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    // target/debug/deps/it-<hash>
    exe.parent()
        .and_then(Path::parent)
        .expect("target folder")
        .to_path_buf()
}

/// Path of a workspace binary, which must have been built (`cargo build --workspace`).
pub fn binary(name: &str) -> PathBuf {
    let p = target_dir().join(name);
    assert!(
        p.exists(),
        "{} is missing: build the workspace first (`cargo build --workspace`, as `make test` does)",
        p.display()
    );
    p
}

/// Finds a program on PATH or in ~/.cargo/bin.
pub fn program(name: &str) -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo/bin"));
    }
    dirs.into_iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} not found on PATH: run `make setup` (scripts/setup.sh)"))
}

/// A free TCP port on loopback.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// Sends SIGTERM and waits (up to 10 s, then SIGKILL) for the process to end.
pub fn terminate(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) on a pid we spawned and have not yet reaped.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
    }
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// A D-Bus session daemon of its own, and its address.
fn session_bus() -> (Child, String) {
    let mut bus = Command::new(program("dbus-daemon"))
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dbus-daemon");
    let mut address = String::new();
    BufReader::new(bus.stdout.take().expect("dbus stdout"))
        .read_line(&mut address)
        .expect("dbus address");
    (bus, address.trim().to_string())
}

/// A private X display (Xvfb) and D-Bus session for one test, so the app neither needs the
/// developer's desktop nor meets another running copy of itself.
pub struct Desktop {
    xvfb: Child,
    dbus: Child,
    /// `:N`
    pub display: String,
    /// D-Bus session address.
    pub dbus_address: String,
}

impl Desktop {
    /// Starts Xvfb on a free display and a D-Bus session daemon.
    pub fn start() -> Desktop {
        let mut xvfb = Command::new(program("Xvfb"))
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x720x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let mut line = String::new();
        BufReader::new(xvfb.stdout.take().expect("Xvfb stdout"))
            .read_line(&mut line)
            .expect("Xvfb display number");
        let display = format!(":{}", line.trim());
        let (dbus, dbus_address) = session_bus();
        Desktop {
            xvfb,
            dbus,
            display,
            dbus_address,
        }
    }

    /// Saves a screenshot of the whole display (ImageMagick `import`), for a person to look at.
    pub fn screenshot(&self, path: &Path) {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let status = Command::new(program("import"))
            .args(["-window", "root"])
            .arg(path)
            .env("DISPLAY", &self.display)
            .status()
            .expect("run import");
        assert!(status.success(), "screenshot failed");
    }
}

impl Desktop {
    /// Waits at most `secs` for a visible window whose title matches `pattern` (xdotool's regular
    /// expression); its id.
    pub fn wait_window(&self, pattern: &str, secs: u64) -> String {
        let start = Instant::now();
        loop {
            if let Some(out) = self.xdotool(&["search", "--onlyvisible", "--name", pattern])
                && let Some(id) = out.lines().next().filter(|l| !l.trim().is_empty())
            {
                return id.trim().to_string();
            }
            assert!(
                start.elapsed() < Duration::from_secs(secs),
                "no window titled {pattern} within {secs} s"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Presses `key` (an X key name, e.g. `Return`) in window `id`, with real X key events.
    pub fn key_in(&self, id: &str, key: &str) {
        self.xdotool(&["windowfocus", "--sync", id]);
        std::thread::sleep(Duration::from_millis(200));
        self.xdotool(&["key", "--window", id, key]);
    }

    /// Presses `keys` (X key names or chords, e.g. `ctrl+z`, `End`, `x`) one after the other with
    /// real X key events (XTEST) into the window that has the focus, as a keyboard does.
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["key", "--delay", "60"];
        args.extend_from_slice(keys);
        assert!(
            self.xdotool(&args).is_some(),
            "xdotool could not press {keys:?}"
        );
    }

    /// Types `text` (ASCII: what the keys say) with real X key events (XTEST), as fingers on a
    /// keyboard do: an input method on the display turns them into Vietnamese.
    pub fn type_keys(&self, text: &str) {
        assert!(
            self.xdotool(&["type", "--delay", "70", text]).is_some(),
            "xdotool could not type {text:?}"
        );
    }

    /// Runs xdotool on this display; its standard output.
    fn xdotool(&self, args: &[&str]) -> Option<String> {
        let out = Command::new(program("xdotool"))
            .args(args)
            .env("DISPLAY", &self.display)
            .output()
            .expect("run xdotool");
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Clicks mouse button `button` (1 left, 3 right) at the point (`x`, `y`) of the screen with real X
    /// pointer events (xdotool), as a person's mouse does.
    pub fn click_at(&self, x: i64, y: i64, button: u8) {
        let done = self.xdotool(&[
            "mousemove",
            "--sync",
            &x.to_string(),
            &y.to_string(),
            "click",
            &button.to_string(),
        ]);
        assert!(done.is_some(), "xdotool could not click at {x},{y}");
    }

    /// Presses the left button at (`x1`, `y1`), moves to (`x2`, `y2`) and lets go: a selection
    /// dragged with the real mouse (X events, xdotool).
    pub fn drag_select(&self, (x1, y1): (i64, i64), (x2, y2): (i64, i64)) {
        let n = |v: i64| v.to_string();
        let done = self.xdotool(&[
            "mousemove",
            "--sync",
            &n(x1),
            &n(y1),
            "mousedown",
            "1",
            "mousemove",
            "--sync",
            &n(x2),
            &n(y2),
            "mouseup",
            "1",
        ]);
        assert!(done.is_some(), "xdotool could not drag");
    }

    /// Answers the app's native file dialog titled `title` with `path`, by real X keystrokes
    /// (xdotool) as a person at the keyboard would: Ctrl+L opens GTK's location field (the name
    /// field of a save dialog), Ctrl+A selects what it holds (a save dialog proposes a name and
    /// selects it but for its extension), the path is typed, Enter. Panics if no such dialog
    /// appears within 20 s or it stays open.
    pub fn answer_file_dialog(&self, title: &str, path: &Path) {
        let (id, pattern) = self.file_dialog(title);
        self.xdotool(&["key", "--window", &id, "ctrl+l"]);
        std::thread::sleep(Duration::from_millis(300));
        self.xdotool(&["key", "ctrl+a"]);
        std::thread::sleep(Duration::from_millis(100));
        self.xdotool(&["type", "--delay", "15", path.to_str().expect("utf8 path")]);
        std::thread::sleep(Duration::from_millis(300));
        self.xdotool(&["key", "Return"]);
        self.file_dialog_closed(&pattern);
    }

    /// Answers the app's native "open" dialog titled `title` with every file of `folder`, as a
    /// person choosing several files does: the folder's path typed in the location field (Ctrl+L),
    /// Enter to go into it (the focus goes to its list of files), Ctrl+A to select them all, Enter
    /// to open them.
    pub fn answer_file_dialog_with_all_of(&self, title: &str, folder: &Path) {
        let (id, pattern) = self.file_dialog(title);
        self.xdotool(&["key", "--window", &id, "ctrl+l"]);
        std::thread::sleep(Duration::from_millis(300));
        let folder = format!("{}/", folder.to_str().expect("utf8 path"));
        self.xdotool(&["type", "--delay", "15", &folder]);
        std::thread::sleep(Duration::from_millis(300));
        // Enter goes into the folder and puts the focus on its list of files.
        self.xdotool(&["key", "Return"]);
        std::thread::sleep(Duration::from_millis(700));
        self.xdotool(&["key", "ctrl+a"]);
        std::thread::sleep(Duration::from_millis(300));
        self.xdotool(&["key", "Return"]);
        self.file_dialog_closed(&pattern);
    }

    /// The X window of the visible dialog titled `title`, focused, and the pattern that finds it
    /// (xdotool matches names as regular expressions). Panics after 20 s without one.
    fn file_dialog(&self, title: &str) -> (String, String) {
        let pattern: String = title
            .chars()
            .flat_map(|c| {
                let special = "\\.+*?()[]{}|^$".contains(c);
                special.then_some('\\').into_iter().chain([c])
            })
            .collect();
        let start = Instant::now();
        let id = loop {
            if let Some(out) = self.xdotool(&["search", "--onlyvisible", "--name", &pattern])
                && let Some(id) = out.lines().next().filter(|l| !l.trim().is_empty())
            {
                break id.trim().to_string();
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no file dialog titled {title}"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        self.xdotool(&["windowfocus", "--sync", &id]);
        std::thread::sleep(Duration::from_millis(300));
        (id, pattern)
    }

    /// Waits until no visible window matches `pattern`; panics after 10 s.
    fn file_dialog_closed(&self, pattern: &str) {
        let start = Instant::now();
        while self
            .xdotool(&["search", "--onlyvisible", "--name", pattern])
            .is_some_and(|o| !o.trim().is_empty())
        {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the file dialog {pattern} stayed open"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Desktop {
    /// Drags the file at `path` onto the point (`x`, `y`) of the screen as a person does from a
    /// file manager: a small GTK window offers it over the X drag-and-drop protocol and real
    /// pointer events carry it there (`tools/drag_file.py`, Debian's python3-gi and xdotool).
    pub fn drag_file(&self, path: &Path, x: u32, y: u32) {
        let status = Command::new("/usr/bin/python3")
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tools/drag_file.py"))
            .arg(path)
            .args([x.to_string(), y.to_string()])
            .env("DISPLAY", &self.display)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .status()
            .expect("run drag_file.py");
        assert!(status.success(), "the drop was not accepted: {status}");
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        terminate(&mut self.dbus);
        terminate(&mut self.xvfb);
    }
}

/// The X clipboard of a [`Desktop`], owned and read by `xclip` (Debian's package), as another
/// application would: what a word processor puts there, what the app put there.
impl Desktop {
    /// Puts `html` on the clipboard as `text/html`, held by an xclip process until the returned
    /// owner is dropped or another program takes the clipboard.
    pub fn offer_html(&self, html: &str) -> ClipboardOwner {
        use std::io::Write as _;
        let mut child = Command::new(program("xclip"))
            .args(["-quiet", "-selection", "clipboard", "-t", "text/html", "-i"])
            .env("DISPLAY", &self.display)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start xclip");
        child
            .stdin
            .take()
            .expect("xclip stdin")
            .write_all(html.as_bytes())
            .expect("hand xclip the HTML");
        let owner = ClipboardOwner(child);
        let start = Instant::now();
        while !self.clipboard("TARGETS").contains("text/html") {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "xclip did not take the clipboard"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        owner
    }

    /// What the clipboard holds as `target` (`text/html`, `UTF8_STRING`, `TARGETS`), read by
    /// `xclip -o`; empty when it holds nothing of that kind.
    pub fn clipboard(&self, target: &str) -> String {
        let out = Command::new(program("xclip"))
            .args(["-o", "-selection", "clipboard", "-t", target])
            .env("DISPLAY", &self.display)
            .stdin(Stdio::null())
            .output()
            .expect("run xclip");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

/// An xclip process holding the clipboard ([`Desktop::offer_html`]); stopped when dropped.
pub struct ClipboardOwner(Child);

impl Drop for ClipboardOwner {
    fn drop(&mut self) {
        terminate(&mut self.0);
    }
}

/// GNOME Keyring's Secret Service (Debian's `gnome-keyring`) on a private D-Bus session, its login
/// keyring in a folder of the test's own, created and unlocked as a desktop sign-in does
/// (`--unlock` with the sign-in password on its input). What the app keeps there is read back
/// with `secret-tool` (Debian's `libsecret-tools`), a client that is not ours.
pub struct Keyring {
    daemon: Child,
    /// The session bus it serves (the test's own, or the [`Desktop`]'s it was started on).
    pub dbus_address: String,
    own_bus: Option<Child>,
    home: PathBuf,
}

impl Keyring {
    /// On a D-Bus session of its own.
    pub fn start(home: &Path) -> Keyring {
        let (bus, address) = session_bus();
        let mut k = Keyring::on(&address, home);
        k.own_bus = Some(bus);
        k
    }

    /// On `desktop`'s session bus: the app started there finds it.
    pub fn on_desktop(desktop: &Desktop, home: &Path) -> Keyring {
        Keyring::on(&desktop.dbus_address, home)
    }

    fn on(dbus_address: &str, home: &Path) -> Keyring {
        let runtime = home.join("run");
        std::fs::create_dir_all(&runtime).expect("runtime folder");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700))
                .expect("runtime folder mode");
        }
        let mut daemon = Command::new(program("gnome-keyring-daemon"))
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", dbus_address)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home)
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gnome-keyring-daemon");
        {
            use std::io::Write as _;
            let mut input = daemon.stdin.take().expect("keyring stdin");
            input
                .write_all(b"the desktop sign-in password")
                .expect("unlock the keyring");
        }
        let k = Keyring {
            daemon,
            dbus_address: dbus_address.to_string(),
            own_bus: None,
            home: home.to_path_buf(),
        };
        // Ready once it owns the Secret Service's name.
        let start = Instant::now();
        while !k.serves() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "gnome-keyring-daemon did not serve the Secret Service"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        k
    }

    /// Whether org.freedesktop.secrets has an owner on the bus.
    fn serves(&self) -> bool {
        Command::new(program("dbus-send"))
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.DBus",
                "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner",
                "string:org.freedesktop.secrets",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.dbus_address)
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
    }

    /// Every secret stored for `service`, as `secret-tool search --all --unlock service …` lists
    /// them (attributes and secrets; empty when there is none).
    pub fn items_of(&self, service: &str) -> String {
        let out = Command::new(program("secret-tool"))
            .args(["search", "--all", "--unlock", "service", service])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.dbus_address)
            .env("HOME", &self.home)
            .stdin(Stdio::null())
            .output()
            .expect("run secret-tool");
        assert!(
            out.status.success(),
            "secret-tool: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        terminate(&mut self.daemon);
        if let Some(bus) = &mut self.own_bus {
            terminate(bus);
        }
    }
}

/// A Vietnamese input method of Debian's packages on a [`Desktop`]: Unikey through IBus
/// (`ibus-daemon` with `ibus-unikey`) or through Fcitx 5 (`fcitx5` with `fcitx5-unikey`), its
/// configuration in a folder of the test's own. The app finds it through [`InputMethod::env`]
/// (the GTK input module, and the same config folder).
pub struct InputMethod {
    daemon: Child,
    home: PathBuf,
    /// The GTK input module the app loads (`ibus` or `fcitx`).
    pub module: &'static str,
}

/// How Unikey turns keys into Vietnamese.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typing {
    /// Letters for marks: "Hari Phongf" → "Hải Phòng".
    Telex,
    /// Digits for marks: "Ha3i Pho2ng" → "Hải Phòng".
    Vni,
}

/// `program_name` on `desktop` with an input method's folders in `home` and `env`.
fn im_command(desktop: &Desktop, home: &Path, env: &[(&str, &str)], program_name: &str) -> Command {
    let mut c = Command::new(program(program_name));
    c.env("DISPLAY", &desktop.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &desktop.dbus_address)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_DATA_HOME", home)
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in env {
        c.env(k, v);
    }
    c
}

impl InputMethod {
    /// IBus with Unikey as its engine, typing `typing`; `modern` places tones the new way
    /// ("hoà", not "hòa"). `home` is the app's home and config folder (both read it).
    pub fn ibus(desktop: &Desktop, home: &Path, typing: Typing, modern: bool) -> InputMethod {
        // Unikey's settings through GSettings' key file (no dconf service on a test display).
        let settings = home.join("glib-2.0/settings");
        std::fs::create_dir_all(&settings).expect("settings folder");
        let method = match typing {
            Typing::Telex => "telex",
            Typing::Vni => "vni",
        };
        std::fs::write(
            settings.join("keyfile"),
            format!("[org/freedesktop/ibus/engine/unikey]\ninput-method='{method}'\nmodern-style={modern}\n"),
        )
        .expect("unikey settings");
        let env = [("GSETTINGS_BACKEND", "keyfile")];
        let im = InputMethod::spawn(
            desktop,
            home,
            &env,
            "ibus",
            "ibus-daemon",
            &["--panel=disable", "--replace"],
        );
        // Ready once it takes Unikey as its engine. `ibus engine NAME` exits 1 when it cannot run
        // setxkbmap for the engine's layout (nothing to set on a test display) after it set the
        // engine: asked again.
        im.wait_ready("ibus-daemon did not take the Unikey engine", || {
            let _ = im
                .command(desktop, &env, "ibus")
                .args(["engine", "Unikey"])
                .output();
            im.command(desktop, &env, "ibus")
                .arg("engine")
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "Unikey")
        });
        im
    }

    /// Fcitx 5 with Unikey as its only input method, active from the start, typing `typing`.
    pub fn fcitx(desktop: &Desktop, home: &Path, typing: Typing, modern: bool) -> InputMethod {
        let config = home.join("fcitx5");
        std::fs::create_dir_all(config.join("conf")).expect("fcitx5 folder");
        std::fs::write(
            config.join("profile"),
            "[Groups/0]\nName=Default\nDefault Layout=us\nDefaultIM=unikey\n\n\
             [Groups/0/Items/0]\nName=keyboard-us\nLayout=\n\n\
             [Groups/0/Items/1]\nName=unikey\nLayout=\n\n[GroupOrder]\n0=Default\n",
        )
        .expect("fcitx5 profile");
        std::fs::write(config.join("config"), "[Behavior]\nActiveByDefault=True\n")
            .expect("fcitx5 config");
        let method = match typing {
            Typing::Telex => "Telex",
            Typing::Vni => "VNI",
        };
        std::fs::write(
            config.join("conf/unikey.conf"),
            format!(
                "InputMethod={method}\nModernStyle={}\n",
                if modern { "True" } else { "False" }
            ),
        )
        .expect("unikey settings");
        // Only what a test display needs: no panel, tray or notifications to draw.
        let im = InputMethod::spawn(
            desktop,
            home,
            &[],
            "fcitx",
            "fcitx5",
            &[
                "--replace",
                "--disable=classicui,kimpanel,notificationitem,notifications,clipboard,emoji,quickphrase,wayland,waylandim",
            ],
        );
        // Ready once fcitx5-remote reaches it (0 closed, 1 inactive, 2 active).
        im.wait_ready("fcitx5 did not start", || {
            im.command(desktop, &[], "fcitx5-remote")
                .output()
                .is_ok_and(|o| o.status.success() && !o.stdout.trim_ascii().is_empty())
        });
        im
    }

    /// `program_name` on `desktop` with the input method's folders and `env`.
    fn command(&self, desktop: &Desktop, env: &[(&str, &str)], program_name: &str) -> Command {
        im_command(desktop, &self.home, env, program_name)
    }

    /// The daemon `program_name args` started on `desktop`, its GTK module `module`.
    fn spawn(
        desktop: &Desktop,
        home: &Path,
        env: &[(&str, &str)],
        module: &'static str,
        program_name: &str,
        args: &[&str],
    ) -> InputMethod {
        let daemon = im_command(desktop, home, env, program_name)
            .args(args)
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {program_name}: {e}"));
        InputMethod {
            daemon,
            home: home.to_path_buf(),
            module,
        }
    }

    /// Waits (at most 20 s) until `ready` says so; panics with `what` otherwise.
    fn wait_ready(&self, what: &str, ready: impl Fn() -> bool) {
        let start = Instant::now();
        while !ready() {
            assert!(start.elapsed() < Duration::from_secs(20), "{what}");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// What the app's environment needs to use it: the GTK input module, and the config folder
    /// where the daemon said where it listens.
    pub fn env(&self) -> Vec<(&'static str, PathBuf)> {
        vec![
            ("GTK_IM_MODULE", PathBuf::from(self.module)),
            ("XDG_CONFIG_HOME", self.home.clone()),
        ]
    }
}

impl Drop for InputMethod {
    fn drop(&mut self) {
        terminate(&mut self.daemon);
    }
}

/// tauri-driver (which runs WebKitWebDriver, which runs the app) on a private port.
pub struct Driver {
    child: Child,
    /// WebDriver URL to connect to.
    pub url: String,
}

impl Driver {
    /// Starts tauri-driver on `desktop` with the app's environment `envs`, and waits until it listens.
    pub fn start(desktop: &Desktop, envs: &[(&str, &Path)]) -> Driver {
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new(program("tauri-driver"));
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .env("DISPLAY", &desktop.display)
        .env("DBUS_SESSION_BUS_ADDRESS", &desktop.dbus_address)
        .env_remove("WAYLAND_DISPLAY")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start tauri-driver");
        // tauri-driver listens at once but starts WebKitWebDriver beside it and forwards a new
        // session to it without waiting: a session asked for before WebKitWebDriver listens is
        // dropped mid-reply (hyper's IncompleteMessage). So wait for both ports.
        let start = Instant::now();
        for (who, p) in [("tauri-driver", port), ("WebKitWebDriver", native)] {
            while std::net::TcpStream::connect(("127.0.0.1", p)).is_err() {
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "{who} did not listen on {p}"
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Stops tauri-driver with SIGTERM (never SIGKILL: that orphans WebKitWebDriver), then makes
    /// sure the app it ran has exited, so the next start is not taken for a second instance.
    /// WebKitWebDriver does not always wait for the app to quit after the session closes: an app
    /// still running after a few seconds gets SIGTERM, as at a system shutdown.
    pub fn stop(self) {
        self.stop_for(&target_dir().join("toa-soan"));
    }

    /// [`Driver::stop`] for the app at `app` (an installed one).
    pub fn stop_for(mut self, app: &Path) {
        terminate(&mut self.child);
        let app = app.to_path_buf();
        let start = Instant::now();
        let mut signalled = false;
        loop {
            let pids = pids_of(&app);
            if pids.is_empty() {
                return;
            }
            let waited = start.elapsed();
            if waited > Duration::from_secs(20) {
                panic!("the app did not exit (pids {pids:?})");
            }
            if waited > Duration::from_secs(3) && !signalled {
                for pid in pids {
                    // SAFETY: kill(2) with a pid read from /proc; at worst it is already gone.
                    unsafe {
                        libc::kill(pid, libc::SIGTERM);
                    }
                }
                signalled = true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        terminate(&mut self.child);
    }
}

/// Process ids of running programs whose executable is `exe`.
pub fn pids_of(exe: &Path) -> Vec<i32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<i32>().ok()))
        .filter(|pid| {
            std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|target| target == exe)
        })
        .collect()
}

/// Kills every running copy of `exe` with SIGKILL, as a power cut would stop it.
pub fn kill_hard(exe: &Path) -> usize {
    let pids = pids_of(exe);
    for pid in &pids {
        // SAFETY: kill(2) with a pid read from /proc; at worst the process is already gone.
        unsafe {
            libc::kill(*pid, libc::SIGKILL);
        }
    }
    pids.len()
}

/// Output of a finished CLI run.
#[derive(Debug)]
pub struct Run {
    /// Exit code (None if killed by a signal).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the built `newsroom` CLI on `data_dir` with `args`, feeding `stdin`.
pub fn newsroom(data_dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    newsroom_with(data_dir, args, stdin, &[])
}

/// [`newsroom`] with environment variables set (passwords, the server, the language).
pub fn newsroom_with(
    data_dir: &Path,
    args: &[&str],
    stdin: Option<&str>,
    envs: &[(&str, &str)],
) -> Run {
    let mut command = Command::new(binary("newsroom"));
    command
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("NEWSROOM_DATA_DIR")
        .env_remove("NEWSROOM_PASSWORD")
        .env_remove("NEWSROOM_NEW_PASSWORD")
        .env_remove("NEWSROOM_SERVER_URL")
        .env_remove("NEWSROOM_SERVER_USER")
        .envs(envs.iter().copied());
    let done = run(command, stdin);
    if done.code == Some(0) && exports(args) {
        // Every package the suite exports, checked against NINJS 1.6 (its folder is the first
        // line printed, or the JSON's `folder`).
        let folder = serde_json::from_str::<serde_json::Value>(&done.stdout)
            .ok()
            .and_then(|v| v["folder"].as_str().map(PathBuf::from))
            .unwrap_or_else(|| {
                PathBuf::from(done.stdout.lines().next().unwrap_or_default().trim())
            });
        assert_ninjs(&folder);
    }
    done
}

/// Whether CLI arguments `args` ask for a package export (`export ID`, not `bundle export`).
fn exports(args: &[&str]) -> bool {
    // The global options before the command, and the values of those that take one.
    let mut rest = args.iter();
    while let Some(a) = rest.next() {
        match *a {
            "--as" | "--pin" | "--data-dir" => {
                rest.next();
            }
            a if a.starts_with("--") => {}
            "export" => return true,
            _ => return false,
        }
    }
    false
}

/// What IPTC's NINJS 1.6 schema finds wrong with `meta`.
pub fn ninjs_errors(meta: &serde_json::Value) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(include_str!(
        "../crates/newsroom/tests/fixtures/standards/ninjs-schema_1.6.json"
    ))
    .expect("schema");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("NINJS 1.6 schema compiles");
    validator
        .iter_errors(meta)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Panics unless package `folder`'s `article.json` is valid NINJS 1.6.
pub fn assert_ninjs(folder: &Path) {
    let path = folder.join("article.json");
    let meta: serde_json::Value = serde_json::from_slice(
        &std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let errors = ninjs_errors(&meta);
    assert!(
        errors.is_empty(),
        "{} is not NINJS 1.6: {errors:#?}",
        path.display()
    );
}

/// Runs `command` to its end, feeding it `stdin` (none: an empty input), its output kept.
pub fn run(mut command: Command, stdin: Option<&str>) -> Run {
    let mut child = command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the command");
    if let Some(input) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(input.as_bytes()).expect("write stdin");
    }
    let out = child.wait_with_output().expect("wait for the command");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A real JPEG of `w × h` with a texture that differs with `seed` (so it is stored apart and does
/// not compress to nothing).
pub fn jpeg(w: usize, h: usize, seed: u32) -> Vec<u8> {
    let mut px = vec![0u8; w * h * 3];
    for y in 0..h {
        for x in 0..w {
            let i = (y * w + x) * 3;
            px[i] = ((x as u32 * 7 + seed * 13) % 256) as u8;
            px[i + 1] = ((y as u32 * 5 + seed * 29) % 256) as u8;
            px[i + 2] = (((x + y) as u32 + seed) % 256) as u8;
        }
    }
    let image = turbojpeg::Image {
        pixels: px.as_slice(),
        width: w,
        pitch: w * 3,
        height: h,
        format: turbojpeg::PixelFormat::RGB,
    };
    turbojpeg::compress(image, 85, turbojpeg::Subsamp::Sub2x2)
        .expect("jpeg")
        .to_vec()
}

#[cfg(test)]
mod checks {
    use super::{exports, ninjs_errors};

    #[test]
    fn a_package_export_is_told_from_other_commands() {
        assert!(exports(&["export", "01J", "--out", "x"]));
        assert!(exports(&["--as", "Hà", "--json", "export", "01J"]));
        assert!(!exports(&["bundle", "export", "01J"]));
        assert!(!exports(&["--as", "export", "list"]));
        assert!(!exports(&["list"]));
    }

    #[test]
    fn the_ninjs_check_finds_what_ninjs_forbids() {
        let ok = serde_json::json!({"uri": "urn:x:1", "headline": "Tin", "language": "vi"});
        assert_eq!(ninjs_errors(&ok), Vec::<String>::new());
        let bad = serde_json::json!({"uri": "urn:x:1", "headline": 7, "pubStatus": "usable"});
        assert!(ninjs_errors(&bad).len() >= 2, "{:?}", ninjs_errors(&bad));
    }
}
