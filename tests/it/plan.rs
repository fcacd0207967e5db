//! Planning: small cases solvable by hand, infeasible explanations, invariants, the CLI.

use std::path::Path;

use dcplan::plan::document::{ComponentKind, Flow, Quantity, SpareFamily, YearPlan};
use dcplan::plan::{self, Outcome, Plan, PlanOptions};
use proptest::prelude::*;

use crate::util::{dcplan, root};

/// A one-hall site whose every number is easy to follow by hand: constant 20 °C weather (a
/// design day with no daily range), an existing 10-slot air hall with perfect UPS and
/// distribution (efficiency 1), outdoor-air cooling that carries every hour (20 °C outdoor air
/// below the 24 °C supply setpoint) with zero fan and pump power, a 1 MW firm grid contract at
/// a flat energy price, no generators, and 10 kW racks of 8 GPUs at full utilisation.
fn tiny_site(
    years: u32,
    discount: f64,
    price: f64,
    lead: u32,
    targets: &str,
    firm_mw: f64,
) -> String {
    format!(
        r#"
[site]
name = "tiny"
start_year = 2027
years = {years}
discount_rate = {discount}
design_day = {{ peak_dry_bulb_c = 20.0, daily_range_k = 0.0, coincident_wet_bulb_c = 15.0, elevation_m = 0.0 }}

[[grid.contract]]
name = "utility"
firm_mw = {firm_mw}
energy_usd_per_mwh = {price}

[cooling]
redundancy = "N"
economizer = {{ kind = "air_side" }}
pump_kw_per_mw = 0.0
crah = {{ fan_kw_per_mw = 0.0 }}

[[hall]]
name = "Hall"
slots = 10
max_rack_kw = 10.0
cooling = "air"
ups_efficiency = 1.0
distribution_efficiency = 1.0
existing = true
capex_usd = 0.0
lead_time_years = 0

[[rack]]
name = "R"
gpus = 8
design_kw = 10.0
utilization = 1.0
liquid_fraction = 0.0
capex_usd = 100000.0
lead_time_years = {lead}

[demand]
gpus_online = {targets}

# The hand calculations below count capex at full cost (no residual value credited at the
# horizon's end); `assets_still_in_service_are_credited_at_the_end` checks the default.
[finance]
terminal = "none"
"#
    )
}

fn solve(text: String, options: &PlanOptions) -> Outcome {
    let site = dcplan::site::load_str(text, Path::new("tiny.toml"), &root())
        .expect("the tiny site is valid");
    solve_site(&site, options)
}

fn solve_site(site: &dcplan::site::LoadedSite, options: &PlanOptions) -> Outcome {
    let control = dcplan::control::Control::new();
    plan::formulate(site, options, &control)
        .unwrap()
        .solve(options, &control)
        .unwrap()
}

fn expect_plan(outcome: Outcome) -> Plan {
    match outcome {
        Outcome::Planned { plan, .. } => plan,
        other => panic!("expected a plan, got {other:?}"),
    }
}

fn planned(text: String) -> Plan {
    expect_plan(solve(text, &PlanOptions::default()))
}

#[test]
fn one_year_by_hand() {
    // 40 GPUs = 5 racks of 8. Capex 5 × $100,000 = $500,000, ordered and in service in 2027
    // (lead 0). Energy: 5 × 10 kW = 50 kW all year (cooling is free), 0.05 MW × 8,760 h ×
    // $100/MWh = $43,800. Discount rate 0: NPV = $543,800.
    let p = planned(tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 1.0));
    assert_eq!(p.years[0].gpus_online, 40);
    let expected = 543_800.0;
    assert!(
        (p.objective_npv_usd - expected).abs() <= 1e-6 * expected,
        "{}",
        p.objective_npv_usd
    );
    assert!((p.years[0].facility_peak_mw - 0.05).abs() < 1e-6);
    assert!(
        (p.years[0].pue - 1.0).abs() < 1e-6,
        "no cooling power, no losses: PUE 1"
    );
    let racks = &p.years[0]
        .builds
        .iter()
        .find(|b| b.component.kind == ComponentKind::Racks)
        .unwrap();
    assert_eq!(
        (racks.quantity, racks.order_by_year, racks.in_service_year),
        (Quantity::Racks(5.0), 2027, 2027)
    );
    // Energy by source and use: 0.05 MW × 8,760 h = 438 MWh from the grid, all to the IT.
    let y = &p.years[0];
    let grid = mwh(y, |f| matches!(f, Flow::GridFirm { .. }));
    assert!((grid - 438.0).abs() < 1e-3, "{:?}", y.energy);
    assert!(
        (mwh(y, |f| *f == Flow::ItWithLosses) + 438.0).abs() < 1e-3,
        "{:?}",
        y.energy
    );
}

/// The year's energy of the flows `which` picks (MWh).
fn mwh(y: &YearPlan, which: impl Fn(&Flow) -> bool) -> f64 {
    y.energy
        .iter()
        .filter(|e| which(&e.flow))
        .map(|e| e.mwh)
        .sum()
}

/// Supplies and uses in `energy` balance on every sample plan (one missing entry — a
/// source or a use — breaks the sum).
#[test]
fn energy_by_source_and_use_balances() {
    for name in ["colo-retrofit.toml", "nordic-hydro.toml"] {
        let site = dcplan::site::load(&crate::util::sample(name)).unwrap();
        let p = expect_plan(solve_site(&site, &PlanOptions::default()));
        for y in &p.years {
            let net: f64 = y.energy.iter().map(|e| e.mwh).sum();
            let scale: f64 = y.energy.iter().map(|e| e.mwh.abs()).sum();
            assert!(
                net.abs() <= 1e-5 * scale.max(1.0),
                "{name} {}: {:?}",
                y.year,
                y.energy
            );
        }
    }
}

/// The tiny site with a PV class whose output comes from a profile file: full output from
/// 10:00 to 14:00 every day, none otherwise (4 × 365 = 1,460 hours at 1 MW per MW AC).
fn tiny_site_with_pv_profile(profile: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pv.csv"), profile).unwrap();
    let site = tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 1.0)
        + r#"
[[solar_pv]]
name = "array"
max_mw_ac = 1.0
capex_usd_per_kw_ac = 100.0
lead_time_years = 0
profile = "pv.csv"
"#;
    (dir, site)
}

fn midday_profile() -> String {
    (0..8760)
        .map(|h| {
            if (10..14).contains(&(h % 24)) {
                "1\n"
            } else {
                "0\n"
            }
        })
        .collect()
}

