//! The implementation steps ("Implementation Plan"), read once per document and shared
//! by the PL30x rules.
//!
//! Steps are either the items of the section's top-level ordered lists, or its H3
//! headings numbered `Step N: …` / `N. …`. Each step's labelled parts (**Files**,
//! **Changes**, **Notes**) are found line by line in the step's source, outside code
//! blocks, in any of the forms planners write: `**Files:**`, `**Files**:`, `Files:`,
//! `- Files:`, a bold label alone on its line, or an H4 heading.

use crate::analysis::outline::Outline;
use crate::contract::Contract;
use crate::document::model::{BlockKind, Document};
use crate::document::source::Span;
use regex::Regex;
use std::sync::LazyLock;

/// The section id of the steps in the contract.
pub const STEPS_SECTION: &str = "steps";

/// A labelled part of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FieldKind {
    /// **Files**: the paths the step touches.
    Files,
    /// **Changes**: what the step changes.
    Changes,
    /// **Notes**: anything else the implementer needs.
    Notes,
}

impl FieldKind {
    /// Every kind, in the order a step lists them.
    pub const ALL: [FieldKind; 3] = [FieldKind::Files, FieldKind::Changes, FieldKind::Notes];

    /// The label's word as a plan writes it (`Files`, `Changes`, `Notes`).
    pub fn label(self) -> &'static str {
        match self {
            FieldKind::Files => "Files",
            FieldKind::Changes => "Changes",
            FieldKind::Notes => "Notes",
        }
    }
}

/// One labelled part of a step.
#[derive(Debug, Clone)]
pub struct Field {
    /// Which part it is.
    pub kind: FieldKind,
    /// The label as written (`**Files:**`).
    pub label: Span,
    /// Everything after the label up to the next label or the end of the step.
    pub content: Span,
}

/// How the section writes its steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStyle {
    /// Items of ordered lists.
    List,
    /// `### Step N: …` headings.
    Headings,
}

/// One implementation step.
#[derive(Debug, Clone)]
pub struct Step {
    /// The number as written (`3` in `3.` or `Step 3:`).
    pub number: Option<u64>,
    /// Where the number is written (the list marker or the heading's number).
    pub number_span: Span,
    /// The whole step.
    pub span: Span,
    /// The fields in document order (a label written twice appears twice).
    pub fields: Vec<Field>,
    /// The paths named in the Files part: its code spans and the path-like words of
    /// its prose, in document order (computed once here, read by PL302-PL309).
    pub files: Vec<StepPath>,
}

impl Step {
    /// The step's first field of `kind`, if it has one.
    pub fn field(&self, kind: FieldKind) -> Option<&Field> {
        self.fields.iter().find(|f| f.kind == kind)
    }
}

/// A path named in a step's Files part.
#[derive(Debug, Clone)]
pub struct StepPath {
    /// The path as written, minus a line suffix (`:12-30`, `#L12`).
    pub text: String,
    /// Where the path is written (inside the backticks when in a code span).
    pub span: Span,
    /// `text` with brace alternatives expanded (`src/{a,b}.rs` → two paths).
    pub expanded: Vec<String>,
}

/// The implementation steps of one plan.
#[derive(Debug, Clone, Default)]
pub struct Steps {
    /// The Implementation Plan section, when present (its span).
    pub section: Option<Span>,
    /// How the steps are written; `None` when the section has no steps.
    pub style: Option<StepStyle>,
    /// The steps, in document order.
    pub steps: Vec<Step>,
}

static STEP_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:step\s+(\d+)\b\s*[:.)\-–—]?|(\d+)\s*[.):\-–—])\s*")
        .expect("step heading regex")
});

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[ \t]*(?:>[ \t]*)*(?:(?:[-*+]|\d+[.)])[ \t]+)?(?P<h>#{2,6}[ \t]+)?(?P<open>\*\*|__)?(?P<label>files|changes|notes)[ \t]*(?P<c1>:)?(?P<close>\*\*|__)?[ \t]*(?P<c2>:)?",
    )
    .expect("label regex")
});

