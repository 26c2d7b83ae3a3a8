//! How a run ends: its [`ExitStatus`] (as ruff's) and the process exit code each one
//! maps to, in one place.

/// Exit code: no error-level finding (or `--exit-zero`).
pub(crate) const EXIT_CLEAN: i32 = 0;
/// Exit code: error-level findings (or more warnings than `--max-warnings`, a file
/// `--fix` changed with `--exit-non-zero-on-fix`, a file `--diff` would change).
pub(crate) const EXIT_FINDINGS: i32 = 1;
/// Exit code: a usage, configuration or I/O error.
pub(crate) const EXIT_ERROR: i32 = 2;

/// The verdict of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing to report that fails the run.
    Success,
    /// Findings that fail the run.
    Findings,
    /// A file could not be read or written, or the run could not start.
    Error,
}

impl ExitStatus {
    /// The process exit code: 0, 1 or 2.
    pub fn code(self) -> i32 {
        match self {
            ExitStatus::Success => EXIT_CLEAN,
            ExitStatus::Findings => EXIT_FINDINGS,
            ExitStatus::Error => EXIT_ERROR,
        }
    }
}

/// The flags that change which findings fail a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExitPolicy {
    /// `--exit-zero`: findings never fail the run (I/O errors still do).
    pub exit_zero: bool,
    /// `--max-warnings N`: more than N warnings fail the run.
    pub max_warnings: Option<usize>,
    /// `--exit-non-zero-on-fix`: a file `--fix` changed fails the run.
    pub exit_non_zero_on_fix: bool,
}
