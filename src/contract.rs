//! The plan contract: required sections, the confirmation marker, the lexicons.
//!
//! The defaults live in `rules/contract.toml`, embedded in the binary; a project
//! overrides any key in the `[contract]` table of `plan-lint.toml`.

use rayon::prelude::*;
use regex::{Regex, RegexBuilder};
use serde::Deserialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, OnceLock};

/// The default contract, as shipped.
pub const DEFAULT_CONTRACT_TOML: &str = include_str!("../rules/contract.toml");

/// One required H2 section of the contract.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    /// Stable identifier rules use (`summary`, `impact`, `steps`, …).
    pub id: String,
    /// The exact heading text.
    pub name: String,
    /// Other names planners use for the section (near misses).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The question a fix inserts (behind the marker) when the section is missing.
    #[serde(default)]
    pub question: Option<String>,
}

impl SectionSpec {
    /// The question to ask when the section is missing.
    pub fn question(&self) -> String {
        self.question
            .clone()
            .unwrap_or_else(|| format!("What belongs in the {} section of this plan?", self.name))
    }
}

/// The plan contract: what a plan must look like (defaults in `rules/contract.toml`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// The directory plans live in (`EXPORT`), relative to the repository root.
    pub export_dir: String,
    /// The marker for unknowns (`[0o0o NEEDS CONFIRMATION]`), followed by one question.
    pub marker: String,
    /// What the title starts with (`Plan:`), before `<Feature Name> (<feat_name>)`.
    pub title_prefix: String,
    /// The longest accepted `feat_name`, in bytes.
    pub max_slug_len: usize,
    /// Whether plans may live in subdirectories of `export_dir` (`EXPORT/legacy/…`).
    pub nested_plans: bool,
    /// Hedging words (PL101), each matched whole, any case, with its negative forms.
    pub hedging: Vec<String>,
    /// Weak words and phrases (PL102), matched whole, any case, judged in context.
    pub weak_wording: Vec<String>,
    /// Phrases that make the plan depend on a conversation or reading order (PL103).
    pub back_reference: Vec<String>,
    /// Regular expressions for unreplaced template text (PL104), matched outside code.
    pub placeholders: Vec<String>,
    /// Ids of the sections whose inline code names existing symbols (PL307, PL308).
    pub symbol_sections: Vec<String>,
    /// The required H2 sections, in the order a plan must have them.
    pub sections: Vec<SectionSpec>,
}

/// Keys of `[contract]` in `plan-lint.toml`: each replaces the default.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractOverride {
    /// Replaces [`Contract::export_dir`].
    pub export_dir: Option<String>,
    /// Replaces [`Contract::marker`].
    pub marker: Option<String>,
    /// Replaces [`Contract::title_prefix`].
    pub title_prefix: Option<String>,
    /// Replaces [`Contract::max_slug_len`].
    pub max_slug_len: Option<usize>,
    /// Replaces [`Contract::nested_plans`].
    pub nested_plans: Option<bool>,
    /// Replaces [`Contract::hedging`].
    pub hedging: Option<Vec<String>>,
    /// Replaces [`Contract::weak_wording`].
    pub weak_wording: Option<Vec<String>>,
    /// Replaces [`Contract::back_reference`].
    pub back_reference: Option<Vec<String>>,
    /// Replaces [`Contract::placeholders`].
    pub placeholders: Option<Vec<String>>,
    /// Replaces [`Contract::symbol_sections`].
    pub symbol_sections: Option<Vec<String>>,
    /// Replaces [`Contract::sections`] (the whole list).
    pub sections: Option<Vec<SectionSpec>>,
}

impl Default for Contract {
    fn default() -> Self {
        toml::from_str(DEFAULT_CONTRACT_TOML).expect("rules/contract.toml is valid (tested)")
    }
}

