//! Path references in prose and code spans: what looks like a repository path, and
//! whether it exists, is created by the plan (a `new` impact row), or is neither.

use crate::analysis::paths::{expand_braces, is_glob};
use crate::workspace::fs_view;

use crate::document::source::Span;
use regex::Regex;
use std::sync::{Arc, LazyLock};

/// File extensions that make a single word a file name (`README.md`, `app.py`).
const EXTENSIONS: &[&str] = &[
    "rs",
    "toml",
    "lock",
    "py",
    "pyi",
    "ipynb",
    "ts",
    "tsx",
    "mts",
    "cts",
    "js",
    "jsx",
    "mjs",
    "cjs",
    "go",
    "mod",
    "sum",
    "java",
    "kt",
    "kts",
    "scala",
    "groovy",
    "gradle",
    "rb",
    "php",
    "c",
    "h",
    "cc",
    "cpp",
    "cxx",
    "hpp",
    "hh",
    "cs",
    "csproj",
    "sln",
    "fs",
    "swift",
    "m",
    "mm",
    "dart",
    "ex",
    "exs",
    "erl",
    "hs",
    "ml",
    "clj",
    "lua",
    "r",
    "jl",
    "pl",
    "pm",
    "sh",
    "bash",
    "zsh",
    "fish",
    "ps1",
    "bat",
    "cmd",
    "md",
    "mdx",
    "rst",
    "txt",
    "adoc",
    "json",
    "jsonc",
    "json5",
    "yaml",
    "yml",
    "ini",
    "cfg",
    "conf",
    "env",
    "properties",
    "xml",
    "html",
    "htm",
    "css",
    "scss",
    "sass",
    "less",
    "vue",
    "svelte",
    "astro",
    "sql",
    "prisma",
    "graphql",
    "gql",
    "proto",
    "tf",
    "tfvars",
    "hcl",
    "nix",
    "dockerfile",
    "mk",
    "cmake",
    "csv",
    "tsv",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "ico",
    "webp",
    "pdf",
    "wasm",
    "zig",
    "nim",
    "v",
    "sv",
    "vhd",
    "gemspec",
    "podspec",
    "plist",
    "pbxproj",
    "xcconfig",
    "j2",
    "tpl",
    "tmpl",
    "hbs",
    "ejs",
    "erb",
    "njk",
    "liquid",
    "snap",
    "spec",
    "log",
    "db",
    "sqlite",
    "bicep",
];

/// A path segment: `[A-Za-z0-9_.@+-]+`.
fn is_segment(p: &str) -> bool {
    !p.is_empty()
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'@' | b'+' | b'-'))
}
static MIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:application|text|image|audio|video|multipart|font|model|message)/[\w.+\-]+$")
        .expect("mime regex")
});
static LINE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?::\d+(?:[-:]\d+)*|#L\d+(?:-L?\d+)?)$").expect("line suffix regex")
});

/// A path as written, minus a line suffix (`:12`, `:12-30`, `:12:5`, `#L12-L30`): the
/// path, its span shortened by the suffix, and its `{a,b}` expansions.
pub(crate) fn split_line_suffix(written: &str, span: Span) -> (String, Span, Vec<String>) {
    let text = LINE_SUFFIX.replace(written, "").into_owned();
    let cut = written.len() - text.len();
    let span = if cut > 0 && span.len() > cut {
        Span::new(span.start, span.end - cut)
    } else {
        span
    };
    let expanded = expand_braces(&text);
    (text, span, expanded)
}

/// Whether the last segment ends in a known file extension.
pub(crate) fn has_known_extension(path: &str) -> bool {
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    match last.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty() && EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
        }
        None => false,
    }
}

/// A code span or token that names a repository path, normalised for lookup. `None`
/// for URLs, commands (spaces), flags, globs, routes and absolute paths (those are
/// not repository references), MIME types, and dotted names without a file
/// extension (`app.run`).
pub(crate) fn path_candidate(text: &str) -> Option<String> {
    let t = text.trim();
    // A path has a `/` or an extension's `.`, and nothing below adds one: most words of
    // prose stop here, before any regex runs.
    if !t.contains(['/', '.']) {
        return None;
    }
    if t.is_empty() || t.contains(char::is_whitespace) || t.contains("://") || t.starts_with("www.")
    {
        return None;
    }
    if t.starts_with('-')
        || t.starts_with('/')
        || t.starts_with('~')
        || t.starts_with('$')
        || t.starts_with('@')
    {
        return None;
    }
    if t.contains([
        '(', ')', '<', '>', '=', '"', '\'', '`', ',', ';', '|', '!', '&', '%', '^',
    ]) {
        return None;
    }
    // (the line suffix starts with `:` or `#`; a MIME type has a `/`)
    let t = if t.contains([':', '#']) {
        LINE_SUFFIX.replace(t, "")
    } else {
        t.into()
    };
    let t = t.as_ref();
    if is_glob(t)
        || t.contains(['{', '}'])
        || (t.contains('/') && MIME.is_match(t))
        || t.contains(':')
        || t.contains('\\')
    {
        return None;
    }
    let parts: Vec<&str> = t.trim_end_matches('/').split('/').collect();
    if parts.iter().any(|p| !is_segment(p)) {
        return None;
    }
    if parts.iter().all(|p| *p == "." || *p == "..") {
        return None;
    }
    let slashy = parts.len() > 1 || t.ends_with('/');
    (slashy || has_known_extension(t)).then(|| t.to_string())
}

