//! The weather year, hour by hour with sub-steps: PUE, WUE, energy, water, inlet percentiles
//! and hours outside the ASHRAE envelopes, streamed into aggregates as the halls run.

use rayon::prelude::*;
use serde::Serialize;

use super::integrate::{self, Removed};
use super::metrics::Histogram;
use super::network::HallNetwork;
use super::{HOURS, Installed, Lost, Model, SimOptions, SimSetting, ThermalError};
use crate::control::{Phase, Steps};
use crate::site::LoadedSite;
use crate::site::plant::{PlantHour, tower_water_m3_per_mwh};

/// One hall's year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HallYear {
    /// Hall name.
    pub hall: String,
    /// ASHRAE class it is run to.
    pub ashrae_class: String,
    /// Racks simulated.
    pub racks: usize,
    /// Median rack inlet over racks and hours (°C, sampled at each hour's end, 0.05 K bins).
    pub inlet_p50_c: f64,
    /// 95th percentile rack inlet (°C).
    pub inlet_p95_c: f64,
    /// 99th percentile rack inlet (°C).
    pub inlet_p99_c: f64,
    /// Hottest inlet of any rack at any step (°C).
    pub inlet_max_c: f64,
    /// Hours in which some rack inlet left the recommended range (below its lower or above
    /// its upper bound at the end of some step).
    pub hours_outside_recommended: usize,
    /// Hours in which some rack inlet left the allowable range of the hall's class (below or
    /// above).
    pub hours_outside_allowable: usize,
    /// Hottest facility-water supply (°C); `null` for a hall without liquid racks.
    pub liquid_supply_max_c: Option<f64>,
    /// Hours with the facility-water supply above the site's W class.
    pub hours_liquid_above_class: usize,
    /// Per rack (grouped by rack type, in site order): hottest inlet of the year (°C), for a
    /// heatmap.
    pub peak_inlet_c: Vec<f64>,
    /// The hours (0–8759) counted in `hours_outside_allowable` or `hours_liquid_above_class`,
    /// in order: which weather they fell in, for callers that judge them (the plan's design
    /// check). Not in the JSON report.
    #[serde(skip)]
    pub hours_outside: Vec<usize>,
}

/// Hourly site series (8760 values each).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Hourly {
    /// Rack IT power (MW).
    pub it_mw: Vec<f64>,
    /// Cooling electric power (MW).
    pub cooling_mw: Vec<f64>,
    /// Facility power: IT through UPS and distribution, plus cooling (MW).
    pub facility_mw: Vec<f64>,
    /// Tower water: evaporation, drift, blowdown (m³).
    pub water_m3: Vec<f64>,
}

/// Energy balance of the year over every node (MWh): heat in = heat removed + change in
/// stored heat.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EnergyBalance {
    /// IT heat and electrical losses into the halls.
    pub heat_in_mwh: f64,
    /// Heat the plant removed (free cooling and chillers).
    pub heat_removed_mwh: f64,
    /// Heat stored at the end less at the start.
    pub stored_change_mwh: f64,
    /// |in − removed − stored change| / in.
    pub closure_error: f64,
}

/// A simulated year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearReport {
    /// Where the build came from.
    pub build: String,
    /// Racks simulated.
    pub racks: usize,
    /// Time step (s).
    pub step_s: f64,
    /// Heat wave the year was run in (K added to every hour's dry-bulb at the same humidity
    /// ratio); 0 for the weather file as it is.
    pub heatwave_k: f64,
    /// IT energy (MWh).
    pub it_mwh: f64,
    /// Cooling energy (MWh).
    pub cooling_mwh: f64,
    /// Facility energy (MWh).
    pub facility_mwh: f64,
    /// Annual PUE: facility energy / IT energy.
    pub pue: f64,
    /// Tower water (m³).
    pub water_m3: f64,
    /// Annual WUE: water litres per kWh of IT.
    pub wue_l_per_kwh: f64,
    /// The site's water allowance (m³/year), if any.
    pub water_limit_m3: Option<f64>,
    /// Whether the water use stays within the allowance (`null` without one).
    pub water_within_limit: Option<bool>,
    /// Hours whose chiller curves were evaluated with clamped inputs.
    pub clamped_chiller_hours: usize,
    /// Energy closure.
    pub energy: EnergyBalance,
    /// Per hall.
    pub halls: Vec<HallYear>,
    /// Hourly series.
    pub hourly: Hourly,
}

