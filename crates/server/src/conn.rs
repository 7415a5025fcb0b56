//! Connecting to the newsroom server, and what its errors mean to a user.

use newsroom::workflow::{Action, Change, Role};
use newsroom::{Error, Result, Said, said};
use postgres::error::SqlState;
use postgres::{Client, Config, NoTls};

/// Where the newsroom server is and who connects.
#[derive(Debug, Clone)]
pub struct Server {
    /// A libpq connection string or URL (`postgresql://host:5432/toasoan`, `host=… dbname=…`).
    pub url: String,
    /// Login (the person's name), when the URL does not carry it.
    pub user: Option<String>,
}

/// How a connection protects itself: libpq's `sslmode` (the `postgres` crate reads only
/// disable, prefer and require, and no `sslrootcert`; the rest is done here with rustls).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// No TLS.
    Disable,
    /// TLS if the server offers it, not verified (libpq's `allow` and `prefer`).
    Prefer,
    /// TLS, not verified (unless a root certificate is given, as libpq does).
    Require,
    /// TLS, the server's certificate signed by the root certificate (`sslrootcert`, else the
    /// system's), whatever name it carries.
    VerifyCa,
    /// As `VerifyCa`, and the certificate names the host connected to.
    VerifyFull,
}

/// A connection string (URL or `key=value` form) without its `sslmode` and `sslrootcert`, and
/// those two.
fn split_tls(url: &str) -> Result<(String, Option<String>, Option<String>)> {
    let mut mode = None;
    let mut root = None;
    let bad = |e: String| Error::InvalidInput {
        field: "url",
        reason: said!(
            "địa chỉ máy chủ không đọc được ({e})",
            "the server address cannot be read ({e})"
        ),
    };
    let rest = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let mut parsed = url::Url::parse(url).map_err(|e| bad(e.to_string()))?;
        let kept: Vec<(String, String)> = parsed
            .query_pairs()
            .filter_map(|(k, v)| match k.as_ref() {
                "sslmode" => {
                    mode = Some(v.into_owned());
                    None
                }
                "sslrootcert" => {
                    root = Some(v.into_owned());
                    None
                }
                _ => Some((k.into_owned(), v.into_owned())),
            })
            .collect();
        if kept.is_empty() {
            parsed.set_query(None);
        } else {
            parsed.query_pairs_mut().clear().extend_pairs(kept);
        }
        parsed.to_string()
    } else {
        let kept: Vec<(String, String)> = conninfo_pairs(url)
            .map_err(bad)?
            .into_iter()
            .filter_map(|(k, v)| match k.as_str() {
                "sslmode" => {
                    mode = Some(v);
                    None
                }
                "sslrootcert" => {
                    root = Some(v);
                    None
                }
                _ => Some((k, v)),
            })
            .collect();
        conninfo_string(&kept)
    };
    Ok((rest, mode, root))
}

/// The `key=value` pairs of a libpq connection string, as libpq reads them: whitespace between
/// pairs and around `=`; a value in single quotes may hold spaces; a backslash takes the next
/// character as it is (`\'`, `\\`). Neither `postgres` crate lets its parser be used for keys it
/// does not know (`sslrootcert`, libpq's other `sslmode`s), so the pairs are read here and the rest
/// handed back to it whole ([`conninfo_string`]).
fn conninfo_pairs(s: &str) -> std::result::Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.peek().is_none() {
            return Ok(pairs);
        }
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| *c != '=' && !c.is_whitespace()) {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next() != Some('=') {
            return Err(format!("“{key}” thiếu dấu = / “{key}” lacks an ="));
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'\'').is_some() {
            loop {
                match chars.next() {
                    None => {
                        return Err(format!(
                            "giá trị của “{key}” thiếu dấu ' đóng / the value of “{key}” lacks its closing '"
                        ));
                    }
                    Some('\'') => break,
                    Some('\\') => value.extend(chars.next()),
                    Some(c) => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                if c == '\\' {
                    value.extend(chars.next());
                } else {
                    value.push(c);
                }
            }
        }
        pairs.push((key, value));
    }
}

