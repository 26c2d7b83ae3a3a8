//! `--format gitlab`: a GitLab Code Quality report (the subset of the Code Climate
//! issue format that GitLab reads), for `artifacts: reports: codequality:`.
//!
//! One JSON array, one object per finding, files in the given order:
//!
//! ```json
//! [
//!   {
//!     "description": "hedging: `should`",
//!     "check_name": "PL101",
//!     "fingerprint": "6f1c0c1e1b7d2f5a8e3b9c0d4a2e7f10",
//!     "severity": "major",
//!     "location": { "path": "EXPORT/plan_x.md", "lines": { "begin": 5 } }
//!   }
//! ]
//! ```
//!
//! * `severity`: `major` for errors, `minor` for warnings.
//! * `location.path`: relative to the repository root when the file is inside it
//!   ([`FileReport::display_path`]), which is what GitLab resolves against the project.
//! * A file that could not be read is one issue with `check_name`
//!   `plan-lint/io-error` (a fix that could not be written: `plan-lint/write-error`),
//!   `severity` `critical`, `lines.begin` 1, the description `PATH could not be read:
//!   REASON`, and a fingerprint of the path and the check name (not the reason, which
//!   may carry an OS error text). Directories the walk could not list have no path
//!   GitLab could show and are not reported here (standard error has them).
//! * `fingerprint`: see [`fingerprints`]. GitLab uses it to tell new findings from
//!   fixed ones between the source and target branch of a merge request, so it must
//!   not change when unrelated lines move, and two findings must not share one.

use super::{FileReport, Totals};
use crate::diagnostic::Severity;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Issue<'a> {
    description: std::borrow::Cow<'a, str>,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// The report for `files`, as pretty-printed JSON ending with a newline. `totals` is
/// not part of the format (GitLab counts the issues itself).
pub fn render(files: &[FileReport], _totals: &Totals) -> String {
    let mut issues = Vec::new();
    for file in files {
        let path = file.display_path();
        if let Some(failure) = &file.failure {
            let check_name = failure.kind.check_name();
            let mut h = Fnv1a128::new();
            h.field(path.as_bytes());
            h.field(check_name.as_bytes());
            issues.push(Issue {
                description: format!("{path} {}: {}", failure.kind.describe(), failure.message)
                    .into(),
                check_name,
                fingerprint: format!("{:032x}", h.finish()),
                severity: "critical",
                location: Location {
                    path: path.clone(),
                    lines: Lines { begin: 1 },
                },
            });
        }
        for (found, fingerprint) in file.findings.iter().zip(fingerprints(file)) {
            issues.push(Issue {
                description: found.diag.message.as_str().into(),
                check_name: found.diag.code,
                fingerprint,
                severity: match found.diag.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path: path.clone(),
                    lines: Lines {
                        begin: found.start.line,
                    },
                },
            });
        }
    }
    let mut out = serde_json::to_string_pretty(&issues).expect("plain data serializes");
    out.push('\n');
    out
}

/// One fingerprint per finding of `file`, in order: 32 hex digits of the 128-bit
/// FNV-1a hash of the file's [`FileReport::display_path`], the rule code, the message
/// with its line references masked (see [`mask_line_numbers`]), and the finding's
/// occurrence number among the findings of the file with the same code and masked
/// message (0 for the first, 1 for the second, …).
///
/// Line, column and byte offset are deliberately left out, so inserting or removing
/// lines elsewhere in the plan keeps every fingerprint; the occurrence number keeps
/// identical findings in one file apart. The hash is computed here, not with std's
/// randomly seeded hasher, so it is the same on every run and every machine.
pub fn fingerprints(file: &FileReport) -> Vec<String> {
    let path = file.display_path();
    let mut seen: HashMap<(&str, String), u64> = HashMap::new();
    file.findings
        .iter()
        .map(|found| {
            let d = &found.diag;
            let message = mask_line_numbers(&d.message);
            let mut h = Fnv1a128::new();
            h.field(path.as_bytes());
            h.field(d.code.as_bytes());
            h.field(message.as_bytes());
            let n = seen.entry((d.code, message)).or_insert(0);
            h.field(&n.to_le_bytes());
            *n += 1;
            format!("{:032x}", h.finish())
        })
        .collect()
}

/// The message with the numbers of line references replaced by `#`: some messages
/// point at another line (`already listed on line 21`, `first on line 12`), and
/// those numbers move with unrelated edits just like the finding's own line.
/// `line 21`, `lines 3-5`, `Line 7, 9` all become `line #`-style text.
pub fn mask_line_numbers(message: &str) -> String {
    static LINE_REF: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = LINE_REF.get_or_init(|| {
        regex::Regex::new(r"(?i)\b(lines?)(\s+)\d+(?:\s*(?:[-–,]|and|to)\s*\d+)*\b")
            .expect("valid pattern")
    });
    re.replace_all(message, "$1$2#").into_owned()
}

/// FNV-1a, 128 bits (the published offset basis and prime).
struct Fnv1a128(u128);

impl Fnv1a128 {
    const OFFSET_BASIS: u128 = 0x6c62272e07bb014262b821756295c58d;
    const PRIME: u128 = 0x0000000001000000000000000000013b;

    fn new() -> Self {
        Fnv1a128(Self::OFFSET_BASIS)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    /// A length-prefixed field, so that ("ab", "c") and ("a", "bc") hash differently.
    fn field(&mut self, bytes: &[u8]) {
        self.write(&(bytes.len() as u64).to_le_bytes());
        self.write(bytes);
    }

    fn finish(&self) -> u128 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_references_are_masked() {
        assert_eq!(
            mask_line_numbers("`a` is already listed on line 21"),
            "`a` is already listed on line #"
        );
        assert_eq!(
            mask_line_numbers("first on Lines 3-5, and lines 7 and 9; step 2"),
            "first on Lines #, and lines #; step 2"
        );
        assert_eq!(mask_line_numbers("a pipeline 3"), "a pipeline 3");
    }

    #[test]
    fn fnv1a_128_matches_the_reference_vectors() {
        let hash = |s: &str| {
            let mut h = Fnv1a128::new();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0x6c62272e07bb014262b821756295c58d);
        assert_eq!(hash("a"), 0xd228cb696f1a8caf78912b704e4a8964);
        assert_eq!(hash("foobar"), 0x343e1662793c64bf6f0d3597ba446f18);
    }
}
