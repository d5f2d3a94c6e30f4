//! Errors that carry a location, and the diagnostics a run collects.
//!
//! Two kinds of trouble exist in framelens, and they are handled differently
//! (SPEC §9):
//!
//! * **Fatal errors** ([`Error`]) stop the run before any output is replaced:
//!   a malformed lexicon, an unreadable corpus folder, a bad argument. All
//!   problems of a lexicon are collected first ([`Error::Many`]), so a user
//!   fixes them in one go.
//! * **Data problems** ([`Diagnostic`]) concern one article or one manifest
//!   row. They are reported with file and line, the rest of the corpus still
//!   runs, and the exit status is 1 when any of them is an error.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where a problem is: a file and, when known, a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// The file, as the user named it (relative paths stay relative).
    pub path: PathBuf,
    /// The 1-based line, when the problem is on one line.
    pub line: Option<u64>,
}

impl Location {
    /// A location that names a whole file.
    pub fn file(path: impl AsRef<Path>) -> Location {
        Location { path: path.as_ref().to_path_buf(), line: None }
    }

    /// A location that names one line of a file.
    pub fn line(path: impl AsRef<Path>, line: u64) -> Location {
        Location { path: path.as_ref().to_path_buf(), line: Some(line) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}", self.path.display(), line),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// A fatal error: the run cannot start or cannot write its tables.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An I/O error on a named file.
    #[error("{path}: {source}")]
    Io {
        /// The file that could not be read or written.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A problem at a known place in an input file (lexicon, manifest).
    #[error("{location}: {message}")]
    At {
        /// Where the problem is.
        location: Location,
        /// What is wrong, and where possible what to do.
        message: String,
    },
    /// Several problems, all reported at once (like ignore's `Partial`).
    #[error("{}", display_many(.0))]
    Many(Vec<Error>),
    /// A problem with the command line or the options.
    #[error("{0}")]
    Usage(String),
}

fn display_many(errors: &[Error]) -> String {
    let lines: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    lines.join("\n")
}

impl Error {
    /// An error at a file and line.
    pub fn at(location: Location, message: impl Into<String>) -> Error {
        Error::At { location, message: message.into() }
    }

    /// An I/O error on a file.
    pub fn io(path: impl AsRef<Path>, source: std::io::Error) -> Error {
        Error::Io { path: path.as_ref().to_path_buf(), source }
    }

    /// Collapses a list of errors: none is `Ok`, one is itself, more are `Many`.
    pub fn from_list(mut errors: Vec<Error>) -> Result<(), Error> {
        match errors.len() {
            0 => Ok(()),
            1 => Err(errors.pop().expect("one error")),
            _ => Err(Error::Many(errors)),
        }
    }

    /// Every single error inside this one, flattened.
    pub fn flatten(&self) -> Vec<&Error> {
        match self {
            Error::Many(list) => list.iter().flat_map(|e| e.flatten()).collect(),
            other => vec![other],
        }
    }
}

/// How bad a data problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Handled and reported; the exit status stays 0 (a re-encoded file).
    Warning,
    /// Something the user must fix; the exit status becomes 1.
    Error,
}

/// One data problem, with its place.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where it is.
    pub location: Location,
    /// Warning or error.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{}: {}: {}", self.location, kind, self.message)
    }
}

/// The data problems of a run, in a stable order.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    /// Records an error (exit status 1).
    pub fn error(&mut self, location: Location, message: impl Into<String>) {
        self.push(location, Severity::Error, message);
    }

    /// Records a warning.
    pub fn warning(&mut self, location: Location, message: impl Into<String>) {
        self.push(location, Severity::Warning, message);
    }

    fn push(&mut self, location: Location, severity: Severity, message: impl Into<String>) {
        self.items.push(Diagnostic { location, severity, message: message.into() });
    }

    /// Records a diagnostic made elsewhere.
    pub fn push_diagnostic(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Appends copies of diagnostics made elsewhere.
    pub fn extend_from(&mut self, list: &[Diagnostic]) {
        self.items.extend(list.iter().cloned());
    }

    /// Appends another list.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Sorts by file, line and message, so reports do not depend on threads.
    pub fn sort(&mut self) {
        self.items.sort();
        self.items.dedup();
    }

    /// All problems.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Number of errors (not warnings).
    pub fn errors(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Error).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.items.iter().filter(|d| d.severity == Severity::Warning).count()
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The exit status of a command (SPEC §9).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// 0: everything ran and nothing was wrong.
    Success = 0,
    /// 1: the run finished, but some input had errors.
    DataErrors = 1,
    /// 2: unusable arguments or lexicons; nothing ran.
    Unusable = 2,
}

impl Status {
    /// 0 when there were no data errors, else 1.
    pub fn from_diagnostics(diagnostics: &Diagnostics) -> Status {
        if diagnostics.errors() > 0 { Status::DataErrors } else { Status::Success }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_display_has_line_when_known() {
        assert_eq!(Location::line("corpus/manifest.csv", 12).to_string(), "corpus/manifest.csv:12");
        assert_eq!(Location::file("lexicons/frames.toml").to_string(), "lexicons/frames.toml");
    }

    #[test]
    fn many_errors_flatten_and_print_one_per_line() {
        let e = Error::Many(vec![
            Error::at(Location::line("a.toml", 1), "first"),
            Error::at(Location::line("a.toml", 3), "second"),
        ]);
        assert_eq!(e.flatten().len(), 2);
        assert_eq!(e.to_string(), "a.toml:1: first\na.toml:3: second");
    }

    #[test]
    fn status_follows_errors_not_warnings() {
        let mut d = Diagnostics::new();
        d.warning(Location::file("x.txt"), "re-encoded");
        assert_eq!(Status::from_diagnostics(&d), Status::Success);
        d.error(Location::line("manifest.csv", 2), "missing");
        assert_eq!(Status::from_diagnostics(&d), Status::DataErrors);
        assert_eq!((d.errors(), d.warnings()), (1, 1));
    }
}
