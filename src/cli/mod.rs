//! The command line: `plan-lint [check] [PATHS…]`, `export`, `new`, `rules`,
//! `explain <CODE|name>`, `init`, `completions`, `man`. A thin shell: parse the arguments,
//! call the engine, render with `output/`, print.

pub(crate) mod args;
pub(crate) mod check;
mod completions;
pub(crate) mod config;
pub(crate) mod explain;
pub(crate) mod export;
mod man;
pub(crate) mod print;

use crate::engine::exit::{EXIT_CLEAN, EXIT_ERROR};
use args::{Cli, Command};
use clap::Parser;
use print::{Stream, error, print_stdout, write_failed};

/// Runs the CLI and returns the exit code: the command's, or 2 when writing any of
/// its output failed (see `print::print_stdout`).
pub fn main() -> i32 {
    print::begin_output();
    let code = run();
    if print::output_failed() {
        EXIT_ERROR
    } else {
        code
    }
}

fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if let Err(err) = e.print() {
                let stream = if e.use_stderr() {
                    Stream::Stderr
                } else {
                    Stream::Stdout
                };
                write_failed(stream, &err);
            }
            return if e.use_stderr() {
                EXIT_ERROR
            } else {
                EXIT_CLEAN
            };
        }
    };
    match cli.command {
        Some(Command::Rules) => explain::print_rules(),
        Some(Command::Explain { rule }) => explain::explain(&rule),
        Some(Command::Init) => config::init(),
        Some(Command::Check(args)) => check::check(&args),
        Some(Command::Export(args)) => export::export(&args),
        Some(Command::New(args)) => export::new(&args),
        Some(Command::Completions { shell }) => {
            let cmd = <Cli as clap::CommandFactory>::command();
            print_stdout(&completions::script(shell, cmd));
            EXIT_CLEAN
        }
        Some(Command::Man) => match man::render(<Cli as clap::CommandFactory>::command()) {
            Ok(page) => {
                print_stdout(&page);
                EXIT_CLEAN
            }
            Err(e) => error(format!("cannot render the man page: {e}")),
        },
        None => check::check(&cli.check),
    }
}
