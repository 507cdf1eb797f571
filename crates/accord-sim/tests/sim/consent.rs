//! Simulations under an agreement rule (issue 12): quorums with required parties, scoped
//! consent and ratifiers, in SAO, the single text, drafted-then-ratified and tournaments.

use std::path::PathBuf;

use accord_model::{ConsentRule, OptionIx, PartyIx, PointPreferences, Scenario};
use accord_sim::strategy::{Answer, Strategy, Turn};
use accord_sim::{
    Action, CompiledScenario, Consent, Ending, OutcomeId, Protocol, Sao, SimError,
    SimulationBuilder, SingleText, Stage, Trace, UtilityFunction,
};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt as _, SeedableRng as _};

fn data(name: &str) -> Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    parse(&text)
}

fn parse(text: &str) -> Scenario {
    let parsed = accord_model::parse(text);
    let errors: Vec<_> = parsed.errors().map(|d| d.message.clone()).collect();
    parsed
        .scenario
        .unwrap_or_else(|| panic!("{errors:?}\n{text}"))
}

/// A negotiator that offers one outcome, accepts offers by a fixed answer, and refuses to make
/// a second offer (which ends an SAO negotiation).
struct Scripted {
    offer: OutcomeId,
    accepts: bool,
    offers_left: usize,
}

impl Scripted {
    fn boxed(offer: OutcomeId, accepts: bool, offers: usize) -> Box<dyn Strategy> {
        Box::new(Scripted {
            offer,
            accepts,
            offers_left: offers,
        })
    }
}

impl Strategy for Scripted {
    fn name(&self) -> String {
        "scripted".into()
    }
    fn propose(&mut self, _: &UtilityFunction, _: &Turn, _: &mut ChaCha8Rng) -> Option<OutcomeId> {
        if self.offers_left == 0 {
            return None;
        }
        self.offers_left -= 1;
        Some(self.offer)
    }
    fn respond(
        &mut self,
        _: &UtilityFunction,
        _: &Turn,
        _: OutcomeId,
        _: &mut ChaCha8Rng,
    ) -> Answer {
        if self.accepts {
            Answer::Accept
        } else {
            Answer::Reject
        }
    }
}

/// SAO of `members` (positions) under the scenario's rule for those negotiators.
fn sao_under_rule(
    s: &Scenario,
    d: &CompiledScenario,
    members: &[usize],
    rounds: usize,
    strategies: &mut [Box<dyn Strategy>],
) -> (accord_sim::RunResult, Trace) {
    let consent = Consent::for_negotiation(s, d, members).map(std::sync::Arc::new);
    let sao = Sao::new(rounds).with_consent(consent);
    let mut trace = Trace::on();
    let r = sao.run(
        d,
        members,
        strategies,
        &mut ChaCha8Rng::seed_from_u64(1),
        &mut trace,
    );
    (r, trace)
}

#[test]
fn sao_offer_accepted_by_five_of_six_with_the_required_ones_is_agreed() {
    let s = data("quorum-six.toml");
    let d = CompiledScenario::build(&s).unwrap();
    // p1 offers o2; p2..p5 accept; p6 (last in the ring, would reject) is never asked.
    let mut strategies: Vec<Box<dyn Strategy>> = (0..6)
        .map(|k| Scripted::boxed(2, k != 5, usize::from(k == 0)))
        .collect();
    let (r, trace) = sao_under_rule(&s, &d, &[0, 1, 2, 3, 4, 5], 1, &mut strategies);
    assert_eq!(r.ending, Ending::Agreement);
    assert_eq!(r.agreement, Some(2));
    let accepts: Vec<usize> = trace
        .events()
        .iter()
        .filter(|e| e.action == Action::Accept)
        .map(|e| e.party.unwrap())
        .collect();
    assert_eq!(accepts, vec![1, 2, 3, 4]);
    // The rule agrees: five accept, p1 and p2 among them.
    let rule = ConsentRule::of(&s);
    let outcome = [OptionIx::from_usize(2)];
    assert!(rule.is_agreement(&outcome, |p| p.index() != 5));

    // Unanimity (the same scenario without the [agreement] table): p6 must accept too, and it
    // rejects; without a second offer the negotiation ends.
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/quorum-six.toml"),
    )
    .unwrap()
    .replace("[agreement]\nquorum = 5\nrequired = [\"p1\", \"p2\"]\n", "");
    let plain = parse(&text);
    let d = CompiledScenario::build(&plain).unwrap();
    assert!(Consent::for_negotiation(&plain, &d, &[0, 1, 2, 3, 4, 5]).is_none());
    let mut strategies: Vec<Box<dyn Strategy>> = (0..6)
        .map(|k| Scripted::boxed(2, k != 5, usize::from(k == 0)))
        .collect();
    let (r, _) = sao_under_rule(&plain, &d, &[0, 1, 2, 3, 4, 5], 1, &mut strategies);
    assert_eq!(r.agreement, None);
    assert_eq!(r.ending, Ending::Ended { by: 5 });
}