/// `pairs` as a libpq connection string, each value quoted (a path with spaces stays whole).
fn conninfo_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}='{}'", v.replace('\\', "\\\\").replace('\'', "\\'")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A newsroom server's address as the join form gives it: its fields, or a connection string typed
/// whole ("Chuỗi kết nối", for an IT contact).
#[derive(Debug, Clone, Default, serde::Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Address {
    /// The server's name or IP address.
    #[serde(default)]
    pub host: String,
    /// Its port (PostgreSQL's is 5432).
    #[serde(default = "default_port")]
    pub port: u16,
    /// The newsroom's database on it.
    #[serde(default)]
    pub dbname: String,
    /// The CA file its certificate is checked against (none: the system's).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub ca_file: Option<String>,
    /// A connection string typed whole: used instead of the fields when given.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub url: Option<String>,
}

fn default_port() -> u16 {
    5432
}

impl Address {
    /// The connection string: the one typed, else [`url_of`] the fields.
    pub fn to_url(&self) -> Result<String> {
        match self.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            Some(url) => {
                // Read now, so a string that cannot be read is said before anything is tried.
                split_tls(url)?;
                Ok(url.to_string())
            }
            None => url_of(&self.host, self.port, &self.dbname, self.ca_file.as_deref()),
        }
    }
}

/// The connection string of a newsroom server given as a form gives it: `host` (a name or an
/// address), `port`, the newsroom's database `dbname`, and the CA file the server's certificate is
/// checked against (none: the system's). A `postgresql://` URL made by the `url` crate, so a
/// name, a path or an IPv6 address with any character in it stays what it is.
pub fn url_of(host: &str, port: u16, dbname: &str, ca_file: Option<&str>) -> Result<String> {
    let bad = |what: &str| Error::InvalidInput {
        field: "url",
        reason: said!(
            "{what} không dùng được trong địa chỉ máy chủ",
            "{what} cannot be used in a server address"
        ),
    };
    let host = host.trim();
    let dbname = dbname.trim();
    if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
        return Err(Error::InvalidInput {
            field: "host",
            reason: said!(
                "hãy nhập tên hoặc địa chỉ IP của máy chủ (ví dụ toasoan.haiphong.gov.vn)",
                "enter the server's name or IP address (e.g. toasoan.haiphong.gov.vn)"
            ),
        });
    }
    if dbname.is_empty() {
        return Err(Error::InvalidInput {
            field: "dbname",
            reason: said!(
                "hãy nhập tên tòa soạn trên máy chủ (tên cơ sở dữ liệu, thường là “toasoan”)",
                "enter the newsroom's name on the server (its database, usually “toasoan”)"
            ),
        });
    }
    let mut url = url::Url::parse("postgresql://localhost/").map_err(|_| bad("localhost"))?;
    let bracketed;
    let host_for_url = if host.contains(':') && !host.starts_with('[') {
        bracketed = format!("[{host}]");
        bracketed.as_str()
    } else {
        host
    };
    url.set_host(Some(host_for_url)).map_err(|_| bad(host))?;
    url.set_port(Some(port))
        .map_err(|()| bad(&port.to_string()))?;
    url.path_segments_mut()
        .map_err(|()| bad(dbname))?
        .clear()
        .push(dbname);
    if let Some(ca) = ca_file.map(str::trim).filter(|c| !c.is_empty()) {
        url.query_pairs_mut()
            .append_pair("sslmode", "verify-full")
            .append_pair("sslrootcert", ca);
    }
    Ok(url.to_string())
}

/// Whether `config` reaches a server on this machine (a Unix socket, or a loopback address),
/// judged by the address actually dialled: `hostaddr` when it is given (then `host` is only the
/// name the certificate must carry), else `host`.
fn local(config: &Config) -> bool {
    use postgres::config::Host;
    let dialled = config.get_hostaddrs();
    if !dialled.is_empty() {
        return dialled.iter().all(std::net::IpAddr::is_loopback);
    }
    config.get_hosts().iter().all(|h| match h {
        #[cfg(unix)]
        Host::Unix(_) => true,
        Host::Tcp(name) => {
            name == "localhost"
                || name
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
    })
}

/// The TLS of a connection string that says none: none on this machine, `verify-full` elsewhere.
fn default_mode(config: &Config) -> SslMode {
    if local(config) {
        SslMode::Disable
    } else {
        SslMode::VerifyFull
    }
}

/// `url` without a password written into it (`postgres://user:secret@host/…` or `password=…`),
/// and whether it had one: a password is never stored in a data folder or printed.
pub fn without_password(url: &str) -> (String, bool) {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let Ok(mut parsed) = url::Url::parse(url) else {
            return (url.to_string(), false);
        };
        let mut had = parsed.password().is_some();
        if had {
            let _ = parsed.set_password(None);
        }
        let kept: Vec<(String, String)> = parsed
            .query_pairs()
            .filter(|(k, _)| {
                let secret = k == "password";
                had |= secret;
                !secret
            })
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            parsed.set_query(None);
        } else {
            parsed.query_pairs_mut().clear().extend_pairs(kept);
        }
        return (
            if had {
                parsed.to_string()
            } else {
                url.to_string()
            },
            had,
        );
    }
    let Ok(pairs) = conninfo_pairs(url) else {
        return (url.to_string(), false);
    };
    let kept: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != "password")
        .cloned()
        .collect();
    if kept.len() == pairs.len() {
        (url.to_string(), false)
    } else {
        (conninfo_string(&kept), true)
    }
}

