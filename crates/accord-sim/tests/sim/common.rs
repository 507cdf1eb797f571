//! Small hand-made scenarios for protocol tests, and [`check`]: a simulation's story as a
//! test's expectation.

use accord_model::Scenario;

/// One issue `x` with five options o0..o4. `a` scores o0 best (1, .75, .5, .25, 0), `b` the
/// reverse, `c` peaks at o2 (0, .5, 1, .5, 0). Walk-aways 0.
pub fn line(discount_a: Option<f64>) -> Scenario {
    let discount = discount_a.map_or(String::new(), |d| format!("discount = {d}\n"));
    line_with(&discount, "walk_away = 0\n")
}

/// [`line`] with extra keys for `a` and `b`'s tables (`b_extra` must set `walk_away`).
pub fn line_with(a_extra: &str, b_extra: &str) -> Scenario {
    let text = line_text(a_extra, b_extra);
    let parsed = accord_model::parse(&text);
    let errors: Vec<_> = parsed.errors().map(|d| d.message.clone()).collect();
    parsed.scenario.unwrap_or_else(|| panic!("{errors:?}"))
}

/// The text of [`line_with`].
pub fn line_text(a_extra: &str, b_extra: &str) -> String {
    let discount = a_extra;
    format!(
        r#"format = "accord/1"
[scenario]
id = "line"
title = "Line"
[areas.all]
title = "All"
[issues.x]
area = "all"
title = "X"
options = [{{ id = "o0" }}, {{ id = "o1" }}, {{ id = "o2" }}, {{ id = "o3" }}, {{ id = "o4" }}]
[parties.a]
name = "A"
walk_away = 0
{discount}[parties.a.weights]
x = 1
[parties.a.scores.x]
o0 = 1.0
o1 = 0.75
o2 = 0.5
o3 = 0.25
o4 = 0.0
[parties.b]
name = "B"
{b_extra}[parties.b.weights]
x = 1
[parties.b.scores.x]
o0 = 0.0
o1 = 0.25
o2 = 0.5
o3 = 0.75
o4 = 1.0
[parties.c]
name = "C"
walk_away = 0
[parties.c.weights]
x = 1
[parties.c.scores.x]
o0 = 0.0
o1 = 0.5
o2 = 1.0
o3 = 0.5
o4 = 0.0
"#
    )
}

/// The story of one negotiation of `scenario`: `protocol` (a name of the protocol table) with
/// `rounds` rounds, the line-up (`party=spec`, or a bare spec for every party not named), on
/// `seed`: the roster, the body and the ending, a line each.
pub fn story(
    scenario: &Scenario,
    protocol: &str,
    rounds: usize,
    lineup: &[&str],
    seed: u64,
) -> String {
    let kind = accord_sim::protocol::parse(protocol).expect("a known protocol");
    let mut b = accord_sim::SimulationBuilder::new(scenario, kind).rounds(rounds);
    for s in lineup {
        b = b.assign(s);
    }
    let sim = b.build().expect("a valid simulation");
    let n = sim.run(seed, true);
    let teller = accord_sim::story::Storyteller::new(scenario, &sim);
    let mut out = vec![teller.roster()];
    out.extend(teller.lines(&n).iter().map(ToString::to_string));
    out.push(teller.ending(&n));
    out.join("\n")
}

/// Asserts that [`story`] tells `expected` (compared line by line, each line trimmed, blank
/// lines ignored, so the expectation can be indented in the test).
#[track_caller]
pub fn check(
    scenario: &Scenario,
    protocol: &str,
    rounds: usize,
    lineup: &[&str],
    seed: u64,
    expected: &str,
) {
    let got = story(scenario, protocol, rounds, lineup, seed);
    let tidy = |t: &str| -> Vec<String> {
        t.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    };
    assert_eq!(tidy(&got), tidy(expected), "the story was:\n{got}");
}
