//! The integration tests of accord-uncertainty, in one binary: each module was a test file.

mod analyze;
mod consent;
mod robust;
mod robustness;
