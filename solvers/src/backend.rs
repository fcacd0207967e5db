//! Choosing a backend, translating a [`Model`] for `good_lp`, and relax-and-round.

#[cfg(feature = "clarabel")]
mod clarabel;
#[cfg(feature = "highs")]
#[cfg_attr(docsrs, doc(cfg(feature = "highs")))]
mod highs;
#[cfg(feature = "microlp")]
mod microlp;

use std::time::Instant;

use good_lp::{Expression, ObjectiveDirection, ProblemVariables, Variable, variable};

use crate::bound::dual_bound;
use crate::error::SolverError;
use crate::model::{Model, ObjectiveSense, Sense};
use crate::options::{SolveOptions, SolverChoice};
use crate::status::{Solution, SolveStats, Status, relative_gap};

/// `auto` sends a MILP to microlp only up to this many free integer columns. Measured
/// (see the crate docs): 20 integers solve in 0.12 s, 60 do not finish proving in 60 s.
pub const AUTO_MICROLP_MAX_INTEGERS: usize = 40;
/// `auto` sends a MILP to microlp only up to this many nonzeros (its simplex takes 1.8 s on
/// a 28k-nonzero LP that Clarabel solves in 0.19 s).
pub const AUTO_MICROLP_MAX_NONZEROS: usize = 20_000;
/// `auto` sends an LP to `HiGHS` (when compiled in) only up to this many nonzeros; larger LPs
/// go to Clarabel's interior point.
pub const AUTO_HIGHS_LP_MAX_NONZEROS: usize = 20_000;

/// Tolerance used when tightening integer bounds to integers (`ceil(lb − tol)`).
const INTEGER_BOUND_TOLERANCE: f64 = 1e-9;

/// The plan `auto` (or an explicit choice) resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    /// Solve with this backend as is.
    Direct(SolverChoice),
    /// LP relaxation with Clarabel, round integers by their hints, re-solve the fixed LP.
    RelaxAndRound,
}

/// Integer columns whose integer bounds leave more than one value.
pub(crate) fn free_integers(model: &Model) -> usize {
    (0..model.num_vars())
        .filter(|&i| {
            model.kinds[i].is_integer()
                && (model.lower[i] - INTEGER_BOUND_TOLERANCE).ceil()
                    < (model.upper[i] + INTEGER_BOUND_TOLERANCE).floor()
        })
        .count()
}

/// Which backend `options.solver` means for `model` in this build. Integer columns fixed to
/// one value do not count as integers: a model whose integers are all fixed is an LP.
pub fn route(model: &Model, options: &SolveOptions) -> Result<Route, SolverError> {
    let ints = free_integers(model);
    let nnz = model.stats().nonzeros;
    let choice = options.solver;
    if !choice.is_available() {
        return Err(unavailable(choice));
    }
    if choice == SolverChoice::Clarabel && ints > 0 {
        return Err(SolverError::IntegersUnsupported {
            backend: "clarabel",
            integer_variables: ints,
        });
    }
    if choice != SolverChoice::Auto {
        return Ok(Route::Direct(choice));
    }
    let (has_clarabel, has_microlp, has_highs) = (
        cfg!(feature = "clarabel"),
        cfg!(feature = "microlp"),
        cfg!(feature = "highs"),
    );
    let pick = if ints == 0 {
        if has_highs && (nnz <= AUTO_HIGHS_LP_MAX_NONZEROS || !has_clarabel) {
            Route::Direct(SolverChoice::Highs)
        } else if has_clarabel {
            Route::Direct(SolverChoice::Clarabel)
        } else {
            Route::Direct(SolverChoice::Microlp)
        }
    } else if has_microlp && ints <= AUTO_MICROLP_MAX_INTEGERS && nnz <= AUTO_MICROLP_MAX_NONZEROS {
        Route::Direct(SolverChoice::Microlp)
    } else if has_highs {
        Route::Direct(SolverChoice::Highs)
    } else if has_clarabel {
        Route::RelaxAndRound
    } else {
        Route::Direct(SolverChoice::Microlp)
    };
    Ok(pick)
}

