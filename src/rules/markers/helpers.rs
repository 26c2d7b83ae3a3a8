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

/// The question a marker asks: `text` (the marker's region, as plain text or as
/// source) up to its last `?` (all of it when there is none), whitespace-normalised and
/// trimmed of closing markup.
pub(crate) fn question(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = match text.rfind(['?', '？']) {
        Some(i) => &text[..i + text[i..].chars().next().map_or(1, char::len_utf8)],
        None => text.as_str(),
    };
    text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ')' | '(' | '"' | '\'' | '*' | '_' | '~')
    })
    .to_string()
}

/// Every marker of the plan, and every near miss that PL503 fixes (a marker too: its
/// question is checked now, so fixing the marker never reveals a finding here), in
/// document order.
pub(crate) fn all_markers(ctx: &Context<'_>) -> Vec<Span> {
    let mut all = markers(ctx);
    all.extend(
        super::near_miss::near_misses(ctx)
            .into_iter()
            .filter(|n| n.fixable)
            .map(|n| n.span),
    );
    all.sort_by_key(|s| (s.start, s.end));
    all.dedup();
    all
}

/// The question of every marker of a plan that has no Open Questions section, as the
/// marker's author wrote it (PL504 reads them the same way): PL004's fix lists them in the section it inserts, so that
/// inserting the section never reveals a finding here.
pub(crate) fn questions_to_list(ctx: &Context<'_>) -> Vec<String> {
    let doc = ctx.doc;
    let all = all_markers(ctx);
    all.iter()
        .map(|&m| question(doc.text(question_region(doc, m, &all))))
        .filter(|q| !q.is_empty())
        .collect()
}
