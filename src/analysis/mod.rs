//! Views derived once from one plan: sections, impact table, steps, paths, references, symbols, suppressions.

// which heading is which contract section
pub mod outline;
// the impact table: rows, paths, change types
pub mod impact;
// the implementation steps and their fields
pub mod steps;
// path syntax: globs, braces, suffixes
pub(crate) mod paths;
// the repository paths a plan names in prose, code and links
pub(crate) mod references;
// the file arguments of the plan's test and run commands
pub(crate) mod commands;
// inline `plan-lint-disable` directives
pub(crate) mod suppress;
// what a code symbol is, as a plan writes it
pub(crate) mod symbols;
// where a plan names symbols, and the names a run scans for
pub mod symbol_refs;
// the shapes of environment variables, routes and flags (PL312-PL314)
pub mod interfaces;
// where a plan presents them as existing
pub mod interface_refs;
