//! PL302 `step-fields`: each step has **Files**, **Changes** and **Notes**, in that
//! order, each non-empty.

use super::step_name;
use crate::analysis::steps::{FieldKind, field_is_empty};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct StepFields;

static META: RuleMeta = RuleMeta {
    code: "PL302",
    name: "step-fields",
    severity: Severity::Error,
    summary: "Each step has **Files**, **Changes** and **Notes**, in that order, each non-empty.",
    group: crate::rules::Group::Steps,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for StepFields {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let mut out = Vec::new();
        for step in &ctx.steps.steps {
            let name = step_name(step);
            let missing: Vec<&str> = FieldKind::ALL
                .iter()
                .filter(|k| step.field(**k).is_none())
                .map(|k| k.label())
                .collect();
            if !missing.is_empty() {
                let list = missing
                    .iter()
                    .map(|m| format!("**{m}**"))
                    .collect::<Vec<_>>()
                    .join(", ");
                out.push(
                    self.report(step.number_span, format!("{name} has no {list}"))
                        .with_help("give every step `**Files:**` (exact paths), `**Changes:**` (what to edit) and `**Notes:**` (gotchas, invariants)"),
                );
            }
            for kind in FieldKind::ALL {
                if let Some(field) = step.field(kind)
                    && field_is_empty(doc, field)
                {
                    out.push(
                        self.report(
                            field.label,
                            format!("{name}: **{}** is empty", kind.label()),
                        )
                        .with_help("write its content, or `None` and why"),
                    );
                }
            }
            // order of the first occurrences
            let firsts: Vec<_> = FieldKind::ALL
                .iter()
                .filter_map(|k| step.field(*k))
                .collect();
            if let Some(w) = firsts
                .windows(2)
                .find(|w| w[0].label.start > w[1].label.start)
            {
                out.push(
                    self.report(
                        w[1].label,
                        format!(
                            "{name}: **{}** comes before **{}**",
                            w[1].kind.label(),
                            w[0].kind.label()
                        ),
                    )
                    .with_help("write the parts in the order Files, Changes, Notes"),
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
        let s = "## Implementation Plan\n\n";
        Tester::new("PL302")
            .pass(&[
                CLEAN_PLAN,
                &format!("{s}1. A.\n   Files: `a.rs`\n   Changes: x\n   Notes: y\n"),
                &format!("{s}### Step 1: A\n\n**Files**\n\n- `a.rs`\n\n**Changes**\n\n- x\n\n**Notes**\n\nNone: no gotchas.\n"),
            ])
            .fail(&[
                &format!("{s}1. A.\n   - **Files:** `a.rs`\n   - **Changes:** x\n2. B.\n   - **Files:** `b.rs`\n   - **Changes:**\n   - **Notes:** y\n"),
                &format!("{s}1. A.\n   - **Changes:** x\n   - **Files:** `a.rs`\n   - **Notes:** y\n"),
                &format!("{s}1. Just prose.\n"),
            ])
            .test_and_snapshot();
    }
}
