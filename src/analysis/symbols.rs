//! What a code symbol is, as a plan writes it: `create_app`, `RateLimiter`,
//! `Settings.from_env()`, `Type::method`, `pkg/sub.Func` ([`parse_symbol`]), and which
//! identifiers the repository scan must look for ([`Symbol::lookups`]). Identifier
//! syntax itself is the scan's ([`crate::workspace::symbol_index::is_identifier`]).
//!
//! Where a plan names symbols is [`crate::analysis::symbol_refs`]; where they occur in
//! the repository is [`crate::workspace::symbol_index`].

use crate::analysis::references::has_known_extension;
use crate::workspace::symbol_index::{is_ident_byte, is_identifier};

/// A code symbol as written in a plan: `create_app`, `RateLimiter`, `MAX_RETRIES`,
/// `create_app()`, `Settings.from_env()`, `Type::method`, `pkg/sub.Func`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The identifier segments, in order (`Settings.from_env()` → `Settings`,
    /// `from_env`; `pkg/sub.Func` → `pkg`, `sub`, `Func`).
    pub segments: Vec<String>,
    /// Written as a call (`f()`, `f(x)`, `m!`).
    pub call: bool,
}

impl Symbol {
    /// The last segment: the name that must occur.
    pub fn name(&self) -> &str {
        self.segments.last().map(String::as_str).unwrap_or("")
    }

    /// The segment before the last one (`Settings` in `Settings.from_env`), unless it is
    /// `self`, `this`, `cls`, `Self`, `crate` or `super` (which qualify nothing).
    pub fn qualifier(&self) -> Option<&str> {
        let n = self.segments.len();
        if n < 2 {
            return None;
        }
        let q = self.segments[n - 2].as_str();
        (!NO_QUALIFIER.contains(&q)).then_some(q)
    }

    /// The identifiers the repository scan must look for: the name and the qualifier.
    pub fn lookups(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name()).chain(self.qualifier())
    }
}

const NO_QUALIFIER: &[&str] = &["self", "this", "cls", "Self", "crate", "super"];

/// Keywords of the languages plans talk about, which a plan writes like a call
/// (`pub(crate)`, `super()`, `await foo()` → `await`) but no repository defines.
const KEYWORDS: &[&str] = &[
    "pub",
    "fn",
    "if",
    "else",
    "elif",
    "for",
    "while",
    "loop",
    "match",
    "return",
    "let",
    "mut",
    "impl",
    "def",
    "class",
    "import",
    "from",
    "async",
    "await",
    "new",
    "static",
    "const",
    "var",
    "func",
    "struct",
    "enum",
    "trait",
    "interface",
    "type",
    "yield",
    "lambda",
    "with",
    "try",
    "catch",
    "except",
    "finally",
    "throw",
    "throws",
    "raise",
    "switch",
    "case",
    "break",
    "continue",
    "typeof",
    "instanceof",
    "delete",
    "void",
    "where",
    "use",
    "mod",
    "extern",
    "unsafe",
    "dyn",
    "ref",
    "move",
    "package",
    "public",
    "private",
    "protected",
    "internal",
    "sizeof",
    "assert",
    "go",
    "defer",
    "select",
    "chan",
    "goto",
    "do",
    "not",
    "and",
    "or",
    "is",
    "in",
    "as",
    "del",
    "pass",
    "global",
    "nonlocal",
    "print",
];

/// Words shaped like identifiers that are not symbols of the repository: literals,
/// keywords, naming conventions, extensionless file names, product names.
const NOT_SYMBOLS: &[&str] = &[
    "true",
    "false",
    "null",
    "nil",
    "None",
    "True",
    "False",
    "NULL",
    "undefined",
    "NaN",
    "Infinity",
    "Some",
    "Ok",
    "Err",
    "Self",
    "self",
    "this",
    "super",
    "crate",
    "snake_case",
    "camelCase",
    "PascalCase",
    "SCREAMING_SNAKE_CASE",
    "UPPER_SNAKE_CASE",
    "lowerCamelCase",
    "UpperCamelCase",
    "x86_64",
    "aarch64",
    "x86",
    "arm64",
    "Makefile",
    "Dockerfile",
    "Containerfile",
    "Gemfile",
    "Rakefile",
    "Procfile",
    "Jenkinsfile",
    "Vagrantfile",
    "Justfile",
    "Brewfile",
    "Podfile",
    "Pipfile",
    "Caddyfile",
    "Tiltfile",
    "Earthfile",
    "GitHub",
    "GitLab",
    "PostgreSQL",
    "MySQL",
    "SQLite",
    "MongoDB",
    "TypeScript",
    "JavaScript",
    "CoffeeScript",
    "GraphQL",
    "OAuth",
    "OpenAPI",
    "OpenTelemetry",
    "PyPI",
    "NodeJS",
    "macOS",
    "iOS",
    "iPadOS",
    "tvOS",
    "watchOS",
    "WebSocket",
    "WebAssembly",
    "DevOps",
    "PowerShell",
    "YouTube",
    "LinkedIn",
    "JetBrains",
    "IntelliJ",
    "VSCode",
    "README",
];

