//! Path references in prose and code spans: what looks like a repository path, and
//! whether it exists, is created by the plan (a `new` impact row), or is neither.

use crate::fs_view::{self, EntryKind, Lookup, PathProblem};
use crate::impact::{Impact, expand_braces, is_glob};
use crate::source::Span;
use regex::Regex;
use std::sync::LazyLock;

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

static SEGMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_.@+\-]+$").expect("segment regex"));
static MIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:application|text|image|audio|video|multipart|font|model|message)/[\w.+\-]+$")
        .expect("mime regex")
});
static LINE_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?::\d+(?:[-:]\d+)*|#L\d+(?:-L?\d+)?)$").expect("line suffix regex")
});

/// A path as written, minus a line suffix (`:12`, `:12-30`, `:12:5`, `#L12-L30`): the
/// path, its span shortened by the suffix, and its `{a,b}` expansions.
pub fn split_line_suffix(written: &str, span: Span) -> (String, Span, Vec<String>) {
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
pub fn has_known_extension(path: &str) -> bool {
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
pub fn path_candidate(text: &str) -> Option<String> {
    let t = text.trim();
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

/// What a referenced path is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefStatus {
    Exists(EntryKind),
    /// Not there, but created by the plan: a `new` impact row (or below one).
    Planned,
    /// Not there. `case_variant`: the path with the case that exists.
    Missing {
        case_variant: Option<String>,
    },
    Outside(PathProblem),
}

/// Resolves a path candidate (see [`path_candidate`]).
pub fn resolve(fs: &fs_view::FsView, impact: &Impact, path: &str) -> RefStatus {
    let rel = match fs_view::normalize(path) {
        Ok(r) => r,
        Err(p) => return RefStatus::Outside(p),
    };
    match fs.lookup_written(path) {
        Lookup::Found(k) => RefStatus::Exists(k),
        Lookup::Outside(p) => RefStatus::Outside(p),
        Lookup::Missing { case_variant } => {
            if planned(impact, &rel) {
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

/// `{a,b}` expansion of a candidate (re-exported for the step rules).
pub fn expand(path: &str) -> Vec<String> {
    expand_braces(path)
}

#[cfg(test)]
mod tests {
    use super::*;

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
