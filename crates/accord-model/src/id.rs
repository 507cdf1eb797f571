//! Identifiers: string ids as they appear in a file, and dense indices into a [`Scenario`].
//!
//! String ids are newtypes so that a party id can never be passed where an issue id is expected.
//! Indices (`IssueIx`, `PartyIx`, ...) are what the engine works with: they are only handed out by
//! a validated [`Scenario`] and are always in range for it.
//!
//! [`Scenario`]: crate::Scenario

use std::fmt;

/// The longest id the format allows, in bytes.
pub const MAX_ID_LEN: usize = 64;

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// The string is empty.
    Empty,
    /// The string is longer than [`MAX_ID_LEN`].
    TooLong(usize),
    /// The string holds a character outside the allowed set.
    BadChar(char),
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => write!(f, "an id cannot be empty"),
            IdError::TooLong(len) => {
                write!(
                    f,
                    "an id has at most {MAX_ID_LEN} characters, this one has {len}"
                )
            }
            IdError::BadChar(c) => write!(f, "an id may not contain {c:?}"),
        }
    }
}

/// Checks the general id rule: `[A-Za-z0-9_.-]+`, at most 64 characters.
pub fn check_id(s: &str) -> Result<(), IdError> {
    check_chars(s, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
    })
}

/// Checks the stricter scenario id rule: `[a-z0-9_-]+`, at most 64 characters.
pub fn check_scenario_id(s: &str) -> Result<(), IdError> {
    check_chars(s, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-')
    })
}

fn check_chars(s: &str, allowed: impl Fn(char) -> bool) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    let len = s.chars().count();
    if len > MAX_ID_LEN {
        return Err(IdError::TooLong(len));
    }
    match s.chars().find(|&c| !allowed(c)) {
        Some(c) => Err(IdError::BadChar(c)),
        None => Ok(()),
    }
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $check:path) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Validates `s` against the id rule of the format.
            pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                $check(&s)?;
                Ok(Self(s))
            }

            /// The id as written in the file.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

string_id!(
    /// The id of a scenario (`[a-z0-9_-]+`).
    ScenarioId,
    check_scenario_id
);
string_id!(
    /// The id of a source, the key under `[sources]`.
    SourceId,
    check_id
);
string_id!(
    /// The id of an area, the key under `[areas]`.
    AreaId,
    check_id
);
string_id!(
    /// The id of an issue, the key under `[issues]`.
    IssueId,
    check_id
);
string_id!(
    /// The id of a discrete option, unique within its issue.
    OptionId,
    check_id
);
string_id!(
    /// The id of a party, the key under `[parties]`.
    PartyId,
    check_id
);
string_id!(
    /// The id of a plan, the key under `[plans]`.
    PlanId,
    check_id
);

macro_rules! index {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        pub struct $name(u32);

        impl $name {
            /// The index at position `i`. An index out of range for the scenario it is used
            /// with panics when used; take indices from a [`Scenario`](crate::Scenario) where
            /// you can.
            ///
            /// # Panics
            /// When `i` exceeds `u32::MAX` (the format's limits keep every table far below).
            pub fn from_usize(i: usize) -> Self {
                Self(u32::try_from(i).expect("index fits in u32"))
            }

            /// The position in file order, starting at 0.
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index!(
    /// The position of a source in a [`Scenario`](crate::Scenario).
    SourceIx
);
index!(
    /// The position of an area in a [`Scenario`](crate::Scenario).
    AreaIx
);
index!(
    /// The position of an issue in a [`Scenario`](crate::Scenario).
    IssueIx
);
index!(
    /// The position of a party in a [`Scenario`](crate::Scenario).
    PartyIx
);
index!(
    /// The position of a plan in a [`Scenario`](crate::Scenario).
    PlanIx
);
index!(
    /// The position of an option within its issue: listed order, or ascending value on a grid.
    OptionIx
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_rules() {
        assert!(check_id("troop_cap").is_ok());
        assert!(check_id("600k").is_ok());
        assert!(check_id("a.b-c_D").is_ok());
        assert_eq!(check_id(""), Err(IdError::Empty));
        assert_eq!(check_id("a b"), Err(IdError::BadChar(' ')));
        assert_eq!(check_id(&"x".repeat(65)), Err(IdError::TooLong(65)));
        assert!(check_id(&"x".repeat(64)).is_ok());
        assert_eq!(check_scenario_id("Toy"), Err(IdError::BadChar('T')));
        assert_eq!(check_scenario_id("toy.b"), Err(IdError::BadChar('.')));
        assert!(check_scenario_id("toy-border_2").is_ok());
    }
}
