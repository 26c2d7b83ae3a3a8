//! PL008 `unknown-section`: an H2 heading that is not a section of the contract.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct UnknownSection;

static META: RuleMeta = RuleMeta {
    code: "PL008",
    name: "unknown-section",
    severity: Severity::Warning,
    summary: "Every H2 heading is a section of the contract.",
    group: crate::rules::Group::Structure,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for UnknownSection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        ctx.outline
            .entries
            .iter()
            .filter(|e| e.spec.is_none())
            .map(|e| {
                let heading = doc.section_heading(&doc.sections[e.section]);
                self.report(
                    heading.text_span,
                    format!("`{}` is not a section of the plan contract", heading.text),
                )
                .with_help(
                    "move its content into a required section, or make it an H3 (`###`) inside one",
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        Tester::new("PL008")
            .pass(&[CLEAN_PLAN, &CLEAN_PLAN.replace("## Goals\n", "## goals\n")])
            .fail(&[
                &CLEAN_PLAN.replace("## Goals\n", "## Background\n\nx\n\n## Goals\n"),
                "# Plan: A (a)\n\n## Appendix\n",
            ])
            .test_and_snapshot();
    }
}
