//! Issue 14, items 1-4: the machine formats carry everything (files that could not be
//! read, the rule pages, statistics, the fixes applied) and fixability is shown
//! everywhere.

use crate::support::plan_lint;
use std::path::{Path, PathBuf};

const CLEAN: &str = include_str!("../../fixtures/clean/EXPORT/plan_rate-limits.md");

/// The clean plan with one hedging word (PL101, a safe fix) and no Non-Goals section
/// (PL004, an unsafe fix): two findings, one fixable with `--fix`, one more with
/// `--unsafe-fixes`.
fn two_findings_plan() -> String {
    let hedged = CLEAN.replace(
        "- Functional: requests from other clients are unaffected.",
        "- Functional: requests from other clients should be unaffected.",
    );
    assert_ne!(hedged, CLEAN, "the fixture changed");
    let start = hedged.find("## Non-Goals").expect("Non-Goals");
    let end = hedged.find("## Requirements").expect("Requirements");
    format!("{}{}", &hedged[..start], &hedged[end..])
}

/// A repository (a copy of `fixtures/repo`, which the plan's paths name) with
/// `EXPORT/plan_rate-limits.md` = `plan`.
struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new(plan: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repo"),
            dir.path(),
        );
        std::fs::create_dir_all(dir.path().join("EXPORT")).unwrap();
        std::fs::write(dir.path().join("EXPORT/plan_rate-limits.md"), plan).unwrap();
        Tree { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// `plan-lint ARGS` in the tree: (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = plan_lint()
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .expect("runs");
        (
            out.status.code().expect("exit code"),
            String::from_utf8(out.stdout).expect("UTF-8 stdout"),
            String::from_utf8(out.stderr).expect("UTF-8 stderr"),
        )
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The stderr lines without the timing of the summary line (`(12.3 ms)`).
fn untimed(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .map(|l| match l.rfind(" (") {
            Some(i) if l.starts_with("Checked ") && l.ends_with(" ms)") => l[..i].to_string(),
            _ => l.to_string(),
        })
        .collect()
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

// 1 ---------------------------------------------------------------------------

/// A binary plan next to a readable one: every machine format reports it, at its
/// root-relative path, with the reason standard error gives.
#[test]
fn a_file_that_cannot_be_read_is_in_every_machine_format() {
    let tree = Tree::new(CLEAN);
    std::fs::write(tree.path("EXPORT/plan_bin.md"), b"\x00\x01\x02binary\xff").unwrap();
    let (code, _, stderr) = tree.run(&["--format", "short", "EXPORT"]);
    assert_eq!(code, 2, "{stderr}");
    let prefix = "plan-lint: error: EXPORT/plan_bin.md: ";
    let reason = stderr
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no read error on stderr:\n{stderr}"))
        .to_string();
    assert!(!reason.is_empty());
    let said = format!("EXPORT/plan_bin.md could not be read: {reason}");

    let (code, out, _) = tree.run(&["--format", "github", "EXPORT"]);
    assert_eq!(code, 2);
    assert_eq!(
        out,
        format!("::error file=EXPORT/plan_bin.md,title=plan-lint/io-error::{said}\n"),
        "the clean plan has no findings: one annotation"
    );

    let (code, out, _) = tree.run(&["--format", "json", "EXPORT"]);
    assert_eq!(code, 2);
    let v = json(&out);
    assert_eq!(
        v["failures"],
        serde_json::json!([{ "path": "EXPORT/plan_bin.md", "kind": "read", "message": reason }])
    );
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["EXPORT/plan_rate-limits.md"], "only linted files");
    assert_eq!(v["summary"]["failed"], 1);

    let (code, out, _) = tree.run(&["--format", "gitlab", "EXPORT"]);
    assert_eq!(code, 2);
    let issues = json(&out);
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 1, "{out}");
    let issue = &issues[0];
    assert_eq!(issue["check_name"], "plan-lint/io-error");
    assert_eq!(issue["description"], said.as_str());
    assert_eq!(issue["severity"], "critical");
    assert_eq!(issue["location"]["path"], "EXPORT/plan_bin.md");
    assert_eq!(issue["location"]["lines"]["begin"], 1);
    let fingerprint = issue["fingerprint"].as_str().unwrap();
    assert_eq!(fingerprint.len(), 32);
    assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));

    let (code, out, _) = tree.run(&["--format", "junit", "EXPORT"]);
    assert_eq!(code, 2);
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let suites = doc.root_element();
    assert_eq!(suites.attribute("tests"), Some("2"));
    assert_eq!(suites.attribute("errors"), Some("1"));
    assert_eq!(suites.attribute("failures"), Some("0"));
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some("EXPORT/plan_bin.md"))
        .unwrap_or_else(|| panic!("no test case for the binary plan:\n{out}"));
    let error = case
        .children()
        .find(|n| n.has_tag_name("error"))
        .expect("an <error>");
    assert_eq!(error.attribute("type"), Some("plan-lint/io-error"));
    let message = format!("could not be read: {reason}");
    assert_eq!(error.attribute("message"), Some(message.as_str()));
    assert_eq!(
        error.text(),
        Some(format!("EXPORT/plan_bin.md: {message}").as_str())
    );

    let (code, out, _) = tree.run(&["--format", "sarif", "EXPORT"]);
    assert_eq!(code, 2);
    let v = json(&out);
    let invocation = &v["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert_eq!(
        invocation["toolExecutionNotifications"],
        serde_json::json!([{
            "level": "error",
            "message": { "text": said },
            "locations": [{ "physicalLocation": { "artifactLocation": {
                "uri": "EXPORT/plan_bin.md", "uriBaseId": "%SRCROOT%"
            } } }],
            "descriptor": { "id": "plan-lint/io-error" }
        }])
    );
}

