//! PL103 `back-reference`: phrases that make the plan depend on a conversation or on
//! reading order ("as discussed above", "per our conversation", …).

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::source::Span;
use crate::rules::language::prose_matches;
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;

/// Back-references the phrase lexicon cannot list: `see <Section> above` (one to four
/// words between) and `the <one word> above` ("the three above", "the sections
/// above"). The second is only taken when the sentence goes on as if `above` closed a
/// noun phrase (see [`closes_phrase`]), so "the value above 100" is not one.
/// Every match ends in `above`: the gate.
static PATTERNS: super::Gated = super::Gated::new(
    || Regex::new(r"(?i)above").expect("valid gate"),
    || {
        Regex::new(r"(?i)\bsee\s+(?:the\s+)?(?:[\w`*&/-]+\s+){1,4}above\b|\bthe\s+\w+\s+above\b")
            .expect("valid pattern")
    },
);

/// Whether the text after a match ends the phrase there: a punctuation mark, the end
/// of the line, or a verb or conjunction (`The three above have …`).
fn closes_phrase(after: &str) -> bool {
    let a = after.trim_start_matches(['*', '_']);
    let Some(c) = a.chars().next() else {
        return true;
    };
    if matches!(c, '.' | ',' | ';' | ':' | ')' | '!' | '?' | '\n' | '\r') {
        return true;
    }
    if c != ' ' && c != '\t' {
        return false;
    }
    let word: String = a
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "do",
        "does",
        "also",
        "and",
        "or",
        "apply",
        "applies",
        "hold",
        "holds",
        "cover",
        "covers",
        "describe",
        "describes",
    ]
    .contains(&word.as_str())
}

/// A hyphenated compound (`above-the-fold`) is a term, not a back-reference.
fn in_compound(src: &str, span: Span) -> bool {
    src[span.end..].starts_with('-') || src[..span.start].ends_with('-')
}

pub(crate) struct BackReference;

static META: RuleMeta = RuleMeta {
    code: "PL103",
    name: "back-reference",
    severity: Severity::Error,
    summary: "No references to a conversation or to earlier text (\"as discussed above\"): the plan stands alone.",
    group: crate::rules::Group::Language,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for BackReference {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(re) = ctx.lexicons.back_reference() else {
            return Vec::new();
        };
        let src = &ctx.doc.source;
        let mut found: Vec<(Span, String)> = prose_matches(ctx.doc, re)
            .into_iter()
            .filter(|(span, _)| !in_compound(src, *span))
            .collect();
        let extra: Vec<(Span, String)> =
            super::visible_matches_gated(ctx.doc, super::lexicon_runs(ctx.doc), &PATTERNS)
                .into_iter()
                .filter(|(span, phrase)| {
                    !in_compound(src, *span)
                        && (phrase.to_lowercase().starts_with("see")
                            || closes_phrase(&src[span.end..]))
                        && !found
                            .iter()
                            .any(|(f, _)| f.start < span.end && span.start < f.end)
                })
                .collect();
        found.extend(extra);
        found.sort_by_key(|(span, _)| (span.start, span.end));
        found
            .into_iter()
            .map(|(span, phrase)| {
                self.report(span, format!("back-reference: `{phrase}`"))
                    .with_help("restate the fact or decision here: the plan must stand alone, without the conversation")
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};
    const TEXTS: &[&str] = &[
        "See the table above.",
        "see section 3 above",
        "SEE THE `Impact` TABLE ABOVE",
        "as the list above shows",
        "The steps above",
        "see the a b c d above",
        "\u{17F}ee the notes above",
    ];

    /// Every match of the full regex contains the gate, including case variants
    /// Unicode folds (`K` is the Kelvin sign, `ſ` a long s).
    #[test]
    fn the_gate_holds_for_every_match() {
        super::PATTERNS.assert_gate_holds(TEXTS);
    }

    #[test]
    fn vectors() {
        Tester::new("PL103")
            .pass(&[
                CLEAN_PLAN,
                "The aboveground tank.\n",
                "# Plan: As Discussed Above (as-discussed-above)\n",
                "# Plan: See Above (see-above)\n",
                "`as discussed above`\n",
                "Keep the above-the-fold hero small.\n",
                "Reject values above 100; keep the limit above the burst size.\n",
            ])
            .fail(&[
                "Use the cache as discussed above.\n",
                "As mentioned\nearlier, retry.\n",
                "Per our conversation, use Redis.\n",
                "Apply the above to all routes.\n",
                "Same as above.\n",
                "Wire the IDs (see Analysis Modules above).\n",
                "The three above have one parser; fold it into the sections above.\n",
            ])
            .test_and_snapshot();
    }
}
