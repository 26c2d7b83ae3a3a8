//! PL102 `weak-wording`: vague words and phrases from the weak-wording lexicon.
//!
//! A word of the lexicon is reported where it leaves the implementer guessing (what to
//! do, which value, which file), not where it is only grammar:
//!
//! - never inside double quotes, behind the confirmation marker, in a question or after
//!   one in the same paragraph or list item, or where the word is mentioned rather
//!   than used (`'maybe'`, `*maybe*`, a list of modal verbs);
//! - `etc.` and `and so on` only in an instruction: a step's **Changes**, or a sentence
//!   opening with an imperative verb ("Create the enum (`A`, `B`, etc.)"). Elsewhere
//!   they mostly end examples of a set the sentence already names ("other subcommands
//!   (`list`, `prune`, etc.) keep working"), which leaves nothing open; and not even
//!   there when the parenthesis follows `other`/`all`/`every`/`existing`/`remaining`;
//! - `possibly` not before a state adjective ("possibly empty", "possibly different");
//! - `try to` only as an instruction ("Try to keep it small", "we try to"), not a
//!   literal attempt ("two processes try to refresh the file");
//! - `would` and `could` only in a step's **Changes**, or in its **Notes** when the
//!   sentence offers an alternative ("tests could use A, or we could B"): elsewhere
//!   they carry a rationale, a risk or a counterfactual ("changing the key would break
//!   old clients", "the job could not finish");
//! - `various` not when the full list follows (`various files: a, b`);
//! - `optionally` only where it makes a change optional ("Optionally update `x`"),
//!   not for a feature ("a preview, optionally with colours") or a setting with a
//!   default ("optionally create it via `--index` (default off)");
//! - `optional` only where it makes a task optional: a numbered or checklist item that
//!   opens with it or says "(optional)" (not a field, an argument or a feature).
//!
//! It also reports an undecided change ("keep as-is or remove", "Modify or Delete:"
//! before a path): `UNDECIDED`.

use crate::analysis::steps::FieldKind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::source::Span;
use crate::rules::language::prose_matches;
use crate::rules::language::sentence::{
    is_imperative, is_imperative_verb, is_mention, is_question, sentence,
};
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;

pub(crate) struct WeakWording;

static META: RuleMeta = RuleMeta {
    code: "PL102",
    name: "weak-wording",
    severity: Severity::Warning,
    summary: "No vague wording (maybe, probably, could, etc., as needed, …) in prose.",
    group: crate::rules::Group::Language,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// Whether `span` lies in the `kind` field of an Implementation Plan step.
fn in_field(ctx: &Context<'_>, span: Span, kind: FieldKind) -> bool {
    ctx.steps
        .steps
        .iter()
        .filter_map(|s| s.field(kind))
        .any(|f| f.content.contains(span))
}

/// Whether `span` lies in the **Changes** of an Implementation Plan step.
fn in_changes(ctx: &Context<'_>, span: Span) -> bool {
    in_field(ctx, span, FieldKind::Changes)
}

/// Adjectives of a value's state: `possibly` before one of them states what is allowed.
const STATES: &[&str] = &[
    "different",
    "distinct",
    "empty",
    "null",
    "nil",
    "none",
    "zero",
    "missing",
    "absent",
    "negative",
    "unset",
    "undefined",
];

/// Whether the `etc.` at `span` closes a parenthesis of examples whose set the sentence
/// names as a whole: `other subcommands (a, b, etc.)`, `all handlers (…, etc.)`.
fn names_its_set(ctx: &Context<'_>, span: Span) -> bool {
    let (before, _) = sentence(ctx.doc, span);
    let Some(open) = before.rfind('(') else {
        return false;
    };
    if before[open..].contains(')') {
        return false;
    }
    before[..open].split_whitespace().rev().take(4).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
        matches!(
            w.as_str(),
            "other" | "all" | "every" | "existing" | "remaining"
        )
    })
}

