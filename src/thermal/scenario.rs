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

use crate::physics::psychro::{AirState, saturation_humidity_ratio};
use crate::site::{GeneratorRole, Site};
use crate::weather::WeatherHour;

/// Hottest dry-bulb a heat wave may raise any hour of the weather year to (°C): the top of
/// the range over which the psychrometrics and plant curves are documented to hold
/// (`physics::psychro`: −40 to 60 °C), and above the hottest air temperature on record
/// (56.7 °C, Death Valley, 1913, WMO).
pub const MAX_DRY_BULB_C: f64 = 60.0;

/// Coldest dry-bulb a (negative) weather offset may lower any hour to (°C): the bottom of the
/// same range.
pub const MIN_DRY_BULB_C: f64 = -40.0;

/// The hour `w` in a heat wave `k` kelvin hotter (or, for `k < 0`, a colder spell): the
/// dry-bulb raised by `k` at the same humidity ratio and pressure, the wet-bulb, dew point,
/// relative humidity and enthalpy recomputed from them.
///
/// Why the humidity ratio and not the relative humidity: a heat wave is the same air mass
/// heated (subsidence, sunshine, dry soil), not moister air; over a hot day the dew point
/// stays nearly flat while the dry-bulb climbs and the relative humidity falls. Holding the
/// relative humidity would add moisture with the heat: at 35 °C and 40 % a 10 K heat wave
/// would take the wet-bulb from 24 to about 33 °C, beyond almost every wet-bulb ever
/// observed, and adding K to the wet-bulb (as before) is the same error. A humid extreme is a
/// design wet-bulb, not a heat wave. Colder air that would be supersaturated keeps the
/// saturation humidity ratio (the excess condenses).
pub fn heat_wave(w: &WeatherHour, k: f64) -> WeatherHour {
    if k == 0.0 {
        return *w;
    }
    let dry_bulb = w.dry_bulb_c + k;
    let ratio = w
        .humidity_ratio
        .min(saturation_humidity_ratio(dry_bulb, w.pressure_pa));
    let air = AirState::from_humidity_ratio(dry_bulb, ratio, w.pressure_pa);
    WeatherHour::from_air((w.month, w.day, w.hour), &air, w.ghi_w_per_m2)
}

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
    /// Added to the dry-bulb at the same humidity ratio ([`heat_wave`]) (K).
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
    fn a_heat_wave_heats_the_same_air_mass() {
        // 35 °C, dew point 20 °C at sea level: humidity ratio 0.01474 kg/kg. A 10 K heat wave
        // keeps it (and the dew point); the wet-bulb follows from ASHRAE eq. 33 at 45 °C with
        // that humidity ratio. By hand (psychrometric chart, 101.325 kPa): 35 °C / 20 °C dew
        // point has a wet-bulb of about 24.1 °C; 45 °C at the same moisture about 27.0 °C,
        // i.e. the wet-bulb rises by well under half the dry-bulb's 10 K (adding 10 K to it,
        // as before, meant far moister air).
        let w = WeatherHour::new((7, 1, 15), 35.0, 20.0, 0.41, 101_325.0, 800.0);
        let hot = heat_wave(&w, 10.0);
        assert!((hot.dry_bulb_c - 45.0).abs() < 1e-12);
        assert!((hot.humidity_ratio - w.humidity_ratio).abs() < 1e-12);
        assert!((hot.dew_point_c - 20.0).abs() < 1e-3, "{hot:?}");
        assert!((w.wet_bulb_c - 24.1).abs() < 0.3, "{w:?}");
        assert!((hot.wet_bulb_c - 27.0).abs() < 0.3, "{hot:?}");
        // Exact inverse: the humidity ratio from (45 °C, that wet-bulb) by eq. 33.
        let back =
            crate::physics::psychro::humidity_ratio_from_wet_bulb(45.0, hot.wet_bulb_c, 101_325.0);
        assert!((back - w.humidity_ratio).abs() < 1e-6, "{back}");
        // No heat wave: the hour unchanged, bit for bit.
        assert_eq!(heat_wave(&w, 0.0), w);
        // A colder spell below the dew point keeps saturated air, not supersaturated.
        let cold = heat_wave(&w, -20.0);
        assert!((cold.dry_bulb_c - 15.0).abs() < 1e-12);
        assert!(
            cold.rel_humidity <= 1.0 + 1e-9 && cold.wet_bulb_c <= 15.0 + 1e-9,
            "{cold:?}"
        );
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
