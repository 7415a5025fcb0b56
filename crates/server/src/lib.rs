//! The newsroom server: one PostgreSQL database is the authority for who works in the newsroom,
//! in which role, and (later stages) for review steps and approvals. Nothing of ours runs beside
//! PostgreSQL: people are its login roles (SCRAM passwords), roles are its group roles
//! (`newsroom_reporter`, `newsroom_editor`, `newsroom_staff`, `newsroom_admin`), and every change
//! goes through functions in the `newsroom` schema that check, in the server's own transaction,
//! who calls them (`session_user`, which a client cannot choose). Tables grant nobody a write.
//!
//! This crate is the client side: it sits above the core (`newsroom`), which knows nothing of it.
//! Bottom-up: `conn` (connecting, errors) < `schema` (the server's migrations, `init`) < `people`
//! < `keys` (the signing keys an admin registers) < `kept` (a password kept in the OS's own store)
//! < `sync` (joining a data folder, push and pull; the SQLite side is the core's `sync`).

mod conn;
pub mod kept;
pub mod keys;
pub mod people;
pub mod schema;
pub mod sync;
#[cfg(feature = "testing")]
pub mod testing;

pub use conn::{Address, Server, connect, scram_verifier, url_of, without_password};
pub use people::Person;
/// A connection to the server, as [`connect`] gives it.
pub use postgres::Client;
pub use schema::{SCHEMA_VERSION, init};