// 2 ---------------------------------------------------------------------------

/// Every rule of the SARIF log carries its page as `help` (text and Markdown, links
/// to other pages reduced to their text), and no `helpUri`: Cargo.toml names no
/// `repository`, so no stable address exists.
#[test]
fn sarif_rules_carry_their_page_as_help() {
    let tree = Tree::new(CLEAN);
    let (code, out, stderr) = tree.run(&["--format", "sarif", "EXPORT"]);
    assert_eq!(code, 0, "{stderr}");
    let v = json(&out);
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), plan_lint::rules::all().len());
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let page = plan_lint::docs::page(id).unwrap_or_else(|| panic!("{id}: no page"));
        let markdown = rule["help"]["markdown"].as_str().expect("help.markdown");
        let text = rule["help"]["text"].as_str().expect("help.text");
        let first = page.lines().next().unwrap();
        assert!(first.starts_with("# "), "{id}: {first}");
        assert!(!markdown.contains(first), "{id}: the title is not repeated");
        assert!(markdown.contains("## What it does"), "{id}: {markdown}");
        assert!(!markdown.contains("](PL"), "{id}: a relative link is left");
        assert!(text.starts_with("Default severity: "), "{id}: {text}");
        assert!(
            !text.starts_with("Default severity: **"),
            "{id}: plain text"
        );
        assert!(rule.get("helpUri").is_none(), "{id}: {rule}");
    }
    let pl101 = rules.iter().find(|r| r["id"] == "PL101").unwrap();
    let markdown = pl101["help"]["markdown"].as_str().unwrap();
    assert!(
        markdown.starts_with("Default severity: **error** · Group: language"),
        "{markdown}"
    );
    assert!(
        markdown.contains("belongs in Open Questions behind the marker; PL505 reports"),
        "{markdown}"
    );
}

// 3 ---------------------------------------------------------------------------

