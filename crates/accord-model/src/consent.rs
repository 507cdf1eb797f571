//! Whose consent an agreement needs: scoped consent (`consent_on`), the `[agreement]` quorum
//! with required parties, and ratification (`ratifies`, `ratification.quorum`). The
//! definitions are scenario.md's "Whose consent an agreement needs (added 2026-11)"; this
//! module is their one implementation, used by evaluation, analysis, the Monte Carlo and the
//! simulations.
//!
//! Every function here takes a party's *own* acceptance (its red lines and walk-away value,
//! [`crate::PointPreferences::accepts`] for a point estimate) as a closure, so that callers
//! with precomputed utilities, sampled preferences or intervals share the same rule.

use crate::id::{IssueIx, OptionIx, PartyIx};
use crate::scenario::Scenario;

/// A party's `consent_on` issues, each with its status quo (`None`: every option moves it).
pub type Scope = Vec<(IssueIx, Option<OptionIx>)>;

/// A scenario's consent rule, compiled once for fast questions about many outcomes.
///
/// Invariants (checked when the file is read): required parties are signatories; ratifiers are
/// not signatories and have no ratifiers; `1 <= quorum <= signatories` when the scenario has
/// signatories; `1 <= ratification quorum <= ratifiers`.
#[derive(Clone, Debug)]
pub struct ConsentRule {
    /// Signatories in file order.
    signatories: Vec<PartyIx>,
    /// How many signatories must count as accepting.
    quorum: usize,
    /// Per party: whether it is a required signatory.
    required: Vec<bool>,
    /// Per party: `consent_on` with each issue's status quo (`None`: no status quo, so every
    /// option moves the issue); `None` when every outcome needs its consent.
    scope: Vec<Option<Scope>>,
    /// Per party: its ratifiers in file order.
    ratifiers: Vec<Vec<PartyIx>>,
    /// Per party: how many of its ratifiers must accept.
    ratification_quorum: Vec<usize>,
}

/// Where a signatory stands on a set of outcomes (a plan with open issues): in when it counts
/// as accepting every completion, out when none, undecided otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Counts as accepting every completion (accepts it, or is not asked).
    In,
    /// Counts as accepting no completion.
    Out,
    /// Counts as accepting some completions and not others (or it cannot be told).
    Undecided,
}

impl ConsentRule {
    /// Compiles the rule of `scenario`.
    pub fn of(scenario: &Scenario) -> ConsentRule {
        let n = scenario.parties().len();
        let signatories: Vec<PartyIx> = scenario
            .party_ixs()
            .filter(|&p| scenario.party(p).signatory())
            .collect();
        let rule = scenario.agreement_rule();
        let quorum = rule
            .quorum()
            .unwrap_or(signatories.len())
            .min(signatories.len());
        let mut required = vec![false; n];
        for &p in rule.required() {
            required[p.index()] = true;
        }
        let mut ratifiers = vec![Vec::new(); n];
        for p in scenario.party_ixs() {
            if let Some(r) = scenario.party(p).ratifies() {
                ratifiers[r.index()].push(p);
            }
        }
        let ratification_quorum = scenario
            .party_ixs()
            .map(|p| {
                let all = ratifiers[p.index()].len();
                scenario
                    .party(p)
                    .ratification_quorum()
                    .unwrap_or(all)
                    .min(all)
            })
            .collect();
        let scope = scenario
            .parties()
            .iter()
            .map(|party| {
                party.consent_on().map(|issues| {
                    issues
                        .iter()
                        .map(|&i| (i, scenario.issue(i).status_quo()))
                        .collect()
                })
            })
            .collect();
        ConsentRule {
            signatories,
            quorum,
            required,
            scope,
            ratifiers,
            ratification_quorum,
        }
    }

    /// Whether this is the default rule: every signatory must accept every outcome, and no
    /// party has ratifiers. Under it, an agreement is an outcome every signatory accepts.
    pub fn is_unanimity(&self) -> bool {
        self.quorum == self.signatories.len()
            && self.scope.iter().all(Option::is_none)
            && self.ratifiers.iter().all(Vec::is_empty)
    }

