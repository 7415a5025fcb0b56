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
pub mod error;
pub mod export;
pub mod figures;
pub mod language;
pub mod markdown;
pub mod media;
pub mod profile;
pub mod revisions;
pub mod search;
pub mod spell;
pub mod status;
pub mod store;
pub mod text;
pub mod workflow;

pub use error::{Error, ErrorCode, Result};
