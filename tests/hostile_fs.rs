//! The repository wall: plan-lint never reads, follows or prints anything outside the
//! repository root, and never blocks on what it finds inside it.
//!
//! * Symlinks are resolved lexically, one component at a time, inside the root; a link
//!   out of the root is PL205 whatever lies beyond it (live or dangling), and strace
//!   shows no system call naming a path under the outside directory.
//! * Ignore files come from the root and below (not from above it, nor git's global
//!   excludes file); FIFOs and devices are never opened; `/proc` inside the repository
//!   does not block the scan.
//! * The symbol scan reads large text files in pieces; a file it skips (too large,
//!   unreadable) turns "does not occur" into a warning that the symbol could not be
//!   verified.
//! * A directory's case-folded index is built once (counted, not timed).
//!
//! Tests that need a tool (strace, setpriv, mkfifo) print `SKIPPED: …` when it is
//! missing, and fail instead when `PLAN_LINT_REQUIRE_TOOLS` is set (CI sets it).

use plan_lint::workspace::fs_view::{EntryKind, FsView, Lookup, PathProblem};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[path = "support/cli_run.rs"]
mod cli_run;
use cli_run::{Run, command, have, is_root};

/// A hang guard, not a benchmark: generous for a loaded 2-core machine in debug builds.
const TIMEOUT: Duration = Duration::from_secs(180);

const CLEAN_PLAN: &str = include_str!("../fixtures/clean/EXPORT/plan_rate-limits.md");
const PLAN_NAME: &str = "plan_rate-limits.md";
const NOBODY: &str = "65534";

/// Runs `[wrap…] plan-lint --color=never --no-config ARGS` in `dir` with the hang
/// guard; fails on a signal (the guard), a panic or an undefined exit code.
fn run(dir: &Path, wrap: &[&str], env: &[(&str, &Path)], args: &[&str]) -> Run {
    let mut cmd = command(wrap);
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env("RUST_BACKTRACE", "1")
        .envs(env.iter().map(|(k, v)| (*k, v.as_os_str())))
        .args(["--color=never", "--no-config"])
        .args(args);
    let mut cmd = assert_cmd::Command::from_std(cmd);
    cmd.timeout(TIMEOUT);
    Run::checked(&cmd.output().expect("plan-lint starts"), &args)
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::fs::create_dir_all(link.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// `<tmp>/repo` (the repository: `.git`, `EXPORT/`, the files the clean plan names)
/// next to `<tmp>/decoy` (outside it).
struct Tree {
    base: tempfile::TempDir,
}

impl Tree {
    fn new() -> Self {
        let base = tempfile::tempdir().unwrap();
        let tree = Tree { base };
        let repo = tree.repo();
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("EXPORT")).unwrap();
        write(
            &repo.join("src/lib.rs"),
            "pub const MAX_RETRIES: u32 = 3;\npub fn create_app() {}\n",
        );
        write(
            &repo.join("src/main.rs"),
            "fn main() { plan::create_app(); }\n",
        );
        write(&repo.join("tests/cli.rs"), "#[test]\nfn cli() {}\n");
        write(
            &repo.join("Cargo.toml"),
            "[package]\nname = \"plan\"\n[features]\nrate-limits = []\n",
        );
        std::fs::create_dir_all(tree.decoy()).unwrap();
        tree
    }

    fn base(&self) -> &Path {
        self.base.path()
    }

    fn repo(&self) -> PathBuf {
        self.base.path().join("repo")
    }

    fn decoy(&self) -> PathBuf {
        self.base.path().join("decoy")
    }

    fn plan(&self, text: &str) {
        write(&self.repo().join("EXPORT").join(PLAN_NAME), text);
    }

    fn lint(&self, args: &[&str]) -> Run {
        run(&self.repo(), &[], &[], args)
    }

    /// Makes the tree readable (and the directories enterable) by everyone, for a run
    /// as nobody.
    fn open_to_all(&self) {
        use std::os::unix::fs::PermissionsExt;
        let mut stack = vec![self.base().to_path_buf()];
        while let Some(dir) = stack.pop() {
            std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let t = e.file_type().unwrap();
                if t.is_dir() {
                    stack.push(e.path());
                } else if t.is_file() {
                    std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(0o644))
                        .unwrap();
                }
            }
        }
    }
}

