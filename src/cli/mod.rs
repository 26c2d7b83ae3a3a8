//! The command line: `plan-lint [check] [PATHS…]`, `plan-lint rules`,
//! `plan-lint explain <CODE|name>`.

pub mod export;

use crate::analysis::symbol_refs as symbols;
use crate::diagnostic::{Diagnostic, Severity};
use crate::docs;
use crate::document::model::Document;
use crate::document::source;
use crate::engine::config::Config;
use crate::engine::discover::{self, RootFinder};
use crate::engine::exit::{
    self, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Stream, eprint_line, error, load_config_from,
    print_stdout, write_failed,
};
use crate::engine::fix::{self, FixMode};
use crate::engine::lint::{Linter, Selection};
use crate::output::{self, FileReport, Totals, human::Style};
use crate::rules;
use crate::workspace::fs_view::FsViews;
use crate::workspace::symbol_index::SymbolIndex;
use crate::workspace::write;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

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
    Export(crate::cli::export::ExportArgs),
    /// Scaffold EXPORT/plan_<feat-name>.md with every required section.
    New(crate::cli::export::NewArgs),
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
    /// One JSON document (stable schema, see docs/json-format.md).
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
    #[arg(long)]
    pub show_fixes: bool,
    /// Lint standard input (`-` as the path) as if it were this file; with --fix, print
    /// the fixed text to standard output.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Print the number of findings per rule instead of the findings.
    #[arg(long)]
    pub statistics: bool,
    /// Exit 0 even when there are error-level findings (I/O errors still exit 2).
    #[arg(long)]
    pub exit_zero: bool,
    /// Exit 1 when there are more than N warnings.
    #[arg(long, value_name = "N")]
    pub max_warnings: Option<usize>,
    /// With --fix, exit 1 when any file was changed (for pre-commit hooks).
    #[arg(long)]
    pub exit_non_zero_on_fix: bool,
    /// Report suppression comments that suppress nothing (PL902).
    #[arg(long)]
    pub report_unused_disables: bool,
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

/// Runs the CLI and returns the exit code: the command's, or 2 when writing any of
/// its output failed (see `exit::print_stdout`).
pub fn main() -> i32 {
    exit::begin_output();
    let code = run();
    if exit::output_failed() {
        EXIT_ERROR
    } else {
        code
    }
}

fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if let Err(err) = e.print() {
                let stream = if e.use_stderr() {
                    Stream::Stderr
                } else {
                    Stream::Stdout
                };
                write_failed(stream, &err);
            }
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
        Some(Command::Export(args)) => crate::cli::export::export(&args),
        Some(Command::New(args)) => crate::cli::export::new(&args),
        Some(Command::Completions { shell }) => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "plan-lint", &mut out);
            print_stdout(&String::from_utf8_lossy(&out));
            EXIT_CLEAN
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out) {
                Ok(()) => {
                    print_stdout(&String::from_utf8_lossy(&out));
                    EXIT_CLEAN
                }
                Err(e) => error(format!("cannot render the man page: {e}")),
            }
        }
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

fn load_config(args: &CheckArgs, cwd: &Path) -> Result<Config, i32> {
    load_config_from(args.config.as_deref(), args.no_config, cwd)
}

/// The result of one file.
struct FileOutcome {
    /// Human/short output, or a diff, or (stdin with --fix) the fixed text.
    output: String,
    totals: Totals,
    /// Messages for standard error, printed in file order.
    errors: Vec<String>,
    /// Fixes applied (or, with --diff, that would be applied).
    fixed: usize,
    /// Whether fixing changed (or would change) the file.
    changed: bool,
    /// Findings per rule code (for --statistics).
    per_rule: Vec<&'static str>,
    /// For the machine formats.
    report: Option<FileReport>,
}

impl FileOutcome {
    fn new() -> Self {
        FileOutcome {
            output: String::new(),
            totals: Totals {
                files: 1,
                ..Totals::default()
            },
            errors: Vec::new(),
            fixed: 0,
            changed: false,
            per_rule: Vec::new(),
            report: None,
        }
    }

    fn failed(path: &Path, message: impl std::fmt::Display) -> Self {
        let mut o = FileOutcome::new();
        o.totals.failed = 1;
        o.errors
            .push(format!("plan-lint: error: {}: {message}", path.display()));
        o
    }

    fn count(&mut self, diags: &[Diagnostic]) {
        for d in diags {
            self.totals.add(d.severity);
            self.per_rule.push(d.code);
        }
    }
}

/// What one job lints: a file on disk, or standard input named as a file.
enum Input {
    File(PathBuf),
    Stdin { name: PathBuf, text: Arc<str> },
}

