//! Reports stay readable and safe whatever a file holds (issue 10, bullets 4 and 5): many
//! problems are capped, long lines are windowed, and control characters never reach the
//! terminal as they are.

use crate::util::{dcplan, dcplan_in, root, scratch_with};

/// A hall with two findings (a type error and a range error), `NUMBER` in its name.
const BROKEN_HALL: &str = include_str!("../../benches/broken-hall.toml");

/// The colo sample with `n` [`BROKEN_HALL`]s appended: two findings per hall.
fn broken_halls(n: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    scratch_with(|mut text| {
        for i in 0..n {
            text.push_str(&BROKEN_HALL.replace("NUMBER", &i.to_string()));
        }
        text
    })
}

/// How many findings a rendered report shows.
fn rendered(stderr: &str) -> usize {
    stderr.lines().filter(|l| l.starts_with("  × ")).count()
}

#[test]
fn thousands_of_problems_are_capped_at_50_with_the_rest_counted() {
    let (dir, _) = broken_halls(5_000);
    let run = dcplan_in(dir.path(), &["validate", "colo.toml"]).expect_code(2);
    assert_eq!(rendered(&run.stderr), 50, "{}", &run.stderr[..2000]);
    assert!(
        run.stderr
            .contains("… and 9,950 more findings (`--all` lists every one)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stdout.trim(),
        "invalid colo.toml (10,000 errors, 0 warnings)"
    );
    // The first findings are the first in the file, located where they are.
    assert!(
        run.stderr
            .contains("`hall[1].slots`: the integer -1 is out of range")
    );

    // Scripts get every finding, each on its own line of the file.
    let json = dcplan_in(dir.path(), &["validate", "--format", "json", "colo.toml"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let diags = doc["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 10_000);
    let text = std::fs::read_to_string(dir.path().join("colo.toml")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let last_slots = lines.iter().rposition(|l| *l == "slots = -1").unwrap() + 1;
    let last = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("`hall[5000].slots`")
        })
        .expect("the last hall's finding is there");
    assert_eq!(last["line"].as_u64(), Some(last_slots as u64));
}

#[test]
fn all_lists_every_finding() {
    let (dir, _) = broken_halls(40);
    let run = dcplan_in(dir.path(), &["validate", "--all", "colo.toml"]).expect_code(2);
    assert_eq!(rendered(&run.stderr), 80);
    assert!(!run.stderr.contains("more findings"), "{}", run.stderr);
    let capped = dcplan_in(dir.path(), &["validate", "colo.toml"]);
    assert!(capped.stderr.contains("… and 30 more findings"));
    // `plan` refuses the same site with the same capped report.
    let plan = dcplan_in(dir.path(), &["plan", "colo.toml"]).expect_code(2);
    assert_eq!(rendered(&plan.stderr), 50);
    assert!(plan.stderr.contains("error: colo.toml has 80 problems"));
}

#[test]
fn a_site_on_one_long_line_is_shown_in_windows_of_it() {
    // The colo sample as one line of JSON, with a broken value about 2 kB in.
    let (dir, site) = scratch_with(|text| {
        let mut value: toml::Value = toml::from_str(&text).unwrap();
        value["hall"][0]["slots"] = toml::Value::Integer(-1);
        serde_json::to_string(&value).unwrap()
    });
    std::fs::rename(&site, dir.path().join("colo.json")).unwrap();
    let run = dcplan_in(dir.path(), &["validate", "colo.json"]).expect_code(2);
    let longest = run.stderr.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(
        longest <= 120,
        "a {longest}-character line:\n{}",
        run.stderr
    );
    let text = std::fs::read_to_string(dir.path().join("colo.json")).unwrap();
    let column = text.find("\"slots\":-1").unwrap() + "\"slots\":".len() + 1;
    assert!(
        run.stderr.contains(&format!("[colo.json:1:{column}]")),
        "column {column}:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("\"slots\":-1"), "{}", run.stderr);
}

#[test]
fn quoted_values_are_clipped() {
    let long = "w".repeat(900);
    let (dir, _) =
        scratch_with(|text| text.replace("cooling = \"air\"", &format!("cooling = \"{long}\"")));
    let run = dcplan_in(dir.path(), &["validate", "--format", "json", "colo.toml"]).expect_code(2);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let message = doc["files"][0]["diagnostics"][0]["message"]
        .as_str()
        .unwrap();
    let expected = format!("`hall[0].cooling`: unknown value \"{}…\"", "w".repeat(60));
    assert_eq!(message, expected);
}

#[test]
fn control_characters_from_a_weather_file_are_escaped_in_tables() {
    let dir = tempfile::tempdir().unwrap();
    let original =
        std::fs::read_to_string(root().join("sites/weather/greensboro-nc-723170-tmy3.csv"))
            .unwrap();
    let edited = original.replacen("GREENSBORO", "GREENS\u{1b}[2J\u{202e}BORO", 1);
    assert_ne!(edited, original);
    let weather = dir.path().join("w.csv");
    std::fs::write(&weather, edited).unwrap();
    let run = dcplan(&["weather", weather.to_str().unwrap()]).expect_code(0);
    assert!(
        run.stdout.contains("GREENS\\u{1b}[2J\\u{202e}BORO"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{202e}'));
    // JSON is data: the name is there exactly, JSON-escaped.
    let json = dcplan(&["weather", "--format", "json", weather.to_str().unwrap()]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        doc["station"]["name"],
        "GREENS\u{1b}[2J\u{202e}BORO PIEDMONT TRIAD INT, NC"
    );
}

#[test]
fn control_characters_in_a_site_are_rejected_and_shown_escaped() {
    let (dir, _) =
        scratch_with(|text| text.replace("name = \"Suite 2\"", "name = \"Suite\\u001b[31m 2\""));
    let run = dcplan_in(dir.path(), &["validate", "colo.toml"]).expect_code(2);
    assert!(
        run.stderr
            .contains("`hall[0].name` contains the control character U+001B"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
}
