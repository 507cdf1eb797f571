//! The crate's one error type.

use accord_model::UnknownId;

use crate::strategy::SpecError;

/// Why a simulation or a tournament cannot be set up or run.
///
/// Worded in the field's terms (negotiators, drafters, walk-away); a front end adds its own hint
/// (the flag or the configuration key to change) and exit code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SimError {
    /// The outcome space has more than 2^63 outcomes (`None`: past `u128`).
    #[error("{}", too_large(*.0))]
    TooLarge(Option<u128>),
    /// The scenario has fewer than two parties with preferences.
    #[error("a negotiation needs at least two parties with preferences, the scenario has {0}")]
    TooFewParties(usize),
    /// Fewer than two negotiators were named or found.
    #[error("a negotiation needs at least two parties with preferences, found {0}")]
    TooFewNegotiators(usize),
    /// An id that names no party of the scenario (with "did you mean").
    #[error(transparent)]
    UnknownParty(#[from] UnknownId),
    /// A party without preferences cannot negotiate, draft or be consulted.
    #[error("party `{0}` has no preferences (no weights), so it cannot negotiate")]
    NoPreferences(String),
    /// A ratifier was named as a negotiator: it has no strategy, it votes after its party.
    #[error(
        "party `{party}` ratifies for `{principal}`: it votes on what `{principal}` accepts, after it, and cannot negotiate itself"
    )]
    RatifierNegotiates {
        /// The ratifier's id.
        party: String,
        /// The id of the party it ratifies for.
        principal: String,
    },
    /// A strategy was given for a party that does not negotiate in this simulation (an
    /// observer, a ratifier, a party outside the negotiators named, or a non-signatory where
    /// only signatories negotiate by default).
    #[error("party `{party}` is given a strategy but does not negotiate: {why}")]
    StrategyForNonNegotiator {
        /// The party's id.
        party: String,
        /// Why it does not negotiate.
        why: String,
    },
    /// A negotiator is named twice.
    #[error("party `{0}` is named twice among the negotiators")]
    NegotiatorTwice(String),
    /// A strategy spec that cannot be read.
    #[error("strategy `{spec}`: {source}")]
    Strategy {
        /// The party it was given for (`None`: every party not given one, or a line-up).
        party: Option<String>,
        /// The spec as given.
        spec: String,
        /// Why it cannot be read.
        source: SpecError,
    },
    /// A line-up without strategies.
    #[error("an empty line-up")]
    EmptyLineup,
    /// An unknown protocol name.
    #[error("{}", unknown_protocol(.0))]
    UnknownProtocol(String),
    /// An unknown drafting protocol.
    #[error("unknown drafting protocol `{0}`; drafters draft by `sao` or `single-text`")]
    UnknownDraftProtocol(String),
    /// A time limit that is not a positive number of seconds.
    #[error("a time limit is a positive number of seconds, not {0}")]
    BadTimeLimit(f64),
    /// A time limit for a protocol that runs by rounds only.
    #[error("protocol `{0}` runs by rounds only; a time limit applies to `sao`")]
    TimeLimitUnsupported(&'static str),
    /// Rounds outside `1..=MAX_ROUNDS`.
    #[error("the deadline is 1 to {max} rounds, not {0}", max = crate::setup::MAX_ROUNDS)]
    BadRounds(usize),
    /// Consultation or revision rounds past [`crate::setup::MAX_EXTRA_ROUNDS`].
    #[error(
        "consultation and revision rounds are at most {max}, not {0}",
        max = crate::setup::MAX_EXTRA_ROUNDS
    )]
    TooManyExtraRounds(usize),
    /// Pressure outside `[0, 1]` (a utility per vote).
    #[error("pressure is a utility in [0, 1] per vote, not {0}")]
    BadPressure(f64),
    /// Drafters or a consulted party given to a protocol without drafting.
    #[error("drafters and a consulted party apply to drafted-then-ratified only")]
    DraftingWithoutDrafted,
    /// Drafted-then-ratified without drafters, and no plan names any with preferences.
    #[error(
        "drafted-then-ratified needs drafters (no plan of the scenario names drafters with preferences)"
    )]
    NoDrafters,
    /// A drafter who does not negotiate.
    #[error("drafter `{0}` is not among the negotiators")]
    DrafterNotNegotiator(String),
    /// Every negotiator drafts: nobody ratifies.
    #[error("every negotiator drafts, so nobody is left to ratify; name fewer drafters")]
    EveryoneDrafts,
    /// The consulted party drafts.
    #[error("`{0}` is consulted but drafts: a drafter cannot be consulted")]
    ConsultedDrafts(String),
    /// The consulted party does not negotiate.
    #[error("`{0}` is consulted but is not among the negotiators")]
    ConsultedNotNegotiator(String),
    /// A tournament configuration that cannot be read (its TOML or its fields).
    #[error("{0}")]
    Config(String),
    /// A tournament without scenarios or without line-ups.
    #[error("a tournament needs at least one scenario and one line-up")]
    EmptyTournament,
    /// Repetitions of 0.
    #[error("rounds and repetitions must be at least 1")]
    NoRepetitions,
    /// A per-scenario table names a scenario the configuration does not list.
    #[error("`{0}` is not one of the scenarios listed (keys name a scenario exactly as listed)")]
    UnlistedScenario(String),
    /// A setting for one scenario of a tournament is wrong.
    #[error("{scenario}: {source}")]
    InScenario {
        /// The scenario as listed.
        scenario: String,
        /// What is wrong.
        source: Box<SimError>,
    },
    /// Text that is not a tournament results file.
    #[error("not a results file ({0})")]
    NotResults(String),
    /// Results of another tournament configuration.
    #[error("results of another tournament configuration")]
    OtherTournament,
    /// Results written by a version of accord whose job seeds were by job number.
    #[error(
        "holds results of an earlier version of accord (job seeds were by job number then), \
         which cannot be resumed or grown: run into a new file"
    )]
    EarlierResults,
    /// Results of a configuration with other settings (the keys that differ).
    #[error(
        "holds results of another tournament configuration: {} differ{} (a results file grows \
         only by more line-ups, strategies or repetitions)",
        .0.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "),
        if .0.len() == 1 { "s" } else { "" }
    )]
    OtherSettings(Vec<String>),
    /// A result of a repetition past the configuration's.
    #[error(
        "holds repetition {repetition} (counted from 0), past this configuration's \
         {repetitions} repetitions (was `repetitions` lowered?)"
    )]
    PastRepetitions {
        /// The repetition of the line.
        repetition: usize,
        /// The configuration's repetitions.
        repetitions: usize,
    },
    /// A result of a line-up the configuration no longer lists.
    #[error(
        "holds negotiations of a line-up this configuration does not list ({scenario}: \
         {seats}, rotation {rotation}){}; was a line-up or a strategy removed?",
        if missing.is_empty() { String::new() } else {
            format!(": {} in no line-up", missing.iter().map(|m| format!("`{m}` is")).collect::<Vec<_>>().join(", "))
        }
    )]
    LineupGone {
        /// The scenario as listed.
        scenario: String,
        /// The seats, `party=strategy, ...`.
        seats: String,
        /// The rotation.
        rotation: usize,
        /// Its strategies that no line-up lists.
        missing: Vec<String>,
    },
    /// A result that this configuration numbers into another shard.
    #[error(
        "line {line} is job {job} of this configuration, which is shard {}/{}'s, not {}/{}'s: a \
         shard file grows only while its jobs stay in its shard (more repetitions keep them; \
         more line-ups renumber them). Merge the shard files (`accord tournament merge`) and \
         grow the merged file, or run the shards of this configuration into new files",
        job % shard.1, shard.1, shard.0, shard.1
    )]
    OtherShard {
        /// The line (from 1).
        line: usize,
        /// Its job in this configuration.
        job: usize,
        /// The shard being run, `(i, n)`.
        shard: (usize, usize),
    },
    /// A line-up listed twice (a job's seed is of its strategies, so it would run twice).
    #[error(
        "line-up {again} ({strategies}) repeats line-up {first} (counted from 0); raise \
         `repetitions` to run a line-up more often"
    )]
    RepeatedLineup {
        /// The first listing.
        first: usize,
        /// The repeat.
        again: usize,
        /// Its strategies.
        strategies: String,
    },
    /// A negotiation of a tournament that could not be set up (its draw of preferences).
    #[error("negotiation {job} ({scenario}): {source}")]
    InNegotiation {
        /// The job number.
        job: usize,
        /// The scenario as listed.
        scenario: String,
        /// What is wrong.
        source: Box<SimError>,
    },
    /// One job with two different results.
    #[error(
        "job {0} has two different results; were the shards run with different configurations?"
    )]
    ConflictingResults(usize),
    /// A line of a results file that is not a result (said as is).
    #[error("{0}")]
    BadLine(String),
    /// An error in one results file.
    #[error("{file}: {source}")]
    InResults {
        /// The file (as the front end names it).
        file: String,
        /// What is wrong.
        source: Box<SimError>,
    },
    /// Reading or writing results failed.
    #[error("{0}")]
    Io(String),
}

fn unknown_protocol(name: &str) -> String {
    format!(
        "unknown protocol `{name}`; the protocols are {}",
        crate::protocol::names().join(", ")
    )
}

fn too_large(n: Option<u128>) -> String {
    match n {
        Some(n) => format!("the outcome space has {n} outcomes; simulation numbers at most 2^63"),
        None => {
            "the outcome space is astronomically large; simulation numbers at most 2^63 outcomes"
                .to_string()
        }
    }
}

impl SimError {
    /// This error, said of the results file `file`.
    pub fn in_results(self, file: &str) -> SimError {
        SimError::InResults {
            file: file.to_string(),
            source: Box::new(self),
        }
    }

    /// This error, said of the scenario listed as `scenario` in a tournament.
    pub fn in_scenario(self, scenario: &str) -> SimError {
        SimError::InScenario {
            scenario: scenario.to_string(),
            source: Box::new(self),
        }
    }
}
