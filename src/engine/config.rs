//! `plan-lint.toml`: where it is, what it may say, and the errors it can have.
//!
//! ```toml
//! root = "."                        # repository root for the filesystem rules
//! include = ["EXPORT/**/*.md"]       # globs, relative to this file's directory
//! exclude = ["EXPORT/archive/**"]
//!
//! [rules]
//! PL102 = "off"                      # or "warning" / "error"; codes or names
//! hedging = "warning"
//!
//! [contract]                         # any key of rules/contract.toml
//! marker = "[NEEDS INPUT]"
//! ```
//!
//! # What a config may read, and what its errors may print
//!
//! plan-lint runs as a CI gate on pull requests, so any `plan-lint.toml` it reads may
//! have been written by a stranger. Loading one never reads, follows or prints anything
//! outside the repository root, never blocks, and costs time and memory linear in its
//! (capped) size:
//!
//! - **The repository root** of a config file is the nearest ancestor of the directory it
//!   is named in (as written, `..` applied lexically) that holds `.git`, else that
//!   directory itself.
//! - **Discovery** looks for `.plan-lint.toml` or `plan-lint.toml` from each plan's
//!   directory upwards (the run's `Scopes`, in `discover.rs`) and stops at the first
//!   directory holding `.git`: a config above the repository is never used. (Outside any
//!   repository the search goes up to `/`, as before.)
//! - **Every config file** — found, given with `--config`, or extended — must resolve,
//!   after symbolic links, inside its repository root: a `plan-lint.toml` that is a
//!   symbolic link to `/proc/self/environ` or `~/.cargo/credentials.toml` is refused
//!   without being read.
//! - **`extend`** names a `*.toml` file inside the repository root and not inside `.git`,
//!   relative to the directory holding the extending file. `..` is resolved lexically
//!   first, so an absolute path outside the root or a `..` that leaves it is refused
//!   before anything is touched; a path that does not resolve to a file inside the root
//!   (missing, or a symbolic link leading out) gets one and the same message, so the
//!   error says nothing about what lies outside. A chain holds at most
//!   [`MAX_EXTEND_DEPTH`] files; cycles are errors. Chains are loaded iteratively (read
//!   top-down, applied from the base up), so no chain can overflow the stack.
//! - **`root`** must be a directory inside the repository root (use `--root` for
//!   anything else); **`contract.export_dir`** must be a relative path without `..`.
//! - **Only regular files are read**: the path is checked, opened, and the opened file
//!   checked again (`fstat`, same device and inode), so a directory, FIFO, socket or
//!   device (`/dev/zero`) is refused without blocking. At most [`MAX_CONFIG_BYTES`] are
//!   read (`Read::take`); a larger file is refused. The text must be UTF-8.
//! - **Errors quote at most one line of the file, and only a file that is TOML.** A file
//!   that does not parse as TOML (e.g. `--config .env`) gets the parser's message and a
//!   line and column, never any of its text. For a TOML file that fails validation, the
//!   report shows the one line holding the offending key or value, clipped to
//!   160 bytes, with control characters replaced by `?` — and for a key plan-lint does
//!   not know (`token = "…"`), only the line up to the end of the key, never its value.
//!   Values quoted in messages are clipped to 64 characters, control characters escaped.
//! - **Limits**: every list (`include`, `exclude`, `[per-file-ignores]`, each lexicon,
//!   `symbol_sections`, `sections`, all section aliases together) holds at most
//!   [`MAX_LIST_ENTRIES`] entries and [`MAX_LIST_BYTES`] of text; the placeholder
//!   patterns share one compiled-size budget ([`Lexicons::compile`]), and lexicon entries
//!   that would match at every position (empty, whitespace-only, or a placeholder that
//!   matches the empty string) are errors pointing at the entry.

use crate::contract::{Contract, ContractOverride, LexiconError, Lexicons, SectionSpec};
use crate::diagnostic::RuleLevel;
use crate::document::source::floor_char_boundary;
use crate::rules;
use crate::workspace::fs_view::lexical;
use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use serde::Deserialize;
use serde::de::IgnoredAny;
use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

/// The config file name searched for from each plan's directory upwards.
pub const CONFIG_FILE: &str = "plan-lint.toml";

/// The config file names discovery looks for in each directory, the first found winning
/// (as ruff's `.ruff.toml` wins over `ruff.toml`): `.plan-lint.toml`, then
/// `plan-lint.toml`.
pub const CONFIG_FILES: [&str; 2] = [".plan-lint.toml", CONFIG_FILE];

/// The head of [`starter_config`]: every key outside `[contract]`, commented out, with
/// what it does.
const STARTER_HEAD: &str = r#"# plan-lint.toml: the configuration of plan-lint (written by `plan-lint init`).
#
# plan-lint lints each plan with the nearest `.plan-lint.toml` or `plan-lint.toml` found
# from the plan's directory upwards, stopping at the repository root (the directory
# holding .git). In one directory `.plan-lint.toml` wins over `plan-lint.toml`.
# Command-line flags (--select, --ignore, --root) override this file; --config FILE uses
# FILE for every plan, --no-config the defaults. `plan-lint --show-settings PLAN` prints
# what applies to a plan and where each value comes from.
#
# Every key is optional: each one below is commented out and shows its default.
# Relative paths and globs are relative to the directory holding this file.

# Another config file this one builds on (inside the repository, relative to this
# file); every key set here overrides it.
# extend = "../plan-lint.toml"

# The repository root for the filesystem rules (a directory inside the repository).
# Default: the nearest directory holding .git, else the parent of the export directory.
# root = "."

# Only plans whose path matches one of these globs are linted when a directory is
# walked (default: every `*.md`).
# include = ["EXPORT/**/*.md"]

# Plans whose path matches one of these globs are skipped, even when named on the
# command line (default: none).
# exclude = ["EXPORT/archive/**"]

# Rule levels, by code or name (`plan-lint rules` lists them): "off", "warning" or
# "error" (any case; "ignore" and "none" also mean "off", "warn" means "warning",
# "deny" means "error"). Default: each rule's own severity.
[rules]
# PL102 = "off"
# hedging = "warning"

# Rules turned off for the plans matching a glob (codes, prefixes like "PL1", or names).
[per-file-ignores]
# "EXPORT/legacy/*.md" = ["PL102", "PL1"]

# The plan contract (what a plan must contain). Each key replaces its default, shown
# below; `sections` replaces the whole list of required sections.
[contract]
"#;

/// The largest config file read, in bytes (1 MiB).
pub const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The most config files in one `extend` chain (the first one included).
pub const MAX_EXTEND_DEPTH: usize = 32;

/// The most entries in any one list of a config.
pub const MAX_LIST_ENTRIES: usize = 256;

/// The most text (bytes of all its strings) in any one list of a config.
pub const MAX_LIST_BYTES: usize = 64 << 10;

/// Longest source excerpt an error shows, in bytes (one line, clipped).
const MAX_EXCERPT: usize = 160;
/// How much of the line before the offending key an excerpt keeps, at most.
const EXCERPT_LEAD: usize = 60;
/// Longest value quoted in an error message, in characters.
const MAX_QUOTE: usize = 64;
/// Longest path or message printed, in characters.
const MAX_SHOWN: usize = 300;