fn unavailable(choice: SolverChoice) -> SolverError {
    let (name, hint) = match choice {
        SolverChoice::Highs => (
            "highs",
            "rebuild with --features highs (needs cmake and libclang-dev)",
        ),
        SolverChoice::Clarabel => ("clarabel", "rebuild with the default features"),
        SolverChoice::Microlp | SolverChoice::Auto => {
            ("microlp", "rebuild with the default features")
        }
    };
    SolverError::BackendUnavailable { name, hint }
}

/// Solves `model` with the backend `options.solver` names (see the crate docs for `auto`).
///
/// `Err` means the options or the model are broken, or the backend is not in this build;
/// every backend outcome, including infeasible, unbounded, time limits and numerical
/// failures, is an `Ok` [`Solution`] with a [`Status`].
pub fn solve(model: &Model, options: &SolveOptions) -> Result<Solution, SolverError> {
    solve_routed(model, options, None)
}

/// [`solve`], starting a mixed-integer search from `start`, one value per column (a MIP
/// start): a backend that takes one (`HiGHS`) begins with it as its incumbent if it is
/// feasible, so it prunes from the first node and, stopped by a time limit, still has an
/// answer at least that good. Backends without MIP starts ignore it.
pub fn solve_from(
    model: &Model,
    options: &SolveOptions,
    start: &[f64],
) -> Result<Solution, SolverError> {
    if start.len() != model.num_vars() {
        return Err(SolverError::InvalidModel(format!(
            "a start of {} values for model `{}` with {} columns",
            start.len(),
            model.name(),
            model.num_vars()
        )));
    }
    solve_routed(model, options, Some(start))
}

fn solve_routed(
    model: &Model,
    options: &SolveOptions,
    start: Option<&[f64]>,
) -> Result<Solution, SolverError> {
    options.validate()?;
    model.validate()?;
    let route = route(model, options)?;
    if let Some(solution) = trivially_infeasible(model, route) {
        return Ok(solution);
    }
    options.cancel.check(SolverError::Cancelled)?;
    let solution = match route {
        Route::RelaxAndRound => relax_and_round(model, options),
        Route::Direct(choice) => solve_direct(model, options, choice, start),
    }?;
    // A backend stopped by the flag returns whatever it had, which is never given out.
    options.cancel.check(SolverError::Cancelled)?;
    Ok(solution)
}

#[cfg_attr(
    not(feature = "highs"),
    allow(unused_variables, reason = "only HiGHS takes a start")
)]
fn solve_direct(
    model: &Model,
    options: &SolveOptions,
    choice: SolverChoice,
    start: Option<&[f64]>,
) -> Result<Solution, SolverError> {
    match choice {
        #[cfg(feature = "clarabel")]
        SolverChoice::Clarabel => Ok(clarabel::solve(model, options)),
        #[cfg(feature = "microlp")]
        SolverChoice::Microlp => Ok(microlp::solve(model, options)),
        #[cfg(feature = "highs")]
        SolverChoice::Highs => highs::solve(model, options, start),
        // `Auto` is resolved by `route`; a backend not compiled in was refused there.
        other => Err(unavailable(other)),
    }
}

/// A column with `lb > ub` (after rounding integer bounds inward) makes the model
/// infeasible; say which, without asking a backend.
fn trivially_infeasible(model: &Model, route: Route) -> Option<Solution> {
    let relaxing = matches!(route, Route::RelaxAndRound);
    for v in model.vars() {
        let i = v.index();
        let (lb, ub) = integer_bounds(model, i);
        if lb > ub {
            let mut s = Solution::without_solution(
                Status::Infeasible,
                format!(
                    "variable `{}` has bounds [{}, {}] that admit no {}value",
                    model.var_name(v),
                    model.lower[i],
                    model.upper[i],
                    if model.kinds[i].is_integer() {
                        "integer "
                    } else {
                        ""
                    }
                ),
            );
            s.stats = base_stats(model, "none");
            s.stats.relaxed_and_rounded = relaxing;
            return Some(s);
        }
    }
    None
}

/// Bounds of column `i`, tightened to integers for integer columns.
pub(crate) fn integer_bounds(model: &Model, i: usize) -> (f64, f64) {
    let (lb, ub) = (model.lower[i], model.upper[i]);
    if model.kinds[i].is_integer() {
        (
            (lb - INTEGER_BOUND_TOLERANCE).ceil(),
            (ub + INTEGER_BOUND_TOLERANCE).floor(),
        )
    } else {
        (lb, ub)
    }
}

