//! The real server process (`accord serve` on a temporary database): killed with SIGKILL in
//! the middle of a stream of writes, after a restart every acknowledged version is there, with
//! its text, and the database passes `PRAGMA integrity_check`; stopped by SIGTERM, it exits
//! cleanly; off loopback without a token, it refuses to start (exit 2).

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common::accord_bin;

/// Starts `accord serve` on a free port; returns the child and its address once it listens.
pub fn start(db: &std::path::Path) -> (Child, SocketAddr) {
    start_with(db, &[])
}

/// Starts `accord serve` on a free port with extra flags; returns the child and its address
/// once it listens.
pub fn start_with(db: &std::path::Path, extra: &[&std::ffi::OsStr]) -> (Child, SocketAddr) {
    let mut child = Command::new(accord_bin())
        .args(["serve", "--db"])
        .arg(db)
        .args(["--listen", "127.0.0.1:0"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut reader = BufReader::new(stderr);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    // Keep reading, so that the server's later messages find the pipe open.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    // "accord serve: listening on http://127.0.0.1:PORT/ (database …)"
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .parse()
        .unwrap();
    (child, addr)
}

/// One HTTP/1.1 request on its own connection: the status and the body.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: &str,
) -> std::io::Result<(u16, String)> {
    request_with(addr, method, path, body, "")
}

/// One HTTP/1.1 request with extra header lines (each ending in `\r\n`).
pub fn request_with(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: &str,
    headers: &str,
) -> std::io::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         {headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut raw = String::new();
    s.read_to_string(&mut raw)?;
    let status = raw
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no status in {raw:?}")))?;
    let body = raw.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_owned();
    Ok((status, body))
}

const FUNDS: [u32; 5] = [0, 25, 50, 75, 100];

#[test]
fn a_killed_server_loses_no_acknowledged_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kill.db");
    let (mut child, addr) = start(&db);

    // The writer: plan patches one after another, each based on the last acknowledged version.
    let acked: Arc<Mutex<Vec<(i64, u32)>>> = Arc::default();
    let writer = {
        let acked = Arc::clone(&acked);
        std::thread::spawn(move || {
            let mut base = 1;
            for k in 0.. {
                let fund = FUNDS[k % FUNDS.len()];
                let body = format!(
                    r#"{{"base_version": {base}, "terms": {{"fund": {fund}}}, "message": "write {k}"}}"#
                );
                match request(
                    addr,
                    "PUT",
                    "/api/v1/scenarios/toy-border/plans/draft_a",
                    &body,
                ) {
                    Ok((200, answer)) => {
                        let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
                        base = v["version"].as_i64().unwrap();
                        acked.lock().unwrap().push((base, fund));
                    }
                    Ok((status, answer)) => panic!("write {k}: {status} {answer}"),
                    // The server was killed.
                    Err(_) => return,
                }
            }
        })
    };
    // Kill it once some writes were acknowledged, while others are on the way.
    while acked.lock().unwrap().len() < 25 {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    writer.join().unwrap();
    let acked = acked.lock().unwrap().clone();
    assert!(acked.len() >= 25);

    let (mut child, addr) = start(&db);
    let (status, versions) =
        request(addr, "GET", "/api/v1/scenarios/toy-border/versions", "").unwrap();
    assert_eq!(status, 200);
    let versions: serde_json::Value = serde_json::from_str(&versions).unwrap();
    let stored = versions.as_array().unwrap().len() as i64;
    let (last, _) = *acked.last().unwrap();
    assert!(
        stored >= last,
        "{stored} versions stored, {last} acknowledged"
    );
    for (version, fund) in &acked {
        let (status, v) = request(
            addr,
            "GET",
            &format!("/api/v1/scenarios/toy-border/versions/{version}"),
            "",
        )
        .unwrap();
        assert_eq!(status, 200, "version {version}");
        let v: serde_json::Value = serde_json::from_str(&v).unwrap();
        let text: toml::Table = v["text"].as_str().unwrap().parse().unwrap();
        assert_eq!(
            text["plans"]["draft_a"]["terms"]["fund"].as_integer(),
            Some(i64::from(*fund)),
            "version {version}"
        );
    }
    child.kill().unwrap();
    child.wait().unwrap();

    let (store, fresh) = accord_server::Store::open(&db).unwrap();
    assert!(!fresh);
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn a_non_loopback_address_without_a_token_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(accord_bin())
        .args(["serve", "--listen", "0.0.0.0:0", "--db"])
        .arg(dir.path().join("x.db"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a loopback address"), "{stderr}");
    assert!(!dir.path().join("x.db").exists(), "nothing is created");
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("term.db");
    let (mut child, addr) = start(&db);
    let (status, _) = request(addr, "GET", "/api/v1/scenarios", "").unwrap();
    assert_eq!(status, 200);
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    let exit = child.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
    // Closed cleanly: the last connection checkpointed the WAL away.
    assert!(!dir.path().join("term.db-wal").exists());
    let (store, _) = accord_server::Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
}
