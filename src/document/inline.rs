//! A small, exact inline scanner.
//!
//! comrak decides the block structure; inside a leaf block (paragraph, heading text,
//! table cell) plan-lint scans the *source bytes* itself. comrak's inline source
//! positions drift after backslash escapes and inside table cells with escaped `\|`;
//! this scanner cannot drift, because it never leaves the original text. It recognises
//! the inline constructs whose contents are not prose: code spans, autolinks, raw
//! HTML (tags and comments), link destinations and bare URLs. Everything else is
//! prose text.

use crate::document::source::Span;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InlineKind {
    /// Prose text (may still contain emphasis markers and backslash escapes).
    Text,
    /// A code span; `content` is the text between the backtick runs.
    Code,
    /// Raw inline HTML: a tag or a comment.
    Html,
    /// An autolink (`<https://…>`) or a bare URL.
    Url,
    /// A link or image destination with its title, parentheses included: `(url "t")`.
    LinkDest,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Inline {
    pub kind: InlineKind,
    pub span: Span,
    /// For code spans: the bytes between the backtick runs. Otherwise equal to `span`.
    pub content: Span,
}

/// The bare-URL pattern, matched inside prose runs only. A search that fails scans to
/// the end of its run once; a match ends where the URL ends, so the runs are scanned in
/// linear time in total.
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>]*[^\s<>.,:;"'!?*_~)\]]"#)
        .expect("url regex")
});

// ---------------------------------------------------------------------------------
// Work counting (tests only): bytes examined by the scanner, so that tests can prove
// linear time by counting instead of timing.
// ---------------------------------------------------------------------------------

#[cfg(test)]
thread_local! {
    static WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` units of work (a byte examined). Compiled out outside tests.
#[inline(always)]
fn work(n: usize) {
    #[cfg(test)]
    WORK.with(|w| w.set(w.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
}

/// Work counted on this thread since the last call (tests only).
#[cfg(test)]
fn take_work() -> u64 {
    WORK.with(|w| w.replace(0))
}

/// Scans `range` of `source` into inline pieces, in source order, covering the range
/// without gaps.
///
/// Linear time in the length of the range, whatever the input: every search for a
/// closer (a backtick run, `-->`, the `)` of a link destination) either consumes what
/// it scanned or is answered from what an earlier search already proved (see
/// `Memo`); tags and autolinks are matched by hand-written matchers that stop at the
/// first byte that cannot continue them (see `html_tag` for why their scans overlap
/// at most three deep).
pub(crate) fn scan(source: &str, range: Span) -> Vec<Inline> {
    let bytes = source.as_bytes();
    let end = range.end.min(bytes.len());
    let mut out = Vec::new();
    let mut text_start = range.start;
    let mut i = range.start;
    let mut open_brackets = 0usize;
    let mut memo = Memo::new(range.start, end);

    let push_text = |out: &mut Vec<Inline>, from: usize, to: usize| {
        if from < to {
            push_text_with_urls(source, Span::new(from, to), out);
        }
    };

    while i < end {
        work(1);
        match bytes[i] {
            b'\\' => {
                if i + 1 < end && bytes[i + 1].is_ascii_punctuation() {
                    i += 2;
                } else {
                    i += 1;
                }
            }
            b'`' => {
                let run = count_run(bytes, i, end, b'`');
                match memo.closing_backticks(bytes, i + run, run) {
                    Some(close) => {
                        push_text(&mut out, text_start, i);
                        let span = Span::new(i, close + run);
                        out.push(Inline {
                            kind: InlineKind::Code,
                            span,
                            content: Span::new(i + run, close),
                        });
                        i = close + run;
                        text_start = i;
                    }
                    None => i += run,
                }
            }
            b'<' => {
                let found = if let Some(len) = autolink(bytes, i, end) {
                    Some((InlineKind::Url, len))
                } else if bytes[i..end].starts_with(b"<!--") {
                    memo.comment_end(bytes, i)
                        .map(|e| (InlineKind::Html, e - i))
                } else {
                    html_tag(source, i, end).map(|len| (InlineKind::Html, len))
                };
                match found {
                    Some((kind, len)) => {
                        push_text(&mut out, text_start, i);
                        let span = Span::new(i, i + len);
                        out.push(Inline {
                            kind,
                            span,
                            content: span,
                        });
                        i += len;
                        text_start = i;
                    }
                    None => i += 1,
                }
            }
            b'[' => {
                open_brackets += 1;
                i += 1;
            }
            b']' => {
                if open_brackets > 0 && i + 1 < end && bytes[i + 1] == b'(' {
                    open_brackets -= 1;
                    if let Some(close) = memo.link_dest_end(bytes, i + 1) {
                        push_text(&mut out, text_start, i + 1);
                        let span = Span::new(i + 1, close + 1);
                        out.push(Inline {
                            kind: InlineKind::LinkDest,
                            span,
                            content: span,
                        });
                        i = close + 1;
                        text_start = i;
                        continue;
                    }
                }
                open_brackets = open_brackets.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    push_text(&mut out, text_start, end);
    out
}

