//! Whose consent an agreement needs (scenario.md, added 2026-11): `evaluate_terms` under
//! random rules (quorums, required parties, scoped consent, ratifiers) against a brute force
//! over every completion of the plan, written from the spec's sentences alone.

use crate::common::{self, GenScenario};
use accord_model::{OptionIx, PointPreferences, Scenario, Verdict, evaluate_terms, parse};
use proptest::prelude::*;

/// A random scenario with a consent rule on top.
#[derive(Clone, Debug)]
struct Ruled {
    base: GenScenario,
    /// Per party: the party it ratifies for.
    ratifies: Vec<Option<usize>>,
    /// Per party: its `consent_on` issues.
    consent_on: Vec<Option<Vec<usize>>>,
    /// Per party: its ratification quorum, if written.
    ratification: Vec<Option<usize>>,
    /// `[agreement]`: quorum (if written) and required parties.
    quorum: Option<usize>,
    required: Vec<usize>,
}

/// Raw random choices, resolved into a valid rule by [`resolve`].
type Choices = Vec<(u8, usize, Vec<bool>, usize)>;

fn ruled() -> impl Strategy<Value = Ruled> {
    common::scenario()
        .prop_flat_map(|base| {
            let n = base.parties.len();
            let k = base.issues.len();
            let choices = prop::collection::vec(
                (
                    0u8..4,
                    0..n,
                    prop::collection::vec(any::<bool>(), k),
                    0usize..4,
                ),
                n,
            );
            (Just(base), choices, any::<u8>(), any::<u8>())
        })
        .prop_map(|(base, choices, q, req)| resolve(base, choices, q, req))
}

/// Turns raw choices into a valid rule: kind 0 signatory, 1 signatory with scoped consent,
/// 2 not a signatory, 3 a ratifier of another signatory (when that one is not a ratifier).
fn resolve(mut base: GenScenario, choices: Choices, q: u8, req: u8) -> Ruled {
    let n = base.parties.len();
    let mut ratifies = vec![None; n];
    let mut consent_on = vec![None; n];
    for (p, (kind, target, scope, _)) in choices.iter().enumerate() {
        match kind {
            1 if scope.iter().any(|&b| b) => {
                base.parties[p].signatory = true;
                consent_on[p] = Some(
                    scope
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b)
                        .map(|(i, _)| i)
                        .collect(),
                );
            }
            0 | 1 => base.parties[p].signatory = true,
            2 => base.parties[p].signatory = false,
            _ => {
                if *target != p && choices[*target].0 != 3 {
                    base.parties[p].signatory = false;
                    base.parties[*target].signatory = true;
                    consent_on[p] = None;
                    ratifies[p] = Some(*target);
                } else {
                    base.parties[p].signatory = true;
                }
            }
        }
    }
    // A party that became a ratifier's target keeps its scope; a ratifier has none.
    let mut ratification = vec![None; n];
    for p in 0..n {
        let count = ratifies.iter().filter(|t| **t == Some(p)).count();
        let wish = choices[p].3;
        if count > 0 && wish > 0 {
            ratification[p] = Some(1 + (wish - 1) % count);
        }
    }
    let signatories: Vec<usize> = (0..n).filter(|&p| base.parties[p].signatory).collect();
    let (quorum, required) = if signatories.is_empty() {
        (None, Vec::new())
    } else {
        let quorum = q
            .is_multiple_of(2)
            .then(|| 1 + (q as usize / 2) % signatories.len());
        let required = signatories
            .iter()
            .enumerate()
            .filter(|(k, _)| req >> k & 1 == 1)
            .map(|(_, &p)| p)
            .collect();
        (quorum, required)
    };
    Ruled {
        base,
        ratifies,
        consent_on,
        ratification,
        quorum,
        required,
    }
}

