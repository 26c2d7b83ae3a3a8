//! PL104 `placeholder`: unreplaced template text (`<Feature Name>`, `[feat_name]`, TODO,
//! TBD, FIXME, XXX, `???`, lorem ipsum, "insert … here").

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::language::Visible;
use crate::rules::{Context, Rule, RuleMeta};
use crate::source::Span;

pub struct Placeholder;

static META: RuleMeta = RuleMeta {
    code: "PL104",
    name: "placeholder",
    severity: Severity::Error,
    summary: "No unreplaced template text (`<Feature Name>`, `[feat_name]`, TODO, TBD, `???`, …).",
};

impl Rule for Placeholder {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        // Prose, and inline HTML tags (`<Feature Name>` parses as one); never comments.
        let html = doc
            .html
            .iter()
            .filter(|s| !doc.text(**s).starts_with("<!--"));
        // Matched on the visible text (invisible characters removed, see
        // [`crate::rules::language::Visible`]); spans are the original bytes.
        let mut found: Vec<(Span, String)> = Vec::new();
        for run in doc.prose.iter().chain(html) {
            let visible = Visible::new(&doc.source, *run);
            for re in &ctx.lexicons.placeholders {
                for m in re.find_iter(&visible.text) {
                    found.push((visible.span(m.start(), m.end()), m.as_str().to_string()));
                }
            }
        }
        found.sort();
        let mut out: Vec<Diagnostic> = Vec::new();
        let mut last_end = 0;
        for (span, text) in found {
            if span.start < last_end {
                continue; // overlaps a placeholder already reported
            }
            last_end = span.end;
            out.push(
                self.report(span, format!("unreplaced placeholder `{text}`"))
                    .with_help(format!(
                        "replace it with the real content; if it is unknown, write `{}` and one question",
                        ctx.contract.marker
                    )),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn vectors() {
        Tester::new("PL104")
            .pass(&[
                CLEAN_PLAN,
                "Write `plan_[feat_name].md` and `<feat_name>`.\n",
                "A todo list; todos.\n",
                "<!-- TODO: hidden -->\n",
                "```\nTODO\n```\n",
            ])
            .fail(&[
                "# Plan: <Feature Name> ([feat_name])\n",
                "Owner: TBD. TODO: decide.\n",
                "Limits ??? and FIXME\n",
                "Lorem  ipsum dolor.\n",
                "Insert the diagram here.\n",
            ])
            .test_and_snapshot();
    }
}
