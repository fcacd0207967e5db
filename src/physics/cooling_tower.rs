//! A cooling-tower cell away from its rating: the water it leaves at (condenser water, or
//! tower water for a water-side economizer) at any wet-bulb.
//!
//! A tower's approach to the wet-bulb is not a constant. A cell is rated to reject its heat
//! with water leaving `approach_k` above one wet-bulb; at a lower wet-bulb the same heat
//! leaves it with a wider approach (saturated air holds less enthalpy per kelvin when cold),
//! at a higher one with a narrower. Holding the approach fixed would overstate free cooling
//! and chiller efficiency in cool hours by several kelvin.
//!
//! Model: a counterflow cell at full fan speed and design water flow, by the effectiveness
//! method of Braun, Klein & Mitchell, "Effectiveness models for cooling towers and cooling
//! coils", ASHRAE Transactions 95(2), 1989 (the model behind EnergyPlus's
//! `CoolingTower:SingleSpeed` UA method). Per kilogram of water:
//!
//! * heat `Q = ε ṁa (h_sat(T_in) − h_sat(T_wb))`, the air entering at its wet-bulb's
//!   saturation enthalpy;
//! * `ε = (1 − e^(−NTU (1 − m*))) / (1 − m* e^(−NTU (1 − m*)))`, with
//!   `m* = ṁa c_s / c_pw` and `c_s = (h_sat(T_in) − h_sat(T_out)) / (T_in − T_out)`, the
//!   saturation enthalpy's slope over the water's range;
//! * NTU is fixed by the fill and both flows, so it is calibrated once at the rating.
//!
//! At a heat `load` (fraction of rating) the water flow stays at design, so the range is
//! `load × range_k`; the leaving water is where the cell rejects exactly that heat.
//!
//! Air-to-water ratio: [`AIR_PER_KG_WATER`]. The result hardly depends on it once NTU is
//! calibrated (a unit test: 0.6 K or less from −5 to 30 °C wet-bulb over the 0.75–1.5
//! water-to-air ratios of HVAC towers).

use super::psychro::{
    bisect, enthalpy_kj_per_kg, saturation_humidity_ratio, saturation_vapour_pressure_pa,
};

/// The CTI standard rating wet-bulb (°C): 78 °F, with water cooled from 95 °F to 85 °F (CTI
/// STD-201, the condition on which catalogue "nominal tons" are stated).
pub const CTI_RATING_WET_BULB_C: f64 = 25.6;

/// Range over which a cell is taken to be rated (K): 5.5 K (10 °F), the common design range
/// (CTI STD-201's is 5.6 K).
pub const DESIGN_RANGE_K: f64 = 5.5;

/// Pressure at which a cell is rated (Pa): sea level, as catalogue ratings are.
pub const RATING_PRESSURE_PA: f64 = 101_325.0;

/// Dry air through the cell per kilogram of water (kg/kg): the inverse of a water-to-air
/// ratio L/G of 1.2, within the 0.75–1.5 of HVAC counterflow towers (ASHRAE Handbook—HVAC
/// Systems and Equipment, ch. 40, "Cooling Towers").
pub const AIR_PER_KG_WATER: f64 = 1.0 / 1.2;

/// Specific heat of water (kJ/(kg·K); shared/reference: 4.18).
const WATER_CP: f64 = 4.18;

/// Why a cell cannot have the rating given.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TowerError {
    /// A rating value is out of its physical range.
    #[error("tower rating {name} is {value}; {needed}")]
    Value {
        /// The field.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What it must be.
        needed: &'static str,
    },
    /// No finite fill can reach the approach at that range.
    #[error(
        "a tower cannot cool water over a {range_k} K range to {approach_k} K above a \
         {wet_bulb_c} °C wet-bulb: even an endless fill gives at most {limit:.3} \
         effectiveness, and that needs {needed:.3}"
    )]
    Unreachable {
        /// Rated wet-bulb (°C).
        wet_bulb_c: f64,
        /// Rated approach (K).
        approach_k: f64,
        /// Rated range (K).
        range_k: f64,
        /// Effectiveness needed.
        needed: f64,
        /// Most an infinite fill gives.
        limit: f64,
    },
}

