//! `dcplan tui` as a user meets it: in a real terminal (tmux), on the colo sample — the first
//! frame, the plan made in the background, every tab, a what-if, the site file changing on
//! disk, and the terminal given back on quit; and without a terminal, a clear refusal.

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
        self.wait_until(text, |screen| screen.contains(text))
    }

    /// Waits until the screen is as `done` wants it (`what`, for the failure), and returns it.
    #[track_caller]
    fn wait_until(&self, what: &str, done: impl Fn(&str) -> bool) -> String {
        let until = Instant::now() + Duration::from_secs(120);
        loop {
            let screen = self.screen();
            if done(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < until,
                "the screen never showed {what:?}:\n{screen}"
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

/// The whole cockpit on a copy of the colo with a small sweep of it: the plan made in the
/// background, every tab, a what-if planned beside the site's plan and saved to a new file
/// (and not over it again without a yes), the site file broken and mended on disk while the
/// UI runs, and the terminal given back on quit.
#[test]
fn in_a_terminal_it_plans_shows_every_tab_and_runs_a_what_if() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("weather")).unwrap();
    let colo = std::fs::read_to_string(root().join("sites/colo-retrofit.toml")).unwrap();
    std::fs::write(d.join("colo.toml"), &colo).unwrap();
    std::fs::copy(
        root().join("sites/weather/greensboro-nc-723170-tmy3.csv"),
        d.join("weather/greensboro-nc-723170-tmy3.csv"),
    )
    .unwrap();
    std::fs::write(
        d.join("oat.toml"),
        "site = \"colo.toml\"\nmethod = \"one_at_a_time\"\nresolution = \"rep:2\"\n\
         [[parameter]]\npath = \"site.discount_rate\"\ndistribution = \"uniform\"\n\
         low = 0.05\nhigh = 0.12\n",
    )
    .unwrap();
    crate::util::dcplan_in(d, &["sweep", "oat.toml", "-o", "oat.csv"]).expect_code(0);
    let command = format!(
        "cd {} && {} tui colo.toml --resolution rep:2 --sweep oat.csv; echo \"exited $?\"; sleep 60",
        shell_quote(d),
        shell_quote(Path::new(env!("CARGO_BIN_EXE_dcplan"))),
    );
    tmux.tmux(&[
        "new-session",
        "-d",
        "-s",
        "ui",
        "-x",
        "120",
        "-y",
        "36",
        &command,
    ]);
    // The first frame at once, then the plan (the closed loop at rep:2 takes about a second)
    // and its weather year.
    tmux.wait_for("1 Overview");
    let overview = tmux.wait_for("weather year, last build: PUE");
    for text in ["NPV $", "By year", "Headroom in", "binding", "planned in"] {
        assert!(
            overview.contains(text),
            "{text:?} on the Overview:\n{overview}"
        );
    }
    let key = |k: &str| {
        tmux.tmux(&["send-keys", "-t", "ui", k]);
    };
    for (k, text) in [
        ("2", "service order"),
        ("3", "Dispatch in 2027"),
        ("Down", "day 2 of 2"),
        ("4", "Hottest rack inlet"),
        ("Enter", "every rack's hottest inlet"),
        ("Escape", "Ride-through at design conditions"),
        ("5", "NPV of cost"),
        ("6", "Tornado: npv_usd"),
        ("8", "what it does"),
        ("Tab", "By year"),
        ("Enter", "in detail"),
        ("Escape", "Headroom in"),
    ] {
        key(k);
        tmux.wait_for(text);
    }
    // What if the GPU targets were three quarters of the site's?
    key("7");
    tmux.wait_for("What if");
    key("Enter");
    for _ in 0..4 {
        key("BSpace");
    }
    for c in ["0", ".", "7", "5", "Enter", "r"] {
        key(c);
    }
    let compared = tmux.wait_for("closed loop at design");
    assert!(compared.contains("GPUs online, last year"), "{compared}");
    assert!(
        compared.contains("1,152"),
        "512 × 3 × 0.75 in the last year:\n{compared}"
    );
    // Saved beside the site, under a new name; the site file itself untouched.
    key("s");
    tmux.wait_for("Save the what-if's site as");
    key("Enter");
    tmux.wait_for("saved ");
    let saved = std::fs::read_to_string(d.join("colo-whatif.toml")).unwrap();
    assert!(saved.contains("2029 = 1152"), "{saved}");
    assert!(
        saved.contains("# the first 512 GPUs are already running"),
        "comments kept"
    );
    assert_eq!(std::fs::read_to_string(d.join("colo.toml")).unwrap(), colo);
    crate::util::dcplan_in(d, &["validate", "colo-whatif.toml"]).expect_code(0);
    // Saving again asks before replacing it; no keeps it.
    key("s");
    key("Enter");
    tmux.wait_for("exists. Replace it?");
    key("n");
    tmux.wait_for("not saved");
    // The site file broken on disk: its problem is shown with its place, the plan stays;
    // mended, it is planned again.
    std::fs::write(
        d.join("colo.toml"),
        colo.replace("slots = 48", "slots = -48"),
    )
    .unwrap();
    let broken = tmux.wait_for("has problems");
    assert!(broken.contains("colo.toml:75"), "located:\n{broken}");
    std::fs::write(d.join("colo.toml"), &colo).unwrap();
    key("1");
    tmux.wait_until("the problems gone and the site planned again", |screen| {
        !screen.contains("has problems") && screen.contains("planned in")
    });
    key("q");
    // The terminal is given back: the UI's screen is gone and the shell goes on.
    let after = tmux.wait_for("exited 0");
    assert!(!after.contains("By year"), "{after}");
}

fn shell_quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}
