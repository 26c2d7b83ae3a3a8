//! PL312 `env-var-not-found`: an environment variable the plan presents as existing is
//! read by the repository's code (an identifier, `process.env.NAME`; a string literal,
//! `os.environ["NAME"]`) or set in its configuration (`.env.example`, a compose file,
//! a workflow, a `Dockerfile`).

use super::interfaces::{mentioned, report_or_unverified};
use crate::analysis::interfaces::Interface;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct EnvVarNotFound;

static META: RuleMeta = RuleMeta {
    code: "PL312",
    name: "env-var-not-found",
    severity: Severity::Warning,
    summary: "An environment variable the plan presents as existing is read by the code or set in configuration.",
    group: crate::rules::Group::Symbols,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for EnvVarNotFound {
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
            let Interface::EnvVar(name) = &r.interface else {
                continue;
            };
            if index.in_source(name) || !index.string_files(name).is_empty() {
                continue;
            }
            out.push(report_or_unverified(
                self,
                index,
                r,
                format!(
                    "`{name}` is not read by the repository's code nor set in its configuration{}",
                    mentioned(index, name)
                ),
                format!(
                    "fix the name; if the plan adds the variable, say so in a step (\"Read `{name}` in …\"); if it is unknown, mark the sentence `{marker}` with one question"
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
        Tester::new("PL312")
            .pass(&[
                CLEAN_PLAN,
                &format!("{t}- `MAX_RETRIES` is a constant; `$HOME` is the user's.\n- The env var `ACME_RATE_LIMIT` caps requests.\n- The env var `APP_NEW_X` [0o0o NEEDS CONFIRMATION] Which variable?\n"),
            ])
            .fail(&[&format!(
                "{t}- The env var `ACME_BURST_LIMIT` caps bursts; `$ACME_TOKEN` signs them.\n"
            )])
            .test_and_snapshot();
    }
}
