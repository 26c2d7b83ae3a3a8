//! PL305 `impact-row-unused`: every impact-table row is named by some step's Files.

use super::{all_step_paths, is_concrete};
use crate::diagnostic::{Diagnostic, Severity};
use crate::fs_view;
use crate::impact::is_glob;
use crate::rules::{Context, Rule, RuleMeta};
use crate::steps::StepPath;

pub struct ImpactRowUnused;

static META: RuleMeta = RuleMeta {
    code: "PL305",
    name: "impact-row-unused",
    severity: Severity::Warning,
    summary: "Every impact-table row is named in some step's Files.",
};

/// Whether a step path `step` (normalised) uses the impact path `row` (normalised):
/// the same path, one below the other, or matched by the row's glob.
fn uses(row: &str, step: &str) -> bool {
    if is_glob(row) {
        return globset::GlobBuilder::new(row)
            .literal_separator(true)
            .build()
            .is_ok_and(|g| g.compile_matcher().is_match(step));
    }
    row == step || step.starts_with(&format!("{row}/")) || row.starts_with(&format!("{step}/"))
}

impl Rule for ImpactRowUnused {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        if ctx.steps.steps.is_empty() {
            return Vec::new(); // PL301 reports the missing steps
        }
        let named: Vec<StepPath> = all_step_paths(ctx).map(|(_, p)| p).collect();
        let used: Vec<String> = named
            .iter()
            .filter(|p| is_concrete(&p.text))
            .flat_map(|p| p.expanded.iter())
            .filter_map(|p| fs_view::normalize(p).ok())
            .collect();
        // Paths no lookup can normalise (absolute, `..`, globs) count when written alike.
        let verbatim: Vec<&str> = named
            .iter()
            .map(|p| p.text.trim_start_matches("./"))
            .collect();
        let mut out = Vec::new();
        for row in &ctx.impact.rows {
            for path in &row.paths {
                let named = verbatim.contains(&path.text.trim_start_matches("./"))
                    || path.expanded.iter().any(|p| {
                        let row_rel = fs_view::normalize(p).unwrap_or_else(|_| p.clone());
                        used.iter().any(|u| uses(&row_rel, u))
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
            ])
            .fail(&[&format!("{t}1. A.\n   - **Files:** `docs/guide.md`\n   - **Changes:** x\n   - **Notes:** y\n")])
            .test_and_snapshot();
    }
}
