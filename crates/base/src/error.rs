//! The core's error type. Every message exists in Vietnamese (the default, what `Display` and the
//! CLI show) and in English ([`Error::message`] with [`Lang::En`], what the app shows when its UI is
//! in English): the parts an error is built from are [`Said`] in both languages. Two kinds of
//! detail stay as written, in Vietnamese, whatever the language: the package validator's findings
//! (`InvalidPackage`), which speak of the files, and the words of an article any message quotes.

use std::path::PathBuf;

/// What went wrong, in terms a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No item of this kind with this id.
    #[error("Không tìm thấy {what} có mã “{id}”.")]
    NotFound {
        /// The kind of item ("bài viết" / "article").
        what: Said,
        /// The id that was asked for.
        id: String,
    },
    /// The article changed since the revision the save was made from: nothing was written.
    #[error(
        "Bài viết đã được lưu ở nơi khác trong lúc bạn sửa (bạn sửa từ bản {expected}, hiện đã là bản {found}). Hãy tải lại hoặc gộp các thay đổi."
    )]
    Conflict {
        /// The revision the save was made from.
        expected: i64,
        /// The article's current revision.
        found: i64,
    },
    /// A value given by the user cannot be accepted.
    #[error("Giá trị không hợp lệ ở trường “{field}”: {reason}")]
    InvalidInput {
        /// The field at fault.
        field: &'static str,
        /// Why.
        reason: Said,
    },
    /// A photo cannot be added: not an image, an unsupported format, corrupt, or over the limits.
    #[error("Không thêm được ảnh “{name}”: {reason}")]
    BadPhoto {
        /// The file's name as the user knows it.
        name: String,
        /// Why, with what to do about it.
        reason: Said,
    },
    /// A document (a Word file) cannot be opened: not a `.docx`, damaged, protected or over a limit.
    #[error("Không mở được tệp Word “{name}”: {reason}")]
    BadDocument {
        /// The file's name as the user knows it.
        name: String,
        /// Why, with what to do about it.
        reason: Said,
    },
    /// The export checklist has a required item that fails: nothing was exported.
    #[error("Chưa xuất bản được “{title}”, cần sửa trước:\n{summary}")]
    Blocked {
        /// The article's title.
        title: String,
        /// The failing required items, one per line.
        summary: Said,
    },
    /// A package does not pass the validator.
    #[error("Gói xuất bản không hợp lệ ({path}):\n{problems}")]
    InvalidPackage {
        /// The package folder.
        path: PathBuf,
        /// What is wrong, one per line.
        problems: String,
    },
    /// The person's role does not allow this action (or not now).
    #[error("Vai trò {role} không được {action}: {reason}.")]
    Forbidden {
        /// The role.
        role: Said,
        /// The action.
        action: Said,
        /// Why.
        reason: Said,
    },
    /// The database was written by a newer version of the app.
    #[error(
        "Dữ liệu được tạo bởi phiên bản mới hơn của ứng dụng (lược đồ {found}, phiên bản này hiểu tới {supported}). Hãy cập nhật ứng dụng."
    )]
    NewerSchema {
        /// Schema version found in the file.
        found: i64,
        /// Highest schema version this build knows.
        supported: i64,
    },
    /// The data folder cannot be found or created.
    #[error("Không dùng được thư mục dữ liệu {path}: {source}")]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file could not be read or written.
    #[error("Lỗi đọc/ghi tệp {path}: {source}{}", io_hint(source).0)]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The newsroom server cannot be reached (no network, server down, wrong address).
    #[error("Không kết nối được máy chủ tòa soạn: {reason}")]
    Offline {
        /// Why, as far as the client can tell.
        reason: Said,
    },
    /// The newsroom server refused or failed (a rule of the server, a sign-in refused, its schema).
    #[error("Máy chủ tòa soạn báo lỗi: {reason}")]
    Server {
        /// What the server said.
        reason: Said,
    },
    /// The person still has the first password an admin gave them: they set their own before
    /// anything else.
    #[error(
        "“{user}” còn dùng mật khẩu đầu tiên do quản trị đặt: hãy đặt mật khẩu của riêng bạn trước (Cài đặt → Máy chủ tòa soạn, hoặc lệnh “newsroom server password”)."
    )]
    PasswordChange {
        /// Their login.
        user: String,
    },
    /// The OS's own password store (Secret Service, Credential Manager) refused or is missing.
    #[error("Kho mật khẩu của hệ điều hành không dùng được: {reason}")]
    Keyring {
        /// Why, with what to do.
        reason: Said,
    },
    /// The database failed.
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Database(#[from] rusqlite::Error),
    /// A schema migration failed.
    #[error("Lỗi nâng cấp cơ sở dữ liệu: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

/// A language of the app's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English.
    En,
}

