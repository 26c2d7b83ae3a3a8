//! Parse and lower: comrak parses the Markdown, the walker lowers comrak's arena AST
//! into the owned [`Document`] model.
//!
//! Block positions come from comrak's source positions (line + byte column). Inline
//! positions come from plan-lint's own scanner ([`crate::inline`]) run over the exact
//! source bytes of each leaf block, and table cells are split from the row's source
//! text, so no span can drift after escapes.

use crate::inline::{self, InlineKind};
use crate::model::*;
use crate::source::{BOM, LineIndex, Span, floor_char_boundary};
use comrak::nodes::{AstNode, ListType, NodeValue};
use comrak::{Arena, Options};
use std::path::Path;
use std::sync::Arc;

/// The comrak options plan-lint parses with: GFM tables and task lists, YAML front
/// matter. Nothing else is switched on (every extension costs parse time).
pub fn comrak_options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.tasklist = true;
    options.extension.front_matter_delimiter = Some("---".to_string());
    options
}

/// Parses `source` (the file's exact contents) into a [`Document`].
pub fn parse(path: &Path, source: Arc<str>) -> Document {
    let bom = if source.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let arena = Arena::new();
    let options = comrak_options();
    let root = comrak::parse_document(&arena, &source[bom..], &options);
    let lines = LineIndex::new(&source);
    let mut lower = Lower {
        source: &source,
        lines: &lines,
        bom,
        doc: Vec::new(),
        headings: Vec::new(),
        tables: Vec::new(),
        lists: Vec::new(),
        items: Vec::new(),
        code_blocks: Vec::new(),
        code_spans: Vec::new(),
        prose: Vec::new(),
        html: Vec::new(),
        front_matter: None,
    };
    lower.walk(root);
    let Lower {
        doc: blocks,
        headings,
        tables,
        lists,
        items,
        code_blocks,
        code_spans,
        prose,
        html,
        front_matter,
        ..
    } = lower;
    // The model's lookups (`Document::prose_in`, `code_spans_in`, `in_code_block`,
    // `blocks::*`) binary-search these lists: they must be in document order. The walk
    // emits them so; sorting (stable, a no-op check in practice) keeps that a fact.
    let mut code_spans = code_spans;
    let mut prose = prose;
    if !code_spans.is_sorted_by_key(|c| c.span.start) {
        code_spans.sort_by_key(|c| c.span.start);
    }
    if !prose.is_sorted_by_key(|p| p.start) {
        prose.sort_by_key(|p| p.start);
    }
    debug_assert!(code_blocks.is_sorted_by_key(|c| c.span.start));
    let sections = build_sections(&source, &blocks, &headings);
    Document {
        path: path.to_path_buf(),
        source: source.clone(),
        lines,
        front_matter,
        blocks,
        headings,
        sections,
        tables,
        lists,
        items,
        code_blocks,
        code_spans,
        prose,
        html,
    }
}

struct Lower<'s> {
    source: &'s str,
    lines: &'s LineIndex,
    bom: usize,
    doc: Vec<Block>,
    headings: Vec<Heading>,
    tables: Vec<Table>,
    lists: Vec<List>,
    items: Vec<ListItem>,
    code_blocks: Vec<CodeBlock>,
    code_spans: Vec<CodeSpan>,
    prose: Vec<Span>,
    html: Vec<Span>,
    front_matter: Option<Span>,
}

impl<'s> Lower<'s> {
    fn span_of(&self, node: &AstNode<'_>) -> Span {
        let pos = node.data().sourcepos;
        let start = self.lines.offset(pos.start.line, pos.start.column);
        let end = self.lines.offset(pos.end.line, pos.end.column) + 1;
        let start = floor_char_boundary(self.source, start.max(self.bom));
        let mut end = end.min(self.source.len()).max(start);
        while !self.source.is_char_boundary(end) {
            end += 1;
        }
        Span::new(start, end)
    }

