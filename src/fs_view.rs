//! The repository as plan-lint sees it: a case-exact, cached, read-only view of the
//! file tree under one root, shared by every plan (and every thread) in a run.
//!
//! * Existence is case-exact: names are compared against the real directory listing,
//!   never with `Path::exists()` (which says yes to `SRC/Main.rs` on macOS and Windows).
//! * Each directory is listed at most once per run; the listing is cached.
//! * Nothing outside the root is ever read: paths are checked lexically first
//!   (absolute, `~`, drive letters, UNC, `..` escaping the root), and a symlink is
//!   followed only after its resolved target is confirmed to be inside the root.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

/// Why a path written in a plan is not a path inside the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    Absolute,
    Home,
    WindowsDrive,
    Unc,
    EscapesRoot,
    SymlinkOutside,
}

impl PathProblem {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
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
    Found(EntryKind),
    /// Not there. `case_variant` is the path with the case that does exist, if any.
    Missing {
        case_variant: Option<String>,
    },
    Outside(PathProblem),
}

type Listing = BTreeMap<String, RawKind>;

/// A cached, case-exact view of the tree under one root.
#[derive(Debug)]
pub struct FsView {
    root: PathBuf,
    canonical_root: Option<PathBuf>,
    dirs: RwLock<HashMap<String, Option<Arc<Listing>>>>,
    all: OnceLock<Vec<String>>,
}

impl FsView {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        let canonical_root = std::fs::canonicalize(&root).ok();
        FsView {
            root,
            canonical_root,
            dirs: RwLock::new(HashMap::new()),
            all: OnceLock::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn listing(&self, dir: &str) -> Option<Arc<Listing>> {
        if let Some(hit) = self.dirs.read().ok().and_then(|m| m.get(dir).cloned()) {
            return hit;
        }
        let listing = read_listing(&self.root.join(dir)).map(Arc::new);
        if let Ok(mut m) = self.dirs.write() {
            m.insert(dir.to_string(), listing.clone());
        }
        listing
    }

    /// Looks up a normalised repository-relative path (see [`normalize`]).
    pub fn lookup(&self, rel: &str) -> Lookup {
        if rel.is_empty() {
            return Lookup::Found(EntryKind::Dir);
        }
        let parts: Vec<&str> = rel.split('/').collect();
        let mut cur = String::new();
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            let Some(listing) = self.listing(&cur) else {
                return Lookup::Missing { case_variant: None };
            };
            let kind = match listing.get(*part) {
                Some(k) => *k,
                None => {
                    let variant = listing
                        .keys()
                        .find(|k| k.to_lowercase() == part.to_lowercase())
                        .map(|k| join(&cur, k));
                    let case_variant = variant.map(|v| {
                        let rest = &parts[i + 1..];
                        if rest.is_empty() {
                            v
                        } else {
                            format!("{v}/{}", rest.join("/"))
                        }
                    });
                    return Lookup::Missing { case_variant };
                }
            };
            let next = join(&cur, part);
            let kind = match kind {
                RawKind::File => EntryKind::File,
                RawKind::Dir => EntryKind::Dir,
                RawKind::Other => EntryKind::File,
                RawKind::Symlink => match self.resolve_symlink(&next) {
                    Ok(k) => k,
                    Err(Some(problem)) => return Lookup::Outside(problem),
                    Err(None) => return Lookup::Missing { case_variant: None },
                },
            };
            if !last && kind != EntryKind::Dir {
                return Lookup::Missing { case_variant: None };
            }
            if last {
                return Lookup::Found(kind);
            }
            cur = next;
        }
        Lookup::Missing { case_variant: None }
    }

    /// Follows a symlink only when its target stays inside the root.
    fn resolve_symlink(&self, rel: &str) -> Result<EntryKind, Option<PathProblem>> {
        let Some(root) = &self.canonical_root else {
            return Err(None);
        };
        let target = std::fs::canonicalize(self.root.join(rel)).map_err(|_| None)?;
        if !target.starts_with(root) {
            return Err(Some(PathProblem::SymlinkOutside));
        }
        let meta = std::fs::metadata(&target).map_err(|_| None)?;
        Ok(if meta.is_dir() {
            EntryKind::Dir
        } else {
            EntryKind::File
        })
    }

    /// Every file and directory under the root (gitignore honoured, `.git` skipped),
    /// as sorted `/`-joined relative paths. Walked once, on first use.
    pub fn all_paths(&self) -> &[String] {
        self.all.get_or_init(|| {
            let mut out = Vec::new();
            let walker = ignore::WalkBuilder::new(&self.root)
                .hidden(false)
                .require_git(false)
                .follow_links(false)
                .filter_entry(|e| e.file_name() != ".git")
                .build();
            for entry in walker.flatten() {
                if let Ok(rel) = entry.path().strip_prefix(&self.root) {
                    if let Some(s) = rel.to_str() {
                        if !s.is_empty() {
                            out.push(s.replace('\\', "/"));
                        }
                    }
                }
            }
            out.sort();
            out
        })
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

fn read_listing(dir: &Path) -> Option<Listing> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut listing = Listing::new();
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

/// One [`FsView`] per repository root, shared by all plans in a run.
#[derive(Debug, Default)]
pub struct FsViews {
    views: RwLock<HashMap<PathBuf, Arc<FsView>>>,
}

impl FsViews {
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
}
