//! Infeasible and unbounded models, broken options, missing backends.
#![allow(clippy::float_cmp, clippy::many_single_char_names, clippy::unwrap_used)]

mod common;

use common::{lp_backends, milp_backends, with};
use dcplan_solvers::{
    Model, ObjectiveSense, Sense, SolveOptions, SolverChoice, SolverError, Status, relax_and_round,
    solve,
};

/// x ≥ 2 and x ≤ 1 as rows.
fn infeasible_lp() -> Model {
    let mut m = Model::new("infeasible");
    let x = m.add_var("x", 0.0, 10.0);
    m.add_constraint("lo", x * 1.0, Sense::Ge, 2.0);
    m.add_constraint("hi", x * 1.0, Sense::Le, 1.0);
    m.set_objective(x * 1.0, ObjectiveSense::Minimize);
    m
}

/// max x + y with x − y ≤ 1 and no upper bounds: x = y = t grows without limit.
fn unbounded_lp() -> Model {
    let mut m = Model::new("unbounded");
    let x = m.add_var("x", 0.0, f64::INFINITY);
    let y = m.add_var("y", 0.0, f64::INFINITY);
    m.add_constraint("c", x - y, Sense::Le, 1.0);
    m.set_objective(x + y, ObjectiveSense::Maximize);
    m
}

#[test]
fn infeasible_lp_on_every_backend() {
    let m = infeasible_lp();
    for b in lp_backends() {
        let s = solve(&m, &with(b)).unwrap();
        assert_eq!(s.status, Status::Infeasible, "{b}: {s:?}");
        assert!(s.objective.is_none() && s.values.is_empty());
    }
}

#[test]
fn unbounded_lp_on_every_backend() {
    let m = unbounded_lp();
    for b in lp_backends() {
        let s = solve(&m, &with(b)).unwrap();
        assert_eq!(s.status, Status::Unbounded, "{b}: {s:?}");
    }
}

/// 2x + 2y = 3 has real solutions but no integer ones.
#[test]
fn infeasible_milp() {
    let mut m = Model::new("odd");
    let x = m.add_integer("x", 0.0, 10.0);
    let y = m.add_integer("y", 0.0, 10.0);
    m.add_constraint("odd", 2.0 * x + 2.0 * y, Sense::Eq, 3.0);
    m.set_objective(x + y, ObjectiveSense::Minimize);
    for b in milp_backends() {
        let s = solve(&m, &with(b)).unwrap();
        assert_eq!(s.status, Status::Infeasible, "{b}: {s:?}");
    }
}

/// lb > ub is infeasible, said without asking a backend; so is an integer column whose
/// bounds hold no integer.
#[test]
fn crossed_bounds_are_infeasible() {
    let mut m = Model::new("crossed");
    m.add_var("x", 2.0, 1.0);
    let s = solve(&m, &SolveOptions::default()).unwrap();
    assert_eq!(s.status, Status::Infeasible);
    assert!(s.message.unwrap().contains("`x`"));

    let mut m = Model::new("no_integer");
    m.add_integer("n", 0.2, 0.8);
    let s = solve(&m, &SolveOptions::default()).unwrap();
    assert_eq!(s.status, Status::Infeasible);
}

#[test]
fn relax_and_round_reports_an_infeasible_relaxation() {
    if !SolverChoice::Clarabel.is_available() {
        return;
    }
    let mut m = infeasible_lp();
    m.add_integer("n", 0.0, 3.0);
    let s = relax_and_round(&m, &SolveOptions::default()).unwrap();
    assert_eq!(s.status, Status::Infeasible);
    assert!(s.stats.relaxed_and_rounded);
    assert!(s.message.unwrap().contains("LP relaxation"));
}

#[test]
fn invalid_options_are_errors() {
    let m = infeasible_lp();
    for o in [
        SolveOptions {
            time_limit_s: Some(-1.0),
            ..SolveOptions::default()
        },
        SolveOptions {
            mip_gap: Some(2.0),
            ..SolveOptions::default()
        },
        SolveOptions {
            threads: Some(0),
            ..SolveOptions::default()
        },
    ] {
        let err = solve(&m, &o).unwrap_err();
        assert!(matches!(err, SolverError::InvalidOption { .. }), "{err}");
    }
}

#[test]
fn broken_models_are_errors() {
    let mut m = Model::new("nan");
    let x = m.add_var("x", 0.0, 1.0);
    m.add_constraint("c", x * f64::NAN, Sense::Le, 1.0);
    assert!(matches!(
        solve(&m, &SolveOptions::default()),
        Err(SolverError::InvalidModel(_))
    ));
}

#[test]
fn unavailable_backend_is_a_clear_error() {
    let m = infeasible_lp();
    if SolverChoice::Highs.is_available() {
        return;
    }
    let err = solve(&m, &with(SolverChoice::Highs)).unwrap_err();
    assert!(matches!(
        err,
        SolverError::BackendUnavailable { name: "highs", .. }
    ));
    assert_eq!(
        err.to_string(),
        "solver `highs` is not in this build; rebuild with --features highs \
         (needs cmake and libclang-dev)"
    );
}

#[test]
fn clarabel_refuses_integers() {
    let mut m = infeasible_lp();
    m.add_binary("b");
    let err = solve(&m, &with(SolverChoice::Clarabel)).unwrap_err();
    assert!(
        matches!(
            err,
            SolverError::IntegersUnsupported {
                backend: "clarabel",
                integer_variables: 1
            }
        ),
        "{err}"
    );
}
