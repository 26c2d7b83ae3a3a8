//! PL003 `file-name`: the file is `<EXPORT>/plan_<feat_name>.md`, with the title's slug.
//!
//! The slug is the one PL002 would leave: a slug that is not kebab-case but has a
//! kebab-case form (`Messy_Export` → `messy-export`) is checked in that form, so fixing
//! the title never reveals a PL003 finding that was hidden before.

use super::kebab;
use super::{slug_is_valid, title_parts};
use crate::contract::Contract;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use std::path::{Component, Path, PathBuf};

pub(crate) struct FileName;

static META: RuleMeta = RuleMeta {
    code: "PL003",
    name: "file-name",
    severity: Severity::Error,
    summary: "The file is `EXPORT/plan_<feat_name>.md`, with the same slug as the title.",
    group: crate::rules::Group::Structure,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// Where a plan's directory stands relative to the contract's `export_dir`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Location {
    /// Directly in a directory that is (ends with) `export_dir`.
    Direct,
    /// In a subdirectory of `export_dir`: how many directories below it, and their
    /// `/`-joined names (`legacy/2024`).
    Nested { depth: usize, below: String },
    /// Not below `export_dir` at all: the name of the directory it is in.
    Outside { parent: String },
}

fn normal_parts(p: &Path) -> Vec<String> {
    p.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect()
}

/// Where the plan at `path` lives relative to `export_dir`. `rel` is the plan's path
/// relative to the repository root, when it is inside it: then only directories inside
/// the root count (an `EXPORT` above the repository is not the export directory).
/// `export_dir` may have several components (`docs/plans`): the plan's directories must
/// end with them (`Direct`) or hold them (`Nested`).
pub(crate) fn location(path: &Path, rel: Option<&Path>, export_dir: &str) -> Location {
    let dirs = match rel {
        Some(rel) => normal_parts(rel.parent().unwrap_or(Path::new(""))),
        None => {
            let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            normal_parts(abs.parent().unwrap_or(Path::new("")))
        }
    };
    let export = normal_parts(Path::new(export_dir));
    let parent = || Location::Outside {
        parent: dirs.last().cloned().unwrap_or_default(),
    };
    if export.is_empty() || dirs.len() < export.len() {
        return parent();
    }
    // The last place the export directory's components occur, as a run.
    let hit = (0..=dirs.len() - export.len())
        .rev()
        .find(|&i| dirs[i..i + export.len()] == export[..]);
    match hit {
        Some(i) if i + export.len() == dirs.len() => Location::Direct,
        Some(i) => Location::Nested {
            depth: dirs.len() - i - export.len(),
            below: dirs[i + export.len()..].join("/"),
        },
        None => parent(),
    }
}

/// Why a plan written to directory `dir` would fail PL003's location check, if it would
/// (`new` refuses such a directory; `export` reports it after writing).
pub(crate) fn location_problem(
    dir: &Path,
    rel_dir: Option<&Path>,
    contract: &Contract,
) -> Option<String> {
    let probe = dir.join("plan_x.md");
    let rel = rel_dir.map(|r| r.join("plan_x.md"));
    let export_dir = &contract.export_dir;
    match location(&probe, rel.as_deref(), export_dir) {
        Location::Direct => None,
        Location::Nested { .. } if contract.nested_plans => None,
        Location::Nested { below, .. } => Some(format!(
            "`{}` is a subdirectory of `{export_dir}` (`{below}`), and plans live directly in \
             `{export_dir}`: set `nested_plans = true` in the `[contract]` table of plan-lint.toml \
             to allow subdirectories",
            dir.display()
        )),
        Location::Outside { .. } => Some(format!(
            "`{}` is not a directory named `{export_dir}` (the contract's `export_dir`), so the plan \
             would fail PL003",
            dir.display()
        )),
    }
}

/// `path` with `n` trailing components removed, as written (`..` when it runs out).
fn up(path: &Path, n: usize) -> PathBuf {
    let mut d = path.to_path_buf();
    for _ in 0..n {
        if matches!(d.components().next_back(), Some(Component::Normal(_))) {
            d.pop();
        } else {
            d.push("..");
        }
    }
    d
}

