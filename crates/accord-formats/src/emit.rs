//! The `accord/1` TOML writer for imported scenarios: pretty, stable (everything in source
//! order), and a pure function of the [`Draft`], so that the same input always gives the same
//! bytes.

use std::fmt::Write as _;

use crate::draft::{Draft, DraftCondition, DraftKind, DraftScore};

/// The id of the single area imported issues belong to.
pub const AREA_ID: &str = "domain";

/// Writes a draft as `accord/1` TOML text.
pub fn emit(d: &Draft) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "format = \"accord/1\"\n");
    let _ = writeln!(w, "[scenario]");
    let _ = writeln!(w, "id = {}", string(&d.id));
    let _ = writeln!(w, "title = {}", string(&d.title));
    let _ = writeln!(w, "sources = [{}]", string(&d.domain_source));
    let _ = writeln!(w, "note = {}", multiline(&d.note));
    for (id, title, note) in &d.sources {
        let _ = writeln!(w, "\n[sources.{}]", key(id));
        let _ = writeln!(w, "title = {}", string(title));
        let _ = writeln!(w, "note = {}", string(note));
    }
    let _ = writeln!(w, "\n[areas.{AREA_ID}]");
    let _ = writeln!(w, "title = {}", string(&d.title));
    for issue in &d.issues {
        let _ = writeln!(w, "\n[issues.{}]", key(&issue.id));
        let _ = writeln!(w, "area = \"{AREA_ID}\"");
        let _ = writeln!(w, "title = {}", string(&issue.title));
        let _ = writeln!(w, "sources = [{}]", string(&d.domain_source));
        match &issue.kind {
            DraftKind::Discrete(options) => {
                let _ = writeln!(w, "options = [");
                for (id, label) in options {
                    let _ = writeln!(w, "  {{ id = {}, label = {} }},", string(id), string(label));
                }
                let _ = writeln!(w, "]");
            }
            DraftKind::Numeric { min, max, step } => {
                let _ = writeln!(
                    w,
                    "range = {{ min = {}, max = {}, step = {} }}",
                    num(*min),
                    num(*max),
                    num(*step)
                );
            }
        }
    }
    for p in &d.parties {
        let _ = writeln!(w, "\n[parties.{}]", key(&p.id));
        let _ = writeln!(w, "name = {}", string(&p.name));
        let _ = writeln!(w, "walk_away = {}", num(p.walk_away));
        if let Some(df) = p.discount {
            let _ = writeln!(w, "discount = {}", num(df));
        }
        let _ = writeln!(w, "sources = [{}]", string(&p.source));
        if !p.weights.is_empty() {
            let _ = writeln!(w, "\n[parties.{}.weights]", key(&p.id));
            for (i, weight) in &p.weights {
                let _ = writeln!(w, "{} = {}", key(&d.issues[*i].id), num(*weight));
            }
        }
        for (i, score) in &p.scores {
            let issue = &d.issues[*i];
            let _ = writeln!(w, "\n[parties.{}.scores.{}]", key(&p.id), key(&issue.id));
            match (score, &issue.kind) {
                (DraftScore::Table(scores), DraftKind::Discrete(options)) => {
                    for ((id, _), s) in options.iter().zip(scores) {
                        let _ = writeln!(w, "{} = {}", key(id), num(*s));
                    }
                }
                (DraftScore::Curve(points), _) => {
                    let pts: Vec<String> = points
                        .iter()
                        .map(|(x, y)| format!("[{}, {}]", num(*x), num(*y)))
                        .collect();
                    let _ = writeln!(w, "curve = [{}]", pts.join(", "));
                }
                (DraftScore::Table(_), DraftKind::Numeric { .. }) => {
                    // Readers never build this; parse would report the missing curve.
                }
            }
        }
        for (when, bonus) in &p.interactions {
            let _ = writeln!(w, "\n[[parties.{}.interactions]]", key(&p.id));
            let conds: Vec<String> = when
                .iter()
                .map(|(i, c)| {
                    let issue = &d.issues[*i];
                    let value = match (c, &issue.kind) {
                        (DraftCondition::Range(lo, hi), _) => {
                            format!("{{ min = {}, max = {} }}", num(*lo), num(*hi))
                        }
                        (DraftCondition::AnyOf(opts), DraftKind::Discrete(options)) => {
                            let ids: Vec<String> =
                                opts.iter().map(|&k| string(&options[k].0)).collect();
                            format!("[{}]", ids.join(", "))
                        }
                        (DraftCondition::AnyOf(opts), DraftKind::Numeric { min, step, .. }) => {
                            let vals: Vec<String> =
                                opts.iter().map(|&k| num(min + k as f64 * step)).collect();
                            format!("[{}]", vals.join(", "))
                        }
                    };
                    format!("{} = {value}", key(&issue.id))
                })
                .collect();
            let _ = writeln!(w, "when = {{ {} }}", conds.join(", "));
            let _ = writeln!(w, "bonus = {}", num(*bonus));
        }
    }
    out
}

/// The most significant digits a number may have to be taken for a short decimal plus
/// floating-point noise.
const SHORT_DIGITS: usize = 12;

/// How far (in units of `f64::EPSILON` relative to the value) noise may take a computed number
/// from the short decimal it stands for.
const NOISE_EPSILONS: f64 = 4.0;

/// A number as TOML, never with an exponent, `-0` written as `0`: the shortest decimal that
/// reads back as the same `f64` (Rust's `Display`), except that a value within
/// `4 · f64::EPSILON` (relative) of a decimal of at most 12 significant digits is written as
/// that decimal. Such a value is the noise of a computed sum, not data: a GeniusWeb reservation
/// bid worth exactly 0.30 sums to `0.30000000000000004` in `f64` and is written `0.3`. Any other
/// value keeps every digit it needs (`7/9` is written `0.7777777777777778`).
pub fn num(x: f64) -> String {
    if x == 0.0 {
        return "0".to_owned();
    }
    if x.is_finite() {
        for digits in 1..=SHORT_DIGITS {
            let Ok(short) = format!("{:.*e}", digits - 1, x).parse::<f64>() else {
                continue;
            };
            if short == x {
                break;
            }
            if (short - x).abs() <= NOISE_EPSILONS * f64::EPSILON * x.abs() {
                return format!("{short}");
            }
        }
    }
    format!("{x}")
}

/// A TOML key: bare when it can be, quoted otherwise.
pub fn key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_owned()
    } else {
        string(k)
    }
}

/// A TOML basic string.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML multi-line basic string (for notes).
fn multiline(s: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push('\n'),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push_str("\"\"\"");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_keys_are_escaped() {
        assert_eq!(key("troop_cap"), "troop_cap");
        assert_eq!(key("a.xml"), "\"a.xml\"");
        assert_eq!(string("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
        assert_eq!(num(-0.0), "0");
        // The noise of a computed sum is dropped (issue 14: was "0.30000000000000004") ...
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(0.1 * 3.0), "0.3");
        assert_eq!(num(-(0.1 + 0.2)), "-0.3");
        assert_eq!(num(1.0 - 0.9), "0.1");
        // ... data keeps every digit it needs to read back the same.
        assert_eq!(num(7.0 / 9.0), "0.7777777777777778");
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(1.0 / 3.0), "0.3333333333333333");
        assert_eq!(num(123456.789), "123456.789");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1e-7), "0.0000001");
    }
}
