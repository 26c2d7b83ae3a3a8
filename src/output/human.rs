//! `--format human`: miette's graphical reports, one per finding, with the source
//! snippet, the rule code and name, and a help line.
//!
//! A snippet line wider than the report is trimmed around the finding as rustc does
//! (`...` where text is left out, the same columns cut from every line of the snippet),
//! so the underline and its label stay under the text instead of being wrapped onto
//! rows of their own by the terminal. The width is [`Style::width`]: the CLI uses the
//! terminal's when standard output is one, else 100 columns.

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::model::Document;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// How to draw reports.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Whether to colour the report (ANSI escapes).
    pub color: bool,
    /// Whether to draw with Unicode box characters (else ASCII).
    pub unicode: bool,
    /// The width reports wrap at, in columns.
    pub width: usize,
}

impl Style {
    /// No colour, Unicode box drawing, 100 columns: stable for snapshots and pipes.
    pub fn plain() -> Self {
        Style {
            color: false,
            unicode: true,
            width: 100,
        }
    }

    fn handler(&self) -> GraphicalReportHandler {
        let theme = match (self.color, self.unicode) {
            (true, true) => GraphicalTheme::unicode(),
            (true, false) => GraphicalTheme::ascii(),
            (false, true) => GraphicalTheme::unicode_nocolor(),
            (false, false) => GraphicalTheme::none(),
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
    }
}

struct Report<'a> {
    diag: &'a Diagnostic,
    source: &'a dyn SourceCode,
    /// The finding's span in `source` (a [`Trimmed`] snippet has its own offsets).
    span: SourceSpan,
    code: String,
    /// `path:line:col` when the snippet is left out (see [`MAX_SNIPPET_LINE`]).
    location: Option<String>,
}

/// Lines longer than this (in bytes) are not drawn as snippets: miette pads labels with
/// `{:width$}`, which panics past 65 535 columns, and would print the whole line for
/// each finding. Such findings get their `path:line:col` in the message instead.
const MAX_SNIPPET_LINE: usize = 4096;

/// Whether every line the snippet of `d` would show (its lines, one of context on
/// each side) is short enough to draw.
fn drawable(doc: &Document, d: &Diagnostic) -> bool {
    let first = doc.lines.line_of(d.span.start).saturating_sub(1).max(1);
    let last = (doc.lines.line_of(d.span.end) + 1).min(doc.lines.line_count());
    (first..=last).all(|line| {
        doc.lines
            .line_end(&doc.source, line)
            .saturating_sub(doc.lines.line_start(line))
            <= MAX_SNIPPET_LINE
    })
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)?;
        match &self.location {
            Some(at) => write!(f, " (at {at}; the line is too long to show)"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let fix = self.diag.fix.as_ref().map(|f| match f.applicability {
            Applicability::Safe => format!("fix: {} (safe: `--fix`)", f.message),
            Applicability::Unsafe => format!("fix: {} (unsafe: `--fix --unsafe-fixes`)", f.message),
            Applicability::Suggestion => format!("suggestion: {}", f.message),
        });
        match (&self.diag.help, fix) {
            (Some(h), Some(f)) => Some(Box::new(format!("{h}\n{f}"))),
            (Some(h), None) => Some(Box::new(h)),
            (None, Some(f)) => Some(Box::new(f)),
            (None, None) => None,
        }
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.location.is_none().then_some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.location.is_some() {
            return None;
        }
        let label = self.diag.label.clone();
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(label, self.span),
        )))
    }
}

/// The document as miette's [`SourceCode`], reading only the lines around a span.
///
/// miette's own implementation for `str` walks the text from its first byte to the
/// span on every call (three calls per finding), which made the human format cost
/// findings × file size. This one starts miette's walk at the first context line,
/// found through the document's [`crate::document::source::LineIndex`] (which breaks lines where
/// miette does: `\n`, `\r\n`, a lone `\r`), and shifts the result back to
/// whole-file offsets and line numbers. The output is byte-identical.
struct Windowed<'d> {
    name: String,
    doc: &'d Document,
}

