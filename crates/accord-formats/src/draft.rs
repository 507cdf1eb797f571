//! The importers' intermediate form: a scenario as the readers build it, before it is written
//! as `accord/1` TOML ([`crate::emit`]) and validated by `accord_model::parse`.
//!
//! It holds only what the foreign formats can say. Ids here are already valid and unique.

/// A scenario under construction.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// The scenario id (`[a-z0-9_-]+`).
    pub id: String,
    /// The title (the domain's name).
    pub title: String,
    /// The note: source files and the differences between the models.
    pub note: String,
    /// The source files, as sources: `(id, title (the file name), note)`.
    pub sources: Vec<(String, String, String)>,
    /// The source id of the domain file.
    pub domain_source: String,
    /// The issues, in source order.
    pub issues: Vec<DraftIssue>,
    /// The parties, one per profile, in the order given.
    pub parties: Vec<DraftParty>,
}

/// An issue under construction.
#[derive(Debug, Clone)]
pub struct DraftIssue {
    /// The issue id (a slug of the name).
    pub id: String,
    /// The original name.
    pub title: String,
    /// Its options.
    pub kind: DraftKind,
}

/// The options of an issue.
#[derive(Debug, Clone)]
pub enum DraftKind {
    /// Listed options: `(id, label)` in source order.
    Discrete(Vec<(String, String)>),
    /// A numeric grid.
    Numeric {
        /// The first point.
        min: f64,
        /// The last point.
        max: f64,
        /// The distance between points.
        step: f64,
    },
}

impl DraftKind {
    /// The number of options.
    pub fn len(&self) -> usize {
        match self {
            DraftKind::Discrete(o) => o.len(),
            DraftKind::Numeric { min, max, step } => ((max - min) / step).round() as usize + 1,
        }
    }

    /// The value of grid point `k` of a numeric issue, computed as `accord_model`'s `Grid::value`
    /// does (`min + k·step` cleaned of last-bit noise; the last point is `max`), so that an
    /// interaction's `{ min, max }` can name one point exactly. `None` for a discrete issue.
    pub fn point(&self, k: usize) -> Option<f64> {
        let DraftKind::Numeric { min, max, step } = self else {
            return None;
        };
        if k + 1 == self.len() {
            return Some(*max);
        }
        let raw = min + k as f64 * step;
        Some(format!("{raw:.12e}").parse().unwrap_or(raw))
    }

    /// Never empty: a grid has at least two points and a list at least two options.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// How a party scores one issue.
#[derive(Debug, Clone)]
pub enum DraftScore {
    /// One score in [0, 1] per option, in option order.
    Table(Vec<f64>),
    /// A piecewise-linear curve through `(value, score)` points, values increasing.
    Curve(Vec<(f64, f64)>),
}

/// A condition of an interaction.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftCondition {
    /// The value of a numeric issue lies in `[min, max]`.
    Range(f64, f64),
    /// One of these options (by position) holds.
    AnyOf(Vec<usize>),
}

/// A party under construction.
#[derive(Debug, Clone)]
pub struct DraftParty {
    /// The party id.
    pub id: String,
    /// The name for people.
    pub name: String,
    /// The source id of the profile file.
    pub source: String,
    /// The utility of no agreement, in [0, 1].
    pub walk_away: f64,
    /// The discount factor, in (0, 1), when there is one.
    pub discount: Option<f64>,
    /// Weights by issue position, in issue order, as read.
    pub weights: Vec<(usize, f64)>,
    /// Score functions by issue position (only for issues with a positive weight).
    pub scores: Vec<(usize, DraftScore)>,
    /// Interactions: conditions by issue position, and the bonus.
    pub interactions: Vec<(Vec<(usize, DraftCondition)>, f64)>,
    /// When the file's utilities (or reservation value) left [0, 1]: the `(low, high)` of the
    /// exact positive affine map applied, `u_accord = (u_file − low) / (high − low)`, where
    /// `u_file` is the format's own utility (before any clamping). `None` when none was needed.
    pub rescaled: Option<(f64, f64)>,
    /// When the profile holds an early Genius price evaluator: how it was mapped, for the
    /// note (see `genius::price`).
    pub priced: Option<String>,
}