/// Top-level domains: `example.com` is a host, not `module.attribute`.
const DOMAINS: &[&str] = &[
    "com",
    "org",
    "net",
    "io",
    "dev",
    "co",
    "ai",
    "edu",
    "gov",
    "info",
    "biz",
    "uk",
    "de",
    "eu",
    "fr",
    "jp",
    "cn",
    "ru",
    "me",
    "local",
    "localhost",
    "internal",
];
/// Whether a lone identifier is shaped like a code symbol: `snake_case` with an
/// underscore, `camelCase` or `PascalCase`. A lower-case word (`json`, `true`) or an
/// all-capitals word without underscore (`SELECT`, `GET`, `HTTP`) is prose.
fn symbol_shaped(ident: &str) -> bool {
    let b = ident.as_bytes();
    let has_lower = b.iter().any(u8::is_ascii_lowercase);
    let has_upper = b.iter().any(u8::is_ascii_uppercase);
    let underscore = b.contains(&b'_');
    if underscore {
        return true;
    }
    if !has_upper {
        return false; // a lower-case word
    }
    // camelCase / PascalCase: an upper-case letter next to a lower-case one.
    has_lower
}

/// Removes `(…)` groups (balanced) from `t`; `Some(rest, last_was_call)`, or `None`
/// when the parentheses do not balance or something follows a group that is not a
/// separator.
fn strip_calls(t: &str) -> Option<(String, bool)> {
    let mut out = String::with_capacity(t.len());
    let mut depth = 0usize;
    let mut call = false;
    for c in t.chars() {
        match c {
            '(' => {
                if depth == 0 {
                    call = true;
                }
                depth += 1;
            }
            ')' => {
                depth = depth.checked_sub(1)?;
            }
            _ if depth > 0 => {}
            _ => {
                let separator = matches!(c, '.' | ':' | '#' | '-' | '>' | '/');
                if call && !separator {
                    return None; // `f()x`
                }
                call = false;
                out.push(c);
            }
        }
    }
    (depth == 0).then_some((out, call))
}

