//! A set [`Cancel`] flag stops a solve with `SolverError::Cancelled`, never a solution.

mod common;
#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

use std::time::Duration;

use common::{lp_backends, with};
use dcplan_solvers::{Cancel, SolveOptions, SolverChoice, SolverError, relax_and_round, solve};

fn cancelled(solver: SolverChoice) -> SolveOptions {
    let options = with(solver);
    options.cancel.cancel();
    options
}

#[test]
fn a_solve_cancelled_before_it_starts_returns_cancelled() {
    let lp = synthetic::storage_dispatch(24);
    for b in lp_backends() {
        let e = solve(&lp, &cancelled(b)).unwrap_err();
        assert!(matches!(e, SolverError::Cancelled), "{b}: {e}");
    }
    // 2 years × 2 kinds × 24 h: integers, so `auto` may round.
    let milp = synthetic::expansion_milp(2, 2, 24);
    let e = relax_and_round(&milp, &cancelled(SolverChoice::Auto)).unwrap_err();
    assert!(matches!(e, SolverError::Cancelled), "{e}");
}

/// Solves `model` with `solver`, setting the flag from another thread after `after`; the
/// solve must end `Cancelled`.
fn cancelled_from_another_thread(
    model: &dcplan_solvers::Model,
    solver: SolverChoice,
    after: Duration,
) -> Result<dcplan_solvers::Solution, SolverError> {
    let options = with(solver);
    let stop: Cancel = options.cancel.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(after);
        stop.cancel();
    });
    let result = solve(model, &options);
    canceller.join().expect("the canceller runs");
    result
}

#[test]
fn clarabel_stops_inside_its_iterations_when_cancelled_from_another_thread() {
    // The 8760-hour storage LP takes Clarabel about a second (crate docs): a cancel after
    // 50 ms lands among its iterations.
    let lp = synthetic::storage_dispatch(8760);
    let result =
        cancelled_from_another_thread(&lp, SolverChoice::Clarabel, Duration::from_millis(50));
    assert!(matches!(result, Err(SolverError::Cancelled)), "{result:?}");
}

#[cfg(feature = "highs")]
#[test]
fn highs_stops_inside_its_search_when_cancelled_from_another_thread() {
    // HiGHS's interior point takes about a second on the 8760-hour LP (crate docs), and its
    // branch and bound longer on the 10-year, 8-kind expansion MILP: a cancel after 50 ms
    // lands inside each run, through the interrupt callback.
    let lp = synthetic::storage_dispatch(8760);
    let milp = synthetic::expansion_milp(10, 8, 96);
    for model in [&lp, &milp] {
        let result =
            cancelled_from_another_thread(model, SolverChoice::Highs, Duration::from_millis(50));
        assert!(matches!(result, Err(SolverError::Cancelled)), "{result:?}");
    }
}

#[test]
fn clones_share_the_flag_and_equal_each_other() {
    let a = Cancel::new();
    let b = a.clone();
    assert_eq!(a, b);
    assert_ne!(a, Cancel::new());
    assert_eq!(a.check("stopped"), Ok(()));
    b.cancel();
    assert!(a.is_cancelled());
    assert_eq!(a.check("stopped"), Err("stopped"));
}
