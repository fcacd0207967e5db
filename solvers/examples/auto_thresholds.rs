//! Survey behind `auto`'s thresholds: one timed solve per backend and size.
//!
//! `cargo run --release -p dcplan-solvers --example auto_thresholds [--features highs] [LIMIT_S]`

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

use std::time::Instant;

use dcplan_solvers::{Model, Solution, SolveOptions, SolverChoice, SolverError, solve};

fn report(label: &str, name: &str, result: &Result<Solution, SolverError>, seconds: f64) {
    match result {
        Ok(s) => println!(
            "{label:<26} {name:<9} ints {:>5} nnz {:>8} {seconds:>8.3} s  {:<27} obj {:?} gap {:?}",
            s.stats.integer_variables,
            s.stats.nonzeros,
            s.status.name(),
            s.objective.map(|o| (o * 1e3).round() / 1e3),
            s.gap.map(|g| (g * 1e6).round() / 1e6),
        ),
        Err(e) => println!("{label:<26} {name:<9} error: {e}"),
    }
}

fn run(label: &str, model: &Model, solver: SolverChoice, limit: f64) {
    if !solver.is_available() {
        return;
    }
    let options = SolveOptions {
        solver,
        time_limit_s: Some(limit),
        ..SolveOptions::default()
    };
    let t = Instant::now();
    let result = solve(model, &options);
    report(label, solver.name(), &result, t.elapsed().as_secs_f64());
}

fn main() {
    let limit = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(60.0);
    for hours in [168, 720, 2190, 8760] {
        let m = synthetic::storage_dispatch(hours);
        for s in [
            SolverChoice::Clarabel,
            SolverChoice::Highs,
            SolverChoice::Microlp,
        ] {
            if s == SolverChoice::Microlp && hours > 2190 {
                continue;
            }
            run(&format!("storage {hours}h"), &m, s, limit);
        }
    }
    let sizes = [
        (5, 4, 24),
        (10, 6, 24),
        (10, 10, 48),
        (20, 10, 96),
        (30, 20, 96),
        (40, 50, 24),
    ];
    for (years, kinds, hours) in sizes {
        let m = synthetic::expansion_milp(years, kinds, hours);
        let label = format!("expansion {years}y{kinds}k{hours}h");
        for s in [SolverChoice::Microlp, SolverChoice::Highs] {
            run(&label, &m, s, limit);
        }
        if SolverChoice::Clarabel.is_available() {
            let options = SolveOptions {
                time_limit_s: Some(limit),
                ..SolveOptions::default()
            };
            let t = Instant::now();
            let result = dcplan_solvers::relax_and_round(&m, &options);
            report(&label, "r&r", &result, t.elapsed().as_secs_f64());
        }
    }
}
