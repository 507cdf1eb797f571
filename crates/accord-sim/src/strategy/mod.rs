//! Negotiation strategies.
//!
//! A [`Strategy`] decides for one party. It sees **only** its own preferences ([`UtilityFunction`]), the
//! public shape of the outcome space ([`Space`]), the protocol state and the relative time (a
//! [`Turn`]), and the offers other parties make ([`Strategy::observe`]); it never sees another
//! party's utilities. Randomness comes from the protocol's seeded generator, so a run is a pure
//! function of its seed.
//!
//! Strategies are named on the command line as `name[:key=value,...]` and built by [`parse`]:
//!
//! | name | parameters | behaviour |
//! |---|---|---|
//! | `boulware` | `e` (default 0.25) | time-dependent, concedes late |
//! | `linear` | `e` (default 1) | time-dependent, concedes linearly |
//! | `conceder` | `e` (default 4) | time-dependent, concedes early |
//! | `time` | `e` (default 1) | time-dependent with any exponent |
//! | `hardliner` | — | offers its best outcome, accepts only that utility |
//! | `tit-for-tat` | `factor` (default 1) | concedes what the others conceded |
//! | `random` | `accept` (0.5), `end` (0) | random acceptable offers |
//! | `aspiration` | `rate` (0.1) | aspiration adaptation toward the best offer received |
//! | `frequency` | `e` (1), `width` (0.05) | time-dependent target, offers chosen by a frequency opponent model |
//! | `micro` | — | MiCRO (de Jonge 2022; ANL 2024's baseline): a new offer only after as many unique offers received |

use rand::rngs::ChaCha8Rng;

use crate::compiled::{OutcomeId, Space, UtilityFunction};

mod aspiration;
mod frequency;
mod hardliner;
mod micro;
mod random;
mod time_dependent;
mod tit_for_tat;

pub use aspiration::Aspiration;
pub use frequency::FrequencyLearner;
pub use hardliner::Hardliner;
pub use micro::Micro;
pub use random::RandomStrategy;
pub use time_dependent::TimeDependent;
pub use tit_for_tat::TitForTat;

/// What a negotiator sees when it acts.
#[derive(Debug, Clone, Copy)]
pub struct Turn<'a> {
    /// Relative time in (0, 1): `(round + 1) / (rounds + 1)` in SAO, as in NegMAS.
    pub t: f64,
    /// The round, from 0.
    pub round: usize,
    /// The number of rounds allowed.
    pub rounds: usize,
    /// This negotiator's position among the negotiators.
    pub me: usize,
    /// The number of negotiators.
    pub negotiators: usize,
    /// The public shape of the outcome space.
    pub space: &'a Space,
}

/// An answer to an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// Accept the standing offer.
    Accept,
    /// Reject it (the protocol then asks for a counter-offer).
    Reject,
    /// End the negotiation for everyone, without agreement.
    End,
}

/// One party's decision maker. See the module docs for what it may see.
pub trait Strategy: Send {
    /// The strategy's name with its parameters, as it would be written on the command line.
    fn name(&self) -> String;

    /// An offer, or `None` to refuse to offer (which ends an SAO negotiation, as in NegMAS).
    fn propose(
        &mut self,
        own: &UtilityFunction,
        turn: &Turn,
        rng: &mut ChaCha8Rng,
    ) -> Option<OutcomeId>;

    /// The answer to `offer`, made by another party.
    fn respond(
        &mut self,
        own: &UtilityFunction,
        turn: &Turn,
        offer: OutcomeId,
        rng: &mut ChaCha8Rng,
    ) -> Answer;

    /// Told of every offer another negotiator (position `from`) makes, before any answer.
    fn observe(&mut self, _own: &UtilityFunction, _turn: &Turn, _from: usize, _offer: OutcomeId) {}

    /// What the party asks to change in a text it rejects (single negotiating text,
    /// ratification): `(issue, option)` pairs, most wanted first, at most [`MAX_OBJECTIONS`].
    ///
    /// The default, for a text that crosses the party's red lines, asks to lift each of them
    /// (issue order; the best option that is not a red line). Otherwise it asks, per issue,
    /// for the *smallest* change that improves the text for the party (the option worth the least among those worth more than the current one, holding
    /// the other issues fixed) — a step, not a demand for its ideal; issues whose red line the
    /// text crosses come first, then issues by the gain of that step, largest first.
    fn objections(
        &mut self,
        own: &UtilityFunction,
        turn: &Turn,
        text: OutcomeId,
    ) -> Vec<(usize, usize)> {
        default_objections(own, turn.space, text)
    }
}

/// The most changes a party asks for in one answer.
pub const MAX_OBJECTIONS: usize = 3;

