//! PL401 `test-commands`: "Testing Plan" contains at least one runnable command: an
//! inline code span that reads as a shell command, or a shell (or unlabelled) code
//! block.

use super::helpers::is_shell_block;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::model::Document;
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

pub(crate) struct TestCommands;

static META: RuleMeta = RuleMeta {
    code: "PL401",
    name: "test-commands",
    severity: Severity::Error,
    summary: "\"Testing Plan\" contains at least one runnable command (inline code or a shell code block).",
    group: crate::rules::Group::Sections,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// Programs that make a code span a command when followed by arguments.
#[rustfmt::skip]
const PROGRAMS: &[&str] = &[
    // Rust, Go, C/C++, Zig, Swift
    "cargo", "rustc", "go", "make", "cmake", "ctest", "ninja", "bazel", "bazelisk",
    "buck2", "zig", "swift", "xcodebuild", "meson", "just",
    // Python
    "python", "python3", "py", "pytest", "pip", "pip3", "pipenv", "poetry", "uv", "uvx",
    "tox", "nox", "hatch", "pdm", "coverage", "mypy", "ruff", "pyright", "behave",
    "django-admin",
    // JavaScript / TypeScript
    "npm", "npx", "pnpm", "pnpx", "yarn", "bun", "bunx", "deno", "node", "tsc", "jest",
    "vitest", "mocha", "playwright", "cypress", "ava", "karma", "nx", "turbo", "lerna",
    "eslint",
    // JVM, .NET, mobile
    "mvn", "gradle", "sbt", "lein", "clojure", "java", "kotlin", "dotnet", "flutter",
    "dart",
    // Ruby, PHP, Elixir, Erlang, Haskell, OCaml, Perl
    "ruby", "bundle", "rake", "rspec", "rails", "composer", "php", "phpunit", "pest",
    "mix", "elixir", "rebar3", "stack", "cabal", "dune", "opam", "perl", "prove",
    // Containers, infrastructure, HTTP and databases
    "docker", "docker-compose", "podman", "kubectl", "helm", "terraform", "tofu",
    "ansible", "vagrant", "curl", "wget", "httpie", "grpcurl", "hurl", "newman", "k6",
    "locust", "wrk", "psql", "mysql", "sqlite3", "redis-cli",
    // Shells, version control and common utilities
    "sh", "bash", "zsh", "fish", "pwsh", "powershell", "git", "gh", "env", "sudo",
    "xargs", "jq", "diff", "grep", "rg",
    // Linters and cloud CLIs
    "flake8", "pylint", "black", "isort", "golangci-lint", "shellcheck", "nix", "aws",
    "gcloud", "az", "kind", "minikube", "skaffold", "tilt",
];

/// Test runners that are a complete command without arguments.
#[rustfmt::skip]
const BARE_RUNNERS: &[&str] = &[
    "pytest", "tox", "nox", "make", "jest", "vitest", "mocha", "rspec", "rake", "phpunit",
    "ctest", "just", "prove", "behave", "ava", "karma", "pest",
];

/// A lower-case program name (`cargo`, `python3`, `docker-compose`).
static PROGRAM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9._+-]*$").expect("program regex"));
/// A program run by its path: `./scripts/test.sh`, `../bin/check`, `.\test.ps1`.
static RELATIVE_PROGRAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\.{1,2}[/\\][A-Za-z0-9_.+-]+(?:[/\\][A-Za-z0-9_.+-]+)*$")
        .expect("relative program regex")
});
/// A program in a sub-directory: `scripts/test.sh`, `bin/rails`.
static NESTED_PROGRAM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[a-z0-9_][a-z0-9_.+-]*(?:/[A-Za-z0-9_.+-]+)+$").expect("nested program regex")
});
/// A command-line flag: `-q`, `--test`, `--features=x`.
static FLAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^--?[A-Za-z][A-Za-z0-9_-]*(?:=\S*)?$").expect("flag regex"));
/// An environment assignment before the program: `RUST_LOG=debug`.
static ASSIGNMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z_][A-Za-z0-9_]*=\S*$").expect("assignment regex"));
/// Operators that chain commands.
static CHAIN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"&&|\|\||[;|]").expect("chain regex"));

