//! accord-sim's integration tests, in one binary.

mod common;
mod consent;
mod custom;
mod drift;
mod generate;
mod mediated;
mod metrics;
mod micro;
mod sampling;
mod sao;
mod setup;
mod strategies;
