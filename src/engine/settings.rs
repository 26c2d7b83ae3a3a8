//! What a run would use, without running it: the plans it would lint (`--show-files`),
//! and the effective settings for one plan with where each came from
//! (`--show-settings`). The command line prints them; a language server could show them.

use crate::diagnostic::Severity;
use crate::engine::config::Config;
use crate::engine::discover;
use crate::engine::lint::Selection;
use crate::engine::run::{Notice, Options, RunError, fixed_config, scopes_for};
use crate::rules;
use std::fmt;
use std::path::{Path, PathBuf};

/// The plans a run with the same [`Options`] would lint, in the order it would lint
/// them, and what the walk reported on the way.
#[derive(Debug, Default)]
pub struct PlanFiles {
    /// The plan files (standard input by the name it is linted as).
    pub files: Vec<PathBuf>,
    /// Directories the walk could not read, ignore files with bad patterns, "no plans".
    pub notices: Vec<Notice>,
}

impl PlanFiles {
    /// Whether the walk could not read something (plans may be missing from the list).
    pub fn failed(&self) -> bool {
        self.notices
            .iter()
            .any(|n| matches!(n, Notice::Walk { error: true, .. }))
    }
}

/// The plans a run with `options` would lint: the same discovery (paths, globs, the
/// export directory, ignore files, every plan's own `include`/`exclude`), nothing read.
pub fn plan_files(options: &Options) -> Result<PlanFiles, RunError> {
    if options.paths.iter().any(|p| p == Path::new("-")) {
        let name = options.stdin_filename.clone().unwrap_or_else(|| "-".into());
        return Ok(PlanFiles {
            files: vec![name],
            notices: Vec::new(),
        });
    }
    let mut scopes = scopes_for(options, fixed_config(options)?)?;
    let found = discover::discover_in(&options.paths, &mut scopes)?;
    let mut notices: Vec<Notice> = found
        .problems
        .into_iter()
        .map(|p| Notice::Walk {
            error: p.error,
            message: p.message,
            path: p.path,
        })
        .collect();
    if found.files.is_empty() {
        let named = if options.paths.is_empty() {
            let here = scopes.index_for(&options.cwd.join("plan.md"))?;
            scopes.linter(here).config.contract.export_dir.clone()
        } else {
            let names: Vec<String> = options
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            names.join(", ")
        };
        notices.push(Notice::NoPlans { named });
    }
    Ok(PlanFiles {
        files: found.files,
        notices,
    })
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// plan-lint's default (`rules/contract.toml`, a rule's default severity).
    Default,
    /// This config file (the one of its `extend` chain that set the key last).
    File(PathBuf),
    /// This command-line flag.
    CommandLine(&'static str),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::CommandLine(flag) => write!(f, "command line ({flag})"),
        }
    }
}

/// One effective setting: its key as a config file writes it, its value as TOML, and
/// where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// `root`, `rules.PL101`, `contract.marker`, `per-file-ignores."<glob>"`, …
    pub key: String,
    /// The value, as TOML (`"off"`, `["should", "might"]`).
    pub value: String,
    /// Where it came from.
    pub origin: Origin,
}

/// The effective configuration for one plan ([`settings_for`]).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The plan asked about, as given.
    pub plan: PathBuf,
    /// The config file that governs it (`None`: the defaults).
    pub config_file: Option<PathBuf>,
    /// Every setting, in config-file order: the top-level keys, `[rules]` (every
    /// rule), `[per-file-ignores]`, `[contract]`.
    pub settings: Vec<Setting>,
}

