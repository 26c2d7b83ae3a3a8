//! Issue 14, items 12-15: the pre-commit snippet and the hooks file, the GitHub Actions
//! example, the man page and the shell completions, long lines in the human format.

use crate::support::plan_lint;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

/// The binary without `--color=never` (a subcommand cannot follow a flag of `check`).
fn bare() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("plan-lint").expect("binary builds");
    cmd.env_remove("NO_COLOR");
    cmd
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The fenced block of README.md between `<!-- NAME:start -->` and `<!-- NAME:end -->`,
/// without its fences.
fn readme_block(name: &str) -> String {
    let readme = read("README.md");
    let start = format!("<!-- {name}:start -->\n```yaml\n");
    let end = format!("```\n<!-- {name}:end -->");
    let from = readme
        .find(&start)
        .unwrap_or_else(|| panic!("README.md has no {start:?}"))
        + start.len();
    let to = from
        + readme[from..]
            .find(&end)
            .unwrap_or_else(|| panic!("README.md has no {end:?}"));
    readme[from..to].to_string()
}

/// The values of `- id: X` lines at `indent` spaces (before any `#` comment).
fn ids(text: &str, indent: usize) -> Vec<String> {
    let prefix = format!("{}- id: ", " ".repeat(indent));
    text.lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(|v| v.split('#').next().unwrap_or("").trim().to_string())
        .collect()
}

/// A hook's `key:` value in .pre-commit-hooks.yaml (`entry`, `args`).
fn hook_field(hooks: &str, id: &str, key: &str) -> String {
    let start = hooks
        .find(&format!("\n- id: {id}\n"))
        .unwrap_or_else(|| panic!("no hook {id}"));
    let body = &hooks[start + 1..];
    let body = &body[..body[1..].find("\n- id: ").map_or(body.len(), |i| i + 1)];
    body.lines()
        .find_map(|l| l.trim().strip_prefix(&format!("{key}: ")))
        .unwrap_or_else(|| panic!("hook {id} has no {key}"))
        .to_string()
}

// ---- 12. pre-commit ----------------------------------------------------------------

#[test]
fn readme_pre_commit_snippet_names_every_hook_of_the_hooks_file() {
    let snippet = readme_block("pre-commit-snippet");
    let hooks = read(".pre-commit-hooks.yaml");
    assert_eq!(ids(&snippet, 6), ids(&hooks, 0), "{snippet}");
    assert_eq!(ids(&snippet, 6), ["plan-lint", "plan-lint-fix"]);
    // The form the e2e test substitutes: one repo, its rev, its hooks.
    let lines: Vec<&str> = snippet.lines().collect();
    assert_eq!(lines[0], "repos:");
    assert!(lines[1].starts_with("  - repo: https://"), "{}", lines[1]);
    assert!(lines[2].starts_with("    rev: "), "{}", lines[2]);
    assert_eq!(lines[3], "    hooks:");
    assert_eq!(lines.len(), 6, "{snippet}");
}

#[test]
fn readme_pre_commit_rev_is_a_ref_that_exists() {
    let snippet = readme_block("pre-commit-snippet");
    let rev = snippet
        .lines()
        .find_map(|l| l.strip_prefix("    rev: "))
        .expect("a rev line")
        .split('#')
        .next()
        .unwrap()
        .trim()
        .to_string();
    // A release tag only once it is released (CHANGELOG has its section); else a
    // branch of this repository (the default, `main`) or a full commit SHA.
    if let Some(version) = rev.strip_prefix('v') {
        let changelog = read("CHANGELOG.md");
        assert!(
            changelog.contains(&format!("## [{version}]")),
            "README pins {rev}, which CHANGELOG.md does not list as released"
        );
    } else {
        let sha = rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit());
        assert!(
            sha || rev == "main",
            "README's rev `{rev}` is no ref of this repository"
        );
    }
    assert!(read("RELEASING.md").contains("git tag -a vX.Y.Z"));
}

#[test]
fn pre_commit_e2e_uses_the_readme_snippet() {
    let script = read("tests/pre_commit_e2e.sh");
    assert!(script.contains("<!-- pre-commit-snippet:start -->"));
    assert!(script.contains("<!-- pre-commit-snippet:end -->"));
    // No configuration of its own: the only .pre-commit-config.yaml it writes is the snippet.
    assert!(
        !script.contains("repos:"),
        "the e2e script writes a config of its own"
    );
    assert_eq!(script.matches("> .pre-commit-config.yaml").count(), 1);
}

