//! The fix invariant, one checker shared (by `#[path]` inclusion) by `tests/fix.rs`
//! (generated mutations) and `tests/fix_invariant.rs` (every fixture, the real-plans
//! corpus):
//!
//! 1. **Fixing adds no finding.** After `--fix`, and after `--fix --unsafe-fixes`, every
//!    finding of the fixed text maps back to a finding of the input with the same rule
//!    code at the same place.
//! 2. **Fixing is finished in one run.** It converges, and a second run over its output
//!    applies nothing and changes no byte.
//!
//! The mapping ("the same place"): every finding of the input has its span carried
//! through the edits of each pass (`FixOutcome::edits`) to a range of the output:
//!
//! * an offset before or after every edit moves by the length the edits before it
//!   added or removed;
//! * an offset strictly inside a replaced range maps to the whole replacement (a span
//!   that an edit shrinks, grows or rewrites covers what replaced it);
//! * an offset inside a range that a move deletes (a deletion whose exact text another
//!   edit of the same pass inserts elsewhere, as PL005 moves sections) maps both to
//!   the deletion point and to the same offset inside the inserted copy.
//!
//! A finding of the output is old when some input finding with the same code has a
//! mapped range that overlaps its span or touches it (ranges are closed: a point at
//! the edge of a span counts, so a finding whose span changes extent but not place, a
//! PL003 reported on the title before and on its slug after, is the same finding).
//! Anything else is a new finding: a fix made the plan worse.
//!
//! Two exceptions, for findings keyed by a section's name rather than a place:
//!
//! * a missing section (PL004) is reported where the section would go, a place that
//!   moves when a fix moves the sections around it; the message names the section,
//!   which a document can miss only once: it is old when an input finding has the
//!   same code and message, wherever it was reported;
//! * a finding on a section heading of a name that occurs twice (an empty
//!   `## Implementation Plan`, PL009, or one without steps, PL301) is reported on one
//!   copy, and a move can change which copy that is (and PL007's "appears again (first
//!   on line N)" names the other): it is old when an input finding has the same code
//!   and message, line numbers aside, on a heading of the same text (or on a heading
//!   a PL006 fix renamed to that text).

use plan_lint::diagnostic::{Diagnostic, Edit};
use plan_lint::document::source::Span;
use plan_lint::engine::fix::{FixMode, fix_document_with};
use plan_lint::engine::lint::Linter;
use plan_lint::workspace::fs_view::FsView;
use plan_lint::workspace::symbol_index::SymbolIndex;
use std::path::Path;
use std::sync::Arc;

/// Rules whose findings are about the document as a whole, matched by message (see
/// the module docs).
pub(crate) const DOCUMENT_LEVEL: &[&str] = &["PL004"];

/// One plan to check: how it is linted.
pub(crate) struct Subject<'a> {
    pub linter: &'a Linter,
    pub fs: &'a FsView,
    pub path: &'a Path,
    pub rel: Option<&'a Path>,
    pub symbols: Option<&'a SymbolIndex>,
}

impl Subject<'_> {
    pub(crate) fn lint(&self, text: &str) -> Vec<Diagnostic> {
        let doc = plan_lint::document::parse::parse(self.path, Arc::from(text));
        self.linter
            .lint_document_with(&doc, self.fs, self.rel, self.symbols)
    }

    /// Checks the invariant for both fix modes; the error names the violation.
    pub(crate) fn check(&self, text: &str) -> Result<(), String> {
        for mode in [FixMode::Safe, FixMode::Unsafe] {
            self.check_mode(text, mode)?;
        }
        Ok(())
    }

    pub(crate) fn check_mode(&self, text: &str, mode: FixMode) -> Result<(), String> {
        let before = self.lint(text);
        let once = fix_document_with(
            self.linter,
            self.fs,
            self.path,
            self.rel,
            text,
            mode,
            self.symbols,
        );
        if !once.converged {
            return Err(format!(
                "{mode:?}: fixing did not converge after {} passes",
                once.passes
            ));
        }
        let mapped: Vec<(&str, Vec<Span>)> = before
            .iter()
            .map(|d| (d.code, map_through(d.span, &once.edits, text)))
            .collect();
        let out = &once.output;
        let input_doc = plan_lint::document::parse::parse(self.path, Arc::from(text));
        let output_doc = plan_lint::document::parse::parse(self.path, Arc::from(out.as_str()));
        let on_heading = |doc: &plan_lint::document::model::Document, span: Span| {
            doc.headings.iter().any(|h| h.text_span == span)
        };
        // A heading a PL006 fix renamed: a finding keyed by its section follows it.
        let renamed_to = |text: &str| {
            let message = format!("Rename the heading to `{text}`");
            once.applied.iter().any(|x| x.message == message)
        };
        for a in &once.remaining {
            let same_message = |b: &&Diagnostic| b.code == a.code && b.message == a.message;
            let by_message = DOCUMENT_LEVEL.contains(&a.code)
                && before.iter().any(|b| same_message(&b))
                || on_heading(&output_doc, a.span)
                    && before.iter().any(|b| {
                        b.code == a.code
                            && digitless(&b.message) == digitless(&a.message)
                            && on_heading(&input_doc, b.span)
                            && (input_doc.text(b.span) == output_doc.text(a.span)
                                || renamed_to(output_doc.text(a.span)))
                    });
            let old = by_message
                || mapped.iter().any(|(code, ranges)| {
                    *code == a.code
                        && ranges
                            .iter()
                            .any(|r| r.start <= a.span.end && a.span.start <= r.end)
                });
            if !old {
                let (line, col) = line_col(out, a.span.start);
                let applied: Vec<String> = once
                    .applied
                    .iter()
                    .map(|x| format!("{} line {}: {}", x.code, x.line, x.message))
                    .collect();
                return Err(format!(
                    "{mode:?}: new finding after fixing: {line}:{col} {} {} (`{}`)\napplied: {applied:#?}\nbefore: {:#?}",
                    a.code,
                    a.message,
                    out.get(a.span.start..a.span.end).unwrap_or("?"),
                    before
                        .iter()
                        .filter(|d| d.code == a.code)
                        .map(|d| (line_col(text, d.span.start), d.message.as_str()))
                        .collect::<Vec<_>>()
                ));
            }
        }
        let twice = fix_document_with(
            self.linter,
            self.fs,
            self.path,
            self.rel,
            out,
            mode,
            self.symbols,
        );
        if !twice.applied.is_empty() || twice.output != *out {
            return Err(format!(
                "{mode:?}: a second run still fixed: {:#?}",
                twice
                    .applied
                    .iter()
                    .map(|x| format!("{} line {}: {}", x.code, x.line, x.message))
                    .collect::<Vec<_>>()
            ));
        }
        Ok(())
    }
}