/// The symbol a code span names, if it looks like one. Not symbols: paths, commands
/// and anything with spaces, numbers, quoted strings, URLs, routes, flags, environment
/// variables (`$HOME`, `KEY=value`), versions, plain words (`json`, `true`, `SELECT`).
pub(crate) fn parse_symbol(text: &str) -> Option<Symbol> {
    let t = text.trim();
    // A method written with its receiver left out: `.map_err(…)`, `.demo()`.
    if let Some(rest) = t.strip_prefix('.') {
        return parse_symbol(rest).filter(|s| s.call && !rest.starts_with('.'));
    }
    let first = *t.as_bytes().first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None; // `/health`, `--fix`, `$HOME`, `@scope/x`, `.env`, `429`, `"x"`
    }
    if t.contains(char::is_whitespace) || t.contains("://") || t.contains('`') {
        return None;
    }
    // A macro (`vec!`, `log!(…)`) is a call of its name.
    let (t, bang) = match t.find('!') {
        Some(i) if t[i + 1..].is_empty() || t[i + 1..].starts_with('(') => {
            (format!("{}{}", &t[..i], &t[i + 1..]), true)
        }
        Some(_) => return None,
        None => (t.to_string(), false),
    };
    let (rest, call) = strip_calls(&t)?;
    let call = call || bang;
    if rest.is_empty() {
        return None;
    }
    // Go's `pkg/sub.Func`: a slashed package path, then `.Name`.
    let (dirs, rest): (Vec<&str>, &str) = match rest.rfind('/') {
        Some(i) => {
            let (dir, last) = (&rest[..i], &rest[i + 1..]);
            if !last.contains('.') || dir.is_empty() {
                return None; // `application/json`, `feature/login`
            }
            let dirs: Vec<&str> = dir.split('/').collect();
            if dirs.iter().any(|d| {
                d.is_empty()
                    || !d
                        .bytes()
                        .all(|c| is_ident_byte(c) || c == b'-' || c == b'.')
            }) {
                return None;
            }
            (dirs, last)
        }
        None => (Vec::new(), rest.as_str()),
    };
    let mut segments = Vec::new();
    let mut dotted = false;
    let mut s = rest;
    loop {
        let cut = [
            s.find("::").map(|i| (i, 2)),
            s.find('.').map(|i| (i, 1)),
            s.find('#').map(|i| (i, 1)),
            s.find("->").map(|i| (i, 2)),
        ]
        .into_iter()
        .flatten()
        .min();
        match cut {
            Some((i, len)) => {
                dotted |= &s[i..i + len] == ".";
                segments.push(&s[..i]);
                s = &s[i + len..];
            }
            None => {
                segments.push(s);
                break;
            }
        }
    }
    if segments.iter().any(|seg| !is_identifier(seg)) {
        return None; // `1.2.3`, `v1.2.3`, `HTTP/1.1`, `a:b`, `x<T>`
    }
    // In `pkg/sub.Func` the package (`sub`, the last directory) qualifies `Func`: a Go
    // package name is lower-case and what other packages use starts upper-case
    // (`templates/project/Makefile.jinja` is a file).
    if !dirs.is_empty()
        && (segments.len() != 2
            || segments[0].bytes().any(|c| c.is_ascii_uppercase())
            || !segments[1].starts_with(|c: char| c.is_ascii_uppercase()))
    {
        return None;
    }
    let last = *segments.last()?;
    if segments.len() == 1 {
        if NOT_SYMBOLS.contains(&last) || KEYWORDS.contains(&last) {
            return None; // `pub(crate)`, `super()`, `new()`
        }
        // `NEXT_PUBLIC_`: a prefix of names, not a name.
        if last.ends_with('_') && last.bytes().all(|c| !c.is_ascii_lowercase()) {
            return None;
        }
        let upper_word = last.bytes().all(|c| !c.is_ascii_lowercase()) && !last.contains('_');
        if upper_word || !(call || symbol_shaped(last)) {
            return None;
        }
    } else {
        if !call && dotted && (has_known_extension(rest) || DOMAINS.contains(&last)) {
            // `config.yaml`, `src/app.py`: a file name; `example.com`: a host.
            return None;
        }
        if NOT_SYMBOLS.contains(&last) && last != "self" {
            return None; // `Option.None`, `x.true`
        }
    }
    Some(Symbol {
        segments: segments.iter().map(|s| s.to_string()).collect(),
        call,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segs(t: &str) -> Option<Vec<String>> {
        parse_symbol(t).map(|s| s.segments)
    }

    #[test]
    fn symbols() {
        for (text, want) in [
            ("create_app", vec!["create_app"]),
            ("RateLimiter", vec!["RateLimiter"]),
            ("MAX_RETRIES", vec!["MAX_RETRIES"]),
            ("create_app()", vec!["create_app"]),
            ("main()", vec!["main"]),
            ("take(now)", vec!["take"]),
            ("Settings.from_env()", vec!["Settings", "from_env"]),
            ("Type::method", vec!["Type", "method"]),
            ("crate::server::App", vec!["crate", "server", "App"]),
            ("module.func", vec!["module", "func"]),
            ("app.run", vec!["app", "run"]),
            ("pkg/sub.Func", vec!["sub", "Func"]),
            ("User#save", vec!["User", "save"]),
            ("self.limiter", vec!["self", "limiter"]),
            ("App", vec!["App"]),
            ("createApp", vec!["createApp"]),
            ("__init__", vec!["__init__"]),
            ("log!", vec!["log"]),
            (
                "Settings.from_env().timeout",
                vec!["Settings", "from_env", "timeout"],
            ),
            ("app.log()", vec!["app", "log"]),
            (".map_err(AppError::Internal)", vec!["map_err"]),
            (
                "github.com/acme/limits.NewBucket()",
                vec!["limits", "NewBucket"],
            ),
        ] {
            assert_eq!(
                segs(text),
                Some(want.iter().map(|s| s.to_string()).collect()),
                "{text}"
            );
        }
        for no in [
            "src/app.py",
            "app.py",
            "config.yaml",
            "README.md",
            "cargo test",
            "/health",
            "/api/v1/users/{id}",
            "--fix",
            "-v",
            "DATABASE_URL=postgres://db/app",
            "$HOME",
            "${API_TOKEN}",
            "%APPDATA%",
            "{\"limit\": 100}",
            "{}",
            "[]",
            "\"limit\"",
            "'x'",
            "429",
            "HTTP 429",
            "Retry-After",
            "SELECT",
            "NOT NULL",
            "VARCHAR(255)",
            "COUNT(*)",
            "true",
            "null",
            "None",
            "json",
            "v2",
            "v1.2.3",
            "1.2.3",
            "python3.12",
            "HTTP/1.1",
            "application/json",
            "feature/login",
            "https://example.com/x",
            "example.com",
            "api.github.com",
            "localhost:8080",
            "127.0.0.1",
            "snake_case",
            "Makefile",
            "GET",
            "OK",
            "x<T>",
            "Vec<u8>",
            "a:b",
            "Ok(())",
            "node@20",
            ".env",
            "f()x",
            ".sheet",
            "..x()",
            "templates/project/Makefile.jinja",
            "pkg/sub.func",
        ] {
            assert_eq!(segs(no), None, "{no}");
        }
        let s = parse_symbol("Settings.from_env()").unwrap();
        assert_eq!(
            (s.name(), s.qualifier(), s.call),
            ("from_env", Some("Settings"), true)
        );
        let s = parse_symbol("self.limiter").unwrap();
        assert_eq!((s.name(), s.qualifier()), ("limiter", None));
    }
}
