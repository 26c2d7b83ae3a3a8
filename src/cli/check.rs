//! `plan-lint check`: the arguments become [`Options`], [`engine::run`] runs, the
//! files it hands back are rendered with `output/` and printed, the summary decides
//! the exit code.
//!
//! [`engine::run`]: crate::engine::run

use crate::cli::args::{CheckArgs, ColorChoice, Format};
use crate::cli::print::{ReportOut, config_error, eprint_line, error};
use crate::diagnostic::Diagnostic;
use crate::document::model::Document;
use crate::engine::exit::ExitPolicy;
use crate::engine::fix::FixMode;
use crate::engine::lint::Selection;
use crate::engine::run::{
    self, ConfigChoice, Event, FileResult, Fixing, Notice, Options, RunError,
};
use crate::output::{self, FileReport, Totals, human::Style};
use clap::ValueEnum;
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

impl CheckArgs {
    /// Whether and how the run fixes.
    pub(crate) fn fixing(&self) -> Fixing {
        let mode = if self.unsafe_fixes {
            FixMode::Unsafe
        } else {
            FixMode::Safe
        };
        if self.diff {
            Fixing::Diff(mode)
        } else if self.fix {
            Fixing::Write(mode)
        } else {
            Fixing::None
        }
    }

    /// The run these arguments ask for, from `cwd`.
    pub(crate) fn options(&self, cwd: &Path) -> Options {
        Options {
            paths: self.paths.clone(),
            cwd: cwd.to_path_buf(),
            config: ConfigChoice::from_flags(self.config.as_deref(), self.no_config),
            root: self.root.clone(),
            selection: Selection {
                select: self.select.clone(),
                ignore: self.ignore.clone(),
            },
            report_unused_disables: self.report_unused_disables,
            fixing: self.fixing(),
            threads: self.threads,
            stdin_filename: self.stdin_filename.clone(),
            stdin: None,
        }
    }

    /// A flag that would do nothing with the others given (a usage error: exit 2, never
    /// silently ignored). clap checks the plain conflicts (`--statistics`/`--max-warnings`
    /// with `--diff`, `--exit-zero` with `--max-warnings` or `--exit-non-zero-on-fix`);
    /// these depend on flags that conflict with each other (`--fix`, `--diff`), which
    /// clap's `requires` does not check.
    pub(crate) fn misplaced_flag(&self) -> Option<String> {
        if self.unsafe_fixes && !self.fix && !self.diff {
            return Some("--unsafe-fixes needs --fix or --diff".into());
        }
        if self.show_fixes && !self.fix {
            return Some("--show-fixes needs --fix (with --diff, the diff shows every fix)".into());
        }
        if self.exit_non_zero_on_fix && !self.fix {
            return Some(
                "--exit-non-zero-on-fix needs --fix (--diff exits 1 whenever a file would change)"
                    .into(),
            );
        }
        if self.diff && machine_renderer(self.format).is_some() {
            return Some(format!(
                "--diff prints a unified diff, not --format {}: drop --format, or use --fix",
                format_name(self.format)
            ));
        }
        None
    }

    /// `--exit-zero`, `--max-warnings`, `--exit-non-zero-on-fix`.
    pub(crate) fn exit_policy(&self) -> ExitPolicy {
        ExitPolicy {
            exit_zero: self.exit_zero,
            max_warnings: self.max_warnings,
            exit_non_zero_on_fix: self.exit_non_zero_on_fix,
        }
    }
}

/// `plan-lint check`.
pub(crate) fn check(args: &CheckArgs) -> i32 {
    let started = Instant::now();
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => return error(format!("cannot read the current directory: {e}")),
    };
    if let Some(message) = args.misplaced_flag() {
        return error(message);
    }
    let options = args.options(&cwd);
    if args.show_files || args.show_settings {
        return crate::cli::config::show(args, &options);
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    // Snippets are trimmed to the terminal's width (100 columns into a pipe or a file).
    let width = terminal_size::terminal_size_of(std::io::stdout())
        .map_or(Style::plain().width, |(w, _)| usize::from(w.0).max(40));
    let style = Style {
        color,
        width,
        ..Style::plain()
    };
    let machine = machine_renderer(args.format);
    let streaming = machine.is_none() && !args.statistics;
    let mut reports = Vec::new();
    let mut out_report = ReportOut::new(args.output_file.as_deref());
    let result = run::run_streaming(&options, &mut |event| match event {
        Event::Notice(Notice::NoPlans { .. } | Notice::StdinUnnamed) if args.quiet => {}
        Event::Notice(n) => {
            eprint_line(format_args!("plan-lint: {n}"));
            // A directory the walk could not read is a failure the machine formats carry.
            if machine.is_some()
                && let Notice::Walk {
                    error: true,
                    message,
                    path: Some(path),
                } = n
            {
                reports.push(FileReport::unreadable(path, None, message));
            }
        }
        Event::Files(files) => {
            // rendered in parallel, printed in file order
            let rendered: Vec<Rendered> = files
                .par_iter()
                .map(|f| render_file(f, args, &style, streaming))
                .collect();
            let mut out = String::new();
            for (r, f) in rendered.into_iter().zip(files) {
                if !f.stdin {
                    out_report.linted(&f.path);
                }
                out.push_str(&r.stdout);
                for e in &r.stderr {
                    eprint_line(e);
                }
                if machine.is_some() {
                    reports.push(FileReport::of_result(&f, args.show_fixes));
                }
            }
            out_report.print(&out);
        }
    });
    let summary = match result {
        Ok(s) => s,
        Err(RunError::Config(e)) => return config_error(&e),
        Err(e) => return error(e),
    };
    let totals = summary.totals;
    if args.statistics {
        out_report.print(&match args.format {
            Format::Json => output::statistics::render_json(&summary.rule_stats),
            _ => output::statistics::render_text(&summary.rule_stats),
        });
    } else if let Some(render) = machine {
        out_report.print(&render(&reports, &totals));
    }
    if let Err(code) = out_report.finish() {
        return code;
    }
    if !args.quiet {
        let (fixed, changed) = (summary.fixed, summary.changed_files);
        if args.fix {
            eprint_line(format_args!(
                "Fixed {fixed} finding{} in {changed} file{}.",
                plural(fixed),
                plural(changed)
            ));
        } else if args.diff {
            eprint_line(format_args!(
                "Would fix {fixed} finding{} in {changed} file{}.",
                plural(fixed),
                plural(changed)
            ));
        }
        eprint_line(output::summary_line(&totals, started.elapsed()));
        if let Some(line) = output::fixable_line(&totals, args.fix || args.diff, args.unsafe_fixes)
        {
            eprint_line(line);
        }
    }
    // Why the run fails on warnings alone, even with --quiet (as ESLint).
    if let Some(reason) = summary.too_many_warnings(&args.exit_policy()) {
        eprint_line(format_args!("plan-lint: {reason}"));
    }
    summary.exit_status_with(&args.exit_policy()).code()
}