impl Ruled {
    fn to_toml(&self) -> String {
        let mut text = self.base.to_toml();
        for (p, party) in self.base.parties.iter().enumerate() {
            let header = format!(
                "[parties.p{p}]\nname = \"P{p}\"\nsignatory = {}\n",
                party.signatory
            );
            let mut extra = String::new();
            if let Some(t) = self.ratifies[p] {
                extra += &format!("ratifies = \"p{t}\"\n");
            }
            if let Some(scope) = &self.consent_on[p] {
                let ids: Vec<String> = scope.iter().map(|i| format!("\"i{i}\"")).collect();
                extra += &format!("consent_on = [{}]\n", ids.join(", "));
            }
            if let Some(q) = self.ratification[p] {
                extra += &format!("ratification = {{ quorum = {q} }}\n");
            }
            text = text.replacen(&header, &format!("{header}{extra}"), 1);
        }
        if self.quorum.is_some() || !self.required.is_empty() {
            text += "[agreement]\n";
            if let Some(q) = self.quorum {
                text += &format!("quorum = {q}\n");
            }
            let ids: Vec<String> = self.required.iter().map(|p| format!("\"p{p}\"")).collect();
            text += &format!("required = [{}]\n", ids.join(", "));
        }
        text
    }

    fn signatories(&self) -> Vec<usize> {
        (0..self.base.parties.len())
            .filter(|&p| self.base.parties[p].signatory)
            .collect()
    }

    /// scenario.md: p accepts when it accepts on its own and at least its ratification quorum
    /// (default: all) of its ratifiers accept on their own.
    fn accepts(&self, p: usize, outcome: &[usize]) -> bool {
        let ratifiers: Vec<usize> = (0..self.base.parties.len())
            .filter(|&r| self.ratifies[r] == Some(p))
            .collect();
        let need = self.ratification[p].unwrap_or(ratifiers.len());
        let yes = ratifiers
            .iter()
            .filter(|&&r| self.base.accepts(r, outcome))
            .count();
        self.base.accepts(p, outcome) && yes >= need
    }

    /// scenario.md: an outcome needs p's consent unless p's consent is scoped and the outcome
    /// moves none of its issues (an issue without a status quo always moves).
    fn asked(&self, p: usize, outcome: &[usize]) -> bool {
        match &self.consent_on[p] {
            None => true,
            Some(scope) => scope
                .iter()
                .any(|&i| self.base.issues[i].status_quo != Some(outcome[i])),
        }
    }

    fn counts(&self, p: usize, outcome: &[usize]) -> bool {
        !self.asked(p, outcome) || self.accepts(p, outcome)
    }

    fn is_agreement(&self, outcome: &[usize]) -> bool {
        let sig = self.signatories();
        let quorum = self.quorum.unwrap_or(sig.len());
        let yes = sig.iter().filter(|&&p| self.counts(p, outcome)).count();
        yes >= quorum && self.required.iter().all(|&p| self.counts(p, outcome))
    }
}

fn load(text: &str) -> Scenario {
    let parsed = parse(text);
    match parsed.scenario {
        Some(s) => s,
        None => panic!(
            "generated scenario invalid: {:#?}\n{text}",
            parsed.diagnostics
        ),
    }
}