/// Whether the phrase, in its context, leaves something open (see the module docs).
fn is_vague(ctx: &Context<'_>, span: Span, phrase: &str) -> bool {
    let lower = phrase.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    match words.as_slice() {
        // `would`/`could`: only in a step's
        // Changes, or in its Notes when the sentence offers an alternative ("could A,
        // or could B"); elsewhere they carry a rationale or a risk.
        ["would"] | ["could"] => {
            in_changes(ctx, span)
                || in_field(ctx, span, FieldKind::Notes) && {
                    let (b, a) = sentence(ctx.doc, span);
                    b.contains(" or ") || a.contains(" or ")
                }
        }
        ["etc."] | ["and", "so", "on"] => {
            !names_its_set(ctx, span) && (in_changes(ctx, span) || is_imperative(ctx.doc, span))
        }
        // `possibly` before a state adjective tells which values are allowed ("possibly
        // different angles", "a possibly empty list"): a fact, not a guess.
        ["possibly"] => {
            let (_, after) = sentence(ctx.doc, span);
            let next: String = after
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'))
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect::<String>()
                .to_lowercase();
            !STATES.contains(&next.as_str())
        }
        ["try", "to"] => {
            let (before, _) = sentence(ctx.doc, span);
            let prev = before
                .trim_end()
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .unwrap_or("")
                .to_lowercase();
            before
                .trim()
                .trim_start_matches(['-', '*', '_', ' '])
                .is_empty()
                || [
                    "we", "i", "you", "should", "must", "please", "and", "or", "then",
                ]
                .contains(&prev.as_str())
        }
        // `optionally` makes a change optional ("Optionally update `x`", "Optionally:",
        // "(optionally)" in a step), not when it describes a feature ("a preview,
        // optionally with colours").
        ["optionally"] => {
            let (before, after) = sentence(ctx.doc, span);
            let opens = before
                .trim()
                .trim_start_matches(['-', '*', '_', ' ', '(', '['])
                .is_empty();
            let next: String = after
                .trim_start_matches([')', ':', '*', '_'])
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect();
            // "optionally create X via `var` (default `false`)": a setting with a
            // default, decided.
            let (b, a) = sentence(ctx.doc, span);
            let has_default = b.contains("default") || a.contains("default");
            !has_default
                && (opens
                    || before.trim_end().ends_with('(')
                    || is_imperative_verb(&next)
                    || in_changes(ctx, span))
        }
        // `optional` makes a task optional only in a numbered or checklist item that
        // opens with it ("4. Optional smoke test") or says so in a parenthesis
        // ("- [ ] smoke test (optional)"). Elsewhere it describes a field, an argument
        // or a feature ("an optional `description`", "`timeout` is optional").
        ["optional"] => optional_task(ctx, span),
        ["various"] => {
            let (_, after) = sentence(ctx.doc, span);
            let near: String = after.chars().take(80).collect();
            !near.contains([':', '('])
        }
        _ => true,
    }
}

/// Whether a question comes before `span` in its paragraph or list item: the words
/// explain an open question ("Is the split right? The contributor may want …"),
/// which is where the plan is meant to leave a decision open.
fn follows_a_question(ctx: &Context<'_>, span: Span) -> bool {
    let block = crate::document::blocks::leaf_block(ctx.doc, span);
    ctx.doc
        .text(Span::new(block.start.min(span.start), span.start))
        .contains("? ")
}

