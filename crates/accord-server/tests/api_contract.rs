//! api.md line by line, for what `api` does not already prove: the error body of every status,
//! restores, party and plan diffs, the latest version by default, list terms, concurrent saves,
//! and the limits' messages.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;

fn toy_text() -> String {
    accord_server::EXAMPLES[1].1.to_owned()
}

/// A request and the error it gets: app, method, path, body, headers, status, code.
type Case<'a> = (
    &'a axum::Router,
    &'a str,
    &'a str,
    Option<String>,
    Vec<(&'a str, &'a str)>,
    u16,
    &'a str,
);

/// Every error answer, whatever its status, is JSON with `error.code` (a word),
/// `error.message` (a sentence) and `error.diagnostics` (a list).
#[tokio::test]
async fn every_error_status_answers_the_error_body_as_json() {
    let app = new_app();
    let slow_app = app_with(None, Duration::from_millis(1));
    let token_app = app_with(Some("t0ken"), accord_server::DEFAULT_COMPUTE_LIMIT);
    let evaluate = "/api/v1/scenarios/toy-border/evaluate";
    let cases: Vec<Case<'_>> = vec![
        (
            &app,
            "POST",
            evaluate,
            Some("{".into()),
            vec![],
            400,
            "bad_request",
        ),
        (
            &token_app,
            "GET",
            "/api/v1/scenarios",
            None,
            vec![],
            401,
            "unauthorized",
        ),
        (
            &app,
            "POST",
            evaluate,
            Some("{}".into()),
            vec![("origin", "http://evil.example")],
            403,
            "forbidden_origin",
        ),
        (
            &app,
            "GET",
            "/api/v1/scenarios/nope",
            None,
            vec![],
            404,
            "not_found",
        ),
        (
            &app,
            "PATCH",
            "/api/v1/scenarios/toy-border",
            None,
            vec![],
            405,
            "method_not_allowed",
        ),
        (
            &app,
            "PUT",
            "/api/v1/scenarios/toy-border",
            Some(json!({"base_version": 0, "text": toy_text()}).to_string()),
            vec![],
            409,
            "stale_version",
        ),
        (
            &app,
            "POST",
            "/api/v1/scenarios",
            Some(json!({"text": toy_text()}).to_string()),
            vec![],
            409,
            "conflict",
        ),
        (
            &app,
            "POST",
            "/api/v1/scenarios",
            Some(format!(
                "{{\"text\": \"{}\"}}",
                "x".repeat(accord_server::BODY_LIMIT)
            )),
            vec![],
            413,
            "too_large",
        ),
        (
            &app,
            "GET",
            "/api/v1/scenarios",
            None,
            vec![("host", "evil.example:7878")],
            421,
            "misdirected",
        ),
        (
            &app,
            "POST",
            evaluate,
            Some(json!({"terms": {"fund": 51}}).to_string()),
            vec![],
            422,
            "invalid",
        ),
        (
            &slow_app,
            "POST",
            "/api/v1/scenarios/ukraine-2025/robustness",
            Some(json!({"samples": 20_000, "precision": 0.0}).to_string()),
            vec![],
            503,
            "compute_limit",
        ),
    ];
    for (app, method, path, body, headers, status, code) in cases {
        let a = call_with(app, method, path, body, &headers).await;
        assert_eq!(a.status.as_u16(), status, "{method} {path}: {}", a.body);
        assert_eq!(
            a.headers["content-type"], "application/json",
            "{method} {path}"
        );
        let e = a.json();
        assert_eq!(e["error"]["code"], code, "{method} {path}");
        assert!(
            e["error"]["message"].as_str().is_some_and(|m| m.len() > 10),
            "{method} {path}: {e}"
        );
        assert!(e["error"]["diagnostics"].is_array(), "{method} {path}");
        assert!(a.body.ends_with("}\n"), "printed as the CLI prints JSON");
    }
}

