//! PL503 `marker-format`: near misses of the confirmation marker in prose.
//!
//! The near misses are derived from the configured marker: its brackets, its leading
//! tag (the words before the first all-letter word: `0o0o` in the default) and its
//! phrase (the remaining words: `NEEDS CONFIRMATION`). Other markers planners copy from
//! elsewhere (`NEEDS CLARIFICATION`, spec-kit's) count as the phrase too. A match is a
//! near miss when it differs from the marker in case, separators, tag, brackets or
//! phrase; an unbracketed phrase without the tag counts only when written upper-case
//! (lower-case "needs confirmation" is ordinary prose).

use super::helpers::in_section_heading;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::blocks::prose_occurrences;
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use regex::{Captures, Regex, RegexBuilder};

pub(crate) struct MarkerFormat;

static META: RuleMeta = RuleMeta {
    code: "PL503",
    name: "marker-format",
    severity: Severity::Error,
    summary: "No near misses of the confirmation marker (`[NEEDS CONFIRMATION]`, `[NEEDS CLARIFICATION]`, other case, missing bracket).",
    group: crate::rules::Group::Markers,
    fix: crate::rules::FixAvailability::Sometimes(crate::diagnostic::Applicability::Safe),
    phase: crate::rules::Phase::Document,
};

/// Phrases of markers other tools and prompts use, read as near misses too.
const KNOWN_PHRASES: &[&str] = &["NEEDS CONFIRMATION", "NEEDS CLARIFICATION"];

/// The configured marker taken apart.
struct Shape {
    bracketed: bool,
    /// Words before the first all-letter word, space-joined (`0o0o`); may be empty.
    tag: String,
    /// The remaining words, space-joined (`NEEDS CONFIRMATION`); may be empty.
    phrase: String,
}

impl Shape {
    fn of(marker: &str) -> Shape {
        let m = marker.trim();
        let (bracketed, inner) = match m.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            Some(inner) => (true, inner),
            None => (false, m),
        };
        let words: Vec<&str> = inner.split_whitespace().collect();
        let split = words
            .iter()
            .position(|w| w.chars().all(char::is_alphabetic))
            .unwrap_or(words.len());
        Shape {
            bracketed,
            tag: words[..split].join(" "),
            phrase: words[split..].join(" "),
        }
    }
}

/// A phrase as a pattern: its words separated by any run of blanks, `-` or `_`.
fn words_pattern(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"[\s_-]+")
}

/// The near-miss regex for a marker shape, or `None` when nothing can be derived.
/// [`near_miss_regex`] compiled once per marker text for the whole run (it used to be
/// compiled for every document, a sixth of a run's CPU time).
fn cached_near_miss_regex(marker: &str, shape: &Shape) -> Option<Regex> {
    static CACHE: RegexCache = std::sync::OnceLock::new();
    cached(&CACHE, marker, || near_miss_regex(shape))
}

/// One regex per marker text for the whole run, built by `build` on first use.
type RegexCache =
    std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<String, Option<Regex>>>>;

fn cached(
    cache: &'static RegexCache,
    marker: &str,
    build: impl FnOnce() -> Option<Regex>,
) -> Option<Regex> {
    let cache = cache.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|m| m.get(marker).cloned()) {
        return hit;
    }
    let re = build();
    if let Ok(mut m) = cache.lock() {
        m.insert(marker.to_string(), re.clone());
    }
    re
}

