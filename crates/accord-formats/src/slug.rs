//! Ids made from names: `accord/1` ids are `[A-Za-z0-9_.-]+` (at most 64 characters), foreign
//! names are free text. Labels and titles keep the original text; only ids are slugs.
//!
//! Names are first transliterated to ASCII by the `deunicode` crate (`crème brûlée` →
//! `creme brulee`, `京都` → `Jing Du`), so that ids stay readable in every script; the same name
//! always gives the same id.

use std::collections::HashSet;

use accord_model::MAX_ID_LEN;

/// A slug of `name`: transliterated to ASCII (`deunicode`), lower case ASCII letters, digits,
/// `-` and `.` kept, every other run of characters (spaces, punctuation, symbols without a
/// transliteration) replaced by one `_`, ends trimmed, at most 64 characters. `fallback` is used
/// when nothing is left.
pub fn slug(name: &str, fallback: &str) -> String {
    slug_with(name, fallback, |c| {
        c.is_ascii_alphanumeric() || c == '-' || c == '.'
    })
}

/// A slug for a scenario id (`[a-z0-9_-]+`): like [`slug`] but `.` is replaced too.
pub fn scenario_slug(name: &str) -> String {
    slug_with(name, "imported", |c| c.is_ascii_alphanumeric() || c == '-')
}

fn slug_with(name: &str, fallback: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    let mut push = |c: char, keep_it: bool, out: &mut String| {
        if keep_it {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    };
    for c in name.chars() {
        if c.is_ascii() {
            push(c, keep(c), &mut out);
        } else {
            // Only the letters and digits of a transliteration: `—` gives `--`, which is
            // punctuation, not a name.
            for t in deunicode::deunicode_char(c).unwrap_or(" ").chars() {
                push(t, t.is_ascii_alphanumeric(), &mut out);
            }
        }
    }
    let mut out: String = out.chars().take(MAX_ID_LEN).collect();
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        fallback.to_owned()
    } else {
        out
    }
}

/// Hands out unique ids: the slug itself, or the slug with `-2`, `-3`, ... appended (shortened
/// to stay within 64 characters) when it is taken.
#[derive(Debug, Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    /// An empty set of taken ids.
    pub fn new() -> Self {
        Self::default()
    }

    /// A unique id for `base` (already a valid id).
    pub fn claim(&mut self, base: &str) -> String {
        if self.taken.insert(base.to_owned()) {
            return base.to_owned();
        }
        for n in 2usize.. {
            let suffix = format!("-{n}");
            let keep = MAX_ID_LEN.saturating_sub(suffix.len());
            let candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
        }
        unreachable!("some suffix is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use accord_model::{check_id, check_scenario_id};

    #[test]
    fn slugs_are_valid_ids() {
        assert_eq!(slug("AT & T Mobility", "x"), "at_t_mobility");
        assert_eq!(slug("CD player", "x"), "cd_player");
        assert_eq!(slug("c1-i10", "x"), "c1-i10");
        assert_eq!(slug("  ¡¿ ", "option-1"), "option-1");
        assert_eq!(slug("travel_domain.xml", "x"), "travel_domain.xml");
        assert_eq!(scenario_slug("Travel v1.2"), "travel_v1_2");
        assert_eq!(slug("crème brûlée", "x"), "creme_brulee");
        assert_eq!(slug("Ünïcödé nämé", "x"), "unicode_name");
        assert_eq!(slug("Œuvre — naïve", "x"), "oeuvre_naive");
        // Japanese gets a transliteration, not the fallback; the same name, the same id.
        let kyoto = slug("京都", "option-1");
        assert_ne!(kyoto, "option-1");
        assert_eq!(kyoto, slug("京都", "option-2"));
        assert_eq!(kyoto, "jing_du");
        assert!(check_id(&kyoto).is_ok());
        let long = "é".repeat(10) + &"a".repeat(100);
        assert!(check_id(&slug(&long, "x")).is_ok());
        for s in ["Ünïcödé nämé", "a/b\\c", "-", "x.y", "Party Tent"] {
            assert!(check_id(&slug(s, "x")).is_ok(), "{s}");
            assert!(check_scenario_id(&scenario_slug(s)).is_ok(), "{s}");
        }
    }

    #[test]
    fn unique_ids_get_suffixes() {
        let mut u = Unique::new();
        assert_eq!(u.claim("catering"), "catering");
        assert_eq!(u.claim("catering"), "catering-2");
        assert_eq!(u.claim("catering"), "catering-3");
        let long = "a".repeat(64);
        assert_eq!(u.claim(&long), long);
        let second = u.claim(&long);
        assert_eq!(second.len(), 64);
        assert!(second.ends_with("-2"));
    }
}
