//! Writing files safely (issue 12, "Writing files safely" 1-7): `--fix` runs unattended
//! in a pre-commit hook and `export --force` overwrites, so a write must never damage
//! a plan, its metadata, another process's write, or anything outside the repository.
//!
//! 1. A plan this user cannot write (access(W_OK), not the mode bits) is never replaced.
//! 2. Owner and group are kept when permitted; setuid/setgid never stay on a new
//!    owner; extended attributes are kept.
//! 3. The temporary file has the plan's permissions from its creation.
//! 4. A file changed by another process while it was being fixed is not written.
//! 5. No write through a symlink that leaves the repository root.
//! 6. Temporary files are named `.<name>.plan-lint-<pid>-<n>.tmp`; leftovers of an
//!    interrupted run are removed (or reported) by the next `--fix`.
//! 7. Write errors name the path once, are counted as "could not be written", and the
//!    file's findings are still shown.
//!
//! Permission tests run as an unprivileged user: as root (here and in CI) through
//! `setpriv --reuid=65534 --regid=65534 --clear-groups`. A missing setpriv prints
//! `SKIPPED: …`, and fails instead when `PLAN_LINT_REQUIRE_TOOLS` is set (CI sets it).
//! The mid-write hook (`PLAN_LINT_DEBUG_WRITE_HOOK`) exists in debug builds only; the
//! same checks also run in-process through `write::replace_with_hook`.

#![cfg(unix)]

use plan_lint::workspace::write::{self, Expected, Stage, Stamp, WriteError};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

#[path = "support/cli_run.rs"]
mod cli_run;
use cli_run::{Run, command, have, is_root};

/// A hang guard, not a benchmark.
const TIMEOUT: Duration = Duration::from_secs(180);
const NOBODY: u32 = 65534;
const MESSY: &str = include_str!("../fixtures/messy/EXPORT/plan_messy.md");
const CLEAN: &str = include_str!("../fixtures/clean/EXPORT/plan_rate-limits.md");
/// Above the largest possible Linux pid (`pid_max` is at most 2^22): never running.
const DEAD_PID: u32 = 4_194_305;

/// Runs `[wrap…] plan-lint ARGS --color=never --no-config` (`export ARGS --no-config`)
/// in `dir`; fails on a signal,
/// a panic or an undefined exit code.
fn run(dir: &Path, wrap: &[&str], env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut cmd = command(wrap);
    cmd.current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("PLAN_LINT_DEBUG_WRITE_HOOK")
        .env("RUST_BACKTRACE", "1")
        .envs(env.iter().copied())
        .args(args);
    if args.first() == Some(&"export") {
        cmd.arg("--no-config");
    } else {
        cmd.args(["--color=never", "--no-config"]);
    }
    let mut cmd = assert_cmd::Command::from_std(cmd);
    cmd.timeout(TIMEOUT);
    Run::checked(&cmd.output().expect("plan-lint starts"), &args)
}

fn my_uid() -> u32 {
    // SAFETY: as above.
    unsafe { libc::geteuid() }
}

/// The wrapper that runs plan-lint as an unprivileged user, and that user's uid: as
/// root, `setpriv` to nobody; otherwise this user. `None` (after printing SKIPPED, or
/// failing under `PLAN_LINT_REQUIRE_TOOLS`) when root has no setpriv.
fn unprivileged(test: &str) -> Option<(Vec<&'static str>, u32)> {
    if !is_root() {
        return Some((Vec::new(), my_uid()));
    }
    if !have(
        "setpriv",
        &["--reuid=65534", "--regid=65534", "--clear-groups", "true"],
        test,
    ) {
        return None;
    }
    Some((
        vec![
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
        ],
        NOBODY,
    ))
}

/// Skips a root-only case with a printed reason (a non-root user cannot own files of
/// another user).
fn root_only(test: &str) -> bool {
    if !is_root() {
        eprintln!("SKIPPED: {test} needs root to give files to another user");
    }
    is_root()
}

fn chown(path: &Path, uid: u32, gid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).unwrap();
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().mode() & 0o7777
}

