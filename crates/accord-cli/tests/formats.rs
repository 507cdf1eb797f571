//! `accord import` / `accord export`, and `show` / `check` on foreign files, run as a process.

use crate::common;

use std::path::PathBuf;

use common::accord;

fn domains() -> PathBuf {
    common::root().join("../shared/domains")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("accord-formats-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn import_export_import_through_the_command_line_is_byte_identical() {
    let dir = scratch("roundtrip");
    let travel = domains().join("genius/Travel");
    let first = dir.join("travel.toml");
    let out = accord(&[
        "import",
        "genius",
        travel.to_str().unwrap(),
        "-o",
        first.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let check = accord(&["check", first.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let exported = dir.join("genius");
    let out = accord(&[
        "export",
        "genius",
        first.to_str().unwrap(),
        "-o",
        exported.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(exported.join("travel_domain.xml").is_file());
    assert!(exported.join("travel_chox.xml").is_file());
    let out = accord(&["import", "genius", exported.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), std::fs::read_to_string(&first).unwrap());
}

#[test]
fn geniusweb_import_and_export() {
    let dir = scratch("gw");
    let party = domains().join("geniusweb/Party");
    let files: Vec<String> = ["party.json", "party1.json", "party2.json"]
        .iter()
        .map(|f| party.join(f).display().to_string())
        .collect();
    let first = dir.join("party.toml");
    let mut args = vec!["import", "geniusweb"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["-o", first.to_str().unwrap()]);
    let out = accord(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = accord(&[
        "export",
        "geniusweb",
        first.to_str().unwrap(),
        "-o",
        dir.join("gw").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let back = accord(&["import", "geniusweb", dir.join("gw").to_str().unwrap()]);
    assert_eq!(text(&back.stdout), std::fs::read_to_string(&first).unwrap());
}

#[test]
fn show_and_check_read_foreign_files_directly() {
    let out = accord(&["show", domains().join("genius/Laptop").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("laptop_buyer_utility"),
        "{}",
        text(&out.stdout)
    );
    let profile = domains().join("geniusweb/ANL2023_domain00/profileA.json");
    let out = accord(&["show", profile.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("6480 possible outcomes"),
        "{}",
        text(&out.stdout)
    );
    let out = accord(&[
        "check",
        domains().join("genius/KillerRobot").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn invalid_input_exits_1_with_file_line_and_reason() {
    let dir = scratch("bad");
    let genius = dir.join("genius");
    std::fs::create_dir_all(&genius).unwrap();
    std::fs::write(
        genius.join("domain.xml"),
        "<negotiation_template>\n<utility_space>\n<objective index=\"0\" name=\"d\">\n\
         <issue index=\"1\" name=\"x\" type=\"discrete\"><item index=\"1\" value=\"a\"/>\
         <item index=\"2\" value=\"b\"/></issue>\n</objective>\n</utility_space>\n\
         </negotiation_template>\n",
    )
    .unwrap();
    std::fs::write(
        genius.join("profile.xml"),
        "<utility_space>\n<objective index=\"0\" name=\"d\">\n<weight index=\"1\" value=\"1\"/>\n\
         <issue index=\"1\" name=\"x\" type=\"real\"><evaluator ftype=\"linear\" \
         parameter0=\"0\" parameter1=\"1\"/></issue>\n</objective>\n</utility_space>\n",
    )
    .unwrap();
    let out = accord(&["import", "genius", genius.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("profile.xml:4: issue `x` is real in the profile but discrete"),
        "{err}"
    );
    let bad = dir.join("bad.xml");
    std::fs::write(
        &bad,
        "<negotiation_template>\n<utility_space>\n</negotiation_template>\n",
    )
    .unwrap();
    let out = accord(&["show", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("bad.xml:3: not well-formed XML"),
        "{}",
        text(&out.stderr)
    );
    let pareto = domains().join("genius/ANAC2014_10issuesDiscountedwithRV/pareto.xml");
    let out = accord(&["import", "genius", pareto.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("pareto.xml:2: not XML"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(accord(&["import", "excel", "x"]).status.code(), Some(2));
    assert_eq!(accord(&["import", "genius"]).status.code(), Some(2));
    let travel = domains().join("genius/Travel");
    let out = accord(&[
        "import",
        "genius",
        travel.to_str().unwrap(),
        "--real-steps",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        accord(&["export", "genius", "x.toml"]).status.code(),
        Some(2)
    );
}

#[test]
fn export_refuses_what_the_format_cannot_hold() {
    let dir = scratch("refuse");
    let toml = dir.join("s.toml");
    std::fs::write(
        &toml,
        r#"format = "accord/1"
[scenario]
id = "s"
title = "S"
[areas.a]
title = "A"
[issues.x]
area = "a"
title = "X"
options = [{ id = "p" }, { id = "q" }]
[parties.u]
name = "U"
walk_away = 0.2
[parties.u.weights]
x = 1
[parties.u.scores.x]
p = 1
q = 0
[[parties.u.interactions]]
when = { x = "p" }
bonus = 0.1
"#,
    )
    .unwrap();
    let out = accord(&[
        "export",
        "geniusweb",
        toml.to_str().unwrap(),
        "-o",
        dir.join("o").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("s.toml: party `u` has interactions"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn import_and_export_that_cannot_write_exit_1_naming_the_path_and_reason() {
    let dir = scratch("unwritable");
    // A path under a regular file: no user, not even root, can write there.
    let plain = dir.join("plain");
    std::fs::write(&plain, "not a folder").unwrap();
    let travel = domains().join("genius/Travel");

    let target = plain.join("travel.toml");
    let out = accord(&[
        "import",
        "genius",
        travel.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}: cannot write: Not a directory",
            target.display()
        )),
        "{err}"
    );

    let scenario = dir.join("travel.toml");
    let out = accord(&[
        "import",
        "genius",
        travel.to_str().unwrap(),
        "-o",
        scenario.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let folder = plain.join("out");
    let out = accord(&[
        "export",
        "genius",
        scenario.to_str().unwrap(),
        "-o",
        folder.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}: cannot create the folder: Not a directory",
            folder.display()
        )),
        "{err}"
    );
}

/// A profile's utility per outcome and its reservation value.
type Profile = (Vec<f64>, f64);

/// Genius's own utility of each outcome (lexicographic order, the first issue slowest) for
/// each profile, and its reservation value: `Σ w·E/max E`, read straight from the files.
fn genius_utilities(domain: &PathBuf, profiles: &[PathBuf]) -> (Vec<Vec<usize>>, Vec<Profile>) {
    use accord_formats::xml::{Element, read};
    let tree = |p: &PathBuf| read("f", &std::fs::read(p).unwrap()).unwrap().0;
    let d = tree(domain);
    let issues: Vec<&Element> = d
        .descendants()
        .into_iter()
        .filter(|e| e.name == "issue")
        .collect();
    let values: Vec<Vec<&str>> = issues
        .iter()
        .map(|i| {
            i.children_named("item")
                .map(|v| v.attr("value").unwrap())
                .collect()
        })
        .collect();
    let mut outcomes: Vec<Vec<usize>> = vec![Vec::new()];
    for vs in &values {
        outcomes = outcomes
            .into_iter()
            .flat_map(|o| {
                (0..vs.len()).map(move |k| {
                    let mut o = o.clone();
                    o.push(k);
                    o
                })
            })
            .collect();
    }
    let mut out = Vec::new();
    for p in profiles {
        let t = tree(p);
        let all = t.descendants();
        let num = |e: &Element, k: &str| e.attr(k).unwrap().trim().parse::<f64>().unwrap();
        let mut evals: Vec<(f64, Vec<f64>)> = Vec::new();
        for (i, issue) in issues.iter().enumerate() {
            let index = issue.attr("index").unwrap();
            let w = all
                .iter()
                .find(|e| e.name == "weight" && e.attr("index") == Some(index))
                .map_or(0.0, |e| num(e, "value"));
            let pi = all
                .iter()
                .find(|e| e.name == "issue" && e.attr("index") == Some(index))
                .unwrap();
            let raw: Vec<f64> = values[i]
                .iter()
                .map(|v| {
                    let item = pi
                        .children_named("item")
                        .find(|x| x.attr("value") == Some(v))
                        .unwrap();
                    num(item, "evaluation")
                })
                .collect();
            let max = raw.iter().copied().fold(f64::MIN, f64::max);
            evals.push((
                w,
                raw.iter()
                    .map(|x| if max < 1e-5 { 0.0 } else { x / max })
                    .collect(),
            ));
        }
        let u: Vec<f64> = outcomes
            .iter()
            .map(|o| evals.iter().zip(o).map(|((w, e), &k)| w * e[k]).sum())
            .collect();
        let r = all
            .iter()
            .rev()
            .find(|e| e.name == "reservation")
            .map_or(0.0, |e| num(e, "value"));
        out.push((u, r));
    }
    (outcomes, out)
}

/// `negmas/Travel` has negative evaluations and reservation values: it imports by an exact
/// positive affine map per party, so the frontier, the agreements and the Nash and
/// Kalai–Smorodinsky outcomes are those of Genius's raw utilities (by brute force here).
#[test]
fn negative_evaluations_import_by_an_affine_map_that_keeps_the_solutions() {
    let dir = domains().join("negmas/Travel");
    let profiles = [dir.join("travel_chox.xml"), dir.join("travel_fanny.xml")];
    let imported = accord_formats::import(
        accord_formats::Foreign::Genius,
        &[
            dir.join("travel_domain.xml"),
            profiles[0].clone(),
            profiles[1].clone(),
        ],
        &accord_formats::ImportOptions::default(),
    )
    .unwrap();
    assert!(
        imported
            .scenario
            .note()
            .unwrap_or_default()
            .contains("affine map"),
        "the map is in the note"
    );
    assert_eq!(
        imported
            .warnings
            .iter()
            .filter(|w| w.message.contains("affine map"))
            .count(),
        2
    );
    let (outcomes, parties) = genius_utilities(&dir.join("travel_domain.xml"), &profiles);
    let n = outcomes.len();
    let agree: Vec<usize> = (0..n)
        .filter(|&k| parties.iter().all(|(u, r)| u[k] >= r - 1e-12))
        .collect();
    // Pareto frontier (over every outcome), as a set of outcomes: sorted by the first
    // party's utility, then the second's, both descending, an outcome is on it when it has the
    // best second utility of its group and beats every outcome with a higher first utility.
    let (u0, u1) = (&parties[0].0, &parties[1].0);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| u0[b].total_cmp(&u0[a]).then(u1[b].total_cmp(&u1[a])));
    let mut frontier: Vec<Vec<usize>> = Vec::new();
    let mut before = f64::NEG_INFINITY;
    let mut g = 0;
    while g < n {
        let mut h = g;
        while h < n && u0[order[h]] == u0[order[g]] {
            h += 1;
        }
        let top = u1[order[g]];
        if top > before {
            for &k in &order[g..h] {
                if u1[k] == top {
                    frontier.push(outcomes[k].clone());
                }
            }
        }
        before = before.max(top);
        g = h;
    }
    frontier.sort();
    // Nash and Kalai–Smorodinsky over the agreements, d = the reservation values.
    let argmax = |f: &dyn Fn(usize) -> f64| {
        let best = agree
            .iter()
            .map(|&k| f(k))
            .fold(f64::NEG_INFINITY, f64::max);
        let k = *agree
            .iter()
            .find(|&&k| f(k) >= best - 1e-9 * best.abs())
            .unwrap();
        outcomes[k].clone()
    };
    let nash = argmax(&|k| parties.iter().map(|(u, r)| u[k] - r).product());
    let ideal: Vec<f64> = parties
        .iter()
        .map(|(u, _)| {
            agree
                .iter()
                .map(|&k| u[k])
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    let ks = argmax(&|k| {
        parties
            .iter()
            .zip(&ideal)
            .map(|((u, r), i)| (u[k] - r) / (i - r))
            .fold(f64::INFINITY, f64::min)
    });
    let a =
        accord_analysis::analyze(&imported.scenario, &accord_analysis::Options::default()).unwrap();
    assert_eq!(a.agreements, Some(agree.len() as u64));
    let ix = |o: &[accord_model::OptionIx]| o.iter().map(|x| x.index()).collect::<Vec<_>>();
    let mut got: Vec<Vec<usize>> = a.frontier.iter().map(|p| ix(&p.outcome)).collect();
    got.sort();
    assert_eq!(got, frontier);
    for (solution, point) in &a.solutions {
        let want = match solution {
            accord_analysis::BargainingSolution::Nash => &nash,
            accord_analysis::BargainingSolution::KalaiSmorodinsky => &ks,
            _ => continue,
        };
        assert_eq!(
            &ix(&point.as_ref().unwrap().outcome),
            want,
            "{}",
            solution.name()
        );
    }
}

#[test]
fn import_warns_of_skipped_files_and_duplicate_roles() {
    let cases = common::root().join("../shared/cases/interop");
    let out = accord(&[
        "import",
        "genius",
        cases.join("folder-with-results-log").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("session-log.xml: skipped: neither a Genius domain"),
        "{err}"
    );
    let out = accord(&[
        "import",
        "genius",
        domains().join("genius/Party").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("warning: duplicate roles: `party1_utility.xml`"),
        "{err}"
    );
    assert!(
        err.contains("hint: import only the negotiation's profiles"),
        "{err}"
    );
}

/// A coarse numeric grid leaves as discrete items and comes back with the same outcome count;
/// `--real-issues` asks for Genius's real issue, which re-imports as its 21 points, with a warning.
#[test]
fn export_keeps_a_coarse_grid_exactly_unless_real_issues_are_asked_for() {
    let fund = common::root().join("../shared/cases/interop/export-grid-step/fund.toml");
    let fund = fund.to_str().unwrap();
    let outcomes = |dir: &std::path::Path| {
        let o = accord(&["analyze", dir.to_str().unwrap(), "--json", "--quiet"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["outcomes"].as_u64().unwrap()
    };
    let exact = scratch("grid-exact");
    let o = accord(&["export", "genius", fund, "-o", exact.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(outcomes(&exact), 10);
    let real = scratch("grid-real");
    let o = accord(&[
        "export",
        "genius",
        fund,
        "-o",
        real.to_str().unwrap(),
        "--real-issues",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("Genius enumerates 21"),
        "{}",
        text(&o.stderr)
    );
    assert_eq!(outcomes(&real), 42);
    let _ = std::fs::remove_dir_all(exact);
    let _ = std::fs::remove_dir_all(real);
}
