//! The shared tester behind every rule's own test vectors (after oxc's linter).
//!
//! Each rule file ends with `pass` inputs (must produce no finding of the rule) and
//! `fail` inputs (must produce at least one); the rendered diagnostics of all fail cases
//! are snapshotted with insta, so a change in message, span or help is reviewed.

use crate::engine::config::Config;
use crate::engine::lint::Linter;
use crate::output;
use crate::rules::{self, Rule};
use crate::workspace::fs_view::FsView;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Tester {
    rule: &'static dyn Rule,
    pass: Vec<String>,
    fail: Vec<String>,
    fix: Vec<(String, String)>,
    path: PathBuf,
}

/// The small fake repository the filesystem rules are tested against.
pub fn fixture_repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repo")
}

impl Tester {
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

    pub fn pass(mut self, cases: &[&str]) -> Self {
        self.pass.extend(cases.iter().map(|s| s.to_string()));
        self
    }

    /// `(input, expected)` pairs: fixing `input` (safe and unsafe fixes of this rule)
    /// must give exactly `expected`, and re-linting it must show no fixable finding.
    pub fn fix(mut self, cases: &[(&str, &str)]) -> Self {
        self.fix
            .extend(cases.iter().map(|(a, b)| (a.to_string(), b.to_string())));
        self
    }

    pub fn fail(mut self, cases: &[&str]) -> Self {
        self.fail.extend(cases.iter().map(|s| s.to_string()));
        self
    }

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
        let lint = |src: &str| {
            let doc = crate::document::parse::parse(&self.path, Arc::from(src));
            // The run-level symbol scan, for this one input (PL307–PL309).
            let symbols = crate::analysis::symbol_refs::index_for(&linter, fs.root(), &[&doc]);
            let diags = linter.lint_document_with(&doc, &fs, Some(&self.path), symbols.as_ref());
            (doc, diags)
        };
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
            snapshot.push_str(&format!("── fail #{i} ──\n"));
            snapshot.push_str(&output::human::render_file(
                &doc,
                &diags,
                &output::human::Style::plain(),
            ));
        }
        for (i, (input, expected)) in self.fix.iter().enumerate() {
            let out = crate::engine::fix::fix_document(
                &linter,
                &fs,
                &self.path,
                Some(&self.path),
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
        if self.fail.is_empty() {
            return;
        }
        let name = name.to_string();
        insta::with_settings!({ prepend_module_to_snapshot => false, snapshot_path => "snapshots" }, {
            insta::assert_snapshot!(name, snapshot);
        });
    }
}

/// A plan that passes every rule, against [`fixture_repo`] (and against this
/// repository's own root, which has the same paths).
pub const CLEAN_PLAN: &str = include_str!("../../fixtures/clean/EXPORT/plan_rate-limits.md");
