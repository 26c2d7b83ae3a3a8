//! PL402 `test-locations`: "Testing Plan" names at least one test file path, and each named test path exists or is a `new` impact row.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub struct TestLocations;

static META: RuleMeta = RuleMeta {
    code: "PL402",
    name: "test-locations",
    severity: Severity::Warning,
    summary: "\"Testing Plan\" names at least one test file path, and each named test path exists or is a `new` impact row.",
};

impl Rule for TestLocations {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new() // not implemented yet
    }
}
