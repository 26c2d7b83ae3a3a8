//! Discover: turn the command line's paths into the list of plan files to lint, and
//! find each plan's repository root.

use crate::engine::config::Config;
use crate::workspace::fs_view::IgnoreRules;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A path on the command line that names nothing.
#[derive(Debug, Clone)]
pub(crate) enum DiscoverError {
    NotFound(PathBuf),
    BadGlob { pattern: String, message: String },
    NoDefault(PathBuf),
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

/// Config `include`/`exclude`, matched on the path relative to the config's directory.
struct Filter<'c> {
    config: &'c Config,
    base: PathBuf,
}

impl Filter<'_> {
    fn rel(&self, path: &Path) -> String {
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let rel = abs.strip_prefix(&self.base).unwrap_or(&abs);
        rel.to_string_lossy().replace('\\', "/")
    }

    fn excluded(&self, path: &Path) -> bool {
        self.config
            .exclude
            .as_ref()
            .is_some_and(|g| g.is_match(self.rel(path)))
    }

    fn included(&self, path: &Path) -> bool {
        self.config
            .include
            .as_ref()
            .is_none_or(|g| g.is_match(self.rel(path)))
    }
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
    keep: impl Fn(&Path) -> bool,
) {
    let rules = Arc::new(ignore_rules(dir, root));
    let walker = rules.walk_builder(dir, |_| true).hidden(true).build();
    let drain = |problems: &mut Vec<Problem>| {
        for p in rules.take_problems() {
            problems.push(Problem {
                error: false,
                message: p.message,
            });
        }
    };
    for entry in walker {
        drain(problems);
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(Problem {
                    error: true,
                    message: e.to_string(),
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
    /// What happened, with the path.
    pub message: String,
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
/// (with no paths, `./<export_dir>`), with the `--root` of the command line (which, like
/// the config's `root`, bounds the ignore files that apply to the walks).
pub(crate) fn discover_in(
    paths: &[PathBuf],
    config: &Config,
    cli_root: Option<&Path>,
) -> Result<Discovered, DiscoverError> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut roots = RootFinder::new(cli_root.map(Path::to_path_buf), config, cwd);
    let mut root_of = |dir: &Path| roots.root_for(&dir.join("plan.md"));
    let base = std::path::absolute(&config.dir).unwrap_or_else(|_| config.dir.clone());
    let filter = Filter { config, base };
    let default;
    let paths = if paths.is_empty() {
        let dir = PathBuf::from(&config.contract.export_dir);
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
    for p in paths {
        if p.is_dir() {
            let root = root_of(p);
            walk(p, &root, &mut out, &mut problems, |f| {
                filter.included(f) && !filter.excluded(f)
            });
        } else if p.exists() || p.symlink_metadata().is_ok() {
            // Named explicitly: linted whatever its extension; `exclude` still applies
            // (pre-commit passes every staged file by name).
            if !filter.excluded(p) {
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
            let root = root_of(Path::new("."));
            walk(Path::new("."), &root, &mut found, &mut problems, |f| {
                glob.is_match(clean(f)) && !filter.excluded(f)
            });
            out.extend(found);
        } else {
            return Err(DiscoverError::NotFound(p.clone()));
        }
    }
    out.sort();
    out.dedup();
    Ok(Discovered {
        files: out,
        problems,
    })
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
