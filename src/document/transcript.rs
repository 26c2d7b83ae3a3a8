//! The contract's fallback output: a planner that cannot write files prints the plan
//! labelled `FILE: ./EXPORT/plan_<feat_name>.md`. This module finds those labels in a
//! chat transcript and cuts out the plan that follows each one.
//!
//! What a label is: a line that reads `FILE: <path>` once Markdown decoration is taken
//! off (a heading's `#`s, `**`/`*`/`__` emphasis, backticks: `**FILE:** ./EXPORT/…`,
//! `` `FILE: ./EXPORT/…` ``), where `<path>`'s file name is `plan_<slug>.md`. `FILE` is
//! matched in any case. A label inside a code block of the transcript is a quoted
//! example and does not count, except on the block's first line (a planner that put the
//! label inside its fence).
//!
//! What follows a label, after blank lines:
//! - a code fence (```` ``` ````, `~~~`, or longer; any info string, `markdown`/`md`
//!   or none): the plan is the fence's content, up to its closing fence (CommonMark: the
//!   same character, at least as long, no info string). A fence of the same length
//!   *with* an info string inside it (```` ```bash ````) is read as an inner block that
//!   the next bare fence closes, since that is how planners nest code without a longer
//!   outer fence;
//! - anything else: the plan runs up to the next label outside a code block, or the
//!   end, without trailing blank lines.
//!
//! An unclosed fence ends at the first label after it (or the end). Line endings are
//! kept as written (CRLF stays CRLF).
//!
//! Input whose first non-blank line is the plan title (`# Plan: …`) is a plan, not a
//! transcript: labels in it are content.
//!
//! Cost: one pass over the input, plus at most one more over the part after the first
//! unclosed fence (after one, every later block is bounded by the next label), so the
//! work is linear in the input whatever it holds; [`scan_counted`] reports it.

use std::ops::Range;

/// One labelled plan in a transcript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 1-based line of the label.
    pub line: usize,
    /// The path as the label writes it (`./EXPORT/plan_rate-limits.md`).
    pub path: String,
    /// The slug of the label's file name, as written (`rate-limits`).
    pub slug: String,
    /// Where the plan's text is in the input.
    pub range: Range<usize>,
    /// Whether the plan was in a code fence, and whether that fence was closed.
    pub fenced: bool,
    /// Whether that fence was closed (`true` when the plan was not fenced).
    pub closed: bool,
}

/// A code fence line: its character, its length, whether it has an info string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fence {
    ch: u8,
    len: usize,
    info: bool,
}

/// The fence opening or closing `line` (the CommonMark rules of [`crate::docs::fence`]).
fn fence(line: &str) -> Option<Fence> {
    let (ch, len, info) = crate::docs::fence(line)?;
    Some(Fence {
        ch,
        len,
        info: !info.is_empty(),
    })
}

/// The label on `line`, if it is one: (path, slug).
pub fn label(line: &str) -> Option<(String, String)> {
    let t = line.trim();
    let t = t.trim_start_matches('#').trim_start();
    let t = t.trim_start_matches(['*', '`', '_']);
    // cheap test first: most lines stop here
    if t.len() < 5 || !t.as_bytes()[..4].eq_ignore_ascii_case(b"file") {
        return None;
    }
    let t: String = t.chars().filter(|&c| c != '*' && c != '`').collect();
    let t = t.trim().trim_end_matches('_').trim_end();
    let rest = t[4..].trim_start().trim_start_matches('_');
    let path = rest.strip_prefix(':')?.trim_start_matches('_').trim();
    if path.is_empty() || path.contains(char::is_whitespace) {
        return None;
    }
    let name = path.rsplit('/').next().unwrap_or(path);
    let slug = name.strip_prefix("plan_")?.strip_suffix(".md")?;
    if slug.is_empty() {
        return None;
    }
    Some((path.to_string(), slug.to_string()))
}

/// A line of the input: where it starts, where its text ends (before `\r\n` or `\n`),
/// and where the next line starts.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    next: usize,
}

struct Lines<'a> {
    text: &'a str,
    work: usize,
}