/// One hall's year before the site-wide reduction.
struct HallRun {
    year: HallYear,
    it_w: Vec<f64>,
    cooling_w: Vec<f64>,
    facility_w: Vec<f64>,
    tower_j: Vec<f64>,
    heat_in_j: f64,
    removed_j: f64,
    stored_change_j: f64,
}

/// Simulates the weather year on `build`.
pub fn simulate_year(
    loaded: &LoadedSite,
    build: &Installed,
    options: &SimOptions,
) -> Result<YearReport, ThermalError> {
    year(&Model::new(loaded, build, options)?)
}

/// Simulates the weather year of a prepared model (in its options' heat wave,
/// [`super::SimOptions::weather_offset_k`]).
pub fn year(model: &Model) -> Result<YearReport, ThermalError> {
    year_at(model, model.options.weather_offset_k)
}

/// Simulates the weather year of a prepared model in a heat wave of `offset` kelvin: every
/// hour's dry-bulb raised at the same humidity ratio ([`WeatherHour::warmed`](crate::weather::WeatherHour::warmed)), as a
/// scenario's `heatwave:K` raises it for ride-through. Reports [`Phase::Year`] to the
/// model's control and stops within an hour of the year once it is cancelled.
pub fn year_at(model: &Model, offset: f64) -> Result<YearReport, ThermalError> {
    year_counted(
        model,
        offset,
        &model.control.steps(Phase::Year, year_steps(model)),
    )
}

/// The steps [`year_counted`] counts: an hour of a hall.
pub(crate) fn year_steps(model: &Model) -> usize {
    model.halls.len() * HOURS
}

/// Hours of a hall between two progress counts.
const HOURS_PER_COUNT: usize = 73;

/// [`year_at`], counting each hall's hours on `steps` (of [`year_steps`] per year).
pub(crate) fn year_counted(
    model: &Model,
    offset: f64,
    steps: &Steps,
) -> Result<YearReport, ThermalError> {
    model.check_weather_offset(offset, || {
        (
            SimSetting::WeatherOffset,
            format!("a heat wave of {offset} K"),
        )
    })?;
    model.control.cancel().check(ThermalError::Cancelled)?;
    let plants = plants_at(model, offset)?;
    let runs: Vec<HallRun> = model
        .halls
        .par_iter()
        .map(|net| {
            run_hall(
                model,
                net,
                &plants,
                &model.chillers_in_service(net, 0),
                steps,
            )
        })
        .collect();
    // A cancelled hall stopped part-way through the year: none of it is reduced.
    model.control.cancel().check(ThermalError::Cancelled)?;
    Ok(reduce(model, &plants, runs, offset))
}

/// The plant at every hour of the year in a heat wave of `offset` K. Collected first, so an
/// error is the earliest hour's whatever the threads did.
pub(crate) fn plants_at(model: &Model, offset: f64) -> Result<Vec<PlantHour>, ThermalError> {
    super::ride_through::first_error_in_order(
        (0..HOURS)
            .into_par_iter()
            .map(|h| model.plant_at(h, offset))
            .collect(),
    )
}

