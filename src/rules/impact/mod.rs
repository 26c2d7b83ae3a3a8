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
/// that leaves the root is never touched on disk). Each path is looked up once per
/// plan, whichever of PL202-PL205 asks first ([`PathRef::lookups`]).
pub(crate) fn resolve_all<'r>(ctx: &'r Context<'_>) -> impl Iterator<Item = Resolved<'r>> + 'r {
    ctx.impact.rows.iter().flat_map(move |row| {
        row.paths
            .iter()
            .filter(|p| !p.is_glob())
            .flat_map(move |path| {
                path.expanded
                    .iter()
                    .zip(path.lookups(ctx.fs))
                    .map(move |(candidate, lookup)| Resolved {
                        row,
                        path,
                        candidate,
                        lookup: lookup.clone(),
                    })
            })
    })
}

/// A lexical problem of a glob path (globs are matched, never looked up).
pub(crate) fn glob_problem(path: &str) -> Option<PathProblem> {
    fs_view::normalize(path).err()
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::engine::config::Config;
    use crate::engine::lint::Linter;
    use crate::rules::{self, tester::fixture_repo};
    use crate::workspace::fs_view::FsView;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    /// Lookups made linting `plan` with the path rules PL202-PL205 on.
    fn walks(plan: &str) -> (usize, usize) {
        let codes = ["PL202", "PL203", "PL204", "PL205"];
        let chosen = codes
            .iter()
            .map(|c| (rules::find(c).unwrap(), Severity::Error))
            .collect();
        let linter = Linter::with_rules(Config::defaults(PathBuf::from(".")), chosen);
        let fs = FsView::new(fixture_repo());
        let path = Path::new("EXPORT/plan_a.md");
        let doc = crate::document::parse::parse(path, Arc::from(plan));
        let findings = linter.lint_document_with(&doc, &fs, Some(path), None);
        (fs.walks(), findings.len())
    }

    #[test]
    fn each_impact_path_is_looked_up_once_whatever_the_rules() {
        let mut plan = String::from(
            "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n",
        );
        let rows = [
            "| `src/lib.rs` | x | new |",           // PL204
            "| `src/gone.rs` | x | edit |",         // PL203
            "| `SRC/lib.rs` | x | delete |",        // PL203, a case variant
            "| `src/{lib,main}.rs` | x | Modify |", // PL202 asks too: two paths
            "| `../secret.txt` | x | edit |",       // PL205: lexical, never walked
            "| `src/*.rs` | x | edit |",            // a glob: matched, not looked up
        ];
        for r in rows {
            plan.push_str(r);
            plan.push('\n');
        }
        let (walks, findings) = walks(&plan);
        assert!(findings >= 4, "the rules still report ({findings})");
        // src/lib.rs, src/gone.rs, SRC/lib.rs, src/lib.rs and src/main.rs: five paths,
        // one walk each, although three or four rules read every answer.
        assert_eq!(walks, 5);
    }
}
