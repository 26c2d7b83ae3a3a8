//! The questions the plan's markers ask: PL504 reads them, and PL004's fix lists them in
//! the Open Questions section it inserts.

use super::helpers::{markers, question_region};
use crate::document::source::Span;
use crate::rules::Context;

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
