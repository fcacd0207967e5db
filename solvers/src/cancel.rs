//! A flag another thread sets to stop a solve.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A cancellation flag: cheap to clone (every clone shares one flag) and safe to set from
/// any thread, e.g. a Ctrl-C handler or a user interface. A solve checks it before it
/// starts, between the solves of relax-and-round, at every Clarabel interior-point
/// iteration and, through `HiGHS`'s interrupt callback, at its simplex and interior-point
/// iterations and branch-and-bound nodes; a cancelled solve returns [`SolverError::Cancelled`](crate::SolverError),
/// never a partial solution.
#[derive(Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A flag not yet set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the flag: every run holding a clone stops at its next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether the flag is set.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// `Err(cancelled)` once the flag is set: `cancel.check(MyError::Cancelled)?` at each
    /// point where a run may stop.
    pub fn check<E>(&self, cancelled: E) -> Result<(), E> {
        if self.is_cancelled() {
            Err(cancelled)
        } else {
            Ok(())
        }
    }
}

impl fmt::Debug for Cancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Cancel").field(&self.is_cancelled()).finish()
    }
}

/// Two flags are equal when they are the same flag (clones of one another).
impl PartialEq for Cancel {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
