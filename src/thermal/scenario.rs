//! Failure scenarios, alone or combined: what is lost, from the moment of failure on.
//!
//! A scenario is written as elements joined by `+`, e.g. `chiller-trip:2+outage`:
//!
//! | element | meaning |
//! | --- | --- |
//! | `chiller-trip[:N]` | N chiller units (default 1) trip, largest units first |
//! | `dry-cooler-trip[:N]` | N dry-cooler units trip |
//! | `crah-loss[:N]` | N CRAH units lost in every hall |
//! | `cdu-loss[:N]` | N CDUs lost in every hall |
//! | `outage` | utility outage: plant off until the generators start and chillers restart |
//! | `storage:M3` | a chilled-water tank of M3 m³ (site total) discharges into the loop |
//! | `heatwave:K` | the weather K kelvin hotter: dry-bulb + K at the same humidity ratio |

use std::fmt;
use std::str::FromStr;

use crate::site::{GeneratorRole, Site};

/// Hottest dry-bulb a heat wave may raise any hour of the weather year to (°C): the top of
/// the range over which the psychrometrics and plant curves are documented to hold
/// (`physics::psychro`: −40 to 60 °C), and above the hottest air temperature on record
/// (56.7 °C, Death Valley, 1913, WMO).
pub const MAX_DRY_BULB_C: f64 = 60.0;

/// Coldest dry-bulb a (negative) weather offset may lower any hour to (°C): the bottom of the
/// same range.
pub const MIN_DRY_BULB_C: f64 = -40.0;

/// Seconds a chiller takes to come back once its power returns (restart and load-up).
/// Assumed: quick-restart centrifugal chillers reload in 2–5 minutes; 3 minutes here.
pub const CHILLER_RESTART_S: f64 = 180.0;

/// A failure scenario.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scenario {
    /// The scenario as written.
    pub name: String,
    /// Chiller units tripped.
    pub chillers_tripped: u32,
    /// Dry-cooler units tripped.
    pub dry_coolers_tripped: u32,
    /// CRAH units lost per hall.
    pub crah_lost: u32,
    /// CDUs lost per hall.
    pub cdu_lost: u32,
    /// Whether the utility fails.
    pub outage: bool,
    /// Chilled-water storage volume, site total (m³).
    pub storage_m3: f64,
    /// Added to the dry-bulb at the same humidity ratio ([`WeatherHour::warmed`](crate::weather::WeatherHour::warmed)) (K).
    pub heatwave_k: f64,
}

/// Why a scenario could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "scenario `{spec}`: {reason}; expected elements joined by `+`: chiller-trip[:N], \
     dry-cooler-trip[:N], crah-loss[:N], cdu-loss[:N], outage, storage:M3, heatwave:K"
)]
pub struct ScenarioError {
    /// The text given.
    pub spec: String,
    /// What was wrong with it.
    pub reason: String,
}

