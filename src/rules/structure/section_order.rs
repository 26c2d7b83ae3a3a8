//! PL005 `section-order`: required sections appear in the contract's order.

use crate::analysis::outline::OutlineEntry;
use crate::diagnostic::Edit;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::diagnostic::{delete, insert};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use std::collections::BTreeMap;

pub(crate) struct SectionOrder;

static META: RuleMeta = RuleMeta {
    code: "PL005",
    name: "section-order",
    severity: Severity::Error,
    summary: "Required sections appear in the contract's order.",
    group: crate::rules::Group::Structure,
    fix: crate::rules::FixAvailability::Sometimes(crate::diagnostic::Applicability::Safe),
    phase: crate::rules::Phase::Document,
};

/// Indexes (into `seq`) of one longest strictly increasing subsequence.
pub(crate) fn longest_increasing(seq: &[usize]) -> Vec<usize> {
    let n = seq.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if seq[j] < seq[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let Some(mut best) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut out = vec![best];
    while prev[best] != usize::MAX {
        best = prev[best];
        out.push(best);
    }
    out.reverse();
    out
}

impl Rule for SectionOrder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// Every required section outside one longest in-order run of them is reported.
    /// Each finding (whose section can move) carries the same fix, which moves them all (each heading to next
    /// H2, byte for byte) next to their neighbours in that run, sections bound for the
    /// same place in the contract's order: one pass puts the plan in order.
    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let recognised: Vec<_> = ctx.outline.recognised().collect();
        let seq: Vec<usize> = recognised.iter().map(|(_, i)| *i).collect();
        let keep = longest_increasing(&seq);
        let (mut diags, moves): (Vec<Diagnostic>, Vec<Option<Move>>) = (0..seq.len())
            .filter(|p| !keep.contains(p))
            .map(|pos| self.out_of_order(ctx, &recognised, &seq, &keep, pos))
            .unzip();
        let movable: Vec<bool> = moves.iter().map(Option::is_some).collect();
        let moves: Vec<Move> = moves.into_iter().flatten().collect();
        if let Some(fix) = move_all(ctx, &moves) {
            // Every finding whose section moves carries the one fix; `apply_fixes`
            // applies it once and counts it for each.
            for (d, _) in diags.iter_mut().zip(&movable).filter(|(_, m)| **m) {
                d.fix = Some(fix.clone());
            }
        }
        diags
    }
}

/// One section to move: its span, its place in the contract, where it goes.
struct Move {
    section: Span,
    spec: usize,
    to: usize,
    /// The fix message when it is the only move.
    message: String,
}

/// The fix that makes every move at once: a deletion per section and one insertion
/// per destination, holding the sections bound there in the contract's order.
fn move_all(ctx: &Context<'_>, moves: &[Move]) -> Option<Fix> {
    let doc = ctx.doc;
    let nl = doc.newline();
    let mut by_place: BTreeMap<usize, Vec<&Move>> = BTreeMap::new();
    for m in moves {
        by_place.entry(m.to).or_default().push(m);
    }
    let mut edits: Vec<Edit> = moves.iter().map(|m| delete(m.section)).collect();
    for (&at, group) in &mut by_place {
        group.sort_by_key(|m| m.spec);
        let mut text = String::new();
        for m in group.iter() {
            let mut t = doc.text(m.section).to_string();
            if !t.ends_with(['\n', '\r']) {
                t.push_str(nl);
            }
            if !t.ends_with(&format!("{nl}{nl}")) {
                t.push_str(nl);
            }
            text.push_str(&t);
        }
        if at == doc.source.len() {
            // At the end: one line ending, and a blank line before the first heading.
            text.truncate(text.trim_end_matches(['\n', '\r']).len());
            text.push_str(nl);
            let lead = if doc.source.ends_with(['\n', '\r']) {
                nl.to_string()
            } else {
                format!("{nl}{nl}")
            };
            if !doc.source.ends_with(&format!("{nl}{nl}")) {
                text.insert_str(0, &lead);
            }
        }
        edits.push(insert(at, text));
    }
    // In position order, an insertion before a deletion starting at the same byte.
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let message = match moves {
        [] => return None,
        [only] => only.message.clone(),
        _ => format!("Move {} sections into the contract's order", moves.len()),
    };
    Some(Fix::new(Applicability::Safe, message, edits))
}