/// The path part of a span written with a symbol suffix: `src/a.rs::Type`,
/// `src/a.py:parse_args`, `app/models.py:User.save`, `docs/x.md#usage`. Only when the
/// part before the suffix is a file name with a known extension (`std::fmt` and
/// `host:port` stay unread). Line suffixes (`:12-30`, `#L3`) are [`path_candidate`]'s.
pub(crate) fn split_symbol_suffix(text: &str) -> Option<(String, String)> {
    static SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^([^:#\s]+?)(?:::|:|#)([A-Za-z_][\w.\-]*(?:\(\))?)$").expect("symbol suffix")
    });
    let caps = SUFFIX.captures(text.trim())?;
    let path = caps.get(1)?.as_str();
    if !has_known_extension(path) {
        return None;
    }
    let path = path_candidate(path)?;
    Some((path, caps.get(2)?.as_str().to_string()))
}

/// Words that are written like paths but name something else: a Go package-qualified
/// identifier (`internal/store.Record`), an API route with a version segment
/// (`web-api/v1/`), a host name without a scheme (`example.com/x`), a bare extension
/// (`.steps.ts`), a member call (`console.log`, `process.env`). Asked only about paths
/// that do not exist: a real directory `src/api/v1/` is found before this is asked.
pub(crate) fn not_a_path(rel: &str) -> bool {
    const TLDS: &[&str] = &[
        "com", "org", "net", "io", "dev", "app", "co", "ai", "gov", "edu", "info", "me",
    ];
    const MEMBER_OWNERS: &[&str] = &[
        "console",
        "logger",
        "log",
        "process",
        "window",
        "document",
        "self",
        "this",
        "navigator",
    ];
    const COMPOUND: &[&str] = &[
        "test", "spec", "steps", "d", "stories", "story", "module", "min", "e2e", "unit",
    ];
    let trimmed = rel.trim_end_matches('/');
    let parts: Vec<&str> = trimmed.split('/').collect();
    let last = parts.last().copied().unwrap_or("");
    let known_ext = has_known_extension(trimmed);
    // `internal/store.Record`: a directory's base name, then `.Identifier`.
    if let Some((stem, ident)) = last.rsplit_once('.') {
        let mut chars = ident.chars();
        if !stem.is_empty()
            && chars.next().is_some_and(|c| c.is_ascii_uppercase())
            && ident.len() >= 2
            && ident.chars().any(|c| c.is_ascii_lowercase())
            && ident.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !EXTENSIONS.contains(&ident.to_ascii_lowercase().as_str())
        {
            return true;
        }
    }
    // `api/v1/users`, `web-api/v2/`: a version segment and no file extension.
    if !known_ext
        && parts.iter().any(|p| {
            p.len() >= 2 && p.starts_with('v') && p[1..].chars().all(|c| c.is_ascii_digit())
        })
    {
        return true;
    }
    // `example.com/x`, `vendor/k8s.io/kubectl/pkg/`: a host name as a directory, a
    // URL without its scheme or a module path of another repository.
    if parts.len() > 1
        && parts[..parts.len() - 1].iter().any(|seg| {
            seg.rsplit_once('.').is_some_and(|(host, tld)| {
                !host.is_empty() && TLDS.contains(&tld.to_ascii_lowercase().as_str())
            })
        })
    {
        return true;
    }
    if parts.len() == 1 {
        // `.steps.ts`, `.d.ts`: an extension written alone.
        if let Some(rest) = last.strip_prefix('.') {
            let words: Vec<&str> = rest.split('.').collect();
            if words.len() >= 2
                && words[..words.len() - 1]
                    .iter()
                    .all(|w| COMPOUND.contains(&w.to_ascii_lowercase().as_str()))
            {
                return true;
            }
        }
        // `console.log`, `process.env`: a member of a well-known object.
        if let Some((owner, _)) = last.split_once('.')
            && MEMBER_OWNERS.contains(&owner)
        {
            return true;
        }
    }
    false
}

