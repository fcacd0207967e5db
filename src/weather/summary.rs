//! Climate summary of a weather year: the handful of numbers a planner reads first.
//!
//! Percentile convention ("the value exceeded by p % of the hours", after the ASHRAE annual
//! design conditions, which are exceeded on average 35 h a year at 0.4 %): sort the n hourly
//! values from highest to lowest and take the one at 0-based position k = ⌊p/100 · n⌋. At most
//! k hours are strictly above it (exactly k when there are no ties): for 8760 hours and
//! p = 0.4, k = 35, the 36th-highest value. ASHRAE itself works from 30 years of binned data
//! with interpolation, so a single typical year gives a close but not identical figure (the
//! bundled Phoenix file: 42.8 °C here against 43.4 °C in the ASHRAE 2009 table in its header).

use serde::Serialize;

use super::{WeatherHour, WeatherYear};
use crate::physics::economizer::{Economizer, EconomizerHours};

/// Annual percentage used for the cooling and evaporation design values.
const DESIGN_PERCENT: f64 = 0.4;

/// Half-width of the dry-bulb band (K) whose hours make up the mean coincident wet-bulb.
const MCWB_BAND_K: f64 = 0.5;

/// The headline figures of a weather year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClimateSummary {
    /// Number of hours summarised (8760 for a [`WeatherYear`]).
    pub hours: usize,
    /// Lowest dry-bulb (°C).
    pub min_dry_bulb_c: f64,
    /// Mean dry-bulb (°C).
    pub mean_dry_bulb_c: f64,
    /// Highest dry-bulb (°C).
    pub max_dry_bulb_c: f64,
    /// Highest wet-bulb (°C): what a cooling tower faces on the worst hour.
    pub max_wet_bulb_c: f64,
    /// 0.4 % annual cooling dry-bulb (°C): exceeded by at most ⌊0.004 n⌋ hours (see module
    /// docs for the convention).
    pub cooling_db_0_4_c: f64,
    /// Mean coincident wet-bulb (°C): mean wet-bulb of the hours whose dry-bulb is within
    /// ±0.5 K of [`Self::cooling_db_0_4_c`].
    pub mcwb_0_4_c: f64,
    /// 0.4 % annual wet-bulb (°C), the evaporative (cooling-tower) design value, same
    /// convention.
    pub evaporation_wb_0_4_c: f64,
    /// Global horizontal irradiation over the hours (kWh/m²).
    pub annual_ghi_kwh_per_m2: f64,
    /// Economizer hours for each economizer asked about, in the order given.
    pub economizers: Vec<EconomizerSummary>,
}

/// Free-cooling hours of one economizer over the summarised hours.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EconomizerSummary {
    /// The economizer and its supply/return temperatures.
    pub economizer: Economizer,
    /// Hours by mode.
    #[serde(flatten)]
    pub hours: EconomizerHours,
}

/// The value exceeded by `percent` % of `values` (module-doc convention); `None` if empty.
///
/// `NaN`s sort as highest and so count as exceeding; the readers never produce them.
pub fn exceeded_value(values: &[f64], percent: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let k = (percent / 100.0 * sorted.len() as f64).floor();
    let k = if k.is_finite() && k > 0.0 {
        (k as usize).min(sorted.len() - 1)
    } else {
        0
    };
    Some(sorted[k])
}

