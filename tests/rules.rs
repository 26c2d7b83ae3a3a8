//! Per-rule trigger fixtures, asserted by exact rule code, line and column.
//!
//! Every fixture under `fixtures/rules/` is a realistic plan (a copy of the clean plan
//! with one rule's defect introduced 1–3 times). Each is linted with ONLY its rule
//! selected, against the fake repository `fixtures/repo`, and the findings must be
//! exactly the expected `(line, column)` list: nothing missing, nothing extra.
//!
//! The expected positions were counted by hand from the fixture text (1-based line,
//! 1-based column in characters, not bytes); never update them from the tool's output
//! without checking the fixture again. A span starts where the problem is shown:
//! the word for lexicon rules, the path inside the backticks for impact rules, the
//! heading text after the `#`s for section rules, the cell for cell rules.
//!
//! Fixtures whose name carries a suffix (`-crlf`, `-bom`, `-escaped-pipe`, `-unicode`,
//! …) exercise source shapes: CRLF line endings, a UTF-8 BOM, escaped `\|` in table
//! rows, non-ASCII text before the finding. `.gitattributes` marks `fixtures/**` as
//! `-text` so git keeps their bytes.

use plan_lint::diagnostic::Diagnostic;
use plan_lint::engine::config::Config;
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::workspace::fs_view::FsView;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// (rule code, fixture path relative to the crate root, expected (line, column) list,
/// in the linter's order: by position).
type Case = (&'static str, &'static str, &'static [(usize, usize)]);

const CASES: &[Case] = &[
    // ── structure ──
    // Title without `Plan:` (line 1), and `# Implementation Plan` as a second H1.
    ("PL001", "fixtures/rules/PL001.md", &[(1, 3), (43, 3)]),
    // `(Rate_Limits)`: the slug inside the parentheses.
    ("PL002", "fixtures/rules/PL002.md", &[(1, 22)]),
    // Same with a UTF-8 BOM: the BOM is not a column of line 1.
    ("PL002", "fixtures/rules/PL002-bom.md", &[(1, 22)]),
    // The file name is the defect: reported at the title's slug.
    (
        "PL003",
        "fixtures/rules/PL003/EXPORT/plan_wrong-name.md",
        &[(1, 22)],
    ),
    (
        "PL003",
        "fixtures/rules/PL003/docs/plan_rate-limits.md",
        &[(1, 22)],
    ),
    // Wrong name AND not in EXPORT: two findings at the same place.
    (
        "PL003",
        "fixtures/rules/PL003/docs/plan_a.md",
        &[(1, 22), (1, 22)],
    ),
    // Non-Goals missing (at the next present section, `Requirements`); Open Questions
    // missing (at the end of the last line, after `covered.`).
    ("PL004", "fixtures/rules/PL004.md", &[(12, 4), (81, 106)]),
    (
        "PL004",
        "fixtures/rules/PL004-crlf.md",
        &[(12, 4), (81, 106)],
    ),
    // `## Rollout & Rollback` moved after `## Open Questions`.
    ("PL005", "fixtures/rules/PL005.md", &[(86, 4)]),
    // `Non Goals`, `Assumptions and Constraints`, `Test Plan`.
    (
        "PL006",
        "fixtures/rules/PL006.md",
        &[(12, 4), (22, 4), (63, 4)],
    ),
    // `## Non Goals ##` (closing sequence), a setext `Assumptions and Constraints`,
    // and ` ##   Test Plan` (indented, extra spaces).
    (
        "PL006",
        "fixtures/rules/PL006-heading-shapes.md",
        &[(12, 4), (22, 1), (64, 7)],
    ),
    // A second `## Requirements` and a second `## Testing Plan`.
    ("PL007", "fixtures/rules/PL007.md", &[(63, 4), (81, 4)]),
    // `## Background` and `## Risks`.
    ("PL008", "fixtures/rules/PL008.md", &[(7, 4), (86, 4)]),
    // `## Non-Goals` with nothing; `## Data & Interface Contracts` with only a comment.
    ("PL009", "fixtures/rules/PL009.md", &[(12, 4), (56, 4)]),
    // A list after the Summary paragraph: its first line.
    ("PL010", "fixtures/rules/PL010.md", &[(7, 1)]),
    // `#### Entry points` and `#### Command` directly under H2s.
    ("PL011", "fixtures/rules/PL011.md", &[(29, 6), (70, 6)]),
    // ── language ──
    // `should` in a list item, `might` in a table cell, `should not` in a nested item.
    (
        "PL101",
        "fixtures/rules/PL101.md",
        &[(9, 44), (39, 29), (56, 27)],
    ),
    (
        "PL101",
        "fixtures/rules/PL101-crlf.md",
        &[(9, 44), (39, 29), (56, 27)],
    ),
    (
        "PL101",
        "fixtures/rules/PL101-bom.md",
        &[(9, 44), (39, 29), (56, 27)],
    ),
    // Escaped `\|` in a code span, in prose and in the path cell before the finding
    // (line 37 has escaped pipes and no finding).
    (
        "PL101",
        "fixtures/rules/PL101-escaped-pipe.md",
        &[(38, 62), (39, 45)],
    ),
    // ü, é, → and 🚦 before the word, in a list item, a table cell and an H3.
    (
        "PL101",
        "fixtures/rules/PL101-unicode.md",
        &[(9, 51), (39, 41), (59, 31)],
    ),
    // `etc.`, `probably`, `as needed`.
    (
        "PL102",
        "fixtures/rules/PL102.md",
        &[(14, 88), (20, 31), (48, 102)],
    ),
    // Not vague: `would`/`could` in a rationale or a negated past (out of the default
    // lexicon), `etc.` after examples of a named set, `various` before its full list, a
    // literal `try to`, a quoted or italic mention, questions. Vague: `etc.` in a
    // step's Changes and in an instruction (`Create the enum (…, etc.)`),
    // `Optionally`, `if needed`, `or equivalent`; `could` in a step's Changes and in
    // Notes offering an alternative (not `would` giving a reason there). Not after `all other panels (…,
    // etc.)`, `possibly empty`, `Optionally … (default off)` (lines 86-88).
    (
        "PL102",
        "fixtures/rules/PL102-context.md",
        &[
            (54, 172),
            (55, 17),
            (55, 75),
            (59, 99),
            (60, 108),
            (60, 132),
            (70, 32),
            (71, 52),
        ],
    ),
    // Questions (one with `e.g.` inside), verbs named in a list (`must, should,
    // advise`; `should/might`), a quoted and an italic mention: none is hedging; the
    // one statement with `should` is.
    ("PL101", "fixtures/rules/PL101-question.md", &[(13, 15)]),
    // `as above`, `see <Section> above`, `The two above`, `the sections above`; not
    // `above-the-fold`, `values above 100`, `the limit above the burst size`.
    (
        "PL103",
        "fixtures/rules/PL103-above.md",
        &[(54, 54), (68, 32), (69, 3), (69, 55)],
    ),
    // `as discussed above`, `per our conversation`, `mentioned earlier`.
    (
        "PL103",
        "fixtures/rules/PL103.md",
        &[(24, 47), (51, 131), (65, 21)],
    ),
    // `TBD` in a table cell, `<feat_name>` in prose, `TODO` in Open Questions.
    (
        "PL104",
        "fixtures/rules/PL104.md",
        &[(41, 18), (79, 28), (89, 1)],
    ),
    // The same words with invisible characters inside them (zero-width space, soft
    // hyphen, bidi override/isolate, word joiner): found through them, at the column
    // of the original text (one more where an invisible character precedes the word
    // on its line: it is a column of its own).
    (
        "PL101",
        "fixtures/rules/PL101-invisible.md",
        &[(9, 45), (39, 29), (56, 27)],
    ),
    (
        "PL102",
        "fixtures/rules/PL102-invisible.md",
        &[(14, 88), (20, 32), (48, 102)],
    ),
    (
        "PL103",
        "fixtures/rules/PL103-invisible.md",
        &[(24, 47), (51, 131), (65, 22)],
    ),
    (
        "PL104",
        "fixtures/rules/PL104-invisible.md",
        &[(41, 18), (79, 28), (89, 1)],
    ),
    // A ZWSP inside `minute`, U+202E U+2066 (one run) in an inline code span, U+2069
    // in the fenced `sh` block; the ZWJ of 👩‍💻 on line 84 is legitimate.
    (
        "PL105",
        "fixtures/rules/PL105.md",
        &[(9, 36), (47, 97), (69, 22)],
    ),
    // ── impact ──
    // The table has no Why column: its header row.
    ("PL201", "fixtures/rules/PL201.md", &[(35, 1)]),
    // A list instead of a table: the section heading.
    ("PL201", "fixtures/rules/PL201-no-table.md", &[(33, 4)]),
    // `modify`, `create`, `update`.
    (
        "PL202",
        "fixtures/rules/PL202.md",
        &[(37, 58), (38, 48), (41, 47)],
    ),
    // `\|` in the why cell before the offending change cell.
    ("PL202", "fixtures/rules/PL202-escaped-pipe.md", &[(39, 63)]),
    // → , é and 🚦 in the why cell before the offending change cell.
    ("PL202", "fixtures/rules/PL202-unicode.md", &[(39, 77)]),
    // A lead-in line directly above the table (no blank line).
    ("PL202", "fixtures/rules/PL202-lead-in.md", &[(38, 48)]),
    // `src/config.rs` (missing), `tests/CLI.rs` (case), `docs/limits.md` (no backticks).
    (
        "PL203",
        "fixtures/rules/PL203.md",
        &[(39, 4), (40, 4), (42, 3)],
    ),
    // Line suffixes (`src/main.rs:1-3` exists: no finding; `tests/gone.rs:10-20`), a
    // code span in bold, a brace alternative that does not exist (`tests/load.rs`).
    (
        "PL203",
        "fixtures/rules/PL203-cell-shapes.md",
        &[(40, 4), (41, 6), (42, 4)],
    ),
    // `src/server.rs` (file) and `tests/api/` (directory) marked `new`.
    ("PL204", "fixtures/rules/PL204.md", &[(38, 4), (42, 4)]),
    // Absolute, `..` and `~` paths.
    (
        "PL205",
        "fixtures/rules/PL205.md",
        &[(42, 4), (43, 4), (44, 4)],
    ),
    // A glob in a `new` row; an `edit` glob matching nothing.
    ("PL206", "fixtures/rules/PL206.md", &[(38, 4), (42, 4)]),
    // `./src/lib.rs` again; `tests/{cli,api/limits}.rs` expands to `tests/cli.rs` again.
    ("PL207", "fixtures/rules/PL207.md", &[(42, 4), (43, 4)]),
    // Empty why (between the pipes), missing change cell (end of row), `-` change.
    (
        "PL208",
        "fixtures/rules/PL208.md",
        &[(39, 18), (40, 46), (41, 47)],
    ),
    (
        "PL208",
        "fixtures/rules/PL208-crlf.md",
        &[(39, 18), (40, 46), (41, 47)],
    ),
    // A padded code span and a path cell in emphasis: the span is the path itself.
    (
        "PL203",
        "fixtures/rules/PL203-padded-and-emphasis.md",
        &[(39, 5), (42, 4)],
    ),
    ("PL301", "fixtures/rules/PL301.md", &[(53, 1)]),
    // heading-style steps numbered 1, 1, 3: only the repeated 1 is wrong
    ("PL301", "fixtures/rules/PL301-headings.md", &[(51, 10)]),
    // step 1 has Notes before Changes, step 2 has no Notes, step 3's Changes is empty
    (
        "PL302",
        "fixtures/rules/PL302.md",
        &[(47, 6), (49, 1), (54, 6)],
    ),
    // `etc.` after the paths of step 2; step 3 names only "the relevant files"
    (
        "PL303",
        "fixtures/rules/PL303.md",
        &[(50, 60), (54, 6), (54, 21)],
    ),
    // a plain-text path and a code-span path that the impact table does not list
    ("PL304", "fixtures/rules/PL304.md", &[(46, 34), (54, 34)]),
    ("PL305", "fixtures/rules/PL305.md", &[(42, 4)]),
    // two paths in the snapshot that neither exist nor are `new` rows
    ("PL306", "fixtures/rules/PL306.md", &[(31, 48), (32, 29)]),
    // File arguments of commands: the test target `limits` (no `tests/limits.rs`),
    // `tests/cli_test.py` given to pytest, `scripts/check_limits.sh` in a session
    // block. `cd tests && bash api/limits.rs` runs an existing file; the script the
    // here-document writes, and the here-document's own lines, are not read.
    (
        "PL306",
        "fixtures/rules/PL306-commands.md",
        &[(66, 54), (67, 65), (71, 8)],
    ),
    // declared new in prose / a list / a table, gone, run-time, hypothetical and
    // look-alike paths are not reported; an edit, an imperative removal, a symbol
    // suffix and a non-new table row are (see tests/references_precision.rs)
    (
        "PL306",
        "fixtures/rules/PL306-prose.md",
        &[(31, 48), (32, 29), (47, 4), (48, 11), (49, 22), (60, 4)],
    ),
    // A Files path marked `(new)`, "Create `src/lib.rs`" in Changes and a "New file:"
    // item, all existing; not the `new` impact row, a test created inside a file, a
    // conditional creation, an addition to a file, a negated creation.
    (
        "PL310",
        "fixtures/rules/PL310.md",
        &[(46, 35), (51, 27), (55, 19)],
    ),
    // link and image destinations: root-relative, `/`-rooted, angle-bracket, with a
    // fragment or query, percent-encoded, `../` from an unknown plan directory; a
    // missing link, image and `../` destination are reported; machine paths are PL311's
    (
        "PL306",
        "fixtures/rules/PL306-links.md",
        &[(34, 53), (35, 19), (38, 70)],
    ),
    // a home checkout in inline code and in a shell block, a Windows-drive link and a
    // `file://` link, a Linux home path naming a repository file; system paths,
    // placeholder homes and a server's home directory are not reported
    (
        "PL311",
        "fixtures/rules/PL311.md",
        &[(32, 43), (32, 83), (32, 133), (34, 105), (72, 4)],
    ),
    // -- PL30x cases --
    // ── sections ──
    // The Testing Plan has identifiers, a header and a `text` block, but no command.
    ("PL401", "fixtures/rules/PL401.md", &[(63, 4)]),
    // Plain-text test paths `tests/refill.rs` (missing) and `TESTS/cli.rs` (case);
    // `tests/api/limits.rs` exists, `tests/load.rs` in backticks is PL306's.
    ("PL402", "fixtures/rules/PL402.md", &[(66, 26), (67, 10)]),
    // Two plain bullets among task items (the second indented by one space, in its own
    // `*` list); the nested plain bullet and the intro paragraph are fine.
    ("PL403", "fixtures/rules/PL403.md", &[(77, 1), (80, 2)]),
    // The rollback line replaced by monitoring: "rollout" alone is not a rollback.
    ("PL404", "fixtures/rules/PL404.md", &[(77, 4)]),
    // Neither the implementer nor the QA/release review: two findings at the heading.
    ("PL405", "fixtures/rules/PL405.md", &[(82, 4), (82, 4)]),
    // `- None.` in Assumptions & Constraints, `N/A` in Data & Interface Contracts;
    // `None.` in Non-Goals and Open Questions is fine.
    ("PL406", "fixtures/rules/PL406.md", &[(24, 3), (59, 1)]),
    // -- PL4xx cases --
    // ── markers ──
    // A `None.` next to questions, an unmarked item, an item whose marker is in backticks.
    (
        "PL501",
        "fixtures/rules/PL501.md",
        &[(89, 1), (92, 3), (93, 3)],
    ),
    // Text after the question (`If so, …`), a marker with no question (at the marker),
    // two questions after one marker (the second `?`).
    (
        "PL502",
        "fixtures/rules/PL502.md",
        &[(24, 109), (61, 73), (89, 105)],
    ),
    // `[0o0o NEEDS-CONFIRMATION]`, spec-kit's `[NEEDS CLARIFICATION: …]`, lower case;
    // not the exact marker (line 90) nor lower-case prose "needs confirmation" (line 79).
    (
        "PL503",
        "fixtures/rules/PL503.md",
        &[(24, 46), (61, 73), (89, 3)],
    ),
    // Markers in a step's Notes and in Data & Interface Contracts whose questions are
    // not in Open Questions; the one on line 24 is listed (other case).
    ("PL504", "fixtures/rules/PL504.md", &[(52, 47), (61, 74)]),
    // A `should` question in a step's Notes and an either/or question; not a question
    // answered in its item, one in a block quote, a bold question answered by the next
    // paragraph, a checklist item.
    ("PL505", "fixtures/rules/PL505.md", &[(52, 47), (56, 62)]),
    // -- PL5xx cases --
    // ── suppressions ──
    // `PL1O1` (letter O) in a disable-next-line, `hedgeing` after a known name in a
    // table cell, `PL-101` after a known name in a disable.
    (
        "PL901",
        "fixtures/rules/PL901.md",
        &[(9, 34), (40, 91), (80, 37)],
    ),
    // Alone, PL902 sees no other rule's finding: a disable-next-line without codes (at
    // its keyword), a disable-line of PL101 in a table cell, an enable of a rule that
    // is not disabled.
    (
        "PL902",
        "fixtures/rules/PL902.md",
        &[(18, 6), (39, 74), (64, 23)],
    ),
];

const CLEAN_PLAN: &str = "fixtures/clean/EXPORT/plan_rate-limits.md";

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn repo_root() -> PathBuf {
    crate_root().join("fixtures/repo")
}

fn linter(select: Option<&str>) -> Linter {
    let selection = Selection {
        select: select.map(|code| vec![code.to_string()]),
        ignore: vec![],
    };
    // Reporting unused suppressions is harmless for the other rules (their fixtures
    // have no suppression comment) and needed for PL902.
    Linter::new(Config::defaults(".".into()), &selection)
        .expect("known rule")
        .with_report_unused_disables(true)
}

/// Lints one file (path relative to the crate root); returns the findings as
/// (code, line, column, spanned text).
fn lint(linter: &Linter, fs: &FsView, rel: &str) -> Vec<(&'static str, usize, usize, String)> {
    let path = crate_root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let doc = plan_lint::document::parse::parse(&path, Arc::from(text.as_str()));
    let diags: Vec<Diagnostic> = linter.lint_document(&doc, fs, None);
    diags
        .iter()
        .map(|d| {
            let lc = doc.line_col(d.span.start);
            (d.code, lc.line, lc.column, doc.text(d.span).to_string())
        })
        .collect()
}

/// Lints every case; returns one description per case whose findings differ from the
/// expectation (empty when all match).
fn mismatches(cases: &[Case]) -> Vec<String> {
    let fs = FsView::new(repo_root());
    let mut failures = Vec::new();
    for &(code, rel, expected) in cases {
        let found = lint(&linter(Some(code)), &fs, rel);
        let got: Vec<(&str, usize, usize)> =
            found.iter().map(|(c, l, col, _)| (*c, *l, *col)).collect();
        let want: Vec<(&str, usize, usize)> =
            expected.iter().map(|&(l, col)| (code, l, col)).collect();
        if got != want {
            failures.push(format!(
                "{rel} ({code}):\n  expected {want:?}\n  found    {got:?}\n  spans    {:?}",
                found
                    .iter()
                    .map(|(_, _, _, t)| t.as_str())
                    .collect::<Vec<_>>()
            ));
        }
    }
    failures
}

#[test]
fn each_fixture_triggers_its_rule_exactly_at_the_expected_places() {
    let failures = mismatches(CASES);
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn clean_plan_has_no_findings_with_all_rules() {
    let fs = FsView::new(repo_root());
    let found = lint(&linter(None), &fs, CLEAN_PLAN);
    assert!(found.is_empty(), "clean plan: {found:?}");
}

#[test]
fn clean_plan_has_no_findings_with_each_rule_alone() {
    let fs = FsView::new(repo_root());
    for rule in plan_lint::rules::all() {
        let found = lint(&linter(Some(rule.code())), &fs, CLEAN_PLAN);
        assert!(
            found.is_empty(),
            "clean plan, {} alone: {found:?}",
            rule.code()
        );
    }
}

/// Every file under `fixtures/rules`, relative to the crate root, `/`-separated.
fn fixture_files() -> Vec<String> {
    let mut out = Vec::new();
    let mut dirs = vec![crate_root().join("fixtures/rules")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path
                    .strip_prefix(crate_root())
                    .expect("under the crate root");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_rule_has_a_fixture_and_every_fixture_is_asserted() {
    let files = fixture_files();
    for rule in plan_lint::rules::all() {
        let code = rule.code();
        // The symbol and interface rules need a scan of a repository with code in it:
        // their fixtures and exact positions are in tests/symbols.rs (against
        // fixtures/symbols-repo) and tests/definitions.rs (fixtures/definitions-repo).
        if ["PL307", "PL308", "PL309", "PL312", "PL313", "PL314"].contains(&code) {
            continue;
        }
        let own = format!("fixtures/rules/{code}.md");
        let dir = format!("fixtures/rules/{code}/");
        assert!(
            files.iter().any(|f| *f == own || f.starts_with(&dir)),
            "rule {code} has no fixture: add {own} (or files under {dir}) and a case in CASES"
        );
        assert!(
            CASES
                .iter()
                .any(|&(c, _, expected)| c == code && !expected.is_empty()),
            "rule {code} has no case with findings in CASES"
        );
    }
    for f in &files {
        assert!(
            CASES.iter().any(|&(_, rel, _)| rel == f),
            "{f} is not asserted in CASES"
        );
    }
    for &(code, rel, _) in CASES.iter() {
        assert!(
            plan_lint::rules::find(code).is_some(),
            "{rel}: unknown rule {code}"
        );
        let name = rel.trim_start_matches("fixtures/rules/");
        assert!(
            name.starts_with(&format!("{code}."))
                || name.starts_with(&format!("{code}-"))
                || name.starts_with(&format!("{code}/")),
            "{rel} is not named after its rule {code}"
        );
    }
}

/// Guards the source-shape fixtures against a checkout that normalised their bytes.
#[test]
fn source_shape_fixtures_keep_their_bytes() {
    for &(_, rel, _) in CASES.iter() {
        let bytes = std::fs::read(crate_root().join(rel)).expect("fixture");
        let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
        let lf = bytes.iter().filter(|&&b| b == b'\n').count();
        if rel.contains("-crlf") {
            assert!(crlf > 0 && crlf == lf, "{rel}: every line must end in CRLF");
        } else {
            assert_eq!(crlf, 0, "{rel}: unexpected CRLF");
        }
        assert_eq!(
            bytes.starts_with("\u{feff}".as_bytes()),
            rel.contains("-bom"),
            "{rel}: BOM presence"
        );
    }
    let unicode = std::fs::read_to_string(crate_root().join("fixtures/rules/PL101-unicode.md"))
        .expect("fixture");
    assert!(unicode.contains('é') && unicode.contains('→') && unicode.contains('🚦'));
    for rel in [
        "fixtures/rules/PL101-invisible.md",
        "fixtures/rules/PL102-invisible.md",
        "fixtures/rules/PL103-invisible.md",
        "fixtures/rules/PL104-invisible.md",
        "fixtures/rules/PL105.md",
    ] {
        let text = std::fs::read_to_string(crate_root().join(rel)).expect("fixture");
        assert!(
            text.chars().any(|c| matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}')),
            "{rel}: its invisible characters were stripped"
        );
    }
}
