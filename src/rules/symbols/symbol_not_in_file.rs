//! PL308 `symbol-not-in-file`: when a sentence of the `symbol_sections` names a
//! repository file and a code symbol together, the symbol occurs in that file.

use super::{
    Existence, UNVERIFIED_HELP, covers, evidence_in, existence, is_path, named_paths, sentence,
    skipped_among, unverified, whereabouts,
};
use crate::analysis::symbol_refs::Origin;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct SymbolNotInFile;

static META: RuleMeta = RuleMeta {
    code: "PL308",
    name: "symbol-not-in-file",
    severity: Severity::Error,
    summary: "A code symbol named together with a repository file is defined or used as code in that file.",
    group: crate::rules::Group::Symbols,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for SymbolNotInFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn severity_of(&self, d: &Diagnostic, level: Severity) -> Severity {
        super::severity_of(d, level)
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let Some(index) = ctx.symbols else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for r in ctx.symbol_refs() {
            if r.origin != Origin::Section
                || r.is_new(index)
                || is_path(ctx, r)
                || super::interfaces::is_interface(ctx, r)
            {
                continue;
            }
            // A symbol that does not exist at all is PL307's.
            if existence(ctx, index, r) != Existence::Found {
                continue;
            }
            let named = named_paths(ctx, sentence(ctx.doc, r.span));
            if named.is_empty() {
                continue;
            }
            let name = r.symbol.name();
            if evidence_in(index, r, &|f| named.iter().any(|p| covers(p, f))) {
                continue;
            }
            // A named file that was skipped may hold it.
            if let Some(skipped) = skipped_among(index, |f| named.iter().any(|p| covers(p, f))) {
                out.push(
                    self.report(r.span, unverified(&r.text, &skipped))
                        .with_help(UNVERIFIED_HELP),
                );
                continue;
            }
            let named_list = named.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>();
            let mut d = self.report(
                r.span,
                format!(
                    "`{}` is not defined or used in {}",
                    r.text,
                    named_list.join(" or ")
                ),
            );
            if let Some(w) = whereabouts(index, name) {
                d = d.with_help(format!("{w}: name that file, or fix the symbol"));
            }
            out.push(d);
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
        Tester::new("PL308")
            .pass(&[
                CLEAN_PLAN,
                &format!(
                    "{t}- `src/lib.rs` builds the app in `create_app()`. `src/server.rs` defines `App`.\n- `src/main.rs` calls `create_app()`; `App` holds the routes.\n- `src/` holds `create_app()` and `MAX_RETRIES`.\n- `src/main.rs` starts the app. `MAX_RETRIES` is 3.\n- `missing_fn()` is in `src/lib.rs`.\n"
                ),
            ])
            .fail(&[&format!(
                "{t}- `src/server.rs` builds the app in `create_app()` and holds `MAX_RETRIES`.\n\n| File | Symbol |\n|---|---|\n| `src/main.rs` | `App` |\n"
            )])
            .test_and_snapshot();
    }
}
