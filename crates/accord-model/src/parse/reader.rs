//! A small reader over toml's spanned document tree that records every problem it meets, so
//! that one pass reports all of a file's errors, each with its span and key path.

use std::borrow::Cow;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Diagnostic, Severity, closest};
use crate::id::IdError;
use crate::scenario::{Date, Estimate};

/// A spanned TOML value.
pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// After this many errors, the rest are counted but not described: a hostile file with a
/// million bad references must not cost a million suggestions.
const MAX_DIAGNOSTICS: usize = 200;

/// How many candidate ids all suggestions of one file may compare a typo with. Enough for every
/// suggestion of any real file; a hostile one (200 unknown ids among 100,000 options) gets
/// suggestions for its first unknown ids only, instead of costing seconds.
const SUGGESTION_BUDGET: usize = 200_000;

/// Collects diagnostics. Errors and other findings are capped separately, so that findings
/// reported only by `--strict` (a file with hundreds of uncited issues, say) never crowd out an
/// error, and never make a valid file look invalid.
pub(crate) struct Sink {
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Errors not kept because of the cap.
    pub(crate) dropped_errors: usize,
    /// Other findings not kept, and the most severe of them.
    pub(crate) dropped_others: usize,
    pub(crate) dropped_severity: Option<Severity>,
    /// Errors found (kept or not): the file is valid when this is 0.
    pub(crate) errors: usize,
    /// Findings kept that are not errors.
    others: usize,
    /// Candidate comparisons left for suggestions (see [`SUGGESTION_BUDGET`]).
    suggestion_budget: usize,
}

impl Default for Sink {
    fn default() -> Self {
        Sink {
            diagnostics: Vec::new(),
            dropped_errors: 0,
            dropped_others: 0,
            dropped_severity: None,
            errors: 0,
            others: 0,
            suggestion_budget: SUGGESTION_BUDGET,
        }
    }
}

impl Sink {
    /// Whether no more errors are described.
    pub(crate) fn is_full(&self) -> bool {
        self.errors >= MAX_DIAGNOSTICS
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        if d.severity == Severity::Error {
            self.errors += 1;
            if self.errors > MAX_DIAGNOSTICS {
                self.dropped_errors += 1;
                return;
            }
        } else {
            if self.others >= MAX_DIAGNOSTICS {
                self.dropped_others += 1;
                // Error < Warning < Strict: the smallest is the most severe.
                self.dropped_severity = Some(
                    self.dropped_severity
                        .map_or(d.severity, |s| s.min(d.severity)),
                );
                return;
            }
            self.others += 1;
        }
        self.diagnostics.push(d);
    }

    pub(crate) fn error(
        &mut self,
        code: &'static str,
        span: Range<usize>,
        path: &str,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.push(Diagnostic {
            severity: Severity::Error,
            code,
            path: path.to_owned(),
            message: message.into(),
            help,
            span,
        });
    }

    pub(crate) fn warn(
        &mut self,
        severity: Severity,
        code: &'static str,
        span: Range<usize>,
        path: &str,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        self.push(Diagnostic {
            severity,
            code,
            path: path.to_owned(),
            message: message.into(),
            help,
            span,
        });
    }

    /// Reports a wrong type.
    pub(crate) fn expected(&mut self, v: &Value<'_>, path: &str, what: &str) {
        self.error(
            "wrong-type",
            v.span(),
            path,
            format!("expected {what}, found {}", describe(v.get_ref())),
            None,
        );
    }

    /// Reports a reference to an id that does not exist, suggesting the closest one.
    pub(crate) fn unknown_ref<'c>(
        &mut self,
        span: Range<usize>,
        path: &str,
        kind: &str,
        id: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) {
        let message = format!("unknown {kind} `{id}`");
        self.unknown(span, path, message, kind, id, candidates);
    }

    /// Reports a reference to an option that its issue does not have, suggesting the closest.
    pub(crate) fn unknown_option<'c>(
        &mut self,
        span: Range<usize>,
        path: &str,
        issue: &str,
        id: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) {
        let message = format!("unknown option `{id}` of issue `{issue}`");
        self.unknown(span, path, message, "option", id, candidates);
    }

    /// Reports an unknown id with `message`, and as help the closest candidate, or the known
    /// ids when they are few, or that none of this `kind` is defined.
    fn unknown<'c>(
        &mut self,
        span: Range<usize>,
        path: &str,
        message: String,
        kind: &str,
        id: &str,
        candidates: impl IntoIterator<Item = &'c str>,
    ) {
        let help = if self.is_full() {
            None
        } else {
            let list: Vec<&str> = candidates.into_iter().collect();
            let suggestion = if list.len() <= self.suggestion_budget {
                self.suggestion_budget -= list.len();
                closest(id, list.iter().copied())
            } else {
                None
            };
            match suggestion {
                Some(c) => Some(format!("did you mean `{c}`?")),
                None if list.is_empty() => Some(format!("no {kind} is defined")),
                None if list.len() <= 8 => Some(format!("known: {}", list.join(", "))),
                None => None,
            }
        };
        self.error("unknown-id", span, path, message, help);
    }

    pub(crate) fn bad_id(&mut self, span: Range<usize>, path: &str, kind: &str, e: IdError) {
        self.error(
            "invalid-id",
            span,
            path,
            format!("invalid {kind} id: {e}"),
            Some("ids use letters, digits, `_`, `.` and `-`, at most 64 characters".into()),
        );
    }
}

