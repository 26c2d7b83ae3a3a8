//! PL505 `unresolved-question`: a question asked in the plan's own prose outside Open
//! Questions, without the confirmation marker, and not answered right after.
//!
//! A question the plan asks and leaves open is a clarification request in disguise: the
//! contract allows open questions only in Open Questions, behind the marker. PL101
//! skips `should` / `might` inside a question ("Should expired codes be logged?");
//! this rule reports the question itself.
//!
//! What counts, precision first:
//!
//! * a sentence of a paragraph (top level or in a list item) ending with `?` that asks
//!   for a decision: it starts with `should` / `might`, or has one right after a
//!   question word ("What should happen when …?", "Which key should …?"); or it offers
//!   two options ("Is the key per user or per tenant?", "Defer it or decide here?"); or
//!   the author asks themselves ("Do we need a lock?"). Other questions ("Is this
//!   needed?", "Why does it matter?") are too often rhetorical or checks to tell apart;
//! * the paragraph ends with the question (or a run of questions): text after it in
//!   the same paragraph is an answer ("Should X? Yes: …"), as is a next block opening
//!   with `Yes` / `No` / `Answer` / `Decision`;
//! * not in a heading, a table, a block quote, quoted text, a task item (a checklist
//!   question is a check), a paragraph set entirely in bold (a question used as a
//!   heading), a block that carries the marker, and not under a heading about
//!   questions, decisions, FAQs, reviews, checklists or verification (Open Questions,
//!   "Decisions", the Plan Completeness Audit's review questions).

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::model::{BlockKind, Document};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

pub(crate) struct UnresolvedQuestion;

static META: RuleMeta = RuleMeta {
    code: "PL505",
    name: "unresolved-question",
    severity: Severity::Warning,
    summary: "No open question (`should`/`might`, either/or) in prose outside Open Questions: ask it there, behind the marker.",
    group: crate::rules::Group::Markers,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// The headings under which a question is in its place, or is a check, a review or a
/// decision record rather than an open question.
static EXEMPT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:questions?|faqs?|q\s*&\s*a|clarifications?|decisions?|unknowns?|unresolved|checklists?|verification|audit|reviews?|questionnaire)\b")
        .expect("exempt heading regex")
});

/// A question whose verb is the hedge: `Should …?`, `What should …?`, `Might …?`,
/// `Which key should …?`, `We should …, right?` is not matched (no question word).
static HEDGED_QUESTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:(?:and|but|so|or|also|then)\s+)?",
        r"(?:(?:should|shouldn't|might)\b",
        r"|(?:what|which|where|when|who|whom|whose|how|why|whether)\b(?:\s+[\w'’-]+){0,4}?\s+(?:should|shouldn't|might)\b)",
    ))
    .expect("hedged question regex")
});

/// A question that leaves a choice open: a yes/no question or an instruction offering
/// two options ("Defer it to review or decide here?", "Is the key per user or per
/// tenant?"), or the author asking themselves ("Do we need a lock?").
static OPEN_CHOICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:(?:and|but|so|also|then)\s+)?(?:(?P<aux>is|are|do|does|can|could|would|will|shall|must)\s+(?P<we>we|i)?\b",
        r"|(?P<verb>[a-z]+)\b)",
    ))
    .expect("open choice regex")
});

/// Verbs that open an either/or instruction besides the imperatives of
/// [`crate::rules::language::sentence::is_imperative_verb`].
const CHOICE_VERBS: &[&str] = &[
    "defer", "pick", "choose", "prefer", "go", "ship", "inline", "reuse", "leave",
];

/// Whether the question sentence `words` (its first word first) asks for a decision.
fn asks_decision(words: &str) -> bool {
    if HEDGED_QUESTION.is_match(words) {
        return true;
    }
    let Some(c) = OPEN_CHOICE.captures(words) else {
        return false;
    };
    static OR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bor\b").expect("or regex"));
    let either_or = OR.is_match(words);
    if c.name("aux").is_some() {
        return c.name("we").is_some() || either_or;
    }
    c.name("verb").is_some_and(|v| {
        let v = v.as_str().to_ascii_lowercase();
        either_or
            && (crate::rules::language::sentence::is_imperative_verb(&v)
                || CHOICE_VERBS.contains(&v.as_str()))
    })
}