fn near_miss_regex(shape: &Shape) -> Option<Regex> {
    let mut phrases: Vec<String> = Vec::new();
    for p in std::iter::once(shape.phrase.as_str()).chain(KNOWN_PHRASES.iter().copied()) {
        if !p.is_empty() && !phrases.iter().any(|q| q.eq_ignore_ascii_case(p)) {
            phrases.push(p.to_string());
        }
    }
    if phrases.is_empty() {
        return None;
    }
    let phrase = phrases
        .iter()
        .map(|p| words_pattern(p))
        .collect::<Vec<_>>()
        .join("|");
    let close = r"(?P<close>[ \t]*\\?\])?";
    // A: an opening bracket, any tag-like word, the phrase; B: the configured tag
    // without a bracket; C: the phrase alone.
    let mut alternatives = vec![format!(
        r"(?P<open>\\?\[)(?P<pad>[ \t]*)(?:(?P<tag>[^\s\[\]]+?)[ \t_:-]+)?\b(?P<phrase>{phrase})\b{close}"
    )];
    if !shape.tag.is_empty() {
        alternatives.push(format!(
            r"(?P<tag2>{})[ \t_:-]+\b(?P<phrase2>{phrase})\b(?P<close2>[ \t]*\\?\])?",
            words_pattern(&shape.tag)
        ));
    }
    alternatives.push(format!(
        r"\b(?P<phrase3>{phrase})\b(?P<close3>[ \t]*\\?\])?"
    ));
    RegexBuilder::new(&alternatives.join("|"))
        .case_insensitive(true)
        .build()
        .ok()
}

/// One match taken apart.
struct Found<'t> {
    open: Option<&'t str>,
    pad: &'t str,
    tag: Option<&'t str>,
    phrase: &'t str,
    close: Option<&'t str>,
}

impl<'t> Found<'t> {
    fn of(c: &Captures<'t>) -> Found<'t> {
        let get = |names: &[&str]| names.iter().find_map(|n| c.name(n)).map(|m| m.as_str());
        Found {
            open: get(&["open"]),
            pad: get(&["pad"]).unwrap_or(""),
            tag: get(&["tag", "tag2"]),
            phrase: get(&["phrase", "phrase2", "phrase3"]).unwrap_or(""),
            close: get(&["close", "close2", "close3"]),
        }
    }

    /// Whether the match is a marker at all (not ordinary prose).
    fn is_marker_like(&self) -> bool {
        if self.open.is_some() || self.close.is_some() || self.tag.is_some() {
            return true;
        }
        // an unbracketed phrase: only upper-case and of two words or more
        self.phrase.split_whitespace().count() >= 2
            && self.phrase.chars().any(char::is_alphabetic)
            && !self.phrase.chars().any(char::is_lowercase)
    }

    /// What differs from the configured marker; empty when nothing does. `closed_later`:
    /// a `]` follows later on the line (spec-kit's `[NEEDS CLARIFICATION: question]`).
    fn differences(&self, shape: &Shape, closed_later: bool) -> Vec<String> {
        let mut why = Vec::new();
        let words: Vec<&str> = self
            .phrase
            .split(|c: char| c.is_whitespace() || c == '-' || c == '_')
            .filter(|w| !w.is_empty())
            .collect();
        let normal = words.join(" ");
        let mut case = false;
        if !normal.eq_ignore_ascii_case(&shape.phrase) {
            let other = normal.to_uppercase();
            if other == "NEEDS CLARIFICATION" {
                why.push(format!("spec-kit's `{other}`"));
            } else {
                why.push(format!("`{other}` instead of `{}`", shape.phrase));
            }
        } else if normal != shape.phrase {
            case = true;
        }
        match (self.tag, shape.tag.as_str()) {
            (None, "") => {}
            (None, tag) => why.push(format!("no `{tag}`")),
            (Some(t), "") => why.push(format!("an extra `{t}`")),
            (Some(t), tag) => {
                if t.eq_ignore_ascii_case(tag) {
                    case |= t != tag;
                } else {
                    why.push(format!("`{t}` instead of `{tag}`"));
                }
            }
        }
        if let Some(sep) = self.phrase.chars().find(|c| *c == '-' || *c == '_') {
            why.push(format!("words joined by `{sep}`"));
        } else if self.phrase.split(' ').any(str::is_empty)
            || self.phrase.contains(['\t', '\n', '\r'])
        {
            why.push("extra blanks between the words".to_string());
        }
        if shape.bracketed {
            match (self.open, self.close) {
                (None, None) => why.push("no brackets".to_string()),
                (None, Some(_)) => why.push("no `[`".to_string()),
                (Some(_), None) if closed_later => {
                    why.push("the question is inside the brackets".to_string())
                }
                (Some(_), None) => why.push("no `]`".to_string()),
                (Some(o), Some(c)) => {
                    if o.starts_with('\\') || c.trim_start().starts_with('\\') {
                        why.push("escaped brackets".to_string());
                    }
                    if !self.pad.is_empty() || c.starts_with([' ', '\t']) {
                        why.push("blanks inside the brackets".to_string());
                    }
                }
            }
        }
        if case {
            why.push("other case".to_string());
        }
        why
    }
}

impl Rule for MarkerFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let marker = &ctx.contract.marker;
        near_misses(ctx)
            .into_iter()
            .map(|n| {
                let d = self
                    .report(
                        n.span,
                        format!("near miss of the confirmation marker: {}", n.why.join(", ")),
                    )
                    .with_label(format!("not `{marker}`"))
                    .with_help(format!(
                        "write `{marker}` exactly, then one specific question ending in `?`"
                    ));
                if n.fixable {
                    d.with_fix(Fix::replace(
                        Applicability::Safe,
                        format!("Write `{marker}`"),
                        n.span,
                        marker.clone(),
                    ))
                } else {
                    d
                }
            })
            .collect()
    }
}