/// The clean plan with extra impact rows (before `Cargo.toml`'s) and snapshot items.
fn plan_with(rows: &[(&str, &str)], snapshot: &[&str]) -> String {
    let mut plan = CLEAN_PLAN.to_string();
    let at = plan.find("| `Cargo.toml` |").unwrap();
    let rows: String = rows
        .iter()
        .map(|(p, kind)| format!("| `{p}` | Probe | {kind} |\n"))
        .collect();
    plan.insert_str(at, &rows);
    let at = plan
        .find("- `tests/cli.rs` holds the integration tests.")
        .unwrap();
    let items: String = snapshot.iter().map(|s| format!("{s}\n")).collect();
    plan.insert_str(at, &items);
    plan
}

fn lines_with<'a>(out: &'a str, code: &str) -> Vec<&'a str> {
    out.lines()
        .filter(|l| l.contains(&format!(" {code} ")))
        .collect()
}

// ---------------------------------------------------------------------------------
// 13. No look outside the root
// ---------------------------------------------------------------------------------

/// The decoy: a tree with files, directories, a symbol that exists nowhere else, and
/// symlinks that lead further out (a chain, a loop, one to `/`).
fn fill_decoy(decoy: &Path) {
    for i in 0..8 {
        write(
            &decoy.join(format!("sub/d{i}/x.rs")),
            "pub fn decoy_only_fn() {}\n",
        );
    }
    write(&decoy.join("canary.txt"), "secret\n");
    symlink("sub", &decoy.join("hop"));
    symlink("hop/d0", &decoy.join("hop2"));
    symlink("loop", &decoy.join("loop"));
    symlink("/", &decoy.join("slash"));
}

/// Links in the repository that leave it: live, dangling, absolute, through a chain of
/// in-root links, with `..` after them, and one hidden behind `..` of an in-root link.
fn outward_links(tree: &Tree) {
    let repo = tree.repo();
    symlink("../decoy", &repo.join("live"));
    symlink("../decoy/nothing-here", &repo.join("dead"));
    symlink(tree.decoy().join("sub"), &repo.join("abs"));
    symlink("live/hop", &repo.join("chain"));
    symlink("chain", &repo.join("chain2"));
    symlink("../../decoy", &repo.join("src/up"));
    symlink(".", &repo.join("self_link"));
}

const OUTWARD: [&str; 12] = [
    "live/canary.txt",
    "dead/canary.txt",
    "live",
    "dead",
    "abs/d0/x.rs",
    "chain/d0/x.rs",
    "chain2/d1/x.rs",
    "src/up/canary.txt",
    "live/../src/lib.rs",
    "live/hop2/x.rs",
    "self_link/../decoy/canary.txt",
    "live/slash/etc/passwd",
];

fn outward_plan() -> String {
    let rows: Vec<(&str, &str)> = OUTWARD.iter().map(|p| (*p, "edit")).collect();
    let snapshot: Vec<String> = OUTWARD
        .iter()
        .map(|p| format!("- `{p}` holds `decoy_only_fn()`."))
        .collect();
    let snapshot: Vec<&str> = snapshot.iter().map(String::as_str).collect();
    plan_with(&rows, &snapshot)
}