#[test]
fn sao_offer_a_required_party_rejects_is_not_agreed() {
    let s = data("quorum-six.toml");
    let d = CompiledScenario::build(&s).unwrap();
    // Ring p1, p3, p4, p5, p6, p2: five accept o2 before p2 (required) answers; p2 rejects.
    let mut strategies: Vec<Box<dyn Strategy>> = (0..6)
        .map(|k| Scripted::boxed(2, k != 1, usize::from(k == 0)))
        .collect();
    let (r, trace) = sao_under_rule(&s, &d, &[0, 2, 3, 4, 5, 1], 1, &mut strategies);
    assert_eq!(r.agreement, None);
    assert_eq!(r.ending, Ending::Ended { by: 1 });
    let last = trace.events().iter().rev().nth(1).unwrap();
    assert_eq!((last.party, last.action), (Some(1), Action::Reject));
}

#[test]
fn a_ratifiers_rejection_blocks_its_party_in_sao() {
    let s = data("ratified.toml");
    let d = CompiledScenario::build(&s).unwrap();
    let council = d.position(s.find_party("council").unwrap()).unwrap();
    // a offers o2 (the council wants at least 0.6: o0 or o1), b and c accept.
    let run = |offer: OutcomeId| {
        let mut strategies: Vec<Box<dyn Strategy>> =
            (0..4).map(|_| Scripted::boxed(offer, true, 1)).collect();
        sao_under_rule(&s, &d, &[0, 1, 2], 1, &mut strategies)
    };
    let (r, trace) = run(2);
    assert_eq!(r.agreement, None, "the council's veto blocks A");
    let votes: Vec<_> = trace
        .events()
        .iter()
        .filter(|e| e.stage == Stage::Ratification)
        .map(|e| (e.party, e.action, e.threshold))
        .collect();
    assert_eq!(votes, vec![(Some(council), Action::Veto, Some(0.6))]);
    // The vote comes after A's partners accepted (after its party accepted).
    let kinds: Vec<Action> = trace.events().iter().map(|e| e.action).collect();
    assert_eq!(
        &kinds[..4],
        &[Action::Offer, Action::Accept, Action::Accept, Action::Veto]
    );
    // An offer the council likes is ratified and agreed.
    let (r, trace) = run(1);
    assert_eq!(r.agreement, Some(1));
    assert_eq!(r.ending, Ending::Agreement);
    assert!(
        trace
            .events()
            .iter()
            .any(|e| e.party == Some(council) && e.action == Action::Ratify)
    );
}

