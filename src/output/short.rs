//! `--format short`: one finding per line, `path:line:col: CODE severity: message`,
//! with 1-based lines and 1-based character columns (for editors and grep). A finding
//! `--fix` would repair has `[*]` after its code (as ruff marks them):
//! `path:line:col: CODE [*] severity: message`, so
//! `^(.+):(\d+):(\d+): (PL\d{3})( \[\*\])? (error|warning): (.*)$` reads every line.

use crate::diagnostic::{Applicability, Diagnostic};
use crate::document::model::Document;
use std::fmt::Write;

/// The findings of one file, one line each, `[*]` on those with a safe fix.
pub fn render_file(doc: &Document, diags: &[Diagnostic]) -> String {
    render_file_with(doc, diags, false)
}

/// [`render_file`], with `unsafe_fixes` (`--unsafe-fixes`) marking the findings with
/// an unsafe fix as fixable too.
pub fn render_file_with(doc: &Document, diags: &[Diagnostic], unsafe_fixes: bool) -> String {
    let mut out = String::new();
    let path = doc.path.display();
    for d in diags {
        let lc = doc.line_col(d.span.start);
        // One finding, one line: a message never breaks the line (the text of a setext
        // heading, say, can span lines).
        let message = d.message.split_whitespace().collect::<Vec<_>>().join(" ");
        let fixable = match d.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => true,
            Some(Applicability::Unsafe) => unsafe_fixes,
            Some(Applicability::Suggestion) | None => false,
        };
        let mark = if fixable { " [*]" } else { "" };
        let _ = writeln!(
            out,
            "{path}:{}:{}: {}{mark} {}: {message}",
            lc.line, lc.column, d.code, d.severity
        );
    }
    out
}