/// One file's output.
struct Rendered {
    /// Human/short output, or a diff, or (stdin with --fix) the fixed text.
    stdout: String,
    /// Messages for standard error, printed in file order.
    stderr: Vec<String>,
}

/// Renders one file's result as `check` prints it.
fn render_file(f: &FileResult, args: &CheckArgs, style: &Style, streaming: bool) -> Rendered {
    let mut r = Rendered {
        stdout: String::new(),
        stderr: Vec::new(),
    };
    let path = &f.path;
    if let Some(failure) = &f.failure {
        r.stderr.push(format!(
            "plan-lint: error: {}: {}",
            path.display(),
            failure.message
        ));
    }
    let Some(doc) = &f.document else {
        return r;
    };
    let findings = |out: &mut String| {
        if streaming {
            out.push_str(&render_diags(
                doc,
                &f.diagnostics,
                args.format,
                style,
                args.unsafe_fixes,
            ));
        }
    };
    // With --diff, and for standard input with --fix, standard output is the diff or
    // the plan: the findings go to standard error.
    let findings_to_stderr = |stderr: &mut Vec<String>| {
        let rendered = render_diags(doc, &f.diagnostics, args.format, style, args.unsafe_fixes);
        if !rendered.is_empty() {
            stderr.push(rendered.trim_end().to_string());
        }
    };
    let Some(fix) = f.fix.as_ref().filter(|_| f.failure.is_none()) else {
        // lint only, or a fix that could not be written: the findings as read
        findings(&mut r.stdout);
        return r;
    };
    if !fix.converged {
        r.stderr.push(format!(
            "plan-lint: warning: {}: fixes did not converge after {} passes; the rest are reported",
            path.display(),
            fix.passes
        ));
    }
    if args.diff {
        // The diff alone on standard output (`git apply` takes it as it is); what a
        // fix would leave goes to standard error.
        if fix.changed() && streaming {
            r.stdout = unified_diff(path, &fix.original, &fix.fixed);
        }
        findings_to_stderr(&mut r.stderr);
        return r;
    }
    if f.stdin {
        // Standard input: the fixed text goes to standard output, findings to standard error.
        if streaming {
            r.stdout = fix.fixed.clone();
        }
        if args.show_fixes {
            // with the findings, on standard error: standard output is the plan
            r.stderr
                .extend(fix.applied.iter().map(|a| applied_line(path, a)));
        }
        findings_to_stderr(&mut r.stderr);
        return r;
    }
    if args.show_fixes && streaming {
        for a in &fix.applied {
            r.stdout.push_str(&applied_line(path, a));
            r.stdout.push('\n');
        }
    }
    findings(&mut r.stdout);
    r
}

/// `--show-fixes`: `path:line: fixed CODE: message`.
fn applied_line(path: &Path, a: &crate::engine::fix::Applied) -> String {
    format!(
        "{}:{}: fixed {}: {}",
        path.display(),
        a.line,
        a.code,
        a.message
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

type MachineRenderer = fn(&[FileReport], &Totals) -> String;

/// The renderer of a whole-run format (one document for all files), if the format is one.
fn machine_renderer(format: Format) -> Option<MachineRenderer> {
    match format {
        Format::Human | Format::Short => None,
        Format::Json => Some(output::json::render),
        Format::Sarif => Some(output::sarif::render),
        Format::Github => Some(output::github::render),
        Format::Junit => Some(output::junit::render),
        Format::Gitlab => Some(output::gitlab::render),
    }
}

/// A unified diff (`--- a/path`, `+++ b/path`) with three lines of context.
pub(crate) fn unified_diff(path: &Path, before: &str, after: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// The name of `format` as `--format` takes it.
fn format_name(format: Format) -> String {
    format
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_string())
}

fn render_diags(
    doc: &Document,
    diags: &[Diagnostic],
    format: Format,
    style: &Style,
    unsafe_fixes: bool,
) -> String {
    match format {
        Format::Human => output::human::render_file(doc, diags, style),
        Format::Short => output::short::render_file_with(doc, diags, unsafe_fixes),
        // whole-run formats are rendered once, from the file reports
        Format::Json | Format::Sarif | Format::Github | Format::Junit | Format::Gitlab => {
            String::new()
        }
    }
}
