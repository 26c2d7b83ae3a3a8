//! Hostile `plan-lint.toml`s. plan-lint runs as a CI gate on pull requests, so every
//! config it reads may be written by a stranger: it must never read, follow or print
//! anything outside the repository root, never block, never panic, and exit 2 with a
//! message naming the key at fault.
//!
//! Every test works in a sandbox: a temporary directory holding `repo/` (with `.git`
//! and a plan) and, beside the repository, files holding a fake secret. Every run goes
//! through [`run`], which fails on a signal (stack overflow, the hang guard), a panic or
//! an undefined exit code, and checks that no secret reached either output stream.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[path = "support/cli_run.rs"]
mod cli_run;
use cli_run::{Run, command, have};

/// A hang guard, not a benchmark: generous for a loaded 2-core machine in debug builds.
const TIMEOUT: Duration = Duration::from_secs(180);

/// The fake secret in every file outside the repository (and in the child's environment
/// for `/proc/self/environ`). It must never appear in anything plan-lint prints.
const SECRET: &str = "hunter2-7f3a9c";

/// A plan with one hedging finding (PL101), so a run that lints exits 1.
const PLAN: &str = "# Plan: X (x)\n\nIt should work.\n";

/// Runs `plan-lint --color=never --format short ARGS` in `dir` with `SECRET` in its
/// environment. Fails on a signal, the hang guard, a panic, an exit code other than
/// 0/1/2, or the secret in the output.
fn run(dir: &Path, args: &[&str]) -> Run {
    run_wrapped(dir, None, args)
}

fn run_wrapped(dir: &Path, wrap: Option<&[&str]>, args: &[&str]) -> Run {
    let mut cmd = command(wrap.unwrap_or(&[]));
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env("RUST_BACKTRACE", "1")
        .env("PLAN_LINT_TEST_SECRET", format!("SECRET_TOKEN={SECRET}"))
        .args(["--color=never", "--format", "short"])
        .args(args);
    let mut cmd = assert_cmd::Command::from_std(cmd);
    cmd.timeout(TIMEOUT);
    let run = Run::checked(&cmd.output().expect("plan-lint starts"), &args);
    assert!(
        !run.stdout.contains(SECRET) && !run.stderr.contains(SECRET),
        "plan-lint {args:?} printed the secret:\n{run}"
    );
    run
}

/// Exit code 2 and every one of `parts` in standard error.
fn assert_refused(r: &Run, parts: &[&str]) {
    assert_eq!(r.code, 2, "{r}");
    for part in parts {
        assert!(
            r.stderr.contains(part),
            "standard error lacks {part:?}:\n{r}"
        );
    }
}

/// `outer/` holding `repo/` (a repository: `.git`, `EXPORT/plan_x.md`) and, outside
/// it, `secret.toml` (valid TOML: read as a config, its unknown key would be quoted)
/// and `secret.env` (not TOML).
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let sandbox = Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir_all(sandbox.repo().join(".git")).unwrap();
        sandbox.write("EXPORT/plan_x.md", PLAN);
        std::fs::write(
            sandbox.outside("secret.toml"),
            format!("token = \"SECRET_TOKEN={SECRET}\"\n"),
        )
        .unwrap();
        std::fs::write(
            sandbox.outside("secret.env"),
            format!("SECRET_TOKEN={SECRET}\nOTHER=1\n"),
        )
        .unwrap();
        sandbox
    }

    fn repo(&self) -> PathBuf {
        self.dir.path().join("repo")
    }

    /// A path beside the repository, outside its root.
    fn outside(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `repo/rel`.
    fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.repo().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path
    }

    fn symlink(&self, target: &Path, rel: &str) {
        let link = self.repo().join(rel);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, link).unwrap();
    }
}

/// The plan was linted (exit 1: the minimal plan misses sections) with PL101 turned
/// off by the config.
fn assert_linted_without_pl101(r: &Run) {
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stdout.contains("plan_x.md:"), "{r}");
    assert!(!r.stdout.contains("PL101"), "{r}");
}

fn mkfifo(path: &Path) -> bool {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("SKIPPED: mkfifo is absent or failed; the FIFO cases did not run");
    }
    made
}

