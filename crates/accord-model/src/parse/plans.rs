//! Reading `[plans]`: who drafted, consulted and was briefed, and the terms.

use super::reader::*;
use super::*;
use crate::id::*;
use crate::scenario::*;

impl Builder {
    pub(super) fn plans_table(&mut self, v: &Value<'_>) {
        let entries = self.id_entries(v, "plans", "plan");
        for (i, (id, _, _)) in entries.iter().enumerate() {
            self.plan_ix.insert(id.clone(), PlanIx::from_usize(i));
        }
        for (id, _, value) in entries {
            let plan = self.plan(id.clone(), value);
            self.plans.push(plan.unwrap_or_else(|| Plan {
                id: PlanId::new(id).expect("checked"),
                title: String::new(),
                date: None,
                drafted_by: Vec::new(),
                consulted: Vec::new(),
                briefed: Vec::new(),
                text: Vec::new(),
                terms: Vec::new(),
                note: None,
                sources: Vec::new(),
            }));
        }
    }

    pub(super) fn party_list(&mut self, t: &mut Table<'_, '_>, key: &str) -> Vec<PartyIx> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let p = join(&t.path, key);
        let mut out = Vec::new();
        for (id, span) in strings(&mut self.sink, v, &p) {
            if let Some(ix) = self.party_ref(&id, span.clone(), &p) {
                if out.contains(&ix) {
                    self.sink.error(
                        "duplicate-id",
                        span,
                        &p,
                        format!("party `{id}` is listed twice"),
                        Some("list each party once".into()),
                    );
                } else {
                    out.push(ix);
                }
            }
        }
        out
    }

    pub(super) fn plan(&mut self, id: String, value: &Value<'_>) -> Option<Plan> {
        let path = join("plans", &id);
        let mut t = Table::from_value(&mut self.sink, value, path.clone())?;
        let title = self.req_string(&mut t, "title");
        let date = self.opt_date(&mut t, "date");
        let drafted_by = self.party_list(&mut t, "drafted_by");
        let consulted = self.party_list(&mut t, "consulted");
        let briefed = self.party_list(&mut t, "briefed");
        let text = t
            .get("text")
            .map(|v| {
                strings(&mut self.sink, v, &join(&path, "text"))
                    .into_iter()
                    .map(|(s, _)| s)
                    .collect()
            })
            .unwrap_or_default();
        let note = self.opt_string(&mut t, "note");
        let sources = self.source_refs(&mut t);
        let mut terms = Vec::new();
        if let Some(v) = t.get("terms") {
            let tp = join(&path, "terms");
            if let Some(mut tt) = Table::from_value(&mut self.sink, v, tp.clone()) {
                for (key, value) in tt.entries() {
                    let p = join(&tp, key.get_ref());
                    let Some((ix, issue)) = self.issue_ref(key.get_ref(), key.span(), &p) else {
                        continue;
                    };
                    let Some(issue) = issue else { continue };
                    if let Some(o) = self.option_of(&issue, value, &p) {
                        terms.push((ix, o));
                    }
                }
            }
        }
        t.finish(
            &mut self.sink,
            &[
                "title",
                "date",
                "drafted_by",
                "consulted",
                "briefed",
                "sources",
                "text",
                "terms",
                "note",
            ],
        );
        Some(Plan {
            id: PlanId::new(id).expect("checked"),
            title: title?,
            date,
            drafted_by,
            consulted,
            briefed,
            text,
            terms,
            note,
            sources,
        })
    }
}
