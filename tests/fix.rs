//! Fixing: CLI behaviour (`--fix`, `--diff`, atomic writes, CRLF/BOM, export, new) and
//! property tests over generated and mutated plans.

use assert_cmd::Command;
use plan_lint::diagnostic::Fix;
use plan_lint::engine::config::Config;
use plan_lint::engine::fix::{FixMode, apply_fixes, fix_document};
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::workspace::fs_view::FsView;
use predicates::prelude::*;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[path = "support/plans.rs"]
mod plans;

#[path = "support/fix_check.rs"]
mod fix_check;

const CLEAN: &str = include_str!("../fixtures/clean/EXPORT/plan_rate-limits.md");

fn plan_lint() -> Command {
    let mut cmd = Command::cargo_bin("plan-lint").expect("binary builds");
    cmd.env_remove("NO_COLOR").arg("--color=never");
    cmd
}

/// For subcommands (`export`, `new`): no check flags before the subcommand name.
fn plan_lint_cmd() -> Command {
    Command::cargo_bin("plan-lint").expect("binary builds")
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repo")
}

/// A temporary repository (a copy of fixtures/repo) holding `EXPORT/plan_rate-limits.md`.
fn scratch(text: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo(), dir.path());
    let export = dir.path().join("EXPORT");
    std::fs::create_dir_all(&export).unwrap();
    let plan = export.join("plan_rate-limits.md");
    std::fs::write(&plan, text).unwrap();
    (dir, plan)
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn messy() -> String {
    CLEAN
        .replace("## Summary", "## summary")
        .replace("## Non-Goals", "## Non Goals")
        .replace(
            "| Install the limiter in `create_app()` | edit |",
            "| Install the limiter in `create_app()` | Modify |",
        )
        .replace(
            "- Functional: the 101st request",
            "- Functional: the API should answer the 101st request",
        )
}

#[test]
fn fix_repairs_safe_findings_and_keeps_the_rest() {
    let (dir, plan) = scratch(messy().as_bytes());
    plan_lint()
        .current_dir(dir.path())
        .args([
            "--no-config",
            "--fix",
            "--show-fixes",
            "--format",
            "short",
            "EXPORT",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("fixed PL006"))
        .stdout(predicate::str::contains("fixed PL101"))
        .stdout(predicate::str::contains("fixed PL202"))
        .stderr(predicate::str::contains("Fixed 4 findings in 1 file."));
    let fixed = std::fs::read_to_string(&plan).unwrap();
    assert_eq!(
        fixed,
        CLEAN.replace(
            "- Functional: the 101st request",
            "- Functional: the API must answer the 101st request"
        )
    );
}

#[test]
fn diff_prints_and_changes_nothing() {
    let (dir, plan) = scratch(messy().as_bytes());
    let before = std::fs::read(&plan).unwrap();
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--diff", "EXPORT"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("--- a/EXPORT/plan_rate-limits.md"))
        .stdout(predicate::str::contains("-## summary\n+## Summary"));
    assert_eq!(std::fs::read(&plan).unwrap(), before);
    // nothing to fix: exit 0, no diff
    let (dir, _) = scratch(CLEAN.as_bytes());
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--diff", "EXPORT"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn a_file_with_nothing_to_fix_is_not_touched() {
    let (dir, plan) = scratch(CLEAN.as_bytes());
    let before = std::fs::metadata(&plan).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--fix", "EXPORT"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::metadata(&plan).unwrap().modified().unwrap(),
        before
    );
}

#[test]
fn read_only_file_is_an_error_and_stays_unchanged() {
    let (dir, plan) = scratch(messy().as_bytes());
    let mut perm = std::fs::metadata(&plan).unwrap().permissions();
    perm.set_readonly(true);
    std::fs::set_permissions(&plan, perm).unwrap();
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--fix", "EXPORT"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("read-only"));
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), messy());
}

