//! Clarabel (pure-Rust interior point), LPs only, fed directly.
//!
//! The model goes straight into Clarabel's sparse form (`min c'x` s.t. `A x + s = b`,
//! `s` in a zero cone for equalities and a non-negative cone for inequalities and finite
//! bounds), built column by column from the model's rows in time and memory proportional to
//! the nonzeros. Going through `good_lp` instead keeps a hash map per row and per column:
//! on a one-year 8760-hour model that took a sixth of the run and most of its memory.
//!
//! Clarabel's own `SolverStatus` maps to [`Status`]:
//!
//! | Clarabel | [`Status`] |
//! | --- | --- |
//! | `Solved` | `Optimal` |
//! | `AlmostSolved` (reduced tolerances) | `FeasibleWithGap`, bound = dual objective |
//! | `PrimalInfeasible`, `AlmostPrimalInfeasible` | `Infeasible` |
//! | `DualInfeasible`, `AlmostDualInfeasible` | `Unbounded` |
//! | `MaxTime` | `TimeLimitWithoutSolution` (interior iterates are not feasible) |
//! | `MaxIterations`, `NumericalError`, `InsufficientProgress`, others | `Error` |
//! | `CallbackTerminated` (the [`Cancel`](crate::Cancel) flag) | `Error`, turned into `SolverError::Cancelled` by the caller |
//!
//! The bound of every answer is the Lagrangian bound of its duals ([`crate::dual_bound`]),
//! not Clarabel's dual objective: an interior point stops at a small duality gap and its
//! dual objective can lie on either side of the optimum, while the Lagrangian bound cannot
//! lie above it.
//!
//! Honours: time limit, cancellation (checked at every iteration). Gives duals. Ignores threads (the default QDLDL factorisation is
//! single-threaded). Columns with `lb == ub` are eliminated before the solve, because a
//! fixed column written as two inequalities leaves the interior point no interior.

use std::time::Instant;

use clarabel::algebra::CscMatrix;
use clarabel::solver::{
    DefaultSettingsBuilder, DefaultSolver, IPSolver, SolverStatus, SupportedConeT,
};

use super::{base_stats, finish, ignored, integer_bounds};
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
    let mut stats = base_stats(model, "clarabel");
    let mut warnings = Vec::new();
    if options.threads.is_some() {
        warnings.push(ignored("threads", "clarabel", "runs single-threaded"));
    }
    let (conic, data) = Conic::new(model);
    if let Some(i) = conic.violated {
        let mut s = Solution::without_solution(
            Status::Infeasible,
            format!(
                "constraint `{}` cannot hold: all its variables are fixed",
                model.row_name(i)
            ),
        );
        stats.build_seconds = t0.elapsed().as_secs_f64();
        s.stats = stats;
        return s;
    }
    if conic.columns == 0 {
        // Every column is fixed and every row holds: nothing is left to optimise (and
        // Clarabel cannot factor an empty system).
        let mut s = Solution::empty(Status::Optimal);
        s.values = conic.values(&[]);
        s.duals = Some(vec![0.0; model.num_constraints()]);
        s.warnings = warnings;
        stats.build_seconds = t0.elapsed().as_secs_f64();
        s.stats = stats;
        finish(model, &mut s);
        return s;
    }
    // Planning data is good to a few digits: 1e-8 feasibility (Clarabel's default) with a
    // 1e-6 relative gap saves a fifth of the iterations on the dcplan samples without moving
    // objectives beyond the sixth digit. Iterative refinement stops at 1e-10 relative
    // residual rather than 1e-13: the refined digits were below the feasibility tolerance
    // and cost an eighth of the solve.
    let mut settings = DefaultSettingsBuilder::default();
    settings
        .verbose(false)
        .tol_feas(1e-8)
        .tol_gap_rel(1e-6)
        .iterative_refinement_reltol(1e-10);
    if let Some(t) = time_limit {
        settings.time_limit(t.max(0.0));
    }
    let built = settings
        .build()
        .map_err(|e| e.to_string())
        .and_then(|settings| {
            let p = CscMatrix::zeros((conic.columns, conic.columns));
            DefaultSolver::new(&p, &data.q, &data.a, &data.b, &data.cones, settings)
                .map_err(|e| e.to_string())
        });
    // Clarabel keeps its own (scaled) copy: ours would only add to the peak memory.
    drop(data);
    stats.build_seconds = t0.elapsed().as_secs_f64();
    let mut solver = match built {
        Ok(s) => s,
        Err(e) => {
            let mut s = Solution::without_solution(Status::Error, format!("clarabel: {e}"));
            s.stats = stats;
            return s;
        }
    };
    // Checked at every iteration (a campus relaxation iterates in tens of milliseconds); the
    // caller turns the stop into `SolverError::Cancelled`.
    let cancel = options.cancel.clone();
    solver.set_termination_callback(move |_| cancel.is_cancelled());
    let t1 = Instant::now();
    solver.solve();
    stats.solve_seconds = t1.elapsed().as_secs_f64();

    let raw = &solver.solution;
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
        solution.values = conic.values(&raw.x);
        solution.duals = Some(conic.duals(model, &raw.z));
    }
    solution.stats = stats;
    finish(model, &mut solution);
    solution
}

