//! Robustness: the bounded, CI-sized counterpart of the cargo-fuzz target
//! `fuzz/fuzz_targets/pipeline.rs`. Arbitrary strings, Markdown token soup, arbitrary
//! bytes and mutations of the fixtures go through the whole pipeline (decode, parse,
//! lint with every rule, every renderer, unsafe fixing twice), checking:
//!
//! * nothing panics;
//! * every diagnostic span and fix edit lies inside the text, on char boundaries;
//!   diagnostics come sorted;
//! * json / sarif / gitlab output is valid JSON, junit output well-formed XML, short
//!   and github output one line per finding;
//! * fixing converges, fixing twice equals fixing once, and the fixed text decodes
//!   (when the input was plan text) and parses.
//!
//! Case counts are bounded so the file runs in well under 30 s in a debug build.

use plan_lint::document::model::BlockKind;
use plan_lint::document::parse;
use plan_lint::document::source;
use plan_lint::engine::fix::{FixMode, fix_document};
use plan_lint::output;
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The repository the file-system and symbol rules run against (for `invariants`).
const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/repo");

/// The pipeline's invariants, the fuzz target's too.
#[path = "support/invariants.rs"]
mod invariants;
use invariants::{PLAN, check, check_bytes, env};

#[path = "support/plans.rs"]
mod plans;

/// The seeds: `fixtures/rules/*.md`, the clean plan and the messy plan.
fn seeds() -> &'static [(PathBuf, String)] {
    static SEEDS: OnceLock<Vec<(PathBuf, String)>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut paths = vec![
            root.join("clean/EXPORT/plan_rate-limits.md"),
            root.join("messy/EXPORT/plan_messy.md"),
        ];
        let mut rules: Vec<PathBuf> = std::fs::read_dir(root.join("rules"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md"))
            .collect();
        rules.sort();
        paths.extend(rules);
        paths
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p).unwrap();
                (p, text)
            })
            .collect()
    })
}

// ---- the invariants ---------------------------------------------------------------

/// Whether `text` ends inside an unclosed code fence that swallows what is appended
/// after it (as PL004's fix appends missing sections): a section appended at the end
/// would not be a top-level heading, and the last top-level block is a code block.
fn ends_in_open_fence(text: &str) -> bool {
    let doc = parse::parse(Path::new(PLAN), Arc::from(text));
    let last_is_code = doc
        .blocks
        .iter()
        .rev()
        .find(|b| b.depth == 0)
        .is_some_and(|b| b.kind == BlockKind::CodeBlock);
    if !last_is_code {
        return false;
    }
    let probe = format!("{text}\n\n## Probe\n");
    let doc = parse::parse(Path::new(PLAN), Arc::from(probe.as_str()));
    !doc.headings
        .iter()
        .any(|h| h.level == 2 && h.depth == 0 && h.text == "Probe" && h.span.start >= text.len())
}

// ---- generators -------------------------------------------------------------------

/// Markdown and contract tokens (the fuzz dictionary's, in short).
const TOKENS: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    "\t",
    "    ",
    " ",
    "# ",
    "## ",
    "### ",
    "\n===\n",
    "\n---\n",
    "---\n",
    "> ",
    "- ",
    "* ",
    "1. ",
    "2) ",
    "- [ ] ",
    "- [x] ",
    "```",
    "~~~",
    "|",
    "| ",
    "|---|---|",
    "\\|",
    "`",
    "``",
    "**",
    "_",
    "\\",
    "[",
    "](x)",
    "<!--",
    "-->",
    "<div>",
    "&amp;",
    "# Plan: A (a)",
    "(rate-limits)",
    "## Summary",
    "## Goals",
    "## Impacted Files & Directories",
    "## Implementation Plan",
    "## Open Questions",
    "| Path | Why | Change type |",
    "| `src/lib.rs` | x | edit |",
    "| new |",
    "**Files:**",
    "**Changes:**",
    "`create_app()`",
    "[0o0o NEEDS CONFIRMATION]",
    "should",
    "might",
    "maybe",
    "as discussed above",
    "TODO",
    "<feature name>",
    "must",
    "word",
    "é",
    "→",
    "🚦",
    "\u{301}",
    "\u{200b}",
    "\u{2028}",
    "\u{fffd}",
    "\0",
    "<!-- plan-lint-disable PL101 -->",
    "<!-- plan-lint-enable -->",
    "<!-- plan-lint-disable-next-line hedging -->",
    "<!-- plan-lint-disable PL999 -->",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..60).prop_map(|t| t.concat())
}

