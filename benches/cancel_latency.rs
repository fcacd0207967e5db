//! How long `plan` takes to return once cancelled: the campus (`sites/ai-campus.toml`, the
//! slowest sample: relax-and-round with Clarabel, then the design simulation) is planned with
//! the closed loop, as `dcplan plan` does, and cancelled from another thread after 1 s, 3 s
//! and 10 s; the bench prints the phase it was in and the time from the cancel to `Err
//! (Cancelled)`. The target is 0.5 s. Run with `cargo bench --bench cancel_latency`.
//! Not a criterion bench: each measurement is one long run, not a loop of short ones.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dcplan::closed_loop::{self, LoopError, LoopOptions};
use dcplan::control::{Control, Phase};
use dcplan::plan::PlanOptions;

fn main() {
    let path = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sites/ai-campus.toml"));
    let Ok(site) = dcplan::site::load(path) else {
        panic!("the campus sample loads");
    };
    let started = Instant::now();
    let _ = closed_loop::plan_that_holds(
        &site,
        &PlanOptions::default(),
        &LoopOptions::default(),
        &Control::new(),
    );
    println!("uncancelled: {:.2} s", started.elapsed().as_secs_f64());
    for after in [1, 3, 10] {
        let phase: Arc<Mutex<Option<Phase>>> = Arc::default();
        let sink = Arc::clone(&phase);
        let control = Control::new().with_progress(move |p, _| {
            if let Ok(mut last) = sink.lock() {
                *last = Some(p);
            }
        });
        let stop = control.cancel().clone();
        let cancelled_at: Arc<Mutex<Option<Instant>>> = Arc::default();
        let at = Arc::clone(&cancelled_at);
        let canceller = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(after));
            if let Ok(mut at) = at.lock() {
                *at = Some(Instant::now());
            }
            stop.cancel();
        });
        let result = closed_loop::plan_that_holds(
            &site,
            &PlanOptions::default(),
            &LoopOptions::default(),
            &control,
        );
        let returned = Instant::now();
        let _ = canceller.join();
        let at = cancelled_at.lock().ok().and_then(|a| *a);
        let in_phase = phase.lock().ok().and_then(|p| *p);
        match (result, at) {
            (Err(LoopError::Cancelled), Some(at)) => println!(
                "cancel after {after:>2} s (in {}): returned {:.3} s after the cancel",
                in_phase.map_or_else(|| "-".to_owned(), |p| p.to_string()),
                returned.duration_since(at).as_secs_f64()
            ),
            (other, _) => println!(
                "cancel after {after:>2} s: the plan finished first ({})",
                if other.is_ok() { "planned" } else { "an error" }
            ),
        }
    }
}
