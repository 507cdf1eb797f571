//! Reading `[parties]`: walk-away, red lines, weights, scores, curves, interactions.

use std::ops::Range;

use toml::de::DeValue;

use super::reader::*;
use super::*;
use crate::diagnostic::Severity;
use crate::id::*;
use crate::scenario::*;

impl Builder {
    pub(super) fn parties_table(&mut self, v: &Value<'_>) {
        if self.over_limit(v, "parties", "party", limits::MAX_PARTIES) {
            return;
        }
        let entries = self.id_entries(v, "parties", "party");
        // Register every id first so that plans and events can refer to any party.
        for (i, (id, _, _)) in entries.iter().enumerate() {
            self.party_ix.insert(id.clone(), PartyIx::from_usize(i));
        }
        for (id, _, value) in entries {
            let party = self.party(id.clone(), value);
            if party.is_none() {
                // Its role is unknown: checks of the consent rule skip it.
                self.broken.insert(("party body", Some(id.clone())));
            }
            // A party that could not be read keeps its slot so that indices stay aligned.
            self.parties.push(party.unwrap_or_else(|| Party {
                id: PartyId::new(id).expect("checked"),
                name: String::new(),
                signatory: false,
                walk_away: Estimate::exact(0.0),
                discount: None,
                red_lines: Vec::new(),
                weights: Vec::new(),
                scores: Vec::new(),
                interactions: Vec::new(),
                consent_on: None,
                ratifies: None,
                ratification_quorum: None,
                observer: false,
                note: None,
                sources: Vec::new(),
            }));
        }
        self.check_ratification();
    }

