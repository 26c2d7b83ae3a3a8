//! PL001 `title`: the first block is the only H1 and reads `Plan: <Feature Name> (<feat_name>)`.

use super::{TitleProblem, title_parts};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::model::{BlockKind, is_comment};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct Title;

static META: RuleMeta = RuleMeta {
    code: "PL001",
    name: "title",
    severity: Severity::Error,
    summary: "The first block is the only H1 and reads `Plan: <Feature Name> (<feat_name>)`.",
    group: crate::rules::Group::Structure,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

const SHAPE_HELP: &str = "write the title as `# Plan: <Feature Name> (<feat_name>)`, e.g. `# Plan: Rate Limits (rate-limits)`";

impl Rule for Title {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let mut out = Vec::new();
        let title = doc.title();
        match (title, title_parts(ctx)) {
            (Some(h), Some(Err(problem))) => {
                let message = match problem {
                    TitleProblem::Prefix => {
                        format!("the title must start with `{}`", ctx.contract.title_prefix)
                    }
                    TitleProblem::NoSlug => {
                        "the title must end with the feature slug in parentheses: `(<feat_name>)`"
                            .to_string()
                    }
                    TitleProblem::EmptyName => {
                        "the title has no feature name before the slug".to_string()
                    }
                };
                out.push(self.report(h.text_span, message).with_help(SHAPE_HELP));
            }
            (Some(_), _) => {}
            (None, _) => {
                let first = doc.blocks.iter().find(|b| {
                    b.depth == 0 && b.kind != BlockKind::FrontMatter && !is_comment(doc, b)
                });
                let (span, message) = match first {
                    Some(b) => (
                        super::first_line(ctx, b.span),
                        "the plan must start with its title as an H1 heading".to_string(),
                    ),
                    None => (
                        Span::empty(doc.front_matter.map_or(0, |f| f.end)),
                        "the plan has no title".to_string(),
                    ),
                };
                out.push(self.report(span, message).with_help(SHAPE_HELP));
            }
        }
        let title_start = title.map(|h| h.span.start);
        for h in &doc.headings {
            if h.level == 1 && Some(h.span.start) != title_start {
                out.push(
                    self.report(
                        h.text_span,
                        "only the title may be an H1 heading".to_string(),
                    )
                    .with_help("make this an H2 section (`## …`) or an H3 inside one"),
                );
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::Tester;

    #[test]
    fn vectors() {
        Tester::new("PL001")
            .pass(&[
                "# Plan: Rate Limits (rate-limits)\n",
                "---\nowner: x\n---\n# Plan: A (a)\n",
                "<!-- note -->\n# Plan: A (a)\n\n## Summary\n",
                "# Plan: A (v2) B (a-b)\n",
            ])
            .fail(&[
                "",
                "## Summary\n\n# Plan: A (a)\n",
                "# Rate Limits (rate-limits)\n",
                "# Plan: Rate Limits\n",
                "# Plan: (rate-limits)\n",
                "# Plan: A (a)\n\n# Second\n",
                "Intro text.\n",
            ])
            .test_and_snapshot();
    }
}
