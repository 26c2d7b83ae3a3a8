//! The rule documentation pages (`rules/<CODE>.md`, embedded by `build.rs`): one per
//! registered rule, in the format of `rules/README.md`, with examples that do what they
//! say, and `plan-lint explain`.
//!
//! Tests (a)–(c) check every page that exists and report every problem in one message.

use assert_cmd::Command;
use plan_lint::diagnostic::Applicability;
use plan_lint::docs::{self, Example, SECTIONS};
use plan_lint::engine::config::Config;
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::rules::{self, FixAvailability};
use plan_lint::workspace::fs_view::FsView;
use std::path::Path;

/// Fails with every problem, one a line, when there is any.
fn assert_no_problems(what: &str, problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{what}: {} problem(s):\n- {}",
        problems.len(),
        problems.join("\n- ")
    );
}

#[test]
fn every_rule_has_a_page_and_every_page_a_rule() {
    let mut problems = Vec::new();
    for rule in rules::all() {
        if docs::page(rule.code()).is_none() {
            problems.push(format!(
                "{} `{}` has no page rules/{}.md",
                rule.code(),
                rule.name(),
                rule.code()
            ));
        }
    }
    for (code, _) in docs::all_pages() {
        if !rules::all().iter().any(|r| r.code() == *code) {
            problems.push(format!("rules/{code}.md documents no registered rule"));
        }
    }
    assert_no_problems("rule pages", &problems);
}

#[test]
fn every_page_has_its_title_and_the_six_sections_in_order() {
    let mut problems = Vec::new();
    for (code, page) in docs::all_pages() {
        let Some(rule) = rules::find(code) else {
            continue; // reported by the test above
        };
        let expected_title = format!("{} `{}`", rule.code(), rule.name());
        let first_line = page.lines().next().unwrap_or("");
        if first_line != format!("# {expected_title}") {
            problems.push(format!(
                "{code}: the first line is `{first_line}`, expected `# {expected_title}`"
            ));
        }
        let meta_line = page
            .lines()
            .skip(1)
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let expected_meta = format!("Default severity: **{}**", rule.meta().severity);
        if !meta_line.starts_with(&expected_meta) {
            problems.push(format!(
                "{code}: the line after the title is `{meta_line}`, expected it to start with `{expected_meta}`"
            ));
        }
        let titles = docs::section_titles(page);
        if titles != SECTIONS {
            problems.push(format!(
                "{code}: the sections are {titles:?}, expected exactly {SECTIONS:?}"
            ));
        }
    }
    assert_no_problems("page format", &problems);
}

/// Lints an example with only rule `code` selected; returns that rule's findings as
/// `line:col message` strings.
fn findings(code: &str, example: &Example) -> Result<Vec<String>, String> {
    let selection = Selection {
        select: Some(vec![code.into()]),
        ignore: vec![],
    };
    // Unused suppressions reported, for PL902's examples (no other page has one).
    let linter = Linter::new(Config::defaults(".".into()), &selection)
        .map_err(|e| e.to_string())?
        .with_report_unused_disables(true);
    let fs = FsView::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/repo"));
    let path = example.path.as_deref().unwrap_or("EXPORT/plan_a.md");
    // As a run does it: the plan's symbol candidates, one scan, then lint (PL307-PL309).
    let doc = plan_lint::document::parse::parse(
        Path::new(path),
        std::sync::Arc::from(example.text.as_str()),
    );
    let symbols = plan_lint::analysis::symbol_refs::index_for(&linter, fs.root(), &[&doc]);
    let diags = linter.lint_document_with(&doc, &fs, Some(Path::new(path)), symbols.as_ref());
    Ok(diags
        .iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let lc = line_col(&example.text, d.span.start);
            format!("{}:{} {}", lc.0, lc.1, d.message)
        })
        .collect())
}

/// 1-based line and character column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[test]
fn every_page_example_triggers_its_rule_and_the_fix_does_not() {
    let mut problems = Vec::new();
    for (code, page) in docs::all_pages() {
        if rules::find(code).is_none() {
            continue;
        }
        let examples = docs::examples(page);
        match &examples.trigger {
            None => problems.push(format!("{code}: no ```markdown block under \"## Example\"")),
            Some(ex) => match findings(code, ex) {
                Err(e) => problems.push(format!("{code}: {e}")),
                Ok(found) if found.is_empty() => problems.push(format!(
                    "{code}: the Example (as {}) produces no {code} finding",
                    ex.path.as_deref().unwrap_or("EXPORT/plan_a.md")
                )),
                Ok(_) => {}
            },
        }
        match &examples.clean {
            None => problems.push(format!(
                "{code}: no ```markdown block under \"## Use instead\""
            )),
            Some(ex) => match findings(code, ex) {
                Err(e) => problems.push(format!("{code}: {e}")),
                Ok(found) if !found.is_empty() => problems.push(format!(
                    "{code}: the Use instead block (as {}) produces {code} findings: {}",
                    ex.path.as_deref().unwrap_or("EXPORT/plan_a.md"),
                    found.join("; ")
                )),
                Ok(_) => {}
            },
        }
    }
    assert_no_problems("page examples", &problems);
}

