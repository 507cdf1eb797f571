//! Loading a scenario from a file of any supported format, told apart by its path: an
//! `accord/1` TOML file, a Genius folder or `.xml` file, GeniusWeb `.json` files or a folder of
//! them. Foreign files are imported to `accord/1` text first, which is then parsed like any
//! file; nothing is printed (import warnings are returned).

use std::io::Read as _;
use std::path::{Path, PathBuf};

use accord_model::parse::limits::MAX_FILE_BYTES;
use accord_model::whatif::{self, WhatIf};
use accord_model::{Parsed, Scenario};

use crate::error::{Error, Warning};
use crate::{ImportOptions, Imported};

/// A foreign format accord reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Foreign {
    /// Genius XML (ANAC 2010–2019): a domain file and one profile file per party.
    Genius,
    /// GeniusWeb JSON (ANL): a domain file and `LinearAdditiveUtilitySpace` profiles.
    Geniusweb,
}

impl Foreign {
    /// The extension of the format's files, without the dot: `xml` or `json`.
    pub fn extension(self) -> &'static str {
        match self {
            Foreign::Genius => "xml",
            Foreign::Geniusweb => "json",
        }
    }
}

/// The foreign format of a path, if it is one: a folder (Genius when it holds `.xml` files,
/// else GeniusWeb), a `.xml` file (Genius) or a `.json` file (GeniusWeb). `None`: an `accord/1`
/// file (or a folder that cannot be listed, which then fails to open as one).
pub fn sniff(path: &Path) -> Option<Foreign> {
    let ext = |p: &Path, e: &str| p.extension().is_some_and(|x| x.eq_ignore_ascii_case(e));
    if path.is_dir() {
        let has_xml = std::fs::read_dir(path)
            .ok()?
            .filter_map(Result::ok)
            .any(|e| ext(&e.path(), "xml"));
        return Some(if has_xml {
            Foreign::Genius
        } else {
            Foreign::Geniusweb
        });
    }
    if ext(path, "xml") {
        Some(Foreign::Genius)
    } else if ext(path, "json") {
        Some(Foreign::Geniusweb)
    } else {
        None
    }
}

/// Imports `paths` (files, or folders of the format's files, taken in file-name order) in a
/// foreign format.
///
/// Errors: the inputs cannot be read ([`crate::read_inputs`]), or converted
/// ([`Error::Format`]).
pub fn import(
    format: Foreign,
    paths: &[impl AsRef<Path>],
    options: &ImportOptions,
) -> Result<Imported, Error> {
    let files = crate::read_inputs(paths, format.extension())?;
    Ok(match format {
        Foreign::Genius => crate::import_genius(&files, options)?,
        Foreign::Geniusweb => crate::import_geniusweb(&files, options)?,
    })
}

/// A scenario file that was read, with its parse result.
#[derive(Debug)]
pub struct Loaded {
    /// The name to show in messages (the path as given).
    pub name: String,
    /// The `accord/1` text (for a foreign file, the text it was imported as).
    pub text: String,
    /// The result of parsing the text: the scenario when valid, and every diagnostic.
    pub parsed: Parsed,
    /// What the import of a foreign file read with a guess (empty for an `accord/1` file).
    pub warnings: Vec<Warning>,
}

impl Loaded {
    /// Parses `text` as if read from a file called `name`.
    pub fn from_text(name: impl Into<String>, text: impl Into<String>) -> Loaded {
        let text = text.into();
        Loaded {
            name: name.into(),
            parsed: accord_model::parse(&text),
            text,
            warnings: Vec::new(),
        }
    }

    /// Whether the scenario has errors (then it has no [`Scenario`]).
    pub fn has_errors(&self) -> bool {
        self.parsed.errors().next().is_some()
    }

    /// Takes the valid scenario out, with the what-ifs applied in order.
    ///
    /// Errors: [`Error::Invalid`] when the file has errors (its diagnostics stay in
    /// [`Loaded::parsed`]); [`Error::WhatIf`] with every what-if that cannot be applied.
    /// Called a second time, it finds no scenario and returns [`Error::Invalid`].
    pub fn scenario(&mut self, what_ifs: &[WhatIf]) -> Result<Scenario, Error> {
        let errors = self.parsed.errors().count();
        let Some(scenario) = self.parsed.scenario.take().filter(|_| errors == 0) else {
            return Err(Error::Invalid {
                name: self.name.clone(),
                errors,
            });
        };
        if what_ifs.is_empty() {
            return Ok(scenario);
        }
        whatif::apply(&scenario, what_ifs).map_err(|errors| Error::WhatIf {
            name: self.name.clone(),
            errors,
        })
    }
}

/// Reads and parses a scenario file of any supported format (see [`sniff`]); foreign files
/// are imported with the default [`ImportOptions`].
///
/// A file that parses with errors is still loaded (its diagnostics are in
/// [`Loaded::parsed`]); the errors here are files that cannot be read ([`Error::Open`],
/// [`Error::Read`], [`Error::TooLarge`], [`Error::NotUtf8`]) and foreign files that cannot be
/// imported ([`Error::Format`]).
pub fn load(path: &Path) -> Result<Loaded, Error> {
    let name = path.display().to_string();
    if let Some(format) = sniff(path) {
        let imported = import(format, &[path], &ImportOptions::default())?;
        return Ok(Loaded {
            warnings: imported.warnings,
            ..Loaded::from_text(name, imported.toml)
        });
    }
    Ok(Loaded::from_text(name, read_limited(path)?))
}

/// Reads a file as UTF-8 text, refusing files over
/// [`MAX_FILE_BYTES`](accord_model::parse::limits::MAX_FILE_BYTES) (16 MiB) before reading
/// them whole.
pub fn read_limited(path: &Path) -> Result<String, Error> {
    String::from_utf8(read_bytes(path)?).map_err(|e| Error::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Reads a file's bytes, refusing files over `MAX_FILE_BYTES` before reading them whole: the
/// one reader of scenario and import files.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    let owned = || PathBuf::from(path);
    let file = std::fs::File::open(path).map_err(|source| Error::Open {
        path: owned(),
        source,
    })?;
    let mut bytes = Vec::new();
    // Read one byte past the limit to tell "at the limit" from "over it" without trusting
    // metadata (pipes and special files have none).
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: owned(),
            source,
        })?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::TooLarge {
            path: owned(),
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

impl crate::Exported {
    /// Writes the files into `dir`, creating it (and its parents) when missing, and calls
    /// `written` with each file's path once it is written.
    ///
    /// Errors: [`Error::CreateDir`] or [`Error::Write`], naming the path.
    pub fn write_to(&self, dir: &Path, mut written: impl FnMut(&Path)) -> Result<(), Error> {
        std::fs::create_dir_all(dir).map_err(|source| Error::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        for (name, text) in &self.files {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|source| Error::Write {
                path: path.clone(),
                source,
            })?;
            written(&path);
        }
        Ok(())
    }
}
