//! Rules: one module per rule, grouped by what they read.
//!
//! * `structure` (PL0xx): title, slug, file name, the required sections and their order.
//! * `language` (PL1xx): hedging, weak wording, back-references, placeholders in prose;
//!   invisible and bidi control characters anywhere.
//! * `impact` (PL2xx): the impact table and the repository it describes.
//! * `steps` (PL301–PL305): the numbered steps and their Files, Changes and Notes.
//! * `references` (PL306, PL311): paths written anywhere in the plan exist and are
//!   repository-relative.
//! * `symbols` (PL307–PL309): code symbols the plan names exist in the repository, in
//!   the file it names, in the step's files (through [`crate::workspace::symbol_index::SymbolIndex`]).
//! * `sections` (PL4xx): testing, verification, rollback, audit, "N/A" sections.
//! * `markers` (PL5xx): the confirmation marker and the Open Questions.
//! * `suppressions` (PL9xx): the suppression comments themselves (reported by the
//!   engine after the other rules ran, see `crate::analysis::suppress`).
//!
//! A rule implements [`Rule`]: static metadata ([`RuleMeta`]) and `check`, which reads a
//! shared [`Context`] and returns diagnostics. Rules never mutate anything and never
//! touch the file system except through [`crate::workspace::fs_view::FsView`].

use crate::analysis::impact::Impact;
use crate::analysis::outline::Outline;
use crate::analysis::steps::Steps;
use crate::analysis::suppress::Suppressions;
use crate::analysis::symbol_refs::SymbolRef;
use crate::contract::{Contract, Lexicons};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::model::Document;
use crate::document::source::Span;
use crate::workspace::fs_view::FsView;
use crate::workspace::symbol_index::SymbolIndex;
use std::path::Path;
use std::sync::OnceLock;

pub(crate) mod impact;
pub(crate) mod language;
pub(crate) mod markers;
pub(crate) mod references;
pub(crate) mod sections;
pub(crate) mod steps;
pub(crate) mod structure;
pub(crate) mod suppressions;
pub(crate) mod symbols;

#[cfg(test)]
pub mod tester;

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    /// Fixed code, e.g. `PL101`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `hedging`.
    pub name: &'static str,
    /// The severity a finding has when the configuration does not change it.
    pub severity: Severity,
    /// One line: what the rule checks.
    pub summary: &'static str,
    /// The folder under `src/rules/` the rule lives in (checked by a test).
    pub group: Group,
    /// Whether the rule's findings carry a fix, and the highest tier such a fix has:
    /// checked against the rule's test vectors by the shared tester
    /// (`src/rules/tester.rs`) and against the "Fix safety" section of its page by
    /// `tests/docs.rs`.
    pub fix: FixAvailability,
    /// When the engine runs the rule ([`Phase`]).
    pub phase: Phase,
}

/// The group of a rule: the folder of its file under `src/rules/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// PL0xx: title, slug, file name, the required sections and their order.
    Structure,
    /// PL1xx: the wording of the prose, and invisible or bidi control characters.
    Language,
    /// PL2xx: the impact table and the repository it describes.
    Impact,
    /// PL301–PL305: the numbered steps and their Files, Changes and Notes.
    Steps,
    /// PL4xx: testing, verification, rollback, audit and "N/A" sections.
    Sections,
    /// PL5xx: the confirmation marker and the Open Questions.
    Markers,
    /// PL306, PL311: paths written anywhere in the plan.
    References,
    /// PL307–PL309: code symbols the plan names.
    Symbols,
    /// PL9xx: the suppression comments themselves.
    Suppressions,
}

impl Group {
    /// The folder name (`structure`, …).
    pub fn folder(self) -> &'static str {
        match self {
            Group::Structure => "structure",
            Group::Language => "language",
            Group::Impact => "impact",
            Group::Steps => "steps",
            Group::Sections => "sections",
            Group::Markers => "markers",
            Group::References => "references",
            Group::Symbols => "symbols",
            Group::Suppressions => "suppressions",
        }
    }
}

/// Whether a rule's findings carry a [`crate::diagnostic::Fix`] (after oxc's
/// `fix = "..."` declarations): never, for some findings, or for every finding. The
/// applicability is the highest tier a fix of the rule can have (a rule whose fixes
/// are safe in one place and a suggestion in another declares `Safe`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    /// No finding carries a fix.
    None,
    /// Some findings carry a fix, of at most this tier.
    Sometimes(Applicability),
    /// Every finding carries a fix, of at most this tier.
    Always(Applicability),
}

