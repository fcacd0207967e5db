//! `[[storage]]`: batteries.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Storage technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StorageKind {
    /// Lithium-ion battery energy storage.
    #[default]
    Battery,
}

/// Energy storage whose power and energy are sized continuously.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Storage {
    /// Unique name.
    pub name: String,
    /// Technology. Default `battery`.
    #[serde(default)]
    pub kind: StorageKind,
    /// Cost of power capacity: inverters, interconnection (USD/kW).
    pub capex_usd_per_kw: f64,
    /// Cost of energy capacity: cells, racks (USD/kWh).
    pub capex_usd_per_kwh: f64,
    /// Fixed O&M (USD per kW-year). Default 0.
    #[serde(default)]
    pub fixed_om_usd_per_kw_year: f64,
    /// AC-to-AC round-trip efficiency (0–1].
    pub round_trip_efficiency: f64,
    /// Shortest allowed energy/power ratio (hours, > 0).
    pub min_duration_h: f64,
    /// Longest allowed energy/power ratio (hours, ≥ `min_duration_h`).
    pub max_duration_h: f64,
    /// Largest power the site can take (MW).
    pub max_power_mw: f64,
    /// Power already installed (MW). Default 0.
    #[serde(default)]
    pub existing_power_mw: f64,
    /// Energy already installed (MWh). Default 0.
    #[serde(default)]
    pub existing_energy_mwh: f64,
    /// Lowest state of charge kept in reserve (fraction of energy, 0 to <1). Default 0.1.
    #[serde(default = "default_min_soc")]
    pub min_state_of_charge: f64,
    /// Years from order to operation.
    pub lead_time_years: u32,
    /// Depreciable life (years). Default 15.
    #[serde(default = "default_battery_life")]
    pub lifetime_years: u32,
}

fn default_min_soc() -> f64 {
    0.1
}

fn default_battery_life() -> u32 {
    15
}
