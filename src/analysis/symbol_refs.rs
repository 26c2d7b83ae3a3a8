//! Where a plan names code symbols (PL307–PL309), and the names a run must scan for.
//!
//! The contract's recon clause asks that "every referenced existing file/symbol"
//! exists in the repository. Paths are checked against the [`crate::workspace::fs_view::FsView`];
//! symbols need the file contents, so a run works in two phases:
//!
//! 1. [`candidates`] reads each plan's inline code: the code spans of the sections
//!    listed in the contract's `symbol_sections` (what exists today) and the symbols a
//!    step's Changes edit, rename, remove or call. [`scan_names`] turns one plan's
//!    candidates into the identifiers to look for.
//! 2. [`SymbolIndex::scan`] walks the repository ONCE for all plans of the run
//!    ([`crate::workspace::symbol_index`]).
//!
//! The rules then only look names up in the index ([`crate::rules::Context::symbols`]).

use crate::analysis::outline::Outline;
use crate::analysis::steps::{FieldKind, STEPS_SECTION, Steps};
use crate::analysis::symbols::{Symbol, parse_symbol};
use crate::contract::Contract;
use crate::document::blocks::{carries_marker, prose_occurrences};
use crate::document::model::{CodeSpan, Document};
use crate::document::source::Span;
use crate::workspace::symbol_index::SymbolIndex;
use regex::Regex;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::LazyLock;

/// The codes of the rules that read the symbol index.
pub const RULE_CODES: [&str; 3] = ["PL307", "PL308", "PL309"];

/// Where a symbol candidate was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A code span of a section listed in the contract's `symbol_sections` (the
    /// symbol exists today: PL307, PL308).
    Section,
    /// A code span of a step's Changes that the step edits, renames, removes or calls
    /// (PL309).
    Step {
        /// Index into [`Steps::steps`].
        index: usize,
        /// The verb edits the symbol ([`Action::Edit`]: `update`, `rename`, `remove`…),
        /// which only exists for a symbol that exists; otherwise it calls it or works
        /// inside it ([`Action::Use`]: `in`, `call`, `wrap`…), which a library symbol or
        /// one the step writes also allows.
        edits: bool,
    },
}

/// One symbol candidate of a plan.
#[derive(Debug, Clone)]
pub struct SymbolRef {
    /// The code span's text, trimmed.
    pub text: String,
    /// The code span's content, trimmed (inside the backticks).
    pub span: Span,
    /// The symbol the text names (its segments, whether it is a call, …).
    pub symbol: Symbol,
    /// Where it was written (a symbol section, a step's part, …).
    pub origin: Origin,
    /// The segments the plan itself introduces: a step adds or creates them, a step's
    /// code defines them (`fn take(…)`), or the text calls the symbol new. Such a
    /// segment that occurs nowhere in the repository makes the symbol new: not checked.
    pub introduced: Vec<String>,
}

impl SymbolRef {
    /// Whether the plan introduces the symbol: one of its segments is introduced by the
    /// plan and the repository's source has no trace of it (a mention in a document, a
    /// comment or a string does not make it exist).
    pub fn is_new(&self, index: &SymbolIndex) -> bool {
        self.introduced.iter().any(|s| !index.in_source(s))
    }
}

/// What the words before a code span in a step's Changes say the step does with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Edited, renamed, removed (`update`, `change`, `rename`, `remove`, `extend`…): the
    /// symbol must exist in the step's files.
    Edit,
    /// Called or changed inside (`in`, `call`, `invoke`, `wrap`): when it exists in the
    /// repository, it must be in the step's files (or in a file the sentence names).
    Use,
    /// Introduced by the step (`add`, `create`, `new`, `rename … to`…): not checked.
    Introduce,
    /// Anything else: not checked.
    Other,
}

static EDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:updat(?:e|es|ed|ing)|chang(?:e|es|ed|ing)|modif(?:y|ies|ied|ying)|edit(?:s|ed|ing)?|renam(?:e|es|ed|ing)|remov(?:e|es|ed|ing)|delet(?:e|es|ed|ing)|drop(?:s|ped|ping)?|extend(?:s|ed|ing)?|replac(?:e|es|ed|ing)|refactor(?:s|ed|ing)?|mov(?:e|es|ed|ing)|patch(?:es|ed|ing)?|adjust(?:s|ed|ing)?|deprecat(?:e|es|ed|ing)|fix(?:es|ed|ing)?|split(?:s|ting)?|inlin(?:e|es|ed|ing))$",
    )
    .expect("edit verbs")
});

