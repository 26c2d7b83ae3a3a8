//! The sentence around a lexicon match, and what it says about the match: a question,
//! a mention of the word (quoted, italicised, listed among other modal verbs), an
//! imperative statement. The lexicon rules use these to tell a vague instruction from
//! a word that is only talked about.
//!
//! Every look-around is bounded ([`REACH`] bytes each side of the match, within its leaf
//! block), so the cost per match is constant and a rule stays linear in the document.

use crate::document::model::Document;
use crate::document::source::Span;

/// How far a sentence is looked for on each side of a match, in bytes.
pub(crate) const REACH: usize = 400;

/// The sentence holding `span`: from after the last `.`/`!`/`?`/`;` + whitespace (or
/// the leaf block's start) to the next terminator (or the block's end), both within
/// [`REACH`] bytes of the match. Returns (text before the match, text after it).
pub(crate) fn sentence(doc: &Document, span: Span) -> (&str, &str) {
    let src = &doc.source;
    let block = crate::document::blocks::leaf_block(doc, span);
    let mut lo = block.start.max(span.start.saturating_sub(REACH));
    while !src.is_char_boundary(lo) {
        lo += 1;
    }
    let mut hi = block.end.min(span.end + REACH).max(span.end);
    while !src.is_char_boundary(hi) {
        hi -= 1;
    }
    let before = &src[lo.min(span.start)..span.start];
    let after = &src[span.end..hi.max(span.end)];
    // A terminator ends a sentence when whitespace follows it.
    let start = before
        .char_indices()
        .zip(before.char_indices().skip(1))
        .filter(|((_, c), (_, n))| matches!(c, '.' | '!' | '?' | ';') && n.is_whitespace())
        .map(|(_, (i, _))| i)
        .last()
        .unwrap_or(0);
    let end = after
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, '.' | '!' | '?')
                && !(c == '.' && is_abbreviation(&after[..i]))
                && after[i + 1..]
                    .chars()
                    .next()
                    .is_none_or(|n| n.is_whitespace() || matches!(n, '*' | '_' | ')' | '"' | '”'))
        })
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(after.len());
    (&before[start..], &after[..end])
}

/// Whether the text before a `.` ends with an abbreviation (`e.g`, `i.e`, `etc`, `vs`,
/// `cf`) or a single letter: that `.` does not end the sentence.
fn is_abbreviation(text: &str) -> bool {
    // The tail of a contraction (`shouldn't.`, `it's.`) is no single-letter
    // abbreviation: that `.` ends the sentence.
    let tail = text.trim_end_matches(|c: char| c.is_alphabetic() || c == '.');
    if tail.ends_with(['\'', '’']) && !text[tail.len()..].contains('.') {
        return false;
    }
    let word: String = text
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic() || *c == '.')
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .to_lowercase();
    matches!(
        word.as_str(),
        "e.g" | "i.e" | "etc" | "vs" | "cf" | "approx"
    ) || word.chars().count() == 1
}

/// Whether the sentence holding `span` is a question: it ends with `?` (emphasis,
/// brackets and quotes after it ignored).
pub(crate) fn is_question(doc: &Document, span: Span) -> bool {
    let (_, after) = sentence(doc, span);
    after
        .trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, '*' | '_' | ')' | '"' | '”' | '’' | '\'')
        })
        .ends_with('?')
}

/// Modal verbs (and their common forms): a lexicon word listed next to one of them is
/// named as a word ("no verbs such as must, should, advise"; "avoid should/might").
const MODALS: &[&str] = &[
    "must",
    "shall",
    "should",
    "might",
    "may",
    "will",
    "would",
    "could",
    "can",
    "ought",
    "need",
    "needs",
    "advise",
    "recommend",
];

/// Whether the match is a mention of the word rather than a use: wrapped in single
/// quotes or in emphasis of its own (`'should'`, `‘should’`, `*should*`, `_should_`), or
/// an item of a list of modal verbs (`must, should, may`; `should/might`).
pub(crate) fn is_mention(doc: &Document, span: Span) -> bool {
    let src = &doc.source;
    let before = &src[..span.start];
    let after = &src[span.end..];
    let wrapped = |open: &str, close: &str| before.ends_with(open) && after.starts_with(close);
    if wrapped("'", "'")
        || wrapped("‘", "’")
        || wrapped("*", "*") && !wrapped("**", "**")
        || wrapped("_", "_") && !wrapped("__", "__")
    {
        return true;
    }
    let (b, a) = sentence(doc, span);
    let prev = word_before_separator(b);
    let next = word_after_separator(a);
    [prev, next]
        .into_iter()
        .flatten()
        .any(|w| MODALS.contains(&w.to_lowercase().as_str()))
}

