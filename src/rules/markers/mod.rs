//! Marker rules (PL5xx): the confirmation marker (default `[0o0o NEEDS CONFIRMATION]`,
//! configurable as `contract.marker`), its one question, and the Open Questions section.

// shared by the marker rules: the markers that count, a marker's question region
pub(crate) mod helpers;
pub(crate) mod marker_format;
pub(crate) mod marker_unlisted;
pub(crate) mod near_miss;
pub(crate) mod open_question_marker;
pub(crate) mod questions;
pub(crate) mod single_question;
pub(crate) mod unresolved_question;