const READ_HELP: &str = "check the path given to --config, or pass --no-config";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    extend: Option<Spanned<String>>,
    root: Option<Spanned<String>>,
    #[serde(rename = "per-file-ignores")]
    per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    rules: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    contract: Option<ContractOverride>,
}

/// A resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The config file, when one was used.
    pub path: Option<PathBuf>,
    /// Directory that relative paths in the config are resolved from.
    pub dir: PathBuf,
    /// Repository root from the config (absolute).
    pub root: Option<PathBuf>,
    /// `include`: only plans whose path relative to `dir` matches are linted (`None`: all).
    pub include: Option<GlobSet>,
    /// `exclude`: plans whose path relative to `dir` matches are skipped.
    pub exclude: Option<GlobSet>,
    /// The `include` globs as written (empty when `include` is not set).
    pub include_patterns: Vec<String>,
    /// The `exclude` globs as written.
    pub exclude_patterns: Vec<String>,
    /// Rule levels from `[rules]`, by rule code.
    pub rules: Vec<(&'static str, RuleLevel)>,
    /// `[per-file-ignores]`: rules turned off for matching files.
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// The contract: the defaults with the config's `[contract]` keys applied.
    pub contract: Contract,
    /// The contract's lexicons, compiled.
    pub lexicons: Lexicons,
    /// Which file of the `extend` chain set each key last (`root`, `include`,
    /// `exclude`, `rules.PL101`, `per-file-ignores.<glob>`, `contract.marker`, …); a key
    /// not listed has its default.
    pub origins: BTreeMap<String, PathBuf>,
}

/// One `[per-file-ignores]` entry: a glob, relative to the directory of the config file
/// that wrote it, and the rule codes it turns off.
#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    /// The directory of the config file that wrote the entry.
    pub dir: PathBuf,
    /// The glob as written.
    pub pattern: String,
    /// `pattern`, compiled.
    pub matcher: globset::GlobMatcher,
    /// The codes of the rules it turns off.
    pub codes: Vec<&'static str>,
}

impl Config {
    /// The rules `[per-file-ignores]` turns off for `path`.
    pub fn ignored_for(&self, path: &Path) -> Vec<&'static str> {
        if self.per_file_ignores.is_empty() {
            return Vec::new();
        }
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let mut out = Vec::new();
        for entry in &self.per_file_ignores {
            let base = std::path::absolute(&entry.dir).unwrap_or_else(|_| entry.dir.clone());
            let rel = abs.strip_prefix(&base).unwrap_or(&abs);
            if entry
                .matcher
                .is_match(rel.to_string_lossy().replace('\\', "/"))
            {
                out.extend(entry.codes.iter().copied());
            }
        }
        out
    }
}

/// One file of an `extend` chain: read and checked, applied once its parents are.
struct Link {
    /// The path as the user or the extending file wrote it (for messages).
    path: PathBuf,
    /// Its directory, as written: relative paths in it are resolved from here.
    dir: PathBuf,
    /// Its directory, absolute and normalized: `extend` and `root` are checked from here.
    base: PathBuf,
    /// Where it really is (no symbolic links), when it is a file.
    canonical: Option<PathBuf>,
    text: String,
}

impl Config {
    /// The built-in defaults, with `dir` as the base directory.
    pub fn defaults(dir: PathBuf) -> Self {
        let contract = Contract::default();
        let lexicons = Lexicons::compile(&contract).expect("default lexicons compile (tested)");
        Config {
            path: None,
            dir,
            root: None,
            include: None,
            exclude: None,
            include_patterns: Vec::new(),
            exclude_patterns: Vec::new(),
            rules: Vec::new(),
            per_file_ignores: Vec::new(),
            contract,
            lexicons,
            origins: BTreeMap::new(),
        }
    }

