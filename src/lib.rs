//! dcplan: a datacenter power-and-thermal capacity planner.
//!
//! The library is the product; the `dcplan` command line is a thin shell over it. Data flows
//! one way: a site file is loaded and validated ([`site::load`]), with its weather year
//! ([`weather`]); later stages plan, simulate and cost it.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod check;
pub mod closed_loop;
pub mod control;
pub mod files;
pub mod fingerprint;
pub mod memory;
pub mod physics;
pub mod plan;
pub mod site;
pub mod text;
pub mod thermal;
pub mod weather;
