//! The rule documentation pages (`rules/<CODE>.md`), embedded in the binary.
//!
//! `build.rs` lists every `rules/PL<3 digits>.md` and includes it; this module looks
//! pages up ([`page`], [`all_pages`]), reads a page's examples ([`examples`], the test
//! cases behind every page) and renders a page for a terminal ([`render_terminal`], used
//! by `plan-lint explain`) or a section as plain text ([`section`], [`plain_text`], used
//! by the SARIF output). The page format is described in `rules/README.md`.

/// Every page, as (code, Markdown text), sorted by code.
static PAGES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/rule_docs.rs"));

/// The page of the rule `code` (`PL101`, any case).
pub fn page(code: &str) -> Option<&'static str> {
    PAGES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, text)| *text)
}

/// Every page, as (code, Markdown text), sorted by code.
pub fn all_pages() -> &'static [(&'static str, &'static str)] {
    PAGES
}

/// One example of a page: a plan fragment and the path it is linted as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The fragment, without its fences (each line ends with `\n`).
    pub text: String,
    /// `path=…` from the info string (`markdown path=docs/plan_x.md`), if given.
    pub path: Option<String>,
}

/// The two examples of a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Examples {
    /// The first ```` ```markdown ```` block under `## Example`: triggers the rule.
    pub trigger: Option<Example>,
    /// The first ```` ```markdown ```` block under `## Use instead`: does not.
    pub clean: Option<Example>,
}

/// The title of the section holding the triggering example.
pub const EXAMPLE_SECTION: &str = "Example";
/// The title of the section holding the corrected example.
pub const CLEAN_SECTION: &str = "Use instead";

/// The sections of a page, in the order `rules/README.md` requires.
pub const SECTIONS: [&str; 6] = [
    "What it does",
    "Why is this bad?",
    EXAMPLE_SECTION,
    CLEAN_SECTION,
    "Fix safety",
    "Configuration",
];

