//! Writers that keep the outcome space, the ids and the numbers (issue 14, items 2 and 3):
//! accord → Genius → accord and accord → GeniusWeb → accord keep every issue's number of
//! options and every party's utility within 1e-12, over the cases of
//! `../shared/cases/interop/` and over random scenarios (property tests).

use std::path::{Path, PathBuf};

use accord_formats::genius::write::{Options, export_with};
use accord_formats::{
    Exported, ImportOptions, InputFile, export_genius, export_geniusweb, import_genius,
    import_geniusweb, read_inputs,
};
use accord_model::{OptionIx, PointPreferences, Scenario, check_id};
use proptest::prelude::*;

fn case(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/cases/interop")
        .join(path)
}

fn parse(toml: &str) -> Scenario {
    let parsed = accord_model::parse(toml);
    let errors: Vec<String> = parsed.errors().map(|d| format!("{d:?}")).collect();
    parsed
        .scenario
        .unwrap_or_else(|| panic!("invalid scenario: {errors:#?}\n{toml}"))
}

fn in_memory(exported: &Exported) -> Vec<InputFile> {
    exported
        .files
        .iter()
        .map(|(name, text)| InputFile {
            name: name.clone(),
            bytes: text.as_bytes().to_vec(),
            from_folder: false,
        })
        .collect()
}

/// Exports `s` and imports the files back.
fn back(exported: &Exported, genius: bool) -> Scenario {
    let files = in_memory(exported);
    let options = ImportOptions::default();
    let imported = if genius {
        import_genius(&files, &options)
    } else {
        import_geniusweb(&files, &options)
    };
    imported
        .unwrap_or_else(|e| panic!("re-import: {e}\n{:#?}", exported.files))
        .scenario
}

/// Every outcome of `s` as option indices.
fn outcomes(s: &Scenario) -> Vec<Vec<OptionIx>> {
    let mut all: Vec<Vec<OptionIx>> = vec![Vec::new()];
    for issue in s.issues() {
        all = all
            .into_iter()
            .flat_map(|o| {
                (0..issue.option_count()).map(move |j| {
                    let mut o = o.clone();
                    o.push(OptionIx::from_usize(j));
                    o
                })
            })
            .collect();
    }
    all
}

fn space(s: &Scenario) -> Vec<usize> {
    s.issues().iter().map(|i| i.option_count()).collect()
}

/// Same outcome space, same parties, every utility and walk-away within 1e-12 (`genius`); for
/// GeniusWeb, which has a reservation *bid* instead of a value, the walk-away is the utility of
/// the least outcome at or above the original.
fn assert_same(a: &Scenario, b: &Scenario, genius: bool) -> Result<(), TestCaseError> {
    prop_assert_eq!(space(a), space(b));
    prop_assert_eq!(a.parties().len(), b.parties().len());
    let all = outcomes(a);
    for p in a.party_ixs() {
        let (pa, pb) = (
            PointPreferences::midpoint(a, p),
            PointPreferences::midpoint(b, p),
        );
        let (wa, wb) = (pa.walk_away(), pb.walk_away());
        let bid_ok = wb >= wa - 1e-12
            && all.iter().all(|o| {
                let u = pa.utility(o);
                u < wa - 1e-12 || u >= wb - 1e-12
            });
        prop_assert!(
            (wa - wb).abs() <= 1e-12 || (!genius && (wa <= 0.0 || bid_ok)),
            "party {p:?}: walk-away {} vs {}",
            pa.walk_away(),
            pb.walk_away()
        );
        for o in &all {
            let (ua, ub) = (pa.utility(o), pb.utility(o));
            prop_assert!(
                (ua - ub).abs() <= 1e-12,
                "party {p:?} at {o:?}: {ua} vs {ub}"
            );
        }
    }
    Ok(())
}