impl SourceCode for Windowed<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let source: &str = &self.doc.source;
        if span.offset() > source.len() {
            return Err(MietteError::OutOfBounds);
        }
        let lines = &self.doc.lines;
        // 1-based line of the span's start, and the first context line above it.
        let line = lines.line_of(span.offset());
        let first = line.saturating_sub(context_lines_before).max(1);
        // Line 1 starts after a BOM in the index; miette counts from byte 0.
        let window = if first == 1 {
            0
        } else {
            lines.line_start(first)
        };
        let local = SourceSpan::new((span.offset() - window).into(), span.len());
        let inner =
            source[window..].read_span(&local, context_lines_before, context_lines_after)?;
        let lines_above = first - 1;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((window + inner.span().offset()).into(), inner.span().len()),
            inner.line() + lines_above,
            inner.column(),
            inner.line_count() + lines_above,
        )))
    }
}

/// The mark where a trimmed line leaves text out (three columns).
const ELLIPSIS: &str = "...";

/// miette's tab stops (`GraphicalReportHandler`'s default `tab_width`).
const TAB_WIDTH: usize = 4;

/// A finding's snippet (its line with one line of context on each side, as miette
/// shows it) whose lines are cut to the report's width around the finding, rustc's
/// way: the same display columns are kept from every line, `...` stands where text is
/// left out, and the finding's columns plus its label are in the kept part. Columns
/// are display columns (CJK and emoji count two, a tab goes to the next stop), so
/// the underline stays under the text whatever the script. Tabs are expanded to
/// spaces in the trimmed text.
///
/// miette reads this text as its source: the span is in its offsets, the line numbers
/// are shifted back to the file's, and the header (`[path:line:col]`) keeps the
/// finding's column in the whole line.
struct Trimmed {
    name: String,
    /// The kept lines, joined with `\n`.
    text: String,
    /// The file's line number of `text`'s first line, 1-based.
    first_line: usize,
    /// The finding's span in `text`.
    span: SourceSpan,
    /// miette's 0-based line and column of the finding in the whole file.
    header: (usize, usize),
}

/// One character of a line as drawn: its bytes in the file, its text (a tab expanded),
/// its display column and width.
struct Cell<'s> {
    start: usize,
    text: std::borrow::Cow<'s, str>,
    column: usize,
    width: usize,
}

/// The cells of `line` (whose first byte is at `base` in the file).
fn cells(line: &str, base: usize) -> Vec<Cell<'_>> {
    let mut column = 0;
    line.char_indices()
        .map(|(i, c)| {
            let (text, width) = if c == '\t' {
                let w = TAB_WIDTH - column % TAB_WIDTH;
                (std::borrow::Cow::Owned(" ".repeat(w)), w)
            } else {
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                (std::borrow::Cow::Borrowed(&line[i..i + c.len_utf8()]), w)
            };
            let cell = Cell {
                start: base + i,
                text,
                column,
                width,
            };
            column += width;
            cell
        })
        .collect()
}

