//! Loading and validating a site with its 8760-hour weather file (target: under 50 ms for the
//! GW campus sample). Also times the two halves, so a regression shows where it is, and the
//! re-validation of an edited site in memory (`cargo bench --bench load -- edit`).

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn sites_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sites"))
}

fn load(c: &mut Criterion) {
    let campus = sites_dir().join("ai-campus.toml");
    c.bench_function("load+validate ai-campus (TMY3 8760 h)", |b| {
        b.iter(|| dcplan::site::load(black_box(&campus)).map(|s| s.weather.hours().len()));
    });
    let desert = sites_dir().join("desert-hyperscale.toml");
    c.bench_function("load+validate desert-hyperscale (EPW 8760 h)", |b| {
        b.iter(|| dcplan::site::load(black_box(&desert)).map(|s| s.weather.hours().len()));
    });
    let tmy3 = sites_dir().join("weather/greensboro-nc-723170-tmy3.csv");
    c.bench_function("weather::read TMY3 8760 h", |b| {
        b.iter(|| dcplan::weather::read(black_box(&tmy3)).map(|w| w.hours().len()));
    });
    // The site alone: the same campus with a synthetic design-day year instead of the file.
    let text = std::fs::read_to_string(&campus).unwrap_or_default().replace(
        "weather = \"weather/greensboro-nc-723170-tmy3.csv\"",
        "design_day = { peak_dry_bulb_c = 33.3, daily_range_k = 10.0, coincident_wet_bulb_c = 24.5, elevation_m = 273.0 }",
    );
    c.bench_function("load+validate ai-campus (design day, no file)", |b| {
        b.iter(|| {
            dcplan::site::load_str(
                black_box(text.clone()),
                Path::new("campus.toml"),
                sites_dir(),
            )
            .map(|s| s.site.hall.len())
        });
    });
}

/// A hall with two findings (a type error and a range error), `NUMBER` in its name.
const BROKEN_HALL: &str = include_str!("broken-hall.toml");

/// Validation must stay linear in the file however broken it is (issue 10: 50,000 broken halls
/// under 2 s): the colo sample with `n` halls appended, each with a type error and a range
/// error. The ratio of the two sizes' times should be near 10.
fn broken(c: &mut Criterion) {
    let colo = std::fs::read_to_string(sites_dir().join("colo-retrofit.toml")).unwrap_or_default();
    let mut group = c.benchmark_group("validate broken halls");
    group.sample_size(10);
    for n in [5_000, 50_000] {
        let mut text = colo.clone();
        for i in 0..n {
            text.push_str(&BROKEN_HALL.replace("NUMBER", &i.to_string()));
        }
        group.bench_function(format!("{n} halls, 2 findings each"), |b| {
            b.iter(|| {
                let result = dcplan::site::load_str(
                    black_box(text.clone()),
                    Path::new("broken.toml"),
                    sites_dir(),
                );
                match result {
                    Err(dcplan::site::SiteError::Invalid(invalid)) => invalid.diagnostics.len(),
                    _ => 0,
                }
            });
        });
    }
    group.finish();
}

/// A sweep or a what-if changes one value and validates again (issue 13's budget: under 5 ms a
/// scenario outside the solver): the campus with one energy price edited, validated in memory
/// from the kept tree and weather, against its full load from the files just above.
fn edit(c: &mut Criterion) {
    let campus = sites_dir().join("ai-campus.toml");
    let Ok(site) = dcplan::site::EditableSite::load(&campus) else {
        return;
    };
    let Ok(price) =
        r#"grid.contract["utility 230 kV"].energy_usd_per_mwh=61"#.parse::<dcplan::site::Edit>()
    else {
        return;
    };
    let edits = [price];
    c.bench_function("edit ai-campus: one edit re-validated in memory", |b| {
        b.iter(|| site.edited(black_box(&edits)).map(|s| s.site.hall.len()));
    });
}

criterion_group!(benches, load, broken, edit);
criterion_main!(benches);