/// `--statistics` as a table with severity and fixable columns, and as JSON.
#[test]
fn statistics_have_severity_and_fixability_and_honour_json() {
    let tree = Tree::new(&two_findings_plan());
    let (code, out, stderr) = tree.run(&["--statistics", "EXPORT"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        out,
        "count  code   severity  fixable   rule\n\
         \x20   1  PL004  error     1 unsafe  missing-section\n\
         \x20   1  PL101  error     [*] 1     hedging\n"
    );
    let (code, out, _) = tree.run(&["--statistics", "--format", "json", "EXPORT"]);
    assert_eq!(code, 1);
    assert_eq!(
        json(&out),
        serde_json::json!([
            { "code": "PL004", "name": "missing-section", "count": 1, "severity": "error",
              "errors": 1, "warnings": 0, "fixable": 0, "unsafe_fixable": 1 },
            { "code": "PL101", "name": "hedging", "count": 1, "severity": "error",
              "errors": 1, "warnings": 0, "fixable": 1, "unsafe_fixable": 0 }
        ])
    );
    // Nothing found: an empty array, not an empty output.
    let clean = Tree::new(CLEAN);
    let (code, out, _) = clean.run(&["--statistics", "--format", "json", "EXPORT"]);
    assert_eq!((code, out.as_str()), (0, "[]\n"));
}

/// `--fix --show-fixes` reports the fixes applied in `json` (`fixes_applied`) and
/// `github` (`::notice`), as it does in `short`.
#[test]
fn show_fixes_reports_in_json_and_github() {
    let args = ["--fix", "--show-fixes", "EXPORT"];
    let tree = Tree::new(&two_findings_plan());
    let (code, out, stderr) = tree.run(&[&["--format", "short"], &args[..]].concat());
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        out,
        "EXPORT/plan_rate-limits.md:15: fixed PL101: Replace `should` with `must`\n\
         EXPORT/plan_rate-limits.md:12:4: PL004 error: missing required section `## Non-Goals`\n"
    );

    let tree = Tree::new(&two_findings_plan());
    let (code, out, _) = tree.run(&[&["--format", "github"], &args[..]].concat());
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(
        lines[0],
        "::notice file=EXPORT/plan_rate-limits.md,line=15,title=PL101 hedging::fixed: Replace `should` with `must`"
    );
    assert!(lines[1].starts_with("::error file=EXPORT/plan_rate-limits.md,line=12,col=4,"));

    let tree = Tree::new(&two_findings_plan());
    let (code, out, _) = tree.run(&[&["--format", "json"], &args[..]].concat());
    assert_eq!(code, 1);
    let v = json(&out);
    assert_eq!(
        v["files"][0]["fixes_applied"],
        serde_json::json!([{ "code": "PL101", "name": "hedging",
                             "message": "Replace `should` with `must`", "line": 15 }])
    );
    assert_eq!(v["files"][0]["findings"].as_array().unwrap().len(), 1);
    // Without --show-fixes the field is absent.
    let tree = Tree::new(&two_findings_plan());
    let (_, out, _) = tree.run(&["--format", "json", "--fix", "EXPORT"]);
    assert!(
        json(&out)["files"][0].get("fixes_applied").is_none(),
        "{out}"
    );
}

// 4 ---------------------------------------------------------------------------

