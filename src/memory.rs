//! Memory budgets: how much a run will hold, estimated from the site before anything large is
//! allocated, so a run that cannot fit is refused with its estimate instead of aborting on
//! an allocation (or swapping for an hour) halfway.
//!
//! The estimates are deliberately on the high side of what was measured (each constant says
//! where its figure comes from): refusing a run that would have fitted in 80 % of the limit
//! costs a flag; starting one that cannot fit costs the machine.

/// The default limit (GiB): what a planner's workstation or a cloud node of 32 GiB can give
/// one run beside the operating system; a shell lets its user raise or lower it.
pub const DEFAULT_LIMIT_GIB: f64 = 16.0;

/// A memory estimate of a run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// Bytes the run is expected to hold at its peak.
    pub bytes: u64,
}

/// Why a run's memory was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MemoryError {
    /// The estimate exceeds the limit.
    #[error(
        "this run needs about {needed_gib:.1} GiB of memory ({what}), more than the limit of {} \
         GiB; make the run smaller, or raise the limit",
        crate::text::number(*limit_gib)
    )]
    OverLimit {
        /// The estimate (GiB).
        needed_gib: f64,
        /// The limit (GiB).
        limit_gib: f64,
        /// What the estimate is made of (e.g. "4.1e8 rack-steps").
        what: String,
    },
    /// The limit is not a positive number of GiB.
    #[error(
        "a memory limit of {} GiB is not valid: it must be a positive number",
        crate::text::number(*limit_gib)
    )]
    BadLimit {
        /// The limit given (GiB).
        limit_gib: f64,
    },
}

impl Estimate {
    /// The estimate in GiB.
    pub fn gib(self) -> f64 {
        self.bytes as f64 / f64::from(1u32 << 30)
    }

    /// `Ok` if the estimate is within `limit_gib`; else the estimate, the limit and what the
    /// estimate is made of (`what`, e.g. "4.1e8 rack-steps").
    pub fn within(self, limit_gib: f64, what: &str) -> Result<(), MemoryError> {
        if self.gib() <= limit_gib {
            return Ok(());
        }
        Err(MemoryError::OverLimit {
            needed_gib: self.gib(),
            limit_gib,
            what: what.to_owned(),
        })
    }
}

/// Checks a memory limit: a positive number of GiB.
pub fn check_limit(limit_gib: f64) -> Result<(), MemoryError> {
    if limit_gib.is_finite() && limit_gib > 0.0 {
        Ok(())
    } else {
        Err(MemoryError::BadLimit { limit_gib })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_estimate_over_the_limit_says_both() {
        let e = Estimate { bytes: 20 << 30 };
        assert_eq!(e.within(24.0, "x"), Ok(()));
        assert_eq!(
            e.within(16.0, "1e9 racks").unwrap_err().to_string(),
            "this run needs about 20.0 GiB of memory (1e9 racks), more than the limit of 16 GiB; \
             make the run smaller, or raise the limit"
        );
        assert!(check_limit(0.0).is_err() && check_limit(f64::NAN).is_err());
        assert!(check_limit(0.5).is_ok());
    }
}