    /// The signatories, in file order.
    pub fn signatories(&self) -> &[PartyIx] {
        &self.signatories
    }
    /// How many signatories must count as accepting (the quorum; all of them by default).
    pub fn quorum(&self) -> usize {
        self.quorum
    }
    /// Whether `party` is a required signatory (a veto player).
    pub fn is_required(&self, party: PartyIx) -> bool {
        self.required[party.index()]
    }
    /// The required signatories, in file order.
    pub fn required(&self) -> impl Iterator<Item = PartyIx> + '_ {
        self.signatories
            .iter()
            .copied()
            .filter(|p| self.required[p.index()])
    }
    /// `party`'s `consent_on` with each issue's status quo, if its consent is scoped.
    pub fn scope(&self, party: PartyIx) -> Option<&[(IssueIx, Option<OptionIx>)]> {
        self.scope[party.index()].as_deref()
    }
    /// `party`'s ratifiers, in file order (empty for most parties).
    pub fn ratifiers(&self, party: PartyIx) -> &[PartyIx] {
        &self.ratifiers[party.index()]
    }
    /// How many of `party`'s ratifiers must accept (0 when it has none).
    pub fn ratification_quorum(&self, party: PartyIx) -> usize {
        self.ratification_quorum[party.index()]
    }
    /// Whether any party has ratifiers.
    pub fn has_ratifiers(&self) -> bool {
        self.ratifiers.iter().any(|r| !r.is_empty())
    }

    /// Whether `outcome` (one option per issue, in issue order) needs `party`'s consent: its
    /// consent is not scoped, or the outcome moves one of its `consent_on` issues (sets it to
    /// an option other than its status quo; an issue without a status quo always moves).
    pub fn needs_consent(&self, party: PartyIx, outcome: &[OptionIx]) -> bool {
        match &self.scope[party.index()] {
            None => true,
            Some(scope) => scope.iter().any(|&(i, sq)| Some(outcome[i.index()]) != sq),
        }
    }

    /// Whether `party` accepts in the sense of scenario.md: it accepts on its own
    /// (`own_accepts(party)`) and at least its ratification quorum of its ratifiers accept on
    /// their own. Without ratifiers this is `own_accepts(party)`. The set of outcomes for which
    /// this holds is the party's win-set.
    pub fn accepts(&self, party: PartyIx, mut own_accepts: impl FnMut(PartyIx) -> bool) -> bool {
        if !own_accepts(party) {
            return false;
        }
        let need = self.ratification_quorum[party.index()];
        if need == 0 {
            return true;
        }
        let mut yes = 0;
        for &r in &self.ratifiers[party.index()] {
            if own_accepts(r) {
                yes += 1;
                if yes >= need {
                    return true;
                }
            }
        }
        false
    }

    /// Whether signatory `party` counts as accepting `outcome`: the outcome does not need its
    /// consent, or it [accepts](Self::accepts).
    pub fn counts_as_accepting(
        &self,
        party: PartyIx,
        outcome: &[OptionIx],
        own_accepts: impl FnMut(PartyIx) -> bool,
    ) -> bool {
        !self.needs_consent(party, outcome) || self.accepts(party, own_accepts)
    }

    /// Whether `outcome` is an agreement: at least `quorum` signatories count as accepting it
    /// and every required signatory does. `own_accepts(p)` is party p's own acceptance of
    /// `outcome` (red lines and walk-away value); it is called at most once per party.
    pub fn is_agreement(
        &self,
        outcome: &[OptionIx],
        mut own_accepts: impl FnMut(PartyIx) -> bool,
    ) -> bool {
        // Each party's own acceptance, asked at most once: in two bit sets (asked, accepted)
        // up to 64 parties, else in a vector (this runs once per candidate in searches).
        let parties = self.required.len();
        let (mut asked, mut accepted) = (0u64, 0u64);
        let mut memo: Vec<Option<bool>> = if parties > 64 {
            vec![None; parties]
        } else {
            Vec::new()
        };
        let mut own = |p: PartyIx| {
            let k = p.index();
            if parties > 64 {
                return *memo[k].get_or_insert_with(|| own_accepts(p));
            }
            let bit = 1u64 << k;
            if asked & bit == 0 {
                asked |= bit;
                if own_accepts(p) {
                    accepted |= bit;
                }
            }
            accepted & bit != 0
        };
        let mut yes = 0;
        let mut left = self.signatories.len();
        for &p in &self.signatories {
            left -= 1;
            if self.counts_as_accepting(p, outcome, &mut own) {
                yes += 1;
            } else if self.required[p.index()] {
                return false;
            }
            if yes + left < self.quorum {
                return false;
            }
        }
        yes >= self.quorum
    }

    /// The verdict on a plan from each signatory's standing (indexed by party; only
    /// signatories are read): `Some(true)` when at least `quorum` are in and every required
    /// one is in; `Some(false)` when fewer than `quorum` are in or undecided, or a required
    /// one is out; `None` otherwise (analysis.md, `accord evaluate`).
    pub fn agreement_of(&self, standing: impl Fn(PartyIx) -> Standing) -> Option<bool> {
        let (mut ins, mut possible) = (0, 0);
        let mut required_all_in = true;
        for &p in &self.signatories {
            match standing(p) {
                Standing::In => {
                    ins += 1;
                    possible += 1;
                }
                Standing::Undecided => {
                    possible += 1;
                    required_all_in &= !self.required[p.index()];
                }
                Standing::Out => {
                    if self.required[p.index()] {
                        return Some(false);
                    }
                }
            }
        }
        if possible < self.quorum {
            Some(false)
        } else if ins >= self.quorum && required_all_in {
            Some(true)
        } else {
            None
        }
    }

    /// The minimal winning coalitions, in the order of their members' file positions
    /// (lexicographically): every set of exactly `quorum` signatories that holds every
    /// required one. Stops after `limit` coalitions; the second value is how many exist in
    /// all (saturating).
    pub fn minimal_winning_coalitions(&self, limit: usize) -> (Vec<Vec<PartyIx>>, u128) {
        let required: Vec<PartyIx> = self.required().collect();
        let optional: Vec<PartyIx> = self
            .signatories
            .iter()
            .copied()
            .filter(|p| !self.required[p.index()])
            .collect();
        if required.len() > self.quorum {
            return (Vec::new(), 0);
        }
        let pick = self.quorum - required.len();
        let total = binomial(optional.len() as u128, pick as u128);
        let mut out = Vec::new();
        // Combinations of `optional` of size `pick`, merged with `required` in file order.
        let mut ix: Vec<usize> = (0..pick).collect();
        if pick <= optional.len() {
            loop {
                if out.len() >= limit {
                    break;
                }
                let mut members: Vec<PartyIx> = required.clone();
                members.extend(ix.iter().map(|&k| optional[k]));
                members.sort();
                out.push(members);
                // Next combination.
                let mut k = pick;
                loop {
                    if k == 0 {
                        return (out, total);
                    }
                    k -= 1;
                    if ix[k] < optional.len() - pick + k {
                        ix[k] += 1;
                        for j in k + 1..pick {
                            ix[j] = ix[j - 1] + 1;
                        }
                        break;
                    }
                }
            }
        }
        (out, total)
    }
}