/// The fix hook's entry and args, run as pre-commit runs them (the staged plan by name):
/// it fixes the plan and exits 1 because it changed it; the lint hook then passes.
#[test]
fn the_hooks_entries_fix_then_pass_a_plan() {
    let hooks = read(".pre-commit-hooks.yaml");
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path();
    std::fs::create_dir(proj.join(".git")).unwrap();
    std::fs::create_dir(proj.join("EXPORT")).unwrap();
    let clean = read("fixtures/clean/EXPORT/plan_rate-limits.md");
    let plan = proj.join("EXPORT/plan_rate-limits.md");
    std::fs::write(&plan, clean.replacen("\n## Summary\n", "\n## summary\n", 1)).unwrap();
    copy_dir(&root().join("fixtures/repo"), proj);
    let argv = |id: &str| -> Vec<String> {
        let entry = hook_field(&hooks, id, "entry");
        let args = hook_field(&hooks, id, "args");
        let mut words: Vec<String> = entry.split_whitespace().map(String::from).collect();
        assert_eq!(words.remove(0), "plan-lint");
        words.extend(
            args.trim_matches(|c| c == '[' || c == ']')
                .split(',')
                .map(|w| w.trim().to_string()),
        );
        words.push("EXPORT/plan_rate-limits.md".into());
        words
    };
    let fix = plan_lint()
        .current_dir(proj)
        .args(argv("plan-lint-fix"))
        .output()
        .unwrap();
    assert_eq!(fix.status.code(), Some(1), "{fix:?}");
    assert!(
        std::fs::read_to_string(&plan)
            .unwrap()
            .contains("\n## Summary\n")
    );
    let lint = plan_lint()
        .current_dir(proj)
        .args(argv("plan-lint"))
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(0), "{lint:?}");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

// ---- 13. GitHub Actions ------------------------------------------------------------

