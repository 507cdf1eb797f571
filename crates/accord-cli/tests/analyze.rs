//! `accord analyze` as a process: JSON against an independent brute force, errors and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use accord_model::{OptionIx, PointPreferences, Scenario};
use serde_json::{Value, json};

fn toy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/scenarios/toy-border.toml")
}

fn accord(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json_of(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("accord-analyze-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The whole JSON of `accord analyze`, computed here by brute force from the definitions.
fn brute_force_json(s: &Scenario) -> Value {
    const TOL: f64 = 1e-9;
    let prefs: Vec<PointPreferences> = s
        .party_ixs()
        .map(|p| PointPreferences::midpoint(s, p))
        .collect();
    let parties: Vec<usize> = s
        .party_ixs()
        .filter(|&p| s.party(p).has_preferences())
        .map(|p| p.index())
        .collect();
    let signatories: Vec<usize> = s
        .party_ixs()
        .filter(|&p| s.party(p).signatory())
        .map(|p| p.index())
        .collect();
    let mut outcomes: Vec<Vec<OptionIx>> = vec![vec![]];
    for issue in s.issues() {
        outcomes = outcomes
            .iter()
            .flat_map(|o| {
                issue.options().map(move |x| {
                    let mut v = o.clone();
                    v.push(x);
                    v
                })
            })
            .collect();
    }
    let u = |o: &[OptionIx], ps: &[usize]| -> Vec<f64> {
        ps.iter().map(|&p| prefs[p].utility(o)).collect()
    };
    let dominates = |a: &[f64], b: &[f64]| {
        a.iter().zip(b).all(|(x, y)| *x >= y - TOL) && a.iter().zip(b).any(|(x, y)| *x > y + TOL)
    };
    let mut frontier: Vec<&Vec<OptionIx>> = outcomes
        .iter()
        .filter(|x| {
            !outcomes
                .iter()
                .any(|y| dominates(&u(y, &parties), &u(x, &parties)))
        })
        .collect();
    // Utilities here are well separated, so a plain sort gives the spec's order.
    frontier.sort_by(|a, b| {
        let (x, y) = (u(a, &parties)[0], u(b, &parties)[0]);
        if (x - y).abs() <= TOL {
            a.cmp(b)
        } else {
            y.total_cmp(&x)
        }
    });
    let agreements: Vec<&Vec<OptionIx>> = outcomes
        .iter()
        .filter(|o| signatories.iter().all(|&p| prefs[p].accepts(o)))
        .collect();
    let d: Vec<f64> = signatories.iter().map(|&p| prefs[p].walk_away()).collect();
    let su = |o: &[OptionIx]| u(o, &signatories);
    let ideal: Vec<f64> = (0..d.len())
        .map(|k| agreements.iter().map(|o| su(o)[k]).fold(f64::MIN, f64::max))
        .collect();
    let nash = |o: &[OptionIx]| -> f64 {
        su(o)
            .iter()
            .zip(&d)
            .map(|(u, d)| if u - d > TOL { u - d } else { 0.0 })
            .product()
    };
    let kalai = |o: &[OptionIx]| -> f64 {
        (0..d.len())
            .filter(|&k| ideal[k] - d[k] > TOL)
            .map(|k| (su(o)[k] - d[k]) / (ideal[k] - d[k]))
            .fold(f64::INFINITY, f64::min)
    };
    let min_gain = |o: &[OptionIx]| -> f64 {
        su(o)
            .iter()
            .zip(&d)
            .map(|(u, d)| u - d)
            .fold(f64::INFINITY, f64::min)
    };
    let sum = |o: &[OptionIx]| -> f64 { su(o).iter().sum() };
    let best = |f: &dyn Fn(&[OptionIx]) -> f64| {
        agreements
            .iter()
            .map(|o| f(o))
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let point = |o: &[OptionIx]| {
        let terms: serde_json::Map<String, Value> = s
            .issues()
            .iter()
            .zip(o)
            .map(|(i, &x)| (i.id().to_string(), i.option_value(x).to_json()))
            .collect();
        json!({ "terms": terms, "utilities": u(o, &parties) })
    };
    let first = |ok: &dyn Fn(&[OptionIx]) -> bool| {
        agreements
            .iter()
            .find(|o| ok(o))
            .map_or(Value::Null, |o| point(o))
    };
    let (bn, bk, bm, bu) = (best(&nash), best(&kalai), best(&min_gain), best(&sum));
    let bs = best(&|o| {
        if min_gain(o) >= bm - TOL {
            sum(o)
        } else {
            f64::NEG_INFINITY
        }
    });
    json!({
        "scenario": s.id().as_str(),
        "parties": parties.iter().map(|&p| s.parties()[p].id().as_str()).collect::<Vec<_>>(),
        "outcomes": outcomes.len(),
        "agreements": agreements.len(),
        "pareto": frontier.iter().map(|o| point(o)).collect::<Vec<_>>(),
        "solutions": {
            "nash": first(&|o| nash(o) >= bn - 1e-9 * bn),
            "kalai": first(&|o| kalai(o) >= bk - TOL),
            "egalitarian": first(&|o| min_gain(o) >= bm - TOL && sum(o) >= bs - TOL),
            "utilitarian": first(&|o| sum(o) >= bu - TOL),
        },
    })
}

#[test]
fn toy_json_matches_brute_force() {
    let text = std::fs::read_to_string(toy()).unwrap();
    let scenario = accord_model::parse(&text).scenario.unwrap();
    let want = brute_force_json(&scenario);
    for method in ["auto", "enumerate"] {
        let got = json_of(&accord(&[
            "analyze",
            toy().to_str().unwrap(),
            "--json",
            "--method",
            method,
        ]));
        for key in [
            "scenario",
            "parties",
            "outcomes",
            "agreements",
            "pareto",
            "solutions",
        ] {
            assert_eq!(got[key], want[key], "{key} differs ({method})");
        }
        assert_eq!(got["method"], "enumerate", "the toy has interactions");
        assert_eq!(got["blocking"], Value::Null);
    }
}

#[test]
fn chosen_parties_and_distinct() {
    let out = json_of(&accord(&[
        "analyze",
        toy().to_str().unwrap(),
        "--json",
        "--parties",
        "mediator,west",
        "--distinct",
    ]));
    assert_eq!(out["parties"], json!(["mediator", "west"]));
    let pareto = out["pareto"].as_array().unwrap();
    let first: Vec<f64> = pareto
        .iter()
        .map(|p| p["utilities"][0].as_f64().unwrap())
        .collect();
    assert!(first.windows(2).all(|w| w[0] >= w[1]));
    // Distinct: no two listed points share a utility vector.
    for (a, p) in pareto.iter().enumerate() {
        for q in &pareto[a + 1..] {
            assert_ne!(p["utilities"], q["utilities"]);
        }
    }
    // The signatories' solutions do not depend on the frontier's parties, only their utilities
    // are listed in the asked order.
    let all = json_of(&accord(&["analyze", toy().to_str().unwrap(), "--json"]));
    assert_eq!(
        out["solutions"]["nash"]["terms"],
        all["solutions"]["nash"]["terms"]
    );
}

#[test]
fn unknown_party_is_a_usage_error() {
    let out = accord(&["analyze", toy().to_str().unwrap(), "--parties", "wset"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("unknown party `wset`") && err.contains("west"),
        "{err}"
    );
}

#[test]
fn invalid_input_exits_1() {
    let path = temp_file("broken.toml", "format = \"accord/1\"\n[scenario]\n");
    let out = accord(&["analyze", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let out = accord(&["analyze", "/nonexistent/file.toml", "--json"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn merge_refuses_interactions() {
    let out = accord(&["analyze", toy().to_str().unwrap(), "--method", "merge"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("interactions") && err.contains("east"),
        "{err}"
    );
}

#[test]
fn huge_spaces_merge_and_refuse_enumeration() {
    use accord_analysis::synthetic::{Shape, additive_scenario};
    let shape = Shape {
        parties: 2,
        issues: 200,
        options: 10,
        walk_away: 0.3,
        interactions: false,
    };
    let path = temp_file("huge.toml", &additive_scenario(shape, 3));
    let out = accord(&["analyze", path.to_str().unwrap(), "--json", "--distinct"]);
    let v = json_of(&out);
    let raw = String::from_utf8_lossy(&out.stdout);
    assert!(raw.contains(&format!("\"outcomes\": 1{}", "0".repeat(200))));
    assert_eq!(v["agreements"], Value::Null);
    assert_eq!(v["method"], "merge");
    assert!(v["solutions"]["nash"]["terms"].as_object().unwrap().len() == 200);
    let out = accord(&["analyze", path.to_str().unwrap(), "--method", "enumerate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1.0e200") && err.contains("--method merge"),
        "{err}"
    );
}

#[test]
fn no_agreement_says_who_blocks() {
    let text = std::fs::read_to_string(toy())
        .unwrap()
        .replace("walk_away = 0.35", "walk_away = 0.95");
    let path = temp_file("blocked.toml", &text);
    let v = json_of(&accord(&["analyze", path.to_str().unwrap(), "--json"]));
    assert_eq!(v["agreements"], 0);
    assert_eq!(v["solutions"]["nash"], Value::Null);
    let west = &v["blocking"]["parties"][0];
    assert_eq!(west["party"], "west");
    // West can reach its walk-away alone (1.0 at best) but rejects all but 2 of 45 outcomes.
    assert_eq!(west["best"], 1.0);
    assert_eq!(west["rejects"], 43);
    let out = accord(&["analyze", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("No outcome is an agreement"), "{text}");
    assert!(text.contains("west blocks most often"), "{text}");
    assert!(text.contains("no outcome meets them all at once"), "{text}");
}

#[test]
fn human_report_has_frontier_and_solutions() {
    let out = accord(&["analyze", toy().to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "outcomes: 45",
        "Pareto frontier",
        "nash",
        "utilitarian",
        "old_border",
    ] {
        assert!(text.contains(needle), "missing {needle}:\n{text}");
    }
}

#[test]
fn improve_lists_only_improvements() {
    let text = std::fs::read_to_string(toy()).unwrap();
    let scenario = accord_model::parse(&text).scenario.unwrap();
    let v = json_of(&accord(&[
        "improve",
        toy().to_str().unwrap(),
        "--plan",
        "draft_b",
        "--json",
    ]));
    let draft: Vec<f64> = v["draft"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect();
    assert_eq!(v["signatories"], json!(["west", "east"]));
    let list = v["improvements"]["nash"].as_array().unwrap();
    assert!(!list.is_empty());
    let signatories: Vec<_> = scenario
        .party_ixs()
        .filter(|&p| scenario.party(p).signatory())
        .collect();
    for item in list {
        // Recompute the utilities from the terms with the model, independently.
        let outcome: Vec<OptionIx> = scenario
            .issues()
            .iter()
            .map(|issue| {
                let t = &item["terms"][issue.id().as_str()];
                match t.as_str() {
                    Some(id) => issue.find_option(id).unwrap(),
                    None => issue.find_value(t.as_f64().unwrap()).unwrap(),
                }
            })
            .collect();
        let u: Vec<f64> = signatories
            .iter()
            .map(|&p| PointPreferences::midpoint(&scenario, p).utility(&outcome))
            .collect();
        assert!(u.iter().zip(&draft).all(|(u, d)| *u >= d - 1e-9));
        assert!(u.iter().zip(&draft).any(|(u, d)| *u > d + 1e-9));
        assert!(!item["changes"].as_object().unwrap().is_empty());
    }
    let out = accord(&["improve", toy().to_str().unwrap(), "--plan", "draft_z"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn amend_finds_the_smallest_changes() {
    let text = std::fs::read_to_string(toy())
        .unwrap()
        .replace("walk_away = 0.35", "walk_away = 0.62");
    let path = temp_file("amend.toml", &text);
    let v = json_of(&accord(&[
        "amend",
        path.to_str().unwrap(),
        "--plan",
        "draft_a",
        "--json",
    ]));
    assert_eq!(v["already_agreement"], false);
    let list = v["amendments"].as_array().unwrap();
    // Changing the border alone is enough, and is the cheapest for the drafters.
    assert_eq!(list[0]["changes"], json!({ "border": "old_border" }));
    assert!(list.iter().all(|a| {
        let c = a["changes"].as_object().unwrap();
        !(c.len() > 1 && c.contains_key("border"))
    }));
    let v = json_of(&accord(&[
        "amend",
        toy().to_str().unwrap(),
        "--plan",
        "draft_a",
        "--json",
    ]));
    assert_eq!(v["already_agreement"], true);
    let out = accord(&["amend", toy().to_str().unwrap(), "--plan", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn plot_draws_frontier_walk_aways_plans_and_solutions() {
    let out_path = std::env::temp_dir().join(format!("accord-plot-{}.svg", std::process::id()));
    let out = accord(&[
        "analyze",
        toy().to_str().unwrap(),
        "--parties",
        "west,east",
        "--plot",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let svg = std::fs::read_to_string(&out_path).unwrap();
    insta::assert_snapshot!("toy_frontier_svg", svg);
    let out = accord(&[
        "analyze",
        toy().to_str().unwrap(),
        "--parties",
        "west",
        "--plot",
        out_path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    // Three parties on the frontier: a panel per pair.
    let out = accord(&[
        "analyze",
        toy().to_str().unwrap(),
        "--plot",
        out_path.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let svg = std::fs::read_to_string(&out_path).unwrap();
    for pair in ["utility of west", "utility of east", "utility of mediator"] {
        assert!(svg.contains(pair), "{pair}");
    }
    // Each of the 3 panels labels both axes: 6 axis titles, plus nothing else of that form.
    assert_eq!(svg.matches("utility of ").count(), 6);
}

#[test]
fn merges_too_large_to_hold_are_refused_before_allocating() {
    let text = r#"format = "accord/1"
[scenario]
id = "grid"
title = "Two big grids"
[areas.a]
title = "A"
[issues.x]
area = "a"
title = "X"
range = { min = 0, max = 999999, step = 1 }
[issues.y]
area = "a"
title = "Y"
range = { min = 0, max = 999999, step = 1 }
[parties.p]
name = "P"
walk_away = 0.1
[parties.p.weights]
x = 1
y = 1
[parties.p.scores.x]
curve = [[0, 0.0], [999999, 1.0]]
[parties.p.scores.y]
curve = [[0, 0.0], [999999, 1.0]]
[parties.q]
name = "Q"
walk_away = 0.1
[parties.q.weights]
x = 1
y = 1
[parties.q.scores.x]
curve = [[0, 1.0], [999999, 0.0]]
[parties.q.scores.y]
curve = [[0, 1.0], [999999, 0.0]]
"#;
    let path = temp_file("grids.toml", text);
    let out = accord(&["analyze", path.to_str().unwrap(), "--distinct"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1000000000000 partial frontier points at once (the limit is 50000000)"),
        "{err}"
    );
}

/// The toy as bundled in `examples/`.
fn example_toy() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/toy-border.toml")
}

/// The smallest shared GeniusWeb domain with precomputed specials (432 outcomes).
fn shared_domain() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/domains/geniusweb/ANL2023_domain09")
}

/// Standard output of a successful run, as text.
fn stdout_of(args: &[&str]) -> String {
    let out = accord(args);
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The JSON shapes of `analyze`, `improve` and `amend`, pinned: JSON may only grow.
#[test]
fn json_outputs_are_pinned() {
    let toy = example_toy();
    let toy = toy.to_str().unwrap();
    let domain = shared_domain();
    let domain = domain.to_str().unwrap();
    insta::assert_snapshot!("toy_analyze_json", stdout_of(&["analyze", toy, "--json"]));
    insta::assert_snapshot!(
        "shared_domain_analyze_json",
        stdout_of(&["analyze", domain, "--json", "--distinct"])
    );
    insta::assert_snapshot!(
        "toy_improve_json",
        stdout_of(&["improve", toy, "--plan", "draft_b", "--top", "3", "--json"])
    );
    insta::assert_snapshot!(
        "toy_amend_json",
        stdout_of(&["amend", toy, "--plan", "draft_a", "--json"])
    );
    // A walk-away that the first draft misses: amendments to list.
    let text = std::fs::read_to_string(example_toy())
        .unwrap()
        .replace("walk_away = 0.35", "walk_away = 0.62");
    let raised = temp_file("pinned-amend.toml", &text);
    insta::assert_snapshot!(
        "toy_raised_walk_away_amend_json",
        stdout_of(&[
            "amend",
            raised.to_str().unwrap(),
            "--plan",
            "draft_a",
            "--json"
        ])
    );
    // No agreement: the blocking explanation.
    let text = std::fs::read_to_string(example_toy())
        .unwrap()
        .replace("walk_away = 0.35", "walk_away = 0.99");
    let blocked = temp_file("pinned-blocked.toml", &text);
    insta::assert_snapshot!(
        "toy_no_agreement_analyze_json",
        stdout_of(&["analyze", blocked.to_str().unwrap(), "--json"])
    );
}
