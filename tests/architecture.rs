//! The module graph runs one way: a file imports only files of its own layer or of a
//! lower one, and no two files import each other, directly or around a circle.
//!
//! The test reads every `src/**/*.rs`, collects the `crate::…` and `super::…` paths in
//! its code (`use` trees with their `{…}` groups, and paths written inside functions;
//! `super::` resolved against the file's module; not comments,
//! strings or `#[cfg(test)]` items and files, which may use the whole crate), maps each
//! path to the file that defines the module it names, and checks the edges against
//! [`LAYERS`]. `lib.rs` (the facade) and `main.rs` may import anything. A file missing
//! from the table fails the test: a new module is placed on purpose.
//!
//! `ARCH_SRC_DIR=<dir>` checks another tree (say, an older `src/`) with the same table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Layers, lowest first: the top-level module (a file `src/x.rs` or folder `src/x/`)
/// and its layer. A folder is one layer. 0: the contract and the rule pages; 1: a plan
/// as bytes and as a model (`document/`) and the repository on disk (`workspace/`);
/// 2: what a finding is (`diagnostic`); 3: views derived from one plan (`analysis/`);
/// 4: the rules; 5: the engine (config, lint, fix, discovery, exit codes); 6: output;
/// 7: the command line and the facade.
const LAYERS: &[(&str, u8)] = &[
    ("contract", 0),
    ("docs", 0),
    ("document", 1),
    ("workspace", 1),
    ("diagnostic", 2),
    ("analysis", 3),
    ("rules", 4),
    ("engine", 5),
    ("output", 6),
    ("cli", 7),
    ("lib", 7),
    ("main", 7),
];

/// Files that may import from any layer: the library facade and the binary.
const FACADE: &[&str] = &["lib.rs", "main.rs"];

/// One `crate::…` path in a file.
#[derive(Debug, Clone)]
struct Import {
    line: usize,
    column: usize,
    path: String,
    /// The file (relative to the source folder) that defines the module named.
    target: String,
}

