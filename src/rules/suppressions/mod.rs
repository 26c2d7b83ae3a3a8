//! Suppression rules (PL9xx): the inline suppression comments themselves
//! (`<!-- plan-lint-disable PL101 -->`, see [`crate::analysis::suppress`]).
//!
//! These two rules read what every other rule found, so they cannot run beside them:
//! they declare [`Phase::Suppressions`](crate::rules::Phase::Suppressions), their
//! [`crate::rules::Rule::check`] returns nothing, and the engine
//! ([`crate::engine::lint::Linter::lint_document`]) calls their
//! [`crate::rules::Rule::check_suppressions`] after it has run the other rules and dropped
//! the suppressed findings. Their findings are never suppressed by a comment.

pub(crate) mod unknown_suppression;
pub(crate) mod unused_suppression;
