//! `plan-lint man`: the man page (roff), generated from the command-line definition by
//! clap_mangen, with two sections of its own: a synopsis that names every option's
//! value (`--format <FORMAT>`; clap_mangen's leaves values out), and a COMMANDS
//! section that gives each subcommand's usage in this page (clap_mangen's points to a
//! `plan-lint-check(1)` page per subcommand, which is not generated or installed).

use clap::{Arg, ArgAction, Command};
use std::io::Write;

/// The page, or the error of writing it into memory (which cannot happen).
pub(crate) fn render(mut cmd: Command) -> std::io::Result<String> {
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone().override_usage(synopsis(&cmd)));
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let mut part = |f: &dyn Fn(&mut dyn Write) -> std::io::Result<()>| {
        let mut out = Vec::new();
        f(&mut out).map(|()| parts.push(out))
    };
    part(&|w| man.render_title(w))?;
    part(&|w| man.render_name_section(w))?;
    part(&|w| man.render_synopsis_section(w))?;
    part(&|w| man.render_description_section(w))?;
    part(&|w| man.render_options_section(w))?;
    part(&|w| w.write_all(commands_section(&cmd).as_bytes()))?;
    part(&|w| man.render_extra_section(w))?;
    part(&|w| man.render_version_section(w))?;
    // Every rendered section starts with roff's apostrophe preamble; keep the first.
    const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    let mut page = String::new();
    for (i, part) in parts.iter().enumerate() {
        let text = String::from_utf8_lossy(part);
        page.push_str(if i == 0 {
            &text
        } else {
            text.strip_prefix(PREAMBLE).unwrap_or(&text)
        });
    }
    Ok(page)
}

/// The usage forms: the default command with every option and its value names, then
/// `plan-lint <COMMAND>`.
fn synopsis(cmd: &Command) -> String {
    let name = cmd.get_name();
    let mut line = name.to_string();
    let (positionals, options): (Vec<&Arg>, Vec<&Arg>) = cmd
        .get_arguments()
        .filter(|a| !a.is_hide_set())
        .partition(|a| a.is_positional());
    for arg in options.into_iter().chain(positionals) {
        line.push(' ');
        line.push_str(&usage_of(arg));
    }
    format!("{line}\n{name} <COMMAND> [ARGS]")
}

/// One argument as the synopsis shows it: `[--format <FORMAT>]`, `[-q|--quiet]`,
/// `[PATHS]...`.
fn usage_of(arg: &Arg) -> String {
    let values = arg
        .get_value_names()
        .map(|names| names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
        .unwrap_or_else(|| vec![arg.get_id().as_str().to_uppercase()]);
    if arg.is_positional() {
        let body = values.join(" ");
        let many = matches!(arg.get_action(), ArgAction::Append);
        let dots = if many { "..." } else { "" };
        return if arg.is_required_set() {
            format!("<{body}>{dots}")
        } else {
            format!("[{body}]{dots}")
        };
    }
    let flag = match (arg.get_short(), arg.get_long()) {
        (Some(s), Some(l)) => format!("-{s}|--{l}"),
        (Some(s), None) => format!("-{s}"),
        (None, Some(l)) => format!("--{l}"),
        (None, None) => String::new(),
    };
    let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
    let body = if takes_value {
        let vals: Vec<String> = values.iter().map(|v| format!("<{v}>")).collect();
        format!("{flag} {}", vals.join(" "))
    } else {
        flag
    };
    if arg.is_required_set() {
        body
    } else {
        format!("[{body}]")
    }
}

/// The COMMANDS section: each subcommand's usage line and summary, in this page.
fn commands_section(cmd: &Command) -> String {
    let mut out = String::from(".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut sub = sub
            .clone()
            .bin_name(format!("{} {}", cmd.get_name(), sub.get_name()));
        let usage = sub.render_usage().to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).trim();
        out.push_str(".TP\n");
        out.push_str(&format!("\\fB{}\\fR\n", escape(usage)));
        if let Some(about) = sub.get_about() {
            for line in about.to_string().lines() {
                out.push_str(&escape(line));
                out.push('\n');
            }
        }
    }
    out.push_str(".PP\n");
    out.push_str(&escape(&format!(
        "`{} <COMMAND> --help` prints a command's options.",
        cmd.get_name()
    )));
    out.push('\n');
    out
}

/// Text as a roff text line: backslashes and hyphens escaped, an apostrophe or a dot
/// at the start of the line kept from being read as a control line.
fn escape(text: &str) -> String {
    let text = text
        .replace('\\', "\\e")
        .replace('-', "\\-")
        .replace('\'', "\\*(Aq");
    if text.starts_with('.') {
        format!("\\&{text}")
    } else {
        text
    }
}