/// `<tmp>/repo` with `.git` and `EXPORT/plan_messy.md` (fixable findings), and
/// `<tmp>/outside`; every directory searchable by all (the unprivileged runs).
struct Tree {
    base: tempfile::TempDir,
}

impl Tree {
    fn new() -> Tree {
        let base = tempfile::tempdir().unwrap();
        for d in ["repo/.git", "repo/EXPORT", "outside"] {
            std::fs::create_dir_all(base.path().join(d)).unwrap();
        }
        for d in ["", "repo", "repo/.git", "repo/EXPORT", "outside"] {
            chmod(&base.path().join(d), 0o755);
        }
        let tree = Tree { base };
        std::fs::write(tree.plan(), MESSY).unwrap();
        tree
    }

    fn repo(&self) -> PathBuf {
        self.base.path().join("repo")
    }

    fn export(&self) -> PathBuf {
        self.repo().join("EXPORT")
    }

    fn plan(&self) -> PathBuf {
        self.export().join("plan_messy.md")
    }

    fn outside(&self) -> PathBuf {
        self.base.path().join("outside")
    }

    /// The names in `EXPORT/`, sorted.
    fn export_names(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(self.export())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }
}

fn ino(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().ino()
}

/// The `--format short` findings of the messy plan as it is (no fix).
fn messy_findings(tree: &Tree) -> String {
    let r = run(&tree.repo(), &[], &[], &["--format", "short", "EXPORT"]);
    assert_eq!(r.code, 1, "{r}");
    assert!(r.stdout.contains("PL002 error"), "{r}");
    r.stdout
}

// 1 ---------------------------------------------------------------------------

/// A plan the user cannot write is refused before anything is created, whatever the
/// mode bits and the directory allow; the file keeps its bytes and its inode.
#[test]
fn a_plan_this_user_cannot_write_is_never_replaced() {
    let test = "a_plan_this_user_cannot_write_is_never_replaced";
    let Some((wrap, uid)) = unprivileged(test) else {
        return;
    };
    let tree = Tree::new();
    let plan = tree.plan();
    let check = |tree: &Tree, expected: &str| {
        let before = ino(&tree.plan());
        let r = run(
            &tree.repo(),
            &wrap,
            &[],
            &["--fix", "--format", "short", "EXPORT"],
        );
        assert_eq!(r.code, 2, "{r}");
        assert!(
            r.stderr.lines().any(|l| l == expected),
            "expected {expected:?}\n{r}"
        );
        assert!(r.stderr.contains(", 1 file could not be written ("), "{r}");
        assert_eq!(std::fs::read_to_string(tree.plan()).unwrap(), MESSY);
        assert_eq!(ino(&tree.plan()), before, "the plan was replaced");
        assert_eq!(
            tree.export_names(),
            ["plan_messy.md"],
            "a temporary file was left"
        );
    };
    // The owner lacks write permission, the group has it: the mode is not "read-only",
    // the directory is writable, and the old writer replaced the file.
    std::os::unix::fs::chown(&plan, Some(uid), None).unwrap();
    chmod(&plan, 0o464);
    chmod(&tree.export(), 0o777);
    check(
        &tree,
        "plan-lint: error: EXPORT/plan_messy.md: cannot be written by this user (Permission denied (os error 13)); nothing was written",
    );
    if root_only(test) {
        // root's 0644 file in a directory everybody may write: nobody may not write it.
        chown(&plan, 0, 0);
        chmod(&plan, 0o644);
        check(
            &tree,
            "plan-lint: error: EXPORT/plan_messy.md: cannot be written by this user (Permission denied (os error 13)); nothing was written",
        );
        // ... and in a directory nobody may not write.
        chmod(&plan, 0o666);
        chmod(&tree.export(), 0o755);
        check(
            &tree,
            "plan-lint: error: EXPORT/plan_messy.md: cannot be written by this user (its directory `EXPORT` is not writable: Permission denied (os error 13)); nothing was written",
        );
    }
}

// 2 ---------------------------------------------------------------------------

