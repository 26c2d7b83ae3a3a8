//! A whole run, from code: configuration → discovery → one parse per plan → the symbol
//! scan (once per repository root) → lint or fix (in parallel) → totals and an
//! [`ExitStatus`]. What the command line calls, and what a language server or an MCP
//! server would call. The run never prints: what it found comes back as values
//! ([`Notice`]s, [`FileResult`]s, a [`Summary`]); rendering is `output/`'s job and
//! printing the command line's.
//!
//! The result is the same for any thread count: files are processed in batches, in
//! parallel within a batch, and every batch comes back in file order.

use crate::analysis::symbol_refs as symbols;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::document::model::Document;
use crate::document::source;
use crate::engine::config::{Config, ConfigError};
use crate::engine::discover::{self, DiscoverError, Scopes};
use crate::engine::exit::{ExitPolicy, ExitStatus, TooManyWarnings};
use crate::engine::fix::{self, Applied, FixMode};
use crate::engine::lint::{Linter, Selection};
use crate::workspace::fs_view::FsViews;
use crate::workspace::symbol_index::SymbolIndex;
use crate::workspace::write;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The most worker threads a run starts (`--threads`, `RAYON_NUM_THREADS`). More only
/// costs: idle threads of the pool spin, start-up grows with the count, and at 100 000
/// a run never ends.
pub const MAX_THREADS: usize = 1024;

/// Which configuration a run uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ConfigChoice {
    /// For each plan, the nearest `.plan-lint.toml` or `plan-lint.toml` from its
    /// directory upwards (up to the repository root), else the defaults. With no paths,
    /// the working directory's config names the plans directory (`export_dir`).
    #[default]
    Discover,
    /// This file (`--config FILE`).
    File(PathBuf),
    /// The defaults, ignoring every config file (`--no-config`).
    Defaults,
}

impl ConfigChoice {
    /// The choice the two command-line flags make (`--config FILE` wins only when
    /// `--no-config` is absent; clap makes them exclusive).
    pub fn from_flags(config: Option<&Path>, no_config: bool) -> Self {
        match (no_config, config) {
            (true, _) => ConfigChoice::Defaults,
            (false, Some(p)) => ConfigChoice::File(p.to_path_buf()),
            (false, None) => ConfigChoice::Discover,
        }
    }

    /// Loads the configuration this choice names for `cwd` (for a plan in `cwd`: a
    /// run with [`ConfigChoice::Discover`] loads one per plan directory).
    pub fn load(&self, cwd: &Path) -> Result<Config, Box<ConfigError>> {
        let path = match self {
            ConfigChoice::Defaults => None,
            ConfigChoice::File(p) => Some(p.clone()),
            ConfigChoice::Discover => Config::discover(cwd),
        };
        match path {
            None => Ok(Config::defaults(cwd.to_path_buf())),
            Some(p) => Config::load(&p).map_err(Box::new),
        }
    }
}

/// Whether and how a run fixes what it finds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Fixing {
    /// Lint only (`check`).
    #[default]
    None,
    /// Compute the fixes, write nothing (`--diff`); the [`FileFix`] of each file holds
    /// the text a fix would write.
    Diff(FixMode),
    /// Apply the fixes and write the files (`--fix`, with `--unsafe-fixes`
    /// [`FixMode::Unsafe`]). Standard input is never written: its fixed text is in the
    /// [`FileFix`].
    Write(FixMode),
}

impl Fixing {
    /// The fixes applied, if the run fixes.
    pub fn mode(self) -> Option<FixMode> {
        match self {
            Fixing::None => None,
            Fixing::Diff(m) | Fixing::Write(m) => Some(m),
        }
    }
}

