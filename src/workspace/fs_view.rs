//! The repository as plan-lint sees it: a case-exact, cached, read-only view of the
//! file tree under one root, shared by every plan (and every thread) in a run.
//!
//! * Existence is case-exact: names are compared against the real directory listing,
//!   never with `Path::exists()` (which says yes to `SRC/Main.rs` on macOS and Windows).
//! * Each directory is listed at most once per run; the listing is cached, and so is
//!   its case-folded index (built on the first miss in that directory).
//! * Nothing outside the root is ever looked at. Paths are checked lexically first
//!   (absolute, `~`, drive letters, UNC, `..` escaping the root); then they are walked
//!   one component at a time through the cached listings, with POSIX semantics: a
//!   symlink is read with `readlink` (the link itself is inside the root), its target
//!   is joined to the link's directory and normalised lexically, and the walk stops at
//!   the first component that leaves the root ([`PathProblem::SymlinkOutside`]) —
//!   whatever lies beyond, which is never listed, stat'ed or read. `link/../x` is the
//!   parent of the link's *target*, as the kernel would resolve it.
//! * Ignore files ([`IgnoreRules`]) come from the root and below only, and are read
//!   only when they are regular files ([`open_regular`]).

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufRead, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// Why a path written in a plan is not a path inside the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    /// The path starts with `/` or `\`.
    Absolute,
    /// The path starts with `~`.
    Home,
    /// The path starts with a drive letter (`C:`, `C:\`).
    WindowsDrive,
    /// The path starts with `//` or `\\`.
    Unc,
    /// A `..` climbs above the repository root.
    EscapesRoot,
    /// A symlink on the path points outside the repository root.
    SymlinkOutside,
}

impl PathProblem {
    /// The problem as the end of a sentence that starts with the path (`is an absolute path`).
    pub fn describe(&self) -> &'static str {
        match self {
            PathProblem::Absolute => "is an absolute path",
            PathProblem::Home => "starts with `~` (a home directory)",
            PathProblem::WindowsDrive => "is an absolute Windows path",
            PathProblem::Unc => "is a Windows network (UNC) path",
            PathProblem::EscapesRoot => "uses `..` to leave the repository root",
            PathProblem::SymlinkOutside => {
                "goes through a symlink that points outside the repository root"
            }
        }
    }
}

/// Lexically normalises a repository-relative path: `\` becomes `/`, `.` segments and
/// empty segments are dropped, `..` pops. Returns the `/`-joined path (empty for the
/// root itself).
///
/// This is the path as a key (for comparing plan paths with each other). Whether it
/// exists is [`FsView::lookup_written`]'s question: `link/../x` is `x` here, but on
/// disk it is the parent of the link's target.
pub fn normalize(raw: &str) -> Result<String, PathProblem> {
    let raw = raw.trim();
    if raw.starts_with("\\\\") || raw.starts_with("//") {
        return Err(PathProblem::Unc);
    }
    let b = raw.as_bytes();
    if b.len() >= 2
        && b[0].is_ascii_alphabetic()
        && b[1] == b':'
        && (b.len() == 2 || b[2] == b'\\' || b[2] == b'/')
    {
        return Err(PathProblem::WindowsDrive);
    }
    if raw.starts_with('~') {
        return Err(PathProblem::Home);
    }
    if raw.starts_with('/') || raw.starts_with('\\') {
        return Err(PathProblem::Absolute);
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in raw.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(PathProblem::EscapesRoot);
                }
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// What an existing path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file (or a symlink to one).
    File,
    /// A directory (or a symlink to one).
    Dir,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RawKind {
    File,
    Dir,
    Symlink,
    Other,
}

/// The answer to "does this repository path exist?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The path exists, as a file or a directory.
    Found(EntryKind),
    /// Not there. `case_variant` is the path with the case that does exist, if any.
    Missing {
        /// The path with the case that exists, when only the case differs.
        case_variant: Option<String>,
    },
    /// The path is not a path inside the root.
    Outside(PathProblem),
}

/// One directory's entries (name → kind, from the listing: no `stat`; hashed, so a
/// lookup costs the same in a directory of ten names or of a hundred thousand), and
/// the case-folded index of its names, built once, on the first miss.
#[derive(Debug)]
struct Listing {
    entries: HashMap<String, RawKind>,
    /// Lower-cased name → the first name (in sorted order) with that lower case.
    folded: OnceLock<HashMap<String, String>>,
}

/// How many symlinks one lookup follows before it gives up (Linux's `MAXSYMLINKS`).
const MAX_SYMLINK_HOPS: usize = 40;

