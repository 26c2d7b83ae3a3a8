//! The impact table ("Impacted Files & Directories"), read once per document and shared
//! by the PL2xx rules (and later by the step rules).

use crate::contract::Contract;
use crate::model::{Cell, Document};
use crate::outline::Outline;
use crate::path_set::PathSet;
use crate::source::Span;
use std::collections::HashSet;

/// The section id of the impact table in the contract.
pub const IMPACT_SECTION: &str = "impact";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Path,
    Why,
    Change,
}

impl Column {
    pub fn label(self) -> &'static str {
        match self {
            Column::Path => "path",
            Column::Why => "why",
            Column::Change => "change type",
        }
    }

    /// Recognises a header cell (case-insensitive, markup removed).
    pub fn from_header(text: &str) -> Option<Column> {
        let t = text.trim().trim_end_matches(':').to_lowercase();
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        match t.as_str() {
            "path"
            | "paths"
            | "file"
            | "files"
            | "file or directory"
            | "file/directory"
            | "file / directory"
            | "files & directories"
            | "file path"
            | "location"
            | "directory" => Some(Column::Path),
            "why" | "reason" | "purpose" | "rationale" => Some(Column::Why),
            "change type" | "change-type" | "change" | "type" | "action" => Some(Column::Change),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    Edit,
    New,
    Delete,
    /// Something else, as written (lower-cased).
    Other(String),
    Empty,
}

impl ChangeKind {
    pub fn parse(text: &str) -> Self {
        let t = text.trim().to_lowercase();
        match t.as_str() {
            "" => ChangeKind::Empty,
            "edit" => ChangeKind::Edit,
            "new" => ChangeKind::New,
            "delete" => ChangeKind::Delete,
            _ => ChangeKind::Other(t),
        }
    }
}

/// One path written in a path cell.
#[derive(Debug, Clone)]
pub struct PathRef {
    /// As written, minus a line suffix (`:12-30`, `#L12`).
    pub text: String,
    /// Where it is written (inside the backticks when in a code span).
    pub span: Span,
    /// `text` with brace alternatives expanded (`src/{a,b}.rs` → two paths).
    pub expanded: Vec<String>,
}

impl PathRef {
    pub fn is_glob(&self) -> bool {
        self.expanded.iter().any(|p| is_glob(p))
    }

    pub fn trailing_slash(&self) -> bool {
        self.text.ends_with('/') || self.text.ends_with('\\')
    }
}

pub fn is_glob(path: &str) -> bool {
    path.contains(['*', '?', '['])
}

#[derive(Debug, Clone)]
pub struct ImpactRow {
    /// Index into [`Document::tables`].
    pub table: usize,
    pub row_span: Span,
    pub path_cell: Option<Cell>,
    pub why_cell: Option<Cell>,
    pub change_cell: Option<Cell>,
    pub paths: Vec<PathRef>,
    pub change: ChangeKind,
}

#[derive(Debug, Clone)]
pub struct ImpactTableInfo {
    pub table: usize,
    pub path: Option<usize>,
    pub why: Option<usize>,
    pub change: Option<usize>,
}

impl ImpactTableInfo {
    pub fn missing(&self) -> Vec<Column> {
        let mut m = Vec::new();
        if self.path.is_none() {
            m.push(Column::Path);
        }
        if self.why.is_none() {
            m.push(Column::Why);
        }
        if self.change.is_none() {
            m.push(Column::Change);
        }
        m
    }
}

/// All impact tables of a document.
#[derive(Debug, Clone, Default)]
pub struct Impact {
    /// Whether the document has the impact section at all.
    pub has_section: bool,
    pub tables: Vec<ImpactTableInfo>,
    /// Rows of tables that have a path column.
    pub rows: Vec<ImpactRow>,
    /// The rows' paths, indexed for the per-path questions of the rules (see
    /// [`crate::references::listed_in_impact`] and [`crate::references::planned`]).
    pub index: ImpactIndex,
    /// The paths the plan declares new outside the impact table (prose, lists, other
    /// tables): see [`crate::references::Declared`].
    pub declared: crate::references::Declared,
}

/// The impact table's paths, normalised and hashed once per document, so that asking
/// about one path costs a few lookups instead of a walk over every row.
#[derive(Debug, Clone, Default)]
pub struct ImpactIndex {
    /// Every non-glob path of every row.
    pub listed: PathSet,
    /// Every glob row (`src/**/*.rs`), as written minus a leading `./`.
    pub globs: Vec<globset::GlobMatcher>,
    /// The paths of `new` rows (and of rows whose change type means new: `create`).
    pub planned: PathSet,
    /// The last segments of the `new` rows' paths (`test_auth.py`).
    pub planned_names: HashSet<String>,
}

impl ImpactIndex {
    fn build(rows: &[ImpactRow]) -> Self {
        let mut index = ImpactIndex::default();
        for row in rows {
            let is_new = match &row.change {
                ChangeKind::New => true,
                ChangeKind::Other(w) => {
                    crate::rules::impact::change_type::canonical(w) == Some("new")
                }
                _ => false,
            };
            for p in row.paths.iter().flat_map(|p| p.expanded.iter()) {
                let normalized = crate::fs_view::normalize(p);
                if is_glob(p) {
                    if let Ok(glob) = globset::GlobBuilder::new(p.trim_start_matches("./"))
                        .literal_separator(true)
                        .build()
                    {
                        index.globs.push(glob.compile_matcher());
                    }
                } else if let Ok(n) = &normalized {
                    index.listed.insert(n);
                }
                if let (true, Ok(n)) = (is_new, &normalized) {
                    index.planned.insert(n);
                    index
                        .planned_names
                        .insert(n.rsplit('/').next().unwrap_or("").to_string());
                }
            }
        }
        index
    }
}

impl Impact {
    pub fn build(doc: &Document, contract: &Contract, outline: &Outline) -> Self {
        let declared = crate::references::Declared::build(doc);
        let Some(section) = outline.section(doc, contract, IMPACT_SECTION) else {
            return Impact {
                declared,
                ..Impact::default()
            };
        };
        let mut impact = Impact {
            has_section: true,
            declared,
            ..Impact::default()
        };
        for (t, table) in doc.tables.iter().enumerate() {
            if !section
                .body
                .contains(Span::new(table.span.start, table.span.start))
            {
                continue;
            }
            let mut info = ImpactTableInfo {
                table: t,
                path: None,
                why: None,
                change: None,
            };
            for (i, cell) in table.header.cells.iter().enumerate() {
                match Column::from_header(&cell.text) {
                    Some(Column::Path) if info.path.is_none() => info.path = Some(i),
                    Some(Column::Why) if info.why.is_none() => info.why = Some(i),
                    Some(Column::Change) if info.change.is_none() => info.change = Some(i),
                    _ => {}
                }
            }
            for row in &table.rows {
                let cell = |i: Option<usize>| -> Option<Cell> {
                    i.map(|i| {
                        row.cells.get(i).cloned().unwrap_or(Cell {
                            span: Span::empty(row.span.end),
                            text: String::new(),
                        })
                    })
                };
                let path_cell = cell(info.path);
                let paths = path_cell
                    .as_ref()
                    .map(|c| paths_in_cell(doc, c))
                    .unwrap_or_default();
                let change_cell = cell(info.change);
                let change = change_cell
                    .as_ref()
                    .map(|c| ChangeKind::parse(&c.text))
                    .unwrap_or(ChangeKind::Empty);
                impact.rows.push(ImpactRow {
                    table: t,
                    row_span: row.span,
                    path_cell,
                    why_cell: cell(info.why),
                    change_cell,
                    paths,
                    change,
                });
            }
            impact.tables.push(info);
        }
        impact.index = ImpactIndex::build(&impact.rows);
        impact
    }
}

/// The paths in a path cell: each code span is one path; without code spans the cell's
/// plain text is one path. Spans cover the path itself: not the padding inside the
/// backticks, not emphasis markers around it, not a line suffix after it.
fn paths_in_cell(doc: &Document, cell: &Cell) -> Vec<PathRef> {
    let codes: Vec<_> = doc.code_spans_in(cell.span).collect();
    // (span, inside a code span): backslash escapes work in plain text, but in a code
    // span only the table's own `\|` is one (`\\server\share` stays as written).
    let raw: Vec<(Span, bool)> = if codes.is_empty() {
        if cell.text.is_empty() {
            return Vec::new();
        }
        vec![(
            trim_span_by(doc, cell.span, |c| {
                c.is_whitespace() || matches!(c, '*' | '_' | '~')
            }),
            false,
        )]
    } else {
        codes
            .iter()
            .map(|c| (trim_span_by(doc, c.content, char::is_whitespace), true))
            .collect()
    };
    raw.into_iter()
        .filter(|(span, _)| !span.is_empty())
        .map(|(span, code)| {
            let written = if code {
                doc.text(span).replace("\\|", "|")
            } else {
                crate::inline::unescape(doc.text(span))
            };
            let (text, span, expanded) = crate::references::split_line_suffix(&written, span);
            PathRef {
                text,
                span,
                expanded,
            }
        })
        .collect()
}

fn trim_span_by(doc: &Document, span: Span, strip: impl Fn(char) -> bool + Copy) -> Span {
    let text = doc.text(span);
    let start = span.start + (text.len() - text.trim_start_matches(strip).len());
    let end = span.end - (text.len() - text.trim_end_matches(strip).len());
    Span::new(start, end.max(start))
}

/// Expands `{a,b}` alternatives (nested allowed), at most 256 results.
pub fn expand_braces(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    expand_into(s, &mut out);
    out.truncate(256);
    out
}

fn expand_into(s: &str, out: &mut Vec<String>) {
    if out.len() >= 256 {
        return;
    }
    let Some(open) = s.find('{') else {
        out.push(s.to_string());
        return;
    };
    // find the matching close brace and top-level commas
    let bytes = s.as_bytes();
    let mut depth = 0;
    let mut commas = Vec::new();
    let mut close = None;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(i);
                    break;
                }
            }
            b',' if depth == 1 => commas.push(i),
            _ => {}
        }
    }
    let (Some(close), false) = (close, commas.is_empty()) else {
        out.push(s.to_string());
        return;
    };
    let prefix = &s[..open];
    let suffix = &s[close + 1..];
    let mut start = open + 1;
    for end in commas.into_iter().chain(std::iter::once(close)) {
        let alt = &s[start..end];
        expand_into(&format!("{prefix}{alt}{suffix}"), out);
        start = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn braces() {
        assert_eq!(expand_braces("src/{a,b}.rs"), vec!["src/a.rs", "src/b.rs"]);
        assert_eq!(expand_braces("{x,y/{1,2}}"), vec!["x", "y/1", "y/2"]);
        assert_eq!(expand_braces("a{b}c"), vec!["a{b}c"]);
    }

    #[test]
    fn headers() {
        assert_eq!(Column::from_header("File or Directory"), Some(Column::Path));
        assert_eq!(Column::from_header("Rationale"), Some(Column::Why));
        assert_eq!(Column::from_header("Change Type"), Some(Column::Change));
        assert_eq!(Column::from_header("Owner"), None);
    }
}
