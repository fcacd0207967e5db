//! `dcplan-solvers`: one API over three LP/MILP backends, chosen at run time: Clarabel and
//! `HiGHS` fed the model's arrays directly, microlp through [good_lp].
//!
//! This crate knows nothing of datacenters: it speaks of variables, linear constraints,
//! objectives and solve statuses. `dcplan`'s planner builds a [`Model`], calls [`solve`]
//! with [`SolveOptions`] (from `--solver`, `--time-limit`, `--mip-gap`, `--threads`) and reads
//! a [`Solution`] whose [`Status`] maps to an exit code; `--write-model` uses
//! [`Model::model_text`].
//!
//! ```
//! use dcplan_solvers::{Model, ObjectiveSense, Sense, SolveOptions, Status, solve};
//! // max 3x + 2y  s.t.  x + y ≤ 4,  x + 3y ≤ 6,  0 ≤ x ≤ 3,  y ≥ 0
//! let mut m = Model::new("production");
//! let x = m.add_var("x", 0.0, 3.0);
//! let y = m.add_var("y", 0.0, f64::INFINITY);
//! m.add_constraint("capacity", x + y, Sense::Le, 4.0);
//! m.add_constraint("labour", x + 3.0 * y, Sense::Le, 6.0);
//! m.set_objective(3.0 * x + 2.0 * y, ObjectiveSense::Maximize);
//! let s = solve(&m, &SolveOptions::default())?;
//! assert_eq!(s.status, Status::Optimal);
//! // x = 3, y = 1: 3·3 + 2·1 = 11
//! assert!((s.objective.unwrap() - 11.0).abs() < 1e-6);
//! # Ok::<(), dcplan_solvers::SolverError>(())
//! ```
//!
//! # Backends
//!
//! | backend | feature | integers | time limit | MIP gap | duals | threads |
//! | --- | --- | --- | --- | --- | --- | --- |
//! | Clarabel (interior point, pure Rust) | `clarabel` (default) | no | yes | – | yes | no |
//! | microlp (simplex + branch and bound, pure Rust) | `microlp` (default) | yes | yes | yes | no | no |
//! | `HiGHS` (C++; needs `cmake`, `libclang-dev`) | `highs` | yes | yes | yes | LP only | yes |
//!
//! Options a backend does not honour are ignored and named in [`Solution::warnings`].
//! Asking for a backend that is not compiled in is
//! [`SolverError::BackendUnavailable`]; asking Clarabel to solve integers is
//! [`SolverError::IntegersUnsupported`].
//!
//! # `auto`
//!
//! Integer columns fixed to a single value (see [`Model::round_fixed`]) do not count.
//!
//! * no integers: `HiGHS` when compiled in and the model has at most
//!   [`AUTO_HIGHS_LP_MAX_NONZEROS`] nonzeros (a vertex solution, fast at that size),
//!   otherwise Clarabel;
//! * integers, at most [`AUTO_MICROLP_MAX_INTEGERS`] of them and at most
//!   [`AUTO_MICROLP_MAX_NONZEROS`] nonzeros: microlp;
//! * larger MILPs: `HiGHS` when compiled in, otherwise [`relax_and_round`]: the LP relaxation
//!   with Clarabel, integers rounded by their [`RoundingHint`] and fixed, the LP re-solved;
//!   the answer is [`Status::FeasibleWithGap`] with the relaxation's bound, never `Optimal`.
//!
//! The thresholds come from `examples/auto_thresholds.rs` (release build, 2-core machine,
//! synthetic models in `benches/synthetic`):
//!
//! | model | nonzeros | Clarabel | `HiGHS` | microlp |
//! | --- | --- | --- | --- | --- |
//! | storage LP, 168 h | 2,184 | 0.010 s | 0.014 s | 0.015 s |
//! | storage LP, 720 h | 9,360 | 0.055 s | 0.042 s | 0.22 s |
//! | storage LP, 2190 h | 28,470 | 0.19 s | 0.18 s | 1.8 s |
//! | storage LP, 8760 h | 113,880 | 1.0 s | 1.1 s | – |
//! | expansion MILP, 20 integers | 1,616 | r&r 0.009 s, gap 0.27 % | 0.025 s | 0.12 s |
//! | expansion MILP, 60 integers | 4,734 | r&r 0.04 s, gap 0.16 % | 0.12 s | no proof in 60 s |
//!
//! All backends agree on every LP objective to 1e-9 relative. microlp's branch and bound is
//! the weak point: it found the optimum of the 60-integer model but could not prove it, hence
//! the low integer threshold.
//!
//! [good_lp]: https://docs.rs/good_lp
// Unsafe code only in the HiGHS C API handle (`backend/highs/api.rs`), which allows it.
#![deny(unsafe_code)]
#![deny(missing_docs)]
// Exact float comparisons are intended: fixed bounds (`lb == ub`), infinite bounds and
// integral values produced by `ceil`/`floor`.
#![allow(clippy::float_cmp)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(not(any(feature = "clarabel", feature = "microlp", feature = "highs")))]
compile_error!(
    "no solver backend enabled; add features = [\"clarabel\"], [\"microlp\"] or [\"highs\"]"
);

mod backend;
mod bound;
mod cancel;
mod error;
mod expr;
mod model;
mod options;
mod status;
mod write;

pub use backend::{
    AUTO_HIGHS_LP_MAX_NONZEROS, AUTO_MICROLP_MAX_INTEGERS, AUTO_MICROLP_MAX_NONZEROS, Route,
    relax_and_round, route, solve, solve_from,
};
pub use bound::{DUAL_TOLERANCE, dual_bound};
pub use cancel::Cancel;
pub use error::SolverError;
pub use expr::{LinExpr, Var};
pub use model::{
    ConstraintId, Model, ModelStats, ObjectiveSense, ROUNDING_TOLERANCE, RoundingHint, RowView,
    Sense, VarKind, round_with_hint,
};
pub use options::{Capabilities, SolveOptions, SolverChoice};
pub use status::{Solution, SolveStats, Status, relative_gap};
