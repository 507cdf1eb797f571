//! Reading `[issues]`: options, numeric grids, status quo.

use std::collections::HashSet;
use std::rc::Rc;

use super::reader::*;
use super::*;
use crate::diagnostic::Severity;
use crate::id::*;
use crate::scenario::*;

impl Builder {
    pub(super) fn issues_table(&mut self, v: &Value<'_>) {
        if self.over_limit(v, "issues", "issue", limits::MAX_ISSUES) {
            return;
        }
        for (id, span, value) in self.id_entries(v, "issues", "issue") {
            let ix = IssueIx::from_usize(self.issues.len());
            self.issue_ix.insert(id.clone(), ix);
            let issue = self.issue(id.clone(), value);
            self.issues.push(IssueDraft {
                id,
                issue: issue.map(Rc::new),
                span,
            });
        }
    }

    pub(super) fn issue(&mut self, id: String, value: &Value<'_>) -> Option<ReadIssue> {
        let path = join("issues", &id);
        let mut t = Table::from_value(&mut self.sink, value, path.clone())?;
        let area = t
            .require(&mut self.sink, "area", "\"an area id\"")
            .and_then(|v| {
                let p = join(&path, "area");
                let a = string(&mut self.sink, v, &p)?;
                let found = self.area_ix.get(&a).copied();
                if found.is_none() && !self.is_broken("area", &a) {
                    self.sink.unknown_ref(
                        v.span(),
                        &p,
                        "area",
                        &a,
                        self.areas.iter().map(|a| a.id.as_str()),
                    );
                }
                found
            });
        let title = self.req_string(&mut t, "title");
        let points = t.get("points").map_or_else(Vec::new, |v| {
            let p = join(&path, "points");
            let Some(items) = array(&mut self.sink, v, &p, "an array of point numbers") else {
                return Vec::new();
            };
            items
                .into_iter()
                .filter_map(|item| match as_number(item.get_ref()) {
                    Some(Ok(x)) if x.fract() == 0.0 && x >= 1.0 && x <= u32::MAX as f64 => {
                        Some(x as u32)
                    }
                    found => {
                        let found = match found {
                            Some(Ok(x)) => format!("{x}"),
                            _ => describe(item.get_ref()).to_owned(),
                        };
                        self.sink.error(
                            "bad-point",
                            item.span(),
                            &p,
                            format!("a plan point is a whole number from 1, found {found}"),
                            Some("write e.g. `points = [6, 7]`".into()),
                        );
                        None
                    }
                })
                .collect()
        });
        let note = self.opt_string(&mut t, "note");
        let sources = self.source_refs(&mut t);
        if Self::cites_nothing(&mut t) {
            self.sink.warn(
                Severity::Strict,
                "uncited",
                t.span.clone(),
                &path,
                format!("issue `{id}` cites no source"),
                Some("add `sources = [\"...\"]`".into()),
            );
        }
        let options = t.get("options");
        let range = t.get("range");
        let unit = t.get("unit");
        let domain = match (options, range) {
            (Some(_), Some(r)) => {
                self.sink.error(
                    "options-and-range",
                    r.span(),
                    &join(&path, "range"),
                    "an issue has `options` or `range`, never both",
                    Some("remove one of them".into()),
                );
                None
            }
            (None, None) => {
                self.sink.error(
                    "missing-key",
                    t.span.start..t.span.start + 1,
                    &path,
                    "missing `options` (a list of options) or `range` (a numeric grid)",
                    Some("add `options = [{ id = \"...\" }, ...]` or `range = { min = 0, max = 100, step = 10 }`".into()),
                );
                None
            }
            (Some(o), None) => {
                if let Some(u) = unit {
                    self.sink.error(
                        "unit-without-range",
                        u.span(),
                        &join(&path, "unit"),
                        "`unit` applies to a numeric `range`, not to listed options",
                        Some("remove `unit` or put it in the option labels".into()),
                    );
                }
                self.options(o, &join(&path, "options"))
                    .map(IssueDomain::Discrete)
            }
            (None, Some(r)) => {
                let unit = unit.and_then(|u| string(&mut self.sink, u, &join(&path, "unit")));
                self.grid(r, &join(&path, "range"))
                    .map(|grid| IssueDomain::Numeric { grid, unit })
            }
        };
        let status_quo = t.get("status_quo");
        t.finish(
            &mut self.sink,
            &[
                "area",
                "title",
                "points",
                "status_quo",
                "sources",
                "options",
                "range",
                "unit",
                "note",
            ],
        );
        let domain = domain?;
        let mut issue = ReadIssue::new(Issue {
            id: IssueId::new(id).expect("checked"),
            area: area.unwrap_or(AreaIx::from_usize(0)),
            title: title.unwrap_or_default(),
            points,
            status_quo: None,
            domain,
            note,
            sources,
        });
        if let Some(v) = status_quo {
            issue.issue.status_quo = self.option_of(&issue, v, &join(&path, "status_quo"));
        }
        Some(issue)
    }

