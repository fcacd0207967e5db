//! `dcplan plan` simulates its own plan at design conditions: the plan carries what the
//! simulator found, the numbers are the ones `dcplan simulate` gives for the same build, and
//! ride-through targets are validated and re-planned for.

use serde_json::Value;

use crate::util::{dcplan, root};

fn colo_plan(dir: &std::path::Path, name: &str, extra: &[&str]) -> (Value, String) {
    let out = dir.join(name);
    let out_s = out.to_str().unwrap();
    let mut args = vec!["plan", "sites/colo-retrofit.toml", "-o", out_s];
    args.extend_from_slice(extra);
    let run = dcplan(&args).expect_code(0);
    let plan = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    (plan, run.stdout)
}

#[test]
fn the_plan_carries_its_simulation_at_design_load() {
    let dir = tempfile::tempdir().unwrap();
    let (plan, table) = colo_plan(dir.path(), "plan.json", &[]);
    let sim = &plan["design_simulation"];
    assert_eq!(sim["it_load_fraction"], 1.0);
    assert_eq!(sim["annual_step_s"], 3600.0);
    // Every plan year with racks is in exactly one build, in order.
    let simulated: Vec<u64> = sim["builds"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| {
            b["years"]
                .as_array()
                .unwrap()
                .iter()
                .map(|y| y.as_u64().unwrap())
        })
        .collect();
    let with_racks: Vec<u64> = plan["years"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|y| y["it_mw"].as_f64().unwrap() > 0.0)
        .map(|y| y["year"].as_u64().unwrap())
        .collect();
    assert_eq!(simulated, with_racks);
    let holds = sim["builds"]
        .as_array()
        .unwrap()
        .iter()
        .all(|b| b["holds"].as_bool().unwrap());
    assert_eq!(sim["holds"].as_bool().unwrap(), holds);
    assert!(table.contains("Simulated at design conditions: racks at 100 % of design power"));

    let (plain, table) = colo_plan(dir.path(), "plain.json", &["--no-simulate"]);
    assert!(plain.get("design_simulation").is_none());
    assert!(!table.contains("Simulated at design conditions"));
}

/// The plan's figures are `dcplan simulate`'s for the same build, at the same load, hour and
/// step: one simulator, two surfaces.
#[test]
fn the_plans_figures_are_the_simulators() {
    // The colo sample asks for 10 minutes after a chiller trip (and 2 of an outage).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let (site_s, out_s) = ("sites/colo-retrofit.toml", out.to_str().unwrap());
    dcplan(&["plan", site_s, "-o", out_s, "--rounds", "0"]).expect_code(0);
    let plan: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let sim = &plan["design_simulation"];
    let last = sim["builds"].as_array().unwrap().last().unwrap();
    let year = last["years"][0].to_string();
    let hour = sim["design_hour"].to_string();
    // `dcplan simulate` of the same build at design load, with `extra` flags, as JSON.
    let simulate = |extra: &[&str]| -> Value {
        let mut args = vec![
            "simulate",
            site_s,
            "--plan",
            out_s,
            "--year",
            &year,
            "--it-load",
            "1",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        serde_json::from_str(&dcplan(&args).expect_code(0).stdout).unwrap()
    };
    let annual = simulate(&["--step", "1h"]);
    assert_eq!(last["pue"], annual["year"]["pue"]);
    // The design hour is the plan's, its weather raised to the design dry-bulb as the plan's.
    let scenario = format!("chiller-trip:1+heatwave:{}", sim["heatwave_k"]);
    let ride = simulate(&["--at-hour", &hour, "--scenario", &scenario]);
    assert_eq!(
        last["ride_through"][0]["minutes"],
        ride["ride_through"][0]["minutes"]
    );
    assert_eq!(last["ride_through"][0]["target_minutes"], 10.0);
    // The outage (pumps off the UPS in round 0) crosses within a minute: a number to match.
    let outage = format!("outage+heatwave:{}", sim["heatwave_k"]);
    let ride = simulate(&["--at-hour", &hour, "--scenario", &outage]);
    assert!(last["ride_through"][1]["minutes"].is_f64(), "{last:#}");
    assert_eq!(
        last["ride_through"][1]["minutes"],
        ride["ride_through"][0]["minutes"]
    );
}

#[test]
fn ride_through_targets_are_checked_where_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("colo.toml");
    let text = std::fs::read_to_string(root().join("sites/colo-retrofit.toml")).unwrap();
    let targets = "ride_through_minutes = { \"chiller-trip:1\" = 10, outage = 2 }";
    let line = 1 + text
        .lines()
        .position(|l| l == targets)
        .expect("the colo sample states ride-through targets");
    std::fs::write(
        &site,
        text.replace(
            targets,
            "ride_through_minutes = { \"chiller-trip:x\" = 10, outage = 0, \"crah-loss\" = 2000 }",
        ),
    )
    .unwrap();
    let run = dcplan(&["validate", site.to_str().unwrap()]).expect_code(2);
    let line = format!("colo.toml:{line}:");
    for needle in [
        "scenario `chiller-trip:x`",
        "not a failure scenario",
        "outage = 0 must be greater than 0",
        "crah-loss = 2000 must be between 0 and 1440",
        line.as_str(),
    ] {
        assert!(
            run.stderr.contains(needle),
            "{needle} not in\n{}",
            run.stderr
        );
    }
}

