//! Inline suppressions, as in markdownlint: HTML comments that switch rules off for a
//! part of a plan.
//!
//! ```markdown
//! <!-- plan-lint-disable PL101 PL102 -->   rules off from this line on…
//! <!-- plan-lint-enable PL101 -->          …back on from this line on
//! <!-- plan-lint-disable-next-line PL101 --> off on the line after the comment
//! <!-- plan-lint-disable-line hedging -->  off on the comment's own line
//! ```
//!
//! A comment without codes names every rule. Codes are rule codes (`PL101`, any case) or
//! names (`hedging`), separated by spaces or commas. A comment may be an HTML block on
//! its own line or inline HTML in a paragraph, a heading or a table cell; comments
//! inside code spans and code blocks are text, not suppressions.
//!
//! The semantics are markdownlint's, line by line:
//!
//! * `disable` switches the rules off from the start of the comment's line, `enable`
//!   switches them back on from the start of its line (so `enable` on the same line
//!   as `disable` leaves that line on); an unclosed `disable` runs to the end of the
//!   file. The state is one switch per rule: a second `disable` of a rule that is
//!   already off changes nothing, one `enable` ends it. `disable` without codes then
//!   `enable PL101` leaves every rule but PL101 off.
//! * `disable-line` switches the rules off on the line(s) of the comment.
//! * `disable-next-line` switches them off on the line after the comment's (last)
//!   line, whatever that line holds.
//!
//! A finding is suppressed when its start offset falls in a range that is off for its
//! rule. The bookkeeping records which directive (and which of its codes) suppressed
//! something, for PL902 `unused-suppression`; when several directives cover a finding,
//! the `disable`…`enable` range that was open first takes the credit, then the first
//! line directive. Findings of PL901 and PL902 (which are about the comments
//! themselves) are never suppressed.

use crate::diagnostic::Diagnostic;
use crate::document::model::Document;
use crate::document::source::Span;
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// What a suppression comment does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// `plan-lint-disable`: off from this line on.
    Disable,
    /// `plan-lint-enable`: on again from this line on.
    Enable,
    /// `plan-lint-disable-line`: off on the comment's line.
    DisableLine,
    /// `plan-lint-disable-next-line`: off on the line after the comment.
    DisableNextLine,
}

impl DirectiveKind {
    /// The keyword as written in a comment.
    pub fn keyword(self) -> &'static str {
        match self {
            DirectiveKind::Disable => "plan-lint-disable",
            DirectiveKind::Enable => "plan-lint-enable",
            DirectiveKind::DisableLine => "plan-lint-disable-line",
            DirectiveKind::DisableNextLine => "plan-lint-disable-next-line",
        }
    }

    fn from_keyword(keyword: &str) -> Option<Self> {
        [
            DirectiveKind::Disable,
            DirectiveKind::Enable,
            DirectiveKind::DisableLine,
            DirectiveKind::DisableNextLine,
        ]
        .into_iter()
        .find(|k| k.keyword() == keyword)
    }
}

/// One code (or rule name) written in a suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveCode {
    /// The code as written, inside the comment.
    pub span: Span,
    /// The code of the registered rule it names; `None` when it names no rule.
    pub rule: Option<&'static str>,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// The whole comment, `<!--` to `-->`.
    pub comment: Span,
    /// The keyword, e.g. `plan-lint-disable-next-line`.
    pub keyword: Span,
    /// The codes in the order written; empty means every rule.
    pub codes: Vec<DirectiveCode>,
}

impl Directive {
    /// Whether the comment names no code (and so every rule).
    pub fn all_rules(&self) -> bool {
        self.codes.is_empty()
    }
}

/// A directive, or one code of it: what takes the credit for a suppression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Target {
    /// Index into [`Suppressions::directives`].
    pub directive: usize,
    /// Index into the directive's `codes`; `None` for a comment without codes.
    pub code: Option<usize>,
}

/// A range of bytes where one rule is off, and the directive that switched it off.
#[derive(Debug, Clone, Copy)]
struct Range {
    /// Index into the registry's [`RuleNames`].
    rule: usize,
    start: usize,
    /// Exclusive; `usize::MAX` for "to the end of the file".
    end: usize,
    by: Target,
    /// From a `disable`…`enable` pair (true) or a line directive (false).
    switch: bool,
}

/// The ranges of one rule and kind, sorted by (start, directive), with the running
/// maximum of their ends: the first range holding an offset is found by two binary
/// searches, however many ranges there are (ranges may nest and overlap).
#[derive(Debug, Clone, Default)]
struct Covering {
    ranges: Vec<Range>,
    /// `max_end[i]`: the largest `end` of `ranges[..=i]`.
    max_end: Vec<usize>,
}

