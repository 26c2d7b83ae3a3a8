//! PL103 `back-reference`: phrases that make the plan depend on a conversation or on
//! reading order ("as discussed above", "per our conversation", …).

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::language::prose_matches;
use crate::rules::{Context, Rule, RuleMeta};

pub struct BackReference;

static META: RuleMeta = RuleMeta {
    code: "PL103",
    name: "back-reference",
    severity: Severity::Error,
    summary: "No references to a conversation or to earlier text (\"as discussed above\"): the plan stands alone.",
};

impl Rule for BackReference {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(re) = &ctx.lexicons.back_reference else {
            return Vec::new();
        };
        prose_matches(ctx.doc, re)
            .into_iter()
            .map(|(span, phrase)| {
                self.report(span, format!("back-reference: `{phrase}`"))
                    .with_help("restate the fact or decision here: the plan must stand alone, without the conversation")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        Tester::new("PL103")
            .pass(&[
                CLEAN_PLAN,
                "The aboveground tank.\n",
                "`as discussed above`\n",
            ])
            .fail(&[
                "Use the cache as discussed above.\n",
                "As mentioned\nearlier, retry.\n",
                "Per our conversation, use Redis.\n",
                "Apply the above to all routes.\n",
            ])
            .test_and_snapshot();
    }
}
