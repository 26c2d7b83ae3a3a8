//! `plan-lint export` and `plan-lint new`: put plans where the contract says,
//! `./EXPORT/plan_<feat_name>.md`.

use crate::cli::{EXIT_CLEAN, EXIT_FINDINGS, error, load_config_from, print_stdout};
use crate::diagnostic::Severity;
use crate::discover::RootFinder;
use crate::fix::{FixMode, fix_document};
use crate::fs_view::FsView;
use crate::lint::{Linter, Selection};
use crate::render::human::Style;
use crate::rules::structure::{SLUG, parse_title, slug_is_valid};
use crate::source;
use crate::write;
use clap::Args;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Which configuration to use (shared by `export` and `new`).
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Use this config file instead of searching for plan-lint.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every plan-lint.toml.
    #[arg(long)]
    pub no_config: bool,
}

impl ConfigArgs {
    /// The current directory and the configuration these flags select (exit code 2 on
    /// failure, already reported).
    fn load(&self) -> Result<(PathBuf, crate::config::Config), i32> {
        let cwd = std::env::current_dir()
            .map_err(|e| error(format!("cannot read the current directory: {e}")))?;
        let config = load_config_from(self.config.as_deref(), self.no_config, &cwd)?;
        Ok((cwd, config))
    }
}

/// Why `slug` cannot be a feat_name.
fn invalid_slug(slug: &str, contract: &crate::contract::Contract) -> String {
    format!(
        "`{slug}` is not a valid feat_name: use a kebab-case slug (`{}`) of at most {} characters",
        SLUG.as_str(),
        contract.max_slug_len
    )
}

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The plan to export; `-` reads standard input.
    #[arg(value_name = "SOURCE")]
    pub source: PathBuf,
    /// The feat_name (default: the slug in the title).
    #[arg(long)]
    pub slug: Option<String>,
    /// The export directory (default: the contract's `export_dir`, `EXPORT`).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Overwrite an existing plan.
    #[arg(long)]
    pub force: bool,
    /// Apply safe fixes to the exported copy (the source stays untouched).
    #[arg(long)]
    pub fix: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Repository root for the filesystem rules.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct NewArgs {
    /// The feat_name: a kebab-case slug, e.g. `rate-limits`.
    #[arg(value_name = "FEAT_NAME")]
    pub feat_name: String,
    /// The feature's name in the title (default: the slug in title case).
    #[arg(long)]
    pub title: Option<String>,
    /// The export directory (default: the contract's `export_dir`, `EXPORT`).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
}

fn read_source(source: &Path) -> Result<Arc<str>, String> {
    if source == Path::new("-") {
        source::read_stdin().map_err(|e| format!("standard input: {e}"))
    } else {
        source::read_file(source).map_err(|e| format!("{}: {e}", source.display()))
    }
}

/// `plan-lint export SOURCE`.
pub fn export(args: &ExportArgs) -> i32 {
    let (cwd, config) = match args.config.load() {
        Ok(v) => v,
        Err(code) => return code,
    };
    let text = match read_source(&args.source) {
        Ok(t) => t,
        Err(e) => return error(e),
    };
    if let Err(e) = crate::parse::check_nesting(&text) {
        return error(format!("{}: {e}", args.source.display()));
    }
    let contract = &config.contract;
    let linter = match Linter::new(config.clone(), &Selection::default()) {
        Ok(l) => l,
        Err(e) => return error(e),
    };
    // With --fix, safe fixes come first (they may repair the slug itself).
    let text: Arc<str> = if args.fix {
        let provisional = PathBuf::from(&contract.export_dir).join("plan.md");
        let fs = FsView::new(args.root.clone().unwrap_or_else(|| cwd.clone()));
        Arc::from(fix_document(&linter, &fs, &provisional, None, &text, FixMode::Safe).output)
    } else {
        text
    };
    let slug = match &args.slug {
        Some(s) => s.clone(),
        None => {
            let doc = crate::parse::parse(&args.source, text.clone());
            match doc
                .title()
                .map(|t| parse_title(&doc.source, t.text_span, &contract.title_prefix))
            {
                Some(Ok(parts)) => parts.slug,
                _ => {
                    return error(format!(
                        "the plan's title has no `{} <Feature Name> (<feat_name>)` slug; pass --slug",
                        contract.title_prefix
                    ));
                }
            }
        }
    };
    if !slug_is_valid(&slug, contract.max_slug_len) {
        return error(format!(
            "{} (pass --slug, or --fix to normalise it)",
            invalid_slug(&slug, contract)
        ));
    }
    let dir = args
        .dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(&contract.export_dir));
    let target = dir.join(format!("plan_{slug}.md"));
    if target.exists() && !args.force {
        return error(format!(
            "{}: already exists; pass --force to overwrite it",
            target.display()
        ));
    }
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return error(format!(
            "{}: cannot create the directory: {e}",
            dir.display()
        ));
    }
    let root = args
        .root
        .clone()
        .unwrap_or_else(|| RootFinder::new(None, &config, cwd.clone()).root_for(&target));
    let fs = FsView::new(&root);
    let abs = std::path::absolute(&target).unwrap_or_else(|_| target.clone());
    let rel = abs.strip_prefix(&root).ok();
    let mode = if args.fix { Some(FixMode::Safe) } else { None };
    let (output, diags) = match mode {
        Some(mode) => {
            let out = fix_document(&linter, &fs, &target, rel, &text, mode);
            (out.output, out.remaining)
        }
        None => {
            let doc = crate::parse::parse(&target, text.clone());
            let diags = linter.lint_document(&doc, &fs, rel);
            (text.to_string(), diags)
        }
    };
    if let Err(e) =
        write::create_within(&target, Some(root.as_path()), output.as_bytes(), args.force)
    {
        return error(e);
    }
    let doc = crate::parse::parse(&target, Arc::from(output.as_str()));
    print_stdout(&crate::render::human::render_file(
        &doc,
        &diags,
        &Style::plain(),
    ));
    print_stdout(&format!("wrote {}\n", target.display()));
    if diags.iter().any(|d| d.severity == Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// Title case of a slug: `rate-limits` → `Rate Limits`.
pub fn title_case(slug: &str) -> String {
    slug.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The skeleton `plan-lint new` writes: the title and every required section, each
/// with the marker and its question, and all questions listed in Open Questions.
pub fn skeleton(contract: &crate::contract::Contract, slug: &str, title: &str) -> String {
    let marker = &contract.marker;
    let mut s = format!("# {} {title} ({slug})\n", contract.title_prefix);
    let oq = contract.section_index("open-questions");
    for (i, spec) in contract.sections.iter().enumerate() {
        s.push_str(&format!("\n## {}\n\n", spec.name));
        if Some(i) == oq {
            for (j, other) in contract.sections.iter().enumerate() {
                if Some(j) != oq {
                    s.push_str(&format!("- {marker} {}\n", other.question()));
                }
            }
        } else {
            s.push_str(&format!("{marker} {}\n", spec.question()));
        }
    }
    s
}

/// `plan-lint new <feat-name>`.
pub fn new(args: &NewArgs) -> i32 {
    let (_, config) = match args.config.load() {
        Ok(v) => v,
        Err(code) => return code,
    };
    let contract = &config.contract;
    if !slug_is_valid(&args.feat_name, contract.max_slug_len) {
        return error(invalid_slug(&args.feat_name, contract));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(title_case("rate-limits-v2"), "Rate Limits V2");
    }
}
