//! End-to-end tests of the `plan-lint` binary: exit codes, discovery, configuration,
//! rule selection, output formats and determinism.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::Path;

fn plan_lint() -> Command {
    let mut cmd = Command::cargo_bin("plan-lint").expect("binary builds");
    cmd.env_remove("NO_COLOR").arg("--color=never");
    cmd
}

fn stdout_of(cmd: &mut Command) -> String {
    String::from_utf8(cmd.output().expect("runs").stdout).expect("utf-8 output")
}

#[test]
fn clean_plan_exits_zero() {
    // The clean plan describes the fake repository `fixtures/repo` (its paths and
    // symbols); the root must be that repository, not this one.
    plan_lint()
        .args(["--root", "fixtures/repo", "fixtures/clean"])
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains(
            "Checked 1 file: 0 errors, 0 warnings",
        ));
}

#[test]
fn project_plans_pass() {
    plan_lint().arg("EXPORT").assert().code(0).stdout("");
}

#[test]
fn findings_exit_one() {
    plan_lint().arg("fixtures/messy").assert().code(1);
}

#[test]
fn warnings_alone_exit_zero() {
    plan_lint()
        .args(["--select", "PL008", "fixtures/messy"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("PL008"));
}

#[test]
fn short_format_snapshot() {
    let out = stdout_of(plan_lint().args(["--no-config", "--format", "short", "fixtures/messy"]));
    insta::assert_snapshot!("messy_short", out);
}

#[test]
fn human_format_snapshot() {
    let out = stdout_of(plan_lint().args(["--no-config", "fixtures/messy/EXPORT/plan_messy.md"]));
    insta::assert_snapshot!("messy_human", out);
}

#[test]
fn output_is_the_same_for_any_thread_count() {
    let run = |threads: &str| {
        stdout_of(plan_lint().args([
            "--no-config",
            "--format",
            "short",
            "--threads",
            threads,
            "fixtures",
        ]))
    };
    let one = run("1");
    assert!(
        one.lines().count() > 20,
        "the fixtures produce findings:\n{one}"
    );
    assert_eq!(one, run("2"));
    assert_eq!(one, run("8"));
}

#[test]
fn select_and_ignore() {
    let out =
        stdout_of(plan_lint().args(["--format", "short", "--select", "PL1", "fixtures/messy"]));
    assert!(out.lines().all(|l| l.contains(" PL1")), "{out}");
    assert!(out.contains("PL101") && out.contains("PL103"));

    let out = stdout_of(plan_lint().args([
        "--format",
        "short",
        "--ignore",
        "PL101,weak-wording",
        "fixtures/messy",
    ]));
    assert!(!out.contains("PL101") && !out.contains("PL102"), "{out}");
    assert!(out.contains("PL103"));
}

#[test]
fn unknown_rule_is_a_usage_error() {
    plan_lint()
        .args(["--select", "PL999", "fixtures/clean"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule or prefix `PL999`"));
}

#[test]
fn bad_config_points_at_the_key() {
    plan_lint()
        .args([
            "--config",
            "fixtures/config/bad-rule.toml",
            "fixtures/clean",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `PL999`"))
        .stderr(predicate::str::contains("3 │ PL999 = \"off\""));
    plan_lint()
        .args(["--config", "fixtures/config/bad-key.toml", "fixtures/clean"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown field `colour`"))
        .stderr(predicate::str::contains("2 │ colour"));
}

#[test]
fn config_changes_rule_levels() {
    let out = stdout_of(plan_lint().args([
        "--config",
        "fixtures/config/quiet-hedging.toml",
        "--format",
        "short",
        "fixtures/messy",
    ]));
    assert!(!out.contains("PL101"), "{out}");
    assert!(out.contains("PL102 error"), "{out}");
}

#[test]
fn config_is_found_from_the_current_directory_upwards() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("a/b");
    std::fs::create_dir_all(sub.join("EXPORT")).unwrap();
    std::fs::write(
        dir.path().join("plan-lint.toml"),
        "[rules]\nPL101 = \"off\"\n",
    )
    .unwrap();
    std::fs::write(
        sub.join("EXPORT/plan_x.md"),
        "# Plan: X (x)\n\nIt should work.\n",
    )
    .unwrap();
    let out = stdout_of(plan_lint().current_dir(&sub).args(["--format", "short"]));
    assert!(!out.contains("PL101"), "{out}");
    assert!(out.contains("PL004"), "{out}");
    // --no-config ignores it
    let out = stdout_of(
        plan_lint()
            .current_dir(&sub)
            .args(["--format", "short", "--no-config"]),
    );
    assert!(out.contains("PL101"), "{out}");
}

#[test]
fn discovery_recurses_markdown_only_and_honours_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    let e = dir.path().join("EXPORT");
    std::fs::create_dir_all(e.join("nested")).unwrap();
    std::fs::create_dir_all(e.join("ignored")).unwrap();
    std::fs::create_dir_all(e.join("dir.md")).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "ignored/\n").unwrap();
    for p in [
        "plan_a.md",
        "nested/plan_b.md",
        "ignored/plan_c.md",
        "notes.txt",
    ] {
        std::fs::write(e.join(p), "# Plan: A (a)\n").unwrap();
    }
    let out = stdout_of(plan_lint().current_dir(dir.path()).args([
        "--no-config",
        "--format",
        "short",
        "--select",
        "PL004",
    ]));
    let files: std::collections::BTreeSet<&str> =
        out.lines().filter_map(|l| l.split(':').next()).collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        vec!["EXPORT/nested/plan_b.md", "EXPORT/plan_a.md"]
    );
}

#[test]
fn globs_on_the_command_line() {
    let out = stdout_of(plan_lint().args([
        "--format",
        "short",
        "--select",
        "PL004",
        "fixtures/*/EXPORT/plan_m*.md",
    ]));
    assert!(out.contains("fixtures/messy/EXPORT/plan_messy.md"), "{out}");
    assert!(!out.contains("clean"), "{out}");
}

#[test]
fn missing_path_and_missing_export_dir_exit_two() {
    plan_lint()
        .arg("no/such/plan.md")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file"));
    let dir = tempfile::tempdir().unwrap();
    plan_lint()
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `EXPORT` directory"));
}

#[test]
fn unreadable_input_exits_two_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("plan_bad.md");
    std::fs::write(&bad, b"# Plan: A (a)\n\xff\xfe").unwrap();
    plan_lint()
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid UTF-8 at byte offset 14"));
    let bin = dir.path().join("plan_bin.md");
    std::fs::write(&bin, b"ab\0cd").unwrap();
    plan_lint()
        .arg(&bin)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("binary file"));
}

#[test]
fn usage_errors_exit_two() {
    plan_lint().arg("--format=xml").assert().code(2);
    plan_lint().arg("--no-such-flag").assert().code(2);
    plan_lint()
        .args(["--threads", "0", "fixtures/clean"])
        .assert()
        .code(2);
}

#[test]
fn rules_lists_every_rule() {
    let out = stdout_of(Command::cargo_bin("plan-lint").unwrap().arg("rules"));
    for rule in plan_lint::rules::all() {
        assert!(
            out.contains(rule.code()) && out.contains(rule.name()),
            "{}",
            rule.code()
        );
    }
}

#[test]
fn root_flag_and_root_discovery() {
    // With --root pointing at the fake repository, the clean plan's paths still resolve.
    plan_lint()
        .args(["--root", "fixtures/repo", "fixtures/clean"])
        .assert()
        .code(0);
    // A root where the paths do not exist makes PL203 fire.
    let dir = tempfile::tempdir().unwrap();
    plan_lint()
        .args(["--format", "short", "--root"])
        .arg(dir.path())
        .arg("fixtures/clean")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("PL203"));
    // Without .git, the parent of EXPORT is the root.
    let e = dir.path().join("EXPORT");
    std::fs::create_dir_all(&e).unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(dir.path().join("src/app.py"), "").unwrap();
    std::fs::write(
        e.join("plan_x.md"),
        "# Plan: X (x)\n\n## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `src/app.py` | x | edit |\n",
    )
    .unwrap();
    let out = stdout_of(
        plan_lint()
            .current_dir(Path::new("/"))
            .args(["--format", "short", "--select", "PL203"])
            .arg(e.join("plan_x.md")),
    );
    assert_eq!(out, "");
}