/// Root fixing a user's plan keeps the user as owner and group, and the mode with it
/// (setgid included); a user attribute survives.
#[test]
fn root_keeps_the_owner_group_mode_and_xattrs() {
    if !root_only("root_keeps_the_owner_group_mode_and_xattrs") {
        return;
    }
    let tree = Tree::new();
    let plan = tree.plan();
    chown(&plan, NOBODY, NOBODY);
    chmod(&plan, 0o2640);
    let xattr = set_user_xattr(&plan);
    let r = run(
        &tree.repo(),
        &[],
        &[],
        &["--fix", "--format", "short", "EXPORT"],
    );
    assert_eq!(r.code, 1, "{r}");
    assert_ne!(std::fs::read_to_string(&plan).unwrap(), MESSY, "fixed");
    let m = std::fs::metadata(&plan).unwrap();
    assert_eq!((m.uid(), m.gid()), (NOBODY, NOBODY), "owner and group kept");
    assert_eq!(mode(&plan), 0o2640, "mode kept, setgid included");
    if xattr {
        assert_eq!(get_user_xattr(&plan).as_deref(), Some(&b"kept"[..]));
    }
}

/// A user fixing root's group-writable setuid plan cannot keep root as the owner:
/// the new file is the user's, so the setuid bit is dropped, not given to them.
#[test]
fn a_new_owner_never_gets_the_setuid_bit() {
    let test = "a_new_owner_never_gets_the_setuid_bit";
    if !root_only(test) {
        return;
    }
    let Some((wrap, uid)) = unprivileged(test) else {
        return;
    };
    let tree = Tree::new();
    let plan = tree.plan();
    chmod(&tree.export(), 0o777);
    chmod(&plan, 0o6666);
    let xattr = set_user_xattr(&plan);
    let r = run(
        &tree.repo(),
        &wrap,
        &[],
        &["--fix", "--format", "short", "EXPORT"],
    );
    assert_eq!(r.code, 1, "{r}");
    assert_ne!(std::fs::read_to_string(&plan).unwrap(), MESSY, "fixed");
    let m = std::fs::metadata(&plan).unwrap();
    assert_eq!(
        (m.uid(), m.gid()),
        (uid, NOBODY),
        "the writer owns the new file"
    );
    assert_eq!(
        mode(&plan),
        0o666,
        "setuid and setgid dropped, the rest kept"
    );
    if xattr {
        assert_eq!(get_user_xattr(&plan).as_deref(), Some(&b"kept"[..]));
    }
}

/// Extended attributes survive a fix by the file's owner (any user).
#[test]
fn extended_attributes_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.md");
    std::fs::write(&plan, "old").unwrap();
    if !set_user_xattr(&plan) {
        return;
    }
    write::replace(&plan, b"new").unwrap();
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "new");
    assert_eq!(get_user_xattr(&plan).as_deref(), Some(&b"kept"[..]));
}

/// Sets `user.plan-lint-test = kept`; false (after printing SKIPPED) on a file system
/// without user attributes.
fn set_user_xattr(path: &Path) -> bool {
    let c = cpath(path);
    // SAFETY: valid NUL-terminated strings and a 4-byte value.
    let rc = unsafe {
        libc::setxattr(
            c.as_ptr(),
            c"user.plan-lint-test".as_ptr(),
            b"kept".as_ptr().cast(),
            4,
            0,
        )
    };
    if rc != 0 {
        eprintln!(
            "SKIPPED: extended attributes: this file system refuses user attributes ({})",
            std::io::Error::last_os_error()
        );
    }
    rc == 0
}

fn get_user_xattr(path: &Path) -> Option<Vec<u8>> {
    let c = cpath(path);
    let mut buf = [0u8; 64];
    // SAFETY: valid strings; the kernel writes at most 64 bytes.
    let n = unsafe {
        libc::getxattr(
            c.as_ptr(),
            c"user.plan-lint-test".as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len(),
        )
    };
    (n >= 0).then(|| buf[..n as usize].to_vec())
}

fn cpath(path: &Path) -> std::ffi::CString {
    use std::os::unix::ffi::OsStrExt;
    std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap()
}

// 3 ---------------------------------------------------------------------------

