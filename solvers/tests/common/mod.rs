//! Helpers shared by the integration tests.
#![allow(dead_code)]

use dcplan_solvers::{Solution, SolveOptions, SolverChoice, Status};

/// Every backend in this build that can solve LPs.
pub fn lp_backends() -> Vec<SolverChoice> {
    [
        SolverChoice::Clarabel,
        SolverChoice::Microlp,
        SolverChoice::Highs,
    ]
    .into_iter()
    .filter(|c| c.is_available())
    .collect()
}

/// Every backend in this build that solves MILPs exactly.
pub fn milp_backends() -> Vec<SolverChoice> {
    [SolverChoice::Microlp, SolverChoice::Highs]
        .into_iter()
        .filter(|c| c.is_available())
        .collect()
}

pub fn with(solver: SolverChoice) -> SolveOptions {
    SolveOptions {
        solver,
        ..SolveOptions::default()
    }
}

/// `|actual − expected| ≤ rel · max(1, |expected|)`.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64, rel: f64) {
    assert!(
        (actual - expected).abs() <= rel * expected.abs().max(1.0),
        "expected {expected}, got {actual} (tolerance {rel} relative)"
    );
}

/// The solution is optimal with objective `expected` (1e-6 relative).
#[track_caller]
pub fn assert_optimal(s: &Solution, expected: f64) {
    assert_eq!(s.status, Status::Optimal, "{s:?}");
    assert_close(s.objective.expect("objective"), expected, 1e-6);
}