/// What the words around a path say about it, besides "it exists".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Claim {
    /// The plan creates it: "Create `x`", "a new `x` module", "`x` (new)".
    New,
    /// The plan says it is gone: "deleted `x`", "moved from `x`", "there is no `x`".
    Gone,
    /// It exists only when the program runs, or outside the repository: "writes
    /// `x`", "(untracked)", "user-local", "generated".
    RunTime,
    /// A name that is not claimed to exist: "a future `x`", "instead of `x`", "e.g. `x`".
    Hypothetical,
    /// An editing verb ("update `x`"): the path is claimed to exist.
    Existing,
}

/// Keywords before a path, the last one in its clause deciding. One regex, one
/// alternative per claim (named groups), word-bounded.
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?P<gone>\b(?:mov|renam|migrat|relocat)(?:e|es|ed|ing)\b(?:\s+[^\s`]+){0,4}?\s+from\b",
        r"|\b(?:deleted|removed|retired|dropped|obsoleted)\b|\brestor(?:e|es|ed|ing)\b",
        r"|\bthere\s+(?:is|are|was|were)\s+no\b|\bno\s+longer\b|\bwithout\b|\bno\s*$)",
        r"|(?P<runtime>\b(?:writes|appends|generates|regenerates|persists|saves|caches)\b|\bsave\b",
        r"|\b(?:re)?generated\b|\buntracked\b|\bgit-?ignored\b|\buser-local\b|\bat\s+run-?\s?time\b",
        r"|\bruntime\b|\buser'?s\s+(?:home|machine|project|folder|config)\b|\bscratch\b|\bthrowaway\b",
        r"|\boutputs?(?:\s+(?:dir|directory|folder|path))?\W*$)",
        r"|(?P<hypo>\bfuture\b|\bhypothetical\b|\binstead\s+of\b|\brather\s+than\b|\be\.g\.|\beg\.|\bex\.",
        r"|\bfor\s+example\b|\bsuch\s+as\b|\blike\b|\balternatives?\b|\brejected\b",
        r"|\b(?:do|does|will|would)\s+not\s+(?:add|create)\b|\b(?:don't|won't|never)\s+(?:add|create)\b)",
        r"|(?P<new>\b(?:creat|introduc)(?:e|es|ed|ing)\b|\badd(?:s|ed|ing)?\b|\bnew\b",
        r"|\bscaffold(?:s|ed|ing)?\b",
        r"|\b(?:criar|crie|cria|criado|criada|adicionar|adicione|novos?|novas?|crear|cree|nuevos?|nuevas?|tambahkan|buat|baru)\b)",
        r"|(?P<edit>\b(?:updat|chang|replac|renam|us|rewir)(?:e|es|ed|ing)\b",
        r"|\b(?:edit|modif(?:y|ies|ied)|extend|refactor|fix|patch|read|reads|see|import|imports|existing|exists|current|currently|keep|keeps|from)\b)",
    ))
    .expect("before-path regex")
});

/// What follows a path in its clause: `(new)`, `— new file`, `(deleted)`,
/// `(local, untracked)`, `is regenerated by`, `confirmed absent`.
static AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^[\s*_]*(?:(?P<new>\((?:new|new\s+file|novo|nova)\)|\[new\]|[—–:-]+\s*new\b)",
        r"|(?P<gone>\((?:deleted|removed|retired|gone)\)|[—–:-]+\s*(?:deleted|removed|retired|gone)\b|(?:[—–:-]+\s*)?confirmed\s+absent\b",
        r"|(?:is|was|are|were|has\s+been|have\s+been)\s+(?:deleted|removed|gone)\b",
        r"|(?:no\s+longer\s+exists?|does\s+not\s+exist|doesn't\s+exist|must\s+not\s+exist)\b)",
        r"|(?P<runtime>\([^)]{0,40}\b(?:untracked|git-?ignored|user-local|generated|run-?time)\b[^)]{0,40}\)",
        r"|(?:is|are|gets|get)\s+(?:re)?generated\b))",
    ))
    .expect("after-path regex")
});

/// How far back and forward the clause around a path is read (bytes).
const WINDOW: usize = 160;

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Where the clause holding the end of `before` starts: after the last `.`, `;`, `!`,
/// `?` followed by a space (not an abbreviation: `e.g.`, `i.e.`, `ex.`, `etc.`, `vs.`).
fn clause_start(before: &str) -> usize {
    let b = before.as_bytes();
    let mut i = b.len();
    while i > 1 {
        i -= 1;
        if !b[i].is_ascii_whitespace() {
            continue;
        }
        // the stop, then closing quotes, brackets or emphasis: `.**`, `.)`, `."`
        let mut j = i;
        while j > 0 && matches!(b[j - 1], b'*' | b'_' | b')' | b'"' | b'\'') {
            j -= 1;
        }
        if j == 0 || !matches!(b[j - 1], b'.' | b';' | b'!' | b'?') {
            continue;
        }
        let c = b[j - 1];
        let i = j;
        if c == b'.' {
            // After the separator, whatever its width (U+2028 is white space too).
            let head = &before[..i - 1];
            let word_start = head
                .rfind(|ch: char| ch.is_whitespace() || ch == '(')
                .map_or(0, |p| {
                    p + head[p..].chars().next().map_or(1, char::len_utf8)
                });
            let word = before[word_start..i - 1].to_ascii_lowercase();
            if matches!(
                word.as_str(),
                "e.g" | "i.e" | "ex" | "etc" | "vs" | "cf" | "eg"
            ) {
                continue;
            }
        }
        return i;
    }
    0
}

