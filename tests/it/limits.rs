//! Runs that cannot mean anything are refused before they start, with the reason: too big
//! for memory, a plant that carries its load in no hour; and flags get plain answers
//! (issue 10: "no panic, no hang, whatever the files and flags").

use crate::util::{dcplan, dcplan_in, sample, scratch_with};

/// The colo sample with `racks` DGX H100 racks installed and one of its two chillers.
fn colo_with(racks: u32) -> (tempfile::TempDir, std::path::PathBuf) {
    scratch_with(|text| {
        let edited = text
            .replace(
                "existing_racks = { \"DGX H100 x4\" = 16 }",
                &format!("existing_racks = {{ \"DGX H100 x4\" = {racks} }}"),
            )
            .replace(
                "curve = \"air-scroll-1.33mw-cop2.80\"\nexisting_units = 2",
                "curve = \"air-scroll-1.33mw-cop2.80\"\nexisting_units = 1",
            );
        assert_ne!(edited, text, "the sample changed: update this test's edits");
        edited
    })
}

#[test]
fn a_plant_that_carries_its_load_in_no_hour_is_refused_before_the_run() {
    // 44 racks of 33 kW (1.5 MW of heat with the CRAH fans) on one 1 MW chiller.
    let (dir, _) = colo_with(44);
    let run = dcplan_in(dir.path(), &["simulate", "colo.toml"]).expect_code(2);
    assert!(
        run.stderr.contains(
            "error: hall Suite 2: its cooling cannot carry the heat in 8,760 of 8,760 hours"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn a_plant_short_in_some_hours_is_simulated_with_a_warning() {
    // 38 racks: the chiller's capacity falls below the heat in the hottest hours only.
    let (dir, _) = colo_with(38);
    let run = dcplan_in(dir.path(), &["simulate", "colo.toml"]).expect_code(0);
    assert!(
        run.stderr
            .contains("warning: hall Suite 2: its cooling cannot carry the heat in")
            && run.stderr.contains("inlets rise until it catches up"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("Suite 2"), "{}", run.stdout);
}

#[test]
fn runs_beyond_the_memory_limit_are_refused_with_their_estimate() {
    let colo = sample("colo-retrofit.toml");
    let colo = colo.to_str().unwrap();
    let run = dcplan(&["plan", colo, "--resolution", "full", "--max-memory", "0.1"]).expect_code(2);
    assert!(
        run.stderr
            .contains("this run needs about 0.4 GiB of memory (")
            && run
                .stderr
                .contains("nonzeros at full), more than the limit of 0.1 GiB"),
        "{}",
        run.stderr
    );
    let run = dcplan(&["simulate", colo, "--max-memory", "0.01"]).expect_code(2);
    assert!(
        run.stderr
            .contains("GiB of memory (16 racks in 1 hall), more than the limit of 0.01 GiB"),
        "{}",
        run.stderr
    );
    for command in ["plan", "simulate"] {
        let run = dcplan(&[command, colo, "--max-memory", "-1"]).expect_code(2);
        assert!(
            run.stderr
                .contains("--max-memory -1: must be a positive number of GiB"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn numeric_flags_answer_in_plain_words() {
    let colo = sample("colo-retrofit.toml");
    let colo = colo.to_str().unwrap();
    let weather = sample("weather/greensboro-nc-723170-tmy3.csv");
    let weather = weather.to_str().unwrap();
    for (args, expected) in [
        (
            vec!["plan", colo, "--threads", "-1"],
            "invalid value '-1' for '--threads <N>': must be positive",
        ),
        (
            vec!["plan", colo, "--rounds", "-2"],
            "invalid value '-2' for '--rounds <N>': must be positive",
        ),
        (
            vec!["plan", colo, "--rounds", "1.5"],
            "'--rounds <N>': must be a whole number",
        ),
        (
            vec!["simulate", colo, "--at-hour", "-1"],
            "'--at-hour <HOUR>': must be positive",
        ),
        (
            vec!["simulate", colo, "--step", "-5"],
            "--step: `-5` must be positive",
        ),
        (
            vec!["simulate", colo, "--it-load", "-1"],
            "--it-load: an IT load of -1 is not valid",
        ),
        (
            vec!["plan", colo, "--time-limit", "-1"],
            "invalid time limit `-1`",
        ),
        (
            vec!["plan", colo, "--time-limit", "1e20"],
            "invalid time limit `1e20`",
        ),
        (
            vec!["plan", colo, "--resolution", "rep:0"],
            "invalid value 'rep:0' for '--resolution <rep:N|full>': need at least one representative day",
        ),
        (
            vec!["plan", colo, "--solver", "fast"],
            "error: --solver: unknown solver `fast`",
        ),
        (
            vec!["weather", weather, "--chilled-water-c", "-1e300"],
            "--chilled-water-c -1e300: must be between 4 and 30 °C",
        ),
    ] {
        let run = dcplan(&args).expect_code(2);
        assert!(run.stderr.contains(expected), "{args:?}:\n{}", run.stderr);
        // Nothing repeated, no 300-digit numbers.
        assert!(!run.stderr.contains("rep:0: rep:0"), "{}", run.stderr);
        assert!(!run.stderr.contains("0000000000"), "{}", run.stderr);
    }
}
