//! Where the time of one plan goes: one micro-benchmark per pipeline stage (divan).
//!
//! `cargo bench --bench stages` (add `-- NAME` to run the benchmarks matching NAME).
//!
//! Inputs, each benchmark runs on both:
//! * `typical`: one generated ~10 KB plan (`bench/gen_corpus.py --files 10`, the first
//!   with at least 3 findings, so the renderers have work), the shape of every plan of
//!   the 1 000 / 10 000-file corpora;
//! * `large`: one generated ~1 MB plan (`bench/gen_corpus.py --single-mb 1`, ~1 500
//!   impact rows, ~2 100 steps).
//!
//! They are generated once into `target/bench-corpus/` (python3 needed); without python3
//! both fall back to `fixtures/clean` (a 3.5 KB plan against `fixtures/repo`).
//!
//! Stages: `read` (bytes → checked UTF-8), `comrak_parse` (comrak alone, plan-lint's
//! options), `parse` (comrak + lowering into the model: lowering = `parse` −
//! `comrak_parse`), `line_index`, `derive` (outline, impact table, steps), `rules` per
//! group (PL0 structure, PL1 language, PL2 impact, PL3 steps/references/symbols, PL4
//! sections, PL5 markers; each includes `derive`, which every lint call builds),
//! `rules_all`, `symbol_scan` (the repository scan of PL307–PL309), `render_*`, and
//! `pipeline` (read + parse + all rules + human render, what the CLI does per file).

use plan_lint::analysis::impact::Impact;
use plan_lint::analysis::outline::Outline;
use plan_lint::analysis::steps::Steps;
use plan_lint::diagnostic::Diagnostic;
use plan_lint::document::model::Document;
use plan_lint::document::source::{self, LineIndex};
use plan_lint::engine::config::Config;
use plan_lint::engine::lint::{Linter, Selection};
use plan_lint::output::{self, FileReport, Totals, human::Style};
use plan_lint::workspace::fs_view::FsView;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

fn main() {
    // Generate and load the inputs before divan prints its table.
    for name in INPUTS {
        input(name);
    }
    // At most 3 s per benchmark and input: the large plan's slow stages take ~1 s an
    // iteration (see bench/README.md), so they get fewer samples.
    divan::Divan::from_args()
        .max_time(std::time::Duration::from_secs(3))
        .main();
}

const INPUTS: &[&str] = &["typical", "large"];
const GROUPS: &[&str] = &["PL0", "PL1", "PL2", "PL3", "PL4", "PL5"];

struct Input {
    path: PathBuf,
    root: PathBuf,
    text: Arc<str>,
    doc: Document,
    fs: FsView,
    diags: Vec<Diagnostic>,
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Generates (once) and returns the plan file and repository root of `name`.
fn generate(name: &str) -> Option<(PathBuf, PathBuf)> {
    let out = manifest_dir().join("target").join("bench-corpus");
    let (args, sub): (&[&str], &str) = match name {
        "typical" => (&["--files", "10"], "files-10"),
        _ => (&["--single-mb", "1"], "single-1mb"),
    };
    let root = out.join(sub).join("repo");
    let export = root.join("EXPORT");
    let find = || -> Option<PathBuf> {
        let mut plans: Vec<PathBuf> = std::fs::read_dir(&export)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .collect();
        plans.sort();
        let findings = |p: &PathBuf| {
            let text = source::read_file(p).ok()?;
            let doc = plan_lint::document::parse::parse(p, text);
            let fs = FsView::new(&root);
            Some(all_rules().lint_document(&doc, &fs, rel(p, &root)).len())
        };
        let typical = plans.iter().find(|p| findings(p).is_some_and(|n| n >= 3));
        typical.or(plans.first()).cloned()
    };
    if let Some(plan) = find() {
        return Some((plan, root));
    }
    let status = std::process::Command::new("python3")
        .arg(manifest_dir().join("bench").join("gen_corpus.py"))
        .args(args)
        .arg("--out")
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .status()
        .ok()?;
    if !status.success() {
        return None;
    }
    find().map(|plan| (plan, root))
}

fn linter(select: Option<&str>) -> Linter {
    let selection = Selection {
        select: select.map(|s| vec![s.to_string()]),
        ignore: Vec::new(),
    };
    Linter::new(Config::defaults(manifest_dir().to_path_buf()), &selection).expect("selection")
}

fn all_rules() -> &'static Linter {
    static ALL: OnceLock<Linter> = OnceLock::new();
    ALL.get_or_init(|| linter(None))
}

fn group(code: &str) -> &'static Linter {
    static GROUP: OnceLock<Vec<Linter>> = OnceLock::new();
    let linters = GROUP.get_or_init(|| GROUPS.iter().map(|g| linter(Some(g))).collect());
    let i = GROUPS.iter().position(|g| *g == code).expect("group");
    &linters[i]
}