/// Every Genius case of `../shared/cases/interop/` (layouts, a results log, EXCLUDES rectangles,
/// encodings, Japanese names) and every scenario case small enough to enumerate goes accord →
/// Genius → accord and accord → GeniusWeb → accord (linear profiles only: GeniusWeb has no
/// interactions) keeping the outcome space and every utility.
#[test]
fn every_interop_case_round_trips_through_both_formats() {
    let folders = [
        "profile-without-objective",
        "folder-with-results-log",
        "nonlinear-excludes",
        "encodings/latin1",
        "encodings/utf16",
        "encodings/japanese",
    ];
    let mut scenarios: Vec<(String, Scenario)> = folders
        .iter()
        .map(|f| {
            let files = read_inputs(&[case(f)], "xml").unwrap();
            let s = import_genius(&files, &ImportOptions::default())
                .unwrap_or_else(|e| panic!("{f}: {e}"))
                .scenario;
            (f.to_string(), s)
        })
        .collect();
    for f in [
        "discounted-walk-away/split.toml",
        "export-grid-step/fund.toml",
        "frontier-over-cap/nash-flat.toml",
    ] {
        scenarios.push((
            f.to_string(),
            parse(&std::fs::read_to_string(case(f)).unwrap()),
        ));
    }
    let mut both = 0;
    for (name, s) in &scenarios {
        let exported = export_genius(s).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_same(s, &back(&exported, true), true).unwrap_or_else(|e| panic!("{name}: {e}"));
        if s.parties().iter().all(|p| p.interactions().is_empty()) {
            let exported = export_geniusweb(s).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_same(s, &back(&exported, false), false)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            both += 1;
        }
    }
    assert_eq!(
        both,
        scenarios.len() - 1,
        "only nonlinear-excludes has interactions"
    );
}

#[test]
fn a_coarse_grid_is_exported_as_one_item_per_grid_point() {
    let text = std::fs::read_to_string(case("export-grid-step/fund.toml")).unwrap();
    let s = parse(&text);
    assert_eq!(space(&s), [5, 2]);
    let exported = export_genius(&s).unwrap();
    let domain = &exported.files[0].1;
    assert!(!domain.contains("type=\"real\""), "{domain}");
    for v in ["0", "25", "50", "75", "100"] {
        assert!(domain.contains(&format!("value=\"{v}\"")), "{v}: {domain}");
    }
    let t = back(&exported, true);
    // 10 outcomes, as in accord (a real issue gave Genius's 21 points: 42).
    assert_eq!(space(&t).iter().product::<usize>(), 10);
    assert_same(&s, &t, true).unwrap();
    // GeniusWeb keeps it too.
    assert_same(&s, &back(&export_geniusweb(&s).unwrap(), false), false).unwrap();
}

#[test]
fn a_real_issue_is_written_only_on_request_and_says_what_changes() {
    let text = std::fs::read_to_string(case("export-grid-step/fund.toml")).unwrap();
    let s = parse(&text);
    let exported = export_with(&s, Options { real_issues: true }).unwrap();
    assert!(exported.files[0].1.contains("type=\"real\""));
    assert!(
        exported
            .warnings
            .iter()
            .any(|w| w.message.contains("Genius enumerates 21")),
        "{:?}",
        exported.warnings
    );
    // Genius's 21 points: 42 outcomes, the space the option asks for.
    assert_eq!(space(&back(&exported, true)).iter().product::<usize>(), 42);
}

