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

use crate::workspace::definitions::{self, Facts, Lang, MAX_PARSE_SIZE, Parsers};
use std::cell::RefCell;
use std::sync::OnceLock;

thread_local! {
    /// One set of tree-sitter parsers per thread (a parser is `Send`, not `Sync`).
    static PARSERS: RefCell<Parsers> = RefCell::new(Parsers::default());
}
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
    /// Files with a grammar where it occurs: ids into [`SymbolIndex::grammar`], in
    /// path order. What they say (definitions, uses, strings) is read on demand.
    grammar: Vec<u32>,
    /// The subset of `grammar` where a line seems to define it (`fn name`, `class
    /// Name`, `name = …`): where a definition is looked for first.
    grammar_likely: Vec<u32>,
    /// Configuration, data and schema files (`.toml`, `.yaml`, `.json`, `.env`,
    /// `Dockerfile`, `.sql`…) where it occurs: a key or a value, which is what they
    /// define.
    config: Vec<String>,
    /// Source files without a grammar where it occurs: not verified as a definition.
    unverified: Vec<String>,
    /// The subset of `unverified` where a line seems to define it (`fn name`, `class
    /// Name`, `NAME = …`): the help's best guess of where it lives.
    unverified_defined: Vec<String>,
    /// Documents where it occurs.
    documents: Vec<String>,
}

/// A file with a grammar that holds at least one name (or a probe's key), parsed on
/// first use.
#[derive(Debug)]
struct GrammarFile {
    /// Root-relative, `/`-separated.
    path: String,
    lang: Lang,
    /// Its size when scanned: smaller files are parsed first.
    size: u64,
    /// The pattern ids that occur in it (sorted).
    pids: Vec<u32>,
    /// What its syntax tree says; `None` when it could not be read or parsed (too large,
    /// changed into a binary, over the work budget): its occurrences are unverified.
    facts: OnceLock<Option<Facts>>,
}

/// A definition of a name, found by the syntax tree of a file with a grammar.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Definition {
    /// Root-relative, `/`-separated.
    pub file: String,
    /// The 1-based line of the name.
    pub line: u32,
    /// The class, struct, impl type, interface, trait, enum, module or Go receiver type
    /// that holds it; `None` at the top level of its file.
    pub container: Option<Box<str>>,
    /// For a class, what it extends (by last name).
    pub bases: Vec<Box<str>>,
}

/// What kind of evidence a file can give for a name (by its path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileClass {
    /// Source code with a grammar ([`Lang`]): parsed.
    Grammar(Lang),
    /// Prose: `.md`, `.rst`, `.txt`, `README`, `LICENSE`… A mention there is no
    /// evidence that a symbol exists.
    Document,
    /// Configuration, data and schemas: `.toml`, `.yaml`, `.json`, `.ini`, `.env`,
    /// `Dockerfile`, `Makefile`, `.sql`, `.proto`, `.graphql`, `.prisma`…
    Config,
    /// Anything else (source code without a grammar, scripts, templates): an
    /// occurrence is unverified.
    Other,
}

const DOCUMENT_EXTENSIONS: &[&str] = &[
    "md", "markdown", "mdx", "mdown", "rst", "txt", "text", "adoc", "asciidoc", "org", "rdoc",
    "textile", "tex", "pod",
];

const DOCUMENT_NAMES: &[&str] = &[
    "README",
    "LICENSE",
    "LICENCE",
    "CHANGELOG",
    "CHANGES",
    "HISTORY",
    "AUTHORS",
    "CONTRIBUTORS",
    "CONTRIBUTING",
    "NOTICE",
    "COPYING",
    "TODO",
    "NEWS",
];

const CONFIG_EXTENSIONS: &[&str] = &[
    "json",
    "jsonc",
    "json5",
    "yaml",
    "yml",
    "toml",
    "ini",
    "cfg",
    "conf",
    "properties",
    "env",
    "xml",
    "plist",
    "tf",
    "tfvars",
    "hcl",
    "lock",
    "editorconfig",
    "example",
    "sample",
    // Schemas define tables, indexes, messages and types by name.
    "sql",
    "prisma",
    "graphql",
    "gql",
    "proto",
    "thrift",
    "avsc",
    "xsd",
    // Build manifests and data.
    "csproj",
    "fsproj",
    "vbproj",
    "props",
    "targets",
    "sln",
    "jsonl",
    "ndjson",
    "csv",
    "tsv",
];

