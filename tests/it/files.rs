//! What dcplan does with the files it is pointed at: outputs never destroy anything, inputs
//! that are not regular files are refused at once (DESIGN.md "Files"; README "Files").

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Run, dcplan_in, scratch};

/// `dcplan plan colo.toml --no-simulate --resolution rep:1 EXTRA…` in `dir` (0.2 s).
fn quick_plan(dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "plan",
        "colo.toml",
        "--no-simulate",
        "--resolution",
        "rep:1",
    ];
    args.extend_from_slice(extra);
    dcplan_in(dir, &args)
}

/// Names of the files in `dir` (hidden ones included), sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn plan_output_replaces_a_file_only_with_force() {
    let (dir, _) = scratch();
    let out = dir.path().join("plan.json");
    std::fs::write(&out, "keep me").unwrap();
    let run = quick_plan(dir.path(), &["-o", "plan.json"]).expect_code(2);
    assert!(
        run.stderr
            .contains("plan.json already exists; pass --force to replace it"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    quick_plan(dir.path(), &["-o", "plan.json", "--force"]).expect_code(0);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with('{'), "{written}");
    assert_eq!(listing(dir.path()), ["colo.toml", "plan.json", "weather"]);
}

#[test]
fn outputs_never_replace_an_input_even_with_force() {
    let (dir, site) = scratch();
    let before = std::fs::read(&site).unwrap();
    // The site itself, under another spelling, through a symbolic link and a hard link; the
    // weather file it reads.
    #[cfg(unix)]
    std::os::unix::fs::symlink("colo.toml", dir.path().join("alias.toml")).unwrap();
    std::fs::hard_link(&site, dir.path().join("hard.toml")).unwrap();
    for (target, what) in [
        ("colo.toml", "site file"),
        ("./colo.toml", "site file"),
        ("alias.toml", "site file"),
        ("hard.toml", "site file"),
        ("weather/greensboro-nc-723170-tmy3.csv", "weather file"),
    ] {
        for flag in ["-o", "--write-model"] {
            let run = quick_plan(dir.path(), &[flag, target, "--force"]).expect_code(2);
            assert!(
                run.stderr
                    .contains(&format!("{target} is the {what} this command reads")),
                "{flag} {target}: {}",
                run.stderr
            );
        }
    }
    assert_eq!(std::fs::read(&site).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn outputs_refuse_what_is_not_a_regular_file() {
    let (dir, _) = scratch();
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for (target, what) in [
        ("/dev/null", "a device"),
        ("pipe", "a named pipe (FIFO)"),
        ("weather", "a directory"),
    ] {
        let run = quick_plan(dir.path(), &["-o", target, "--force"]).expect_code(2);
        assert!(
            run.stderr
                .contains(&format!("{target} is {what}, not a regular file")),
            "{target}: {}",
            run.stderr
        );
    }
    let run = quick_plan(dir.path(), &["-o", "missing/plan.json"]).expect_code(2);
    assert!(
        run.stderr.contains("there is no folder missing"),
        "{}",
        run.stderr
    );
    // Refused before solving, and nothing left behind.
    assert!(!run.stdout.contains("NPV"), "{}", run.stdout);
    assert_eq!(listing(dir.path()), ["colo.toml", "pipe", "weather"]);
}

#[cfg(unix)]
#[test]
fn new_files_get_the_umask_and_replaced_ones_keep_their_mode() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let new_site = |umask: &str, force: &str| {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask} && exec \"$0\" new s --output s.toml {force}"
            ))
            .arg(env!("CARGO_BIN_EXE_dcplan"))
            .current_dir(dir.path())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
    };
    let site = dir.path().join("s.toml");
    new_site("022", "");
    assert_eq!(mode(&site), 0o644);
    std::fs::set_permissions(&site, std::fs::Permissions::from_mode(0o640)).unwrap();
    new_site("022", "--force");
    assert_eq!(mode(&site), 0o640, "a replaced file keeps its mode");
    std::fs::remove_file(&site).unwrap();
    new_site("002", "");
    assert_eq!(mode(&site), 0o664);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_followed_and_kept() {
    let (dir, _) = scratch();
    std::fs::write(dir.path().join("real.json"), "old").unwrap();
    std::os::unix::fs::symlink("real.json", dir.path().join("link.json")).unwrap();
    quick_plan(dir.path(), &["-o", "link.json", "--force"]).expect_code(0);
    let link = dir.path().join("link.json");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(dir.path().join("real.json"))
            .unwrap()
            .starts_with('{')
    );
    std::os::unix::fs::symlink("nowhere.json", dir.path().join("dangling.json")).unwrap();
    let run = quick_plan(dir.path(), &["-o", "dangling.json", "--force"]).expect_code(2);
    assert!(
        run.stderr
            .contains("a symbolic link to a file that does not exist"),
        "{}",
        run.stderr
    );
}

