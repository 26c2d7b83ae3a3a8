//! PL301 `steps-numbered`: "Implementation Plan" holds steps numbered 1, 2, 3 … without
//! gaps or repeats (an ordered list, or `### Step N: …` headings).

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::steps::STEPS_SECTION;

pub struct StepsNumbered;

static META: RuleMeta = RuleMeta {
    code: "PL301",
    name: "steps-numbered",
    severity: Severity::Error,
    summary: "\"Implementation Plan\" holds steps numbered 1, 2, 3 … (ordered list or `### Step N:` headings).",
};

impl Rule for StepsNumbered {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let Some(section) = ctx.outline.section(doc, ctx.contract, STEPS_SECTION) else {
            return Vec::new();
        };
        if ctx.steps.steps.is_empty() {
            if crate::rules::deferred(ctx, section) {
                return Vec::new();
            }
            let heading = doc.section_heading(section);
            return vec![
                self.report(heading.text_span, "the Implementation Plan has no numbered steps".into()).with_help(
                    "write the steps as an ordered list (`1.`, `2.`, …) or as `### Step 1: …` headings, each with Files, Changes and Notes",
                ),
            ];
        }
        // A step is misnumbered when its number fits neither its position nor the
        // previous step's number + 1: `1, 2, 4, 5` reports only `4`, `1, 1, 3` only the
        // second `1`.
        let mut out = Vec::new();
        let mut prev = 0u64;
        for (i, step) in ctx.steps.steps.iter().enumerate() {
            let position = i as u64 + 1;
            match step.number {
                Some(n) if n == position || n == prev + 1 => prev = n,
                Some(n) => {
                    let what = if n <= prev {
                        "repeats an earlier number"
                    } else {
                        "skips a number"
                    };
                    out.push(
                        self.report(
                            step.number_span,
                            format!(
                                "step numbered {n}, expected {}: the numbering {what}",
                                prev + 1
                            ),
                        )
                        .with_help("number the steps 1, 2, 3 … in order"),
                    );
                    prev = n;
                }
                None => {
                    out.push(
                        self.report(
                            step.number_span,
                            format!("this step has no number; expected {}", prev + 1),
                        )
                        .with_help("number the steps 1, 2, 3 … in order"),
                    );
                    prev += 1;
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
        let s = "## Implementation Plan\n\n";
        Tester::new("PL301")
            .pass(&[
                CLEAN_PLAN,
                &format!("{s}### Step 1: A\n\nx\n\n### Step 2: B\n\ny\n"),
                &format!("{s}1. a\n\n```sh\nx\n```\n\n2. b\n"),
            ])
            .fail(&[
                &format!("{s}- a\n- b\n"),
                &format!("{s}Prose only.\n"),
                &format!("{s}1. a\n2. b\n4. c\n5. d\n"),
                &format!("{s}### Step 1: A\n\n### Step 1: B\n"),
            ])
            .test_and_snapshot();
    }
}