/// Opens a connection to `server` with `password` (None: the URL's, or none at all — a local
/// socket with peer authentication).
///
/// TLS: the connection string's `sslmode` (disable, allow, prefer, require, verify-ca,
/// verify-full) and `sslrootcert` (the CA file; default: the system's). Without `sslmode`, a
/// server on this machine is reached without TLS and any other with `verify-full`: a laptop
/// never sends its password to a server it has not verified unless told to.
pub fn connect(server: &Server, password: Option<&str>) -> Result<Client> {
    let (url, mode, root) = split_tls(&server.url)?;
    let mut config: Config = url.parse().map_err(|e| Error::InvalidInput {
        field: "url",
        reason: said!(
            "địa chỉ máy chủ không đọc được ({e})",
            "the server address cannot be read ({e})"
        ),
    })?;
    let mode = match mode.as_deref() {
        None => default_mode(&config),
        Some("disable") => SslMode::Disable,
        Some("allow" | "prefer") => SslMode::Prefer,
        Some("require") => SslMode::Require,
        Some("verify-ca") => SslMode::VerifyCa,
        Some("verify-full") => SslMode::VerifyFull,
        Some(other) => {
            return Err(Error::InvalidInput {
                field: "url",
                reason: said!(
                    "sslmode “{other}” không có (disable, prefer, require, verify-ca, verify-full)",
                    "there is no sslmode “{other}” (disable, prefer, require, verify-ca, verify-full)"
                ),
            });
        }
    };
    if let Some(user) = &server.user {
        config.user(&newsroom::text::nfc(user.trim()));
    }
    if let Some(pw) = password {
        config.password(pw);
    }
    config.application_name("toasoan");
    config.connect_timeout(std::time::Duration::from_secs(10));
    if mode == SslMode::Disable {
        config.ssl_mode(postgres::config::SslMode::Disable);
        return config.connect(NoTls).map_err(error);
    }
    config.ssl_mode(if mode == SslMode::Prefer {
        postgres::config::SslMode::Prefer
    } else {
        postgres::config::SslMode::Require
    });
    let tls = tls_connector(mode, root.as_deref())?;
    config.connect(tls).map_err(error)
}

/// A rustls connector for `mode`, trusting `root` (a PEM file: only it, as libpq does) or the
/// system's root certificates (Linux's files, the Windows certificate store).
fn tls_connector(
    mode: SslMode,
    root: Option<&str>,
) -> Result<tokio_postgres_rustls::MakeRustlsConnect> {
    use std::sync::Arc;

    use rustls::client::WebPkiServerVerifier;
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject as _;

    // ring, not aws-lc-rs: it cross-builds for Windows with MinGW alone (aws-lc needs CMake and
    // NASM there). Its provider lacks post-quantum key exchange, which rustls now flags.
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let tls_error = |e: String| Error::Server {
        reason: said!(
            "không khởi tạo được TLS: {e}",
            "TLS could not be set up: {e}"
        ),
    };
    let verify = matches!(mode, SslMode::VerifyCa | SslMode::VerifyFull)
        || (mode == SslMode::Require && root.is_some());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| tls_error(e.to_string()))?;
    let config = if verify {
        let mut roots = rustls::RootCertStore::empty();
        match root {
            Some(root) => {
                let unreadable = |e: String| Error::InvalidInput {
                    field: "sslrootcert",
                    reason: said!(
                        "không đọc được chứng chỉ gốc {root}: {e}",
                        "the root certificate {root} cannot be read: {e}"
                    ),
                };
                let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(root)
                    .map_err(|e| unreadable(e.to_string()))?
                    .collect::<std::result::Result<_, _>>()
                    .map_err(|e| unreadable(e.to_string()))?;
                let (added, _) = roots.add_parsable_certificates(certs);
                if added == 0 {
                    return Err(unreadable("không có chứng chỉ nào / no certificate".into()));
                }
            }
            None => {
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
            }
        }
        let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .build()
            .map_err(|e| tls_error(e.to_string()))?;
        if mode == SslMode::VerifyFull {
            builder.with_webpki_verifier(webpki)
        } else {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(AnyName(webpki)))
        }
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Unverified(provider)))
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(
        config.with_no_client_auth(),
    ))
}

