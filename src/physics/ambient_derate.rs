//! Generators' ambient derates: available output and heat rate as fractions of the rating, by
//! inlet-air dry-bulb and site elevation.
//!
//! The built-in tables ([`DerateLibrary::builtin`]) are `data/ambient_derates.toml`, with the
//! source of every number: a generic gas-turbine correction curve (output falls 0.68 %/K
//! above ISO 15 °C and with air density at altitude; heat rate rises), a Caterpillar gas
//! engine's deration table (temperature × altitude) and an Atlas Copco diesel genset's
//! derating table. Between table points the factor is interpolated bilinearly; beyond a
//! table's edge the edge value is held.

use std::sync::OnceLock;

use serde::Deserialize;

use super::psychro::{STANDARD_PRESSURE_PA, standard_pressure_pa};

/// The built-in derate tables, embedded at compile time.
const BUILTIN_TOML: &str = include_str!("../../data/ambient_derates.toml");

/// A factor tabulated against inlet dry-bulb and elevation.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Inlet-air dry-bulb temperatures (°C), strictly ascending.
    pub dry_bulb_c: Vec<f64>,
    /// Elevations above sea level (m), strictly ascending.
    pub elevation_m: Vec<f64>,
    /// `factor[e][t]`: the factor at `elevation_m[e]` and `dry_bulb_c[t]` (fraction of rating,
    /// > 0).
    pub factor: Vec<Vec<f64>>,
}

/// Index of the segment holding `v` in ascending `axis` and the weight of its upper end,
/// holding the end values beyond the axis.
fn segment(axis: &[f64], v: f64) -> (usize, f64) {
    let last = axis.len() - 1;
    if last == 0 || v <= axis[0] {
        return (0, 0.0);
    }
    if v >= axis[last] {
        return (last - 1, 1.0);
    }
    let i = axis.partition_point(|&a| a <= v) - 1;
    (i, (v - axis[i]) / (axis[i + 1] - axis[i]))
}

impl Table {
    /// The factor at `dry_bulb_c` and `elevation_m`: bilinear inside the table, the edge value
    /// held beyond it.
    pub fn at(&self, dry_bulb_c: f64, elevation_m: f64) -> f64 {
        let row = |e: usize| {
            let (t, w) = segment(&self.dry_bulb_c, dry_bulb_c);
            let r = &self.factor[e];
            if w == 0.0 {
                r[t]
            } else {
                r[t] + w * (r[t + 1] - r[t])
            }
        };
        let (e, w) = segment(&self.elevation_m, elevation_m);
        if w == 0.0 {
            row(e)
        } else {
            row(e) + w * (row(e + 1) - row(e))
        }
    }

    fn validate(&self) -> Result<(), &'static str> {
        let ascending = |axis: &[f64]| {
            !axis.is_empty()
                && axis.iter().all(|v| v.is_finite())
                && axis.windows(2).all(|w| w[0] < w[1])
        };
        if !ascending(&self.dry_bulb_c) || !ascending(&self.elevation_m) {
            return Err("its axes must be non-empty, finite and strictly ascending");
        }
        let shape = self.factor.len() == self.elevation_m.len()
            && self.factor.iter().all(|r| r.len() == self.dry_bulb_c.len());
        if !shape {
            return Err("factor needs one row per elevation, one value per dry-bulb");
        }
        if self
            .factor
            .iter()
            .flatten()
            .any(|f| !(f.is_finite() && *f > 0.0))
        {
            return Err("every factor must be a finite number > 0");
        }
        Ok(())
    }
}

/// One technology's derates.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindDerate {
    /// The conditions at which the factors are 1 (informational).
    pub rating: String,
    /// Citation of the tables.
    pub source: String,
    /// Whether the capacity factor is also multiplied by the standard-atmosphere pressure
    /// ratio at the site's elevation (gas turbines: output ∝ inlet air density).
    #[serde(default)]
    pub scale_with_pressure: bool,
    /// Available output as a fraction of rating.
    pub capacity: Table,
    /// Heat rate as a fraction of the rated heat rate; absent: 1 at all conditions.
    #[serde(default)]
    pub heat_rate: Option<Table>,
}

/// Available output and heat rate of a unit at one set of conditions, as fractions of its
/// rating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Derate {
    /// Available output / rated output (> 0).
    pub capacity: f64,
    /// Heat rate / rated heat rate (> 0).
    pub heat_rate: f64,
}

impl KindDerate {
    /// The derate at inlet-air `dry_bulb_c` (°C) and `elevation_m` (m above sea level).
    pub fn at(&self, dry_bulb_c: f64, elevation_m: f64) -> Derate {
        let pressure = if self.scale_with_pressure {
            standard_pressure_pa(elevation_m) / STANDARD_PRESSURE_PA
        } else {
            1.0
        };
        Derate {
            capacity: self.capacity.at(dry_bulb_c, elevation_m) * pressure,
            heat_rate: self
                .heat_rate
                .as_ref()
                .map_or(1.0, |t| t.at(dry_bulb_c, elevation_m)),
        }
    }
}

/// The derate tables of every generator technology.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DerateLibrary {
    /// Gas turbines (aeroderivative and frame).
    pub gas_turbine: KindDerate,
    /// Reciprocating gas engines.
    pub recip_engine: KindDerate,
    /// Diesel generating sets.
    pub diesel: KindDerate,
}

/// Why derate tables cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DerateError {
    /// The TOML does not parse into tables (the parser's message).
    #[error("ambient derate tables do not parse: {0}")]
    Parse(String),
    /// A table is malformed.
    #[error("ambient derate table {kind}.{table}: {problem}")]
    Table {
        /// The technology (`gas_turbine`, …).
        kind: &'static str,
        /// `capacity` or `heat_rate`.
        table: &'static str,
        /// What is wrong.
        problem: &'static str,
    },
}