pub(crate) fn base_stats(model: &Model, backend: &'static str) -> SolveStats {
    let s = model.stats();
    SolveStats {
        backend,
        variables: s.variables,
        integer_variables: s.integer_variables,
        constraints: s.constraints,
        nonzeros: s.nonzeros,
        ..SolveStats::default()
    }
}

/// A [`Model`] translated for `good_lp`: the variables (column `i` is `columns[i]`, the
/// `i`-th variable) and objective; rows are produced one at a time by [`row_constraint`] so
/// the model is never held twice in full.
pub(crate) struct Converted {
    pub vars: ProblemVariables,
    pub columns: Vec<Variable>,
    pub objective: Expression,
    pub direction: ObjectiveDirection,
}

impl Converted {
    /// Translates `model`; `relax` drops integrality (integer bounds are still tightened to
    /// integers).
    pub fn new(model: &Model, relax: bool) -> Self {
        let mut vars = ProblemVariables::new();
        let mut columns = Vec::with_capacity(model.num_vars());
        for i in 0..model.num_vars() {
            let (lb, ub) = integer_bounds(model, i);
            let mut def = variable().min(lb).max(ub);
            if !relax && model.kinds[i].is_integer() {
                def = def.integer();
            }
            columns.push(vars.add(def));
        }
        let mut objective = Expression::with_capacity(model.objective.terms.len());
        for &(v, c) in &model.objective.terms {
            objective.add_mul(c, columns[v.index()]);
        }
        let direction = match model.objective_sense {
            ObjectiveSense::Minimize => ObjectiveDirection::Minimisation,
            ObjectiveSense::Maximize => ObjectiveDirection::Maximisation,
        };
        Self {
            vars,
            columns,
            objective,
            direction,
        }
    }
}

/// Row `i` of `model` as a `good_lp` constraint.
pub(crate) fn row_constraint(columns: &[Variable], model: &Model, i: usize) -> good_lp::Constraint {
    let (cols, coefs) = model.row(i);
    let mut expr = Expression::with_capacity(cols.len());
    for (&v, &c) in cols.iter().zip(coefs) {
        expr.add_mul(c, columns[v.index()]);
    }
    let rhs = model.rhs(i);
    match model.sense(i) {
        Sense::Le => expr.leq(rhs),
        Sense::Ge => expr.geq(rhs),
        Sense::Eq => expr.eq(rhs),
    }
}

/// Model column values from backend values (given the `good_lp` variable and its index).
pub(crate) fn column_values(
    columns: &[Variable],
    backend_value: impl Fn(Variable, usize) -> f64,
) -> Vec<f64> {
    columns
        .iter()
        .enumerate()
        .map(|(i, &v)| backend_value(v, i))
        .collect()
}

/// Fills objective, bound and gap for a solution with values. A backend's own bound (a MIP
/// dual bound) stands; otherwise row duals give the Lagrangian bound ([`dual_bound`]), which
/// holds however inexactly they converged; a proven `Optimal` without duals (a simplex or
/// branch and bound that closed its gap) is its own bound.
pub(crate) fn finish(model: &Model, solution: &mut Solution) {
    if solution.status.has_solution() {
        let obj = model.objective.eval(&solution.values);
        solution.objective = Some(obj);
        if solution.best_bound.is_none() {
            solution.best_bound = match &solution.duals {
                Some(duals) => dual_bound(model, duals, &solution.values),
                None => (solution.status == Status::Optimal).then_some(obj),
            };
        }
        if let Some(bound) = solution.best_bound {
            solution.gap = Some(relative_gap(obj, bound));
        }
    }
}

/// Seconds left of `limit` after `start`, `None` without a limit.
pub(crate) fn remaining(limit: Option<f64>, start: Instant) -> Option<f64> {
    limit.map(|l| l - start.elapsed().as_secs_f64())
}

