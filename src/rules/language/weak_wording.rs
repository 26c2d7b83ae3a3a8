//! PL102 `weak-wording`: vague words and phrases from the weak-wording lexicon.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta, prose_matches};

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
