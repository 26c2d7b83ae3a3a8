//! PL309 `step-symbol-not-found`: a code symbol that a step's Changes edit, rename,
//! remove or call occurs in one of the step's files that exist (not `new`).

use super::{
    Existence, UNVERIFIED_HELP, covers, evidence_in, existence, is_path, list, named_paths,
    sentence, skipped_among, unverified, whereabouts,
};
use crate::analysis::impact::planned;
use crate::analysis::steps::FieldKind;
use crate::analysis::symbol_refs::Origin;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::steps::step_name;
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view;
use std::collections::HashMap;

pub(crate) struct StepSymbolNotFound;

static META: RuleMeta = RuleMeta {
    code: "PL309",
    name: "step-symbol-not-found",
    severity: Severity::Warning,
    summary: "A code symbol a step's Changes edit, rename, remove or call is defined or used as code in one of the step's edit/delete files.",
    group: crate::rules::Group::Symbols,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for StepSymbolNotFound {
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
        // Each step's files that exist today (not created by the plan), once per step.
        let mut step_files: HashMap<usize, Vec<String>> = HashMap::new();
        for r in ctx.symbol_refs() {
            let Origin::Step { index: i, edits } = r.origin else {
                continue;
            };
            let step = &ctx.steps.steps[i];
            // A step without Files is PL302's.
            if step.field(FieldKind::Files).is_none()
                || r.is_new(index)
                || is_path(ctx, r)
                || super::interfaces::is_interface(ctx, r)
            {
                continue;
            }
            let paths = step_files.entry(i).or_insert_with(|| {
                let mut paths: Vec<String> = step
                    .files
                    .iter()
                    .flat_map(|p| p.expanded.iter())
                    .filter_map(|p| fs_view::normalize(p).ok())
                    .filter(|rel| !rel.is_empty() && !planned(ctx.impact, rel))
                    .collect();
                paths.dedup();
                paths
            });
            // A symbol that does not exist (or only unverified) is PL307's.
            if existence(ctx, index, r) != Existence::Found {
                continue;
            }
            let name = r.symbol.name();
            if evidence_in(index, r, &|f| paths.iter().any(|p| covers(p, f))) {
                continue;
            }
            if !edits {
                // Calling a name the repository uses but does not define: a library's
                // (`asyncio.gather`), which the step's file is to call.
                if !index.has_likely_definition(name, &|_| true, &|_| true)
                    && !index.has_unverified(name)
                {
                    continue;
                }
                // "call `start_server()` from `src/server.rs`": the sentence says where.
                let named = named_paths(ctx, sentence(ctx.doc, r.span));
                if evidence_in(index, r, &|f| named.iter().any(|p| covers(p, f))) {
                    continue;
                }
            }
            // A step file that was skipped may hold it.
            if let Some(skipped) = skipped_among(index, |f| paths.iter().any(|p| covers(p, f))) {
                out.push(
                    self.report(r.span, unverified(&r.text, &skipped))
                        .with_help(UNVERIFIED_HELP),
                );
                continue;
            }
            let message = if paths.is_empty() {
                format!(
                    "{} changes `{}`, but its Files name no existing file",
                    step_name(step),
                    r.text
                )
            } else {
                format!(
                    "`{}` ({}) is not defined or used in the step's files ({})",
                    r.text,
                    step_name(step),
                    list(paths)
                )
            };
            let help = match whereabouts(index, name) {
                Some(w) => format!(
                    "{w}: add that file to the step's Files (and the impact table), or fix the name"
                ),
                None => {
                    "fix the name, or name the file that defines it in the step's Files".to_string()
                }
            };
            out.push(self.report(r.span, message).with_help(help));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let t = "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `src/lib.rs` | x | edit |\n| `src/main.rs` | x | edit |\n| `src/limits.rs` | x | new |\n\n## Implementation Plan\n\n";
        Tester::new("PL309")
            .pass(&[
                CLEAN_PLAN,
                &format!(
                    "{t}1. Limit.\n   - **Files:** `src/lib.rs`, `src/limits.rs`\n   - **Changes:** Add `TokenBucket` and `fn refill()`; in `create_app()`, call `TokenBucket::take()` and `refill()`; rename `MAX_RETRIES` to `RETRY_LIMIT`; wrap the router with `limit_layer()`.\n   - **Notes:** Keep `create_app()` public.\n2. Main.\n   - **Files:** `src/`\n   - **Changes:** Update `main()` and `create_app()` to read `RETRY_LIMIT`; call `unknown_fn()` [0o0o NEEDS CONFIRMATION] Which function starts the server?\n   - **Notes:** x\n3. Call.\n   - **Files:** `src/main.rs`\n   - **Changes:** Call `App::default()` from `src/lib.rs`; in `tokio::spawn`, call `serve()` in a `Mutex`; use `MAX_RETRIES`.\n   - **Notes:** x\n"
                ),
            ])
            .fail(&[&format!(
                "{t}1. Limit.\n   - **Files:** `src/main.rs`\n   - **Changes:** In `create_app()`, call `build_limiter()` and `App::default()`; remove `MAX_RETRIES` and `limits()`.\n   - **Notes:** x\n2. New.\n   - **Files:** `src/limits.rs`\n   - **Changes:** Update `main()`.\n   - **Notes:** x\n"
            )])
            .test_and_snapshot();
    }
}
