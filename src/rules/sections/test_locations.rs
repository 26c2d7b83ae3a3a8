//! PL402 `test-locations`: "Testing Plan" names at least one test file path, and each
//! test path written in plain text (not in backticks) exists or is a `new` impact row.
//! Test paths in backticks are checked by PL306 (`reference-not-found`).

use crate::analysis::commands;
use crate::analysis::impact::Impact;
use crate::analysis::impact::{RefStatus, resolve};
use crate::analysis::references::{has_known_extension, path_candidate};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::blocks::carries_marker;
use crate::document::source::Span;
use crate::rules::sections::helpers::is_shell_block;
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view::{self, Lookup};

pub(crate) struct TestLocations;

static META: RuleMeta = RuleMeta {
    code: "PL402",
    name: "test-locations",
    severity: Severity::Warning,
    summary: "\"Testing Plan\" names at least one test file path, and each named test path exists or is a `new` impact row.",
    group: crate::rules::Group::Sections,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// Words of a file or directory name that make it a test location.
const TEST_WORDS: &[&str] = &[
    "test", "tests", "testing", "testdata", "spec", "specs", "e2e", "conftest",
];

/// Whether one file or directory name is a test name: `tests`, `__tests__`,
/// `test_limits.py`, `limits_test.go`, `limits.test.ts`, `LimitsTest.java`. The name is
/// split into words at punctuation and at lower-to-upper case changes, so `latest.rs`
/// and `contest/` are not test names.
pub(crate) fn is_test_name(name: &str) -> bool {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            words.push(std::mem::take(&mut word));
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    words.push(word);
    words.iter().any(|w| TEST_WORDS.contains(&w.as_str()))
}

/// Documentation files: `specs/login/spec.md` or `tests/README.md` is not a test.
const DOC_EXTENSIONS: &[&str] = &["md", "mdx", "markdown", "rst", "txt", "adoc"];

/// Whether a path has a test file or directory name in it (and is not a document).
pub(crate) fn is_test_path(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    let last = path.rsplit('/').next().unwrap_or(path);
    let document = last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && DOC_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str())
    });
    !document && path.split('/').any(is_test_name)
}

/// A word of a command or a sentence reduced to a path candidate: surrounding
/// punctuation and emphasis removed, `--flag=` and a `::test_name` suffix dropped.
fn word_candidate(word: &str) -> Option<String> {
    let word = word.rsplit('=').next().unwrap_or(word);
    let word = word.split("::").next().unwrap_or(word);
    path_candidate(trim_word(word).1)
}

/// Trims what surrounds a path in prose: brackets, quotes, emphasis and sentence
/// punctuation. Returns the offset of the kept part in `word` and the part.
fn trim_word(word: &str) -> (usize, &str) {
    const LEAD: &[char] = &['(', '[', '{', '"', '\'', '*', '<', '“', '‘'];
    const TRAIL: &[char] = &[
        ')', ']', '}', '"', '\'', '*', '>', '”', '’', '.', ',', ';', ':', '!', '?',
    ];
    let trimmed = word.trim_start_matches(LEAD);
    let mut start = word.len() - trimmed.len();
    let mut kept = trimmed.trim_end_matches(TRAIL);
    // `_tests/cli.rs_`: underscore emphasis around the whole path.
    let lead = kept.len() - kept.trim_start_matches('_').len();
    let trail = kept.len() - kept.trim_end_matches('_').len();
    let n = lead.min(trail);
    if n > 0 && kept.len() > 2 * n {
        kept = &kept[n..kept.len() - n];
        start += n;
    }
    (start, kept)
}

