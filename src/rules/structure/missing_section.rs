//! PL004 `missing-section`: each required H2 section is present.

use crate::diagnostic::insert;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::document::model::{BlockKind, Document};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct MissingSection;

const OPEN_QUESTIONS: &str = "open-questions";

/// Where questions go in an existing Open Questions section.
enum OpenQuestionsTarget {
    /// The section says only "None": the first question replaces it, the rest follow.
    ReplaceNone(Span),
    /// After the last block (a list: continue it; anything else: start a list).
    After { at: usize, list: bool },
}

impl OpenQuestionsTarget {
    fn edit(&self, first: bool, item: &str, nl: &str) -> Edit {
        match *self {
            OpenQuestionsTarget::ReplaceNone(span) if first => Edit {
                span,
                replacement: item.to_string(),
            },
            OpenQuestionsTarget::ReplaceNone(span) => insert(span.end, format!("{nl}{item}")),
            OpenQuestionsTarget::After { at, list: true } => insert(at, format!("{nl}{item}")),
            OpenQuestionsTarget::After { at, list: false } => insert(at, format!("{nl}{nl}{item}")),
        }
    }
}

fn open_questions_target(ctx: &Context<'_>, doc: &Document) -> Option<OpenQuestionsTarget> {
    let section = ctx.outline.section(doc, ctx.contract, OPEN_QUESTIONS)?;
    // Raw HTML (an unclosed comment runs to the end of the file) and a fenced code block
    // left open (it runs to the end too) are skipped: questions go after the last
    // Markdown block, never into HTML or code, where no rule would see their markers.
    let blocks: Vec<_> = doc
        .top_blocks_in(section.body)
        .filter(|b| b.kind != BlockKind::Html && !doc.is_open_fence(b))
        .collect();
    match blocks.as_slice() {
        [] => Some(OpenQuestionsTarget::After {
            at: doc.section_heading(section).span.end,
            list: false,
        }),
        [only] if only.kind == BlockKind::Paragraph && is_none(doc.text(only.span)) => {
            Some(OpenQuestionsTarget::ReplaceNone(only.span))
        }
        [.., last] => Some(OpenQuestionsTarget::After {
            at: last_line_end(doc, last.span),
            list: last.kind == BlockKind::List,
        }),
    }
}

fn is_none(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.').trim().to_lowercase();
    t == "none" || t == "n/a"
}

/// The end of the last non-blank line of `span` (before its line ending).
fn last_line_end(doc: &Document, span: Span) -> usize {
    let text = doc.text(span);
    span.start + text.trim_end().len()
}

static META: RuleMeta = RuleMeta {
    code: "PL004",
    name: "missing-section",
    severity: Severity::Error,
    summary: "Each required H2 section of the contract is present.",
    group: crate::rules::Group::Structure,
    fix: crate::rules::FixAvailability::Sometimes(crate::diagnostic::Applicability::Unsafe),
    phase: crate::rules::Phase::Document,
};