/// Blanks comments, string and character literals (same length, newlines kept, so
/// lines and columns stay true).
fn blank_non_code(src: &str) -> Vec<char> {
    let c: Vec<char> = src.chars().collect();
    let mut out = c.clone();
    let blank = |out: &mut Vec<char>, from: usize, to: usize| {
        for ch in out.iter_mut().take(to).skip(from) {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
    };
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    let mut i = 0;
    while i < c.len() {
        let at = |k: usize| c.get(k).copied().unwrap_or('\0');
        if c[i] == '/' && at(i + 1) == '/' {
            let end = (i..c.len()).find(|&k| c[k] == '\n').unwrap_or(c.len());
            blank(&mut out, i, end);
            i = end;
        } else if c[i] == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            let mut k = i;
            while k < c.len() {
                if c[k] == '/' && at(k + 1) == '*' {
                    depth += 1;
                    k += 2;
                } else if c[k] == '*' && at(k + 1) == '/' {
                    depth -= 1;
                    k += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    k += 1;
                }
            }
            blank(&mut out, i, k);
            i = k;
        } else if (c[i] == 'r' || (c[i] == 'b' && at(i + 1) == 'r'))
            && (i == 0 || !ident(c[i - 1]))
            && {
                let s = if c[i] == 'b' { i + 2 } else { i + 1 };
                let h = (s..c.len()).take_while(|&k| c[k] == '#').count();
                at(s + h) == '"'
            }
        {
            let s = if c[i] == 'b' { i + 2 } else { i + 1 };
            let hashes = (s..c.len()).take_while(|&k| c[k] == '#').count();
            let mut k = s + hashes + 1;
            while k < c.len() {
                if c[k] == '"' && (1..=hashes).all(|h| at(k + h) == '#') {
                    k += 1 + hashes;
                    break;
                }
                k += 1;
            }
            blank(&mut out, i, k);
            i = k;
        } else if c[i] == '"' {
            let mut k = i + 1;
            while k < c.len() && c[k] != '"' {
                k += if c[k] == '\\' { 2 } else { 1 };
            }
            blank(&mut out, i, k + 1);
            i = k + 1;
        } else if c[i] == '\'' {
            // A character literal ('x', '\n', '\u{1F600}'), else a lifetime ('a).
            if at(i + 1) == '\\' {
                let end = (i + 2..c.len()).find(|&k| c[k] == '\'').unwrap_or(c.len());
                blank(&mut out, i, end + 1);
                i = end + 1;
            } else if at(i + 2) == '\'' {
                blank(&mut out, i, i + 3);
                i += 3;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Blanks every item under `#[cfg(test)]` (its other attributes, then up to its `;`
/// or its matching `}`), and returns the names of the `mod x;` declared so (their
/// files are test-only).
fn blank_test_items(code: &mut [char]) -> Vec<String> {
    let pat: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut test_mods = Vec::new();
    let mut i = 0;
    while i + pat.len() <= code.len() {
        if code[i..i + pat.len()] != pat[..] {
            i += 1;
            continue;
        }
        let mut k = i + pat.len();
        let mut depth = 0usize;
        while k < code.len() {
            match code[k] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        k += 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    k += 1;
                    break;
                }
                _ => {}
            }
            k += 1;
        }
        let item: String = code[i + pat.len()..k].iter().collect();
        let words: Vec<&str> = item
            .split(|ch: char| !(ch.is_alphanumeric() || ch == '_' || ch == ';'))
            .filter(|w| !w.is_empty())
            .collect();
        let declared = words.iter().position(|w| *w == "mod");
        if let Some(name) = declared.and_then(|p| words.get(p + 1)?.strip_suffix(';')) {
            test_mods.push(name.to_string());
        }
        for ch in code.iter_mut().take(k).skip(i) {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
        i = k;
    }
    test_mods
}

/// Reads a path tree at `i` (after `crate::`): segments joined by `::`, `{…}` groups,
/// `self`, `*`, `as` renames. Pushes every leaf's segments.
fn use_tree(code: &[char], mut i: usize, prefix: &[String], out: &mut Vec<Vec<String>>) -> usize {
    let skip_ws = |mut i: usize| {
        while i < code.len() && code[i].is_whitespace() {
            i += 1;
        }
        i
    };
    let mut segs = prefix.to_vec();
    loop {
        i = skip_ws(i);
        if i < code.len() && code[i] == '{' {
            i += 1;
            loop {
                i = skip_ws(i);
                if i >= code.len() || code[i] == '}' {
                    return i + 1;
                }
                i = use_tree(code, i, &segs, out);
                i = skip_ws(i);
                if i < code.len() && code[i] == ',' {
                    i += 1;
                }
            }
        }
        let start = i;
        while i < code.len() && (code[i].is_alphanumeric() || code[i] == '_') {
            i += 1;
        }
        if start == i {
            out.push(segs);
            return if i < code.len() && code[i] == '*' {
                i + 1
            } else {
                i
            };
        }
        let word: String = code[start..i].iter().collect();
        if word != "self" {
            segs.push(word);
        }
        let j = skip_ws(i);
        if code.get(j) == Some(&':') && code.get(j + 1) == Some(&':') {
            i = j + 2;
            continue;
        }
        // `as name`: the rename is not a path segment.
        if code.get(j..j + 2) == Some(&['a', 's'][..])
            && !code
                .get(j + 2)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
        {
            let mut k = skip_ws(j + 2);
            while k < code.len() && (code[k].is_alphanumeric() || code[k] == '_') {
                k += 1;
            }
            i = k;
        }
        out.push(segs);
        return i;
    }
}

/// The file that defines the module `segs` names (the longest prefix that is a file),
/// relative to `src`; `lib.rs` for a crate-root item.
fn resolve(src: &Path, segs: &[String]) -> String {
    let mut best = "lib.rs".to_string();
    for k in 1..=segs.len() {
        let dir = segs[..k].join("/");
        if src.join(format!("{dir}.rs")).is_file() {
            best = format!("{dir}.rs");
        } else if src.join(&dir).join("mod.rs").is_file() {
            best = format!("{dir}/mod.rs");
        } else {
            break;
        }
    }
    best
}

/// The `crate::` and `super::` imports of one file's text (code only, test items
/// blanked), and the `mod x;` it declares under `#[cfg(test)]`. `module` is the file's
/// module path (`rules/markers/helpers.rs`: `rules`, `markers`, `helpers`), against
/// which `super::` resolves.
fn imports(src: &Path, text: &str, module: &[String]) -> (Vec<Import>, Vec<String>) {
    let mut code = blank_non_code(text);
    let test_mods = blank_test_items(&mut code);
    let krate: Vec<char> = "crate::".chars().collect();
    let sup: Vec<char> = "super::".chars().collect();
    let at = |code: &[char], i: usize, pat: &[char]| code.get(i..i + pat.len()) == Some(pat);
    let mut out = Vec::new();
    let mut i = 0;
    while i < code.len() {
        let before = if i == 0 { ' ' } else { code[i - 1] };
        let starts = at(&code, i, &krate) || at(&code, i, &sup);
        if !starts || before.is_alphanumeric() || matches!(before, '_' | '$' | ':') {
            i += 1;
            continue;
        }
        let line = 1 + code[..i].iter().filter(|&&c| c == '\n').count();
        let column = i - code[..i]
            .iter()
            .rposition(|&c| c == '\n')
            .map_or(0, |p| p + 1)
            + 1;
        // `crate::` names from the root; each `super::` climbs one module.
        let (mut base, mut j, mut prefix) = (Vec::new(), i, String::new());
        if at(&code, i, &krate) {
            j += krate.len();
            prefix.push_str("crate::");
        } else {
            let mut ups = 0;
            while at(&code, j, &sup) {
                ups += 1;
                j += sup.len();
                prefix.push_str("super::");
            }
            let Some(keep) = module.len().checked_sub(ups) else {
                i = j;
                continue;
            };
            base = module[..keep].to_vec();
        }
        let mut leaves = Vec::new();
        let end = use_tree(&code, j, &[], &mut leaves);
        for segs in leaves {
            let full: Vec<String> = base.iter().cloned().chain(segs.iter().cloned()).collect();
            out.push(Import {
                line,
                column,
                path: format!("{prefix}{}", segs.join("::")),
                target: resolve(src, &full),
            });
        }
        i = end.max(j);
    }
    (out, test_mods)
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The layer of a file, by its top-level module.
fn layer(file: &str) -> Option<u8> {
    let top = file.split('/').next()?.trim_end_matches(".rs");
    LAYERS.iter().find(|(m, _)| *m == top).map(|&(_, l)| l)
}

/// Every non-test file of `src` and its imports (by file, relative `/`-separated).
fn graph(src: &Path) -> BTreeMap<String, Vec<Import>> {
    let mut files = Vec::new();
    rs_files(src, &mut files);
    let mut all = BTreeMap::new();
    let mut test_only = BTreeSet::new();
    for f in &files {
        let rel = f
            .strip_prefix(src)
            .expect("below src")
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("read {rel}: {e}"));
        let module: Vec<String> = rel
            .trim_end_matches(".rs")
            .split('/')
            .filter(|s| !matches!(*s, "mod" | "lib" | "main"))
            .map(str::to_string)
            .collect();
        let (imports, test_mods) = imports(src, &text, &module);
        // `mod x;` in `a/mod.rs`, `a.rs` or `lib.rs` is `a/x.rs` (or `a/x/mod.rs`).
        let dir = match rel.as_str() {
            "lib.rs" | "main.rs" => String::new(),
            r if r.ends_with("/mod.rs") => format!("{}/", r.trim_end_matches("/mod.rs")),
            r => format!("{}/", r.trim_end_matches(".rs")),
        };
        for m in test_mods {
            test_only.insert(format!("{dir}{m}.rs"));
            test_only.insert(format!("{dir}{m}/mod.rs"));
        }
        all.insert(rel, imports);
    }
    all.retain(|f, _| !test_only.contains(f));
    all
}

/// The layering's violations in `graph`: upward imports, files with no layer, and
/// circles between files.
fn violations(graph: &BTreeMap<String, Vec<Import>>) -> Vec<String> {
    let mut out = Vec::new();
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (file, imports) in graph {
        if FACADE.contains(&file.as_str()) {
            continue;
        }
        let Some(from) = layer(file) else {
            out.push(format!("src/{file}: not in LAYERS (place the new module)"));
            continue;
        };
        for imp in imports {
            if imp.target == *file {
                continue;
            }
            match layer(&imp.target) {
                Some(to) if to > from => out.push(format!(
                    "src/{file}:{}:{}: `{}` imports src/{} (layer {to}) from layer {from}",
                    imp.line, imp.column, imp.path, imp.target
                )),
                _ => {}
            }
            if graph.contains_key(&imp.target) && !FACADE.contains(&imp.target.as_str()) {
                edges.entry(file).or_default().insert(&imp.target);
            }
        }
    }
    for (files, cycle) in cycles(&edges) {
        let first = |a: &str, b: &str| {
            graph[a]
                .iter()
                .find(|i| i.target == b)
                .map(|i| format!("src/{a}:{}:{} `{}`", i.line, i.column, i.path))
                .unwrap_or_default()
        };
        let steps: Vec<String> = cycle.windows(2).map(|w| first(w[0], w[1])).collect();
        out.push(format!(
            "cycle {} (one circle of the {} files {}): {}",
            cycle.join(" -> "),
            files.len(),
            files.join(", "),
            steps.join("; ")
        ));
    }
    out
}

/// Each strongly connected component of more than one file (Tarjan; its files sorted)
/// and one circle through it, as a path that returns to its start.
fn cycles<'a>(edges: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<(Vec<&'a str>, Vec<&'a str>)> {
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        comps: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(v: &'a str, e: &BTreeMap<&'a str, BTreeSet<&'a str>>, s: &mut State<'a>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for &w in e.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(w, e, s);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).expect("visited");
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                comp.push(w);
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                s.comps.push(comp);
            }
        }
    }
    let mut s = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        comps: Vec::new(),
    };
    for &v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(v, edges, &mut s);
        }
    }
    // A circle through the component's smallest file: breadth-first back to it.
    s.comps
        .iter()
        .map(|comp| {
            let set: BTreeSet<&str> = comp.iter().copied().collect();
            let start = *set.iter().next().expect("non-empty");
            let mut prev: BTreeMap<&str, &str> = BTreeMap::new();
            let mut queue = std::collections::VecDeque::from([start]);
            let mut end = None;
            'search: while let Some(v) = queue.pop_front() {
                for &w in edges.get(v).into_iter().flatten() {
                    if !set.contains(w) {
                        continue;
                    }
                    if w == start {
                        end = Some(v);
                        break 'search;
                    }
                    if let std::collections::btree_map::Entry::Vacant(e) = prev.entry(w) {
                        e.insert(v);
                        queue.push_back(w);
                    }
                }
            }
            let mut path = vec![start];
            let mut v = end.expect("a component has a circle");
            while v != start {
                path.push(v);
                v = prev[v];
            }
            path.push(start);
            let last = path.len() - 1;
            path[1..last].reverse();
            (set.into_iter().collect(), path)
        })
        .collect()
}

