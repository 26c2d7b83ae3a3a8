//! PL406 `not-applicable-reason`: a required section whose whole content is only "N/A",
//! "None", "Not applicable"… gives a reason ("None: the feature has no API."). Non-Goals
//! and Open Questions may say "None" alone.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::inline::plain_text;
use crate::document::model::{BlockKind, Document, is_comment};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct NotApplicableReason;

static META: RuleMeta = RuleMeta {
    code: "PL406",
    name: "not-applicable-reason",
    severity: Severity::Warning,
    summary: "A section that says only \"N/A\" / \"None\" / \"Not applicable\" gives a reason.",
    group: crate::rules::Group::Sections,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// What a section says when it does not apply (compared lower-case, without a trailing
/// period).
const NOT_APPLICABLE: &[&str] = &["n/a", "na", "none", "not applicable", "nothing"];

/// Sections where "None" alone is a complete answer.
const NONE_IS_ENOUGH: &[&str] = &["non-goals", "open-questions"];

/// Whether plain text says only "N/A" (or a synonym), with an optional final period.
pub(crate) fn is_bare_not_applicable(text: &str) -> bool {
    let text = text.trim();
    let text = text.strip_suffix('.').unwrap_or(text).trim();
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    NOT_APPLICABLE.contains(&words.to_lowercase().as_str())
}

/// The paragraph that is a section's whole content: the only block, or the only
/// paragraph of the only item of the only list.
fn only_paragraph(doc: &Document, body: Span) -> Option<Span> {
    let tops: Vec<_> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.depth == 0 && body.start <= b.span.start && b.span.start < body.end)
        .filter(|(_, b)| !is_comment(doc, b))
        .collect();
    let [(index, block)] = tops.as_slice() else {
        return None;
    };
    let children = |parent: usize| -> Vec<(usize, &crate::document::model::Block)> {
        doc.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.parent == Some(parent) && !is_comment(doc, b))
            .collect()
    };
    match block.kind {
        BlockKind::Paragraph => Some(block.span),
        BlockKind::List => {
            let items = children(*index);
            let [(item, _)] = items.as_slice() else {
                return None;
            };
            let content = children(*item);
            match content.as_slice() {
                [(_, p)] if p.kind == BlockKind::Paragraph => Some(p.span),
                _ => None,
            }
        }
        _ => None,
    }
}

impl Rule for NotApplicableReason {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let mut out = Vec::new();
        for (entry, spec) in ctx.outline.recognised() {
            let spec = &ctx.contract.sections[spec];
            let section = &doc.sections[entry.section];
            let Some(paragraph) = only_paragraph(doc, section.body) else {
                continue;
            };
            let text = plain_text(&doc.source, paragraph);
            if !is_bare_not_applicable(&text) {
                continue;
            }
            // Non-Goals and Open Questions may say "None" alone (the contract's wording),
            // not "N/A" or "Not applicable".
            let none = text
                .trim()
                .trim_end_matches('.')
                .trim()
                .eq_ignore_ascii_case("none");
            if NONE_IS_ENOUGH.contains(&spec.id.as_str()) && none {
                continue;
            }
            out.push(
                self.report(
                    paragraph,
                    format!(
                        "`{}` says only `{}`, without a reason",
                        spec.name,
                        text.trim()
                    ),
                )
                .with_help("write `None: <reason>` so the reader knows it was considered, e.g. `None: the feature changes no API, schema or CLI.`"),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::is_bare_not_applicable;
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn bare_forms() {
        for yes in [
            "N/A",
            "n/a.",
            "NA",
            "None.",
            " None ",
            "Not applicable.",
            "not  applicable",
            "Nothing",
        ] {
            assert!(is_bare_not_applicable(yes), "{yes}");
        }
        for no in [
            "None: the feature has no API.",
            "N/A (no schema)",
            "Nothing changes.",
            "No.",
            "",
        ] {
            assert!(!is_bare_not_applicable(no), "{no}");
        }
    }

    #[test]
    fn vectors() {
        let p = "# Plan: A (a)\n\n";
        Tester::new("PL406")
            .pass(&[
                CLEAN_PLAN,
                &format!("{p}## Data & Interface Contracts\n\nNone: the feature changes no API, schema or CLI.\n"),
                &format!("{p}## Data & Interface Contracts\n\nN/A\n\nThe limiter has no external interface.\n"),
                &format!("{p}## Non-Goals\n\nNone.\n\n## Open Questions\n\n- None\n"),
                // Not a required section.
                &format!("{p}## Risks\n\nNone.\n"),
                // A table cell saying N/A.
                &format!("{p}## Rollout & Rollback\n\n| Step | Action |\n|---|---|\n| Rollback | N/A |\n"),
            ])
            .fail(&[
                &format!("{p}## Data & Interface Contracts\n\nN/A\n"),
                &format!("{p}## Data & Interface Contracts\n\n*Not applicable.*\n<!-- nothing to add -->\n\n## Rollout & Rollback\n\n- **None**\n"),
                &format!("{p}## Assumptions & Constraints\n\nnothing\n"),
            ])
            .test_and_snapshot();
    }
}