/// One mutation: (kind, position seed, length/count seed, payload).
type Op = (u8, u32, u16, String);

fn op() -> impl Strategy<Value = Op> {
    (any::<u8>(), any::<u32>(), any::<u16>(), "\\PC{0,4}")
}

fn floor(t: &str, at: usize) -> usize {
    source::floor_char_boundary(t, at)
}

fn mutate(text: &str, ops: &[Op]) -> String {
    let mut t = text.to_string();
    for (kind, pos, n, payload) in ops {
        let at = if t.is_empty() {
            0
        } else {
            floor(&t, *pos as usize % (t.len() + 1))
        };
        let n = *n as usize;
        match kind % 16 {
            // insert random unicode
            0 => t.insert_str(at, payload),
            // delete a range
            1 => {
                let end = floor(&t, at + n % 200);
                t.replace_range(at..end, "");
            }
            // duplicate the line at `at`
            2 => {
                let start = t[..at].rfind('\n').map_or(0, |i| i + 1);
                let end = t[at..].find('\n').map_or(t.len(), |i| at + i + 1);
                let line = t[start..end].to_string();
                t.insert_str(start, &line);
            }
            3 => t.insert(at, '\r'),
            4 => t.insert(at, '\0'),
            5 => t.insert(at, '|'),
            6 => t.insert_str(at, &"`".repeat(1 + n % 4)),
            7 => t.insert(at, '>'),
            8 => t.insert_str(
                at,
                ["- ", "* ", "+ ", "1. ", "2) ", "- [ ] ", "\n- "][n % 7],
            ),
            // deep nesting: blockquotes, lists, indentation
            9 => {
                let depth = 1 + n % 120;
                let unit = ["> ", "- ", "  ", "1. ", "> - "][(n / 120) % 5];
                t.insert_str(at, &format!("\n{}x\n", unit.repeat(depth)));
            }
            10 => t.insert_str(at, TOKENS[n % TOKENS.len()]),
            // line endings: all CRLF, all lone CR
            11 => t = t.replace("\r\n", "\n").replace('\n', "\r\n"),
            12 => t = t.replace("\r\n", "\n").replace('\n', "\r"),
            13 => {
                if !t.starts_with('\u{feff}') {
                    t.insert(0, '\u{feff}');
                }
            }
            // truncate
            14 => t.truncate(at),
            // a table row with odd cells
            _ => t.insert_str(
                at,
                &format!("\n| `{payload}` | {payload} |{}\n", "|".repeat(n % 5)),
            ),
        }
    }
    t
}

