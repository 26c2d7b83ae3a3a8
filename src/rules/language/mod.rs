//! Language rules (PL1xx): read prose only (text outside code spans, code blocks, HTML
//! and link destinations or URLs).

pub mod back_reference;
pub mod hedging;
pub mod placeholder;
pub mod weak_wording;
