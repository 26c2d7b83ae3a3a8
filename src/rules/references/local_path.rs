//! PL311 `local-path`: a path on the author's machine, anywhere in the plan (prose,
//! inline code, link destinations, code blocks): a `file://` URL, a Windows drive path
//! (`C:\Users\…`, `c:/work/…`), a macOS home directory (`/Users/<name>/…`), or a Linux
//! home directory (`/home/<name>/…`) whose tail names a file of the repository. Such a
//! path fails for every other implementer: the contract's paths are
//! repository-relative.
//!
//! Not reported: system paths (`/usr/bin/env`, `/etc/hosts`, `/dev/null`, `/tmp/x`,
//! `~/.config/x`, `C:\Windows\…`, `C:\Program Files\…`), placeholder homes
//! (`/Users/you/`, `/home/<user>/`, `C:\Users\%USERNAME%\`), and `/home/<name>/…` paths
//! that name nothing of the repository (a server's or a container's directory:
//! `/home/node/app`, `/home/deploy/current`).

use super::percent_decode;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::source::Span;
use crate::rules::{Context, Rule, RuleMeta};
use crate::workspace::fs_view::{FsView, Lookup};
use regex::Regex;
use std::sync::LazyLock;

pub(crate) struct LocalPath;

static META: RuleMeta = RuleMeta {
    code: "PL311",
    name: "local-path",
    severity: Severity::Error,
    summary: "No path on the author's machine (`file://`, `C:\\…`, `/Users/<name>/…`, `/home/<name>/…`): paths are repository-relative.",
    group: crate::rules::Group::References,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// The candidates: a `file:` URL, a drive letter, `/Users/` or `/home/`, then every
/// byte up to a blank, a quote, a bracket or a few separators (the run ends there).
/// What comes before is checked by hand ([`starts_token`]).
static CANDIDATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i:file:/{2,3})[^\s`'"<>()\[\]{}|*]*"#,
        r#"|[A-Za-z]:[\\/][^\s`'"<>()\[\]{}|,;*]+"#,
        r#"|/Users/[^\s`'"<>()\[\]{}|,;*]+"#,
        r#"|/home/[^\s`'"<>()\[\]{}|,;*]+"#,
    ))
    .expect("local path regex")
});

/// Home-directory names that stand for "yours" rather than someone's.
const PLACEHOLDER_NAMES: &[&str] = &[
    "user",
    "username",
    "user-name",
    "user_name",
    "you",
    "your",
    "yourname",
    "your-name",
    "your_name",
    "yourusername",
    "your-username",
    "your_username",
    "yourself",
    "me",
    "name",
    "myuser",
    "someone",
    "somebody",
    "example",
    "foo",
    "bar",
    "x",
    "xxx",
    "shared",
    "public",
    "default",
    "default user",
    "all users",
    "guest",
];

/// Linux system accounts and container users whose home is not an author's checkout.
const SERVICE_HOMES: &[&str] = &[
    "runner",
    "node",
    "app",
    "ubuntu",
    "ec2-user",
    "vscode",
    "codespace",
    "gitpod",
    "jovyan",
    "deploy",
    "www-data",
    "git",
    "circleci",
    "jenkins",
    "travis",
    "buildkite-agent",
    "coder",
    "pi",
    "root",
];

/// Directories of a Unix system, fine in a `file://` URL (`file:///etc/hosts`).
const SYSTEM_DIRS: &[&str] = &[
    "usr",
    "etc",
    "dev",
    "tmp",
    "var",
    "opt",
    "proc",
    "sys",
    "bin",
    "sbin",
    "lib",
    "lib64",
    "private",
    "run",
    "srv",
    "mnt",
    "media",
    "nix",
    "Library",
    "System",
    "Applications",
    "Volumes",
];

