//! The one integration-test binary (one link step): the CLI driven as a user drives it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod readme;
mod samples;
mod util;