static USE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:in|inside|within|call(?:s|ing)?|invok(?:e|es|ed|ing)|wrap(?:s|ped|ping)?)$")
        .expect("use verbs")
});

static INTRODUCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:add(?:s|ed|ing)?|creat(?:e|es|ed|ing)|introduc(?:e|es|ed|ing)|defin(?:e|es|ed|ing)|implement(?:s|ed|ing)?|new|named|called|declar(?:e|es|ed|ing)|writ(?:e|es|ing)|generat(?:e|es|ed|ing))$",
    )
    .expect("introduce verbs")
});

/// Words skipped when looking back for the verb: articles and kinds of symbol.
const FILLER: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "existing",
    "current",
    "old",
    "legacy",
    "function",
    "functions",
    "fn",
    "method",
    "methods",
    "class",
    "classes",
    "struct",
    "structs",
    "constant",
    "constants",
    "const",
    "type",
    "types",
    "field",
    "fields",
    "helper",
    "helpers",
    "its",
    "their",
    "our",
    "each",
    "every",
    "all",
    "of",
    "module",
    "modules",
    "enum",
    "trait",
    "interface",
    "variable",
    "property",
    "attribute",
    "member",
    "macro",
    "also",
    "then",
    "both",
    "only",
    "directly",
    "public",
    "private",
    "static",
    "async",
];

/// Prepositions that end the look-back: what follows them is not the verb's object.
const STOP: &[&str] = &[
    "with", "to", "from", "for", "by", "on", "at", "into", "as", "than", "via", "after", "before",
    "around", "over", "under", "against", "like", "and", "or",
];

static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z]+").expect("word"));

/// Classifies the words of `before` (the clause text before a code span).
fn classify(before: &str) -> Action {
    // A verb's object follows it: after a comma or a bracket comes something else
    // ("records `lpush` calls), `test_x`").
    let before = match before.rfind([',', '(', ')', '[', ']', '{', '}', '"', '—', '–']) {
        Some(i) => &before[i + before[i..].chars().next().map_or(1, char::len_utf8)..],
        None => before,
    };
    let words: Vec<String> = WORD
        .find_iter(before)
        .map(|m| m.as_str().to_ascii_lowercase())
        .collect();
    let rename = words
        .iter()
        .any(|w| w.starts_with("renam") || w.starts_with("mov"));
    let mut others = 0;
    // "in a `BackgroundTasks` task", "wrap in an `Arc`": some instance, not the symbol.
    let mut indefinite = false;
    for w in words.iter().rev() {
        if FILLER.contains(&w.as_str()) {
            indefinite |= others == 0 && matches!(w.as_str(), "a" | "an");
            continue;
        }
        if EDIT.is_match(w) || USE.is_match(w) {
            return if indefinite {
                Action::Other
            } else if EDIT.is_match(w) {
                Action::Edit
            } else {
                Action::Use
            };
        }
        if INTRODUCE.is_match(w) {
            return Action::Introduce;
        }
        if STOP.contains(&w.as_str()) {
            return if rename && matches!(w.as_str(), "to" | "as" | "into") {
                Action::Introduce
            } else {
                Action::Other
            };
        }
        others += 1;
        if others > 2 {
            break;
        }
    }
    Action::Other
}

/// The start of the clause holding `at`, not before `from`: after the last `.`, `;`,
/// `:` or `!`/`?` followed by white space, or a line that starts a list item.
fn clause_start(src: &str, from: usize, at: usize) -> usize {
    let text = &src[from..at];
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &c) in bytes.iter().enumerate() {
        let next_space = bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
        if matches!(c, b'.' | b';' | b':' | b'!' | b'?') && next_space {
            start = i + 1;
        }
        if c == b'\n' {
            let rest = text[i + 1..].trim_start_matches([' ', '\t', '>']);
            let item = rest.starts_with(['-', '*', '+'])
                || rest
                    .find(['.', ')'])
                    .is_some_and(|j| j > 0 && rest[..j].bytes().all(|d| d.is_ascii_digit()));
            if item || rest.starts_with('\n') || rest.is_empty() {
                start = i + 1;
            }
        }
    }
    from + start
}

