//! One simulation request, as the command line, a sweep or a user interface makes it: the
//! year, ride-through from the hottest hour (or a given one, or every hour), and the year
//! again in each heat wave the scenarios name, after the memory and plant preflights.

use serde::Serialize;

use super::preflight::{self, Shortfall};
use super::{
    EveryHour, HOURS, Installed, Model, RideThrough, Scenario, SimOptions, ThermalError,
    YearReport, annual, ride_through,
};
use crate::control::{Control, Phase};
use crate::site::LoadedSite;
use crate::text::counted;

/// Where failures start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Start {
    /// The weather year's hottest hour ([`super::hottest_hour`]): the plant has least in hand.
    #[default]
    HottestHour,
    /// This hour of the year (0–8759).
    Hour(usize),
    /// Every hour of the year in turn ([`super::every_hour`]), summarised per scenario.
    EveryHour,
}

/// What to simulate.
#[derive(Debug, Clone, PartialEq)]
pub struct SimRequest {
    /// The model's settings: step, horizon, recirculation, IT load.
    pub options: SimOptions,
    /// Failures to run; each distinct heat wave among them is also a second annual run.
    pub scenarios: Vec<Scenario>,
    /// Where the failures start.
    pub start: Start,
    /// Memory the run may hold (GiB); a run estimated to need more is refused before it
    /// starts ([`SimError::Memory`]).
    pub max_memory_gib: f64,
}

impl Default for SimRequest {
    fn default() -> Self {
        SimRequest {
            options: SimOptions::default(),
            scenarios: Vec::new(),
            start: Start::default(),
            max_memory_gib: crate::memory::DEFAULT_LIMIT_GIB,
        }
    }
}

/// What a simulation found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimReport {
    /// The weather year.
    pub year: YearReport,
    /// One result per scenario started at one hour (empty with [`Start::EveryHour`]).
    pub ride_through: Vec<RideThrough>,
    /// One summary per scenario started at every hour (empty otherwise).
    pub every_hour: Vec<EveryHour>,
    /// The year again in each distinct heat wave the scenarios name, in their order.
    pub heatwave_years: Vec<YearReport>,
    /// Halls whose cooling cannot carry their heat in some (not all) hours: in those hours
    /// inlets rise until the plant catches up. Worth saying before the results.
    #[serde(skip)]
    pub shortfalls: Vec<Shortfall>,
}

/// Why a simulation did not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SimError {
    /// The model could not be built or run.
    #[error(transparent)]
    Thermal(ThermalError),
    /// The run would need more memory than allowed (the error gives the estimate).
    #[error(transparent)]
    Memory(crate::memory::MemoryError),
    /// A hall's cooling carries its heat in no hour of the year: the racks would only heat
    /// without bound.
    #[error(
        "{}",
        .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
    )]
    CannotCarry(Vec<Shortfall>),
    /// The run was cancelled ([`Control::cancel`]) before it finished.
    #[error("cancelled")]
    Cancelled,
}

impl From<ThermalError> for SimError {
    /// A cancelled thermal run is a cancelled simulation; other errors are the model's.
    fn from(e: ThermalError) -> Self {
        match e {
            ThermalError::Cancelled => SimError::Cancelled,
            other => SimError::Thermal(other),
        }
    }
}

/// Runs `request` on `build`: the memory preflight, the model, the plant preflight (a hall
/// that can carry its heat in no hour is [`SimError::CannotCarry`]), the year, the
/// failures and the heat-wave years. `control` stops it (within an hour of a simulated year
/// or a step of a failure) with [`SimError::Cancelled`] and hears each [`Phase`].
pub fn run(
    loaded: &LoadedSite,
    build: &Installed,
    request: &SimRequest,
    control: &Control,
) -> Result<SimReport, SimError> {
    control.cancel().check(SimError::Cancelled)?;
    let waves = distinct_heatwaves(&request.scenarios);
    let copies = if request.scenarios.is_empty() {
        0
    } else {
        rayon::current_num_threads()
    };
    let racks: u64 = build.racks.iter().flatten().map(|&n| u64::from(n)).sum();
    let what = format!(
        "{} in {}",
        counted(racks, "rack", "racks"),
        counted(build.racks.len() as u64, "hall", "halls")
    );
    preflight::memory_estimate(build, 1 + waves.len(), copies)
        .within(request.max_memory_gib, &what)
        .map_err(SimError::Memory)?;
    let model = Model::new(loaded, build, &request.options)?.controlled(control);
    control.begin(Phase::Preflight);
    let shortfalls = preflight::shortfalls(&model)?;
    if shortfalls.iter().any(|h| h.hours == HOURS) {
        return Err(SimError::CannotCarry(shortfalls));
    }
    control.report(Phase::Preflight, 1.0);
    let year = annual::year(&model)?;
    let (rides, every) = match request.start {
        Start::EveryHour => {
            // Each scenario already runs its 8760 start hours in parallel.
            let steps = control.steps(Phase::EveryHour, request.scenarios.len() * HOURS);
            let every = request
                .scenarios
                .iter()
                .map(|s| ride_through::every_hour_counted(&model, s, &steps))
                .collect::<Result<_, _>>()?;
            (Vec::new(), every)
        }
        Start::Hour(hour) => (
            ride_through::ride_through_all(&model, &request.scenarios, hour)?,
            Vec::new(),
        ),
        Start::HottestHour => {
            let hour = super::hottest_hour(loaded.weather.hours());
            (
                ride_through::ride_through_all(&model, &request.scenarios, hour)?,
                Vec::new(),
            )
        }
    };
    // The year again in each distinct heat wave the scenarios name (after the ride-through,
    // whose error names the scenario of a heat wave out of range).
    let steps = control.steps(Phase::HeatWaves, waves.len() * annual::year_steps(&model));
    let heatwave_years = waves
        .into_iter()
        .map(|k| annual::year_counted(&model, k, &steps))
        .collect::<Result<_, _>>()?;
    Ok(SimReport {
        year,
        ride_through: rides,
        every_hour: every,
        heatwave_years,
        shortfalls,
    })
}

/// The distinct heat waves (K) the scenarios name, in order: each is a second annual run.
fn distinct_heatwaves(scenarios: &[Scenario]) -> Vec<f64> {
    let mut waves: Vec<f64> = Vec::new();
    for k in scenarios.iter().map(|x| x.heatwave_k) {
        if k != 0.0 && !waves.contains(&k) {
            waves.push(k);
        }
    }
    waves
}
