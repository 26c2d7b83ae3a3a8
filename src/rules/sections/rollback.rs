//! PL404 `rollback`: "Rollout & Rollback" says how to roll back, not only how to roll out.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub struct Rollback;

static META: RuleMeta = RuleMeta {
    code: "PL404",
    name: "rollback",
    severity: Severity::Error,
    summary: "\"Rollout & Rollback\" says how to roll back, not only how to roll out.",
};

impl Rule for Rollback {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new() // not implemented yet
    }
}
