//! `--statistics`: the findings of a run per rule, most frequent first (then by code),
//! as a table or (`--format json`) as JSON.
//!
//! ```text
//! count  code   severity  fixable          rule
//!     3  PL101  error     [*] 2            hedging
//!     1  PL004  error     1 unsafe         missing-section
//!     1  PL102  warning   -                weak-wording
//! ```
//!
//! `fixable` counts the findings `--fix` repairs (`[*] N`) and those only
//! `--fix --unsafe-fixes` repairs (`N unsafe`); `severity` is `mixed` when the rule
//! reported errors and warnings (configured differently for some plans). The JSON is an
//! array in the same order, as ruff's `--statistics --output-format json`:
//!
//! ```json
//! [
//!   { "code": "PL101", "name": "hedging", "count": 3, "severity": "error",
//!     "errors": 3, "warnings": 0, "fixable": 2, "unsafe_fixable": 0 }
//! ]
//! ```

use crate::engine::run::RuleStats;
use serde::Serialize;
use std::collections::BTreeMap;

/// One rule's row.
#[derive(Serialize)]
struct Row {
    code: &'static str,
    name: &'static str,
    count: usize,
    severity: &'static str,
    errors: usize,
    warnings: usize,
    fixable: usize,
    unsafe_fixable: usize,
}

fn rows(stats: &BTreeMap<&'static str, RuleStats>) -> Vec<Row> {
    let mut rows: Vec<Row> = stats
        .iter()
        .map(|(code, s)| Row {
            code,
            name: crate::rules::find(code).map_or("", |r| r.name()),
            count: s.count(),
            severity: match (s.errors, s.warnings) {
                (_, 0) => "error",
                (0, _) => "warning",
                _ => "mixed",
            },
            errors: s.errors,
            warnings: s.warnings,
            fixable: s.fixable,
            unsafe_fixable: s.unsafe_fixable,
        })
        .collect();
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    rows
}

/// The table, with a header line; empty when nothing was found.
pub fn render_text(stats: &BTreeMap<&'static str, RuleStats>) -> String {
    let rows = rows(stats);
    if rows.is_empty() {
        return String::new();
    }
    let fixable: Vec<String> = rows
        .iter()
        .map(|r| {
            let mut parts = Vec::new();
            if r.fixable > 0 {
                parts.push(format!("[*] {}", r.fixable));
            }
            if r.unsafe_fixable > 0 {
                parts.push(format!("{} unsafe", r.unsafe_fixable));
            }
            if parts.is_empty() {
                "-".to_string()
            } else {
                parts.join(", ")
            }
        })
        .collect();
    let count_w = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(0)
        .max("count".len());
    let fix_w = fixable
        .iter()
        .map(|f| f.chars().count())
        .max()
        .unwrap_or(0)
        .max("fixable".len());
    let mut out = format!(
        "{:>count_w$}  {:<5}  {:<8}  {:<fix_w$}  rule\n",
        "count", "code", "severity", "fixable"
    );
    for (r, f) in rows.iter().zip(&fixable) {
        out.push_str(&format!(
            "{:>count_w$}  {:<5}  {:<8}  {:<fix_w$}  {}\n",
            r.count, r.code, r.severity, f, r.name
        ));
    }
    out
}

/// The JSON array (pretty-printed, ending with a newline; `[]` when nothing was found).
pub fn render_json(stats: &BTreeMap<&'static str, RuleStats>) -> String {
    let mut out = serde_json::to_string_pretty(&rows(stats)).expect("plain data serializes");
    out.push('\n');
    out
}