/// Whether `text` can hold a bare URL at all (`://` or `www.`): most prose runs cannot,
/// and this check is much cheaper than the case-insensitive URL regex.
fn may_hold_url(text: &str) -> bool {
    text.contains("://")
        || text
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"www."))
}

fn push_text_with_urls(source: &str, span: Span, out: &mut Vec<Inline>) {
    let text = span.text(source);
    // The runs partition the scanned range: each byte is looked at a bounded number
    // of times here (see BARE_URL).
    work(text.len());
    let mut last = 0;
    let urls = may_hold_url(text).then(|| BARE_URL.find_iter(text));
    for m in urls.into_iter().flatten() {
        if m.start() > last {
            let s = Span::new(span.start + last, span.start + m.start());
            out.push(Inline {
                kind: InlineKind::Text,
                span: s,
                content: s,
            });
        }
        let s = Span::new(span.start + m.start(), span.start + m.end());
        out.push(Inline {
            kind: InlineKind::Url,
            span: s,
            content: s,
        });
        last = m.end();
    }
    if last < text.len() {
        let s = Span::new(span.start + last, span.end);
        out.push(Inline {
            kind: InlineKind::Text,
            span: s,
            content: s,
        });
    }
}

fn count_run(bytes: &[u8], at: usize, end: usize, ch: u8) -> usize {
    let n = bytes[at..end].iter().take_while(|&&b| b == ch).count();
    work(n);
    n
}

/// What one [`scan`] has learnt about its range, so that no search for a closer looks
/// at the same bytes twice. Searches start at increasing positions (the scan only
/// moves forward).
struct Memo {
    start: usize,
    end: usize,
    /// Set once a search for a closing backtick run reached the end: from where it
    /// started on, every backtick run has been seen (and is in `last_run`).
    backticks_scanned: bool,
    /// The start of the last backtick run of each length seen by a search (index:
    /// the run's length).
    last_run: Vec<usize>,
    /// No `-->` starts at or after this position (`usize::MAX`: not known yet).
    no_comment_close_from: usize,
    /// Bytes the plain link-destination search may still examine before the
    /// destination table is built.
    dest_budget: usize,
    dests: Option<DestTable>,
}

impl Memo {
    fn new(start: usize, end: usize) -> Self {
        Memo {
            start,
            end,
            backticks_scanned: false,
            last_run: Vec::new(),
            no_comment_close_from: usize::MAX,
            // Ordinary text spends a fraction of its length here; twice the range
            // (plus slack for short ranges) is only exceeded by unclosed
            // destinations searched again and again.
            dest_budget: 2 * (end - start.min(end)) + 256,
            dests: None,
        }
    }

    /// The start of the first backtick run of exactly `len` at or after `from`
    /// (`from` is not inside a run). As in cmark: once one search has reached the end,
    /// the last run of every length is known, and a search for a length with no run
    /// left fails at once; any other search ends on the run it finds, which the scan
    /// then moves past.
    fn closing_backticks(&mut self, bytes: &[u8], from: usize, len: usize) -> Option<usize> {
        if self.backticks_scanned && self.last_run.get(len).is_none_or(|&p| p < from) {
            return None;
        }
        let end = self.end;
        let mut i = from;
        while i < end {
            work(1);
            if bytes[i] == b'`' {
                let run = count_run(bytes, i, end, b'`');
                if self.last_run.len() <= run {
                    self.last_run.resize(run + 1, 0);
                }
                self.last_run[run] = self.last_run[run].max(i);
                if run == len {
                    return Some(i);
                }
                i += run;
            } else {
                i += 1;
            }
        }
        self.backticks_scanned = true;
        None
    }

