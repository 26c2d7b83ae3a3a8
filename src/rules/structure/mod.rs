//! Structure rules (PL0xx): title, slug, file name, required sections and their order.

use crate::document::source::Span;
use crate::rules::Context;
use regex::Regex;
use std::sync::LazyLock;

pub(crate) mod duplicate_section;
pub(crate) mod empty_section;
pub(crate) mod file_name;
pub(crate) mod heading_increment;
pub(crate) mod missing_section;
pub(crate) mod section_name;
pub(crate) mod section_order;
pub(crate) mod slug;
pub(crate) mod summary_paragraph;
pub(crate) mod title;
pub(crate) mod unknown_section;

/// The parts of a title `Plan: <Feature Name> (<feat_name>)`, from the source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TitleParts {
    pub name: String,
    pub slug: String,
    /// Where the slug is written (inside backticks if it is in a code span).
    pub slug_span: Span,
}

/// Why a title does not have the contract's shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TitleProblem {
    /// The title does not start with the prefix (`Plan:`).
    Prefix,
    /// No `(<feat_name>)` at the end.
    NoSlug,
    /// Nothing between the prefix and the slug.
    EmptyName,
}

static TRAILING_PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(([^()]*)\)\s*$").expect("title regex"));

/// Reads the title heading of the document, if there is one.
pub(crate) fn title_parts(ctx: &Context<'_>) -> Option<Result<TitleParts, TitleProblem>> {
    let title = ctx.doc.title()?;
    Some(parse_title(
        &ctx.doc.source,
        title.text_span,
        &ctx.contract.title_prefix,
    ))
}

pub(crate) fn parse_title(
    source: &str,
    text_span: Span,
    prefix: &str,
) -> Result<TitleParts, TitleProblem> {
    let raw = text_span.text(source);
    let Some(rest) = raw.strip_prefix(prefix) else {
        return Err(TitleProblem::Prefix);
    };
    let rest_start = text_span.start + prefix.len();
    let caps = TRAILING_PARENS.captures(rest).ok_or(TitleProblem::NoSlug)?;
    let whole = caps.get(0).ok_or(TitleProblem::NoSlug)?;
    let inner = caps.get(1).ok_or(TitleProblem::NoSlug)?;
    let name = crate::document::inline::plain_text(
        source,
        Span::new(rest_start, rest_start + whole.start()),
    );
    let name = name.trim();
    if name.is_empty() {
        return Err(TitleProblem::EmptyName);
    }
    // The slug: trimmed, optionally in backticks.
    let mut s = rest_start + inner.start();
    let mut e = rest_start + inner.end();
    let b = source.as_bytes();
    while s < e && b[s].is_ascii_whitespace() {
        s += 1;
    }
    while e > s && b[e - 1].is_ascii_whitespace() {
        e -= 1;
    }
    if e - s >= 2 && b[s] == b'`' && b[e - 1] == b'`' {
        s += 1;
        e -= 1;
    }
    Ok(TitleParts {
        name: name.to_string(),
        slug: source[s..e].to_string(),
        slug_span: Span::new(s, e),
    })
}

/// The kebab-case slug pattern of the contract.
pub(crate) static SLUG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z0-9]+(?:-[a-z0-9]+)*$").expect("slug regex"));

/// Whether `slug` is a valid `feat_name` for the contract.
pub(crate) fn slug_is_valid(slug: &str, max_len: usize) -> bool {
    slug.len() <= max_len && SLUG.is_match(slug)
}

/// The first line of a block: the shortest span that still shows which block it is.
pub(crate) fn first_line(ctx: &Context<'_>, span: Span) -> Span {
    let line = ctx.doc.lines.line_of(span.start);
    let end = ctx
        .doc
        .lines
        .line_end(&ctx.doc.source, line)
        .clamp(span.start, span.end.max(span.start));
    Span::new(span.start, end)
}

/// The kebab-case form of `slug`, when it has one (`Rate_Limits` → `rate-limits`).
pub(crate) fn kebab(slug: &str) -> Option<String> {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in slug.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower && !out.ends_with('-') {
                out.push('-');
            }
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_lowercase());
        } else if matches!(c, '-' | '_' | ' ' | '.' | '/') {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
            prev_lower = false;
        } else {
            return None;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    SLUG.is_match(&out).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_titles() {
        let src = "Plan: Rate Limits (rate-limits)";
        let p = parse_title(src, Span::new(0, src.len()), "Plan:").unwrap();
        assert_eq!(p.name, "Rate Limits");
        assert_eq!(p.slug, "rate-limits");
        assert_eq!(p.slug_span.text(src), "rate-limits");
        let src = "Plan: A (v2) B ( `a-b` )";
        let p = parse_title(src, Span::new(0, src.len()), "Plan:").unwrap();
        assert_eq!((p.name.as_str(), p.slug.as_str()), ("A (v2) B", "a-b"));
        assert_eq!(
            parse_title("Rate", Span::new(0, 4), "Plan:"),
            Err(TitleProblem::Prefix)
        );
        assert_eq!(
            parse_title("Plan: A", Span::new(0, 7), "Plan:"),
            Err(TitleProblem::NoSlug)
        );
        assert_eq!(
            parse_title("Plan: (a)", Span::new(0, 9), "Plan:"),
            Err(TitleProblem::EmptyName)
        );
    }
}
