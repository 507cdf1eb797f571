//! Every scenario in `../shared/scenarios/` (beside the repository): both methods where they
//! apply, against the brute force when the space is small.

use crate::common::*;
use accord_analysis::{AnalysisError, Method, Options, analyze};

#[test]
fn shared_scenarios_match_brute_force() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/scenarios");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("../shared/scenarios exists") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let Some(s) = accord_model::parse(&text).scenario else {
            continue;
        };
        seen += 1;
        let small = s.outcome_count().is_some_and(|n| n <= 20_000);
        let parties = default_parties(&s);
        let b = small.then(|| brute(&s, &parties));
        for distinct in [false, true] {
            let e = run(&s, Method::Enumerate, None, distinct);
            if let Some(b) = &b {
                check(&s, &e, b, distinct)
                    .unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            }
            let options = Options {
                method: Method::Merge,
                distinct,
                ..Options::default()
            };
            match analyze(&s, &options) {
                Ok(m) => {
                    assert_eq!(m.frontier, e.frontier, "{}", path.display());
                    assert_eq!(m.solutions, e.solutions, "{}", path.display());
                }
                Err(AnalysisError::MergeNeedsAdditive { parties }) => {
                    assert!(
                        parties
                            .iter()
                            .map(|id| s.find_party(id).expect("a party id"))
                            .all(|p| !s.party(p).interactions().is_empty())
                    );
                }
                Err(other) => panic!("{}: {other}", path.display()),
            }
        }
    }
    assert!(seen > 0, "no scenario found in {}", dir.display());
}

#[test]
fn toy_without_interactions_merges_like_it_enumerates() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/scenarios");
    let text = std::fs::read_to_string(dir.join("toy-border.toml")).unwrap();
    // Drop East's interaction so that the merge method applies.
    let text = text.replace(
        "[[parties.east.interactions]]\nwhen = { border = \"line_of_contact\", buffer = \"wide\" }\nbonus = -0.05\n",
        "",
    );
    assert!(
        !text.contains("interactions"),
        "the interaction was not removed"
    );
    let s = parse(&text);
    let b = brute(&s, &default_parties(&s));
    let m = run(&s, Method::Merge, None, false);
    check(&s, &m, &b, false).unwrap();
}
