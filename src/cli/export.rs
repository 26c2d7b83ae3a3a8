//! `plan-lint export` and `plan-lint new`: put plans where the contract says,
//! `./EXPORT/plan_<feat_name>.md`.

use crate::cli::args::{ConfigArgs, ExportArgs, NewArgs};
use crate::cli::print::{error, load_config_from, print_stderr, print_stdout};
use crate::diagnostic::Severity;
use crate::document::source;
use crate::engine::discover::RootFinder;
use crate::engine::exit::{EXIT_CLEAN, EXIT_FINDINGS};
use crate::engine::export::{
    MAX_TRANSCRIPT_PLANS, invalid_slug, same_slug, skeleton, title_case, title_slug, with_slug,
};
use crate::engine::fix::{FixMode, fix_document};
use crate::engine::lint::{Linter, Selection};
use crate::output::human::Style;
use crate::rules::structure::file_name::{Location, location, location_problem};
use crate::rules::structure::{kebab, slug_is_valid};
use crate::workspace::fs_view::FsView;
use crate::workspace::write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

impl ConfigArgs {
    /// The current directory and the configuration these flags select (exit code 2 on
    /// failure, already reported). Without `--config`/`--no-config`, the configuration
    /// is the one `check` will lint the written plan with: the nearest config file of
    /// `--dir` when it is given, else the current directory's (its `export_dir` is
    /// where the plan goes).
    fn load(&self, dir: Option<&Path>) -> Result<(PathBuf, crate::engine::config::Config), i32> {
        let cwd = std::env::current_dir()
            .map_err(|e| error(format!("cannot read the current directory: {e}")))?;
        let nearest = match (self.config.is_none() && !self.no_config, dir) {
            (true, Some(d)) => crate::engine::config::Config::discover(&cwd.join(d)),
            _ => None,
        };
        let file = nearest.as_deref().or(self.config.as_deref());
        let config = load_config_from(file, self.no_config, &cwd)?;
        Ok((cwd, config))
    }
}

fn read_source(source: &Path) -> Result<Arc<str>, String> {
    if source == Path::new("-") {
        source::read_stdin().map_err(|e| format!("standard input: {e}"))
    } else {
        source::read_file(source).map_err(|e| format!("{}: {e}", source.display()))
    }
}

/// One plan to export: the whole input, or one `FILE:` block of a transcript.
struct Plan {
    text: Arc<str>,
    /// The block's label: its line, path as written and slug.
    label: Option<(usize, String, String)>,
    /// How messages name it (`draft.md`, `chat.txt:12`).
    origin: String,
}

/// A plan ready to write.
struct Prepared {
    target: PathBuf,
    /// The repository root: nothing is written through a link that leaves it.
    root: PathBuf,
    output: String,
    diags: Vec<crate::diagnostic::Diagnostic>,
    origin: String,
}

fn note(message: impl std::fmt::Display) {
    print_stderr(&format!("plan-lint: note: {message}\n"));
}

/// `slug` as a feat_name: as it is when valid; its kebab-case form with `--fix`; else
/// why not (`what` names where it came from).
fn normalise(
    slug: &str,
    what: &str,
    fix: bool,
    contract: &crate::contract::Contract,
) -> Result<String, String> {
    if slug_is_valid(slug, contract.max_slug_len) {
        return Ok(slug.to_string());
    }
    let k = kebab(slug).filter(|k| slug_is_valid(k, contract.max_slug_len));
    match k {
        Some(k) if fix => {
            note(format!("{what} `{slug}` is written `{k}` (--fix)"));
            Ok(k)
        }
        Some(k) => Err(format!(
            "{what}: {}; its kebab-case form is `{k}`: write that, or add --fix to use it",
            invalid_slug(slug, contract)
        )),
        None => Err(format!("{what}: {}", invalid_slug(slug, contract))),
    }
}

