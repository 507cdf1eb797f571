//! `accord tournament`: same results at 1 and 2 threads, sharded + merged equals unsharded,
//! a killed run resumes, errors.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::root;

/// Runs `accord` with `threads` rayon threads.
fn accord(args: &[&str], threads: &str) -> Output {
    common::accord_env(args, &[("RAYON_NUM_THREADS", threads)])
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
    // A missing shard leaves a gap in the job numbers; a shard given twice is a mistake.
    let missing = accord(
        &[
            "tournament",
            "merge",
            "-o",
            merged.to_str().unwrap(),
            parts[0].to_str().unwrap(),
            parts[2].to_str().unwrap(),
        ],
        "1",
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("job 1 is in none of the files"));
    let twice = accord(
        &[
            "tournament",
            "merge",
            "-o",
            merged.to_str().unwrap(),
            parts[0].to_str().unwrap(),
            parts[0].to_str().unwrap(),
        ],
        "1",
    );
    assert_eq!(twice.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("is given twice"));
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
fn estimate_sizes_a_sharded_run_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let out = dir.path().join("never.jsonl");
    let o = accord(
        &[
            "tournament",
            cfg.to_str().unwrap(),
            "--estimate",
            "7",
            "--shard",
            "1/3",
            "--out",
            out.to_str().unwrap(),
        ],
        "2",
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert!(!out.exists(), "--estimate wrote {}", out.display());
    let v = common::json(&o);
    // 360 jobs (3 line-ups × 3 rotations × 40 repetitions) in 7 shards: 52 at most per shard.
    assert_eq!(v["jobs"], 360);
    assert_eq!(v["shards"], 7);
    assert_eq!(v["jobs_per_shard"], 52);
    // A sample of 32 jobs, spread over the order; lines as long as the real ones.
    let (whole, _) = run(dir.path(), "whole.jsonl", &[], "2");
    let mean = whole.len() as f64 / 360.0;
    let s = &v["sample"];
    assert_eq!(s["jobs"], 30, "every 12th of 360 jobs: {s}");
    let line = s["bytes"].as_f64().unwrap() / 30.0;
    assert!((line - mean).abs() < 0.2 * mean, "{line} vs {mean}");
    assert!(s["seconds"].as_f64().unwrap() > 0.0);
    assert!(v["peak_memory_bytes"].as_u64().unwrap() > 1 << 20);
    // A small tournament gets the floors.
    let r = &v["request"];
    assert_eq!(
        (
            &r["task_minutes"],
            &r["task_memory_mb"],
            &r["merge_minutes"],
            &r["merge_memory_mb"]
        ),
        (&10.into(), &256.into(), &10.into(), &256.into())
    );
    let zero = accord(
        &["tournament", cfg.to_str().unwrap(), "--estimate", "0"],
        "1",
    );
    assert_eq!(zero.status.code(), Some(2), "{}", common::stderr(&zero));
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

/// Writes `text` as a configuration and runs it with `--json`.
fn run_config(dir: &Path, text: &str) -> Output {
    let cfg = dir.join("c.toml");
    std::fs::write(&cfg, text).unwrap();
    let out = dir.join("c.jsonl");
    let _ = std::fs::remove_file(&out);
    accord(
        &[
            "tournament",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--json",
            "--quiet",
        ],
        "2",
    )
}

#[test]
fn drafted_then_ratified_tournament_on_the_flagship() {
    let dir = tempfile::tempdir().unwrap();
    let ukraine = root().join("examples/ukraine-2025.toml");
    let toy = root().join("examples/toy-border.toml");
    let text = format!(
        r#"scenarios = ["{u}", "{t}"]
lineups = [["boulware", "conceder"], ["linear"]]
protocol = "drafted-then-ratified"
rounds = 30
repetitions = 2
[drafted]
draft = "single-text"
revisions = 2
pressure = 0.05
[drafters]
"{t}" = ["west"]
[consult]
"{u}" = "ukraine"
"#,
        u = ukraine.display(),
        t = toy.display()
    );
    let o = run_config(dir.path(), &text);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(dir.path().join("c.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Every party with preferences negotiates: 5 in the flagship, 3 in the toy; one rotation
    // per negotiator, two line-ups, two repetitions.
    assert_eq!(lines.len(), 2 * 5 * 2 + 2 * 3 * 2);
    let flagship = &lines[0];
    assert_eq!(flagship["strategies"].as_object().unwrap().len(), 5);
    assert_eq!(flagship["utilities"].as_object().unwrap().len(), 5);
    let toy_line = lines
        .iter()
        .find(|l| l["scenario"].as_str().unwrap().ends_with("toy-border.toml"))
        .unwrap();
    assert_eq!(toy_line["strategies"].as_object().unwrap().len(), 3);
    // The summary per scenario counts the lines of each, in the configuration's order.
    let summary: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let per_scenario = summary["scenarios"].as_array().unwrap();
    assert_eq!(per_scenario.len(), 2);
    for (row, suffix) in per_scenario
        .iter()
        .zip(["ukraine-2025.toml", "toy-border.toml"])
    {
        let mine: Vec<&serde_json::Value> = lines
            .iter()
            .filter(|l| l["scenario"].as_str().unwrap().ends_with(suffix))
            .collect();
        assert!(row["scenario"].as_str().unwrap().ends_with(suffix));
        assert_eq!(row["negotiations"], mine.len());
        let agreed = mine.iter().filter(|l| l["agreement"] == true).count();
        let rate = row["agreement_rate"].as_f64().unwrap();
        assert!((rate - agreed as f64 / mine.len() as f64).abs() < 1e-12);
        let rounds: u64 = mine.iter().map(|l| l["rounds"].as_u64().unwrap()).sum();
        let mean = row["mean_rounds"].as_f64().unwrap();
        assert!((mean - rounds as f64 / mine.len() as f64).abs() < 1e-12);
        // The toy is measured by brute force; the flagship (3.4e9 outcomes under an agreement
        // rule, which the engine's merge does not measure) is not, and says so with null.
        if suffix == "toy-border.toml" {
            assert!(row["mean_distance_to_pareto"].is_number(), "{row}");
        } else {
            assert!(row["mean_distance_to_pareto"].is_null(), "{row}");
        }
    }
    // The same configuration gives the same bytes.
    let first = std::fs::read(dir.path().join("c.jsonl")).unwrap();
    let again = run_config(dir.path(), &text);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read(dir.path().join("c.jsonl")).unwrap(), first);
    // Pressure matters: under heavy pressure the toy's ratifiers give in sooner.
    let toy_rounds = |lines: &[serde_json::Value]| -> u64 {
        lines
            .iter()
            .filter(|l| l["scenario"].as_str().unwrap().ends_with("toy-border.toml"))
            .map(|l| l["rounds"].as_u64().unwrap())
            .sum()
    };
    let heavy = run_config(
        dir.path(),
        &text.replace("pressure = 0.05", "pressure = 0.5"),
    );
    assert_eq!(heavy.status.code(), Some(0));
    let heavy_lines: Vec<serde_json::Value> = std::fs::read_to_string(dir.path().join("c.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        toy_rounds(&heavy_lines) < toy_rounds(&lines),
        "{} vs {}",
        toy_rounds(&heavy_lines),
        toy_rounds(&lines)
    );
}

#[test]
fn bad_drafted_configs_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let toy = root().join("examples/toy-border.toml");
    let base = format!(
        "scenarios = [\"{}\"]\nlineups = [[\"linear\"]]\n",
        toy.display()
    );
    let cases = [
        (
            format!("{base}[drafters]\n\"{}\" = [\"west\"]\n", toy.display()),
            "apply to protocol \"drafted-then-ratified\" only",
        ),
        (
            format!(
                "{base}protocol = \"drafted-then-ratified\"\n[drafters]\n\"other.toml\" = [\"west\"]\n"
            ),
            "`other.toml` is not one of the scenarios listed",
        ),
        (
            format!("{base}protocol = \"drafted-then-ratified\"\n[drafted]\npressure = 2\n"),
            "pressure is a utility in [0, 1]",
        ),
        (
            format!("{base}protocol = \"drafted-then-ratified\"\n[drafted]\ndraft = \"auction\"\n"),
            "unknown drafted.draft `auction`",
        ),
        (
            format!("{base}protocol = \"drafted-then-ratified\"\n[drafted]\nrevision = 2\n"),
            "unknown field `revision`",
        ),
        (
            format!(
                "{base}protocol = \"drafted-then-ratified\"\n[drafters]\n\"{}\" = [\"wset\"]\n",
                toy.display()
            ),
            "did you mean `west`?",
        ),
        (
            format!(
                "{base}protocol = \"drafted-then-ratified\"\n[drafters]\n\"{t}\" = [\"west\"]\n[consult]\n\"{t}\" = \"west\"\n",
                t = toy.display()
            ),
            "a drafter cannot be consulted",
        ),
        (
            // Issue 17: `[consult]` takes a list too; each entry is checked.
            format!(
                "{base}protocol = \"drafted-then-ratified\"\n[drafters]\n\"{t}\" = [\"west\"]\n[consult]\n\"{t}\" = [\"east\", \"west\"]\n",
                t = toy.display()
            ),
            "`west` is consulted but drafts",
        ),
        (
            format!(
                "{base}protocol = \"drafted-then-ratified\"\n[drafters]\n\"{t}\" = [\"west\", \"east\", \"mediator\"]\n",
                t = toy.display()
            ),
            "nobody is left to ratify",
        ),
    ];
    for (text, expected) in cases {
        let o = run_config(dir.path(), &text);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{text}\n{err}");
        assert!(
            err.contains(expected),
            "{text}\nexpected `{expected}` in:\n{err}"
        );
        assert!(err.contains("c.toml"), "names the file: {err}");
    }
}

/// The JSON shapes of tournament result lines and of the summary, pinned (the JSON may only
/// grow). The scenario is copied next to the configuration, so the configuration's text (and
/// its fingerprint in every line) is the same on every machine.
#[test]
fn result_lines_and_summary_shapes_are_pinned() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/toy-border.toml"),
        dir.path().join("toy-border.toml"),
    )
    .unwrap();
    let cfg = dir.path().join("pinned.toml");
    std::fs::write(
        &cfg,
        "scenarios = [\"toy-border.toml\"]\nlineups = [[\"boulware\", \"conceder\"]]\n\
         protocol = \"single-text\"\nrounds = 8\nrepetitions = 2\nseed = 3\n",
    )
    .unwrap();
    let out = dir.path().join("pinned.jsonl");
    let o = accord(
        &[
            "tournament",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--json",
            "-q",
        ],
        "2",
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    insta::assert_snapshot!("lines", std::fs::read_to_string(&out).unwrap());
    insta::assert_snapshot!("summary", String::from_utf8(o.stdout).unwrap());
}

/// Issue 12: a tournament on a scenario with a quorum agrees where unanimity could not.
#[test]
fn a_tournament_under_a_quorum() {
    let dir = tempfile::tempdir().unwrap();
    let six = root().join("crates/accord-sim/tests/data/quorum-six.toml");
    let text = std::fs::read_to_string(&six).unwrap();
    // P6 accepts o1 alone, P5 never o1: only five of six can agree.
    let i = text.find("[parties.p6]").unwrap();
    let strict = format!(
        "{}{}",
        &text[..i],
        text[i..].replacen("walk_away = 0", "walk_away = 0.9", 1)
    )
    .replacen(
        "name = \"P5\"\n",
        "name = \"P5\"\nred_lines = { x = [\"o1\"] }\n",
        1,
    );
    std::fs::write(dir.path().join("six.toml"), &strict).unwrap();
    std::fs::write(
        dir.path().join("plain.toml"),
        strict.replace("[agreement]\nquorum = 5\nrequired = [\"p1\", \"p2\"]\n", ""),
    )
    .unwrap();
    let cfg = dir.path().join("t.toml");
    std::fs::write(
        &cfg,
        "scenarios = [\"six.toml\", \"plain.toml\"]\nlineups = [[\"boulware\", \"conceder\"]]\nrounds = 40\nrepetitions = 2\nseed = 3\n",
    )
    .unwrap();
    let out = dir.path().join("r.jsonl");
    let o = accord(
        &[
            "tournament",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        "1",
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let agreements = |name: &str| {
        lines
            .iter()
            .filter(|l| l["scenario"] == name && l["agreement"] == true)
            .count()
    };
    assert_eq!(agreements("plain.toml"), 0);
    assert!(agreements("six.toml") > 0);
}

/// Issue 18: raising `repetitions` extends a results file (whole or per shard) instead of
/// refusing it, and the grown file is byte for byte a fresh run of the larger configuration;
/// lowering it is refused; a line-up added grows it too.
#[test]
fn raising_repetitions_grows_a_results_file() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let text = std::fs::read_to_string(&cfg).unwrap();
    let set = |reps: usize| {
        std::fs::write(
            &cfg,
            text.replace("repetitions = 40", &format!("repetitions = {reps}")),
        )
        .unwrap()
    };
    let go = |out: &Path, extra: &[&str]| {
        let mut args = vec![
            "tournament",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ];
        args.extend_from_slice(extra);
        accord(&args, "2")
    };
    let grown = dir.path().join("grown.jsonl");
    let fresh = dir.path().join("fresh.jsonl");
    set(3);
    assert_eq!(go(&grown, &[]).status.code(), Some(0));
    let small = std::fs::read(&grown).unwrap();
    // 3 line-ups × 3 rotations × 3 repetitions.
    assert_eq!(String::from_utf8_lossy(&small).lines().count(), 27);
    // Shards of the small run, grown each.
    let shards: Vec<PathBuf> = (0..2)
        .map(|i| dir.path().join(format!("s{i}.jsonl")))
        .collect();
    for (i, s) in shards.iter().enumerate() {
        assert_eq!(
            go(s, &["--shard", &format!("{i}/2")]).status.code(),
            Some(0)
        );
    }
    set(5);
    let o = go(&grown, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert!(
        common::stderr(&o).contains("27 resumed"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(go(&fresh, &[]).status.code(), Some(0));
    let grown_bytes = std::fs::read(&grown).unwrap();
    assert_eq!(String::from_utf8_lossy(&grown_bytes).lines().count(), 45);
    assert_eq!(grown_bytes, std::fs::read(&fresh).unwrap());
    // The small run's lines are the first lines of the large one.
    assert!(grown_bytes.starts_with(&small));
    for (i, s) in shards.iter().enumerate() {
        assert_eq!(
            go(s, &["--shard", &format!("{i}/2")]).status.code(),
            Some(0)
        );
    }
    let merged = dir.path().join("merged.jsonl");
    let o = accord(
        &[
            "tournament",
            "merge",
            "-o",
            merged.to_str().unwrap(),
            shards[0].to_str().unwrap(),
            shards[1].to_str().unwrap(),
        ],
        "1",
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert_eq!(std::fs::read(&merged).unwrap(), grown_bytes);
    // Lowering `repetitions` leaves jobs past the configuration: refused, file untouched.
    set(2);
    let o = go(&grown, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stderr(&o).contains("past this configuration's 2 repetitions"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(std::fs::read(&grown).unwrap(), grown_bytes);
    // A line-up added (before the others) grows it too, into a fresh run's file.
    std::fs::write(
        &cfg,
        text.replace("repetitions = 40", "repetitions = 5")
            .replace("lineups = [", "lineups = [[\"linear\", \"conceder\"], "),
    )
    .unwrap();
    let o = go(&grown, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert!(
        common::stderr(&o).contains("45 resumed"),
        "{}",
        common::stderr(&o)
    );
    let fresh = dir.path().join("fresh-more-lineups.jsonl");
    assert_eq!(go(&fresh, &[]).status.code(), Some(0));
    let grown_bytes = std::fs::read(&grown).unwrap();
    assert_eq!(String::from_utf8_lossy(&grown_bytes).lines().count(), 60);
    assert_eq!(grown_bytes, std::fs::read(&fresh).unwrap());
}

/// Issue 18: `--long FILE.csv` has one row per negotiator per negotiation, with the columns,
/// types and values of the result lines; `merge --long` writes the same table.
#[test]
fn the_long_table_has_a_row_per_negotiator_per_negotiation() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("repetitions = 40", "repetitions = 2");
    std::fs::write(&cfg, text).unwrap();
    let out = dir.path().join("r.jsonl");
    let long = dir.path().join("long.csv");
    let o = accord(
        &[
            "tournament",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--long",
            long.to_str().unwrap(),
            "--quiet",
        ],
        "2",
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut r = csv::Reader::from_path(&long).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "negotiation",
            "scenario",
            "repetition",
            "lineup",
            "rotation",
            "party",
            "strategy",
            "opponents",
            "agreement",
            "rounds",
            "utility",
            "advantage",
            "walk_away",
            "terms"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    let seats: usize = lines
        .iter()
        .map(|l| l["strategies"].as_object().unwrap().len())
        .sum();
    // Two line-ups of two and one of three strategies over the toy's three negotiators.
    assert_eq!(seats, 3 * 3 * 3 * 2);
    assert_eq!(rows.len(), seats);
    let mut k = 0;
    for l in &lines {
        for (party, strategy) in l["strategies"].as_object().unwrap() {
            let row = &rows[k];
            k += 1;
            assert_eq!(row[0].parse::<u64>().unwrap(), l["job"].as_u64().unwrap());
            assert_eq!(&row[1], l["scenario"].as_str().unwrap());
            assert_eq!(
                row[2].parse::<u64>().unwrap(),
                l["repetition"].as_u64().unwrap()
            );
            assert_eq!(&row[5], party);
            assert_eq!(&row[6], strategy.as_str().unwrap());
            let opponents: Vec<String> = serde_json::from_str(&row[7]).unwrap();
            assert_eq!(opponents.len(), 2);
            let agreement: bool = row[8].parse().unwrap();
            assert_eq!(agreement, l["agreement"].as_bool().unwrap());
            assert_eq!(
                row[9].parse::<u64>().unwrap(),
                l["rounds"].as_u64().unwrap()
            );
            let utility: f64 = row[10].parse().unwrap();
            assert_eq!(utility, l["utilities"][party].as_f64().unwrap());
            let advantage: f64 = row[11].parse().unwrap();
            assert_eq!(advantage, l["advantages"][party].as_f64().unwrap());
            let walk_away: f64 = row[12].parse().unwrap();
            assert_eq!(walk_away, l["walk_aways"][party].as_f64().unwrap());
            assert!((utility - walk_away - advantage).abs() < 1e-12);
            if agreement {
                let terms: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(&row[13]).unwrap();
                // The toy's issues, by id, with option labels.
                assert!(terms.contains_key("border"), "{terms:?}");
                assert_eq!(serde_json::Value::Object(terms), l["terms"]);
            } else {
                assert_eq!(&row[13], "");
                assert!(l["terms"].is_null());
            }
        }
    }
    // merge --long of the single file writes the same table.
    let merged_long = dir.path().join("merged.csv");
    let o = accord(
        &[
            "tournament",
            "merge",
            "-o",
            dir.path().join("m.jsonl").to_str().unwrap(),
            out.to_str().unwrap(),
            "--long",
            merged_long.to_str().unwrap(),
        ],
        "1",
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert_eq!(
        std::fs::read(&merged_long).unwrap(),
        std::fs::read(&long).unwrap()
    );
}

/// Issue 18: the summary's statistics agree with the result lines they summarize (the formulas
/// themselves are tested against independent values in accord-sim's tests/sim/stats.rs).
#[test]
fn the_summary_states_spread_intervals_head_to_head_and_tests() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("repetitions = 40", "repetitions = 4");
    std::fs::write(&cfg, text).unwrap();
    let out = dir.path().join("r.jsonl");
    let o = accord(
        &[
            "tournament",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--json",
            "--quiet",
        ],
        "2",
    );
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(v["statistics"]["interval"], "t");
    assert_eq!(v["statistics"]["test"], "mann-whitney-u");
    assert_eq!(v["statistics"]["correction"], "holm");
    let rows = v["strategies"].as_array().unwrap();
    for row in rows {
        let name = row["strategy"].as_str().unwrap();
        let mut xs = Vec::new();
        for l in &lines {
            for (party, s) in l["strategies"].as_object().unwrap() {
                if s == name {
                    xs.push(l["utilities"][party].as_f64().unwrap());
                }
            }
        }
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        let u = &row["utility"];
        assert_eq!(u["n"].as_u64().unwrap() as usize, xs.len());
        assert!((u["mean"].as_f64().unwrap() - mean).abs() < 1e-12);
        assert!((u["sd"].as_f64().unwrap() - sd).abs() < 1e-12);
        let ci = u["ci95"].as_array().unwrap();
        let (lo, hi) = (ci[0].as_f64().unwrap(), ci[1].as_f64().unwrap());
        // Symmetric around the mean, wider than ±1.96·sd/√n (t has fatter tails than z).
        assert!(((lo + hi) / 2.0 - mean).abs() < 1e-12);
        assert!((hi - lo) / 2.0 > 1.96 * sd / n.sqrt() || sd == 0.0);
        assert!(row["advantage"]["sd"].is_number());
    }
    // Head to head: boulware met conceder only (line-up 0), in every rotation and repetition.
    let h = &v["head_to_head"];
    let mut sum = 0.0;
    let mut n = 0;
    for l in &lines {
        let s = l["strategies"].as_object().unwrap();
        for (party, strategy) in s {
            if strategy == "boulware" && s.iter().any(|(q, o)| q != party && o == "conceder") {
                sum += l["utilities"][party].as_f64().unwrap();
                n += 1;
            }
        }
    }
    assert_eq!(h["boulware"]["conceder"]["n"], n);
    assert!(
        (h["boulware"]["conceder"]["mean_utility"].as_f64().unwrap() - sum / n as f64).abs()
            < 1e-12
    );
    assert!(h["boulware"].get("linear").is_none());
    // Every pair of the 7 strategies once, Holm-adjusted p never below the raw p.
    let comparisons = v["comparisons"].as_array().unwrap();
    assert_eq!(comparisons.len(), rows.len() * (rows.len() - 1) / 2);
    for c in comparisons {
        assert_eq!(c["test"], "mann-whitney-u");
        let (p, adj) = (
            c["p_value"].as_f64().unwrap(),
            c["p_adjusted"].as_f64().unwrap(),
        );
        assert!((0.0..=1.0).contains(&p) && adj >= p && adj <= 1.0, "{c}");
        assert!(c["a"].as_str().unwrap() < c["b"].as_str().unwrap());
    }
}

/// Issue 18: `--traces DIR --trace-negotiations J,...` writes the trace and the offers chart of
/// the chosen negotiations, the same negotiations as the results; a number past the
/// tournament is a usage error.
#[test]
fn traces_of_chosen_negotiations() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let text = std::fs::read_to_string(&cfg)
        .unwrap()
        .replace("repetitions = 40", "repetitions = 2");
    std::fs::write(&cfg, text).unwrap();
    let out = dir.path().join("r.jsonl");
    let traces = dir.path().join("traces");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "tournament",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--traces",
            traces.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        accord(&args, "2")
    };
    let o = run(&["--trace-negotiations", "0,5,17", "--shard", "0/2"]);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // Shard 0/2 holds the even jobs: 0 is traced, 5 and 17 are left to shard 1.
    assert!(traces.join("negotiation-0.svg").exists());
    assert!(!traces.join("negotiation-5.jsonl").exists());
    let trace = std::fs::read_to_string(traces.join("negotiation-0.jsonl")).unwrap();
    let end: serde_json::Value = serde_json::from_str(trace.lines().last().unwrap()).unwrap();
    assert_eq!(end["stage"], "end");
    assert_eq!(end["seed"], lines[0]["seed"]);
    assert_eq!(end["round"], lines[0]["rounds"]);
    for (party, u) in lines[0]["utilities"].as_object().unwrap() {
        assert_eq!(&end["utilities"][party], u);
    }
    assert!(trace.lines().count() > 2);
    let svg = std::fs::read_to_string(traces.join("negotiation-0.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("negotiation 0 of"),
        "{svg}"
    );
    let o = run(&["--trace-negotiations", "18"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        common::stderr(&o).contains("negotiations 0 to 17"),
        "{}",
        common::stderr(&o)
    );
}

#[test]
fn sample_preferences_flag_varies_results_replays_and_has_its_own_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    let (plain, _) = run(dir.path(), "plain.jsonl", &[], "2");
    let (a, _) = run(dir.path(), "a.jsonl", &["--sample-preferences"], "2");
    let (b, _) = run(dir.path(), "b.jsonl", &["--sample-preferences"], "1");
    assert_eq!(a, b, "same seed, same bytes at any thread count");
    assert_ne!(a, plain);
    let stamp = |bytes: &[u8]| -> String {
        let first = String::from_utf8_lossy(bytes)
            .lines()
            .next()
            .unwrap()
            .to_string();
        let v: serde_json::Value = serde_json::from_str(&first).unwrap();
        v["tournament"].as_str().unwrap().to_string()
    };
    assert_ne!(stamp(&a), stamp(&plain));
    // Resuming the plain results with the flag is refused: another configuration.
    let cfg = config(dir.path());
    let out = dir.path().join("plain.jsonl");
    let o = accord(
        &[
            "tournament",
            cfg.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
            "--sample-preferences",
        ],
        "1",
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_bad_time_limit_in_the_configuration_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path());
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, text.replace("seed = 7", "seed = 7\ntime_limit = -2")).unwrap();
    let o = accord(&["tournament", cfg.to_str().unwrap(), "--quiet"], "1");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("time_limit: a time limit is a positive number of seconds"),
        "{err}"
    );
}

/// A tournament of every pair of `strategies` (in the order given) on the toy's two parties,
/// with `repetitions` and `rounds`, written to `dir/grow.toml`.
fn pairs_config(dir: &Path, strategies: &[&str], repetitions: usize, rounds: usize) -> PathBuf {
    let toy = root().join("examples/toy-border.toml");
    let mut lineups = Vec::new();
    for (i, a) in strategies.iter().enumerate() {
        for b in &strategies[i + 1..] {
            lineups.push(format!("[\"{a}\", \"{b}\"]"));
        }
    }
    let text = format!(
        "scenarios = [\"{}\"]\nlineups = [{}]\nrounds = {rounds}\nrepetitions = {repetitions}\n\
         seed = 11\n[parties]\n\"{}\" = [\"west\", \"east\"]\n",
        toy.display(),
        lineups.join(", "),
        toy.display()
    );
    let path = dir.join("grow.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// `accord tournament CFG --out OUT --quiet EXTRA...` at two threads.
fn tournament(cfg: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "tournament",
        cfg.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    accord(&args, "2")
}

/// Runs `tournament` and expects success.
fn tournament_ok(cfg: &Path, out: &Path, extra: &[&str]) -> Output {
    let o = tournament(cfg, out, extra);
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    o
}

const THREE: [&str; 3] = ["boulware", "conceder", "linear"];
const FOUR: [&str; 4] = ["aspiration", "boulware", "conceder", "linear"];

/// Issue 18: adding a strategy (3 → 4, so three more line-ups, listed before the old ones)
/// grows a results file: only the new jobs run, and the grown file is byte for byte a fresh
/// run of the larger configuration; line-ups and repetitions grow together too.
#[test]
fn adding_a_strategy_grows_a_results_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let grown = d.join("grown.jsonl");
    let both = d.join("both.jsonl");
    let cfg = pairs_config(d, &THREE, 3, 30);
    tournament_ok(&cfg, &grown, &[]);
    let small = std::fs::read_to_string(&grown).unwrap();
    // 3 line-ups × 2 rotations × 3 repetitions.
    assert_eq!(small.lines().count(), 18);
    std::fs::copy(&grown, &both).unwrap();

    let cfg = pairs_config(d, &FOUR, 3, 30);
    let o = tournament_ok(&cfg, &grown, &[]);
    assert!(
        common::stderr(&o).contains("18 resumed"),
        "{}",
        common::stderr(&o)
    );
    let fresh = d.join("fresh.jsonl");
    tournament_ok(&cfg, &fresh, &[]);
    let grown_text = std::fs::read_to_string(&grown).unwrap();
    assert_eq!(grown_text.lines().count(), 36);
    assert_eq!(grown_text, std::fs::read_to_string(&fresh).unwrap());
    // The old negotiations kept their seeds and results, under new job numbers.
    let strip = |l: &str| {
        let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
        let o = v.as_object_mut().unwrap();
        for k in ["job", "lineup", "tournament"] {
            o.remove(k);
        }
        v
    };
    let large: Vec<serde_json::Value> = grown_text.lines().map(strip).collect();
    for l in small.lines() {
        assert!(large.contains(&strip(l)), "{l}");
    }
    // A line-up and two repetitions more at once.
    let cfg = pairs_config(d, &FOUR, 5, 30);
    let o = tournament_ok(&cfg, &both, &[]);
    assert!(
        common::stderr(&o).contains("18 resumed"),
        "{}",
        common::stderr(&o)
    );
    let fresh = d.join("fresh-5.jsonl");
    tournament_ok(&cfg, &fresh, &[]);
    let both_bytes = std::fs::read(&both).unwrap();
    assert_eq!(String::from_utf8_lossy(&both_bytes).lines().count(), 60);
    assert_eq!(both_bytes, std::fs::read(&fresh).unwrap());
    // No temporary file is left beside the results.
    let names: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".tmp")), "{names:?}");
}

/// Issue 18: what a results file cannot grow into is refused, naming what differs, and the
/// file is left as it was: a strategy removed, other rounds, another seed, fewer
/// repetitions, results of an earlier version.
#[test]
fn growth_refusals_name_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = d.join("r.jsonl");
    tournament_ok(&pairs_config(d, &FOUR, 3, 30), &out, &[]);
    let before = std::fs::read(&out).unwrap();
    let refused = |cfg: PathBuf, expected: &[&str]| {
        let o = tournament(&cfg, &out, &[]);
        let err = common::stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{err}");
        for e in expected {
            assert!(err.contains(e), "expected `{e}` in: {err}");
        }
        assert_eq!(std::fs::read(&out).unwrap(), before, "{err}");
    };
    refused(
        pairs_config(d, &["aspiration", "boulware", "linear"], 3, 30),
        &[
            "a line-up this configuration does not list",
            "`conceder` is in no line-up",
            "was a line-up or a strategy removed?",
        ],
    );
    refused(
        pairs_config(d, &FOUR, 3, 40),
        &["another tournament configuration: `rounds` differs"],
    );
    let cfg = pairs_config(d, &FOUR, 3, 30);
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(
        &cfg,
        text.replace("seed = 11", "seed = 12\nprotocol = \"single-text\""),
    )
    .unwrap();
    refused(cfg, &["`protocol`, `seed` differ"]);
    refused(
        pairs_config(d, &FOUR, 2, 30),
        &["holds repetition 2 (counted from 0), past this configuration's 2 repetitions"],
    );
    // Lines of an earlier version (no settings; seeds by job number then).
    let text = String::from_utf8(before.clone()).unwrap();
    let old: String = text
        .lines()
        .map(|l| {
            let i = l.find(",\"settings\":").unwrap();
            format!("{}}}\n", &l[..i])
        })
        .collect();
    std::fs::write(&out, &old).unwrap();
    let o = tournament(&pairs_config(d, &FOUR, 3, 30), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        common::stderr(&o).contains("results of an earlier version of accord"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), old);
}

/// Issue 18: a growth cut off (lines of the smaller run, some of the larger one's after
/// them, a torn last line) resumes into the larger run's file, byte for byte.
#[test]
fn an_interrupted_growth_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let small = d.join("small.jsonl");
    tournament_ok(&pairs_config(d, &THREE, 2, 30), &small, &[]);
    let cfg = pairs_config(d, &FOUR, 2, 30);
    let fresh = d.join("fresh.jsonl");
    tournament_ok(&cfg, &fresh, &[]);
    let fresh_text = std::fs::read_to_string(&fresh).unwrap();
    let small_text = std::fs::read_to_string(&small).unwrap();
    let seed = |l: &str| serde_json::from_str::<serde_json::Value>(l).unwrap()["seed"].clone();
    let old_seeds: Vec<_> = small_text.lines().map(seed).collect();
    let new: Vec<&str> = fresh_text
        .lines()
        .filter(|l| !old_seeds.contains(&seed(l)))
        .collect();
    assert_eq!(new.len(), 12);
    // As if killed while appending the new jobs: two written, the third torn.
    let mut cut = small_text.clone();
    for l in &new[..2] {
        cut.push_str(l);
        cut.push('\n');
    }
    cut.push_str(&new[2][..40]);
    let out = d.join("cut.jsonl");
    std::fs::write(&out, cut).unwrap();
    let o = tournament_ok(&cfg, &out, &[]);
    assert!(
        common::stderr(&o).contains("14 resumed"),
        "{}",
        common::stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), fresh_text);
}

/// Issue 18: shard files grow in place while their jobs stay in their shards (as with more
/// repetitions, and here a strategy whose line-ups shift the others by a multiple of the
/// shard count), byte for byte fresh shards of the larger configuration; when a line-up
/// added moves a job into another shard, growing a shard file is refused with what to do
/// instead. Fresh shards of the larger configuration, merged, are the unsharded run.
#[test]
fn shard_files_grow_while_their_jobs_stay_in_their_shards() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // THREE → FOUR shifts the old jobs by 6 and 12: shard 0/2 keeps them all.
    let shard = d.join("s0-of-2.jsonl");
    tournament_ok(&pairs_config(d, &THREE, 2, 30), &shard, &["--shard", "0/2"]);
    let cfg = pairs_config(d, &FOUR, 2, 30);
    let o = tournament_ok(&cfg, &shard, &["--shard", "0/2"]);
    assert!(
        common::stderr(&o).contains("6 resumed"),
        "{}",
        common::stderr(&o)
    );
    let fresh = d.join("fresh-s0-of-2.jsonl");
    tournament_ok(&cfg, &fresh, &["--shard", "0/2"]);
    assert_eq!(
        std::fs::read(&shard).unwrap(),
        std::fs::read(&fresh).unwrap()
    );
    // A strategy listed last: line-up (conceder, linear) moves from job 4 to job 6, from
    // shard 0/4 to shard 2/4.
    let shard = d.join("s0-of-4.jsonl");
    tournament_ok(&pairs_config(d, &THREE, 2, 30), &shard, &["--shard", "0/4"]);
    let before = std::fs::read(&shard).unwrap();
    let last = ["boulware", "conceder", "linear", "tit-for-tat"];
    let o = tournament(&pairs_config(d, &last, 2, 30), &shard, &["--shard", "0/4"]);
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line 2 is job 6 of this configuration, which is shard 2/4's, not 0/4's")
            && err.contains("a shard file grows only while its jobs stay in its shard")
            && err.contains("accord tournament merge"),
        "{err}"
    );
    assert_eq!(std::fs::read(&shard).unwrap(), before);
    let whole = d.join("whole.jsonl");
    tournament_ok(&cfg, &whole, &[]);
    let parts: Vec<PathBuf> = (0..3).map(|i| d.join(format!("p{i}.jsonl"))).collect();
    for (i, p) in parts.iter().enumerate() {
        tournament_ok(&cfg, p, &["--shard", &format!("{i}/3")]);
    }
    let merged = d.join("merged.jsonl");
    let mut args = vec!["tournament", "merge", "-o", merged.to_str().unwrap()];
    args.extend(parts.iter().map(|p| p.to_str().unwrap()));
    let o = accord(&args, "1");
    assert_eq!(o.status.code(), Some(0), "{}", common::stderr(&o));
    assert_eq!(
        std::fs::read(&merged).unwrap(),
        std::fs::read(&whole).unwrap()
    );
    // A shard of the smaller configuration does not merge with the larger one's: their job
    // numbers mean other jobs.
    let o = accord(
        &[
            "tournament",
            "merge",
            "-o",
            merged.to_str().unwrap(),
            parts[1].to_str().unwrap(),
            shard.to_str().unwrap(),
        ],
        "1",
    );
    assert_eq!(o.status.code(), Some(1), "{}", common::stderr(&o));
    assert!(
        common::stderr(&o).contains("another tournament configuration"),
        "{}",
        common::stderr(&o)
    );
}

/// Issue 18: one writer per results file: while another process holds the file's lock, a
/// run into it is refused at once and the file is left alone.
#[test]
fn a_results_file_being_written_is_not_written_twice() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cfg = pairs_config(d, &THREE, 1, 30);
    let out = d.join("locked.jsonl");
    std::fs::write(&out, "").unwrap();
    let holder = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&out)
        .unwrap();
    holder.try_lock().unwrap();
    let o = tournament(&cfg, &out, &[]);
    let err = common::stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("another process is writing these results"),
        "{err}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"");
    holder.unlock().unwrap();
    tournament_ok(&cfg, &out, &[]);
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 6);
}