/// Whether the text between two code spans only separates list elements (`, `,
/// ` and `, ` or `).
fn only_separators(between: &str) -> bool {
    let rest: String = between
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '*' | '_' | '/'))
        .collect();
    matches!(
        rest.to_ascii_lowercase().as_str(),
        "" | "and" | "or" | "andor"
    )
}

static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:fn|def|class|struct|enum|trait|union|type|interface|func|function|const|static|let|var|mod|record)\s+([A-Za-z_][A-Za-z0-9_]*)",
    )
    .expect("definition")
});

/// Names the Implementation Plan introduces: code spans after `add`, `create`, `new`,
/// `rename … to` in any step, and names defined in its code (`fn take(…)`,
/// `class RateLimiter`).
pub fn introduced(doc: &Document, steps: &Steps) -> HashSet<String> {
    let mut out = HashSet::new();
    let Some(section) = steps.section else {
        return out;
    };
    for step in &steps.steps {
        for field in &step.fields {
            for (code, action) in classified_spans(doc, field.content) {
                if action == Action::Introduce
                    && let Some(sym) = parse_symbol(&code.text)
                {
                    out.extend(sym.segments.iter().cloned());
                }
            }
        }
    }
    let code = doc.code_spans_in(section).map(|c| c.text.as_str()).chain(
        doc.code_blocks
            .iter()
            .filter(|b| section.contains(b.span))
            .map(|b| b.literal.as_str()),
    );
    for text in code {
        for c in DEFINITION.captures_iter(text) {
            out.insert(c[1].to_string());
        }
    }
    out
}

/// Whether a code span sits in a block carrying the confirmation marker
/// ([`carries_marker`]), answered without walking the document for spans far from
/// every marker.
pub(crate) struct MarkerCheck<'d> {
    doc: &'d Document,
    marker: &'d str,
    /// Offsets of the marker in prose, in order.
    offsets: Vec<usize>,
    /// Top-level blocks, in order.
    tops: Vec<Span>,
}

impl<'d> MarkerCheck<'d> {
    pub(crate) fn new(doc: &'d Document, marker: &'d str) -> Self {
        let offsets: Vec<usize> = prose_occurrences(doc, marker)
            .iter()
            .map(|s| s.start)
            .collect();
        let tops = if offsets.is_empty() {
            Vec::new()
        } else {
            doc.blocks
                .iter()
                .filter(|b| b.depth == 0)
                .map(|b| b.span)
                .collect()
        };
        MarkerCheck {
            doc,
            marker,
            offsets,
            tops,
        }
    }

    pub(crate) fn marked(&self, span: Span) -> bool {
        if self.offsets.is_empty() {
            return false;
        }
        // The marker must lie in the innermost list item holding the span or, outside
        // lists, in its top-level block: both hold the leaf block and the table row.
        let items = &self.doc.items;
        let k = items.partition_point(|i| i.span.start <= span.start);
        let item = items[..k]
            .iter()
            .rev()
            .take(64)
            .find(|i| i.span.contains(span))
            .map(|i| i.span);
        let t = self.tops.partition_point(|b| b.start <= span.start);
        let top = t
            .checked_sub(1)
            .map(|t| self.tops[t])
            .filter(|b| b.contains(span));
        let region = item.or(top).unwrap_or(span);
        let j = self.offsets.partition_point(|&o| o < region.start);
        if self.offsets.get(j).is_none_or(|&o| o >= region.end) {
            return false;
        }
        carries_marker(self.doc, span, self.marker)
    }
}

/// The code spans inside `within`, each with what the words before it say.
pub(crate) fn classified_spans(doc: &Document, within: Span) -> Vec<(&CodeSpan, Action)> {
    let src: &str = &doc.source;
    let mut out: Vec<(&CodeSpan, Action)> = Vec::new();
    let mut prev_end = within.start;
    // The action of the previous code span, when it was a symbol: `remove `a`, `b``.
    let mut prev_symbol: Option<Action> = None;
    for code in doc.code_spans_in(within) {
        let between = &src[prev_end..code.span.start];
        let action = match prev_symbol {
            Some(a) if only_separators(between) => a,
            _ => {
                let start = clause_start(src, prev_end, code.span.start);
                classify(&src[start..code.span.start])
            }
        };
        prev_symbol = parse_symbol(&code.text).map(|_| action);
        out.push((code, action));
        prev_end = code.span.end;
    }
    out
}

