//! Ride-through: start a failure at an hour and count the minutes until the first rack inlet
//! leaves its hall's ASHRAE allowable range, or the facility water its W class.
//!
//! Each hall starts from its steady state at the hour's load, runs the warm-up under normal
//! operation at the start hour's weather and load, then the failure until the horizon, the
//! weather and load moving on hour by hour. The site's ride-through is its earliest hall's.

use rayon::prelude::*;
use serde::Serialize;

use super::integrate::{self, HallState};
use super::metrics::nearest_rank;
use super::network::HallNetwork;
use super::network::WATER_CP_J_PER_KG_K;
use super::scenario::PowerTimeline;
use super::{HOURS, Lost, Model, Scenario, SimSetting, ThermalError};
use crate::control::{Phase, Steps};
use crate::site::plant::PlantHour;

/// What ended a ride-through.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Exceedance {
    /// A rack inlet went above its hall's allowable class.
    RackInlet {
        /// Hall name.
        hall: String,
        /// Rack index in the hall (racks grouped by type, in site order).
        rack: usize,
        /// Its rack type.
        rack_type: String,
        /// Its inlet when it crossed (°C).
        inlet_c: f64,
        /// The bound (°C) and class.
        limit_c: f64,
        /// The hall's ASHRAE class.
        class: String,
    },
    /// The facility-water supply went above the W class.
    LiquidSupply {
        /// Hall name.
        hall: String,
        /// Supply temperature when it crossed (°C).
        supply_c: f64,
        /// The W-class bound (°C).
        limit_c: f64,
    },
    /// The UPS ran out before the generators took the load: IT went down.
    UpsExhausted {
        /// Hall name.
        hall: String,
        /// The hall's UPS ride-through (s).
        ups_s: f64,
        /// When the generators start (s), infinite without backup generation.
        generators_s: f64,
    },
}

impl std::fmt::Display for Exceedance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Exceedance::RackInlet {
                hall,
                rack,
                rack_type,
                inlet_c,
                limit_c,
                class,
            } => write!(
                f,
                "{hall} rack #{rack} ({rack_type}) inlet {} °C > {class} {limit_c:.0} °C",
                above(*inlet_c, *limit_c)
            ),
            Exceedance::LiquidSupply {
                hall,
                supply_c,
                limit_c,
            } => write!(
                f,
                "{hall} facility water {} °C > {limit_c:.0} °C",
                above(*supply_c, *limit_c)
            ),
            Exceedance::UpsExhausted {
                hall,
                ups_s,
                generators_s,
            } => write!(
                f,
                "{hall}: UPS ran out after {ups_s:.0} s, generators start at {generators_s:.0} s"
            ),
        }
    }
}

/// A temperature just over its limit, with enough decimals that it reads as over it
/// (32.04 °C, not "32.0 °C > 32 °C").
fn above(value_c: f64, limit_c: f64) -> String {
    (1..=3)
        .map(|decimals| format!("{value_c:.decimals$}"))
        .find(|text| text.parse::<f64>().is_ok_and(|shown| shown > limit_c))
        .unwrap_or_else(|| format!("{value_c:.3}"))
}

/// The result of one failure run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RideThrough {
    /// The scenario.
    pub scenario: String,
    /// Weather hour the failure starts at (0–8759).
    pub start_hour: usize,
    /// Outdoor dry-bulb at that hour, with any heat-wave offset (°C).
    pub dry_bulb_c: f64,
    /// Minutes from the failure to the first exceedance; `null` if the site rides through the
    /// whole horizon.
    pub minutes: Option<f64>,
    /// Minutes followed.
    pub horizon_minutes: f64,
    /// What crossed first, if anything.
    pub first: Option<Exceedance>,
    /// The site was already outside its envelope during the warm-up, before the failure:
    /// `minutes` is then 0 but says nothing about the failure.
    pub outside_before_failure: bool,
}

