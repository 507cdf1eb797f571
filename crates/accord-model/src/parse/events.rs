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
                    "date", "approx", "kind", "parties", "place", "plan", "summary", "note",
                    "sources",
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
                    summary,
                    note,
                    sources,
                });
            }
        }
    }
}
