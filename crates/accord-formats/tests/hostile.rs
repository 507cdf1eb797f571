//! No byte sequence panics the readers, and exports of accord-native scenarios read back with
//! the same utilities.

use accord_formats::{
    ImportOptions, InputFile, export_genius, export_geniusweb, import_genius, import_geniusweb,
};
use accord_model::{OptionIx, PointPreferences};
use proptest::prelude::*;

fn file(name: &str, bytes: Vec<u8>) -> InputFile {
    InputFile {
        name: name.to_owned(),
        bytes,
        from_folder: false,
    }
}

const DOMAIN: &str = r#"<negotiation_template><utility_space><objective index="0" name="D">
<issue index="1" name="A" type="discrete"><item value="x"/><item value="y &amp; z"/></issue>
<issue index="2" name="N" type="integer" lowerbound="0" upperbound="4"/>
</objective></utility_space></negotiation_template>"#;

const PROFILE: &str = r#"<utility_space><objective index="0">
<issue index="1" type="discrete"><item value="x" evaluation="2"/><item value="y &amp; z" evaluation="8"/></issue>
<issue index="2" type="integer" lowerbound="0" upperbound="4"><evaluator slope="0.3" offset="0.1"/></issue>
<weight index="1" value="0.6"/><weight index="2" value="0.4"/>
</objective><reservation value="0.25"/><discount_factor value="0.9"/></utility_space>"#;

const GW_PROFILE: &str = r#"{"LinearAdditiveUtilitySpace": {"name": "p",
 "issueUtilities": {"A": {"DiscreteValueSetUtilities": {"valueUtilities": {"x": 0.2, "y": 1}}},
                    "N": {"numberutils": {"lowValue": 0, "lowUtility": 1, "highValue": 2, "highUtility": 0}}},
 "issueWeights": {"A": 0.7, "N": 0.3},
 "domain": {"name": "d", "issuesValues": {"A": {"values": ["x", "y"]}, "N": {"range": {"low": 0, "high": 2, "step": 0.5}}}},
 "reservationBid": {"issuevalues": {"A": "y", "N": 1}}}}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let options = ImportOptions::default();
        let _ = import_genius(&[file("a.xml", bytes.clone())], &options);
        let _ = import_geniusweb(&[file("a.json", bytes)], &options);
    }

    #[test]
    fn mutated_files_never_panic(
        at in 0usize..2000,
        cut in 0usize..60,
        insert in proptest::collection::vec(any::<u8>(), 0..12),
        which in 0usize..3,
    ) {
        let base = [DOMAIN, PROFILE, GW_PROFILE][which].as_bytes();
        let at = at % (base.len() + 1);
        let end = (at + cut).min(base.len());
        let mut bytes = base[..at].to_vec();
        bytes.extend(&insert);
        bytes.extend(&base[end..]);
        let options = ImportOptions::default();
        if which == 2 {
            let _ = import_geniusweb(&[file("p.json", bytes)], &options);
        } else {
            let (d, p) = if which == 0 { (bytes, PROFILE.as_bytes().to_vec()) } else { (DOMAIN.as_bytes().to_vec(), bytes) };
            let _ = import_genius(&[file("d.xml", d), file("p.xml", p)], &options);
        }
    }
}

#[test]
fn the_small_files_import_with_their_formulas() {
    let options = ImportOptions::default();
    let g = import_genius(
        &[file("d.xml", DOMAIN.into()), file("p.xml", PROFILE.into())],
        &options,
    )
    .unwrap();
    let s = &g.scenario;
    let p = PointPreferences::midpoint(s, accord_model::PartyIx::from_usize(0));
    // y & z scores 8/8, x scores 2/8; N scores clamp01(0.1 + 0.3 n).
    for a in 0..2 {
        for n in 0..5 {
            let e_a = [0.25, 1.0][a];
            let e_n = (0.1 + 0.3 * n as f64).clamp(0.0, 1.0);
            let u = p.utility(&[OptionIx::from_usize(a), OptionIx::from_usize(n)]);
            assert!((u - (0.6 * e_a + 0.4 * e_n)).abs() < 1e-12);
        }
    }
    assert_eq!(s.parties()[0].walk_away().midpoint(), 0.25);
    assert_eq!(s.parties()[0].discount(), Some(0.9));
    let w = import_geniusweb(&[file("p.json", GW_PROFILE.into())], &options).unwrap();
    let s = &w.scenario;
    let p = PointPreferences::midpoint(s, accord_model::PartyIx::from_usize(0));
    // Reservation bid (y, 1): 0.7 * 1 + 0.3 * 0.5.
    assert!((p.walk_away() - 0.85).abs() < 1e-12);
    assert_eq!(s.issues()[1].option_count(), 5);
}