impl RideThrough {
    /// Whether the site holds for the whole horizon.
    pub fn rides_through(&self) -> bool {
        self.minutes.is_none()
    }
}

/// The first exceedance in one hall: seconds after the failure (0 or negative during the
/// warm-up), whether it happened during the warm-up, and what.
type HallEvent = Option<(f64, bool, Exceedance)>;

/// Runs `scenario` starting at `hour`; stops within a step once the model's control is
/// cancelled.
pub fn ride_through(
    model: &Model,
    scenario: &Scenario,
    hour: usize,
) -> Result<RideThrough, ThermalError> {
    if hour >= HOURS {
        return Err(ThermalError::Hour(hour));
    }
    model.control.cancel().check(ThermalError::Cancelled)?;
    model.check_weather_offset(scenario.heatwave_k, || {
        (
            SimSetting::ScenarioHeatWave,
            format!(
                "scenario `{}`: heatwave:{}",
                scenario.name, scenario.heatwave_k
            ),
        )
    })?;
    // The weather and load move on hour by hour after the failure (wrapping at the year's
    // end), each hour's plant computed once for every hall.
    // The horizon is at most a year (`SimOptions::validate`), so this is at most 8761 hours.
    let hours = (model.options.horizon_s / 3600.0).ceil() as usize + 1;
    let plants: Vec<PlantHour> = (0..hours)
        .map(|k| model.plant_at((hour + k) % HOURS, scenario.heatwave_k))
        .collect::<Result<_, _>>()?;
    let power = scenario.outage.then(|| {
        let load = outage_load_mw(model, &plants[0], hour);
        move |ups_s| PowerTimeline::outage(model.site, &model.build.generators, load, ups_s)
    });
    let events: Vec<HallEvent> = model
        .halls
        .par_iter()
        .enumerate()
        .map(|(index, net)| {
            let hall = &model.site.hall[net.hall];
            let timeline = power.as_ref().map(|p| p(hall.ups_ride_through_s));
            hall_run(model, index, net, scenario, hour, &plants, timeline)
        })
        .collect();
    // A cancelled hall stopped part-way, its event meaningless.
    model.control.cancel().check(ThermalError::Cancelled)?;
    Ok(summarise(model, scenario, hour, events))
}

/// Runs each of `scenarios` starting at `hour`, the scenarios in parallel; results in the
/// scenarios' order. Reports [`Phase::RideThrough`] (the share of scenarios done).
pub fn ride_through_all(
    model: &Model,
    scenarios: &[Scenario],
    hour: usize,
) -> Result<Vec<RideThrough>, ThermalError> {
    let steps = model.control.steps(Phase::RideThrough, scenarios.len());
    first_error_in_order(
        scenarios
            .par_iter()
            .map(|s| {
                let run = ride_through(model, s, hour);
                steps.advance(1);
                run
            })
            .collect(),
    )
}

/// The results in order, or the error of the earliest item that failed: collecting rayon
/// results straight into a `Result` returns whichever error a thread hits first, which
/// depends on scheduling.
pub fn first_error_in_order<T, E>(results: Vec<Result<T, E>>) -> Result<Vec<T>, E> {
    results.into_iter().collect()
}

/// What the generators must carry after a utility outage starting at `hour` (MW): the IT
/// load through UPS and distribution and the cooling plant, fans, pumps and the chillers
/// carrying all the heat at the hour's COP (the plant restarts with everything warm).
fn outage_load_mw(model: &Model, plant: &PlantHour, hour: usize) -> f64 {
    let util = &model.utilization[hour % 24];
    let rates = &model.rates;
    let chiller_rate: f64 = model
        .chiller_split(plant, &model.build.chillers)
        .iter()
        .map(|(share, rate, _)| share * rate)
        .sum();
    let watts: f64 = model
        .halls
        .iter()
        .map(|net| {
            let l = integrate::loads(net, util);
            l.it / net.chain_efficiency
                + rates.air_heat * (l.rack_air + l.losses)
                + rates.liquid_heat * l.liquid
                + chiller_rate * (l.air() + l.liquid)
        })
        .sum();
    watts / 1e6
}