/// The word right before `text`'s end when a list separator (`,`, `/`, `or`, `and`)
/// ends it: `must, ` → `must`; `must or ` → `must`.
fn word_before_separator(text: &str) -> Option<&str> {
    let t = text.trim_end();
    let t = if let Some(t) = t.strip_suffix([',', '/']) {
        t.trim_end()
    } else if let Some(t) = t.strip_suffix(" or").or_else(|| t.strip_suffix(" and")) {
        t.trim_end().trim_end_matches(',').trim_end()
    } else if text.ends_with('/') {
        t
    } else {
        return None;
    };
    let word = t
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .filter(|w| !w.is_empty())?;
    Some(word)
}

/// The word right after `text`'s start when a list separator opens it.
fn word_after_separator(text: &str) -> Option<&str> {
    let t = if let Some(t) = text.strip_prefix('/') {
        t
    } else if let Some(t) = text.strip_prefix(',') {
        t.trim_start()
    } else {
        let t = text.trim_start();
        t.strip_prefix("or ")
            .or_else(|| t.strip_prefix("and "))?
            .trim_start()
    };
    let word = t
        .split(|c: char| !c.is_alphabetic())
        .next()
        .filter(|w| !w.is_empty())?;
    Some(word)
}

/// Verbs that open an instruction (an imperative sentence, list item or table cell).
const IMPERATIVES: &[&str] = &[
    "add",
    "adjust",
    "append",
    "apply",
    "call",
    "change",
    "configure",
    "convert",
    "copy",
    "create",
    "define",
    "delete",
    "detect",
    "document",
    "drop",
    "emit",
    "enable",
    "ensure",
    "expose",
    "extend",
    "extract",
    "handle",
    "implement",
    "import",
    "include",
    "insert",
    "install",
    "introduce",
    "keep",
    "list",
    "load",
    "log",
    "make",
    "map",
    "mark",
    "merge",
    "migrate",
    "modify",
    "move",
    "parse",
    "pass",
    "port",
    "read",
    "refactor",
    "register",
    "remove",
    "rename",
    "replace",
    "reject",
    "return",
    "rewrite",
    "run",
    "send",
    "set",
    "split",
    "store",
    "support",
    "test",
    "update",
    "use",
    "validate",
    "verify",
    "wire",
    "wrap",
    "write",
];

/// Whether the sentence holding `span` is an instruction: its first word (after list
/// markers, a checkbox, a numbering such as `3.2.1`, emphasis and a `Label:` prefix) is
/// an imperative verb.
pub(crate) fn is_imperative(doc: &Document, span: Span) -> bool {
    let (before, _) = sentence(doc, span);
    let mut t = before.trim_start();
    loop {
        let s = t
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '*' | '_' | '-' | '+' | '>' | '|' | '#')
            })
            .trim_start_matches("[ ]")
            .trim_start_matches("[x]")
            .trim_start_matches("[X]")
            .trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | ')'))
            .trim_start();
        if s.len() == t.len() {
            break;
        }
        t = s;
    }
    let first: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
    let rest = &t[first.len()..];
    // `Changes: Add …`, `**Step 2:** Add …`: the label is not the verb.
    if rest.trim_start_matches(['*', '_']).starts_with(':') && !first.is_empty() {
        let after_label = rest.trim_start_matches(['*', '_']);
        let after_label = after_label[1..]
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
        let verb: String = after_label
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        return IMPERATIVES.contains(&verb.to_lowercase().as_str());
    }
    IMPERATIVES.contains(&first.to_lowercase().as_str())
}

/// Whether `word` is one of the verbs that open an instruction.
pub(crate) fn is_imperative_verb(word: &str) -> bool {
    IMPERATIVES.contains(&word.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question_at(src: &str, word: &str) -> bool {
        let doc =
            crate::document::parse::parse(std::path::Path::new("p.md"), std::sync::Arc::from(src));
        let at = src.find(word).expect("word");
        is_question(&doc, Span::new(at, at + word.len()))
    }

    /// `shouldn't.` ends its sentence: the `t` of a contraction is no single-letter
    /// abbreviation (it was, and a hedge before it read as part of the next question;
    /// after `--fix` wrote `must not.`, the same hedge was reported: the fix added a
    /// finding).
    #[test]
    fn a_contraction_ends_a_sentence() {
        let src = "It might fail; it shouldn't. Which limit applies?\n";
        assert!(!question_at(src, "might"));
        assert!(!question_at(
            "It might fail; it must not. Which limit applies?\n",
            "might"
        ));
        // a real single-letter abbreviation still does not end it
        assert!(question_at("Might it use plan B. or plan C?\n", "Might"));
        assert!(is_abbreviation("e.g"));
        assert!(is_abbreviation("plan B"));
        assert!(!is_abbreviation("it shouldn't"));
        assert!(!is_abbreviation("it doesn’t"));
    }
}