/// "old versions can be read, compared and restored (a restore is a new version)": through the
/// API a restore is a save of an old version's text on the latest; nothing is overwritten.
#[tokio::test]
async fn a_restore_is_a_new_version_and_overwrites_nothing() {
    let app = new_app();
    let path = "/api/v1/scenarios/toy-border";
    let v2 = toy_text().replace("fund = 25", "fund = 75");
    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 1, "text": v2, "message": "fund 75"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let old = call(&app, "GET", &format!("{path}/versions/1"), None)
        .await
        .json();
    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 2, "text": old["text"], "message": "restore version 1"})),
    )
    .await;
    assert_eq!(
        (a.status, a.json()),
        (StatusCode::OK, json!({"version": 3}))
    );
    let latest = call(&app, "GET", path, None).await.json();
    assert_eq!(latest["version"], 3);
    assert_eq!(latest["text"], old["text"]);
    assert_eq!(latest["title"], old["title"]);
    // Version 2 is still there, as it was.
    let two = call(&app, "GET", &format!("{path}/versions/2"), None)
        .await
        .json();
    assert_eq!(two["text"], json!(v2));
    let versions = call(&app, "GET", &format!("{path}/versions"), None)
        .await
        .json();
    let history: Vec<(Value, Value, Value)> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].clone(),
                v["based_on"].clone(),
                v["message"].clone(),
            )
        })
        .collect();
    assert_eq!(history[1], (json!(2), json!(1), json!("fund 75")));
    assert_eq!(history[2], (json!(3), json!(2), json!("restore version 1")));
    for v in versions.as_array().unwrap() {
        let created = v["created"].as_str().unwrap();
        assert!(
            created.len() == "2026-12-04T20:19:39.123Z".len() && created.ends_with('Z'),
            "{created}"
        );
    }
    // Compared: the restore undoes version 2's change.
    let d = call(&app, "GET", &format!("{path}/diff?from=2&to=3"), None)
        .await
        .json();
    assert_eq!(
        d["plans"][0]["changed"],
        json!([{"issue": "fund", "from": 75, "to": 25}])
    );
    let same = call(&app, "GET", &format!("{path}/diff?from=1&to=3"), None)
        .await
        .json();
    assert_eq!(
        same,
        json!({"plans": [], "parties": [], "text_diff": ""}),
        "version 3 is version 1's text"
    );
}

/// The diff names a party's changed values by key path, and plans added and removed.
#[tokio::test]
async fn a_diff_names_party_values_and_added_and_removed_plans() {
    let app = new_app();
    let path = "/api/v1/scenarios/toy-border";
    let v2 = toy_text()
        .replace("walk_away = 0.35", "walk_away = 0.4")
        .replace("border = 6\nbuffer = 2", "border = 5\nbuffer = 2")
        .replace("[plans.draft_b]", "[plans.draft_c]")
        .replace("[plans.draft_b.terms]", "[plans.draft_c.terms]");
    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 1, "text": v2})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let d = call(&app, "GET", &format!("{path}/diff?from=1&to=2"), None)
        .await
        .json();
    assert_eq!(
        d["parties"],
        json!([{"party": "west", "status": "changed", "changed": [
            {"path": "walk_away", "from": 0.35, "to": 0.4},
            {"path": "weights.border", "from": 6, "to": 5},
        ]}]),
        "{d}"
    );
    let plans: Vec<(Value, Value)> = d["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["plan"].clone(), p["status"].clone()))
        .collect();
    assert_eq!(
        plans,
        [
            (json!("draft_c"), json!("added")),
            (json!("draft_b"), json!("removed"))
        ]
    );
    // And backwards.
    let back = call(&app, "GET", &format!("{path}/diff?from=2&to=1"), None)
        .await
        .json();
    assert_eq!(back["parties"][0]["changed"][0]["from"], 0.4);
}