/// Directories that hold executables run by path (`bin/rails`, `scripts/jig`).
#[rustfmt::skip]
const BIN_DIRS: &[&str] = &[
    "bin", "sbin", "scripts", "script", "tools", "tool", "hack", "ci", "dev", "build",
    "target", "node_modules", "vendor", "util", "utils",
];

/// Operators of an expression: `xmin == -xmax` is a comparison, not a command with a flag.
#[rustfmt::skip]
const OPERATORS: &[&str] = &[
    "=", "==", "===", "!=", "!==", "<=", ">=", "+", "-", "*", "/", "->", "=>", "?", ":",
];

/// Extensions of shell scripts: such a path is a command on its own.
const SHELL_SCRIPTS: &[&str] = &["sh", "bash", "zsh", "fish", "ps1", "bat", "cmd"];
/// Extensions of other scripts: such a path is a command when given arguments
/// (`scripts/load.py --clients 5`); alone it is a file name.
const SCRIPTS: &[&str] = &["py", "rb", "pl", "js", "mjs", "cjs", "ts", "php"];

/// Whether a program path (`./gradlew`, `scripts/test.sh`) reads as an executable;
/// `with_args`: whether arguments follow it.
fn is_script(path: &str, with_args: bool) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => {
            SHELL_SCRIPTS.contains(&ext) || (with_args && SCRIPTS.contains(&ext))
        }
        // No extension: `./gradlew`, `bin/rails`.
        _ => true,
    }
}

/// Whether one command (no chaining operators) reads as runnable.
fn is_simple_command(text: &str) -> bool {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    // A prompt (`$ cargo test`, `> npm test`, `PS> pytest`).
    if matches!(words.first(), Some(&("$" | ">" | "%" | "#" | "PS>"))) {
        words.remove(0);
    }
    // Environment assignments (`RUST_LOG=debug cargo test`).
    while words.len() > 1 && ASSIGNMENT.is_match(words[0]) {
        words.remove(0);
    }
    let Some((&program, args)) = words.split_first() else {
        return false;
    };
    if RELATIVE_PROGRAM.is_match(program) {
        return is_script(program, !args.is_empty());
    }
    if NESTED_PROGRAM.is_match(program) {
        // Without an extension, only in a directory of executables and with arguments
        // (`bin/rails test`; `hashicorp/aws ~> 6.2` is not a command).
        let extension = program.rsplit('/').next().is_some_and(|n| n.contains('.'));
        let bin_dir = program
            .split('/')
            .next()
            .is_some_and(|d| BIN_DIRS.contains(&d));
        return (extension || (bin_dir && !args.is_empty()))
            && is_script(program, !args.is_empty());
    }
    if !PROGRAM.is_match(program) {
        return false;
    }
    if args.is_empty() {
        return BARE_RUNNERS.contains(&program);
    }
    PROGRAMS.contains(&program)
        || (args.iter().any(|a| FLAG.is_match(a)) && !args.iter().any(|a| OPERATORS.contains(a)))
}

/// Whether an inline code span reads as a shell command: a lower-case program name
/// followed by arguments, a script path, or a bare test runner (`pytest`). Chained
/// commands (`cd web && npm test`) count when one of them does.
pub(crate) fn is_command(text: &str) -> bool {
    let text = text.trim();
    let text = text.strip_prefix("$ ").unwrap_or(text);
    CHAIN.split(text).any(is_simple_command)
}

/// Whether the span `body` of `doc` holds a runnable command.
pub(crate) fn has_command(doc: &Document, body: Span) -> bool {
    doc.code_spans
        .iter()
        .filter(|c| body.contains(c.span))
        .any(|c| is_command(&c.text))
        || doc
            .code_blocks
            .iter()
            .filter(|b| body.contains(b.span))
            .any(|b| is_shell_block(&b.info, &b.literal))
}

