//! Discover: turn the command line's paths into the list of plan files to lint, and
//! find each plan's configuration (the nearest config file, [`Scopes`]) and repository
//! root.

use crate::engine::config::{Config, ConfigError};
use crate::engine::lint::{Linter, Selection, UnknownRule};
use crate::workspace::fs_view::{IgnoreRules, lexical};
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A path on the command line that names nothing.
#[derive(Debug)]
pub(crate) enum DiscoverError {
    NotFound(PathBuf),
    BadGlob {
        pattern: String,
        message: String,
    },
    NoDefault(PathBuf),
    /// A config file found for a plan is invalid.
    Config(Box<ConfigError>),
    /// `--select` or `--ignore` names no rule.
    UnknownRule(UnknownRule),
}

impl fmt::Display for DiscoverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiscoverError::NotFound(p) => write!(f, "{}: no such file or directory", p.display()),
            DiscoverError::BadGlob { pattern, message } => {
                write!(f, "invalid glob `{pattern}`: {message}")
            }
            DiscoverError::NoDefault(p) => write!(
                f,
                "no paths given and there is no `{}` directory here; pass the plans to lint",
                p.display()
            ),
            DiscoverError::Config(e) => write!(f, "{e}"),
            DiscoverError::UnknownRule(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for DiscoverError {}

fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

fn has_glob_chars(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

/// Walks a directory for `.md` files, honouring ignore files (also outside a git
/// checkout) and skipping hidden files. What the walk could not read is recorded in
/// `problems`, never dropped: a directory it cannot list may hold plans.
///
/// Ignore files apply from the repository root `root` down (see
/// [`crate::workspace::fs_view::IgnoreRules`]): those in the directories between the root and
/// `dir` too, never those above the root, nor git's global excludes file.
fn walk(
    dir: &Path,
    root: &Path,
    out: &mut Vec<PathBuf>,
    problems: &mut Vec<Problem>,
    mut keep: impl FnMut(&Path) -> bool,
) {
    let rules = Arc::new(ignore_rules(dir, root));
    let walker = rules.walk_builder(dir, |_| true).hidden(true).build();
    let drain = |problems: &mut Vec<Problem>| {
        for p in rules.take_problems() {
            problems.push(Problem {
                error: false,
                message: p.message,
                path: None,
            });
        }
    };
    for entry in walker {
        drain(problems);
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = error_path(&e).map(Path::to_path_buf);
                problems.push(Problem {
                    error: true,
                    message: if path.is_some() {
                        error_cause(&e)
                    } else {
                        e.to_string()
                    },
                    path,
                });
                continue;
            }
        };
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        let path = entry.path();
        if is_file && is_markdown(path) && keep(path) {
            out.push(clean(path));
        }
    }
    drain(problems);
}

/// The ignore rules for a walk of `dir`: rooted at the repository root `root` when
/// `dir` lies below it through real directories (no symlink between them, so no
/// ignore file outside the root is read through one), else at `dir` itself.
fn ignore_rules(dir: &Path, root: &Path) -> IgnoreRules {
    let lexical = |p: &Path| -> Option<PathBuf> {
        let abs = std::path::absolute(p).ok()?;
        let mut out = PathBuf::new();
        for c in abs.components() {
            match c {
                std::path::Component::CurDir => {}
                std::path::Component::ParentDir => {
                    out.pop();
                }
                c => out.push(c.as_os_str()),
            }
        }
        Some(out)
    };
    let own = || IgnoreRules::new(dir, Path::new(""), dir);
    let (Some(abs_dir), Some(abs_root)) = (lexical(dir), lexical(root)) else {
        return own();
    };
    let Ok(rel) = abs_dir.strip_prefix(&abs_root) else {
        return own();
    };
    // Every directory strictly between the root and `dir` must be a real one.
    let mut at = abs_root.clone();
    let mut parts = rel.components().peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            break; // `dir` itself: the caller named it
        }
        at.push(part);
        if !std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir()) {
            return own();
        }
    }
    IgnoreRules::new(&abs_root, rel, dir)
}

/// Something the directory walk could not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// An I/O error (plans may have been missed: the run fails with exit code 2), or
    /// only a warning (an ignore file with a bad pattern).
    pub error: bool,
    /// What happened: with the path when `path` is `None`, else without it.
    pub message: String,
    /// The file or directory it happened to, when the walk names one.
    pub path: Option<PathBuf>,
}