/// What a run lints and how: everything of `plan-lint check` that is not presentation.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Plan files, directories or globs; empty: the contract's `export_dir`. `-` alone
    /// is standard input ([`Options::stdin`]).
    pub paths: Vec<PathBuf>,
    /// The directory relative paths and the configuration search start from.
    pub cwd: PathBuf,
    /// Which configuration to load.
    pub config: ConfigChoice,
    /// The repository root for every plan (default: per plan, see `RootFinder`).
    pub root: Option<PathBuf>,
    /// `--select` / `--ignore`, on top of the configuration.
    pub selection: Selection,
    /// Report suppression comments that suppress nothing (PL902).
    pub report_unused_disables: bool,
    /// Lint only, show the fixes, or write them.
    pub fixing: Fixing,
    /// Worker threads (default: rayon's, one per core); 1 to [`MAX_THREADS`].
    pub threads: Option<usize>,
    /// The name standard input is linted as (`--stdin-filename`). With no paths it
    /// alone means standard input. Without it standard input is shown as `-` and PL003
    /// `file-name` is skipped ([`Notice::StdinUnnamed`]).
    pub stdin_filename: Option<PathBuf>,
    /// The text of `-`; `None` reads the process's standard input when `-` is a path.
    pub stdin: Option<Arc<str>>,
}

impl Options {
    /// Options to lint `paths` from `cwd`, with the defaults for everything else.
    pub fn new(paths: Vec<PathBuf>, cwd: impl Into<PathBuf>) -> Self {
        Options {
            paths,
            cwd: cwd.into(),
            ..Options::default()
        }
    }
}

/// Why a run did not start (or stopped before linting): usage or configuration errors.
#[derive(Debug)]
pub enum RunError {
    /// The configuration file is invalid (a rich report, with the file's source).
    Config(Box<ConfigError>),
    /// Anything else: bad options, an unknown rule, unreadable standard input, paths
    /// that name nothing.
    Usage(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Config(e) => write!(f, "{e}"),
            RunError::Usage(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for RunError {}

impl RunError {
    fn usage(message: impl std::fmt::Display) -> Self {
        RunError::Usage(message.to_string())
    }
}

impl From<DiscoverError> for RunError {
    fn from(e: DiscoverError) -> Self {
        match e {
            DiscoverError::Config(c) => RunError::Config(c),
            e => RunError::usage(e),
        }
    }
}

/// Something the run reports besides the files: the command line prints each as
/// `plan-lint: <notice>` on standard error, when it happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A path or directory of the walk that could not be used; `error` ones make the
    /// run fail (plans may be missing).
    Walk {
        /// Whether it is an error (else a warning).
        error: bool,
        /// What could not be used, and why (without the path when `path` names it).
        message: String,
        /// The file or directory it happened to, when the walk knows it (machine
        /// formats report an error there).
        path: Option<PathBuf>,
    },
    /// Nothing to lint: `named` is what was searched.
    NoPlans {
        /// The paths given, comma-separated, or the export directory when none was.
        named: String,
    },
    /// A stale temporary file of an interrupted `--fix` removed or reported (the
    /// message carries its level).
    Sweep(String),
    /// Standard input was linted without `--stdin-filename`: it has no file name, so
    /// PL003 `file-name` (the `EXPORT/plan_<feat_name>.md` rule) did not run on it.
    StdinUnnamed,
}

impl std::fmt::Display for Notice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Notice::Walk {
                error,
                message,
                path,
            } => {
                let level = if *error { "error" } else { "warning" };
                match path {
                    Some(p) => write!(f, "{level}: {}: {message}", p.display()),
                    None => write!(f, "{level}: {message}"),
                }
            }
            Notice::NoPlans { named } => {
                write!(f, "warning: no plan files (`*.md`) found in {named}")
            }
            Notice::Sweep(note) => f.write_str(note),
            Notice::StdinUnnamed => f.write_str(
                "note: standard input has no file name, so PL003 (file-name) was skipped; \
                 pass --stdin-filename EXPORT/plan_<feat_name>.md to check it",
            ),
        }
    }
}

/// What fixing did to one file.
#[derive(Debug, Clone)]
pub struct FileFix {
    /// The text as read.
    pub original: Arc<str>,
    /// The fixed text (equal to `original` when nothing applied).
    pub fixed: String,
    /// The fixes applied (with [`Fixing::Diff`]: that would be applied).
    pub applied: Vec<Applied>,
    /// Fix passes run.
    pub passes: usize,
    /// False when fixes were still pending after [`fix::MAX_PASSES`].
    pub converged: bool,
}

