//! What the thermal simulation found when the plan was run at design conditions: the part of a
//! [`super::Plan`] that says whether its builds hold under dcplan's own physics.
//!
//! The types live with the plan (a plan file carries them); [`crate::closed_loop`] fills them
//! in, so the planner itself never runs the simulator.

use serde::{Deserialize, Serialize};

/// The plan's builds simulated at design load and design weather.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DesignSimulation {
    /// Every rack's share of its design power in every simulated hour.
    pub it_load_fraction: f64,
    /// Weather hour (0–8759) the failures and the design-hour run start at: the weather
    /// year's hottest hour within the design dry-bulb.
    pub design_hour: usize,
    /// Outdoor dry-bulb at the design hour, raised to the design dry-bulb (°C).
    pub design_dry_bulb_c: f64,
    /// Highest design wet-bulb (°C). An hour of the weather year counts against the plant
    /// when one design day is at least as hot (dry-bulb) and as humid (wet-bulb).
    pub design_wet_bulb_c: f64,
    /// How much the weather was raised at the design hour to reach the design dry-bulb (K):
    /// added to the dry-bulb and wet-bulb of every failure run.
    pub heatwave_k: f64,
    /// Time step of the annual runs (s).
    pub annual_step_s: f64,
    /// Time step of the design-hour and failure runs (s).
    pub failure_step_s: f64,
    /// One entry per distinct build, in plan-year order.
    pub builds: Vec<BuildSimulation>,
    /// Whether every build holds: no hour within the design conditions outside the allowable
    /// envelope or the liquid class through the year, the design hour held for the whole
    /// horizon, every ride-through target met.
    pub holds: bool,
    /// The plan ↔ simulate rounds that led to this plan (empty when it was simulated alone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Round>,
}

/// One distinct build (the plan years that have the same racks and plant in service).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BuildSimulation {
    /// The plan years with this build.
    pub years: Vec<u32>,
    /// Racks simulated.
    pub racks: usize,
    /// Annual PUE at design load.
    pub pue: f64,
    /// Annual WUE at design load (L/kWh of IT).
    pub wue_l_per_kwh: f64,
    /// Hottest rack inlet of the year in any hall (°C).
    pub inlet_max_c: f64,
    /// Hours of the year in which some hall had a rack inlet outside its allowable class
    /// (the worst hall's count).
    pub hours_outside_allowable: usize,
    /// Hours with some hall's facility water above its W class (the worst hall's count).
    pub hours_liquid_above_class: usize,
    /// Hours in which some hall was outside (either count above) while the weather was within
    /// the design conditions: the build does not hold if there is any.
    pub hours_outside_within_design: usize,
    /// Hours in which some hall was outside while the weather was hotter or more humid than
    /// the design conditions: beyond what the plant was sized for, reported only.
    pub hours_outside_beyond_design: usize,
    /// Minutes the build held at the design hour with nothing failed: `None` when it held
    /// for the whole horizon.
    pub design_hour_minutes: Option<f64>,
    /// Ride-through against each of the site's targets.
    pub ride_through: Vec<TargetResult>,
    /// Whether this build holds (see [`DesignSimulation::holds`]).
    pub holds: bool,
    /// Design air-side heat of the build (MW, losses and CRAH fans included): what a
    /// chilled-water tank must absorb while the plant is down. Not in the JSON.
    #[serde(skip)]
    pub design_air_heat_mw: f64,
}

impl BuildSimulation {
    /// Its years as a span: "2029–2031", or "2027" for one year.
    pub fn years_label(&self) -> String {
        match (self.years.first(), self.years.last()) {
            (Some(a), Some(z)) if a != z => format!("{a}–{z}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        }
    }
}

/// One ride-through target and what the simulation gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TargetResult {
    /// The failure scenario (as the site writes it).
    pub scenario: String,
    /// Minutes the site asks for.
    pub target_minutes: f64,
    /// Minutes to the first exceedance; `None` if it rode through the whole horizon.
    pub minutes: Option<f64>,
    /// What crossed first, in words; empty when nothing did.
    pub first: String,
    /// Whether the target is met.
    pub met: bool,
    /// Whether what crossed first was a rack inlet (the air side, which chilled-water storage
    /// carries), not facility water.
    #[serde(default)]
    pub rack_inlet_first: bool,
}

/// One pass of the plan ↔ simulate loop: what the planner was asked for, and what came of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Round {
    /// 0 for the first plan, then 1, 2, …
    pub round: usize,
    /// What changed before this round's plan ("as the site states it" for round 0).
    pub change: String,
    /// The round's NPV (USD), if it planned.
    pub npv_usd: Option<f64>,
    /// Whether its builds held at design conditions.
    pub holds: bool,
    /// Why not, in words (the first build that did not hold); empty when it held.
    #[serde(default)]
    pub why: String,
}