#[test]
fn pv_follows_its_profile_file() {
    // The 50 kW load of `one_year_by_hand`. A MW of PV costs $100,000 and saves $100/MWh ×
    // 1,460 h = $146,000 of grid energy, so the plan builds exactly the 0.05 MW the load can
    // use (more would only be curtailed). Grid: 0.05 × (8,760 − 1,460) = 365 MWh × $100 =
    // $36,500; PV: 0.05 × 1,460 = 73 MWh; capex $500,000 racks + $5,000 PV.
    let (dir, text) = tiny_site_with_pv_profile(&midday_profile());
    let site = dcplan::site::load_str(text, Path::new("tiny.toml"), dir.path()).unwrap();
    let p = expect_plan(solve_site(&site, &PlanOptions::default()));
    let expected = 541_500.0;
    assert!(
        (p.objective_npv_usd - expected).abs() <= 1e-5 * expected,
        "{}",
        p.objective_npv_usd
    );
    let pv = mwh(
        &p.years[0],
        |f| matches!(f, Flow::SolarPv { array } if array == "array"),
    );
    assert!((pv - 73.0).abs() < 1e-3, "{pv}");
}

#[test]
fn a_broken_pv_profile_is_refused_at_its_place() {
    let mut short = midday_profile();
    short.truncate(short.len() - 2); // drop the last hour: 8,759 values
    let (dir, text) = tiny_site_with_pv_profile(&short);
    let err = dcplan::site::load_str(text, Path::new("tiny.toml"), dir.path()).unwrap_err();
    let dcplan::site::SiteError::Invalid(invalid) = err else {
        panic!("{err}");
    };
    let message = format!("{:?}", invalid.diagnostics);
    assert!(
        message.contains("has 8,759 values; a profile has one per hour of the year, 8,760"),
        "{message}"
    );
    assert!(message.contains("cannot use this profile"), "{message}");
}

#[test]
fn generator_running_hours_are_capped() {
    // The 50 kW load of `one_year_by_hand` beside an existing 50 kW (ISO) gas turbine. At the
    // tiny site's 20 °C (data/ambient_derates.toml) it gives 1 − 5/25 × 0.17 = 0.966 of its
    // rating, 0.0483 MW, at a heat rate 1 + 5/30 × 0.10 = 1.0166667 times 5 MMBtu/MWh: its
    // energy costs 5 × 1.0166667 × $4 = $20.333333/MWh against the grid's $100. Unlimited, it
    // carries 0.0483 × 8,760 = 423.108 MWh ($8,603.196) and the grid 14.892 MWh ($1,489.20):
    // NPV $510,092.396. With a 1,000-hour permit it carries 0.0483 × 1,000 = 48.3 MWh
    // ($982.10) and the grid the other 389.7 MWh ($38,970): NPV $539,952.10.
    let site = |permit: &str| {
        tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 1.0)
            + &format!(
                r#"
[[generator]]
name = "gas"
kind = "gas_turbine"
unit_mw = 0.05
existing_units = 1
max_units = 1
capex_usd_per_kw = 0.0
heat_rate_mmbtu_per_mwh = 5.0
fuel_usd_per_mmbtu = 4.0
emissions_kg_per_mmbtu = 0.0
lead_time_years = 0
{permit}
"#
            )
    };
    for (permit, expected, gas_mwh) in [
        ("", 510_092.396, 423.108),
        ("max_run_hours_per_year = 1000.0", 539_952.1, 48.3),
    ] {
        let p = planned(site(permit));
        assert!(
            (p.objective_npv_usd - expected).abs() <= 1e-5 * expected,
            "{permit}: {}",
            p.objective_npv_usd
        );
        let gas = mwh(
            &p.years[0],
            |f| matches!(f, Flow::Generation { generator } if generator == "gas"),
        );
        assert!((gas - gas_mwh).abs() < 1e-2, "{permit}: {gas}");
    }
    // Asking the one 50 kW unit to be the site's N+1 backup cannot work: N+1 keeps the
    // largest (only) unit spare, leaving 0 MW for the 0.05 MW critical peak.
    let islanded = site("") + "\n[reliability]\nbackup_generation = \"N+1\"\n";
    let Outcome::Infeasible(e) = solve(islanded, &PlanOptions::default()) else {
        panic!("an N+1 backup of one unit is infeasible");
    };
    let why = &e.shortfalls[0].binding;
    assert!(why.contains("generation at N+1 binds"), "{why}");
}

#[test]
fn air_handler_redundancy_is_paid_for() {
    // `one_year_by_hand` ($543,800) with air handlers at $100/kW. At 2N every kW of rack air
    // heat needs two: 5 racks × 10 kW × $200 = $10,000 more. At N+1 in a new hall, racks pay
    // $100/kW (5 × 10 × 100 = $5,000) and the hall one spare 250 kW unit ($25,000).
    let with_crah = |redundancy: &str, existing: bool| {
        tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 1.0)
            .replace(
                "crah = { fan_kw_per_mw = 0.0 }",
                &format!(
                    "crah = {{ fan_kw_per_mw = 0.0, capex_usd_per_kw = 100.0, unit_kw = 250.0, redundancy = \"{redundancy}\" }}"
                ),
            )
            .replace("existing = true", &format!("existing = {existing}"))
    };
    for (redundancy, existing, expected) in [
        ("2N", true, 553_800.0),
        ("N+1", false, 573_800.0),
        ("N", false, 548_800.0),
    ] {
        let p = planned(with_crah(redundancy, existing));
        assert!(
            (p.objective_npv_usd - expected).abs() <= 1e-6 * expected,
            "{redundancy}: {}",
            p.objective_npv_usd
        );
    }
}

#[test]
fn assets_still_in_service_are_credited_at_the_end() {
    // one_year_by_hand with the default straight-line terminal value: the 5 racks ($500,000,
    // 5-year life) have served 1 of 5 years when the 1-year horizon ends, so 4/5 of their
    // price, $400,000, is credited: NPV = $543,800 − $400,000 = $143,800 at rate 0.
    let site = tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 1.0).replace("terminal = \"none\"", "");
    let p = planned(site);
    let expected = 143_800.0;
    assert!(
        (p.objective_npv_usd - expected).abs() <= 1e-6 * expected,
        "{}",
        p.objective_npv_usd
    );
}

