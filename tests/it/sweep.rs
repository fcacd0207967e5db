//! `dcplan sweep`: determinism across threads and shards, resuming, bad specs, the tornado
//! and the regret.

use std::path::{Path, PathBuf};

use crate::util::{dcplan_in, root};

/// A spec beside a copy-free reference to the colo sample, in a scratch folder.
fn spec(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    let site = root().join("sites/colo-retrofit.toml");
    let text = format!(
        "site = {:?}\nresolution = \"rep:2\"\n{body}",
        site.to_str().unwrap()
    );
    std::fs::write(&path, text).unwrap();
    path
}

/// Five Monte Carlo scenarios of three colo parameters (a price, a choice, a whole number).
const MONTE_CARLO: &str = r#"
method = "monte_carlo"
samples = 5
seed = 11

[[parameter]]
path = 'grid.contract["utility LGS"].energy_usd_per_mwh'
distribution = "triangular"
low = 55
mode = 68
high = 95
round = 2

[[parameter]]
path = 'grid.upgrade[0].lead_time_years'
distribution = "choice"
values = [1, 2]

[[parameter]]
path = "demand.gpus_online[2029]"
distribution = "uniform"
low = 1024
high = 1536
round = 0
"#;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The rows' cells of a results file, by column name.
fn column(text: &str, name: &str) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let at = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    reader
        .records()
        .map(|r| r.unwrap()[at].to_owned())
        .collect()
}

/// The same spec gives the same bytes at one and two threads, and from three shards merged;
/// the regret is zero for the base site and never negative; a resumed run after a stop
/// mid-row gives the file an uninterrupted run does.
#[test]
fn sweeps_are_deterministic_resumable_and_mergeable() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = spec(d, "mc.toml", MONTE_CARLO);
    let s = s.to_str().unwrap();
    dcplan_in(d, &["sweep", s, "-o", "one.csv", "--threads", "1"]).expect_code(0);
    dcplan_in(d, &["sweep", s, "-o", "two.csv", "--threads", "2"]).expect_code(0);
    let one = read(&d.join("one.csv"));
    assert_eq!(one, read(&d.join("two.csv")), "1 and 2 threads");
    assert_eq!(one.lines().count(), 1 + 6, "{one}");
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let out = format!("shard{i}.csv");
        dcplan_in(d, &["sweep", s, "--shard", &shard, "-o", &out]).expect_code(0);
    }
    let run = dcplan_in(
        d,
        &[
            "sweep",
            "merge",
            "shard1.csv",
            "shard3.csv",
            "-o",
            "gap.csv",
        ],
    )
    .expect_code(2);
    assert!(run.stderr.contains("missing"), "{}", run.stderr);
    dcplan_in(
        d,
        &[
            "sweep",
            "merge",
            "shard3.csv",
            "shard1.csv",
            "shard2.csv",
            "-o",
            "merged.csv",
        ],
    )
    .expect_code(0);
    assert_eq!(one, read(&d.join("merged.csv")), "merged shards");

    // Every scenario planned; the base (row 0) has no regret; none is negative.
    assert!(
        column(&one, "status")
            .iter()
            .all(|s| s == "optimal" || s == "feasible_with_gap")
    );
    let regret: Vec<f64> = column(&one, "regret_usd")
        .iter()
        .map(|r| r.parse().unwrap())
        .collect();
    // The base's own build held in the base site costs what its plan does, to the LP's
    // tolerance (about 1e-9 of the NPV).
    let npv: f64 = column(&one, "npv_usd")[0].parse().unwrap();
    assert!(regret[0] <= 1e-6 * npv, "{one}");
    assert!(regret.iter().all(|r| *r >= 0.0), "{regret:?}");
    // A smaller 2029 target than the base's leaves the base build's extra racks idle: a
    // scenario that needs fewer GPUs than the base has a regret.
    let targets = column(&one, "demand.gpus_online[2029]");
    let fewer = targets
        .iter()
        .zip(&regret)
        .skip(1)
        .filter(|(t, _)| t.parse::<u64>().unwrap() < 1500);
    assert!(
        fewer.clone().count() > 0 && fewer.clone().all(|(_, r)| *r > 0.0),
        "{one}"
    );

    // A run stopped mid-row: two rows out of order and the start of a third.
    let lines: Vec<&str> = one.lines().collect();
    let cut = format!(
        "{}\n{}\n{}\n{}",
        lines[0],
        lines[4],
        lines[1],
        &lines[2][..10]
    );
    std::fs::write(d.join("one.csv"), cut).unwrap();
    let run = dcplan_in(d, &["sweep", s, "-o", "one.csv", "--resume"]).expect_code(0);
    assert!(run.stderr.contains("2 scenarios already"), "{}", run.stderr);
    assert_eq!(one, read(&d.join("one.csv")), "resumed");

    // The file is protected: no overwrite without --force; another spec's file is not
    // resumed.
    let run = dcplan_in(d, &["sweep", s, "-o", "two.csv"]).expect_code(2);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    let other = spec(
        d,
        "other.toml",
        &MONTE_CARLO.replace("seed = 11", "seed = 12"),
    );
    let run = dcplan_in(
        d,
        &[
            "sweep",
            other.to_str().unwrap(),
            "-o",
            "two.csv",
            "--resume",
        ],
    )
    .expect_code(2);
    assert!(
        run.stderr.contains("another spec or seed"),
        "{}",
        run.stderr
    );
    assert_eq!(
        one,
        read(&d.join("two.csv")),
        "a refused resume leaves the file"
    );
}