#[test]
fn ratifiers_do_not_negotiate() {
    let s = data("ratified.toml");
    let kind = accord_sim::protocol::parse("sao").unwrap();
    let sim = SimulationBuilder::new(&s, kind).build().unwrap();
    let ids: Vec<&str> = sim
        .negotiators()
        .iter()
        .map(|&p| sim.compiled().id(p))
        .collect();
    assert_eq!(ids, ["a", "b", "c"]);
    let drafted = accord_sim::protocol::parse("drafted-then-ratified").unwrap();
    let sim = SimulationBuilder::new(&s, drafted)
        .drafters(&["a", "b"])
        .build()
        .unwrap();
    assert_eq!(sim.negotiators().len(), 3, "the council only votes");
    let err = SimulationBuilder::new(&s, kind)
        .negotiators(&["a", "council"])
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        SimError::RatifierNegotiates {
            party: "council".into(),
            principal: "a".into()
        }
    );
    assert!(err.to_string().contains("ratifies for `a`"), "{err}");
}

#[test]
fn single_text_under_a_quorum_and_a_ratifier() {
    let s = data("quorum-six.toml");
    let d = CompiledScenario::build(&s).unwrap();
    let members = [0, 1, 2, 3, 4, 5];
    let consent = Consent::for_negotiation(&s, &d, &members).map(std::sync::Arc::new);
    // Everyone but p6 accepts the opening text: five of six with p1 and p2 → agreed in round 1.
    let mut strategies: Vec<Box<dyn Strategy>> =
        (0..6).map(|k| Scripted::boxed(0, k != 5, 0)).collect();
    let r = SingleText::new(3, Some(2))
        .with_consent(consent.clone())
        .run(
            &d,
            &members,
            &mut strategies,
            &mut ChaCha8Rng::seed_from_u64(1),
            &mut Trace::off(),
        );
    assert_eq!((r.agreement, r.rounds), (Some(2), 1));
    // p2 (required) alone rejects: no agreement.
    let mut strategies: Vec<Box<dyn Strategy>> =
        (0..6).map(|k| Scripted::boxed(0, k != 1, 0)).collect();
    let r = SingleText::new(3, Some(2)).with_consent(consent).run(
        &d,
        &members,
        &mut strategies,
        &mut ChaCha8Rng::seed_from_u64(1),
        &mut Trace::off(),
    );
    assert_eq!(r.agreement, None);

    // With a ratifier: the council refuses o2 and A relays its request (a step to o1), which
    // the mediator grants; the council ratifies o1.
    let s = data("ratified.toml");
    let d = CompiledScenario::build(&s).unwrap();
    let consent = Consent::for_negotiation(&s, &d, &[0, 1, 2]).map(std::sync::Arc::new);
    let mut strategies: Vec<Box<dyn Strategy>> =
        (0..4).map(|_| Scripted::boxed(0, true, 0)).collect();
    let mut trace = Trace::on();
    let r = SingleText::new(5, Some(2)).with_consent(consent).run(
        &d,
        &[0, 1, 2],
        &mut strategies,
        &mut ChaCha8Rng::seed_from_u64(1),
        &mut trace,
    );
    assert_eq!((r.agreement, r.rounds), (Some(1), 2));
    assert_eq!(
        r.shaped_by,
        vec![Some(0)],
        "A asked for it on the council's behalf"
    );
    let votes: Vec<Action> = trace
        .events()
        .iter()
        .filter(|e| e.stage == Stage::Ratification)
        .map(|e| e.action)
        .collect();
    assert_eq!(votes, [Action::Veto, Action::Ratify]);
}

