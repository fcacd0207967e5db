//! microlp (pure-Rust simplex with branch and bound) through `good_lp`.
//!
//! | `good_lp` outcome | [`Status`] |
//! | --- | --- |
//! | `SolutionStatus::Optimal` (proven) | `Optimal` |
//! | `SolutionStatus::GapLimit` | `FeasibleWithGap` (gap ≤ the requested gap; bound unknown) |
//! | `SolutionStatus::TimeLimit` (incumbent found) | `FeasibleWithGap` (bound unknown) |
//! | `ResolutionError::Infeasible` | `Infeasible` |
//! | `ResolutionError::Unbounded` | `Unbounded` (of the relaxation, for a MILP) |
//! | `Other("Time limit reached before …")` | `TimeLimitWithoutSolution` |
//! | any other `Other`/`Str` | `Error` |
//!
//! Honours: time limit (checked inside the simplex and between branch-and-bound nodes),
//! MIP gap. No duals (`good_lp` does not expose microlp's), no best bound. Ignores threads.
//! Integer bounds must fit in `i32` (microlp's limit), otherwise the outcome is `Error`.

use std::time::Instant;

use good_lp::{
    ResolutionError, Solution as _, SolutionStatus, SolverModel, WithMipGap, WithTimeLimit,
};

use super::{Converted, base_stats, column_values, finish, ignored, row_constraint};
use crate::model::Model;
use crate::options::SolveOptions;
use crate::status::{Solution, Status};

/// Solves `model` with microlp.
pub(super) fn solve(model: &Model, options: &SolveOptions) -> Solution {
    let t0 = Instant::now();
    let Converted {
        vars,
        columns,
        objective,
        direction,
        ..
    } = Converted::new(model, false);
    let mut stats = base_stats(model, "microlp");
    let mut warnings = Vec::new();
    if options.threads.is_some() {
        warnings.push(ignored("threads", "microlp", "runs single-threaded"));
    }
    let mut problem = vars.optimise(direction, objective).using(good_lp::microlp);
    if let Some(t) = options.time_limit_s {
        problem = problem.with_time_limit(t);
    }
    if let Some(g) = options.mip_gap {
        #[allow(clippy::cast_possible_truncation)]
        match problem.with_mip_gap(g as f32) {
            Ok(p) => problem = p,
            Err(e) => {
                let mut s = Solution::without_solution(Status::Error, format!("microlp: {e}"));
                s.stats = stats;
                return s;
            }
        }
    }
    for i in 0..model.num_constraints() {
        problem.add_constraint(row_constraint(&columns, model, i));
    }
    stats.build_seconds = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let result = problem.solve();
    stats.solve_seconds = t1.elapsed().as_secs_f64();
    let mut solution = match result {
        Ok(sol) => {
            let (status, message) = match sol.status() {
                SolutionStatus::Optimal => (Status::Optimal, None),
                SolutionStatus::GapLimit => (
                    Status::FeasibleWithGap,
                    Some(format!(
                        "microlp stopped within the requested MIP gap {}",
                        options.mip_gap.unwrap_or(0.0)
                    )),
                ),
                SolutionStatus::TimeLimit => (
                    Status::FeasibleWithGap,
                    Some("microlp: time limit reached with a feasible solution".to_string()),
                ),
            };
            let mut s = Solution::empty(status);
            s.message = message;
            s.values = column_values(&columns, |v, _| sol.value(v));
            s
        }
        Err(ResolutionError::Infeasible) => Solution::empty(Status::Infeasible),
        Err(ResolutionError::Unbounded) => Solution::empty(Status::Unbounded),
        Err(ResolutionError::Other(m)) if m.starts_with("Time limit") => {
            Solution::without_solution(Status::TimeLimitWithoutSolution, format!("microlp: {m}"))
        }
        Err(e) => Solution::without_solution(Status::Error, format!("microlp: {e}")),
    };
    solution.warnings = warnings;
    solution.stats = stats;
    finish(model, &mut solution);
    solution
}
