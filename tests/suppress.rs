//! Inline suppression comments (`<!-- plan-lint-disable PL101 -->` and friends), through
//! the library API with every rule active: what they suppress, PL901
//! `unknown-suppression`, PL902 `unused-suppression` (only with
//! `with_report_unused_disables(true)`), and that a suppressed finding's fix is not
//! applied.
//!
//! Most cases start from the clean plan (no finding of any rule) and change one or two
//! lines, so every finding in a result comes from the change. Positions are (line,
//! column), 1-based, columns in characters.

use plan_lint::diagnostic::{Diagnostic, Severity};
use plan_lint::engine::config::Config;
use plan_lint::engine::fix::{FixMode, fix_document};
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::workspace::fs_view::FsView;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const CLEAN: &str = include_str!("../fixtures/clean/EXPORT/plan_rate-limits.md");
const PATH: &str = "EXPORT/plan_rate-limits.md";

fn fs() -> FsView {
    FsView::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repo"))
}

fn linter_with(select: Option<&[&str]>, config: Config, report_unused: bool) -> Linter {
    let selection = Selection {
        select: select.map(|s| s.iter().map(|c| c.to_string()).collect()),
        ignore: vec![],
    };
    Linter::new(config, &selection)
        .expect("known rules")
        .with_report_unused_disables(report_unused)
}

/// Every rule, default config.
fn all(report_unused: bool) -> Linter {
    linter_with(None, Config::defaults(".".into()), report_unused)
}

fn run(linter: &Linter, src: &str) -> Vec<Diagnostic> {
    let doc = plan_lint::document::parse::parse(Path::new(PATH), Arc::from(src));
    linter.lint_document(&doc, &fs(), Some(Path::new(PATH)))
}

