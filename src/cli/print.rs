//! The process edge shared by the commands (`check`, `export`/`new`): writes to
//! standard output and standard error that never panic, error messages, and loading
//! the configuration a command runs with (a bad one rendered to standard error).

use crate::engine::config::{Config, ConfigError};
use crate::engine::exit::EXIT_ERROR;
use crate::engine::run::ConfigChoice;
use crate::workspace::write;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// A write to standard output or standard error failed with something other than a
/// closed pipe (a full disk, an I/O error): [`crate::cli::main`] exits 2.
static OUTPUT_FAILED: AtomicBool = AtomicBool::new(false);
/// Standard output failed once (closed pipe or error): nothing more is written to it.
static STDOUT_GONE: AtomicBool = AtomicBool::new(false);
/// Standard error failed once: nothing more is written to it.
static STDERR_GONE: AtomicBool = AtomicBool::new(false);

#[derive(Clone, Copy)]
pub(crate) enum Stream {
    Stdout,
    Stderr,
}

/// Records a failed write. A closed pipe (`plan-lint | head`, EPIPE) is quiet: the
/// reader wanted no more, the stream is dropped, the run goes on and exits with its
/// own verdict (0, 1 or 2). Any other error (`>/dev/full`) makes the run exit 2, with
/// a message on standard error when standard output failed and standard error still
/// works.
pub(crate) fn write_failed(stream: Stream, e: &std::io::Error) {
    let gone = match stream {
        Stream::Stdout => &STDOUT_GONE,
        Stream::Stderr => &STDERR_GONE,
    };
    gone.store(true, Ordering::Relaxed);
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return;
    }
    OUTPUT_FAILED.store(true, Ordering::Relaxed);
    if let Stream::Stdout = stream {
        print_stderr(&format!(
            "plan-lint: error: cannot write to standard output: {e}\n"
        ));
    }
}

/// Writes `s` to standard output, never panicking; a failure is recorded for the exit
/// code ([`write_failed`]).
pub(crate) fn print_stdout(s: &str) {
    if s.is_empty() || STDOUT_GONE.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(s.as_bytes()).and_then(|()| stdout.flush()) {
        drop(stdout);
        write_failed(Stream::Stdout, &e);
    }
}

/// Writes `s` to standard error, never panicking (unlike `eprint!`); a failure is
/// recorded for the exit code.
pub(crate) fn print_stderr(s: &str) {
    if s.is_empty() || STDERR_GONE.load(Ordering::Relaxed) {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    if let Err(e) = stderr.write_all(s.as_bytes()).and_then(|()| stderr.flush()) {
        drop(stderr);
        write_failed(Stream::Stderr, &e);
    }
}

/// `print_stderr` of one line.
pub(crate) fn eprint_line(line: impl std::fmt::Display) {
    print_stderr(&format!("{line}\n"));
}

pub(crate) fn error(message: impl std::fmt::Display) -> i32 {
    eprint_line(format_args!("plan-lint: error: {message}"));
    EXIT_ERROR
}

/// Starts a run's output: no stream has failed yet.
pub(crate) fn begin_output() {
    OUTPUT_FAILED.store(false, Ordering::Relaxed);
    STDOUT_GONE.store(false, Ordering::Relaxed);
    STDERR_GONE.store(false, Ordering::Relaxed);
}

/// Whether a write failed with something other than a closed pipe since
/// [`begin_output`]: the run then exits 2.
pub(crate) fn output_failed() -> bool {
    OUTPUT_FAILED.load(Ordering::Relaxed)
}

/// `--config FILE`, else `--no-config`, else `plan-lint.toml` from `cwd` upwards (up to
/// the repository root; see `config.rs` for what a config may read). A bad config is
/// rendered to standard error and gives exit code 2.
pub(crate) fn load_config_from(
    config: Option<&Path>,
    no_config: bool,
    cwd: &Path,
) -> Result<Config, i32> {
    ConfigChoice::from_flags(config, no_config)
        .load(cwd)
        .map_err(|e| config_error(&e))
}

/// Renders a configuration error (a miette report, no colour) to standard error;
/// returns exit code 2.
pub(crate) fn config_error(e: &ConfigError) -> i32 {
    let mut s = String::new();
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    if handler.render_report(&mut s, e).is_err() {
        s = e.to_string();
    }
    // a closed standard error is no reason to panic
    let _ = std::io::stderr().lock().write_all(s.as_bytes());
    EXIT_ERROR
}

/// Where `check` prints its report (findings, a diff, statistics, a machine document,
/// the fixed standard input): standard output, or the `-o/--output-file` FILE.
///
/// A report file is collected and written once, at the end of the run, with
/// [`write::create`] (the atomic write of plans, without the repository wall: the user
/// named the file, so a symbolic link is written through and an existing file keeps its
/// permissions). A reader never sees half a report, and a run that stops on a usage or
/// configuration error leaves an existing report untouched.
pub(crate) struct ReportOut {
    file: Option<PathBuf>,
    /// The file's real path, when it exists (to recognise a plan of the run).
    real: Option<PathBuf>,
    /// Set when the file is one of the plans the run linted: it is not overwritten.
    is_a_plan: bool,
    buffer: String,
}

impl ReportOut {
    /// A report to `file`, or to standard output.
    pub(crate) fn new(file: Option<&Path>) -> Self {
        ReportOut {
            file: file.map(Path::to_path_buf),
            real: file.and_then(|f| std::fs::canonicalize(f).ok()),
            is_a_plan: false,
            buffer: String::new(),
        }
    }

    /// Notes a plan the run linted: a report file that is this plan is refused (the
    /// report would replace the plan).
    pub(crate) fn linted(&mut self, plan: &Path) {
        if let Some(real) = &self.real
            && !self.is_a_plan
        {
            self.is_a_plan = std::fs::canonicalize(plan).is_ok_and(|p| p == *real);
        }
    }

    /// Prints `s` to standard output, or keeps it for the file.
    pub(crate) fn print(&mut self, s: &str) {
        match self.file {
            None => print_stdout(s),
            Some(_) => self.buffer.push_str(s),
        }
    }

    /// Writes the report file (creating missing parent directories). A failure is
    /// printed to standard error and returned as exit code 2.
    pub(crate) fn finish(self) -> Result<(), i32> {
        let Some(file) = self.file else {
            return Ok(());
        };
        if self.is_a_plan {
            return Err(error(format_args!(
                "cannot write the report to {}: it is a plan this run linted; nothing was written",
                file.display()
            )));
        }
        let written = (|| {
            if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            write::create(&file, self.buffer.as_bytes(), true).map_err(|e| e.reason())
        })();
        written.map_err(|reason| {
            error(format_args!(
                "cannot write the report to {}: {reason}",
                file.display()
            ))
        })
    }
}
