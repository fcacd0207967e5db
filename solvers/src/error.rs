//! Errors: broken inputs or environment. Solver outcomes (infeasible, time limit…) are
//! [`Status`](crate::Status) values, not errors.

use std::path::PathBuf;

/// What went wrong before or around a solve. Messages say what, where, and what would be right.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SolverError {
    /// The backend exists but this build does not contain it.
    #[error("solver `{name}` is not in this build; {hint}")]
    BackendUnavailable {
        /// Backend name as given to `--solver`.
        name: &'static str,
        /// How to get it.
        hint: &'static str,
    },
    /// A `--solver` name that is not one of the known backends.
    #[error("unknown solver `{0}`; expected one of auto, microlp, clarabel, highs")]
    UnknownSolver(String),
    /// The chosen backend cannot solve models with integer variables.
    #[error(
        "solver `{backend}` cannot handle integer variables ({integer_variables} in this model); \
         use `auto` (relax and round), `microlp` or `highs`"
    )]
    IntegersUnsupported {
        /// Backend name.
        backend: &'static str,
        /// How many integer columns the model has.
        integer_variables: usize,
    },
    /// An option value outside its valid range.
    #[error("invalid {option} `{value}`: expected {expected}")]
    InvalidOption {
        /// Option name, e.g. `time limit`.
        option: &'static str,
        /// The value given.
        value: String,
        /// The valid range.
        expected: &'static str,
    },
    /// A model a backend cannot be given (non-finite data, foreign columns…).
    #[error("invalid model: {0}")]
    InvalidModel(String),
    /// The solve was cancelled ([`Cancel`](crate::Cancel)) before it finished: no solution.
    #[error("cancelled")]
    Cancelled,
    /// `model_text` was given a path whose extension names no known format.
    #[error("cannot write model to `{}`: unknown extension; expected `.lp` or `.mps`", path.display())]
    UnknownModelFormat {
        /// The path given.
        path: PathBuf,
    },
}
