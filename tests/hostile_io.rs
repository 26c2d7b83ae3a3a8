//! Hostile I/O: plan paths that are not regular files (FIFOs, devices, sockets,
//! symlinks to them), plans past the size limit, absurd thread counts, output streams
//! that fail (`/dev/full`) or close (a reader that went away), and text in UTF-32.
//! Every case ends with a defined exit code (0 clean, 1 error-level findings, 2 usage,
//! configuration or I/O error) and a message naming the path, never a panic or a hang.
//!
//! Every run goes through [`run`], which redirects the three standard streams as the
//! test asks and fails the test when plan-lint was killed by a signal, outlived the
//! hang guard [`TIMEOUT`], printed a panic, or exited with an undefined code.

#![cfg(unix)]

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "support/cli_run.rs"]
mod cli_run;
use cli_run::Run;

/// A hang guard, not a benchmark: generous for a loaded 2-core machine in debug builds.
const TIMEOUT: Duration = Duration::from_secs(180);

const CLEAN_PLAN: &str = include_str!("../fixtures/clean/EXPORT/plan_rate-limits.md");
const PLAN: &str = "EXPORT/plan_rate-limits.md";

/// The limit documented in `source::MAX_PLAN_BYTES`.
const CAP: u64 = 256 * 1024 * 1024;

const FORMATS: [&str; 7] = [
    "human", "short", "json", "sarif", "github", "junit", "gitlab",
];

/// Where a standard stream of the child goes.
enum To {
    /// Captured in a temporary file, read back after the run.
    Capture,
    /// `/dev/full`: every write fails with ENOSPC.
    Full,
    /// A pipe whose reading end is already closed: every write fails with EPIPE.
    Closed,
}

/// Where standard input comes from.
enum From {
    Null,
    Text(&'static str),
    File(PathBuf),
}

/// `/dev/full` opened for writing, or `None` (the caller prints SKIPPED) when this
/// system has none.
fn dev_full() -> Option<File> {
    File::create("/dev/full").ok()
}

/// The writing end of a pipe nobody reads any more: the reading end belonged to a
/// `true` process that has exited, so a write to it fails with EPIPE (plan-lint, like
/// every Rust program, ignores SIGPIPE).
fn closed_pipe() -> Stdio {
    let mut reader = Command::new("true")
        .stdin(Stdio::piped())
        .spawn()
        .expect("`true` starts");
    let write_end = reader.stdin.take().expect("a pipe");
    reader.wait().expect("`true` exits");
    Stdio::from(write_end)
}

struct Out {
    stdio: Stdio,
    capture: Option<tempfile::NamedTempFile>,
}

fn stream(to: &To) -> Out {
    match to {
        To::Capture => {
            let file = tempfile::NamedTempFile::new().expect("temp file");
            Out {
                stdio: Stdio::from(file.reopen().expect("reopen")),
                capture: Some(file),
            }
        }
        To::Full => Out {
            stdio: Stdio::from(dev_full().expect("/dev/full (checked by the caller)")),
            capture: None,
        },
        To::Closed => Out {
            stdio: closed_pipe(),
            capture: None,
        },
    }
}

/// Runs `plan-lint ARGS` in `dir` with the streams given; `env` adds variables.
fn run(dir: &Path, args: &[&str], input: From, out: To, err: To, env: &[(&str, &str)]) -> Run {
    let bin = env!("CARGO_BIN_EXE_plan-lint");
    let stdout = stream(&out);
    let stderr = stream(&err);
    let stdin = match input {
        From::Null => Stdio::null(),
        From::File(p) => Stdio::from(File::open(p).expect("input file")),
        From::Text(text) => {
            let f = tempfile::NamedTempFile::new().expect("temp file");
            std::fs::write(f.path(), text).unwrap();
            Stdio::from(f.reopen().unwrap())
        }
    };
    let mut child = Command::new(bin)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("RAYON_NUM_THREADS")
        .env("RUST_BACKTRACE", "1")
        .envs(env.iter().copied())
        .args(args)
        .stdin(stdin)
        .stdout(stdout.stdio)
        .stderr(stderr.stdio)
        .spawn()
        .expect("plan-lint starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("plan-lint {args:?} still running after the {TIMEOUT:?} hang guard");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let read = |o: &Option<tempfile::NamedTempFile>| {
        o.as_ref().map_or_else(String::new, |f| {
            String::from_utf8_lossy(&std::fs::read(f.path()).unwrap()).into_owned()
        })
    };
    Run::checked_streams(status, read(&stdout.capture), read(&stderr.capture), &args)
}

/// `run` with stdin from /dev/null and both output streams captured.
fn check(dir: &Path, args: &[&str]) -> Run {
    run(dir, args, From::Null, To::Capture, To::Capture, &[])
}

/// A repository in a temporary directory: `.git` (so it is the root), the clean plan
/// in `EXPORT/`, and the files it names.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    write(PLAN, CLEAN_PLAN);
    write(
        "src/lib.rs",
        "pub const MAX_RETRIES: u32 = 3;\npub fn create_app() {}\n",
    );
    write("src/main.rs", "fn main() { plan::create_app(); }\n");
    write("tests/cli.rs", "#[test]\nfn cli() {}\n");
    write(
        "Cargo.toml",
        "[package]\nname = \"plan\"\n[features]\nrate-limits = []\n",
    );
    dir
}