impl Input {
    fn path(&self) -> &Path {
        match self {
            Input::File(p) => p,
            Input::Stdin { name, .. } => name,
        }
    }
}

/// The most worker threads a run starts (`--threads`, `RAYON_NUM_THREADS`). More only
/// costs: idle threads of the pool spin, start-up grows with the count, and at 100 000
/// a run never ends.
pub const MAX_THREADS: usize = 1024;

fn check(args: &CheckArgs) -> i32 {
    let started = Instant::now();
    if args.threads.is_none() {
        // rayon sizes its default pool from this variable: the same limit applies.
        let env = std::env::var("RAYON_NUM_THREADS").ok();
        if let Some(n) = env.and_then(|v| v.trim().parse::<usize>().ok()) {
            if n > MAX_THREADS {
                return error(format!(
                    "RAYON_NUM_THREADS={n}: at most {MAX_THREADS} worker threads"
                ));
            }
        }
    }
    if let Some(n) = args.threads {
        if n == 0 {
            return error("--threads must be at least 1");
        }
        if n > MAX_THREADS {
            return error(format!("--threads must be at most {MAX_THREADS} (got {n})"));
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
    let stdin_requested = args.paths.iter().any(|p| p == Path::new("-"));
    if stdin_requested && args.paths.len() > 1 {
        return error("`-` (standard input) cannot be combined with other paths");
    }
    if args.stdin_filename.is_some() && !stdin_requested {
        return error("--stdin-filename needs `-` as the path");
    }
    // Directories the walk could not read: plans may be missing, so the run fails.
    let mut walk_errors = 0;
    let inputs: Vec<Input> = if stdin_requested {
        let text = match source::read_stdin() {
            Ok(t) => t,
            Err(e) => return error(format!("standard input: {e}")),
        };
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        vec![Input::Stdin { name, text }]
    } else {
        let found = match discover::discover_in(&args.paths, &config, args.root.as_deref()) {
            Ok(found) => found,
            Err(e) => return error(e),
        };
        for p in &found.problems {
            let level = if p.error { "error" } else { "warning" };
            eprint_line(format_args!("plan-lint: {level}: {}", p.message));
        }
        walk_errors = found.problems.iter().filter(|p| p.error).count();
        if found.files.is_empty() && !args.quiet {
            let named = if args.paths.is_empty() {
                config.contract.export_dir.clone()
            } else {
                let names: Vec<String> =
                    args.paths.iter().map(|p| p.display().to_string()).collect();
                names.join(", ")
            };
            eprint_line(format_args!(
                "plan-lint: warning: no plan files (`*.md`) found in {named}"
            ));
        }
        found.files.into_iter().map(Input::File).collect()
    };
    let mut roots = RootFinder::new(args.root.clone(), &config, cwd.clone());
    let jobs: Vec<(Input, PathBuf)> = inputs
        .into_iter()
        .map(|i| {
            let root = roots.root_for(i.path());
            (i, root)
        })
        .collect();
    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let linter = match Linter::new(config, &selection) {
        Ok(l) => l.with_report_unused_disables(args.report_unused_disables),
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
    if args.fix && !args.diff {
        sweep_stale_temps(&jobs);
    }
    let views = FsViews::default();
    let symbol_indexes = build_symbol_indexes(&linter, &jobs);
    let machine = machine_renderer(args.format);
    let streaming = machine.is_none() && !args.statistics;
    let mut totals = Totals {
        failed: walk_errors,
        ..Totals::default()
    };
    let (mut fixed, mut changed_files) = (0, 0);
    let mut per_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut reports = Vec::new();
    // Files are linted in parallel, a chunk at a time, and each chunk's output is
    // printed in file order before the next starts: memory stays flat however many
    // files there are, and the output is the same for any thread count.
    let chunk = (rayon::current_num_threads() * 32).max(64);
    for jobs in jobs.chunks(chunk) {
        let outcomes: Vec<FileOutcome> = jobs
            .par_iter()
            .map(|(input, root)| {
                lint_one(
                    &linter,
                    &views,
                    input,
                    root,
                    args,
                    &style,
                    symbol_indexes.get(root),
                )
            })
            .collect();
        let mut out = String::new();
        for o in outcomes {
            if streaming {
                out.push_str(&o.output);
            }
            for e in &o.errors {
                eprint_line(e);
            }
            totals.merge(o.totals);
            fixed += o.fixed;
            changed_files += usize::from(o.changed);
            for code in o.per_rule {
                *per_rule.entry(code).or_default() += 1;
            }
            if machine.is_some() {
                reports.extend(o.report);
            }
        }
        print_stdout(&out);
    }
    if args.statistics {
        print_stdout(&statistics(&per_rule));
    } else if let Some(render) = machine {
        print_stdout(&render(&reports, &totals));
    }
    if !args.quiet {
        if args.fix {
            eprint_line(format_args!(
                "Fixed {fixed} finding{} in {changed_files} file{}.",
                plural(fixed),
                plural(changed_files)
            ));
        } else if args.diff {
            eprint_line(format_args!(
                "{fixed} fixable finding{} in {changed_files} file{}.",
                plural(fixed),
                plural(changed_files)
            ));
        }
        eprint_line(output::summary_line(&totals, started.elapsed()));
    }
    exit_code(args, &totals, changed_files)
}

/// The exit code: 2 on any I/O error; `--diff`: 1 when something would change;
/// otherwise 1 on error-level findings (or, with `--max-warnings N`, more than N
/// warnings; with `--exit-non-zero-on-fix`, any file fixed), unless `--exit-zero`.
fn exit_code(args: &CheckArgs, totals: &Totals, changed_files: usize) -> i32 {
    if totals.failed > 0 {
        return EXIT_ERROR;
    }
    if args.exit_zero {
        return EXIT_CLEAN;
    }
    if args.diff {
        return if changed_files > 0 {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        };
    }
    let too_many_warnings = args.max_warnings.is_some_and(|max| totals.warnings > max);
    let fixed_something = args.fix && args.exit_non_zero_on_fix && changed_files > 0;
    if totals.errors > 0 || too_many_warnings || fixed_something {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// `--statistics`: findings per rule, most frequent first.
fn statistics(per_rule: &BTreeMap<&'static str, usize>) -> String {
    let mut rows: Vec<(&&str, &usize)> = per_rule.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut out = String::new();
    for (code, n) in rows {
        let name = rules::find(code).map_or("", |r| r.name());
        out.push_str(&format!("{n:>6}  {code}  {name}\n"));
    }
    out
}

type MachineRenderer = fn(&[FileReport], &Totals) -> String;

/// The renderer of a whole-run format (one document for all files), if the format is one.
fn machine_renderer(format: Format) -> Option<MachineRenderer> {
    match format {
        Format::Human | Format::Short => None,
        Format::Json => Some(output::json::render),
        Format::Sarif => Some(output::sarif::render),
        Format::Github => Some(output::github::render),
        Format::Junit => Some(output::junit::render),
        Format::Gitlab => Some(output::gitlab::render),
    }
}

/// The symbol rules (PL307–PL309) need one index per repository root, built from the
/// names every plan of that root mentions, before any plan is linted: the repository
/// is scanned at most once per run. Names come from every plan's code spans (a superset of
/// the rules' candidates); no scan happens when no rule
/// needs it or no plan names a symbol.
fn build_symbol_indexes(
    linter: &Linter,
    jobs: &[(Input, PathBuf)],
) -> HashMap<PathBuf, SymbolIndex> {
    if !symbols::rules_active(linter) {
        return HashMap::new();
    }
    let per_job: Vec<BTreeSet<String>> = jobs
        .par_iter()
        .map(|(input, _)| {
            let text = match input {
                Input::File(p) => match source::read_file(p) {
                    Ok(t) => t,
                    Err(_) => return BTreeSet::new(), // reported by the lint pass
                },
                Input::Stdin { text, .. } => text.clone(),
            };
            if crate::document::parse::check_nesting(&text).is_err() {
                return BTreeSet::new(); // reported by the lint pass
            }
            symbols::names_in_text(&text)
        })
        .collect();
    let mut names: HashMap<&PathBuf, (BTreeSet<String>, HashSet<PathBuf>)> = HashMap::new();
    for ((input, root), set) in jobs.iter().zip(per_job) {
        let entry = names.entry(root).or_insert_with(|| {
            // Plans are not the code they describe: the plans directory (`EXPORT/`)
            // is never evidence that a symbol exists.
            let dir = linter.config.contract.export_dir.trim_matches(['.', '/']);
            let plans_dir = (!dir.is_empty())
                .then(|| std::path::absolute(root.join(dir)).ok())
                .flatten();
            (BTreeSet::new(), plans_dir.into_iter().collect())
        });
        entry.0.extend(set);
        if let Input::File(p) = input {
            entry.1.extend(std::path::absolute(p).ok());
        }
    }
    names
        .into_iter()
        .map(|(root, (set, plans))| {
            let index = if set.is_empty() {
                SymbolIndex::empty()
            } else {
                SymbolIndex::scan_excluding(root, &set, &plans)
            };
            (root.clone(), index)
        })
        .collect()
}

/// Before `--fix` writes anything: removes (or reports) the temporary files an
/// interrupted run left next to the plans ([`write::sweep_stale`]), once per directory,
/// in file order.
fn sweep_stale_temps(jobs: &[(Input, PathBuf)]) {
    let run_start = std::time::SystemTime::now();
    let mut seen = HashSet::new();
    for (input, _) in jobs {
        let Input::File(p) = input else { continue };
        // The plan's directory as named, then (a symlinked plan) its target's.
        let real = std::fs::canonicalize(p).ok();
        for file in std::iter::once(p).chain(real.as_ref()) {
            let dir = match file.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if seen.insert(dir.clone()) {
                for note in write::sweep_stale(&dir, run_start) {
                    eprint_line(format_args!("plan-lint: {note}"));
                }
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn lint_one(
    linter: &Linter,
    views: &FsViews,
    input: &Input,
    root: &Path,
    args: &CheckArgs,
    style: &Style,
    symbols: Option<&SymbolIndex>,
) -> FileOutcome {
    let path = input.path();
    // What a fix will check before it replaces the file (another process may write it).
    let stamp = match input {
        Input::File(p) if args.fix && !args.diff => write::Stamp::of(p),
        _ => None,
    };
    let text = match input {
        Input::File(p) => match source::read_file(p) {
            Ok(t) => t,
            Err(e) => return FileOutcome::failed(p, e),
        },
        Input::Stdin { text, .. } => text.clone(),
    };
    // Lists nested past what comrak parses in linear time: refused, like a binary file.
    if let Err(e) = crate::document::parse::check_nesting(&text) {
        return FileOutcome::failed(path, e);
    }
    let stdin = matches!(input, Input::Stdin { .. });
    let fs = views.get(root);
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let rel = abs.strip_prefix(root).ok();
    let root_relative = rel.map(|r| r.to_string_lossy().replace('\\', "/"));
    let mut outcome = FileOutcome::new();
    let Some(mode) = args.fix_mode() else {
        let doc = crate::document::parse::parse(path, text);
        let diags = linter.lint_document_with(&doc, &fs, rel, symbols);
        outcome.count(&diags);
        outcome.output = render_diags(&doc, &diags, args.format, style);
        if machine_renderer(args.format).is_some() {
            outcome.report = Some(FileReport::new(&doc, &diags, root_relative));
        }
        return outcome;
    };
    let fixed = fix::fix_document_with(linter, &fs, path, rel, &text, mode, symbols);
    outcome.fixed = fixed.applied.len();
    outcome.changed = fixed.changed(&text);
    if !fixed.converged {
        outcome.errors.push(format!(
            "plan-lint: warning: {}: fixes did not converge after {} passes; the rest are reported",
            path.display(),
            fixed.passes
        ));
    }
    let doc = crate::document::parse::parse(path, Arc::from(fixed.output.as_str()));
    outcome.count(&fixed.remaining);
    if machine_renderer(args.format).is_some() {
        outcome.report = Some(FileReport::new(
            &doc,
            &fixed.remaining,
            root_relative.clone(),
        ));
    }
    if args.diff {
        if outcome.changed {
            outcome.output = unified_diff(path, &text, &fixed.output);
        }
        return outcome;
    }
    let rendered = render_diags(&doc, &fixed.remaining, args.format, style);
    if stdin {
        // Standard input: the fixed text goes to standard output, findings to standard error.
        outcome.output = fixed.output.clone();
        if !rendered.is_empty() {
            outcome.errors.push(rendered.trim_end().to_string());
        }
        return outcome;
    }
    if outcome.changed {
        let expected = write::Expected {
            bytes: text.as_bytes(),
            stamp,
        };
        if let Err(e) =
            write::replace_if_unchanged(path, Some(root), expected, fixed.output.as_bytes())
        {
            // Nothing was written: the findings shown are those of the file as read.
            let mut failed = FileOutcome::failed(path, e.reason());
            failed.totals.unwritten = 1;
            let doc = crate::document::parse::parse(path, text.clone());
            let diags = linter.lint_document_with(&doc, &fs, rel, symbols);
            failed.count(&diags);
            failed.output = render_diags(&doc, &diags, args.format, style);
            if machine_renderer(args.format).is_some() {
                failed.report = Some(FileReport::new(&doc, &diags, root_relative));
            }
            return failed;
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
    outcome.output.push_str(&rendered);
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
        Format::Human => output::human::render_file(doc, diags, style),
        Format::Short => output::short::render_file(doc, diags),
        // whole-run formats are rendered once, from the file reports
        Format::Json | Format::Sarif | Format::Github | Format::Junit | Format::Gitlab => {
            String::new()
        }
    }
}

/// Whether any diagnostic is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(|d| d.severity == Severity::Error)
}
