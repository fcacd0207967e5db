//! What a plan says: the result types (serialised as `dcplan plan --format json`) and their
//! extraction from a solved model.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::formulation::dispatch::{critical_peak_value, facility_value};
use super::formulation::objective::{Accounts, USD_PER_UNIT, discount};
use super::formulation::{Context, Series, Vars};
use crate::site::Site;

/// Cost categories, as reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Halls, racks, UPS, CRAH/CDU.
    CapexIt,
    /// Generators, PV, batteries, grid upgrades.
    CapexPower,
    /// Chillers, towers, dry coolers.
    CapexCooling,
    /// Fixed operation and maintenance.
    FixedOm,
    /// Grid energy.
    Energy,
    /// Demand charges.
    Demand,
    /// PPA energy.
    Ppa,
    /// Generator fuel.
    Fuel,
    /// Generator variable O&M.
    VariableOm,
    /// Carbon price.
    Carbon,
}

impl Category {
    /// Whether this is a capital cost (counts against a capex budget).
    pub fn is_capex(self) -> bool {
        matches!(
            self,
            Category::CapexIt | Category::CapexPower | Category::CapexCooling
        )
    }
}

/// Version of the plan document. Version 2 added `fingerprints` and took the wall-clock
/// timings out of `stats` (they made every run's document different).
pub const SCHEMA_VERSION: u32 = 2;

/// The statuses a plan document can have: how the solves that yield a plan end.
pub const PLAN_STATUSES: [&str; 2] = [
    dcplan_solvers::Status::Optimal.name(),
    dcplan_solvers::Status::FeasibleWithGap.name(),
];

/// The result of planning a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Version of this document's shape.
    pub schema_version: u32,
    /// The site's name.
    pub site: String,
    /// Fingerprints of the site it was made from and of this document, for `dcplan check`
    /// (absent from documents older than version 2, which are refused by version).
    #[serde(default)]
    pub fingerprints: super::fingerprints::Fingerprints,
    /// How the solve ended (`optimal`, `feasible-with-gap`).
    pub status: String,
    /// Which backend solved it, and how.
    pub solver: String,
    /// Objective: "least-cost" (meet the targets at least NPV) or "max-gpu-years" (budget).
    pub objective: String,
    /// Net present cost of the plan (USD).
    pub objective_npv_usd: f64,
    /// The time resolution used (`rep:12`, `full`).
    pub resolution: String,
    /// Modelled hours per year.
    pub modelled_hours_per_year: usize,
    /// The modelled days: which weather hours they are and how many days each stands for
    /// (every year uses the same days).
    pub days: Vec<ModelledDay>,
    /// The design basis the plant and supply are sized for: the design IT load and the
    /// design days, whose hours follow the modelled days' in every hourly series (weight 0).
    pub design: DesignSummary,
    /// One entry per planning year.
    pub years: Vec<YearPlan>,
    /// Totals by cost category over the horizon (USD): nominal and discounted.
    pub costs: Vec<CostLine>,
    /// Solver statistics.
    pub stats: Stats,
    /// Notes a reader should see (clamped chiller curves, rounding, …).
    pub notes: Vec<String>,
    /// The builds simulated at design conditions (`None` when the plan was not simulated,
    /// e.g. `dcplan plan --no-simulate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design_simulation: Option<super::simulated::DesignSimulation>,
}

/// The design basis of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DesignSummary {
    /// Design IT load as a fraction of the racks' design power.
    pub it_load_fraction: f64,
    /// The design days, in the order their hours follow the modelled days (24 hours each).
    pub days: Vec<crate::site::design_basis::DesignConditions>,
}

