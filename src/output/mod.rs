//! Output formats, seven in all. Per file, streamed as files finish: [`human`] (miette
//! reports with source snippets) and [`short`] (`path:line:col: CODE severity:
//! message`). One document for the whole run: [`json`] (stable schema,
//! `docs/json-format.md`), [`sarif`] (SARIF 2.1.0 with the rule pages), [`github`]
//! (workflow annotations), [`gitlab`] (Code Quality JSON) and [`junit`] (one test case
//! per file). The closing [`summary_line`] goes to standard error (unless `--quiet`).

pub mod human;
pub mod short;

/// The run's counts, for the closing summary line and the machine formats (the
/// engine's: one type for both).
pub use crate::engine::run::Totals;

/// `Checked 3 files: 2 errors, 1 warning (4.1 ms)`.
pub fn summary_line(t: &Totals, elapsed: std::time::Duration) -> String {
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    let mut s = format!(
        "Checked {}: {}, {}",
        plural(t.files, "file"),
        plural(t.errors, "error"),
        plural(t.warnings, "warning")
    );
    let unread = t.failed.saturating_sub(t.unwritten);
    if unread > 0 {
        s.push_str(&format!(", {} could not be read", plural(unread, "file")));
    }
    if t.unwritten > 0 {
        s.push_str(&format!(
            ", {} could not be written",
            plural(t.unwritten, "file")
        ));
    }
    let ms = elapsed.as_secs_f64() * 1000.0;
    s.push_str(&format!(" ({ms:.1} ms)"));
    s
}

/// A finding with its resolved positions, ready for any output format.
#[derive(Debug, Clone)]
pub struct Located {
    /// The finding.
    pub diag: crate::diagnostic::Diagnostic,
    /// 1-based line and 1-based character column of the span's start.
    pub start: crate::document::source::LineCol,
    /// 1-based line and character column just past the span's end (exclusive).
    pub end: crate::document::source::LineCol,
}

/// Everything the machine formats need about one linted file. Built while the file's
/// text is in memory; the text itself is not kept.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The path as the user named it (as shown in human and short output).
    pub path: std::path::PathBuf,
    /// The path relative to the repository root, `/`-separated, when the file is
    /// inside the root (SARIF artifact locations, GitLab paths).
    pub root_relative: Option<String>,
    /// The file's findings, in the order they were reported.
    pub findings: Vec<Located>,
}

impl FileReport {
    /// The report of `doc` with its findings `diags`, their lines and columns resolved.
    pub fn new(
        doc: &crate::document::model::Document,
        diags: &[crate::diagnostic::Diagnostic],
        root_relative: Option<String>,
    ) -> Self {
        let findings = diags
            .iter()
            .map(|d| Located {
                diag: d.clone(),
                start: doc.line_col(d.span.start),
                end: doc.line_col(d.span.end),
            })
            .collect();
        FileReport {
            path: doc.path.clone(),
            root_relative,
            findings,
        }
    }

    /// The path to print in machine formats: root-relative when known, else as named.
    pub fn display_path(&self) -> String {
        self.root_relative
            .clone()
            .unwrap_or_else(|| self.path.to_string_lossy().replace('\\', "/"))
    }
}

pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod sarif;
