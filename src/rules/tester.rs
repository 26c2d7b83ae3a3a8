//! The shared tester behind every rule's own test vectors (after oxc's linter).
//!
//! Each rule file ends with `pass` inputs (must produce no finding of the rule) and
//! `fail` inputs (must produce at least one); the rendered diagnostics of all fail cases
//! are snapshotted with insta, so a change in message, span or help is reviewed; `fix`
//! cases (input, expected output) are fixed and their output snapshotted too.
//!
//! The vectors are checked against the rule's fix declaration ([`RuleMeta::fix`], after
//! oxc): a rule that declares a fix must have a fix case, and some finding of its
//! vectors must reach the declared tier and none exceed it; an `Always` rule's findings
//! all carry a fix; a rule that declares none has no fix case and no finding with a fix.
//!
//! [`RuleMeta::fix`]: crate::rules::RuleMeta::fix

use crate::diagnostic::{Applicability, Diagnostic};
use crate::engine::config::Config;
use crate::engine::lint::Linter;
use crate::output;
use crate::rules::{self, FixAvailability, Rule};
use crate::workspace::fs_view::FsView;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The test vectors of one rule, built up by the rule's test and run by
/// [`Tester::test_and_snapshot`].
pub struct Tester {
    rule: &'static dyn Rule,
    pass: Vec<String>,
    fail: Vec<String>,
    /// (path when not [`Tester::path`]'s, input, expected).
    fix: Vec<(Option<PathBuf>, String, String)>,
    path: PathBuf,
}

/// The small fake repository the filesystem rules are tested against.
pub fn fixture_repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repo")
}

impl Tester {
    /// A tester for the rule with code `code` (panics when there is none).
    pub fn new(code: &str) -> Self {
        let rule = rules::find(code).unwrap_or_else(|| panic!("no rule {code}"));
        Tester {
            rule,
            pass: Vec::new(),
            fail: Vec::new(),
            fix: Vec::new(),
            path: PathBuf::from("EXPORT/plan_a.md"),
        }
    }

    /// The path the inputs are linted as (default `EXPORT/plan_a.md`).
    pub fn path(mut self, path: &str) -> Self {
        self.path = PathBuf::from(path);
        self
    }

    /// Inputs that must produce no finding of the rule.
    pub fn pass(mut self, cases: &[&str]) -> Self {
        self.pass.extend(cases.iter().map(|s| s.to_string()));
        self
    }

    /// `(input, expected)` pairs: fixing `input` (safe and unsafe fixes of this rule)
    /// must give exactly `expected` (not `input`), and re-linting it must show no
    /// fixable finding.
    pub fn fix(mut self, cases: &[(&str, &str)]) -> Self {
        self.fix.extend(
            cases
                .iter()
                .map(|(a, b)| (None, a.to_string(), b.to_string())),
        );
        self
    }

    /// Like [`Tester::fix`], with the inputs linted as `path` (for a rule whose fix
    /// depends on the file's name).
    pub fn fix_at(mut self, path: &str, cases: &[(&str, &str)]) -> Self {
        self.fix.extend(
            cases
                .iter()
                .map(|(a, b)| (Some(PathBuf::from(path)), a.to_string(), b.to_string())),
        );
        self
    }

    /// Inputs that must each produce at least one finding of the rule.
    pub fn fail(mut self, cases: &[&str]) -> Self {
        self.fail.extend(cases.iter().map(|s| s.to_string()));
        self
    }

    /// Runs every case, checks the fix declaration, and snapshots the fail cases'
    /// rendered findings and the fix cases' output under the rule's code.
    pub fn test_and_snapshot(self) {
        let name = self.rule.code().to_string();
        self.test_and_snapshot_named(&name);
    }

