//! PL901 `unknown-suppression`: a suppression comment names a code or name that is not
//! a registered rule.
//!
//! A [`Phase::Suppressions`](crate::rules::Phase::Suppressions) rule: its findings come
//! from [`Rule::check_suppressions`], which the engine
//! ([`crate::engine::lint::Linter::lint_document`]) calls after the other rules ran, with
//! the document's parsed suppression comments. [`Rule::check`] returns nothing. See
//! [`crate::rules::suppressions`].

use crate::analysis::suppress::Suppressions;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::model::Document;
use crate::rules::{self, Context, Rule, RuleMeta, SuppressionContext};

pub(crate) struct UnknownSuppression;

static META: RuleMeta = RuleMeta {
    code: "PL901",
    name: "unknown-suppression",
    severity: Severity::Warning,
    summary: "Every code in a suppression comment (`<!-- plan-lint-disable PL101 -->`) names a rule.",
    group: crate::rules::Group::Suppressions,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Suppressions,
};

impl Rule for UnknownSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Nothing: the rule runs in the suppressions phase (see the module documentation).
    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new()
    }

    fn check_suppressions(&self, ctx: &SuppressionContext<'_>) -> Vec<Diagnostic> {
        self.findings(ctx.doc, ctx.suppressions)
    }
}

impl UnknownSuppression {
    /// One finding per unknown code, at the code inside the comment.
    fn findings(&self, doc: &Document, sup: &Suppressions) -> Vec<Diagnostic> {
        sup.unknown()
            .map(|(d, c)| {
                let word = doc.text(c.span);
                let help = if word.eq_ignore_ascii_case("all") {
                    format!(
                        "a comment without codes (`<!-- {} -->`) names every rule",
                        d.kind.keyword()
                    )
                } else if !rules::matching(word).is_empty() {
                    "a suppression names single rules, not prefixes: list their codes (`PL101 PL102`)"
                        .to_string()
                } else {
                    "write a rule code (`PL101`) or name (`hedging`); `plan-lint rules` lists them".to_string()
                };
                self.report(
                    c.span,
                    format!("`{word}` in `{}` is not a plan-lint rule", d.kind.keyword()),
                )
                .with_label("unknown rule")
                .with_help(help)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        Tester::new("PL901")
            .pass(&[
                CLEAN_PLAN,
                "# Plan: A (a)\n\n<!-- plan-lint-disable PL101, hedging -->\n\nx\n\n<!-- plan-lint-enable -->\n",
                "# Plan: A (a)\n\nText `<!-- plan-lint-disable PL999 -->`.\n",
                "# Plan: A (a)\n\n~~~\n<!-- plan-lint-disable PL999 -->\n~~~\n",
                "# Plan: A (a)\n\n<!-- plan-lint-disabled PL999 -->\n",
            ])
            .fail(&[
                "# Plan: A (a)\n\n<!-- plan-lint-disable PL999 -->\n",
                "# Plan: A (a)\n\nIt is 100 <!-- plan-lint-disable-line PL101,hedgin --> a minute.\n",
                "# Plan: A (a)\n\n| a | b |\n|---|---|\n| x <!-- plan-lint-disable-next-line PL1 --> | y |\n",
                "# Plan: A (a)\r\n\r\n<!-- plan-lint-enable all -->\r\n",
            ])
            .test_and_snapshot();
    }
}
