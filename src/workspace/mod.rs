//! The repository on disk: a case-exact, cached view of its files, path sets, atomic writes.

// the case-exact, cached view of the repository (never outside its root)
pub mod fs_view;
// sets of repository paths (globs compiled once)
pub mod path_set;
// atomic writes that never widen permissions or lose another process's data
pub mod write;