fn subcommand() -> Command {
    Command::cargo_bin("plan-lint").expect("binary builds")
}

#[test]
fn stdin_is_linted_as_the_named_file() {
    let messy = std::fs::read_to_string("fixtures/messy/EXPORT/plan_messy.md").unwrap();
    plan_lint()
        .args([
            "--no-config",
            "--format",
            "short",
            "--stdin-filename",
            "EXPORT/plan_messy.md",
            "-",
        ])
        .write_stdin(messy.clone())
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "EXPORT/plan_messy.md:1:23: PL002",
        ));
    // with --fix, the fixed text goes to stdout and the findings to stderr
    let out = plan_lint()
        .args([
            "--no-config",
            "--fix",
            "--format",
            "short",
            "--stdin-filename",
            "EXPORT/plan_messy.md",
            "-",
        ])
        .write_stdin(messy)
        .output()
        .unwrap();
    let fixed = String::from_utf8(out.stdout).unwrap();
    // The slug fix would need `plan_messy.md` renamed too: a suggestion, not applied
    // (issue 12); the other safe fixes are.
    assert!(
        fixed.starts_with("# Plan: Messy Export (Messy_Export)\n\n## Summary\n"),
        "{fixed}"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("PL103"));
    // PL003 is reported before the fix too (against the slug as PL002 would fix it):
    // the fix reveals nothing.
    assert!(
        stderr.contains("PL002") && stderr.contains("PL003"),
        "{stderr}"
    );
    plan_lint()
        .args(["--stdin-filename", "x.md", "fixtures/clean"])
        .assert()
        .code(2);
}