/// Runs `dcplan ARGS…` in `dir`, failing the test (instead of hanging it) after 20 s.
fn dcplan_within(dir: &Path, args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dcplan"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("dcplan {args:?} hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(unix)]
#[test]
fn inputs_that_are_not_regular_files_are_refused_at_once() {
    let (dir, site) = scratch();
    let fifo = dir.path().join("pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // A FIFO would block forever, /dev/zero would stream forever, a directory is not a file.
    for (input, what) in [
        ("pipe", "a named pipe (FIFO)"),
        ("/dev/zero", "a device"),
        ("weather", "a directory"),
    ] {
        let run = dcplan_within(dir.path(), &["validate", input]).expect_code(2);
        assert!(
            run.stderr.contains(&format!(
                "cannot read site file {input}: it is {what}, not a regular file"
            )),
            "{input}: {}",
            run.stderr
        );
        let run = dcplan_within(dir.path(), &["weather", input]).expect_code(2);
        assert!(
            run.stderr
                .contains(&format!("it is {what}, not a regular file")),
            "{input}: {}",
            run.stderr
        );
        let run = dcplan_within(dir.path(), &["check", "colo.toml", input]).expect_code(2);
        assert!(
            run.stderr.contains(&format!(
                "cannot read plan file {input}: it is {what}, not a regular file"
            )),
            "{input}: {}",
            run.stderr
        );
    }
    // The site's own weather as /dev/zero: located at the `weather` line.
    let text = std::fs::read_to_string(&site)
        .unwrap()
        .replace("weather/greensboro-nc-723170-tmy3.csv", "/dev/zero");
    std::fs::write(&site, text).unwrap();
    let run = dcplan_within(dir.path(), &["validate", "colo.toml"]).expect_code(2);
    assert!(
        run.stderr
            .contains("cannot read weather file /dev/zero: it is a device, not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_symbolic_link_loop_is_reported_not_followed_forever() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("b.toml", dir.path().join("a.toml")).unwrap();
    std::os::unix::fs::symlink("a.toml", dir.path().join("b.toml")).unwrap();
    let run = dcplan_within(dir.path(), &["validate", "a.toml"]).expect_code(2);
    assert!(
        run.stderr
            .contains("cannot read site file a.toml: Too many levels of symbolic links"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_input_over_its_size_limit_is_refused_by_its_size() {
    let (dir, _) = scratch();
    let big = dir.path().join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    let run = dcplan_within(dir.path(), &["weather", "big.csv"]).expect_code(2);
    assert!(
        run.stderr
            .contains("it is 65 MiB; a weather file may be at most 64 MiB"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_nothing_behind() {
    let (dir, _) = scratch();
    // SIGTERM at several points of a plan run that writes an output: each run ends 130 (or
    // 0 if it finished first) and leaves either the whole plan or nothing, never a
    // temporary file.
    for delay_ms in [5, 40, 80, 120, 160] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dcplan"))
            .args([
                "plan",
                "colo.toml",
                "--no-simulate",
                "--resolution",
                "rep:1",
            ])
            .args(["-o", "plan.json", "--force"])
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let code = child.wait().unwrap().code();
        assert!(
            matches!(code, Some(0 | 130)),
            "exit {code:?} after {delay_ms} ms"
        );
        let names = listing(dir.path());
        assert!(
            names
                .iter()
                .all(|n| Path::new(n).extension().is_none_or(|e| e != "tmp")),
            "after {delay_ms} ms: {names:?}"
        );
        if let Ok(text) = std::fs::read_to_string(dir.path().join("plan.json")) {
            assert!(
                text.trim_end().ends_with('}'),
                "half a plan after {delay_ms} ms"
            );
        }
    }
}
