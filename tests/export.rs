//! `plan-lint export` and `plan-lint new`, and PL003 (where a plan lives): slugs written
//! into the title, fixing that never reveals a hidden PL003, the help that names the real
//! move, the contract's `FILE:` fallback output in chat transcripts, and `nested_plans`.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const CLEAN: &str = include_str!("../fixtures/clean/EXPORT/plan_rate-limits.md");

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn repo() -> PathBuf {
    crate_root().join("fixtures/repo")
}

fn transcript(name: &str) -> PathBuf {
    crate_root().join("fixtures/transcripts").join(name)
}

/// A check run: colours off, whatever the environment says.
fn plan_lint() -> Command {
    let mut cmd = Command::cargo_bin("plan-lint").expect("binary builds");
    cmd.env_remove("NO_COLOR").arg("--color=never");
    cmd
}

/// A subcommand run (`export`, `new`).
fn cmd() -> Command {
    Command::cargo_bin("plan-lint").expect("binary builds")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temporary repository: a copy of fixtures/repo, with `.git` when `git` is set.
fn scratch(git: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo(), dir.path());
    if git {
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    }
    dir
}

/// `line:col: CODE` of each finding in `--format short` output.
fn findings(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| {
            let mut parts = l.splitn(4, ':');
            let (_, line, col, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
            let code = rest.split_whitespace().next()?;
            Some(format!("{line}:{col}: {code}"))
        })
        .collect()
}

fn lint_short(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let out = plan_lint()
        .current_dir(dir)
        .args(["--no-config", "--format", "short", "--root", "."])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        findings(&out.stdout),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

// ---- item 1: PL003 while PL002 fires ------------------------------------------------

#[test]
fn fixing_messy_reveals_no_hidden_pl003() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&crate_root().join("fixtures/messy"), dir.path());
    let (_, before, _) = lint_short(dir.path(), &["EXPORT"]);
    let pl003 = |f: &[String]| -> Vec<String> {
        f.iter().filter(|f| f.ends_with("PL003")).cloned().collect()
    };
    // `(Messy_Export)` is checked as PL002 fixes it: `plan_messy-export.md`
    assert_eq!(pl003(&before), vec!["1:23: PL003".to_string()]);
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--fix", "--quiet", "--root", ".", "EXPORT"])
        .assert()
        .code(1);
    assert!(
        std::fs::read_to_string(dir.path().join("EXPORT/plan_messy.md"))
            .unwrap()
            .starts_with("# Plan: Messy Export (Messy_Export)\n"),
        "the slug fix needs the file renamed too: a suggestion, not applied"
    );
    let (_, after, _) = lint_short(dir.path(), &["EXPORT"]);
    assert_eq!(pl003(&after), pl003(&before));
    // and no rule reports anything it did not report before
    let code = |f: &String| f.rsplit(' ').next().unwrap().to_string();
    let before_codes: Vec<String> = before.iter().map(code).collect();
    for f in &after {
        assert!(before_codes.contains(&code(f)), "--fix revealed {f}");
    }
}

// ---- item 2: --slug in the title, Bad_Slug, the help ---------------------------------

#[test]
fn export_slug_is_written_into_the_title() {
    let dir = scratch(false);
    std::fs::write(dir.path().join("draft.md"), CLEAN).unwrap();
    cmd()
        .current_dir(dir.path())
        .args([
            "export",
            "draft.md",
            "--no-config",
            "--slug",
            "other-name",
            "--root",
            ".",
        ])
        .assert()
        .code(0)
        .stdout("wrote EXPORT/plan_other-name.md\n")
        .stderr(predicate::str::contains(
            "the title's slug `rate-limits` is replaced by `other-name`",
        ));
    let out = std::fs::read_to_string(dir.path().join("EXPORT/plan_other-name.md")).unwrap();
    assert_eq!(
        out,
        CLEAN.replacen("(rate-limits)", "(other-name)", 1),
        "only the title's slug changes"
    );
    // the exported plan passes PL003 (and every other rule)
    let (code, found, _) = lint_short(dir.path(), &["EXPORT/plan_other-name.md"]);
    assert_eq!((code, found), (0, vec![]));
    // a title without a slug gets one
    std::fs::write(
        dir.path().join("noslug.md"),
        CLEAN.replacen(
            "# Plan: Rate Limits (rate-limits)",
            "# Plan: Rate Limits",
            1,
        ),
    )
    .unwrap();
    cmd()
        .current_dir(dir.path())
        .args([
            "export",
            "noslug.md",
            "--no-config",
            "--slug",
            "rate-limits",
            "--root",
            ".",
        ])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("EXPORT/plan_rate-limits.md")).unwrap(),
        CLEAN
    );
}