/// The clean plan with one hedging word: exactly one error-level finding (PL101).
fn hedged_plan() -> String {
    let plan = CLEAN_PLAN.replace(
        "- Reject requests above",
        "- The gateway should reject requests above",
    );
    assert_ne!(plan, CLEAN_PLAN, "the clean fixture changed");
    plan
}

/// Makes a FIFO with `mkfifo`; false (after printing SKIPPED) when it cannot.
fn mkfifo(path: &Path) -> bool {
    let made = Command::new("mkfifo").arg(path).status();
    if made.is_ok_and(|s| s.success()) {
        true
    } else {
        eprintln!("SKIPPED: `mkfifo` is not available; cannot make a FIFO");
        false
    }
}

fn not_regular(path: &str, kind: &str) -> String {
    format!(
        "plan-lint: error: {path}: not a regular file ({kind}); plans are read only from \
         regular files or standard input (`-`)"
    )
}

// ---------------------------------------------------------------------------------
// Plan paths that are not regular files
// ---------------------------------------------------------------------------------

#[test]
fn a_fifo_named_as_a_plan_is_refused_without_blocking() {
    let dir = repo();
    let fifo = dir.path().join("EXPORT/plan_fifo.md");
    if !mkfifo(&fifo) {
        return;
    }
    // Alone: nobody ever writes to the FIFO; reading it used to block forever.
    let r = check(dir.path(), &["--no-config", "EXPORT/plan_fifo.md"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains(&not_regular("EXPORT/plan_fifo.md", "FIFO")),
        "{r}"
    );
    // Beside a real plan: that plan is still linted, the run fails.
    let r = check(
        dir.path(),
        &[
            "--no-config",
            "--format",
            "short",
            "EXPORT/plan_fifo.md",
            PLAN,
        ],
    );
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains(&not_regular("EXPORT/plan_fifo.md", "FIFO")),
        "{r}"
    );
    assert!(
        r.stderr
            .contains("Checked 2 files: 0 errors, 0 warnings, 1 file could not be read"),
        "{r}"
    );
    // Found by the directory walk: not a plan file (only regular files are), skipped.
    let r = check(dir.path(), &["--no-config", "EXPORT"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stderr.contains("Checked 1 file:"), "{r}");
    // `export` reads its source the same way.
    let r = check(
        dir.path(),
        &[
            "export",
            "--no-config",
            "--dir",
            "out/EXPORT",
            "EXPORT/plan_fifo.md",
        ],
    );
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains(&not_regular("EXPORT/plan_fifo.md", "FIFO")),
        "{r}"
    );
}

