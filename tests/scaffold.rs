//! `scripts/new_rule.py`, the new-rule scaffold: run on a copy of this repository (its
//! git-listed files in a temporary directory), it writes the rule file, the page, the
//! fixture, and the registry, module, test-row and README lines, each where the
//! project's tests look for it, and nothing else; it refuses a code or name that
//! exists, a malformed code or name, an unknown group, and then writes nothing.
//!
//! A Rust test rather than a Python unittest: `cargo test` (the README's test command,
//! and `.ci/run`) runs it with the rest, and it checks the page with the project's own
//! page reader (`plan_lint::docs`), so the scaffold and the docs test cannot drift.
//! Needs `python3` and `git`: without them it prints `SKIPPED: …`, or fails when
//! `PLAN_LINT_REQUIRE_TOOLS` is set (CI sets it).
//!
//! Whether the scaffolded tree builds is the ignored test `scaffolded_tree_builds` (a
//! whole build of the crate; run it by hand after changing the template:
//! `cargo test --test scaffold -- --ignored`).

use plan_lint::docs::{self, SECTIONS};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/cli_run.rs"]
mod cli_run;

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether python3 and git run here (else SKIPPED, or a failure under CI).
fn tools(test: &str) -> bool {
    cli_run::have("python3", &["--version"], test) && cli_run::have("git", &["--version"], test)
}

/// A copy of the repository's files (tracked, and untracked but not ignored) in a
/// temporary directory.
fn copy_of_repo() -> tempfile::TempDir {
    let out = Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(crate_root())
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git ls-files: {out:?}");
    let dir = tempfile::tempdir().expect("temp dir");
    for rel in out.stdout.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        let rel = std::str::from_utf8(rel).expect("UTF-8 path");
        let from = crate_root().join(rel);
        if !from.is_file() {
            continue; // deleted in the work tree
        }
        let to = dir.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap_or_else(|e| panic!("copy {rel}: {e}"));
    }
    dir
}

/// Every file under `root`, by relative path.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

fn scaffold(root: &Path, args: &[&str]) -> Output {
    Command::new("python3")
        .arg(root.join("scripts/new_rule.py"))
        .args(args)
        .current_dir(root)
        .output()
        .expect("python3 runs")
}