#[test]
fn export_bad_slug_explains_itself_and_fix_normalises_it() {
    let dir = scratch(false);
    std::fs::write(dir.path().join("draft.md"), CLEAN).unwrap();
    cmd()
        .current_dir(dir.path())
        .args(["export", "draft.md", "--no-config", "--slug", "Bad_Slug"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "draft.md: --slug: `Bad_Slug` is not a valid feat_name",
        ))
        .stderr(predicate::str::contains(
            "its kebab-case form is `bad-slug`: write that, or add --fix to use it",
        ));
    assert!(!dir.path().join("EXPORT").exists());
    cmd()
        .current_dir(dir.path())
        .args([
            "export",
            "draft.md",
            "--no-config",
            "--slug",
            "Bad_Slug",
            "--fix",
        ])
        .args(["--root", "."])
        .assert()
        .code(0)
        .stdout("wrote EXPORT/plan_bad-slug.md\n")
        .stderr(predicate::str::contains(
            "--slug `Bad_Slug` is written `bad-slug` (--fix)",
        ));
    let out = std::fs::read_to_string(dir.path().join("EXPORT/plan_bad-slug.md")).unwrap();
    assert!(out.starts_with("# Plan: Rate Limits (bad-slug)\n"), "{out}");
    // a slug with no kebab-case form: no --fix hint
    cmd()
        .current_dir(dir.path())
        .args(["export", "draft.md", "--no-config", "--slug", "ä", "--fix"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`ä` is not a valid feat_name"))
        .stderr(predicate::str::contains("--fix to use it").not());
    // the title's own bad slug, without --fix: named, with its fix
    std::fs::write(
        dir.path().join("bad.md"),
        CLEAN.replacen("(rate-limits)", "(Rate_Limits)", 1),
    )
    .unwrap();
    cmd()
        .current_dir(dir.path())
        .args(["export", "bad.md", "--no-config"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "bad.md: the title's slug: `Rate_Limits` is not a valid feat_name",
        ))
        .stderr(predicate::str::contains("`rate-limits`"));
}

#[test]
fn pl003_help_names_the_real_move_never_the_exported_file() {
    let dir = scratch(true);
    let export = dir.path().join("EXPORT");
    std::fs::create_dir_all(&export).unwrap();
    std::fs::create_dir_all(dir.path().join("notes")).unwrap();
    std::fs::write(export.join("plan_other.md"), CLEAN).unwrap();
    std::fs::write(dir.path().join("notes/plan_rate-limits.md"), CLEAN).unwrap();
    let (code, found, _) = lint_short(dir.path(), &["EXPORT/plan_other.md"]);
    assert_eq!((code, found), (1, vec!["1:22: PL003".to_string()]));
    let out = plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--format", "json", "--root", "."])
        .args(["EXPORT/plan_other.md", "notes/plan_rate-limits.md"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let helps: Vec<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap().clone())
        .filter(|d| d["code"] == "PL003")
        .map(|d| d["help"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        helps,
        vec![
            "rename it: `git mv EXPORT/plan_other.md EXPORT/plan_rate-limits.md` (`mv` if git \
             does not track it); or, if `other` is the feature's slug, write `(other)` in the title"
                .to_string(),
            "move it: `git mv notes/plan_rate-limits.md EXPORT/plan_rate-limits.md` (`mv` if git \
             does not track it), or copy it there with `plan-lint export notes/plan_rate-limits.md`"
                .to_string(),
        ],
        "{out:?}"
    );
    // export into a directory that is not EXPORT: the help names the source, not the copy
    std::fs::write(dir.path().join("draft.md"), CLEAN).unwrap();
    let out = cmd()
        .current_dir(dir.path())
        .args([
            "export",
            "draft.md",
            "--no-config",
            "--dir",
            "out",
            "--root",
            ".",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("export it into `EXPORT` instead: `plan-lint export draft.md` (without"),
        "{stdout}"
    );
    assert!(!stdout.contains("export out/"), "{stdout}");
}

// ---- item 3: the contract's FILE: output -------------------------------------------

/// Exports `name` from fixtures/transcripts into a scratch repository.
fn export_transcript(name: &str, extra: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = scratch(false);
    let out = cmd()
        .current_dir(dir.path())
        .arg("export")
        .arg(transcript(name))
        .args(["--no-config", "--root", "."])
        .args(extra)
        .output()
        .unwrap();
    (dir, out)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn transcripts_fenced_unfenced_and_same_length_fences() {
    for name in ["fenced.md", "unfenced.md", "same-length-fences.md"] {
        let (dir, out) = export_transcript(name, &[]);
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stdout).as_ref()
            ),
            (Some(0), "wrote EXPORT/plan_rate-limits.md\n"),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            read(dir.path(), "EXPORT/plan_rate-limits.md"),
            CLEAN,
            "{name}"
        );
    }
}

#[test]
fn transcript_with_crlf_and_tildes_keeps_its_line_endings() {
    let (dir, out) = export_transcript("crlf-tilde.txt", &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        read(dir.path(), "EXPORT/plan_rate-limits.md"),
        CLEAN.replace('\n', "\r\n")
    );
}

#[test]
fn transcript_from_standard_input() {
    let dir = scratch(false);
    cmd()
        .current_dir(dir.path())
        .args(["export", "-", "--no-config", "--root", "."])
        .write_stdin(std::fs::read(transcript("fenced.md")).unwrap())
        .assert()
        .code(0)
        .stdout("wrote EXPORT/plan_rate-limits.md\n");
    assert_eq!(read(dir.path(), "EXPORT/plan_rate-limits.md"), CLEAN);
}

#[test]
fn transcript_with_two_plans_exports_each() {
    let (dir, out) = export_transcript("two-plans.md", &[]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "wrote EXPORT/plan_rate-limits.md\nwrote EXPORT/plan_rate-limits-audit.md\n"
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(read(dir.path(), "EXPORT/plan_rate-limits.md"), CLEAN);
    assert!(
        read(dir.path(), "EXPORT/plan_rate-limits-audit.md")
            .starts_with("# Plan: Rate Limits Audit (rate-limits-audit)\n\n## Summary\n")
    );
    // --slug names one plan: refused, with the list
    let (dir, out) = export_transcript("two-plans.md", &["--slug", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--slug names one plan, but the transcript holds 2 `FILE:` blocks (line 5: `FILE: ./EXPORT/plan_rate-limits.md`, line 102: `FILE: ./EXPORT/plan_rate-limits-audit.md`)"),
        "{stderr}"
    );
    assert!(!dir.path().join("EXPORT").exists());
    // one of them in the way: nothing is written
    let (dir, _) = export_transcript("fenced.md", &[]);
    let out = cmd()
        .current_dir(dir.path())
        .arg("export")
        .arg(transcript("two-plans.md"))
        .args(["--no-config", "--root", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "EXPORT/plan_rate-limits.md: already exists; pass --force to overwrite it (1 of 2 plans); nothing was written"
        ),
        "{out:?}"
    );
    assert!(!dir.path().join("EXPORT/plan_rate-limits-audit.md").exists());
}

#[test]
fn transcript_label_and_title_must_agree() {
    let (dir, out) = export_transcript("mismatch.md", &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "mismatch.md:3: the label `FILE: ./EXPORT/plan_request-limits.md` names the slug \
             `request-limits`, but the plan's title has the slug `rate-limits`; make them agree \
             (or pass --slug to choose one)"
        ),
        "{stderr}"
    );
    assert!(!dir.path().join("EXPORT").exists());
    // --slug chooses, and is written into the title
    let (dir, out) = export_transcript("mismatch.md", &["--slug", "request-limits"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        read(dir.path(), "EXPORT/plan_request-limits.md")
            .starts_with("# Plan: Rate Limits (request-limits)\n")
    );
}

#[test]
fn transcript_with_the_same_label_twice_is_refused_with_a_list() {
    let (dir, out) = export_transcript("revised-twice.md", &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let t = transcript("revised-twice.md").display().to_string();
    assert!(
        stderr.contains(&format!(
            "EXPORT/plan_rate-limits.md: 2 blocks of the transcript are exported to it \
             ({t}:3, {t}:101); keep one; nothing was written"
        )),
        "{stderr}"
    );
    assert!(!dir.path().join("EXPORT").exists());
}

#[test]
fn input_without_a_label_is_a_plan_even_when_it_quotes_one() {
    let dir = scratch(false);
    // a plan that quotes the contract's label in its text is still one plan
    let text = CLEAN.replace("## Goals\n", "## Goals\n\nFILE: ./EXPORT/plan_other.md\n\n");
    cmd()
        .current_dir(dir.path())
        .args(["export", "-", "--no-config", "--root", "."])
        .write_stdin(text.clone())
        .assert()
        .stdout(predicate::str::contains("wrote EXPORT/plan_rate-limits.md"));
    assert_eq!(read(dir.path(), "EXPORT/plan_rate-limits.md"), text);
}

#[test]
fn hostile_transcripts_are_refused_or_bounded() {
    // 10 000 labels: refused at once, nothing written
    let dir = scratch(false);
    // each fence opens with an info string, so none closes another: all are unclosed
    let many = "FILE: ./EXPORT/plan_a.md\n```bash\n# Plan: A (a)\n".repeat(10_000);
    cmd()
        .current_dir(dir.path())
        .args(["export", "-", "--no-config"])
        .write_stdin(many)
        .timeout(std::time::Duration::from_secs(180))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the transcript holds 10000 `FILE:` blocks (line 1, line 4, line 7, line 10, line 13, …); at most 64",
        ));
    assert!(!dir.path().join("EXPORT").exists());
    // 100 MB without a label: one pass, no block (the input is a plan)
    let unit = "User: and what about the cache? Assistant: it stays as it is today.\n";
    let big = unit.repeat(100 * 1024 * 1024 / unit.len());
    let (blocks, work) = plan_lint::document::transcript::scan_counted(&big, "Plan:");
    assert!(blocks.is_empty());
    assert!(work <= 2 * big.len(), "{work} for {} bytes", big.len());
    // labels each followed by an unclosed fence, and inner fences: linear
    for (unit, blocks) in [
        ("FILE: plan_a.md\n```md\n# Plan: A (a)\n", 200_000),
        ("FILE: plan_a.md\n````\n# Plan: A (a)\n", 100_000),
        ("FILE: plan_a.md\n```\n```bash\nx\n", 200_000),
    ] {
        let n = unit.repeat(20_000);
        let n10 = unit.repeat(200_000);
        let (_, w) = plan_lint::document::transcript::scan_counted(&n, "Plan:");
        let (b10, w10) = plan_lint::document::transcript::scan_counted(&n10, "Plan:");
        assert_eq!(b10.len(), blocks, "{unit:?}");
        assert!(w10 <= 5 * n10.len(), "{unit:?}: {w10}");
        assert!(w10 <= 11 * w, "{unit:?}: {w} → {w10}");
    }
}

// ---- item 4: nested_plans, new --dir, the README's examples -------------------------

#[test]
fn nested_plans_decide_pl003_and_new_dir() {
    let dir = scratch(true);
    // default (the contract: directly in EXPORT): refused, nothing written
    cmd()
        .current_dir(dir.path())
        .args(["new", "old-limits", "--no-config", "--dir", "EXPORT/legacy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`EXPORT/legacy` is a subdirectory of `EXPORT` (`legacy`), and plans live directly in \
             `EXPORT`: set `nested_plans = true`",
        ));
    assert!(!dir.path().join("EXPORT").exists());
    cmd()
        .current_dir(dir.path())
        .args(["new", "old-limits", "--no-config", "--dir", "notes"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`notes` is not a directory named `EXPORT`",
        ));
    // a nested plan fails PL003 by default
    std::fs::create_dir_all(dir.path().join("EXPORT/legacy")).unwrap();
    std::fs::write(dir.path().join("EXPORT/legacy/plan_rate-limits.md"), CLEAN).unwrap();
    let (code, found, out) = lint_short(dir.path(), &[]);
    assert_eq!((code, found), (1, vec!["1:22: PL003".to_string()]), "{out}");
    assert!(out.contains("the plan is in `legacy`, a subdirectory of `EXPORT`"));
    // with nested_plans = true: new --dir works, discovery finds both, PL003 passes
    std::fs::write(
        dir.path().join("plan-lint.toml"),
        "[contract]\nnested_plans = true\n",
    )
    .unwrap();
    cmd()
        .current_dir(dir.path())
        .args(["new", "old-limits", "--dir", "EXPORT/archive/2024"])
        .assert()
        .code(0)
        .stdout("wrote EXPORT/archive/2024/plan_old-limits.md\n");
    let out = plan_lint()
        .current_dir(dir.path())
        .args(["--format", "short", "--select", "PL003"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("Checked 2 files"));
    // the exported copy in a subdirectory passes too
    std::fs::write(
        dir.path().join("draft.md"),
        CLEAN.replacen("(rate-limits)", "(b)", 1),
    )
    .unwrap();
    cmd()
        .current_dir(dir.path())
        .args(["export", "draft.md", "--dir", "EXPORT/legacy"])
        .assert()
        .code(0);
    // the key is a boolean
    std::fs::write(
        dir.path().join("plan-lint.toml"),
        "[contract]\nnested_plans = \"yes\"\n",
    )
    .unwrap();
    plan_lint()
        .current_dir(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("expected a boolean"));
}

/// The `toml` block of the README's Configuration section.
fn readme_config() -> String {
    let readme = std::fs::read_to_string(crate_root().join("README.md")).unwrap();
    let section = &readme[readme
        .find("\n## Configuration")
        .expect("Configuration section")..];
    let start = section.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + section[start..].find("```").unwrap();
    section[start..end].to_string()
}

#[test]
fn readme_examples_lint_as_documented() {
    let dir = scratch(true);
    // `extend` names a file the example does not show
    let config: String = readme_config()
        .lines()
        .filter(|l| !l.starts_with("extend"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(config.contains("\"EXPORT/legacy/*.md\""), "{config}");
    assert!(
        config.contains("exclude = [\"EXPORT/archive/**\"]"),
        "{config}"
    );
    std::fs::write(dir.path().join("plan-lint.toml"), &config).unwrap();
    let p = dir.path();
    // `plan-lint new rate-limits --title "Rate Limits"` (Export and scaffold)
    cmd()
        .current_dir(p)
        .args(["new", "rate-limits", "--title", "Rate Limits"])
        .assert()
        .code(0)
        .stdout("wrote EXPORT/plan_rate-limits.md\n");
    std::fs::remove_file(p.join("EXPORT/plan_rate-limits.md")).unwrap();
    // `plan-lint export draft.md`
    std::fs::write(p.join("draft.md"), CLEAN).unwrap();
    cmd()
        .current_dir(p)
        .args(["export", "draft.md"])
        .assert()
        .code(0)
        .stdout("wrote EXPORT/plan_rate-limits.md\n");
    // `plan-lint export chat.md`: the planner's FILE: output
    cmd()
        .current_dir(p)
        .arg("export")
        .arg(transcript("fenced.md"))
        .arg("--force")
        .assert()
        .code(0);
    // a legacy plan, hedging allowed there; an archived one, excluded (broken on purpose)
    std::fs::create_dir_all(p.join("EXPORT/legacy")).unwrap();
    std::fs::write(
        p.join("EXPORT/legacy/plan_old-limits.md"),
        CLEAN.replacen("(rate-limits)", "(old-limits)", 1).replace(
            "- Functional: the 101st request",
            "- Functional: the API should answer the 101st request",
        ),
    )
    .unwrap();
    std::fs::create_dir_all(p.join("EXPORT/archive/2023")).unwrap();
    std::fs::write(
        p.join("EXPORT/archive/2023/notes.md"),
        "no title, no sections\n",
    )
    .unwrap();
    let out = plan_lint()
        .current_dir(p)
        .args(["--format", "short"])
        .output()
        .unwrap();
    assert_eq!(
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).as_ref()
        ),
        (Some(0), ""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("Checked 2 files: 0 errors, 0 warnings"),
        "{stderr}"
    );
}