impl DerateLibrary {
    /// Parses and validates tables from TOML text.
    pub fn from_toml_str(text: &str) -> Result<Self, DerateError> {
        let lib: DerateLibrary =
            toml::from_str(text).map_err(|e| DerateError::Parse(e.to_string()))?;
        for (kind_name, kind) in [
            ("gas_turbine", &lib.gas_turbine),
            ("recip_engine", &lib.recip_engine),
            ("diesel", &lib.diesel),
        ] {
            let tables = std::iter::once(("capacity", &kind.capacity))
                .chain(kind.heat_rate.as_ref().map(|t| ("heat_rate", t)));
            for (table_name, table) in tables {
                table.validate().map_err(|problem| DerateError::Table {
                    kind: kind_name,
                    table: table_name,
                    problem,
                })?;
            }
        }
        Ok(lib)
    }

    /// The built-in tables (`data/ambient_derates.toml`), parsed once on first use. A unit test
    /// proves they parse, so the error is unreachable in a tested build.
    pub fn builtin() -> Result<&'static Self, DerateError> {
        static LIB: OnceLock<Result<DerateLibrary, DerateError>> = OnceLock::new();
        LIB.get_or_init(|| Self::from_toml_str(BUILTIN_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn lib() -> &'static DerateLibrary {
        DerateLibrary::builtin().unwrap()
    }

    /// Gas turbine, by hand from `data/ambient_derates.toml`:
    /// * 15 °C at sea level: the ISO rating, 1 and 1.
    /// * 40 °C at sea level: 0.83 (the source's point); heat rate between (15, 1.00) and
    ///   (45, 1.10): 1 + 25/30 × 0.10 = 1.083333.
    /// * 44.4 °C (Phoenix's hottest TMY hour) at 337 m: output 0.83 − 4.4/20 × (0.83 − 0.694)
    ///   = 0.80008, times the pressure ratio (1 − 2.25577e-5 × 337)^5.2559 = 0.960686 (0.768626);
    ///   heat rate 1 + 29.4/30 × 0.10 = 1.098.
    /// * −10 °C: output held at 1 (no cold credit); heat rate 0.92 + 19/44 × 0.08 = 0.954545.
    #[test]
    fn gas_turbine_by_hand() {
        let gt = &lib().gas_turbine;
        let cases = [
            (15.0, 0.0, 1.0, 1.0),
            (40.0, 0.0, 0.83, 1.083_333_3),
            (44.4, 337.0, 0.768_626, 1.098),
            (-10.0, 0.0, 1.0, 0.954_545_5),
        ];
        for (t, z, cap, hr) in cases {
            let d = gt.at(t, z);
            assert!((d.capacity - cap).abs() < 2e-6, "{t} {z}: {d:?}");
            assert!((d.heat_rate - hr).abs() < 2e-6, "{t} {z}: {d:?}");
        }
        // The source's altitude factors: 0.89 at 1,000 m, 0.80 at 1,800 m (pressure ratio).
        assert!((gt.at(15.0, 1000.0).capacity - 0.89).abs() < 0.005);
        assert!((gt.at(15.0, 1800.0).capacity - 0.80).abs() < 0.01);
    }

    /// Reciprocating engine (Caterpillar G3412 table): at sea level no derate even at 130 °F;
    /// at 3,000 ft (914.4 m) and 110 °F (43.333 °C) the table's 0.92; halfway between 2,000
    /// and 3,000 ft at 100 °F: (0.98 + 0.94) / 2 = 0.96; heat rate unchanged.
    #[test]
    fn recip_engine_by_hand() {
        let r = &lib().recip_engine;
        assert!((r.at(54.444, 0.0).capacity - 1.0).abs() < 1e-12);
        assert!((r.at(43.333, 914.4).capacity - 0.92).abs() < 1e-4);
        assert!((r.at(37.778, 762.0).capacity - 0.96).abs() < 1e-4);
        assert!((r.at(37.778, 762.0).heat_rate - 1.0).abs() < 1e-12);
    }

    /// Diesel (Atlas Copco QAS 500 table): 100 % to 40 °C at sea level, 90 % at 45 °C, 80 % at
    /// 50 °C and held beyond; 42.5 °C at 1,750 m: bilinear between (40, 1500) 0.95,
    /// (45, 1500) 0.90, (40, 2000) 0.90, (45, 2000) 0.90: 0.5 × (0.925 + 0.90) = 0.9125.
    #[test]
    fn diesel_by_hand() {
        let d = &lib().diesel;
        for (t, z, want) in [
            (40.0, 0.0, 1.0),
            (45.0, 0.0, 0.9),
            (50.0, 0.0, 0.8),
            (55.0, 0.0, 0.8),
            (42.5, 1750.0, 0.9125),
        ] {
            assert!((d.at(t, z).capacity - want).abs() < 1e-9, "{t} {z}");
        }
    }

    #[test]
    fn bad_tables_are_refused() {
        let broken =
            BUILTIN_TOML.replace("factor = [[1.0, 0.83, 0.694]]", "factor = [[1.0, 0.83]]");
        assert!(
            DerateLibrary::from_toml_str(&broken)
                .unwrap_err()
                .to_string()
                .contains("gas_turbine.capacity")
        );
        let unsorted = BUILTIN_TOML.replace("[15.0, 40.0, 60.0]", "[40.0, 15.0, 60.0]");
        assert!(DerateLibrary::from_toml_str(&unsorted).is_err());
    }
}