#[test]
fn lead_time_moves_the_order_and_discounting_follows() {
    // Racks with a 1-year lead time for a 2028 target: ordered in 2027, in service and paid
    // on delivery in 2028. End-of-year discounting at 10 %: capex 500,000 / 1.1² + energy
    // (2028 only) 43,800 / 1.1² = 413,223.14 + 36,198.35 = 449,421.49.
    let p = planned(tiny_site(2, 0.1, 100.0, 1, "{ 2028 = 40 }", 1.0));
    let expected = 500_000.0 / 1.21 + 43_800.0 / 1.21;
    assert!(
        (p.objective_npv_usd - expected).abs() <= 1e-6 * expected,
        "{}",
        p.objective_npv_usd
    );
    assert_eq!(p.years[0].gpus_online, 0);
    let racks = p.years[1]
        .builds
        .iter()
        .find(|b| b.component.kind == ComponentKind::Racks)
        .unwrap();
    assert_eq!((racks.order_by_year, racks.in_service_year), (2027, 2028));
}

#[test]
fn infeasible_targets_are_explained() {
    // 30 kW of firm grid feeds three 10 kW racks: 24 GPUs of the 40 wanted, 16 short, and the
    // explanation names firm power.
    let outcome = solve(
        tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 0.03),
        &PlanOptions::default(),
    );
    let Outcome::Infeasible(e) = outcome else {
        panic!("expected infeasible, got {outcome:?}")
    };
    assert_eq!(e.shortfalls.len(), 1, "{e:?}");
    assert_eq!(
        (e.shortfalls[0].year, e.shortfalls[0].gpus_short),
        (2027, 16)
    );
    assert!(
        e.shortfalls[0].binding.contains("firm power"),
        "{}",
        e.shortfalls[0].binding
    );
    assert!(
        e.lines()[0].starts_with("2027: 16 GPUs short of 40 — firm power binds"),
        "{:?}",
        e.lines()
    );
}

