//! PL501 `open-question-marker`: every item of Open Questions carries the
//! confirmation marker, or the section is exactly one "None" line.
//!
//! The items are the section's list items (and table rows); when the section has
//! neither, its paragraphs. A list item whose own text lacks the marker is fine when it
//! only groups nested items that carry it; those nested items are checked instead.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::blocks::prose_contains;
use crate::document::inline::plain_text;
use crate::document::model::{Block, BlockKind, Document, is_comment};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

pub(crate) struct OpenQuestionMarker;

static META: RuleMeta = RuleMeta {
    code: "PL501",
    name: "open-question-marker",
    severity: Severity::Error,
    summary: "Every Open Questions item carries the confirmation marker, or the section is exactly one \"None\" line.",
    group: crate::rules::Group::Markers,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// `None`, `None.`, `None: <reason>`, `None — <reason>`, `None (<reason>)`.
static NONE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^none(?:\.|\s*[:—–-]\s*\S.*|\s*\(.+\)\.?)?$").expect("none regex")
});

/// What planners write when they mean "None": a phrase, then the end or punctuation
/// (so "None of these block step 1." is a sentence, not a "None").
static NONE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:none(?: (?:at this time|for now|yet|so far|identified|remaining))?|n/?a|not applicable|no (?:open |blocking |further )?questions?(?: (?:at this time|for now|remaining))?|nothing(?: (?:is )?open| to confirm)?|-+|—)(?:\s*[.:;,!—–(-].*)?$",
    )
    .expect("none-like regex")
});

/// Whether an item's text means "nothing is open" (and asks nothing).
fn says_none(text: &str) -> bool {
    NONE_LIKE.is_match(text) && !text.contains(['?', '？'])
}

/// Whitespace-normalised plain text of a span.
fn plain(doc: &Document, span: Span) -> String {
    plain_text(&doc.source, span)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The child blocks of `parent`. `doc.blocks` is in pre-order, so `parent`'s
/// descendants are the deeper blocks right after it: no scan of the whole document.
fn children(doc: &Document, parent: usize) -> impl Iterator<Item = (usize, &Block)> {
    let depth = doc.blocks[parent].depth;
    doc.blocks
        .iter()
        .enumerate()
        .skip(parent + 1)
        .take_while(move |(_, b)| b.depth > depth)
        .filter(move |(_, b)| b.parent == Some(parent))
}

/// The first line of `span`, without trailing blanks.
fn first_line(doc: &Document, span: Span) -> Span {
    let line = doc.lines.line_of(span.start);
    let end = doc
        .lines
        .line_end(&doc.source, line)
        .clamp(span.start, span.end.max(span.start));
    let text = &doc.source[span.start..end];
    Span::new(span.start, span.start + text.trim_end().len())
}

/// One Open Questions item lacking the marker: what to point at, its plain text, and
/// the whole item.
struct Missing {
    span: Span,
    text: String,
    whole: Span,
}

struct Walk<'a> {
    doc: &'a Document,
    marker: &'a str,
    missing: Vec<Missing>,
}