/// Whether the `optional` at `span` qualifies the task of a numbered or checklist
/// item: the first word of the item's first line (after bold, a checkbox, or a short
/// label ending in a dash or a colon), or the first word of a parenthesis there.
fn optional_task(ctx: &Context<'_>, span: Span) -> bool {
    let doc = ctx.doc;
    let Some(item) = doc
        .items
        .iter()
        .filter(|i| i.span.contains(span))
        .min_by_key(|i| i.span.end - i.span.start)
    else {
        return false;
    };
    let ordered = doc.lists.get(item.list).is_some_and(|l| l.ordered);
    if item.task.is_none() && !ordered {
        return false;
    }
    let before = &doc.source[item.marker.end.min(span.start)..span.start];
    if before.contains('\n') {
        return false;
    }
    let before = before.trim_end();
    if before.ends_with('(') {
        return true;
    }
    let before = before
        .trim_start()
        .trim_start_matches("[ ]")
        .trim_start_matches(['[', 'x', 'X', ']'])
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    // A short label before a dash or a colon: "**P5 —** optional …", "Step 4: Optional …".
    let label = before
        .strip_suffix(['—', '–', '-', ':'])
        .is_some_and(|l| l.split_whitespace().count() <= 2);
    before.is_empty() || label
}

/// An undecided change: two opposite changes offered for one thing ("keep as-is or
/// remove", "delete or keep", "Modify or Delete:" as a change label). Narrow on
/// purpose: "edit or delete posts" describes a feature, so a modify/remove pair only
/// counts as a label (before a colon).
/// Every match holds `or` between white space and then one of the verbs: the gate.
static UNDECIDED: super::Gated = super::Gated::new(
    || Regex::new(r"(?i)\sor\s+(?:remove|delete|drop|keep|leave)").expect("undecided-change gate"),
    || {
        Regex::new(
            r"(?i)\b((?:keep|leave)(?:\s+[\w-]+){0,3}?\s+or\s+(?:remove|delete|drop)\b|(?:remove|delete|drop)(?:\s+[\w-]+){0,2}?\s+or\s+(?:keep|leave)\b|(?:modify|edit|update|change)\s+or\s+(?:delete|remove)[*_]*\s*:)",
        )
        .expect("undecided-change regex")
    },
);

fn undecided_changes(ctx: &Context<'_>) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let runs = super::lexicon_runs(ctx.doc);
    super::visible_captures(ctx.doc, runs, &UNDECIDED, 1, |visible, m| {
        // A modify/remove pair is a change label only when a path follows it.
        if m.as_str().ends_with(':') {
            let rest = ctx.doc.source[visible.span(m.end(), m.end()).start..].trim_start();
            if !rest.starts_with(['`', '[']) {
                return;
            }
        }
        let text = m.as_str().trim_end_matches([':', ' ', '*', '_']);
        let span = visible.span(m.start(), m.start() + text.len());
        out.push((span, text.split_whitespace().collect::<Vec<_>>().join(" ")));
    });
    out
}

