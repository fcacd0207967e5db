//! `dcplan check`: every plan the solver produces passes; a plan corrupted in any one rule
//! family fails with that rule named.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::util::{dcplan, sample};

/// Where the plans of this test binary are written (kept for the whole run).
fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// The colo retrofit with a prime gas engine and a battery added, written beside the scratch
/// plans (its weather path made absolute), so that generation and storage series exist in a
/// plan the debug binary solves in seconds.
fn colo_with_engine_and_battery() -> PathBuf {
    let path = scratch().join("colo-engine-battery.toml");
    if !path.exists() {
        let weather = sample("weather/greensboro-nc-723170-tmy3.csv");
        let text = std::fs::read_to_string(sample("colo-retrofit.toml"))
            .unwrap()
            .replace(
                "weather = \"weather/greensboro-nc-723170-tmy3.csv\"",
                &format!("weather = {:?}", weather.to_str().unwrap()),
            )
            .replace(
                "[[generator]]",
                r#"[[generator]]
name = "gas engine"
kind = "recip_engine"
unit_mw = 1.0
existing_units = 1
max_units = 2
capex_usd_per_kw = 1500.0
heat_rate_mmbtu_per_mwh = 8.5
fuel_usd_per_mmbtu = 3.6
lead_time_years = 1

[[storage]]
name = "battery"
capex_usd_per_kw = 300.0
capex_usd_per_kwh = 330.0
round_trip_efficiency = 0.86
min_duration_h = 2.0
max_duration_h = 4.0
max_power_mw = 2.0
existing_power_mw = 0.5
existing_energy_mwh = 2.0
lead_time_years = 1

[[generator]]"#,
            );
        std::fs::write(&path, text).unwrap();
    }
    path
}

/// The site file of a sample name, or of the derived test site.
fn site_file(site: &str) -> PathBuf {
    if site == "colo-engine-battery" {
        colo_with_engine_and_battery()
    } else {
        sample(&format!("{site}.toml"))
    }
}

/// Plans `site` at `resolution` once per test run and returns the plan file.
pub(crate) fn planned(site: &str, resolution: &str) -> PathBuf {
    static PLANS: OnceLock<std::sync::Mutex<Vec<(String, PathBuf)>>> = OnceLock::new();
    let plans = PLANS.get_or_init(Default::default);
    let key = format!("{site}@{resolution}");
    // One plan at a time: the machine has two cores and the solver uses them.
    let mut done = plans
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, p)) = done.iter().find(|(k, _)| *k == key) {
        return p.clone();
    }
    let out = scratch().join(format!("{}-{}.json", site, resolution.replace(':', "")));
    let site_path = site_file(site);
    dcplan(&[
        "plan",
        site_path.to_str().unwrap(),
        "--resolution",
        resolution,
        "-o",
        out.to_str().unwrap(),
        "--quiet",
    ])
    .expect_code(0);
    done.push((key, out.clone()));
    out
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Runs `dcplan check` on a (corrupted) plan document and returns the exit code and report.
fn check(site: &str, plan: &Value, name: &str) -> (i32, Value) {
    let path = scratch().join(format!("corrupt-{name}.json"));
    std::fs::write(&path, serde_json::to_string(plan).unwrap()).unwrap();
    let site_path = site_file(site);
    let run = dcplan(&[
        "check",
        site_path.to_str().unwrap(),
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}\n--- stdout\n{}\n--- stderr\n{}",
            run.stdout, run.stderr
        )
    });
    (run.code, report)
}

/// Asserts that the corrupted plan fails with exit 2 and a violation of `rule` whose message
/// contains `needle`.
#[track_caller]
fn expect_violation(site: &str, plan: &Value, name: &str, rule: &str, needle: &str) {
    let (code, report) = check(site, plan, name);
    assert_eq!(code, 2, "{name}: exit code; report {report:#}");
    assert_eq!(report["schema_version"], 1);
    assert_eq!(report["consistent"], false);
    let violations = report["violations"].as_array().unwrap();
    assert!(
        violations
            .iter()
            .any(|v| v["rule"] == rule && v["message"].as_str().unwrap().contains(needle)),
        "{name}: expected a `{rule}` violation mentioning {needle:?}; got rules {:?}\nfirst: {:#}",
        violations
            .iter()
            .map(|v| v["rule"].as_str().unwrap())
            .collect::<std::collections::BTreeSet<_>>(),
        violations.first().unwrap_or(&Value::Null)
    );
}