/// `verify-ca`: the chain must lead to a trusted root; the name the certificate carries is not
/// checked (libpq's meaning).
#[derive(Debug)]
struct AnyName(std::sync::Arc<rustls::client::WebPkiServerVerifier>);

impl rustls::client::danger::ServerCertVerifier for AnyName {
    fn verify_server_cert(
        &self,
        end_entity: &rustls::pki_types::CertificateDer<'_>,
        intermediates: &[rustls::pki_types::CertificateDer<'_>],
        server_name: &rustls::pki_types::ServerName<'_>,
        ocsp_response: &[u8],
        now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        use rustls::CertificateError::{NotValidForName, NotValidForNameContext};
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                NotValidForName | NotValidForNameContext { .. },
            )) => Ok(rustls::client::danger::ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// `prefer` and `require` without a root certificate: encrypted, the certificate not checked
/// (libpq's meaning); the handshake's signatures still must hold.
#[derive(Debug)]
struct Unverified(std::sync::Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// A SCRAM-SHA-256 verifier of `password`, as PostgreSQL stores it: what the server receives in
/// place of the password (random salt, 4096 iterations).
pub fn scram_verifier(password: &str) -> String {
    postgres_protocol::password::scram_sha_256(password.as_bytes())
}

/// The action a refusal names when an article or revision id is someone else's, taken first
/// (server migration 0009).
const TAKEN: &str = "taken";

/// Whether `e` is the server's refusal of an id someone else took first: the article moves to ids
/// of its own (`newsroom::sync::rekey`) rather than wait for ever.
pub(crate) fn is_taken(e: &Error) -> bool {
    matches!(e, Error::Forbidden { action, .. } if *action == action_label(TAKEN))
}

/// The label of an action a server function names in its refusal's hint.
fn action_label(key: &str) -> Said {
    match key {
        "submit" => Action::Submit.label(),
        "claim" => Action::Claim.label(),
        "release" => Action::Release.label(),
        "request_changes" => Action::RequestChanges.label(),
        "approve" => Action::Approve.label(),
        "export" => Action::Export.label(),
        "edit" => Action::Edit.label(),
        TAKEN => said!("dùng mã này", "use this id"),
        "people" => Change::People.label(),
        "comment" => said!("bình luận", "comment"),
        "resolve" => said!("đóng lời bình", "resolve the comment"),
        other => Said::new(other, other),
    }
}

/// What a PostgreSQL error means to the user: refusals of the newsroom's functions are
/// `Forbidden` in both languages, values refused are `InvalidInput`, a server that cannot be
/// reached is `Offline`, anything else is `Server` with PostgreSQL's own words.
pub(crate) fn error(e: postgres::Error) -> Error {
    if let Some(db) = e.as_db_error() {
        let vi = db.message().to_string();
        let en = db.detail().unwrap_or(db.message()).to_string();
        let code = db.code();
        if *code == SqlState::INSUFFICIENT_PRIVILEGE {
            if let Some(hint) = db.hint().filter(|h| h.starts_with("role=")) {
                let mut role = "none";
                let mut action = "";
                for part in hint.split(' ') {
                    if let Some(v) = part.strip_prefix("role=") {
                        role = v;
                    } else if let Some(v) = part.strip_prefix("action=") {
                        action = v;
                    }
                }
                return Error::Forbidden {
                    role: Role::parse(role)
                        .map_or_else(|| said!("không thuộc tòa soạn", "non-member"), Role::label),
                    action: action_label(action),
                    reason: Said::new(vi, en),
                };
            }
            return Error::Server {
                reason: said!("không có quyền: {vi}", "permission denied: {vi}"),
            };
        }
        if *code == SqlState::INVALID_PARAMETER_VALUE {
            return Error::InvalidInput {
                field: "server",
                reason: Said::new(vi, en),
            };
        }
        if *code == SqlState::NO_DATA_FOUND {
            return Error::NotFound {
                what: Said::new(vi, en),
                id: db.hint().unwrap_or_default().to_string(),
            };
        }
        if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            return Error::Server {
                reason: said!(
                    "sai tên hoặc mật khẩu ({vi})",
                    "wrong name or password ({vi})"
                ),
            };
        }
        if code.code().starts_with("08")
            || *code == SqlState::ADMIN_SHUTDOWN
            || *code == SqlState::CANNOT_CONNECT_NOW
        {
            return Error::Offline {
                reason: Said::new(vi.clone(), vi),
            };
        }
        let sqlstate = code.code().to_string();
        return Error::Server {
            reason: said!("{vi} (mã {sqlstate})", "{vi} (code {sqlstate})"),
        };
    }
    // Not the server's answer: TLS refused, the network, the socket, a connection cut.
    let text = e.to_string();
    let mut chain = text.clone();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        chain.push_str(": ");
        chain.push_str(&s.to_string());
        source = s.source();
    }
    if chain.contains("certificate") || chain.contains("TLS") || chain.contains("SSL") {
        return Error::Server {
            reason: said!(
                "không kết nối an toàn (TLS) được tới máy chủ: {chain}",
                "no secure (TLS) connection to the server: {chain}"
            ),
        };
    }
    let io = std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>());
    if io
        || e.is_closed()
        || [
            "connect",
            "communicating",
            "timed out",
            "closed",
            "os error",
        ]
        .iter()
        .any(|w| text.contains(w))
    {
        return Error::Offline {
            reason: Said::new(text.clone(), text),
        };
    }
    Error::Server {
        reason: Said::new(text.clone(), text),
    }
}

