//! The computations answer exactly what the CLI's `--json` prints, byte for byte (with the
//! `what_if` list of the what-ifs they were run with): the flagship and a scenario of
//! `../shared/scenarios`, through the built `accord` binary.

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
    // Issue 17: the new what-ifs, as lists like the others.
    same(
        &app,
        TOY,
        f,
        "evaluate",
        json!({"add_red_line": ["east:buffer=wide"], "open_term": ["draft_a:fund"]}),
        &[
            "--add-red-line",
            "east:buffer=wide",
            "--open-term",
            "draft_a:fund",
        ],
    )
    .await;
    // `consult`: a party id or a list of them, as `--consult`.
    for consult in [json!("west"), json!(["west"])] {
        same(
            &app,
            TOY,
            f,
            "simulate",
            json!({"protocol": "drafted-then-ratified", "consult": consult, "rounds": 20}),
            &[
                "--protocol",
                "drafted-then-ratified",
                "--consult",
                "west",
                "--rounds",
                "20",
            ],
        )
        .await;
    }
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

/// `POST /api/v1/scenarios` with a file's text; the scenario's id.
async fn import(app: &axum::Router, file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let a = call(
        app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"text": text, "format": "accord", "message": "imported"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    a.json()["id"].as_str().unwrap().to_owned()
}

/// `accord evaluate --json --plan draft`'s text with the plan named null (as the API names an
/// unsaved draft): the one line changed, every number as printed.
fn named_null(printed: &str) -> String {
    let line = "\n  \"plan\": \"draft\",\n";
    assert_eq!(printed.matches(line).count(), 1, "{printed}");
    printed.replacen(line, "\n  \"plan\": null,\n", 1)
}

/// A scenario with agreement rules (`[agreement]` quorum and required parties, `consent_on`,
/// `ratifies`): imported through the API, every computation answers as the CLI.
#[tokio::test]
async fn an_agreement_rule_scenario_answers_as_the_cli() {
    let app = new_app();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/municipal-package.toml");
    let f = file.as_path();
    let id = import(&app, f).await;
    assert_eq!(id, "municipal-package");
    same(&app, &id, f, "evaluate", json!({}), &[]).await;
    for plan in ["mayor_draft", "funders_draft", "no_tax"] {
        same(
            &app,
            &id,
            f,
            "evaluate",
            json!({"plan": plan}),
            &["--plan", plan],
        )
        .await;
    }
    same(
        &app,
        &id,
        f,
        "evaluate",
        json!({"plan": "funders_draft", "set": ["agreement.quorum=6"]}),
        &["--plan", "funders_draft", "--set", "agreement.quorum=6"],
    )
    .await;
    same(
        &app,
        &id,
        f,
        "evaluate",
        json!({"plan": "no_tax", "parties": ["mayor", "state_fund", "dev_bank", "council"]}),
        &[
            "--plan",
            "no_tax",
            "--parties",
            "mayor,state_fund,dev_bank,council",
        ],
    )
    .await;
    same(&app, &id, f, "analyze", json!({}), &[]).await;
    same(
        &app,
        &id,
        f,
        "amend",
        json!({"plan": "mayor_draft"}),
        &["--plan", "mayor_draft"],
    )
    .await;
    same(
        &app,
        &id,
        f,
        "robustness",
        json!({"samples": 3000, "seed": 4}),
        &["--samples", "3000", "--seed", "4"],
    )
    .await;
    same(
        &app,
        &id,
        f,
        "simulate",
        json!({"protocol": "drafted-then-ratified", "rounds": 30, "seed": 2, "pressure": 0.05}),
        &[
            "--protocol",
            "drafted-then-ratified",
            "--rounds",
            "30",
            "--seed",
            "2",
            "--pressure",
            "0.05",
        ],
    )
    .await;
    same(
        &app,
        &id,
        f,
        "simulate",
        json!({"protocol": "single-text", "rounds": 25, "seed": 9, "repeat": 2}),
        &[
            "--protocol",
            "single-text",
            "--rounds",
            "25",
            "--seed",
            "9",
            "--repeat",
            "2",
        ],
    )
    .await;

    // An unsaved draft on an agreement-rule scenario: the CLI on the same draft written as a
    // plan, with the plan named null.
    let terms = json!({"tram": "short", "housing": 30, "tax": "half", "park": "park"});
    let mut text = std::fs::read_to_string(f).unwrap();
    text.push_str(
        "\n[plans.draft]\ntitle = \"unsaved draft\"\n[plans.draft.terms]\ntram = \"short\"\n\
         housing = 30\ntax = \"half\"\npark = \"park\"\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let with_draft = dir.path().join("with-draft.toml");
    std::fs::write(&with_draft, &text).unwrap();
    let expected = named_null(&cli(&[
        "evaluate",
        with_draft.to_str().unwrap(),
        "--json",
        "--plan",
        "draft",
    ]));
    let a = call(
        &app,
        "POST",
        &format!("/api/v1/scenarios/{id}/evaluate"),
        Some(json!({"terms": terms})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(
        a.body == expected,
        "the unsaved draft differs from the CLI:\n{}\n---\n{expected}",
        a.body
    );
}

/// An unsaved draft on the flagship equals the CLI on the same draft written as a plan, with
/// the plan named null; and an ε-frontier (merge, on the flagship) equals `analyze --epsilon`.
#[tokio::test]
async fn an_unsaved_draft_and_an_epsilon_frontier_answer_as_the_cli() {
    let app = new_app();
    let file = shared("scenarios/toy-border.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(
        "\n[plans.draft]\ntitle = \"unsaved draft\"\n[plans.draft.terms]\nborder = \"old_border\"\n\
         fund = 75\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let with_draft = dir.path().join("with-draft.toml");
    std::fs::write(&with_draft, &text).unwrap();
    let expected = named_null(&cli(&[
        "evaluate",
        with_draft.to_str().unwrap(),
        "--json",
        "--plan",
        "draft",
        "--set",
        "parties.west.walk_away=0.5",
    ]));
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios/toy-border/evaluate",
        Some(json!({"terms": {"border": "old_border", "fund": 75}, "set": ["parties.west.walk_away=0.5"]})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body == expected, "{}\n---\n{expected}", a.body);

    let flagship = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/ukraine-2025.toml");
    same(
        &app,
        FLAGSHIP,
        &flagship,
        "analyze",
        json!({"method": "merge", "epsilon": 0.05}),
        &["--method", "merge", "--epsilon", "0.05"],
    )
    .await;
}

/// A Genius or GeniusWeb import stores exactly the text `accord import genius|geniusweb`
/// prints for the same files.
#[tokio::test]
async fn an_import_stores_what_accord_import_prints() {
    let app = new_app();
    let cases = [
        (
            "genius",
            "domains/genius/Laptop",
            &[
                "laptop_buyer_utility.xml",
                "laptop_domain.xml",
                "laptop_seller_utility.xml",
            ][..],
        ),
        (
            "geniusweb",
            "domains/geniusweb/ANL2023_domain00",
            &["domain00.json", "profileA.json", "profileB.json"][..],
        ),
    ];
    for (format, folder, names) in cases {
        let dir = shared(folder);
        let mut files = serde_json::Map::new();
        for f in names {
            files.insert(
                (*f).into(),
                std::fs::read_to_string(dir.join(f)).unwrap().into(),
            );
        }
        let a = call(
            &app,
            "POST",
            "/api/v1/scenarios",
            Some(json!({"format": format, "files": files})),
        )
        .await;
        assert_eq!(a.status, StatusCode::CREATED, "{format}: {}", a.body);
        let id = a.json()["id"].as_str().unwrap().to_owned();
        let stored = call(&app, "GET", &format!("/api/v1/scenarios/{id}"), None)
            .await
            .json()["text"]
            .as_str()
            .unwrap()
            .to_owned();
        let paths: Vec<String> = names
            .iter()
            .map(|n| dir.join(n).to_str().unwrap().to_owned())
            .collect();
        let mut args = vec!["import", format];
        args.extend(paths.iter().map(String::as_str));
        let printed = cli(&args);
        assert!(stored.len() > 100 && stored.ends_with('\n'), "{format}");
        assert!(
            printed == stored || printed == format!("{stored}\n"),
            "{format}: the stored text differs from accord import's"
        );
    }
}

/// The diagnostics of a refused text have the shape and content of `accord check --json`'s.
#[tokio::test]
async fn refused_texts_carry_the_diagnostics_of_accord_check() {
    let app = new_app();
    let text = std::fs::read_to_string(shared("scenarios/toy-border.toml"))
        .unwrap()
        .replace("walk_away = 0.35", "walk_away = 1.35")
        .replace("fund = 25", "fund = 26");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.toml");
    std::fs::write(&file, &text).unwrap();
    let out = Command::new(accord_bin())
        .args(["check", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let check: Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = call(
        &app,
        "PUT",
        "/api/v1/scenarios/toy-border",
        Some(json!({"base_version": 1, "text": text})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let strip_file = |d: &Value| {
        let mut d = d.clone();
        for x in d.as_array_mut().unwrap() {
            x.as_object_mut().unwrap().remove("file");
        }
        d
    };
    let api = a.json()["error"]["diagnostics"].clone();
    assert_eq!(api.as_array().unwrap().len(), 2, "{api}");
    assert_eq!(strip_file(&api), strip_file(&check["diagnostics"]));
    assert_eq!(api[0]["file"], "toy-border v1");
}
