//! Clarabel (pure-Rust interior point) through `good_lp`, LPs only.
//!
//! `good_lp`'s `SolverModel::solve` for Clarabel folds `AlmostSolved` and even
//! `DualInfeasible` (unbounded) into success, so this backend builds the problem with
//! `good_lp`, takes the raw Clarabel solver (`try_into_solver`) and maps Clarabel's own
//! `SolverStatus`:
//!
//! | Clarabel | [`Status`] |
//! | --- | --- |
//! | `Solved` | `Optimal` |
//! | `AlmostSolved` (reduced tolerances) | `FeasibleWithGap`, bound = dual objective |
//! | `PrimalInfeasible`, `AlmostPrimalInfeasible` | `Infeasible` |
//! | `DualInfeasible`, `AlmostDualInfeasible` | `Unbounded` |
//! | `MaxTime` | `TimeLimitWithoutSolution` (interior iterates are not feasible) |
//! | `MaxIterations`, `NumericalError`, `InsufficientProgress`, others | `Error` |
//!
//! Honours: time limit. Gives duals. Ignores threads (the default QDLDL factorisation is
//! single-threaded). Columns with `lb == ub` are eliminated before the solve, because a
//! fixed column written as two inequalities leaves the interior point no interior.

use std::time::Instant;

use clarabel::solver::{IPSolver, SolverStatus};
use good_lp::{ObjectiveDirection, SolverModel};

use super::{Converted, base_stats, column_values, finish, ignored, row_constraint};
use crate::model::{Model, Sense};
use crate::options::SolveOptions;
use crate::status::{Solution, Status};

/// Solves `model` (no free integer columns: the router checked) with Clarabel.
pub(super) fn solve(model: &Model, options: &SolveOptions) -> Solution {
    solve_relaxed(model, options, options.time_limit_s)
}

/// Solves the LP relaxation of `model` (integrality dropped, integer bounds tightened to
/// integers) with at most `time_limit` seconds.
pub(super) fn solve_relaxed(
    model: &Model,
    options: &SolveOptions,
    time_limit: Option<f64>,
) -> Solution {
    let t0 = Instant::now();
    let Converted {
        vars,
        columns,
        objective,
        direction,
        bound_rows,
    } = Converted::new(model, true, true);
    let mut problem = vars.optimise(direction, objective).using(good_lp::clarabel);
    // good_lp asks for 1e-9 feasibility; planning data is good to a few digits, and 1e-8
    // (Clarabel's own default) with a 1e-7 relative gap saves a fifth of the iterations on
    // the dcplan samples without moving objectives beyond the seventh digit.
    problem.settings().tol_feas(1e-8).tol_gap_rel(1e-6);
    if let Some(t) = time_limit {
        problem.settings().time_limit(t.max(0.0));
    }
    for i in 0..model.num_constraints() {
        problem.add_constraint(row_constraint(&columns, model, i));
    }
    let mut stats = base_stats(model, "clarabel");
    let mut warnings = Vec::new();
    if options.threads.is_some() {
        warnings.push(ignored("threads", "clarabel", "runs single-threaded"));
    }
    let mut solver = match problem.try_into_solver() {
        Ok(s) => s,
        Err(e) => {
            let mut s = Solution::without_solution(Status::Error, format!("clarabel: {e}"));
            stats.build_seconds = t0.elapsed().as_secs_f64();
            s.stats = stats;
            return s;
        }
    };
    stats.build_seconds = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    solver.solve();
    stats.solve_seconds = t1.elapsed().as_secs_f64();

    let raw = &solver.solution;
    // good_lp hands Clarabel `min factor·f` (factor −1 when maximising), without the constant.
    let factor = match direction {
        ObjectiveDirection::Maximisation => -1.0,
        ObjectiveDirection::Minimisation => 1.0,
    };
    let (status, message) = match raw.status {
        SolverStatus::Solved => (Status::Optimal, None),
        SolverStatus::AlmostSolved => (
            Status::FeasibleWithGap,
            Some("clarabel: solved to reduced accuracy (AlmostSolved)".to_string()),
        ),
        SolverStatus::PrimalInfeasible => (Status::Infeasible, None),
        SolverStatus::AlmostPrimalInfeasible => (
            Status::Infeasible,
            Some("clarabel: infeasible to reduced accuracy (AlmostPrimalInfeasible)".into()),
        ),
        SolverStatus::DualInfeasible => (Status::Unbounded, None),
        SolverStatus::AlmostDualInfeasible => (
            Status::Unbounded,
            Some("clarabel: unbounded to reduced accuracy (AlmostDualInfeasible)".into()),
        ),
        SolverStatus::MaxTime => (
            Status::TimeLimitWithoutSolution,
            Some(format!(
                "clarabel: time limit reached after {} interior-point iterations",
                raw.iterations
            )),
        ),
        other => (
            Status::Error,
            Some(format!(
                "clarabel stopped with {other:?} after {} iterations",
                raw.iterations
            )),
        ),
    };
    let mut solution = Solution::empty(status);
    solution.message = message;
    solution.warnings = warnings;
    if status.has_solution() {
        solution.values = column_values(&columns, |_, i| raw.x[i]);
        let duals = (0..model.num_constraints())
            .map(|i| {
                // Clarabel's z is the multiplier of `A x + s = b` for `min factor·f`, so
                // d(factor·f*)/d b = −z. good_lp writes `e ≥ r` as `−e ≤ −r` (b = −r).
                let row_scale = if model.senses[i] == Sense::Ge {
                    -1.0
                } else {
                    1.0
                };
                -factor * row_scale * raw.z[bound_rows + i]
            })
            .collect();
        solution.duals = Some(duals);
        if status == Status::FeasibleWithGap {
            solution.best_bound = Some(factor * raw.obj_val_dual + model.objective.constant_part());
        }
    }
    solution.stats = stats;
    finish(model, &mut solution);
    solution
}