#[test]
fn dangling_and_live_outward_links_give_the_same_finding() {
    let tree = Tree::new();
    fill_decoy(&tree.decoy());
    outward_links(&tree);
    tree.plan(&outward_plan());
    let r = tree.lint(&["--format", "short", "EXPORT"]);
    assert_eq!(r.code, 1, "{r}");
    let pl205 = lines_with(&r.stdout, "PL205");
    for p in OUTWARD {
        let want = format!("`{p}` goes through a symlink that points outside the repository root");
        assert!(
            pl205.iter().any(|l| l.contains(&want)),
            "PL205 for `{p}`:\n{r}"
        );
    }
    assert_eq!(pl205.len(), OUTWARD.len(), "{r}");
    // Inline code: PL306, with the same words, for every one with a file extension
    // (an extensionless word is a path only when its first directory exists).
    let pl306 = lines_with(&r.stdout, "PL306");
    for p in OUTWARD
        .iter()
        .filter(|p| p.rsplit('/').next().unwrap().contains('.'))
    {
        let want = format!("`{p}` goes through a symlink that points outside the repository root");
        assert!(
            pl306.iter().any(|l| l.contains(&want)),
            "PL306 for `{p}`:\n{r}"
        );
    }
    // Nothing says whether something exists out there.
    for code in ["PL203", "PL204", "PL206"] {
        assert!(lines_with(&r.stdout, code).is_empty(), "{code}:\n{r}");
    }
    // The scan did not find the decoy's symbol through a link.
    let pl307 = lines_with(&r.stdout, "PL307");
    assert_eq!(pl307.len(), OUTWARD.len(), "{r}");
    assert!(
        pl307
            .iter()
            .all(|l| l.contains("`decoy_only_fn()` is not defined in the repository")),
        "{r}"
    );
}

#[test]
fn dotdot_after_a_symlink_is_the_parent_of_its_target() {
    let tree = Tree::new();
    let repo = tree.repo();
    symlink("../decoy", &repo.join("out_dir"));
    write(&repo.join("a/b/c.rs"), "");
    write(&repo.join("a/only_in_a.rs"), "");
    write(&repo.join("only_at_root.rs"), "");
    symlink("a/b", &repo.join("in_dir"));
    symlink(".", &repo.join("self_link"));
    let fs = FsView::new(&repo);
    // `out_dir/..` is the parent of the decoy: outside, whatever is named after it.
    assert_eq!(
        fs.lookup_written("out_dir/../src/lib.rs"),
        Lookup::Outside(PathProblem::SymlinkOutside)
    );
    // `in_dir/..` is `a`, not the root.
    assert_eq!(
        fs.lookup_written("in_dir/../only_in_a.rs"),
        Lookup::Found(EntryKind::File)
    );
    assert_eq!(
        fs.lookup_written("in_dir/../only_at_root.rs"),
        Lookup::Missing { case_variant: None }
    );
    assert_eq!(
        fs.lookup_written("in_dir/c.rs"),
        Lookup::Found(EntryKind::File)
    );
    // The lexical check comes first, and is conservative: this stays inside on disk
    // (`a/b/../..` is the root), but written it climbs above the root.
    assert_eq!(
        fs.lookup_written("in_dir/../b/../../only_at_root.rs"),
        Lookup::Outside(PathProblem::EscapesRoot)
    );
    // A link to `.` at the root: `self_link/..` is the root's parent.
    assert_eq!(
        fs.lookup_written("self_link/../repo/src/lib.rs"),
        Lookup::Outside(PathProblem::SymlinkOutside)
    );
    assert_eq!(
        fs.lookup_written("self_link/src/lib.rs"),
        Lookup::Found(EntryKind::File)
    );
    // Through the CLI: PL205 for the impact row, no "exists" for the root's file.
    tree.plan(&plan_with(
        &[
            ("out_dir/../src/lib.rs", "edit"),
            ("in_dir/../only_in_a.rs", "edit"),
            ("in_dir/../only_at_root.rs", "edit"),
        ],
        &[],
    ));
    let r = tree.lint(&["--format", "short", "--select", "PL203,PL205", "EXPORT"]);
    assert_eq!(r.code, 1, "{r}");
    let pl205 = lines_with(&r.stdout, "PL205");
    assert_eq!(pl205.len(), 1, "{r}");
    assert!(
        pl205[0].contains(
            "`out_dir/../src/lib.rs` goes through a symlink that points outside the repository root"
        ),
        "{r}"
    );
    let pl203 = lines_with(&r.stdout, "PL203");
    assert_eq!(pl203.len(), 1, "{r}");
    assert!(pl203[0].contains("`in_dir/../only_at_root.rs`"), "{r}");
}

/// One system call of a strace log: its name and the paths it names (its path
/// arguments, resolved against the directory file descriptor strace `-y` annotated or
/// the working directory) and whether it follows a final symlink.
struct Call {
    name: String,
    paths: Vec<PathBuf>,
    follows: bool,
}

