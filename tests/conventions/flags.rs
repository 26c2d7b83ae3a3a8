//! Issue 14, items 5, 6, 9 (flags), 10 and 11: `--max-warnings` says why, `-o FILE`,
//! flags that would do nothing are usage errors, standard input without a name, and
//! `--diff` / write errors that still show the findings.

use crate::support::plan_lint;
use std::path::{Path, PathBuf};

const MESSY: &str = "fixtures/messy/EXPORT/plan_messy.md";

fn messy() -> String {
    std::fs::read_to_string(MESSY).unwrap()
}

/// A scratch repository (its own root) holding `EXPORT/plan_messy.md`.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("EXPORT")).unwrap();
    let plan = dir.path().join("EXPORT/plan_messy.md");
    std::fs::write(&plan, messy()).unwrap();
    (dir, plan)
}

/// `plan-lint --no-config --root <dir>` run in `dir`.
fn in_dir(dir: &Path) -> assert_cmd::Command {
    let mut cmd = plan_lint();
    cmd.current_dir(dir)
        .arg("--no-config")
        .arg("--root")
        .arg(dir);
    cmd
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut assert_cmd::Command) -> Out {
    let o = cmd.output().expect("runs");
    Out {
        code: o.status.code().expect("exit code"),
        stdout: String::from_utf8(o.stdout).unwrap(),
        stderr: String::from_utf8(o.stderr).unwrap(),
    }
}

/// The lines of `s` without the timing of the summary line (`(12.3 ms)`).
fn untimed(s: &str) -> Vec<String> {
    s.lines()
        .map(|l| match l.rfind(" (") {
            Some(i) if l.starts_with("Checked ") => l[..i].to_string(),
            _ => l.to_string(),
        })
        .collect()
}

// 5 ------------------------------------------------------------------------------

#[test]
fn max_warnings_says_why_it_failed_even_when_quiet() {
    let args = [
        "--no-config",
        "--format",
        "short",
        "--select",
        "PL008,PL011",
        "fixtures/messy",
    ];
    let r = run(plan_lint().args(args).args(["--max-warnings", "1"]));
    assert_eq!(r.code, 1);
    assert_eq!(
        untimed(&r.stderr),
        [
            "Checked 1 file: 0 errors, 2 warnings",
            "plan-lint: 2 warnings, more than --max-warnings 1"
        ]
    );
    // --quiet drops the summary, not the reason the run failed
    let r = run(plan_lint().args(args).args(["--max-warnings", "1", "-q"]));
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "plan-lint: 2 warnings, more than --max-warnings 1\n"
    );
    assert_eq!(r.stdout.lines().count(), 2, "the findings still print");
    // within the limit: nothing said, exit 0
    let r = run(plan_lint().args(args).args(["--max-warnings", "2", "-q"]));
    assert_eq!((r.code, r.stderr.as_str()), (0, ""));
}

// 6 ------------------------------------------------------------------------------

