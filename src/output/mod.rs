//! Output formats, seven in all. Per file, streamed as files finish: [`human`] (miette
//! reports with source snippets) and [`short`] (`path:line:col: CODE severity:
//! message`). One document for the whole run: [`json`] (stable schema,
//! `docs/json-format.md`), [`sarif`] (SARIF 2.1.0 with the rule pages), [`github`]
//! (workflow annotations), [`gitlab`] (Code Quality JSON) and [`junit`] (one test case
//! per file). The closing [`summary_line`] and [`fixable_line`] go to standard error
//! (unless `--quiet`); [`statistics`] renders `--statistics`. Files that could not be
//! read or written reach the machine formats as a [`FileReport`] with a [`Failure`].

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

/// The closing line about fixes, printed after [`summary_line`] (as ruff's), or
/// `None` when there is nothing to say. A finding is fixable when its fix is safe
/// (`--fix` applies it); an unsafe fix is "hidden" until `--unsafe-fixes`; a
/// suggestion is never applied.
///
/// * Lint only: ``[*] 4 fixable with the `--fix` option (2 hidden fixes can be
///   enabled with the `--unsafe-fixes` option).``, or ``No fixes available (…).``
///   when only unsafe fixes exist; with `unsafe_fixes`, ``[*] 6 fixable with the
///   `--fix --unsafe-fixes` options.``
/// * Fixing (`fixing`: `--fix` or `--diff`, whose totals are those of the fixed text):
///   only what `--unsafe-fixes` would still fix, ``2 hidden fixes can be enabled with
///   the `--unsafe-fixes` option.``
pub fn fixable_line(t: &Totals, fixing: bool, unsafe_fixes: bool) -> Option<String> {
    let fixes = |n: usize| if n == 1 { "fix" } else { "fixes" };
    let hidden = (!unsafe_fixes && t.unsafe_fixable > 0).then(|| {
        format!(
            "{} hidden {} can be enabled with the `--unsafe-fixes` option",
            t.unsafe_fixable,
            fixes(t.unsafe_fixable)
        )
    });
    if fixing {
        return hidden.map(|h| format!("{h}."));
    }
    if unsafe_fixes {
        let n = t.fixable + t.unsafe_fixable;
        return (n > 0)
            .then(|| format!("[*] {n} fixable with the `--fix --unsafe-fixes` options."));
    }
    match (t.fixable, hidden) {
        (0, None) => None,
        (0, Some(h)) => Some(format!("No fixes available ({h}).")),
        (n, None) => Some(format!("[*] {n} fixable with the `--fix` option.")),
        (n, Some(h)) => Some(format!("[*] {n} fixable with the `--fix` option ({h}).")),
    }
}

/// Why a file is in a report without (all of) its findings: the `error` entry of the
/// machine formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Read or write.
    pub kind: FailureKind,
    /// What went wrong (`not valid UTF-8`, `permission denied`, …), without the path.
    pub message: String,
}

/// What could not be done to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The file could not be read or parsed (an I/O error, not UTF-8, binary, nested
    /// too deeply): it has no findings.
    Read,
    /// The file was linted but its fix could not be written (`--fix`): its findings
    /// are those of the file as read.
    Write,
}

impl FailureKind {
    /// The stable name of the failure in the machine formats (`kind` in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Read => "read",
            FailureKind::Write => "write",
        }
    }

    /// The check name in GitLab, JUnit and SARIF: `plan-lint/io-error` (read) or
    /// `plan-lint/write-error` (write).
    pub fn check_name(self) -> &'static str {
        match self {
            FailureKind::Read => "plan-lint/io-error",
            FailureKind::Write => "plan-lint/write-error",
        }
    }

    /// `could not be read` / `fix could not be written`.
    pub fn describe(self) -> &'static str {
        match self {
            FailureKind::Read => "could not be read",
            FailureKind::Write => "fix could not be written",
        }
    }
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
    /// Set when the file could not be read, or its fix could not be written.
    pub failure: Option<Failure>,
    /// The fixes applied to the file (`--fix --show-fixes`; with `--diff`, that would
    /// be applied); `None` when fixes are not reported.
    pub fixes_applied: Option<Vec<crate::engine::fix::Applied>>,
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
            failure: None,
            fixes_applied: None,
        }
    }

    /// The report of a file that could not be read: no findings, only the failure.
    pub fn unreadable(
        path: std::path::PathBuf,
        root_relative: Option<String>,
        message: String,
    ) -> Self {
        FileReport {
            path,
            root_relative,
            findings: Vec::new(),
            failure: Some(Failure {
                kind: FailureKind::Read,
                message,
            }),
            fixes_applied: None,
        }
    }

    /// What the machine formats get of one file the engine hands back: its findings,
    /// why it could not be read or written, and (`show_fixes`, `--show-fixes`) the
    /// fixes applied, unless they could not be written.
    pub fn of_result(f: &crate::engine::run::FileResult, show_fixes: bool) -> Self {
        let Some(doc) = &f.document else {
            let message = f
                .failure
                .as_ref()
                .map_or_else(String::new, |e| e.message.clone());
            return FileReport::unreadable(f.path.clone(), f.root_relative.clone(), message);
        };
        let mut report = FileReport::new(doc, &f.diagnostics, f.root_relative.clone());
        report.failure = f.failure.as_ref().map(|e| Failure {
            kind: if e.unwritten {
                FailureKind::Write
            } else {
                FailureKind::Read
            },
            message: e.message.clone(),
        });
        if show_fixes && f.failure.is_none() {
            report.fixes_applied = f.fix.as_ref().map(|fix| fix.applied.clone());
        }
        report
    }

    /// Whether the file was linted (its findings are real): false when it could not
    /// be read.
    pub fn linted(&self) -> bool {
        self.failure
            .as_ref()
            .is_none_or(|f| f.kind != FailureKind::Read)
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
pub mod statistics;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixable_line_says_what_fix_and_unsafe_fixes_would_do() {
        let t = |fixable, unsafe_fixable| Totals {
            fixable,
            unsafe_fixable,
            ..Totals::default()
        };
        let line = |t: Totals, fixing, unsafe_fixes| fixable_line(&t, fixing, unsafe_fixes);
        assert_eq!(line(t(0, 0), false, false), None);
        assert_eq!(
            line(t(4, 2), false, false).as_deref(),
            Some(
                "[*] 4 fixable with the `--fix` option (2 hidden fixes can be enabled with the `--unsafe-fixes` option)."
            )
        );
        assert_eq!(
            line(t(1, 0), false, false).as_deref(),
            Some("[*] 1 fixable with the `--fix` option.")
        );
        assert_eq!(
            line(t(0, 1), false, false).as_deref(),
            Some(
                "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option)."
            )
        );
        assert_eq!(
            line(t(4, 2), false, true).as_deref(),
            Some("[*] 6 fixable with the `--fix --unsafe-fixes` options.")
        );
        // After fixing: only what --unsafe-fixes would still do.
        assert_eq!(
            line(t(1, 2), true, false).as_deref(),
            Some("2 hidden fixes can be enabled with the `--unsafe-fixes` option.")
        );
        assert_eq!(line(t(1, 0), true, false), None);
        assert_eq!(line(t(0, 2), true, true), None);
    }
}