/// The effective configuration for the plan at `plan` (or the plans directly in a
/// directory) in a run with `options`: the
/// config it would be linted with (the nearest config file, `--config`, or the
/// defaults), with the command line's `--root`, `--select` and `--ignore` applied.
pub fn settings_for(options: &Options, plan: &Path) -> Result<Settings, RunError> {
    let mut scopes = scopes_for(options, fixed_config(options)?)?;
    // a directory: the settings of the plans directly in it
    let probe = if plan.is_dir() {
        plan.join("plan.md")
    } else {
        plan.to_path_buf()
    };
    let index = scopes.index_for(&probe)?;
    let root = scopes.root_for(index, &probe);
    let linter = scopes.linter(index).clone();
    let config = &linter.config;
    let from = |key: &str| {
        config
            .origins
            .get(key)
            .map_or(Origin::Default, |p| Origin::File(p.clone()))
    };
    let mut settings = Vec::new();
    let mut push = |key: String, value: String, origin: Origin| {
        settings.push(Setting { key, value, origin });
    };
    let root_origin = if options.root.is_some() {
        Origin::CommandLine("--root")
    } else {
        from("root")
    };
    push(
        "root".into(),
        quoted(&root.display().to_string()),
        root_origin,
    );
    let list = |v: &[String]| {
        let items: Vec<String> = v.iter().map(|s| quoted(s)).collect();
        format!("[{}]", items.join(", "))
    };
    push(
        "include".into(),
        list(&config.include_patterns),
        from("include"),
    );
    push(
        "exclude".into(),
        list(&config.exclude_patterns),
        from("exclude"),
    );
    let cli_named = |selection: &Selection, code: &str| -> Option<&'static str> {
        let named = |keys: &[String]| {
            keys.iter()
                .any(|k| rules::matching(k.trim()).iter().any(|r| r.code() == code))
        };
        if named(&selection.ignore) {
            Some("--ignore")
        } else if selection.select.is_some() {
            Some("--select")
        } else {
            None
        }
    };
    for rule in rules::all() {
        let code = rule.code();
        let active = linter.rules().iter().find(|(r, _)| r.code() == code);
        let level = match active {
            Some((_, Severity::Error)) => "error",
            Some((_, Severity::Warning)) => "warning",
            None => "off",
        };
        let key = format!("rules.{code}");
        let origin = match cli_named(&options.selection, code) {
            Some(flag) => Origin::CommandLine(flag),
            None => from(&key),
        };
        push(key, quoted(level), origin);
    }
    for entry in &config.per_file_ignores {
        let codes: Vec<String> = entry.codes.iter().map(|c| quoted(c)).collect();
        let key = format!("per-file-ignores.{}", entry.pattern);
        let origin = from(&key);
        push(
            format!("per-file-ignores.{}", quoted(&entry.pattern)),
            format!("[{}]", codes.join(", ")),
            origin,
        );
    }
    for (key, value) in contract_values(config) {
        push(
            format!("contract.{key}"),
            value,
            from(&format!("contract.{key}")),
        );
    }
    Ok(Settings {
        plan: plan.to_path_buf(),
        config_file: config.path.clone(),
        settings,
    })
}

/// The contract's keys and values, as TOML.
fn contract_values(config: &Config) -> Vec<(&'static str, String)> {
    let c = &config.contract;
    let list = |v: &[String]| {
        let items: Vec<String> = v.iter().map(|s| quoted(s)).collect();
        format!("[{}]", items.join(", "))
    };
    let sections: Vec<String> = c
        .sections
        .iter()
        .map(|s| {
            let mut t = format!("{{ id = {}, name = {}", quoted(&s.id), quoted(&s.name));
            if !s.aliases.is_empty() {
                t.push_str(&format!(", aliases = {}", list(&s.aliases)));
            }
            if let Some(q) = &s.question {
                t.push_str(&format!(", question = {}", quoted(q)));
            }
            t + " }"
        })
        .collect();
    vec![
        ("export_dir", quoted(&c.export_dir)),
        ("marker", quoted(&c.marker)),
        ("title_prefix", quoted(&c.title_prefix)),
        ("max_slug_len", c.max_slug_len.to_string()),
        ("nested_plans", c.nested_plans.to_string()),
        ("hedging", list(&c.hedging)),
        ("weak_wording", list(&c.weak_wording)),
        ("back_reference", list(&c.back_reference)),
        ("placeholders", list(&c.placeholders)),
        ("symbol_sections", list(&c.symbol_sections)),
        ("sections", format!("[{}]", sections.join(", "))),
    ]
}

/// `s` as a TOML basic string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

impl fmt::Display for Settings {
    /// One line per setting, `key = value  # origin`, under a header naming the plan
    /// and its config file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "# Settings for {}", self.plan.display())?;
        match &self.config_file {
            Some(p) => writeln!(f, "# Config file: {}", p.display())?,
            None => writeln!(f, "# Config file: none (the defaults)")?,
        }
        for s in &self.settings {
            writeln!(f, "{} = {}  # {}", s.key, s.value, s.origin)?;
        }
        Ok(())
    }
}
