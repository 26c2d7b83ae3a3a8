//! The environment variables, HTTP routes and command-line flags a plan presents as
//! existing (PL312-PL314): written in inline code in the sections that describe what
//! exists (the contract's `symbol_sections`, and Assumptions & Constraints) or in a
//! step's Changes that edit them, never where the plan introduces them.
//!
//! - environment variable: `$ACME_RATE_LIMIT`, `${ACME_RATE_LIMIT}`,
//!   `ACME_RATE_LIMIT=5`, or `ACME_RATE_LIMIT` in a sentence that says "environment" /
//!   "env var"; the name has an `_` (a one-word name is the shell's or the system's:
//!   `$HOME`, `$PATH`), and well-known variables of toolchains and CI are left out;
//! - route: `GET /orders`, `POST /api/v1/orders/{id}` (any method), or `/health` in a
//!   sentence that says "endpoint", "route" or "URL";
//! - flag: `--dry-run`, `--limit=10`, in a sentence that says "flag", "option",
//!   "argument" or "switch", and that names no well-known external tool (`cargo`,
//!   `npm`, `pytest`…): the plan's own program's flag. `--help` and `--version`, which
//!   every argument parser defines, are not checked.
//!
//! This module knows their shapes ([`Interface`]) and what the repository scan looks
//! for ([`scan_texts`]); where a plan presents them as existing is
//! [`crate::analysis::interface_refs`]. The rules then read
//! [`crate::workspace::symbol_index::SymbolIndex`].

use crate::document::model::{CodeSpan, Document};
use crate::document::source::Span;
use regex::Regex;
use std::sync::LazyLock;

/// The codes of the rules that read interface references.
pub const RULE_CODES: [&str; 3] = ["PL312", "PL313", "PL314"];

/// What kind of interface a reference names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interface {
    /// An environment variable, by name (`ACME_RATE_LIMIT`).
    EnvVar(String),
    /// An HTTP route: its method when written (`GET`), and its path (`/orders/{id}`).
    Route {
        /// `GET`, `POST`… when the plan writes one.
        method: Option<String>,
        /// The path, without query string.
        path: String,
    },
    /// A long command-line flag, without its value (`--dry-run`).
    Flag(String),
}

static ENV_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:env|environment|env(?:ironment)?[- ]var(?:iable)?s?|dotenv|\.env)\b")
        .expect("env words")
});
static ROUTE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:endpoints?|routes?|url|urls|api|http)\b").expect("route words")
});
static FLAG_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:flags?|options?|arguments?|switch(?:es)?|cli)\b").expect("flag words")
});
/// Tools whose flags a plan mentions without them being the repository's.
static EXTERNAL_TOOLS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:cargo|rustc|rustup|clippy|npm|npx|pnpm|yarn|node|deno|bun|pip|pipx|uv|poetry|python|python3|pytest|tox|ruff|mypy|black|git|gh|docker|podman|kubectl|helm|terraform|go|gofmt|java|javac|mvn|maven|gradle|dotnet|make|cmake|curl|wget|ssh|rsync|jest|vitest|eslint|prettier|tsc|webpack|vite|bundle|rake|rails|gem|composer|php)\b")
        .expect("tools")
});
static METHOD_ROUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/[^\s?#]*)(?:[?#]\S*)?$")
        .expect("method route")
});
static BARE_ROUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(/[A-Za-z0-9_\-{}:<>\[\]/.*]*[A-Za-z0-9_}>\]])(?:\?\S*)?$").expect("route")
});
static FLAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(--[a-z0-9][a-z0-9-]*[a-z0-9])(?:[= ]\S*)?$").expect("flag"));
static ENV_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\$\{?([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])\}?|([A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9])=\S*)$")
        .expect("env form")
});
static ENV_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z][A-Z0-9]*_[A-Z0-9_]*[A-Z0-9]$").expect("env name"));

