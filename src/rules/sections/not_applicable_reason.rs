//! PL406 `not-applicable-reason`: A section that says only "N/A" / "None" / "Not applicable" gives a reason.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub struct NotApplicableReason;

static META: RuleMeta = RuleMeta {
    code: "PL406",
    name: "not-applicable-reason",
    severity: Severity::Warning,
    summary: "A section that says only \"N/A\" / \"None\" / \"Not applicable\" gives a reason.",
};

impl Rule for NotApplicableReason {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new() // not implemented yet
    }
}