#[test]
fn drafted_then_ratified_with_a_ratifier() {
    let s = data("ratified.toml");
    let kind = accord_sim::protocol::parse("drafted-then-ratified").unwrap();
    let build = |revisions: usize| {
        SimulationBuilder::new(&s, kind)
            .drafters(&["a", "b"])
            .drafted(accord_sim::DraftedSettings {
                revisions,
                ..Default::default()
            })
            .build()
            .unwrap()
    };
    let sim = build(0);
    let n = sim.run(1, true);
    let council = sim
        .compiled()
        .position(s.find_party("council").unwrap())
        .unwrap();
    let draft = n
        .trace
        .events()
        .iter()
        .find(|e| e.stage == Stage::Ratification)
        .and_then(|e| e.outcome)
        .unwrap();
    let f = &sim.compiled().functions[council];
    if f.acceptable(draft) {
        assert_eq!(n.result.agreement, Some(draft));
    } else {
        // A drafted it, but its council refuses: A blocks the draft.
        assert_eq!(n.result.ending, Ending::Rejected { by: vec![0] });
    }
    // The council votes right after A (A drafts, so first), before the voter C.
    let votes: Vec<(usize, Action)> = n
        .trace
        .events()
        .iter()
        .filter(|e| e.stage == Stage::Ratification)
        .map(|e| (e.party.unwrap(), e.action))
        .collect();
    assert_eq!(votes[0].0, council);
    assert_eq!(votes[1].0, 2);
    // The story says who ratifies for whom.
    let teller = accord_sim::story::Storyteller::new(&s, &sim);
    assert!(
        teller
            .roster()
            .contains("A (boulware) [drafts] [ratified by Council]")
    );
    let story: Vec<String> = teller.lines(&n).iter().map(ToString::to_string).collect();
    assert!(
        story.iter().any(|l| l.contains("Council ratifies for A")
            || l.contains("Council refuses to ratify for A")),
        "{story:?}"
    );
    // With revisions, the drafters adopt the council's steps (relayed by A) until it ratifies.
    let sim = build(3);
    let n = sim.run(1, true);
    assert_eq!(n.result.ending, Ending::Agreement);
    let agreed = n.result.agreement.unwrap();
    assert!(sim.compiled().functions[council].acceptable(agreed));
    // The trace's JSON names the party a ratifier votes for.
    let line = n
        .trace
        .events()
        .iter()
        .find(|e| e.party == Some(council))
        .map(|e| accord_sim::json::TraceLine::new(&s, sim.compiled(), 1, e))
        .unwrap();
    assert_eq!(line.ratifies.as_deref(), Some("a"));
    let json = serde_json::to_value(&line).unwrap();
    assert_eq!(json["ratifies"], "a");
}

#[test]
fn reference_ranges_over_outcomes_every_signatory_counts_as_accepting() {
    // The council wants o0 or o1, so A's win-set is {o0, o1}: the frontier of A, B, C lies there.
    let s = data("ratified.toml");
    let kind = accord_sim::protocol::parse("sao").unwrap();
    let sim = SimulationBuilder::new(&s, kind).build().unwrap();
    let r = sim.reference().unwrap();
    let d = sim.compiled();
    let expected: Vec<Vec<f64>> = [0u64, 1]
        .iter()
        .map(|&o| (0..3).map(|p| d.functions[p].utility(o)).collect())
        .collect();
    for point in &r.frontier {
        assert!(expected.contains(point), "{point:?} outside A's win-set");
    }
}

/// A random scenario with an agreement rule: `n` signatories, up to three ratifiers, scoped
/// consent on some signatories, a quorum and required parties.
fn random_scenario(rng: &mut ChaCha8Rng) -> String {
    let n = rng.random_range(2..=6usize);
    let ratifiers = rng.random_range(0..=3usize);
    let mut t = String::from(
        "format = \"accord/1\"\n[scenario]\nid = \"random\"\ntitle = \"Random\"\n[areas.all]\ntitle = \"All\"\n",
    );
    for i in 0..2 {
        t.push_str(&format!(
            "[issues.i{i}]\narea = \"all\"\ntitle = \"I{i}\"\nstatus_quo = \"v0\"\noptions = [{{ id = \"v0\" }}, {{ id = \"v1\" }}, {{ id = \"v2\" }}]\n"
        ));
    }
    let quorum = rng.random_range(1..=n);
    let required: Vec<String> = (0..n)
        .filter(|_| rng.random_bool(0.3))
        .take(quorum)
        .map(|k| format!("\"s{k}\""))
        .collect();
    t.push_str(&format!(
        "[agreement]\nquorum = {quorum}\nrequired = [{}]\n",
        required.join(", ")
    ));
    let party = |t: &mut String, id: String, extra: String, rng: &mut ChaCha8Rng| {
        t.push_str(&format!(
            "[parties.{id}]\nname = \"{id}\"\nwalk_away = {:.2}\n{extra}[parties.{id}.weights]\ni0 = 1\ni1 = 1\n",
            rng.random_range(0.0..0.8)
        ));
        for i in 0..2 {
            t.push_str(&format!(
                "[parties.{id}.scores.i{i}]\nv0 = {:.2}\nv1 = {:.2}\nv2 = {:.2}\n",
                rng.random::<f64>(),
                rng.random::<f64>(),
                rng.random::<f64>()
            ));
        }
    };
    let mut with_ratifiers = Vec::new();
    for r in 0..ratifiers {
        let principal = rng.random_range(0..n);
        with_ratifiers.push(principal);
        party(
            &mut t,
            format!("r{r}"),
            format!("ratifies = \"s{principal}\"\n"),
            rng,
        );
    }
    for k in 0..n {
        let mut extra = String::new();
        if rng.random_bool(0.3) {
            extra.push_str(&format!("consent_on = [\"i{}\"]\n", rng.random_range(0..2)));
        }
        let count = with_ratifiers.iter().filter(|&&p| p == k).count();
        if count > 1 && rng.random_bool(0.5) {
            extra.push_str(&format!(
                "ratification = {{ quorum = {} }}\n",
                rng.random_range(1..=count)
            ));
        }
        party(&mut t, format!("s{k}"), extra, rng);
    }
    t
}