#[test]
fn racks_cannot_arrive_before_their_lead_time() {
    let outcome = solve(
        tiny_site(2, 0.0, 100.0, 1, "{ 2027 = 8 }", 1.0),
        &PlanOptions::default(),
    );
    let Outcome::Infeasible(e) = outcome else {
        panic!("expected infeasible, got {outcome:?}")
    };
    assert_eq!(e.shortfalls[0].year, 2027);
    assert!(
        e.shortfalls[0]
            .binding
            .contains("no GPU rack can be delivered before 2028"),
        "{e:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    /// Raising the energy price never lowers the least cost.
    #[test]
    fn a_higher_energy_price_never_lowers_the_cost(price in 10.0f64..200.0, extra in 0.0f64..100.0, gpus in 1u64..80) {
        let targets = format!("{{ 2027 = {gpus} }}");
        let low = planned(tiny_site(1, 0.05, price, 0, &targets, 1.0)).objective_npv_usd;
        let high = planned(tiny_site(1, 0.05, price + extra, 0, &targets, 1.0)).objective_npv_usd;
        prop_assert!(high >= low - 1e-6 * low.abs(), "{high} < {low}");
    }

    /// No plan has anything new in service before its lead time allows.
    #[test]
    fn nothing_is_in_service_before_its_lead_time(lead in 0u32..3, gpus in 1u64..80) {
        let targets = format!("{{ 2030 = {gpus} }}");
        let p = planned(tiny_site(4, 0.05, 100.0, lead, &targets, 1.0));
        for y in &p.years {
            for b in &y.builds {
                prop_assert!(b.order_by_year >= 2027, "{b:?}");
                if b.component.kind == ComponentKind::Racks {
                    prop_assert!(b.in_service_year >= 2027 + lead, "{b:?}");
                }
            }
        }
    }
}

#[test]
fn more_budget_never_means_fewer_gpus() {
    // Budget mode: most GPU-years within a capex budget. Each rack costs $100,000.
    let budget_site = |budget: f64| {
        tiny_site(2, 0.05, 100.0, 0, "{ 2027 = 0 }", 1.0).replace(
            "gpus_online = { 2027 = 0 }",
            &format!("capex_budget_usd = {budget}"),
        )
    };
    let gpu_years = |p: &Plan| p.years.iter().map(|y| y.gpus_online).sum::<u64>();
    let mut previous = 0;
    for budget in [50_000.0, 150_000.0, 300_000.0, 1_000_000.0] {
        let p = planned(budget_site(budget));
        let now = gpu_years(&p);
        assert!(now >= previous, "budget {budget}: {now} < {previous}");
        previous = now;
    }
    // $1M buys all 10 slots in the first year: 80 GPUs × 2 years.
    assert_eq!(previous, 160);
}

#[test]
fn plan_cli_writes_json_and_exits_by_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let run = dcplan(&[
        "plan",
        "sites/colo-retrofit.toml",
        "-o",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
    assert!(
        run.stdout.contains("What to build, and when to order it"),
        "{}",
        run.stdout
    );
    let p: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    for key in [
        "schema_version",
        "status",
        "solver",
        "objective_npv_usd",
        "years",
        "costs",
        "stats",
    ] {
        assert!(p.get(key).is_some(), "{key}");
    }
    for key in [
        "year",
        "gpus_online",
        "it_mw",
        "facility_peak_mw",
        "builds",
        "headroom",
        "binding",
    ] {
        assert!(p["years"][0].get(key).is_some(), "{key}");
    }
    // Infeasible: exit 3 with the explanation on stderr.
    let site = dir.path().join("short.toml");
    std::fs::write(&site, tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 0.03)).unwrap();
    let run = dcplan(&["plan", site.to_str().unwrap()]).expect_code(3);
    assert!(
        run.stderr.contains("2027: 16 GPUs short of 40"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_time_limit_without_a_plan_exits_4() {
    // The pure LP sample with Clarabel, in either build: an interior point stopped after a
    // millisecond has no feasible iterate.
    let args = [
        "plan",
        "sites/lp-8760.toml",
        "--resolution",
        "rep:2",
        "--solver",
        "clarabel",
        "--time-limit",
        "0.001",
    ];
    let run = dcplan(&args).expect_code(4);
    let expected = "the solver stopped without a feasible plan";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    let run = dcplan(&["plan", "sites/nordic-hydro.toml", "--time-limit=-1"]).expect_code(2);
    assert!(run.stderr.contains("time"), "{}", run.stderr);
}

/// Any float for the solver's limits gets a message and exit 2, never a panic (a 1e20 s
/// limit used to panic in microlp's timer), and a negative one is read as a number, not as
/// an unknown flag.
#[test]
fn solver_limits_take_any_float() {
    for (flag, value, expected) in [
        ("--time-limit", "1e20", "invalid time limit `1e20`"),
        ("--time-limit", "inf", "at most 1e9"),
        ("--time-limit", "NaN", "at most 1e9"),
        ("--time-limit", "-1", "invalid time limit `-1`"),
        ("--mip-gap", "-0.5", "invalid mip gap `-0.5`"),
        ("--mip-gap", "2", "invalid mip gap `2`"),
    ] {
        let args = [
            "plan",
            "sites/colo-retrofit.toml",
            "--resolution",
            "rep:1",
            flag,
            value,
        ];
        let run = dcplan(&args).expect_code(2);
        assert!(
            run.stderr.contains(expected),
            "{flag} {value}: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn plan_cli_rejects_bad_options_and_writes_models() {
    let run = dcplan(&["plan", "sites/colo-retrofit.toml", "--resolution", "rep:0"]).expect_code(2);
    assert!(run.stderr.contains("rep:0"), "{}", run.stderr);
    let run = dcplan(&["plan", "sites/colo-retrofit.toml", "--solver", "gurobi"]).expect_code(2);
    assert!(run.stderr.contains("gurobi"), "{}", run.stderr);
    if !cfg!(feature = "highs") {
        let run = dcplan(&["plan", "sites/colo-retrofit.toml", "--solver", "highs"]).expect_code(2);
        assert!(run.stderr.contains("--features highs"), "{}", run.stderr);
    }
    let dir = tempfile::tempdir().unwrap();
    let lp = dir.path().join("model.lp");
    dcplan(&[
        "plan",
        "sites/colo-retrofit.toml",
        "--resolution",
        "rep:2",
        "--write-model",
        lp.to_str().unwrap(),
    ])
    .expect_code(0);
    let text = std::fs::read_to_string(&lp).unwrap();
    assert!(
        text.contains("Subject To") && text.contains("General"),
        "{}",
        &text[..200.min(text.len())]
    );
    let run = dcplan(&[
        "plan",
        "sites/colo-retrofit.toml",
        "--write-model",
        "model.txt",
    ])
    .expect_code(2);
    assert!(run.stderr.contains(".lp"), "{}", run.stderr);
}

/// The default build (relax-and-round or microlp) against exact `HiGHS` on every sample, at
/// reduced resolution to keep CI short: the default answer is feasible, so it can be no better
/// than `HiGHS`' optimum (less its own MIP gap), and it is within its reported gap of it.
/// In this build `auto` is `HiGHS` too, from the rounded plan; the exact run stops after 45 s
/// and `auto` after its own 60 s (the campus's per-hall blocks, twelve identical halls each
/// with its own integer plant, take `HiGHS` minutes to prove a 1e-4 gap), and the comparison
/// then uses the gap each reached.
#[cfg(feature = "highs")]
#[test]
fn default_build_and_highs_agree_on_every_sample() {
    use dcplan::plan::Resolution;
    use dcplan_solvers::{SolveOptions, SolverChoice};
    for name in crate::util::SAMPLES {
        let site = dcplan::site::load(&crate::util::sample(name)).unwrap();
        let resolution = Resolution::Representative { days: 4 };
        let run = |solver, time_limit_s| {
            let options = PlanOptions {
                resolution,
                solve: SolveOptions {
                    solver,
                    mip_gap: Some(1e-4),
                    time_limit_s,
                    ..SolveOptions::default()
                },
                ..PlanOptions::default()
            };
            expect_plan(solve_site(&site, &options))
        };
        let exact = run(SolverChoice::Highs, Some(45.0));
        let default = run(SolverChoice::Auto, None);
        let (e, d) = (exact.objective_npv_usd, default.objective_npv_usd);
        if default.status == plan::document::PlanStatus::FeasibleWithGap {
            assert!(
                default
                    .notes
                    .iter()
                    .any(|n| n.contains("auto stopped HiGHS")),
                "{name}: a bounded search says so: {:?}",
                default.notes
            );
        }
        // A bound is a bound: no plan either run found lies below it (slack 1e-4 relative,
        // the MIP gap asked for: the NPV is summed from cost lines, not the solver's objective).
        for (who, plan) in [("exact", &exact), ("default", &default)] {
            if let Some(b) = plan.stats.best_bound_usd {
                assert!(
                    b <= e.min(d) + 1e-4 * e.abs(),
                    "{name}: the {who} run's bound {b} lies above a plan at {}",
                    e.min(d)
                );
            }
        }
        let exact_gap = exact.stats.gap.unwrap_or(0.0).max(1e-4);
        let default_gap = default.stats.gap.unwrap_or(0.0);
        assert!(
            d >= e * (1.0 - exact_gap) - 1.0,
            "{name}: default {d} below the exact optimum {e}"
        );
        let optimal = plan::document::PlanStatus::Optimal;
        if default.status == optimal && exact.status == optimal {
            assert!(
                (d - e).abs() <= 1e-6 * e.abs() + 1e-4 * e.abs(),
                "{name}: {d} vs {e}"
            );
        } else {
            assert!(
                d - e <= (default_gap + exact_gap) * d.abs() + 1.0,
                "{name}: {d} vs {e}, gap {default_gap}"
            );
        }
    }
}

/// A one-hall site whose cooling is one air-cooled chiller class and nothing else: constant
/// 35 °C weather (a design day with no daily range), chilled water at 12 °C, no economizer, no
/// fan or pump power, perfect UPS and distribution, 10 racks of 100 kW (1 MW of design IT, all
/// heat to air) at `utilization`, 0.25 MW chillers of the Carrier 30RB390 curve set, at N.
/// Its design days are the weather's (margin 0) unless `design` adds lines to `[design]`.
fn chiller_site(utilization: f64, design: &str) -> String {
    format!(
        r#"
[site]
name = "chillers"
start_year = 2027
years = 1
discount_rate = 0.0
design_day = {{ peak_dry_bulb_c = 35.0, daily_range_k = 0.0, coincident_wet_bulb_c = 20.0, elevation_m = 0.0 }}

[[grid.contract]]
name = "utility"
firm_mw = 5.0
energy_usd_per_mwh = 100.0

[cooling]
redundancy = "N"
chilled_water_supply_c = 12.0
pump_kw_per_mw = 0.0
crah = {{ fan_kw_per_mw = 0.0 }}
[[cooling.chiller]]
name = "air chillers"
kind = "air_cooled"
unit_mw = 0.25
curve = "air-scroll-1.33mw-cop2.80"
max_units = 10
capex_usd_per_kw = 450.0
lead_time_years = 0

[[hall]]
name = "Hall"
slots = 10
max_rack_kw = 100.0
cooling = "air"
ups_efficiency = 1.0
distribution_efficiency = 1.0
existing = true
capex_usd = 0.0
lead_time_years = 0

[[rack]]
name = "R"
gpus = 8
design_kw = 100.0
utilization = {utilization}
liquid_fraction = 0.0
capex_usd = 100000.0
lead_time_years = 0

[demand]
gpus_online = {{ 2027 = 80 }}

[design]
margin_k = 0.0
{design}
"#
    )
}

/// Plans a site text and checks the plan, which must pass.
fn planned_and_checked(text: String) -> (dcplan::site::LoadedSite, Plan) {
    let site = dcplan::site::load_str(text, Path::new("site.toml"), &root())
        .expect("the test site is valid");
    let plan = expect_plan(solve_site(&site, &PlanOptions::default()));
    let report = dcplan::check::check(&site, &plan);
    assert!(report.is_consistent(), "{:#?}", report.violations);
    (site, plan)
}

/// Chiller units in service in the first year (whole numbers in a plan).
fn chiller_units(plan: &Plan) -> u32 {
    plan.years[0]
        .in_service
        .iter()
        .find(|h| h.component.kind == ComponentKind::Chiller)
        .map_or(0, |h| h.quantity.value().round() as u32)
}

#[test]
fn chillers_are_sized_for_the_design_load_not_utilisation() {
    // CAPFT of the 30RB390 set at 12 °C chilled water and 35 °C condenser air (both inside its
    // ranges, 4.44–15.56 and 29.44–48.89 °C): 0.9061565538 + 0.0623330771·12
    // − 0.0006503808·144 − 0.0014416333·35 − 0.0001025746·1225 − 0.0004835891·420
    // = 1.18128, so a 0.25 MW unit carries 0.29532 MW.
    // Racks at 60 % draw 0.6 MW of heat, which 3 units carry (0.6 / 0.29532 = 2.03); at design
    // power they make 1.0 MW: 1.0 / 0.29532 = 3.39 → 4 units.
    let (_, p) = planned_and_checked(chiller_site(0.6, ""));
    assert_eq!(chiller_units(&p), 4, "{:?}", p.years[0].in_service);
    assert!((p.design.it_load_fraction - 1.0).abs() < 1e-12);
    assert!((p.years[0].design_it_mw - 1.0).abs() < 1e-9);
    // A site that states a design IT load of 60 % is sized for 0.6 MW: 3 units.
    let (_, p) = planned_and_checked(chiller_site(0.6, "it_load_fraction = 0.6"));
    assert_eq!(chiller_units(&p), 3, "{:?}", p.years[0].in_service);
    assert!((p.years[0].design_it_mw - 0.6).abs() < 1e-9);
}

#[test]
fn the_design_day_costs_no_energy() {
    // The tiny site at 50 % utilisation: 5 racks draw 25 kW all year, 0.025 MW × 8,760 h ×
    // $100/MWh = $21,900, plus $500,000 of racks (discount rate 0): NPV $521,900. The design
    // hours carry the racks at design power (50 kW, the facility peak) and cost nothing.
    let text = tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 1.0)
        .replace("utilization = 1.0", "utilization = 0.5");
    let (_, p) = planned_and_checked(text);
    let expected = 521_900.0;
    assert!(
        (p.objective_npv_usd - expected).abs() <= 1e-6 * expected,
        "{}",
        p.objective_npv_usd
    );
    let y = &p.years[0];
    assert!(
        (y.facility_peak_mw - 0.05).abs() < 1e-6,
        "{}",
        y.facility_peak_mw
    );
    let grid = mwh(y, |f| matches!(f, Flow::GridFirm { .. }));
    assert!((grid - 219.0).abs() < 1e-3, "{:?}", y.energy);
    // The design hours follow the modelled days in every hourly series.
    assert_eq!(p.modelled_hours_per_year, p.days.len() * 24 + 2 * 24);
    assert_eq!(y.dispatch.facility_mw.len(), p.modelled_hours_per_year);
}

#[test]
fn the_checker_rejects_a_plan_short_at_the_design_day() {
    // The 4-unit plan of the chiller site with one unit taken away: 3 × 0.29532 = 0.886 MW
    // still carries the 0.6 MW of the ordinary hours but not the 1.0 MW of the design day.
    let (site, mut p) = planned_and_checked(chiller_site(0.6, ""));
    for h in &mut p.years[0].in_service {
        if h.component.kind == ComponentKind::Chiller {
            *h.quantity.value_mut() -= 1.0;
        }
    }
    let report = dcplan::check::check(&site, &p);
    let first_design_hour = p.days.len() * 24;
    let chillers: Vec<_> = report
        .violations
        .iter()
        .filter(|v| v.rule == "capacities" && v.message.contains("air chillers"))
        .collect();
    assert!(!chillers.is_empty(), "{:#?}", report.violations);
    assert!(
        chillers
            .iter()
            .all(|v| v.hour.is_some_and(|h| h >= first_design_hour)),
        "{chillers:#?}"
    );
}

#[test]
fn chillers_are_sized_for_the_design_weather() {
    // 0.3 MW units. At the weather's 35 °C the unit carries 0.3 × 1.18128 = 0.35438 MW (CAPFT
    // as in the test above): 1.0 MW of design heat needs 1.0 / 0.35438 = 2.82 → 3 units.
    // A stated design dry-bulb of 40 °C: CAPFT 0.9061565538 + 0.0623330771·12
    // − 0.0006503808·144 − 0.0014416333·40 − 0.0001025746·1600 − 0.0004835891·480 = 1.10659,
    // 0.33198 MW per unit, 1.0 / 0.33198 = 3.01 → 4 units.
    let site = |design: &str| chiller_site(1.0, design).replace("unit_mw = 0.25", "unit_mw = 0.3");
    let (_, p) = planned_and_checked(site(""));
    assert_eq!(chiller_units(&p), 3, "{:?}", p.years[0].in_service);
    assert_eq!(p.design.days[0].name, "dry-bulb");
    assert!(
        p.design.days[0].source.starts_with("derived"),
        "{:?}",
        p.design
    );
    let (_, p) = planned_and_checked(site(
        "dry_bulb_c = 40.0\nmcwb_c = 20.0\nsource = \"a stated test condition\"",
    ));
    assert_eq!(chiller_units(&p), 4, "{:?}", p.years[0].in_service);
    let dry = &p.design.days[0];
    assert!((dry.dry_bulb_c - 40.0).abs() < 1e-12 && (dry.wet_bulb_c - 20.0).abs() < 1e-12);
    assert_eq!(dry.source, "a stated test condition");
    // The wet-bulb day, not given, is derived from the weather: 35 °C DB / 20 °C WB + 0 K.
    let wet = &p.design.days[1];
    assert_eq!(wet.name, "wet-bulb");
    assert!((wet.dry_bulb_c - 35.0).abs() < 1e-9, "{wet:?}");
    assert!((wet.wet_bulb_c - 20.0).abs() < 1e-3, "{wet:?}");
}

/// The tiny site at 50 % utilisation (25 kW all year, 50 kW at design) with a second, cheaper
/// contract that has only non-firm capacity: `non_firm_mw` at $50/MWh, curtailed up to 876
/// hours a year (10 %), optionally for curtailable load only.
fn tiny_site_with_non_firm(non_firm_mw: f64, curtailable_only: bool) -> String {
    tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 0.05)
        .replace("utilization = 1.0", "utilization = 0.5")
        .replace(
            "[cooling]",
            &format!(
                "[[grid.contract]]\nname = \"interruptible\"\nfirm_mw = 0.0\nnon_firm_mw = {non_firm_mw}\n\
                 non_firm_curtailment_hours = 876.0\nnon_firm_curtailable_load_only = {curtailable_only}\n\
                 energy_usd_per_mwh = 50.0\n\n[cooling]"
            ),
        )
}

#[test]
fn non_firm_capacity_serves_load_within_its_curtailment() {
    // Every rack is critical (critical fraction 1), and the 0.05 MW firm contract carries the
    // 50 kW critical peak, so the non-firm contract may serve any load. Racks $500,000.
    // 0.1 MW non-firm, available 1 − 876/8760 = 90 % of each hour (0.09 MW): it carries all
    // 25 kW at $50: 0.025 × 8,760 × 50 = $10,950; NPV $510,950.
    let npv = |text| planned_and_checked(text).1.objective_npv_usd;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * b;
    let got = npv(tiny_site_with_non_firm(0.1, false));
    assert!(close(got, 510_950.0), "{got}");
    // 0.02 MW non-firm: 0.018 MW available each hour, the other 0.007 MW from the firm
    // contract at $100: 8,760 × (0.018 × 50 + 0.007 × 100) = $14,016; NPV $514,016.
    let (site, mut p) = planned_and_checked(tiny_site_with_non_firm(0.02, false));
    assert!(
        close(p.objective_npv_usd, 514_016.0),
        "{}",
        p.objective_npv_usd
    );
    // The checker holds the curtailment too: all 0.02 MW in hour 5 (balance kept) is over it.
    let d = &mut p.years[0].dispatch;
    let non_firm = d.import_non_firm_mw.get_mut("interruptible").unwrap();
    let shift = 0.02 - non_firm[5];
    non_firm[5] = 0.02;
    d.import_firm_mw.get_mut("utility").unwrap()[5] -= shift;
    let report = dcplan::check::check(&site, &p);
    assert!(
        report.violations.iter().any(|v| v.rule == "capacities"
            && v.hour == Some(5)
            && v.message.contains("876 curtailment hours")),
        "{:#?}",
        report.violations
    );
    // For curtailable load only, with no curtailable load, it carries nothing: all 25 kW at
    // $100, 0.025 × 8,760 × 100 = $21,900; NPV $521,900.
    let (_, p) = planned_and_checked(tiny_site_with_non_firm(0.1, true));
    assert!(
        close(p.objective_npv_usd, 521_900.0),
        "{}",
        p.objective_npv_usd
    );
    // The plan says why the non-firm capacity is idle.
    assert!(
        p.notes
            .iter()
            .any(|n| n.starts_with("the non-firm capacity of \"interruptible\" carries no energy")),
        "{:?}",
        p.notes
    );
}

/// Issue 9, bullet 5: where chiller-hours do fall outside a curve's range, the plan names the
/// chiller, the curve, the range it left and the hours. The colo's air-cooled curve
/// (`air-scroll-1.33mw-cop2.80`) is valid from 4.44 °C chilled water, so a 4 °C plant is
/// outside it in every modelled hour, design days included; the plan still checks.
#[test]
fn issue_9_hours_outside_a_chiller_curve_are_named() {
    let text = std::fs::read_to_string(crate::util::sample("colo-retrofit.toml"))
        .unwrap()
        .replace(
            "chilled_water_supply_c = 15.0",
            "chilled_water_supply_c = 4.0",
        );
    let site = dcplan::site::load_str(
        text,
        &crate::util::sample("colo-retrofit.toml"),
        &root().join("sites"),
    )
    .unwrap();
    let p = expect_plan(solve_site(&site, &PlanOptions::default()));
    // Every modelled hour: the representative days' and the two design days'.
    let hours = p.modelled_hours_per_year;
    let note = p
        .notes
        .iter()
        .find(|n| n.contains("outside curve"))
        .unwrap_or_else(|| panic!("{:?}", p.notes));
    assert!(
        note.starts_with(&format!(
            "chiller \"air-cooled scroll chillers\": {hours} modelled hours fell outside curve \
             \"air-scroll-1.33mw-cop2.80\"'s range (chilled water 4.44–25 °C, lift (condenser − \
             chilled water) up to 44.45 K) and were evaluated at its edge: "
        )),
        "{note}"
    );
    let report = dcplan::check::check(&site, &p);
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    // The sample as it is (15 °C) has none.
    let site = dcplan::site::load(&crate::util::sample("colo-retrofit.toml")).unwrap();
    let p = expect_plan(solve_site(&site, &PlanOptions::default()));
    assert!(
        !p.notes.iter().any(|n| n.contains("outside curve")),
        "{:?}",
        p.notes
    );
}

/// The tiny site on gas turbines: 1 kW of firm grid, 4 racks of 10 kW (0.04 MW of critical
/// load, cooling free and unpowered), 10 kW turbines, constant `dry_bulb_c`.
fn turbine_site(dry_bulb_c: f64) -> String {
    tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 32 }", 0.001).replace(
        "peak_dry_bulb_c = 20.0, daily_range_k = 0.0, coincident_wet_bulb_c = 15.0",
        &format!(
            "peak_dry_bulb_c = {dry_bulb_c}, daily_range_k = 0.0, coincident_wet_bulb_c = 10.0"
        ),
    ) + r#"
[[generator]]
name = "GT"
kind = "gas_turbine"
unit_mw = 0.01
max_units = 10
capex_usd_per_kw = 1000.0
heat_rate_mmbtu_per_mwh = 9.0
fuel_usd_per_mmbtu = 1.0
lead_time_years = 0

# Every unit counts: these tests are about the derate (N-1 has its own test).
[reliability]
firm_units_out = 0
"#
}

/// Issue 9, bullet 4: a turbine's ambient derate buys one more unit. By hand, from
/// `data/ambient_derates.toml` (output 1.00 at 15 °C, 0.83 at 40 °C; heat rate 1.00 at 15 °C,
/// 1.10 at 45 °C; sea level):
/// * 15 °C: firm supply needs ⌈(0.04 − 0.001) / 0.01⌉ = ⌈3.9⌉ = 4 units.
/// * 20 °C: output 1 − 5/25 × 0.17 = 0.966, so ⌈0.039 / (0.01 × 0.966)⌉ = ⌈4.037⌉ = 5 units.
///   The turbines ($9/MWh of fuel) carry all 0.04 MW rather than the $100/MWh grid: fuel
///   0.04 MW × 8,760 h × 9.0 × (1 + 5/30 × 0.10) MMBtu/MWh × $1 = $3,206.16 (at the ISO heat
///   rate, as at 15 °C: $3,153.60).
///
/// And the checker rejects the 15 °C plan against the 20 °C site: four units at 20 °C give
/// 0.03864 MW (+ 0.001 firm grid = 0.03964 MW), short of the 0.04 MW load, in firm supply and
/// in each hour's turbine output.
#[test]
fn issue_9_a_hot_hour_derate_buys_one_more_turbine() {
    let count = |p: &Plan| {
        p.years[0]
            .builds
            .iter()
            .filter(|b| b.component.name == "GT")
            .map(|b| b.quantity.value())
            .sum::<f64>()
    };
    let load =
        |t: f64| dcplan::site::load_str(turbine_site(t), Path::new("tiny.toml"), &root()).unwrap();
    let (iso_site, hot_site) = (load(15.0), load(20.0));
    let iso = expect_plan(solve_site(&iso_site, &PlanOptions::default()));
    let hot = expect_plan(solve_site(&hot_site, &PlanOptions::default()));
    assert!(
        (count(&iso) - 4.0).abs() < 1e-9,
        "{:?}",
        iso.years[0].builds
    );
    assert!(
        (count(&hot) - 5.0).abs() < 1e-9,
        "{:?}",
        hot.years[0].builds
    );
    let fuel = |p: &Plan| {
        p.costs
            .iter()
            .find(|c| format!("{:?}", c.category) == "Fuel")
            .map_or(0.0, |c| c.nominal_usd)
    };
    assert!(
        (fuel(&hot) - 3_206.16).abs() < 1e-3 * 3_206.16,
        "{}",
        fuel(&hot)
    );
    assert!(
        (fuel(&iso) - 3_153.60).abs() < 1e-3 * 3_153.60,
        "{}",
        fuel(&iso)
    );
    for (site, plan) in [(&iso_site, &iso), (&hot_site, &hot)] {
        let report = dcplan::check::check(site, plan);
        assert!(report.violations.is_empty(), "{:?}", report.violations);
    }
    let wrong = dcplan::check::check(&hot_site, &iso);
    let says = |what: &str| wrong.violations.iter().any(|v| v.message.contains(what));
    assert!(
        says("hottest-hour and forced-outage derates"),
        "{:?}",
        wrong.violations
    );
    assert!(says("ambient derate"), "{:?}", wrong.violations);
}

/// Issue 9, bullet 3: firm on-site generation holds with its largest unit out (N-1) and its
/// forced-outage derate. The tiny site with no firm grid and a 20 kW prime gas engine class
/// (no ambient derate at sea level up to 54 °C, `data/ambient_derates.toml`): five 10 kW racks
/// are a 50 kW critical peak (no losses, free cooling at no power). By hand, n units of 20 kW
/// must give
///   N-1:                 20 n − 20 ≥ 50        → n = 4
///   every unit counts:   20 n ≥ 50             → n = 3
///   N-1, `EFORd` 0.2:    16 n − 20 ≥ 50        → n = 5 (4.375 rounded up)
#[test]
fn firm_generation_holds_with_its_largest_unit_out_and_forced_outage_derate() {
    let engines = |units_out: u32, rate: f64| {
        let text = tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 0.0)
            .replace("firm_mw = 0\n", "firm_mw = 0\nnon_firm_mw = 1.0\n")
            .replace(
                "[cooling]",
                &format!(
                    r#"[reliability]
firm_units_out = {units_out}

[[generator]]
name = "engine"
kind = "recip_engine"
unit_mw = 0.02
max_units = 10
capex_usd_per_kw = 1500.0
heat_rate_mmbtu_per_mwh = 8.5
fuel_usd_per_mmbtu = 3.6
lead_time_years = 0
forced_outage_rate = {rate}

[cooling]"#
                ),
            );
        let p = planned(text);
        assert_eq!(p.years[0].gpus_online, 40);
        let units = p.years[0]
            .in_service
            .iter()
            .find(|h| h.component.kind == ComponentKind::Generator)
            .map_or(0.0, |h| h.quantity.value());
        (units, p.years[0].headroom.power_mw)
    };
    let (n, spare) = engines(1, 0.0);
    assert!((n - 4.0).abs() < 1e-9, "{n}");
    // Headroom with the unit out: 80 − 20 − 50 = 10 kW.
    assert!((spare - 0.01).abs() < 1e-6, "{spare}");
    let n = engines(0, 0.0).0;
    assert!((n - 3.0).abs() < 1e-9, "{n}");
    let (n, spare) = engines(1, 0.2);
    assert!((n - 5.0).abs() < 1e-9, "{n}");
    // 5 × 16 − 20 − 50 = 10 kW.
    assert!((spare - 0.01).abs() < 1e-6, "{spare}");
}

/// The tiny site with two 5-slot halls, both filled (80 GPUs = 10 racks of 10 kW), firm grid
/// ample, and standby diesels of 20 kW (no derate at sea level below 40 °C): backup at N+1
/// carries each block's critical load, 50 kW (no losses, free cooling at no power).
fn two_hall_diesel_site(blocks: &str) -> String {
    let one = tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 80 }", 1.0).replace("slots = 10", "slots = 5");
    let hall = &one[one.find("[[hall]]").unwrap()..one.find("[[rack]]").unwrap()];
    let second = hall.replace("name = \"Hall\"", "name = \"Hall 2\"");
    one.replace("[[rack]]", &format!("{second}[[rack]]"))
        .replace(
            "[cooling]",
            &format!(
                r#"{blocks}
[[generator]]
name = "diesel"
kind = "diesel"
unit_mw = 0.02
max_units = 20
capex_usd_per_kw = 700.0
heat_rate_mmbtu_per_mwh = 10.0
fuel_usd_per_mmbtu = 20.0
lead_time_years = 0

[cooling]"#
            ),
        )
}

