//! End-to-end tests: the built `newsroom` CLI, and the real app window driven through WebDriver.

mod a11y;
mod app;
mod cli;
mod concurrency;
mod crash;
mod editor;
mod hostile;
mod ime;
mod journeys;
mod package;
mod server;
mod soak;
mod team;
mod windows;