/// Property: SAO's agreement check is `ConsentRule::is_agreement` with each negotiator's
/// response as its own acceptance and each ratifier accepting by its own red lines and
/// walk-away. The first member offers; the others answer in turn (a random acceptance vector);
/// a member that rejects refuses to counter-offer, which ends the negotiation, so the
/// acceptances heard are the first member and the members before the first rejection.
#[test]
fn property_sao_agreement_is_the_rules() {
    let mut rng = ChaCha8Rng::seed_from_u64(12);
    let mut agreed_somewhere = (0, 0);
    for _ in 0..300 {
        let text = random_scenario(&mut rng);
        let s = parse(&text);
        let d = CompiledScenario::build(&s).unwrap();
        let members: Vec<usize> = (0..d.parties.len())
            .filter(|&p| s.party(d.parties[p]).ratifies().is_none())
            .collect();
        let offer = rng.random_range(0..d.space.len);
        let answers: Vec<bool> = members.iter().map(|_| rng.random_bool(0.75)).collect();
        let mut strategies: Vec<Box<dyn Strategy>> = (0..d.parties.len())
            .map(|p| {
                let i = members.iter().position(|&m| m == p).unwrap_or(0);
                Scripted::boxed(offer, answers[i], usize::from(i == 0 && members[0] == p))
            })
            .collect();
        let (r, _) = sao_under_rule(&s, &d, &members, 1, &mut strategies);

        let heard: Vec<PartyIx> = std::iter::once(members[0])
            .chain(
                members[1..]
                    .iter()
                    .zip(&answers[1..])
                    .take_while(|(_, a)| **a)
                    .map(|(m, _)| *m),
            )
            .map(|m| d.parties[m])
            .collect();
        let outcome = d.space.decode(offer);
        let expected = ConsentRule::of(&s).is_agreement(&outcome, |p| {
            if s.party(p).ratifies().is_some() {
                PointPreferences::midpoint(&s, p).accepts(&outcome)
            } else {
                heard.contains(&p)
            }
        });
        assert_eq!(
            r.agreement.is_some(),
            expected,
            "{text}\noffer {offer}, answers {answers:?}"
        );
        if expected {
            assert_eq!(r.agreement, Some(offer));
            agreed_somewhere.0 += 1;
        } else {
            agreed_somewhere.1 += 1;
        }
    }
    // Both kinds of case occur.
    assert!(
        agreed_somewhere.0 > 20 && agreed_somewhere.1 > 20,
        "{agreed_somewhere:?}"
    );
}