impl FixAvailability {
    /// The highest tier a fix of the rule has, or `None` when the rule has no fix.
    pub fn applicability(self) -> Option<Applicability> {
        match self {
            FixAvailability::None => None,
            FixAvailability::Sometimes(a) | FixAvailability::Always(a) => Some(a),
        }
    }
}

/// When the engine runs a rule over a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// With the other rules, in parallel: [`Rule::check`].
    Document,
    /// After every document-phase rule ran and the suppression comments dropped the
    /// findings they cover: [`Rule::check_suppressions`] (PL901, PL902). Its findings
    /// are never suppressed.
    Suppressions,
}

/// What a [`Phase::Suppressions`] rule reads: the document's suppression comments after
/// they filtered the other rules' findings.
pub struct SuppressionContext<'a> {
    /// The plan.
    pub doc: &'a Document,
    /// The plan's suppression comments, with which of them suppressed a finding.
    pub suppressions: &'a Suppressions,
    /// Whether a rule (by code) ran on this document.
    pub active: &'a dyn Fn(&str) -> bool,
    /// Whether unused suppressions are reported (`--report-unused-disables`).
    pub report_unused: bool,
}

/// Everything a rule may read about one plan.
pub struct Context<'a> {
    /// The plan.
    pub doc: &'a Document,
    /// The contract the plan is checked against.
    pub contract: &'a Contract,
    /// The contract's lexicons, compiled once per configuration.
    pub lexicons: &'a Lexicons,
    /// Which H2 heading is which contract section.
    pub outline: &'a Outline,
    /// The plan's impact tables.
    pub impact: &'a Impact,
    /// The plan's numbered steps.
    pub steps: &'a Steps,
    /// The repository the plan describes.
    pub fs: &'a FsView,
    /// The plan's path relative to the repository root, when it is inside it.
    pub rel_path: Option<&'a Path>,
    /// Where the run's symbol candidates occur in the repository (one scan per run, see
    /// [`crate::workspace::symbol_index`]). `None` when no scan ran: the symbol rules report nothing.
    pub symbols: Option<&'a SymbolIndex>,
    /// The plan's symbol references, found on first use and shared by PL307-PL309.
    pub symbol_refs: OnceLock<Vec<SymbolRef>>,
    /// The plan's environment variables, routes and flags, found on first use and
    /// shared by PL312-PL314.
    pub interface_refs: OnceLock<Vec<crate::analysis::interface_refs::InterfaceRef>>,
}

impl Context<'_> {
    /// The code symbols the plan names ([`crate::analysis::symbol_refs::candidates`]), computed once
    /// per document whichever symbol rule asks first.
    pub fn symbol_refs(&self) -> &[SymbolRef] {
        self.symbol_refs.get_or_init(|| {
            crate::analysis::symbol_refs::candidates(
                self.doc,
                self.contract,
                self.outline,
                self.steps,
            )
        })
    }

    /// The environment variables, routes and flags the plan presents as existing
    /// ([`crate::analysis::interface_refs::candidates`]), computed once per document.
    pub fn interface_refs(&self) -> &[crate::analysis::interface_refs::InterfaceRef] {
        self.interface_refs.get_or_init(|| {
            crate::analysis::interface_refs::candidates(
                self.doc,
                self.contract,
                self.outline,
                self.steps,
            )
        })
    }
}

/// A lint rule: its metadata and the checks it runs over one plan.
pub trait Rule: Send + Sync {
    /// The rule's code, name, severity, group, fix availability and phase.
    fn meta(&self) -> &'static RuleMeta;

    /// The findings of a [`Phase::Document`] rule.
    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic>;

    /// The findings of a [`Phase::Suppressions`] rule; nothing for the others.
    fn check_suppressions(&self, _ctx: &SuppressionContext<'_>) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// The severity of the finding `d` when the rule runs at `level`: `level`, except
    /// for a finding the rule could not verify (PL307-PL309 when the repository scan
    /// skipped a file that could hold the symbol), which is at most a warning.
    fn severity_of(&self, _d: &Diagnostic, level: Severity) -> Severity {
        level
    }

    /// The rule's code (`PL101`).
    fn code(&self) -> &'static str {
        self.meta().code
    }

    /// The rule's kebab-case name (`hedging`).
    fn name(&self) -> &'static str {
        self.meta().name
    }

    /// A diagnostic of this rule at its default severity.
    fn report(&self, span: Span, message: String) -> Diagnostic {
        let meta = self.meta();
        Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: meta.severity,
            message,
            span,
            label: None,
            help: None,
            fix: None,
        }
    }
}