/// Whether the words right before `span` (in its clause) say "new".
pub(crate) fn says_new(doc: &Document, within: Span, span: Span) -> bool {
    // A look-back of a few words is enough (and keeps the rule linear).
    let from =
        crate::document::source::floor_char_boundary(&doc.source, span.start.saturating_sub(200));
    let start = clause_start(&doc.source, within.start.max(from), span.start);
    let words: Vec<String> = WORD
        .find_iter(&doc.source[start..span.start])
        .map(|m| m.as_str().to_ascii_lowercase())
        .collect();
    words
        .iter()
        .rev()
        .filter(|w| !FILLER.contains(&w.as_str()))
        .take(1)
        .any(|w| w == "new")
}

/// Every symbol candidate of one plan, in document order: the symbol-like code spans
/// of the `symbol_sections`, and the symbols the steps' Changes edit, rename, remove or
/// call. Spans in a block carrying the confirmation marker are left out.
pub fn candidates(
    doc: &Document,
    contract: &Contract,
    outline: &Outline,
    steps: &Steps,
) -> Vec<SymbolRef> {
    let marks = MarkerCheck::new(doc, &contract.marker);
    let new_names = introduced(doc, steps);
    let introduced_in = |sym: &Symbol| -> Vec<String> {
        sym.segments
            .iter()
            .filter(|s| new_names.contains(*s))
            .cloned()
            .collect()
    };
    let mut out = Vec::new();
    let mut seen_sections = Vec::new();
    for id in &contract.symbol_sections {
        if id == STEPS_SECTION {
            continue; // the steps are read below, through their Changes
        }
        let Some(section) = outline.section(doc, contract, id) else {
            continue;
        };
        if seen_sections.contains(&section.span) {
            continue;
        }
        seen_sections.push(section.span);
        for code in doc.code_spans_in(section.body) {
            let Some(symbol) = parse_symbol(&code.text) else {
                continue;
            };
            if marks.marked(code.span) {
                continue;
            }
            let introduced = if says_new(doc, section.body, code.span) {
                symbol.segments.clone()
            } else {
                introduced_in(&symbol)
            };
            out.push(SymbolRef {
                text: code.text.trim().to_string(),
                span: doc.trimmed(code.content),
                symbol,
                origin: Origin::Section,
                introduced,
            });
        }
    }
    for (i, step) in steps.steps.iter().enumerate() {
        for field in step.fields.iter().filter(|f| f.kind == FieldKind::Changes) {
            for (code, action) in classified_spans(doc, field.content) {
                if !matches!(action, Action::Edit | Action::Use) {
                    continue;
                }
                let Some(symbol) = parse_symbol(&code.text) else {
                    continue;
                };
                if marks.marked(code.span) {
                    continue;
                }
                let introduced = introduced_in(&symbol);
                out.push(SymbolRef {
                    text: code.text.trim().to_string(),
                    span: doc.trimmed(code.content),
                    symbol,
                    origin: Origin::Step {
                        index: i,
                        edits: action == Action::Edit,
                    },
                    introduced,
                });
            }
        }
    }
    out.sort_by_key(|r| r.span.start);
    out
}

/// [`candidates`] of a document, building its outline and steps.
pub fn document_candidates(doc: &Document, contract: &Contract) -> Vec<SymbolRef> {
    let outline = Outline::build(doc, contract);
    let steps = Steps::build(doc, contract, &outline);
    candidates(doc, contract, &outline, &steps)
}

/// What the scan needs to know of a run: which rules are active and the contract.
/// [`crate::engine::lint::Linter`] implements it (in `lint.rs`), so this module does not
/// import the engine that runs the rules that read its index.
pub trait ScanSettings {
    /// Whether the rule `code` is active.
    fn rule_active(&self, code: &str) -> bool;
    /// The plan contract the candidates are read with.
    fn contract(&self) -> &Contract;
}

/// Whether any rule that reads the symbol index ([`RULE_CODES`], and the interface
/// rules of [`crate::analysis::interfaces::RULE_CODES`]) is active in `linter`.
pub fn rules_active(linter: &impl ScanSettings) -> bool {
    RULE_CODES
        .iter()
        .chain(&crate::analysis::interfaces::RULE_CODES)
        .any(|code| linter.rule_active(code))
}