/// A message in both of the app's languages. `Display` shows the Vietnamese. Boxed, so that an
/// error made of several stays small (results carry it on every return).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said(Box<[String; 2]>);

impl Said {
    /// A message from its two versions.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Said {
        Said(Box::new([vi.into(), en.into()]))
    }

    /// The Vietnamese version.
    pub fn vi(&self) -> &str {
        &self.0[0]
    }

    /// The English version.
    pub fn en(&self) -> &str {
        &self.0[1]
    }

    /// The two versions, Vietnamese first.
    pub fn into_parts(self) -> (String, String) {
        let [vi, en] = *self.0;
        (vi, en)
    }
}

impl std::fmt::Display for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.vi())
    }
}

/// A [`Said`] from a Vietnamese and an English format string (each with its own arguments, or
/// the variables they name): `said!("tệp rỗng", "the file is empty")`.
#[macro_export]
macro_rules! said {
    ($vi:literal, $en:literal $(,)?) => {
        $crate::error::Said::new(format!($vi), format!($en))
    };
}

/// The one vocabulary of error codes: what the app's `CommandError`, the CLI's `--json` errors and
/// the UI (which chooses what to show by it, never by the message) share. Serialised in snake_case
/// (`not_found`); exported to TypeScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErrorCode {
    /// No item of this kind with this id.
    NotFound,
    /// The article changed since the revision an edit was made from.
    Conflict,
    /// A value given cannot be accepted.
    InvalidInput,
    /// A photo cannot be added.
    BadPhoto,
    /// A Word file cannot be opened.
    BadDocument,
    /// A required checklist item fails.
    Blocked,
    /// The role does not allow it.
    Forbidden,
    /// A package does not pass the validator.
    InvalidPackage,
    /// The data was written by a newer version.
    NewerSchema,
    /// The data folder cannot be used.
    DataDir,
    /// A file could not be read or written.
    Io,
    /// The newsroom server cannot be reached.
    Offline,
    /// The newsroom server refused or failed.
    Server,
    /// The person must replace the first password an admin gave them.
    PasswordChange,
    /// The OS's password store refused or is missing.
    Keyring,
    /// The database failed.
    Database,
    /// A schema migration failed.
    Migration,
    /// The app failed inside (a command that panicked; the log has it).
    Internal,
    /// The system clipboard refused.
    Clipboard,
    /// The file manager could not be opened.
    Open,
}

