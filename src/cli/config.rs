//! `plan-lint init` (a starter `plan-lint.toml`) and `check --show-files` /
//! `--show-settings` (what a run would use, from [`crate::engine::settings`]).

use crate::cli::args::CheckArgs;
use crate::cli::print::{config_error, eprint_line, error, print_stdout};
use crate::engine::config::{CONFIG_FILE, CONFIG_FILES, starter_config};
use crate::engine::exit::{EXIT_CLEAN, EXIT_ERROR};
use crate::engine::run::{Notice, Options, RunError};
use crate::engine::settings;
use std::io::Write;
use std::path::Path;

/// `plan-lint init`: writes [`starter_config`] to `./plan-lint.toml`. An existing
/// config file of either name is never overwritten (exit 2).
pub(crate) fn init() -> i32 {
    for name in CONFIG_FILES {
        if Path::new(name).symlink_metadata().is_ok() {
            return error(format_args!(
                "{name} already exists here; it is left as it is (remove it first to \
                 start over)"
            ));
        }
    }
    // `create_new`: a file that appeared since the check above is not overwritten either
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(CONFIG_FILE)
        .and_then(|mut f| f.write_all(starter_config().as_bytes()));
    match written {
        Ok(()) => {
            eprint_line(format_args!(
                "Wrote {CONFIG_FILE}: every key is commented out with its default."
            ));
            EXIT_CLEAN
        }
        Err(e) => error(format_args!("cannot write {CONFIG_FILE}: {e}")),
    }
}

/// `--show-files` or `--show-settings`: prints what a run with `options` would use, and
/// exits 0 (2 on a usage or configuration error, or when the walk could not read a
/// directory: plans may be missing from the list).
pub(crate) fn show(args: &CheckArgs, options: &Options) -> i32 {
    let fail = |e: RunError| match e {
        RunError::Config(e) => config_error(&e),
        e => error(e),
    };
    if args.show_settings {
        let plan = match &options.paths[..] {
            [] => Path::new("."),
            [one] => one.as_path(),
            _ => return error("--show-settings takes one plan or directory"),
        };
        return match settings::settings_for(options, plan) {
            Ok(s) => {
                print_stdout(&s.to_string());
                EXIT_CLEAN
            }
            Err(e) => fail(e),
        };
    }
    let files = match settings::plan_files(options) {
        Ok(f) => f,
        Err(e) => return fail(e),
    };
    for n in &files.notices {
        if !(args.quiet && matches!(n, Notice::NoPlans { .. })) {
            eprint_line(format_args!("plan-lint: {n}"));
        }
    }
    let mut out = String::new();
    for f in &files.files {
        out.push_str(&f.display().to_string());
        out.push('\n');
    }
    print_stdout(&out);
    if files.failed() {
        EXIT_ERROR
    } else {
        EXIT_CLEAN
    }
}