/// The holding of `kind` named `name` (`HALL / RACK TYPE` for racks, whose hall is a field
/// of its own).
fn holding<'a>(year: &'a mut Value, kind: &str, name: &str) -> &'a mut Value {
    let named = |h: &Value| match h["hall"].as_str() {
        Some(hall) => format!("{hall} / {}", h["name"].as_str().unwrap_or_default()),
        None => h["name"].as_str().unwrap_or_default().to_owned(),
    };
    year["in_service"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|h| h["kind"] == kind && named(h) == name)
        .unwrap_or_else(|| panic!("no {kind} {name}"))
}

/// Adds `delta` to a number, keeping whole numbers (years, GPU counts) whole.
fn add(v: &mut Value, delta: f64) {
    *v = match v.as_i64() {
        Some(i) if delta.fract() == 0.0 => Value::from(i + delta as i64),
        _ => Value::from(v.as_f64().unwrap() + delta),
    };
}

fn scale(v: &mut Value, factor: f64) {
    *v = Value::from(v.as_f64().unwrap() * factor);
}

/// Plans each site and asserts `dcplan check` passes it, in table and JSON form, and that its
/// headroom is never negative.
fn passes(sites: &[(&str, &str)]) {
    for &(site, resolution) in sites {
        let plan = planned(site, resolution);
        let site_path = site_file(site);
        let run = dcplan(&["check", site_path.to_str().unwrap(), plan.to_str().unwrap()]);
        let run = run.expect_code(0);
        assert!(
            run.stdout.starts_with("plan is consistent with the site: "),
            "{site}: {}",
            run.stdout
        );
        let document = read(&plan);
        crate::consistency::headroom_never_negative(&document);
        let (code, report) = check(site, &document, &format!("clean-{site}"));
        assert_eq!(code, 0);
        assert_eq!(report["consistent"], true);
        assert!(
            report["checks_run"].as_u64().unwrap() > 10_000,
            "{site}: {report}"
        );
    }
}

#[test]
fn small_sample_plans_pass_the_checker() {
    // The two small samples at the default resolution, and the colo with an engine and a
    // battery (the debug binary plans these in seconds).
    passes(&[
        ("colo-retrofit", "rep:12"),
        ("nordic-hydro", "rep:12"),
        ("colo-engine-battery", "rep:4"),
    ]);
}

/// About 30 s in the test profile (dependencies optimised, the workspace at level 1) with the
/// default build's relax-and-round. With `--features highs`, `auto` solves these MILPs exactly,
/// which takes minutes each (docs/modelling.md); the small samples cover that path.
#[test]
#[cfg_attr(
    feature = "highs",
    ignore = "exact MILPs of the large samples take minutes with HiGHS: run with --ignored"
)]
fn large_sample_plans_pass_the_checker() {
    passes(&[("ai-campus", "rep:12"), ("desert-hyperscale", "rep:12")]);
}

#[test]
fn structure_a_dropped_build() {
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    // 2028 adds 16 racks; drop that build and the build list no longer explains the holdings.
    let builds = p["years"][1]["builds"].as_array_mut().unwrap();
    let i = builds.iter().position(|b| b["kind"] == "racks").unwrap();
    builds.remove(i);
    expect_violation(
        "colo-retrofit",
        &p,
        "dropped-build",
        "structure",
        "built this year",
    );
}

#[test]
fn structure_a_misstated_design_basis() {
    // The checker rebuilds the design days from the site: a plan that states other design
    // conditions, or another design IT load, was not sized for this site.
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    add(&mut p["design"]["days"][0]["dry_bulb_c"], 1.0);
    expect_violation(
        "colo-retrofit",
        &p,
        "design-dry-bulb",
        "structure",
        "design day 0 (dry-bulb): dry-bulb",
    );
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    p["design"]["it_load_fraction"] = 0.9.into();
    expect_violation(
        "colo-retrofit",
        &p,
        "design-load",
        "structure",
        "design IT load fraction",
    );
}

#[test]
fn slots_racks_beyond_the_hall() {
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    // Suite 2 has 48 slots; hold 60 racks in the last year.
    let last = p["years"].as_array_mut().unwrap().last_mut().unwrap();
    *holding(last, "racks", "Suite 2 / DGX H100 x4")
        .get_mut("racks")
        .unwrap() = 60.0.into();
    expect_violation("colo-retrofit", &p, "slots", "slots", "Suite 2");
}

#[test]
fn lead_times_a_build_too_early() {
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    // Racks have a one-year lead time: none beyond the 16 existing can be in service in 2027.
    add(
        &mut holding(&mut p["years"][0], "racks", "Suite 2 / DGX H100 x4")["racks"],
        4.0,
    );
    expect_violation(
        "colo-retrofit",
        &p,
        "early",
        "lead-times",
        "lead time 1 years",
    );
    // And an order-by year that does not match the lead time.
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    let b = &mut p["years"][1]["builds"][0];
    add(&mut b["order_by_year"], 1.0);
    expect_violation(
        "colo-retrofit",
        &p,
        "order-by",
        "lead-times",
        "order_by_year",
    );
}

