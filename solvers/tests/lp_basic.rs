//! Small LPs with known optima, solved by every LP backend in the build.
#![allow(clippy::float_cmp, clippy::many_single_char_names, clippy::unwrap_used)]

mod common;

use common::{assert_close, assert_optimal, lp_backends, with};
use dcplan_solvers::{Model, ObjectiveSense, Sense, SolveOptions, SolverChoice, Status, solve};

/// Classic production LP: max 3x + 2y s.t. x + y ≤ 4, x + 3y ≤ 6, 0 ≤ x ≤ 3, y ≥ 0.
/// Vertices: (0,0)=0, (3,0)=9, (3,1)=11, (1.5,1.5)=7.5, (0,2)=4, so (3,1) with 11.
fn production() -> (Model, dcplan_solvers::Var, dcplan_solvers::Var) {
    let mut m = Model::new("production");
    let x = m.add_var("x", 0.0, 3.0);
    let y = m.add_var("y", 0.0, f64::INFINITY);
    m.add_constraint("capacity", x + y, Sense::Le, 4.0);
    m.add_constraint("labour", x + 3.0 * y, Sense::Le, 6.0);
    m.set_objective(3.0 * x + 2.0 * y, ObjectiveSense::Maximize);
    (m, x, y)
}

#[test]
fn production_lp_on_every_backend() {
    let (m, x, y) = production();
    for b in lp_backends() {
        let s = solve(&m, &with(b)).unwrap();
        assert_optimal(&s, 11.0);
        assert_close(s.value(x), 3.0, 1e-6);
        assert_close(s.value(y), 1.0, 1e-6);
        assert_eq!(s.stats.backend, b.name());
        assert_eq!(
            (s.stats.variables, s.stats.constraints, s.stats.nonzeros),
            (2, 2, 4)
        );
        assert!(!s.stats.relaxed_and_rounded);
        // A maximum's bound lies above it: the Lagrangian bound of the duals (Clarabel,
        // HiGHS) or the proven optimum itself (microlp's simplex gives no duals).
        assert_bound_beyond(&s, 11.0, ObjectiveSense::Maximize);
    }
}

/// `s.best_bound` is a bound on the optimum `optimum` known by hand: not above a minimum,
/// not below a maximum (beyond float rounding, 1e-12 relative), and close (gap ≤ 1e-6).
#[track_caller]
fn assert_bound_beyond(s: &dcplan_solvers::Solution, optimum: f64, sense: ObjectiveSense) {
    let bound = s
        .best_bound
        .unwrap_or_else(|| panic!("{}: no bound", s.stats.backend));
    let slack = 1e-12 * optimum.abs().max(1.0);
    let holds = match sense {
        ObjectiveSense::Minimize => bound <= optimum + slack,
        ObjectiveSense::Maximize => bound >= optimum - slack,
    };
    assert!(
        holds,
        "{}: bound {bound} crosses the optimum {optimum}",
        s.stats.backend
    );
    assert!(
        s.gap.unwrap() <= 1e-6,
        "{}: gap {:?}",
        s.stats.backend,
        s.gap
    );
}

/// Transport: supplies S1 = 20, S2 = 30 (equalities), demands D1 = 10, D2 = 25, D3 = 15 (≥),
/// costs S1→(2, 4, 5), S2→(3, 1, 7). S2 serves D2 at 1 (25 units); its last 5 go where
/// S1 is least cheaper (D1: 3 vs 2, a penalty of 1, against D3: 7 vs 5); S1 ships 5 to D1
/// and 15 to D3. Cost 25·1 + 5·3 + 5·2 + 15·5 = 125.
#[test]
fn transport_problem_with_equalities_and_ge_rows() {
    let supply = [20.0, 30.0];
    let demand = [10.0, 25.0, 15.0];
    let cost = [[2.0, 4.0, 5.0], [3.0, 1.0, 7.0]];
    let mut m = Model::new("transport");
    let mut ship = Vec::new();
    for (i, row) in cost.iter().enumerate() {
        let vars: Vec<_> = (0..row.len())
            .map(|j| m.add_var(format!("ship[{i},{j}]"), 0.0, f64::INFINITY))
            .collect();
        ship.push(vars);
    }
    for (i, s) in supply.iter().enumerate() {
        m.add_constraint(
            format!("supply[{i}]"),
            ship[i].iter().copied().sum::<dcplan_solvers::LinExpr>(),
            Sense::Eq,
            *s,
        );
    }
    for (j, d) in demand.iter().enumerate() {
        m.add_constraint(
            format!("demand[{j}]"),
            ship[0][j] + ship[1][j],
            Sense::Ge,
            *d,
        );
    }
    let mut obj = dcplan_solvers::LinExpr::new();
    for (i, row) in cost.iter().enumerate() {
        for (j, c) in row.iter().enumerate() {
            obj.add_term(ship[i][j], *c);
        }
    }
    m.set_objective(obj, ObjectiveSense::Minimize);
    for b in lp_backends() {
        let s = solve(&m, &with(b)).unwrap();
        assert_optimal(&s, 125.0);
        assert_close(s.value(ship[1][1]), 25.0, 1e-6);
        assert_close(s.value(ship[0][2]), 15.0, 1e-6);
        assert_bound_beyond(&s, 125.0, ObjectiveSense::Minimize);
    }
}

