//! PL002 `slug`: `feat_name` is a filesystem-safe kebab-case slug, at most 64 characters.

use super::{SLUG, kebab, title_parts};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct Slug;

static META: RuleMeta = RuleMeta {
    code: "PL002",
    name: "slug",
    severity: Severity::Error,
    summary: "`feat_name` is a kebab-case slug (`^[a-z0-9]+(-[a-z0-9]+)*$`) of at most 64 characters.",
    group: crate::rules::Group::Structure,
    fix: crate::rules::FixAvailability::Sometimes(crate::diagnostic::Applicability::Safe),
    phase: crate::rules::Phase::Document,
};

/// The fix writing the slug as `k`, at the tier the file's name allows: the slug is
/// also the file's name (`plan_<feat_name>.md`, PL003), so rewriting it alone is safe
/// only when no rename is left to do.
///
/// - the file is already `plan_<k>.md`: the fix makes the title agree with it: **safe**;
/// - the file is named after another slug (`plan_Rate_Limits.md`, `plan_messy.md`): the
///   fix also needs the file renamed, which `--fix` never does: a **suggestion** (shown,
///   never applied), whose help names the rename;
/// - the file has no plan name yet (standard input, `draft.md`, the provisional name
///   `plan-lint export --fix` lints under): PL003 asks for a new name either way, and
///   `export` takes it from the fixed slug: **safe**.
fn slug_fix(
    ctx: &Context<'_>,
    d: Diagnostic,
    k: &str,
    span: crate::document::source::Span,
) -> Diagnostic {
    let path = &ctx.doc.path;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let wanted = format!("plan_{k}.md");
    let named_after_a_slug = file_name
        .strip_prefix("plan_")
        .and_then(|s| s.strip_suffix(".md"))
        .is_some_and(|s| !s.is_empty());
    let message = format!("Write the slug as `{k}`");
    if file_name == wanted || !named_after_a_slug {
        return d
            .with_help(format!(
                "write `{k}`: lower-case letters and digits joined by single hyphens"
            ))
            .with_fix(Fix::replace(Applicability::Safe, message, span, k));
    }
    let target = path.with_file_name(&wanted);
    d.with_help(format!(
        "write `{k}` (lower-case letters and digits joined by single hyphens) and rename the file to match: `git mv {} {}`; `--fix` does neither, because the title and the file name must change together",
        path.display(),
        target.display()
    ))
    .with_fix(Fix::replace(
        Applicability::Suggestion,
        format!("{message} and rename the file to `{wanted}`"),
        span,
        k,
    ))
}

impl Rule for Slug {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(Ok(parts)) = title_parts(ctx) else {
            return Vec::new();
        };
        let max = ctx.contract.max_slug_len;
        let slug = &parts.slug;
        let d = if slug.is_empty() {
            self.report(parts.slug_span, "the feature slug is empty".into())
                .with_help("write a kebab-case slug in the parentheses, e.g. `(rate-limits)`")
        } else if !SLUG.is_match(slug) {
            let d = self.report(
                parts.slug_span,
                format!("`{slug}` is not a kebab-case slug"),
            );
            match kebab(slug) {
                Some(k) if k.len() <= max => slug_fix(ctx, d, &k, parts.slug_span),
                _ => d.with_help("use lower-case letters and digits joined by single hyphens, e.g. `rate-limits`"),
            }
        } else if slug.len() > max {
            self.report(
                parts.slug_span,
                format!(
                    "the slug is {} characters long; at most {max} are allowed",
                    slug.len()
                ),
            )
            .with_help("shorten it: it becomes part of the file name")
        } else {
            return Vec::new();
        };
        vec![d]
    }
}

#[cfg(test)]
mod tests {
    use super::kebab;
    use crate::diagnostic::Applicability;
    use crate::engine::config::Config;
    use crate::engine::lint::Linter;
    use crate::rules::tester::Tester;
    use crate::workspace::fs_view::FsView;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    #[test]
    fn kebab_forms() {
        assert_eq!(kebab("Rate_Limits").as_deref(), Some("rate-limits"));
        assert_eq!(kebab("rateLimits").as_deref(), Some("rate-limits"));
        assert_eq!(kebab("a--b").as_deref(), Some("a-b"));
        assert_eq!(kebab("ä"), None);
    }

    #[test]
    fn vectors() {
        Tester::new("PL002")
            .pass(&[
                "# Plan: A (a)\n",
                "# Plan: A (rate-limits-v2)\n",
                "# Plan: A (`a-b`)\n",
                "# Title\n",
            ])
            .fail(&[
                "# Plan: A (Rate_Limits)\n",
                "# Plan: A (a--b)\n",
                "# Plan: A ()\n",
                "# Plan: A (-a)\n",
                "# Plan: A (ä)\n",
                "# Plan: A (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)\n",
            ])
            // In a file already named after the fixed slug, the fix is safe.
            .fix_at(
                "EXPORT/plan_rate-limits.md",
                &[
                    (
                        "# Plan: Rate Limits (Rate_Limits)\n",
                        "# Plan: Rate Limits (rate-limits)\n",
                    ),
                    ("# Plan: A (`rateLimits`)\n", "# Plan: A (`rate-limits`)\n"),
                ],
            )
            .test_and_snapshot();
    }

    /// (applicability, help) of PL002's one finding on `title` in a file at `path`.
    fn tier(path: &str, title: &str) -> (Applicability, String) {
        let rule = crate::rules::find("PL002").unwrap();
        let linter = Linter::with_rules(
            Config::defaults(PathBuf::from(".")),
            vec![(rule, rule.meta().severity)],
        );
        let fs = FsView::new(crate::rules::tester::fixture_repo());
        let path = Path::new(path);
        let doc = crate::document::parse::parse(path, Arc::from(title));
        let diags = linter.lint_document(&doc, &fs, Some(path));
        assert_eq!(diags.len(), 1, "{diags:#?}");
        let d = &diags[0];
        (
            d.fix.as_ref().unwrap().applicability,
            d.help.clone().unwrap(),
        )
    }

    /// The slug is also the file name: rewriting it alone is safe only when no rename
    /// is left to do (`fixtures/messy`'s `--fix` once revealed a PL003 this way).
    #[test]
    fn the_fix_is_safe_only_when_the_file_needs_no_rename() {
        let title = "# Plan: Rate Limits (Rate_Limits)\n";
        assert_eq!(
            tier("EXPORT/plan_rate-limits.md", title).0,
            Applicability::Safe
        );
        // No plan name yet (standard input, a draft, export's provisional name).
        for path in ["EXPORT/plan.md", "draft.md", "-"] {
            assert_eq!(tier(path, title).0, Applicability::Safe, "{path}");
        }
        // Named after the old slug, or after another one: the rename is named.
        for (path, old) in [
            ("EXPORT/plan_Rate_Limits.md", "EXPORT/plan_Rate_Limits.md"),
            ("EXPORT/plan_messy.md", "EXPORT/plan_messy.md"),
        ] {
            let (a, help) = tier(path, title);
            assert_eq!(a, Applicability::Suggestion, "{path}");
            assert_eq!(
                help,
                format!(
                    "write `rate-limits` (lower-case letters and digits joined by single hyphens) and rename the file to match: `git mv {old} EXPORT/plan_rate-limits.md`; `--fix` does neither, because the title and the file name must change together"
                )
            );
        }
    }
}
