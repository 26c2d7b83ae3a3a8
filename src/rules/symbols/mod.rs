//! Symbol rules (PL307–PL309): the code symbols a plan names exist in the repository
//! (PL307), in the file the same sentence names (PL308), and in the files of the step
//! that changes them (PL309).
//!
//! The candidates come from [`crate::analysis::symbol_refs::candidates`]; where a name occurs comes
//! from the run's [`crate::workspace::symbol_index::SymbolIndex`] (`Context::symbols`). Without an
//! index (no scan ran) these rules report nothing.

use crate::analysis::paths::is_glob;
use crate::analysis::references::path_candidate;
use crate::analysis::symbol_refs::SymbolRef;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::blocks::{item_of, leaf_block};
use crate::document::model::{BlockKind, Document};
use crate::document::source::Span;
use crate::rules::Context;
use crate::workspace::fs_view::{self, Lookup};
use crate::workspace::symbol_index::SymbolIndex;

pub(crate) mod step_symbol_not_found;
pub(crate) mod symbol_not_found;
pub(crate) mod symbol_not_in_file;

/// The sentence around `span`: its table row, or the part of its paragraph (list
/// item, heading) between sentence ends (`.`, `;`, `!`, `?` before white space) in
/// prose. (Tables, rows and blocks are in document order: found by binary search.)
pub(crate) fn sentence(doc: &Document, span: Span) -> Span {
    let t = doc.tables.partition_point(|t| t.span.start <= span.start);
    if let Some(table) = t.checked_sub(1).map(|t| &doc.tables[t])
        && table.span.contains(span)
    {
        if table.header.span.contains(span) {
            return table.header.span;
        }
        let r = table.rows.partition_point(|r| r.span.start <= span.start);
        if let Some(row) = r.checked_sub(1).map(|r| &table.rows[r])
            && row.span.contains(span)
        {
            return row.span;
        }
    }
    let b = doc.blocks.partition_point(|b| b.span.start <= span.start);
    let leaf = doc.blocks[..b]
        .iter()
        .rev()
        .take(64)
        .find(|b| {
            matches!(b.kind, BlockKind::Paragraph | BlockKind::Heading) && b.span.contains(span)
        })
        .map(|b| b.span)
        .unwrap_or_else(|| leaf_block(doc, span));
    let leaf = if leaf == span {
        item_of(doc, span).unwrap_or(span)
    } else {
        leaf
    };
    let (mut start, mut end) = (leaf.start, leaf.end);
    let src = doc.source.as_bytes();
    for run in doc.prose_within(leaf) {
        for i in run.start..run.end {
            if !matches!(src[i], b'.' | b';' | b'!' | b'?') {
                continue;
            }
            let next = src.get(i + 1).copied();
            if !(next.is_none_or(|c| c.is_ascii_whitespace()) || i + 1 == leaf.end) {
                continue;
            }
            if i < span.start {
                start = start.max(i + 1);
            } else if i >= span.end {
                end = end.min(i + 1);
            }
        }
    }
    Span::new(start, end.max(start))
}

