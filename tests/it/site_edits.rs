//! `--set PATH=VALUE` on `plan`, `simulate` and `check` (issue 11, site edits by path): the
//! edited site is what the command uses, a plan records its edits, and a bad edit is reported
//! as a bad site file is (exit 2, located in the `--set` argument, nothing written).

use serde_json::Value;

use crate::util::{Run, dcplan_in, scratch, scratch_with};

/// The colo sample's energy price edited from 68 (its file) to 120 USD/MWh, by name.
const PRICE: &str = r#"grid.contract["utility LGS"].energy_usd_per_mwh=120"#;

/// The same edit by position (the colo sample has one contract).
const PRICE_BY_INDEX: &str = "grid.contract[0].energy_usd_per_mwh=120";

/// Plans `site` with the [`PRICE`] edit into `edited.json` in `dir`.
fn plan_with_price_edit(dir: &std::path::Path, site: &str) {
    let args = [
        "plan",
        site,
        "--no-simulate",
        "--set",
        PRICE,
        "-o",
        "edited.json",
    ];
    dcplan_in(dir, &args).expect_code(0);
}

fn plan_json(path: &std::path::Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn plan_with_set_plans_the_edited_site_and_records_the_edit() {
    let (dir, site) = scratch();
    let site = site.to_str().unwrap();
    dcplan_in(
        dir.path(),
        &["plan", site, "--no-simulate", "-o", "base.json"],
    )
    .expect_code(0);
    plan_with_price_edit(dir.path(), site);
    let (base, edited) = (
        plan_json(&dir.path().join("base.json")),
        plan_json(&dir.path().join("edited.json")),
    );
    // Every grid MWh costs 52 USD more and the suite draws from the grid every hour, so the
    // least-cost plan of the edited site costs more.
    let npv = |p: &Value| p["objective_npv_usd"].as_f64().unwrap();
    assert!(
        npv(&edited) > npv(&base) * 1.01,
        "{} vs {}",
        npv(&edited),
        npv(&base)
    );
    assert_eq!(
        edited["fingerprints"]["site_edits"],
        serde_json::json!([PRICE])
    );
    assert!(base["fingerprints"].get("site_edits").is_none());
    assert_ne!(
        edited["fingerprints"]["site_sha256"],
        base["fingerprints"]["site_sha256"]
    );
}

#[test]
fn check_identifies_a_plan_of_an_edited_site_only_with_the_same_edits() {
    let (dir, site) = scratch();
    let site = site.to_str().unwrap();
    plan_with_price_edit(dir.path(), site);
    // Against the site file as it is, the site differs, and the note says how it was made.
    let run = dcplan_in(dir.path(), &["check", site, "edited.json"]).expect_code(2);
    assert!(
        run.stdout
            .starts_with("note: the site changed since this plan was made"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("the plan was made with --set '{PRICE}'")),
        "{}",
        run.stdout
    );
    // With the same edit, by name or by index, it is the plan's site.
    for edit in [PRICE, PRICE_BY_INDEX] {
        let run =
            dcplan_in(dir.path(), &["check", site, "edited.json", "--set", edit]).expect_code(0);
        assert!(
            run.stdout.starts_with("plan is consistent with the site"),
            "{edit}: {}",
            run.stdout
        );
    }
}

#[test]
fn simulate_with_set_simulates_the_edited_site() {
    let (dir, site) = scratch();
    let site = site.to_str().unwrap();
    let racks = |args: &[&str]| {
        let mut all = vec!["simulate", site, "--format", "json"];
        all.extend_from_slice(args);
        let run = dcplan_in(dir.path(), &all).expect_code(0);
        let doc: Value = serde_json::from_str(&run.stdout).unwrap();
        doc["year"]["racks"].as_u64().unwrap()
    };
    // The colo file has 16 DGX racks installed in its one hall.
    assert_eq!(racks(&[]), 16);
    assert_eq!(
        racks(&[
            "--set",
            r#"hall["Suite 2"].existing_racks["DGX H100 x4"]=8"#
        ]),
        8
    );
}

/// A rejected `--set`: exit 2, a miette report located in the argument (`--set:1:COLUMN`)
/// whose message names it, the closing line, and no panic.
#[track_caller]
fn rejected(run: Run, header: &str, fragments: &[&str], last: &str) {
    let run = run.expect_code(2);
    let err = &run.stderr;
    assert!(err.contains(&format!("[--set:{header}]")), "{err}");
    for f in fragments {
        assert!(err.contains(f), "{f:?} not in:\n{err}");
    }
    assert_eq!(err.trim_end().lines().last(), Some(last), "{err}");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

/// Bad `--set` arguments, in the style of `tests/bad_inputs` (which are files): each is
/// rejected with the finding it should give, located where it should be.
#[test]
fn bad_set_arguments_are_reported_like_bad_files() {
    let (dir, site) = scratch();
    let site = site.to_str().unwrap();
    let set = |edit: &str| dcplan_in(dir.path(), &["simulate", site, "--set", edit]);
    let not_an_edit = "error: 1 --set argument is not PATH=VALUE";
    let invalid = "error: colo.toml has 1 problem (with its --set edits)";
    let invalid = invalid.replace("colo.toml", site);
    let cases: &[(&str, &str, &[&str], &str)] = &[
        (
            "hall[0.slots=4",
            "1:7",
            &["--set hall[0.slots=4: at character 7 of the path: expected `]`, found `.`"],
            not_an_edit,
        ),
        (
            "hall[0].slots",
            "1:14",
            &["expected `=` and a value after the path"],
            not_an_edit,
        ),
        (
            "hall[0].slots=[1,",
            "1:15",
            &["`[1,` is not a value"],
            not_an_edit,
        ),
        (
            "hall[0].slot=3",
            "1:14",
            &[
                "--set hall[0].slot=3: unknown field `slot` in `hall[0]`",
                "did you mean `slots`?",
            ],
            &invalid,
        ),
        (
            "hal[0].slots=3",
            "1:1",
            &["the site has no `hal`", "did you mean `hall`?"],
            &invalid,
        ),
        (
            r#"hall["Suite 3"].slots=3"#,
            "1:5",
            &[
                r#"`hall` has no element named "Suite 3""#,
                r#"the names are "Suite 2""#,
            ],
            &invalid,
        ),
        (
            "hall[1].slots=3",
            "1:5",
            &["`hall` has no element 1: the only position is 0"],
            &invalid,
        ),
    ];
    for (edit, header, fragments, last) in cases {
        rejected(set(edit), header, fragments, last);
    }
}

#[test]
fn a_rejected_value_is_worded_as_the_same_value_in_the_file() {
    let (dir, site) = scratch();
    let edit = r#"hall["Suite 2"].slots=-4"#;
    let run = dcplan_in(
        dir.path(),
        &["check", site.to_str().unwrap(), "x.json", "--set", edit],
    );
    rejected(
        run,
        "1:23",
        &[&format!(
            "--set {edit}: `hall[0].slots`: the integer -4 is out of range"
        )],
        &format!(
            "error: {} has 1 problem (with its --set edits)",
            site.display()
        ),
    );
    // The same value written in the file.
    let (dir, site) = scratch_with(|t| t.replacen("slots = 48\n", "slots = -4\n", 1));
    let run = dcplan_in(dir.path(), &["validate", site.to_str().unwrap()]).expect_code(2);
    assert!(
        run.stderr
            .contains("× `hall[0].slots`: the integer -4 is out of range"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_rejected_set_writes_nothing_on_any_command() {
    let (dir, site) = scratch();
    let site = site.to_str().unwrap();
    let bad = "hall[0].slots=-4";
    for args in [
        vec!["plan", site, "--set", bad, "-o", "out.json"],
        vec!["simulate", site, "--set", bad],
        vec!["check", site, "plan.json", "--set", bad],
    ] {
        let run = dcplan_in(dir.path(), &args).expect_code(2);
        assert!(
            run.stderr.contains("--set hall[0].slots=-4:"),
            "{}",
            run.stderr
        );
        assert!(
            !dir.path().join("out.json").exists(),
            "{args:?} wrote a file"
        );
    }
}