impl ClimateSummary {
    /// Summarises `hours` (any number, e.g. a hand-made test year) with economizer hours for
    /// each of `economizers`; `None` if `hours` is empty.
    pub fn from_hours(hours: &[WeatherHour], economizers: &[Economizer]) -> Option<Self> {
        let n = hours.len();
        let dry: Vec<f64> = hours.iter().map(|h| h.dry_bulb_c).collect();
        let wet: Vec<f64> = hours.iter().map(|h| h.wet_bulb_c).collect();
        let cooling_db_0_4_c = exceeded_value(&dry, DESIGN_PERCENT)?;
        let evaporation_wb_0_4_c = exceeded_value(&wet, DESIGN_PERCENT)?;
        let (sum, count) = hours
            .iter()
            .filter(|h| (h.dry_bulb_c - cooling_db_0_4_c).abs() <= MCWB_BAND_K)
            .fold((0.0, 0usize), |(s, c), h| (s + h.wet_bulb_c, c + 1));
        // The band always holds the hour that set cooling_db_0_4_c, so count ≥ 1.
        let mcwb_0_4_c = sum / count.max(1) as f64;
        Some(Self {
            hours: n,
            min_dry_bulb_c: dry.iter().copied().fold(f64::INFINITY, f64::min),
            mean_dry_bulb_c: dry.iter().sum::<f64>() / n as f64,
            max_dry_bulb_c: dry.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            max_wet_bulb_c: wet.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            cooling_db_0_4_c,
            mcwb_0_4_c,
            evaporation_wb_0_4_c,
            annual_ghi_kwh_per_m2: hours.iter().map(|h| h.ghi_w_per_m2).sum::<f64>() / 1000.0,
            economizers: economizers
                .iter()
                .map(|e| EconomizerSummary {
                    economizer: *e,
                    hours: e.count_hours(hours),
                })
                .collect(),
        })
    }

