//! Property test: every LP backend in the build finds the same optimum on random small
//! feasible, bounded LPs.
#![allow(clippy::float_cmp, clippy::many_single_char_names, clippy::unwrap_used)]

mod common;

use common::lp_backends;
use dcplan_solvers::{
    LinExpr, Model, ObjectiveSense, Sense, SolveOptions, SolverChoice, Status, solve,
};
use proptest::prelude::*;

/// Box-bounded columns `0 ≤ x[j] ≤ u[j]` and rows `Σ a[i][j]·x[j] ≤ b[i]` with `b[i] ≥ 0`, so the origin
/// is feasible and the box keeps the optimum finite.
fn random_lp() -> impl Strategy<Value = Model> {
    (2usize..7, 1usize..7).prop_flat_map(|(n, m)| {
        (
            prop::collection::vec(1i32..10, n),
            prop::collection::vec(-5i32..6, n),
            prop::collection::vec((prop::collection::vec(-5i32..6, n), 0i32..20), m),
            any::<bool>(),
        )
            .prop_map(move |(upper, cost, rows, maximize)| {
                let mut model = Model::new("random");
                let x: Vec<_> = upper
                    .iter()
                    .enumerate()
                    .map(|(j, &u)| model.add_var(format!("x{j}"), 0.0, f64::from(u)))
                    .collect();
                for (i, (coefs, rhs)) in rows.iter().enumerate() {
                    let mut e = LinExpr::new();
                    for (j, &a) in coefs.iter().enumerate() {
                        e.add_term(x[j], f64::from(a));
                    }
                    model.add_constraint(format!("r{i}"), e, Sense::Le, f64::from(*rhs));
                }
                let mut obj = LinExpr::new();
                for (j, &c) in cost.iter().enumerate() {
                    obj.add_term(x[j], f64::from(c));
                }
                let sense = if maximize {
                    ObjectiveSense::Maximize
                } else {
                    ObjectiveSense::Minimize
                };
                model.set_objective(obj, sense);
                model
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn lp_backends_agree_and_bound_the_optimum(model in random_lp()) {
        let mut objectives = Vec::new();
        let mut bounds = Vec::new();
        for b in lp_backends() {
            let s = solve(&model, &SolveOptions { solver: b, ..SolveOptions::default() }).unwrap();
            prop_assert_eq!(s.status, Status::Optimal, "{}: {:?}", b, s);
            objectives.push((b, s.objective.unwrap()));
            bounds.push((b, s.best_bound));
        }
        let (first, reference) = objectives[0];
        // Every bound lies on its side of the optimum (the simplex's vertex, exact on this
        // small integer data, where microlp is in the build; else the first backend's).
        let optimum = objectives
            .iter()
            .find(|(b, _)| *b == SolverChoice::Microlp)
            .map_or(reference, |&(_, o)| o);
        for &(b, bound) in &bounds {
            prop_assert!(bound.is_some(), "{}: no bound", b);
            let slack = 1e-9 * optimum.abs().max(1.0);
            let beyond = match model.objective().1 {
                ObjectiveSense::Minimize => bound.unwrap() <= optimum + slack,
                ObjectiveSense::Maximize => bound.unwrap() >= optimum - slack,
            };
            prop_assert!(beyond, "{}: bound {:?} crosses the optimum {}", b, bound, optimum);
        }
        for &(b, obj) in &objectives[1..] {
            prop_assert!(
                (obj - reference).abs() <= 1e-6 * reference.abs().max(1.0),
                "{first} = {reference}, {b} = {obj}"
            );
        }
    }
}
