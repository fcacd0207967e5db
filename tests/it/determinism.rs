//! Issue 10 (hardening), bullet 7: the same site and options give the same plan bytes, on
//! every run and at any thread count, so plans can be diffed and cached.

use std::fs;

use crate::util::{dcplan, dcplan_with, root};

const SITE: &str = "sites/colo-retrofit.toml";

/// Plans the colo sample at `rep:4` (with its design simulation: the plan ↔ simulate loop
/// runs on rayon) with `env` and `extra` flags, the plan written with `-o`; returns the file's
/// bytes and the run's stdout and stderr.
fn plan_bytes(env: &[(&str, &str)], extra: &[&str], format: &str) -> (String, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.json");
    let mut args = vec![
        "plan",
        SITE,
        "--resolution",
        "rep:4",
        "--format",
        format,
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let run = dcplan_with(&root(), env, &args).expect_code(0);
    (fs::read_to_string(&out).unwrap(), run.stdout, run.stderr)
}

#[test]
fn issue_10_plan_json_is_the_same_bytes_every_run_and_at_any_thread_count() {
    let one = [("RAYON_NUM_THREADS", "1")];
    let two = [("RAYON_NUM_THREADS", "2")];
    let (first, stdout, stderr) = plan_bytes(&one, &[], "json");
    // `--format json` on stdout is the document `-o` writes.
    assert_eq!(stdout, first);
    // No wall-clock time in the document; it is a note on stderr instead.
    assert!(!first.contains("seconds"), "{first}");
    assert!(stderr.contains("note: solved by "), "{stderr}");
    let (again, _, _) = plan_bytes(&one, &[], "table");
    assert!(again == first, "two runs differ");
    let (threads, _, _) = plan_bytes(&two, &[], "json");
    assert!(threads == first, "RAYON_NUM_THREADS=1 and 2 differ");
    let (flag_one, _, _) = plan_bytes(&two, &["--threads", "1"], "json");
    let (flag_two, _, _) = plan_bytes(&one, &["--threads", "2"], "json");
    assert!(flag_one == flag_two, "--threads 1 and --threads 2 differ");

    // A plan is trusted only when the checker agrees with it.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    fs::write(&plan, &first).unwrap();
    dcplan(&["check", SITE, plan.to_str().unwrap()]).expect_code(0);
}

#[test]
fn issue_10_the_plan_table_still_shows_the_solve_time() {
    let (_, stdout, _) = plan_bytes(&[], &["--no-simulate"], "table");
    let headline = stdout.lines().nth(1).unwrap_or_default();
    assert!(
        headline.contains("solved by ") && headline.contains(" s ("),
        "{stdout}"
    );
}

/// Issue 15, bullet 6: a plan not proven optimal says how close it is to its proven bound
/// (relax-and-round in the default build); a proven one (`HiGHS`) has no such line.
#[test]
fn a_plan_not_proven_optimal_states_its_gap_to_the_bound() {
    let (_, stdout, _) = plan_bytes(&[], &["--no-simulate"], "table");
    let proven = stdout
        .lines()
        .next()
        .unwrap_or_default()
        .ends_with(", optimal");
    let stated = stdout.lines().any(|l| {
        l.starts_with("Not proven optimal: within ")
            && l.contains(" % of the proven lower bound of $")
    });
    assert_eq!(stated, !proven, "{stdout}");
}
