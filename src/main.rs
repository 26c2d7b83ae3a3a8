//! The `plan-lint` binary: the command line in [`plan_lint::cli`].

fn main() {
    std::process::exit(plan_lint::cli::main());
}