impl Covering {
    fn new(mut ranges: Vec<Range>) -> Self {
        ranges.sort_by_key(|r| (r.start, r.by));
        let max_end = ranges
            .iter()
            .scan(0, |max, r| {
                *max = (*max).max(r.end);
                Some(*max)
            })
            .collect();
        Covering { ranges, max_end }
    }

    /// The directive of the first range (by start, then directive) holding `offset`.
    fn first(&self, offset: usize) -> Option<Target> {
        // Ranges starting at or before `offset`…
        let started = self.ranges.partition_point(|r| r.start <= offset);
        // …and the first of them still open at `offset`: where the running maximum of
        // the ends first passes it (that range's own end does).
        let i = self.max_end.partition_point(|&e| e <= offset);
        (i < started).then(|| self.ranges[i].by)
    }
}

/// The suppression comments of one document and what they switch off.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    /// Every suppression comment, in document order.
    pub directives: Vec<Directive>,
    ranges: Vec<Range>,
    /// `ranges` grouped by (rule, switch) for lookups (see [`Covering`]).
    covering: HashMap<(usize, bool), Covering>,
    /// `enable` directives (or codes of them) that switched no rule back on.
    idle_enables: Vec<Target>,
    /// Directives (or codes) that suppressed at least one finding.
    used: HashSet<Target>,
    /// The rules a directive can name (the registry's, from the engine).
    names: &'static RuleNames,
    /// Codes whose findings no comment suppresses: the rules about the comments (the
    /// registry's suppression-phase rules, from the engine).
    unsuppressible: &'static [&'static str],
}

/// The rules a directive can name, in registry order: `(code, name)`. The engine passes
/// the registry's ([`crate::rules::names`]); this module does not read the registry, so
/// the rules that report on directives (PL901, PL902) sit above it without a cycle.
pub(crate) type RuleNames = [(&'static str, &'static str)];

/// The body of a suppression comment: the keyword, then codes.
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(plan-lint-(?:disable-next-line|disable-line|disable|enable))(?:\s|,|$)")
        .expect("suppression regex")
});