/// The temporary file of a 0600 plan is 0600 from the moment it exists (it was
/// created 0644 and chmod-ed later), and is named after the plan.
#[test]
fn the_temporary_file_is_private_from_its_creation() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan_secret.md");
    std::fs::write(&plan, "old").unwrap();
    chmod(&plan, 0o600);
    let mut seen = Vec::new();
    write::replace_with_hook(&plan, None, None, b"new", &mut |stage, temp| {
        let m = std::fs::symlink_metadata(temp).unwrap();
        seen.push((
            stage,
            m.mode() & 0o7777,
            m.len(),
            temp.file_name().unwrap().to_string_lossy().into_owned(),
        ));
    })
    .unwrap();
    let name = format!(".plan_secret.md.plan-lint-{}-", std::process::id());
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(seen[0].0, Stage::Created);
    assert_eq!((seen[0].1, seen[0].2), (0o600, 0), "{seen:?}");
    assert_eq!(
        (seen[1].0, seen[1].1, seen[1].2),
        (Stage::BeforeRename, 0o600, 3)
    );
    for s in &seen {
        assert!(s.3.starts_with(&name) && s.3.ends_with(".tmp"), "{seen:?}");
    }
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "new");
    assert_eq!(mode(&plan), 0o600);
}

// 4 ---------------------------------------------------------------------------

/// Another process appends between the read and the rename: nothing is written, the
/// append survives, no temporary file is left.
#[test]
fn a_file_changed_mid_write_is_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.md");
    std::fs::write(&plan, "old\n").unwrap();
    let stamp = Stamp::of(&plan);
    let read = std::fs::read(&plan).unwrap();
    let expected = Expected {
        bytes: &read,
        stamp,
    };
    let r = write::replace_with_hook(&plan, None, Some(expected), b"new\n", &mut |stage, _| {
        if stage == Stage::BeforeRename {
            use std::io::Write;
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&plan)
                .unwrap();
            f.write_all(b"appended by another process\n").unwrap();
        }
    });
    match r {
        Err(e @ WriteError::Changed(_)) => assert_eq!(
            e.to_string(),
            format!(
                "{}: changed while fixing (another process wrote to it); nothing was written: run again",
                plan.display()
            )
        ),
        other => panic!("expected Changed, got {other:?}"),
    }
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        "old\nappended by another process\n"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // A same-size rewrite (the size alone would not tell) is caught by the bytes.
    let expected = Expected {
        bytes: b"old\nappended by another process\n",
        stamp: None,
    };
    let r = write::replace_with_hook(&plan, None, Some(expected), b"new\n", &mut |stage, _| {
        if stage == Stage::BeforeRename {
            std::fs::write(&plan, "OLD\nAPPENDED BY ANOTHER PROCESS\n").unwrap();
        }
    });
    assert!(matches!(r, Err(WriteError::Changed(_))), "{r:?}");
    // Unchanged: written.
    let now = std::fs::read(&plan).unwrap();
    let expected = Expected {
        bytes: &now,
        stamp: Stamp::of(&plan),
    };
    write::replace_if_unchanged(&plan, None, expected, b"new\n").unwrap();
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "new\n");
}

/// The same through the CLI (the debug build's write hook appends mid-fix): exit 2,
/// "changed while fixing", the append kept, the findings of the file still shown.
#[test]
fn fix_reports_a_file_changed_while_fixing() {
    if !cfg!(debug_assertions) {
        eprintln!(
            "SKIPPED: fix_reports_a_file_changed_while_fixing: the write hook exists in debug builds only (a_file_changed_mid_write_is_not_replaced covers the check)"
        );
        return;
    }
    let tree = Tree::new();
    let findings = messy_findings(&tree);
    let hook = r#"[ "$PLAN_LINT_HOOK_STAGE" = before-rename ] && printf 'appended\n' >> "$PLAN_LINT_HOOK_TARGET"; true"#;
    let r = run(
        &tree.repo(),
        &[],
        &[("PLAN_LINT_DEBUG_WRITE_HOOK", hook)],
        &["--fix", "--format", "short", "EXPORT"],
    );
    assert_eq!(r.code, 2, "{r}");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines[0],
        "plan-lint: error: EXPORT/plan_messy.md: changed while fixing (another process wrote to it); nothing was written: run again",
        "{r}"
    );
    assert_eq!(lines[1], "Fixed 0 findings in 0 files.", "{r}");
    assert!(
        lines[2]
            .starts_with("Checked 1 file: 24 errors, 3 warnings, 1 file could not be written ("),
        "{r}"
    );
    assert_eq!(r.stdout, findings, "the findings of the file as read");
    assert_eq!(
        std::fs::read_to_string(tree.plan()).unwrap(),
        format!("{MESSY}appended\n")
    );
    assert_eq!(tree.export_names(), ["plan_messy.md"]);
}

