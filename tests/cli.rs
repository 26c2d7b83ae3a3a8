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
    plan_lint()
        .arg("fixtures/clean")
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
