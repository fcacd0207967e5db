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

#[test]
fn clarabel_stops_inside_its_iterations_when_cancelled_from_another_thread() {
    // The 8760-hour storage LP takes Clarabel about a second (crate docs): a cancel after
    // 50 ms lands among its iterations.
    let lp = synthetic::storage_dispatch(8760);
    let options = with(SolverChoice::Clarabel);
    let stop: Cancel = options.cancel.clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(50));
        stop.cancel();
    });
    let result = solve(&lp, &options);
    canceller.join().expect("the canceller runs");
    assert!(matches!(result, Err(SolverError::Cancelled)), "{result:?}");
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
