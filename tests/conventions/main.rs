//! The command line's conventions, one module per area (issue 14): machine formats
//! that carry everything, configuration found per plan, flags that are never silently
//! ignored, standard input, packaging and the terminal. One test binary for all of
//! them (each integration-test binary costs a link in CI).

#[path = "../support/cli_run.rs"]
mod cli_run;
mod config;
mod flags;
mod formats;
mod packaging;
mod support;