    /// Finds `.plan-lint.toml` or `plan-lint.toml` ([`CONFIG_FILES`], in that order) in
    /// `start` or its ancestors, up to the repository root (the first directory holding
    /// `.git`): a config above the repository is not used. Anything of those names
    /// counts, so that a directory or FIFO of that name is reported by [`Config::load`]
    /// instead of being skipped in silence. `start` should be absolute (a relative one
    /// is searched only as far as it goes).
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start.ancestors().find_map(Self::discover_here)?
    }

    /// One step of [`Config::discover`] in `dir`: `Some(Some(file))` when `dir` holds a
    /// config file, `Some(None)` when it holds none and is a repository root (the search
    /// stops), `None` when the search goes on to the parent.
    pub fn discover_here(dir: &Path) -> Option<Option<PathBuf>> {
        for name in CONFIG_FILES {
            let candidate = dir.join(name);
            if candidate.symlink_metadata().is_ok() {
                return Some(Some(candidate));
            }
        }
        dir.join(".git").symlink_metadata().is_ok().then_some(None)
    }

    /// Loads and validates a config file (and the files it extends); see the module
    /// documentation for what it may read.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let fail = |message: String| ConfigError::plain(path, message, Some(READ_HELP.into()));
        let dir = parent_dir(path);
        let base = std::fs::canonicalize(&dir)
            .map_err(|e| fail(format!("cannot read config file: {e}")))?;
        let root = repository_root(&dir);
        let canonical = std::fs::canonicalize(path)
            .map_err(|e| fail(format!("cannot read config file: {e}")))?;
        if !canonical.starts_with(&root) {
            return Err(ConfigError::plain(
                path,
                format!(
                    "the config file leads outside its repository root ({}) through a \
                     symbolic link, so it is not read",
                    shown(&root)
                ),
                Some("name the file the link points to, or pass --no-config".into()),
            ));
        }
        let text = read_config(&canonical)
            .map_err(|why| fail(format!("cannot read config file: {why}")))?;
        Self::load_chain(
            Link {
                path: path.to_path_buf(),
                dir,
                base,
                canonical: Some(canonical),
                text,
            },
            &root,
        )
    }

    /// Parses config text; `path` names it in errors, `dir` resolves relative paths (and
    /// bounds what it may extend, as for a file in `dir`).
    pub fn from_str(text: &str, path: &Path, dir: PathBuf) -> Result<Self, ConfigError> {
        let base = std::fs::canonicalize(&dir)
            .or_else(|_| std::path::absolute(&dir))
            .map(|p| lexical(&p))
            .unwrap_or_else(|_| dir.clone());
        let root = repository_root(&dir);
        Self::load_chain(
            Link {
                path: path.to_path_buf(),
                dir,
                base,
                canonical: std::fs::canonicalize(path).ok(),
                text: text.to_string(),
            },
            &root,
        )
    }

    /// Reads the `extend` chain from `first` down to its base (iteratively, checking
    /// every step), then applies it from the base up: every file overrides the ones it
    /// extends.
    fn load_chain(first: Link, root: &Path) -> Result<Self, ConfigError> {
        let mut links: Vec<Link> = Vec::new();
        let mut current = first;
        loop {
            let Some(extend) = parse_raw(&current)?.extend else {
                links.push(current);
                break;
            };
            let target = resolve_extend(&current, &extend, root)?;
            let repeats = links
                .iter()
                .chain([&current])
                .any(|l| l.canonical.as_ref() == Some(&target.canonical));
            if repeats {
                let cycle: Vec<String> = links
                    .iter()
                    .chain([&current])
                    .map(|l| shown(l.canonical.as_deref().unwrap_or(&l.path)))
                    .chain([shown(&target.canonical)])
                    .collect();
                return Err(current.error(
                    Some(extend.span()),
                    format!("`extend` makes a cycle: {}", cycle.join(" → ")),
                    Some("remove one of the `extend` keys".into()),
                ));
            }
            if links.len() + 2 > MAX_EXTEND_DEPTH {
                return Err(current.error(
                    Some(extend.span()),
                    format!(
                        "`extend`: this file is number {} of its `extend` chain, and a chain \
                         holds at most {MAX_EXTEND_DEPTH} files",
                        links.len() + 1
                    ),
                    Some("make the chain shorter: extend a file nearer its base".into()),
                ));
            }
            let text = read_config(&target.canonical).map_err(|why| {
                current.error(
                    Some(extend.span()),
                    format!("`extend` = \"{}\": {why}", quote(extend.get_ref())),
                    None,
                )
            })?;
            links.push(current);
            current = Link {
                dir: parent_dir(&target.path),
                path: target.path,
                base: target.base,
                canonical: Some(target.canonical),
                text,
            };
        }
        let base = links.last().expect("the chain holds its first file");
        let mut config = Config::defaults(base.dir.clone());
        // which file of the chain set each lexicon last (its errors point there)
        let mut lexicon_from: BTreeMap<&'static str, usize> = BTreeMap::new();
        for (index, link) in links.iter().enumerate().rev() {
            let raw = parse_raw(link)?;
            config.apply(raw, link, root, index, &mut lexicon_from)?;
        }
        let top = &links[0];
        config.path = Some(top.path.clone());
        if !lexicon_from.is_empty() {
            config.lexicons = Lexicons::compile(&config.contract).map_err(|e: LexiconError| {
                let link = lexicon_from.get(e.key).map_or(top, |&i| &links[i]);
                link.error(
                    contract_span(&link.text, e.key, e.index),
                    format!(
                        "invalid pattern in `contract.{}`: {}",
                        e.key,
                        printable(&e.message, MAX_SHOWN)
                    ),
                    Some("patterns use Rust `regex` syntax".into()),
                )
            })?;
        }
        Ok(config)
    }

    /// Applies one file of the chain over what its parents set.
    fn apply(
        &mut self,
        raw: RawConfig,
        link: &Link,
        repo: &Path,
        index: usize,
        lexicon_from: &mut BTreeMap<&'static str, usize>,
    ) -> Result<(), ConfigError> {
        let err = |span: Option<Range<usize>>, message: String, help: Option<String>| {
            link.error(span, message, help)
        };
        let dir = &link.dir;
        let mut set_by = |key: String| {
            self.origins.insert(key, link.path.clone());
        };
        if raw.include.is_some() || raw.exclude.is_some() {
            // include/exclude are inherited as a pair, relative to the file that set them
            set_by("include".into());
            set_by("exclude".into());
        }
        if raw.root.is_some() {
            set_by("root".into());
        }
        if let Some(table) = &raw.per_file_ignores {
            for pattern in table.keys() {
                set_by(format!("per-file-ignores.{}", pattern.get_ref()));
            }
        }
        if let Some(table) = &raw.rules {
            for key in table.keys() {
                if let Some(rule) = rules::find(key.get_ref()) {
                    set_by(format!("rules.{}", rule.code()));
                }
            }
        }
        if let Some(o) = &raw.contract {
            for key in contract_keys_set(o) {
                set_by(format!("contract.{key}"));
            }
        }
        if raw.include.is_some() || raw.exclude.is_some() {
            self.dir = dir.clone();
            self.include = None;
            self.exclude = None;
            self.include_patterns.clear();
            self.exclude_patterns.clear();
        }
        if let Some(root) = raw.root {
            let candidate = lexical(&link.base.join(root.get_ref()));
            let inside = candidate.starts_with(repo)
                && std::fs::canonicalize(&candidate).is_ok_and(|c| c.starts_with(repo));
            if !inside || !candidate.is_dir() {
                return Err(err(
                    Some(root.span()),
                    format!(
                        "`root` = \"{}\" is not a directory inside the repository root ({})",
                        quote(root.get_ref()),
                        shown(repo)
                    ),
                    Some(
                        "`root` is resolved from the directory holding plan-lint.toml; for a \
                         root elsewhere pass --root"
                            .into(),
                    ),
                ));
            }
            // the checked directory itself: `dir.join(root)` could resolve differently
            // (`link/..` is lexically inside, physically wherever `link` points)
            self.root = std::fs::canonicalize(&candidate).ok();
        }
        let build = |key: &str,
                     globs: Option<Vec<Spanned<String>>>|
         -> Result<Option<GlobSet>, ConfigError> {
            let Some(globs) = globs else { return Ok(None) };
            check_list(globs.iter().map(|g| g.get_ref().as_str()))
                .map_err(|(i, why)| err(Some(globs[i].span()), format!("`{key}`: {why}"), None))?;
            let mut b = GlobSetBuilder::new();
            for g in &globs {
                let glob = Glob::new(g.get_ref()).map_err(|e| {
                    err(
                        Some(g.span()),
                        format!(
                            "invalid glob: {}",
                            printable(&e.kind().to_string(), MAX_SHOWN)
                        ),
                        None,
                    )
                })?;
                b.add(glob);
            }
            b.build().map(Some).map_err(|e| {
                err(
                    None,
                    format!("invalid globs: {}", printable(&e.to_string(), MAX_SHOWN)),
                    None,
                )
            })
        };
        let written = |globs: &Option<Vec<Spanned<String>>>| -> Vec<String> {
            globs
                .iter()
                .flatten()
                .map(|g| g.get_ref().clone())
                .collect()
        };
        self.include_patterns.extend(written(&raw.include));
        self.exclude_patterns.extend(written(&raw.exclude));
        if let Some(g) = build("include", raw.include)? {
            self.include = Some(g);
        }
        if let Some(g) = build("exclude", raw.exclude)? {
            self.exclude = Some(g);
        }
        if let Some(table) = raw.per_file_ignores {
            let entries: Vec<_> = table.into_iter().collect();
            check_list(entries.iter().map(|(p, _)| p.get_ref().as_str())).map_err(|(i, why)| {
                err(
                    Some(entries[i].0.span()),
                    format!("`[per-file-ignores]`: {why}"),
                    None,
                )
            })?;
            for (pattern, codes) in entries {
                let glob = globset::GlobBuilder::new(pattern.get_ref())
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        err(
                            Some(pattern.span()),
                            format!(
                                "invalid glob: {}",
                                printable(&e.kind().to_string(), MAX_SHOWN)
                            ),
                            None,
                        )
                    })?;
                let mut resolved: Vec<&'static str> = Vec::new();
                for code in &codes {
                    let found = rules::matching(code.get_ref());
                    if found.is_empty() {
                        return Err(err(
                            Some(code.span()),
                            format!("unknown rule `{}`", quote(code.get_ref())),
                            Some("run `plan-lint rules` to list rule codes and names".into()),
                        ));
                    }
                    for rule in found {
                        // each code once, however often the list repeats it
                        if !resolved.contains(&rule.code()) {
                            resolved.push(rule.code());
                        }
                    }
                }
                self.per_file_ignores.push(PerFileIgnore {
                    dir: dir.clone(),
                    pattern: pattern.get_ref().clone(),
                    matcher: glob.compile_matcher(),
                    codes: resolved,
                });
            }
        }
        if let Some(rule_levels) = raw.rules {
            for (key, value) in rule_levels {
                let Some(rule) = rules::find(key.get_ref()) else {
                    return Err(err(
                        Some(key.span()),
                        format!("unknown rule `{}`", quote(key.get_ref())),
                        Some("run `plan-lint rules` to list rule codes and names".into()),
                    ));
                };
                let Some(level) = RuleLevel::parse(value.get_ref()) else {
                    return Err(err(
                        Some(value.span()),
                        format!(
                            "invalid level `{}` for {}",
                            quote(value.get_ref()),
                            rule.code()
                        ),
                        Some(
                            r#"use "off", "warning" or "error" (or their aliases "ignore", "none", "warn", "deny")"#
                                .into(),
                        ),
                    ));
                };
                self.rules.push((rule.code(), level));
            }
        }
        if let Some(o) = raw.contract {
            check_contract(&o).map_err(|(key, entry, why)| {
                err(contract_span(&link.text, key, entry), why, None)
            })?;
            for (key, set) in [
                ("hedging", o.hedging.is_some()),
                ("weak_wording", o.weak_wording.is_some()),
                ("back_reference", o.back_reference.is_some()),
                ("placeholders", o.placeholders.is_some()),
            ] {
                if set {
                    lexicon_from.insert(key, index);
                }
            }
            self.contract.apply(o);
            if self.contract.sections.is_empty() {
                return Err(err(
                    contract_span(&link.text, "sections", None),
                    "`contract.sections` is empty".into(),
                    None,
                ));
            }
        }
        Ok(())
    }
}

