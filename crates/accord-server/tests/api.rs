//! Every endpoint, status code and limit of api.md, in-process.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn the_list_holds_the_bundled_examples() {
    let app = new_app();
    let a = call(&app, "GET", "/api/v1/scenarios", None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers["content-type"], "application/json");
    let list = a.json();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [TOY, FLAGSHIP]);
    assert_eq!(list[1]["version"], 1);
    assert!(list[1]["title"].as_str().unwrap().contains("28 points"));
    assert!(list[1]["updated"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn a_scenario_its_versions_and_unknown_ones() {
    let app = new_app();
    let a = call(&app, "GET", "/api/v1/scenarios/toy-border", None).await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert_eq!(v["id"], TOY);
    assert_eq!(v["version"], 1);
    assert_eq!(v["title"], "Toy border dispute");
    assert_eq!(v["text"], accord_server::EXAMPLES[1].1);

    let a = call(&app, "GET", "/api/v1/scenarios/toy-border/versions", None).await;
    assert_eq!(a.status, StatusCode::OK);
    let versions = a.json();
    assert_eq!(versions.as_array().unwrap().len(), 1);
    assert_eq!(versions[0]["version"], 1);
    assert_eq!(versions[0]["based_on"], serde_json::Value::Null);
    assert!(versions[0]["message"].as_str().unwrap().contains("bundled"));

    let a = call(&app, "GET", "/api/v1/scenarios/toy-border/versions/1", None).await;
    assert_eq!(
        (a.status, a.json()["version"].clone()),
        (StatusCode::OK, json!(1))
    );

    for path in [
        "/api/v1/scenarios/nope",
        "/api/v1/scenarios/nope/versions",
        "/api/v1/scenarios/toy-border/versions/2",
        "/api/v1/scenarios/nope/versions/1",
        "/api/v1/no-such-endpoint",
    ] {
        let a = call(&app, "GET", path, None).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(a.code(), "not_found", "{path}");
        assert!(a.json()["error"]["diagnostics"].is_array());
    }
    let a = call(&app, "GET", "/api/v1/scenarios/toy-border/versions/x", None).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let a = call(&app, "DELETE", "/api/v1/scenarios/toy-border", None).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
}

fn toy_text() -> String {
    accord_server::EXAMPLES[1].1.to_owned()
}

#[tokio::test]
async fn saves_make_versions_and_stale_saves_get_409_with_the_changes() {
    let app = new_app();
    let path = "/api/v1/scenarios/toy-border";
    let v2 = toy_text().replace("fund = 25", "fund = 50");
    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 1, "text": v2, "message": "more fund"})),
    )
    .await;
    assert_eq!(
        (a.status, a.json()),
        (StatusCode::OK, json!({"version": 2}))
    );

    // A second editor still on version 1: refused, told the current version and what changed.
    let other = toy_text().replace("buffer = \"narrow\"", "buffer = \"wide\"");
    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 1, "text": other, "message": "x"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CONFLICT);
    let e = a.json();
    assert_eq!(e["error"]["code"], "stale_version");
    assert_eq!(e["current_version"], 2);
    let changed = &e["changes"]["plans"][0];
    assert_eq!(changed["plan"], "draft_a");
    assert_eq!(
        changed["changed"][0],
        json!({"issue": "fund", "from": 25, "to": 50})
    );
    // Nothing lost, nothing overwritten.
    let latest = call(&app, "GET", path, None).await.json();
    assert_eq!(
        (latest["version"].clone(), latest["text"].clone()),
        (json!(2), json!(v2))
    );
    let versions = call(&app, "GET", &format!("{path}/versions"), None)
        .await
        .json();
    assert_eq!(versions[1]["based_on"], 1);
    assert_eq!(versions[1]["message"], "more fund");

    // An invalid text: 422 with diagnostics, nothing stored.
    let bad = toy_text().replace("fund = 25", "fund = 26");
    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 2, "text": bad, "message": "x"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    let d = &a.json()["error"]["diagnostics"];
    assert!(d[0]["line"].as_u64().unwrap() > 0, "{d}");
    assert!(d[0]["code"].is_string());
    // The id of a scenario cannot change.
    let renamed = toy_text().replace("id = \"toy-border\"", "id = \"toy-2\"");
    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 2, "text": renamed})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Malformed bodies: 400.
    for body in [
        "{",
        "[]",
        "{\"base_version\": \"2\", \"text\": \"\"}",
        "{\"text\": \"x\"}",
    ] {
        let a = call_with(&app, "PUT", path, Some(body.to_owned()), &[]).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(a.code(), "bad_request");
    }
    let a = call(
        &app,
        "PUT",
        "/api/v1/scenarios/nope",
        Some(json!({"base_version": 1, "text": toy_text()})),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the text is toy-border's, not nope's"
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/scenarios/toy-border/versions", None)
            .await
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn a_plan_patch_keeps_other_terms_removes_nulls_and_creates_plans() {
    let app = new_app();
    let path = "/api/v1/scenarios/toy-border/plans/draft_a";
    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 1, "terms": {"fund": 50}, "message": "fund up"})),
    )
    .await;
    assert_eq!(
        (a.status, a.json()),
        (StatusCode::OK, json!({"version": 2}))
    );
    let text = call(&app, "GET", "/api/v1/scenarios/toy-border", None)
        .await
        .json()["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        text,
        toy_text().replace("fund = 25", "fund = 50"),
        "only the term changes"
    );

    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 2, "terms": {"buffer": null}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let text = call(&app, "GET", "/api/v1/scenarios/toy-border", None)
        .await
        .json()["text"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(!text.contains("buffer = \"narrow\""));

    // Stale base: 409, unknown option: 422, bad term: 400, unknown scenario: 404.
    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 1, "terms": {"fund": 0}})),
    )
    .await;
    assert_eq!(
        (a.status, a.json()["current_version"].clone()),
        (StatusCode::CONFLICT, json!(3))
    );
    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 3, "terms": {"border": "nowhere"}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        !a.json()["error"]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let a = call(
        &app,
        "PUT",
        path,
        Some(json!({"base_version": 3, "terms": {"fund": true}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let a = call(
        &app,
        "PUT",
        "/api/v1/scenarios/nope/plans/x",
        Some(json!({"base_version": 1, "terms": {}})),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);

    // A new plan.
    let a = call(
        &app,
        "PUT",
        "/api/v1/scenarios/toy-border/plans/draft_c",
        Some(json!({"base_version": 3, "terms": {"fund": 25, "border": "line_of_contact"}, "title": "Third draft", "message": "new"})),
    )
    .await;
    assert_eq!(
        (a.status, a.json()),
        (StatusCode::OK, json!({"version": 4}))
    );
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios/toy-border/evaluate",
        Some(json!({"plan": "draft_c"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["plan"], "draft_c");
}

#[tokio::test]
async fn a_diff_names_changed_terms_parties_and_the_text() {
    let app = new_app();
    let v2 = toy_text().replace("fund = 25", "fund = 50");
    call(
        &app,
        "PUT",
        "/api/v1/scenarios/toy-border",
        Some(json!({"base_version": 1, "text": v2})),
    )
    .await;
    let a = call(
        &app,
        "GET",
        "/api/v1/scenarios/toy-border/diff?from=1&to=2",
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let d = a.json();
    assert_eq!(
        d["plans"],
        json!([{"plan": "draft_a", "status": "changed", "changed": [{"issue": "fund", "from": 25, "to": 50}]}])
    );
    assert_eq!(d["parties"], json!([]));
    let t = d["text_diff"].as_str().unwrap();
    assert!(
        t.starts_with("--- toy-border v1\n+++ toy-border v2\n"),
        "{t}"
    );
    assert!(t.contains("-fund = 25\n+fund = 50\n"));
    for (q, status) in [
        ("from=1", StatusCode::BAD_REQUEST),
        ("from=a&to=2", StatusCode::BAD_REQUEST),
        ("from=1&to=3", StatusCode::NOT_FOUND),
    ] {
        let a = call(
            &app,
            "GET",
            &format!("/api/v1/scenarios/toy-border/diff?{q}"),
            None,
        )
        .await;
        assert_eq!(a.status, status, "{q}");
    }
}

#[tokio::test]
async fn imports_accord_genius_and_geniusweb() {
    let app = new_app();
    let text = std::fs::read_to_string(shared("scenarios/toy-border.toml")).unwrap();
    // The same id again: 409.
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"text": text, "message": "again"})),
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::CONFLICT, "conflict".to_owned())
    );
    let renamed = text.replace("id = \"toy-border\"", "id = \"toy-copy\"");
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"text": renamed, "format": "accord", "message": "copy"})),
    )
    .await;
    assert_eq!(
        (a.status, a.json()),
        (StatusCode::CREATED, json!({"id": "toy-copy", "version": 1}))
    );
    assert_eq!(
        call(&app, "GET", "/api/v1/scenarios/toy-copy/versions", None)
            .await
            .json()[0]["message"],
        "copy"
    );

    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"text": "format = \"accord/1\"\n"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        !a.json()["error"]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"format": "genius", "text": "x"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);

    let dir = shared("domains/genius/Laptop");
    let mut files = serde_json::Map::new();
    for f in [
        "laptop_domain.xml",
        "laptop_buyer_utility.xml",
        "laptop_seller_utility.xml",
    ] {
        files.insert(
            f.into(),
            std::fs::read_to_string(dir.join(f)).unwrap().into(),
        );
    }
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"format": "genius", "files": files})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let id = a.json()["id"].as_str().unwrap().to_owned();
    let stored = call(&app, "GET", &format!("/api/v1/scenarios/{id}"), None)
        .await
        .json();
    assert!(
        stored["text"]
            .as_str()
            .unwrap()
            .starts_with("format = \"accord/1\"")
    );

    let dir = shared("domains/geniusweb/ANL2023_domain00");
    let mut files = serde_json::Map::new();
    for f in ["domain00.json", "profileA.json", "profileB.json"] {
        files.insert(
            f.into(),
            std::fs::read_to_string(dir.join(f)).unwrap().into(),
        );
    }
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"format": "geniusweb", "files": files})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);

    let mut broken = serde_json::Map::new();
    broken.insert("d.xml".into(), "<not xml".into());
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"format": "genius", "files": broken})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(a.json()["error"]["diagnostics"][0]["code"], "unreadable");
}

