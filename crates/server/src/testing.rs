//! A private throwaway PostgreSQL cluster for tests: `initdb` in a temporary folder (as the
//! `postgres` OS user when the tests run as root, which `initdb` refuses), started with `pg_ctl`
//! on a free loopback port, SCRAM passwords for every TCP connection. Never the machine's own
//! service, no Docker. The first cluster of a process is made by `initdb` once and copied for
//! the next ones (a copy starts in a fraction of initdb's time).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The superuser's name and password in every test cluster.
pub const SUPERUSER: &str = "postgres";
const SUPERUSER_PASSWORD: &str = "toasoan-test-superuser";

/// Where PostgreSQL's programs are: `$NEWSROOM_PG_BIN`, else the newest `/usr/lib/postgresql/N/bin`.
pub fn bin_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("NEWSROOM_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL is installed (/usr/lib/postgresql; scripts/setup.sh installs it)")
        .filter_map(|e| {
            let e = e.ok()?;
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .expect("a PostgreSQL server under /usr/lib/postgresql")
        .1
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs a PostgreSQL program, as `postgres` when we are root.
fn pg(program: &str, args: &[&str]) -> std::process::Output {
    let path = bin_dir().join(program);
    let mut cmd = if running_as_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(&path);
        c
    } else {
        Command::new(&path)
    };
    let out = cmd
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Gives `dir` to the `postgres` user when we are root.
fn hand_over(dir: &Path) {
    if running_as_root() {
        let ok = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir)
            .status()
            .expect("chown");
        assert!(ok.success(), "chown {}", dir.display());
    }
}

/// The name of a process's template cluster folder: this, its pid, a dash.
const TEMPLATE_PREFIX: &str = "toasoan-pg-template-";

/// Removes the template clusters of test processes that have ended.
fn remove_stale_templates() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix(TEMPLATE_PREFIX)
            .and_then(|rest| rest.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid
            && pid != std::process::id()
            && !Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// A cluster made once per process by initdb, copied for each [`Cluster`].
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &TEMPLATE
        .get_or_init(|| {
            // A static is never dropped: the template is named after this process, and those of
            // processes that have ended are removed here.
            remove_stale_templates();
            let root = tempfile::Builder::new()
                .prefix(&format!("{TEMPLATE_PREFIX}{}-", std::process::id()))
                .tempdir()
                .expect("tempdir");
            hand_over(root.path());
            let data = root.path().join("data");
            let pwfile = root.path().join("pw");
            std::fs::write(&pwfile, SUPERUSER_PASSWORD).expect("pwfile");
            hand_over(&pwfile);
            pg(
                "initdb",
                &[
                    "-D",
                    data.to_str().expect("utf-8 path"),
                    "-U",
                    SUPERUSER,
                    "--pwfile",
                    pwfile.to_str().expect("utf-8 path"),
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ],
            );
            (root, data)
        })
        .1
}

/// A running throwaway cluster; stopped and removed when dropped.
pub struct Cluster {
    root: tempfile::TempDir,
    port: u16,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

impl Cluster {
    /// Makes and starts a new cluster.
    pub fn start() -> Cluster {
        let root = tempfile::Builder::new()
            .prefix("toasoan-pg")
            .tempdir()
            .expect("tempdir");
        let ok = Command::new("cp")
            .arg("-a")
            .arg(template())
            .arg(root.path().join("data"))
            .status()
            .expect("cp");
        assert!(ok.success());
        hand_over(root.path());
        let c = Cluster {
            root,
            port: free_port(),
        };
        c.start_again();
        c
    }

    fn data(&self) -> String {
        self.root.path().join("data").to_string_lossy().into_owned()
    }

    /// Starts the cluster after [`stop`](Self::stop) (same folder, same port). `fsync=off` (only
    /// an OS crash would lose data); never `synchronous_commit=off`: a server stopped at once
    /// would then lose transactions it had acknowledged, which a laptop has recorded as sent.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200 -c log_statement=all -c log_parameter_max_length=1024",
            self.port,
            self.root.path().display()
        );
        let log = self.root.path().join("server.log");
        pg(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-l",
                log.to_str().expect("utf-8"),
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        );
    }

    /// Turns TLS on with a certificate for `localhost` (only that name) signed by a throwaway CA
    /// made here with the `openssl` command; the CA's certificate file, for `sslrootcert`.
    pub fn enable_tls(&self) -> PathBuf {
        let dir = self.root.path();
        let run = |args: &[&str]| {
            let out = Command::new("openssl")
                .args(args)
                .current_dir(dir)
                .output()
                .expect("openssl");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        run(&[
            &["req", "-x509"][..],
            &ec[..],
            &[
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=Toa soan test CA",
            ][..],
        ]
        .concat());
        run(&[
            &["req"][..],
            &ec[..],
            &[
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=localhost",
            ][..],
        ]
        .concat());
        std::fs::write(dir.join("san.ext"), "subjectAltName=DNS:localhost\n").expect("ext");
        run(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "san.ext",
        ]);
        let data = self.root.path().join("data");
        for f in ["server.crt", "server.key"] {
            std::fs::copy(dir.join(f), data.join(f)).expect("copy");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(
                data.join("server.key"),
                std::fs::Permissions::from_mode(0o600),
            )
            .expect("chmod");
        }
        hand_over(&data);
        let mut su = self.superuser("postgres");
        // One statement at a time: ALTER SYSTEM runs outside a transaction block only.
        for sql in [
            "ALTER SYSTEM SET ssl_cert_file = 'server.crt'",
            "ALTER SYSTEM SET ssl_key_file = 'server.key'",
            "ALTER SYSTEM SET ssl = on",
            "SELECT pg_reload_conf()",
        ] {
            su.batch_execute(sql)
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        // The reload is asynchronous: wait until the server says so.
        for _ in 0..100 {
            let on: String = su.query_one("SHOW ssl", &[]).expect("show").get(0);
            if on == "on" {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        dir.join("ca.pem")
    }

    /// Stops the cluster at once (connections are cut).
    pub fn stop(&self) {
        pg(
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        );
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A connection string for `user` on database `db` over TCP (the password is given apart).
    pub fn url(&self, db: &str) -> String {
        format!("host=127.0.0.1 port={} dbname={db}", self.port)
    }

    /// A connection string for the superuser on `db`, password included.
    pub fn superuser_url(&self, db: &str) -> String {
        format!(
            "host=127.0.0.1 port={} dbname={db} user={SUPERUSER} password={SUPERUSER_PASSWORD}",
            self.port
        )
    }

    /// A superuser connection to `db`.
    pub fn superuser(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.superuser_url(db), postgres::NoTls)
            .expect("superuser connects")
    }

    /// Creates database `name` (UTF8).
    pub fn create_db(&self, name: &str) {
        self.superuser("postgres")
            .batch_execute(&format!(
                "CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0"
            ))
            .expect("create database");
    }

    /// A newsroom on a new database `db`: `server init` with `admin` (password `password`), and
    /// the admin's own connection.
    pub fn newsroom(&self, db: &str, admin: &str, password: &str) -> postgres::Client {
        self.create_db(db);
        let su = crate::Server {
            url: self.superuser_url(db),
            user: None,
        };
        crate::init(&su, None, admin, || Ok(password.to_string())).expect("server init");
        crate::connect(
            &crate::Server {
                url: self.url(db),
                user: Some(admin.to_string()),
            },
            Some(password),
        )
        .unwrap_or_else(|e| panic!("{admin} connects: {e}"))
    }

    /// The server's log so far (for a failing test's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.root.path().join("server.log")).unwrap_or_default()
    }

    /// Panics unless the server's statement log shows the call `logged` (so it did log what the
    /// clients sent) and holds none of `secrets`: a check that cannot pass on an empty log.
    pub fn assert_log_lacks(&self, logged: &str, secrets: &[&str]) {
        let log = self.log();
        assert!(
            log.contains(logged),
            "the server's log does not show “{logged}”: it logged no statements, so it proves nothing ({} bytes)",
            log.len()
        );
        for s in secrets {
            assert!(!log.contains(s), "“{s}” is in the server's log");
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let path = bin_dir().join("pg_ctl");
        let data = self.data();
        let mut cmd = if running_as_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        let _ = cmd
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .output();
    }
}
