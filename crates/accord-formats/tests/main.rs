//! The integration tests of accord-formats, in one binary: each module was a test file.

mod cases;
mod corpus;
mod fuzz_seeds;
mod hostile;
mod load;
mod round_trip;