#[test]
fn devices_are_refused_by_type() {
    let dir = repo();
    // `/dev/zero` never ends (memory grew without bound); `/dev/null` is empty but no
    // more a plan than `/dev/zero`: both are character devices.
    for device in ["/dev/zero", "/dev/null"] {
        if !Path::new(device).exists() {
            eprintln!("SKIPPED: {device} does not exist here");
            continue;
        }
        let r = check(dir.path(), &["--no-config", device]);
        assert_eq!(r.code, 2, "{device}: {r}");
        assert!(
            r.stderr.contains(&not_regular(device, "character device")),
            "{device}: {r}"
        );
        assert!(r.stderr.contains("1 file could not be read"), "{r}");
    }
}

#[test]
fn symlinks_to_a_fifo_or_a_device_are_refused() {
    use std::os::unix::fs::symlink;
    let dir = repo();
    let e = dir.path().join("EXPORT");
    symlink("/dev/zero", e.join("plan_zero.md")).unwrap();
    let fifo = dir.path().join("fifo");
    let have_fifo = mkfifo(&fifo);
    if have_fifo {
        symlink("../fifo", e.join("plan_fifo.md")).unwrap();
    }
    let r = check(dir.path(), &["--no-config", "EXPORT/plan_zero.md"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains(&not_regular("EXPORT/plan_zero.md", "character device")),
        "{r}"
    );
    if have_fifo {
        let r = check(dir.path(), &["--no-config", "EXPORT/plan_fifo.md"]);
        assert_eq!(r.code, 2, "{r}");
        assert!(
            r.stderr
                .contains(&not_regular("EXPORT/plan_fifo.md", "FIFO")),
            "{r}"
        );
    }
    // The directory walk does not follow symlinks: neither is a plan file there.
    let r = check(dir.path(), &["--no-config", "EXPORT"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stderr.contains("Checked 1 file:"), "{r}");
}

#[test]
fn a_socket_named_as_a_plan_is_refused() {
    let dir = repo();
    let path = dir.path().join("EXPORT/plan_sock.md");
    let _listener = std::os::unix::net::UnixListener::bind(&path).expect("bind a socket");
    let r = check(dir.path(), &["--no-config", "EXPORT/plan_sock.md"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains(&not_regular("EXPORT/plan_sock.md", "socket")),
        "{r}"
    );
}

#[test]
fn a_directory_named_explicitly_is_still_searched() {
    let dir = repo();
    std::fs::create_dir_all(dir.path().join("EXPORT/plan_dir.md")).unwrap();
    std::fs::write(
        dir.path().join("EXPORT/plan_dir.md/plan_inner.md"),
        "# Plan: Inner (inner)\n",
    )
    .unwrap();
    let r = check(
        dir.path(),
        &["--no-config", "--format", "short", "EXPORT/plan_dir.md"],
    );
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stdout.contains("EXPORT/plan_dir.md/plan_inner.md:1:"),
        "{r}"
    );
    // `export` of a directory: refused, as before.
    let r = check(
        dir.path(),
        &[
            "export",
            "--no-config",
            "--dir",
            "out/EXPORT",
            "EXPORT/plan_dir.md",
        ],
    );
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains("EXPORT/plan_dir.md: is a directory, not a Markdown file"),
        "{r}"
    );
}

#[test]
fn standard_input_is_still_read() {
    let dir = repo();
    let name = ["--stdin-filename", PLAN, "-"];
    // From a file (the shell's `< plan.md`).
    let args = [&["--no-config", "--format", "short"][..], &name].concat();
    let r = run(
        dir.path(),
        &args,
        From::File(dir.path().join(PLAN)),
        To::Capture,
        To::Capture,
        &[],
    );
    assert_eq!(r.code, 0, "{r}");
    assert!(r.stderr.contains("Checked 1 file: 0 errors"), "{r}");
    // From text with a finding: reported under the given name.
    let hedged: &'static str = Box::leak(hedged_plan().into_boxed_str());
    let r = run(
        dir.path(),
        &args,
        From::Text(hedged),
        To::Capture,
        To::Capture,
        &[],
    );
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stdout.contains(&format!("{PLAN}:9:")) && r.stdout.contains(" PL101 [*] error: "),
        "{r}"
    );
    // `export -` too.
    let r = run(
        dir.path(),
        &["export", "--no-config", "--dir", "out/EXPORT", "-"],
        From::File(dir.path().join(PLAN)),
        To::Capture,
        To::Capture,
        &[],
    );
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stdout.contains("wrote out/EXPORT/plan_rate-limits.md"),
        "{r}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out/EXPORT/plan_rate-limits.md")).unwrap(),
        CLEAN_PLAN
    );
}

