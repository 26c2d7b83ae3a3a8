//! PL104 `placeholder`: unreplaced template text (`<Feature Name>`, `[feat_name]`, TODO,
//! TBD, FIXME, XXX, `???`, lorem ipsum, "insert … here").

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::source::Span;
use crate::rules::language::Visible;
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct Placeholder;

static META: RuleMeta = RuleMeta {
    code: "PL104",
    name: "placeholder",
    severity: Severity::Error,
    summary: "No unreplaced template text (`<Feature Name>`, `[feat_name]`, TODO, TBD, `???`, …).",
    group: crate::rules::Group::Language,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
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
            for re in ctx.lexicons.placeholders() {
                for m in re.find_iter(&visible.text) {
                    found.push((visible.span(m.start(), m.end()), m.as_str().to_string()));
                }
            }
        }
        // The title is a name: a placeholder inside it counts only when it is the
        // whole feature name or the whole slug (`# Plan: <Feature Name> ([feat_name])`),
        // not when a real name contains one (`# Plan: TODO Sync (todo-sync)`).
        if let Some(title) = super::title_span(doc) {
            let whole = whole_name_and_slug(&doc.source, title, &ctx.contract.title_prefix);
            found.retain(|(span, _)| !title.contains(*span) || whole.contains(span));
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

/// The spans of the title's feature name and slug (`Plan: <name> (<slug>)`), each
/// trimmed of spaces (and the slug of its backticks); the whole text after the prefix
/// when the title does not end with a parenthesis.
fn whole_name_and_slug(src: &str, title: Span, prefix: &str) -> Vec<Span> {
    let trim = |s: Span, extra: &[char]| {
        let text = &src[s.start..s.end];
        let lead = text.len()
            - text
                .trim_start_matches(|c: char| c.is_whitespace() || extra.contains(&c))
                .len();
        let kept = text
            .trim_end_matches(|c: char| c.is_whitespace() || extra.contains(&c))
            .len();
        Span::new(s.start + lead, (s.start + kept).max(s.start + lead))
    };
    let text = &src[title.start..title.end];
    let from = title.start
        + if text.starts_with(prefix) {
            prefix.len()
        } else {
            0
        };
    let rest = src[from..title.end].trim_end();
    if let (true, Some(open)) = (rest.ends_with(')'), rest.rfind('(')) {
        let name = Span::new(from, from + open);
        let slug = Span::new(from + open + 1, from + rest.len() - 1);
        return vec![trim(name, &[]), trim(slug, &['`'])];
    }
    vec![trim(Span::new(from, title.end), &[])]
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
                "# Plan: TODO Sync (todo-sync)\n",
                "<!-- TODO: hidden -->\n",
                "```\nTODO\n```\n",
            ])
            .fail(&[
                "# Plan: <Feature Name> ([feat_name])\n",
                "# Plan: TBD (tbd)\n",
                "# Plan: Rate Limits ( [feat_name] )\n",
                "# Plan: TODO\n",
                "Owner: TBD. TODO: decide.\n",
                "Limits ??? and FIXME\n",
                "Lorem  ipsum dolor.\n",
                "Insert the diagram here.\n",
            ])
            .test_and_snapshot();
    }
}
