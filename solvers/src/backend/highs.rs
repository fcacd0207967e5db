//! `HiGHS` through `good_lp` (feature `highs`; the C++ build needs `cmake` and `libclang-dev`).
//!
//! The model is built with `good_lp`, then the raw `highs::Model` is taken
//! (`try_into_inner`) so that options, the MIP dual bound and the full model status are
//! available:
//!
//! | `HiGHS` model status | [`Status`] |
//! | --- | --- |
//! | `Optimal` | `Optimal` (for a MILP: within `mip_rel_gap`, `HiGHS` default 1e-4; gap reported) |
//! | `Infeasible` | `Infeasible` |
//! | `Unbounded` | `Unbounded` |
//! | `UnboundedOrInfeasible` | re-solved without presolve; if still undecided, `Infeasible` with a message |
//! | `ReachedTimeLimit` and other limits, with a feasible point | `FeasibleWithGap` (MIP dual bound as bound) |
//! | `ReachedTimeLimit` without a feasible point | `TimeLimitWithoutSolution` (MIP dual bound if finite) |
//! | `ModelEmpty` (no columns) | `Optimal` (the objective constant) |
//! | errors, other limits without a feasible point | `Error` |
//!
//! Honours: time limit (`time_limit`), MIP gap (`mip_rel_gap`), threads (`threads`; `HiGHS`
//! sizes its thread pool once per process, so later solves asking for a different count
//! may keep the first). Duals for LPs (`HiGHS` gives none for MILPs); an LP's bound is their
//! Lagrangian bound ([`crate::dual_bound`]).
//!
//! Cancellation: the `highs` crate takes no callback, so the solve runs on a worker thread
//! and the caller polls the [`Cancel`](crate::Cancel) flag while it waits
//! ([`solve_cancellable`]). A cancelled caller returns within one poll; the abandoned search
//! runs on in the background until it ends or reaches its time limit, and its answer is
//! dropped. A command-line process exits at once and takes the thread with it.

use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use good_lp::SolverModel;
use highs::{HighsModelStatus, HighsSolutionStatus};

use super::{Converted, base_stats, column_values, finish, row_constraint};
use crate::error::SolverError;
use crate::model::Model;
use crate::options::SolveOptions;
use crate::status::{Solution, Status};

/// How often a caller waiting for `HiGHS` looks at its cancel flag.
const CANCEL_POLL: Duration = Duration::from_millis(50);

/// [`solve`] on a worker thread, returning [`SolverError::Cancelled`] within
/// [`CANCEL_POLL`] of the flag being set (see the module docs).
pub(super) fn solve_cancellable(
    model: &Model,
    options: &SolveOptions,
    start: Option<&[f64]>,
) -> Result<Solution, SolverError> {
    let cancel = options.cancel.clone();
    let (model, options, start) = (model.clone(), options.clone(), start.map(<[f64]>::to_vec));
    let (sender, answer) = channel();
    let worker = std::thread::Builder::new()
        .name("highs".into())
        .spawn(move || {
            // The receiver is gone only when the caller was cancelled: nothing to tell.
            let _ = sender.send(solve(&model, &options, start.as_deref()));
        });
    let ended = |why: &str| {
        Ok(Solution::without_solution(
            Status::Error,
            format!("highs: {why}"),
        ))
    };
    if worker.is_err() {
        return ended("cannot start the solver thread");
    }
    loop {
        match answer.recv_timeout(CANCEL_POLL) {
            Ok(solution) => return Ok(solution),
            Err(RecvTimeoutError::Timeout) => cancel.check(SolverError::Cancelled)?,
            Err(RecvTimeoutError::Disconnected) => {
                return ended("the solver thread ended without an answer");
            }
        }
    }
}