impl Steps {
    /// Reads the steps of `doc`'s Implementation Plan section.
    pub fn build(doc: &Document, contract: &Contract, outline: &Outline) -> Self {
        let Some(section) = outline.section(doc, contract, STEPS_SECTION) else {
            return Steps::default();
        };
        let body = section.body;
        let mut steps = Steps {
            section: Some(section.span),
            style: None,
            steps: Vec::new(),
        };

        // Heading style: H3 headings in the section that carry a step number.
        let h3: Vec<_> = doc
            .headings
            .iter()
            .filter(|h| h.depth == 0 && h.level >= 3 && body.contains(h.span))
            .collect();
        let step_level = h3.iter().map(|h| h.level).min();
        let numbered: Vec<_> = h3
            .iter()
            .filter(|h| Some(h.level) == step_level)
            .filter_map(|h| STEP_HEADING.captures(doc.text(h.text_span)).map(|c| (h, c)))
            .collect();
        if !numbered.is_empty() {
            steps.style = Some(StepStyle::Headings);
            let bounds: Vec<usize> = doc
                .headings
                .iter()
                .filter(|h| {
                    h.depth == 0 && h.level <= step_level.unwrap_or(3) && body.contains(h.span)
                })
                .map(|h| h.span.start)
                .collect();
            for (h, caps) in numbered {
                let m = caps.get(1).or_else(|| caps.get(2));
                let number = m.and_then(|m| m.as_str().parse().ok());
                let number_span = m
                    .map(|m| Span::new(h.text_span.start + m.start(), h.text_span.start + m.end()))
                    .unwrap_or(h.text_span);
                // `bounds` is in document order: the next bound is a binary search away.
                let end = bounds
                    .get(bounds.partition_point(|&b| b <= h.span.start))
                    .copied()
                    .unwrap_or(body.end);
                let span = Span::new(h.span.start, end);
                let fields = find_fields(doc, Span::new(h.span.end, end));
                let files = files_of(doc, &fields);
                steps.steps.push(Step {
                    number,
                    number_span,
                    span,
                    fields,
                    files,
                });
            }
            return steps;
        }

        // List style: items of the section's top-level ordered lists.
        for block in doc
            .blocks
            .iter()
            .filter(|b| b.depth == 0 && b.kind == BlockKind::List)
        {
            if !body.contains(block.span) {
                continue;
            }
            let Some(list) = block.index.map(|i| &doc.lists[i]) else {
                continue;
            };
            if !list.ordered {
                continue;
            }
            steps.style = Some(StepStyle::List);
            for &i in &list.items {
                let item = &doc.items[i];
                let fields = find_fields(doc, Span::new(item.marker.end, item.span.end));
                let files = files_of(doc, &fields);
                steps.steps.push(Step {
                    number: item.number,
                    number_span: item.marker,
                    span: item.span,
                    fields,
                    files,
                });
            }
        }
        steps
    }
}

/// The paths named in the Files part of a step with `fields`: its code spans and the
/// path-like words of its prose, in document order.
fn files_of(doc: &Document, fields: &[Field]) -> Vec<StepPath> {
    let Some(field) = fields.iter().find(|f| f.kind == FieldKind::Files) else {
        return Vec::new();
    };
    let mut raw: Vec<(String, Span)> = Vec::new();
    for run in doc.prose_in(field.content) {
        let text = doc.text(run);
        let mut offset = 0;
        for word in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
            let start = run.start + offset;
            offset += word.len() + 1;
            let trimmed =
                word.trim_matches(|c: char| matches!(c, '*' | '_' | '(' | ')' | '.' | ':'));
            if trimmed.is_empty() {
                continue;
            }
            let lead = word.find(trimmed).unwrap_or(0);
            if crate::analysis::references::path_candidate(trimmed).is_some()
                || trimmed.contains('/')
            {
                raw.push((
                    trimmed.to_string(),
                    Span::new(start + lead, start + lead + trimmed.len()),
                ));
            }
        }
    }
    for c in doc.code_spans_in(field.content) {
        let text = c.text.trim().to_string();
        let raw_text = doc.text(c.content);
        let lead = raw_text.len() - raw_text.trim_start().len();
        let span = Span::new(c.content.start + lead, c.content.start + lead + text.len());
        raw.push((text, span));
    }
    raw.sort_by_key(|(_, span)| span.start);
    raw.into_iter()
        .filter(|(t, _)| !t.is_empty())
        .map(|(t, span)| {
            let (text, span, expanded) = crate::analysis::references::split_line_suffix(&t, span);
            StepPath {
                text,
                span,
                expanded,
            }
        })
        .collect()
}