impl Link {
    /// An error in this file, quoting at most the line of `span`.
    fn error(
        &self,
        span: Option<Range<usize>>,
        message: String,
        help: Option<String>,
    ) -> ConfigError {
        let (src, span) = match span {
            Some(r) => {
                let (excerpt, span) = Excerpt::new(shown(&self.path), &self.text, r);
                (Some(Box::new(excerpt)), Some(span))
            }
            None => (None, None),
        };
        ConfigError {
            path: self.path.clone(),
            message,
            src,
            span,
            help,
        }
    }
}

/// The commented starter config `plan-lint init` writes: every key a config accepts,
/// commented out, with its default and what it does. It loads as the defaults.
pub fn starter_config() -> String {
    let mut out = String::from(STARTER_HEAD);
    // the default contract, its keys commented out, its sections under `contract.`
    let contract = crate::contract::DEFAULT_CONTRACT_TOML;
    let body = contract
        .split_once("\n\n")
        .map_or(contract, |(_header, rest)| rest);
    for line in body.lines() {
        let line = line.replace("[[sections]]", "[[contract.sections]]");
        if line.is_empty() || line.starts_with('#') {
            out.push_str(&line);
        } else {
            out.push_str("# ");
            out.push_str(&line);
        }
        out.push('\n');
    }
    out
}

/// The `[contract]` keys `o` sets, in the order of [`ContractOverride`].
fn contract_keys_set(o: &ContractOverride) -> Vec<&'static str> {
    [
        ("export_dir", o.export_dir.is_some()),
        ("marker", o.marker.is_some()),
        ("title_prefix", o.title_prefix.is_some()),
        ("max_slug_len", o.max_slug_len.is_some()),
        ("nested_plans", o.nested_plans.is_some()),
        ("hedging", o.hedging.is_some()),
        ("weak_wording", o.weak_wording.is_some()),
        ("back_reference", o.back_reference.is_some()),
        ("placeholders", o.placeholders.is_some()),
        ("symbol_sections", o.symbol_sections.is_some()),
        ("sections", o.sections.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, set)| set.then_some(k))
    .collect()
}

/// Parses one file of the chain. A file that is not TOML at all is reported by position
/// only: its text may be anything (an environment file, a key), so none of it is shown.
fn parse_raw(link: &Link) -> Result<RawConfig, ConfigError> {
    let de = toml::de::Deserializer::parse(&link.text).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start).min(link.text.len());
        let (line, column) = line_column(&link.text, at);
        ConfigError::plain(
            &link.path,
            format!(
                "not a valid TOML file: {} (line {line}, column {column})",
                printable(e.message().trim(), MAX_SHOWN)
            ),
            Some("plan-lint shows no text of a config file that is not TOML".into()),
        )
    })?;
    RawConfig::deserialize(de).map_err(|e| {
        let message = clip_message(e.message().trim());
        // A key plan-lint does not know may be anything's (`token = "…"`): the excerpt
        // stops at the end of the key, so its value is never shown.
        let unknown_key = message.starts_with("unknown field");
        let mut err = link.error(e.span(), format!("invalid configuration: {message}"), None);
        if let (true, Some(r)) = (unknown_key, e.span()) {
            let (excerpt, span) = Excerpt::new(shown(&link.path), &link.text[..r.end], r);
            err.src = Some(Box::new(excerpt));
            err.span = Some(span);
        }
        err
    })
}

/// Where an `extend` leads, once checked.
struct Target {
    /// As written, joined to the extending file's directory (for messages).
    path: PathBuf,
    /// Its directory, absolute and normalized.
    base: PathBuf,
    canonical: PathBuf,
}

/// Checks an `extend` value against the repository root: lexically first (nothing is
/// touched for an absolute path outside or a `..` leaving the root), then after
/// symbolic links.
fn resolve_extend(
    link: &Link,
    extend: &Spanned<String>,
    repo: &Path,
) -> Result<Target, ConfigError> {
    let value = extend.get_ref();
    let refuse = |why: &str| {
        link.error(
            Some(extend.span()),
            format!("`extend` = \"{}\" {why}", quote(value)),
            Some(format!(
                "`extend` names a regular `.toml` file inside the repository root ({}), \
                 relative to the directory holding this file",
                shown(repo)
            )),
        )
    };
    if value.trim().is_empty() {
        return Err(refuse("is empty"));
    }
    let candidate = lexical(&link.base.join(value));
    if !candidate.starts_with(repo) {
        return Err(refuse("leaves the repository root"));
    }
    let in_git = |p: &Path| {
        p.strip_prefix(repo)
            .is_ok_and(|rel| rel.components().any(|c| c.as_os_str() == ".git"))
    };
    let is_toml = |p: &Path| p.extension().is_some_and(|e| e == "toml");
    if !is_toml(&candidate) {
        return Err(refuse("does not name a `.toml` file"));
    }
    if in_git(&candidate) {
        return Err(refuse("names a file inside `.git`"));
    }
    // One message for "missing" and "a symbolic link leading out", so the error says
    // nothing about what exists outside the root.
    let canonical = match std::fs::canonicalize(&candidate) {
        Ok(c) if c.starts_with(repo) => c,
        _ => return Err(refuse("names no config file inside the repository root")),
    };
    if !is_toml(&canonical) {
        return Err(refuse(
            "does not name a `.toml` file (after symbolic links)",
        ));
    }
    if in_git(&canonical) {
        return Err(refuse("names a file inside `.git` (after symbolic links)"));
    }
    Ok(Target {
        path: link.dir.join(value),
        base: parent_dir(&candidate),
        canonical,
    })
}

