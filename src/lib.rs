//! plan-lint: a fast, exact linter for implementation-plan documents.
//!
//! A plan follows the contract in `rules/contract.toml` (the planner prompt's required
//! title, sections, impact table, language rules…). The pipeline, one module a stage:
//!
//! 1. [`discover`]: command-line paths → plan files, and each plan's repository root;
//! 2. [`source`]: read the bytes, check UTF-8, index lines (CRLF, lone CR, BOM);
//! 3. [`parse`]: comrak parses the Markdown; the walker lowers its AST into
//! 4. [`model`]: an owned, `Send + Sync` document with exact byte spans, from which
//!    [`outline`] (which heading is which section), [`impact`] (the impact table) and
//!    [`steps`] (the implementation steps) are derived once per document;
//! 5. [`rules`]: one module per rule, run in parallel by [`lint::Linter`] over a
//!    shared [`rules::Context`] (with the case-exact, cached [`fs_view::FsView`]);
//! 6. [`suppress`]: inline `<!-- plan-lint-disable … -->` comments drop findings, and
//!    PL901/PL902 report unknown and unused ones;
//! 7. [`diagnostic`]: what rules report (with their fixes), sorted deterministically;
//! 8. [`render`]: seven output formats: `human` (miette reports), `short` (one line a
//!    finding), and the machine formats `json`, `sarif`, `github`, `gitlab`, `junit`.
//!
//! Around the pipeline: [`symbols`] gathers the symbols every plan names and scans the
//! repository once per run (PL307-PL309); [`fix`] applies safe fixes (and, when asked,
//! unsafe ones) until nothing changes, and [`write`](mod@write) writes the result
//! atomically; [`export`] writes a linted plan (or a transcript's `FILE:` output,
//! [`transcript`]) to `EXPORT/`; [`cli`] ties it together.
//!
//! The library is usable without the CLI:
//!
//! ```
//! use plan_lint::{config::Config, fs_view::FsView, lint::{Linter, Selection}};
//! let linter = Linter::new(Config::defaults(".".into()), &Selection::default()).unwrap();
//! let fs = FsView::new(".");
//! let diags = plan_lint::lint_text(&linter, &fs, "EXPORT/plan_a.md", "# Plan: A (a)\n\nIt should work.\n");
//! assert!(diags.iter().any(|d| d.code == "PL101"));
//! ```

pub mod blocks;
pub mod cli;
pub mod commands;
pub mod config;
pub mod contract;
pub mod diagnostic;
pub mod discover;
pub mod docs;
pub mod exit;
pub mod export;
pub mod fix;
pub mod fs_view;
pub mod impact;
pub mod inline;
pub mod lint;
pub mod model;
pub mod outline;
pub mod parse;
pub mod path_set;
pub mod paths;
pub mod references;
pub mod render;
pub mod rules;
pub mod source;
pub mod steps;
pub mod suppress;
pub mod symbols;
#[cfg(test)]
mod test_rng;
pub mod transcript;
pub mod write;

use std::path::Path;
use std::sync::Arc;

/// Parses and lints one plan given as text. `path` is used for the file-name rule and
/// in output; it is not read.
pub fn lint_text(
    linter: &lint::Linter,
    fs: &fs_view::FsView,
    path: impl AsRef<Path>,
    text: &str,
) -> Vec<diagnostic::Diagnostic> {
    let path = path.as_ref();
    let doc = parse::parse(path, Arc::from(text));
    linter.lint_document(&doc, fs, Some(path))
}
