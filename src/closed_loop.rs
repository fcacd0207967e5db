//! The plan ↔ simulate loop: a plan is reported only after its builds have been run through
//! the thermal simulator at design conditions, and re-planned with more plant when they do
//! not hold.
//!
//! For every distinct build of a plan (the years with the same racks and plant in service),
//! [`simulate_plan`] runs
//!
//! * the weather year with every rack at the design load: no hour whose weather is within
//!   the design days' (dry-bulb, coincident wet-bulb) pairs may leave the allowable ASHRAE
//!   class or the liquid W class (hours beyond them are reported only);
//! * the design hour (the weather year's hottest hour at or below the design dry-bulb,
//!   raised to it) with nothing failed, for the failure horizon: the plant must hold it;
//! * each of the site's `[reliability] ride_through_minutes` targets, started at the design
//!   hour.
//!
//! [`plan_that_holds`] plans, simulates, and when a build does not hold changes what the
//! planner must build — one step more redundancy of what fell short, or the chilled-water
//! pumps on UPS for an outage — and plans again, for at most [`LoopOptions::rounds`] rounds;
//! every round is reported.
//!
//! The planner never runs the simulator (DESIGN: `thermal` reads a plan, `plan` knows no
//! physics beyond its rows): this module sits above both.

use crate::control::{Control, Phase};
use crate::plan::document::ComponentKind;
use crate::plan::simulated::{BuildSimulation, DesignSimulation, Round, TargetResult};
use crate::plan::{self, Outcome, Plan, PlanError, PlanOptions, Timings};
use crate::site::design_basis::DesignBasis;
use crate::site::{LoadedSite, Redundancy};
use crate::thermal::{self, Installed, Model, Scenario, SimOptions, ThermalError};
use crate::weather::WeatherHour;

/// How the loop simulates and how long it keeps trying.
#[derive(Debug, Clone, PartialEq)]
pub struct LoopOptions {
    /// Re-plans after the first plan at most (0: simulate and report only). Default 3.
    pub rounds: usize,
    /// Time step of the annual runs (s). Default 3600: the racks' exact exponential update
    /// and the implicit air nodes make hour steps agree with 60 s steps on PUE to 1e-6 and on
    /// inlet percentiles to 0.15 K (`thermal` tests), at a sixtieth of the cost.
    pub annual_step_s: f64,
    /// Time step of the design-hour and failure runs (s). Default 60, the simulator's.
    pub failure_step_s: f64,
}

impl Default for LoopOptions {
    fn default() -> Self {
        LoopOptions {
            rounds: 3,
            annual_step_s: 3600.0,
            failure_step_s: SimOptions::default().step_s,
        }
    }
}

