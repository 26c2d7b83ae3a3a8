//! The command line: `plan-lint [check] [PATHS…]`, `export`, `new`, `rules`,
//! `explain <CODE|name>`, `init`, `completions`, `man`. A thin shell: parse the arguments,
//! call the engine, render with `output/`, print.

pub(crate) mod args;
pub(crate) mod check;
pub(crate) mod config;
pub(crate) mod explain;
pub(crate) mod export;
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
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut cmd, "plan-lint", &mut out);
            print_stdout(&String::from_utf8_lossy(&out));
            EXIT_CLEAN
        }
        Some(Command::Man) => {
            let mut out = Vec::new();
            match clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out) {
                Ok(()) => {
                    print_stdout(&String::from_utf8_lossy(&out));
                    EXIT_CLEAN
                }
                Err(e) => error(format!("cannot render the man page: {e}")),
            }
        }
        None => check::check(&cli.check),
    }
}
