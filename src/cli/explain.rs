//! `plan-lint rules` and `plan-lint explain <CODE|name>`.

use crate::cli::print::{error, print_stdout};
use crate::docs;
use crate::engine::exit::EXIT_CLEAN;
use crate::rules;
use std::io::IsTerminal;

pub(crate) fn print_rules() -> i32 {
    let mut out = String::new();
    out.push_str(&format!(
        "{:<7} {:<22} {:<8} {}\n",
        "CODE", "NAME", "SEVERITY", "SUMMARY"
    ));
    for r in rules::all() {
        let m = r.meta();
        out.push_str(&format!(
            "{:<7} {:<22} {:<8} {}\n",
            m.code,
            m.name,
            m.severity.to_string(),
            m.summary
        ));
    }
    print_stdout(&out);
    EXIT_CLEAN
}

pub(crate) fn explain(key: &str) -> i32 {
    // Codes and names in any case (`hedging`, `HEDGING`, `pl101`).
    let key_found = rules::find(key.trim()).or_else(|| rules::find(&key.trim().to_lowercase()));
    let Some(rule) = key_found else {
        return error(format!(
            "unknown rule `{key}`; run `plan-lint rules` to list rule codes and names"
        ));
    };
    let Some(page) = docs::page(rule.code()) else {
        let m = rule.meta();
        return error(format!(
            "{} `{}` has no documentation page yet; it checks: {}",
            m.code, m.name, m.summary
        ));
    };
    let out = if std::io::stdout().is_terminal() {
        let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        docs::render_terminal(page, color)
    } else {
        page.to_string()
    };
    print_stdout(&out);
    EXIT_CLEAN
}
