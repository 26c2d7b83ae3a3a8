//! PL504 `marker-unlisted`: A marker outside Open Questions has its question listed among the Open Questions too.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub struct MarkerUnlisted;

static META: RuleMeta = RuleMeta {
    code: "PL504",
    name: "marker-unlisted",
    severity: Severity::Warning,
    summary: "A marker outside Open Questions has its question listed among the Open Questions too.",
};

impl Rule for MarkerUnlisted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _ctx: &Context<'_>) -> Vec<Diagnostic> {
        Vec::new() // not implemented yet
    }
}
