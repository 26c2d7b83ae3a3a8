//! PL404 `rollback`: "Rollout & Rollback" says how to roll back, not only how to roll
//! out: its text (prose and code) mentions rolling back, reverting, restoring,
//! disabling, undoing, downgrading, a feature flag or a kill switch, turning something
//! off or backing it out.

use super::helpers::section_text;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Context, Rule, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

pub(crate) struct Rollback;

static META: RuleMeta = RuleMeta {
    code: "PL404",
    name: "rollback",
    severity: Severity::Error,
    summary: "\"Rollout & Rollback\" says how to roll back, not only how to roll out.",
    group: crate::rules::Group::Sections,
    fix: crate::rules::FixAvailability::None,
    phase: crate::rules::Phase::Document,
};

/// Words that describe a way back (any case, any word form; `_` and `-` count as
/// spaces, so `FEATURE_FLAG` and `roll-back` match).
static WAY_BACK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)\b(?:
            roll(?:s|ed|ing)?\s*backs?
          | revert(?:s|ed|ing|ible|able)?
          | restor(?:e|es|ed|ing|ation)
          | disabl(?:e|es|ed|ing)
          | undo(?:es|ne|ing)?
          | downgrad(?:e|es|ed|ing)
          | feature\s*(?:flag|toggle)s?
          | kill\s*switch(?:es)?
          | turn(?:s|ed|ing)?\s+(?:\S+\s+){0,4}?off
          | switch(?:es|ed|ing)?\s+(?:\S+\s+){0,4}?off
          | back(?:s|ed|ing)?\s+out
        )\b",
    )
    .expect("way back regex")
});

/// Whether `text` describes a way back.
pub(crate) fn mentions_way_back(text: &str) -> bool {
    WAY_BACK.is_match(&text.replace(['_', '-'], " "))
}

impl Rule for Rollback {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>) -> Vec<Diagnostic> {
        let doc = ctx.doc;
        let Some(section) = crate::rules::live_section(ctx, "rollout") else {
            return Vec::new(); // missing (PL004) or only a marker and its question
        };
        if mentions_way_back(&section_text(doc, section.body)) {
            return Vec::new();
        }
        let heading = doc.section_heading(section);
        vec![
            self.report(heading.text_span, "the Rollout & Rollback section does not say how to roll back".to_string())
                .with_help("add the rollback: what to revert, disable or restore (the commit, a feature flag, config, data) and how to confirm it worked"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::mentions_way_back;
    use crate::rules::tester::{CLEAN_PLAN, Tester};

    #[test]
    fn words() {
        for yes in [
            "Rollback: revert the commit.",
            "Roll back by redeploying v1.2.",
            "Rolled-back releases keep their data.",
            "Revert `a1b2c3`.",
            "Restore the backup.",
            "Set `RATE_LIMITS_ENABLED=false` to disable it.",
            "Undo the migration with `make migrate-down`.",
            "Downgrade to 1.4.",
            "It ships behind a feature flag.",
            "Flip the `FEATURE_FLAG_LIMITS` setting.",
            "The kill-switch stops it.",
            "Turn the `rate-limits` feature off.",
            "Back out the change.",
        ] {
            assert!(mentions_way_back(yes), "{yes}");
        }
        for no in [
            "Rollout: ship to 10%, then 100%.",
            "Roll out to staging first.",
            "Back up the database; collect feedback in the background.",
            "Undoubtedly safe; enable it everywhere.",
            "Turn on the limiter.",
        ] {
            assert!(!mentions_way_back(no), "{no}");
        }
    }

    #[test]
    fn vectors() {
        let r = "# Plan: A (a)\n\n## Rollout & Rollback\n\n";
        Tester::new("PL404")
            .pass(&[
                CLEAN_PLAN,
                &format!("{r}- Rollout: deploy to staging, then production.\n- Rollback: redeploy the previous tag.\n"),
                &format!("{r}Ship it enabled.\n\n```sh\ngit revert a1b2c3\n```\n"),
                &format!("{r}| Phase | Action |\n|---|---|\n| Out | Enable `LIMITS_ENABLED` |\n| Back | Disable it |\n"),
                // No rollout section: PL004 reports it.
                "# Plan: A (a)\n\n## Summary\n\nShip it.\n",
            ])
            .fail(&[
                // "Rollout" alone is not a rollback.
                &format!("{r}- Rollout: ship to 10% of clients, then 100%.\n- Back up the config first.\n"),
                // A way back only in a comment does not count.
                &format!("{r}Deploy on Monday.\n\n<!-- rollback: revert the commit -->\n"),
                "# Plan: A (a)\n\n## 13. Rollback / Safety Plan\n\nDeploy with the usual pipeline.\n",
            ])
            .test_and_snapshot();
    }
}