/// Every rule, in code order.
pub fn all() -> &'static [&'static dyn Rule] {
    static ALL: &[&dyn Rule] = &[
        &structure::title::Title,
        &structure::slug::Slug,
        &structure::file_name::FileName,
        &structure::missing_section::MissingSection,
        &structure::section_order::SectionOrder,
        &structure::section_name::SectionName,
        &structure::duplicate_section::DuplicateSection,
        &structure::unknown_section::UnknownSection,
        &structure::empty_section::EmptySection,
        &structure::summary_paragraph::SummaryParagraph,
        &structure::heading_increment::HeadingIncrement,
        &language::hedging::Hedging,
        &language::weak_wording::WeakWording,
        &language::back_reference::BackReference,
        &language::placeholder::Placeholder,
        &language::invisible_character::InvisibleCharacter,
        &impact::impact_table::ImpactTable,
        &impact::change_type::ChangeType,
        &impact::path_not_found::PathNotFound,
        &impact::path_exists::PathExists,
        &impact::path_outside_root::PathOutsideRoot,
        &impact::glob_no_match::GlobNoMatch,
        &impact::duplicate_path::DuplicatePath,
        &impact::empty_cell::EmptyCell,
        &steps::steps_numbered::StepsNumbered,
        &steps::step_fields::StepFields,
        &steps::step_files_concrete::StepFilesConcrete,
        &steps::step_file_unlisted::StepFileUnlisted,
        &steps::impact_row_unused::ImpactRowUnused,
        &references::reference_not_found::ReferenceNotFound,
        &symbols::symbol_not_found::SymbolNotFound,
        &symbols::symbol_not_in_file::SymbolNotInFile,
        &symbols::step_symbol_not_found::StepSymbolNotFound,
        &steps::create_existing::CreateExisting,
        &references::local_path::LocalPath,
        &symbols::env_var_not_found::EnvVarNotFound,
        &symbols::route_not_found::RouteNotFound,
        &symbols::flag_not_found::FlagNotFound,
        &sections::test_commands::TestCommands,
        &sections::test_locations::TestLocations,
        &sections::verification_checklist::VerificationChecklist,
        &sections::rollback::Rollback,
        &sections::audit_reviews::AuditReviews,
        &sections::not_applicable_reason::NotApplicableReason,
        &markers::open_question_marker::OpenQuestionMarker,
        &markers::single_question::SingleQuestion,
        &markers::marker_format::MarkerFormat,
        &markers::marker_unlisted::MarkerUnlisted,
        &markers::unresolved_question::UnresolvedQuestion,
        &suppressions::unknown_suppression::UnknownSuppression,
        &suppressions::unused_suppression::UnusedSuppression,
    ];
    ALL
}

/// Finds a rule by code (`PL101`, any case) or name (`hedging`).
pub fn find(key: &str) -> Option<&'static dyn Rule> {
    all()
        .iter()
        .copied()
        .find(|r| r.code().eq_ignore_ascii_case(key) || r.name() == key)
}

/// `(code, name)` of every rule, in [`all`]'s order: what `crate::analysis::suppress` resolves
/// a directive's codes against (passed in, so `suppress` does not import the registry).
pub fn names() -> &'static [(&'static str, &'static str)] {
    static NAMES: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    NAMES.get_or_init(|| all().iter().map(|r| (r.code(), r.name())).collect())
}

/// The codes of the suppression-phase rules (PL901, PL902): no suppression comment
/// drops their findings.
pub fn unsuppressible() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| {
        all()
            .iter()
            .filter(|r| r.meta().phase == Phase::Suppressions)
            .map(|r| r.code())
            .collect()
    })
}

/// Rules whose code starts with `prefix` (`PL1` selects PL101–PL105), or the rule
/// named `prefix`.
pub fn matching(prefix: &str) -> Vec<&'static dyn Rule> {
    if let Some(r) = all().iter().copied().find(|r| r.name() == prefix) {
        return vec![r];
    }
    let p = prefix.to_ascii_uppercase();
    if p == "ALL" {
        return all().to_vec();
    }
    all()
        .iter()
        .copied()
        .filter(|r| r.code().starts_with(&p))
        .collect()
}