#[test]
fn crlf_and_bom_survive_fixing() {
    let crlf = format!("\u{feff}{}", messy().replace('\n', "\r\n"));
    let (dir, plan) = scratch(crlf.as_bytes());
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--fix", "EXPORT"])
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(&plan).unwrap();
    assert!(fixed.starts_with('\u{feff}'));
    assert!(
        !fixed.replace("\r\n", "").contains('\n'),
        "every line ending is still CRLF"
    );
    assert!(fixed.contains("## Summary\r\n"));
}

#[cfg(unix)]
#[test]
fn permissions_are_kept() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, plan) = scratch(messy().as_bytes());
    std::fs::set_permissions(&plan, std::fs::Permissions::from_mode(0o640)).unwrap();
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--fix", "EXPORT"])
        .assert()
        .code(0);
    assert_eq!(
        std::fs::metadata(&plan).unwrap().permissions().mode() & 0o777,
        0o640
    );
}

#[test]
fn unsafe_fixes_insert_missing_sections() {
    let without_goals = {
        let g = CLEAN.find("## Goals").unwrap();
        let ng = CLEAN.find("## Non-Goals").unwrap();
        format!("{}{}", &CLEAN[..g], &CLEAN[ng..])
    };
    let (dir, plan) = scratch(without_goals.as_bytes());
    // safe fixes only: the missing section stays missing
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--fix", "EXPORT"])
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), without_goals);
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--fix", "--unsafe-fixes", "EXPORT"])
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(&plan).unwrap();
    assert!(fixed.contains(
        "## Goals\n\n[0o0o NEEDS CONFIRMATION] What are the goals of this feature?\n\n## Non-Goals"
    ));
    assert!(fixed.ends_with(
        "## Open Questions\n\n- [0o0o NEEDS CONFIRMATION] What are the goals of this feature?\n"
    ));
}

#[test]
fn export_writes_refuses_to_overwrite_and_reads_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("draft.md");
    std::fs::write(&src, CLEAN).unwrap();
    plan_lint_cmd()
        .current_dir(dir.path())
        .args(["export", "draft.md", "--no-config", "--root"])
        .arg(repo())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("wrote EXPORT/plan_rate-limits.md"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("EXPORT/plan_rate-limits.md")).unwrap(),
        CLEAN
    );
    plan_lint_cmd()
        .current_dir(dir.path())
        .args(["export", "draft.md", "--no-config"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists; pass --force"));
    plan_lint_cmd()
        .current_dir(dir.path())
        .args(["export", "draft.md", "--no-config", "--force", "--root"])
        .arg(repo())
        .assert()
        .code(0);
    // from standard input, with --fix and another directory; the source is untouched
    plan_lint_cmd()
        .current_dir(dir.path())
        .args([
            "export",
            "-",
            "--no-config",
            "--fix",
            "--dir",
            "out",
            "--root",
        ])
        .arg(repo())
        .write_stdin(messy().replace("(rate-limits)", "(Rate_Limits)"))
        .assert()
        // `out/` is not a directory named EXPORT: the export is written, PL003 says so
        .code(1)
        .stdout(predicate::str::contains("PL003(file-name)"))
        .stdout(predicate::str::contains("wrote out/plan_rate-limits.md"));
    assert!(
        std::fs::read_to_string(dir.path().join("out/plan_rate-limits.md"))
            .unwrap()
            .contains("## Summary\n")
    );
}

#[test]
fn export_refuses_a_bad_slug() {
    let dir = tempfile::tempdir().unwrap();
    plan_lint_cmd()
        .current_dir(dir.path())
        .args(["export", "-", "--no-config", "--slug", "Bad_Slug"])
        .write_stdin(CLEAN)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`Bad_Slug` is not a valid feat_name",
        ));
    plan_lint_cmd()
        .current_dir(dir.path())
        .args(["export", "-", "--no-config"])
        .write_stdin("# No title slug\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pass --slug"));
    assert!(!dir.path().join("EXPORT").exists());
}

