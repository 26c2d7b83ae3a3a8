//! The invariants of the whole pipeline, shared (by `#[path]` inclusion) by the
//! bounded property tests in `tests/robustness.rs` and the cargo-fuzz target
//! `fuzz/fuzz_targets/pipeline.rs`, so both check exactly the same things:
//!
//! * `decode` accepts exactly the NUL-free UTF-8 inputs and names why it refuses the
//!   rest (the offset of the first bad byte, the first NUL, the UTF-16 byte-order mark);
//! * nothing panics; every diagnostic span and fix edit lies inside the text, on char
//!   boundaries; diagnostics come sorted;
//! * json / sarif / gitlab output is valid JSON, junit output well-formed XML, short and
//!   github output one line per finding, human output empty exactly without findings;
//! * fixing (unsafe fixes included) converges, fixing twice equals fixing once, and the
//!   fixed text decodes (when the input was plan text) and parses back to itself.
//!
//! The including crate defines `REPO`: the path of `fixtures/repo`, the repository the
//! file-system and symbol rules run against.

use plan_lint::diagnostic::Diagnostic;
use plan_lint::document::model::Document;
use plan_lint::document::source::{self, ReadError, Span};
use plan_lint::engine::config::Config;
use plan_lint::engine::fix::{FixMode, fix_document};
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::output::{self, FileReport, Totals, human::Style};
use plan_lint::workspace::fs_view::FsView;
use plan_lint::{analysis::symbol_refs, document::parse};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The plan's path: the clean fixture's name, so the seeds start out clean.
pub(crate) const PLAN: &str = "EXPORT/plan_rate-limits.md";

pub(crate) struct Env {
    pub linter: Linter,
    pub fs: FsView,
}

/// Every rule at its default level, over `fixtures/repo`.
pub(crate) fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| Env {
        linter: Linter::new(Config::defaults(".".into()), &Selection::default())
            .expect("the default rule set is valid"),
        fs: FsView::new(super::REPO),
    })
}

/// Decodes `bytes` as the CLI does and runs the pipeline on the result; bytes that
/// are not plan text go through as lossy UTF-8 (the library API takes any `&str`,
/// NULs included), so no input is wasted.
pub(crate) fn check_bytes(bytes: &[u8]) {
    let decoded = source::decode(bytes.to_vec());
    let valid = std::str::from_utf8(bytes).is_ok_and(|s| !s.contains('\0'));
    match &decoded {
        Ok(text) => assert!(
            valid && text.as_bytes() == bytes,
            "decode: accepted bytes that are not plan text"
        ),
        Err(ReadError::InvalidUtf8 { offset }) => {
            let e = std::str::from_utf8(bytes).expect_err("decode: rejected UTF-8 as invalid");
            assert_eq!(
                *offset,
                e.valid_up_to(),
                "decode: wrong invalid-UTF-8 offset"
            );
            // no NUL before the bad byte nor in the binary probe
            assert!(!bytes[..(*offset).max(bytes.len().min(8000))].contains(&0));
        }
        Err(ReadError::Binary { offset }) => {
            assert_eq!(
                bytes.get(*offset),
                Some(&0),
                "decode: binary offset is not a NUL"
            );
            assert!(!bytes[..*offset].contains(&0), "decode: not the first NUL");
        }
        Err(ReadError::Utf16 { big_endian }) => {
            let bom: &[u8] = if *big_endian {
                b"\xfe\xff"
            } else {
                b"\xff\xfe"
            };
            assert!(bytes.starts_with(bom), "decode: UTF-16 without its mark");
        }
        Err(ReadError::Utf32 { big_endian }) => {
            let bom: &[u8] = if *big_endian {
                b"\0\0\xfe\xff"
            } else {
                b"\xff\xfe\0\0"
            };
            assert!(bytes.starts_with(bom), "decode: UTF-32 without its mark");
        }
        Err(e) => panic!("decode: unexpected error {e}"),
    }
    let text = match decoded {
        Ok(text) => text.to_string(),
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    };
    check(&text);
}