/// See [`Strategy::objections`].
pub fn default_objections(
    own: &UtilityFunction,
    space: &Space,
    text: OutcomeId,
) -> Vec<(usize, usize)> {
    if own.red_line(text) {
        // Each crossed red line, in issue order: the best option that is not a red line.
        let mut wants = Vec::new();
        for (issue, &r) in space.radices.iter().enumerate() {
            if !own.is_red_line_option(issue, space.option(text, issue)) {
                continue;
            }
            let best = (0..r)
                .filter(|&o| !own.is_red_line_option(issue, o))
                .map(|o| (own.utility(space.with(text, issue, o)), o))
                .fold(None::<(f64, usize)>, |b, (u, o)| match b {
                    Some((bu, _)) if bu >= u => b,
                    _ => Some((u, o)),
                });
            if let Some((_, o)) = best {
                wants.push((issue, o));
            }
        }
        wants.truncate(MAX_OBJECTIONS);
        return wants;
    }
    let base = own.value(text);
    let mut wants: Vec<(f64, usize, usize)> = Vec::new();
    for (issue, &r) in space.radices.iter().enumerate() {
        let current = space.option(text, issue);
        let mut step: Option<(f64, usize)> = None;
        for option in 0..r {
            if option == current {
                continue;
            }
            let v = own.value(space.with(text, issue, option));
            if v.is_finite() && v > base + 1e-12 && step.is_none_or(|(b, _)| v < b) {
                step = Some((v, option));
            }
        }
        if let Some((v, option)) = step {
            // A red line crossed on this issue makes the change urgent: infinite gain.
            wants.push((v - base, issue, option));
        }
    }
    wants.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    wants
        .into_iter()
        .take(MAX_OBJECTIONS)
        .map(|(_, i, o)| (i, o))
        .collect()
}

/// A strategy spec that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError(pub String);

impl std::fmt::Display for SpecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SpecError {}

/// Every strategy name [`parse`] knows, with its parameters.
pub const NAMES: &[(&str, &[&str])] = &[
    ("boulware", &["e"]),
    ("linear", &["e"]),
    ("conceder", &["e"]),
    ("time", &["e"]),
    ("hardliner", &[]),
    ("tit-for-tat", &["factor"]),
    ("random", &["accept", "end"]),
    ("aspiration", &["rate"]),
    ("frequency", &["e", "width"]),
    ("micro", &[]),
];

/// A parsed `name[:key=value,...]`: the name and its parameters, checked against [`NAMES`].
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// The strategy name.
    pub name: String,
    /// Parameters in the order given.
    pub params: Vec<(String, f64)>,
}

impl Spec {
    fn get(&self, key: &str, default: f64) -> f64 {
        self.params
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map_or(default, |(_, v)| *v)
    }

    /// Builds the strategy.
    pub fn build(&self) -> Box<dyn Strategy> {
        match self.name.as_str() {
            "boulware" => Box::new(TimeDependent::new(self.get("e", 0.25))),
            "conceder" => Box::new(TimeDependent::new(self.get("e", 4.0))),
            "linear" | "time" => Box::new(TimeDependent::new(self.get("e", 1.0))),
            "hardliner" => Box::new(Hardliner),
            "tit-for-tat" => Box::new(TitForTat::new(self.get("factor", 1.0))),
            "random" => Box::new(RandomStrategy::new(
                self.get("accept", 0.5),
                self.get("end", 0.0),
            )),
            "aspiration" => Box::new(Aspiration::new(self.get("rate", 0.1))),
            "micro" => Box::new(Micro::new()),
            // `parse` only accepts known names, so this is `frequency`.
            _ => Box::new(FrequencyLearner::new(
                self.get("e", 1.0),
                self.get("width", 0.05),
            )),
        }
    }
}

impl std::fmt::Display for Spec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)?;
        for (i, (k, v)) in self.params.iter().enumerate() {
            write!(f, "{}{k}={v}", if i == 0 { ':' } else { ',' })?;
        }
        Ok(())
    }
}