/// An accord-native scenario (weights not summing to 1, a discrete issue whose best score is 1,
/// an integer grid scored by a clamped line, a real grid scored linearly): export then import
/// gives the same utilities on every outcome, in both formats.
#[test]
fn native_scenarios_export_with_the_same_utilities() {
    let toml = r#"format = "accord/1"
[scenario]
id = "native"
title = "Native"
[areas.a]
title = "A"
[issues.colour]
area = "a"
title = "Colour"
options = [{ id = "red", label = "Red" }, { id = "blue" }, { id = "green", label = "Green" }]
[issues.count]
area = "a"
title = "Count"
range = { min = 1, max = 6, step = 1 }
[issues.share]
area = "a"
title = "Share"
range = { min = 0, max = 0.5, step = 0.025 }
[parties.east]
name = "East"
walk_away = 0.4
discount = 0.95
[parties.east.weights]
colour = 3
count = 2
share = 5
[parties.east.scores.colour]
red = 1
blue = 0.25
green = 0
[parties.east.scores.count]
curve = [[1, 0.2], [4, 1], [6, 1]]
[parties.east.scores.share]
curve = [[0, 0], [0.5, 1]]
[parties.west]
name = "West"
walk_away = 0
[parties.west.weights]
colour = 1
share = 1
[parties.west.scores.colour]
red = 0
blue = 1
green = 0.5
[parties.west.scores.share]
curve = [[0, 1], [0.5, 0.1]]
"#;
    let s = accord_model::parse(toml).scenario.expect("valid");
    let options = ImportOptions::default();
    for genius in [true, false] {
        let exported = if genius {
            export_genius(&s)
        } else {
            export_geniusweb(&s)
        }
        .unwrap();
        let files: Vec<InputFile> = exported
            .files
            .iter()
            .map(|(n, t)| file(n, t.clone().into_bytes()))
            .collect();
        let back = if genius {
            import_genius(&files, &options)
        } else {
            import_geniusweb(&files, &options)
        }
        .unwrap_or_else(|e| panic!("{e}"));
        let t = &back.scenario;
        assert_eq!(t.issues().len(), 3);
        for party in s.party_ixs() {
            let a = PointPreferences::midpoint(&s, party);
            let b = PointPreferences::midpoint(t, party);
            for c in 0..3 {
                for n in 0..6 {
                    for x in 0..21 {
                        let o = [c, n, x].map(OptionIx::from_usize);
                        assert!(
                            (a.utility(&o) - b.utility(&o)).abs() < 1e-9,
                            "genius={genius} {party:?} {o:?}: {} vs {}",
                            a.utility(&o),
                            b.utility(&o)
                        );
                    }
                }
            }
        }
        // Genius keeps the walk-away value and the discount; GeniusWeb implies the walk-away by
        // a reservation bid (the outcome of least utility at or above it).
        let east = t.find_party("east").unwrap();
        if genius {
            assert_eq!(t.party(east).walk_away().midpoint(), 0.4);
            assert_eq!(t.party(east).discount(), Some(0.95));
        } else {
            assert!(t.party(east).walk_away().midpoint() >= 0.4);
        }
    }
}

/// Escapes text for an XML attribute (the test's own, independent of the crate's writer).
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
        .replace('>', "&gt;")
}

