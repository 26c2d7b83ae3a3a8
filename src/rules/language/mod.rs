//! Language rules (PL1xx): read prose only (text outside code spans, code blocks, HTML
//! and link destinations or URLs); PL105 reads the whole file.
//!
//! The lexicon rules (PL101–PL104) match on the text as it *looks*: the invisible
//! characters of [`invisible_character::is_invisible`] (zero-width spaces, soft
//! hyphens, bidi controls, …) are removed first, so `sho\u{200B}uld` is `should`. The
//! spans they report are mapped back to the original bytes ([`Visible::span`]): a span
//! starts at the first visible character of the match and ends after its last one, with
//! the invisible characters between them included, so a fix that replaces the span also
//! removes them.
//!
//! The title is a name, not prose: the lexicon rules never read the plan's title
//! heading (`# Plan: Should Retry (should-retry)`): neither the feature name nor the
//! slug is reported, and no fix rewrites them ([`title_span`]). PL104 alone still
//! reports a title whose whole feature name or whole slug is a placeholder
//! (`# Plan: <Feature Name> ([feat_name])`, `# Plan: TBD (tbd)`): then the plan has no
//! name at all.

pub(crate) mod back_reference;
pub(crate) mod hedging;
pub(crate) mod invisible_character;
pub(crate) mod placeholder;
pub(crate) mod sentence;
pub(crate) mod weak_wording;

use crate::document::model::Document;
use crate::document::source::Span;
use invisible_character::is_invisible;
use regex::Regex;
use std::borrow::Cow;
use std::sync::LazyLock;

/// A run of source text with its invisible characters removed, and the way back from
/// offsets in the visible text to offsets in the source.
#[derive(Debug)]
pub(crate) struct Visible<'a> {
    /// The text without invisible characters (borrowed when it has none).
    pub text: Cow<'a, str>,
    /// Where each kept stretch of the source starts: (offset in `text`, offset in the
    /// source). Sorted by both; empty only when `text` is empty.
    stretches: Vec<(usize, usize)>,
}

impl<'a> Visible<'a> {
    /// The visible text of `span` of `source`.
    pub(crate) fn new(source: &'a str, span: Span) -> Self {
        let raw = &source[span.start..span.end];
        // Every invisible character is outside ASCII.
        if raw.is_ascii() || !raw.chars().any(is_invisible) {
            return Visible {
                text: Cow::Borrowed(raw),
                stretches: if raw.is_empty() {
                    Vec::new()
                } else {
                    vec![(0, span.start)]
                },
            };
        }
        let mut text = String::with_capacity(raw.len());
        let mut stretches = Vec::new();
        let mut kept_from = 0;
        for (i, c) in raw.char_indices() {
            if is_invisible(c) {
                if kept_from < i {
                    stretches.push((text.len(), span.start + kept_from));
                    text.push_str(&raw[kept_from..i]);
                }
                kept_from = i + c.len_utf8();
            }
        }
        if kept_from < raw.len() {
            stretches.push((text.len(), span.start + kept_from));
            text.push_str(&raw[kept_from..]);
        }
        Visible {
            text: Cow::Owned(text),
            stretches,
        }
    }

    /// The source span of `start..end` of the visible text: from the source offset of
    /// its first character to the end of its last one (invisible characters before and
    /// after the match are left out, those inside it kept).
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        let at = |i: usize, v: usize| {
            let (vis, src) = self.stretches[i];
            src + (v - vis)
        };
        let Some(first) = self
            .stretches
            .partition_point(|s| s.0 <= start)
            .checked_sub(1)
        else {
            return Span::empty(0);
        };
        let from = at(first, start);
        if end <= start {
            return Span::empty(from);
        }
        let last = self.stretches.partition_point(|s| s.0 < end) - 1;
        Span::new(from, at(last, end))
    }
}

/// A regex compiled only for a text that can hold one of its matches. `gate` is a
/// cheap pattern (a keyword) that every match of `full` contains, so a text the gate
/// rejects has no match of `full`, and `full` (whose Unicode classes take milliseconds
/// to compile) is never built in a run whose plans lack the keyword. The results are
/// those of `full` alone; each gate's test checks that its regex's matches contain it.
pub(crate) struct Gated {
    gate: LazyLock<Regex>,
    full: LazyLock<Regex>,
}

