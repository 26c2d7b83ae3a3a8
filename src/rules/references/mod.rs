//! Reference rules (PL306, PL311): paths written anywhere in the plan exist in the repository
//! or are created by it.

pub mod local_path;
pub mod reference_not_found;

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