#[test]
fn it_load_out_of_range_is_refused_with_the_flag_named() {
    for bad in ["--it-load=0", "--it-load=1.5", "--it-load=-1"] {
        let run = dcplan(&["simulate", "sites/colo-retrofit.toml", bad]).expect_code(2);
        assert!(run.stderr.contains("--it-load"), "{}", run.stderr);
    }
}

/// Issue 9, bullet 8: a sample's plan passes its own simulation at design conditions and
/// design load, after the loop's rounds (which the plan lists): no hour within the design
/// conditions with a rack inlet outside its allowable class or facility water above its W
/// class, and the design hour held.
fn holds(name: &str, plan: &Value) {
    let sim = &plan["design_simulation"];
    assert_eq!(sim["holds"], true, "{name}: {sim:#}");
    for b in sim["builds"].as_array().unwrap() {
        assert_eq!(b["hours_outside_within_design"], 0, "{name}: {b:#}");
        assert!(b["design_hour_minutes"].is_null(), "{name}: {b:#}");
    }
}

#[test]
fn small_sample_plans_hold_at_design_conditions() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["colo-retrofit.toml", "nordic-hydro.toml", "lp-8760.toml"] {
        let out = dir.path().join(format!("{name}.json"));
        let site = format!("sites/{name}");
        dcplan(&["plan", &site, "-o", out.to_str().unwrap()]).expect_code(0);
        let plan: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        holds(name, &plan);
        if name == "colo-retrofit.toml" {
            // Its outage target needs the chilled-water pumps on UPS: one round.
            let rounds = plan["design_simulation"]["rounds"].as_array().unwrap();
            assert_eq!(rounds.len(), 2, "{name}: {rounds:#?}");
            assert_eq!(rounds[1]["change"], "chilled-water pumps on UPS");
        }
        // The plan the loop settled on is one the checker accepts against the site file.
        dcplan(&["check", &site, out.to_str().unwrap()]).expect_code(0);
    }
}

/// The two large samples hold in the first round: chillers sized on their lowest capacity
/// over the design conditions (the campus's York YK set has less at low lift), the plant
/// shared among halls by heat including CRAH fan heat, and hours within the design
/// conditions judged on a year brought within them. Before those three, the campus left its
/// W32 class in 3–13 h a year and the desert's W40 loop reached 42.7 °C. The plans are the
/// checker test's (planned once per test run; the checker accepts them there). Ignored with
/// `HiGHS` for the reason given there.
#[test]
#[cfg_attr(
    feature = "highs",
    ignore = "exact MILPs of the large samples take minutes with HiGHS: run with --ignored"
)]
fn large_sample_plans_hold_at_design_conditions() {
    for name in ["ai-campus", "desert-hyperscale"] {
        let path = crate::check::planned(name, "rep:12");
        let plan: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        holds(name, &plan);
        let rounds = plan["design_simulation"]["rounds"].as_array().unwrap();
        assert!(rounds.len() <= 1, "{name}: {rounds:#?}");
    }
}