/// Accept when every item holds, reject when none, undetermined otherwise.
fn verdict_over(items: impl Iterator<Item = bool>) -> Verdict {
    let (mut yes, mut no) = (false, false);
    for b in items {
        if b {
            yes = true;
        } else {
            no = true;
        }
    }
    match (yes, no) {
        (true, false) => Verdict::Accept,
        (false, _) => Verdict::Reject,
        _ => Verdict::Undetermined,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Verdicts (own and with ratifiers), who is asked, and the agreement (in/out/undecided
    /// per analysis.md) equal a brute force over every completion; a decided agreement is
    /// right on every completion.
    #[test]
    fn evaluation_under_rules_matches_brute_force(r in ruled()) {
        let text = r.to_toml();
        let s = load(&text);
        let prefs: Vec<PointPreferences<'_>> =
            s.party_ixs().map(|p| PointPreferences::midpoint(&s, p)).collect();
        let settled = r.base.settled();
        let terms: Vec<Option<OptionIx>> =
            settled.iter().map(|t| t.map(OptionIx::from_usize)).collect();
        let e = evaluate_terms(&s, &prefs, &terms);
        let completions: Vec<Vec<usize>> = r
            .base
            .outcomes()
            .into_iter()
            .filter(|o| o.iter().zip(&settled).all(|(k, t)| t.is_none_or(|t| t == *k)))
            .collect();
        for (p, pe) in e.parties.iter().enumerate() {
            let own = verdict_over(completions.iter().map(|o| r.base.accepts(p, o)));
            prop_assert_eq!(pe.own_verdict, own, "own verdict of p{}\n{}", p, text);
            let with = verdict_over(completions.iter().map(|o| r.accepts(p, o)));
            prop_assert_eq!(pe.verdict, with, "verdict of p{}\n{}", p, text);
            let asked = if !r.base.parties[p].signatory {
                Some(false)
            } else {
                match verdict_over(completions.iter().map(|o| r.asked(p, o))) {
                    Verdict::Accept => Some(true),
                    Verdict::Reject => Some(false),
                    Verdict::Undetermined => None,
                }
            };
            prop_assert_eq!(pe.asked, asked, "asked of p{}\n{}", p, text);
        }
        // analysis.md: in / out / undecided per signatory, then the rule.
        let sig = r.signatories();
        let quorum = r.quorum.unwrap_or(sig.len());
        let standing = |p: usize| verdict_over(completions.iter().map(|o| r.counts(p, o)));
        let ins = sig.iter().filter(|&&p| standing(p) == Verdict::Accept).count();
        let possible = sig.iter().filter(|&&p| standing(p) != Verdict::Reject).count();
        let expected = if r.required.iter().any(|&p| standing(p) == Verdict::Reject)
            || possible < quorum
        {
            Some(false)
        } else if ins >= quorum && r.required.iter().all(|&p| standing(p) == Verdict::Accept) {
            Some(true)
        } else {
            None
        };
        prop_assert_eq!(e.agreement, expected, "agreement\n{}", text);
        match e.agreement {
            Some(true) => prop_assert!(completions.iter().all(|o| r.is_agreement(o))),
            Some(false) => prop_assert!(!completions.iter().any(|o| r.is_agreement(o))),
            None => {}
        }
    }

    /// `ConsentRule::is_agreement` on complete outcomes equals the spec's definition.
    #[test]
    fn agreements_on_outcomes_match_brute_force(r in ruled()) {
        let text = r.to_toml();
        let s = load(&text);
        let rule = s.consent_rule();
        let prefs: Vec<PointPreferences<'_>> =
            s.party_ixs().map(|p| PointPreferences::midpoint(&s, p)).collect();
        for outcome in r.base.outcomes() {
            let ixs: Vec<OptionIx> = outcome.iter().map(|&k| OptionIx::from_usize(k)).collect();
            let got = rule.is_agreement(&ixs, |p| prefs[p.index()].accepts(&ixs));
            prop_assert_eq!(got, r.is_agreement(&outcome), "{:?}\n{}", outcome, text);
        }
    }
}

fn municipal_text() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/municipal-package.toml"),
    )
    .expect("the municipal example")
}

fn results(s: &Scenario) -> serde_json::Value {
    let all: Vec<_> = s
        .plan_ixs()
        .map(|p| {
            accord_model::json::PlanEvaluationJson::new(s, p, &accord_model::evaluate_plan(s, p))
        })
        .collect();
    serde_json::to_value(all).unwrap()
}

/// `agreement.quorum`, `agreement.required` and `parties.P.consent_on` what-ifs give the same
/// evaluations as editing the file.
#[test]
fn rule_what_ifs_equal_edited_files() {
    use accord_model::whatif::{WhatIf, apply};
    let text = municipal_text();
    let cases: Vec<(&str, (&str, &str))> = vec![
        ("agreement.quorum=6", ("quorum = 5", "quorum = 6")),
        ("agreement.quorum=4", ("quorum = 5", "quorum = 4")),
        (
            "agreement.required=[\"dev_bank\"]",
            (
                "required = [\"state_fund\", \"dev_bank\"]",
                "required = [\"dev_bank\"]",
            ),
        ),
        (
            "parties.chamber.consent_on=[\"tax\", \"park\"]",
            ("consent_on = [\"tax\"]", "consent_on = [\"tax\", \"park\"]"),
        ),
        (
            "parties.residents.consent_on=[park]",
            (
                "[parties.residents]\n",
                "[parties.residents]\nconsent_on = [\"park\"]\n",
            ),
        ),
    ];
    let base = load(&text);
    for (what_if, (from, to)) in cases {
        assert!(text.contains(from), "{from}");
        let edited = load(&text.replacen(from, to, 1));
        let changed = apply(&base, &[WhatIf::set(what_if).unwrap()])
            .unwrap_or_else(|e| panic!("{what_if}: {e:?}"));
        assert_eq!(results(&changed), results(&edited), "{what_if}");
        assert_ne!(
            results(&changed),
            results(&base),
            "{what_if} changes nothing"
        );
    }
}