/// Variables that toolchains, shells and CI set, which a repository need not read.
const EXTERNAL_ENV_PREFIXES: &[&str] = &[
    "GITHUB_",
    "RUNNER_",
    "CARGO_",
    "RUSTUP_",
    "RUST_",
    "XDG_",
    "LC_",
    "NPM_",
    "PIP_",
    "PYTHON",
    "VIRTUAL_",
    "JAVA_",
    "GO",
    "DOCKER_",
    "AWS_",
    "GOOGLE_",
    "AZURE_",
    "CI_",
    "GITLAB_",
    "HOMEBREW_",
];

/// Whether the sentence's text around a code span (its paragraph or item, the
/// sentence being short enough to read whole) holds `words`.
fn context_has(doc: &Document, span: Span, words: &Regex) -> bool {
    let src: &str = &doc.source;
    let start = crate::document::source::floor_char_boundary(src, span.start.saturating_sub(160));
    let end = crate::document::source::floor_char_boundary(src, (span.end + 160).min(src.len()));
    // The clause: from the last line break, `;` or sentence end before the span to the
    // first after it.
    let before = &src[start..span.start];
    let clause_start = [before.rfind('\n'), before.rfind("; "), before.rfind(". ")]
        .into_iter()
        .flatten()
        .max()
        .map_or(start, |i| start + i + 1);
    let after = &src[span.end..end];
    let clause_end = [after.find('\n'), after.find("; "), after.find(". ")]
        .into_iter()
        .flatten()
        .min()
        .map_or(end, |i| span.end + i);
    words.is_match(&src[clause_start..clause_end])
}

/// The interface a code span names, if it names one the rules check.
pub(crate) fn interface_of(doc: &Document, code: &CodeSpan) -> Option<Interface> {
    let t = code.text.trim();
    if let Some(c) = ENV_FORM.captures(t) {
        let name = c.get(1).or(c.get(2))?.as_str();
        return (!external_env(name)).then(|| Interface::EnvVar(name.to_string()));
    }
    if ENV_NAME.is_match(t) && !external_env(t) && context_has(doc, code.span, &ENV_WORDS) {
        return Some(Interface::EnvVar(t.to_string()));
    }
    if let Some(c) = METHOD_ROUTE.captures(t) {
        return route(Some(&c[1]), &c[2]);
    }
    if let Some(c) = BARE_ROUTE.captures(t)
        && !filesystem_path(&c[1])
        && context_has(doc, code.span, &ROUTE_WORDS)
    {
        return route(None, &c[1]);
    }
    if let Some(c) = FLAG.captures(t)
        && !matches!(&c[1], "--help" | "--version")
        && context_has(doc, code.span, &FLAG_WORDS)
        && !context_has(doc, code.span, &EXTERNAL_TOOLS)
    {
        return Some(Interface::Flag(c[1].to_string()));
    }
    None
}

/// `/etc/hosts`, `/usr/local/bin`, `/var/log/app.log`: an absolute path of a file system,
/// not a route.
fn filesystem_path(path: &str) -> bool {
    const ROOTS: &[&str] = &[
        "etc",
        "usr",
        "var",
        "tmp",
        "home",
        "opt",
        "dev",
        "proc",
        "sys",
        "bin",
        "sbin",
        "lib",
        "mnt",
        "srv",
        "root",
        "run",
        "boot",
        "Users",
        "Applications",
        "Library",
        "Volumes",
        "private",
        "nix",
        "workspace",
        "workspaces",
    ];
    let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
    ROOTS.contains(&first)
}

fn external_env(name: &str) -> bool {
    EXTERNAL_ENV_PREFIXES.iter().any(|p| name.starts_with(p))
        || matches!(
            name,
            "NODE_ENV" | "NODE_OPTIONS" | "NO_COLOR" | "FORCE_COLOR"
        )
}

/// A route with a static segment to look for (not `/`, not only parameters).
fn route(method: Option<&str>, path: &str) -> Option<Interface> {
    let path = path.trim_end_matches('/');
    segments(path)
        .iter()
        .any(|s| !is_param(s))
        .then(|| Interface::Route {
            method: method.map(str::to_string),
            path: path.to_string(),
        })
}

/// The non-empty segments of a route path.
pub fn segments(path: &str) -> Vec<&str> {
    path.split('/').filter(|s| !s.is_empty()).collect()
}

