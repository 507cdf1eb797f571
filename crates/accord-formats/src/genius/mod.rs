//! Genius XML (ANAC 2010–2019): a domain file and one utility-space (profile) file per party.
//!
//! See `read` for how each construct maps to `accord/1`, and `write` for the way back.

mod price;
pub mod read;
pub mod write;

pub use read::import;
pub use write::export;
