//! Electric chiller performance from `DOE-2` / `EnergyPlus` `Chiller:Electric:EIR` curve sets.
//!
//! The model is the `EnergyPlus` Engineering Reference's "Electric Chiller Model Based on
//! Condenser Entering Temperature". Three curves describe a chiller relative to its reference
//! point (reference capacity `Q_ref`, reference COP `COP_ref`):
//!
//! * `CAPFT(T_chw, T_cond)`: available capacity as a fraction of `Q_ref` (biquadratic);
//! * `EIRFT(T_chw, T_cond)`: electric input ratio (1/COP) relative to `1/COP_ref` (biquadratic);
//! * `EIRFPLR(PLR)`: electric input ratio as a function of part-load ratio (quadratic),
//!
//! where `T_chw` is the leaving chilled-water temperature and `T_cond` the entering condenser
//! fluid temperature (tower water for water-cooled chillers, outdoor dry-bulb for air-cooled).
//!
//! What [`ChillerCurveSet::operate`] implements, for a unit of rated size `unit_mw`:
//!
//! ```text
//! capacity = unit_mw × CAPFT(T_chw, T_cond)
//! PLR      = load / capacity                       (load > capacity is an error, not a cap)
//! cycling  = min(1, PLR / min_plr)                 (on/off cycling below the minimum PLR)
//! power    = capacity / `COP_ref` × EIRFT(T_chw, T_cond) × EIRFPLR(max(PLR, min_plr)) × cycling
//! COP      = load / power
//! ```
//!
//! This is `EnergyPlus`'s `Chiller:Electric:EIR` calculation with the minimum unloading ratio
//! equal to the minimum part-load ratio (true for every set in the built-in library), so there
//! is no false-loading band. Two deliberate differences: curve inputs outside a curve's valid
//! range are clamped *and reported* ([`Operating::clamped`]) instead of silently, and loads
//! above the available capacity are refused with the shortfall
//! ([`ChillerCurveError::Overload`]) instead of being capped at `max_plr`: a planner must not
//! count on the overload margin some sets allow.
//!
//! # Warm chilled water: the equal-lift extension
//!
//! The measured sets stop at 8.9–15.6 °C leaving chilled water, but warm-water plants run at
//! 15–25 °C. A set with [`ChillerCurveSet::extended_x_max`] is extended beyond its measured box
//! in temperature *level* at a *lift* it was measured at. With lift `L = T_cond − T_chw` and
//! the measured lifts `L_min = y_min − x_max ≤ L ≤ L_max = y_max − x_min`:
//!
//! ```text
//! L        = max(T_cond − T_chw, L_min)     below L_min the chiller's controls hold the lift
//!                                           (tower bypass / condenser-fan head-pressure control)
//! (x_a, y_a) = the point of the measured box on the line of lift L nearest to T_chw
//! CAPFT, EIRFT are read at (x_a, y_a)
//! ```
//!
//! Lift, not level, is what a compressor works against: the second-law (Carnot-fraction)
//! model `COP = η · T_evap / (L + ΔT)` changes only through the absolute evaporating
//! temperature at equal lift, by +3.9 % from 8.89 °C to 20 °C. That credit is not taken,
//! because the measured data do not support it: inside the measured box, COP along a line of
//! equal lift is *higher* at the cold end in ten of the eleven sets (by up to 11 %); only the
//! Trane CVHF 4610 kW rises with level (test `equal_lift_rule_against_measured_data` gives
//! every set's figure). Capacity gets no credit
//! either, though every set's measured capacity rises with level at equal lift (up to 21 %
//! over its box). Inside the measured box the rule is the identity. Lifts above `L_max`,
//! chilled water above `extended_x_max` or below `x_min` are clamped and reported.
//!
//! The curves are normalised, so a set measured on a 1.06 MW screw chiller can describe a unit
//! of any size: only `unit_mw` scales; the reference capacity in the data is kept for provenance.
//!
//! The built-in library ([`CurveLibrary::builtin`]) is `data/chiller_curves.toml`, real
//! coefficient sets from `NREL/EnergyPlus` `datasets/Chillers.idf` (`CoolTools` measurements) and
//! `datasets/AirCooledChiller.idf`; `data/README.md` lists the provenance of every set.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

/// The built-in curve library, embedded at compile time.
const BUILTIN_TOML: &str = include_str!("../../data/chiller_curves.toml");

/// Errors from loading a curve library or evaluating a chiller.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ChillerCurveError {
    /// The curve library text is not valid TOML or does not match the expected shape.
    #[error("chiller curve library does not parse: {0}")]
    Parse(String),
    /// A curve set in the library is inconsistent (for example an empty range).
    #[error("chiller curve set `{id}` is invalid: {reason}")]
    InvalidSet {
        /// Id of the offending set.
        id: String,
        /// What is wrong and what would be right.
        reason: String,
    },
    /// Two sets in the library share an id.
    #[error("chiller curve id `{0}` appears more than once; ids must be unique")]
    DuplicateId(String),
    /// An input to [`ChillerCurveSet::operate`] is outside its domain.
    #[error("chiller curve `{id}`: {what} is {value}, but {expected}")]
    InvalidInput {
        /// Id of the set being evaluated.
        id: String,
        /// Which input (for example "`load_mw`").
        what: &'static str,
        /// The value given.
        value: f64,
        /// What would be right.
        expected: &'static str,
    },
    /// The load is larger than the unit's available capacity at these temperatures.
    #[error(
        "chiller curve `{id}`: load {load_mw:.3} MW exceeds available capacity {capacity_mw:.3} MW \
         at these temperatures (short by {shortfall_mw:.3} MW)"
    )]
    Overload {
        /// Id of the set being evaluated.
        id: String,
        /// Requested cooling load (MW thermal).
        load_mw: f64,
        /// Available capacity at the given temperatures (MW thermal).
        capacity_mw: f64,
        /// `load_mw - capacity_mw` (MW thermal, > 0).
        shortfall_mw: f64,
    },
}

/// Condenser heat-rejection medium of a chiller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CondenserType {
    /// Water-cooled: the curves' `y` is the entering condenser (tower) water temperature.
    Water,
    /// Air-cooled: the curves' `y` is the entering condenser air (outdoor dry-bulb) temperature.
    Air,
}

/// Compressor technology of a chiller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CompressorType {
    /// Centrifugal compressor.
    Centrifugal,
    /// Screw (rotary) compressor.
    Screw,
    /// Reciprocating compressor.
    Reciprocating,
    /// Scroll compressor.
    Scroll,
}

