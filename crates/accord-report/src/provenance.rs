//! Which of a party's preferences are reported and which are the modeller's inference.
//!
//! The format marks them in the party's `note`, by the convention of the flagship's digests
//! (`shared/facts/ukraine-plan-2025.md`: "[R] reported, [I] our inference"): a paragraph that
//! starts `**Reported:**` lists what the record says, one that starts `**Inferred:**` what was
//! inferred. The inferred paragraph is read for the three kinds of estimate a verdict rests on:
//! weights ("weight"), the walk-away ("walk-away", "walk_away") and the scores of options
//! ("score", "ranking", "order"). A note without an `**Inferred:**` mark marks nothing, and the
//! report then claims nothing either way.

/// What a party's note marks inferred.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inferred {
    /// The note has an `**Inferred:**` paragraph.
    pub marked: bool,
    /// It names the weights.
    pub weights: bool,
    /// It names the walk-away.
    pub walk_away: bool,
    /// It names scores, a ranking or an order of options.
    pub scores: bool,
}

impl Inferred {
    /// Reads a party's note (see the module's documentation for the convention).
    pub fn of(note: Option<&str>) -> Self {
        let Some(note) = note else {
            return Inferred::default();
        };
        let Some(start) = note.find("**Inferred:**") else {
            return Inferred::default();
        };
        let rest = &note[start + "**Inferred:**".len()..];
        let text = rest
            .find("**Reported:**")
            .map_or(rest, |end| &rest[..end])
            .to_lowercase();
        Inferred {
            marked: true,
            weights: text.contains("weight"),
            walk_away: text.contains("walk-away") || text.contains("walk_away"),
            scores: ["score", "ranking", "order"]
                .iter()
                .any(|w| text.contains(w)),
        }
    }

    /// What a verdict on utility rests on, in words ("weights and walk-away"), or `None` when
    /// nothing it rests on is marked inferred. A note with the mark that names none of the
    /// three kinds gives "preferences".
    pub fn utility_words(&self) -> Option<String> {
        if !self.marked {
            return None;
        }
        let kinds: Vec<&str> = [
            (self.weights, "weights"),
            (self.scores, "scores"),
            (self.walk_away, "walk-away"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, w)| *w)
        .collect();
        Some(match kinds.as_slice() {
            [] => "preferences".to_owned(),
            [one] => (*one).to_owned(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_inferred_paragraph_only() {
        let i = Inferred::of(Some(
            "**Reported:** its weights were in the white paper.\n**Inferred:** the walk-away.",
        ));
        assert!(i.marked && i.walk_away && !i.weights && !i.scores);
        assert_eq!(i.utility_words().as_deref(), Some("walk-away"));
        let i = Inferred::of(Some(
            "**Inferred:** all weights; the ranking of options. **Reported:** the walk-away.",
        ));
        assert!(i.weights && i.scores && !i.walk_away);
        assert_eq!(i.utility_words().as_deref(), Some("weights and scores"));
        assert_eq!(Inferred::of(Some("no marks here")), Inferred::default());
        assert_eq!(Inferred::of(None).utility_words(), None);
        let i = Inferred::of(Some("**Inferred:** everything numeric."));
        assert_eq!(i.utility_words().as_deref(), Some("preferences"));
    }
}