impl Rule for WeakWording {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(re) = ctx.lexicons.weak_wording() else {
            return Vec::new();
        };
        // Matches of one regex in one run do not overlap and come in order: the
        // undecided change that could hold a lexicon match is a binary search away.
        let undecided = undecided_changes(ctx);
        let inside_undecided = |span: Span| {
            let i = undecided.partition_point(|(u, _)| u.start <= span.start);
            i > 0 && undecided[i - 1].0.contains(span)
        };
        let mut found: Vec<(Span, String, bool)> = prose_matches(ctx.doc, re)
            .into_iter()
            .filter(|(span, _)| !inside_undecided(*span))
            .map(|(s, p)| (s, p, false))
            .chain(undecided.iter().map(|(s, p)| (*s, p.clone(), true)))
            .collect();
        found.sort_by_key(|f| (f.0.start, f.0.end));
        found
            .into_iter()
            .filter(|(span, ..)| !crate::rules::quoted_or_asked(ctx, *span))
            // Vague entries in a step's Files part are PL303's finding (an error there).
            .filter(|(span, ..)| {
                !ctx.steps
                    .steps
                    .iter()
                    .filter_map(|s| s.field(FieldKind::Files))
                    .any(|f| f.content.contains(*span))
            })
            .filter(|(span, ..)| !is_question(ctx.doc, *span) && !is_mention(ctx.doc, *span))
            .filter(|(span, ..)| !follows_a_question(ctx, *span))
            .filter(|(span, phrase, undecided)| *undecided || is_vague(ctx, *span, phrase))
            .map(|(span, phrase, undecided)| {
                if undecided {
                    self.report(span, format!("undecided change: `{phrase}`")).with_help(
                        "decide: name the one change the plan makes, or mark the choice for confirmation with one question",
                    )
                } else {
                    self.report(span, format!("weak wording: `{phrase}`")).with_help(
                        "be specific: name the exact condition, value, file or list; an implementer cannot act on a guess",
                    )
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};
    const TEXTS: &[&str] = &[
        "Keep the old flag or remove it.",
        "leave it or drop",
        "KEEP the x-y z or DELETE",
        "\u{212A}eep it or remove it",
        "remove it or keep it",
        "Drop the table or leave it",
        "Modify or delete: `src/a.rs`",
        "update\tor\u{a0}remove:",
        "change or delete**:",
    ];

    /// Every match of the full regex contains the gate, including case variants
    /// Unicode folds (`K` is the Kelvin sign, `ſ` a long s).
    #[test]
    fn the_gate_holds_for_every_match() {
        super::UNDECIDED.assert_gate_holds(TEXTS);
    }

    #[test]
    fn vectors() {
        Tester::new("PL102")
            .pass(&[
                "The CLI prints \"Retry would exceed the limit\".\n",
                "# Plan: Maybe Later (maybe-later)\n",
                "# Plan: Etc. Files, Keep or Remove (etc-files)\n",
                CLEAN_PLAN,
                "Likelihood, coulds, woulds and variousness are fine.\n",
                "`etc.` in code\n",
                "This could fail and would retry.\n",
                "Changing the key would break old clients; the job could not finish.\n",
                "Other subcommands (`list`, `prune`, etc.) keep working.\n",
                "It reads various settings: `PORT` and `HOST`.\n",
                "Two workers try to refresh the token at once.\n",
                "The word 'maybe' and *probably* are banned.\n",
                "Is the cache probably warm by then?\n",
                "It renders a preview, optionally with colours.\n",
                "Add the handler; the other routes (`/a`, `/b`, etc.) keep working.\n",
                "Return a possibly empty list.\n",
                "Optionally create the index via `--index` (default off).\n",
                "Send an optional `description` with the image.\n",
                "- `timeout` is optional (default 30 s).\n",
                "1. Add the dashboard as an optional panel.\n",
                "- Optional: `kms_key_arn` (default null).\n",
                "The value may be nil at the root; the pool may use 100 connections.\n",
                "- Is the split right? The contributor may want it the other way.\n",
                "Users can edit or delete their posts; keep the cache warm or not at all.\n",
                "- Edit or delete: the admin page offers both buttons.\n",
            ])
            .fail(&[
                "Maybe add a cache.\n",
                "Update the files, etc.\n",
                "Try  to keep it small; use it as needed.\n",
                "Create the `Event` enum (`Start`, `Stop`, etc.).\n",
                "Update `src/lib.rs` if needed; optionally update `src/main.rs`.\n",
                "Regenerate it with `make gen` (or equivalent) where practical.\n",
                "Show warnings if applicable; it is presumably the last table.\n",
                "4. Optional smoke test: run `make dev`.\n",
                "- [ ] Smoke test on a device (optional but recommended)\n",
                "5. **P5 — (optional) demo extension** for the viewer.\n",
                "Some types may already exist; the developer may adjust the constant.\n",
                "Fix the findings and rerun relevant tests.\n",
                "- Modify or Delete: `src/sync.ts`\n",
                "- `src/queue.ts`: keep as-is or remove if not needed.\n",
                "Delete the flag or keep it behind a setting.\n",
            ])
            .test_and_snapshot();
    }
}
