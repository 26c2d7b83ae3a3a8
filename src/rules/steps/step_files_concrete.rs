//! PL303 `step-files-concrete`: each step's Files part names at least one concrete path
//! and no vague entry ("various files", "etc.", "all relevant files", "and others").

use super::{impact_lists_verbatim, is_concrete, step_name};
use crate::analysis::steps::{FieldKind, field_is_empty};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

pub(crate) struct StepFilesConcrete;

static META: RuleMeta = RuleMeta {
    code: "PL303",
    name: "step-files-concrete",
    severity: Severity::Error,
    summary: "Each step's Files part names at least one concrete path and nothing vague (\"various files\", \"etc.\").",
    group: crate::rules::Group::Steps,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

static VAGUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\bvarious\s+(?:files|modules|places|components)\b|\betc\b\.?|\ball\s+(?:the\s+)?(?:relevant|related|affected|necessary|other|impacted)\s+files\b|\b(?:relevant|related|other|affected)\s+files\b|\band\s+others\b|\band\s+so\s+on\b|\band\s+more\b|\bas\s+needed\b|\.\.\.|…",
    )
    .expect("vague regex")
});

impl Rule for StepFilesConcrete {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let mut out = Vec::new();
        for step in &ctx.steps.steps {
            let Some(field) = step.field(FieldKind::Files) else {
                continue;
            };
            if field_is_empty(doc, field) {
                continue; // PL302's finding
            }
            let name = step_name(step);
            for run in doc.prose_in(field.content) {
                let s = run.start;
                for m in VAGUE.find_iter(doc.text(run)) {
                    out.push(
                        self.report(
                            Span::new(s + m.start(), s + m.end()),
                            format!("{name}: vague file entry `{}`", m.as_str()),
                        )
                        .with_help("list every file the step touches, by its path"),
                    );
                }
            }
            // A glob counts when the impact table lists the same glob (a `delete` row of
            // a whole family of files, say); otherwise files are named one by one.
            let named = &step.files;
            if !named
                .iter()
                .any(|p| is_concrete(&p.text) || impact_lists_verbatim(ctx, &p.text))
            {
                out.push(
                    self.report(
                        field.label,
                        format!("{name}: **Files** names no concrete path"),
                    )
                    .with_help(
                        "name each file by its path from the repository root, e.g. `src/app.py`",
                    ),
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
        let s = "## Implementation Plan\n\n";
        Tester::new("PL303")
            .pass(&[
                "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `src/*.rs` | x | delete |\n\n## Implementation Plan\n\n1. A.\n   - **Files:** `src/*.rs`\n   - **Changes:** x\n   - **Notes:** y\n",

                CLEAN_PLAN,
                &format!("{s}1. A.\n   - **Files:** src/lib.rs, `Makefile`\n   - **Changes:** x\n   - **Notes:** y\n"),
            ])
            .fail(&[
                &format!("{s}1. A.\n   - **Files:** various files\n   - **Changes:** x\n   - **Notes:** y\n"),
                &format!("{s}1. A.\n   - **Files:** `src/lib.rs`, `src/main.rs`, etc.\n   - **Changes:** x\n   - **Notes:** y\n"),
                &format!("{s}1. A.\n   - **Files:** `src/**/*.rs` and all relevant files\n   - **Changes:** x\n   - **Notes:** y\n"),
            ])
            .test_and_snapshot();
    }
}
