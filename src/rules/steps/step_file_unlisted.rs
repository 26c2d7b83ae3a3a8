//! PL304 `step-file-unlisted`: a path named in a step's Files is in the impact table.

use super::{step_name, step_paths};
use crate::analysis::impact::listed_in_impact;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view;

pub(crate) struct StepFileUnlisted;

static META: RuleMeta = RuleMeta {
    code: "PL304",
    name: "step-file-unlisted",
    severity: Severity::Error,
    summary: "Every path in a step's Files is listed in the impact table.",
    group: crate::rules::Group::Steps,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for StepFileUnlisted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        if ctx.impact.tables.is_empty() {
            return Vec::new(); // no table to compare with: PL004/PL201 say so
        }
        let mut out = Vec::new();
        for (step, path) in step_paths(ctx) {
            let unlisted: Vec<&String> = path
                .expanded
                .iter()
                .filter(|p| {
                    fs_view::normalize(p).is_ok_and(|rel| !listed_in_impact(ctx.impact, &rel))
                })
                .collect();
            if let Some(first) = unlisted.first() {
                out.push(
                    self.report(path.span, format!("`{first}` ({}) is not in the impact table", step_name(step)))
                        .with_help("add a row for it to \"Impacted Files & Directories\" with why and change type"),
                );
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
        let t = "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `src/lib.rs` | x | edit |\n| `tests/` | x | edit |\n\n## Implementation Plan\n\n";
        Tester::new("PL304")
            .pass(&[
                CLEAN_PLAN,
                &format!("{t}1. A.\n   - **Files:** `src/lib.rs`, `tests/api/limits.rs`, `./src/lib.rs:3`\n   - **Changes:** x\n   - **Notes:** y\n"),
            ])
            .fail(&[&format!("{t}1. A.\n   - **Files:** `src/lib.rs`, `src/main.rs`\n   - **Changes:** x\n   - **Notes:** y\n2. B.\n   - **Files:** docs/guide.md\n   - **Changes:** x\n   - **Notes:** y\n")])
            .test_and_snapshot();
    }
}