/// A model in Clarabel's form. Rows keep the model's order within their cone: equalities
/// first (one zero cone), then inequalities, then finite column bounds (one non-negative
/// cone). `e ≥ r` is written `−e ≤ −r`.
struct Conic {
    /// Columns passed to Clarabel (the model's, less the fixed ones).
    columns: usize,
    /// Per model column: its Clarabel column, or the value it is fixed at.
    position: Vec<Result<usize, f64>>,
    /// Per model row: its Clarabel row, or `None` if it had no free column left (dropped).
    row: Vec<Option<usize>>,
    /// The first dropped row its fixed columns violate: the model is infeasible.
    violated: Option<usize>,
    /// −1 when maximising (Clarabel minimises `factor × objective`), else 1.
    factor: f64,
}

/// The problem data Clarabel copies in: `min q'x` s.t. `A x + s = b`, `s` in `cones`.
struct ConicData {
    q: Vec<f64>,
    a: CscMatrix<f64>,
    b: Vec<f64>,
    cones: Vec<SupportedConeT<f64>>,
}

impl Conic {
    fn new(model: &Model) -> (Self, ConicData) {
        // Columns: fixed ones become constants, the others are numbered in order.
        let mut position = Vec::with_capacity(model.num_vars());
        let mut bounds = Vec::new();
        for i in 0..model.num_vars() {
            let (lb, ub) = integer_bounds(model, i);
            if lb == ub {
                position.push(Err(lb));
            } else {
                position.push(Ok(bounds.len()));
                bounds.push((lb, ub));
            }
        }
        let factor = model.objective_sense.sign();
        let mut objective = vec![0.0; bounds.len()];
        for &(v, c) in &model.objective.terms {
            if let Ok(j) = position[v.index()] {
                objective[j] += factor * c;
            }
        }

        // Rows: equalities, then inequalities; rows without a free column are dropped.
        let has_free = |i: &usize| model.row(*i).0.iter().any(|v| position[v.index()].is_ok());
        let is_eq = |i: &usize| model.sense(*i) == Sense::Eq;
        let all = 0..model.num_constraints();
        let order: Vec<usize> = all
            .clone()
            .filter(|i| is_eq(i) && has_free(i))
            .chain(all.clone().filter(|i| !is_eq(i) && has_free(i)))
            .collect();
        let equalities = order.iter().filter(|i| is_eq(i)).count();
        let mut row = vec![None; model.num_constraints()];
        for (r, &i) in order.iter().enumerate() {
            row[i] = Some(r);
        }
        let violated = all
            .clone()
            .find(|&i| row[i].is_none() && !fixed_row_holds(model, &position, i));

        let (a, b) = constraint_matrix(model, &position, &order, &bounds);
        let mut cones = Vec::with_capacity(2);
        if equalities > 0 {
            cones.push(SupportedConeT::ZeroConeT(equalities));
        }
        if b.len() > equalities {
            cones.push(SupportedConeT::NonnegativeConeT(b.len() - equalities));
        }
        let conic = Conic {
            columns: bounds.len(),
            position,
            row,
            violated,
            factor,
        };
        let data = ConicData {
            q: objective,
            a,
            b,
            cones,
        };
        (conic, data)
    }

