//! Output formats. `human` (miette reports with source snippets) and `short`
//! (`path:line:col: CODE severity: message`).

pub mod human;
pub mod short;

use crate::diagnostic::Severity;

/// Totals for the closing summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Files that could not be read or parsed.
    pub failed: usize,
}

impl Totals {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }

    pub fn merge(&mut self, other: Totals) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.failed += other.failed;
    }
}

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
    if t.failed > 0 {
        s.push_str(&format!(", {} could not be read", plural(t.failed, "file")));
    }
    let ms = elapsed.as_secs_f64() * 1000.0;
    s.push_str(&format!(" ({ms:.1} ms)"));
    s
}