impl Rule for TestCommands {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let Some(section) = crate::rules::live_section(ctx, "testing") else {
            return Vec::new(); // missing (PL004) or only a marker and its question
        };
        if has_command(doc, section.body) {
            return Vec::new();
        }
        let heading = doc.section_heading(section);
        vec![
            self.report(heading.text_span, "the Testing Plan has no command to run the tests".to_string())
                .with_help("write the exact command in backticks (`cargo test --test cli`) or in a ```sh code block"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::is_command;
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn commands() {
        for yes in [
            "cargo test",
            "cargo test --test cli",
            "$ npm test",
            "pytest",
            "pytest tests/test_limits.py -q",
            "tox",
            "make",
            "make test",
            "go test ./...",
            "./scripts/test.sh",
            "./scripts/test.sh --fast",
            "scripts/test.sh",
            "bin/rails test",
            ".\\scripts\\test.ps1",
            "RUST_LOG=debug cargo test",
            "cd web && npm test",
            "mytool --check",
            "python -m pytest",
            "dotnet test",
            "./gradlew test",
            "./manage.py test",
            "scripts/load.py --clients 5",
            "target/debug/jig check --plan-id p1",
            "nix flake check",
            "flake8 .",
            "aws s3 ls",
        ] {
            assert!(is_command(yes), "{yes}");
        }
        for no in [
            "limits_are_per_client",
            "Retry-After: 5",
            "retry-after: 5",
            "tests/cli.rs",
            "src/lib.rs",
            "tests/test_limits.py",
            "./src/app.py",
            "bin/",
            "cargo",
            "429 Too Many Requests",
            "GET /api/v1/users",
            "fn take(&mut self, now: Instant) -> Result<(), Duration>",
            "assert_eq!(status, 429)",
            "rate limit exceeded",
            "RATE_LIMIT_PER_MINUTE=100",
            "x-api-key: abc",
            "MAX_RETRIES",
            "create_app()",
            "a -> b",
            "xmin == -xmax",
            "hashicorp/aws ~> 6.2",
            "update/patch certificatesigningrequests/approval",
            "",
        ] {
            assert!(!is_command(no), "{no}");
        }
    }

    #[test]
    fn vectors() {
        let t = "# Plan: A (a)\n\n## Testing Plan\n\n";
        Tester::new("PL401")
            .pass(&[
                CLEAN_PLAN,
                &format!("{t}- Run `pytest`.\n"),
                &format!("{t}- Run `./scripts/test.sh --fast` in CI.\n"),
                &format!("{t}### Commands\n\n```bash\nnpm test -- --runInBand\n```\n"),
                &format!("{t}```\nmake check\n```\n"),
                &format!("{t}```console\n$ go test ./...\n```\n"),
                &format!("{t}```{{.sh}}\ncargo test\n```\n"),
                &format!("{t}```bash{{1}} title=\"run\"\ncargo test\n```\n"),
                &format!("{t}1. Add tests.\n   - Run `cd web && pnpm test`.\n"),
                // No Testing Plan: PL004 reports it.
                "# Plan: A (a)\n\n## Summary\n\nNo tests.\n",
            ])
            .fail(&[
                // Identifiers, headers and paths are not commands.
                &format!("{t}- Add `limits_are_per_client` to `tests/cli.rs`.\n- Expect `Retry-After: 5` and `429 Too Many Requests`.\n"),
                // Code blocks in other languages, and an empty shell block.
                &format!("{t}```rust\n#[test]\nfn limits() {{}}\n```\n\n```sh\n```\n"),
                // Prose mentions of a runner are not commands.
                &format!("{t}Run cargo test before merging.\n\n## Verification Checklist\n\n- [ ] `cargo test` passes.\n"),
                "# Plan: A (a)\n\n## 11. Test Plan\n\nUnit tests only.\n",
            ])
            .test_and_snapshot();
    }
}
