//! Fuzz target: the whole plan-lint pipeline on arbitrary bytes.
//!
//! decode → parse → lint (every rule, with the symbol index over `fixtures/repo`) →
//! every renderer (human, short, json, sarif, github, junit, gitlab) → fix (unsafe
//! fixes) → fix again. Invariants (a violation panics, which libFuzzer reports as a
//! crash; each has its own message so distinct bugs are told apart):
//!
//! * nothing panics, overflows the stack or hangs;
//! * every diagnostic span (and every fix edit) lies inside the text, on char
//!   boundaries, `start <= end`; diagnostics come sorted;
//! * json / sarif / gitlab output is valid JSON, junit output is well-formed XML, the
//!   github output is one workflow command per finding;
//! * fixing converges, and fixing the fixed text changes nothing (idempotent);
//! * the fixed text decodes as plan text (when the input was plan text) and parses.
//!
//! `decode` must accept exactly the NUL-free UTF-8 inputs. Bytes it rejects still go
//! through the pipeline, as the text the library API could be handed instead (lossy
//! UTF-8, NULs kept: `parse` and `lint_text` take any `&str`), so no input is wasted.

#![no_main]

use libfuzzer_sys::fuzz_target;

/// The repository the file-system and symbol rules run against.
const REPO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/repo");

/// The invariants, shared with the bounded property tests (`tests/robustness.rs`).
#[path = "../../tests/support/invariants.rs"]
mod invariants;

fuzz_target!(|data: &[u8]| invariants::check_bytes(data));
