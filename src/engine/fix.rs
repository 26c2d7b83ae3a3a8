//! Fixing: apply the text edits that rules attach to their diagnostics.
//!
//! ruff's model: a fix is **safe** (applied by `--fix`), **unsafe** (applied with
//! `--unsafe-fixes`) or a **suggestion** (never applied). Fixes whose edits overlap are
//! never applied in the same pass: the first (in diagnostic order) wins, the document is
//! re-parsed and re-linted, and the next pass picks up what is left, until nothing
//! changes or [`MAX_PASSES`] is reached. Every byte outside an edited range is copied
//! unchanged, so line endings, a BOM and anything no rule asked to change survive.

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::document::source::Span;
use crate::engine::lint::Linter;
use crate::workspace::fs_view::FsView;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;
use std::sync::Arc;

/// The most fix passes over one document.
pub const MAX_PASSES: usize = 10;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only (`--fix`).
    Safe,
    /// Safe and unsafe fixes (`--fix --unsafe-fixes`).
    Unsafe,
}

impl FixMode {
    /// Whether a fix of applicability `a` is applied in this mode.
    pub fn applies(self, a: Applicability) -> bool {
        match self {
            FixMode::Safe => a == Applicability::Safe,
            FixMode::Unsafe => a >= Applicability::Unsafe,
        }
    }
}

/// A fix that was applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The code of the rule whose finding the fix repaired.
    pub code: &'static str,
    /// What the fix did ([`crate::diagnostic::Fix::message`]).
    pub message: String,
    /// 1-based line of the finding in the text the pass started from.
    pub line: usize,
}

/// The result of fixing one document.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// The fixed text (equal to the input when nothing applied).
    pub output: String,
    /// The fixes applied, pass by pass.
    pub applied: Vec<Applied>,
    /// How many fix passes ran (at most [`MAX_PASSES`]).
    pub passes: usize,
    /// False when fixes were still pending after [`MAX_PASSES`].
    pub converged: bool,
    /// Findings of the fixed text.
    pub remaining: Vec<Diagnostic>,
    /// The edits applied by each pass, against the text that pass started from, sorted
    /// by position and disjoint (a fix shared by several findings appears once): the
    /// way back from the output to the input, for checking that fixing adds no
    /// finding (tests/support/fix_check.rs).
    pub edits: Vec<Vec<Edit>>,
}

impl FixOutcome {
    /// Whether fixing changed `input`.
    pub fn changed(&self, input: &str) -> bool {
        self.output != input
    }
}

/// Whether two edits conflict. Insertions at the same point do not (they apply in
/// order); an insertion strictly inside a replaced range does.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    let (a, b) = (a.span, b.span);
    if a.is_empty() && b.is_empty() {
        return false;
    }
    if a.is_empty() {
        return b.start < a.start && a.start < b.end;
    }
    if b.is_empty() {
        return a.start < b.start && b.start < a.end;
    }
    a.start < b.end && b.start < a.end
}

/// Applies every fix that does not overlap an earlier one; returns the new text and the
/// indexes of the fixes applied.
pub fn apply_fixes(source: &str, fixes: &[&Fix]) -> (String, Vec<usize>) {
    let (out, used, _) = apply_fixes_with_edits(source, fixes);
    (out, used)
}

/// [`apply_fixes`], also returning the edits it applied (sorted, disjoint).
pub fn apply_fixes_with_edits(source: &str, fixes: &[&Fix]) -> (String, Vec<usize>, Vec<Edit>) {
    let mut accepted: Vec<&Edit> = Vec::new();
    let mut taken = Taken::default();
    // A fix identical to one already accepted (several findings sharing one repair,
    // such as PL005's moves) is applied once and counted for each finding.
    let mut accepted_fixes: HashSet<&[Edit]> = HashSet::new();
    let mut used = Vec::new();
    for (i, fix) in fixes.iter().enumerate() {
        if accepted_fixes.contains(fix.edits.as_slice()) {
            used.push(i);
            continue;
        }
        let valid = fix.edits.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= source.len()
                && source.is_char_boundary(e.span.start)
                && source.is_char_boundary(e.span.end)
        });
        let own_overlap = fix.edits.windows(2).any(|w| overlaps(&w[0], &w[1]));
        if !valid || own_overlap || fix.edits.iter().any(|e| taken.overlaps(e.span)) {
            continue;
        }
        for e in &fix.edits {
            taken.add(e.span);
        }
        accepted.extend(fix.edits.iter());
        accepted_fixes.insert(fix.edits.as_slice());
        used.push(i);
    }
    // stable: equal starts keep their acceptance order
    accepted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for e in &accepted {
        out.push_str(&source[at..e.span.start.max(at)]);
        out.push_str(&e.replacement);
        at = at.max(e.span.end);
    }
    out.push_str(&source[at..]);
    let edits = accepted.into_iter().cloned().collect();
    (out, used, edits)
}