impl Lines<'_> {
    fn at(&mut self, pos: usize) -> Option<Line> {
        if pos >= self.text.len() {
            return None;
        }
        let rest = &self.text.as_bytes()[pos..];
        let (len, next) = match memchr::memchr(b'\n', rest) {
            Some(i) => (i, pos + i + 1),
            None => (rest.len(), self.text.len()),
        };
        self.work += len + 1;
        let mut end = pos + len;
        if end > pos && self.text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Some(Line {
            start: pos,
            end,
            next,
        })
    }

    fn str(&self, l: Line) -> &str {
        &self.text[l.start..l.end]
    }

    /// The line number of `pos` (1-based), counted from `from` at line `from_line`.
    fn line_no(&mut self, from: usize, from_line: usize, pos: usize) -> usize {
        self.work += pos - from;
        from_line + memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..pos]).count()
    }
}

/// The labelled plans in `text` (empty: the input is a plan, not a transcript).
pub fn scan(text: &str, title_prefix: &str) -> Vec<Block> {
    scan_counted(text, title_prefix).0
}

/// [`scan`] and the bytes it examined (for the linear-work tests).
#[doc(hidden)]
pub fn scan_counted(text: &str, title_prefix: &str) -> (Vec<Block>, usize) {
    let mut lines = Lines { text, work: 0 };
    let mut blocks = Vec::new();
    let mut pos = if text.starts_with(crate::document::source::BOM) {
        crate::document::source::BOM.len()
    } else {
        0
    };
    // A plan starts with its title.
    {
        let mut p = pos;
        while let Some(l) = lines.at(p) {
            let s = lines.str(l).trim();
            if !s.is_empty() {
                let heading = s.strip_prefix('#').filter(|r| !r.starts_with('#'));
                if heading.is_some_and(|h| h.trim_start().starts_with(title_prefix)) {
                    return (blocks, lines.work);
                }
                break;
            }
            p = l.next;
        }
    }
    // Line numbers, counted incrementally from the last known one.
    let (mut counted_pos, mut counted_line) = (pos, 1);
    let mut line_of = |lines: &mut Lines<'_>, p: usize| {
        if p < counted_pos {
            (counted_pos, counted_line) = (0, 1);
        }
        counted_line = lines.line_no(counted_pos, counted_line, p);
        counted_pos = p;
        counted_line
    };
    // After one unclosed fence ran to the end, every block ends at the next label.
    let mut bounded = false;
    // A code block of the transcript itself (outside plans): its fence and its first line.
    let mut outer: Option<(Fence, usize)> = None;
    while let Some(l) = lines.at(pos) {
        let s = lines.str(l);
        if let Some((f, first)) = outer {
            // inside a code block of the transcript: a label counts on its first line only
            if l.start == first
                && let Some((path, slug)) = label(s)
            {
                let line = line_of(&mut lines, l.start);
                let (range, closed, resume) = fenced(&mut lines, l.next, f, &mut bounded);
                blocks.push(Block {
                    line,
                    path,
                    slug,
                    range,
                    fenced: true,
                    closed,
                });
                outer = None;
                pos = resume;
                continue;
            }
            if let Some(c) = fence(s)
                && c.ch == f.ch
                && c.len >= f.len
                && !c.info
            {
                outer = None;
            }
            pos = l.next;
            continue;
        }
        if let Some((path, slug)) = label(s) {
            let line = line_of(&mut lines, l.start);
            // blank lines, then a fence or the plan itself
            let mut p = l.next;
            let mut first = None;
            while let Some(n) = lines.at(p) {
                if !lines.str(n).trim().is_empty() {
                    first = Some(n);
                    break;
                }
                p = n.next;
            }
            let opener = first.and_then(|n| fence(lines.str(n)).map(|f| (f, n)));
            let (range, fenced_, closed, resume) = match opener {
                Some((f, n)) => {
                    let (r, c, resume) = fenced(&mut lines, n.next, f, &mut bounded);
                    (r, true, c, resume)
                }
                None => {
                    let (r, resume) = unfenced(&mut lines, p, &mut bounded);
                    (r, false, true, resume)
                }
            };
            blocks.push(Block {
                line,
                path,
                slug,
                range,
                fenced: fenced_,
                closed,
            });
            pos = resume;
            continue;
        }
        if let Some(f) = fence(s) {
            outer = Some((f, l.next));
        }
        pos = l.next;
    }
    (blocks, lines.work)
}

