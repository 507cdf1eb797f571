//! The integration tests of accord-model, in one binary: each module was a test file.

mod api;
mod common;
mod consent;
mod flagship;
mod hostile;
mod invalid;
mod properties;
mod scenarios;
mod whatif;
