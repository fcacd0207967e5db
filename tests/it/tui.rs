//! `dcplan tui` as a user meets it: in a real terminal (tmux), on the colo sample — the first
//! frame, the plan made in the background, every tab, and the terminal given back on quit;
//! and without a terminal, a clear refusal.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::util::{dcplan, root};

#[test]
fn without_a_terminal_it_says_so() {
    let site = root().join("sites/colo-retrofit.toml");
    let run = dcplan(&["tui", site.to_str().unwrap()]).expect_code(2);
    assert!(run.stderr.contains("needs a terminal"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

/// A tmux server of the test's own (its own socket), killed when the test ends, even by a
/// failed assertion.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// A server, or `None` when tmux is not installed (CI installs it and sets
    /// `DCPLAN_REQUIRE_TMUX`, which makes its absence a failure).
    fn start() -> Option<Tmux> {
        let found = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        if !found {
            assert!(
                std::env::var_os("DCPLAN_REQUIRE_TMUX").is_none(),
                "tmux is required (DCPLAN_REQUIRE_TMUX) but not installed"
            );
            eprintln!("tmux is not installed: the terminal test is skipped");
            return None;
        }
        Some(Tmux {
            socket: format!("dcplan-test-{}", std::process::id()),
        })
    }

    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "ui"])
    }

    /// Waits until the screen shows `text`, and returns it.
    #[track_caller]
    fn wait_for(&self, text: &str) -> String {
        let until = Instant::now() + Duration::from_secs(120);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < until,
                "the screen never showed {text:?}:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.tmux(&["kill-server"]);
    }
}

#[test]
fn in_a_terminal_it_plans_and_shows_every_tab() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let site = root().join("sites/colo-retrofit.toml");
    let command = format!(
        "{} tui {} --resolution rep:2; echo \"exited $?\"; sleep 60",
        shell_quote(Path::new(env!("CARGO_BIN_EXE_dcplan"))),
        shell_quote(&site)
    );
    tmux.tmux(&[
        "new-session",
        "-d",
        "-s",
        "ui",
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    // The first frame, then the plan (the closed loop at rep:2 takes about a second).
    tmux.wait_for("1 Overview");
    let overview = tmux.wait_for("planned in");
    for text in ["NPV $", "By year", "Headroom in", "binding"] {
        assert!(
            overview.contains(text),
            "{text:?} on the Overview:\n{overview}"
        );
    }
    for (key, text) in [
        ("2", "service order"),
        ("3", "what it does"),
        ("Tab", "By year"),
    ] {
        tmux.tmux(&["send-keys", "-t", "ui", key]);
        tmux.wait_for(text);
    }
    tmux.tmux(&["send-keys", "-t", "ui", "Right"]);
    tmux.tmux(&["send-keys", "-t", "ui", "q"]);
    // The terminal is given back: the UI's screen is gone and the shell goes on.
    let after = tmux.wait_for("exited 0");
    assert!(!after.contains("By year"), "{after}");
}

fn shell_quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}
