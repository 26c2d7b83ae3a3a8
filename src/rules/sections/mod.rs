//! Section-content rules (PL4xx): Testing Plan, Verification Checklist, Rollout &
//! Rollback, Plan Completeness Audit, and sections that say only "N/A".

pub(crate) mod audit_reviews;
// shared by the section rules: section text, shell blocks
pub(crate) mod helpers;
pub(crate) mod not_applicable_reason;
pub(crate) mod rollback;
pub(crate) mod test_commands;
pub(crate) mod test_locations;
pub(crate) mod verification_checklist;
