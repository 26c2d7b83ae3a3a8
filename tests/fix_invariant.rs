//! The fix invariant (tests/support/fix_check.rs) over every Markdown file of
//! `fixtures/` and every plan of the real-plans corpus (`../shared/corpus/real-plans`):
//! after `--fix` and after `--fix --unsafe-fixes` no finding exists that did not exist
//! before, and a second run changes nothing.

use plan_lint::engine::config::Config;
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::workspace::fs_view::FsView;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[path = "support/fix_check.rs"]
mod fix_check;

fn linter() -> Linter {
    Linter::new(Config::defaults(".".into()), &Selection::default()).unwrap()
}

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn markdown_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            markdown_under(&p, out);
        } else if p.extension().is_some_and(|e| e == "md") {
            out.push(p);
        }
    }
}

/// Checks `text` linted as `rel` inside `root`, with the symbol index of the run.
fn check(linter: &Linter, root: &Path, rel: &Path, text: &str) -> Result<(), String> {
    let fs = FsView::new(root);
    let path = root.join(rel);
    let doc = plan_lint::document::parse::parse(&path, Arc::from(text));
    let symbols = plan_lint::analysis::symbol_refs::index_for(linter, root, &[&doc]);
    fix_check::Subject {
        linter,
        fs: &fs,
        path: &path,
        rel: Some(rel),
        symbols: symbols.as_ref(),
    }
    .check(text)
}

/// Every `.md` of `fixtures/`, linted where it lies: the plans of `fixtures/corpus`
/// against its stand-in repository, `fixtures/symbols` against `fixtures/symbols-repo`,
/// everything else against `fixtures/repo` as `EXPORT/<its name>`, once under its own
/// name and once as `EXPORT/plan_rate-limits.md` (a name that differs from its slug).
#[test]
fn fixing_adds_no_finding_on_any_fixture() {
    let linter = linter();
    let fixtures = crate_root().join("fixtures");
    let mut files = Vec::new();
    markdown_under(&fixtures, &mut files);
    assert!(files.len() > 100, "found only {} fixtures", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let rel_fixture = file.strip_prefix(&fixtures).unwrap();
        let root = if rel_fixture.starts_with("corpus") {
            fixtures.join("corpus/repo")
        } else if rel_fixture.starts_with("symbols") {
            fixtures.join("symbols-repo")
        } else {
            fixtures.join("repo")
        };
        let name = file.file_name().unwrap();
        for rel in [
            Path::new("EXPORT").join(name),
            PathBuf::from("EXPORT/plan_rate-limits.md"),
        ] {
            if let Err(e) = check(&linter, &root, &rel, &text) {
                failures.push(format!(
                    "{} as {}: {e}",
                    rel_fixture.display(),
                    rel.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} violations:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The materialised stand-in of a corpus repository: every path of its listing as an
/// empty file (as `bench/real_corpus.py` `materialise` does).
fn materialise(listing: &Path, dest: &Path) {
    let text = String::from_utf8_lossy(&std::fs::read(listing).unwrap()).into_owned();
    for rel in text.lines() {
        if rel.is_empty() || rel.starts_with('/') || rel.split('/').any(|c| c == "..") {
            continue;
        }
        let path = dest.join(rel);
        if let Some(parent) = path.parent()
            && std::fs::create_dir_all(parent).is_err()
        {
            continue; // a file and a directory of the same name
        }
        if !path.exists() {
            let _ = std::fs::File::create(&path);
        }
    }
}

fn tsv(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .zip(l.split('\t'))
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Every plan of the real-plans corpus, linted at its own path inside an empty-file
/// stand-in of its repository, so the file-system rules do real work.
#[test]
fn fixing_adds_no_finding_on_the_real_corpus() {
    let corpus = crate_root().join("../shared/corpus/real-plans");
    let manifest = corpus.join("MANIFEST.tsv");
    if !manifest.exists() {
        eprintln!("SKIPPED: corpus absent ({})", corpus.display());
        return;
    }
    let trees: std::collections::HashMap<String, String> = tsv(&corpus.join("TREES.tsv"))
        .into_iter()
        .map(|r| (r["repo"].clone(), r["listing_file"].clone()))
        .collect();
    let rows = tsv(&manifest);
    assert!(
        rows.len() >= 50,
        "the corpus lists only {} plans",
        rows.len()
    );
    let linter = linter();
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    for row in &rows {
        let root = tmp.path().join(row["repo"].replace('/', "__"));
        if !root.exists() {
            std::fs::create_dir_all(&root).unwrap();
            if let Some(listing) = trees.get(&row["repo"]) {
                materialise(&corpus.join("trees").join(listing), &root);
            }
        }
        let text = std::fs::read_to_string(corpus.join(&row["filename"])).unwrap();
        let rel = PathBuf::from(&row["path"]);
        if let Err(e) = check(&linter, &root, &rel, &text) {
            failures.push(format!("{}: {e}", row["filename"]));
        }
    }
    assert!(
        failures.is_empty(),
        "{} violations:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
