//! Exit statuses, as DESIGN.md fixes them.

use std::process::ExitCode;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};

use dcplan::control::Cancel;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    /// 0: done.
    Ok,
    /// 1: a bug or an environment failure (not the user's input).
    Internal,
    /// 2: bad usage or invalid input.
    BadInput,
    /// 3: the targets cannot be met (an explanation was printed).
    Infeasible,
    /// 4: the solver stopped without a feasible answer.
    Stopped,
    /// 130: interrupted (Ctrl-C); the long work stopped and nothing was written.
    Interrupted,
}

/// The exit code of a run ended by SIGINT, SIGTERM or SIGHUP: 130, the shells' 128 + SIGINT.
pub(crate) const INTERRUPTED: i32 = 130;

/// The flag an interrupt sets while long work is [armed](Interruptible::arm).
static CANCEL: LazyLock<Cancel> = LazyLock::new(Cancel::new);

/// Whether long work (planning, simulating) is running and stops on its own when
/// [`CANCEL`] is set.
static ARMED: AtomicBool = AtomicBool::new(false);

/// From now on an interrupt (Ctrl-C, `kill`, a closed terminal) during long work sets its
/// cancellation flag, and the command stops cleanly and exits [`INTERRUPTED`] with nothing
/// written; any other interrupt — outside long work, or a second one — removes any output
/// file still being written (its temporary file) and exits [`INTERRUPTED`] at once, so
/// nothing is left behind. Files already in place are never touched: writes replace them by
/// renaming.
pub(crate) fn stop_on_interrupt() {
    // Failing to install (another handler exists) only loses the clean-up; the run goes on.
    let _ = ctrlc::set_handler(|| {
        if ARMED.load(Ordering::SeqCst) && !CANCEL.is_cancelled() {
            CANCEL.cancel();
        } else {
            dcplan::files::remove_pending();
            std::process::exit(INTERRUPTED);
        }
    });
}

/// Long work that an interrupt cancels while this guard lives ([`stop_on_interrupt`]).
pub(crate) struct Interruptible(());

impl Interruptible {
    /// Arms the interrupt flag; `cancel()` is what the work must watch.
    pub(crate) fn arm() -> Self {
        ARMED.store(true, Ordering::SeqCst);
        Interruptible(())
    }

    /// The flag an interrupt sets.
    #[expect(clippy::unused_self, reason = "only an armed guard hands out the flag")]
    pub(crate) fn cancel(&self) -> Cancel {
        CANCEL.clone()
    }
}

impl Drop for Interruptible {
    /// Writing results after the work is the fallback's again: an interrupt exits at once.
    fn drop(&mut self) {
        ARMED.store(false, Ordering::SeqCst);
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(match status {
            ExitStatus::Ok => 0,
            ExitStatus::Internal => 1,
            ExitStatus::BadInput => 2,
            ExitStatus::Infeasible => 3,
            ExitStatus::Stopped => 4,
            ExitStatus::Interrupted => INTERRUPTED as u8,
        })
    }
}