fn name_strategy() -> impl Strategy<Value = String> {
    // Names that collide after slugging, with spaces, punctuation, quotes and non-ASCII.
    proptest::sample::select(vec![
        "Price",
        "price",
        "PRICE!",
        "Lieu & date",
        "\"quoted\"",
        "été",
        "日本",
        "a.b",
        "-",
        " ",
        "x y",
        "x_y",
        "x--y",
        "Ünïcode ñame",
        "<tag>",
        "very long name that goes on and on and on and on and on and on",
    ])
    .prop_map(str::to_owned)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Random well-formed Genius domains and profiles always import (the output parses), with
    /// unique ids, original labels, and Genius's formula on every outcome.
    #[test]
    fn random_genius_files_import_with_the_formula(
        issues in proptest::collection::vec(
            (name_strategy(), proptest::collection::vec((name_strategy(), 0u32..20), 2..5)),
            1..4,
        ),
        weights in proptest::collection::vec(0u32..10, 4),
        reservation in 0u32..=100,
    ) {
        // Distinct values per issue (Genius compares values exactly).
        let issues: Vec<(String, Vec<(String, u32)>)> = issues
            .into_iter()
            .map(|(n, vals)| {
                let mut seen = std::collections::HashSet::new();
                let vals: Vec<_> = vals.into_iter().filter(|(v, _)| seen.insert(v.clone())).collect();
                (n, vals)
            })
            .filter(|(_, v)| v.len() >= 2)
            .collect();
        prop_assume!(!issues.is_empty());
        let weights: Vec<f64> = weights[..issues.len()].iter().map(|&w| f64::from(w) / 10.0).collect();
        prop_assume!(weights.iter().any(|w| *w > 0.0));
        let mut domain = String::from("<negotiation_template><utility_space><objective index=\"0\" name=\"root\">\n");
        let mut profile = String::from("<utility_space><objective index=\"0\">\n");
        for (k, (name, vals)) in issues.iter().enumerate() {
            domain.push_str(&format!("<issue index=\"{}\" name=\"{}\" type=\"discrete\">", k + 1, esc(name)));
            profile.push_str(&format!("<issue index=\"{}\" type=\"discrete\">", k + 1));
            for (v, e) in vals {
                domain.push_str(&format!("<item value=\"{}\"/>", esc(v)));
                profile.push_str(&format!("<item value=\"{}\" evaluation=\"{e}\"/>", esc(v)));
            }
            domain.push_str("</issue>\n");
            profile.push_str("</issue>\n");
            profile.push_str(&format!("<weight index=\"{}\" value=\"{}\"/>\n", k + 1, weights[k]));
        }
        domain.push_str("</objective></utility_space></negotiation_template>");
        profile.push_str(&format!("</objective><reservation value=\"{}\"/></utility_space>", f64::from(reservation) / 100.0));
        let imported = import_genius(
            &[file("dom ain.xml", domain.into_bytes()), file("p&1.xml", profile.into_bytes())],
            &ImportOptions::default(),
        ).unwrap();
        let s = &imported.scenario;
        prop_assert_eq!(s.issues().len(), issues.len());
        for (issue, (name, vals)) in s.issues().iter().zip(&issues) {
            prop_assert_eq!(issue.title(), name.as_str());
            for (o, (v, _)) in issue.options().zip(vals) {
                prop_assert_eq!(issue.option_label(o), v.clone());
            }
        }
        let prefs = PointPreferences::midpoint(s, accord_model::PartyIx::from_usize(0));
        let wsum: f64 = weights.iter().sum();
        let sizes: Vec<usize> = issues.iter().map(|(_, v)| v.len()).collect();
        let mut o = vec![0usize; sizes.len()];
        'outer: loop {
            let formula: f64 = issues.iter().enumerate().map(|(k, (_, vals))| {
                let max = vals.iter().map(|(_, e)| *e).max().unwrap();
                let e = if max == 0 { 0.0 } else { f64::from(vals[o[k]].1) / f64::from(max) };
                weights[k] * e
            }).sum();
            let ixs: Vec<OptionIx> = o.iter().map(|&j| OptionIx::from_usize(j)).collect();
            prop_assert!((prefs.utility(&ixs) - formula / wsum).abs() < 1e-9);
            let mut k = sizes.len();
            loop {
                if k == 0 { break 'outer; }
                k -= 1;
                o[k] += 1;
                if o[k] < sizes[k] { break; }
                o[k] = 0;
            }
        }
        // The round trip is byte-identical when the weights sum to 1 (within 1e-3: they are
        // then written as read); otherwise they are written normalised, with the same utilities.
        let exported = export_genius(s).unwrap();
        let files: Vec<InputFile> = exported.files.iter().map(|(n, t)| file(n, t.clone().into_bytes())).collect();
        let again = import_genius(&files, &ImportOptions::default()).unwrap();
        if (wsum - 1.0).abs() <= 1e-3 {
            prop_assert_eq!(&again.toml, &imported.toml);
        }
        let back = PointPreferences::midpoint(&again.scenario, accord_model::PartyIx::from_usize(0));
        let mut o = vec![0usize; sizes.len()];
        'all: loop {
            let ixs: Vec<OptionIx> = o.iter().map(|&j| OptionIx::from_usize(j)).collect();
            prop_assert!((prefs.utility(&ixs) - back.utility(&ixs)).abs() < 1e-12);
            let mut k = sizes.len();
            loop {
                if k == 0 { break 'all; }
                k -= 1;
                o[k] += 1;
                if o[k] < sizes[k] { break; }
                o[k] = 0;
            }
        }
    }
}