#[tokio::test]
async fn evaluate_drafts_patches_and_errors() {
    let app = new_app();
    let path = "/api/v1/scenarios/toy-border/evaluate";
    let all = call(&app, "POST", path, Some(json!({}))).await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.json().as_array().unwrap().len(), 2);
    // An unsaved draft with draft_a's terms: the same numbers, named null.
    let one = call(&app, "POST", path, Some(json!({"plan": "draft_a"})))
        .await
        .json();
    let draft = call(
        &app,
        "POST",
        path,
        Some(json!({"terms": {"border": "line_of_contact", "buffer": "narrow", "fund": 25}})),
    )
    .await;
    assert_eq!(draft.status, StatusCode::OK, "{}", draft.body);
    let draft = draft.json();
    assert_eq!(draft["plan"], serde_json::Value::Null);
    assert_eq!(draft["parties"], one["parties"]);
    // A patch for this request only: nothing saved.
    let patched = call(
        &app,
        "POST",
        path,
        Some(json!({"plan": "draft_a", "terms": {"fund": 50}})),
    )
    .await
    .json();
    let b = call(&app, "POST", path, Some(json!({"plan": "draft_b"})))
        .await
        .json();
    assert_eq!(patched["plan"], "draft_a");
    assert_eq!(
        call(&app, "GET", "/api/v1/scenarios/toy-border", None)
            .await
            .json()["version"],
        1
    );
    let _ = b;
    for (body, status) in [
        (json!({"plan": "draft_z"}), StatusCode::NOT_FOUND),
        (
            json!({"plan": "draft_z", "terms": {"fund": 50}}),
            StatusCode::NOT_FOUND,
        ),
        (json!({"version": 7}), StatusCode::NOT_FOUND),
        (
            json!({"terms": {"fund": 51}}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"set": ["parties.east.walk_away=2"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!({"set": ["no equals sign"]}), StatusCode::BAD_REQUEST),
        (
            json!({"parties": ["nobody"]}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!({"plan": 3}), StatusCode::BAD_REQUEST),
        (json!({"unknown_field": 1}), StatusCode::BAD_REQUEST),
    ] {
        let a = call(&app, "POST", path, Some(body.clone())).await;
        assert_eq!(a.status, status, "{body}: {}", a.body);
    }
    let a = call(
        &app,
        "POST",
        path,
        Some(json!({"set": ["parties.east.walk_away=2"]})),
    )
    .await;
    assert_eq!(a.json()["error"]["diagnostics"][0]["code"], "what-if");
    // An observer cannot be one of the negotiating parties (the flagship's UAE), nor can a
    // list without a signatory be: 422 naming the fault, as `--parties` refuses them.
    let flagship = format!("/api/v1/scenarios/{}/analyze", crate::common::FLAGSHIP);
    let a = call(
        &app,
        "POST",
        &flagship,
        Some(json!({"parties": ["uae", "russia"]})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", a.body);
    assert!(a.body.contains("observer"), "{}", a.body);
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios/nope/evaluate",
        Some(json!({})),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn computations_answer_and_refuse_bad_parameters() {
    let app = new_app();
    let base = "/api/v1/scenarios/toy-border";
    for (endpoint, body) in [
        ("analyze", json!({})),
        ("robustness", json!({"samples": 2000, "seed": 3})),
        ("amend", json!({"plan": "draft_b"})),
        (
            "simulate",
            json!({"protocol": "sao", "strategies": ["boulware"], "rounds": 20, "seed": 1}),
        ),
        (
            "simulate",
            json!({"strategies": {"east": "linear"}, "rounds": 20, "seed": 1}),
        ),
    ] {
        let a = call(
            &app,
            "POST",
            &format!("{base}/{endpoint}"),
            Some(body.clone()),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{endpoint} {body}: {}", a.body);
        assert!(a.body.ends_with("}\n") || a.body.ends_with("]\n"));
    }
    for (endpoint, body, status) in [
        ("analyze", json!({"epsilon": -1}), StatusCode::BAD_REQUEST),
        (
            "analyze",
            json!({"method": "guess"}),
            StatusCode::BAD_REQUEST,
        ),
        ("robustness", json!({"samples": 0}), StatusCode::BAD_REQUEST),
        (
            "robustness",
            json!({"precision": 0.7}),
            StatusCode::BAD_REQUEST,
        ),
        (
            "robustness",
            json!({"plans": ["nope"]}),
            StatusCode::NOT_FOUND,
        ),
        (
            "robustness",
            json!({"max_changes": 1}),
            StatusCode::BAD_REQUEST,
        ),
        ("amend", json!({}), StatusCode::BAD_REQUEST),
        ("amend", json!({"plan": "nope"}), StatusCode::NOT_FOUND),
        (
            "simulate",
            json!({"protocol": "auction"}),
            StatusCode::BAD_REQUEST,
        ),
        ("simulate", json!({"rounds": 0}), StatusCode::BAD_REQUEST),
        (
            "simulate",
            json!({"strategies": ["east=nonsense"]}),
            StatusCode::BAD_REQUEST,
        ),
        (
            "simulate",
            json!({"pressure": 2.0}),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let a = call(
            &app,
            "POST",
            &format!("{base}/{endpoint}"),
            Some(body.clone()),
        )
        .await;
        assert_eq!(a.status, status, "{endpoint} {body}: {}", a.body);
        assert!(!a.code().is_empty());
    }
}

#[tokio::test]
async fn a_computation_over_its_limit_gets_503_and_others_are_served_meanwhile() {
    // A limit of 1 ms, and a Monte Carlo of 50,000 draws: bounded, so that the test's runtime
    // (which waits for its blocking threads when it ends) is not held up for long.
    let app = app_with(None, Duration::from_millis(1));
    let slow = call(
        &app,
        "POST",
        "/api/v1/scenarios/ukraine-2025/robustness",
        Some(json!({"samples": 50_000, "precision": 0.0})),
    );
    let quick = async {
        // Asked while the slow one runs.
        tokio::time::sleep(Duration::from_millis(1)).await;
        call(&app, "GET", "/api/v1/scenarios", None).await
    };
    let (slow, quick) = tokio::join!(slow, quick);
    assert_eq!(
        slow.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        slow.body
    );
    assert_eq!(slow.code(), "compute_limit");
    assert!(
        slow.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("time limit")
    );
    assert_eq!(quick.status, StatusCode::OK);
}

#[tokio::test]
async fn host_origin_and_token_checks() {
    let app = new_app();
    for host in ["localhost:7878", "[::1]:7878", "127.0.0.1:7878"] {
        let a = call_with(&app, "GET", "/api/v1/scenarios", None, &[("host", host)]).await;
        assert_eq!(a.status, StatusCode::OK, "{host}");
    }
    for host in ["evil.example:7878", "127.0.0.1:80", "localhost"] {
        let a = call_with(&app, "GET", "/api/v1/scenarios", None, &[("host", host)]).await;
        assert_eq!(
            (a.status, a.code()),
            (StatusCode::MISDIRECTED_REQUEST, "misdirected".into()),
            "{host}"
        );
    }
    let body = json!({"plan": "draft_a"}).to_string();
    let path = "/api/v1/scenarios/toy-border/evaluate";
    let a = call_with(
        &app,
        "POST",
        path,
        Some(body.clone()),
        &[("origin", "http://evil.example")],
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::FORBIDDEN, "forbidden_origin".into())
    );
    let a = call_with(
        &app,
        "POST",
        path,
        Some(body.clone()),
        &[("origin", "null")],
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = call_with(
        &app,
        "POST",
        path,
        Some(body.clone()),
        &[("origin", "http://127.0.0.1:7878")],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    // Reads from another origin are not state-changing.
    let a = call_with(
        &app,
        "GET",
        "/api/v1/scenarios",
        None,
        &[("origin", "http://evil.example")],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);

    let app = app_with(Some("s3cret"), accord_server::DEFAULT_COMPUTE_LIMIT);
    let a = call(&app, "GET", "/api/v1/scenarios", None).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::UNAUTHORIZED, "unauthorized".into())
    );
    assert_eq!(a.headers["www-authenticate"], "Bearer");
    let a = call_with(
        &app,
        "GET",
        "/api/v1/scenarios",
        None,
        &[("authorization", "Bearer wrong")],
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a = call_with(
        &app,
        "GET",
        "/",
        None,
        &[("authorization", "Bearer s3cret")],
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
}

#[tokio::test]
async fn bodies_over_16_mib_get_413() {
    let app = new_app();
    let text = "x".repeat(accord_server::BODY_LIMIT + 1);
    let body = json!({"text": text}).to_string();
    let length = body.len().to_string();
    let a = call_with(&app, "POST", "/api/v1/scenarios", Some(body.clone()), &[]).await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large".into())
    );
    // Declared up front (as curl and browsers do), it is refused before any handler reads it,
    // with the same JSON error body.
    let a = call_with(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(body),
        &[("content-length", length.as_str())],
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (StatusCode::PAYLOAD_TOO_LARGE, "too_large".into())
    );
    // Just under the limit is read (and refused for what it is: not a scenario).
    let text = "x".repeat(accord_server::BODY_LIMIT - 100);
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"text": text})),
    )
    .await;
    assert_eq!(a.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_openapi_document_and_the_index_page() {
    let app = new_app();
    let a = call(&app, "GET", "/api/v1/openapi.json", None).await;
    assert_eq!(a.status, StatusCode::OK);
    let doc = a.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/scenarios",
        "/api/v1/scenarios/{id}",
        "/api/v1/scenarios/{id}/plans/{plan}",
        "/api/v1/scenarios/{id}/versions",
        "/api/v1/scenarios/{id}/versions/{n}",
        "/api/v1/scenarios/{id}/diff",
        "/api/v1/scenarios/{id}/evaluate",
        "/api/v1/scenarios/{id}/analyze",
        "/api/v1/scenarios/{id}/robustness",
        "/api/v1/scenarios/{id}/amend",
        "/api/v1/scenarios/{id}/simulate",
    ] {
        assert!(paths.contains_key(p), "{p} is missing");
    }
    let a = call(&app, "GET", "/", None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(a.body.contains("Toy border dispute"));
    // The index names scenarios by title and links them by id (pages show no bare id).
    assert!(a.body.contains("href=\"/scenario/ukraine-2025\""));
}