    pub(super) fn party(&mut self, id: String, value: &Value<'_>) -> Option<Party> {
        let path = join("parties", &id);
        let mut t = Table::from_value(&mut self.sink, value, path.clone())?;
        let name = self.req_string(&mut t, "name");
        // scenario.md, "Observers": no weights, no interactions, no walk_away.
        let observer = !t
            .keys()
            .any(|k| matches!(k, "weights" | "interactions" | "walk_away"));
        if observer {
            self.observer_rules(&mut t, &id);
        }
        let ratifies = self.ratifies(&mut t, &path);
        let signatory_value = t.get("signatory");
        let signatory_written =
            signatory_value.and_then(|v| boolean(&mut self.sink, v, &join(&path, "signatory")));
        if let (Some(true), Some(target)) = (signatory_written, &ratifies) {
            self.sink.error(
                "ratifier-signatory",
                signatory_value.map_or(t.span.clone(), |v| v.span()),
                &join(&path, "signatory"),
                format!(
                    "party `{id}` ratifies for `{}`, so it cannot be a signatory itself",
                    target.0
                ),
                Some(
                    "remove `signatory = true`: a ratifier decides only through the party it \
                     ratifies for"
                        .into(),
                ),
            );
        }
        if let (Some(true), true) = (signatory_written, observer) {
            self.sink.error(
                "observer-signatory",
                signatory_value.map_or(t.span.clone(), |v| v.span()),
                &join(&path, "signatory"),
                format!(
                    "party `{id}` has no weights, interactions or walk_away, so it is an \
                     observer, and an observer is never a signatory"
                ),
                Some(
                    "remove `signatory = true`, or model its preferences: add `walk_away` and \
                     `weights` (with scores)"
                        .into(),
                ),
            );
        }
        let signatory = signatory_written.unwrap_or(ratifies.is_none() && !observer);
        let consent_on = self.consent_on(&mut t, &path);
        let ratification_quorum = self.ratification(&mut t, &path, self.party_ix[&id]);
        let walk_away = if observer {
            Some(Estimate::exact(0.0))
        } else {
            t.require(&mut self.sink, "walk_away", "0.5")
                .and_then(|v| estimate(&mut self.sink, v, &join(&path, "walk_away"), Bounds::UNIT))
        };
        let discount = t.get("discount").and_then(|v| {
            let p = join(&path, "discount");
            let x = number(&mut self.sink, v, &p)?;
            if !Bounds::DISCOUNT.contains(x) {
                self.sink.error(
                    "out-of-range",
                    v.span(),
                    &p,
                    format!("discount {x} is outside (0, 1]"),
                    Some("1.0 means no discounting".into()),
                );
                return None;
            }
            Some(x)
        });
        let note = self.opt_string(&mut t, "note");
        let sources = self.source_refs(&mut t);
        if Self::cites_nothing(&mut t) {
            self.sink.warn(
                Severity::Strict,
                "uncited",
                t.span.clone(),
                &path,
                format!("the stance of party `{id}` cites no source"),
                Some("add `sources = [\"...\"]`".into()),
            );
        }
        let red_lines = t
            .get("red_lines")
            .map(|v| self.red_lines(v, &join(&path, "red_lines")))
            .unwrap_or(Some(Vec::new()));
        let weights = t
            .get("weights")
            .map(|v| self.weights(v, &join(&path, "weights")))
            .unwrap_or((Vec::new(), true));
        let scores = t
            .get("scores")
            .map(|v| self.scores(v, &join(&path, "scores")))
            .unwrap_or((Vec::new(), true));
        let interactions = t
            .get("interactions")
            .map(|v| self.interactions(v, &join(&path, "interactions")))
            .unwrap_or((Vec::new(), true));
        let party_span = t.span.start..t.span.start + 1;
        t.finish(
            &mut self.sink,
            &[
                "name",
                "signatory",
                "walk_away",
                "discount",
                "red_lines",
                "weights",
                "scores",
                "interactions",
                "consent_on",
                "ratifies",
                "ratification",
                "note",
                "sources",
            ],
        );
        let (weights, weights_ok) = weights;
        let (scores, scores_ok) = scores;
        let (interactions, interactions_ok) = interactions;
        if !observer
            && weights_ok
            && interactions_ok
            && !weights.iter().any(|(_, w, _)| w.hi() > 0.0)
            && interactions.is_empty()
        {
            self.sink.error(
                "no-preferences",
                party_span,
                &path,
                format!("party `{id}` has no positive weight and no interaction"),
                Some("give at least one issue a weight above 0 in `weights`".into()),
            );
        }
        // Every weighted issue needs a score for every option; scores of unweighted issues
        // are legal but unused.
        if weights_ok && scores_ok {
            for (issue, w, span) in &weights {
                let has_issue_domain = self.issues[issue.index()].issue.is_some();
                if w.hi() > 0.0 && has_issue_domain && !scores.iter().any(|(i, _, _)| i == issue) {
                    let issue_id = self.issues[issue.index()]
                        .issue
                        .as_ref()
                        .map(|i| i.id.to_string())
                        .unwrap_or_default();
                    let numeric = self.issues[issue.index()]
                        .issue
                        .as_ref()
                        .is_some_and(|i| i.is_numeric());
                    let table = join(&join(&path, "scores"), &issue_id);
                    self.sink.error(
                        "missing-scores",
                        span.clone(),
                        &join(&join(&path, "weights"), &issue_id),
                        format!("issue `{issue_id}` is weighted but has no scores"),
                        Some(if numeric {
                            format!("add `[{table}]` with `curve = [[value, score], ...]`")
                        } else {
                            format!("add `[{table}]` with a score in [0, 1] for every option")
                        }),
                    );
                }
            }
            for (issue, _, span) in &scores {
                if !weights.iter().any(|(i, w, _)| i == issue && w.hi() > 0.0) {
                    let issue_id = self.issues[issue.index()]
                        .issue
                        .as_ref()
                        .map(|i| i.id.to_string())
                        .unwrap_or_default();
                    self.sink.warn(
                        Severity::Warning,
                        "unused-scores",
                        span.clone(),
                        &join(&join(&path, "scores"), &issue_id),
                        format!(
                            "issue `{issue_id}` has scores but no positive weight: they are unused"
                        ),
                        Some(format!(
                            "add `{issue_id} = ...` to `weights`, or remove the scores"
                        )),
                    );
                }
            }
        }
        Some(Party {
            id: PartyId::new(id).expect("checked"),
            name: name?,
            signatory,
            walk_away: walk_away?,
            discount,
            red_lines: red_lines?,
            weights: weights.into_iter().map(|(i, w, _)| (i, w)).collect(),
            scores: scores.into_iter().map(|(i, s, _)| (i, s)).collect(),
            interactions,
            consent_on: consent_on?,
            ratifies: ratifies.map(|(_, ix)| ix),
            ratification_quorum,
            observer,
            note,
            sources,
        })
    }

