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

pub(crate) mod env_var_not_found;
pub(crate) mod flag_not_found;
pub(crate) mod interfaces;
pub(crate) mod route_not_found;
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

/// Whether `q` is the stem or one of the directories of `file` (`server` for
/// `src/server.rs`, `acme` for `acme/app.py`).
fn path_holds(q: &str, file: &str) -> bool {
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

/// Whether `file` holds the qualifier `q`: `q` is its stem or one of its directories,
/// or `q` is defined or used as code there (or occurs there in configuration or a file
/// without a grammar). A file whose text lacks `q` is never parsed
/// ([`SymbolIndex::in_source_file`] looks at the scan's occurrences first).
pub(crate) fn holds_qualifier(index: &SymbolIndex, q: &str, file: &str) -> bool {
    path_holds(q, file) || index.in_source_file(q, file)
}

/// Whether a symbol exists as PL307 defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Existence {
    /// Defined in a file with a grammar, used there as code (a library's name), a
    /// string literal's whole text, or present in configuration.
    Found,
    /// It occurs only in files without a grammar: not verified as a definition.
    Unverified,
    /// The repository's source has no trace of it: no definition, no use as code, no
    /// configuration (documents, comments and longer strings do not count).
    Missing,
    /// The name exists, but not in its qualifier: not a member of that class, not in
    /// that module, nor in a file that holds the qualifier or that the sentence names.
    Unqualified,
}

/// Whether the source gives verified evidence of `name`: used as code in a file with a
/// grammar (its definitions included), in configuration or schemas, or a string
/// literal of the code that is exactly the name (a value: a job, event or key name).
fn verified(index: &SymbolIndex, name: &str) -> bool {
    index.has_evidence(name, &|_| true, false)
}

/// The files where `name` is in the source: defined, used as code, a string literal's
/// whole text, in configuration or (unverified) in a file without a grammar. Never a
/// document, a comment or a longer string. (Parses every file where it occurs: for
/// messages.)
pub(crate) fn source_files(index: &SymbolIndex, name: &str) -> Vec<String> {
    let mut files: Vec<String> = index.code_files(name);
    files.extend(index.string_files(name));
    files.extend(index.config_files(name).iter().cloned());
    files.extend(index.unverified_files(name));
    files.sort();
    files.dedup();
    files
}

/// Whether the symbol has evidence in a file that `within` accepts: its name
/// ([`SymbolIndex::has_evidence`], unverified occurrences included), or, when it may be
/// a value (`users.jsonl`, [`SymbolRef::value_probe`]), a string literal or a
/// configuration file with its whole text.
pub(crate) fn evidence_in(
    index: &SymbolIndex,
    r: &SymbolRef,
    within: &dyn Fn(&str) -> bool,
) -> bool {
    if index.has_evidence(r.symbol.name(), within, true) {
        return true;
    }
    r.value_probe().is_some_and(|probe| {
        index.probe_files(&probe).iter().any(|f| within(f))
            || index.probe_literal(&probe, within, &|l| l.trim() == probe)
    })
}

/// A lone name exists when the source has verified evidence of it
/// ([`Existence::Found`]) or only unverified occurrences ([`Existence::Unverified`]).
/// A qualified name (`Settings.from_env`, `server::create_app`, `acme.server.app`)
/// exists when its name is defined inside its qualifier (a method of that class, a
/// member of that impl, struct, enum or module) or in a file that holds the qualifier
/// (its module path, or a file that defines or uses the qualifier), or is used as code
/// in such a file (a library's member: `requests.get`); or when it is in a file the
/// same sentence names. Only the files that may decide the answer are parsed.
pub(crate) fn existence(ctx: &Context<'_>, index: &SymbolIndex, r: &SymbolRef) -> Existence {
    let name = r.symbol.name();
    // A value the code holds as a string (`users.jsonl`) or configuration holds.
    if let Some(probe) = r.value_probe()
        && (!index.probe_files(&probe).is_empty()
            || index.probe_literal(&probe, &|_| true, &|l| l.trim() == probe))
    {
        return Existence::Found;
    }
    if !index.in_source(name) {
        // A member inherited from a base class the repository does not define (a
        // library's: `BaseSettings.model_dump`) cannot be checked.
        if let Some(q) = r.symbol.qualifier()
            && inherits(index, q, name, 0) == Inherited::Unknown
        {
            return Existence::Found;
        }
        return Existence::Missing;
    }
    let verified = verified(index, name);
    let Some(q) = r.symbol.qualifier() else {
        return if verified {
            Existence::Found
        } else {
            Existence::Unverified
        };
    };
    // Defined or used as code in a file that holds `q`. (A member defined inside `q`
    // is in such a file: `q`'s name is there, as the class, impl or receiver.) The
    // first such file decides.
    let holds = |f: &str| holds_qualifier(index, q, f);
    if index.has_evidence(name, &holds, false) {
        return Existence::Found;
    }
    let named = named_paths(ctx, sentence(ctx.doc, r.span));
    if !named.is_empty() && evidence_in(index, r, &|f| named.iter().any(|p| covers(p, f))) {
        return Existence::Found;
    }
    if inherits(index, q, name, 0) != Inherited::No {
        return Existence::Found;
    }
    if !verified || index.has_unverified_in(name, &holds) {
        return Existence::Unverified;
    }
    Existence::Unqualified
}

