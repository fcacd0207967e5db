//! The output columns of a sweep's results.

/// One output column of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Output {
    /// Present cost of the plan (USD).
    NpvUsd,
    /// Capex over the horizon, nominal, before residual value (USD).
    CapexUsd,
    /// GPUs short of the target in the worst year (0 when planned).
    GpusShort,
    /// Largest facility peak over the years (MW).
    PeakMw,
    /// The planner's annual PUE in the last year.
    Pue,
    /// The resource that binds in the last year.
    Binding,
    /// Simulated PUE of the last build at design load (simulated sweeps).
    SimPue,
    /// Shortest ride-through of any failure target (minutes; simulated sweeps).
    RideThroughMin,
    /// Whether every build holds at design conditions (simulated sweeps).
    Holds,
    /// Present cost of the base plan's build in this scenario less that of the best plan
    /// known for it (USD; regret sweeps).
    RegretUsd,
    /// Whether the base build can serve this scenario, and if not why (regret sweeps).
    BaseBuild,
}

impl Output {
    /// Every output, in column order.
    pub const ALL: [Output; 11] = [
        Output::NpvUsd,
        Output::CapexUsd,
        Output::GpusShort,
        Output::PeakMw,
        Output::Pue,
        Output::Binding,
        Output::SimPue,
        Output::RideThroughMin,
        Output::Holds,
        Output::RegretUsd,
        Output::BaseBuild,
    ];

    /// The column name.
    pub fn name(self) -> &'static str {
        match self {
            Output::NpvUsd => "npv_usd",
            Output::CapexUsd => "capex_usd",
            Output::GpusShort => "gpus_short",
            Output::PeakMw => "peak_mw",
            Output::Pue => "pue",
            Output::Binding => "binding",
            Output::SimPue => "sim_pue",
            Output::RideThroughMin => "ride_through_min",
            Output::Holds => "holds",
            Output::RegretUsd => "regret_usd",
            Output::BaseBuild => "base_build",
        }
    }

    /// Whether the column holds numbers (summarised with percentiles).
    pub fn numeric(self) -> bool {
        !matches!(self, Output::Binding | Output::Holds | Output::BaseBuild)
    }

    /// Whether only a simulated sweep has it.
    pub(crate) fn simulated(self) -> bool {
        matches!(
            self,
            Output::SimPue | Output::RideThroughMin | Output::Holds
        )
    }

    /// Whether only a regret sweep has it.
    pub(crate) fn regret(self) -> bool {
        matches!(self, Output::RegretUsd | Output::BaseBuild)
    }
}
