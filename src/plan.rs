//! The planning stage: from a validated site and its weather year, decide what to build and
//! when.
//!
//! So far this holds the time structure ([`time`]): which hours of a year the formulation
//! models and how much each one weighs. The formulation (decisions, constraints, objective)
//! comes next and is built on it.

pub mod time;
