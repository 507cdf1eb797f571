//! Whose consent a simulated agreement needs: the scenario's agreement rule (scenario.md, "Whose
//! consent an agreement needs"), compiled for one simulation's negotiators ([`Consent`]).
//!
//! The rule itself is [`accord_model::ConsentRule`], its one implementation: this module only
//! feeds it each party's *own* acceptance as the protocol learns it — a negotiator's answer, a
//! ratifier's vote — and precomputes, for a tabulated space, the own acceptance of every party
//! that has no strategy (ratifiers, signatories that do not negotiate) as one bit per outcome, so
//! that the protocols' loops stay table lookups.
//!
//! **Which rule.** When every signatory with preferences negotiates, the scenario's rule applies
//! as written. A negotiation among some parties is [`Scenario::negotiation`]'s: the signatories
//! that do not negotiate are left out and the rule becomes unanimity of the negotiating
//! signatories (their scoped consent and ratifiers stay). When the resulting rule is plain
//! unanimity without scoped consent or ratifiers, there is no [`Consent`] at all and every
//! protocol runs exactly as it always did (every SAO member must accept, every signatory voter
//! must ratify).
//!
//! **Ratifiers have no strategy.** A ratifier accepts an outcome when it crosses none of its red
//! lines and is worth at least its walk-away (lowered by the pressure of a drafted-then-ratified
//! vote), like a vote. It votes after the party it ratifies for has accepted, in a ratification
//! stage. A ratifier cannot negotiate itself ([`crate::SimError::RatifierNegotiates`]).

use accord_analysis::tables::PartyTable;
use accord_model::{ConsentRule, OptionIx, PartyIx, Scenario, TOLERANCE};

use crate::compiled::{CompiledScenario, MAX_ENUMERATED, OutcomeId};

/// One bit per outcome of a tabulated space.
#[derive(Debug, Clone)]
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: u64, mut f: impl FnMut(OutcomeId) -> bool) -> Bits {
        let mut words = vec![0u64; len.div_ceil(64) as usize];
        for o in 0..len {
            if f(o) {
                words[(o / 64) as usize] |= 1 << (o % 64);
            }
        }
        Bits(words)
    }

    fn get(&self, o: OutcomeId) -> bool {
        self.0[(o / 64) as usize] >> (o % 64) & 1 == 1
    }
}

/// How a party without a strategy accepts on its own.
#[derive(Debug, Clone)]
enum Alone {
    /// By its compiled utility function (position in the compiled scenario).
    Compiled(usize),
    /// A party without preferences (not compiled): by its tables, decoded on demand.
    Table(Box<PartyTable>),
}

/// The agreement rule of one simulation (see the module docs). Built by
/// [`Consent::for_negotiation`]; `None` there means the protocols' plain unanimity.
#[derive(Debug, Clone)]
pub struct Consent {
    rule: ConsentRule,
    /// Per scenario party: its position in the compiled scenario, if it has preferences.
    position: Vec<Option<usize>>,
    /// Per compiled position: whether it negotiates.
    negotiator: Vec<bool>,
    /// Per compiled position: whether it is a signatory under the rule.
    signatory: Vec<bool>,
    /// Per compiled position: whether it ratifies for a party.
    ratifier: Vec<bool>,
    /// Per compiled position: its ratifiers with preferences (positions), in file order; they
    /// vote after it.
    ratifiers: Vec<Vec<usize>>,
    /// Per scenario party without a strategy that the rule may ask (ratifiers, signatories that
    /// do not negotiate): how it accepts on its own.
    alone: Vec<Option<Alone>>,
    /// Per scenario party of `alone`, for a tabulated space: its own acceptance of each outcome.
    alone_bits: Vec<Option<Bits>>,
    /// Whether some party's consent is scoped (else the rule never reads an outcome's options,
    /// and they are not decoded).
    scoped: bool,
}

