//! The engine's integration tests, in one test binary (one link instead of one per file).

mod axioms;
mod brute_force;
mod cancel;
mod common;
mod rules;
mod shared_scenarios;
