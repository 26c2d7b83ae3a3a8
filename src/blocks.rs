//! Lookups of "the block around a span": the leaf block (paragraph, heading, table
//! cell) and the innermost list item. Used by the marker rules (a marker applies to its
//! block) and by the reference rules (a path in a block carrying the marker is exempt).

use crate::model::{BlockKind, Document};
use crate::source::Span;

/// The smallest leaf block holding `span`: a table cell, a paragraph or a heading's
/// text. Falls back to the span itself.
pub fn leaf_block(doc: &Document, span: Span) -> Span {
    for table in &doc.tables {
        if !table.span.contains(span) {
            continue;
        }
        for row in std::iter::once(&table.header).chain(&table.rows) {
            for cell in &row.cells {
                if cell.span.start <= span.start && span.end <= cell.span.end.max(cell.span.start) {
                    return cell.span;
                }
            }
        }
    }
    doc.blocks
        .iter()
        .filter(|b| {
            matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading) && b.span.contains(span)
        })
        .min_by_key(|b| b.span.len())
        .map(|b| b.span)
        .unwrap_or(span)
}

/// The innermost list item holding `span`, if any.
pub fn item_of(doc: &Document, span: Span) -> Option<Span> {
    doc.items
        .iter()
        .filter(|i| i.span.contains(span))
        .min_by_key(|i| i.span.len())
        .map(|i| i.span)
}

/// Whether the block around `span` (its leaf block, or its innermost list item, or its
/// table row) carries `marker` in prose.
pub fn carries_marker(doc: &Document, span: Span, marker: &str) -> bool {
    if marker.is_empty() {
        return false;
    }
    let has = |s: Span| prose_contains(doc, s, marker);
    if has(leaf_block(doc, span)) {
        return true;
    }
    if let Some(item) = item_of(doc, span) {
        if has(item) {
            return true;
        }
    }
    for table in &doc.tables {
        for row in &table.rows {
            if row.span.contains(span) && has(row.span) {
                return true;
            }
        }
    }
    false
}

/// Whether the prose runs inside `within` contain `needle`.
pub fn prose_contains(doc: &Document, within: Span, needle: &str) -> bool {
    doc.prose
        .iter()
        .filter(|p| within.contains(**p))
        .any(|p| doc.text(*p).contains(needle))
}

/// Occurrences of `needle` in prose (never in code or HTML).
pub fn prose_occurrences(doc: &Document, needle: &str) -> Vec<Span> {
    if needle.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for run in &doc.prose {
        let text = doc.text(*run);
        for (i, _) in text.match_indices(needle) {
            out.push(Span::new(run.start + i, run.start + i + needle.len()));
        }
    }
    out
}