/// A cached, case-exact view of the tree under one root.
#[derive(Debug)]
pub struct FsView {
    root: PathBuf,
    /// The root, absolute and lexically normalised; and canonical (computed only when
    /// a symlink has an absolute target). An absolute target inside either is inside.
    absolute_root: OnceLock<Option<PathBuf>>,
    canonical_root: OnceLock<Option<PathBuf>>,
    /// Listings by physical directory (root-relative, `/`-joined, no symlink in it).
    dirs: RwLock<HashMap<String, Option<Arc<Listing>>>>,
    /// Link targets by physical link path.
    links: RwLock<HashMap<String, Option<PathBuf>>>,
    all: OnceLock<Vec<String>>,
    /// Hashes of every path of [`FsView::all_paths`] and of each of its tails after a
    /// `/` (see [`FsView::has_tail`]).
    tails: OnceLock<HashSet<u64>>,
    /// The `.gitignore` files of [`FsView::all_paths`], compiled (see [`FsView::gitignores`]).
    gitignores: OnceLock<Arc<[(String, Gitignore)]>>,
    /// Directory entry names lower-cased so far (for the case-folded indexes).
    folds: AtomicUsize,
    /// Lookups that walked the tree so far.
    walks: AtomicUsize,
}

/// A path component still to walk, and where it came from.
#[derive(Debug)]
struct Pending {
    name: String,
    /// Its index among the written path's components; `None` for a component of a
    /// symlink's target.
    written: Option<usize>,
}

