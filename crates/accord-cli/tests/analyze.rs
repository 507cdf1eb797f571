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
    // The named parties negotiate (issue 14: --parties also defines the signatories): the
    // solutions are those of the scenario where every other signatory is not one, and only
    // their utilities are listed in the asked order.
    let by_set = json_of(&accord(&[
        "analyze",
        toy().to_str().unwrap(),
        "--json",
        "--set",
        "parties.east.signatory=false",
    ]));
    assert_eq!(out["not_negotiating"], json!(["east"]));
    assert_eq!(
        out["solutions"]["nash"]["terms"],
        by_set["solutions"]["nash"]["terms"]
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
    assert!(text.contains("West blocks most often"), "{text}");
    assert!(text.contains("no outcome meets them all at once"), "{text}");
}

#[test]
fn human_report_has_frontier_and_solutions() {
    let out = accord(&["analyze", toy().to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "outcomes: 45",
        "Agreements on the Pareto frontier",
        "Nash",
        "Utilitarian",
        "The border before the war",
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
    for pair in ["utility of West", "utility of East", "utility of Mediator"] {
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

/// A case of `../shared/cases/interop/` (read from there, never copied).
fn case(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/cases/interop")
        .join(path)
}

fn load(path: &Path) -> Scenario {
    let text = std::fs::read_to_string(path).unwrap();
    accord_model::parse(&text)
        .scenario
        .expect("a valid scenario")
}

/// The numbers an over-the-cap message states: (outcomes, distinct vectors).
fn stated_counts(err: &str) -> (u64, u64) {
    // The message itself, after any warnings `check` printed (an unweighed issue, …).
    let err = err.rfind("error:").map_or(err, |at| &err[at..]);
    let numbers: Vec<u64> = err
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .map(|w| w.parse().unwrap())
        .collect();
    (numbers[0], numbers[1])
}

/// `frontier-over-cap/big.toml`: the frontier passes the listing cap with every utility vector
/// distinct. The message states the measured counts (checked against an independent sweep of
/// the 2,000,000 outcomes) and suggests what works (`--epsilon`), never `--distinct`, which
/// cannot help here, with or without `--distinct` given; `--epsilon 0.01` then lists a few
/// hundred points.
#[test]
fn frontier_over_the_cap_states_the_measured_cause() {
    let path = case("frontier-over-cap/big.toml");
    let s = load(&path);
    // Independent count: 2 parties, sweep by descending first utility (ties: descending
    // second), keep what the best second utility so far does not dominate.
    let prefs: Vec<PointPreferences> = s
        .party_ixs()
        .map(|p| PointPreferences::midpoint(&s, p))
        .collect();
    let qty = s.issues()[0].options().collect::<Vec<_>>();
    let colour = s.issues()[1].options().collect::<Vec<_>>();
    let mut points: Vec<(f64, f64)> = Vec::with_capacity(qty.len() * colour.len());
    for &q in &qty {
        for &c in &colour {
            let o = [q, c];
            points.push((prefs[0].utility(&o), prefs[1].utility(&o)));
        }
    }
    points.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.total_cmp(&a.1)));
    let mut best_second = f64::NEG_INFINITY;
    let mut frontier: Vec<(f64, f64)> = Vec::new();
    for &(x, y) in &points {
        let dominated = frontier
            .last()
            .is_some_and(|&(fx, fy)| fx > x + 1e-9 && fy >= y - 1e-9)
            || best_second > y + 1e-9;
        if !dominated {
            frontier.push((x, y));
        }
        best_second = best_second.max(y);
    }
    let mut vectors: Vec<(u64, u64)> = frontier
        .iter()
        .map(|(x, y)| (x.to_bits(), y.to_bits()))
        .collect();
    vectors.sort_unstable();
    vectors.dedup();
    assert!(frontier.len() > accord_analysis::FRONTIER_LIMIT);

    let file = path.to_str().unwrap();
    for extra in [&[][..], &["--distinct"][..], &["--method", "merge"][..]] {
        let mut args = vec!["analyze", file, "--quiet"];
        args.extend_from_slice(extra);
        let out = accord(&args);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        let (outcomes, distinct) = stated_counts(&err);
        assert_eq!(outcomes as usize, frontier.len(), "{err}");
        assert_eq!(distinct as usize, vectors.len(), "{err}");
        assert!(err.contains("distinct utility vectors"), "{err}");
        assert!(err.contains("--epsilon"), "{err}");
        assert!(!err.contains("use --distinct"), "{err}");
        assert!(!err.contains("share a utility vector"), "{err}");
    }
    // Enumeration applies the same cap with the same meaning: it stops at it, and says so.
    let out = accord(&["analyze", file, "--quiet", "--method", "enumerate"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("at least"), "{err}");
    let (outcomes, distinct) = stated_counts(&err);
    assert!(outcomes as usize > accord_analysis::FRONTIER_LIMIT, "{err}");
    assert_eq!(outcomes, distinct, "{err}");
    assert!(!err.contains("use --distinct"), "{err}");
    // What the message suggests works.
    let out = json_of(&accord(&["analyze", file, "--json", "--epsilon", "0.01"]));
    let listed = out["pareto"].as_array().unwrap().len();
    assert!((2..1000).contains(&listed), "{listed}");
}

/// When outcomes share utility vectors and the vectors fit, `--distinct` is what works.
#[test]
fn frontier_over_the_cap_with_shared_vectors_suggests_distinct() {
    // 1,000 × 600 × 2 = 1,200,000 outcomes that all tie (no preference on `n` or `m`, and
    // `x` scored alike): one utility vector.
    let text = r#"format = "accord/1"
[scenario]
id = "ties"
title = "Ties"
[areas.a]
title = "A"
[issues.n]
area = "a"
title = "N"
range = { min = 1, max = 1000, step = 1 }
[issues.m]
area = "a"
title = "M"
range = { min = 1, max = 600, step = 1 }
[issues.x]
area = "a"
title = "X"
options = [ { id = "lo" }, { id = "hi" } ]
[parties.p]
name = "P"
walk_away = 0
[parties.p.weights]
x = 1
[parties.p.scores.x]
lo = 1.0
hi = 1.0
"#;
    let path = temp_file("ties.toml", text);
    let out = accord(&["analyze", path.to_str().unwrap(), "--quiet"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stated_counts(&err), (1_200_000, 1), "{err}");
    assert!(err.contains("use --distinct"), "{err}");
    let out = json_of(&accord(&[
        "analyze",
        path.to_str().unwrap(),
        "--json",
        "--distinct",
    ]));
    assert_eq!(out["pareto"].as_array().unwrap().len(), 1);
}

/// `frontier-over-cap/nash-flat.toml`: of many near-equal Nash products, the Nash point is the
/// first outcome (in outcome order) whose product is within a relative 1e-9 of the best
/// (`analysis.md`, "Ties"), computed here over the 200,000 outcomes.
#[test]
fn flat_nash_product_follows_the_tie_rule() {
    let path = case("frontier-over-cap/nash-flat.toml");
    let s = load(&path);
    let prefs: Vec<PointPreferences> = s
        .party_ixs()
        .map(|p| PointPreferences::midpoint(&s, p))
        .collect();
    let signatories: Vec<usize> = s
        .party_ixs()
        .filter(|&p| s.party(p).signatory())
        .map(|p| p.index())
        .collect();
    let mut outcomes: Vec<[OptionIx; 2]> = Vec::new();
    for q in s.issues()[0].options() {
        for c in s.issues()[1].options() {
            outcomes.push([q, c]);
        }
    }
    let product = |o: &[OptionIx]| -> Option<f64> {
        let mut p = 1.0;
        for &k in &signatories {
            if !prefs[k].accepts(o) {
                return None;
            }
            let gain = prefs[k].utility(o) - prefs[k].walk_away();
            p *= if gain > 1e-9 { gain } else { 0.0 };
        }
        Some(p)
    };
    let best = outcomes
        .iter()
        .filter_map(|o| product(o))
        .fold(f64::NEG_INFINITY, f64::max);
    let near = outcomes
        .iter()
        .filter(|o| product(*o).is_some_and(|p| p >= best - 1e-9 * best))
        .count();
    assert!(near > 1, "the case is flat: {near} near-equal products");
    let first = outcomes
        .iter()
        .find(|o| product(*o).is_some_and(|p| p >= best - 1e-9 * best))
        .unwrap();
    let out = json_of(&accord(&["analyze", path.to_str().unwrap(), "--json"]));
    let terms = &out["solutions"]["nash"]["terms"];
    for (issue, &x) in s.issues().iter().zip(first) {
        assert_eq!(
            terms[issue.id().as_str()],
            issue.option_value(x).to_json(),
            "{terms}"
        );
    }
}

/// `--parties a,b` defines the negotiation: the other parties are not signatories for the run
/// (the same as `--set parties.P.signatory=false` for each), and the output says so.
#[test]
fn parties_define_the_negotiation() {
    let toy = toy();
    let file = toy.to_str().unwrap();
    let all = json_of(&accord(&["analyze", file, "--json"]));
    let signatories: Vec<String> = all["signatories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert!(signatories.len() >= 2, "{signatories:?}");
    let (kept, left) = (&signatories[0], &signatories[1..]);
    let mut args = vec!["analyze", file, "--json", "--parties", kept];
    let out = json_of(&accord(&args));
    assert_eq!(out["signatories"], json!([kept]));
    assert_eq!(out["not_negotiating"], json!(left));
    let sets: Vec<String> = left
        .iter()
        .map(|p| format!("parties.{p}.signatory=false"))
        .collect();
    let mut set_args = vec!["analyze", file, "--json"];
    for s in &sets {
        set_args.extend(["--set", s]);
    }
    let by_set = json_of(&accord(&set_args));
    assert_eq!(out["solutions"]["nash"], {
        // The frontier's parties differ (only `kept`): compare the terms.
        let mut n = by_set["solutions"]["nash"].clone();
        n["utilities"] = out["solutions"]["nash"]["utilities"].clone();
        n
    });
    assert_eq!(out["agreements"], by_set["agreements"]);
    // Without --parties, nothing is said.
    assert!(all.get("not_negotiating").is_none());
    // People read it too.
    args.retain(|a| *a != "--json");
    let out = accord(&args);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("not signatories for this run") && text.contains(&left.join(", ")),
        "{text}"
    );
}

/// A two-party Genius domain imported with its UNCERTAIN copies (and extra profiles) analyzes,
/// with `--parties`, as the two-party negotiation: agreements and the Nash point are those
/// of the two named profiles alone.
#[test]
fn genius_folder_with_uncertain_copies_analyzes_as_two_parties() {
    let folder =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/domains/genius/ItexvsCypress");
    let dir = folder.to_str().unwrap();
    let all = json_of(&accord(&["analyze", dir, "--json", "--quiet"]));
    let parties: Vec<String> = all["signatories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(parties.len(), 4, "{parties:?}");
    // The two profiles without a number in their name are the real sides.
    let two: Vec<&String> = parties
        .iter()
        .filter(|p| !p.chars().any(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(two.len(), 2, "{parties:?}");
    let named = format!("{},{}", two[0], two[1]);
    let out = json_of(&accord(&[
        "analyze",
        dir,
        "--json",
        "--quiet",
        "--parties",
        &named,
    ]));
    assert_eq!(out["signatories"], json!(two));
    let others: Vec<&String> = parties.iter().filter(|p| !two.contains(p)).collect();
    assert_eq!(out["not_negotiating"], json!(others));
    // The same negotiation written as a two-party scenario, checked by brute force.
    let imported = accord(&["import", "genius", dir]);
    assert!(imported.status.success());
    let text = String::from_utf8(imported.stdout).unwrap();
    let s = accord_model::parse(&text).scenario.unwrap();
    let negotiation = s.negotiation(
        &two.iter()
            .map(|p| s.resolve_party(p).unwrap())
            .collect::<Vec<_>>(),
    );
    let mut expected = brute_force_json(&negotiation.scenario);
    assert_eq!(out["agreements"], expected["agreements"]);
    // The frontier's parties are the two named.
    for key in ["nash", "kalai", "egalitarian", "utilitarian"] {
        expected["solutions"][key]["utilities"] = out["solutions"][key]["utilities"].clone();
        assert_eq!(out["solutions"][key], expected["solutions"][key], "{key}");
    }
}

/// The scenario with an agreement rule (quorum with required funders, scoped consent, a
/// ratifier) written for the analysis tests.
fn stadium_rule() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../accord-analysis/tests/data/stadium-rule.toml")
}

/// Under an agreement rule, the JSON grows by `coalitions`, `win_sets` and
/// `price_of_inclusion`, pinned here with the human tables.
#[test]
fn rule_outputs_are_pinned() {
    let path = stadium_rule();
    let path = path.to_str().unwrap();
    insta::assert_snapshot!(
        "stadium_rule_analyze_json",
        stdout_of(&["analyze", path, "--json"])
    );
    // People's output at 100 columns (issue 17: labels, outcomes shown vertically).
    let out = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["analyze", path])
        .env("COLUMNS", "100")
        .output()
        .expect("the binary runs");
    assert!(out.status.success());
    insta::assert_snapshot!(
        "stadium_rule_analyze_human",
        String::from_utf8(out.stdout).expect("UTF-8")
    );
}

/// The rule's fields appear only where the scenario uses them, in analysis.md's shapes; both
/// methods agree on everything but their name.
#[test]
fn rule_fields_appear_only_with_a_rule() {
    let toy = json_of(&accord(&[
        "analyze",
        example_toy().to_str().unwrap(),
        "--json",
    ]));
    for key in [
        "coalitions",
        "coalitions_left_out",
        "win_sets",
        "price_of_inclusion",
    ] {
        assert!(toy.get(key).is_none(), "{key} without a rule");
    }
    let path = stadium_rule();
    let merged = json_of(&accord(&["analyze", path.to_str().unwrap(), "--json"]));
    let coalitions = merged["coalitions"].as_array().expect("coalitions");
    // 4 of 5 with sportco and dot required: choose 2 of mayor, residents, business.
    assert_eq!(coalitions.len(), 3);
    assert_eq!(
        coalitions[0]["members"],
        json!(["mayor", "sportco", "dot", "residents"])
    );
    for c in coalitions {
        assert!(c["agreements"].is_u64());
        for key in ["nash", "kalai", "egalitarian", "utilitarian"] {
            assert!(c["solutions"].get(key).is_some(), "{key}");
        }
    }
    assert!(merged.get("coalitions_left_out").is_none());
    assert_eq!(merged["win_sets"][0]["party"], "mayor");
    assert_eq!(merged["win_sets"][0]["ratifiers"], json!(["council"]));
    assert_eq!(merged["win_sets"][0]["shrinks_most"], "council");
    assert!(
        merged["win_sets"][0]["with_ratifiers"].as_u64().unwrap()
            <= merged["win_sets"][0]["alone"].as_u64().unwrap()
    );
    // Mayor, residents and business can be left out; the funders cannot.
    let left: Vec<&str> = merged["price_of_inclusion"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["party"].as_str().unwrap())
        .collect();
    assert_eq!(left, ["mayor", "residents", "business"]);
    let mut enumerated = json_of(&accord(&[
        "analyze",
        path.to_str().unwrap(),
        "--json",
        "--method",
        "enumerate",
    ]));
    assert_eq!(enumerated["method"], "enumerate");
    enumerated["method"] = json!("merge");
    assert_eq!(enumerated, merged);
}
