//! PL503 `marker-format`: near misses of the confirmation marker in prose (found by
//! [`super::near_miss`], which says what counts as one).

use super::helpers::{markers, question_region};
use super::near_miss::near_misses;
use super::single_question::question_marks;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::rules::{Context, Rule, RuleMeta};

pub(crate) struct MarkerFormat;

static META: RuleMeta = RuleMeta {
    code: "PL503",
    name: "marker-format",
    severity: Severity::Error,
    summary: "No near misses of the confirmation marker (`[NEEDS CONFIRMATION]`, `[NEEDS CLARIFICATION]`, other case, missing bracket).",
    group: crate::rules::Group::Markers,
    fix: crate::rules::FixAvailability::Sometimes(crate::diagnostic::Applicability::Safe),
    phase: crate::rules::Phase::Document,
};

impl Rule for MarkerFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let marker = &ctx.contract.marker;
        let all = markers(ctx);
        // Written exactly, the marker must be followed by one question (PL502): a fix
        // that leaves it without one, or with several, would add a finding.
        let one_question =
            |span| question_marks(ctx.doc, question_region(ctx.doc, span, &all)).len() == 1;
        near_misses(ctx)
            .into_iter()
            .map(|n| {
                let d = self
                    .report(
                        n.span,
                        format!("near miss of the confirmation marker: {}", n.why.join(", ")),
                    )
                    .with_label(format!("not `{marker}`"))
                    .with_help(format!(
                        "write `{marker}` exactly, then one specific question ending in `?`"
                    ));
                if n.fixable && one_question(n.span) {
                    d.with_fix(Fix::replace(
                        Applicability::Safe,
                        format!("Write `{marker}`"),
                        n.span,
                        marker.clone(),
                    ))
                } else {
                    d
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::near_miss::work;
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    /// Codes and spanned texts of the marker rules' findings under a configured marker.
    fn with_marker(marker: &str, src: &str) -> Vec<(&'static str, String)> {
        use crate::engine::config::Config;
        use crate::engine::lint::Linter;
        use crate::workspace::fs_view::FsView;
        use std::sync::Arc;
        let mut config = Config::defaults(".".into());
        config.contract.marker = marker.to_string();
        let rules = crate::rules::matching("PL5")
            .into_iter()
            .map(|r| (r, r.meta().severity))
            .collect();
        let linter = Linter::with_rules(config, rules);
        let path = std::path::Path::new("EXPORT/plan_a.md");
        let doc = crate::document::parse::parse(path, Arc::from(src));
        linter
            .lint_document(&doc, &FsView::new("."), Some(path))
            .into_iter()
            .map(|d| (d.code, doc.text(d.span).to_string()))
            .collect()
    }

    #[test]
    fn configured_marker() {
        let src = "# Plan: A (a)\n\n## Goals\n\n- [ASK USER] Which store?\n- [ask-user] Which TTL?\n- [NEEDS CONFIRMATION] Which header?\n- The user will ask user questions; ASK USER.\n\n## Open Questions\n\n- [ASK USER] Which store?\n- Which TTL?\n";
        assert_eq!(
            with_marker("[ASK USER]", src),
            vec![
                ("PL503", "[ask-user]".to_string()),
                ("PL503", "[NEEDS CONFIRMATION]".to_string()),
                // PL504 reads a fixable near miss as the marker it is fixed to: its
                // question is unlisted before the fix as after it.
                ("PL504", "[NEEDS CONFIRMATION]".to_string()),
                ("PL503", "ASK USER".to_string()),
                ("PL504", "ASK USER".to_string()),
                ("PL501", "Which TTL?".to_string()),
            ]
        );
        // the default marker is only a near miss under another configuration
        let src =
            "# Plan: A (a)\n\n## Open Questions\n\n- [0o0o NEEDS CONFIRMATION] Which store?\n";
        assert_eq!(
            with_marker("[0o0o NEEDS CONFIRMATION]", src),
            Vec::<(&str, String)>::new()
        );
        assert_eq!(
            with_marker("[??? OPEN]", src),
            // one finding: the item's marker is the other marker, PL503's (not also PL501's)
            vec![("PL503", "[0o0o NEEDS CONFIRMATION]".to_string())]
        );
    }

    #[test]
    fn vectors() {
        let oq = "# Plan: A (a)\n\n## Open Questions\n\n";
        Tester::new("PL503")
            .pass(&[
                CLEAN_PLAN,
                &format!("{oq}- [0o0o NEEDS CONFIRMATION] Which store?\n- **[0o0o NEEDS CONFIRMATION]** Which TTL?\n"),
                // ordinary prose, and near misses written as text about them
                "# Plan: A (a)\n\n## Summary\n\nThis needs confirmation from ops; the header needs clarification. Write `[NEEDS CLARIFICATION]` never.\n\n```md\n[NEEDS CONFIRMATION] in a code block\n```\n\n<!-- [0o0o needs confirmation] -->\n",
                // the prompt's heading hint is PL006's business
                "# Plan: A (a)\n\n## Open Questions ([NEEDS CONFIRMATION] only)\n\nNone.\n",
                // a single capitalised word is not a marker
                "# Plan: A (a)\n\n## Goals\n\n- Confirmation NEEDS no marker; NEEDS: CONFIRMATION.\n",
            ])
            .fail(&[
                &format!("{oq}- [NEEDS CONFIRMATION] Which store?\n- [0o0o NEEDS-CONFIRMATION] Which TTL?\n- [0o0o needs confirmation] Which header?\n"),
                &format!("{oq}- [NEEDS CLARIFICATION: which store?]\n- [0o0o NEEDS CONFIRMATION Which TTL?\n- 0o0o NEEDS CONFIRMATION] Which header?\n"),
                "# Plan: A (a)\n\n## Goals\n\n| Path | Why |\n|---|---|\n| `a.rs` | NEEDS CONFIRMATION: does it exist? |\n\nThe limit is NEEDS CLARIFICATION per client.\n\n- \\[0o0o NEEDS CONFIRMATION\\] Which store?\n- [ 0o0o NEEDS CONFIRMATION ] Which TTL?\n",
            ])
            .fail(&[
                // typos within edit distance 2 of the phrase, anchored by `[` or the tag
                &format!("{oq}- [0o0o NEEDS CONFIRMATON] Which store?\n- [0o0o NEED CONFIRMATION] Which TTL?\n- 0O0O NEEDS CONFIRMATIN Which header?\n- [NEEDS CONFIRMATON] Which region?\n"),
            ])
            .pass(&[
                // far from the phrase, or no anchor: not a marker
                "# Plan: A (a)\n\n## Goals\n\n- [Link CONFIRMATION] and [needs confirmations from ops] x.\n- NEED CONFIRMATION from ops.\n",
            ])
            .fix(&[(
                "## Open Questions\n\n- [NEEDS CONFIRMATION] Which store holds the buckets?\n- [0o0o needs confirmation] Which TTL?\n- NEEDS CONFIRMATION Which region?\n",
                "## Open Questions\n\n- [0o0o NEEDS CONFIRMATION] Which store holds the buckets?\n- [0o0o NEEDS CONFIRMATION] Which TTL?\n- [0o0o NEEDS CONFIRMATION] Which region?\n",
            )])
            .fix(&[(
                "## Open Questions\n\n- [0o0o NEEDS CONFIRMATON] Which store?\n- [0o0o NEED CONFIRMATION] Which TTL?\n- [0o0o NEEDS CONFIRMATION Which header?\n",
                "## Open Questions\n\n- [0o0o NEEDS CONFIRMATION] Which store?\n- [0o0o NEEDS CONFIRMATION] Which TTL?\n- [0o0o NEEDS CONFIRMATION] Which header?\n",
            )])
            .test_and_snapshot();
    }

    /// Linear time: the edit-distance work grows with the number of candidates, each
    /// bounded by the typo regex (counted, not timed).
    #[test]
    fn typo_check_is_linear() {
        use crate::engine::config::Config;
        use crate::engine::lint::Linter;
        use crate::workspace::fs_view::FsView;
        use std::sync::Arc;
        let cells = |n: usize| {
            let body = "- [0o0o NEEDS CONFIRMATON] a? [0o0o XXXXX CONFIRMATIONXX] b [0o0o NEED CONFIRMATION c\n".repeat(n);
            let src = format!("# Plan: A (a)\n\n## Goals\n\n{body}");
            let rule = crate::rules::matching("PL503");
            let rules = rule.into_iter().map(|r| (r, r.meta().severity)).collect();
            let linter = Linter::with_rules(Config::defaults(".".into()), rules);
            let path = std::path::Path::new("EXPORT/plan_a.md");
            let doc = crate::document::parse::parse(path, Arc::from(src.as_str()));
            let before = work::cells();
            let found = linter.lint_document(&doc, &FsView::new("."), Some(path));
            (work::cells() - before, found.len())
        };
        let (small, found_small) = cells(50);
        let (large, found_large) = cells(500);
        assert_eq!(found_small, 100);
        assert_eq!(found_large, 1000);
        assert!(small > 0);
        assert_eq!(large, 10 * small, "edit-distance work is not linear");
    }
}