// 5 ---------------------------------------------------------------------------

/// `export --force` onto a planted `EXPORT/plan_x.md` symlink that leaves the root is
/// refused: the outside file and the link are untouched. A link that stays inside the
/// root is written through (the link stays a link); a dangling link is refused.
#[test]
fn export_force_never_writes_through_a_link_out_of_the_root() {
    let tree = Tree::new();
    let repo = tree.repo();
    std::fs::write(repo.join("draft.md"), CLEAN).unwrap();
    let victim = tree.outside().join("victim.txt");
    std::fs::write(&victim, "precious\n").unwrap();
    let link = tree.export().join("plan_rate-limits.md");
    std::os::unix::fs::symlink("../../outside/victim.txt", &link).unwrap();
    let r = run(&repo, &[], &[], &["export", "draft.md", "--force"]);
    assert_eq!(r.code, 2, "{r}");
    let real = std::fs::canonicalize(&victim).unwrap();
    assert_eq!(
        r.stderr.trim_end(),
        format!(
            "plan-lint: error: EXPORT/plan_rate-limits.md: is a symbolic link to `{}`, outside the repository root; nothing was written (plan-lint never writes through a link out of the root: replace the link with the file, or run on the file itself)",
            real.display()
        ),
        "{r}"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious\n");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(
        tree.export_names(),
        ["plan_messy.md", "plan_rate-limits.md"]
    );

    // Inside the root: written through.
    std::fs::create_dir_all(repo.join("docs")).unwrap();
    std::fs::write(repo.join("docs/plan.md"), "old\n").unwrap();
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("../docs/plan.md", &link).unwrap();
    let r = run(&repo, &[], &[], &["export", "draft.md", "--force"]);
    // Exit 1: the clean fixture names files this scratch repository lacks (PL306).
    assert_eq!(r.code, 1, "{r}");
    assert!(
        r.stdout.ends_with("wrote EXPORT/plan_rate-limits.md\n"),
        "{r}"
    );
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(
        std::fs::read_to_string(repo.join("docs/plan.md")).unwrap(),
        CLEAN
    );

    // Dangling: refused.
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("../../outside/nothing.md", &link).unwrap();
    let r = run(&repo, &[], &[], &["export", "draft.md", "--force"]);
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr.contains("EXPORT/plan_rate-limits.md: is a symbolic link to a file that does not exist; nothing was written"),
        "{r}"
    );
    assert!(!tree.outside().join("nothing.md").exists());
}

/// `--fix` on a symlinked plan whose target leaves the root: refused the same way,
/// and the findings are still shown.
#[test]
fn fix_never_writes_through_a_link_out_of_the_root() {
    let tree = Tree::new();
    let outside_plan = tree.outside().join("plan_messy.md");
    std::fs::rename(tree.plan(), &outside_plan).unwrap();
    std::os::unix::fs::symlink("../../outside/plan_messy.md", tree.plan()).unwrap();
    let r = run(
        &tree.repo(),
        &[],
        &[],
        &["--fix", "--format", "short", "EXPORT/plan_messy.md"],
    );
    assert_eq!(r.code, 2, "{r}");
    let real = std::fs::canonicalize(&outside_plan).unwrap();
    assert!(
        r.stderr.lines().any(|l| l
            == format!(
                "plan-lint: error: EXPORT/plan_messy.md: is a symbolic link to `{}`, outside the repository root; nothing was written (plan-lint never writes through a link out of the root: replace the link with the file, or run on the file itself)",
                real.display()
            )),
        "{r}"
    );
    assert!(r.stdout.contains("PL002 error"), "{r}");
    assert_eq!(std::fs::read_to_string(&outside_plan).unwrap(), MESSY);
    assert!(std::fs::symlink_metadata(tree.plan()).unwrap().is_symlink());
    assert_eq!(
        std::fs::read_dir(tree.outside()).unwrap().count(),
        1,
        "no temporary file outside"
    );
}

