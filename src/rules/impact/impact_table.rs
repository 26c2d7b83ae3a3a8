//! PL201 `impact-table`: "Impacted Files & Directories" holds a table with path, why and
//! change-type columns.

use crate::analysis::impact::IMPACT_SECTION;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct ImpactTable;

static META: RuleMeta = RuleMeta {
    code: "PL201",
    name: "impact-table",
    severity: Severity::Error,
    summary: "The impact section holds a table with a path, a why and a change-type column.",
    group: crate::rules::Group::Impact,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

const HELP: &str = "use a table with the columns `| Path | Why | Change type |` (change type: edit, new or delete)";

impl Rule for ImpactTable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let Some(section) = ctx.outline.section(doc, ctx.contract, IMPACT_SECTION) else {
            return Vec::new();
        };
        if ctx.impact.tables.is_empty() {
            if crate::rules::deferred(ctx, section) {
                return Vec::new();
            }
            let heading = doc.section_heading(section);
            return vec![
                self.report(
                    heading.text_span,
                    format!("`{}` has no table", heading.text),
                )
                .with_help(HELP),
            ];
        }
        ctx.impact
            .tables
            .iter()
            .filter_map(|t| {
                let missing = t.missing();
                if missing.is_empty() {
                    return None;
                }
                let names: Vec<&str> = missing.iter().map(|c| c.label()).collect();
                let header = &doc.tables[t.table].header;
                let plural = if names.len() == 1 {
                    "column"
                } else {
                    "columns"
                };
                Some(
                    self.report(
                        header.span,
                        format!("the impact table has no {} {plural}", names.join(", ")),
                    )
                    .with_help(HELP),
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
        let section = "## Impacted Files & Directories\n\n";
        Tester::new("PL201")
            .pass(&[
                CLEAN_PLAN,
                &format!("{section}| File or Directory | Rationale | Action |\n|---|---|---|\n| `src/lib.rs` | x | edit |\n"),
            ])
            .fail(&[
                &format!("{section}- `src/lib.rs`: edit\n"),
                &format!("{section}| Path | Change |\n|---|---|\n| `src/lib.rs` | edit |\n"),
                &format!("{section}| Path | Why | Change type |\n|---|---|---|\n| `src/lib.rs` | x | edit |\n\n| Thing | Owner |\n|---|---|\n| a | b |\n"),
            ])
            .test_and_snapshot();
    }
}
