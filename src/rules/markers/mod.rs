//! Marker rules (PL5xx): the confirmation marker (default `[0o0o NEEDS CONFIRMATION]`,
//! configurable as `contract.marker`), its one question, and the Open Questions section.

// shared by the marker rules: the markers that count, a marker's question region
pub mod helpers;
pub mod marker_format;
pub mod marker_unlisted;
pub mod near_miss;
pub mod open_question_marker;
pub mod single_question;
pub mod unresolved_question;
