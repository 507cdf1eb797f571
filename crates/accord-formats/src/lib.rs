//! Interop with the automated-negotiation research community: Genius XML (ANAC 2010–2019) and
//! GeniusWeb JSON (ANL) domains and profiles, imported as `accord/1` scenarios and exported
//! back.
//!
//! Formats are converted at the edge: importers write `accord/1` TOML text, which is then
//! validated by [`accord_model::parse`] like any file, and exporters read a validated
//! [`Scenario`]. The model crate knows nothing of these formats.
//!
//! ```text
//! files ──genius::read / geniusweb::read──▶ Draft ──emit──▶ accord/1 TOML ──parse──▶ Scenario
//! Scenario ──genius::write / geniusweb::write──▶ files (domain + one profile per party)
//! ```
//!
//! Where the models differ (Genius clamps `min(1, sum)` and uses weights as read; accord
//! normalises weights and does not clamp), the imported scenario's `note` says so.
//!
//! [`load`] reads a scenario of any supported format, told apart by its path.

#![warn(missing_docs)]

pub mod draft;
pub mod emit;
pub mod error;
mod export;
pub mod genius;
pub mod geniusweb;
pub mod linear;
mod load;
mod note;
pub mod slug;
pub mod xml;

use std::path::Path;

use accord_model::Scenario;

pub use error::{Error, FormatError, LoadError, Warning};
pub use load::{Foreign, Loaded, import, load, read_limited, sniff};

/// One input file, read whole.
#[derive(Debug, Clone)]
pub struct InputFile {
    /// The name to show in messages (the path as given).
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Whether it was found by listing a folder (then a file that is not a domain or a
    /// profile is skipped with a warning instead of refused).
    pub from_folder: bool,
}

impl InputFile {
    /// The file name without its folder.
    pub fn base_name(&self) -> String {
        self.name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&self.name)
            .to_owned()
    }

    /// The file name without its folder and extension.
    pub fn stem(&self) -> String {
        let base = self.base_name();
        base.rsplit_once('.')
            .map_or(base.as_str(), |(s, _)| s)
            .to_owned()
    }

    /// The files of one joined input, the form of the fuzz targets' inputs (`fuzz/seeds.sh`):
    /// the bytes split at each line `--8<--` (`\n--8<--\n`), at most 16 files, named `f0.EXT`,
    /// `f1.EXT`, … and read as if listed from a folder.
    pub fn split_joined(data: &[u8], ext: &str) -> Vec<InputFile> {
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
}

/// Reads the inputs of an import: each path is a file, or a folder whose files with the given
/// extension are taken in file-name order.
///
/// Errors: a file that cannot be opened or read, or is over 16 MiB ([`Error::Open`],
/// [`Error::Read`], [`Error::TooLarge`]); a folder that cannot be listed or holds no such
/// file, or no path at all ([`Error::Format`]).
pub fn read_inputs(paths: &[impl AsRef<Path>], extension: &str) -> Result<Vec<InputFile>, Error> {
    let mut out = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let name = path.display().to_string();
        if path.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(path)
                .map_err(|e| FormatError::file(&name, format!("cannot list the folder: {e}")))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.extension()
                            .is_some_and(|x| x.eq_ignore_ascii_case(extension))
                })
                .collect();
            entries.sort();
            if entries.is_empty() {
                return Err(FormatError::file(
                    &name,
                    format!("the folder holds no .{extension} file"),
                )
                .into());
            }
            for p in entries {
                out.push(read_file(&p, true)?);
            }
        } else {
            out.push(read_file(path, false)?);
        }
    }
    if out.is_empty() {
        return Err(FormatError::file("", "no input file").into());
    }
    Ok(out)
}

fn read_file(path: &Path, from_folder: bool) -> Result<InputFile, Error> {
    Ok(InputFile {
        name: path.display().to_string(),
        bytes: load::read_bytes(path)?,
        from_folder,
    })
}

/// Options of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImportOptions {
    /// The number of grid points of a real (continuous) Genius issue; Genius uses 21.
    pub real_steps: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { real_steps: 21 }
    }
}

/// The result of an import: the `accord/1` text, the validated scenario, and what was read
/// with a guess.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The scenario as `accord/1` TOML text (pretty and stable: the same input gives the same
    /// bytes).
    pub toml: String,
    /// The scenario, validated by [`accord_model::parse`].
    pub scenario: Scenario,
    /// Quirks repaired and choices made while reading.
    pub warnings: Vec<Warning>,
}

/// Imports a Genius domain and its profiles (see [`genius::read`] for the mapping).
pub fn import_genius(
    files: &[InputFile],
    options: &ImportOptions,
) -> Result<Imported, FormatError> {
    check_options(options)?;
    let (draft, warnings) = genius::import(files, options)?;
    finish(draft, warnings, files)
}

/// Imports a GeniusWeb domain and its profiles (see [`geniusweb::read`] for the mapping).
pub fn import_geniusweb(
    files: &[InputFile],
    options: &ImportOptions,
) -> Result<Imported, FormatError> {
    check_options(options)?;
    let (draft, warnings) = geniusweb::import(files)?;
    finish(draft, warnings, files)
}

fn check_options(options: &ImportOptions) -> Result<(), FormatError> {
    if options.real_steps < 2 || options.real_steps > accord_model::parse::limits::MAX_GRID_POINTS {
        return Err(FormatError::file(
            "",
            format!(
                "real steps must be between 2 and {}, not {}",
                accord_model::parse::limits::MAX_GRID_POINTS,
                options.real_steps
            ),
        ));
    }
    Ok(())
}

/// Writes the draft and validates it. A validation error here means the input holds something
/// accord cannot express (or a reader bug); it is reported, never a panic.
fn finish(
    draft: draft::Draft,
    warnings: Vec<Warning>,
    files: &[InputFile],
) -> Result<Imported, FormatError> {
    let toml = emit::emit(&draft);
    let parsed = accord_model::parse(&toml);
    let first = files.first().map(|f| f.name.as_str()).unwrap_or_default();
    if let Some(e) = parsed.errors().next() {
        return Err(FormatError::file(
            first,
            format!(
                "the converted scenario is not valid accord/1: {}: {}",
                e.path, e.message
            ),
        ));
    }
    let scenario = parsed
        .scenario
        .ok_or_else(|| FormatError::file(first, "the converted scenario is not valid accord/1"))?;
    Ok(Imported {
        toml,
        scenario,
        warnings,
    })
}

/// The files of an export: `(file name, contents)`, and what could not be expressed exactly.
#[derive(Debug, Clone, Default)]
pub struct Exported {
    /// File names (no folder) and their text: the domain first, then one profile per party.
    pub files: Vec<(String, String)>,
    /// What was dropped or approximated.
    pub warnings: Vec<Warning>,
}

/// Exports a scenario as a Genius domain and one profile per party (see [`genius::write`]).
pub fn export_genius(scenario: &Scenario) -> Result<Exported, FormatError> {
    genius::export(scenario)
}

/// Exports a scenario as a GeniusWeb domain and one profile per party (see
/// [`geniusweb::write`]).
pub fn export_geniusweb(scenario: &Scenario) -> Result<Exported, FormatError> {
    geniusweb::export(scenario)
}
