//! The plan document: what `dcplan plan --format json` writes and `dcplan check`,
//! `dcplan simulate --plan`, finance, sweeps and a UI read (docs/plan-document.md). Plain
//! typed data with no display labels and nothing of the formulation: the planner fills it
//! in (`outcome.rs`), readers take it as it is.

mod flow;
mod read;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::site::accounts::{AssetClass, Category};
pub use crate::site::buildables::{ComponentKind, ComponentRef, Quantity, Unit};
pub use flow::{EnergyFlow, Flow};
pub use read::PlanReadError;

use super::fingerprints::Fingerprints;
use super::simulated::DesignSimulation;
use crate::site::Redundancy;
use crate::site::design_basis::DesignConditions;

/// Version of the plan document. Version 2 added `fingerprints` and took the wall-clock
/// timings out of `stats` (they made every run's document different); version 3 typed it:
/// components by kind and names, quantities keyed by their unit, energy by flow, and
/// enums for the status, objective, binding resource and spare families; version 4 books capex
/// by asset class with replacements and the residual value (`residual`), and prices water.
pub const SCHEMA_VERSION: u32 = 4;

/// How the solve that yielded a plan ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PlanStatus {
    /// Proven optimal.
    Optimal,
    /// Feasible, within a stated gap of the best bound.
    FeasibleWithGap,
}

impl PlanStatus {
    /// Its identifier as the document writes it (`optimal`, `feasible-with-gap`).
    pub fn name(self) -> &'static str {
        match self {
            PlanStatus::Optimal => "optimal",
            PlanStatus::FeasibleWithGap => "feasible-with-gap",
        }
    }
}

/// What the plan optimises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Objective {
    /// Meet the GPU targets at least net present cost.
    LeastCost,
    /// Most GPU-years within a capex budget.
    MaxGpuYears,
}

impl Objective {
    /// Its identifier as the document writes it (`least-cost`, `max-gpu-years`).
    pub fn name(self) -> &'static str {
        match self {
            Objective::LeastCost => "least-cost",
            Objective::MaxGpuYears => "max-gpu-years",
        }
    }
}

/// The resource with the least spare in a year, relative to what is in service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Resource {
    /// Rack positions in the halls in service.
    Slots,
    /// Firm supply above the critical peak.
    FirmPower,
    /// Chiller capacity above the chiller load.
    Cooling,
}

/// A plant family whose spare units a redundancy block holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpareFamily {
    /// Chillers.
    Chillers,
    /// Dry coolers.
    DryCoolers,
    /// Cooling towers.
    Towers,
    /// Backup generators.
    BackupGenerators,
}

/// The result of planning a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    /// Version of this document's shape.
    pub schema_version: u32,
    /// The site's name.
    pub site: String,
    /// Fingerprints of the site it was made from and of this document, for `dcplan check`
    /// (absent from documents older than version 2, which are refused by version).
    #[serde(default)]
    pub fingerprints: Fingerprints,
    /// How the solve ended.
    pub status: PlanStatus,
    /// Which backend solved it, and how.
    pub solver: String,
    /// What the plan optimises.
    pub objective: Objective,
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
    pub design_simulation: Option<DesignSimulation>,
}

/// The design basis of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DesignSummary {
    /// Design IT load as a fraction of the racks' design power.
    pub it_load_fraction: f64,
    /// The design days, in the order their hours follow the modelled days (24 hours each).
    pub days: Vec<DesignConditions>,
}

/// One planning year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
    /// What is in service: count (or MW, MWh, m³) per component.
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
    pub binding: Resource,
    /// Energy over the year by source and use, in site order (contracts, generators, PV,
    /// batteries, then cooling and IT): supplies positive; uses (IT with its UPS and
    /// distribution losses, cooling, battery charging) negative. They sum to zero. Flows of
    /// no energy (within 1e-6 MWh) are left out.
    pub energy: Vec<EnergyFlow>,
    /// Per contract: monthly peak import and billed demand (MW) and its firm capacity.
    pub demand: Vec<ContractDemand>,
    /// CO₂ emitted (tonnes).
    pub emissions_t: f64,
    /// Cooling-tower water: evaporation, blowdown and drift (m³).
    pub water_m3: f64,
    /// Cash out this year by category (USD, undiscounted): capex as the site's payment
    /// schedules pay it, replacements included; the residual value credited (negative) in
    /// the last year.
    pub costs_usd: BTreeMap<Category, f64>,
    /// Hourly operation, one value per modelled hour (days in order, 24 hours each, then the
    /// design days).
    pub dispatch: Dispatch,
}

/// A modelled day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Holding {
    /// Which component (`kind`, `name`, and `hall` for racks).
    #[serde(flatten)]
    pub component: ComponentRef,
    /// How many, keyed by unit (`racks`, `units`, `halls` 0/1, `mw_ac`, `mw`, `mwh`, …).
    #[serde(flatten)]
    pub quantity: Quantity,
}

/// A redundancy block's plant in one plan year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BlockSpare {
    /// Which plant family.
    pub family: SpareFamily,
    /// The family's redundancy rule (`N+1`, …).
    pub rule: Redundancy,
    /// Spare units beyond what carries the block's duty.
    pub spare_units: f64,
}

/// Something that comes into service in a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Build {
    /// Which component (`kind`, `name`, and `hall` for racks).
    #[serde(flatten)]
    pub component: ComponentRef,
    /// How many added, keyed by unit as in [`Holding`].
    #[serde(flatten)]
    pub quantity: Quantity,
    /// First year in service.
    pub in_service_year: u32,
    /// Year it must be ordered: in-service year − lead time.
    pub order_by_year: u32,
    /// Capital cost (USD).
    pub capex_usd: f64,
}

/// Spare capacity in a year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CostLine {
    /// Category.
    pub category: Category,
    /// Sum of the yearly amounts (USD).
    pub nominal_usd: f64,
    /// Present value (USD).
    pub discounted_usd: f64,
}

/// Solver statistics as reported with a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
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
    /// Proven lower bound on the optimal objective (USD), when known: `HiGHS`'s MIP dual
    /// bound, else the Lagrangian bound of the LP (relaxation)'s duals.
    pub best_bound_usd: Option<f64>,
}

/// The JSON Schema of the plan document (`dcplan schema --plan`).
pub fn json_schema() -> schemars::Schema {
    schemars::schema_for!(Plan)
}

#[cfg(test)]
mod tests {
    /// The document is read without the model: nothing of it imports the formulation (the
    /// formulation imports it, for `Category` and the component names it builds).
    #[test]
    fn the_document_imports_nothing_of_the_formulation() {
        for (file, text) in [
            ("document.rs", include_str!("document.rs")),
            ("flow.rs", include_str!("document/flow.rs")),
            ("read.rs", include_str!("document/read.rs")),
        ] {
            let imports = text
                .lines()
                .filter(|l| l.trim_start().starts_with("use ") || l.starts_with("pub use "));
            for line in imports {
                assert!(!line.contains("formulation"), "{file}: {line}");
            }
        }
    }
}