/// The text of `within` with every code span's content blanked (so that `create`
/// inside `docs/create-x.md` is not a word of the sentence).
fn prose_text(doc: &crate::document::model::Document, within: Span) -> String {
    let mut out = String::with_capacity(within.len());
    let mut at = within.start;
    for c in doc.code_spans_in(within) {
        out.push_str(&doc.source[at..c.span.start]);
        out.extend(std::iter::repeat_n(' ', c.span.len()));
        at = c.span.end;
    }
    out.push_str(&doc.source[at..within.end]);
    out
}

/// What the clause around the code span `code` (whole span, backticks included) says
/// about the path in it. Reads at most `WINDOW` bytes either side, inside the leaf
/// block (paragraph, heading, table cell).
pub(crate) fn clause_claim(doc: &crate::document::model::Document, code: Span) -> Option<Claim> {
    let leaf = crate::document::blocks::leaf_block(doc, code);
    let src = &doc.source;
    let from = floor_char(src, code.start.saturating_sub(WINDOW).max(leaf.start));
    let to = ceil_char(src, (code.end + WINDOW).min(leaf.end.max(code.end)));
    let before = prose_text(doc, Span::new(from, code.start));
    let after = prose_text(doc, Span::new(code.end, to));
    if let Some(c) = AFTER.captures(&after) {
        for (name, claim) in [
            ("new", Claim::New),
            ("gone", Claim::Gone),
            ("runtime", Claim::RunTime),
        ] {
            if c.name(name).is_some() {
                return Some(claim);
            }
        }
    }
    let clause = &before[clause_start(&before)..];
    // "Move the parsers to `x`", "split into `x`": the target is created. The source
    // ("Move `x` into ...") is not: it exists.
    static MOVE_TO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:move|moves|moving|split|splits|extract|extracts)\b[^`]{0,80}?\b(?:to|into)\s*$")
            .expect("move-to regex")
    });
    static REPLACE_WITH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\breplac(?:e|es|ed|ing)\b[^`]{0,80}?\bwith\s*$")
            .expect("replace-with regex")
    });
    if MOVE_TO.is_match(clause) || REPLACE_WITH.is_match(clause) {
        return Some(Claim::New);
    }
    let last = BEFORE.captures_iter(clause).last()?;
    let gap = &clause[last.get(0).map_or(clause.len(), |m| m.end())..];
    // "Add a section to `x`", "Add a limit to the service in `x`": adding to a file
    // edits it.
    if let Some(m) = last.name("new") {
        static TO: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?i)\b(?:to|into)\b").expect("to regex"));
        if m.as_str().to_ascii_lowercase().starts_with("add") && TO.is_match(gap) {
            return Some(Claim::Existing);
        }
    }
    // "a new middleware in `a.py`, installed by `f()` in `b.py`": the keyword belongs
    // to the path written between it and this one, unless only "and" / "or" / commas
    // join them (`a.rs`, `b.rs` and `c.rs`).
    let gap_start = code.start - gap.len();
    let path_between = doc
        .code_spans_in(Span::new(gap_start, code.start))
        .any(|c| path_candidate(&c.text).is_some());
    if path_between
        && gap.split(|ch: char| !ch.is_alphanumeric()).any(|w| {
            !w.is_empty()
                && !matches!(
                    w.to_ascii_lowercase().as_str(),
                    "and" | "or" | "plus" | "e" | "ou"
                )
        })
    {
        return None;
    }
    [
        ("gone", Claim::Gone),
        ("runtime", Claim::RunTime),
        ("hypo", Claim::Hypothetical),
        ("new", Claim::New),
        ("edit", Claim::Existing),
    ]
    .into_iter()
    .find(|(name, _)| last.name(name).is_some())
    .map(|(_, claim)| claim)
}