/// The quoted strings of `args` (strace's escapes kept), and the text outside them.
fn split_quoted(args: &str) -> (Vec<String>, String) {
    let mut strings = Vec::new();
    let mut outside = String::new();
    let mut chars = args.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            outside.push(c);
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next() {
                        s.push('\\');
                        s.push(n);
                    }
                }
                '"' => break,
                c => s.push(c),
            }
        }
        strings.push(s);
        outside.push_str("\"\"");
    }
    (strings, outside)
}

fn parse_call(line: &str, cwd: &Path) -> Option<Call> {
    // `PID name(args…` or `PID <... name resumed>…` (the second half carries no path).
    let rest = line.split_once(' ').map_or(line, |(_, r)| r).trim_start();
    if rest.starts_with("<...") || rest.starts_with("+++") || rest.starts_with("---") {
        return None;
    }
    let open = rest.find('(')?;
    let name = rest[..open].to_string();
    let args = &rest[open + 1..];
    let (strings, outside) = split_quoted(args);
    // Path arguments: every string, except what a call writes back (readlink's target,
    // getcwd's answer) and execve's argument and environment strings.
    let path_strings: Vec<&String> = match name.as_str() {
        "readlink" | "readlinkat" | "execve" | "execveat" => strings.iter().take(1).collect(),
        "getcwd" => Vec::new(),
        _ => strings.iter().collect(),
    };
    // `3</tmp/x/repo>` before the first string: the directory a relative path is in.
    let dirfd = outside
        .split(['(', ',', ' '])
        .next()
        .and_then(|first| first.split_once('<'))
        .and_then(|(fd, p)| {
            (fd.chars().all(|c| c.is_ascii_digit()) && !fd.is_empty())
                .then(|| PathBuf::from(p.trim_end_matches('>')))
        });
    let mut paths: Vec<PathBuf> = path_strings
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| {
            let p = PathBuf::from(s.as_str());
            if p.is_absolute() {
                p
            } else {
                dirfd.clone().unwrap_or_else(|| cwd.to_path_buf()).join(p)
            }
        })
        .collect();
    // Every `fd</path>` annotation outside the strings names a path too.
    for piece in outside.split(['(', ',', ' ', ')']) {
        if let Some((fd, p)) = piece.split_once('<')
            && !fd.is_empty()
            && fd.chars().all(|c| c.is_ascii_digit())
        {
            paths.push(PathBuf::from(p.trim_end_matches('>')));
        }
    }
    let nofollow = matches!(
        name.as_str(),
        "readlink" | "readlinkat" | "lstat" | "lgetxattr" | "llistxattr" | "unlink" | "unlinkat"
    ) || args.contains("AT_SYMLINK_NOFOLLOW")
        || args.contains("O_NOFOLLOW");
    Some(Call {
        name,
        paths,
        follows: !nofollow,
    })
}

/// Lexical normalisation (no file system).
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// Where a path physically is: its longest existing prefix canonicalised (following
/// the final component only when the call does), the rest appended lexically.
fn physical(p: &Path, follows: bool) -> PathBuf {
    let p = lexical(p);
    let (dir, last) = if follows {
        (p.clone(), None)
    } else {
        (
            p.parent().map(Path::to_path_buf).unwrap_or_default(),
            p.file_name().map(|n| n.to_os_string()),
        )
    };
    let mut head = dir.clone();
    let mut tail = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(&head) {
            let mut out = c;
            for t in tail.iter().rev() {
                out.push(t);
            }
            if let Some(l) = &last {
                out.push(l);
            }
            return lexical(&out);
        }
        match (head.file_name().map(|n| n.to_os_string()), head.parent()) {
            (Some(n), Some(parent)) => {
                tail.push(n);
                head = parent.to_path_buf();
            }
            _ => return p,
        }
    }
}

