//! dcplan: a datacenter power-and-thermal capacity planner.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod physics;
pub mod weather;
