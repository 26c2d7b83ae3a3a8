//! The run: configuration, linting in phases, fixing, discovery, exit codes.

// `plan-lint.toml` and `[tool.plan-lint]`: rule levels, paths, the contract
pub mod config;
// the linter: the rules over one document, in parallel, then suppressions
pub mod lint;
// applying fixes until nothing changes, and the fix invariants
pub mod fix;
// command-line paths to plan files and each plan's repository root
pub mod discover;
// exit codes, output that never panics, the configuration a command loads
pub mod exit;
