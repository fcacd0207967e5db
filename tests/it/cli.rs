//! The command line as a user meets it: outputs, formats and exit codes.

use std::fs;

use crate::util::{SAMPLES, dcplan, dcplan_in, root, sample};

#[test]
fn validate_accepts_every_sample() {
    let mut args = vec!["validate"];
    let paths: Vec<String> = SAMPLES.iter().map(|s| format!("sites/{s}")).collect();
    args.extend(paths.iter().map(String::as_str));
    let run = dcplan(&args).expect_code(0);
    assert_eq!(
        run.stdout.lines().filter(|l| l.starts_with("ok ")).count(),
        4,
        "{}",
        run.stdout
    );
}

#[test]
fn validate_reports_every_problem_with_its_location_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(sample("colo-retrofit.toml"))
        .unwrap()
        .replace("weather = \"weather/", "weather = \"../../sites/weather/")
        .replace("ups_efficiency = 0.95", "ups_efficiency = 95")
        .replace("contract = \"utility LGS\"", "contract = \"utility\"")
        .replace("slots = 48", "slots = 48\ncolour = \"blue\"");
    let site = dir.path().join("bad.toml");
    let weather = format!("{}/sites/weather/", root().display());
    fs::write(&site, text.replace("../../sites/weather/", &weather)).unwrap();
    let run = dcplan(&["validate", site.to_str().unwrap()]).expect_code(2);
    // All three problems at once, each with file:line:col.
    assert!(
        run.stderr.contains("ups_efficiency = 95 must be in (0, 1]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean 0.95?"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("adds to contract \"utility\", which is not defined"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean \"utility LGS\"?"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown field `colour`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("bad.toml:76:1]"),
        "location of `colour`:\n{}",
        run.stderr
    );
    assert!(run.stdout.starts_with("invalid "), "{}", run.stdout);
}

#[test]
fn validate_json_gives_line_and_column_for_scripts() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("s.toml");
    fs::write(&site, "[site]\nname = \"x\"\nyears = \"ten\"\n").unwrap();
    let run = dcplan(&["validate", "--format", "json", site.to_str().unwrap()]).expect_code(2);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["valid"], false);
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let years = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("site.years"))
        .unwrap();
    assert_eq!(
        (years["line"].as_u64(), years["column"].as_u64()),
        (Some(3), Some(9))
    );
    assert_eq!(years["code"], "type");
    // The required sections the file lacks are named too.
    for section in ["cooling", "hall", "rack", "demand"] {
        assert!(
            diags.iter().any(|d| d["message"]
                .as_str()
                .unwrap()
                .contains(&format!("`{section}`"))),
            "{section}: {diags:#?}"
        );
    }
}

#[test]
fn validate_names_a_missing_file_and_exits_2() {
    let run = dcplan(&["validate", "no/such/site.toml"]).expect_code(2);
    assert!(
        run.stderr
            .contains("cannot read site file no/such/site.toml"),
        "{}",
        run.stderr
    );
}

#[test]
fn info_table_shows_capacity_and_climate() {
    let run = dcplan(&["info", "sites/ai-campus.toml"]).expect_code(0);
    insta::assert_snapshot!("info_ai_campus", run.stdout);
}

#[test]
fn info_json_carries_schema_version_and_nameplate() {
    let run = dcplan(&["info", "--format", "json", "sites/colo-retrofit.toml"]).expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    // 48 slots × 42 kW = 2.016 MW of IT nameplate; 48 × 32 GPUs (densest hostable rack).
    assert!((v["nameplate"]["it_mw"].as_f64().unwrap() - 2.016).abs() < 1e-9);
    assert_eq!(v["nameplate"]["max_gpus"], 48 * 32);
    // Four 1.0 MW air-cooled chillers, N+1: 3 MW with one out.
    assert!((v["nameplate"]["chiller_firm_mw"].as_f64().unwrap() - 3.0).abs() < 1e-9);
    assert_eq!(v["climate"]["hours"], 8760);
}

