//! Parse and lower: comrak parses the Markdown, the walker lowers comrak's arena AST
//! into the owned [`Document`] model.
//!
//! Block positions come from comrak's source positions (line + byte column). Inline
//! positions come from plan-lint's own scanner (`crate::document::inline`) run over the exact
//! source bytes of each leaf block, and table cells are split from the row's source
//! text, so no span can drift after escapes.

use crate::document::inline::{self, InlineKind};
use crate::document::model::*;
use crate::document::source::{BOM, LineIndex, Span, floor_char_boundary};
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
///
/// A plan that [`check_nesting`] refuses is parsed only up to the line it names
/// (the CLI refuses such a file before parsing it; this keeps every other caller in
/// linear time too).
pub fn parse(path: &Path, source: Arc<str>) -> Document {
    let bom = if source.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    let cut = match check_nesting(&source) {
        Ok(()) => source.len(),
        Err(e) => e.offset.max(bom),
    };
    let arena = Arena::new();
    let options = comrak_options();
    let root = comrak::parse_document(&arena, &source[bom..cut], &options);
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
        links: Vec::new(),
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
        links,
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
    let mut links = links;
    if !links.is_sorted_by_key(|l| l.span.start) {
        links.sort_by_key(|l| l.span.start);
    }
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
        links,
        prose,
        html,
    }
}

/// The deepest list nesting plan-lint parses: a line that may open or continue more
/// list levels than this refuses the file ([`check_nesting`]).
pub const MAX_LIST_NESTING: usize = 10_000;

/// How much work nested lists may cost comrak per byte of the plan (see
/// [`check_nesting`]): ordinary plans stay under 20, a list nested 10 000 deep under
/// 110.
pub const NESTED_WORK_PER_BYTE: usize = 256;

/// Why [`check_nesting`] refuses a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NestingError {
    /// 1-based line.
    pub line: usize,
    /// Byte offset where that line starts.
    pub offset: usize,
    /// The list nesting (an upper bound) at that line.
    pub depth: usize,
    /// Whether the nesting itself is too deep (else: too much text inside deep lists).
    pub too_deep: bool,
}

impl std::fmt::Display for NestingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.too_deep {
            write!(
                f,
                "list nesting deeper than {MAX_LIST_NESTING} levels at line {}; plans are refused past that depth",
                self.line
            )
        } else {
            write!(
                f,
                "too much text inside deeply nested lists (line {}, up to {} levels deep); parsing it would take time quadratic in its size",
                self.line, self.depth
            )
        }
    }
}

impl std::error::Error for NestingError {}

/// A linear pre-pass that bounds what nested lists cost comrak, before comrak sees the
/// plan.
///
/// comrak 0.59 spends time proportional to the list nesting depth for every node below
/// a list: when it closes a list, `Parser::fix_zero_end_columns` walks the list's whole
/// subtree (`Parser::finalize_borrowed`, for each `List`), and after the parse
/// `Parser::propagate_list_sourcepos` walks the descendants of every `List` node once
/// more. Both are O(list depth x nodes): 25 000 nested levels took 28 s, and a text of
/// lazy continuation lines under a list 2 000 deep costs 2 000 steps per line.
///
/// This pass computes, per line, an upper bound of comrak's open list levels: a list
/// level that a non-blank line continues or opens takes at least two columns of its
/// leading run of blanks and markers (`>` excepted), a line opens at most 99 levels
/// (comrak's own per-line cap), a blank line keeps the levels, and a line right after
/// a non-blank one may be a lazy continuation that keeps them too. It refuses the plan
/// when the bound exceeds [`MAX_LIST_NESTING`], or when the sum over lines of (bound x
/// nodes the line can make) exceeds [`NESTED_WORK_PER_BYTE`] per byte. Block quotes
/// cost comrak no such walk and are not limited.
pub fn check_nesting(source: &str) -> Result<(), NestingError> {
    let bytes = source.as_bytes();
    let budget = NESTED_WORK_PER_BYTE.saturating_mul(bytes.len() + 1);
    let mut work = 0usize;
    let mut depth = 0usize; // the bound after the previous line
    let mut prev_blank = true;
    let mut line = 1;
    let mut start = if source.starts_with(BOM) {
        BOM.len()
    } else {
        0
    };
    while start <= bytes.len() {
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'\n' && bytes[end] != b'\r' {
            end += 1;
        }
        nesting_work(end + 1 - start);
        // The leading run of blanks and container markers: its columns, `>` excepted.
        let mut column = 0usize;
        let mut marker_columns = 0usize;
        let mut i = start;
        while i < end {
            let width = match bytes[i] {
                b'\t' => 4 - column % 4,
                b' ' | b'-' | b'+' | b'*' | b'.' | b')' | b'0'..=b'9' => 1,
                b'>' => {
                    column += 1;
                    i += 1;
                    continue;
                }
                _ => break,
            };
            column += width;
            marker_columns += width;
            i += 1;
        }
        let blank = bytes[start..end].iter().all(|&b| b == b' ' || b == b'\t');
        if !blank {
            let opened = marker_columns.div_ceil(2).min(depth + 99);
            depth = if prev_blank {
                opened
            } else {
                opened.max(depth)
            };
            // Nodes the line can make: two per non-blank byte (a marker opens a list
            // and an item), plus its line break.
            let nodes = 2 * bytes[start..end]
                .iter()
                .filter(|&&b| b != b' ' && b != b'\t')
                .count()
                + 2;
            work = work.saturating_add(depth.saturating_mul(nodes));
            let too_deep = depth > MAX_LIST_NESTING;
            if too_deep || work > budget {
                return Err(NestingError {
                    line,
                    offset: start,
                    depth,
                    too_deep,
                });
            }
        }
        prev_blank = blank;
        // The next line: after `\n`, `\r\n` or a lone `\r`.
        if end >= bytes.len() {
            break;
        }
        start = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
            end + 2
        } else {
            end + 1
        };
        line += 1;
    }
    Ok(())
}

