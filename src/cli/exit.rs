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
