//! PL101 `hedging`: no `should` / `might` (and their negative forms) in prose.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta, prose_matches};

pub struct Hedging;

static META: RuleMeta = RuleMeta {
    code: "PL101",
    name: "hedging",
    severity: Severity::Error,
    summary: "No hedging (`should`, `might` and their forms) in prose: state what must happen.",
};

/// What to write instead of a hedging form.
pub fn replacement_help(word: &str, marker: &str) -> String {
    let lower = word.to_lowercase();
    let negative = lower.contains("n't") || lower.contains("n’t") || lower.ends_with("not");
    if lower.starts_with("should") {
        if negative {
            "state it as a requirement: write `must not`".to_string()
        } else {
            "state it as a requirement: write `must`".to_string()
        }
    } else if lower.starts_with("might") {
        format!(
            "say what happens and when (\"X happens when Y\"), or if it is unknown, mark it `{marker}` with one question"
        )
    } else {
        "state it as a testable requirement (`must`, `must not`) or a fact".to_string()
    }
}

impl Rule for Hedging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(re) = &ctx.lexicons.hedging else {
            return Vec::new();
        };
        prose_matches(ctx.doc, re)
            .map(|(span, word)| {
                self.report(span, format!("hedging: `{word}`"))
                    .with_help(replacement_help(word, &ctx.contract.marker))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        Tester::new("PL101")
            .pass(&[
                CLEAN_PLAN,
                "The shoulder is mighty.\n",
                "Run `should_retry()` and see [docs](https://x.y/should).\n",
                "```\nit should work\n```\n",
                "<!-- should -->\n",
                "https://example.com/might\n",
            ])
            .fail(&[
                "The API should return 429.\n",
                "It shouldn't retry; it should not block.\n",
                "**Should** it fail, it Might retry; MIGHT.\n",
                "| a | b |\n|---|---|\n| x \\| y | it should |\n",
                "- item\n  > quoted: should\n",
                "é → the cache should hold 10 entries.\n",
            ])
            .test_and_snapshot();
    }
}
