//! Failure scenarios, alone or combined: what is lost, from the moment of failure on. The
//! grammar lives with the site, whose `reliability.ride_through_minutes` names scenarios;
//! the thermal simulator (`thermal::scenario`) runs them.
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
