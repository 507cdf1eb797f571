//! The `accord` binary's process tests, in one test binary (one link instead of one per file).
//! Snapshots are named by module path: `cli__<module>__<name>.snap`.

mod analyze;
mod cli;
mod common;
mod consent;
mod flagship_truth;
mod format13;
mod formats;
mod output;
mod partial_drafts;
mod people;
mod simulate;
mod small;
mod specials;
mod tournament;
mod trial17;