/// One byte past the limit, as a sparse file (no data is written or read): refused
/// from its size, before reading.
#[test]
fn a_plan_larger_than_the_limit_is_refused() {
    let dir = repo();
    let big = dir.path().join("EXPORT/plan_big.md");
    File::create(&big).unwrap().set_len(CAP + 1).unwrap();
    let message = "EXPORT/plan_big.md: larger than 256 MiB (268435456 bytes), the most \
                   plan-lint reads as one plan";
    let r = check(dir.path(), &["--no-config", "EXPORT/plan_big.md", PLAN]);
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr.contains(&format!("plan-lint: error: {message}")),
        "{r}"
    );
    assert!(
        r.stderr
            .contains("Checked 2 files: 0 errors, 0 warnings, 1 file could not be read"),
        "{r}"
    );
    // Found by the walk, it is a plan file: refused the same way.
    let r = check(dir.path(), &["--no-config", "EXPORT"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains(message), "{r}");
    let r = check(
        dir.path(),
        &[
            "export",
            "--no-config",
            "--dir",
            "out/EXPORT",
            "EXPORT/plan_big.md",
        ],
    );
    assert_eq!(r.code, 2, "{r}");
    assert!(r.stderr.contains(message), "{r}");
}

// ---------------------------------------------------------------------------------
// Thread counts
// ---------------------------------------------------------------------------------

#[test]
fn absurd_thread_counts_are_usage_errors() {
    let dir = repo();
    for n in ["1025", "100000"] {
        let r = check(dir.path(), &["--no-config", "--threads", n, PLAN]);
        assert_eq!(r.code, 2, "--threads {n}: {r}");
        assert_eq!(
            r.stderr,
            format!("plan-lint: error: --threads must be at most 1024 (got {n})\n"),
            "{r}"
        );
        assert_eq!(r.stdout, "", "{r}");
    }
    // rayon's own variable sizes the default pool: the same limit.
    let r = run(
        dir.path(),
        &["--no-config", PLAN],
        From::Null,
        To::Capture,
        To::Capture,
        &[("RAYON_NUM_THREADS", "100000")],
    );
    assert_eq!(r.code, 2, "{r}");
    assert_eq!(
        r.stderr, "plan-lint: error: RAYON_NUM_THREADS=100000: at most 1024 worker threads\n",
        "{r}"
    );
    // The limit itself is accepted (one small rule prefix keeps it quick).
    let r = check(
        dir.path(),
        &["--no-config", "--select", "PL1", "--threads", "1024", PLAN],
    );
    assert_eq!(r.code, 0, "{r}");
}

// ---------------------------------------------------------------------------------
// Output that cannot be written
// ---------------------------------------------------------------------------------