/// "Where a request names no `version`, it uses the latest", for reads and computations.
#[tokio::test]
async fn requests_without_a_version_use_the_latest() {
    let app = new_app();
    let path = "/api/v1/scenarios/toy-border";
    let evaluate = format!("{path}/evaluate");
    let before = call(&app, "POST", &evaluate, Some(json!({"plan": "draft_a"})))
        .await
        .body;
    let a = call(
        &app,
        "PUT",
        &format!("{path}/plans/draft_a"),
        Some(json!({"base_version": 1, "terms": {"fund": 100}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let latest = call(&app, "POST", &evaluate, Some(json!({"plan": "draft_a"})))
        .await
        .body;
    let v2 = call(
        &app,
        "POST",
        &evaluate,
        Some(json!({"plan": "draft_a", "version": 2})),
    )
    .await
    .body;
    let v1 = call(
        &app,
        "POST",
        &evaluate,
        Some(json!({"plan": "draft_a", "version": 1})),
    )
    .await
    .body;
    assert_eq!(latest, v2);
    assert_eq!(before, v1);
    assert_ne!(latest, v1, "fund 100 changes the utilities");
    for endpoint in ["analyze", "amend", "robustness", "simulate"] {
        let body = |version: Option<i64>| {
            let mut b = match endpoint {
                "amend" => json!({"plan": "draft_a"}),
                "robustness" => json!({"samples": 500, "plans": ["draft_a"]}),
                "simulate" => json!({"rounds": 10}),
                _ => json!({}),
            };
            if let Some(v) = version {
                b["version"] = json!(v);
            }
            b
        };
        let url = format!("{path}/{endpoint}");
        let latest = call(&app, "POST", &url, Some(body(None))).await;
        let two = call(&app, "POST", &url, Some(body(Some(2)))).await;
        assert_eq!(latest.status, StatusCode::OK, "{endpoint}: {}", latest.body);
        assert_eq!(latest.body, two.body, "{endpoint}");
        let missing = call(&app, "POST", &url, Some(body(Some(3)))).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{endpoint}");
    }
}

/// api.md lets a term be a list of options (scenario.md: the issue open over them). The API
/// writes the list into the plan as given, and the scenario reader (issue 13) reads it: the
/// evaluation ranges over those options (`open_over`), and a save stores it. `null` in
/// `evaluate`'s patch drops the term for that request only.
#[tokio::test]
async fn list_terms_are_relayed_and_null_terms_drop_for_one_request() {
    let app = new_app();
    let path = "/api/v1/scenarios/toy-border";
    let evaluate = format!("{path}/evaluate");
    let a = call(
        &app,
        "POST",
        &evaluate,
        Some(json!({"terms": {"buffer": ["narrow", "wide"]}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(
        a.json()["open_over"],
        json!({"buffer": ["narrow", "wide"]}),
        "{}",
        a.body
    );
    assert_eq!(call(&app, "GET", path, None).await.json()["version"], 1);

    // `null` for one request: the fund falls back to its status quo (0), as in a draft
    // without it.
    let dropped = call(
        &app,
        "POST",
        &evaluate,
        Some(json!({"plan": "draft_b", "terms": {"fund": null}})),
    )
    .await
    .json();
    let without = call(
        &app,
        "POST",
        &evaluate,
        Some(json!({"terms": {"border": "line_of_contact", "buffer": "wide"}})),
    )
    .await
    .json();
    let with_fund = call(&app, "POST", &evaluate, Some(json!({"plan": "draft_b"})))
        .await
        .json();
    assert_eq!(dropped["plan"], "draft_b");
    assert_eq!(dropped["parties"], without["parties"]);
    assert_ne!(dropped["parties"], with_fund["parties"]);
    assert_eq!(
        call(&app, "GET", path, None).await.json()["version"],
        1,
        "evaluate saves nothing"
    );

    // A save stores the list: the plan's evaluation leaves the buffer open over both options.
    let saved = call(
        &app,
        "PUT",
        &format!("{path}/plans/draft_a"),
        Some(json!({"base_version": 1, "terms": {"buffer": ["narrow", "wide"]}})),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(call(&app, "GET", path, None).await.json()["version"], 2);
}

/// Two saves on the same base at once: exactly one is acknowledged, the other gets 409, and
/// the stored history has one new version.
#[tokio::test]
async fn concurrent_saves_on_one_base_never_both_succeed() {
    let app = new_app();
    let plan = "/api/v1/scenarios/toy-border/plans/draft_a";
    let whole = "/api/v1/scenarios/toy-border";
    for round in 0..5 {
        let base = 1 + round;
        let a = call(
            &app,
            "PUT",
            plan,
            Some(json!({"base_version": base, "terms": {"fund": 50}, "message": "a"})),
        );
        let b = call(
            &app,
            "PUT",
            whole,
            Some(
                json!({"base_version": base, "text": toy_text().replace("fund = 25", "fund = 100"), "message": "b"}),
            ),
        );
        let (a, b) = tokio::join!(a, b);
        let mut statuses = [a.status.as_u16(), b.status.as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "{} / {}", a.body, b.body);
        let loser = if a.status == StatusCode::CONFLICT {
            &a
        } else {
            &b
        };
        assert_eq!(loser.json()["current_version"], base + 1);
    }
    let versions = call(&app, "GET", &format!("{whole}/versions"), None)
        .await
        .json();
    assert_eq!(versions.as_array().unwrap().len(), 6);
}

/// A stale plan patch changes nothing, and its 409 shows what changed since its base.
#[tokio::test]
async fn a_stale_plan_patch_loses_nothing_and_shows_the_changes() {
    let app = new_app();
    let plan = "/api/v1/scenarios/toy-border/plans/draft_b";
    let a = call(
        &app,
        "PUT",
        plan,
        Some(json!({"base_version": 1, "terms": {"fund": 75}, "message": "first editor"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let before = call(&app, "GET", "/api/v1/scenarios/toy-border", None)
        .await
        .body;
    let a = call(
        &app,
        "PUT",
        plan,
        Some(json!({"base_version": 1, "terms": {"buffer": "none"}, "message": "second editor"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    let e = a.json();
    assert_eq!(e["current_version"], 2);
    assert_eq!(
        e["changes"]["plans"],
        json!([{"plan": "draft_b", "status": "changed", "changed": [{"issue": "fund", "from": 50, "to": 75}]}])
    );
    assert!(
        e["changes"]["text_diff"]
            .as_str()
            .unwrap()
            .contains("+fund = 75")
    );
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("version 2")
    );
    let after = call(&app, "GET", "/api/v1/scenarios/toy-border", None)
        .await
        .body;
    assert_eq!(before, after);
}

/// Only valid scenarios are stored: an invalid import or save changes nothing, and a plan
/// patch that breaks the scenario (an option the issue lacks) is refused with diagnostics.
#[tokio::test]
async fn invalid_texts_change_nothing() {
    let app = new_app();
    let list = call(&app, "GET", "/api/v1/scenarios", None).await.body;
    let broken = toy_text()
        .replace("id = \"toy-border\"", "id = \"toy-broken\"")
        .replace("walk_away = 0.35", "walk_away = 1.35");
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"text": broken})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let d = &a.json()["error"]["diagnostics"][0];
    assert!(
        d["line"].as_u64().unwrap() > 0 && d["severity"] == "error",
        "{d}"
    );
    let a = call(&app, "GET", "/api/v1/scenarios/toy-broken", None).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(
        call(&app, "GET", "/api/v1/scenarios", None).await.body,
        list
    );
    let a = call(
        &app,
        "PUT",
        "/api/v1/scenarios/toy-border/plans/draft_new",
        Some(json!({"base_version": 1, "terms": {"nowhere": "x"}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(
        a.body.contains("nowhere"),
        "the diagnostics name the unknown issue: {}",
        a.body
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/scenarios", None).await.body,
        list
    );
}

/// Ten issues of ten options (1e10 outcomes), two parties, one with an interaction: too
/// large to enumerate, and the merge method does not apply.
fn huge_text() -> String {
    let mut t = String::from(
        "format = \"accord/1\"\n\n[scenario]\nid = \"huge\"\ntitle = \"Ten issues of ten \
         options\"\n\n[areas.x]\ntitle = \"X\"\n\n",
    );
    let options: Vec<String> = (0..10)
        .map(|k| format!("{{ id = \"o{k}\", label = \"Option {k}\" }}"))
        .collect();
    for i in 0..10 {
        t += &format!(
            "[issues.i{i}]\narea = \"x\"\ntitle = \"Issue {i}\"\noptions = [{}]\n\n",
            options.join(", ")
        );
    }
    for (p, up) in [("a", true), ("b", false)] {
        t += &format!(
            "[parties.{p}]\nname = \"Party {p}\"\nwalk_away = 0.2\n[parties.{p}.weights]\n"
        );
        for i in 0..10 {
            t += &format!("i{i} = {}\n", i + 1);
        }
        for i in 0..10 {
            t += &format!("[parties.{p}.scores.i{i}]\n");
            for k in 0..10 {
                let v = if up {
                    k as f64 / 9.0
                } else {
                    1.0 - k as f64 / 9.0
                };
                t += &format!("o{k} = {v:.3}\n");
            }
        }
    }
    t + "[[parties.a.interactions]]\nwhen = { i0 = \"o1\", i1 = \"o1\" }\nbonus = 0.05\n"
}

/// 503 names the limit and what would help, for a size limit as for the time limit.
#[tokio::test]
async fn a_computation_past_a_size_limit_says_which_and_what_helps() {
    let app = new_app();
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"text": huge_text()})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios/huge/analyze",
        Some(json!({})),
    )
    .await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.body);
    assert_eq!(a.code(), "compute_limit");
    let message = a.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("more than the 4e9 that can be enumerated"),
        "{message}"
    );
    assert!(message.contains("method `merge`"), "{message}");
}