/// Simulates every distinct build of `plan` at the site's design basis
/// ([`LoadedSite::design_basis`]: its design IT load, and the hottest of its design days'
/// dry-bulbs), as the module docs say. `control` stops it ([`LoopError::Cancelled`]) and
/// hears [`Phase::DesignSimulation`], the share of builds done.
pub fn simulate_plan(
    loaded: &LoadedSite,
    plan: &Plan,
    options: &LoopOptions,
    control: &Control,
) -> Result<DesignSimulation, LoopError> {
    let site = &loaded.site;
    let basis = loaded.design_basis()?;
    let weather = loaded.weather.hours();
    let design_db = basis
        .days
        .iter()
        .map(|d| d.conditions.dry_bulb_c)
        .fold(f64::NEG_INFINITY, f64::max);
    // Failures start at the hottest hour within the design dry-bulb, raised to it: the design
    // hour is at the design conditions, whether the weather year is cooler or hotter.
    let hour = (0..weather.len())
        .filter(|&h| weather[h].dry_bulb_c <= design_db)
        .max_by(|&a, &b| {
            weather[a]
                .dry_bulb_c
                .total_cmp(&weather[b].dry_bulb_c)
                .then(b.cmp(&a))
        })
        .unwrap_or_else(|| thermal::hottest_hour(weather));
    let heatwave_k = weather
        .get(hour)
        .map_or(0.0, |w| (design_db - w.dry_bulb_c).max(0.0));
    let annual = SimOptions {
        step_s: options.annual_step_s,
        it_load: Some(basis.it_load_fraction),
        ..SimOptions::default()
    };
    let failures = SimOptions {
        step_s: options.failure_step_s,
        ..annual.clone()
    };
    let mut scenarios = vec![Scenario {
        name: "design hour".to_owned(),
        heatwave_k,
        ..Scenario::default()
    }];
    for name in site.reliability.ride_through_minutes.keys() {
        let mut s: Scenario = name
            .parse()
            .map_err(|e: thermal::scenario::ScenarioError| ThermalError::Setting(e.to_string()))?;
        s.heatwave_k += heatwave_k;
        scenarios.push(s);
    }
    let mut builds: Vec<(Installed, Vec<u32>)> = Vec::new();
    for y in &plan.years {
        // A year with no racks yet (a greenfield site's first years) has nothing to hold.
        if !y
            .in_service
            .iter()
            .any(|h| h.component.kind == ComponentKind::Racks && h.quantity.value() >= 0.5)
        {
            continue;
        }
        let build = Installed::from_plan(site, plan, Some(y.year))?;
        match builds.last_mut() {
            Some((last, years)) if same_build(last, &build) => years.push(y.year),
            _ => builds.push((build, vec![y.year])),
        }
    }
    let design_wet_bulb_c = basis
        .days
        .iter()
        .map(|d| d.conditions.wet_bulb_c)
        .fold(f64::NEG_INFINITY, f64::max);
    let runs = Runs {
        annual,
        failures,
        scenarios,
        hour,
        within_design: weather.iter().map(|w| basis.bring_within(w)).collect(),
        basis,
    };
    // The runs inside stop with the loop but report nothing of their own: the loop's
    // phase is the builds.
    let quiet = Control::new().with_cancel(control.cancel().clone());
    let steps = control.steps(Phase::DesignSimulation, builds.len());
    let mut out = Vec::with_capacity(builds.len());
    for (build, years) in &builds {
        out.push(simulate_build(loaded, build, years, &runs, &quiet)?);
        steps.advance(1);
    }
    Ok(DesignSimulation {
        it_load_fraction: runs.basis.it_load_fraction,
        design_hour: hour,
        design_dry_bulb_c: weather.get(hour).map_or(0.0, |w| w.dry_bulb_c) + heatwave_k,
        design_wet_bulb_c,
        heatwave_k,
        annual_step_s: options.annual_step_s,
        failure_step_s: options.failure_step_s,
        holds: out.iter().all(|b| b.holds),
        builds: out,
        rounds: Vec::new(),
    })
}

/// Racks and plant alike (the source text aside).
fn same_build(a: &Installed, b: &Installed) -> bool {
    a.racks == b.racks
        && a.chillers == b.chillers
        && a.towers == b.towers
        && a.dry_coolers == b.dry_coolers
        && a.generators == b.generators
        && a.chw_storage_m3.to_bits() == b.chw_storage_m3.to_bits()
        && a.blocks == b.blocks
}

/// What every build is run through: the annual and failure settings, the scenarios (the
/// design hour first, then the targets), the design hour, the design conditions and the
/// weather year brought within them ([`DesignBasis::bring_within`]).
struct Runs {
    annual: SimOptions,
    failures: SimOptions,
    scenarios: Vec<Scenario>,
    hour: usize,
    basis: DesignBasis,
    within_design: Vec<WeatherHour>,
}