fn input(name: &str) -> &'static Input {
    static CACHE: OnceLock<Vec<Input>> = OnceLock::new();
    let inputs = CACHE.get_or_init(|| {
        INPUTS
            .iter()
            .map(|name| {
                let (path, root) = generate(name).unwrap_or_else(|| {
                    let d = manifest_dir().join("fixtures");
                    (d.join("clean/EXPORT/plan_rate-limits.md"), d.join("repo"))
                });
                let text = source::read_file(&path).expect("readable plan");
                let doc = plan_lint::document::parse::parse(&path, text.clone());
                let fs = FsView::new(&root);
                let diags = all_rules().lint_document(&doc, &fs, rel(&path, &root));
                eprintln!(
                    "input {name}: {} ({} bytes, {} findings)",
                    path.display(),
                    text.len(),
                    diags.len()
                );
                Input {
                    path,
                    root,
                    text,
                    doc,
                    fs,
                    diags,
                }
            })
            .collect()
    });
    &inputs[INPUTS.iter().position(|n| *n == name).expect("input")]
}

fn rel<'a>(path: &'a Path, root: &Path) -> Option<&'a Path> {
    path.strip_prefix(root).ok()
}

#[divan::bench(args = INPUTS)]
fn read(name: &str) -> Arc<str> {
    source::read_file(&input(name).path).expect("readable")
}

#[divan::bench(args = INPUTS)]
fn comrak_parse(bencher: divan::Bencher<'_, '_>, name: &str) {
    let input = input(name);
    let options = plan_lint::document::parse::comrak_options();
    bencher.bench(|| {
        let arena = comrak::Arena::new();
        let root = comrak::parse_document(&arena, &input.text, &options);
        root.children().count()
    });
}

#[divan::bench(args = INPUTS)]
fn parse(name: &str) -> Document {
    let input = input(name);
    plan_lint::document::parse::parse(&input.path, input.text.clone())
}

#[divan::bench(args = INPUTS)]
fn line_index(name: &str) -> LineIndex {
    LineIndex::new(&input(name).text)
}

#[divan::bench(args = INPUTS)]
fn derive(name: &str) -> usize {
    let doc = &input(name).doc;
    let contract = &all_rules().config.contract;
    let outline = Outline::build(doc, contract);
    let impact = Impact::build(doc, contract, &outline);
    let steps = Steps::build(doc, contract, &outline);
    std::hint::black_box((&outline, &impact, &steps));
    0
}

fn run_group(name: &str, code: &str) -> Vec<Diagnostic> {
    let input = input(name);
    group(code).lint_document(&input.doc, &input.fs, rel(&input.path, &input.root))
}

#[divan::bench(args = INPUTS)]
fn rules_pl0_structure(name: &str) -> Vec<Diagnostic> {
    run_group(name, "PL0")
}

#[divan::bench(args = INPUTS)]
fn rules_pl1_language(name: &str) -> Vec<Diagnostic> {
    run_group(name, "PL1")
}

#[divan::bench(args = INPUTS)]
fn rules_pl2_impact(name: &str) -> Vec<Diagnostic> {
    run_group(name, "PL2")
}

#[divan::bench(args = INPUTS)]
fn rules_pl3_steps(name: &str) -> Vec<Diagnostic> {
    run_group(name, "PL3")
}

#[divan::bench(args = INPUTS)]
fn rules_pl4_sections(name: &str) -> Vec<Diagnostic> {
    run_group(name, "PL4")
}

#[divan::bench(args = INPUTS)]
fn rules_pl5_markers(name: &str) -> Vec<Diagnostic> {
    run_group(name, "PL5")
}

#[divan::bench(args = INPUTS)]
fn rules_all(name: &str) -> Vec<Diagnostic> {
    let input = input(name);
    all_rules().lint_document(&input.doc, &input.fs, rel(&input.path, &input.root))
}

/// The repository scan for PL307–PL309 (one per run and root in the CLI).
#[divan::bench(args = INPUTS, sample_count = 20)]
fn symbol_scan(name: &str) -> Option<plan_lint::workspace::symbol_index::SymbolIndex> {
    let input = input(name);
    plan_lint::analysis::symbol_refs::index_for(all_rules(), &input.root, &[&input.doc])
}

#[divan::bench(args = INPUTS)]
fn render_human(name: &str) -> String {
    let input = input(name);
    output::human::render_file(&input.doc, &input.diags, &Style::plain())
}

#[divan::bench(args = INPUTS)]
fn render_short(name: &str) -> String {
    let input = input(name);
    output::short::render_file(&input.doc, &input.diags)
}

#[divan::bench(args = INPUTS)]
fn render_json(name: &str) -> String {
    let input = input(name);
    let report = FileReport::new(&input.doc, &input.diags, None);
    let totals = Totals {
        files: 1,
        ..Totals::default()
    };
    output::json::render(&[report], &totals)
}

/// What the CLI does for one file: read, parse, every rule, human output.
#[divan::bench(args = INPUTS)]
fn pipeline(name: &str) -> String {
    let input = input(name);
    let text = source::read_file(&input.path).expect("readable");
    let doc = plan_lint::document::parse::parse(&input.path, text);
    let diags = all_rules().lint_document(&doc, &input.fs, rel(&input.path, &input.root));
    output::human::render_file(&doc, &diags, &Style::plain())
}
