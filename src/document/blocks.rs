//! Lookups of "the block around a span": the leaf block (paragraph, heading, table
//! cell) and the innermost list item. Used by the marker rules (a marker applies to its
//! block) and by the reference rules (a path in a block carrying the marker is exempt).

use crate::document::model::{Block, BlockKind, Document, Row, Table};
use crate::document::source::Span;

/// The blocks holding `span`, innermost first.
///
/// `doc.blocks` is in pre-order, so block starts never decrease. The last block
/// starting at or before `span.start` is the innermost block there, and every block
/// holding `span` is among its ancestors: a binary search and a walk up the parents,
/// instead of a scan of the whole document per span (which made linting quadratic).
fn enclosing(doc: &Document, span: Span) -> impl Iterator<Item = &Block> {
    let mut next = doc
        .blocks
        .partition_point(|b| b.span.start <= span.start)
        .checked_sub(1);
    std::iter::from_fn(move || {
        let b = &doc.blocks[next?];
        next = b.parent;
        Some(b)
    })
    .filter(move |b| b.span.contains(span))
}

/// The table holding `span`.
fn table_of(doc: &Document, span: Span) -> Option<&Table> {
    enclosing(doc, span)
        .find(|b| b.kind == BlockKind::Table)
        .and_then(|b| b.index)
        .and_then(|i| doc.tables.get(i))
}

/// The row of `table` holding `span` (header included), by binary search.
fn row_of(table: &Table, span: Span) -> Option<&Row> {
    let i = table.rows.partition_point(|r| r.span.start <= span.start);
    let body = i.checked_sub(1).map(|i| &table.rows[i]);
    body.into_iter()
        .chain(std::iter::once(&table.header))
        .find(|r| r.span.contains(span))
}

/// The smallest leaf block holding `span`: a table cell, a paragraph or a heading's
/// text. Falls back to the span itself.
pub(crate) fn leaf_block(doc: &Document, span: Span) -> Span {
    if let Some(row) = table_of(doc, span).and_then(|t| row_of(t, span)) {
        let i = row.cells.partition_point(|c| c.span.start <= span.start);
        if let Some(cell) = i.checked_sub(1).map(|i| &row.cells[i])
            && cell.span.start <= span.start
            && span.end <= cell.span.end.max(cell.span.start)
        {
            return cell.span;
        }
    }
    enclosing(doc, span)
        .find(|b| matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading))
        .map(|b| b.span)
        .unwrap_or(span)
}

/// The innermost list item holding `span`, if any.
pub(crate) fn item_of(doc: &Document, span: Span) -> Option<Span> {
    enclosing(doc, span)
        .find(|b| b.kind == BlockKind::Item)
        .map(|b| b.span)
}

/// Whether the block around `span` (its leaf block, or its innermost list item, or its
/// table row) carries `marker` in prose.
pub(crate) fn carries_marker(doc: &Document, span: Span, marker: &str) -> bool {
    if marker.is_empty() {
        return false;
    }
    let has = |s: Span| prose_contains(doc, s, marker);
    if has(leaf_block(doc, span)) {
        return true;
    }
    if let Some(item) = item_of(doc, span)
        && has(item)
    {
        return true;
    }
    body_row_of(doc, span).is_some_and(|r| has(r.span))
}

/// The table body row (not the header) holding `span`, by binary search.
pub(crate) fn body_row_of(doc: &Document, span: Span) -> Option<&Row> {
    table_of(doc, span)
        .and_then(|t| {
            let i = t.rows.partition_point(|r| r.span.start <= span.start);
            i.checked_sub(1).map(|i| &t.rows[i])
        })
        .filter(|r| r.span.contains(span))
}

/// Whether the prose runs inside `within` contain `needle`. `doc.prose` is in document
/// order, so the runs inside `within` are found by binary search.
pub(crate) fn prose_contains(doc: &Document, within: Span, needle: &str) -> bool {
    let first = doc.prose.partition_point(|p| p.start < within.start);
    doc.prose[first..]
        .iter()
        .take_while(|p| p.start <= within.end)
        .filter(|p| within.contains(**p))
        .any(|p| doc.text(*p).contains(needle))
}

/// Occurrences of `needle` in prose (never in code or HTML).
pub(crate) fn prose_occurrences(doc: &Document, needle: &str) -> Vec<Span> {
    if needle.is_empty() {
        return Vec::new();
    }
    // One searcher for every run (`str::match_indices` builds one per call).
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let mut out = Vec::new();
    for run in &doc.prose {
        let text = doc.text(*run).as_bytes();
        let mut at = 0;
        // Non-overlapping, as `match_indices`.
        while let Some(i) = finder.find(&text[at..]) {
            let start = run.start + at + i;
            out.push(Span::new(start, start + needle.len()));
            at += i + needle.len();
        }
    }
    out
}