impl Contract {
    /// Replaces each key `o` sets; the others keep their value.
    pub fn apply(&mut self, o: ContractOverride) {
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = o.$f { self.$f = v; } )* };
        }
        set!(
            export_dir,
            marker,
            title_prefix,
            max_slug_len,
            nested_plans,
            hedging,
            weak_wording,
            back_reference,
            placeholders,
            symbol_sections,
            sections
        );
    }

    /// Position of a section in the contract numbering: the title is 1, the first
    /// section 2, …
    pub fn position(&self, index: usize) -> usize {
        index + 2
    }

    /// Index of the section with id `id` in [`Contract::sections`].
    pub fn section_index(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }
}

/// The contract's lexicons, each compiled to regular expressions on first use: a run
/// whose rules read no lexicon (`--select PL001`) compiles none, and the default
/// lexicons are compiled at most once per process, however many configurations,
/// plans and threads read them. Cloning is cheap (the compiled lexicons are shared).
#[derive(Debug, Clone)]
pub struct Lexicons {
    hedging: Arc<Lexicon<Option<Regex>>>,
    weak_wording: Arc<Lexicon<Option<Regex>>>,
    back_reference: Arc<Lexicon<Option<Regex>>>,
    placeholders: Arc<Lexicon<Vec<Regex>>>,
}

/// One lexicon: its entries and, once a rule asked for it, its compiled form.
#[derive(Debug)]
struct Lexicon<T> {
    entries: Vec<String>,
    compiled: OnceLock<T>,
}

impl<T> Lexicon<T> {
    /// A lexicon compiled on first use.
    fn lazy(entries: &[String]) -> Arc<Self> {
        Arc::new(Lexicon {
            entries: entries.to_vec(),
            compiled: OnceLock::new(),
        })
    }

    /// A lexicon compiled already.
    fn compiled(entries: &[String], compiled: T) -> Arc<Self> {
        Arc::new(Lexicon {
            entries: entries.to_vec(),
            compiled: OnceLock::from(compiled),
        })
    }

    /// The compiled lexicon; the first caller compiles it with `compile` (entries that
    /// reach here compile: they are the defaults, or were compiled when the config was
    /// read). Compiling runs on the calling thread, without rayon: a rayon worker
    /// waiting here for another thread's compilation cannot be handed work that waits
    /// for this same lexicon.
    fn get(&self, key: &str, compile: impl FnOnce(&[String]) -> Result<T, LexiconError>) -> &T {
        self.compiled.get_or_init(|| match compile(&self.entries) {
            Ok(compiled) => compiled,
            Err(e) => panic!(
                "lexicon `{key}` compiles (checked when read): {}",
                e.message
            ),
        })
    }
}

/// How many lexicons this process compiled (each of the four counts once per
/// compilation; the placeholder patterns count as one lexicon). Tests read it to show
/// that lexicons are compiled only when a rule needs them, once per process.
static COMPILATIONS: AtomicUsize = AtomicUsize::new(0);

/// How many lexicons this process has compiled so far (a test hook).
#[doc(hidden)]
pub fn lexicon_compilations() -> usize {
    COMPILATIONS.load(Ordering::Relaxed)
}

/// The default contract's lexicons, shared by every configuration that keeps them.
static DEFAULT_LEXICONS: LazyLock<Lexicons> = LazyLock::new(|| {
    let c = Contract::default();
    Lexicons {
        hedging: Lexicon::lazy(&c.hedging),
        weak_wording: Lexicon::lazy(&c.weak_wording),
        back_reference: Lexicon::lazy(&c.back_reference),
        placeholders: Lexicon::lazy(&c.placeholders),
    }
});

/// Which lexicon entry failed to compile, and why.
#[derive(Debug, Clone)]
pub struct LexiconError {
    /// The lexicon's key in `[contract]` (`hedging`, `placeholders`, …).
    pub key: &'static str,
    /// The entry at fault, when one is (`None`: the lexicon as a whole, e.g. too large).
    pub index: Option<usize>,
    /// What is wrong, in one line (`entry 2 is empty, …`).
    pub message: String,
}

