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
//! let config = accord_uncertainty::Config { seed: 7, max_samples: 100_000, precision: 0.002 };
//! let r = accord_uncertainty::run(&scenario, &[plan], &config, &|_, _| {});
//! // East's utility is 0.48333…, its walk-away uniform on [0.3, 0.5]: it accepts with
//! // probability (0.48333 - 0.3) / 0.2 = 0.91666…
//! let east = &r.plans[0].parties[1];
//! assert!((east.accept.estimate - 0.916_666).abs() < 4.0 * east.accept.standard_error);
//! ```

pub mod compiled;
pub mod inputs;
pub mod montecarlo;
pub mod report;
pub mod robust;

pub use montecarlo::{Config, run};
pub use report::*;