/// `plan-lint export SOURCE`: SOURCE is a plan, or a transcript holding `FILE:` blocks.
pub(crate) fn export(args: &ExportArgs) -> i32 {
    let (cwd, config) = match args.config.load(args.dir.as_deref()) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let text = match read_source(&args.source) {
        Ok(t) => t,
        Err(e) => return error(e),
    };
    let contract = &config.contract;
    let shown = args.source.display().to_string();
    let blocks = crate::document::transcript::scan(&text, &contract.title_prefix);
    let plans: Vec<Plan> = if blocks.is_empty() {
        vec![Plan {
            text: text.clone(),
            label: None,
            origin: shown.clone(),
        }]
    } else {
        if blocks.len() > MAX_TRANSCRIPT_PLANS {
            let first: Vec<String> = blocks
                .iter()
                .take(5)
                .map(|b| format!("line {}", b.line))
                .collect();
            return error(format!(
                "{shown}: the transcript holds {} `FILE:` blocks ({}, …); at most \
                 {MAX_TRANSCRIPT_PLANS} are exported at once; nothing was written",
                blocks.len(),
                first.join(", ")
            ));
        }
        if blocks.len() > 1 && args.slug.is_some() {
            let list: Vec<String> = blocks
                .iter()
                .map(|b| format!("line {}: `FILE: {}`", b.line, b.path))
                .collect();
            return error(format!(
                "{shown}: --slug names one plan, but the transcript holds {} `FILE:` blocks \
                 ({}); export them without --slug, or one at a time; nothing was written",
                blocks.len(),
                list.join(", ")
            ));
        }
        blocks
            .into_iter()
            .map(|b| Plan {
                text: Arc::from(&text[b.range]),
                origin: format!("{shown}:{}", b.line),
                label: Some((b.line, b.path, b.slug)),
            })
            .collect()
    };
    let linter = match Linter::new(config.clone(), &Selection::default()) {
        Ok(l) => l,
        Err(e) => return error(e),
    };
    let mut prepared: Vec<Prepared> = Vec::with_capacity(plans.len());
    for plan in plans {
        match prepare(args, &config, &linter, &cwd, plan) {
            Ok(p) => prepared.push(p),
            Err(e) => return error(format!("{e}; nothing was written")),
        }
    }
    // Nothing is written unless every plan can be: distinct targets, none in the way.
    for (i, p) in prepared.iter().enumerate() {
        let same: Vec<&str> = prepared
            .iter()
            .filter(|q| q.target == p.target)
            .map(|q| q.origin.as_str())
            .collect();
        if same.len() > 1 {
            return error(format!(
                "{}: {} blocks of the transcript are exported to it ({}); keep one; nothing \
                 was written",
                p.target.display(),
                same.len(),
                same.join(", ")
            ));
        }
        if !args.force && std::fs::symlink_metadata(&p.target).is_ok() {
            let rest = if prepared.len() > 1 {
                format!(
                    " ({} of {} plans); nothing was written",
                    i + 1,
                    prepared.len()
                )
            } else {
                String::new()
            };
            return error(format!(
                "{}: already exists; pass --force to overwrite it{rest}",
                p.target.display()
            ));
        }
    }
    let mut code = EXIT_CLEAN;
    for p in &prepared {
        let dir = p.target.parent().unwrap_or(Path::new("."));
        if let Err(e) = std::fs::create_dir_all(dir) {
            return error(format!(
                "{}: cannot create the directory: {e}",
                dir.display()
            ));
        }
        if let Err(e) = write::create_within(
            &p.target,
            Some(p.root.as_path()),
            p.output.as_bytes(),
            args.force,
        ) {
            return error(e);
        }
        let doc = crate::document::parse::parse(&p.target, Arc::from(p.output.as_str()));
        print_stdout(&crate::output::human::render_file(
            &doc,
            &p.diags,
            &Style::plain(),
        ));
        print_stdout(&format!("wrote {}\n", p.target.display()));
        if p.diags.iter().any(|d| d.severity == Severity::Error) {
            code = EXIT_FINDINGS;
        }
    }
    code
}