impl FsView {
    /// A view of the tree under `root`; nothing is read until a lookup asks.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        FsView {
            root: root.into(),
            absolute_root: OnceLock::new(),
            canonical_root: OnceLock::new(),
            dirs: RwLock::new(HashMap::new()),
            links: RwLock::new(HashMap::new()),
            all: OnceLock::new(),
            tails: OnceLock::new(),
            gitignores: OnceLock::new(),
            folds: AtomicUsize::new(0),
            walks: AtomicUsize::new(0),
        }
    }

    /// The root the view's paths are relative to, as given.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How many directory entry names the case-folded indexes have lower-cased so far:
    /// each directory's names once, however many lookups miss in it (for tests).
    #[doc(hidden)]
    pub fn names_folded(&self) -> usize {
        self.folds.load(Ordering::Relaxed)
    }

    /// How many lookups have walked the tree so far (for tests: rules that share one
    /// lookup per path walk once per path).
    #[doc(hidden)]
    pub fn walks(&self) -> usize {
        self.walks.load(Ordering::Relaxed)
    }

    fn listing(&self, dir: &str) -> Option<Arc<Listing>> {
        if let Some(hit) = self.dirs.read().ok().and_then(|m| m.get(dir).cloned()) {
            return hit;
        }
        let listing = read_listing(&self.root.join(dir)).map(|entries| {
            Arc::new(Listing {
                entries,
                folded: OnceLock::new(),
            })
        });
        if let Ok(mut m) = self.dirs.write() {
            m.insert(dir.to_string(), listing.clone());
        }
        listing
    }

    /// The name in `listing` whose lower case is `part`'s, if any (the first in sorted
    /// order). The directory's index is built on its first miss and then reused.
    fn case_variant_in(&self, listing: &Listing, part: &str) -> Option<String> {
        let folded = listing.folded.get_or_init(|| {
            let mut index: HashMap<String, String> = HashMap::with_capacity(listing.entries.len());
            // The smallest name of each lower case is kept, whatever the hash order:
            // the index does not depend on the order of the iteration.
            #[expect(
                clippy::iter_over_hash_type,
                reason = "order-independent: keeps the minimum"
            )]
            for name in listing.entries.keys() {
                match index.entry(name.to_lowercase()) {
                    Entry::Vacant(e) => {
                        e.insert(name.clone());
                    }
                    Entry::Occupied(mut e) if name < e.get() => {
                        e.insert(name.clone());
                    }
                    Entry::Occupied(_) => {}
                }
            }
            self.folds
                .fetch_add(listing.entries.len(), Ordering::Relaxed);
            index
        });
        folded.get(&part.to_lowercase()).cloned()
    }

    /// Whether a path written in a plan exists under the root: [`normalize`]'s lexical
    /// checks first (nothing that fails them is looked up), then the walk of
    /// [`FsView::lookup`] over the components as written, so that `..` after a symlink
    /// means the parent of the link's target.
    pub fn lookup_written(&self, written: &str) -> Lookup {
        let rel = match normalize(written) {
            Ok(rel) => rel,
            Err(problem) => return Lookup::Outside(problem),
        };
        let parts: Vec<&str> = written
            .trim()
            .split(['/', '\\'])
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        if parts.contains(&"..") {
            self.walk(&parts)
        } else {
            self.lookup(&rel)
        }
    }

    /// Looks up a repository-relative path (see [`normalize`]; `.` and `..` components
    /// are walked as the kernel would, see the module documentation).
    pub fn lookup(&self, rel: &str) -> Lookup {
        if rel.is_empty() {
            return Lookup::Found(EntryKind::Dir);
        }
        let parts: Vec<&str> = rel.split('/').collect();
        self.walk(&parts)
    }

    /// The component-by-component walk. `resolved` is always a physical directory
    /// under the root (no symlink in it), so every system call names a path inside
    /// the root; a symlink's target is spliced in front of what remains of the path.
    fn walk(&self, parts: &[&str]) -> Lookup {
        self.walks.fetch_add(1, Ordering::Relaxed);
        let mut pending: std::collections::VecDeque<Pending> = parts
            .iter()
            .enumerate()
            .map(|(i, p)| Pending {
                name: p.to_string(),
                written: Some(i),
            })
            .collect();
        let mut resolved: Vec<String> = Vec::new();
        let mut via_link = false;
        let mut hops = 0;
        let mut kind = EntryKind::Dir;
        while let Some(part) = pending.pop_front() {
            if kind != EntryKind::Dir {
                // `file/x`, `file/..`: not a directory.
                return Lookup::Missing { case_variant: None };
            }
            match part.name.as_str() {
                "" | "." => continue,
                ".." => {
                    if resolved.pop().is_none() {
                        return Lookup::Outside(if via_link {
                            PathProblem::SymlinkOutside
                        } else {
                            PathProblem::EscapesRoot
                        });
                    }
                    continue;
                }
                _ => {}
            }
            let dir = resolved.join("/");
            let Some(listing) = self.listing(&dir) else {
                return Lookup::Missing { case_variant: None };
            };
            let Some(raw) = listing.entries.get(&part.name).copied() else {
                let case_variant = part.written.and_then(|i| {
                    let real = self.case_variant_in(&listing, &part.name)?;
                    let mut fixed: Vec<&str> = parts.to_vec();
                    fixed[i] = &real;
                    Some(fixed.join("/"))
                });
                return Lookup::Missing { case_variant };
            };
            match raw {
                RawKind::File | RawKind::Other => kind = EntryKind::File,
                RawKind::Dir => resolved.push(part.name),
                RawKind::Symlink => {
                    hops += 1;
                    if hops > MAX_SYMLINK_HOPS {
                        return Lookup::Missing { case_variant: None };
                    }
                    via_link = true;
                    let link = join(&dir, &part.name);
                    let Some(target) = self.read_link(&link) else {
                        return Lookup::Missing { case_variant: None };
                    };
                    let Some(target) = self.splice(&target, &mut resolved) else {
                        return Lookup::Outside(PathProblem::SymlinkOutside);
                    };
                    for name in target.into_iter().rev() {
                        pending.push_front(Pending {
                            name,
                            written: None,
                        });
                    }
                }
            }
        }
        Lookup::Found(kind)
    }

    /// `readlink` of a link under the root (cached).
    fn read_link(&self, link: &str) -> Option<PathBuf> {
        if let Some(hit) = self.links.read().ok().and_then(|m| m.get(link).cloned()) {
            return hit;
        }
        let target = std::fs::read_link(self.root.join(link)).ok();
        if let Ok(mut m) = self.links.write() {
            m.insert(link.to_string(), target.clone());
        }
        target
    }

    /// The components of a link target to walk next. A relative target continues from
    /// the link's directory (`resolved`, unchanged); an absolute one must lie under the
    /// root (then `resolved` is emptied and the rest below the root is returned), else
    /// `None`: it points outside, and nothing of it is touched.
    fn splice(&self, target: &Path, resolved: &mut Vec<String>) -> Option<Vec<String>> {
        let rest = if target.has_root() {
            let target = lexical(target);
            let under = |root: &Option<PathBuf>| {
                root.as_ref()
                    .and_then(|r| target.strip_prefix(r).ok())
                    .map(Path::to_path_buf)
            };
            let absolute = self
                .absolute_root
                .get_or_init(|| std::path::absolute(&self.root).ok().map(|p| lexical(&p)));
            let rest = match under(absolute) {
                Some(rest) => rest,
                None => {
                    let canonical = self
                        .canonical_root
                        .get_or_init(|| std::fs::canonicalize(&self.root).ok());
                    under(canonical)?
                }
            };
            resolved.clear();
            rest
        } else {
            target.to_path_buf()
        };
        let mut out = Vec::new();
        for c in rest.components() {
            match c {
                Component::Normal(n) => out.push(n.to_str()?.to_string()),
                Component::ParentDir => out.push("..".to_string()),
                Component::CurDir => {}
                // A drive or root inside a relative target: not a path under the root.
                Component::Prefix(_) | Component::RootDir => return None,
            }
        }
        Some(out)
    }

    /// Every file and directory under the root (ignore files of the root and below
    /// honoured, see [`IgnoreRules`]; `.git` skipped), as sorted `/`-joined relative
    /// paths. Walked once, on first use; follows no symlink.
    pub fn all_paths(&self) -> &[String] {
        self.all.get_or_init(|| {
            let mut out = Vec::new();
            let rules = Arc::new(IgnoreRules::for_root(&self.root));
            let walker = rules
                .walk_builder(&self.root, |e| e.file_name() != ".git")
                .hidden(false)
                .build();
            for entry in walker.flatten() {
                if let Ok(rel) = entry.path().strip_prefix(&self.root)
                    && let Some(s) = rel.to_str()
                    && !s.is_empty()
                {
                    out.push(s.replace('\\', "/"));
                }
            }
            out.sort();
            out
        })
    }

    /// Whether some file or directory of the repository is `rel` or ends with `/rel`
    /// (a bare name, or a path written from a sub-directory: `tests/x.py` run in
    /// `backend/`). One hash lookup: the tails of [`FsView::all_paths`] are hashed once,
    /// on first use (work linear in the listing's bytes). A hash collision can only
    /// accept a path, never report one.
    pub fn has_tail(&self, rel: &str) -> bool {
        let rel = rel.trim_end_matches('/');
        if rel.is_empty() {
            return false;
        }
        self.tails
            .get_or_init(|| {
                let mut set = HashSet::new();
                for p in self.all_paths() {
                    set.insert(tail_hash(p));
                    for (i, _) in p.match_indices('/') {
                        set.insert(tail_hash(&p[i + 1..]));
                    }
                }
                set
            })
            .contains(&tail_hash(rel))
    }
}