/// Every way to run plan-lint that writes to standard output, with the exit code it
/// has when its output can be written. `{repo}` plans: the clean one (0) or the
/// hedged one (1).
fn commands() -> Vec<(Vec<&'static str>, i32)> {
    let mut all: Vec<(Vec<&'static str>, i32)> = Vec::new();
    for format in FORMATS {
        all.push((vec!["--no-config", "--format", format, "EXPORT"], 1));
    }
    all.extend([
        (vec!["--no-config", "--statistics", "EXPORT"], 1),
        (vec!["--no-config", "--diff", "EXPORT"], 1),
        (vec!["rules"], 0),
        (vec!["explain", "PL101"], 0),
        (vec!["completions", "bash"], 0),
        (vec!["man"], 0),
        (vec!["--help"], 0),
        (vec!["--version"], 0),
        (
            vec![
                "export",
                "--no-config",
                "--dir",
                "out/EXPORT",
                "--force",
                PLAN,
            ],
            0,
        ),
        (
            vec![
                "new",
                "--no-config",
                "--dir",
                "new/EXPORT",
                "--title",
                "X",
                "feat-x",
            ],
            0,
        ),
    ]);
    all
}

/// A repository with the clean plan and a hedged one (one PL101 error).
fn repo_with_findings() -> tempfile::TempDir {
    let dir = repo();
    std::fs::write(dir.path().join("EXPORT/plan_hedged.md"), hedged_plan()).unwrap();
    dir
}

fn reset(dir: &Path) {
    // `new` never overwrites: start each run without its output.
    let _ = std::fs::remove_dir_all(dir.join("new"));
}

#[test]
fn a_full_standard_output_is_exit_two_with_a_message() {
    if dev_full().is_none() {
        eprintln!("SKIPPED: /dev/full does not exist here");
        return;
    }
    let dir = repo_with_findings();
    for (args, ok) in commands() {
        reset(dir.path());
        // Captured, the command succeeds with its own exit code (the control).
        let r = check(dir.path(), &args);
        assert_eq!(r.code, ok, "{args:?}: {r}");
        assert!(!r.stdout.is_empty(), "{args:?}: {r}");
        reset(dir.path());
        let r = run(dir.path(), &args, From::Null, To::Full, To::Capture, &[]);
        assert_eq!(r.code, 2, "{args:?}: {r}");
        assert!(
            r.stderr.contains(
                "plan-lint: error: cannot write to standard output: No space left on device"
            ),
            "{args:?}: {r}"
        );
        assert_eq!(
            r.stderr.matches("cannot write to standard output").count(),
            1,
            "{args:?}: reported once: {r}"
        );
    }
}

#[test]
fn a_full_standard_error_is_exit_two_without_a_panic() {
    if dev_full().is_none() {
        eprintln!("SKIPPED: /dev/full does not exist here");
        return;
    }
    let dir = repo_with_findings();
    // Everything that writes to standard error: the summary line, an unreadable file,
    // a usage error (clap's message), plan-lint's own usage error, an unknown rule.
    let mut cases: Vec<Vec<&str>> = FORMATS
        .iter()
        .map(|f| vec!["--no-config", "--format", *f, "EXPORT"])
        .collect();
    cases.extend([
        vec!["--no-config", "EXPORT", "/dev/zero"],
        vec!["--no-such-flag"],
        vec!["--no-config", "--threads", "0", "EXPORT"],
        vec!["explain", "PL000"],
        vec!["--no-config", "EXPORT/plan_never.md"],
    ]);
    for args in cases {
        let r = run(dir.path(), &args, From::Null, To::Capture, To::Full, &[]);
        assert_eq!(r.code, 2, "{args:?}: {r}");
        // Both streams full: still exit 2, silently.
        let r = run(dir.path(), &args, From::Null, To::Full, To::Full, &[]);
        assert_eq!(r.code, 2, "{args:?}: {r}");
    }
    // The findings still reach a working standard output.
    let r = run(
        dir.path(),
        &["--no-config", "--format", "short", "EXPORT"],
        From::Null,
        To::Capture,
        To::Full,
        &[],
    );
    assert!(
        r.stdout.contains("EXPORT/plan_hedged.md:9:") && r.stdout.contains(" PL101 [*] error: "),
        "{r}"
    );
    // Every command of the table, both streams full.
    for (args, _) in commands() {
        reset(dir.path());
        let r = run(dir.path(), &args, From::Null, To::Full, To::Full, &[]);
        assert_eq!(r.code, 2, "{args:?}: {r}");
    }
}

/// A reader that went away (`plan-lint | head`): quiet, and the exit code is still the
/// run's verdict, so a CI gate piping the output cannot pass a failing plan.
#[test]
fn a_closed_pipe_is_quiet_and_keeps_the_verdict() {
    let dir = repo_with_findings();
    for (args, ok) in commands() {
        reset(dir.path());
        let r = run(dir.path(), &args, From::Null, To::Closed, To::Capture, &[]);
        assert_eq!(r.code, ok, "{args:?}: {r}");
        assert!(!r.stderr.contains("cannot write"), "{args:?}: {r}");
        assert!(!r.stderr.contains("Broken pipe"), "{args:?}: {r}");
        // Standard error closed as well (`2>&1 | head`).
        reset(dir.path());
        let r = run(dir.path(), &args, From::Null, To::Closed, To::Closed, &[]);
        assert_eq!(r.code, ok, "{args:?}: {r}");
    }
    // --fix still fixes every file when nobody reads the report.
    let r = run(
        dir.path(),
        &["--no-config", "--fix", "--show-fixes", "EXPORT"],
        From::Null,
        To::Closed,
        To::Capture,
        &[],
    );
    assert!(r.stderr.contains("Fixed 1 finding in 1 file."), "{r}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("EXPORT/plan_hedged.md")).unwrap(),
        hedged_plan().replace("should reject", "must reject"),
        "{r}"
    );
}

// ---------------------------------------------------------------------------------
// Encodings
// ---------------------------------------------------------------------------------

#[test]
fn utf32_is_named_utf32_with_the_right_iconv_hint() {
    let dir = repo();
    let cases: [(&str, &[u8], &str, &str); 4] = [
        (
            "utf32le",
            b"\xff\xfe\0\0#\0\0\0 \0\0\0",
            "UTF-32 text (little-endian byte-order mark)",
            "`iconv -f UTF-32LE -t UTF-8`",
        ),
        (
            "utf32be",
            b"\0\0\xfe\xff\0\0\0#\0\0\0 ",
            "UTF-32 text (big-endian byte-order mark)",
            "`iconv -f UTF-32BE -t UTF-8`",
        ),
        (
            "utf16le",
            b"\xff\xfe#\0 \0",
            "UTF-16 text (little-endian byte-order mark)",
            "`iconv -f UTF-16 -t UTF-8`",
        ),
        (
            "utf16be",
            b"\xfe\xff\0#\0 ",
            "UTF-16 text (big-endian byte-order mark)",
            "`iconv -f UTF-16 -t UTF-8`",
        ),
    ];
    for (name, bytes, what, hint) in cases {
        let file = format!("EXPORT/plan_{name}.md");
        std::fs::write(dir.path().join(&file), bytes).unwrap();
        let expected = format!(
            "plan-lint: error: {file}: {what}; plans must be UTF-8 text (convert it: {hint})\n"
        );
        let r = check(dir.path(), &["--no-config", "--quiet", &file]);
        assert_eq!(r.code, 2, "{name}: {r}");
        assert_eq!(r.stderr, expected, "{name}: {r}");
        // Standard input: the same words.
        let r = run(
            dir.path(),
            &["--no-config", "--quiet", "-"],
            From::File(dir.path().join(&file)),
            To::Capture,
            To::Capture,
            &[],
        );
        assert_eq!(r.code, 2, "{name}: {r}");
        assert_eq!(
            r.stderr,
            format!(
                "plan-lint: error: standard input: {what}; plans must be UTF-8 text (convert it: {hint})\n"
            ),
            "{name}: {r}"
        );
    }
}
