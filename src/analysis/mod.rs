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
// the symbols a plan names, and the one repository scan for them
pub mod symbols;
