//! Step rules (PL30x): the numbered steps of "Implementation Plan", their Files,
//! Changes and Notes, and how their files relate to the impact table.

use crate::analysis::steps::{Step, StepPath};
use crate::rules::Context;

pub(crate) mod create_existing;
pub(crate) mod impact_row_unused;
pub(crate) mod step_fields;
pub(crate) mod step_file_unlisted;
pub(crate) mod step_files_concrete;
pub(crate) mod steps_numbered;

/// How a step is named in messages: `step 3` (or `a step` without a number).
pub(crate) fn step_name(step: &Step) -> String {
    match step.number {
        Some(n) => format!("step {n}"),
        None => "a step".to_string(),
    }
}

/// Every concrete (not glob, no spaces) path of every step's Files part.
pub(crate) fn step_paths<'c>(
    ctx: &'c Context<'_>,
) -> impl Iterator<Item = (&'c Step, &'c StepPath)> + 'c {
    all_step_paths(ctx).filter(|(_, p)| is_concrete(&p.text))
}

/// Every path of every step's Files part, globs included.
pub(crate) fn all_step_paths<'c>(
    ctx: &'c Context<'_>,
) -> impl Iterator<Item = (&'c Step, &'c StepPath)> + 'c {
    ctx.steps
        .steps
        .iter()
        .flat_map(|step| step.files.iter().map(move |p| (step, p)))
}

/// Whether the impact table lists exactly this text as a path (a glob row named
/// verbatim in a step, an absolute path, a `..` path).
pub(crate) fn impact_lists_verbatim(ctx: &Context<'_>, text: &str) -> bool {
    let t = text.trim_start_matches("./");
    ctx.impact
        .rows
        .iter()
        .flat_map(|r| r.paths.iter())
        .any(|p| p.text.trim_start_matches("./") == t)
}

/// A path that names files exactly: no spaces, no glob characters.
pub(crate) fn is_concrete(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(char::is_whitespace)
        && !crate::analysis::paths::is_glob(path)
}
