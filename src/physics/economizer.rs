//! Economizer ("free cooling") hours: when outdoor air can do the chiller's work.
//!
//! One pure function of one hour's weather, shared by the optimizer (how much compressor
//! power an hour needs) and the thermal simulator (what the plant can reject), so the two
//! never disagree. For a loop that must be delivered at `supply_c` and comes back at
//! `return_c`, the economizer can cool the loop down to an *achievable* temperature set by
//! the outdoor air:
//!
//! * water-side (cooling tower + plate heat exchanger): the tower's leaving water at full
//!   load ([`super::cooling_tower`]: its approach widens as the wet-bulb falls) + HX approach;
//! * dry cooler (closed loop, sensible only): dry-bulb + approach;
//! * air-side (outdoor air into the hall, direct or through a heat wheel): dry-bulb + approach.
//!
//! If the achievable temperature is at or below the supply set point the hour is **full** free
//! cooling. If it lies between supply and return, the economizer pre-cools the return stream
//! and a chiller trims the rest: **partial**, with the free share of the load
//! `(return − achievable) / (return − supply)` at constant flow and heat capacity. At or above
//! the return temperature the outdoor air cannot cool the loop at all: **none**. The bounds 0
//! and 1 on the share are therefore physics (the outdoor air cannot remove more than the whole
//! load, nor a negative amount), not a clamp on input, and arise only in those two cases.
//!
//! Not modelled: humidity limits on air-side economizers (dew-point envelope of ASHRAE TC 9.9),
//! fan and pump energy, and the wet-bulb penalty of tower fans at part load.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::cooling_tower::{CTI_RATING_WET_BULB_C, DESIGN_RANGE_K, TowerCell, TowerError};

/// The kind of economizer and its approach temperatures.
///
/// Typical values (shared/reference): cooling-tower approach 3–5 K, plate heat-exchanger
/// approach 1–2 K, dry-cooler approach 5–10 K, air-side 0–2 K direct, 3–5 K indirect.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EconomizerKind {
    /// Cooling tower feeding a plate heat exchanger on the chilled-water loop; tracks wet-bulb.
    WaterSide {
        /// Tower leaving water minus outdoor wet-bulb at the tower's rating (K), > 0;
        /// typically 3–5.
        tower_approach_k: f64,
        /// Wet-bulb of the tower's rating (°C); default the CTI standard 25.6 °C.
        #[serde(default = "cti_wet_bulb")]
        tower_rated_wet_bulb_c: f64,
        /// Loop supply minus tower water on the heat exchanger (K), ≥ 0; typically 1–2.
        hx_approach_k: f64,
    },
    /// Dry (air-to-liquid) cooler on a warm-water loop; tracks dry-bulb.
    DryCooler {
        /// Loop supply minus outdoor dry-bulb (K), ≥ 0; typically 5–10.
        approach_k: f64,
    },
    /// Outdoor air supplied to the hall (directly or through a heat exchanger); tracks dry-bulb.
    AirSide {
        /// Supply air minus outdoor dry-bulb (K), ≥ 0; 0–2 direct, 3–5 indirect.
        approach_k: f64,
    },
}

fn cti_wet_bulb() -> f64 {
    CTI_RATING_WET_BULB_C
}

impl EconomizerKind {
    /// The approaches as (name, value) pairs, for validation messages.
    fn approaches(&self) -> Vec<(&'static str, f64)> {
        match *self {
            Self::WaterSide {
                tower_approach_k,
                hx_approach_k,
                ..
            } => vec![
                ("tower_approach_k", tower_approach_k),
                ("hx_approach_k", hx_approach_k),
            ],
            Self::DryCooler { approach_k } | Self::AirSide { approach_k } => {
                vec![("approach_k", approach_k)]
            }
        }
    }
}

/// Why an economizer description is not physically meaningful.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EconomizerError {
    /// The tower cannot have the rating given.
    #[error("economizer {0}")]
    Tower(#[from] TowerError),
    /// An approach temperature is negative or not a number.
    #[error("economizer {name} is {value} K; an approach must be a number ≥ 0 K")]
    Approach {
        /// The field.
        name: &'static str,
        /// The value given.
        value: f64,
    },
    /// The return temperature is not above the supply temperature (or either is not a number).
    #[error(
        "economizer return {return_c} °C must be above its supply {supply_c} °C (the loop \
         carries heat from the load)"
    )]
    Temperatures {
        /// Supply temperature given (°C).
        supply_c: f64,
        /// Return temperature given (°C).
        return_c: f64,
    },
}