fn src_dir() -> PathBuf {
    std::env::var_os("ARCH_SRC_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn no_upward_imports_and_no_cycles() {
    let src = src_dir();
    let graph = graph(&src);
    // Not vacuous: the tree was read, and its imports were found.
    let edges: usize = graph.values().map(Vec::len).sum();
    assert!(
        graph.len() > 50 && edges > 300,
        "read only {} files and {edges} imports under {}",
        graph.len(),
        src.display()
    );
    assert!(graph.contains_key("rules/mod.rs") && graph.contains_key("engine/lint.rs"));
    assert!(
        !graph.contains_key("rules/tester.rs") && !graph.contains_key("test_rng.rs"),
        "test-only files are not part of the graph"
    );
    let found = violations(&graph);
    assert!(
        found.is_empty(),
        "{} layering violation(s) under {}:\n{}",
        found.len(),
        src.display(),
        found.join("\n")
    );
}

/// Writes `files` under a fresh folder and returns it.
fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("plan-lint-arch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

#[test]
fn grouped_and_inline_paths_are_found_and_comments_strings_and_tests_are_not() {
    let dir = tree(
        "scan",
        &[
            (
                "rules/mod.rs",
                "use crate::{document::model::Document, diagnostic::{self, Severity as S}};\n\
                 // use crate::engine::lint::Linter;\n\
                 /* crate::fix::x */\n\
                 fn f<'a>(x: &'a str) -> char {\n    let _ = \"crate::cli::main\";\n    \
                 let _ = r#\"crate::export\"#;\n    let c = '\"';\n    crate::document::source::go(); c\n}\n\
                 #[cfg(test)]\nmod tests {\n    use crate::lint::Linter;\n}\n\
                 #[cfg(test)]\npub mod tester;\n",
            ),
            ("rules/tester.rs", "use crate::lint::Linter;\n"),
            ("document/mod.rs", "pub mod model;\npub mod source;\n"),
            ("document/model.rs", ""),
            ("diagnostic.rs", ""),
            ("document/source.rs", ""),
            ("engine/mod.rs", "pub mod lint;\n"),
            ("engine/lint.rs", ""),
        ],
    );
    let g = graph(&dir);
    let got: Vec<(usize, usize, &str, &str)> = g["rules/mod.rs"]
        .iter()
        .map(|i| (i.line, i.column, i.path.as_str(), i.target.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                1,
                5,
                "crate::document::model::Document",
                "document/model.rs"
            ),
            (1, 5, "crate::diagnostic", "diagnostic.rs"),
            (1, 5, "crate::diagnostic::Severity", "diagnostic.rs"),
            (8, 5, "crate::document::source::go", "document/source.rs"),
        ]
    );
    assert!(!g.contains_key("rules/tester.rs"));
    assert!(violations(&g).is_empty(), "{:?}", violations(&g));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_upward_import_and_a_cycle_are_reported_with_file_line_and_path() {
    let dir = tree(
        "bad",
        &[
            (
                "rules/mod.rs",
                "\nfn f() { crate::engine::fix::apply(); }\n",
            ),
            ("engine/mod.rs", "pub mod fix;\npub mod lint;\n"),
            ("engine/fix.rs", "use crate::engine::lint::Linter;\n"),
            ("engine/lint.rs", "use crate::engine::fix::apply;\n"),
            ("brand_new.rs", ""),
        ],
    );
    let found = violations(&graph(&dir));
    assert_eq!(
        found,
        vec![
            "src/brand_new.rs: not in LAYERS (place the new module)".to_string(),
            "src/rules/mod.rs:2:10: `crate::engine::fix::apply` imports src/engine/fix.rs (layer 5) from layer 4"
                .to_string(),
            "cycle engine/fix.rs -> engine/lint.rs -> engine/fix.rs (one circle of the 2 files \
             engine/fix.rs, engine/lint.rs): \
             src/engine/fix.rs:1:5 `crate::engine::lint::Linter`; \
             src/engine/lint.rs:1:5 `crate::engine::fix::apply`"
                .to_string(),
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn super_paths_are_followed_to_the_files_they_name() {
    let dir = tree(
        "super",
        &[
            ("rules/mod.rs", "pub mod markers;\n"),
            (
                "rules/markers/mod.rs",
                "pub mod helpers;\npub mod near_miss;\n",
            ),
            (
                "rules/markers/helpers.rs",
                "fn f() { super::near_miss::near_misses(); }\n",
            ),
            (
                "rules/markers/near_miss.rs",
                "use super::helpers::in_section_heading;\nuse super::super::super::engine::lint::Linter;\n",
            ),
            ("engine/mod.rs", "pub mod lint;\n"),
            ("engine/lint.rs", ""),
        ],
    );
    let g = graph(&dir);
    let got: Vec<(&str, &str)> = g["rules/markers/near_miss.rs"]
        .iter()
        .map(|i| (i.path.as_str(), i.target.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "super::helpers::in_section_heading",
                "rules/markers/helpers.rs"
            ),
            (
                "super::super::super::engine::lint::Linter",
                "engine/lint.rs"
            ),
        ]
    );
    let found = violations(&g);
    assert_eq!(
        found,
        vec![
            "src/rules/markers/near_miss.rs:2:5: `super::super::super::engine::lint::Linter` \
             imports src/engine/lint.rs (layer 5) from layer 4"
                .to_string(),
            "cycle rules/markers/helpers.rs -> rules/markers/near_miss.rs -> \
             rules/markers/helpers.rs (one circle of the 2 files rules/markers/helpers.rs, \
             rules/markers/near_miss.rs): \
             src/rules/markers/helpers.rs:1:10 `super::near_miss::near_misses`; \
             src/rules/markers/near_miss.rs:1:5 `super::helpers::in_section_heading`"
                .to_string(),
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