/// Decides one plan's slug and target, fixes it (with --fix) and lints it there.
fn prepare(
    args: &ExportArgs,
    config: &crate::engine::config::Config,
    linter: &Linter,
    cwd: &Path,
    plan: Plan,
) -> Result<Prepared, String> {
    let contract = &config.contract;
    let origin = plan.origin;
    crate::document::parse::check_nesting(&plan.text).map_err(|e| format!("{origin}: {e}"))?;
    // With --fix, safe fixes come first (they may repair the slug itself).
    let text: Arc<str> = if args.fix {
        let provisional = PathBuf::from(&contract.export_dir).join("plan.md");
        let fs = FsView::new(args.root.clone().unwrap_or_else(|| cwd.to_path_buf()));
        Arc::from(fix_document(linter, &fs, &provisional, None, &plan.text, FixMode::Safe).output)
    } else {
        plan.text.clone()
    };
    let prefix = &contract.title_prefix;
    let written = title_slug(&text, prefix);
    let slug = if let Some(s) = &args.slug {
        normalise(s, "--slug", args.fix, contract).map_err(|e| format!("{origin}: {e}"))?
    } else if let Some((_, path, label)) = &plan.label {
        let what = format!("the label `FILE: {path}`");
        let label =
            normalise(label, &what, args.fix, contract).map_err(|e| format!("{origin}: {e}"))?;
        if let Some(w) = written.as_deref().filter(|w| !same_slug(w, &label)) {
            return Err(format!(
                "{origin}: the label `FILE: {path}` names the slug `{label}`, but the plan's \
                 title has the slug `{w}`; make them agree (or pass --slug to choose one)"
            ));
        }
        label
    } else {
        match &written {
            Some(w) => normalise(w, "the title's slug", args.fix, contract)
                .map_err(|e| format!("{origin}: {e} (or pass --slug)"))?,
            None => {
                return Err(format!(
                    "{origin}: the plan's title has no `{prefix} <Feature Name> (<feat_name>)` \
                     slug; pass --slug"
                ));
            }
        }
    };
    let text = with_slug(&text, &slug, prefix);
    if let Some(w) = written.as_deref().filter(|w| *w != slug) {
        note(format!(
            "{origin}: the title's slug `{w}` is replaced by `{slug}`, the slug the file is named after"
        ));
    }
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(&contract.export_dir));
    let target = dir.join(format!("plan_{slug}.md"));
    let root = args
        .root
        .clone()
        .unwrap_or_else(|| RootFinder::new(None, config, cwd.to_path_buf()).root_for(&target));
    let fs = FsView::new(&root);
    let abs = std::path::absolute(&target).unwrap_or_else(|_| target.clone());
    let rel = abs.strip_prefix(&root).ok();
    let (output, mut diags) = if args.fix {
        let out = fix_document(linter, &fs, &target, rel, &text, FixMode::Safe);
        (out.output, out.remaining)
    } else {
        let doc = crate::document::parse::parse(&target, text.clone());
        let diags = linter.lint_document(&doc, &fs, rel);
        (text.to_string(), diags)
    };
    // PL003 on the exported copy: the way out is another export of the source (never an
    // export of the exported copy itself).
    let mut again = format!("plan-lint export {}", args.source.display());
    if args.slug.is_some() {
        again.push_str(&format!(" --slug {slug}"));
    }
    if args.fix {
        again.push_str(" --fix");
    }
    let nested = matches!(
        location(&target, rel, &contract.export_dir),
        Location::Nested { .. }
    );
    for d in diags.iter_mut().filter(|d| d.code == "PL003") {
        let mut help = format!(
            "export it into `{}` instead: `{again}` (without --dir)",
            contract.export_dir
        );
        if nested {
            help.push_str(
                ", or set `nested_plans = true` in the `[contract]` table of plan-lint.toml",
            );
        }
        d.help = Some(help);
    }
    Ok(Prepared {
        target,
        root,
        output,
        diags,
        origin,
    })
}

/// `plan-lint new <feat-name>`.
pub(crate) fn new(args: &NewArgs) -> i32 {
    let (cwd, config) = match args.config.load(args.dir.as_deref()) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let contract = &config.contract;
    if !slug_is_valid(&args.feat_name, contract.max_slug_len) {
        let hint = kebab(&args.feat_name)
            .filter(|k| slug_is_valid(k, contract.max_slug_len))
            .map(|k| format!(" (its kebab-case form is `{k}`)"))
            .unwrap_or_default();
        return error(format!("{}{hint}", invalid_slug(&args.feat_name, contract)));
    }
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| title_case(&args.feat_name));
    if title.trim().is_empty() || title.contains(['\n', '\r']) {
        return error("--title must be one non-empty line");
    }
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(&contract.export_dir));
    let target = dir.join(format!("plan_{}.md", args.feat_name));
    // A scaffold that fails PL003 where it is written helps nobody: refuse the directory.
    let root = RootFinder::new(None, &config, cwd).root_for(&target);
    let abs_dir = std::path::absolute(&dir).unwrap_or_else(|_| dir.clone());
    if let Some(why) = location_problem(&dir, abs_dir.strip_prefix(&root).ok(), contract) {
        return error(format!("{why}; nothing was written"));
    }
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return error(format!(
            "{}: cannot create the directory: {e}",
            dir.display()
        ));
    }
    match write::create(
        &target,
        skeleton(contract, &args.feat_name, title.trim()).as_bytes(),
        false,
    ) {
        Ok(()) => {
            print_stdout(&format!("wrote {}\n", target.display()));
            EXIT_CLEAN
        }
        Err(write::WriteError::Exists(p)) => error(format!(
            "{}: already exists; `new` never overwrites a plan",
            p.display()
        )),
        Err(e) => error(e),
    }
}