/// One cell's thermal performance, calibrated at its rating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TowerCell {
    rated_wet_bulb_c: f64,
    approach_k: f64,
    range_k: f64,
    ntu: f64,
    /// Dry air per kilogram of water (kg/kg).
    air: f64,
}

/// Saturated air's enthalpy at `t_c` (kJ per kg dry air) and pressure `p_pa`.
fn h_sat(t_c: f64, p_pa: f64) -> f64 {
    enthalpy_kj_per_kg(t_c, saturation_humidity_ratio(t_c, p_pa))
}

/// Counterflow effectiveness at `ntu` and capacity ratio `m`.
fn effectiveness(ntu: f64, m: f64) -> f64 {
    if (1.0 - m).abs() < 1e-9 {
        return ntu / (1.0 + ntu);
    }
    let e = (-ntu * (1.0 - m)).exp();
    (1.0 - e) / (1.0 - m * e)
}

/// The capacity ratio m* with `air` kg of air per kg of water entering at `t_in` and leaving
/// at `t_out`.
fn capacity_ratio(air: f64, t_in: f64, t_out: f64, p_pa: f64) -> f64 {
    let c_s = (h_sat(t_in, p_pa) - h_sat(t_out, p_pa)) / (t_in - t_out);
    air * c_s / WATER_CP
}

impl TowerCell {
    /// A cell that rejects its rated heat over `range_k` with water leaving `approach_k` above
    /// a `wet_bulb_c` wet-bulb at [`RATING_PRESSURE_PA`].
    pub fn rated(wet_bulb_c: f64, approach_k: f64, range_k: f64) -> Result<Self, TowerError> {
        Self::rated_with_air(wet_bulb_c, approach_k, range_k, AIR_PER_KG_WATER)
    }

    /// [`Self::rated`] with `air` kg of dry air per kg of water.
    fn rated_with_air(
        wet_bulb_c: f64,
        approach_k: f64,
        range_k: f64,
        air: f64,
    ) -> Result<Self, TowerError> {
        let check = |name, value: f64, ok: bool, needed| {
            if value.is_finite() && ok {
                Ok(())
            } else {
                Err(TowerError::Value {
                    name,
                    value,
                    needed,
                })
            }
        };
        check(
            "wet_bulb_c",
            wet_bulb_c,
            (-20.0..=40.0).contains(&wet_bulb_c),
            "it must be between -20 and 40 °C",
        )?;
        check(
            "approach_k",
            approach_k,
            approach_k > 0.0,
            "it must be above 0 K",
        )?;
        check("range_k", range_k, range_k > 0.0, "it must be above 0 K")?;
        let p = RATING_PRESSURE_PA;
        let t_out = wet_bulb_c + approach_k;
        let t_in = t_out + range_k;
        let needed = WATER_CP * range_k / (air * (h_sat(t_in, p) - h_sat(wet_bulb_c, p)));
        let m = capacity_ratio(air, t_in, t_out, p);
        // ε rises with NTU towards min(1, 1/m*); the inverse of the counterflow relation.
        let limit = 1.0f64.min(1.0 / m);
        if needed >= limit * (1.0 - 1e-9) {
            return Err(TowerError::Unreachable {
                wet_bulb_c,
                approach_k,
                range_k,
                needed,
                limit,
            });
        }
        let ntu = if (1.0 - m).abs() < 1e-9 {
            needed / (1.0 - needed)
        } else {
            ((1.0 - needed * m) / (1.0 - needed)).ln() / (1.0 - m)
        };
        Ok(TowerCell {
            rated_wet_bulb_c: wet_bulb_c,
            approach_k,
            range_k,
            ntu,
            air,
        })
    }

    /// Rated wet-bulb (°C).
    pub fn rated_wet_bulb_c(&self) -> f64 {
        self.rated_wet_bulb_c
    }

    /// Rated approach (K).
    pub fn approach_k(&self) -> f64 {
        self.approach_k
    }

    /// Number of transfer units of the fill at design flows, from the rating.
    pub fn ntu(&self) -> f64 {
        self.ntu
    }