impl FsView {
    /// Every `.gitignore` of [`FsView::all_paths`] (the root's and those below it; none
    /// above), as (its directory relative to the root, "" for the root; its matcher,
    /// rooted there), in path order. Read and compiled once, on first use: every plan
    /// of the run shares them. Each is read the way every repository file is read
    /// ([`read_ignore_file`]: a regular file only, opened without blocking,
    /// size-capped), so a FIFO or a `/dev/zero` link named `.gitignore` neither hangs
    /// nor exhausts the run; one that cannot be read gives no rules, and so does a
    /// line that is not a pattern.
    pub fn gitignores(&self) -> Arc<[(String, Gitignore)]> {
        let files = self.gitignores.get_or_init(|| {
            let mut files = Vec::new();
            for p in self.all_paths() {
                let dir = if p == ".gitignore" {
                    ""
                } else if let Some(d) = p.strip_suffix("/.gitignore") {
                    d
                } else {
                    continue;
                };
                let Ok(Some(text)) = read_ignore_file(&self.root.join(p)) else {
                    continue;
                };
                let mut builder = GitignoreBuilder::new(self.root.join(dir));
                for line in String::from_utf8_lossy(&text).lines() {
                    let _ = builder.add_line(None, line);
                }
                if let Ok(gi) = builder.build() {
                    files.push((dir.to_string(), gi));
                }
            }
            files.into()
        });
        Arc::clone(files)
    }
}

fn tail_hash(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same on every run.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// `path` with `.` dropped and `..` applied to what precedes it, without looking at
/// the file system (`a/b/../c` is `a/c`). A `..` at the root stays at the root (`/..`
/// is `/`); a relative path keeps the `..`s that climb above its start (`../a`). The
/// one lexical normaliser of the crate: the configuration's paths, the write wall and
/// this view's root wall.
pub(crate) fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(".."),
            },
            c => out.push(c.as_os_str()),
        }
    }
    out
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

fn read_listing(dir: &Path) -> Option<HashMap<String, RawKind>> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut listing = HashMap::new();
    for entry in entries.flatten() {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let kind = match entry.file_type() {
            Ok(t) if t.is_symlink() => RawKind::Symlink,
            Ok(t) if t.is_dir() => RawKind::Dir,
            Ok(t) if t.is_file() => RawKind::File,
            _ => RawKind::Other,
        };
        listing.insert(name, kind);
    }
    Some(listing)
}

// ───────────────────────────── reading files safely ─────────────────────────────