impl Rule for MissingSection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let present: Vec<(usize, usize)> = ctx
            .outline
            .recognised()
            .map(|(e, i)| (i, e.section))
            .collect();
        let mut out = Vec::new();
        let marker = &ctx.contract.marker;
        let nl = doc.newline();
        let oq_index = ctx.contract.section_index(OPEN_QUESTIONS);
        let missing: Vec<usize> = (0..ctx.contract.sections.len())
            .filter(|i| !present.iter().any(|(p, _)| p == i))
            .collect();
        let oq_missing = oq_index.is_some_and(|oq| missing.contains(&oq));
        // Questions the Open Questions section receives: one per other missing section.
        let asked: Vec<usize> = missing
            .iter()
            .copied()
            .filter(|i| Some(*i) != oq_index)
            .collect();
        let oq_target = if oq_missing {
            None
        } else {
            open_questions_target(ctx, doc)
        };
        for (i, spec) in ctx.contract.sections.iter().enumerate() {
            if !missing.contains(&i) {
                continue;
            }
            // The fix: insert the section where it belongs, holding the marker and one
            // question, and ask the same question in Open Questions.
            let next_start = present
                .iter()
                .filter(|(p, _)| *p > i)
                .min_by_key(|(p, _)| *p)
                .map(|(_, s)| doc.sections[*s].span.start);
            let question = spec.question();
            let body = if Some(i) == oq_index {
                // The questions of the other missing sections, then those the plan's
                // markers already ask (PL504 wants each listed here).
                let items: Vec<String> = asked
                    .iter()
                    .map(|a| format!("- {marker} {}", ctx.contract.sections[*a].question()))
                    .chain(
                        crate::rules::markers::questions::questions_to_list(ctx)
                            .into_iter()
                            .map(|q| format!("- {marker} {q}")),
                    )
                    .collect();
                if items.is_empty() {
                    "None.".to_string()
                } else {
                    items.join(nl)
                }
            } else {
                format!("{marker} {question}")
            };
            let mut edits = vec![match next_start {
                Some(at) => insert(at, format!("## {}{nl}{nl}{body}{nl}{nl}", spec.name)),
                None => {
                    let src = &doc.source;
                    let lead = if src.is_empty() || src.ends_with(&format!("{nl}{nl}")) {
                        String::new()
                    } else if src.ends_with(['\n', '\r']) {
                        nl.to_string()
                    } else {
                        format!("{nl}{nl}")
                    };
                    insert(
                        doc.source.len(),
                        format!("{lead}## {}{nl}{nl}{body}{nl}", spec.name),
                    )
                }
            }];
            if Some(i) != oq_index
                && let Some(target) = &oq_target
            {
                edits.push(target.edit(
                    asked.first() == Some(&i),
                    &format!("- {marker} {question}"),
                    nl,
                ));
            }
            // Appending after an unclosed HTML block would hide the section inside it.
            let at_end = next_start.is_none();
            let fixable = !(at_end && doc.ends_in_open_html());
            let fix = Fix::new(
                Applicability::Unsafe,
                format!(
                    "Insert `## {}` with a confirmation marker and one question",
                    spec.name
                ),
                edits,
            );
            // Point at the heading of the next required section that is present, or at
            // the end of the document.
            let next = present
                .iter()
                .filter(|(p, _)| *p > i)
                .min_by_key(|(p, _)| *p);
            let prev = present
                .iter()
                .filter(|(p, _)| *p < i)
                .max_by_key(|(p, _)| *p);
            let (span, label) = match (next, prev) {
                (Some((p, s)), _) => {
                    let h = doc.section_heading(&doc.sections[*s]);
                    (
                        h.text_span,
                        format!(
                            "`## {}` belongs before `## {}`",
                            spec.name, ctx.contract.sections[*p].name
                        ),
                    )
                }
                (None, Some((p, _))) => {
                    let end = doc.source.trim_end().len();
                    (
                        Span::empty(end),
                        format!(
                            "`## {}` belongs here, after `## {}`",
                            spec.name, ctx.contract.sections[*p].name
                        ),
                    )
                }
                (None, None) => {
                    let end = doc.source.trim_end().len();
                    (Span::empty(end), format!("`## {}` belongs here", spec.name))
                }
            };
            out.push(
                self.report(span, format!("missing required section `## {}`", spec.name))
                    .with_label(label)
                    .with_help(format!(
                        "add `## {}` (section {} of the contract); if it does not apply, write `None` and why",
                        spec.name,
                        ctx.contract.position(i)
                    ))
                    .with_fix(fix)
                    .drop_fix_unless(fixable),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let goals = {
            let g = CLEAN_PLAN.find("## Goals").unwrap();
            let ng = CLEAN_PLAN.find("## Non-Goals").unwrap();
            &CLEAN_PLAN[g..ng]
        };
        let q = "[0o0o NEEDS CONFIRMATION] What are the goals of this feature?";
        let no_goals = CLEAN_PLAN.replace(goals, "");
        let no_goals_fixed = CLEAN_PLAN
            .replace(goals, &format!("## Goals\n\n{q}\n\n"))
            .replace(
                "## Open Questions\n\nNone.\n",
                &format!("## Open Questions\n\n- {q}\n"),
            );
        let oq = CLEAN_PLAN.find("## Open Questions").unwrap();
        let no_goals_no_oq = CLEAN_PLAN[..oq].replace(goals, "");
        let no_goals_no_oq_fixed = format!(
            "{}## Open Questions\n\n- {q}\n",
            CLEAN_PLAN[..oq].replace(goals, &format!("## Goals\n\n{q}\n\n"))
        );
        // No Open Questions, one marker elsewhere: the inserted section lists its
        // question (PL504 wants it there).
        let asked = CLEAN_PLAN[..oq].replace(
            "## Goals\n",
            "[0o0o NEEDS CONFIRMATION] Which limit applies?\n\n## Goals\n",
        );
        let asked_fixed = format!(
            "{asked}## Open Questions\n\n- [0o0o NEEDS CONFIRMATION] Which limit applies?\n"
        );
        Tester::new("PL004")
            .pass(&[crate::rules::tester::CLEAN_PLAN])
            .fail(&[
                &crate::rules::tester::CLEAN_PLAN.replace("## Goals\n", "## Objectives\n"),
                "# Plan: A (a)\n\n## Summary\n\nOne.\n",
            ])
            .fix(&[
                (&no_goals, &no_goals_fixed),
                (&no_goals_no_oq, &no_goals_no_oq_fixed),
                // An Open Questions section ending in an open fence: the question goes
                // before it (in the fence no rule would see the marker).
                (
                    &format!("{no_goals}```\nleft open\n"),
                    &format!("{no_goals_fixed}```\nleft open\n"),
                ),
                (&asked, &asked_fixed),
            ])
            .test_and_snapshot();
    }
}