    /// The end (past `-->`) of the comment opening at `open`. A failed search proves
    /// that no comment opening later closes either.
    fn comment_end(&mut self, bytes: &[u8], open: usize) -> Option<usize> {
        if open >= self.no_comment_close_from {
            return None;
        }
        let hay = &bytes[open..self.end];
        match memchr::memmem::find(hay, b"-->") {
            Some(e) => {
                work(e + 3);
                Some(open + e + 3)
            }
            None => {
                work(hay.len());
                self.no_comment_close_from = open;
                None
            }
        }
    }

    /// The index of the `)` closing the link destination whose `(` is at `open`.
    /// The plain search runs first; when it has examined more than its budget (an
    /// unclosed destination searched again from each `](`), the destination table is
    /// built once and answers every further search in constant time.
    fn link_dest_end(&mut self, bytes: &[u8], open: usize) -> Option<usize> {
        if let Some(table) = &self.dests {
            return table.dest_end(open);
        }
        match find_link_dest_end(bytes, open, self.end, &mut self.dest_budget) {
            Ok(found) => found,
            Err(Exhausted) => {
                let table = DestTable::build(bytes, self.start, self.end);
                let found = table.dest_end(open);
                self.dests = Some(table);
                found
            }
        }
    }
}

/// The plain search ran out of budget.
struct Exhausted;