/// A finding as (code, line, column).
type Finding = (&'static str, usize, usize);

/// Findings as (code, line, column).
fn found(linter: &Linter, src: &str) -> Vec<Finding> {
    let doc = plan_lint::document::parse::parse(Path::new(PATH), Arc::from(src));
    linter
        .lint_document(&doc, &fs(), Some(Path::new(PATH)))
        .iter()
        .map(|d| {
            let lc = doc.line_col(d.span.start);
            (d.code, lc.line, lc.column)
        })
        .collect()
}

/// The clean plan with `from` (which must occur) replaced by `to`.
fn clean_with(edits: &[(&str, &str)]) -> String {
    let mut s = CLEAN.to_string();
    for (from, to) in edits {
        assert!(s.contains(from), "clean plan has no {from:?}");
        s = s.replacen(from, to, 1);
    }
    s
}

const GOAL_1: &str = "- Reject requests above 100 per minute per client with HTTP 429.\n";
const GOAL_2: &str = "- Send a `Retry-After` header with the seconds until the bucket refills.\n";
/// Line 9 of the clean plan with a hedging word (`should` at column 12).
const GOAL_1_SHOULD: &str = "- Requests should be rejected above 100 per minute per client.\n";
/// Line 10 with a weak wording (`etc.` at column 49).
const GOAL_2_ETC: &str = "- Send a `Retry-After` header, a reason, a body etc.\n";

#[test]
fn the_base_cases_find_what_the_comments_will_suppress() {
    assert_eq!(found(&all(true), CLEAN), []);
    let src = clean_with(&[(GOAL_1, GOAL_1_SHOULD), (GOAL_2, GOAL_2_ETC)]);
    assert_eq!(
        found(&all(true), &src),
        [("PL101", 9, 12), ("PL102", 10, 49)]
    );
}

#[test]
fn disable_next_line_before_a_list_with_and_without_codes() {
    for comment in [
        "<!-- plan-lint-disable-next-line PL101 -->",
        "<!-- plan-lint-disable-next-line hedging -->",
        "<!-- plan-lint-disable-next-line -->",
        "<!--plan-lint-disable-next-line\tpl101-->",
    ] {
        let src = clean_with(&[(GOAL_1, &format!("{comment}\n{GOAL_1_SHOULD}"))]);
        assert_eq!(found(&all(true), &src), [], "{comment}");
    }
    // Codes separated by a comma: PL101 is suppressed, PL102 had nothing to suppress.
    let src = clean_with(&[(
        GOAL_1,
        &format!("<!-- plan-lint-disable-next-line PL102, PL101 -->\n{GOAL_1_SHOULD}"),
    )]);
    assert_eq!(found(&all(false), &src), []);
    assert_eq!(found(&all(true), &src), [("PL902", 9, 34)]);
    // Only the next line: the same word two lines down is reported (and the comment
    // suppressed nothing).
    let src = clean_with(&[
        (
            GOAL_1,
            &format!("<!-- plan-lint-disable-next-line PL101 -->\n{GOAL_1}"),
        ),
        (GOAL_2, "- It should send a `Retry-After` header.\n"),
    ]);
    assert_eq!(
        found(&all(true), &src),
        [("PL902", 9, 34), ("PL101", 11, 6)]
    );
    // Another rule's code does not suppress PL101 (and is then unused).
    let src = clean_with(&[(
        GOAL_1,
        &format!("<!-- plan-lint-disable-next-line PL102 -->\n{GOAL_1_SHOULD}"),
    )]);
    assert_eq!(
        found(&all(true), &src),
        [("PL902", 9, 34), ("PL101", 10, 12)]
    );
}

#[test]
fn disable_next_line_before_a_later_list_item() {
    // The comment is indented into the first item, so the list stays one list.
    let src = clean_with(&[(
        GOAL_2,
        "  <!-- plan-lint-disable-next-line PL101 -->\n- It should send a `Retry-After` header.\n",
    )]);
    assert_eq!(found(&all(true), &src), []);
    // In a nested list.
    let src = clean_with(&[(
        GOAL_2,
        "  - per client\n    <!-- plan-lint-disable-next-line PL101 -->\n  - it should also count per route\n",
    )]);
    assert_eq!(found(&all(true), &src), []);
}

#[test]
fn disable_next_line_before_a_table_row() {
    let row_37 = "| `src/lib.rs` | Install the limiter in `create_app()` | edit |\n";
    let row_38 = "| `src/limits.rs` | The token-bucket limiter | new |\n";
    let hedged = "| `src/limits.rs` | The limiter should use token buckets | new |\n";
    // In the last cell of the row above (a comment on a line of its own would end the
    // table).
    let src = clean_with(&[
        (
            row_37,
            "| `src/lib.rs` | Install the limiter in `create_app()` | edit <!-- plan-lint-disable-next-line PL101 --> |\n",
        ),
        (row_38, hedged),
    ]);
    assert_eq!(found(&all(true), &src), []);
    // Without the comment: reported in the Why cell.
    let src = clean_with(&[(row_38, hedged)]);
    assert_eq!(found(&all(true), &src), [("PL101", 38, 33)]);
    // `disable-line` in the row's own cell.
    let src = clean_with(&[(
        row_38,
        "| `src/limits.rs` | The limiter should use token buckets <!-- plan-lint-disable-line PL101 --> | new |\n",
    )]);
    assert_eq!(found(&all(true), &src), []);
}

#[test]
fn inline_comments_in_a_paragraph_cover_their_whole_line() {
    let summary = "Add a per-client request limit to the gateway:";
    // `disable-line` after the word, and before it.
    for src in [
        clean_with(&[(
            summary,
            "Add a per-client request limit that should hold to the gateway <!-- plan-lint-disable-line PL101 -->:",
        )]),
        clean_with(&[(
            summary,
            "Add <!-- plan-lint-disable-line hedging --> a per-client request limit that should hold to the gateway:",
        )]),
    ] {
        assert_eq!(found(&all(true), &src), []);
    }
    // A paragraph of three lines: `disable-next-line` inline at the end of line 1
    // covers line 2 only.
    let src = clean_with(&[(
        "## Non-Goals\n\n- Distributed limits across several gateway instances: one instance holds its own buckets.\n",
        "## Non-Goals\n\nNo distributed limits. <!-- plan-lint-disable-next-line PL101 -->\nThey should stay local,\nand they should not be shared.\n",
    )]);
    assert_eq!(found(&all(true), &src), [("PL101", 16, 10)]);
}

#[test]
fn disable_enable_ranges_with_codes_names_and_all() {
    let body = format!("{GOAL_1_SHOULD}{GOAL_2_ETC}");
    let cases: &[(&str, &str, &[Finding])] = &[
        // both codes, comma-separated
        (
            "<!-- plan-lint-disable PL101,PL102 -->\n",
            "<!-- plan-lint-enable PL101, PL102 -->\n",
            &[],
        ),
        // names
        (
            "<!-- plan-lint-disable hedging weak-wording -->\n",
            "<!-- plan-lint-enable -->\n",
            &[],
        ),
        // every rule
        (
            "<!-- plan-lint-disable -->\n",
            "<!-- plan-lint-enable -->\n",
            &[],
        ),
        // one of the two
        (
            "<!-- plan-lint-disable PL102 -->\n",
            "<!-- plan-lint-enable PL102 -->\n",
            &[("PL101", 10, 12)],
        ),
        // every rule, then PL101 on again before the hedged line
        (
            "<!-- plan-lint-disable -->\n<!-- plan-lint-enable PL101 -->\n",
            "<!-- plan-lint-enable -->\n",
            &[("PL101", 11, 12)],
        ),
    ];
    for (open, close, want) in cases {
        let src = clean_with(&[(GOAL_1, &format!("{open}{body}{close}"))]);
        assert_eq!(found(&all(true), &src), *want, "{open}{close}");
    }
    // After the `enable`, the rules are on again.
    let src = clean_with(&[
        (
            GOAL_1,
            &format!("<!-- plan-lint-disable -->\n{GOAL_1_SHOULD}<!-- plan-lint-enable -->\n"),
        ),
        (GOAL_2, GOAL_2_ETC),
    ]);
    assert_eq!(found(&all(true), &src), [("PL102", 12, 49)]);
}

#[test]
fn an_unclosed_disable_runs_to_the_end_of_the_file() {
    // PL101 in Open Questions and PL004's finding for a missing section at the very end.
    let src = clean_with(&[
        (
            "## Rollout & Rollback\n",
            "<!-- plan-lint-disable -->\n\n## Rollout & Rollback\n",
        ),
        ("## Open Questions\n\nNone.", "It should be fine."),
    ]);
    assert_eq!(found(&all(true), &src), []);
    // Without the comment, both are reported.
    let src = clean_with(&[("## Open Questions\n\nNone.", "It should be fine.")]);
    let codes: Vec<_> = found(&all(true), &src).iter().map(|f| f.0).collect();
    assert!(
        codes.contains(&"PL004") && codes.contains(&"PL101"),
        "{codes:?}"
    );
}

#[test]
fn nested_and_overlapping_ranges() {
    // PL101 off on lines 9–13, PL102 off on lines 11–15: overlapping, not nested.
    // (`as needed`: vague in any sentence, unlike `etc.`, which PL102 only reports in
    // an instruction.)
    let src = clean_with(&[(
        "## Goals\n\n- Reject requests above 100 per minute per client with HTTP 429.\n- Send a `Retry-After` header with the seconds until the bucket refills.\n",
        "## Goals\n\n\
         <!-- plan-lint-disable PL101 -->\n\
         - It should reject a request, as needed\n\
         <!-- plan-lint-disable PL102 -->\n\
         - It should send a header, as needed\n\
         <!-- plan-lint-enable PL101 -->\n\
         - It should count per client, as needed\n\
         <!-- plan-lint-enable PL102 -->\n\
         - It should refill, as needed\n",
    )]);
    assert_eq!(
        found(&all(true), &src),
        [
            ("PL102", 10, 31),
            ("PL101", 14, 6),
            ("PL101", 16, 6),
            ("PL102", 16, 21)
        ]
    );
    // A range inside a range of the same rule: the inner `enable` ends both (one
    // switch per rule, as in markdownlint); the inner `disable` is redundant.
    let src = clean_with(&[(
        GOAL_1,
        "<!-- plan-lint-disable PL101 -->\n\
         - It should reject.\n\
         <!-- plan-lint-disable PL101 -->\n\
         - It should count.\n\
         <!-- plan-lint-enable PL101 -->\n\
         - It should refill.\n\
         <!-- plan-lint-enable PL101 -->\n",
    )]);
    assert_eq!(
        found(&all(true), &src),
        [("PL902", 11, 24), ("PL101", 14, 6), ("PL902", 15, 23)]
    );
    // Without the flag, only the finding.
    assert_eq!(found(&all(false), &src), [("PL101", 14, 6)]);
}

#[test]
fn disable_and_enable_on_one_line_leave_the_line_on() {
    let src = clean_with(&[(
        GOAL_1,
        "- Requests <!-- plan-lint-disable PL101 --> should be rejected <!-- plan-lint-enable PL101 -->.\n",
    )]);
    assert_eq!(
        found(&all(true), &src),
        [("PL902", 9, 35), ("PL101", 9, 45)]
    );
}

#[test]
fn crlf_documents() {
    let src = clean_with(&[
        (
            GOAL_1,
            &format!("<!-- plan-lint-disable-next-line PL101 -->\n{GOAL_1_SHOULD}"),
        ),
        (
            GOAL_2,
            "- It should send a header <!-- plan-lint-disable-line PL999 -->.\n",
        ),
    ])
    .replace('\n', "\r\n");
    assert_eq!(
        found(&all(true), &src),
        [("PL101", 11, 6), ("PL901", 11, 55)]
    );
    // A comment that spans lines: `disable-next-line` means the line after its last.
    let src = clean_with(&[(
        GOAL_1,
        &format!("<!-- plan-lint-disable-next-line\n     PL101 -->\n{GOAL_1_SHOULD}"),
    )])
    .replace('\n', "\r\n");
    assert_eq!(found(&all(true), &src), []);
}

#[test]
fn comments_in_code_are_not_suppressions() {
    let src = clean_with(&[(
        GOAL_1,
        "- Write `<!-- plan-lint-disable-line -->` in the plan; it should work.\n",
    )]);
    assert_eq!(found(&all(true), &src), [("PL101", 9, 59)]);
    let src = clean_with(&[(
        "```sh\ncargo test --test cli\n```\n",
        "```sh\ncargo test --test cli\n# <!-- plan-lint-disable PL999 -->\n```\n\nIt should pass.\n",
    )]);
    assert_eq!(found(&all(true), &src), [("PL101", 73, 4)]);
}

#[test]
fn unknown_codes_are_pl901_at_the_code() {
    let src = clean_with(&[
        (
            GOAL_1,
            &format!("<!-- plan-lint-disable-next-line PL101 PL1O1 -->\n{GOAL_1_SHOULD}"),
        ),
        (
            "## Non-Goals\n",
            "## Non-Goals <!-- plan-lint-disable-line hedgin,PL9 -->\n",
        ),
    ]);
    let diags = run(&all(false), &src);
    let doc = plan_lint::document::parse::parse(Path::new(PATH), Arc::from(src.as_str()));
    let got: Vec<_> = diags
        .iter()
        .map(|d| {
            let lc = doc.line_col(d.span.start);
            (d.code, lc.line, lc.column, doc.text(d.span), d.severity)
        })
        .collect();
    assert_eq!(
        got,
        [
            ("PL901", 9, 40, "PL1O1", Severity::Warning),
            ("PL901", 13, 42, "hedgin", Severity::Warning),
            ("PL901", 13, 49, "PL9", Severity::Warning),
        ]
    );
    // The unknown code does not turn the comment into "every rule": nothing else is
    // suppressed by `disable-line hedgin,PL9`, and the known PL101 still works.
    assert!(diags[0].message.contains("`PL1O1`"), "{}", diags[0].message);
    // A disable of every rule does not suppress PL901.
    let src = clean_with(&[(
        "## Summary\n",
        "<!-- plan-lint-disable -->\n<!-- plan-lint-enable PL999 -->\n\n## Summary\n",
    )]);
    assert_eq!(found(&all(false), &src), [("PL901", 4, 23)]);
}

#[test]
fn pl901_and_pl902_follow_selection_and_config_levels() {
    let src = clean_with(&[(
        GOAL_1,
        &format!("<!-- plan-lint-disable-next-line PL999 PL102 -->\n{GOAL_1_SHOULD}"),
    )]);
    // Not selected: not reported.
    let l = linter_with(Some(&["PL101"]), Config::defaults(".".into()), true);
    assert_eq!(found(&l, &src), [("PL101", 10, 12)]);
    // Selected alone.
    let l = linter_with(Some(&["PL901"]), Config::defaults(".".into()), true);
    assert_eq!(found(&l, &src), [("PL901", 9, 34)]);
    // Ignored.
    let l = Linter::new(
        Config::defaults(".".into()),
        &Selection {
            select: None,
            ignore: vec!["unknown-suppression".into(), "PL902".into()],
        },
    )
    .unwrap()
    .with_report_unused_disables(true);
    assert_eq!(found(&l, &src), [("PL101", 10, 12)]);
    // Config levels: PL901 an error, PL902 off (even with the flag).
    let config = Config::from_str(
        "[rules]\nPL901 = \"error\"\nunused-suppression = \"off\"\n",
        Path::new("plan-lint.toml"),
        PathBuf::from("."),
    )
    .expect("config");
    let l = linter_with(None, config, true);
    let diags = run(&l, &src);
    let got: Vec<_> = diags.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        got,
        [("PL901", Severity::Error), ("PL101", Severity::Error)]
    );
    // PL902 at the configured severity.
    let config = Config::from_str(
        "[rules]\nPL902 = \"error\"\n",
        Path::new("plan-lint.toml"),
        PathBuf::from("."),
    )
    .expect("config");
    let l = linter_with(None, config, true);
    let got: Vec<_> = run(&l, &src).iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        got,
        [
            ("PL901", Severity::Warning),
            ("PL902", Severity::Error),
            ("PL101", Severity::Error)
        ]
    );
}

