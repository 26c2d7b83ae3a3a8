//! PL207 `duplicate-path`: a path appears in more than one impact row.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view;
use std::collections::HashMap;

pub(crate) struct DuplicatePath;

static META: RuleMeta = RuleMeta {
    code: "PL207",
    name: "duplicate-path",
    severity: Severity::Error,
    summary: "Each path appears in one impact row only.",
    group: crate::rules::Group::Impact,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for DuplicatePath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::new();
        for row in &ctx.impact.rows {
            for path in &row.paths {
                for p in &path.expanded {
                    let key = fs_view::normalize(p).unwrap_or_else(|_| p.clone());
                    let key = key.trim_end_matches('/').to_string();
                    let line = doc.line_col(row.row_span.start).line;
                    if let Some(first) = seen.get(&key) {
                        if *first != line {
                            out.push(
                                self.report(path.span, format!("`{p}` is already listed on line {first}"))
                                    .with_help("merge the rows: one row per path, with every reason in its why"),
                            );
                        }
                    } else {
                        seen.insert(key, line);
                    }
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
        Tester::new("PL207")
            .pass(&[CLEAN_PLAN, &format!("{t}| `src/a.rs` | x | edit |\n| `src/b.rs` | x | edit |\n")])
            .fail(&[&format!("{t}| `src/a.rs` | x | edit |\n| `./src/a.rs` | y | edit |\n| `src/{{a,c}}.rs` | z | edit |\n")])
            .test_and_snapshot();
    }
}
