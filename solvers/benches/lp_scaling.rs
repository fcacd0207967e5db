//! Build and solve time of a storage-dispatch LP as the horizon grows to 8760 hours,
//! with Clarabel (and `HiGHS` when built). Informs `AUTO_HIGHS_LP_MAX_NONZEROS`.
//!
//! `cargo bench -p dcplan-solvers --bench lp_scaling [--features highs]`

#[path = "synthetic/mod.rs"]
mod synthetic;

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use dcplan_solvers::{SolveOptions, SolverChoice, Status, solve};

fn lp_scaling(c: &mut Criterion) {
    let mut build = c.benchmark_group("storage_build");
    build.sample_size(10);
    for hours in [168, 8760] {
        build.bench_with_input(BenchmarkId::from_parameter(hours), &hours, |b, &h| {
            b.iter(|| black_box(synthetic::storage_dispatch(h)));
        });
    }
    build.finish();

    let mut group = c.benchmark_group("storage_solve");
    group.sample_size(10);
    let mut backends = vec![SolverChoice::Clarabel];
    if SolverChoice::Highs.is_available() {
        backends.push(SolverChoice::Highs);
    }
    for backend in backends {
        for hours in [168, 720, 2190, 8760] {
            // HiGHS' simplex at 8760 hours takes ~10 s a solve; keep the bench affordable.
            if backend == SolverChoice::Highs && hours > 2190 {
                continue;
            }
            let model = synthetic::storage_dispatch(hours);
            let options = SolveOptions {
                solver: backend,
                ..SolveOptions::default()
            };
            group.bench_with_input(
                BenchmarkId::new(backend.name(), hours),
                &model,
                |b, model| {
                    b.iter(|| {
                        let s = solve(model, &options).expect("valid model");
                        assert_eq!(s.status, Status::Optimal);
                        black_box(s.objective)
                    });
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, lp_scaling);
criterion_main!(benches);
