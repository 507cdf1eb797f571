//! accord-sim's integration tests, in one binary.

mod common;
mod consent;
mod custom;
mod drift;
mod mediated;
mod metrics;
mod sao;
mod setup;
mod stats;
mod strategies;
