//! Exit statuses, as DESIGN.md fixes them.

use std::process::ExitCode;

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
}

/// The exit code of a run ended by SIGINT, SIGTERM or SIGHUP: 130, the shells' 128 + SIGINT.
pub(crate) const INTERRUPTED: i32 = 130;

/// From now on an interrupt (Ctrl-C, `kill`, a closed terminal) removes any output file still
/// being written — its temporary file — and exits [`INTERRUPTED`], so nothing is left
/// behind. Files already in place are never touched: writes replace them by renaming.
pub(crate) fn remove_partial_outputs_on_interrupt() {
    // Failing to install (another handler exists) only loses the clean-up; the run goes on.
    let _ = ctrlc::set_handler(|| {
        dcplan::files::remove_pending();
        std::process::exit(INTERRUPTED);
    });
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(match status {
            ExitStatus::Ok => 0,
            ExitStatus::Internal => 1,
            ExitStatus::BadInput => 2,
            ExitStatus::Infeasible => 3,
            ExitStatus::Stopped => 4,
        })
    }
}