impl FileFix {
    /// Whether fixing changed (or would change) the text.
    pub fn changed(&self) -> bool {
        *self.original != *self.fixed
    }
}

/// Why a file has no findings of its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFailure {
    /// What went wrong, after the path (`not valid UTF-8`, …).
    pub message: String,
    /// The file was read and linted, but its fix could not be written: the
    /// diagnostics are those of the file as read.
    pub unwritten: bool,
}

/// The result of one file.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The path as named (or `--stdin-filename`, or `-`).
    pub path: PathBuf,
    /// The path relative to its repository root, `/`-separated, when inside it.
    pub root_relative: Option<String>,
    /// Read from standard input.
    pub stdin: bool,
    /// The parsed plan the diagnostics point into (the fixed text's when fixing; the
    /// text as read when the fix could not be written); `None` when the file could not
    /// be read or parsed.
    pub document: Option<Document>,
    /// Findings, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
    /// Set when fixing (and the file could be read).
    pub fix: Option<FileFix>,
    /// Set when the file could not be read, parsed or written.
    pub failure: Option<FileFailure>,
}

impl FileResult {
    fn failed(path: &Path, message: impl std::fmt::Display, stdin: bool) -> Self {
        FileResult {
            path: path.to_path_buf(),
            root_relative: None,
            stdin,
            document: None,
            diagnostics: Vec::new(),
            fix: None,
            failure: Some(FileFailure {
                message: message.to_string(),
                unwritten: false,
            }),
        }
    }

    /// Whether fixing changed the file (with [`Fixing::Diff`]: would change it); false
    /// when its fix could not be written.
    pub fn changed(&self) -> bool {
        self.failure.is_none() && self.fix.as_ref().is_some_and(FileFix::changed)
    }

    /// Fixes applied (or, with [`Fixing::Diff`], that would be); 0 when the fix could
    /// not be written.
    pub fn fixed(&self) -> usize {
        match (&self.failure, &self.fix) {
            (None, Some(f)) => f.applied.len(),
            _ => 0,
        }
    }
}

/// Counts over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// Files linted or attempted.
    pub files: usize,
    /// Error-level findings.
    pub errors: usize,
    /// Warning-level findings.
    pub warnings: usize,
    /// Files that could not be read or parsed, or written, and walk errors.
    pub failed: usize,
    /// Of `failed`: files read and linted whose fix could not be written.
    pub unwritten: usize,
    /// Findings whose fix `--fix` applies (safe applicability).
    pub fixable: usize,
    /// Findings whose fix only `--fix --unsafe-fixes` applies (unsafe applicability).
    pub unsafe_fixable: usize,
}

impl Totals {
    /// Counts one finding of `severity`.
    pub fn add(&mut self, severity: crate::diagnostic::Severity) {
        match severity {
            crate::diagnostic::Severity::Error => self.errors += 1,
            crate::diagnostic::Severity::Warning => self.warnings += 1,
        }
    }

    /// Adds `other`'s counts to these.
    pub fn merge(&mut self, other: Totals) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.failed += other.failed;
        self.unwritten += other.unwritten;
        self.fixable += other.fixable;
        self.unsafe_fixable += other.unsafe_fixable;
    }

    /// Counts one finding: its severity ([`Totals::add`]) and whether its fix is
    /// applied by `--fix` or only by `--fix --unsafe-fixes`.
    pub fn add_finding(&mut self, d: &Diagnostic) {
        self.add(d.severity);
        match d.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => self.fixable += 1,
            Some(Applicability::Unsafe) => self.unsafe_fixable += 1,
            Some(Applicability::Suggestion) | None => {}
        }
    }
}

/// The findings of one rule over a run (`--statistics`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuleStats {
    /// Findings at error level.
    pub errors: usize,
    /// Findings at warning level.
    pub warnings: usize,
    /// Of those, findings whose fix `--fix` applies.
    pub fixable: usize,
    /// Of those, findings whose fix only `--fix --unsafe-fixes` applies.
    pub unsafe_fixable: usize,
}

impl RuleStats {
    /// All findings of the rule.
    pub fn count(&self) -> usize {
        self.errors + self.warnings
    }
}