/// With strace: no system call of plan-lint names a path under the decoy directory,
/// however the plan names it (through live, dangling, absolute and chained links, with
/// `..` after them). Before the lexical walk, `canonicalize` sent `readlink` and
/// `lstat` into the decoy (about a hundred calls), and listings followed the links.
#[test]
fn strace_shows_no_system_call_under_the_decoy() {
    if !have(
        "strace",
        &["-f", "-qq", "-e", "trace=openat", "-o", "/dev/null", "true"],
        "strace_shows_no_system_call_under_the_decoy",
    ) {
        return;
    }
    let tree = Tree::new();
    fill_decoy(&tree.decoy());
    outward_links(&tree);
    tree.plan(&outward_plan());
    let trace = tree.base().join("strace.txt");
    let trace_arg = trace.display().to_string();
    let wrap = [
        "strace",
        "-f",
        "-qq",
        "-y",
        "-s",
        "4096",
        "-e",
        "trace=%file,readlink,readlinkat",
        "-o",
        trace_arg.as_str(),
    ];
    let r = run(&tree.repo(), &wrap, &[], &["--format", "short", "EXPORT"]);
    assert_eq!(r.code, 1, "{r}");
    let text = std::fs::read_to_string(&trace).unwrap();
    let repo = std::fs::canonicalize(tree.repo()).unwrap();
    let decoy = std::fs::canonicalize(tree.decoy()).unwrap();
    let calls: Vec<Call> = text.lines().filter_map(|l| parse_call(l, &repo)).collect();
    // The trace worked: the plan was opened, and the links were read (inside the root).
    assert!(
        calls.iter().any(|c| c.name.starts_with("open")
            && c.paths
                .iter()
                .any(|p| p.ends_with(Path::new("EXPORT").join(PLAN_NAME)))),
        "strace saw plan-lint open the plan:\n{text}"
    );
    assert!(
        calls
            .iter()
            .any(|c| c.name.starts_with("readlink")
                && c.paths.iter().any(|p| p.ends_with("repo/live"))),
        "strace saw plan-lint read the link `live`:\n{text}"
    );
    let outside: Vec<&str> = text
        .lines()
        .filter(|l| {
            parse_call(l, &repo).is_some_and(|c| {
                c.paths
                    .iter()
                    .any(|p| physical(p, c.follows).starts_with(&decoy))
            })
        })
        .collect();
    assert!(
        outside.is_empty(),
        "{} system call(s) named a path under the decoy {}:\n{}",
        outside.len(),
        decoy.display(),
        outside.join("\n")
    );
}

// ---------------------------------------------------------------------------------
// 18. Case-insensitive index once per directory
// ---------------------------------------------------------------------------------

/// Lower-cased names for `misses` missing lookups in a directory of `entries` names.
fn folds(entries: usize, misses: usize) -> usize {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..entries {
        std::fs::write(dir.path().join(format!("File_{i}.rs")), "").unwrap();
    }
    let fs = FsView::new(dir.path());
    for i in 0..misses {
        assert_eq!(
            fs.lookup(&format!("missing_{i}.rs")),
            Lookup::Missing { case_variant: None }
        );
    }
    // The index still answers case variants.
    assert_eq!(
        fs.lookup("file_7.rs"),
        Lookup::Missing {
            case_variant: Some("File_7.rs".into())
        }
    );
    fs.names_folded()
}

/// Before, every miss lower-cased every name of the directory (1 000 missing rows
/// against 100 000 entries: 10^8 lower-casings, 15 s); now each directory's names are
/// lower-cased once.
#[test]
fn a_directory_is_case_folded_once() {
    assert_eq!(folds(500, 300), 500);
    // Ten times the entries and the misses: ten times the work, not a hundred.
    assert_eq!(folds(5_000, 3_000), 5_000);
}

// ---------------------------------------------------------------------------------
// 15. Ignore files from the root and below only
// ---------------------------------------------------------------------------------