/// Free variables and an objective constant: min z + 10 with z ≥ |x − 3| (two rows),
/// x + w = 5, w ≥ 4 (a row), all columns free. So x ≤ 1, z ≥ 2 at x = 1: objective 12.
#[test]
fn free_variables_and_objective_constant() {
    let mut m = Model::new("abs");
    let inf = f64::INFINITY;
    let x = m.add_var("x", -inf, inf);
    let z = m.add_var("z", -inf, inf);
    let w = m.add_var("w", -inf, inf);
    m.add_constraint("above", z - x, Sense::Ge, -3.0);
    m.add_constraint("below", z + x, Sense::Ge, 3.0);
    m.add_constraint("link", x + w, Sense::Eq, 5.0);
    m.add_constraint("w_min", w * 1.0, Sense::Ge, 4.0);
    m.set_objective(z + 10.0, ObjectiveSense::Minimize);
    for b in lp_backends() {
        let s = solve(&m, &with(b)).unwrap();
        assert_optimal(&s, 12.0);
        assert_close(s.value(x), 1.0, 1e-6);
        assert_close(s.eval(&(z + x)), 3.0, 1e-6);
        // Free columns: their reduced costs must vanish, or the duals bound nothing.
        assert_bound_beyond(&s, 12.0, ObjectiveSense::Minimize);
    }
}

/// Fixed columns (lb = ub) are eliminated for Clarabel and kept for the others; all agree.
/// min 2x + y, x fixed at 1.5, x + y ≥ 4 → y = 2.5, objective 3 + 2.5 = 5.5.
#[test]
fn fixed_columns() {
    let mut m = Model::new("fixed");
    let x = m.add_var("x", 0.0, 10.0);
    let y = m.add_var("y", 0.0, 10.0);
    m.fix(x, 1.5);
    m.add_constraint("need", x + y, Sense::Ge, 4.0);
    m.set_objective(2.0 * x + y, ObjectiveSense::Minimize);
    for b in lp_backends() {
        let s = solve(&m, &with(b)).unwrap();
        assert_optimal(&s, 5.5);
        assert_eq!(s.value(x), 1.5);
        // The fixed column's cost (3) is part of the bound, though Clarabel never saw it.
        assert_bound_beyond(&s, 5.5, ObjectiveSense::Minimize);
    }
}

/// A model whose columns are all fixed has nothing to optimise: a row they satisfy gives
/// the fixed point as optimum (2·1 + 3·2 = 8), a row they break makes it infeasible
/// (x + y = 3 < 4), on every LP backend.
#[test]
fn all_columns_fixed() {
    for (need, status) in [(3.0, Status::Optimal), (4.0, Status::Infeasible)] {
        let mut m = Model::new("all fixed");
        let x = m.add_var("x", 1.0, 1.0);
        let y = m.add_var("y", 2.0, 2.0);
        m.add_constraint("need", x + y, Sense::Ge, need);
        m.set_objective(2.0 * x + 3.0 * y, ObjectiveSense::Minimize);
        for b in lp_backends() {
            let s = solve(&m, &with(b)).unwrap();
            assert_eq!(s.status, status, "{b:?} with need {need}");
            if status == Status::Optimal {
                assert_optimal(&s, 8.0);
            }
        }
    }
}