#[test]
fn japanese_names_get_transliterated_unique_ids_and_keep_their_labels() {
    let files = read_inputs(&[case("encodings/japanese")], "xml").unwrap();
    let imported = import_genius(&files, &ImportOptions::default()).unwrap();
    let s = &imported.scenario;
    let mut ids = std::collections::HashSet::new();
    for issue in s.issues() {
        let id = issue.id().to_string();
        assert!(!id.starts_with("issue-"), "{id}");
        assert!(check_id(&id).is_ok());
        assert!(ids.insert(id));
        let accord_model::IssueDomain::Discrete(options) = issue.domain() else {
            panic!("discrete");
        };
        let mut option_ids = std::collections::HashSet::new();
        for o in options {
            let id = o.id().to_string();
            assert!(!id.starts_with("option-"), "{id}");
            assert!(id.is_ascii() && check_id(&id).is_ok(), "{id}");
            assert!(option_ids.insert(id));
            assert!(
                o.label().is_some_and(|l| !l.is_ascii()),
                "the label keeps the name"
            );
        }
    }
    assert_eq!(s.issues()[0].title(), "価格");
    // Stable: the same files give the same bytes.
    let again = import_genius(&files, &ImportOptions::default()).unwrap();
    assert_eq!(imported.toml, again.toml);
}

#[test]
fn a_geniusweb_reservation_bid_worth_three_tenths_imports_as_0_3() {
    let s = parse(
        r#"format = "accord/1"
[scenario]
id = "bid"
title = "Bid"
[areas.a]
title = "A"
[issues.a]
area = "a"
title = "A"
options = [{ id = "low" }, { id = "high" }]
[issues.b]
area = "a"
title = "B"
options = [{ id = "low" }, { id = "high" }]
[parties.p]
name = "P"
walk_away = 0.3
[parties.p.weights]
a = 1
b = 1
[parties.p.scores.a]
low = 0.2
high = 1
[parties.p.scores.b]
low = 0.4
high = 1
[parties.q]
name = "Q"
walk_away = 0
[parties.q.weights]
a = 1
[parties.q.scores.a]
low = 1
high = 0
"#,
    );
    // The bid (low, low) is worth 0.5 · 0.2 + 0.5 · 0.4, which is 0.30000000000000004 in f64.
    let exported = export_geniusweb(&s).unwrap();
    let imported = import_geniusweb(&in_memory(&exported), &ImportOptions::default()).unwrap();
    assert!(
        imported.toml.contains("\nwalk_away = 0.3\n"),
        "{}",
        imported.toml
    );
    assert!(!imported.toml.contains("0.30000000000000004"));
}

const WEIGHTS_AND_INTERACTIONS: &str = r#"format = "accord/1"
[scenario]
id = "mixed"
title = "Weights and interactions"
[areas.a]
title = "A"
[issues.x]
area = "a"
title = "X"
range = { min = 0, max = 3, step = 1 }
[issues.y]
area = "a"
title = "Y"
range = { min = 1, max = 4, step = 1 }
[parties.p]
name = "P"
walk_away = 0.25
discount = 0.9
[parties.p.weights]
x = 2
y = 1
[parties.p.scores.x]
curve = [[0, 0], [3, 1]]
[parties.p.scores.y]
curve = [[1, 1], [4, 0.4]]
[[parties.p.interactions]]
when = { x = { min = 2, max = 3 }, y = { min = 1, max = 2 } }
bonus = -0.15
[[parties.p.interactions]]
when = { y = [3, 4] }
bonus = 0.05
[parties.q]
name = "Q"
walk_away = 0
[parties.q.weights]
x = 1
[parties.q.scores.x]
curve = [[0, 1], [3, 0]]
"#;

#[test]
fn weights_with_interactions_become_a_genius_nonlinear_profile() {
    let s = parse(WEIGHTS_AND_INTERACTIONS);
    let exported = export_genius(&s).unwrap();
    let profile = &exported.files[1].1;
    assert!(profile.contains("type=\"nonlinear\""), "{profile}");
    assert!(profile.contains("<hyperRectangle"), "{profile}");
    let t = back(&exported, true);
    assert_same(&s, &t, true).unwrap();
    assert_eq!(t.parties()[0].discount(), Some(0.9));
}