#[test]
fn unused_suppressions_are_reported_only_with_the_flag() {
    // Each form, with and without codes, on lines without findings.
    let src = clean_with(&[
        (
            GOAL_1,
            &format!(
                "<!-- plan-lint-disable-next-line PL101 -->\n{GOAL_1}\
                 <!-- plan-lint-disable-next-line -->\n{GOAL_2}"
            ),
        ),
        (
            "## Non-Goals\n",
            "## Non-Goals <!-- plan-lint-disable-line hedging -->\n",
        ),
        (
            "## Requirements\n",
            "<!-- plan-lint-disable PL102 -->\n<!-- plan-lint-enable PL102 PL103 -->\n\n## Requirements\n",
        ),
    ]);
    assert_eq!(found(&all(false), &src), []);
    let diags = run(&all(true), &src);
    let doc = plan_lint::document::parse::parse(Path::new(PATH), Arc::from(src.as_str()));
    let got: Vec<_> = diags
        .iter()
        .map(|d| {
            let lc = doc.line_col(d.span.start);
            (d.code, lc.line, lc.column, doc.text(d.span))
        })
        .collect();
    assert_eq!(
        got,
        [
            ("PL902", 9, 34, "PL101"),
            ("PL902", 11, 6, "plan-lint-disable-next-line"),
            ("PL902", 15, 42, "hedging"),
            ("PL902", 19, 24, "PL102"),
            ("PL902", 20, 29, "PL103"),
        ]
    );
    assert!(diags.iter().all(|d| d.severity == Severity::Warning));
    assert_eq!(
        diags[0].message,
        "unused suppression: no `PL101` finding on the next line"
    );
    assert_eq!(
        diags[4].message,
        "unused suppression: `plan-lint-enable PL103` re-enables nothing (`PL103` is not disabled here)"
    );
}

