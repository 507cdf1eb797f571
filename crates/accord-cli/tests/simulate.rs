//! `accord simulate` run as a process: the story, JSON, traces, reproducibility, errors.

use std::path::Path;

use crate::common;

use common::*;

fn toy() -> String {
    root()
        .join("examples/toy-border.toml")
        .display()
        .to_string()
}

#[test]
fn sao_tells_a_story() {
    let o = accord(&[
        "simulate",
        &toy(),
        "--strategy",
        "west=boulware:e=0.2",
        "--strategy",
        "east=conceder",
        "--rounds",
        "20",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "Negotiators, in turn order: West (boulware:e=0.2), East (conceder)",
        "West proposes Where the border runs: The border before the war",
        "East rejects and proposes",
        "accepts",
        "Agreement after",
        "distance to the Pareto frontier",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
}

#[test]
fn drafted_then_ratified_tells_who_shaped_what() {
    let o = accord(&[
        "simulate",
        &toy(),
        "--protocol",
        "drafted-then-ratified",
        "--strategy",
        "frequency",
        "--pressure",
        "0.05",
        "--rounds",
        "20",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "[drafts]",
        "West (frequency) [ratifies]",
        "Drafting:",
        "Ratification:",
        "rejects the draft: it crosses a red line on Where the border runs: The river, further west",
        "The drafters amend Where the border runs: The border before the war for West",
        "ratifies: 0.655 ≥ its walk-away, lowered to 0.300",
        "shaped by",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    let o = accord(&[
        "simulate",
        &toy(),
        "--protocol",
        "drafted-then-ratified",
        "--strategy",
        "frequency",
        "--pressure",
        "0.05",
        "--rounds",
        "20",
        "--json",
    ]);
    let v = json(&o);
    assert_eq!(v["drafters"], serde_json::json!(["mediator", "east"]));
    assert_eq!(v["runs"][0]["shaped_by"]["border"], "west");
    assert_eq!(v["runs"][0]["ending"]["kind"], "agreement");
}

#[test]
fn json_repeat_aggregates_the_runs() {
    let o = accord(&[
        "simulate",
        &toy(),
        "--strategy",
        "random",
        "--repeat",
        "6",
        "--seed",
        "10",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    let runs = v["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 6);
    let seeds: Vec<u64> = runs.iter().map(|r| r["seed"].as_u64().unwrap()).collect();
    assert_eq!(seeds, vec![10, 11, 12, 13, 14, 15]);
    let agreed = runs.iter().filter(|r| r["agreement"].is_object()).count() as f64;
    assert_eq!(
        v["aggregate"]["agreement_rate"].as_f64().unwrap(),
        agreed / 6.0
    );
    let mean_west: f64 = runs
        .iter()
        .map(|r| r["utilities"]["west"].as_f64().unwrap())
        .sum::<f64>()
        / 6.0;
    assert!((v["aggregate"]["mean_utilities"]["west"].as_f64().unwrap() - mean_west).abs() < 1e-12);
    // Each run equals the same seed run alone.
    let one = json(&accord(&[
        "simulate",
        &toy(),
        "--strategy",
        "random",
        "--seed",
        "12",
        "--json",
    ]));
    assert_eq!(one["runs"][0], runs[2]);
}

#[test]
fn same_seed_same_trace_bytes_at_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let trace = |name: &str, seed: &str, threads: &str| {
        let path = dir.path().join(name);
        let o = accord_env(
            &[
                "simulate",
                &toy(),
                "--strategy",
                "random:accept=0.2",
                "--strategy",
                "west=frequency",
                "--repeat",
                "20",
                "--seed",
                seed,
                "--trace",
                path.to_str().unwrap(),
                "--json",
            ],
            &[("RAYON_NUM_THREADS", threads)],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        (std::fs::read(&path).unwrap(), o.stdout)
    };
    let (a, ja) = trace("a.jsonl", "3", "1");
    let (b, jb) = trace("b.jsonl", "3", "2");
    let (c, _) = trace("c.jsonl", "4", "2");
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_eq!(ja, jb);
    assert_ne!(a, c);
    // Every line is JSON with an action or an ending, and utilities for every party.
    for line in String::from_utf8(a).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["action"].is_string() || v["stage"] == "end", "{line}");
        assert!(
            v["utilities"]["west"].is_number() || v["action"] == "end",
            "{line}"
        );
    }
}

#[test]
fn unknown_party_and_strategy_are_usage_errors_with_suggestions() {
    let o = accord(&["simulate", &toy(), "--strategy", "wset=boulware"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown party `wset`") && stderr(&o).contains("did you mean `west`?"),
        "{}",
        stderr(&o)
    );
    let o = accord(&["simulate", &toy(), "--strategy", "west=boulwar"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `boulware`?"),
        "{}",
        stderr(&o)
    );
    let o = accord(&["simulate", &toy(), "--strategy", "west=conceder:e=0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("positive"), "{}", stderr(&o));
    let o = accord(&["simulate", &toy(), "--party", "west,nobody"]);
    assert_eq!(o.status.code(), Some(2));
    let o = accord(&[
        "simulate",
        &toy(),
        "--protocol",
        "drafted-then-ratified",
        "--drafters",
        "west,east,mediator",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nobody is left to ratify"),
        "{}",
        stderr(&o)
    );
    let o = accord(&["simulate", &toy(), "--drafters", "west"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("drafted-then-ratified only"),
        "{}",
        stderr(&o)
    );
    let o = accord(&["simulate", &toy(), "--rounds", "0"]);
    assert_eq!(o.status.code(), Some(2));
    let o = accord(&["simulate", &toy(), "--protocol", "haggle"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn single_text_and_what_ifs() {
    let o = accord(&[
        "simulate",
        &toy(),
        "--protocol",
        "single-text",
        "--strategy",
        "linear",
        "--rounds",
        "20",
        "--set",
        "parties.west.walk_away=0.2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("what-if: West's walk-away set to 0.2 (--set parties.west.walk_away=0.2)"),
        "{out}"
    );
    assert!(out.contains("The mediator tables"), "{out}");
    assert!(out.contains("asking for"), "{out}");
}

#[test]
fn genius_domains_simulate() {
    let camera = Path::new("../shared/domains/genius/Camera");
    if !root().join(camera).exists() {
        return;
    }
    let o = accord(&[
        "simulate",
        camera.to_str().unwrap(),
        "--party",
        "camera_buyer_utility,camera_seller_utility",
        "--repeat",
        "3",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["runs"].as_array().unwrap().len(), 3);
}

#[test]
fn flagship_drafted_then_ratified_story() {
    // 3.4e9 outcomes: offers come from each party's pool. The first draft by date is Russia's
    // memorandum, so Russia drafts and the others ratify.
    let args = [
        "simulate",
        "examples/ukraine-2025.toml",
        "--protocol",
        "drafted-then-ratified",
        "--rounds",
        "50",
        "--pressure",
        "0.05",
        "--revisions",
        "5",
    ];
    let o = accord(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "United States (boulware) [ratifies], Russia (boulware) [drafts], Ukraine (boulware) [ratifies]",
        "Drafting:",
        "Russia proposes Ukraine-held part of Donetsk oblast (I1): ",
        "Ratification:",
        "Ukraine rejects the draft: it crosses a red line on",
        "The drafters amend",
        "The drafters refuse",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    // 3.4e9 outcomes under an agreement rule (scoped consent, ratifiers): past brute force, and
    // the engine's merge measures unanimity only, so the distances say n/a and why.
    let metrics = out.lines().find(|l| l.starts_with("Welfare")).unwrap();
    assert!(
        metrics.contains("distance to the Pareto frontier n/a")
            && metrics.contains("under an agreement rule"),
        "{metrics}"
    );
}

/// The JSON shapes of `simulate --json` and of a trace, pinned (the JSON may only grow).
#[test]
fn json_and_trace_shapes_are_pinned() {
    let o = accord(&[
        "simulate",
        "examples/toy-border.toml",
        "--rounds",
        "6",
        "--seed",
        "3",
        "--repeat",
        "2",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("toy_json", stdout(&o));
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace.jsonl");
    let o = accord(&[
        "simulate",
        "examples/toy-border.toml",
        "--protocol",
        "drafted-then-ratified",
        "--rounds",
        "4",
        "--pressure",
        "0.05",
        "--trace",
        trace.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!(
        "toy_drafted_trace",
        std::fs::read_to_string(&trace).unwrap()
    );
}

/// A trace that cannot be written is a file error: exit 1, naming the path.
#[test]
fn an_unwritable_trace_exits_1_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("missing-dir/trace.jsonl");
    let o = accord(&[
        "simulate",
        "examples/toy-border.toml",
        "--trace",
        trace.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("missing-dir/trace.jsonl"),
        "{}",
        stderr(&o)
    );
}

/// `../shared/cases/interop/discounted-walk-away/split.toml`: hardliners time out after 4
/// rounds; the deadline has passed (t = 1, as in NegMAS and Genius), so east's discounted
/// payoff is its walk-away times its discount to the power 1 (0.6 · 0.5 = 0.300), not
/// 0.6 · 0.5^0.8 as when the timeout took the last turn's time.
#[test]
fn discounted_walk_away_after_a_timeout_is_at_t_one() {
    let case = root().join("../shared/cases/interop/discounted-walk-away/split.toml");
    let text = std::fs::read_to_string(&case).expect("read the case");
    let file: toml::Table = toml::from_str(&text).expect("case is TOML");
    let east = &file["parties"]["east"];
    let walk_away = east["walk_away"].as_float().unwrap();
    let discount = east["discount"].as_float().unwrap();
    let o = accord(&[
        "simulate",
        &case.display().to_string(),
        "--strategy",
        "hardliner",
        "--rounds",
        "4",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let j = json(&o);
    let run = &j["runs"][0];
    assert_eq!(run["ending"]["kind"], "timeout");
    assert_eq!(run["t"], 1.0);
    let east_payoff = run["discounted_utilities"]["east"].as_f64().unwrap();
    assert!(
        (east_payoff - walk_away * discount).abs() < 1e-12,
        "{east_payoff}"
    );
    assert!((east_payoff - 0.300).abs() < 1e-12, "{east_payoff}");
    // The human story says the same figure.
    let o = accord(&[
        "simulate",
        &case.display().to_string(),
        "--strategy",
        "hardliner",
        "--rounds",
        "4",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let east_row = out
        .lines()
        .find(|l| l.contains("East") && l.contains("hardliner") && !l.contains("Negotiators"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        east_row.trim_end_matches(['│', ' ']).ends_with("0.300"),
        "{east_row}"
    );
}

fn ratified() -> String {
    root()
        .join("crates/accord-sim/tests/data/ratified.toml")
        .display()
        .to_string()
}

/// Issue 12: a council ratifies for A; it votes after A in the ratification stage, the story
/// says for whom, and the trace names the party it ratifies for.
#[test]
fn a_ratifier_votes_after_its_party() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace.jsonl");
    let o = accord(&[
        "simulate",
        &ratified(),
        "--protocol",
        "drafted-then-ratified",
        "--drafters",
        "a,b",
        "--trace",
        trace.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    for needle in [
        "A (boulware) [drafts] [ratified by Council]",
        "Ratification:",
        "Council refuses to ratify for A",
        "Council ratifies for A",
        "Agreement after",
    ] {
        assert!(out.contains(needle), "missing {needle:?} in\n{out}");
    }
    let text = std::fs::read_to_string(&trace).unwrap();
    let votes: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["party"] == "council")
        .collect();
    assert!(!votes.is_empty());
    for v in &votes {
        assert_eq!(v["stage"], "ratification");
        assert_eq!(v["ratifies"], "a");
    }
    // Nobody else's line carries the field.
    assert!(
        text.lines()
            .filter(|l| !l.contains("\"party\":\"council\""))
            .all(|l| !l.contains("\"ratifies\""))
    );
}

#[test]
fn a_ratifier_cannot_negotiate() {
    let o = accord(&["simulate", &ratified(), "--party", "a,council"]);
    assert_ne!(o.status.code(), Some(0));
    let err = stderr(&o);
    assert!(
        err.contains("`council` ratifies for `a`") && err.contains("--party"),
        "{err}"
    );
}

/// Issue 18: `--plot FILE.svg` draws every offer of the first run: one dot per offer and judged
/// party (the trace's offers × `metrics_parties`), the same bytes for the same seed; an
/// unwritable path exits 1 naming it.
#[test]
fn plot_draws_each_partys_utility_of_each_offer() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("offers.svg");
    let trace = dir.path().join("t.jsonl");
    let args = |svg: &Path| {
        vec![
            "simulate".to_string(),
            toy(),
            "--strategy".into(),
            "west=boulware".into(),
            "--strategy".into(),
            "east=conceder".into(),
            "--rounds".into(),
            "12".into(),
            "--seed".into(),
            "4".into(),
            "--json".into(),
            "--trace".into(),
            trace.display().to_string(),
            "--plot".into(),
            svg.display().to_string(),
        ]
    };
    let run = |svg: &Path| {
        let a = args(svg);
        accord(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let o = run(&svg);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let judged = v["metrics_parties"].as_array().unwrap().len();
    let offers = std::fs::read_to_string(&trace)
        .unwrap()
        .lines()
        .filter(|l| l.contains("\"action\":\"offer\""))
        .count();
    assert!(offers > 2);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg") && text.contains("offers over time (seed 4)"));
    // A dot per offer and judged party, and the legend's one.
    assert_eq!(
        text.matches("<circle").count(),
        offers * judged + 1,
        "{text}"
    );
    let again = dir.path().join("again.svg");
    assert_eq!(run(&again).status.code(), Some(0));
    assert_eq!(std::fs::read(&again).unwrap(), text.as_bytes());
    let o = run(&dir.path().join("missing/dir/x.svg"));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("x.svg"), "{}", stderr(&o));
}

#[test]
fn generate_anl2024_writes_a_valid_scenario_micro_can_negotiate() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let file = dir.join("anl.toml");
    let path = file.display().to_string();
    let o = accord(&["generate", "anl2024", "--seed", "5", "-o", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("outcomes"), "{}", stderr(&o));
    let written = std::fs::read_to_string(&file).unwrap();
    // The same seed to standard output: the same bytes.
    let o = accord(&["generate", "anl2024", "--seed", "5"]);
    assert_eq!(stdout(&o), written);
    let o = accord(&["check", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = accord(&[
        "simulate",
        &path,
        "--strategy",
        "micro",
        "--rounds",
        "1000",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(json(&o)["strategies"]["first"], "micro");
    // An unwritable path is an error naming it.
    let bad = dir.join("missing/dir/anl.toml").display().to_string();
    let o = accord(&["generate", "anl2024", "-o", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
}

#[test]
fn sample_preferences_varies_the_runs_and_replays_byte_for_byte() {
    let args = [
        "simulate",
        &toy(),
        "--strategy",
        "boulware",
        "--repeat",
        "6",
        "--sample-preferences",
        "--json",
    ];
    let a = accord(&args);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(a.stdout, accord(&args).stdout);
    let v = json(&a);
    assert_eq!(v["sample_preferences"], true);
    let mut utilities: Vec<String> = v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["utilities"].to_string())
        .collect();
    utilities.sort();
    utilities.dedup();
    assert!(utilities.len() > 1, "{utilities:?}");
    // Without the flag: one deterministic negotiation, repeated; no key.
    let plain = accord(
        &args[..args.len() - 2]
            .iter()
            .copied()
            .chain(["--json"])
            .collect::<Vec<_>>(),
    );
    let v = json(&plain);
    assert!(v.get("sample_preferences").is_none());
    let mut utilities: Vec<String> = v["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["utilities"].to_string())
        .collect();
    utilities.dedup();
    assert_eq!(utilities.len(), 1);
    // The story says so, and a trace holds every run.
    let o = accord(&["simulate", &toy(), "--sample-preferences", "--seed", "3"]);
    assert!(
        stdout(&o).contains("preferences: one draw"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn time_limit_beside_rounds_and_its_errors() {
    let o = accord(&[
        "simulate",
        &toy(),
        "--strategy",
        "conceder",
        "--time-limit",
        "30",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["time_limit"], 30.0);
    // Time alone is the deadline: no practical limit in rounds.
    assert_eq!(v["rounds"], 1_000_000);
    assert_eq!(v["runs"][0]["ending"]["kind"], "agreement");
    // Without it, the key is absent and the rounds default to 100.
    let v = json(&accord(&["simulate", &toy(), "--json"]));
    assert!(v.get("time_limit").is_none());
    assert_eq!(v["rounds"], 100);
    let o = accord(&["simulate", &toy(), "--time-limit", "0"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("positive number of seconds"),
        "{}",
        stderr(&o)
    );
    let o = accord(&[
        "simulate",
        &toy(),
        "--protocol",
        "single-text",
        "--time-limit",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--time-limit: protocol `single-text` runs by rounds only"),
        "{}",
        stderr(&o)
    );
}