fn text(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn original(rel: &str) -> String {
    text(crate_root(), rel)
}

/// `new` is `old` with exactly `lines` inserted, each just before the line `before`
/// (`None`: at the end).
fn assert_inserted(rel: &str, old: &str, new: &str, lines: &[&str], before: Option<&str>) {
    let new_lines: Vec<&str> = new.split('\n').collect();
    let at = new_lines
        .iter()
        .position(|l| *l == lines[0])
        .unwrap_or_else(|| panic!("{rel}: no line {:?}", lines[0]));
    assert_eq!(
        &new_lines[at..at + lines.len()],
        lines,
        "{rel}: the inserted lines"
    );
    assert_eq!(
        new_lines.get(at + lines.len()).copied(),
        before,
        "{rel}: what follows the inserted lines"
    );
    let mut rest = new_lines.clone();
    rest.drain(at..at + lines.len());
    assert_eq!(rest.join("\n"), old, "{rel}: only the lines were inserted");
}

fn changed(before: &BTreeMap<PathBuf, Vec<u8>>, after: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    let mut paths: Vec<String> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    paths.extend(
        before
            .keys()
            .filter(|p| !after.contains_key(*p))
            .map(|p| format!("deleted {}", p.display())),
    );
    paths.sort();
    paths
}

#[test]
fn scaffolds_a_rule_into_every_file_the_tests_require() {
    if !tools("scaffolds_a_rule_into_every_file_the_tests_require") {
        return;
    }
    let dir = copy_of_repo();
    let root = dir.path();
    let before = tree(root);
    let summary = r#"A deadline is a date, not "soon" | "later"."#;
    let out = scaffold(
        root,
        &[
            "PL106",
            "vague-deadline",
            "language",
            "--severity",
            "warning",
            "--summary",
            summary,
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains("The one file of real work is src/rules/language/vague_deadline.rs",),
        "{stdout}"
    );
    for failing in [
        "rules::language::vague_deadline::tests::vectors",
        "each_fixture_triggers_its_rule_exactly_at_the_expected_places",
        "every_page_example_triggers_its_rule_and_the_fix_does_not",
        "formats__sarif.snap",
    ] {
        assert!(
            stdout.contains(failing),
            "the output names {failing}:\n{stdout}"
        );
    }

    // The files the scaffold writes, and the tests that list every PL1xx code (today
    // the config test of what `PL1` expands to): there, the list gains PL106.
    let pl1 = r#"["PL101", "PL102", "PL103", "PL104", "PL105"]"#;
    let listing: Vec<String> = before
        .iter()
        .filter(|(p, b)| {
            p.extension().is_some_and(|e| e == "rs") && String::from_utf8_lossy(b).contains(pl1)
        })
        .map(|(p, _)| p.to_string_lossy().into_owned())
        .collect();
    assert!(!listing.is_empty(), "no test lists the PL1 codes any more");
    let mut expected: Vec<String> = [
        "README.md",
        "fixtures/rules/PL106.md",
        "rules/PL106.md",
        "src/rules/language/mod.rs",
        "src/rules/language/vague_deadline.rs",
        "src/rules/mod.rs",
        "tests/rules.rs",
    ]
    .map(String::from)
    .into_iter()
    .chain(listing.iter().cloned())
    .collect();
    expected.sort();
    assert_eq!(changed(&before, &tree(root)), expected);
    for rel in &listing {
        assert_eq!(
            text(root, rel),
            original(rel).replace(
                pl1,
                r#"["PL101", "PL102", "PL103", "PL104", "PL105", "PL106"]"#
            ),
            "{rel}: only the PL1 list changed"
        );
    }

    // The rule file: metadata, a `check`, and pass/fail vectors without a fix section.
    let rule = text(root, "src/rules/language/vague_deadline.rs");
    for part in [
        "//! PL106 `vague-deadline`: A deadline is a date",
        "pub(crate) struct VagueDeadline;",
        "    code: \"PL106\",\n    name: \"vague-deadline\",\n    severity: Severity::Warning,\n",
        r#"    summary: "A deadline is a date, not \"soon\" | \"later\".","#,
        "impl Rule for VagueDeadline {",
        "fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {",
        "Tester::new(\"PL106\")",
        ".pass(&[\n                CLEAN_PLAN,",
        ".fail(&[",
        ".test_and_snapshot();",
    ] {
        assert!(rule.contains(part), "the rule file lacks {part:?}:\n{rule}");
    }
    assert!(
        !rule.contains(".fix("),
        "no fix section without --fix:\n{rule}"
    );

    // The module, in its group's sorted `pub(crate) mod` list.
    let group = text(root, "src/rules/language/mod.rs");
    assert_inserted(
        "src/rules/language/mod.rs",
        &original("src/rules/language/mod.rs"),
        &group,
        &["pub(crate) mod vague_deadline;"],
        Some("pub(crate) mod weak_wording;"),
    );

    // The registry line, in code order (after PL105, before PL201), and the count of
    // PL1 rules in the selection test (5 → 6; PL9's stays 2).
    let registry = text(root, "src/rules/mod.rs");
    assert!(registry.contains("assert_eq!(matching(\"PL1\").len(), 6);"));
    assert!(registry.contains("assert_eq!(matching(\"PL9\").len(), 2);"));
    let old = original("src/rules/mod.rs").replace(
        "assert_eq!(matching(\"PL1\").len(), 5);",
        "assert_eq!(matching(\"PL1\").len(), 6);",
    );
    assert_inserted(
        "src/rules/mod.rs",
        &old,
        &registry,
        &["        &language::vague_deadline::VagueDeadline,"],
        Some("        &impact::impact_table::ImpactTable,"),
    );
    let pos = |l: &str| registry.find(l).unwrap();
    assert!(
        pos("&language::invisible_character::InvisibleCharacter,")
            < pos("&language::vague_deadline::VagueDeadline,")
    );

    // The page, read by the project's own page reader.
    let page = text(root, "rules/PL106.md");
    assert_eq!(page.lines().next(), Some("# PL106 `vague-deadline`"));
    assert!(
        page.lines()
            .nth(2)
            .unwrap()
            .starts_with("Default severity: **warning** · Group: language · Fix: none")
    );
    assert_eq!(docs::section_titles(&page), SECTIONS);
    let examples = docs::examples(&page);
    assert!(examples.trigger.is_some() && examples.clean.is_some());
    assert!(page.contains("## Fix safety\nNo automatic fix.\n"));

    // The fixture: the clean plan, where the author introduces the defect.
    assert_eq!(
        std::fs::read(root.join("fixtures/rules/PL106.md")).unwrap(),
        std::fs::read(crate_root().join("fixtures/clean/EXPORT/plan_rate-limits.md")).unwrap()
    );

    // The test row, with its group's rows (before the impact rows and their comments).
    assert_inserted(
        "tests/rules.rs",
        &original("tests/rules.rs"),
        &text(root, "tests/rules.rs"),
        &[
            "    // TODO(PL106): introduce the defect 1-3 times in the fixture (a copy of the clean",
            "    // plan) and list where each finding starts, counted by hand from the text.",
            "    (\"PL106\", \"fixtures/rules/PL106.md\", &[(1, 1)]),",
        ],
        Some("    // ── impact ──"),
    );

    // The README row, as `rules::markdown_table` writes it (`|` escaped), after PL105.
    let readme = original("README.md");
    let pl201 = readme.lines().find(|l| l.starts_with("| PL201 |")).unwrap();
    assert_inserted(
        "README.md",
        &readme,
        &text(root, "README.md"),
        &[
            r#"| PL106 | `vague-deadline` | warning | A deadline is a date, not "soon" \| "later". |"#,
        ],
        Some(pl201),
    );
}

#[test]
fn with_fix_the_rule_gets_an_empty_fix_section_and_codes_go_in_code_order() {
    if !tools("with_fix_the_rule_gets_an_empty_fix_section_and_codes_go_in_code_order") {
        return;
    }
    let dir = copy_of_repo();
    let root = dir.path();
    let out = scaffold(root, &["PL315", "step-owner", "steps", "--fix"]);
    assert!(out.status.success(), "{out:?}");
    let rule = text(root, "src/rules/steps/step_owner.rs");
    assert!(rule.contains("            .fix(&[\n"), "{rule}");
    assert!(rule.contains("severity: Severity::Error,"), "{rule}");
    assert!(
        rule.contains("summary: \"TODO(PL315): one line: what the rule checks.\","),
        "{rule}"
    );
    let page = text(root, "rules/PL315.md");
    assert!(!page.contains("Fix: none"), "{page}");
    assert_eq!(docs::section_titles(&page), SECTIONS);
    // PL315 (group steps) follows PL314 (group symbols) in the registry, before
    // PL401; the count of PL1 rules is untouched.
    let registry = text(root, "src/rules/mod.rs");
    assert_inserted(
        "src/rules/mod.rs",
        &original("src/rules/mod.rs"),
        &registry,
        &["        &steps::step_owner::StepOwner,"],
        Some("        &sections::test_commands::TestCommands,"),
    );
    assert!(
        registry
            .find("&symbols::flag_not_found::FlagNotFound,")
            .unwrap()
            < registry.find("&steps::step_owner::StepOwner,").unwrap()
    );
}

#[test]
fn refuses_bad_or_taken_codes_names_and_groups_and_writes_nothing() {
    if !tools("refuses_bad_or_taken_codes_names_and_groups_and_writes_nothing") {
        return;
    }
    let dir = copy_of_repo();
    let root = dir.path();
    let before = tree(root);
    let cases: &[(&[&str], &str)] = &[
        (
            &["PL101", "new-name", "language"],
            "code PL101 exists: `hedging`",
        ),
        (
            &["PL106", "hedging", "language"],
            "name `hedging` exists: PL101",
        ),
        (&["PL12", "vague-deadline", "language"], "bad code `PL12`"),
        (&["pl106", "vague-deadline", "language"], "bad code `pl106`"),
        (
            &["PL1066", "vague-deadline", "language"],
            "bad code `PL1066`",
        ),
        (&["XX106", "vague-deadline", "language"], "bad code `XX106`"),
        (
            &["PL106", "Vague_Deadline", "language"],
            "bad name `Vague_Deadline`",
        ),
        (
            &["PL106", "vague--deadline", "language"],
            "bad name `vague--deadline`",
        ),
        (&["PL106", "all", "language"], "bad name `all`"),
        (
            &["PL106", "match", "language"],
            "bad name `match`: `match` is a Rust keyword",
        ),
        (
            &["PL106", "vague-deadline", "nosuch"],
            "unknown group `nosuch`; the groups are: impact, language, markers, references, \
             sections, steps, structure, suppressions, symbols",
        ),
        (
            &["PL106", "vague-deadline", "markers"],
            "code PL106 is outside group `markers`, whose codes are PL5xx",
        ),
        (
            &["PL903", "vague-deadline", "suppressions"],
            "group `suppressions` is not scaffolded",
        ),
        // Not a rule, but a module of the group already (a helper).
        (
            &["PL106", "sentence", "language"],
            "src/rules/language/sentence.rs exists already",
        ),
    ];
    for (args, message) in cases {
        let out = scaffold(root, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(
            stderr.contains(&format!("new_rule.py: refused: {message}")),
            "{args:?}: expected {message:?} in:\n{stderr}"
        );
        assert!(stderr.contains("nothing was written"), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}: {out:?}");
        assert_eq!(
            changed(&before, &tree(root)),
            Vec::<String>::new(),
            "{args:?} wrote files"
        );
    }
}

/// The scaffolded tree is formatted, builds and is clippy-clean, and its tests fail
/// only where the scaffold says real work is left (the library's tests, the fixture
/// table, the pages, the README table; the SARIF snapshot, which lists every rule, is
/// left to review). A whole build: run by hand after changing the template.
#[test]
#[ignore = "builds the whole crate in a copy (minutes); run with --ignored after changing the template"]
fn scaffolded_tree_builds() {
    if !tools("scaffolded_tree_builds") {
        return;
    }
    let dir = copy_of_repo();
    let root = dir.path();
    let out = scaffold(root, &["PL106", "vague-deadline", "language"]);
    assert!(out.status.success(), "{out:?}");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    // A target dir of its own, kept between runs (dependencies are built once). Not
    // this build's: the copy is the same package, so cargo gives it the same build-script
    // output dir, and `build.rs` writes the copy's absolute page paths there (the next
    // build of the real tree then fails to `include_str!` pages of a deleted copy).
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate_root().join("target"))
        .join("scaffold-copy");
    let run = |args: &[&str]| {
        Command::new(&cargo)
            .args(args)
            .current_dir(root)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("INSTA_UPDATE")
            .env("INSTA_UPDATE", "no")
            .output()
            .expect("cargo runs")
    };
    let fmt = run(&["fmt", "--all", "--", "--check"]);
    assert!(fmt.status.success(), "cargo fmt --check: {fmt:?}");
    let clippy = run(&[
        "clippy",
        "--all-targets",
        "--locked",
        "--",
        "-D",
        "warnings",
    ]);
    assert!(
        clippy.status.success(),
        "clippy: {}",
        String::from_utf8_lossy(&clippy.stderr)
    );
    // What fails is what the author has to write (the scaffold's output says the same):
    // the rule's vectors, the fixture's positions, the page's Example; nothing else in
    // the library's tests and the suites that read every rule.
    let failing = |args: &[&str]| {
        let out = run(args);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let failed: Vec<String> = stdout
            .lines()
            .filter_map(|l| l.strip_prefix("test ")?.strip_suffix(" ... FAILED"))
            .map(String::from)
            .collect();
        (failed, stdout)
    };
    let (failed, stdout) = failing(&["test", "--locked", "--lib"]);
    assert_eq!(
        failed,
        ["rules::language::vague_deadline::tests::vectors"],
        "{stdout}"
    );
    assert!(
        stdout.contains("PL106 fail case #0 produced no finding"),
        "{stdout}"
    );
    let (failed, stdout) = failing(&["test", "--locked", "--test", "rules"]);
    assert_eq!(
        failed,
        ["each_fixture_triggers_its_rule_exactly_at_the_expected_places"],
        "{stdout}"
    );
    let (failed, stdout) = failing(&["test", "--locked", "--test", "docs"]);
    assert_eq!(
        failed,
        ["every_page_example_triggers_its_rule_and_the_fix_does_not"],
        "{stdout}"
    );
    let (failed, stdout) = failing(&["test", "--locked", "--test", "readme"]);
    assert!(failed.is_empty(), "{stdout}");
}