/// `open` is the index of `(`; returns the index of the matching `)`. Parentheses
/// nest; at the first level a `"` or `'` opens a title in which parentheses do not
/// count; a backslash escapes the byte after it. Examines at most `budget` bytes.
fn find_link_dest_end(
    bytes: &[u8],
    open: usize,
    end: usize,
    budget: &mut usize,
) -> Result<Option<usize>, Exhausted> {
    let mut depth = 0usize;
    let mut i = open;
    let mut quote: Option<u8> = None;
    while i < end {
        if *budget == 0 {
            return Err(Exhausted);
        }
        *budget -= 1;
        work(1);
        let b = bytes[i];
        match (quote, b) {
            (_, b'\\') => {
                i += 2;
                continue;
            }
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"') | (None, b'\'') if depth == 1 => quote = Some(b),
            (None, b'(') => depth += 1,
            (None, b')') => {
                depth -= 1;
                if depth == 0 {
                    return Ok(Some(i));
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(None)
}

/// Every answer of [`find_link_dest_end`] for one range, computed in three linear
/// passes.
///
/// The search from a `(` is, at its first level outside a title, a walk whose next
/// step depends only on the position: a `)` ends it; a `(` jumps past its matching `)`
/// (inside, titles do not count, so that is plain parenthesis matching); a quote jumps
/// past the next unescaped quote of its kind; a backslash skips a byte; anything else
/// moves one byte. So `answer[x]`, the result of a walk standing at `x`, follows from
/// answers further right, and one right-to-left pass computes them all. Which bytes
/// are escaped is a property of the position (an odd run of backslashes before it), the
/// same for every search, since each starts on an unescaped `(` after a `]`.
struct DestTable {
    start: usize,
    /// `answer[x - start]`: the closing `)` of a walk at the first level standing at
    /// `x`, or `NONE`.
    answer: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl DestTable {
    fn build(bytes: &[u8], start: usize, end: usize) -> Self {
        let n = end - start;
        // Ranges of 4 GiB and more: every search fails (no plan has such a block).
        if n >= NONE as usize - 2 {
            return DestTable {
                start,
                answer: Vec::new(),
            };
        }
        let at = |x: usize| bytes[start + x];
        // Pass 1 (left to right): escaped bytes and matching parentheses.
        let mut escaped = vec![false; n + 2];
        let mut matching = vec![NONE; n];
        let mut stack: Vec<u32> = Vec::new();
        for x in 0..n {
            work(1);
            escaped[x + 1] = at(x) == b'\\' && !escaped[x];
            if escaped[x] {
                continue;
            }
            match at(x) {
                b'(' => stack.push(x as u32),
                b')' => {
                    if let Some(o) = stack.pop() {
                        matching[o as usize] = x as u32;
                    }
                }
                _ => {}
            }
        }
        // Pass 2 (right to left): the answers, with the next unescaped quote of each
        // kind kept as the pass goes.
        let mut answer = vec![NONE; n + 2];
        let mut next_double = NONE;
        let mut next_single = NONE;
        for x in (0..n).rev() {
            work(1);
            let after = |p: u32| -> u32 {
                if p == NONE {
                    NONE
                } else {
                    answer[p as usize + 1]
                }
            };
            answer[x] = match at(x) {
                b'\\' => answer[(x + 2).min(n)],
                b')' => x as u32,
                b'(' => after(matching[x]),
                b'"' => after(next_double),
                b'\'' => after(next_single),
                _ => answer[x + 1],
            };
            if !escaped[x] {
                match at(x) {
                    b'"' => next_double = x as u32,
                    b'\'' => next_single = x as u32,
                    _ => {}
                }
            }
        }
        DestTable { start, answer }
    }

    /// The answer for the `(` at `open` (a walk at the first level starts after it).
    fn dest_end(&self, open: usize) -> Option<usize> {
        let x = open + 1 - self.start;
        match self.answer.get(x).copied().unwrap_or(NONE) {
            NONE => None,
            a => Some(self.start + a as usize),
        }
    }
}

/// An autolink at `i` (a `<`): `<scheme:…>` or `<local@domain>`, as CommonMark
/// defines them. Returns its length. Neither form can contain a `<`, so the scans from
/// all `<` of a range examine each byte at most twice.
fn autolink(bytes: &[u8], i: usize, end: usize) -> Option<usize> {
    let mut examined = 0;
    let found = autolink_inner(bytes, i, end, &mut examined);
    work(examined);
    found
}

fn autolink_inner(bytes: &[u8], i: usize, end: usize, examined: &mut usize) -> Option<usize> {
    let at = |j: usize| (j < end).then(|| bytes[j]);
    let mut j = i + 1;
    // URI: a scheme of 2-32 characters, `:`, then anything but `<`, `>`, controls and
    // spaces.
    if at(j).is_some_and(|b| b.is_ascii_alphabetic()) {
        let mut k = j + 1;
        while at(k).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'-')) {
            k += 1;
        }
        if at(k) == Some(b':') && (2..=32).contains(&(k - j)) {
            let mut m = k + 1;
            while at(m).is_some_and(|b| !matches!(b, b'<' | b'>' | 0x00..=0x20)) {
                m += 1;
            }
            *examined = m + 1 - i;
            if at(m) == Some(b'>') {
                return Some(m + 1 - i);
            }
        }
        *examined = (*examined).max(k + 1 - i);
    }
    // Email: local part, `@`, dot-separated labels of 1-63 letters, digits and
    // hyphens (no hyphen first or last), `>`.
    while at(j).is_some_and(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b)) {
        j += 1;
    }
    *examined = (*examined).max(j + 1 - i);
    if j == i + 1 || at(j) != Some(b'@') {
        return None;
    }
    let domain = j + 1;
    let mut m = domain;
    while at(m).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
        m += 1;
    }
    *examined = (*examined).max(m + 1 - i);
    if at(m) != Some(b'>') {
        return None;
    }
    let labels_ok = bytes[domain..m].split(|&b| b == b'.').all(|label| {
        (1..=63).contains(&label.len())
            && label[0].is_ascii_alphanumeric()
            && label[label.len() - 1].is_ascii_alphanumeric()
    });
    labels_ok.then_some(m + 1 - i)
}

/// A raw HTML tag at `i` (a `<`): an open tag with attributes, or a closing tag.
/// Returns its length.
///
/// A tag can contain a `<` only inside a quoted attribute value, so a scan that runs
/// past another `<` is inside a value there, and the scan from that `<` is outside
/// one. At each quote the scan inside a value of that quote leaves it and the others
/// must enter one (or stop): of the scans alive at any byte, at most one is outside a
/// value, one inside `"…"` and one inside `'…'`. So the scans from all `<` of a range
/// examine each byte at most three times.
fn html_tag(source: &str, i: usize, end: usize) -> Option<usize> {
    let mut examined = 0;
    let found = html_tag_inner(source, i, end, &mut examined);
    work(examined);
    found
}

fn html_tag_inner(source: &str, i: usize, end: usize, examined: &mut usize) -> Option<usize> {
    let bytes = source.as_bytes();
    let at = |j: usize| (j < end).then(|| bytes[j]);
    let name = |mut j: usize| {
        while at(j).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'-') {
            j += 1;
        }
        j
    };
    let mut seen = |j: usize| *examined = (*examined).max(j + 1 - i);
    let mut j = i + 1;
    if at(j) == Some(b'/') {
        // `</name\s*>`
        if !at(j + 1).is_some_and(|b| b.is_ascii_alphabetic()) {
            seen(j + 1);
            return None;
        }
        j = skip_space(source, name(j + 2), end);
        seen(j);
        return (at(j) == Some(b'>')).then_some(j + 1 - i);
    }
    if !at(j).is_some_and(|b| b.is_ascii_alphabetic()) {
        seen(j);
        return None;
    }
    j = name(j + 1);
    loop {
        // After the tag name or an attribute: blanks, then `/>`, `>` or (after at least
        // one blank) the next attribute.
        let k = skip_space(source, j, end);
        seen(k);
        match at(k) {
            Some(b'>') => return Some(k + 1 - i),
            Some(b'/') => {
                seen(k + 1);
                return (at(k + 1) == Some(b'>')).then_some(k + 2 - i);
            }
            Some(b) if k > j && (b.is_ascii_alphabetic() || b == b'_' || b == b':') => {}
            _ => return None,
        }
        let mut n = k + 1;
        while at(n)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'-'))
        {
            n += 1;
        }
        let eq = skip_space(source, n, end);
        seen(eq);
        if at(eq) != Some(b'=') {
            j = n;
            continue;
        }
        let v = skip_space(source, eq + 1, end);
        seen(v);
        match at(v) {
            Some(q @ (b'"' | b'\'')) => {
                let close = memchr::memchr(q, &bytes[v + 1..end]).map(|c| v + 1 + c);
                match close {
                    Some(c) => {
                        seen(c);
                        j = c + 1;
                    }
                    None => {
                        seen(end);
                        return None;
                    }
                }
            }
            _ => {
                // Unquoted: no blanks, quotes, `=`, `<`, `>` or backticks.
                let mut u = v;
                while let Some(c) = source.get(u..end).and_then(|s| s.chars().next()) {
                    if c.is_whitespace() || matches!(c, '"' | '\'' | '=' | '<' | '>' | '`') {
                        break;
                    }
                    u += c.len_utf8();
                }
                seen(u);
                if u == v {
                    return None;
                }
                j = u;
            }
        }
    }
}

