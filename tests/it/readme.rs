//! The README's quick start stays true: its two commands exist and CI runs the test one.

use std::fs;

use crate::util::root;

fn quick_start() -> Vec<String> {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("## Quick start")
        .expect("README has a Quick start section");
    let block = &readme[start..];
    let code = block.split("```").nth(1).expect("a code block follows");
    code.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn quick_start_is_two_commands() {
    let commands = quick_start();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert!(
        commands[0].starts_with("cargo run --release -- "),
        "{}",
        commands[0]
    );
    // The sample it runs exists.
    let site = commands[0]
        .split_whitespace()
        .find(|w| w.starts_with("sites/"))
        .unwrap();
    assert!(root().join(site).exists(), "{site}");
}

#[test]
fn ci_runs_the_readme_test_command() {
    let commands = quick_start();
    let ci = fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(
        ci.contains(&commands[1]),
        "`{}` is not in .ci/run",
        commands[1]
    );
}