/// The run as a whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// How the run fixed.
    pub fixing: Fixing,
    /// Files, errors, warnings and failures of the whole run.
    pub totals: Totals,
    /// Fixes applied (with [`Fixing::Diff`]: that would be).
    pub fixed: usize,
    /// Files fixing changed (or would change).
    pub changed_files: usize,
    /// Findings per rule code.
    pub per_rule: BTreeMap<&'static str, usize>,
    /// Findings per rule code, by severity and fixability (`--statistics`).
    pub rule_stats: BTreeMap<&'static str, RuleStats>,
}

impl Summary {
    fn add(&mut self, file: &FileResult) {
        self.totals.files += 1;
        if let Some(f) = &file.failure {
            self.totals.failed += 1;
            self.totals.unwritten += usize::from(f.unwritten);
        }
        for d in &file.diagnostics {
            self.totals.add_finding(d);
            *self.per_rule.entry(d.code).or_default() += 1;
            let stats = self.rule_stats.entry(d.code).or_default();
            let mut one = Totals::default();
            one.add_finding(d);
            stats.errors += one.errors;
            stats.warnings += one.warnings;
            stats.fixable += one.fixable;
            stats.unsafe_fixable += one.unsafe_fixable;
        }
        self.fixed += file.fixed();
        self.changed_files += usize::from(file.changed());
    }

    /// The verdict with the default policy: [`ExitStatus::Error`] when anything could
    /// not be read or written; with [`Fixing::Diff`], `Findings` when a file would
    /// change; else `Findings` on error-level findings.
    pub fn exit_status(&self) -> ExitStatus {
        self.exit_status_with(&ExitPolicy::default())
    }

    /// Whether (and why) `--max-warnings` fails this run: more warnings than allowed,
    /// and the limit decides the verdict (not when a file failed, which is exit 2, nor
    /// with `--exit-zero`, nor with [`Fixing::Diff`], whose verdict is whether a file
    /// would change). Shells print it so a failed run says why.
    pub fn too_many_warnings(&self, policy: &ExitPolicy) -> Option<TooManyWarnings> {
        if self.totals.failed > 0 || policy.exit_zero || matches!(self.fixing, Fixing::Diff(_)) {
            return None;
        }
        policy.warnings_over_limit(self.totals.warnings)
    }

    /// The verdict under `policy` (`--exit-zero`, `--max-warnings`,
    /// `--exit-non-zero-on-fix`).
    pub fn exit_status_with(&self, policy: &ExitPolicy) -> ExitStatus {
        if self.totals.failed > 0 {
            return ExitStatus::Error;
        }
        if policy.exit_zero {
            return ExitStatus::Success;
        }
        if let Fixing::Diff(_) = self.fixing {
            return if self.changed_files > 0 {
                ExitStatus::Findings
            } else {
                ExitStatus::Success
            };
        }
        let too_many_warnings = self.too_many_warnings(policy).is_some();
        let fixed_something = matches!(self.fixing, Fixing::Write(_))
            && policy.exit_non_zero_on_fix
            && self.changed_files > 0;
        if self.totals.errors > 0 || too_many_warnings || fixed_something {
            ExitStatus::Findings
        } else {
            ExitStatus::Success
        }
    }
}

/// What [`run`] returns: every notice and file, in order, and the summary.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Everything the run reported besides the files, in the order it happened.
    pub notices: Vec<Notice>,
    /// One result per file, in file order.
    pub files: Vec<FileResult>,
    /// The totals, per-rule counts, what fixing did, and the exit status they give.
    pub summary: Summary,
}

impl Report {
    /// [`Summary::exit_status`].
    pub fn exit_status(&self) -> ExitStatus {
        self.summary.exit_status()
    }
}

/// What [`run_streaming`] hands its caller while the run goes on, in order.
#[derive(Debug)]
pub enum Event {
    /// Something the run reports besides the files, as it happens.
    Notice(Notice),
    /// The next files, in file order (a batch at a time: memory stays flat however
    /// many files there are).
    Files(Vec<FileResult>),
}

