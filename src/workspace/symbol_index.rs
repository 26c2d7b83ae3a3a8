//! The one repository scan for code symbols (PL307–PL309): where each identifier of a
//! run occurs, and where it seems to be defined.
//!
//! [`SymbolIndex::scan`] walks the repository ONCE for all plans of the run (the
//! `ignore` crate's parallel walker, `.gitignore` honoured) with one Aho-Corasick
//! matcher over every identifier, and records, per identifier, the files where it
//! occurs as a whole identifier (and those that seem to define it). A prefilter in
//! front of the automaton splits each file into identifier runs and drops the runs
//! whose length or first byte no name has; the automaton then only confirms the few
//! runs left (anchored), which is faster than running it over every byte.
//!
//! The names to look for come from the plans ([`crate::analysis::symbol_refs`]); this
//! module knows only identifiers and files.

use crate::workspace::fs_view::{IgnoreRules, OpenError, open_regular_unchecked};
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchKind, StartKind, dfa};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Files larger than this are not read by the scan (they are recorded as skipped, see
/// [`SymbolIndex::skipped`]). Smaller files are read in [`WINDOW`]-sized pieces, so
/// memory does not grow with the file.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// How much of a file the scan holds at once (at least; more when a name is long).
pub const WINDOW: usize = 1024 * 1024;

/// How far [`defines`] looks before and after a match, within its line.
const DEFINES_CONTEXT: usize = 256;

/// A file with a NUL byte in its first `BINARY_PROBE` bytes is binary and not read.
pub const BINARY_PROBE: usize = 8 * 1024;

/// Up to this many names the scan's matcher is an Aho-Corasick DFA; beyond, a hash
/// table of identifiers (see `Matcher`).
const DFA_MAX_PATTERNS: usize = 2000;

/// Directories the scan never enters (besides what `.gitignore` excludes).
pub const SKIPPED_DIRS: [&str; 3] = [".git", "target", "node_modules"];

// ───────────────────────────── identifier syntax ─────────────────────────────

/// Whether `s` is an identifier `[A-Za-z_][A-Za-z0-9_]*` with at least one letter.
pub fn is_identifier(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter().all(|&c| is_ident_byte(c))
        && b.iter().any(|c| c.is_ascii_alphabetic())
}

/// Whether `c` may occur in an identifier: `[A-Za-z0-9_]`.
#[inline]
pub fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

// ───────────────────────────── the repository scan ─────────────────────────────

#[derive(Debug, Default, Clone)]
struct Occurrences {
    /// Files (root-relative, `/`-separated, sorted) where the name occurs whole.
    files: Vec<String>,
    /// The subset of `files` where a line seems to define it (`fn name`, `class
    /// Name`, `NAME = …`, `func (r *T) Name`).
    defined: Vec<String>,
}

/// Why the scan did not read a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Larger than [`MAX_FILE_SIZE`] (its size in bytes).
    TooLarge(u64),
    /// A NUL byte in its first [`BINARY_PROBE`] bytes.
    Binary,
    /// It could not be opened or read (the error, e.g. `permission denied`).
    Unreadable(String),
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::TooLarge(n) => write!(
                f,
                "too large: {n} bytes, over {} MiB",
                MAX_FILE_SIZE / (1024 * 1024)
            ),
            SkipReason::Binary => f.write_str("binary"),
            SkipReason::Unreadable(e) => write!(f, "unreadable: {e}"),
        }
    }
}

/// A file the scan skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    /// Root-relative, `/`-separated.
    pub path: String,
    /// Why the scan skipped it.
    pub reason: SkipReason,
}

/// Extensions of files that hold no source code (images, fonts, media, archives,
/// compiled objects, documents, databases): skipping one leaves no symbol unverified.
const NOT_SOURCE: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "bmp", "ico", "icns", "webp", "tif", "tiff", "psd", "avif",
    "heic", "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "m4a", "wav", "ogg", "flac", "avi",
    "mov", "mkv", "webm", "zip", "gz", "tgz", "bz2", "xz", "zst", "7z", "rar", "tar", "jar", "war",
    "whl", "egg", "exe", "dll", "so", "dylib", "a", "o", "obj", "lib", "class", "pyc", "pyo",
    "wasm", "bin", "dat", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "db",
    "sqlite", "sqlite3", "iso", "img", "dmg", "pack", "idx",
];