// Item 1: no file content outside the root in any message.

#[test]
fn extend_outside_the_repository_is_refused_without_reading_it() {
    let s = Sandbox::new();
    let secret = s.outside("secret.toml").display().to_string();
    s.symlink(&s.outside("secret.toml"), "linked.toml");
    s.symlink(s.dir.path(), "outer");
    let help = format!(
        "`extend` names a regular `.toml` file inside the repository root ({})",
        s.repo().canonicalize().unwrap().display()
    );
    for (extend, why) in [
        (secret.as_str(), "leaves the repository root"),
        ("../secret.toml", "leaves the repository root"),
        ("EXPORT/../../secret.toml", "leaves the repository root"),
        ("/proc/self/environ", "leaves the repository root"),
        (
            "linked.toml",
            "names no config file inside the repository root",
        ),
        (
            "outer/secret.toml",
            "names no config file inside the repository root",
        ),
        ("../secret.env", "leaves the repository root"),
    ] {
        s.write("plan-lint.toml", format!("extend = \"{extend}\"\n"));
        let r = run(&s.repo(), &[]);
        assert_refused(
            &r,
            &[
                "plan-lint.toml: `extend` = ",
                &format!("`extend` = \"{extend}\" {why}"),
                &format!("1 │ extend = \"{extend}\""),
                &help,
            ],
        );
    }
    // the same from a config in a subdirectory, found from its plans' directory
    s.write("plan-lint.toml", "");
    s.write("team/plan-lint.toml", "extend = \"../../secret.toml\"\n");
    s.write("team/EXPORT/plan_x.md", PLAN);
    let r = run(&s.repo(), &["team/EXPORT"]);
    assert_refused(
        &r,
        &["`extend` = \"../../secret.toml\" leaves the repository root"],
    );
    // and from one named with --config
    let r = run(&s.repo(), &["--config", "team/plan-lint.toml", "EXPORT"]);
    assert_refused(
        &r,
        &["`extend` = \"../../secret.toml\" leaves the repository root"],
    );
    // extending inside the repository still works
    s.write("base.toml", "[rules]\nPL101 = \"off\"\n");
    s.write("team/plan-lint.toml", "extend = \"../base.toml\"\n");
    let r = run(&s.repo(), &["team/EXPORT"]);
    assert_linted_without_pl101(&r);
}

#[test]
fn extend_may_not_name_what_is_not_a_config() {
    let s = Sandbox::new();
    s.write(".env", format!("SECRET_TOKEN={SECRET}\n"));
    s.write(".git/config.toml", format!("token = \"{SECRET}\"\n"));
    s.symlink(&s.repo().join(".env"), "env.toml");
    for (extend, why) in [
        (".env", "does not name a `.toml` file"),
        (".git/config.toml", "names a file inside `.git`"),
        (
            "env.toml",
            "does not name a `.toml` file (after symbolic links)",
        ),
        ("", "is empty"),
    ] {
        s.write("plan-lint.toml", format!("extend = \"{extend}\"\n"));
        let r = run(&s.repo(), &[]);
        assert_refused(&r, &[&format!("`extend` = \"{extend}\" {why}")]);
    }
}

#[test]
fn a_config_that_is_not_toml_is_never_quoted() {
    let s = Sandbox::new();
    let env = s.outside("secret.env").display().to_string();
    let r = run(&s.repo(), &["--config", &env, "EXPORT"]);
    assert_refused(
        &r,
        &[
            "secret.env: not a valid TOML file: ",
            "(line 1, column 14)",
            "plan-lint shows no text of a config file that is not TOML",
        ],
    );
    assert!(
        !r.stderr.contains("SECRET_TOKEN") && !r.stderr.contains("OTHER"),
        "{r}"
    );
    // the environment of the CI job, named directly
    if Path::new("/proc/self/environ").exists() {
        let r = run(&s.repo(), &["--config", "/proc/self/environ", "EXPORT"]);
        assert_refused(&r, &["/proc/self/environ: not a valid TOML file: "]);
        assert!(!r.stderr.contains("SECRET_TOKEN"), "{r}");
    } else {
        eprintln!("SKIPPED: no /proc/self/environ on this system");
    }
    // and a file that is not UTF-8
    let bin = s.write("binary.toml", [0xff, 0xfe, b'a', 0x00]);
    let r = run(&s.repo(), &["--config", bin.to_str().unwrap(), "EXPORT"]);
    assert_refused(&r, &["it is not UTF-8 text (invalid byte at offset 0)"]);
}