/// One planning year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearPlan {
    /// Calendar year.
    pub year: u32,
    /// GPU target in force.
    pub gpus_target: u64,
    /// GPUs installed and online.
    pub gpus_online: u64,
    /// Design IT power of the installed racks (MW).
    pub it_mw: f64,
    /// Design IT load the plant and supply are sized for (MW): `it_mw` × the design IT load
    /// fraction.
    pub design_it_mw: f64,
    /// Highest hourly facility power (MW), design hours included.
    pub facility_peak_mw: f64,
    /// Energy-weighted PUE over the modelled hours.
    pub pue: f64,
    /// What is in service: count (or MW / MWh) per component.
    pub in_service: Vec<Holding>,
    /// Per redundancy block (none for a site with a single block): its halls, the plant
    /// units dedicated to it and its spares.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<BlockYear>,
    /// What comes into service this year, with its order year and cost.
    pub builds: Vec<Build>,
    /// Spare capacity at the year's tightest hour.
    pub headroom: Headroom,
    /// The tightest resource this year.
    pub binding: String,
    /// Energy over the year by source and use (MWh): supplies positive; uses (IT with its
    /// UPS and distribution losses, cooling, battery charging) negative. They sum to zero.
    pub energy_mwh: BTreeMap<String, f64>,
    /// Per contract: monthly peak import and billed demand (MW) and its firm capacity.
    pub demand: Vec<ContractDemand>,
    /// CO₂ emitted (tonnes).
    pub emissions_t: f64,
    /// Cooling-tower water: evaporation, blowdown and drift (m³).
    pub water_m3: f64,
    /// Cash out this year by category (USD, undiscounted): capex in its order year.
    pub costs_usd: BTreeMap<Category, f64>,
    /// Hourly operation, one value per modelled hour (days in order, 24 hours each, then the
    /// design days).
    pub dispatch: Dispatch,
}

/// A modelled day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelledDay {
    /// Calendar month, 1–12.
    pub month: u32,
    /// Day of the year, 1 = 1 January (its first weather hour is `(day_of_year − 1) × 24`).
    pub day_of_year: u32,
    /// Days of the year it stands for.
    pub weight: f64,
    /// Index of its first hour in the weather year's 8760 (its 24 hours follow).
    pub first_weather_hour: usize,
}

/// Hourly operation of one year (MW unless named otherwise), one value per modelled hour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Dispatch {
    /// Facility power drawn from all sources.
    pub facility_mw: Vec<f64>,
    /// Cooling electric power within it.
    pub cooling_mw: Vec<f64>,
    /// Air-side heat carried by free cooling (MW thermal).
    pub air_free_mw: Vec<f64>,
    /// Liquid-side heat carried by dry coolers or tower water (MW thermal).
    pub liquid_free_mw: Vec<f64>,
    /// Chilled-water load per chiller class (MW thermal).
    pub chiller_load_mw: BTreeMap<String, Vec<f64>>,
    /// Firm import per contract.
    pub import_firm_mw: BTreeMap<String, Vec<f64>>,
    /// Non-firm import per contract.
    pub import_non_firm_mw: BTreeMap<String, Vec<f64>>,
    /// PPA energy taken, per contract with a PPA.
    pub ppa_mw: BTreeMap<String, Vec<f64>>,
    /// Output per prime generator class.
    pub generation_mw: BTreeMap<String, Vec<f64>>,
    /// Output per PV class.
    pub pv_mw: BTreeMap<String, Vec<f64>>,
    /// Battery charging per battery.
    pub charge_mw: BTreeMap<String, Vec<f64>>,
    /// Battery discharging per battery.
    pub discharge_mw: BTreeMap<String, Vec<f64>>,
    /// Battery state of charge at the end of each hour (MWh).
    pub soc_mwh: BTreeMap<String, Vec<f64>>,
}

/// A quantity of one component in service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holding {
    /// Component kind (`hall`, `racks`, `chiller`, …).
    pub kind: String,
    /// Its name (`Hall A`, `Hall A / GB200 NVL72`, …).
    pub name: String,
    /// How many (units, racks, 0/1 for halls and upgrades; MW or MWh for PV and batteries).
    pub quantity: f64,
    /// Unit of `quantity`.
    pub unit: String,
}

