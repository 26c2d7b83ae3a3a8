//! A small, exact inline scanner.
//!
//! comrak decides the block structure; inside a leaf block (paragraph, heading text,
//! table cell) plan-lint scans the *source bytes* itself. comrak's inline source
//! positions drift after backslash escapes and inside table cells with escaped `\|`;
//! this scanner cannot drift, because it never leaves the original text. It recognises
//! the inline constructs whose contents are not prose: code spans, autolinks, raw
//! HTML (tags and comments), link destinations and bare URLs. Everything else is
//! prose text.

use crate::source::Span;
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineKind {
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
pub struct Inline {
    pub kind: InlineKind,
    pub span: Span,
    /// For code spans: the bytes between the backtick runs. Otherwise equal to `span`.
    pub content: Span,
}

static AUTOLINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<(?:[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\x00-\x20]*|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>")
        .expect("autolink regex")
});

static HTML_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>)"#,
    )
    .expect("html tag regex")
});

static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>]*[^\s<>.,:;"'!?*_~)\]]"#)
        .expect("url regex")
});

/// Scans `range` of `source` into inline pieces, in source order, covering the range
/// without gaps.
pub fn scan(source: &str, range: Span) -> Vec<Inline> {
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
                if i + 1 < end && bytes[i + 1].is_ascii_punctuation() {
                    i += 2;
                } else {
                    i += 1;
                }
            }
            b'`' => {
                let run = count_run(bytes, i, end, b'`');
                match find_closing_backticks(bytes, i + run, end, run) {
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
                let found = if let Some(m) = AUTOLINK.find(rest) {
                    Some((InlineKind::Url, m.end()))
                } else if rest.starts_with("<!--") {
                    rest.find("-->").map(|e| (InlineKind::Html, e + 3))
                } else {
                    HTML_TAG.find(rest).map(|m| (InlineKind::Html, m.end()))
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
                    if let Some(close) = find_link_dest_end(bytes, i + 1, end) {
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
    bytes[at..end].iter().take_while(|&&b| b == ch).count()
}

/// Finds the start of a backtick run of exactly `len` at or after `from`.
fn find_closing_backticks(bytes: &[u8], from: usize, end: usize, len: usize) -> Option<usize> {
    let mut i = from;
    while i < end {
        if bytes[i] == b'`' {
            let run = count_run(bytes, i, end, b'`');
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

/// `open` is the index of `(`; returns the index of the matching `)`.
fn find_link_dest_end(bytes: &[u8], open: usize, end: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    let mut quote: Option<u8> = None;
    while i < end {
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
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The literal text of a code span per CommonMark: line endings become spaces and one
/// leading and trailing space is stripped when both are present and the content is not
/// all spaces.
pub fn code_text(raw: &str) -> String {
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
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&n) = chars.peek() {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Plain text of a span of inline Markdown: prose with escapes removed and emphasis
/// markers dropped, code spans by their literal, HTML dropped, URLs kept.
pub fn plain_text(source: &str, range: Span) -> String {
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

    #[test]
    fn code_text_strips_one_space() {
        assert_eq!(code_text(" a "), "a");
        assert_eq!(code_text("  "), "  ");
        assert_eq!(code_text("a\nb"), "a b");
    }
}
