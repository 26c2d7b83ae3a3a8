//! A set of normalised repository paths that answers "is this path, or one above or
//! below it, in the set?" in time proportional to the path's length, not the set's size.
//!
//! The impact table and the steps' Files are compared path by path (PL204, PL304,
//! PL305, PL306, PL308): with a list, a plan of `n` rows and `m` step paths costs
//! `n × m` string comparisons, which made multi-megabyte plans take minutes. With this
//! set it costs `n + m` hash lookups per path segment.

use std::collections::HashSet;

/// Normalised paths (`src/app.py`, `docs`; no `./`, no trailing `/`) and every
/// directory above them.
#[derive(Debug, Clone, Default)]
pub struct PathSet {
    /// The paths as inserted.
    exact: HashSet<String>,
    /// Every proper ancestor directory of an inserted path (`src` for `src/app.py`).
    parents: HashSet<String>,
}

impl PathSet {
    pub fn insert(&mut self, path: &str) {
        for parent in ancestors(path) {
            if !self.parents.insert(parent.to_string()) {
                break; // its ancestors are in already
            }
        }
        self.exact.insert(path.to_string());
    }

    /// Whether `path` itself was inserted.
    pub fn contains(&self, path: &str) -> bool {
        self.exact.contains(path)
    }

    /// Whether an inserted path lies below the directory `path` (`src/a.rs` below `src`).
    pub fn contains_below(&self, path: &str) -> bool {
        !path.is_empty() && self.parents.contains(path)
    }

    /// Whether an inserted, non-empty path is a directory above `path` (`src` above
    /// `src/a.rs`).
    pub fn contains_above(&self, path: &str) -> bool {
        ancestors(path).any(|a| self.exact.contains(a))
    }

    /// The same path, or one above or below it.
    pub fn related(&self, path: &str) -> bool {
        self.contains(path) || self.contains_above(path) || self.contains_below(path)
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
    }
}

/// The proper, non-empty ancestors of a normalised path, nearest first
/// (`a/b/c` → `a/b`, `a`).
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    let mut rest = path;
    std::iter::from_fn(move || {
        let cut = rest.rfind('/')?;
        rest = &rest[..cut];
        Some(rest)
    })
    .filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition the set replaces, checked against it on every pair.
    fn related_by_scan(members: &[&str], path: &str) -> bool {
        members.iter().any(|n| {
            *n == path
                || (!n.is_empty()
                    && (path.starts_with(&format!("{n}/")) || n.starts_with(&format!("{path}/"))))
        })
    }

    #[test]
    fn agrees_with_the_pairwise_definition() {
        let members = ["src/a.rs", "docs", "tests/api/x.rs", "", "a/b/c/d.md"];
        let mut set = PathSet::default();
        for m in members {
            set.insert(m);
        }
        for probe in [
            "src/a.rs",
            "src",
            "src/a.rs/x",
            "src/b.rs",
            "docs",
            "docs/guide.md",
            "doc",
            "docs2/x",
            "tests",
            "tests/api",
            "tests/api/x.rs",
            "tests/ap",
            "",
            "a",
            "a/b",
            "a/b/c",
            "a/b/c/d.md",
            "b",
        ] {
            assert_eq!(
                set.related(probe),
                related_by_scan(&members, probe),
                "{probe:?}"
            );
        }
        assert!(set.contains_above("docs/guide.md"));
        assert!(!set.contains_above("docs"));
        assert!(set.contains_below("tests"));
        assert!(!set.contains_below("tests/api/x.rs"));
        assert!(!set.contains_below(""));
    }
}
