//! The rule engine: which rules run, at what severity, and running them over one
//! document (rules in parallel), with a deterministic output order. After the rules
//! ran, the document's suppression comments (`crate::analysis::suppress`) drop the findings
//! they cover, and the rules of [`Phase::Suppressions`] run over them: PL901
//! `unknown-suppression` and (with [`Linter::with_report_unused_disables`]) PL902
//! `unused-suppression`.

use crate::analysis::impact::Impact;
use crate::analysis::outline::Outline;
use crate::analysis::steps::Steps;
use crate::analysis::suppress::Suppressions;
use crate::diagnostic::RuleLevel;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::model::Document;
use crate::engine::config::Config;
use crate::rules::{self, Context, Phase, Rule, SuppressionContext};
use crate::workspace::fs_view::FsView;
use crate::workspace::symbol_index::SymbolIndex;
use rayon::prelude::*;
use std::path::Path;

/// Rule selection from the command line (`--select`, `--ignore`), on top of the config.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// When set, only these rules run (codes, code prefixes like `PL1`, or names).
    pub select: Option<Vec<String>>,
    /// Rules that do not run (codes, code prefixes or names), after `select`.
    pub ignore: Vec<String>,
}

/// An unknown rule code or prefix on the command line.
#[derive(Debug, Clone)]
pub struct UnknownRule(pub String);

impl std::fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown rule or prefix `{}` (run `plan-lint rules` for the list)",
            self.0
        )
    }
}

impl std::error::Error for UnknownRule {}

/// A configured set of rules and the contract they check.
pub struct Linter {
    /// The configuration the linter was built from.
    pub config: Config,
    rules: Vec<(&'static dyn Rule, Severity)>,
    /// Whether PL902 `unused-suppression` is reported (when it is also active):
    /// `--report-unused-disables`. Off by default.
    pub report_unused_disables: bool,
}

impl crate::analysis::symbol_refs::ScanSettings for Linter {
    fn rule_active(&self, code: &str) -> bool {
        self.rules.iter().any(|(r, _)| r.code() == code)
    }

    fn contract(&self) -> &crate::contract::Contract {
        &self.config.contract
    }
}

impl Linter {
    /// Rules from the config's `[rules]` table, then the command-line selection.
    pub fn new(config: Config, selection: &Selection) -> Result<Self, UnknownRule> {
        let expand = |keys: &[String]| -> Result<Vec<&'static str>, UnknownRule> {
            let mut codes = Vec::new();
            for k in keys {
                let found = rules::matching(k.trim());
                if found.is_empty() {
                    return Err(UnknownRule(k.clone()));
                }
                codes.extend(found.iter().map(|r| r.code()));
            }
            Ok(codes)
        };
        let selected = selection.select.as_deref().map(expand).transpose()?;
        let ignored = expand(&selection.ignore)?;
        let mut active = Vec::new();
        for &rule in rules::all() {
            let configured = config
                .rules
                .iter()
                .rev()
                .find(|(c, _)| *c == rule.code())
                .map(|(_, l)| *l);
            let severity = match (&selected, configured) {
                (Some(sel), level) if sel.contains(&rule.code()) => level
                    .and_then(RuleLevel::severity)
                    .unwrap_or(rule.meta().severity),
                (Some(_), _) => continue,
                (None, Some(level)) => match level.severity() {
                    Some(s) => s,
                    None => continue,
                },
                (None, None) => rule.meta().severity,
            };
            if ignored.contains(&rule.code()) {
                continue;
            }
            active.push((rule, severity));
        }
        Ok(Linter {
            config,
            rules: active,
            report_unused_disables: false,
        })
    }

    /// A linter running exactly `rules` (used by tests and tools).
    pub fn with_rules(config: Config, rules: Vec<(&'static dyn Rule, Severity)>) -> Self {
        Linter {
            config,
            rules,
            report_unused_disables: false,
        }
    }

    /// Reports suppression comments that suppress nothing (PL902, when it is active).
    pub fn with_report_unused_disables(mut self, on: bool) -> Self {
        self.report_unused_disables = on;
        self
    }

    /// The active rules and their severities.
    pub fn rules(&self) -> &[(&'static dyn Rule, Severity)] {
        &self.rules
    }

    /// Runs every active [`Phase::Document`] rule over `doc`, drops the findings its
    /// suppression comments cover, then runs the active [`Phase::Suppressions`] rules
    /// (PL901/PL902) over the comments. `rel_path` is the plan's path
    /// relative to the repository root. Diagnostics come back sorted by position, then
    /// code.
    pub fn lint_document(
        &self,
        doc: &Document,
        fs: &FsView,
        rel_path: Option<&Path>,
    ) -> Vec<Diagnostic> {
        self.lint_document_with(doc, fs, rel_path, None)
    }

    /// [`Linter::lint_document`] with the run's symbol index (built once per run by
    /// [`crate::workspace::symbol_index::SymbolIndex::scan`]); without one, PL307–PL309 report nothing.
    pub fn lint_document_with(
        &self,
        doc: &Document,
        fs: &FsView,
        rel_path: Option<&Path>,
        symbols: Option<&SymbolIndex>,
    ) -> Vec<Diagnostic> {
        let outline = Outline::build(doc, &self.config.contract);
        let impact = Impact::build(doc, &self.config.contract, &outline);
        let steps = Steps::build(doc, &self.config.contract, &outline);
        let ctx = Context {
            doc,
            contract: &self.config.contract,
            lexicons: &self.config.lexicons,
            outline: &outline,
            impact: &impact,
            steps: &steps,
            fs,
            rel_path,
            symbols,
            symbol_refs: Default::default(),
            interface_refs: Default::default(),
        };
        // `[per-file-ignores]` turns rules off for this file before anything runs.
        let ignored = self.config.ignored_for(&doc.path);
        let runs = |(rule, _): &&(&'static dyn Rule, Severity)| !ignored.contains(&rule.code());
        let in_phase = |phase: Phase| {
            move |(rule, _): &&(&'static dyn Rule, Severity)| rule.meta().phase == phase
        };
        let mut diags: Vec<Diagnostic> = self
            .rules
            .par_iter()
            .filter(runs)
            .filter(in_phase(Phase::Document))
            .flat_map_iter(|(rule, severity)| {
                rule.check(&ctx).into_iter().map(move |mut d| {
                    d.severity = rule.severity_of(&d, *severity);
                    d
                })
            })
            .collect();
        let mut suppressions = Suppressions::parse(doc, rules::names(), rules::unsuppressible());
        if !suppressions.is_empty() {
            // Every rule's findings first, so the bookkeeping sees them all.
            diags = suppressions.filter(diags);
            let active = |code: &str| {
                !ignored.contains(&code) && self.rules.iter().any(|(r, _)| r.code() == code)
            };
            let sctx = SuppressionContext {
                doc,
                suppressions: &suppressions,
                active: &active,
                report_unused: self.report_unused_disables,
            };
            for (rule, severity) in self
                .rules
                .iter()
                .filter(runs)
                .filter(in_phase(Phase::Suppressions))
            {
                diags.extend(rule.check_suppressions(&sctx).into_iter().map(|mut d| {
                    d.severity = *severity;
                    d
                }));
            }
        }
        sort(&mut diags);
        diags
    }
}

/// The canonical order: position, then code, then end. The sort is stable, so findings
/// of one rule at one place keep the order the rule reported them in (deterministic:
/// rules never depend on thread scheduling).
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (a.span.start, a.code, a.span.end).cmp(&(b.span.start, b.code, b.span.end))
    });
}
