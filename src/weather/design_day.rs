//! Synthetic design-day years, for tests and quick sketches before a weather file is chosen.
//!
//! Every one of the 365 days repeats the same 24 hours:
//!
//! * **Dry-bulb** follows the ASHRAE "fraction of daily temperature range" profile
//!   (ASHRAE Handbook—Fundamentals 2009 ch. 14 Table 6, unchanged in 2013/2017; also the
//!   default range multipliers of `EnergyPlus`'s `SizingPeriod:DesignDay`): T(h) = peak −
//!   range × f(h), with the minimum at 05:00 and the peak at 14:00–15:00 (hour-ending, applied
//!   to clock time without a solar-time shift, as `EnergyPlus` does).
//! * **Humidity** is a constant humidity ratio, that of the peak dry-bulb with its coincident
//!   wet-bulb (so the dew point is constant and the wet-bulb falls with the dry-bulb through
//!   the night, as it does on a real design day). Where the night-time dry-bulb drops below
//!   that dew point the air is taken as saturated at the dry-bulb (fog), the only physical
//!   possibility.
//! * **Pressure** is the standard atmosphere at the given elevation (ASHRAE eq. 3).
//! * **GHI** is a synthetic clear-sky bell, not a solar model: `peak_ghi_w_per_m2 ×
//!   sin(π (t − 6) / 12)` at mid-hour t between 06:00 and 18:00, zero at night.
//!
//! A design-day year is an envelope, not a climate: it is hotter than any real year for
//! energy totals and has no seasons. Use real weather for annual energy and economizer hours.

use schemars::JsonSchema;
use serde::Deserialize;

use super::{HOURS_PER_YEAR, Station, WeatherError, WeatherHour, WeatherSource, WeatherYear};
use crate::physics::psychro::{
    self, AirState, humidity_ratio_from_wet_bulb, saturation_humidity_ratio, standard_pressure_pa,
};

/// Fraction of the daily dry-bulb range below the peak, for hour-ending 1..24 (index 0 =
/// hour 1). ASHRAE Handbook—Fundamentals 2009, ch. 14, Table 6 (p. 14.11), the values
/// `EnergyPlus`'s engineering reference cites for its default design-day profile.
const FRACTION_OF_DAILY_RANGE: [f64; 24] = [
    0.88, 0.92, 0.95, 0.98, 1.00, 0.98, 0.91, 0.74, 0.55, 0.38, 0.23, 0.13, 0.05, 0.00, 0.00, 0.06,
    0.14, 0.24, 0.39, 0.50, 0.59, 0.68, 0.75, 0.82,
];

/// The ASHRAE fraction of the daily range below the peak at hour-ending `hour` (1–24);
/// `None` outside 1–24.
pub fn fraction_of_daily_range(hour: u8) -> Option<f64> {
    FRACTION_OF_DAILY_RANGE
        .get(usize::from(hour).checked_sub(1)?)
        .copied()
}

/// Default peak of the synthetic clear-sky irradiance bell (W/m²).
fn default_peak_ghi() -> f64 {
    1000.0
}

/// A cooling design condition from which [`design_day`] builds a synthetic year.
///
/// Quote the values from the ASHRAE climatic design data for the site, e.g. the 0.4 %
/// cooling dry-bulb and its mean coincident wet-bulb, with the mean daily range.
#[derive(Debug, Clone, PartialEq, serde::Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DesignDaySpec {
    /// Peak (afternoon) dry-bulb temperature (°C), −90 to 70; e.g. the 0.4 % cooling value.
    pub peak_dry_bulb_c: f64,
    /// Daily dry-bulb range, peak minus early-morning minimum (K), 0 to 40.
    pub daily_range_k: f64,
    /// Wet-bulb coincident with the peak dry-bulb (°C), at most the peak dry-bulb; sets the
    /// day's humidity ratio.
    pub coincident_wet_bulb_c: f64,
    /// Site elevation (m), −500 to 9000; sets the pressure by the standard atmosphere.
    pub elevation_m: f64,
    /// Peak of the synthetic clear-sky irradiance bell (W/m²), 0 to 1400; default 1000.
    #[serde(default = "default_peak_ghi")]
    pub peak_ghi_w_per_m2: f64,
}