    /// Model column values from Clarabel's `x`.
    fn values(&self, x: &[f64]) -> Vec<f64> {
        self.position
            .iter()
            .map(|p| match *p {
                Ok(j) => x[j],
                Err(value) => value,
            })
            .collect()
    }

    /// Model row duals, d(objective)/d(rhs) in the model's own sense, from Clarabel's `z`
    /// (the multiplier of `A x + s = b` for `min factor·f`, so d(factor·f*)/d b = −z). A
    /// dropped row has dual 0.
    fn duals(&self, model: &Model, z: &[f64]) -> Vec<f64> {
        self.row
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let sign = if model.sense(i) == Sense::Ge {
                    -1.0
                } else {
                    1.0
                };
                r.map_or(0.0, |r| -self.factor * sign * z[r])
            })
            .collect()
    }
}

/// `A` (compressed sparse columns) and `b` for the model rows in `order`, followed by one
/// row per finite column bound; `e ≥ r` becomes `−e ≤ −r`, fixed columns move to `b`.
fn constraint_matrix(
    model: &Model,
    position: &[Result<usize, f64>],
    order: &[usize],
    bounds: &[(f64, f64)],
) -> (CscMatrix<f64>, Vec<f64>) {
    let finite = |&(lb, ub): &(f64, f64)| usize::from(lb.is_finite()) + usize::from(ub.is_finite());
    let rows = order.len() + bounds.iter().map(finite).sum::<usize>();
    let columns = bounds.len();

    // Count entries per column, then fill: the transpose of the model's row storage.
    let mut colptr = vec![0usize; columns + 1];
    for &i in order {
        for v in model.row(i).0 {
            if let Ok(j) = position[v.index()] {
                colptr[j + 1] += 1;
            }
        }
    }
    for (j, bound) in bounds.iter().enumerate() {
        colptr[j + 1] += finite(bound);
    }
    for j in 0..columns {
        colptr[j + 1] += colptr[j];
    }
    let mut next = colptr.clone();
    let mut rowval = vec![0usize; colptr[columns]];
    let mut nzval = vec![0.0; colptr[columns]];
    let mut put = |j: usize, r: usize, value: f64| {
        rowval[next[j]] = r;
        nzval[next[j]] = value;
        next[j] += 1;
    };
    // Rows are visited in Clarabel order, so each column's entries come out sorted.
    let mut b = Vec::with_capacity(rows);
    for (r, &i) in order.iter().enumerate() {
        let sign = if model.sense(i) == Sense::Ge {
            -1.0
        } else {
            1.0
        };
        let mut rhs = model.rhs(i);
        let (cols, coefs) = model.row(i);
        for (v, &c) in cols.iter().zip(coefs) {
            match position[v.index()] {
                Ok(j) => put(j, r, sign * c),
                Err(value) => rhs -= c * value,
            }
        }
        b.push(sign * rhs);
    }
    for (j, &(lb, ub)) in bounds.iter().enumerate() {
        if lb.is_finite() {
            put(j, b.len(), -1.0);
            b.push(-lb);
        }
        if ub.is_finite() {
            put(j, b.len(), 1.0);
            b.push(ub);
        }
    }
    (CscMatrix::new(rows, columns, colptr, rowval, nzval), b)
}

/// Whether row `i`, all of whose columns are fixed, holds (to 1e-9 of its scale).
fn fixed_row_holds(model: &Model, position: &[Result<usize, f64>], i: usize) -> bool {
    let (cols, coefs) = model.row(i);
    let lhs: f64 = cols
        .iter()
        .zip(coefs)
        // Every column of the row is fixed (`Err` holds its value).
        .map(|(v, c)| c * position[v.index()].err().unwrap_or_default())
        .sum();
    let rhs = model.rhs(i);
    let tol = 1e-9 * (1.0 + rhs.abs().max(lhs.abs()));
    match model.sense(i) {
        Sense::Le => lhs <= rhs + tol,
        Sense::Ge => lhs >= rhs - tol,
        Sense::Eq => (lhs - rhs).abs() <= tol,
    }
}
