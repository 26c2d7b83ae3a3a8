//! Near misses of the confirmation marker in prose: what PL503 reports, and what PL501
//! and PL504 read so as not to report a misspelt marker a second time.
//!
//! The near misses are derived from the configured marker: its brackets, its leading
//! tag (the words before the first all-letter word: `0o0o` in the default) and its
//! phrase (the remaining words: `NEEDS CONFIRMATION`). Other markers planners copy from
//! elsewhere (`NEEDS CLARIFICATION`, spec-kit's) count as the phrase too. A match is a
//! near miss when it differs from the marker in case, separators, tag, brackets or
//! phrase; an unbracketed phrase without the tag counts only when written upper-case
//! (lower-case "needs confirmation" is ordinary prose).

use super::helpers::in_section_heading;
use crate::document::blocks::prose_occurrences;
use crate::document::source::Span;
use crate::rules::Context;
use regex::{Captures, Regex, RegexBuilder};

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
fn cached_near_miss_regex(marker: &str, shape: &Shape) -> Cached {
    static CACHE: RegexCache = std::sync::OnceLock::new();
    cached(&CACHE, marker, || near_miss_regex(shape))
}

/// A cached regex, shared: never cloned, because a cloned `Regex` gets a fresh pool of
/// search caches, and its lazy DFA is then rebuilt from nothing for every document.
type Cached = std::sync::Arc<std::sync::OnceLock<Option<Regex>>>;

/// One regex per marker text for the whole run, built by `build` on first use.
type RegexCache = std::sync::OnceLock<std::sync::Mutex<std::collections::HashMap<String, Cached>>>;

/// The regex for `marker` from `cache`, built once per process: the cell of a marker
/// is taken under the lock and filled outside it, so rules asking for the same marker
/// at once (PL501 and PL504 run in parallel) wait for one build instead of each
/// building it (the build has no rayon inside, so a waiting worker cannot deadlock).
fn cached(
    cache: &'static RegexCache,
    marker: &str,
    build: impl FnOnce() -> Option<Regex>,
) -> Cached {
    let cache = cache.get_or_init(Default::default);
    let cell = match cache.lock() {
        Ok(mut m) => match m.get(marker) {
            Some(cell) => std::sync::Arc::clone(cell),
            None => std::sync::Arc::clone(m.entry(marker.to_string()).or_default()),
        },
        Err(_) => return std::sync::Arc::new(std::sync::OnceLock::from(build())),
    };
    cell.get_or_init(build);
    cell
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
    let re = cached_near_miss_regex(marker, &shape);
    let Some(re) = re.get().and_then(Option::as_ref) else {
        return Vec::new();
    };
    // The typo regex takes milliseconds to compile: it is fetched (built once per
    // process) only for a run that can hold one of its matches (see `may_have_typo`).
    let mut typo: Option<Cached> = None;
    let tag_gate = cached_tag_gate(marker, &shape);
    let tag_gate = tag_gate.get().and_then(Option::as_ref);
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
        let typo_re = if may_have_typo(text, *run, &exact, tag_gate) {
            typo.get_or_insert_with(|| cached_typo_regex(marker, &shape))
                .get()
                .and_then(Option::as_ref)
        } else {
            None
        };
        let Some(typo_re) = typo_re else { continue };
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
/// Whether the prose run `text` (at `run`) can hold a match of the typo regex that
/// does not overlap an exact marker (the only matches `near_misses` reads): every
/// match starts with `[` or the marker's tag, so the run, with the exact markers in it
/// blanked out, holds a `[` or a match of `tag_gate` (the tag's pattern alone).
fn may_have_typo(text: &str, run: Span, exact: &[Span], tag_gate: Option<&Regex>) -> bool {
    let first = exact.partition_point(|e| e.end <= run.start);
    let inside: Vec<Span> = exact[first..]
        .iter()
        .take_while(|e| e.start < run.end)
        .map(|e| Span::new(e.start.max(run.start), e.end.min(run.end)))
        .collect();
    let blanked: std::borrow::Cow<'_, str> = if inside.is_empty() {
        text.into()
    } else {
        let mut bytes = text.as_bytes().to_vec();
        for e in &inside {
            // whole characters (span ends are character boundaries) become spaces
            bytes[e.start - run.start..e.end - run.start].fill(b' ');
        }
        String::from_utf8(bytes)
            .map(Into::into)
            .unwrap_or_else(|_| text.into())
    };
    blanked.contains('[') || tag_gate.is_some_and(|g| g.is_match(&blanked))
}