/// Duals, as d(objective)/d(rhs) in the model's own sense.
///
/// max 3x + 2y s.t. cap: x + y ≤ 4 (binding), loose: x + 2y ≤ 100, 0 ≤ x, y ≤ 10:
/// optimum x = 4, y = 0, objective 12; one more unit of cap gives x = 5, +3. dual(cap) = 3,
/// dual(loose) = 0.
/// min 2a + 5b s.t. need: a + b ≥ 6, 0 ≤ a, b ≤ 100: a = 6, objective 12; one more unit of
/// need costs one more a, so dual(need) = 2.
/// min p s.t. eq: p − q = 2, qmin: q ≥ 1 (both free columns): p = 3; raising either
/// right-hand side by 1 raises p by 1, so dual(eq) = dual(qmin) = 1.
#[test]
fn duals_follow_the_documented_sign() {
    let mut m = Model::new("dual_max");
    let x = m.add_var("x", 0.0, 10.0);
    let y = m.add_var("y", 0.0, 10.0);
    let cap = m.add_constraint("cap", x + y, Sense::Le, 4.0);
    let loose = m.add_constraint("loose", x + 2.0 * y, Sense::Le, 100.0);
    m.set_objective(3.0 * x + 2.0 * y, ObjectiveSense::Maximize);

    let mut n = Model::new("dual_min");
    let a = n.add_var("a", 0.0, 100.0);
    let b = n.add_var("b", 0.0, 100.0);
    let need = n.add_constraint("need", a + b, Sense::Ge, 6.0);
    n.set_objective(2.0 * a + 5.0 * b, ObjectiveSense::Minimize);

    let mut e = Model::new("dual_eq");
    let p = e.add_var("p", f64::NEG_INFINITY, f64::INFINITY);
    let q = e.add_var("q", f64::NEG_INFINITY, f64::INFINITY);
    let eq = e.add_constraint("eq", p - q, Sense::Eq, 2.0);
    let qmin = e.add_constraint("qmin", q * 1.0, Sense::Ge, 1.0);
    e.set_objective(p * 1.0, ObjectiveSense::Minimize);

    for backend in [SolverChoice::Clarabel, SolverChoice::Highs] {
        if !backend.is_available() {
            continue;
        }
        let s = solve(&m, &with(backend)).unwrap();
        assert_optimal(&s, 12.0);
        assert_close(s.dual(cap).unwrap(), 3.0, 1e-6);
        assert_close(s.dual(loose).unwrap(), 0.0, 1e-6);
        let s = solve(&n, &with(backend)).unwrap();
        assert_optimal(&s, 12.0);
        assert_close(s.dual(need).unwrap(), 2.0, 1e-6);
        let s = solve(&e, &with(backend)).unwrap();
        assert_optimal(&s, 3.0);
        assert_close(s.dual(eq).unwrap(), 1.0, 1e-6);
        assert_close(s.dual(qmin).unwrap(), 1.0, 1e-6);
    }
    if SolverChoice::Microlp.is_available() {
        let s = solve(&m, &with(SolverChoice::Microlp)).unwrap();
        assert!(s.duals.is_none());
    }
}

/// Options a backend does not honour are named, not silently dropped.
#[test]
fn unhonoured_options_are_reported() {
    let (m, _, _) = production();
    for b in [SolverChoice::Clarabel, SolverChoice::Microlp] {
        if !b.is_available() {
            continue;
        }
        let o = SolveOptions {
            threads: Some(2),
            ..with(b)
        };
        let s = solve(&m, &o).unwrap();
        assert_eq!(s.status, Status::Optimal);
        assert!(
            s.warnings.iter().any(|w| w.contains("threads")),
            "{:?}",
            s.warnings
        );
    }
}

/// A tiny time limit stops before any iterate is feasible.
#[test]
fn time_limit_without_solution() {
    let (m, _, _) = production();
    for b in [SolverChoice::Microlp, SolverChoice::Clarabel] {
        if !b.is_available() {
            continue;
        }
        let o = SolveOptions {
            time_limit_s: Some(1e-9),
            ..with(b)
        };
        let s = solve(&m, &o).unwrap();
        assert_eq!(s.status, Status::TimeLimitWithoutSolution, "{b}: {s:?}");
        assert!(s.values.is_empty());
    }
}

/// `auto` on a small LP: `HiGHS` when built, else Clarabel.
#[test]
fn auto_picks_an_lp_backend() {
    let (m, _, _) = production();
    let s = solve(&m, &SolveOptions::default()).unwrap();
    assert_optimal(&s, 11.0);
    let expected = if SolverChoice::Highs.is_available() {
        "highs"
    } else {
        "clarabel"
    };
    assert_eq!(s.stats.backend, expected);
}