// 6 ---------------------------------------------------------------------------

/// `.plan_messy.md.plan-lint-<dead pid>-0.tmp` left an hour ago by a killed run is
/// removed by the next `--fix`, with a note; a leftover of a live process, one written
/// after the run started, another user's, and other dot-files stay.
#[test]
fn fix_removes_stale_temporary_files_it_owns() {
    let tree = Tree::new();
    let ex = tree.export();
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    let plant = |name: &str, when: SystemTime| {
        let p = ex.join(name);
        std::fs::write(&p, "half a plan").unwrap();
        std::fs::File::options()
            .write(true)
            .open(&p)
            .unwrap()
            .set_modified(when)
            .unwrap();
        p
    };
    let stale = plant(
        &format!(".plan_messy.md.plan-lint-{DEAD_PID}-0.tmp"),
        hour_ago,
    );
    let live = plant(
        &format!(".plan_messy.md.plan-lint-{}-3.tmp", std::process::id()),
        hour_ago,
    );
    let fresh = plant(
        &format!(".plan_messy.md.plan-lint-{DEAD_PID}-1.tmp"),
        SystemTime::now() + Duration::from_secs(3600),
    );
    let other = plant(".plan_messy.md.swp", hour_ago);
    let foreign = is_root().then(|| {
        let p = plant(&format!(".plan_x.md.plan-lint-{DEAD_PID}-7.tmp"), hour_ago);
        chown(&p, NOBODY, NOBODY);
        p
    });
    let r = run(
        &tree.repo(),
        &[],
        &[],
        &["--fix", "--format", "short", "EXPORT"],
    );
    assert_eq!(r.code, 1, "{r}");
    let notes: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.contains("temporary file"))
        .collect();
    let mut expected = vec![format!(
        "plan-lint: note: EXPORT/.plan_messy.md.plan-lint-{DEAD_PID}-0.tmp: removed a temporary file left by an interrupted plan-lint run (process {DEAD_PID})"
    )];
    if foreign.is_some() {
        expected.push(format!(
            "plan-lint: warning: EXPORT/.plan_x.md.plan-lint-{DEAD_PID}-7.tmp: a temporary file left by an interrupted plan-lint run (process {DEAD_PID}), owned by another user; remove it"
        ));
    }
    assert_eq!(notes, expected, "{r}");
    assert!(!stale.exists());
    for kept in [&live, &fresh, &other].into_iter().chain(foreign.as_ref()) {
        assert!(kept.exists(), "{} was removed\n{r}", kept.display());
    }
    // A second run has nothing more to remove.
    let r = run(
        &tree.repo(),
        &[],
        &[],
        &["--fix", "--format", "short", "EXPORT"],
    );
    let foreign_notes = usize::from(foreign.is_some());
    assert_eq!(
        r.stderr
            .lines()
            .filter(|l| l.contains("temporary file"))
            .count(),
        foreign_notes,
        "{r}"
    );
    // A plain check never removes anything.
    let again = plant(
        &format!(".plan_messy.md.plan-lint-{DEAD_PID}-2.tmp"),
        hour_ago,
    );
    let r = run(&tree.repo(), &[], &[], &["--format", "short", "EXPORT"]);
    assert!(again.exists(), "{r}");
}

/// The CLI's temporary file has the recognisable name, next to the plan.
#[test]
fn fix_names_its_temporary_file_after_the_plan() {
    if !cfg!(debug_assertions) {
        eprintln!(
            "SKIPPED: fix_names_its_temporary_file_after_the_plan: the write hook exists in debug builds only (the_temporary_file_is_private_from_its_creation covers the name)"
        );
        return;
    }
    let tree = Tree::new();
    let log = tree.base.path().join("hook.log");
    let hook = format!(
        r#"echo "$PLAN_LINT_HOOK_STAGE $PLAN_LINT_HOOK_TEMP" >> '{}'"#,
        log.display()
    );
    let r = run(
        &tree.repo(),
        &[],
        &[("PLAN_LINT_DEBUG_WRITE_HOOK", hook.as_str())],
        &["--fix", "--format", "short", "EXPORT"],
    );
    assert_eq!(r.code, 1, "{r}");
    let logged = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = logged.lines().collect();
    assert_eq!(lines.len(), 2, "{logged}");
    let dir = std::fs::canonicalize(tree.export()).unwrap();
    let re = regex::Regex::new(&format!(
        r"^(created|before-rename) {}/\.plan_messy\.md\.plan-lint-[0-9]+-0\.tmp$",
        regex::escape(&dir.display().to_string())
    ))
    .unwrap();
    for l in &lines {
        assert!(re.is_match(l), "{logged}");
    }
    assert_eq!(tree.export_names(), ["plan_messy.md"]);
}