/// A lead-in that makes every path of the list below it a new one: "New files:",
/// "Files created (3):", "Files to add:", a heading "New modules".
static LEAD_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:new|novos?|novas?|nuevos?)\s+(?:files?|modules?|director(?:y|ies)|folders?|tests?|test\s+files?|scripts?|components?|pages?|packages?|crates?|arquivos?|archivos?)\b",
        r"|\bfiles?\s+(?:to\s+(?:be\s+)?)?(?:created|added|create|add)\b|^\W*(?:create|add|new|criar)\W*$",
    ))
    .expect("lead-in regex")
});

/// Whether the list item holding `code` starts a path of a list under a "new files"
/// lead-in (the last non-blank line above the list, ending in `:`, or a heading), and
/// `code` is the first code span of the item.
fn under_new_lead_in(doc: &crate::document::model::Document, code: Span) -> bool {
    lead_in_claim(doc, code) == Some(Claim::New)
}

/// What the lead-in of the list holding `code` says about the list's paths: `New`
/// under "New files:", `Hypothetical` under "..., for example:" / "e.g.:". Only for the
/// first code span of an item.
pub(crate) fn lead_in_claim(doc: &crate::document::model::Document, code: Span) -> Option<Claim> {
    static EXAMPLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:for\s+example|for\s+instance|e\.g\.?|such\s+as|examples?)$")
            .expect("example lead-in regex")
    });
    let item = crate::document::blocks::item_of(doc, code)?;
    if doc
        .code_spans_in(Span::new(item.start, code.start))
        .next()
        .is_some()
    {
        return None;
    }
    let i = doc.items.partition_point(|it| it.span.start <= item.start);
    let list = i
        .checked_sub(1)
        .and_then(|i| doc.items.get(i))
        .and_then(|it| doc.lists.get(it.list))?;
    let src = &doc.source;
    let above = &src[floor_char(src, list.span.start.saturating_sub(WINDOW))..list.span.start];
    let line = above.lines().rev().map(str::trim).find(|l| !l.is_empty())?;
    let heading = line.starts_with('#');
    let line = line.trim_start_matches(['#', '-', '*', '+', ' ']);
    let lead = line.trim_matches(['*', '_', ' ']);
    if !(heading || lead.ends_with(':')) {
        return None;
    }
    let lead = lead.trim_end_matches(':').trim_end_matches(['*', '_', ' ']);
    if LEAD_IN.is_match(lead) {
        Some(Claim::New)
    } else if EXAMPLE.is_match(lead) {
        Some(Claim::Hypothetical)
    } else {
        None
    }
}

/// Whether the column holding `code` in a table is headed as rejected or alternative
/// options ("Alternatives considered", "Rejected", "Instead of").
pub(crate) fn in_alternatives_column(doc: &crate::document::model::Document, code: Span) -> bool {
    static ALT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:alternatives?|rejected|instead\s+of|not\s+chosen|discarded)\b")
            .expect("alternatives header regex")
    });
    let t = doc.tables.partition_point(|t| t.span.start <= code.start);
    let Some(table) = t.checked_sub(1).map(|t| &doc.tables[t]) else {
        return false;
    };
    let Some(row) = crate::document::blocks::body_row_of(doc, code) else {
        return false;
    };
    // Cells are disjoint and in order: the one holding `code` is the last starting at
    // or before it (a binary search: a scan per code span is O(n²) in a wide row).
    let Some(col) = row
        .cells
        .partition_point(|c| c.span.start <= code.start)
        .checked_sub(1)
        .filter(|&i| row.cells[i].span.contains(code))
    else {
        return false;
    };
    table
        .header
        .cells
        .get(col)
        .is_some_and(|h| ALT.is_match(&h.text))
}

/// Whether `code` holds a bare file name (no directory) in a block that also names a
/// home or user-config directory (`~/.app/`, `$HOME/...`, `%APPDATA%`): the file lives
/// there, on the user's machine.
pub(crate) fn beside_user_dir(
    doc: &crate::document::model::Document,
    code: Span,
    rel: &str,
) -> bool {
    if rel.contains('/') {
        return false;
    }
    let leaf = crate::document::blocks::leaf_block(doc, code);
    let block = crate::document::blocks::item_of(doc, code).unwrap_or(leaf);
    let block = if block.contains(leaf) { block } else { leaf };
    // bounded: the spans of one block, at most 64 of them
    doc.code_spans_in(block).take(64).any(|c| {
        let t = c.text.trim();
        t.starts_with("~/")
            || t.starts_with("$HOME")
            || t.starts_with("%APPDATA%")
            || t.starts_with("${HOME}")
    })
}

