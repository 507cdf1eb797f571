//! The pages over HTTP in-process: every page answers 200 with HTML on the flagship, and bad
//! ids or parameters answer 404 or 400 (an HTML page), never 500.

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{FLAGSHIP, TOY, call, new_app};

fn is_html(a: &crate::common::Answer) -> bool {
    a.headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

#[tokio::test]
async fn every_page_answers_on_the_flagship() {
    let app = new_app();
    let f = FLAGSHIP;
    for path in [
        "/".to_owned(),
        format!("/scenario/{f}"),
        format!("/scenario/{f}?version=1"),
        format!("/scenario/{f}/edit/us_28"),
        format!("/scenario/{f}/history"),
        format!("/scenario/{f}/diff?from=1&to=1"),
        format!("/scenario/{f}/compare"),
        format!("/scenario/{f}/compare?a=us_28&b=geneva_19"),
        format!("/scenario/{f}/frontier?a=ukraine&b=russia"),
        format!("/scenario/{f}/simulate"),
        format!("/scenario/{TOY}/simulate?strategy=boulware&rounds=30&seed=2"),
        format!("/scenario/{f}/report.html"),
    ] {
        let a = call(&app, "GET", &path, None).await;
        assert_eq!(a.status, StatusCode::OK, "{path}: {}", a.body);
        assert!(is_html(&a), "{path} is HTML");
        assert!(a.body.contains("</html>"), "{path} is a whole page");
    }
    let a = call(&app, "GET", &format!("/scenario/{f}/export.toml"), None).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("id = \"ukraine-2025\""));
    for asset in ["/assets/style.css", "/assets/app.js"] {
        let a = call(&app, "GET", asset, None).await;
        assert_eq!(a.status, StatusCode::OK, "{asset}");
        assert!(!a.body.is_empty());
    }
    // Printable: the style sheet has a print style that hides the controls.
    let css = call(&app, "GET", "/assets/style.css", None).await;
    assert!(css.body.contains("@media print") && css.body.contains(".noprint"));
    // Every asset is embedded: no page loads anything from another host.
    let page = call(&app, "GET", &format!("/scenario/{f}/edit/us_28"), None).await;
    for external in ["src=\"http", "href=\"http", "src=\"//", "href=\"//"] {
        assert!(
            !page.body.contains(external),
            "the editor loads {external}…"
        );
    }
}

#[tokio::test]
async fn pages_show_labels_not_ids() {
    let app = new_app();
    let a = call(&app, "GET", &format!("/scenario/{FLAGSHIP}"), None).await;
    assert!(a.body.contains("US 28-point draft"));
    assert!(
        a.body
            .contains("Ceiling on Ukraine&#x27;s armed forces (I4)")
            || a.body.contains("Ceiling on Ukraine's armed forces (I4)")
    );
    assert!(a.body.contains("600,000 at all times (28-point)"));
    let e = call(
        &app,
        "GET",
        &format!("/scenario/{FLAGSHIP}/edit/us_28"),
        None,
    )
    .await;
    // The 28-point draft's army ceiling is selected, shown by its label.
    assert!(
        e.body
            .contains("<option value=\"600k\" selected>600,000 at all times (28-point)</option>")
    );
}

