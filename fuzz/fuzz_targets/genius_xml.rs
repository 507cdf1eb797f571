//! The Genius XML reader through `accord_formats::import_genius`: the input is one or more
//! files separated by the line `--8<--` (as `fuzz/seeds.sh` writes them), read as if listed
//! from a folder. The import must return a scenario or an error, never panic.
#![no_main]

use accord_formats::{ImportOptions, InputFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = InputFile::split_joined(data, "xml");
    let _ = accord_formats::import_genius(&files, &ImportOptions::default());
});
