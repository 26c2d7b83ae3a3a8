//! PL504 `marker-unlisted`: a marker outside Open Questions has its question listed
//! among the Open Questions too.
//!
//! The question of a marker is the text after it in its block, up to its last `?`
//! (see `helpers::question_region`). It is listed when its
//! whitespace-normalised, case-folded plain text appears in one block (paragraph,
//! heading or table cell) of the Open Questions section. A near miss of the marker
//! that PL503 fixes (`[NEEDS CONFIRMATION]`) counts as a marker here, so that fixing
//! it never reveals this finding.

use super::helpers::question_region;
use super::questions::{all_markers, question};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::inline::plain_text;
use crate::document::model::{BlockKind, Document};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use aho_corasick::AhoCorasick;
use std::collections::{BTreeSet, HashSet};

pub(crate) struct MarkerUnlisted;

static META: RuleMeta = RuleMeta {
    code: "PL504",
    name: "marker-unlisted",
    severity: Severity::Warning,
    summary: "A marker outside Open Questions has its question listed among the Open Questions too.",
    group: crate::rules::Group::Markers,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// Plain text with runs of whitespace collapsed to one space (and the `>` of a
/// block quote's continuation lines dropped).
fn normalised(doc: &Document, span: Span) -> String {
    plain_text(&doc.source, span)
        .lines()
        .enumerate()
        .map(|(i, line)| match i {
            0 => line,
            _ => line.trim_start().trim_start_matches(['>', ' ', '\t']),
        })
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Shortens a question for the help line.
fn shorten(q: &str) -> String {
    const MAX: usize = 80;
    if q.chars().count() <= MAX {
        return q.to_string();
    }
    let cut: String = q.chars().take(MAX - 1).collect();
    format!("{}…", cut.trim_end())
}

impl Rule for MarkerUnlisted {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let marker = &ctx.contract.marker;
        let Some(section) = ctx.outline.section(doc, ctx.contract, "open-questions") else {
            return Vec::new();
        };
        let all = all_markers(ctx);
        if all.iter().all(|m| section.span.contains(*m)) {
            return Vec::new();
        }
        // The text of every leaf block of Open Questions, case-folded.
        let mut listed: Vec<String> = doc
            .blocks
            .iter()
            .filter(|b| {
                matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading)
                    && section.body.contains(b.span)
            })
            .map(|b| normalised(doc, b.span).to_lowercase())
            .collect();
        for table in doc.tables.iter().filter(|t| section.body.contains(t.span)) {
            for row in std::iter::once(&table.header).chain(&table.rows) {
                listed.extend(
                    row.cells
                        .iter()
                        .map(|c| normalised(doc, c.span).to_lowercase()),
                );
            }
        }
        // Each outside marker's question, then one pass over the listed text for all of
        // them (a question is listed when it occurs in a listed block).
        let outside: Vec<(Span, Span, String)> = all
            .iter()
            .filter(|m| !section.span.contains(**m))
            .map(|&m| {
                let region = question_region(doc, m, &all);
                (m, region, question(&normalised(doc, region)).to_lowercase())
            })
            .filter(|(_, _, key)| !key.is_empty()) // no question at all: PL502
            .collect();
        let found = listed_keys(&outside, &listed);
        let mut out = Vec::new();
        for (m, region, key) in &outside {
            if found.contains(key.as_str()) {
                continue;
            }
            out.push(
                self.report(
                    *m,
                    "the question of this marker is not listed in Open Questions".to_string(),
                )
                .with_help(format!(
                    "add it to Open Questions as: - {marker} {}",
                    shorten(&question(doc.text(*region)))
                )),
            );
        }
        out
    }
}

/// The keys (questions) of `outside` that occur in some block of `listed`: one
/// Aho-Corasick pass over the listed text instead of a substring search per marker
/// and block. Blocks are joined with `\n`, which no key contains (keys are
/// whitespace-normalised), so no match spans two blocks.
fn listed_keys<'k>(outside: &'k [(Span, Span, String)], listed: &[String]) -> HashSet<&'k str> {
    let keys: Vec<&str> = outside
        .iter()
        .map(|(_, _, k)| k.as_str())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let Ok(ac) = AhoCorasick::new(&keys) else {
        // Too large an automaton: fall back to a search per key.
        return keys
            .into_iter()
            .filter(|k| listed.iter().any(|l| l.contains(k)))
            .collect();
    };
    let haystack = listed.join("\n");
    let mut found = HashSet::new();
    for m in ac.find_overlapping_iter(&haystack) {
        found.insert(keys[m.pattern().as_usize()]);
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let goals = "# Plan: A (a)\n\n## Goals\n\n";
        Tester::new("PL504")
            .pass(&[
                CLEAN_PLAN,
                // listed, with other case, spacing and emphasis
                // a block quote wrapping over two lines
                &format!("{goals}> [0o0o NEEDS CONFIRMATION] Should the quote\n> wrap?\n\n## Open Questions\n\n- [0o0o NEEDS CONFIRMATION] Should the quote wrap?\n"),
                &format!("{goals}- Store buckets in Redis [0o0o NEEDS CONFIRMATION] Which Redis\n  instance stores the buckets?\n\n## Open Questions\n\n- [0o0o NEEDS CONFIRMATION] which redis instance stores *the buckets*?\n"),
                // in a table cell, listed in a table of Open Questions
                &format!("{goals}| Path | Why |\n|---|---|\n| `a.rs` | [0o0o NEEDS CONFIRMATION] Does `a.rs` exist? |\n\n## Open Questions\n\n| Question |\n|---|\n| [0o0o NEEDS CONFIRMATION] Does `a.rs` exist? |\n"),
                // markers as text; a marker without a question (PL502's business)
                &format!("{goals}- Write `[0o0o NEEDS CONFIRMATION]` for unknowns.\n- Unknown [0o0o NEEDS CONFIRMATION]\n\n```md\n[0o0o NEEDS CONFIRMATION] Which?\n```\n\n## Open Questions\n\nNone.\n"),
                // no Open Questions section: PL004's business
                &format!("{goals}- [0o0o NEEDS CONFIRMATION] Which store?\n"),
            ])
            .fail(&[
                &format!("{goals}- [0o0o NEEDS CONFIRMATION] Which store holds the buckets?\n- [0o0o NEEDS CONFIRMATION] Which TTL?\n\n## Open Questions\n\n- [0o0o NEEDS CONFIRMATION] Which TTL?\n"),
                &format!("{goals}| Path | Why |\n|---|---|\n| `a.rs` | [0o0o NEEDS CONFIRMATION] Does `a.rs` exist? |\n\n## Open Questions\n\nNone.\n"),
            ])
            .test_and_snapshot();
    }
}