/// Runs plan-lint and collects everything (see [`run_streaming`] for a run whose
/// files are handed over as they finish).
pub fn run(options: &Options) -> Result<Report, RunError> {
    let mut report = Report::default();
    let summary = run_streaming(options, &mut |event| match event {
        Event::Notice(n) => report.notices.push(n),
        Event::Files(f) => report.files.extend(f),
    })?;
    report.summary = summary;
    Ok(report)
}

/// Runs plan-lint, handing notices and batches of files to `on_event` as they happen.
/// A usage or configuration error stops the run (notices already handed over stay).
pub fn run_streaming(
    options: &Options,
    on_event: &mut (dyn FnMut(Event) + Send),
) -> Result<Summary, RunError> {
    if options.threads.is_none() {
        // rayon sizes its default pool from this variable: the same limit applies.
        let env = std::env::var("RAYON_NUM_THREADS").ok();
        if let Some(n) = env.and_then(|v| v.trim().parse::<usize>().ok())
            && n > MAX_THREADS
        {
            return Err(RunError::usage(format!(
                "RAYON_NUM_THREADS={n}: at most {MAX_THREADS} worker threads"
            )));
        }
    }
    let pool = match options.threads {
        Some(0) => return Err(RunError::usage("--threads must be at least 1")),
        Some(n) if n > MAX_THREADS => {
            return Err(RunError::usage(format!(
                "--threads must be at most {MAX_THREADS} (got {n})"
            )));
        }
        // A pool that cannot start (no threads to be had) leaves rayon's global one.
        Some(n) => rayon::ThreadPoolBuilder::new().num_threads(n).build().ok(),
        None => None,
    };
    match pool {
        Some(pool) => pool.install(|| run_in_pool(options, on_event)),
        None => run_in_pool(options, on_event),
    }
}

/// PL003 `file-name`: the rule a run of unnamed standard input skips
/// ([`Notice::StdinUnnamed`]).
const FILE_NAME_RULE: &str = "PL003";

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

/// A plan read, checked and parsed once (by the symbol pre-pass, or by the lint pass
/// when no symbol rule runs), with the stamp a fix checks before it writes.
struct Loaded {
    text: Arc<str>,
    /// `None` when the pre-pass dropped it to keep memory flat ([`KEPT_PLAN_BYTES`]).
    doc: Option<Document>,
    stamp: Option<write::Stamp>,
}

impl Loaded {
    /// The parsed plan: the one the pre-pass kept, or parsed now.
    fn take_document(&mut self, path: &Path) -> Document {
        self.doc
            .take()
            .unwrap_or_else(|| crate::document::parse::parse(path, self.text.clone()))
    }
}

/// How much plan text (bytes) the symbol pre-pass keeps parsed for the lint pass. A
/// parsed plan takes about six times its text; a run of a few plans (a commit, a pull
/// request, an editor) parses each once, and a run of thousands keeps memory flat by
/// parsing the plans past this budget again in the lint pass.
const KEPT_PLAN_BYTES: usize = 1 << 20;

/// One job: the input, its repository root, the linter of its configuration, and
/// (once read) the plan or why not.
struct Job {
    input: Input,
    root: PathBuf,
    linter: Arc<Linter>,
    loaded: Option<Result<Loaded, String>>,
    /// What the symbol pre-pass read, when it did not keep the text (past
    /// [`KEPT_PLAN_BYTES`]): its length and [`digest`]. The lint pass reads the file
    /// again and refuses a text that differs, since the index was built from this one.
    read: Option<(usize, u64)>,
}

