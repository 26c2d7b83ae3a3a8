//! `--format human`: miette's graphical reports, one per finding, with the source
//! snippet, the rule code and name, and a help line.

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
    source: &'a Windowed<'a>,
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
        self.location
            .is_none()
            .then_some(self.source as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.location.is_some() {
            return None;
        }
        let span = SourceSpan::from(self.diag.span.start..self.diag.span.end);
        let label = self.diag.label.clone();
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(label, span),
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
        let report = Report {
            diag: d,
            source: &source,
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
}
