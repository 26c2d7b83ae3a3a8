//! PL902 `unused-suppression`: a suppression comment that suppressed nothing.
//!
//! Off unless the linter is told to report unused suppressions
//! ([`crate::engine::lint::Linter::with_report_unused_disables`], `--report-unused-disables`).
//! A [`Phase::Suppressions`](crate::rules::Phase::Suppressions) rule: its findings come
//! from [`Rule::check_suppressions`], which the engine
//! ([`crate::engine::lint::Linter::lint_document`]) calls after it ran the other rules and
//! dropped the findings the comments suppress, so what is left unused is known.
//! [`Rule::check`] returns nothing. See [`crate::rules::suppressions`].

use crate::analysis::suppress::{DirectiveKind, Suppressions};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::model::Document;
use crate::rules::{Context, Rule, RuleMeta, SuppressionContext};

pub(crate) struct UnusedSuppression;

static META: RuleMeta = RuleMeta {
    code: "PL902",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "Every suppression comment suppresses a finding (reported only with `--report-unused-disables`).",
    group: crate::rules::Group::Suppressions,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Suppressions,
};

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Nothing: the rule runs in the suppressions phase (see the module documentation).
    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// Nothing unless unused suppressions are reported (`--report-unused-disables`).
    fn check_suppressions(&self, ctx: &SuppressionContext<'_>) -> Vec<Diagnostic> {
        if !ctx.report_unused {
            return Vec::new();
        }
        self.findings(ctx.doc, ctx.suppressions, ctx.active)
    }
}

impl UnusedSuppression {
    /// One finding per directive (or code of a directive) that did nothing, after
    /// [`Suppressions::filter`] saw every finding: at the code inside the comment, or
    /// at the keyword of a comment without codes. `active` tells whether a rule ran
    /// (a suppression of a rule that did not run is unused, and the message says why).
    fn findings(
        &self,
        doc: &Document,
        sup: &Suppressions,
        active: &dyn Fn(&str) -> bool,
    ) -> Vec<Diagnostic> {
        sup.unused()
            .into_iter()
            .map(|t| {
                let d = &sup.directives[t.directive];
                let code = t.code.map(|j| &d.codes[j]);
                let span = code.map_or(d.keyword, |c| c.span);
                let written = code.map(|c| doc.text(c.span));
                let what = match written {
                    Some(w) => format!("no `{w}` finding"),
                    None => "no finding".to_string(),
                };
                let mut message = match d.kind {
                    DirectiveKind::Disable => {
                        format!("unused suppression: {what} in the range this `plan-lint-disable` opens")
                    }
                    DirectiveKind::DisableLine => {
                        format!("unused suppression: {what} on this line")
                    }
                    DirectiveKind::DisableNextLine => {
                        format!("unused suppression: {what} on the next line")
                    }
                    DirectiveKind::Enable => match written {
                        Some(w) => format!(
                            "unused suppression: `plan-lint-enable {w}` re-enables nothing (`{w}` is not disabled here)"
                        ),
                        None => "unused suppression: `plan-lint-enable` re-enables nothing (no rule is disabled here)".to_string(),
                    },
                };
                if d.kind != DirectiveKind::Enable
                    && let Some(rule) = code.and_then(|c| c.rule) {
                        if sup.is_unsuppressible(rule) {
                            message.push_str(&format!(" ({rule} findings are never suppressed)"));
                        } else if !active(rule) {
                            message.push_str(&format!(" ({rule} is not enabled)"));
                        }
                    }
                let help = match code {
                    Some(_) if d.codes.len() > 1 => "remove this code from the comment",
                    _ => "remove the comment",
                };
                self.report(span, message)
                    .with_label("suppresses nothing")
                    .with_help(help)
            })
            .collect()
    }
}
