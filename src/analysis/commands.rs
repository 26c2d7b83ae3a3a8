//! Commands written in a plan's code: a shell command line in an inline code span, or
//! the lines of a shell (or unlabelled) code block, split into simple commands, and the
//! file and directory arguments of the runners plan-lint knows (`pytest tests/x.py`,
//! `cargo test --test cli`, `go test ./pkg/...`, `bash scripts/x.sh`, …) with their byte
//! offsets in the text.
//!
//! The splitter reads quotes (`'…'`, `"…"`), backslash escapes and line continuations
//! (`\` at the end of a line), the chaining operators `&&`, `||`, `;`, `|`, `&`,
//! redirections (the word after `>`/`<` is not an argument), comments, `$ ` prompts
//! (in a block where some line has one, the lines without are output and skipped),
//! environment assignments (`FOO=1 cmd`), wrappers (`uv run`, `poetry run`, `npx`,
//! `pnpm exec`, `bundle exec`, `env`, `sudo`, `time`, …) and `cd dir`, which changes the
//! directory the rest of the text runs from (an unknown one, `cd $DIR` or
//! `cd /abs`, stops the reading: nothing after it is checked).
//!
//! Only what is surely a path is returned: a word that is a path candidate
//! ([`crate::analysis::references::path_candidate`]: a slash or a known file extension) in a
//! position where the runner takes a file; option values (`-k expr`, `--junitxml
//! out.xml`), test names (`tests/x.py::test_y` gives `tests/x.py`), placeholders
//! (`<file>`, `path/to/`, `$VAR`) and globs are not. [`missing`] decides whether an
//! argument names nothing in the repository.

use crate::analysis::impact::{Impact, RefStatus, resolve};
use crate::analysis::references::{
    IgnoreRules, in_generated_dir, is_run_time_file, not_a_path, path_candidate,
};
use crate::workspace::fs_view;

/// What the argument check reads: the repository and the plan's impact table (the
/// rules pass theirs; this module sits below the rule layer).
#[derive(Clone, Copy)]
pub(crate) struct Repo<'a> {
    pub fs: &'a fs_view::FsView,
    pub impact: &'a Impact,
}
use std::collections::HashSet;
use std::sync::OnceLock;

/// How a runner reads an argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ArgKind {
    /// A file or directory path (`pytest tests/x.py`, `bash scripts/x.sh`).
    Path,
    /// A cargo test target name: `cargo test --test cli` runs `tests/cli.rs` or
    /// `tests/cli/main.rs`.
    CargoTest,
    /// A Go package directory: `go test ./pkg/...` needs the directory `pkg`.
    GoPackage,
    /// A test path filter matched against file paths (`jest web/a.test.ts`, `vitest
    /// run`, `bun test`, `playwright test`): fine when some path contains it.
    Filter,
}

/// A file argument of a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CommandArg {
    /// Byte offsets of the path part in the text given to [`args`].
    pub start: usize,
    pub end: usize,
    /// The path part as written (`tests/x.py` of `tests/x.py::test_y`; `cli` of
    /// `cargo test --test cli`; `./pkg/...` of `go test ./pkg/...`).
    pub path: String,
    /// The runner, for messages: `pytest`, `cargo test`, `go test`, `bash`, or empty
    /// for a script run by its path (`./scripts/x.sh`).
    pub runner: String,
    /// The directory the command runs from, relative to the root (`""`: the root),
    /// as `cd` left it.
    pub base: String,
    pub kind: ArgKind,
}

/// One word of a command line.
#[derive(Debug, Clone)]
struct Word {
    /// Byte offsets in the text: the word as written, or the inside of its quotes when
    /// one pair of quotes wraps it all.
    start: usize,
    end: usize,
    /// The word with quotes and escapes removed.
    text: String,
    /// `text` is the written bytes at `start..end` (no escape or inner quote removed).
    exact: bool,
    /// Holds a `$` expansion or a command substitution: its value is unknown.
    dynamic: bool,
    /// The word follows a redirection operator (`> out.txt`).
    redirect: bool,
}

/// Splits `text` into simple commands (lists of words). Separators: newlines (outside
/// a continuation), `;`, `&&`, `||`, `|`, `&`, parentheses and process substitution.
fn split(text: &str) -> Vec<Vec<Word>> {
    let b = text.as_bytes();
    let n = b.len();
    let mut commands: Vec<Vec<Word>> = vec![Vec::new()];
    let mut redirect_next = false;
    let mut i = 0;
    let end_command = |commands: &mut Vec<Vec<Word>>| {
        if commands.last().is_some_and(|c| !c.is_empty()) {
            commands.push(Vec::new());
        }
    };
    while i < n {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' => i += 1,
            b'\\' if i + 1 < n && (b[i + 1] == b'\n' || b[i + 1] == b'\r') => {
                // Line continuation: the command goes on.
                i += 2;
                if i < n && b[i - 1] == b'\r' && b[i] == b'\n' {
                    i += 1;
                }
            }
            b'\n' | b';' | b'(' | b')' => {
                end_command(&mut commands);
                redirect_next = false;
                i += 1;
            }
            b'#' => {
                while i < n && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'&' => {
                if i + 1 < n && b[i + 1] == b'>' {
                    redirect_next = true;
                    i += 2;
                    if i < n && b[i] == b'>' {
                        i += 1;
                    }
                } else {
                    end_command(&mut commands);
                    redirect_next = false;
                    i += if i + 1 < n && b[i + 1] == b'&' { 2 } else { 1 };
                }
            }
            b'|' => {
                end_command(&mut commands);
                redirect_next = false;
                i += if i + 1 < n && b[i + 1] == b'|' { 2 } else { 1 };
            }
            b'<' | b'>' if c == b'>' || placeholder_len(text, i).is_none() => {
                if i + 1 < n && b[i + 1] == b'(' {
                    // Process substitution `<(cmd)`: a command of its own.
                    end_command(&mut commands);
                    i += 2;
                    continue;
                }
                let op_start = i;
                i += 1;
                while i < n && matches!(b[i], b'>' | b'<' | b'&' | b'|' | b'-') {
                    i += 1;
                }
                if text[op_start..i].trim_end_matches('-') == "<<" {
                    // A here-document: its lines, up to the delimiter, are data.
                    while i < n && matches!(b[i], b' ' | b'\t') {
                        i += 1;
                    }
                    let (delim, next) = read_word(text, i);
                    i = heredoc_end(text, next, delim.text.trim());
                    end_command(&mut commands);
                    continue;
                }
                redirect_next = true;
            }
            _ => {
                let (word, next) = read_word(text, i);
                i = next;
                // `2>out.txt`, `2>&1`: a file descriptor number before a redirection.
                if i < n
                    && matches!(b[i], b'>' | b'<')
                    && word.exact
                    && word.text.bytes().all(|d| d.is_ascii_digit())
                {
                    continue;
                }
                let mut word = word;
                word.redirect = std::mem::take(&mut redirect_next);
                if let Some(last) = commands.last_mut() {
                    last.push(word);
                }
            }
        }
    }
    commands.retain(|c| !c.is_empty());
    commands
}

