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

/// Opens a connection to `server` with `password` (None: the URL's, or none at all — a local
/// socket with peer authentication).
pub fn connect(server: &Server, password: Option<&str>) -> Result<Client> {
    let mut config: Config = server.url.parse().map_err(|e| Error::InvalidInput {
        field: "url",
        reason: said!(
            "địa chỉ máy chủ không đọc được ({e})",
            "the server address cannot be read ({e})"
        ),
    })?;
    if let Some(user) = &server.user {
        config.user(&newsroom::text::nfc(user.trim()));
    }
    if let Some(pw) = password {
        config.password(pw);
    }
    config.application_name("toasoan");
    config.connect_timeout(std::time::Duration::from_secs(10));
    config.connect(NoTls).map_err(error)
}

/// A SCRAM-SHA-256 verifier of `password`, as PostgreSQL stores it: what the server receives in
/// place of the password (random salt, 4096 iterations).
pub fn scram_verifier(password: &str) -> String {
    postgres_protocol::password::scram_sha_256(password.as_bytes())
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
    // Not the server's answer: the network, the socket, a connection cut.
    let text = e.to_string();
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
    fn call(
        &mut self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>> {
        self.query(sql, params).map_err(error)
    }
}
