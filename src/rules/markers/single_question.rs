//! PL502 `single-question`: Every confirmation marker is followed in its block by exactly one specific question ending in `?`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub struct SingleQuestion;

static META: RuleMeta = RuleMeta {
    code: "PL502",
    name: "single-question",
    severity: Severity::Error,
    summary: "Every confirmation marker is followed in its block by exactly one specific question ending in `?`.",
};

impl Rule for SingleQuestion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new() // not implemented yet
    }
}
