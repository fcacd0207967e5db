//! Every file in `tests/bad_inputs/` is rejected with exit code 2, no panic, and the findings
//! `tests/bad_inputs/expected.toml` lists for it, located where it says.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde::Deserialize;
use serde_json::Value;

/// One table of `expected.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// Text that must appear in some diagnostic's message, label or help, or the read error.
    fragments: Vec<String>,
    /// 1-based line of the first error, when the file pins it.
    line: Option<u64>,
}

fn dir() -> PathBuf {
    crate::util::root().join("tests/bad_inputs")
}

fn expected() -> BTreeMap<String, Expected> {
    let path = dir().join("expected.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{} is malformed: {e}", path.display()))
}

/// The bad inputs: every file of the folder except `expected.toml` (and the `weather/` folder).
fn bad_files() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir())
        .expect("tests/bad_inputs exists")
        .map(|entry| entry.expect("readable directory entry"))
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "expected.toml")
        .collect();
    names.sort();
    names
}

fn dcplan(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("the dcplan binary runs")
}

/// The problems with one run: exit code, panics.
fn check_exit(name: &str, out: &Output, problems: &mut Vec<String>) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("panicked") {
        problems.push(format!("{name}: dcplan panicked:\n{stderr}"));
    }
    if out.status.code() != Some(2) {
        problems.push(format!(
            "{name}: exit status {:?}, expected 2 (invalid input)",
            out.status.code()
        ));
    }
}

/// Strings of a diagnostic's `message`, `label` and `help`.
fn texts(diagnostic: &Value) -> impl Iterator<Item = &str> {
    ["message", "label", "help"]
        .into_iter()
        .filter_map(|k| diagnostic.get(k).and_then(Value::as_str))
}

fn check_json(name: &str, expected: &Expected, problems: &mut Vec<String>) {
    let path = dir().join(name);
    let out = dcplan(
        &["validate", "--format", "json", &path.to_string_lossy()],
        &dir(),
    );
    check_exit(name, &out, problems);
    let doc: Value = match serde_json::from_slice(&out.stdout) {
        Ok(doc) => doc,
        Err(e) => {
            problems.push(format!(
                "{name}: stdout is not JSON ({e}):\n{}",
                String::from_utf8_lossy(&out.stdout)
            ));
            return;
        }
    };
    if doc["schema_version"].as_u64().is_none() || doc["valid"] != Value::Bool(false) {
        problems.push(format!(
            "{name}: expected schema_version and valid = false, got {doc}"
        ));
    }
    let Some([file]) = doc["files"].as_array().map(Vec::as_slice) else {
        problems.push(format!("{name}: expected one entry in files, got {doc}"));
        return;
    };
    let diagnostics = file["diagnostics"].as_array().cloned().unwrap_or_default();
    let read_error = file["read_error"].as_str();
    if diagnostics.is_empty() && read_error.is_none() {
        problems.push(format!("{name}: no diagnostics and no read error"));
    }
    for d in &diagnostics {
        for field in ["severity", "code", "message"] {
            if d[field].as_str().is_none_or(str::is_empty) {
                problems.push(format!("{name}: diagnostic without {field}: {d}"));
            }
        }
        if d["line"].is_null() != d["column"].is_null() {
            problems.push(format!("{name}: line without column or back: {d}"));
        }
    }
    for fragment in &expected.fragments {
        let found = read_error.is_some_and(|r| r.contains(fragment.as_str()))
            || diagnostics
                .iter()
                .any(|d| texts(d).any(|t| t.contains(fragment.as_str())));
        if !found {
            problems.push(format!(
                "{name}: no diagnostic contains {fragment:?}; got:\n{}",
                serde_json::to_string_pretty(&diagnostics).unwrap_or_default()
            ));
        }
    }
    if let Some(line) = expected.line {
        let first = diagnostics
            .iter()
            .find(|d| d["severity"] == "error" && d["line"].is_u64());
        let got = first.and_then(|d| d["line"].as_u64());
        if got != Some(line) {
            problems.push(format!(
                "{name}: first located error is on line {got:?}, expected {line}: {first:?}"
            ));
        }
    }
}

fn report(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn expected_toml_lists_exactly_the_bad_inputs() {
    let expected = expected();
    let files = bad_files();
    let mut problems = Vec::new();
    for name in &files {
        if !expected.contains_key(name) {
            problems.push(format!("{name} has no entry in expected.toml"));
        }
    }
    for (name, e) in &expected {
        if !files.contains(name) {
            problems.push(format!(
                "expected.toml names {name}, which is not in the folder"
            ));
        }
        if e.fragments.is_empty() {
            problems.push(format!("expected.toml: {name} lists no fragments"));
        }
    }
    assert!(files.len() >= 30, "only {} bad inputs", files.len());
    report(&problems);
}

#[test]
fn bad_inputs_report_the_expected_diagnostics_as_json() {
    let expected = expected();
    let mut problems = Vec::new();
    for name in bad_files() {
        if let Some(e) = expected.get(&name) {
            check_json(&name, e, &mut problems);
        }
    }
    report(&problems);
}

#[test]
fn bad_inputs_render_with_file_line_and_column() {
    let mut problems = Vec::new();
    for name in bad_files() {
        // The JSON run says where each finding is; the table must show the same places.
        let json = dcplan(&["validate", "--format", "json", &name], &dir());
        let doc: Value = serde_json::from_slice(&json.stdout).unwrap_or(Value::Null);
        let located: Vec<(u64, u64)> = doc["files"][0]["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| Some((d["line"].as_u64()?, d["column"].as_u64()?)))
            .collect();

        let out = dcplan(&["validate", "--color", "never", &name], &dir());
        check_exit(&name, &out, &mut problems);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        if !stderr.contains(name.as_str()) {
            problems.push(format!("{name}: stderr does not name the file:\n{stderr}"));
        }
        if !stdout.starts_with(&format!("invalid {name} (")) {
            problems.push(format!(
                "{name}: stdout should say the file is invalid: {stdout}"
            ));
        }
        for (line, column) in located {
            let at = format!("{name}:{line}:{column}");
            if !stderr.contains(&at) {
                problems.push(format!("{name}: stderr lacks the location {at}:\n{stderr}"));
            }
        }
    }
    report(&problems);
}