/// Why [`open_regular`] refused a path.
#[derive(Debug)]
pub enum OpenError {
    /// A FIFO, socket, device, directory or symlink: never opened for reading (a FIFO
    /// would block, `/dev/zero` never ends, a symlink may point out of the root).
    NotRegular,
    /// The open (or its `fstat`) failed.
    Io(io::Error),
}

/// Opens `path` for reading only if it is a regular file: `lstat` first (a special
/// file is never opened: opening some devices has effects), then `open` with
/// `O_NOFOLLOW | O_NONBLOCK` (a symlink or FIFO swapped in meanwhile neither leads out
/// nor blocks), then `fstat` on the open file to be sure. Returns the file and its
/// size; read at most that many bytes (procfs files say 0 and never end).
pub fn open_regular(path: &Path) -> Result<(File, u64), OpenError> {
    let meta = std::fs::symlink_metadata(path).map_err(OpenError::Io)?;
    if !meta.file_type().is_file() {
        return Err(OpenError::NotRegular);
    }
    open_regular_unchecked(path)
}

/// [`open_regular`] without the `lstat`, for a path whose directory listing already
/// said it is a regular file.
pub fn open_regular_unchecked(path: &Path) -> Result<(File, u64), OpenError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        #[cfg(unix)]
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Err(OpenError::NotRegular),
        Err(e) => return Err(OpenError::Io(e)),
    };
    let meta = file.metadata().map_err(OpenError::Io)?;
    if !meta.file_type().is_file() {
        return Err(OpenError::NotRegular);
    }
    Ok((file, meta.len()))
}

// ───────────────────────────── ignore files ─────────────────────────────

/// The largest ignore file read; a larger one is reported (discovery) and not applied.
pub const MAX_IGNORE_FILE: u64 = 4 * 1024 * 1024;

/// Something wrong in an ignore file (a bad pattern, a file too large): a warning,
/// the rest of the rules apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreProblem {
    /// What is wrong, naming the ignore file (and the line, for a bad pattern).
    pub message: String,
}

/// The ignore rules of a tree, read by plan-lint itself (the `ignore` crate's own
/// reading of ignore files is turned off: it reads `.gitignore` files in every
/// directory *above* the walk, follows `.git` files out of the tree, and opens ignore
/// files that are FIFOs or symlinks to `/dev/zero`).
///
/// * Which: `.gitignore` and `.ignore` in `base` (the repository root) and every
///   directory below it, nearest first (in one directory `.ignore` wins), then the
///   repository's own `base/.git/info/exclude` (only when `.git` is a directory). Not
///   the directories above `base`, and not git's global excludes file
///   (`core.excludesFile`, `~/.config/git/ignore`): it is machine-specific, and would
///   make a CI run and a local run of the same commit differ.
/// * How: only regular files ([`open_regular`]), at most [`MAX_IGNORE_FILE`] bytes.
///   Directories that match are not entered (git's semantics: nothing below an ignored
///   directory is re-included).
#[derive(Debug)]
pub struct IgnoreRules {
    /// The directory the rules are rooted at, as a path to open.
    base: PathBuf,
    /// The walk's start, relative to `base`, and the path the caller wrote for it
    /// (messages name files below it as the caller would).
    start_rel: PathBuf,
    start_written: PathBuf,
    per_dir: RwLock<HashMap<PathBuf, Option<Arc<Gitignore>>>>,
    exclude: Option<Gitignore>,
    problems: Mutex<Vec<IgnoreProblem>>,
}

impl IgnoreRules {
    /// Rules for a walk of the repository `root` itself.
    pub fn for_root(root: &Path) -> Self {
        IgnoreRules::new(root, Path::new(""), root)
    }