/// Words for the type of a value, for "expected X, found Y".
pub(crate) fn describe(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Joins a key path.
pub(crate) fn join(path: &str, key: &str) -> String {
    let needs_quotes = key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let key: Cow<'_, str> = if needs_quotes {
        Cow::Owned(format!("{key:?}"))
    } else {
        Cow::Borrowed(key)
    };
    if path.is_empty() {
        key.into_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A table being read: tracks which keys were used so that the rest can be reported.
pub(crate) struct Table<'a, 'i> {
    pub(crate) path: String,
    pub(crate) span: Range<usize>,
    entries: &'a DeTable<'i>,
    used: Vec<bool>,
}

impl<'a, 'i> Table<'a, 'i> {
    pub(crate) fn new(path: String, span: Range<usize>, entries: &'a DeTable<'i>) -> Self {
        Table {
            path,
            span,
            used: vec![false; entries.len()],
            entries,
        }
    }

    /// Reads `v` as a table, or reports what it is instead.
    pub(crate) fn from_value(sink: &mut Sink, v: &'a Value<'i>, path: String) -> Option<Self> {
        match v.get_ref() {
            DeValue::Table(t) => Some(Table::new(path, v.span(), t)),
            _ => {
                sink.expected(v, &path, "a table");
                None
            }
        }
    }

    /// The value under `key`, marked as used.
    pub(crate) fn get(&mut self, key: &str) -> Option<&'a Value<'i>> {
        let (i, (_, v)) = self
            .entries
            .iter()
            .enumerate()
            .find(|(_, (k, _))| k.get_ref() == key)?;
        self.used[i] = true;
        Some(v)
    }

    /// The value under `key`, or an error naming the missing key.
    pub(crate) fn require(
        &mut self,
        sink: &mut Sink,
        key: &str,
        what: &str,
    ) -> Option<&'a Value<'i>> {
        let v = self.get(key);
        if v.is_none() {
            sink.error(
                "missing-key",
                self.header_span(),
                &self.path,
                format!("missing required key `{key}`"),
                Some(format!("add `{key} = {what}`")),
            );
        }
        v
    }

    /// Every entry, in file order, marked as used: for tables keyed by ids.
    pub(crate) fn entries(
        &mut self,
    ) -> impl Iterator<Item = (&'a Spanned<Cow<'i, str>>, &'a Value<'i>)> + use<'a, 'i> {
        self.used.iter_mut().for_each(|u| *u = true);
        self.entries.iter()
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The keys, in file order (not marked as used).
    pub(crate) fn keys(&self) -> impl Iterator<Item = &'a str> + use<'a, 'i> {
        self.entries.iter().map(|(k, _)| k.get_ref().as_ref())
    }

    /// A short span at the start of the table, for "missing key" errors.
    fn header_span(&self) -> Range<usize> {
        self.span.start..self.span.start.max(self.span.end.min(self.span.start + 1))
    }

    /// Reports every key that was not used, with the closest known key.
    pub(crate) fn finish(self, sink: &mut Sink, known: &[&str]) {
        for ((key, _), used) in self.entries.iter().zip(&self.used) {
            if *used {
                continue;
            }
            let help = match closest(key.get_ref(), known.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("known keys here: {}", known.join(", ")),
            };
            sink.error(
                "unknown-key",
                key.span(),
                &join(&self.path, key.get_ref()),
                format!("unknown key `{}`", key.get_ref()),
                Some(help),
            );
        }
    }
}

pub(crate) fn string(sink: &mut Sink, v: &Value<'_>, path: &str) -> Option<String> {
    match v.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        _ => {
            sink.expected(v, path, "a string");
            None
        }
    }
}

pub(crate) fn boolean(sink: &mut Sink, v: &Value<'_>, path: &str) -> Option<bool> {
    match v.get_ref() {
        DeValue::Boolean(b) => Some(*b),
        _ => {
            sink.expected(v, path, "true or false");
            None
        }
    }
}

/// A number as written: integer or float. `None` if it is not a number.
pub(crate) fn as_number(v: &DeValue<'_>) -> Option<Result<f64, &'static str>> {
    match v {
        DeValue::Integer(i) => Some(
            i64::from_str_radix(i.as_str(), i.radix())
                .map(|n| n as f64)
                .map_err(|_| "the integer is too large: integers have at most 64 bits"),
        ),
        DeValue::Float(f) => Some(match f.as_str().parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(x),
            _ => Err("the number must be finite (not nan or inf)"),
        }),
        _ => None,
    }
}

pub(crate) fn number(sink: &mut Sink, v: &Value<'_>, path: &str) -> Option<f64> {
    match as_number(v.get_ref()) {
        Some(Ok(x)) => Some(x),
        Some(Err(why)) => {
            sink.error("bad-number", v.span(), path, why, None);
            None
        }
        None => {
            sink.expected(v, path, "a number");
            None
        }
    }
}

/// A number or an interval `[lo, hi]`, checked against `[min, max]` (either end open with
/// `min_open`).
pub(crate) fn estimate(
    sink: &mut Sink,
    v: &Value<'_>,
    path: &str,
    bounds: Bounds,
) -> Option<Estimate> {
    let e = match v.get_ref() {
        DeValue::Array(items) => {
            let items: Vec<_> = items.iter().collect();
            if items.len() != 2 {
                sink.error(
                    "bad-interval",
                    v.span(),
                    path,
                    format!("an interval has 2 numbers, found {}", items.len()),
                    Some("write `[lo, hi]` with lo <= hi".into()),
                );
                return None;
            }
            let lo = number(sink, items[0], path)?;
            let hi = number(sink, items[1], path)?;
            match Estimate::interval(lo, hi) {
                Some(e) => e,
                None => {
                    sink.error(
                        "bad-interval",
                        v.span(),
                        path,
                        format!("interval [{lo}, {hi}] has lo > hi"),
                        Some(format!("write `[{hi}, {lo}]`")),
                    );
                    return None;
                }
            }
        }
        _ if as_number(v.get_ref()).is_some() => Estimate::exact(number(sink, v, path)?),
        _ => {
            sink.expected(v, path, "a number or an interval [lo, hi]");
            return None;
        }
    };
    if !bounds.contains(e.lo()) || !bounds.contains(e.hi()) {
        sink.error(
            "out-of-range",
            v.span(),
            path,
            format!("{e} is outside {}", bounds.describe()),
            Some(format!("use a value in {}", bounds.describe())),
        );
        return None;
    }
    Some(e)
}

/// Allowed range of a number.
#[derive(Clone, Copy)]
pub(crate) struct Bounds {
    pub(crate) min: f64,
    pub(crate) min_open: bool,
    pub(crate) max: f64,
}

impl Bounds {
    pub(crate) const UNIT: Bounds = Bounds {
        min: 0.0,
        min_open: false,
        max: 1.0,
    };
    pub(crate) const NON_NEGATIVE: Bounds = Bounds {
        min: 0.0,
        min_open: false,
        max: f64::INFINITY,
    };
    pub(crate) const DISCOUNT: Bounds = Bounds {
        min: 0.0,
        min_open: true,
        max: 1.0,
    };

    pub(crate) fn contains(self, x: f64) -> bool {
        (if self.min_open {
            x > self.min
        } else {
            x >= self.min
        }) && x <= self.max
    }

    fn describe(self) -> String {
        let open = if self.min_open { "(" } else { "[" };
        if self.max.is_infinite() {
            format!("{open}{}, ∞)", self.min)
        } else {
            format!("{open}{}, {}]", self.min, self.max)
        }
    }
}

pub(crate) fn date(sink: &mut Sink, v: &Value<'_>, path: &str) -> Option<Date> {
    let bad = |sink: &mut Sink| {
        sink.error(
            "bad-date",
            v.span(),
            path,
            format!("expected a date, found {}", describe(v.get_ref())),
            Some("write a bare TOML date such as `2025-11-19` (no quotes, no time)".into()),
        )
    };
    match v.get_ref() {
        DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            let d = dt.date?;
            Some(Date {
                year: d.year,
                month: d.month,
                day: d.day,
            })
        }
        _ => {
            bad(sink);
            None
        }
    }
}

/// An array's items, or an error.
pub(crate) fn array<'a, 'i>(
    sink: &mut Sink,
    v: &'a Value<'i>,
    path: &str,
    what: &str,
) -> Option<Vec<&'a Value<'i>>> {
    match v.get_ref() {
        DeValue::Array(items) => Some(items.iter().collect()),
        _ => {
            sink.expected(v, path, what);
            None
        }
    }
}

/// An array of strings; bad items are reported and skipped.
pub(crate) fn strings(sink: &mut Sink, v: &Value<'_>, path: &str) -> Vec<(String, Range<usize>)> {
    let Some(items) = array(sink, v, path, "an array of strings") else {
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|item| string(sink, item, path).map(|s| (s, item.span())))
        .collect()
}