/// Property: the single text's first-round decision is `ConsentRule::is_agreement` with every
/// member's answer to the opening text (a random acceptance vector) and each ratifier by its own
/// red lines and walk-away.
#[test]
fn property_single_text_agreement_is_the_rules() {
    let mut rng = ChaCha8Rng::seed_from_u64(21);
    let mut seen = (0, 0);
    for _ in 0..300 {
        let text = random_scenario(&mut rng);
        let s = parse(&text);
        let d = CompiledScenario::build(&s).unwrap();
        let members: Vec<usize> = (0..d.parties.len())
            .filter(|&p| s.party(d.parties[p]).ratifies().is_none())
            .collect();
        let opening = rng.random_range(0..d.space.len);
        let answers: Vec<bool> = (0..d.parties.len()).map(|_| rng.random_bool(0.7)).collect();
        let mut strategies: Vec<Box<dyn Strategy>> = answers
            .iter()
            .map(|&a| Scripted::boxed(opening, a, 0))
            .collect();
        let consent = Consent::for_negotiation(&s, &d, &members).map(std::sync::Arc::new);
        let r = SingleText::new(1, Some(opening)).with_consent(consent).run(
            &d,
            &members,
            &mut strategies,
            &mut ChaCha8Rng::seed_from_u64(1),
            &mut Trace::off(),
        );
        let outcome = d.space.decode(opening);
        let expected = ConsentRule::of(&s).is_agreement(&outcome, |p| {
            if s.party(p).ratifies().is_some() {
                PointPreferences::midpoint(&s, p).accepts(&outcome)
            } else {
                answers[d.position(p).unwrap()]
            }
        });
        assert_eq!(r.agreement.is_some(), expected, "{text}\n{answers:?}");
        if expected {
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
    }
    assert!(seen.0 > 20 && seen.1 > 20, "{seen:?}");
}

/// A tournament's agreements follow the rule: in quorum-six with P6 accepting o1 alone
/// (walk-away 0.9) and P5 never o1 (a red line), unanimity cannot agree; five of six can.
#[test]
fn tournament_on_a_scenario_with_a_rule() {
    let base = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/quorum-six.toml"),
    )
    .unwrap();
    let strict = |text: &str| {
        let i = text.find("[parties.p6]").unwrap();
        let text = format!(
            "{}{}",
            &text[..i],
            text[i..].replacen("walk_away = 0", "walk_away = 0.9", 1)
        );
        text.replacen(
            "name = \"P5\"\n",
            "name = \"P5\"\nred_lines = { x = [\"o1\"] }\n",
            1,
        )
    };
    let ruled = parse(&strict(&base));
    let plain = parse(&strict(
        &base.replace("[agreement]\nquorum = 5\nrequired = [\"p1\", \"p2\"]\n", ""),
    ));
    let config_text = "scenarios = [\"six.toml\"]\nlineups = [[\"boulware\", \"conceder\"]]\nprotocol = \"sao\"\nrounds = 40\nrepetitions = 2\nrotate = true\nseed = 3\n";
    let run = |s: &Scenario| {
        let config = accord_sim::tournament::Config::from_toml(config_text).unwrap();
        let t =
            accord_sim::tournament::Tournament::new(config, config_text, std::slice::from_ref(s))
                .unwrap();
        t.jobs()
            .iter()
            .map(|j| t.run_job(j).unwrap())
            .collect::<Vec<_>>()
    };
    let agreements =
        |lines: &[accord_sim::json::ResultLine]| lines.iter().filter(|l| l.agreement).count();
    let plain_lines = run(&plain);
    assert_eq!(
        agreements(&plain_lines),
        0,
        "P5 and P6 never accept the same outcome"
    );
    let ruled_lines = run(&ruled);
    assert!(agreements(&ruled_lines) > 0, "five of six agree");
    for l in ruled_lines.iter().filter(|l| l.agreement) {
        // The grand coalition accepts no outcome (P6 accepts o1 alone, P5 never): there is no
        // frontier to measure against.
        assert_eq!(l.distance_to_pareto, None, "{l:?}");
    }
}