impl DesignDaySpec {
    /// Checks the values are finite and physically possible; names the first that is not.
    pub fn validate(&self) -> Result<(), WeatherError> {
        let checks: [(&str, f64, f64, f64, &str); 5] = [
            ("peak_dry_bulb_c", self.peak_dry_bulb_c, -90.0, 70.0, "°C"),
            ("daily_range_k", self.daily_range_k, 0.0, 40.0, "K"),
            (
                "coincident_wet_bulb_c",
                self.coincident_wet_bulb_c,
                -90.0,
                70.0,
                "°C",
            ),
            ("elevation_m", self.elevation_m, -500.0, 9000.0, "m"),
            (
                "peak_ghi_w_per_m2",
                self.peak_ghi_w_per_m2,
                0.0,
                1400.0,
                "W/m²",
            ),
        ];
        for (name, value, min, max, unit) in checks {
            if !(value.is_finite() && (min..=max).contains(&value)) {
                return Err(WeatherError::DesignDay(format!(
                    "{name} is {value} {unit}; expected {min} to {max} {unit}"
                )));
            }
        }
        if self.coincident_wet_bulb_c > self.peak_dry_bulb_c {
            return Err(WeatherError::DesignDay(format!(
                "coincident_wet_bulb_c {} °C is above peak_dry_bulb_c {} °C; a wet-bulb is at \
                 most the dry-bulb",
                self.coincident_wet_bulb_c, self.peak_dry_bulb_c
            )));
        }
        let p = standard_pressure_pa(self.elevation_m);
        if humidity_ratio_from_wet_bulb(self.peak_dry_bulb_c, self.coincident_wet_bulb_c, p) < 0.0 {
            let dry = psychro::wet_bulb_from_humidity_ratio_c(self.peak_dry_bulb_c, 0.0, p);
            return Err(WeatherError::DesignDay(format!(
                "coincident_wet_bulb_c {} °C is below the wet-bulb of perfectly dry air at \
                 {} °C ({dry:.1} °C)",
                self.coincident_wet_bulb_c, self.peak_dry_bulb_c
            )));
        }
        Ok(())
    }
}

/// The 24 hours of one design day from `spec` (hour-ending 1 first, dated 1 January; see the
/// module docs for the profile): what the planner sizes plant on.
///
/// Errors with [`WeatherError::DesignDay`] if the spec fails [`DesignDaySpec::validate`].
pub fn design_day_hours(spec: &DesignDaySpec) -> Result<Vec<WeatherHour>, WeatherError> {
    Ok(profile(spec)?
        .iter()
        .zip(1..=24u8)
        .map(|((air, ghi), hour)| WeatherHour::from_air((1, 1, hour), air, *ghi))
        .collect())
}

/// Builds a synthetic 8760-hour year from `spec` (see the module docs for the profile).
///
/// Errors with [`WeatherError::DesignDay`] if the spec fails [`DesignDaySpec::validate`].
pub fn design_day(spec: &DesignDaySpec) -> Result<WeatherYear, WeatherError> {
    let day = profile(spec)?;
    let hours: Vec<WeatherHour> = super::calendar()
        .map(|(month, d, hour)| {
            let (air, ghi) = &day[usize::from(hour - 1)];
            WeatherHour::from_air((month, d, hour), air, *ghi)
        })
        .collect();
    debug_assert_eq!(hours.len(), HOURS_PER_YEAR);
    Ok(WeatherYear {
        station: Station {
            name: format!(
                "design day {} °C DB / {} °C WB, range {} K",
                spec.peak_dry_bulb_c, spec.coincident_wet_bulb_c, spec.daily_range_k
            ),
            id: String::new(),
            latitude_deg: 0.0,
            longitude_deg: 0.0,
            elevation_m: spec.elevation_m,
            utc_offset_h: 0.0,
        },
        source: WeatherSource::DesignDay,
        hours,
        leap_day_dropped: false,
        dew_points_capped: 0,
    })
}

