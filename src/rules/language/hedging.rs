//! PL101 `hedging`: no `should` / `might` (and their negative forms) in prose.

use crate::diagnostic::match_case;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::model::Document;
use crate::document::source::Span;
use crate::rules::language::prose_matches;
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct Hedging;

static META: RuleMeta = RuleMeta {
    code: "PL101",
    name: "hedging",
    severity: Severity::Error,
    summary: "No hedging (`should`, `might` and their forms) in prose: state what must happen.",
    group: crate::rules::Group::Language,
    fix: crate::rules::FixAvailability::Sometimes(crate::diagnostic::Applicability::Safe),
    phase: crate::rules::Phase::Document,
};

/// What to write instead of a hedging form.
pub(crate) fn replacement_help(word: &str, marker: &str) -> String {
    let lower = word.to_lowercase();
    let negative = lower.contains("n't") || lower.contains("n’t") || lower.ends_with("not");
    if lower.starts_with("should") {
        if negative {
            "state it as a requirement: write `must not`".to_string()
        } else {
            "state it as a requirement: write `must`".to_string()
        }
    } else if lower.starts_with("might") {
        format!(
            "say what happens and when (\"X happens when Y\"), or if it is unknown, mark it `{marker}` with one question"
        )
    } else {
        "state it as a testable requirement (`must`, `must not`) or a fact".to_string()
    }
}

/// `should` → `must` and `should not` / `shouldn't` → `must not`, keeping case: safe,
/// except for a sentence-initial conditional (`Should the cache miss, …`), where `must`
/// would change the meaning: a suggestion there. `might` → `will` is only a suggestion
/// (the author decides whether it always happens).
pub(crate) fn hedging_fix(doc: &Document, span: Span, word: &str) -> Option<Fix> {
    let lower = word.to_lowercase();
    let negative = lower.contains("n't") || lower.contains("n’t") || lower.ends_with("not");
    let head: String = word.chars().take_while(|c| c.is_alphabetic()).collect();
    let shout = head.chars().count() > 1 && head.chars().all(|c| c.is_uppercase());
    if lower.starts_with("should") {
        let base = if negative { "must not" } else { "must" };
        let replacement = if shout {
            base.to_uppercase()
        } else {
            match_case(&head, base)
        };
        let applicability = if conditional_inversion(doc, span) {
            Applicability::Suggestion
        } else {
            Applicability::Safe
        };
        return Some(Fix::replace(
            applicability,
            format!("Replace `{word}` with `{replacement}`"),
            span,
            replacement,
        ));
    }
    if lower.starts_with("might") && !negative {
        let replacement = if shout {
            "WILL".to_string()
        } else {
            match_case(&head, "will")
        };
        return Some(Fix::replace(
            Applicability::Suggestion,
            format!("If it always happens, replace `{word}` with `{replacement}`"),
            span,
            replacement,
        ));
    }
    None
}

/// How far past a match a question mark is looked for, in bytes of prose: a question
/// longer than that is not recognised (and a match costs at most this much).
const QUESTION_REACH: usize = 2000;

/// Whether the match is part of a question, so that it is neither reported nor ever
/// rewritten (`- Should expired codes be logged?` must not become an order; PL505
/// reports an open question). Besides [`super::sentence::is_question`], which looks
/// [`super::sentence::REACH`] bytes ahead: a `?` (or a full-width `？`) in the prose
/// after the match, within its leaf block and [`QUESTION_REACH`] bytes, before a `.`,
/// `!` or `。` that ends the sentence (whitespace or the end after it, and not a
/// lower-case word or a digit next: `approx. 5 min. intervals?`, `app. or stdout?`;
/// `?!` and `?<br>` are questions); or an inverted question without its mark
/// (`Should we use `x?` here`): a sentence opening with the word, then `we`, `I`,
/// `you` or `they`, and no comma (`Should we fail, we retry` is a conditional).
fn in_question(doc: &Document, span: Span) -> bool {
    if super::sentence::is_question(doc, span) {
        return true;
    }
    let block = crate::document::blocks::leaf_block(doc, span);
    let limit = block.end.min(span.end + QUESTION_REACH).max(span.end);
    let src = &doc.source;
    'runs: for run in doc.prose_in(Span::new(span.end, limit)) {
        let text = &src[run.start..run.end];
        for (i, c) in text.char_indices() {
            match c {
                '?' | '？' => return true,
                '.' | '!' | '。' => {
                    let after = &src
                        [run.start + i + c.len_utf8()..block.end.max(run.start + i + c.len_utf8())];
                    let Some(next) = after.chars().next() else {
                        break 'runs;
                    };
                    if c == '!' && next == '?' {
                        continue;
                    }
                    if !next.is_whitespace() {
                        continue;
                    }
                    let word = after.trim_start().chars().next();
                    if c == '.' && word.is_some_and(|w| w.is_lowercase() || w.is_ascii_digit()) {
                        continue;
                    }
                    break 'runs;
                }
                _ => {}
            }
        }
    }
    inverted_question(doc, span)
}

