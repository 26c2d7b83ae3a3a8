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
    root: Option<Spanned<String>>,
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
    pub contract: Contract,
    pub lexicons: Lexicons,
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

    /// Loads and validates a config file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
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
        Self::from_str(&text, path, dir)
    }

    /// Parses config text; `path` names it in errors, `dir` resolves relative paths.
    pub fn from_str(text: &str, path: &Path, dir: PathBuf) -> Result<Self, ConfigError> {
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
        let mut config = Config::defaults(dir.clone());
        config.path = Some(path.to_path_buf());
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
        config.include = build(raw.include)?;
        config.exclude = build(raw.exclude)?;
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
}
