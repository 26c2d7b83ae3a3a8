//! Fuzz target: the whole plan-lint pipeline on arbitrary bytes.
//!
//! decode → parse → lint (every rule, with the symbol index over `fixtures/repo`) →
//! every renderer (human, short, json, sarif, github, junit, gitlab) → fix (unsafe
//! fixes) → fix again. Invariants (a violation panics, which libFuzzer reports as a
//! crash; each has its own message so distinct bugs are told apart):
//!
//! * nothing panics, overflows the stack or hangs;
//! * every diagnostic span (and every fix edit) lies inside the text, on char
//!   boundaries, `start <= end`; diagnostics come sorted;
//! * json / sarif / gitlab output is valid JSON, junit output is well-formed XML, the
//!   github output is one workflow command per finding;
//! * fixing converges, and fixing the fixed text changes nothing (idempotent);
//! * the fixed text decodes as plan text (when the input was plan text) and parses.
//!
//! `decode` must accept exactly the NUL-free UTF-8 inputs. Bytes it rejects still go
//! through the pipeline, as the text the library API could be handed instead (lossy
//! UTF-8, NULs kept: `parse` and `lint_text` take any `&str`), so no input is wasted.

#![no_main]

use libfuzzer_sys::fuzz_target;
use plan_lint::config::Config;
use plan_lint::diagnostic::Diagnostic;
use plan_lint::fix::{FixMode, fix_document};
use plan_lint::fs_view::FsView;
use plan_lint::lint::{Linter, Selection};
use plan_lint::model::Document;
use plan_lint::render::{self, FileReport, Totals, human::Style};
use plan_lint::{parse, source, symbols};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The plan's path: the clean fixture's name, so the seeds start out clean.
const PLAN: &str = "EXPORT/plan_rate-limits.md";
/// A small fixed repository for the file-existence and symbol rules.
const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/repo");

struct Env {
    linter: Linter,
    fs: FsView,
}

fn env() -> &'static Env {
    static ENV: OnceLock<Env> = OnceLock::new();
    ENV.get_or_init(|| Env {
        linter: Linter::new(Config::defaults(".".into()), &Selection::default())
            .expect("the default rule set is valid"),
        fs: FsView::new(REPO),
    })
}

fuzz_target!(|data: &[u8]| {
    // decode accepts exactly NUL-free UTF-8
    let decoded = source::decode(data.to_vec());
    let valid = std::str::from_utf8(data).is_ok_and(|s| !s.contains('\0'));
    match &decoded {
        Ok(text) => assert!(
            valid && text.as_bytes() == data,
            "decode: accepted bytes that are not plan text"
        ),
        Err(e) => {
            assert!(!valid, "decode: rejected plan text: {e}");
            let _ = e.to_string();
        }
    }
    // Rejected bytes: the pipeline still runs on the text the user could have written
    // instead (lossy UTF-8). The library API (`parse`, `lint_text`) takes any `&str`,
    // NULs included, so those stay in.
    let text: Arc<str> = match decoded {
        Ok(text) => text,
        Err(_) => Arc::from(String::from_utf8_lossy(data).as_ref()),
    };
    pipeline(&text);
});

fn pipeline(text: &Arc<str>) {
    let env = env();
    let path = Path::new(PLAN);

    // parse + lint, every rule, with the repository symbol index
    let doc = parse::parse(path, text.clone());
    let index = symbols::index_for(&env.linter, env.fs.root(), &[&doc]);
    let diags = env
        .linter
        .lint_document_with(&doc, &env.fs, Some(path), index.as_ref());
    check_diags(text, &diags, "lint");

    // every renderer
    render_all(&doc, &diags);

    // fix (safe + unsafe fixes), then fix again
    let once = fix_document(
        &env.linter,
        &env.fs,
        path,
        Some(path),
        text,
        FixMode::Unsafe,
    );
    check_diags(&once.output, &once.remaining, "fixed text");
    if !text.contains('\0') {
        if let Err(e) = source::decode(once.output.clone().into_bytes()) {
            panic!("fix: the fixed text does not decode: {e}");
        }
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
    let ok = |s: plan_lint::source::Span| {
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
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert!(
                    ok(e.span),
                    "{what}: {} fix edit {:?} out of bounds or not on a char boundary (len {})",
                    d.code,
                    e.span,
                    text.len()
                );
            }
        }
    }
    for w in diags.windows(2) {
        assert!(
            (w[0].span.start, w[0].code) <= (w[1].span.start, w[1].code),
            "{what}: diagnostics not sorted"
        );
    }
}

fn render_all(doc: &Document, diags: &[Diagnostic]) {
    let human = render::human::render_file(doc, diags, &Style::plain());
    assert_eq!(
        human.is_empty(),
        diags.is_empty(),
        "human: output/finding mismatch"
    );
    let short = render::short::render_file(doc, diags);
    assert_eq!(
        short.lines().count(),
        diags.len(),
        "short: one line per finding"
    );

    let report = FileReport::new(doc, diags, Some(PLAN.to_string()));
    let mut totals = Totals {
        files: 1,
        ..Totals::default()
    };
    for d in diags {
        totals.add(d.severity);
    }
    let files = [report];
    for (name, out) in [
        ("json", render::json::render(&files, &totals)),
        ("sarif", render::sarif::render(&files, &totals)),
        ("gitlab", render::gitlab::render(&files, &totals)),
    ] {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(&out) {
            panic!("{name}: not valid JSON: {e}");
        }
    }
    let github = render::github::render(&files, &totals);
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
    let junit = render::junit::render(&files, &totals);
    if let Err(e) = roxmltree::Document::parse(&junit) {
        panic!("junit: not well-formed XML: {e}");
    }
}