impl Consent {
    /// The rule of a simulation of `scenario` among `negotiators` (positions in `compiled`), or
    /// `None` when it is plain unanimity of the signatories without scoped consent or ratifiers
    /// (then the protocols need every member's acceptance, as they always did).
    pub fn for_negotiation(
        scenario: &Scenario,
        compiled: &CompiledScenario,
        negotiators: &[usize],
    ) -> Option<Consent> {
        let negotiating: Vec<PartyIx> = negotiators.iter().map(|&m| compiled.parties[m]).collect();
        let all_sign = scenario
            .party_ixs()
            .filter(|&p| scenario.party(p).signatory() && scenario.party(p).has_preferences())
            .all(|p| negotiating.contains(&p));
        let reduced;
        let ruled = if all_sign {
            scenario
        } else {
            reduced = scenario.negotiation(&negotiating).scenario;
            &reduced
        };
        let rule = ConsentRule::of(ruled);
        if rule.is_unanimity() {
            return None;
        }
        let n = scenario.parties().len();
        let mut position = vec![None; n];
        for (k, &p) in compiled.parties.iter().enumerate() {
            position[p.index()] = Some(k);
        }
        let mut negotiator = vec![false; compiled.parties.len()];
        for &m in negotiators {
            negotiator[m] = true;
        }
        let mut signatory = vec![false; compiled.parties.len()];
        for &p in rule.signatories() {
            if let Some(k) = position[p.index()] {
                signatory[k] = true;
            }
        }
        let ratifiers = compiled
            .parties
            .iter()
            .map(|&p| {
                rule.ratifiers(p)
                    .iter()
                    .filter_map(|r| position[r.index()])
                    .collect()
            })
            .collect();
        let ratifier = compiled
            .parties
            .iter()
            .map(|&p| ruled.party(p).ratifies().is_some())
            .collect();
        let mut alone: Vec<Option<Alone>> = vec![None; n];
        for p in scenario.party_ixs() {
            let strategic = position[p.index()].is_some_and(|k| negotiator[k]);
            let asked = rule.signatories().contains(&p) || ruled.party(p).ratifies().is_some();
            if asked && !strategic {
                alone[p.index()] = Some(match position[p.index()] {
                    Some(k) => Alone::Compiled(k),
                    None => Alone::Table(Box::new(PartyTable::new(scenario, p))),
                });
            }
        }
        let scoped = scenario.party_ixs().any(|p| rule.scope(p).is_some());
        let mut consent = Consent {
            scoped,
            rule,
            position,
            negotiator,
            signatory,
            ratifier,
            ratifiers,
            alone,
            alone_bits: vec![None; n],
        };
        if compiled.space.len <= MAX_ENUMERATED {
            let bits: Vec<Option<Bits>> = (0..n)
                .map(|p| {
                    consent.alone[p].as_ref().map(|_| {
                        let party = PartyIx::from_usize(p);
                        Bits::new(compiled.space.len, |o| {
                            consent.alone_accepts(compiled, party, o)
                        })
                    })
                })
                .collect();
            consent.alone_bits = bits;
        }
        Some(consent)
    }

    /// The rule (the model's one implementation).
    pub fn rule(&self) -> &ConsentRule {
        &self.rule
    }

    /// Whether the party at compiled position `p` is a signatory under the rule.
    pub fn is_signatory(&self, p: usize) -> bool {
        self.signatory[p]
    }

    /// The ratifiers with preferences (compiled positions, file order) of the party at `p`.
    pub fn ratifiers(&self, p: usize) -> &[usize] {
        &self.ratifiers[p]
    }

    /// Whether outcome `o` needs the consent of the party at compiled position `p`.
    pub fn needs_consent(&self, compiled: &CompiledScenario, p: usize, o: OutcomeId) -> bool {
        self.rule.scope(compiled.parties[p]).is_none()
            || self
                .rule
                .needs_consent(compiled.parties[p], &compiled.space.decode(o))
    }

    /// Whether the ratifiers of the party at `p` should vote on `o` once it has accepted: it is
    /// a signatory, has ratifiers, and `o` needs its consent.
    pub fn ratification_asked(&self, compiled: &CompiledScenario, p: usize, o: OutcomeId) -> bool {
        self.signatory[p] && !self.ratifiers[p].is_empty() && self.needs_consent(compiled, p, o)
    }