    /// An observer has no preferences: keys that only mean something for a party with
    /// preferences are errors (one per key), since they would silently do nothing.
    fn observer_rules(&mut self, t: &mut Table<'_, '_>, id: &str) {
        const PREFERENCE_KEYS: [&str; 6] = [
            "red_lines",
            "scores",
            "discount",
            "consent_on",
            "ratifies",
            "ratification",
        ];
        let written: Vec<&str> = t.keys().filter(|k| PREFERENCE_KEYS.contains(k)).collect();
        for key in written {
            let Some(v) = t.get(key) else { continue };
            self.sink.error(
                "observer-preferences",
                v.span(),
                &join(&t.path, key),
                format!(
                    "party `{id}` has no weights, interactions or walk_away, so it is an \
                     observer, and `{key}` would have no effect"
                ),
                Some(format!(
                    "model its preferences (add `walk_away` and `weights`), or remove `{key}`"
                )),
            );
        }
    }

    pub(super) fn red_lines(
        &mut self,
        v: &Value<'_>,
        path: &str,
    ) -> Option<Vec<(IssueIx, Vec<OptionIx>)>> {
        let mut t = Table::from_value(&mut self.sink, v, path.to_owned())?;
        let mut out: Vec<(IssueIx, Vec<OptionIx>)> = Vec::new();
        let mut ok = true;
        for (key, value) in t.entries() {
            let p = join(path, key.get_ref());
            let Some((ix, issue)) = self.issue_ref(key.get_ref(), key.span(), &p) else {
                ok = false;
                continue;
            };
            let Some(issue) = issue else { continue };
            let items: Vec<&Value<'_>> = match value.get_ref() {
                DeValue::Array(items) => items.iter().collect(),
                _ => vec![value],
            };
            let mut options = Vec::new();
            for item in items {
                match self.option_of(&issue, item, &p) {
                    Some(o) => options.push(o),
                    None => ok = false,
                }
            }
            options.sort();
            options.dedup();
            if options.len() == issue.option_count() {
                self.sink.warn(
                    Severity::Warning,
                    "all-options-red",
                    value.span(),
                    &p,
                    format!(
                        "every option of issue `{}` is a red line: this party accepts no outcome",
                        issue.id
                    ),
                    Some("keep at least one option of the issue off the red lines".into()),
                );
            }
            out.push((ix, options));
        }
        out.sort_by_key(|(i, _)| *i);
        ok.then_some(out)
    }

    #[allow(clippy::type_complexity)]
    pub(super) fn weights(
        &mut self,
        v: &Value<'_>,
        path: &str,
    ) -> (Vec<(IssueIx, Estimate, Range<usize>)>, bool) {
        let Some(mut t) = Table::from_value(&mut self.sink, v, path.to_owned()) else {
            return (Vec::new(), false);
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in t.entries() {
            let p = join(path, key.get_ref());
            let issue = self.issue_ref(key.get_ref(), key.span(), &p);
            let w = estimate(&mut self.sink, value, &p, Bounds::NON_NEGATIVE);
            match (issue, w) {
                (Some((ix, _)), Some(w)) => out.push((ix, w, key.span())),
                _ => ok = false,
            }
        }
        (out, ok)
    }

    #[allow(clippy::type_complexity)]
    pub(super) fn scores(
        &mut self,
        v: &Value<'_>,
        path: &str,
    ) -> (Vec<(IssueIx, ScoreFn, Range<usize>)>, bool) {
        let Some(mut t) = Table::from_value(&mut self.sink, v, path.to_owned()) else {
            return (Vec::new(), false);
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in t.entries() {
            let p = join(path, key.get_ref());
            let Some((ix, issue)) = self.issue_ref(key.get_ref(), key.span(), &p) else {
                ok = false;
                continue;
            };
            let Some(issue) = issue else {
                ok = false;
                continue;
            };
            match self.score_fn(&issue, value, &p) {
                Some(s) => out.push((ix, s, key.span())),
                None => ok = false,
            }
        }
        (out, ok)
    }

    pub(super) fn score_fn(
        &mut self,
        issue: &ReadIssue,
        v: &Value<'_>,
        path: &str,
    ) -> Option<ScoreFn> {
        let mut t = Table::from_value(&mut self.sink, v, path.to_owned())?;
        match &issue.domain {
            IssueDomain::Discrete(options) => {
                let mut scores: Vec<Option<Estimate>> = vec![None; options.len()];
                let mut ok = true;
                for (key, value) in t.entries() {
                    let p = join(path, key.get_ref());
                    let Some(o) = issue.find_option(key.get_ref()) else {
                        if key.get_ref() == "curve" {
                            self.sink.error(
                                "unknown-id",
                                key.span(),
                                &p,
                                format!(
                                    "issue `{}` lists options: it is scored option by option, \
                                     not by a `curve` (which scores a numeric issue)",
                                    issue.id
                                ),
                                Some(format!(
                                    "give each option a score in [0, 1]: {}",
                                    options
                                        .iter()
                                        .map(|o| format!("`{} = ...`", o.id))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                )),
                            );
                        } else {
                            self.sink.unknown_option(
                                key.span(),
                                &p,
                                issue.id.as_str(),
                                key.get_ref(),
                                options.iter().map(|o| o.id.as_str()),
                            );
                        }
                        ok = false;
                        continue;
                    };
                    match estimate(&mut self.sink, value, &p, Bounds::UNIT) {
                        Some(e) => scores[o.index()] = Some(e),
                        None => ok = false,
                    }
                }
                let missing: Vec<&str> = options
                    .iter()
                    .zip(&scores)
                    .filter(|(_, s)| s.is_none())
                    .map(|(o, _)| o.id.as_str())
                    .collect();
                if !missing.is_empty() && ok {
                    self.sink.error(
                        "missing-scores",
                        t.span.clone(),
                        path,
                        format!(
                            "no score for option{} {} of issue `{}`",
                            if missing.len() > 1 { "s" } else { "" },
                            missing
                                .iter()
                                .map(|m| format!("`{m}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            issue.id
                        ),
                        Some("give every option a score in [0, 1]".into()),
                    );
                    return None;
                }
                if !ok {
                    return None;
                }
                Some(ScoreFn::Table(
                    scores
                        .into_iter()
                        .map(|s| s.expect("all present"))
                        .collect(),
                ))
            }
            IssueDomain::Numeric { .. } => {
                let Some(curve) = t.get("curve") else {
                    // A key close to `curve` is a typo: report it alone, with the suggestion.
                    // Other keys (scores per value, say) are explained by one error.
                    if t.keys().any(|k| closest(k, ["curve"]).is_some()) {
                        t.finish(&mut self.sink, &["curve"]);
                        return None;
                    }
                    self.sink.error(
                        "missing-key",
                        t_span_start(v),
                        path,
                        if t.len() == 0 {
                            format!("numeric issue `{}` is scored by a `curve`", issue.id)
                        } else {
                            format!(
                                "numeric issue `{}` is scored by a `curve`, found {}",
                                issue.id,
                                t.keys()
                                    .map(|k| format!("`{k}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        },
                        Some("write `curve = [[value, score], ...]`, sorted by value".into()),
                    );
                    return None;
                };
                t.finish(&mut self.sink, &["curve"]);
                let p = join(path, "curve");
                let points = array(
                    &mut self.sink,
                    curve,
                    &p,
                    "an array of [value, score] pairs",
                )?;
                if points.is_empty() {
                    self.sink.error(
                        "bad-curve",
                        curve.span(),
                        &p,
                        "a curve needs at least one point",
                        Some("write `curve = [[min, score], [max, score]]`".into()),
                    );
                    return None;
                }
                let mut out = Vec::with_capacity(points.len());
                let mut ok = true;
                for (i, point) in points.into_iter().enumerate() {
                    let pp = format!("{p}[{i}]");
                    let pair = match point.get_ref() {
                        DeValue::Array(a) if a.iter().count() == 2 => a.iter().collect::<Vec<_>>(),
                        _ => {
                            self.sink.error(
                                "bad-curve",
                                point.span(),
                                &pp,
                                match point.get_ref() {
                                    DeValue::Array(a) => format!(
                                        "a curve point is [value, score], found {} items",
                                        a.iter().count()
                                    ),
                                    other => format!(
                                        "a curve point is [value, score], found {}",
                                        describe(other)
                                    ),
                                },
                                Some("write each point as `[value, score]`".into()),
                            );
                            ok = false;
                            continue;
                        }
                    };
                    let x = number(&mut self.sink, pair[0], &pp);
                    let s = estimate(&mut self.sink, pair[1], &pp, Bounds::UNIT);
                    let (Some(x), Some(s)) = (x, s) else {
                        ok = false;
                        continue;
                    };
                    if let Some(&(prev, _)) = out.last()
                        && x <= prev
                    {
                        self.sink.error(
                            "bad-curve",
                            point.span(),
                            &pp,
                            format!("curve values must increase: {x} follows {prev}"),
                            Some("sort the points by value, each value once".into()),
                        );
                        ok = false;
                        continue;
                    }
                    out.push((x, s));
                }
                ok.then_some(ScoreFn::Curve(out))
            }
        }
    }

    pub(super) fn interactions(&mut self, v: &Value<'_>, path: &str) -> (Vec<Interaction>, bool) {
        let Some(items) = array(
            &mut self.sink,
            v,
            path,
            "an array of tables ([[...interactions]])",
        ) else {
            return (Vec::new(), false);
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (i, item) in items.into_iter().enumerate() {
            let ipath = format!("{path}[{i}]");
            let Some(mut t) = Table::from_value(&mut self.sink, item, ipath.clone()) else {
                ok = false;
                continue;
            };
            let when = t.require(&mut self.sink, "when", "{ issue = \"option\" }");
            let bonus = t
                .require(&mut self.sink, "bonus", "0.05")
                .and_then(|b| number(&mut self.sink, b, &join(&ipath, "bonus")));
            let _ = self.opt_string(&mut t, "note");
            let _ = self.source_refs(&mut t);
            t.finish(&mut self.sink, &["when", "bonus", "note", "sources"]);
            let when = when.and_then(|w| self.conditions(w, &join(&ipath, "when")));
            match (when, bonus) {
                (Some(when), Some(bonus)) => out.push(Interaction { when, bonus }),
                _ => ok = false,
            }
        }
        (out, ok)
    }

    pub(super) fn conditions(
        &mut self,
        v: &Value<'_>,
        path: &str,
    ) -> Option<Vec<(IssueIx, Condition)>> {
        let mut t = Table::from_value(&mut self.sink, v, path.to_owned())?;
        if t.len() == 0 {
            self.sink.error(
                "empty-condition",
                v.span(),
                path,
                "an interaction needs at least one condition",
                Some("write `when = { issue = \"option\" }`".into()),
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for (key, value) in t.entries() {
            let p = join(path, key.get_ref());
            let Some((ix, issue)) = self.issue_ref(key.get_ref(), key.span(), &p) else {
                ok = false;
                continue;
            };
            let Some(issue) = issue else {
                ok = false;
                continue;
            };
            let cond = match value.get_ref() {
                DeValue::Table(_) => {
                    if !issue.is_numeric() {
                        self.sink.error(
                            "bad-condition",
                            value.span(),
                            &p,
                            format!(
                                "`{{ min, max }}` applies to numeric issues; `{}` lists options",
                                issue.id
                            ),
                            Some("write an option id or a list of option ids".into()),
                        );
                        None
                    } else {
                        self.min_max(value, &p)
                    }
                }
                DeValue::Array(items) => {
                    let items: Vec<_> = items.iter().collect();
                    if items.is_empty() {
                        self.sink.error(
                            "empty-condition",
                            value.span(),
                            &p,
                            "an empty list of options never holds",
                            Some("list at least one option, or remove the condition".into()),
                        );
                        None
                    } else {
                        let mut opts = Vec::new();
                        let mut all = true;
                        for item in items {
                            match self.option_of(&issue, item, &p) {
                                Some(o) => opts.push(o),
                                None => all = false,
                            }
                        }
                        opts.sort();
                        opts.dedup();
                        all.then_some(Condition::AnyOf(opts))
                    }
                }
                _ => self
                    .option_of(&issue, value, &p)
                    .map(|o| Condition::AnyOf(vec![o])),
            };
            match cond {
                Some(c) => out.push((ix, c)),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub(super) fn min_max(&mut self, v: &Value<'_>, path: &str) -> Option<Condition> {
        let mut t = Table::from_value(&mut self.sink, v, path.to_owned())?;
        let min = t
            .require(&mut self.sink, "min", "a number")
            .and_then(|x| number(&mut self.sink, x, &join(path, "min")));
        let max = t
            .require(&mut self.sink, "max", "a number")
            .and_then(|x| number(&mut self.sink, x, &join(path, "max")));
        t.finish(&mut self.sink, &["min", "max"]);
        let (min, max) = (min?, max?);
        if min > max {
            self.sink.error(
                "bad-condition",
                v.span(),
                path,
                format!("min ({min}) is greater than max ({max})"),
                Some("swap them".into()),
            );
            return None;
        }
        Some(Condition::Range { min, max })
    }
}