/// Compiled-size budget shared by all placeholder patterns (each is its own regex, so
/// without a shared budget 256 patterns like `\w{30}` would take gigabytes).
const PLACEHOLDER_NFA_BUDGET: usize = 64 << 20;
/// Lazy-DFA cache budget shared by all placeholder patterns (per searching thread).
const PLACEHOLDER_DFA_BUDGET: usize = 32 << 20;
/// The `regex` crate's defaults, the most one placeholder pattern gets.
const REGEX_SIZE_LIMIT: usize = 10 << 20;
const REGEX_DFA_SIZE_LIMIT: usize = 2 << 20;

/// Refuses entries that would match at every position: empty or whitespace-only
/// entries in any lexicon, and placeholder patterns that can match the empty string
/// (`x*`, `\b`, `(?:)`). Checked in key order, so the first bad entry is reported.
fn check_entries(c: &Contract) -> Result<(), LexiconError> {
    let lists: [(&'static str, &[String]); 4] = [
        ("hedging", &c.hedging),
        ("weak_wording", &c.weak_wording),
        ("back_reference", &c.back_reference),
        ("placeholders", &c.placeholders),
    ];
    for (key, list) in lists {
        if DEFAULT_LEXICONS.entries(key) == list {
            continue; // the defaults (tested)
        }
        for (index, entry) in list.iter().enumerate() {
            let problem = if entry.is_empty() {
                "is empty, so it would match at every position"
            } else if entry.trim().is_empty() {
                "is only whitespace, so it would match at every space"
            } else if key == "placeholders" && matches_empty(entry) {
                "matches the empty string, so it would match at every position"
            } else {
                continue;
            };
            return Err(LexiconError {
                key,
                index: Some(index),
                message: format!("entry {} {problem}", index + 1),
            });
        }
    }
    Ok(())
}

/// Whether a regular expression can match the empty string (a pattern that does not
/// parse is left to the compiler, which reports it).
fn matches_empty(pattern: &str) -> bool {
    regex_syntax::Parser::new()
        .parse(pattern)
        .is_ok_and(|hir| hir.properties().minimum_len() == Some(0))
}

impl Lexicons {
    /// The lexicons of `c`. Those `c` changed from the defaults are checked and
    /// compiled now, so that their errors are reported when the config is read; the
    /// others are the process-wide defaults, compiled when a rule first reads them.
    /// The changed ones are compiled in parallel; errors come back in key order
    /// whichever finishes first.
    ///
    /// Entries that would match at every position are errors (`check_entries`), and
    /// the placeholder patterns share one compiled-size budget, so memory stays bounded
    /// whatever the config holds.
    pub fn compile(c: &Contract) -> Result<Self, LexiconError> {
        check_entries(c)?;
        let d = &*DEFAULT_LEXICONS;
        let phrases =
            |entries: &[String],
             default: &Arc<Lexicon<Option<Regex>>>,
             compile: fn(&[String]) -> Result<Option<Regex>, LexiconError>| {
                if default.entries == entries {
                    return Ok(Arc::clone(default));
                }
                compile(entries).map(|re| Lexicon::compiled(entries, re))
            };
        let placeholders = || -> Result<Arc<Lexicon<Vec<Regex>>>, LexiconError> {
            if d.placeholders.entries == c.placeholders {
                return Ok(Arc::clone(&d.placeholders));
            }
            compile_placeholders(&c.placeholders, true)
                .map(|res| Lexicon::compiled(&c.placeholders, res))
        };
        let ((hedging, weak_wording), (back_reference, placeholders)) = rayon::join(
            || {
                rayon::join(
                    || phrases(&c.hedging, &d.hedging, compile_hedging),
                    || phrases(&c.weak_wording, &d.weak_wording, compile_weak_wording),
                )
            },
            || {
                rayon::join(
                    || phrases(&c.back_reference, &d.back_reference, compile_back_reference),
                    placeholders,
                )
            },
        );
        Ok(Lexicons {
            hedging: hedging?,
            weak_wording: weak_wording?,
            back_reference: back_reference?,
            placeholders: placeholders?,
        })
    }

    /// All hedging words in one pattern (`None` when the list is empty), for PL101.
    pub fn hedging(&self) -> Option<&Regex> {
        self.hedging.get("hedging", compile_hedging).as_ref()
    }

    /// All weak-wording phrases in one pattern (`None` when the list is empty), for
    /// PL102.
    pub fn weak_wording(&self) -> Option<&Regex> {
        self.weak_wording
            .get("weak_wording", compile_weak_wording)
            .as_ref()
    }

    /// All back-reference phrases in one pattern (`None` when the list is empty), for
    /// PL103.
    pub fn back_reference(&self) -> Option<&Regex> {
        self.back_reference
            .get("back_reference", compile_back_reference)
            .as_ref()
    }

    /// One pattern per placeholder entry, in order, for PL104.
    pub fn placeholders(&self) -> &[Regex] {
        self.placeholders.get("placeholders", |entries| {
            compile_placeholders(entries, false)
        })
    }

    /// The entries of the lexicon `key` (one of the four keys of `check_entries`).
    fn entries(&self, key: &str) -> &[String] {
        match key {
            "hedging" => &self.hedging.entries,
            "weak_wording" => &self.weak_wording.entries,
            "back_reference" => &self.back_reference.entries,
            _ => &self.placeholders.entries,
        }
    }
}

/// The hedging lexicon: the words, then an optional negation glued on (`n't`) or
/// following (` not`).
fn compile_hedging(entries: &[String]) -> Result<Option<Regex>, LexiconError> {
    if entries.is_empty() {
        return Ok(None);
    }
    COMPILATIONS.fetch_add(1, Ordering::Relaxed);
    let words: Vec<String> = entries.iter().map(|w| phrase_pattern(w)).collect();
    let pattern = format!(r"\b(?:{})(?:n['’]t\b|\s+not\b|\b)", words.join("|"));
    case_insensitive(&pattern)
        .map(Some)
        .map_err(|e| LexiconError {
            key: "hedging",
            index: None,
            message: regex_message(&e),
        })
}

fn compile_weak_wording(entries: &[String]) -> Result<Option<Regex>, LexiconError> {
    phrases_regex(entries, "weak_wording")
}

fn compile_back_reference(entries: &[String]) -> Result<Option<Regex>, LexiconError> {
    phrases_regex(entries, "back_reference")
}

/// The placeholder patterns, each its own regex, sharing one size budget; compiled in
/// parallel when `parallel` (never from inside a rule: see `Lexicon::get`).
fn compile_placeholders(entries: &[String], parallel: bool) -> Result<Vec<Regex>, LexiconError> {
    COMPILATIONS.fetch_add(1, Ordering::Relaxed);
    let n = entries.len().max(1);
    let size_limit = (PLACEHOLDER_NFA_BUDGET / n).min(REGEX_SIZE_LIMIT);
    let dfa_size_limit = (PLACEHOLDER_DFA_BUDGET / n).min(REGEX_DFA_SIZE_LIMIT);
    let build = |(index, p): (usize, &String)| {
        RegexBuilder::new(p)
            .size_limit(size_limit)
            .dfa_size_limit(dfa_size_limit)
            .build()
            .map_err(|e| LexiconError {
                key: "placeholders",
                index: Some(index),
                message: format!("entry {}: {}", index + 1, regex_message(&e)),
            })
    };
    if parallel {
        entries.par_iter().enumerate().map(build).collect()
    } else {
        entries.iter().enumerate().map(build).collect()
    }
}

/// A regex error in one line: the description of a syntax error, without the pattern
/// and caret lines `regex` prints above it.
fn regex_message(e: &regex::Error) -> String {
    match e {
        regex::Error::Syntax(s) => s
            .lines()
            .rev()
            .find_map(|l| l.strip_prefix("error: "))
            .unwrap_or_else(|| s.lines().last().unwrap_or(""))
            .to_string(),
        regex::Error::CompiledTooBig(limit) => {
            format!("the compiled pattern would be larger than {limit} bytes")
        }
        e => e.to_string(),
    }
}

fn case_insensitive(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern).case_insensitive(true).build()
}