/// Exports warn once per fact (a nonlinear profile adds none of its own), and an observer (no
/// preferences) gets no profile: it is skipped with one warning naming it.
#[test]
fn exports_warn_once_per_fact_and_skip_observers() {
    let text = WEIGHTS_AND_INTERACTIONS
        .replace(
            "range = { min = 0, max = 3, step = 1 }",
            "range = { min = 0, max = 3, step = 1 }\nstatus_quo = 0",
        )
        .replace(
            "[parties.q]",
            "[parties.m]\nname = \"Mediator\"\n[parties.q]",
        );
    let s = parse(&text);
    assert!(s.parties().iter().any(|p| p.is_observer()));
    let exported = export_genius(&s).unwrap();
    let warnings: Vec<String> = exported
        .warnings
        .iter()
        .map(|w| w.message.clone())
        .collect();
    assert_eq!(
        warnings,
        [
            "issue `x`: the status quo is not exported",
            "party `m`: an observer (no preferences) has no Genius profile; skipped",
        ],
        "{warnings:#?}"
    );
    assert_eq!(
        exported.files.len(),
        3,
        "a domain and the profiles of p and q"
    );
    assert!(exported.files.iter().all(|(name, _)| name != "m.xml"));
    let t = back(&exported, true);
    assert_eq!(t.parties().len(), 2);
    // GeniusWeb (linear profiles only): the same, plus the discount and the exact walk-away
    // it cannot hold.
    let linear = text
        .split("[[parties.p.interactions]]")
        .next()
        .unwrap()
        .to_owned()
        + &text[text.find("[parties.m]").unwrap()..];
    let exported = export_geniusweb(&parse(&linear)).unwrap();
    let warnings: Vec<String> = exported
        .warnings
        .iter()
        .map(|w| w.message.clone())
        .collect();
    assert_eq!(
        warnings,
        [
            "issue `x`: the status quo is not exported",
            "party `m`: an observer (no preferences) has no GeniusWeb profile; skipped",
            "party `p`: GeniusWeb has no discount factor; dropped",
            "party `p`: no outcome has utility 0.25 exactly; the reservation bid has \
             0.2666666666666664",
        ],
        "{warnings:#?}"
    );
    assert_eq!(exported.files.len(), 3);
    assert_eq!(back(&exported, false).parties().len(), 2);
}

#[test]
fn only_what_a_target_cannot_express_is_refused_naming_it() {
    // A weighted discrete issue: Genius hyper-rectangles bound integer issues only.
    let discrete = WEIGHTS_AND_INTERACTIONS.replace(
        "range = { min = 1, max = 4, step = 1 }",
        "options = [{ id = \"one\" }, { id = \"two\" }]",
    );
    let discrete = discrete
        .replace("curve = [[1, 1], [4, 0.4]]", "one = 1\ntwo = 0.4")
        .replace("y = { min = 1, max = 2 }", "y = [\"one\"]")
        .replace("y = [3, 4]", "y = [\"two\"]");
    let s = parse(&discrete);
    let e = export_genius(&s).unwrap_err();
    assert!(e.reason.contains("party `p`"), "{e}");
    assert!(e.reason.contains("issue `y`"), "{e}");
    assert!(e.reason.contains("integer"), "{e}");
    assert!(!e.reason.contains("--"), "no flag in a library error: {e}");
    // GeniusWeb's linear additive profiles have no interactions at all.
    let e = export_geniusweb(&parse(WEIGHTS_AND_INTERACTIONS)).unwrap_err();
    assert!(
        e.reason.contains("party `p`") && e.reason.contains("interactions"),
        "{e}"
    );
}

/// One issue of a random scenario.
#[derive(Debug, Clone)]
enum Kind {
    Discrete(usize),
    Integer { min: i32, len: usize },
    Grid { step: &'static str, len: usize },
}

impl Kind {
    fn len(&self) -> usize {
        match self {
            Kind::Discrete(n) => *n,
            Kind::Integer { len, .. } | Kind::Grid { len, .. } => *len,
        }
    }
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        (2usize..=4).prop_map(Kind::Discrete),
        (-3i32..=3, 2usize..=5).prop_map(|(min, len)| Kind::Integer { min, len }),
        (
            prop::sample::select(vec!["0.5", "2.5", "25", "0.1"]),
            2usize..=5
        )
            .prop_map(|(step, len)| Kind::Grid { step, len }),
    ]
}

