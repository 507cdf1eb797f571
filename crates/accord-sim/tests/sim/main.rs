//! accord-sim's integration tests, in one binary.

mod clock;
mod common;
mod consent;
mod custom;
mod drift;
mod generate;
mod growth;
mod mediated;
mod metrics;
mod micro;
mod sampling;
mod sao;
mod setup;
mod stats;
mod strategies;