/// A digest of a plan's text, to tell whether the lint pass read the text the symbol
/// pre-pass read (fixed keys: the same text gives the same digest in every run).
fn digest(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

fn run_in_pool(
    options: &Options,
    on_event: &mut (dyn FnMut(Event) + Send),
) -> Result<Summary, RunError> {
    let cwd = &options.cwd;
    let fixed = fixed_config(options)?;
    if let Some(root) = &options.root
        && !root.is_dir()
    {
        return Err(RunError::usage(format!(
            "--root {}: not a directory",
            root.display()
        )));
    }
    let paths = &options.paths;
    let dash = paths.iter().any(|p| p == Path::new("-"));
    if dash && paths.len() > 1 {
        return Err(RunError::usage(
            "`-` (standard input) cannot be combined with other paths",
        ));
    }
    // `--stdin-filename X` alone reads standard input, as `- --stdin-filename X` does.
    let stdin_requested = dash || (paths.is_empty() && options.stdin_filename.is_some());
    if options.stdin_filename.is_some() && !stdin_requested {
        return Err(RunError::usage(
            "--stdin-filename reads standard input: give no paths, or `-` alone",
        ));
    }
    let mut scopes = scopes_for(options, fixed)?;
    // Standard input without a name has no file name to check: PL003 is skipped.
    let unnamed_stdin = stdin_requested && options.stdin_filename.is_none();
    let mut summary = Summary {
        fixing: options.fixing,
        ..Summary::default()
    };
    let inputs: Vec<Input> = if stdin_requested {
        let text = match &options.stdin {
            Some(t) => t.clone(),
            None => {
                source::read_stdin().map_err(|e| RunError::usage(format!("standard input: {e}")))?
            }
        };
        let name = options
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("-"));
        vec![Input::Stdin { name, text }]
    } else {
        let found = discover::discover_in(paths, &mut scopes)?;
        // Directories the walk could not read: plans may be missing, so the run fails.
        for p in found.problems {
            summary.totals.failed += usize::from(p.error);
            on_event(Event::Notice(Notice::Walk {
                error: p.error,
                message: p.message,
                path: p.path,
            }));
        }
        if found.files.is_empty() {
            let named = if paths.is_empty() {
                let here = scopes.index_for(&cwd.join("plan.md"))?;
                scopes.linter(here).config.contract.export_dir.clone()
            } else {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                names.join(", ")
            };
            on_event(Event::Notice(Notice::NoPlans { named }));
        }
        found.files.into_iter().map(Input::File).collect()
    };
    let mut jobs: Vec<Job> = Vec::with_capacity(inputs.len());
    for input in inputs {
        let scope = scopes.index_for(input.path())?;
        jobs.push(Job {
            root: scopes.root_for(scope, input.path()),
            linter: scopes.linter(scope).clone(),
            input,
            loaded: None,
            read: None,
        });
    }
    let file_name_rule_runs = |job: &Job| {
        job.linter
            .rules()
            .iter()
            .any(|(r, _)| r.code() == FILE_NAME_RULE)
    };
    if unnamed_stdin && jobs.iter().any(file_name_rule_runs) {
        on_event(Event::Notice(Notice::StdinUnnamed));
    }
    let writing = matches!(options.fixing, Fixing::Write(_));
    if writing {
        for note in sweep_stale_temps(&jobs) {
            on_event(Event::Notice(Notice::Sweep(note)));
        }
    }
    let symbol_indexes = build_symbol_indexes(&mut jobs, writing, options.fixing.mode().is_some());
    let views = FsViews::default();
    // Files are linted in parallel, a batch at a time, and each batch is handed over
    // in file order before the next starts.
    let batch = (rayon::current_num_threads() * 32).max(64);
    for jobs in jobs.chunks_mut(batch) {
        let mut files: Vec<FileResult> = jobs
            .par_iter_mut()
            .map(|job| {
                let symbols = symbol_indexes.get(&job.root);
                let linter = job.linter.clone();
                lint_one(&linter, &views, job, options.fixing, symbols)
            })
            .collect();
        if unnamed_stdin {
            for f in &mut files {
                f.diagnostics.retain(|d| d.code != FILE_NAME_RULE);
            }
        }
        for f in &files {
            summary.add(f);
        }
        on_event(Event::Files(files));
    }
    Ok(summary)
}

/// The one configuration of a run with `--config FILE` or `--no-config` (`None`: one
/// per plan, found from its directory).
pub(crate) fn fixed_config(options: &Options) -> Result<Option<Config>, RunError> {
    Ok(match &options.config {
        ConfigChoice::Discover => None,
        choice => Some(choice.load(&options.cwd).map_err(RunError::Config)?),
    })
}

/// The run's configurations: `fixed` for every plan, else one per config file the
/// plans use (see [`Scopes`]).
pub(crate) fn scopes_for(options: &Options, fixed: Option<Config>) -> Result<Scopes, RunError> {
    Ok(Scopes::new(
        fixed,
        options.cwd.clone(),
        options.root.clone(),
        options.selection.clone(),
        options.report_unused_disables,
    )?)
}