/// Whether a class `q` inherits the member `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inherited {
    /// A base class of the repository defines it.
    Yes,
    /// A base class the repository does not define (a library's) may.
    Unknown,
    /// No base defines it (or `q` has no base, or is no class of the repository).
    No,
}

/// Follows the bases of `q`'s class definitions (three levels at most; parses the files
/// where the classes occur, only on the way to a finding). The scan looks only for the
/// names plans use: a base it did not look for is one whose members it cannot know
/// ([`Inherited::Unknown`]), like a library's.
fn inherits(index: &SymbolIndex, q: &str, name: &str, depth: usize) -> Inherited {
    let mut bases: Vec<Box<str>> = index
        .likely_definitions(q)
        .into_iter()
        .flat_map(|d| d.bases)
        .collect();
    bases.sort();
    bases.dedup();
    let mut unknown = false;
    for b in &bases {
        // The root of every class hierarchy defines nothing a plan names.
        if **b == *q || matches!(&**b, "object" | "Object") {
            continue;
        }
        if index.has_likely_definition(name, &|_| true, &|d| d.container.as_deref() == Some(&**b)) {
            return Inherited::Yes;
        }
        if !index.has_likely_definition(b, &|_| true, &|_| true) {
            unknown = true;
        } else if depth < 2 {
            match inherits(index, b, name, depth + 1) {
                Inherited::Yes => return Inherited::Yes,
                Inherited::Unknown => unknown = true,
                Inherited::No => {}
            }
        }
    }
    if unknown {
        Inherited::Unknown
    } else {
        Inherited::No
    }
}

/// Whether `q` is defined in the repository (a class, struct, impl, interface,
/// trait, enum or module that can hold members).
pub(crate) fn defined_container(index: &SymbolIndex, q: &str) -> bool {
    index.has_likely_definition(q, &|_| true, &|_| true)
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
    if d.message.contains(UNVERIFIED) || d.message.contains(NOT_VERIFIED) {
        level.min(Severity::Warning)
    } else {
        level
    }
}

/// What an unverified finding says: the name occurs only in files without a grammar.
pub(crate) const NOT_VERIFIED: &str = "not verified as a definition";

/// Where `name` is defined (`` `name` is defined in `src/pay.py:12` (in `PaymentService`) ``),
/// or, failing a definition, where the source uses it or where it occurs in files
/// without a grammar or in configuration, for a help. Documents, comments and strings
/// are never named: a help that pointed at a document would send the plan there.
pub(crate) fn whereabouts(index: &SymbolIndex, name: &str) -> Option<String> {
    let defs = index.definitions(name);
    if !defs.is_empty() {
        let places: Vec<String> = defs
            .iter()
            .map(|d| match &d.container {
                Some(c) => format!("`{}:{}` (in `{c}`)", d.file, d.line),
                None => format!("`{}:{}`", d.file, d.line),
            })
            .collect();
        return Some(format!("`{name}` is defined in {}", list(&places)));
    }
    let code = index.code_files(name);
    if !code.is_empty() {
        return Some(format!("`{name}` is used in {}", quoted(&code)));
    }
    let unverified = index.unverified_definitions(name);
    if !unverified.is_empty() {
        return Some(format!(
            "`{name}` seems to be defined in {}",
            quoted(unverified)
        ));
    }
    let files = source_files(index, name);
    (!files.is_empty()).then(|| format!("`{name}` occurs in {}", quoted(&files)))
}

/// "`it is only mentioned in `NOTES.md` and `docs/a.md``" when `name` occurs in
/// documents, comments or strings only; `None` when it occurs nowhere.
pub(crate) fn only_mentioned(index: &SymbolIndex, name: &str) -> Option<String> {
    let files = index.mention_files(name);
    (!files.is_empty()).then(|| format!("it is only mentioned, in {}", quoted(&files)))
}

/// [`list`] of files, each in backticks.
pub(crate) fn quoted(files: &[String]) -> String {
    let q: Vec<String> = files.iter().map(|f| format!("`{f}`")).collect();
    list(&q)
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