impl ConsentRule {
    /// The rule in words, naming parties by their names: "an agreement needs 5 of the 6
    /// signatories, State fund and Bank among them" (or "every signatory (6)" under
    /// unanimity; with scoped consent, the signatories asked about every draft counted apart
    /// from those asked only where a draft changes their issues: "every signatory to accept: A
    /// and B (2) on every draft, and C (1) only on a draft that changes an issue it has a say
    /// on (scoped consent)"). Scoped consent and ratifiers are described per party by
    /// [`ConsentRule::role_in_words`].
    pub fn in_words(&self, scenario: &Scenario) -> String {
        let n = self.signatories.len();
        let required: Vec<&str> = self.required().map(|p| scenario.party(p).name()).collect();
        let mut text = if self.quorum >= n {
            // Count what the rule does: the signatories asked about every draft, and apart
            // those with scoped consent, asked only where a draft moves their issues.
            let name = |p: &PartyIx| scenario.party(*p).name().to_owned();
            let (partial, full): (Vec<PartyIx>, Vec<PartyIx>) = self
                .signatories
                .iter()
                .partition(|&&p| self.scope[p.index()].is_some());
            let full: Vec<String> = full.iter().map(name).collect();
            let partial: Vec<String> = partial.iter().map(name).collect();
            if partial.is_empty() {
                format!("an agreement needs every signatory ({n}) to accept")
            } else if full.is_empty() {
                format!(
                    "an agreement needs every signatory whose consent a draft calls for: {} ({}), \
                     each only where the draft changes an issue it has a say on (scoped consent)",
                    and_list(&partial),
                    partial.len()
                )
            } else {
                format!(
                    "an agreement needs every signatory to accept: {} ({}) on every draft, and {} \
                     ({}) only on a draft that changes an issue {} a say on (scoped consent)",
                    and_list(&full),
                    full.len(),
                    and_list(&partial),
                    partial.len(),
                    if partial.len() == 1 {
                        "it has"
                    } else {
                        "they have"
                    }
                )
            }
        } else {
            format!("an agreement needs {} of the {n} signatories", self.quorum)
        };
        if !required.is_empty() && self.quorum < n {
            let last = required.len() - 1;
            let list = if last == 0 {
                required[0].to_owned()
            } else {
                format!("{} and {}", required[..last].join(", "), required[last])
            };
            text += &format!(", {list} among them");
        }
        text
    }

