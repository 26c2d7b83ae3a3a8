//! PL310 `create-existing`: a step's Files or Changes say a path is created, but the
//! path already exists in the repository.
//!
//! The claim is read strictly, so that only the path itself is what is created:
//!
//! * a creating verb whose object is the path: "Create `src/x.rs`", "Add new file
//!   `src/x.rs`", "Scaffold the module `src/x.rs`", "Create `a.rs` and `b.rs`";
//! * a "new file" label before it: "New file: `src/x.rs`", "new module `src/x.rs`";
//! * a marker after it: "`src/x.rs` (new)", "`src/x.rs` \[new\]", "`src/x.rs` — new file";
//! * the first path of an item under a "New files:" lead-in
//!   ([`crate::analysis::references::lead_in_claim`]).
//!
//! Not reported: a thing created *inside* the path ("Create a test in `tests/x.rs`",
//! "Add `fn f` to `src/x.rs`"), a conditional creation ("create `x` if it does not
//! exist", "if missing", "create or update"), a negated one ("do not create `x`"), a
//! block that carries the confirmation marker, a directory (creating a directory that
//! exists is harmless), and a path whose impact row is `new` (PL204 reports the row:
//! one root cause, one finding).

use super::step_name;
use crate::analysis::impact::planned;
use crate::analysis::references::{Claim, clause_claim, lead_in_claim, path_candidate};
use crate::analysis::steps::FieldKind;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::model::Document;
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view::{self, EntryKind, Lookup};
use regex::Regex;
use std::sync::LazyLock;

pub(crate) struct CreateExisting;

static META: RuleMeta = RuleMeta {
    code: "PL310",
    name: "create-existing",
    severity: Severity::Error,
    summary: "A step does not create a file that already exists.",
    group: crate::rules::Group::Steps,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// How far before and after a path its claim is read (bytes, within the leaf block).
const REACH: usize = 160;

/// The text before a path (code spans replaced by `\u{1}`, see [`before_text`]) ends
/// with a creating verb or a "new file" label whose object is the path.
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:^|[^\w'’])(?P<neg>(?:do\s+not|does\s+not|don't|doesn't|never|no\s+need\s+to|won't|will\s+not|not|nor)\s+)?",
        r"(?:(?:create|creates|creating|add|adds|adding|introduce|introduces|introducing|scaffold|scaffolds|scaffolding)\s+",
        r"(?:(?:a|an|the|one)\s+)?(?:(?:brand[\s-])?new\s+)?(?:empty\s+)?",
        r"(?:(?:source\s+|test\s+|config\s+)?(?:file|module|script|page|component|crate|package)\s+)?",
        r"|\bnew\s+(?:(?:source\s+|test\s+|config\s+)?(?:file|module|script|page|component))s?\s*:?\s*",
        r")[*_]*\s*(?:\x01[*_]*\s*(?:,|\band\b|\bor\b|&|\+)\s*[*_]*\s*)*$",
    ))
    .expect("create-before regex")
});

/// A "new" marker right after a path.
static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^[*_]*\s*(?:\((?:new|new\s+file|created)\)|\[new\]|[—–-]+\s*new(?:\s+file)?\s*(?:$|[.,;)]))")
        .expect("create-after regex")
});

/// A conditional or alternative creation anywhere in the clause: the step does not
/// claim the file is absent.
static CONDITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\bif\s+(?:it\s+|they\s+|one\s+|the\s+file\s+)?(?:does\s+not|doesn't|do\s+not|don't)\s+(?:already\s+)?exist",
        r"|\bif\s+(?:not\s+)?(?:missing|absent|needed|necessary|required|not\s+(?:already\s+)?(?:present|there|exists?))\b",
        r"|\bunless\b|\bor\s+(?:update|edit|extend|modify|reuse|append)|\b(?:update|edit|extend|modify)\s+or\s+(?:create|add)",
        r"|\bif\s+absent\b|\bwhen\s+missing\b|\bnot\s+already\b|\bif\s+not\s+already\b|\balready\s+exists?\b|\bexisting\b",
    ))
    .expect("conditional regex")
});

