//! Running the built `dcplan` binary and reading its output.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a `dcplan` run printed and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing both streams when it is wrong.
    #[track_caller]
    pub fn expect_code(self, code: i32) -> Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "panic:\n{}", self.stderr);
        self
    }
}

/// The repository root (where `sites/` and `README.md` are): the parent of the CLI crate
/// these tests belong to.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the CLI crate lives in the repository")
        .to_path_buf()
}

/// A sample site by file name.
pub fn sample(name: &str) -> PathBuf {
    root().join("sites").join(name)
}

/// Runs `dcplan ARGS…` in `dir` with colours off.
pub fn dcplan_in(dir: &Path, args: &[&str]) -> Run {
    dcplan_with(dir, &[], args)
}

/// Runs `dcplan ARGS…` in `dir` with colours off and the environment variables `env` set.
pub fn dcplan_with(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .envs(env.iter().copied())
        .output()
        .expect("the dcplan binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `dcplan ARGS…` from the repository root.
pub fn dcplan(args: &[&str]) -> Run {
    dcplan_in(&root(), args)
}

/// The sample sites' file names.
pub const SAMPLES: [&str; 4] = [
    "colo-retrofit.toml",
    "ai-campus.toml",
    "nordic-hydro.toml",
    "desert-hyperscale.toml",
];

/// A scratch folder holding `colo.toml` (a copy of the colo sample, optionally edited by
/// `edit`) and its weather file, so a test can change the site or point outputs at "its
/// inputs" without touching the repository.
pub fn scratch_with(edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let weather = dir.path().join("weather");
    std::fs::create_dir(&weather).unwrap();
    std::fs::copy(
        root().join("sites/weather/greensboro-nc-723170-tmy3.csv"),
        weather.join("greensboro-nc-723170-tmy3.csv"),
    )
    .unwrap();
    let site = dir.path().join("colo.toml");
    let text = std::fs::read_to_string(sample("colo-retrofit.toml")).unwrap();
    std::fs::write(&site, edit(text)).unwrap();
    (dir, site)
}

/// [`scratch_with`] the sample as it is.
pub fn scratch() -> (tempfile::TempDir, PathBuf) {
    scratch_with(|text| text)
}

/// Cases per fuzzing property: `DCPLAN_FUZZ_CASES` if set (`.ci/run` raises it), else
/// `default`.
pub fn fuzz_cases(default: u32) -> u32 {
    std::env::var("DCPLAN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