/// The day's air state and irradiance for hour-ending 1..24.
fn profile(spec: &DesignDaySpec) -> Result<Vec<(AirState, f64)>, WeatherError> {
    spec.validate()?;
    let pressure_pa = standard_pressure_pa(spec.elevation_m);
    let w_peak = humidity_ratio_from_wet_bulb(
        spec.peak_dry_bulb_c,
        spec.coincident_wet_bulb_c,
        pressure_pa,
    );
    Ok((1..=24u8)
        .map(|hour| {
            let f = FRACTION_OF_DAILY_RANGE[usize::from(hour - 1)];
            let t = spec.peak_dry_bulb_c - spec.daily_range_k * f;
            let w = w_peak.min(saturation_humidity_ratio(t, pressure_pa));
            let mid_hour = f64::from(hour) - 0.5;
            let ghi = if (6.0..=18.0).contains(&mid_hour) {
                spec.peak_ghi_w_per_m2 * (std::f64::consts::PI * (mid_hour - 6.0) / 12.0).sin()
            } else {
                0.0
            };
            (AirState::from_humidity_ratio(t, w, pressure_pa), ghi)
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    /// Phoenix 0.4 % cooling condition from the ASHRAE 2009 design data quoted in the bundled
    /// EPW's header: 43.4 °C DB, 21.1 °C MCWB, mean daily range 12 K, 337 m.
    fn phoenix() -> DesignDaySpec {
        DesignDaySpec {
            peak_dry_bulb_c: 43.4,
            daily_range_k: 12.0,
            coincident_wet_bulb_c: 21.1,
            elevation_m: 337.0,
            peak_ghi_w_per_m2: default_peak_ghi(),
        }
    }

    #[test]
    fn table_sums_and_extremes() {
        // Minimum (fraction 1) at hour 5, peak (fraction 0) at hours 14 and 15.
        assert_eq!(fraction_of_daily_range(5), Some(1.0));
        assert_eq!(fraction_of_daily_range(14), Some(0.0));
        assert_eq!(fraction_of_daily_range(15), Some(0.0));
        assert_eq!(fraction_of_daily_range(0), None);
        assert_eq!(fraction_of_daily_range(25), None);
        // Checksum of the 24 tabulated fractions (guards against a typo when editing).
        let sum: f64 = FRACTION_OF_DAILY_RANGE.iter().sum();
        assert!((sum - 12.87).abs() < 1e-9, "{sum}");
    }

    #[test]
    fn year_matches_spec() {
        let spec = phoenix();
        let y = design_day(&spec).unwrap();
        let h = y.hours();
        assert_eq!(h.len(), HOURS_PER_YEAR);
        let max = h.iter().map(|h| h.dry_bulb_c).fold(f64::MIN, f64::max);
        let min = h.iter().map(|h| h.dry_bulb_c).fold(f64::MAX, f64::min);
        assert!((max - 43.4).abs() < 1e-9, "{max}");
        assert!((min - 31.4).abs() < 1e-9, "{min}");
        // Hour-ending 15 of any day is the peak, with the coincident wet-bulb.
        let peak = h[200 * 24 + 14];
        assert_eq!(peak.hour, 15);
        assert!((peak.dry_bulb_c - 43.4).abs() < 1e-9);
        assert!((peak.wet_bulb_c - 21.1).abs() < 1e-4, "{}", peak.wet_bulb_c);
        // Constant humidity ratio, so constant dew point; wet-bulb lower at night.
        assert!(
            h.iter()
                .all(|x| (x.humidity_ratio - peak.humidity_ratio).abs() < 1e-12)
        );
        assert!(h[4].wet_bulb_c < peak.wet_bulb_c);
        // Pressure of the standard atmosphere at 337 m (ASHRAE eq. 3): about 97.3 kPa.
        assert!((peak.pressure_pa - standard_pressure_pa(337.0)).abs() < 1e-9);
        assert!(
            (peak.pressure_pa - 97_325.0).abs() < 50.0,
            "{}",
            peak.pressure_pa
        );
        // Irradiance: zero at night, peak 1000 × sin(π·6.5/12) at hour-ending 13.
        assert!(h[0].ghi_w_per_m2.abs() < 1e-12);
        let noonish = (std::f64::consts::PI * 6.5 / 12.0).sin() * 1000.0;
        assert!((h[12].ghi_w_per_m2 - noonish).abs() < 1e-9);
        assert!(matches!(y.source(), WeatherSource::DesignDay));
    }

    #[test]
    fn humid_night_saturates_at_dry_bulb() {
        // 30 °C / 28 °C WB with a 10 K range: the dew point (~27.7 °C) is above the 20 °C
        // early-morning dry-bulb, so those hours are saturated.
        let spec = DesignDaySpec {
            peak_dry_bulb_c: 30.0,
            daily_range_k: 10.0,
            coincident_wet_bulb_c: 28.0,
            elevation_m: 0.0,
            peak_ghi_w_per_m2: 800.0,
        };
        let y = design_day(&spec).unwrap();
        let dawn = y.hours()[4];
        assert!((dawn.dry_bulb_c - 20.0).abs() < 1e-9);
        assert!((dawn.wet_bulb_c - 20.0).abs() < 1e-4);
        assert!((dawn.dew_point_c - 20.0).abs() < 1e-4);
        assert!((dawn.rel_humidity - 1.0).abs() < 1e-6);
    }

    #[test]
    fn rejects_nonsense() {
        let mut s = phoenix();
        s.coincident_wet_bulb_c = 45.0;
        let err = design_day(&s).unwrap_err().to_string();
        assert!(
            err.starts_with("design day: coincident_wet_bulb_c 45 °C is above"),
            "{err}"
        );
        let mut s = phoenix();
        s.daily_range_k = -3.0;
        let err = design_day(&s).unwrap_err().to_string();
        assert_eq!(err, "design day: daily_range_k is -3 K; expected 0 to 40 K");
        let mut s = phoenix();
        s.coincident_wet_bulb_c = 5.0; // drier than dry air at 43.4 °C
        let err = design_day(&s).unwrap_err().to_string();
        assert!(
            err.contains("below the wet-bulb of perfectly dry air"),
            "{err}"
        );
        let mut s = phoenix();
        s.elevation_m = f64::NAN;
        assert!(design_day(&s).is_err());
    }

    #[test]
    fn deserializes_and_denies_unknown_fields() {
        let s: DesignDaySpec = serde_json::from_str(
            r#"{"peak_dry_bulb_c":43.4,"daily_range_k":12,"coincident_wet_bulb_c":21.1,
                "elevation_m":337}"#,
        )
        .unwrap();
        assert_eq!(s, phoenix());
        let err = serde_json::from_str::<DesignDaySpec>(
            r#"{"peak_dry_bulb_c":43.4,"daily_range":12,"coincident_wet_bulb_c":21.1,
                "elevation_m":337}"#,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("unknown field `daily_range`"),
            "{err}"
        );
        let schema = schemars::schema_for!(DesignDaySpec);
        let json = serde_json::to_string(&schema).unwrap();
        assert!(json.contains("peak_dry_bulb_c") && json.contains("additionalProperties"));
    }
}
