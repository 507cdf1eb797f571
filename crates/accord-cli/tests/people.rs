//! People's output of `analyze`, `show`, `simulate` and `evaluate` (issue 17): pinned at 100
//! columns, never wider than the terminal but for unbreakable tokens, and in the scenario's
//! words (no key path such as `parties.east.walk_away` in prose).

use crate::common::{accord_env, root, stderr, stdout};

/// Runs `accord` at 100 columns and returns its standard output (it must succeed).
fn at_100(args: &[&str]) -> String {
    let o = accord_env(args, &[("COLUMNS", "100")]);
    assert!(o.status.success(), "accord {args:?}: {}", stderr(&o));
    stdout(&o)
}

/// The toy with West's walk-away out of reach: no outcome is an agreement.
fn blocked_toy(dir: &std::path::Path) -> String {
    let text = std::fs::read_to_string(root().join("examples/toy-border.toml"))
        .unwrap()
        .replace("walk_away = 0.35", "walk_away = 0.95");
    let path = dir.join("blocked.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn analyze_lists_the_best_agreements_vertically_in_labels() {
    let out = at_100(&["analyze", "examples/toy-border.toml", "--quiet"]);
    insta::assert_snapshot!("people-analyze-toy", out);
    // Five agreements by default, the best by Nash product first; --top 2 shows two.
    let heads = |text: &str| {
        text.lines()
            .filter(|l| l.contains("┆ #"))
            .flat_map(|l| l.split('┆').skip(1).map(|c| c.trim().to_owned()))
            .collect::<Vec<_>>()
    };
    let top = at_100(&[
        "analyze",
        "examples/toy-border.toml",
        "--quiet",
        "--top",
        "2",
    ]);
    let all_best = heads(&out);
    let best: Vec<String> = all_best.iter().take(2).cloned().collect();
    assert_eq!(all_best.len(), 5, "{out}");
    assert_eq!(heads(&top)[..2], best[..], "{top}");
    assert!(
        !out.contains("old_border"),
        "option ids in people's output:\n{out}"
    );
}

/// The Nash products shown decrease from left to right and equal the JSON's solution's
/// product for the first column (the Nash solution is the best agreement by Nash product).
#[test]
fn the_first_agreement_is_the_nash_solution() {
    let out = at_100(&["analyze", "examples/toy-border.toml", "--quiet"]);
    let products: Vec<f64> = out
        .lines()
        .filter(|l| l.contains("Nash product"))
        .flat_map(|l| {
            l.split('┆')
                .skip(1)
                .map(|c| {
                    c.trim()
                        .trim_end_matches('│')
                        .trim()
                        .parse::<f64>()
                        .unwrap()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(products.len(), 5, "{out}");
    assert!(products.windows(2).all(|w| w[0] >= w[1]), "{products:?}");
    let v = crate::common::json(&accord_env(
        &["analyze", "examples/toy-border.toml", "--json"],
        &[],
    ));
    let nash = &v["solutions"]["nash"]["utilities"];
    let (w, e) = (nash[0].as_f64().unwrap(), nash[1].as_f64().unwrap());
    // Walk-aways: West 0.35, East 0.4 (the midpoint of [0.3, 0.5]).
    let product = (w - 0.35) * (e - 0.4);
    assert!(
        (products[0] - product).abs() < 5e-4,
        "{products:?} vs {product}"
    );
}

#[test]
fn analyze_without_agreement_says_why_and_lists_no_frontier() {
    let dir = tempfile::tempdir().unwrap();
    let file = blocked_toy(dir.path());
    let out = at_100(&["analyze", &file, "--quiet"]);
    assert!(out.contains("No outcome is an agreement"), "{out}");
    assert!(out.contains("West: walk-away 0.950"), "{out}");
    assert!(!out.contains("┆ #"), "frontier outcomes listed:\n{out}");
    insta::assert_snapshot!("people-analyze-none", out);
}

#[test]
fn analyze_all_lists_the_whole_frontier_with_observers_left_out() {
    let out = at_100(&[
        "analyze",
        "tests/data/valid/river-treaty.toml",
        "--quiet",
        "--all",
    ]);
    let columns = out
        .lines()
        .filter(|l| l.contains("┆ #"))
        .map(|l| l.matches('┆').count())
        .sum::<usize>();
    let v = crate::common::json(&accord_env(
        &["analyze", "tests/data/valid/river-treaty.toml", "--json"],
        &[],
    ));
    assert_eq!(columns, v["pareto"].as_array().unwrap().len(), "{out}");
    assert!(
        !out.contains("Basin facilitator"),
        "an observer in a table:\n{out}"
    );
    insta::assert_snapshot!("people-analyze-river-all", out);
}

#[test]
fn show_gives_scores_and_intervals() {
    let out = at_100(&["show", "tests/data/valid/river-treaty.toml"]);
    assert!(
        out.contains("Downstream: walk-away (reservation value) 0.35–0.45"),
        "{out}"
    );
    assert!(
        out.contains("No monitoring: 1; A joint commission: 0.6"),
        "{out}"
    );
    insta::assert_snapshot!("people-show-river", out);
}

#[test]
fn the_story_lists_only_what_changed() {
    let out = at_100(&["simulate", "examples/toy-border.toml", "--rounds", "20"]);
    insta::assert_snapshot!("people-simulate-toy", out);
    // The first offer in full, later ones with what changed only.
    let offers: Vec<&str> = out
        .lines()
        .filter(|l| l.contains(" proposes ") || l.contains(" moves to "))
        .collect();
    assert!(offers[0].contains("Where the border runs"), "{out}");
    assert!(out.contains(", the rest as before (West "), "{out}");
}

/// A token that cannot be broken: no whitespace in it.
fn longest_token(line: &str) -> usize {
    line.split_whitespace().map(textwidth).max().unwrap_or(0)
}

fn textwidth(s: &str) -> usize {
    s.chars().count()
}

/// `parties.east.walk_away` and the like: a word of at least three dot-separated parts, each
/// starting with a lowercase letter, the first a table of the format (web addresses are not).
fn key_path(line: &str) -> Option<&str> {
    line.split(|c: char| c.is_whitespace() || "(),;:`'\"[]{}=".contains(c))
        .map(|w| w.trim_end_matches('.'))
        .find(|w| {
            let parts: Vec<&str> = w.split('.').collect();
            parts.len() >= 3
                && ["parties", "issues", "plans", "areas", "agreement", "events"]
                    .contains(&parts[0])
                && parts.iter().all(|p| {
                    p.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                        && p.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                })
        })
}

#[test]
fn people_output_fits_100_columns_and_has_no_key_paths() {
    let mut files: Vec<String> = Vec::new();
    for dir in ["examples", "tests/data/valid"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                files.push(format!(
                    "{dir}/{}",
                    p.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    files.sort();
    assert!(files.len() >= 7, "{files:?}");
    let mut problems = Vec::new();
    for file in &files {
        for args in [
            vec!["analyze", file, "--quiet"],
            vec!["show", file],
            vec!["simulate", file, "--rounds", "20"],
            vec!["evaluate", file],
        ] {
            let o = accord_env(&args, &[("COLUMNS", "100")]);
            if !o.status.success() {
                // Scenarios a command refuses (too large, no plans) say so on stderr.
                continue;
            }
            for line in stdout(&o).lines() {
                let w = textwidth(line);
                if w > 100 && longest_token(line) < 40 {
                    problems.push(format!("{args:?}: {w} columns: {line}"));
                }
                if let Some(path) = key_path(line) {
                    problems.push(format!("{args:?}: key path {path}: {line}"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
