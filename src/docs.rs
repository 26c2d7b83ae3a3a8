//! The rule documentation pages (`rules/<CODE>.md`), embedded in the binary.
//!
//! `build.rs` lists every `rules/PL<3 digits>.md` and includes it; this module looks
//! pages up ([`page`], [`all_pages`]), reads a page's examples ([`examples`], the test
//! cases behind every page) and renders a page for a terminal ([`render_terminal`], used
//! by `plan-lint explain`). The page format is described in `rules/README.md`.

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
}