/// The offset after a here-document whose operator line ends after `from`: the end of
/// the line holding only `delim` (the end of the text when there is none). The rest of
/// the operator line (`cat <<EOF > x.sh`) is skipped with it.
fn heredoc_end(text: &str, from: usize, delim: &str) -> usize {
    let Some(eol) = text[from..].find('\n').map(|k| from + k) else {
        return text.len();
    };
    if delim.is_empty() {
        return from;
    }
    let mut at = eol + 1;
    for line in text[eol + 1..].split_inclusive('\n') {
        at += line.len();
        if line.trim() == delim {
            return at;
        }
    }
    text.len()
}

/// The length of a `<name>` placeholder at `i` (a letter after `<`, then `>` before
/// any space), which is not a redirection.
fn placeholder_len(text: &str, i: usize) -> Option<usize> {
    let rest = text.get(i..)?;
    let mut chars = rest.chars();
    if chars.next() != Some('<') || !chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let close = rest.find('>')?;
    (!rest[..close].contains(char::is_whitespace)).then_some(close + 1)
}

/// Reads one word starting at `start`; returns it and the offset after it.
fn read_word(text: &str, start: usize) -> (Word, usize) {
    let b = text.as_bytes();
    let n = b.len();
    let mut i = start;
    let mut out = String::new();
    let mut exact = true;
    let mut dynamic = false;
    let mut quotes = 0usize;
    while i < n {
        let c = b[i];
        match c {
            b'<' if placeholder_len(text, i).is_some() => {
                // `<name>`: a placeholder, part of the word.
                let k = placeholder_len(text, i).unwrap_or(1);
                out.push_str(&text[i..i + k]);
                i += k;
            }
            b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' | b'<' | b'>' => {
                break;
            }
            b'\'' | b'"' => {
                quotes += 1;
                exact = false;
                let close = text[i + 1..].find(c as char).map(|k| i + 1 + k);
                let inner_end = close.unwrap_or(n);
                let inner = &text[i + 1..inner_end];
                if c == b'"' && inner.contains(['$', '`']) {
                    dynamic = true;
                }
                out.push_str(inner);
                i = close.map_or(n, |k| k + 1);
            }
            b'\\' => {
                exact = false;
                if i + 1 < n && matches!(b[i + 1], b'\n' | b'\r') {
                    break;
                }
                i += 1;
                if i < n {
                    let ch = text[i..].chars().next().unwrap_or(' ');
                    out.push(ch);
                    i += ch.len_utf8();
                }
            }
            b'$' | b'`' => {
                dynamic = true;
                out.push(c as char);
                i += 1;
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    let mut word = Word {
        start,
        end: i,
        text: out,
        exact,
        dynamic,
        redirect: false,
    };
    // `"tests/a b.py"`: one pair of quotes around the whole word.
    let raw = &text[start..i];
    if quotes == 1
        && raw.len() >= 2
        && (raw.starts_with('"') || raw.starts_with('\''))
        && raw.ends_with(&raw[..1])
        && raw[1..raw.len() - 1] == word.text
    {
        word.start += 1;
        word.end -= 1;
        word.exact = true;
    }
    (word, i)
}

/// Masks prompts and output: in a block where some line starts with a `$ ` prompt,
/// only prompt lines (and the lines they continue onto) are commands. The prompt itself
/// is blanked in every line. Offsets are kept (masked bytes become spaces).
fn mask_prompts(text: &str, block: bool) -> String {
    let prompt_len = |line: &str| -> Option<usize> {
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        ["$ ", "% ", "PS> "]
            .iter()
            .find(|p| trimmed.starts_with(**p))
            .map(|p| lead + p.len() - 1)
            .or_else(|| (trimmed.trim_end() == "$").then_some(lead + 1))
    };
    if !block {
        let mut out = text.to_string();
        if let Some(k) = prompt_len(text) {
            out.replace_range(..k, &" ".repeat(k));
        }
        return out;
    }
    let prompted = text.lines().any(|l| prompt_len(l).is_some());
    let mut out = String::with_capacity(text.len());
    let mut continued = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let keep_continued = continued;
        continued = body.ends_with('\\');
        if let Some(k) = prompt_len(body) {
            out.push_str(&" ".repeat(k));
            out.push_str(&line[k..]);
        } else if !prompted || keep_continued {
            out.push_str(line);
        } else {
            // Output of a prompted command: blanked, line ending kept.
            out.push_str(&" ".repeat(body.len()));
            out.push_str(&line[body.len()..]);
            continued = false;
        }
    }
    out
}

/// The file arguments of the known runners in `text`: an inline code span's text
/// (`block == false`) or a shell code block's literal (`block == true`). Offsets are in
/// `text`.
pub(crate) fn args(text: &str, block: bool) -> Vec<CommandArg> {
    let masked = mask_prompts(text, block);
    let mut out = Vec::new();
    let mut base = Some(String::new());
    for words in split(&masked) {
        let Some(dir) = base.clone() else {
            break; // an unknown directory: nothing after it is read
        };
        let words: Vec<Word> = words.into_iter().filter(|w| !w.redirect).collect();
        base = command(&words, dir, &mut out);
    }
    // A file the commands make before they use it (`curl -o install.sh … && bash
    // install.sh`, `cat > x.sh <<EOF`, `touch tests/a.py`): its name is written earlier.
    out.retain(|a| !made_earlier(&masked[..a.start], &a.path));
    out
}

/// Whether the file name of `path` (one with an extension) is written in `before` as
/// a word or a word's last segment (`-o scripts/get.sh`, `https://x.y/get.sh`,
/// `> get.sh`).
fn made_earlier(before: &str, path: &str) -> bool {
    let name = path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    if !name.trim_start_matches('.').contains('.') || name.starts_with("..") {
        return false;
    }
    before.match_indices(name).any(|(at, _)| {
        let lead = before[..at].chars().next_back();
        let trail = before[at + name.len()..].chars().next();
        lead.is_none_or(|c| c.is_whitespace() || matches!(c, '/' | '=' | '\'' | '"' | '>'))
            && trail.is_none_or(|c| {
                c.is_whitespace() || matches!(c, '\'' | '"' | ';' | '&' | '|' | ')')
            })
    })
}

/// An environment assignment: `RUST_LOG=debug`.
fn is_assignment(w: &Word) -> bool {
    let Some((name, _)) = w.text.split_once('=') else {
        return false;
    };
    !name.is_empty()
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `dir` joined with a `cd` target, lexically; `None` when unknown (a variable, `~`,
/// an absolute path, `-`, or above the root).
fn join_dir(base: &str, target: &Word) -> Option<String> {
    if target.dynamic || target.text.starts_with('-') {
        return None;
    }
    let joined = if base.is_empty() {
        target.text.clone()
    } else {
        format!("{base}/{}", target.text)
    };
    fs_view::normalize(&joined).ok()
}

/// Skips option words (`-x`, `--flag`, `--key=value`) from `i`; options in `values`
/// take the next word as their value. Returns the index of the first other word.
fn skip_options(words: &[Word], mut i: usize, values: &[&str]) -> usize {
    while i < words.len() && words[i].text.starts_with('-') && words[i].text != "--" {
        let takes = values.contains(&words[i].text.as_str());
        i += if takes { 2 } else { 1 };
    }
    i
}

/// Reads one simple command; pushes its file arguments. Returns the directory the
/// next command runs from.
fn command(words: &[Word], base: String, out: &mut Vec<CommandArg>) -> Option<String> {
    let mut base = base;
    let mut i = 0;
    while i < words.len() && is_assignment(&words[i]) {
        i += 1;
    }
    // Wrappers: what follows them is the command.
    loop {
        let Some(w) = words.get(i) else {
            return Some(base);
        };
        let next = words.get(i + 1).map(|w| w.text.as_str());
        match w.text.as_str() {
            "cd" | "pushd" => {
                return match words.get(i + 1) {
                    Some(target) => join_dir(&base, target),
                    None => None, // `cd` alone: home
                };
            }
            "popd" => return None,
            "sudo" | "time" | "nohup" | "exec" | "command" | "nice" | "xvfb-run" => {
                i = skip_options(words, i + 1, &["-u", "-g", "-n"]);
            }
            "env" => {
                i = skip_options(words, i + 1, &["-u", "-C"]);
                while i < words.len() && is_assignment(&words[i]) {
                    i += 1;
                }
            }
            "timeout" => {
                i = skip_options(words, i + 1, &["-s", "-k"]) + 1; // the duration
            }
            "uv" if next == Some("run") => {
                i += 2;
                while let Some(w) = words.get(i) {
                    match w.text.as_str() {
                        "--directory" | "--project" => {
                            base = join_dir(&base, words.get(i + 1)?)?;
                            i += 2;
                        }
                        "--with"
                        | "--python"
                        | "-p"
                        | "--package"
                        | "--extra"
                        | "--group"
                        | "--env-file"
                        | "--index"
                        | "--from"
                        | "--only-group"
                        | "--no-group"
                        | "--with-requirements"
                        | "--with-editable" => i += 2,
                        t if t.starts_with("--directory=") || t.starts_with("--project=") => {
                            return None;
                        }
                        t if t.starts_with('-') => i += 1,
                        _ => break,
                    }
                }
                // `uv run script.py`: a script run directly.
                if let Some(w) = words.get(i)
                    && w.text.ends_with(".py")
                {
                    push_path(out, w, "uv run", &base, ArgKind::Path);
                    return Some(base);
                }
            }
            "poetry" | "pipenv" | "pdm" | "hatch" | "rye" if next == Some("run") => {
                i = skip_options(words, i + 2, &[]);
            }
            "bundle" if next == Some("exec") => i = skip_options(words, i + 2, &[]),
            "npx" | "bunx" | "pnpx" => {
                if words[i + 1..]
                    .iter()
                    .any(|w| w.text == "-c" || w.text == "--call")
                {
                    return Some(base);
                }
                i = skip_options(words, i + 1, &["-p", "--package"]);
            }
            "npm" | "pnpm" | "yarn" if matches!(next, Some("exec" | "dlx")) => {
                i = skip_options(words, i + 2, &["-p", "--package"]);
                if words.get(i).is_some_and(|w| w.text == "--") {
                    i += 1;
                }
            }
            // `yarn jest …`, `pnpm vitest run …`: a package binary run directly.
            "yarn" | "pnpm" if matches!(next, Some("jest" | "vitest" | "mocha" | "playwright")) => {
                i += 1;
            }
            _ => break,
        }
    }
    let program = &words[i];
    if program.dynamic {
        return Some(base);
    }
    let args = &words[i + 1..];
    let name = program.text.as_str();
    match name {
        "pytest" | "py.test" => pytest(args, &base, out),
        "cargo" => cargo(args, &base, out),
        "go" => go(args, &base, out),
        "node" => node(args, &base, out),
        "jest" => filters(args, "jest", JEST_VALUES, &base, out),
        "vitest" => {
            let skip = args
                .first()
                .is_some_and(|w| matches!(w.text.as_str(), "run" | "watch" | "related" | "dev"));
            filters(
                &args[usize::from(skip)..],
                "vitest",
                JEST_VALUES,
                &base,
                out,
            )
        }
        "bun" if args.first().is_some_and(|w| w.text == "test") => {
            filters(&args[1..], "bun test", BUN_VALUES, &base, out)
        }
        "playwright" if args.first().is_some_and(|w| w.text == "test") => {
            filters(&args[1..], "playwright test", PLAYWRIGHT_VALUES, &base, out)
        }
        "deno" if args.first().is_some_and(|w| w.text == "test") => {
            paths(&args[1..], "deno test", DENO_VALUES, &base, out)
        }
        "mocha" => paths(args, "mocha", MOCHA_VALUES, &base, out),
        "rspec" => paths(args, "rspec", RSPEC_VALUES, &base, out),
        "bash" | "sh" | "zsh" | "source" | "." => {
            let j = skip_options(args, 0, &["-o", "-O"]);
            if args[..j].iter().any(|w| w.text.contains('c')) {
                return Some(base); // `bash -c '…'`, `bash -ec '…'`: a command string
            }
            if let Some(w) = args.get(j) {
                push_path(out, w, name, &base, ArgKind::Path);
            }
        }
        _ if is_python(name) => python(args, name, &base, out),
        _ if is_script_path(name) => push_path(out, program, "", &base, ArgKind::Path),
        _ => {}
    }
    Some(base)
}

/// `python`, `python3`, `python3.12`, `py`, `pypy3`.
fn is_python(name: &str) -> bool {
    name == "py"
        || ["python", "pypy"].iter().any(|p| {
            name.strip_prefix(p)
                .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'))
        })
}

/// Extensions of scripts run by their path (`./scripts/check.sh`, `tools/gen.py`).
const SCRIPT_EXTENSIONS: &[&str] = &[
    "sh", "bash", "zsh", "py", "rb", "js", "mjs", "cjs", "ts", "pl", "php",
];

/// A program run by its path, with a script extension: `./scripts/check.sh`,
/// `../tools/gen.py`, `scripts/check.sh`. Without an extension (`./gradlew`,
/// `./target/debug/app`) it may be built or downloaded: not read.
fn is_script_path(name: &str) -> bool {
    name.contains('/')
        && !name.starts_with('/')
        && name
            .rsplit('/')
            .next()
            .and_then(|last| last.rsplit_once('.'))
            .is_some_and(|(stem, ext)| !stem.is_empty() && SCRIPT_EXTENSIONS.contains(&ext))
}

/// Options of pytest (and its common plugins) that take a value.
#[rustfmt::skip]
const PYTEST_VALUES: &[&str] = &[
    "-k", "-m", "-p", "-c", "-o", "-n", "-W", "-r", "--tb", "--maxfail", "--junitxml",
    "--junit-xml", "--html", "--cov", "--cov-report", "--cov-config", "--cov-fail-under",
    "--rootdir", "--basetemp", "--durations", "--log-level", "--log-file", "--log-cli-level",
    "--timeout", "--reruns", "--ignore", "--ignore-glob", "--deselect", "--ds", "--confcutdir",
    "--capture", "--color", "--dist", "--import-mode", "--override-ini", "--asyncio-mode",
    "--alluredir", "--json-report-file", "--count", "--randomly-seed", "--benchmark-json",
    "--config-file", "--numprocesses", "--maxprocesses", "--report-log",
];

#[rustfmt::skip]
const JEST_VALUES: &[&str] = &[
    "-c", "--config", "-t", "--testNamePattern", "--testPathPattern", "--testPathIgnorePatterns",
    "--reporters", "--reporter", "--coverageDirectory", "--outputFile", "--maxWorkers", "-w",
    "--shard", "--project", "--environment", "--env", "--testTimeout", "--pool", "--mode",
    "--coverage.reporter", "--selectProjects", "--seed", "--outputFile.json", "--dir",
    "--root", "--rootDir", "-r", "--workspace", "--exclude", "--changed", "--bail",
];
const BUN_VALUES: &[&str] = &[
    "-t",
    "--test-name-pattern",
    "--timeout",
    "--preload",
    "--rerun-each",
];
#[rustfmt::skip]
const PLAYWRIGHT_VALUES: &[&str] = &[
    "-c", "--config", "-g", "--grep", "--grep-invert", "--project", "--reporter", "-j",
    "--workers", "--retries", "--timeout", "--output", "--shard", "--repeat-each",
];
const DENO_VALUES: &[&str] = &[
    "--filter",
    "--config",
    "-c",
    "--import-map",
    "--reporter",
    "--ignore",
];
#[rustfmt::skip]
const MOCHA_VALUES: &[&str] = &[
    "-g", "--grep", "-f", "--fgrep", "-R", "--reporter", "-O", "--reporter-option",
    "--reporter-options", "-t", "--timeout", "-r", "--require", "--config", "-u", "--ui",
    "--ignore", "--exclude", "--extension", "--slow", "-s", "--package", "-j", "--jobs",
];
#[rustfmt::skip]
const RSPEC_VALUES: &[&str] = &[
    "-e", "--example", "-t", "--tag", "-f", "--format", "-o", "--out", "-r", "--require",
    "-I", "--seed", "-P", "--pattern", "--exclude-pattern", "-O", "--options", "--default-path",
    "--order",
];

/// Words that stand for a path to fill in: `<file>`, `path/to/x`, `{name}`, `…`.
fn is_placeholder(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    text.contains(['<', '>', '{', '}', '$', '%', '…'])
        || text.contains("...")
        || lower.contains("path/to")
        || lower.contains("your_")
        || lower.contains("your-")
        || lower.contains("xxx")
        || lower
            .rsplit('/')
            .next()
            .map(|last| last.split('.').next().unwrap_or(last))
            .is_some_and(|stem| GENERIC_STEMS.contains(&stem))
}

/// File names that stand for any file: `python file.py`, `bash script.sh`.
#[rustfmt::skip]
const GENERIC_STEMS: &[&str] = &[
    "file", "files", "script", "scripts", "foo", "bar", "baz", "qux", "example", "sample",
    "name", "filename", "my_script", "myscript", "my-script", "some_file", "somefile",
    "my_test", "test_file", "test_something", "something", "module", "mymodule",
    "my_module",
];

/// Pushes `w` (its first `len` bytes of text: the path part) as an argument when it is
/// surely a path.
fn push_part(
    out: &mut Vec<CommandArg>,
    w: &Word,
    len: usize,
    runner: &str,
    base: &str,
    kind: ArgKind,
) {
    let part = &w.text[..len];
    // A Go package's `/...` is checked by `go` itself.
    if w.dynamic || (kind != ArgKind::GoPackage && is_placeholder(part)) {
        return;
    }
    if kind != ArgKind::CargoTest && kind != ArgKind::GoPackage && path_candidate(part).is_none() {
        return;
    }
    // The span: the path part when the word is written as read, else the whole word.
    let (start, end) = if w.exact {
        (w.start, w.start + len)
    } else {
        (w.start, w.end)
    };
    out.push(CommandArg {
        start,
        end,
        path: part.to_string(),
        runner: runner.to_string(),
        base: base.to_string(),
        kind,
    });
}

fn push_path(out: &mut Vec<CommandArg>, w: &Word, runner: &str, base: &str, kind: ArgKind) {
    push_part(out, w, w.text.len(), runner, base, kind);
}

/// Positional words of a runner's arguments (options and their values skipped; `--`
/// ends the options).
fn positionals<'w>(args: &'w [Word], values: &[&str]) -> Vec<&'w Word> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut options = true;
    while i < args.len() {
        let t = args[i].text.as_str();
        if options && t == "--" {
            options = false;
        } else if options && t.starts_with('-') && t.len() > 1 {
            if values.contains(&t) {
                i += 1;
            }
        } else {
            out.push(&args[i]);
        }
        i += 1;
    }
    out
}

fn pytest(args: &[Word], base: &str, out: &mut Vec<CommandArg>) {
    for w in positionals(args, PYTEST_VALUES) {
        // `tests/x.py::TestA::test_b`, `tests/x.py::test_c[param]`: the file.
        let len = w.text.find("::").unwrap_or(w.text.len());
        push_part(out, w, len, "pytest", base, ArgKind::Path);
    }
}

fn paths(args: &[Word], runner: &str, values: &[&str], base: &str, out: &mut Vec<CommandArg>) {
    for w in positionals(args, values) {
        // `spec/x_spec.rb:12`, `spec/x_spec.rb[1:2]`: the file.
        let mut len = w.text.find('[').unwrap_or(w.text.len());
        let head = &w.text[..len];
        if let Some((file, line)) = head.rsplit_once(':')
            && !line.is_empty()
            && line.bytes().all(|b| b.is_ascii_digit() || b == b':')
        {
            len = file.len();
        }
        if w.text[..len].contains(['*', '?', '[']) {
            continue; // a glob
        }
        push_part(out, w, len, runner, base, ArgKind::Path);
    }
}

fn filters(args: &[Word], runner: &str, values: &[&str], base: &str, out: &mut Vec<CommandArg>) {
    if args.iter().any(|w| {
        matches!(w.text.as_str(), "--root" | "--dir" | "--rootDir" | "-r")
            || w.text.starts_with("--root=")
            || w.text.starts_with("--dir=")
            || w.text.starts_with("--rootDir=")
    }) {
        return; // paths relative to another directory
    }
    for w in positionals(args, values) {
        if w.text.contains(['*', '?', '[', '(', '|', '^', '\\']) {
            continue; // a regular expression or glob
        }
        push_path(out, w, runner, base, ArgKind::Filter);
    }
}

fn python(args: &[Word], name: &str, base: &str, out: &mut Vec<CommandArg>) {
    let mut i = 0;
    while let Some(w) = args.get(i) {
        match w.text.as_str() {
            "-m" => {
                if args.get(i + 1).is_some_and(|m| m.text == "pytest") {
                    pytest(&args[i + 2..], base, out);
                }
                return;
            }
            "-c" => return,
            "-W" | "-X" | "-Q" => i += 2,
            t if t.starts_with('-') && !t.starts_with("-m") && !t.starts_with("-c") => i += 1,
            t if t.starts_with('-') => return, // `-mpytest`, `-c'…'`
            _ => {
                if w.text.ends_with(".py") || w.text.contains('/') {
                    push_path(out, w, name, base, ArgKind::Path);
                }
                return;
            }
        }
    }
}

fn cargo(args: &[Word], base: &str, out: &mut Vec<CommandArg>) {
    let sub = match args.first().map(|w| w.text.as_str()) {
        Some("test") => 1,
        Some("nextest") if args.get(1).is_some_and(|w| w.text == "run") => 2,
        _ => return,
    };
    let runner = if sub == 1 {
        "cargo test"
    } else {
        "cargo nextest run"
    };
    let mut i = sub;
    while let Some(w) = args.get(i) {
        let t = w.text.as_str();
        if t == "--" {
            break;
        }
        if t == "--test" {
            if let Some(v) = args.get(i + 1)
                && cargo_target_name(&v.text)
            {
                push_path(out, v, runner, base, ArgKind::CargoTest);
            }
            i += 2;
            continue;
        }
        if let Some(v) = t.strip_prefix("--test=")
            && cargo_target_name(v)
            && w.exact
        {
            let start = w.start + "--test=".len();
            let arg = Word {
                start,
                end: w.end,
                text: v.to_string(),
                exact: true,
                dynamic: w.dynamic,
                redirect: false,
            };
            push_path(out, &arg, runner, base, ArgKind::CargoTest);
        }
        i += 1;
    }
}

fn cargo_target_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Options of `go test` / `go run` / `go build` / `go vet` that take a value.
#[rustfmt::skip]
const GO_VALUES: &[&str] = &[
    "-run", "-bench", "-count", "-timeout", "-tags", "-coverprofile", "-cpu", "-p", "-parallel",
    "-o", "-exec", "-covermode", "-coverpkg", "-benchtime", "-skip", "-shuffle", "-ldflags",
    "-gcflags", "-modfile", "-outputdir", "-cpuprofile", "-memprofile", "-blockprofile",
    "-mutexprofile", "-fuzz", "-fuzztime", "-list", "-vet", "-mod", "-asmflags", "-trace",
];

fn go(args: &[Word], base: &str, out: &mut Vec<CommandArg>) {
    let Some(sub) = args.first().map(|w| w.text.as_str()) else {
        return;
    };
    if !matches!(sub, "test" | "run" | "build" | "vet") {
        return;
    }
    let runner = format!("go {sub}");
    let mut i = 1;
    while let Some(w) = args.get(i) {
        let t = w.text.as_str();
        if t == "-C" || t.starts_with("-C=") {
            return; // runs in another directory
        }
        if t.starts_with('-') {
            i += if GO_VALUES.contains(&t) { 2 } else { 1 };
            continue;
        }
        if t == "--" {
            return;
        }
        if t.ends_with(".go") {
            push_path(out, w, &runner, base, ArgKind::Path);
        } else if (t.starts_with("./") || t.starts_with("../")) && w.exact && !w.dynamic {
            let dir = t.strip_suffix("/...").unwrap_or(t);
            if dir != "." && dir != ".." && !dir.contains("...") && !is_placeholder(dir) {
                push_part(out, w, t.len(), &runner, base, ArgKind::GoPackage);
            }
        } else {
            return; // an import path or the program's own arguments
        }
        if sub == "run" {
            return; // what follows the package is the program's
        }
        i += 1;
    }
}

/// Options of node that take a value.
#[rustfmt::skip]
const NODE_VALUES: &[&str] = &[
    "-r", "--require", "--import", "--loader", "--experimental-loader", "--test-name-pattern",
    "--test-reporter", "--test-reporter-destination", "--test-concurrency", "--test-shard",
    "--conditions", "-C", "--inspect-port", "--title", "--env-file", "--test-timeout",
];

fn node(args: &[Word], base: &str, out: &mut Vec<CommandArg>) {
    if args
        .iter()
        .any(|w| matches!(w.text.as_str(), "-e" | "--eval" | "-p" | "--print"))
    {
        return;
    }
    let test = args.iter().any(|w| w.text == "--test");
    let positional = positionals(args, NODE_VALUES);
    if test {
        for w in positional {
            if !w.text.contains(['*', '?', '[']) {
                push_path(out, w, "node --test", base, ArgKind::Path);
            }
        }
    } else if let Some(w) = positional.first() {
        push_path(out, w, "node", base, ArgKind::Path);
    }
}

/// Whether `arg` names nothing the plan may name: not in the repository (from the
/// command's directory, from the root, or as the tail of an existing path written
/// from a sub-directory), not a `new` impact row or a file the plan declares new, not
/// ignored, generated or written at run time. The message when so; `None` when fine
/// or when the reading is not sure enough to report.
/// What [`missing`] looks up once per plan: the ignore rules, whether a manifest
/// declares its own test targets, and how many path-filter scans of the repository
/// listing are left (each is linear in the listing: a plan with thousands of filters
/// must not multiply that).
#[derive(Default)]
pub(crate) struct Lookups {
    ignore: OnceLock<IgnoreRules>,
    test_targets: OnceLock<bool>,
    new_tails: OnceLock<HashSet<String>>,
    filter_scans: std::cell::Cell<usize>,
}

/// Path-filter scans per plan; filters beyond them are not reported (unverified).
const FILTER_SCANS: usize = 64;

pub(crate) fn missing(ctx: Repo<'_>, arg: &CommandArg, lookups: &Lookups) -> Option<String> {
    let no_table = ctx.impact.tables.is_empty();
    let not_new = if no_table {
        ""
    } else {
        " and is not a `new` impact row"
    };
    let shown = &arg.path;
    // Run from a directory the repository does not have (another checkout, a
    // directory made earlier): not sure where the paths point.
    if !arg.base.is_empty()
        && !matches!(
            resolve(ctx.fs, ctx.impact, &arg.base),
            RefStatus::Exists(_) | RefStatus::Planned
        )
        && !creates_below(ctx.impact, &arg.base)
    {
        return None;
    }
    match arg.kind {
        ArgKind::Path => {
            let case_variant = missing_path(ctx, &arg.base, &arg.path, lookups)?;
            let from = if arg.base.is_empty() {
                String::new()
            } else {
                format!(", run from `{}/`", arg.base)
            };
            let of = if arg.runner.is_empty() {
                format!("(the script the command runs{from})")
            } else {
                format!("(an argument of `{}`{from})", arg.runner)
            };
            Some(match case_variant {
                Some(v) => {
                    format!("`{shown}` {of} does not exist (paths are case-sensitive; `{v}` does)")
                }
                None => format!("`{shown}` {of} does not exist in the repository{not_new}"),
            })
        }
        ArgKind::CargoTest => {
            if !ctx.fs.has_tail("Cargo.toml") {
                return None; // not a Rust repository here: not sure what it runs
            }
            let name = &arg.path;
            let files = [format!("tests/{name}.rs"), format!("tests/{name}/main.rs")];
            for f in &files {
                let at = join(&arg.base, f);
                if matches!(
                    resolve(ctx.fs, ctx.impact, &at),
                    RefStatus::Exists(_) | RefStatus::Planned
                ) || matches!(
                    resolve(ctx.fs, ctx.impact, f),
                    RefStatus::Exists(_) | RefStatus::Planned
                ) {
                    return None;
                }
            }
            // A workspace member's tests (`crates/x/tests/cli.rs`), or targets the
            // manifests declare with their own paths (`[[test]]`).
            if ctx.fs.has_tail(&format!("tests/{name}.rs"))
                || ctx.fs.has_tail(&format!("tests/{name}/main.rs"))
                || *lookups
                    .test_targets
                    .get_or_init(|| declares_test_targets(ctx))
            {
                return None;
            }
            Some(format!(
                "`{name}` (the test target of `{} --test {name}`): neither `tests/{name}.rs` nor `tests/{name}/main.rs` exists in the repository{}",
                arg.runner,
                if no_table {
                    ""
                } else {
                    " and neither is a `new` impact row"
                }
            ))
        }
        ArgKind::GoPackage => {
            if !ctx.fs.has_tail("go.mod") {
                return None;
            }
            let dir = arg.path.strip_suffix("/...").unwrap_or(&arg.path);
            let dir = dir.trim_end_matches('/');
            missing_path(ctx, &arg.base, &format!("{dir}/"), lookups)?;
            let rel = fs_view::normalize(&join(&arg.base, dir)).ok()?;
            Some(format!(
                "`{shown}` (a package of `{}`): the directory `{rel}` does not exist in the repository{not_new}",
                arg.runner
            ))
        }
        ArgKind::Filter => {
            let needle = arg.path.trim_start_matches("./").trim_end_matches('/');
            if needle.is_empty() || needle.starts_with("../") {
                return None;
            }
            if ctx.fs.has_tail(needle) {
                return None;
            }
            let scans = lookups.filter_scans.get();
            if scans >= FILTER_SCANS {
                return None;
            }
            lookups.filter_scans.set(scans + 1);
            if ctx.fs.all_paths().iter().any(|p| p.contains(needle)) {
                return None;
            }
            let planned = ctx
                .impact
                .rows
                .iter()
                .flat_map(|r| r.paths.iter().flat_map(|p| p.expanded.iter()))
                .any(|p| p.contains(needle));
            if planned {
                return None;
            }
            missing_path(ctx, &arg.base, &arg.path, lookups)?;
            Some(format!(
                "`{shown}` (a test path of `{}`) matches no file in the repository{not_new}",
                arg.runner
            ))
        }
    }
}

/// Whether a manifest of the repository (`Cargo.toml`, the first 64) declares test
/// targets of its own (`[[test]]`, with a `path` anywhere): the target name then says
/// nothing about the file.
fn declares_test_targets(ctx: Repo<'_>) -> bool {
    ctx.fs
        .all_paths()
        .iter()
        .filter(|p| *p == "Cargo.toml" || p.ends_with("/Cargo.toml"))
        .take(64)
        .any(|p| {
            fs_view::read_ignore_file(&ctx.fs.root().join(p))
                .ok()
                .flatten()
                .is_some_and(|text| String::from_utf8_lossy(&text).contains("[[test]]"))
        })
}

fn join(base: &str, path: &str) -> String {
    if base.is_empty() {
        path.to_string()
    } else {
        format!("{base}/{path}")
    }
}

/// `None` when `path` (run from `base`) is fine or not surely wrong; `Some(case
/// variant)` when it is missing.
fn missing_path(
    ctx: Repo<'_>,
    base: &str,
    path: &str,
    lookups: &Lookups,
) -> Option<Option<String>> {
    let ignore = &lookups.ignore;
    let explicit_dir = path.ends_with('/');
    let mut case_variant = None;
    let mut tried = 0;
    for at in [join(base, path), path.to_string()] {
        if tried > 0 && base.is_empty() {
            break;
        }
        tried += 1;
        match resolve(ctx.fs, ctx.impact, &at) {
            RefStatus::Exists(_) | RefStatus::Planned => return None,
            RefStatus::Outside(_) => {
                // `../shared/x.py` from a sub-directory: fine when the rest exists.
                let rest = at.trim_start_matches("./").trim_start_matches("../");
                let rest = rest.trim_start_matches("../");
                if fs_view::normalize(rest).is_ok_and(|r| r.is_empty() || ctx.fs.has_tail(&r)) {
                    return None;
                }
                if tried == 1 && !base.is_empty() {
                    continue;
                }
                return None; // outside the root: PL306's path check or not a claim
            }
            RefStatus::Missing { case_variant: v } => {
                case_variant = case_variant.or(v);
            }
        }
    }
    let rel = fs_view::normalize(path).ok()?;
    if rel.is_empty()
        || [join(base, path), path.to_string()]
            .iter()
            .filter_map(|p| fs_view::normalize(p).ok())
            .any(|p| creates_below(ctx.impact, &p))
        || ctx.fs.has_tail(&rel)
        || not_a_path(&rel)
        || in_generated_dir(&rel)
        || fs_view::normalize(&join(base, path)).is_ok_and(|r| in_generated_dir(&r))
        || is_run_time_file(&rel)
        || ignore
            .get_or_init(|| IgnoreRules::load(ctx.fs))
            .is_ignored(&rel, explicit_dir)
        || declared_name(ctx.impact, &rel, lookups)
    {
        return None;
    }
    Some(case_variant)
}

/// Whether the plan creates a file below the directory `rel` (a `new` impact row or a
/// path declared new): `go test ./internal/cleanup/...` with
/// `internal/cleanup/sessions_test.go (new)`.
fn creates_below(impact: &Impact, rel: &str) -> bool {
    let rel = rel.trim_end_matches('/');
    impact.index.planned.contains_below(rel) || impact.declared.paths.contains_below(rel)
}

/// Whether a `new` impact row ends with `rel` (the plan creates `backend/tests/x.py`
/// and the command runs `tests/x.py` from `backend/`), or the plan declares new a file
/// of the same name. The rows' tails are collected once per plan.
fn declared_name(impact: &Impact, rel: &str, lookups: &Lookups) -> bool {
    let tails = lookups.new_tails.get_or_init(|| {
        let mut set = HashSet::new();
        for p in impact
            .rows
            .iter()
            .filter(|r| r.change == crate::analysis::impact::ChangeKind::New)
            .flat_map(|r| r.paths.iter().flat_map(|p| p.expanded.iter()))
        {
            let p = p.trim_end_matches('/');
            set.insert(p.to_string());
            for (i, _) in p.match_indices('/') {
                set.insert(p[i + 1..].to_string());
            }
        }
        set
    });
    tails.contains(rel)
        || rel
            .rsplit('/')
            .next()
            .is_some_and(|name| impact.declared.names.contains(name))
}

/// Maps byte offsets of a code block's literal to the source: each literal line is
/// found in the block's source text, in order (the fence line and the indentation of
/// a list item's code are not in the literal).
pub(crate) struct LineMap {
    /// (offset of the line in the literal, its length, offset in the source).
    lines: Vec<(usize, usize, Option<usize>)>,
}

impl LineMap {
    /// `source` is the block's text, starting at `source_start` in the document.
    pub(crate) fn new(literal: &str, source: &str, source_start: usize, fenced: bool) -> Self {
        let mut cursor = if fenced {
            source.find('\n').map_or(source.len(), |k| k + 1)
        } else {
            0
        };
        let mut lines = Vec::new();
        let mut at = 0;
        for line in literal.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let found = if body.trim().is_empty() {
                None
            } else {
                source
                    .get(cursor..)
                    .and_then(|rest| rest.find(body))
                    .map(|k| cursor + k)
            };
            if let Some(k) = found {
                cursor = k + body.len();
            }
            lines.push((at, body.len(), found.map(|k| source_start + k)));
            at += line.len();
        }
        LineMap { lines }
    }

    /// The source offsets of literal `start..end` (on one line), when found.
    pub(crate) fn map(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let i = self
            .lines
            .partition_point(|l| l.0 <= start)
            .checked_sub(1)?;
        let (line_start, len, src) = self.lines[i];
        if end > line_start + len {
            return None;
        }
        let src = src?;
        Some((src + start - line_start, src + end - line_start))
    }
}

