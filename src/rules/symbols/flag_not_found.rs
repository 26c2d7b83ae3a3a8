//! PL314 `flag-not-found`: a command-line flag the plan presents as the repository's
//! own is defined by its argument parser: a string literal of the code (`"--dry-run"`,
//! Go's `flag.Bool("dry-run", …)`), an identifier that derive-style parsers turn into
//! the flag (`dry_run`, `dryRun`), or a script or configuration file that passes it.

use super::interfaces::report_or_unverified;
use crate::analysis::interfaces::Interface;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct FlagNotFound;

static META: RuleMeta = RuleMeta {
    code: "PL314",
    name: "flag-not-found",
    severity: Severity::Warning,
    summary: "A command-line flag the plan presents as the repository's own is defined by its argument parser.",
    group: crate::rules::Group::Symbols,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for FlagNotFound {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn severity_of(&self, d: &Diagnostic, level: Severity) -> Severity {
        crate::rules::symbols::severity_of(d, level)
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(index) = ctx.symbols else {
            return Vec::new();
        };
        let marker = &ctx.contract.marker;
        let mut out = Vec::new();
        for r in ctx.interface_refs() {
            let Interface::Flag(flag) = &r.interface else {
                continue;
            };
            let texts = r.interface.scan_texts();
            let bare = texts.first().map(String::as_str).unwrap_or_default();
            // The identifiers (`dry_run`, `dryRun`; a one-word flag's own name) that
            // derive-style parsers turn into the flag.
            let idents = if texts.len() == 1 {
                &texts[..]
            } else {
                &texts[1..]
            };
            let defined = idents
                .iter()
                .any(|id| index.has_evidence(id, &|_| true, false))
                || !index.probe_files(bare).is_empty()
                || index.probe_literal(bare, &|_| true, &|l| {
                    let l = l.trim();
                    l == bare || l.starts_with(flag.as_str()) || l.trim_start_matches('-') == bare
                });
            if defined {
                continue;
            }
            out.push(report_or_unverified(
                self,
                index,
                r,
                format!("`{flag}` is not defined by the repository's argument parser"),
                format!(
                    "fix the flag; if it belongs to another tool, name the tool in the sentence; if the plan adds it, say so in a step; if it is unknown, mark the sentence `{marker}` with one question"
                ),
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let t = "## Current System Snapshot\n\n";
        Tester::new("PL314")
            .pass(&[
                CLEAN_PLAN,
                &format!("{t}- The `--locked` flag of cargo.\n- `--verbose` alone.\n- The `--dry-run` flag prints the plan.\n"),
            ])
            .fail(&[&format!("{t}- The `--force` flag overwrites the plan.\n")])
            .test_and_snapshot();
    }
}
