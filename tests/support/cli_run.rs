//! Running the plan-lint binary from CLI tests (included by path): the result of one
//! run, the checks every run must pass (no signal, no panic, a defined exit code), the
//! optional wrapper (`setpriv`, `strace`), and tools that tests need.
#![allow(dead_code, reason = "each test file uses part of it")]

use std::process::{Command, Output};

/// One finished run of plan-lint.
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Failure messages stay readable when a hostile run prints megabytes.
        let cut = |s: &str| s.chars().take(4000).collect::<String>();
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code,
            cut(&self.stdout),
            cut(&self.stderr)
        )
    }
}

impl Run {
    /// The run's output, checked: not killed by a signal (a crash, or the caller's hang
    /// guard), no panic or stack overflow, exit code 0, 1 or 2. `what` names the run in
    /// failure messages.
    pub(crate) fn checked(out: &Output, what: &dyn std::fmt::Debug) -> Run {
        Run::checked_streams(
            out.status,
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            what,
        )
    }

    /// [`Run::checked`] for a run whose streams were captured elsewhere.
    pub(crate) fn checked_streams(
        status: std::process::ExitStatus,
        stdout: String,
        stderr: String,
        what: &dyn std::fmt::Debug,
    ) -> Run {
        let run = Run {
            code: status.code().unwrap_or(-1),
            stdout,
            stderr,
        };
        assert!(
            status.code().is_some(),
            "plan-lint {what:?} was killed by a signal (a crash, or the hang guard): {status:?}\n{run}"
        );
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("has overflowed its stack"),
            "plan-lint {what:?} panicked:\n{run}"
        );
        assert!(
            [0, 1, 2].contains(&run.code),
            "plan-lint {what:?}: undefined exit code (101 is a panic)\n{run}"
        );
        run
    }
}

/// The plan-lint binary, behind `wrap` when given (`["setpriv", "--reuid=…"]`): the
/// wrapper's program, its arguments, then the binary.
pub(crate) fn command(wrap: &[&str]) -> Command {
    let bin = env!("CARGO_BIN_EXE_plan-lint");
    match wrap.split_first() {
        Some((first, rest)) => {
            let mut c = Command::new(first);
            c.args(rest).arg(bin);
            c
        }
        None => Command::new(bin),
    }
}

/// Whether `tool` runs here (`tool probe…` succeeds); when it does not, prints
/// `SKIPPED: …`, or fails when `PLAN_LINT_REQUIRE_TOOLS` is set (CI sets it).
pub(crate) fn have(tool: &str, probe: &[&str], test: &str) -> bool {
    let ok = Command::new(tool)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let required = std::env::var_os("PLAN_LINT_REQUIRE_TOOLS").is_some_and(|v| v != "0");
        assert!(
            !required,
            "{test}: {tool} is not installed (or cannot run here), and PLAN_LINT_REQUIRE_TOOLS is set"
        );
        eprintln!("SKIPPED: {tool} not installed ({test})");
    }
    ok
}

/// Whether the tests run as root (permission tests then run as nobody).
pub(crate) fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}