/// What kind of machine path a candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    FileUrl,
    Drive,
    MacHome,
    LinuxHome,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::FileUrl => "a `file://` URL on the author's machine",
            Kind::Drive => "a Windows drive path on the author's machine",
            Kind::MacHome => "a path in a home directory on the author's machine",
            Kind::LinuxHome => "a path in a home directory on the author's machine",
        }
    }
}

/// A machine path found in `text`: its byte range in `text`, its kind and its segments
/// after the machine part (drive, `Users/<name>`, `home/<name>`), for the help.
#[derive(Debug)]
struct Found {
    start: usize,
    end: usize,
    kind: Kind,
    /// The path's segments (drive and URL scheme removed), fragment and query dropped.
    segments: Vec<String>,
}

/// Whether the byte before `at` lets a path start there: not a letter, digit or a
/// path character (`/api/Users/x`, `~/Users/x`, `http://c:/x`, `abc:/d` are not).
fn starts_token(text: &str, at: usize) -> bool {
    let Some(&b) = text.as_bytes()[..at].last() else {
        return true;
    };
    !(b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'_' | b'.' | b'/' | b'\\' | b'~' | b'$' | b'%' | b'-' | b':' | b'+' | b'&' | b'='
        ))
}

/// The segments of a path, `\` and `/` alike, empty ones dropped.
fn segments(path: &str) -> Vec<String> {
    path.split(['/', '\\'])
        .filter(|s| !s.is_empty() && *s != ".")
        .map(str::to_string)
        .collect()
}

fn is_placeholder(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    PLACEHOLDER_NAMES.contains(&lower.as_str())
        || name.starts_with(['<', '{', '$', '%', '[', '.', '*'])
        || name.contains("...")
        || name.contains('…')
}

/// Classifies one candidate (the regex's match `m` in `text`).
fn classify(m: &str) -> Option<(Kind, Vec<String>)> {
    // trailing sentence punctuation is not part of the path
    let lower = m.to_ascii_lowercase();
    if lower.starts_with("file:") {
        let rest = m[5..].trim_start_matches('/');
        let rest = rest.split(['#', '?']).next().unwrap_or("");
        let rest = percent_decode(rest);
        // `file://localhost/x`
        let rest = rest.strip_prefix("localhost/").unwrap_or(&rest).to_string();
        let segs = segments(&rest);
        let first = segs.first()?;
        let drive = first.len() == 2 && first.ends_with(':');
        if drive {
            return drive_path(&segs[1..]).map(|s| (Kind::FileUrl, s));
        }
        if SYSTEM_DIRS.contains(&first.as_str()) {
            return None;
        }
        if matches!(first.as_str(), "Users" | "home") {
            let name = segs.get(1)?;
            if is_placeholder(name) {
                return None;
            }
            return Some((Kind::FileUrl, segs[2..].to_vec()));
        }
        return Some((Kind::FileUrl, segs));
    }
    let b = m.as_bytes();
    if b.len() >= 3 && b[1] == b':' {
        let segs = segments(&m[3..]);
        return drive_path(&segs).map(|s| (Kind::Drive, s));
    }
    let segs = segments(m);
    let name = segs.get(1)?;
    if is_placeholder(name) {
        return None;
    }
    if segs[0] == "Users" {
        return Some((Kind::MacHome, segs[2..].to_vec()));
    }
    if SERVICE_HOMES.contains(&name.to_ascii_lowercase().as_str()) {
        return None;
    }
    Some((Kind::LinuxHome, segs[2..].to_vec()))
}

/// The segments after a drive letter, unless the path is a system one (`Windows`,
/// `Program Files`, `ProgramData`) or too short to be a path (`C:\x`: one segment).
fn drive_path(segs: &[String]) -> Option<Vec<String>> {
    let first = segs.first()?.to_ascii_lowercase();
    if first == "windows" || first.starts_with("program") {
        return None;
    }
    if segs.len() < 2 {
        return None;
    }
    if first == "users" {
        let name = segs.get(1)?;
        if is_placeholder(name) {
            return None;
        }
        return Some(segs[2..].to_vec());
    }
    Some(segs.to_vec())
}

