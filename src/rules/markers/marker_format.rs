//! PL503 `marker-format`: No near misses of the confirmation marker (`[NEEDS CONFIRMATION]`, `[NEEDS CLARIFICATION]`, other case).

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub struct MarkerFormat;

static META: RuleMeta = RuleMeta {
    code: "PL503",
    name: "marker-format",
    severity: Severity::Error,
    summary: "No near misses of the confirmation marker (`[NEEDS CONFIRMATION]`, `[NEEDS CLARIFICATION]`, other case).",
};

impl Rule for MarkerFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new() // not implemented yet
    }
}
