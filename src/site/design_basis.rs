//! The design basis of a site: the IT load and the design days its plant and supply are
//! sized for. The planner models each design day as 24 hours of weight 0 (they count for
//! capacity, never for energy); the plan checker rebuilds them here to verify the plan.
//!
//! Two design days, as ASHRAE states annual design conditions (Handbook—Fundamentals, ch. 14):
//!
//! * the **dry-bulb** day peaks at `design.dry_bulb_c` with its mean coincident wet-bulb
//!   `design.mcwb_c` (e.g. the 0.4 % cooling condition), which air-cooled chillers, dry
//!   coolers and air-side economizers size on;
//! * the **wet-bulb** day peaks at `design.mcdb_c` with the design wet-bulb
//!   `design.wet_bulb_c` (e.g. the 0.4 % evaporation condition), which towers, water-cooled
//!   chillers and water-side economizers size on.
//!
//! A condition the site leaves out is derived from the weather year: the hour with the
//! highest dry-bulb (or wet-bulb), first on a tie, with both its dry-bulb and wet-bulb raised
//! by `design.margin_k`. Each day's 24 hours follow ASHRAE's daily-range profile below the
//! peak at a constant humidity ratio ([`crate::weather::design_day_hours`]), with
//! `design.daily_range_k` or, by default, the range of the weather year's day holding its
//! hottest hour. The pressure is the standard atmosphere at the site's elevation (or the
//! weather station's).

use serde::{Deserialize, Serialize};

use super::{LoadedSite, Site};
use crate::weather::{DesignDaySpec, WeatherError, WeatherHour, WeatherYear, design_day_hours};

/// What the plant and supply are sized for.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignBasis {
    /// Design IT load as a fraction of the racks' design power (`design.it_load_fraction`).
    pub it_load_fraction: f64,
    /// The design days (dry-bulb, then wet-bulb), each 24 hours of weather.
    pub days: Vec<DesignDay>,
}

/// One design day: its conditions, where they came from, and its 24 hours of weather.
#[derive(Debug, Clone, PartialEq)]
pub struct DesignDay {
    /// The conditions as a plan states them.
    pub conditions: DesignConditions,
    /// Calendar month the day is taken to fall in (1–12): that of the weather year's hour it
    /// was derived from, else of the year's hottest hour.
    pub month: u32,
    /// Its hours, hour-ending 1 first.
    pub hours: Vec<WeatherHour>,
}

/// The design conditions of a design day, as a plan states them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DesignConditions {
    /// Which design day: `dry-bulb` or `wet-bulb`.
    pub name: String,
    /// Dry-bulb at the day's peak hour (°C).
    pub dry_bulb_c: f64,
    /// Wet-bulb at the day's peak hour (°C).
    pub wet_bulb_c: f64,
    /// Dry-bulb range over the day (K).
    pub daily_range_k: f64,
    /// Where the values come from: the site's `design.source`, or how they were derived.
    pub source: String,
}

impl DesignDay {
    /// Index (0–23) of the day's hottest hour, the first on a tie: where its conditions are
    /// the design conditions.
    pub fn peak_hour(&self) -> usize {
        peak_hour(&self.hours, |h| h.dry_bulb_c)
    }
}

impl DesignBasis {
    /// Whether an hour's weather is within the design conditions: some design day's
    /// (dry-bulb, coincident wet-bulb) pair is at least as hot and as humid. Beyond them is
    /// beyond what the plant was sized for.
    pub fn covers(&self, w: &WeatherHour) -> bool {
        self.days.iter().any(|d| {
            w.dry_bulb_c <= d.conditions.dry_bulb_c && w.wet_bulb_c <= d.conditions.wet_bulb_c
        })
    }