#[test]
fn info_csv_is_one_figure_per_row() {
    let run = dcplan(&["info", "--format", "csv", "sites/nordic-hydro.toml"]).expect_code(0);
    let mut lines = run.stdout.lines();
    assert_eq!(lines.next(), Some("field,value"));
    assert!(
        run.stdout.contains("\nhalls[0].slots,300\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\nnameplate.ppa_mw,80.0\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn info_lists_the_catalog_and_curve_library() {
    let racks = dcplan(&["info", "--racks"]).expect_code(0);
    assert!(racks.stdout.contains("gb200-nvl72"));
    let curves = dcplan(&["info", "--curves", "--format", "json"]).expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&curves.stdout).unwrap();
    assert!(v["curves"].as_array().unwrap().len() >= 8);
}

#[test]
fn new_writes_starters_that_validate() {
    let dir = tempfile::tempdir().unwrap();
    for template in ["colo", "campus"] {
        let name = format!("my \"{template}\" site");
        dcplan_in(
            dir.path(),
            &[
                "new",
                &name,
                "--template",
                template,
                "-o",
                &format!("{template}.toml"),
            ],
        )
        .expect_code(0);
        let run = dcplan_in(dir.path(), &["validate", &format!("{template}.toml")]).expect_code(0);
        assert!(run.stdout.contains("(0 warnings)"), "{}", run.stderr);
        let info = dcplan_in(
            dir.path(),
            &["info", "--format", "json", &format!("{template}.toml")],
        )
        .expect_code(0);
        assert!(
            info.stdout
                .contains(&format!("\"name\": \"my \\\"{template}\\\" site\"")),
            "{}",
            info.stdout
        );
    }
}

#[test]
fn new_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    dcplan_in(dir.path(), &["new", "a"]).expect_code(0);
    fs::write(dir.path().join("a.toml"), "keep me").unwrap();
    let run = dcplan_in(dir.path(), &["new", "a"]).expect_code(2);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(dir.path().join("a.toml")).unwrap(),
        "keep me"
    );
    dcplan_in(dir.path(), &["new", "a", "--force"]).expect_code(0);
    assert!(
        fs::read_to_string(dir.path().join("a.toml"))
            .unwrap()
            .contains("[site]")
    );
}

#[test]
fn weather_summarises_a_real_year() {
    let run = dcplan(&[
        "weather",
        "--format",
        "json",
        "sites/weather/phoenix-az-722780-tmy3.epw",
    ])
    .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    // The 36th-highest dry-bulb of the Phoenix TMY3 year (0.4 % of 8760 h); ASHRAE's 30-year
    // table in the file's header gives 43.4 °C, the typical year 42.8 °C.
    assert!((v["summary"]["cooling_db_0_4_c"].as_f64().unwrap() - 42.8).abs() < 0.05);
    let table = dcplan(&["weather", "sites/weather/sand-point-ak-703165-tmy3.csv"]).expect_code(0);
    assert!(table.stdout.contains("SAND POINT"), "{}", table.stdout);
}