    /// Iterative pre-order walk (no recursion: deeply nested input cannot overflow
    /// the stack here).
    fn walk<'a>(&mut self, root: &'a AstNode<'a>) {
        // (node, depth, parent block index)
        let mut stack: Vec<(&'a AstNode<'a>, u32, Option<usize>)> = Vec::new();
        let children: Vec<_> = root.children().collect();
        for child in children.into_iter().rev() {
            stack.push((child, 0, None));
        }
        while let Some((node, depth, parent)) = stack.pop() {
            let (block, descend) = self.lower_block(node, depth, parent);
            let me = block.map(|b| {
                self.doc.push(b);
                self.doc.len() - 1
            });
            if descend {
                let children: Vec<_> = node.children().collect();
                for child in children.into_iter().rev() {
                    stack.push((child, depth + 1, me.or(parent)));
                }
            }
        }
    }

    /// Lowers one block node. Returns the block (if it is one) and whether to descend.
    fn lower_block<'a>(
        &mut self,
        node: &'a AstNode<'a>,
        depth: u32,
        parent: Option<usize>,
    ) -> (Option<Block>, bool) {
        let span = self.span_of(node);
        // Borrowed, not cloned: a clone copies every code block's text once more.
        let data = node.data();
        let value = &data.value;
        let block = |kind, index| {
            Some(Block {
                kind,
                span,
                depth,
                parent,
                index,
            })
        };
        match value {
            NodeValue::FrontMatter(text) => {
                let span = Span::new(self.bom, (self.bom + text.len()).min(self.source.len()));
                self.front_matter = Some(span);
                (
                    Some(Block {
                        kind: BlockKind::FrontMatter,
                        span,
                        depth,
                        parent,
                        index: None,
                    }),
                    false,
                )
            }
            NodeValue::Paragraph => {
                self.scan_inline(span);
                (block(BlockKind::Paragraph, None), false)
            }
            NodeValue::Heading(h) => {
                let text_span = self.heading_text_span(span, h.setext);
                let text = inline::plain_text(self.source, text_span)
                    .trim()
                    .to_string();
                self.scan_inline(text_span);
                self.headings.push(Heading {
                    level: h.level,
                    span,
                    text_span,
                    text,
                    setext: h.setext,
                    depth,
                });
                (
                    block(BlockKind::Heading, Some(self.headings.len() - 1)),
                    false,
                )
            }
            NodeValue::List(l) => {
                self.lists.push(List {
                    span,
                    ordered: l.list_type == ListType::Ordered,
                    items: Vec::new(),
                    depth,
                });
                (block(BlockKind::List, Some(self.lists.len() - 1)), true)
            }
            NodeValue::Item(_) | NodeValue::TaskItem(_) => {
                let task = match value {
                    NodeValue::TaskItem(t) => Some(if t.symbol.is_some() {
                        TaskState::Checked
                    } else {
                        TaskState::Unchecked
                    }),
                    _ => None,
                };
                let (marker, number) = self.item_marker(span);
                let list = self.lists.len().saturating_sub(1);
                // The enclosing list is the parent block.
                let list = parent
                    .and_then(|p| self.doc.get(p))
                    .filter(|b| b.kind == BlockKind::List)
                    .and_then(|b| b.index)
                    .unwrap_or(list);
                self.items.push(ListItem {
                    span,
                    marker,
                    number,
                    task,
                    list,
                });
                let idx = self.items.len() - 1;
                if let Some(l) = self.lists.get_mut(list) {
                    l.items.push(idx);
                }
                (block(BlockKind::Item, Some(idx)), true)
            }
            NodeValue::Table(_) => {
                let table = self.lower_table(node, span);
                self.tables.push(table);
                (block(BlockKind::Table, Some(self.tables.len() - 1)), false)
            }
            NodeValue::CodeBlock(cb) => {
                self.code_blocks.push(CodeBlock {
                    span,
                    fenced: cb.fenced,
                    info: cb.info.trim().to_string(),
                    literal: cb.literal.clone(),
                });
                (
                    block(BlockKind::CodeBlock, Some(self.code_blocks.len() - 1)),
                    false,
                )
            }
            NodeValue::HtmlBlock(_) => {
                self.html.push(span);
                (block(BlockKind::Html, None), false)
            }
            NodeValue::BlockQuote => (block(BlockKind::BlockQuote, None), true),
            NodeValue::ThematicBreak => (block(BlockKind::ThematicBreak, None), false),
            NodeValue::Document => (None, true),
            v if v.block() => (block(BlockKind::Other, None), true),
            // Inline nodes are handled by the inline scanner of their leaf block.
            _ => (None, false),
        }
    }

    fn heading_text_span(&self, span: Span, setext: bool) -> Span {
        let src = self.source;
        if setext {
            let first = self.lines.line_of(span.start);
            let last = self
                .lines
                .line_of(span.end.saturating_sub(1).max(span.start));
            let text_end_line = last.saturating_sub(1).max(first);
            let end = self.lines.line_end(src, text_end_line).max(span.start);
            return trim_span(src, Span::new(span.start, end));
        }
        let line = self.lines.line_of(span.start);
        let line_end = self.lines.line_end(src, line).max(span.start);
        let bytes = src.as_bytes();
        let mut i = span.start;
        while i < line_end && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        while i < line_end && bytes[i] == b'#' {
            i += 1;
        }
        let start = i;
        let mut end = line_end;
        // trailing whitespace, then an optional closing sequence of `#`s
        while end > start && (bytes[end - 1] == b' ' || bytes[end - 1] == b'\t') {
            end -= 1;
        }
        let mut j = end;
        while j > start && bytes[j - 1] == b'#' {
            j -= 1;
        }
        if j < end && (j == start || bytes[j - 1] == b' ' || bytes[j - 1] == b'\t') {
            end = j;
        }
        trim_span(src, Span::new(start, end))
    }

    fn item_marker(&self, span: Span) -> (Span, Option<u64>) {
        let bytes = self.source.as_bytes();
        let mut i = span.start;
        let digits_start = i;
        while i < span.end && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i > digits_start && i < span.end && (bytes[i] == b'.' || bytes[i] == b')') {
            let number = self.source[digits_start..i].parse().ok();
            return (Span::new(digits_start, i + 1), number);
        }
        let end = (span.start + 1).min(span.end);
        (Span::new(span.start, end), None)
    }

    fn lower_table<'a>(&mut self, node: &'a AstNode<'a>, span: Span) -> Table {
        let mut header = None;
        let mut rows = Vec::new();
        for row in node.children() {
            let is_header = matches!(row.data().value, NodeValue::TableRow(true));
            let row_span = self.span_of(row);
            let line = self.lines.line_of(row_span.start);
            let row_span = Span::new(
                row_span.start,
                self.lines.line_end(self.source, line).max(row_span.start),
            );
            let cells = split_cells(self.source, row_span);
            for cell in &cells {
                self.scan_inline(cell.span);
            }
            let row = Row {
                span: row_span,
                cells,
            };
            if is_header {
                header = Some(row);
            } else {
                rows.push(row);
            }
        }
        Table {
            span,
            header: header.unwrap_or(Row {
                span: Span::empty(span.start),
                cells: Vec::new(),
            }),
            rows,
        }
    }

    fn scan_inline(&mut self, span: Span) {
        for piece in inline::scan(self.source, span) {
            match piece.kind {
                InlineKind::Text => self.prose.push(piece.span),
                InlineKind::Code => self.code_spans.push(CodeSpan {
                    span: piece.span,
                    content: piece.content,
                    text: inline::code_text(piece.content.text(self.source)),
                }),
                InlineKind::Html => self.html.push(piece.span),
                InlineKind::Url | InlineKind::LinkDest => {}
            }
        }
    }
}