#[cfg(test)]
thread_local! {
    static NESTING_WORK: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts bytes examined by [`check_nesting`] (tests only).
#[inline(always)]
fn nesting_work(n: usize) {
    #[cfg(test)]
    NESTING_WORK.with(|w| w.set(w.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
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
    links: Vec<LinkDest>,
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
        // The `[` openers the scanner counted (true: an image's `![`), to tell an
        // image's destination from a link's; the last `]` and whether it closed an image.
        let mut opens: Vec<bool> = Vec::new();
        let mut last_close: Option<(usize, bool)> = None;
        for piece in inline::scan(self.source, span) {
            match piece.kind {
                InlineKind::Text => {
                    self.prose.push(piece.span);
                    track_brackets(self.source, piece.span, &mut opens, &mut last_close);
                }
                InlineKind::Url if !piece.span.text(self.source).starts_with('<') => {
                    // a bare URL: the scanner counted its brackets as text
                    track_brackets(self.source, piece.span, &mut opens, &mut last_close);
                }
                InlineKind::LinkDest => {
                    let image =
                        last_close.is_some_and(|(at, image)| image && at + 1 == piece.span.start);
                    if let Some((dest_span, dest)) = link_destination(self.source, piece.span) {
                        self.links.push(LinkDest {
                            span: dest_span,
                            outer: piece.span,
                            dest,
                            image,
                        });
                    }
                }
                InlineKind::Code => self.code_spans.push(CodeSpan {
                    span: piece.span,
                    content: piece.content,
                    text: inline::code_text(piece.content.text(self.source)),
                }),
                InlineKind::Html => self.html.push(piece.span),
                InlineKind::Url => {}
            }
        }
    }
}

/// Follows the `[` / `]` of a text run as the inline scanner counts them (escaped
/// ones skipped), recording whether each opener is an image's `![`.
fn track_brackets(
    src: &str,
    span: Span,
    opens: &mut Vec<bool>,
    last_close: &mut Option<(usize, bool)>,
) {
    let b = src.as_bytes();
    let mut i = span.start;
    while i < span.end {
        match b[i] {
            b'\\' if i + 1 < span.end && b[i + 1].is_ascii_punctuation() => i += 1,
            b'[' => {
                opens.push(i > span.start && b[i - 1] == b'!' && !escaped(b, span.start, i - 1))
            }
            b']' => *last_close = Some((i, opens.pop().unwrap_or(false))),
            _ => {}
        }
        i += 1;
    }
}

/// Whether the byte at `at` is preceded by an odd run of backslashes (from `from`).
fn escaped(b: &[u8], from: usize, at: usize) -> bool {
    let run = b[from..at]
        .iter()
        .rev()
        .take_while(|&&c| c == b'\\')
        .count();
    run % 2 == 1
}

/// The destination inside a scanned `(dest "title")` piece: its span (without the
/// `<` `>` of an angle-bracket destination) and its text with backslash escapes
/// resolved. `None` for an empty destination (`()`, `(<>)`).
pub(crate) fn link_destination(src: &str, outer: Span) -> Option<(Span, String)> {
    let b = src.as_bytes();
    if outer.len() < 2 || b[outer.start] != b'(' || b[outer.end - 1] != b')' {
        return None;
    }
    let end = outer.end - 1;
    let mut i = outer.start + 1;
    while i < end && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    let punct = |j: usize| j + 1 < end && b[j] == b'\\' && b[j + 1].is_ascii_punctuation();
    let span = if i < end && b[i] == b'<' {
        let start = i + 1;
        let mut j = start;
        while j < end && b[j] != b'>' && b[j] != b'\n' {
            j += if punct(j) { 2 } else { 1 };
        }
        if j >= end || b[j] != b'>' {
            return None;
        }
        Span::new(start, j)
    } else {
        let mut depth = 0usize;
        let mut j = i;
        while j < end {
            match b[j] {
                _ if punct(j) => j += 1,
                b'(' => depth += 1,
                b')' if depth == 0 => break,
                b')' => depth -= 1,
                c if c <= b' ' => break,
                _ => {}
            }
            j += 1;
        }
        Span::new(i, j.min(end))
    };
    if span.is_empty() {
        return None;
    }
    let raw = span.text(src);
    let mut dest = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&n) if c == '\\' && n.is_ascii_punctuation() => {
                dest.push(n);
                chars.next();
            }
            _ => dest.push(c),
        }
    }
    Some((span, dest))
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

    const TITLE: &str = "# Plan: Hostile (hostile)\n\n";

    /// n nested list levels: 99 per line (comrak's per-line cap), each line indented
    /// under the deepest item so far (as in tests/hostile.rs).
    fn deep_list(n: usize) -> String {
        let mut s = String::from(TITLE);
        let mut level = 0;
        while level < n {
            let k = (n - level).min(99);
            s.push_str(&" ".repeat(2 * level));
            s.push_str(&"- ".repeat(k));
            s.push_str("x\n");
            level += k;
        }
        s
    }

    /// comrak's own count of its work ("steps": lines, nodes, inlines, and the nodes
    /// its list passes walk), from its cancellation callback, which it calls every 256
    /// steps.
    fn comrak_steps(text: &str) -> u64 {
        let calls = std::cell::Cell::new(0u64);
        let count = || {
            calls.set(calls.get() + 1);
            false
        };
        let arena = Arena::new();
        comrak::try_parse_document(&arena, text, &comrak_options(), &count).unwrap();
        calls.get() * 256
    }

    /// The text `parse` hands to comrak.
    fn fed_to_comrak(text: &str) -> &str {
        match check_nesting(text) {
            Ok(()) => text,
            Err(e) => &text[..e.offset],
        }
    }

    #[test]
    fn nesting_check_refuses_deep_lists_at_the_first_line_past_the_limit() {
        // 10 000 levels (tests/hostile.rs parses them for real) pass.
        assert_eq!(check_nesting(&deep_list(10_000)), Ok(()));
        // Past it: line 104 is the first to reach 102 x 99 = 10 098 levels.
        for n in [25_000, 100_000] {
            let text = deep_list(n);
            let e = check_nesting(&text).unwrap_err();
            assert_eq!(
                (e.line, e.depth, e.too_deep),
                (104, 10_098, true),
                "{n} levels"
            );
            assert_eq!(e.offset, LineIndex::new(&text).line_start(104));
            assert_eq!(
                e.to_string(),
                "list nesting deeper than 10000 levels at line 104; plans are refused past that depth"
            );
            // parse() hands comrak the lines before it only.
            let doc = parse(Path::new("t.md"), Arc::from(text.as_str()));
            assert_eq!(doc.lists.len(), 101 * 99);
        }
        // Block quotes cost comrak no list walk: 100 000 on a line pass, and so do
        // list markers on one line (comrak opens 99 per line).
        for text in [
            format!("{TITLE}{} x\n", ">".repeat(100_000)),
            format!("{TITLE}{}x\n", "- ".repeat(100_000)),
            format!("{TITLE}{}x\n", "> - ".repeat(50_000)),
        ] {
            assert_eq!(check_nesting(&text), Ok(()));
        }
    }

    /// Regression: lazy continuation lines under a deep list cost comrak the list's
    /// depth each (2 000 levels and 100 000 lazy lines took 10 s). Past the budget the
    /// plan is refused at the line where the budget runs out.
    #[test]
    fn nesting_check_refuses_text_piled_under_deep_lists() {
        let text = deep_list(2_000) + &"y\n".repeat(100_000);
        let e = check_nesting(&text).unwrap_err();
        assert!(!e.too_deep);
        assert_eq!(e.depth, 2_000);
        assert!((24..100_000).contains(&e.line), "{e:?}");
        assert!(e.to_string().starts_with(&format!(
            "too much text inside deeply nested lists (line {}, up to 2000 levels deep)",
            e.line
        )));
        // A shallow list with the same text is fine.
        let shallow = format!("{TITLE}- - - x\n{}", "y\n".repeat(100_000));
        assert_eq!(check_nesting(&shallow), Ok(()));
    }

    /// What comrak is handed costs it work linear in the plan: its own step count per
    /// byte stays bounded for every shape, accepted or cut.
    #[test]
    fn comrak_work_is_linear_in_what_the_nesting_check_lets_through() {
        type Shape = Box<dyn Fn(usize) -> String>;
        let shapes: Vec<(&str, Shape)> = vec![
            ("deep list", Box::new(|n| deep_list(n / 100))),
            (
                "lazy lines under 2 000 levels",
                Box::new(|n| deep_list(2_000) + &"y\n".repeat(n / 2)),
            ),
            (
                "lazy lines under 99 levels",
                Box::new(|n| format!("{TITLE}{}x\n{}", "- ".repeat(99), "y\n".repeat(n / 2))),
            ),
            (
                "quotes",
                Box::new(|n| format!("{TITLE}{} x\n", ">".repeat(n))),
            ),
            (
                "quotes under a list",
                Box::new(|n| format!("{TITLE}- {} x\n\nz\n", ">".repeat(n))),
            ),
        ];
        for (name, make) in shapes {
            for n in [100_000, 1_000_000] {
                let text = make(n);
                let fed = fed_to_comrak(&text);
                let steps = comrak_steps(fed);
                let per_byte = steps as f64 / text.len() as f64;
                eprintln!(
                    "{name}, {} bytes ({} fed): {steps} steps, {per_byte:.1}/byte",
                    text.len(),
                    fed.len()
                );
                assert!(
                    per_byte < 2.0 * NESTED_WORK_PER_BYTE as f64,
                    "{name}: {per_byte:.1} steps per byte"
                );
            }
        }
    }

    #[test]
    fn nesting_check_is_linear() {
        for unit in ["- ", "  - x\n", "> - ", "\t- y\n\n", "x\n"] {
            let work = |n: usize| {
                let text = unit.repeat(n);
                NESTING_WORK.with(|w| w.set(0));
                let _ = check_nesting(&text);
                NESTING_WORK.with(|w| w.get())
            };
            let (small, large) = (work(10_000), work(100_000));
            assert!(large <= 11 * small, "{unit:?}: {small} -> {large}");
        }
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

    #[test]
    fn link_destinations_are_lowered() {
        let src = "See [a](docs/a\\_b.md \"t\"), ![img](<pics/a b.png>) and [x]( ./c.md#top ).\n\n\
                   | k | v |\n|---|---|\n| [t](x\\|y.md) | [![i](i.svg)](l.md) |\n\n\
                   `[no](code.md)` \\![esc](e.md) [](<>) [e]() [n](a(b)c.md)\n";
        let d = doc(src);
        let got: Vec<(&str, &str, bool, usize)> = d
            .links
            .iter()
            .map(|l| {
                (
                    d.text(l.span),
                    l.dest.as_str(),
                    l.image,
                    d.line_col(l.span.start).column,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("docs/a\\_b.md", "docs/a_b.md", false, 9),
                ("pics/a b.png", "pics/a b.png", true, 36),
                ("./c.md#top", "./c.md#top", false, 60),
                ("x\\|y.md", "x|y.md", false, 7),
                ("i.svg", "i.svg", true, 24),
                ("l.md", "l.md", false, 32),
                ("e.md", "e.md", false, 25),
                ("a(b)c.md", "a(b)c.md", false, 48),
            ]
        );
        assert!(d.links.is_sorted_by_key(|l| l.span.start));
        assert_eq!(d.text(d.links[0].outer), "(docs/a\\_b.md \"t\")");
    }
}