impl Gated {
    pub(crate) const fn new(gate: fn() -> Regex, full: fn() -> Regex) -> Gated {
        Gated {
            gate: LazyLock::new(gate),
            full: LazyLock::new(full),
        }
    }

    /// The full regex, when `text` passes the gate (else it cannot match there).
    pub(crate) fn for_text(&self, text: &str) -> Option<&Regex> {
        self.gate.is_match(text).then(|| &*self.full)
    }

    /// Asserts, for tests, that each of `texts` matches the full regex and that every
    /// match contains a match of the gate (what makes the gate exact).
    #[cfg(test)]
    pub(crate) fn assert_gate_holds(&self, texts: &[&str]) {
        for text in texts {
            assert!(self.full.is_match(text), "{text:?} matches");
            assert!(
                self.full
                    .find_iter(text)
                    .all(|m| self.gate.is_match(m.as_str())),
                "{text:?}: a match without the gate"
            );
            assert!(self.for_text(text).is_some(), "{text:?} passes the gate");
        }
    }

    /// Whether the full regex has been compiled, for tests.
    #[cfg(test)]
    pub(crate) fn compiled(&self) -> bool {
        LazyLock::get(&self.full).is_some()
    }
}

/// [`visible_matches`] with a [`Gated`] regex: the same matches, and no compilation
/// when no run passes the gate.
pub(crate) fn visible_matches_gated(
    doc: &Document,
    runs: impl IntoIterator<Item = Span>,
    re: &Gated,
) -> Vec<(Span, String)> {
    matches_with(doc, runs, |text| re.for_text(text))
}

/// Every match of `re` in the visible text of `runs`: the source span and the matched
/// visible text.
pub(crate) fn visible_matches(
    doc: &Document,
    runs: impl IntoIterator<Item = Span>,
    re: &Regex,
) -> Vec<(Span, String)> {
    matches_with(doc, runs, |_| Some(re))
}

/// Every match, in the visible text of each run, of the regex `re_for` gives for that
/// text (none when it gives none).
fn matches_with<'r>(
    doc: &Document,
    runs: impl IntoIterator<Item = Span>,
    re_for: impl Fn(&str) -> Option<&'r Regex>,
) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for run in runs {
        let visible = Visible::new(&doc.source, run);
        let Some(re) = re_for(&visible.text) else {
            continue;
        };
        for m in re.find_iter(&visible.text) {
            out.push((visible.span(m.start(), m.end()), m.as_str().to_string()));
        }
    }
    out
}

/// Calls `f` with capture `group` of every match of `re` in the visible text of
/// `runs` (matches where the group took no part are skipped), and the run's
/// [`Visible`] text, which maps offsets of the capture back to the source.
pub(crate) fn visible_captures<'d>(
    doc: &'d Document,
    runs: impl IntoIterator<Item = Span>,
    re: &Gated,
    group: usize,
    mut f: impl FnMut(&Visible<'d>, regex::Match<'_>),
) {
    for run in runs {
        let visible = Visible::new(&doc.source, run);
        let Some(re) = re.for_text(&visible.text) else {
            continue;
        };
        for m in re.captures_iter(&visible.text).filter_map(|c| c.get(group)) {
            f(&visible, m);
        }
    }
}

/// The lexicon rules' matches: every match of `re` in the visible text of the
/// document's prose, outside the title heading ([`title_span`]).
pub(crate) fn prose_matches(doc: &Document, re: &Regex) -> Vec<(Span, String)> {
    visible_matches(doc, lexicon_runs(doc), re)
}

/// The prose runs the lexicon rules read: every run of the document's prose except
/// those inside the title heading.
pub(crate) fn lexicon_runs(doc: &Document) -> impl Iterator<Item = Span> + '_ {
    let title = title_span(doc);
    doc.prose
        .iter()
        .copied()
        .filter(move |run| !title.is_some_and(|t| t.contains(*run)))
}

