//! Weather (temporary stub until the weather branch lands).
#![allow(missing_docs)]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DesignDaySpec {
    pub peak_dry_bulb_c: f64,
    pub daily_range_k: f64,
    pub coincident_wet_bulb_c: f64,
    #[serde(default)]
    pub elevation_m: f64,
}

#[derive(Debug, Clone)]
pub struct WeatherYear {
    pub hours: Vec<f64>,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct WeatherError(pub String);

pub fn read(path: &std::path::Path) -> Result<WeatherYear, WeatherError> {
    std::fs::read_to_string(path).map_err(|e| WeatherError(e.to_string()))?;
    Ok(WeatherYear { hours: vec![0.0; 8760] })
}

pub fn design_day(_spec: &DesignDaySpec) -> WeatherYear {
    WeatherYear { hours: vec![0.0; 8760] }
}
