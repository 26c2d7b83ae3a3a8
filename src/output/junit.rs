//! `--format junit`: JUnit XML, for CI systems that show test reports (GitLab
//! `artifacts: reports: junit:`, Jenkins, Azure Pipelines, CircleCI…).
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="plan-lint" tests="2" failures="1" errors="0">
//!   <testsuite name="plan-lint" tests="2" failures="1" errors="0" skipped="0">
//!     <testcase classname="plan-lint" name="EXPORT/plan_a.md">
//!       <failure message="hedging: `should`" type="PL101">EXPORT/plan_a.md:5:4: PL101 hedging: `should`
//! help: state it as a requirement: write `must`</failure>
//!       <system-out>EXPORT/plan_a.md:7:1: PL102 warning: weak wording: `maybe`
//! </system-out>
//!     </testcase>
//!     <testcase classname="plan-lint" name="EXPORT/plan_b.md"/>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! * One `<testcase>` per linted file, named by its path (relative to the repository
//!   root when inside it), in the given order. A file without error-level findings
//!   passes.
//! * Each **error**-level finding is one `<failure>` (`type` = the rule code,
//!   `message` = the message; the text is `path:line:col: CODE message` and the help).
//! * **Warnings do not fail**: as with the exit code (only errors make it 1), they are
//!   listed in the test case's `<system-out>`, one `path:line:col: CODE warning:
//!   message` line each, so the report is green exactly when the run is.
//! * A file that could not be read is a test case with one `<error>` (`type` =
//!   `plan-lint/io-error`, `message` = `could not be read: REASON`); a file whose fix
//!   could not be written (`--fix`) has an `<error>` of type `plan-lint/write-error`
//!   before its findings.
//! * `tests` counts test cases (files), `failures` those with error-level findings;
//!   `errors` counts files that could not be read or written, and directories the walk
//!   could not list (those have no test case: the error is printed on standard
//!   error). No `time` attribute: the output is byte-for-byte deterministic.
//! * Text is escaped for XML 1.0: `&`, `<` and `>` as entities everywhere, `"` and
//!   `'` too inside attributes, and CR (and, in attributes, tab and LF) as character
//!   references so that parsers do not normalise them away; characters XML 1.0
//!   forbids (the other C0 controls, U+FFFE, U+FFFF) are replaced with U+FFFD.

use super::{FileReport, Totals};
use crate::diagnostic::Severity;
use std::fmt::Write;

/// Whether XML 1.0 allows `c` in a document (the `Char` production).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes character data (element text).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // A bare CR in text would be normalised to LF by the parser.
            '\r' => out.push_str("&#13;"),
            c if allowed(c) => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Escapes an attribute value (written between double quotes).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push_str(&escape_text(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out
}

/// The report for `files` (in the given order) and `totals`, ending with a newline.
pub fn render(files: &[FileReport], totals: &Totals) -> String {
    let failing = files
        .iter()
        .filter(|f| {
            f.findings
                .iter()
                .any(|l| l.diag.severity == Severity::Error)
        })
        .count();
    let counts = format!(
        "tests=\"{}\" failures=\"{failing}\" errors=\"{}\"",
        files.len(),
        totals.failed
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"plan-lint\" {counts}>");
    let _ = writeln!(
        out,
        "  <testsuite name=\"plan-lint\" {counts} skipped=\"0\">"
    );
    for file in files {
        let path = file.display_path();
        let head = format!(
            "    <testcase classname=\"plan-lint\" name=\"{}\"",
            escape_attr(&path)
        );
        if file.findings.is_empty() && file.failure.is_none() {
            let _ = writeln!(out, "{head}/>");
            continue;
        }
        let _ = writeln!(out, "{head}>");
        if let Some(failure) = &file.failure {
            let message = format!("{}: {}", failure.kind.describe(), failure.message);
            let _ = writeln!(
                out,
                "      <error message=\"{}\" type=\"{}\">{}</error>",
                escape_attr(&message),
                failure.kind.check_name(),
                escape_text(&format!("{path}: {message}"))
            );
        }
        let mut warnings = String::new();
        for found in &file.findings {
            let d = &found.diag;
            let at = format!("{path}:{}:{}", found.start.line, found.start.column);
            match d.severity {
                Severity::Error => {
                    let mut text = format!("{at}: {} {}", d.code, d.message);
                    if let Some(help) = &d.help {
                        text.push_str("\nhelp: ");
                        text.push_str(help);
                    }
                    let _ = writeln!(
                        out,
                        "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                        escape_attr(&d.message),
                        escape_attr(d.code),
                        escape_text(&text)
                    );
                }
                Severity::Warning => {
                    let _ = writeln!(warnings, "{at}: {} warning: {}", d.code, d.message);
                }
            }
        }
        if !warnings.is_empty() {
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                escape_text(&warnings)
            );
        }
        let _ = writeln!(out, "    </testcase>");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_illegal_characters() {
        assert_eq!(escape_text("a<b>&\"c\" 'd'"), "a&lt;b&gt;&amp;\"c\" 'd'");
        assert_eq!(escape_attr("\"c\" 'd'"), "&quot;c&quot; &apos;d&apos;");
        assert_eq!(
            escape_text("x\u{1}y\u{FFFF}z\u{1F6A6}"),
            "x\u{FFFD}y\u{FFFD}z\u{1F6A6}"
        );
        assert_eq!(escape_text("a\nb\tc\rd"), "a\nb\tc&#13;d");
        assert_eq!(escape_attr("a\nb\tc<"), "a&#10;b&#9;c&lt;");
    }
}