/// Result of evaluating a curve: its value and whether any input was clamped.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurveValue {
    /// Curve output (dimensionless).
    pub value: f64,
    /// True if an input was outside the curve's valid range (and was clamped to it). Output
    /// bounds, where the source gives them, are part of the curve (`EnergyPlus` applies them
    /// too) and are not reported: the inputs were measured there.
    pub clamped: bool,
}

/// Clamp `v` into `[lo, hi]`, reporting whether it moved.
fn clamp_report(v: f64, lo: f64, hi: f64) -> (f64, bool) {
    let c = v.clamp(lo, hi);
    #[allow(clippy::float_cmp)] // exact: did clamp move the value at all
    let moved = c != v;
    (c, moved)
}

/// A biquadratic curve `f(x, y) = c1 + c2·x + c3·x² + c4·y + c5·y² + c6·x·y` with its valid
/// input ranges (`EnergyPlus` `Curve:Biquadratic`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Biquadratic {
    /// Coefficients `c1..c6` in the order constant, x, x², y, y², x·y (dimensionless per unit
    /// of the input powers, inputs in °C).
    pub coefficients: [f64; 6],
    /// Lowest valid `x`: leaving chilled-water temperature (°C).
    pub x_min: f64,
    /// Highest valid `x`: leaving chilled-water temperature (°C), `> x_min`.
    pub x_max: f64,
    /// Lowest valid `y`: entering condenser fluid temperature (°C).
    pub y_min: f64,
    /// Highest valid `y`: entering condenser fluid temperature (°C), `> y_min`.
    pub y_max: f64,
    /// Lower bound on the curve output (dimensionless), where the source gives one.
    #[serde(default)]
    pub output_min: Option<f64>,
    /// Upper bound on the curve output (dimensionless), where the source gives one.
    #[serde(default)]
    pub output_max: Option<f64>,
}

impl Biquadratic {
    /// The raw polynomial at `(x, y)`, with no clamping (°C in, dimensionless out).
    pub fn raw(&self, x: f64, y: f64) -> f64 {
        let [c1, c2, c3, c4, c5, c6] = self.coefficients;
        c1 + c2 * x + c3 * x * x + c4 * y + c5 * y * y + c6 * x * y
    }

    /// The curve at `(x, y)` (°C) with inputs clamped to `[x_min, x_max] × [y_min, y_max]` and
    /// the output clamped to `[output_min, output_max]` where given.
    pub fn eval(&self, x: f64, y: f64) -> CurveValue {
        let (x, cx) = clamp_report(x, self.x_min, self.x_max);
        let (y, cy) = clamp_report(y, self.y_min, self.y_max);
        CurveValue {
            value: bound_output(self.raw(x, y), self.output_min, self.output_max),
            clamped: cx || cy,
        }
    }
}

/// A quadratic curve `f(x) = c1 + c2·x + c3·x²` with its valid input range (`EnergyPlus`
/// `Curve:Quadratic`); here `x` is the part-load ratio.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quadratic {
    /// Coefficients `c1..c3` in the order constant, x, x² (dimensionless).
    pub coefficients: [f64; 3],
    /// Lowest valid `x` (part-load ratio, dimensionless, ≥ 0).
    pub x_min: f64,
    /// Highest valid `x` (part-load ratio, dimensionless, `> x_min`).
    pub x_max: f64,
    /// Lower bound on the curve output (dimensionless), where the source gives one.
    #[serde(default)]
    pub output_min: Option<f64>,
    /// Upper bound on the curve output (dimensionless), where the source gives one.
    #[serde(default)]
    pub output_max: Option<f64>,
}

impl Quadratic {
    /// The raw polynomial at `x`, with no clamping.
    pub fn raw(&self, x: f64) -> f64 {
        let [c1, c2, c3] = self.coefficients;
        c1 + c2 * x + c3 * x * x
    }

    /// The curve at `x` with the input clamped to `[x_min, x_max]` and the output clamped to
    /// `[output_min, output_max]` where given.
    pub fn eval(&self, x: f64) -> CurveValue {
        let (x, cx) = clamp_report(x, self.x_min, self.x_max);
        CurveValue {
            value: bound_output(self.raw(x), self.output_min, self.output_max),
            clamped: cx,
        }
    }
}

/// `v` limited to the source's output bounds, where it gives them.
fn bound_output(v: f64, lo: Option<f64>, hi: Option<f64>) -> f64 {
    v.max(lo.unwrap_or(f64::NEG_INFINITY))
        .min(hi.unwrap_or(f64::INFINITY))
}

/// One chiller's reference point and performance curves (a `Chiller:Electric:EIR` object and
/// its three curve objects).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChillerCurveSet {
    /// Short kebab-case id sites use to refer to this set, e.g. `centrifugal-5.17mw-cop7.15`.
    pub id: String,
    /// Exact `Chiller:Electric:EIR` object name in the source IDF file.
    pub idf_name: String,
    /// Condenser heat-rejection medium.
    pub condenser: CondenserType,
    /// Compressor technology.
    pub compressor: CompressorType,
    /// Capacity-control mechanism as the source states it (e.g. "inlet vanes", "VSD").
    pub unloading: String,
    /// Refrigerant as the source states it (informational).
    pub refrigerant: String,
    /// Reference cooling capacity of the measured machine (W, > 0). Informational: the curves
    /// are normalised and [`ChillerCurveSet::operate`] scales to the site's unit size.
    pub reference_capacity_w: f64,
    /// COP at the reference point (W cooling per W electric, > 0; 2–9 in the library).
    pub reference_cop: f64,
    /// Leaving chilled-water temperature at the reference point (°C).
    pub reference_leaving_chilled_water_c: f64,
    /// Entering condenser fluid temperature at the reference point (°C).
    pub reference_entering_condenser_c: f64,
    /// Minimum part-load ratio (dimensionless, 0–1): below it the chiller cycles on and off.
    pub min_plr: f64,
    /// Maximum part-load ratio of the source (dimensionless, ≥ 1). Recorded for provenance;
    /// dcplan does not plan on loads above the available capacity.
    pub max_plr: f64,
    /// Citation: repository, file and object names.
    pub source: String,
    /// Capacity as a function of temperature (fraction of reference capacity).
    pub capft: Biquadratic,
    /// Electric input ratio as a function of temperature (fraction of `1/reference_cop`).
    pub eirft: Biquadratic,
    /// Electric input ratio as a function of part-load ratio (fraction of the full-load value).
    pub eirfplr: Quadratic,
    /// Highest leaving chilled-water temperature (°C, above the curves' `x_max`) to which the
    /// set is extended by the equal-lift second-law rule (module docs); absent: no extension,
    /// every input outside the measured box is clamped.
    #[serde(default)]
    pub extended_x_max: Option<f64>,
}