/// Skips Unicode white space (the regex `\s`) from `j`.
fn skip_space(source: &str, mut j: usize, end: usize) -> usize {
    while let Some(c) = source.get(j..end).and_then(|s| s.chars().next()) {
        if !c.is_whitespace() {
            break;
        }
        j += c.len_utf8();
    }
    j
}

/// The literal text of a code span per CommonMark: line endings become spaces and one
/// leading and trailing space is stripped when both are present and the content is not
/// all spaces.
pub(crate) fn code_text(raw: &str) -> String {
    let strip = |text: &str| -> bool {
        text.len() >= 2 && text.starts_with(' ') && text.ends_with(' ') && !text.trim().is_empty()
    };
    // Fast path (nearly every code span): one line, no copy but the result's.
    if !raw.contains(['\n', '\r']) {
        return if strip(raw) {
            raw[1..raw.len() - 1].to_string()
        } else {
            raw.to_string()
        };
    }
    let text: String = raw
        .replace("\r\n", " ")
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if strip(&text) {
        text[1..text.len() - 1].to_string()
    } else {
        text
    }
}

/// Removes backslash escapes (`\|` → `|`).
pub(crate) fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&n) = chars.peek()
            && n.is_ascii_punctuation()
        {
            out.push(n);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// Plain text of a span of inline Markdown: prose with escapes removed and emphasis
/// markers dropped, code spans by their literal, HTML dropped, URLs kept.
pub(crate) fn plain_text(source: &str, range: Span) -> String {
    let mut out = String::new();
    for piece in scan(source, range) {
        match piece.kind {
            InlineKind::Text => {
                let t = unescape_keep_markup(piece.span.text(source));
                out.push_str(&t);
            }
            InlineKind::Code => out.push_str(&code_text(piece.content.text(source))),
            InlineKind::Url => out.push_str(piece.span.text(source)),
            InlineKind::Html | InlineKind::LinkDest => {}
        }
    }
    out
}

/// Unescapes and drops emphasis and link brackets, keeping an escaped marker.
fn unescape_keep_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&n) if n.is_ascii_punctuation() => {
                    out.push(n);
                    chars.next();
                }
                _ => out.push(c),
            },
            '*' | '[' | ']' => {}
            '_' => {
                // `_` is emphasis only at a word edge; snake_case stays.
                let prev_word = out.chars().last().is_some_and(|p| p.is_alphanumeric());
                let next_word = chars.peek().is_some_and(|n| n.is_alphanumeric());
                if prev_word && next_word {
                    out.push('_');
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(InlineKind, &str)> {
        scan(src, Span::new(0, src.len()))
            .into_iter()
            .map(|i| (i.kind, i.span.text(src)))
            .collect()
    }

    #[test]
    fn code_spans_are_exact() {
        use InlineKind::*;
        assert_eq!(
            kinds(r"a \`x `b` ``c`d`` e"),
            vec![
                (Text, r"a \`x "),
                (Code, "`b`"),
                (Text, " "),
                (Code, "``c`d``"),
                (Text, " e")
            ]
        );
        // An unmatched run is literal text.
        assert_eq!(kinds("a ``b` c"), vec![(Text, "a ``b` c")]);
    }

    #[test]
    fn html_links_and_urls_are_not_prose() {
        use InlineKind::*;
        assert_eq!(
            kinds("see [docs](http://x.y/(a) \"t\") <!-- c --> <b>x</b> <https://a.b> www.x.org."),
            vec![
                (Text, "see [docs]"),
                (LinkDest, "(http://x.y/(a) \"t\")"),
                (Text, " "),
                (Html, "<!-- c -->"),
                (Text, " "),
                (Html, "<b>"),
                (Text, "x"),
                (Html, "</b>"),
                (Text, " "),
                (Url, "<https://a.b>"),
                (Text, " "),
                (Url, "www.x.org"),
                (Text, "."),
            ]
        );
    }

    #[test]
    fn plain_text_strips_markup() {
        let src = r"**new** `src/a\|b.rs` a\|b snake_case _em_";
        assert_eq!(
            plain_text(src, Span::new(0, src.len())),
            r"new src/a\|b.rs a|b snake_case em"
        );
    }

    // -----------------------------------------------------------------------------
    // The scanner as it was before it was made linear (regexes for autolinks and tags,
    // a search to the end of the range for every closer): the reference the linear
    // scanner must agree with, piece for piece.
    // -----------------------------------------------------------------------------

    static REF_AUTOLINK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>")
            .unwrap()
    });

    static REF_HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r#"^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)"#,
        )
        .unwrap()
    });

    fn ref_closing_backticks(bytes: &[u8], from: usize, end: usize, len: usize) -> Option<usize> {
        let mut i = from;
        while i < end {
            if bytes[i] == b'`' {
                let run = bytes[i..end].iter().take_while(|&&b| b == b'`').count();
                if run == len {
                    return Some(i);
                }
                i += run;
            } else {
                i += 1;
            }
        }
        None
    }

    fn reference_scan(source: &str, range: Span) -> Vec<Inline> {
        let bytes = source.as_bytes();
        let end = range.end.min(bytes.len());
        let mut out = Vec::new();
        let mut text_start = range.start;
        let mut i = range.start;
        let mut open_brackets = 0usize;
        let push_text = |out: &mut Vec<Inline>, from: usize, to: usize| {
            if from < to {
                push_text_with_urls(source, Span::new(from, to), out);
            }
        };
        while i < end {
            match bytes[i] {
                b'\\' => {
                    i += if i + 1 < end && bytes[i + 1].is_ascii_punctuation() {
                        2
                    } else {
                        1
                    }
                }
                b'`' => {
                    let run = bytes[i..end].iter().take_while(|&&b| b == b'`').count();
                    match ref_closing_backticks(bytes, i + run, end, run) {
                        Some(close) => {
                            push_text(&mut out, text_start, i);
                            let span = Span::new(i, close + run);
                            out.push(Inline {
                                kind: InlineKind::Code,
                                span,
                                content: Span::new(i + run, close),
                            });
                            i = close + run;
                            text_start = i;
                        }
                        None => i += run,
                    }
                }
                b'<' => {
                    let rest = &source[i..end];
                    let found = if let Some(m) = REF_AUTOLINK.find(rest) {
                        Some((InlineKind::Url, m.end()))
                    } else if rest.starts_with("<!--") {
                        rest.find("-->").map(|e| (InlineKind::Html, e + 3))
                    } else {
                        REF_HTML_TAG.find(rest).map(|m| (InlineKind::Html, m.end()))
                    };
                    match found {
                        Some((kind, len)) => {
                            push_text(&mut out, text_start, i);
                            let span = Span::new(i, i + len);
                            out.push(Inline {
                                kind,
                                span,
                                content: span,
                            });
                            i += len;
                            text_start = i;
                        }
                        None => i += 1,
                    }
                }
                b'[' => {
                    open_brackets += 1;
                    i += 1;
                }
                b']' => {
                    if open_brackets > 0 && i + 1 < end && bytes[i + 1] == b'(' {
                        open_brackets -= 1;
                        let mut unlimited = usize::MAX;
                        if let Ok(Some(close)) =
                            find_link_dest_end(bytes, i + 1, end, &mut unlimited)
                        {
                            push_text(&mut out, text_start, i + 1);
                            let span = Span::new(i + 1, close + 1);
                            out.push(Inline {
                                kind: InlineKind::LinkDest,
                                span,
                                content: span,
                            });
                            i = close + 1;
                            text_start = i;
                            continue;
                        }
                    }
                    open_brackets = open_brackets.saturating_sub(1);
                    i += 1;
                }
                _ => i += 1,
            }
        }
        push_text(&mut out, text_start, end);
        out
    }

    /// Random texts over an alphabet of the scanner's special bytes (and a few
    /// letters, blanks and a non-ASCII space), scanned whole and from an offset.
    #[test]
    fn the_linear_scanner_agrees_with_the_reference() {
        const ALPHABET: &[&str] = &[
            "`", "``", "<", ">", "!--", "-->", "-", "[", "]", "](", "(", ")", "\"", "'", "\\", "=",
            "/", ":", "@", ".", " ", "\n", "a", "b", "x:", "http://", "www.", "\u{a0}", "é", "<a",
            "<!--", "</b>", " c=", "<x@y.z>",
        ];
        let mut next = crate::test_rng::xorshift(0x2545_f491_4f6c_dd1d);
        for case in 0..20_000 {
            let len = 1 + next(if case % 10 == 0 { 200 } else { 24 } as u64);
            let text: String = (0..len)
                .map(|_| ALPHABET[next(ALPHABET.len() as u64)])
                .collect();
            // Destinations: force the table as well as the plain search.
            for from in [0, next(text.len() as u64 + 1)] {
                if !text.is_char_boundary(from) {
                    continue;
                }
                let range = Span::new(from, text.len());
                let want = reference_scan(&text, range);
                assert_eq!(scan(&text, range), want, "{text:?} from {from}");
                let mut memo = Memo::new(from, text.len());
                memo.dest_budget = 0;
                let bytes = text.as_bytes();
                for open in (from..text.len())
                    .filter(|&o| bytes[o] == b'(' && (o == from || bytes[o - 1] == b']'))
                {
                    let mut unlimited = usize::MAX;
                    let want = find_link_dest_end(bytes, open, text.len(), &mut unlimited)
                        .ok()
                        .flatten();
                    assert_eq!(
                        memo.link_dest_end(bytes, open),
                        want,
                        "{text:?}: `(` at {open}"
                    );
                }
            }
        }
    }

    #[test]
    fn autolinks_and_tags_agree_with_the_regexes() {
        let cases = [
            "<a:b>",
            "<ab:c d>",
            "<http://x.y/(a)>",
            "<a@b.c>",
            "<a.b+c@d-e.f>",
            "<a@-b.c>",
            "<a@b-.c>",
            "<a@b..c>",
            "<a@b.>",
            "<x>",
            "<x y>",
            "<x y=z>",
            "<x y = 'z'>",
            "<x y=\"a>b\">",
            "<x/>",
            "<x />",
            "<x / >",
            "<x y=z/>",
            "<x\u{a0}y>",
            "<x y=\u{a0}z>",
            "<x y=a\u{2003}>",
            "</x>",
            "</x  >",
            "</ x>",
            "</x y>",
            "<x y=`z`>",
            "<x y='z'w>",
            "<x _a:b.c-d=1 e>",
            "<x\ny\n=\n\"1\"\n>",
            "<a1-b>",
            "<1a>",
            "<a:>",
            "<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:b>",
            "<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:b>",
            "<a@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.c>",
            "<a\u{7f}:b>",
            "<ab:\u{7f}>",
            "<a b=\"",
            "<a b='x",
            "<a b=",
            "<a b",
            "<",
        ];
        for text in cases {
            let end = text.len();
            let want = REF_AUTOLINK.find(text).map(|m| m.end());
            assert_eq!(autolink(text.as_bytes(), 0, end), want, "autolink {text:?}");
            let want = REF_HTML_TAG.find(text).map(|m| m.end());
            assert_eq!(html_tag(text, 0, end), want, "tag {text:?}");
        }
    }

    /// Work (bytes examined, counted) for `unit` repeated to about `bytes` bytes.
    fn work_for(unit: &str, bytes: usize) -> u64 {
        let text = unit.repeat(bytes / unit.len());
        take_work();
        let pieces = scan(&text, Span::new(0, text.len()));
        assert!(!pieces.is_empty());
        take_work()
    }

    /// Regression: an unclosed `](`, `<!--`, title or backtick run made every later one
    /// search to the end of the block again (a 700 KB plan of `[a](` took 111 s). The
    /// work for 10 times the input is now about 10 times the work, for each shape that
    /// once searched again.
    #[test]
    fn hostile_shapes_scan_in_linear_work() {
        let shapes = [
            "[a](",
            "](",
            "[a](x \"",
            "[a](x '",
            "[a](x (",
            "[a](x \"(",
            "<!--",
            "<!-- -- ",
            "`",
            "`` ` ",
            "a`",
            "[",
            "![",
            "![a](",
            "<",
            "<a",
            "<a b=\"",
            "<a b='",
            "<a b=\"<a c=\" d=\" ",
            "<a:",
            "<a@",
            "\\",
            "\\`",
            "[a](<!--`<a b=\"",
            "<!--[a](\"`",
        ];
        // Backticks in runs of every length: the last run of each length is searched for
        // once, then known.
        let mut growing = String::new();
        for k in 1..=64 {
            growing.push_str(&"`".repeat(k));
            growing.push(' ');
        }
        let mut failures = Vec::new();
        for unit in shapes.iter().copied().chain([growing.as_str()]) {
            let small = work_for(unit, 20_000);
            let large = work_for(unit, 200_000);
            let ratio = large as f64 / small as f64;
            if ratio > 11.0 {
                failures.push(format!("{unit:?}: {small} -> {large} (x{ratio:.1})"));
            }
            // And a small constant per byte.
            if large > 40 * 200_000 {
                failures.push(format!("{unit:?}: {large} units for 200 000 bytes"));
            }
        }
        // Backtick runs of every length 1, 2, … m once each (m ≈ √(2n)): each opener has
        // no closer, and once searched to the end, every later one is known to fail.
        let distinct = |bytes: usize| {
            let mut text = String::new();
            let mut k = 1;
            while text.len() + k < bytes {
                text.push_str(&"`".repeat(k));
                text.push('a');
                k += 1;
            }
            take_work();
            scan(&text, Span::new(0, text.len()));
            take_work()
        };
        let (small, large) = (distinct(20_000), distinct(200_000));
        if large > 11 * small {
            failures.push(format!(
                "backtick runs of distinct lengths: {small} -> {large}"
            ));
        }
        assert!(failures.is_empty(), "superlinear: {failures:#?}");
    }

    /// The destination table answers the searches an unclosed destination would repeat:
    /// building it is linear, and the answers equal the plain search's.
    #[test]
    fn unclosed_destinations_switch_to_the_table() {
        let text = "[a](x \"t\" ".repeat(1000) + "[b](y) (z)";
        let pieces = kinds(&text);
        assert_eq!(pieces.last(), Some(&(InlineKind::Text, " (z)")));
        let dests: Vec<_> = pieces
            .iter()
            .filter(|p| p.0 == InlineKind::LinkDest)
            .collect();
        assert_eq!(dests, vec![&(InlineKind::LinkDest, "(y)")]);
        assert_eq!(
            scan(&text, Span::new(0, text.len())),
            reference_scan(&text, Span::new(0, text.len()))
        );
    }

    #[test]
    fn code_text_strips_one_space() {
        assert_eq!(code_text(" a "), "a");
        assert_eq!(code_text("  "), "  ");
        assert_eq!(code_text("a\nb"), "a b");
    }
}
