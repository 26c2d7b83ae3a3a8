//! What every module of this binary shares.

use assert_cmd::Command;

/// The binary, with colours off and `NO_COLOR` unset.
pub(crate) fn plan_lint() -> Command {
    let mut cmd = Command::cargo_bin("plan-lint").expect("binary builds");
    cmd.env_remove("NO_COLOR").arg("--color=never");
    cmd
}
