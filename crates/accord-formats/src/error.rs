//! Errors and warnings of the readers and writers, each naming a file and, where known, a line.

use std::fmt;

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
