//! The progress bar of long runs (`plan`, `simulate`, `sweep`): on stderr, only when it is a terminal
//! and not `--quiet`; the library's [`Control`] feeds it.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use dcplan::control::{Control, Phase};

use super::exit::Interruptible;
use super::printer::Printer;

/// Positions of a full bar: a phase's fraction in thousandths.
const LENGTH: u64 = 1000;

/// Long work under way: the [`Control`] to pass to the library (cancelled by Ctrl-C) and the
/// bar it draws, cleared when this is dropped (before any result or error is printed).
pub(crate) struct LongRun {
    control: Control,
    bar: Option<ProgressBar>,
    _interruptible: Interruptible,
}

impl LongRun {
    /// Starts long work: Ctrl-C now cancels it, and a bar shows its phases when stderr is a
    /// terminal and the printer is not quiet.
    pub(crate) fn start(printer: &Printer) -> Self {
        let interruptible = Interruptible::arm();
        let control = Control::new().with_cancel(interruptible.cancel());
        let shown = !printer.quiet() && std::io::stderr().is_terminal();
        let (control, bar) = if shown {
            let bar = ProgressBar::with_draw_target(Some(LENGTH), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {msg:32} [{bar:30}] {percent:>3}% {elapsed}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            let sink = bar.clone();
            let started = std::time::Instant::now();
            let control = control.with_progress(move |phase: Phase, done: f64| {
                // A sweep's scenarios take alike times: its share done gives an ETA.
                let message = if phase == Phase::Sweep && done > 0.0 {
                    let left = started.elapsed().as_secs_f64() * (1.0 - done) / done;
                    format!(
                        "{phase}, ETA {}",
                        indicatif::HumanDuration(Duration::from_secs_f64(left))
                    )
                } else {
                    phase.to_string()
                };
                sink.set_message(message);
                sink.set_position((done * LENGTH as f64).round() as u64);
            });
            (control, Some(bar))
        } else {
            (control, None)
        };
        LongRun {
            control,
            bar,
            _interruptible: interruptible,
        }
    }

    /// What the library takes.
    pub(crate) fn control(&self) -> &Control {
        &self.control
    }
}

impl Drop for LongRun {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