#[test]
fn a_found_config_leading_outside_is_not_read() {
    let s = Sandbox::new();
    s.symlink(&s.outside("secret.toml"), "plan-lint.toml");
    let r = run(&s.repo(), &[]);
    assert_refused(
        &r,
        &[
            "plan-lint.toml: the config file leads outside its repository root",
            "through a symbolic link, so it is not read",
        ],
    );
    // the same named with --config: the path is trusted, not where a link in it leads
    let r = run(&s.repo(), &["--config", "plan-lint.toml", "EXPORT"]);
    assert_refused(&r, &["the config file leads outside its repository root"]);
    // a directory on the way that links out of the repository: its root is still the
    // repository's (found from the path as written), so the file is refused
    std::fs::create_dir(s.outside("elsewhere")).unwrap();
    std::fs::copy(
        s.outside("secret.toml"),
        s.outside("elsewhere/plan-lint.toml"),
    )
    .unwrap();
    s.symlink(&s.outside("elsewhere"), "linked");
    let r = run(&s.repo(), &["--config", "linked/plan-lint.toml", "EXPORT"]);
    assert_refused(
        &r,
        &["linked/plan-lint.toml: the config file leads outside its repository root"],
    );
    // a file outside any repository, named with --config, is read: the user named it;
    // a key plan-lint does not know is shown without its value
    let r = run(
        &s.repo(),
        &[
            "--config",
            s.outside("elsewhere/plan-lint.toml").to_str().unwrap(),
        ],
    );
    assert_refused(
        &r,
        &[
            "invalid configuration: unknown field `token`",
            "1 │ token\n",
        ],
    );
}

#[test]
fn a_config_above_the_repository_is_not_found() {
    let s = Sandbox::new();
    // above the repository root: never read (it would be an error, quoting the secret)
    std::fs::write(
        s.outside("plan-lint.toml"),
        format!("token = \"SECRET_TOKEN={SECRET}\"\n"),
    )
    .unwrap();
    let r = run(&s.repo(), &[]);
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stdout.contains("plan_x.md:3:4: PL101"), "{r}");
    assert!(!r.stderr.contains("config"), "{r}");
}

#[test]
fn every_config_error_quotes_only_its_own_line() {
    let s = Sandbox::new();
    s.write("EXPORT/legacy/plan_y.md", PLAN);
    // Every error kind, with a secret on the lines around the offending one: the old
    // report showed one line of context on each side.
    let cases: &[(&str, &str, &str)] = &[
        ("colour = \"always\"", "", "unknown field `colour`"),
        (
            "include = \"EXPORT\"",
            "",
            "invalid type: string \"EXPORT\", expected a sequence",
        ),
        (
            "include = [\"EXPORT/[\"]",
            "",
            "invalid glob: unclosed character class",
        ),
        (
            "\"EXPORT/{a\" = [\"PL101\"]",
            "[per-file-ignores]",
            "invalid glob: unclosed alternate group",
        ),
        (
            "\"*.md\" = [\"PL999\"]",
            "[per-file-ignores]",
            "unknown rule `PL999`",
        ),
        ("PL999 = \"off\"", "[rules]", "unknown rule `PL999`"),
        (
            "PL101 = \"loud\"",
            "[rules]",
            "invalid level `loud` for PL101",
        ),
        (
            "max_slug_len = \"long\"",
            "[contract]",
            "invalid type: string \"long\", expected usize",
        ),
        (
            "placeholders = ['(']",
            "[contract]",
            "invalid pattern in `contract.placeholders`: entry 1: unclosed group",
        ),
        (
            "hedging = ['']",
            "[contract]",
            "invalid pattern in `contract.hedging`: entry 1 is empty",
        ),
        (
            "export_dir = \"../out\"",
            "[contract]",
            "`contract.export_dir` = \"../out\" must be a relative path",
        ),
        (
            "sections = []",
            "[contract]",
            "`contract.sections` is empty",
        ),
        (
            "root = \"..\"",
            "",
            "`root` = \"..\" is not a directory inside the repository root",
        ),
        (
            "extend = \"../secret.toml\"",
            "",
            "`extend` = \"../secret.toml\" leaves the repository root",
        ),
    ];
    for (line, table, message) in cases {
        let text = format!(
            "# SECRET_TOKEN={SECRET}\n{table}\n# SECRET_TOKEN={SECRET}\n{line}\n# SECRET_TOKEN={SECRET}\n"
        );
        s.write("plan-lint.toml", &text);
        let r = run(&s.repo(), &[]);
        // a key plan-lint does not know is shown without its value
        let shown = match line.strip_suffix(" = \"always\"") {
            Some(key) => format!("4 │ {key}\n"),
            None => format!("4 │ {line}"),
        };
        assert_refused(&r, &[message, &shown]);
        assert!(!r.stderr.contains("SECRET_TOKEN"), "{line}:\n{r}");
        assert!(!r.stderr.contains(&format!("2 │ {table}")), "{line}:\n{r}");
    }
}