impl Suppressions {
    /// Reads the suppression comments of `doc` from its HTML spans (HTML blocks and
    /// inline HTML; never code).
    /// `names` are the rules a directive can name, `unsuppressible` the codes no
    /// directive suppresses (both the registry's: [`crate::rules::names`],
    /// [`crate::rules::unsuppressible`]).
    pub fn parse(
        doc: &Document,
        names: &'static RuleNames,
        unsuppressible: &'static [&'static str],
    ) -> Suppressions {
        let directives = directives(doc, names);
        let mut sup = Suppressions {
            directives,
            names,
            unsuppressible,
            ..Suppressions::default()
        };
        sup.build_ranges(doc);
        let mut groups: HashMap<(usize, bool), Vec<Range>> = HashMap::new();
        for r in &sup.ranges {
            groups.entry((r.rule, r.switch)).or_default().push(*r);
        }
        sup.covering = groups
            .into_iter()
            .map(|(key, ranges)| (key, Covering::new(ranges)))
            .collect();
        sup
    }

    /// Whether `doc` has no suppression comment.
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    /// Whether no comment suppresses the findings of rule `code` (PL901, PL902: the
    /// rules about the comments).
    pub fn is_unsuppressible(&self, code: &str) -> bool {
        self.unsuppressible.contains(&code)
    }

    /// Whether a finding of rule `code` starting at byte `offset` is suppressed.
    pub fn is_suppressed(&self, code: &str, offset: usize) -> bool {
        self.suppressed_by(code, offset).is_some()
    }

    /// The directive (and code) that suppresses a finding of rule `code` at `offset`:
    /// the `disable` range open first, else the first line directive. `None` when the
    /// finding is not suppressed (always for PL901 and PL902, and for unknown codes).
    pub fn suppressed_by(&self, code: &str, offset: usize) -> Option<Target> {
        if self.is_unsuppressible(code) {
            return None;
        }
        let rule = rule_index(self.names, code)?;
        let covering = |switch: bool| self.covering.get(&(rule, switch))?.first(offset);
        covering(true).or_else(|| covering(false))
    }

    /// Drops the suppressed findings (never PL901/PL902) and records which directives
    /// suppressed something, for [`Suppressions::unused`].
    pub fn filter(&mut self, diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.directives.is_empty() {
            return diags;
        }
        let mut kept = Vec::with_capacity(diags.len());
        for d in diags {
            match self.suppressed_by(d.code, d.span.start) {
                Some(target) => {
                    self.used.insert(target);
                }
                None => kept.push(d),
            }
        }
        kept
    }

    /// Directives and codes that did nothing, in document order: a `disable`,
    /// `disable-line` or `disable-next-line` (or one of its known codes) that
    /// suppressed no finding given to [`Suppressions::filter`], and an `enable` (or one
    /// of its known codes) that switched no rule back on. Unknown codes are not listed
    /// (they are PL901's).
    pub fn unused(&self) -> Vec<Target> {
        let mut out = Vec::new();
        for (i, d) in self.directives.iter().enumerate() {
            let targets: Vec<Target> = if d.all_rules() {
                vec![Target {
                    directive: i,
                    code: None,
                }]
            } else {
                d.codes
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.rule.is_some())
                    .map(|(j, _)| Target {
                        directive: i,
                        code: Some(j),
                    })
                    .collect()
            };
            for t in targets {
                let unused = match d.kind {
                    DirectiveKind::Enable => self.idle_enables.contains(&t),
                    _ => !self.used.contains(&t),
                };
                if unused {
                    out.push(t);
                }
            }
        }
        out
    }

    /// Every code in the comments that names no registered rule, with its directive.
    pub fn unknown(&self) -> impl Iterator<Item = (&Directive, &DirectiveCode)> {
        self.directives
            .iter()
            .flat_map(|d| d.codes.iter().map(move |c| (d, c)))
            .filter(|(_, c)| c.rule.is_none())
    }

    /// Turns the directives into per-rule byte ranges.
    fn build_ranges(&mut self, doc: &Document) {
        if self.directives.is_empty() {
            return;
        }
        let n = self.names.len();
        let line_count = doc.lines.line_count();
        // Where line `line` starts; line 1 from byte 0, so a BOM is inside it.
        let start_of = |line: usize| {
            if line <= 1 {
                0
            } else {
                doc.lines.line_start(line)
            }
        };
        // Where the line after `line` starts (`usize::MAX` after the last line).
        let end_of = |line: usize| {
            if line >= line_count {
                usize::MAX
            } else {
                doc.lines.line_start(line + 1)
            }
        };
        let mut open: Vec<Option<(usize, Target)>> = vec![None; n];
        for (i, d) in self.directives.iter().enumerate() {
            let first = doc.lines.line_of(d.comment.start);
            let last = doc
                .lines
                .line_of(d.comment.end.saturating_sub(1).max(d.comment.start));
            // (rule index, who takes the credit) for every rule the directive names.
            let targets: Vec<(usize, Target)> = if d.all_rules() {
                (0..n)
                    .map(|r| {
                        (
                            r,
                            Target {
                                directive: i,
                                code: None,
                            },
                        )
                    })
                    .collect()
            } else {
                d.codes
                    .iter()
                    .enumerate()
                    .filter_map(|(j, c)| {
                        Some((
                            rule_index(self.names, c.rule?)?,
                            Target {
                                directive: i,
                                code: Some(j),
                            },
                        ))
                    })
                    .collect()
            };
            match d.kind {
                DirectiveKind::Disable => {
                    for (r, t) in targets {
                        if open[r].is_none() {
                            open[r] = Some((start_of(first), t));
                        }
                    }
                }
                DirectiveKind::Enable => {
                    let mut closed: HashSet<Target> = HashSet::new();
                    for &(r, t) in &targets {
                        if let Some((start, by)) = open[r].take() {
                            self.ranges.push(Range {
                                rule: r,
                                start,
                                end: start_of(first),
                                by,
                                switch: true,
                            });
                            closed.insert(t);
                        }
                    }
                    let mut seen = HashSet::new();
                    for (_, t) in targets {
                        if seen.insert(t) && !closed.contains(&t) {
                            self.idle_enables.push(t);
                        }
                    }
                }
                DirectiveKind::DisableLine | DirectiveKind::DisableNextLine => {
                    let (from, to) = if d.kind == DirectiveKind::DisableLine {
                        (first, last)
                    } else {
                        (last + 1, last + 1)
                    };
                    if from > line_count {
                        continue; // no line after the comment
                    }
                    for (r, t) in targets {
                        self.ranges.push(Range {
                            rule: r,
                            start: start_of(from),
                            end: end_of(to),
                            by: t,
                            switch: false,
                        });
                    }
                }
            }
        }
        for (r, o) in open.into_iter().enumerate() {
            if let Some((start, by)) = o {
                self.ranges.push(Range {
                    rule: r,
                    start,
                    end: usize::MAX,
                    by,
                    switch: true,
                });
            }
        }
    }
}