/// The offset of a code span's text in its content bytes (one surrounding space is
/// stripped from the text); `None` when the text is not written as is (line endings
/// inside the span).
pub(crate) fn span_text_offset(raw: &str, text: &str) -> Option<usize> {
    if raw.get(..text.len()) == Some(text) {
        return Some(0);
    }
    if raw.get(1..1 + text.len()) == Some(text) {
        return Some(1);
    }
    None
}

/// Whether the first program word of `text` is known to this module (for tests).
#[cfg(test)]
fn arg_texts(text: &str, block: bool) -> Vec<(String, &'static str, String)> {
    args(text, block)
        .into_iter()
        .map(|a| {
            let kind = match a.kind {
                ArgKind::Path => "path",
                ArgKind::CargoTest => "cargo",
                ArgKind::GoPackage => "go",
                ArgKind::Filter => "filter",
            };
            assert_eq!(&text[a.start..a.end], a.path, "span of {a:?} in {text:?}");
            (a.path, kind, a.base)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{LineMap, arg_texts, is_python};

    fn paths(text: &str) -> Vec<String> {
        arg_texts(text, false).into_iter().map(|a| a.0).collect()
    }

    #[test]
    fn runners_and_their_file_arguments() {
        let cases: &[(&str, &[&str])] = &[
            ("pytest tests/test_x.py", &["tests/test_x.py"]),
            ("pytest tests/x.py::test_y -k 'a or b' -q", &["tests/x.py"]),
            ("pytest -k tests/not_a_path.py tests/", &["tests/"]),
            (
                "pytest --junitxml out/report.xml tests/a.py",
                &["tests/a.py"],
            ),
            ("python -m pytest tests/a.py -x", &["tests/a.py"]),
            (
                "python3 -u scripts/load.py --clients 5 data/in.csv",
                &["scripts/load.py"],
            ),
            ("python -c 'import a/b.py'", &[]),
            ("python -m http.server 8000", &[]),
            ("cargo test --test cli", &["cli"]),
            ("cargo test -p core --test=api -- --nocapture", &["api"]),
            ("cargo test limits", &[]),
            ("cargo test -- --test x", &[]),
            (
                "node --test test/a.test.js test/b.test.js",
                &["test/a.test.js", "test/b.test.js"],
            ),
            ("node scripts/gen.mjs out/x.json", &["scripts/gen.mjs"]),
            ("node -e 'require(\"./a.js\")'", &[]),
            (
                "jest web/__tests__/limits.test.ts -t 'limits'",
                &["web/__tests__/limits.test.ts"],
            ),
            ("vitest run src/a.test.ts", &["src/a.test.ts"]),
            ("mocha test/a.spec.js --reporter dot", &["test/a.spec.js"]),
            ("mocha 'test/**/*.spec.js'", &[]),
            ("bun test ./src/a.test.ts", &["./src/a.test.ts"]),
            ("deno test tests/a_test.ts", &["tests/a_test.ts"]),
            ("go test ./pkg/... -run TestA -v", &["./pkg/..."]),
            ("go test ./...", &[]),
            (
                "go test -coverprofile ./cover.out ./internal/a/",
                &["./internal/a/"],
            ),
            ("go test github.com/a/b/pkg", &[]),
            ("go run ./cmd/app ./data/x", &["./cmd/app"]),
            ("bash scripts/x.sh --fast", &["scripts/x.sh"]),
            ("bash -c 'scripts/x.sh'", &[]),
            ("./scripts/x.sh", &["./scripts/x.sh"]),
            ("scripts/x.sh arg", &["scripts/x.sh"]),
            ("./gradlew test", &[]),
            ("rspec spec/x_spec.rb:12", &["spec/x_spec.rb"]),
            (
                "bundle exec rspec spec/models/a_spec.rb",
                &["spec/models/a_spec.rb"],
            ),
            ("uv run pytest tests/a.py", &["tests/a.py"]),
            (
                "uv run --with httpx scripts/probe.py",
                &["scripts/probe.py"],
            ),
            ("poetry run pytest tests/a.py", &["tests/a.py"]),
            ("npx jest src/a.test.ts", &["src/a.test.ts"]),
            ("npx -y mocha test/a.js", &["test/a.js"]),
            ("pnpm exec vitest run src/b.test.ts", &["src/b.test.ts"]),
            ("RUST_LOG=debug FOO=1 pytest tests/a.py", &["tests/a.py"]),
            ("env CI=1 pytest tests/a.py", &["tests/a.py"]),
            (
                "pytest tests/a.py && pytest tests/b.py; bash c.sh | tee out.log",
                &["tests/a.py", "tests/b.py", "c.sh"],
            ),
            ("pytest tests/a.py > out/log.py 2>&1", &["tests/a.py"]),
            ("$ pytest tests/a.py", &["tests/a.py"]),
            ("pytest \"tests/a.py\"", &["tests/a.py"]),
            ("pytest <file>", &[]),
            ("pytest path/to/test_x.py", &[]),
            ("pytest $TEST_FILE tests/${NAME}.py", &[]),
            ("cd /Users/me/repo && pytest tests/a.py", &[]),
            ("cd $ROOT; pytest tests/a.py", &[]),
            ("npm test", &[]),
            ("make test FILE=tests/a.py", &[]),
            ("echo tests/a.py", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(paths(text), *want, "{text}");
        }
    }

    #[test]
    fn cd_changes_the_base_for_the_rest() {
        let a = arg_texts("cd backend && uv run pytest tests/a.py", false);
        assert_eq!(a, vec![("tests/a.py".into(), "path", "backend".into())]);
        let a = arg_texts("cd web\nnpx jest src/a.test.ts\ncd ..\nbash x.sh\n", true);
        assert_eq!(
            a,
            vec![
                ("src/a.test.ts".into(), "filter", "web".into()),
                ("x.sh".into(), "path", "".into()),
            ]
        );
        let a = arg_texts("go test ./a/... \\\n  ./b/...", true);
        assert_eq!(a.len(), 2);
        assert_eq!(arg_texts("cargo test --test cli", false)[0].1, "cargo");
        assert_eq!(arg_texts("go test ./pkg/...", false)[0].1, "go");
    }

    #[test]
    fn prompts_and_output_in_blocks() {
        // A console session: the output line is not a command.
        let a = arg_texts(
            "$ pytest tests/a.py\npython tests/b.py FAILED\n$ bash c.sh\n",
            true,
        );
        let p: Vec<_> = a.into_iter().map(|a| a.0).collect();
        assert_eq!(p, ["tests/a.py", "c.sh"]);
        // Without prompts every line is a command; comments are not.
        let a = arg_texts(
            "# bash not/this.sh\npytest tests/a.py  # and tests/b.py\n",
            true,
        );
        assert_eq!(a.len(), 1);
    }

    #[test]
    fn python_names() {
        for yes in ["python", "python3", "python3.12", "py", "pypy3"] {
            assert!(is_python(yes), "{yes}");
        }
        for no in ["pythonic", "pyright", "pytest"] {
            assert!(!is_python(no), "{no}");
        }
    }

    #[test]
    fn line_map_finds_indented_lines() {
        let source = "```sh\n   pytest tests/a.py\n   bash b.sh\n```\n";
        let literal = "pytest tests/a.py\nbash b.sh\n";
        let m = LineMap::new(literal, source, 100, true);
        let at = literal.find("b.sh").unwrap();
        let (s, e) = m.map(at, at + 4).unwrap();
        assert_eq!(&source[s - 100..e - 100], "b.sh");
    }
}
