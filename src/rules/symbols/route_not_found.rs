//! PL313 `route-not-found`: an HTTP route the plan presents as existing is declared in
//! the repository: a string literal of the code (a router's `"/orders/{id}"`, a
//! decorator's `"/orders/<int:id>"`), a configuration file (an OpenAPI document), or
//! the file layout (`app/api/orders/route.ts`, `pages/api/orders.ts`).

use super::interfaces::{literal_declares, report_or_unverified};
use crate::analysis::interfaces::Interface;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct RouteNotFound;

static META: RuleMeta = RuleMeta {
    code: "PL313",
    name: "route-not-found",
    severity: Severity::Warning,
    summary: "An HTTP route the plan presents as existing is declared in the code, configuration or file layout.",
    group: crate::rules::Group::Symbols,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for RouteNotFound {
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
            let Interface::Route { path, .. } = &r.interface else {
                continue;
            };
            let declared = r.interface.scan_texts().iter().any(|probe| {
                !index.probe_files(probe).is_empty()
                    || !index.probe_paths(probe).is_empty()
                    || index.probe_literal(probe, &|_| true, &|l| literal_declares(l, path))
            });
            if declared {
                continue;
            }
            out.push(report_or_unverified(
                self,
                index,
                r,
                format!("`{}` is not declared in the repository's code, configuration or file layout", r.text),
                format!(
                    "fix the path (a router mounted under a prefix declares the rest: its tail must match); if the plan adds the route, say so in a step; if it is unknown, mark the sentence `{marker}` with one question"
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
        Tester::new("PL313")
            .pass(&[
                CLEAN_PLAN,
                &format!("{t}- `/etc/hosts` is a file; `GET /{{id}}` has no static segment.\n- The `GET /api/v1/orders/{{order_id}}` endpoint returns an order.\n"),
            ])
            .fail(&[&format!("{t}- `GET /invoices/{{id}}` returns an invoice; the `/metrics` endpoint lists counters.\n")])
            .test_and_snapshot();
    }
}