/// `message` with its digits dropped (line numbers differ after a move).
fn digitless(message: &str) -> String {
    message.chars().filter(|c| !c.is_ascii_digit()).collect()
}

/// 1-based (line, column in characters) of `offset` in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let head = text.get(..offset).unwrap_or(text);
    let line = head.matches('\n').count() + 1;
    let col = head.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The ranges of the output `span` maps to through the passes' edits (see the module
/// docs). `source` is the text the first pass started from.
pub(crate) fn map_through(span: Span, passes: &[Vec<Edit>], source: &str) -> Vec<Span> {
    let mut ranges = vec![span];
    let mut text = source.to_string();
    for edits in passes {
        ranges = ranges
            .into_iter()
            .flat_map(|r| map_pass(r, edits, &text))
            .collect();
        text = apply(&text, edits);
    }
    ranges
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::new();
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.span.start.max(at)]);
        out.push_str(&e.replacement);
        at = at.max(e.span.end);
    }
    out.push_str(&text[at..]);
    out
}

/// Where the output text of each edit starts.
fn output_starts(edits: &[Edit]) -> Vec<usize> {
    let mut delta: isize = 0;
    edits
        .iter()
        .map(|e| {
            let at = (e.span.start as isize + delta) as usize;
            delta += e.replacement.len() as isize - e.span.len() as isize;
            at
        })
        .collect()
}

/// The lowest and the highest output offsets of input offset `p`.
fn map_offset(p: usize, edits: &[Edit], starts: &[usize]) -> (usize, usize) {
    let mut delta: isize = 0;
    let mut lo = None;
    for (e, &s) in edits.iter().zip(starts) {
        if e.span.start > p {
            break;
        }
        if e.span.start < p && p < e.span.end {
            return (s, s + e.replacement.len());
        }
        if e.span.start == p {
            // Text inserted or replacing from `p` comes after `p`'s low image.
            lo.get_or_insert((p as isize + delta) as usize);
        }
        if e.span.end <= p {
            delta += e.replacement.len() as isize - e.span.len() as isize;
        }
    }
    let hi = (p as isize + delta) as usize;
    (lo.unwrap_or(hi), hi)
}

fn map_pass(span: Span, edits: &[Edit], text: &str) -> Vec<Span> {
    let starts = output_starts(edits);
    let (lo, _) = map_offset(span.start, edits, &starts);
    let (_, hi) = map_offset(span.end, edits, &starts);
    let mut out = vec![Span::new(lo.min(hi), hi.max(lo))];
    // Moves: a deleted range whose text an edit of this pass inserts elsewhere.
    for e in edits
        .iter()
        .filter(|e| e.replacement.is_empty() && !e.span.is_empty())
    {
        if !(e.span.start <= span.start && span.end <= e.span.end) {
            continue;
        }
        let moved = &text[e.span.start..e.span.end];
        for (ins, &s) in edits.iter().zip(&starts) {
            if let Some(k) = ins.replacement.find(moved) {
                let at = s + k;
                out.push(Span::new(
                    at + (span.start - e.span.start),
                    at + (span.end - e.span.start),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod mapping {
    use super::*;

    fn edit(s: usize, e: usize, r: &str) -> Edit {
        Edit {
            span: Span::new(s, e),
            replacement: r.into(),
        }
    }

    #[test]
    fn spans_shift_shrink_and_follow_moves() {
        // "aaXbb" -> replace X (2..3) by "YYY": "aaYYYbb"
        let edits = vec![vec![edit(2, 3, "YYY")]];
        assert_eq!(
            map_through(Span::new(0, 1), &edits, "aaXbb"),
            vec![Span::new(0, 1)]
        );
        assert_eq!(
            map_through(Span::new(3, 5), &edits, "aaXbb"),
            vec![Span::new(5, 7)]
        );
        assert_eq!(
            map_through(Span::new(2, 3), &edits, "aaXbb"),
            vec![Span::new(2, 5)]
        );
        // a move: "AB" -> "BA" (delete 0..1, insert "A" at 2)
        let moves = vec![vec![edit(0, 1, ""), edit(2, 2, "A")]];
        let r = map_through(Span::new(0, 1), &moves, "AB");
        assert!(r.contains(&Span::new(1, 2)), "{r:?}");
    }
}
