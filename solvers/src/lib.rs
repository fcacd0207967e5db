//! `dcplan-solvers`: one API over LP/MILP backends for dcplan.
//!
//! This crate knows nothing of datacenters: it speaks of variables, linear constraints,
//! objectives and solve statuses. The optimizer issue fills it in; for now it only fixes the
//! crate's place in the workspace so `dcplan` can depend on it.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// Name of this crate's API generation, for diagnostics that want to say which solver layer ran.
pub const API_VERSION: &str = "0";
