//! What the marker rules share: which marker occurrences count, and the text each one
//! applies to.

use crate::document::blocks::{leaf_block, prose_occurrences};
use crate::document::model::Document;
use crate::document::source::Span;
use crate::rules::Context;

/// Whether `span` lies in the heading of a section the outline recognised. The
/// prompt's own heading hint `Open Questions ([0o0o NEEDS CONFIRMATION] only)` is such
/// a heading: PL006 reports it, and the marker in it asks nothing.
pub(crate) fn in_section_heading(ctx: &Context<'_>, span: Span) -> bool {
    ctx.outline
        .entries
        .iter()
        .filter(|e| e.spec.is_some())
        .any(|e| {
            let heading = ctx.doc.section_heading(&ctx.doc.sections[e.section]);
            heading.span.contains(span)
        })
}

/// The marker occurrences that count: the exact configured marker in prose (never in
/// code or HTML), outside the headings of recognised sections.
pub(crate) fn markers(ctx: &Context<'_>) -> Vec<Span> {
    prose_occurrences(ctx.doc, &ctx.contract.marker)
        .into_iter()
        .filter(|m| !in_section_heading(ctx, *m))
        .collect()
}

/// The text a marker applies to: from its end to the next marker in the same leaf
/// block (paragraph, table cell, heading), or to the end of that block.
pub(crate) fn question_region(doc: &Document, marker: Span, all: &[Span]) -> Span {
    let leaf = leaf_block(doc, marker);
    // `all` is in document order and every occurrence has the marker's length: the
    // next one is a binary search away, and only it can end inside the block.
    let end = all
        .get(all.partition_point(|m| m.start < marker.end))
        .filter(|m| m.end <= leaf.end)
        .map_or(leaf.end, |m| m.start)
        .max(marker.end);
    Span::new(marker.end, end)
}