/// The text of `span` with every code span replaced by one `\u{1}` per byte.
fn before_text(doc: &Document, span: Span) -> String {
    let mut out = String::with_capacity(span.len());
    let mut at = span.start;
    for c in doc.code_spans_in(span) {
        out.push_str(&doc.source[at..c.span.start]);
        out.push('\u{1}');
        at = c.span.end;
    }
    out.push_str(&doc.source[at..span.end]);
    out
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The clause before `at` inside `leaf`: back to the last sentence stop (`.`, `;`,
/// `!`, `?`, `:` of a label followed by a space) or the line start.
fn clause_before(text: &str) -> &str {
    let b = text.as_bytes();
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        if b[i] == b'\n' {
            return &text[i + 1..];
        }
        if matches!(b[i], b'.' | b';' | b'!' | b'?')
            && b.get(i + 1).is_some_and(|c| c.is_ascii_whitespace())
        {
            return &text[i + 1..];
        }
    }
    text
}

/// Whether the words around `span` (a path in a step's Files or Changes) say the step
/// creates exactly that path, unconditionally.
pub(crate) fn creates(ctx: &Context<'_>, span: Span) -> bool {
    let doc = ctx.doc;
    let src = &doc.source;
    let leaf = crate::document::blocks::leaf_block(doc, span);
    let from = floor_char(src, span.start.saturating_sub(REACH).max(leaf.start));
    let to = ceil_char(src, (span.end + REACH).min(leaf.end.max(span.end)));
    let before = before_text(doc, Span::new(from, span.start));
    let after = before_text(doc, Span::new(span.end, to));
    let clause = clause_before(&before);
    let after_clause = after.split(['.', ';', '\n']).next().unwrap_or("");
    if CONDITIONAL.is_match(clause) || CONDITIONAL.is_match(after_clause) {
        return false;
    }
    let said = match BEFORE.captures(clause) {
        Some(c) => c.name("neg").is_none(),
        None => AFTER.is_match(&after) || lead_in_claim(doc, span) == Some(Claim::New),
    };
    // The general reading of the clause does not contradict it (the path is not
    // gone, run-time, hypothetical or edited).
    said && !matches!(
        clause_claim(doc, span),
        Some(Claim::Gone | Claim::RunTime | Claim::Hypothetical | Claim::Existing)
    )
}

impl Rule for CreateExisting {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let marker = &ctx.contract.marker;
        let mut out = Vec::new();
        for step in &ctx.steps.steps {
            let mut seen = std::collections::HashSet::new();
            for field in &step.fields {
                if !matches!(field.kind, FieldKind::Files | FieldKind::Changes) {
                    continue;
                }
                for code in doc.code_spans_in(field.content) {
                    let Some(path) = path_candidate(&code.text) else {
                        continue;
                    };
                    if !super::is_concrete(&path) {
                        continue;
                    }
                    let Ok(rel) = fs_view::normalize(&path) else {
                        continue;
                    };
                    if rel.is_empty()
                        || planned(ctx.impact, &rel)
                        || crate::document::blocks::carries_marker(doc, code.span, marker)
                        || !creates(ctx, code.span)
                    {
                        continue;
                    }
                    if ctx.fs.lookup(&rel) != Lookup::Found(EntryKind::File) {
                        continue;
                    }
                    if !seen.insert(rel.clone()) {
                        continue; // one finding per path and step
                    }
                    out.push(
                        self.report(
                            code.content,
                            format!("{} creates `{rel}`, which already exists", step_name(step)),
                        )
                        .with_help("edit it instead (and make its impact row `edit`), or choose a new path"),
                    );
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    fn plan(changes: &str) -> String {
        format!(
            "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `src/lib.rs` | x | edit |\n| `src/limits.rs` | x | new |\n| `src/server.rs` | x | new |\n\n## Implementation Plan\n\n1. A.\n   - **Files:** `src/lib.rs`\n   - **Changes:** {changes}\n   - **Notes:** y\n"
        )
    }

    #[test]
    fn vectors() {
        Tester::new("PL310")
            .pass(&[
                CLEAN_PLAN,
                &plan("Create `src/limits.rs` with the bucket."),
                &plan("Create a test in `tests/cli.rs`."),
                &plan("Add `fn limit()` to `src/lib.rs`."),
                &plan("Create `src/lib.rs` if it does not exist."),
                &plan("Create `src/lib.rs` if missing."),
                &plan("Create or update `src/lib.rs`."),
                &plan("Do not create `src/lib.rs`."),
                &plan("Create the `tests/api` directory."),
                &plan("Create `tests/api/`."),
                &plan("[0o0o NEEDS CONFIRMATION] Create `src/lib.rs`?"),
                &plan("Update `src/lib.rs`; the new `limits` module lives in `src/limits.rs`."),
                // PL204 reports the `new` row
                &plan("Create `src/server.rs`."),
            ])
            .fail(&[
                &plan("Create `src/lib.rs` with the limiter."),
                &plan("Add new file `src/main.rs` and `tests/cli.rs`."),
                &plan("New file: `tests/cli.rs`."),
                &plan("`docs/guide.md` (new): the guide."),
            ])
            .test_and_snapshot();
    }
}
