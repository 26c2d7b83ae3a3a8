//! Impact-table rules (PL2xx): the table in "Impacted Files & Directories" and the
//! repository it describes. Paths are resolved from the repository root, never from the
//! current directory, through the shared case-exact [`crate::workspace::fs_view::FsView`].

use crate::analysis::impact::{ImpactRow, PathRef};
use crate::rules::Context;
use crate::workspace::fs_view::{self, Lookup, PathProblem};

pub(crate) mod change_type;
pub(crate) mod duplicate_path;
pub(crate) mod empty_cell;
pub(crate) mod glob_no_match;
pub(crate) mod impact_table;
pub(crate) mod path_exists;
pub(crate) mod path_not_found;
pub(crate) mod path_outside_root;

/// One concrete (non-glob) path of a row, resolved against the repository.
pub(crate) struct Resolved<'r> {
    pub row: &'r ImpactRow,
    pub path: &'r PathRef,
    /// The expanded form checked (differs from `path.text` after brace expansion).
    pub candidate: &'r str,
    pub lookup: Lookup,
}

/// Every non-glob path of every impact row, looked up (lexical problems first: a path
/// that leaves the root is never touched on disk).
pub(crate) fn resolve_all<'r>(ctx: &'r Context<'_>) -> impl Iterator<Item = Resolved<'r>> + 'r {
    ctx.impact.rows.iter().flat_map(move |row| {
        row.paths
            .iter()
            .filter(|p| !p.is_glob())
            .flat_map(move |path| {
                path.expanded.iter().map(move |candidate| {
                    let lookup = ctx.fs.lookup_written(candidate);
                    Resolved {
                        row,
                        path,
                        candidate,
                        lookup,
                    }
                })
            })
    })
}

/// A lexical problem of a glob path (globs are matched, never looked up).
pub(crate) fn glob_problem(path: &str) -> Option<PathProblem> {
    fs_view::normalize(path).err()
}