#[test]
fn used_suppressions_are_not_reported_and_partly_used_ones_name_the_unused_code() {
    let src = clean_with(&[(
        GOAL_1,
        &format!("<!-- plan-lint-disable-next-line PL101 PL102 PL101 -->\n{GOAL_1_SHOULD}"),
    )]);
    assert_eq!(
        found(&all(true), &src),
        [("PL902", 9, 40), ("PL902", 9, 46)]
    );
    // A rule that does not run: its suppressions are unused, and the message says why.
    let l = linter_with(Some(&["PL902"]), Config::defaults(".".into()), true);
    let src = clean_with(&[(
        GOAL_1,
        &format!("<!-- plan-lint-disable-next-line PL101 -->\n{GOAL_1_SHOULD}"),
    )]);
    let diags = run(&l, &src);
    assert_eq!(diags.len(), 1);
    assert!(
        diags[0].message.ends_with("(PL101 is not enabled)"),
        "{}",
        diags[0].message
    );
    // PL902 and PL901 findings are never suppressed, and a suppression naming them is
    // unused.
    let src = clean_with(&[(
        GOAL_1,
        &format!(
            "<!-- plan-lint-disable-next-line PL901 PL902 -->\n<!-- plan-lint-disable-line PL999 -->\n{GOAL_1}"
        ),
    )]);
    let diags = run(&all(true), &src);
    let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["PL902", "PL902", "PL901"]);
    assert!(
        diags[0]
            .message
            .ends_with("(PL901 findings are never suppressed)")
    );
}

