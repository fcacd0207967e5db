//! Issue 10 (hardening), bullet 6: `dcplan check` identifies its plan first. A plan of
//! another site, version, status or resolution is refused in one line (exit 2); a plan whose
//! site changed, or that was edited after dcplan wrote it, gets one line saying so and is
//! then checked rule by rule.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::check::planned;
use crate::util::{Run, dcplan, sample};

const COLO: &str = "colo-retrofit";
const WEATHER: &str = "weather/greensboro-nc-723170-tmy3.csv";

/// The colo sample's plan (planned once per test run, and checked clean by `check.rs`).
fn colo_plan() -> Value {
    serde_json::from_str(&fs::read_to_string(planned(COLO, "rep:12")).unwrap()).unwrap()
}

/// Writes `plan` to `dir` as pretty JSON and checks it against `site`.
fn check(dir: &Path, site: &Path, plan: &Value, format: &str) -> Run {
    let path = dir.join("plan.json");
    fs::write(&path, serde_json::to_string_pretty(plan).unwrap()).unwrap();
    dcplan(&[
        "check",
        site.to_str().unwrap(),
        path.to_str().unwrap(),
        "--format",
        format,
    ])
}

/// A copy of the colo site in `dir` (its weather file beside it, at the same relative path),
/// with `edit` applied to its text.
fn colo_copy(dir: &Path, edit: impl FnOnce(String) -> String) -> PathBuf {
    fs::create_dir_all(dir.join("weather")).unwrap();
    fs::copy(sample(WEATHER), dir.join(WEATHER)).unwrap();
    let text = fs::read_to_string(sample(&format!("{COLO}.toml"))).unwrap();
    let site = dir.join("colo.toml");
    fs::write(&site, edit(text)).unwrap();
    site
}

/// Asserts a refusal: exit 2, nothing on stdout, and exactly `needle`'s line on stderr.
#[track_caller]
fn expect_refused(run: Run, needle: &str) {
    let run = run.expect_code(2);
    assert_eq!(run.stdout, "", "stdout of a refused plan");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error: ") && run.stderr.contains(needle),
        "expected {needle:?}:\n{}",
        run.stderr
    );
}

#[test]
fn issue_10_a_plan_records_its_site_and_its_own_fingerprint() {
    let plan = colo_plan();
    for key in ["site_sha256", "plan_sha256"] {
        let hash = plan["fingerprints"][key].as_str().unwrap();
        assert_eq!(hash.len(), 64, "{key}: {hash}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()), "{key}: {hash}");
    }
    assert_eq!(plan["site"], "Piedmont colo retrofit (2 MW)");
}

#[test]
fn issue_10_a_plan_of_another_site_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let run = check(
        dir.path(),
        &sample("nordic-hydro.toml"),
        &colo_plan(),
        "table",
    );
    expect_refused(
        run,
        "the plan is for site \"Piedmont colo retrofit (2 MW)\", not \"Nordic hydro site\"",
    );
}

#[test]
fn issue_10_simulate_refuses_a_plan_of_another_site_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    fs::write(&path, serde_json::to_string_pretty(&colo_plan()).unwrap()).unwrap();
    let run = dcplan(&[
        "simulate",
        sample("nordic-hydro.toml").to_str().unwrap(),
        "--plan",
        path.to_str().unwrap(),
    ]);
    expect_refused(
        run,
        "plan.json: the plan is for site \"Piedmont colo retrofit (2 MW)\", not \"Nordic hydro site\"",
    );
}

#[test]
fn issue_10_a_changed_site_is_said_first_and_then_checked() {
    let dir = tempfile::tempdir().unwrap();
    let plan = colo_plan();
    // A copy elsewhere, reformatted and commented, is the same site.
    let same = colo_copy(dir.path(), |t| {
        format!("# a copy\n\n{}", t.replace(" = ", "  =  "))
    });
    let run = check(dir.path(), &same, &plan, "table").expect_code(0);
    assert!(
        run.stdout.starts_with("plan is consistent with the site"),
        "{}",
        run.stdout
    );
    // A changed price is not.
    let repriced = colo_copy(dir.path(), |t| {
        t.replacen("capex_usd = 1.8e6", "capex_usd = 1.9e6", 1)
    });
    let run = check(dir.path(), &repriced, &plan, "table").expect_code(2);
    assert!(
        run.stdout.starts_with(
            "note: the site changed since this plan was made (its fingerprint differs)"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("costs"), "{}", run.stdout);
    let run = check(dir.path(), &repriced, &plan, "json");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["notices"], serde_json::json!(["site_changed"]));
}

#[test]
fn issue_10_an_edited_plan_is_said_first_and_then_checked() {
    let dir = tempfile::tempdir().unwrap();
    let site = sample(&format!("{COLO}.toml"));
    let mut plan = colo_plan();
    // Reformatted (pretty instead of as written) is not edited.
    let run = check(dir.path(), &site, &plan, "json").expect_code(0);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["notices"], serde_json::json!([]));
    let npv = plan["objective_npv_usd"].as_f64().unwrap();
    plan["objective_npv_usd"] = (npv + 1e6).into();
    let run = check(dir.path(), &site, &plan, "table").expect_code(2);
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("note: the plan was edited after dcplan wrote it (its content fingerprint differs)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("objective_npv_usd"), "{}", run.stdout);
    let run = check(dir.path(), &site, &plan, "json");
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["notices"], serde_json::json!(["plan_edited"]));
}

#[test]
fn issue_10_a_status_dcplan_never_writes_is_refused() {
    // The status is typed (version 3): one a plan cannot have does not read as a plan.
    let dir = tempfile::tempdir().unwrap();
    let mut plan = colo_plan();
    plan["status"] = "infeasible".into();
    let run = check(dir.path(), &sample("colo-retrofit.toml"), &plan, "table");
    expect_refused(
        run,
        "not a dcplan plan: unknown variant `infeasible`, expected `optimal` or `feasible-with-gap`",
    );
}

#[test]
fn issue_10_a_resolution_that_does_not_parse_or_match_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let site = sample("colo-retrofit.toml");
    let mut plan = colo_plan();
    plan["resolution"] = "rep:11".into();
    expect_refused(
        check(dir.path(), &site, &plan, "table"),
        "the plan's resolution \"rep:11\" models 11 day(s) a year; the plan lists 12",
    );
    plan["resolution"] = "weekly".into();
    expect_refused(
        check(dir.path(), &site, &plan, "json"),
        "the plan's resolution \"weekly\" does not parse",
    );
    plan["resolution"] = "rep:12".into();
    plan["modelled_hours_per_year"] = 288.into();
    expect_refused(
        check(dir.path(), &site, &plan, "table"),
        "models 336 hours a year; the plan says 288",
    );
}

#[test]
fn issue_10_another_schema_version_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let site = sample("colo-retrofit.toml");
    let mut plan = colo_plan();
    plan["schema_version"] = 5.into();
    expect_refused(
        check(dir.path(), &site, &plan, "table"),
        "the plan is schema version 5; this dcplan reads version 4",
    );
    // Older documents (version 1 before fingerprints, version 2 before typed components and
    // flows, version 3 before capex by asset class) that no longer parse as a plan are named
    // by their version too.
    plan.as_object_mut().unwrap().remove("fingerprints");
    plan.as_object_mut().unwrap().remove("years");
    for old in [1, 2, 3] {
        plan["schema_version"] = old.into();
        expect_refused(
            check(dir.path(), &site, &plan, "table"),
            &format!("the plan is schema version {old}; this dcplan reads version 4"),
        );
    }
}
