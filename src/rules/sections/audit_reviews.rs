//! PL405 `audit-reviews`: "Plan Completeness Audit" records the implementer review and the QA/release review.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub struct AuditReviews;

static META: RuleMeta = RuleMeta {
    code: "PL405",
    name: "audit-reviews",
    severity: Severity::Error,
    summary: "\"Plan Completeness Audit\" records the implementer review and the QA/release review.",
};

impl Rule for AuditReviews {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new() // not implemented yet
    }
}