/// Index of the rule with code `code` in `names`.
fn rule_index(names: &RuleNames, code: &str) -> Option<usize> {
    names.iter().position(|&(c, _)| c == code)
}

/// Every suppression comment of `doc`, in document order.
fn directives(doc: &Document, names: &RuleNames) -> Vec<Directive> {
    let mut spans = doc.html.clone();
    spans.sort();
    spans.dedup();
    let mut out = Vec::new();
    let mut last_end = 0;
    for span in spans {
        let text = doc.text(span);
        let mut at = 0;
        while let Some(open) = text[at..].find("<!--") {
            let body_start = at + open + 4;
            let Some(close) = text[body_start..].find("-->") else {
                break;
            };
            let body_end = body_start + close;
            let comment = Span::new(span.start + at + open, span.start + body_end + 3);
            at = body_end + 3;
            // Overlapping HTML spans (a block holding inline HTML) see a comment once.
            if comment.start < last_end {
                continue;
            }
            last_end = comment.end;
            if let Some(d) = directive(
                doc,
                names,
                comment,
                span.start + body_start,
                span.start + body_end,
            ) {
                out.push(d);
            }
        }
    }
    out
}

/// Reads one comment whose body is `body_start..body_end`.
fn directive(
    doc: &Document,
    names: &RuleNames,
    comment: Span,
    body_start: usize,
    body_end: usize,
) -> Option<Directive> {
    let body = &doc.source[body_start..body_end];
    let caps = DIRECTIVE.captures(body)?;
    let kw = caps.get(1)?;
    let kind = DirectiveKind::from_keyword(kw.as_str())?;
    let mut codes = Vec::new();
    let rest_start = kw.end();
    let rest = &body[rest_start..];
    let mut token_start: Option<usize> = None;
    let mut push = |s: usize, e: usize| {
        let word = &rest[s..e];
        codes.push(DirectiveCode {
            span: Span::new(body_start + rest_start + s, body_start + rest_start + e),
            // The registry's `find`: a code in any case, or a rule's exact name.
            rule: names
                .iter()
                .find(|&&(c, n)| c.eq_ignore_ascii_case(word) || n == word)
                .map(|&(c, _)| c),
        });
    };
    for (i, c) in rest.char_indices() {
        let separator = c.is_whitespace() || c == ',';
        match (separator, token_start) {
            (true, Some(s)) => {
                push(s, i);
                token_start = None;
            }
            (false, None) => token_start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = token_start {
        push(s, rest.len());
    }
    Some(Directive {
        kind,
        comment,
        keyword: Span::new(body_start + kw.start(), body_start + kw.end()),
        codes,
    })
}

#[cfg(test)]
mod tests {

    /// [`Covering::first`] agrees with the scan it replaces, on nested, overlapping,
    /// touching and open-ended ranges (a deterministic pseudo-random sample).
    #[test]
    fn covering_agrees_with_a_scan() {
        let mut next = crate::test_rng::xorshift(0x2545_f491_4f6c_dd1du64);
        for _ in 0..200 {
            let ranges: Vec<Range> = (0..next(12))
                .map(|d| {
                    let start = next(40);
                    let end = if next(5) == 0 {
                        usize::MAX
                    } else {
                        start + next(15)
                    };
                    Range {
                        rule: 0,
                        start,
                        end,
                        by: Target {
                            directive: next(4).max(d % 3),
                            code: None,
                        },
                        switch: true,
                    }
                })
                .collect();
            let covering = Covering::new(ranges.clone());
            for offset in 0..60 {
                let scan = ranges
                    .iter()
                    .filter(|r| r.start <= offset && offset < r.end)
                    .min_by_key(|r| (r.start, r.by))
                    .map(|r| r.by);
                assert_eq!(covering.first(offset), scan, "{ranges:?} at {offset}");
            }
        }
    }
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    fn parse(src: &str) -> (Document, Suppressions) {
        let doc = crate::document::parse::parse(Path::new("EXPORT/plan_a.md"), Arc::from(src));
        let sup = Suppressions::parse(&doc, crate::rules::names(), crate::rules::unsuppressible());
        (doc, sup)
    }

    fn at(src: &str, needle: &str) -> usize {
        src.find(needle).unwrap_or_else(|| panic!("no {needle:?}"))
    }

    #[test]
    fn reads_every_form_and_its_codes() {
        let src = "<!-- plan-lint-disable PL101, PL102 -->\n\
                   <!-- plan-lint-enable -->\n\
                   a <!-- plan-lint-disable-line hedging --> b\n\
                   <!--plan-lint-disable-next-line\tPL999-->\n\
                   <!-- plan-lint-disabled PL101 -->\n\
                   <!-- just a comment -->\n\
                   `<!-- plan-lint-disable -->`\n";
        let (doc, sup) = parse(src);
        let kinds: Vec<_> = sup.directives.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                DirectiveKind::Disable,
                DirectiveKind::Enable,
                DirectiveKind::DisableLine,
                DirectiveKind::DisableNextLine
            ]
        );
        let codes = |i: usize| -> Vec<(&str, Option<&str>)> {
            sup.directives[i]
                .codes
                .iter()
                .map(|c| (doc.text(c.span), c.rule))
                .collect()
        };
        assert_eq!(
            codes(0),
            [("PL101", Some("PL101")), ("PL102", Some("PL102"))]
        );
        assert!(sup.directives[1].all_rules());
        assert_eq!(codes(2), [("hedging", Some("PL101"))]);
        assert_eq!(codes(3), [("PL999", None)]);
        assert_eq!(
            doc.text(sup.directives[3].keyword),
            "plan-lint-disable-next-line"
        );
        assert_eq!(sup.unknown().count(), 1);
    }

    #[test]
    fn ranges_follow_lines() {
        let src = "one\n<!-- plan-lint-disable PL101 -->\ntwo\nthree <!-- plan-lint-enable PL101 -->\nfour\n";
        let (_, sup) = parse(src);
        assert!(!sup.is_suppressed("PL101", at(src, "one")));
        assert!(sup.is_suppressed("PL101", at(src, "two")));
        assert!(!sup.is_suppressed("PL101", at(src, "three")));
        assert!(!sup.is_suppressed("PL101", at(src, "four")));
        assert!(!sup.is_suppressed("PL102", at(src, "two")));
    }

    #[test]
    fn unclosed_disable_runs_to_the_end_and_covers_the_end_offset() {
        let src = "one\n<!-- plan-lint-disable -->\ntwo";
        let (_, sup) = parse(src);
        assert!(sup.is_suppressed("PL004", src.len()));
        assert!(sup.is_suppressed("PL101", at(src, "two")));
        assert!(!sup.is_suppressed("PL101", 0));
        assert!(!sup.is_suppressed("PL901", at(src, "two")));
        assert!(!sup.is_suppressed("PL902", at(src, "two")));
    }

    #[test]
    fn all_then_enable_one_keeps_the_others_off() {
        let src = "<!-- plan-lint-disable -->\n<!-- plan-lint-enable PL101 -->\nx\n";
        let (_, sup) = parse(src);
        assert!(!sup.is_suppressed("PL101", at(src, "x")));
        assert!(sup.is_suppressed("PL102", at(src, "x")));
    }

    #[test]
    fn credit_goes_to_the_range_opened_first() {
        let src = "<!-- plan-lint-disable PL101 -->\n<!-- plan-lint-disable -->\n<!-- plan-lint-disable-next-line PL101 -->\nx\n";
        let (_, sup) = parse(src);
        assert_eq!(
            sup.suppressed_by("PL101", at(src, "x")),
            Some(Target {
                directive: 0,
                code: Some(0)
            })
        );
        assert_eq!(
            sup.suppressed_by("PL102", at(src, "x")),
            Some(Target {
                directive: 1,
                code: None
            })
        );
    }

    #[test]
    fn next_line_after_the_last_line_suppresses_nothing() {
        let src = "x <!-- plan-lint-disable-next-line -->";
        let (_, sup) = parse(src);
        assert_eq!(sup.directives.len(), 1);
        assert!(!sup.is_suppressed("PL101", 0));
        assert_eq!(sup.unused().len(), 1);
    }

    #[test]
    fn an_enable_that_closes_nothing_is_unused() {
        let src = "<!-- plan-lint-disable PL101 -->\n<!-- plan-lint-enable PL101 PL102 -->\n";
        let (_, sup) = parse(src);
        let unused = sup.unused();
        // the disable (nothing filtered) and the enable's PL102
        assert_eq!(
            unused,
            [
                Target {
                    directive: 0,
                    code: Some(0)
                },
                Target {
                    directive: 1,
                    code: Some(1)
                }
            ]
        );
    }
}
