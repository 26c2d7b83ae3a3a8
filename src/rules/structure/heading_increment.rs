//! PL011 `heading-increment`: heading levels go down one at a time.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct HeadingIncrement;

static META: RuleMeta = RuleMeta {
    code: "PL011",
    name: "heading-increment",
    severity: Severity::Warning,
    summary: "Heading levels go down one at a time (H2 → H3, not H2 → H4).",
    group: crate::rules::Group::Structure,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for HeadingIncrement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut prev: u8 = 1;
        for h in &ctx.doc.headings {
            // Extra H1s are PL001's finding; they reset nothing here.
            if h.level == 1 {
                continue;
            }
            if h.level > prev + 1 {
                out.push(
                    self.report(
                        h.text_span,
                        format!("heading level jumps from H{prev} to H{}", h.level),
                    )
                    .with_help(format!(
                        "make it an H{} (`{} …`)",
                        prev + 1,
                        "#".repeat(usize::from(prev) + 1)
                    )),
                );
            }
            prev = h.level;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        Tester::new("PL011")
            .pass(&[
                CLEAN_PLAN,
                "# Plan: A (a)\n\n## A\n\n### B\n\n#### C\n\n## D\n",
            ])
            .fail(&[
                "# Plan: A (a)\n\n### A\n",
                "# Plan: A (a)\n\n## A\n\n#### B\n",
            ])
            .test_and_snapshot();
    }
}