/// One hall's year; stops early (a partial run, not to be reduced) once the model's control
/// is cancelled.
fn run_hall(
    model: &Model,
    net: &HallNetwork,
    plants: &[PlantHour],
    chillers: &[u32],
    count: &Steps,
) -> HallRun {
    let site = model.site;
    let steps = model.options.steps_per_hour();
    let water_side = site.cooling.economizer.kind == crate::site::EconomizerKind::WaterSide;
    let dry = !site.cooling.dry_cooler.is_empty();
    let (allow_lo, allow_hi) = net.class.allowable_c();
    let (rec_lo, rec_hi) = net.class.recommended_c();
    let n = net.len();
    let mut state = integrate::steady_state(net, &model.utilization[0]);
    let mut drive = vec![0.0; n];
    let mut peak = vec![f64::NEG_INFINITY; n];
    let mut hist = Histogram::default();
    let start = integrate::stored(net, &state, net.c_chw);
    // Inlets only matter below the higher of the two lower bounds.
    let mut coldest = integrate::ColdestInlet::new(net, &state, rec_lo.max(allow_lo));
    let mut out = HallRun {
        year: HallYear {
            hall: site.hall[net.hall].name.clone(),
            ashrae_class: format!("{:?}", net.class),
            racks: n,
            inlet_p50_c: 0.0,
            inlet_p95_c: 0.0,
            inlet_p99_c: 0.0,
            inlet_max_c: f64::NEG_INFINITY,
            hours_outside_recommended: 0,
            hours_outside_allowable: 0,
            liquid_supply_max_c: None,
            hours_liquid_above_class: 0,
            peak_inlet_c: Vec::new(),
            hours_outside: Vec::new(),
        },
        it_w: Vec::with_capacity(HOURS),
        cooling_w: Vec::with_capacity(HOURS),
        facility_w: Vec::with_capacity(HOURS),
        tower_j: Vec::with_capacity(HOURS),
        heat_in_j: 0.0,
        removed_j: 0.0,
        stored_change_j: 0.0,
    };
    let has_liquid = net.design_heat.1 > 0.0;
    let mut fw_max = f64::NEG_INFINITY;
    let mut run = integrate::PeakRun::default();
    for (hour, plant) in plants.iter().enumerate() {
        if count.is_cancelled() {
            break;
        }
        if hour % HOURS_PER_COUNT == 0 && hour > 0 {
            count.advance(HOURS_PER_COUNT);
        }
        let util = &model.utilization[hour % 24];
        let loads = integrate::loads(net, util);
        let drive_heat = integrate::fill_drive(net, &net.steps, util, &mut drive);
        let avail = model.available(net, plant, &loads, chillers, &Lost::default());
        let mut removed = Removed::default();
        let mut hour_max = f64::NEG_INFINITY;
        let mut hour_min = f64::INFINITY;
        let drive_nonnegative = drive.iter().all(|&d| d >= 0.0);
        let mut fw_hour = f64::NEG_INFINITY;
        for _ in 0..steps {
            let st = integrate::step(
                net,
                &net.steps,
                &mut state,
                &mut peak,
                &drive,
                drive_heat,
                &loads,
                &avail,
                net.c_chw,
                Some(&mut run),
            );
            removed.air_free += st.removed.air_free;
            removed.liquid_free += st.removed.liquid_free;
            removed.chillers += st.removed.chillers;
            hour_max = hour_max.max(st.max_inlet);
            hour_min = hour_min.min(coldest.after_step(net, &state, drive_nonnegative));
            fw_hour = fw_hour.max(state.fw);
        }
        hour_max = hour_max.max(run.end_hour(&state.rack, &mut peak, net, state.supply));
        for i in 0..n {
            hist.add(integrate::inlet(net, &state, i));
        }
        // Written so that a NaN counts as outside.
        let within = |lo: f64, hi: f64| hour_min >= lo && hour_max <= hi;
        out.year.hours_outside_recommended += usize::from(!within(rec_lo, rec_hi));
        let air_out = !within(allow_lo, allow_hi);
        let liquid_out = has_liquid && (fw_hour > net.liquid_max_c || fw_hour.is_nan());
        out.year.hours_outside_allowable += usize::from(air_out);
        if has_liquid {
            fw_max = fw_max.max(fw_hour);
            out.year.hours_liquid_above_class += usize::from(liquid_out);
        }
        if air_out || liquid_out {
            out.year.hours_outside.push(hour);
        }
        let rates = &model.rates;
        let (mut chiller_w, mut tower_j) = (0.0, 0.0);
        for (share, rate, to_towers) in model.chiller_split(plant, chillers) {
            chiller_w += share * rate * removed.chillers / 3600.0;
            tower_j += share * to_towers * removed.chillers;
        }
        if water_side {
            tower_j += removed.air_free;
        }
        if !dry {
            tower_j += removed.liquid_free;
        }
        let cooling = rates.air_heat * (loads.rack_air + loads.losses)
            + rates.liquid_heat * loads.liquid
            + (rates.air_free * removed.air_free + rates.liquid_free * removed.liquid_free)
                / 3600.0
            + chiller_w;
        out.it_w.push(loads.it);
        out.cooling_w.push(cooling);
        out.facility_w
            .push(loads.it / net.chain_efficiency + cooling);
        out.tower_j.push(tower_j);
        out.heat_in_j += (loads.it + loads.losses + loads.fans) * 3600.0;
        out.removed_j += removed.total();
    }
    // The last count: the year is 120 counts of 73 hours.
    count.advance(HOURS_PER_COUNT);
    out.stored_change_j = integrate::stored(net, &state, net.c_chw) - start;
    // Percentiles are bin upper edges: never above the true maximum.
    let max = peak.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    out.year.inlet_p50_c = hist.quantile(0.5).min(max);
    out.year.inlet_p95_c = hist.quantile(0.95).min(max);
    out.year.inlet_p99_c = hist.quantile(0.99).min(max);
    out.year.inlet_max_c = max;
    out.year.liquid_supply_max_c = has_liquid.then_some(fw_max);
    out.year.peak_inlet_c = peak;
    out
}

