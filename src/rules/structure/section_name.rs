//! PL006 `section-name`: an H2 that is a near miss of a required section name.

use crate::analysis::outline::Matched;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct SectionName;

static META: RuleMeta = RuleMeta {
    code: "PL006",
    name: "section-name",
    severity: Severity::Error,
    summary: "An H2 heading is a near miss of a required section name (case, `and`, numbering, hints).",
    group: crate::rules::Group::Structure,
    fix: crate::rules::FixAvailability::Always(crate::diagnostic::Applicability::Safe),
    phase: crate::rules::Phase::Document,
};

impl Rule for SectionName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let mut out = Vec::new();
        for entry in &ctx.outline.entries {
            let Some((spec, Matched::NearMiss { why })) = &entry.spec else {
                continue;
            };
            let heading = doc.section_heading(&doc.sections[entry.section]);
            let name = &ctx.contract.sections[*spec].name;
            out.push(
                self.report(
                    heading.text_span,
                    format!(
                        "`{}` is a near miss of the required section `{name}`",
                        heading.text
                    ),
                )
                .with_label(why.clone())
                .with_help(format!("rename the heading to `## {name}`"))
                .with_fix(Fix::replace(
                    Applicability::Safe,
                    format!("Rename the heading to `{name}`"),
                    heading.text_span,
                    name.clone(),
                )),
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
        Tester::new("PL006")
            .pass(&[
                CLEAN_PLAN,
                &CLEAN_PLAN.replace("## Summary\n", "## 2. Summary\n"),
                "# Plan: A (a)\n\n## Background\n",
                // not synonyms: motivation, or two sections merged under one heading
                "# Plan: A (a)\n\n## Context\n\n## Verification & Testing\n\n## Impact Analysis\n",
            ])
            .fail(&[
                &CLEAN_PLAN.replace("## Summary\n", "## summary\n"),
                &CLEAN_PLAN.replace("## Non-Goals\n", "## Non Goals\n"),
                &CLEAN_PLAN.replace(
                    "## Assumptions & Constraints\n",
                    "## Assumptions and Constraints\n",
                ),
                &CLEAN_PLAN.replace("## Goals\n", "## Goals:\n"),
                &CLEAN_PLAN.replace("## Summary\n", "## 3. Summary\n"),
                &CLEAN_PLAN.replace(
                    "## Implementation Plan\n",
                    "## Implementation Plan (numbered steps, each with: Files, Changes, Notes)\n",
                ),
                &CLEAN_PLAN.replace("## Testing Plan\n", "## Test plan\n"),
            ])
            .fail(&[
                // synonyms real plans use (aliases in rules/contract.toml)
                &CLEAN_PLAN.replace("## Testing Plan\n", "## Testing Strategy\n"),
            ])
            .fix(&[
                ("# Plan: A (a)\n\n## summary\n\nText.\n\n## 4. Non Goals\n\n- x\n", "# Plan: A (a)\n\n## Summary\n\nText.\n\n## Non-Goals\n\n- x\n"),
                ("## Implementation Plan (numbered steps, each with: Files, Changes, Notes)\r\n\r\n1. a\r\n", "## Implementation Plan\r\n\r\n1. a\r\n"),
            ])
            .fix(&[(
                "# Plan: A (a)\n\n## Overview\n\nText.\n\n## 3. Out of Scope\n\n- x\n\n## Files Touched\n",
                "# Plan: A (a)\n\n## Summary\n\nText.\n\n## Non-Goals\n\n- x\n\n## Impacted Files & Directories\n",
            )])
            .test_and_snapshot();
    }
}