#[test]
fn a_suppressed_findings_fix_is_not_applied() {
    let fs = fs();
    let fix = |src: &str| {
        fix_document(
            &all(false),
            &fs,
            Path::new(PATH),
            Some(Path::new(PATH)),
            src,
            FixMode::Unsafe,
        )
    };
    // Without the comment the safe fix rewrites `should`.
    let src = clean_with(&[(GOAL_1, GOAL_1_SHOULD)]);
    assert!(fix(&src).output.contains("- Requests must be rejected"));
    for comment in [
        "<!-- plan-lint-disable-next-line PL101 -->\n",
        "<!-- plan-lint-disable -->\n",
    ] {
        let src = clean_with(&[(GOAL_1, &format!("{comment}{GOAL_1_SHOULD}"))]);
        let out = fix(&src);
        assert_eq!(out.output, src, "{comment}");
        assert!(out.applied.is_empty() && out.remaining.is_empty());
    }
    // Only the suppressed one is left alone.
    let src = clean_with(&[
        (
            GOAL_1,
            &format!("<!-- plan-lint-disable-next-line PL101 -->\n{GOAL_1_SHOULD}"),
        ),
        (GOAL_2, "- It should send a header.\n"),
    ]);
    let out = fix(&src);
    assert!(out.output.contains(GOAL_1_SHOULD));
    assert!(out.output.contains("- It must send a header.\n"));
}

#[test]
fn lint_text_applies_suppressions() {
    let linter = all(true);
    let diags = plan_lint::lint_text(
        &linter,
        &fs(),
        PATH,
        &clean_with(&[(
            GOAL_1,
            &format!("<!-- plan-lint-disable-next-line PL101 -->\n{GOAL_1_SHOULD}"),
        )]),
    );
    assert_eq!(diags, []);
}
