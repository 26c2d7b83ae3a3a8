//! PL004 `missing-section`: each required H2 section is present.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

pub struct MissingSection;

static META: RuleMeta = RuleMeta {
    code: "PL004",
    name: "missing-section",
    severity: Severity::Error,
    summary: "Each required H2 section of the contract is present.",
};

impl Rule for MissingSection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let present: Vec<(usize, usize)> = ctx
            .outline
            .recognised()
            .map(|(e, i)| (i, e.section))
            .collect();
        let mut out = Vec::new();
        for (i, spec) in ctx.contract.sections.iter().enumerate() {
            if present.iter().any(|(p, _)| *p == i) {
                continue;
            }
            // Point at the heading of the next required section that is present, or at
            // the end of the document.
            let next = present
                .iter()
                .filter(|(p, _)| *p > i)
                .min_by_key(|(p, _)| *p);
            let prev = present
                .iter()
                .filter(|(p, _)| *p < i)
                .max_by_key(|(p, _)| *p);
            let (span, label) = match (next, prev) {
                (Some((p, s)), _) => {
                    let h = doc.section_heading(&doc.sections[*s]);
                    (
                        h.text_span,
                        format!(
                            "`## {}` belongs before `## {}`",
                            spec.name, ctx.contract.sections[*p].name
                        ),
                    )
                }
                (None, Some((p, _))) => {
                    let end = doc.source.trim_end().len();
                    (
                        Span::empty(end),
                        format!(
                            "`## {}` belongs here, after `## {}`",
                            spec.name, ctx.contract.sections[*p].name
                        ),
                    )
                }
                (None, None) => {
                    let end = doc.source.trim_end().len();
                    (Span::empty(end), format!("`## {}` belongs here", spec.name))
                }
            };
            out.push(
                self.report(span, format!("missing required section `## {}`", spec.name))
                    .with_label(label)
                    .with_help(format!(
                        "add `## {}` (section {} of the contract); if it does not apply, write `None` and why",
                        spec.name,
                        ctx.contract.position(i)
                    )),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;

    #[test]
    fn vectors() {
        Tester::new("PL004")
            .pass(&[crate::rules::tester::CLEAN_PLAN])
            .fail(&[
                &crate::rules::tester::CLEAN_PLAN.replace("## Goals\n", "## Objectives\n"),
                "# Plan: A (a)\n\n## Summary\n\nOne.\n",
            ])
            .test_and_snapshot();
    }
}