/// A party's preferences on one issue: its weight (0: unlisted), the index of its best option
/// (scored 1) and tenths for the others.
type Prefs = (u32, usize, Vec<u32>);

fn prefs() -> impl Strategy<Value = Prefs> {
    (0u32..=4, 0usize..5, prop::collection::vec(0u32..=10, 5))
}

/// Writes a random scenario as `accord/1` text. Every party's best score on each issue is 1:
/// Genius rescales discrete evaluations to a best of 1, so a lower best is written into the
/// weight, which accord (normalising weights) reads back as a different scale (documented).
fn scenario_text(kinds: &[Kind], parties: &[(u32, Vec<Prefs>)]) -> String {
    let mut t = String::from(
        "format = \"accord/1\"\n[scenario]\nid = \"random\"\ntitle = \"Random\"\n\
         [areas.a]\ntitle = \"A\"\n",
    );
    for (k, kind) in kinds.iter().enumerate() {
        t += &format!("[issues.i{k}]\narea = \"a\"\ntitle = \"Issue {k}\"\n");
        t += &match kind {
            Kind::Discrete(n) => {
                let opts: Vec<String> = (0..*n)
                    .map(|j| format!("{{ id = \"o{j}\", label = \"Option {j}\" }}"))
                    .collect();
                format!("options = [{}]\n", opts.join(", "))
            }
            Kind::Integer { min, len } => format!(
                "range = {{ min = {min}, max = {}, step = 1 }}\n",
                min + *len as i32 - 1
            ),
            Kind::Grid { step, len } => {
                let max = step.parse::<f64>().unwrap() * (*len as f64 - 1.0);
                format!("range = {{ min = 0, max = {max}, step = {step} }}\n")
            }
        };
    }
    for (p, (walk_away, issues)) in parties.iter().enumerate() {
        t += &format!(
            "[parties.p{p}]\nname = \"Party {p}\"\nwalk_away = {}\n",
            f64::from(*walk_away) / 10.0
        );
        let mut weights = String::new();
        let mut scores = String::new();
        for (k, (kind, (w, best, tenths))) in kinds.iter().zip(issues).enumerate() {
            if *w == 0 {
                continue;
            }
            weights += &format!("i{k} = {w}\n");
            let score = |j: usize| {
                if j == best % kind.len() {
                    1.0
                } else {
                    f64::from(tenths[j]) / 10.0
                }
            };
            scores += &format!("[parties.p{p}.scores.i{k}]\n");
            scores += &match kind {
                Kind::Discrete(n) => (0..*n).map(|j| format!("o{j} = {}\n", score(j))).collect(),
                Kind::Integer { min, len } => {
                    // A line from its best end: Genius's `linear` evaluator.
                    let (a, b) = if best % 2 == 0 {
                        (1.0, score(1))
                    } else {
                        (score(0), 1.0)
                    };
                    format!("curve = [[{min}, {a}], [{}, {b}]]\n", min + *len as i32 - 1)
                }
                Kind::Grid { step, len } => {
                    let pts: Vec<String> = (0..*len)
                        .map(|j| {
                            let x = step.parse::<f64>().unwrap() * j as f64;
                            format!("[{x}, {}]", score(j))
                        })
                        .collect();
                    format!("curve = [{}]\n", pts.join(", "))
                }
            };
        }
        if weights.is_empty() {
            weights = "i0 = 1\n".to_owned();
            scores = format!("[parties.p{p}.scores.i0]\n");
            scores += &match &kinds[0] {
                Kind::Discrete(n) => (0..*n).map(|j| format!("o{j} = {}\n", j % 2)).collect(),
                Kind::Integer { min, len } => {
                    format!("curve = [[{min}, 0], [{}, 1]]\n", min + *len as i32 - 1)
                }
                Kind::Grid { step, len } => {
                    let max = step.parse::<f64>().unwrap() * (*len as f64 - 1.0);
                    format!("curve = [[0, 0], [{max}, 1]]\n")
                }
            };
        }
        t += &format!("[parties.p{p}.weights]\n{weights}{scores}");
    }
    t
}

