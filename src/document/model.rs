//! The document model: a plain, owned, `Send + Sync` view of one plan.
//!
//! The walker in [`crate::document::parse`] lowers comrak's arena AST into these types. Every
//! span is a byte range into [`Document::source`], the original file contents (BOM
//! and CRLF included), so diagnostics point at exact bytes and fixes edit exact bytes.

use crate::document::source::{LineCol, LineIndex, Span};
use std::path::PathBuf;
use std::sync::Arc;

/// One parsed plan.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path as the user named it (used in output).
    pub path: PathBuf,
    /// The original text, byte for byte.
    pub source: Arc<str>,
    /// Where each line starts, to turn byte offsets into 1-based lines and columns.
    pub lines: LineIndex,
    /// YAML front matter (`---` … `---`) before the title, delimiters included.
    pub front_matter: Option<Span>,
    /// Every block in document order (pre-order). `depth` 0 are the document's children.
    pub blocks: Vec<Block>,
    /// Every heading, ATX and setext, at any depth, in document order.
    pub headings: Vec<Heading>,
    /// H2 sections of the document, in order.
    pub sections: Vec<Section>,
    /// Every GFM table, in document order.
    pub tables: Vec<Table>,
    /// Every list (bullet and ordered, nested ones included), in document order.
    pub lists: Vec<List>,
    /// Every list item of every list, in document order; [`List::items`] indexes into it.
    pub items: Vec<ListItem>,
    /// Every code block, fenced and indented, in document order.
    pub code_blocks: Vec<CodeBlock>,
    /// Inline code spans, sorted by start.
    pub code_spans: Vec<CodeSpan>,
    /// Inline link and image destinations (`[t](dest "title")`, `![a](<a b.png>)`), in
    /// document order (sorted by start, as `code_spans`).
    pub links: Vec<LinkDest>,
    /// Prose text runs: text outside code, HTML, link destinations and URLs.
    pub prose: Vec<Span>,
    /// Raw HTML: HTML blocks and inline tags/comments.
    pub html: Vec<Span>,
}

/// What a [`Block`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// YAML front matter (`---` … `---`) before the first block.
    FrontMatter,
    /// A paragraph.
    Paragraph,
    /// An ATX (`#`) or setext (underlined) heading; its [`Block::index`] is into `headings`.
    Heading,
    /// A bullet or ordered list; its [`Block::index`] is into `lists`.
    List,
    /// A list item; its [`Block::index`] is into `items`.
    Item,
    /// A GFM table; its [`Block::index`] is into `tables`.
    Table,
    /// A fenced or indented code block; its [`Block::index`] is into `code_blocks`.
    CodeBlock,
    /// An HTML block (comments included).
    Html,
    /// A block quote; its children are blocks of their own.
    BlockQuote,
    /// A thematic break (`---`, `***`, `___`).
    ThematicBreak,
    /// Any other block node of comrak's (footnotes, alerts, …: none of the extensions
    /// that make them is enabled).
    Other,
}

/// One block of the document, in [`Document::blocks`].
#[derive(Debug, Clone)]
pub struct Block {
    /// What the block is.
    pub kind: BlockKind,
    /// The block's bytes, from its first to its last character.
    pub span: Span,
    /// Nesting depth: 0 for the document's direct children.
    pub depth: u32,
    /// Index of the enclosing block in [`Document::blocks`].
    pub parent: Option<usize>,
    /// Index into the kind's own table (`headings`, `tables`, `lists`, `items`,
    /// `code_blocks`), when it has one.
    pub index: Option<usize>,
}

/// A heading, ATX or setext.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The heading level, 1 (`#`) to 6 (`######`); setext headings are 1 (`===`) or 2 (`---`).
    pub level: u8,
    /// The whole heading, markers included (the underline for setext headings).
    pub span: Span,
    /// The heading's inline content, without `#` markers or a closing sequence.
    pub text_span: Span,
    /// Plain text of the content (markup removed, escapes resolved).
    pub text: String,
    /// Whether it is a setext heading (text underlined with `===` or `---`).
    pub setext: bool,
    /// Depth of the heading block (0 = top level).
    pub depth: u32,
}

/// An H2 section: the heading and everything up to the next top-level H2.
#[derive(Debug, Clone)]
pub struct Section {
    /// Index into [`Document::headings`].
    pub heading: usize,
    /// From the start of the heading to the start of the next H2 (or the end).
    pub span: Span,
    /// From the end of the heading to the start of the next H2 (or the end).
    pub body: Span,
}

