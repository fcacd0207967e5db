//! `HiGHS` through its C API (feature `highs`; `highs-sys` builds the C++ solver, which needs
//! `cmake` and `libclang-dev`). [`api`] is the safe handle on it; this module turns a
//! [`Model`] into its arrays and its answers into a [`Solution`]:
//!
//! | `HiGHS` model status | [`Status`] |
//! | --- | --- |
//! | `Optimal` | `Optimal` (for a MILP: within `mip_rel_gap`, `HiGHS` default 1e-4; gap reported) |
//! | `Infeasible` | `Infeasible` |
//! | `Unbounded` | `Unbounded` |
//! | `UnboundedOrInfeasible` | re-solved without presolve; if still undecided, `Infeasible` with a message |
//! | a time, iteration, solution or memory limit, an objective bound or target, an interrupt, with a feasible point | `FeasibleWithGap` (MIP dual bound as bound) |
//! | the time limit without a feasible point | `TimeLimitWithoutSolution` (MIP dual bound if finite) |
//! | `ModelEmpty` (no columns) | `Optimal` (the objective constant) |
//! | errors, other limits without a feasible point | `Error` |
//!
//! Honours: time limit (`time_limit`), MIP gap (`mip_rel_gap`), threads (`threads`; `HiGHS`
//! sizes its thread pool once per process, so later solves asking for a different count
//! may keep the first). Duals for LPs (`HiGHS` gives none for MILPs); an LP's bound is their
//! Lagrangian bound ([`crate::dual_bound`]).
//!
//! Cancellation: an interrupt callback on simplex and interior-point iterations and on
//! branch-and-bound nodes reads the [`Cancel`](crate::Cancel) flag, so `HiGHS` stops itself
//! once it is set. It runs on a worker thread the caller waits for: a cancelled caller waits
//! [`CANCEL_GRACE`] for the worker to stop and then returns
//! [`SolverError::Cancelled`](crate::SolverError::Cancelled) whether or not it has. Some
//! phases of `HiGHS`'s MIP search (heuristic sub-searches) check no interrupt; a worker
//! caught in one stops at its next check, seconds later, on its own. Measured on the campus
//! before the wait existed (`cargo bench --bench cancel_latency --features highs`, eight
//! cancels 1–30 s into the plan): `HiGHS` stopped 2 ms to 0.39 s after the cancel six times,
//! 0.75 s and 2.8 s after it twice.
//!
//! The model reaches `HiGHS` in one call ([`api::Highs::pass`]): the rows are already stored
//! row-wise, so the matrix is passed as it is, with no per-row or per-name work. Integer
//! columns fixed to one value are passed as continuous, so a model with no free integers is
//! an LP (duals, no branch and bound). An LP is left to `HiGHS`'s own choice, the dual
//! simplex: on the one-year 8760-hour LP (`sites/lp-8760.toml --resolution full`, 79k
//! columns, 105k rows, 321k nonzeros) a whole `dcplan plan --solver highs` took 10.2 s with
//! it, 16.5 s with the interior point and crossover, 14.3 s without crossover (2-core
//! machine; each run includes about 1 s of Clarabel for the plan's residue clean-up).

#[allow(
    unsafe_code,
    reason = "the C API; every unsafe block is in this one module"
)]
mod api;