/// The identifiers the repository scan must find for one plan: empty when no symbol
/// rule is active or the plan names no symbol. Union these over every plan of a root,
/// then call [`SymbolIndex::scan`] once.
pub fn scan_names(linter: &impl ScanSettings, doc: &Document) -> BTreeSet<String> {
    if !rules_active(linter) {
        return BTreeSet::new();
    }
    let mut names = BTreeSet::new();
    for r in document_candidates(doc, linter.contract()) {
        names.extend(r.symbol.lookups().map(str::to_string));
        names.extend(r.value_probe());
        names.extend(r.introduced);
    }
    names.extend(crate::analysis::interfaces::scan_texts(doc));
    names
}

/// The identifiers a run must scan for, from every code span of a parsed plan: the
/// lookups and segments of each one that is a symbol, in any section, and every name a
/// definition in the plan's code introduces (`fn take(…)`, `class Limiter`). A superset
/// of [`scan_names`] that needs no linter (and covers the names [`SymbolRef::is_new`]
/// looks up), for a caller that gathers names before it lints.
pub fn names_in_document(doc: &Document) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for code in &doc.code_spans {
        if let Some(sym) = parse_symbol(&code.text) {
            names.extend(sym.lookups().map(str::to_string));
            names.extend(value_probe(&code.text, &sym));
            names.extend(sym.segments);
        }
    }
    let code = doc
        .code_spans
        .iter()
        .map(|c| c.text.as_str())
        .chain(doc.code_blocks.iter().map(|b| b.literal.as_str()));
    for text in code {
        for c in DEFINITION.captures_iter(text) {
            names.insert(c[1].to_string());
        }
    }
    // Environment variables, routes and flags (PL312-PL314): names and probes.
    names.extend(crate::analysis::interfaces::scan_texts(doc));
    names
}

/// A dotted name that is not a call (`users.jsonl`, `app.main`) may be a value the code
/// holds as a string (a file name, a dotted path): the whole text, which the scan then
/// looks for in string literals and configuration ([`SymbolRef::value_probe`]).
fn value_probe(text: &str, sym: &Symbol) -> Option<String> {
    let t = text.trim();
    (!sym.call && sym.segments.len() > 1 && t.contains('.') && !t.contains("::"))
        .then(|| t.to_string())
}

impl SymbolRef {
    /// The text the scan looked for in string literals and configuration when the
    /// symbol may be a value written as a string (`users.jsonl`); `None` otherwise.
    pub fn value_probe(&self) -> Option<String> {
        value_probe(&self.text, &self.symbol)
    }
}

/// [`names_in_document`] of a plan given as text (parsed here: code spans are only
/// found reliably block by block, never by scanning the whole text as one paragraph).
pub fn names_in_text(text: &str) -> BTreeSet<String> {
    let doc = crate::document::parse::parse(Path::new("plan.md"), std::sync::Arc::from(text));
    names_in_document(&doc)
}

/// The index for the plans `docs` that share the repository `root`: `None` when no
/// symbol rule is active (the rules would not run); an empty index, without reading
/// the repository, when no plan names a symbol.
pub fn index_for(
    linter: &impl ScanSettings,
    root: &Path,
    docs: &[&Document],
) -> Option<SymbolIndex> {
    if !rules_active(linter) {
        return None;
    }
    let mut names = BTreeSet::new();
    for doc in docs {
        names.extend(scan_names(linter, doc));
    }
    Some(SymbolIndex::scan(root, &names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs() {
        assert_eq!(classify("In "), Action::Use);
        assert_eq!(classify("Update the "), Action::Edit);
        assert_eq!(classify("call the existing "), Action::Use);
        assert_eq!(classify("remove the old "), Action::Edit);
        assert_eq!(classify("push it in a "), Action::Other);
        assert_eq!(classify("records `lpush` calls), "), Action::Other);
        assert_eq!(
            classify("In `create_app()`, wrap every route with "),
            Action::Other
        );
        assert_eq!(classify("Add a "), Action::Introduce);
        assert_eq!(classify("Rename `x` to "), Action::Introduce);
        assert_eq!(classify("wrap every route with the "), Action::Other);
        assert_eq!(classify(" reads "), Action::Other);
        assert_eq!(classify(""), Action::Other);
        assert!(only_separators(", "));
        assert!(only_separators(" and "));
        assert!(only_separators(", and "));
        assert!(!only_separators(" to "));
    }
}