const CONFIG_NAMES: &[&str] = &[
    "Dockerfile",
    "Containerfile",
    "Makefile",
    "makefile",
    "GNUmakefile",
    "Procfile",
    "Justfile",
    "justfile",
    "Rakefile",
    "Gemfile",
    "Pipfile",
    "Vagrantfile",
    "Jenkinsfile",
];

impl FileClass {
    /// The class of a root-relative path.
    pub fn of_path(path: &str) -> FileClass {
        if let Some(lang) = Lang::of_path(path) {
            return FileClass::Grammar(lang);
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name.split('.').next().unwrap_or(name);
        if name.starts_with(".env")
            || CONFIG_NAMES.contains(&stem)
            || name.starts_with("docker-compose")
            || name.starts_with("compose.")
        {
            return FileClass::Config;
        }
        let ext = name
            .rsplit_once('.')
            .filter(|(stem, _)| !stem.is_empty())
            .map(|(_, e)| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some(e) if DOCUMENT_EXTENSIONS.contains(&e) => FileClass::Document,
            Some(e) if CONFIG_EXTENSIONS.contains(&e) => FileClass::Config,
            _ if DOCUMENT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(stem)) => FileClass::Document,
            _ => FileClass::Other,
        }
    }
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
///
/// The scan itself only finds where each name occurs (one multi-pattern pass); a file
/// with a grammar is parsed the first time a question needs it (and once: the result
/// is kept), so a run parses only the files that decide an answer. Every question has
/// one answer whatever the order of the parses: the index is as deterministic as the
/// repository.
#[derive(Debug, Default)]
pub struct SymbolIndex {
    names: HashMap<String, Occurrences>,
    /// What the scan found for each probe (a name that is not an identifier).
    probes: HashMap<String, ProbeHits>,
    /// The files with a grammar that hold a name, by id.
    grammar: Vec<GrammarFile>,
    /// The names (pattern ids index it) and their lookup table, for parsing on demand.
    patterns: Vec<String>,
    table: Option<IdentTable>,
    /// The probes' texts and their keys' pattern ids.
    probe_keys: Vec<(String, u32)>,
    /// The root, absolute when it could be made so.
    root: PathBuf,
    /// Files read by the scan.
    files_read: usize,
    /// Files skipped (too large, binary, unreadable), sorted by path.
    skipped: Vec<SkippedFile>,
    /// The subset of `skipped` that [`SkippedFile::may_hold_symbols`].
    unverifiable: Vec<SkippedFile>,
}

/// Where the scan found a probe: a text that is not an identifier (`--dry-run`,
/// `/orders`), looked for in the files where its key (its longest identifier run)
/// occurs.
#[derive(Debug, Default, Clone)]
struct ProbeHits {
    /// Files with a grammar where the key occurs (ids, in path order): their string
    /// literals that contain the probe are read on demand.
    grammar: Vec<u32>,
    /// Configuration files and files without a grammar whose text contains the probe
    /// (sorted). Documents never count.
    files: Vec<String>,
    /// Files whose path has the key as a directory or a file stem
    /// (`app/api/orders/route.ts` for `/orders`), sorted: routes declared by the file
    /// layout.
    paths: Vec<String>,
}

/// A probe of the scan, with the pattern id of its key.
struct Probe<'n> {
    text: &'n str,
    key: u32,
}

/// The longest identifier run of `s` (the first of equal length).
fn probe_key(s: &str) -> Option<&str> {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| is_identifier(w))
        .fold(None, |best: Option<&str>, w| match best {
            Some(b) if b.len() >= w.len() => Some(b),
            _ => Some(w),
        })
}

