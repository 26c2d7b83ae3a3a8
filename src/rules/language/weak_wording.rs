//! PL102 `weak-wording`: vague words and phrases from the weak-wording lexicon.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::language::prose_matches;
use crate::rules::{Context, Rule, RuleMeta};

pub struct WeakWording;

static META: RuleMeta = RuleMeta {
    code: "PL102",
    name: "weak-wording",
    severity: Severity::Warning,
    summary: "No vague wording (maybe, probably, could, etc., as needed, …) in prose.",
};

impl Rule for WeakWording {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(re) = &ctx.lexicons.weak_wording else {
            return Vec::new();
        };
        prose_matches(ctx.doc, re)
            .into_iter()
            .filter(|(span, _)| !crate::rules::quoted_or_asked(ctx, *span))
            // Vague entries in a step's Files part are PL303's finding (an error there).
            .filter(|(span, _)| {
                !ctx.steps.steps.iter().filter_map(|s| s.field(crate::steps::FieldKind::Files)).any(|f| f.content.contains(*span))
            })
            .map(|(span, phrase)| {
                self.report(span, format!("weak wording: `{phrase}`")).with_help(
                    "be specific: name the exact condition, value, file or list; an implementer cannot act on a guess",
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
        Tester::new("PL102")
            .pass(&[
                "The CLI prints \"Retry would exceed the limit\".\n",
                CLEAN_PLAN,
                "Likelihood, coulds, woulds and variousness are fine.\n",
                "`etc.` in code\n",
            ])
            .fail(&[
                "Maybe add a cache.\n",
                "Update the files, etc.\n",
                "Try  to keep it small; use it as needed.\n",
                "This could fail and would retry.\n",
            ])
            .test_and_snapshot();
    }
}