use std::sync::mpsc::{RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use api::{Highs, HighsInt, OptionValue, Problem};

use super::{base_stats, finish, free_integers, integer_bounds};
use crate::error::SolverError;
use crate::model::{Model, ObjectiveSense, Sense};
use crate::options::SolveOptions;
use crate::status::{Solution, Status};

/// How often a caller waiting for `HiGHS` looks at its cancel flag.
const CANCEL_POLL: Duration = Duration::from_millis(20);
/// How long a cancelled caller waits for `HiGHS` to stop before it returns without it.
const CANCEL_GRACE: Duration = Duration::from_millis(400);

/// [`solve_here`] on a worker thread (see the module docs on cancellation).
pub(super) fn solve(
    model: &Model,
    options: &SolveOptions,
    start: Option<&[f64]>,
) -> Result<Solution, SolverError> {
    let cancel = options.cancel.clone();
    // Copies share the rows: this costs the columns alone.
    let (model, options, start) = (model.clone(), options.clone(), start.map(<[f64]>::to_vec));
    let (sender, answer) = channel();
    let worker = std::thread::Builder::new()
        .name("highs".into())
        .spawn(move || {
            // The receiver is gone only when the caller was cancelled: nothing to tell.
            let _ = sender.send(solve_here(&model, &options, start.as_deref()));
        });
    if worker.is_err() {
        return Ok(Solution::without_solution(
            Status::Error,
            "highs: cannot start the solver thread",
        ));
    }
    loop {
        match answer.recv_timeout(CANCEL_POLL) {
            Ok(solution) => return solution,
            Err(RecvTimeoutError::Timeout) if cancel.is_cancelled() => {
                // The interrupt callback is stopping it; its answer is never given out.
                let _ = answer.recv_timeout(CANCEL_GRACE);
                return Err(SolverError::Cancelled);
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                return Ok(Solution::without_solution(
                    Status::Error,
                    "highs: the solver thread ended without an answer",
                ));
            }
        }
    }
}

/// Solves `model` with `HiGHS` on this thread, from `start` (a MIP start) if given. `Err`
/// only when the [`Cancel`](crate::Cancel) flag stopped it.
fn solve_here(
    model: &Model,
    options: &SolveOptions,
    start: Option<&[f64]>,
) -> Result<Solution, SolverError> {
    let t0 = Instant::now();
    let mut stats = base_stats(model, "highs");
    // Integer columns fixed to one value are passed as continuous columns at that value: a
    // model with no other integers is an LP, for the LP methods and their duals.
    let is_mip = free_integers(model) > 0;
    let fail = |stats, message: String| {
        let mut s = Solution::without_solution(Status::Error, format!("highs: {message}"));
        s.stats = stats;
        Ok(s)
    };
    let Some(mut highs) = Highs::new() else {
        return fail(stats, "cannot create a solver instance".into());
    };
    let set_up = configure(&mut highs, options)
        .and_then(|()| highs.pass(&problem(model, is_mip)))
        .and_then(|()| match start.filter(|_| is_mip) {
            Some(start) => highs.set_start(start),
            None => Ok(()),
        });
    if let Err(e) = set_up {
        return fail(stats, e);
    }
    stats.build_seconds = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    if let Err(e) = highs.run(&options.cancel) {
        return fail(stats, e);
    }
    let mut outcome = highs.outcome(is_mip);
    if outcome.model_status == MODEL_STATUS_UNBOUNDED_OR_INFEASIBLE {
        // Presolve proves "one of the two"; the simplex without presolve tells which.
        let again = highs
            .set_option(c"presolve", &OptionValue::Str(c"off"))
            .and_then(|()| highs.run(&options.cancel));
        if let Err(e) = again {
            return fail(stats, e);
        }
        outcome = highs.outcome(is_mip);
    }
    stats.solve_seconds = t1.elapsed().as_secs_f64();
    options.cancel.check(SolverError::Cancelled)?;

    let (status, message) = status_of(outcome.model_status, outcome.feasible_point);
    let mut solution = Solution::empty(status);
    solution.message = message;
    // HiGHS was given the objective's constant, so its dual bound includes it.
    solution.best_bound = outcome.mip_dual_bound;
    if status.has_solution() {
        solution.values = outcome.columns;
        if !is_mip {
            // HiGHS row duals are d(objective)/d(row bound) in the model's own sense.
            solution.duals = Some(outcome.row_duals);
        }
    }
    solution.stats = stats;
    finish(model, &mut solution);
    Ok(solution)
}

// `kHighsModelStatus*` from `highs_c_api.h`.
const MODEL_STATUS_MODEL_EMPTY: HighsInt = 6;
const MODEL_STATUS_OPTIMAL: HighsInt = 7;
const MODEL_STATUS_INFEASIBLE: HighsInt = 8;
const MODEL_STATUS_UNBOUNDED_OR_INFEASIBLE: HighsInt = 9;
const MODEL_STATUS_UNBOUNDED: HighsInt = 10;
const MODEL_STATUS_TIME_LIMIT: HighsInt = 13;

/// The [`Status`] and message for a `HiGHS` model status (see the module docs).
fn status_of(model_status: HighsInt, feasible_point: bool) -> (Status, Option<String>) {
    let name = model_status_name(model_status);
    match model_status {
        MODEL_STATUS_OPTIMAL | MODEL_STATUS_MODEL_EMPTY => (Status::Optimal, None),
        MODEL_STATUS_INFEASIBLE => (Status::Infeasible, None),
        MODEL_STATUS_UNBOUNDED => (Status::Unbounded, None),
        MODEL_STATUS_UNBOUNDED_OR_INFEASIBLE => (
            Status::Infeasible,
            Some("highs: infeasible or unbounded (not decided without presolve either)".into()),
        ),
        // Limits, an objective bound or target, an interrupt: the point found so far.
        11..=19 if feasible_point => (
            Status::FeasibleWithGap,
            Some(format!("highs stopped at a feasible point: {name}")),
        ),
        MODEL_STATUS_TIME_LIMIT => (
            Status::TimeLimitWithoutSolution,
            Some("highs: time limit reached before a feasible point".into()),
        ),
        _ => (Status::Error, Some(format!("highs stopped: {name}"))),
    }
}

/// `HiGHS`'s words for a model status (`Highs::modelStatusToString`).
fn model_status_name(model_status: HighsInt) -> &'static str {
    const NAMES: [&str; 20] = [
        "not set",
        "load error",
        "model error",
        "presolve error",
        "solve error",
        "postsolve error",
        "empty",
        "optimal",
        "infeasible",
        "primal infeasible or unbounded",
        "unbounded",
        "bound on objective reached",
        "target for objective reached",
        "time limit reached",
        "iteration limit reached",
        "unknown",
        "solution limit reached",
        "interrupted by user",
        "memory limit reached",
        "interrupted by HiGHS",
    ];
    usize::try_from(model_status)
        .ok()
        .and_then(|i| NAMES.get(i))
        .copied()
        .unwrap_or("an unknown model status")
}

