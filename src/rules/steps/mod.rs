//! Step rules (PL30x): the numbered steps of "Implementation Plan", their Files,
//! Changes and Notes, and how their files relate to the impact table.

use crate::rules::Context;
use crate::steps::{Step, StepPath};

pub mod impact_row_unused;
pub mod step_fields;
pub mod step_file_unlisted;
pub mod step_files_concrete;
pub mod steps_numbered;

/// How a step is named in messages: `step 3` (or `a step` without a number).
pub fn step_name(step: &Step) -> String {
    match step.number {
        Some(n) => format!("step {n}"),
        None => "a step".to_string(),
    }
}

/// Every concrete (not glob, no spaces) path of every step's Files part.
pub fn step_paths<'c>(ctx: &'c Context<'_>) -> impl Iterator<Item = (&'c Step, StepPath)> + 'c {
    ctx.steps.steps.iter().flat_map(move |step| {
        ctx.steps
            .files(ctx.doc, step)
            .into_iter()
            .filter(|p| is_concrete(&p.text))
            .map(move |p| (step, p))
    })
}

/// A path that names files exactly: no spaces, no glob characters.
pub fn is_concrete(path: &str) -> bool {
    !path.is_empty() && !path.contains(char::is_whitespace) && !crate::impact::is_glob(path)
}
