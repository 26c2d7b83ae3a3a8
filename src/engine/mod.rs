//! The run: configuration, linting in phases, fixing, discovery, the whole run from
//! code, exit statuses.

// `plan-lint.toml` and `[tool.plan-lint]`: rule levels, paths, the contract
pub mod config;
// the linter: the rules over one document, in parallel, then suppressions
pub mod lint;
// applying fixes until nothing changes, and the fix invariants
pub mod fix;
// command-line paths to plan files and each plan's repository root
pub(crate) mod discover;
// a whole run: discover → parse → symbol scan → lint/fix → totals
pub mod run;
// what a run would use, without running: its plan files, one plan's settings
pub mod settings;
// `export` and `new`: feat_names, titles with a slug, skeletons
pub(crate) mod export;
// exit statuses and the exit codes they map to
pub(crate) mod exit;