/// Extensions of source code (and of the text files code is configured in) that a
/// NUL byte does not make binary: a UTF-16 `.cs` or `.ps1` file is full of them.
const SOURCE: &[&str] = &[
    "rs", "py", "pyi", "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "go", "java", "kt",
    "kts", "scala", "groovy", "gradle", "c", "h", "cc", "cpp", "cxx", "hpp", "hh", "hxx", "m",
    "mm", "cs", "fs", "vb", "swift", "rb", "php", "pl", "pm", "lua", "r", "dart", "ex", "exs",
    "erl", "hrl", "hs", "ml", "mli", "clj", "cljs", "elm", "zig", "nim", "v", "sv", "vhd", "sql",
    "sh", "bash", "zsh", "fish", "ps1", "psm1", "bat", "cmd", "vue", "svelte", "xml", "xaml",
    "json", "yaml", "yml", "toml", "ini", "cfg", "conf", "proto", "graphql", "tf", "txt",
];

impl SkippedFile {
    /// Whether the file could hold a symbol, so that a name not found elsewhere cannot
    /// be said not to exist: a file too large or unreadable, unless its extension is
    /// one of media, archives, objects and the like (`NOT_SOURCE`); a binary file
    /// only when its extension is one of source code (`SOURCE`: a UTF-16 `.cs` file
    /// has NUL bytes; an image, a data file or an executable is no evidence of a
    /// symbol).
    pub fn may_hold_symbols(&self) -> bool {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        let ext = name
            .rsplit_once('.')
            .filter(|(stem, _)| !stem.is_empty())
            .map(|(_, e)| e.to_ascii_lowercase());
        let ext = ext.as_deref();
        match self.reason {
            SkipReason::Binary => ext.is_some_and(|e| SOURCE.contains(&e)),
            SkipReason::TooLarge(_) | SkipReason::Unreadable(_) => {
                !ext.is_some_and(|e| NOT_SOURCE.contains(&e))
            }
        }
    }
}

/// Where each identifier of a run occurs in one repository.
#[derive(Debug, Default)]
pub struct SymbolIndex {
    names: HashMap<String, Occurrences>,
    /// Files read by the scan.
    files_read: usize,
    /// Files skipped (too large, binary, unreadable), sorted by path.
    skipped: Vec<SkippedFile>,
    /// The subset of `skipped` that [`SkippedFile::may_hold_symbols`].
    unverifiable: Vec<SkippedFile>,
}

/// What one file yielded: its path and (pattern, defined there) pairs.
type FileHits = (String, Vec<(u32, bool)>);

impl SymbolIndex {
    /// An index that knows no name (nothing was scanned).
    pub fn empty() -> Self {
        SymbolIndex::default()
    }

    /// Walks `root` once, in parallel, and records for each of `names` (identifiers;
    /// anything else is ignored) the files where it occurs as a whole identifier: the
    /// bytes before and after the match are not `[A-Za-z0-9_]` (the match is a whole
    /// identifier run). Honours the `.gitignore` and `.ignore` files of the root and
    /// below and `.git/info/exclude` (also outside a git repository; see
    /// [`IgnoreRules`]: not those above the root, not git's global excludes); skips
    /// `.git`, `target` and `node_modules`. Reads only regular files (a FIFO, socket
    /// or device is never opened; see [`crate::workspace::fs_view::open_regular`]), at most as
    /// many bytes as `fstat` says they hold, in [`WINDOW`]-sized pieces; files over
    /// [`MAX_FILE_SIZE`], with a NUL byte in their first [`BINARY_PROBE`] bytes, or
    /// that cannot be read are recorded in [`SymbolIndex::skipped`]. Follows no
    /// symlink. When `names` holds no identifier, nothing is read.
    pub fn scan(root: &Path, names: &BTreeSet<String>) -> SymbolIndex {
        Self::scan_excluding(root, names, &HashSet::new())
    }

    /// [`SymbolIndex::scan`], not reading the files and directories in `excluded`
    /// (absolute paths): the plans being linted and the plans directory, which name
    /// every symbol they mention and would otherwise make each of them "occur in the
    /// repository".
    pub fn scan_excluding(
        root: &Path,
        names: &BTreeSet<String>,
        excluded: &HashSet<PathBuf>,
    ) -> SymbolIndex {
        Self::scan_windowed(root, names, excluded, WINDOW)
    }

