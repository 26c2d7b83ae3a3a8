//! `--format human`: miette's graphical reports, one per finding, with the source
//! snippet, the rule code and name, and a help line.

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::model::Document;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use std::fmt;
use std::sync::Arc;

/// How to draw reports.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub unicode: bool,
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
    source: &'a NamedSource<Arc<str>>,
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
            .then_some(self.source as &dyn miette::SourceCode)
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

/// Renders every finding of one file.
pub fn render_file(doc: &Document, diags: &[Diagnostic], style: &Style) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let handler = style.handler();
    let source = NamedSource::new(doc.path.display().to_string(), doc.source.clone());
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