/// The spans of the edits accepted so far, for [`overlaps`] queries in logarithmic
/// time (a plan with thousands of fixes was quadratic with a scan per edit).
/// Accepted ranges never overlap each other, so the one starting last before a point
/// is the only one that can cover it.
#[derive(Default)]
struct Taken {
    /// Non-empty spans: start → end.
    ranges: BTreeMap<usize, usize>,
    /// Insertion points (empty spans).
    points: BTreeSet<usize>,
}

impl Taken {
    fn add(&mut self, span: Span) {
        if span.is_empty() {
            self.points.insert(span.start);
        } else {
            self.ranges.insert(span.start, span.end);
        }
    }

    /// Whether `span` overlaps an accepted span, as [`overlaps`] defines it.
    fn overlaps(&self, span: Span) -> bool {
        if span.is_empty() {
            // An insertion conflicts only with a range strictly around it.
            return self
                .ranges
                .range(..span.start)
                .next_back()
                .is_some_and(|(_, &end)| span.start < end);
        }
        let range_hit = self
            .ranges
            .range(..span.end)
            .next_back()
            .is_some_and(|(_, &end)| span.start < end);
        let point_hit = span.start + 1 < span.end
            && self.points.range(span.start + 1..span.end).next().is_some();
        range_hit || point_hit
    }
}

/// Lints and fixes one document until no applicable fix remains.
pub fn fix_document(
    linter: &Linter,
    fs: &FsView,
    path: &Path,
    rel_path: Option<&Path>,
    source: &str,
    mode: FixMode,
) -> FixOutcome {
    fix_document_with(linter, fs, path, rel_path, source, mode, None)
}

/// [`fix_document`] with the run's symbol index (see [`Linter::lint_document_with`]).
pub fn fix_document_with(
    linter: &Linter,
    fs: &FsView,
    path: &Path,
    rel_path: Option<&Path>,
    source: &str,
    mode: FixMode,
    symbols: Option<&crate::workspace::symbol_index::SymbolIndex>,
) -> FixOutcome {
    let mut current = source.to_string();
    let mut applied = Vec::new();
    let mut edits = Vec::new();
    let mut passes = 0;
    loop {
        let doc = crate::document::parse::parse(path, Arc::from(current.as_str()));
        let diags = linter.lint_document_with(&doc, fs, rel_path, symbols);
        let fixable: Vec<(&Diagnostic, &Fix)> = diags
            .iter()
            .filter_map(|d| {
                d.fix
                    .as_ref()
                    .filter(|f| mode.applies(f.applicability))
                    .map(|f| (d, f))
            })
            .collect();
        if fixable.is_empty() || passes == MAX_PASSES {
            let converged = fixable.is_empty();
            return FixOutcome {
                output: current,
                applied,
                passes,
                converged,
                remaining: diags,
                edits,
            };
        }
        let fixes: Vec<&Fix> = fixable.iter().map(|(_, f)| *f).collect();
        let (next, used, pass_edits) = apply_fixes_with_edits(&current, &fixes);
        passes += 1;
        if next == current {
            return FixOutcome {
                output: current,
                applied,
                passes,
                converged: false,
                remaining: diags,
                edits,
            };
        }
        for i in used {
            let (d, f) = fixable[i];
            applied.push(Applied {
                code: d.code,
                message: f.message.clone(),
                line: doc.line_col(d.span.start).line,
            });
        }
        edits.push(pass_edits);
        current = next;
    }
}

