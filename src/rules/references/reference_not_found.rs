//! PL306 `reference-not-found`: a path-like inline code span anywhere in the plan exists
//! under the root, or is one the plan creates (a `new` impact row, or declared new in
//! its prose, lists or tables: [`crate::analysis::references::Declared`]), or sits in a block
//! carrying the confirmation marker. Not reported: paths the sentence says are gone,
//! written at run time, hypothetical; paths the repository ignores; look-alikes that
//! are not paths ([`crate::analysis::references::not_a_path`]).

use crate::analysis::impact::{RefStatus, listed_in_impact, resolve};
use crate::analysis::references::{
    Claim, IgnoreRules, beside_user_dir, clause_claim, has_known_extension, in_alternatives_column,
    in_generated_dir, is_bare_data_file, is_run_time_file, lead_in_claim, not_a_path,
    path_candidate, split_symbol_suffix,
};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::blocks::carries_marker;
use crate::document::source::Span;
use crate::rules::references::{looks_local, percent_decode};
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view::{self, Lookup};
use std::sync::OnceLock;

pub(crate) struct ReferenceNotFound;

static META: RuleMeta = RuleMeta {
    code: "PL306",
    name: "reference-not-found",
    severity: Severity::Error,
    summary: "Every path in inline code, link destinations and test or run commands exists in the repository, is planned new, or is marked for confirmation.",
    group: crate::rules::Group::References,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

impl Rule for ReferenceNotFound {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        // The impact table's path cells are PL203/PL204's to check.
        let path_cells = super::PathCells::of(ctx);
        let marker = &ctx.contract.marker;
        let ignore_rules: OnceLock<IgnoreRules> = OnceLock::new();
        let no_table = ctx.impact.tables.is_empty();
        let mut out = Vec::new();
        for code in &doc.code_spans {
            if path_cells.contain(code.span) {
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
                    && fs_view::normalize(rest).is_ok_and(|r| !r.is_empty() && ctx.fs.has_tail(&r))
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
                    if ctx.fs.has_tail(&rel)
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
            let span = doc.trimmed(code.content);
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
        out.extend(link_findings(self, ctx));
        out.extend(self.command_arguments(ctx));
        out
    }
}

impl ReferenceNotFound {
    /// Command arguments that name nothing ([`crate::analysis::commands`]): the files and
    /// directories given to known runners in inline code spans that hold a command
    /// (more than one word: a lone path is the check above's) and in shell or
    /// unlabelled code blocks.
    fn command_arguments(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        use crate::analysis::commands::{self, LineMap};
        let doc = ctx.doc;
        let marker = &ctx.contract.marker;
        let lookups = commands::Lookups::default();
        let help = if ctx.impact.tables.is_empty() {
            format!(
                "fix the command; if the plan creates the file, say so where it is named (\"Create `tests/x.py`\"); if it is unknown, mark the sentence `{marker}` with one question"
            )
        } else {
            format!(
                "fix the command; if the plan creates the file, add it to the impact table as `new`; if it is unknown, mark the sentence `{marker}` with one question"
            )
        };
        // Paths the plan also names on their own, in a code span or the impact table:
        // the path check above (or PL203/PL204) decides about those, once.
        let named: std::collections::HashSet<String> = doc
            .code_spans
            .iter()
            .filter_map(|c| {
                path_candidate(&c.text).or_else(|| split_symbol_suffix(&c.text).map(|(p, _)| p))
            })
            .filter_map(|p| fs_view::normalize(&p).ok())
            .map(|p| p.trim_end_matches('/').to_string())
            .collect();
        let owned = |arg: &commands::CommandArg| {
            let written = [arg.path.clone(), format!("{}/{}", arg.base, arg.path)];
            written.iter().any(|w| {
                fs_view::normalize(w).is_ok_and(|r| {
                    let r = r.trim_end_matches('/');
                    named.contains(r) || listed_in_impact(ctx.impact, r)
                })
            })
        };
        let mut out = Vec::new();
        for code in &doc.code_spans {
            if !code.text.trim().contains(char::is_whitespace) {
                continue;
            }
            let raw = doc.text(code.content);
            let Some(delta) = commands::span_text_offset(raw, &code.text) else {
                continue;
            };
            let args = commands::args(&code.text, false);
            if args.is_empty()
                || matches!(
                    clause_claim(doc, code.span),
                    Some(Claim::Gone | Claim::RunTime | Claim::Hypothetical | Claim::New)
                )
                || lead_in_claim(doc, code.span) == Some(Claim::Hypothetical)
                || carries_marker(doc, code.span, marker)
            {
                continue;
            }
            for arg in args
                .iter()
                .filter(|a| a.kind == commands::ArgKind::CargoTest || !owned(a))
            {
                if let Some(message) = commands::missing(
                    commands::Repo {
                        fs: ctx.fs,
                        impact: ctx.impact,
                    },
                    arg,
                    &lookups,
                ) {
                    let start = code.content.start + delta + arg.start;
                    let span = Span::new(start, code.content.start + delta + arg.end);
                    out.push(self.report(span, message).with_help(help.clone()));
                }
            }
        }
        for block in &doc.code_blocks {
            if !crate::rules::sections::helpers::is_shell_block(&block.info, &block.literal) {
                continue;
            }
            let args = commands::args(&block.literal, true);
            if args.is_empty() || carries_marker(doc, block.span, marker) {
                continue;
            }
            let map = LineMap::new(
                &block.literal,
                doc.text(block.span),
                block.span.start,
                block.fenced,
            );
            for arg in args
                .iter()
                .filter(|a| a.kind == commands::ArgKind::CargoTest || !owned(a))
            {
                let Some((start, end)) = map.map(arg.start, arg.end) else {
                    continue;
                };
                // A marker on the command's own line (`# [marker] …`).
                let line_end = doc.source[end..]
                    .find('\n')
                    .map_or(doc.source.len(), |k| end + k);
                if doc.source[start..line_end].contains(marker.as_str()) {
                    continue;
                }
                if let Some(message) = commands::missing(
                    commands::Repo {
                        fs: ctx.fs,
                        impact: ctx.impact,
                    },
                    arg,
                    &lookups,
                ) {
                    out.push(
                        self.report(Span::new(start, end), message)
                            .with_help(help.clone()),
                    );
                }
            }
        }
        out
    }
}

/// The repository path a link or image destination names, or `None` when it names
/// none: a URL (`https:`, `mailto:`), a fragment of this document (`#usage`), a
/// protocol-relative or host-like address, a template, or a machine path (PL311's).
/// The fragment and query are dropped and `%XX` escapes decoded.
fn link_path(dest: &str) -> Option<String> {
    let d = dest.trim();
    if d.is_empty() || d.starts_with('#') || d.starts_with("//") || looks_local(d) {
        return None;
    }
    // a scheme: two or more letters, then `:` (`c:` is a drive, PL311's)
    let scheme_len = d
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')))
        .unwrap_or(d.len());
    if scheme_len >= 2 && d[scheme_len..].starts_with(':') && d.as_bytes()[0].is_ascii_alphabetic()
    {
        return None;
    }
    let path = d.split(['#', '?']).next().unwrap_or("");
    let path = percent_decode(path);
    if path.is_empty()
        || path.starts_with("www.")
        || path.contains(['{', '}', '$', '*', '<', '>'])
        || path.contains("...")
        || path.contains('…')
    {
        return None;
    }
    Some(path)
}

/// PL306 on link and image destinations (`[x](docs/a.md)`, `![p](img/p.png)`): a local
/// relative destination resolves against the plan's directory (Markdown semantics),
/// and is also accepted from the repository root (many plans link root-relative); a
/// leading `/` is root-relative. When the plan lies outside the root its directory is
/// unknown: a destination some directory of the repository holds is accepted.
fn link_findings(rule: &ReferenceNotFound, ctx: &Context<'_>) -> Vec<Diagnostic> {
    let doc = ctx.doc;
    let marker = &ctx.contract.marker;
    let ignore_rules: OnceLock<IgnoreRules> = OnceLock::new();
    let plan_dir: Option<String> = ctx.rel_path.map(|p| {
        p.parent()
            .map(|d| d.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default()
    });
    let mut out = Vec::new();
    for link in &doc.links {
        let Some(path) = link_path(&link.dest) else {
            continue;
        };
        let written = doc.text(link.span);
        let explicit_dir = path.ends_with('/');
        let root_relative = path.starts_with('/');
        let mut candidates: Vec<String> = Vec::new();
        if root_relative {
            candidates.push(path.trim_start_matches('/').to_string());
        } else {
            if let Some(dir) = plan_dir.as_deref().filter(|d| !d.is_empty()) {
                candidates.push(format!("{dir}/{path}"));
            }
            candidates.push(path.clone());
        }
        let mut case_variant = None;
        let mut inside = false;
        let mut found = false;
        for c in &candidates {
            match resolve(ctx.fs, ctx.impact, c) {
                RefStatus::Exists(_) | RefStatus::Planned => {
                    found = true;
                    break;
                }
                RefStatus::Missing { case_variant: v } => {
                    inside = true;
                    case_variant = case_variant.or(v);
                }
                RefStatus::Outside(_) => {}
            }
        }
        if found {
            continue;
        }
        // What is left once `./` and `../` are dropped: the path below some directory.
        let mut rest = path.trim_start_matches('/');
        while let Some(r) = rest.strip_prefix("./").or_else(|| rest.strip_prefix("../")) {
            rest = r;
        }
        let Ok(rel) = fs_view::normalize(rest) else {
            continue;
        };
        if rel.is_empty() {
            continue;
        }
        // The plan's directory unknown (the plan outside the root): any directory of
        // the repository may be the one the destination is relative to.
        if plan_dir.is_none() && !root_relative && ctx.fs.has_tail(&rel) {
            continue;
        }
        // A destination that leaves the root (`../../other-repo/x.md`) names a file
        // plan-lint cannot see.
        let unknown_dir_parent = plan_dir.is_none() && path.starts_with("../");
        if !(inside || unknown_dir_parent) {
            continue;
        }
        if in_generated_dir(&rel)
            || is_run_time_file(&rel)
            || ignore_rules
                .get_or_init(|| IgnoreRules::load(ctx.fs))
                .is_ignored(&rel, explicit_dir)
        {
            continue;
        }
        if matches!(
            clause_claim(doc, link.outer),
            Some(Claim::Gone | Claim::RunTime | Claim::Hypothetical | Claim::New)
        ) || lead_in_claim(doc, link.outer) == Some(Claim::Hypothetical)
            || carries_marker(doc, link.outer, marker)
        {
            continue;
        }
        let what = if link.image {
            "image destination"
        } else {
            "link destination"
        };
        let from = match (&plan_dir, root_relative) {
            (_, true) => "resolved from the repository root".to_string(),
            (Some(d), false) if !d.is_empty() => {
                format!("resolved from `{d}/` and from the repository root")
            }
            (Some(_), false) => "resolved from the repository root".to_string(),
            (None, false) => {
                "resolved from the repository root and from each of its directories".to_string()
            }
        };
        let problem = match case_variant {
            Some(v) => format!(
                "{what} `{written}` does not exist ({from}; paths are case-sensitive; `{v}` does)"
            ),
            None => format!("{what} `{written}` does not exist ({from})"),
        };
        let help = format!(
            "fix the destination; if the plan creates the file, say so where it is named (\"Create `{path}`\") or add it to the impact table as `new`; if it is unknown, mark the sentence `{marker}` with one question"
        );
        out.push(rule.report(link.span, problem).with_help(help));
    }
    out
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

    /// Link destinations from a plan at `docs/plan.md` (inside the root): relative to
    /// `docs/`, or root-relative; a bare name that exists only elsewhere is broken.
    #[test]
    fn link_vectors() {
        let head = "# Plan: A (a)\n\n## Current System Snapshot\n\n";
        Tester::new("PL306")
            .path("docs/plan.md")
            .pass(&[&format!(
                "{head}- [g](guide.md), [g2](./guide.md#top), [lib](../src/lib.rs), [lib2](src/lib.rs), [m](/src/main.rs), [d](<../tests/api/>), [sp](guide%2Emd?raw=1)\n- [a](#goals), [u](https://x.io/a.md), [m](mailto:a@b.c), [t](//cdn.x/a.js), [w](www.x.io/a), [tpl]({{{{base}}}}/a.md)\n- Create [the spec](docs/spec.md) first. [far](../../other/x.md)\n- [win](c:\\Users\\ana\\x\\src\\lib.rs), [f](file:///C:/x/src/lib.rs), [h](/Users/ana/x/y.md), [h2](~/notes.md)\n"
            )])
            .fail(&[&format!(
                "{head}- [s](server.rs) and [w](web/PR-1.md) and ![p](img/flow.png) and [c](/SRC/lib.rs).\n"
            )])
            .test_and_snapshot_named("PL306-links");
    }

    #[test]
    fn command_argument_vectors() {
        let t = "## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `tests/test_limits.py` | x | new |\n| `web/` | x | new |\n\n## Testing Plan\n\n";
        Tester::new("PL306")
            .pass(&[
                // Existing, planned (a row, below a new directory), run from a directory.
                &format!("{t}- Run `cargo test --test cli` and `pytest tests/test_limits.py::test_429 -q`.\n- Run `npx jest web/limits.test.ts` and `cd tests && bash cli.rs`.\n"),
                // Option values, placeholders, generic names, unknown directories.
                &format!("{t}- `pytest -k tests/not/a/path.py tests/cli.rs`, `bash scripts/<name>.sh`, `python file.py`\n- `cd /home/me/repo && pytest tests/other.py`, `cd $ROOT; bash scripts/x.sh`\n"),
                // Generated, made by an earlier command, in a here-document.
                &format!("{t}```sh\npytest build/gen/test_x.py\ncurl -o scripts/get.sh https://x.y/get.sh && bash scripts/get.sh\ncat > run.sh <<'EOF'\nbash scripts/inner.sh\nEOF\n```\n"),
                // The marker; a sentence that creates the file; a path also named alone.
                &format!("{t}- Run `pytest tests/test_new.py`. [0o0o NEEDS CONFIRMATION] Is this the file?\n- Create `tests/test_made.py`, then run `pytest tests/test_made.py`.\n"),
                // Console output lines are not commands; other languages are not shell.
                &format!("{t}```console\n$ cargo test --test cli\npython tests/out.py ok\n```\n\n```python\nbash('scripts/x.sh')\n```\n"),
            ])
            .fail(&[
                &format!("{t}- Run `pytest tests/test_gone.py -q` and `cargo test --test load`.\n\n```sh\n$ ./scripts/check.sh --fast\n$ RUST_LOG=debug uv run python scripts/seed.py\n$ cd tests && bash api/missing.sh\n```\n"),
            ])
            .test_and_snapshot_named("PL306-commands");
    }
}
