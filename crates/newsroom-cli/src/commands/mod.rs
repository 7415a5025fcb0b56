//! The commands, one module per group of `cli::Command` (the CLI split by command group): each
//! takes the context `run` made and one command of its group, calls the core, prints.

pub(crate) mod articles;
pub(crate) mod data;
pub(crate) mod language;
pub(crate) mod people;
pub(crate) mod photos;
pub(crate) mod profiles;
pub(crate) mod publish;
pub(crate) mod review;
pub(crate) mod server;