/// A GFM table.
#[derive(Debug, Clone)]
pub struct Table {
    /// The whole table, from the header row to the last body row.
    pub span: Span,
    /// The header row (empty, at the table's start, if the table had none).
    pub header: Row,
    /// The body rows, below the delimiter row, in order.
    pub rows: Vec<Row>,
}

/// One table row.
#[derive(Debug, Clone)]
pub struct Row {
    /// From the row's start to the end of its line (line ending excluded).
    pub span: Span,
    /// The row's cells, left to right.
    pub cells: Vec<Cell>,
}

/// One table cell.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The cell's content with surrounding whitespace trimmed (may be empty).
    pub span: Span,
    /// Plain text: markup removed, `\|` resolved.
    pub text: String,
}

/// A bullet or ordered list.
#[derive(Debug, Clone)]
pub struct List {
    /// The whole list, from the first item's marker to the end of the last item.
    pub span: Span,
    /// Whether the list is ordered (`1.`, `2)`) rather than bulleted.
    pub ordered: bool,
    /// Indexes into [`Document::items`].
    pub items: Vec<usize>,
    /// Nesting depth of the list block (0 = top level).
    pub depth: u32,
}

/// The state of a task-list item's checkbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskState {
    /// `[ ]`: not done.
    Unchecked,
    /// `[x]` (or any other mark): done.
    Checked,
}

/// One list item.
#[derive(Debug, Clone)]
pub struct ListItem {
    /// The whole item, from its marker to the end of its content.
    pub span: Span,
    /// The list marker (`-`, `*`, `1.`, `2)`).
    pub marker: Span,
    /// The number of an ordered item as written.
    pub number: Option<u64>,
    /// The checkbox, when the item is a task-list item (`- [ ]`, `- [x]`).
    pub task: Option<TaskState>,
    /// Index into [`Document::lists`].
    pub list: usize,
}

/// A code block, fenced or indented.
#[derive(Debug, Clone)]
pub struct CodeBlock {
    /// The whole block, fences included.
    pub span: Span,
    /// Whether it is fenced (`` ``` `` or `~~~`) rather than indented.
    pub fenced: bool,
    /// The info string (first word is the language), trimmed.
    pub info: String,
    /// The code as comrak reads it: the lines between the fences (or without the indent).
    pub literal: String,
}

/// An inline code span (`` `x` ``).
#[derive(Debug, Clone)]
pub struct CodeSpan {
    /// The whole span, backticks included.
    pub span: Span,
    /// The bytes between the backtick runs.
    pub content: Span,
    /// The literal text per CommonMark (one surrounding space stripped).
    pub text: String,
}

/// The destination of an inline link or image.
#[derive(Debug, Clone)]
pub struct LinkDest {
    /// The destination as written: no parentheses, no title, no `<` `>` of an
    /// angle-bracket destination (for diagnostics). Never empty.
    pub span: Span,
    /// The whole `(dest "title")` part, parentheses included.
    pub outer: Span,
    /// The destination with backslash escapes resolved (`a\_b.md` is `a_b.md`).
    pub dest: String,
    /// Whether it is an image (`![alt](dest)`).
    pub image: bool,
}

impl Document {
    /// The source text of `span`.
    pub fn text(&self, span: Span) -> &str {
        &self.source[span.start..span.end]
    }

    /// `span` without the whitespace at its start and end (empty, at the end of the
    /// leading whitespace, when it is all whitespace).
    pub fn trimmed(&self, span: Span) -> Span {
        let text = self.text(span);
        let start = span.start + (text.len() - text.trim_start().len());
        let end = span.end - (text.len() - text.trim_end().len());
        Span::new(start, end.max(start))
    }