impl ErrorCode {
    /// The code as serialised (`not_found`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::BadPhoto => "bad_photo",
            ErrorCode::BadDocument => "bad_document",
            ErrorCode::Blocked => "blocked",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::InvalidPackage => "invalid_package",
            ErrorCode::NewerSchema => "newer_schema",
            ErrorCode::DataDir => "data_dir",
            ErrorCode::Io => "io",
            ErrorCode::Offline => "offline",
            ErrorCode::Server => "server",
            ErrorCode::PasswordChange => "password_change",
            ErrorCode::Keyring => "keyring",
            ErrorCode::Database => "database",
            ErrorCode::Migration => "migration",
            ErrorCode::Internal => "internal",
            ErrorCode::Clipboard => "clipboard",
            ErrorCode::Open => "open",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// This error's code ([`ErrorCode`]).
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Conflict { .. } => ErrorCode::Conflict,
            Error::InvalidInput { .. } => ErrorCode::InvalidInput,
            Error::BadPhoto { .. } => ErrorCode::BadPhoto,
            Error::BadDocument { .. } => ErrorCode::BadDocument,
            Error::Blocked { .. } => ErrorCode::Blocked,
            Error::Forbidden { .. } => ErrorCode::Forbidden,
            Error::InvalidPackage { .. } => ErrorCode::InvalidPackage,
            Error::NewerSchema { .. } => ErrorCode::NewerSchema,
            Error::DataDir { .. } => ErrorCode::DataDir,
            Error::Io { .. } => ErrorCode::Io,
            Error::Offline { .. } => ErrorCode::Offline,
            Error::Server { .. } => ErrorCode::Server,
            Error::PasswordChange { .. } => ErrorCode::PasswordChange,
            Error::Keyring { .. } => ErrorCode::Keyring,
            Error::Database(_) => ErrorCode::Database,
            Error::Migration(_) => ErrorCode::Migration,
        }
    }

    /// The message in `lang` (`Display` is the Vietnamese one).
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::Vi {
            return self.to_string();
        }
        match self {
            Error::NotFound { what, id } => format!("No {} with id “{id}”.", what.en()),
            Error::Conflict { expected, found } => format!(
                "The article was saved elsewhere while you edited it (you edited revision {expected}, it is now at revision {found}). Reload it or merge the changes."
            ),
            Error::InvalidInput { field, reason } => {
                format!("Invalid value in field “{field}”: {}", reason.en())
            }
            Error::BadPhoto { name, reason } => {
                format!("Could not add the photo “{name}”: {}", reason.en())
            }
            Error::BadDocument { name, reason } => {
                format!("Could not open the Word file “{name}”: {}", reason.en())
            }
            Error::Blocked { title, summary } => {
                format!(
                    "“{title}” cannot be published yet; fix first:\n{}",
                    summary.en()
                )
            }
            Error::InvalidPackage { path, problems } => {
                format!("The package is not valid ({}):\n{problems}", path.display())
            }
            Error::Forbidden {
                role,
                action,
                reason,
            } => format!("A {} may not {}: {}.", role.en(), action.en(), reason.en()),
            Error::NewerSchema { found, supported } => format!(
                "The data was made by a newer version of the app (schema {found}; this version knows up to {supported}). Update the app."
            ),
            Error::DataDir { path, source } => {
                format!("Cannot use the data folder {}: {source}", path.display())
            }
            Error::Io { path, source } => {
                format!(
                    "Could not read or write {}: {source}{}",
                    path.display(),
                    io_hint(source).1
                )
            }
            Error::Offline { reason } => {
                format!("Cannot reach the newsroom server: {}", reason.en())
            }
            Error::Server { reason } => format!("The newsroom server says: {}", reason.en()),
            Error::PasswordChange { user } => format!(
                "“{user}” still has the first password an admin set: set your own first (Settings → Newsroom server, or “newsroom server password”)."
            ),
            Error::Keyring { reason } => {
                format!(
                    "The system's password store cannot be used: {}",
                    reason.en()
                )
            }
            Error::Database(e) => format!("Database error: {e}"),
            Error::Migration(e) => format!("Database upgrade failed: {e}"),
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// What a person can do about a file error, said after the system's own words (Vietnamese,
/// English): access refused — a read-only file or folder, or, on Windows, a file another program
/// holds open (Windows refuses to replace or move it: "access denied", a sharing or lock
/// violation). Empty for other errors.
fn io_hint(e: &std::io::Error) -> (&'static str, &'static str) {
    // ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION (Windows' own numbers).
    let held = cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33));
    if held || e.kind() == std::io::ErrorKind::PermissionDenied {
        (
            " — tệp chỉ đọc hoặc đang mở trong chương trình khác: đóng chương trình đó (hoặc bỏ thuộc tính chỉ đọc) rồi thử lại",
            " — the file is read-only or open in another program: close that program (or clear the read-only attribute) and try again",
        )
    } else {
        ("", "")
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_file_says_what_to_do_in_both_languages() {
        let refused = Error::io(
            "C:\\Tài liệu\\bai.zip",
            std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        );
        assert!(
            refused
                .message(Lang::Vi)
                .contains("đang mở trong chương trình khác"),
            "{}",
            refused.message(Lang::Vi)
        );
        assert!(
            refused
                .message(Lang::En)
                .contains("open in another program"),
            "{}",
            refused.message(Lang::En)
        );
        let missing = Error::io(
            "bai.zip",
            std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        assert!(!missing.message(Lang::Vi).contains("chương trình khác"));
        assert!(!missing.message(Lang::En).contains("another program"));
    }

    #[test]
    fn codes_serialise_as_their_names() {
        for code in [
            ErrorCode::NotFound,
            ErrorCode::InvalidInput,
            ErrorCode::Internal,
        ] {
            assert_eq!(
                serde_json::to_string(&code).expect("json"),
                format!("\"{}\"", code.as_str())
            );
        }
    }
}
