//! Hostile plan *contents*: shapes of Markdown that once made plan-lint take time
//! quadratic in the input (the inline scanner), crash (brace expansion) or run for
//! minutes (deep list nesting in comrak). Each run goes through [`run`], which fails on
//! a signal (stack overflow abort, out of memory, the hang guard), a panic or an
//! undefined exit code. Linear time itself is proven by counting work in the unit
//! tests beside the code (`inline::tests::hostile_shapes_scan_in_linear_work`,
//! `parse::tests::nesting_check_is_linear`); the runs here prove the whole program
//! finishes, under a generous hang guard, with the documented result.
//!
//! Inputs are generated in temporary directories; nothing large is committed.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A hang guard, not a benchmark: generous for a loaded 2-core machine in debug builds.
const TIMEOUT: Duration = Duration::from_secs(180);

const CLEAN_PLAN: &str = include_str!("../fixtures/clean/EXPORT/plan_rate-limits.md");
const PLAN_NAME: &str = "plan_rate-limits.md";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cut = |s: &str| -> String {
            let end = plan_lint::source::floor_char_boundary(s, 4000);
            if end < s.len() {
                format!("{}… ({} bytes)", &s[..end], s.len())
            } else {
                s.to_string()
            }
        };
        write!(
            f,
            "exit {} after {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.code,
            self.elapsed,
            cut(&self.stdout),
            cut(&self.stderr)
        )
    }
}

/// A repository in a temporary directory: `.git` (so it is the root), `EXPORT/`, and
/// the files the clean fixture plan names.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    fn new() -> Self {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        std::fs::create_dir_all(repo.path().join(".git")).unwrap();
        std::fs::create_dir_all(repo.path().join("EXPORT")).unwrap();
        repo.write(
            "src/lib.rs",
            "pub const MAX_RETRIES: u32 = 3;\npub fn create_app() {}\n",
        );
        repo.write("src/main.rs", "fn main() { plan::create_app(); }\n");
        repo.write("tests/cli.rs", "#[test]\nfn cli() {}\n");
        repo.write(
            "Cargo.toml",
            "[package]\nname = \"plan\"\n[features]\nrate-limits = []\n",
        );
        repo
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&path, bytes).unwrap();
        path
    }

    /// Writes `plan` as the plan and runs `plan-lint --color=never --no-config
    /// --format short EXPORT`.
    fn lint(&self, plan: &str) -> Run {
        self.write(&format!("EXPORT/{PLAN_NAME}"), plan);
        run(self.path(), None, &["--format", "short", "EXPORT"])
    }
}

/// Runs plan-lint in `dir` (under `sh -c 'ulimit -v KB; exec …'` when `memory_kb` is
/// given: an allocation past it aborts the process, which fails the test). Fails on a
/// signal, the hang guard, a panic message or an exit code other than 0, 1 and 2.
fn run(dir: &Path, memory_kb: Option<u64>, args: &[&str]) -> Run {
    let bin = env!("CARGO_BIN_EXE_plan-lint");
    let mut cmd = match memory_kb {
        Some(kb) => {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("ulimit -v {kb} && exec \"$0\" \"$@\""))
                .arg(bin);
            c
        }
        None => Command::new(bin),
    };
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env("RUST_BACKTRACE", "1")
        .args(["--color=never", "--no-config"])
        .args(args);
    let mut cmd = assert_cmd::Command::from_std(cmd);
    cmd.timeout(TIMEOUT);
    let started = Instant::now();
    let out = cmd.output().expect("plan-lint starts");
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: started.elapsed(),
    };
    assert!(
        out.status.code().is_some(),
        "plan-lint {args:?} was killed by a signal ({:?}: stack overflow, out of memory, or \
         the {TIMEOUT:?} hang guard):\n{run}",
        out.status
    );
    assert!(
        !run.stderr.contains("panicked")
            && !run.stderr.contains("has overflowed its stack")
            && !run.stderr.contains("memory allocation"),
        "plan-lint {args:?} panicked or ran out of memory:\n{run}"
    );
    assert!(
        [0, 1, 2].contains(&run.code),
        "plan-lint {args:?}: undefined exit code\n{run}"
    );
    run
}

/// The clean plan with `body` as the last paragraph of its Current System Snapshot,
/// and the 1-based line the body is on.
fn plan_with_details(body: &str) -> (String, usize) {
    let at = CLEAN_PLAN.find("## Impacted Files & Directories").unwrap();
    let line = CLEAN_PLAN[..at].lines().count() + 1;
    let mut plan = CLEAN_PLAN.to_string();
    plan.insert_str(at, &format!("{body}\n\n"));
    (plan, line)
}

// ---------------------------------------------------------------------------------
// Item: the inline scanner searched to the end of the block from every unclosed
// opener (a 700 KB plan of `[a](` took 111 s in release).
// ---------------------------------------------------------------------------------

/// Regression: each shape, about 700 KB on one line, once made every opener search to
/// the end of the paragraph again. Now each finishes (in linear work: see the unit
/// test) and the plan stays clean: the shapes are prose, not findings.
#[test]
fn unclosed_inline_openers_of_700_kb_lint_clean() {
    let repo = Repo::new();
    for unit in ["[a](", "<!--", "[a](x \"", "``` ` ", "<a b=\"", "[a](<!--`"] {
        // (after a word: at the start of a line, `<!--` and ``` open blocks)
        let body = format!("The text {}", unit.repeat(700 * 1024 / unit.len()));
        let (plan, _) = plan_with_details(&body);
        let r = repo.lint(&plan);
        assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{unit:?}: {r}");
        assert!(r.stderr.contains("Checked 1 file"), "{unit:?}: {r}");
        eprintln!("{unit:?} x {}: {:?}", 700 * 1024 / unit.len(), r.elapsed);
    }
}

/// What is found around a hostile paragraph is found as before: a hedge after 700 KB
/// of `[a](` is reported at its exact line and column.
#[test]
fn findings_after_an_unclosed_link_paragraph_keep_their_position() {
    let repo = Repo::new();
    let body = "[a](".repeat(700 * 1024 / 4);
    let (plan, line) = plan_with_details(&format!("{body} It should work."));
    let r = repo.lint(&plan);
    let column = body.len() + " It ".len() + 1;
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(
        r.stdout.trim_end(),
        format!("EXPORT/{PLAN_NAME}:{line}:{column}: PL101 error: hedging: `should`"),
        "{r}"
    );
}
