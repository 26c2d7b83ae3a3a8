//! The symbol rules (PL307–PL309) against the multi-language fake repository
//! `fixtures/symbols-repo/` (Rust, Python, TypeScript, Go: functions, methods,
//! constants, classes; a `.gitignore`d generated file; a binary file).
//!
//! The plans under `fixtures/symbols/` are realistic plans with 3–6 defects of one rule
//! each, plus `bait.md`: routes, flags, environment variables, JSON, HTTP codes, SQL,
//! literals, versions, hosts and commands in inline code, in the snapshot and in step
//! Changes, which must produce no finding at all. (They are not under
//! `fixtures/rules/`, whose harness lints against `fixtures/repo` without a symbol
//! index.)
//!
//! The expected positions were counted by hand from the fixture text (1-based line,
//! 1-based column in characters; the column is the first character inside the
//! backticks). Never update them from the tool's output without checking the fixture.
//!
//! The index is built the way a run builds it: candidates of every plan first, one
//! scan of the repository, then lint each plan with it.

use plan_lint::analysis::symbol_refs;
use plan_lint::document::model::Document;
use plan_lint::engine::config::Config;
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::workspace::fs_view::FsView;
use plan_lint::workspace::symbol_index::SymbolIndex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// (rule code, plan path relative to the crate root, expected (line, column) list).
type Case = (&'static str, &'static str, &'static [(usize, usize)]);

const CASES: &[Case] = &[
    // `create_application()` (typo), `Ratelimiter` (case), `MAX_RETRY_COUNT`,
    // `Settings.fetchUsers()` (the name exists, in no file holding `Settings`),
    // `generated_only_symbol()` (only in a .gitignored file), `binary_only_symbol` (only
    // in a binary file). Not `RateLimiter::try_acquire`, `limits.Bucket`,
    // `pkg/limits.DefaultCapacity`, nor `QuotaStore` (marked for confirmation).
    (
        "PL307",
        "fixtures/symbols/PL307.md",
        &[(28, 47), (30, 28), (30, 88), (32, 55), (34, 30), (34, 73)],
    ),
    // `create_app()` named with config.py (it is in app.py), `MAX_RETRIES` with
    // server.rs (it is in lib.rs), `Router::handle_request` in a table row with lib.rs
    // (it is in server.rs). A directory (`python/acme/`), two files in one sentence,
    // and a second sentence without a file are fine.
    (
        "PL308",
        "fixtures/symbols/PL308.md",
        &[(28, 50), (29, 33), (37, 24)],
    ),
    // `start_server()` called in step 1 (it is in server.rs, not lib.rs),
    // `DEFAULT_TIMEOUT` updated in step 2 (config.py), `register_routes()` called in
    // step 5, whose only file is new. `fetchUser()`, deleted in step 3, exists nowhere:
    // PL307's (one root cause, one finding).
    // Not: new names (`reset_user_window`, `QuotaBucket`, `lookup_quota()`,
    // `DefaultQuota`), objects of `with`/`to` (`QuotaGuard.check()`, `QuotaError`),
    // Notes, the path `go/pkg/limits/quota.go`, the marked `QuotaStore.flush()`.
    (
        "PL309",
        "fixtures/symbols/PL309.md",
        &[(48, 116), (52, 135), (64, 50)],
    ),
    // False-positive bait: no finding of any symbol rule.
    ("PL307", "fixtures/symbols/bait.md", &[]),
    ("PL308", "fixtures/symbols/bait.md", &[]),
    ("PL309", "fixtures/symbols/bait.md", &[]),
    // Each defect belongs to one rule only.
    ("PL308", "fixtures/symbols/PL307.md", &[]),
    ("PL309", "fixtures/symbols/PL307.md", &[]),
    ("PL307", "fixtures/symbols/PL308.md", &[]),
    ("PL309", "fixtures/symbols/PL308.md", &[]),
    ("PL307", "fixtures/symbols/PL309.md", &[(56, 82)]),
    ("PL308", "fixtures/symbols/PL309.md", &[]),
];

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn repo_root() -> PathBuf {
    crate_root().join("fixtures/symbols-repo")
}

fn linter(select: &[&str]) -> Linter {
    let selection = Selection {
        select: Some(select.iter().map(|s| s.to_string()).collect()),
        ignore: vec![],
    };
    Linter::new(Config::defaults(".".into()), &selection).expect("known rules")
}

fn parse(rel: &str) -> Document {
    let path = crate_root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    plan_lint::document::parse::parse(&path, Arc::from(text.as_str()))
}

/// Findings as (code, line, column, spanned text).
fn findings(
    linter: &Linter,
    fs: &FsView,
    index: Option<&SymbolIndex>,
    doc: &Document,
) -> Vec<(&'static str, usize, usize, String)> {
    linter
        .lint_document_with(doc, fs, None, index)
        .iter()
        .map(|d| {
            let lc = doc.line_col(d.span.start);
            (d.code, lc.line, lc.column, doc.text(d.span).to_string())
        })
        .collect()
}

#[test]
fn each_plan_triggers_exactly_the_expected_findings() {
    let fs = FsView::new(repo_root());
    let mut failures = Vec::new();
    for &(code, rel, expected) in CASES {
        let linter = linter(&[code]);
        let doc = parse(rel);
        let index = symbol_refs::index_for(&linter, &repo_root(), &[&doc]);
        assert!(index.is_some(), "{code} is a symbol rule");
        let found = findings(&linter, &fs, index.as_ref(), &doc);
        let got: Vec<(&str, usize, usize)> =
            found.iter().map(|(c, l, col, _)| (*c, *l, *col)).collect();
        let want: Vec<(&str, usize, usize)> =
            expected.iter().map(|&(l, col)| (code, l, col)).collect();
        if got != want {
            failures.push(format!(
                "{rel} ({code}):\n  expected {want:?}\n  found    {got:?}\n  spans    {:?}",
                found.iter().map(|f| f.3.as_str()).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The run-level flow: every plan's candidates first, ONE scan for all of them, then
/// every plan linted with all three rules gives the union of the per-rule findings.
#[test]
fn one_scan_serves_every_plan_of_the_run() {
    let fs = FsView::new(repo_root());
    let linter = linter(&["PL307", "PL308", "PL309"]);
    let plans = [
        "fixtures/symbols/PL307.md",
        "fixtures/symbols/PL308.md",
        "fixtures/symbols/PL309.md",
        "fixtures/symbols/bait.md",
    ];
    let docs: Vec<Document> = plans.iter().map(|p| parse(p)).collect();
    let refs: Vec<&Document> = docs.iter().collect();
    let index = symbol_refs::index_for(&linter, &repo_root(), &refs).expect("symbol rules active");
    assert!(index.files_read() >= 10, "the scan read the repository");
    for (rel, doc) in plans.iter().zip(&docs) {
        let got: Vec<(&str, usize, usize)> = findings(&linter, &fs, Some(&index), doc)
            .into_iter()
            .map(|(c, l, col, _)| (c, l, col))
            .collect();
        let mut want: Vec<(&str, usize, usize)> = CASES
            .iter()
            .filter(|(_, r, _)| r == rel)
            .flat_map(|&(code, _, exp)| exp.iter().map(move |&(l, c)| (code, l, c)))
            .collect();
        want.sort_by_key(|&(code, l, c)| (l, c, code));
        assert_eq!(got, want, "{rel}");
    }
}

#[test]
fn without_an_index_the_symbol_rules_report_nothing() {
    let fs = FsView::new(repo_root());
    let linter = linter(&["PL307", "PL308", "PL309"]);
    let doc = parse("fixtures/symbols/PL307.md");
    assert!(findings(&linter, &fs, None, &doc).is_empty());
    // lint_document is lint_document_with(None).
    assert!(linter.lint_document(&doc, &fs, None).is_empty());
}

#[test]
fn no_scan_without_candidates_or_without_symbol_rules() {
    let doc = parse("fixtures/clean/EXPORT/plan_rate-limits.md");
    // A plan whose snapshot and steps name no symbol: nothing is read.
    let empty = plan_lint::document::parse::parse(
        Path::new("EXPORT/plan_a.md"),
        Arc::from(
            "# Plan: A (a)\n\n## Current System Snapshot\n\n- `src/lib.rs` serves `/health` with `200`.\n",
        ),
    );
    let linter_on = linter(&["PL307"]);
    assert!(symbol_refs::scan_names(&linter_on, &empty).is_empty());
    let index =
        symbol_refs::index_for(&linter_on, &repo_root(), &[&empty]).expect("PL307 is active");
    assert_eq!(index.files_read(), 0, "no scan when no plan names a symbol");
    // No symbol rule selected: no candidates, no index.
    let linter_off = linter(&["PL306"]);
    assert!(symbol_refs::scan_names(&linter_off, &doc).is_empty());
    assert!(symbol_refs::index_for(&linter_off, &repo_root(), &[&doc]).is_none());
    // The clean plan's candidates: its snapshot and the symbols its steps change.
    let names = symbol_refs::scan_names(&linter_on, &doc);
    assert!(
        names.contains("create_app") && names.contains("MAX_RETRIES"),
        "{names:?}"
    );
}

/// The CLI gathers names from the raw text before parsing: a superset of what the
/// rules look up, so an index built from it answers every rule.
#[test]
fn names_from_the_raw_text_cover_the_candidates() {
    let linter = linter(&["PL307", "PL308", "PL309"]);
    for rel in [
        "fixtures/symbols/PL307.md",
        "fixtures/symbols/PL308.md",
        "fixtures/symbols/PL309.md",
        "fixtures/symbols/bait.md",
        "fixtures/clean/EXPORT/plan_rate-limits.md",
        // `<App />` and fenced blocks before the span: a scan of the whole text as
        // one paragraph pairs the backticks wrongly and misses `StrictMode`.
        "fixtures/corpus/EXPORT/plan_dark-mode.md",
    ] {
        let doc = parse(rel);
        let from_text = symbol_refs::names_in_text(&doc.source);
        let needed = symbol_refs::scan_names(&linter, &doc);
        assert!(!needed.is_empty(), "{rel}");
        let missing: Vec<&String> = needed.difference(&from_text).collect();
        assert!(missing.is_empty(), "{rel}: {missing:?}");
    }
    // `<App />` and fenced blocks before `StrictMode` (line 39): still found.
    let dark = parse("fixtures/corpus/EXPORT/plan_dark-mode.md");
    assert!(symbol_refs::names_in_text(&dark.source).contains("StrictMode"));
    // `fn take(…)` in a step's code introduces `take`: looked up too.
    assert!(
        symbol_refs::names_in_text("- **Changes:** Add `fn take(&mut self)`.\n").contains("take")
    );
}

/// The names of a plan, against a list made by hand from its text (not from the
/// function under test): code spans that are symbols (a qualified path gives both
/// segments, a receiver-less method and a macro their names), names defined in code,
/// and nothing else. The unpaired backtick inside the first fence would pair the
/// backticks wrongly in a scan of the whole text as one paragraph.
#[test]
fn names_in_text_are_exactly_the_symbols_of_the_plan() {
    let text = "# Plan: A (a)\n\n## Current System Snapshot\n\n```sh\necho `date\n```\n\n\
        - `Router::handle_request()` in `src/server.rs` serves `/health` with `200` (`--fix`, `$HOME`).\n\
        - `<App />` renders in `StrictMode`; `true`, `vec!` and `.map_err(…)`.\n\n\
        ```rust\nfn take(&mut self) {}\nstruct Bucket;\n```\n";
    assert_eq!(
        symbol_refs::names_in_text(text),
        names(&[
            "Bucket",
            "Router",
            "StrictMode",
            "handle_request",
            "map_err",
            "take",
            "vec",
        ]),
        "not: the path, the route, the number, the flag, the variable, the JSX, `true`, `date`"
    );
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn gitignored_files_do_not_count() {
    let ignored = repo_root().join("python/acme/models.gen.py");
    let text = std::fs::read_to_string(&ignored).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the file is .gitignored on purpose: add it with `git add -f`)",
            ignored.display()
        )
    });
    assert!(text.contains("def generated_only_symbol()"));
    let index = SymbolIndex::scan(
        &repo_root(),
        &names(&["generated_only_symbol", "create_app"]),
    );
    assert!(index.files_of("generated_only_symbol").is_empty());
    // The same scan does read the tracked Python files next to it.
    assert_eq!(
        index.files_of("create_app"),
        ["python/acme/app.py", "python/acme/server.py"]
    );
    assert_eq!(index.defined_in("create_app"), ["python/acme/app.py"]);
}

#[test]
fn binary_files_are_not_read() {
    let bin = repo_root().join("assets/logo.png");
    let bytes = std::fs::read(&bin).expect("fixture binary");
    let nul = bytes.iter().position(|&b| b == 0).expect("a NUL byte");
    let at = bytes
        .windows(b"binary_only_symbol".len())
        .position(|w| w == b"binary_only_symbol")
        .expect("the name is in the file");
    assert!(nul < at, "the name comes after a NUL byte");
    let index = SymbolIndex::scan(&repo_root(), &names(&["binary_only_symbol", "RateLimiter"]));
    assert!(index.files_of("binary_only_symbol").is_empty());
    assert!(index.files_skipped() >= 1, "the binary file was skipped");
    assert_eq!(
        index.files_of("RateLimiter"),
        ["rust/src/lib.rs", "rust/src/server.rs"]
    );
}

#[test]
fn occurrences_are_whole_identifiers_in_every_language() {
    let index = SymbolIndex::scan(
        &repo_root(),
        &names(&[
            "MAX_RETRIES",
            "try_acquire",
            "Settings",
            "from_env",
            "ApiClient",
            "fetchUsers",
            "fetchUser",
            "API_BASE_URL",
            "Bucket",
            "Take",
            "DefaultCapacity",
            "limits",
            "Router",
        ]),
    );
    let files = |n: &str| index.files_of(n).to_vec();
    assert_eq!(files("MAX_RETRIES"), ["rust/src/lib.rs"]);
    assert_eq!(
        files("try_acquire"),
        ["rust/src/lib.rs", "rust/src/server.rs"]
    );
    assert_eq!(index.defined_in("try_acquire"), ["rust/src/lib.rs"]);
    assert_eq!(
        files("from_env"),
        ["python/acme/app.py", "python/acme/config.py"]
    );
    assert_eq!(index.defined_in("Settings"), ["python/acme/config.py"]);
    assert_eq!(files("fetchUsers"), ["web/src/client.ts"]);
    assert!(
        files("fetchUser").is_empty(),
        "`fetchUser` is only a prefix of `fetchUsers`"
    );
    assert_eq!(index.defined_in("ApiClient"), ["web/src/client.ts"]);
    assert_eq!(index.defined_in("API_BASE_URL"), ["web/src/client.ts"]);
    assert_eq!(files("Bucket"), ["go/pkg/limits/bucket.go"]);
    assert_eq!(index.defined_in("Take"), ["go/pkg/limits/bucket.go"]);
    assert_eq!(
        index.defined_in("DefaultCapacity"),
        ["go/pkg/limits/bucket.go"]
    );
    assert!(index.in_source_file("limits", "go/pkg/limits/bucket.go"));
    assert!(!index.in_source_file("Router", "python/acme/app.py"));
    assert_eq!(index.defined_in("Router"), ["rust/src/server.rs"]);
}