    /// A ratifier's vote on `o` against `bar` (its walk-away, lowered by any pressure): no red
    /// line crossed and a utility at least `bar` (within [`TOLERANCE`]).
    pub fn vote(compiled: &CompiledScenario, ratifier: usize, o: OutcomeId, bar: f64) -> bool {
        compiled.functions[ratifier].value(o) >= bar - TOLERANCE
    }

    /// Own acceptance of a party without a strategy (bits when tabulated).
    fn alone_accepts(&self, compiled: &CompiledScenario, p: PartyIx, o: OutcomeId) -> bool {
        if let Some(bits) = &self.alone_bits[p.index()] {
            return bits.get(o);
        }
        match &self.alone[p.index()] {
            Some(Alone::Compiled(k)) => compiled.functions[*k].acceptable(o),
            Some(Alone::Table(table)) => {
                let options = compiled.space.options(o);
                !table.crosses_red_line(&options)
                    && table.utility(&options) >= table.walk_away - TOLERANCE
            }
            // Not asked by the rule: never read.
            None => false,
        }
    }

    /// The options of `o` as the rule reads them: decoded only when some consent is scoped
    /// (otherwise the rule never looks at them).
    fn options(&self, compiled: &CompiledScenario, o: OutcomeId) -> Vec<OptionIx> {
        if self.scoped {
            compiled.space.decode(o)
        } else {
            Vec::new()
        }
    }

    /// Whether `o` is an agreement under the rule ([`ConsentRule::is_agreement`]), given what
    /// the protocol has heard: `heard(p)` is the answer of the party at compiled position `p`
    /// (a negotiator's acceptance, a ratifier's vote), `None` when it has not answered. A
    /// negotiator that has not answered does not accept; a ratifier with preferences that has
    /// not voted accepts when `presume_ratifiers` (the negotiators' own check before the
    /// ratification stage), else not; every other party the rule asks accepts by its own red
    /// lines and walk-away.
    pub fn is_agreement(
        &self,
        compiled: &CompiledScenario,
        o: OutcomeId,
        heard: impl Fn(usize) -> Option<bool>,
        presume_ratifiers: bool,
    ) -> bool {
        let outcome = self.options(compiled, o);
        self.rule.is_agreement(&outcome, |q| {
            self.own(compiled, q, o, &heard, presume_ratifiers)
        })
    }

    /// Party `q`'s own acceptance of `o` given what was heard (see [`Consent::is_agreement`]).
    fn own(
        &self,
        compiled: &CompiledScenario,
        q: PartyIx,
        o: OutcomeId,
        heard: &impl Fn(usize) -> Option<bool>,
        presume_ratifiers: bool,
    ) -> bool {
        match self.position[q.index()] {
            Some(k) if self.negotiator[k] => heard(k).unwrap_or(false),
            Some(k) if self.ratifier[k] => heard(k).unwrap_or(presume_ratifiers),
            _ => self.alone_accepts(compiled, q, o),
        }
    }

    /// Whether the signatory at compiled position `p` counts as accepting `o` given `heard` (as
    /// in [`Consent::is_agreement`], ratifiers not presumed): `o` does not need its consent,
    /// or it accepts with its ratifiers ([`ConsentRule::counts_as_accepting`]).
    pub fn counts_as_accepting(
        &self,
        compiled: &CompiledScenario,
        p: usize,
        o: OutcomeId,
        heard: impl Fn(usize) -> Option<bool>,
    ) -> bool {
        let outcome = self.options(compiled, o);
        self.rule
            .counts_as_accepting(compiled.parties[p], &outcome, |q| {
                self.own(compiled, q, o, &heard, false)
            })
    }

    /// The signatories (compiled positions, in file order) that do not count as accepting `o`
    /// given `heard` (as in [`Consent::is_agreement`], ratifiers not presumed): those that
    /// block it.
    pub fn refusing(
        &self,
        compiled: &CompiledScenario,
        o: OutcomeId,
        heard: impl Fn(usize) -> Option<bool>,
    ) -> Vec<usize> {
        let outcome = self.options(compiled, o);
        let own = |q: PartyIx| self.own(compiled, q, o, &heard, false);
        self.rule
            .signatories()
            .iter()
            .filter(|&&p| !self.rule.counts_as_accepting(p, &outcome, own))
            .filter_map(|p| self.position[p.index()])
            .collect()
    }
}