    /// Temperature (°C) of the water leaving the cell when it rejects `load` × its rated heat
    /// (at design water flow and full fan) into air of `wet_bulb_c` at `pressure_pa`. Equals
    /// the wet-bulb at no load; `wet_bulb_c + approach_k` at the rating.
    pub fn leaving_water_c(&self, wet_bulb_c: f64, pressure_pa: f64, load: f64) -> f64 {
        if load <= 0.0 {
            return wet_bulb_c;
        }
        let range = self.range_k * load;
        let h_air = h_sat(wet_bulb_c, pressure_pa);
        // Water at or above its boiling point at this pressure rejects anything (saturated air
        // is undefined there): the bracket's top never needs to go that far for real weather.
        let boiling = |t: f64| saturation_vapour_pressure_pa(t) >= 0.99 * pressure_pa;
        // Heat the cell rejects minus what it must, with water leaving at `t_out`: rises with
        // t_out, below zero at the wet-bulb (ε m* < 1), above it well past the rating.
        let excess = |t_out: f64| {
            let t_in = t_out + range;
            if boiling(t_in) {
                return f64::INFINITY;
            }
            let m = capacity_ratio(self.air, t_in, t_out, pressure_pa);
            effectiveness(self.ntu, m) * self.air * (h_sat(t_in, pressure_pa) - h_air)
                - WATER_CP * range
        };
        // Widen the bracket until the cell rejects enough: at once for most weather, and a
        // bounded number of times whatever the input (boiling water ends it).
        let step = self.approach_k + range;
        let (mut lo, mut hi) = (wet_bulb_c, wet_bulb_c + step);
        for _ in 0..40 {
            if excess(hi) >= 0.0 {
                break;
            }
            lo = hi;
            hi += step;
        }
        bisect(lo, hi, excess)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;

    /// The CTI standard point: 95 → 85 °F over a 78 °F wet-bulb (3.9 K approach, 5.6 K range).
    fn cti() -> TowerCell {
        TowerCell::rated(CTI_RATING_WET_BULB_C, 3.9, 5.6).unwrap()
    }

    #[test]
    fn reproduces_its_rating() {
        let c = cti();
        let t = c.leaving_water_c(CTI_RATING_WET_BULB_C, RATING_PRESSURE_PA, 1.0);
        assert!((t - (CTI_RATING_WET_BULB_C + 3.9)).abs() < 1e-5, "{t}");
        let idle = c.leaving_water_c(12.0, RATING_PRESSURE_PA, 0.0);
        assert!((idle - 12.0).abs() < f64::EPSILON, "{idle}");
    }

    /// The approach widens as the wet-bulb falls and narrows as it rises, and falls with load.
    #[test]
    fn approach_floats_with_wet_bulb_and_load() {
        let c = cti();
        let approach = |wb: f64, load: f64| c.leaving_water_c(wb, RATING_PRESSURE_PA, load) - wb;
        let wbs = [-5.0, 0.0, 5.0, 10.0, 15.0, 20.0, 25.6, 28.0];
        for pair in wbs.windows(2) {
            assert!(approach(pair[0], 1.0) > approach(pair[1], 1.0), "{pair:?}");
            assert!(approach(pair[0], 0.8) < approach(pair[0], 1.0), "{pair:?}");
        }
        // A 78 °F tower in 50 °F (10 °C) air: about 16 °F (8.9 K) approach, where catalogue
        // performance curves of such towers read 15–20 °F at full flow and range.
        let a = approach(10.0, 1.0);
        assert!((8.0..10.5).contains(&a), "{a}");
    }

    /// Independent reference: Merkel's counterflow equations integrated in 4000 steps
    /// (`dh_a = K (h_sat(T_w) − h_a) dz`, `c_pw dT_w = (ṁa/ṁw) dh_a`, Lewis number 1), with
    /// its transfer coefficient calibrated on the same rating. The effectiveness model
    /// linearises `h_sat` over the range; the two agree within 0.2 K from −5 to 30 °C wet-bulb (0.17 K at
    /// −5 °C, 0.03 K at 20 °C). The march from the bottom grows without bound for too large
    /// a guess, so the brackets stay within 3 K of the model and a transfer coefficient of 5.
    #[test]
    fn agrees_with_integrated_merkel_equations() {
        let pressure = RATING_PRESSURE_PA;
        // Water enters at the top; air enters at the bottom at `h_air`. March from the bottom
        // up with the leaving water `t_out` guessed: returns the water at the top.
        let top = |coefficient: f64, t_out: f64, h_air: f64| {
            let steps = 4000;
            let (mut t, mut h) = (t_out, h_air);
            for _ in 0..steps {
                let dh = coefficient / f64::from(steps) * (h_sat(t, pressure) - h);
                h += dh;
                t += AIR_PER_KG_WATER * dh / WATER_CP;
            }
            t
        };
        let solve = |f: &dyn Fn(f64) -> f64, mut lo: f64, mut hi: f64| {
            for _ in 0..80 {
                let mid = 0.5 * (lo + hi);
                if f(mid) < 0.0 { lo = mid } else { hi = mid }
            }
            0.5 * (lo + hi)
        };
        let (rated, approach, range) = (CTI_RATING_WET_BULB_C, 3.9, 5.6);
        let coefficient = solve(
            &|k| top(k, rated + approach, h_sat(rated, pressure)) - (rated + approach + range),
            0.01,
            5.0,
        );
        let c = cti();
        for wb in [-5.0, 0.0, 10.0, 20.0, 30.0] {
            let model = c.leaving_water_c(wb, pressure, 1.0);
            let merkel = solve(
                &|t_out| top(coefficient, t_out, h_sat(wb, pressure)) - (t_out + range),
                model - 3.0,
                model + 3.0,
            );
            assert!(
                (model - merkel).abs() < 0.2,
                "wb {wb}: {model} vs Merkel {merkel}"
            );
        }
    }

    /// The water-to-air ratio is an assumption; once NTU is calibrated on the rating the
    /// leaving water moves by 0.6 K or less across the 0.75–1.5 of HVAC towers, from −5 to
    /// 30 °C wet-bulb.
    #[test]
    fn hardly_depends_on_the_air_ratio() {
        let p = RATING_PRESSURE_PA;
        let at = |lg: f64, wb: f64| {
            TowerCell::rated_with_air(CTI_RATING_WET_BULB_C, 3.9, 5.6, 1.0 / lg)
                .unwrap()
                .leaving_water_c(wb, p, 1.0)
        };
        for wb in [-5.0, 0.0, 10.0, 20.0, 30.0] {
            let (low, mid, high) = (at(0.75, wb), at(1.2, wb), at(1.5, wb));
            assert!(
                (low - mid).abs() < 0.6 && (high - mid).abs() < 0.6,
                "{wb}: {low} {mid} {high}"
            );
        }
    }

    /// Every rating validation accepts (approach 1–15 K, rated wet-bulb 5–35 °C) reproduces
    /// itself, and gives water between the wet-bulb and boiling from −20 to 35 °C wet-bulb,
    /// at sea level and at 60 kPa (about 4,200 m), rising with the wet-bulb.
    #[test]
    fn every_valid_rating_gives_water_between_wet_bulb_and_boiling() {
        for approach in [1.0, 4.0, 8.0, 12.0, 15.0] {
            for rated in [5.0, 15.0, 25.6, 35.0] {
                let Ok(c) = TowerCell::rated(rated, approach, DESIGN_RANGE_K) else {
                    continue;
                };
                let t = c.leaving_water_c(rated, RATING_PRESSURE_PA, 1.0);
                assert!(
                    (t - (rated + approach)).abs() < 1e-4,
                    "{approach}/{rated}: {t}"
                );
                for pressure in [RATING_PRESSURE_PA, 60_000.0] {
                    let mut last = f64::NEG_INFINITY;
                    for wb in [-20.0, -5.0, 0.0, 10.0, 20.0, 30.0, 35.0] {
                        let t = c.leaving_water_c(wb, pressure, 1.0);
                        assert!(
                            t > wb && t < 90.0 && t > last,
                            "{approach}/{rated} {pressure} {wb}: {t}"
                        );
                        last = t;
                    }
                }
            }
        }
    }

    #[test]
    fn rejects_impossible_ratings() {
        let err = TowerCell::rated(25.6, 0.05, 5.6).unwrap_err();
        assert!(err.to_string().contains("even an endless fill"), "{err}");
        assert!(TowerCell::rated(f64::NAN, 4.0, 5.5).is_err());
        assert!(TowerCell::rated(25.6, 0.0, 5.5).is_err());
        assert!(TowerCell::rated(25.6, 4.0, -1.0).is_err());
    }
}