/// Whether a cell of the table row holding `code`, other than its own, is a change
/// type meaning new (`New`, `Create`, `Added`, `New file`).
///
/// `memo` holds the last row's cells that say new, so each row's cells are read once:
/// a row of n cells can hold n code spans, and reading every cell for each of them is
/// O(n²) (a 10 000-cell row took 18 s in a debug build). Cells are disjoint, so at most
/// one of them holds `code` and the `any` below stops by the second new cell.
fn row_says_new(
    doc: &crate::document::model::Document,
    code: Span,
    memo: &mut Option<(Span, Vec<Span>)>,
) -> bool {
    static NEW_CELL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\W*(?:new(?:\s+file)?|create[ds]?|add(?:ed|s)?|novo|nova|criar|criado|nuevo)\b\s*(?:$|[—–(:\-])")
            .expect("new cell regex")
    });
    let Some(row) = crate::document::blocks::body_row_of(doc, code) else {
        return false;
    };
    let new_cells = match memo {
        Some((span, cells)) if *span == row.span => cells,
        _ => {
            #[cfg(test)]
            tests::CELLS_READ.with(|n| n.set(n.get() + row.cells.len()));
            let cells = row.cells.iter().filter(|c| NEW_CELL.is_match(&c.text));
            &mut memo.insert((row.span, cells.map(|c| c.span).collect())).1
        }
    };
    new_cells.iter().any(|c| !c.contains(code))
}

/// The paths the plan says it creates, wherever it says so: a `new` impact row is
/// [`ImpactIndex::planned`](crate::analysis::impact::ImpactIndex); these are the others (a step
/// or task "Create `x`", "a new `x` module", "`x` (new)", a list under "New files:", a
/// table row whose change cell reads New in any table). Built in one pass over the
/// document's code spans; each span reads a bounded window around it.
#[derive(Debug, Clone, Default)]
pub struct Declared {
    pub paths: crate::workspace::path_set::PathSet,
    /// The last segments of `paths` (`store_test.go` is the `pkg/store_test.go` declared
    /// elsewhere).
    pub names: std::collections::HashSet<String>,
}

impl Declared {
    pub fn build(doc: &crate::document::model::Document) -> Self {
        let mut out = Declared::default();
        let mut row_memo = None;
        for code in &doc.code_spans {
            let Some(path) = path_candidate(&code.text)
                .or_else(|| split_symbol_suffix(&code.text).map(|(p, _)| p))
            else {
                continue;
            };
            let Ok(rel) = fs_view::normalize(&path) else {
                continue;
            };
            if rel.is_empty() {
                continue;
            }
            let new = clause_claim(doc, code.span) == Some(Claim::New)
                || row_says_new(doc, code.span, &mut row_memo)
                || under_new_lead_in(doc, code.span);
            if new {
                for p in expand_braces(&rel) {
                    out.names
                        .insert(p.rsplit('/').next().unwrap_or("").to_string());
                    out.paths.insert(&p);
                }
            }
        }
        out
    }

    /// Whether `rel` (normalised) is declared, lies below a declared directory, or is
    /// the bare name of a declared path.
    pub fn contains(&self, rel: &str) -> bool {
        self.paths.contains(rel)
            || self.paths.contains_above(rel)
            || (!rel.contains('/') && self.names.contains(rel))
    }
}

/// Directories that hold build output and scratch files: never versioned, so a path
/// under them that is not there is not a wrong reference.
pub(crate) fn in_generated_dir(rel: &str) -> bool {
    const DIRS: &[&str] = &[
        "tmp",
        "temp",
        ".tmp",
        "build",
        "dist",
        "out",
        "target",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        "coverage",
        ".cache",
    ];
    let first = rel.split('/').next().unwrap_or("");
    DIRS.contains(&first)
}

/// Files that programs write next to themselves: logs, pid and lock files, local
/// databases, `.env`.
pub(crate) fn is_run_time_file(rel: &str) -> bool {
    let last = rel.rsplit('/').next().unwrap_or("");
    if matches!(last, ".env" | ".env.local") {
        return true;
    }
    last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && matches!(ext, "log" | "pid" | "lock" | "sqlite" | "db")
    })
}

/// A bare data or configuration file name (`state.json`, `settings.yml`, `app.ini`),
/// without a directory. When no file of the repository has that name, it names a
/// file a program reads or writes where it runs (user configuration, state, caches):
/// the plan gives no location to check.
pub(crate) fn is_bare_data_file(rel: &str) -> bool {
    const DATA: &[&str] = &[
        "json",
        "jsonc",
        "json5",
        "yaml",
        "yml",
        "toml",
        "ini",
        "cfg",
        "conf",
        "env",
        "xml",
        "plist",
        "properties",
        "lock",
        "db",
        "sqlite",
        "log",
        "pid",
    ];
    !rel.contains('/')
        && rel
            .rsplit_once('.')
            .is_some_and(|(_, ext)| DATA.contains(&ext.to_ascii_lowercase().as_str()))
}