/// A block opening with an answer to the question before it.
static ANSWER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[\s>*_-]*(?:yes|no|answer|a:|decision|decided|resolved|resolution)\b")
        .expect("answer regex")
});

/// The enclosing block chain of block `i` has a block quote, or a task item.
fn quoted_or_task(doc: &Document, mut i: usize) -> bool {
    while let Some(p) = doc.blocks[i].parent {
        let b = &doc.blocks[p];
        match b.kind {
            BlockKind::BlockQuote | BlockKind::Table => return true,
            BlockKind::Item
                if b.index
                    .and_then(|x| doc.items.get(x))
                    .is_some_and(|it| it.task.is_some()) =>
            {
                return true;
            }
            _ => {}
        }
        i = p;
    }
    false
}

/// The prose text of `span`, code spans and other non-prose text replaced by spaces
/// (same length, so offsets map back by addition).
fn prose_of(doc: &Document, span: Span) -> String {
    let mut out = vec![b' '; span.len()];
    let first = doc.prose.partition_point(|p| p.end <= span.start);
    for p in doc.prose[first..].iter().take_while(|p| p.start < span.end) {
        let s = p.start.max(span.start);
        let e = p.end.min(span.end);
        if s < e {
            out[s - span.start..e - span.start].copy_from_slice(&doc.source.as_bytes()[s..e]);
        }
    }
    // Byte-wise copy of whole runs keeps UTF-8 valid inside runs; a run cut by the
    // span's bounds is cut at the span's (char-aligned) bounds.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Sentence stops: `.`, `!`, `?` followed by whitespace (or the end).
fn sentence_start(text: &str, end: usize) -> usize {
    let b = text.as_bytes();
    let mut i = end;
    while i > 0 {
        i -= 1;
        if matches!(b[i], b'.' | b'!' | b'?' | b':' | b';')
            && b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace())
        {
            // an abbreviation (`e.g.`, `i.e.`, `vs.`) does not end a sentence
            let word = text[..i]
                .rsplit(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if b[i] == b'.' && matches!(word.as_str(), "e.g" | "i.e" | "etc" | "vs" | "cf") {
                continue;
            }
            return i + 1;
        }
    }
    0
}

impl Rule for UnresolvedQuestion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let marker = &ctx.contract.marker;
        let mut out = Vec::new();
        // One sweep in document order: the headings in force (level → exempt) and the
        // paragraphs.
        let mut stack: Vec<(u8, bool)> = Vec::new();
        let mut headings = doc.headings.iter().filter(|h| h.depth == 0).peekable();
        for (i, block) in doc.blocks.iter().enumerate() {
            while let Some(h) = headings.next_if(|h| h.span.start <= block.span.start) {
                while stack.last().is_some_and(|&(l, _)| l >= h.level) {
                    stack.pop();
                }
                stack.push((h.level, EXEMPT_HEADING.is_match(&h.text)));
            }
            if block.kind != BlockKind::Paragraph || stack.iter().any(|&(_, e)| e) {
                continue;
            }
            if quoted_or_task(doc, i)
                || crate::document::blocks::carries_marker(doc, block.span, marker)
            {
                continue;
            }
            let raw = doc.text(block.span);
            let trimmed = raw.trim();
            if (trimmed.starts_with("**") && trimmed.ends_with("**"))
                || (trimmed.starts_with("__") && trimmed.ends_with("__"))
            {
                continue; // a bold question used as a heading
            }
            // The next block answers it ("Yes, …", "Decision: …"), when only blank lines
            // or list markers stand between them.
            let next = doc.blocks[i + 1..]
                .iter()
                .find(|b| b.span.start >= block.span.end && b.kind == BlockKind::Paragraph);
            if next.is_some_and(|b| {
                doc.source[block.span.end..b.span.start]
                    .chars()
                    .all(|c| c.is_whitespace() || matches!(c, '-' | '*' | '+' | '>'))
                    && ANSWER.is_match(doc.text(b.span))
            }) {
                continue;
            }
            let text = prose_of(doc, block.span);
            // The trailing run of questions: the paragraph must end with `?`.
            let body = text.trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, '*' | '_' | ')' | '"' | '”' | '’' | '\'')
            });
            if !body.ends_with('?') {
                continue;
            }
            let mut end = body.len();
            while end > 0 && text.as_bytes()[end - 1] == b'?' {
                let start = sentence_start(&text, end - 1);
                let sentence = &text[start..end];
                let lead = sentence.len()
                    - sentence
                        .trim_start_matches(|c: char| {
                            c.is_whitespace()
                                || matches!(c, '*' | '_' | '(' | '"' | '“' | '‘' | '\'')
                        })
                        .len();
                let mut lead = lead;
                // a `**Notes:**` / `Q1.` style label is not the question's first word
                static LABEL: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"^(?:[\w -]{1,30}:|Q\d+\.)[*_]*\s+[*_]*").expect("label regex")
                });
                if let Some(m) = LABEL.find(&sentence[lead..]) {
                    lead += m.end();
                }
                let words = &sentence[lead..];
                let span = Span::new(block.span.start + start + lead, block.span.start + end);
                if asks_decision(words) && !crate::rules::quoted_or_asked(ctx, span) {
                    out.push(
                        self.report(
                            span,
                            format!("unresolved question outside Open Questions: move it there behind the `{marker}` marker"),
                        )
                        .with_help(format!("if the plan can decide it, state the decision instead; if not, list it under Open Questions as `- {marker} <one question>?`")),
                    );
                }
                // the question before this one, if it ends right before this sentence
                let before = text[..start].trim_end_matches(|c: char| {
                    c.is_whitespace() || matches!(c, '*' | '_' | ')' | '"' | '”' | '’' | '\'')
                });
                if !before.ends_with('?') {
                    break;
                }
                end = before.len();
            }
        }
        out.sort_by_key(|d| d.span.start);
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        Tester::new("PL505")
            .pass(&[
                CLEAN_PLAN,
                "## Open Questions\n\n- Should expired codes be logged?\n",
                "## Goals\n\n- [0o0o NEEDS CONFIRMATION] Should expired codes be logged?\n",
                "## Goals\n\nShould expired codes be logged? Yes: the audit needs them.\n",
                "## Goals\n\nShould expired codes be logged?\n\nNo — the audit reads the store.\n",
                "## Goals\n\n### Should expired codes be logged?\n\nThey are.\n",
                "## Goals\n\n> Should expired codes be logged?\n",
                "## Goals\n\nThe ticket asks \"should expired codes be logged?\"\n",
                "## Goals\n\n**Should expired codes be logged?**\n\nThey are logged.\n",
                "## Verification Checklist\n\n- [ ] Should a retry succeed?\n",
                "## Plan Completeness Audit\n\n- Implementer review: should anything be asked?\n",
                "## Goals\n\nIs the cache needed?\n",
                "## Goals\n\nWhy does the order matter?\n\nBecause the reader is single-pass.\n",
                "## Goals\n\nHow or why it fails is logged?\n",
                "## Goals\n\n| Q | A |\n|---|---|\n| Should it log? | yes |\n",
                "## Goals\n\nShould the cache miss, the loader retries.\n",
            ])
            .fail(&[
                "## Goals\n\nShould expired codes be logged?\n",
                "## Goals\n\n- Keep the old store. What should happen to the old rows?\n",
                "## Goals\n\nShould the limit be per key? Might it be per user instead?\n",
                "## Goals\n\n- Keep `src/lib.rs` as is. Defer the split to review or do it here?\n",
                "## Goals\n\nDo we need a lock around the refill?\n",
                "## Goals\n\nIs the key per user or per tenant?\n",
                "## Goals\n\n- **Notes:** Should expired codes be logged?\n",
            ])
            .test_and_snapshot();
    }
}
