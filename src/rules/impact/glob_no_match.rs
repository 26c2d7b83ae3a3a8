//! PL206 `glob-no-match`: a glob path must match a file for `edit`/`delete`; a `new` row
//! cannot be a glob.

use super::glob_problem;
use crate::analysis::impact::ChangeKind;
use crate::analysis::paths::BraceLimit;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use globset::GlobBuilder;

pub(crate) struct GlobNoMatch;

static META: RuleMeta = RuleMeta {
    code: "PL206",
    name: "glob-no-match",
    severity: Severity::Error,
    summary: "A glob in an `edit`/`delete` row matches at least one file; `new` rows name exact paths.",
    group: crate::rules::Group::Impact,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for GlobNoMatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for row in &ctx.impact.rows {
            for path in &row.paths {
                if let Some(limit) = path.brace_limit {
                    out.push(
                        self.report(
                            path.span,
                            format!(
                                "`{}` is not a usable brace pattern: {}",
                                crate::analysis::paths::abbreviate(&path.text),
                                limit.describe()
                            ),
                        )
                        .with_help("list the paths, or write a simpler pattern"),
                    );
                }
            }
            for path in row
                .paths
                .iter()
                .filter(|p| p.is_glob() && p.brace_limit != Some(BraceLimit::Nesting))
            {
                if path.expanded.iter().any(|p| glob_problem(p).is_some()) {
                    continue; // PL205's finding
                }
                match row.change {
                    ChangeKind::New => out.push(
                        self.report(
                            path.span,
                            format!(
                                "`{}` is a glob, but a `new` row must name the exact path",
                                path.text
                            ),
                        )
                        .with_help("list each new file on its own row"),
                    ),
                    ChangeKind::Edit | ChangeKind::Delete => {
                        let mut any = false;
                        let mut invalid = None;
                        for p in &path.expanded {
                            let pattern = p.trim_start_matches("./").trim_end_matches('/');
                            match GlobBuilder::new(pattern).literal_separator(true).build() {
                                Ok(g) => {
                                    let m = g.compile_matcher();
                                    any |= ctx.fs.all_paths().iter().any(|f| m.is_match(f));
                                }
                                Err(e) => invalid = Some(e.kind().to_string()),
                            }
                        }
                        if let Some(e) = invalid {
                            out.push(self.report(
                                path.span,
                                format!("`{}` is not a valid glob: {e}", path.text),
                            ));
                        } else if !any {
                            out.push(
                                self.report(
                                    path.span,
                                    format!("`{}` matches no file in the repository", path.text),
                                )
                                .with_help("fix the pattern, or list the files the plan touches"),
                            );
                        }
                    }
                    _ => {}
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
        Tester::new("PL206")
            .pass(&[CLEAN_PLAN, &format!("{t}| `src/*.rs` | x | edit |\n| `tests/**/*.rs` | x | delete |\n")])
            .fail(&[&format!("{t}| `src/*.py` | x | edit |\n| `src/new/*.rs` | x | new |\n| `src/[a.rs` | x | edit |\n")])
            .test_and_snapshot();
    }
}
