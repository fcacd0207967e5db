//! Control of long work: a cancelled plan or simulation returns `Cancelled` and nothing
//! else, progress is a phase and a fraction that never goes back, and on the command line
//! Ctrl-C stops a plan with exit 130 and no output.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dcplan::closed_loop::{self, LoopError, LoopOptions};
use dcplan::control::{Control, Phase};
use dcplan::plan::{self, PlanError, PlanOptions, Resolution};
use dcplan::site::LoadedSite;
use dcplan::thermal::{self, Installed, SimError, SimOptions, SimRequest, Start};

use crate::util::{dcplan, sample};

fn load(name: &str) -> LoadedSite {
    dcplan::site::load(&sample(name)).expect("the sample loads")
}

fn cancelled() -> Control {
    let control = Control::new();
    control.cancel().cancel();
    control
}

/// Everything a control's sink heard, in order.
type Heard = Arc<Mutex<Vec<(Phase, f64)>>>;

fn recording() -> (Control, Heard) {
    let heard: Heard = Arc::default();
    let sink = Arc::clone(&heard);
    let control = Control::new().with_progress(move |phase, done| {
        sink.lock().expect("not poisoned").push((phase, done));
    });
    (control, heard)
}

/// Every fraction is in [0, 1] and, within a run of one phase, never smaller than the one
/// before (a phase may start again at 0 when it comes round again).
fn assert_monotone(heard: &[(Phase, f64)]) {
    assert!(!heard.is_empty());
    for (phase, done) in heard {
        assert!((0.0..=1.0).contains(done), "{phase:?} {done}");
    }
    for w in heard.windows(2) {
        let ((p, a), (q, b)) = (w[0], w[1]);
        assert!(p != q || b >= a || b == 0.0, "{p:?}: {a} then {b}");
    }
}

#[test]
fn a_plan_cancelled_before_it_starts_returns_cancelled() {
    let site = load("colo-retrofit.toml");
    let options = PlanOptions::default();
    let stop = cancelled();
    assert!(matches!(
        plan::formulate(&site, &options, &stop),
        Err(PlanError::Cancelled)
    ));
    let formulated = plan::formulate(&site, &options, &Control::new()).expect("formulates");
    assert!(matches!(
        formulated.solve(&options, &stop),
        Err(PlanError::Cancelled)
    ));
    assert!(matches!(
        closed_loop::plan_that_holds(&site, &options, &LoopOptions::default(), &stop),
        Err(LoopError::Cancelled)
    ));
}

#[test]
fn a_simulation_cancelled_before_it_starts_returns_cancelled() {
    let site = load("colo-retrofit.toml");
    let build = Installed::of_site(&site.site);
    let request = SimRequest {
        scenarios: vec!["chiller-trip:1".parse().expect("a scenario")],
        ..SimRequest::default()
    };
    assert_eq!(
        thermal::run(&site, &build, &request, &cancelled()),
        Err(SimError::Cancelled)
    );
}

#[test]
fn a_campus_plan_cancelled_from_another_thread_returns_cancelled() {
    // The campus plans and simulates for many seconds (16 s in a release build on the
    // 2-core machine), so a cancel after a second lands inside the solve.
    let site = load("ai-campus.toml");
    let control = Control::new();
    let stop = control.cancel().clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(1));
        stop.cancel();
    });
    let result = closed_loop::plan_that_holds(
        &site,
        &PlanOptions::default(),
        &LoopOptions::default(),
        &control,
    );
    canceller.join().expect("the canceller runs");
    assert!(matches!(result, Err(LoopError::Cancelled)), "{result:?}");
}

#[test]
fn a_simulation_cancelled_from_another_thread_returns_cancelled() {
    // Ride-through from every hour of the campus at 60 s steps runs for minutes: a cancel
    // after half a second lands inside it.
    let site = load("ai-campus.toml");
    let build = Installed::of_site(&site.site);
    let request = SimRequest {
        options: SimOptions {
            step_s: 60.0,
            ..SimOptions::default()
        },
        scenarios: vec!["chiller-trip:1".parse().expect("a scenario")],
        start: Start::EveryHour,
        ..SimRequest::default()
    };
    let control = Control::new();
    let stop = control.cancel().clone();
    let canceller = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        stop.cancel();
    });
    let result = thermal::run(&site, &build, &request, &control);
    canceller.join().expect("the canceller runs");
    assert_eq!(result, Err(SimError::Cancelled));
}

#[test]
fn simulation_progress_is_a_fraction_that_never_goes_back() {
    let site = load("colo-retrofit.toml");
    let build = Installed::of_site(&site.site);
    let request = SimRequest {
        options: SimOptions {
            step_s: 3600.0,
            ..SimOptions::default()
        },
        scenarios: vec![
            "chiller-trip:1".parse().expect("a scenario"),
            "chiller-trip:1+heatwave:3".parse().expect("a scenario"),
        ],
        ..SimRequest::default()
    };
    let (control, heard) = recording();
    let report = thermal::run(&site, &build, &request, &control).expect("simulates");
    // One heat wave named, so one heat-wave year; two scenarios, two ride-throughs.
    assert_eq!(report.heatwave_years.len(), 1);
    assert_eq!(report.ride_through.len(), 2);
    let heard = heard.lock().expect("not poisoned");
    assert_monotone(&heard);
    for phase in [Phase::Year, Phase::RideThrough, Phase::HeatWaves] {
        assert!(heard.contains(&(phase, 0.0)), "{phase:?} never began");
        assert!(heard.contains(&(phase, 1.0)), "{phase:?} never finished");
    }
}

#[test]
fn plan_progress_is_a_fraction_that_never_goes_back() {
    let site = load("colo-retrofit.toml");
    let options = PlanOptions {
        resolution: Resolution::Representative { days: 1 },
        ..PlanOptions::default()
    };
    let (control, heard) = recording();
    closed_loop::plan_that_holds(&site, &options, &LoopOptions::default(), &control)
        .expect("plans");
    let heard = heard.lock().expect("not poisoned");
    assert_monotone(&heard);
    for phase in [Phase::Formulate, Phase::Solve, Phase::DesignSimulation] {
        assert!(heard.contains(&(phase, 1.0)), "{phase:?} never finished");
    }
}

/// The names of the files in `dir`.
fn listing(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("the folder is readable")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_campus_plan_with_130_and_no_output() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let site = sample("ai-campus.toml");
    let mut child = Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args([
            "plan",
            site.to_str().expect("a UTF-8 path"),
            "-o",
            "out.json",
        ])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the dcplan binary runs");
    std::thread::sleep(Duration::from_secs(1));
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    // The plan takes 16 s uninterrupted; stopped, it returns at once. 20 s only keeps a
    // broken cancel from hanging the test (no timing is asserted).
    let start = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("the plan did not stop after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("the run ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{stderr}");
    assert_eq!(listing(dir.path()), Vec::<String>::new(), "{stderr}");
}

#[test]
fn no_progress_is_drawn_when_stderr_is_not_a_terminal() {
    // The test captures stderr through a pipe: the bar stays off, so stderr holds only what
    // a run without it says (here: nothing).
    let site = sample("colo-retrofit.toml");
    let run = dcplan(&[
        "simulate",
        site.to_str().expect("a UTF-8 path"),
        "--step",
        "1h",
        "--scenario",
        "chiller-trip:1",
    ])
    .expect_code(0);
    for phase in ["simulating the year", "ride-through", "%"] {
        assert!(!run.stderr.contains(phase), "{}", run.stderr);
    }
    assert!(!run.stderr.contains('\r'), "{:?}", run.stderr);
}
