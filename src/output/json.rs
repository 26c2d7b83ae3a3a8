//! `--format json`: every finding of every file as one JSON document, for scripts and
//! editors.
//!
//! The shape is stable: fields are only ever added, and any change that removes,
//! renames or retypes a field, or changes what a value means, increments `version`.
//! `docs/json-format.md` describes the same format for users.
//!
//! ```text
//! {
//!   "version": 1,                         // integer: this format's version
//!   "tool": { "name": "plan-lint", "version": "0.1.0" },
//!   "files": [                            // every linted file, in the order linted,
//!     {                                   // with or without findings
//!       "path": "EXPORT/plan_x.md",       // relative to the repository root when the
//!                                         // file is inside it, else as named; `/`-separated
//!       "findings": [                     // in the linter's order (by position, then code)
//!         {
//!           "code": "PL101",
//!           "name": "hedging",
//!           "severity": "error",          // "error" | "warning" (after configuration)
//!           "message": "hedging: `should`",
//!           "label": null,                // string | null: the text under the span
//!           "help": "state it as …",      // string | null
//!           "start": { "line": 5, "column": 4, "offset": 42 },
//!           "end":   { "line": 5, "column": 10, "offset": 48 },
//!           "fix": null | {
//!             "applicability": "safe",    // "safe" | "unsafe" | "suggestion"
//!             "message": "Replace `should` with `must`",
//!             "edits": [ { "start": 42, "end": 48, "replacement": "must" } ]
//!           }
//!         }
//!       ]
//!     }
//!   ],
//!   "failures": [                         // files that could not be read, or whose
//!     {                                   // fix could not be written
//!       "path": "EXPORT/plan_bin.md",
//!       "kind": "read",                   // "read" | "write"
//!       "message": "not valid UTF-8"
//!     }
//!   ],
//!   "summary": { "files": 1, "errors": 1, "warnings": 0, "failed": 0,
//!                "fixable": 1, "unsafe_fixable": 0 }
//! }
//! ```
//!
//! * `line` is 1-based; `column` is 1-based and counts Unicode scalar values
//!   (characters), not bytes; a UTF-8 byte order mark is not a column of line 1.
//! * `offset` is the 0-based byte offset into the file as stored (BOM included).
//! * `end` is exclusive: the position just past the last character of the span. A
//!   span may be empty (`start` = `end`), a point such as an insertion place.
//! * Edits replace the bytes `start..end` (0-based byte offsets, `end` exclusive) of
//!   the original file with `replacement`; an empty range inserts, an empty
//!   replacement deletes. The edits of one fix are sorted and never overlap.
//! * `summary.failed` counts files that could not be read (they have no entry in
//!   `files`, one in `failures`) and, with `--fix`, files whose fix could not be
//!   written (their `files` entry holds the findings of the file as it is, and they
//!   are in `failures` too), and directories the walk could not list (in neither
//!   list: the error is printed on standard error).
//! * With `--fix --show-fixes` (or `--diff --show-fixes`) every file entry has
//!   `fixes_applied`: `[{ "code", "name", "message", "line" }]`, the line being the
//!   finding's in the text the fix pass started from.

use super::{FileReport, Located, Totals};
use crate::diagnostic::{Applicability, Severity};
use serde::Serialize;

/// This format's version: incremented on any breaking change.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    tool: Tool,
    files: Vec<File<'a>>,
    failures: Vec<FailureEntry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct FailureEntry<'a> {
    path: String,
    kind: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct AppliedFix<'a> {
    code: &'a str,
    name: &'static str,
    message: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct File<'a> {
    path: String,
    findings: Vec<Finding<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes_applied: Option<Vec<AppliedFix<'a>>>,
}

#[derive(Serialize)]
struct Finding<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    label: Option<&'a str>,
    help: Option<&'a str>,
    start: Position,
    end: Position,
    fix: Option<Fix<'a>>,
}

#[derive(Serialize)]
struct Position {
    line: usize,
    column: usize,
    offset: usize,
}

#[derive(Serialize)]
struct Fix<'a> {
    applicability: Applicability,
    message: &'a str,
    edits: Vec<Edit<'a>>,
}

#[derive(Serialize)]
struct Edit<'a> {
    start: usize,
    end: usize,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    failed: usize,
    fixable: usize,
    unsafe_fixable: usize,
}

fn finding(found: &Located) -> Finding<'_> {
    let d = &found.diag;
    Finding {
        code: d.code,
        name: d.name,
        severity: d.severity,
        message: &d.message,
        label: d.label.as_deref(),
        help: d.help.as_deref(),
        start: Position {
            line: found.start.line,
            column: found.start.column,
            offset: d.span.start,
        },
        end: Position {
            line: found.end.line,
            column: found.end.column,
            offset: d.span.end,
        },
        fix: d.fix.as_ref().map(|f| Fix {
            applicability: f.applicability,
            message: &f.message,
            edits: f
                .edits
                .iter()
                .map(|e| Edit {
                    start: e.span.start,
                    end: e.span.end,
                    replacement: &e.replacement,
                })
                .collect(),
        }),
    }
}

/// The document for `files` (in the given order) and `totals`, pretty-printed with
/// two-space indentation and ending with a newline.
pub fn render(files: &[FileReport], totals: &Totals) -> String {
    let report = Report {
        version: VERSION,
        tool: Tool {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        files: files
            .iter()
            .filter(|f| f.linted())
            .map(|f| File {
                path: f.display_path(),
                findings: f.findings.iter().map(finding).collect(),
                fixes_applied: f.fixes_applied.as_ref().map(|applied| {
                    applied
                        .iter()
                        .map(|a| AppliedFix {
                            code: a.code,
                            name: crate::rules::find(a.code).map_or("", |r| r.name()),
                            message: &a.message,
                            line: a.line,
                        })
                        .collect()
                }),
            })
            .collect(),
        failures: files
            .iter()
            .filter_map(|f| {
                f.failure.as_ref().map(|failure| FailureEntry {
                    path: f.display_path(),
                    kind: failure.kind.as_str(),
                    message: &failure.message,
                })
            })
            .collect(),
        summary: Summary {
            files: totals.files,
            errors: totals.errors,
            warnings: totals.warnings,
            failed: totals.failed,
            fixable: totals.fixable,
            unsafe_fixable: totals.unsafe_fixable,
        },
    };
    let mut out = serde_json::to_string_pretty(&report).expect("plain data serializes");
    out.push('\n');
    out
}
