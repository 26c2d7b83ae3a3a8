//! Issue 11 (findings you can trust), structure items: one finding per root cause, with
//! all rules selected, asserted by exact code, line and column.
//!
//! The fixtures under `fixtures/i11/` are the clean plan with one defect introduced;
//! positions are counted by hand (1-based line, 1-based column in characters).

use plan_lint::engine::config::Config;
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::workspace::fs_view::FsView;
use std::path::Path;
use std::sync::Arc;

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// All rules, against the fake repository: (code, line, column, spanned text). PL003
/// (the file is not `EXPORT/plan_rate-limits.md`) is left out: it is about where the
/// fixture lives, not about its text.
fn lint_all(rel: &str) -> Vec<(&'static str, usize, usize, String)> {
    let linter = Linter::new(Config::defaults(".".into()), &Selection::default()).expect("rules");
    let fs = FsView::new(crate_root().join("fixtures/repo"));
    let path = crate_root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let doc = plan_lint::document::parse::parse(&path, Arc::from(text.as_str()));
    linter
        .lint_document(&doc, &fs, None)
        .iter()
        .filter(|d| d.code != "PL003")
        .map(|d| {
            let lc = doc.line_col(d.span.start);
            (d.code, lc.line, lc.column, doc.text(d.span).to_string())
        })
        .collect()
}

fn codes(found: &[(&'static str, usize, usize, String)]) -> Vec<(&'static str, usize, usize)> {
    found.iter().map(|(c, l, col, _)| (*c, *l, *col)).collect()
}

/// Miss 6: heading synonyms are PL006 near misses (rename fix), not PL008 + PL004 pairs.
#[test]
fn heading_synonyms_are_near_misses_only() {
    let found = lint_all("fixtures/i11/synonyms.md");
    assert_eq!(
        codes(&found),
        vec![
            ("PL006", 3, 4),
            ("PL006", 12, 4),
            ("PL006", 27, 4),
            ("PL006", 33, 4),
            ("PL006", 58, 4),
            ("PL006", 63, 4),
            ("PL006", 77, 4),
        ],
        "{found:?}"
    );
    let texts: Vec<&str> = found.iter().map(|f| f.3.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Overview",
            "Out of Scope",
            "Current State",
            "Files to Change",
            "Data Model",
            "Testing Strategy",
            "Risks & Rollback"
        ]
    );
}

/// A heading that is not a synonym stays unknown: "Background" is not the Summary.
#[test]
fn background_is_not_a_summary() {
    let found = lint_all("fixtures/i11/not-a-synonym.md");
    assert_eq!(
        codes(&found),
        vec![("PL008", 3, 4), ("PL004", 7, 4)],
        "{found:?}"
    );
}

/// Cascade: an impact table without the why column is one PL201, no PL202 per row.
#[test]
fn impact_table_with_wrong_columns_is_one_finding() {
    let found = lint_all("fixtures/i11/impact-wrong-columns.md");
    assert_eq!(codes(&found), vec![("PL201", 35, 1)], "{found:?}");
}

/// FP7: a comment and a thematic break after `None.` are not other content.
#[test]
fn none_then_comment_and_break_is_clean() {
    let found = lint_all("fixtures/i11/none-then-break.md");
    assert_eq!(codes(&found), vec![], "{found:?}");
}

/// Miss 7: marker typos (edit distance <= 2, missing `]`) are one PL503 each, with a
/// safe fix; PL501 does not report the same item again.
#[test]
fn marker_typos_are_one_pl503_each() {
    let found = lint_all("fixtures/i11/marker-typos.md");
    assert_eq!(
        codes(&found),
        vec![("PL503", 89, 3), ("PL503", 90, 3)],
        "{found:?}"
    );
    assert_eq!(found[0].3, "[0o0o NEEDS CONFIRMATON]");
    assert_eq!(found[1].3, "[0o0o NEEDS CONFIRMATION");
}