/// A redundancy block's plant in one plan year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockYear {
    /// The block (a `[[block]]`, or the hall that is its own block).
    pub block: String,
    /// Its halls.
    pub halls: Vec<String>,
    /// Plant units dedicated to it, per class (kinds and names as in `in_service`).
    pub units: Vec<Holding>,
    /// Per plant family with rows this year: how many of its largest units the block could
    /// lose at the tighter design peak and still carry its design duty (N+1 asks for 1).
    pub spares: Vec<BlockSpare>,
}

/// A block's spare units of one plant family.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockSpare {
    /// `chillers`, `dry coolers`, `towers` or `backup generators`.
    pub family: String,
    /// The family's redundancy rule (`N+1`, …).
    pub rule: String,
    /// Spare units beyond what carries the block's duty.
    pub spare_units: f64,
}

/// Something that comes into service in a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Build {
    /// Component kind.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// How many added.
    pub quantity: f64,
    /// Unit of `quantity`.
    pub unit: String,
    /// First year in service.
    pub in_service_year: u32,
    /// Year it must be ordered: in-service year − lead time.
    pub order_by_year: u32,
    /// Capital cost (USD).
    pub capex_usd: f64,
}

/// Spare capacity in a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headroom {
    /// Firm supply (grid firm + upgrades + prime generation at its derates, less the largest
    /// prime units it holds out) above the critical peak (MW).
    pub power_mw: f64,
    /// Chiller capacity at the redundancy level above the chiller load, at the tightest hour
    /// (MW thermal); `null` without chillers.
    pub cooling_mw: Option<f64>,
    /// Empty rack positions in halls in service.
    pub slots: u64,
}

/// A contract's demand in one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContractDemand {
    /// Contract name.
    pub contract: String,
    /// Firm capacity in service (MW).
    pub firm_mw: f64,
    /// Highest import per month (MW), January first.
    pub peak_mw: Vec<f64>,
    /// Billed demand per month (MW) after the ratchet; equal to the peak without one.
    pub billed_mw: Vec<f64>,
}

/// A cost category over the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostLine {
    /// Category.
    pub category: Category,
    /// Sum of the yearly amounts (USD).
    pub nominal_usd: f64,
    /// Present value (USD).
    pub discounted_usd: f64,
}

/// Solver statistics as reported with a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Stats {
    /// Backend that produced the answer.
    pub backend: String,
    /// Columns.
    pub variables: usize,
    /// Integer columns.
    pub integer_variables: usize,
    /// Rows.
    pub constraints: usize,
    /// Non-zero coefficients.
    pub nonzeros: usize,
    /// Relative gap to the best bound, when known.
    pub gap: Option<f64>,
    /// Best bound on the objective (USD), when known.
    pub best_bound_usd: Option<f64>,
}

/// Wall-clock time of the run that made a plan. Not part of the plan document, so that the
/// same site and options give the same bytes on every run and at any thread count; the plan
/// table and a note on stderr show it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Timings {
    /// Seconds to build the model (formulation and backend input).
    pub build_seconds: f64,
    /// Seconds in the backend (every solve that led to the plan: relaxation, rounding,
    /// clean-up).
    pub solve_seconds: f64,
}

