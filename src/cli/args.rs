//! The command line's arguments: the clap types of every command.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "plan-lint",
    version,
    about = "Lint implementation plans against the plan contract (EXPORT/plan_<feat_name>.md).",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 no error-level finding, 1 error-level findings, 2 usage, configuration or I/O error."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Lint plan files (the default command).
    Check(CheckArgs),
    /// List every rule: code, name, default severity, summary.
    Rules,
    /// Write a plan to <dir>/plan_<feat_name>.md after linting it (`-` reads stdin).
    Export(ExportArgs),
    /// Scaffold EXPORT/plan_<feat-name>.md with every required section.
    New(NewArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), generated from this command-line definition.
    Man,
    /// Print a rule's documentation page: what it checks, why, examples, configuration.
    Explain {
        /// The rule: a code (`PL101`) or a name (`hedging`).
        #[arg(value_name = "CODE|NAME", value_parser = RuleKey, hide_possible_values = true)]
        rule: String,
    },
    /// Write a commented starter plan-lint.toml (every key, defaults shown) in the
    /// current directory; never overwrites one.
    Init,
}

/// `explain`'s argument: any text (a code or a name in any case; `explain` says when it
/// names no rule), offering every rule's code and name as possible values, so that the
/// shell completions (clap_complete) list them. Hidden from `--help` (there are many).
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleKey;

impl clap::builder::TypedValueParser for RuleKey {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(crate::rules::all().iter().flat_map(|r| {
            let m = r.meta();
            [
                clap::builder::PossibleValue::new(m.code).help(m.summary),
                clap::builder::PossibleValue::new(m.name).help(m.summary),
            ]
        })))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Rich reports with source snippets.
    Human,
    /// One line per finding: path:line:col: CODE severity: message.
    Short,
    /// One JSON document (a stable, versioned schema).
    Json,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML: one test case per file.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct CheckArgs {
    /// Plan files, directories (searched for .md files, .gitignore honoured) or globs.
    /// Default: ./EXPORT
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Use this config file for every plan instead of each plan's nearest
    /// .plan-lint.toml or plan-lint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every config file: the defaults for every plan.
    #[arg(long)]
    pub no_config: bool,
    /// Repository root for the filesystem rules (default: config `root`, else the
    /// nearest ancestor with .git, else the parent of the EXPORT directory).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Run only these rules (codes, prefixes like PL1, or names; comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Do not run these rules (codes, prefixes or names; comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// When to use colours in human output (NO_COLOR is honoured with auto).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Worker threads (default: one per core; at most 1024). Output is the same for any
    /// count.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Do not print the summary line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Apply safe fixes to the files, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply unsafe fixes (they add or change content).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the unified diff --fix would apply, change nothing (exit 1 if anything
    /// would change).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// With --fix, list every fix applied.
    #[arg(long, conflicts_with = "statistics")]
    pub show_fixes: bool,
    /// Lint standard input (no paths, or `-`) as if it were this file; with --fix, print
    /// the fixed text to standard output. Without it, `-` skips PL003 (no file name).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long, conflicts_with = "diff")]
    pub statistics: bool,
    /// Exit 0 even when there are error-level findings (I/O errors still exit 2).
    #[arg(long, conflicts_with_all = ["max_warnings", "exit_non_zero_on_fix"])]
    pub exit_zero: bool,
    /// Exit 1 when there are more than N warnings (and say so on standard error).
    #[arg(long, value_name = "N", conflicts_with = "diff")]
    pub max_warnings: Option<usize>,
    /// With --fix, exit 1 when any file was changed (for pre-commit hooks).
    #[arg(long)]
    pub exit_non_zero_on_fix: bool,
    /// Write the report (what --format prints: findings, a diff, statistics, the fixed
    /// standard input) to FILE instead of standard output; the summary and notices stay
    /// on standard error. Missing parent directories are created.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Report suppression comments that suppress nothing (PL902).
    #[arg(long)]
    pub report_unused_disables: bool,
    /// Print the plans a run would lint, one per line, and exit (nothing is linted).
    #[arg(long, conflicts_with = "show_settings")]
    pub show_files: bool,
    /// Print the effective configuration for the plan or directory given (default: the
    /// current directory) and where each value comes from, and exit.
    #[arg(long)]
    pub show_settings: bool,
}

/// Which configuration to use (shared by `export` and `new`).
#[derive(Debug, Clone, Args)]
pub(crate) struct ConfigArgs {
    /// Use this config file instead of searching for plan-lint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every plan-lint.toml.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct ExportArgs {
    /// The plan to export; `-` reads standard input.
    #[arg(value_name = "SOURCE")]
    pub source: PathBuf,
    /// The feat_name (default: the slug in the title).
    #[arg(long)]
    pub slug: Option<String>,
    /// The export directory (default: the contract's `export_dir`, `EXPORT`).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Overwrite an existing plan.
    #[arg(long)]
    pub force: bool,
    /// Apply safe fixes to the exported copy (the source stays untouched).
    #[arg(long)]
    pub fix: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Repository root for the filesystem rules.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub(crate) struct NewArgs {
    /// The feat_name: a kebab-case slug, e.g. `rate-limits`.
    #[arg(value_name = "FEAT_NAME")]
    pub feat_name: String,
    /// The feature's name in the title (default: the slug in title case).
    #[arg(long)]
    pub title: Option<String>,
    /// The export directory (default: the contract's `export_dir`, `EXPORT`).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
}
