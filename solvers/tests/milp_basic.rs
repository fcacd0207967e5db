//! Small MILPs with known optima; microlp and `HiGHS` must agree; relax-and-round.
#![allow(clippy::float_cmp, clippy::many_single_char_names, clippy::unwrap_used)]

mod common;

use common::{assert_close, assert_optimal, milp_backends, with};
use dcplan_solvers::{
    Model, ObjectiveSense, RoundingHint, Route, Sense, SolveOptions, SolverChoice, Status, Var,
    relax_and_round, route, solve,
};

/// 0/1 knapsack: values (10, 13, 7, 8), weights (5, 6, 4, 3), capacity 10.
/// Any three items weigh ≥ 3 + 4 + 5 = 12 > 10; the best pair is {1, 3}: weight 9, value 21.
/// (LP relaxation: items 3 and 1 whole, 1/5 of item 0: 8 + 13 + 2 = 23.)
fn knapsack() -> (Model, Vec<Var>) {
    let values = [10.0, 13.0, 7.0, 8.0];
    let weights = [5.0, 6.0, 4.0, 3.0];
    let mut m = Model::new("knapsack");
    let x: Vec<Var> = (0..4).map(|i| m.add_binary(format!("take{i}"))).collect();
    let mut w = dcplan_solvers::LinExpr::new();
    let mut v = dcplan_solvers::LinExpr::new();
    for i in 0..4 {
        w.add_term(x[i], weights[i]);
        v.add_term(x[i], values[i]);
    }
    m.add_constraint("capacity", w, Sense::Le, 10.0);
    m.set_objective(v, ObjectiveSense::Maximize);
    (m, x)
}

/// min 3a + 4b s.t. a + 2b ≥ 5, 3a + b ≥ 4, a, b integer in [0, 10].
/// For each a the least b is max(⌈(5 − a)/2⌉, 4 − 3a): a=0→b=4 (16), a=1→b=2 (11),
/// a=2→b=2 (14), a=3→b=1 (13), a≥4 costs ≥ 16. Optimum 11 at (1, 2).
/// The LP relaxation's vertex is the rows' intersection a = 0.6, b = 2.2: 1.8 + 8.8 = 10.6.
fn covering() -> (Model, Var, Var) {
    let mut m = Model::new("covering");
    let a = m.add_integer("a", 0.0, 10.0);
    let b = m.add_integer("b", 0.0, 10.0);
    m.add_constraint("r1", a + 2.0 * b, Sense::Ge, 5.0);
    m.add_constraint("r2", 3.0 * a + b, Sense::Ge, 4.0);
    m.set_objective(3.0 * a + 4.0 * b, ObjectiveSense::Minimize);
    (m, a, b)
}

#[test]
fn knapsack_on_every_milp_backend() {
    let (m, x) = knapsack();
    for b in milp_backends() {
        let s = solve(&m, &with(b)).unwrap();
        assert_optimal(&s, 21.0);
        let taken: Vec<f64> = x.iter().map(|&v| s.value(v).round()).collect();
        assert_eq!(taken, vec![0.0, 1.0, 0.0, 1.0], "{b}");
        assert_eq!(s.stats.integer_variables, 4);
    }
}

#[test]
fn covering_differs_from_its_relaxation() {
    let (m, a, b) = covering();
    for backend in milp_backends() {
        let s = solve(&m, &with(backend)).unwrap();
        assert_optimal(&s, 11.0);
        assert_close(s.value(a), 1.0, 1e-6);
        assert_close(s.value(b), 2.0, 1e-6);
    }
    // The relaxation alone (Clarabel refuses integers, so drop them by hand).
    if SolverChoice::Clarabel.is_available() {
        let mut lp = Model::new("covering_lp");
        let a = lp.add_var("a", 0.0, 10.0);
        let b = lp.add_var("b", 0.0, 10.0);
        lp.add_constraint("r1", a + 2.0 * b, Sense::Ge, 5.0);
        lp.add_constraint("r2", 3.0 * a + b, Sense::Ge, 4.0);
        lp.set_objective(3.0 * a + 4.0 * b, ObjectiveSense::Minimize);
        let s = solve(&lp, &with(SolverChoice::Clarabel)).unwrap();
        assert_optimal(&s, 10.6);
    }
}

