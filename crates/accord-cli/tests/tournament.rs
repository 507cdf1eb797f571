//! `accord tournament`: same results at 1 and 2 threads, sharded + merged equals unsharded,
//! a killed run resumes, errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn accord(args: &[&str], threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", threads)
        .output()
        .expect("run accord")
}

fn config(dir: &Path) -> PathBuf {
    let toy = root().join("examples/toy-border.toml");
    let text = format!(
        r#"scenarios = ["{}"]
lineups = [["boulware", "conceder"], ["random:accept=0.3", "frequency"], ["tit-for-tat", "aspiration", "linear"]]
rounds = 30
repetitions = 40
seed = 7
[parties]
"{}" = ["west", "east", "mediator"]
"#,
        toy.display(),
        toy.display()
    );
    let path = dir.join("t.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn run(dir: &Path, out: &str, extra: &[&str], threads: &str) -> (Vec<u8>, Output) {
    let cfg = config(dir);
    let out = dir.join(out);
    let mut args = vec![
        "tournament",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = accord(&args, threads);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (std::fs::read(out).unwrap(), o)
}

#[test]
fn same_results_at_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let (a, oa) = run(dir.path(), "a.jsonl", &[], "1");
    let (b, ob) = run(dir.path(), "b.jsonl", &[], "2");
    // 3 line-ups × 3 rotations × 40 repetitions.
    assert_eq!(String::from_utf8_lossy(&a).lines().count(), 360);
    assert_eq!(a, b);
    assert_eq!(oa.stdout, ob.stdout);
    let out = String::from_utf8_lossy(&oa.stdout);
    assert!(
        out.contains("360 negotiations") && out.contains("boulware"),
        "{out}"
    );
}

#[test]
fn sharded_and_merged_equals_unsharded() {
    let dir = tempfile::tempdir().unwrap();
    let (whole, _) = run(dir.path(), "whole.jsonl", &[], "2");
    let mut parts = Vec::new();
    for i in 0..3 {
        let name = format!("s{i}.jsonl");
        run(dir.path(), &name, &["--shard", &format!("{i}/3")], "1");
        parts.push(dir.path().join(name));
    }
    let merged = dir.path().join("merged.jsonl");
    let mut args = vec!["tournament", "merge", "-o", merged.to_str().unwrap()];
    for p in &parts {
        args.push(p.to_str().unwrap());
    }
    let o = accord(&args, "2");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(std::fs::read(&merged).unwrap(), whole);
}

#[test]
fn a_killed_run_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let (whole, _) = run(dir.path(), "whole.jsonl", &[], "2");
    // As if killed: 100 complete lines and a torn one.
    let text = String::from_utf8(whole.clone()).unwrap();
    let mut partial: String = text.lines().take(100).map(|l| format!("{l}\n")).collect();
    partial.push_str(&text.lines().nth(100).unwrap()[..20]);
    std::fs::write(dir.path().join("resumed.jsonl"), partial).unwrap();
    let (resumed, o) = run(dir.path(), "resumed.jsonl", &[], "2");
    assert_eq!(resumed, whole);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("100 resumed"), "{err}");
}

#[test]
fn results_of_another_configuration_are_not_resumed_or_merged() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), "a.jsonl", &[], "2");
    let cfg = config(dir.path());
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("seed = 7", "seed = 8");
    std::fs::write(&cfg, text).unwrap();
    let out = dir.path().join("a.jsonl");
    let o = accord(
        &[
            "tournament",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        "2",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("another tournament configuration"));
}

#[test]
fn bad_configs_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "scenarios = []\nlineups = [[\"boulware\"]]\n").unwrap();
    let o = accord(&["tournament", path.to_str().unwrap()], "1");
    assert_eq!(o.status.code(), Some(1));
    std::fs::write(
        &path,
        format!(
            "scenarios = [\"{}\"]\nlineups = [[\"bulware\"]]\n",
            root().join("examples/toy-border.toml").display()
        ),
    )
    .unwrap();
    let o = accord(&["tournament", path.to_str().unwrap()], "1");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("did you mean `boulware`?"));
    let o = accord(
        &["tournament", path.to_str().unwrap(), "--shard", "3/3"],
        "1",
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn single_text_tournament_and_json_summary() {
    let dir = tempfile::tempdir().unwrap();
    let toy = root().join("examples/toy-border.toml");
    let cfg = dir.path().join("st.toml");
    std::fs::write(
        &cfg,
        format!(
            "scenarios = [\"{}\"]\nlineups = [[\"linear\", \"conceder\"]]\nprotocol = \"single-text\"\nrounds = 20\nrepetitions = 3\n",
            toy.display()
        ),
    )
    .unwrap();
    let out = dir.path().join("st.jsonl");
    let o = accord(
        &[
            "tournament",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--json",
        ],
        "2",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // 1 line-up × 2 rotations × 3 repetitions; each negotiation counts once per party.
    assert_eq!(v["negotiations"], 6);
    let rows = v["strategies"].as_array().unwrap();
    let total: u64 = rows
        .iter()
        .map(|r| r["negotiations"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 12);
    std::fs::write(
        &cfg,
        "scenarios = [\"x\"]\nlineups = [[\"linear\"]]\nprotocol = \"auction\"\n",
    )
    .unwrap();
    let o = accord(&["tournament", cfg.to_str().unwrap()], "1");
    assert_eq!(o.status.code(), Some(1));
}