/// Whitespace-separated words of `text` with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// Whether the code (spans and blocks) inside `body` names a test path: a code span
/// that is a path, or an argument of a command (`pytest tests/test_limits.py`). A file
/// argument of a known runner that names nothing ([`crate::analysis::commands::missing`]) does
/// not count: PL306 reports it.
fn code_names_test_path(ctx: &Context<'_>, body: Span) -> bool {
    let doc = ctx.doc;
    let lookups = crate::analysis::commands::Lookups::default();
    let spans = doc
        .code_spans
        .iter()
        .filter(|c| body.contains(c.span))
        .map(|c| (c.text.as_str(), false));
    let blocks = doc
        .code_blocks
        .iter()
        .filter(|b| body.contains(b.span))
        .map(|b| (b.literal.as_str(), is_shell_block(&b.info, &b.literal)));
    spans.chain(blocks).any(|(text, shell)| {
        if path_candidate(text).is_some_and(|p| is_test_path(&p)) {
            return true;
        }
        let command = shell || text.trim().contains(char::is_whitespace);
        let mut missing: Vec<(usize, usize)> = Vec::new();
        if command {
            for a in commands::args(text, shell) {
                if commands::missing(
                    commands::Repo {
                        fs: ctx.fs,
                        impact: ctx.impact,
                    },
                    &a,
                    &lookups,
                )
                .is_some()
                {
                    missing.push((a.start, a.end));
                } else if a.kind == commands::ArgKind::Path
                    && is_test_path(&format!("{}/{}", a.base, a.path))
                {
                    return true; // `cd tests && bash api/limits.sh`
                }
            }
        }
        words(text).any(|(at, w)| {
            word_candidate(w).is_some_and(|p| is_test_path(&p))
                && !missing.iter().any(|&(s, e)| s < at + w.len() && at < e)
        })
    })
}

/// A test path written in prose.
struct ProsePath {
    span: Span,
    path: String,
}

/// Test paths written in prose inside `body`. A slashed word without a file extension
/// (`unit/integration`, `test/spec`) is a path only when its first directory exists.
fn prose_test_paths(ctx: &Context<'_>, body: Span) -> Vec<ProsePath> {
    let doc = ctx.doc;
    let mut out = Vec::new();
    for run in doc.prose_within(body) {
        let text = doc.text(run);
        for (offset, word) in words(text) {
            let (inner, kept) = trim_word(word);
            let Some(path) = path_candidate(kept) else {
                continue;
            };
            if is_test_path(&path) && plausible(ctx, &path) {
                let start = run.start + offset + inner;
                out.push(ProsePath {
                    span: Span::new(start, start + kept.len()),
                    path,
                });
            }
        }
    }
    out
}

fn plausible(ctx: &Context<'_>, path: &str) -> bool {
    if has_known_extension(path) || path.ends_with('/') {
        return true;
    }
    let Ok(rel) = fs_view::normalize(path) else {
        return true;
    };
    let first = rel.split('/').next().unwrap_or("");
    matches!(ctx.fs.lookup(first), Lookup::Found(_))
}

/// What is wrong with a plain-text test path, if anything: it neither exists (also as
/// the tail of an existing path, or as a `new` impact row's file name) nor is created
/// by the plan.
fn problem(ctx: &Context<'_>, path: &str) -> Option<String> {
    let rel = match fs_view::normalize(path) {
        Ok(rel) => rel,
        Err(p) => return Some(format!("test path `{path}` {}", p.describe())),
    };
    match resolve(ctx.fs, ctx.impact, path) {
        RefStatus::Exists(_) | RefStatus::Planned => None,
        RefStatus::Outside(p) => Some(format!("test path `{path}` {}", p.describe())),
        RefStatus::Missing { case_variant } => {
            if ctx.fs.has_tail(&rel) || names_new_row(ctx.impact, &rel) {
                return None;
            }
            Some(match case_variant {
                Some(v) => format!(
                    "test path `{path}` does not exist (paths are case-sensitive; `{v}` does)"
                ),
                None => format!(
                    "test path `{path}` does not exist in the repository and is not a `new` impact row"
                ),
            })
        }
    }
}

/// Whether a bare file name is the file name of a `new` impact row.
fn names_new_row(impact: &Impact, rel: &str) -> bool {
    !rel.contains('/')
        && impact
            .rows
            .iter()
            .filter(|r| r.change == crate::analysis::impact::ChangeKind::New)
            .flat_map(|r| r.paths.iter().flat_map(|p| p.expanded.iter()))
            .any(|p| p.trim_end_matches('/').rsplit('/').next() == Some(rel))
}