/// An economizer serving a loop with fixed supply and return temperatures, validated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Economizer {
    kind: EconomizerKind,
    supply_c: f64,
    return_c: f64,
    /// A water-side economizer's tower, calibrated on its rating.
    #[serde(skip)]
    tower: Option<TowerCell>,
}

/// How much of an hour's cooling load the economizer carries.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum FreeCooling {
    /// The outdoor air reaches the supply set point: no compressor needed.
    Full,
    /// The outdoor air pre-cools the return; a chiller trims the rest.
    Partial {
        /// Share of the load removed by the economizer, strictly between 0 and 1.
        fraction: f64,
    },
    /// The outdoor air is too warm to cool the return at all.
    None,
}

impl FreeCooling {
    /// Share of the load carried by the economizer: 1, the partial fraction, or 0.
    pub fn fraction(&self) -> f64 {
        match *self {
            Self::Full => 1.0,
            Self::Partial { fraction } => fraction,
            Self::None => 0.0,
        }
    }
}

/// Hours of a year by free-cooling mode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct EconomizerHours {
    /// Hours of full free cooling.
    pub full_hours: usize,
    /// Hours of partial free cooling.
    pub partial_hours: usize,
    /// Hours with no free cooling.
    pub none_hours: usize,
    /// Sum of the hourly free-cooling fractions: full-load-equivalent free-cooling hours.
    pub equivalent_full_hours: f64,
}

impl Economizer {
    /// An economizer of `kind` for a loop supplied at `supply_c` that returns at `return_c`.
    ///
    /// Errors if an approach is negative or not finite, or if `return_c` is not above
    /// `supply_c`.
    pub fn new(
        kind: EconomizerKind,
        supply_c: f64,
        return_c: f64,
    ) -> Result<Self, EconomizerError> {
        for (name, value) in kind.approaches() {
            if !(value.is_finite() && value >= 0.0) {
                return Err(EconomizerError::Approach { name, value });
            }
        }
        if !(supply_c.is_finite() && return_c.is_finite() && return_c > supply_c) {
            return Err(EconomizerError::Temperatures { supply_c, return_c });
        }
        let tower = match kind {
            EconomizerKind::WaterSide {
                tower_approach_k,
                tower_rated_wet_bulb_c,
                ..
            } => Some(TowerCell::rated(
                tower_rated_wet_bulb_c,
                tower_approach_k,
                DESIGN_RANGE_K,
            )?),
            _ => None,
        };
        Ok(Self {
            kind,
            supply_c,
            return_c,
            tower,
        })
    }

    /// Lowest loop supply temperature (°C) this economizer can reach in an hour with the given
    /// outdoor dry-bulb, wet-bulb and pressure: a water-side economizer's tower water leaves
    /// at its full-load temperature ([`TowerCell::leaving_water_c`]), the HX approach above it.
    pub fn achievable_supply_c(&self, dry_bulb_c: f64, wet_bulb_c: f64, pressure_pa: f64) -> f64 {
        match (self.kind, self.tower) {
            (EconomizerKind::WaterSide { hx_approach_k, .. }, Some(tower)) => {
                tower.leaving_water_c(wet_bulb_c, pressure_pa, 1.0) + hx_approach_k
            }
            (
                EconomizerKind::DryCooler { approach_k } | EconomizerKind::AirSide { approach_k },
                _,
            ) => dry_bulb_c + approach_k,
            // `new` builds the tower of every water-side economizer.
            (EconomizerKind::WaterSide { .. }, None) => f64::INFINITY,
        }
    }

    /// The economizer kind and approaches.
    pub fn kind(&self) -> EconomizerKind {
        self.kind
    }

    /// Loop supply set point (°C).
    pub fn supply_c(&self) -> f64 {
        self.supply_c
    }

