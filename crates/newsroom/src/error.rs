//! The core's error type. Messages are Vietnamese: they are shown as they are by the CLI and the app.

use std::path::PathBuf;

/// What went wrong, in terms a user can act on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No item of this kind with this id.
    #[error("Không tìm thấy {what} có mã “{id}”.")]
    NotFound {
        /// The kind of item ("bài viết").
        what: &'static str,
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
        /// Why, in Vietnamese.
        reason: String,
    },
    /// A photo cannot be added: not an image, an unsupported format, corrupt, or over the limits.
    #[error("Không thêm được ảnh “{name}”: {reason}")]
    BadPhoto {
        /// The file's name as the user knows it.
        name: String,
        /// Why, in Vietnamese, with what to do about it.
        reason: String,
    },
    /// The export checklist has a required item that fails: nothing was exported.
    #[error("Chưa xuất bản được “{title}”, cần sửa trước:\n{summary}")]
    Blocked {
        /// The article's title.
        title: String,
        /// The failing required items, one per line.
        summary: String,
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
        /// The role, in Vietnamese.
        role: String,
        /// The action, in Vietnamese.
        action: String,
        /// Why, in Vietnamese.
        reason: String,
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
    #[error("Lỗi đọc/ghi tệp {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The database failed.
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Database(#[from] rusqlite::Error),
    /// A schema migration failed.
    #[error("Lỗi nâng cấp cơ sở dữ liệu: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

impl Error {
    /// A stable, machine-readable code for this error, used by the app's `CommandError` and the CLI's JSON.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound { .. } => "not_found",
            Error::Conflict { .. } => "conflict",
            Error::InvalidInput { .. } => "invalid_input",
            Error::BadPhoto { .. } => "bad_photo",
            Error::Blocked { .. } => "blocked",
            Error::Forbidden { .. } => "forbidden",
            Error::InvalidPackage { .. } => "invalid_package",
            Error::NewerSchema { .. } => "newer_schema",
            Error::DataDir { .. } => "data_dir",
            Error::Io { .. } => "io",
            Error::Database(_) => "database",
            Error::Migration(_) => "migration",
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

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;
