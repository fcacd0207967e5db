//! A proven bound on an LP's optimum from any row duals (Lagrangian duality).
//!
//! For `min c'x` subject to rows `a_i x (≤, =, ≥) r_i` and column bounds `l ≤ x ≤ u`, any
//! multipliers `y` of the right sign (`y_i ≥ 0` on `≥` rows, `≤ 0` on `≤` rows, free on
//! equalities: exactly the sign of `d objective / d r_i` at an optimum) give, for every
//! feasible `x`,
//!
//! ```text
//! c'x  ≥  c'x − Σ y_i (a_i x − r_i)  =  Σ y_i r_i + d'x  ≥  Σ y_i r_i + Σ_j min(d_j l_j, d_j u_j)
//! ```
//!
//! with the reduced costs `d = c − A'y`. The right-hand side is a lower bound on the optimum
//! however inexact `y` is: an interior point's duals, converged only to its tolerance, give a
//! bound a little below the optimum, never above it (the solver's own dual objective can lie
//! on either side). Maximising is the same on `−c`.
//!
//! A column without the finite bound its reduced cost's sign needs would make the bound
//! `−∞`. A reduced cost that small is the solver's dual feasibility error, not a direction
//! of descent: it is charged over a box of twice the answer's magnitude on that side
//! (`x̂ ± max(|x̂|, 1)`), so the bound holds as long as the optimum's column lies within it.
//! When all such charges together exceed [`DUAL_TOLERANCE`] of the bound, the duals are too
//! far from feasible to prove anything (`None`).

use crate::backend::integer_bounds;
use crate::model::{Model, Sense};

/// The most that reduced costs of the wrong sign on unbounded columns may be charged, relative
/// to the bound, for them to count as the solver's dual feasibility error (see the module
/// docs). Clarabel converges to 1e-8 relative feasibility and a 1e-6 relative gap.
pub const DUAL_TOLERANCE: f64 = 1e-6;

/// The Lagrangian bound of `model`'s LP relaxation (integer bounds tightened to integers)
/// at row duals `duals` (one per row, in [`Solution::duals`](crate::Solution::duals)' sign
/// convention): a lower bound on the minimum, an upper bound on the maximum, of the
/// relaxation and so of the model. `None` when the duals are too far from dual feasible to
/// bound anything (see the module docs). `values` is the answer the duals came with, one per
/// column.
pub fn dual_bound(model: &Model, duals: &[f64], values: &[f64]) -> Option<f64> {
    if duals.len() != model.num_constraints() || values.len() != model.num_vars() {
        return None;
    }
    // Work on `min sense·f`; the duals of that problem are `sense·y`.
    let sense = model.objective_sense.sign();
    let mut reduced = vec![0.0; model.num_vars()];
    for &(v, c) in &model.objective.terms {
        reduced[v.index()] += sense * c;
    }
    let mut bound = sense * model.objective.constant_part();
    for (i, &dual) in duals.iter().enumerate() {
        let y = match model.sense(i) {
            Sense::Ge => (sense * dual).max(0.0),
            Sense::Le => (sense * dual).min(0.0),
            Sense::Eq => sense * dual,
        };
        if y == 0.0 {
            continue;
        }
        bound += y * model.rhs(i);
        let (cols, coefs) = model.row(i);
        for (v, &a) in cols.iter().zip(coefs) {
            reduced[v.index()] -= y * a;
        }
    }
    let mut charged = 0.0;
    for (j, &d) in reduced.iter().enumerate() {
        if d == 0.0 {
            continue;
        }
        let (lb, ub) = integer_bounds(model, j);
        let at = if d > 0.0 { lb } else { ub };
        if at.is_finite() {
            bound += d * at;
        } else {
            let x = values[j];
            let reach = x.abs().max(1.0);
            bound += d * (x - d.signum() * reach);
            charged += d.abs() * (x.abs() + reach);
        }
    }
    let proven = bound.is_finite() && charged <= DUAL_TOLERANCE * bound.abs().max(1.0);
    proven.then_some(sense * bound)
}

