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
            let end = plan_lint::document::source::floor_char_boundary(s, 4000);
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
        format!("EXPORT/{PLAN_NAME}:{line}:{column}: PL101 [*] error: hedging: `should`"),
        "{r}"
    );
}

// ---------------------------------------------------------------------------------
// Item: brace expansion recursed once per nesting level, copying the path each time:
// 50 000 nested `{` overflowed the stack (exit 134) after 4.3 GB.
// ---------------------------------------------------------------------------------

/// The clean plan with one more impact row, `| `path` | Why | edit |`, before the
/// `Cargo.toml` row; and that row's 1-based line.
fn plan_with_impact_row(path: &str) -> (String, usize) {
    let at = CLEAN_PLAN.find("| `Cargo.toml` |").unwrap();
    let line = CLEAN_PLAN[..at].lines().count() + 1;
    let mut plan = CLEAN_PLAN.to_string();
    plan.insert_str(at, &format!("| `{path}` | The limiter | edit |\n"));
    (plan, line)
}

/// Memory cap for the brace runs (virtual, KiB): the crash needed 4.3 GB; the fixed
/// program needs a small fraction of this.
const BRACE_MEMORY_KB: u64 = 2 * 1024 * 1024;

/// Regression: each pattern is reported by PL206 at its row (column 4: inside the
/// backticks), in bounded memory. Before, `{`×50 000 `a` `,b}`×50 000 (the first
/// alternative is the deep one) overflowed the stack; the others expanded into up to
/// 256 copies of the whole pattern.
#[test]
fn hostile_brace_patterns_are_reported_not_expanded() {
    let n = 50_000;
    let cases = [
        (
            format!("{}a{}", "{a,".repeat(n), "}".repeat(n)),
            "brace nesting deeper than 32",
        ),
        (
            format!("{}a{}", "{".repeat(n), ",b}".repeat(n)),
            "brace nesting deeper than 32",
        ),
        ("{a,".repeat(n), "brace nesting deeper than 32"),
        (
            "{a,b}".repeat(1000),
            "it expands to more than 256 paths or 64 KiB; only the first are checked",
        ),
    ];
    let repo = Repo::new();
    for (path, reason) in &cases {
        let (plan, line) = plan_with_impact_row(path);
        repo.write(&format!("EXPORT/{PLAN_NAME}"), &plan);
        let r = run(
            repo.path(),
            Some(BRACE_MEMORY_KB),
            &["--format", "short", "EXPORT"],
        );
        assert_eq!(r.code, 1, "{r}");
        let shown: String = path.chars().take(60).collect();
        let want = format!(
            "EXPORT/{PLAN_NAME}:{line}:4: PL206 error: `{shown}…` is not a usable brace pattern: {reason}"
        );
        let pl206: Vec<&str> = r.stdout.lines().filter(|l| l.contains(" PL206 ")).collect();
        assert_eq!(pl206, vec![want.as_str()], "{r}");
        eprintln!("{}…: {:?}", &path[..12], r.elapsed);
    }
}

/// Patterns within the limits expand as before: each alternative is a path of its own
/// (here one that exists and one that does not, in an `edit` row).
#[test]
fn ordinary_brace_patterns_still_expand() {
    let repo = Repo::new();
    repo.write("src/extra.rs", "");
    let (plan, line) = plan_with_impact_row("src/{extra,gone}.rs");
    let r = repo.lint(&plan);
    assert_eq!(r.code, 1, "{r}");
    assert_eq!(
        r.stdout.trim_end(),
        format!(
            "EXPORT/{PLAN_NAME}:{line}:4: PL203 error: `src/gone.rs` does not exist in the repository (edit row)\n\
             EXPORT/{PLAN_NAME}:{line}:4: PL305 warning: `src/{{extra,gone}}.rs` is in the impact table, but no step's Files names it"
        ),
        "{r}"
    );
}

// ---------------------------------------------------------------------------------
// Item: lists nested 25 000 deep took 28 s inside comrak (its list passes walk every
// list's subtree), 100 000 levels ran past 180 s. A linear pre-pass
// (`plan_lint::document::parse::check_nesting`) now refuses such a plan before comrak sees it,
// like a binary file: exit 2, the line named.
// ---------------------------------------------------------------------------------

const TITLE: &str = "# Plan: Hostile (hostile)\n\n";