/// Where a requested operating point is read on the measured curves.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Anchor {
    /// Chilled-water temperature at which the curves are read (°C).
    x: f64,
    /// Condenser temperature at which the curves are read (°C).
    y: f64,
    /// Whether the point is outside the set's (measured or extended) range.
    clamped: bool,
}

/// A chiller's steady operating point for a given load and temperatures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Operating {
    /// Available cooling capacity at these temperatures (MW thermal) = `unit_mw × CAPFT`.
    pub capacity_mw: f64,
    /// Electric power drawn by the compressor (MW electric, ≥ 0). Excludes condenser fans,
    /// pumps and towers.
    pub power_mw: f64,
    /// Coefficient of performance `load / power` (dimensionless); 0 when the load is 0.
    pub cop: f64,
    /// Part-load ratio `load / capacity_mw` (dimensionless, 0–1).
    pub plr: f64,
    /// True if any curve input was outside the set's valid range (measured, or extended to
    /// warm water) and was clamped to it: the result is an extrapolation guard, not modelled
    /// behaviour.
    pub clamped: bool,
}

/// Spacing (K) of the warmer condensers [`ChillerCurveSet::available_capacity_fraction`]
/// looks at: far finer than the curves' features (biquadratics over 10–30 K ranges).
pub const ENVELOPE_STEP_K: f64 = 0.25;

impl ChillerCurveSet {
    /// Available capacity as a fraction of rated capacity (CAPFT) at leaving chilled-water
    /// temperature `t_chw_c` and entering condenser fluid temperature `t_cond_c` (both °C),
    /// read at the equal-lift anchor where the set is extended (module docs), inputs clamped
    /// to the set's valid range.
    ///
    /// Never more than at any cooler condenser: where a fit gives *more* capacity at a higher
    /// lift (the York YK set at its low-lift edge: 1.06 of rating at 6.7 K, 1.22 at 9.7 K),
    /// the condenser-water bypass can hold the warmer condenser, so the capacity at a lift is
    /// the most the set gives at that lift or any higher one within its range (sampled every
    /// [`ENVELOPE_STEP_K`]). Where capacity falls with lift, as in most sets, this is the
    /// curve itself. Without it a hotter hour could ride through a chiller trip longer.
    pub fn available_capacity_fraction(&self, t_chw_c: f64, t_cond_c: f64) -> CurveValue {
        let at = |y: f64| {
            let a = self.anchor(t_chw_c, y);
            let v = self.capft.eval(a.x, a.y);
            CurveValue {
                value: v.value,
                clamped: v.clamped || a.clamped,
            }
        };
        let own = at(t_cond_c);
        let top = self.highest_condenser_c(t_chw_c);
        let mut best = own.value;
        let mut y = t_cond_c + ENVELOPE_STEP_K;
        while y < top {
            best = best.max(at(y).value);
            y += ENVELOPE_STEP_K;
        }
        if top > t_cond_c {
            best = best.max(at(top).value);
        }
        CurveValue {
            value: best,
            clamped: own.clamped,
        }
    }

    /// The warmest condenser (°C) the set is valid for at chilled water `t_chw_c`: the
    /// measured box's top, or, where the set is extended, the chilled water plus its highest
    /// measured lift.
    fn highest_condenser_c(&self, t_chw_c: f64) -> f64 {
        let c = &self.capft;
        match self.extended_x_max {
            None => c.y_max,
            Some(x_ext) => t_chw_c.clamp(c.x_min, x_ext) + (c.y_max - c.x_min),
        }
    }

    /// The set's valid range in words, for messages: the measured box, or the extended
    /// chilled-water and lift range.
    pub fn range_text(&self) -> String {
        let c = &self.capft;
        match self.extended_x_max {
            None => format!(
                "chilled water {}–{} °C, condenser {}–{} °C",
                c.x_min, c.x_max, c.y_min, c.y_max
            ),
            Some(x_ext) => format!(
                "chilled water {}–{x_ext} °C, lift (condenser − chilled water) up to {:.2} K",
                c.x_min,
                c.y_max - c.x_min
            ),
        }
    }

    /// Where the curves are read for the point `(t_chw_c, t_cond_c)`: the point itself
    /// (clamped into the measured box) for a set without extension, else the equal-lift
    /// anchor of the module docs.
    fn anchor(&self, x: f64, y: f64) -> Anchor {
        let c = &self.capft;
        let Some(x_ext) = self.extended_x_max else {
            let (xa, cx) = clamp_report(x, c.x_min, c.x_max);
            let (ya, cy) = clamp_report(y, c.y_min, c.y_max);
            return Anchor {
                x: xa,
                y: ya,
                clamped: cx || cy,
            };
        };
        let inside = (c.x_min..=c.x_max).contains(&x) && (c.y_min..=c.y_max).contains(&y);
        if inside {
            return Anchor {
                x,
                y,
                clamped: false,
            };
        }
        let (x, cx) = clamp_report(x, c.x_min, x_ext);
        let (l_min, l_max) = (c.y_min - c.x_max, c.y_max - c.x_min);
        // Below the lowest measured lift the controls hold the lift (not a clamp).
        let (lift, cl) = clamp_report((y - x).max(l_min), l_min, l_max);
        // max then min, not clamp: at the end lifts the interval is a single point and
        // rounding may cross its ends.
        let xa = x
            .max((c.y_min - lift).max(c.x_min))
            .min((c.y_max - lift).min(c.x_max));
        Anchor {
            x: xa,
            // On the box by construction; the clamp only removes rounding at its edges.
            y: (xa + lift).clamp(c.y_min, c.y_max),
            clamped: cx || cl,
        }
    }

