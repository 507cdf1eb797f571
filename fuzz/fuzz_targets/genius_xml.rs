//! The Genius XML reader through `accord_formats::import_genius`: the input is one or more
//! files separated by the line `--8<--` (as `fuzz/seeds.sh` writes them), read as if listed
//! from a folder. The import must return a scenario or an error, never panic.
#![no_main]

use accord_formats::{ImportOptions, InputFile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = split(data, "xml");
    let _ = accord_formats::import_genius(&files, &ImportOptions::default());
});

/// The files of one input: split at `\n--8<--\n`, named `f0.xml`, `f1.xml`, …
fn split(data: &[u8], ext: &str) -> Vec<InputFile> {
    const SEP: &[u8] = b"\n--8<--\n";
    let mut files = Vec::new();
    let mut rest = data;
    loop {
        let (part, next) = match rest.windows(SEP.len()).position(|w| w == SEP) {
            Some(i) => (&rest[..i], Some(&rest[i + SEP.len()..])),
            None => (rest, None),
        };
        files.push(InputFile {
            name: format!("f{}.{ext}", files.len()),
            bytes: part.to_vec(),
            from_folder: true,
        });
        match next {
            Some(n) if files.len() < 16 => rest = n,
            _ => break,
        }
    }
    files
}
