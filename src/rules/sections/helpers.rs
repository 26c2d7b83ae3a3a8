//! What the section rules share: the text of a section body, and which code blocks
//! hold shell commands (also read by PL306).

use crate::document::model::Document;
use crate::document::source::Span;

/// Code block languages that hold commands (the first word of the info string).
const SHELL_LANGUAGES: &[&str] = &[
    "sh",
    "bash",
    "shell",
    "console",
    "shell-session",
    "shellsession",
    "zsh",
    "fish",
    "powershell",
    "pwsh",
    "ps1",
    "ps",
    "cmd",
    "bat",
    "batch",
];

/// Whether a code block holds commands: a shell language, or no language at all.
pub(crate) fn is_shell_block(info: &str, literal: &str) -> bool {
    if literal.trim().is_empty() {
        return false;
    }
    // The first word, also in attribute syntax (`{.bash}`) or with options (`bash{1,3}`).
    let lang = info
        .trim_start_matches(['{', '.'])
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    lang.is_empty() || SHELL_LANGUAGES.contains(&lang.as_str())
}

/// The text of a section body as one string: prose runs, code spans and code blocks in
/// document order (HTML comments left out).
pub(crate) fn section_text(doc: &Document, body: Span) -> String {
    let mut pieces: Vec<(usize, &str)> = doc
        .prose
        .iter()
        .filter(|p| body.contains(**p))
        .map(|p| (p.start, doc.text(*p)))
        .chain(
            doc.code_spans
                .iter()
                .filter(|c| body.contains(c.span))
                .map(|c| (c.span.start, c.text.as_str())),
        )
        .chain(
            doc.code_blocks
                .iter()
                .filter(|b| body.contains(b.span))
                .map(|b| (b.span.start, b.literal.as_str())),
        )
        .collect();
    pieces.sort_by_key(|(start, _)| *start);
    pieces.iter().map(|(_, t)| *t).collect::<Vec<_>>().join(" ")
}