/// The machine paths in `text`, in order.
fn find_all(text: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for m in CANDIDATE.find_iter(text) {
        if !starts_token(text, m.start()) {
            continue;
        }
        let raw = m.as_str();
        let trimmed = raw.trim_end_matches(['.', ':', ',', ';', '!', '?', '\'', '\\']);
        if trimmed.is_empty() {
            continue;
        }
        let Some((kind, mut segs)) = classify(trimmed) else {
            continue;
        };
        if let Some(last) = segs.last_mut() {
            // a `path:12` or `path#L3` suffix
            let cut = last.find('#').unwrap_or(last.len());
            last.truncate(cut);
            if last.is_empty() {
                segs.pop();
            }
        }
        out.push(Found {
            start: m.start(),
            end: m.start() + trimmed.len(),
            kind,
            segments: segs,
        });
    }
    out
}

/// The deepest tail looked up (segments), and how many distinct paths a plan may look
/// up in all: a plan made of machine paths costs a bounded number of lookups, whatever
/// its size. Past the budget the help is the general one (and `/home/<name>/…`, which
/// needs a tail to be reported, is not reported).
const MAX_TAIL: usize = 16;
const MAX_DISTINCT: usize = 1024;

/// The repository tails of machine paths, each distinct path looked up once.
struct Tails<'a> {
    fs: &'a FsView,
    seen: std::collections::HashMap<Vec<String>, Option<(String, bool)>>,
    /// Lookups made (the tests count them).
    lookups: usize,
}

impl<'a> Tails<'a> {
    fn new(fs: &'a FsView) -> Self {
        Tails {
            fs,
            seen: std::collections::HashMap::new(),
            lookups: 0,
        }
    }

    /// The longest tail of `segs` that names an entry of the repository, and whether
    /// it is a file.
    fn of(&mut self, segs: &[String]) -> Option<(String, bool)> {
        let segs = &segs[segs.len().saturating_sub(MAX_TAIL)..];
        if segs.is_empty() {
            return None;
        }
        if let Some(known) = self.seen.get(segs) {
            return known.clone();
        }
        if self.seen.len() >= MAX_DISTINCT {
            return None;
        }
        let mut found = None;
        for k in 0..segs.len() {
            let tail = segs[k..].join("/");
            self.lookups += 1;
            if let Lookup::Found(kind) = self.fs.lookup(&tail) {
                found = Some((tail, kind == crate::workspace::fs_view::EntryKind::File));
                break;
            }
        }
        self.seen.insert(segs.to_vec(), found.clone());
        found
    }
}