fn simulate_build(
    loaded: &LoadedSite,
    build: &Installed,
    years: &[u32],
    runs: &Runs,
    control: &Control,
) -> Result<BuildSimulation, ThermalError> {
    let Runs {
        annual,
        failures,
        scenarios,
        hour,
        basis,
        within_design,
    } = runs;
    let hour = *hour;
    let mut model = Model::new(loaded, build, annual)?.controlled(control);
    let year = thermal::annual::year(&model)?;
    // The year again with every hour beyond the design conditions brought within them: what
    // the build is judged on.
    model.weather = within_design;
    let within_year = thermal::annual::year(&model)?;
    let model = Model::new(loaded, build, failures)?.controlled(control);
    let rides = thermal::ride_through_all(&model, scenarios, hour)?;
    let targets = &loaded.site.reliability.ride_through_minutes;
    let ride_through: Vec<TargetResult> = rides[1..]
        .iter()
        .map(|r| {
            let target_minutes = targets.get(&r.scenario).copied().unwrap_or(0.0);
            TargetResult {
                scenario: r.scenario.clone(),
                target_minutes,
                minutes: r.minutes,
                first: r
                    .first
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                met: r.minutes.is_none_or(|m| m >= target_minutes),
                rack_inlet_first: matches!(
                    r.first,
                    Some(thermal::ride_through::Exceedance::RackInlet { .. })
                ),
            }
        })
        .collect();
    let fans = 1.0 + crate::site::plant::CoolingPowerRates::of(&loaded.site).crah_fan;
    let design_air_heat_mw = model.halls.iter().map(|n| n.design_heat.0).sum::<f64>() * fans / 1e6;
    let worst = |f: fn(&thermal::HallYear) -> usize| year.halls.iter().map(f).max().unwrap_or(0);
    let hours_outside_allowable = worst(|h| h.hours_outside_allowable);
    let hours_liquid_above_class = worst(|h| h.hours_liquid_above_class);
    // Hours outside in any hall: in the year brought within the design conditions, which
    // count against the build, and in the weather year as it is, at hours beyond them.
    let outside = |y: &thermal::YearReport| {
        let mut hours: Vec<usize> = y
            .halls
            .iter()
            .flat_map(|h| h.hours_outside.iter().copied())
            .collect();
        hours.sort_unstable();
        hours.dedup();
        hours
    };
    let within = outside(&within_year).len();
    let weather = loaded.weather.hours();
    let beyond = outside(&year)
        .into_iter()
        .filter(|&h| !basis.covers(&weather[h]))
        .count();
    let design_hour_minutes = rides[0].minutes;
    let holds = within == 0 && design_hour_minutes.is_none() && ride_through.iter().all(|t| t.met);
    Ok(BuildSimulation {
        years: years.to_vec(),
        racks: year.racks,
        pue: year.pue,
        wue_l_per_kwh: year.wue_l_per_kwh,
        inlet_max_c: year
            .halls
            .iter()
            .map(|h| h.inlet_max_c)
            .fold(f64::NEG_INFINITY, f64::max),
        hours_outside_allowable,
        hours_liquid_above_class,
        hours_outside_within_design: within,
        hours_outside_beyond_design: beyond,
        design_hour_minutes,
        ride_through,
        holds,
        design_air_heat_mw,
    })
}

/// The loop's result: the last round's outcome (a plan carries its design simulation, with
/// every round) and every round.
#[derive(Debug)]
pub struct LoopOutcome {
    /// The last round's outcome.
    pub outcome: Outcome,
    /// The rounds, in order.
    pub rounds: Vec<Round>,
}