/// An integer rounding case: max x + y s.t. 2x + 2y ≤ 7, integers: LP 3.5, MILP 3.
#[test]
fn integer_rounding_case() {
    let mut m = Model::new("round");
    let x = m.add_integer("x", 0.0, f64::INFINITY);
    let y = m.add_integer("y", 0.0, f64::INFINITY);
    m.add_constraint("c", 2.0 * x + 2.0 * y, Sense::Le, 7.0);
    m.set_objective(x + y, ObjectiveSense::Maximize);
    for b in milp_backends() {
        let s = solve(&m, &with(b)).unwrap();
        assert_optimal(&s, 3.0);
    }
}

#[test]
fn auto_sends_small_milps_to_microlp() {
    let (m, _) = knapsack();
    let s = solve(&m, &SolveOptions::default()).unwrap();
    assert_optimal(&s, 21.0);
    assert_eq!(s.stats.backend, "microlp");
}

/// Relax-and-round on the covering model plus a continuous slack s ≥ a + b − 3 costing 1:
/// the relaxation stays (0.6, 2.2, s = 0) at 10.6 (a + b = 2.8 < 3); rounding up gives
/// (1, 3), so s = 1 and the objective is 3 + 12 + 1 = 16; gap (16 − 10.6)/16 = 0.3375. The
/// MILP's own optimum is (1, 2) with s = 0, 3 + 8 = 11 (a + b = 3): the bound lies below it.
#[test]
fn relax_and_round_when_ceil_is_feasible() {
    if !SolverChoice::Clarabel.is_available() {
        return;
    }
    let (mut m, a, b) = covering();
    let s_var = m.add_var("s", 0.0, f64::INFINITY);
    m.add_constraint("slack", s_var - a - b, Sense::Ge, -3.0);
    let mut obj = m.objective().0.clone();
    obj.add_term(s_var, 1.0);
    m.set_objective(obj, ObjectiveSense::Minimize);
    let s = relax_and_round(&m, &SolveOptions::default()).unwrap();
    assert_eq!(s.status, Status::FeasibleWithGap, "{s:?}");
    assert!(s.stats.relaxed_and_rounded);
    assert_eq!(s.stats.backend, "clarabel");
    assert_eq!((s.value(a), s.value(b)), (1.0, 3.0));
    assert_close(s.value(s_var), 1.0, 1e-6);
    assert_close(s.objective.unwrap(), 16.0, 1e-6);
    assert_close(s.best_bound.unwrap(), 10.6, 1e-6);
    assert!(s.best_bound.unwrap() <= 11.0);
    assert_close(s.gap.unwrap(), 0.3375, 1e-6);
    for backend in milp_backends() {
        assert_optimal(&solve(&m, &with(backend)).unwrap(), 11.0);
    }
}

