//! PL306 precision (issue 11): what the plan itself says about a path decides whether
//! a missing path is a wrong reference. Each pattern has a trigger and a non-trigger in
//! `fixtures/rules/PL306-prose.md`, linted with only PL306 against `fixtures/repo`;
//! positions (1-based line, column in characters) were counted from the fixture text.

use plan_lint::engine::config::Config;
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::workspace::fs_view::FsView;
use std::path::Path;
use std::sync::Arc;

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pl306() -> Linter {
    let selection = Selection {
        select: Some(vec!["PL306".to_string()]),
        ignore: vec![],
    };
    Linter::new(Config::defaults(".".into()), &selection).expect("known rule")
}

/// (code, line, column, spanned text, message) of each finding.
fn lint_text(name: &str, text: &str) -> Vec<(&'static str, usize, usize, String, String)> {
    let fs = FsView::new(crate_root().join("fixtures/repo"));
    let doc = plan_lint::document::parse::parse(&crate_root().join(name), Arc::from(text));
    pl306()
        .lint_document(&doc, &fs, None)
        .iter()
        .map(|d| {
            let lc = doc.line_col(d.span.start);
            (
                d.code,
                lc.line,
                lc.column,
                doc.text(d.span).to_string(),
                d.message.clone(),
            )
        })
        .collect()
}

#[test]
fn declarations_absence_run_time_and_look_alikes_are_not_reported() {
    let rel = "fixtures/rules/PL306-prose.md";
    let text = std::fs::read_to_string(crate_root().join(rel)).expect("fixture");
    let got: Vec<(usize, usize, String)> = lint_text(rel, &text)
        .into_iter()
        .map(|(code, l, c, t, _)| {
            assert_eq!(code, "PL306");
            (l, c, t)
        })
        .collect();
    let want: Vec<(usize, usize, String)> = [
        // the two missing paths of the original fixture
        (31, 48, "tests/helpers.rs"),
        (32, 29, "config/limits.yaml"),
        // a symbol suffix: the path part is checked (the span is the whole word)
        (47, 4, "src/router.rs::Router"),
        // "Update `x` to read the new settings": the word "new" is about something else
        (48, 11, "src/limiter.rs"),
        // an imperative "Remove `x`" claims the file exists now
        (49, 22, "src/old_api.rs"),
        // a table row whose state is not New
        (60, 4, "src/meter.rs"),
    ]
    .into_iter()
    .map(|(l, c, t)| (l, c, t.to_string()))
    .collect();
    assert_eq!(got, want);
}

/// Without an impact table (PL201 reports that once), PL306 does not add "is not a
/// `new` impact row" to every path: it falls back to the plan's prose declarations,
/// and a missing path is reported as missing, nothing more.
#[test]
fn without_an_impact_table_no_cascade_of_impact_row_messages() {
    let plan = "# Plan: X (x)\n\n## Impacted Files & Directories\n\n- `src/lib.rs` is edited.\n- Create `src/fresh.rs` for the parser.\n\n## Implementation Plan\n\n1. Fill `src/fresh.rs`; read `src/gone.rs`.\n";
    let got = lint_text("plan.md", plan);
    assert_eq!(got.len(), 1, "{got:?}");
    let (code, line, col, span, message) = &got[0];
    assert_eq!(
        (*code, *line, *col, span.as_str()),
        ("PL306", 10, 31, "src/gone.rs")
    );
    assert_eq!(message, "`src/gone.rs` does not exist in the repository");
    // With a table, the message names the impact table.
    let with_table = "# Plan: X (x)\n\n## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `src/lib.rs` | x | edit |\n\nRead `src/gone.rs`.\n";
    let got = lint_text("plan.md", with_table);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        got[0].4,
        "`src/gone.rs` does not exist in the repository and is not a `new` impact row"
    );
}

/// A file the repository's `.gitignore` covers is not "not found"; the same name not
/// covered is.
#[test]
fn gitignored_paths_are_not_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/lib.rs"), "").unwrap();
    std::fs::write(dir.path().join(".gitignore"), "*.cache\nsecrets/\n").unwrap();
    std::fs::write(dir.path().join("src/.gitignore"), "gen/\n").unwrap();
    let fs = FsView::new(dir.path());
    let plan = "# Plan: X (x)\n\nSee `src/a.cache`, `secrets/key.pem.txt`, `src/gen/out.rs`, `gen/out.rs`, `src/real.rs`.\n";
    let doc = plan_lint::document::parse::parse(&dir.path().join("plan.md"), Arc::from(plan));
    let got: Vec<(usize, usize, String)> = pl306()
        .lint_document(&doc, &fs, None)
        .iter()
        .map(|d| {
            let lc = doc.line_col(d.span.start);
            (lc.line, lc.column, doc.text(d.span).to_string())
        })
        .collect();
    // `gen/` is ignored below `src/` only: `gen/out.rs` at the root is not.
    assert_eq!(
        got,
        vec![
            (3, 62, "gen/out.rs".to_string()),
            (3, 76, "src/real.rs".to_string())
        ]
    );
}

/// A "new" keyword belongs to the path right after it: a second path further on, after
/// other words, is not declared by it ("a new `a.rs`, called by `f()` in `b.rs`").
/// "Add ... to ... in `dir`" edits `dir`: the files below it are not all new.
#[test]
fn a_declaration_covers_only_its_own_path() {
    let plan = "# Plan: X (x)\n\nWe add a new module in `src/fresh.rs`, called by `run()` in `src/ghost.rs`.\n\nAdd a limit to the service in `src/`; see `src/phantom.rs`.\n";
    let got: Vec<(usize, usize, String)> = lint_text("plan.md", plan)
        .into_iter()
        .map(|(_, l, c, t, _)| (l, c, t))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, 62, "src/ghost.rs".to_string()),
            (5, 44, "src/phantom.rs".to_string())
        ]
    );
}