impl Walk<'_> {
    /// Prose of the item block `item` outside its nested lists carries the marker.
    fn own_text_has_marker(&self, item: usize) -> bool {
        let doc = self.doc;
        let nested: Vec<Span> = children(doc, item)
            .filter(|(_, b)| b.kind == BlockKind::List)
            .map(|(_, b)| b.span)
            .collect();
        let span = doc.blocks[item].span;
        // `doc.prose` is in document order: start at the first run inside the item.
        let first = doc.prose.partition_point(|p| p.start < span.start);
        doc.prose[first..]
            .iter()
            .take_while(|p| p.start <= span.end)
            .filter(|p| span.contains(**p) && !nested.iter().any(|n| n.contains(**p)))
            .any(|p| doc.text(*p).contains(self.marker))
    }

    /// Where to point for an item: the first line of its first paragraph, else its
    /// list marker.
    fn item_head(&self, item: usize) -> Span {
        let doc = self.doc;
        let first = children(doc, item)
            .find(|(_, b)| matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading))
            .map(|(_, b)| b.span);
        match first {
            Some(p) => first_line(doc, p),
            None => doc.blocks[item]
                .index
                .map(|i| doc.items[i].marker)
                .unwrap_or_else(|| first_line(doc, doc.blocks[item].span)),
        }
    }

    /// Checks one list item: its own text carries the marker, or it groups nested
    /// items of which some carry it (then each nested item is checked).
    fn item(&mut self, item: usize) {
        if self.own_text_has_marker(item) {
            return;
        }
        let doc = self.doc;
        let nested: Vec<usize> = children(doc, item)
            .filter(|(_, b)| b.kind == BlockKind::List)
            .flat_map(|(l, _)| children(doc, l).filter(|(_, b)| b.kind == BlockKind::Item))
            .map(|(i, _)| i)
            .collect();
        let groups_marked_items = nested
            .iter()
            .any(|&n| prose_contains(doc, doc.blocks[n].span, self.marker));
        if groups_marked_items {
            for n in nested {
                self.item(n);
            }
        } else {
            let head = self.item_head(item);
            self.missing.push(Missing {
                span: head,
                text: plain(doc, head),
                whole: doc.blocks[item].span,
            });
        }
    }

    fn list(&mut self, list: usize) {
        let items: Vec<usize> = children(self.doc, list)
            .filter(|(_, b)| b.kind == BlockKind::Item)
            .map(|(i, _)| i)
            .collect();
        for i in items {
            self.item(i);
        }
    }

    fn table(&mut self, table: usize) {
        let doc = self.doc;
        let Some(t) = doc.blocks[table].index.map(|i| &doc.tables[i]) else {
            return;
        };
        for row in &t.rows {
            if !prose_contains(doc, row.span, self.marker) {
                let span = row.cells.first().map_or(row.span, |c| c.span);
                self.missing.push(Missing {
                    span,
                    text: plain(doc, span),
                    whole: row.span,
                });
            }
        }
    }

    fn paragraph(&mut self, p: &Block) {
        if !prose_contains(self.doc, p.span, self.marker) {
            self.missing.push(Missing {
                span: first_line(self.doc, p.span),
                text: plain(self.doc, p.span),
                whole: p.span,
            });
        }
    }
}

