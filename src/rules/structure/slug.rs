//! PL002 `slug`: `feat_name` is a filesystem-safe kebab-case slug, at most 64 characters.

use super::{SLUG, title_parts};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub struct Slug;

static META: RuleMeta = RuleMeta {
    code: "PL002",
    name: "slug",
    severity: Severity::Error,
    summary: "`feat_name` is a kebab-case slug (`^[a-z0-9]+(-[a-z0-9]+)*$`) of at most 64 characters.",
};

/// The kebab-case form of `slug`, when it has one (`Rate_Limits` → `rate-limits`).
pub fn kebab(slug: &str) -> Option<String> {
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

impl Rule for Slug {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(Ok(parts)) = title_parts(ctx) else {
            return Vec::new();
        };
        let max = ctx.contract.max_slug_len;
        let slug = &parts.slug;
        let d = if slug.is_empty() {
            self.report(parts.slug_span, "the feature slug is empty".into())
                .with_help("write a kebab-case slug in the parentheses, e.g. `(rate-limits)`")
        } else if !SLUG.is_match(slug) {
            let d = self.report(
                parts.slug_span,
                format!("`{slug}` is not a kebab-case slug"),
            );
            match kebab(slug) {
                Some(k) if k.len() <= max => d
                    .with_help(format!("write `{k}`: lower-case letters and digits joined by single hyphens"))
                    .with_fix(Fix::replace(Applicability::Safe, format!("Write the slug as `{k}`"), parts.slug_span, k.clone())),
                _ => d.with_help("use lower-case letters and digits joined by single hyphens, e.g. `rate-limits`"),
            }
        } else if slug.len() > max {
            self.report(
                parts.slug_span,
                format!(
                    "the slug is {} characters long; at most {max} are allowed",
                    slug.len()
                ),
            )
            .with_help("shorten it: it becomes part of the file name")
        } else {
            return Vec::new();
        };
        vec![d]
    }
}

#[cfg(test)]
mod tests {
    use super::kebab;
    use crate::rules::tester::Tester;

    #[test]
    fn kebab_forms() {
        assert_eq!(kebab("Rate_Limits").as_deref(), Some("rate-limits"));
        assert_eq!(kebab("rateLimits").as_deref(), Some("rate-limits"));
        assert_eq!(kebab("a--b").as_deref(), Some("a-b"));
        assert_eq!(kebab("ä"), None);
    }

    #[test]
    fn vectors() {
        Tester::new("PL002")
            .pass(&[
                "# Plan: A (a)\n",
                "# Plan: A (rate-limits-v2)\n",
                "# Plan: A (`a-b`)\n",
                "# Title\n",
            ])
            .fail(&[
                "# Plan: A (Rate_Limits)\n",
                "# Plan: A (a--b)\n",
                "# Plan: A ()\n",
                "# Plan: A (-a)\n",
                "# Plan: A (ä)\n",
                "# Plan: A (aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)\n",
            ])
            .fix(&[
                (
                    "# Plan: Rate Limits (Rate_Limits)\n",
                    "# Plan: Rate Limits (rate-limits)\n",
                ),
                ("# Plan: A (`rateLimits`)\n", "# Plan: A (`rate-limits`)\n"),
            ])
            .test_and_snapshot();
    }
}