/// What one file yielded: its path, its class, (pattern, a line seems to define it)
/// pairs, and the probes found in its text (`""`) or its path (`"\0"`).
struct FileHits {
    path: String,
    size: u64,
    class: FileClass,
    hits: Vec<(u32, bool)>,
    probes: Vec<(u32, Box<str>)>,
}

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
        let mut patterns: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|n| is_identifier(n))
            .collect();
        // Every other name is a probe, found through its key.
        let mut probes: Vec<Probe<'_>> = Vec::new();
        for n in names.iter().filter(|n| !is_identifier(n)) {
            let Some(key) = probe_key(n) else { continue };
            let id = match patterns.binary_search(&key) {
                Ok(i) => i,
                Err(i) => {
                    patterns.insert(i, key);
                    // Ids after `i` moved up by one.
                    for p in &mut probes {
                        if p.key as usize >= i {
                            p.key += 1;
                        }
                    }
                    i
                }
            };
            probes.push(Probe {
                text: n,
                key: id as u32,
            });
        }
        let mut index = SymbolIndex::default();
        if patterns.is_empty() {
            return index;
        }
        let matcher = Matcher::new(&patterns);
        // Identifier leaves of syntax trees are looked up here.
        let table = IdentTable::new(&patterns);
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
                table: &table,
                probes: &probes,
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
        let mut results = results.into_inner().unwrap_or_else(|p| p.into_inner());
        // In path order: grammar ids, and every list below, are then the same in every
        // run whatever the threads did.
        results.sort_by(|a, b| a.path.cmp(&b.path));
        index.probe_keys = probes.iter().map(|p| (p.text.to_string(), p.key)).collect();
        for file in results {
            index.record(&patterns, file);
        }
        #[expect(
            clippy::iter_over_hash_type,
            reason = "each entry is sorted on its own; the order of entries is not observed"
        )]
        for occ in index.names.values_mut() {
            // The smallest files first: the first evidence is found cheaply.
            let sizes = &index.grammar;
            for list in [&mut occ.grammar, &mut occ.grammar_likely] {
                list.sort_by_key(|&id| (sizes[id as usize].size, id));
            }
            for list in [
                &mut occ.files,
                &mut occ.config,
                &mut occ.unverified,
                &mut occ.unverified_defined,
                &mut occ.documents,
            ] {
                list.sort();
                list.dedup();
            }
        }
        index.patterns = patterns.iter().map(|p| p.to_string()).collect();
        index.table = Some(table);
        index.root = abs_root.unwrap_or_else(|| root.to_path_buf());
        index
    }

    /// Adds what one file yielded (files come in path order).
    fn record(&mut self, patterns: &[&str], file: FileHits) {
        let FileHits {
            path,
            size,
            class,
            hits,
            probes,
        } = file;
        for (i, literal) in &probes {
            let text = self.probe_text(*i);
            let hits = self.probes.entry(text).or_default();
            match &**literal {
                "\0" => hits.paths.push(path.clone()),
                _ => hits.files.push(path.clone()),
            }
        }
        let names = &mut self.names;
        fn slot<'n>(
            names: &'n mut HashMap<String, Occurrences>,
            patterns: &[&str],
            pid: u32,
        ) -> &'n mut Occurrences {
            names.entry(patterns[pid as usize].to_string()).or_default()
        }
        match class {
            FileClass::Grammar(lang) if !hits.is_empty() => {
                let id = self.grammar.len() as u32;
                let mut pids: Vec<u32> = hits.iter().map(|h| h.0).collect();
                pids.sort_unstable();
                for &(pid, likely) in &hits {
                    let e = slot(names, patterns, pid);
                    e.files.push(path.clone());
                    e.grammar.push(id);
                    if likely {
                        e.grammar_likely.push(id);
                    }
                }
                for (text, key) in &self.probe_keys {
                    if pids.binary_search(key).is_ok() {
                        self.probes
                            .entry(text.clone())
                            .or_default()
                            .grammar
                            .push(id);
                    }
                }
                self.grammar.push(GrammarFile {
                    path,
                    lang,
                    size,
                    pids,
                    facts: OnceLock::new(),
                });
            }
            FileClass::Grammar(_) => {}
            FileClass::Document => {
                for &(pid, _) in &hits {
                    let e = slot(names, patterns, pid);
                    e.files.push(path.clone());
                    e.documents.push(path.clone());
                }
            }
            FileClass::Config => {
                for &(pid, _) in &hits {
                    let e = slot(names, patterns, pid);
                    e.files.push(path.clone());
                    e.config.push(path.clone());
                }
            }
            FileClass::Other => {
                for &(pid, defined) in &hits {
                    let e = slot(names, patterns, pid);
                    e.files.push(path.clone());
                    e.unverified.push(path.clone());
                    if defined {
                        e.unverified_defined.push(path.clone());
                    }
                }
            }
        }
    }

    fn probe_text(&self, i: u32) -> String {
        self.probe_keys
            .get(i as usize)
            .map(|(t, _)| t.clone())
            .unwrap_or_default()
    }

    /// The files (sorted, root-relative, `/`-separated) where `name` occurs as a whole
    /// identifier; empty when it occurs nowhere or was not scanned for.
    pub fn files_of(&self, name: &str) -> &[String] {
        self.names.get(name).map_or(&[], |o| &o.files)
    }

    /// What the file with a grammar `id` says, parsed on first use; `None` when it
    /// could not be read or parsed.
    fn facts(&self, id: u32) -> Option<&Facts> {
        let f = &self.grammar[id as usize];
        f.facts.get_or_init(|| self.parse(f)).as_ref()
    }

    fn parse(&self, f: &GrammarFile) -> Option<Facts> {
        let (file, size) = open_regular_unchecked(&self.root.join(&f.path)).ok()?;
        if size > MAX_PARSE_SIZE {
            return None;
        }
        let mut buf = Vec::with_capacity(size as usize);
        file.take(size).read_to_end(&mut buf).ok()?;
        if buf[..buf.len().min(BINARY_PROBE)].contains(&0) {
            return None;
        }
        let table = self.table.as_ref()?;
        let probes: Vec<&[u8]> = self
            .probe_keys
            .iter()
            .filter(|(_, key)| f.pids.binary_search(key).is_ok())
            .map(|(t, _)| t.as_bytes())
            .collect();
        PARSERS.with(|parsers| {
            let mut parsers = parsers.borrow_mut();
            let tree = parsers.parse(f.lang, &buf)?;
            let lookup = |b: &[u8]| table.get(b);
            Some(definitions::analyse(f.lang, &tree, &buf, &lookup, &probes))
        })
    }

    fn pid(&self, name: &str) -> Option<u32> {
        self.table.as_ref()?.get(name.as_bytes())
    }

    /// The files with a grammar where `name` occurs, with what each says (`None`: not
    /// parsed), parsing those `within` accepts (by path) on demand, stopping when `f`
    /// returns `true`. Whether it did.
    fn any_grammar(
        &self,
        name: &str,
        within: &dyn Fn(&str) -> bool,
        f: &mut dyn FnMut(&str, Option<&Facts>, u32) -> bool,
    ) -> bool {
        let (Some(o), Some(pid)) = (self.names.get(name), self.pid(name)) else {
            return false;
        };
        o.grammar.iter().any(|&id| {
            let path = self.grammar[id as usize].path.as_str();
            within(path) && f(path, self.facts(id), pid)
        })
    }

    /// The definitions of pattern `pid` that the file with a grammar `id` holds.
    fn defs_in(&self, id: u32, pid: u32) -> impl Iterator<Item = Definition> + '_ {
        let path = &self.grammar[id as usize].path;
        self.facts(id)
            .map_or(&[][..], |f| &f.defs)
            .iter()
            .filter(move |d| d.pid == pid)
            .map(move |d| Definition {
                file: path.clone(),
                line: d.line,
                container: d.container.clone(),
                bases: d.bases.clone(),
            })
    }

    /// The definitions of `name` in the files `ids` (sorted, each once).
    fn definitions_among(
        &self,
        name: &str,
        ids: impl Fn(&Occurrences) -> &[u32],
    ) -> Vec<Definition> {
        let (Some(o), Some(pid)) = (self.names.get(name), self.pid(name)) else {
            return Vec::new();
        };
        let mut out: Vec<Definition> = ids(o)
            .iter()
            .flat_map(|&id| self.defs_in(id, pid))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The definitions of `name` in files with a grammar, sorted by file and line
    /// (parses every file with a grammar where it occurs).
    pub fn definitions(&self, name: &str) -> Vec<Definition> {
        self.definitions_among(name, |o| &o.grammar)
    }

    /// [`SymbolIndex::definitions`] in the files where a line seems to define `name`
    /// only (a class's `class Name` line): cheap for a name used in many files.
    pub fn likely_definitions(&self, name: &str) -> Vec<Definition> {
        self.definitions_among(name, |o| &o.grammar_likely)
    }

    /// Whether a definition of `name` in a file that `within` accepts satisfies `want`,
    /// among the files where a line seems to define `name` (`fn name`, `def name`,
    /// `class Name`, `name = …`, a method header): where the syntax tree's definitions
    /// are, but for unusual layouts (a name on the line after its keyword). Cheap for a
    /// name that occurs in many files; stops at the first.
    pub fn has_likely_definition(
        &self,
        name: &str,
        within: &dyn Fn(&str) -> bool,
        want: &dyn Fn(&Definition) -> bool,
    ) -> bool {
        let (Some(o), Some(pid)) = (self.names.get(name), self.pid(name)) else {
            return false;
        };
        o.grammar_likely.iter().any(|&id| {
            within(&self.grammar[id as usize].path) && self.defs_in(id, pid).any(|d| want(&d))
        })
    }

    /// The files (sorted, each once) that define `name` ([`SymbolIndex::definitions`]).
    pub fn defined_in(&self, name: &str) -> Vec<String> {
        let mut files: Vec<String> = self.definitions(name).into_iter().map(|d| d.file).collect();
        files.dedup();
        files
    }

    /// The files with a grammar where `name` occurs and whose facts satisfy `keep`
    /// (sorted; parses every such file).
    fn grammar_files_where(
        &self,
        name: &str,
        keep: &dyn Fn(Option<&Facts>, u32) -> bool,
    ) -> Vec<String> {
        let mut out = Vec::new();
        self.any_grammar(name, &|_| true, &mut |path, facts, pid| {
            if keep(facts, pid) {
                out.push(path.to_string());
            }
            false
        });
        out.sort();
        out
    }

    /// The files with a grammar whose code uses `name` as an identifier (not in a
    /// comment or a string); its defining files are among them.
    pub fn code_files(&self, name: &str) -> Vec<String> {
        self.grammar_files_where(name, &|f, pid| {
            f.is_some_and(|f| f.code.binary_search(&pid).is_ok())
        })
    }

    /// The files with a grammar where a string literal is exactly `name`
    /// (`os.environ["ACME_LIMIT"]`, `enqueue("welcome_email")`).
    pub fn string_files(&self, name: &str) -> Vec<String> {
        self.grammar_files_where(name, &|f, pid| {
            f.is_some_and(|f| f.strings.binary_search(&pid).is_ok())
        })
    }

    /// The configuration, data and schema files where `name` occurs
    /// ([`FileClass::Config`]).
    pub fn config_files(&self, name: &str) -> &[String] {
        self.names.get(name).map_or(&[], |o| &o.config)
    }

    /// The files without a grammar where `name` occurs ([`FileClass::Other`]), and the
    /// files with a grammar that could not be parsed: not verified as a definition.
    pub fn unverified_files(&self, name: &str) -> Vec<String> {
        let mut out = self.grammar_files_where(name, &|f, _| f.is_none());
        out.extend(
            self.names
                .get(name)
                .map_or(&[][..], |o| &o.unverified)
                .iter()
                .cloned(),
        );
        out.sort();
        out
    }

    /// Whether `name` occurs, unverified, in a file that `within` accepts: a file without
    /// a grammar, or one with a grammar that could not be parsed (parsing only those).
    pub fn has_unverified_in(&self, name: &str, within: &dyn Fn(&str) -> bool) -> bool {
        self.names
            .get(name)
            .is_some_and(|o| o.unverified.iter().any(|f| within(f)))
            || self.any_grammar(name, within, &mut |_, facts, _| facts.is_none())
    }

    /// Whether `name` occurs in a file without a grammar (without parsing anything).
    pub fn has_unverified(&self, name: &str) -> bool {
        self.names
            .get(name)
            .is_some_and(|o| !o.unverified.is_empty())
    }

    /// The files without a grammar where a line seems to define `name` (`fn name`,
    /// `class Name`, `NAME = …`).
    pub fn unverified_definitions(&self, name: &str) -> &[String] {
        self.names.get(name).map_or(&[], |o| &o.unverified_defined)
    }

    /// The documents where `name` occurs, and the files with a grammar where it occurs
    /// only in comments or inside longer strings: no evidence that it exists.
    pub fn mention_files(&self, name: &str) -> Vec<String> {
        let mut out = self.grammar_files_where(name, &|f, pid| {
            f.is_some_and(|f| {
                f.code.binary_search(&pid).is_err() && f.strings.binary_search(&pid).is_err()
            })
        });
        out.extend(
            self.names
                .get(name)
                .map_or(&[][..], |o| &o.documents)
                .iter()
                .cloned(),
        );
        out.sort();
        out
    }

    /// Whether the source in the files `within` accepts gives evidence of `name`: a use
    /// as code (definitions included) or a string literal that is exactly the name in
    /// a file with a grammar, configuration, or (when `unverified`) an occurrence in a
    /// file without a grammar or one that could not be parsed. Documents, comments and
    /// names inside longer strings do not count. A line of a file with a grammar that
    /// reads as the name's definition (`def name`, `fn name`, `class Name`,
    /// `NAME = …`, a method header; never a comment or a string) is evidence without a
    /// parse; otherwise only the files needed are parsed, up to the first evidence.
    pub fn has_evidence(
        &self,
        name: &str,
        within: &dyn Fn(&str) -> bool,
        unverified: bool,
    ) -> bool {
        let Some(o) = self.names.get(name) else {
            return false;
        };
        // A line that reads as its definition (`def name`, `fn name`, `class Name`,
        // `NAME = …`: not a comment, not a string) needs no parse.
        o.config.iter().any(|f| within(f))
            || (unverified && o.unverified.iter().any(|f| within(f)))
            || o.grammar_likely
                .iter()
                .any(|&id| within(&self.grammar[id as usize].path))
            || self.any_grammar(name, within, &mut |_, facts, pid| match facts {
                Some(f) => {
                    f.code.binary_search(&pid).is_ok() || f.strings.binary_search(&pid).is_ok()
                }
                None => unverified,
            })
    }

    /// Whether the repository's source gives any evidence of `name`
    /// ([`SymbolIndex::has_evidence`] anywhere, unverified occurrences included). A
    /// string literal of the code that is exactly the name counts: environment
    /// variables, configuration keys, job and event names are values the code holds as
    /// strings (`os.environ["ACME_RATE_LIMIT"]`, `enqueue("welcome_email")`). A name
    /// inside a longer string (`"Voucher accepted"`) is a mention.
    pub fn in_source(&self, name: &str) -> bool {
        self.has_evidence(name, &|_| true, true)
    }

    /// Whether `name` occurs in `file` as evidence ([`SymbolIndex::has_evidence`] in
    /// that one file, unverified occurrences included).
    pub fn in_source_file(&self, name: &str, file: &str) -> bool {
        self.occurs_in(name, file) && self.has_evidence(name, &|f| f == file, true)
    }

    /// Whether `name` occurs in `file` at all (as text: a mention too).
    pub fn occurs_in(&self, name: &str, file: &str) -> bool {
        self.files_of(name)
            .binary_search_by(|f| f.as_str().cmp(file))
            .is_ok()
    }

    /// The configuration files and files without a grammar whose text holds the probe
    /// `text` (sorted).
    pub fn probe_files(&self, text: &str) -> &[String] {
        self.probes.get(text).map_or(&[], |h| &h.files)
    }

    /// The files whose path has the probe's key as a directory or a file stem.
    pub fn probe_paths(&self, text: &str) -> &[String] {
        self.probes.get(text).map_or(&[], |h| &h.paths)
    }

    /// Whether a string literal of a file with a grammar (that `within` accepts) holds
    /// the probe `text` and satisfies `want`, with its file (parsing on demand,
    /// stopping at the first).
    pub fn probe_literal(
        &self,
        text: &str,
        within: &dyn Fn(&str) -> bool,
        want: &dyn Fn(&str) -> bool,
    ) -> bool {
        let Some(h) = self.probes.get(text) else {
            return false;
        };
        h.grammar.iter().any(|&id| {
            let path = self.grammar[id as usize].path.as_str();
            within(path)
                && self
                    .facts(id)
                    .is_some_and(|f| f.literals.iter().any(|l| l.contains(text) && want(l)))
        })
    }

    /// How many files with a grammar have been parsed so far (for tests and benchmarks:
    /// the work a run did).
    pub fn files_parsed(&self) -> usize {
        self.grammar
            .iter()
            .filter(|f| f.facts.get().is_some())
            .count()
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
#[derive(Debug)]
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
    table: &'s IdentTable,
    probes: &'s [Probe<'s>],
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
            if self.probes.is_empty() {
                return;
            }
            let rel = self.rel(path);
            let probes = self.path_probes(&rel);
            if !probes.is_empty() {
                self.local.push(FileHits {
                    class: FileClass::of_path(&rel),
                    path: rel,
                    size,
                    hits: Vec::new(),
                    probes,
                });
            }
            return;
        }
        let rel = self.rel(path);
        let class = FileClass::of_path(&rel);
        // The probes whose text a file without a grammar holds (files with a grammar
        // are parsed on demand). The whole text is in `buf` when the file fit one
        // window; a larger file is searched in its last window only.
        let mut probes: Vec<(u32, Box<str>)> = Vec::new();
        if matches!(class, FileClass::Config | FileClass::Other) {
            for (i, p) in self.probes.iter().enumerate() {
                if self.hits.iter().any(|h| h.0 == p.key)
                    && memchr::memmem::find(&self.buf, p.text.as_bytes()).is_some()
                {
                    probes.push((i as u32, "".into()));
                }
            }
        }
        probes.extend(self.path_probes(&rel));
        self.local.push(FileHits {
            path: rel,
            size,
            class,
            hits: std::mem::take(&mut self.hits),
            probes,
        });
    }
}

