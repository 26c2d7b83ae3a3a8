//! The impact table ("Impacted Files & Directories"), read once per document and shared
//! by the PL2xx rules (and later by the step rules).

use crate::analysis::outline::Outline;
use crate::analysis::paths::{BraceLimit, expand_braces_checked, is_glob};
use crate::contract::Contract;
use crate::document::model::{Cell, Document};
use crate::document::source::Span;
use crate::workspace::fs_view::{self, EntryKind, Lookup, PathProblem};
use crate::workspace::path_set::PathSet;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The section id of the impact table in the contract.
pub const IMPACT_SECTION: &str = "impact";

/// A column of the impact table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The path column (`Path`, `File`, `Location`, …): the files and directories the
    /// plan touches.
    Path,
    /// The reason column (`Why`, `Reason`, `Purpose`, `Rationale`).
    Why,
    /// The change-type column (`Change type`, `Change`, `Action`, …): `edit`, `new` or `delete`.
    Change,
}

impl Column {
    /// The column's name in messages (`path`, `why`, `change type`).
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

/// What a row's change-type cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// `edit`: an existing path changes.
    Edit,
    /// `new`: the plan creates the path.
    New,
    /// `delete`: the plan removes the path.
    Delete,
    /// Something else, as written (lower-cased).
    Other(String),
    /// The cell is empty (or the table has no change-type column).
    Empty,
}

impl ChangeKind {
    /// Reads a change-type cell's plain text: trimmed and case-insensitive.
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
    /// Set when `expanded` is not the full expansion (PL206 reports it).
    pub brace_limit: Option<BraceLimit>,
    /// `expanded`, looked up in the repository: on first use, then shared by every
    /// rule that asks (PL202-PL205 resolve the same paths). See [`PathRef::lookups`].
    lookups: OnceLock<Vec<Lookup>>,
}

impl PathRef {
    /// Each path of `expanded` looked up in `fs` ([`fs_view::FsView::lookup_written`]),
    /// once: later calls return the first answers. A plan is linted against one
    /// repository, so `fs` is the same view on every call.
    pub fn lookups(&self, fs: &fs_view::FsView) -> &[Lookup] {
        self.lookups
            .get_or_init(|| self.expanded.iter().map(|c| fs.lookup_written(c)).collect())
    }

    /// Whether any expansion of the path is a glob (`*`, `?`, `[…]`).
    pub fn is_glob(&self) -> bool {
        self.expanded.iter().any(|p| is_glob(p))
    }

    /// Whether the path is written with a trailing `/` or `\` (a directory).
    pub fn trailing_slash(&self) -> bool {
        self.text.ends_with('/') || self.text.ends_with('\\')
    }
}

/// One body row of an impact table.
#[derive(Debug, Clone)]
pub struct ImpactRow {
    /// Index into [`Document::tables`].
    pub table: usize,
    /// The row, from its start to the end of its line.
    pub row_span: Span,
    /// The row's path cell; `None` when the table has no path column (a short row gets an
    /// empty cell at the row's end).
    pub path_cell: Option<Cell>,
    /// The row's why cell; `None` when the table has no why column.
    pub why_cell: Option<Cell>,
    /// The row's change-type cell; `None` when the table has no change-type column.
    pub change_cell: Option<Cell>,
    /// The paths written in the path cell, in order.
    pub paths: Vec<PathRef>,
    /// What the change-type cell says.
    pub change: ChangeKind,
}

/// Which columns one impact table has, by header.
#[derive(Debug, Clone)]
pub struct ImpactTableInfo {
    /// Index into [`Document::tables`].
    pub table: usize,
    /// Index of the path column among the header cells (the first one, if several).
    pub path: Option<usize>,
    /// Index of the why column among the header cells.
    pub why: Option<usize>,
    /// Index of the change-type column among the header cells.
    pub change: Option<usize>,
}

