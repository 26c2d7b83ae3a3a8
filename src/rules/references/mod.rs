//! Reference rules (PL306, PL311): paths written anywhere in the plan exist in the repository
//! or are created by it.

pub(crate) mod local_path;
pub(crate) mod reference_not_found;

use crate::document::source::Span;
use crate::rules::Context;

/// The impact table's path cells, in document order (PL203-PL205 check what they
/// hold; the reference rules leave them alone: one root cause, one finding).
pub(crate) struct PathCells(Vec<Span>);

impl PathCells {
    pub(crate) fn of(ctx: &Context<'_>) -> Self {
        PathCells(
            ctx.impact
                .rows
                .iter()
                .filter_map(|r| r.path_cell.as_ref().map(|c| c.span))
                .collect(),
        )
    }

    /// Whether `span` lies in a path cell: a binary search (the cells are in order).
    pub(crate) fn contain(&self, span: Span) -> bool {
        let i = self.0.partition_point(|c| c.start <= span.start);
        i > 0 && self.0[i - 1].contains(span)
    }
}

/// Whether a link destination looks like a machine path (PL311's to judge, not
/// PL306's): a `file:` URL, a drive path, `/Users/…`, `/home/…`, `~…`.
pub(crate) fn looks_local(dest: &str) -> bool {
    let d = dest.trim();
    let b = d.as_bytes();
    d.to_ascii_lowercase().starts_with("file:")
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
        || d.starts_with("/Users/")
        || d.starts_with("/home/")
        || d.starts_with('~')
}

/// Percent-decodes `%XX` sequences (invalid ones kept as written).
pub(crate) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    if !b.contains(&b'%') {
        return s.to_string();
    }
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}