/// Issue 9, bullet 3: redundancy holds per block, per hall by default. By hand, n diesels of
/// 20 kW at N+1 for a 50 kW block need 20 n − 20 ≥ 50, n = 4: per hall, 4 + 4 = 8 diesels,
/// each hall with 1 spare. One `[[block]]` over both halls is the site-wide rule of before:
/// 20 n − 20 ≥ 100, n = 6.
#[test]
fn backup_redundancy_holds_per_hall_by_default_and_per_block_when_grouped() {
    let diesels = |p: &Plan| {
        p.years[0]
            .in_service
            .iter()
            .find(|h| h.component.name == "diesel")
            .map_or(0.0, |h| h.quantity.value())
    };
    let per_hall = planned(two_hall_diesel_site(""));
    assert_eq!(per_hall.years[0].gpus_online, 80);
    assert!(
        (diesels(&per_hall) - 8.0).abs() < 1e-9,
        "{:?}",
        per_hall.years[0].in_service
    );
    let blocks = &per_hall.years[0].blocks;
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    for b in blocks {
        let units: f64 = b
            .units
            .iter()
            .filter(|u| u.component.name == "diesel")
            .map(|u| u.quantity.value())
            .sum();
        assert!((units - 4.0).abs() < 1e-9, "{b:?}");
        let spare = b
            .spares
            .iter()
            .find(|s| s.family == SpareFamily::BackupGenerators)
            .unwrap();
        // 4 × 20 − 50 = 30 kW: one 20 kW unit can go.
        assert!(
            (spare.spare_units - 1.0).abs() < 1e-9
                && spare.rule == dcplan::site::Redundancy::NPlus1,
            "{b:?}"
        );
    }
    // The checker agrees, and catches a diesel moved from one hall's block to the other's:
    // 3 × 20 − 20 = 40 kW is short of the first hall's 50 kW.
    let text = two_hall_diesel_site("");
    let site = dcplan::site::load_str(text, Path::new("tiny.toml"), &root()).unwrap();
    assert!(dcplan::check::check(&site, &per_hall).violations.is_empty());
    let mut moved = per_hall.clone();
    for (b, delta) in [(0, -1.0), (1, 1.0)] {
        let u = moved.years[0].blocks[b]
            .units
            .iter_mut()
            .find(|u| u.component.name == "diesel")
            .unwrap();
        *u.quantity.value_mut() += delta;
    }
    let report = dcplan::check::check(&site, &moved);
    assert!(
        report
            .violations
            .iter()
            .any(|v| v.rule == "blocks" && v.message.contains("block \"Hall\": backup generation")),
        "{:?}",
        report.violations
    );
    let grouped = planned(two_hall_diesel_site(
        "[[block]]\nname = \"both\"\nhalls = [\"Hall\", \"Hall 2\"]\n",
    ));
    assert!(
        (diesels(&grouped) - 6.0).abs() < 1e-9,
        "{:?}",
        grouped.years[0].in_service
    );
    assert!(
        grouped.years[0].blocks.is_empty(),
        "one block: the site-wide rows are its rows"
    );
}

