//! PL403 `verification-checklist`: "Verification Checklist" is made of task-list items (`- [ ]` / `- [x]`), at least one.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub struct VerificationChecklist;

static META: RuleMeta = RuleMeta {
    code: "PL403",
    name: "verification-checklist",
    severity: Severity::Error,
    summary: "\"Verification Checklist\" is made of task-list items (`- [ ]` / `- [x]`), at least one.",
};

impl Rule for VerificationChecklist {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new() // not implemented yet
    }
}