/// Reads, checks and parses one input (see [`Loaded`]).
fn load(input: &Input, writing: bool) -> Result<Loaded, String> {
    // What a fix will check before it replaces the file (another process may write it).
    let stamp = match input {
        Input::File(p) if writing => write::Stamp::of(p),
        _ => None,
    };
    let text = match input {
        Input::File(p) => source::read_file(p).map_err(|e| e.to_string())?,
        Input::Stdin { text, .. } => text.clone(),
    };
    // Lists nested past what comrak parses in linear time: refused, like a binary file.
    crate::document::parse::check_nesting(&text).map_err(|e| e.to_string())?;
    let doc = Some(crate::document::parse::parse(input.path(), text.clone()));
    Ok(Loaded { text, doc, stamp })
}

/// The symbol rules (PL307–PL309) need one index per repository root, built from the
/// names every plan of that root mentions, before any plan is linted: the repository
/// is scanned at most once per run. Names come from every plan's code spans (a superset
/// of the rules' candidates); no scan happens when no rule needs it or no plan names a
/// symbol. The plans parsed here are kept in their jobs for the lint pass, up to
/// [`KEPT_PLAN_BYTES`] of plan text (none when fixing, which parses anew).
///
/// With several configurations, only the plans whose linter runs a symbol rule are read
/// here, and a root's index never counts as evidence any plan of the run nor the plans
/// directory (`export_dir`) of any configuration its plans use.
fn build_symbol_indexes(
    jobs: &mut [Job],
    writing: bool,
    fixing: bool,
) -> HashMap<PathBuf, SymbolIndex> {
    let wanted = |job: &Job| symbols::rules_active(&*job.linter);
    if !jobs.iter().any(wanted) {
        return HashMap::new();
    }
    // A batch at a time, so that at most one batch of parsed plans beyond the budget is
    // alive at once. A fix parses its text anew on every pass: no plan is kept for it.
    let mut budget = if fixing { 0 } else { KEPT_PLAN_BYTES };
    let batch = (rayon::current_num_threads() * 32).max(64);
    let mut names_of: HashMap<PathBuf, BTreeSet<String>> = HashMap::new();
    for chunk in jobs.chunks_mut(batch) {
        let mut per_job: Vec<BTreeSet<String>> = Vec::with_capacity(chunk.len());
        per_job.par_extend(chunk.par_iter_mut().map(|job| {
            if !wanted(job) {
                return BTreeSet::new();
            }
            let loaded = load(&job.input, writing);
            // an unreadable plan names nothing; the lint pass reports it
            let names = loaded
                .as_ref()
                .ok()
                .and_then(|l| l.doc.as_ref())
                .map(symbols::names_in_document)
                .unwrap_or_default();
            job.loaded = Some(loaded);
            names
        }));
        for (job, set) in chunk.iter_mut().zip(per_job) {
            names_of.entry(job.root.clone()).or_default().extend(set);
            let Some(Ok(loaded)) = &mut job.loaded else {
                continue;
            };
            match budget.checked_sub(loaded.text.len()) {
                Some(rest) => budget = rest,
                None => {
                    budget = 0;
                    // Past the budget nothing of the plan is kept (memory stays flat
                    // with thousands of plans): the lint pass reads it again.
                    if matches!(job.input, Input::File(_)) {
                        job.read = Some((loaded.text.len(), digest(&loaded.text)));
                        job.loaded = None;
                    } else {
                        loaded.doc = None;
                    }
                }
            }
        }
    }
    let mut names: HashMap<&PathBuf, (BTreeSet<String>, HashSet<PathBuf>)> = HashMap::new();
    // the (root, export_dir) pairs whose plans directory is excluded already
    let mut plans_dirs: HashSet<(&PathBuf, &str)> = HashSet::new();
    for job in jobs.iter() {
        let entry = names.entry(&job.root).or_default();
        let export_dir = job.linter.config.contract.export_dir.as_str();
        if plans_dirs.insert((&job.root, export_dir)) {
            // Plans are not the code they describe: the plans directory (`EXPORT/`)
            // is never evidence that a symbol exists.
            let dir = export_dir.trim_matches(['.', '/']);
            let plans_dir = (!dir.is_empty())
                .then(|| std::path::absolute(job.root.join(dir)).ok())
                .flatten();
            entry.1.extend(plans_dir);
        }
        if let Some(set) = names_of.remove(&job.root) {
            entry.0.extend(set);
        }
        if let Input::File(p) = &job.input {
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
/// in file order. Returns the notes.
fn sweep_stale_temps(jobs: &[Job]) -> Vec<String> {
    let run_start = std::time::SystemTime::now();
    let mut seen = HashSet::new();
    let mut notes = Vec::new();
    for job in jobs {
        let Input::File(p) = &job.input else {
            continue;
        };
        // The plan's directory as named, then (a symlinked plan) its target's.
        let real = std::fs::canonicalize(p).ok();
        for file in std::iter::once(p).chain(real.as_ref()) {
            let dir = match file.parent() {
                Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
                _ => PathBuf::from("."),
            };
            if seen.insert(dir.clone()) {
                notes.extend(write::sweep_stale(&dir, run_start));
            }
        }
    }
    notes
}

/// Lints (or fixes, and writes) one plan.
fn lint_one(
    linter: &Linter,
    views: &FsViews,
    job: &mut Job,
    fixing: Fixing,
    symbols: Option<&SymbolIndex>,
) -> FileResult {
    let input = &job.input;
    let path = input.path();
    let stdin = matches!(input, Input::Stdin { .. });
    let writing = matches!(fixing, Fixing::Write(_));
    let root = job.root.as_path();
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let rel = abs.strip_prefix(root).ok();
    let root_relative = rel.map(|r| r.to_string_lossy().replace('\\', "/"));
    let mut loaded = match job.loaded.take().unwrap_or_else(|| load(input, writing)) {
        Ok(l)
            if job
                .read
                .is_some_and(|r| r != (l.text.len(), digest(&l.text))) =>
        {
            let mut failed = FileResult::failed(
                path,
                "changed while plan-lint was reading it (its symbols were looked up in the text read first): run plan-lint again",
                stdin,
            );
            failed.root_relative = root_relative;
            return failed;
        }
        Ok(l) => l,
        Err(e) => {
            let mut failed = FileResult::failed(path, e, stdin);
            failed.root_relative = root_relative;
            return failed;
        }
    };
    let fs = views.get(root);
    let mut result = FileResult {
        path: path.to_path_buf(),
        root_relative,
        stdin,
        document: None,
        diagnostics: Vec::new(),
        fix: None,
        failure: None,
    };
    let Some(mode) = fixing.mode() else {
        let doc = loaded.take_document(path);
        result.diagnostics = linter.lint_document_with(&doc, &fs, rel, symbols);
        result.document = Some(doc);
        return result;
    };
    let text = loaded.text.clone();
    let fixed = fix::fix_document_with(linter, &fs, path, rel, &text, mode, symbols);
    let file_fix = FileFix {
        original: text.clone(),
        fixed: fixed.output,
        applied: fixed.applied,
        passes: fixed.passes,
        converged: fixed.converged,
    };
    if writing && !stdin && file_fix.changed() {
        let expected = write::Expected {
            bytes: text.as_bytes(),
            stamp: loaded.stamp,
        };
        if let Err(e) =
            write::replace_if_unchanged(path, Some(root), expected, file_fix.fixed.as_bytes())
        {
            // Nothing was written: the findings are those of the file as read.
            result.failure = Some(FileFailure {
                message: e.reason(),
                unwritten: true,
            });
            let doc = loaded.take_document(path);
            result.diagnostics = linter.lint_document_with(&doc, &fs, rel, symbols);
            result.document = Some(doc);
            result.fix = Some(file_fix);
            return result;
        }
    }
    result.document = Some(crate::document::parse::parse(
        path,
        Arc::from(file_fix.fixed.as_str()),
    ));
    result.diagnostics = fixed.remaining;
    result.fix = Some(file_fix);
    result
}