/// One-at-a-time on two parameters whose order is known by construction: the colo's
/// chillers are air-cooled, so the water price moves nothing, while every MWh the site
/// draws is priced at the energy price. The tornado puts the energy price first with a
/// swing, the water price after it with none.
#[test]
fn the_tornado_ranks_a_parameter_that_moves_nothing_last() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = spec(
        d,
        "oat.toml",
        r#"
method = "one_at_a_time"
regret = false

[[parameter]]
path = "cooling.water_usd_per_m3"
distribution = "uniform"
low = 0.5
high = 5.0

[[parameter]]
path = 'grid.contract["utility LGS"].energy_usd_per_mwh'
distribution = "uniform"
low = 40
high = 100
"#,
    );
    dcplan_in(d, &["sweep", s.to_str().unwrap(), "-o", "oat.csv"]).expect_code(0);
    let text = read(&d.join("oat.csv"));
    assert_eq!(text.lines().count(), 1 + 5, "base + 2 × 2:\n{text}");
    assert!(
        !text.contains("regret_usd"),
        "regret = false: no regret column"
    );
    let run = dcplan_in(d, &["sweep", "summarize", "oat.csv", "--format", "json"]).expect_code(0);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let bars = doc["summary"]["tornado"].as_array().unwrap();
    assert_eq!(bars.len(), 2, "{}", run.stdout);
    assert!(
        bars[0]["parameter"]
            .as_str()
            .unwrap()
            .contains("energy_usd_per_mwh")
    );
    assert!(bars[0]["swing"].as_f64().unwrap() > 1e5, "{}", run.stdout);
    assert!(bars[1]["parameter"].as_str().unwrap().contains("water"));
    assert!(
        bars[1]["swing"].as_f64().unwrap().abs() < 1.0,
        "{}",
        run.stdout
    );
    // The P10 and P90 of U(40, 100) are 46 and 94: the tornado's low and high values.
    assert_eq!(bars[0]["low"][0], "46");
    assert_eq!(bars[0]["high"][0], "94");
    let influence = doc["summary"]["influence"].as_array().unwrap();
    assert_eq!(influence[0]["parameter"], bars[0]["parameter"]);
    // The table and CSV forms carry the same.
    let table = dcplan_in(d, &["sweep", "summarize", "oat.csv"]).expect_code(0);
    assert!(
        table.stdout.contains("Tornado of npv_usd"),
        "{}",
        table.stdout
    );
    let csv = dcplan_in(d, &["sweep", "summarize", "oat.csv", "--format", "csv"]).expect_code(0);
    assert!(
        csv.stdout.starts_with("table,item,statistic,value\n"),
        "{}",
        csv.stdout
    );
    assert!(csv.stdout.contains("tornado,"), "{}", csv.stdout);
}