/// Relax-and-round: solve the LP relaxation with Clarabel, round every integer column by its
/// [`RoundingHint`](crate::RoundingHint) ([`Model::round_fixed`]), re-solve the LP with the
/// integers fixed.
///
/// Outcomes: a feasible fixed LP gives [`Status::FeasibleWithGap`] (never `Optimal`, even
/// at a zero gap) with `best_bound` = the relaxation's Lagrangian bound (from its duals, so
/// a true lower bound however loosely the interior point converged; `None` if they prove
/// nothing); an infeasible relaxation
/// gives `Infeasible` (the model is infeasible); an unbounded one `Unbounded`; an
/// infeasible *fixed* LP gives [`Status::Error`] with the bound and a message, because the
/// model may still be feasible with another rounding. The duals are those of the fixed LP.
/// A set [`SolveOptions::cancel`] flag stops it within an interior-point iteration, with
/// [`SolverError::Cancelled`].
#[cfg(feature = "clarabel")]
pub fn relax_and_round(model: &Model, options: &SolveOptions) -> Result<Solution, SolverError> {
    options.validate()?;
    model.validate()?;
    options.cancel.check(SolverError::Cancelled)?;
    let start = Instant::now();
    let mut relaxed = clarabel::solve_relaxed(model, options, options.time_limit_s);
    options.cancel.check(SolverError::Cancelled)?;
    let mut stats = base_stats(model, "clarabel");
    stats.relaxed_and_rounded = true;
    stats.build_seconds = relaxed.stats.build_seconds;
    stats.solve_seconds = relaxed.stats.solve_seconds;
    if !relaxed.status.has_solution() {
        relaxed.message = Some(format!(
            "LP relaxation: {}",
            relaxed.message.as_deref().unwrap_or(relaxed.status.name())
        ));
        relaxed.stats = stats;
        relaxed.values.clear();
        relaxed.duals = None;
        return Ok(relaxed);
    }
    // The relaxation's Lagrangian bound; without one (duals too far from feasible) nothing
    // is proven and the answer carries no bound.
    let bound = relaxed.best_bound;
    let bound_text = bound.map_or_else(|| "not proven".to_string(), |b| b.to_string());
    let fixed = model.round_fixed(&relaxed.values)?;
    let left = remaining(options.time_limit_s, start);
    if left.is_some_and(|l| l <= 0.0) {
        let mut s = Solution::without_solution(
            Status::TimeLimitWithoutSolution,
            "time limit reached after the LP relaxation, before the fixed re-solve",
        );
        s.best_bound = bound;
        s.stats = stats;
        return Ok(s);
    }
    let mut second = clarabel::solve_relaxed(&fixed, options, left);
    options.cancel.check(SolverError::Cancelled)?;
    stats.build_seconds += second.stats.build_seconds;
    stats.solve_seconds += second.stats.solve_seconds;
    second.stats = stats;
    second.warnings.extend(relaxed.warnings);
    second.warnings.dedup();
    match second.status {
        Status::Optimal | Status::FeasibleWithGap => {
            let obj = second.objective.unwrap_or(f64::NAN);
            second.status = Status::FeasibleWithGap;
            second.best_bound = bound;
            second.gap = bound.map(|b| relative_gap(obj, b));
            second.message = Some(format!(
                "relax-and-round: integers rounded from the LP relaxation (bound {bound_text}) and \
                 fixed; optimality not proven"
            ));
        }
        Status::Infeasible => {
            second.status = Status::Error;
            second.best_bound = bound;
            second.message = Some(format!(
                "relax-and-round: the LP with integers rounded from the relaxation is \
                 infeasible (rounding can break ≤ rows over several integers); the relaxation \
                 bound is {bound_text}; set rounding hints or round yourself with \
                 Model::round_fixed, or use a MILP solver"
            ));
        }
        Status::TimeLimitWithoutSolution => {
            second.best_bound = bound;
        }
        Status::Unbounded | Status::Error => {
            // The fixed LP's own bound says nothing of the model's optimum.
            second.best_bound = bound;
            second.gap = None;
            second.message = Some(format!(
                "relax-and-round, fixed re-solve: {}",
                second.message.as_deref().unwrap_or(second.status.name())
            ));
        }
    }
    Ok(second)
}

/// Relax-and-round needs Clarabel; this build has none.
#[cfg(not(feature = "clarabel"))]
pub fn relax_and_round(model: &Model, options: &SolveOptions) -> Result<Solution, SolverError> {
    let _ = (model, options);
    Err(unavailable(SolverChoice::Clarabel))
}

/// Warning for an option `backend` ignores.
pub(crate) fn ignored(option: &str, backend: &str, why: &str) -> String {
    format!("{option} ignored: {backend} {why}")
}