/// `{id}`, `:id`, `<id>`, `<int:id>`, `[id]`, `[...slug]`, `*`: a parameter segment.
pub fn is_param(seg: &str) -> bool {
    seg.starts_with('{')
        || seg.starts_with(':')
        || seg.starts_with('<')
        || seg.starts_with('[')
        || seg.starts_with('$')
        || seg == "*"
        || seg == "**"
}

impl Interface {
    /// The texts the repository scan looks for: the variable's name; the route's last
    /// static segment after a `/` (`/orders`); the flag's name without dashes
    /// (`dry-run`), and its `snake_case` and `camelCase` identifiers (`dry_run`,
    /// `dryRun`: derive-style parsers name the field).
    pub fn scan_texts(&self) -> Vec<String> {
        match self {
            Interface::EnvVar(name) => vec![name.clone()],
            Interface::Route { path, .. } => segments(path)
                .iter()
                .rev()
                .find(|s| !is_param(s))
                .map(|s| vec![format!("/{s}")])
                .unwrap_or_default(),
            Interface::Flag(flag) => {
                let bare = flag.trim_start_matches('-');
                let mut out = vec![bare.to_string()];
                if bare.contains('-') {
                    out.push(bare.replace('-', "_"));
                    let mut camel = String::new();
                    let mut up = false;
                    for c in bare.chars() {
                        if c == '-' {
                            up = true;
                        } else if up {
                            camel.extend(c.to_uppercase());
                            up = false;
                        } else {
                            camel.push(c);
                        }
                    }
                    out.push(camel);
                }
                out
            }
        }
    }
}

/// The scan texts of every interface-shaped code span of a plan (a superset of what
/// [`crate::analysis::interface_refs::candidates`] returns, needing no outline: for the run's one scan).
pub fn scan_texts(doc: &Document) -> Vec<String> {
    doc.code_spans
        .iter()
        .filter_map(|c| interface_of(doc, c))
        .flat_map(|i| i.scan_texts())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(line: &str) -> Vec<Interface> {
        let doc = crate::document::parse::parse(
            std::path::Path::new("p.md"),
            std::sync::Arc::from(format!("{line}\n")),
        );
        doc.code_spans
            .iter()
            .filter_map(|c| interface_of(&doc, c))
            .collect()
    }

    #[test]
    fn shapes() {
        let env = |s: &str| Interface::EnvVar(s.to_string());
        assert_eq!(
            of("Reads `$ACME_LIMIT`, `${ACME_X}` and `ACME_Y=3`."),
            [env("ACME_LIMIT"), env("ACME_X"), env("ACME_Y")]
        );
        assert_eq!(of("The env var `ACME_LIMIT` caps it."), [env("ACME_LIMIT")]);
        // A constant, without a word about the environment; one-word and CI names.
        assert!(of("`MAX_RETRIES` caps it; `$HOME` is set.").is_empty());
        assert!(of("`$GITHUB_TOKEN` is in the environment.").is_empty());
        let route = |m: Option<&str>, p: &str| Interface::Route {
            method: m.map(str::to_string),
            path: p.to_string(),
        };
        assert_eq!(
            of("`GET /orders/{id}` and the `/health` endpoint; `/etc/hosts` is a file."),
            [route(Some("GET"), "/orders/{id}"), route(None, "/health")]
        );
        assert!(of("`POST /` and `GET /{id}`").is_empty());
        assert_eq!(
            of("The `--dry-run` flag prints the plan."),
            [Interface::Flag("--dry-run".to_string())]
        );
        assert!(of("The `--locked` flag of cargo; `--dry-run` alone.").is_empty());
    }

    #[test]
    fn scan_texts_of_each() {
        assert_eq!(
            Interface::Flag("--dry-run".into()).scan_texts(),
            ["dry-run", "dry_run", "dryRun"]
        );
        assert_eq!(
            Interface::Route {
                method: None,
                path: "/api/orders/{id}".into()
            }
            .scan_texts(),
            ["/orders"]
        );
    }
}
