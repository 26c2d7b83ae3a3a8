//! PL203 `path-not-found`: an `edit` or `delete` row names a path that does not exist.

use super::resolve_all;
use crate::analysis::impact::ChangeKind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view::{EntryKind, Lookup};

pub(crate) struct PathNotFound;

static META: RuleMeta = RuleMeta {
    code: "PL203",
    name: "path-not-found",
    severity: Severity::Error,
    summary: "An `edit` or `delete` row's path exists under the repository root (case-exact).",
    group: crate::rules::Group::Impact,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for PathNotFound {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let marker = &ctx.contract.marker;
        resolve_all(ctx)
            .filter(|r| matches!(r.row.change, ChangeKind::Edit | ChangeKind::Delete))
            .filter_map(|r| {
                let change = if r.row.change == ChangeKind::Edit { "edit" } else { "delete" };
                let shown = r.candidate;
                match r.lookup {
                    Lookup::Missing { case_variant: Some(v) } => Some(
                        self.report(r.path.span, format!("`{shown}` does not exist (paths are case-sensitive)"))
                            .with_help(format!("did you mean `{v}`?")),
                    ),
                    Lookup::Missing { case_variant: None } => Some(
                        self.report(r.path.span, format!("`{shown}` does not exist in the repository ({change} row)"))
                            .with_help(format!(
                                "fix the path; if this plan creates it, make the row `new`; if unsure, mark it `{marker}`"
                            )),
                    ),
                    Lookup::Found(EntryKind::File) if r.path.trailing_slash() => Some(
                        self.report(r.path.span, format!("`{shown}` is a file, but the trailing `/` says directory"))
                            .with_help("remove the trailing `/`"),
                    ),
                    _ => None,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let t = "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n";
        Tester::new("PL203")
            .pass(&[
                CLEAN_PLAN,
                &format!("{t}| src/lib.rs | x | edit |\n| `src/` | x | edit |\n| `src/{{lib,main}}.rs:3-9` | x | delete |\n| `docs/missing.md` | x | new |\n"),
            ])
            .fail(&[
                &format!("{t}| `src/missing.rs` | x | edit |\n| src/gone.rs | x | delete |\n"),
                &format!("{t}| `SRC/lib.rs` | x | edit |\n| `src/lib.rs/` | x | edit |\n| `src/{{lib,nope}}.rs` | x | edit |\n"),
            ])
            .test_and_snapshot();
    }
}