impl ImpactTableInfo {
    /// The columns the table lacks, in the order path, why, change type.
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
    /// The tables inside the impact section, in document order.
    pub tables: Vec<ImpactTableInfo>,
    /// Rows of tables that have a path column.
    pub rows: Vec<ImpactRow>,
    /// The rows' paths, indexed for the per-path questions of the rules (see
    /// [`listed_in_impact`] and [`planned`]).
    pub index: ImpactIndex,
    /// The paths the plan declares new outside the impact table (prose, lists, other
    /// tables): see `crate::analysis::references::Declared`.
    pub declared: crate::analysis::references::Declared,
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
                ChangeKind::Other(w) => canonical(w) == Some("new"),
                _ => false,
            };
            for p in row.paths.iter().flat_map(|p| p.expanded.iter()) {
                let normalized = crate::workspace::fs_view::normalize(p);
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
    /// Reads the impact tables of `doc`: the tables inside the contract's impact section.
    pub fn build(doc: &Document, contract: &Contract, outline: &Outline) -> Self {
        let declared = crate::analysis::references::Declared::build(doc);
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
                crate::document::inline::unescape(doc.text(span))
            };
            let (text, span, _) = crate::analysis::references::split_line_suffix(&written, span);
            let (expanded, brace_limit) = expand_braces_checked(&text);
            PathRef {
                text,
                span,
                expanded,
                brace_limit,
                lookups: OnceLock::new(),
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

/// What a referenced path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefStatus {
    /// The path exists, as a file or a directory.
    Exists(EntryKind),
    /// Not there, but created by the plan: a `new` impact row (or below one).
    Planned,
    /// Not there. `case_variant`: the path with the case that exists.
    Missing {
        /// The path that exists with another case, when there is one.
        case_variant: Option<String>,
    },
    /// The path is not a path inside the repository (absolute, `~`, `..` past the root, …).
    Outside(PathProblem),
}

/// Resolves a path candidate (see `crate::analysis::references::path_candidate`).
pub fn resolve(fs: &fs_view::FsView, impact: &Impact, path: &str) -> RefStatus {
    let rel = match fs_view::normalize(path) {
        Ok(r) => r,
        Err(p) => return RefStatus::Outside(p),
    };
    match fs.lookup_written(path) {
        Lookup::Found(k) => RefStatus::Exists(k),
        Lookup::Outside(p) => RefStatus::Outside(p),
        Lookup::Missing { case_variant } => {
            if planned(impact, &rel) || impact.declared.contains(&rel) {
                RefStatus::Planned
            } else {
                RefStatus::Missing { case_variant }
            }
        }
    }
}

/// Whether `rel` (normalised) is a `new` row of the impact table (or a row whose
/// change type PL202 reads as new: `create`, `add`), or lies below one, or is the bare
/// file name of one (`test_auth.py`).
pub fn planned(impact: &Impact, rel: &str) -> bool {
    let index = &impact.index;
    index.planned.contains(rel)
        || index.planned.contains_above(rel)
        || (!rel.contains('/') && index.planned_names.contains(rel))
}

/// Whether the impact table lists `rel` (normalised): the same path, a directory row
/// above it or a path below it, or a glob row matching it.
pub fn listed_in_impact(impact: &Impact, rel: &str) -> bool {
    let index = &impact.index;
    index.listed.related(rel) || index.globs.iter().any(|g| g.is_match(rel))
}

/// The canonical change type for a common synonym (what PL202 suggests; a row whose
/// change type reads `create` or `add` is planned like a `new` one).
pub fn canonical(word: &str) -> Option<&'static str> {
    match word.trim().to_lowercase().as_str() {
        "modify" | "modified" | "update" | "updated" | "change" | "changed" | "edit" | "edited"
        | "modification" => Some("edit"),
        "add" | "added" | "create" | "created" | "new" | "new file" | "addition" => Some("new"),
        "remove" | "removed" | "delete" | "deleted" | "deletion" => Some("delete"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::paths::*;

    #[test]
    fn braces() {
        assert_eq!(expand_braces("src/{a,b}.rs"), vec!["src/a.rs", "src/b.rs"]);
        assert_eq!(expand_braces("{x,y/{1,2}}"), vec!["x", "y/1", "y/2"]);
        assert_eq!(expand_braces("a{b}c"), vec!["a{b}c"]);
    }

    /// The recursive expansion as it was (it overflowed the stack on deep nesting):
    /// the reference for patterns small enough for it.
    fn reference_expand(s: &str) -> Vec<String> {
        reference_expand_up_to(s, 256)
    }

    fn reference_expand_up_to(s: &str, cap: usize) -> Vec<String> {
        fn expand_into(s: &str, out: &mut Vec<String>, cap: usize) {
            if out.len() >= cap {
                return;
            }
            let Some(open) = s.find('{') else {
                out.push(s.to_string());
                return;
            };
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
                expand_into(&format!("{prefix}{alt}{suffix}"), out, cap);
                start = end + 1;
            }
        }
        let mut out = Vec::new();
        expand_into(s, &mut out, cap);
        out.truncate(cap);
        out
    }

    #[test]
    fn expansion_agrees_with_the_recursive_reference() {
        const ALPHABET: &[&str] = &["{", "}", ",", "a", "b", "/", ".rs", "{a,b}", ",}", "é"];
        let mut next = crate::test_rng::xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let len = 1 + next(30);
            let text: String = (0..len)
                .map(|_| ALPHABET[next(ALPHABET.len() as u64)])
                .collect();
            if text.matches('{').count() > MAX_BRACE_NESTING {
                continue;
            }
            let (got, limit) = expand_braces_checked(&text);
            let want = reference_expand(&text);
            assert_eq!(got, want, "{text:?}");
            // (these patterns are too short for the byte limit)
            let more = reference_expand_up_to(&text, 257).len() > 256;
            assert_eq!(limit, more.then_some(BraceLimit::TooMany), "{text:?}");
        }
        // Products past the limit: the first 256 in the same order, and the limit said.
        let text = "src/{a,b}".repeat(9) + ".rs";
        let (got, limit) = expand_braces_checked(&text);
        assert_eq!(got, reference_expand(&text));
        assert_eq!((got.len(), limit), (256, Some(BraceLimit::TooMany)));
        // Exactly 256 is no limit.
        let (got, limit) = expand_braces_checked(&"{a,b}".repeat(8));
        assert_eq!((got.len(), limit), (256, None));
    }

    /// Regression: 50 000 nested groups overflowed the stack (exit 134) after 4.3 GB of
    /// copies, one per level. Deep nesting is now refused before any expansion, and
    /// long products stop at the limits.
    #[test]
    fn hostile_patterns_are_bounded() {
        let n = 50_000;
        let nested = format!("{}a{}", "{a,".repeat(n), "}".repeat(n));
        let first_deep = format!("{}a{}", "{".repeat(n), ",b}".repeat(n));
        let unclosed = "{a,".repeat(n);
        let plain_deep = format!("{}{}", "{".repeat(n), "}".repeat(n));
        for text in [&nested, &first_deep, &unclosed, &plain_deep] {
            let (got, limit) = expand_braces_checked(text);
            assert_eq!(got, vec![text.clone()]);
            assert_eq!(limit, Some(BraceLimit::Nesting));
        }
        // 32 levels are expanded; 33 are not.
        let ok = format!("{}x{}", "{a,".repeat(32), "}".repeat(32));
        let (got, limit) = expand_braces_checked(&ok);
        assert_eq!((got.len(), limit), (33, None));
        assert_eq!(got[0], "a");
        assert_eq!(got[32], "x");
        let deep = format!("{}x{}", "{a,".repeat(33), "}".repeat(33));
        assert_eq!(expand_braces_checked(&deep).1, Some(BraceLimit::Nesting));
        // A product of 1000 groups: 2^1000 paths of 1000 bytes, the first 64 KiB kept.
        let product = "{a,b}".repeat(1000);
        let (got, limit) = expand_braces_checked(&product);
        assert_eq!((got.len(), limit), (65, Some(BraceLimit::TooMany)));
        assert_eq!(got[0], "a".repeat(1000));
        assert_eq!(got[1], format!("{}b", "a".repeat(999)));
        // Long alternatives: the byte limit stops the expansion before 256 copies.
        let wide = format!("{{{}}}{}", vec!["x"; 300].join(","), "y".repeat(4096));
        let (got, limit) = expand_braces_checked(&wide);
        assert_eq!(limit, Some(BraceLimit::TooMany));
        assert_eq!(got.len(), MAX_EXPANDED_BYTES / 4097);
        assert!(got.iter().map(String::len).sum::<usize>() <= MAX_EXPANDED_BYTES);
        // One long result is kept whole.
        let long = format!("{{a,b}}{}", "y".repeat(100_000));
        let (got, limit) = expand_braces_checked(&long);
        assert_eq!((got.len(), limit), (1, Some(BraceLimit::TooMany)));
    }

    #[test]
    fn headers() {
        assert_eq!(Column::from_header("File or Directory"), Some(Column::Path));
        assert_eq!(Column::from_header("Rationale"), Some(Column::Why));
        assert_eq!(Column::from_header("Change Type"), Some(Column::Change));
        assert_eq!(Column::from_header("Owner"), None);
    }
}