#[test]
fn a_best_score_below_one_is_exported_exactly_for_genius_with_a_warning() {
    let toml = r#"format = "accord/1"
[scenario]
id = "low"
title = "Low"
[areas.a]
title = "A"
[issues.x]
area = "a"
title = "X"
options = [{ id = "p" }, { id = "q" }]
[issues.y]
area = "a"
title = "Y"
options = [{ id = "p" }, { id = "q" }]
[parties.u]
name = "U"
walk_away = 0
[parties.u.weights]
x = 1
y = 1
[parties.u.scores.x]
p = 0.8
q = 0.2
[parties.u.scores.y]
p = 1
q = 0
"#;
    let s = accord_model::parse(toml).scenario.expect("valid");
    let exported = export_genius(&s).unwrap();
    assert!(
        exported
            .warnings
            .iter()
            .any(|w| w.message.contains("best score is 0.8"))
    );
    // Genius's own formula on the written file: weights 0.4 (= 0.5 · 0.8) and 0.5, x's
    // evaluations rescaled by their best (0.8): Genius gives accord's utilities exactly.
    let profile = &exported.files[1].1;
    assert!(
        profile.contains("<weight index=\"1\" value=\"0.4\"/>"),
        "{profile}"
    );
    assert!(
        profile.contains("<weight index=\"2\" value=\"0.5\"/>"),
        "{profile}"
    );
    assert!(
        profile.contains("value=\"p\" evaluation=\"0.8\""),
        "{profile}"
    );
}

#[test]
fn geniusweb_errors_name_the_file_line_and_key() {
    let options = ImportOptions::default();
    let bad = GW_PROFILE.replace("\"y\": 1}", "\"y\": \"much\"}");
    let e = import_geniusweb(&[file("p.json", bad.into_bytes())], &options).unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    assert!(
        e.to_string().starts_with(
            "p.json:2: LinearAdditiveUtilitySpace.issueUtilities.A.valueUtilities.y is \"much\", \
             not a number"
        ),
        "{e}"
    );
    let bad = GW_PROFILE.replace("\"N\": 1}", "\"N\": 1.2}");
    let e = import_geniusweb(&[file("p.json", bad.into_bytes())], &options).unwrap_err();
    assert_eq!(e.line, Some(6), "{e}");
    assert!(
        e.reason
            .contains("reservationBid: 1.2 is not a value of issue \"N\""),
        "{e}"
    );
    let e = import_geniusweb(&[file("p.json", b"{\n\"a\": [1,\n".to_vec())], &options).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert!(e.reason.starts_with("not valid JSON"), "{e}");
    let e = import_geniusweb(
        &[file(
            "p.json",
            b"{\"SumOfGroupsUtilitySpace\": {}}".to_vec(),
        )],
        &options,
    )
    .unwrap_err();
    assert!(
        e.reason.contains("other profile types are not supported"),
        "{e}"
    );
}