#[cfg(test)]
mod tests {

    /// `Taken::overlaps` agrees with the pairwise [`overlaps`] over everything
    /// accepted, on empty and non-empty spans (a deterministic pseudo-random sample).
    #[test]
    fn taken_agrees_with_pairwise_overlaps() {
        let mut next = crate::test_rng::xorshift(0x9e37_79b9_7f4a_7c15u64);
        let edit = |s: usize, e: usize| Edit {
            span: Span::new(s, e),
            replacement: String::new(),
        };
        for _ in 0..300 {
            let mut accepted: Vec<Edit> = Vec::new();
            let mut taken = Taken::default();
            for _ in 0..next(10) {
                let s = next(30);
                let e = s + if next(3) == 0 { 0 } else { next(6) };
                let candidate = edit(s, e);
                if accepted.iter().any(|a| overlaps(a, &candidate)) {
                    continue;
                }
                taken.add(candidate.span);
                accepted.push(candidate);
            }
            for s in 0..36 {
                for len in 0..5 {
                    let probe = edit(s, s + len);
                    assert_eq!(
                        taken.overlaps(probe.span),
                        accepted.iter().any(|a| overlaps(a, &probe)),
                        "{accepted:?} vs {probe:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn identical_fixes_apply_once_and_count_for_each() {
        let fix = Fix::new(
            Applicability::Safe,
            "x".to_string(),
            vec![Edit {
                span: Span::new(0, 1),
                replacement: "b".into(),
            }],
        );
        let other = Fix::new(
            Applicability::Safe,
            "y".to_string(),
            vec![Edit {
                span: Span::new(0, 2),
                replacement: "c".into(),
            }],
        );
        let (out, used) = apply_fixes("aa", &[&fix, &fix, &other]);
        assert_eq!(out, "ba");
        assert_eq!(used, vec![0, 1]);
    }
    use super::*;
    use crate::diagnostic::match_case;

    fn fix(edits: Vec<(usize, usize, &str)>) -> Fix {
        Fix::new(
            Applicability::Safe,
            "t",
            edits
                .into_iter()
                .map(|(s, e, r)| Edit {
                    span: Span::new(s, e),
                    replacement: r.into(),
                })
                .collect(),
        )
    }

    #[test]
    fn non_overlapping_fixes_apply_together() {
        let a = fix(vec![(0, 1, "X")]);
        let b = fix(vec![(2, 3, "Y")]);
        let (out, used) = apply_fixes("abcd", &[&a, &b]);
        assert_eq!(out, "XbYd");
        assert_eq!(used, vec![0, 1]);
    }

    #[test]
    fn overlapping_fixes_keep_the_first() {
        let a = fix(vec![(0, 2, "X")]);
        let b = fix(vec![(1, 3, "Y")]);
        let (out, used) = apply_fixes("abcd", &[&a, &b]);
        assert_eq!(out, "Xcd");
        assert_eq!(used, vec![0]);
    }

    #[test]
    fn insertions_at_one_point_apply_in_order() {
        let a = fix(vec![(2, 2, "1")]);
        let b = fix(vec![(2, 2, "2")]);
        let (out, _) = apply_fixes("abcd", &[&a, &b]);
        assert_eq!(out, "ab12cd");
    }

    #[test]
    fn a_move_is_two_edits() {
        // move "cd" before "ab"
        let m = fix(vec![(2, 4, ""), (0, 0, "cd")]);
        assert_eq!(apply_fixes("abcd", &[&m]).0, "cdab");
    }

    #[test]
    fn invalid_edits_are_skipped() {
        let bad = fix(vec![(0, 99, "x")]);
        assert_eq!(apply_fixes("é", &[&bad]).0, "é");
        let split = fix(vec![(1, 1, "x")]);
        assert_eq!(apply_fixes("é", &[&split]).0, "é");
    }

    #[test]
    fn case_is_kept() {
        assert_eq!(match_case("SHOULD", "must"), "MUST");
        assert_eq!(match_case("Should", "must not"), "Must not");
        assert_eq!(match_case("should", "must"), "must");
    }
}
