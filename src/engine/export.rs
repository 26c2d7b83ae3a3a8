//! `export` and `new` without the command line: feat_names, titles carrying a slug,
//! the skeleton of a new plan.

use crate::rules::structure::kebab;
use crate::rules::structure::{SLUG, TitleProblem, parse_title};
use std::path::Path;
use std::sync::Arc;

/// Why `slug` cannot be a feat_name.
pub(crate) fn invalid_slug(slug: &str, contract: &crate::contract::Contract) -> String {
    format!(
        "`{slug}` is not a valid feat_name: use a kebab-case slug (`{}`) of at most {} characters",
        SLUG.as_str(),
        contract.max_slug_len
    )
}

/// Most plans one transcript may hold: more are refused (nothing is written).
pub(crate) const MAX_TRANSCRIPT_PLANS: usize = 64;

/// Whether `written` (a title's slug) names the feature `slug`: the same, or the same
/// once in kebab-case.
pub(crate) fn same_slug(written: &str, slug: &str) -> bool {
    written == slug || kebab(written).as_deref() == Some(slug)
}

/// `text` with its title carrying `slug`: the title's slug replaced, or `(slug)` added
/// to a title that has none. A text without a `Plan:` title is returned as it is
/// (PL001 reports it).
pub(crate) fn with_slug(text: &Arc<str>, slug: &str, prefix: &str) -> Arc<str> {
    let doc = crate::document::parse::parse(Path::new("plan.md"), text.clone());
    let Some(title) = doc.title() else {
        return text.clone();
    };
    let (span, insert) = match parse_title(&doc.source, title.text_span, prefix) {
        Ok(parts) if parts.slug == slug => return text.clone(),
        Ok(parts) => (parts.slug_span, slug.to_string()),
        Err(TitleProblem::NoSlug) => (
            crate::document::source::Span::empty(title.text_span.end),
            format!(" ({slug})"),
        ),
        Err(_) => return text.clone(),
    };
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..span.start]);
    out.push_str(&insert);
    out.push_str(&text[span.end..]);
    Arc::from(out)
}

/// The slug of the plan's title, as written, if it has one.
pub(crate) fn title_slug(text: &Arc<str>, prefix: &str) -> Option<String> {
    let doc = crate::document::parse::parse(Path::new("plan.md"), text.clone());
    let title = doc.title()?;
    parse_title(&doc.source, title.text_span, prefix)
        .ok()
        .map(|p| p.slug)
}

/// Title case of a slug: `rate-limits` → `Rate Limits`.
pub(crate) fn title_case(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The skeleton `plan-lint new` writes: the title and every required section, each
/// with the marker and its question, and all questions listed in Open Questions.
pub(crate) fn skeleton(contract: &crate::contract::Contract, slug: &str, title: &str) -> String {
    let marker = &contract.marker;
    let mut s = format!("# {} {title} ({slug})\n", contract.title_prefix);
    let oq = contract.section_index("open-questions");
    for (i, spec) in contract.sections.iter().enumerate() {
        s.push_str(&format!("\n## {}\n\n", spec.name));
        if Some(i) == oq {
            for (j, other) in contract.sections.iter().enumerate() {
                if Some(j) != oq {
                    s.push_str(&format!("- {marker} {}\n", other.question()));
                }
            }
        } else {
            s.push_str(&format!("{marker} {}\n", spec.question()));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(title_case("rate-limits-v2"), "Rate Limits V2");
    }
}
