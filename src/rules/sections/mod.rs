//! Section-content rules (PL4xx): Testing Plan, Verification Checklist, Rollout &
//! Rollback, Plan Completeness Audit, and sections that say only "N/A".

pub mod audit_reviews;
// shared by the section rules: section text, shell blocks
pub mod helpers;
pub mod not_applicable_reason;
pub mod rollback;
pub mod test_commands;
pub mod test_locations;
pub mod verification_checklist;
