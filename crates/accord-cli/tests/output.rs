//! Output: into a closed pipe `accord … | head -c 1` ends quietly with exit status 0 for every
//! command that prints, and a file that cannot be written exits 1 naming it.

use crate::common;

use std::io::Read;
use std::process::{Command, Stdio};

use common::root;

/// Runs `accord args` with its stdout a pipe whose reading end is closed at once (or after one
/// byte when `one_byte`), and returns the exit code and stderr.
fn into_closed_pipe(args: &[&str], one_byte: bool) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run accord");
    let mut reader = child.stdout.take().expect("piped stdout");
    if one_byte {
        let mut byte = [0u8; 1];
        let _ = reader.read(&mut byte);
    }
    drop(reader);
    let mut err = String::new();
    child
        .stderr
        .take()
        .expect("piped stderr")
        .read_to_string(&mut err)
        .expect("read stderr");
    let status = child.wait().expect("wait for accord");
    (status.code(), err)
}

fn tournament_config(dir: &std::path::Path) -> String {
    let path = dir.join("t.toml");
    let scenario = root().join("examples/toy-border.toml");
    std::fs::write(
        &path,
        format!(
            "scenarios = [{:?}]\nlineups = [[\"boulware\", \"conceder\"]]\nrepetitions = 20\n",
            scenario.display().to_string()
        ),
    )
    .unwrap();
    path.display().to_string()
}

#[test]
fn every_command_into_a_closed_pipe_exits_0_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let config = tournament_config(dir.path());
    let results = dir.path().join("r.jsonl").display().to_string();
    let toy = "examples/toy-border.toml";
    let flagship = "examples/ukraine-2025.toml";
    let genius = root().join("../shared/domains/genius/Laptop");
    let genius = genius.display().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["check", toy],
        vec!["check", toy, "--json"],
        vec!["evaluate", flagship],
        vec!["evaluate", flagship, "--json"],
        vec!["show", flagship],
        vec!["analyze", flagship],
        vec!["analyze", flagship, "--json"],
        vec!["improve", toy, "--plan", "draft_a"],
        vec!["improve", toy, "--plan", "draft_a", "--json"],
        vec!["amend", flagship, "--plan", "us_28"],
        vec!["amend", flagship, "--plan", "us_28", "--json"],
        vec!["robustness", toy, "--quiet"],
        vec!["robustness", toy, "--quiet", "--json"],
        vec!["simulate", toy],
        vec!["simulate", toy, "--json", "--repeat", "50"],
        vec!["tournament", &config, "--quiet", "--out", &results],
        vec!["report", toy],
        vec!["import", "genius", &genius],
        vec!["--help"],
    ];
    for args in &commands {
        for one_byte in [false, true] {
            let (code, err) = into_closed_pipe(args, one_byte);
            assert!(
                !err.contains("panicked"),
                "accord {} panicked into a closed pipe: {err}",
                args.join(" ")
            );
            assert_eq!(
                code,
                Some(0),
                "accord {} into a closed pipe: {err}",
                args.join(" ")
            );
        }
    }
}

#[test]
fn help_documents_the_exit_codes() {
    let o = common::accord(&["--help"]);
    // Normalized whitespace: clap wraps help at the terminal's width (or 100 columns).
    let help = common::stdout(&o)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for words in [
        "0 success",
        "1 invalid input, or a file that cannot be read or written",
        "2 usage error",
    ] {
        assert!(
            help.contains(words),
            "`{words}` missing from --help:\n{help}"
        );
    }
}

/// Every command that writes a file, pointed at a path under a regular file (which no user,
/// not even root, can create): exit 1, the path and the system's reason on stderr, no panic.
#[test]
fn every_write_that_fails_exits_1_naming_the_path_and_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    std::fs::write(&plain, b"not a folder").unwrap();
    let target = |name: &str| plain.join(name).display().to_string();
    let config = tournament_config(dir.path());
    let results = dir.path().join("r.jsonl").display().to_string();
    let toy = "examples/toy-border.toml";
    let genius = root().join("../shared/domains/genius/Laptop");
    let genius = genius.display().to_string();
    // A results file to merge from.
    let made = common::accord(&["tournament", &config, "--quiet", "--out", &results]);
    assert_eq!(made.status.code(), Some(0), "{}", common::stderr(&made));
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            vec!["report".into(), toy.into(), "-o".into(), target("r.html")],
            target("r.html"),
        ),
        (
            vec![
                "analyze".into(),
                toy.into(),
                "--plot".into(),
                target("f.svg"),
            ],
            target("f.svg"),
        ),
        (
            vec![
                "simulate".into(),
                toy.into(),
                "--trace".into(),
                target("t.jsonl"),
            ],
            target("t.jsonl"),
        ),
        (
            vec![
                "tournament".into(),
                config.clone(),
                "--quiet".into(),
                "--out".into(),
                target("o.jsonl"),
            ],
            target("o.jsonl"),
        ),
        (
            vec![
                "tournament".into(),
                "merge".into(),
                "-o".into(),
                target("m.jsonl"),
                results.clone(),
            ],
            target("m.jsonl"),
        ),
        (
            vec![
                "import".into(),
                "genius".into(),
                genius.clone(),
                "-o".into(),
                target("i.toml"),
            ],
            target("i.toml"),
        ),
        (
            vec![
                "export".into(),
                "genius".into(),
                genius.clone(),
                "-o".into(),
                target("dir"),
            ],
            target("dir"),
        ),
    ];
    for (args, path) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = common::accord(&args);
        let err = common::stderr(&o);
        assert_eq!(o.status.code(), Some(1), "accord {}: {err}", args.join(" "));
        assert!(
            err.contains(path.as_str()),
            "accord {} does not name {path}: {err}",
            args.join(" ")
        );
        assert!(
            err.contains("Not a directory"),
            "accord {} gives no reason: {err}",
            args.join(" ")
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}