impl Rule for OpenQuestionMarker {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let marker = ctx.contract.marker.as_str();
        if marker.is_empty() {
            return Vec::new();
        }
        let Some(section) = ctx.outline.section(doc, ctx.contract, "open-questions") else {
            return Vec::new();
        };
        // (index in `doc.blocks`, block) of the section's top-level blocks
        let tops: Vec<(usize, &Block)> = doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| {
                b.depth == 0
                    && section.body.start <= b.span.start
                    && b.span.start < section.body.end
                    && !is_comment(doc, b)
                    // A thematic break (`---`) separates sections; it is not content.
                    && b.kind != BlockKind::ThematicBreak
            })
            .collect();
        let blocks: Vec<&Block> = tops.iter().map(|(_, b)| *b).collect();
        // Exactly one "None" line (a paragraph, or a one-item list).
        if let [only] = blocks.as_slice() {
            let text = match only.kind {
                BlockKind::Paragraph => Some(plain(doc, only.span)),
                BlockKind::List => only
                    .index
                    .and_then(|l| match doc.lists[l].items.as_slice() {
                        [i] => {
                            let item = &doc.items[*i];
                            Some(plain(doc, Span::new(item.marker.end, item.span.end)))
                        }
                        _ => None,
                    }),
                _ => None,
            };
            if text.as_deref().is_some_and(|t| NONE_LINE.is_match(t)) {
                return Vec::new();
            }
        }
        let mut walk = Walk {
            doc,
            marker,
            missing: Vec::new(),
        };
        let structured = blocks
            .iter()
            .any(|b| matches!(b.kind, BlockKind::List | BlockKind::Table));
        for &(idx, b) in &tops {
            match b.kind {
                BlockKind::List => walk.list(idx),
                BlockKind::Table => walk.table(idx),
                // Paragraphs are the items only when there is no list or table: a
                // paragraph before a list is its lead-in, unless it says "None".
                BlockKind::Paragraph if !structured || says_none(&plain(doc, b.span)) => {
                    walk.paragraph(b)
                }
                _ => {}
            }
        }
        let shape = format!("- {marker} <one specific question>?");
        let alone = blocks.len() == 1;
        // An item whose marker is misspelt (`[0o0o NEEDS CONFIRMATON]`) is PL503's one
        // finding, with its fix; it is not reported a second time as unmarked.
        let near = if walk.missing.is_empty() {
            Vec::new()
        } else {
            super::near_miss::near_misses(ctx)
        };
        walk.missing
            .into_iter()
            .filter(|m| !near.iter().any(|n| m.whole.contains(n.span)))
            .map(|m| {
                if says_none(&m.text) {
                    let (message, help) = if alone {
                        (
                            "Open Questions says there are none, but not as exactly `None`".to_string(),
                            "write exactly `None` (or `None: <reason>`) as the only line of the section".to_string(),
                        )
                    } else {
                        (
                            "`None` in Open Questions next to other content".to_string(),
                            "remove it (the section lists questions), or make `None` the only line of the section".to_string(),
                        )
                    };
                    return self.report(m.span, message).with_help(help);
                }
                if doc.text(m.whole).contains(marker) {
                    return self
                        .report(
                            m.span,
                            "Open Questions item with the marker only as code".to_string(),
                        )
                        .with_label("the marker in backticks or HTML is text, not a marker")
                        .with_help(format!("write the marker as plain text: `{shape}`"));
                }
                self.report(
                    m.span,
                    format!("Open Questions item without the `{marker}` marker"),
                )
                .with_help(format!(
                    "start it with the marker: `{shape}`; if nothing is open, write only `None`"
                ))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let oq = "# Plan: A (a)\n\n## Summary\n\nText.\n\n## Open Questions\n\n";
        Tester::new("PL501")
            .pass(&[
                CLEAN_PLAN,
                &format!("{oq}None\n"),
                &format!("{oq}None: the limits are fixed by the product brief.\n"),
                &format!("{oq}**None.**\n\n<!-- nothing is open -->\n"),
                &format!("{oq}- None.\n"),
                // a misspelt marker is PL503's finding, not also PL501's
                &format!("{oq}- [0o0o NEEDS CONFIRMATON] Which store?\n- [0o0o NEEDS CONFIRMATION Which TTL?\n"),
                // FP7: a thematic break or a comment after `None.` is not other content
                &format!("{oq}None.\n\n---\n"),
                &format!("{oq}None.\n\n<!-- reviewed 2026-11 -->\n\n***\n"),
                &format!("{oq}- [0o0o NEEDS CONFIRMATION] Which store?\n\nNone of these block step 1.\n"),
                &format!("{oq}- [0o0o NEEDS CONFIRMATION] Which Redis instance stores the buckets?\n- **[0o0o NEEDS CONFIRMATION]** Is the limit per IP or per API key?\n"),
                // paragraphs as items; a lead-in paragraph before a list
                &format!("{oq}[0o0o NEEDS CONFIRMATION] Which store?\n\n[0o0o NEEDS CONFIRMATION] Which TTL?\n"),
                &format!("{oq}These block step 2:\n\n1. [0o0o NEEDS CONFIRMATION] Which store?\n   - Option: Redis.\n   - Option: memory.\n"),
                // a group item whose nested items carry the marker
                &format!("{oq}- Storage:\n  - [0o0o NEEDS CONFIRMATION] Which store?\n  - [0o0o NEEDS CONFIRMATION] Which TTL?\n"),
                // a table of questions
                &format!("{oq}| Question | Owner |\n|---|---|\n| [0o0o NEEDS CONFIRMATION] Which store? | ops |\n"),
                // no Open Questions section: PL004's business
                "# Plan: A (a)\n\n## Summary\n\n- Which store?\n",
            ])
            .fail(&[
                // an item without the marker; the marker only in backticks
                &format!("{oq}- [0o0o NEEDS CONFIRMATION] Which store?\n- Which TTL?\n- `[0o0o NEEDS CONFIRMATION]` Which header?\n"),
                // paragraphs
                &format!("{oq}Which store should hold the buckets?\n"),
                // none-ish, but not `None`
                &format!("{oq}N/A\n"),
                &format!("{oq}- None of the routes are exempt?\n"),
                &format!("{oq}None.\n\n- [0o0o NEEDS CONFIRMATION] Which store?\n"),
                // a group whose nested items are partly unmarked; an unmarked row
                &format!("{oq}- Storage:\n  - [0o0o NEEDS CONFIRMATION] Which store?\n  - Which TTL?\n\n| Question |\n|---|\n| Which header? |\n"),
            ])
            .test_and_snapshot();
    }
}
