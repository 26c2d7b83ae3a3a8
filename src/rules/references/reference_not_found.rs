//! PL306 `reference-not-found`: a path-like inline code span anywhere in the plan exists
//! under the root, or is one the plan creates (a `new` impact row, or declared new in
//! its prose, lists or tables: [`crate::references::Declared`]), or sits in a block
//! carrying the confirmation marker. Not reported: paths the sentence says are gone,
//! written at run time, hypothetical; paths the repository ignores; look-alikes that
//! are not paths ([`crate::references::not_a_path`]).

use crate::blocks::carries_marker;
use crate::diagnostic::{Diagnostic, Severity};
use crate::fs_view::{self, Lookup};
use crate::references::{
    Claim, IgnoreRules, RefStatus, beside_user_dir, clause_claim, has_known_extension,
    in_alternatives_column, in_generated_dir, is_bare_data_file, is_run_time_file, lead_in_claim,
    not_a_path, path_candidate, resolve, split_symbol_suffix,
};
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;
use std::sync::OnceLock;

pub struct ReferenceNotFound;

static META: RuleMeta = RuleMeta {
    code: "PL306",
    name: "reference-not-found",
    severity: Severity::Error,
    summary: "Every path in inline code exists in the repository, is a `new` impact row, or is marked for confirmation.",
};

impl Rule for ReferenceNotFound {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        // The impact table's path cells are PL203/PL204's to check. They are in
        // document order: the cell that could hold a code span is a binary search away.
        let path_cells: Vec<Span> = ctx
            .impact
            .rows
            .iter()
            .filter_map(|r| r.path_cell.as_ref().map(|c| c.span))
            .collect();
        let marker = &ctx.contract.marker;
        let ignore_rules: OnceLock<IgnoreRules> = OnceLock::new();
        let no_table = ctx.impact.tables.is_empty();
        let mut out = Vec::new();
        for code in &doc.code_spans {
            let before = path_cells.partition_point(|c| c.start <= code.span.start);
            if before > 0 && path_cells[before - 1].contains(code.span) {
                continue;
            }
            let Some(path) = path_candidate(&code.text)
                .or_else(|| split_symbol_suffix(&code.text).map(|(p, _)| p))
            else {
                continue;
            };
            let Ok(rel) = fs_view::normalize(&path) else {
                // `../../testdata/x.out`, written from a package directory: fine when
                // some directory of the repository holds the rest.
                let rest = path.trim_start_matches("./").trim_start_matches("../");
                let rest = rest.trim_start_matches("../");
                if path.starts_with("../")
                    && fs_view::normalize(rest)
                        .is_ok_and(|r| !r.is_empty() && exists_as_suffix(ctx, &r))
                {
                    continue;
                }
                if !carries_marker(doc, code.span, marker) {
                    out.push(
                        self.report(code.content, format!("`{path}` leaves the repository root")),
                    );
                }
                continue;
            };
            // A slashed word without a file extension (`feature/login`, `owner/repo`) is
            // only a path when its first directory exists.
            let explicit_dir = path.ends_with('/');
            if !has_known_extension(&rel) && !explicit_dir {
                let first = rel.split('/').next().unwrap_or("");
                if !matches!(ctx.fs.lookup(first), Lookup::Found(_)) {
                    continue;
                }
            }
            let status = resolve(ctx.fs, ctx.impact, &path);
            let problem = match status {
                RefStatus::Exists(_) | RefStatus::Planned => continue,
                RefStatus::Outside(p) => format!("`{path}` {}", p.describe()),
                RefStatus::Missing { case_variant } => {
                    // A bare file name, or a path written from a sub-directory, that
                    // names an existing file; a look-alike; a file that exists only
                    // when the program runs, or that the repository ignores.
                    if exists_as_suffix(ctx, &rel)
                        || not_a_path(&rel)
                        || in_generated_dir(&rel)
                        || is_run_time_file(&rel)
                        || is_bare_data_file(&rel)
                        || ignore_rules
                            .get_or_init(|| IgnoreRules::load(ctx.fs))
                            .is_ignored(&rel, explicit_dir)
                    {
                        continue;
                    }
                    match case_variant {
                        Some(v) => format!(
                            "`{path}` does not exist (paths are case-sensitive; `{v}` does)"
                        ),
                        None if no_table => {
                            format!("`{path}` does not exist in the repository")
                        }
                        None => format!(
                            "`{path}` does not exist in the repository and is not a `new` impact row"
                        ),
                    }
                }
            };
            // The sentence says the file is gone, written at run time, hypothetical,
            // or created here.
            if matches!(
                clause_claim(doc, code.span),
                Some(Claim::Gone | Claim::RunTime | Claim::Hypothetical | Claim::New)
            ) || lead_in_claim(doc, code.span) == Some(Claim::Hypothetical)
                || in_alternatives_column(doc, code.span)
                || beside_user_dir(doc, code.span, &rel)
            {
                continue;
            }
            if carries_marker(doc, code.span, marker) {
                continue;
            }
            let span = trimmed(doc, code.content);
            let help = if no_table {
                format!(
                    "fix the path; if the plan creates it, say so where it is named (\"Create `{path}`\", \"`{path}` (new)\"); if it is unknown, mark the sentence `{marker}` with one question"
                )
            } else {
                format!(
                    "fix the path; if the plan creates it, add it to the impact table as `new`; if it is unknown, mark the sentence `{marker}` with one question"
                )
            };
            out.push(self.report(span, problem).with_help(help));
        }
        out
    }
}

/// Whether some file in the repository ends with `/rel` (a bare name or a path written
/// relative to a sub-directory).
fn exists_as_suffix(ctx: &Context<'_>, rel: &str) -> bool {
    let rel = rel.trim_end_matches('/');
    let suffix = format!("/{rel}");
    ctx.fs
        .all_paths()
        .iter()
        .any(|p| p.ends_with(&suffix) || p == rel)
}

fn trimmed(doc: &crate::model::Document, span: Span) -> Span {
    let text = doc.text(span);
    let start = span.start + (text.len() - text.trim_start().len());
    let end = span.end - (text.len() - text.trim_end().len());
    Span::new(start, end.max(start))
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        let t = "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `src/limits.rs` | x | new |\n| `src/gen/` | x | new |\n\n## Current System Snapshot\n\n";
        Tester::new("PL306")
            .pass(&[
                "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `tests/test_auth.py` | x | new |\n| `src/out.rs` | x | Create |\n\n## Testing Plan\n\n- Add `test_auth.py` and fill `src/out.rs`.\n",

                CLEAN_PLAN,
                &format!(
                    "{t}- `src/lib.rs`, `src/limits.rs`, `src/gen/a.rs`, `lib.rs`, `api/limits.rs`, `tests/cli.rs:3-9`\n- `cargo test`, `/api/v1/users`, `application/json`, `feature/login`, `app.run`, `--fix`, `https://x.y/z.md`, `src/*.rs`\n- `src/missing.rs` [0o0o NEEDS CONFIRMATION] Where does the parser live?\n- Create `src/parser.rs` (new file).\n"
                ),
            ])
            .fail(&[&format!(
                "{t}- `src/missing.rs` holds the parser.\n- See `docs/nope.md` and `SRC/lib.rs`.\n- Config in `config/settings.yaml` and `src/old/`.\n"
            )])
            .test_and_snapshot();
    }
}
