//! The machine output formats (`json`, `sarif`, `github`, `junit`, `gitlab`), built
//! through the library on one fixture set: the messy plan, the clean plan, and three
//! rule fixtures chosen for their shapes (non-ASCII text before findings, an unsafe
//! multi-edit fix, safe fixes in table cells).
//!
//! Every format gets a snapshot (`tests/snapshots/formats__*.snap`; review a changed
//! one by reading it), plus checks a snapshot cannot make: SARIF against the vendored
//! SARIF 2.1.0 schema (`fixtures/sarif-2.1.0-rtm.5.json`, checked with `boon`: the
//! `jsonschema` crate refuses to compile that schema), JSON read back and checked
//! against the schema in `docs/json-format.md`, GitHub command escaping, JUnit as
//! well-formed XML, and GitLab fingerprints that survive unrelated edits.

use plan_lint::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use plan_lint::document::source::{LineCol, Span};
use plan_lint::engine::config::Config;
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::output::{self, FileReport, Located, Totals};
use plan_lint::workspace::fs_view::FsView;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The fixture set, paths relative to the crate root (and used as the root-relative
/// paths in the output, so snapshots do not depend on where the crate is checked out).
const FIXTURES: &[&str] = &[
    "fixtures/messy/EXPORT/plan_messy.md",
    "fixtures/clean/EXPORT/plan_rate-limits.md",
    "fixtures/rules/PL101-unicode.md",
    "fixtures/rules/PL004.md",
    "fixtures/rules/PL202.md",
];

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(crate_root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Lints `text` as the plan at `rel` with every rule, against `fixtures/repo`.
fn report_for(linter: &Linter, fs: &FsView, rel: &str, text: &str) -> FileReport {
    let doc = plan_lint::document::parse::parse(Path::new(rel), Arc::from(text));
    let diags = linter.lint_document(&doc, fs, Some(Path::new(rel)));
    FileReport::new(&doc, &diags, Some(rel.to_string()))
}

fn linter() -> Linter {
    Linter::new(Config::defaults(".".into()), &Selection::default()).expect("default rules")
}

fn totals(files: &[FileReport]) -> Totals {
    let mut t = Totals {
        files: files.len(),
        ..Totals::default()
    };
    for f in files {
        for found in &f.findings {
            t.add_finding(&found.diag);
        }
    }
    t
}

fn fixture_reports() -> (Vec<FileReport>, Totals) {
    let linter = linter();
    let fs = FsView::new(crate_root().join("fixtures/repo"));
    let files: Vec<FileReport> = FIXTURES
        .iter()
        .map(|rel| report_for(&linter, &fs, rel, &read(rel)))
        .collect();
    let t = totals(&files);
    (files, t)
}

/// The crate version in the JSON and SARIF documents, replaced so that a release does
/// not change the snapshots (the tests below check the real value).
fn redact_version(s: &str) -> String {
    s.replace(
        &format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"version\": \"[VERSION]\"",
    )
    .replace(
        &format!("\"semanticVersion\": \"{}\"", env!("CARGO_PKG_VERSION")),
        "\"semanticVersion\": \"[VERSION]\"",
    )
}

/// A hand-made finding in a file whose root-relative path is `path`.
fn hand_made(path: &str, diag: Diagnostic, start: LineCol, end: LineCol) -> FileReport {
    FileReport {
        path: PathBuf::from(path),
        root_relative: Some(path.to_string()),
        findings: vec![Located { diag, start, end }],
        failure: None,
        fixes_applied: None,
    }
}

fn tricky_diagnostic() -> Diagnostic {
    Diagnostic {
        code: "PL101",
        name: "hedging",
        severity: Severity::Error,
        message: "100% sure: a, b <c> & \"d\" 'e'\r\nsecond line ]]> \u{1}\u{FFFF}".into(),
        span: Span::new(10, 16),
        label: None,
        help: Some("write `must`, not `should`: 50%".into()),
        fix: Some(Fix::replace(
            Applicability::Safe,
            "Replace `should` with `must`",
            Span::new(10, 16),
            "must",
        )),
    }
}

const TRICKY_PATH: &str = "dir,a:b/100% plan_x.md";

// ── snapshots ──

#[test]
fn json_snapshot() {
    let (files, t) = fixture_reports();
    insta::assert_snapshot!("json", redact_version(&output::json::render(&files, &t)));
}

#[test]
fn sarif_snapshot() {
    let (files, t) = fixture_reports();
    insta::assert_snapshot!("sarif", redact_version(&output::sarif::render(&files, &t)));
}

#[test]
fn github_snapshot() {
    let (files, t) = fixture_reports();
    insta::assert_snapshot!("github", output::github::render(&files, &t));
}

#[test]
fn junit_snapshot() {
    let (files, t) = fixture_reports();
    insta::assert_snapshot!("junit", output::junit::render(&files, &t));
}

#[test]
fn gitlab_snapshot() {
    let (files, t) = fixture_reports();
    insta::assert_snapshot!("gitlab", output::gitlab::render(&files, &t));
}

#[test]
fn every_format_is_deterministic() {
    let (a, ta) = fixture_reports();
    let (b, tb) = fixture_reports();
    type RenderFn = fn(&[FileReport], &Totals) -> String;
    let formats: [(&str, RenderFn); 5] = [
        ("json", output::json::render),
        ("sarif", output::sarif::render),
        ("github", output::github::render),
        ("junit", output::junit::render),
        ("gitlab", output::gitlab::render),
    ];
    for (name, f) in formats {
        assert_eq!(f(&a, &ta), f(&b, &tb), "{name} differs between two runs");
    }
}

// ── SARIF ──

fn sarif_errors(sarif: &str) -> Vec<String> {
    let schema_text = read("fixtures/sarif-2.1.0-rtm.5.json");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let instance: serde_json::Value = serde_json::from_str(sarif).expect("SARIF is JSON");
    let url = "file:///fixtures/sarif-2.1.0-rtm.5.json";
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    // Formats (`uri`, `uri-reference`, `date-time`…) are checked too, not only noted.
    compiler.enable_format_assertions();
    compiler
        .add_resource(url, schema)
        .expect("the schema loads");
    let index = compiler
        .compile(url, &mut schemas)
        .unwrap_or_else(|e| panic!("the SARIF schema compiles: {e:#}"));
    match schemas.validate(&instance, index) {
        Ok(()) => Vec::new(),
        // `{:#}` lists every failing location with the keyword that failed.
        Err(e) => format!("{e:#}").lines().map(str::to_string).collect(),
    }
}

fn assert_valid_sarif(what: &str, sarif: &str) {
    let errors = sarif_errors(sarif);
    assert!(
        errors.is_empty(),
        "{what}: {} SARIF schema violation(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
}

#[test]
fn sarif_validates_against_the_schema() {
    let (files, t) = fixture_reports();
    assert_valid_sarif("fixture set", &output::sarif::render(&files, &t));
    assert_valid_sarif("no files", &output::sarif::render(&[], &Totals::default()));
    // Odd paths: inside the root with reserved characters, outside the root (relative
    // and absolute, as named), and a finding of an unregistered rule.
    let start = LineCol { line: 1, column: 3 };
    let end = LineCol { line: 1, column: 9 };
    let mut outside = hand_made("x", tricky_diagnostic(), start, end);
    outside.root_relative = None;
    outside.path = PathBuf::from("../elsewhere/plan a.md");
    let mut absolute = outside.clone();
    absolute.path = PathBuf::from("/tmp/some dir/plan#1.md");
    let mut unknown = hand_made("EXPORT/plan_u.md", tricky_diagnostic(), start, end);
    unknown.findings[0].diag.code = "PL999";
    let [unreadable, unwritten] = failed_files(start, end);
    let odd = [
        hand_made(TRICKY_PATH, tricky_diagnostic(), start, end),
        outside,
        absolute,
        unknown,
        // a file that could not be read (a tool execution notification), and one whose
        // fix could not be written (its findings stay, plus a notification)
        unreadable,
        unwritten,
    ];
    let failed = Totals {
        failed: 2,
        unwritten: 1,
        ..totals(&odd)
    };
    let sarif = output::sarif::render(&odd, &failed);
    assert_valid_sarif("odd paths", &sarif);
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = &v["runs"][0]["results"];
    let uri = |i: usize| results[i]["locations"][0]["physicalLocation"]["artifactLocation"].clone();
    assert_eq!(
        uri(0),
        serde_json::json!({"uri": "dir,a%3Ab/100%25%20plan_x.md", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(
        uri(1),
        serde_json::json!({"uri": "../elsewhere/plan%20a.md"})
    );
    assert_eq!(
        uri(2),
        serde_json::json!({"uri": "file:///tmp/some%20dir/plan%231.md"})
    );
    assert!(results[3].get("ruleIndex").is_none());
    assert_eq!(results[3]["ruleId"], "PL999");
    assert_eq!(
        v["runs"][0]["invocations"][0]["executionSuccessful"],
        serde_json::json!(false)
    );
    let notifications = &v["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(
        notifications,
        &serde_json::json!([
            {
                "level": "error",
                "message": { "text": "EXPORT/plan_bin.md could not be read: binary file (NUL byte at byte offset 0); plans must be UTF-8 text" },
                "locations": [{ "physicalLocation": { "artifactLocation":
                    { "uri": "EXPORT/plan_bin.md", "uriBaseId": "%SRCROOT%" } } }],
                "descriptor": { "id": "plan-lint/io-error" }
            },
            {
                "level": "error",
                "message": { "text": "EXPORT/plan_ro.md fix could not be written: the file is read-only; nothing was written" },
                "locations": [{ "physicalLocation": { "artifactLocation":
                    { "uri": "EXPORT/plan_ro.md", "uriBaseId": "%SRCROOT%" } } }],
                "descriptor": { "id": "plan-lint/write-error" }
            }
        ])
    );
    assert_eq!(
        results.as_array().unwrap().len(),
        5,
        "the unwritten file's finding stays"
    );
}

#[test]
fn the_schema_check_rejects_invalid_sarif() {
    let (files, t) = fixture_reports();
    let sarif = output::sarif::render(&files, &t);
    let mut v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    v["runs"][0]["results"][0]["level"] = "fatal".into();
    v["runs"][0]["tool"]["driver"]["informationUri"] = "not a uri".into();
    let errors = sarif_errors(&v.to_string());
    let all = errors.join("\n");
    assert!(all.contains("/runs/0/results/0/level"), "{all}");
    assert!(all.contains("/runs/0/tool/driver/informationUri"), "{all}");
}

#[test]
fn sarif_lists_every_rule_with_its_page() {
    let (files, t) = fixture_reports();
    let v: serde_json::Value =
        serde_json::from_str(&output::sarif::render(&files, &t)).expect("JSON");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "plan-lint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    let all = plan_lint::rules::all();
    assert_eq!(rules.len(), all.len());
    for (r, rule) in rules.iter().zip(all) {
        let meta = rule.meta();
        assert_eq!(r["id"], meta.code);
        assert_eq!(r["name"], meta.name);
        assert_eq!(r["shortDescription"]["text"], meta.summary);
        // No stable address (Cargo.toml names no `repository`): no helpUri, the page
        // is in `help`.
        assert_eq!(env!("CARGO_PKG_REPOSITORY"), "");
        assert!(r.get("helpUri").is_none(), "{r}");
        assert_eq!(
            r["defaultConfiguration"]["level"],
            meta.severity.to_string()
        );
        // Every rule having a page is tests/docs.rs's check; a rule with a page has
        // its "What it does" section here.
        if plan_lint::docs::page(meta.code).is_some() {
            let full = r["fullDescription"]["text"].as_str().unwrap_or_else(|| {
                panic!("{}: no fullDescription (no `## What it does`?)", meta.code)
            });
            assert!(!full.is_empty(), "{}: empty fullDescription", meta.code);
        }
    }
    // One page, read closely: links, code spans and line breaks as plain text, and the
    // Markdown with links that work outside the repository.
    let pl002 = &rules[all.iter().position(|r| r.code() == "PL002").unwrap()];
    let text = pl002["fullDescription"]["text"].as_str().unwrap();
    assert!(
        text.starts_with(
            "Checks the feature slug written in the title's parentheses, (<feat_name>). It must be"
        ),
        "{text}"
    );
    assert!(text.contains("is PL001's finding"), "{text}");
    let markdown = pl002["fullDescription"]["markdown"].as_str().unwrap();
    // Without a stable address, links to other pages are their text.
    assert!(markdown.contains("is PL001's\nfinding"), "{markdown}");
    assert!(!markdown.contains("](PL001.md)"), "{markdown}");
    let help = pl002["help"]["markdown"].as_str().unwrap();
    assert!(help.starts_with("Default severity:"), "{help}");
    assert!(help.contains("## What it does\n"), "{help}");
    assert!(!pl002["help"]["text"].as_str().unwrap().is_empty());
    // Each result points back at its rule.
    for res in run["results"].as_array().expect("results") {
        let i = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[i]["id"], res["ruleId"]);
        let region = &res["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64() <= region["endLine"].as_u64());
    }
}

// ── JSON ──

/// 1-based line and character column of a byte offset, counted here independently of
/// the library (line endings `\n`, `\r\n`, `\r`; a BOM is not a column).
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let mut line = 1;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                line += 1;
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    let col_text = before[line_start..].trim_start_matches('\u{feff}');
    (line, col_text.chars().count() + 1)
}

#[test]
fn json_reads_back() {
    let (files, t) = fixture_reports();
    let v: serde_json::Value =
        serde_json::from_str(&output::json::render(&files, &t)).expect("valid JSON");
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "plan-lint");
    assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        v["summary"],
        serde_json::json!({
            "files": t.files, "errors": t.errors, "warnings": t.warnings, "failed": 0,
            "fixable": t.fixable, "unsafe_fixable": t.unsafe_fixable
        })
    );
    assert!(
        t.fixable > 0 && t.unsafe_fixable > 0,
        "the fixtures have both kinds"
    );
    assert_eq!(v["failures"], serde_json::json!([]));
    let out_files = v["files"].as_array().expect("files");
    assert_eq!(out_files.len(), FIXTURES.len());
    let mut errors = 0;
    let mut fixes = 0;
    for (f, rel) in out_files.iter().zip(FIXTURES) {
        assert_eq!(f["path"], *rel);
        let text = read(rel);
        for finding in f["findings"].as_array().expect("findings") {
            let keys: Vec<&str> = finding
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            for key in [
                "code", "name", "severity", "message", "label", "help", "start", "end", "fix",
            ] {
                assert!(keys.contains(&key), "{rel}: no `{key}` in {finding}");
            }
            let rule = plan_lint::rules::find(finding["code"].as_str().unwrap()).expect("rule");
            assert_eq!(finding["name"], rule.name());
            if finding["severity"] == "error" {
                errors += 1;
            } else {
                assert_eq!(finding["severity"], "warning");
            }
            // Line and column agree with the byte offset, for start and end.
            for end in ["start", "end"] {
                let pos = &finding[end];
                let offset = pos["offset"].as_u64().unwrap() as usize;
                let (line, column) = line_col(&text, offset);
                assert_eq!(
                    (pos["line"].as_u64(), pos["column"].as_u64()),
                    (Some(line as u64), Some(column as u64)),
                    "{rel}: {end} of {finding}"
                );
            }
            if !finding["fix"].is_null() {
                fixes += 1;
                let fix = &finding["fix"];
                assert!(
                    ["safe", "unsafe", "suggestion"]
                        .contains(&fix["applicability"].as_str().unwrap())
                );
                for e in fix["edits"].as_array().expect("edits") {
                    let (s, en) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
                    assert!(s <= en && en as usize <= text.len(), "{rel}: {e}");
                    assert!(e["replacement"].is_string());
                }
            }
        }
    }
    assert_eq!(errors, t.errors);
    assert!(fixes > 0, "the fixture set has fixes");
    // The hedging finding of the unicode fixture: character columns, byte offsets.
    let unicode = &out_files[2]["findings"];
    let hedge = unicode
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "PL101")
        .expect("PL101 in the unicode fixture");
    assert_eq!(hedge["start"]["line"], 9);
    assert_eq!(hedge["start"]["column"], 51);
    assert!(hedge["start"]["offset"].as_u64() > hedge["start"]["column"].as_u64());
    assert_eq!(hedge["fix"]["applicability"], "safe");
    assert_eq!(hedge["fix"]["edits"][0]["replacement"], "must");
}

/// The ```` ```json ```` blocks of `docs/json-format.md`, in order.
fn doc_json_blocks() -> Vec<serde_json::Value> {
    let doc = read("docs/json-format.md");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line) {
            (None, "```json") => current = Some(String::new()),
            (Some(text), "```") => {
                blocks.push(serde_json::from_str(text).expect("a JSON block of the docs"));
                current = None;
            }
            (Some(text), l) => {
                text.push_str(l);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn json_matches_the_documented_schema() {
    let blocks = doc_json_blocks();
    let [example, failure_example, schema] = blocks.as_slice() else {
        panic!("docs/json-format.md: expected two examples and a schema block");
    };
    let url = "file:///docs/json-format.schema.json";
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource(url, schema.clone()).expect("loads");
    let index = compiler
        .compile(url, &mut schemas)
        .unwrap_or_else(|e| panic!("the documented schema compiles: {e:#}"));
    let (files, t) = fixture_reports();
    let output: serde_json::Value =
        serde_json::from_str(&output::json::render(&files, &t)).expect("JSON");
    if let Err(e) = schemas.validate(&output, index) {
        panic!("the output does not match docs/json-format.md:\n{e:#}");
    }
    for example in [example, failure_example] {
        if let Err(e) = schemas.validate(example, index) {
            panic!("the documented example does not match the documented schema:\n{e:#}");
        }
    }
    // A run with a file that could not be read, one whose fix could not be written,
    // and the fixes applied (`--show-fixes`).
    let mut fixed = files[0].clone();
    fixed.fixes_applied = Some(vec![plan_lint::engine::fix::Applied {
        code: "PL101",
        message: "Replace `should` with `must`".into(),
        line: 5,
    }]);
    let mut unwritten = files[1].clone();
    unwritten.failure = Some(output::Failure {
        kind: output::FailureKind::Write,
        message: "the file is read-only; nothing was written".into(),
    });
    let unreadable = FileReport::unreadable(
        PathBuf::from("EXPORT/plan_bin.md"),
        Some("EXPORT/plan_bin.md".into()),
        "binary file (NUL byte at byte offset 0); plans must be UTF-8 text".into(),
    );
    let failing = [fixed, unwritten, unreadable];
    let failed = Totals {
        failed: 2,
        unwritten: 1,
        ..totals(&failing)
    };
    let with_failures: serde_json::Value =
        serde_json::from_str(&output::json::render(&failing, &failed)).expect("JSON");
    if let Err(e) = schemas.validate(&with_failures, index) {
        panic!("failures do not match docs/json-format.md:\n{e:#}");
    }
    assert_eq!(with_failures["files"].as_array().unwrap().len(), 2);
    assert_eq!(
        with_failures["failures"],
        serde_json::json!([
            { "path": files[1].display_path(), "kind": "write",
              "message": "the file is read-only; nothing was written" },
            { "path": "EXPORT/plan_bin.md", "kind": "read",
              "message": "binary file (NUL byte at byte offset 0); plans must be UTF-8 text" }
        ])
    );
    assert_eq!(
        with_failures["files"][0]["fixes_applied"],
        serde_json::json!([{ "code": "PL101", "name": "hedging",
                             "message": "Replace `should` with `must`", "line": 5 }])
    );
    assert!(with_failures["files"][1].get("fixes_applied").is_none());
    // The failure example is real output.
    let only = [FileReport::unreadable(
        PathBuf::from("EXPORT/plan_bin.md"),
        Some("EXPORT/plan_bin.md".into()),
        "binary file (NUL byte at byte offset 0); plans must be UTF-8 text".into(),
    )];
    let one_failed = Totals {
        files: 1,
        failed: 1,
        ..Totals::default()
    };
    let mut real: serde_json::Value =
        serde_json::from_str(&output::json::render(&only, &one_failed)).expect("JSON");
    real["tool"]["version"] = failure_example["tool"]["version"].clone();
    assert_eq!(&real, failure_example);
    let mut bad = output.clone();
    bad["files"][0]["findings"][0]["severity"] = "fatal".into();
    assert!(
        schemas.validate(&bad, index).is_err(),
        "the schema checks values"
    );
    // The example is real output: the messy plan's first hedging finding.
    let hedge = output["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "PL101")
        .unwrap();
    assert_eq!(&example["files"][0]["findings"][0], hedge);
}

// ── GitHub ──

#[test]
fn github_escapes_data_and_properties() {
    let file = hand_made(
        TRICKY_PATH,
        tricky_diagnostic(),
        LineCol { line: 3, column: 5 },
        LineCol {
            line: 3,
            column: 11,
        },
    );
    let out = output::github::render(&[file], &Totals::default());
    assert_eq!(
        out,
        "::error file=dir%2Ca%3Ab/100%25 plan_x.md,line=3,col=5,endLine=3,endColumn=11,\
         title=PL101 hedging::100%25 sure: a, b <c> & \"d\" 'e'%0D%0Asecond line ]]> \
         \u{1}\u{FFFF}%0Ahelp: write `must`, not `should`: 50%25\n"
    );
    assert_eq!(out.lines().count(), 1, "one line per finding");
    let mut warn = tricky_diagnostic();
    warn.severity = Severity::Warning;
    warn.help = None;
    warn.message = "a:b".into();
    let file = hand_made(
        "p.md",
        warn,
        LineCol { line: 1, column: 1 },
        LineCol { line: 1, column: 1 },
    );
    assert_eq!(
        output::github::render(&[file], &Totals::default()),
        "::warning file=p.md,line=1,col=1,endLine=1,endColumn=1,title=PL101 hedging::a:b\n"
    );
}

#[test]
fn github_prints_one_line_per_finding() {
    let (files, t) = fixture_reports();
    let out = output::github::render(&files, &t);
    let findings: usize = files.iter().map(|f| f.findings.len()).sum();
    assert_eq!(out.lines().count(), findings);
    assert!(
        out.lines()
            .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file="))
    );
}

// ── JUnit ──

#[test]
fn junit_is_well_formed_xml() {
    let (files, t) = fixture_reports();
    let xml = output::junit::render(&files, &t);
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let cases: Vec<_> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), files.len());
    let failures = root
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, t.errors, "one <failure> per error");
    let failing_cases = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .count();
    assert_eq!(
        root.attribute("failures"),
        Some(failing_cases.to_string().as_str())
    );
    assert_eq!(
        root.attribute("tests"),
        Some(files.len().to_string().as_str())
    );
    let out: String = root
        .descendants()
        .filter(|n| n.has_tag_name("system-out"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(out.lines().count(), t.warnings, "one line per warning");
    assert!(t.warnings > 0, "the fixture set has warnings");
}

#[test]
fn junit_escapes_markup_and_illegal_characters() {
    let diag = tricky_diagnostic();
    let file = hand_made(
        "a&b<\"c\">.md",
        diag.clone(),
        LineCol { line: 2, column: 1 },
        LineCol { line: 2, column: 7 },
    );
    let xml = output::junit::render(&[file], &Totals::default());
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let case = doc
        .descendants()
        .find(|n| n.has_tag_name("testcase"))
        .expect("testcase");
    assert_eq!(case.attribute("name"), Some("a&b<\"c\">.md"));
    let failure = case
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure");
    let legal = diag.message.replace(['\u{1}', '\u{FFFF}'], "\u{FFFD}");
    assert_eq!(failure.attribute("message"), Some(legal.as_str()));
    assert_eq!(failure.attribute("type"), Some("PL101"));
    let text = failure.text().expect("failure text");
    assert_eq!(
        text,
        format!("a&b<\"c\">.md:2:1: PL101 {legal}\nhelp: write `must`, not `should`: 50%")
    );
}

// ── GitLab ──

fn gitlab_issues(files: &[FileReport]) -> Vec<serde_json::Value> {
    let out = output::gitlab::render(files, &totals(files));
    serde_json::from_str::<Vec<serde_json::Value>>(&out).expect("a JSON array")
}

#[test]
fn gitlab_report_shape() {
    let (files, _) = fixture_reports();
    let issues = gitlab_issues(&files);
    let findings: Vec<&Located> = files.iter().flat_map(|f| &f.findings).collect();
    assert_eq!(issues.len(), findings.len());
    for (issue, found) in issues.iter().zip(&findings) {
        assert_eq!(issue["description"], found.diag.message);
        assert_eq!(issue["check_name"], found.diag.code);
        let severity = match found.diag.severity {
            Severity::Error => "major",
            Severity::Warning => "minor",
        };
        assert_eq!(issue["severity"], severity);
        assert_eq!(issue["location"]["lines"]["begin"], found.start.line);
        let fp = issue["fingerprint"].as_str().expect("fingerprint");
        assert!(
            fp.len() == 32 && fp.bytes().all(|b| b.is_ascii_hexdigit()),
            "{fp}"
        );
    }
    let mut fps: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fps.sort();
    let n = fps.len();
    fps.dedup();
    assert_eq!(fps.len(), n, "fingerprints are unique");
    assert_eq!(output::gitlab::render(&[], &Totals::default()), "[]\n");
}

#[test]
fn gitlab_fingerprints_are_stable_across_runs_and_line_shifts() {
    let fingerprints = |issues: &[serde_json::Value]| -> Vec<String> {
        issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    let lines = |issues: &[serde_json::Value]| -> Vec<u64> {
        issues
            .iter()
            .map(|i| i["location"]["lines"]["begin"].as_u64().unwrap())
            .collect()
    };
    let (first, _) = fixture_reports();
    let (second, _) = fixture_reports();
    let a = gitlab_issues(&first);
    assert_eq!(fingerprints(&a), fingerprints(&gitlab_issues(&second)));

    // A blank line inserted at the top of the messy plan moves every finding down one
    // line and changes no fingerprint.
    let rel = FIXTURES[0];
    let linter = linter();
    let fs = FsView::new(crate_root().join("fixtures/repo"));
    let before = gitlab_issues(&[report_for(&linter, &fs, rel, &read(rel))]);
    let after = gitlab_issues(&[report_for(&linter, &fs, rel, &format!("\n{}", read(rel)))]);
    assert!(!before.is_empty());
    assert_eq!(
        lines(&after),
        lines(&before).iter().map(|l| l + 1).collect::<Vec<_>>(),
        "every line moved"
    );
    assert_eq!(fingerprints(&after), fingerprints(&before));

    // Identical findings in one file get distinct fingerprints; another path does too.
    let diag = tricky_diagnostic();
    let at = LineCol { line: 1, column: 1 };
    let mut twice = hand_made("EXPORT/plan_a.md", diag.clone(), at, at);
    twice.findings.push(twice.findings[0].clone());
    let fp = output::gitlab::fingerprints(&twice);
    assert_ne!(fp[0], fp[1]);
    let elsewhere = hand_made("EXPORT/plan_b.md", diag, at, at);
    assert_ne!(output::gitlab::fingerprints(&elsewhere)[0], fp[0]);
}

#[test]
fn sarif_edits_are_byte_regions() {
    let (files, t) = fixture_reports();
    let v: serde_json::Value =
        serde_json::from_str(&output::sarif::render(&files, &t)).expect("JSON");
    let results = v["runs"][0]["results"].as_array().unwrap();
    let with_fix: Vec<&Located> = files.iter().flat_map(|f| &f.findings).collect();
    assert_eq!(results.len(), with_fix.len());
    for (res, found) in results.iter().zip(&with_fix) {
        let Some(fix) = &found.diag.fix else {
            assert!(res.get("fixes").is_none());
            continue;
        };
        let reps = &res["fixes"][0]["artifactChanges"][0]["replacements"];
        for (rep, edit) in reps.as_array().unwrap().iter().zip(&fix.edits) {
            let Edit { span, replacement } = edit;
            assert_eq!(rep["deletedRegion"]["byteOffset"], span.start);
            assert_eq!(rep["deletedRegion"]["byteLength"], span.len());
            if replacement.is_empty() {
                assert!(rep.get("insertedContent").is_none());
            } else {
                assert_eq!(rep["insertedContent"]["text"], *replacement);
            }
        }
        assert_eq!(
            res["fixes"][0]["properties"]["applicability"],
            fix.applicability.to_string()
        );
    }
}

/// A file that could not be read (a binary file) and one whose fix could not be written
/// (read-only, its finding at `start`..`end` kept).
fn failed_files(start: LineCol, end: LineCol) -> [FileReport; 2] {
    [
        FileReport::unreadable(
            PathBuf::from("EXPORT/plan_bin.md"),
            Some("EXPORT/plan_bin.md".into()),
            "binary file (NUL byte at byte offset 0); plans must be UTF-8 text".into(),
        ),
        FileReport {
            failure: Some(output::Failure {
                kind: output::FailureKind::Write,
                message: "the file is read-only; nothing was written".into(),
            }),
            ..hand_made("EXPORT/plan_ro.md", tricky_diagnostic(), start, end)
        },
    ]
}

/// A file that could not be read and one whose fix could not be written, in the
/// formats the CLI test does not cover closely: JUnit, GitHub and GitLab.
#[test]
fn failures_in_junit_github_and_gitlab() {
    let start = LineCol { line: 1, column: 3 };
    let end = LineCol { line: 1, column: 9 };
    let [unreadable, unwritten] = failed_files(start, end);
    let files = [unreadable, unwritten];
    let t = Totals {
        failed: 2,
        unwritten: 1,
        ..totals(&files)
    };
    let junit = output::junit::render(&files, &t);
    let doc = roxmltree::Document::parse(&junit).expect("well-formed");
    let errors: Vec<(Option<&str>, Option<&str>)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("error"))
        .map(|n| (n.parent().unwrap().attribute("name"), n.attribute("type")))
        .collect();
    assert_eq!(
        errors,
        [
            (Some("EXPORT/plan_bin.md"), Some("plan-lint/io-error")),
            (Some("EXPORT/plan_ro.md"), Some("plan-lint/write-error")),
        ],
        "{junit}"
    );
    assert!(
        junit.contains("tests=\"2\" failures=\"1\" errors=\"2\""),
        "{junit}"
    );

    let github = output::github::render(&files, &t);
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "::error file=EXPORT/plan_bin.md,title=plan-lint/io-error::EXPORT/plan_bin.md could not be read: binary file (NUL byte at byte offset 0); plans must be UTF-8 text",
            "::error file=EXPORT/plan_ro.md,title=plan-lint/write-error::EXPORT/plan_ro.md fix could not be written: the file is read-only; nothing was written",
        ]
    );
    assert_eq!(lines.len(), 3, "and the unwritten file's finding: {github}");

    let issues = gitlab_issues(&files);
    let names: Vec<&str> = issues
        .iter()
        .map(|i| i["check_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["plan-lint/io-error", "plan-lint/write-error", "PL101"]
    );
    let fingerprints: std::collections::HashSet<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(fingerprints.len(), 3, "distinct fingerprints");
}
