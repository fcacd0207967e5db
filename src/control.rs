//! Control of long work: stop it from another thread, and watch how far it is.
//!
//! Planning ([`crate::plan::Formulated::solve`], [`crate::closed_loop::plan_that_holds`]) and
//! simulation ([`crate::thermal::run`]) take a [`Control`] by reference. Its [`Cancel`] flag
//! (shared by every clone) may be set at any time, from any thread — a Ctrl-C handler, a
//! user interface's stop button; the run notices within a solver iteration or an hour of the
//! simulated year and returns its module's `Cancelled` error, never a partial result. Its
//! optional progress sink hears the [`Phase`] the run is in and the fraction of that phase
//! done, in [0, 1] and non-decreasing within a phase (a phase may come round again: every
//! round of the closed loop solves and simulates).
//!
//! ```
//! use dcplan::control::{Control, Phase};
//! let control = Control::new().with_progress(|phase: Phase, done: f64| {
//!     eprintln!("{phase}: {:.0} %", 100.0 * done);
//! });
//! let stop = control.cancel().clone(); // give this to another thread
//! stop.cancel();
//! assert!(control.is_cancelled());
//! ```

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

pub use dcplan_solvers::Cancel;

/// What a long run is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Phase {
    /// Building the planning model from the site.
    Formulate,
    /// Solving the planning model (the relaxation, rounding and re-solves, the exact search).
    Solve,
    /// Explaining why the targets cannot be met (elastic re-solves).
    Explain,
    /// The closed loop's simulation of a plan's builds at design conditions.
    DesignSimulation,
    /// Checking that the plant can carry the load at all (before a simulation).
    Preflight,
    /// Simulating the weather year.
    Year,
    /// Starting failures at one hour (ride-through).
    RideThrough,
    /// Starting failures at every hour of the year.
    EveryHour,
    /// Simulating the year again in the scenarios' heat waves.
    HeatWaves,
    /// Running a sweep's scenarios (the fraction is the share of them done).
    Sweep,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Formulate => "building the model",
            Phase::Solve => "solving",
            Phase::Explain => "explaining the shortfall",
            Phase::DesignSimulation => "simulating at design conditions",
            Phase::Preflight => "checking the plant",
            Phase::Year => "simulating the year",
            Phase::RideThrough => "ride-through",
            Phase::EveryHour => "ride-through from every hour",
            Phase::HeatWaves => "simulating the heat waves",
            Phase::Sweep => "scenarios",
        })
    }
}

/// A progress sink: hears the phase and the fraction of it done.
type Sink = dyn Fn(Phase, f64) + Send + Sync;

/// A cancellation flag and an optional progress sink for one run (see the module docs).
/// Cheap to clone; clones share the flag, the sink and what was last reported.
#[derive(Clone, Default)]
pub struct Control {
    cancel: Cancel,
    progress: Option<Arc<Sink>>,
    /// The phase and fraction last passed to the sink: later reports of the same phase that
    /// are not further along are dropped, so threads finishing out of order cannot make the
    /// fraction go back.
    last: Arc<Mutex<Option<(Phase, f64)>>>,
}

impl Control {
    /// A control that is never cancelled unless [`Control::cancel`]'s flag is set, and
    /// reports progress to nobody.
    pub fn new() -> Self {
        Self::default()
    }

