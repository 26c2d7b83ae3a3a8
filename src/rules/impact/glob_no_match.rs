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
                                    any = any
                                        || candidates(ctx.fs.all_paths(), pattern)
                                            .any(|f| m.is_match(f));
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

/// The paths of `all` (sorted, as [`crate::workspace::fs_view::FsView::all_paths`]) that
/// a glob `pattern` could match: those that start with the directories the pattern
/// spells out literally before its first special character (`src/api` for
/// `src/api/*.rs`; every path for `*.rs` or `**/x`). A contiguous run of the sorted
/// list, found by binary search: a glob under `src/` costs the paths under `src/`, not
/// the repository.
fn candidates<'a>(all: &'a [String], pattern: &str) -> impl Iterator<Item = &'a String> {
    let literal = pattern
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_')))
        .map_or(pattern, |cut| &pattern[..cut]);
    let prefix = literal.rfind('/').map_or("", |cut| &literal[..cut]);
    let start = all.partition_point(|p| p.as_str() < prefix);
    all[start..]
        .iter()
        .take_while(move |p| p.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    /// The candidates hold every match of the full scan, and only the paths below
    /// the pattern's literal directories.
    #[test]
    fn candidates_are_the_literal_directory_only() {
        let mut all: Vec<String> = [
            "src",
            "src/a.rs",
            "src/api",
            "src/api/x.rs",
            "src/api/y.py",
            "src-old/a.rs",
            "src2/b.rs",
            "srcs/c.rs",
            "tests",
            "tests/t.rs",
            "x.rs",
            "a.b/c.rs",
            "docs/-x/y.md",
            "src/sub/deep/z.rs",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for i in 0..1000 {
            all.push(format!("vendor/pkg{i}/m.rs"));
        }
        all.sort();
        for pattern in [
            "src/*.rs",
            "src/**",
            "src/**/*.rs",
            "src/api/*.rs",
            "src/api/x.rs",
            "*.rs",
            "**/x.rs",
            "src*/*.rs",
            "src/[ab].rs",
            "a.b/*.rs",
            "docs/-x/*",
            "src/a?rs",
            "tests/**",
            "src/{a,b}.rs",
            "vendor/pkg7/*.rs",
            "nothing/*.rs",
            "",
        ] {
            let m = globset::GlobBuilder::new(pattern)
                .literal_separator(true)
                .build()
                .unwrap()
                .compile_matcher();
            let full: Vec<&String> = all.iter().filter(|f| m.is_match(f)).collect();
            let narrow: Vec<&String> = super::candidates(&all, pattern)
                .filter(|f| m.is_match(f))
                .collect();
            assert_eq!(narrow, full, "{pattern:?}");
        }
        // The work: a glob under `src/api` tries the paths below `src`, not the 1 000 others.
        assert!(super::candidates(&all, "src/api/*.rs").count() <= 8);
        assert_eq!(super::candidates(&all, "tests/**").count(), 2);
    }

    #[test]
    fn vectors() {
        let t = "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n";
        Tester::new("PL206")
            .pass(&[CLEAN_PLAN, &format!("{t}| `src/*.rs` | x | edit |\n| `tests/**/*.rs` | x | delete |\n")])
            .fail(&[&format!("{t}| `src/*.py` | x | edit |\n| `src/new/*.rs` | x | new |\n| `src/[a.rs` | x | edit |\n")])
            .test_and_snapshot();
    }
}
