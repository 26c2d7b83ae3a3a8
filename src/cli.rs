//! The command line: `plan-lint [check] [PATHS…]`, `plan-lint rules`,
//! `plan-lint explain <CODE|name>`.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{self, RootFinder};
use crate::docs;
use crate::fix::{self, FixMode};
use crate::fs_view::FsViews;
use crate::lint::{Linter, Selection};
use crate::model::Document;
use crate::render::{self, Totals, human::Style};
use crate::rules;
use crate::source;
use crate::write;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Exit codes.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "plan-lint",
    version,
    about = "Lint implementation plans against the plan contract (EXPORT/plan_<feat_name>.md).",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 no error-level finding, 1 error-level findings, 2 usage, configuration or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint plan files (the default command).
    Check(CheckArgs),
    /// List every rule: code, name, default severity, summary.
    Rules,
    /// Write a plan to <dir>/plan_<feat_name>.md after linting it (`-` reads stdin).
    Export(crate::export::ExportArgs),
    /// Scaffold EXPORT/plan_<feat-name>.md with every required section.
    New(crate::export::NewArgs),
    /// Print a rule's documentation page: what it checks, why, examples, configuration.
    Explain {
        /// The rule: a code (`PL101`) or a name (`hedging`).
        #[arg(value_name = "CODE|NAME")]
        rule: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Rich reports with source snippets.
    Human,
    /// One line per finding: path:line:col: CODE severity: message.
    Short,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Plan files, directories (searched for .md files, .gitignore honoured) or globs.
    /// Default: ./EXPORT
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Use this config file instead of searching for plan-lint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every plan-lint.toml.
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
    /// Worker threads (default: one per core). Output is the same for any count.
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
    #[arg(long)]
    pub show_fixes: bool,
}

impl CheckArgs {
    fn fix_mode(&self) -> Option<FixMode> {
        (self.fix || self.diff).then_some(if self.unsafe_fixes {
            FixMode::Unsafe
        } else {
            FixMode::Safe
        })
    }
}

/// Runs the CLI and returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
        }
    };
    match cli.command {
        Some(Command::Rules) => print_rules(),
        Some(Command::Explain { rule }) => explain(&rule),
        Some(Command::Check(args)) => check(&args),
        Some(Command::Export(args)) => crate::export::export(&args),
        Some(Command::New(args)) => crate::export::new(&args),
        None => check(&cli.check),
    }
}

fn print_rules() -> i32 {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<7} {:<22} {:<8} {}\n",
        "CODE", "NAME", "SEVERITY", "SUMMARY"
    ));
    for r in rules::all() {
        let m = r.meta();
        out.push_str(&format!(
            "{:<7} {:<22} {:<8} {}\n",
            m.code,
            m.name,
            m.severity.to_string(),
            m.summary
        ));
    }
    print_stdout(&out);
    EXIT_CLEAN
}

fn explain(key: &str) -> i32 {
    let Some(rule) = rules::find(key.trim()) else {
        return error(format!(
            "unknown rule `{key}`; run `plan-lint rules` to list rule codes and names"
        ));
    };
    let Some(page) = docs::page(rule.code()) else {
        let m = rule.meta();
        return error(format!(
            "{} `{}` has no documentation page yet; it checks: {}",
            m.code, m.name, m.summary
        ));
    };
    let out = if std::io::stdout().is_terminal() {
        let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        docs::render_terminal(page, color)
    } else {
        page.to_string()
    };
    print_stdout(&out);
    EXIT_CLEAN
}

pub(crate) fn print_stdout(s: &str) {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`plan-lint | head`) is not an error worth a panic.
    let _ = stdout.write_all(s.as_bytes());
    let _ = stdout.flush();
}

pub(crate) fn error(message: impl std::fmt::Display) -> i32 {
    eprintln!("plan-lint: error: {message}");
    EXIT_ERROR
}

fn load_config(args: &CheckArgs, cwd: &Path) -> Result<Config, i32> {
    load_config_from(args.config.as_deref(), args.no_config, cwd)
}

/// `--config FILE`, else `--no-config`, else `plan-lint.toml` from `cwd` upwards. A bad
/// config is rendered to standard error and gives exit code 2.
pub fn load_config_from(config: Option<&Path>, no_config: bool, cwd: &Path) -> Result<Config, i32> {
    let path = if no_config {
        None
    } else if let Some(p) = config {
        Some(p.to_path_buf())
    } else {
        Config::discover(cwd)
    };
    match path {
        None => Ok(Config::defaults(cwd.to_path_buf())),
        Some(p) => Config::load(&p).map_err(|e| {
            let mut s = String::new();
            let handler = miette::GraphicalReportHandler::new_themed(
                miette::GraphicalTheme::unicode_nocolor(),
            );
            if handler.render_report(&mut s, &e).is_err() {
                s = e.to_string();
            }
            eprint!("{s}");
            EXIT_ERROR
        }),
    }
}

/// The result of one file.
struct FileOutcome {
    output: String,
    totals: Totals,
    /// Messages for standard error, printed in file order.
    errors: Vec<String>,
    /// Fixes applied (or, with --diff, that would be applied).
    fixed: usize,
    /// Whether fixing changed (or would change) the file.
    changed: bool,
}

