//! The corpus: 24 realistic plans (8 good, 16 with the mistakes AI planners make) for
//! a fake multi-language repository (`fixtures/corpus/`; `EXPECTED.md` lists what each
//! bad plan gets wrong). The snapshot holds every finding; it was reviewed line by line
//! for false positives. The good plans must stay clean.

use assert_cmd::Command;

fn lint_corpus() -> String {
    let out = Command::cargo_bin("plan-lint")
        .unwrap()
        .args([
            "--no-config",
            "--color=never",
            "--format",
            "short",
            "--root",
            "fixtures/corpus/repo",
            "fixtures/corpus/EXPORT",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the bad plans make the run fail"
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn corpus_findings_snapshot() {
    insta::assert_snapshot!("corpus_findings", lint_corpus());
}

#[test]
fn good_plans_are_clean_and_bad_plans_are_not() {
    let out = lint_corpus();
    let expected = std::fs::read_to_string("fixtures/corpus/EXPECTED.md").unwrap();
    let mut good = 0;
    let mut bad = 0;
    for line in expected.lines().filter(|l| l.starts_with("| `plan_")) {
        let file = line.split('`').nth(1).unwrap();
        if !file.ends_with(".md") || !(line.contains("| GOOD |") || line.contains("| BAD |")) {
            continue; // the notes tables name plans with line numbers
        }
        let found = out
            .lines()
            .any(|l| l.starts_with(&format!("fixtures/corpus/EXPORT/{file}:")));
        if line.contains("| GOOD |") {
            good += 1;
            assert!(!found, "{file} is a good plan but has findings:\n{out}");
        } else {
            bad += 1;
            assert!(found, "{file} is a bad plan but has no finding");
        }
    }
    assert_eq!((good, bad), (8, 16));
}
