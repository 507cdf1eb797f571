//! accord-sim's integration tests, in one binary.

mod common;
mod consent;
mod custom;
mod drift;
mod mediated;
mod metrics;
mod micro;
mod sao;
mod setup;
mod strategies;