/// Solves `model` with `HiGHS`, from `start` (a MIP start) if given.
fn solve(model: &Model, options: &SolveOptions, start: Option<&[f64]>) -> Solution {
    let t0 = Instant::now();
    let mut stats = base_stats(model, "highs");
    let is_mip = model.stats().integer_variables > 0;
    let Converted {
        vars,
        columns,
        objective,
        direction,
        ..
    } = Converted::new(model, false);
    let mut problem = vars.optimise(direction, objective).using(good_lp::highs);
    for i in 0..model.num_constraints() {
        problem.add_constraint(row_constraint(&columns, model, i));
    }
    let fail = |stats, message: String| {
        let mut s = Solution::without_solution(Status::Error, message);
        s.stats = stats;
        s
    };
    let mut hm = match problem.try_into_inner() {
        Ok(m) => m,
        Err(e) => return fail(stats, format!("highs: {e}")),
    };
    if let Err(e) = configure(&mut hm, options) {
        return fail(stats, e);
    }
    if let Some(start) = start.filter(|_| is_mip)
        && hm.try_set_solution(Some(start), None, None, None).is_err()
    {
        return fail(stats, "highs: the start was refused".into());
    }
    stats.build_seconds = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let mut solved = match hm.try_solve() {
        Ok(s) => s,
        Err(e) => return fail(stats, format!("highs: solve failed: {e:?}")),
    };
    if solved.status() == HighsModelStatus::UnboundedOrInfeasible {
        // Presolve proves "one of the two"; the simplex without presolve tells which.
        let mut again: highs::Model = solved.into();
        if again.try_set_option("presolve", "off").is_err() {
            return fail(stats, "highs: cannot set option presolve".into());
        }
        solved = match again.try_solve() {
            Ok(s) => s,
            Err(e) => return fail(stats, format!("highs: solve failed: {e:?}")),
        };
    }
    stats.solve_seconds = t1.elapsed().as_secs_f64();

    let has_point = solved.primal_solution_status() == HighsSolutionStatus::Feasible;
    let mip_bound = if is_mip {
        solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
    } else {
        None
    };
    let model_status = solved.status();
    let (status, message) = match model_status {
        HighsModelStatus::Optimal | HighsModelStatus::ModelEmpty => (Status::Optimal, None),
        HighsModelStatus::Infeasible => (Status::Infeasible, None),
        HighsModelStatus::Unbounded => (Status::Unbounded, None),
        HighsModelStatus::UnboundedOrInfeasible => (
            Status::Infeasible,
            Some("highs: infeasible or unbounded (not decided without presolve either)".into()),
        ),
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit
        | HighsModelStatus::ObjectiveBound
        | HighsModelStatus::ObjectiveTarget
            if has_point =>
        {
            (
                Status::FeasibleWithGap,
                Some(format!(
                    "highs stopped with {model_status:?} at a feasible point"
                )),
            )
        }
        HighsModelStatus::ReachedTimeLimit => (
            Status::TimeLimitWithoutSolution,
            Some("highs: time limit reached before a feasible point".into()),
        ),
        other => (Status::Error, Some(format!("highs stopped with {other:?}"))),
    };
    let mut solution = Solution::empty(status);
    solution.message = message;
    solution.best_bound = mip_bound;
    if status.has_solution() {
        let raw = solved.get_solution();
        let cols = raw.columns();
        solution.values = column_values(&columns, |_, i| cols.get(i).copied().unwrap_or(0.0));
        // HiGHS sees neither the objective constant nor the columns eliminated as fixed, so
        // its dual bound lacks the same offset its objective does: add it back.
        let offset = model.objective.eval(&solution.values) - solved.objective_value();
        solution.best_bound = mip_bound.map(|b| b + offset);
        if !is_mip {
            // HiGHS row duals are d(objective)/d(row bound) in the model's own sense.
            solution.duals = Some(raw.dual_rows().to_vec());
        }
    }
    solution.stats = stats;
    finish(model, &mut solution);
    solution
}

fn configure(hm: &mut highs::Model, options: &SolveOptions) -> Result<(), String> {
    fn check<E: std::fmt::Debug>(key: &str, r: Result<(), E>) -> Result<(), String> {
        r.map_err(|e| format!("highs: cannot set option {key}: {e:?}"))
    }
    check("output_flag", hm.try_set_option("output_flag", false))?;
    check("log_to_console", hm.try_set_option("log_to_console", false))?;
    if let Some(t) = options.time_limit_s {
        check("time_limit", hm.try_set_option("time_limit", t))?;
    }
    if let Some(g) = options.mip_gap {
        check("mip_rel_gap", hm.try_set_option("mip_rel_gap", g))?;
    }
    if let Some(n) = options.threads {
        let n = i32::try_from(n).unwrap_or(i32::MAX);
        check("threads", hm.try_set_option("threads", n))?;
    }
    Ok(())
}