#[test]
fn genius_refusals_name_the_file_line_and_reason() {
    let options = ImportOptions::default();
    let cases = [
        // A weighted issue's value with no evaluation: Genius cannot evaluate it.
        (
            PROFILE.replace(
                r#"<item value="x" evaluation="2"/>"#,
                r#"<item value="x"/>"#,
            ),
            2,
            "value \"x\" of issue `A` has no evaluation",
        ),
        // An issue with no weight.
        (
            PROFILE.replace(r#"<weight index="2" value="0.4"/>"#, ""),
            1,
            "issue 2 (`N`) has no <weight>",
        ),
        (
            PROFILE.replace("<utility_space>", r#"<utility_space type="constraint">"#),
            1,
            "constraint utility spaces are not supported",
        ),
        (
            PROFILE.replace(r#"type="integer""#, r#"type="real""#),
            3,
            "is real in the profile but integer in the domain",
        ),
        (
            PROFILE.replace("</objective>", "</objectiv>"),
            5,
            "not well-formed XML",
        ),
    ];
    for (profile, line, why) in cases {
        let e = import_genius(
            &[
                file("d.xml", DOMAIN.into()),
                file("p.xml", profile.into_bytes()),
            ],
            &options,
        )
        .unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("p.xml", Some(line)), "{e}");
        assert!(e.reason.contains(why), "{e}");
    }
    // Evaluations of values the domain does not have still count for the maximum, as in Genius.
    let extra = PROFILE.replace(
        r#"<item value="x" evaluation="2"/>"#,
        r#"<item value="x" evaluation="2"/><item value="ghost" evaluation="16"/>"#,
    );
    let imported = import_genius(
        &[
            file("d.xml", DOMAIN.into()),
            file("p.xml", extra.into_bytes()),
        ],
        &options,
    )
    .unwrap();
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.message.contains("\"ghost\" is not in the domain"))
    );
    let s = &imported.scenario;
    let p = PointPreferences::midpoint(s, accord_model::PartyIx::from_usize(0));
    let u = p.utility(&[OptionIx::from_usize(1), OptionIx::from_usize(0)]);
    assert!((u - (0.6 * 0.5 + 0.4 * 0.1)).abs() < 1e-12, "{u}");
    // Nonlinear profiles: rectangles mixing INCLUDES and EXCLUDES, and min/max aggregation,
    // are refused.
    let nonlinear = r#"<utility_space type="nonlinear"><objective index="0">
<utility maxutility="10"><ufun weight="1" aggregation="sum">
<hyperRectangle utility="5"><INCLUDES index="2" min="1" max="3"/></hyperRectangle>
<hyperRectangle utility="2"/>
</ufun></utility></objective><reservation value="0.5"/></utility_space>"#;
    let ok = import_genius(
        &[
            file("d.xml", DOMAIN.into()),
            file("n.xml", nonlinear.into()),
        ],
        &options,
    )
    .unwrap();
    let p = PointPreferences::midpoint(&ok.scenario, accord_model::PartyIx::from_usize(0));
    // N = 2 lies in [1, 3]: 5/10 + the unbounded rectangle's 2/10.
    let u = p.utility(&[OptionIx::from_usize(0), OptionIx::from_usize(2)]);
    assert!((u - 0.7).abs() < 1e-12, "{u}");
    let u = p.utility(&[OptionIx::from_usize(0), OptionIx::from_usize(4)]);
    assert!((u - 0.2).abs() < 1e-12, "{u}");
    for (from, to, why) in [
        (
            r#"max="3"/>"#,
            r#"max="3"/><EXCLUDES index="2" min="1" max="1"/>"#,
            "both INCLUDES and EXCLUDES",
        ),
        (
            r#"aggregation="sum""#,
            r#"aggregation="max""#,
            "aggregation \"max\" is not supported",
        ),
        (
            r#"index="2" min"#,
            r#"index="1" min"#,
            "a bound on discrete issue `A`",
        ),
    ] {
        let e = import_genius(
            &[
                file("d.xml", DOMAIN.into()),
                file("n.xml", nonlinear.replace(from, to).into_bytes()),
            ],
            &options,
        )
        .unwrap_err();
        assert!(e.reason.contains(why) && e.line.is_some(), "{e}");
    }
}