/// The text of the page's `## Fix safety` section (up to the next `## ` heading).
fn fix_safety(page: &str) -> String {
    page.lines()
        .skip_while(|l| l.trim_end() != "## Fix safety")
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// The tiers a "Fix safety" section names in bold (`**Safe**`, `**unsafe**`,
/// `**suggestion**`, any case): the words the pages use for the applicabilities.
fn bold_tiers(text: &str) -> Vec<Applicability> {
    let lower = text.to_lowercase();
    [
        ("**safe**", Applicability::Safe),
        ("**unsafe**", Applicability::Unsafe),
        ("**suggestion**", Applicability::Suggestion),
    ]
    .into_iter()
    .filter(|(word, _)| lower.contains(word))
    .map(|(_, tier)| tier)
    .collect()
}

/// A page's "Fix safety" agrees with its rule's [`FixAvailability`]: a rule without a
/// fix says so first ("No automatic fix…" or "None: …") and names no tier in bold; a
/// rule with a fix does not open that way, and the highest tier the page names in bold
/// is the one the rule declares; a rule whose findings only sometimes carry a fix says
/// which have none ("… has no fix").
#[test]
fn every_fix_safety_section_agrees_with_the_declaration() {
    let mut problems = Vec::new();
    for (code, page) in docs::all_pages() {
        let Some(rule) = rules::find(code) else {
            continue;
        };
        let text = fix_safety(page);
        let says_none = text.starts_with("No automatic fix") || text.starts_with("None:");
        let tiers = bold_tiers(&text);
        match rule.meta().fix {
            FixAvailability::None => {
                if !says_none {
                    problems.push(format!(
                        "{code} declares no fix, but its Fix safety does not start with \"No automatic fix\" or \"None:\""
                    ));
                }
                if !tiers.is_empty() {
                    problems.push(format!(
                        "{code} declares no fix, but its Fix safety names {tiers:?} in bold"
                    ));
                }
            }
            FixAvailability::Sometimes(max) | FixAvailability::Always(max) => {
                if says_none {
                    problems.push(format!(
                        "{code} declares a fix ({max}), but its Fix safety says there is none"
                    ));
                }
                let lower = text
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                let names_the_unfixed = ["has no fix", "have no fix", "has no automatic fix"]
                    .iter()
                    .any(|p| lower.contains(p));
                if matches!(rule.meta().fix, FixAvailability::Sometimes(_)) && !names_the_unfixed {
                    problems.push(format!(
                        "{code} declares a fix for some findings (Sometimes), but its Fix safety does not say which have none (\"… has no fix\")"
                    ));
                }
                let highest = tiers.iter().max();
                if highest != Some(&max) {
                    problems.push(format!(
                        "{code} declares fixes of up to {max}, but the highest tier its Fix safety names in bold is {highest:?}"
                    ));
                }
            }
        }
    }
    assert_no_problems("Fix safety sections", &problems);
}

fn plan_lint() -> Command {
    let mut cmd = Command::cargo_bin("plan-lint").expect("binary builds");
    cmd.env_remove("NO_COLOR");
    cmd
}

#[test]
fn explain_prints_the_page() {
    let page = docs::page("PL101").expect("rules/PL101.md exists");
    // Standard output is a pipe here, not a terminal: the page is printed as written.
    plan_lint()
        .args(["explain", "PL101"])
        .assert()
        .code(0)
        .stdout(page.to_string());
    plan_lint()
        .args(["explain", "hedging"])
        .assert()
        .code(0)
        .stdout(page.to_string());
    plan_lint()
        .args(["explain", "pl101"])
        .assert()
        .code(0)
        .stdout(page.to_string());
}

#[test]
fn explain_unknown_rule_exits_two() {
    plan_lint()
        .args(["explain", "PL999"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("unknown rule `PL999`"))
        .stderr(predicates::str::contains("plan-lint rules"));
}

#[test]
fn explain_needs_a_rule() {
    plan_lint().arg("explain").assert().code(2);
}
