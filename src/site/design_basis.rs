//! The design basis of a loaded site: the IT load and the design days its plant and supply
//! are sized for. The planner models each design day as 24 hours of weight 0 (they count for
//! capacity, never for energy); the plan checker rebuilds them here to verify the plan.

use serde::{Deserialize, Serialize};

use super::LoadedSite;
use crate::weather::WeatherHour;

/// What the plant and supply are sized for.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignBasis {
    /// Design IT load as a fraction of the racks' design power (`design.it_load_fraction`).
    pub it_load_fraction: f64,
    /// The design days, each 24 hours of weather, midnight first.
    pub days: Vec<DesignDay>,
}

/// One design day: its conditions, where they came from, and its 24 hours of weather.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignDay {
    /// The conditions as a plan states them.
    pub conditions: DesignConditions,
    /// Calendar month the day is taken to fall in (1–12).
    pub month: u32,
    /// Its hours, hour-ending 1 first.
    pub hours: Vec<WeatherHour>,
}

/// The design conditions of a design day, as a plan states them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DesignConditions {
    /// What the day sizes (e.g. "hottest day of the weather year").
    pub name: String,
    /// Peak dry-bulb (°C).
    pub dry_bulb_c: f64,
    /// Wet-bulb at the peak dry-bulb hour (°C).
    pub wet_bulb_c: f64,
    /// Where the values come from.
    pub source: String,
}

impl LoadedSite {
    /// The site's design basis: `design.it_load_fraction` and, as the design day, the day of
    /// the weather year holding its hottest dry-bulb hour (the first such day on a tie).
    pub fn design_basis(&self) -> DesignBasis {
        let hours = self.weather.hours();
        let mut hottest = 0;
        for (i, h) in hours.iter().enumerate() {
            if h.dry_bulb_c > hours[hottest].dry_bulb_c {
                hottest = i;
            }
        }
        let first = hottest / 24 * 24;
        let peak = &hours[hottest];
        DesignBasis {
            it_load_fraction: self.site.design.it_load_fraction,
            days: vec![DesignDay {
                conditions: DesignConditions {
                    name: "hottest day of the weather year".to_owned(),
                    dry_bulb_c: peak.dry_bulb_c,
                    wet_bulb_c: peak.wet_bulb_c,
                    source: format!(
                        "weather year, {:02}-{:02} hour-ending {}",
                        peak.month, peak.day, peak.hour
                    ),
                },
                month: u32::from(peak.month),
                hours: hours[first..first + 24].to_vec(),
            }],
        }
    }
}