/// Reads `name[:key=value,...]`, e.g. `boulware:e=0.2`, with a suggestion for a misspelt name
/// or parameter and a check of each value's range.
pub fn parse(text: &str) -> Result<Spec, SpecError> {
    let (name, rest) = match text.split_once(':') {
        Some((n, r)) => (n.trim(), Some(r)),
        None => (text.trim(), None),
    };
    let name = match name {
        "tft" | "titfortat" | "tit_for_tat" => "tit-for-tat",
        "freq" | "frequency-model" => "frequency",
        "MiCRO" | "Micro" => "micro",
        n => n,
    };
    let Some(&(name, keys)) = NAMES.iter().find(|(n, _)| *n == name) else {
        let known: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
        return Err(SpecError(format!(
            "unknown strategy `{name}` (known strategies: {}){}",
            known.join(", "),
            suggest(name, &known)
        )));
    };
    let mut params = Vec::new();
    for part in rest.into_iter().flat_map(|r| r.split(',')) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let Some((k, v)) = part.split_once('=') else {
            return Err(SpecError(format!(
                "strategy `{name}`: expected key=value, found `{part}`"
            )));
        };
        let (k, v) = (k.trim(), v.trim());
        if !keys.contains(&k) {
            return Err(SpecError(if keys.is_empty() {
                format!("strategy `{name}` takes no parameters, found `{k}`")
            } else {
                format!(
                    "strategy `{name}` has no parameter `{k}`{}. Its parameters: {}",
                    suggest(k, keys),
                    keys.join(", ")
                )
            }));
        }
        let x: f64 = v
            .parse()
            .map_err(|_| SpecError(format!("strategy `{name}`: `{k}={v}` is not a number")))?;
        let positive = matches!(k, "e" | "factor");
        let ok = if positive {
            x.is_finite() && x > 0.0
        } else {
            (0.0..=1.0).contains(&x)
        };
        if !ok {
            let range = if positive {
                "a positive number"
            } else {
                "a number in [0, 1]"
            };
            return Err(SpecError(format!(
                "strategy `{name}`: `{k}` must be {range}, not {v}"
            )));
        }
        params.push((k.to_string(), x));
    }
    Ok(Spec {
        name: name.to_string(),
        params,
    })
}

/// "; did you mean `x`?" for the closest known word (accord's typo rule), or nothing.
pub fn suggest(word: &str, known: &[&str]) -> String {
    accord_model::diagnostic::closest(word, known.iter().copied())
        .map_or(String::new(), |k| format!("; did you mean `{k}`?"))
}

/// NegMAS's acceptance rule for a strategy that would offer the worst outcome at least
/// `target`: accept an acceptable offer worth at least that outcome; end when there is nothing
/// to offer (every outcome crosses a red line).
pub fn accept_if_as_good_as_next(own: &UtilityFunction, target: f64, offer: OutcomeId) -> Answer {
    match own.at_least(target) {
        Some(mine) if own.acceptable(offer) && own.value(offer) >= own.value(mine) => {
            Answer::Accept
        }
        Some(_) => Answer::Reject,
        None => Answer::End,
    }
}

/// The time-dependent target utility `max − (max − reserve)·t^(1/e)` (Faratin et al. 1998 in
/// utility space, NegMAS's polynomial aspiration with exponent `1/e`), t clamped to [0, 1].
pub fn concession_target(max: f64, reserve: f64, t: f64, e: f64) -> f64 {
    max - (max - reserve) * t.clamp(0.0, 1.0).powf(1.0 / e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_params() {
        let s = parse("boulware:e=0.2").unwrap();
        assert_eq!(s.name, "boulware");
        assert_eq!(s.params, vec![("e".to_string(), 0.2)]);
        assert_eq!(s.to_string(), "boulware:e=0.2");
        assert_eq!(parse("tft").unwrap().name, "tit-for-tat");
        assert_eq!(parse("random:accept=0.3,end=0.1").unwrap().params.len(), 2);
    }

    #[test]
    fn clear_errors() {
        let e = parse("boulwre").unwrap_err().0;
        assert!(e.contains("did you mean `boulware`"), "{e}");
        // One sentence: the known names, then the suggestion last (no "?." in between).
        assert!(
            e.starts_with("unknown strategy `boulwre` (known strategies: "),
            "{e}"
        );
        assert!(e.ends_with("; did you mean `boulware`?"), "{e}");
        let e = parse("boulware:x=1").unwrap_err().0;
        assert!(
            e.contains("no parameter `x`") && e.contains("Its parameters: e"),
            "{e}"
        );
        let e = parse("boulware:e=-1").unwrap_err().0;
        assert!(e.contains("positive"), "{e}");
        let e = parse("boulware:e=abc").unwrap_err().0;
        assert!(e.contains("not a number"), "{e}");
        let e = parse("hardliner:e=1").unwrap_err().0;
        assert!(e.contains("takes no parameters"), "{e}");
        let e = parse("random:accept=2").unwrap_err().0;
        assert!(e.contains("[0, 1]"), "{e}");
        let e = parse("boulware:e").unwrap_err().0;
        assert!(e.contains("key=value"), "{e}");
    }

    #[test]
    fn every_name_builds_with_its_defaults() {
        let built: Vec<String> = NAMES
            .iter()
            .map(|(n, _)| parse(n).unwrap().build().name())
            .collect();
        assert_eq!(
            built,
            [
                "time:e=0.25",
                "time:e=1",
                "time:e=4",
                "time:e=1",
                "hardliner",
                "tit-for-tat:factor=1",
                "random:accept=0.5,end=0",
                "aspiration:rate=0.1",
                "frequency:e=1,width=0.05",
                "micro",
            ]
        );
        assert_eq!(
            parse("boulware:e=0.2").unwrap().build().name(),
            "time:e=0.2"
        );
    }
}