/// The repository's ignore rules: every `.gitignore` at the root and below (none above
/// it), each matching paths under its own directory. Read and compiled once per
/// repository ([`fs_view::FsView::gitignores`]); loading them for a plan is a copy of
/// a pointer, not a scan of the repository.
pub(crate) struct IgnoreRules {
    root: std::path::PathBuf,
    /// (directory relative to the root, "" for the root; its matcher).
    files: Arc<[(String, ignore::gitignore::Gitignore)]>,
}

impl IgnoreRules {
    pub(crate) fn load(fs: &fs_view::FsView) -> Self {
        IgnoreRules {
            root: fs.root().to_path_buf(),
            files: fs.gitignores(),
        }
    }

    /// Whether the normalised path `rel` (a directory when written with a trailing
    /// `/`) is ignored by a `.gitignore` of its own directory or one above it, up to the
    /// root.
    pub(crate) fn is_ignored(&self, rel: &str, is_dir: bool) -> bool {
        let rel = rel.trim_end_matches('/');
        if rel.is_empty() {
            return false;
        }
        let mut verdict = false;
        // Deeper files override shallower ones: `files` is in path order, so the last
        // decisive match among the applicable ones wins.
        for (dir, gi) in self.files.iter() {
            let applies = dir.is_empty() || rel.starts_with(&format!("{dir}/"));
            if !applies {
                continue;
            }
            let m = gi.matched_path_or_any_parents(self.root.join(rel), is_dir);
            if m.is_ignore() {
                verdict = true;
            } else if m.is_whitelist() {
                verdict = false;
            }
        }
        verdict
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `path_candidate` as it was before its fast paths (three regexes on every
    /// word), kept to prove the fast paths change no answer.
    fn path_candidate_with_regexes(text: &str) -> Option<String> {
        static SEGMENT: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_.@+\-]+$").expect("segment regex"));
        let t = text.trim();
        if t.is_empty()
            || t.contains(char::is_whitespace)
            || t.contains("://")
            || t.starts_with("www.")
        {
            return None;
        }
        if t.starts_with(['-', '/', '~', '$', '@']) {
            return None;
        }
        if t.contains([
            '(', ')', '<', '>', '=', '"', '\'', '`', ',', ';', '|', '!', '&', '%', '^',
        ]) {
            return None;
        }
        let t = LINE_SUFFIX.replace(t, "");
        let t = t.as_ref();
        if is_glob(t)
            || t.contains(['{', '}'])
            || MIME.is_match(t)
            || t.contains(':')
            || t.contains('\\')
        {
            return None;
        }
        let parts: Vec<&str> = t.trim_end_matches('/').split('/').collect();
        if parts.iter().any(|p| p.is_empty() || !SEGMENT.is_match(p)) {
            return None;
        }
        if parts.iter().all(|p| *p == "." || *p == "..") {
            return None;
        }
        let slashy = parts.len() > 1 || t.ends_with('/');
        (slashy || has_known_extension(t)).then(|| t.to_string())
    }

    #[test]
    fn path_candidate_fast_paths_change_no_answer() {
        let mut words: Vec<String> = [
            "src/a.rs",
            "src/a.rs:12",
            "src/a.rs:12-30",
            "a.rs:12:5",
            "docs/x.md#L3-L9",
            "docs/x.md#usage",
            "README.md",
            "README",
            "readme.",
            ".",
            "..",
            "../",
            "./a",
            "a/",
            "a//b",
            "application/json",
            "text/plain",
            "src/*.rs",
            "a{b,c}.rs",
            "C:\\x.rs",
            "host:8080",
            "x:12",
            "#L3",
            ":12",
            "a.b.c",
            "é/ü.rs",
            "a+b@c.rs",
            "a b",
            "",
            " src/lib.rs ",
            "www.x.com/a",
            "http://x/a.rs",
            "~/.bashrc",
            "$HOME/a.rs",
            "@scope/pkg",
            "-v",
            "/abs/a.rs",
            "a.RS",
            "Makefile",
            "a/Makefile",
            "x.md:",
            "x.md#",
            "a/b.c:1:2:3",
            "file.rs::Type",
            "a.py:parse_args",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // and every word of the fixtures
        for entry in std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/corpus/EXPORT"
        ))
        .into_iter()
        .flatten()
        .flatten()
        {
            if let Ok(text) = std::fs::read_to_string(entry.path()) {
                words.extend(text.split_whitespace().map(str::to_string));
            }
        }
        assert!(words.len() > 1000, "fixture words read: {}", words.len());
        for w in &words {
            assert_eq!(path_candidate(w), path_candidate_with_regexes(w), "{w:?}");
        }
    }

