//! `[[rack]]`: GPU rack types that can be installed in halls.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A rack type: GPUs, power, heat split and cost. A rack may start from a catalog entry
/// (`catalog = "gb200-nvl72"`, see `data/racks.toml`) and override any field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RackType {
    /// Unique name, used by halls' `allowed_racks`.
    pub name: String,
    /// Catalog entry this rack started from; its fields fill whatever the site does not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// GPUs per rack (0 for CPU or storage racks).
    pub gpus: u32,
    /// GPU model, informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gpu_model: Option<String>,
    /// Design (nameplate) IT power of the rack (kW): what power and cooling are sized for.
    pub design_kw: f64,
    /// Average draw as a fraction of design power (0–1].
    pub utilization: f64,
    /// Optional 24 hourly utilisation values (each 0–1], hour 0 = midnight to 1 am; replaces
    /// `utilization` hour by hour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utilization_profile_24h: Option<Vec<f64>>,
    /// Share of the rack's heat carried away by liquid (0–1; 0 = air-cooled).
    pub liquid_fraction: f64,
    /// Loaded rack mass (kg), for its thermal mass. Default 1000.
    #[serde(default = "default_mass")]
    pub mass_kg: f64,
    /// Cost of one rack with servers and in-rack networking (USD).
    pub capex_usd: f64,
    /// Years from order to installed.
    pub lead_time_years: u32,
    /// Depreciable life (years). Default 5.
    #[serde(default = "default_rack_life")]
    pub lifetime_years: u32,
    /// Where the figures come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

fn default_mass() -> f64 {
    1000.0
}
fn default_rack_life() -> u32 {
    5
}