    /// Operating point of a unit of rated capacity `unit_mw` (MW thermal at the reference
    /// point, > 0) carrying `load_mw` (MW thermal, ≥ 0) at leaving chilled-water temperature
    /// `t_chw_c` and entering condenser fluid temperature `t_cond_c` (°C).
    ///
    /// See the module docs for the equations. Returns [`ChillerCurveError::Overload`] with the
    /// shortfall when the load exceeds the available capacity, and
    /// [`ChillerCurveError::InvalidInput`] for non-finite or negative inputs.
    pub fn operate(
        &self,
        unit_mw: f64,
        load_mw: f64,
        t_chw_c: f64,
        t_cond_c: f64,
    ) -> Result<Operating, ChillerCurveError> {
        let invalid = |what, value, expected| ChillerCurveError::InvalidInput {
            id: self.id.clone(),
            what,
            value,
            expected,
        };
        if !(unit_mw.is_finite() && unit_mw > 0.0) {
            return Err(invalid(
                "unit_mw",
                unit_mw,
                "it must be a finite number > 0",
            ));
        }
        if !(load_mw.is_finite() && load_mw >= 0.0) {
            return Err(invalid(
                "load_mw",
                load_mw,
                "it must be a finite number ≥ 0",
            ));
        }
        if !t_chw_c.is_finite() {
            return Err(invalid(
                "t_chw_c",
                t_chw_c,
                "it must be a finite temperature",
            ));
        }
        if !t_cond_c.is_finite() {
            return Err(invalid(
                "t_cond_c",
                t_cond_c,
                "it must be a finite temperature",
            ));
        }

        let capft = self.available_capacity_fraction(t_chw_c, t_cond_c);
        let capacity_mw = unit_mw * capft.value;
        if load_mw > capacity_mw {
            return Err(ChillerCurveError::Overload {
                id: self.id.clone(),
                load_mw,
                capacity_mw,
                shortfall_mw: load_mw - capacity_mw,
            });
        }
        // capacity_mw > 0 here: load ≥ 0 and load ≤ capacity, and a zero capacity with zero
        // load is handled by the division guard below.
        let plr = if capacity_mw > 0.0 {
            load_mw / capacity_mw
        } else {
            0.0
        };
        let anchor = self.anchor(t_chw_c, t_cond_c);
        let eirft = self.eirft.eval(anchor.x, anchor.y);
        let cycling = if self.min_plr > 0.0 {
            (plr / self.min_plr).min(1.0)
        } else {
            1.0
        };
        let eirfplr = self.eirfplr.eval(plr.max(self.min_plr));
        let power_mw = capacity_mw / self.reference_cop * eirft.value * eirfplr.value * cycling;
        let cop = if power_mw > 0.0 {
            load_mw / power_mw
        } else {
            0.0
        };
        Ok(Operating {
            capacity_mw,
            power_mw,
            cop,
            plr,
            clamped: capft.clamped || eirft.clamped || (plr > 0.0 && eirfplr.clamped),
        })
    }

    /// Check the set's internal consistency: positive capacity and COP, non-empty ranges,
    /// `0 ≤ min_plr ≤ 1 ≤ max_plr`, finite coefficients.
    pub fn validate(&self) -> Result<(), ChillerCurveError> {
        let bad = |reason: String| ChillerCurveError::InvalidSet {
            id: self.id.clone(),
            reason,
        };
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        {
            return Err(bad(
                "id must be non-empty lowercase kebab-case (a-z, 0-9, '-', '.')".into(),
            ));
        }
        if !(self.reference_capacity_w.is_finite() && self.reference_capacity_w > 0.0) {
            return Err(bad(format!(
                "reference_capacity_w is {} but must be > 0",
                self.reference_capacity_w
            )));
        }
        if !(self.reference_cop.is_finite() && self.reference_cop > 0.0) {
            return Err(bad(format!(
                "reference_cop is {} but must be > 0",
                self.reference_cop
            )));
        }
        if !(0.0..=1.0).contains(&self.min_plr) || self.max_plr < 1.0 {
            return Err(bad(format!(
                "part-load ratios must satisfy 0 ≤ min_plr ≤ 1 ≤ max_plr, got {} and {}",
                self.min_plr, self.max_plr
            )));
        }
        for (name, c) in [("capft", &self.capft), ("eirft", &self.eirft)] {
            if !(c.x_min < c.x_max && c.y_min < c.y_max) {
                return Err(bad(format!("{name} has an empty input range")));
            }
            if c.coefficients.iter().any(|v| !v.is_finite()) {
                return Err(bad(format!("{name} has a non-finite coefficient")));
            }
        }
        if let Some(x_ext) = self.extended_x_max {
            let (c, e) = (&self.capft, &self.eirft);
            #[allow(clippy::float_cmp)] // the two curves are measured on the same grid
            let same = (c.x_min, c.x_max, c.y_min, c.y_max) == (e.x_min, e.x_max, e.y_min, e.y_max);
            if !(same && x_ext.is_finite() && x_ext > c.x_max) {
                return Err(bad(
                    "an extended set needs capft and eirft on the same ranges and \
                     extended_x_max above x_max"
                        .into(),
                ));
            }
        }
        let q = &self.eirfplr;
        if !(q.x_min >= 0.0 && q.x_min < q.x_max) || q.coefficients.iter().any(|v| !v.is_finite()) {
            return Err(bad(
                "eirfplr needs 0 ≤ x_min < x_max and finite coefficients".into(),
            ));
        }
        Ok(())
    }
}

/// The TOML document shape: `[[chiller]]` tables.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurveFile {
    chiller: Vec<ChillerCurveSet>,
}

/// A validated collection of chiller curve sets, looked up by id.
#[derive(Debug, Clone, PartialEq)]
pub struct CurveLibrary {
    sets: Vec<ChillerCurveSet>,
}

impl CurveLibrary {
    /// Parse and validate a library from TOML text of `[[chiller]]` tables.
    pub fn from_toml_str(text: &str) -> Result<Self, ChillerCurveError> {
        let file: CurveFile =
            toml::from_str(text).map_err(|e| ChillerCurveError::Parse(e.to_string()))?;
        let mut seen = HashSet::new();
        for set in &file.chiller {
            set.validate()?;
            if !seen.insert(set.id.as_str()) {
                return Err(ChillerCurveError::DuplicateId(set.id.clone()));
            }
        }
        Ok(Self { sets: file.chiller })
    }

    /// The built-in library (`data/chiller_curves.toml`), parsed once on first use.
    ///
    /// The embedded file is fixed at compile time and a unit test proves it parses, so the
    /// error case is unreachable in a tested build; it is returned rather than panicking.
    pub fn builtin() -> Result<&'static Self, ChillerCurveError> {
        static LIB: OnceLock<Result<CurveLibrary, ChillerCurveError>> = OnceLock::new();
        LIB.get_or_init(|| Self::from_toml_str(BUILTIN_TOML))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The set with this id, if any.
    pub fn get(&self, id: &str) -> Option<&ChillerCurveSet> {
        self.sets.iter().find(|s| s.id == id)
    }

