//! PL007 `duplicate-section`: a required section appears more than once.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct DuplicateSection;

static META: RuleMeta = RuleMeta {
    code: "PL007",
    name: "duplicate-section",
    severity: Severity::Error,
    summary: "A required section appears only once.",
    group: crate::rules::Group::Structure,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for DuplicateSection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let mut out = Vec::new();
        for entry in ctx.outline.entries.iter().filter(|e| e.duplicate) {
            let Some((spec, _)) = &entry.spec else {
                continue;
            };
            let first = ctx
                .outline
                .entries
                .iter()
                .find(|e| !e.duplicate && e.spec.as_ref().is_some_and(|(s, _)| s == spec));
            let first_line = first
                .map(|e| doc.line_col(doc.sections[e.section].span.start).line)
                .unwrap_or(0);
            let heading = doc.section_heading(&doc.sections[entry.section]);
            let name = &ctx.contract.sections[*spec].name;
            out.push(
                self.report(
                    heading.text_span,
                    format!("section `{name}` appears again (first on line {first_line})"),
                )
                .with_help("merge the two sections into the first one"),
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
        Tester::new("PL007")
            .pass(&[CLEAN_PLAN])
            .fail(&[
                &format!("{CLEAN_PLAN}\n## Goals\n\n- More.\n"),
                &format!("{CLEAN_PLAN}\n## goals\n\n- More.\n"),
            ])
            .test_and_snapshot();
    }
}