/// One near miss of the marker in prose.
pub(crate) struct NearMiss {
    pub span: Span,
    /// What differs from the marker.
    pub why: Vec<String>,
    /// Whether replacing the span by the marker is the whole repair.
    pub fixable: bool,
}

/// The near misses of the configured marker in the document's prose, in document
/// order, without overlaps. Shared with PL501, which does not report an Open
/// Questions item whose marker is misspelt a second time.
pub(crate) fn near_misses(ctx: &Context<'_>) -> Vec<NearMiss> {
    let doc = ctx.doc;
    let marker = &ctx.contract.marker;
    let shape = Shape::of(marker);
    let Some(re) = cached_near_miss_regex(marker, &shape) else {
        return Vec::new();
    };
    let typo_re = cached_typo_regex(marker, &shape);
    let exact = prose_occurrences(doc, marker);
    let overlaps_exact = |span: Span| {
        // `exact` is in document order and its spans do not overlap: only the last one
        // starting before `span` ends can overlap it.
        let before = exact.partition_point(|e| e.start < span.end);
        before
            .checked_sub(1)
            .is_some_and(|i| span.start < exact[i].end)
    };
    let mut out: Vec<NearMiss> = Vec::new();
    for run in &doc.prose {
        let text = doc.text(*run);
        let first = out.len();
        for c in re.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            let span = Span::new(run.start + m.start(), run.start + m.end());
            if overlaps_exact(span) || in_section_heading(ctx, span) {
                continue;
            }
            let found = Found::of(&c);
            if !found.is_marker_like() {
                continue;
            }
            let line_end = doc.lines.line_end(&doc.source, doc.lines.line_of(span.end));
            let line_rest = &doc.source[span.end..line_end.max(span.end)];
            let closed_later = line_rest.contains(']');
            let why = found.differences(&shape, closed_later);
            if why.is_empty() {
                continue;
            }
            out.push(NearMiss {
                span,
                why,
                fixable: fixable(doc.text(span), found.open.is_some(), closed_later),
            });
        }
        // Misspelt words of the phrase (`CONFIRMATON`, `NEED`): anchored by the bracket
        // or the tag, within edit distance 2 of the phrase.
        let Some(typo_re) = &typo_re else { continue };
        for c in typo_re.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            let span = Span::new(run.start + m.start(), run.start + m.end());
            if out[first..]
                .iter()
                .any(|n| n.span.start < span.end && span.start < n.span.end)
                || overlaps_exact(span)
                || in_section_heading(ctx, span)
            {
                continue;
            }
            let phrase = c.name("phrase").map_or("", |m| m.as_str());
            let tag = c.name("tag").or_else(|| c.name("tag2")).map(|m| m.as_str());
            // Without the tag, only an upper-case phrase is marker-like: "[needs
            // confirmations from ops]" is prose in brackets.
            if tag.is_none() && phrase.chars().any(char::is_lowercase) {
                continue;
            }
            let words: Vec<&str> = phrase
                .split([' ', '\t', '_', '-'])
                .filter(|w| !w.is_empty())
                .collect();
            let normal = words.join(" ").to_uppercase();
            let distance = bounded_distance(&normal, &shape.phrase.to_uppercase(), 2);
            if !matches!(distance, Some(1..=2)) {
                continue;
            }
            let open = c.name("open").is_some();
            let close = c.name("close").is_some();
            let mut why = vec![format!("`{normal}` instead of `{}`", shape.phrase)];
            if shape.bracketed && !(open && close) {
                why.push(match (open, close) {
                    (false, false) => "no brackets".to_string(),
                    (false, true) => "no `[`".to_string(),
                    _ => "no `]`".to_string(),
                });
            }
            match tag {
                None if !shape.tag.is_empty() => why.push(format!("no `{}`", shape.tag)),
                Some(t) if t != shape.tag => why.push("other case".to_string()),
                _ => {}
            }
            let line_end = doc.lines.line_end(&doc.source, doc.lines.line_of(span.end));
            let closed_later = doc.source[span.end..line_end.max(span.end)].contains(']');
            out.push(NearMiss {
                span,
                why,
                fixable: fixable(doc.text(span), open, closed_later),
            });
        }
        out[first..].sort_by_key(|n| n.span.start);
    }
    out
}