/// `Should we …` / `Might I …` opening a sentence with no comma before its end.
fn inverted_question(doc: &Document, span: Span) -> bool {
    let src = &doc.source;
    let before = src[..span.start].trim_end_matches([' ', '\t', '*', '_']);
    let sentence_start =
        before.is_empty() || before.ends_with(['.', '!', '?', '\n', '\r', '>', '-', '|', ':', '#']);
    if !sentence_start {
        return false;
    }
    let rest = &src[span.end..];
    let end = rest.find(['.', '!', '?', '\n']).unwrap_or(rest.len());
    let clause = &rest[..end];
    let subject = clause.split_whitespace().next().map(|w| w.to_lowercase());
    matches!(subject.as_deref(), Some("we" | "i" | "you" | "they")) && !clause.contains(',')
}

/// `Should X happen, …`: a capitalised `Should` opening a sentence whose clause runs
/// into a comma before the sentence ends.
fn conditional_inversion(doc: &Document, span: Span) -> bool {
    let src = &doc.source;
    let before = src[..span.start].trim_end_matches([' ', '\t', '*', '_']);
    let sentence_start =
        before.is_empty() || before.ends_with(['.', '!', '?', '\n', '\r', '>', '-', '|', ':', '#']);
    if !sentence_start || !src[span.start..].starts_with('S') {
        return false;
    }
    let rest = &src[span.end..];
    let end = rest.find(['.', '!', '?', '\n']).unwrap_or(rest.len());
    rest[..end].contains(',')
}

impl Rule for Hedging {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(re) = ctx.lexicons.hedging() else {
            return Vec::new();
        };
        prose_matches(ctx.doc, re)
            .into_iter()
            .filter(|(span, _)| !crate::rules::quoted_or_asked(ctx, *span))
            // A question is not a hedged statement, and a word named as a word
            // ("verbs such as must, should") is not used.
            .filter(|(span, _)| {
                !in_question(ctx.doc, *span) && !super::sentence::is_mention(ctx.doc, *span)
            })
            .map(|(span, word)| {
                let word = word.as_str();
                let d = self
                    .report(span, format!("hedging: `{word}`"))
                    .with_help(replacement_help(word, &ctx.contract.marker));
                match hedging_fix(ctx.doc, span, word) {
                    Some(fix) => d.with_fix(fix),
                    None => d,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        Tester::new("PL101")
            .pass(&[
                "The error reads \"Name should not be empty\" and “it might fail”.\n",
                "- [0o0o NEEDS CONFIRMATION] Should the limit apply per API key?\n",
                "Should expired codes be logged?\n",
                // Questions in every shape: never reported, never rewritten.
                "- Should expired codes be logged？\n",
                "- Should expired codes be logged?!\n",
                "- Should expired codes be logged?<br>\n",
                "- Should expired codes be logged at approx. 5 min. intervals?\n",
                "- Should expired codes be logged to /var/log/app. or to stdout?\n",
                "- Should we use `x?` here\n",
                &format!("- Should expired codes be logged to {}stderr?\n", "x ".repeat(300)),
                "| Should expired codes be logged? | open |\n",
                "> Should expired codes be logged?\n",
                "# Plan: Should Retry (should-retry)\n",
                "# Plan: Might Be Maybe (might-be-maybe)\n\n## Summary\n",
                "# Plan: Shouldn't Block (`should-not-block`)\n",
                "Is it right, or should some be methods (e.g. `x.demo()`)?\n",
                "Avoid should/might; no verbs such as must, should, advise.\n",
                "The word 'should' and *might* are banned.\n",

                CLEAN_PLAN,
                "The shoulder is mighty.\n",
                "Run `should_retry()` and see [docs](https://x.y/should).\n",
                "```\nit should work\n```\n",
                "<!-- should -->\n",
                "https://example.com/might\n",
            ])
            .fail(&[
                "The API should return 429.\n",
                "It should log them. Is that all?\n",
                "It should return `x?` and stop.\n",
                "Should we fail, we retry.\n",
                "It shouldn't retry; it should not block.\n",
                "**Should** it fail, it Might retry; MIGHT.\n",
                "| a | b |\n|---|---|\n| x \\| y | it should |\n",
                "- item\n  > quoted: should\n",
                "é → the cache should hold 10 entries.\n",
            ])
            .fix(&[
                (
                    "The API should return 429; it shouldn't retry. It Should not block.\nSHOULD NOT log. Should the cache miss, it reloads.\nIt might fail.\n",
                    "The API must return 429; it must not retry. It Must not block.\nMUST NOT log. Should the cache miss, it reloads.\nIt might fail.\n",
                ),
                ("- [ ] it should pass\r\n", "- [ ] it must pass\r\n"),
                (
                    "# Plan: Should Retry (should-retry)\n\nIt should retry.\n",
                    "# Plan: Should Retry (should-retry)\n\nIt must retry.\n",
                ),
            ])
            .test_and_snapshot();
    }
}