/// The whole pipeline on `text`, asserting every invariant: lint with every rule and
/// the repository symbol index, every renderer, fix with unsafe fixes, fix again.
pub(crate) fn check(text: &str) {
    let env = env();
    let path = Path::new(PLAN);
    let doc = parse::parse(path, Arc::from(text));
    let index = symbol_refs::index_for(&env.linter, env.fs.root(), &[&doc]);
    let diags = env
        .linter
        .lint_document_with(&doc, &env.fs, Some(path), index.as_ref());
    check_diags(text, &diags, "lint");
    render_all(&doc, &diags);

    let once = fix_document(
        &env.linter,
        &env.fs,
        path,
        Some(path),
        text,
        FixMode::Unsafe,
    );
    check_diags(&once.output, &once.remaining, "fixed text");
    if !text.contains('\0')
        && let Err(e) = source::decode(once.output.clone().into_bytes())
    {
        panic!("fix: the fixed text does not decode: {e}");
    }
    let fixed_doc = parse::parse(path, Arc::from(once.output.as_str()));
    assert_eq!(&*fixed_doc.source, once.output.as_str());
    render_all(&fixed_doc, &once.remaining);
    assert!(
        once.converged,
        "fix: did not converge after {} passes",
        once.passes
    );
    let twice = fix_document(
        &env.linter,
        &env.fs,
        path,
        Some(path),
        &once.output,
        FixMode::Unsafe,
    );
    assert!(
        twice.output == once.output,
        "fix: not idempotent (second pass applied {:?})",
        twice.applied.iter().map(|a| a.code).collect::<Vec<_>>()
    );
}

/// Spans inside `text` and on char boundaries, edits too; sorted by position.
fn check_diags(text: &str, diags: &[Diagnostic], what: &str) {
    let ok = |s: Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for d in diags {
        assert!(
            ok(d.span),
            "{what}: {} span {:?} out of bounds or not on a char boundary (len {})",
            d.code,
            d.span,
            text.len()
        );
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(
                ok(e.span),
                "{what}: {} fix edit {:?} out of bounds or not on a char boundary (len {})",
                d.code,
                e.span,
                text.len()
            );
        }
    }
    for w in diags.windows(2) {
        assert!(
            (w[0].span.start, w[0].code) <= (w[1].span.start, w[1].code),
            "{what}: diagnostics not sorted"
        );
    }
}

/// Every output format, each checked for its shape.
fn render_all(doc: &Document, diags: &[Diagnostic]) {
    let human = output::human::render_file(doc, diags, &Style::plain());
    assert_eq!(
        human.is_empty(),
        diags.is_empty(),
        "human: output/finding mismatch"
    );
    let short = output::short::render_file(doc, diags);
    assert_eq!(
        short.lines().count(),
        diags.len(),
        "short: one line per finding"
    );

    let mut totals = Totals {
        files: 1,
        ..Totals::default()
    };
    for d in diags {
        totals.add(d.severity);
    }
    let files = [FileReport::new(doc, diags, Some(PLAN.to_string()))];
    for (name, out) in [
        ("json", output::json::render(&files, &totals)),
        ("sarif", output::sarif::render(&files, &totals)),
        ("gitlab", output::gitlab::render(&files, &totals)),
    ] {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&out) {
            panic!("{name}: not valid JSON: {e}");
        }
    }
    let github = output::github::render(&files, &totals);
    assert_eq!(
        github.lines().count(),
        diags.len(),
        "github: one workflow command per finding"
    );
    assert!(
        github
            .lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
        "github: a line is not a workflow command"
    );
    let junit = output::junit::render(&files, &totals);
    if let Err(e) = roxmltree::Document::parse(&junit) {
        panic!("junit: not well-formed XML: {e}");
    }
}
