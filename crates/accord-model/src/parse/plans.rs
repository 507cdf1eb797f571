//! Reading `[plans]`: who drafted, consulted and was briefed, and the terms.

use std::ops::Range;

use super::reader::*;
use super::*;
use crate::id::*;
use crate::scenario::*;

impl Builder {
    pub(super) fn plans_table(&mut self, v: &Value<'_>) {
        let entries = self.id_entries(v, "plans", "plan");
        for (i, (id, _, _)) in entries.iter().enumerate() {
            self.plan_ix.insert(id.clone(), PlanIx::from_usize(i));
            self.plan_ids.push(id.clone());
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
                within: Vec::new(),
                open: Vec::new(),
                revises: None,
                role_notes: Vec::new(),
                note: None,
                sources: Vec::new(),
            }));
        }
        self.check_revisions();
    }

    /// scenario.md, "Plans": a chain of `revises` must not loop. Each loop is reported once, at
    /// the `revises` of the first plan of the loop in file order.
    fn check_revisions(&mut self) {
        let n = self.plans.len();
        let mut reported = vec![false; n];
        for start in 0..n {
            let mut chain = vec![start];
            let mut at = self.plans[start].revises;
            while let Some(p) = at {
                let k = p.index();
                if k == start {
                    if !chain.iter().any(|&c| reported[c]) {
                        let span = self.revises_spans.get(&start).cloned().unwrap_or(0..0);
                        let ids: Vec<String> = chain
                            .iter()
                            .chain(std::iter::once(&start))
                            .map(|&c| format!("`{}`", self.plans[c].id))
                            .collect();
                        self.sink.error(
                            "revision-loop",
                            span,
                            &join(&join("plans", self.plans[start].id.as_str()), "revises"),
                            format!("the chain of `revises` loops: {}", ids.join(" → ")),
                            Some(
                                "a draft revises an earlier one: remove `revises` from one plan \
                                 of the loop"
                                    .into(),
                            ),
                        );
                        for &c in &chain {
                            reported[c] = true;
                        }
                    }
                    break;
                }
                if chain.contains(&k) {
                    // A loop that does not pass through `start`: reported from its own plans.
                    break;
                }
                chain.push(k);
                at = self.plans[k].revises;
            }
        }
    }

    /// Reads a list of party ids (an event's `parties`).
    pub(super) fn party_list(&mut self, t: &mut Table<'_, '_>, key: &str) -> Vec<PartyIx> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let p = join(&t.path, key);
        let mut out = Vec::new();
        for (id, span) in strings(&mut self.sink, v, &p) {
            self.push_party(&mut out, &id, span, &p);
        }
        out
    }

    /// Adds a party to a list once; an unknown id or a repeat is reported.
    fn push_party(&mut self, out: &mut Vec<PartyIx>, id: &str, span: Range<usize>, p: &str) {
        if let Some(ix) = self.party_ref(id, span.clone(), p) {
            if out.contains(&ix) {
                self.sink.error(
                    "duplicate-id",
                    span,
                    p,
                    format!("party `{id}` is listed twice"),
                    Some("list each party once".into()),
                );
            } else {
                out.push(ix);
            }
        }
    }

    /// Reads `drafted_by`, `consulted` or `briefed`: party ids, or tables `{ party, disputed,
    /// note, sources }` (their notes go to `notes`).
    pub(super) fn role_list(
        &mut self,
        t: &mut Table<'_, '_>,
        key: &str,
        role: crate::roles::PlanRole,
        notes: &mut Vec<RoleNote>,
    ) -> Vec<PartyIx> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let p = join(&t.path, key);
        let mut out = Vec::new();
        let Some(items) = array(&mut self.sink, v, &p, "an array of party ids") else {
            return out;
        };
        let mut ids = Vec::new();
        for (k, item) in items.into_iter().enumerate() {
            match item.get_ref() {
                toml::de::DeValue::Table(_) => {
                    let ep = format!("{p}[{k}]");
                    let Some(mut et) = Table::from_value(&mut self.sink, item, ep.clone()) else {
                        continue;
                    };
                    let party = et
                        .require(&mut self.sink, "party", "\"party_id\"")
                        .and_then(|pv| {
                            string(&mut self.sink, pv, &join(&ep, "party")).map(|s| (s, pv.span()))
                        });
                    let disputed = et
                        .get("disputed")
                        .and_then(|dv| boolean(&mut self.sink, dv, &join(&ep, "disputed")))
                        .unwrap_or(false);
                    let note = self.opt_string(&mut et, "note");
                    let sources = self.source_refs(&mut et);
                    et.finish(&mut self.sink, &["party", "disputed", "note", "sources"]);
                    if let Some((id, span)) = party {
                        ids.push((id.clone(), span.clone(), Some((disputed, note, sources))));
                    }
                }
                _ => {
                    if let Some(s) = string(&mut self.sink, item, &p) {
                        ids.push((s, item.span(), None));
                    }
                }
            }
        }
        for (id, span, entry) in ids {
            if let Some((disputed, note, sources)) = entry
                && let Some(&party) = self.party_ix.get(&id)
            {
                notes.push(RoleNote {
                    party,
                    role,
                    disputed,
                    note,
                    sources,
                });
            }
            self.push_party(&mut out, &id, span, &p);
        }
        out
    }

    pub(super) fn plan(&mut self, id: String, value: &Value<'_>) -> Option<Plan> {
        let path = join("plans", &id);
        let mut t = Table::from_value(&mut self.sink, value, path.clone())?;
        let title = self.req_string(&mut t, "title");
        let date = self.opt_date(&mut t, "date");
        use crate::roles::PlanRole;
        let mut role_notes = Vec::new();
        let drafted_by = self.role_list(&mut t, "drafted_by", PlanRole::Drafted, &mut role_notes);
        let consulted = self.role_list(&mut t, "consulted", PlanRole::Consulted, &mut role_notes);
        let briefed = self.role_list(&mut t, "briefed", PlanRole::Briefed, &mut role_notes);
        let revises = t.get("revises").and_then(|rv| {
            let p = join(&path, "revises");
            let s = string(&mut self.sink, rv, &p)?;
            let found = self.plan_ix.get(&s).copied();
            if found.is_none() && !self.is_broken("plan", &s) {
                self.sink.unknown_ref(
                    rv.span(),
                    &p,
                    "plan",
                    &s,
                    self.plan_ids.iter().map(String::as_str),
                );
            }
            if let Some(&me) = self.plan_ix.get(&id) {
                self.revises_spans.insert(me.index(), rv.span());
            }
            found
        });
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
        let mut within = Vec::new();
        // Every issue the terms name (settled or listed), for the `open` check.
        let mut named: Vec<IssueIx> = Vec::new();
        if let Some(v) = t.get("terms") {
            let tp = join(&path, "terms");
            if let Some(mut tt) = Table::from_value(&mut self.sink, v, tp.clone()) {
                for (key, value) in tt.entries() {
                    let p = join(&tp, key.get_ref());
                    let Some((ix, issue)) = self.issue_ref(key.get_ref(), key.span(), &p) else {
                        continue;
                    };
                    named.push(ix);
                    let Some(issue) = issue else { continue };
                    if let toml::de::DeValue::Array(items) = value.get_ref() {
                        match self.option_list(&issue, value, items, &p) {
                            Some(list) if list.len() == 1 => terms.push((ix, list[0])),
                            Some(list) => within.push((ix, list)),
                            None => {}
                        }
                    } else if let Some(o) = self.option_of(&issue, value, &p) {
                        terms.push((ix, o));
                    }
                }
            }
        }
        let mut open = Vec::new();
        if let Some(v) = t.get("open") {
            let op = join(&path, "open");
            for (key, span) in strings(&mut self.sink, v, &op) {
                let Some((ix, _)) = self.issue_ref(&key, span.clone(), &op) else {
                    continue;
                };
                if open.contains(&ix) {
                    self.sink.error(
                        "duplicate-id",
                        span,
                        &op,
                        format!("issue `{key}` is listed twice"),
                        Some("list each issue once".into()),
                    );
                } else if named.contains(&ix) {
                    self.sink.error(
                        "open-and-term",
                        span,
                        &op,
                        format!("issue `{key}` is both in `terms` and in `open`"),
                        Some(format!(
                            "an issue is in at most one of them: remove it from `open`, or \
                             remove `terms.{key}` (a list of options in `terms` leaves it open \
                             over those options)"
                        )),
                    );
                } else {
                    open.push(ix);
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
                "open",
                "revises",
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
            within,
            open,
            revises,
            role_notes,
            note,
            sources,
        })
    }

    /// A term written as a list of options: each an option of the issue, at least one, none
    /// twice. Sorted by option order; `None` when any entry is wrong (each is reported).
    fn option_list(
        &mut self,
        issue: &ReadIssue,
        value: &Value<'_>,
        items: &toml::de::DeArray<'_>,
        path: &str,
    ) -> Option<Vec<OptionIx>> {
        if items.iter().next().is_none() {
            self.sink.error(
                "empty-options",
                value.span(),
                path,
                format!("the list of options for issue `{}` is empty", issue.id),
                Some(
                    "list the options the draft allows (one option settles the issue), or \
                     put the issue in `open` to leave it open over every option"
                        .into(),
                ),
            );
            return None;
        }
        let mut out: Vec<OptionIx> = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            match self.option_of(issue, item, path) {
                Some(o) if out.contains(&o) => {
                    self.sink.error(
                        "duplicate-id",
                        item.span(),
                        path,
                        format!("option `{}` is listed twice", issue.option_value(o)),
                        Some("list each option once".into()),
                    );
                    ok = false;
                }
                Some(o) => out.push(o),
                None => ok = false,
            }
        }
        out.sort();
        ok.then_some(out)
    }
}