#[test]
fn targets_more_gpus_than_racks_give() {
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    add(&mut p["years"][2]["gpus_online"], 64.0);
    expect_violation("colo-retrofit", &p, "gpus", "targets", "GPUs online");
}

#[test]
fn energy_balance_perturbed() {
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    add(
        &mut p["years"][1]["dispatch"]["import_firm_mw"]["utility LGS"][30],
        0.05,
    );
    expect_violation("colo-retrofit", &p, "balance", "energy-balance", "supplies");
}

#[test]
fn cooling_physics_power_too_low() {
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    // Lower cooling power and the facility load with it (the balance still closes): only the
    // physics can tell.
    let d = &mut p["years"][1]["dispatch"];
    let cut = d["cooling_mw"][100].as_f64().unwrap() * 0.1;
    add(&mut d["cooling_mw"][100], -cut);
    add(&mut d["facility_mw"][100], -cut);
    add(&mut d["import_firm_mw"]["utility LGS"][100], -cut);
    expect_violation(
        "colo-retrofit",
        &p,
        "cooling",
        "cooling-physics",
        "cooling power",
    );
}

#[test]
fn capacities_generator_above_its_units() {
    let mut p = read(&planned("colo-engine-battery", "rep:4"));
    let last = p["years"].as_array_mut().unwrap().last_mut().unwrap();
    let units = holding(last, "generator", "gas engine")["units"]
        .as_f64()
        .unwrap();
    last["dispatch"]["generation_mw"]["gas engine"][10] = (units * 1.0 + 0.5).into();
    expect_violation(
        "colo-engine-battery",
        &p,
        "generator",
        "capacities",
        "output of \"gas engine\"",
    );
}

#[test]
fn capacities_broken_state_of_charge() {
    let mut p = read(&planned("colo-engine-battery", "rep:4"));
    // Charge the battery a little more in one hour without the state of charge rising.
    let last = p["years"].as_array_mut().unwrap().last_mut().unwrap();
    add(&mut last["dispatch"]["charge_mw"]["battery"][5], 0.01);
    expect_violation(
        "colo-engine-battery",
        &p,
        "soc",
        "capacities",
        "vs the hour before",
    );
}

#[test]
fn redundancy_a_chiller_removed() {
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    // Two 1 MW air-cooled chillers at N+1 carry ~1 MW; with one, nothing is spare.
    for y in p["years"].as_array_mut().unwrap() {
        add(
            &mut holding(y, "chiller", "air-cooled scroll chillers")["units"],
            -1.0,
        );
    }
    expect_violation(
        "colo-retrofit",
        &p,
        "chiller",
        "redundancy",
        "chiller capacity at N+1",
    );
}

#[test]
fn costs_capex_and_npv() {
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    scale(&mut p["years"][1]["builds"][0]["capex_usd"], 1.01);
    expect_violation("colo-retrofit", &p, "capex", "costs", "capex of");
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    scale(&mut p["objective_npv_usd"], 1.0001);
    expect_violation("colo-retrofit", &p, "npv", "costs", "objective_npv_usd");
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    scale(&mut p["years"][2]["costs_usd"]["energy"], 0.99);
    expect_violation("colo-retrofit", &p, "energy", "costs", "energy cost");
}

#[test]
fn emissions_misstated() {
    let mut p = read(&planned("colo-retrofit", "rep:12"));
    add(&mut p["years"][0]["emissions_t"], 100.0);
    expect_violation("colo-retrofit", &p, "co2", "emissions", "emissions");
}

#[test]
fn unreadable_plans_exit_2_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"schema_version\": 1,\n  \"site\": oops\n}\n").unwrap();
    let site = sample("colo-retrofit.toml");
    let run = dcplan(&["check", site.to_str().unwrap(), bad.to_str().unwrap()]).expect_code(2);
    assert!(run.stderr.contains("bad.json:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("not a dcplan plan"), "{}", run.stderr);
    let missing = dir.path().join("missing.json");
    let run = dcplan(&["check", site.to_str().unwrap(), missing.to_str().unwrap()]).expect_code(2);
    assert!(
        run.stderr.contains("cannot read plan file"),
        "{}",
        run.stderr
    );
    let help = dcplan(&["check", "--help"]).expect_code(0);
    assert!(
        help.stdout.contains("Re-verify a saved plan"),
        "{}",
        help.stdout
    );
}