/// Whether replacing a near miss by the marker repairs it: a whole bracketed near miss,
/// a bare one, or one missing only its `]` (nothing closes it later on the line). A
/// spec-kit marker holding its question inside the brackets
/// (`[NEEDS CLARIFICATION: which?]`) needs the author to move the question.
fn fixable(written: &str, open: bool, closed_later: bool) -> bool {
    let bracketed =
        written.starts_with('[') && written.ends_with(']') && !written[1..].contains(':');
    let bare = !written.contains(['[', ']']);
    let unclosed = open && written.starts_with('[') && !written.contains(']') && !closed_later;
    bracketed || bare || unclosed
}

#[doc(hidden)]
pub(crate) mod work {
    //! Work counter for the linear-time tests: edit-distance cells computed by this thread.
    use std::cell::Cell;
    thread_local! {
        pub static CELLS: Cell<u64> = const { Cell::new(0) };
    }
    #[cfg(test)]
    pub(crate) fn cells() -> u64 {
        CELLS.with(Cell::get)
    }
}

/// Levenshtein distance of `a` and `b` (chars) when it is at most `max`, else `None`.
/// Both are a few words long: the typo regex bounds the candidate's length.
fn bounded_distance(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        work::CELLS.with(|c| c.set(c.get() + b.len() as u64));
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|d| *d <= max)
}

/// The typo regex for a marker shape: the phrase's words as letter runs of about their
/// length (±2), after an opening bracket or the configured tag. `None` when the phrase
/// is not made of letter words.
fn cached_typo_regex(marker: &str, shape: &Shape) -> Option<Regex> {
    static CACHE: RegexCache = std::sync::OnceLock::new();
    cached(&CACHE, marker, || typo_regex(shape))
}