/// Relax-and-round where ceil breaks a ≤ row: max x + y s.t. x + y ≤ 3, x ≤ 1.5, y ≤ 1.5
/// (rows), integers. The relaxation's unique optimum is (1.5, 1.5) = 3; ceil gives (2, 2),
/// which breaks every row: an honest error with the bound. With `Down` hints: (1, 1) = 2,
/// gap (3 − 2)/2 = 0.5.
#[test]
fn relax_and_round_when_ceil_is_infeasible_then_with_hints() {
    if !SolverChoice::Clarabel.is_available() {
        return;
    }
    let mut m = Model::new("pack");
    let x = m.add_integer("x", 0.0, 10.0);
    let y = m.add_integer("y", 0.0, 10.0);
    m.add_constraint("sum", x + y, Sense::Le, 3.0);
    m.add_constraint("xmax", x * 1.0, Sense::Le, 1.5);
    m.add_constraint("ymax", y * 1.0, Sense::Le, 1.5);
    m.set_objective(x + y, ObjectiveSense::Maximize);
    let s = relax_and_round(&m, &SolveOptions::default()).unwrap();
    assert_eq!(s.status, Status::Error, "{s:?}");
    assert!(s.message.as_deref().unwrap().contains("infeasible"));
    assert_close(s.best_bound.unwrap(), 3.0, 1e-6);
    assert!(s.values.is_empty());

    m.set_rounding_hint(x, RoundingHint::Down);
    m.set_rounding_hint(y, RoundingHint::Down);
    let s = relax_and_round(&m, &SolveOptions::default()).unwrap();
    assert_eq!(s.status, Status::FeasibleWithGap);
    assert_close(s.objective.unwrap(), 2.0, 1e-6);
    assert_close(s.gap.unwrap(), 0.5, 1e-6);
}

/// Rounding by hand: relax, round with `round_fixed`, re-solve. A model whose integers are
/// all fixed is an LP for `auto`.
#[test]
fn round_fixed_then_solve_is_an_lp() {
    let (m, a, b) = covering();
    let fixed = m.round_fixed(&[0.6, 2.2]).unwrap();
    assert_eq!(fixed.bounds(a), Some((1.0, 1.0)));
    assert_eq!(fixed.bounds(b), Some((3.0, 3.0)));
    let r = route(&fixed, &SolveOptions::default()).unwrap();
    assert!(
        matches!(r, Route::Direct(c) if c != SolverChoice::Microlp),
        "{r:?}"
    );
    let s = solve(&fixed, &SolveOptions::default()).unwrap();
    // 3·1 + 4·3 = 15
    assert_optimal(&s, 15.0);
}

/// Past the microlp thresholds, `auto` uses `HiGHS` when built, else relax-and-round.
#[test]
fn auto_route_for_large_milps() {
    let mut m = Model::new("big");
    for i in 0..=dcplan_solvers::AUTO_MICROLP_MAX_INTEGERS {
        m.add_integer(format!("n{i}"), 0.0, 5.0);
    }
    let r = route(&m, &SolveOptions::default()).unwrap();
    let expected = if SolverChoice::Highs.is_available() {
        Route::Direct(SolverChoice::Highs)
    } else {
        Route::RelaxAndRound
    };
    assert_eq!(r, expected);
}

/// A MIP gap option lets microlp and `HiGHS` stop early; the answer is never better than the
/// optimum (21) and a stop short of proof is not called optimal.
#[test]
fn mip_gap_is_passed_on() {
    let (m, _) = knapsack();
    for b in milp_backends() {
        let o = SolveOptions {
            mip_gap: Some(0.5),
            ..with(b)
        };
        let s = solve(&m, &o).unwrap();
        assert!(s.status.has_solution(), "{s:?}");
        assert!(s.objective.unwrap() <= 21.0 + 1e-9);
        if s.status == Status::Optimal {
            assert_close(s.objective.unwrap(), 21.0, 1e-6);
        }
    }
}

/// A MIP start changes where the search begins, not where it ends: from the feasible but
/// poor (a, b) = (4, 4) (cost 28), or from the optimum (1, 2), every MILP backend still proves
/// 11. A start of the wrong length is refused before any solve.
#[test]
fn a_start_does_not_change_the_optimum() {
    let (m, a, b) = covering();
    for backend in milp_backends() {
        for start in [[4.0, 4.0], [1.0, 2.0]] {
            let s = dcplan_solvers::solve_from(&m, &with(backend), &start).unwrap();
            assert_optimal(&s, 11.0);
            assert_eq!(
                (s.value(a), s.value(b)),
                (1.0, 2.0),
                "{backend:?} from {start:?}"
            );
        }
    }
    assert!(dcplan_solvers::solve_from(&m, &SolveOptions::default(), &[1.0]).is_err());
}
