//! The plan as bytes and as a model: reading, parsing, the owned document.

// the bytes of a plan: UTF-8 check, line index (CRLF, lone CR, BOM)
pub mod source;
// comrak parses the Markdown (the only comrak user); the walker lowers its AST
pub mod parse;
// inline text: code spans, links, emphasis, with exact byte spans
pub(crate) mod inline;
// the owned, `Send + Sync` document the rules read
pub mod model;
// prose blocks and the code blocks of a document
pub(crate) mod blocks;
// a planner transcript's `FILE:` label and the plan it prints
pub mod transcript;