/// With strace: refusing an `extend` outside the root never opens the target, and a
/// lexical escape (absolute path, `..`) never touches it at all.
#[test]
fn strace_shows_refused_extends_are_never_opened() {
    // Skips with a message, or fails under PLAN_LINT_REQUIRE_TOOLS (CI installs strace).
    if !have(
        "strace",
        &["-f", "-qq", "-e", "trace=openat", "-o", "/dev/null", "true"],
        "strace_shows_refused_extends_are_never_opened",
    ) {
        return;
    }
    let s = Sandbox::new();
    s.symlink(&s.outside("secret.toml"), "linked.toml");
    let trace = s.outside("strace.txt");
    let trace_arg = trace.display().to_string();
    let wrap = [
        "strace",
        "-f",
        "-qq",
        "-e",
        "trace=%file",
        "-o",
        trace_arg.as_str(),
    ];
    let secret = s.outside("secret.toml").display().to_string();
    for (extend, touched) in [
        (secret.as_str(), false),
        ("../secret.toml", false),
        ("linked.toml", true),
    ] {
        s.write("plan-lint.toml", format!("extend = \"{extend}\"\n"));
        let r = run_wrapped(&s.repo(), Some(&wrap), &[]);
        assert_eq!(r.code, 2, "{r}");
        let text = std::fs::read_to_string(&trace).unwrap();
        assert!(
            text.lines()
                .any(|l| l.contains("openat(") && l.contains("plan-lint.toml")),
            "strace saw plan-lint open its config:\n{text}"
        );
        let seen: Vec<&str> = text.lines().filter(|l| l.contains("secret.toml")).collect();
        if touched {
            // resolving the link may look at the target, never open it
            assert!(
                seen.iter().all(|l| !l.contains("open")),
                "{extend}:\n{}",
                seen.join("\n")
            );
        } else {
            assert!(seen.is_empty(), "{extend}:\n{}", seen.join("\n"));
        }
    }
}

// Item 2: only regular files, at most 1 MiB.

