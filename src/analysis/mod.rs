//! Views derived once from one plan: sections, impact table, steps, paths, references, symbols, suppressions.

// which heading is which contract section
pub mod outline;
// the impact table: rows, paths, change types
pub mod impact;
// the implementation steps and their fields
pub mod steps;
// path syntax: globs, braces, suffixes
pub mod paths;
// the repository paths a plan names in prose, code and links
pub mod references;
// the file arguments of the plan's test and run commands
pub mod commands;
// inline `plan-lint-disable` directives
pub mod suppress;
// what a code symbol is, as a plan writes it
pub mod symbols;
// where a plan names symbols, and the names a run scans for
pub mod symbol_refs;
