//! Tauri commands, one module per capability. Each takes state, calls one core function and
//! converts the error.

pub mod app;
pub mod articles;
pub mod backup;
pub mod export;
pub mod photos;
pub mod revisions;
pub mod window;
pub mod workflow;
