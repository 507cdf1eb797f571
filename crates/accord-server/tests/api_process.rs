//! `accord serve` as a process: its help, the errors that stop it from starting (each clear,
//! each with a non-zero exit, none leaving a database behind when it need not), the token
//! file, and SIGINT finishing the requests in flight.

use std::ffi::OsStr;
use std::process::{Command, Output};
use std::time::Duration;

use crate::common::accord_bin;
use crate::kill::{request, request_with, start_with};

fn serve(args: &[&OsStr]) -> Output {
    Command::new(accord_bin())
        .arg("serve")
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_help_names_every_flag_and_its_default() {
    let out = Command::new(accord_bin())
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--db <FILE>",
        "[default: accord.db]",
        "--listen <ADDR:PORT>",
        "[default: 127.0.0.1:7878]",
        "not loopback needs --token-file",
        "--token-file <FILE>",
        "Authorization: Bearer",
        "--open",
        "--compute-limit <S>",
        "[default: 30]",
        "/api/v1/openapi.json",
        "Prints the address to open on stderr",
    ] {
        assert!(help.contains(needle), "`{needle}` missing from:\n{help}");
    }
}

#[test]
fn a_port_in_use_is_refused_with_exit_1_and_creates_no_database() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let out = serve(&[
        "--listen".as_ref(),
        addr.as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(e.contains(&format!("cannot listen on {addr}")), "{e}");
    assert!(e.to_lowercase().contains("in use"), "{e}");
    assert_eq!(e.lines().count(), 1, "one line, no backtrace: {e}");
    assert!(!db.exists(), "nothing is created");
}

#[test]
fn a_database_that_cannot_be_opened_is_refused_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-folder").join("x.db");
    let not_a_db = dir.path().join("notes.db");
    std::fs::write(&not_a_db, "these are notes, not a database\n".repeat(200)).unwrap();
    for (db, why) in [
        (missing.as_path(), "unable to open"),
        (dir.path(), "unable to open"),
        (not_a_db.as_path(), "not a database"),
    ] {
        let out = serve(&[
            "--listen".as_ref(),
            "127.0.0.1:0".as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
        ]);
        let e = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{}: {e}", db.display());
        assert!(
            e.contains(&format!("cannot open the database {}", db.display())),
            "{e}"
        );
        assert!(e.contains(why), "{e}");
    }
    assert_eq!(
        std::fs::read_to_string(&not_a_db).unwrap(),
        "these are notes, not a database\n".repeat(200),
        "a file that is not a database is left as it was"
    );
}

#[test]
fn usage_errors_exit_2_and_file_errors_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let empty = dir.path().join("empty-token");
    std::fs::write(&empty, "\n").unwrap();
    let missing = dir.path().join("no-token");
    let cases: [(Vec<&OsStr>, i32, String); 6] = [
        (
            vec!["--listen".as_ref(), "0.0.0.0:0".as_ref()],
            2,
            "not a loopback address".into(),
        ),
        (
            vec!["--listen".as_ref(), "localhost".as_ref()],
            2,
            "invalid value 'localhost' for '--listen <ADDR:PORT>'".into(),
        ),
        (
            vec!["--compute-limit".as_ref(), "0".as_ref()],
            2,
            "compute limit must be a positive number of seconds".into(),
        ),
        (
            vec!["--compute-limit".as_ref(), "soon".as_ref()],
            2,
            "invalid value 'soon'".into(),
        ),
        (
            vec!["--token-file".as_ref(), missing.as_os_str()],
            1,
            format!("cannot read the token file {}", missing.display()),
        ),
        (
            vec!["--token-file".as_ref(), empty.as_os_str()],
            1,
            format!("the token file {} is empty", empty.display()),
        ),
    ];
    for (args, code, needle) in cases {
        let mut all = args.clone();
        all.extend(["--db".as_ref(), db.as_os_str()]);
        let out = serve(&all);
        let e = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {e}");
        assert!(e.contains(&needle), "{args:?}: `{needle}` not in {e}");
        assert!(!db.exists(), "{args:?}: nothing is created");
    }
}

#[test]
fn with_a_token_file_every_request_needs_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, "  s3cret-token\n").unwrap();
    let db = dir.path().join("t.db");
    let (mut child, addr) = start_with(&db, &["--token-file".as_ref(), token.as_os_str()]);
    let (status, body) = request(addr, "GET", "/api/v1/scenarios", "").unwrap();
    assert_eq!(status, 401, "{body}");
    let (status, _) = request_with(
        addr,
        "GET",
        "/api/v1/scenarios",
        "",
        "Authorization: Bearer wrong\r\n",
    )
    .unwrap();
    assert_eq!(status, 401);
    let (status, body) = request_with(
        addr,
        "GET",
        "/api/v1/scenarios",
        "",
        "Authorization: Bearer s3cret-token\r\n",
    )
    .unwrap();
    assert_eq!(status, 200, "the file's token, trimmed: {body}");
    child.kill().unwrap();
    child.wait().unwrap();
}

#[cfg(unix)]
#[test]
fn sigint_finishes_the_request_in_flight_then_stops_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("int.db");
    let (mut child, addr) = start_with(&db, &[]);
    // A computation that takes a while (a million Monte Carlo draws without early stop: about
    // a second and a half of CPU in a debug build, well past the 200 ms before the signal),
    // asked before the signal and answered after it.
    let slow = std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let answer = request(
            addr,
            "POST",
            "/api/v1/scenarios/ukraine-2025/robustness",
            r#"{"samples": 1000000, "precision": 0, "plans": ["us_28"]}"#,
        );
        (answer, started.elapsed())
    });
    std::thread::sleep(Duration::from_millis(200));
    let int = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(int.success());
    let (answer, took) = slow.join().unwrap();
    let (status, body) = answer.unwrap();
    assert!(
        took > Duration::from_millis(200),
        "the request was still in flight at the signal ({took:?})"
    );
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"samples\""), "{body}");
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    assert!(!dir.path().join("int.db-wal").exists(), "closed cleanly");
    // A new connection after the stop is refused.
    assert!(request(addr, "GET", "/api/v1/scenarios", "").is_err());
}