/// A query whose errors are said as the user reads them ([`error`]).
pub(crate) trait ClientExt {
    fn call(
        &mut self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>>;
}

impl ClientExt for Client {
    /// A lock wait that times out (the newsroom's functions wait at most 5 s) is a session that
    /// holds a write transaction open, stuck or hostile: `newsroom.clear_stuck()` ends it, and
    /// the call is made once more.
    fn call(
        &mut self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>> {
        match self.query(sql, params) {
            Err(e) if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) => {
                let ended = self
                    .query_one("SELECT newsroom.clear_stuck()", &[])
                    .map(|r| r.get::<_, i32>(0))
                    .map_err(error)?;
                log::warn!("a lock wait timed out; stuck sessions ended: {ended}");
                self.query(sql, params).map_err(error)
            }
            r => r.map_err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode_of(url: &str) -> SslMode {
        let (rest, mode, _) = split_tls(url).expect("split");
        assert!(mode.is_none());
        default_mode(&rest.parse().expect("config"))
    }

    #[test]
    fn a_password_written_into_the_address_is_taken_out() {
        for (url, kept) in [
            (
                "postgres://mai:bi%20mat@toasoan.example/newsroom?sslmode=verify-full",
                "postgres://mai@toasoan.example/newsroom?sslmode=verify-full",
            ),
            (
                "postgresql://mai@h/db?password=secret&sslrootcert=/tmp/ca.pem",
                "postgresql://mai@h/db?sslrootcert=%2Ftmp%2Fca.pem",
            ),
            (
                "host=h dbname=db password=secret user=mai",
                "host='h' dbname='db' user='mai'",
            ),
            (
                "host=h password='bi mat' sslrootcert='/a b/ca.pem'",
                "host='h' sslrootcert='/a b/ca.pem'",
            ),
        ] {
            let (out, had) = without_password(url);
            assert!(had, "{url}");
            assert_eq!(out, kept);
            assert!(!out.contains("secret") && !out.contains("bi%20mat"));
        }
        assert_eq!(
            without_password("host=h dbname=db"),
            ("host=h dbname=db".to_string(), false)
        );
    }

    #[test]
    fn tls_is_decided_by_the_address_dialled() {
        // A loopback name with a remote address dialled is not this machine.
        assert_eq!(
            mode_of("host=localhost hostaddr=203.0.113.7 dbname=db"),
            SslMode::VerifyFull
        );
        assert_eq!(
            mode_of("host=toasoan.example hostaddr=127.0.0.1 dbname=db"),
            SslMode::Disable
        );
    }

    #[test]
    fn tls_is_verified_unless_the_server_is_on_this_machine() {
        assert_eq!(
            mode_of("host=toasoan.example.vn dbname=toasoan"),
            SslMode::VerifyFull
        );
        assert_eq!(
            mode_of("postgresql://10.0.0.5/toasoan"),
            SslMode::VerifyFull
        );
        // A Unix socket is this machine; Windows has none (there the "path" is a host name to
        // dial, somewhere else).
        assert_eq!(
            mode_of("host=/var/run/postgresql dbname=toasoan"),
            if cfg!(unix) {
                SslMode::Disable
            } else {
                SslMode::VerifyFull
            }
        );
        assert_eq!(
            mode_of("host=127.0.0.1 port=5432 dbname=toasoan"),
            SslMode::Disable
        );
        assert_eq!(mode_of("postgresql://localhost/toasoan"), SslMode::Disable);
        assert_eq!(mode_of("host=::1 dbname=toasoan"), SslMode::Disable);
    }

    #[test]
    fn a_form_s_fields_make_an_address_whatever_they_hold() {
        let url = url_of(
            "toasoan.example.vn",
            5432,
            "toasoan",
            Some("/home/Mai Anh/ca.pem"),
        )
        .expect("url");
        assert_eq!(
            url,
            "postgresql://toasoan.example.vn:5432/toasoan?sslmode=verify-full&sslrootcert=%2Fhome%2FMai+Anh%2Fca.pem"
        );
        let (_, mode, root) = split_tls(&url).expect("split");
        assert_eq!(
            (mode.as_deref(), root.as_deref()),
            (Some("verify-full"), Some("/home/Mai Anh/ca.pem"))
        );
        assert_eq!(
            url_of("::1", 6543, "tòa soạn", None).expect("v6"),
            "postgresql://[::1]:6543/t%C3%B2a%20so%E1%BA%A1n"
        );
        let config: Config = url_of("::1", 6543, "tòa soạn", None)
            .expect("v6")
            .parse()
            .expect("config");
        assert_eq!(config.get_dbname(), Some("tòa soạn"));
        for (host, db) in [
            ("", "toasoan"),
            ("a b", "toasoan"),
            ("h/x", "db"),
            ("h", " "),
        ] {
            assert!(url_of(host, 5432, db, None).is_err(), "{host:?} {db:?}");
        }
    }

    #[test]
    fn sslmode_and_sslrootcert_are_taken_out_of_both_forms() {
        let (rest, mode, root) =
            split_tls("host=a dbname=b sslmode=verify-full sslrootcert=/etc/ca.pem").expect("kv");
        assert_eq!(
            (rest.as_str(), mode.as_deref(), root.as_deref()),
            (
                "host='a' dbname='b'",
                Some("verify-full"),
                Some("/etc/ca.pem")
            )
        );
        // A CA file whose path has a space, quoted as libpq reads it; spaces around "=", escapes.
        let (rest, mode, root) = split_tls(
            "host = a  sslrootcert = '/home/Mai Anh/Tài liệu/ca.pem' sslmode=verify-full application_name='it\\'s'",
        )
        .expect("quoted");
        assert_eq!(
            (rest.as_str(), mode.as_deref(), root.as_deref()),
            (
                "host='a' application_name='it\\'s'",
                Some("verify-full"),
                Some("/home/Mai Anh/Tài liệu/ca.pem")
            )
        );
        let config: Config = rest.parse().expect("the postgres crate reads what is left");
        assert_eq!(config.get_application_name(), Some("it's"));
        for broken in ["host", "host='a", "host=a sslrootcert='/x"] {
            let e = split_tls(broken).expect_err(broken);
            assert_eq!(e.code(), newsroom::ErrorCode::InvalidInput, "{broken}");
        }
        let (rest, mode, root) = split_tls(
            "postgresql://u@a:5433/b?sslmode=verify-ca&application_name=x&sslrootcert=%2Fetc%2Fca.pem",
        )
        .expect("url");
        assert_eq!(
            (rest.as_str(), mode.as_deref(), root.as_deref()),
            (
                "postgresql://u@a:5433/b?application_name=x",
                Some("verify-ca"),
                Some("/etc/ca.pem")
            )
        );
    }
}