#[test]
fn readme_workflow_grants_what_a_sarif_upload_needs() {
    let workflow = readme_block("github-actions-snippet");
    let permissions: Vec<&str> = workflow
        .lines()
        .skip_while(|l| l.trim() != "permissions:")
        .skip(1)
        .take_while(|l| l.starts_with("      ") && !l.trim_start().starts_with("- "))
        .map(str::trim)
        .collect();
    assert_eq!(
        permissions,
        ["contents: read", "actions: read", "security-events: write"],
        "{workflow}"
    );
    assert!(workflow.contains("uses: github/codeql-action/upload-sarif@"));
    // It parses as YAML, with those permissions on the job (PyYAML through python3).
    let probe = ["-c", "import yaml"];
    if crate::cli_run::have(
        "python3",
        &probe,
        "the README workflow's YAML parse (PyYAML)",
    ) {
        let out = Process::new("python3")
            .args([
                "-c",
                "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)['jobs']['plan-lint']['permissions'], sort_keys=True))",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(workflow.as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            r#"{"actions": "read", "contents": "read", "security-events": "write"}"#
        );
    }
}

/// The workflow's two plan-lint commands, as written, on a plan with findings: the
/// annotations fail the step, the SARIF step exits 0 with a SARIF log.
#[test]
fn readme_workflow_commands_run_as_written() {
    let workflow = readme_block("github-actions-snippet");
    let commands: Vec<Vec<&str>> = workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- run: plan-lint "))
        .map(|c| {
            let c = c.split('#').next().unwrap().trim();
            c.split(" > ").next().unwrap().split_whitespace().collect()
        })
        .collect();
    assert_eq!(commands.len(), 2, "{workflow}");
    let dir = root().join("fixtures/messy");
    let github = plan_lint()
        .current_dir(&dir)
        .args(&commands[0])
        .output()
        .unwrap();
    assert_eq!(github.status.code(), Some(1));
    let annotations = String::from_utf8_lossy(&github.stdout);
    assert!(annotations.starts_with("::error file="), "{annotations}");
    assert!(
        annotations.contains("plan_messy.md,line=1,col=23"),
        "{annotations}"
    );
    let sarif = plan_lint()
        .current_dir(&dir)
        .args(&commands[1])
        .output()
        .unwrap();
    assert_eq!(sarif.status.code(), Some(0));
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
}

// ---- 14. man page and completions --------------------------------------------------

fn man_page() -> String {
    let out = bare().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn man_synopsis_names_option_values() {
    let man = man_page();
    let synopsis = man
        .split(".SH SYNOPSIS\n")
        .nth(1)
        .and_then(|s| s.split("\n.SH ").next())
        .unwrap();
    for form in [
        r"[\-\-format <FORMAT>]",
        r"[\-\-config <FILE>]",
        r"[\-\-select <RULES>]",
        r"[\-\-max\-warnings <N>]",
        r"[\-q|\-\-quiet]",
        "[PATHS]...",
        r"\fBplan\-lint\fR <COMMAND> [ARGS]",
    ] {
        assert!(synopsis.contains(form), "no {form} in\n{synopsis}");
    }
}

#[test]
fn man_page_points_only_to_what_is_installed() {
    let man = man_page();
    // No page per subcommand is generated: none is referred to.
    assert!(!man.contains("(1)"), "{man}");
    assert!(!man.contains(r"plan\-lint\-check"), "{man}");
    // No file of the source tree (docs/…, rules/…) is installed with the binary.
    assert!(!man.contains("docs/"), "{man}");
    assert!(!man.contains("json\\-format"), "{man}");
    // Each command's usage is in this page, with its values.
    assert!(man.contains(".SH COMMANDS\n"));
    assert!(
        man.contains(r"\fBplan\-lint explain <CODE|NAME>\fR"),
        "{man}"
    );
    assert!(
        man.contains(r"\fBplan\-lint export [OPTIONS] <SOURCE>\fR"),
        "{man}"
    );
    // One roff preamble.
    assert_eq!(man.matches(".ds Aq").count(), 2, "{man}");
    assert!(man.starts_with(".ie \\n(.g .ds Aq"));
}

fn completions(shell: &str) -> String {
    let out = bare().args(["completions", shell]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

/// bash, as the shell runs it: `plan-lint explain hed<TAB>` and `PL10<TAB>`.
#[test]
fn bash_completes_explain_with_rule_codes_and_names() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("plan-lint.bash");
    std::fs::write(&script, completions("bash")).unwrap();
    let complete = |word: &str| -> Vec<String> {
        let out = Process::new("bash")
            .arg("-c")
            .arg(format!(
                "source '{}'; COMP_WORDS=(plan-lint explain {word}); COMP_CWORD=2; \
                 _plan__lint plan-lint {word} explain; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                script.display()
            ))
            .output()
            .expect("bash runs");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(String::from)
            .collect()
    };
    assert_eq!(complete("hed"), ["hedging"]);
    assert_eq!(
        complete("PL10"),
        ["PL101", "PL102", "PL103", "PL104", "PL105"]
    );
}

#[test]
fn zsh_and_fish_complete_explain_with_rule_codes_and_names() {
    let zsh = completions("zsh");
    let explain = zsh.split("(explain)").nth(1).expect("an explain case");
    assert!(explain.contains(r#"PL101\:"No hedging"#), "{explain}");
    assert!(explain.contains(r#"hedging\:"No hedging"#), "{explain}");
    let fish = completions("fish");
    for key in ["PL101", "hedging", "PL902", "unused-suppression"] {
        assert!(
            fish.contains(&format!(
                "complete -c plan-lint -n \"__fish_plan_lint_using_subcommand explain\" -f -a '{key}' -d '"
            )),
            "no {key} in the fish script"
        );
    }
}

#[test]
fn explain_accepts_codes_and_names_in_any_case() {
    for key in ["PL101", "pl101", "hedging", "HEDGING"] {
        let out = bare().args(["explain", key]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{key}: {out:?}");
        assert!(String::from_utf8_lossy(&out.stdout).starts_with("# PL101 `hedging`"));
    }
    let out = bare().args(["explain", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "plan-lint: error: unknown rule `nope`; run `plan-lint rules` to list rule codes and names\n"
    );
    // The rule list is no part of `--help` (the completions have it).
    let help = bare().args(["explain", "--help"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("PL001"));
}

// ---- 15. long lines in the human format --------------------------------------------

/// The human report of the clean plan with its first goal replaced by `goal` (one
/// `should` in it), in a pipe (100 columns).
fn human_report_of_goal(goal: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let proj = dir.path();
    copy_dir(&root().join("fixtures/repo"), proj);
    std::fs::create_dir_all(proj.join("EXPORT")).unwrap();
    let clean = read("fixtures/clean/EXPORT/plan_rate-limits.md");
    let old = "- Reject requests above 100 per minute per client with HTTP 429.\n";
    assert!(clean.contains(old));
    std::fs::write(
        proj.join("EXPORT/plan_rate-limits.md"),
        clean.replacen(old, &format!("{goal}\n"), 1),
    )
    .unwrap();
    let out = plan_lint()
        .current_dir(proj)
        .args(["--format", "human", "--quiet", "EXPORT"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report = String::from_utf8(out.stdout).unwrap();
    check_trimmed(&report, goal);
    report
}

fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Every row fits in 100 columns, the snippet row of the goal is trimmed, and the
/// underline starts at the display column of `should` in it.
fn check_trimmed(report: &str, goal: &str) {
    assert!(width(goal) > 100, "the goal line fits: {goal}");
    for row in report.lines() {
        assert!(width(row) <= 100, "a row wider than 100 columns: {row:?}");
    }
    let rows: Vec<&str> = report.lines().collect();
    let at = rows
        .iter()
        .position(|r| r.starts_with("  9 │ "))
        .expect("the goal's row");
    let text = rows[at];
    assert!(text.contains("..."), "{text}");
    let should = width(&text[..text.find("should").expect("`should` is kept")]);
    let under = rows[at + 1];
    let dash = width(&under[..under.find('─').expect("an underline")]);
    assert_eq!(
        dash, should,
        "the underline is not under `should`:\n{report}"
    );
}

fn pad_to(column: usize, head: &str) -> String {
    let mut s = head.to_string();
    let filler = " counted per client address over a sliding window of sixty seconds";
    while width(&s) + 1 < column {
        s.push_str(filler);
    }
    s.truncate(column - 1);
    // no word cut just before `should`
    if !s.ends_with(' ') {
        s.push(' ');
        while width(&s) >= column {
            s.remove(s.len() - 2);
        }
    }
    s
}

#[test]
fn long_line_finding_at_column_147_is_trimmed_around_it() {
    let head = pad_to(
        147,
        "- Reject requests above 100 per minute per client with HTTP 429,",
    );
    let goal = format!(
        "{head}should be enough for most gateways and their clients, as measured in the load tests."
    );
    assert_eq!(goal.find("should"), Some(146));
    let report = human_report_of_goal(&goal);
    assert!(
        report.contains("[EXPORT/plan_rate-limits.md:9:147]"),
        "{report}"
    );
    insta::assert_snapshot!("long_line_column_147", report);
}

#[test]
fn long_line_finding_at_the_start_is_cut_on_the_right() {
    let goal = "- We should reject requests above 100 per minute per client with HTTP 429, counted per client address over a sliding window of sixty seconds, as the load tests of the previous quarter measured them.";
    let report = human_report_of_goal(goal);
    assert!(report.contains("  9 │ - We should reject"), "{report}");
    insta::assert_snapshot!("long_line_start", report);
}

#[test]
fn long_line_finding_at_the_end_is_cut_on_the_left() {
    let goal = "- Reject requests above 100 per minute per client with HTTP 429, counted per client address over a sliding window of sixty seconds, as the load tests of the previous quarter showed that the gateway should";
    let report = human_report_of_goal(goal);
    assert!(report.contains("the gateway should\n"), "{report}");
    insta::assert_snapshot!("long_line_end", report);
}

#[test]
fn long_line_of_wide_characters_keeps_the_underline_in_display_columns() {
    let goal = "- 拒绝每个客户端每分钟超过一百个的请求并返回 HTTP 429 状态码 😀，按客户端地址在六十秒的滑动窗口内计数，which should be enough for most gateways and their clients, as measured in the load tests.";
    let report = human_report_of_goal(goal);
    insta::assert_snapshot!("long_line_wide_characters", report);
}
