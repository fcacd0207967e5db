//! The `[grid]` table: utility contracts, their tariffs, PPAs and interconnection upgrades.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Utility supply: contracts in force and upgrades that can be bought.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// Supply contracts with the utility (`[[grid.contract]]`).
    #[serde(default)]
    pub contract: Vec<GridContract>,
    /// Interconnection upgrades that add capacity to a contract after a lead time
    /// (`[[grid.upgrade]]`).
    #[serde(default)]
    pub upgrade: Vec<GridUpgrade>,
}

/// One supply contract: capacity, energy tariff, demand charges and an optional PPA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GridContract {
    /// Unique name, referred to by upgrades.
    pub name: String,
    /// Firm import capacity (MW): available in every hour, may serve critical load.
    pub firm_mw: f64,
    /// Non-firm (interruptible) import capacity on top of the firm part (MW). Default 0. It
    /// may serve any load: the firm supply rule (firm capacity + prime generation ≥ the
    /// critical peak) keeps the load that must not stop carried when it is curtailed.
    #[serde(default)]
    pub non_firm_mw: f64,
    /// Hours per year the utility may curtail the non-firm part (0–8760). Default 0. Taken
    /// as lost availability: in every hour non-firm import is at most its capacity ×
    /// (1 − hours / 8760), so the energy of riding the curtailments out comes from firm
    /// import and on-site supply, at their cost.
    #[serde(default)]
    pub non_firm_curtailment_hours: f64,
    /// Whether the non-firm part may serve only curtailable load (the non-critical share of
    /// IT input, `hall.critical_fraction`), as some interruptible tariffs require. Default
    /// false.
    #[serde(default)]
    pub non_firm_curtailable_load_only: bool,
    /// Energy price outside every time-of-use period (USD/MWh).
    pub energy_usd_per_mwh: f64,
    /// Time-of-use periods with their own energy price (`[[grid.contract.tou]]`); hours no
    /// period covers pay `energy_usd_per_mwh`. Periods must not overlap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tou: Vec<TouPeriod>,
    /// Demand charge on the month's billed peak (USD per kW-month). Default 0.
    #[serde(default)]
    pub demand_usd_per_kw_month: f64,
    /// Demand ratchet: billed demand is at least this fraction of the highest peak of the
    /// previous `ratchet_months` months (0–1; 0 = no ratchet). Default 0.
    #[serde(default)]
    pub ratchet: f64,
    /// Look-back window of the ratchet in months (1–12). Default 11.
    #[serde(default = "default_ratchet_months")]
    pub ratchet_months: u32,
    /// Grid carbon intensity (kg CO₂ per MWh imported). Default 0 (not accounted).
    #[serde(default)]
    pub emissions_kg_per_mwh: f64,
    /// A power purchase agreement delivered over this contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ppa: Option<Ppa>,
}

fn default_ratchet_months() -> u32 {
    11
}

/// A time-of-use period of an energy tariff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TouPeriod {
    /// Name of the period (e.g. "peak").
    pub name: String,
    /// Clock hours the period covers, as "START-END" with 0 ≤ START < END ≤ 24; hour h is in
    /// the period when START ≤ h < END (h = 0 is the hour from midnight to 1 am).
    pub hours: String,
    /// Months the period applies in (1–12). Default: all months.
    #[serde(default = "all_months")]
    pub months: Vec<u32>,
    /// Whether the period applies on weekdays only. Default false.
    #[serde(default)]
    pub weekdays_only: bool,
    /// Energy price in this period (USD/MWh).
    pub usd_per_mwh: f64,
}

fn all_months() -> Vec<u32> {
    (1..=12).collect()
}

impl TouPeriod {
    /// The `[start, end)` hours of the period, if `hours` is well formed.
    pub fn hour_range(&self) -> Option<(u32, u32)> {
        let (a, b) = self.hours.split_once('-')?;
        let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
        (a < b && b <= 24).then_some((a, b))
    }
}

/// How a PPA's deliveries are shaped over the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PpaShape {
    /// Constant output at capacity × `capacity_factor`.
    Flat,
    /// Proportional to the weather file's global horizontal irradiance.
    Solar,
    /// One capacity factor per month (`monthly_capacity_factor`), e.g. run-of-river hydro.
    Monthly,
}

/// A power purchase agreement: energy at a fixed price with a delivery shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ppa {
    /// Name of the PPA.
    pub name: String,
    /// Contracted capacity (MW).
    pub capacity_mw: f64,
    /// Price of delivered energy (USD/MWh).
    pub price_usd_per_mwh: f64,
    /// Delivery shape.
    pub shape: PpaShape,
    /// Capacity factor for the `flat` shape (0–1]. Default 1.
    #[serde(default = "one")]
    pub capacity_factor: f64,
    /// Twelve monthly capacity factors (each 0–1) for the `monthly` shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_capacity_factor: Option<Vec<f64>>,
    /// Whether undelivered-but-contracted energy is paid anyway (take-or-pay). Default true.
    #[serde(default = "yes")]
    pub take_or_pay: bool,
    /// Carbon intensity of PPA energy (kg CO₂/MWh). Default 0.
    #[serde(default)]
    pub emissions_kg_per_mwh: f64,
}

impl Ppa {
    /// Deliveries per MW of contracted capacity (0–1) in an hour of `month` (1–12) with global
    /// horizontal irradiance `ghi_w_per_m2`: the capacity factor (`flat`), GHI/1000 capped at
    /// 1 (`solar`), or the month's capacity factor (`monthly`). The planner and the checker
    /// both read PPA deliveries here.
    pub fn output_per_mw(&self, month: u32, ghi_w_per_m2: f64) -> f64 {
        match self.shape {
            PpaShape::Flat => self.capacity_factor,
            PpaShape::Solar => (ghi_w_per_m2 / 1000.0).clamp(0.0, 1.0),
            PpaShape::Monthly => self
                .monthly_capacity_factor
                .as_ref()
                .and_then(|m| m.get((month as usize).wrapping_sub(1)).copied())
                .unwrap_or(0.0),
        }
    }
}

fn one() -> f64 {
    1.0
}

fn yes() -> bool {
    true
}

/// An interconnection upgrade (e.g. a new substation) that adds capacity to a contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GridUpgrade {
    /// Unique name.
    pub name: String,
    /// The contract it adds capacity to (a `grid.contract` name).
    pub contract: String,
    /// Firm capacity added (MW).
    pub adds_firm_mw: f64,
    /// Non-firm capacity added (MW). Default 0.
    #[serde(default)]
    pub adds_non_firm_mw: f64,
    /// One-off cost paid by the site (USD).
    pub capex_usd: f64,
    /// Years from order to energisation; it cannot be in service before
    /// `start_year + lead_time_years`.
    pub lead_time_years: u32,
    /// Service life (years). Default 40 (substations and lines; US utilities depreciate
    /// transmission plant over 40–60 years).
    #[serde(default = "default_upgrade_life")]
    pub lifetime_years: u32,
}

fn default_upgrade_life() -> u32 {
    40
}