#[test]
fn statistics_count_findings_per_rule() {
    let out = stdout_of(plan_lint().args(["--no-config", "--statistics", "fixtures/messy"]));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "count  code   severity  fixable    rule",
            "   11  PL004  error     11 unsafe  missing-section",
            "    2  PL101  error     [*] 1      hedging",
        ],
        "{out}"
    );
    assert!(
        lines.contains(&"    1  PL102  warning   -          weak-wording"),
        "{out}"
    );
}

#[test]
fn exit_code_flags() {
    plan_lint()
        .args(["--no-config", "--exit-zero", "fixtures/messy"])
        .assert()
        .code(0);
    plan_lint()
        .args(["--exit-zero", "no/such/file.md"])
        .assert()
        .code(2);
    // warnings only: fine by default, an error beyond --max-warnings
    plan_lint()
        .args(["--no-config", "--select", "PL008,PL011", "fixtures/messy"])
        .assert()
        .code(0);
    plan_lint()
        .args([
            "--no-config",
            "--select",
            "PL008,PL011",
            "--max-warnings",
            "1",
            "fixtures/messy",
        ])
        .assert()
        .code(1);
    plan_lint()
        .args([
            "--no-config",
            "--select",
            "PL008,PL011",
            "--max-warnings",
            "2",
            "fixtures/messy",
        ])
        .assert()
        .code(0);
}

#[test]
fn exit_non_zero_on_fix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("EXPORT")).unwrap();
    let clean = std::fs::read_to_string("fixtures/clean/EXPORT/plan_rate-limits.md").unwrap();
    let plan = dir.path().join("EXPORT/plan_rate-limits.md");
    std::fs::write(&plan, clean.replace("## Goals", "## goals")).unwrap();
    let args = [
        "--no-config",
        "--select",
        "PL006",
        "--fix",
        "--exit-non-zero-on-fix",
        "EXPORT",
    ];
    plan_lint()
        .current_dir(dir.path())
        .args(args)
        .assert()
        .code(1);
    // nothing left to fix: exit 0
    plan_lint()
        .current_dir(dir.path())
        .args(args)
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), clean);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        subcommand()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains("plan-lint"))
            .stdout(predicate::str::contains("stdin-filename"));
    }
    subcommand()
        .arg("man")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(".TH plan-lint 1"));
    subcommand().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn per_file_ignores_and_extend() {
    let dir = tempfile::tempdir().unwrap();
    let e = dir.path().join("EXPORT");
    std::fs::create_dir_all(e.join("legacy")).unwrap();
    std::fs::write(e.join("plan_a.md"), "# Plan: A (a)\n\nIt should work.\n").unwrap();
    std::fs::write(
        e.join("legacy/plan_a.md"),
        "# Plan: A (a)\n\nIt should work.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("base.toml"),
        "[per-file-ignores]\n\"EXPORT/legacy/*.md\" = [\"hedging\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("plan-lint.toml"),
        "extend = \"base.toml\"\n[rules]\nPL004 = \"off\"\n",
    )
    .unwrap();
    let out = stdout_of(
        plan_lint()
            .current_dir(dir.path())
            .args(["--format", "short", "--select", "PL101"]),
    );
    assert_eq!(
        out,
        "EXPORT/plan_a.md:3:4: PL101 [*] error: hedging: `should`\n"
    );
}

#[test]
fn report_unused_disables() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("EXPORT")).unwrap();
    std::fs::write(
        dir.path().join("EXPORT/plan_a.md"),
        "# Plan: A (a)\n\n<!-- plan-lint-disable-next-line PL101 -->\nIt must work.\n",
    )
    .unwrap();
    let args = [
        "--no-config",
        "--format",
        "short",
        "--select",
        "PL101,PL901,PL902",
    ];
    assert_eq!(
        stdout_of(plan_lint().current_dir(dir.path()).args(args)),
        ""
    );
    let out = stdout_of(
        plan_lint()
            .current_dir(dir.path())
            .args(args)
            .arg("--report-unused-disables"),
    );
    assert!(out.contains("PL902"), "{out}");
}

