//! PL009 `empty-section`: a required section has content before the next H2.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::model::is_comment;
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct EmptySection;

static META: RuleMeta = RuleMeta {
    code: "PL009",
    name: "empty-section",
    severity: Severity::Error,
    summary: "A required section has content before the next H2 heading.",
    group: crate::rules::Group::Structure,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for EmptySection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let mut out = Vec::new();
        for (entry, spec) in ctx.outline.recognised() {
            let section = &doc.sections[entry.section];
            let has_content = doc.top_blocks_in(section.body).any(|b| !is_comment(doc, b));
            if !has_content {
                let heading = doc.section_heading(section);
                out.push(
                    self.report(heading.text_span, format!("section `{}` is empty", ctx.contract.sections[spec].name))
                        .with_help(format!(
                            "write its content; if it does not apply, write `None` and why; if it is unknown, write `{}` and one question",
                            ctx.contract.marker
                        )),
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
        Tester::new("PL009")
            .pass(&[CLEAN_PLAN, "# Plan: A (a)\n\n## Goals\n\n### Sub\n"])
            .fail(&[
                "# Plan: A (a)\n\n## Goals\n\n## Non-Goals\n\n<!-- nothing -->\n\n## Summary\n",
            ])
            .test_and_snapshot();
    }
}
