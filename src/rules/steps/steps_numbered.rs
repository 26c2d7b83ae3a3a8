//! PL301 `steps-numbered`: "Implementation Plan" holds steps numbered 1, 2, 3 … without
//! gaps or repeats (an ordered list, or `### Step N: …` headings).

use crate::analysis::steps::STEPS_SECTION;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

pub(crate) struct StepsNumbered;

static STEP_REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bsteps?\s+(\d+)\b").expect("step reference regex"));

/// Renumbers every step 1, 2, 3 … by its position. Safe unless the prose refers to a
/// step whose number changes ("see step 4"): then the references need a look, and the
/// fix is unsafe.
fn renumber(ctx: &Context<'_>) -> Option<Fix> {
    let doc = ctx.doc;
    let mut edits = Vec::new();
    let mut changed = Vec::new();
    for (i, step) in ctx.steps.steps.iter().enumerate() {
        let position = i as u64 + 1;
        if step.number == Some(position) {
            continue;
        }
        let written = doc.text(step.number_span);
        let digits = written.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None; // a step without a number: the author names it
        }
        edits.push(Edit {
            span: Span::new(step.number_span.start, step.number_span.start + digits),
            replacement: position.to_string(),
        });
        changed.extend(step.number);
    }
    if edits.is_empty() {
        return None;
    }
    let referenced = doc.prose.iter().any(|run| {
        STEP_REFERENCE
            .captures_iter(doc.text(*run))
            .filter_map(|c| c.get(1).and_then(|m| m.as_str().parse::<u64>().ok()))
            .any(|n| changed.contains(&n))
    });
    let applicability = if referenced {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    Some(Fix::new(
        applicability,
        "Number the steps 1, 2, 3 … in order",
        edits,
    ))
}

static META: RuleMeta = RuleMeta {
    code: "PL301",
    name: "steps-numbered",
    severity: Severity::Error,
    summary: "\"Implementation Plan\" holds steps numbered 1, 2, 3 … (ordered list or `### Step N:` headings).",
    group: crate::rules::Group::Steps,
    fix: crate::rules::FixAvailability::Sometimes(crate::diagnostic::Applicability::Safe),
    phase: crate::rules::Phase::Document,
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
        let mut out: Vec<Diagnostic> = Vec::new();
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
        if let (Some(first), Some(fix)) = (out.first_mut(), renumber(ctx)) {
            first.fix = Some(fix);
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
            .fix(&[
                (
                    &format!("{s}1. a\n2. b\n4. c\n5. d\n"),
                    &format!("{s}1. a\n2. b\n3. c\n4. d\n"),
                ),
                (
                    &format!("{s}### Step 1: A\n\n### Step 1: B\n\n### Step 4: C\n"),
                    &format!("{s}### Step 1: A\n\n### Step 2: B\n\n### Step 3: C\n"),
                ),
                (
                    &format!("{s}1. a\n3. b, after step 1\n"),
                    &format!("{s}1. a\n2. b, after step 1\n"),
                ),
            ])
            .test_and_snapshot();
    }
}
