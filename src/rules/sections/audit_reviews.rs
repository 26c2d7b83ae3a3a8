//! PL405 `audit-reviews`: "Plan Completeness Audit" records both reviews the contract
//! demands: the implementer review ("implementer") and the QA/release review ("QA" or
//! "release").

use super::helpers::section_text;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

pub(crate) struct AuditReviews;

static META: RuleMeta = RuleMeta {
    code: "PL405",
    name: "audit-reviews",
    severity: Severity::Error,
    summary: "\"Plan Completeness Audit\" records the implementer review and the QA/release review.",
    group: crate::rules::Group::Sections,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

static IMPLEMENTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bimplementers?\b").expect("implementer regex"));
static QA_RELEASE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(?:qa|release\w*)\b").expect("qa regex"));

/// The reviews of the contract: what is looked for, how it is named, an example line.
fn reviews() -> [(&'static Regex, &'static str, &'static str); 2] {
    [
        (
            &IMPLEMENTER,
            "implementer review",
            "- Implementer review: every step names its files, functions and values; nothing is left to ask.",
        ),
        (
            &QA_RELEASE,
            "QA/release review",
            "- QA/release review: every requirement maps to a test; rollout and rollback are covered.",
        ),
    ]
}

impl Rule for AuditReviews {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let Some(section) = crate::rules::live_section(ctx, "audit") else {
            return Vec::new(); // missing (PL004) or only a marker and its question
        };
        let text = section_text(doc, section.body);
        let heading = doc.section_heading(section);
        reviews()
            .into_iter()
            .filter(|(re, _, _)| !re.is_match(&text))
            .map(|(_, name, example)| {
                self.report(
                    heading.text_span,
                    format!("the Plan Completeness Audit does not record the {name}"),
                )
                .with_help(format!("add what the {name} checked, e.g. `{example}`"))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let a = "# Plan: A (a)\n\n## Plan Completeness Audit\n\n";
        Tester::new("PL405")
            .pass(&[
                CLEAN_PLAN,
                &format!("{a}| Review | Result |\n|---|---|\n| **Implementer** | every step names its files |\n| **QA** | every requirement has a test |\n"),
                &format!("{a}An implementer's pass found no gaps. The release checklist covers rollback.\n"),
                &format!("{a}### Implementers\n\nNo questions.\n\n### Release readiness\n\nCovered.\n"),
                // No audit section: PL004 reports it.
                "# Plan: A (a)\n\n## Summary\n\nShip it.\n",
            ])
            .fail(&[
                // Neither review.
                &format!("{a}- Checked every path against the repository.\n"),
                // Implementation is not the implementer; Q&A is not QA.
                &format!("{a}- Implementation review: done.\n- Q&A review: done.\n"),
                // Only the implementer review; QA only in a comment.
                &format!("{a}- Implementer review: every step names its files.\n<!-- QA review -->\n"),
                // Only the QA/release review.
                &format!("{a}- QA review: each requirement maps to a test.\n"),
            ])
            .test_and_snapshot();
    }
}
