//! PL204 `path-exists`: a `new` row names a path that already exists.

use super::resolve_all;
use crate::analysis::impact::ChangeKind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view::{EntryKind, Lookup};

pub(crate) struct PathExists;

static META: RuleMeta = RuleMeta {
    code: "PL204",
    name: "path-exists",
    severity: Severity::Error,
    summary: "A `new` row's path does not exist yet.",
    group: crate::rules::Group::Impact,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for PathExists {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        resolve_all(ctx)
            .filter(|r| r.row.change == ChangeKind::New)
            .filter_map(|r| {
                let Lookup::Found(kind) = r.lookup else { return None };
                let what = if kind == EntryKind::Dir { "directory" } else { "file" };
                Some(
                    self.report(r.path.span, format!("`{}` already exists ({what}), but the row says `new`", r.candidate))
                        .with_help("make the row `edit` if the plan changes it, or pick a path that does not exist"),
                )
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
        Tester::new("PL204")
            .pass(&[
                CLEAN_PLAN,
                &format!("{t}| `src/new.rs` | x | new |\n| `src/lib.rs` | x | edit |\n"),
            ])
            .fail(&[&format!(
                "{t}| `src/lib.rs` | x | new |\n| `src` | x | new |\n"
            )])
            .test_and_snapshot();
    }
}