/// Reads the plan out of solved values.
pub(crate) fn extract(
    cx: &Context,
    vars: &Vars,
    accounts: &Accounts,
    values: &[f64],
) -> Vec<YearPlan> {
    let site = cx.site;
    let val = |v: dcplan_solvers::Var| values[v.index()];
    let start = site.site.start_year;
    (0..cx.years)
        .map(|k| {
            let year = start + k as u32;
            let gpus_online: u64 = site
                .hall
                .iter()
                .enumerate()
                .flat_map(|(h, _)| {
                    vars.build.racks[h]
                        .iter()
                        .zip(&site.rack)
                        .filter_map(move |(v, r)| v.as_ref().map(|v| (v[k], r)))
                })
                .map(|(v, r)| (val(v).round() as u64) * u64::from(r.gpus))
                .sum();
            let it_mw: f64 = site
                .hall
                .iter()
                .enumerate()
                .flat_map(|(h, _)| {
                    vars.build.racks[h]
                        .iter()
                        .zip(&site.rack)
                        .filter_map(move |(v, r)| v.as_ref().map(|v| (v[k], r)))
                })
                .map(|(v, r)| val(v).round() * r.design_kw / 1000.0)
                .sum();
            let facility: Vec<f64> = (0..cx.hours())
                .map(|t| facility_value(cx, &vars.op, values, k, t))
                .collect();
            let facility_peak_mw = facility.iter().copied().fold(0.0, f64::max);
            let pue = pue(cx, vars, values, k);
            let energy_mwh = energy(cx, vars, values, k);
            let headroom = headroom(cx, vars, values, k);
            let binding = binding(site, &headroom, k, vars, values);
            let costs_usd = accounts.costs[k]
                .iter()
                .map(|(c, e)| (*c, e.eval(values) * USD_PER_UNIT))
                .filter(|(_, v)| v.abs() > 0.5)
                .collect();
            YearPlan {
                year,
                gpus_target: site.demand.target_in(year),
                gpus_online,
                it_mw,
                design_it_mw: it_mw * site.design.it_load_fraction,
                facility_peak_mw,
                pue,
                in_service: holdings(site, vars, values, k),
                blocks: blocks(cx, vars, values, k),
                builds: builds(site, vars, values, k),
                headroom,
                binding,
                energy_mwh,
                demand: demand(cx, vars, values, k),
                emissions_t: accounts.emissions[k].eval(values),
                water_m3: accounts.water[k].eval(values),
                costs_usd,
                dispatch: dispatch(cx, vars, values, k),
            }
        })
        .collect()
}

/// Totals per category, nominal and discounted.
pub(crate) fn cost_lines(cx: &Context, accounts: &Accounts, values: &[f64]) -> Vec<CostLine> {
    let mut lines: BTreeMap<Category, (f64, f64)> = BTreeMap::new();
    for (k, year) in accounts.costs.iter().enumerate() {
        for (c, e) in year {
            let v = e.eval(values) * USD_PER_UNIT;
            let line = lines.entry(*c).or_default();
            line.0 += v;
            line.1 += v * discount(cx.site.site.discount_rate, k);
        }
    }
    lines
        .into_iter()
        .filter(|(_, (n, _))| n.abs() > 0.5)
        .map(|(category, (nominal_usd, discounted_usd))| CostLine {
            category,
            nominal_usd,
            discounted_usd,
        })
        .collect()
}

