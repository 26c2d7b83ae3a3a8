//! PL307 `symbol-not-found`: every code symbol written in inline code in the sections
//! that describe what exists today (`symbol_sections`, default: Current System
//! Snapshot) occurs in the repository.

use super::{Existence, UNVERIFIED_HELP, existence, is_path, skipped_among, unverified};
use crate::analysis::symbol_refs::Origin;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct SymbolNotFound;

static META: RuleMeta = RuleMeta {
    code: "PL307",
    name: "symbol-not-found",
    severity: Severity::Error,
    summary: "Every code symbol in inline code of Current System Snapshot occurs in the repository.",
    group: crate::rules::Group::Symbols,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for SymbolNotFound {
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
        let marker = &ctx.contract.marker;
        let mut out = Vec::new();
        for r in ctx.symbol_refs() {
            if r.origin != Origin::Section || r.is_new(index) || is_path(ctx, r) {
                continue;
            }
            let name = r.symbol.name();
            let found = existence(ctx, index, r);
            if found == Existence::Found {
                continue;
            }
            // A skipped file may hold it (and its qualifier).
            if let Some(skipped) = skipped_among(index, |_| true) {
                out.push(
                    self.report(r.span, unverified(&r.text, &skipped))
                        .with_help(UNVERIFIED_HELP),
                );
                continue;
            }
            let message = match found {
                Existence::Found => continue,
                Existence::Missing => {
                    format!("`{}` does not occur in the repository", r.text)
                }
                Existence::Unqualified => format!(
                    "`{}`: `{name}` occurs in the repository, but not in a file that holds `{}` or that this sentence names",
                    r.text,
                    r.symbol.qualifier().unwrap_or_default()
                ),
            };
            out.push(self.report(r.span, message).with_help(format!(
                "fix the name (identifiers are case-sensitive); if the plan creates it, say so where a step adds it; if it is unknown, mark the sentence `{marker}` with one question"
            )));
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
        Tester::new("PL307")
            .pass(&[
                CLEAN_PLAN,
                &format!(
                    "{t}- `src/lib.rs` builds the app in `create_app()`, retries `MAX_RETRIES` times and returns an `App`.\n- `server::App` holds `App.routes`; `lib.create_app` is called by `main()`.\n- Bait: `/health`, `GET /api/v1/users/{{id}}`, `--fix`, `DATABASE_URL=postgres://db/app`, `$HOME`, `{{\"limit\": 100}}`, `429`, `SELECT`, `NOT NULL`, `true`, `null`, `v1.2.3`, `json`, `example.com`, `cargo test`.\n- `rate_limiter()` [0o0o NEEDS CONFIRMATION] Where does the limiter live?\n- The new `TokenBucket` goes in `src/limits.rs`.\n"
                ),
                // Introduced by a step: not reported while it does not exist.
                &format!(
                    "{t}- `RateLimiter` wraps `create_app()`.\n\n## Implementation Plan\n\n1. Add it.\n   - **Files:** `src/lib.rs`\n   - **Changes:** Add `RateLimiter` in `create_app()`.\n   - **Notes:** x\n"
                ),
            ])
            .fail(&[&format!(
                "{t}- `src/lib.rs` builds the app in `build_app()` and holds `MAX_RETRY`.\n- `Settings.from_env()` reads the environment; `Router::create_app` builds it.\n"
            )])
            .test_and_snapshot();
    }
}
