//! plan-lint: a fast, exact linter for implementation-plan documents.
//!
//! A plan follows the contract in `rules/contract.toml` (the planner prompt's required
//! title, sections, impact table, language rules…). The crate is in layers; a module
//! imports only the layers below it (`tests/architecture.rs` keeps it so):
//!
//! 1. [`contract`] (the contract's data) and [`docs`] (the embedded rule pages);
//! 2. [`document`]: a plan's bytes ([`document::source`]: UTF-8, lines, CRLF, BOM),
//!    parsed by comrak and lowered into an owned, `Send + Sync` [`document::model`]
//!    with exact byte spans; and [`workspace`]: the repository on disk (the case-exact,
//!    cached [`workspace::fs_view::FsView`], path sets, the one repository scan for
//!    symbols (PL307-PL309, [`workspace::symbol_index`]), atomic writes);
//! 3. [`diagnostic`]: what rules report, with their fixes (text edits on the original
//!    bytes) and applicability;
//! 4. [`analysis`]: views derived once per plan — which heading is which section, the
//!    impact table, the steps, the paths and symbols it names, suppression comments;
//! 5. [`rules`]: one module per rule, over a shared [`rules::Context`];
//! 6. [`engine`]: configuration, the [`engine::lint::Linter`] (rules in parallel, then
//!    suppressions), fixing until nothing changes, discovery of plans and roots, exit
//!    codes;
//! 7. [`output`]: seven formats — `human` (miette reports), `short` (one line a
//!    finding), and the machine formats `json`, `sarif`, `github`, `gitlab`, `junit`;
//! 8. [`cli`]: the command line (`check`, `--fix`/`--diff`, `export`/`new`, `rules`,
//!    `explain`).
//!
//! # Running plan-lint from code
//!
//! [`run`] is what the command line calls (and what a language server or an MCP
//! server would): it takes [`Options`] (paths, working directory, configuration,
//! selection, fix mode, threads) and returns a [`Report`]: per file its parsed
//! document, diagnostics and fixed text, plus totals, per-rule counts and an
//! [`ExitStatus`]. It never prints.
//!
//! ```
//! use plan_lint::{ExitStatus, Options};
//! let mut options = Options::new(vec!["fixtures/clean".into()], ".");
//! options.root = Some("fixtures/repo".into());
//! let report = plan_lint::run(&options).unwrap();
//! assert_eq!(report.files.len(), 1);
//! assert!(report.files[0].diagnostics.is_empty());
//! assert_eq!(report.exit_status(), ExitStatus::Success);
//! ```
//!
//! One plan given as text, with a [`Linter`] built once:
//!
//! ```
//! use plan_lint::{Config, Linter, Selection};
//! use plan_lint::workspace::fs_view::FsView;
//! let linter = Linter::new(Config::defaults(".".into()), &Selection::default()).unwrap();
//! let fs = FsView::new(".");
//! let diags = plan_lint::lint_text(&linter, &fs, "EXPORT/plan_a.md", "# Plan: A (a)\n\nIt should work.\n");
//! assert!(diags.iter().any(|d| d.code == "PL101"));
//! ```

pub mod analysis;
// The binary's shell (`main.rs` calls `cli::main`), not a library API: hidden from
// the docs, so `missing_docs` does not ask for it.
#[doc(hidden)]
pub mod cli;
pub mod contract;
pub mod diagnostic;
pub mod docs;
pub mod document;
pub mod engine;
pub mod output;
pub mod rules;
#[cfg(test)]
mod test_rng;
pub mod workspace;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
pub use engine::config::Config;
pub use engine::exit::ExitStatus;
pub use engine::lint::{Linter, Selection};
pub use engine::run::{Options, Report, run};

use std::path::Path;
use std::sync::Arc;

/// Parses and lints one plan given as text. `path` is used for the file-name rule and
/// in output; it is not read.
pub fn lint_text(
    linter: &engine::lint::Linter,
    fs: &workspace::fs_view::FsView,
    path: impl AsRef<Path>,
    text: &str,
) -> Vec<diagnostic::Diagnostic> {
    let path = path.as_ref();
    let doc = document::parse::parse(path, Arc::from(text));
    linter.lint_document(&doc, fs, Some(path))
}
