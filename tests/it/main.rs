//! The one integration-test binary (one link step): the CLI driven as a user drives it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod architecture;
mod bad_inputs;
mod check;
mod cli;
mod closed_loop;
mod consistency;
mod control;
mod determinism;
mod export;
mod files;
mod finance;
mod fuzz;
mod hardening;
mod identity;
mod limits;
mod loader_props;
mod plan;
mod plan_document;
mod psychrometrics;
mod readme;
mod samples;
mod simulate;
mod site_edits;
mod sweep;
mod util;
