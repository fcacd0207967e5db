//! `[[hall]]`: data halls with their slots, cooling type, power chain and build cost.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::reliability::{AshraeClass, Redundancy};

/// How a hall removes rack heat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HallCooling {
    /// Air only: hosts racks whose `liquid_fraction` is 0.
    Air,
    /// Direct liquid cooling: hosts racks whose `liquid_fraction` is above 0; their remaining
    /// heat goes to air handlers.
    Liquid,
    /// Both: hosts air-cooled and liquid-cooled racks.
    Hybrid,
}

impl HallCooling {
    /// Whether a rack with this liquid fraction can be cooled here.
    pub fn hosts(self, liquid_fraction: f64) -> bool {
        match self {
            HallCooling::Air => liquid_fraction == 0.0,
            HallCooling::Liquid => liquid_fraction > 0.0,
            HallCooling::Hybrid => true,
        }
    }
}

/// A data hall: a building block with rack slots, built once (or existing).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hall {
    /// Unique name.
    pub name: String,
    /// Rack positions.
    pub slots: u32,
    /// Most power one rack position can be fed and cooled at (kW).
    pub max_rack_kw: f64,
    /// Heat removal type.
    pub cooling: HallCooling,
    /// ASHRAE air class the hall is run to. Default A1.
    #[serde(default = "default_class")]
    pub ashrae_class: AshraeClass,
    /// Supply (cold-aisle) air setpoint (°C); must lie in the class's allowable range.
    /// Default 24.
    #[serde(default = "default_supply_air")]
    pub supply_air_c: f64,
    /// UPS efficiency at typical load (0–1]. Default 0.96 (double conversion, 94–97 %).
    #[serde(default = "default_ups_eff")]
    pub ups_efficiency: f64,
    /// Transformer and distribution efficiency from the service entrance to the rack (0–1].
    /// Default 0.985.
    #[serde(default = "default_dist_eff")]
    pub distribution_efficiency: f64,
    /// Redundancy of the UPS modules. Default "N+1".
    #[serde(default = "default_ups_redundancy")]
    pub ups_redundancy: Redundancy,
    /// Rating of one UPS module (kW). Default 1250.
    #[serde(default = "default_ups_module")]
    pub ups_module_kw: f64,
    /// Installed cost of UPS modules (USD per kW of module rating), when they are costed apart
    /// from `capex_usd`; the plan then buys whole modules at `ups_redundancy`. Default 0
    /// (UPS included in the hall's capex).
    #[serde(default)]
    pub ups_capex_usd_per_kw: f64,
    /// Service life of UPS modules costed apart (years). Default 15 (vendors' design life of
    /// a double-conversion UPS, with capacitors and fans renewed within it).
    #[serde(default = "default_ups_life")]
    pub ups_lifetime_years: u32,
    /// Seconds the UPS batteries carry full load after a utility failure. Default 300.
    #[serde(default = "default_ride_through")]
    pub ups_ride_through_s: f64,
    /// Share of the hall's IT load that is critical: on UPS, on firm supply, backed up
    /// (0–1). Default 1. AI training halls that may pause can set less.
    #[serde(default = "default_critical")]
    pub critical_fraction: f64,
    /// Whether the hall already stands at the start of the horizon. Default false.
    #[serde(default)]
    pub existing: bool,
    /// Racks already installed at the start of the horizon, by rack type name, e.g.
    /// `{ "GB200 NVL72" = 256 }` (needs `existing = true`). Default none.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub existing_racks: std::collections::BTreeMap<String, u32>,
    /// Cost to build and fit out the hall, shell to white space (USD).
    pub capex_usd: f64,
    /// Years from order to ready for racks.
    pub lead_time_years: u32,
    /// Depreciable life (years). Default 39 (US nonresidential real property).
    #[serde(default = "default_hall_life")]
    pub lifetime_years: u32,
    /// Fixed operating cost once built (USD per year). Default 0.
    #[serde(default)]
    pub fixed_om_usd_per_year: f64,
    /// White-space floor area (m²), for the air volume. Default 3 m² per slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor_area_m2: Option<f64>,
    /// Clear height (m), for the air volume. Default 4.5.
    #[serde(default = "default_height")]
    pub ceiling_height_m: f64,
    /// Rack types allowed in this hall (by name). Default: every type that fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_racks: Option<Vec<String>>,
}

fn default_class() -> AshraeClass {
    AshraeClass::A1
}
fn default_supply_air() -> f64 {
    24.0
}
fn default_ups_eff() -> f64 {
    0.96
}
fn default_dist_eff() -> f64 {
    0.985
}
fn default_ups_redundancy() -> Redundancy {
    Redundancy::NPlus1
}
fn default_ups_life() -> u32 {
    15
}
fn default_ups_module() -> f64 {
    1250.0
}
fn default_ride_through() -> f64 {
    300.0
}
fn default_critical() -> f64 {
    1.0
}
fn default_hall_life() -> u32 {
    39
}
fn default_height() -> f64 {
    4.5
}

impl Hall {
    /// Floor area with the default applied (m²).
    pub fn floor_area_m2(&self) -> f64 {
        self.floor_area_m2.unwrap_or(3.0 * f64::from(self.slots))
    }

    /// The most GPUs the hall can ever hold: every slot filled with the densest rack type it
    /// can host (an upper bound no build plan can exceed).
    pub fn max_gpus(&self, racks: &[super::rack::RackType]) -> u64 {
        let densest = racks
            .iter()
            .filter(|r| self.can_host(r))
            .map(|r| r.gpus)
            .max()
            .unwrap_or(0);
        u64::from(self.slots) * u64::from(densest)
    }

    /// Whether a rack type may be placed here: it fits the power and cooling, and is allowed.
    pub fn can_host(&self, rack: &super::rack::RackType) -> bool {
        rack.design_kw <= self.max_rack_kw
            && self.cooling.hosts(rack.liquid_fraction)
            && self
                .allowed_racks
                .as_ref()
                .is_none_or(|names| names.contains(&rack.name))
    }
}