fn trim_span(src: &str, span: Span) -> Span {
    let text = span.text(src);
    let start = span.start + (text.len() - text.trim_start().len());
    let end = span.end - (text.len() - text.trim_end().len());
    Span::new(start, end.max(start))
}

/// Splits a GFM table row into cells at unescaped `|`, from the source text itself.
pub fn split_cells(src: &str, row: Span) -> Vec<Cell> {
    let bytes = src.as_bytes();
    let mut i = row.start;
    while i < row.end && (bytes[i] == b' ' || bytes[i] == b'\t') {
        i += 1;
    }
    if i < row.end && bytes[i] == b'|' {
        i += 1;
    }
    let mut cells = Vec::new();
    let mut cell_start = i;
    while i < row.end {
        match bytes[i] {
            b'\\' => i += 2,
            b'|' => {
                cells.push(make_cell(src, Span::new(cell_start, i)));
                i += 1;
                cell_start = i;
            }
            _ => i += 1,
        }
    }
    let rest = Span::new(cell_start.min(row.end), row.end);
    if !rest.text(src).trim().is_empty() || cells.is_empty() {
        cells.push(make_cell(src, rest));
    }
    cells
}

fn make_cell(src: &str, raw: Span) -> Cell {
    // An empty cell keeps its raw span (the blanks between the pipes), so a finding
    // about it has something to point at.
    let trimmed = trim_span(src, raw);
    let span = if trimmed.is_empty() { raw } else { trimmed };
    let text = inline::plain_text(src, span)
        .replace("\\|", "|")
        .trim()
        .to_string();
    Cell { span, text }
}

