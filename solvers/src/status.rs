//! Solve outcomes: one status enum, the solution and its statistics.

use std::fmt;

use crate::expr::{LinExpr, Var};
use crate::model::ConstraintId;

/// How a solve ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// The backend proved optimality (for MILPs: to its default gap tolerance, `HiGHS` 1e-4
    /// relative unless [`SolveOptions::mip_gap`](crate::SolveOptions::mip_gap) says otherwise;
    /// the achieved gap is in [`Solution::gap`]).
    Optimal,
    /// A feasible solution whose optimality is not proven: a MIP gap or time limit stopped the
    /// search, the interior point converged only to reduced accuracy, or relax-and-round
    /// produced it. [`Solution::best_bound`] and [`Solution::gap`] say how far from optimal
    /// it may be, when known.
    FeasibleWithGap,
    /// No solution exists (for relax-and-round: the relaxation is infeasible, so the model is).
    Infeasible,
    /// The objective can improve without limit (or, for a MILP, its relaxation can).
    Unbounded,
    /// The time limit was reached before any feasible solution was found.
    TimeLimitWithoutSolution,
    /// The backend failed or gave up (numerical trouble, iteration limit, a rounded build
    /// that is infeasible); see [`Solution::message`].
    Error,
}

impl Status {
    /// Whether [`Solution::values`] hold a feasible solution.
    pub fn has_solution(self) -> bool {
        matches!(self, Status::Optimal | Status::FeasibleWithGap)
    }

    /// Kebab-case name, as printed in reports.
    pub const fn name(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::FeasibleWithGap => "feasible-with-gap",
            Status::Infeasible => "infeasible",
            Status::Unbounded => "unbounded",
            Status::TimeLimitWithoutSolution => "time-limit-without-solution",
            Status::Error => "error",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Statistics of one solve.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SolveStats {
    /// Backend that produced the answer: `"clarabel"`, `"microlp"`, `"highs"`, or
    /// `"clarabel"` for relax-and-round.
    pub backend: &'static str,
    /// Number of columns.
    pub variables: usize,
    /// Number of integer columns.
    pub integer_variables: usize,
    /// Number of rows.
    pub constraints: usize,
    /// Nonzero coefficients in the rows.
    pub nonzeros: usize,
    /// Time translating the model for the backend (seconds).
    pub build_seconds: f64,
    /// Time in the backend (seconds; for relax-and-round, both solves).
    pub solve_seconds: f64,
    /// Whether the answer came from relax-and-round (then never [`Status::Optimal`]).
    pub relaxed_and_rounded: bool,
}

/// The result of [`solve`](crate::solve).
#[derive(Clone, Debug, PartialEq)]
pub struct Solution {
    /// How the solve ended.
    pub status: Status,
    /// Objective value (with the objective's constant) when a solution exists.
    pub objective: Option<f64>,
    /// Best proven bound on the optimal objective (below a minimum, above a maximum), when
    /// known: a MIP search's dual bound, else the Lagrangian bound of the LP (relaxation)'s
    /// duals ([`dual_bound`](crate::dual_bound)), else a proven optimum's own objective.
    pub best_bound: Option<f64>,
    /// Relative gap `|objective − best_bound| / max(|objective|, 1e-9)`, when both are known.
    pub gap: Option<f64>,
    /// Column values, indexed by [`Var::index`] (empty without a solution).
    pub values: Vec<f64>,
    /// Constraint duals by [`ConstraintId::index`], for LPs solved by Clarabel or `HiGHS`.
    ///
    /// Sign convention: the dual of a row is the change of the objective per unit increase
    /// of its right-hand side, in the model's own sense. A binding `≤` row has a dual ≥ 0 when
    /// maximising and ≤ 0 when minimising.
    pub duals: Option<Vec<f64>>,
    /// Backend detail for non-optimal outcomes.
    pub message: Option<String>,
    /// Options the backend did not honour, and similar notes.
    pub warnings: Vec<String>,
    /// Size and timing.
    pub stats: SolveStats,
}

impl Solution {
    /// Value of `var` (NaN without a solution or for a foreign column).
    pub fn value(&self, var: Var) -> f64 {
        self.values.get(var.index()).copied().unwrap_or(f64::NAN)
    }

    /// Value of `expr` at this solution.
    pub fn eval(&self, expr: &LinExpr) -> f64 {
        expr.eval(&self.values)
    }

    /// Dual of `row`, when duals are available (see [`Solution::duals`] for the sign).
    pub fn dual(&self, row: ConstraintId) -> Option<f64> {
        self.duals.as_ref()?.get(row.index()).copied()
    }

    pub(crate) fn empty(status: Status) -> Self {
        Self {
            status,
            objective: None,
            best_bound: None,
            gap: None,
            values: Vec::new(),
            duals: None,
            message: None,
            warnings: Vec::new(),
            stats: SolveStats::default(),
        }
    }

    pub(crate) fn without_solution(status: Status, message: impl Into<String>) -> Self {
        Self {
            message: Some(message.into()),
            ..Self::empty(status)
        }
    }
}

/// Relative gap as reported: `|objective − bound| / max(|objective|, 1e-9)`.
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    (objective - bound).abs() / objective.abs().max(1e-9)
}
