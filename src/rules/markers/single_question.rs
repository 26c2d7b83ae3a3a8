//! PL502 `single-question`: every confirmation marker is followed, in its block, by
//! exactly one specific question that ends the block.
//!
//! Which marker occurrences count (`markers`) and the text a marker applies to
//! (`question_region`) are the marker rules' shared helpers (`super::helpers`).

use super::helpers::{markers, question_region};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::blocks::leaf_block;
use crate::document::model::Document;
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct SingleQuestion;

static META: RuleMeta = RuleMeta {
    code: "PL502",
    name: "single-question",
    severity: Severity::Error,
    summary: "Every confirmation marker is followed in its block by exactly one specific question ending in `?`.",
    group: crate::rules::Group::Markers,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

fn is_question_mark(c: char) -> bool {
    matches!(c, '?' | '？')
}

/// The question marks in the prose of `region`, a run such as `??` or `?!` counting
/// once. Each is the span of the run.
pub(super) fn question_marks(doc: &Document, region: Span) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for piece in doc.prose_in(region) {
        let text = doc.text(piece);
        let mut run: Option<(usize, usize, bool)> = None; // start, end, has `?`
        let mut flush = |run: &mut Option<(usize, usize, bool)>| {
            if let Some((s, e, true)) = run.take() {
                out.push(Span::new(piece.start + s, piece.start + e));
            }
            *run = None;
        };
        for (i, c) in text.char_indices() {
            if is_question_mark(c) || c == '!' {
                let end = i + c.len_utf8();
                run = Some(match run {
                    Some((s, _, q)) => (s, end, q || is_question_mark(c)),
                    None => (i, end, is_question_mark(c)),
                });
            } else {
                flush(&mut run);
            }
        }
        flush(&mut run);
    }
    out
}

/// What may follow the question in its block: closing emphasis, brackets, quotes.
fn is_closing_markup(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '*' | '_' | '~' | ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»'
        )
}

/// The first text after `from` in `region` that is not closing markup: prose
/// characters or a code span. Returns its span up to the last such text.
fn trailing_text(doc: &Document, from: usize, region: Span) -> Option<Span> {
    let rest = Span::new(from, region.end.max(from));
    let mut found: Option<Span> = None;
    let mut extend = |s: Span| {
        found = Some(match found {
            Some(f) => Span::new(f.start.min(s.start), f.end.max(s.end)),
            None => s,
        });
    };
    for piece in doc.prose_in(rest) {
        let text = doc.text(piece);
        let first = text.char_indices().find(|(_, c)| !is_closing_markup(*c));
        let last = text
            .char_indices()
            .rev()
            .find(|(_, c)| !is_closing_markup(*c));
        if let (Some((a, _)), Some((b, c))) = (first, last) {
            extend(Span::new(piece.start + a, piece.start + b + c.len_utf8()));
        }
    }
    for code in doc.code_spans_in(rest) {
        extend(code.span);
    }
    found
}

impl Rule for SingleQuestion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let marker = &ctx.contract.marker;
        let shape = format!("`{marker} <one specific question>?`");
        let all = markers(ctx);
        let mut out = Vec::new();
        for &m in &all {
            let region = question_region(doc, m, &all);
            let marks = question_marks(doc, region);
            match marks.as_slice() {
                [] => {
                    let leaf = leaf_block(doc, m);
                    let before = !question_marks(doc, Span::new(leaf.start, m.start)).is_empty();
                    let label = if before {
                        "the question comes before the marker; put it after"
                    } else {
                        "no `?` after the marker in this block"
                    };
                    out.push(
                        self.report(m, "the marker is not followed by a question".to_string())
                            .with_label(label)
                            .with_help(format!(
                                "write {shape}: one specific question right after the marker"
                            )),
                    );
                }
                [only] => {
                    if let Some(extra) = trailing_text(doc, only.end, region) {
                        out.push(
                            self.report(
                                extra,
                                "text after the marker's question; the question must end its block"
                                    .to_string(),
                            )
                            .with_help(format!(
                                "write {shape} at the end of the block; move other text before the marker or out of the block"
                            )),
                        );
                    }
                }
                [_, second, ..] => out.push(
                    self.report(
                        *second,
                        format!(
                            "{} questions after one marker; the marker takes exactly one",
                            marks.len()
                        ),
                    )
                    .with_label("a further question")
                    .with_help(format!(
                        "write {shape}: one question per marker; give each further question its own marker and Open Questions item"
                    )),
                ),
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
        let oq = "# Plan: A (a)\n\n## Open Questions\n\n";
        Tester::new("PL502")
            .pass(&[
                CLEAN_PLAN,
                // one question per marker, in a list, a table cell, a heading
                &format!("{oq}- [0o0o NEEDS CONFIRMATION] Which Redis instance stores the buckets?\n- **[0o0o NEEDS CONFIRMATION] Is the limit per IP or per API key?**\n"),
                "# Plan: A (a)\n\n## Goals\n\n| Path | Why |\n|---|---|\n| `a.rs` | [0o0o NEEDS CONFIRMATION] Does `a.rs` exist? |\n\n### [0o0o NEEDS CONFIRMATION] Which header carries the limit?\n",
                // the question may wrap, contain code, `??` counts once, closing markup
                &format!("{oq}- [0o0o NEEDS CONFIRMATION] Should `RATE_LIMIT` be\n  read at start-up (\"once\")??\n- _([0o0o NEEDS CONFIRMATION] Which `?` query form is used?)_\n"),
                // two markers in one block, one question each
                &format!("{oq}[0o0o NEEDS CONFIRMATION] Which store? [0o0o NEEDS CONFIRMATION] Which TTL?\n"),
                // text before the marker is fine; a `?` before the marker is not its question
                &format!("{oq}- Which store? Unknown: [0o0o NEEDS CONFIRMATION] Redis or Memcached?\n"),
                // the marker as text: in backticks, in a code block, in HTML
                "# Plan: A (a)\n\n## Summary\n\nMark unknowns `[0o0o NEEDS CONFIRMATION]` and nothing else.\n\n```md\n[0o0o NEEDS CONFIRMATION] nothing\n```\n\n<!-- [0o0o NEEDS CONFIRMATION] -->\n",
                // the prompt's heading hint (PL006's business)
                "# Plan: A (a)\n\n## Open Questions ([0o0o NEEDS CONFIRMATION] only)\n\nNone.\n",
                // a `?` in a URL is not prose
                &format!("{oq}- [0o0o NEEDS CONFIRMATION] Is https://example.com/a?b=1 the endpoint?\n"),
            ])
            .fail(&[
                // no question
                &format!("{oq}- [0o0o NEEDS CONFIRMATION] the Redis instance.\n"),
                // several questions
                &format!("{oq}- [0o0o NEEDS CONFIRMATION] Which store? And which TTL?\n"),
                // text after the question
                &format!("{oq}- [0o0o NEEDS CONFIRMATION] Which store? Probably Redis.\n"),
                // in a table cell: several; in the Summary: code after the question
                "# Plan: A (a)\n\n## Summary\n\nUse a store [0o0o NEEDS CONFIRMATION] Which one? `redis`\n\n## Goals\n\n| Path | Why |\n|---|---|\n| `a.rs` | [0o0o NEEDS CONFIRMATION] Exists? New? |\n",
                // marker with nothing after it, at the end of the block
                &format!("{oq}- Which store? [0o0o NEEDS CONFIRMATION]\n"),
            ])
            .test_and_snapshot();
    }
}