/// H2 sections: each top-level H2 runs to the next top-level heading of level 1 or 2.
fn build_sections(src: &str, blocks: &[Block], headings: &[Heading]) -> Vec<Section> {
    let tops: Vec<usize> = blocks
        .iter()
        .filter(|b| b.depth == 0 && b.kind == BlockKind::Heading)
        .filter_map(|b| b.index)
        .filter(|&h| headings[h].level <= 2)
        .collect();
    let mut sections = Vec::new();
    for (n, &h) in tops.iter().enumerate() {
        if headings[h].level != 2 {
            continue;
        }
        let end = tops
            .get(n + 1)
            .map(|&next| headings[next].span.start)
            .unwrap_or(src.len());
        let heading = &headings[h];
        sections.push(Section {
            heading: h,
            span: Span::new(heading.span.start, end),
            body: Span::new(heading.span.end.min(end), end),
        });
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(src: &str) -> Document {
        parse(Path::new("t.md"), Arc::from(src))
    }

    #[test]
    fn headings_and_sections() {
        let d = doc("# Plan: A (a)\n\n## Summary\n\nText.\n\n## Goals ##\n\n- x\n");
        assert_eq!(d.title().map(|h| h.text.as_str()), Some("Plan: A (a)"));
        assert_eq!(d.sections.len(), 2);
        let g = &d.headings[d.sections[1].heading];
        assert_eq!(d.text(g.text_span), "Goals");
        assert_eq!(d.text(d.sections[0].body).trim(), "Text.");
    }

    #[test]
    fn table_cells_are_exact_with_escaped_pipes() {
        let src = "| Path | Why |\n|---|---|\n| `a\\|b.rs` | x \\| y |\n";
        let d = doc(src);
        let t = &d.tables[0];
        assert_eq!(t.header.cells.len(), 2);
        let row = &t.rows[0];
        assert_eq!(d.text(row.cells[0].span), "`a\\|b.rs`");
        assert_eq!(row.cells[0].text, "a|b.rs");
        assert_eq!(d.text(row.cells[1].span), "x \\| y");
        assert_eq!(row.cells[1].text, "x | y");
    }

    #[test]
    fn bom_and_crlf_spans() {
        let src = "\u{feff}# Plan: A (a)\r\n\r\n## Summary\r\n\r\nWe `x` y.\r\n";
        let d = doc(src);
        let title = d.title().expect("title");
        assert_eq!(d.text(title.text_span), "Plan: A (a)");
        assert_eq!(d.text(d.code_spans[0].span), "`x`");
        assert_eq!(d.line_col(d.code_spans[0].span.start).column, 4);
    }

    #[test]
    fn lists_items_and_tasks() {
        let d = doc("1. one\n2. two\n\n- [ ] a\n- [x] b\n");
        assert_eq!(d.lists.len(), 2);
        assert_eq!(d.items[1].number, Some(2));
        assert_eq!(d.items[2].task, Some(TaskState::Unchecked));
        assert_eq!(d.items[3].task, Some(TaskState::Checked));
        assert_eq!(d.lists[1].items, vec![2, 3]);
    }

    #[test]
    fn front_matter_before_title() {
        let d = doc("---\na: b\n---\n\n# Plan: A (a)\n");
        assert!(d.front_matter.is_some());
        assert!(d.title().is_some());
    }
}
