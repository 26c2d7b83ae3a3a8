//! `--format github`: GitHub Actions workflow commands, one line per finding, which the
//! runner turns into annotations on the pull request's diff:
//!
//! ```text
//! ::error file=EXPORT/plan_x.md,line=5,col=4,endLine=5,endColumn=10,title=PL101 hedging::hedging: `should`%0Ahelp: state it as a requirement: write `must`
//! ```
//!
//! * `::error` for error-level findings, `::warning` for warnings.
//! * `file` is relative to the repository root when the file is inside it (GitHub
//!   resolves annotation paths against the checkout), else the path as named.
//! * `line`/`col` are the span's 1-based start (columns count characters);
//!   `endLine`/`endColumn` its end, just past the last character.
//! * The message is the finding's message, then its help on a second line.
//! * A file that could not be read, or whose fix could not be written, is one
//!   `::error file=PATH,title=plan-lint/io-error::PATH could not be read: REASON`
//!   (`plan-lint/write-error`, `fix could not be written`), without a line.
//! * With `--fix --show-fixes`, each fix applied is a `::notice file=PATH,line=N,
//!   title=PL101 hedging::fixed: Replace …` (the line of the finding in the text the
//!   fix pass started from), before the file's remaining findings.
//!
//! Escaping follows the runner's parser (`actions/toolkit`, `command.ts`): in the
//! message `%` → `%25`, CR → `%0D`, LF → `%0A`; in property values also `:` → `%3A`
//! and `,` → `%2C`. Nothing else needs escaping; `::` inside the message is safe
//! because the runner splits at the first `::` after the properties.

use super::{FileReport, Totals};
use crate::diagnostic::Severity;
use std::fmt::Write;

/// Escapes a command's message (the data after `::`).
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value (`file=…`, `title=…`).
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

/// One workflow command per finding, files in the given order; empty when there is
/// nothing to report. `totals` is not printed (the summary line goes to standard
/// error, and the runner shows the annotation count itself).
pub fn render(files: &[FileReport], _totals: &Totals) -> String {
    let mut out = String::new();
    for file in files {
        let display = file.display_path();
        let path = escape_property(&display);
        if let Some(failure) = &file.failure {
            let _ = writeln!(
                out,
                "::error file={path},title={}::{}",
                escape_property(failure.kind.check_name()),
                escape_data(&format!(
                    "{display} {}: {}",
                    failure.kind.describe(),
                    failure.message
                )),
            );
        }
        for applied in file.fixes_applied.iter().flatten() {
            let name = crate::rules::find(applied.code).map_or("", |r| r.name());
            let _ = writeln!(
                out,
                "::notice file={path},line={},title={}::{}",
                applied.line,
                escape_property(format!("{} {name}", applied.code).trim_end()),
                escape_data(&format!("fixed: {}", applied.message)),
            );
        }
        for found in &file.findings {
            let d = &found.diag;
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let _ = writeln!(
                out,
                "::{command} file={path},line={},col={},endLine={},endColumn={},title={}::{}",
                found.start.line,
                found.start.column,
                found.end.line,
                found.end.column,
                escape_property(&format!("{} {}", d.code, d.name)),
                escape_data(&message),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_requires() {
        assert_eq!(escape_data("100% a:b,c\r\nd"), "100%25 a:b,c%0D%0Ad");
        assert_eq!(
            escape_property("100% a:b,c\r\nd"),
            "100%25 a%3Ab%2Cc%0D%0Ad"
        );
        // `%` first: an already-escaped sequence is escaped again, not kept.
        assert_eq!(escape_data("%0A"), "%250A");
    }
}