#[test]
fn new_scaffolds_a_plan_that_lints_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    plan_lint_cmd()
        .current_dir(dir.path())
        .args([
            "new",
            "rate-limits",
            "--no-config",
            "--title",
            "Rate Limits",
        ])
        .assert()
        .code(0)
        .stdout("wrote EXPORT/plan_rate-limits.md\n");
    let text = std::fs::read_to_string(dir.path().join("EXPORT/plan_rate-limits.md")).unwrap();
    assert!(text.starts_with(
        "# Plan: Rate Limits (rate-limits)\n\n## Summary\n\n[0o0o NEEDS CONFIRMATION] "
    ));
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--format", "short", "--root", "."])
        .assert()
        .code(0);
    plan_lint_cmd()
        .current_dir(dir.path())
        .args(["new", "rate-limits", "--no-config"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("never overwrites"));
    plan_lint_cmd()
        .current_dir(dir.path())
        .args(["new", "Not A Slug", "--no-config"])
        .assert()
        .code(2);
}

// ---- properties -------------------------------------------------------------------

fn linter() -> Linter {
    Linter::new(Config::defaults(".".into()), &Selection::default()).unwrap()
}

/// Mutations planners make, applied to the clean plan.
fn mutate(text: &str, ops: &[(u8, u16)]) -> String {
    let mut t = text.to_string();
    for &(op, seed) in ops {
        let at = if t.is_empty() {
            0
        } else {
            (seed as usize) % t.len()
        };
        let at = (0..=at).rev().find(|&i| t.is_char_boundary(i)).unwrap_or(0);
        match op % 19 {
            0 => t = t.replacen("must", "should", 1),
            1 => t = t.replacen("## Goals", "## goals", 1),
            2 => {
                t = t.replacen(
                    "## Assumptions & Constraints",
                    "## Assumptions and Constraints",
                    1,
                )
            }
            3 => t = t.replacen("| edit |", "| Modify |", 1),
            4 => t = t.replacen("| new |", "| create |", 1),
            5 => t = t.replacen("(rate-limits)", "(Rate_Limits)", 1),
            6 => {
                // swap two sections
                if let (Some(a), Some(b), Some(c)) = (
                    t.find("## Goals"),
                    t.find("## Non-Goals"),
                    t.find("## Requirements"),
                ) && a < b
                    && b < c
                {
                    t = format!("{}{}{}{}", &t[..a], &t[b..c], &t[a..b], &t[c..]);
                }
            }
            7 => {
                if let (Some(a), Some(b)) = (
                    t.find("## Testing Plan"),
                    t.find("## Verification Checklist"),
                ) && a < b
                {
                    t = format!("{}{}", &t[..a], &t[b..]);
                }
            }
            8 => t = t.replace("\r\n", "\n").replace('\n', "\r\n"),
            9 => {
                if !t.starts_with('\u{feff}') {
                    t.insert(0, '\u{feff}');
                }
            }
            10 => t.insert_str(at, " It might fail; it shouldn't. "),
            11 => t.insert_str(at, "é→🚦 `x` \\| "),
            12 => t.insert_str(at, "\n## Implementation Plan (numbered steps)\n"),
            // A title named with hedging words; a question; a near miss of the
            // marker; change types whose canonical form contradicts the path.
            14 => {
                t = t.replacen(
                    "# Plan: Rate Limits (rate-limits)",
                    "# Plan: Should Retry (should-retry)",
                    1,
                )
            }
            15 => t.insert_str(at, "\n\n- Should expired codes be logged? It might.\n\n"),
            16 => t.insert_str(at, "\n\n[NEEDS CONFIRMATION] Which limit applies?\n\n"),
            17 => t = t.replacen("| edit |", "| Create |", 1),
            18 => t = t.replacen("| new |", "| Modify |", 1),
            _ => t.insert_str(at, "\n| a | b |\n|---|---|\n| `SRC/x.rs` | should |\n"),
        }
    }
    t
}