impl Trimmed {
    /// The trimmed snippet of `d`, or `None` when every line of the snippet fits in
    /// `width` columns (the report is drawn from the whole lines, as before) or the
    /// finding spans lines (not trimmed).
    fn new(source: &Windowed<'_>, d: &Diagnostic, width: usize) -> Option<Trimmed> {
        let doc = source.doc;
        let line = doc.lines.line_of(d.span.start);
        let line_end = doc.lines.line_end(&doc.source, line);
        if d.span.end > line_end {
            return None;
        }
        let first = line.saturating_sub(1).max(1);
        let last = (line + 1).min(doc.lines.line_count());
        // miette's gutter: ` {line number, right-aligned} │ `.
        let gutter = last.to_string().len() + 4;
        let avail = width.saturating_sub(gutter).max(20);
        let rows: Vec<(usize, Vec<Cell<'_>>)> = (first..=last)
            .map(|n| {
                let start = if n == 1 { 0 } else { doc.lines.line_start(n) };
                let end = doc.lines.line_end(&doc.source, n).max(start);
                (n, cells(&doc.source[start..end], start))
            })
            .collect();
        let row_width = |cells: &[Cell<'_>]| cells.last().map_or(0, |c| c.column + c.width);
        if rows.iter().all(|(_, cells)| row_width(cells) <= avail) {
            return None;
        }
        let finding = &rows.iter().find(|(n, _)| *n == line)?.1;
        let col_at = |offset: usize| {
            finding
                .iter()
                .find(|c| c.start >= offset)
                .map_or(row_width(finding), |c| c.column)
        };
        let span_left = col_at(d.span.start);
        let span_right = col_at(d.span.end).max(span_left + 1);
        // miette hangs the label from the underline's middle: `╰── label`.
        let label = d
            .label
            .as_deref()
            .map_or(0, |l| 4 + unicode_width::UnicodeWidthStr::width(l));
        let need_right = span_right.max(span_left + (span_right - span_left) / 2 + label);
        let room = avail - 2 * ELLIPSIS.len();
        let widest = rows.iter().map(|(_, c)| row_width(c)).max().unwrap_or(0);
        let left = if need_right + ELLIPSIS.len() <= avail {
            0
        } else if need_right - span_left <= room {
            // Centre the finding in the room, but keep no blank room past the end.
            let centred = span_left - (room - (need_right - span_left)) / 2;
            let tail = widest.saturating_sub(avail - ELLIPSIS.len());
            centred.min(tail).max(need_right.saturating_sub(room))
        } else {
            span_left.saturating_sub(ELLIPSIS.len())
        };
        let mut text = String::new();
        let mut span = (None, None);
        for (i, (n, cells)) in rows.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            let full = row_width(cells);
            let lead = if left > 0 && full > 0 {
                ELLIPSIS.len()
            } else {
                0
            };
            let cap = avail - lead;
            let cut = full.saturating_sub(left) > cap;
            let right = left + if cut { cap - ELLIPSIS.len() } else { cap };
            if lead > 0 {
                text.push_str(ELLIPSIS);
            }
            for c in cells {
                let kept = c.column >= left && c.column + c.width <= right;
                if *n == line {
                    if span.0.is_none() && c.start >= d.span.start && kept {
                        span.0 = Some(text.len());
                    }
                    if kept && c.start < d.span.end {
                        span.1 = Some(text.len() + c.text.len());
                    }
                }
                if kept {
                    text.push_str(&c.text);
                }
            }
            if *n == line {
                // A span at the line's end, or empty: it starts where the kept text ends.
                let at = *span.0.get_or_insert(text.len());
                span.1 = Some(span.1.unwrap_or(at).max(at));
                if d.span.start == d.span.end {
                    span.1 = Some(at);
                }
            }
            if cut {
                text.push_str(ELLIPSIS);
            }
        }
        let (start, end) = (span.0?, span.1?);
        let header = source
            .read_span(&SourceSpan::from(d.span.start..d.span.end), 0, 0)
            .ok()
            .map(|c| (c.line(), c.column()))?;
        Some(Trimmed {
            name: source.name.clone(),
            text,
            first_line: first,
            span: SourceSpan::from(start..end),
            header,
        })
    }
}

impl SourceCode for Trimmed {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        let shift = self.first_line - 1;
        // miette asks for the finding alone (no context) to print its header.
        let (line, column) = if context_lines_before == 0 && context_lines_after == 0 {
            self.header
        } else {
            (inner.line() + shift, inner.column())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            inner.line_count() + shift,
        )))
    }
}

