//! PL005 `section-order`: required sections appear in the contract's order.

use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::fix::{delete, insert};
use crate::rules::{Context, Rule, RuleMeta};

pub struct SectionOrder;

static META: RuleMeta = RuleMeta {
    code: "PL005",
    name: "section-order",
    severity: Severity::Error,
    summary: "Required sections appear in the contract's order.",
};

/// Indexes (into `seq`) of one longest strictly increasing subsequence.
pub fn longest_increasing(seq: &[usize]) -> Vec<usize> {
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

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let recognised: Vec<_> = ctx.outline.recognised().collect();
        let seq: Vec<usize> = recognised.iter().map(|(_, i)| *i).collect();
        let keep = longest_increasing(&seq);
        let Some(pos) = (0..seq.len()).find(|p| !keep.contains(p)) else {
            return Vec::new();
        };
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
            return vec![d]; // appended text would land inside an unclosed HTML block
        }
        let Some(at) = target.filter(|&at| at <= moved.start || at >= moved.end) else {
            return vec![d];
        };
        let nl = doc.newline();
        let mut text = doc.text(moved).to_string();
        if !text.ends_with(['\n', '\r']) {
            text.push_str(nl);
        }
        if !text.ends_with(&format!("{nl}{nl}")) && at < doc.source.len() {
            text.push_str(nl);
        }
        if at == doc.source.len() {
            // At the end: one line ending, and a blank line before the heading.
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
        let fix = Fix::new(
            Applicability::Safe,
            format!(
                "Move `## {}` {}",
                names[spec].name,
                place.trim_start_matches("it belongs ")
            ),
            vec![delete(moved), insert(at, text)],
        );
        vec![d.with_fix(fix)]
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
