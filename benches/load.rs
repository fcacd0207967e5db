//! Loading and validating a site with its 8760-hour weather file (target: under 50 ms for the
//! GW campus sample). Also times the two halves, so a regression shows where it is.

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

criterion_group!(benches, load);
criterion_main!(benches);