#[test]
fn real_issues_with_triangular_and_constant_evaluators() {
    let domain = r#"<negotiation_template><utility_space><objective index="0" name="R">
<issue index="1" name="T" type="real"><range lowerbound="0" upperbound="10"/></issue>
<issue index="2" name="C" type="real"><range lowerbound="0" upperbound="1"/></issue>
</objective></utility_space></negotiation_template>"#;
    let profile = r#"<utility_space><objective index="0">
<issue index="1" type="real"><range lowerbound="0" upperbound="10"/><evaluator ftype="triangular" parameter0="2" parameter1="8" parameter2="4"/></issue>
<issue index="2" type="real"><range lowerbound="0" upperbound="1"/><evaluator ftype="constant" parameter0="0.3"/></issue>
<weight index="1" value="0.5"/><weight index="2" value="0.5"/>
</objective></utility_space>"#;
    let options = ImportOptions { real_steps: 11 };
    let imported = import_genius(
        &[file("d.xml", domain.into()), file("p.xml", profile.into())],
        &options,
    )
    .unwrap();
    let s = &imported.scenario;
    let p = PointPreferences::midpoint(s, accord_model::PartyIx::from_usize(0));
    for k in 0..11 {
        let x = k as f64;
        let tri = if !(2.0..8.0).contains(&x) {
            0.0
        } else if x < 4.0 {
            (x - 2.0) / 2.0
        } else {
            (8.0 - x) / 4.0
        };
        let u = p.utility(&[OptionIx::from_usize(k), OptionIx::from_usize(3)]);
        assert!((u - (0.5 * tri + 0.5 * 0.3)).abs() < 1e-12, "x = {x}: {u}");
    }
    // A triangle is not a clamped line: Genius export writes the issue as discrete values, with
    // the same utilities; the constant stays a (flat) line.
    let exported = accord_formats::genius::write::export_with(
        s,
        accord_formats::genius::write::Options { real_issues: true },
    )
    .unwrap();
    assert!(exported.warnings.iter().any(|w| {
        w.message
            .contains("issue `t`: a curve is not a clamped line")
    }));
    let files: Vec<InputFile> = exported
        .files
        .iter()
        .map(|(n, t)| file(n, t.clone().into_bytes()))
        .collect();
    let back = import_genius(&files, &options).unwrap();
    let q = PointPreferences::midpoint(&back.scenario, accord_model::PartyIx::from_usize(0));
    assert!(!back.scenario.issues()[0].is_numeric() && back.scenario.issues()[1].is_numeric());
    for k in 0..11 {
        for c in 0..11 {
            let o = [OptionIx::from_usize(k), OptionIx::from_usize(c)];
            assert!((p.utility(&o) - q.utility(&o)).abs() < 1e-12);
        }
    }
    // faratin is refused.
    let faratin = profile.replace("ftype=\"constant\"", "ftype=\"faratin\"");
    let e = import_genius(
        &[
            file("d.xml", domain.into()),
            file("p.xml", faratin.into_bytes()),
        ],
        &options,
    )
    .unwrap_err();
    assert!(
        e.reason.contains("\"faratin\" is not supported") && e.line == Some(3),
        "{e}"
    );
}

/// GeniusWeb value utilities outside [0, 1] (discrete below 0 and above 1, a number curve
/// through -0.5) import by the exact positive affine map `(u - low) / (high - low)` of the
/// file's utility `u = Σ w·u(v)`: every outcome's utility and the walk-away (the reservation
/// bid's utility) are the map of GeniusWeb's, computed here from the raw numbers; the map is
/// warned and written in the note.
#[test]
fn geniusweb_utilities_outside_0_1_import_by_an_affine_map() {
    let text = GW_PROFILE
        .replace("\"x\": 0.2, \"y\": 1}", "\"x\": -0.4, \"y\": 1.6}")
        .replace("\"highUtility\": 0}", "\"highUtility\": -0.5}");
    let imported = import_geniusweb(
        &[file("p.json", text.into_bytes())],
        &ImportOptions::default(),
    )
    .unwrap();
    let s = &imported.scenario;
    // The raw formula: A: x -0.4, y 1.6; N on 0, 0.5, .., 2: 1 - 0.75·n; weights 0.7, 0.3.
    let raw = |a: usize, n: usize| {
        let ua = [-0.4, 1.6][a];
        let un = 1.0 - 0.75 * (n as f64 * 0.5);
        0.7 * ua + 0.3 * un
    };
    // low = Σ w·min(0, min u), high = Σ w·max(1, max u).
    let (low, high) = (0.7 * -0.4 + 0.3 * -0.5, 0.7 * 1.6 + 0.3 * 1.0);
    let p = PointPreferences::midpoint(s, s.party_ixs().next().unwrap());
    for a in 0..2 {
        for n in 0..5 {
            let got = p.utility(&[OptionIx::from_usize(a), OptionIx::from_usize(n)]);
            let want = (raw(a, n) - low) / (high - low);
            assert!((got - want).abs() < 1e-12, "({a}, {n}): {got} vs {want}");
        }
    }
    // The reservation bid (A = y, N = 1) is worth, after the map, exactly its outcome's utility.
    let bid = p.utility(&[OptionIx::from_usize(1), OptionIx::from_usize(2)]);
    assert_eq!(p.walk_away(), bid);
    assert!((bid - (raw(1, 2) - low) / (high - low)).abs() < 1e-12);
    let warning = imported
        .warnings
        .iter()
        .find(|w| w.message.contains("affine map"))
        .expect("a warning names the map");
    assert!(
        warning.message.contains("outside [0, 1]"),
        "{}",
        warning.message
    );
    let note = s.note().unwrap_or_default();
    assert!(note.contains("exact positive affine map"), "{note}");
    assert!(note.contains("`p`: u = (U - "), "{note}");
    // Within [0, 1], nothing is mapped and nothing said.
    let plain = import_geniusweb(
        &[file("p.json", GW_PROFILE.as_bytes().to_vec())],
        &ImportOptions::default(),
    )
    .unwrap();
    assert!(plain.warnings.iter().all(|w| !w.message.contains("affine")));
    assert!(!plain.scenario.note().unwrap_or_default().contains("affine"));
}