/// A bad spec is refused with the place of each problem, and nothing is written.
#[test]
fn bad_specs_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: [(&str, &[&str]); 6] = [
        (
            "method = \"monte_carlo_\"\nsamples = 3\n[[parameter]]\npath = \"site.discount_rate\"\ndistribution = \"uniform\"\nlow = 0.05\nhigh = 0.1\n",
            &[
                "unknown method `monte_carlo_`",
                "did you mean `monte_carlo`",
                "bad.toml:3:",
            ],
        ),
        (
            "method = \"grid\"\n[[parameter]]\npath = \"site.discount_rat\"\ndistribution = \"uniform\"\nlow = 0.05\nhigh = 0.1\n",
            &["site.discount_rat", "discount_rate", "bad.toml:5:"],
        ),
        (
            "method = \"monte_carlo\"\nsamples = 3\n[[parameter]]\npath = \"site.discount_rate\"\ndistribution = \"normal\"\nmean = 0.08\nsd = -0.01\n",
            &["sd > 0", "bad.toml:7:"],
        ),
        (
            "method = \"monte_carlo\"\n[[parameter]]\npath = \"site.discount_rate\"\ndistribution = \"uniform\"\nlow = 0.1\nhigh = 0.05\n",
            &["needs `samples`", "low < high"],
        ),
        (
            "method = \"grid\"\n[[parameter]]\npath = \"hall[0].slots\"\ndistribution = \"gaussian\"\nmean = 3\n",
            &["unknown distribution `gaussian`", "bad.toml:6:"],
        ),
        (
            "method = \"grid\"\noutputs = [\"npv\", \"sim_pue\"]\n[[parameter]]\npath = \"hall[0].slots\"\ndistribution = \"uniform\"\nlow = 40\nhigh = 60\nround = 0\n",
            &[
                "unknown output `npv`",
                "did you mean `npv_usd`",
                "needs simulate = true",
            ],
        ),
    ];
    for (body, wanted) in cases {
        let s = spec(d, "bad.toml", body);
        let run = dcplan_in(d, &["sweep", s.to_str().unwrap(), "-o", "out.csv"]).expect_code(2);
        for w in wanted {
            assert!(run.stderr.contains(w), "{w:?} not in:\n{}", run.stderr);
        }
        assert!(
            !d.join("out.csv").exists(),
            "nothing is written for a bad spec"
        );
    }
    // Bad flags and files.
    let s = spec(d, "mc.toml", MONTE_CARLO);
    let s = s.to_str().unwrap();
    let run = dcplan_in(d, &["sweep", s, "--shard", "4/3"]).expect_code(2);
    assert!(run.stderr.contains("not a shard"), "{}", run.stderr);
    let run = dcplan_in(d, &["sweep", "summarize", s]).expect_code(2);
    assert!(
        run.stderr.contains("not a dcplan sweep results file"),
        "{}",
        run.stderr
    );
    let run = dcplan_in(d, &["sweep", s, "-o", s, "--force"]).expect_code(2);
    assert!(
        run.stderr.contains("the sweep spec this command reads"),
        "{}",
        run.stderr
    );
}

/// The cluster job files run a sweep in shards that merge into one run's file: the shard
/// script under Slurm's array variables (`cluster/slurm.sbatch` runs it) and under a
/// Kubernetes Indexed Job's (`cluster/k8s-indexed-job.yaml` runs it), with the job files
/// naming what exists.
#[test]
fn cluster_shards_merge_into_one_runs_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = spec(
        d,
        "mc.toml",
        &MONTE_CARLO.replace("samples = 5", "samples = 3"),
    );
    let s = s.to_str().unwrap();
    dcplan_in(d, &["sweep", s, "-o", "single.csv"]).expect_code(0);
    let script = root().join("cluster/shard.sh");
    let shard = |env: &[(&str, &str)], out: &str| {
        let status = std::process::Command::new("bash")
            .arg(&script)
            .args([s, out])
            .envs(env.iter().copied())
            .env("DCPLAN", env!("CARGO_BIN_EXE_dcplan"))
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("JOB_COMPLETION_INDEX")
            .envs(env.iter().copied())
            .current_dir(d)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
    };
    for task in ["1", "2"] {
        shard(
            &[
                ("SLURM_ARRAY_TASK_ID", task),
                ("SLURM_ARRAY_TASK_COUNT", "2"),
            ],
            "slurm",
        );
    }
    for index in ["0", "1", "2"] {
        shard(&[("JOB_COMPLETION_INDEX", index), ("SHARDS", "3")], "k8s");
    }
    let single = read(&d.join("single.csv"));
    for (out, n) in [("slurm", 2), ("k8s", 3)] {
        let mut args = vec!["sweep".to_owned(), "merge".to_owned()];
        args.extend((1..=n).map(|i| format!("{out}/shard-{i}-of-{n}.csv")));
        args.extend(["-o".to_owned(), format!("{out}.csv")]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        dcplan_in(d, &args).expect_code(0);
        assert_eq!(single, read(&d.join(format!("{out}.csv"))), "{out}");
    }
    // The job files run the script on a spec in the repository, with as many shards as
    // they merge.
    let sbatch = read(&root().join("cluster/slurm.sbatch"));
    assert!(sbatch.contains("--array=1-8") && sbatch.contains("shard-*-of-8.csv"));
    assert!(sbatch.contains("shard.sh"));
    let job = read(&root().join("cluster/k8s-indexed-job.yaml"));
    assert!(job.contains("completions: 8") && job.contains("value: \"8\""));
    assert!(job.contains("completionMode: Indexed") && job.contains("cluster/shard.sh"));
    assert!(root().join("sweeps/colo-monte-carlo.toml").exists());
    // The sample spec is a valid sweep.
    let sample = root().join("sweeps/colo-monte-carlo.toml");
    let run = dcplan_in(d, &["sweep", sample.to_str().unwrap(), "--shard", "1/400"]).expect_code(0);
    assert_eq!(run.stdout.lines().count(), 1 + 3, "{}", run.stdout);
}

