//! Issue 14: see main.rs.

#[allow(unused_imports)]
use crate::support::plan_lint;