    /// Loop return temperature (°C).
    pub fn return_c(&self) -> f64 {
        self.return_c
    }

    /// Classifies one hour from its outdoor dry-bulb and wet-bulb (°C) and pressure (Pa).
    pub fn classify(&self, dry_bulb_c: f64, wet_bulb_c: f64, pressure_pa: f64) -> FreeCooling {
        let achievable = self.achievable_supply_c(dry_bulb_c, wet_bulb_c, pressure_pa);
        if achievable <= self.supply_c {
            FreeCooling::Full
        } else if achievable < self.return_c {
            FreeCooling::Partial {
                fraction: (self.return_c - achievable) / (self.return_c - self.supply_c),
            }
        } else {
            FreeCooling::None
        }
    }

    /// Classifies one hour of outdoor air (a weather hour).
    pub fn classify_hour(&self, hour: &impl OutdoorAir) -> FreeCooling {
        self.classify(hour.dry_bulb_c(), hour.wet_bulb_c(), hour.pressure_pa())
    }

    /// Counts full, partial and no-free-cooling hours over `hours` (e.g. a weather year's).
    pub fn count_hours<'a, H: OutdoorAir + 'a>(
        &self,
        hours: impl IntoIterator<Item = &'a H>,
    ) -> EconomizerHours {
        let mut out = EconomizerHours::default();
        for h in hours {
            let mode = self.classify_hour(h);
            match mode {
                FreeCooling::Full => out.full_hours += 1,
                FreeCooling::Partial { .. } => out.partial_hours += 1,
                FreeCooling::None => out.none_hours += 1,
            }
            out.equivalent_full_hours += mode.fraction();
        }
        out
    }
}

/// The outdoor air of one hour, as an economizer reads it. The weather readers' hours
/// implement it, so physics needs nothing from them (it sits below weather).
pub trait OutdoorAir {
    /// Dry-bulb temperature (°C).
    fn dry_bulb_c(&self) -> f64;
    /// Thermodynamic wet-bulb temperature (°C).
    fn wet_bulb_c(&self) -> f64;
    /// Station pressure (Pa).
    fn pressure_pa(&self) -> f64;
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    const P: f64 = 101_325.0;

    /// A tower rated at a 17.5 °C wet-bulb with a 4 K approach, and a 1.5 K heat exchanger.
    const TOWER: EconomizerKind = EconomizerKind::WaterSide {
        tower_approach_k: 4.0,
        tower_rated_wet_bulb_c: 17.5,
        hx_approach_k: 1.5,
    };

    fn econ(kind: EconomizerKind, supply: f64, ret: f64) -> Economizer {
        Economizer::new(kind, supply, ret).unwrap()
    }

    /// Chilled water 18 °C supply / 28 °C return. At the tower's rating the approach is its
    /// own: 17.5 °C WB → 23 °C achievable: (28 − 23) / (28 − 18) = 0.5.
    #[test]
    fn water_side_at_the_towers_rating_by_hand() {
        let e = econ(TOWER, 18.0, 28.0);
        let f = e.classify(25.0, 17.5, P).fraction();
        assert!((f - 0.5).abs() < 1e-5, "{f}");
        // The dry-bulb does not matter.
        assert_eq!(e.classify(25.0, 17.5, P), e.classify(40.0, 17.5, P));
    }

    /// Away from the rating the tower's approach floats ([`TowerCell::leaving_water_c`]):
    /// wider in cooler air, so free cooling starts at a lower wet-bulb than a fixed 4 K
    /// approach would say (12.5 °C), narrower in warmer air.
    #[test]
    fn water_side_follows_the_floating_approach() {
        let e = econ(TOWER, 18.0, 28.0);
        let cell = TowerCell::rated(17.5, 4.0, DESIGN_RANGE_K).unwrap();
        assert_ne!(e.classify(20.0, 12.5, P), FreeCooling::Full);
        for wb in [-5.0, 5.0, 12.5, 20.0, 24.0, 26.0] {
            let achievable = cell.leaving_water_c(wb, P, 1.0) + 1.5;
            assert!((e.achievable_supply_c(30.0, wb, P) - achievable).abs() < 1e-12);
            let expected = ((28.0 - achievable) / 10.0).clamp(0.0, 1.0);
            let f = e.classify(30.0, wb, P).fraction();
            assert!((f - expected).abs() < 1e-12, "{wb}: {f} vs {expected}");
            let fixed = wb + 4.0 + 1.5;
            assert!(
                (achievable > fixed) == (wb < 17.5),
                "{wb}: {achievable} vs {fixed}"
            );
        }
        assert_eq!(e.classify(30.0, -5.0, P), FreeCooling::Full);
        // 24 °C: 26.46 + 1.5 = 27.96 °C, just below the return; 26 °C: 29.56 °C, above it.
        assert!(matches!(
            e.classify(30.0, 24.0, P),
            FreeCooling::Partial { .. }
        ));
        assert_eq!(e.classify(30.0, 26.0, P), FreeCooling::None);
    }