    /// What the rule says about one party, in words, or `None` when it is an ordinary
    /// signatory or non-signatory: "required", "asked only on tax, park" (scoped consent, by issue id),
    /// "ratifies for Mayor" or "ratified by Council (1 of 2)", joined by "; ".
    pub fn role_in_words(&self, scenario: &Scenario, party: PartyIx) -> Option<String> {
        let mut parts = Vec::new();
        let n = self.signatories.len();
        if self.is_required(party) && self.quorum < n {
            parts.push("required".to_owned());
        }
        if let Some(scope) = self.scope(party)
            && scenario.party(party).signatory()
        {
            let issues: Vec<&str> = scope
                .iter()
                .map(|&(i, _)| scenario.issue(i).id().as_str())
                .collect();
            parts.push(format!("asked only on {}", issues.join(", ")));
        }
        if let Some(target) = scenario.party(party).ratifies() {
            parts.push(format!("ratifies for {}", scenario.party(target).name()));
        }
        let ratifiers = self.ratifiers(party);
        if !ratifiers.is_empty() {
            let names: Vec<&str> = ratifiers
                .iter()
                .map(|&r| scenario.party(r).name())
                .collect();
            let need = self.ratification_quorum(party);
            let count = if need == ratifiers.len() {
                if need == 1 {
                    String::new()
                } else {
                    " (all must accept)".to_owned()
                }
            } else {
                format!(" ({need} of {} must accept)", ratifiers.len())
            };
            parts.push(format!("ratified by {}{count}", names.join(", ")));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// n choose k, saturating at `u128::MAX`.
fn binomial(n: u128, k: u128) -> u128 {
    if k > n {
        return 0;
    }
    let k = k.min(n - k);
    let mut acc: u128 = 1;
    for i in 0..k {
        acc = match acc.checked_mul(n - i) {
            Some(v) => v / (i + 1),
            None => return u128::MAX,
        };
    }
    acc
}

impl Scenario {
    /// The scenario's consent rule (see [`ConsentRule`]).
    pub fn consent_rule(&self) -> ConsentRule {
        ConsentRule::of(self)
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::binomial;

    #[test]
    fn binomials() {
        assert_eq!(binomial(6, 5), 6);
        assert_eq!(binomial(6, 0), 1);
        assert_eq!(binomial(4, 2), 6);
        assert_eq!(binomial(3, 4), 0);
        assert_eq!(binomial(60, 30), 118264581564861424);
    }
}