    /// Like [`Tester::test_and_snapshot`], with an explicit snapshot name (for rules
    /// tested under several paths).
    pub fn test_and_snapshot_named(self, name: &str) {
        let config = Config::defaults(PathBuf::from("."));
        let linter = Linter::with_rules(config, vec![(self.rule, self.rule.meta().severity)]);
        let fs = FsView::new(fixture_repo());
        let lint_at = |path: &Path, src: &str| {
            let doc = crate::document::parse::parse(path, Arc::from(src));
            // The run-level symbol scan, for this one input (PL307–PL309).
            let symbols = crate::analysis::symbol_refs::index_for(&linter, fs.root(), &[&doc]);
            let diags = linter.lint_document_with(&doc, &fs, Some(path), symbols.as_ref());
            (doc, diags)
        };
        let lint = |src: &str| lint_at(&self.path, src);
        // The findings of the fail cases and of the fix inputs, for the fix declaration.
        let mut findings: Vec<Diagnostic> = Vec::new();
        for (i, case) in self.pass.iter().enumerate() {
            let (_, diags) = lint(case);
            assert!(
                diags.is_empty(),
                "{} pass case #{i} produced findings:\n{case}\n---\n{diags:#?}",
                self.rule.code()
            );
        }
        let mut snapshot = String::new();
        for (i, case) in self.fail.iter().enumerate() {
            let (doc, diags) = lint(case);
            assert!(
                !diags.is_empty(),
                "{} fail case #{i} produced no finding:\n{case}",
                self.rule.code()
            );
            for d in &diags {
                assert_eq!(d.code, self.rule.code());
                assert!(
                    d.span.end <= case.len()
                        && case.is_char_boundary(d.span.start)
                        && case.is_char_boundary(d.span.end)
                );
            }
            findings.extend(diags.iter().cloned());
            snapshot.push_str(&format!("── fail #{i} ──\n"));
            snapshot.push_str(&output::human::render_file(
                &doc,
                &diags,
                &output::human::Style::plain(),
            ));
        }
        for (i, (path, input, expected)) in self.fix.iter().enumerate() {
            let path = path.as_deref().unwrap_or(&self.path);
            findings.extend(lint_at(path, input).1);
            assert_ne!(
                input,
                expected,
                "{} fix case #{i}: the input is its own expected output (nothing to fix)",
                self.rule.code()
            );
            let out = crate::engine::fix::fix_document(
                &linter,
                &fs,
                path,
                Some(path),
                input,
                crate::engine::fix::FixMode::Unsafe,
            );
            assert_eq!(
                &out.output,
                expected,
                "{} fix case #{i}: unexpected output",
                self.rule.code()
            );
            assert!(
                out.converged,
                "{} fix case #{i} did not converge",
                self.rule.code()
            );
            assert!(
                out.remaining.iter().all(|d| d.fix.as_ref().is_none_or(
                    |f| f.applicability == crate::diagnostic::Applicability::Suggestion
                )),
                "{} fix case #{i}: fixable findings remain: {:#?}",
                self.rule.code(),
                out.remaining
            );
            let mut snap = format!("── input ──\n{input}── output ──\n{}", out.output);
            for a in &out.applied {
                snap.push_str(&format!("── applied: line {}: {}\n", a.line, a.message));
            }
            let name = format!("{name}-fix-{i}");
            insta::with_settings!({ prepend_module_to_snapshot => false, snapshot_path => "snapshots" }, {
                insta::assert_snapshot!(name, snap);
            });
        }
        self.check_fix_declaration(&findings);
        if self.fail.is_empty() {
            return;
        }
        let name = name.to_string();
        insta::with_settings!({ prepend_module_to_snapshot => false, snapshot_path => "snapshots" }, {
            insta::assert_snapshot!(name, snapshot);
        });
    }
}

impl Tester {
    /// The rule's [`FixAvailability`] agrees with its vectors: `findings` are those of
    /// the fail cases and of the fix inputs.
    fn check_fix_declaration(&self, findings: &[Diagnostic]) {
        let code = self.rule.code();
        let declared = self.rule.meta().fix;
        let mut highest: Option<Applicability> = None;
        for d in findings {
            match (declared, &d.fix) {
                (FixAvailability::None, Some(f)) => panic!(
                    "{code} declares no fix, but a finding of its vectors carries one ({}): {d:#?}",
                    f.applicability
                ),
                (FixAvailability::Always(_), None) => panic!(
                    "{code} declares a fix for every finding (Always), but this one has none: {d:#?}"
                ),
                (FixAvailability::Sometimes(max) | FixAvailability::Always(max), Some(f)) => {
                    assert!(
                        f.applicability <= max,
                        "{code} declares fixes of at most {max}, but a finding carries a {} fix: {d:#?}",
                        f.applicability
                    );
                }
                _ => {}
            }
            highest = highest.max(d.fix.as_ref().map(|f| f.applicability));
        }
        match declared.applicability() {
            None => assert!(
                self.fix.is_empty(),
                "{code} declares no fix, but its vectors have {} fix case(s)",
                self.fix.len()
            ),
            Some(max) => {
                assert!(
                    !self.fix.is_empty(),
                    "{code} declares a fix ({declared:?}), but its vectors have no fix case"
                );
                assert_eq!(
                    highest,
                    Some(max),
                    "{code} declares fixes of up to {max}, but the highest its vectors show is {highest:?}"
                );
            }
        }
    }
}

/// A plan that passes every rule, against [`fixture_repo`] (and against this
/// repository's own root, which has the same paths).
pub const CLEAN_PLAN: &str = include_str!("../../fixtures/clean/EXPORT/plan_rate-limits.md");