/// The tag's pattern alone, as the typo regex matches it (`None` without a tag).
fn cached_tag_gate(marker: &str, shape: &Shape) -> Cached {
    static CACHE: RegexCache = std::sync::OnceLock::new();
    cached(&CACHE, marker, || {
        if shape.tag.is_empty() {
            return None;
        }
        RegexBuilder::new(&words_pattern(&shape.tag))
            .case_insensitive(true)
            .build()
            .ok()
    })
}

fn cached_typo_regex(marker: &str, shape: &Shape) -> Cached {
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

    /// The typo regex is needed only where a run, its exact markers blanked out, has a
    /// `[` or the tag; every typo match that does not overlap an exact marker is in
    /// such a run.
    #[test]
    fn the_typo_gate_drops_no_match_outside_exact_markers() {
        let marker = "[0o0o NEEDS CONFIRMATION]";
        let shape = super::Shape::of(marker);
        let typo = super::typo_regex(&shape).expect("typo regex");
        let gate = super::cached_tag_gate(marker, &shape);
        let gate = gate.get().and_then(Option::as_ref);
        let texts = [
            "[0o0o NEEDS CONFIRMATON] which one?",
            "0O0O NEED CONFIRMATION which one?",
            "0o0o-needs-confirmaton",
            "[NEEDS CONFIRMATON]",
            "[0o0o NEEDS CONFIRMATION] fine, then [0o0o NEDS CONFIRMATION] not",
            "[0o0o NEEDS CONFIRMATION] only the exact marker",
            "no marker at all",
        ];
        for text in texts {
            let run = Span::new(0, text.len());
            let exact: Vec<Span> = text
                .match_indices(marker)
                .map(|(i, m)| Span::new(i, i + m.len()))
                .collect();
            let outside = typo
                .find_iter(text)
                .any(|m| !exact.iter().any(|e| m.start() < e.end && e.start < m.end()));
            let gated = super::may_have_typo(text, run, &exact, gate);
            assert!(!outside || gated, "{text:?}: a match the gate drops");
        }
        let only_exact = "[0o0o NEEDS CONFIRMATION] only the exact marker";
        let exact = [Span::new(0, marker.len())];
        assert!(!super::may_have_typo(
            only_exact,
            Span::new(0, only_exact.len()),
            &exact,
            gate
        ));
        assert!(!super::may_have_typo(
            "plain prose",
            Span::new(0, 11),
            &[],
            gate
        ));
    }

    /// Threads asking at once for the regex of one marker build it once.
    #[test]
    fn cached_builds_once_for_threads_asking_at_once() {
        static CACHE: super::RegexCache = std::sync::OnceLock::new();
        static BUILDS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let start = std::sync::Barrier::new(8);
        let re = regex::Regex::new("x").ok();
        std::thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    start.wait();
                    super::cached(&CACHE, "[X]", || {
                        BUILDS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        // a slow build, so that the others ask while it runs
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        re.clone()
                    })
                    .get()
                    .and_then(Option::as_ref)
                    .expect("built");
                });
            }
        });
        assert_eq!(BUILDS.load(std::sync::atomic::Ordering::SeqCst), 1);
        // and every caller shares that one regex (a clone would have its own caches)
        let again = super::cached(&CACHE, "[X]", || unreachable!("built once"));
        let first = super::cached(&CACHE, "[X]", || unreachable!("built once"));
        assert!(std::sync::Arc::ptr_eq(&again, &first));
    }
    use super::*;

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
}