#[cfg(test)]
mod tests {
    use super::dual_bound;
    use crate::model::{Model, ObjectiveSense, Sense};

    /// min 3x + 2y s.t. x + y ≥ 4, x + 3y ≥ 6, x, y ≥ 0: the optimum is 8 at (0, 4), where
    /// only the first row binds with dual 2 (the reduced costs are then x: 3 − 2 = 1, y: 0).
    fn diet() -> Model {
        let mut m = Model::new("diet");
        let x = m.add_var("x", 0.0, f64::INFINITY);
        let y = m.add_var("y", 0.0, f64::INFINITY);
        m.add_constraint("a", x + y, Sense::Ge, 4.0);
        m.add_constraint("b", x + 3.0 * y, Sense::Ge, 6.0);
        m.set_objective(3.0 * x + 2.0 * y, ObjectiveSense::Minimize);
        m
    }

    #[test]
    fn the_optimal_duals_give_the_optimum() {
        assert_eq!(dual_bound(&diet(), &[2.0, 0.0], &[0.0, 4.0]), Some(8.0));
    }

    #[test]
    fn any_duals_of_the_right_sign_give_a_bound_below_it() {
        // y = (1, 1/3): reduced costs x: 3 − 1 − 1/3 > 0, y: 2 − 1 − 1 = 0; 4 + 2 = 6 ≤ 8.
        let b = dual_bound(&diet(), &[1.0, 1.0 / 3.0], &[0.0, 4.0]).unwrap();
        assert!((b - 6.0).abs() < 1e-12, "{b}");
        // A dual of the wrong sign is clamped to zero rather than trusted.
        assert_eq!(dual_bound(&diet(), &[2.0, -5.0], &[0.0, 4.0]), Some(8.0));
    }

    #[test]
    fn duals_that_would_make_a_column_descend_without_limit_prove_nothing() {
        // y = (3, 0): y's reduced cost 2 − 3 < 0 with no upper bound on y.
        assert_eq!(dual_bound(&diet(), &[3.0, 0.0], &[0.0, 4.0]), None);
    }

    #[test]
    fn a_dual_feasibility_error_on_an_unbounded_column_is_charged_not_ignored() {
        // y = (2 + ε, 0): y's reduced cost is −ε with no upper bound. Ignoring it would give
        // 8 + 4ε, above the optimum; charged over twice the answer (y = 4 → 8) it gives
        // 8 + 4ε − 8ε = 8 − 4ε.
        let eps = 1e-10;
        let b = dual_bound(&diet(), &[2.0 + eps, 0.0], &[0.0, 4.0]).unwrap();
        assert!(b <= 8.0, "{b}");
        assert!((b - (8.0 - 4.0 * eps)).abs() < 1e-13, "{b}");
    }

    #[test]
    fn maximising_gives_an_upper_bound() {
        // max 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 6, 0 ≤ x ≤ 3, y ≥ 0: 11 at (3, 1) with duals
        // (2, 0) and x at its upper bound with reduced cost 1 (the crate's doc example).
        let mut m = Model::new("production");
        let x = m.add_var("x", 0.0, 3.0);
        let y = m.add_var("y", 0.0, f64::INFINITY);
        m.add_constraint("capacity", x + y, Sense::Le, 4.0);
        m.add_constraint("labour", x + 3.0 * y, Sense::Le, 6.0);
        m.set_objective(3.0 * x + 2.0 * y, ObjectiveSense::Maximize);
        assert_eq!(dual_bound(&m, &[2.0, 0.0], &[3.0, 1.0]), Some(11.0));
        let loose = dual_bound(&m, &[2.5, 0.0], &[3.0, 1.0]).unwrap();
        assert!(loose >= 11.0, "{loose}");
    }
}
