//! `accord export genius|geniusweb SCENARIO -o DIR`: a scenario as a foreign domain and one
//! profile per party.

use std::path::Path;

use crate::Status;
use crate::import::{Format, print_warnings};
use crate::input;

/// Runs the command.
pub fn run(format: Format, file: &Path, dir: &Path) -> Status {
    let (_, scenario) = match input::load_valid(file, false, &[]) {
        Ok(x) => x,
        Err(status) => return status,
    };
    let exported = match format {
        Format::Genius => accord_formats::export_genius(&scenario),
        Format::Geniusweb => accord_formats::export_geniusweb(&scenario),
    };
    let exported = match exported {
        Ok(e) => e,
        Err(e) => {
            let e = if e.file.is_empty() {
                accord_formats::FormatError {
                    file: file.display().to_string(),
                    ..e
                }
            } else {
                e
            };
            eprintln!("error: {e}");
            return Status::InvalidInput;
        }
    };
    print_warnings(&exported.warnings);
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: {}: cannot create the folder: {e}", dir.display());
        return Status::InvalidInput;
    }
    for (name, text) in &exported.files {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: {}: cannot write: {e}", path.display());
            return Status::InvalidInput;
        }
        eprintln!("wrote {}", path.display());
    }
    Status::Ok
}
