fn main() {
    std::process::exit(plan_lint::cli::main());
}
