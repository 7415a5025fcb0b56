//! The one error type that crosses IPC.

use newsroom::ErrorCode;
use serde::Serialize;

/// What a command returns on failure: a stable `code` the UI branches on, and the message it shows,
/// in Vietnamese (`message`) and in English (`message_en`), so the UI shows the one of its language.
/// Serialised as `{"code": "...", "message": "...", "message_en": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CommandError {
    /// Stable machine-readable code (`not_found`, `invalid_input`, …): the core's one vocabulary.
    pub code: ErrorCode,
    /// Human-readable message, in Vietnamese.
    pub message: String,
    /// The same in English.
    pub message_en: String,
}

impl From<newsroom::Error> for CommandError {
    fn from(e: newsroom::Error) -> Self {
        if matches!(
            e,
            newsroom::Error::Database(_)
                | newsroom::Error::Io { .. }
                | newsroom::Error::Migration(_)
        ) {
            log::error!("{e}");
        }
        CommandError {
            code: e.code(),
            message: e.message(newsroom::Lang::Vi),
            message_en: e.message(newsroom::Lang::En),
        }
    }
}

impl From<tauri::Error> for CommandError {
    fn from(e: tauri::Error) -> Self {
        log::error!("{e}");
        CommandError::new(
            ErrorCode::Internal,
            newsroom::said!(
                "Lỗi nội bộ của ứng dụng: {e}",
                "Internal error of the app: {e}"
            ),
        )
    }
}

impl CommandError {
    /// What a command that panicked returns (the panic itself is in the log).
    pub fn internal(command: &str) -> Self {
        CommandError::new(
            ErrorCode::Internal,
            newsroom::said!(
                "Lỗi nội bộ của ứng dụng khi thực hiện “{command}”; chi tiết đã ghi vào nhật ký (newsroom.log trong thư mục dữ liệu). Những gì đã lưu không bị mất; hãy thử lại.",
                "Internal error of the app while doing “{command}”; the details are in the log (newsroom.log in the data folder). Nothing saved was lost; try again."
            ),
        )
    }

    /// An error of the shell itself, with its message in both languages.
    pub fn new(code: ErrorCode, message: newsroom::Said) -> Self {
        let (message, message_en) = message.into_parts();
        CommandError {
            code,
            message,
            message_en,
        }
    }
}

/// Result of a command.
pub type CmdResult<T> = Result<T, CommandError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape_is_pinned() {
        let e = CommandError::from(newsroom::Error::NotFound {
            what: newsroom::said!("bài viết", "article"),
            id: "01ARZ3NDEKTSV4RRFFQ69G5FAV".into(),
        });
        let json = serde_json::to_string(&e).expect("serialise");
        assert_eq!(
            json,
            r#"{"code":"not_found","message":"Không tìm thấy bài viết có mã “01ARZ3NDEKTSV4RRFFQ69G5FAV”.","message_en":"No article with id “01ARZ3NDEKTSV4RRFFQ69G5FAV”."}"#
        );
    }

    #[test]
    fn invalid_input_keeps_its_code() {
        let e = CommandError::from(newsroom::Error::InvalidInput {
            field: "title",
            reason: newsroom::said!("tiêu đề không được để trống", "the title cannot be empty"),
        });
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e.message.contains("tiêu đề không được để trống"));
    }

    #[test]
    fn config_identifier_is_the_core_one() {
        // The app's data folder and the CLI's default must be the same folder.
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).expect("tauri.conf.json");
        assert_eq!(conf["identifier"], newsroom::store::APP_IDENTIFIER);
    }
}
