//! The repository on disk: a case-exact, cached view of its files, path sets, the symbol index, atomic writes.

// what a source file defines and uses (tree-sitter): the symbol index's definitions
pub mod definitions;
// the case-exact, cached view of the repository (never outside its root)
pub mod fs_view;
// sets of repository paths (globs compiled once)
pub(crate) mod path_set;
// the one repository scan for the symbols plans name (identifier syntax, the index)
pub mod symbol_index;
// atomic writes that never widen permissions or lose another process's data
pub mod write;
