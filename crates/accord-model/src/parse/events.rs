//! Reading `[[events]]`: the process record.

use super::reader::*;
use super::*;
use crate::diagnostic::Severity;
use crate::scenario::*;

impl Builder {
    pub(super) fn events_array(&mut self, v: &Value<'_>) {
        let Some(items) = array(
            &mut self.sink,
            v,
            "events",
            "an array of tables ([[events]])",
        ) else {
            return;
        };
        for (i, item) in items.into_iter().enumerate() {
            let path = format!("events[{i}]");
            let Some(mut t) = Table::from_value(&mut self.sink, item, path.clone()) else {
                continue;
            };
            let date = t
                .require(&mut self.sink, "date", "2025-11-19")
                .and_then(|d| date(&mut self.sink, d, &join(&path, "date")));
            let approx = t
                .get("approx")
                .and_then(|a| boolean(&mut self.sink, a, &join(&path, "approx")))
                .unwrap_or(false);
            let kind = t.get("kind").and_then(|k| {
                let p = join(&path, "kind");
                let s = string(&mut self.sink, k, &p)?;
                let found = EventKind::ALL
                    .iter()
                    .find(|(n, _)| *n == s)
                    .map(|(_, k)| *k);
                if found.is_none() {
                    self.sink.unknown_ref(
                        k.span(),
                        &p,
                        "event kind",
                        &s,
                        EventKind::ALL.iter().map(|(n, _)| *n),
                    );
                }
                found
            });
            // The number of parties as written (unknown ids included), for the reaction rule.
            let listed = t.get("parties").map(|v| match v.get_ref() {
                DeValue::Array(a) => (Some(a.len()), v.span()),
                _ => (None, v.span()),
            });
            let parties = self.party_list(&mut t, "parties");
            let place = self.opt_string(&mut t, "place");
            let plan = t.get("plan").and_then(|pv| {
                let p = join(&path, "plan");
                let s = string(&mut self.sink, pv, &p)?;
                let found = self.plan_ix.get(&s).copied();
                if found.is_none() && !self.is_broken("plan", &s) {
                    self.sink.unknown_ref(
                        pv.span(),
                        &p,
                        "plan",
                        &s,
                        self.plans.iter().map(|p| p.id.as_str()),
                    );
                }
                found
            });
            let reaction = t.get("reaction").and_then(|rv| {
                let p = join(&path, "reaction");
                let s = string(&mut self.sink, rv, &p)?;
                let found = Reaction::ALL.iter().find(|(n, _)| *n == s).map(|(_, r)| *r);
                if found.is_none() {
                    self.sink.unknown_ref(
                        rv.span(),
                        &p,
                        "reaction",
                        &s,
                        Reaction::ALL.iter().map(|(n, _)| *n),
                    );
                }
                Some((found, rv.span()))
            });
            if let Some((_, span)) = &reaction {
                self.reaction_rules(&t, &path, span.clone(), listed);
            }
            if let (Some((Some(_), span)), Some(date), Some(ix)) = (&reaction, date, plan) {
                self.reaction_before_draft(&path, span.clone(), date, ix);
            }
            let reaction = reaction.and_then(|(r, _)| r);
            let summary = self.opt_string(&mut t, "summary");
            let note = self.opt_string(&mut t, "note");
            let sources = self.source_refs(&mut t);
            if Self::cites_nothing(&mut t) {
                self.sink.warn(
                    Severity::Strict,
                    "uncited",
                    t.span.clone(),
                    &path,
                    "this event cites no source",
                    Some("add `sources = [\"...\"]`".into()),
                );
            }
            t.finish(
                &mut self.sink,
                &[
                    "date", "approx", "kind", "parties", "place", "plan", "reaction", "summary",
                    "note", "sources",
                ],
            );
            if let Some(date) = date {
                self.events.push(Event {
                    date,
                    approx,
                    kind: kind.unwrap_or(EventKind::Other),
                    parties,
                    place,
                    plan,
                    reaction,
                    summary,
                    note,
                    sources,
                });
            }
        }
    }

    /// A reaction dated before the draft it names cannot be a reaction to that draft (the draft
    /// did not exist yet): a warning at the reaction, naming both dates. Reports leave such a
    /// reaction out of the comparison with the model's verdicts.
    fn reaction_before_draft(
        &mut self,
        path: &str,
        span: std::ops::Range<usize>,
        date: Date,
        plan: PlanIx,
    ) {
        let draft = &self.plans[plan.index()];
        let Some(published) = draft.date else {
            return;
        };
        if date < published {
            let message = format!(
                "this reaction is dated {date}, before the draft it names (`{}`, dated \
                 {published}): it cannot be a reaction to that draft",
                draft.id
            );
            self.sink.warn(
                Severity::Warning,
                "reaction-before-draft",
                span,
                &join(path, "reaction"),
                message,
                Some(
                    "name the draft the party was reacting to, or drop `reaction` and keep \
                     the event as a statement"
                        .into(),
                ),
            );
        }
    }

    /// scenario.md, "Events": a reaction is one party's, about one draft. Checks that the event
    /// carrying a `reaction` (at `span`) names a `plan` and lists exactly one party (`listed`:
    /// the length of `parties` as written and its span, `None` for a length when it is not an
    /// array, which is reported elsewhere).
    fn reaction_rules(
        &mut self,
        t: &Table<'_, '_>,
        path: &str,
        span: std::ops::Range<usize>,
        listed: Option<(Option<usize>, std::ops::Range<usize>)>,
    ) {
        if !t.keys().any(|k| k == "plan") {
            self.sink.error(
                "missing-key",
                span.clone(),
                &join(path, "plan"),
                "a reaction needs the draft it answers, but this event names no `plan`",
                Some("add `plan = \"...\"` with the id of the draft the party reacted to".into()),
            );
        }
        let (n, at, p) = match listed {
            Some((Some(n), s)) => (n, s, join(path, "parties")),
            Some((None, _)) => return,
            None => (0, span, join(path, "parties")),
        };
        if n != 1 {
            let what = if n == 0 {
                "lists no party".to_owned()
            } else {
                format!("lists {n} parties")
            };
            self.sink.error(
                "reaction-parties",
                at,
                &p,
                format!("a reaction is one party's, but this event {what}"),
                Some(
                    "list exactly the party that reacted, e.g. `parties = [\"russia\"]`; \
                     record each party's reaction as its own event"
                        .into(),
                ),
            );
        }
    }
}