fn summarise(
    model: &Model,
    scenario: &Scenario,
    hour: usize,
    events: Vec<HallEvent>,
) -> RideThrough {
    // Earliest event; ties go to the first hall (events are in hall order).
    let first = events
        .into_iter()
        .flatten()
        .reduce(|a, b| if b.0 < a.0 { b } else { a });
    let before = first.as_ref().is_some_and(|e| e.1);
    RideThrough {
        scenario: scenario.name.clone(),
        start_hour: hour,
        dry_bulb_c: model.weather[hour].warmed(scenario.heatwave_k).dry_bulb_c,
        minutes: first.as_ref().map(|e| (e.0 / 60.0).max(0.0)),
        horizon_minutes: model.options.horizon_s / 60.0,
        first: first.map(|e| e.2),
        outside_before_failure: before,
    }
}

/// Runs one hall: the warm-up, then the failure, step by step; a step with a plant event
/// inside it (generators on, chillers back, UPS out) is split there, so the event counts from
/// its moment, not from the step's start or end. A crossing is placed inside its step by
/// linear interpolation between the step's start and end.
fn hall_run(
    model: &Model,
    index: usize,
    net: &HallNetwork,
    scenario: &Scenario,
    hour: usize,
    plants: &[PlantHour],
    power: Option<PowerTimeline>,
) -> HallEvent {
    let o = &model.options;
    let h = o.step_s;
    let hall = &model.site.hall[net.hall];
    let util_at = |k: usize| &model.utilization[(hour + k) % 24];
    let mut state = integrate::steady_state(net, util_at(0));
    let mut peak = vec![f64::NEG_INFINITY; net.len()];
    let tank = scenario.storage_m3 * net.site_share * 1000.0 * WATER_CP_J_PER_KG_K;
    let c_chw = net.c_chw + tank;
    let normal = model.chillers_in_service(net, 0);
    let tripped = model.chillers_in_service(net, scenario.chillers_tripped);
    let (_, allow_hi) = net.class.allowable_c();
    let warmup = (o.warmup_s / h).round() as usize;
    // Steps that end within the horizon: ride-through is resolved to one step.
    // Both are at most a year of 1 s steps (`SimOptions::validate`).
    let total = warmup.saturating_add((o.horizon_s / h + 1e-9).floor() as usize);
    // Plant events after the failure (s), where steps are split; none closer than this to a
    // step's ends (a sliver of a step would only cost a rack pass).
    let tiny = 1e-9 * h;
    let mut cuts: Vec<f64> = power.map_or_else(Vec::new, |p| {
        [p.plant_back_s, p.chillers_back_s]
            .into_iter()
            .chain(p.it_lost_s)
            .filter(|t| t.is_finite() && *t > 0.0)
            .collect()
    });
    cuts.sort_by(f64::total_cmp);
    let mut drive = vec![0.0; net.len()];
    let mut part_drive = Vec::new();
    // Inputs of the hour `current` after the start (loads, rack drive) and what the plant
    // can do in the current phase; recomputed only when the hour or the phase changes.
    let mut current = (usize::MAX, None);
    let (mut loads, mut drive_heat) = (integrate::Loads::default(), 0.0);
    let mut avail = integrate::Available::default();
    // The previous step's end: time (s after the failure), hottest inlet, facility water.
    let mut last = (
        -(warmup as f64) * h,
        integrate::max_inlet(net, &state),
        state.fw,
    );
    for k in 0..total {
        if model.control.is_cancelled() {
            return None;
        }
        let failed = k >= warmup;
        let end = (k as f64 + 1.0 - warmup as f64) * h;
        while last.0 < end - tiny {
            let from = last.0;
            let to = cuts
                .iter()
                .copied()
                .find(|&c| c > from + tiny && c < end - tiny)
                .unwrap_or(end);
            if let Some(lost_at) = power.and_then(|p| p.it_lost_s)
                && failed
                && from >= lost_at - tiny
            {
                return Some((
                    lost_at,
                    false,
                    Exceedance::UpsExhausted {
                        hall: hall.name.clone(),
                        ups_s: hall.ups_ride_through_s,
                        generators_s: power.map_or(f64::INFINITY, |p| p.plant_back_s),
                    },
                ));
            }
            let into = ((from.max(0.0) / 3600.0) as usize).min(plants.len() - 1);
            let lost = failed.then(|| Lost {
                dry_coolers: scenario.dry_coolers_tripped,
                crah: scenario.crah_lost,
                cdu: scenario.cdu_lost,
                plant_off: power.is_some_and(|p| from < p.plant_back_s),
                chillers_off: power.is_some_and(|p| from < p.chillers_back_s),
                chw_pumps_off: !model.site.cooling.pumps_on_ups
                    && power.is_some_and(|p| from < p.plant_back_s),
            });
            if current.0 != into {
                let util = util_at(into);
                loads = integrate::loads(net, util);
                drive_heat = integrate::fill_drive(net, &net.steps, util, &mut drive);
            }
            if current != (into, lost) {
                current = (into, lost);
                avail = match &lost {
                    None => model.available(net, &plants[into], &loads, &normal, &Lost::default()),
                    Some(l) => model.available(net, &plants[into], &loads, &tripped, l),
                };
            }
            let st = if to - from >= h - tiny {
                integrate::step(
                    net, &net.steps, &mut state, &mut peak, &drive, drive_heat, &loads, &avail,
                    c_chw, None,
                )
            } else {
                // A part of a step: its own rack coefficients, drive and weighted sum.
                let steps = model.rack_steps(index, to - from);
                part_drive.resize(net.len(), 0.0);
                let heat = integrate::fill_drive(net, &steps, util_at(into), &mut part_drive);
                state.weighted = integrate::weighted(&state, &steps);
                let st = integrate::step(
                    net,
                    &steps,
                    &mut state,
                    &mut peak,
                    &part_drive,
                    heat,
                    &loads,
                    &avail,
                    c_chw,
                    None,
                );
                state.weighted = integrate::weighted(&state, &net.steps);
                st
            };
            // Written so that a NaN counts as an exceedance.
            let rack = (st.max_inlet > allow_hi || st.max_inlet.is_nan())
                .then(|| crossing((from, last.1), (to, st.max_inlet), allow_hi));
            let liquid = (loads.liquid > 0.0 && (state.fw > net.liquid_max_c || state.fw.is_nan()))
                .then(|| crossing((from, last.2), (to, state.fw), net.liquid_max_c));
            match (rack, liquid) {
                (Some(t), l) if l.is_none_or(|l| t <= l) => {
                    return Some((
                        t,
                        !failed,
                        rack_event(model, net, &state, st.max_inlet, allow_hi),
                    ));
                }
                (_, Some(t)) => {
                    return Some((
                        t,
                        !failed,
                        Exceedance::LiquidSupply {
                            hall: hall.name.clone(),
                            supply_c: state.fw,
                            limit_c: net.liquid_max_c,
                        },
                    ));
                }
                _ => {}
            }
            last = (to, st.max_inlet, state.fw);
        }
    }
    None
}

