//! Reading whose consent an agreement needs: `consent_on`, `ratifies` and `ratification` on a
//! party, and the top-level `[agreement]` table (scenario.md, added 2026-11).

use std::ops::Range;

use toml::de::DeValue;

use super::reader::*;
use super::*;
use crate::diagnostic::Severity;

/// Ratification links read with the parties, checked once every party is read.
#[derive(Default)]
pub(super) struct Pending {
    /// (ratifier, the party it ratifies for, span of `ratifies`).
    ratifies: Vec<(PartyIx, PartyIx, Range<usize>)>,
    /// (party, its ratification quorum, span of `ratification`).
    ratification: Vec<(PartyIx, usize, Range<usize>)>,
    /// (party, span of `consent_on`): checked to be a signatory.
    consent_on: Vec<(PartyIx, Range<usize>)>,
}

impl Builder {
    /// `ratifies = "party"`: the id and index of the party it ratifies for.
    pub(super) fn ratifies(
        &mut self,
        t: &mut Table<'_, '_>,
        path: &str,
    ) -> Option<(String, PartyIx)> {
        let v = t.get("ratifies")?;
        let p = join(path, "ratifies");
        let target = string(&mut self.sink, v, &p)?;
        let me = path.strip_prefix("parties.").unwrap_or(path);
        if target == me {
            self.sink.error(
                "self-ratification",
                v.span(),
                &p,
                format!("party `{me}` cannot ratify for itself"),
                Some("name the party whose acceptance it ratifies, or remove `ratifies`".into()),
            );
            return None;
        }
        let ix = self.party_ref(&target, v.span(), &p)?;
        let my_ix = self.party_ix[me];
        self.pending.ratifies.push((my_ix, ix, v.span()));
        Some((target, ix))
    }

    /// `consent_on = ["issue", ...]`: `Some(None)` when absent, `None` on an error.
    pub(super) fn consent_on(
        &mut self,
        t: &mut Table<'_, '_>,
        path: &str,
    ) -> Option<Option<Vec<IssueIx>>> {
        let Some(v) = t.get("consent_on") else {
            return Some(None);
        };
        let p = join(path, "consent_on");
        let items = array(&mut self.sink, v, &p, "an array of issue ids")?;
        if items.is_empty() {
            self.sink.error(
                "empty-consent",
                v.span(),
                &p,
                "`consent_on` lists no issue, so no outcome would need this party's consent",
                Some(
                    "list the issues it can block, or set `signatory = false` if it never \
                     decides"
                        .into(),
                ),
            );
            return None;
        }
        let mut ok = true;
        let mut issues = Vec::new();
        for item in items {
            let Some(id) = string(&mut self.sink, item, &p) else {
                ok = false;
                continue;
            };
            match self.issue_ref(&id, item.span(), &p) {
                Some((ix, _)) => issues.push(ix),
                None => ok = false,
            }
        }
        issues.sort();
        issues.dedup();
        let me = path.strip_prefix("parties.").unwrap_or(path);
        let my_ix = self.party_ix[me];
        self.pending.consent_on.push((my_ix, v.span()));
        ok.then_some(Some(issues))
    }

    /// `ratification = { quorum = N }`: the quorum (`None` when absent or on an error).
    pub(super) fn ratification(
        &mut self,
        t: &mut Table<'_, '_>,
        path: &str,
        me: PartyIx,
    ) -> Option<usize> {
        let v = t.get("ratification")?;
        let p = join(path, "ratification");
        let mut r = Table::from_value(&mut self.sink, v, p.clone())?;
        let q = r
            .require(&mut self.sink, "quorum", "1")
            .and_then(|q| count(&mut self.sink, q, &join(&p, "quorum")));
        r.finish(&mut self.sink, &["quorum"]);
        let q = q?;
        self.pending.ratification.push((me, q, v.span()));
        Some(q)
    }

