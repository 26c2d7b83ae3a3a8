//! PL010 `summary-paragraph`: the Summary is exactly one paragraph.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::model::{BlockKind, is_comment};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct SummaryParagraph;

static META: RuleMeta = RuleMeta {
    code: "PL010",
    name: "summary-paragraph",
    severity: Severity::Error,
    summary: "The Summary is exactly one paragraph (no list, table or second paragraph).",
    group: crate::rules::Group::Structure,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

fn describe(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Paragraph => "a second paragraph",
        BlockKind::List | BlockKind::Item => "a list",
        BlockKind::Table => "a table",
        BlockKind::CodeBlock => "a code block",
        BlockKind::Heading => "a heading",
        BlockKind::BlockQuote => "a block quote",
        BlockKind::Html => "an HTML block",
        BlockKind::ThematicBreak => "a thematic break",
        BlockKind::FrontMatter | BlockKind::Other => "another block",
    }
}

impl Rule for SummaryParagraph {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let Some(section) = ctx.outline.section(doc, ctx.contract, "summary") else {
            return Vec::new();
        };
        let blocks: Vec<_> = doc
            .top_blocks_in(section.body)
            .filter(|b| !is_comment(doc, b))
            .collect();
        let offender = match blocks.as_slice() {
            [] => return Vec::new(),
            [first, ..] if first.kind != BlockKind::Paragraph => first,
            [_, second, ..] => second,
            [_] => return Vec::new(),
        };
        let what = if blocks[0].kind != BlockKind::Paragraph {
            describe(offender.kind).replace("a second paragraph", "a paragraph")
        } else {
            describe(offender.kind).to_string()
        };
        vec![
            self.report(super::first_line(ctx, offender.span), format!("the Summary must be exactly one paragraph; found {what}"))
                .with_help("write the summary as one paragraph; move details to Goals, Requirements or the Implementation Plan"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        Tester::new("PL010")
            .pass(&[
                CLEAN_PLAN,
                "# Plan: A (a)\n\n## Summary\n\nOne\nparagraph.\n<!-- c -->\n",
            ])
            .fail(&[
                "# Plan: A (a)\n\n## Summary\n\nOne.\n\nTwo.\n",
                "# Plan: A (a)\n\n## Summary\n\n- a list\n",
                "# Plan: A (a)\n\n## Summary\n\nOne.\n\n| a |\n|---|\n| b |\n",
            ])
            .test_and_snapshot();
    }
}
