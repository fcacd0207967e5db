//! `[[generator]]` and `[[solar_pv]]`: on-site generation.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Technology of a fuel-burning generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GeneratorKind {
    /// Aeroderivative or frame gas turbine (natural gas).
    GasTurbine,
    /// Reciprocating gas engine.
    RecipEngine,
    /// Diesel generator set, usually standby.
    Diesel,
}

impl GeneratorKind {
    /// Default CO₂ emission factor of the fuel (kg per MMBtu): US EPA, *Emission Factors for
    /// Greenhouse Gas Inventories* (2024), Table 1: natural gas 53.06, distillate fuel oil
    /// No. 2 73.96.
    pub fn default_emissions_kg_per_mmbtu(self) -> f64 {
        match self {
            GeneratorKind::GasTurbine | GeneratorKind::RecipEngine => 53.06,
            GeneratorKind::Diesel => 73.96,
        }
    }
}

/// What a generator is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GeneratorRole {
    /// Runs whenever it is economic (prime or continuous power).
    Prime,
    /// Runs only when the utility fails (standby); counts toward backup redundancy.
    Backup,
}

/// A class of identical generator units that can be built in whole units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Generator {
    /// Unique name.
    pub name: String,
    /// Technology.
    pub kind: GeneratorKind,
    /// Role. Default: `backup` for diesel, `prime` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<GeneratorRole>,
    /// Net output of one unit at its rating conditions (MW): ISO 3977-2 (15 °C, sea level) for
    /// gas turbines, ISO 3046-1 declared power for engines. Each hour's output is derated for
    /// that hour's dry-bulb and the site's elevation (`data/ambient_derates.toml`); firm supply
    /// and backup count each unit at its lowest derate over the modelled hours.
    pub unit_mw: f64,
    /// Units already installed at the start of the horizon. Default 0.
    #[serde(default)]
    pub existing_units: u32,
    /// Most units the site can hold (permits, space, gas supply).
    pub max_units: u32,
    /// Size the class in MW (any fraction of `max_units × unit_mw`) instead of whole units:
    /// for screening studies, and for small modular units where the count hardly matters.
    /// Default false.
    #[serde(default)]
    pub continuous_sizing: bool,
    /// Installed cost (USD per kW of net output).
    pub capex_usd_per_kw: f64,
    /// Fixed operation and maintenance (USD per kW-year). Default 0.
    #[serde(default)]
    pub fixed_om_usd_per_kw_year: f64,
    /// Variable operation and maintenance (USD/MWh generated). Default 0.
    #[serde(default)]
    pub variable_om_usd_per_mwh: f64,
    /// Full-load heat rate at the rating conditions (MMBtu of fuel per MWh, HHV; 9.4 = 9,400
    /// Btu/kWh); each hour's heat rate follows the ambient derate tables (gas turbines).
    pub heat_rate_mmbtu_per_mwh: f64,
    /// Fuel price (USD/MMBtu).
    pub fuel_usd_per_mmbtu: f64,
    /// CO₂ per MMBtu of fuel (kg). Default: US EPA factor for the kind's fuel
    /// (53.06 natural gas, 73.96 diesel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emissions_kg_per_mmbtu: Option<f64>,
    /// Years from order to commercial operation.
    pub lead_time_years: u32,
    /// Depreciable life (years). Default 25.
    #[serde(default = "default_generator_life")]
    pub lifetime_years: u32,
    /// Seconds from a utility failure until the unit carries load (backup units). Default 10,
    /// the NFPA 110 "Type 10" requirement for emergency power.
    #[serde(default = "default_start_delay")]
    pub start_delay_s: f64,
    /// Permitted running hours per unit and year, if limited (air permits for standby diesel
    /// are often 50–500 h).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_run_hours_per_year: Option<f64>,
    /// Forced-outage derate of a prime unit towards firm supply: its equivalent demand forced
    /// outage rate (`EFORd`, IEEE 762 / NERC GADS: the chance it is out or derated when
    /// needed), 0–0.5. Firm supply counts each unit at (1 − rate) of its derated output.
    /// Default 0: take it from the vendor's or the fleet's GADS statistics.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub forced_outage_rate: f64,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn default_generator_life() -> u32 {
    25
}

fn default_start_delay() -> f64 {
    10.0
}

impl Generator {
    /// The role, with the kind's default applied.
    pub fn role(&self) -> GeneratorRole {
        self.role.unwrap_or(match self.kind {
            GeneratorKind::Diesel => GeneratorRole::Backup,
            _ => GeneratorRole::Prime,
        })
    }

    /// CO₂ per MMBtu, with the kind's default applied.
    pub fn emissions_kg_per_mmbtu(&self) -> f64 {
        self.emissions_kg_per_mmbtu
            .unwrap_or_else(|| self.kind.default_emissions_kg_per_mmbtu())
    }
}

/// Solar PV whose AC capacity can be built up to a limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SolarPv {
    /// Unique name.
    pub name: String,
    /// Largest AC capacity the land allows (MW AC).
    pub max_mw_ac: f64,
    /// AC capacity already installed (MW AC). Default 0.
    #[serde(default)]
    pub existing_mw_ac: f64,
    /// Installed cost (USD per kW AC).
    pub capex_usd_per_kw_ac: f64,
    /// Fixed O&M (USD per kW AC-year). Default 0.
    #[serde(default)]
    pub fixed_om_usd_per_kw_year: f64,
    /// DC/AC ratio of the array (≥ 1). Default 1.3.
    #[serde(default = "default_dc_ac")]
    pub dc_ac_ratio: f64,
    /// Fraction of plane-of-array DC power delivered after losses (soiling, wiring, inverter,
    /// temperature) (0–1]. Default 0.86 (PVWatts' default 14 % system losses).
    #[serde(default = "default_pv_derate")]
    pub system_efficiency: f64,
    /// Hourly AC output per MW AC (0–1) for the weather year's 8760 hours, from a CSV file
    /// relative to the site file: one value per line from 1 January 00:00–01:00 (a header
    /// line, `#` comments and a leading time column are allowed), e.g. PVWatts' or SAM's
    /// hourly AC output divided by the array's AC rating. Without it, output is the weather
    /// file's GHI/1000 × `dc_ac_ratio` × `system_efficiency`, capped at 1 (then
    /// `dc_ac_ratio` and `system_efficiency` are all that describe the array).
    #[serde(default)]
    pub profile: Option<String>,
    /// Years from order to operation.
    pub lead_time_years: u32,
    /// Depreciable life (years). Default 30.
    #[serde(default = "default_pv_life")]
    pub lifetime_years: u32,
}

fn default_dc_ac() -> f64 {
    1.3
}

fn default_pv_derate() -> f64 {
    0.86
}

fn default_pv_life() -> u32 {
    30
}