impl SectionOrder {
    /// The finding for the recognised section at `pos`, which is not in the in-order
    /// run `keep`, and where the section goes (`None` when it cannot move safely).
    fn out_of_order(
        &self,
        ctx: &Context<'_>,
        recognised: &[(&OutlineEntry, usize)],
        seq: &[usize],
        keep: &[usize],
        pos: usize,
    ) -> (Diagnostic, Option<Move>) {
        let doc = ctx.doc;
        let (entry, spec) = recognised[pos];
        let names = &ctx.contract.sections;
        let heading = doc.section_heading(&doc.sections[entry.section]);
        // Where it belongs: after the in-order section with the largest smaller index.
        let after = keep.iter().map(|&k| seq[k]).filter(|&s| s < spec).max();
        let before = keep.iter().map(|&k| seq[k]).filter(|&s| s > spec).min();
        let place = match (after, before) {
            (Some(a), _) => format!("it belongs after `## {}`", names[a].name),
            (None, Some(b)) => format!("it belongs before `## {}`", names[b].name),
            (None, None) => "see the contract's order".to_string(),
        };
        let order: Vec<&str> = names.iter().map(|s| s.name.as_str()).collect();
        let d = self
            .report(
                heading.text_span,
                format!("section `{}` is out of order: {place}", names[spec].name),
            )
            .with_help(format!("the contract's order is: {}", order.join(", ")));
        // The fix moves the whole section (heading to next H2), byte for byte.
        let section_of = |spec_index: usize| {
            keep.iter()
                .find(|&&k| seq[k] == spec_index)
                .map(|&k| &doc.sections[recognised[k].0.section])
        };
        let target = match (after, before) {
            (Some(a), _) => section_of(a).map(|s| s.span.end),
            (None, Some(b)) => section_of(b).map(|s| s.span.start),
            (None, None) => None,
        };
        let moved = doc.sections[entry.section].span;
        if target == Some(doc.source.len()) && doc.ends_in_open_html() {
            return (d, None); // appended text would land inside an unclosed HTML block
        }
        let Some(to) = target.filter(|&at| at <= moved.start || at >= moved.end) else {
            return (d, None);
        };
        let message = format!(
            "Move `## {}` {}",
            names[spec].name,
            place.trim_start_matches("it belongs ")
        );
        let m = Move {
            section: moved,
            spec,
            to,
            message,
        };
        (d, Some(m))
    }
}

#[cfg(test)]
mod tests {
    use super::longest_increasing;
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn lis() {
        assert_eq!(longest_increasing(&[0, 2, 1, 3]), vec![0, 1, 3]);
        assert_eq!(longest_increasing(&[1, 0]), vec![0]);
        assert_eq!(longest_increasing(&[]), Vec::<usize>::new());
    }

    #[test]
    fn vectors() {
        let swapped = CLEAN_PLAN
            .replace("## Goals\n", "## TMP\n")
            .replace("## Non-Goals\n", "## Goals\n")
            .replace("## TMP\n", "## Non-Goals\n");
        let goals_after_non_goals = {
            let g = CLEAN_PLAN.find("## Goals").unwrap();
            let ng = CLEAN_PLAN.find("## Non-Goals").unwrap();
            let req = CLEAN_PLAN.find("## Requirements").unwrap();
            format!(
                "{}{}{}{}",
                &CLEAN_PLAN[..g],
                &CLEAN_PLAN[ng..req],
                &CLEAN_PLAN[g..ng],
                &CLEAN_PLAN[req..]
            )
        };
        let moved = {
            let start = CLEAN_PLAN.find("## Open Questions").unwrap();
            let oq = &CLEAN_PLAN[start..];
            let rest = &CLEAN_PLAN[..start];
            let at = rest.find("## Goals").unwrap();
            format!("{}{}\n{}", &rest[..at], oq, &rest[at..])
        };
        Tester::new("PL005")
            .pass(&[
                CLEAN_PLAN,
                "# Plan: A (a)\n\n## Goals\n\nx\n\n## Summary2\n",
            ])
            .fail(&[&swapped, &moved])
            .fix(&[
                (&goals_after_non_goals, CLEAN_PLAN),
                (&moved, CLEAN_PLAN),
                (
                    "# Plan: A (a)\n\n## Goals\n\n- g\n\n## Summary\n\nS.",
                    "# Plan: A (a)\n\n## Summary\n\nS.\n\n## Goals\n\n- g\n\n",
                ),
            ])
            .test_and_snapshot();
    }
}