fn random_scenario() -> impl Strategy<Value = String> {
    prop::collection::vec(kind(), 1..=3).prop_flat_map(|kinds| {
        let n = kinds.len();
        prop::collection::vec((0u32..=6, prop::collection::vec(prefs(), n..=n)), 2..=3)
            .prop_map(move |parties| scenario_text(&kinds, &parties))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// accord → Genius → accord and accord → GeniusWeb → accord keep the outcome space and
    /// every utility within 1e-12.
    #[test]
    fn round_trips_keep_the_outcome_space_and_every_utility(text in random_scenario()) {
        let s = parse(&text);
        for genius in [true, false] {
            let exported = if genius { export_genius(&s) } else { export_geniusweb(&s) }
                .unwrap_or_else(|e| panic!("{e}\n{text}"));
            let t = back(&exported, genius);
            assert_same(&s, &t, genius).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        }
    }

    /// Integer issues, weights and interactions: accord → Genius (a nonlinear profile) → accord
    /// keeps every utility within 1e-12.
    #[test]
    fn weights_and_interactions_round_trip_through_genius(
        lens in prop::collection::vec(2i32..=4, 2..=3),
        weights in prop::collection::vec(1u32..=5, 3),
        rects in prop::collection::vec(
            (prop::collection::vec((0i32..4, 0i32..4), 3), -5i32..=5),
            1..=3,
        ),
    ) {
        let mut t = String::from(
            "format = \"accord/1\"\n[scenario]\nid = \"r\"\ntitle = \"R\"\n[areas.a]\ntitle = \"A\"\n",
        );
        for (k, len) in lens.iter().enumerate() {
            t += &format!(
                "[issues.i{k}]\narea = \"a\"\ntitle = \"I{k}\"\nrange = {{ min = 0, max = {}, step = 1 }}\n",
                len - 1
            );
        }
        t += "[parties.p]\nname = \"P\"\nwalk_away = 0.2\n[parties.p.weights]\n";
        for (k, w) in weights.iter().take(lens.len()).enumerate() {
            t += &format!("i{k} = {w}\n");
        }
        for (k, len) in lens.iter().enumerate() {
            t += &format!("[parties.p.scores.i{k}]\ncurve = [[0, 0.3], [{}, 1]]\n", len - 1);
        }
        for (bounds, bonus) in &rects {
            let conds: Vec<String> = lens
                .iter()
                .zip(bounds)
                .enumerate()
                .map(|(k, (len, (a, b)))| {
                    let (lo, hi) = ((*a).min(*b).min(len - 1), (*a).max(*b).min(len - 1));
                    format!("i{k} = {{ min = {lo}, max = {hi} }}")
                })
                .collect();
            t += &format!(
                "[[parties.p.interactions]]\nwhen = {{ {} }}\nbonus = {}\n",
                conds.join(", "),
                f64::from(*bonus) / 20.0
            );
        }
        t += "[parties.q]\nname = \"Q\"\nwalk_away = 0\n[parties.q.weights]\ni0 = 1\n[parties.q.scores.i0]\n";
        t += &format!("curve = [[0, 1], [{}, 0]]\n", lens[0] - 1);
        let s = parse(&t);
        let exported = export_genius(&s).unwrap_or_else(|e| panic!("{e}\n{t}"));
        let back = back(&exported, true);
        assert_same(&s, &back, true).map_err(|e| TestCaseError::fail(format!("{e}\n{t}")))?;
    }
}
