//! PL307 `symbol-not-found`: every code symbol the plan treats as existing is
//! **defined** in the repository's source: the code spans of the sections that describe
//! what exists today (`symbol_sections`, default: Current System Snapshot), and the
//! symbols a step's Changes edit, rename, remove or extend (and the members of the
//! repository's own classes that a step calls). Documents, other plans, comments and
//! strings are no evidence; files without a grammar give an unverified occurrence, at
//! warning level.

use super::{
    Existence, NOT_VERIFIED, UNVERIFIED_HELP, defined_container, existence, is_path,
    only_mentioned, quoted, skipped_among, unverified, whereabouts,
};
use crate::analysis::impact::planned;
use crate::analysis::symbol_refs::{Origin, SymbolRef};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view;

pub(crate) struct SymbolNotFound;

static META: RuleMeta = RuleMeta {
    code: "PL307",
    name: "symbol-not-found",
    severity: Severity::Error,
    summary: "Every code symbol the plan treats as existing (Current System Snapshot, steps that edit it) is defined in the repository's source.",
    group: crate::rules::Group::Symbols,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// Whether every file of the step that `r` belongs to is one the plan creates: the
/// step writes the symbols it changes.
fn step_creates_its_files(ctx: &Context<'_>, r: &SymbolRef) -> bool {
    let Origin::Step { index, .. } = r.origin else {
        return false;
    };
    let step = &ctx.steps.steps[index];
    let mut rels = step
        .files
        .iter()
        .flat_map(|p| p.expanded.iter())
        .filter_map(|p| fs_view::normalize(p).ok())
        .filter(|rel| !rel.is_empty())
        .peekable();
    rels.peek().is_some() && rels.all(|rel| planned(ctx.impact, &rel))
}

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
            // A step that calls a name (not one it edits) may call a library's: only a
            // member of one of the repository's own classes is checked.
            let call = matches!(r.origin, Origin::Step { edits: false, .. });
            if r.is_new(index)
                || is_path(ctx, r)
                || step_creates_its_files(ctx, r)
                || super::interfaces::is_interface(ctx, r)
            {
                continue;
            }
            let name = r.symbol.name();
            let found = existence(ctx, index, r);
            let report = match found {
                Existence::Found => false,
                Existence::Missing => {
                    !call
                        || r.symbol
                            .qualifier()
                            .is_some_and(|q| defined_container(index, q))
                }
                Existence::Unverified | Existence::Unqualified => !call,
            };
            if !report {
                continue;
            }
            // A skipped file may hold it (and its qualifier).
            if found != Existence::Unverified
                && let Some(skipped) = skipped_among(index, |_| true)
            {
                out.push(
                    self.report(r.span, unverified(&r.text, &skipped))
                        .with_help(UNVERIFIED_HELP),
                );
                continue;
            }
            let fix_help = format!(
                "fix the name (identifiers are case-sensitive); if the plan creates it, say so where a step adds it; if it is unknown, mark the sentence `{marker}` with one question"
            );
            let d = match found {
                Existence::Found => continue,
                Existence::Missing => {
                    let message = match only_mentioned(index, name) {
                        Some(m) => format!(
                            "`{}` is not defined in the repository's source: {m}",
                            r.text
                        ),
                        None => format!("`{}` is not defined in the repository", r.text),
                    };
                    self.report(r.span, message).with_help(fix_help)
                }
                Existence::Unverified => {
                    let files = index.unverified_files(name);
                    self.report(
                        r.span,
                        format!(
                            "`{}` occurs in {}, {NOT_VERIFIED} (plan-lint has no grammar for those files)",
                            r.text,
                            quoted(&files)
                        ),
                    )
                    .with_help(
                        "check by hand that it is defined there; plan-lint reads definitions in Python, JavaScript, TypeScript, Go, Rust, Java, C# and Ruby",
                    )
                }
                Existence::Unqualified => {
                    let q = r.symbol.qualifier().unwrap_or_default();
                    let message = format!(
                        "`{}`: `{name}` is not defined in `{q}`, nor in a file that holds `{q}` or that this sentence names",
                        r.text,
                    );
                    let help = match whereabouts(index, name) {
                        Some(w) => format!("{w}: fix the qualifier, or name that file"),
                        None => fix_help,
                    };
                    self.report(r.span, message).with_help(help)
                }
            };
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
