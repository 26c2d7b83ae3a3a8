//! Issue 14, items 7, 8 and the level-alias half of 9: configuration found per plan
//! (the nearest `.plan-lint.toml` or `plan-lint.toml`), `plan-lint init`,
//! `--show-settings`, `--show-files`, and the documented level aliases.

use crate::support::plan_lint;
use assert_cmd::Command;
use std::path::{Path, PathBuf};

/// A plan with exactly one PL101 (hedging) finding, at 3:9.
const PLAN: &str = "# Plan: A (a)\n\nIt will should work.\n";

/// A repository (`.git`) in a temporary directory.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir_all(repo.path().join(".git")).unwrap();
        repo
    }

    fn path(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// Writes `rel` (creating its directories).
    fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }
}

/// `plan-lint --format short ARGS` in `dir`: (exit code, the PL101 lines of stdout, stderr).
fn pl101(dir: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let out = plan_lint()
        .current_dir(dir)
        .args(["--format", "short", "--quiet"])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines = stdout
        .lines()
        .filter(|l| l.contains("PL101"))
        .map(str::to_string)
        .collect();
    (
        out.status.code().unwrap(),
        lines,
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The binary without the `--color` flag (for subcommands other than `check`).
fn bare() -> Command {
    let mut cmd = Command::cargo_bin("plan-lint").expect("binary builds");
    cmd.env_remove("NO_COLOR");
    cmd
}

/// `cfg/` with its own config turning PL101 off, `other/` with none.
fn two_teams() -> Repo {
    let repo = Repo::new();
    repo.write("cfg/plan-lint.toml", "[rules]\nPL101 = \"off\"\n")
        .write("cfg/EXPORT/plan_a.md", PLAN)
        .write("other/EXPORT/plan_a.md", PLAN);
    repo
}

#[test]
fn the_nearest_config_of_each_plan_applies() {
    let repo = two_teams();
    let other = "other/EXPORT/plan_a.md:3:9: PL101 [*] error: hedging: `should`".to_string();
    // from the repository root: cfg's plans use cfg/plan-lint.toml, other's the defaults
    let (code, lines, _) = pl101(&repo.path(), &["cfg/EXPORT", "other/EXPORT"]);
    assert_eq!((code, lines), (1, vec![other.clone()]));
    // `cd .. && plan-lint cfg/EXPORT`, from above the repository too
    let (_, lines, _) = pl101(
        repo.dir.path().parent().unwrap(),
        &[repo.path().join("cfg/EXPORT").to_str().unwrap()],
    );
    assert_eq!(lines, Vec::<String>::new());
    // and from inside cfg/, as before
    let (_, lines, _) = pl101(&repo.path().join("cfg"), &["EXPORT", "../other/EXPORT"]);
    assert_eq!(lines, vec![format!("../{other}")]);
}

#[test]
fn config_and_no_config_apply_one_config_to_every_plan() {
    let repo = two_teams();
    let (_, lines, _) = pl101(&repo.path(), &["--no-config", "cfg/EXPORT", "other/EXPORT"]);
    assert_eq!(lines.len(), 2, "{lines:?}");
    let (_, lines, _) = pl101(
        &repo.path(),
        &[
            "--config",
            "cfg/plan-lint.toml",
            "cfg/EXPORT",
            "other/EXPORT",
        ],
    );
    assert_eq!(lines, Vec::<String>::new());
}

#[test]
fn dot_plan_lint_toml_wins_over_plan_lint_toml_in_one_directory() {
    let repo = Repo::new();
    repo.write(".plan-lint.toml", "[rules]\nPL101 = \"off\"\n")
        .write("plan-lint.toml", "[rules]\nPL101 = \"warning\"\n")
        .write("EXPORT/plan_a.md", PLAN);
    let (code, lines, _) = pl101(&repo.path(), &["EXPORT"]);
    assert_eq!((code, lines), (1, vec![]));
    // a `.plan-lint.toml` alone is found too
    std::fs::remove_file(repo.path().join("plan-lint.toml")).unwrap();
    let (_, lines, _) = pl101(&repo.path(), &[]);
    assert_eq!(lines, Vec::<String>::new());
}

#[test]
fn an_invalid_config_found_for_a_plan_is_a_configuration_error() {
    let repo = two_teams();
    repo.write("cfg/plan-lint.toml", "[rules]\nPL101 = \"loud\"\n");
    let (code, lines, stderr) = pl101(&repo.path(), &["other/EXPORT", "cfg/EXPORT"]);
    assert_eq!((code, lines), (2, vec![]));
    assert!(
        stderr.contains("invalid level `loud` for PL101") && stderr.contains("plan-lint.toml:2:9"),
        "{stderr}"
    );
}

#[test]
fn a_configs_exclude_applies_to_the_plans_under_it() {
    let repo = two_teams();
    repo.write(
        "cfg/plan-lint.toml",
        "exclude = [\"EXPORT/plan_skip*.md\"]\n",
    )
    .write("cfg/EXPORT/plan_skip.md", PLAN)
    .write("other/EXPORT/plan_skip.md", PLAN);
    let out = plan_lint()
        .current_dir(repo.path())
        .args(["--show-files", "cfg", "other"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "cfg/EXPORT/plan_a.md\nother/EXPORT/plan_a.md\nother/EXPORT/plan_skip.md\n"
    );
    // named explicitly, an excluded plan is still skipped
    let out = plan_lint()
        .current_dir(repo.path())
        .args([
            "--show-files",
            "cfg/EXPORT/plan_skip.md",
            "other/EXPORT/plan_skip.md",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "other/EXPORT/plan_skip.md\n"
    );
}

#[test]
fn show_files_lists_what_a_run_lints_and_lints_nothing() {
    let repo = Repo::new();
    repo.write("EXPORT/plan_b.md", PLAN)
        .write("EXPORT/plan_a.md", PLAN)
        .write("EXPORT/notes.txt", "not a plan");
    let out = plan_lint()
        .current_dir(repo.path())
        .arg("--show-files")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "findings do not count");
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "EXPORT/plan_a.md\nEXPORT/plan_b.md\n"
    );
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
}

/// `--show-settings ARGS` in `dir`: stdout, after checking exit 0.
fn settings(dir: &Path, args: &[&str]) -> String {
    let out = plan_lint()
        .current_dir(dir)
        .arg("--show-settings")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn show_settings_says_where_each_value_comes_from() {
    let repo = two_teams();
    let base = repo.path().join("cfg/base.toml");
    repo.write("cfg/base.toml", "[contract]\nmarker = \"[ASK]\"\n")
        .write(
            "cfg/plan-lint.toml",
            "extend = \"base.toml\"\n[rules]\nhedging = \"off\"\n[contract]\nhedging = [\"should\"]\n",
        );
    let cfg = repo.path().join("cfg/plan-lint.toml");
    let out = settings(&repo.path(), &["--ignore", "PL102", "cfg/EXPORT/plan_a.md"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "# Settings for cfg/EXPORT/plan_a.md");
    assert_eq!(lines[1], format!("# Config file: {}", cfg.display()));
    for expected in [
        format!("root = \"{}\"  # default", repo.path().display()),
        "include = []  # default".to_string(),
        format!("rules.PL101 = \"off\"  # {}", cfg.display()),
        "rules.PL102 = \"off\"  # command line (--ignore)".to_string(),
        "rules.PL103 = \"error\"  # default".to_string(),
        format!("contract.marker = \"[ASK]\"  # {}", base.display()),
        format!("contract.hedging = [\"should\"]  # {}", cfg.display()),
        "contract.export_dir = \"EXPORT\"  # default".to_string(),
    ] {
        assert!(lines.contains(&expected.as_str()), "{expected}\n{out}");
    }
    // the other team's plan: no config file, everything a default
    let out = settings(&repo.path(), &["other/EXPORT"]);
    assert!(
        out.contains("# Config file: none (the defaults)\n"),
        "{out}"
    );
    assert!(
        out.lines().skip(2).all(|l| l.ends_with("# default")),
        "{out}"
    );
}

#[test]
fn init_writes_a_commented_starter_that_loads_as_the_defaults() {
    let repo = Repo::new();
    bare().current_dir(repo.path()).arg("init").assert().code(0);
    let written = std::fs::read_to_string(repo.path().join("plan-lint.toml")).unwrap();
    // every key a config accepts is named in it
    for key in [
        "extend",
        "root",
        "include",
        "exclude",
        "[rules]",
        "[per-file-ignores]",
        "[contract]",
        "export_dir",
        "marker",
        "title_prefix",
        "max_slug_len",
        "nested_plans",
        "hedging",
        "weak_wording",
        "back_reference",
        "placeholders",
        "symbol_sections",
        "[[contract.sections]]",
    ] {
        assert!(written.contains(key), "{key} missing:\n{written}");
    }
    // it loads, and every effective setting is the default's
    let with = settings(&repo.path(), &["EXPORT/plan_a.md"]);
    let without = settings(&repo.path(), &["--no-config", "EXPORT/plan_a.md"]);
    let body = |s: &str| s.lines().skip(2).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(body(&with), body(&without));
    assert!(with.contains("# Config file: "), "{with}");
    assert!(!with.contains("none (the defaults)"), "{with}");
    // never overwritten
    std::fs::write(repo.path().join("plan-lint.toml"), "# mine\n").unwrap();
    let out = bare()
        .current_dir(repo.path())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "plan-lint: error: plan-lint.toml already exists here; it is left as it is (remove \
         it first to start over)\n"
    );
    assert_eq!(
        std::fs::read_to_string(repo.path().join("plan-lint.toml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn level_aliases_are_accepted_and_documented() {
    let repo = Repo::new();
    repo.write(
        "plan-lint.toml",
        "[rules]\nPL101 = \"warn\"\nPL102 = \"ignore\"\nPL103 = \"none\"\nPL104 = \"Deny\"\n",
    );
    let out = settings(&repo.path(), &[]);
    let cfg = repo.path().join("plan-lint.toml");
    for (code, level) in [
        ("PL101", "warning"),
        ("PL102", "off"),
        ("PL103", "off"),
        ("PL104", "error"),
    ] {
        let line = format!("rules.{code} = \"{level}\"  # {}", cfg.display());
        assert!(out.lines().any(|l| l == line), "{line}\n{out}");
    }
    // documented where a user reads about levels: the starter config and the README
    let starter = tempfile::tempdir().unwrap();
    bare()
        .current_dir(starter.path())
        .arg("init")
        .assert()
        .code(0);
    let text = std::fs::read_to_string(starter.path().join("plan-lint.toml")).unwrap();
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for doc in [&text, &readme] {
        for alias in ["\"ignore\"", "\"none\"", "\"warn\"", "\"deny\""] {
            assert!(doc.contains(alias), "{alias} undocumented");
        }
    }
    // anything else is refused, with the accepted levels
    repo.write("plan-lint.toml", "[rules]\nPL101 = \"silent\"\n");
    let out = plan_lint().current_dir(repo.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("invalid level `silent` for PL101"),
        "{stderr}"
    );
}

/// The symbol pre-pass with several configurations: a plan whose config turns the
/// symbol rules off is not checked, a plan whose config runs them is, and no plan of the
/// run is evidence that a symbol exists, whichever config governs it.
#[test]
fn the_symbol_rules_follow_each_plans_config() {
    let repo = Repo::new();
    let snapshot = |names: &str| {
        format!("# Plan: A (a)\n\n## Current System Snapshot\n\n- `src/lib.rs` holds {names}.\n")
    };
    repo.write("src/lib.rs", "fn real() {}\n")
        .write(
            "off/plan-lint.toml",
            "[rules]\nsymbol-not-found = \"off\"\n",
        )
        .write(
            "off/EXPORT/plan_a.md",
            &snapshot("`planned_thing()` and `gone()`"),
        )
        .write("on/plan-lint.toml", "[contract]\nexport_dir = \"plans\"\n")
        .write(
            "on/plans/plan_a.md",
            &snapshot("`planned_thing()` and `real()`"),
        );
    let out = plan_lint()
        .current_dir(repo.path())
        .args(["--format", "short", "off", "on"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let pl307: Vec<&str> = stdout.lines().filter(|l| l.contains("PL307")).collect();
    assert_eq!(
        pl307,
        [
            "on/plans/plan_a.md:5:23: PL307 error: `planned_thing()` is not defined in the repository"
        ]
    );
}

/// Standard input is linted with the config of the file it stands for.
#[test]
fn standard_input_uses_the_config_of_its_stdin_filename() {
    let repo = two_teams();
    let run = |name: &str| {
        let out = plan_lint()
            .current_dir(repo.path())
            .args([
                "--format",
                "short",
                "--quiet",
                "-",
                "--stdin-filename",
                name,
            ])
            .write_stdin(PLAN)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| l.contains("PL101"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(run("cfg/EXPORT/plan_a.md"), Vec::<String>::new());
    assert_eq!(
        run("other/EXPORT/plan_a.md"),
        ["other/EXPORT/plan_a.md:3:9: PL101 [*] error: hedging: `should`"]
    );
}

/// `export` and `new` lint and scaffold with the config `check` will use on the written
/// plan: with `--dir`, the nearest config of that directory, not the current one's.
#[test]
fn export_and_new_use_the_config_of_their_directory() {
    let repo = Repo::new();
    repo.write(
        "cfg/plan-lint.toml",
        "[rules]\nPL101 = \"off\"\n[contract]\ntitle_prefix = \"Design:\"\n",
    );
    // `new` from the repository root into cfg/EXPORT: cfg's title prefix
    bare()
        .current_dir(repo.path())
        .args(["new", "rate-limits", "--dir", "cfg/EXPORT"])
        .assert()
        .code(0);
    let text = std::fs::read_to_string(repo.path().join("cfg/EXPORT/plan_rate-limits.md")).unwrap();
    assert!(
        text.starts_with("# Design: Rate Limits (rate-limits)\n"),
        "{text}"
    );
    // `export` into cfg/EXPORT: PL101 is off there, so the hedged plan exports cleanly
    repo.write("draft.md", "# Design: B (b)\n\nIt will should work.\n");
    let out = bare()
        .current_dir(repo.path())
        .args(["export", "draft.md", "--dir", "cfg/EXPORT", "--root", "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(!stderr.contains("PL101"), "{stderr}");
    assert!(
        repo.path().join("cfg/EXPORT/plan_b.md").is_file(),
        "{stderr}"
    );
    // the same export with --no-config uses the defaults: the title prefix is `Plan`
    let out = bare()
        .current_dir(repo.path())
        .args(["export", "draft.md", "--dir", "other/EXPORT", "--no-config"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}
