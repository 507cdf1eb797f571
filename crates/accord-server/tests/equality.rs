//! The computations answer exactly what the CLI's `--json` prints, byte for byte: the flagship
//! and a scenario of `../shared/scenarios`, through the built `accord` binary.

use std::path::Path;
use std::process::Command;

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;

/// `accord ARGS` on a file: its standard output.
fn cli(args: &[&str]) -> String {
    let out = Command::new(accord_bin()).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "accord {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

async fn same(
    app: &axum::Router,
    id: &str,
    file: &Path,
    endpoint: &str,
    body: Value,
    args: &[&str],
) {
    let file = file.to_str().unwrap();
    let mut full = vec![endpoint, file, "--json"];
    full.extend(args);
    let expected = cli(&full);
    let a = call(
        app,
        "POST",
        &format!("/api/v1/scenarios/{id}/{endpoint}"),
        Some(body.clone()),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{endpoint} {body}: {}", a.body);
    assert!(
        a.body == expected,
        "{endpoint} {body} differs from accord {full:?}"
    );
}

#[tokio::test]
async fn the_flagship_answers_as_the_cli() {
    let app = new_app();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ukraine-2025.toml");
    let f = file.as_path();
    same(&app, FLAGSHIP, f, "evaluate", json!({}), &[]).await;
    same(
        &app,
        FLAGSHIP,
        f,
        "evaluate",
        json!({"plan": "us_28"}),
        &["--plan", "us_28"],
    )
    .await;
    same(
        &app,
        FLAGSHIP,
        f,
        "evaluate",
        json!({"plan": "us_28", "set": ["parties.ukraine.walk_away=0.3"], "parties": ["ukraine", "russia"]}),
        &["--plan", "us_28", "--set", "parties.ukraine.walk_away=0.3", "--parties", "ukraine,russia"],
    )
    .await;
    same(&app, FLAGSHIP, f, "analyze", json!({}), &[]).await;
    same(
        &app,
        FLAGSHIP,
        f,
        "analyze",
        json!({"parties": ["ukraine", "russia"], "distinct": true}),
        &["--parties", "ukraine,russia", "--distinct"],
    )
    .await;
    same(
        &app,
        FLAGSHIP,
        f,
        "robustness",
        json!({"samples": 4000, "seed": 7, "plans": ["us_28"]}),
        &["--samples", "4000", "--seed", "7", "--plan", "us_28"],
    )
    .await;
    same(
        &app,
        FLAGSHIP,
        f,
        "amend",
        json!({"plan": "us_28", "max_changes": 2}),
        &["--plan", "us_28", "--max-changes", "2"],
    )
    .await;
    same(
        &app,
        FLAGSHIP,
        f,
        "simulate",
        json!({"rounds": 40, "seed": 3}),
        &["--rounds", "40", "--seed", "3"],
    )
    .await;
}

#[tokio::test]
async fn a_shared_scenario_answers_as_the_cli() {
    let app = new_app();
    let file = shared("scenarios/toy-border.toml");
    let f = file.as_path();
    same(
        &app,
        TOY,
        f,
        "evaluate",
        json!({"remove_red_line": ["west:border=river"]}),
        &["--remove-red-line", "west:border=river"],
    )
    .await;
    same(
        &app,
        TOY,
        f,
        "analyze",
        json!({"method": "enumerate"}),
        &["--method", "enumerate"],
    )
    .await;
    same(
        &app,
        TOY,
        f,
        "robustness",
        json!({"samples": 3000, "seed": 2, "robust": true, "max_changes": 1, "robust_samples": 500}),
        &["--samples", "3000", "--seed", "2", "--robust", "--max-changes", "1", "--robust-samples", "500"],
    )
    .await;
    same(
        &app,
        TOY,
        f,
        "amend",
        json!({"plan": "draft_b"}),
        &["--plan", "draft_b"],
    )
    .await;
    same(
        &app,
        TOY,
        f,
        "simulate",
        json!({"strategies": ["east=linear", "conceder"], "rounds": 30, "seed": 5, "repeat": 3}),
        &[
            "--strategy",
            "east=linear",
            "--strategy",
            "conceder",
            "--rounds",
            "30",
            "--seed",
            "5",
            "--repeat",
            "3",
        ],
    )
    .await;
}

#[tokio::test]
async fn a_patched_plan_answers_as_the_cli_on_the_patched_text() {
    let app = new_app();
    // Save a patch, then compare the saved version's evaluation with the CLI on its text.
    let a = call(
        &app,
        "PUT",
        "/api/v1/scenarios/toy-border/plans/draft_a",
        Some(json!({"base_version": 1, "terms": {"fund": 75}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let text = call(&app, "GET", "/api/v1/scenarios/toy-border", None)
        .await
        .json()["text"]
        .as_str()
        .unwrap()
        .to_owned();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("patched.toml");
    std::fs::write(&file, &text).unwrap();
    same(
        &app,
        TOY,
        &file,
        "evaluate",
        json!({"plan": "draft_a"}),
        &["--plan", "draft_a"],
    )
    .await;
    // The same patch for one request only, on version 1, answers the same.
    let expected = cli(&[
        "evaluate",
        file.to_str().unwrap(),
        "--json",
        "--plan",
        "draft_a",
    ]);
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios/toy-border/evaluate",
        Some(json!({"version": 1, "plan": "draft_a", "terms": {"fund": 75}})),
    )
    .await;
    assert_eq!(a.body, expected);
}