/// The contract section `id` when it is present and not deferred: what the rules that
/// check a section's content start from (a missing section is PL004's finding, a
/// deferred one waits for its answer).
pub fn live_section<'d>(
    ctx: &Context<'d>,
    id: &str,
) -> Option<&'d crate::document::model::Section> {
    let section = ctx.outline.section(ctx.doc, ctx.contract, id)?;
    (!deferred(ctx, section)).then_some(section)
}

/// Whether a section is deferred: its body is only paragraphs and carries the
/// confirmation marker (the content is unknown and asked about). Rules that check a
/// section's shape (a table, steps, a command, a checklist…) skip a deferred section;
/// the marker rules check the question instead.
pub fn deferred(ctx: &Context<'_>, section: &crate::document::model::Section) -> bool {
    let doc = ctx.doc;
    let mut blocks = doc
        .top_blocks_in(section.body)
        .filter(|b| !crate::document::model::is_comment(doc, b))
        .peekable();
    blocks.peek().is_some()
        && blocks.all(|b| b.kind == crate::document::model::BlockKind::Paragraph)
        && crate::document::blocks::prose_contains(doc, section.body, &ctx.contract.marker)
}

/// Whether a prose match is quoted or asked rather than stated: inside a double-quoted
/// string on its line ("The message reads \"Retry would exceed the limit\""), or in the
/// question that follows a confirmation marker in its block ("\[marker\] Should the
/// limit apply per key?"). The hedging and weak-wording rules skip such matches.
pub fn quoted_or_asked(ctx: &Context<'_>, span: Span) -> bool {
    let doc = ctx.doc;
    let line = doc.lines.line_of(span.start);
    let before = &doc.source[doc.lines.line_start(line).min(span.start)..span.start];
    let after_end = doc.lines.line_end(&doc.source, line).max(span.end);
    let after = &doc.source[span.end..after_end];
    let straight = before.matches('"').count() % 2 == 1 && after.contains('"');
    let curly = before
        .rfind('“')
        .is_some_and(|open| !before[open..].contains('”'))
        && after.contains('”');
    if straight || curly {
        return true;
    }
    let marker = &ctx.contract.marker;
    if marker.is_empty() {
        return false;
    }
    let block = crate::document::blocks::leaf_block(doc, span);
    doc.text(Span::new(block.start, span.start))
        .contains(marker.as_str())
}

/// The rule table as Markdown (the README's table is checked against it by a test).
pub fn markdown_table() -> String {
    let mut s = String::from(
        "| Code | Name | Default | What it checks |\n|------|------|---------|----------------|\n",
    );
    for r in all() {
        let m = r.meta();
        s.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            m.code,
            m.name,
            m.severity,
            m.summary.replace('|', "\\|")
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_sorted() {
        let codes: Vec<_> = all().iter().map(|r| r.code()).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        let mut names: Vec<_> = all().iter().map(|r| r.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), codes.len());
    }

    /// Each rule's declared group is the folder of the file that declares its code.
    #[test]
    fn groups_are_the_folders() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        let mut problems = Vec::new();
        for r in all() {
            let needle = format!("code: \"{}\",", r.code());
            let mut homes = Vec::new();
            for dir in std::fs::read_dir(&root).unwrap() {
                let dir = dir.unwrap().path();
                if !dir.is_dir() {
                    continue;
                }
                for file in std::fs::read_dir(&dir).unwrap() {
                    let file = file.unwrap().path();
                    let text = std::fs::read_to_string(&file).unwrap_or_default();
                    if text.contains(&needle) {
                        homes.push(dir.file_name().unwrap().to_string_lossy().into_owned());
                    }
                }
            }
            if homes != [r.meta().group.folder()] {
                problems.push(format!(
                    "{} declares {:?}, its code is declared in {homes:?}",
                    r.code(),
                    r.meta().group
                ));
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
    }

    /// The suppression rules, and only they, run after the suppression comments were
    /// applied.
    #[test]
    fn suppression_rules_run_in_their_phase() {
        for r in all() {
            let m = r.meta();
            assert_eq!(
                m.phase == Phase::Suppressions,
                m.group == Group::Suppressions,
                "{}",
                m.code
            );
        }
    }

    #[test]
    fn selection_by_prefix_and_name() {
        assert_eq!(matching("PL1").len(), 5);
        assert_eq!(matching("hedging")[0].code(), "PL101");
        assert!(matching("PL8").is_empty());
        assert_eq!(matching("PL9").len(), 2);
        assert_eq!(find("pl101").map(|r| r.name()), Some("hedging"));
    }
}
