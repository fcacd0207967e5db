//! A sweep's scenario on the colo sample, whole and in parts (issue 13: under 5 ms per
//! scenario outside the solver): the scenario's site (its edits applied to the loaded tree
//! and validated, no file read), the planning model built from it (choosing its modelled
//! days, or taking the base site's when it would choose the same), the plan sealed with its
//! fingerprints, and one whole scenario (plan and regret) for comparison
//! (`cargo bench --bench sweep`). The 1,000-scenario run and the thread speed-up are
//! measured on the command line (docs/sweeps.md, "Speed").

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use dcplan::control::Control;
use dcplan::plan::{self, Outcome, PlanOptions, Resolution};
use dcplan::site::{Edit, EditableSite};
use dcplan::sweep::{Spec, Sweep};

const SPEC: &str = r#"
site = "sites/colo-retrofit.toml"
method = "monte_carlo"
samples = 10
seed = 1
resolution = "rep:4"
[[parameter]]
path = 'grid.contract["utility LGS"].energy_usd_per_mwh'
distribution = "uniform"
low = 55
high = 95
"#;

fn sweep(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Ok(spec) = Spec::parse(SPEC, &root.join("spec.toml")) else {
        eprintln!("the bench's spec does not parse");
        return;
    };
    let Ok(sweep) = Sweep::new(spec) else {
        eprintln!("the bench's sweep does not load");
        return;
    };
    let Ok(site) = EditableSite::load(&root.join("sites/colo-retrofit.toml")) else {
        eprintln!("the colo sample does not load");
        return;
    };
    let edit: Edit = match r#"grid.contract["utility LGS"].energy_usd_per_mwh=71.5"#.parse() {
        Ok(e) => e,
        Err(_) => return,
    };
    c.bench_function("sweep colo: scenario site (edit + validate)", |b| {
        b.iter(|| site.edited(black_box(std::slice::from_ref(&edit))).is_ok());
    });
    let Ok(edited) = site.edited(std::slice::from_ref(&edit)) else {
        return;
    };
    let options = PlanOptions {
        resolution: Resolution::Representative { days: 4 },
        ..PlanOptions::default()
    };
    let control = Control::new();
    c.bench_function("sweep colo: formulate rep:4", |b| {
        b.iter(|| plan::formulate(black_box(&edited), &options, &control).is_ok());
    });
    // A scenario that leaves the weather, calendar and first tariff alone (here the
    // discount rate) models the base site's days: chosen once, not clustered again.
    let Ok(rate) = "site.discount_rate=0.09".parse::<Edit>() else {
        return;
    };
    let Ok(rated) = site.edited(std::slice::from_ref(&rate)) else {
        return;
    };
    let base = site.site();
    let known = PlanOptions {
        known_days: plan::time::TimeIndex::new(&base.site, &base.weather, options.resolution)
            .ok()
            .map(std::sync::Arc::new),
        ..options.clone()
    };
    c.bench_function("sweep colo: formulate rep:4, the base site's days", |b| {
        b.iter(|| plan::formulate(black_box(&rated), &known, &control).is_ok());
    });
    let Ok(Outcome::Planned { plan, .. }) =
        plan::formulate(&edited, &options, &control).and_then(|f| f.solve(&options, &control))
    else {
        eprintln!("the colo sample does not plan");
        return;
    };
    c.bench_function("sweep colo: seal the plan", |b| {
        b.iter(|| black_box(plan.clone()).seal(&edited).is_ok());
    });
    let Ok(Some(base)) = sweep.base_plan(&control) else {
        return;
    };
    let scenario = &sweep.scenarios()[1];
    c.bench_function("sweep colo: one scenario (plan + regret)", |b| {
        b.iter(|| {
            sweep
                .run_one(black_box(scenario), Some(&base), &control)
                .is_ok()
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = sweep
}
criterion_main!(benches);
