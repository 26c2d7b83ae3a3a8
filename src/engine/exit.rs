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

impl ExitPolicy {
    /// The warning limit `warnings` breaks, if `--max-warnings` is set and exceeded.
    pub fn warnings_over_limit(&self, warnings: usize) -> Option<TooManyWarnings> {
        self.max_warnings
            .filter(|&max| warnings > max)
            .map(|max| TooManyWarnings { warnings, max })
    }
}

/// Why a run failed on warnings alone: more of them than `--max-warnings` allows. Its
/// text is what a shell tells the user ("8 warnings, more than --max-warnings 5").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyWarnings {
    /// Warning-level findings of the run.
    pub warnings: usize,
    /// The limit (`--max-warnings N`).
    pub max: usize,
}

impl std::fmt::Display for TooManyWarnings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = if self.warnings == 1 { "" } else { "s" };
        write!(
            f,
            "{} warning{s}, more than --max-warnings {}",
            self.warnings, self.max
        )
    }
}
