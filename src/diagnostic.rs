//! Diagnostics: what a rule reports.

use crate::document::source::Span;
use serde::Serialize;

use std::fmt;

/// How serious a finding is. Only `Error` findings make the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; does not fail the run.
    Warning,
    /// Reported; makes the exit code 1.
    Error,
}

/// The level a configuration gives a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleLevel {
    /// The rule does not run.
    Off,
    /// The rule runs; its findings are warnings.
    Warning,
    /// The rule runs; its findings are errors.
    Error,
}

impl RuleLevel {
    /// Reads a level as written in a configuration or on the command line: `off` (`ignore`,
    /// `none`), `warning` (`warn`) or `error` (`deny`), any case.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "off" | "ignore" | "none" => Some(RuleLevel::Off),
            "warning" | "warn" => Some(RuleLevel::Warning),
            "error" | "deny" => Some(RuleLevel::Error),
            _ => None,
        }
    }

    /// The severity of the rule's findings, or `None` when the rule is off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            RuleLevel::Off => None,
            RuleLevel::Warning => Some(Severity::Warning),
            RuleLevel::Error => Some(Severity::Error),
        }
    }
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
    /// How serious the finding is, after the configuration's level for the rule.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The shortest span that shows the problem (may be empty: a point).
    pub span: Span,
    /// Text of the label under the span, if different from the message.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// A repair, when one exists.
    pub fix: Option<Fix>,
}

/// How safe a fix is to apply without review (ruff's model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Shown in the help only; never applied.
    Suggestion,
    /// Changes or adds content: applied with `--unsafe-fixes`.
    Unsafe,
    /// Meaning-preserving under the contract: applied by `--fix`.
    Safe,
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Applicability::Suggestion => "suggestion",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        })
    }
}

/// One text edit: replace the bytes of `span` in the original source with `replacement`
/// (an empty span inserts, an empty replacement deletes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    /// The bytes of the original source the edit replaces.
    pub span: Span,
    /// The text put in their place.
    pub replacement: String,
}

/// A repair: edits that never overlap each other, applied together or not at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// How safe the fix is to apply without review.
    pub applicability: Applicability,
    /// What the fix does, e.g. "Replace `should` with `must`".
    pub message: String,
    /// The edits, sorted by span.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix of `edits` (sorted by span here; they must not overlap).
    pub fn new(applicability: Applicability, message: impl Into<String>, edits: Vec<Edit>) -> Self {
        let mut edits = edits;
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        Fix {
            applicability,
            message: message.into(),
            edits,
        }
    }

    /// A fix replacing one span.
    pub fn replace(
        applicability: Applicability,
        message: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
    ) -> Self {
        Fix::new(
            applicability,
            message,
            vec![Edit {
                span,
                replacement: replacement.into(),
            }],
        )
    }
}

impl Diagnostic {
    /// Adds `help`: what to do about the finding.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a label shown under the span instead of the message.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Removes the fix when `keep` is false (a fix that would be unsafe to apply here).
    pub fn drop_fix_unless(mut self, keep: bool) -> Self {
        if !keep {
            self.fix = None;
        }
        self
    }
}

/// Keeps the case pattern of `original` in `replacement`: `SHOULD` → `MUST`,
/// `Should` → `Must`, `should` → `must`.
pub fn match_case(original: &str, replacement: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return replacement.to_uppercase();
    }
    if letters.first().is_some_and(|c| c.is_uppercase()) {
        let mut chars = replacement.chars();
        return match chars.next() {
            Some(f) => f.to_uppercase().collect::<String>() + chars.as_str(),
            None => String::new(),
        };
    }
    replacement.to_string()
}

/// An edit that deletes `span`.
pub fn delete(span: Span) -> Edit {
    Edit {
        span,
        replacement: String::new(),
    }
}

/// An edit that inserts `text` at `at`.
pub fn insert(at: usize, text: impl Into<String>) -> Edit {
    Edit {
        span: Span::empty(at),
        replacement: text.into(),
    }
}