#[test]
fn only_regular_files_are_read() {
    let s = Sandbox::new();
    let r = run(&s.repo(), &["--config", "/dev/zero", "EXPORT"]);
    assert_refused(
        &r,
        &["/dev/zero: cannot read config file: it is a character device, not a regular file"],
    );
    std::fs::create_dir_all(s.repo().join("dir.toml")).unwrap();
    let r = run(&s.repo(), &["--config", "dir.toml", "EXPORT"]);
    assert_refused(
        &r,
        &["dir.toml: cannot read config file: it is a directory, not a regular file"],
    );
    s.write("plan-lint.toml", "extend = \"dir.toml\"\n");
    let r = run(&s.repo(), &[]);
    assert_refused(
        &r,
        &["`extend` = \"dir.toml\": it is a directory, not a regular file"],
    );
    std::fs::remove_file(s.repo().join("plan-lint.toml")).unwrap();
    // A FIFO would block the open (nobody writes to it): refused before opening it,
    // whether named, found or extended.
    if mkfifo(&s.repo().join("fifo.toml")) {
        let fifo = "it is a FIFO (named pipe), not a regular file";
        let r = run(&s.repo(), &["--config", "fifo.toml", "EXPORT"]);
        assert_refused(
            &r,
            &[&format!("fifo.toml: cannot read config file: {fifo}")],
        );
        s.write("plan-lint.toml", "extend = \"fifo.toml\"\n");
        let r = run(&s.repo(), &[]);
        assert_refused(&r, &[&format!("`extend` = \"fifo.toml\": {fifo}")]);
        std::fs::remove_file(s.repo().join("plan-lint.toml")).unwrap();
        assert!(mkfifo(&s.repo().join("plan-lint.toml")));
        let r = run(&s.repo(), &[]);
        assert_refused(
            &r,
            &[&format!("plan-lint.toml: cannot read config file: {fifo}")],
        );
    }
}

#[test]
fn config_files_are_capped_at_one_mebibyte() {
    let s = Sandbox::new();
    let limit = 1 << 20;
    // exactly 1 MiB (a comment, then a rule): read and used
    let rule = "[rules]\nPL101 = \"off\"\n";
    let pad = limit - rule.len() - 2;
    s.write("exact.toml", format!("#{}\n{rule}", "x".repeat(pad)));
    assert_eq!(
        std::fs::metadata(s.repo().join("exact.toml"))
            .unwrap()
            .len(),
        limit as u64
    );
    let r = run(&s.repo(), &["--config", "exact.toml", "EXPORT"]);
    assert_linted_without_pl101(&r);
    // one byte more, 2 MiB, 10 MB: refused, without reading them
    for (name, size) in [
        ("over.toml", limit + 1),
        ("two.toml", 2 * limit),
        ("ten.toml", 10_000_000),
    ] {
        s.write(name, format!("#{}\n", "x".repeat(size - 2)));
        let r = run(&s.repo(), &["--config", name, "EXPORT"]);
        assert_refused(
            &r,
            &[&format!(
                "{name}: cannot read config file: it is larger than the 1024 KiB limit for config files"
            )],
        );
    }
}

// Item 3: `extend` chains.

/// `c0.toml` extends `c1.toml` … up to `c{n-1}.toml`, which turns PL101 off.
fn chain(s: &Sandbox, n: usize) {
    for i in 0..n - 1 {
        s.write(
            &format!("c{i}.toml"),
            format!("extend = \"c{}.toml\"\n", i + 1),
        );
    }
    s.write(&format!("c{}.toml", n - 1), "[rules]\nPL101 = \"off\"\n");
}

#[test]
fn extend_chains_are_iterative_and_capped() {
    let s = Sandbox::new();
    // 32 files: loaded, the base's setting applies
    chain(&s, 32);
    let r = run(&s.repo(), &["--config", "c0.toml", "EXPORT"]);
    assert_linted_without_pl101(&r);
    // 33 files, and 5 000 (a stack overflow, exit 134, when loading recursed): refused
    // at the 32nd file, pointing at its `extend`
    for n in [33, 5000] {
        chain(&s, n);
        let r = run(&s.repo(), &["--config", "c0.toml", "EXPORT"]);
        assert_refused(
            &r,
            &[
                "c31.toml: `extend`: this file is number 32 of its `extend` chain, and a chain \
                 holds at most 32 files",
                "1 │ extend = \"c32.toml\"",
            ],
        );
    }
    // cycles are still found
    s.write("a.toml", "extend = \"b.toml\"\n");
    s.write("b.toml", "extend = \"a.toml\"\n");
    let r = run(&s.repo(), &["--config", "a.toml", "EXPORT"]);
    assert_refused(
        &r,
        &[
            "`extend` makes a cycle: ",
            "a.toml → ",
            "b.toml → ",
            "1 │ extend = \"a.toml\"",
        ],
    );
    s.write("self.toml", "extend = \"self.toml\"\n");
    let r = run(&s.repo(), &["--config", "self.toml", "EXPORT"]);
    assert_refused(&r, &["`extend` makes a cycle: "]);
}