    /// Checks what needs every party: ratifiers of ratifiers, ratification on a party without
    /// ratifiers or over their number, scoped consent of a non-signatory.
    pub(super) fn check_ratification(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let id = |b: &Builder, p: PartyIx| b.parties[p.index()].id.to_string();
        // A party that could not be read has no known role: nothing is inferred from it.
        let unread = |b: &Builder, p: PartyIx| b.is_broken("party body", &id(b, p));
        for (ratifier, target, span) in &pending.ratifies {
            if unread(self, *ratifier) || unread(self, *target) {
                continue;
            }
            let (r, t) = (id(self, *ratifier), id(self, *target));
            let path = format!("parties.{r}.ratifies");
            if let Some(beyond) = self.parties[target.index()].ratifies {
                self.sink.error(
                    "ratifier-of-ratifier",
                    span.clone(),
                    &path,
                    format!(
                        "party `{r}` ratifies for `{t}`, which is itself a ratifier (of `{}`)",
                        id(self, beyond)
                    ),
                    Some(format!(
                        "a ratifier cannot have ratifiers: write `ratifies = \"{}\"`",
                        id(self, beyond)
                    )),
                );
            } else if !self.parties[target.index()].signatory && !self.sink.is_full() {
                self.sink.warn(
                    Severity::Warning,
                    "ratifies-non-signatory",
                    span.clone(),
                    &path,
                    format!(
                        "party `{r}` ratifies for `{t}`, which is not a signatory: its \
                         ratification never decides an agreement"
                    ),
                    Some(format!("make `{t}` a signatory, or remove `ratifies`")),
                );
            }
        }
        for (party, quorum, span) in &pending.ratification {
            if unread(self, *party) {
                continue;
            }
            let name = id(self, *party);
            let path = format!("parties.{name}.ratification");
            let ratifiers = pending
                .ratifies
                .iter()
                .filter(|(_, t, _)| t == party)
                .count();
            if ratifiers == 0 {
                self.sink.error(
                    "no-ratifiers",
                    span.clone(),
                    &path,
                    format!("party `{name}` has a `ratification` rule but no ratifiers"),
                    Some(format!(
                        "add `ratifies = \"{name}\"` to the parties that ratify for it, or \
                         remove `ratification`"
                    )),
                );
            } else if *quorum == 0 || *quorum > ratifiers {
                self.sink.error(
                    "out-of-range",
                    span.clone(),
                    &join(&path, "quorum"),
                    format!(
                        "ratification quorum {quorum} is outside 1..={ratifiers} (party \
                         `{name}` has {ratifiers} ratifier{})",
                        if ratifiers == 1 { "" } else { "s" }
                    ),
                    Some(if ratifiers == 1 {
                        "write `quorum = 1`, or leave `ratification` out: its one ratifier \
                         must accept"
                            .to_owned()
                    } else {
                        format!(
                            "write a quorum between 1 and {ratifiers}, or leave it out to need \
                             every ratifier"
                        )
                    }),
                );
            }
        }
        for (party, span) in &pending.consent_on {
            if unread(self, *party) {
                continue;
            }
            let p = &self.parties[party.index()];
            if !p.signatory && p.ratifies.is_none() {
                let name = p.id.to_string();
                self.sink.warn(
                    Severity::Warning,
                    "consent-of-non-signatory",
                    span.clone(),
                    &format!("parties.{name}.consent_on"),
                    format!("party `{name}` is not a signatory, so `consent_on` has no effect"),
                    Some("remove `consent_on`, or make the party a signatory".into()),
                );
            } else if p.ratifies.is_some() {
                let name = p.id.to_string();
                self.sink.error(
                    "consent-of-ratifier",
                    span.clone(),
                    &format!("parties.{name}.consent_on"),
                    format!(
                        "party `{name}` is a ratifier: it is asked whenever the party it \
                         ratifies for is, so `consent_on` does not apply"
                    ),
                    Some(
                        "remove `consent_on` (scope the consent of the party it ratifies for)"
                            .into(),
                    ),
                );
            }
        }
    }

    /// The top-level `[agreement]` table: `quorum` and `required`.
    pub(super) fn agreement_table(&mut self, v: &Value<'_>) {
        let Some(mut t) = Table::from_value(&mut self.sink, v, "agreement".into()) else {
            return;
        };
        let signatories: Vec<usize> = self
            .parties
            .iter()
            .enumerate()
            .filter(|(_, p)| p.signatory)
            .map(|(k, _)| k)
            .collect();
        let n = signatories.len();
        // With a party that could not be read, the number of signatories is unknown.
        let unread = (0..self.parties.len())
            .any(|k| self.is_broken("party body", self.parties[k].id.as_str()));
        if let Some(q) = t.get("quorum")
            && let Some(quorum) = count(&mut self.sink, q, "agreement.quorum")
        {
            if quorum == 0 || (quorum > n && !unread) {
                self.sink.error(
                    "out-of-range",
                    q.span(),
                    "agreement.quorum",
                    format!(
                        "quorum {quorum} is outside 1..={n} (the scenario has {n} \
                         signator{})",
                        if n == 1 { "y" } else { "ies" }
                    ),
                    Some(format!(
                        "write a quorum between 1 and {n}; leave it out for unanimity"
                    )),
                );
            } else {
                self.agreement.quorum = Some(quorum);
            }
        }
        if let Some(r) = t.get("required") {
            for (party, span) in strings(&mut self.sink, r, "agreement.required") {
                let Some(ix) = self.party_ref(&party, span.clone(), "agreement.required") else {
                    continue;
                };
                let p = &self.parties[ix.index()];
                if self.is_broken("party body", &party) {
                    continue;
                }
                if !p.signatory {
                    let help = match p.ratifies {
                        Some(t) => format!(
                            "`{party}` ratifies for `{}`: require that party instead",
                            self.parties[t.index()].id
                        ),
                        None => format!("make `{party}` a signatory, or remove it from `required`"),
                    };
                    self.sink.error(
                        "required-not-signatory",
                        span,
                        "agreement.required",
                        format!("required party `{party}` is not a signatory"),
                        Some(help),
                    );
                } else if !self.agreement.required.contains(&ix) {
                    self.agreement.required.push(ix);
                }
            }
        }
        t.finish(&mut self.sink, &["quorum", "required"]);
    }
}

/// A whole count: a non-negative integer.
fn count(sink: &mut Sink, v: &Value<'_>, path: &str) -> Option<usize> {
    match v.get_ref() {
        DeValue::Integer(_) => match as_number(v.get_ref()) {
            Some(Ok(x)) if x >= 0.0 && x <= u32::MAX as f64 => Some(x as usize),
            Some(Ok(x)) => {
                sink.error(
                    "out-of-range",
                    v.span(),
                    path,
                    format!("{x} is not a count"),
                    Some("write a whole number of at least 1".into()),
                );
                None
            }
            _ => {
                sink.expected(v, path, "a whole number");
                None
            }
        },
        _ => {
            sink.expected(v, path, "a whole number");
            None
        }
    }
}
