//! Helpers of the interface rules (PL312–PL314, `env_var_not_found`, `route_not_found`,
//! `flag_not_found`): the environment variables, HTTP routes and
//! command-line flags a plan presents as existing are in the repository's code or
//! configuration.
//!
//! The candidates come from [`crate::analysis::interface_refs::candidates`]; what the
//! repository holds comes from the run's one scan
//! ([`crate::workspace::symbol_index::SymbolIndex`]: identifiers, string literals of
//! files with a grammar, configuration files). Without an index (no scan ran) these
//! rules report nothing. Documents, comments and other plans are never evidence.

use crate::analysis::interface_refs::InterfaceRef;
use crate::analysis::interfaces::{is_param, segments};
use crate::diagnostic::Diagnostic;
use crate::rules::symbols::{UNVERIFIED_HELP, only_mentioned, skipped_among, unverified};
use crate::rules::{Context, Rule};
use crate::workspace::symbol_index::SymbolIndex;

/// " (it is only mentioned, in `a` and `b`)" for a message, or nothing.
pub(crate) fn mentioned(index: &SymbolIndex, name: &str) -> String {
    only_mentioned(index, name)
        .map(|m| format!(" ({m})"))
        .unwrap_or_default()
}

/// The finding for `r` when a skipped file could hold it (an unverified warning), or
/// the given one.
pub(crate) fn report_or_unverified(
    rule: &dyn Rule,
    index: &SymbolIndex,
    r: &InterfaceRef,
    message: String,
    help: String,
) -> Diagnostic {
    match skipped_among(index, |_| true) {
        Some(skipped) => rule
            .report(r.span, unverified(&r.text, &skipped))
            .with_help(UNVERIFIED_HELP),
        None => rule.report(r.span, message).with_help(help),
    }
}

/// Whether a route's segments `plan` agree with a literal's `code`, aligned at their
/// ends (a router mounted under a prefix declares the tail): equal static segments,
/// and a parameter in either matching any segment (`{id}`, `:id`, `<int:id>`).
fn route_matches(plan: &[&str], code: &[&str]) -> bool {
    if code.is_empty() || !code.iter().any(|s| !is_param(s)) {
        return false;
    }
    let (short, long) = if plan.len() <= code.len() {
        (plan, code)
    } else {
        (code, plan)
    };
    // The last segments agree in kind (`/orders/{id}/items` is not `/orders/{id}`).
    let (Some(a), Some(b)) = (short.last(), long.last()) else {
        return false;
    };
    if is_param(a) != is_param(b) || (!is_param(a) && a != b) {
        return false;
    }
    short
        .iter()
        .rev()
        .zip(long.iter().rev())
        .all(|(a, b)| is_param(a) || is_param(b) || a == b)
}

/// Whether a string literal of the code declares the route `path`: its path part (up
/// to a space, `?` or `#`; a `"GET /orders"` literal's after the method) matches.
pub(crate) fn literal_declares(literal: &str, path: &str) -> bool {
    let plan = segments(path);
    let lit = literal.trim();
    let lit = lit.rsplit(' ').next().unwrap_or(lit);
    let lit = lit.split(['?', '#']).next().unwrap_or(lit);
    if !lit.starts_with('/') && !lit.contains('/') {
        // A bare segment: `@app.get("orders")`-style routers are rare; only a literal
        // with a slash is a route.
        return false;
    }
    route_matches(&plan, &segments(lit))
}

/// Whether the symbol candidate `r` is also an interface reference (an environment
/// variable in a sentence about the environment): PL312's, not the symbol rules'.
pub(crate) fn is_interface(ctx: &Context<'_>, r: &crate::analysis::symbol_refs::SymbolRef) -> bool {
    ctx.interface_refs().iter().any(|i| i.span == r.span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_at_their_ends() {
        assert!(literal_declares("/orders/{id}", "/api/v1/orders/{id}"));
        assert!(literal_declares("/orders/:id", "/orders/{id}"));
        assert!(literal_declares("/orders/<int:id>", "/orders/{order_id}"));
        assert!(literal_declares("GET /orders", "/orders"));
        assert!(literal_declares("/api/v1/orders", "/orders"));
        assert!(!literal_declares("/orders/{id}/items", "/orders/{id}"));
        assert!(!literal_declares("/users", "/orders"));
        assert!(!literal_declares("orders", "/orders"));
        assert!(!literal_declares("/{id}", "/orders/{id}"));
    }
}
