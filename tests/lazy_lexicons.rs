//! Lexicons are compiled only when a rule that reads them runs (issue 15, item 4): a
//! run of `--select PL001` compiles none, and the default selection compiles each of
//! the four default lexicons once per process — not once per plan, per thread or per
//! configuration. One test in its own binary, so nothing else in the process compiles
//! lexicons while it counts.

use plan_lint::contract::{Contract, Lexicons, lexicon_compilations};
use plan_lint::engine::config::Config;
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::workspace::fs_view::FsView;
use rayon::prelude::*;
use std::path::Path;
use std::sync::Arc;

/// A plan whose prose each lexicon rule (PL101-PL104) reads, with a finding of each.
const PLAN: &str = "# Plan: A (a)\n\n## Summary\n\nWe should maybe cache the results, etc. as discussed above, see TODO.\n";

fn linter(select: Option<&str>) -> Linter {
    let selection = Selection {
        select: select.map(|s| vec![s.to_string()]),
        ignore: vec![],
    };
    Linter::new(Config::defaults(".".into()), &selection).expect("known rule")
}

/// The codes `linter` reports on `n` copies of `PLAN`, linted in parallel.
fn lint_many(linter: &Linter, n: usize) -> Vec<&'static str> {
    let fs = FsView::new(Path::new("."));
    let mut codes: Vec<&'static str> = (0..n)
        .into_par_iter()
        .flat_map_iter(|i| {
            let path = format!("EXPORT/plan_a{i}.md");
            let doc = plan_lint::document::parse::parse(Path::new(&path), Arc::from(PLAN));
            linter
                .lint_document(&doc, &fs, None)
                .into_iter()
                .map(|d| d.code)
                .collect::<Vec<_>>()
        })
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

#[test]
fn lexicons_are_compiled_when_a_rule_reads_them_once_per_process() {
    assert_eq!(lexicon_compilations(), 0);
    // a rule that reads no lexicon: none is compiled, whatever the plan holds
    let pl001 = linter(Some("PL001"));
    lint_many(&pl001, 8);
    assert_eq!(
        lexicon_compilations(),
        0,
        "--select PL001 compiles no lexicon"
    );
    // one lexicon rule: its lexicon alone
    lint_many(&linter(Some("PL101")), 8);
    assert_eq!(
        lexicon_compilations(),
        1,
        "PL101 compiles the hedging lexicon"
    );
    // every rule, over many plans on every thread, from two configurations: the three
    // other lexicons, once each
    let all = linter(None);
    let codes = lint_many(&all, 64);
    for code in ["PL101", "PL102", "PL103", "PL104"] {
        assert!(
            codes.contains(&code),
            "{code} reports on the plan: {codes:?}"
        );
    }
    lint_many(&linter(None), 64);
    assert_eq!(
        lexicon_compilations(),
        4,
        "each default lexicon once per process"
    );
    // a config that changes a lexicon compiles that one, when it is read (so that its
    // errors are reported then), and shares the defaults for the others
    let c = Contract {
        hedging: vec!["perhaps".into()],
        ..Contract::default()
    };
    let lex = Lexicons::compile(&c).expect("compiles");
    assert_eq!(lexicon_compilations(), 5);
    assert!(lex.hedging().is_some_and(|re| re.is_match("perhaps")));
    assert!(lex.weak_wording().is_some() && !lex.placeholders().is_empty());
    assert_eq!(lexicon_compilations(), 5);
}
