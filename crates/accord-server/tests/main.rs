//! The server's integration tests: HTTP in-process (`api`), byte equality with the CLI
//! (`equality`), and a real server process killed mid-stream (`kill`).

mod api;
mod common;
mod equality;
mod kill;