/// When a quantity that went from `from.1` at time `from.0` to `to.1` at `to.0` crossed
/// `limit`, by linear interpolation; the start if it was already above, the end if the values
/// cannot tell (NaN). Between steps the hottest inlet is the maximum of the racks' inlets,
/// each close to linear over a step, and the maximum of linear functions lies below the line
/// between its ends, so the interpolated time is, if anything, early.
fn crossing(from: (f64, f64), to: (f64, f64), limit: f64) -> f64 {
    let f = (limit - from.1) / (to.1 - from.1);
    if from.1 > limit {
        from.0
    } else if f.is_finite() && (0.0..=1.0).contains(&f) {
        from.0 + f * (to.0 - from.0)
    } else {
        to.0
    }
}

/// Names the hottest rack once the hall's hottest inlet crossed the bound: the rack kernel
/// only keeps the maximum, so the rack is found again here (once per run).
fn rack_event(
    model: &Model,
    net: &HallNetwork,
    state: &HallState,
    max: f64,
    limit: f64,
) -> Exceedance {
    let rack = (0..net.len())
        .map(|i| (i, integrate::inlet(net, state, i)))
        .fold((0, f64::NEG_INFINITY), |a, b| if b.1 > a.1 { b } else { a })
        .0;
    let hall = &model.site.hall[net.hall];
    Exceedance::RackInlet {
        hall: hall.name.clone(),
        rack,
        rack_type: model.site.rack[net.rack_type(rack)].name.clone(),
        inlet_c: max,
        limit_c: limit,
        class: format!("{:?}", net.class),
    }
}