impl Rule for LocalPath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let src: &str = &doc.source;
        let mut out = Vec::new();
        let mut tails = Tails::new(ctx.fs);
        // An impact row's path cell is PL205's to report (one root cause, one finding).
        let path_cells = super::PathCells::of(ctx);
        for f in find_all(src) {
            if path_cells.contain(Span::new(f.start, f.end)) {
                continue;
            }
            let suffix = tails.of(&f.segments);
            if f.kind == Kind::LinuxHome {
                // `/home/<name>/…` is also a server's or a container's directory: only
                // a tail that names a file of the repository (or two segments of it)
                // shows it is a checkout.
                let names_repo = suffix
                    .as_ref()
                    .is_some_and(|(t, file)| *file || t.contains('/'));
                if !names_repo {
                    continue;
                }
            }
            let span = Span::new(f.start, f.end);
            let written = &src[f.start..f.end];
            let help = match &suffix {
                Some((tail, _)) => format!("write it relative to the repository root: `{tail}`"),
                None => {
                    "write paths relative to the repository root, and run commands from the root"
                        .to_string()
                }
            };
            out.push(
                self.report(span, format!("`{written}` is {}", f.kind.describe()))
                    .with_help(help),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::tester::Tester;

    #[test]
    fn candidates() {
        let paths = |t: &str| -> Vec<String> {
            find_all(t)
                .iter()
                .map(|f| t[f.start..f.end].to_string())
                .collect()
        };
        assert_eq!(
            paths("cd /Users/ana/src/proj && go test ./..."),
            vec!["/Users/ana/src/proj"]
        );
        assert_eq!(
            paths(r"[a](c:\Users\bo\work\site\src\App.tsx) and C:/dev/site/x.ts."),
            vec![r"c:\Users\bo\work\site\src\App.tsx", "C:/dev/site/x.ts"]
        );
        assert_eq!(
            paths("[x](file:///d:/www/app/a.php#L3-L4) file:///etc/hosts file:///"),
            vec!["file:///d:/www/app/a.php#L3-L4"]
        );
        // system paths, placeholders, look-alikes
        for t in [
            "/usr/bin/env /etc/hosts /dev/null /tmp/x /var/run ~/.config/x",
            "/Users/you/proj /Users/<name>/x /home/user/x /home/$USER/x C:\\Users\\%USERNAME%\\x",
            "C:\\Windows\\System32\\x.dll C:\\Program Files\\x C:\\x",
            "GET /api/Users/42 https://x.io/home/a/b ~/Users/a/b http://c:/a/b a:/b",
            "/home/node/app/src/x.ts",
        ] {
            assert!(paths(t).is_empty(), "{t}: {:?}", paths(t));
        }
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(percent_decode("%E2%9C%93"), "✓");
    }

    /// Each distinct path is looked up once, and a plan looks up at most
    /// [`MAX_DISTINCT`] paths of at most [`MAX_TAIL`] tails each: the work is counted,
    /// not timed.
    #[test]
    fn lookups_are_bounded() {
        let fs = FsView::new(crate::rules::tester::fixture_repo());
        let count = |text: &str| {
            let mut tails = Tails::new(&fs);
            let found = find_all(text);
            for f in &found {
                tails.of(&f.segments);
            }
            (found.len(), tails.lookups)
        };
        let same = |n: usize| "- `cd /Users/ana/a/b/c/d && make` \n".repeat(n);
        let (f1, l1) = count(&same(100));
        let (f10, l10) = count(&same(1000));
        assert_eq!((f1, f10), (100, 1000));
        assert_eq!(l1, 4);
        assert_eq!(l10, l1);
        let distinct = |n: usize| {
            (0..n)
                .map(|i| format!("/Users/ana/{}/x{i}\n", "d/".repeat(40)))
                .collect::<String>()
        };
        let (f, l) = count(&distinct(5000));
        assert_eq!(f, 5000);
        assert_eq!(l, MAX_DISTINCT * MAX_TAIL);
        // a path whose tail is a repository file stops at the longest such tail
        let mut tails = Tails::new(&fs);
        let segs = segments("ana/code/app/src/lib.rs");
        assert_eq!(tails.of(&segs), Some(("src/lib.rs".to_string(), true)));
    }

    #[test]
    fn vectors() {
        Tester::new("PL311")
            .pass(&[
                crate::rules::tester::CLEAN_PLAN,
                "# Plan: A (a)\n\n## Testing Plan\n\n```sh\ncd /tmp/x && /usr/bin/env cargo test\nls ~/.cargo/bin /home/runner/work\n```\n\n- The server's checkout lives in `/home/deploy/current`.\n- Edit `C:\\Users\\<you>\\AppData\\x.ini` on your machine.\n",
            ])
            .fail(&[
                "# Plan: A (a)\n\n## Testing Plan\n\n- Run `cd /Users/ana/code/proj && cargo test`.\n- See [lib](c:\\Users\\ana\\code\\proj\\src\\lib.rs) and [t](file:///C:/code/proj/tests/cli.rs#L3).\n\n```sh\ncd /home/ana/proj && cargo build --manifest-path /home/ana/proj/src/lib.rs\n```\n",
            ])
            .test_and_snapshot();
    }
}