    /// The 1-based line and column of byte `offset`.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(&self.source, offset)
    }

    /// The document's title heading: the first block when it is an H1.
    pub fn title(&self) -> Option<&Heading> {
        let first = self
            .blocks
            .iter()
            .find(|b| b.depth == 0 && b.kind != BlockKind::FrontMatter && !is_comment(self, b))?;
        if first.kind != BlockKind::Heading {
            return None;
        }
        let heading = &self.headings[first.index?];
        (heading.level == 1).then_some(heading)
    }

    /// The prose runs overlapping `within`, clipped to it. Runs are disjoint and in
    /// document order (the walker guarantees it), so this is a binary search, not a
    /// scan of the document per call.
    pub fn prose_in(&self, within: Span) -> impl Iterator<Item = Span> + '_ {
        let first = self.prose.partition_point(|p| p.end <= within.start);
        self.prose[first..]
            .iter()
            .take_while(move |p| p.start < within.end)
            .filter_map(move |p| {
                let (s, e) = (p.start.max(within.start), p.end.min(within.end));
                (s < e).then_some(Span::new(s, e))
            })
    }

    /// The prose runs lying wholly inside `within` (not clipped: a run crossing its
    /// edges is left out), by binary search as [`Document::prose_in`].
    pub fn prose_within(&self, within: Span) -> impl Iterator<Item = Span> + '_ {
        let from = self.prose.partition_point(|p| p.start < within.start);
        self.prose[from..]
            .iter()
            .take_while(move |p| p.start < within.end)
            .filter(move |p| within.contains(**p))
            .copied()
    }

    /// The inline code spans lying wholly inside `within` (binary search, as
    /// [`Document::prose_in`]).
    pub fn code_spans_in(&self, within: Span) -> impl Iterator<Item = &CodeSpan> + '_ {
        let first = self
            .code_spans
            .partition_point(|c| c.span.start < within.start);
        self.code_spans[first..]
            .iter()
            .take_while(move |c| c.span.start < within.end)
            .filter(move |c| within.contains(c.span))
    }

    /// Whether `offset` lies inside a code block (code blocks never nest or overlap).
    pub fn in_code_block(&self, offset: usize) -> bool {
        let i = self.code_blocks.partition_point(|c| c.span.start <= offset);
        i.checked_sub(1)
            .is_some_and(|i| offset < self.code_blocks[i].span.end)
    }

    /// Top-level blocks whose start lies inside `span`.
    pub fn top_blocks_in(&self, span: Span) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(move |b| b.depth == 0 && span.start <= b.span.start && b.span.start < span.end)
    }

    /// The document's line ending (that of its first line break; `\n` when it has none),
    /// for text that fixes insert.
    pub fn newline(&self) -> &'static str {
        let bytes = self.source.as_bytes();
        match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => "\r\n",
            Some(i) if bytes[i] == b'\r' => "\r",
            _ => "\n",
        }
    }

    /// The heading that opens `section`.
    pub fn section_heading(&self, section: &Section) -> &Heading {
        &self.headings[section.heading]
    }
}

impl Document {
    /// Whether `block` is a fenced code block without its closing fence (it runs to the
    /// end of its container). An indented code block is never open.
    pub fn is_open_fence(&self, block: &Block) -> bool {
        if block.kind != BlockKind::CodeBlock {
            return false;
        }
        let text = self.text(block.span).trim_end();
        let mut lines = text.lines();
        let first = lines.next().unwrap_or("").trim_start();
        let fence: String = first
            .chars()
            .take_while(|c| *c == '`' || *c == '~')
            .collect();
        if fence.len() < 3 {
            return false; // an indented code block ends at the first unindented line
        }
        let closed = lines.last().is_some_and(|l| {
            let l = l.trim();
            l.len() >= fence.len() && l.chars().all(|c| fence.starts_with(c))
        });
        !closed
    }

    /// Whether the document ends inside an HTML block that is never closed (`<!--`
    /// without `-->`, `<pre>` without `</pre>`, …): text appended at the end would land
    /// inside it, so fixes must not insert there.
    pub fn ends_in_open_html(&self) -> bool {
        let Some(last) = self.blocks.iter().rev().find(|b| b.depth == 0) else {
            return false;
        };
        if last.kind == BlockKind::CodeBlock {
            return self.is_open_fence(last);
        }
        if last.kind != BlockKind::Html {
            return false;
        }
        let text = self.text(last.span).trim_start();
        let lower = text.to_ascii_lowercase();
        let unclosed = |open: &str, close: &str| {
            lower.starts_with(open) && !lower[open.len()..].contains(close)
        };
        unclosed("<!--", "-->")
            || unclosed("<?", "?>")
            || unclosed("<![cdata[", "]]>")
            || ["pre", "script", "style", "textarea"]
                .iter()
                .any(|t| lower.starts_with(&format!("<{t}")) && !lower.contains(&format!("</{t}>")))
            || (lower.starts_with("<!") && !lower.starts_with("<!--") && !lower.contains('>'))
    }
}

/// Whether a block is an HTML comment (which carries no content).
pub fn is_comment(doc: &Document, block: &Block) -> bool {
    block.kind == BlockKind::Html && {
        let t = doc.text(block.span).trim();
        t.starts_with("<!--") && t.ends_with("-->")
    }
}
