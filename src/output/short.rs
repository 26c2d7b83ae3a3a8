//! `--format short`: one finding per line, `path:line:col: CODE severity: message`,
//! with 1-based lines and 1-based character columns (for editors and grep).

use crate::diagnostic::Diagnostic;
use crate::document::model::Document;
use std::fmt::Write;

/// The findings of one file, one line each (`path:line:col: CODE severity: message`).
pub fn render_file(doc: &Document, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    let path = doc.path.display();
    for d in diags {
        let lc = doc.line_col(d.span.start);
        // One finding, one line: a message never breaks the line (the text of a setext
        // heading, say, can span lines).
        let message = d.message.split_whitespace().collect::<Vec<_>>().join(" ");
        let _ = writeln!(
            out,
            "{path}:{}:{}: {} {}: {message}",
            lc.line, lc.column, d.code, d.severity
        );
    }
    out
}
