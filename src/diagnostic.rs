//! Diagnostics: what a rule reports.

use crate::source::Span;
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// How serious a finding is. Only `Error` findings make the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One finding of one rule in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Rule code, e.g. `PL101`.
    pub code: &'static str,
    /// Rule name, e.g. `hedging`.
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The shortest span that shows the problem (may be empty: a point).
    pub span: Span,
    /// Text of the label under the span, if different from the message.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// A problem with a file as a whole that stops it from being linted (I/O, encoding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}