/// What went wrong in an error of the walk, without the path it names
/// (`Permission denied (os error 13)`).
fn error_cause(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_cause(err),
        // a walkdir error wrapped in an io::Error names the path again: its source not
        ignore::Error::Io(io) => io
            .get_ref()
            .and_then(std::error::Error::source)
            .map_or_else(|| io.to_string(), ToString::to_string),
        ignore::Error::Loop { ancestor, .. } => {
            format!("a symbolic link loops back to {}", ancestor.display())
        }
        other => other.to_string(),
    }
}

/// The path an error of the walk names, if it names one.
fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        _ => None,
    }
}

/// What [`discover`] found.
#[derive(Debug, Default)]
pub(crate) struct Discovered {
    /// The plan files, sorted and deduplicated.
    pub files: Vec<PathBuf>,
    /// What the walk could not read, in walk order.
    pub problems: Vec<Problem>,
}

/// `./EXPORT/x.md` → `EXPORT/x.md` (for display).
fn clean(path: &Path) -> PathBuf {
    path.strip_prefix(".")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// The plan files named by `paths` (files, directories, globs), sorted and deduplicated
/// (with no paths, `./<export_dir>` of the working directory's configuration). Each
/// plan's own configuration ([`Scopes`]) decides whether its `include`/`exclude` keep
/// it, and its repository root bounds the ignore files that apply to the walks.
pub(crate) fn discover_in(
    paths: &[PathBuf],
    scopes: &mut Scopes,
) -> Result<Discovered, DiscoverError> {
    let default;
    let paths = if paths.is_empty() {
        let cwd = scopes.cwd.clone();
        let here = scopes.dir_index(&cwd)?;
        let dir = PathBuf::from(&scopes.scopes[here].linter.config.contract.export_dir);
        if !dir.is_dir() {
            return Err(DiscoverError::NoDefault(dir));
        }
        default = vec![dir];
        &default[..]
    } else {
        paths
    };
    let mut out = Vec::new();
    let mut problems = Vec::new();
    // the first invalid config a walk meets (the walk keeps nothing after it)
    let mut failed: Option<DiscoverError> = None;
    for p in paths {
        if p.is_dir() {
            let root = scopes.root_of_dir(p)?;
            walk(p, &root, &mut out, &mut problems, |f| {
                failed.is_none()
                    && match scopes.index_for(f) {
                        Ok(i) => {
                            let scope = &scopes.scopes[i];
                            scope.included(f) && !scope.excluded(f)
                        }
                        Err(e) => {
                            failed = Some(e);
                            false
                        }
                    }
            });
        } else if p.exists() || p.symlink_metadata().is_ok() {
            // Named explicitly: linted whatever its extension; `exclude` still applies
            // (pre-commit passes every staged file by name).
            let i = scopes.index_for(p)?;
            if !scopes.scopes[i].excluded(p) {
                out.push(clean(p));
            }
        } else if let Some(s) = p.to_str().filter(|s| has_glob_chars(s)) {
            let glob = globset::GlobBuilder::new(s.trim_start_matches("./"))
                .literal_separator(true)
                .build()
                .map_err(|e| DiscoverError::BadGlob {
                    pattern: s.to_string(),
                    message: e.kind().to_string(),
                })?
                .compile_matcher();
            let mut found = Vec::new();
            let root = scopes.root_of_dir(Path::new("."))?;
            walk(Path::new("."), &root, &mut found, &mut problems, |f| {
                failed.is_none()
                    && glob.is_match(clean(f))
                    && match scopes.index_for(f) {
                        Ok(i) => !scopes.scopes[i].excluded(f),
                        Err(e) => {
                            failed = Some(e);
                            false
                        }
                    }
            });
            out.extend(found);
        } else {
            return Err(DiscoverError::NotFound(p.clone()));
        }
        if let Some(e) = failed.take() {
            return Err(e);
        }
    }
    out.sort();
    out.dedup();
    Ok(Discovered {
        files: out,
        problems,
    })
}

/// One configuration of a run: its linter (the config with the run's rule selection),
/// and the repository roots of its plans.
pub(crate) struct Scope {
    /// The linter every plan of this configuration is linted with.
    pub linter: Arc<Linter>,
    /// The config's directory, absolute: `include`/`exclude` match paths relative to it.
    base: PathBuf,
    roots: RootFinder,
}

impl Scope {
    fn new(config: Config, scopes: &Scopes) -> Result<Self, DiscoverError> {
        let base = std::path::absolute(&config.dir).unwrap_or_else(|_| config.dir.clone());
        let roots = RootFinder::new(scopes.cli_root.clone(), &config, scopes.cwd.clone());
        let linter = Linter::new(config, &scopes.selection)
            .map_err(DiscoverError::UnknownRule)?
            .with_report_unused_disables(scopes.report_unused_disables);
        Ok(Scope {
            linter: Arc::new(linter),
            base,
            roots,
        })
    }

    /// `path` relative to the config's directory, as `include`/`exclude` match it.
    fn rel(&self, path: &Path) -> String {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let rel = abs.strip_prefix(&self.base).unwrap_or(&abs);
        rel.to_string_lossy().replace('\\', "/")
    }

    fn excluded(&self, path: &Path) -> bool {
        let exclude = self.linter.config.exclude.as_ref();
        exclude.is_some_and(|g| g.is_match(self.rel(path)))
    }

    fn included(&self, path: &Path) -> bool {
        let include = self.linter.config.include.as_ref();
        include.is_none_or(|g| g.is_match(self.rel(path)))
    }
}

/// The configurations of a run, one per config file its plans use: each plan is linted
/// with the nearest `.plan-lint.toml` or `plan-lint.toml` from its directory upwards
/// (stopping at the repository root, see [`Config::discover`]), or with one config for
/// every plan (`--config FILE`, `--no-config`). Each config file is loaded once, and
/// each directory searched once (the answer is cached for it and for every ancestor
/// the search passed), so a run of 10 000 plans in a few directories costs a few
/// searches.
pub(crate) struct Scopes {
    /// `--config` or `--no-config`: scope 0 for every plan, nothing is searched.
    fixed: bool,
    cwd: PathBuf,
    cli_root: Option<PathBuf>,
    selection: Selection,
    report_unused_disables: bool,
    /// Scope 0: the one config (`fixed`), else the defaults, for plans no config
    /// file governs.
    scopes: Vec<Scope>,
    /// Directory (absolute, lexical) → its scope.
    by_dir: HashMap<PathBuf, usize>,
    /// Config file → its scope.
    by_file: HashMap<PathBuf, usize>,
}

impl Scopes {
    /// The scopes of a run from `cwd`: `fixed` is the one config for every plan
    /// (`--config`, `--no-config`), `None` searches per plan. The selection is checked
    /// here, even when no plan is found.
    pub(crate) fn new(
        fixed: Option<Config>,
        cwd: PathBuf,
        cli_root: Option<PathBuf>,
        selection: Selection,
        report_unused_disables: bool,
    ) -> Result<Self, DiscoverError> {
        let mut scopes = Scopes {
            fixed: fixed.is_some(),
            cwd: cwd.clone(),
            cli_root,
            selection,
            report_unused_disables,
            scopes: Vec::new(),
            by_dir: HashMap::new(),
            by_file: HashMap::new(),
        };
        let first = Scope::new(fixed.unwrap_or_else(|| Config::defaults(cwd)), &scopes)?;
        scopes.scopes.push(first);
        Ok(scopes)
    }

    /// The scope of the plan at `path` (relative to the working directory).
    pub(crate) fn index_for(&mut self, path: &Path) -> Result<usize, DiscoverError> {
        if self.fixed {
            return Ok(0);
        }
        let abs = lexical(&self.cwd.join(path));
        let dir = abs.parent().unwrap_or(&abs).to_path_buf();
        self.dir_index(&dir)
    }

    /// The scope of the plans directly in `dir`.
    fn dir_index(&mut self, dir: &Path) -> Result<usize, DiscoverError> {
        if self.fixed {
            return Ok(0);
        }
        let dir = lexical(&self.cwd.join(dir));
        let mut visited = Vec::new();
        let mut cached = None;
        let mut file = None;
        for at in dir.ancestors() {
            if let Some(&i) = self.by_dir.get(at) {
                cached = Some(i);
                break;
            }
            visited.push(at.to_path_buf());
            match Config::discover_here(at) {
                Some(found) => {
                    file = found;
                    break;
                }
                None => continue,
            }
        }
        let index = match (cached, file) {
            (Some(i), _) => i,
            (None, Some(file)) => self.load(file)?,
            (None, None) => 0,
        };
        for at in visited {
            self.by_dir.insert(at, index);
        }
        Ok(index)
    }

    /// The scope of a config file, loaded the first time.
    fn load(&mut self, file: PathBuf) -> Result<usize, DiscoverError> {
        if let Some(&i) = self.by_file.get(&file) {
            return Ok(i);
        }
        let config = Config::load(&file).map_err(|e| DiscoverError::Config(Box::new(e)))?;
        let scope = Scope::new(config, self)?;
        self.scopes.push(scope);
        let index = self.scopes.len() - 1;
        self.by_file.insert(file, index);
        Ok(index)
    }

    /// The linter of scope `index`.
    pub(crate) fn linter(&self, index: usize) -> &Arc<Linter> {
        &self.scopes[index].linter
    }

    /// The repository root of the plan at `path`, in scope `index`.
    pub(crate) fn root_for(&mut self, index: usize, path: &Path) -> PathBuf {
        self.scopes[index].roots.root_for(path)
    }

    /// The repository root of the plans in `dir` (it bounds the ignore files of a walk).
    fn root_of_dir(&mut self, dir: &Path) -> Result<PathBuf, DiscoverError> {
        let plan = dir.join("plan.md");
        let index = self.index_for(&plan)?;
        Ok(self.root_for(index, &plan))
    }
}

/// Finds repository roots: `--root` > config `root` > nearest ancestor holding `.git` >
/// the parent of the export directory the plan lives in > the current directory.
pub(crate) struct RootFinder {
    explicit: Option<PathBuf>,
    export_dir: String,
    cwd: PathBuf,
    cache: HashMap<PathBuf, PathBuf>,
}

impl RootFinder {
    pub(crate) fn new(cli_root: Option<PathBuf>, config: &Config, cwd: PathBuf) -> Self {
        RootFinder {
            explicit: cli_root.or_else(|| config.root.clone()),
            export_dir: config.contract.export_dir.clone(),
            cwd,
            cache: HashMap::new(),
        }
    }

    pub(crate) fn root_for(&mut self, plan: &Path) -> PathBuf {
        if let Some(r) = &self.explicit {
            return r.clone();
        }
        let abs = std::path::absolute(plan).unwrap_or_else(|_| self.cwd.join(plan));
        let dir = abs
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| self.cwd.clone());
        if let Some(hit) = self.cache.get(&dir) {
            return hit.clone();
        }
        let root = dir
            .ancestors()
            .find(|a| a.join(".git").exists())
            .map(Path::to_path_buf)
            .or_else(|| {
                dir.ancestors()
                    .find(|a| a.file_name().is_some_and(|n| n == self.export_dir.as_str()))
                    .and_then(|e| e.parent())
                    .map(Path::to_path_buf)
            })
            .unwrap_or_else(|| self.cwd.clone());
        self.cache.insert(dir, root.clone());
        root
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(cwd: &Path) -> Scopes {
        Scopes::new(None, cwd.to_path_buf(), None, Selection::default(), false).unwrap()
    }

    #[test]
    fn each_directory_is_searched_once_and_each_config_loaded_once() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path();
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("a/EXPORT/deep")).unwrap();
        std::fs::create_dir_all(repo.join("b/EXPORT")).unwrap();
        std::fs::write(repo.join("plan-lint.toml"), "").unwrap();
        std::fs::write(repo.join("b/plan-lint.toml"), "").unwrap();
        let mut s = scopes(repo);
        let top = s.index_for(Path::new("a/EXPORT/deep/plan_x.md")).unwrap();
        let b = s.index_for(Path::new("b/EXPORT/plan_x.md")).unwrap();
        assert_ne!(top, b);
        assert_eq!(s.scopes.len(), 3, "the defaults, the root's, b's");
        // every directory the first search passed is cached: with the config gone, the
        // answers stay (nothing is searched or loaded again)
        std::fs::remove_file(repo.join("plan-lint.toml")).unwrap();
        assert_eq!(s.index_for(Path::new("a/EXPORT/plan_y.md")).unwrap(), top);
        assert_eq!(s.index_for(Path::new("a/plan_z.md")).unwrap(), top);
        assert_eq!(s.index_for(&repo.join("b/EXPORT/plan_y.md")).unwrap(), b);
        assert_eq!(s.scopes.len(), 3);
        // a fresh run finds no config above a/: the defaults (scope 0)
        assert_eq!(scopes(repo).index_for(Path::new("a/plan_z.md")).unwrap(), 0);
    }

    #[test]
    fn an_invalid_config_is_a_configuration_error() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join(".plan-lint.toml"), "colour = 1\n").unwrap();
        let e = scopes(dir.path())
            .index_for(Path::new("plan.md"))
            .unwrap_err();
        assert!(matches!(e, DiscoverError::Config(_)), "{e}");
    }
}