fn dispatch(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> Dispatch {
    use super::formulation::{HourlyQuantity, YearHours};
    let site = cx.site;
    let series = |block: &dyn HourlyQuantity| -> Vec<f64> {
        (0..cx.hours()).map(|t| block.value(k, t, values)).collect()
    };
    let named = |names: &mut dyn Iterator<Item = &String>,
                 blocks: &[YearHours]|
     -> BTreeMap<String, Vec<f64>> {
        names
            .zip(blocks)
            .map(|(n, b)| (n.clone(), series(b)))
            .collect()
    };
    let optional = |names: &mut dyn Iterator<Item = &String>,
                    blocks: &[Option<YearHours>]|
     -> BTreeMap<String, Vec<f64>> {
        names
            .zip(blocks)
            .filter_map(|(n, b)| b.as_ref().map(|b| (n.clone(), series(b))))
            .collect()
    };
    let op = &vars.op;
    Dispatch {
        facility_mw: (0..cx.hours())
            .map(|t| facility_value(cx, op, values, k, t))
            .collect(),
        cooling_mw: series(&op.cooling),
        air_free_mw: series(&op.air_free),
        liquid_free_mw: series(&op.liquid_free),
        chiller_load_mw: site
            .cooling
            .chiller
            .iter()
            .zip(&op.chiller_load)
            .map(|(c, load)| (c.name.clone(), series(load)))
            .collect(),
        import_firm_mw: named(
            &mut site.grid.contract.iter().map(|c| &c.name),
            &op.import_firm,
        ),
        import_non_firm_mw: named(
            &mut site.grid.contract.iter().map(|c| &c.name),
            &op.import_non_firm,
        ),
        ppa_mw: optional(
            &mut site.grid.contract.iter().map(|c| &c.name),
            &op.ppa_taken,
        ),
        generation_mw: optional(&mut site.generator.iter().map(|g| &g.name), &op.generation),
        pv_mw: named(&mut site.solar_pv.iter().map(|p| &p.name), &op.pv),
        charge_mw: named(&mut site.storage.iter().map(|s| &s.name), &op.charge),
        discharge_mw: named(&mut site.storage.iter().map(|s| &s.name), &op.discharge),
        soc_mwh: named(&mut site.storage.iter().map(|s| &s.name), &op.soc),
    }
}

fn pue(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> f64 {
    let (mut facility, mut it) = (0.0, 0.0);
    for (t, hour) in cx.hourly.hours.iter().enumerate() {
        facility += hour.weight * facility_value(cx, &vars.op, values, k, t);
        // PUE counts electrical losses as overhead, so IT comes from the racks directly.
        for (h, _) in cx.site.hall.iter().enumerate() {
            for (r, rack) in cx.site.rack.iter().enumerate() {
                if let Some(v) = &vars.build.racks[h][r] {
                    it += hour.weight * values[v[k].index()] * rack.design_kw / 1000.0
                        * cx.hourly.utilization[r][t];
                }
            }
        }
    }
    if it > 0.0 { facility / it } else { 0.0 }
}

fn energy(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> BTreeMap<String, f64> {
    use super::formulation::dispatch::{it_input_value, weighted_value};
    let site = cx.site;
    let mut out = BTreeMap::new();
    let mut add = |name: String, mwh: f64| {
        if mwh.abs() > 1e-6 {
            *out.entry(name).or_insert(0.0) += mwh;
        }
    };
    for (ci, c) in site.grid.contract.iter().enumerate() {
        add(
            format!("grid firm: {}", c.name),
            weighted_value(cx, &vars.op.import_firm[ci], k, values),
        );
        add(
            format!("grid non-firm: {}", c.name),
            weighted_value(cx, &vars.op.import_non_firm[ci], k, values),
        );
        if let (Some(p), Some(taken)) = (&c.ppa, &vars.op.ppa_taken[ci]) {
            add(
                format!("PPA: {}", p.name),
                weighted_value(cx, taken, k, values),
            );
        }
    }
    for (gi, g) in site.generator.iter().enumerate() {
        if let Some(out) = &vars.op.generation[gi] {
            add(
                format!("generator: {}", g.name),
                weighted_value(cx, out, k, values),
            );
        }
    }
    for (pi, p) in site.solar_pv.iter().enumerate() {
        add(
            format!("PV: {}", p.name),
            weighted_value(cx, &vars.op.pv[pi], k, values),
        );
    }
    for (si, s) in site.storage.iter().enumerate() {
        add(
            format!("battery discharge: {}", s.name),
            weighted_value(cx, &vars.op.discharge[si], k, values),
        );
        add(
            format!("battery charge: {}", s.name),
            -weighted_value(cx, &vars.op.charge[si], k, values),
        );
    }
    add(
        "cooling".to_owned(),
        -weighted_value(cx, &vars.op.cooling, k, values),
    );
    let it_input: f64 = cx
        .hourly
        .hours
        .iter()
        .enumerate()
        .map(|(t, hour)| hour.weight * it_input_value(cx, &vars.op, values, k, t))
        .sum();
    add("IT with UPS and distribution losses".to_owned(), -it_input);
    out
}

/// Headroom within this many MW per MW of firm supply of zero reads as zero (solver noise).
const SPARE_NOISE_PER_MW: f64 = 1e-6;

fn headroom(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> Headroom {
    let site = cx.site;
    let val = |v: dcplan_solvers::Var| values[v.index()];
    let mut firm: f64 = site.grid.contract.iter().map(|c| c.firm_mw).sum();
    for (ui, u) in site.grid.upgrade.iter().enumerate() {
        firm += u.adds_firm_mw * val(vars.build.upgrade[ui][k]).round();
    }
    let mut largest_prime: f64 = 0.0;
    for (gi, g) in site.generator.iter().enumerate() {
        if g.role() == crate::site::GeneratorRole::Prime {
            // Units sized continuously are MW, not a count to round (41.17 units of 1 MW are
            // 41.17 MW of firm supply, as the firm-supply row counts them).
            let units = val(vars.build.generator[gi][k]);
            let units = if g.continuous_sizing {
                units
            } else {
                units.round()
            };
            let unit = cx.hourly.generator_firm_mw[gi];
            firm += unit * units * (1.0 - g.forced_outage_rate);
            if units > 1e-6 {
                largest_prime = largest_prime.max(unit);
            }
        }
    }
    // Less the prime units firm supply holds out (while there is load, as the row does).
    if val(vars.op.in_service[k]) > 0.5 {
        firm -= f64::from(site.reliability.firm_units_out) * largest_prime;
    }
    // Spare within the solver's tolerance of zero is zero: a row that holds at a tolerance of
    // 1e-8 relative must not read as a deficit (−0.0 MW).
    let noise = SPARE_NOISE_PER_MW * firm.max(1.0);
    let denoise = |v: f64| if v < 0.0 && v > -noise { 0.0 } else { v };
    let power_mw = denoise(firm - critical_peak_value(cx, &vars.op, values, k));
    let cooling_mw = (!site.cooling.chiller.is_empty()).then(|| {
        let (spare, share) = site.cooling.redundancy.spare_and_share();
        // Spares are held only while there is load to protect (as the redundancy rows do).
        let spare = if val(vars.op.in_service[k]) > 0.5 {
            spare
        } else {
            0.0
        };
        // The spare is the largest unit in service, as the redundancy rows hold it.
        let several = vars.installed.chiller.iter().flatten().count() > 1;
        (0..cx.hours())
            .map(|t| {
                let mut available = 0.0;
                let mut largest: f64 = 0.0;
                let mut load = 0.0;
                for (i, ch) in site.cooling.chiller.iter().enumerate() {
                    let unit = ch.unit_mw * cx.hourly.chiller_capacity[i][t];
                    let units = val(vars.build.chiller[i][k]).round();
                    available += units * unit * share;
                    if ch.max_units > 0 && (!several || units > 0.0) {
                        largest = largest.max(unit);
                    }
                    load += vars.op.chiller_load[i].at(k, t).eval(values);
                }
                available - spare * largest - load
            })
            .fold(f64::INFINITY, f64::min)
    });
    let cooling_mw = cooling_mw.map(denoise);
    let slots = site
        .hall
        .iter()
        .enumerate()
        .map(|(h, hall)| {
            let built = val(vars.build.hall[h][k]).round();
            let used: f64 = vars.build.racks[h]
                .iter()
                .flatten()
                .map(|v| val(v[k]).round())
                .sum();
            (built * f64::from(hall.slots) - used).max(0.0) as u64
        })
        .sum();
    Headroom {
        power_mw,
        cooling_mw,
        slots,
    }
}

/// The tightest of space, firm power and cooling, relative to what is in service; the GPU
/// target when the plan builds no more than it must.
fn binding(site: &Site, headroom: &Headroom, k: usize, vars: &Vars, values: &[f64]) -> String {
    let built_slots: f64 = site
        .hall
        .iter()
        .enumerate()
        .map(|(h, hall)| values[vars.build.hall[h][k].index()].round() * f64::from(hall.slots))
        .sum();
    let mut candidates = vec![("slots", headroom.slots as f64 / built_slots.max(1.0))];
    let firm: f64 = site
        .grid
        .contract
        .iter()
        .map(|c| c.firm_mw)
        .sum::<f64>()
        .max(1.0);
    candidates.push(("firm power", headroom.power_mw / firm));
    if let Some(c) = headroom.cooling_mw {
        candidates.push(("cooling", c / firm));
    }
    candidates
        .into_iter()
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map_or_else(String::new, |(name, _)| name.to_owned())
}

fn holdings(site: &Site, vars: &Vars, values: &[f64], k: usize) -> Vec<Holding> {
    vars.series(site)
        .into_iter()
        .filter_map(|s| {
            let quantity = quantity(&s, values, k);
            (quantity > 1e-6).then(|| Holding {
                kind: s.kind.to_owned(),
                name: s.name,
                quantity,
                unit: s.unit.to_owned(),
            })
        })
        .collect()
}

fn blocks(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> Vec<BlockYear> {
    use super::formulation::blocks::{self as bl, Family};
    let site = cx.site;
    let plant_rule = site.cooling.redundancy.label();
    let backup_rule = site
        .backup_duty()
        .map(|d| d.redundancy.label())
        .unwrap_or_default();
    vars.blocks
        .blocks
        .iter()
        .map(|blk| {
            let mut units = Vec::new();
            for (_, kind, classes) in blk.units.each() {
                for (i, series) in classes.iter().enumerate() {
                    let Some(v) = series else { continue };
                    let quantity = values[v[k].index()].round();
                    if quantity > 0.5 {
                        units.push(Holding {
                            kind: kind.to_owned(),
                            name: bl::class_name(site, kind, i).to_owned(),
                            quantity,
                            unit: "units".to_owned(),
                        });
                    }
                }
            }
            // A block without load holds no spares.
            let loaded = values[blk.in_service[k].index()] > 0.5;
            let spares = bl::spares(cx, &vars.build, blk, values, k)
                .into_iter()
                .filter(|_| loaded)
                .map(|(family, spare_units)| BlockSpare {
                    family: family.label().to_owned(),
                    rule: if family == Family::Backup {
                        backup_rule.to_owned()
                    } else {
                        plant_rule.to_owned()
                    },
                    spare_units,
                })
                .collect();
            BlockYear {
                block: blk.name.clone(),
                halls: blk
                    .halls
                    .iter()
                    .map(|&h| site.hall[h].name.clone())
                    .collect(),
                units,
                spares,
            }
        })
        .collect()
}

/// In-service quantity of a series in year `k` (whole numbers rounded: solvers return 2.0000001).
fn quantity(s: &Series, values: &[f64], k: usize) -> f64 {
    let v = values[s.vars[k].index()];
    if s.integer { v.round() } else { v }
}

fn builds(site: &Site, vars: &Vars, values: &[f64], k: usize) -> Vec<Build> {
    let year = site.site.start_year + k as u32;
    vars.series(site)
        .into_iter()
        .filter_map(|s| {
            let before = if k == 0 {
                s.existing
            } else {
                quantity(&s, values, k - 1)
            };
            let added = quantity(&s, values, k) - before;
            (added > 1e-6).then(|| Build {
                kind: s.kind.to_owned(),
                name: s.name.clone(),
                quantity: added,
                unit: s.unit.to_owned(),
                in_service_year: year,
                order_by_year: year.saturating_sub(s.lead),
                capex_usd: added * s.unit_cost_usd,
            })
        })
        .collect()
}

fn demand(cx: &Context, vars: &Vars, values: &[f64], k: usize) -> Vec<ContractDemand> {
    cx.site
        .grid
        .contract
        .iter()
        .enumerate()
        .filter_map(|(ci, c)| {
            let months = vars.demand.get(ci)?.get(k)?;
            let mut firm = c.firm_mw;
            for (ui, u) in cx.site.grid.upgrade.iter().enumerate() {
                if u.contract == c.name {
                    firm += u.adds_firm_mw * values[vars.build.upgrade[ui][k].index()].round();
                }
            }
            Some(ContractDemand {
                contract: c.name.clone(),
                firm_mw: firm,
                peak_mw: months.peak.iter().map(|v| values[v.index()]).collect(),
                billed_mw: months.billed.iter().map(|v| values[v.index()]).collect(),
            })
        })
        .collect()
}
