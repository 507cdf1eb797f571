//! Errors and warnings of the readers and writers, each naming a file and, where known, a line.
//!
//! [`Error`] is the crate's one error enum: a file that cannot be read or written (with its
//! path and the operating system's reason), a foreign file that cannot be converted
//! ([`FormatError`], with file and line), a scenario that is not valid, or what-ifs that do not
//! apply.

use std::fmt;
use std::path::PathBuf;

use accord_model::whatif::WhatIfError;

/// Why loading, importing, exporting or writing a scenario failed.
///
/// Every variant names the file; the ones that come from the operating system carry its
/// error as their `source`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file cannot be opened.
    #[error("{}: cannot open: {source}", path.display())]
    Open {
        /// The path as given.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file was opened but cannot be read.
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        /// The path as given.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file (a scenario, or a file to import) is larger than a scenario may be; it was
    /// not read whole.
    #[error(
        "{}: the file is larger than {limit} bytes (16 MiB), the limit for a scenario",
        path.display()
    )]
    TooLarge {
        /// The path as given.
        path: PathBuf,
        /// The limit in bytes ([`accord_model::parse::limits::MAX_FILE_BYTES`]).
        limit: usize,
    },
    /// The file is not UTF-8 text.
    #[error(
        "{}: the file is not UTF-8 text (invalid byte at offset {offset})",
        path.display()
    )]
    NotUtf8 {
        /// The path as given.
        path: PathBuf,
        /// The byte offset of the first invalid byte.
        offset: usize,
    },
    /// A foreign file that cannot be imported or a scenario that cannot be exported.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// The scenario has errors (its diagnostics are in [`crate::Loaded::parsed`]).
    #[error("{name}: the scenario is not valid ({errors} error{})", if *errors == 1 { "" } else { "s" })]
    Invalid {
        /// The name the file goes by.
        name: String,
        /// How many errors it has.
        errors: usize,
    },
    /// What-ifs that cannot be applied to the valid scenario: every one that failed.
    #[error("{name}: {}", errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    WhatIf {
        /// The name the file goes by.
        name: String,
        /// The failures, in the order the what-ifs were given.
        errors: Vec<WhatIfError>,
    },
    /// A folder that cannot be created for an export.
    #[error("{}: cannot create the folder: {source}", path.display())]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// A file that cannot be written.
    #[error("{}: cannot write: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

/// What [`crate::load`] returns on failure: the crate's [`Error`].
pub type LoadError = Error;

/// Why a file (or a set of files) could not be imported or exported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FormatError {
    /// The file, as given by the caller (a path or a name).
    pub file: String,
    /// The line, from 1, when the problem sits at one place in the file.
    pub line: Option<usize>,
    /// What is wrong, for people.
    pub reason: String,
}

impl FormatError {
    /// An error at a line of a file.
    pub fn at(file: &str, line: usize, reason: impl Into<String>) -> Self {
        FormatError {
            file: file.to_owned(),
            line: Some(line),
            reason: reason.into(),
        }
    }

    /// An error about a whole file (or, with an empty name, about the set of inputs).
    pub fn file(file: &str, reason: impl Into<String>) -> Self {
        FormatError {
            file: file.to_owned(),
            line: None,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_located(f, &self.file, self.line, &self.reason)
    }
}

/// Something read with a guess or written with a loss: the import or export went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file concerned (empty when it concerns the whole conversion).
    pub file: String,
    /// The line, from 1, when known.
    pub line: Option<usize>,
    /// What happened, for people.
    pub message: String,
}

impl Warning {
    /// A warning at a line of a file.
    pub fn at(file: &str, line: usize, message: impl Into<String>) -> Self {
        Warning {
            file: file.to_owned(),
            line: Some(line),
            message: message.into(),
        }
    }

    /// A warning about a whole file or conversion.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Warning {
            file: file.to_owned(),
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_located(f, &self.file, self.line, &self.message)
    }
}

fn write_located(
    f: &mut fmt::Formatter<'_>,
    file: &str,
    line: Option<usize>,
    text: &str,
) -> fmt::Result {
    match (file.is_empty(), line) {
        (true, _) => f.write_str(text),
        (false, Some(line)) => write!(f, "{file}:{line}: {text}"),
        (false, None) => write!(f, "{file}: {text}"),
    }
}
