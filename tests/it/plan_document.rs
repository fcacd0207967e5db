//! The typed plan document (schema version 4): components named by kind, hall and name (a
//! hall named "A / B" is no problem), the document reads back as itself, and
//! `dcplan schema --plan` describes what `dcplan plan` writes.

use dcplan::plan::document::{ComponentKind, SCHEMA_VERSION};
use dcplan::plan::{self, Outcome, Plan, PlanOptions, Resolution};
use serde_json::Value;

use crate::util::{dcplan, dcplan_in, sample, scratch_with};

/// The colo sample planned at two representative days (a few seconds).
fn colo_plan() -> Plan {
    let site = dcplan::site::load(&sample("colo-retrofit.toml")).unwrap();
    let options = PlanOptions {
        resolution: Resolution::Representative { days: 2 },
        ..PlanOptions::default()
    };
    let control = dcplan::control::Control::new();
    match plan::formulate(&site, &options, &control)
        .and_then(|f| f.solve(&options, &control))
        .unwrap()
    {
        Outcome::Planned { plan, .. } => plan,
        other => panic!("the colo sample plans: {other:?}"),
    }
}

#[test]
fn a_plan_reads_back_as_itself() {
    let p = colo_plan();
    let text = p.to_json().unwrap();
    assert_eq!(Plan::from_json(&text).unwrap(), p);
    assert_eq!(p.schema_version, SCHEMA_VERSION);
}

/// The colo sample with its hall renamed "A / B": planned, checked and simulated from the
/// plan, its racks carrying the hall in a field of their own.
#[test]
fn a_hall_named_with_a_slash_plans_checks_and_simulates() {
    let (dir, site) = scratch_with(|text| text.replace("\"Suite 2\"", "\"A / B\""));
    let site = site.to_str().unwrap();
    let run = |args: &[&str]| dcplan_in(dir.path(), args);
    run(&["plan", site, "--resolution", "rep:2", "-o", "plan.json"]).expect_code(0);
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("plan.json")).unwrap())
            .unwrap();
    let last = doc["years"].as_array().unwrap().last().unwrap();
    let racks: Vec<&Value> = last["in_service"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["kind"] == "racks")
        .collect();
    assert!(!racks.is_empty(), "{last:#}");
    for r in &racks {
        assert_eq!(r["hall"], "A / B", "{r}");
        assert!(!r["name"].as_str().unwrap().contains(" / "), "{r}");
        assert!(r["racks"].as_f64().is_some(), "{r}");
    }
    let check = run(&["check", site, "plan.json"]).expect_code(0);
    assert!(!check.stdout.contains("violation"), "{}", check.stdout);
    let sim = run(&["simulate", site, "--plan", "plan.json", "--format", "json"]).expect_code(0);
    let sim: Value = serde_json::from_str(&sim.stdout).unwrap();
    assert_eq!(sim["year"]["halls"][0]["hall"], "A / B", "{sim:#}");
}

/// A holding of racks round-trips in the library with a hall of any name.
#[test]
fn racks_keep_their_hall_apart_from_their_type() {
    let mut p = colo_plan();
    let year = p.years.last_mut().unwrap();
    let racks = year
        .in_service
        .iter_mut()
        .find(|h| h.component.kind == ComponentKind::Racks)
        .unwrap();
    racks.component.hall = Some("A / B".to_owned());
    let back = Plan::from_json(&p.to_json().unwrap()).unwrap();
    assert_eq!(back, p);
}

/// What `dcplan schema --plan` says of the document `dcplan plan` writes: every key of the
/// plan, of a year, of a holding and of an energy flow is a property of its schema, and every
/// property the schema requires is there.
#[test]
fn the_plan_schema_describes_a_real_plan() {
    let schema: Value =
        serde_json::from_str(&dcplan(&["schema", "--plan"]).expect_code(0).stdout).unwrap();
    let doc = serde_json::to_value(colo_plan()).unwrap();
    let defs = &schema["$defs"];
    let expect_shape = |what: &str, schema: &Value, value: &Value| {
        let properties = schema["properties"].as_object().unwrap();
        let object = value.as_object().unwrap();
        for key in object.keys() {
            assert!(
                properties.contains_key(key),
                "{what}: {key} is not in the schema"
            );
        }
        for key in schema["required"].as_array().unwrap() {
            let key = key.as_str().unwrap();
            assert!(object.contains_key(key), "{what}: required {key} missing");
        }
    };
    expect_shape("plan", &schema, &doc);
    let year = &doc["years"][0];
    expect_shape("year", &defs["YearPlan"], year);
    // Flattened types list their variants: a holding is a component and one unit key.
    let holding = &year["in_service"][0];
    let holding_schema = defs["Holding"].to_string();
    for key in holding.as_object().unwrap().keys() {
        assert!(holding_schema.contains(&format!("\"{key}\"")), "{key}");
    }
    let flow = &year["energy"][0];
    assert!(flow["mwh"].is_number(), "{flow}");
    assert!(
        defs["EnergyFlow"]
            .to_string()
            .contains(flow["flow"].as_str().unwrap()),
        "{flow}"
    );
}
