//! `plan_lint::run` from code, without the command line: the fixtures' verdicts, what
//! a report holds, and errors as values.

use plan_lint::engine::fix::FixMode;
use plan_lint::engine::run::{ConfigChoice, Fixing, Notice, RunError};
use plan_lint::{ExitStatus, Options, Severity};
use std::path::PathBuf;

fn options(paths: &[&str]) -> Options {
    let mut o = Options::new(paths.iter().map(PathBuf::from).collect(), ".");
    o.config = ConfigChoice::Defaults;
    o
}

#[test]
fn clean_plans_succeed() {
    let mut o = options(&["fixtures/clean"]);
    o.root = Some("fixtures/repo".into());
    let report = plan_lint::run(&o).unwrap();
    assert_eq!(report.files.len(), 1);
    let file = &report.files[0];
    assert_eq!(
        file.path,
        PathBuf::from("fixtures/clean/EXPORT/plan_rate-limits.md")
    );
    assert!(file.document.is_some() && file.failure.is_none());
    assert!(file.diagnostics.is_empty(), "{:?}", file.diagnostics);
    assert_eq!(report.summary.totals.files, 1);
    assert_eq!(report.exit_status(), ExitStatus::Success);
    assert_eq!(report.exit_status().code(), 0);
}

#[test]
fn messy_plans_have_findings() {
    let report = plan_lint::run(&options(&["fixtures/messy"])).unwrap();
    assert_eq!(report.exit_status(), ExitStatus::Findings);
    assert_eq!(report.exit_status().code(), 1);
    let file = &report.files[0];
    assert!(
        file.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    );
    let t = report.summary.totals;
    assert_eq!(t.errors + t.warnings, file.diagnostics.len());
    let per_rule: usize = report.summary.per_rule.values().sum();
    assert_eq!(per_rule, file.diagnostics.len());
    // the document the diagnostics point into is the one the run parsed
    let doc = file.document.as_ref().unwrap();
    assert!(
        file.diagnostics
            .iter()
            .all(|d| d.span.end <= doc.source.len())
    );
}

#[test]
fn a_missing_path_is_an_error() {
    match plan_lint::run(&options(&["fixtures/no-such-dir/plan_x.md"])) {
        // discovery refuses it
        Err(RunError::Usage(m)) => assert!(m.contains("no-such-dir"), "{m}"),
        // or it is a file that cannot be read
        Ok(report) => {
            assert_eq!(report.exit_status(), ExitStatus::Error);
            assert_eq!(report.exit_status().code(), 2);
        }
        Err(e) => panic!("unexpected error: {e}"),
    }
}

#[test]
fn an_unreadable_file_is_a_file_error() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan_bin.md");
    std::fs::write(&plan, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let mut o = options(&[plan.to_str().unwrap()]);
    o.cwd = dir.path().to_path_buf();
    let report = plan_lint::run(&o).unwrap();
    let file = &report.files[0];
    assert!(file.document.is_none());
    assert!(file.failure.is_some());
    assert_eq!(report.summary.totals.failed, 1);
    assert_eq!(report.exit_status(), ExitStatus::Error);
}

#[test]
fn usage_errors_are_values() {
    let mut o = options(&["fixtures/messy"]);
    o.threads = Some(0);
    assert!(matches!(plan_lint::run(&o), Err(RunError::Usage(m)) if m.contains("--threads")));
    let mut o = options(&["fixtures/messy"]);
    o.selection.select = Some(vec!["PL999999".into()]);
    assert!(matches!(plan_lint::run(&o), Err(RunError::Usage(m)) if m.contains("PL999999")));
    let mut o = options(&["fixtures/messy"]);
    o.config = ConfigChoice::File("fixtures/no-such-config.toml".into());
    assert!(matches!(plan_lint::run(&o), Err(RunError::Config(_))));
}

#[test]
fn standard_input_from_code_and_diff_mode() {
    let mut o = options(&["-"]);
    o.stdin = Some("# Plan: A (a)\n\nIt should work.\n".into());
    o.stdin_filename = Some("EXPORT/plan_a.md".into());
    o.fixing = Fixing::Diff(FixMode::Safe);
    let report = plan_lint::run(&o).unwrap();
    let file = &report.files[0];
    assert!(file.stdin);
    assert_eq!(file.path, PathBuf::from("EXPORT/plan_a.md"));
    let fix = file.fix.as_ref().expect("diff mode fixes");
    assert_eq!(&*fix.original, "# Plan: A (a)\n\nIt should work.\n");
    // PL101 (hedging) is found: fixed (a safe fix) or left for the reader
    let hedging_fixed = fix.applied.iter().any(|a| a.code == "PL101");
    let hedging_left = file.diagnostics.iter().any(|d| d.code == "PL101");
    assert!(hedging_fixed || hedging_left, "{fix:?}");
    assert_eq!(fix.changed(), !fix.applied.is_empty());
    assert_eq!(report.summary.changed_files, usize::from(fix.changed()));
    assert_eq!(report.summary.fixed, fix.applied.len());
    // with --diff nothing is written, and a change makes the verdict `Findings`
    let expected = if fix.changed() {
        ExitStatus::Findings
    } else {
        ExitStatus::Success
    };
    assert_eq!(report.exit_status(), expected);
}

#[test]
fn an_empty_directory_is_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let mut o = options(&[dir.path().to_str().unwrap()]);
    o.cwd = dir.path().to_path_buf();
    let report = plan_lint::run(&o).unwrap();
    assert!(report.files.is_empty());
    assert!(matches!(&report.notices[..], [Notice::NoPlans { .. }]));
    assert_eq!(report.exit_status(), ExitStatus::Success);
}

#[test]
fn the_report_is_the_same_for_any_thread_count() {
    let summarise = |threads| {
        let mut o = options(&["fixtures/corpus/EXPORT"]);
        o.root = Some("fixtures/corpus/repo".into());
        o.threads = Some(threads);
        let r = plan_lint::run(&o).unwrap();
        let files: Vec<String> = r
            .files
            .iter()
            .map(|f| format!("{} {:?}", f.path.display(), f.diagnostics))
            .collect();
        (files, r.summary)
    };
    assert_eq!(summarise(1), summarise(3));
}