/// The text of the plan's title heading (the first block, when it is an H1): a
/// feature name and its slug, which the lexicon rules never read.
pub(crate) fn title_span(doc: &Document) -> Option<Span> {
    doc.title().map(|h| h.text_span)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::config::Config;
    use crate::engine::lint::Linter;
    use crate::workspace::fs_view::FsView;
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    /// A gated regex is compiled only once a text passes its gate, and then finds what
    /// the regex alone finds.
    #[test]
    fn gated_regex_compiles_only_for_a_text_passing_the_gate() {
        static G: Gated = Gated::new(
            || Regex::new("(?i)above").expect("gate"),
            || Regex::new(r"(?i)\bthe\s+\w+\s+above\b").expect("full"),
        );
        assert!(G.for_text("nothing here").is_none());
        assert!(!G.compiled(), "a text without the keyword compiles nothing");
        let re = G
            .for_text("as in the table ABOVE")
            .expect("passes the gate");
        assert!(G.compiled());
        assert_eq!(re.find("as in the table ABOVE").map(|m| m.start()), Some(6));
    }

    #[test]
    fn visible_spans_map_back_to_the_source() {
        let src = "a sho\u{200B}uld\u{200B} b \u{202E}x";
        let v = Visible::new(src, Span::new(0, src.len()));
        assert_eq!(v.text, "a should b x");
        // `should`: starts at `s`, ends after `d`, the inner ZWSP included.
        let s = v.span(2, 8);
        assert_eq!(&src[s.start..s.end], "sho\u{200B}uld");
        // `b`: the invisible characters around it are left out.
        let b = v.span(9, 10);
        assert_eq!(&src[b.start..b.end], "b");
        // `x` after the override.
        let x = v.span(11, 12);
        assert_eq!(&src[x.start..x.end], "x");
        // An empty match maps to a point.
        assert!(v.span(3, 3).is_empty());
        // A run of only invisible characters has no visible text.
        let only = "\u{200B}\u{00AD}";
        assert_eq!(Visible::new(only, Span::new(0, only.len())).text, "");
    }

    /// (code, line, column, spanned source text) of every finding of `code` alone.
    fn findings(code: &str, src: &str) -> Vec<(&'static str, usize, usize, String)> {
        let rule = crate::rules::find(code).unwrap();
        let linter = Linter::with_rules(
            Config::defaults(PathBuf::from(".")),
            vec![(rule, rule.meta().severity)],
        );
        let fs = FsView::new(crate::rules::tester::fixture_repo());
        let path = Path::new("EXPORT/plan_a.md");
        let doc = crate::document::parse::parse(path, Arc::from(src));
        linter
            .lint_document(&doc, &fs, Some(path))
            .iter()
            .map(|d| {
                let lc = doc.line_col(d.span.start);
                (d.code, lc.line, lc.column, doc.text(d.span).to_string())
            })
            .collect()
    }

    /// Each lexicon rule finds its word with a zero-width space, a soft hyphen, a bidi
    /// override or a left-to-right mark inside it, at the column of the original text
    /// (characters before it, invisible ones included, count as columns).
    #[test]
    fn lexicon_rules_see_through_invisible_characters() {
        let cases: &[(&str, &str)] = &[
            ("PL101", "should"),
            ("PL102", "maybe"),
            ("PL103", "as discussed above"),
            ("PL104", "TODO"),
        ];
        for &(code, word) in cases {
            for inv in ['\u{200B}', '\u{00AD}', '\u{202E}', '\u{200E}', '\u{2066}'] {
                // The invisible character after the second character of the word, and
                // one before it on the line (a column of its own).
                let mut chars = word.chars();
                let head: String = chars.by_ref().take(2).collect();
                let tail: String = chars.collect();
                let hidden = format!("{head}{inv}{tail}");
                let src = format!("Intro line.\n\n- \u{200B}é: {hidden} here.\n");
                let found = findings(code, &src);
                assert_eq!(
                    found,
                    vec![(code, 3, 7, hidden.clone())],
                    "{code} with U+{:04X} in `{word}`",
                    inv as u32
                );
            }
        }
    }

    /// An invisible character before or after a word is not part of its span.
    #[test]
    fn invisible_characters_around_a_match_are_not_in_its_span() {
        let found = findings("PL101", "It \u{200B}should\u{200D} pass.\n");
        assert_eq!(found, vec![("PL101", 1, 5, "should".to_string())]);
        let found = findings("PL101", "It should\u{200B} not pass.\n");
        assert_eq!(
            found,
            vec![("PL101", 1, 4, "should\u{200B} not".to_string())]
        );
    }
}