/// Why the loop could not finish.
#[derive(Debug, thiserror::Error)]
pub enum LoopError {
    /// Planning failed.
    #[error(transparent)]
    Plan(PlanError),
    /// The simulation could not run.
    #[error("simulating the plan at design conditions: {0}")]
    Thermal(ThermalError),
    /// The run was cancelled ([`Control::cancel`]) before it finished.
    #[error("cancelled")]
    Cancelled,
    /// The site's design conditions could not be made.
    #[error("the design conditions: {0}")]
    Design(#[from] crate::weather::WeatherError),
}

impl From<ThermalError> for LoopError {
    /// A cancelled simulation is a cancelled loop; other errors are the simulation's.
    fn from(e: ThermalError) -> Self {
        match e {
            ThermalError::Cancelled => LoopError::Cancelled,
            other => LoopError::Thermal(other),
        }
    }
}

impl From<PlanError> for LoopError {
    /// A cancelled plan is a cancelled loop; other errors are the planner's.
    fn from(e: PlanError) -> Self {
        match e {
            PlanError::Cancelled => LoopError::Cancelled,
            other => LoopError::Plan(other),
        }
    }
}

/// Plans `loaded`, simulates the plan at design conditions and, while a build does not hold,
/// plans again with more of what fell short (see the module docs), at most `options.rounds`
/// times. `control` stops it at once between stages, within a solver iteration or an hour
/// of a simulated year inside them ([`LoopError::Cancelled`]), and hears every phase of
/// every round. The first round's infeasible or stopped outcome is returned as it is; a later round
/// that cannot plan ends the loop with the last plan (which does not hold), the failed round
/// listed. The plan is sealed against `loaded` (not the site a round strengthened), and its
/// timings add up every round's.
pub fn plan_that_holds(
    loaded: &LoadedSite,
    plan_options: &PlanOptions,
    options: &LoopOptions,
    control: &Control,
) -> Result<LoopOutcome, LoopError> {
    let mut site = loaded.clone();
    let mut rounds: Vec<Round> = Vec::new();
    let mut last: Option<Plan> = None;
    let mut change = "as the site states it".to_owned();
    let mut spent = Timings::default();
    loop {
        let outcome =
            plan::formulate(&site, plan_options, control)?.solve(plan_options, control)?;
        let mut plan = match (outcome, last.take()) {
            (Outcome::Planned { plan, timings }, _) => {
                spent.build_seconds += timings.build_seconds;
                spent.solve_seconds += timings.solve_seconds;
                plan
            }
            (outcome, None) => {
                return Ok(LoopOutcome { outcome, rounds });
            }
            (outcome, Some(previous)) => {
                rounds.push(Round {
                    round: rounds.len(),
                    change,
                    npv_usd: None,
                    holds: false,
                    why: match outcome {
                        Outcome::Infeasible(_) => "infeasible".to_owned(),
                        _ => "the solver stopped without a plan".to_owned(),
                    },
                });
                return finish(loaded, previous, spent, rounds);
            }
        };
        let simulation = simulate_plan(&site, &plan, options, control)?;
        rounds.push(Round {
            round: rounds.len(),
            change: change.clone(),
            npv_usd: Some(plan.objective_npv_usd),
            holds: simulation.holds,
            why: why_not(&simulation),
        });
        let steps = if simulation.holds || rounds.len() > options.rounds {
            Vec::new()
        } else {
            remedies(&site.site, &simulation)
        };
        plan.design_simulation = Some(simulation);
        if steps.is_empty() {
            return finish(loaded, plan, spent, rounds);
        }
        change = steps
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        for step in &steps {
            step.apply(&mut site.site);
        }
        last = Some(plan);
    }
}

/// What a round asks the planner for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Remedy {
    /// One step more redundancy of a kind of unit (from, to).
    Redundancy(Unit, Redundancy, Redundancy),
    /// The chilled-water pumps on UPS, so the loop's water keeps cooling the halls until the
    /// generators take the load.
    PumpsOnUps,
    /// A chilled-water tank of at least this many m³ (from, to).
    Storage(f64, f64),
}

impl Remedy {
    fn apply(self, site: &mut crate::site::Site) {
        match self {
            Remedy::Redundancy(unit, _, to) => *redundancy_of(site, unit) = to,
            Remedy::PumpsOnUps => site.cooling.pumps_on_ups = true,
            Remedy::Storage(_, to) => {
                if let Some(t) = &mut site.cooling.storage {
                    t.min_m3 = to;
                }
            }
        }
    }
}

impl std::fmt::Display for Remedy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Remedy::Redundancy(unit, from, to) => {
                write!(f, "{unit} redundancy {} → {}", from.label(), to.label())
            }
            Remedy::PumpsOnUps => f.write_str("chilled-water pumps on UPS"),
            Remedy::Storage(from, to) => {
                write!(f, "chilled-water storage {from:.0} → {to:.0} m³")
            }
        }
    }
}

/// Which redundancy a remedy raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// The cooling plant: chillers, towers, dry coolers.
    Plant,
    /// Air handlers.
    Crah,
    /// Coolant distribution units.
    Cdu,
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Unit::Plant => "cooling",
            Unit::Crah => "CRAH",
            Unit::Cdu => "CDU",
        })
    }
}

fn redundancy_of(site: &mut crate::site::Site, unit: Unit) -> &mut Redundancy {
    let c = &mut site.cooling;
    match unit {
        Unit::Plant => &mut c.redundancy,
        Unit::Crah => &mut c.crah.redundancy,
        Unit::Cdu => &mut c.cdu.redundancy,
    }
}