    /// W32 liquid loop (32 °C supply, 42 °C return) on a dry cooler with 6 K approach:
    /// full to 26 °C dry-bulb, partial to 36 °C.
    #[test]
    fn dry_cooler_by_hand() {
        let e = econ(EconomizerKind::DryCooler { approach_k: 6.0 }, 32.0, 42.0);
        assert_eq!(e.classify(26.0, 0.0, P), FreeCooling::Full);
        let f = e.classify(30.0, 99.0, P).fraction(); // wet-bulb is ignored
        assert!((f - 0.6).abs() < 1e-12, "{f}");
        assert_eq!(e.classify(36.0, 20.0, P), FreeCooling::None);
    }

    #[test]
    fn air_side_by_hand() {
        let e = econ(EconomizerKind::AirSide { approach_k: 2.0 }, 22.0, 35.0);
        assert_eq!(e.classify(20.0, 15.0, P), FreeCooling::Full);
        let f = e.classify(27.0, 15.0, P).fraction(); // (35 − 29) / 13
        assert!((f - 6.0 / 13.0).abs() < 1e-12, "{f}");
    }

    /// Dry-bulb and wet-bulb (°C) at standard pressure.
    struct Air(f64, f64);

    impl OutdoorAir for Air {
        fn dry_bulb_c(&self) -> f64 {
            self.0
        }
        fn wet_bulb_c(&self) -> f64 {
            self.1
        }
        fn pressure_pa(&self) -> f64 {
            P
        }
    }

    #[test]
    fn counts_hours() {
        let e = econ(TOWER, 18.0, 28.0);
        let hours =
            [(5.0, 2.0), (25.0, 17.5), (35.0, 26.0), (30.0, 20.0)].map(|(db, wb)| Air(db, wb));
        let c = e.count_hours(&hours);
        assert_eq!((c.full_hours, c.partial_hours, c.none_hours), (1, 2, 1));
        let sum: f64 = hours.iter().map(|h| e.classify_hour(h).fraction()).sum();
        assert!((c.equivalent_full_hours - sum).abs() < 1e-12);
        assert!((1.7..1.9).contains(&sum), "1 + 0.5 + about 0.31: {sum}");
    }

    #[test]
    fn rejects_nonsense() {
        let err = Economizer::new(EconomizerKind::DryCooler { approach_k: -1.0 }, 30.0, 40.0)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "economizer approach_k is -1 K; an approach must be a number ≥ 0 K"
        );
        let err = Economizer::new(TOWER, 18.0, 18.0).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("economizer return 18 °C must be above"),
            "{err}"
        );
        assert!(Economizer::new(TOWER, f64::NAN, 20.0).is_err());
    }

    #[test]
    fn deserializes_with_units_in_names() {
        let k: EconomizerKind = serde_json::from_str(
            r#"{"kind":"water_side","tower_approach_k":4,"hx_approach_k":1.5}"#,
        )
        .unwrap();
        let cti = EconomizerKind::WaterSide {
            tower_approach_k: 4.0,
            tower_rated_wet_bulb_c: CTI_RATING_WET_BULB_C,
            hx_approach_k: 1.5,
        };
        assert_eq!(k, cti);
        assert!(
            serde_json::from_str::<EconomizerKind>(r#"{"kind":"dry_cooler","approach":6}"#)
                .is_err()
        );
    }
}