// Item 4: lexicon entries that match everywhere; large configs.

#[test]
fn lexicon_entries_matching_everywhere_are_refused() {
    let s = Sandbox::new();
    for (line, message) in [
        (
            "hedging = ['should', '']",
            "`contract.hedging`: entry 2 is empty, so it would match at every position",
        ),
        (
            "weak_wording = ['   ']",
            "`contract.weak_wording`: entry 1 is only whitespace",
        ),
        (
            "back_reference = ['']",
            "`contract.back_reference`: entry 1 is empty",
        ),
        (
            "placeholders = ['']",
            "`contract.placeholders`: entry 1 is empty",
        ),
        (
            "placeholders = ['TODO', 'x*']",
            "`contract.placeholders`: entry 2 matches the empty string",
        ),
    ] {
        s.write("plan-lint.toml", format!("[contract]\n{line}\n"));
        let r = run(&s.repo(), &[]);
        assert_refused(
            &r,
            &[
                &format!("invalid pattern in {message}"),
                &format!("2 │ {line}"),
            ],
        );
        assert!(r.stdout.is_empty(), "{r}");
    }
    // a lexicon set in an extended file is reported there
    s.write("base.toml", "[contract]\nhedging = ['']\n");
    s.write(
        "plan-lint.toml",
        "extend = \"base.toml\"\n[contract]\nmarker = \"[ASK]\"\n",
    );
    let r = run(&s.repo(), &[]);
    assert_refused(
        &r,
        &[
            "base.toml: invalid pattern in `contract.hedging`: entry 1 is empty",
            "base.toml:2:12]",
        ],
    );
}

#[test]
fn large_configs_are_refused_by_their_limits() {
    let s = Sandbox::new();
    let list = |n: usize, len: usize| -> String {
        (0..n)
            .map(|i| format!("'{}{i:05}'", "w".repeat(len)))
            .collect::<Vec<_>>()
            .join(",")
    };
    // nearly 1 MiB: 80 000 words, or 38 000 globs
    for (text, message) in [
        (
            format!("[contract]\nweak_wording = [{}]\n", list(80_000, 4)),
            "`contract.weak_wording`: the list holds more than 256 entries",
        ),
        (
            format!("[contract]\nplaceholders = [{}]\n", list(80_000, 4)),
            "`contract.placeholders`: the list holds more than 256 entries",
        ),
        (
            format!("include = [{}]\n", list(80_000, 4)),
            "`include`: the list holds more than 256 entries",
        ),
        (
            format!(
                "[per-file-ignores]\n{}",
                (0..38_000)
                    .map(|i| format!("'d{i}/*.md' = ['PL101']\n"))
                    .collect::<String>()
            ),
            "`[per-file-ignores]`: the list holds more than 256 entries",
        ),
        (
            format!("[contract]\nhedging = [{}]\n", list(200, 400)),
            "`contract.hedging`: the list holds more than 64 KiB of text",
        ),
    ] {
        assert!(text.len() < 1 << 20);
        s.write("plan-lint.toml", &text);
        let r = run(&s.repo(), &[]);
        assert_refused(&r, &[message]);
        assert!(r.stderr.len() < 2000, "{} bytes:\n{r}", r.stderr.len());
    }
    // at the limits: loaded and used
    s.write(
        "plan-lint.toml",
        format!(
            "[contract]\nweak_wording = [{}]\nplaceholders = [{}]\n",
            list(256, 200),
            list(256, 200)
        ),
    );
    let r = run(&s.repo(), &[]);
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stdout.contains("PL101"), "{r}");
}

#[test]
fn a_config_error_is_exit_2_even_when_standard_error_fails() {
    let s = Sandbox::new();
    s.write("plan-lint.toml", "colour = 1\n");
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(full) = full else {
        eprintln!("SKIPPED: no /dev/full on this system");
        return;
    };
    // writing to /dev/full fails (ENOSPC): `eprint!` panicked, exit 101
    let out = Command::new(env!("CARGO_BIN_EXE_plan-lint"))
        .current_dir(s.repo())
        .stderr(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}
