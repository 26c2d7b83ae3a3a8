//! Path patterns as plans write them, below the impact table and the reference reader
//! that both use them: globs (`*`, `?`, `[`) and `{a,b}` brace alternatives, expanded
//! within fixed limits.

/// Whether `path` is a glob (`*`, `?` or `[`).
pub(crate) fn is_glob(path: &str) -> bool {
    path.contains(['*', '?', '['])
}

/// At most this many paths come out of one brace pattern.
pub(crate) const MAX_EXPANSIONS: usize = 256;
/// At most this many bytes of paths come out of one brace pattern (so that a long
/// pattern cannot multiply itself 256 times in memory).
pub(crate) const MAX_EXPANDED_BYTES: usize = 64 * 1024;
/// Braces nested deeper than this are not expanded (no real path nests them so).
pub(crate) const MAX_BRACE_NESTING: usize = 32;

/// `text` cut to its first 60 characters (with `…`), for messages about hostile paths.
pub(crate) fn abbreviate(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Why a brace pattern was not expanded in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BraceLimit {
    /// Braces nest deeper than [`MAX_BRACE_NESTING`]: the path is kept as written.
    Nesting,
    /// The pattern expands to more than [`MAX_EXPANSIONS`] paths (or
    /// [`MAX_EXPANDED_BYTES`] bytes): only the first ones are kept.
    TooMany,
}

impl BraceLimit {
    pub fn describe(self) -> String {
        match self {
            BraceLimit::Nesting => format!("brace nesting deeper than {MAX_BRACE_NESTING}"),
            BraceLimit::TooMany => format!(
                "it expands to more than {MAX_EXPANSIONS} paths or {} KiB; only the first are checked",
                MAX_EXPANDED_BYTES / 1024
            ),
        }
    }
}

/// Expands `{a,b}` alternatives (nested allowed), at most [`MAX_EXPANSIONS`] results.
pub(crate) fn expand_braces(s: &str) -> Vec<String> {
    expand_braces_checked(s).0
}

/// [`expand_braces`], and whether a limit cut the expansion short.
///
/// The expansion goes from the first `{`: when it has a matching `}` and top-level
/// commas, each alternative in turn replaces the group and the result is expanded
/// again; otherwise the text is a result as it stands (`a{b}c{d,e}` stays as written).
///
/// Done without recursion and without copying the text per group: one pass finds the
/// next `{`, the matching `}` and the top-level commas of every group; the text still
/// to expand is a persistent list of slices of the pattern, so that going back to try
/// the next alternative costs nothing. Time and memory are linear in the pattern's
/// length plus the results' (which the limits bound).
pub(crate) fn expand_braces_checked(s: &str) -> (Vec<String>, Option<BraceLimit>) {
    let bytes = s.as_bytes();
    let n = bytes.len();
    if memchr::memchr(b'{', bytes).is_none() {
        return (vec![s.to_string()], None);
    }
    // Nesting depth, matching braces and the top-level commas of each group.
    let mut stack: Vec<usize> = Vec::new();
    let mut close = vec![usize::MAX; n];
    let mut first_comma = vec![usize::MAX; n];
    // next_comma[c]: the group's next top-level comma after comma `c`.
    let mut next_comma = vec![usize::MAX; n];
    let mut last_comma = vec![usize::MAX; n];
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => {
                stack.push(i);
                if stack.len() > MAX_BRACE_NESTING {
                    return (vec![s.to_string()], Some(BraceLimit::Nesting));
                }
            }
            b'}' => {
                if let Some(o) = stack.pop() {
                    close[o] = i;
                }
            }
            b',' => {
                if let Some(&o) = stack.last() {
                    if first_comma[o] == usize::MAX {
                        first_comma[o] = i;
                    } else {
                        next_comma[last_comma[o]] = i;
                    }
                    last_comma[o] = i;
                }
            }
            _ => {}
        }
    }
    drop(last_comma);
    let mut next_open = vec![n; n + 1];
    for i in (0..n).rev() {
        next_open[i] = if bytes[i] == b'{' {
            i
        } else {
            next_open[i + 1]
        };
    }

    // The text still to expand: a persistent list of slices (`cells[k]` = slice and
    // index of the next cell; NIL ends it).
    const NIL: usize = usize::MAX;
    struct Cell {
        from: usize,
        to: usize,
        next: usize,
    }
    let mut cells: Vec<Cell> = Vec::new();
    let push = |cells: &mut Vec<Cell>, from: usize, to: usize, next: usize| -> usize {
        if from >= to {
            return next;
        }
        cells.push(Cell { from, to, next });
        cells.len() - 1
    };
    // A choice point: the group at `open`, the output and the rest as they were
    // before it, and where its next alternative starts (or NIL when none is left).
    struct Frame {
        out_len: usize,
        rest: usize,
        open: usize,
        next_alt: usize,
    }
    let mut frames: Vec<Frame> = Vec::new();
    let mut results: Vec<String> = Vec::new();
    let mut result_bytes = 0usize;
    let mut out = String::new();
    let mut list = push(&mut cells, 0, n, NIL);
    loop {
        // Copy text up to the next `{` of the list.
        let mut group = None;
        while list != NIL {
            let Cell { from, to, next } = cells[list];
            let open = next_open[from];
            if open < to {
                out.push_str(&s[from..open]);
                group = Some((open, to, next));
                break;
            }
            out.push_str(&s[from..to]);
            list = next;
        }
        let expandable =
            group.filter(|&(open, to, _)| close[open] < to && first_comma[open] != NIL);
        match expandable {
            Some((open, to, next)) => {
                let c = close[open];
                let rest = push(&mut cells, c + 1, to, next);
                frames.push(Frame {
                    out_len: out.len(),
                    rest,
                    open,
                    next_alt: first_comma[open],
                });
                list = push(&mut cells, open + 1, first_comma[open], rest);
                continue;
            }
            None => {
                // A result: the output, then the group that does not expand (if any)
                // and everything after it as written.
                if let Some((open, to, next)) = group {
                    out.push_str(&s[open..to]);
                    let mut k = next;
                    while k != NIL {
                        out.push_str(&s[cells[k].from..cells[k].to]);
                        k = cells[k].next;
                    }
                }
                if results.len() == MAX_EXPANSIONS
                    || (!results.is_empty() && result_bytes + out.len() > MAX_EXPANDED_BYTES)
                {
                    return (results, Some(BraceLimit::TooMany));
                }
                result_bytes += out.len();
                results.push(out.clone());
            }
        }
        // Back to the innermost choice with an alternative left.
        loop {
            let Some(frame) = frames.last_mut() else {
                return (results, None);
            };
            if frame.next_alt == NIL {
                frames.pop();
                continue;
            }
            let comma = frame.next_alt;
            let end = match next_comma[comma] {
                NIL => close[frame.open],
                c => c,
            };
            frame.next_alt = next_comma[comma];
            out.truncate(frame.out_len);
            let rest = frame.rest;
            list = push(&mut cells, comma + 1, end, rest);
            break;
        }
    }
}