impl Rule for FileName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let path = &doc.path;
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let contract = ctx.contract;
        let export_dir = &contract.export_dir;
        let max = contract.max_slug_len;
        // The slug as written, and as PL002 leaves it (its kebab-case form, when the
        // written one is not kebab-case but has one).
        let (written, slug, span) = match title_parts(ctx) {
            Some(Ok(parts)) => {
                let slug = if slug_is_valid(&parts.slug, max) {
                    Some(parts.slug.clone())
                } else {
                    kebab(&parts.slug).filter(|k| slug_is_valid(k, max))
                };
                (Some(parts.slug), slug, parts.slug_span)
            }
            // PL001 reports the title; the name can still be checked for shape.
            _ => (
                None,
                None,
                doc.title().map_or(Span::empty(0), |h| h.text_span),
            ),
        };
        let stem = file_name
            .strip_prefix("plan_")
            .and_then(|s| s.strip_suffix(".md"))
            .filter(|s| slug_is_valid(s, max));
        let expected = slug.as_ref().map(|s| format!("plan_{s}.md"));
        // The name the file ends up with: the title's, else its own when well formed.
        let target_name = expected.clone().unwrap_or_else(|| match stem {
            Some(_) => file_name.to_string(),
            None => "plan_<feat_name>.md".to_string(),
        });

        let loc = location(path, ctx.rel_path, export_dir);
        let loc_ok = match loc {
            Location::Direct => true,
            Location::Nested { .. } => contract.nested_plans,
            Location::Outside { .. } => false,
        };
        // The directory the plan belongs in, written the way its path is written.
        let here = path.parent().unwrap_or(Path::new(""));
        let dest_dir = match &loc {
            Location::Direct => here.to_path_buf(),
            _ if loc_ok => here.to_path_buf(),
            Location::Nested { depth, .. } => up(here, *depth),
            Location::Outside { .. } => match ctx.rel_path {
                Some(rel) if path.ends_with(rel) => {
                    up(path, rel.components().count()).join(export_dir)
                }
                _ => PathBuf::from(export_dir),
            },
        };
        let dest = dest_dir.join(&target_name);
        let git = ctx.fs.root().join(".git").exists();
        let mv = |what: &str| {
            let (cmd, untracked) = if git {
                ("git mv", " (`mv` if git does not track it)")
            } else {
                ("mv", "")
            };
            format!(
                "{what} it: `{cmd} {} {}`{untracked}",
                path.display(),
                dest.display()
            )
        };

        let mut out = Vec::new();
        match (&expected, stem) {
            (Some(exp), _) if file_name != exp => {
                let slug = slug.as_deref().unwrap_or_default();
                let message = if written.as_deref() == Some(slug) {
                    format!(
                        "the file is named `{file_name}`, but the title's slug makes it `{exp}`"
                    )
                } else {
                    format!(
                        "the file is named `{file_name}`, but the title's slug `{}` (`{slug}` in \
                         kebab-case, as PL002 asks) makes it `{exp}`",
                        written.as_deref().unwrap_or_default()
                    )
                };
                let mut help = mv(if loc_ok { "rename" } else { "move" });
                if let Some(own) = stem {
                    help.push_str(&format!(
                        "; or, if `{own}` is the feature's slug, write `({own})` in the title"
                    ));
                }
                out.push(
                    self.report(span, message)
                        .with_label(format!("slug of `{exp}`"))
                        .with_help(help),
                );
            }
            (None, None) => out.push(
                self.report(
                    span,
                    format!("the file is named `{file_name}`, not `plan_<feat_name>.md`"),
                )
                .with_help(format!(
                    "{}, with the title's slug as `<feat_name>`",
                    mv(if loc_ok { "rename" } else { "move" })
                )),
            ),
            _ => {}
        }
        match &loc {
            _ if loc_ok => {}
            Location::Nested { below, .. } => out.push(
                self.report(
                    span,
                    format!(
                        "the plan is in `{below}`, a subdirectory of `{export_dir}`; the contract \
                         puts plans directly in `{export_dir}`"
                    ),
                )
                .with_help(format!(
                    "{}, or set `nested_plans = true` in the `[contract]` table of plan-lint.toml \
                     to allow subdirectories",
                    mv("move")
                )),
            ),
            Location::Outside { parent } => {
                let export = match (&slug, &written) {
                    (Some(s), Some(w)) if s == w => String::new(),
                    (Some(s), _) => format!(" --slug {s}"),
                    (None, _) => " --slug <feat_name>".to_string(),
                };
                out.push(
                    self.report(
                        span,
                        format!(
                            "the plan is not in a directory named `{export_dir}` (it is in `{parent}`)"
                        ),
                    )
                    .with_help(format!(
                        "{}, or copy it there with `plan-lint export {}{export}`",
                        mv("move"),
                        path.display()
                    )),
                )
            }
            Location::Direct => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{Location, location};
    use crate::rules::tester::Tester;
    use std::path::Path;

    #[test]
    fn vectors() {
        Tester::new("PL003")
            .path("EXPORT/plan_rate-limits.md")
            .pass(&[
                "# Plan: Rate Limits (rate-limits)\n",
                // PL002's fix makes it `rate-limits`: nothing to reveal after --fix
                "# Plan: Rate Limits (Rate_Limits)\n",
                "# Plan: Rate Limits (rateLimits)\n",
                // no kebab-case form: only the shape of the name is checked
                "# Plan: Rate (ä)\n",
            ])
            .test_and_snapshot_named("PL003-pass");
        Tester::new("PL003")
            .path("EXPORT/plan_rate-limits.md")
            .fail(&[
                "# Plan: Rate Limits (limits)\n",
                // checked against the slug as PL002 fixes it
                "# Plan: Rate (Bad_Slug)\n",
            ])
            .test_and_snapshot_named("PL003-slug");
        Tester::new("PL003")
            .path("docs/plan_a.md")
            .fail(&["# Plan: A (a)\n", "# Plan: A (Big_A)\n"])
            .test_and_snapshot_named("PL003-dir");
        Tester::new("PL003")
            .path("EXPORT/a_plan.md")
            .fail(&["# Plan: A (A B)\n", "no title\n"])
            .test_and_snapshot_named("PL003-shape");
        Tester::new("PL003")
            .path("EXPORT/legacy/plan_a.md")
            .fail(&["# Plan: A (a)\n"])
            .test_and_snapshot_named("PL003-nested");
    }

    #[test]
    fn nested_plans_pass_when_the_contract_allows_them() {
        let mut config = crate::engine::config::Config::defaults(".".into());
        config.contract.nested_plans = true;
        let linter =
            crate::engine::lint::Linter::new(config, &crate::engine::lint::Selection::default())
                .unwrap();
        let fs = crate::workspace::fs_view::FsView::new(crate::rules::tester::fixture_repo());
        let codes = |path: &str, text: &str| -> Vec<String> {
            let doc = crate::document::parse::parse(Path::new(path), std::sync::Arc::from(text));
            linter
                .lint_document(&doc, &fs, Some(Path::new(path)))
                .into_iter()
                .filter(|d| d.code == "PL003")
                .map(|d| d.message)
                .collect()
        };
        assert!(codes("EXPORT/legacy/plan_a.md", "# Plan: A (a)\n").is_empty());
        assert!(codes("EXPORT/archive/2024/q1/plan_a.md", "# Plan: A (a)\n").is_empty());
        // the name is still checked, and a directory outside EXPORT still is not one
        assert_eq!(
            codes("EXPORT/legacy/plan_b.md", "# Plan: A (a)\n"),
            vec!["the file is named `plan_b.md`, but the title's slug makes it `plan_a.md`"]
        );
        assert_eq!(
            codes("docs/legacy/plan_a.md", "# Plan: A (a)\n"),
            vec!["the plan is not in a directory named `EXPORT` (it is in `legacy`)"]
        );
    }

    #[test]
    fn locations() {
        let loc = |rel: &str, dir: &str| location(Path::new(rel), Some(Path::new(rel)), dir);
        assert_eq!(loc("EXPORT/plan_a.md", "EXPORT"), Location::Direct);
        assert_eq!(loc("x/EXPORT/plan_a.md", "EXPORT"), Location::Direct);
        assert_eq!(
            loc("EXPORT/a/b/plan_a.md", "EXPORT"),
            Location::Nested {
                depth: 2,
                below: "a/b".into()
            }
        );
        assert_eq!(
            loc("docs/plan_a.md", "EXPORT"),
            Location::Outside {
                parent: "docs".into()
            }
        );
        assert_eq!(
            loc("plan_a.md", "EXPORT"),
            Location::Outside { parent: "".into() }
        );
        // a multi-component export_dir
        assert_eq!(loc("docs/plans/plan_a.md", "docs/plans"), Location::Direct);
        assert_eq!(
            loc("plans/plan_a.md", "docs/plans"),
            Location::Outside {
                parent: "plans".into()
            }
        );
        // an EXPORT above the repository root is not the export directory
        assert_eq!(
            location(
                Path::new("/tmp/EXPORT/repo/docs/plan_a.md"),
                Some(Path::new("docs/plan_a.md")),
                "EXPORT"
            ),
            Location::Outside {
                parent: "docs".into()
            }
        );
    }
}