#[tokio::test]
async fn bad_ids_and_parameters_are_404_and_400_never_500() {
    let app = new_app();
    let f = FLAGSHIP;
    for (path, status) in [
        ("/scenario/nope".to_owned(), StatusCode::NOT_FOUND),
        (format!("/scenario/{f}?version=999"), StatusCode::NOT_FOUND),
        (
            format!("/scenario/{f}?version=abc"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/scenario/{f}/edit/no_such_plan"),
            StatusCode::NOT_FOUND,
        ),
        (
            "/scenario/nope/edit/us_28".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        ("/scenario/nope/history".to_owned(), StatusCode::NOT_FOUND),
        (format!("/scenario/{f}/diff"), StatusCode::BAD_REQUEST),
        (
            format!("/scenario/{f}/diff?from=1&to=x"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/scenario/{f}/diff?from=1&to=99"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/scenario/{f}/compare?a=us_28&b=nope"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/scenario/{f}/frontier?a=nope&b=russia"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/scenario/{f}/frontier?a=russia&b=russia"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/scenario/{f}/simulate?strategy=nonsense"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/scenario/{f}/simulate?strategy=boulware&rounds=0"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/scenario/{f}/simulate?rounds=-1"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/scenario/{f}/export.toml?version=0"),
            StatusCode::NOT_FOUND,
        ),
        (
            "/scenario/nope/report.html".to_owned(),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let a = call(&app, "GET", &path, None).await;
        assert_eq!(a.status, status, "{path}: {}", a.body);
        assert!(is_html(&a), "{path}: an HTML error page");
    }
}

#[tokio::test]
async fn assess_answers_the_consequences_of_a_draft() {
    let app = new_app();
    let path = format!("/scenario/{FLAGSHIP}/assess");
    let terms = json!({ "army_cap": "800k" });
    let a = call(
        &app,
        "POST",
        &path,
        Some(json!({ "version": 1, "plan": "us_28", "terms": terms })),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("data-party=\"Ukraine\""));
    assert!(a.body.contains("walk-away"));
    // A what-if is named in the answer; an unknown option is 422; a bad body 400.
    let w = call(
        &app,
        "POST",
        &path,
        Some(json!({ "version": 1, "plan": "us_28", "terms": {}, "set": ["parties.ukraine.walk_away=0.1"] })),
    )
    .await;
    assert_eq!(w.status, StatusCode::OK, "{}", w.body);
    assert!(w.body.contains("Walk-away of Ukraine = 0.1"), "{}", w.body);
    let r = call(
        &app,
        "POST",
        &path,
        Some(
            json!({ "version": 1, "plan": "us_28", "terms": { "army_cap": "600k" },
            "set": ["parties.ukraine.weights.army_cap=9"],
            "remove_red_line": ["ukraine:army_cap=600k"] }),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("Weight of Ceiling on Ukraine"),
        "{}",
        r.body
    );
    assert!(
        r.body
            .contains("Ukraine&#x27;s red line dropped: Ceiling on Ukraine")
            || r.body
                .contains("Ukraine's red line dropped: Ceiling on Ukraine"),
        "{}",
        r.body
    );
    for (body, status) in [
        (
            json!({ "version": 1, "plan": "us_28", "terms": { "army_cap": "1m" } }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({ "version": 1, "plan": "us_28", "terms": { "no_issue": "x" } }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({ "version": 1, "plan": "nope", "terms": {} }),
            StatusCode::NOT_FOUND,
        ),
        (
            json!({ "version": 99, "plan": "us_28", "terms": {} }),
            StatusCode::NOT_FOUND,
        ),
        (
            json!({ "version": 1, "plan": "us_28", "set": ["nonsense"] }),
            StatusCode::BAD_REQUEST,
        ),
        (
            json!({ "version": 1, "plan": "us_28", "set": ["parties.nobody.walk_away=0.1"] }),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!({ "plan": "us_28" }), StatusCode::BAD_REQUEST),
        (json!([1, 2]), StatusCode::BAD_REQUEST),
    ] {
        let a = call(&app, "POST", &path, Some(body.clone())).await;
        assert_eq!(a.status, status, "{body}: {}", a.body);
    }
    let missing = call(
        &app,
        "POST",
        "/scenario/nope/assess",
        Some(json!({ "version": 1, "plan": "us_28" })),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_probability_is_the_same_on_every_call() {
    let app = new_app();
    let path = format!("/scenario/{FLAGSHIP}/assess");
    let body = json!({ "version": 1, "plan": "us_ua_20", "terms": {} });
    let a = call(&app, "POST", &path, Some(body.clone())).await;
    let b = call(&app, "POST", &path, Some(body)).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("id=\"probability\""));
    assert_eq!(
        a.body, b.body,
        "seeded samples, cached per version: the same answer"
    );
}

#[tokio::test]
async fn restore_is_a_new_version_and_a_stale_restore_is_409() {
    let app = new_app();
    let path = format!("/scenario/{TOY}/restore");
    let a = call(
        &app,
        "POST",
        &path,
        Some(json!({ "version": 1, "base_version": 1 })),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()["version"], 2);
    let stale = call(
        &app,
        "POST",
        &path,
        Some(json!({ "version": 1, "base_version": 1 })),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.json()["current_version"], 2);
    let missing = call(
        &app,
        "POST",
        &path,
        Some(json!({ "version": 9, "base_version": 2 })),
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let bad = call(&app, "POST", &path, Some(json!({ "version": "x" }))).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let versions = call(
        &app,
        "GET",
        &format!("/api/v1/scenarios/{TOY}/versions"),
        None,
    )
    .await;
    assert_eq!(versions.json()[1]["message"], "restore version 1");
}

/// `html` without the elements `tag` (their content included).
fn without(html: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find(&close)
            .map_or("", |end| &rest[start + end + close.len()..]);
    }
    out.push_str(rest);
    out
}

/// The text a reader sees: the page without its scripts, styles, tags and attributes (ids
/// stand only as values of controls and in links).
fn visible_text(html: &str) -> String {
    let html = without(&without(html, "script"), "style");
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// Whether `word` stands in `text` as a whole word (not inside a longer name).
fn has_word(text: &str, word: &str) -> bool {
    let is_part = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).any(|(k, _)| {
        let before = text[..k].chars().next_back();
        let after = text[k + word.len()..].chars().next();
        !before.is_some_and(is_part) && !after.is_some_and(is_part)
    })
}

#[tokio::test]
async fn no_page_shows_a_bare_id() {
    let app = new_app();
    let f = FLAGSHIP;
    let text = accord_server::EXAMPLES[0].1;
    let s = accord_model::parse(text)
        .scenario
        .expect("the flagship parses");
    // Every id a reader could meet, where it differs from what the page shows for it.
    let mut ids: Vec<String> = Vec::new();
    for p in s.party_ixs() {
        ids.push(s.party(p).id().as_str().to_owned());
    }
    for i in s.issue_ixs() {
        ids.push(s.issue(i).id().as_str().to_owned());
        for o in s.issue(i).options() {
            let id = s.issue(i).option_value(o).to_string();
            if id.contains('_') {
                ids.push(id);
            }
        }
    }
    for p in s.plan_ixs() {
        ids.push(s.plan(p).id().as_str().to_owned());
    }
    for a in s.area_ixs() {
        ids.push(s.area(a).id().as_str().to_owned());
    }
    // A saved version, so that history and the diff have something to show.
    let saved = call(
        &app,
        "PUT",
        &format!("/api/v1/scenarios/{f}/plans/us_28"),
        Some(json!({ "base_version": 1, "terms": { "army_cap": "800k" }, "message": "army 800k" })),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let mut pages = Vec::new();
    for path in [
        format!("/scenario/{f}"),
        format!("/scenario/{f}/edit/us_28"),
        format!("/scenario/{f}/history"),
        format!("/scenario/{f}/diff?from=1&to=2"),
        format!("/scenario/{f}/compare?a=us_28&b=geneva_19"),
        format!("/scenario/{f}/frontier?a=ukraine&b=russia"),
    ] {
        let a = call(&app, "GET", &path, None).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        pages.push((path, a.body));
    }
    let assess = call(
        &app,
        "POST",
        &format!("/scenario/{f}/assess"),
        Some(json!({ "version": 2, "plan": "us_28",
            "terms": { "army_cap": "800k", "nato_membership": "constitutional_ban" },
            "set": ["parties.united_states.walk_away=0.9", "parties.russia.weights.army_cap=2"],
            "remove_red_line": ["ukraine:nato_membership=constitutional_ban"] })),
    )
    .await;
    assert_eq!(assess.status, StatusCode::OK, "{}", assess.body);
    pages.push(("assess".to_owned(), assess.body));
    // A one-word id such as `ceasefire` is also a word of the labels: only ids that no label
    // would contain (with `_` or a digit), and party ids (names are capitalised), are checked.
    ids.retain(|id| {
        id.contains('_') || id.chars().any(|c| c.is_ascii_digit()) || s.find_party(id).is_some()
    });
    assert!(ids.len() > 30, "the flagship has many ids: {ids:?}");
    for (path, body) in &pages {
        // The diff page's folded text diff is the file's text, ids and all, by design; the
        // frontier's drawing (shared with `accord analyze --plot`) marks by id, and the page's
        // key names each (checked below); the key's own id column is `code`.
        let seen = visible_text(&without(&without(&without(body, "pre"), "svg"), "code"));
        for id in &ids {
            assert!(
                !has_word(&seen, id),
                "{path} shows the bare id `{id}`: …{}…",
                seen.match_indices(id.as_str())
                    .next()
                    .map_or("", |(k, _)| &seen
                        [k.saturating_sub(60)..(k + 60).min(seen.len())])
            );
        }
    }
}

#[tokio::test]
async fn the_frontier_names_every_id_its_drawing_shows() {
    let app = new_app();
    let a = call(
        &app,
        "GET",
        &format!("/scenario/{FLAGSHIP}/frontier?a=ukraine&b=russia"),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    for (id, name) in [
        ("ukraine", "Ukraine"),
        ("russia", "Russia"),
        ("us_28", "US 28-point draft"),
    ] {
        assert!(
            a.body.contains(&format!("utility of {id}")) || a.body.contains(&format!(">{id}<"))
        );
        assert!(
            a.body.contains(&format!(
                "<tr><td><code>{id}</code></td><td>{name}</td></tr>"
            )),
            "the key names `{id}`"
        );
    }
}

#[test]
fn the_visible_text_leaves_out_tags_scripts_and_styles() {
    let html =
        "<p class=\"us_28\">US <b>28</b>-point</p><script>let us_28;</script><style>.a{}</style>x";
    let t = visible_text(html);
    assert!(!t.contains("us_28") && !t.contains(".a{}"));
    assert!(t.contains("US") && t.contains("28") && t.ends_with('x'));
    assert!(has_word("a us_28 b", "us_28"));
    assert!(!has_word("a us_28x b", "us_28"));
    assert!(!has_word("ukraine-2025", "ukraine"));
}

#[tokio::test]
async fn compare_shows_one_draft_in_two_versions_with_per_party_deltas() {
    let app = new_app();
    let f = FLAGSHIP;
    let saved = call(
        &app,
        "PUT",
        &format!("/api/v1/scenarios/{f}/plans/us_28"),
        Some(json!({ "base_version": 1, "terms": { "army_cap": "800k" }, "message": "army 800k" })),
    )
    .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    let a = call(
        &app,
        "GET",
        &format!("/scenario/{f}/compare?a=us_28&version=1&b=us_28&version_b=2"),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert!(a.body.contains("US 28-point draft (version 1)"));
    assert!(a.body.contains("US 28-point draft (version 2)"));
    // The one term that changed, by its labels.
    assert!(a.body.contains("600,000 at all times (28-point)"));
    assert!(a.body.contains("800,000 in peacetime"));
    // Ukraine's utility moves; a party that does not score the army ceiling does not.
    let row = |party: &str| {
        let start = a
            .body
            .find(&format!("data-party=\"{party}\""))
            .expect(party);
        let rest = &a.body[start..];
        rest[..rest.find("</tr>").unwrap()].to_owned()
    };
    assert!(
        row("Ukraine").contains("class=\"delta up\""),
        "{}",
        row("Ukraine")
    );
    let nato = row("NATO (the Alliance, a consensus body)");
    assert!(nato.contains("<td class=\"delta \">0.000</td>"), "{nato}");
    // The same version twice: every delta is zero and no term differs.
    let same = call(
        &app,
        "GET",
        &format!("/scenario/{f}/compare?a=us_28&b=us_28&version=2"),
        None,
    )
    .await;
    assert!(same.body.contains("The two drafts have the same terms."));
    assert!(!same.body.contains("delta up") && !same.body.contains("delta down"));
    let missing = call(
        &app,
        "GET",
        &format!("/scenario/{f}/compare?a=us_28&b=us_28&version_b=99"),
        None,
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let bad = call(
        &app,
        "GET",
        &format!("/scenario/{f}/compare?a=us_28&b=us_28&version_b=x"),
        None,
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

/// The scenario page's timeline shows each reported reaction (party, draft, word) beside the
/// model's verdict and whether they agree, with the event's sources
/// (`tests/data/valid/reactions.toml`).
#[tokio::test]
async fn the_timeline_shows_reactions_beside_verdicts() {
    let app = new_app();
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/valid/reactions.toml"),
    )
    .unwrap();
    let a = call(
        &app,
        "POST",
        "/api/v1/scenarios",
        Some(json!({"text": text, "message": "reactions"})),
    )
    .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    let page = call(&app, "GET", "/scenario/reactions", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(is_html(&page));
    let b = &page.body;
    for want in [
        "Reaction of North to High cap: <b>accept</b>; the model's verdict: accept — \
         <span class=\"agreement yes\">agrees</span>",
        // A basis for talks is not acceptance: shown, not compared (issue 13's rule).
        "Reaction of South to High cap: <b>basis</b>; the model's verdict: reject — \
         <span class=\"agreement maybe\">not comparable</span>",
        "Reaction of South to High cap: <b>reject</b>; the model's verdict: reject — \
         <span class=\"agreement yes\">agrees</span>",
        "Reaction of North to Open draft: <b>mixed</b>; the model's verdict: undetermined \
         — <span class=\"agreement maybe\">not comparable</span>",
    ] {
        assert!(b.contains(want), "missing {want:?} in\n{b}");
    }
    assert_eq!(b.matches("class=\"reaction\"").count(), 4);
    // The basis reaction cites both sources, the second with no publisher.
    let basis = b
        .split("<li>")
        .find(|li| li.contains("<b>basis</b>"))
        .expect("the basis event");
    assert!(basis.contains("Sources: A wire report (Wire); A newspaper account</div>"));
}

/// The report page over its time limit answers 503 as an HTML page naming the limit, never a
/// 500 or a wait for the whole report. (That the report's computation then stops is the
/// limiter's own test, `compute::a_cancellable_computation_past_its_limit_is_told_to_stop`,
/// with the report's flag tested in accord-report.)
#[tokio::test]
async fn the_report_page_over_its_limit_answers_503() {
    let app = crate::common::app_with(None, std::time::Duration::from_millis(1));
    let a = call(
        &app,
        "GET",
        &format!("/scenario/{FLAGSHIP}/report.html"),
        None,
    )
    .await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.body);
    assert!(is_html(&a));
    assert!(a.body.contains("time limit"), "{}", a.body);
}