    /// The hour brought within the design conditions: unchanged when [`Self::covers`] it,
    /// else cooled at its humidity ratio ([`WeatherHour::warmed`] by −k) by the least k that
    /// some design day's pair covers. The design check runs the year this way, so that an
    /// hour within the design conditions is judged on the plant alone, not on heat an hour
    /// beyond them left in the loops.
    pub fn bring_within(&self, w: &WeatherHour) -> WeatherHour {
        if self.covers(w) {
            return *w;
        }
        let cooling = |d: &DesignDay| {
            // Dry-bulb and wet-bulb both fall as the air cools at its humidity ratio: the
            // least k is found by bisection between the dry-bulb bound and where the
            // dry-bulb itself reaches the pair's wet-bulb.
            let (db, wb) = (d.conditions.dry_bulb_c, d.conditions.wet_bulb_c);
            let ok = |k: f64| {
                let x = w.warmed(-k);
                x.dry_bulb_c <= db && x.wet_bulb_c <= wb
            };
            let mut lo = (w.dry_bulb_c - db).max(0.0);
            if ok(lo) {
                return lo;
            }
            let mut hi = (w.dry_bulb_c - wb).max(lo);
            while !ok(hi) {
                hi += 1.0;
            }
            for _ in 0..60 {
                let mid = 0.5 * (lo + hi);
                if ok(mid) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            hi
        };
        let k = self.days.iter().map(cooling).fold(f64::INFINITY, f64::min);
        if k.is_finite() { w.warmed(-k) } else { *w }
    }

    /// Every condition the plant is sized for: the weather year's hours within the design
    /// conditions ([`Self::covers`]), then the design days' hours.
    ///
    /// A design day's peak is the hardest hour for what falls with heat (free cooling, dry
    /// coolers, air-cooled chillers), but not for everything: a water-cooled chiller at warm
    /// chilled water may have *less* capacity at low lift (the York YK set at 18 °C chilled
    /// water: 1.22 of rating at the campus's 23.7 °C design wet-bulb, 1.06 below 19 °C).
    /// Sizing on the lowest value over these hours makes every covered hour's capacity row
    /// implied by its design day's peak.
    pub fn sized_for<'a>(
        &'a self,
        weather: &'a [WeatherHour],
    ) -> impl Iterator<Item = &'a WeatherHour> + 'a {
        weather
            .iter()
            .filter(|w| self.covers(w))
            .chain(self.days.iter().flat_map(|d| &d.hours))
    }
}

impl LoadedSite {
    /// The site's design basis (see the module documentation).
    pub fn design_basis(&self) -> Result<DesignBasis, WeatherError> {
        design_basis(&self.site, &self.weather)
    }
}

/// The design basis of `site` with weather year `weather` (see the module documentation).
/// Fails only when given design values are not a possible air state (validation reports
/// that at the `[design]` table).
pub fn design_basis(site: &Site, weather: &WeatherYear) -> Result<DesignBasis, WeatherError> {
    let d = &site.design;
    let hours = weather.hours();
    let hottest = peak_hour(hours, |h| h.dry_bulb_c);
    let daily_range_k = d.daily_range_k.unwrap_or_else(|| {
        let first = hottest / 24 * 24;
        let day = &hours[first..first + 24];
        let max = day.iter().map(|h| h.dry_bulb_c).fold(f64::MIN, f64::max);
        let min = day.iter().map(|h| h.dry_bulb_c).fold(f64::MAX, f64::min);
        max - min
    });
    let elevation_m = site
        .site
        .elevation_m
        .unwrap_or(weather.station().elevation_m);
    let source = d.source.clone().unwrap_or_default();
    let days = [
        ("dry-bulb", (d.dry_bulb_c, d.mcwb_c), hottest, "hottest"),
        (
            "wet-bulb",
            (d.mcdb_c, d.wet_bulb_c),
            peak_hour(hours, |h| h.wet_bulb_c),
            "most humid (highest wet-bulb)",
        ),
    ]
    .into_iter()
    .map(|(name, given, peak, which)| {
        let at = &hours[peak];
        let (dry_bulb_c, wet_bulb_c, source, month) = match given {
            (Some(db), Some(wb)) => (db, wb, source.clone(), hours[hottest].month),
            _ => (
                at.dry_bulb_c + d.margin_k,
                at.wet_bulb_c + d.margin_k,
                format!(
                    "derived: the weather year's {which} hour ({:02}-{:02} hour-ending {}, {:.1} °C DB / {:.1} °C WB) + {} K margin",
                    at.month, at.day, at.hour, at.dry_bulb_c, at.wet_bulb_c, d.margin_k
                ),
                at.month,
            ),
        };
        let spec = DesignDaySpec {
            peak_dry_bulb_c: dry_bulb_c,
            daily_range_k,
            coincident_wet_bulb_c: wet_bulb_c,
            elevation_m,
            peak_ghi_w_per_m2: 0.0,
        };
        Ok(DesignDay {
            conditions: DesignConditions {
                name: name.to_owned(),
                dry_bulb_c,
                wet_bulb_c,
                daily_range_k,
                source,
            },
            month: u32::from(month),
            hours: design_day_hours(&spec)?,
        })
    })
    .collect::<Result<Vec<_>, WeatherError>>()?;
    Ok(DesignBasis {
        it_load_fraction: d.it_load_fraction,
        days,
    })
}

