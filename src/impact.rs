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
    /// Set when `expanded` is not the full expansion (PL206 reports it).
    pub brace_limit: Option<BraceLimit>,
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
            let (text, span, _) = crate::references::split_line_suffix(&written, span);
            let (expanded, brace_limit) = expand_braces_checked(&text);
            PathRef {
                text,
                span,
                expanded,
                brace_limit,
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

/// At most this many paths come out of one brace pattern.
pub const MAX_EXPANSIONS: usize = 256;
/// At most this many bytes of paths come out of one brace pattern (so that a long
/// pattern cannot multiply itself 256 times in memory).
pub const MAX_EXPANDED_BYTES: usize = 64 * 1024;
/// Braces nested deeper than this are not expanded (no real path nests them so).
pub const MAX_BRACE_NESTING: usize = 32;

/// `text` cut to its first 60 characters (with `…`), for messages about hostile paths.
pub fn abbreviate(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Why a brace pattern was not expanded in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BraceLimit {
    /// Braces nest deeper than [`MAX_BRACE_NESTING`]: the path is kept as written.
    Nesting,
    /// The pattern expands to more than [`MAX_EXPANSIONS`] paths (or
    /// [`MAX_EXPANDED_BYTES`] bytes): only the first ones are kept.
    TooMany,
}

impl BraceLimit {
    pub fn describe(self) -> String {
        match self {
            BraceLimit::Nesting => format!("brace nesting deeper than {MAX_BRACE_NESTING}"),
            BraceLimit::TooMany => format!(
                "it expands to more than {MAX_EXPANSIONS} paths or {} KiB; only the first are checked",
                MAX_EXPANDED_BYTES / 1024
            ),
        }
    }
}

/// Expands `{a,b}` alternatives (nested allowed), at most [`MAX_EXPANSIONS`] results.
pub fn expand_braces(s: &str) -> Vec<String> {
    expand_braces_checked(s).0
}

/// [`expand_braces`], and whether a limit cut the expansion short.
///
/// The expansion goes from the first `{`: when it has a matching `}` and top-level
/// commas, each alternative in turn replaces the group and the result is expanded
/// again; otherwise the text is a result as it stands (`a{b}c{d,e}` stays as written).
///
/// Done without recursion and without copying the text per group: one pass finds the
/// next `{`, the matching `}` and the top-level commas of every group; the text still
/// to expand is a persistent list of slices of the pattern, so that going back to try
/// the next alternative costs nothing. Time and memory are linear in the pattern's
/// length plus the results' (which the limits bound).
pub fn expand_braces_checked(s: &str) -> (Vec<String>, Option<BraceLimit>) {
    let bytes = s.as_bytes();
    let n = bytes.len();
    if memchr::memchr(b'{', bytes).is_none() {
        return (vec![s.to_string()], None);
    }
    // Nesting depth, matching braces and the top-level commas of each group.
    let mut stack: Vec<usize> = Vec::new();
    let mut close = vec![usize::MAX; n];
    let mut first_comma = vec![usize::MAX; n];
    // next_comma[c]: the group's next top-level comma after comma `c`.
    let mut next_comma = vec![usize::MAX; n];
    let mut last_comma = vec![usize::MAX; n];
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => {
                stack.push(i);
                if stack.len() > MAX_BRACE_NESTING {
                    return (vec![s.to_string()], Some(BraceLimit::Nesting));
                }
            }
            b'}' => {
                if let Some(o) = stack.pop() {
                    close[o] = i;
                }
            }
            b',' => {
                if let Some(&o) = stack.last() {
                    if first_comma[o] == usize::MAX {
                        first_comma[o] = i;
                    } else {
                        next_comma[last_comma[o]] = i;
                    }
                    last_comma[o] = i;
                }
            }
            _ => {}
        }
    }
    drop(last_comma);
    let mut next_open = vec![n; n + 1];
    for i in (0..n).rev() {
        next_open[i] = if bytes[i] == b'{' {
            i
        } else {
            next_open[i + 1]
        };
    }

    // The text still to expand: a persistent list of slices (`cells[k]` = slice and
    // index of the next cell; NIL ends it).
    const NIL: usize = usize::MAX;
    struct Cell {
        from: usize,
        to: usize,
        next: usize,
    }
    let mut cells: Vec<Cell> = Vec::new();
    let push = |cells: &mut Vec<Cell>, from: usize, to: usize, next: usize| -> usize {
        if from >= to {
            return next;
        }
        cells.push(Cell { from, to, next });
        cells.len() - 1
    };
    // A choice point: the group at `open`, the output and the rest as they were
    // before it, and where its next alternative starts (or NIL when none is left).
    struct Frame {
        out_len: usize,
        rest: usize,
        open: usize,
        next_alt: usize,
    }
    let mut frames: Vec<Frame> = Vec::new();
    let mut results: Vec<String> = Vec::new();
    let mut result_bytes = 0usize;
    let mut out = String::new();
    let mut list = push(&mut cells, 0, n, NIL);
    loop {
        // Copy text up to the next `{` of the list.
        let mut group = None;
        while list != NIL {
            let Cell { from, to, next } = cells[list];
            let open = next_open[from];
            if open < to {
                out.push_str(&s[from..open]);
                group = Some((open, to, next));
                break;
            }
            out.push_str(&s[from..to]);
            list = next;
        }
        let expandable =
            group.filter(|&(open, to, _)| close[open] < to && first_comma[open] != NIL);
        match expandable {
            Some((open, to, next)) => {
                let c = close[open];
                let rest = push(&mut cells, c + 1, to, next);
                frames.push(Frame {
                    out_len: out.len(),
                    rest,
                    open,
                    next_alt: first_comma[open],
                });
                list = push(&mut cells, open + 1, first_comma[open], rest);
                continue;
            }
            None => {
                // A result: the output, then the group that does not expand (if any)
                // and everything after it as written.
                if let Some((open, to, next)) = group {
                    out.push_str(&s[open..to]);
                    let mut k = next;
                    while k != NIL {
                        out.push_str(&s[cells[k].from..cells[k].to]);
                        k = cells[k].next;
                    }
                }
                if results.len() == MAX_EXPANSIONS
                    || (!results.is_empty() && result_bytes + out.len() > MAX_EXPANDED_BYTES)
                {
                    return (results, Some(BraceLimit::TooMany));
                }
                result_bytes += out.len();
                results.push(out.clone());
            }
        }
        // Back to the innermost choice with an alternative left.
        loop {
            let Some(frame) = frames.last_mut() else {
                return (results, None);
            };
            if frame.next_alt == NIL {
                frames.pop();
                continue;
            }
            let comma = frame.next_alt;
            let end = match next_comma[comma] {
                NIL => close[frame.open],
                c => c,
            };
            frame.next_alt = next_comma[comma];
            out.truncate(frame.out_len);
            let rest = frame.rest;
            list = push(&mut cells, comma + 1, end, rest);
            break;
        }
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