    /// All ids, in file order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.sets.iter().map(|s| s.id.as_str())
    }

    /// All sets, in file order.
    pub fn sets(&self) -> &[ChillerCurveSet] {
        &self.sets
    }

    /// The closest known id to a mistyped one, for "did you mean".
    pub fn suggest(&self, id: &str) -> Option<&str> {
        crate::text::did_you_mean(id, self.ids())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::float_cmp)]

    use super::*;

    fn lib() -> &'static CurveLibrary {
        CurveLibrary::builtin().unwrap()
    }

    #[test]
    fn builtin_parses_and_has_diverse_sets() {
        let lib = lib();
        assert!(lib.sets().len() >= 10);
        let large_centrifugal = lib
            .sets()
            .iter()
            .filter(|s| {
                s.compressor == CompressorType::Centrifugal && s.reference_capacity_w >= 3.0e6
            })
            .count();
        assert!(large_centrifugal >= 2);
        for kind in [
            CompressorType::Screw,
            CompressorType::Reciprocating,
            CompressorType::Centrifugal,
        ] {
            assert!(lib.sets().iter().any(|s| s.compressor == kind), "{kind:?}");
        }
        assert!(lib.sets().iter().any(|s| s.condenser == CondenserType::Air));
    }

    #[test]
    fn every_set_is_sane() {
        for s in lib().sets() {
            assert!(s.validate().is_ok(), "{}", s.id);
            assert!((2.0..=9.0).contains(&s.reference_cop), "{}", s.id);
            assert!(s.reference_capacity_w > 0.0, "{}", s.id);
            assert!(s.source.contains("NREL/EnergyPlus"), "{}", s.id);
            assert!(s.idf_name.starts_with("ElectricEIRChiller "), "{}", s.id);
        }
    }

    /// At the reference point every curve is ≈ 1 and COP ≈ `COP_ref`. The published curves are
    /// regressions, so they miss 1 by a little. Actual values, computed from the data:
    ///
    /// | id                            | CAPFT   | EIRFT   | EIRFPLR(1) | COP / `COP_ref` |
    /// |-------------------------------|---------|---------|------------|---------------|
    /// | centrifugal-5.65mw-cop5.50    | 0.99362 | 0.99979 | 0.99980    | 5.5023 / 5.50 |
    /// | centrifugal-5.17mw-cop7.15    | 1.00624 | 1.00214 | 1.00084    | 7.1287 / 7.15 |
    /// | centrifugal-4.61mw-cop6.34    | 1.00332 | 0.99734 | 0.99937    | 6.3609 / 6.34 |
    /// | centrifugal-5.21mw-cop6.88    | 0.99483 | 0.99785 | 0.99924    | 6.9001 / 6.88 |
    /// | screw-1.06mw-cop5.50          | 0.99614 | 0.99936 | 1.00008    | 5.5030 / 5.50 |
    /// | screw-1.05mw-cop5.05          | 0.99896 | 1.00068 | 1.00045    | 5.0443 / 5.05 |
    /// | screw-0.53mw-cop4.83          | 0.99239 | 1.00739 | 0.99905    | 4.7991 / 4.83 |
    /// | reciprocating-0.17mw-cop3.67  | 1.00245 | 0.99897 | 0.99954    | 3.6755 / 3.67 |
    /// | scroll-0.21mw-cop3.99         | 1.00108 | 0.99811 | 1.00026    | 3.9965 / 3.99 |
    /// | air-scroll-1.33mw-cop2.80     | 1.00398 | 0.99558 | 1.00000    | 2.8124 / 2.80 |
    /// | air-scroll-0.46mw-cop2.81     | 1.00014 | 1.00010 | 1.00000    | 2.8097 / 2.81 |
    ///
    /// Worst: CAPFT 0.99239 and EIRFT 1.00739 (screw-0.53mw), COP 0.64 % low. Tolerance 1e-2.
    /// (The library keeps only sets that meet it; see data/README.md.)
    #[test]
    fn reference_point_reproduces_reference_cop() {
        for s in lib().sets() {
            let (x, y) = (
                s.reference_leaving_chilled_water_c,
                s.reference_entering_condenser_c,
            );
            let capft = s.capft.eval(x, y);
            let eirft = s.eirft.eval(x, y);
            let plr1 = s.eirfplr.eval(1.0);
            assert!(
                !capft.clamped && !eirft.clamped && !plr1.clamped,
                "{}",
                s.id
            );
            assert!(
                (capft.value - 1.0).abs() < 1e-2,
                "{} CAPFT {}",
                s.id,
                capft.value
            );
            assert!(
                (eirft.value - 1.0).abs() < 1e-2,
                "{} EIRFT {}",
                s.id,
                eirft.value
            );
            assert!(
                (plr1.value - 1.0).abs() < 1e-2,
                "{} EIRFPLR {}",
                s.id,
                plr1.value
            );

            // Full load of whatever is available at the reference point.
            let unit = 5.0;
            let avail = unit * capft.value;
            let op = s.operate(unit, avail, x, y).unwrap();
            assert!((op.plr - 1.0).abs() < 1e-12);
            assert!(!op.clamped, "{}", s.id);
            let rel = (op.cop - s.reference_cop).abs() / s.reference_cop;
            assert!(
                rel < 1e-2,
                "{}: COP {} vs {}",
                s.id,
                op.cop,
                s.reference_cop
            );
        }
    }

    /// Hand calculation, York YK 5170 kW centrifugal (`centrifugal-5.17mw-cop7.15`), a 5 MW
    /// unit carrying 3 MW at `T_chw` = 7 °C, `T_cond` = 25 °C (both inside the valid ranges).
    ///
    /// CAPFT = 0.1675697 − 0.1191228·7 − 4.328384e-3·49 + 0.1355905·25 − 5.171251e-3·625
    ///         + 1.039840e-2·175
    ///       = 0.1675697 − 0.8338596 − 0.2120908 + 3.3897625 − 3.2320319 + 1.8197200
    ///       = 1.0990699
    /// capacity = 5 × 1.0990699 = 5.4953495 MW; PLR = 3 / 5.4953495 = 0.5459161
    /// EIRFT = 0.5894383 − 0.0292653·7 − 1.900238e-3·49 + 0.02849479·25 − 5.105015e-4·625
    ///         + 1.702334e-3·175
    ///       = 0.5894383 − 0.2048571 − 0.0931117 + 0.7123698 − 0.3190634 + 0.2979085
    ///       = 0.9826843
    /// EIRFPLR(0.5459161) = 0.2497273 + 0.1011288·0.5459161 + 0.6499847·0.5459161²
    ///       = 0.2497273 + 0.0552078 + 0.1937113 = 0.4986465
    /// power = 5.4953495 / 7.15 × 0.9826843 × 0.4986465 = 0.3766136 MW
    /// COP = 3 / 0.3766136 = 7.9657
    #[test]
    fn hand_calculation_off_design() {
        let s = lib().get("centrifugal-5.17mw-cop7.15").unwrap();
        let op = s.operate(5.0, 3.0, 7.0, 25.0).unwrap();
        assert!(!op.clamped);
        assert!(
            (op.capacity_mw - 5.495_349_5).abs() < 1e-6,
            "{}",
            op.capacity_mw
        );
        assert!((op.plr - 0.545_916_1).abs() < 1e-6, "{}", op.plr);
        assert!((op.power_mw - 0.376_613_6).abs() < 1e-6, "{}", op.power_mw);
        assert!((op.cop - 7.9657).abs() < 1e-3, "{}", op.cop);
    }

    /// Hand calculation of the equal-lift extension (module docs), Carrier 30RB390 air-cooled
    /// scroll (`air-scroll-1.33mw-cop2.80`, measured 4.44–15.56 °C chilled water, 29.44–48.89 °C
    /// air) at 20 °C chilled water and 40 °C air, full load. Lift 20 K; the measured points of
    /// lift 20 K have x in [max(4.44, 29.44 − 20), min(15.56, 48.89 − 20)] = [9.44, 15.56], the
    /// nearest to 20 °C is `x_a` = 15.56, `y_a` = 35.56.
    ///
    /// CAPFT(15.56, 35.56) = 0.9061566 + 0.9699027 − 0.1574660 − 0.0512645 − 0.1297070
    ///                       − 0.2675764 = 1.2700453  (inside its output bounds 0.7545–1.3619)
    /// EIRFT(15.56, 35.56) = 0.9561678 − 0.2960578 + 0.3033217 − 0.6039338 + 0.9072521
    ///                       − 0.4121520 = 0.8545980; EIRFPLR(1) = 1
    /// COP = 2.8 / 0.8545980 = 3.27639
    #[test]
    fn hand_calculation_warm_water_air_cooled() {
        let s = lib().get("air-scroll-1.33mw-cop2.80").unwrap();
        let cap = s.available_capacity_fraction(20.0, 40.0);
        assert!(!cap.clamped);
        assert!((cap.value - 1.270_045_3).abs() < 1e-6, "{}", cap.value);
        let op = s.operate(1.0, cap.value, 20.0, 40.0).unwrap();
        assert!(!op.clamped);
        assert!((op.cop - 3.27639).abs() < 1e-4, "{}", op.cop);
    }

    /// Hand calculation, York YK 5170 kW (`centrifugal-5.17mw-cop7.15`, measured 4.44–8.89 °C
    /// chilled water, 15.56–29.44 °C condenser water), at 18 °C chilled water, PLR 0.75,
    /// EIRFPLR(0.75) = 0.2497273 + 0.1011288·0.75 + 0.6499847·0.5625 = 0.6911903:
    ///
    /// * condenser 26 °C: lift 8 K, points of that lift have x in [7.56, 8.89], anchor
    ///   (8.89, 16.89): EIRFT = 0.5894383 − 0.2601685 − 0.1501798 + 0.4812770 − 0.1456318 +
    ///   0.2556090 = 0.7703442; COP = 0.75 × 7.15 / (0.7703442 × 0.6911903) = 10.07128.
    /// * condenser 20 °C: lift 2 K is below the lowest measured lift 15.56 − 8.89 = 6.67 K, so
    ///   it is held at 6.67 K: anchor (8.89, 15.56), EIRFT = 0.5894383 − 0.2601685 − 0.1501798 +
    ///   0.4433789 − 0.1235994 + 0.2354811 = 0.7343507; COP = 0.75 × 7.15 / (0.7343507 ×
    ///   0.6911903) = 10.56492. Not a clamp: the tower bypass holds the lift.
    #[test]
    fn hand_calculation_warm_water_centrifugal() {
        let s = lib().get("centrifugal-5.17mw-cop7.15").unwrap();
        for (t_cond, want) in [(26.0, 10.07128), (20.0, 10.56492)] {
            let cap = s.available_capacity_fraction(18.0, t_cond).value;
            let op = s.operate(1.0, 0.75 * cap, 18.0, t_cond).unwrap();
            assert!(!op.clamped, "{t_cond}");
            assert!((op.cop - want).abs() < 1e-4, "{t_cond}: {}", op.cop);
        }
    }

    /// The rule's assumption checked where there are measurements: along each line of equal
    /// lift inside a set's measured box, the rule gives every chilled-water temperature the
    /// performance of the warmest measured point of that lift (`x_hi`). Signed error of full-load
    /// COP, `measured / rule − 1`, over a 41-lift × 21-point grid:
    ///
    /// | id                           | lowest   | highest  |
    /// |------------------------------|----------|----------|
    /// | centrifugal-5.65mw-cop5.50   | −2.64 %  | +0.34 %  |
    /// | centrifugal-5.17mw-cop7.15   | −1.68 %  | +1.77 %  |
    /// | centrifugal-4.61mw-cop6.34   | −8.32 %  | +0.00 %  |
    /// | centrifugal-5.21mw-cop6.88   | −0.02 %  | +1.80 %  |
    /// | screw-1.06mw-cop5.50         | +0.00 %  | +1.91 %  |
    /// | screw-1.05mw-cop5.05         | −0.15 %  | +1.26 %  |
    /// | screw-0.53mw-cop4.83         | +0.00 %  | +3.81 %  |
    /// | reciprocating-0.17mw-cop3.67 | −1.53 %  | +1.40 %  |
    /// | scroll-0.21mw-cop3.99        | −0.46 %  | +0.28 %  |
    /// | air-scroll-1.33mw-cop2.80    | −0.00 %  | +11.07 % |
    /// | air-scroll-0.46mw-cop2.81    | −0.00 %  | +5.08 %  |
    ///
    /// Positive: colder water at the same lift measured better than the warm edge, the
    /// opposite of the Carnot-fraction model's level credit, which the rule therefore does not
    /// take. Only the Trane CVHF 4610 kW improves with level (negative), as Carnot says.
    /// Capacity at equal lift is higher at the warm edge in every set (no credit taken).
    #[test]
    fn equal_lift_rule_against_measured_data() {
        for s in lib().sets() {
            let (c, e) = (&s.capft, &s.eirft);
            let (l_min, l_max) = (c.y_min - c.x_max, c.y_max - c.x_min);
            let (mut lowest, mut highest) = (0.0f64, 0.0f64);
            let mut capacity_lower_when_colder = true;
            for i in 0..=40 {
                let lift = l_min + (l_max - l_min) * f64::from(i) / 40.0;
                let (lo, hi) = ((c.y_min - lift).max(c.x_min), (c.y_max - lift).min(c.x_max));
                if hi - lo < 0.5 {
                    continue;
                }
                for j in 0..=20 {
                    let x = lo + (hi - lo) * f64::from(j) / 20.0;
                    // COP ∝ 1 / EIRFT at full load: measured / rule = EIRFT(hi) / EIRFT(x).
                    let err = e.raw(hi, hi + lift) / e.raw(x, x + lift) - 1.0;
                    lowest = lowest.min(err);
                    highest = highest.max(err);
                    capacity_lower_when_colder &=
                        c.raw(x, x + lift) <= c.raw(hi, hi + lift) * (1.0 + 2e-3);
                }
            }
            assert!(
                lowest > -0.085 && highest < 0.112,
                "{}: {lowest} {highest}",
                s.id
            );
            assert!(capacity_lower_when_colder, "{}", s.id);
            if s.id == "centrifugal-4.61mw-cop6.34" {
                assert!(lowest < -0.08 && highest < 1e-9, "{lowest} {highest}");
            } else {
                assert!(
                    highest > 2e-3 && lowest > -0.03,
                    "{}: {lowest} {highest}",
                    s.id
                );
            }
        }
    }

    /// Inside the measured box the extension is the identity: same capacity and COP as the
    /// set without it, at random points and part loads.
    #[test]
    fn extension_is_identity_inside_the_measured_box() {
        for s in lib().sets().iter().filter(|s| s.extended_x_max.is_some()) {
            let plain = ChillerCurveSet {
                extended_x_max: None,
                ..s.clone()
            };
            for i in 0..=6 {
                for j in 0..=6 {
                    let box_ = &s.capft;
                    let x = (box_.x_min + (box_.x_max - box_.x_min) * f64::from(i) / 6.0)
                        .min(box_.x_max);
                    let y = (box_.y_min + (box_.y_max - box_.y_min) * f64::from(j) / 6.0)
                        .min(box_.y_max);
                    let load = 0.6 * plain.available_capacity_fraction(x, y).value;
                    let (a, b) = (s.operate(1.0, load, x, y), plain.operate(1.0, load, x, y));
                    let (a, b) = (a.unwrap(), b.unwrap());
                    assert!((a.cop - b.cop).abs() < 1e-12 && a.capacity_mw == b.capacity_mw);
                    assert!(!a.clamped && !b.clamped, "{} {x} {y}", s.id);
                }
            }
        }
    }

    /// Over the extended range (chilled water up to `extended_x_max`, every lift up to the
    /// highest measured), COP at equal part-load ratio still falls as the condenser warms and
    /// nothing is reported clamped. (Capacity is not monotone even in the measured data.)
    /// Seen failing for the York YK at lifts above 24.4 K before its exception was written.
    #[test]
    fn extended_range_is_monotone_in_condenser_temperature() {
        for s in lib().sets() {
            let Some(x_ext) = s.extended_x_max else {
                continue;
            };
            let c = &s.capft;
            for i in 0..=10 {
                let x = c.x_min + (x_ext - c.x_min) * f64::from(i) / 10.0;
                let mut prev_cop = f64::INFINITY;
                // From 10 K below the lowest measured lift to just under the highest.
                let (from, to) = (c.y_min - c.x_max - 10.0, c.y_max - c.x_min - 1e-9);
                for j in 0..=60 {
                    let y = x + from + (to - from) * f64::from(j) / 60.0;
                    let cap = s.available_capacity_fraction(x, y);
                    let op = s.operate(1.0, 0.75 * cap.value, x, y).unwrap();
                    assert!(!op.clamped, "{} x={x} y={y}", s.id);
                    // One exception, inherited from the measurements: the York YK's measured
                    // COP along its top edge (29.44 °C) rises towards colder water, so at lifts
                    // within 0.5 K of its highest measured (25 K) the anchor's walk along that
                    // edge gains COP. No bundled climate comes near (18 °C water, 43 °C tower).
                    let york_corner = s.id == "centrifugal-5.17mw-cop7.15" && y - x > 24.4;
                    assert!(
                        op.cop <= prev_cop + 1e-9 || york_corner,
                        "{} x={x} y={y}",
                        s.id
                    );
                    prev_cop = op.cop;
                }
            }
        }
    }

    #[test]
    fn beyond_the_extended_range_is_clamped_and_reported() {
        let s = lib().get("air-scroll-1.33mw-cop2.80").unwrap();
        // Chilled water above 25 °C; a lift above the highest measured 48.89 − 4.44 = 44.45 K.
        assert!(s.available_capacity_fraction(26.0, 40.0).clamped);
        assert!(s.operate(1.0, 0.5, 20.0, 65.0).unwrap().clamped);
        assert!(!s.operate(1.0, 0.5, 20.0, 64.0).unwrap().clamped);
        assert!(s.available_capacity_fraction(4.0, 40.0).clamped);
        assert_eq!(
            s.range_text(),
            "chilled water 4.44–25 °C, lift (condenser − chilled water) up to 44.45 K"
        );
    }

    /// COP falls as the condenser gets warmer, over each set's valid range, at equal part-load
    /// ratio (full load, and PLR 0.5). At PLR `p`, COP = p·`COP_ref` / (EIRFT·EIRFPLR(p)), so
    /// this is EIRFT rising with condenser temperature.
    ///
    /// Not asserted, because the measured data do not support it for every set: at a fixed
    /// *absolute* load, COP can rise with condenser temperature where CAPFT rises steeply
    /// (York YK 5170 kW near 21–26 °C), since the same load is then a lower PLR.
    #[test]
    fn cop_decreases_with_condenser_temperature_grid() {
        for s in lib().sets() {
            for plr in [1.0, 0.5] {
                for i in 0..=8 {
                    let x = s.capft.x_min + (s.capft.x_max - s.capft.x_min) * f64::from(i) / 8.0;
                    let mut prev = f64::INFINITY;
                    for j in 0..=40 {
                        let y =
                            s.capft.y_min + (s.capft.y_max - s.capft.y_min) * f64::from(j) / 40.0;
                        let load = plr * s.available_capacity_fraction(x, y).value;
                        let cop = s.operate(1.0, load, x, y).unwrap().cop;
                        assert!(cop <= prev + 1e-9, "{} plr={plr} x={x} y={y}", s.id);
                        prev = cop;
                    }
                }
            }
        }
    }

    mod prop {
        #![allow(clippy::unwrap_used)]
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Same property at random points: for any set, chilled-water temperature, part-load
            /// ratio and two condenser temperatures in range, the warmer condenser never gives a
            /// higher COP at the same part-load ratio.
            #[test]
            fn cop_monotone_in_condenser_temperature(
                idx in 0usize..64,
                fx in 0.0f64..=1.0,
                plr in 0.05f64..=1.0,
                fa in 0.0f64..=1.0,
                fb in 0.0f64..=1.0,
            ) {
                let sets = lib().sets();
                let s = &sets[idx % sets.len()];
                let x = s.capft.x_min + (s.capft.x_max - s.capft.x_min) * fx;
                let (lo, hi) = (fa.min(fb), fa.max(fb));
                let y1 = s.capft.y_min + (s.capft.y_max - s.capft.y_min) * lo;
                let y2 = s.capft.y_min + (s.capft.y_max - s.capft.y_min) * hi;
                let load = |y: f64| plr * s.available_capacity_fraction(x, y).value;
                let c1 = s.operate(1.0, load(y1), x, y1).unwrap().cop;
                let c2 = s.operate(1.0, load(y2), x, y2).unwrap().cop;
                prop_assert!(c2 <= c1 + 1e-9, "{}: {c1} at {y1} vs {c2} at {y2}", s.id);
            }
        }
    }

    /// Available capacity never rises with the condenser temperature, in any set of the
    /// library, from 5 to 25 °C chilled water; where the fit itself falls with lift it is the
    /// fit (the York YK at 18 °C: its peak 1.2803 at and below a 13.2 K lift).
    #[test]
    fn capacity_never_rises_with_the_condenser() {
        let lib = CurveLibrary::builtin().unwrap();
        for set in lib.sets() {
            for chw in [5.0, 7.0, 10.0, 15.0, 18.0, 25.0] {
                let mut last = f64::INFINITY;
                let mut y = chw + 2.0;
                while y < chw + 40.0 {
                    let v = set.available_capacity_fraction(chw, y).value;
                    assert!(v <= last + 1e-12, "{} at {chw}/{y}: {v} > {last}", set.id);
                    last = v;
                    y += 0.5;
                }
            }
        }
        let york = lib.get("centrifugal-5.17mw-cop7.15").unwrap();
        let v = york.available_capacity_fraction(18.0, 20.0).value;
        assert!((v - 1.280_323).abs() < 1e-4, "{v}");
    }

    #[test]
    fn clamping_is_reported() {
        // Without the warm-water extension, every input outside the measured box is clamped.
        let s = &ChillerCurveSet {
            extended_x_max: None,
            ..lib().get("screw-1.06mw-cop5.50").unwrap().clone()
        };
        // T_cond 35 °C is above this set's y_max of 29.44 °C.
        let hot = s.operate(1.0, 0.5, 7.0, 35.0).unwrap();
        let edge = s.operate(1.0, 0.5, 7.0, 29.44).unwrap();
        assert!(hot.clamped);
        assert!(!edge.clamped);
        assert_eq!(hot.power_mw, edge.power_mw);
        assert!(s.available_capacity_fraction(7.0, 35.0).clamped);
        assert!(!s.available_capacity_fraction(7.0, 25.0).clamped);
    }

    #[test]
    fn overload_returns_shortfall() {
        let s = lib().get("centrifugal-5.17mw-cop7.15").unwrap();
        let err = s.operate(5.0, 6.0, 7.0, 25.0).unwrap_err();
        match err {
            ChillerCurveError::Overload {
                capacity_mw,
                shortfall_mw,
                ..
            } => {
                assert!((capacity_mw - 5.495_349_5).abs() < 1e-6);
                assert!((shortfall_mw - (6.0 - capacity_mw)).abs() < 1e-12);
            }
            other => panic!("expected overload, got {other:?}"),
        }
    }

    #[test]
    fn cycling_below_min_plr_and_zero_load() {
        let s = lib().get("centrifugal-4.61mw-cop6.34").unwrap();
        let (x, y) = (6.67, 26.11);
        let at_min = s.operate(1.0, s.min_plr * s.capft.raw(x, y), x, y).unwrap();
        let half_min = s
            .operate(1.0, 0.5 * s.min_plr * s.capft.raw(x, y), x, y)
            .unwrap();
        // Cycling: half the load at half the on-time, same COP.
        assert!((half_min.power_mw - 0.5 * at_min.power_mw).abs() < 1e-12);
        assert!((half_min.cop - at_min.cop).abs() < 1e-9);
        let off = s.operate(1.0, 0.0, x, y).unwrap();
        assert_eq!(off.power_mw, 0.0);
        assert_eq!(off.cop, 0.0);
    }

    #[test]
    fn invalid_inputs_are_errors() {
        let s = lib().get("screw-1.06mw-cop5.50").unwrap();
        for (unit, load, t1, t2) in [
            (0.0, 0.1, 7.0, 25.0),
            (1.0, -0.1, 7.0, 25.0),
            (1.0, f64::NAN, 7.0, 25.0),
            (1.0, 0.1, f64::NAN, 25.0),
            (1.0, 0.1, 7.0, f64::INFINITY),
        ] {
            assert!(matches!(
                s.operate(unit, load, t1, t2),
                Err(ChillerCurveError::InvalidInput { .. })
            ));
        }
    }

    #[test]
    fn lookup_and_suggest() {
        let lib = lib();
        assert!(lib.get("centrifugal-5.17mw-cop7.15").is_some());
        assert!(lib.get("nope").is_none());
        assert_eq!(lib.ids().count(), lib.sets().len());
        assert_eq!(
            lib.suggest("centrifugal-5.17mw-cop7.1"),
            Some("centrifugal-5.17mw-cop7.15")
        );
        assert_eq!(lib.suggest("zzzzzzzz"), None);
    }

    #[test]
    fn library_rejects_duplicates_and_bad_sets() {
        let one = BUILTIN_TOML
            .split("\n[[chiller]]\n")
            .nth(1)
            .map(|s| format!("[[chiller]]\n{s}"))
            .unwrap();
        let dup = format!("{one}\n{one}");
        assert!(matches!(
            CurveLibrary::from_toml_str(&dup),
            Err(ChillerCurveError::DuplicateId(_))
        ));
        let bad = one.replace("reference_cop = 5.50", "reference_cop = -1.0");
        assert!(matches!(
            CurveLibrary::from_toml_str(&bad),
            Err(ChillerCurveError::InvalidSet { .. })
        ));
        assert!(matches!(
            CurveLibrary::from_toml_str("[[chiller]]\nid = 3"),
            Err(ChillerCurveError::Parse(_))
        ));
    }
}