/// Renders every finding of one file.
pub fn render_file(doc: &Document, diags: &[Diagnostic], style: &Style) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let handler = style.handler();
    let source = Windowed {
        name: doc.path.display().to_string(),
        doc,
    };
    let mut out = String::new();
    for d in diags {
        let location = (!drawable(doc, d)).then(|| {
            let lc = doc.line_col(d.span.start);
            format!("{}:{}:{}", doc.path.display(), lc.line, lc.column)
        });
        let trimmed = location
            .is_none()
            .then(|| Trimmed::new(&source, d, style.width))
            .flatten();
        let (snippet, span): (&dyn SourceCode, SourceSpan) = match &trimmed {
            Some(t) => (t, t.span),
            None => (&source, SourceSpan::from(d.span.start..d.span.end)),
        };
        let report = Report {
            diag: d,
            source: snippet,
            span,
            code: format!("{}({})", d.code, d.name),
            location,
        };
        if handler.render_report(&mut out, &report).is_err() {
            // Rendering into a String cannot fail; fall back to one line regardless.
            let lc = doc.line_col(d.span.start);
            out.push_str(&format!(
                "{}:{}:{}: {} {}\n",
                doc.path.display(),
                lc.line,
                lc.column,
                d.code,
                d.message
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Diagnostic;
    use crate::document::source::Span;
    use std::path::Path;
    use std::sync::Arc;

    /// A report of `span` rendered from miette's own `str` source and from [`Windowed`].
    fn both(text: &str, span: Span) -> (String, String) {
        let doc = crate::document::parse::parse(Path::new("t.md"), Arc::from(text));
        let diag = Diagnostic {
            code: "PL000",
            name: "probe",
            severity: Severity::Warning,
            message: "probe".into(),
            span,
            label: Some("here".into()),
            help: None,
            fix: None,
        };
        let handler = Style::plain().handler();
        let render = |source: &dyn SourceCode| {
            struct Via<'a>(&'a Diagnostic, &'a dyn SourceCode);
            impl fmt::Debug for Via<'_> {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(&self.0.message)
                }
            }
            impl fmt::Display for Via<'_> {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(&self.0.message)
                }
            }
            impl std::error::Error for Via<'_> {}
            impl miette::Diagnostic for Via<'_> {
                fn source_code(&self) -> Option<&dyn SourceCode> {
                    Some(self.1)
                }
                fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
                    Some(Box::new(std::iter::once(
                        LabeledSpan::new_primary_with_span(
                            self.0.label.clone(),
                            SourceSpan::from(self.0.span.start..self.0.span.end),
                        ),
                    )))
                }
            }
            let mut out = String::new();
            handler
                .render_report(&mut out, &Via(&diag, source))
                .expect("render");
            out
        };
        let named = miette::NamedSource::new("t.md", text.to_string());
        let windowed = Windowed {
            name: "t.md".into(),
            doc: &doc,
        };
        (render(&named), render(&windowed))
    }

    #[test]
    fn windowed_source_renders_exactly_like_miettes_own() {
        let texts = [
            "# Plan: A (a)\n\nline two\nline three\n\n## S\n\nlast",
            "\u{feff}# Plan: B (b)\r\n\r\nsecond\r\nthird\r\n",
            "one\rtwo\rthree\r\rfive",
            "a\n\n\n\nb\r\n\rc\n",
            "é😀\nx\n",
            "",
        ];
        for text in texts {
            for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                for end in
                    (start..=text.len().min(start + 12)).filter(|&i| text.is_char_boundary(i))
                {
                    let (named, windowed) = both(text, Span::new(start, end));
                    assert_eq!(named, windowed, "{text:?} {start}..{end}");
                }
            }
        }
    }

    /// A long line's finding with a label: every row fits in the width, the label
    /// hangs under the kept text, and the header keeps the column in the whole line.
    #[test]
    fn trimmed_snippet_keeps_the_label_in_the_width() {
        let pad = "word ".repeat(29);
        let text = format!("# Plan: A (a)\n\n{pad}x should y {pad}\nnext\n");
        let start = text.find("should").unwrap();
        let doc = crate::document::parse::parse(Path::new("t.md"), Arc::from(text.as_str()));
        let diag = Diagnostic {
            code: "PL000",
            name: "probe",
            severity: Severity::Warning,
            message: "probe".into(),
            span: Span::new(start, start + 6),
            label: Some("a label of some length".into()),
            help: None,
            fix: None,
        };
        let out = render_file(&doc, &[diag], &Style::plain());
        for row in out.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(row) <= 100,
                "{row:?} in\n{out}"
            );
        }
        assert!(out.contains("[t.md:3:148]"), "{out}");
        let rows: Vec<&str> = out.lines().collect();
        let at = rows
            .iter()
            .position(|r| r.starts_with(" 3 │ ..."))
            .expect(&out);
        let col = |row: &str, pat: &str| {
            unicode_width::UnicodeWidthStr::width(&row[..row.find(pat).expect(&out)])
        };
        assert_eq!(col(rows[at + 1], "─"), col(rows[at], "should"), "{out}");
        assert!(rows[at + 2].contains("╰── a label of some length"), "{out}");
        assert!(rows[at + 3].starts_with(" 4 │ "), "{out}");
    }
}
