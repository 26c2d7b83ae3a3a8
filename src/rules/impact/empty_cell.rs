//! PL208 `empty-cell`: an impact row with an empty path, why or change type.

use crate::analysis::impact::Column;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct EmptyCell;

static META: RuleMeta = RuleMeta {
    code: "PL208",
    name: "empty-cell",
    severity: Severity::Error,
    summary: "No impact row has an empty path, why or change type.",
    group: crate::rules::Group::Impact,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for EmptyCell {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for row in &ctx.impact.rows {
            let cells = [
                (Column::Path, &row.path_cell),
                (Column::Why, &row.why_cell),
                (Column::Change, &row.change_cell),
            ];
            for (column, cell) in cells {
                let Some(cell) = cell else { continue };
                let empty =
                    cell.text.trim().is_empty() || matches!(cell.text.trim(), "-" | "—" | "–");
                if empty {
                    let span = cell.span;
                    out.push(
                        self.report(span, format!("the {} cell is empty", column.label()))
                            .with_help(match column {
                                Column::Path => {
                                    "name the file or directory, relative to the repository root"
                                }
                                Column::Why => "say why this path changes",
                                Column::Change => "write `edit`, `new` or `delete`",
                            }),
                    );
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let t = "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n";
        Tester::new("PL208")
            .pass(&[CLEAN_PLAN])
            .fail(&[&format!("{t}| `src/a.rs` |  | edit |\n|  | x | new |\n| `src/b.rs` | x |\n| `src/c.rs` | - | edit |\n")])
            .test_and_snapshot();
    }
}