/// Reads a config file: a regular file (checked before opening, so a FIFO cannot block,
/// and again on the opened file), at most [`MAX_CONFIG_BYTES`], UTF-8.
fn read_config(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!("it is {}, not a regular file", file_kind(&meta)));
    }
    let too_large = || {
        format!(
            "it is larger than the {} KiB limit for config files",
            MAX_CONFIG_BYTES >> 10
        )
    };
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(too_large());
    }
    // Opened without blocking, so a file swapped for a FIFO after the check above
    // cannot hang the open; the opened handle is checked again below.
    let file = crate::document::source::open_for_reading(path).map_err(|e| e.to_string())?;
    let opened = file.metadata().map_err(|e| e.to_string())?;
    if !opened.is_file() || !same_file(&meta, &opened) {
        return Err("it changed while it was being opened".into());
    }
    let bytes = read_capped(file, opened.len())?.ok_or_else(too_large)?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Reads at most [`MAX_CONFIG_BYTES`] + 1 bytes, whatever the file says its size is
/// (`/proc` files say 0, a device never ends): `None` when there is more.
fn read_capped(reader: impl Read, size_hint: u64) -> Result<Option<Vec<u8>>, String> {
    let mut bytes = Vec::with_capacity(size_hint.min(MAX_CONFIG_BYTES) as usize + 1);
    reader
        .take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    Ok((bytes.len() as u64 <= MAX_CONFIG_BYTES).then_some(bytes))
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    true
}

fn file_kind(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "something other than a file"
}

/// The directory a path is named in (`.` for a bare file name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The repository root of a directory (absolute, canonical): the nearest ancestor
/// holding `.git`, else the directory itself. The ancestors are those of the path as
/// written (made absolute, `..` applied lexically), not of where symbolic links in it
/// lead: `--config linked/plan-lint.toml`, with `linked` a link out of the repository,
/// still has the repository as its root, so the file is refused.
fn repository_root(dir: &Path) -> PathBuf {
    let dir = std::path::absolute(dir).map_or_else(|_| dir.to_path_buf(), |d| lexical(&d));
    let root = dir
        .ancestors()
        .find(|d| d.join(".git").symlink_metadata().is_ok())
        .unwrap_or(&dir);
    std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Checks one list against [`MAX_LIST_ENTRIES`] and [`MAX_LIST_BYTES`]: the first entry
/// over a limit, and why.
fn check_list<'a>(items: impl Iterator<Item = &'a str>) -> Result<(), (usize, String)> {
    let mut bytes = 0;
    for (i, item) in items.enumerate() {
        if i == MAX_LIST_ENTRIES {
            return Err((
                i,
                format!("the list holds more than {MAX_LIST_ENTRIES} entries"),
            ));
        }
        bytes += item.len();
        if bytes > MAX_LIST_BYTES {
            return Err((
                i,
                format!(
                    "the list holds more than {} KiB of text",
                    MAX_LIST_BYTES >> 10
                ),
            ));
        }
    }
    Ok(())
}

/// Checks the lists and paths of a `[contract]` table: the key, the entry and why.
fn check_contract(o: &ContractOverride) -> Result<(), (&'static str, Option<usize>, String)> {
    let lists: [(&'static str, &Option<Vec<String>>); 5] = [
        ("hedging", &o.hedging),
        ("weak_wording", &o.weak_wording),
        ("back_reference", &o.back_reference),
        ("placeholders", &o.placeholders),
        ("symbol_sections", &o.symbol_sections),
    ];
    for (key, list) in lists {
        if let Some(list) = list {
            check_list(list.iter().map(String::as_str))
                .map_err(|(i, why)| (key, Some(i), format!("`contract.{key}`: {why}")))?;
        }
    }
    if let Some(dir) = &o.export_dir {
        let p = Path::new(dir);
        if dir.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err((
                "export_dir",
                None,
                format!(
                    "`contract.export_dir` = \"{}\" must be a relative path inside the \
                     repository (no `..`, not absolute)",
                    quote(dir)
                ),
            ));
        }
    }
    if let Some(sections) = &o.sections {
        let text = |s: &SectionSpec| {
            s.id.len()
                + s.name.len()
                + s.question.as_ref().map_or(0, String::len)
                + s.aliases.iter().map(String::len).sum::<usize>()
        };
        let mut bytes = 0;
        let mut aliases = 0;
        for (i, s) in sections.iter().enumerate() {
            bytes += text(s);
            aliases += s.aliases.len();
            let why = if i == MAX_LIST_ENTRIES {
                format!("holds more than {MAX_LIST_ENTRIES} sections")
            } else if aliases > MAX_LIST_ENTRIES {
                format!("holds more than {MAX_LIST_ENTRIES} aliases in all")
            } else if bytes > MAX_LIST_BYTES {
                format!("holds more than {} KiB of text", MAX_LIST_BYTES >> 10)
            } else {
                continue;
            };
            return Err(("sections", Some(i), format!("`contract.sections` {why}")));
        }
    }
    Ok(())
}