    /// [`SymbolIndex::scan_excluding`] with windows of (at least) `window` bytes.
    fn scan_windowed(
        root: &Path,
        names: &BTreeSet<String>,
        excluded: &HashSet<PathBuf>,
        window: usize,
    ) -> SymbolIndex {
        let patterns: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| is_identifier(n))
            .collect();
        let mut index = SymbolIndex::default();
        if patterns.is_empty() {
            return index;
        }
        let matcher = Matcher::new(&patterns);
        let results: Mutex<Vec<FileHits>> = Mutex::new(Vec::new());
        let counts: Mutex<(usize, Vec<SkippedFile>)> = Mutex::new((0, Vec::new()));
        let rules = Arc::new(IgnoreRules::for_root(root));
        let walker = rules
            .walk_builder(root, |e| {
                let dir = e.file_type().is_some_and(|t| t.is_dir());
                !(dir && SKIPPED_DIRS.iter().any(|d| e.file_name() == *d))
            })
            .hidden(false)
            .build_parallel();
        // The root made absolute once: each entry's absolute path is a join, not a
        // `getcwd` (`std::path::absolute` of a relative path asks for it every time).
        let abs_root = std::path::absolute(root).ok();
        let absolute = |p: &Path| match (&abs_root, p.strip_prefix(root)) {
            (Some(abs), Ok(rel)) => std::path::absolute(abs.join(rel)),
            _ => std::path::absolute(p),
        };
        walker.run(|| {
            let absolute = &absolute;
            let mut worker = Worker {
                matcher: &matcher,
                root,
                buf: Vec::with_capacity(64 * 1024),
                seen: vec![u32::MAX; patterns.len()],
                generation: 0,
                hits: Vec::new(),
                local: Vec::new(),
                read: 0,
                skipped: Vec::new(),
                window,
                results: &results,
                counts: &counts,
            };
            Box::new(move |entry| {
                if let Ok(entry) = entry {
                    let plan = !excluded.is_empty()
                        && absolute(entry.path()).is_ok_and(|p| excluded.contains(&p));
                    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                    if plan && is_dir {
                        return ignore::WalkState::Skip;
                    }
                    if entry.file_type().is_some_and(|t| t.is_file()) && !plan {
                        worker.file(entry.path());
                    }
                }
                ignore::WalkState::Continue
            })
        });
        let (read, mut skipped) = counts.into_inner().unwrap_or_else(|p| p.into_inner());
        skipped.sort_by(|a, b| a.path.cmp(&b.path));
        index.files_read = read;
        index.unverifiable = skipped
            .iter()
            .filter(|f| f.may_hold_symbols())
            .cloned()
            .collect();
        index.skipped = skipped;
        let results = results.into_inner().unwrap_or_else(|p| p.into_inner());
        for (file, hits) in results {
            for (pid, defined) in hits {
                let entry = index
                    .names
                    .entry(patterns[pid as usize].to_string())
                    .or_default();
                entry.files.push(file.clone());
                if defined {
                    entry.defined.push(file.clone());
                }
            }
        }
        #[expect(
            clippy::iter_over_hash_type,
            reason = "each entry is sorted on its own; the order of entries is not observed"
        )]
        for occ in index.names.values_mut() {
            occ.files.sort();
            occ.defined.sort();
        }
        index
    }

    /// The files (sorted, root-relative, `/`-separated) where `name` occurs as a whole
    /// identifier; empty when it occurs nowhere or was not scanned for.
    pub fn files_of(&self, name: &str) -> &[String] {
        self.names.get(name).map_or(&[], |o| &o.files)
    }

    /// The files among [`SymbolIndex::files_of`] where a line seems to define `name`.
    pub fn defined_in(&self, name: &str) -> &[String] {
        self.names.get(name).map_or(&[], |o| &o.defined)
    }

    /// Whether `name` occurs in `file` (root-relative, `/`-separated).
    pub fn occurs_in(&self, name: &str, file: &str) -> bool {
        self.files_of(name)
            .binary_search_by(|f| f.as_str().cmp(file))
            .is_ok()
    }

    /// How many files the scan read (text files within the size limit).
    pub fn files_read(&self) -> usize {
        self.files_read
    }

    /// How many files the scan skipped (too large, binary or unreadable).
    pub fn files_skipped(&self) -> usize {
        self.skipped.len()
    }

    /// The files the scan skipped, sorted by path.
    pub fn skipped(&self) -> &[SkippedFile] {
        &self.skipped
    }

    /// The skipped files that could hold a symbol ([`SkippedFile::may_hold_symbols`]):
    /// while one of them may, a name found nowhere else is unverified, not missing.
    pub fn unverifiable(&self) -> &[SkippedFile] {
        &self.unverifiable
    }
}

/// Identifier bytes `[A-Za-z0-9_]`, as a table for the scan's inner loop.
static IDENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || c == b'_';
        i += 1;
    }
    t
};

