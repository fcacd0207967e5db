//! The `[site]` table: where the site is, its weather, and the planning horizon.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::weather::DesignDaySpec;

/// Where the site is, what weather it sees and over which years it is planned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteInfo {
    /// Display name of the site.
    pub name: String,
    /// Latitude in degrees north (−90 to 90). Informational; the weather file's station is what
    /// the physics uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude_deg: Option<f64>,
    /// Longitude in degrees east (−180 to 180). Informational.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude_deg: Option<f64>,
    /// Elevation above sea level (m), used for air density and standard pressure.
    /// Default: the weather file's station elevation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub elevation_m: Option<f64>,
    /// Hourly weather for a typical year: an EnergyPlus EPW or NREL TMY3 CSV file, as a path
    /// relative to the site file. Give either `weather` or `design_day`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weather: Option<String>,
    /// A synthetic year in which every day repeats one design day (for sketches and tests).
    /// Give either `weather` or `design_day`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub design_day: Option<DesignDaySpec>,
    /// First planning year (calendar year, 2000–2100).
    pub start_year: u32,
    /// Number of planning years (1–50).
    pub years: u32,
    /// Real annual discount rate for NPV (0 to 0.5; e.g. 0.08 for 8 %).
    pub discount_rate: f64,
}

impl SiteInfo {
    /// The calendar years of the horizon, first to last.
    pub fn horizon(&self) -> std::ops::Range<u32> {
        self.start_year..self.start_year.saturating_add(self.years)
    }
}
