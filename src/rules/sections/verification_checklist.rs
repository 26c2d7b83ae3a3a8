//! PL403 `verification-checklist`: "Verification Checklist" is made of task-list items
//! (`- [ ]` / `- [x]`), at least one. An introductory paragraph is fine.

use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct VerificationChecklist;

static META: RuleMeta = RuleMeta {
    code: "PL403",
    name: "verification-checklist",
    severity: Severity::Error,
    summary: "\"Verification Checklist\" is made of task-list items (`- [ ]` / `- [x]`), at least one.",
    group: crate::rules::Group::Sections,
    fix: crate::rules::FixAvailability::Sometimes(crate::diagnostic::Applicability::Safe),
    phase: crate::rules::Phase::Document,
};

impl Rule for VerificationChecklist {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let Some(section) = crate::rules::live_section(ctx, "verification") else {
            return Vec::new(); // missing (PL004) or only a marker and its question
        };
        let body = section.body;
        let mut out = Vec::new();
        // Items of the section's top-level lists that are not task items.
        for list in doc
            .lists
            .iter()
            .filter(|l| l.depth == 0 && body.contains(l.span))
        {
            for item in list.items.iter().map(|&i| &doc.items[i]) {
                if item.task.is_none() {
                    out.push(
                        self.report(
                            item.marker,
                            "a Verification Checklist item has no checkbox".to_string(),
                        )
                        .with_label("plain list item")
                        .with_help("write it as a task item: `- [ ] <observable outcome and how to check it>`")
                        .with_fix(Fix::replace(
                            Applicability::Safe,
                            "Make it a task item (`[ ]`)",
                            item.marker,
                            format!("{} [ ]", doc.text(item.marker)),
                        )),
                    );
                }
            }
        }
        let has_task = doc
            .items
            .iter()
            .any(|i| i.task.is_some() && body.contains(i.span));
        if !has_task {
            let heading = doc.section_heading(section);
            out.push(
                self.report(
                    heading.text_span,
                    "the Verification Checklist has no task item (`- [ ]`)".to_string(),
                )
                .with_help("list each observable outcome as a task item, e.g. `- [ ] The test suite passes locally and in CI.`"),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let v = "# Plan: A (a)\n\n## Verification Checklist\n\n";
        Tester::new("PL403")
            .pass(&[
                CLEAN_PLAN,
                &format!("{v}Run these checks locally and in CI:\n\n- [ ] `cargo test` passes.\n- [x] `cargo clippy` is clean.\n"),
                &format!("{v}* [ ] One.\n+ [X] Two.\n1. [ ] Three.\n"),
                // Nested plain bullets under a task item are details of the check.
                &format!("{v}- [ ] The limiter answers 429:\n  - send 101 requests;\n  - read the status.\n"),
                // No Verification Checklist: PL004 reports it.
                "# Plan: A (a)\n\n## Summary\n\nNothing.\n",
            ])
            .fail(&[
                // Plain bullets only: each bullet and the heading.
                &format!("{v}- `cargo test` passes.\n- A local run answers 429.\n"),
                // A plain bullet among task items.
                &format!("{v}Checks:\n\n- [ ] `cargo test` passes.\n- A local run answers 429.\n  - [ ] nested task.\n"),
                // Prose and a table, no list.
                &format!("{v}`cargo test` passes.\n\n| Check | How |\n|---|---|\n| 429 | curl |\n"),
                // An ordered list of plain items; `[]` is not a checkbox.
                &format!("{v}1. `cargo test` passes.\n2. []  A local run answers 429.\n"),
            ])
            .fix(&[(
                "## Verification Checklist\n\n- `cargo test` passes.\n* [x] Done.\n1. The page loads.\r\n",
                "## Verification Checklist\n\n- [ ] `cargo test` passes.\n* [x] Done.\n1. [ ] The page loads.\r\n",
            )])
            .test_and_snapshot();
    }
}
