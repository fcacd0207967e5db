//! Redundancy levels and ASHRAE thermal classes shared by several components.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How many spare units a system carries beyond what the load needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Redundancy {
    /// No spare: exactly enough units for the load.
    #[serde(rename = "N")]
    N,
    /// One spare unit: the load is still carried with the largest unit lost.
    #[serde(rename = "N+1")]
    NPlus1,
    /// Two spare units.
    #[serde(rename = "N+2")]
    NPlus2,
    /// Two complete systems, each able to carry the whole load.
    #[serde(rename = "2N")]
    TwoN,
}

impl Redundancy {
    /// Units needed to carry `needed` units' worth of load at this redundancy.
    pub fn units_for(self, needed: u32) -> u32 {
        match self {
            Redundancy::N => needed,
            Redundancy::NPlus1 => needed + 1,
            Redundancy::NPlus2 => needed + 2,
            Redundancy::TwoN => 2 * needed,
        }
    }

    /// Spare units kept beyond the need and the share of the installed units that may carry
    /// load: N+s keeps the s largest units out; 2N carries the load on half.
    pub fn spare_and_share(self) -> (f64, f64) {
        match self {
            Redundancy::N => (0.0, 1.0),
            Redundancy::NPlus1 => (1.0, 1.0),
            Redundancy::NPlus2 => (2.0, 1.0),
            Redundancy::TwoN => (0.0, 0.5),
        }
    }

    /// The usual notation ("N+1").
    pub fn label(self) -> &'static str {
        match self {
            Redundancy::N => "N",
            Redundancy::NPlus1 => "N+1",
            Redundancy::NPlus2 => "N+2",
            Redundancy::TwoN => "2N",
        }
    }
}

/// ASHRAE TC 9.9 air-cooled equipment class (Thermal Guidelines for Data Processing
/// Environments, 5th ed., 2021).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AshraeClass {
    /// Enterprise servers: allowable 15–32 °C.
    A1,
    /// Volume servers: allowable 10–35 °C.
    A2,
    /// Allowable 5–40 °C.
    A3,
    /// Allowable 5–45 °C.
    A4,
    /// High-density equipment (5th ed.): allowable 5–25 °C, recommended 18–22 °C.
    H1,
}

impl AshraeClass {
    /// Allowable inlet dry-bulb range (°C).
    pub fn allowable_c(self) -> (f64, f64) {
        match self {
            AshraeClass::A1 => (15.0, 32.0),
            AshraeClass::A2 => (10.0, 35.0),
            AshraeClass::A3 => (5.0, 40.0),
            AshraeClass::A4 => (5.0, 45.0),
            AshraeClass::H1 => (5.0, 25.0),
        }
    }

    /// Recommended inlet dry-bulb range (°C): 18–27 °C for A1–A4, 18–22 °C for H1.
    pub fn recommended_c(self) -> (f64, f64) {
        match self {
            AshraeClass::H1 => (18.0, 22.0),
            _ => (18.0, 27.0),
        }
    }
}

/// ASHRAE liquid-cooling facility-water class: the upper bound of the facility supply
/// temperature (Thermal Guidelines, 5th ed.).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum LiquidClass {
    /// Supply ≤ 17 °C.
    W17,
    /// Supply ≤ 27 °C.
    W27,
    /// Supply ≤ 32 °C.
    W32,
    /// Supply ≤ 40 °C.
    W40,
    /// Supply ≤ 45 °C.
    W45,
}

impl LiquidClass {
    /// Highest facility-water supply temperature the class allows (°C).
    pub fn max_supply_c(self) -> f64 {
        match self {
            LiquidClass::W17 => 17.0,
            LiquidClass::W27 => 27.0,
            LiquidClass::W32 => 32.0,
            LiquidClass::W40 => 40.0,
            LiquidClass::W45 => 45.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redundancy_units() {
        assert_eq!(Redundancy::N.units_for(4), 4);
        assert_eq!(Redundancy::NPlus1.units_for(4), 5);
        assert_eq!(Redundancy::NPlus2.units_for(4), 6);
        assert_eq!(Redundancy::TwoN.units_for(4), 8);
    }

    #[test]
    fn classes_match_ashrae_table() {
        // ASHRAE TC 9.9, 5th ed. (2021), allowable envelopes, as in shared/reference/README.md.
        assert_eq!(AshraeClass::A1.allowable_c(), (15.0, 32.0));
        assert_eq!(AshraeClass::A4.allowable_c(), (5.0, 45.0));
        assert_eq!(AshraeClass::H1.recommended_c(), (18.0, 22.0));
        assert!((LiquidClass::W32.max_supply_c() - 32.0).abs() < f64::EPSILON);
    }
}
