//! PL305 `impact-row-unused`: every impact-table row is named by some step's Files.

use super::{all_step_paths, is_concrete};
use crate::analysis::paths::is_glob;
use crate::analysis::steps::StepPath;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view;
use crate::workspace::path_set::PathSet;
use std::collections::HashSet;

pub(crate) struct ImpactRowUnused;

static META: RuleMeta = RuleMeta {
    code: "PL305",
    name: "impact-row-unused",
    severity: Severity::Warning,
    summary: "Every impact-table row is named in some step's Files.",
    group: crate::rules::Group::Steps,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// Whether the impact path `row` (normalised) matches a glob row against the step
/// paths `used`.
fn glob_uses(row: &str, used: &[String]) -> bool {
    globset::GlobBuilder::new(row)
        .literal_separator(true)
        .build()
        .is_ok_and(|g| {
            let g = g.compile_matcher();
            used.iter().any(|u| g.is_match(u))
        })
}

impl Rule for ImpactRowUnused {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        if ctx.steps.steps.is_empty() {
            return Vec::new(); // PL301 reports the missing steps
        }
        if ctx.steps.steps.iter().all(|s| s.fields.is_empty()) {
            // No step has its fields at all: PL302 reports each step once; every row
            // "unused" would be the same root cause again.
            return Vec::new();
        }
        let named: Vec<&StepPath> = all_step_paths(ctx).map(|(_, p)| p).collect();
        // A step path uses a row when it is the same path, one below or above it, or
        // matched by the row's glob.
        let used: Vec<String> = named
            .iter()
            .filter(|p| is_concrete(&p.text))
            .flat_map(|p| p.expanded.iter())
            .filter_map(|p| fs_view::normalize(p).ok())
            .collect();
        let mut used_set = PathSet::default();
        for u in &used {
            used_set.insert(u);
        }
        // Paths no lookup can normalise (absolute, `..`, globs) count when written alike.
        let verbatim: HashSet<&str> = named
            .iter()
            .map(|p| p.text.trim_start_matches("./"))
            .collect();
        let mut out = Vec::new();
        for row in &ctx.impact.rows {
            for path in &row.paths {
                let named = verbatim.contains(&path.text.trim_start_matches("./"))
                    || path.expanded.iter().any(|p| {
                        let row_rel = fs_view::normalize(p).unwrap_or_else(|_| p.clone());
                        if is_glob(&row_rel) {
                            glob_uses(&row_rel, &used)
                        } else {
                            used_set.related(&row_rel)
                        }
                    });
                if !named {
                    out.push(
                        self.report(
                            path.span,
                            format!(
                                "`{}` is in the impact table, but no step's Files names it",
                                path.text
                            ),
                        )
                        .with_help(
                            "name it in the Files of the step that changes it, or remove the row",
                        ),
                    );
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let t = "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `src/lib.rs` | x | edit |\n| `tests/` | x | edit |\n| `src/*.rs` | x | edit |\n\n## Implementation Plan\n\n";
        Tester::new("PL305")
            .pass(&[
                "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `src/*.rs` | x | delete |\n| `/etc/x.conf` | x | edit |\n\n## Implementation Plan\n\n1. A.\n   - **Files:** `src/*.rs`, `/etc/x.conf`\n   - **Changes:** x\n   - **Notes:** y\n",

                CLEAN_PLAN,
                &format!("{t}1. A.\n   - **Files:** `src/lib.rs`, `tests/cli.rs`\n   - **Changes:** x\n   - **Notes:** y\n"),
                // steps without any field: PL302's findings, not one PL305 per row
                &format!("{t}1. Add the limiter.\n2. Wire it in.\n"),
            ])
            .fail(&[&format!("{t}1. A.\n   - **Files:** `docs/guide.md`\n   - **Changes:** x\n   - **Notes:** y\n")])
            .test_and_snapshot();
    }
}