    /// Rules rooted at `base` for a walk that starts at `base/start_rel`, which the
    /// caller wrote `start_written`. `start_rel` must be a path of real directories
    /// (no symlink), so that no ignore file outside `base` is read through it.
    pub fn new(base: &Path, start_rel: &Path, start_written: &Path) -> Self {
        let mut rules = IgnoreRules {
            base: base.to_path_buf(),
            start_rel: start_rel.to_path_buf(),
            start_written: start_written.to_path_buf(),
            per_dir: RwLock::new(HashMap::new()),
            exclude: None,
            problems: Mutex::new(Vec::new()),
        };
        let git = base.join(".git");
        let real_dir = |p: &Path| std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir());
        if real_dir(&git) && real_dir(&git.join("info")) {
            let path = git.join("info").join("exclude");
            rules.exclude = rules.load(&[path]);
        }
        rules
    }

    /// The ignore files' problems found so far, taken (in the order found).
    pub fn take_problems(&self) -> Vec<IgnoreProblem> {
        std::mem::take(&mut *self.problems.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// Where the ignore files of the directory `rel` (relative to `base`) are opened
    /// and how messages name them.
    fn dir_path(&self, rel: &Path) -> PathBuf {
        match rel.strip_prefix(&self.start_rel) {
            Ok(rest) if rest.as_os_str().is_empty() => self.start_written.clone(),
            Ok(rest) => self.start_written.join(rest),
            Err(_) => self.base.join(rel),
        }
    }

    /// One matcher over the files `paths` (later files win), or `None` when none of
    /// them gives a rule. Bad patterns are recorded (as the `ignore` crate reports
    /// them); like the crate, a file that cannot be read, and a line that is not UTF-8,
    /// are passed over.
    fn load(&self, paths: &[PathBuf]) -> Option<Gitignore> {
        let mut builder = GitignoreBuilder::new(".");
        let mut any = false;
        for path in paths {
            let text = match read_ignore_file(path) {
                Ok(Some(text)) => text,
                Ok(None) => continue,
                Err(message) => {
                    self.push(IgnoreProblem { message });
                    continue;
                }
            };
            let mut errors = Vec::new();
            for (i, line) in io::Cursor::new(text).lines().enumerate() {
                let line = match line {
                    Ok(line) => line,
                    Err(e) if e.kind() == io::ErrorKind::InvalidData => continue,
                    Err(_) => break,
                };
                // A byte-order mark before the first line is not part of a pattern.
                let line = if i == 0 {
                    line.trim_start_matches('\u{feff}')
                } else {
                    &line
                };
                match builder.add_line(Some(path.clone()), line) {
                    Ok(_) => any = true,
                    Err(e) => errors.push(format!("{}: line {}: {e}", path.display(), i + 1)),
                }
            }
            if !errors.is_empty() {
                self.push(IgnoreProblem {
                    message: errors.join("\n"),
                });
            }
        }
        if !any {
            return None;
        }
        builder.build().ok().filter(|g| !g.is_empty())
    }

    fn push(&self, problem: IgnoreProblem) {
        self.problems
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(problem);
    }

    /// The matcher of the directory `rel` (relative to `base`), loaded once.
    fn matcher(&self, rel: &Path) -> Option<Arc<Gitignore>> {
        if let Some(hit) = self.per_dir.read().ok().and_then(|m| m.get(rel).cloned()) {
            return hit;
        }
        let mut map = match self.per_dir.write() {
            Ok(m) => m,
            Err(p) => p.into_inner(),
        };
        // Loaded under the write lock: each directory's files are read once.
        if let Some(hit) = map.get(rel) {
            return hit.clone();
        }
        let dir = self.dir_path(rel);
        let loaded = self
            .load(&[dir.join(".gitignore"), dir.join(".ignore")])
            .map(Arc::new);
        map.insert(rel.to_path_buf(), loaded.clone());
        loaded
    }

    /// Whether `rel` (a path relative to `base`, below it) is ignored: the nearest
    /// directory whose rules match decides; then `.git/info/exclude`.
    pub fn is_ignored(&self, rel: &Path, is_dir: bool) -> bool {
        let mut dir = rel.parent();
        while let Some(d) = dir {
            if let Some(m) = self.matcher(d) {
                let below = rel.strip_prefix(d).unwrap_or(rel);
                match m.matched(below, is_dir) {
                    Match::Ignore(_) => return true,
                    Match::Whitelist(_) => return false,
                    Match::None => {}
                }
            }
            dir = d.parent();
        }
        self.exclude
            .as_ref()
            .is_some_and(|m| m.matched(rel, is_dir).is_ignore())
    }

    /// A walker over `start` (the directory `base/start_rel`, as the caller wrote it)
    /// that applies these rules and `keep`, with every filter of the `ignore` crate
    /// off (so it reads no ignore file itself, and nothing above `start`) and no
    /// symlink followed. Hidden files are not skipped unless the caller says so.
    pub fn walk_builder(
        self: &Arc<Self>,
        start: &Path,
        keep: impl Fn(&ignore::DirEntry) -> bool + Send + Sync + 'static,
    ) -> ignore::WalkBuilder {
        let mut builder = ignore::WalkBuilder::new(start);
        builder
            .standard_filters(false)
            .follow_links(false)
            .require_git(false);
        let rules = Arc::clone(self);
        let start = start.to_path_buf();
        builder.filter_entry(move |e| {
            if !keep(e) {
                return false;
            }
            let Ok(below) = e.path().strip_prefix(&start) else {
                return true;
            };
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            !rules.is_ignored(&rules.start_rel.join(below), is_dir)
        });
        builder
    }
}

/// The text of an ignore file: `Ok(None)` when there is none, when it is not a
/// regular file (a FIFO, a device or a symlink named `.gitignore` is never opened; git
/// does not follow a symlinked `.gitignore` either) or cannot be read (passed over, as
/// the `ignore` crate does); `Err` when it is larger than [`MAX_IGNORE_FILE`].
pub fn read_ignore_file(path: &Path) -> Result<Option<Vec<u8>>, String> {
    let Ok((file, size)) = open_regular(path) else {
        return Ok(None);
    };
    if size > MAX_IGNORE_FILE {
        return Err(format!(
            "{}: larger than {} MiB, not read",
            path.display(),
            MAX_IGNORE_FILE / (1024 * 1024)
        ));
    }
    let mut text = Vec::with_capacity(size as usize);
    if file.take(size).read_to_end(&mut text).is_err() {
        return Ok(None);
    }
    Ok(Some(text))
}

/// One [`FsView`] per repository root, shared by all plans in a run.
#[derive(Debug, Default)]
pub struct FsViews {
    views: RwLock<HashMap<PathBuf, Arc<FsView>>>,
}

impl FsViews {
    /// The view of the tree under `root`, created on first use.
    pub fn get(&self, root: &Path) -> Arc<FsView> {
        if let Some(v) = self.views.read().ok().and_then(|m| m.get(root).cloned()) {
            return v;
        }
        let mut m = match self.views.write() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        m.entry(root.to_path_buf())
            .or_insert_with(|| Arc::new(FsView::new(root)))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_rejects_escapes() {
        assert_eq!(normalize("src/./a/../b.rs"), Ok("src/b.rs".into()));
        assert_eq!(normalize("../x"), Err(PathProblem::EscapesRoot));
        assert_eq!(normalize("a/../../x"), Err(PathProblem::EscapesRoot));
        assert_eq!(normalize("/etc/passwd"), Err(PathProblem::Absolute));
        assert_eq!(normalize("~/x"), Err(PathProblem::Home));
        assert_eq!(normalize("C:\\x"), Err(PathProblem::WindowsDrive));
        assert_eq!(normalize("\\\\server\\share"), Err(PathProblem::Unc));
        assert_eq!(normalize("src\\main.rs"), Ok("src/main.rs".into()));
    }

    #[test]
    fn lookup_is_case_exact() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("src")).unwrap();
        std::fs::write(dir.path().join("src/Main.rs"), "").unwrap();
        let fs = FsView::new(dir.path());
        assert_eq!(fs.lookup("src/Main.rs"), Lookup::Found(EntryKind::File));
        assert_eq!(fs.lookup("src"), Lookup::Found(EntryKind::Dir));
        assert_eq!(
            fs.lookup("SRC/main.rs"),
            Lookup::Missing {
                case_variant: Some("src/main.rs".into())
            }
        );
        assert_eq!(
            fs.lookup("src/Main.rs/x"),
            Lookup::Missing { case_variant: None }
        );
        // Several names with one lower case: the first in sorted order, whatever the
        // order of the listing.
        for name in ["mAin.py", "Main.py", "MAIN.py", "maiN.py"] {
            std::fs::write(dir.path().join("src").join(name), "").unwrap();
        }
        let fs = FsView::new(dir.path());
        assert_eq!(
            fs.lookup("src/main.py"),
            Lookup::Missing {
                case_variant: Some("src/MAIN.py".into())
            }
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_root_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).unwrap();
        std::fs::write(dir.path().join("a.rs"), "").unwrap();
        std::os::unix::fs::symlink("a.rs", dir.path().join("b.rs")).unwrap();
        let fs = FsView::new(dir.path());
        assert_eq!(
            fs.lookup("out"),
            Lookup::Outside(PathProblem::SymlinkOutside)
        );
        assert_eq!(fs.lookup("b.rs"), Lookup::Found(EntryKind::File));
    }

    #[cfg(unix)]
    #[test]
    fn lexical_applies_dot_dot_without_leaving_the_root() {
        let l = |p: &str| lexical(Path::new(p));
        assert_eq!(l("/a/b/../c/./d"), Path::new("/a/c/d"));
        assert_eq!(l("/a/.."), Path::new("/"));
        assert_eq!(l("/a/../.."), Path::new("/"));
        assert_eq!(l("/.."), Path::new("/"));
        assert_eq!(l("a/../../b"), Path::new("../b"));
        assert_eq!(l("../../a"), Path::new("../../a"));
        assert_eq!(l("./a/./b/.."), Path::new("a"));
    }

    #[test]
    fn symlinks_are_walked_lexically_inside_the_root() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join("a/b/Main.rs"), "").unwrap();
        std::fs::write(root.join("a/x.rs"), "").unwrap();
        symlink("a/b", root.join("rel")).unwrap();
        symlink(root.join("a"), root.join("abs")).unwrap();
        symlink("rel", root.join("chain")).unwrap();
        symlink("missing", root.join("dangling")).unwrap();
        symlink("loop", root.join("loop")).unwrap();
        symlink("../..", root.join("a/up2")).unwrap();
        let fs = FsView::new(root);
        assert_eq!(fs.lookup("rel/Main.rs"), Lookup::Found(EntryKind::File));
        assert_eq!(fs.lookup("chain"), Lookup::Found(EntryKind::Dir));
        // An absolute target under the root is inside.
        assert_eq!(fs.lookup("abs/b/Main.rs"), Lookup::Found(EntryKind::File));
        assert_eq!(
            fs.lookup_written("rel/../x.rs"),
            Lookup::Found(EntryKind::File)
        );
        assert_eq!(
            fs.lookup_written("chain/../../a/x.rs"),
            Lookup::Outside(PathProblem::EscapesRoot),
            "lexically above the root: refused before any look-up"
        );
        assert_eq!(
            fs.lookup("dangling"),
            Lookup::Missing { case_variant: None }
        );
        assert_eq!(fs.lookup("loop/x"), Lookup::Missing { case_variant: None });
        assert_eq!(
            fs.lookup("a/up2/x"),
            Lookup::Outside(PathProblem::SymlinkOutside)
        );
        // A case variant keeps the path as written.
        assert_eq!(
            fs.lookup("rel/main.rs"),
            Lookup::Missing {
                case_variant: Some("rel/Main.rs".into())
            }
        );
    }

    #[test]
    fn gitignores_are_compiled_once_per_view() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join(".gitignore"), "*.log\n").unwrap();
        std::fs::write(root.join("a/b/.gitignore"), "gen/\n").unwrap();
        std::fs::write(root.join("a/x.rs"), "").unwrap();
        let fs = FsView::new(root);
        let first = fs.gitignores();
        let dirs: Vec<&str> = first.iter().map(|(d, _)| d.as_str()).collect();
        assert_eq!(dirs, ["", "a/b"]);
        // Later plans get the same matchers: no second scan of the repository.
        std::fs::write(root.join("a/.gitignore"), "*.tmp\n").unwrap();
        assert!(Arc::ptr_eq(&first, &fs.gitignores()));
    }

    #[test]
    fn has_tail_agrees_with_a_scan_of_every_path() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "src/app/main.rs",
            "tests/x.py",
            "backend/tests/x.py",
            "README.md",
        ] {
            std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
            std::fs::write(root.join(f), "").unwrap();
        }
        let fs = FsView::new(root);
        let scan = |rel: &str| {
            let rel = rel.trim_end_matches('/');
            !rel.is_empty()
                && fs
                    .all_paths()
                    .iter()
                    .any(|p| p == rel || p.ends_with(&format!("/{rel}")))
        };
        for probe in [
            "main.rs",
            "app/main.rs",
            "src/app/main.rs",
            "src/app",
            "app/",
            "x.py",
            "tests/x.py",
            "ests/x.py",
            "ain.rs",
            "README.md",
            "src/main.rs",
            "",
            "/",
        ] {
            assert_eq!(fs.has_tail(probe), scan(probe), "{probe:?}");
        }
    }

    #[test]
    fn ignore_rules_nearest_directory_decides() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join(".git/info")).unwrap();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join(".gitignore"), "*.log\ngen/\n").unwrap();
        std::fs::write(root.join("a/.gitignore"), "!keep.log\n*.tmp\n").unwrap();
        std::fs::write(root.join("a/.ignore"), "!x.tmp\n").unwrap();
        std::fs::write(root.join(".git/info/exclude"), "local.rs\n/top.rs\n").unwrap();
        let rules = IgnoreRules::for_root(root);
        let ignored = |p: &str, dir: bool| rules.is_ignored(Path::new(p), dir);
        assert!(ignored("x.log", false));
        assert!(ignored("a/b/y.log", false));
        assert!(!ignored("a/keep.log", false), "a/.gitignore re-includes it");
        assert!(ignored("a/y.tmp", false));
        assert!(!ignored("a/x.tmp", false), ".ignore wins in its directory");
        assert!(ignored("gen", true));
        assert!(!ignored("gen", false), "`gen/` matches directories only");
        assert!(ignored("a/local.rs", false), ".git/info/exclude applies");
        assert!(ignored("top.rs", false));
        assert!(!ignored("a/top.rs", false), "anchored at the root");
        assert!(!ignored("src/lib.rs", false));
        assert!(rules.take_problems().is_empty());
    }
}
