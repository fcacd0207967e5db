//! Which backend to run and with what limits.

use std::fmt;
use std::str::FromStr;

use crate::cancel::Cancel;
use crate::error::SolverError;

/// Backend choice, as given to `--solver`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SolverChoice {
    /// Pick by size and integrality (see [`crate::solve`]).
    #[default]
    Auto,
    /// microlp: pure-Rust simplex with branch and bound.
    Microlp,
    /// Clarabel: pure-Rust interior point, LPs only.
    Clarabel,
    /// `HiGHS`: C++ simplex / IPM / branch and cut (feature `highs`).
    Highs,
}

impl SolverChoice {
    /// All choices, in `--help` order.
    pub const ALL: [SolverChoice; 4] = [
        SolverChoice::Auto,
        SolverChoice::Microlp,
        SolverChoice::Clarabel,
        SolverChoice::Highs,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SolverChoice::Auto => "auto",
            SolverChoice::Microlp => "microlp",
            SolverChoice::Clarabel => "clarabel",
            SolverChoice::Highs => "highs",
        }
    }

    /// Whether this build contains the backend (`Auto` always is).
    pub fn is_available(self) -> bool {
        match self {
            SolverChoice::Auto => true,
            SolverChoice::Microlp => cfg!(feature = "microlp"),
            SolverChoice::Clarabel => cfg!(feature = "clarabel"),
            SolverChoice::Highs => cfg!(feature = "highs"),
        }
    }

    /// What the backend can do (for `Auto`, what the build can do in total).
    pub fn capabilities(self) -> Capabilities {
        match self {
            SolverChoice::Auto => Capabilities {
                integers: true,
                time_limit: true,
                mip_gap: true,
                duals: true,
                threads: cfg!(feature = "highs"),
            },
            SolverChoice::Microlp => Capabilities {
                integers: true,
                time_limit: true,
                mip_gap: true,
                duals: false,
                threads: false,
            },
            SolverChoice::Clarabel => Capabilities {
                integers: false,
                time_limit: true,
                mip_gap: false,
                duals: true,
                threads: false,
            },
            SolverChoice::Highs => Capabilities {
                integers: true,
                time_limit: true,
                mip_gap: true,
                duals: true,
                threads: true,
            },
        }
    }
}

/// What a backend honours. Options it does not honour are ignored and named in
/// [`Solution::warnings`](crate::Solution::warnings).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(clippy::struct_excessive_bools)]
pub struct Capabilities {
    /// Solves models with integer columns exactly.
    pub integers: bool,
    /// Stops at [`SolveOptions::time_limit_s`].
    pub time_limit: bool,
    /// Stops at [`SolveOptions::mip_gap`].
    pub mip_gap: bool,
    /// Returns constraint duals for LPs.
    pub duals: bool,
    /// Uses [`SolveOptions::threads`].
    pub threads: bool,
}

impl fmt::Display for SolverChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SolverChoice {
    type Err = SolverError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_ascii_lowercase();
        SolverChoice::ALL
            .into_iter()
            .find(|c| c.name() == lower)
            .ok_or_else(|| SolverError::UnknownSolver(s.to_string()))
    }
}

/// Settings for one solve. `Default` is: auto backend, no time limit, the backend's default
/// MIP gap (microlp 0, `HiGHS` 1e-4), the backend's default threads.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SolveOptions {
    /// Backend to use.
    pub solver: SolverChoice,
    /// Maximum solve time (seconds, positive and finite); `None` for no limit.
    pub time_limit_s: Option<f64>,
    /// Relative MIP gap at which to stop, in `[0, 1)`; `None` for the backend's default.
    pub mip_gap: Option<f64>,
    /// Number of threads (≥ 1); `None` for the backend's default. Only `HiGHS` uses threads.
    pub threads: Option<usize>,
    /// Set from another thread to stop the solve ([`Cancel`]); by default never set.
    pub cancel: Cancel,
}

/// Longest time limit a solve takes (s): about 32 years, beyond any run, and within what
/// every backend's timer can hold (microlp's panics near 1.8e19 s).
pub const MAX_TIME_LIMIT_S: f64 = 1e9;

/// A number as a message shows it: large ones in exponent form (1e20, not 21 digits).
fn shown(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e6 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

impl SolveOptions {
    /// Checks every field's range.
    pub fn validate(&self) -> Result<(), SolverError> {
        if let Some(t) = self.time_limit_s
            && !(t.is_finite() && t > 0.0 && t <= MAX_TIME_LIMIT_S)
        {
            return Err(SolverError::InvalidOption {
                option: "time limit",
                value: shown(t),
                expected: "a positive number of seconds, at most 1e9 (about 32 years)",
            });
        }
        if let Some(g) = self.mip_gap
            && !(0.0..1.0).contains(&g)
        {
            return Err(SolverError::InvalidOption {
                option: "mip gap",
                value: shown(g),
                expected: "a relative gap in [0, 1), e.g. 0.001 for 0.1%",
            });
        }
        if self.threads == Some(0) {
            return Err(SolverError::InvalidOption {
                option: "threads",
                value: "0".into(),
                expected: "at least 1",
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any float for the time limit and the gap gets an answer, never a panic downstream.
    #[test]
    fn out_of_range_limits_are_refused() {
        let with = |time_limit_s, mip_gap| SolveOptions {
            time_limit_s,
            mip_gap,
            ..SolveOptions::default()
        };
        for t in [1e20, f64::INFINITY, f64::NAN, -1.0, 0.0] {
            let e = with(Some(t), None).validate().unwrap_err();
            assert!(e.to_string().contains("at most 1e9"), "{t}: {e}");
        }
        let e = with(Some(1e20), None).validate().unwrap_err();
        assert!(e.to_string().contains("`1e20`"), "{e}");
        assert!(with(Some(1e9), None).validate().is_ok());
        for g in [1.0, -0.1, f64::NAN, f64::INFINITY] {
            assert!(with(None, Some(g)).validate().is_err(), "{g}");
        }
    }

    #[test]
    fn choice_round_trips_through_strings() {
        for c in SolverChoice::ALL {
            assert_eq!(c.to_string().parse::<SolverChoice>().unwrap(), c);
        }
        assert_eq!(
            "HiGHS".parse::<SolverChoice>().unwrap(),
            SolverChoice::Highs
        );
        let err = "cplex".parse::<SolverChoice>().unwrap_err().to_string();
        assert!(err.contains("unknown solver `cplex`"), "{err}");
    }

    #[test]
    fn validate_ranges() {
        let ok = SolveOptions {
            time_limit_s: Some(1.5),
            mip_gap: Some(0.0),
            threads: Some(1),
            ..SolveOptions::default()
        };
        assert!(ok.validate().is_ok());
        for bad in [
            SolveOptions {
                time_limit_s: Some(0.0),
                ..ok.clone()
            },
            SolveOptions {
                time_limit_s: Some(f64::INFINITY),
                ..ok.clone()
            },
            SolveOptions {
                time_limit_s: Some(f64::NAN),
                ..ok.clone()
            },
            SolveOptions {
                mip_gap: Some(1.0),
                ..ok.clone()
            },
            SolveOptions {
                mip_gap: Some(-0.1),
                ..ok.clone()
            },
            SolveOptions {
                mip_gap: Some(f64::NAN),
                ..ok.clone()
            },
            SolveOptions {
                threads: Some(0),
                ..ok.clone()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
    }
}
