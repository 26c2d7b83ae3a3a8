//! The definition index (issue 16) end to end: `fixtures/definitions-repo` holds, for
//! each language with a grammar, a definition, a mention in a comment, a string, a
//! document and another plan; `plan_defs-fail.md` must trigger exactly the listed
//! findings (code, line, column, severity) and `plan_defs-pass.md` none.

use assert_cmd::Command;
use serde_json::Value;

const RULES: &str = "PL307,PL308,PL309,PL312,PL313,PL314";

/// The JSON findings of `plan` (in the fixture's `EXPORT/`) under the rules `select`.
fn json_findings(plan: &str, select: &str) -> Vec<Value> {
    let out = Command::cargo_bin("plan-lint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--no-config", "--root", "fixtures/definitions-repo"])
        .args(["--select", select, "--format", "json"])
        .arg(format!("fixtures/definitions-repo/EXPORT/{plan}"))
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    json["files"][0]["findings"].as_array().unwrap().clone()
}

fn findings(plan: &str) -> Vec<(String, u64, u64, String, String)> {
    json_findings(plan, RULES)
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["start"]["line"].as_u64().unwrap(),
                f["start"]["column"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_defect_is_found_where_it_is() {
    let want = [
        // Only in NOTES.md and comments of every language.
        ("PL307", 5, 23, "error"),
        // Only in string literals.
        ("PL307", 6, 6, "error"),
        // Only in another plan (the plans directory is not read).
        ("PL307", 7, 4, "error"),
        // A method a comment and a document name, defined nowhere.
        ("PL307", 8, 4, "error"),
        // Go: a method only a comment names.
        ("PL307", 9, 4, "error"),
        // Rust's `Ledger::post` named with a Python file.
        ("PL308", 10, 4, "error"),
        // Kotlin has no grammar: an unverified occurrence, a warning.
        ("PL307", 11, 4, "warning"),
        // TypeScript: a method of a real class that the class does not have.
        ("PL307", 12, 4, "error"),
        // C#'s `Audit.Record()` edited in a step whose only file is Java.
        ("PL309", 18, 27, "warning"),
        // Ruby: renamed, but only a comment and a document name it.
        ("PL307", 22, 27, "error"),
        // Called as a member of the repository's own class, which has no such method.
        ("PL307", 22, 62, "error"),
        // An environment variable, a route and a flag the code does not have.
        ("PL312", 26, 39, "warning"),
        ("PL313", 26, 68, "warning"),
        ("PL314", 26, 109, "warning"),
    ];
    let got = findings("plan_defs-fail.md");
    let got_keys: Vec<(&str, u64, u64, &str)> = got
        .iter()
        .map(|(c, l, col, s, _)| (c.as_str(), *l, *col, s.as_str()))
        .collect();
    assert_eq!(got_keys, want, "{got:#?}");
    // The messages say why: only mentioned, and where.
    assert!(got[0].4.contains("only mentioned") && got[0].4.contains("NOTES.md"));
    assert!(got[6].4.contains("not verified as a definition"));
}

#[test]
fn real_definitions_and_library_uses_pass() {
    let got = findings("plan_defs-pass.md");
    assert!(got.is_empty(), "{got:#?}");
}

#[test]
fn the_help_names_the_definition_never_a_document() {
    let found = json_findings("plan_defs-fail.md", "PL308,PL309");
    let helps: Vec<&str> = found.iter().map(|f| f["help"].as_str().unwrap()).collect();
    assert_eq!(helps.len(), 2);
    assert!(
        helps[0].contains("`rust/src/ledger.rs:9` (in `Ledger`)"),
        "{helps:?}"
    );
    assert!(
        helps[1].contains("`csharp/Audit.cs:6` (in `Audit`)"),
        "{helps:?}"
    );
    assert!(helps.iter().all(|h| !h.contains(".md")), "{helps:?}");
}

/// The work the index does is counted, not timed: a name that occurs in hundreds of
/// files is decided by a line that reads as its definition (no parse) or by the first
/// file that uses it as code (one parse), not by parsing every file that mentions it.
#[test]
fn a_common_name_parses_few_files() {
    use plan_lint::analysis::symbol_refs;
    use plan_lint::engine::config::Config;
    use plan_lint::engine::lint::{Linter, Selection};
    use plan_lint::workspace::fs_view::FsView;
    use std::sync::Arc;

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("app")).unwrap();
    std::fs::write(
        root.join("app/core.py"),
        "def create_app():\n    return 1\n",
    )
    .unwrap();
    for i in 0..300 {
        std::fs::write(
            root.join(format!("app/m{i:03}.py")),
            format!("import asyncio\n# create_app is called here\nx{i} = create_app()\ny = asyncio.gather(x{i})\n"),
        )
        .unwrap();
    }
    let text = "# Plan: A (a)\n\n## Current System Snapshot\n\n- `create_app()` builds the app; `asyncio.gather()` runs the jobs.\n- `missing_fn()` and `asyncio.missing()` are gone.\n";
    let doc = plan_lint::document::parse::parse(&root.join("EXPORT/plan_a.md"), Arc::from(text));
    let selection = Selection {
        select: Some(vec!["PL307".to_string()]),
        ignore: vec![],
    };
    let linter = Linter::new(Config::defaults(root.to_path_buf()), &selection).unwrap();
    let index = symbol_refs::index_for(&linter, root, &[&doc]).unwrap();
    assert_eq!(index.files_parsed(), 0, "the scan parses nothing");
    let fs = FsView::new(root.to_path_buf());
    let found: Vec<String> = linter
        .lint_document_with(&doc, &fs, None, Some(&index))
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(
        found,
        [
            "`missing_fn()` is not defined in the repository",
            "`asyncio.missing()` is not defined in the repository"
        ]
    );
    // `create_app`: its definition line needs no parse; `gather`: the first file that
    // uses `asyncio.gather` as code decides it.
    assert!(
        index.files_parsed() <= 2,
        "{} files parsed",
        index.files_parsed()
    );
}
