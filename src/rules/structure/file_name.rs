//! PL003 `file-name`: the file is `<EXPORT>/plan_<feat_name>.md`, with the title's slug.

use super::{slug_is_valid, title_parts};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

pub struct FileName;

static META: RuleMeta = RuleMeta {
    code: "PL003",
    name: "file-name",
    severity: Severity::Error,
    summary: "The file is `EXPORT/plan_<feat_name>.md`, with the same slug as the title.",
};

impl Rule for FileName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let path = &doc.path;
        let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let export_dir = &ctx.contract.export_dir;
        let (expected, span) = match title_parts(ctx) {
            Some(Ok(parts)) if slug_is_valid(&parts.slug, ctx.contract.max_slug_len) => {
                (Some(format!("plan_{}.md", parts.slug)), parts.slug_span)
            }
            // PL001/PL002 report the title; the name can still be checked for shape.
            _ => (None, doc.title().map_or(Span::empty(0), |h| h.text_span)),
        };
        let mut out = Vec::new();
        let help = format!(
            "run `plan-lint export {}` to write the plan to {export_dir}/plan_<feat_name>.md",
            path.display()
        );
        match &expected {
            Some(exp) if file_name != exp => out.push(
                self.report(
                    span,
                    format!(
                        "the file is named `{file_name}`, but the title's slug makes it `{exp}`"
                    ),
                )
                .with_label(format!("slug of `{exp}`"))
                .with_help(help.clone()),
            ),
            None => {
                let stem = file_name
                    .strip_prefix("plan_")
                    .and_then(|s| s.strip_suffix(".md"));
                if !stem.is_some_and(|s| slug_is_valid(s, ctx.contract.max_slug_len)) {
                    out.push(
                        self.report(
                            span,
                            format!("the file is named `{file_name}`, not `plan_<feat_name>.md`"),
                        )
                        .with_help(help.clone()),
                    );
                }
            }
            _ => {}
        }
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        let parent = abs
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or("");
        if parent != export_dir {
            out.push(
                self.report(
                    span,
                    format!(
                        "the plan is not in a directory named `{export_dir}` (it is in `{parent}`)"
                    ),
                )
                .with_help(help),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;

    #[test]
    fn vectors() {
        Tester::new("PL003")
            .path("EXPORT/plan_rate-limits.md")
            .pass(&[
                "# Plan: Rate Limits (rate-limits)\n",
                "# Plan: Rate (Bad_Slug)\n",
            ])
            .test_and_snapshot_named("PL003-pass");
        Tester::new("PL003")
            .path("EXPORT/plan_rate-limits.md")
            .fail(&["# Plan: Rate Limits (limits)\n"])
            .test_and_snapshot_named("PL003-slug");
        Tester::new("PL003")
            .path("docs/plan_a.md")
            .fail(&["# Plan: A (a)\n"])
            .test_and_snapshot_named("PL003-dir");
        Tester::new("PL003")
            .path("EXPORT/a_plan.md")
            .fail(&["# Plan: A (A B)\n", "no title\n"])
            .test_and_snapshot_named("PL003-shape");
    }
}
