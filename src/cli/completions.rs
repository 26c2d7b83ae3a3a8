//! `plan-lint completions <SHELL>`: clap_complete's static script, plus what its fish
//! generator leaves out: fish completes no positional argument, so `explain`'s rule
//! codes and names are added as `complete` lines of their own (bash and zsh get them
//! from the argument's possible values, see `args::RuleKey`). And its bash generator
//! (clap_complete 4.6.11) mangles the hyphen of `plan-lint` two ways: a subcommand's
//! state is set as `plan__lint__subcmd__explain` but matched as
//! `plan__subcmd__lint__subcmd__explain`, so no subcommand's arguments completed; the
//! match labels are rewritten to the first form.

use clap::Command;
use clap_complete::Shell;

/// The completion script for `shell`.
pub(crate) fn script(shell: Shell, mut cmd: Command) -> String {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "plan-lint", &mut out);
    let mut script = String::from_utf8_lossy(&out).into_owned();
    match shell {
        Shell::Fish => script.push_str(&fish_rule_keys()),
        Shell::Bash => script = script.replace("plan__subcmd__lint", "plan__lint"),
        _ => {}
    }
    script
}

/// One fish `complete` line per rule code and name, for `plan-lint explain`.
fn fish_rule_keys() -> String {
    let mut out = String::from("# plan-lint explain <CODE|NAME>\n");
    for rule in crate::rules::all() {
        let m = rule.meta();
        for key in [m.code, m.name] {
            out.push_str(&format!(
                "complete -c plan-lint -n \"__fish_plan_lint_using_subcommand explain\" -f -a '{}' -d '{}'\n",
                fish_quote(key),
                fish_quote(m.summary)
            ));
        }
    }
    out
}

/// Text inside a fish single-quoted string: `\` and `'` escaped.
fn fish_quote(text: &str) -> String {
    text.replace('\\', "\\\\").replace('\'', "\\'")
}