fn fix(text: &str, mode: FixMode) -> plan_lint::engine::fix::FixOutcome {
    let fs = FsView::new(repo());
    let path = Path::new("EXPORT/plan_rate-limits.md");
    fix_document(&linter(), &fs, path, Some(path), text, mode)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, .. ProptestConfig::default() })]

    /// The fix invariant (tests/support/fix_check.rs) on mutated plans, both modes: no
    /// finding after fixing that did not exist before, and a second run changes nothing.
    #[test]
    fn fixing_adds_no_finding_and_is_finished_in_one_run(ops in prop::collection::vec((any::<u8>(), any::<u16>()), 0..6)) {
        let input = mutate(CLEAN, &ops);
        let fs = FsView::new(repo());
        let path = Path::new("EXPORT/plan_rate-limits.md");
        let linter = linter();
        let subject = fix_check::Subject { linter: &linter, fs: &fs, path, rel: Some(path), symbols: None };
        if let Err(e) = subject.check(&input) {
            prop_assert!(false, "{}\ninput:\n{}", e, input);
        }
    }

    #[test]
    fn fixing_keeps_the_plan_shape(ops in prop::collection::vec((any::<u8>(), any::<u16>()), 0..6), unsafe_fixes in any::<bool>()) {
        let input = mutate(CLEAN, &ops);
        let mode = if unsafe_fixes { FixMode::Unsafe } else { FixMode::Safe };
        let once = fix(&input, mode);
        // The output still parses into a plan with its title and at least as many sections.
        let doc = plan_lint::document::parse::parse(Path::new("p.md"), Arc::from(once.output.as_str()));
        let before = plan_lint::document::parse::parse(Path::new("p.md"), Arc::from(input.as_str()));
        prop_assert_eq!(doc.title().is_some(), before.title().is_some());
        prop_assert!(doc.sections.len() >= before.sections.len());
        // A BOM and CRLF line endings survive.
        prop_assert_eq!(once.output.starts_with('\u{feff}'), input.starts_with('\u{feff}'));
        if input.contains("\r\n") && !input.replace("\r\n", "").contains('\n') {
            prop_assert!(!once.output.replace("\r\n", "").contains('\n'));
        }
    }

    #[test]
    fn bytes_outside_edits_are_preserved(ops in prop::collection::vec((any::<u8>(), any::<u16>()), 1..6)) {
        let input = mutate(CLEAN, &ops);
        if let Err(e) = outside_edits_preserved(&input) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// One pass of every fix of `input`: the bytes between the applied edits must appear
/// unchanged, in order, at their shifted offsets in the output.
fn outside_edits_preserved(input: &str) -> Result<(), String> {
    let fs = FsView::new(repo());
    let path = Path::new("EXPORT/plan_rate-limits.md");
    let doc = plan_lint::document::parse::parse(path, Arc::from(input));
    let diags = linter().lint_document(&doc, &fs, Some(path));
    let fixes: Vec<&Fix> = diags.iter().filter_map(|d| d.fix.as_ref()).collect();
    let (output, used) = apply_fixes(input, &fixes);
    // A fix shared by several findings is applied once (and counted for each).
    let mut seen = std::collections::HashSet::new();
    let mut edits: Vec<_> = used
        .iter()
        .filter(|&&i| seen.insert(&fixes[i].edits))
        .flat_map(|&i| fixes[i].edits.iter())
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let (mut src_at, mut out_at) = (0usize, 0usize);
    for e in &edits {
        let gap = &input[src_at..e.span.start];
        if output.get(out_at..out_at + gap.len()) != Some(gap) {
            return Err(format!("bytes {src_at}..{} changed", e.span.start));
        }
        out_at += gap.len() + e.replacement.len();
        src_at = e.span.end;
    }
    if output.get(out_at..) != Some(&input[src_at..]) {
        return Err(format!("the tail from byte {src_at} changed"));
    }
    Ok(())
}

/// The clean plan with its sections reversed: PL005's one fix for 13 findings (moves of
/// whole sections) keeps every byte it does not move.
#[test]
fn bytes_outside_edits_are_preserved_when_one_fix_serves_many_findings() {
    let reversed = plans::sections_reversed(CLEAN);
    outside_edits_preserved(&reversed).unwrap();
}

#[test]
fn after_fix_no_safe_fix_is_left_on_any_fixture() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo(), dir.path());
    let export = dir.path().join("EXPORT");
    std::fs::create_dir_all(&export).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources: Vec<PathBuf> = vec![root.join("fixtures/messy/EXPORT/plan_messy.md")];
    for entry in std::fs::read_dir(root.join("fixtures/rules")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "md") {
            sources.push(p);
        }
    }
    for (i, src) in sources.iter().enumerate() {
        std::fs::copy(src, export.join(format!("plan_f{i}.md"))).unwrap();
    }
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--fix", "--quiet", "EXPORT"])
        .assert()
        .code(predicate::in_iter([0, 1]));
    // Nothing safe is left to fix, and fixing again changes nothing.
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--diff", "EXPORT"])
        .assert()
        .code(0)
        .stdout("");
}

