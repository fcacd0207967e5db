//! The thermal simulator's hot path (target: ≥ 2e9 rack-steps per second on two cores, i.e.
//! 10,000 racks × 8760 h × 60 steps per hour in ≤ 2.6 s, and a speed-up ≥ 1.8 from one to two
//! threads; figures in docs/thermal.md, "Performance").
//!
//! * `rack_step/10000`: one step of the per-rack kernel over 10,000 racks (one thread), the
//!   supply air held; `rack_step/10000_moving`: the same with the supply moving over the step;
//! * `year/threads=N`: the case — a whole weather year of a 10,000-rack campus
//!   (20 halls × 500 GB200 NVL72) at 60 s steps (5.256e9 rack-steps) on N rayon threads;
//!   criterion reports rack-steps per second. About a minute per thread count.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use dcplan::site::LoadedSite;
use dcplan::thermal::kernel_bench::RackKernel;
use dcplan::thermal::{Installed, SimOptions, simulate_year};

const HALLS: usize = 20;
const RACKS_PER_HALL: u32 = 500;

/// The AI campus with 20 halls of 500 GB200 NVL72 racks and its plant at `max_units`.
fn campus_10k() -> (LoadedSite, Installed) {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sites/ai-campus.toml"));
    let Ok(mut loaded) = dcplan::site::load(path) else {
        panic!("the campus sample loads");
    };
    let template = loaded.site.hall[0].clone();
    loaded.site.hall = (0..HALLS)
        .map(|i| {
            let mut h = template.clone();
            h.name = format!("Hall {i:02}");
            h
        })
        .collect();
    let c = &loaded.site.cooling;
    let build = Installed {
        source: "bench: 20 halls × 500 racks".to_owned(),
        racks: vec![vec![RACKS_PER_HALL, 0]; HALLS],
        chillers: c.chiller.iter().map(|x| x.max_units).collect(),
        towers: c.tower.iter().map(|x| x.max_units).collect(),
        dry_coolers: c.dry_cooler.iter().map(|x| x.max_units).collect(),
        generators: loaded.site.generator.iter().map(|x| x.max_units).collect(),
        chw_storage_m3: 0.0,
        blocks: Vec::new(),
    };
    (loaded, build)
}

fn kernel(c: &mut Criterion) {
    let (loaded, mut build) = campus_10k();
    build.racks[0] = vec![10_000, 0];
    build.racks[1..].iter_mut().for_each(|r| *r = vec![0, 0]);
    let Some(mut kernel) = RackKernel::new(&loaded.site, &build, 60.0, [0.8, 0.8]) else {
        panic!("the bench build has a hall");
    };
    let mut g = c.benchmark_group("rack_step");
    g.throughput(Throughput::Elements(kernel.racks() as u64));
    // The supply held (as at most steps of a year), and moving over the step (a hall losing
    // its cooling: the rack lag term is read too).
    for (name, supply) in [("10000", (25.0, 25.0)), ("10000_moving", (25.0, 25.1))] {
        g.bench_function(name, |b| b.iter(|| kernel.step(black_box(supply))));
    }
    g.finish();
}

fn year(c: &mut Criterion) {
    let (loaded, build) = campus_10k();
    let options = SimOptions {
        step_s: 60.0,
        ..SimOptions::default()
    };
    let rack_steps = u64::from(RACKS_PER_HALL) * HALLS as u64 * 8760 * 60;
    let mut g = c.benchmark_group("year");
    g.sample_size(10);
    g.measurement_time(std::time::Duration::from_secs(40));
    g.throughput(Throughput::Elements(rack_steps));
    for threads in [1, 2] {
        let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads).build() else {
            panic!("a rayon pool builds");
        };
        g.bench_function(format!("threads={threads}"), |b| {
            b.iter(|| pool.install(|| simulate_year(&loaded, &build, &options).map(|y| y.pue)));
        });
    }
    g.finish();
}

criterion_group!(benches, kernel, year);
criterion_main!(benches);