#[test]
fn weather_csv_is_every_hour_with_psychrometrics() {
    let run = dcplan(&[
        "weather",
        "--format",
        "csv",
        "sites/weather/greensboro-nc-723170-tmy3.csv",
    ])
    .expect_code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 8761);
    assert_eq!(
        lines[0],
        "timestamp,dry_bulb_c,dew_point_c,rel_humidity_pct,pressure_pa,wet_bulb_c,humidity_ratio_kg_per_kg,enthalpy_kj_per_kg,ghi_w_per_m2"
    );
    // First row of the TMY3 file: 01/01 01:00, 10.0 °C dry-bulb, 6.1 °C dew point, 993 mbar.
    assert!(
        lines[1].starts_with("01-01T01:00,10.0,6.1,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(",99300,"), "{}", lines[1]);
}

#[test]
fn weather_rejects_a_broken_file_naming_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(sample("weather/greensboro-nc-723170-tmy3.csv")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Line 100 of the file: the dry-bulb column (found by its header) becomes "abc".
    let column = lines[1]
        .split(',')
        .position(|h| h == "Dry-bulb (C)")
        .unwrap();
    let mut fields: Vec<&str> = lines[99].split(',').collect();
    fields[column] = "abc";
    lines[99] = fields.join(",");
    let file = dir.path().join("broken.csv");
    fs::write(&file, lines.join("\n")).unwrap();
    let run = dcplan(&["weather", file.to_str().unwrap()]).expect_code(2);
    assert!(run.stderr.contains("line 100"), "{}", run.stderr);
    assert!(run.stderr.contains("abc"), "{}", run.stderr);
}

#[test]
fn schema_is_json_and_markdown_is_the_checked_in_reference() {
    let run = dcplan(&["schema"]).expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(v["$defs"]["Hall"].is_object());
    let md = dcplan(&["schema", "--markdown"]).expect_code(0);
    assert_eq!(
        md.stdout,
        fs::read_to_string(root().join("docs/site-format.md")).unwrap()
    );
}

#[test]
fn completions_and_usage_errors() {
    let run = dcplan(&["completions", "bash"]).expect_code(0);
    assert!(run.stdout.contains("_dcplan"));
    dcplan(&["--help"]).expect_code(0);
    let bad = dcplan(&["info", "--format", "yaml", "sites/ai-campus.toml"]).expect_code(2);
    assert!(
        bad.stderr.contains("possible values: table, json, csv"),
        "{}",
        bad.stderr
    );
    dcplan(&["frobnicate"]).expect_code(2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args([
            "weather",
            "--format",
            "csv",
            "sites/weather/greensboro-nc-723170-tmy3.csv",
        ])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn warnings_are_reported_with_locations_but_do_not_fail_validation() {
    let dir = tempfile::tempdir().unwrap();
    let weather = format!("{}/sites/weather/", root().display());
    let text = fs::read_to_string(sample("colo-retrofit.toml"))
        .unwrap()
        .replace("weather = \"weather/", &format!("weather = \"{weather}"))
        // A 7-year upgrade in a 5-year horizon can never be in service.
        .replace(
            "capex_usd = 1.8e6\nlead_time_years = 1",
            "capex_usd = 1.8e6\nlead_time_years = 7",
        )
        // 28 °C is allowable for class A2 (10–35 °C) but above the recommended 18–27 °C.
        .replace("supply_air_c = 24.0", "supply_air_c = 28.0")
        // A falling target.
        .replace("2029 = 1536", "2029 = 1000");
    let site = dir.path().join("warn.toml");
    fs::write(&site, text).unwrap();
    let run = dcplan(&["validate", "--format", "json", site.to_str().unwrap()]).expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let find = |fragment: &str| {
        diags
            .iter()
            .find(|d| d["message"].as_str().unwrap().contains(fragment))
            .unwrap_or_else(|| panic!("no warning contains {fragment:?}: {diags:#?}"))
    };
    let lead = find("has a 7-year lead time but the horizon is 5 years");
    assert_eq!(
        (lead["severity"].as_str(), lead["line"].as_u64()),
        (Some("warning"), Some(35))
    );
    let air = find("supply_air_c = 28 °C is outside ASHRAE's recommended 18–27 °C");
    assert_eq!(
        (air["severity"].as_str(), air["line"].as_u64()),
        (Some("warning"), Some(79))
    );
    let target = find("the target falls from 1024 GPUs in 2028 to 1000 in 2029");
    assert_eq!(target["severity"], "warning");
    assert_eq!(v["files"][0]["warnings"], 3);
    // Table format: the warnings go to stderr, the verdict to stdout.
    let run = dcplan(&["validate", site.to_str().unwrap()]).expect_code(0);
    assert!(run.stdout.contains("(3 warnings)"), "{}", run.stdout);
    assert!(run.stderr.contains("warn.toml:35:19]"), "{}", run.stderr);
    let quiet = dcplan(&["validate", "-q", site.to_str().unwrap()]).expect_code(0);
    assert!(quiet.stderr.is_empty(), "{}", quiet.stderr);
}