/// n nested list levels, 99 per line (comrak opens at most 99 per line), each line
/// indented under the deepest item so far: with spaces, or with tabs (4 columns,
/// two levels, per byte) to keep 100 000 levels near 25 MB.
fn deep_list(n: usize, tabs: bool) -> String {
    let mut s = String::from(TITLE);
    let mut level = 0;
    while level < n {
        let k = (n - level).min(99);
        let columns = 2 * level;
        if tabs {
            s.push_str(&"\t".repeat(columns / 4));
            s.push_str(&" ".repeat(columns % 4));
        } else {
            s.push_str(&" ".repeat(columns));
        }
        s.push_str(&"- ".repeat(k));
        s.push_str("x\n");
        level += k;
    }
    s
}

/// Regression: 25 000 and 100 000 nested list levels are refused (exit 2) at line 104,
/// the first whose levels (102 x 99 = 10 098) pass the 10 000 limit, in every output
/// format and with --fix; the file is left as it was.
#[test]
fn lists_nested_past_the_limit_are_refused_with_the_line() {
    let repo = Repo::new();
    for (n, tabs) in [(25_000, false), (100_000, true)] {
        let plan = deep_list(n, tabs);
        repo.write(&format!("EXPORT/{PLAN_NAME}"), &plan);
        let want = format!(
            "plan-lint: error: EXPORT/{PLAN_NAME}: list nesting deeper than 10000 levels at line 104; plans are refused past that depth"
        );
        for args in [
            &["--format", "short", "EXPORT"][..],
            &["--format", "json", "EXPORT"],
            &["--fix", "EXPORT"],
        ] {
            let r = run(repo.path(), None, args);
            assert_eq!(r.code, 2, "{n} levels, {args:?}: {r}");
            assert_eq!(
                r.stderr.lines().next(),
                Some(want.as_str()),
                "{args:?}: {r}"
            );
            assert!(r.stderr.contains("1 file could not be read"), "{r}");
            eprintln!("{n} nested list levels, {args:?}: {:?}", r.elapsed);
        }
        let after = std::fs::read_to_string(repo.path().join("EXPORT").join(PLAN_NAME)).unwrap();
        assert!(after == plan, "--fix changed a refused file");
    }
    // 10 000 levels are parsed and linted (tests/hostile.rs checks them in depth).
    repo.write(&format!("EXPORT/{PLAN_NAME}"), deep_list(10_000, false));
    let r = run(repo.path(), None, &["--format", "short", "EXPORT"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stdout.contains(" PL004 "), "{r}");
}

/// Block quotes cost comrak no walk per level: 25 000 and 100 000 nested quotes, on
/// one line and continued over 50 lines, are linted as usual (exit 1: the plan lacks
/// its sections), not refused.
#[test]
fn deeply_nested_quotes_are_linted_not_refused() {
    let repo = Repo::new();
    for n in [25_000, 100_000] {
        for lines in [1, 50] {
            let plan = format!("{TITLE}{}", format!("{} x\n", ">".repeat(n)).repeat(lines));
            let r = repo.lint(&plan);
            assert_eq!(r.code, 1, "{n} quotes x {lines} lines: {r}");
            assert!(r.stdout.contains(" PL004 "), "{r}");
            assert!(!r.stderr.contains("nesting"), "{r}");
            eprintln!("{n} nested quotes x {lines} lines: {:?}", r.elapsed);
        }
    }
}

/// Regression: lazy continuation lines under a list 2 000 deep cost comrak 2 000
/// steps each (100 000 lines took 10 s); past the pre-pass's budget of work per byte
/// the plan is refused at the line where the budget ran out.
#[test]
fn text_piled_under_a_deep_list_is_refused() {
    let repo = Repo::new();
    let plan = deep_list(2_000, false) + &"y\n".repeat(100_000);
    let e = plan_lint::document::parse::check_nesting(&plan).unwrap_err();
    let r = repo.lint(&plan);
    assert_eq!(r.code, 2, "{r}");
    assert_eq!(
        r.stderr.lines().next().unwrap_or(""),
        format!(
            "plan-lint: error: EXPORT/{PLAN_NAME}: too much text inside deeply nested lists (line {}, up to 2000 levels deep); parsing it would take time quadratic in its size",
            e.line
        ),
        "{r}"
    );
    assert!((24..100_000).contains(&e.line), "{e:?}");
}