fn typo_regex(shape: &Shape) -> Option<Regex> {
    let words: Vec<&str> = shape.phrase.split_whitespace().collect();
    if words.is_empty() || !words.iter().all(|w| w.chars().all(char::is_alphabetic)) {
        return None;
    }
    let phrase = words
        .iter()
        .map(|w| {
            let n = w.chars().count();
            format!(r"\p{{L}}{{{},{}}}", n.saturating_sub(2).max(1), n + 2)
        })
        .collect::<Vec<_>>()
        .join(r"[ \t_-]+");
    let close = r"(?P<close>[ \t]*\])?";
    let pattern = if shape.tag.is_empty() {
        format!(r"(?P<open>\[)[ \t]*\b(?P<phrase>{phrase})\b{close}")
    } else {
        let tag = words_pattern(&shape.tag);
        format!(
            r"(?:(?P<open>\[)[ \t]*(?:(?P<tag>{tag})[ \t_:-]+)?|(?P<tag2>{tag})[ \t_:-]+)\b(?P<phrase>{phrase})\b{close}"
        )
    };
    RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .build()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn shapes() {
        let s = Shape::of("[0o0o NEEDS CONFIRMATION]");
        assert!(s.bracketed);
        assert_eq!(
            (s.tag.as_str(), s.phrase.as_str()),
            ("0o0o", "NEEDS CONFIRMATION")
        );
        let s = Shape::of("ASK BEFORE CODING:");
        assert!(!s.bracketed);
        assert_eq!(
            (s.tag.as_str(), s.phrase.as_str()),
            ("", "ASK BEFORE CODING:")
        );
    }

    /// Codes and spanned texts of the marker rules' findings under a configured marker.
    fn with_marker(marker: &str, src: &str) -> Vec<(&'static str, String)> {
        use crate::engine::config::Config;
        use crate::engine::lint::Linter;
        use crate::workspace::fs_view::FsView;
        use std::sync::Arc;
        let mut config = Config::defaults(".".into());
        config.contract.marker = marker.to_string();
        let rules = crate::rules::matching("PL5")
            .into_iter()
            .map(|r| (r, r.meta().severity))
            .collect();
        let linter = Linter::with_rules(config, rules);
        let path = std::path::Path::new("EXPORT/plan_a.md");
        let doc = crate::document::parse::parse(path, Arc::from(src));
        linter
            .lint_document(&doc, &FsView::new("."), Some(path))
            .into_iter()
            .map(|d| (d.code, doc.text(d.span).to_string()))
            .collect()
    }

    #[test]
    fn configured_marker() {
        let src = "# Plan: A (a)\n\n## Goals\n\n- [ASK USER] Which store?\n- [ask-user] Which TTL?\n- [NEEDS CONFIRMATION] Which header?\n- The user will ask user questions; ASK USER.\n\n## Open Questions\n\n- [ASK USER] Which store?\n- Which TTL?\n";
        assert_eq!(
            with_marker("[ASK USER]", src),
            vec![
                ("PL503", "[ask-user]".to_string()),
                ("PL503", "[NEEDS CONFIRMATION]".to_string()),
                // PL504 reads a fixable near miss as the marker it is fixed to: its
                // question is unlisted before the fix as after it.
                ("PL504", "[NEEDS CONFIRMATION]".to_string()),
                ("PL503", "ASK USER".to_string()),
                ("PL504", "ASK USER".to_string()),
                ("PL501", "Which TTL?".to_string()),
            ]
        );
        // the default marker is only a near miss under another configuration
        let src =
            "# Plan: A (a)\n\n## Open Questions\n\n- [0o0o NEEDS CONFIRMATION] Which store?\n";
        assert_eq!(
            with_marker("[0o0o NEEDS CONFIRMATION]", src),
            Vec::<(&str, String)>::new()
        );
        assert_eq!(
            with_marker("[??? OPEN]", src),
            // one finding: the item's marker is the other marker, PL503's (not also PL501's)
            vec![("PL503", "[0o0o NEEDS CONFIRMATION]".to_string())]
        );
    }

    #[test]
    fn vectors() {
        let oq = "# Plan: A (a)\n\n## Open Questions\n\n";
        Tester::new("PL503")
            .pass(&[
                CLEAN_PLAN,
                &format!("{oq}- [0o0o NEEDS CONFIRMATION] Which store?\n- **[0o0o NEEDS CONFIRMATION]** Which TTL?\n"),
                // ordinary prose, and near misses written as text about them
                "# Plan: A (a)\n\n## Summary\n\nThis needs confirmation from ops; the header needs clarification. Write `[NEEDS CLARIFICATION]` never.\n\n```md\n[NEEDS CONFIRMATION] in a code block\n```\n\n<!-- [0o0o needs confirmation] -->\n",
                // the prompt's heading hint is PL006's business
                "# Plan: A (a)\n\n## Open Questions ([NEEDS CONFIRMATION] only)\n\nNone.\n",
                // a single capitalised word is not a marker
                "# Plan: A (a)\n\n## Goals\n\n- Confirmation NEEDS no marker; NEEDS: CONFIRMATION.\n",
            ])
            .fail(&[
                &format!("{oq}- [NEEDS CONFIRMATION] Which store?\n- [0o0o NEEDS-CONFIRMATION] Which TTL?\n- [0o0o needs confirmation] Which header?\n"),
                &format!("{oq}- [NEEDS CLARIFICATION: which store?]\n- [0o0o NEEDS CONFIRMATION Which TTL?\n- 0o0o NEEDS CONFIRMATION] Which header?\n"),
                "# Plan: A (a)\n\n## Goals\n\n| Path | Why |\n|---|---|\n| `a.rs` | NEEDS CONFIRMATION: does it exist? |\n\nThe limit is NEEDS CLARIFICATION per client.\n\n- \\[0o0o NEEDS CONFIRMATION\\] Which store?\n- [ 0o0o NEEDS CONFIRMATION ] Which TTL?\n",
            ])
            .fail(&[
                // typos within edit distance 2 of the phrase, anchored by `[` or the tag
                &format!("{oq}- [0o0o NEEDS CONFIRMATON] Which store?\n- [0o0o NEED CONFIRMATION] Which TTL?\n- 0O0O NEEDS CONFIRMATIN Which header?\n- [NEEDS CONFIRMATON] Which region?\n"),
            ])
            .pass(&[
                // far from the phrase, or no anchor: not a marker
                "# Plan: A (a)\n\n## Goals\n\n- [Link CONFIRMATION] and [needs confirmations from ops] x.\n- NEED CONFIRMATION from ops.\n",
            ])
            .fix(&[(
                "## Open Questions\n\n- [NEEDS CONFIRMATION] Which store holds the buckets?\n- [0o0o needs confirmation] Which TTL?\n- NEEDS CONFIRMATION Which region?\n",
                "## Open Questions\n\n- [0o0o NEEDS CONFIRMATION] Which store holds the buckets?\n- [0o0o NEEDS CONFIRMATION] Which TTL?\n- [0o0o NEEDS CONFIRMATION] Which region?\n",
            )])
            .fix(&[(
                "## Open Questions\n\n- [0o0o NEEDS CONFIRMATON] Which store?\n- [0o0o NEED CONFIRMATION] Which TTL?\n- [0o0o NEEDS CONFIRMATION Which header?\n",
                "## Open Questions\n\n- [0o0o NEEDS CONFIRMATION] Which store?\n- [0o0o NEEDS CONFIRMATION] Which TTL?\n- [0o0o NEEDS CONFIRMATION] Which header?\n",
            )])
            .test_and_snapshot();
    }

    /// Linear time: the edit-distance work grows with the number of candidates, each
    /// bounded by the typo regex (counted, not timed).
    #[test]
    fn typo_check_is_linear() {
        use crate::engine::config::Config;
        use crate::engine::lint::Linter;
        use crate::workspace::fs_view::FsView;
        use std::sync::Arc;
        let cells = |n: usize| {
            let body = "- [0o0o NEEDS CONFIRMATON] a? [0o0o XXXXX CONFIRMATIONXX] b [0o0o NEED CONFIRMATION c\n".repeat(n);
            let src = format!("# Plan: A (a)\n\n## Goals\n\n{body}");
            let rule = crate::rules::matching("PL503");
            let rules = rule.into_iter().map(|r| (r, r.meta().severity)).collect();
            let linter = Linter::with_rules(Config::defaults(".".into()), rules);
            let path = std::path::Path::new("EXPORT/plan_a.md");
            let doc = crate::document::parse::parse(path, Arc::from(src.as_str()));
            let before = work::cells();
            let found = linter.lint_document(&doc, &FsView::new("."), Some(path));
            (work::cells() - before, found.len())
        };
        let (small, found_small) = cells(50);
        let (large, found_large) = cells(500);
        assert_eq!(found_small, 100);
        assert_eq!(found_large, 1000);
        assert!(small > 0);
        assert_eq!(large, 10 * small, "edit-distance work is not linear");
    }
}