/// The commands of the README's GitHub Actions example.
#[test]
fn readme_ci_commands() {
    let out = stdout_of(plan_lint().args(["--no-config", "--format", "github", "fixtures/messy"]));
    assert!(
        out.lines()
            .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")),
        "{out}"
    );
    let out = Command::cargo_bin("plan-lint")
        .unwrap()
        .args([
            "--no-config",
            "--format",
            "sarif",
            "--exit-zero",
            "fixtures/messy",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let sarif = String::from_utf8(out.stdout).unwrap();
    assert!(sarif.contains("\"version\": \"2.1.0\""), "{sarif}");
}

#[test]
fn colour_on_request_and_never_in_pipes() {
    let coloured = Command::cargo_bin("plan-lint")
        .unwrap()
        .args(["--no-config", "--color", "always", "fixtures/messy"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\u{1b}'));
    // auto: not a terminal, so plain, with or without NO_COLOR
    for no_color in [None, Some("1")] {
        let mut cmd = Command::cargo_bin("plan-lint").unwrap();
        cmd.args(["--no-config", "fixtures/messy"]);
        match no_color {
            Some(v) => cmd.env("NO_COLOR", v),
            None => cmd.env_remove("NO_COLOR"),
        };
        let out = cmd.output().unwrap();
        assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    }
}

/// A temporary repository: `files` as (path, contents), directories made as needed.
fn repo_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// PL307's findings (`--format short`) for `args` run in `dir`.
fn pl307(dir: &tempfile::TempDir, args: &[&str]) -> String {
    stdout_of(
        plan_lint()
            .current_dir(dir.path())
            .args(["--no-config", "--format", "short", "--select", "PL307"])
            .args(args),
    )
}

const MISSING_THING: &str =
    "EXPORT/plan_a.md:5:23: PL307 error: `missing_thing()` is not defined in the repository\n";

/// The plans being linted are not part of the repository the symbol rules search:
/// otherwise every symbol a plan mentions would "occur" in the plan itself.
#[test]
fn symbols_are_not_found_in_the_plan_itself() {
    let dir = repo_with(&[
        ("src/lib.rs", "fn real() {}\n"),
        (
            "EXPORT/plan_a.md",
            "# Plan: A (a)\n\n## Current System Snapshot\n\n- `src/lib.rs` holds `missing_thing()` and `real()`.\n",
        ),
    ]);
    assert_eq!(pl307(&dir, &[]), MISSING_THING);
}

/// Nor are the other plans (the plans directory): a plan naming a symbol is no
/// evidence that the code has it. Nor is a document: the finding says where the name
/// is only mentioned.
#[test]
fn other_plans_are_not_evidence_that_a_symbol_exists() {
    let dir = repo_with(&[
        ("src/lib.rs", "fn real() {}\n"),
        (
            "EXPORT/plan_b.md",
            "# Plan: B (b)\n\nAdds `missing_thing()` and `documented_thing()`.\n",
        ),
        ("docs/notes.md", "`documented_thing()`\n"),
        (
            "EXPORT/plan_a.md",
            "# Plan: A (a)\n\n## Current System Snapshot\n\n- `src/lib.rs` holds `missing_thing()`, `documented_thing()` and `real()`.\n",
        ),
    ]);
    assert_eq!(
        pl307(&dir, &["EXPORT/plan_a.md"]),
        format!(
            "{MISSING_THING}EXPORT/plan_a.md:5:42: PL307 error: `documented_thing()` is not defined in the repository's source: it is only mentioned, in `docs/notes.md`\n"
        )
    );
}

#[test]
fn a_directory_without_plans_is_a_warning_not_silence() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/notes.txt"), "not a plan\n").unwrap();
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "docs"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "plan-lint: warning: no plan files (`*.md`) found in docs",
        ))
        .stderr(predicate::str::contains("Checked 0 files"));
    // `--quiet` keeps stderr empty.
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--quiet", "docs"])
        .assert()
        .code(0)
        .stderr("");
}

#[test]
fn a_bad_ignore_pattern_is_reported_and_the_walk_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("EXPORT")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clean/EXPORT/plan_rate-limits.md"),
        dir.path().join("EXPORT/plan_rate-limits.md"),
    )
    .unwrap();
    std::fs::write(dir.path().join("EXPORT/.gitignore"), "**/x{\n").unwrap();
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--select", "PL001", "EXPORT"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "plan-lint: warning: EXPORT/.gitignore: line 1: error parsing glob '**/x{'",
        ))
        .stderr(predicate::str::contains("Checked 1 file: 0 errors"));
}
