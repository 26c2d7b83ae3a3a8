//! PL401 `test-commands`: "Testing Plan" contains at least one runnable command (inline code or a shell code block).

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub struct TestCommands;

static META: RuleMeta = RuleMeta {
    code: "PL401",
    name: "test-commands",
    severity: Severity::Error,
    summary: "\"Testing Plan\" contains at least one runnable command (inline code or a shell code block).",
};

impl Rule for TestCommands {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new() // not implemented yet
    }
}
