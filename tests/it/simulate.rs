//! `dcplan simulate`: the thermal simulation as a user runs it — output formats, a saved plan
//! as input, failures at one hour and at every hour, identical bytes at any thread count, and
//! bad input rejected with exit 2.

use std::process::Command;

use serde_json::Value;

use crate::util::{Run, dcplan, root};

/// Runs `dcplan ARGS…` from the repository root with `RAYON_NUM_THREADS` set.
fn dcplan_threads(threads: usize, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .expect("the dcplan binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn simulate_prints_the_year_halls_and_ride_through() {
    let run = dcplan(&[
        "simulate",
        "sites/colo-retrofit.toml",
        "--step",
        "1min",
        "--scenario",
        "chiller-trip:2",
        "--scenario",
        "outage",
    ])
    .expect_code(0);
    insta::assert_snapshot!("simulate_colo", run.stdout);
}

/// The AI campus with no racks installed, so the simulator takes its maximum build: twelve
/// halls of 512 racks (written to `dir`, its weather path made absolute).
fn campus_max_build(dir: &std::path::Path) -> String {
    let weather = root().join("sites/weather/greensboro-nc-723170-tmy3.csv");
    let text: String = std::fs::read_to_string(root().join("sites/ai-campus.toml"))
        .unwrap()
        .replace(
            "weather = \"weather/greensboro-nc-723170-tmy3.csv\"",
            &format!("weather = {:?}", weather.to_str().unwrap()),
        )
        .lines()
        .filter(|l| !l.starts_with("existing_racks"))
        .flat_map(|l| [l, "\n"])
        .collect();
    let path = dir.join("campus-max.toml");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn json_is_identical_at_one_and_two_threads() {
    // Twelve halls share the threads; the bytes must not depend on which finishes first.
    let dir = tempfile::tempdir().unwrap();
    let site = campus_max_build(dir.path());
    let args = [
        "simulate",
        &site,
        "--step",
        "20min",
        "--scenario",
        "outage+storage:2000",
        "--format",
        "json",
    ];
    let one = dcplan_threads(1, &args).expect_code(0);
    let two = dcplan_threads(2, &args).expect_code(0);
    assert_eq!(one.stdout, two.stdout);
    let doc: Value = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(doc["schema_version"], 2);
    let hall = &doc["year"]["halls"][0];
    assert_eq!(doc["year"]["halls"].as_array().unwrap().len(), 12);
    assert_eq!(hall["peak_inlet_c"].as_array().unwrap().len(), 512);
    assert!(doc["year"]["energy"]["closure_error"].as_f64().unwrap() < 1e-3);
    assert_eq!(
        doc["year"]["hourly"]["it_mw"].as_array().unwrap().len(),
        8760
    );
    // The 8760 failure start hours run in parallel too.
    let every = [
        "simulate",
        "sites/colo-retrofit.toml",
        "--step",
        "5min",
        "--horizon",
        "30min",
        "--every-hour",
        "--scenario",
        "chiller-trip:1+crah-loss:2",
        "--format",
        "json",
    ];
    let one = dcplan_threads(1, &every).expect_code(0);
    let two = dcplan_threads(2, &every).expect_code(0);
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn csv_gives_the_hourly_series() {
    let run = dcplan(&[
        "simulate",
        "sites/colo-retrofit.toml",
        "--step",
        "1h",
        "--format",
        "csv",
    ])
    .expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 8761, "header + 8760 hours");
    assert!(lines[0].starts_with("hour,month,day,hour_ending,dry_bulb_c,wet_bulb_c,it_mw"));
    let pue: Vec<f64> = lines[1..]
        .iter()
        .map(|l| l.split(',').nth(9).unwrap().parse().unwrap())
        .collect();
    // Air-cooled chillers at COP ~3 and a 93.6 % power chain: every hour between 1.1 and 2.
    assert!(pue.iter().all(|p| (1.1..2.0).contains(p)), "{pue:?}");
}

#[test]
fn a_saved_plan_is_simulated_in_the_chosen_year() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    let plan_path = plan.to_str().unwrap();
    dcplan(&[
        "plan",
        "sites/colo-retrofit.toml",
        "--resolution",
        "rep:2",
        "-o",
        plan_path,
    ])
    .expect_code(0);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let racks_in = |year: &Value| -> f64 {
        year["in_service"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["kind"] == "racks")
            .map(|h| h["racks"].as_f64().unwrap())
            .sum()
    };
    let years = doc["years"].as_array().unwrap();
    for (year, flag) in [(years.last().unwrap(), None), (&years[1], Some("2028"))] {
        let mut args = vec![
            "simulate",
            "sites/colo-retrofit.toml",
            "--plan",
            plan_path,
            "--step",
            "1h",
            "--format",
            "json",
        ];
        if let Some(y) = flag {
            args.extend(["--year", y]);
        }
        let run = dcplan(&args).expect_code(0);
        let sim: Value = serde_json::from_str(&run.stdout).unwrap();
        let label = format!("plan year {}", year["year"]);
        assert_eq!(sim["year"]["build"], Value::from(label));
        assert!((sim["year"]["racks"].as_f64().unwrap() - racks_in(year)).abs() < 0.5);
        // The planner and the simulator share the plant model: the plan's PUE (2 representative
        // days) and the simulated year's (8760 hours) agree within 1 %.
        let (planned, simulated) = (
            year["pue"].as_f64().unwrap(),
            sim["year"]["pue"].as_f64().unwrap(),
        );
        assert!(
            (planned - simulated).abs() < 0.01 * planned,
            "{planned} vs {simulated}"
        );
    }
    let run = dcplan(&[
        "simulate",
        "sites/colo-retrofit.toml",
        "--plan",
        plan_path,
        "--year",
        "1999",
    ])
    .expect_code(2);
    assert!(
        run.stderr
            .contains("the plan has no year 1999; it covers 2027–2031"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_hour_reports_the_ride_through_distribution() {
    // Colo: no free cooling and a flat load, so losing both chillers gives the same
    // ride-through at every hour, and none rides through a 30-minute horizon; a CRAH lost of
    // seven (N+1) rides through everywhere.
    let run = dcplan(&[
        "simulate",
        "sites/colo-retrofit.toml",
        "--step",
        "1min",
        "--horizon",
        "30min",
        "--every-hour",
        "--scenario",
        "chiller-trip:2",
        "--scenario",
        "crah-loss:1",
        "--format",
        "json",
    ])
    .expect_code(0);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let trip = &doc["every_hour"][0];
    let (min, p5, p50) = (
        trip["min_minutes"].as_f64().unwrap(),
        trip["p5_minutes"].as_f64().unwrap(),
        trip["p50_minutes"].as_f64().unwrap(),
    );
    assert!(min <= p5 && p5 <= p50 && p50 < 30.0, "{trip}");
    assert_eq!(
        trip["hours_not_riding_through"].as_array().unwrap().len(),
        8760
    );
    let crah = &doc["every_hour"][1];
    assert!(
        crah["hours_not_riding_through"]
            .as_array()
            .unwrap()
            .is_empty(),
        "{crah}"
    );
    assert_eq!(crah["min_minutes"], 30.0);
}

#[test]
fn bad_simulation_input_exits_2_with_the_reason() {
    for (args, message) in [
        (
            vec!["--scenario", "meteor"],
            "scenario `meteor`: unknown element `meteor`",
        ),
        (vec!["--step", "7s"], "--step: a step of 7 s is not valid"),
        (vec!["--step", "soon"], "--step: `soon` is not a duration"),
        (vec!["--at-hour", "9000"], "--at-hour 9000"),
        (
            vec!["--recirculation", "0.5"],
            "--recirculation: a recirculation share of 0.5 is not valid",
        ),
        (vec!["--year", "2028"], "--plan"),
        // Bounded so that no run overflows, aborts on allocation or effectively hangs.
        (
            vec!["--horizon", "1e300s"],
            "--horizon: a horizon of 1e300 s is not valid",
        ),
        (
            vec!["--horizon", "1e20"],
            "--horizon: a horizon of 1e20 s is not valid",
        ),
        (
            vec!["--horizon", "8761h"],
            "--horizon: a horizon of 31539600 s is not valid",
        ),
        (
            vec!["--step", "0.001s"],
            "--step: a step of 0.001 s is not valid",
        ),
        (
            vec!["--step", "2h"],
            "--step: a step of 7200 s is not valid",
        ),
        (vec!["--every-hour"], "--scenario"),
        // Issue 9: a 1000 K heat wave "rode through". Greensboro peaks at 35.6 °C and the
        // psychrometrics hold to 60 °C.
        (
            vec!["--scenario", "chiller-trip:2+heatwave:1000"],
            "--scenario `chiller-trip:2+heatwave:1000`: heatwave:1000 takes the weather year's \
             hottest hour (hour 4549, 35.6 °C) to 1035.6 °C",
        ),
        (
            vec!["--scenario", "heatwave:25"],
            "it must be at most 24.4 K",
        ),
    ] {
        let mut all = vec!["simulate", "sites/colo-retrofit.toml"];
        all.extend(args);
        let run = dcplan(&all).expect_code(2);
        assert!(run.stderr.contains(message), "{all:?}: {}", run.stderr);
    }
}

#[test]
fn a_heat_wave_reruns_the_year_hotter() {
    // Issue 9: `heatwave:K` raised the weather for ride-through only. The colo's air-cooled
    // chillers lose capacity and efficiency with the dry-bulb, so the year 8 K hotter costs
    // more cooling energy at the same IT energy; the report says which heat wave it is.
    let run = dcplan(&[
        "simulate",
        "sites/colo-retrofit.toml",
        "--step",
        "1h",
        "--scenario",
        "chiller-trip:1+heatwave:8",
        "--format",
        "json",
    ])
    .expect_code(0);
    let doc: Value = serde_json::from_str(&run.stdout).unwrap();
    let (base, hot) = (&doc["year"], &doc["heatwave_years"][0]);
    assert_eq!(base["heatwave_k"], 0.0);
    assert_eq!(hot["heatwave_k"], 8.0);
    assert_eq!(base["it_mwh"], hot["it_mwh"]);
    let cooling = |y: &Value| y["cooling_mwh"].as_f64().unwrap();
    assert!(
        cooling(hot) > cooling(base),
        "{} vs {}",
        cooling(hot),
        cooling(base)
    );
    assert_eq!(doc["ride_through"][0]["dry_bulb_c"], 35.6 + 8.0);
    // No heat wave, no second year.
    let run = dcplan(&[
        "simulate",
        "sites/colo-retrofit.toml",
        "--scenario",
        "outage",
    ]);
    assert!(!run.expect_code(0).stdout.contains("in a heat wave"));
}

/// An edit of a plan entry.
type Edit = Box<dyn Fn(&mut Value)>;

#[test]
fn a_plan_with_bad_entries_is_rejected_naming_the_file_and_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    let plan_path = plan.to_str().unwrap();
    dcplan(&[
        "plan",
        "sites/colo-retrofit.toml",
        "--resolution",
        "rep:2",
        "-o",
        plan_path,
    ])
    .expect_code(0);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&plan).unwrap()).unwrap();
    let last = doc["years"].as_array().unwrap().len() - 1;
    let racks_entry = doc["years"][last]["in_service"]
        .as_array()
        .unwrap()
        .iter()
        .position(|h| h["kind"] == "racks")
        .unwrap();
    // Each case edits the last year's first racks entry (Suite 2 has 48 slots).
    let cases: [(&str, Edit, &str); 7] = [
        (
            "huge",
            Box::new(|e| e["racks"] = Value::from(1e12)),
            "quantity 1000000000000 is not a whole number of units",
        ),
        (
            "negative",
            Box::new(|e| e["racks"] = Value::from(-3.0)),
            "quantity -3 is not a whole number of units",
        ),
        (
            "above-slots",
            Box::new(|e| e["racks"] = Value::from(49.0)),
            "hall \"Suite 2\" has 49 racks in service but only 48 slots",
        ),
        (
            "unknown-hall",
            Box::new(|e| e["hall"] = Value::from("Suite 9")),
            "racks \"Suite 9 / DGX H100 x4\": the site has no hall \"Suite 9\"",
        ),
        (
            "unknown-rack",
            Box::new(|e| e["name"] = Value::from("toaster")),
            "the site has no rack type \"toaster\"",
        ),
        (
            "no-hall",
            Box::new(|e| {
                e.as_object_mut().unwrap().remove("hall");
            }),
            "racks \"DGX H100 x4\": names no hall",
        ),
        (
            "no-racks",
            Box::new(|e| e["racks"] = Value::from(0.0)),
            "has no racks in service in any hall of the site",
        ),
    ];
    for (name, edit, message) in cases {
        let mut bad = doc.clone();
        edit(&mut bad["years"][last]["in_service"][racks_entry]);
        if name == "no-racks" {
            // Zero every racks entry of the year.
            for h in bad["years"][last]["in_service"].as_array_mut().unwrap() {
                if h["kind"] == "racks" {
                    h["racks"] = Value::from(0.0);
                }
            }
        }
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, serde_json::to_string(&bad).unwrap()).unwrap();
        let path = path.to_str().unwrap();
        let run = dcplan(&[
            "simulate",
            "sites/colo-retrofit.toml",
            "--plan",
            path,
            "--step",
            "1h",
        ])
        .expect_code(2);
        assert!(
            run.stderr.contains(&format!("--plan {path}: plan year")),
            "{name}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(message), "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{name}: {}", run.stdout);
    }
}

#[test]
fn an_exceedance_before_the_failure_is_reported_as_such() {
    // The colo suite at class H1 (allowable up to 25 °C): its row-end inlets sit at
    // 24 + 0.15 × 9.6 / 0.85 = 25.69 °C in normal operation, so the warm-up is already
    // outside — not a 0-minute ride-through of the failure.
    let dir = tempfile::tempdir().unwrap();
    let weather = root().join("sites/weather/greensboro-nc-723170-tmy3.csv");
    let text = std::fs::read_to_string(root().join("sites/colo-retrofit.toml"))
        .unwrap()
        .replace(
            "weather = \"weather/greensboro-nc-723170-tmy3.csv\"",
            &format!("weather = {:?}", weather.to_str().unwrap()),
        )
        .replace("ashrae_class = \"A2\"", "ashrae_class = \"H1\"");
    let site = dir.path().join("colo-h1.toml");
    std::fs::write(&site, text).unwrap();
    let site = site.to_str().unwrap();
    let args = [
        "simulate",
        site,
        "--step",
        "1min",
        "--scenario",
        "crah-loss:1",
    ];
    let run = dcplan(&args).expect_code(0);
    assert!(
        run.stdout
            .contains("already outside the envelope before the failure"),
        "{}",
        run.stdout
    );
    let mut json = args.to_vec();
    json.extend(["--format", "json"]);
    let doc: Value = serde_json::from_str(&dcplan(&json).expect_code(0).stdout).unwrap();
    assert_eq!(doc["ride_through"][0]["outside_before_failure"], true);
    assert_eq!(doc["ride_through"][0]["minutes"], 0.0);
}
