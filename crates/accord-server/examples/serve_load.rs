//! A bounded open-loop load generator for `bench/serve-load.sh`: sends `POST PATH` with a JSON
//! body at a fixed rate for a fixed time over keep-alive connections, and prints the latency
//! percentiles.
//!
//! Open loop: request `i` is due at `start + i / rate`; its latency counts from when it was
//! due, not from when it was sent, so a server that falls behind shows it (no coordinated
//! omission).
//!
//! Usage: `serve_load ADDR PATH BODY RATE SECONDS [CONNECTIONS]`; prints
//! `rate=R sent=N errors=E p50_ms=… p90_ms=… p99_ms=… max_ms=…`.
//!
//! The peer: `serve_load --exec RUNS PROGRAM [ARGS...]` runs a command RUNS times one after
//! another (a process per request, as a script would call `accord evaluate --json`) and prints
//! `exec runs=N errors=E p50_ms=… p90_ms=… p99_ms=… max_ms=…` of its wall times.
//!
//! The floor: `serve_load --library RUNS FILE PLAN` times the server's own work for one
//! `evaluate` in this process (parse the text, evaluate the plan, print the JSON: the calls the
//! handler makes) and prints `library runs=N p50_ms=… …`; the server's latency minus this is
//! the cost of HTTP, the store read and the thread hand-offs.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--exec") {
        exec(&args[2..]);
        return;
    }
    if args.get(1).map(String::as_str) == Some("--library") {
        library(&args[2..]);
        return;
    }
    if args.len() < 6 {
        eprintln!("usage: serve_load ADDR PATH BODY RATE SECONDS [CONNECTIONS]");
        std::process::exit(2);
    }
    let addr: SocketAddr = args[1].parse().expect("ADDR:PORT");
    let (path, body) = (args[2].clone(), args[3].clone());
    let rate: f64 = args[4].parse().expect("a rate per second");
    let seconds: f64 = args[5].parse().expect("seconds");
    let connections: usize = args.get(6).map_or(32, |c| c.parse().expect("connections"));
    let total = (rate * seconds).round() as usize;
    let start = Instant::now() + Duration::from_millis(100);
    let threads: Vec<_> = (0..connections)
        .map(|c| {
            let (path, body) = (path.clone(), body.clone());
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = 0usize;
                let mut conn: Option<BufReader<TcpStream>> = None;
                for i in (c..total).step_by(connections) {
                    let due = start + Duration::from_secs_f64(i as f64 / rate);
                    if let Some(wait) = due.checked_duration_since(Instant::now()) {
                        std::thread::sleep(wait);
                    }
                    if conn.is_none() {
                        conn = TcpStream::connect(addr).ok().map(|s| {
                            let _ = s.set_nodelay(true);
                            BufReader::new(s)
                        });
                    }
                    let ok = conn
                        .as_mut()
                        .is_some_and(|r| one(r, addr, &path, &body).unwrap_or(false));
                    if ok {
                        latencies.push(due.elapsed());
                    } else {
                        errors += 1;
                        conn = None;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for t in threads {
        let (l, e) = t.join().expect("a load thread");
        all.extend(l);
        errors += e;
    }
    println!(
        "rate={rate} sent={total} errors={errors} {}",
        percentiles(&mut all)
    );
}

/// `p50_ms=… p90_ms=… p99_ms=… max_ms=…` of a set of durations (nearest rank).
fn percentiles(all: &mut [Duration]) -> String {
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p).ceil() as usize).saturating_sub(1))
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1e3)
    };
    format!(
        "p50_ms={:.2} p90_ms={:.2} p99_ms={:.2} max_ms={:.2}",
        pct(0.5),
        pct(0.9),
        pct(0.99),
        pct(1.0)
    )
}

/// The peer: `RUNS PROGRAM [ARGS...]`, a process per request, one after another.
fn exec(args: &[String]) {
    if args.len() < 2 {
        eprintln!("usage: serve_load --exec RUNS PROGRAM [ARGS...]");
        std::process::exit(2);
    }
    let runs: usize = args[0].parse().expect("RUNS: a whole number");
    let mut times = Vec::with_capacity(runs);
    let mut errors = 0usize;
    for _ in 0..runs {
        let started = Instant::now();
        let out = std::process::Command::new(&args[1])
            .args(&args[2..])
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output();
        let took = started.elapsed();
        match out {
            Ok(o) if o.status.success() && !o.stdout.is_empty() => times.push(took),
            _ => errors += 1,
        }
    }
    println!(
        "exec runs={runs} errors={errors} {}",
        percentiles(&mut times)
    );
}

/// One request on a keep-alive connection: whether it got a 200 with its whole body.
fn one(
    r: &mut BufReader<TcpStream>,
    addr: SocketAddr,
    path: &str,
    body: &str,
) -> std::io::Result<bool> {
    write!(
        r.get_mut(),
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    let mut line = String::new();
    r.read_line(&mut line)?;
    let ok = line.split(' ').nth(1) == Some("200");
    let mut length = 0usize;
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(false);
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut buf = vec![0; length];
    r.read_exact(&mut buf)?;
    Ok(ok)
}

/// The floor: `RUNS FILE PLAN`, the handler's library calls for one `evaluate`, in process.
fn library(args: &[String]) {
    if args.len() != 3 {
        eprintln!("usage: serve_load --library RUNS FILE PLAN");
        std::process::exit(2);
    }
    let runs: usize = args[0].parse().expect("RUNS: a whole number");
    let text = std::fs::read_to_string(&args[1]).expect("a readable scenario file");
    let plans = vec![args[2].clone()];
    let mut times = Vec::with_capacity(runs);
    let mut bytes = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let mut loaded = accord_formats::Loaded::from_text("bench", text.clone());
        let scenario = loaded.scenario(&[]).expect("a valid scenario");
        let n = scenario.into_negotiation(None);
        let (scenario, left_out) = (n.scenario, n.not_negotiating);
        let evaluations = accord_model::evaluate_plans(&scenario, &plans).expect("the plan exists");
        let json = accord_model::json::EvaluateJson::new(&scenario, &evaluations, true)
            .not_negotiating(&scenario, &left_out);
        bytes += accord_server::error::pretty(&json).expect("JSON").len();
        times.push(started.elapsed());
    }
    assert!(bytes > 0);
    println!("library runs={runs} {}", percentiles(&mut times));
}