impl Worker<'_> {
    /// The probes whose key is a directory or a file stem of `rel`, as (probe, "\0").
    fn path_probes(&self, rel: &str) -> Vec<(u32, Box<str>)> {
        let mut out = Vec::new();
        for (i, p) in self.probes.iter().enumerate() {
            let key = self.table.names[p.key as usize].as_ref();
            let mut parts = rel.split('/').peekable();
            while let Some(part) = parts.next() {
                let part = if parts.peek().is_none() {
                    part.split('.').next().unwrap_or(part)
                } else {
                    part
                };
                if part.as_bytes() == key {
                    out.push((i as u32, "\0".into()));
                    break;
                }
            }
        }
        out
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
        let defs = index.definitions("create_app");
        let defs: Vec<(&str, u32)> = defs.iter().map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(defs, [("src/a.rs", 1)]);
        // `big.txt` is a document: a mention, no evidence.
        assert_eq!(index.mention_files("create_app"), ["src/big.txt"]);
        assert_eq!(index.code_files("create_app"), ["src/a.rs"]);
        assert!(index.files_of("app").is_empty());
        assert!(index.files_of("nowhere").is_empty());
        assert!(index.in_source_file("create_app", "src/a.rs"));
        assert!(!index.in_source_file("create_app", "src/b.rs"));
        assert!(!index.in_source_file("create_app", "src/big.txt"));
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
            // No grammar (`.kt`): read in windows, occurrences unverified.
            let path = format!("f{f}.kt");
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
            assert_eq!(index.unverified_files(name), want_files[i], "{name}");
            assert_eq!(
                index.unverified_definitions(name),
                want_defined[i],
                "{name}"
            );
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
