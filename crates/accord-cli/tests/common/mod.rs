//! Running the `accord` binary from process tests: one place for the helpers every test file
//! needs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (tests run commands from there, so paths like `examples/...` work).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `accord` from the repository root, without colour, with extra environment variables.
/// `ACCORD_TEST_BIN` names another binary to run (a copy of this build's, when several
/// worktrees share one target directory).
pub fn accord_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let bin =
        std::env::var_os("ACCORD_TEST_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_accord").into());
    let mut c = Command::new(bin);
    c.args(args).current_dir(root()).env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run accord")
}

/// Runs `accord` from the repository root, without colour.
pub fn accord(args: &[&str]) -> Output {
    accord_env(args, &[])
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

/// Standard output as JSON.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(o)))
}