/// Index of the hour with the highest `value` (the first on a tie).
fn peak_hour(hours: &[WeatherHour], value: fn(&WeatherHour) -> f64) -> usize {
    let mut best = 0;
    for (i, h) in hours.iter().enumerate() {
        if value(h) > value(&hours[best]) {
            best = i;
        }
    }
    best
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
#[allow(clippy::float_cmp)] // the hottest hour is found by its own copied value
mod tests {
    use super::*;
    use crate::site::Design;

    fn campus() -> LoadedSite {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sites/ai-campus.toml");
        crate::site::load(&path).unwrap()
    }

    #[test]
    fn stated_conditions_shape_the_days() {
        // The campus states ASHRAE 2009 for Greensboro: 33.4 / 23.7 °C and 30.9 / 25.0 °C,
        // 9.9 K range. The peak (fraction 0 of the range) is at hour-ending 14 and 15, the
        // minimum (fraction 1) at hour-ending 5: 33.4 − 9.9 = 23.5 °C.
        let basis = campus().design_basis().unwrap();
        assert!((basis.it_load_fraction - 1.0).abs() < 1e-12);
        let [dry, wet] = &basis.days[..] else {
            panic!("{basis:?}")
        };
        assert_eq!(
            (dry.conditions.name.as_str(), wet.conditions.name.as_str()),
            ("dry-bulb", "wet-bulb")
        );
        assert!(dry.conditions.source.starts_with("ASHRAE 2009"));
        assert_eq!(dry.hours.len(), 24);
        assert!((dry.hours[14].dry_bulb_c - 33.4).abs() < 1e-9);
        assert!((dry.hours[14].wet_bulb_c - 23.7).abs() < 1e-3);
        assert!((dry.hours[4].dry_bulb_c - 23.5).abs() < 1e-9);
        assert!((wet.hours[14].dry_bulb_c - 30.9).abs() < 1e-9);
        assert!((wet.hours[14].wet_bulb_c - 25.0).abs() < 1e-3);
        // Greensboro's hottest month is July (the TMY3's hottest hour is on 9 July).
        assert_eq!((dry.month, wet.month), (7, 7));
    }

    #[test]
    fn absent_conditions_are_derived_from_the_weather_plus_the_margin() {
        // Without stated values: the TMY3's hottest hour, 35.6 °C (9 July, weather/README.md),
        // + 2 K = 37.6 °C, with that hour's wet-bulb + 2 K; the most humid hour's wet-bulb
        // + 2 K on the wet-bulb day. Read the hours back from the weather to compare.
        let mut site = campus();
        site.site.design = Design::default();
        let basis = site.design_basis().unwrap();
        let hours = site.weather.hours();
        let hottest = hours.iter().map(|h| h.dry_bulb_c).fold(f64::MIN, f64::max);
        let at_hottest = hours.iter().find(|h| h.dry_bulb_c == hottest).unwrap();
        let humid = hours.iter().map(|h| h.wet_bulb_c).fold(f64::MIN, f64::max);
        let dry = &basis.days[0].conditions;
        assert!((hottest - 35.6).abs() < 1e-9);
        assert!((dry.dry_bulb_c - 37.6).abs() < 1e-9, "{dry:?}");
        assert!((dry.wet_bulb_c - (at_hottest.wet_bulb_c + 2.0)).abs() < 1e-9);
        assert!(
            dry.source
                .starts_with("derived: the weather year's hottest hour (07-")
        );
        assert!(dry.source.ends_with("+ 2 K margin"), "{}", dry.source);
        let wet = &basis.days[1].conditions;
        assert!((wet.wet_bulb_c - (humid + 2.0)).abs() < 1e-9, "{wet:?}");
        // The wet-bulb day's peak hour has that wet-bulb (constant humidity ratio from it).
        assert!((basis.days[1].hours[14].wet_bulb_c - wet.wet_bulb_c).abs() < 1e-3);
    }

    #[test]
    fn an_hour_is_within_when_one_pair_is_as_hot_and_as_humid() {
        // Campus pairs: 33.4 / 23.7 °C and 30.9 / 25.0 °C (ASHRAE 2009, Greensboro).
        let basis = campus().design_basis().unwrap();
        let at = |db: f64, wb: f64| {
            let mut w = basis.days[0].hours[14];
            (w.dry_bulb_c, w.wet_bulb_c) = (db, wb);
            basis.covers(&w)
        };
        assert!(at(33.4, 23.7) && at(30.9, 25.0) && at(33.0, 20.0) && at(30.0, 24.9));
        // Hotter than the wet-bulb day and more humid than the dry-bulb day: beyond both.
        assert!(!at(32.0, 24.5));
        assert!(!at(33.5, 20.0) && !at(25.0, 25.1));
    }

    #[test]
    fn an_hour_beyond_is_cooled_at_its_humidity_ratio_just_within() {
        // The TMY3's hottest hour, 35.6 °C (9 July), is beyond the 33.4 °C design dry-bulb.
        let site = campus();
        let basis = site.design_basis().unwrap();
        let hours = site.weather.hours();
        let hot = hours
            .iter()
            .copied()
            .reduce(|a, b| if b.dry_bulb_c > a.dry_bulb_c { b } else { a })
            .unwrap();
        assert!(!basis.covers(&hot));
        let brought = basis.bring_within(&hot);
        assert!(basis.covers(&brought));
        let k = hot.dry_bulb_c - brought.dry_bulb_c;
        assert!(k > 0.0 && !basis.covers(&hot.warmed(-(k - 1e-6))), "{k}");
        // Same air, cooled: the humidity ratio is kept (it is below saturation here).
        assert!((brought.humidity_ratio - hot.humidity_ratio).abs() < 1e-12);
        // A humid hour (dew point 22.8 °C): cooled to the 33.4 °C design dry-bulb its
        // wet-bulb would still be above the dry-bulb day's 23.7 °C, so the wet-bulb day's pair
        // takes less cooling and it lands on that day's 30.9 °C, its wet-bulb just under 25.
        assert!(hot.warmed(33.4 - hot.dry_bulb_c).wet_bulb_c > 23.7);
        assert!((brought.dry_bulb_c - 30.9).abs() < 1e-9, "{brought:?}");
        assert!(brought.wet_bulb_c <= 25.0, "{brought:?}");
        // An hour within is left as it is.
        assert_eq!(basis.bring_within(&hours[0]), hours[0]);
        // Every hour of the year, brought within, is covered.
        assert!(hours.iter().all(|w| basis.covers(&basis.bring_within(w))));
    }

    #[test]
    fn sized_for_is_the_covered_hours_then_the_design_days() {
        let site = campus();
        let basis = site.design_basis().unwrap();
        let hours = site.weather.hours();
        let covered = hours.iter().filter(|w| basis.covers(w)).count();
        let all: Vec<_> = basis.sized_for(hours).collect();
        assert_eq!(all.len(), covered + 48);
        assert!(covered > 8000 && covered < hours.len(), "{covered}");
        assert_eq!(*all[covered], basis.days[0].hours[0]);
    }
}