impl FileOutcome {
    fn failed(path: &Path, message: impl std::fmt::Display) -> Self {
        FileOutcome {
            output: String::new(),
            totals: Totals {
                files: 1,
                failed: 1,
                ..Totals::default()
            },
            errors: vec![format!("plan-lint: error: {}: {message}", path.display())],
            fixed: 0,
            changed: false,
        }
    }
}

fn check(args: &CheckArgs) -> i32 {
    let started = Instant::now();
    if let Some(n) = args.threads {
        if n == 0 {
            return error("--threads must be at least 1");
        }
        // Fails only if the pool exists already (tests calling twice): then keep it.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => return error(format!("cannot read the current directory: {e}")),
    };
    let config = match load_config(args, &cwd) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if let Some(root) = &args.root {
        if !root.is_dir() {
            return error(format!("--root {}: not a directory", root.display()));
        }
    }
    let files = match discover::discover(&args.paths, &config) {
        Ok(f) => f,
        Err(e) => return error(e),
    };
    let mut roots = RootFinder::new(args.root.clone(), &config, cwd.clone());
    let jobs: Vec<(PathBuf, PathBuf)> = files
        .into_iter()
        .map(|f| {
            let root = roots.root_for(&f);
            (f, root)
        })
        .collect();
    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let linter = match Linter::new(config, &selection) {
        Ok(l) => l,
        Err(e) => return error(e),
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let style = Style {
        color,
        ..Style::plain()
    };
    let views = FsViews::default();
    let outcomes: Vec<FileOutcome> = jobs
        .par_iter()
        .map(|(path, root)| lint_one(&linter, &views, path, root, args, &style))
        .collect();
    let mut totals = Totals::default();
    let mut out = String::new();
    let (mut fixed, mut changed_files) = (0, 0);
    for o in outcomes {
        out.push_str(&o.output);
        for e in &o.errors {
            eprintln!("{e}");
        }
        totals.merge(o.totals);
        fixed += o.fixed;
        changed_files += usize::from(o.changed);
    }
    print_stdout(&out);
    if !args.quiet {
        if args.fix {
            eprintln!(
                "Fixed {fixed} finding{} in {changed_files} file{}.",
                plural(fixed),
                plural(changed_files)
            );
        } else if args.diff {
            eprintln!(
                "{fixed} fixable finding{} in {changed_files} file{}.",
                plural(fixed),
                plural(changed_files)
            );
        }
        eprintln!("{}", render::summary_line(&totals, started.elapsed()));
    }
    if totals.failed > 0 {
        EXIT_ERROR
    } else if args.diff {
        if changed_files > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    } else if totals.errors > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn lint_one(
    linter: &Linter,
    views: &FsViews,
    path: &Path,
    root: &Path,
    args: &CheckArgs,
    style: &Style,
) -> FileOutcome {
    let text = match source::read_file(path) {
        Ok(t) => t,
        Err(e) => return FileOutcome::failed(path, e),
    };
    let fs = views.get(root);
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let rel = abs.strip_prefix(root).ok();
    let mut outcome = FileOutcome {
        output: String::new(),
        totals: Totals {
            files: 1,
            ..Totals::default()
        },
        errors: Vec::new(),
        fixed: 0,
        changed: false,
    };
    let Some(mode) = args.fix_mode() else {
        // plain check
        let doc = crate::parse::parse(path, text);
        let diags = linter.lint_document(&doc, &fs, rel);
        for d in &diags {
            outcome.totals.add(d.severity);
        }
        outcome.output = render_diags(&doc, &diags, args.format, style);
        return outcome;
    };
    let fixed = fix::fix_document(linter, &fs, path, rel, &text, mode);
    outcome.fixed = fixed.applied.len();
    outcome.changed = fixed.changed(&text);
    if !fixed.converged {
        outcome.errors.push(format!(
            "plan-lint: warning: {}: fixes did not converge after {} passes; the rest are reported",
            path.display(),
            fixed.passes
        ));
    }
    if args.diff {
        if outcome.changed {
            outcome.output = unified_diff(path, &text, &fixed.output);
        }
        for d in &fixed.remaining {
            outcome.totals.add(d.severity);
        }
        return outcome;
    }
    if outcome.changed {
        if let Err(e) = write::replace(path, fixed.output.as_bytes()) {
            return FileOutcome::failed(path, e);
        }
    }
    if args.show_fixes {
        for a in &fixed.applied {
            outcome.output.push_str(&format!(
                "{}:{}: fixed {}: {}\n",
                path.display(),
                a.line,
                a.code,
                a.message
            ));
        }
    }
    let doc = crate::parse::parse(path, std::sync::Arc::from(fixed.output.as_str()));
    for d in &fixed.remaining {
        outcome.totals.add(d.severity);
    }
    outcome
        .output
        .push_str(&render_diags(&doc, &fixed.remaining, args.format, style));
    outcome
}

/// A unified diff (`--- a/path`, `+++ b/path`) with three lines of context.
pub fn unified_diff(path: &Path, before: &str, after: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

fn render_diags(doc: &Document, diags: &[Diagnostic], format: Format, style: &Style) -> String {
    match format {
        Format::Human => render::human::render_file(doc, diags, style),
        Format::Short => render::short::render_file(doc, diags),
    }
}

/// Whether any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}