/// Calls `f(start, end)` for every identifier run of `buf` (a maximal run of
/// `[A-Za-z0-9_]`) whose length and first byte some name has: the prefilter in front
/// of the matcher. Most runs of source code are short words (`let`, `self`, `i`) that
/// no plan names, and are dismissed here without touching the automaton.
///
/// Over a window of a larger file ([`Range`]), only the runs that start in
/// `range.lo..range.hi` count, and a run that reaches the end of a window that is not
/// the end of the file is cut, not complete: it does not count either.
#[inline]
fn for_each_candidate_run(
    buf: &[u8],
    range: Range,
    filter: &RunFilter,
    mut f: impl FnMut(usize, usize),
) {
    let n = buf.len();
    let mut i = 0;
    while i < n {
        while i < n && !IDENT[buf[i] as usize] {
            i += 1;
        }
        let s = i;
        while i < n && IDENT[buf[i] as usize] {
            i += 1;
        }
        if s >= range.hi {
            return;
        }
        if i > s
            && s >= range.lo
            && (range.at_end || i < n)
            && filter.first[buf[s] as usize]
            && filter.lengths.get(i - s) == Some(&true)
        {
            f(s, i);
        }
    }
}

/// The part of a window whose identifier runs are matched (see
/// [`for_each_candidate_run`]).
#[derive(Debug, Clone, Copy)]
struct Range {
    lo: usize,
    hi: usize,
    /// The window ends where the file does.
    at_end: bool,
}

impl Range {
    #[cfg(test)]
    fn whole(buf: &[u8]) -> Range {
        Range {
            lo: 0,
            hi: buf.len(),
            at_end: true,
        }
    }
}

/// The lengths and first bytes of the names.
struct RunFilter {
    lengths: Vec<bool>,
    first: [bool; 256],
}

impl RunFilter {
    /// The length of the longest name.
    fn max_len(&self) -> usize {
        self.lengths.len().saturating_sub(1)
    }

    fn new(patterns: &[&str]) -> RunFilter {
        let max_len = patterns.iter().map(|p| p.len()).max().unwrap_or(0);
        let mut f = RunFilter {
            lengths: vec![false; max_len + 1],
            first: [false; 256],
        };
        for p in patterns {
            f.lengths[p.len()] = true;
            f.first[p.as_bytes()[0] as usize] = true;
        }
        f
    }
}

/// Finds the whole-identifier occurrences of a set of identifiers in a buffer: the
/// identifier runs that pass a [`RunFilter`], matched exactly.
enum Matcher {
    /// One Aho-Corasick automaton (an anchored DFA) over every name, stepped byte by
    /// byte over a run: the run is a name when the state after its last byte matches a
    /// name of the run's length. (Stepping the DFA directly avoids the per-call
    /// overhead of a search through the `AhoCorasick` front end, about 1.5x faster.)
    Automaton(Box<dfa::DFA>, StateID, RunFilter),
    /// Beyond [`DFA_MAX_PATTERNS`] names an automaton takes long to build (its
    /// construction grows faster than linearly with thousands of names sharing
    /// prefixes): runs are looked up in a hash table.
    Table(Box<IdentTable>, RunFilter),
}

impl Matcher {
    fn new(patterns: &[&str]) -> Matcher {
        let filter = RunFilter::new(patterns);
        if patterns.len() <= DFA_MAX_PATTERNS {
            let built = dfa::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .start_kind(StartKind::Anchored)
                .build(patterns);
            if let Ok(dfa) = built
                && let Ok(start) = dfa.start_state(Anchored::Yes)
            {
                return Matcher::Automaton(Box::new(dfa), start, filter);
            }
        }
        Matcher::Table(Box::new(IdentTable::new(patterns)), filter)
    }

    fn filter(&self) -> &RunFilter {
        match self {
            Matcher::Automaton(_, _, filter) | Matcher::Table(_, filter) => filter,
        }
    }

    /// Calls `f(pattern, start, end)` for every whole-identifier occurrence.
    #[cfg(test)]
    fn for_each(&self, buf: &[u8], f: impl FnMut(u32, usize, usize)) {
        self.for_each_in(buf, Range::whole(buf), f)
    }

