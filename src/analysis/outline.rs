//! The outline: which H2 heading is which contract section.
//!
//! Computed once per document and shared by the structure rules (PL004–PL009) and by
//! every rule that reads inside a section.

use crate::contract::Contract;
use crate::document::model::{Document, Section};
use regex::Regex;
use std::sync::LazyLock;

/// How a heading relates to a contract section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matched {
    /// The exact name, possibly with the correct numbering prefix.
    Exact,
    /// A near miss of the name; `why` says what differs.
    NearMiss {
        /// What differs, as the end of a sentence (`case, spacing or punctuation differ`).
        why: String,
    },
}

/// One H2 section of the document and the contract section it is.
#[derive(Debug, Clone)]
pub struct OutlineEntry {
    /// Index into [`Document::sections`].
    pub section: usize,
    /// The contract section (index into `Contract::sections`) and how it matched.
    pub spec: Option<(usize, Matched)>,
    /// Whether an earlier heading already claimed the same contract section.
    pub duplicate: bool,
}

/// Which H2 section is which contract section, for every H2 of a plan.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// One entry per H2 section, in document order.
    pub entries: Vec<OutlineEntry>,
}

static NUMBERING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,3})\s*[.)]?\s+(.*)$").expect("numbering regex"));
static PAREN_HINT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\([^()]*\)\s*$").expect("paren regex"));

/// Comparison key: case, spacing, punctuation and `and`/`&` folded away.
pub fn key(name: &str) -> String {
    let lower = name.to_lowercase();
    lower
        .split(|c: char| !c.is_alphanumeric() && c != '&')
        .filter(|w| !w.is_empty())
        .map(|w| if w == "and" { "&" } else { w })
        .collect::<Vec<_>>()
        .join("")
}

/// A heading's numbering prefix (`2.`, `2)`, `2 `) and the rest.
pub fn split_numbering(text: &str) -> (Option<usize>, &str) {
    match NUMBERING.captures(text) {
        Some(c) => {
            let n = c.get(1).and_then(|m| m.as_str().parse().ok());
            let rest = c.get(2).map_or("", |m| m.as_str());
            (n, rest)
        }
        None => (None, text),
    }
}

/// Matches one heading text against the contract.
pub fn match_heading(contract: &Contract, text: &str) -> Option<(usize, Matched)> {
    let text = text.trim();
    if let Some(i) = contract.sections.iter().position(|s| s.name == text) {
        return Some((i, Matched::Exact));
    }
    let (number, rest) = split_numbering(text);
    if let Some(n) = number
        && let Some(i) = contract.sections.iter().position(|s| s.name == rest.trim())
    {
        if contract.position(i) == n {
            return Some((i, Matched::Exact));
        }
        return Some((
            i,
            Matched::NearMiss {
                why: format!(
                    "numbered {n}, but it is section {} of the contract (the title is 1)",
                    contract.position(i)
                ),
            },
        ));
    }
    // Strip what planners add: numbering, a trailing colon, a parenthetical hint.
    let mut core = rest.trim().trim_end_matches(':').trim().to_string();
    let mut hint = false;
    while let Some(m) = PAREN_HINT.find(&core) {
        if m.start() == 0 {
            break;
        }
        core.truncate(m.start());
        hint = true;
    }
    let k = key(core.trim_end_matches(':'));
    if k.is_empty() {
        return None;
    }
    for (i, spec) in contract.sections.iter().enumerate() {
        let by_name = key(&spec.name) == k;
        if by_name || spec.aliases.iter().any(|a| key(a) == k) {
            let why = if !by_name {
                "a different name for this section".to_string()
            } else if hint {
                "the parenthetical hint from the prompt is not part of the heading".to_string()
            } else if number.is_some() {
                "numbering prefix and spelling differ".to_string()
            } else {
                "case, spacing or punctuation differ".to_string()
            };
            return Some((i, Matched::NearMiss { why }));
        }
    }
    None
}

impl Outline {
    /// Matches every H2 section of `doc` against the contract.
    pub fn build(doc: &Document, contract: &Contract) -> Self {
        let mut seen = vec![false; contract.sections.len()];
        let entries = doc
            .sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let heading = &doc.headings[s.heading];
                let spec = match_heading(contract, &heading.text);
                let duplicate = match &spec {
                    Some((idx, _)) => std::mem::replace(&mut seen[*idx], true),
                    None => false,
                };
                OutlineEntry {
                    section: i,
                    spec,
                    duplicate,
                }
            })
            .collect();
        Outline { entries }
    }

    /// The first section recognised as contract section `id` (exactly or as a near miss).
    pub fn section<'d>(
        &self,
        doc: &'d Document,
        contract: &Contract,
        id: &str,
    ) -> Option<&'d Section> {
        let idx = contract.section_index(id)?;
        self.entries
            .iter()
            .find(|e| !e.duplicate && e.spec.as_ref().is_some_and(|(i, _)| *i == idx))
            .map(|e| &doc.sections[e.section])
    }

    /// First occurrences of recognised sections, in document order: (entry, spec index).
    pub fn recognised(&self) -> impl Iterator<Item = (&OutlineEntry, usize)> {
        self.entries
            .iter()
            .filter(|e| !e.duplicate)
            .filter_map(|e| e.spec.as_ref().map(|(i, _)| (e, *i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Option<(usize, bool)> {
        let c = Contract::default();
        match_heading(&c, text).map(|(i, m)| (i, m == Matched::Exact))
    }

    #[test]
    fn exact_and_numbered() {
        assert_eq!(m("Summary"), Some((0, true)));
        assert_eq!(m("2. Summary"), Some((0, true)));
        assert_eq!(m("2) Summary"), Some((0, true)));
        assert_eq!(m("3. Summary"), Some((0, false)));
        assert_eq!(m("15. Open Questions"), Some((13, true)));
    }

    #[test]
    fn near_misses() {
        assert_eq!(m("summary"), Some((0, false)));
        assert_eq!(m("Non Goals"), Some((2, false)));
        assert_eq!(m("Assumptions and Constraints"), Some((4, false)));
        assert_eq!(m("Goals:"), Some((1, false)));
        assert_eq!(
            m("Implementation Plan (numbered steps, each with: Files, Changes, Notes)"),
            Some((7, false))
        );
        assert_eq!(m("One-paragraph Summary"), Some((0, false)));
        assert_eq!(
            m("Open Questions ([0o0o NEEDS CONFIRMATION] only)"),
            Some((13, false))
        );
        assert_eq!(m("Test Plan"), Some((9, false)));
        assert_eq!(m("Background"), None);
    }
}
