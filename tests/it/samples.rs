//! The bundled sample sites: each loads, validates cleanly and survives a round trip.

use std::path::Path;

use dcplan::site::{self, Site};

use crate::util::{SAMPLES, sample};

#[test]
fn every_sample_loads_without_warnings() {
    for name in SAMPLES {
        let loaded = site::load(&sample(name)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(loaded.warnings.is_empty(), "{name}: {:#?}", loaded.warnings);
        assert_eq!(loaded.weather.hours().len(), 8760, "{name}");
    }
}

#[test]
fn every_sample_round_trips_through_toml_and_json() {
    for name in SAMPLES {
        let loaded = site::load(&sample(name)).unwrap();
        let dir = sample(name).parent().unwrap().to_owned();
        let as_json = serde_json::to_string_pretty(&loaded.site).unwrap();
        let from_json = site::load_str(as_json, Path::new("round-trip.json"), &dir)
            .unwrap_or_else(|e| panic!("{name} via JSON: {e:?}"));
        assert_eq!(from_json.site, loaded.site, "{name} via JSON");
        let as_toml = toml::to_string(&loaded.site).unwrap();
        let from_toml = site::load_str(as_toml, Path::new("round-trip.toml"), &dir)
            .unwrap_or_else(|e| panic!("{name} via TOML: {e:?}"));
        assert_eq!(from_toml.site, loaded.site, "{name} via TOML");
    }
}

#[test]
fn catalog_racks_inherit_and_may_override() {
    // colo-retrofit's "DGX H100 x4" names the catalog entry and sets nothing else: every figure
    // comes from data/racks.toml (4 × DGX H100 at 10.2 kW, 32 GPUs).
    let loaded = site::load(&sample("colo-retrofit.toml")).unwrap();
    let rack = loaded
        .site
        .rack
        .iter()
        .find(|r| r.name == "DGX H100 x4")
        .unwrap();
    assert_eq!(rack.gpus, 32);
    assert!((rack.design_kw - 40.8).abs() < 1e-9);
    // An explicit value wins over the catalog's.
    let text = std::fs::read_to_string(sample("colo-retrofit.toml"))
        .unwrap()
        .replace(
            "catalog = \"dgx-h100-x4-air\"",
            "catalog = \"dgx-h100-x4-air\"\ncapex_usd = 1.2e6",
        );
    let dir = sample("colo-retrofit.toml").parent().unwrap().to_owned();
    let site = site::load_str(text, Path::new("x.toml"), &dir)
        .unwrap()
        .site;
    let rack = site.rack.iter().find(|r| r.name == "DGX H100 x4").unwrap();
    assert!((rack.capex_usd - 1.2e6).abs() < 1e-6);
}

#[test]
fn json_schema_describes_what_the_loader_accepts() {
    // Every top-level table of every sample is a property of the schema, the schema's required
    // sections are the loader's, and it forbids what the loader forbids (unknown fields).
    let schema = site::schema::json_schema();
    for name in SAMPLES {
        let text = std::fs::read_to_string(sample(name)).unwrap();
        let doc: toml::Table = toml::from_str(&text).unwrap();
        for key in doc.keys() {
            assert!(schema["properties"].get(key).is_some(), "{name}: {key}");
        }
    }
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(required, ["site", "cooling", "hall", "rack", "demand"]);
    assert_eq!(
        schema["$defs"]["Hall"]["additionalProperties"],
        serde_json::Value::Bool(false)
    );
    assert!(serde_json::from_value::<Site>(serde_json::json!({})).is_err());
}