    /// [`Matcher::for_each`] over the runs of a window that `range` counts.
    #[inline]
    fn for_each_in(&self, buf: &[u8], range: Range, mut f: impl FnMut(u32, usize, usize)) {
        match self {
            Matcher::Automaton(dfa, start, filter) => {
                for_each_candidate_run(buf, range, filter, |s, e| {
                    let mut sid = *start;
                    for &b in &buf[s..e] {
                        sid = dfa.next_state(Anchored::Yes, sid, b);
                        if dfa.is_dead(sid) {
                            return;
                        }
                    }
                    if dfa.is_match(sid) {
                        for k in 0..dfa.match_len(sid) {
                            let pid = dfa.match_pattern(sid, k);
                            if dfa.pattern_len(pid) == e - s {
                                f(pid.as_u32(), s, e);
                                return;
                            }
                        }
                    }
                })
            }
            Matcher::Table(table, filter) => for_each_candidate_run(buf, range, filter, |s, e| {
                if let Some(id) = table.get(&buf[s..e]) {
                    f(id, s, e);
                }
            }),
        }
    }
}

/// An open-addressing hash table of identifiers (FxHash).
struct IdentTable {
    slots: Vec<u32>,
    names: Vec<Box<[u8]>>,
    mask: usize,
}

impl IdentTable {
    fn new(patterns: &[&str]) -> IdentTable {
        let cap = (patterns.len() * 2).next_power_of_two().max(16);
        let mut t = IdentTable {
            slots: vec![u32::MAX; cap],
            names: Vec::with_capacity(patterns.len()),
            mask: cap - 1,
        };
        for (id, p) in patterns.iter().enumerate() {
            let b = p.as_bytes();
            let mut i = fx_hash(b) as usize & t.mask;
            while t.slots[i] != u32::MAX {
                i = (i + 1) & t.mask;
            }
            t.slots[i] = id as u32;
            t.names.push(b.into());
        }
        t
    }

    #[inline]
    fn get(&self, word: &[u8]) -> Option<u32> {
        let mut i = fx_hash(word) as usize & self.mask;
        loop {
            let id = self.slots[i];
            if id == u32::MAX {
                return None;
            }
            if *self.names[id as usize] == *word {
                return Some(id);
            }
            i = (i + 1) & self.mask;
        }
    }
}

#[inline]
fn fx_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mut h: u64 = 0;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    h
}

/// One walker thread's state: a reused read buffer and per-file de-duplication.
struct Worker<'s> {
    matcher: &'s Matcher,
    root: &'s Path,
    buf: Vec<u8>,
    /// `seen[pattern] == generation` when the pattern was already found in this file.
    seen: Vec<u32>,
    generation: u32,
    hits: Vec<(u32, bool)>,
    local: Vec<FileHits>,
    read: usize,
    skipped: Vec<SkippedFile>,
    /// The least window size ([`WINDOW`]; smaller in tests).
    window: usize,
    results: &'s Mutex<Vec<FileHits>>,
    counts: &'s Mutex<(usize, Vec<SkippedFile>)>,
}

impl Worker<'_> {
    fn rel(&self, path: &Path) -> String {
        let rel = path.strip_prefix(self.root).unwrap_or(path);
        rel.to_string_lossy().replace('\\', "/")
    }

    fn skip(&mut self, path: &Path, reason: SkipReason) {
        self.hits.clear();
        let path = self.rel(path);
        self.skipped.push(SkippedFile { path, reason });
    }

    /// Scans one file that the walk listed as a regular file.
    fn file(&mut self, path: &Path) {
        let (file, size) = match open_regular_unchecked(path) {
            Ok(f) => f,
            // Not a regular file after all (a FIFO or symlink swapped in): holds no
            // code, and is never read.
            Err(OpenError::NotRegular) => return,
            Err(OpenError::Io(e)) => {
                return self.skip(path, SkipReason::Unreadable(e.kind().to_string()));
            }
        };
        if size > MAX_FILE_SIZE {
            return self.skip(path, SkipReason::TooLarge(size));
        }
        self.generation = self.generation.wrapping_add(1);
        if self.generation == u32::MAX {
            self.seen.iter_mut().for_each(|s| *s = u32::MAX);
            self.generation = 0;
        }
        // At most `size` bytes: a file that grows, or a procfs file that says 0 and
        // never ends (`/proc/kmsg`), is read no further than `fstat` said.
        let mut reader = file.take(size);
        let mut left = size as usize;
        let max_len = self.matcher.filter().max_len();
        // Each window keeps the `keep` bytes before its matched part and after it: a
        // match gets the same look-around in [`defines`] as in the whole file.
        let keep = DEFINES_CONTEXT + max_len;
        let window = self.window.max(4 * (keep + DEFINES_CONTEXT));
        self.buf.clear();
        let mut first = true;
        loop {
            // Fill the window (or to the end of the file), without zeroing it first.
            let want = (window - self.buf.len()).min(left);
            let at_end = match (&mut reader).take(want as u64).read_to_end(&mut self.buf) {
                Ok(got) => {
                    left -= got;
                    got < want || left == 0
                }
                Err(e) => {
                    return self.skip(path, SkipReason::Unreadable(e.kind().to_string()));
                }
            };
            let n = self.buf.len();
            if first && self.buf[..n.min(BINARY_PROBE)].contains(&0) {
                return self.skip(path, SkipReason::Binary);
            }
            let range = Range {
                lo: if first { 0 } else { DEFINES_CONTEXT },
                hi: if at_end { n } else { n - keep },
                at_end,
            };
            let buf = &self.buf;
            let (seen, hits, generation) = (&mut self.seen, &mut self.hits, self.generation);
            self.matcher.for_each_in(buf, range, |pid, s, e| {
                let slot = &mut seen[pid as usize];
                if *slot == generation {
                    // Already found here; only a definition can add something.
                    if let Some(h) = hits.iter_mut().find(|h| h.0 == pid && !h.1) {
                        h.1 = defines(buf, s, e);
                    }
                    return;
                }
                *slot = generation;
                hits.push((pid, defines(buf, s, e)));
            });
            if at_end {
                break;
            }
            // The next window starts `DEFINES_CONTEXT` bytes before this one's `hi`.
            self.buf.drain(..range.hi - DEFINES_CONTEXT);
            first = false;
        }
        self.read += 1;
        if self.hits.is_empty() {
            return;
        }
        let rel = self.rel(path);
        self.local.push((rel, std::mem::take(&mut self.hits)));
    }
}

