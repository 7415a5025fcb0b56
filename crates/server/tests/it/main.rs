//! The newsroom server against a real PostgreSQL: a private throwaway cluster per test
//! (`newsroom_server::testing::Cluster`).
#![allow(clippy::unwrap_used)]

mod admin;
mod hostile;
mod many;
mod people;
mod releases;
mod sync;