/// The title is a name: `new` writes a plan that lints clean for slugs and titles made
/// of lexicon words, and neither `--fix` nor `--unsafe-fixes` rewrites its name or slug
/// (`should-retry` once became `must-retry`, and then failed PL003).
#[test]
fn new_plans_named_with_lexicon_words_lint_clean_and_fixing_keeps_the_name() {
    let cases: &[(&str, Option<&str>)] = &[
        ("m-should", None),
        ("might-be-maybe", None),
        ("etc-files", None),
        ("should-retry", Some("Should Retry")),
        ("as-discussed-above", None),
        ("see-above", Some("See Above, Maybe")),
        ("todo-sync", Some("TODO Sync")),
        (
            "x-y",
            Some("Shouldn't We Probably Retry, etc., As Discussed"),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (slug, title) in cases {
        let mut cmd = plan_lint_cmd();
        cmd.current_dir(dir.path())
            .args(["new", slug, "--no-config"]);
        if let Some(t) = title {
            cmd.args(["--title", t]);
        }
        cmd.assert()
            .code(0)
            .stdout(format!("wrote EXPORT/plan_{slug}.md\n"));
    }
    let texts = |dir: &Path| -> Vec<String> {
        cases
            .iter()
            .map(|(slug, _)| {
                std::fs::read_to_string(dir.join(format!("EXPORT/plan_{slug}.md"))).unwrap()
            })
            .collect()
    };
    let before = texts(dir.path());
    assert!(before[3].starts_with("# Plan: Should Retry (should-retry)\n"));
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--format", "short", "--root", "."])
        .assert()
        .code(0)
        .stdout("");
    for extra in [&[][..], &["--unsafe-fixes"][..]] {
        plan_lint()
            .current_dir(dir.path())
            .args(["--no-config", "--fix", "--format", "short", "--root", "."])
            .args(extra)
            .assert()
            .code(0)
            .stdout("");
        assert_eq!(
            texts(dir.path()),
            before,
            "fixing changed a scaffold ({extra:?})"
        );
    }
}

/// `--fix` on a plan whose title holds `should` rewrites the body's `should`, never the
/// title's name or slug.
#[test]
fn fix_never_rewrites_the_title() {
    let text = CLEAN
        .replace(
            "# Plan: Rate Limits (rate-limits)",
            "# Plan: Should Retry (should-retry)",
        )
        .replace(
            "- Functional: the 101st request",
            "- Functional: the API should answer the 101st request",
        );
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo(), dir.path());
    std::fs::create_dir_all(dir.path().join("EXPORT")).unwrap();
    let plan = dir.path().join("EXPORT/plan_should-retry.md");
    std::fs::write(&plan, &text).unwrap();
    plan_lint()
        .current_dir(dir.path())
        .args([
            "--no-config",
            "--fix",
            "--show-fixes",
            "--format",
            "short",
            "EXPORT",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "fixed PL101: Replace `should` with `must`",
        ));
    let fixed = std::fs::read_to_string(&plan).unwrap();
    assert!(fixed.starts_with("# Plan: Should Retry (should-retry)\n"));
    assert_eq!(
        fixed,
        text.replace("the API should answer", "the API must answer")
    );
}

/// `fixtures/messy` is `plan_messy.md` titled `(Messy_Export)`: the slug fix needs the
/// file renamed too, so `--fix` (and `--unsafe-fixes`) leaves the slug, reveals no
/// PL003, and the help names the rename.
#[test]
fn a_slug_fix_that_needs_a_rename_is_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("EXPORT");
    std::fs::create_dir_all(&export).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/messy/EXPORT/plan_messy.md");
    std::fs::copy(&src, export.join("plan_messy.md")).unwrap();
    for extra in [&[][..], &["--unsafe-fixes"][..]] {
        let out = plan_lint()
            .current_dir(dir.path())
            .args([
                "--no-config",
                "--fix",
                "--format",
                "short",
                "--root",
                ".",
                "EXPORT",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.contains(
                "EXPORT/plan_messy.md:1:23: PL002 error: `Messy_Export` is not a kebab-case slug"
            ),
            "{stdout}"
        );
        // PL003 was reported before the fix as well (against the slug as PL002 would
        // fix it): it is not revealed by fixing.
        assert!(
            stdout.contains("EXPORT/plan_messy.md:1:23: PL003 error"),
            "{stdout}"
        );
        let fixed = std::fs::read_to_string(export.join("plan_messy.md")).unwrap();
        assert!(fixed.starts_with("# Plan: Messy Export (Messy_Export)\n"));
    }
    plan_lint()
        .current_dir(dir.path())
        .args(["--no-config", "--select", "PL002", "--root", ".", "EXPORT"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "git mv EXPORT/plan_messy.md EXPORT/plan_messy-export.md",
        ));
}

/// Questions are never rewritten: `- Should expired codes be logged?` once became
/// `- Must expired codes be logged?` (a question turned into an order). Every shape of
/// question keeps its words under `--fix` and `--fix --unsafe-fixes`; the statement
/// next to them is still fixed.
#[test]
fn questions_keep_their_words_under_every_fix_mode() {
    let long = format!(
        "- Should expired codes be logged to {}stderr?",
        "x ".repeat(300)
    );
    let questions = [
        "- Should expired codes be logged?",
        "- Might expired codes be logged?",
        "- Why should expired codes be logged?",
        "- Should expired codes be logged？",
        "- Should expired codes be logged?!",
        "- Should expired codes be logged?<br>",
        "- Should expired codes be logged at approx. 5 min. intervals?",
        "- Should expired codes be logged to /var/log/app. or to stdout?",
        "- Should we use `x?` here",
        "- Should expired codes be logged (see RFC 6749, sec. 4.1)?",
        "- It should log them, shouldn't it?",
        long.as_str(),
    ];
    let body = format!(
        "{}\n- The job should log expired codes.\n",
        questions.join("\n")
    );
    let text = CLEAN.replace("## Non-Goals", &format!("{body}\n## Non-Goals"));
    for extra in [&[][..], &["--unsafe-fixes"][..]] {
        let (dir, plan) = scratch(text.as_bytes());
        plan_lint()
            .current_dir(dir.path())
            .args(["--no-config", "--fix", "--quiet", "EXPORT"])
            .args(extra)
            .assert()
            .code(predicate::in_iter([0, 1]));
        let fixed = std::fs::read_to_string(&plan).unwrap();
        for q in &questions {
            assert!(fixed.contains(&format!("{q}\n")), "{extra:?} rewrote {q:?}");
        }
        assert!(
            fixed.contains("- The job must log expired codes.\n"),
            "{extra:?}"
        );
    }
}
