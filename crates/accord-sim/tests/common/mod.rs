//! Small hand-made scenarios for protocol tests.
#![allow(dead_code)]

use accord_model::Scenario;

/// One issue `x` with five options o0..o4. `a` scores o0 best (1, .75, .5, .25, 0), `b` the
/// reverse, `c` peaks at o2 (0, .5, 1, .5, 0). Walk-aways 0.
pub fn line(discount_a: Option<f64>) -> Scenario {
    let discount = discount_a.map_or(String::new(), |d| format!("discount = {d}\n"));
    line_with(&discount, "walk_away = 0\n")
}

/// [`line`] with extra keys for `a` and `b`'s tables (`b_extra` must set `walk_away`).
pub fn line_with(a_extra: &str, b_extra: &str) -> Scenario {
    let discount = a_extra;
    let text = format!(
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
    );
    let parsed = accord_model::parse(&text);
    let errors: Vec<_> = parsed.errors().map(|d| d.message.clone()).collect();
    parsed.scenario.unwrap_or_else(|| panic!("{errors:?}"))
}