/// Scoped consent: C consents only on `x` (status quo o0). An offer that keeps x at o0 does
/// not ask C, so A's offer and B's acceptance agree it; an offer that moves x needs C too.
#[test]
fn sao_does_not_ask_a_party_whose_issues_an_offer_keeps() {
    let mut text = String::from(
        "format = \"accord/1\"\n[scenario]\nid = \"scoped\"\ntitle = \"Scoped\"\n[areas.all]\ntitle = \"All\"\n\
         [issues.x]\narea = \"all\"\ntitle = \"X\"\nstatus_quo = \"o0\"\noptions = [{ id = \"o0\" }, { id = \"o1\" }]\n\
         [issues.y]\narea = \"all\"\ntitle = \"Y\"\noptions = [{ id = \"o0\" }, { id = \"o1\" }]\n",
    );
    for (id, extra) in [("a", ""), ("b", ""), ("c", "consent_on = [\"x\"]\n")] {
        text.push_str(&format!(
            "[parties.{id}]\nname = \"{id}\"\nwalk_away = 0\n{extra}[parties.{id}.weights]\nx = 1\ny = 1\n\
             [parties.{id}.scores.x]\no0 = 1\no1 = 0\n[parties.{id}.scores.y]\no0 = 0\no1 = 1\n"
        ));
    }
    let s = parse(&text);
    let d = CompiledScenario::build(&s).unwrap();
    // Outcome ids: x major, y minor: (o0, o1) = 1 keeps x; (o1, o0) = 2 moves it.
    let run = |offer: OutcomeId| {
        // A offers; B accepts; C rejects and makes no offer (ends).
        let mut strategies: Vec<Box<dyn Strategy>> = vec![
            Scripted::boxed(offer, true, 1),
            Scripted::boxed(offer, true, 0),
            Scripted::boxed(offer, false, 0),
        ];
        sao_under_rule(&s, &d, &[0, 1, 2], 1, &mut strategies).0
    };
    let kept = run(1);
    assert_eq!((kept.agreement, kept.ending), (Some(1), Ending::Agreement));
    let moved = run(2);
    assert_eq!(moved.agreement, None);
    assert_eq!(moved.ending, Ending::Ended { by: 2 });
}

/// Above the metrics' enumeration limit, a rule's frontier is not measured, and the metrics
/// sentence says why.
#[test]
fn large_spaces_under_a_rule_say_why_metrics_are_missing() {
    let mut text = String::from(
        "format = \"accord/1\"\n[scenario]\nid = \"large\"\ntitle = \"Large\"\n[areas.all]\ntitle = \"All\"\n[agreement]\nquorum = 1\n",
    );
    let options: Vec<String> = (0..7).map(|o| format!("{{ id = \"o{o}\" }}")).collect();
    for i in 0..8 {
        text.push_str(&format!(
            "[issues.i{i}]\narea = \"all\"\ntitle = \"I{i}\"\noptions = [{}]\n",
            options.join(", ")
        ));
    }
    for (id, sign) in [("a", 1.0), ("b", -1.0)] {
        text.push_str(&format!("[parties.{id}]\nname = \"{id}\"\nwalk_away = 0\n"));
        for i in 0..8 {
            text.push_str(&format!("[parties.{id}.scores.i{i}]\n"));
            for o in 0..7 {
                let v = if sign > 0.0 {
                    o as f64 / 6.0
                } else {
                    1.0 - o as f64 / 6.0
                };
                text.push_str(&format!("o{o} = {v}\n"));
            }
        }
        text.push_str(&format!("[parties.{id}.weights]\n"));
        for i in 0..8 {
            text.push_str(&format!("i{i} = 1\n"));
        }
    }
    let s = parse(&text);
    let kind = accord_sim::protocol::parse("sao").unwrap();
    let sim = SimulationBuilder::new(&s, kind).rounds(5).build().unwrap();
    assert!(sim.protocol().consent().is_some());
    assert!(sim.reference().is_none());
    let line = accord_sim::story::metrics_line_for(&sim, 1.0, None, None);
    assert!(line.contains("under an agreement rule"), "{line}");
}