/// The repository paths (root-relative, normalised) that exist and that the text in
/// `within` names: path-like code spans and path-like words of its prose.
pub(crate) fn named_paths(ctx: &Context<'_>, within: Span) -> Vec<String> {
    let doc = ctx.doc;
    let mut raw: Vec<String> = doc
        .code_spans_in(within)
        .filter_map(|c| path_candidate(&c.text))
        .collect();
    for run in doc.prose_within(within) {
        for word in doc
            .text(run)
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        {
            let word = word.trim_matches(|c: char| matches!(c, '*' | '_' | '(' | ')' | '.' | ':'));
            if let Some(p) = path_candidate(word) {
                raw.push(p);
            }
        }
    }
    let mut out: Vec<String> = raw
        .iter()
        .filter_map(|p| {
            let rel = fs_view::normalize(p).ok()?;
            (!rel.is_empty() && matches!(ctx.fs.lookup_written(p), Lookup::Found(_))).then_some(rel)
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Whether the path `p` written in a plan (a file, a directory or a glob) covers the
/// repository file `file`.
pub(crate) fn covers(p: &str, file: &str) -> bool {
    if is_glob(p) {
        return globset::GlobBuilder::new(p.trim_start_matches("./"))
            .literal_separator(true)
            .build()
            .is_ok_and(|g| g.compile_matcher().is_match(file));
    }
    let p = p.trim_end_matches('/');
    file == p || (file.len() > p.len() && file.starts_with(p) && file.as_bytes()[p.len()] == b'/')
}

/// Whether `file` holds the qualifier `q`: `q` occurs in it, or is its stem or one of
/// its directories (`server` for `src/server.rs`, `acme` for `acme/app.py`).
pub(crate) fn holds_qualifier(index: &SymbolIndex, q: &str, file: &str) -> bool {
    if index.occurs_in(q, file) {
        return true;
    }
    let mut parts = file.split('/').peekable();
    while let Some(part) = parts.next() {
        let name = if parts.peek().is_none() {
            part.split('.').next().unwrap_or(part)
        } else {
            part
        };
        if name == q {
            return true;
        }
    }
    false
}

/// Whether a symbol exists as PL307 defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existence {
    Found,
    /// The name occurs nowhere.
    Missing,
    /// The name occurs, but in no file that holds its qualifier or that the sentence
    /// names.
    Unqualified,
}

/// A qualified name exists when its last segment occurs in a file that also holds its
/// qualifier, or in a file the same sentence names; a lone name when it occurs.
pub(crate) fn existence(ctx: &Context<'_>, index: &SymbolIndex, r: &SymbolRef) -> Existence {
    let files = index.files_of(r.symbol.name());
    if files.is_empty() {
        return Existence::Missing;
    }
    let Some(q) = r.symbol.qualifier() else {
        return Existence::Found;
    };
    if files.iter().any(|f| holds_qualifier(index, q, f)) {
        return Existence::Found;
    }
    let named = named_paths(ctx, sentence(ctx.doc, r.span));
    if files.iter().any(|f| named.iter().any(|p| covers(p, f))) {
        return Existence::Found;
    }
    Existence::Unqualified
}

/// A lone name that is also a path of the repository (`Makefile`-like): PL306's.
pub(crate) fn is_path(ctx: &Context<'_>, r: &SymbolRef) -> bool {
    r.symbol.segments.len() == 1
        && !r.symbol.call
        && fs_view::normalize(&r.text).is_ok_and(|rel| {
            !rel.is_empty() && matches!(ctx.fs.lookup_written(&r.text), Lookup::Found(_))
        })
}

/// `a, b and c` (at most three, then `and N more`).
pub(crate) fn list(files: &[String]) -> String {
    let shown: Vec<&str> = files.iter().take(3).map(String::as_str).collect();
    let more = files.len().saturating_sub(3);
    match (shown.len(), more) {
        (0, _) => String::new(),
        (1, _) => shown[0].to_string(),
        (_, 0) => format!(
            "{} and {}",
            shown[..shown.len() - 1].join(", "),
            shown[shown.len() - 1]
        ),
        (_, n) => format!("{} and {n} more", shown.join(", ")),
    }
}

/// What a finding says when the rule could not verify it: the repository scan skipped
/// a file that could hold the symbol ([`SymbolIndex::unverifiable`]). Such findings are
/// at most warnings ([`severity_of`]).
pub(crate) const UNVERIFIED: &str = " could not be verified: ";

/// The help of an unverified finding.
pub(crate) const UNVERIFIED_HELP: &str = "the repository scan reads every regular file it can open, up to 64 MiB: check the name in the skipped file by hand, or make the file readable";

/// The skipped files that could hold the symbol and that `covered` accepts, as "`a`
/// (reason) was skipped" / "`a` (reason), `b` (reason) and 2 more were skipped";
/// `None` when there is none (the finding is verified).
pub(crate) fn skipped_among(index: &SymbolIndex, covered: impl Fn(&str) -> bool) -> Option<String> {
    let files: Vec<String> = index
        .unverifiable()
        .iter()
        .filter(|f| covered(&f.path))
        .map(|f| format!("`{}` ({})", f.path, f.reason))
        .collect();
    match files.len() {
        0 => None,
        1 => Some(format!("{} was skipped", files[0])),
        _ => Some(format!("{} were skipped", list(&files))),
    }
}

/// `` `text` could not be verified: <skipped> ``.
pub(crate) fn unverified(text: &str, skipped: &str) -> String {
    format!("`{text}`{UNVERIFIED}{skipped}")
}

/// The symbol rules' [`crate::rules::Rule::severity_of`]: an unverified finding is at
/// most a warning, whatever the rule's level.
pub(crate) fn severity_of(d: &Diagnostic, level: Severity) -> Severity {
    if d.message.contains(UNVERIFIED) {
        level.min(Severity::Warning)
    } else {
        level
    }
}

/// Where `name` is defined (or, failing a definition, where it occurs), for a help.
pub(crate) fn whereabouts(index: &SymbolIndex, name: &str) -> Option<String> {
    let defined = index.defined_in(name);
    if !defined.is_empty() {
        return Some(format!("`{name}` is defined in {}", list(defined)));
    }
    let files = index.files_of(name);
    (!files.is_empty()).then(|| format!("`{name}` occurs in {}", list(files)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cover_files() {
        assert!(covers("src/lib.rs", "src/lib.rs"));
        assert!(covers("src/", "src/lib.rs"));
        assert!(covers("src", "src/a/b.rs"));
        assert!(!covers("src/li", "src/lib.rs"));
        assert!(covers("src/*.rs", "src/lib.rs"));
        assert!(!covers("src/*.rs", "src/a/b.rs"));
    }

    #[test]
    fn lists() {
        let f = |n: usize| (0..n).map(|i| format!("f{i}")).collect::<Vec<_>>();
        assert_eq!(list(&f(1)), "f0");
        assert_eq!(list(&f(2)), "f0 and f1");
        assert_eq!(list(&f(3)), "f0, f1 and f2");
        assert_eq!(list(&f(5)), "f0, f1, f2 and 2 more");
    }

    #[test]
    fn sentences() {
        let src = "## S\n\n- `a.rs` builds `x()`. Then `b.rs` calls `y()`; and `z` too.\n";
        let doc =
            crate::document::parse::parse(std::path::Path::new("p.md"), std::sync::Arc::from(src));
        let at = |t: &str| {
            let s = src.find(t).unwrap();
            doc.text(sentence(&doc, Span::new(s, s + t.len())))
                .trim()
                .to_string()
        };
        assert_eq!(at("x()"), "- `a.rs` builds `x()`.".trim_start_matches("- "));
        assert_eq!(at("y()"), "Then `b.rs` calls `y()`;");
        assert_eq!(at("`z`"), "and `z` too.");
    }
}
