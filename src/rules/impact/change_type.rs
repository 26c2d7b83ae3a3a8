//! PL202 `change-type`: the change type is `edit`, `new` or `delete`.

use crate::analysis::impact::{ChangeKind, ImpactRow, canonical};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view::{EntryKind, Lookup};

pub(crate) struct ChangeType;

static META: RuleMeta = RuleMeta {
    code: "PL202",
    name: "change-type",
    severity: Severity::Error,
    summary: "Each impact row's change type is `edit`, `new` or `delete`.",
    group: crate::rules::Group::Impact,
    fix: crate::rules::FixAvailability::Sometimes(crate::diagnostic::Applicability::Safe),
    phase: crate::rules::Phase::Document,
};

impl Rule for ChangeType {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        // A table without the contract's three columns is PL201's one finding: its cells
        // are not checked row by row (one finding per root cause, not one per row).
        let well_formed = |table: usize| {
            ctx.impact
                .tables
                .iter()
                .any(|t| t.table == table && t.missing().is_empty())
        };
        ctx.impact
            .rows
            .iter()
            .filter(|row| well_formed(row.table))
            .filter_map(|row| {
                let ChangeKind::Other(word) = &row.change else {
                    return None;
                };
                let cell = row.change_cell.as_ref()?;
                let d = self.report(cell.span, format!("`{}` is not a change type", cell.text));
                Some(match canonical(word) {
                    Some(c) => {
                        // The fix is the whole repair only when the row's paths agree
                        // with the type it writes (PL203/PL204 check them after it).
                        let conflict = path_conflict(ctx, row, c);
                        let d = d.with_help(match &conflict {
                            None => format!(
                                "write `{c}` (the contract's change types are edit, new and delete)"
                            ),
                            Some(why) => format!(
                                "`{word}` reads as `{c}`, but {why}: decide the row's change type (edit, new or delete) and its path together"
                            ),
                        });
                        let applicability = if conflict.is_none() {
                            Applicability::Safe
                        } else {
                            Applicability::Suggestion
                        };
                        // Replace the word itself, keeping any markup around it.
                        let raw = ctx.doc.text(cell.span);
                        let lower = raw.to_lowercase();
                        match lower
                            .find(word.as_str())
                            .filter(|_| lower.len() == raw.len())
                        {
                            Some(at) => {
                                let span = Span::new(
                                    cell.span.start + at,
                                    cell.span.start + at + word.len(),
                                );
                                d.with_fix(Fix::replace(
                                    applicability,
                                    format!("Write `{c}`"),
                                    span,
                                    c,
                                ))
                            }
                            None => d,
                        }
                    }
                    None => d.with_help("write `edit`, `new` or `delete`; one row per change"),
                })
            })
            .collect()
    }
}

/// Why writing change type `c` in `row` would raise a path finding (PL204 for a `new`
/// row whose path exists, PL203 for an `edit`/`delete` row whose path does not), if
/// it would.
fn path_conflict(ctx: &Context<'_>, row: &ImpactRow, c: &str) -> Option<String> {
    for path in row.paths.iter().filter(|p| !p.is_glob()) {
        for (candidate, lookup) in path.expanded.iter().zip(path.lookups(ctx.fs)) {
            match (c, lookup) {
                ("new", Lookup::Found(_)) => {
                    return Some(format!("`{candidate}` already exists"));
                }
                ("edit" | "delete", Lookup::Missing { .. }) => {
                    return Some(format!("`{candidate}` does not exist"));
                }
                ("edit" | "delete", Lookup::Found(EntryKind::File)) if path.trailing_slash() => {
                    return Some(format!("`{candidate}` is a file, not a directory"));
                }
                _ => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let t = "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n";
        Tester::new("PL202")
            .pass(&[
                CLEAN_PLAN,
                &format!("{t}| `a` | x | EDIT |\n| `b` | x | **new** |\n| `c` | x | `delete` |\n"),
            ])
            .pass(&[
                // No why column: PL201 reports the table once; its rows are not PL202's.
                "## Impacted Files & Directories\n\n| Path | Change |\n|---|---|\n| `a` | Modify: rename x |\n| `b` | Create |\n",
            ])
            .fail(&[&format!(
                "{t}| `a` | x | Modify |\n| `b` | x | create |\n| `c` | x | rewrite |\n"
            )])
            .fix(&[
                (
                    &format!("{t}| `src/lib.rs` | x | Modify |\n| `b` | x | **Create** |\n| `src/main.rs` | x | `remove` |\n| `d` | x | rewrite |\n"),
                    &format!("{t}| `src/lib.rs` | x | edit |\n| `b` | x | **new** |\n| `src/main.rs` | x | `delete` |\n| `d` | x | rewrite |\n"),
                ),
                // The canonical type contradicts the path (PL204/PL203 would follow):
                // a suggestion only, never applied.
                (
                    &format!("{t}| `src/lib.rs` | x | Create |\n| `src/gone.rs` | x | Modify |\n| `src/` | x | Update |\n"),
                    &format!("{t}| `src/lib.rs` | x | Create |\n| `src/gone.rs` | x | Modify |\n| `src/` | x | edit |\n"),
                ),
            ])
            .test_and_snapshot();
    }
}