/// Issue 9, bullet 8: pumps on UPS are priced. The tiny site with UPS modules of 13.5 kW bought
/// apart from the hall (N), CRAH fans of 40 kW and plant pumps of 60 kW per MW of heat: five
/// 10 kW racks (no losses, all heat to air) put 50 kW of IT and 50 × 0.04 = 2 kW of fans on
/// the UPS, ⌈52 / 13.5⌉ = ⌈3.85⌉ = 4 modules; with the chilled-water pumps on UPS too,
/// 50 × 0.06 = 3 kW more, ⌈55 / 13.5⌉ = ⌈4.07⌉ = 5.
#[test]
fn pumps_on_ups_add_to_the_ups_it_must_buy() {
    let modules = |pumps_on_ups: bool| {
        let text = tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 1.0)
            .replace("pump_kw_per_mw = 0.0", &format!("pump_kw_per_mw = 60.0\npumps_on_ups = {pumps_on_ups}"))
            .replace("crah = { fan_kw_per_mw = 0.0 }", "crah = { fan_kw_per_mw = 40.0 }")
            .replace(
                "distribution_efficiency = 1.0",
                "distribution_efficiency = 1.0\nups_module_kw = 13.5\nups_capex_usd_per_kw = 500.0\nups_redundancy = \"N\"",
            );
        let site = dcplan::site::load_str(text, Path::new("tiny.toml"), &root()).unwrap();
        let p = expect_plan(solve_site(&site, &PlanOptions::default()));
        assert!(dcplan::check::check(&site, &p).violations.is_empty());
        p.years[0]
            .in_service
            .iter()
            .find(|h| h.component.kind == ComponentKind::Ups)
            .map_or(0.0, |h| h.quantity.value())
    };
    let without = modules(false);
    assert!((without - 4.0).abs() < 1e-9, "{without}");
    let with = modules(true);
    assert!((with - 5.0).abs() < 1e-9, "{with}");
}

/// Issue 9, bullet 8: a chilled-water tank is a build with its cost. The tiny site with a
/// `[cooling.storage]` of at least 50 m³ at $1,000/m³ (no lead time, discount rate 0) costs
/// exactly $50,000 more than without it, and the plan lists the tank.
#[test]
fn a_chilled_water_tank_is_bought_at_its_cost() {
    let base = tiny_site(1, 0.0, 100.0, 0, "{ 2027 = 40 }", 1.0);
    let with = base.replace(
        "[cooling]\n",
        "[cooling]\nstorage = { capex_usd_per_m3 = 1000.0, max_m3 = 200.0, min_m3 = 50.0, lead_time_years = 0 }\n",
    );
    let (a, b) = (planned(base), planned(with));
    assert!(
        (b.objective_npv_usd - a.objective_npv_usd - 50_000.0).abs() < 1e-6,
        "{} {}",
        a.objective_npv_usd,
        b.objective_npv_usd
    );
    let tank = b.years[0]
        .in_service
        .iter()
        .find(|h| h.component.kind == ComponentKind::ChwStorage)
        .unwrap();
    assert!(
        matches!(tank.quantity, Quantity::M3(m3) if (m3 - 50.0).abs() < 1e-9),
        "{tank:?}"
    );
}