/// Issue 9, bullet 8: the loop builds chilled-water storage. The colo sample asked for 15 min
/// through two chiller trips rides 5.1 min in 2027 (its 16 racks, 0.7 MW of air heat); with
/// a tank it may build at once, the loop buys 22 m³ (1.25 × 0.70 MW × 594 s / (4.18 MJ/(m³ K)
/// × 6 K), rounded up) and the plan holds: the 2027 build rides 24 min. The plan lists the
/// tank, the checker accepts it, and `dcplan simulate` gives the same minutes.
#[test]
fn a_missed_chiller_trip_target_buys_a_tank() {
    let dir = tempfile::tempdir().unwrap();
    let weather = root().join("sites/weather/greensboro-nc-723170-tmy3.csv");
    let text = std::fs::read_to_string(root().join("sites/colo-retrofit.toml"))
        .unwrap()
        .replace(
            "weather = \"weather/greensboro-nc-723170-tmy3.csv\"",
            &format!("weather = {:?}", weather.to_str().unwrap()),
        )
        .replace(
            "ride_through_minutes = { \"chiller-trip:1\" = 10, outage = 2 }",
            "ride_through_minutes = { \"chiller-trip:1\" = 10, \"chiller-trip:2\" = 15, outage = 2 }",
        )
        .replacen(
            "[cooling]\n",
            "[cooling]\nstorage = { capex_usd_per_m3 = 1000.0, max_m3 = 500.0, lead_time_years = 0 }\n",
            1,
        );
    let site = dir.path().join("colo-tank.toml");
    std::fs::write(&site, text).unwrap();
    let out = dir.path().join("plan.json");
    let (site_s, out_s) = (site.to_str().unwrap(), out.to_str().unwrap());
    dcplan(&["plan", site_s, "-o", out_s]).expect_code(0);
    let plan: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let sim = &plan["design_simulation"];
    assert_eq!(sim["holds"], true, "{sim:#}");
    let changes: Vec<&str> = sim["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["change"].as_str().unwrap())
        .collect();
    assert!(
        changes
            .iter()
            .any(|c| c.contains("chilled-water storage 0 → 22 m³")),
        "{changes:?}"
    );
    let tank = plan["years"][0]["in_service"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "chw_storage")
        .map(|h| h["m3"].as_f64().unwrap());
    assert!(tank.is_some_and(|m3| (m3 - 22.0).abs() < 1e-6), "{tank:?}");
    let first = &sim["builds"][0];
    let trip = first["ride_through"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["scenario"] == "chiller-trip:2")
        .unwrap();
    let minutes = trip["minutes"].as_f64().unwrap();
    assert!(minutes >= 15.0 && trip["met"] == true, "{trip:#}");
    dcplan(&["check", site_s, out_s]).expect_code(0);
    let run = dcplan(&[
        "simulate",
        site_s,
        "--plan",
        out_s,
        "--year",
        "2027",
        "--it-load",
        "1",
        "--scenario",
        "chiller-trip:2",
        "--format",
        "json",
    ])
    .expect_code(0);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let simulated = report["ride_through"][0]["minutes"].as_f64().unwrap();
    assert!(
        (simulated - minutes).abs() < 1e-9,
        "{simulated} vs {minutes}"
    );
}

/// A plan year whose blocks the planner held to no rows (a plant family still before its
/// lead time: here the Nordic backup diesels, ordered with a 2-year lead) splits the plant
/// over blocks without constraint; the simulator pools it then, and takes each block's own
/// plant from the first year with block rows on (their spares reported).
#[test]
fn blocks_without_rows_are_pooled_and_blocks_with_rows_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let weather = root().join("sites/weather/sand-point-ak-703165-tmy3.csv");
    let text = std::fs::read_to_string(root().join("sites/nordic-hydro.toml")).unwrap();
    let at = text.find("name = \"standby diesel\"").unwrap();
    let lead = at + text[at..].find("lead_time_years = 1").unwrap();
    let text = format!("{}lead_time_years = 2{}", &text[..lead], &text[lead + 19..]).replace(
        "weather = \"weather/sand-point-ak-703165-tmy3.csv\"",
        &format!("weather = {:?}", weather.to_str().unwrap()),
    );
    let path = dir.path().join("nordic-late-diesel.toml");
    std::fs::write(&path, text).unwrap();
    let loaded = dcplan::site::load(&path).unwrap();
    let options = dcplan::plan::PlanOptions::default();
    let control = dcplan::control::Control::new();
    let outcome = dcplan::plan::formulate(&loaded, &options, &control)
        .unwrap()
        .solve(&options, &control)
        .unwrap();
    let dcplan::plan::Outcome::Planned { plan, .. } = outcome else {
        panic!("{outcome:?}");
    };
    let mut pooled = 0;
    for y in &plan.years {
        let build =
            dcplan::thermal::Installed::from_plan(&loaded.site, &plan, Some(y.year)).unwrap();
        let held = y.blocks.iter().any(|b| !b.spares.is_empty());
        let split = y.blocks.iter().any(|b| !b.units.is_empty());
        if split && !held {
            assert!(build.blocks.is_empty(), "{}: {:?}", y.year, build.blocks);
            pooled += 1;
        }
        if held {
            assert_eq!(build.blocks.len(), 3, "{}", y.year);
        }
    }
    assert!(pooled > 0, "the case needs a year split without rows");
}