/// The distribution of ride-through over start hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EveryHour {
    /// The scenario.
    pub scenario: String,
    /// Minutes followed after each failure; a start hour that rides through counts as this.
    pub horizon_minutes: f64,
    /// Shortest ride-through (minutes).
    pub min_minutes: f64,
    /// 5th percentile (nearest rank).
    pub p5_minutes: f64,
    /// Median.
    pub p50_minutes: f64,
    /// Start hours (0–8759) at which the site does not ride through the horizon.
    pub hours_not_riding_through: Vec<usize>,
    /// The worst start hour's result.
    pub worst: RideThrough,
}

/// Starts `scenario` at each of the 8760 hours in turn (in parallel), reporting
/// [`Phase::EveryHour`].
pub fn every_hour(model: &Model, scenario: &Scenario) -> Result<EveryHour, ThermalError> {
    every_hour_counted(
        model,
        scenario,
        &model.control.steps(Phase::EveryHour, HOURS),
    )
}

/// [`every_hour`], counting each start hour done on `steps`.
pub(crate) fn every_hour_counted(
    model: &Model,
    scenario: &Scenario,
    steps: &Steps,
) -> Result<EveryHour, ThermalError> {
    let runs: Vec<RideThrough> = first_error_in_order(
        (0..HOURS)
            .into_par_iter()
            .map(|hour| {
                let run = ride_through(model, scenario, hour);
                steps.advance(1);
                run
            })
            .collect(),
    )?;
    let horizon = model.options.horizon_s / 60.0;
    let minutes = |r: &RideThrough| r.minutes.unwrap_or(horizon);
    let mut sorted: Vec<f64> = runs.iter().map(minutes).collect();
    sorted.sort_by(f64::total_cmp);
    let worst = runs
        .iter()
        .reduce(|a, b| if minutes(b) < minutes(a) { b } else { a })
        .cloned()
        .ok_or(ThermalError::Weather(0))?;
    Ok(EveryHour {
        scenario: scenario.name.clone(),
        horizon_minutes: horizon,
        min_minutes: sorted[0],
        p5_minutes: nearest_rank(&sorted, 0.05),
        p50_minutes: nearest_rank(&sorted, 0.5),
        hours_not_riding_through: runs
            .iter()
            .filter(|r| !r.rides_through())
            .map(|r| r.start_hour)
            .collect(),
        worst,
    })
}

#[cfg(test)]
mod tests {
    use super::above;

    #[test]
    fn a_temperature_over_its_limit_reads_as_over_it() {
        assert_eq!(above(32.04, 32.0), "32.04");
        assert_eq!(above(32.5, 32.0), "32.5");
        assert_eq!(above(35.123_456, 32.0), "35.1");
        assert_eq!(above(32.0001, 32.0), "32.000");
    }
}