/// What the planner can build against each failure found: one step more redundancy of the
/// units whose loss (or shortfall) it was — the plant for the year, the design hour and
/// chiller and dry-cooler trips; air handlers for `crah-loss`; CDUs for `cdu-loss` — and, for
/// a missed `outage`, the chilled-water pumps on UPS. Where the site can build a chilled-water
/// tank (`[cooling.storage]`) and a plant failure with the pumps running (a chiller or
/// dry-cooler trip, an outage with the pumps on UPS) first takes a rack inlet out in a build
/// a new tank can reach (its lead time), the tank grows instead of the plant ([`tank_for`]). Units already at 2N, pumps already on UPS and a
/// tank at its `max_m3` get nothing more.
fn remedies(site: &crate::site::Site, sim: &DesignSimulation) -> Vec<Remedy> {
    let c = &site.cooling;
    let tank = c
        .storage
        .as_ref()
        .map(|t| (t.existing_m3.max(t.min_m3), t.max_m3))
        .filter(|(now, max)| now < max);
    // The first plan year a new tank can be in service.
    let tank_from = c
        .storage
        .as_ref()
        .map_or(u32::MAX, |t| site.site.start_year + t.lead_time_years);
    let mut wanted = Vec::new();
    let mut outage = false;
    let mut more_water: f64 = 0.0;
    for b in sim.builds.iter().filter(|b| !b.holds) {
        if b.hours_outside_within_design > 0 || b.design_hour_minutes.is_some() {
            wanted.push(Unit::Plant);
        }
        for t in b.ride_through.iter().filter(|t| !t.met) {
            let Ok(s) = t.scenario.parse::<Scenario>() else {
                continue;
            };
            let plant_lost = s.chillers_tripped > 0 || s.dry_coolers_tripped > 0;
            let pumps_run = !s.outage || c.pumps_on_ups;
            let in_time = b.years.iter().any(|&y| y >= tank_from);
            if tank.is_some()
                && in_time
                && t.rack_inlet_first
                && pumps_run
                && (plant_lost || s.outage)
            {
                more_water = more_water.max(tank_for(c, b, t));
            } else if plant_lost {
                wanted.push(Unit::Plant);
            }
            if s.crah_lost > 0 {
                wanted.push(Unit::Crah);
            }
            if s.cdu_lost > 0 {
                wanted.push(Unit::Cdu);
            }
            outage |= s.outage;
        }
    }
    let mut steps: Vec<Remedy> = [
        (Unit::Plant, c.redundancy),
        (Unit::Crah, c.crah.redundancy),
        (Unit::Cdu, c.cdu.redundancy),
    ]
    .into_iter()
    .filter(|(unit, _)| wanted.contains(unit))
    .filter_map(|(unit, from)| Some(Remedy::Redundancy(unit, from, stronger(from)?)))
    .collect();
    if outage && !c.pumps_on_ups {
        steps.push(Remedy::PumpsOnUps);
    }
    if let Some((now, max)) = tank
        && more_water > 0.0
    {
        steps.push(Remedy::Storage(now, (now + more_water).min(max)));
    }
    steps
}

/// Tank water (m³, whole) that carries build `b`'s design air-side heat for the minutes target
/// `t` falls short by, warming by the chilled-water ΔT (a stratified tank delivers its supply
/// temperature until the thermocline arrives), with a quarter more for what the simple
/// balance leaves out (mixing, the coil approach): the next round's simulation judges it.
fn tank_for(c: &crate::site::Cooling, b: &BuildSimulation, t: &TargetResult) -> f64 {
    let short_s = (t.target_minutes - t.minutes.unwrap_or(t.target_minutes)).max(0.0) * 60.0;
    let joules = 1.25 * b.design_air_heat_mw * 1e6 * short_s;
    (joules / (1000.0 * thermal::network::WATER_CP_J_PER_KG_K * c.chilled_water_delta_k)).ceil()
}

/// The loop's answer: `plan` with the rounds in its design simulation, sealed against the
/// site as given.
fn finish(
    loaded: &LoadedSite,
    mut plan: Plan,
    timings: Timings,
    rounds: Vec<Round>,
) -> Result<LoopOutcome, LoopError> {
    if let Some(sim) = &mut plan.design_simulation {
        sim.rounds.clone_from(&rounds);
    }
    plan.seal(loaded).map_err(PlanError::from)?;
    Ok(LoopOutcome {
        outcome: Outcome::Planned { plan, timings },
        rounds,
    })
}

/// The first build that does not hold, and why, in words; empty when all hold.
fn why_not(sim: &DesignSimulation) -> String {
    let Some(b) = sim.builds.iter().find(|b| !b.holds) else {
        return String::new();
    };
    let mut reasons = Vec::new();
    if b.hours_outside_within_design > 0 {
        reasons.push(format!(
            "{} h within the design conditions with a rack inlet outside its allowable class or \
             facility water above its W class",
            b.hours_outside_within_design
        ));
    }
    if let Some(m) = b.design_hour_minutes {
        reasons.push(format!("the design hour is lost after {m:.1} min"));
    }
    for t in b.ride_through.iter().filter(|t| !t.met) {
        reasons.push(format!(
            "{} rides through {:.1} min of {:.0}",
            t.scenario,
            t.minutes.unwrap_or(0.0),
            t.target_minutes
        ));
    }
    format!("{}: {}", b.years_label(), reasons.join(", "))
}