/// Finds the labelled parts in `range`, line by line, outside code blocks.
fn find_fields(doc: &Document, range: Span) -> Vec<Field> {
    let src = &doc.source;
    let mut labels: Vec<(FieldKind, Span, usize)> = Vec::new(); // kind, label span, content start
    let first = doc.lines.line_of(range.start);
    let last = doc
        .lines
        .line_of(range.end.saturating_sub(1).max(range.start));
    for line in first..=last {
        let start = doc.lines.line_start(line).max(range.start);
        let end = doc.lines.line_end(src, line).min(range.end);
        if start >= end {
            continue;
        }
        if doc.in_code_block(start) {
            continue;
        }
        let text = &src[start..end];
        let Some(c) = LABEL.captures(text) else {
            continue;
        };
        let bold = c.name("open").is_some() && c.name("close").is_some();
        let colon = c.name("c1").is_some() || c.name("c2").is_some();
        let heading = c.name("h").is_some();
        let Some(label) = c.name("label") else {
            continue;
        };
        if !(bold || colon || heading) {
            continue;
        }
        let whole = ["label", "c1", "close", "c2"]
            .iter()
            .filter_map(|g| c.name(g).map(|m| m.end()))
            .max()
            .unwrap_or(label.end());
        // A bold label without a colon must stand alone or be followed by content
        // that is not a sentence continuing the word ("**Files** are listed").
        if bold && !colon && !heading {
            let rest = text[whole..].trim_start();
            if rest.chars().next().is_some_and(|ch| ch.is_alphabetic()) {
                continue;
            }
        }
        let kind = match label.as_str().to_ascii_lowercase().as_str() {
            "files" => FieldKind::Files,
            "changes" => FieldKind::Changes,
            _ => FieldKind::Notes,
        };
        let label_start =
            start + label.start() - c.name("open").map_or(0, |o| label.start() - o.start());
        let label_span = Span::new(label_start, start + whole);
        labels.push((kind, label_span, start + whole));
    }
    let mut fields = Vec::new();
    for (i, (kind, label, content_start)) in labels.iter().enumerate() {
        let content_end = labels
            .get(i + 1)
            .map(|(_, l, _)| line_start_of(doc, l.start))
            .unwrap_or(range.end);
        let content_end = content_end.max(*content_start);
        fields.push(Field {
            kind: *kind,
            label: *label,
            content: Span::new(*content_start, content_end),
        });
    }
    fields
}

fn line_start_of(doc: &Document, offset: usize) -> usize {
    doc.lines.line_start(doc.lines.line_of(offset))
}

/// Whether a field's content has any text (markup and list markers aside).
pub fn field_is_empty(doc: &Document, field: &Field) -> bool {
    let text = doc.text(field.content);
    !text.chars().any(|c| c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;
    use std::sync::Arc;

    fn steps(src: &str) -> (Document, Steps) {
        let doc = crate::document::parse::parse(Path::new("t.md"), Arc::from(src));
        let c = Contract::default();
        let o = Outline::build(&doc, &c);
        let s = Steps::build(&doc, &c, &o);
        (doc, s)
    }

    #[test]
    fn list_steps_and_fields() {
        let (doc, s) = steps(
            "## Implementation Plan\n\n1. Add it.\n   - **Files:** `src/a.rs`, `src/b.rs:3-9`\n   - **Changes:** x\n   - Notes: y\n2. Next.\n   **Files**\n   - `src/c.rs`\n\n   Changes: z\n",
        );
        assert_eq!(s.style, Some(StepStyle::List));
        assert_eq!(s.steps.len(), 2);
        let st = &s.steps[0];
        assert_eq!(st.number, Some(1));
        let kinds: Vec<_> = st.fields.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            vec![FieldKind::Files, FieldKind::Changes, FieldKind::Notes]
        );
        assert_eq!(doc.text(st.fields[0].label), "**Files:**");
        let files: Vec<_> = st
            .files
            .iter()
            .map(|p| (p.text.clone(), doc.text(p.span).to_string()))
            .collect();
        assert_eq!(
            files,
            vec![
                ("src/a.rs".into(), "src/a.rs".into()),
                ("src/b.rs".into(), "src/b.rs".into())
            ]
        );
        let st2 = &s.steps[1];
        assert_eq!(st2.fields.len(), 2);
        assert_eq!(st2.files[0].text, "src/c.rs");
    }

    #[test]
    fn heading_steps() {
        let (_, s) = steps(
            "## Implementation Plan\n\n### Step 1: Add\n\n**Files:** src/a.rs and docs/x.md.\n\n**Changes:** x\n\n### 2. Wire\n\n#### Files\n\n- `b.rs`\n",
        );
        assert_eq!(s.style, Some(StepStyle::Headings));
        assert_eq!(
            s.steps.iter().map(|s| s.number).collect::<Vec<_>>(),
            vec![Some(1), Some(2)]
        );
        let files: Vec<_> = s.steps[0].files.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(files, vec!["src/a.rs", "docs/x.md"]);
        assert_eq!(s.steps[1].fields[0].kind, FieldKind::Files);
    }

    #[test]
    fn prose_is_not_a_label() {
        let (_, s) = steps(
            "## Implementation Plan\n\n1. Files are copied.\n   **Files** are listed here.\n",
        );
        assert!(s.steps[0].fields.is_empty());
    }
}
