//! `plan-lint.toml`: where it is, what it may say, and the errors it can have.
//!
//! ```toml
//! root = ".."                       # repository root for the filesystem rules
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

use crate::contract::{Contract, ContractOverride, LexiconError, Lexicons};
use crate::rules::{self, RuleLevel};
use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{LabeledSpan, NamedSource, SourceSpan};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// The config file name searched for from the current directory upwards.
pub const CONFIG_FILE: &str = "plan-lint.toml";

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
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    /// Rule levels from `[rules]`, by rule code.
    pub rules: Vec<(&'static str, RuleLevel)>,
    /// `[per-file-ignores]`: rules turned off for matching files.
    pub per_file_ignores: Vec<PerFileIgnore>,
    pub contract: Contract,
    pub lexicons: Lexicons,
}

/// One `[per-file-ignores]` entry: a glob, relative to the directory of the config file
/// that wrote it, and the rule codes it turns off.
#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    pub dir: PathBuf,
    pub pattern: String,
    pub matcher: globset::GlobMatcher,
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
            rules: Vec::new(),
            per_file_ignores: Vec::new(),
            contract,
            lexicons,
        }
    }

    /// Finds `plan-lint.toml` in `start` or its ancestors.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        start
            .ancestors()
            .map(|d| d.join(CONFIG_FILE))
            .find(|p| p.is_file())
    }

    /// Loads and validates a config file (and the files it extends).
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        Self::load_chain(path, &mut Vec::new())
    }

    fn load_chain(path: &Path, chain: &mut Vec<PathBuf>) -> Result<Self, ConfigError> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        if chain.contains(&canonical) {
            let cycle: Vec<String> = chain
                .iter()
                .chain([&canonical])
                .map(|p| p.display().to_string())
                .collect();
            return Err(ConfigError {
                path: path.to_path_buf(),
                message: format!("`extend` makes a cycle: {}", cycle.join(" → ")),
                src: None,
                span: None,
                help: Some("remove one of the `extend` keys".into()),
            });
        }
        chain.push(canonical);
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            message: format!("cannot read config file: {e}"),
            src: None,
            span: None,
            help: Some("check the path given to --config, or pass --no-config".into()),
        })?;
        let dir = path
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .unwrap_or(Path::new("."))
            .to_path_buf();
        Self::parse(&text, path, dir, chain)
    }

    /// Parses config text; `path` names it in errors, `dir` resolves relative paths.
    pub fn from_str(text: &str, path: &Path, dir: PathBuf) -> Result<Self, ConfigError> {
        Self::parse(text, path, dir, &mut Vec::new())
    }

    fn parse(
        text: &str,
        path: &Path,
        dir: PathBuf,
        chain: &mut Vec<PathBuf>,
    ) -> Result<Self, ConfigError> {
        let err = |span: Option<std::ops::Range<usize>>, message: String, help: Option<String>| {
            ConfigError {
                path: path.to_path_buf(),
                message,
                src: Some(Box::new(NamedSource::new(
                    path.display().to_string(),
                    text.to_string(),
                ))),
                span: span.map(|r| SourceSpan::from(r.start..r.end)),
                help,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            err(
                e.span(),
                format!("invalid configuration: {}", e.message().trim()),
                None,
            )
        })?;
        // `extend`: the parent config first; every key of this file overrides it.
        let mut config = match &raw.extend {
            Some(parent) => {
                let parent_path = dir.join(parent.get_ref());
                if !parent_path.is_file() {
                    return Err(err(
                        Some(parent.span()),
                        format!("`extend`: no config file at {}", parent_path.display()),
                        Some("`extend` is resolved from the directory holding this file".into()),
                    ));
                }
                Self::load_chain(&parent_path, chain)?
            }
            None => Config::defaults(dir.clone()),
        };
        config.path = Some(path.to_path_buf());
        if raw.include.is_some() || raw.exclude.is_some() {
            // include/exclude are inherited as a pair, relative to the file that set them
            config.dir = dir.clone();
            config.include = None;
            config.exclude = None;
        }
        if let Some(root) = raw.root {
            let p = dir.join(root.get_ref());
            if !p.is_dir() {
                return Err(err(
                    Some(root.span()),
                    format!("`root` is not a directory: {}", p.display()),
                    Some("`root` is resolved from the directory holding plan-lint.toml".into()),
                ));
            }
            config.root = Some(p);
        }
        let build = |globs: Option<Vec<Spanned<String>>>| -> Result<Option<GlobSet>, ConfigError> {
            let Some(globs) = globs else { return Ok(None) };
            let mut b = GlobSetBuilder::new();
            for g in &globs {
                let glob = Glob::new(g.get_ref()).map_err(|e| {
                    err(Some(g.span()), format!("invalid glob: {}", e.kind()), None)
                })?;
                b.add(glob);
            }
            b.build()
                .map(Some)
                .map_err(|e| err(None, format!("invalid globs: {e}"), None))
        };
        if let Some(g) = build(raw.include)? {
            config.include = Some(g);
        }
        if let Some(g) = build(raw.exclude)? {
            config.exclude = Some(g);
        }
        if let Some(table) = raw.per_file_ignores {
            for (pattern, codes) in table {
                let glob = globset::GlobBuilder::new(pattern.get_ref())
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        err(
                            Some(pattern.span()),
                            format!("invalid glob: {}", e.kind()),
                            None,
                        )
                    })?;
                let mut resolved = Vec::new();
                for code in &codes {
                    let found = rules::matching(code.get_ref());
                    if found.is_empty() {
                        return Err(err(
                            Some(code.span()),
                            format!("unknown rule `{}`", code.get_ref()),
                            Some("run `plan-lint rules` to list rule codes and names".into()),
                        ));
                    }
                    resolved.extend(found.iter().map(|r| r.code()));
                }
                config.per_file_ignores.push(PerFileIgnore {
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
                        format!("unknown rule `{}`", key.get_ref()),
                        Some("run `plan-lint rules` to list rule codes and names".into()),
                    ));
                };
                let Some(level) = RuleLevel::parse(value.get_ref()) else {
                    return Err(err(
                        Some(value.span()),
                        format!("invalid level `{}` for {}", value.get_ref(), rule.code()),
                        Some(r#"use "off", "warning" or "error""#.into()),
                    ));
                };
                config.rules.push((rule.code(), level));
            }
        }
        if let Some(o) = raw.contract {
            config.contract.apply(o);
            if config.contract.sections.is_empty() {
                return Err(err(
                    find_key(text, "sections"),
                    "`contract.sections` is empty".into(),
                    None,
                ));
            }
            config.lexicons = Lexicons::compile(&config.contract).map_err(|e: LexiconError| {
                err(
                    find_key(text, e.key),
                    format!("invalid pattern in `contract.{}`: {}", e.key, e.message),
                    Some("patterns use Rust `regex` syntax".into()),
                )
            })?;
        }
        Ok(config)
    }
}

/// Span of the first `key =` in the text (for errors the TOML parser cannot place).
fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.starts_with(key) && t[key.len()..].trim_start().starts_with('=') {
            let start = offset + (line.len() - t.len());
            return Some(start..start + key.len());
        }
        offset += line.len();
    }
    None
}

/// A configuration error: exit code 2, rendered with a pointer at the key.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
    pub src: Option<Box<NamedSource<String>>>,
    pub span: Option<SourceSpan>,
    pub help: Option<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
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
}
