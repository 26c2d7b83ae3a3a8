//! PL501 `open-question-marker`: Every Open Questions item carries the confirmation marker, or the section is exactly one "None" line.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub struct OpenQuestionMarker;

static META: RuleMeta = RuleMeta {
    code: "PL501",
    name: "open-question-marker",
    severity: Severity::Error,
    summary: "Every Open Questions item carries the confirmation marker, or the section is exactly one \"None\" line.",
};

impl Rule for OpenQuestionMarker {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new() // not implemented yet
    }
}