/// The content of a fence opened by `f`, from `start`: its range, whether it was closed,
/// and where scanning resumes.
fn fenced(
    lines: &mut Lines<'_>,
    start: usize,
    f: Fence,
    bounded: &mut bool,
) -> (Range<usize>, bool, usize) {
    let mut pos = start;
    let mut inner: Option<usize> = None;
    let mut first_label = None;
    while let Some(l) = lines.at(pos) {
        let s = lines.str(l);
        if let Some(c) = fence(s) {
            match inner {
                Some(len) if c.ch == f.ch && c.len >= len && !c.info => inner = None,
                Some(_) => {}
                None if c.ch == f.ch && c.len >= f.len && !c.info => {
                    return (start..l.start, true, l.next);
                }
                None if c.ch == f.ch && c.len == f.len => inner = Some(c.len),
                None => {}
            }
        } else if first_label.is_none() && label(s).is_some() {
            if *bounded {
                return (start..l.start, false, l.start);
            }
            first_label = Some(l.start);
        }
        pos = l.next;
    }
    match first_label {
        Some(at) => {
            *bounded = true;
            (start..at, false, at)
        }
        None => (start..lines.text.len(), false, lines.text.len()),
    }
}

/// An unfenced plan from `start`: up to the next label outside its code blocks (or the
/// end), without trailing blank lines; and where scanning resumes.
fn unfenced(lines: &mut Lines<'_>, start: usize, bounded: &mut bool) -> (Range<usize>, usize) {
    let mut pos = start;
    let mut code: Option<Fence> = None;
    let mut first_label = None;
    let mut content_end = start;
    let (end, resume) = loop {
        let Some(l) = lines.at(pos) else {
            match (code, first_label) {
                (Some(_), Some(at)) => {
                    *bounded = true;
                    break (at, at);
                }
                _ => break (lines.text.len(), lines.text.len()),
            }
        };
        let s = lines.str(l);
        let is_label = label(s).is_some();
        if is_label && (code.is_none() || *bounded) {
            break (l.start, l.start);
        }
        if is_label && first_label.is_none() {
            first_label = Some(l.start);
        }
        if let Some(c) = fence(s) {
            code = match code {
                Some(o) if c.ch == o.ch && c.len >= o.len && !c.info => {
                    first_label = None;
                    None
                }
                Some(o) => Some(o),
                None => Some(c),
            };
        }
        if !s.trim().is_empty() {
            content_end = l.next;
        }
        pos = l.next;
    };
    // trailing blank lines are not the plan's (the content ends with its last line)
    let end = if content_end <= end { content_end } else { end };
    (start..end, resume)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plans(text: &str) -> Vec<(usize, String, String)> {
        scan(text, "Plan:")
            .into_iter()
            .map(|b| (b.line, b.slug, text[b.range].to_string()))
            .collect()
    }

    #[test]
    fn labels() {
        let ok = [
            ("FILE: ./EXPORT/plan_a-b.md", "a-b"),
            ("**FILE:** ./EXPORT/plan_a-b.md", "a-b"),
            ("**FILE: ./EXPORT/plan_a-b.md**", "a-b"),
            ("`FILE: ./EXPORT/plan_a-b.md`", "a-b"),
            ("FILE: `./EXPORT/plan_a-b.md`", "a-b"),
            ("### FILE: EXPORT/plan_x.md", "x"),
            ("  File: plan_Bad_Slug.md  ", "Bad_Slug"),
            ("__FILE:__ ./EXPORT/plan_a.md", "a"),
        ];
        for (line, slug) in ok {
            assert_eq!(label(line).map(|l| l.1).as_deref(), Some(slug), "{line}");
        }
        for line in [
            "FILE: src/main.rs",
            "FILE: ./EXPORT/plan_.md",
            "The FILE: ./EXPORT/plan_a.md is written",
            "FILE: ./EXPORT/plan_a.md and more",
            "FILES: ./EXPORT/plan_a.md",
            "file",
            "",
        ] {
            assert_eq!(label(line), None, "{line}");
        }
    }

    #[test]
    fn fenced_unfenced_and_inner_fences() {
        let t = "Sure.\n\nFILE: ./EXPORT/plan_a.md\n\n```markdown\n# Plan: A (a)\n```\n\nDone.\n";
        assert_eq!(plans(t), vec![(3, "a".into(), "# Plan: A (a)\n".into())]);
        // a longer fence holding fences
        let t = "FILE: plan_a.md\n````md\n# Plan: A (a)\n```bash\nls\n```\n````\nbye\n";
        assert_eq!(plans(t)[0].2, "# Plan: A (a)\n```bash\nls\n```\n");
        // same-length fences: an inner one with an info string is an inner block
        let t = "FILE: plan_a.md\n```\n# Plan: A (a)\n```bash\nls\n```\nmore\n```\nbye\n";
        assert_eq!(plans(t)[0].2, "# Plan: A (a)\n```bash\nls\n```\nmore\n");
        // tildes
        let t = "FILE: plan_a.md\n~~~\n# Plan: A (a)\n```\nx\n```\n~~~\n";
        assert_eq!(plans(t)[0].2, "# Plan: A (a)\n```\nx\n```\n");
        // unfenced, up to the next label, trailing blank lines dropped
        let t = "FILE: plan_a.md\n# Plan: A (a)\n\n## Summary\n\nx\n\n\n**FILE:** plan_b.md\n# Plan: B (b)\n";
        assert_eq!(
            plans(t),
            vec![
                (1, "a".into(), "# Plan: A (a)\n\n## Summary\n\nx\n".into()),
                (9, "b".into(), "# Plan: B (b)\n".into()),
            ]
        );
        // the label inside the fence, on its first line
        let t = "Here:\n```markdown\nFILE: ./EXPORT/plan_a.md\n# Plan: A (a)\n```\n";
        assert_eq!(plans(t), vec![(3, "a".into(), "# Plan: A (a)\n".into())]);
        // a label quoted inside a code block of the transcript is an example
        let t = "Example:\n```\nintro\nFILE: ./EXPORT/plan_a.md\n```\nno plan here\n";
        assert!(plans(t).is_empty());
        // a label inside a fenced plan is content
        let t = "FILE: plan_a.md\n````\n# Plan: A (a)\n\nFILE: ./EXPORT/plan_z.md\n````\n";
        assert_eq!(plans(t).len(), 1);
    }

    #[test]
    fn crlf_bom_and_plans() {
        let t = "\u{feff}FILE: plan_a.md\r\n```md\r\n# Plan: A (a)\r\n```\r\n";
        assert_eq!(plans(t)[0].2, "# Plan: A (a)\r\n");
        // a plan (starts with its title) holding a label is a plan
        assert!(plans("# Plan: A (a)\n\nFILE: ./EXPORT/plan_a.md\n").is_empty());
        assert!(plans("\n\n# Plan: A (a)\nFILE: plan_b.md\n").is_empty());
        assert!(plans("no label at all\n").is_empty());
    }

    #[test]
    fn unclosed_fences_end_at_the_next_label() {
        let t = "FILE: plan_a.md\n````\n# Plan: A (a)\nFILE: plan_b.md\n```\n# Plan: B (b)\n```\n";
        let b = scan(t, "Plan:");
        assert_eq!(b.len(), 2);
        assert_eq!(&t[b[0].range.clone()], "# Plan: A (a)\n");
        assert!(b[0].fenced && !b[0].closed);
        assert_eq!(&t[b[1].range.clone()], "# Plan: B (b)\n");
        assert!(b[1].closed);
    }

    /// Work is linear: 10× the input costs at most ~10× the work, and never more than a
    /// few passes over it, on the shapes that could make a scanner quadratic.
    #[test]
    fn work_is_linear_on_hostile_transcripts() {
        let shapes: [(&str, &str); 5] = [
            ("no label", "just some chat text without any label at all\n"),
            ("labels", "FILE: ./EXPORT/plan_a.md\n"),
            (
                "unclosed fences",
                "FILE: ./EXPORT/plan_a.md\n```\n# Plan: A (a)\n",
            ),
            ("fence openers", "```\n"),
            (
                "inner fences",
                "FILE: plan_a.md\n```\n```bash\nFILE: plan_b.md\n",
            ),
        ];
        for (name, unit) in shapes {
            let small = unit.repeat(1000);
            let big = unit.repeat(10_000);
            let (_, w1) = scan_counted(&small, "Plan:");
            let (_, w10) = scan_counted(&big, "Plan:");
            assert!(
                w10 <= 5 * big.len() + 64,
                "{name}: {w10} for {} bytes",
                big.len()
            );
            assert!(w10 <= 11 * w1, "{name}: {w1} → {w10}");
        }
    }
}
