//! Exporting the campus plan's books in all three formats (issue 12 target: under 200 ms):
//! the ledger, the tables, the XLSX workbook, every CSV and the JSON document, from a plan
//! made once at the default resolution. Each part is timed too, so a regression shows
//! where it is (`cargo bench --bench export`).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use dcplan::control::Control;
use dcplan::export;
use dcplan::plan::{self, Outcome, PlanOptions};

fn export(c: &mut Criterion) {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sites/ai-campus.toml"));
    let Ok(site) = dcplan::site::load(path) else {
        eprintln!("the campus sample does not load");
        return;
    };
    let options = PlanOptions::default();
    let control = Control::new();
    let Ok(Outcome::Planned { plan, .. }) =
        plan::formulate(&site, &options, &control).and_then(|f| f.solve(&options, &control))
    else {
        eprintln!("the campus sample does not plan");
        return;
    };
    let site = &site.site;
    c.bench_function("export campus: ledger + XLSX + CSV + JSON", |b| {
        b.iter(|| {
            let ledger = plan.ledger(black_box(site));
            let tables = export::tables(site, &plan, &ledger);
            let xlsx = export::to_xlsx(site, &ledger, &tables).map(|x| x.len());
            let csv: usize = tables.iter().map(|t| export::to_csv(t).len()).sum();
            let json = export::to_json(&site.site.name, &tables).len();
            (xlsx, csv, json)
        });
    });
    let ledger = plan.ledger(site);
    let tables = export::tables(site, &plan, &ledger);
    c.bench_function("export campus: ledger", |b| {
        b.iter(|| plan.ledger(black_box(site)).npv_cost_usd);
    });
    c.bench_function("export campus: XLSX", |b| {
        b.iter(|| export::to_xlsx(site, black_box(&ledger), &tables).map(|x| x.len()));
    });
    c.bench_function("export campus: CSV", |b| {
        b.iter(|| {
            black_box(&tables)
                .iter()
                .map(|t| export::to_csv(t).len())
                .sum::<usize>()
        });
    });
    c.bench_function("export campus: JSON", |b| {
        b.iter(|| export::to_json(&site.site.name, black_box(&tables)).len());
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = export
}
criterion_main!(benches);