/// `model` in `HiGHS`'s terms: its rows as they are stored (row-wise), integer bounds
/// tightened to integers, integrality only for a MILP.
fn problem(model: &Model, is_mip: bool) -> Problem<'_> {
    let n = model.num_vars();
    let mut cost = vec![0.0; n];
    for &(v, c) in &model.objective.terms {
        cost[v.index()] += c;
    }
    let (col_lower, col_upper) = (0..n).map(|i| integer_bounds(model, i)).unzip();
    let rows = &*model.rows;
    let (row_lower, row_upper) = rows
        .senses
        .iter()
        .zip(&rows.rhs)
        .map(|(&sense, &rhs)| match sense {
            Sense::Le => (f64::NEG_INFINITY, rhs),
            Sense::Ge => (rhs, f64::INFINITY),
            Sense::Eq => (rhs, rhs),
        })
        .unzip();
    // Sizes beyond HighsInt are refused by `Highs::pass`; saturate rather than wrap here.
    let to_int = |i: usize| HighsInt::try_from(i).unwrap_or(HighsInt::MAX);
    Problem {
        sense: match model.objective_sense {
            ObjectiveSense::Minimize => 1,
            ObjectiveSense::Maximize => -1,
        },
        offset: model.objective.constant,
        cost,
        col_lower,
        col_upper,
        row_lower,
        row_upper,
        start: rows.row_start.iter().map(|&s| to_int(s)).collect(),
        index: rows.cols.iter().map(|v| to_int(v.index())).collect(),
        value: &rows.coefs,
        integrality: is_mip.then(|| {
            model
                .kinds
                .iter()
                .map(|k| HighsInt::from(k.is_integer()))
                .collect()
        }),
    }
}

fn configure(highs: &mut Highs, options: &SolveOptions) -> Result<(), String> {
    highs.set_option(c"output_flag", &OptionValue::Bool(false))?;
    highs.set_option(c"log_to_console", &OptionValue::Bool(false))?;
    if let Some(t) = options.time_limit_s {
        highs.set_option(c"time_limit", &OptionValue::Double(t))?;
    }
    if let Some(g) = options.mip_gap {
        highs.set_option(c"mip_rel_gap", &OptionValue::Double(g))?;
    }
    if let Some(n) = options.threads {
        let n = HighsInt::try_from(n).unwrap_or(HighsInt::MAX);
        highs.set_option(c"threads", &OptionValue::Int(n))?;
    }
    Ok(())
}