#[test]
fn a_gitignore_above_the_root_is_not_applied() {
    let tree = Tree::new();
    tree.plan(CLEAN_PLAN);
    // Above the root: would hide the sources (4 false findings) and the plans.
    write(&tree.base().join(".gitignore"), "src/\ntests/\n");
    let r = tree.lint(&["--format", "short", "EXPORT"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stderr.starts_with("Checked 1 file: 0 errors, 0 warnings"),
        "{r}"
    );
    write(&tree.base().join(".gitignore"), "plan_*.md\n");
    let r = tree.lint(&["--format", "short", "EXPORT"]);
    assert!(r.stderr.starts_with("Checked 1 file: 0 errors"), "{r}");
    let r = tree.lint(&["--format", "short", "EXPORT/*.md"]);
    assert!(r.stderr.starts_with("Checked 1 file: 0 errors"), "{r}");
}

#[test]
fn the_global_git_excludes_file_is_not_applied() {
    let tree = Tree::new();
    tree.plan(CLEAN_PLAN);
    let home = tree.base().join("home");
    write(
        &home.join(".config/git/ignore"),
        "src/\ntests/\nplan_*.md\n",
    );
    write(
        &home.join(".gitconfig"),
        format!(
            "[core]\n\texcludesFile = {}\n",
            home.join(".config/git/ignore").display()
        ),
    );
    let env = [
        ("HOME", home.as_path()),
        ("XDG_CONFIG_HOME", &home.join(".config")),
    ];
    let r = run(&tree.repo(), &[], &env, &["--format", "short", "EXPORT"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stderr.starts_with("Checked 1 file: 0 errors, 0 warnings"),
        "{r}"
    );
}

#[test]
fn ignore_files_of_the_root_and_below_and_info_exclude_apply() {
    let tree = Tree::new();
    let repo = tree.repo();
    // The root's .gitignore (between the root and EXPORT) hides EXPORT/drafts when
    // EXPORT alone is walked; .git/info/exclude hides EXPORT/local; a nested
    // .gitignore re-includes one draft.
    write(&repo.join(".gitignore"), "EXPORT/drafts/\n*.tmp.md\n");
    write(&repo.join(".git/info/exclude"), "local/\n");
    write(&repo.join("EXPORT/sub/.gitignore"), "!keep.tmp.md\n");
    for p in [
        "EXPORT/plan_a.md",
        "EXPORT/drafts/plan_b.md",
        "EXPORT/local/plan_c.md",
        "EXPORT/x.tmp.md",
        "EXPORT/sub/keep.tmp.md",
        "EXPORT/sub/drop.tmp.md",
    ] {
        write(&repo.join(p), "# Plan: A (a)\n");
    }
    let r = tree.lint(&["--format", "short", "--select", "PL004", "EXPORT"]);
    let files: std::collections::BTreeSet<&str> = r
        .stdout
        .lines()
        .filter(|l| l.contains(" PL004 "))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        ["EXPORT/plan_a.md", "EXPORT/sub/keep.tmp.md"],
        "{r}"
    );
    // The repository listing honours the same files.
    write(&repo.join("local/x.rs"), "");
    write(&repo.join("gen/y.rs"), "");
    write(&repo.join("gen/.gitignore"), "*.rs\n");
    let fs = FsView::new(&repo);
    let all = fs.all_paths();
    assert!(all.iter().any(|p| p == "src/lib.rs"), "{all:?}");
    assert!(!all.iter().any(|p| p.starts_with("local")), "{all:?}");
    assert!(!all.iter().any(|p| p == "gen/y.rs"), "{all:?}");
    assert!(
        !all.iter().any(|p| p.starts_with("EXPORT/drafts")),
        "{all:?}"
    );
}

// ---------------------------------------------------------------------------------
// 16. Special files are never opened
// ---------------------------------------------------------------------------------

fn mkfifo(path: &Path) -> bool {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// FIFOs named like source files and like ignore files, and symlinks to `/dev/zero`:
/// the run neither blocks nor reads without end. Before, a FIFO `.gitignore` blocked
/// every walk forever (the `ignore` crate opened it), and a `.gitignore` symlinked to
/// `/dev/zero` was read until memory ran out.
#[test]
fn fifos_and_devices_in_the_repository_are_never_opened() {
    if !have(
        "mkfifo",
        &["--version"],
        "fifos_and_devices_in_the_repository_are_never_opened",
    ) {
        return;
    }
    let tree = Tree::new();
    let repo = tree.repo();
    for p in [
        "src/pipe.rs",
        "src/.gitignore",
        "tests/.ignore",
        "EXPORT/.gitignore",
        "EXPORT/plan_fifo.md",
        ".git/info/exclude",
    ] {
        assert!(mkfifo(&repo.join(p)), "mkfifo {p}");
    }
    symlink("/dev/zero", &repo.join("src/zero.rs"));
    symlink("/dev/zero", &repo.join(".gitignore"));
    symlink("/dev/zero", &repo.join("EXPORT/sub/.gitignore"));
    std::fs::create_dir_all(repo.join("EXPORT/sub")).unwrap();
    tree.plan(&plan_with(
        &[],
        &["- `src/pipe.rs` and `src/zero.rs` are not code; `create_app()` is in `src/lib.rs`."],
    ));
    let r = tree.lint(&["--format", "short", "EXPORT"]);
    // `src/zero.rs` leads to /dev/zero, outside the root: PL306 says so; nothing else.
    let codes: Vec<&str> = r
        .stdout
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .filter(|c| c.starts_with("PL"))
        .collect();
    assert_eq!(codes, ["PL306"], "{r}");
    assert!(
        r.stdout.contains(
            "`src/zero.rs` goes through a symlink that points outside the repository root"
        ),
        "{r}"
    );
    assert_eq!(r.code, 1, "{r}");
}

/// Unmounts on drop (also when the test fails).
struct Mount(PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// A procfs mounted inside the repository: `/proc/kmsg` blocks on read (and reading it
/// consumes the kernel log), `/proc/kcore` is "128 TiB", most files say they are empty.
/// The scan reads no more than `fstat` says, so the run ends. Needs root (to mount):
/// skipped, with a message, otherwise.
#[test]
fn a_procfs_inside_the_repository_does_not_block_the_scan() {
    let tree = Tree::new();
    let proc_dir = tree.repo().join("proc");
    std::fs::create_dir_all(&proc_dir).unwrap();
    let mounted = is_root()
        && Command::new("mount")
            .args(["-t", "proc", "proc"])
            .arg(&proc_dir)
            .status()
            .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!(
            "SKIPPED: cannot mount a procfs here (needs root and mount privileges) (a_procfs_inside_the_repository_does_not_block_the_scan)"
        );
        return;
    }
    let _mount = Mount(proc_dir.clone());
    assert!(proc_dir.join("kmsg").exists(), "procfs is mounted");
    tree.plan(CLEAN_PLAN);
    let r = tree.lint(&[
        "--format",
        "short",
        "--select",
        "PL307,PL308,PL309",
        "EXPORT",
    ]);
    assert!(r.stderr.contains("Checked 1 file:"), "{r}");
}

// ---------------------------------------------------------------------------------
// 17. Large and unreadable files
// ---------------------------------------------------------------------------------

/// A 1.5 MB `src/big.rs` that defines `create_app` and `MAX_RETRIES` at its end: read
/// (in pieces), so neither "does not occur" (PL307) nor "not in `src/big.rs`" (PL308).
/// Before, files over 1 MiB were skipped.
#[test]
fn a_large_source_file_is_read() {
    let tree = Tree::new();
    let repo = tree.repo();
    write(&repo.join("src/lib.rs"), "pub fn create_app() {}\n");
    let mut big = String::new();
    while big.len() < 1_500_000 {
        big.push_str("// padding padding padding padding padding padding padding\n");
    }
    big.push_str("pub const MAX_RETRIES: u32 = 3;\npub fn create_app() {}\n");
    write(&repo.join("src/big.rs"), big);
    tree.plan(&CLEAN_PLAN.replace(
        "- `src/lib.rs` builds the application in `create_app()` and holds `MAX_RETRIES`.",
        "- `src/big.rs` builds the application in `create_app()` and holds `MAX_RETRIES`.",
    ));
    let r = tree.lint(&["--format", "short", "EXPORT"]);
    assert_eq!(r.code, 0, "{r}");
    assert!(
        r.stderr.starts_with("Checked 1 file: 0 errors, 0 warnings"),
        "{r}"
    );
}

/// A file over the 64 MiB cap (sparse: no disk used) is skipped unread; a symbol found
/// nowhere else is then a warning that it could not be verified, not an error.
#[test]
fn a_file_over_the_cap_leaves_the_symbol_unverified() {
    let tree = Tree::new();
    let repo = tree.repo();
    write(&repo.join("src/lib.rs"), "pub fn create_app() {}\n");
    let huge = std::fs::File::create(repo.join("src/huge.rs")).unwrap();
    huge.set_len(64 * 1024 * 1024 + 1).unwrap();
    tree.plan(CLEAN_PLAN);
    let r = tree.lint(&["--format", "short", "EXPORT"]);
    assert_eq!(r.code, 0, "{r}");
    let pl307 = lines_with(&r.stdout, "PL307");
    assert_eq!(pl307.len(), 1, "{r}");
    assert!(
        pl307[0].ends_with(
            "PL307 warning: `MAX_RETRIES` could not be verified: `src/huge.rs` (too large: 67108865 bytes, over 64 MiB) was skipped"
        ),
        "{r}"
    );
    assert!(
        r.stderr.contains("Checked 1 file: 0 errors, 1 warning"),
        "{r}"
    );
}

/// An unreadable file that may hold the symbol: "could not be verified", a warning.
/// Root reads any file, so as root the run is made as nobody (setpriv).
#[test]
fn an_unreadable_file_leaves_the_symbol_unverified() {
    use std::os::unix::fs::PermissionsExt;
    let wrap: Vec<&str> = if is_root() {
        if !have(
            "setpriv",
            &["--reuid=65534", "--regid=65534", "--clear-groups", "true"],
            "an_unreadable_file_leaves_the_symbol_unverified",
        ) {
            return;
        }
        vec![
            "setpriv",
            "--reuid",
            NOBODY,
            "--regid",
            NOBODY,
            "--clear-groups",
        ]
    } else {
        Vec::new()
    };
    let tree = Tree::new();
    let repo = tree.repo();
    write(&repo.join("src/lib.rs"), "pub fn create_app() {}\n");
    write(
        &repo.join("src/secret.rs"),
        "pub const MAX_RETRIES: u32 = 3;\n",
    );
    // An unreadable image is no evidence either way: not named.
    write(&repo.join("assets/logo.png"), b"\x89PNG\0MAX_RETRIES");
    tree.plan(&CLEAN_PLAN.replace(
        "- `src/lib.rs` builds the application in `create_app()` and holds `MAX_RETRIES`.",
        "- `src/lib.rs` builds the application in `create_app()`.\n- `src/secret.rs` holds `MAX_RETRIES`.",
    ));
    tree.open_to_all();
    for f in ["src/secret.rs", "assets/logo.png"] {
        std::fs::set_permissions(repo.join(f), std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let r = run(&repo, &wrap, &[], &["--format", "short", "EXPORT"]);
    assert_eq!(r.code, 0, "{r}");
    let pl307 = lines_with(&r.stdout, "PL307");
    assert_eq!(pl307.len(), 1, "{r}");
    assert!(
        pl307[0].ends_with(
            "PL307 warning: `MAX_RETRIES` could not be verified: `src/secret.rs` (unreadable: permission denied) was skipped"
        ),
        "{r}"
    );
    // The same repository, readable: the symbol is found, nothing is reported.
    std::fs::set_permissions(
        repo.join("src/secret.rs"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let r = run(&repo, &wrap, &[], &["--format", "short", "EXPORT"]);
    assert!(
        r.stderr.starts_with("Checked 1 file: 0 errors, 0 warnings"),
        "{r}"
    );
}

/// PL306 asks the repository's ignore rules about a missing path; those `.gitignore`
/// files are read like every repository file, so a FIFO named `.gitignore` below the
/// root cannot hang that check (it did: the rules were read with a plain open).
#[test]
fn a_fifo_gitignore_does_not_block_the_missing_path_check() {
    if !have(
        "mkfifo",
        &["--version"],
        "a_fifo_gitignore_does_not_block_the_missing_path_check",
    ) {
        return;
    }
    let tree = Tree::new();
    let repo = tree.repo();
    assert!(
        mkfifo(&repo.join("src/.gitignore")),
        "mkfifo src/.gitignore"
    );
    tree.plan(&plan_with(&[], &["- The helper lives in `src/gone.rs`."]));
    let r = tree.lint(&["--format", "short", "EXPORT"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stdout.contains("PL306") && r.stdout.contains("`src/gone.rs`"),
        "{r}"
    );
}
