//! The states an article can be in.

use serde::{Deserialize, Serialize};

/// Where an article stands. Stored as its lowercase name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Status {
    /// Being written (Nháp).
    Draft,
    /// Sent for review (Chờ duyệt).
    Submitted,
    /// Opened by an editor, locked to them (Đang biên tập).
    InReview,
    /// Sent back to the reporter (Yêu cầu sửa).
    ChangesRequested,
    /// Approved: its content hash is recorded (Đã duyệt).
    Approved,
    /// Exported as a package (Đã xuất).
    Exported,
    /// In the trash (Gỡ); returns to the state it came from.
    Spiked,
}

/// Every state, in workflow order.
pub const ALL: [Status; 7] = [
    Status::Draft,
    Status::Submitted,
    Status::InReview,
    Status::ChangesRequested,
    Status::Approved,
    Status::Exported,
    Status::Spiked,
];

impl Status {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::InReview => "in_review",
            Status::ChangesRequested => "changes_requested",
            Status::Approved => "approved",
            Status::Exported => "exported",
            Status::Spiked => "spiked",
        }
    }

    /// The Vietnamese label shown to users.
    pub fn label_vi(self) -> &'static str {
        match self {
            Status::Draft => "Nháp",
            Status::Submitted => "Chờ duyệt",
            Status::InReview => "Đang biên tập",
            Status::ChangesRequested => "Yêu cầu sửa",
            Status::Approved => "Đã duyệt",
            Status::Exported => "Đã xuất",
            Status::Spiked => "Gỡ",
        }
    }

    /// English label, as the English UI shows it.
    pub fn label_en(self) -> &'static str {
        match self {
            Status::Draft => "Draft",
            Status::Submitted => "Submitted",
            Status::InReview => "In review",
            Status::ChangesRequested => "Changes requested",
            Status::Approved => "Approved",
            Status::Exported => "Exported",
            Status::Spiked => "Spiked",
        }
    }

    /// Parses a stored or typed name.
    pub fn parse(s: &str) -> Option<Status> {
        ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl rusqlite::types::FromSql for Status {
    fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let s = v.as_str()?;
        Status::parse(s).ok_or_else(|| {
            rusqlite::types::FromSqlError::Other(format!("unknown status {s}").into())
        })
    }
}

impl rusqlite::types::ToSql for Status {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}