#[test]
fn output_file_gets_the_report_and_the_summary_stays_on_stderr() {
    let (dir, _) = scratch();
    for format in ["short", "json", "sarif", "github", "junit", "gitlab"] {
        let direct = run(in_dir(dir.path()).args(["--format", format, "EXPORT"]));
        assert_eq!(direct.code, 1);
        assert!(!direct.stdout.is_empty());
        // missing parent directories are created
        let file = format!("reports/{format}/out.txt");
        let r = run(in_dir(dir.path()).args(["--format", format, "-o", &file, "EXPORT"]));
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{format}");
        assert_eq!(untimed(&r.stderr), untimed(&direct.stderr), "{format}");
        assert!(r.stderr.starts_with("Checked 1 file: "), "{format}");
        let written = std::fs::read_to_string(dir.path().join(&file)).unwrap();
        assert_eq!(written, direct.stdout, "{format}");
    }
    // statistics and a diff are the report too; a clean report is an empty file
    let r = run(in_dir(dir.path()).args(["--statistics", "--output-file", "s.txt", "EXPORT"]));
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    let stats = std::fs::read_to_string(dir.path().join("s.txt")).unwrap();
    assert!(
        stats.starts_with(
            "count  code   severity  fixable    rule\n   11  PL004  error     11 unsafe  missing-section\n"
        ),
        "{stats}"
    );
    let r = run(in_dir(dir.path()).args(["--diff", "-o", "d.patch", "EXPORT"]));
    assert_eq!((r.code, r.stdout.as_str()), (1, ""));
    let diff = std::fs::read_to_string(dir.path().join("d.patch")).unwrap();
    assert!(diff.starts_with("--- a/EXPORT/plan_messy.md\n"), "{diff}");
    let r = run(in_dir(dir.path()).args(["--select", "PL902", "-o", "clean.txt", "EXPORT"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("clean.txt")).unwrap(),
        ""
    );
}

#[test]
fn output_file_with_fix_on_stdin_gets_the_fixed_text() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(in_dir(dir.path())
        .args(["--fix", "--format", "short", "-o", "fixed.md"])
        .args(["--stdin-filename", "EXPORT/plan_messy.md"])
        .write_stdin(messy()));
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    let fixed = std::fs::read_to_string(dir.path().join("fixed.md")).unwrap();
    assert!(fixed.starts_with("# Plan: Messy Export (Messy_Export)\n\n## Summary\n"));
    // the findings left stay on standard error, as without -o
    assert!(
        r.stderr.contains("EXPORT/plan_messy.md:5:32: PL103"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_unwritable_output_file_is_exit_2_with_a_clear_message() {
    let (dir, _) = scratch();
    let report = dir.path().join("report.txt");
    std::fs::write(&report, "old\n").unwrap();
    let mut perm = std::fs::metadata(&report).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&report, perm).unwrap();
    let r = run(in_dir(dir.path()).args(["--format", "short", "-o", "report.txt", "EXPORT"]));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.ends_with(
            "plan-lint: error: cannot write the report to report.txt: the file is read-only; \
             nothing was written\n"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "old\n");
    // a plan of the run is never replaced by its own report
    let r = run(in_dir(dir.path()).args(["-o", "EXPORT/plan_messy.md", "EXPORT"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.ends_with(
            "plan-lint: error: cannot write the report to EXPORT/plan_messy.md: it is a plan \
             this run linted; nothing was written\n"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("EXPORT/plan_messy.md")).unwrap(),
        messy()
    );
    // a parent that is a file
    let r = run(in_dir(dir.path()).args(["-o", "report.txt/x.json", "EXPORT"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("plan-lint: error: cannot write the report to report.txt/x.json: "),
        "{}",
        r.stderr
    );
}

// 9 ------------------------------------------------------------------------------

#[test]
fn flags_that_would_do_nothing_are_usage_errors() {
    let cases: [(&[&str], &str); 6] = [
        (&["--unsafe-fixes"], "--unsafe-fixes needs --fix or --diff"),
        (&["--show-fixes"], "--show-fixes needs --fix"),
        (&["--show-fixes", "--diff"], "--show-fixes needs --fix"),
        (
            &["--exit-non-zero-on-fix"],
            "--exit-non-zero-on-fix needs --fix",
        ),
        (
            &["--exit-non-zero-on-fix", "--diff"],
            "--exit-non-zero-on-fix needs --fix",
        ),
        (
            &["--diff", "--format", "json"],
            "--diff prints a unified diff, not --format json",
        ),
    ];
    for (args, message) in cases {
        let r = run(plan_lint().args(args).arg("fixtures/messy"));
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            r.stderr
                .starts_with(&format!("plan-lint: error: {message}")),
            "{args:?}: {}",
            r.stderr
        );
        assert_eq!(r.stdout, "", "{args:?}");
    }
    let conflicts: [&[&str]; 5] = [
        &["--statistics", "--diff"],
        &["--statistics", "--fix", "--show-fixes"],
        &["--max-warnings", "1", "--diff"],
        &["--exit-zero", "--max-warnings", "1"],
        &["--exit-zero", "--fix", "--exit-non-zero-on-fix"],
    ];
    for args in conflicts {
        let r = run(plan_lint().args(args).arg("fixtures/messy"));
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            r.stderr.contains("cannot be used with"),
            "{args:?}: {}",
            r.stderr
        );
    }
    // where they mean something they are accepted
    let (dir, _) = scratch();
    let r = run(in_dir(dir.path()).args(["--diff", "--unsafe-fixes", "EXPORT"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("+## Non-Goals"),
        "unsafe fixes in the diff"
    );
}

// 10 -----------------------------------------------------------------------------

#[test]
fn unnamed_standard_input_skips_the_file_name_rule_and_says_so() {
    let plan = "# Plan: X (x)\n";
    let r = run(plan_lint()
        .args([
            "--no-config",
            "--format",
            "short",
            "--select",
            "PL001,PL003",
            "-",
        ])
        .write_stdin(plan));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    assert_eq!(
        untimed(&r.stderr),
        [
            "plan-lint: note: standard input has no file name, so PL003 (file-name) was \
             skipped; pass --stdin-filename EXPORT/plan_<feat_name>.md to check it",
            "Checked 1 file: 0 errors, 0 warnings"
        ]
    );
    // quiet: no note; PL003 not selected: nothing to say
    for extra in [&["-q"][..], &["--ignore", "PL003"][..]] {
        let r = run(plan_lint()
            .args(["--no-config", "--select", "PL001,PL003", "-"])
            .args(extra)
            .write_stdin(plan));
        assert_eq!(r.code, 0);
        assert!(!r.stderr.contains("note:"), "{extra:?}: {}", r.stderr);
    }
}

#[test]
fn stdin_filename_alone_reads_standard_input() {
    let plan = "# Plan: X (x)\n";
    let r = run(plan_lint()
        .args(["--no-config", "--format", "short", "--select", "PL003"])
        .args(["--stdin-filename", "EXPORT/plan_y.md"])
        .write_stdin(plan));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "EXPORT/plan_y.md:1:12: PL003 error: the file is named `plan_y.md`, but the title's \
         slug makes it `plan_x.md`\n"
    );
    // with paths besides it, it is still a usage error
    let r = run(plan_lint()
        .args(["--no-config", "--stdin-filename", "x.md", "fixtures/clean"])
        .write_stdin(plan));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--stdin-filename reads standard input"),
        "{}",
        r.stderr
    );
}

// 11 -----------------------------------------------------------------------------

#[test]
fn diff_is_applyable_and_the_findings_left_go_to_stderr() {
    let (dir, plan) = scratch();
    let r = run(in_dir(dir.path()).args(["--diff", "--format", "short", "EXPORT"]));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.starts_with("--- a/EXPORT/plan_messy.md\n"),
        "{}",
        r.stdout
    );
    let stderr = untimed(&r.stderr);
    let n = stderr.len();
    assert_eq!(
        stderr[n - 3..],
        [
            "Would fix 2 findings in 1 file.",
            "Checked 1 file: 22 errors, 3 warnings",
            "11 hidden fixes can be enabled with the `--unsafe-fixes` option."
        ]
    );
    // the findings are those a fix would leave (the PL006 near miss is fixed)
    assert!(
        stderr
            .iter()
            .any(|l| l.starts_with("EXPORT/plan_messy.md:5:32: PL103"))
    );
    assert!(!r.stderr.contains("PL006"), "{}", r.stderr);
    // the same remaining findings as --fix prints, and `git apply` takes the diff as is
    let patch = dir.path().join("fix.patch");
    std::fs::write(&patch, &r.stdout).unwrap();
    let applied = std::process::Command::new("git")
        .current_dir(dir.path())
        .args(["apply", "fix.patch"])
        .status()
        .expect("git is installed");
    assert!(applied.success());
    let after_apply = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, messy()).unwrap();
    let fixed = run(in_dir(dir.path()).args(["--fix", "--format", "short", "EXPORT"]));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), after_apply);
    assert_eq!(
        fixed.stdout.lines().collect::<Vec<_>>(),
        stderr[..n - 3]
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_fix_that_cannot_be_written_shows_the_findings_in_every_format() {
    for format in [
        "human", "short", "json", "sarif", "github", "junit", "gitlab",
    ] {
        let (dir, plan) = scratch();
        let mut perm = std::fs::metadata(&plan).unwrap().permissions();
        perm.set_readonly(true);
        std::fs::set_permissions(&plan, perm).unwrap();
        let r = run(in_dir(dir.path()).args(["--fix", "--format", format, "EXPORT"]));
        assert_eq!(r.code, 2, "{format}");
        // the findings of the file as read: the PL006 near miss a written fix removes
        assert!(r.stdout.contains("PL006"), "{format}: {}", r.stdout);
        assert!(r.stdout.contains("PL103"), "{format}");
        assert!(r.stderr.contains("the file is read-only"), "{format}");
        assert_eq!(std::fs::read_to_string(&plan).unwrap(), messy());
    }
}

#[test]
fn a_file_changed_by_another_process_keeps_its_findings() {
    let (dir, plan) = scratch();
    // the debug build's write hook changes the plan just before the rename
    let r = run(in_dir(dir.path())
        .env(
            "PLAN_LINT_DEBUG_WRITE_HOOK",
            r#"[ "$PLAN_LINT_HOOK_STAGE" = before-rename ] && echo edited >> "$PLAN_LINT_HOOK_TARGET""#,
        )
        .args(["--fix", "--format", "short", "EXPORT"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("changed while fixing"), "{}", r.stderr);
    assert!(
        r.stdout.contains("EXPORT/plan_messy.md:3:4: PL006"),
        "{}",
        r.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        format!("{}edited\n", messy())
    );
}

#[test]
fn show_fixes_on_standard_input_lists_the_fixes_on_stderr() {
    let r = run(plan_lint()
        .args(["--no-config", "--fix", "--show-fixes", "--format", "short"])
        .args([
            "--select",
            "PL006",
            "--stdin-filename",
            "EXPORT/plan_messy.md",
        ])
        .write_stdin(messy()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .starts_with("# Plan: Messy Export (Messy_Export)\n\n## Summary\n")
    );
    assert_eq!(
        untimed(&r.stderr),
        [
            "EXPORT/plan_messy.md:3: fixed PL006: Rename the heading to `Summary`",
            "Fixed 1 finding in 1 file.",
            "Checked 1 file: 0 errors, 0 warnings"
        ]
    );
}