/// Where `[contract] key` (or its `index`th entry) is written in `text`, for errors the
/// TOML parser cannot place. `text` has parsed as a config already.
fn contract_span(text: &str, key: &str, index: Option<usize>) -> Option<Range<usize>> {
    type List = Option<Spanned<Vec<Spanned<IgnoredAny>>>>;
    #[derive(Deserialize)]
    struct Doc {
        contract: Option<Table>,
    }
    #[derive(Deserialize)]
    struct Table {
        export_dir: Option<Spanned<IgnoredAny>>,
        hedging: List,
        weak_wording: List,
        back_reference: List,
        placeholders: List,
        symbol_sections: List,
        sections: List,
    }
    let table = toml::from_str::<Doc>(text).ok()?.contract?;
    let list = match key {
        "export_dir" => return table.export_dir.map(|v| v.span()),
        "hedging" => table.hedging,
        "weak_wording" => table.weak_wording,
        "back_reference" => table.back_reference,
        "placeholders" => table.placeholders,
        "symbol_sections" => table.symbol_sections,
        "sections" => table.sections,
        _ => return None,
    }?;
    match index.and_then(|i| list.get_ref().get(i)) {
        Some(entry) => Some(entry.span()),
        None => Some(list.span()),
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// Whether a character could change how a terminal shows what follows it: controls
/// (escape sequences) and the bidirectional overrides.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` safe to print in a message: unsafe characters escaped, at most `max` characters.
fn printable(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == max {
            out.push('…');
            break;
        }
        if unsafe_char(c) || c == '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A message from the TOML parser or serde, safe to print: every quoted string in it
/// (serde quotes the offending value, `"…"` with `\"` escapes) clipped to
/// [`MAX_QUOTE`] characters, so that the end of the message (`expected usize`) stays.
fn clip_message(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        out.push(c);
        if c != '"' {
            continue;
        }
        let mut kept = 0;
        let mut escaped = false;
        for c in chars.by_ref() {
            let closing = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            if closing {
                if kept > MAX_QUOTE {
                    out.push('…');
                }
                out.push('"');
                break;
            }
            kept += 1;
            if kept <= MAX_QUOTE {
                out.push(c);
            }
        }
    }
    printable(&out, MAX_SHOWN)
}

/// A value from the config, as quoted in a message.
fn quote(s: &str) -> String {
    printable(s, MAX_QUOTE)
}

/// A path, as printed in a message.
fn shown(p: &Path) -> String {
    printable(&p.to_string_lossy(), MAX_SHOWN)
}

/// The source an error shows: one line of the config (the one holding the offending
/// key or value), clipped to `MAX_EXCERPT` bytes, with unsafe characters replaced by
/// `?`. Whatever context a renderer asks for, it gets this line and nothing else.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    /// The excerpt (same byte offsets as the file, `…` appended when clipped).
    text: String,
    /// Byte offset of `text` in the file.
    offset: usize,
    /// 0-based line number.
    line: usize,
    /// Characters of the line before `text`.
    column: usize,
}

impl Excerpt {
    /// The excerpt for `span` of `full`, and the span clipped to it.
    fn new(name: String, full: &str, span: Range<usize>) -> (Self, SourceSpan) {
        let start = floor_char_boundary(full, span.start);
        let line_start = full[..start].rfind('\n').map_or(0, |i| i + 1);
        let mut line_end = full[start..].find('\n').map_or(full.len(), |i| start + i);
        if line_end > start && full[..line_end].ends_with('\r') {
            line_end -= 1;
        }
        let from = floor_char_boundary(full, start.saturating_sub(EXCERPT_LEAD).max(line_start));
        let to = floor_char_boundary(full, (from + MAX_EXCERPT).min(line_end)).max(start);
        let mut text: String = full[from..to]
            .chars()
            .flat_map(|c| {
                let n = if unsafe_char(c) { c.len_utf8() } else { 0 };
                std::iter::repeat_n('?', n).chain((n == 0).then_some(c))
            })
            .collect();
        if to < line_end {
            text.push_str(" …");
        }
        let excerpt = Excerpt {
            name,
            text,
            offset: from,
            line: full[..line_start].bytes().filter(|&b| b == b'\n').count(),
            column: full[line_start..from].chars().count(),
        };
        let end = span.end.clamp(start, to);
        (excerpt, SourceSpan::from(start..end))
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let rel = span
            .offset()
            .checked_sub(self.offset)
            .filter(|&r| r + span.len() <= self.text.len())
            .ok_or(MietteError::OutOfBounds)?;
        let column = self.column + self.text.get(..rel).map_or(0, |t| t.chars().count());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            self.text.as_bytes(),
            SourceSpan::from(self.offset..self.offset + self.text.len()),
            self.line,
            column,
            1,
        )))
    }
}

/// A configuration error: exit code 2, rendered with a pointer at the key.
#[derive(Debug)]
pub struct ConfigError {
    /// The config file at fault.
    pub path: PathBuf,
    /// What is wrong, in one line.
    pub message: String,
    /// At most one line of the config file ([`Excerpt`]).
    pub src: Option<Box<Excerpt>>,
    /// Where in `src` the offending key or value is.
    pub span: Option<SourceSpan>,
    /// What to do about it.
    pub help: Option<String>,
}

impl ConfigError {
    /// An error with no source excerpt.
    fn plain(path: &Path, message: String, help: Option<String>) -> Self {
        ConfigError {
            path: path.to_path_buf(),
            message,
            src: None,
            span: None,
            help,
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", shown(&self.path), self.message)
    }
}

impl std::error::Error for ConfigError {}

impl miette::Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("plan-lint::config"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_deref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.span?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some("here".into()), span),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Config, ConfigError> {
        Config::from_str(text, Path::new("plan-lint.toml"), PathBuf::from("."))
    }

    #[test]
    fn rule_levels_by_code_or_name() {
        let c = load("[rules]\nPL102 = \"off\"\nhedging = \"warning\"\n").unwrap();
        assert_eq!(
            c.rules,
            vec![("PL102", RuleLevel::Off), ("PL101", RuleLevel::Warning)]
        );
    }

    #[test]
    fn errors_point_at_the_key() {
        let text = "[rules]\nPL999 = \"off\"\n";
        let e = load(text).unwrap_err();
        assert!(e.message.contains("unknown rule `PL999`"), "{}", e.message);
        let span = e.span.unwrap();
        assert_eq!(&text[span.offset()..span.offset() + span.len()], "PL999");

        let e = load("[rules]\nPL101 = \"loud\"\n").unwrap_err();
        assert!(e.message.contains("invalid level"));

        let e = load("colour = 1\n").unwrap_err();
        assert!(e.message.contains("unknown field"), "{}", e.message);
        assert!(e.span.is_some());

        let e = load("[contract]\nplaceholders = [\"(\"]\n").unwrap_err();
        assert!(e.message.contains("contract.placeholders"));
    }

    #[test]
    fn contract_overrides_replace_defaults() {
        let c = load("[contract]\nmarker = \"[ASK]\"\nhedging = [\"should\"]\n").unwrap();
        assert_eq!(c.contract.marker, "[ASK]");
        assert_eq!(c.contract.sections.len(), 14);
    }

    #[test]
    fn extend_inherits_and_overrides() {
        let dir = tempfile::tempdir().unwrap();
        // the repository root bounds `extend`: `../` needs one above `team/`
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let base = dir.path().join("plan-lint.toml");
        std::fs::write(
            &base,
            "[rules]\nPL101 = \"off\"\nPL102 = \"error\"\n[contract]\nmarker = \"[ASK]\"\n",
        )
        .unwrap();
        let sub = dir.path().join("team");
        std::fs::create_dir(&sub).unwrap();
        let child = sub.join("plan-lint.toml");
        std::fs::write(
            &child,
            "extend = \"../plan-lint.toml\"\n[rules]\nPL101 = \"warning\"\n",
        )
        .unwrap();
        let c = Config::load(&child).unwrap();
        assert_eq!(c.contract.marker, "[ASK]");
        // later entries win: the child's PL101 level comes after the base's
        let last = |code| {
            c.rules
                .iter()
                .rev()
                .find(|(k, _)| *k == code)
                .map(|(_, l)| *l)
        };
        assert_eq!(last("PL101"), Some(RuleLevel::Warning));
        assert_eq!(last("PL102"), Some(RuleLevel::Error));
    }