/// The next redundancy up, if any.
fn stronger(r: Redundancy) -> Option<Redundancy> {
    match r {
        Redundancy::N => Some(Redundancy::NPlus1),
        Redundancy::NPlus1 => Some(Redundancy::NPlus2),
        Redundancy::NPlus2 => Some(Redundancy::TwoN),
        Redundancy::TwoN => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colo() -> LoadedSite {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sites/colo-retrofit.toml");
        crate::site::load(&path).expect("the colo sample loads")
    }

    fn build(years: Vec<u32>, targets: Vec<TargetResult>) -> BuildSimulation {
        BuildSimulation {
            years,
            racks: 16,
            pue: 1.4,
            wue_l_per_kwh: 0.0,
            inlet_max_c: 26.0,
            hours_outside_allowable: 0,
            hours_liquid_above_class: 0,
            hours_outside_within_design: 0,
            hours_outside_beyond_design: 0,
            design_hour_minutes: None,
            holds: targets.iter().all(|t| t.met),
            ride_through: targets,
            design_air_heat_mw: 2.0,
        }
    }

    fn target(scenario: &str, minutes: f64, target_minutes: f64) -> TargetResult {
        TargetResult {
            scenario: scenario.to_owned(),
            target_minutes,
            minutes: Some(minutes),
            first: String::new(),
            met: minutes >= target_minutes,
            rack_inlet_first: true,
        }
    }

    fn simulation(builds: Vec<BuildSimulation>) -> DesignSimulation {
        DesignSimulation {
            it_load_fraction: 1.0,
            design_hour: 0,
            design_dry_bulb_c: 35.0,
            design_wet_bulb_c: 24.0,
            heatwave_k: 0.0,
            annual_step_s: 3600.0,
            failure_step_s: 60.0,
            holds: builds.iter().all(|b| b.holds),
            builds,
            rounds: Vec::new(),
        }
    }

    /// At an IT load of 1 every rack draws its design power in every hour, so the year's IT
    /// energy is Σ racks × design kW × 8760 h, whatever the utilisation profiles say.
    #[test]
    fn it_load_runs_every_rack_at_its_share_of_design_power() {
        let loaded = colo();
        let build = Installed::of_site(&loaded.site);
        let design_kw: f64 = build
            .racks
            .iter()
            .flat_map(|hall| hall.iter().zip(&loaded.site.rack))
            .map(|(&n, r)| f64::from(n) * r.design_kw)
            .sum();
        for load in [1.0, 0.5] {
            let options = SimOptions {
                step_s: 3600.0,
                it_load: Some(load),
                ..SimOptions::default()
            };
            let year = thermal::simulate_year(&loaded, &build, &options).expect("simulates");
            let expected = design_kw * load * 8760.0 / 1000.0;
            assert!(
                (year.it_mwh - expected).abs() < 1e-9 * expected,
                "{} MWh, expected {expected}",
                year.it_mwh
            );
        }
    }

    #[test]
    fn each_missed_target_raises_the_redundancy_of_what_was_lost() {
        let site = colo().site;
        // colo-retrofit: plant N+1, CRAH N+1, CDU at its default (N+1).
        let sim = simulation(vec![
            build(vec![2027], vec![target("chiller-trip:1", 4.0, 10.0)]),
            build(vec![2028], vec![target("crah-loss:2", 1.0, 5.0)]),
        ]);
        let steps = remedies(&site, &sim);
        assert_eq!(
            steps,
            vec![
                Remedy::Redundancy(Unit::Plant, Redundancy::NPlus1, Redundancy::NPlus2),
                Remedy::Redundancy(Unit::Crah, Redundancy::NPlus1, Redundancy::NPlus2),
            ]
        );
    }

    #[test]
    fn an_outage_puts_the_pumps_on_ups_once_and_2n_is_the_last_step() {
        let mut site = colo().site;
        // colo-retrofit leaves its pumps off the UPS (the default).
        let outage = simulation(vec![build(vec![2027], vec![target("outage", 3.0, 5.0)])]);
        assert_eq!(remedies(&site, &outage), vec![Remedy::PumpsOnUps]);
        site.cooling.pumps_on_ups = true;
        assert!(remedies(&site, &outage).is_empty());
        site.cooling.redundancy = Redundancy::TwoN;
        let mut short = build(vec![2027], vec![]);
        short.hours_outside_within_design = 12;
        short.holds = false;
        assert!(remedies(&site, &simulation(vec![short])).is_empty());
    }

    #[test]
    fn a_tank_grows_for_an_air_side_shortfall_it_can_reach() {
        let plant_n_plus_2 = vec![Remedy::Redundancy(
            Unit::Plant,
            Redundancy::NPlus1,
            Redundancy::NPlus2,
        )];
        // The helper build has 2 MW of design air heat; colo's chilled water runs at a 6 K ΔT.
        // A chiller trip that rides 5 min of a 15 min target wants, by hand,
        // 1.25 × 2 MW × 600 s / (1000 kg/m³ × 4180 J/(kg K) × 6 K) = 59.8 → 60 m³.
        let mut site = colo().site;
        site.cooling.storage = Some(crate::site::ChilledWaterStorage {
            capex_usd_per_m3: 1000.0,
            max_m3: 100.0,
            existing_m3: 0.0,
            min_m3: 0.0,
            lead_time_years: 0,
            lifetime_years: 30,
        });
        let trip = simulation(vec![build(
            vec![2027],
            vec![target("chiller-trip:2", 5.0, 15.0)],
        )]);
        assert_eq!(remedies(&site, &trip), vec![Remedy::Storage(0.0, 60.0)]);
        // The next round grows it from there, up to the site's max_m3.
        site.cooling.storage.as_mut().unwrap().min_m3 = 60.0;
        assert_eq!(remedies(&site, &trip), vec![Remedy::Storage(60.0, 100.0)]);
        site.cooling.storage.as_mut().unwrap().min_m3 = 100.0;
        assert_eq!(remedies(&site, &trip), plant_n_plus_2);
        // A tank with a lead time cannot reach a 2027 build: the plant takes it.
        let t = site.cooling.storage.as_mut().unwrap();
        (t.min_m3, t.lead_time_years) = (0.0, 1);
        assert_eq!(remedies(&site, &trip), plant_n_plus_2);
        // Facility water first: chilled-water storage does not carry the liquid side.
        site.cooling.storage.as_mut().unwrap().lead_time_years = 0;
        let mut liquid = target("chiller-trip:2", 5.0, 15.0);
        liquid.rack_inlet_first = false;
        let sim = simulation(vec![build(vec![2027], vec![liquid])]);
        assert_eq!(remedies(&site, &sim), plant_n_plus_2);
        // An outage needs the pumps on UPS before a tank helps.
        let outage = simulation(vec![build(vec![2027], vec![target("outage", 1.0, 2.0)])]);
        assert_eq!(remedies(&site, &outage), vec![Remedy::PumpsOnUps]);
        site.cooling.pumps_on_ups = true;
        // 1.25 × 2e6 × 60 / (4.18e6 × 6) = 5.98 → 6 m³.
        assert_eq!(remedies(&site, &outage), vec![Remedy::Storage(0.0, 6.0)]);
    }

    #[test]
    fn met_targets_and_holding_builds_ask_for_nothing() {
        let site = colo().site;
        let sim = simulation(vec![build(
            vec![2027],
            vec![target("chiller-trip:1", 30.0, 10.0)],
        )]);
        assert!(sim.holds);
        assert!(remedies(&site, &sim).is_empty());
        assert_eq!(why_not(&sim), "");
    }

    #[test]
    fn why_not_names_the_years_and_every_shortfall() {
        let mut b = build(vec![2029, 2030], vec![target("chiller-trip:1", 4.0, 10.0)]);
        b.hours_outside_within_design = 7;
        b.hours_outside_beyond_design = 3;
        b.design_hour_minutes = Some(2.5);
        assert_eq!(
            why_not(&simulation(vec![b])),
            "2029–2030: 7 h within the design conditions with a rack inlet outside its allowable \
             class or facility water above its W class, the design hour is lost after 2.5 min, \
             chiller-trip:1 rides through 4.0 min of 10"
        );
    }
}