/// `PLAN_LINT_ROBUSTNESS_CASES=N` runs N cases per property instead (a longer local
/// run); the defaults keep the file well under 30 s in a debug build.
fn cases(default: u32) -> u32 {
    std::env::var("PLAN_LINT_ROBUSTNESS_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ---- tests ------------------------------------------------------------------------

#[test]
fn every_seed_passes_as_is() {
    for (path, text) in seeds() {
        eprintln!("{}", path.display());
        check(text);
        check(&text.replace("\r\n", "\n").replace('\n', "\r\n"));
    }
}

#[test]
fn edge_cases() {
    for text in [
        "",
        "\u{feff}",
        "\r",
        "\n",
        "\r\n\r\n",
        "#",
        "# ",
        "|",
        "|\n|-|",
        "`",
        "```",
        ">",
        "- ",
        "1.",
        "\0",
        "# Plan: A (a)\r## Summary\r",
        "\u{feff}# Plan: A (a)\n\n## Summary\n\nIt should.",
    ] {
        check(text);
    }
    check(&format!("{}x\n", "> ".repeat(2000)));
    check(&format!("{}x\n", "- ".repeat(2000)));
    check(&format!("{}x\n", "[".repeat(5000)));
    check(&format!("{}x\n", "`".repeat(5000)));
    check_bytes(&[0xff, 0xfe, b'#', b' ', 0]);
    check_bytes(b"# Plan\xc3");
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(64),
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_strings(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn arbitrary_bytes(b in prop::collection::vec(any::<u8>(), 0..256)) {
        check_bytes(&b);
    }

    #[test]
    fn markdown_token_soup(s in token_soup()) {
        check(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(48),
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn mutated_fixtures(seed in any::<prop::sample::Index>(), ops in prop::collection::vec(op(), 1..8)) {
        let (_, text) = seed.get(seeds());
        check(&mutate(text, &ops));
    }

    #[test]
    fn mutated_fixture_bytes(
        seed in any::<prop::sample::Index>(),
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let (_, text) = seed.get(seeds());
        let mut bytes = text.clone().into_bytes();
        if !bytes.is_empty() {
            for (at, b) in flips {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
        }
        check_bytes(&bytes);
    }
}

// ---- known bugs (kept as ignored regression tests; run with `--ignored`) -----------

fn fuzz_fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/fuzz")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fix_unsafe(text: &str) -> plan_lint::engine::fix::FixOutcome {
    let env = env();
    let path = Path::new(PLAN);
    fix_document(
        &env.linter,
        &env.fs,
        path,
        Some(path),
        text,
        FixMode::Unsafe,
    )
}

/// Fixes `text` with unsafe fixes, asserting that fixing converged and that fixing the
/// result changes nothing; returns the outcome for further checks.
fn fix_converged_and_idempotent(text: &str) -> plan_lint::engine::fix::FixOutcome {
    let once = fix_unsafe(text);
    assert!(
        once.converged,
        "{text:?}: fixing did not converge after {} passes",
        once.passes
    );
    assert_eq!(
        fix_unsafe(&once.output).output,
        once.output,
        "{text:?}: not idempotent"
    );
    once
}

/// PL004's unsafe fix appends each missing section at the end of the text. When the
/// text ends inside an unclosed code fence, the appended headings become part of the
/// code block, the sections are still missing, and every pass appends them again:
/// after `MAX_PASSES` the file held ten copies of every section (and `--fix
/// --unsafe-fixes` wrote it). Found by the fuzzer (minimised to three backticks);
/// fixed by the same guard as the unclosed HTML block (`ends_in_open_html`).
#[test]
fn regression_pl004_fix_does_not_append_into_an_unclosed_fence() {
    let clean = &seeds()[0].1;
    let without_open_questions = &clean[..clean.find("## Open Questions").unwrap()];
    for text in [
        fuzz_fixture("pl004-fix-appends-into-unclosed-fence.md"),
        "~~~\n".to_string(),
        "# Plan: A (a)\n\n````md\n## Summary\n".to_string(),
        format!("{without_open_questions}```sh\ncargo test\n"),
    ] {
        assert!(ends_in_open_fence(&text), "{text:?}");
        fix_converged_and_idempotent(&text);
    }
}

/// Regression (fixed in f737648): PL004 appended missing sections inside an unclosed
/// HTML block (`<!--` …) at the end of the plan; fixing never converged.
#[test]
fn regression_pl004_fix_does_not_append_into_an_unclosed_html_block() {
    for text in [
        fuzz_fixture("pl004-fix-appends-into-unclosed-html-comment.md"),
        "<!--\n\n".to_string(),
        "<script>\n\n".to_string(),
        "<?\n".to_string(),
    ] {
        fix_converged_and_idempotent(&text);
        check(&text);
    }
}

/// Regression (found by the fuzzer, minimised to nine headings): PL005 moved one
/// out-of-order section per pass, so a plan with many sections out of order (and
/// duplicates, and missing sections PL004 inserts) needed more than `MAX_PASSES`
/// passes and `--fix` stopped half-done. PL005 now reports every section outside the
/// longest in-order run, each with its move; moves that do not touch apply together.
#[test]
fn regression_pl005_disordered_sections_are_fixed_within_the_pass_limit() {
    let reversed = plans::sections_reversed(&seeds()[0].1);
    for text in [
        fuzz_fixture("pl005-disordered-sections-take-more-than-ten-passes.md"),
        reversed,
    ] {
        let once = fix_converged_and_idempotent(&text);
        assert!(once.passes <= 3, "{} passes", once.passes);
        assert!(
            once.remaining.iter().all(|d| d.code != "PL005"),
            "still out of order: {:?}",
            once.remaining
        );
        check(&text);
    }
}

/// Regression (fixed in f737648): a message quoting a multi-line setext heading (PL008)
/// made `--format short` print one finding on two lines.
#[test]
fn regression_short_format_keeps_a_multi_line_heading_on_one_line() {
    let text = fuzz_fixture("short-format-multi-line-heading-message.md");
    let env = env();
    let path = Path::new(PLAN);
    let doc = parse::parse(path, Arc::from(text.as_str()));
    let diags = env.linter.lint_document(&doc, &env.fs, Some(path));
    assert!(
        diags
            .iter()
            .any(|d| d.code == "PL008" && d.message.contains('\n'))
    );
    let short = output::short::render_file(&doc, &diags);
    assert_eq!(short.lines().count(), diags.len(), "{short}");
}