/// An early Genius price evaluator is refused, with the file, the line and the reason, where
/// Genius itself could not evaluate it (not a real issue, a margin that is not positive) or
/// where the affine map for out-of-range values would have to rescale its interactions.
#[test]
fn price_evaluators_genius_cannot_evaluate_are_refused() {
    let options = ImportOptions::default();
    let on_integer = PROFILE.replace(
        r#"<issue index="2" type="integer" lowerbound="0" upperbound="4"><evaluator slope="0.3" offset="0.1"/></issue>"#,
        r#"<issue index="2" type="price"><range lowerbound="1" upperbound="9"/></issue>"#,
    );
    let e = import_genius(
        &[
            file("d.xml", DOMAIN.into()),
            file("p.xml", on_integer.into_bytes()),
        ],
        &options,
    )
    .unwrap_err();
    assert!(e.reason.contains("needs a real issue"), "{e}");
    assert_eq!(e.line, Some(3), "{e}");
    let real = DOMAIN.replace(
        r#"<issue index="2" name="N" type="integer" lowerbound="0" upperbound="4"/>"#,
        r#"<issue index="2" name="Price" type="real"><range lowerbound="100" upperbound="200"/></issue>"#,
    );
    let priced = |upper: &str, reservation: &str| {
        PROFILE
            .replace(r#"evaluation="2"/>"#, r#"evaluation="2" cost="30"/>"#)
            .replace(
                r#"<issue index="2" type="integer" lowerbound="0" upperbound="4"><evaluator slope="0.3" offset="0.1"/></issue>"#,
                &format!(
                    r#"<issue index="2" type="price"><range lowerbound="100" upperbound="{upper}"/></issue>"#
                ),
            )
            .replace(r#"<reservation value="0.25"/>"#, reservation)
    };
    let ok = import_genius(
        &[
            file("d.xml", real.clone().into_bytes()),
            file(
                "p.xml",
                priced("180", r#"<reservation value="0.25"/>"#).into_bytes(),
            ),
        ],
        &options,
    )
    .unwrap();
    // (x, 200): 0.6 · 2/8 + 0.4 · clamp01((200 − 30 − 100) / 50) = 0.15 + 0.4.
    let p = PointPreferences::midpoint(&ok.scenario, accord_model::PartyIx::from_usize(0));
    let u = p.utility(&[OptionIx::from_usize(0), OptionIx::from_usize(20)]);
    assert!((u - 0.55).abs() < 1e-12, "{u}");
    // (y & z, 150): 0.6 + 0.4 · (150 − 0 − 100) / 50 = 1.
    let u = p.utility(&[OptionIx::from_usize(1), OptionIx::from_usize(10)]);
    assert!((u - 1.0).abs() < 1e-12, "{u}");
    for (upper, reservation, why) in [
        ("130", r#"<reservation value="0.25"/>"#, "not positive"),
        ("180", r#"<reservation value="1.5"/>"#, "reservation value"),
    ] {
        let e = import_genius(
            &[
                file("d.xml", real.clone().into_bytes()),
                file("p.xml", priced(upper, reservation).into_bytes()),
            ],
            &options,
        )
        .unwrap_err();
        assert!(e.reason.contains(why) && e.line.is_some(), "{e}");
    }
}