/// Rule what-ifs are checked like the file: each refusal names what is wrong.
#[test]
fn rule_what_ifs_are_checked_like_the_file() {
    use accord_model::whatif::{WhatIf, apply};
    let base = load(&municipal_text());
    let cases = [
        ("agreement.quorum=0", "quorum 0 is outside 1..=6"),
        ("agreement.quorum=7", "quorum 7 is outside 1..=6"),
        ("agreement.quorum=2.5", "2.5 is not a count of signatories"),
        (
            "agreement.required=[council]",
            "required party `council` is not a signatory",
        ),
        ("agreement.required=[mayr]", "unknown party `mayr`"),
        ("agreement.veto=[mayor]", "`agreement.veto` cannot be set"),
        (
            "parties.chamber.consent_on=[]",
            "`consent_on` lists no issue",
        ),
        (
            "parties.chamber.consent_on=[taxes]",
            "unknown issue `taxes`",
        ),
        (
            "parties.council.consent_on=[tax]",
            "party `council` is a ratifier",
        ),
        (
            "parties.council.signatory=true",
            "a ratifier cannot be a signatory",
        ),
        (
            "parties.dev_bank.signatory=false",
            "required by the agreement rule",
        ),
    ];
    for (what_if, message) in cases {
        let errors = apply(&base, &[WhatIf::set(what_if).unwrap()]).expect_err(what_if);
        assert_eq!(errors.len(), 1, "{what_if}");
        assert!(
            errors[0].message.contains(message),
            "{what_if}: {}",
            errors[0]
        );
    }
}

/// A party and its ratifier each accept some completions of an open issue, but never the same
/// one: each is undetermined on its own, the party rejects with its ratifier, and a plan that
/// needs it (quorum 2 of 2 with a scoped third party not asked) is no agreement.
#[test]
fn a_ratifier_that_disagrees_on_every_completion_makes_a_rejection() {
    let text = r#"
format = "accord/1"
[scenario]
id = "disjoint"
title = "Disjoint"
[areas.a]
title = "A"
[issues.site]
area = "a"
title = "Site"
options = [{ id = "north" }, { id = "south" }]
[issues.tax]
area = "a"
title = "Tax"
options = [{ id = "none" }, { id = "some" }]
status_quo = "none"
[parties.mayor]
name = "Mayor"
walk_away = 0.5
weights = { site = 1 }
scores.site = { north = 1.0, south = 0.0 }
[parties.fund]
name = "Fund"
walk_away = 0.5
weights = { site = 1 }
scores.site = { north = 1.0, south = 1.0 }
[parties.chamber]
name = "Chamber"
walk_away = 0.5
consent_on = ["tax"]
weights = { tax = 1 }
scores.tax = { none = 1.0, some = 0.0 }
[parties.council]
name = "Council"
ratifies = "mayor"
walk_away = 0.5
weights = { site = 1 }
scores.site = { north = 0.0, south = 1.0 }
[agreement]
quorum = 2
required = ["mayor"]
[plans.open]
title = "Site left open"
[plans.open.terms]
tax = "none"
"#;
    let s = load(text);
    let e = accord_model::evaluate_plan(&s, s.resolve_plan("open").unwrap());
    let by = |id: &str| {
        e.parties
            .iter()
            .find(|p| s.party(p.party).id().as_str() == id)
            .unwrap()
    };
    assert_eq!(by("mayor").own_verdict, Verdict::Undetermined);
    assert_eq!(by("council").own_verdict, Verdict::Undetermined);
    assert_eq!(by("mayor").verdict, Verdict::Reject);
    assert_eq!(by("chamber").asked, Some(false));
    assert_eq!(by("fund").verdict, Verdict::Accept);
    assert_eq!(e.agreement, Some(false));
}