    /// This control with `sink` hearing progress.
    #[must_use]
    pub fn with_progress(mut self, sink: impl Fn(Phase, f64) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(sink));
        self
    }

    /// This control stopped by `cancel` (e.g. a flag a signal handler already holds).
    #[must_use]
    pub fn with_cancel(mut self, cancel: Cancel) -> Self {
        self.cancel = cancel;
        self
    }

    /// The cancellation flag: clone it and call [`Cancel::cancel`] to stop the run.
    pub fn cancel(&self) -> &Cancel {
        &self.cancel
    }

    /// Whether the run was asked to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Tells the sink that `fraction` (clamped to [0, 1]) of `phase` is done, unless the
    /// sink already heard as much of this phase.
    pub fn report(&self, phase: Phase, fraction: f64) {
        let Some(sink) = &self.progress else {
            return;
        };
        let fraction = if fraction.is_nan() {
            0.0
        } else {
            fraction.clamp(0.0, 1.0)
        };
        let mut last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((p, f)) = *last
            && p == phase
            && fraction <= f
        {
            return;
        }
        *last = Some((phase, fraction));
        sink(phase, fraction);
    }

    /// Tells the sink that `phase` starts (0 done), even if it ran before: the closed loop
    /// solves and simulates again in every round.
    pub fn begin(&self, phase: Phase) {
        let Some(sink) = &self.progress else {
            return;
        };
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = Some((phase, 0.0));
        sink(phase, 0.0);
    }

    /// A counter of `total` equal steps of `phase`, which [begins](Control::begin) it and
    /// then reports at every hundredth done; shared by the threads of a parallel run.
    pub fn steps(&self, phase: Phase, total: usize) -> Steps<'_> {
        self.begin(phase);
        Steps {
            control: self,
            phase,
            total: total.max(1),
            done: AtomicUsize::new(0),
        }
    }
}

impl fmt::Debug for Control {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Control")
            .field("cancel", &self.cancel)
            .field("progress", &self.progress.is_some())
            .finish_non_exhaustive()
    }
}

/// Steps of a phase done so far, from any thread ([`Control::steps`]).
#[derive(Debug)]
pub struct Steps<'a> {
    control: &'a Control,
    phase: Phase,
    total: usize,
    done: AtomicUsize,
}

impl Steps<'_> {
    /// Counts `n` more steps done; reports when that crosses a hundredth of the total.
    pub fn advance(&self, n: usize) {
        let before = self.done.fetch_add(n, Ordering::Relaxed);
        let after = (before + n).min(self.total);
        if after * 100 / self.total != before.min(self.total) * 100 / self.total {
            self.control
                .report(self.phase, after as f64 / self.total as f64);
        }
    }

    /// Whether the run was asked to stop (its control's flag).
    pub fn is_cancelled(&self) -> bool {
        self.control.is_cancelled()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Everything a control's sink heard, in order.
    type Heard = Arc<Mutex<Vec<(Phase, f64)>>>;

    fn recorded() -> (Control, Heard) {
        let heard = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&heard);
        let control = Control::new().with_progress(move |p, f| {
            sink.lock().expect("not poisoned").push((p, f));
        });
        (control, heard)
    }

    #[test]
    fn clones_share_one_flag() {
        let control = Control::new();
        let other = control.clone();
        assert!(!other.is_cancelled());
        control.cancel().cancel();
        assert!(other.is_cancelled());
    }

    #[test]
    fn reports_are_clamped_and_never_go_back_within_a_phase() {
        let (control, heard) = recorded();
        control.report(Phase::Year, 0.5);
        control.report(Phase::Year, 0.25); // dropped: behind 0.5
        control.report(Phase::Year, 7.0); // clamped to 1
        control.report(Phase::Solve, -1.0); // a new phase starts again, clamped to 0
        control.report(Phase::Solve, f64::NAN); // dropped: NaN reads as 0, not ahead
        control.begin(Phase::Solve); // a phase that comes round again starts at 0
        assert_eq!(
            *heard.lock().expect("not poisoned"),
            [
                (Phase::Year, 0.5),
                (Phase::Year, 1.0),
                (Phase::Solve, 0.0),
                (Phase::Solve, 0.0)
            ]
        );
    }

    #[test]
    fn steps_report_each_hundredth_from_many_threads() {
        let (control, heard) = recorded();
        let steps = control.steps(Phase::Year, 1000);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| (0..250).for_each(|_| steps.advance(1)));
            }
        });
        let heard = heard.lock().expect("not poisoned");
        // 0 at the start, then at most one report per hundredth: 1000 steps of 1 cross
        // each of the 100 hundredths once, and the last is the whole.
        assert!(heard.len() <= 101, "{}", heard.len());
        assert_eq!(heard.first(), Some(&(Phase::Year, 0.0)));
        assert_eq!(heard.last(), Some(&(Phase::Year, 1.0)));
        assert!(heard.windows(2).all(|w| w[0].1 <= w[1].1));
    }
}