/// `short` marks what `--fix` repairs with `[*]`, and the summary counts the fixable
/// findings and the hidden (unsafe) ones.
#[test]
fn fixability_in_short_output_and_the_summary() {
    let tree = Tree::new(&two_findings_plan());
    let (code, out, stderr) = tree.run(&["--format", "short", "EXPORT"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        out,
        "EXPORT/plan_rate-limits.md:12:4: PL004 error: missing required section `## Non-Goals`\n\
         EXPORT/plan_rate-limits.md:15:43: PL101 [*] error: hedging: `should`\n"
    );
    assert_eq!(
        untimed(&stderr),
        [
            "Checked 1 file: 2 errors, 0 warnings",
            "[*] 1 fixable with the `--fix` option (1 hidden fix can be enabled with the `--unsafe-fixes` option).",
        ]
    );
    // The JSON summary counts them too.
    let (_, out, _) = tree.run(&["--format", "json", "EXPORT"]);
    let summary = &json(&out)["summary"];
    assert_eq!(
        (&summary["fixable"], &summary["unsafe_fixable"]),
        (&1.into(), &1.into())
    );

    // With --fix, only what --unsafe-fixes would still fix is mentioned.
    let (code, _, stderr) = tree.run(&["--format", "short", "--fix", "EXPORT"]);
    assert_eq!(code, 1);
    assert_eq!(
        untimed(&stderr),
        [
            "Fixed 1 finding in 1 file.",
            "Checked 1 file: 1 error, 0 warnings",
            "1 hidden fix can be enabled with the `--unsafe-fixes` option.",
        ]
    );
    // Only an unsafe fix left: no `[*]`, and nothing fixable with --fix alone.
    let (_, out, stderr) = tree.run(&["--format", "short", "EXPORT"]);
    assert_eq!(
        out,
        "EXPORT/plan_rate-limits.md:12:4: PL004 error: missing required section `## Non-Goals`\n"
    );
    assert_eq!(
        untimed(&stderr)[1],
        "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option)."
    );
    // Fixing everything leaves nothing to say.
    let (code, _, stderr) = tree.run(&["--fix", "--unsafe-fixes", "EXPORT"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        untimed(&stderr),
        [
            "Fixed 1 finding in 1 file.",
            "Checked 1 file: 0 errors, 0 warnings"
        ]
    );
}

/// A directory the walk cannot list (plans may be in it) is a read failure in every
/// machine format too, named by its path, with the reason alone as its message. Root
/// reads any directory, so as root the binary runs as `nobody` (`setpriv`, util-linux);
/// a root without `setpriv` fails the test rather than skip it.
#[cfg(unix)]
#[test]
fn an_unlistable_directory_is_a_failure_in_every_machine_format() {
    use std::os::unix::fs::PermissionsExt;
    let tree = Tree::new(CLEAN);
    let root = tree.dir.path();
    let locked = root.join("EXPORT/locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::write(locked.join("plan_hidden.md"), "# Plan: Hidden (hidden)\n").unwrap();
    let open = std::fs::Permissions::from_mode(0o755);
    std::fs::set_permissions(root, open.clone()).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let as_root = std::fs::read_dir(&locked).is_ok();
    let mut bin = assert_cmd::cargo::cargo_bin("plan-lint");
    if as_root {
        // `nobody` may not reach the build directory (a clone under /root): a copy in
        // the tree, which it can reach
        let copy = root.join("plan-lint");
        std::fs::copy(&bin, &copy).unwrap();
        bin = copy;
    }
    let run = |format: &str| {
        let mut cmd = if as_root {
            let mut c = std::process::Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&bin);
            c
        } else {
            std::process::Command::new(&bin)
        };
        let out = cmd
            .current_dir(root)
            .args(["--no-config", "--root", ".", "--format", format, "EXPORT"])
            .output()
            .expect("setpriv (util-linux) runs the binary as nobody when the tests run as root");
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let reason = "Permission denied (os error 13)";
    let (code, github, stderr) = run("github");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("plan-lint: error: EXPORT/locked: {reason}\n")),
        "{stderr}"
    );
    assert!(
        github.contains(&format!(
            "::error file=EXPORT/locked,title=plan-lint/io-error::EXPORT/locked could not be read: {reason}\n"
        )),
        "{github}"
    );
    let (_, json, _) = run("json");
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        doc["failures"],
        serde_json::json!([{"path": "EXPORT/locked", "kind": "read", "message": reason}]),
        "{json}"
    );
    let (_, junit, _) = run("junit");
    assert!(
        junit.contains(r#"<testcase classname="plan-lint" name="EXPORT/locked">"#)
            && junit.contains(r#"type="plan-lint/io-error""#),
        "{junit}"
    );
    let (_, gitlab, _) = run("gitlab");
    let issues: serde_json::Value = serde_json::from_str(&gitlab).unwrap();
    assert!(
        issues
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["check_name"] == "plan-lint/io-error"
                && i["location"]["path"] == "EXPORT/locked"),
        "{gitlab}"
    );
    let (_, sarif, _) = run("sarif");
    let log: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let notes = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "EXPORT/locked",
        "{sarif}"
    );
    std::fs::set_permissions(&locked, open).unwrap();
}