// 7 ---------------------------------------------------------------------------

/// A read-only plan: one error line naming the path once, "could not be written" in
/// the summary, and the file's findings still printed (those of the file as it is).
#[test]
fn a_write_error_names_the_path_once_and_keeps_the_findings() {
    let tree = Tree::new();
    let findings = messy_findings(&tree);
    chmod(&tree.plan(), 0o444);
    let r = run(
        &tree.repo(),
        &[],
        &[],
        &["--fix", "--format", "short", "EXPORT"],
    );
    assert_eq!(r.code, 2, "{r}");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{r}");
    assert_eq!(
        lines[0],
        "plan-lint: error: EXPORT/plan_messy.md: the file is read-only; nothing was written"
    );
    assert_eq!(
        lines[3],
        "11 hidden fixes can be enabled with the `--unsafe-fixes` option."
    );
    assert_eq!(lines[1], "Fixed 0 findings in 0 files.");
    assert!(
        lines[2]
            .starts_with("Checked 1 file: 24 errors, 3 warnings, 1 file could not be written ("),
        "{r}"
    );
    assert!(!r.stderr.contains("could not be read"), "{r}");
    assert_eq!(r.stdout, findings);
    assert_eq!(std::fs::read_to_string(tree.plan()).unwrap(), MESSY);
    // The JSON summary counts it as failed (the run did not succeed).
    let r = run(
        &tree.repo(),
        &[],
        &[],
        &["--fix", "--format", "json", "EXPORT"],
    );
    assert_eq!(r.code, 2, "{r}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["failed"], 1, "{r}");
    assert_eq!(v["summary"]["errors"], 24, "{r}");
    // ... and names it, with the findings of the file as it is kept in `files`.
    assert_eq!(
        v["failures"],
        serde_json::json!([{ "path": "EXPORT/plan_messy.md", "kind": "write",
                             "message": "the file is read-only; nothing was written" }]),
        "{r}"
    );
    assert_eq!(v["files"][0]["path"], "EXPORT/plan_messy.md", "{r}");
}

/// `export` without `--force` never replaces a file another process creates at the
/// target after the existence check: the new file is linked into place, which fails
/// when the name is taken, and the other process's file is kept.
#[test]
fn export_never_replaces_a_file_created_while_it_writes() {
    if !cfg!(debug_assertions) {
        eprintln!(
            "SKIPPED: export_never_replaces_a_file_created_while_it_writes: the write hook exists in debug builds only"
        );
        return;
    }
    let tree = Tree::new();
    let repo = tree.repo();
    std::fs::write(repo.join("draft.md"), CLEAN).unwrap();
    let hook = r#"[ "$PLAN_LINT_HOOK_STAGE" = before-rename ] && printf 'theirs\n' > "$PLAN_LINT_HOOK_TARGET"; true"#;
    let r = run(
        &repo,
        &[],
        &[("PLAN_LINT_DEBUG_WRITE_HOOK", hook)],
        &["export", "draft.md"],
    );
    assert_eq!(r.code, 2, "{r}");
    assert!(
        r.stderr
            .contains("EXPORT/plan_rate-limits.md: already exists; pass --force to overwrite it"),
        "{r}"
    );
    assert_eq!(
        std::fs::read_to_string(tree.export().join("plan_rate-limits.md")).unwrap(),
        "theirs\n"
    );
    assert_eq!(
        tree.export_names(),
        ["plan_messy.md", "plan_rate-limits.md"],
        "no temporary file is left"
    );
}