    #[test]
    fn extend_cycles_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        let b = dir.path().join("b.toml");
        std::fs::write(&a, "extend = \"b.toml\"\n").unwrap();
        std::fs::write(&b, "extend = \"a.toml\"\n").unwrap();
        let e = Config::load(&a).unwrap_err();
        assert!(e.message.contains("cycle"), "{}", e.message);
        let e = load("extend = \"missing.toml\"\n").unwrap_err();
        assert!(e.message.contains("no config file"), "{}", e.message);
    }

    #[test]
    fn per_file_ignores() {
        let c =
            load("[per-file-ignores]\n\"EXPORT/legacy/*.md\" = [\"PL102\", \"PL1\"]\n").unwrap();
        assert!(
            c.ignored_for(Path::new("EXPORT/legacy/plan_a.md"))
                .contains(&"PL102")
        );
        assert!(
            c.ignored_for(Path::new("EXPORT/legacy/plan_a.md"))
                .contains(&"PL104")
        );
        assert!(c.ignored_for(Path::new("EXPORT/plan_a.md")).is_empty());
        let e = load("[per-file-ignores]\n\"*.md\" = [\"PL999\"]\n").unwrap_err();
        assert!(e.message.contains("unknown rule `PL999`"));
    }

    /// The error as the command line prints it.
    fn render(e: &ConfigError) -> String {
        let mut s = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .render_report(&mut s, e)
            .unwrap();
        s
    }

    /// The text under an error's span.
    fn spanned<'t>(text: &'t str, e: &ConfigError) -> &'t str {
        let span = e.span.expect("a span");
        &text[span.offset()..span.offset() + span.len()]
    }

    #[test]
    fn an_error_shows_only_the_offending_line() {
        let text = "# SECRET_BEFORE\n[rules]\nPL999 = \"off\"\n# SECRET_AFTER\n";
        let e = load(text).unwrap_err();
        let out = render(&e);
        assert!(out.contains("3 │ PL999 = \"off\""), "{out}");
        assert!(out.contains("[plan-lint.toml:3:1]"), "{out}");
        assert!(!out.contains("SECRET"), "{out}");
        assert_eq!(spanned(text, &e), "PL999");
    }

    #[test]
    fn a_long_line_is_clipped_around_the_span() {
        let text = format!("[rules]\nPL{} = \"off\"\n", "9".repeat(5000));
        let e = load(&text).unwrap_err();
        let out = render(&e);
        assert!(out.len() < 1500, "{} bytes:\n{out}", out.len());
        assert!(out.contains("2 │ PL999"), "{out}");
        assert!(out.contains(" …"), "{out}");
        // the message quotes the key clipped too
        assert!(
            e.message.contains(&format!("`PL{}…`", "9".repeat(62))),
            "{}",
            e.message
        );
        // a span far into a long line keeps the line number and the column
        let text = format!(
            "# pad\n[contract]\nhedging = [{}\"\"]\n",
            "\"a\", ".repeat(200)
        );
        let e = load(&text).unwrap_err();
        let out = render(&e);
        assert!(out.len() < 1500, "{} bytes:\n{out}", out.len());
        assert_eq!(spanned(&text, &e), "\"\"", "{out}");
        assert!(
            out.contains(&format!("[plan-lint.toml:3:{}]", 12 + 5 * 200)),
            "{out}"
        );
    }

    #[test]
    fn control_characters_are_never_printed() {
        // a TOML escape makes an ESC the value: the message escapes it
        let e = load("[rules]\nPL101 = \"\\u001b[2Jloud\"\n").unwrap_err();
        let out = render(&e);
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert!(
            out.contains("invalid level `\\u{1b}[2Jloud` for PL101"),
            "{out}"
        );
        // a raw ESC is not TOML: nothing of the text is shown
        let e = load("a = 1\n\u{1b}[31mred = 2\n").unwrap_err();
        let out = render(&e);
        assert!(!out.contains('\u{1b}') && !out.contains("red"), "{out:?}");
        assert!(
            out.contains("not a valid TOML file") && out.contains("(line 2, column"),
            "{out}"
        );
        // an excerpt replaces what a terminal would act on
        let (x, _) = Excerpt::new("f".into(), "a = \"\u{202e}x\u{85}\"\n", 0..1);
        assert_eq!(x.text, "a = \"???x??\"");
    }

    #[test]
    fn a_file_that_is_not_toml_is_never_quoted() {
        let text = "SECRET_TOKEN=hunter2\nHOME=/root\n";
        let e = load(text).unwrap_err();
        let out = render(&e);
        assert!(e.src.is_none());
        assert!(!out.contains("hunter2") && !out.contains("SECRET"), "{out}");
        assert!(out.contains("(line 1, column 14)"), "{out}");
    }

    #[test]
    fn serde_messages_keep_their_end() {
        let e = load(&format!(
            "[contract]\nmax_slug_len = \"{}\"\n",
            "A".repeat(5000)
        ))
        .unwrap_err();
        assert!(e.message.ends_with("\", expected usize"), "{}", e.message);
        assert!(e.message.len() < 200, "{}", e.message);
        assert_eq!(clip_message(r#"say "a\"b" ok"#), r#"say "a\"b" ok"#);
    }

    #[test]
    fn lexicon_entries_that_match_everywhere_are_refused() {
        for (text, key, entry, shown) in [
            (
                "[contract]\nhedging = [\"should\", \"\"]\n",
                "hedging",
                2,
                "\"\"",
            ),
            (
                "[contract]\nweak_wording = ['maybe', '  ']\n",
                "weak_wording",
                2,
                "'  '",
            ),
            (
                "[contract]\nback_reference = ['']\n",
                "back_reference",
                1,
                "''",
            ),
            (
                "[contract]\nplaceholders = ['TODO', '']\n",
                "placeholders",
                2,
                "''",
            ),
            (
                "[contract]\nplaceholders = ['x*']\n",
                "placeholders",
                1,
                "'x*'",
            ),
            (
                "[contract]\nplaceholders = [\n  'TODO',\n  '\\b',\n]\n",
                "placeholders",
                2,
                "'\\b'",
            ),
        ] {
            let e = load(text).unwrap_err();
            assert!(
                e.message.starts_with(&format!(
                    "invalid pattern in `contract.{key}`: entry {entry} "
                )),
                "{text}: {}",
                e.message
            );
            assert!(e.message.contains("would match at every"), "{}", e.message);
            assert_eq!(spanned(text, &e), shown, "{text}");
        }
        // a bad regex points at its entry
        let text = "[contract]\nplaceholders = ['ok', '(']\n";
        let e = load(text).unwrap_err();
        assert_eq!(spanned(text, &e), "'('");
        assert!(
            e.message.contains("entry 2: unclosed group"),
            "{}",
            e.message
        );
    }

    #[test]
    fn lists_are_capped() {
        let many = |n: usize, len: usize| {
            (0..n)
                .map(|i| format!("\"{}{i}\"", "a".repeat(len)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        assert!(load(&format!("include = [{}]\n", many(MAX_LIST_ENTRIES, 8))).is_ok());
        let text = format!("include = [{}]\n", many(MAX_LIST_ENTRIES + 1, 8));
        let e = load(&text).unwrap_err();
        assert_eq!(e.message, "`include`: the list holds more than 256 entries");
        assert_eq!(spanned(&text, &e), "\"aaaaaaaa256\"");
        let text = format!("[contract]\nweak_wording = [{}]\n", many(100, 1000));
        let e = load(&text).unwrap_err();
        assert!(
            e.message
                .contains("`contract.weak_wording`: the list holds more than 64 KiB"),
            "{}",
            e.message
        );
        let table: String = (0..=MAX_LIST_ENTRIES)
            .map(|i| format!("\"d{i:03}/*\" = [\"PL101\"]\n"))
            .collect();
        let e = load(&format!("[per-file-ignores]\n{table}")).unwrap_err();
        assert!(
            e.message
                .contains("`[per-file-ignores]`: the list holds more than 256"),
            "{}",
            e.message
        );
        let sections: String = (0..300)
            .map(|i| format!("{{ id = \"s{i}\", name = \"S{i}\" }}"))
            .collect::<Vec<_>>()
            .join(", ");
        let e = load(&format!("[contract]\nsections = [{sections}]\n")).unwrap_err();
        assert!(
            e.message.contains("more than 256 sections"),
            "{}",
            e.message
        );
        // codes are kept once, however often a list repeats them
        let codes = vec!["\"PL1\""; 200].join(", ");
        let c = load(&format!("[per-file-ignores]\n\"*.md\" = [{codes}]\n")).unwrap();
        assert_eq!(
            c.per_file_ignores[0].codes,
            vec!["PL101", "PL102", "PL103", "PL104", "PL105"]
        );
    }

    #[test]
    fn paths_stay_inside_the_repository() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("docs")).unwrap();
        let at = |text: &str| Config::from_str(text, &repo.join("plan-lint.toml"), repo.clone());
        assert!(
            at("root = \"docs\"\n")
                .unwrap()
                .root
                .unwrap()
                .ends_with("repo/docs")
        );
        for text in ["root = \"..\"\n", "root = \"/\"\n", "root = \"missing\"\n"] {
            let e = at(text).unwrap_err();
            assert!(
                e.message
                    .contains("is not a directory inside the repository root"),
                "{}",
                e.message
            );
        }
        for bad in ["../x", "/tmp/x", "", "a/../../b"] {
            let e = at(&format!("[contract]\nexport_dir = \"{bad}\"\n")).unwrap_err();
            assert!(
                e.message
                    .contains("must be a relative path inside the repository"),
                "{}",
                e.message
            );
        }
        assert!(at("[contract]\nexport_dir = \"docs/plans\"\n").is_ok());
        for (value, why) in [
            ("../secret.toml", "leaves the repository root"),
            ("/etc/passwd.toml", "leaves the repository root"),
            ("docs/../../secret.toml", "leaves the repository root"),
            (".env", "does not name a `.toml` file"),
            (".git/config.toml", "names a file inside `.git`"),
            ("", "is empty"),
            (
                "nothing.toml",
                "names no config file inside the repository root",
            ),
        ] {
            let e = at(&format!("extend = \"{value}\"\n")).unwrap_err();
            assert_eq!(e.message, format!("`extend` = \"{value}\" {why}"));
        }
    }

    #[test]
    fn discovery_stops_at_the_repository_root() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("a/b")).unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "").unwrap();
        assert_eq!(Config::discover(&repo.join("a/b")), None);
        std::fs::write(repo.join(CONFIG_FILE), "").unwrap();
        assert_eq!(
            Config::discover(&repo.join("a/b")),
            Some(repo.join(CONFIG_FILE))
        );
        std::fs::write(repo.join("a").join(CONFIG_FILE), "").unwrap();
        assert_eq!(
            Config::discover(&repo.join("a/b")),
            Some(repo.join("a").join(CONFIG_FILE))
        );
    }

    #[test]
    fn the_starter_config_loads_as_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::from_str(
            &starter_config(),
            &dir.path().join(CONFIG_FILE),
            dir.path().to_path_buf(),
        )
        .unwrap();
        assert_eq!(c.contract, Contract::default());
        assert!(c.rules.is_empty() && c.per_file_ignores.is_empty() && c.origins.is_empty());
        assert!(c.include.is_none() && c.exclude.is_none() && c.root.is_none());
        // every default contract line is in it, its keys commented out
        for line in crate::contract::DEFAULT_CONTRACT_TOML.lines().skip(4) {
            let line = line.replace("[[sections]]", "[[contract.sections]]");
            assert!(starter_config().contains(&line), "{line}");
        }
    }

    #[test]
    fn origins_name_the_file_that_set_each_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(
            dir.path().join("base.toml"),
            "include = [\"a/*.md\"]\n[contract]\nmarker = \"[ASK]\"\n",
        )
        .unwrap();
        let top = dir.path().join(CONFIG_FILE);
        std::fs::write(
            &top,
            "extend = \"base.toml\"\n[rules]\nhedging = \"warn\"\n",
        )
        .unwrap();
        let c = Config::load(&top).unwrap();
        let from = |k: &str| c.origins.get(k).map(|p| p.file_name().unwrap().to_owned());
        assert_eq!(from("rules.PL101"), Some(CONFIG_FILE.into()));
        assert_eq!(from("contract.marker"), Some("base.toml".into()));
        assert_eq!(from("include"), Some("base.toml".into()));
        assert_eq!(from("contract.hedging"), None);
        assert_eq!(c.include_patterns, vec!["a/*.md".to_string()]);
    }

    #[test]
    fn discovery_prefers_the_dot_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "").unwrap();
        assert_eq!(
            Config::discover(dir.path()),
            Some(dir.path().join(CONFIG_FILE))
        );
        std::fs::write(dir.path().join(".plan-lint.toml"), "").unwrap();
        assert_eq!(
            Config::discover(dir.path()),
            Some(dir.path().join(".plan-lint.toml"))
        );
    }

    #[test]
    fn normalize_is_lexical() {
        assert_eq!(lexical(Path::new("/a/b/../c/./d")), Path::new("/a/c/d"));
        assert_eq!(lexical(Path::new("/a/../../..")), Path::new("/"));
        assert_eq!(lexical(Path::new("/r/x/../../r2")), Path::new("/r2"));
    }

    #[test]
    fn reading_stops_after_the_cap() {
        /// An endless reader (like `/dev/zero`) that counts what it hands out.
        struct Endless(u64);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                buf.fill(b'#');
                self.0 += buf.len() as u64;
                Ok(buf.len())
            }
        }
        let mut endless = Endless(0);
        assert_eq!(read_capped(&mut endless, 0), Ok(None));
        assert_eq!(endless.0, MAX_CONFIG_BYTES + 1);
        let exact = vec![b'#'; MAX_CONFIG_BYTES as usize];
        assert_eq!(
            read_capped(&exact[..], 0).unwrap().map(|b| b.len()),
            Some(exact.len())
        );
    }

    #[test]
    fn an_unknown_key_is_shown_without_its_value() {
        let text = "[contract]\nmarker = \"[ASK]\"\ntoken = \"SECRET\"\n";
        let e = load(text).unwrap_err();
        let out = render(&e);
        assert!(e.message.contains("unknown field `token`"), "{}", e.message);
        assert!(out.contains("3 │ token\n"), "{out}");
        assert!(!out.contains("SECRET"), "{out}");
        assert_eq!(spanned(text, &e), "token");
    }
}
