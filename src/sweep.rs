//! Sensitivity and robustness sweeps: how fragile is a plan (docs/sweeps.md).
//!
//! A [`Spec`] names a base site, parameters by site path with a distribution each, and a
//! method ([`Method`]). [`Sweep::new`] loads the site once and draws every [`Scenario`]
//! (deterministic in the spec and its seed alone); [`Sweep::run`] plans them in parallel on
//! rayon, each from the base site with its edits applied in memory, and hands each
//! [`Row`] over as it finishes. With `regret`, each scenario also re-costs the base plan's
//! build held fixed ([`crate::plan::Formulated::hold_build`]). The [`results`] file sorts
//! the rows by scenario, so one run, a resumed run and merged shards write the same bytes;
//! [`summary`] reads a file back into percentiles, a tornado, influence, stability and
//! regret tables.

pub mod distribution;
pub mod output;
pub mod results;
mod run;
pub mod sample;
pub mod spec;
pub mod summary;

pub use distribution::Distribution;
pub use output::Output;
pub use results::{Results, ResultsError, Row, RowStatus};
pub use run::{Cancelled, Shard, Sweep, SweepError};
pub use sample::Scenario;
pub use spec::{Method, Parameter, Spec};
pub use summary::{Summary, summarize};
