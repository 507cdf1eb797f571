//! Uncertainty: how likely each party is to accept each plan when its preferences are known
//! only as intervals, and what drives the verdicts.
//!
//! Every interval of a scenario (weights, scores, walk-away values) is drawn uniformly and
//! independently, as `scenario.md` prescribes. See [`montecarlo`] for reproducibility and
//! stopping, [`report`] for what is measured.
//!
//! ```
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/toy-border.toml")).unwrap();
//! let scenario = accord_model::parse(&text).scenario.unwrap();
//! let plan = scenario.find_plan("draft_b").unwrap();
//! let config = accord_uncertainty::Config {
//!     seed: 7,
//!     max_samples: 100_000,
//!     precision: 0.002,
//!     cancel: accord_model::Cancel::never(),
//! };
//! let r = accord_uncertainty::run(&scenario, &[plan], &config, &|_, _| {});
//! // East's utility is 0.48333…, its walk-away uniform on [0.3, 0.5]: it accepts with
//! // probability (0.48333 - 0.3) / 0.2 = 0.91666…
//! let east = &r.plans[0].parties[1];
//! assert!((east.accept.estimate - 0.916_666).abs() < 4.0 * east.accept.standard_error);
//! ```

#![warn(missing_docs)]

pub mod compiled;
pub mod error;
pub mod inputs;
pub mod montecarlo;
pub mod report;
pub mod robust;

pub use error::Error;
pub use montecarlo::{Config, run};
pub use report::*;

use accord_model::{PlanIx, Scenario};
use robust::{RobustConfig, RobustSolutions};

/// The result of [`analyze`]: the Monte Carlo of each plan and, when asked, robust solutions.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// The plans run, in the order asked (every plan in file order when none was named).
    pub plans: Vec<PlanIx>,
    /// The Monte Carlo result, one entry per plan of `plans`.
    pub result: Robustness,
    /// The robust solutions, when a [`RobustConfig`] was given.
    pub robust: Option<RobustSolutions>,
}

impl Analysis {
    /// The wire type of `accord robustness --json`; `scenario` is the one analyzed (it names
    /// the issues, options and plans of the robust solutions).
    pub fn json<'a>(&'a self, scenario: &'a Scenario) -> RobustnessJson<'a> {
        RobustnessJson {
            result: &self.result,
            robust: self
                .robust
                .as_ref()
                .map(|r| RobustSolutionsJson::new(scenario, r)),
        }
    }
}

/// `accord robustness` as one call: resolves the plan ids (every plan when `plan_ids` is
/// empty), runs the Monte Carlo ([`run`], with `progress(done, max)` after every round), then
/// searches robust solutions when `robust` is given ([`robust::search`]).
///
/// Errors: [`Error::UnknownPlan`] and [`Error::NoPlans`] before anything runs;
/// [`Error::TooLarge`] from the robust search; [`Error::Cancelled`] when `config.cancel` was
/// set before the draws ended.
pub fn analyze(
    scenario: &Scenario,
    plan_ids: &[impl AsRef<str>],
    config: &Config,
    robust: Option<&RobustConfig>,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Analysis, Error> {
    let plans = scenario.resolve_plans(plan_ids)?;
    if plans.is_empty() {
        return Err(Error::NoPlans {
            scenario: scenario.id().as_str().to_owned(),
        });
    }
    let result = run(scenario, &plans, config, progress);
    if config.cancel.is_cancelled() {
        return Err(Error::Cancelled);
    }
    let robust = match robust {
        Some(config) => Some(robust::search(scenario, &plans, config)?),
        None => None,
    };
    Ok(Analysis {
        plans,
        result,
        robust,
    })
}