    thread_local! {
        /// Table cells [`row_says_new`] has read on this thread (its work).
        pub(super) static CELLS_READ: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// A row of n code spans reads its n cells once, not once per code span (O(n²)),
    /// and every path of a row whose change cell says new is declared.
    #[test]
    fn a_wide_row_is_read_once() {
        for n in [3, 50, 2_000] {
            let mut plan = String::from("# Plan: W (w)\n\n| Path | Why | Change type |");
            plan.push_str(&" x |".repeat(n - 3));
            plan.push_str("\n|");
            plan.push_str(&"---|".repeat(n));
            plan.push_str("\n|");
            for i in 0..n - 1 {
                plan.push_str(&format!(" `src/f{i}.rs` |"));
            }
            plan.push_str(" New |\n\n| Path | Change type |\n|---|---|\n| `src/old.rs` | edit |\n");
            let doc = crate::document::parse::parse(std::path::Path::new("plan_w.md"), plan.into());
            CELLS_READ.with(|c| c.set(0));
            let declared = Declared::build(&doc);
            // the wide row's n cells and the second table's 2
            assert_eq!(CELLS_READ.with(|c| c.get()), n + 2, "n = {n}");
            for i in 0..n - 1 {
                assert!(
                    declared.contains(&format!("src/f{i}.rs")),
                    "n = {n}: src/f{i}.rs"
                );
            }
            assert!(!declared.contains("src/old.rs"), "n = {n}");
        }
    }

    #[test]
    fn line_suffixes() {
        for (written, path) in [
            ("src/a.rs:12", "src/a.rs"),
            ("src/a.rs:12-30", "src/a.rs"),
            ("src/a.rs:12:5", "src/a.rs"),
            ("src/a.rs#L3-L9", "src/a.rs"),
            ("src/{a,b}.rs:3", "src/{a,b}.rs"),
            ("src/a.rs", "src/a.rs"),
        ] {
            let (text, span, _) = split_line_suffix(written, Span::new(10, 10 + written.len()));
            assert_eq!(text, path);
            assert_eq!(span, Span::new(10, 10 + path.len()), "{written}");
        }
        let (_, _, expanded) = split_line_suffix("src/{a,b}.rs:3", Span::new(0, 14));
        assert_eq!(expanded, vec!["src/a.rs", "src/b.rs"]);
    }

    /// Look-alikes are not paths; real paths (that do not exist) still are.
    #[test]
    fn look_alikes() {
        for (word, looks_alike) in [
            ("internal/store.Record", true),
            ("pkg/api.Client", true),
            ("web-api/v1/", true),
            ("api/v2/users", true),
            ("example.com/x", true),
            ("vendor/k8s.io/kubectl/pkg/", true),
            (".steps.ts", true),
            (".d.ts", true),
            ("console.log", true),
            ("process.env", true),
            ("src/store.rs", false),
            ("src/api/v1.yaml", false),
            ("docs/v1/guide.md", false),
            (".eslintrc.json", false),
            (".github/workflows/ci.yml", false),
            ("app.log", false),
            ("src/Main.java", false),
            ("tests/", false),
        ] {
            assert_eq!(not_a_path(word), looks_alike, "{word}");
        }
    }

    #[test]
    fn symbol_suffixes() {
        assert_eq!(
            split_symbol_suffix("src/a.rs::Type"),
            Some(("src/a.rs".into(), "Type".into()))
        );
        assert_eq!(
            split_symbol_suffix("app/models.py:User.save"),
            Some(("app/models.py".into(), "User.save".into()))
        );
        assert_eq!(split_symbol_suffix("std::fmt"), None);
        assert_eq!(split_symbol_suffix("localhost:8080"), None);
    }

    #[test]
    fn bare_data_files() {
        assert!(is_bare_data_file("state.json"));
        assert!(is_bare_data_file("routes.lock"));
        assert!(!is_bare_data_file("config/state.json"));
        assert!(!is_bare_data_file("App.tsx"));
    }

    #[test]
    fn candidates() {
        for yes in [
            "src/app.py",
            "README.md",
            "src/",
            "docs/api/v1.yaml",
            "src/main.rs:12-30",
            "a/b#L3",
            "./src/x.rs",
        ] {
            assert!(path_candidate(yes).is_some(), "{yes}");
        }
        for no in [
            "cargo test",
            "https://x.y/a.md",
            "/api/v1/users",
            "--fix",
            "app.run",
            "Settings.from_env()",
            "application/json",
            "src/*.rs",
            "src/{a,b}.rs",
            "~/.bashrc",
            "KEY=value",
            "$HOME/x.md",
            "C:\\x.md",
            "N/A",
        ] {
            assert!(path_candidate(no).is_none() || no == "N/A", "{no}");
        }
        assert_eq!(
            path_candidate("src/main.rs:12-30").as_deref(),
            Some("src/main.rs")
        );
    }
}