impl FromStr for Scenario {
    type Err = ScenarioError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let err = |reason: String| ScenarioError {
            spec: spec.to_owned(),
            reason,
        };
        let mut s = Scenario {
            name: spec.to_owned(),
            ..Scenario::default()
        };
        for element in spec.split('+').map(str::trim) {
            let (key, value) = match element.split_once(':') {
                Some((k, v)) => (k, Some(v)),
                None => (element, None),
            };
            let count = || -> Result<u32, ScenarioError> {
                value.map_or(Ok(1), |v| {
                    v.parse()
                        .map_err(|_| err(format!("`{v}` is not a whole number of units")))
                })
            };
            let amount = |unit: &str| -> Result<f64, ScenarioError> {
                let v = value.ok_or_else(|| err(format!("`{key}` needs a value in {unit}")))?;
                v.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite() && *x >= 0.0)
                    .ok_or_else(|| err(format!("`{v}` is not a number ≥ 0 of {unit}")))
            };
            let add = |total: u32, n: u32| {
                total
                    .checked_add(n)
                    .ok_or_else(|| err(format!("`{key}` adds up to more than {} units", u32::MAX)))
            };
            match key {
                "chiller-trip" => s.chillers_tripped = add(s.chillers_tripped, count()?)?,
                "dry-cooler-trip" => {
                    s.dry_coolers_tripped = add(s.dry_coolers_tripped, count()?)?;
                }
                "crah-loss" => s.crah_lost = add(s.crah_lost, count()?)?,
                "cdu-loss" => s.cdu_lost = add(s.cdu_lost, count()?)?,
                "outage" if value.is_none() => s.outage = true,
                "storage" => s.storage_m3 += amount("m³")?,
                "heatwave" => s.heatwave_k += amount("K")?,
                _ => return Err(err(format!("unknown element `{element}`"))),
            }
        }
        Ok(s)
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// When power is back for the plant after a utility outage, and when IT is lost if the UPS
/// runs out first (seconds from the failure).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PowerTimeline {
    /// Plant (chillers, towers, dry coolers, plant pumps) back on generators; infinite without
    /// backup generation.
    pub plant_back_s: f64,
    /// Chillers back: plant power + restart.
    pub chillers_back_s: f64,
    /// IT lost because the UPS ran out before the generators took the load; `None` if the
    /// generators start in time.
    pub it_lost_s: Option<f64>,
}

impl PowerTimeline {
    /// The timeline of a utility outage at a hall with `ups_s` seconds of UPS ride-through,
    /// the site carrying `load_mw` (IT through UPS and distribution, and the cooling plant)
    /// with `units` generator units per class (site order) installed.
    ///
    /// The plant is back when the generators started so far (backup generators if the site
    /// has any, else every class; each class at its `start_delay_s`) first cover `load_mw`:
    /// a small fast unit that cannot carry the load does not bring the plant back. Never, if
    /// all of them together cannot. CRAH fans and CDU pumps are taken to be on UPS (they keep
    /// running); the rest of the plant is not.
    pub fn outage(site: &Site, units: &[u32], load_mw: f64, ups_s: f64) -> PowerTimeline {
        let gens = &site.generator;
        let backup = gens.iter().any(|g| g.role() == GeneratorRole::Backup);
        let mut classes: Vec<(f64, f64)> = gens
            .iter()
            .zip(units)
            .filter(|(g, _)| !backup || g.role() == GeneratorRole::Backup)
            .map(|(g, &n)| (g.start_delay_s, f64::from(n) * g.unit_mw))
            .collect();
        classes.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut started = 0.0;
        let start = classes
            .iter()
            .find(|&&(_, mw)| {
                started += mw;
                started > 0.0 && started >= load_mw
            })
            .map_or(f64::INFINITY, |c| c.0);
        PowerTimeline {
            plant_back_s: start,
            chillers_back_s: start + CHILLER_RESTART_S,
            it_lost_s: (ups_s < start).then_some(ups_s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combined_scenario_parses_every_element() {
        let s: Scenario = "chiller-trip:2+outage+storage:500+heatwave:3.5+crah-loss"
            .parse()
            .unwrap();
        assert_eq!(s.chillers_tripped, 2);
        assert!(s.outage);
        assert!((s.storage_m3 - 500.0).abs() < 1e-12);
        assert!((s.heatwave_k - 3.5).abs() < 1e-12);
        assert_eq!(s.crah_lost, 1);
    }

    #[test]
    fn nonsense_is_rejected_with_the_element_named() {
        let e = "chiller-trip:two".parse::<Scenario>().unwrap_err();
        assert!(e.to_string().contains("`two`"), "{e}");
        let e = "meteor".parse::<Scenario>().unwrap_err();
        assert!(e.to_string().contains("unknown element `meteor`"), "{e}");
        assert!("heatwave:-2".parse::<Scenario>().is_err());
    }
}