/// A literal phrase as a pattern: words separated by any whitespace.
fn phrase_pattern(phrase: &str) -> String {
    phrase
        .split_whitespace()
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+")
}

/// One alternation of whole-word phrases, longest first so that the longest wins.
fn phrases_regex(phrases: &[String], key: &'static str) -> Result<Option<Regex>, LexiconError> {
    // (empty entries were refused by `check_entries`)
    let mut sorted: Vec<&String> = phrases.iter().collect();
    if sorted.is_empty() {
        return Ok(None);
    }
    COMPILATIONS.fetch_add(1, Ordering::Relaxed);
    sorted.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let alts: Vec<String> = sorted
        .iter()
        .map(|p| {
            let p = p.trim();
            let starts_word = p
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            let ends_word = p
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            format!(
                "{}{}{}",
                if starts_word { r"\b" } else { "" },
                phrase_pattern(p),
                if ends_word { r"\b" } else { "" }
            )
        })
        .collect();
    case_insensitive(&alts.join("|"))
        .map(Some)
        .map_err(|e| LexiconError {
            key,
            index: None,
            message: regex_message(&e),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_contract_parses_and_compiles() {
        let c = Contract::default();
        assert_eq!(c.sections.len(), 14);
        assert_eq!(c.sections[0].name, "Summary");
        assert_eq!(c.sections[13].name, "Open Questions");
        assert_eq!(c.symbol_sections, vec!["snapshot".to_string()]);
        assert!(
            c.symbol_sections
                .iter()
                .all(|id| c.section_index(id).is_some())
        );
        let lex = Lexicons::compile(&c).unwrap();
        let h = lex.hedging().unwrap();
        let found: Vec<&str> = h
            .find_iter("We should not; it shouldn't; Might be; shoulder mighty")
            .map(|m| m.as_str())
            .collect();
        assert_eq!(found, vec!["should not", "shouldn't", "Might"]);
        let w = lex.weak_wording().unwrap();
        assert_eq!(w.find("files, etc. and").map(|m| m.as_str()), Some("etc."));
        assert_eq!(w.find("we try  to do").map(|m| m.as_str()), Some("try  to"));
        assert!(w.find("wouldn").is_none());
    }

    #[test]
    fn entries_matching_everywhere_are_refused() {
        let with = |f: &dyn Fn(&mut Contract)| {
            let mut c = Contract::default();
            f(&mut c);
            Lexicons::compile(&c)
                .map(|_| ())
                .map_err(|e| (e.key, e.index, e.message))
        };
        let e = with(&|c| c.hedging = vec!["should".into(), String::new()]).unwrap_err();
        assert_eq!(
            e,
            (
                "hedging",
                Some(1),
                "entry 2 is empty, so it would match at every position".into()
            )
        );
        let e = with(&|c| c.back_reference = vec![" \t".into()]).unwrap_err();
        assert_eq!((e.0, e.1), ("back_reference", Some(0)));
        assert!(e.2.contains("only whitespace"), "{}", e.2);
        for p in ["", "x*", "(?:)", r"\b", "(?i)", "a|", r"^\s*$"] {
            let e = with(&|c| c.placeholders = vec!["TODO".into(), p.into()]).unwrap_err();
            assert_eq!((e.0, e.1), ("placeholders", Some(1)), "{p:?}");
        }
        // what can match nothing is fine; so is a pattern that needs one character
        assert!(with(&|c| c.placeholders = vec!["x+".into(), r"\bTODO\b".into()]).is_ok());
    }

    #[test]
    fn placeholders_share_one_size_budget() {
        // 256 patterns, each compiled to a large automaton, would take about 650 MB
        // without a shared budget; with it, compiling them is refused
        let mut c = Contract {
            placeholders: vec![r"\w{30}".to_string(); 256],
            ..Contract::default()
        };
        let e = Lexicons::compile(&c).map(|_| ()).unwrap_err();
        assert_eq!((e.key, e.index.is_some()), ("placeholders", true));
        assert!(
            e.message.contains("compiled pattern would be larger than"),
            "{}",
            e.message
        );
        // the shipped patterns fit even the smallest share, 256 of them at once
        let defaults = Contract::default().placeholders;
        c.placeholders = defaults.iter().cycle().take(256).cloned().collect();
        assert!(Lexicons::compile(&c).is_ok());
    }
}