    /// Summarises a whole [`WeatherYear`] (never empty).
    pub(super) fn of_year(year: &WeatherYear, economizers: &[Economizer]) -> Self {
        match Self::from_hours(year.hours(), economizers) {
            Some(s) => s,
            // A WeatherYear is only built with 8760 hours.
            None => unreachable!("a weather year always has 8760 hours"),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::super::test_support::bundled;
    use super::*;
    use crate::physics::economizer::EconomizerKind;

    /// A hand-made "year" of 1000 hours with dry-bulb 1, 2, …, 1000 × 0.05 °C (0.05..50 °C),
    /// dew point 10 K below, 500 W/m² in every other hour.
    fn ramp() -> Vec<WeatherHour> {
        (1..=1000)
            .map(|i| {
                let t = f64::from(i) * 0.05;
                let ghi = if i % 2 == 0 { 500.0 } else { 0.0 };
                WeatherHour::new((1, 1, 1), t, t - 10.0, 0.5, 101_325.0, ghi)
            })
            .collect()
    }

    /// By hand: k = ⌊0.004 × 1000⌋ = 4, so the 0.4 % value is the 5th highest, 996 × 0.05 =
    /// 49.8 °C (exceeded by 49.85, 49.9, 49.95, 50.0: four hours). The MCWB band 49.3..50.3 °C
    /// holds hours 986..1000, whose wet-bulbs are averaged.
    #[test]
    fn hand_made_year() {
        let hours = ramp();
        let s = ClimateSummary::from_hours(&hours, &[]).unwrap();
        assert_eq!(s.hours, 1000);
        assert!(
            (s.cooling_db_0_4_c - 49.8).abs() < 1e-9,
            "{}",
            s.cooling_db_0_4_c
        );
        assert!((s.min_dry_bulb_c - 0.05).abs() < 1e-12);
        assert!((s.max_dry_bulb_c - 50.0).abs() < 1e-12);
        assert!(
            (s.mean_dry_bulb_c - 25.025).abs() < 1e-9,
            "{}",
            s.mean_dry_bulb_c
        );
        assert!((s.annual_ghi_kwh_per_m2 - 250.0).abs() < 1e-9);
        let band: Vec<f64> = hours[985..].iter().map(|h| h.wet_bulb_c).collect();
        assert_eq!(band.len(), 15);
        let mcwb = band.iter().sum::<f64>() / 15.0;
        assert!((s.mcwb_0_4_c - mcwb).abs() < 1e-9);
        // Wet-bulb rises with dry-bulb here, so the 0.4 % wet-bulb is the 996th hour's.
        assert!((s.evaporation_wb_0_4_c - hours[995].wet_bulb_c).abs() < 1e-9);
    }

    #[test]
    fn exceeded_value_conventions() {
        assert_eq!(exceeded_value(&[], 0.4), None);
        assert_eq!(exceeded_value(&[3.0], 0.4), Some(3.0));
        // 8760 values 1..=8760: k = 35, the 36th highest = 8725.
        let v: Vec<f64> = (1..=8760).map(f64::from).collect();
        assert_eq!(exceeded_value(&v, 0.4), Some(8725.0));
        assert_eq!(exceeded_value(&v, 0.0), Some(8760.0));
        assert_eq!(exceeded_value(&v, 100.0), Some(1.0));
    }

    /// The bundled Phoenix TMY3 against the ASHRAE 2009 design data quoted in its own header
    /// (0.4 % cooling 43.4 °C DB / 21.1 °C MCWB; 0.4 % evaporation 24.5 °C WB). One typical
    /// year is not the 30-year record, so agreement within about 1 K is what to expect.
    #[test]
    fn phoenix_close_to_ashrae_design_data() {
        let y = super::super::read(&bundled("phoenix-az-722780-tmy3.epw")).unwrap();
        let tower = Economizer::new(
            EconomizerKind::WaterSide {
                tower_approach_k: 4.0,
                tower_rated_wet_bulb_c: crate::physics::cooling_tower::CTI_RATING_WET_BULB_C,
                hx_approach_k: 1.5,
            },
            18.0,
            28.0,
        )
        .unwrap();
        let s = y.summary(&[tower]);
        assert_eq!(s.hours, 8760);
        assert!((s.max_dry_bulb_c - 44.4).abs() < 1e-9);
        // 36th-highest dry-bulb of the file, counted independently: 42.8 °C.
        assert!(
            (s.cooling_db_0_4_c - 42.8).abs() < 1e-9,
            "{}",
            s.cooling_db_0_4_c
        );
        assert!((s.cooling_db_0_4_c - 43.4).abs() < 1.0);
        assert!((s.mcwb_0_4_c - 21.1).abs() < 1.5, "{}", s.mcwb_0_4_c);
        assert!(
            (s.evaporation_wb_0_4_c - 24.5).abs() < 1.0,
            "{}",
            s.evaporation_wb_0_4_c
        );
        // Sum of field 14 over the file, computed independently: 2094.203 kWh/m².
        assert!((s.annual_ghi_kwh_per_m2 - 2094.203).abs() < 1e-6);
        let e = s.economizers[0].hours;
        assert_eq!(e.full_hours + e.partial_hours + e.none_hours, 8760);
        assert!(e.full_hours > 1000, "{e:?}");
        let json = serde_json::to_value(&s).unwrap();
        assert!(json["economizers"][0]["full_hours"].is_number());
    }

    /// Sand Point (cold maritime) versus Greensboro (humid subtropical): the cold site has far
    /// more water-side free-cooling hours at 18 °C chilled water.
    #[test]
    fn cold_site_has_more_free_cooling() {
        let tower = Economizer::new(
            EconomizerKind::WaterSide {
                tower_approach_k: 4.0,
                tower_rated_wet_bulb_c: crate::physics::cooling_tower::CTI_RATING_WET_BULB_C,
                hx_approach_k: 1.5,
            },
            18.0,
            28.0,
        )
        .unwrap();
        let cold = super::super::read(&bundled("sand-point-ak-703165-tmy3.csv")).unwrap();
        let warm = super::super::read(&bundled("greensboro-nc-723170-tmy3.csv")).unwrap();
        let c = cold.summary(&[tower]).economizers[0].hours;
        let w = warm.summary(&[tower]).economizers[0].hours;
        // Sand Point's dry-bulb never passes 19.4 °C and its dew point 11.6 °C, so its
        // wet-bulb never reaches the ~21 °C where a CTI-rated tower's water stops cooling
        // the 28 °C return; full free cooling needs water at 16.5 °C, about a 6 °C wet-bulb
        // (the approach there is about 10.5 K), which most of its year is below.
        assert!(c.full_hours > 6000 && c.none_hours == 0, "{c:?}");
        assert!(w.full_hours < c.full_hours && w.none_hours > 0, "{w:?}");
    }
}