/// Holding a plan's own build in its own site costs what the plan does: the colo's MILP is
/// solved exactly (microlp), and the plan meets the held floors, so the held optimum is the
/// plan's (to the solver's tolerance). The regret column is this, in other scenarios.
/// Whether one plan's build contains another's is read off the two documents.
#[test]
fn a_plan_held_in_its_own_site_costs_what_it_does() {
    use dcplan::control::Control;
    use dcplan::plan::{self, Outcome, PlanOptions, Resolution};
    let site = dcplan::site::load(&root().join("sites/colo-retrofit.toml")).unwrap();
    let options = PlanOptions {
        resolution: Resolution::Representative { days: 2 },
        ..PlanOptions::default()
    };
    let control = Control::new();
    let mut formulated = plan::formulate(&site, &options, &control).unwrap();
    let Outcome::Planned { plan: own, .. } = formulated.solve(&options, &control).unwrap() else {
        panic!("the colo sample plans");
    };
    formulated.hold_build(&own).unwrap();
    let Outcome::Planned { plan: held, .. } = formulated.solve(&options, &control).unwrap() else {
        panic!("its own build serves it");
    };
    let (a, b) = (own.objective_npv_usd, held.objective_npv_usd);
    assert!((a - b).abs() <= 1e-6 * a, "own {a}, held {b}");
    assert_eq!(
        own.years.iter().map(|y| &y.builds).collect::<Vec<_>>(),
        held.years.iter().map(|y| &y.builds).collect::<Vec<_>>()
    );
    // So a sweep skips the held solve when a scenario's build contains the base build: a
    // plan contains its own, and one with a component taken out of a year does not
    // contain the whole (while the whole contains it).
    assert!(plan::contains_build(&own, &own));
    let mut less = own.clone();
    let last = less.years.last_mut().unwrap();
    assert!(
        !last.in_service.is_empty(),
        "the colo has components in service"
    );
    last.in_service.remove(0);
    assert!(!plan::contains_build(&less, &own));
    assert!(plan::contains_build(&own, &less));
}

/// `simulate = true` runs each scenario through the closed plan ↔ simulate loop, as
/// `dcplan plan` does by default: the base row is that command's plan of the base site (its
/// NPV, and the simulated PUE and shortest ride-through of its last build), and every
/// scenario's row has a simulated PUE in the range published for chilled-water colocation
/// (1.1–1.6, docs/reference) and holds at design conditions.
#[test]
fn a_simulated_sweep_reports_what_the_closed_loop_plans() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let s = spec(
        d,
        "sim.toml",
        r#"
method = "monte_carlo"
samples = 2
seed = 5
simulate = true
outputs = ["npv_usd", "sim_pue", "ride_through_min", "holds"]

[[parameter]]
path = 'grid.contract["utility LGS"].energy_usd_per_mwh'
distribution = "uniform"
low = 55
high = 95
"#,
    );
    dcplan_in(d, &["sweep", s.to_str().unwrap(), "-o", "sim.csv"]).expect_code(0);
    let text = read(&d.join("sim.csv"));
    let site = root().join("sites/colo-retrofit.toml");
    let plan = dcplan_in(
        d,
        &[
            "plan",
            site.to_str().unwrap(),
            "--resolution",
            "rep:2",
            "--format",
            "json",
        ],
    )
    .expect_code(0);
    let plan: serde_json::Value = serde_json::from_str(&plan.stdout).unwrap();
    let last = plan["design_simulation"]["builds"]
        .as_array()
        .and_then(|b| b.last())
        .expect("the plan is simulated");
    let shortest = last["ride_through"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["minutes"].as_f64())
        .reduce(f64::min);
    let number = |cell: &str| cell.parse::<f64>().unwrap();
    let (npv, pue, ride, holds) = (
        column(&text, "npv_usd"),
        column(&text, "sim_pue"),
        column(&text, "ride_through_min"),
        column(&text, "holds"),
    );
    assert_eq!(npv.len(), 3, "{text}");
    let base_npv = plan["objective_npv_usd"].as_f64().unwrap();
    assert!((number(&npv[0]) - base_npv).abs() < 0.01, "{text}");
    assert!(
        (number(&pue[0]) - last["pue"].as_f64().unwrap()).abs() < 1e-4,
        "{text}"
    );
    // Empty when no failure target leaves its class within the simulated horizon (the colo's
    // chiller trip and outage both ride through it).
    match shortest {
        Some(minutes) => assert!((number(&ride[0]) - minutes).abs() < 0.01, "{text}"),
        None => assert_eq!(ride[0], "", "{text}"),
    }
    for (p, h) in pue.iter().zip(&holds) {
        assert!((1.1..1.6).contains(&number(p)), "{text}");
        assert_eq!(h, "true", "{text}");
    }
}
