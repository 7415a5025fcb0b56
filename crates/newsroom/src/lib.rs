//! Core of Tòa soạn, the offline newsroom.
//!
//! Everything the app and the `newsroom` command do is a function here first: the store of drafts
//! (`articles`, on the SQLite file opened by `store`), Markdown rendering (`markdown`), the export
//! package (`export`) in the look of a portal profile (`profile`), and Vietnamese text handling (`text`).
//! This crate knows nothing of windows or IPC.
#![deny(missing_docs)]

pub mod articles;
pub mod backup;
pub mod bundle;
pub mod checklist;
pub mod comments;
pub mod db;
pub mod docx;
pub mod export;
pub mod figures;
pub mod language;
pub mod media;
pub mod opening;
pub mod profile;
pub mod revisions;
pub mod rules;
pub mod search;
pub mod signing;
pub mod spell;
pub mod status;
pub mod store;
pub mod sync;
pub mod workflow;

pub use newsroom_base::error;
pub use newsroom_base::{Error, ErrorCode, Lang, Result, Said, said};
pub use newsroom_text as text;
pub use newsroom_text::markdown;
