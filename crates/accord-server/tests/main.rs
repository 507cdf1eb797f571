//! The server's integration tests: HTTP in-process (`api`, `api_contract`), byte equality with
//! the CLI (`equality`), and the real server process (`kill`: killed mid-stream; `api_process`:
//! startup errors, the token file, signals).

mod api;
mod api_contract;
mod api_process;
mod common;
mod equality;
mod kill;