/// Sums the halls in hall order (never in completion order), so the bytes do not depend on
/// the thread count.
fn reduce(model: &Model, plants: &[PlantHour], runs: Vec<HallRun>, offset: f64) -> YearReport {
    let per_mwh = tower_water_m3_per_mwh(model.site);
    let mut hourly = Hourly {
        it_mw: vec![0.0; HOURS],
        cooling_mw: vec![0.0; HOURS],
        facility_mw: vec![0.0; HOURS],
        water_m3: vec![0.0; HOURS],
    };
    let (mut heat_in, mut removed, mut stored) = (0.0, 0.0, 0.0);
    let mut halls = Vec::with_capacity(runs.len());
    for run in runs {
        for t in 0..HOURS {
            hourly.it_mw[t] += run.it_w[t] / 1e6;
            hourly.cooling_mw[t] += run.cooling_w[t] / 1e6;
            hourly.facility_mw[t] += run.facility_w[t] / 1e6;
            hourly.water_m3[t] += run.tower_j[t] / 3.6e9 * per_mwh;
        }
        heat_in += run.heat_in_j;
        removed += run.removed_j;
        stored += run.stored_change_j;
        halls.push(run.year);
    }
    let it_mwh: f64 = hourly.it_mw.iter().sum();
    let cooling_mwh: f64 = hourly.cooling_mw.iter().sum();
    let facility_mwh: f64 = hourly.facility_mw.iter().sum();
    let water_m3: f64 = hourly.water_m3.iter().sum();
    let limit = model.site.cooling.water_limit_m3_per_year;
    YearReport {
        build: model.build.source.clone(),
        racks: model.build.rack_count(),
        step_s: model.options.step_s,
        heatwave_k: offset,
        it_mwh,
        cooling_mwh,
        facility_mwh,
        pue: facility_mwh / it_mwh,
        water_m3,
        wue_l_per_kwh: water_m3 * 1000.0 / (it_mwh * 1000.0),
        water_limit_m3: limit,
        water_within_limit: limit.map(|l| water_m3 <= l),
        clamped_chiller_hours: plants
            .iter()
            .filter(|p| p.chillers.iter().any(|c| c.clamped))
            .count(),
        energy: EnergyBalance {
            heat_in_mwh: heat_in / 3.6e9,
            heat_removed_mwh: removed / 3.6e9,
            stored_change_mwh: stored / 3.6e9,
            closure_error: (heat_in - removed - stored).abs() / heat_in,
        },
        halls,
        hourly,
    }
}