impl Drop for Worker<'_> {
    fn drop(&mut self) {
        if !self.local.is_empty() {
            let mut results = self.results.lock().unwrap_or_else(|p| p.into_inner());
            results.append(&mut self.local);
        }
        let mut counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
        counts.0 += self.read;
        counts.1.append(&mut self.skipped);
    }
}

/// Keywords after which a name is being defined.
const DEF_KEYWORDS: &[&str] = &[
    "fn",
    "def",
    "class",
    "struct",
    "enum",
    "trait",
    "union",
    "type",
    "interface",
    "func",
    "function",
    "const",
    "static",
    "let",
    "var",
    "val",
    "mod",
    "module",
    "record",
    "object",
    "package",
    "namespace",
    "macro_rules!",
];

/// Modifiers that may precede a method or a constant at the start of a line.
const MODIFIERS: &[&str] = &[
    "export",
    "default",
    "pub",
    "public",
    "private",
    "protected",
    "static",
    "async",
    "readonly",
    "override",
    "abstract",
    "final",
    "get",
    "set",
    "declare",
];

/// Whether the line around the whole-identifier match `s..e` seems to define it:
/// `fn name`, `class Name`, `func (r *T) Name`, `NAME = …` / `NAME: int = …` at the
/// start of a line, or a method header `name(…) {` / `async name(…):`.
fn defines(buf: &[u8], s: usize, e: usize) -> bool {
    let line_start = buf[s.saturating_sub(256)..s]
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(s.saturating_sub(256), |i| s.saturating_sub(256) + i + 1);
    let line_end = buf[e..(e + 256).min(buf.len())]
        .iter()
        .position(|&c| c == b'\n')
        .map_or((e + 256).min(buf.len()), |i| e + i);
    let Ok(before) = std::str::from_utf8(&buf[line_start..s]) else {
        return false;
    };
    let after = String::from_utf8_lossy(&buf[e..line_end]);
    let before_trim = before.trim_end();
    // `keyword name` (with white space between).
    if before_trim.len() < before.len() {
        let last_word = before_trim
            .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '{' || c == ';')
            .next()
            .unwrap_or("");
        if DEF_KEYWORDS.contains(&last_word) {
            return true;
        }
        // Go methods: `func (s *Server) Name(`.
        if before_trim.ends_with(')') && before_trim.trim_start().starts_with("func") {
            return true;
        }
    }
    // Only modifiers before the name on its line.
    let only_modifiers = before
        .split_whitespace()
        .all(|w| MODIFIERS.contains(&w) || w.starts_with("pub("));
    if !only_modifiers {
        return false;
    }
    let after = after.trim_end();
    let rest = after.trim_start();
    // `NAME = 3`, `NAME: int = 3`, `name := …` (not `==`).
    if let Some(eq) = rest.find('=') {
        let head = &rest[..eq];
        let assign = !rest[eq + 1..].starts_with('=')
            && (head.is_empty() || head.starts_with(':'))
            && !head.contains('(');
        if assign {
            return true;
        }
    }
    // A method header: `name(args) {`, `name(args): T {`, `async name(self):`.
    rest.starts_with('(') && (after.ends_with('{') || after.ends_with(':')) && !after.contains(';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions() {
        let d = |line: &str, name: &str| {
            let s = line.find(name).unwrap();
            defines(line.as_bytes(), s, s + name.len())
        };
        assert!(d("pub fn create_app() -> App {", "create_app"));
        assert!(d("def create_app(config):", "create_app"));
        assert!(d("class RateLimiter:", "RateLimiter"));
        assert!(d("MAX_RETRIES = 3", "MAX_RETRIES"));
        assert!(d("MAX_RETRIES: int = 3", "MAX_RETRIES"));
        assert!(d(
            "func (s *Server) Handle(w http.ResponseWriter) {",
            "Handle"
        ));
        assert!(d("export function createApp(): App {", "createApp"));
        assert!(d(
            "  async handle(req: Request): Promise<Response> {",
            "handle"
        ));
        assert!(d("export const MAX_RETRIES = 3;", "MAX_RETRIES"));
        assert!(!d("    let app = create_app();", "create_app"));
        assert!(!d("app = create_app()", "create_app"));
        assert!(!d("if MAX_RETRIES == 3:", "MAX_RETRIES"));
        assert!(!d("    create_app(config);", "create_app"));
    }

    #[test]
    fn scan_finds_whole_identifiers_only() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::create_dir_all(root.join("target")).unwrap();
        std::fs::create_dir_all(root.join("node_modules/x")).unwrap();
        std::fs::write(
            root.join("src/a.rs"),
            "pub fn create_app() {}\nfn app_x() {}\n",
        )
        .unwrap();
        std::fs::write(root.join("src/b.rs"), "let x = create_application();\n").unwrap();
        std::fs::write(root.join("target/c.rs"), "create_app").unwrap();
        std::fs::write(root.join("node_modules/x/d.js"), "create_app").unwrap();
        // Larger than one window: read in pieces, the name found at its end.
        let mut big = vec![b'x'; WINDOW + 10];
        big.extend_from_slice(b" create_app");
        std::fs::write(root.join("src/big.txt"), big).unwrap();
        // Over the hard cap (sparse: no disk used): skipped unread.
        let huge = std::fs::File::create(root.join("src/huge.rs")).unwrap();
        huge.set_len(MAX_FILE_SIZE + 1).unwrap();
        std::fs::write(root.join("src/bin.dat"), b"\0\x01create_app\n").unwrap();
        let names: BTreeSet<String> = ["create_app", "app", "nowhere", "not an ident"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let index = SymbolIndex::scan(root, &names);
        assert_eq!(index.files_of("create_app"), ["src/a.rs", "src/big.txt"]);
        assert_eq!(index.defined_in("create_app"), ["src/a.rs".to_string()]);
        assert!(index.files_of("app").is_empty());
        assert!(index.files_of("nowhere").is_empty());
        assert!(index.occurs_in("create_app", "src/a.rs"));
        assert!(!index.occurs_in("create_app", "src/b.rs"));
        assert_eq!(index.files_read(), 3);
        assert_eq!(
            index.skipped(),
            [
                SkippedFile {
                    path: "src/bin.dat".into(),
                    reason: SkipReason::Binary
                },
                SkippedFile {
                    path: "src/huge.rs".into(),
                    reason: SkipReason::TooLarge(MAX_FILE_SIZE + 1)
                },
            ]
        );
        // An unknown binary (`.dat`) holds no symbol; a huge `.rs` file may.
        assert_eq!(index.unverifiable().len(), 1);
        assert_eq!(index.unverifiable()[0].path, "src/huge.rs");
        let may = |path: &str, reason: SkipReason| {
            SkippedFile {
                path: path.into(),
                reason,
            }
            .may_hold_symbols()
        };
        assert!(may("src/Form.cs", SkipReason::Binary), "UTF-16 source");
        assert!(!may("fsm/grapheme.dfa", SkipReason::Binary));
        assert!(!may("bin/tool", SkipReason::Binary));
        assert!(may("bin/tool", SkipReason::TooLarge(1 << 30)));
        assert!(may("dist/bundle.js", SkipReason::TooLarge(1 << 30)));
        assert!(!may("assets/video.MP4", SkipReason::TooLarge(1 << 30)));
        assert!(may(
            "src/x.rs",
            SkipReason::Unreadable("permission denied".into())
        ));
        assert!(!may(
            "logo.png",
            SkipReason::Unreadable("permission denied".into())
        ));
        let none = SymbolIndex::scan(root, &BTreeSet::new());
        assert_eq!(none.files_read(), 0);
    }

    /// Files read window by window give what the whole file gives: the same names,
    /// the same definitions, with names on, before and after every seam, definition
    /// lines across seams and long identifiers whose tail is a name.
    #[test]
    fn windows_find_what_the_whole_file_has() {
        let names = [
            "create_app",
            "MAX_RETRIES",
            "x",
            "ab",
            "a_name_of_thirty_two_bytes_long_",
        ];
        let vocab: &[&[u8]] = &[
            b"create_app",
            b"MAX_RETRIES",
            b"x",
            b"ab",
            b"a_name_of_thirty_two_bytes_long_",
            b"fn ",
            b"pub ",
            b"let ",
            b" = ",
            b"==",
            b"(",
            b")",
            b" {",
            b":",
            b"\n",
            b"\n",
            b" ",
            b"  ",
            b"_",
            b"9",
            b"xx",
            b"abab",
            b"create_application",
            b";",
        ];
        let dir = tempfile::tempdir().unwrap();
        let mut next = crate::test_rng::xorshift(0x5eed_cafe);
        let mut files = Vec::new();
        for f in 0..120 {
            let size = 2_000 + next(14_000);
            let mut text = Vec::with_capacity(size + 64);
            while text.len() < size {
                if next(40) == 0 {
                    // A long identifier run, sometimes ending in a name.
                    let run = 1 + next(600);
                    text.extend(std::iter::repeat_n(b'q', run));
                    if next(2) == 0 {
                        text.extend_from_slice(b"create_app");
                    }
                } else {
                    text.extend_from_slice(vocab[next(vocab.len() as u64)]);
                }
            }
            let path = format!("f{f}.rs");
            std::fs::write(dir.path().join(&path), &text).unwrap();
            files.push((path, text));
        }
        let set: BTreeSet<String> = names.iter().map(|s| s.to_string()).collect();
        // The least window the scan allows (4 × the look-around): several per file.
        let index = SymbolIndex::scan_windowed(dir.path(), &set, &HashSet::new(), 1);
        assert_eq!(index.files_read(), files.len());
        let matcher = Matcher::new(&names);
        let mut want_files: Vec<Vec<String>> = vec![Vec::new(); names.len()];
        let mut want_defined: Vec<Vec<String>> = vec![Vec::new(); names.len()];
        for (path, text) in &files {
            let mut found = vec![None::<bool>; names.len()];
            matcher.for_each(text, |pid, s, e| {
                let d = defines(text, s, e);
                let slot = &mut found[pid as usize];
                *slot = Some(slot.unwrap_or(false) || d);
            });
            for (i, f) in found.iter().enumerate() {
                if let Some(defined) = f {
                    want_files[i].push(path.clone());
                    if *defined {
                        want_defined[i].push(path.clone());
                    }
                }
            }
        }
        for (i, name) in names.iter().enumerate() {
            want_files[i].sort();
            want_defined[i].sort();
            assert!(!want_files[i].is_empty(), "{name} occurs somewhere");
            assert_eq!(index.files_of(name), want_files[i], "{name}");
            assert_eq!(index.defined_in(name), want_defined[i], "{name}");
        }
    }

    #[test]
    fn both_matchers_find_the_same_whole_identifiers() {
        let text = b"fn create_app() { create_application(); x.create_app; _create_app; app9 app }";
        let names = ["create_app", "app", "app9", "application", "x"];
        let run = |m: &Matcher| {
            let mut found = Vec::new();
            m.for_each(text, |id, s, e| found.push((names[id as usize], s, e)));
            found
        };
        let ac = Matcher::new(&names);
        assert!(matches!(ac, Matcher::Automaton(..)));
        let table = Matcher::Table(Box::new(IdentTable::new(&names)), RunFilter::new(&names));
        assert_eq!(run(&ac), run(&table));
        assert_eq!(
            run(&ac).iter().map(|f| f.0).collect::<Vec<_>>(),
            ["create_app", "x", "create_app", "app9", "app"]
        );
        let many: Vec<String> = (0..DFA_MAX_PATTERNS + 1)
            .map(|i| format!("name_{i}"))
            .collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(matches!(Matcher::new(&many), Matcher::Table(..)));
    }
}
