//! PL205 `path-outside-root`: an impact path that is absolute, starts with `~`, uses `..`
//! to leave the root, or goes through a symlink pointing outside it.

use super::{glob_problem, resolve_all};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view::Lookup;

pub(crate) struct PathOutsideRoot;

static META: RuleMeta = RuleMeta {
    code: "PL205",
    name: "path-outside-root",
    severity: Severity::Error,
    summary: "Impact paths stay inside the repository root (no absolute, `~`, escaping `..` or outward symlinks).",
    group: crate::rules::Group::Impact,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

const HELP: &str = "write the path relative to the repository root, e.g. `src/app.py`";

impl Rule for PathOutsideRoot {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let mut out: Vec<Diagnostic> = resolve_all(ctx)
            .filter_map(|r| match r.lookup {
                Lookup::Outside(problem) => Some(
                    self.report(
                        r.path.span,
                        format!("`{}` {}", r.candidate, problem.describe()),
                    )
                    .with_help(HELP),
                ),
                _ => None,
            })
            .collect();
        for row in &ctx.impact.rows {
            for path in row.paths.iter().filter(|p| p.is_glob()) {
                if let Some(problem) = path.expanded.iter().find_map(|p| glob_problem(p)) {
                    out.push(
                        self.report(path.span, format!("`{}` {}", path.text, problem.describe()))
                            .with_help(HELP),
                    );
                }
            }
        }
        // one finding per written path
        out.dedup_by(|a, b| a.span == b.span);
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let t = "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n";
        Tester::new("PL205")
            .pass(&[CLEAN_PLAN, &format!("{t}| `src/../src/lib.rs` | x | edit |\n| `./docs/x.md` | x | new |\n")])
            .fail(&[&format!(
                "{t}| `/etc/passwd` | x | edit |\n| `~/.ssh/id_rsa` | x | edit |\n| `../secret.txt` | x | edit |\n| `C:\\x.txt` | x | new |\n| `/var/**/*.log` | x | delete |\n"
            )])
            .test_and_snapshot();
    }
}