    pub(super) fn options(&mut self, v: &Value<'_>, path: &str) -> Option<Vec<DiscreteOption>> {
        let items = array(&mut self.sink, v, path, "an array of options")?;
        if items.len() < 2 {
            self.sink.error(
                "too-few-options",
                v.span(),
                path,
                format!("an issue needs at least 2 options, found {}", items.len()),
                Some("list every option the issue can be decided as".into()),
            );
            return None;
        }
        let before = self.listed_options;
        self.listed_options += items.len();
        if self.listed_options > limits::MAX_LISTED_OPTIONS {
            // Reported where the limit is crossed; the issues after it are not read.
            if before <= limits::MAX_LISTED_OPTIONS {
                self.sink.error(
                    "too-many",
                    v.span(),
                    path,
                    format!(
                        "more than {} options listed over all issues",
                        limits::MAX_LISTED_OPTIONS
                    ),
                    Some("use a numeric `range` for long lists of values".into()),
                );
            }
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut seen = HashSet::new();
        let mut ok = true;
        for (i, item) in items.into_iter().enumerate() {
            let ipath = format!("{path}[{i}]");
            let Some(mut t) = Table::from_value(&mut self.sink, item, ipath.clone()) else {
                ok = false;
                continue;
            };
            let id = t
                .require(&mut self.sink, "id", "\"option-id\"")
                .and_then(|v| {
                    let s = string(&mut self.sink, v, &join(&ipath, "id"))?;
                    match OptionId::new(s.clone()) {
                        Ok(id) if !seen.insert(s.clone()) => {
                            self.sink.error(
                                "duplicate-id",
                                v.span(),
                                &join(&ipath, "id"),
                                format!("option `{s}` is listed twice"),
                                Some("option ids are unique within an issue".into()),
                            );
                            drop(id);
                            None
                        }
                        Ok(id) => Some(id),
                        Err(e) => {
                            self.sink.bad_id(v.span(), &join(&ipath, "id"), "option", e);
                            None
                        }
                    }
                });
            let label = self.opt_string(&mut t, "label");
            // Options may carry notes and sources like any table; they are not kept yet.
            let _ = self.opt_string(&mut t, "note");
            let _ = self.source_refs(&mut t);
            t.finish(&mut self.sink, &["id", "label", "note", "sources"]);
            match id {
                Some(id) => out.push(DiscreteOption { id, label }),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub(super) fn grid(&mut self, v: &Value<'_>, path: &str) -> Option<Grid> {
        let mut t = Table::from_value(&mut self.sink, v, path.to_owned())?;
        let read = |key: &str, this: &mut Self, t: &mut Table<'_, '_>| {
            let v = t.require(&mut this.sink, key, "a number")?;
            number(&mut this.sink, v, &join(path, key))
        };
        let min = read("min", self, &mut t);
        let max = read("max", self, &mut t);
        let step_v = t.get("step");
        let step = match step_v {
            Some(v) => number(&mut self.sink, v, &join(path, "step")),
            None => {
                self.sink.error(
                    "missing-key",
                    t.span.clone(),
                    path,
                    "missing required key `step`",
                    Some("add `step = ...`, the distance between grid points".into()),
                );
                None
            }
        };
        t.finish(&mut self.sink, &["min", "max", "step"]);
        let (min, max, step) = (min?, max?, step?);
        if step <= 0.0 {
            self.sink.error(
                "bad-range",
                step_v.map_or(v.span(), |s| s.span()),
                &join(path, "step"),
                format!("step must be positive, found {step}"),
                Some("`step` is the distance between neighbouring grid points".into()),
            );
            return None;
        }
        if max <= min {
            self.sink.error(
                "bad-range",
                v.span(),
                path,
                format!("max ({max}) must be greater than min ({min})"),
                Some(if max < min {
                    "swap `min` and `max`".into()
                } else {
                    "a grid has at least two points: raise `max` above `min`".into()
                }),
            );
            return None;
        }
        let intervals = (max - min) / step;
        let whole = intervals.round();
        if (intervals - whole).abs() > 1e-9 * whole.max(1.0) {
            self.sink.error(
                "bad-range",
                v.span(),
                path,
                format!(
                    "max - min ({}) is not a whole multiple of step ({step})",
                    max - min
                ),
                Some(format!(
                    "use a step that divides {}, or move max to {}",
                    max - min,
                    min + intervals.floor() * step
                )),
            );
            return None;
        }
        let points = whole + 1.0;
        if points > limits::MAX_GRID_POINTS as f64 {
            // Print a count only while it is a readable whole number (not `inf` or 300 digits).
            let count = if points < 1e15 {
                format!("{points}")
            } else {
                "more than 10^15".to_owned()
            };
            self.sink.error(
                "too-many",
                v.span(),
                path,
                format!(
                    "the grid has {count} points; the limit is {}",
                    limits::MAX_GRID_POINTS
                ),
                Some("use a larger step".into()),
            );
            return None;
        }
        Some(Grid {
            min,
            max,
            step,
            len: whole as u32 + 1,
        })
    }
}