/// What one line of a page is, with fenced code blocks tracked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line<'a> {
    /// Text outside any code block.
    Text(&'a str),
    /// The opening fence of a code block, with its info string (trimmed).
    Open(&'a str),
    /// A line inside a code block.
    Code(&'a str),
    /// The closing fence of a code block.
    Close,
}

/// An opening fence: up to three spaces, then three or more backticks or tildes.
/// Returns (fence character, fence length, info string).
pub(crate) fn fence(line: &str) -> Option<(u8, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    // A backtick fence's info string cannot contain a backtick (CommonMark).
    if ch == b'`' && info.contains('`') {
        return None;
    }
    Some((ch, len, info))
}

/// Classifies every line of `page` (line terminators removed).
fn lines(page: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut open: Option<(u8, usize)> = None;
    for raw in page.lines() {
        match open {
            None => match fence(raw) {
                Some((ch, len, info)) => {
                    open = Some((ch, len));
                    out.push(Line::Open(info));
                }
                None => out.push(Line::Text(raw)),
            },
            Some((ch, len)) => match fence(raw) {
                Some((c, l, info)) if c == ch && l >= len && info.is_empty() => {
                    open = None;
                    out.push(Line::Close);
                }
                _ => out.push(Line::Code(raw)),
            },
        }
    }
    out
}

/// The text of an H2 heading line (`## Example` → `Example`).
fn h2(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("## ")?;
    Some(rest.trim().trim_end_matches('#').trim_end())
}

/// The titles of the page's H2 sections, in order (headings inside code blocks are
/// not sections).
pub fn section_titles(page: &str) -> Vec<&str> {
    lines(page)
        .into_iter()
        .filter_map(|l| match l {
            Line::Text(t) => h2(t),
            _ => None,
        })
        .collect()
}

/// The body of the H2 section `title` of a page (up to the next H2 outside code
/// blocks), without surrounding blank lines; `None` when there is no such section or
/// it is empty.
pub fn section(page: &str, title: &str) -> Option<String> {
    let mut body: Option<Vec<&str>> = None;
    // `lines` classifies each line of `page.lines()`, one for one.
    for (raw, line) in page.lines().zip(lines(page)) {
        if let Line::Text(t) = line
            && let Some(h) = h2(t)
        {
            if body.is_some() {
                break;
            }
            if h == title {
                body = Some(Vec::new());
            }
            continue;
        }
        if let Some(b) = &mut body {
            b.push(raw);
        }
    }
    let text = body?.join("\n");
    let text = text.trim_matches('\n').trim_end();
    (!text.is_empty()).then(|| text.to_string())
}

/// The title line of the page (`# PL101 \`hedging\``), without the `# `.
pub fn title(page: &str) -> Option<&str> {
    lines(page).into_iter().find_map(|l| match l {
        Line::Text(t) => t.strip_prefix("# ").map(str::trim),
        _ => None,
    })
}

/// Reads an info string `markdown path=docs/plan_x.md`: whether it is a Markdown
/// block, and its `path`.
fn markdown_info(info: &str) -> Option<Option<String>> {
    let mut words = info.split_whitespace();
    if words.next() != Some("markdown") {
        return None;
    }
    let path = words.find_map(|w| w.strip_prefix("path=")).map(|p| {
        p.strip_prefix('"')
            .and_then(|p| p.strip_suffix('"'))
            .unwrap_or(p)
            .to_string()
    });
    Some(path)
}

/// The page's examples: the first ```` ```markdown ```` block of the sections
/// "Example" and "Use instead". A block left open at the end of the page still counts.
pub fn examples(page: &str) -> Examples {
    let mut found = Examples::default();
    let mut section: Option<&str> = None;
    // The example being read: which one, its path, its text.
    let mut current: Option<(bool, Option<String>, String)> = None;
    let finish = |found: &mut Examples, current: Option<(bool, Option<String>, String)>| {
        if let Some((trigger, path, text)) = current {
            let slot = if trigger {
                &mut found.trigger
            } else {
                &mut found.clean
            };
            slot.get_or_insert(Example { text, path });
        }
    };
    for line in lines(page) {
        match line {
            Line::Text(t) => {
                if let Some(title) = h2(t) {
                    section = Some(title);
                }
            }
            Line::Open(info) => {
                let trigger = match section {
                    Some(EXAMPLE_SECTION) if found.trigger.is_none() => true,
                    Some(CLEAN_SECTION) if found.clean.is_none() => false,
                    _ => continue,
                };
                if let Some(path) = markdown_info(info) {
                    current = Some((trigger, path, String::new()));
                }
            }
            Line::Code(c) => {
                if let Some((_, _, text)) = &mut current {
                    text.push_str(c);
                    text.push('\n');
                }
            }
            Line::Close => finish(&mut found, current.take()),
        }
    }
    finish(&mut found, current.take());
    found
}

const BOLD_UNDERLINE: &str = "\x1b[1;4m";
const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// `**strong**` as bold text (markers removed) outside inline code spans; everything
/// else as written, code spans and their backticks included.
fn strong(line: &str) -> String {
    let mut out = String::new();
    let mut text = String::new();
    let mut rest = line;
    while let Some(tick) = rest.find('`') {
        text.push_str(&rest[..tick]);
        let run = rest[tick..].bytes().take_while(|&b| b == b'`').count();
        let fence = &rest[tick..tick + run];
        let after = &rest[tick + run..];
        // The span ends at the next run of exactly as many backticks.
        let close = (0..after.len()).find(|&i| {
            after.is_char_boundary(i)
                && after[i..].starts_with(fence)
                && !after[i + run..].starts_with('`')
                && (i == 0 || !after[..i].ends_with('`'))
        });
        match close {
            Some(i) => {
                out.push_str(&bold_pairs(&std::mem::take(&mut text)));
                out.push_str(&rest[tick..tick + run + i + run]);
                rest = &after[i + run..];
            }
            None => {
                text.push_str(fence);
                rest = after;
            }
        }
    }
    text.push_str(rest);
    out.push_str(&bold_pairs(&text));
    out
}

/// `**x**` pairs of plain text as bold.
fn bold_pairs(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("**") {
        let after = &rest[start + 2..];
        let Some(len) = after.find("**").filter(|&l| l > 0) else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(BOLD);
        out.push_str(&after[..len]);
        out.push_str(RESET);
        rest = &after[len + 2..];
    }
    out.push_str(rest);
    out
}

/// A page laid out for a terminal: headings bold and underlined, code blocks indented
/// by four spaces and dimmed, fences dropped, inline code spans kept as written. With
/// `color` false no escape sequence is written: headings are underlined with `=`/`-`.
pub fn render_terminal(page: &str, color: bool) -> String {
    let mut out = String::new();
    for line in lines(page) {
        match line {
            Line::Text(t) => {
                let heading = t
                    .strip_prefix("# ")
                    .map(|h| (h, '='))
                    .or_else(|| t.strip_prefix("## ").map(|h| (h, '-')))
                    .or_else(|| t.strip_prefix("### ").map(|h| (h, '-')));
                match heading {
                    Some((h, _)) if color => {
                        out.push_str(&format!("{BOLD_UNDERLINE}{}{RESET}\n", h.trim()));
                    }
                    Some((h, rule)) => {
                        let h = h.trim();
                        out.push_str(h);
                        out.push('\n');
                        out.extend(std::iter::repeat_n(rule, h.chars().count()));
                        out.push('\n');
                    }
                    None if color => {
                        out.push_str(&strong(t));
                        out.push('\n');
                    }
                    None => {
                        out.push_str(t);
                        out.push('\n');
                    }
                }
            }
            Line::Open(_) | Line::Close => {}
            Line::Code("") => out.push('\n'),
            Line::Code(c) if color => out.push_str(&format!("    {DIM}{c}{RESET}\n")),
            Line::Code(c) => {
                out.push_str("    ");
                out.push_str(c);
                out.push('\n');
            }
        }
    }
    out
}

/// Links to other rule pages (`[PL002](PL002.md)`) made absolute with `uri` (a rule
/// code → the address of its page), so they work wherever the Markdown is shown.
pub fn absolute_rule_links(markdown: &str, uri: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        let target = rest.split(')').next().unwrap_or("");
        let code = target.strip_suffix(".md").unwrap_or("");
        if code.len() == 5
            && code.starts_with("PL")
            && code[2..].bytes().all(|b| b.is_ascii_digit())
        {
            out.push_str(&uri(code));
            rest = &rest[target.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// Markdown as plain text: paragraphs joined into single lines (separated by a blank
/// line), list items on their own lines, code span backticks, `**`/`__` emphasis and
/// link syntax removed (`[PL002](PL002.md)` → `PL002`). Code blocks are kept as
/// written, without their fences.
pub fn plain_text(markdown: &str) -> String {
    let mut blocks: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut open: Option<(u8, usize)> = None;
    let flush = |blocks: &mut Vec<String>, current: &mut String| {
        if !current.is_empty() {
            blocks.push(std::mem::take(current));
        }
    };
    for line in markdown.lines() {
        if let Some((ch, len)) = open {
            match fence(line) {
                Some((c, l, info)) if c == ch && l >= len && info.is_empty() => {
                    open = None;
                    flush(&mut blocks, &mut current);
                }
                _ => {
                    if !current.is_empty() {
                        current.push('\n');
                    }
                    current.push_str(line);
                }
            }
            continue;
        }
        if let Some((ch, len, _)) = fence(line) {
            flush(&mut blocks, &mut current);
            open = Some((ch, len));
            continue;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut blocks, &mut current);
            continue;
        }
        let item = ["- ", "* ", "+ "].iter().any(|m| trimmed.starts_with(m))
            || trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if item && !current.is_empty() {
            current.push('\n');
        } else if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&inline_plain(trimmed));
    }
    flush(&mut blocks, &mut current);
    blocks.join("\n\n")
}

/// One line of Markdown inline content as plain text.
fn inline_plain(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        if rest.starts_with('`') {
            let run = rest.bytes().take_while(|&b| b == b'`').count();
            let fence = &rest[..run];
            let after = &rest[run..];
            let close = after.match_indices(fence).find(|&(i, _)| {
                !after[i + run..].starts_with('`') && (i == 0 || !after[..i].ends_with('`'))
            });
            if let Some((i, _)) = close {
                let code = &after[..i];
                // CommonMark strips one space on each side when both are there.
                let code = if code.len() >= 2
                    && code.starts_with(' ')
                    && code.ends_with(' ')
                    && !code.trim().is_empty()
                {
                    &code[1..code.len() - 1]
                } else {
                    code
                };
                out.push_str(code);
                rest = &after[i + run..];
            } else {
                out.push_str(fence);
                rest = after;
            }
        } else if rest.starts_with("**") || rest.starts_with("__") {
            rest = &rest[2..];
        } else if rest.starts_with('[') {
            // `[text](target)` → `text`; anything else stays as written.
            let link = rest[1..].find("](").and_then(|t| {
                let text = &rest[1..1 + t];
                let after = &rest[1 + t + 2..];
                after
                    .find(')')
                    .filter(|_| !text.contains('`'))
                    .map(|c| (text, 1 + t + 2 + c + 1))
            });
            match link {
                Some((text, len)) => {
                    out.push_str(text);
                    rest = &rest[len..];
                }
                None => {
                    out.push('[');
                    rest = &rest[1..];
                }
            }
        } else {
            let c = rest.chars().next().expect("not empty");
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# PL999 `demo`\n\nDefault severity: **error** · Group: demo · Fix: none\n\n## What it does\nChecks `x`.\n\n## Example\nText.\n```text\nnot this one\n```\n```markdown path=docs/plan_x.md\n# Plan: A (a)\n\n~~~sh\n## not a heading\n~~~\n```\n```markdown\nsecond\n```\n\n## Use instead\n````markdown\n```\ninner\n```\n````\n";

    #[test]
    fn reads_the_first_markdown_block_of_each_section() {
        let ex = examples(PAGE);
        assert_eq!(
            ex.trigger,
            Some(Example {
                text: "# Plan: A (a)\n\n~~~sh\n## not a heading\n~~~\n".into(),
                path: Some("docs/plan_x.md".into()),
            })
        );
        assert_eq!(
            ex.clean,
            Some(Example {
                text: "```\ninner\n```\n".into(),
                path: None,
            })
        );
    }

    #[test]
    fn blocks_outside_the_sections_do_not_count() {
        let ex = examples("## What it does\n```markdown\nx\n```\n## Example\nnone\n");
        assert_eq!(ex, Examples::default());
    }

    #[test]
    fn sections_skip_code_blocks() {
        assert_eq!(
            section_titles(PAGE),
            vec!["What it does", "Example", "Use instead"]
        );
        assert_eq!(title(PAGE), Some("PL999 `demo`"));
    }

    #[test]
    fn terminal_rendering() {
        let plain = render_terminal(PAGE, false);
        assert!(plain.starts_with("PL999 `demo`\n============\n"), "{plain}");
        assert!(plain.contains("What it does\n------------\nChecks `x`.\n"));
        assert!(plain.contains("    # Plan: A (a)\n"));
        assert!(!plain.contains("```markdown"));
        assert!(!plain.contains('\x1b'));
        let color = render_terminal(PAGE, true);
        assert!(color.starts_with("\x1b[1;4mPL999 `demo`\x1b[0m\n"));
        assert!(color.contains("Default severity: \x1b[1merror\x1b[0m · Group"));
        assert!(color.contains("    \x1b[2m# Plan: A (a)\x1b[0m\n\n    \x1b[2m~~~sh"));
        assert_eq!(
            strong("**Files:** `**x**` and ``a ` **b**`` **c**"),
            "\x1b[1mFiles:\x1b[0m `**x**` and ``a ` **b**`` \x1b[1mc\x1b[0m"
        );
        assert_eq!(strong("a ` b **c**"), "a ` b \x1b[1mc\x1b[0m");
        assert_eq!(strong("`é` → **ü** `x"), "`é` → \x1b[1mü\x1b[0m `x");
    }

    #[test]
    fn pages_are_sorted_and_found_by_code() {
        let codes: Vec<&str> = all_pages().iter().map(|(c, _)| *c).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        assert_eq!(codes, sorted);
        if let Some((code, text)) = all_pages().first() {
            assert_eq!(page(&code.to_lowercase()), Some(*text));
        }
        assert_eq!(page("PL000"), None);
    }

    #[test]
    fn section_stops_at_the_next_h2_outside_code() {
        let page =
            "# T\n\n## What it does\nA `b`\n```markdown\n## not a heading\n```\n\nC.\n## Why\nD\n";
        assert_eq!(
            section(page, "What it does").as_deref(),
            Some("A `b`\n```markdown\n## not a heading\n```\n\nC.")
        );
        assert_eq!(section(page, "Nope"), None);
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text(
                "Checks **Files** and `x`, see\n[PL002](PL002.md).\n\n- one\n  more\n- ``a ` b``\n"
            ),
            "Checks Files and x, see PL002.\n\n- one more\n- a ` b"
        );
        assert_eq!(inline_plain("`unclosed and [x]"), "`unclosed and [x]");
    }

    #[test]
    fn rule_links_become_absolute() {
        assert_eq!(
            absolute_rule_links("[PL002](PL002.md)'s and [x](http://e)", |c| format!(
                "u/{c}"
            )),
            "[PL002](u/PL002)'s and [x](http://e)"
        );
    }
}