impl Rule for TestLocations {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let Some(section) = crate::rules::live_section(ctx, "testing") else {
            return Vec::new(); // missing (PL004) or only a marker and its question
        };
        let prose = prose_test_paths(ctx, section.body);
        let mut out = Vec::new();
        if prose.is_empty() && !code_names_test_path(ctx, section.body) {
            let heading = doc.section_heading(section);
            out.push(
                self.report(heading.text_span, "the Testing Plan names no test file".to_string())
                    .with_help("name the file each test goes in, in backticks (`tests/cli.rs`, `tests/test_limits.py`), and list new test files as `new` in the impact table"),
            );
        }
        for p in prose {
            if carries_marker(doc, p.span, &ctx.contract.marker) {
                continue;
            }
            if let Some(message) = problem(ctx, &p.path) {
                out.push(self.report(p.span, message).with_help(
                    "fix the path, or add it to the impact table as `new`; write paths in backticks",
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::{is_test_path, trim_word};
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn test_paths() {
        for yes in [
            "tests/cli.rs",
            "tests/",
            "src/__tests__/limits.js",
            "test_limits.py",
            "pkg/limits/limits_test.go",
            "web/limits.test.ts",
            "web/limits.spec.ts",
            "spec/limits_spec.rb",
            "src/test/java/LimitsTest.java",
            "tests/conftest.py",
        ] {
            assert!(is_test_path(yes), "{yes}");
        }
        for no in [
            "src/lib.rs",
            "src/latest.rs",
            "contest/a.rs",
            "docs/attestation.md",
            "src/testimony.rs",
            "specs/login/spec.md",
            "tests/README.md",
        ] {
            assert!(!is_test_path(no), "{no}");
        }
        assert_eq!(trim_word("(tests/a.rs)."), (1, "tests/a.rs"));
        assert_eq!(trim_word("**tests/a.rs**,"), (2, "tests/a.rs"));
        assert_eq!(trim_word("_tests/a.rs_"), (1, "tests/a.rs"));
        assert_eq!(trim_word("__tests__/a.js"), (0, "__tests__/a.js"));
    }

    #[test]
    fn vectors() {
        let t = "# Plan: A (a)\n\n## Impacted Files & Directories\n\n| Path | Why | Change type |\n|---|---|---|\n| `tests/test_limits.py` | x | new |\n\n## Testing Plan\n\n";
        Tester::new("PL402")
            .pass(&[
                CLEAN_PLAN,
                // In backticks, missing: PL306's to report.
                &format!("{t}- Add tests to `tests/missing.rs`.\n"),
                // Plain text, existing or planned (also by its file name alone).
                &format!("{t}- Add tests to tests/cli.rs and tests/api/limits.rs.\n- Add tests/test_limits.py (see test_limits.py).\n"),
                // A test path inside a command.
                &format!("{t}- Run `pytest tests/test_limits.py::test_429 -q`.\n"),
                &format!("{t}- Create `web/__tests__/limits.test.ts`.\n\n```sh\ncargo test --test cli\nnpx jest web/__tests__/limits.test.ts\n```\n"),
                // An existing test file given to a runner.
                &format!("{t}```sh\ncd tests && bash api/limits.rs\n```\n"),
                // Test words that are not paths, and a slashed word whose first
                // directory does not exist.
                &format!("{t}- Unit/integration tests in `tests/cli.rs`; test/spec files stay.\n"),
                // A missing plain path in a sentence carrying the marker.
                &format!("{t}- Add tests/load.rs. [0o0o NEEDS CONFIRMATION] Is a load test wanted?\n- `tests/cli.rs`\n"),
                // No Testing Plan: PL004 reports it.
                "# Plan: A (a)\n\n## Summary\n\nNo tests.\n",
            ])
            .fail(&[
                // No test path at all (src files, the word "tests", a command).
                &format!("{t}- Add unit tests to `src/lib.rs`.\n- Run `cargo test --test cli`.\n"),
                // Test files given to runners that are nowhere: PL306 reports them, and
                // they name no test file.
                &format!("{t}- Run `pytest tests/test_gone.py -q` and `node --test test/gone.test.js`.\n\n```sh\nnpx jest web/__tests__/gone.test.ts\n```\n"),
                // Plain-text test paths that do not exist.
                &format!("{t}- Add tests to tests/limits.rs, **tests/Cli.rs** and (spec/limits_spec.rb).\n"),
                &format!("{t}### Where\n\n| File | Tests |\n|---|---|\n| tests/api/quota.rs | quota |\n"),
            ])
            .test_and_snapshot();
    }
}
