//! Where a plan presents environment variables, HTTP routes and command-line flags as
//! existing (PL312-PL314): inline code in the sections that describe what exists (the
//! contract's `symbol_sections`, and Assumptions & Constraints) and in a step's Changes
//! that edit them, never where the plan introduces them (a step that adds them, a
//! sentence that calls them new, a block carrying the confirmation marker). Their
//! shapes are [`crate::analysis::interfaces`]'s.

use crate::analysis::interfaces::{Interface, interface_of};
use crate::analysis::outline::Outline;
use crate::analysis::steps::{FieldKind, STEPS_SECTION, Steps};
use crate::analysis::symbol_refs::{Action, MarkerCheck, classified_spans, says_new};
use crate::contract::Contract;
use crate::document::model::Document;
use crate::document::source::Span;

/// The section read besides the contract's `symbol_sections`.
const ASSUMPTIONS: &str = "assumptions";

/// One interface reference of a plan.
#[derive(Debug, Clone)]
pub struct InterfaceRef {
    /// The code span's text, trimmed.
    pub text: String,
    /// The code span's content, trimmed.
    pub span: Span,
    /// What it names.
    pub interface: Interface,
}

/// Every interface reference of one plan, in document order.
pub fn candidates(
    doc: &Document,
    contract: &Contract,
    outline: &Outline,
    steps: &Steps,
) -> Vec<InterfaceRef> {
    let marks = MarkerCheck::new(doc, &contract.marker);
    let mut out = Vec::new();
    let mut seen = Vec::new();
    let ids = contract
        .symbol_sections
        .iter()
        .map(String::as_str)
        .chain([ASSUMPTIONS]);
    for id in ids {
        if id == STEPS_SECTION {
            continue;
        }
        let Some(section) = outline.section(doc, contract, id) else {
            continue;
        };
        if seen.contains(&section.span) {
            continue;
        }
        seen.push(section.span);
        for code in doc.code_spans_in(section.body) {
            if marks.marked(code.span) || says_new(doc, section.body, code.span) {
                continue;
            }
            if let Some(interface) = interface_of(doc, code) {
                out.push(InterfaceRef {
                    text: code.text.trim().to_string(),
                    span: doc.trimmed(code.content),
                    interface,
                });
            }
        }
    }
    for step in &steps.steps {
        for field in step.fields.iter().filter(|f| f.kind == FieldKind::Changes) {
            for (code, action) in classified_spans(doc, field.content) {
                if action != Action::Edit || marks.marked(code.span) {
                    continue;
                }
                if let Some(interface) = interface_of(doc, code) {
                    out.push(InterfaceRef {
                        text: code.text.trim().to_string(),
                        span: doc.trimmed(code.content),
                        interface,
                    });
                }
            }
        }
    }
    out.sort_by_key(|r| r.span.start);
    out
}
