//! Psychrometrics of moist air in SI units, after ASHRAE Handbook—Fundamentals (2017), ch. 1.
//!
//! Units throughout: temperatures in °C, pressures in Pa, humidity ratio in kg water per kg
//! dry air, enthalpy in kJ per kg dry air, relative humidity as a fraction (0–1).
//!
//! The functions are plain `f64 → f64` maths, like `f64::ln`: they do not validate their
//! arguments. The weather readers check every value from a file (range, sentinels) before it
//! reaches this module, so a `NaN` here means a caller passed something outside the documented
//! range, not a bad file. Over the range a datacenter sees (−40 to 60 °C dry-bulb, 1–100 % RH,
//! 50–110 kPa) every function returns a finite value; the property tests at the bottom check it.
//!
//! The formulation, all from the Handbook chapter:
//! * saturation pressure over ice below 0 °C (eq. 5, Hyland–Wexler, −100..0 °C) and over
//!   liquid water from 0 °C (eq. 6, 0..200 °C);
//! * humidity ratio from vapour pressure (eqs. 20, 22, 23), enthalpy (eq. 32), specific
//!   volume and density (eqs. 26, 11), standard pressure (eq. 3);
//! * thermodynamic wet-bulb t* from eq. 33 with water on the wick (t* ≥ 0 °C) and eq. 35 with
//!   ice (t* < 0 °C); dew point (frost point below 0 °C) from eq. 37.
//!
//! Dew point and wet-bulb are solved on these exact equations to 1e-6 K (a bracketing
//! secant, see `bisect`), not by the approximate correlations (eqs. 39 and 40).
//!
//! **Near 0 °C the wet-bulb has two roots.** Ice has the larger latent heat, so at t* = 0 eq.
//! 35 gives a higher humidity ratio than eq. 33. For air above 0 °C whose humidity ratio lies
//! between the two (dew point below 0 °C, wet-bulb within about 0.5 K of 0 °C), eq. 33
//! has a root above 0 °C and eq. 35 one below, each with the wick in the phase its
//! temperature implies; the Handbook does not choose. We take the water root: a wet wick (or
//! a cooling tower's water) cooling from the dry-bulb reaches it first and stops there,
//! before it could freeze, and it is the higher, cautious value for evaporative heat
//! rejection. Below 0 °C dry-bulb only the ice root exists. `PsychroLib` 2.5.0 (Meyer &
//! Thevenard, an implementation of the same chapter) bisects across both branches, so it
//! returns one or the other depending on where its midpoints fall: in the 92 such hours of
//! the bundled weather files it gives the water root in 61 and the ice root in 31.
//! Everywhere else it agrees with this module to its 0.001 K tolerance. Each branch is solved
//! on its own side of 0 °C (`wet_bulb_above`), where it is smooth and increasing.
//!
//! **Within about 0.01 K of 0 °C dry-bulb there is instead a gap with no root.** Eq. 35's
//! lead at t* = 0 grows with the dry-bulb, as 1.006 t (1/2501 − 1/2830) ≈ 4.7e-5 t kg/kg; it
//! must first overcome the jump in saturation pressure at 0 °C (611.154 Pa over ice, eq. 5,
//! against 611.213 Pa over water, eq. 6: 7.6e-7 kg/kg in Ws at 50 kPa, 3.7e-7 at 101.325
//! kPa), so below a dry-bulb of 0.016 °C at 50 kPa (0.008 °C at 101.325 kPa) eq. 35 at 0 °C
//! gives a *lower* W than eq. 33. A humidity ratio between the two solves neither equation:
//! eq. 35 stays below it up to 0 °C, eq. 33 above it from 0 °C. The wick then sits at 0 °C,
//! part ice and part water, and the wet-bulb is 0 °C exactly; [`humidity_ratio_from_wet_bulb`]
//! at 0 °C gives W over water, which differs from the air's by less than the jump.

use serde::Serialize;

/// Ratio of the molar masses of water vapour and dry air (ASHRAE 2017 ch. 1 eq. 20).
///
/// Appears in every conversion between vapour pressure and humidity ratio.
pub const MOLAR_MASS_RATIO_WATER_AIR: f64 = 0.621_945;

/// Standard sea-level atmospheric pressure (Pa), ASHRAE 2017 ch. 1 Table 1.
pub const STANDARD_PRESSURE_PA: f64 = 101_325.0;

/// Offset between the Celsius and the Kelvin scales (K).
const KELVIN_OFFSET: f64 = 273.15;

/// Lower end of the temperature bracket searched for dew points (°C): the bottom of the
/// Hyland–Wexler ice correlation's range.
const DEW_POINT_MIN_C: f64 = -100.0;

/// Upper end of the temperature bracket searched for dew points (°C): the top of the
/// Hyland–Wexler water correlation's range.
const DEW_POINT_MAX_C: f64 = 200.0;

/// Width of the final bisection interval (K); far below the 0.05 K the planner needs.
const BISECTION_TOLERANCE_K: f64 = 1e-6;

/// Upper bound on bisection steps; 300 K / 2^60 is far below the tolerance, so this is a
/// guarantee of termination, not a limit that is ever reached on valid input.
const BISECTION_MAX_STEPS: usize = 60;

/// Saturation vapour pressure (Pa) over ice below 0 °C and over liquid water at or above 0 °C.
///
/// Hyland–Wexler formulation as given in ASHRAE 2017 ch. 1 eq. 5 (ice, −100 to 0 °C) and
/// eq. 6 (water, 0 to 200 °C). This is the root of every other humidity property here.
pub fn saturation_vapour_pressure_pa(t_c: f64) -> f64 {
    saturation_vapour_pressure_over_pa(t_c, Wick::from_wet_bulb(t_c))
}

/// Saturation vapour pressure (Pa) over the given phase at `t_c`, whatever its sign: eq. 5
/// (ice) or eq. 6 (water). At 0 °C the two differ by 0.06 Pa (611.154 over ice, 611.213 over
/// water), the jump in [`saturation_vapour_pressure_pa`] there.
fn saturation_vapour_pressure_over_pa(t_c: f64, phase: Wick) -> f64 {
    let t = t_c + KELVIN_OFFSET;
    let ln_p = match phase {
        // eq. 5, over ice
        Wick::Ice => {
            -5.674_535_9e3 / t + 6.392_524_7 - 9.677_843_0e-3 * t
                + 6.221_570_1e-7 * t * t
                + 2.074_782_5e-9 * t.powi(3)
                - 9.484_024_0e-13 * t.powi(4)
                + 4.163_501_9 * t.ln()
        }
        // eq. 6, over liquid water
        Wick::Water => {
            -5.800_220_6e3 / t + 1.391_499_3 - 4.864_023_9e-2 * t + 4.176_476_8e-5 * t * t
                - 1.445_209_3e-8 * t.powi(3)
                + 6.545_967_3 * t.ln()
        }
    };
    ln_p.exp()
}

/// Humidity ratio (kg/kg dry air) of air whose water-vapour partial pressure is `pw_pa` at
/// total pressure `p_pa`: W = 0.621945 pw / (p − pw) (ASHRAE 2017 ch. 1 eq. 20).
pub fn humidity_ratio_from_vapour_pressure(pw_pa: f64, p_pa: f64) -> f64 {
    MOLAR_MASS_RATIO_WATER_AIR * pw_pa / (p_pa - pw_pa)
}

/// Water-vapour partial pressure (Pa) of air with humidity ratio `w` at total pressure
/// `p_pa`; the inverse of [`humidity_ratio_from_vapour_pressure`].
pub fn vapour_pressure_from_humidity_ratio(w: f64, p_pa: f64) -> f64 {
    p_pa * w / (MOLAR_MASS_RATIO_WATER_AIR + w)
}

/// Humidity ratio of saturated air (kg/kg dry air) at `t_c` and total pressure `p_pa`
/// (ASHRAE 2017 ch. 1 eq. 23).
pub fn saturation_humidity_ratio(t_c: f64, p_pa: f64) -> f64 {
    humidity_ratio_from_vapour_pressure(saturation_vapour_pressure_pa(t_c), p_pa)
}

/// Water-vapour partial pressure (Pa) at dry-bulb `t_c` and relative humidity `rh_frac`
/// (fraction 0–1): pw = RH · pws(t) (ASHRAE 2017 ch. 1 eq. 22).
pub fn vapour_pressure_from_rh(t_c: f64, rh_frac: f64) -> f64 {
    rh_frac * saturation_vapour_pressure_pa(t_c)
}

/// Dew-point temperature (°C) of air whose water-vapour partial pressure is `pw_pa`.
///
/// The dew point is the temperature at which `pw_pa` is the saturation pressure (ASHRAE 2017
/// ch. 1 eq. 37); below 0 °C this is the frost point, since saturation there is over ice.
/// Solved by bisection on [`saturation_vapour_pressure_pa`] over −100..200 °C to 1e-6 K;
/// 0 °C exactly for a pressure in the curve's jump there (611.154–611.213 Pa).
/// Returns `NaN` when `pw_pa` is not finite or lies outside the saturation pressures of that
/// interval (≈ 0.0014 Pa to 1550 kPa).
pub fn dew_point_from_vapour_pressure_c(pw_pa: f64) -> f64 {
    if !pw_pa.is_finite()
        || pw_pa < saturation_vapour_pressure_pa(DEW_POINT_MIN_C)
        || pw_pa > saturation_vapour_pressure_pa(DEW_POINT_MAX_C)
    {
        return f64::NAN;
    }
    // The saturation curve increases monotonically, with a jump at 0 °C between the ice and
    // the water formulations (611.154 to 611.213 Pa): a pressure in the jump is saturated at
    // 0 °C exactly, over ice and water together, and has no root to bisect for.
    let (ice_0, water_0) = (
        saturation_vapour_pressure_over_pa(0.0, Wick::Ice),
        saturation_vapour_pressure_over_pa(0.0, Wick::Water),
    );
    if (ice_0..=water_0).contains(&pw_pa) {
        return 0.0;
    }
    bisect(DEW_POINT_MIN_C, DEW_POINT_MAX_C, |t| {
        saturation_vapour_pressure_pa(t) - pw_pa
    })
}

/// Dew-point temperature (°C) at dry-bulb `t_c` and relative humidity `rh_frac` (0–1].
///
/// See [`dew_point_from_vapour_pressure_c`]; `NaN` if `rh_frac` is zero or negative.
pub fn dew_point_c(t_c: f64, rh_frac: f64) -> f64 {
    dew_point_from_vapour_pressure_c(vapour_pressure_from_rh(t_c, rh_frac))
}

/// Dew-point temperature (°C) of air with humidity ratio `w` at total pressure `p_pa`.
pub fn dew_point_from_humidity_ratio_c(w: f64, p_pa: f64) -> f64 {
    dew_point_from_vapour_pressure_c(vapour_pressure_from_humidity_ratio(w, p_pa))
}

/// Relative humidity (fraction) at dry-bulb `t_c` and dew point `td_c`: pws(td) / pws(t).
pub fn rh_from_dew_point(t_c: f64, td_c: f64) -> f64 {
    saturation_vapour_pressure_pa(td_c) / saturation_vapour_pressure_pa(t_c)
}

/// Humidity ratio (kg/kg dry air) of air at dry-bulb `t_c` whose thermodynamic wet-bulb is
/// `wb_c`, at total pressure `p_pa`.
///
/// ASHRAE 2017 ch. 1 eq. 33 when the wet-bulb is at or above freezing (water on the wick)
/// and eq. 35 below (ice on the wick), as in `PsychroLib`. Can be negative when `wb_c` is
/// below the wet-bulb of perfectly dry air at `t_c`, i.e. for an impossible pair.
pub fn humidity_ratio_from_wet_bulb(t_c: f64, wb_c: f64, p_pa: f64) -> f64 {
    humidity_ratio_over_wick(t_c, wb_c, p_pa, Wick::from_wet_bulb(wb_c))
}

/// The phase of the water on a wet-bulb's wick, which picks the wet-bulb equation (and the
/// phase saturated air is in equilibrium with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wick {
    /// Liquid water, ASHRAE eq. 33 (wet-bulb ≥ 0 °C).
    Water,
    /// Ice, ASHRAE eq. 35 (wet-bulb < 0 °C).
    Ice,
}

impl Wick {
    /// The phase a wick at `wb_c` has: water from 0 °C up, ice below.
    fn from_wet_bulb(wb_c: f64) -> Self {
        if wb_c >= 0.0 { Self::Water } else { Self::Ice }
    }
}

/// ASHRAE eq. 33 (`Wick::Water`) or eq. 35 (`Wick::Ice`) at wet-bulb `wb_c`, whatever its
/// sign, with Ws* saturated over the wick's phase: the solver evaluates one branch on either
/// side of 0 °C without switching, and the ice branch reaches 0 °C continuously.
fn humidity_ratio_over_wick(t_c: f64, wb_c: f64, p_pa: f64, wick: Wick) -> f64 {
    let ws_star =
        humidity_ratio_from_vapour_pressure(saturation_vapour_pressure_over_pa(wb_c, wick), p_pa);
    match wick {
        Wick::Water => {
            ((2501.0 - 2.326 * wb_c) * ws_star - 1.006 * (t_c - wb_c))
                / (2501.0 + 1.86 * t_c - 4.186 * wb_c)
        }
        Wick::Ice => {
            ((2830.0 - 0.24 * wb_c) * ws_star - 1.006 * (t_c - wb_c))
                / (2830.0 + 1.86 * t_c - 2.1 * wb_c)
        }
    }
}

/// Thermodynamic wet-bulb temperature (°C) of air at dry-bulb `t_c` with humidity ratio `w`,
/// at total pressure `p_pa`.
///
/// Solves [`humidity_ratio_from_wet_bulb`] (ASHRAE eqs. 33/35) for the wet-bulb between the
/// dew point and the dry-bulb, to 1e-6 K; near 0 °C, where both equations can have a root,
/// the water root (module doc). If the air is saturated or supersaturated (dew point at or
/// above the dry-bulb) the wet-bulb equals the dry-bulb. Returns `NaN` if `w` is negative or
/// not finite.
pub fn wet_bulb_from_humidity_ratio_c(t_c: f64, w: f64, p_pa: f64) -> f64 {
    if !(w.is_finite() && w >= 0.0) {
        return f64::NAN;
    }
    wet_bulb_above(dew_point_from_humidity_ratio_c(w, p_pa), t_c, w, p_pa)
}

/// The wet-bulb, which lies between the dew point `td` and the dry-bulb.
///
/// Each branch is solved on its own side of 0 °C, where it is smooth and increasing: water
/// on [max(td, 0), t] when eq. 33 has a root there, which is when W over water at 0 °C does
/// not exceed `w` (eq. 33 gives W = Ws(t) ≥ w at t* = t), otherwise ice on [td, min(t, 0)],
/// where eq. 35 goes from < w at the dew point to ≥ w at 0 °C (or Ws(t) at t ≤ 0). If eq. 35
/// is still below `w` at 0 °C too, neither has a root and the wet-bulb is 0 °C (module doc).
fn wet_bulb_above(td: f64, t_c: f64, w: f64, p_pa: f64) -> f64 {
    // Perfectly dry air (w = 0) has no dew point; any temperature below the answer works as
    // the lower end of the bracket, and −100 °C is below every dry-air wet-bulb we accept.
    let lo = if td.is_nan() { DEW_POINT_MIN_C } else { td };
    if lo >= t_c {
        return t_c;
    }
    let wick = if t_c > 0.0 && humidity_ratio_over_wick(t_c, 0.0, p_pa, Wick::Water) <= w {
        Wick::Water
    } else if t_c > 0.0 && humidity_ratio_over_wick(t_c, 0.0, p_pa, Wick::Ice) <= w {
        return 0.0;
    } else {
        Wick::Ice
    };
    let (lo, hi) = match wick {
        Wick::Water => (lo.max(0.0), t_c),
        Wick::Ice => (lo, t_c.min(0.0)),
    };
    bisect(lo, hi, |wb| {
        humidity_ratio_over_wick(t_c, wb, p_pa, wick) - w
    })
}

/// Thermodynamic wet-bulb temperature (°C) at dry-bulb `t_c`, relative humidity `rh_frac`
/// (0–1) and total pressure `p_pa`; see [`wet_bulb_from_humidity_ratio_c`].
pub fn wet_bulb_c(t_c: f64, rh_frac: f64, p_pa: f64) -> f64 {
    let w = humidity_ratio_from_vapour_pressure(vapour_pressure_from_rh(t_c, rh_frac), p_pa);
    wet_bulb_from_humidity_ratio_c(t_c, w, p_pa)
}

/// Specific enthalpy of moist air (kJ per kg dry air), zero for dry air at 0 °C:
/// h = 1.006 t + W (2501 + 1.86 t) (ASHRAE 2017 ch. 1 eq. 32).
pub fn enthalpy_kj_per_kg(t_c: f64, w: f64) -> f64 {
    1.006 * t_c + w * (2501.0 + 1.86 * t_c)
}

/// Specific volume of moist air (m³ per kg dry air):
/// v = 0.287042 (t + 273.15)(1 + 1.607858 W) / p, p in kPa (ASHRAE 2017 ch. 1 eq. 26).
pub fn moist_air_specific_volume_m3_per_kg(t_c: f64, w: f64, p_pa: f64) -> f64 {
    0.287_042 * (t_c + KELVIN_OFFSET) * (1.0 + 1.607_858 * w) / (p_pa / 1000.0)
}

/// Density of moist air (kg of moist air per m³): ρ = (1 + W) / v (ASHRAE 2017 ch. 1
/// eq. 11); what an air-side heat balance (Q = ρ V̇ cp ΔT) needs at altitude.
pub fn moist_air_density_kg_per_m3(t_c: f64, w: f64, p_pa: f64) -> f64 {
    (1.0 + w) / moist_air_specific_volume_m3_per_kg(t_c, w, p_pa)
}

/// Standard atmospheric pressure (Pa) at `elevation_m` above sea level:
/// p = 101.325 (1 − 2.25577e-5 Z)^5.2559 kPa (ASHRAE 2017 ch. 1 eq. 3).
///
/// Used when a weather source gives no station pressure (design days).
pub fn standard_pressure_pa(elevation_m: f64) -> f64 {
    STANDARD_PRESSURE_PA * (1.0 - 2.255_77e-5 * elevation_m).powf(5.255_9)
}

/// Bisection for the root of an increasing function `f` on `[lo, hi]`, to 1e-6 (K, for the
/// temperatures it finds here and for [`super::cooling_tower`]).
///
/// Assumes `f(lo) ≤ 0 ≤ f(hi)`; if not, returns the end nearer the root's side, which keeps
/// the result finite and bounded by the bracket.
pub(crate) fn bisect(lo: f64, hi: f64, f: impl Fn(f64) -> f64) -> f64 {
    // Regula falsi with the Illinois modification (Dowell & Jarratt 1971): it keeps the
    // bracket of bisection, so it cannot diverge, but converges superlinearly on these smooth
    // monotone curves, in ~6–10 evaluations instead of bisection's ~30 for the same tolerance.
    // Each step halves the bracket at worst (a bisection step is forced when the secant
    // stalls), so BISECTION_MAX_STEPS still bounds the work.
    let (mut a, mut b) = (lo, hi);
    let (mut fa, mut fb) = (f(a), f(b));
    if fa.is_nan() || fb.is_nan() || fa > 0.0 || fb < 0.0 {
        return bisect_plain(lo, hi, f);
    }
    let mut side = 0i8;
    for _ in 0..BISECTION_MAX_STEPS {
        if b - a <= BISECTION_TOLERANCE_K {
            break;
        }
        let secant = (a * fb - b * fa) / (fb - fa);
        let mid = 0.5 * (a + b);
        // Fall back to the midpoint if the secant lands outside or on the bracket's edge.
        let x = if secant.is_finite() && secant > a && secant < b {
            secant
        } else {
            mid
        };
        let fx = f(x);
        if fx == 0.0 {
            return x;
        }
        if fx > 0.0 {
            b = x;
            fb = fx;
            if side == 1 {
                fa *= 0.5;
            }
            side = 1;
        } else {
            a = x;
            fa = fx;
            if side == -1 {
                fb *= 0.5;
            }
            side = -1;
        }
        // The secant converges from one side; close the far side too once it is near.
        if b - a > BISECTION_TOLERANCE_K {
            let (probe_lo, probe_hi) = (x - BISECTION_TOLERANCE_K, x + BISECTION_TOLERANCE_K);
            if side == 1 && probe_lo > a && f(probe_lo) <= 0.0 {
                a = probe_lo;
                fa = f(a);
            } else if side == -1 && probe_hi < b && f(probe_hi) > 0.0 {
                b = probe_hi;
                fb = f(b);
            }
        }
    }
    0.5 * (a + b)
}

/// Plain bisection for brackets whose ends do not straddle the root (the answer is then the
/// nearer end, as bisection gives).
fn bisect_plain(mut lo: f64, mut hi: f64, f: impl Fn(f64) -> f64) -> f64 {
    for _ in 0..BISECTION_MAX_STEPS {
        if hi - lo <= BISECTION_TOLERANCE_K {
            break;
        }
        let mid = 0.5 * (lo + hi);
        if f(mid) > 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The state of moist air, all properties computed once.
///
/// Convenient for callers that need several properties of the same hour (the weather readers
/// build one per hour; the thermal model reads wet-bulb and enthalpy from it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AirState {
    /// Dry-bulb temperature (°C).
    pub dry_bulb_c: f64,
    /// Dew-point temperature (°C); the frost point below 0 °C.
    pub dew_point_c: f64,
    /// Relative humidity (fraction 0–1), pw / pws(dry-bulb).
    pub rel_humidity: f64,
    /// Total (barometric) pressure (Pa).
    pub pressure_pa: f64,
    /// Thermodynamic wet-bulb temperature (°C).
    pub wet_bulb_c: f64,
    /// Humidity ratio (kg water per kg dry air).
    pub humidity_ratio: f64,
    /// Specific enthalpy (kJ per kg dry air).
    pub enthalpy_kj_per_kg: f64,
}

impl AirState {
    /// State from dry-bulb, humidity ratio and pressure; every other property follows.
    pub fn from_humidity_ratio(dry_bulb_c: f64, humidity_ratio: f64, pressure_pa: f64) -> Self {
        let pw = vapour_pressure_from_humidity_ratio(humidity_ratio, pressure_pa);
        Self::with_dew_point(
            dry_bulb_c,
            dew_point_from_vapour_pressure_c(pw),
            humidity_ratio,
            pw,
            pressure_pa,
        )
    }

    /// The state when dew point, humidity ratio and vapour pressure are already known (they
    /// determine one another; callers pass what they have to spare the dew-point inversion).
    fn with_dew_point(
        dry_bulb_c: f64,
        dew_point_c: f64,
        humidity_ratio: f64,
        pw: f64,
        pressure_pa: f64,
    ) -> Self {
        Self {
            dry_bulb_c,
            dew_point_c,
            rel_humidity: pw / saturation_vapour_pressure_pa(dry_bulb_c),
            pressure_pa,
            wet_bulb_c: wet_bulb_above(dew_point_c, dry_bulb_c, humidity_ratio, pressure_pa),
            humidity_ratio,
            enthalpy_kj_per_kg: enthalpy_kj_per_kg(dry_bulb_c, humidity_ratio),
        }
    }

    /// State from dry-bulb, dew point and pressure (what EPW and TMY3 files give).
    pub fn from_dew_point(dry_bulb_c: f64, dew_point_c: f64, pressure_pa: f64) -> Self {
        let pw = saturation_vapour_pressure_pa(dew_point_c);
        let w = humidity_ratio_from_vapour_pressure(pw, pressure_pa);
        Self::with_dew_point(dry_bulb_c, dew_point_c, w, pw, pressure_pa)
    }

    /// State from dry-bulb, relative humidity (fraction) and pressure.
    pub fn from_rh(dry_bulb_c: f64, rel_humidity: f64, pressure_pa: f64) -> Self {
        let pw = vapour_pressure_from_rh(dry_bulb_c, rel_humidity);
        let w = humidity_ratio_from_vapour_pressure(pw, pressure_pa);
        Self {
            rel_humidity,
            ..Self::from_humidity_ratio(dry_bulb_c, w, pressure_pa)
        }
    }

    /// State from dry-bulb, thermodynamic wet-bulb and pressure (how design conditions are
    /// quoted, e.g. "35 °C DB / 24 °C MCWB").
    pub fn from_wet_bulb(dry_bulb_c: f64, wet_bulb_c: f64, pressure_pa: f64) -> Self {
        let w = humidity_ratio_from_wet_bulb(dry_bulb_c, wet_bulb_c, pressure_pa);
        Self {
            wet_bulb_c,
            ..Self::from_humidity_ratio(dry_bulb_c, w, pressure_pa)
        }
    }

    /// Specific volume (m³ per kg dry air), ASHRAE eq. 26.
    pub fn specific_volume_m3_per_kg(&self) -> f64 {
        moist_air_specific_volume_m3_per_kg(self.dry_bulb_c, self.humidity_ratio, self.pressure_pa)
    }

    /// Density (kg moist air per m³), ASHRAE eq. 11.
    pub fn density_kg_per_m3(&self) -> f64 {
        moist_air_density_kg_per_m3(self.dry_bulb_c, self.humidity_ratio, self.pressure_pa)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
#[allow(clippy::float_cmp)] // 0 °C at the jump of the saturation curve is returned exactly
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Relative difference, for published values quoted to a number of significant figures.
    fn rel(a: f64, b: f64) -> f64 {
        (a - b).abs() / b.abs()
    }

    /// ASHRAE 2017 Fundamentals ch. 1 Table 3 (saturation pressure of water), as cited in
    /// `PsychroLib`'s test suite (Meyer & Thevenard 2019, `tests/test_psychrolib_si.py`). ASHRAE
    /// states eqs. 5–6 are within 300 ppm of the table, which is the tolerance used.
    #[test]
    fn saturation_pressure_matches_ashrae_table_3() {
        for (t, table_pa) in [
            (-20.0, 103.24),
            (-5.0, 401.74),
            (5.0, 872.6),
            (25.0, 3169.7),
            (50.0, 12_351.3),
            (100.0, 101_418.0),
        ] {
            let got = saturation_vapour_pressure_pa(t);
            assert!(rel(got, table_pa) <= 3e-4, "{t} °C: {got} vs {table_pa}");
        }
    }

    /// IAPWS-95 reference values (Wagner & Pruß 2002): triple point 611.657 Pa at 0.01 °C;
    /// 2339.2 Pa at 20 °C; 7384.9 Pa at 40 °C. Same 300 ppm tolerance.
    #[test]
    fn saturation_pressure_matches_iapws_at_0_20_40_c() {
        for (t, pa) in [(0.01, 611.657), (20.0, 2339.2), (40.0, 7384.9)] {
            let got = saturation_vapour_pressure_pa(t);
            assert!(rel(got, pa) <= 3e-4, "{t} °C: {got} vs {pa}");
        }
        // Ice and water formulations meet at 0 °C to within 0.02 %.
        let ice = saturation_vapour_pressure_pa(-1e-9);
        let water = saturation_vapour_pressure_pa(0.0);
        assert!(rel(ice, water) < 2e-4, "{ice} vs {water}");
    }

    /// ASHRAE 2017 ch. 1 Table 1 (standard atmosphere), as cited by `PsychroLib`: ±1 Pa.
    #[test]
    fn standard_pressure_matches_ashrae_table_1() {
        for (z, pa) in [
            (-500.0, 107_478.0),
            (0.0, 101_325.0),
            (500.0, 95_461.0),
            (1000.0, 89_875.0),
            (4000.0, 61_640.0),
            (10_000.0, 26_436.0),
        ] {
            let got = standard_pressure_pa(z);
            assert!((got - pa).abs() <= 1.0, "{z} m: {got} vs {pa}");
        }
    }

    /// Dew point inverts the saturation curve: the Table 3 pressures give back their
    /// temperatures to well under 0.05 K.
    #[test]
    fn dew_point_inverts_table_3() {
        for (t, table_pa) in [
            (-20.0, 103.24),
            (5.0, 872.6),
            (25.0, 3169.7),
            (50.0, 12_351.3),
        ] {
            let td = dew_point_from_vapour_pressure_c(table_pa);
            assert!((td - t).abs() < 0.05, "{table_pa} Pa: {td} vs {t}");
        }
        for t in [-60.0, -20.0, -0.5, 0.5, 5.0, 25.0, 50.0] {
            let td = dew_point_from_vapour_pressure_c(saturation_vapour_pressure_pa(t));
            assert!((td - t).abs() < 1e-5, "{t}: {td}");
        }
        // Inside the 611.154–611.213 Pa jump of eqs. 5/6 at 0 °C the dew point is 0 °C
        // exactly (the regression case 0.9714 °C at 93.2 % RH gives 611.165 Pa).
        for pw in [611.16, 611.19, 611.21] {
            assert_eq!(dew_point_from_vapour_pressure_c(pw), 0.0, "{pw}");
        }
        assert!(dew_point_from_vapour_pressure_c(0.0).is_nan());
        assert!(dew_point_from_vapour_pressure_c(f64::NAN).is_nan());
    }

    /// `PsychroLib` `test_HumRatio_VapPres`: 3169.7 Pa at 95 461 Pa gives W = 0.0213603998047487.
    #[test]
    fn humidity_ratio_from_vapour_pressure_matches_psychrolib() {
        let w = humidity_ratio_from_vapour_pressure(3169.7, 95_461.0);
        assert!(rel(w, 0.021_360_399_804_748_7) < 1e-6, "{w}");
        let pw = vapour_pressure_from_humidity_ratio(w, 95_461.0);
        assert!((pw - 3169.7).abs() < 1e-6, "{pw}");
    }

    /// `PsychroLib` `test_HumRatio_TWetBulb` (values from ASHRAE eqs. 33 and 35, worked in Excel
    /// with the Table 3 saturation pressure, hence a 1.7e-4 relative difference from eq. 6):
    /// above freezing 30 °C DB / 25 °C WB at 95 461 Pa → W = 0.0192281274241096; below,
    /// −1 °C / −5 °C → W = 0.00120399819933844. Solving back from the cited W gives the cited
    /// wet-bulb within 0.005 K; from our own W, within 0.001 K (`PsychroLib`'s round-trip check).
    #[test]
    fn wet_bulb_matches_psychrolib_above_and_below_freezing() {
        for (db, wb_ref, w_ref) in [
            (30.0, 25.0, 0.019_228_127_424_109_6),
            (-1.0, -5.0, 0.001_203_998_199_338_44),
        ] {
            let w = humidity_ratio_from_wet_bulb(db, wb_ref, 95_461.0);
            assert!(rel(w, w_ref) < 3e-4, "{w}");
            let wb = wet_bulb_from_humidity_ratio_c(db, w, 95_461.0);
            assert!((wb - wb_ref).abs() < 1e-3, "{wb}");
            let wb = wet_bulb_from_humidity_ratio_c(db, w_ref, 95_461.0);
            assert!((wb - wb_ref).abs() < 5e-3, "{wb}");
        }
    }

    /// `PsychroLib` `test_TWetBulb_RelHum`: 7 °C, 61 % RH, 100 kPa → wet-bulb 3.92667433781955 °C
    /// (relative tolerance 0.001, theirs), a state a few kelvin above freezing.
    #[test]
    fn wet_bulb_from_rh_matches_psychrolib_near_freezing() {
        let wb = wet_bulb_c(7.0, 0.61, 100_000.0);
        assert!(rel(wb, 3.926_674_337_819_55) < 1e-3, "{wb}");
    }

    /// ASHRAE 2017 Fundamentals ch. 1, Example 1: moist air at 40 °C DB, 20 °C thermodynamic
    /// WB, 101.325 kPa. The Handbook gives W = 0.0065 kg/kg, h = 56.7 kJ/kg, RH = 14 %,
    /// v = 0.896 m³/kg and a dew point of about 7 °C (read from the table, hence the coarse
    /// tolerance, the same `PsychroLib` uses).
    #[test]
    fn ashrae_example_1() {
        let s = AirState::from_wet_bulb(40.0, 20.0, STANDARD_PRESSURE_PA);
        assert!(
            (s.humidity_ratio - 0.0065).abs() < 1e-4,
            "{}",
            s.humidity_ratio
        );
        assert!(
            (s.enthalpy_kj_per_kg - 56.7).abs() < 0.1,
            "{}",
            s.enthalpy_kj_per_kg
        );
        assert!((s.rel_humidity - 0.14).abs() < 0.01, "{}", s.rel_humidity);
        assert!((s.dew_point_c - 7.0).abs() < 0.5, "{}", s.dew_point_c);
        assert!(rel(s.specific_volume_m3_per_kg(), 0.896) < 0.01);
        // Going back from the dew point and from RH recovers the 20 °C wet-bulb (±0.05 K).
        let back = AirState::from_dew_point(40.0, s.dew_point_c, STANDARD_PRESSURE_PA);
        assert!((back.wet_bulb_c - 20.0).abs() < 0.05, "{}", back.wet_bulb_c);
        let back = AirState::from_rh(40.0, s.rel_humidity, STANDARD_PRESSURE_PA);
        assert!((back.wet_bulb_c - 20.0).abs() < 0.05, "{}", back.wet_bulb_c);
        assert!((back.dew_point_c - s.dew_point_c).abs() < 0.01);
    }

    /// `PsychroLib` `test_MoistAir` (ASHRAE eqs. 11, 26, 32 evaluated in Excel): 30 °C, W = 0.02,
    /// 95 461 Pa → h = 81.316 kJ/kg, v = 0.940855374352943 m³/kg, ρ = 1.08411986348219 kg/m³.
    /// And dry air at 25 °C, sea level: v = 0.8443 m³/kg (ASHRAE Table 2, ±0.1 %).
    #[test]
    fn moist_air_properties_match_psychrolib() {
        assert!(rel(enthalpy_kj_per_kg(30.0, 0.02), 81.316) < 3e-4);
        assert!(
            rel(
                moist_air_specific_volume_m3_per_kg(30.0, 0.02, 95_461.0),
                0.940_855
            ) < 3e-4
        );
        assert!(rel(moist_air_density_kg_per_m3(30.0, 0.02, 95_461.0), 1.084_120) < 3e-4);
        assert!(
            rel(
                moist_air_specific_volume_m3_per_kg(25.0, 0.0, 101_325.0),
                0.8443
            ) < 1e-3
        );
        assert!(rel(enthalpy_kj_per_kg(25.0, 0.0), 25.148) < 3e-4);
    }

    /// ASHRAE 2017 Table 2 saturation humidity ratios at 101 325 Pa, as cited by `PsychroLib`
    /// (which finds agreement within 0.5 % at these temperatures).
    #[test]
    fn saturation_humidity_ratio_matches_ashrae_table_2() {
        for (t, ws) in [(-5.0, 0.002_486_3), (5.0, 0.005_425), (25.0, 0.020_173)] {
            let got = saturation_humidity_ratio(t, STANDARD_PRESSURE_PA);
            assert!(rel(got, ws) < 5e-3, "{t}: {got} vs {ws}");
        }
    }

    #[test]
    fn saturated_and_dry_air_edges() {
        // Saturated air: dew point = wet-bulb = dry-bulb.
        let s = AirState::from_rh(20.0, 1.0, STANDARD_PRESSURE_PA);
        assert!((s.dew_point_c - 20.0).abs() < 1e-5);
        assert!((s.wet_bulb_c - 20.0).abs() < 1e-4);
        assert!((rh_from_dew_point(20.0, s.dew_point_c) - 1.0).abs() < 1e-6);
        // Perfectly dry air still has a finite wet-bulb below the dry-bulb.
        let wb = wet_bulb_from_humidity_ratio_c(30.0, 0.0, STANDARD_PRESSURE_PA);
        assert!(wb.is_finite() && wb < 30.0, "{wb}");
        assert!(wet_bulb_from_humidity_ratio_c(30.0, -0.001, STANDARD_PRESSURE_PA).is_nan());
    }

    /// Greensboro TMY3 (sites/weather), 23 Nov 16:00 and 14:00: 7.8 °C dry-bulb, −16.7 and
    /// −18.3 °C dew point, 99.1 and 99.2 kPa. Each hour has two states that satisfy the Handbook
    /// with the wick in the phase its temperature implies: eq. 33 (water) at 0.2484 and
    /// 0.0708 °C, eq. 35 (ice) at −0.2901 and −0.4729 °C (both roots by bisection in the
    /// independent reference of `tests/it/psychrometrics.rs`). `PsychroLib` 2.5.0's bisection
    /// returns 0.2481 for the first hour and −0.4729 for the second: which root it finds
    /// depends on where its midpoints fall. We take the water root, as a wick cooled from the
    /// dry-bulb does (module doc); it used to be the ice root, 0.54 K lower.
    #[test]
    fn near_freezing_the_water_root_is_taken_when_both_exist() {
        for (td, p, water, ice) in [
            (-16.7, 99_100.0, 0.248_382, -0.290_061),
            (-18.3, 99_200.0, 0.070_769, -0.472_871),
        ] {
            let s = AirState::from_dew_point(7.8, td, p);
            // Both roots solve eqs. 33/35 for this humidity ratio…
            for root in [water, ice] {
                let w = humidity_ratio_from_wet_bulb(7.8, root, p);
                assert!((w - s.humidity_ratio).abs() < 1e-8, "{root}: {w}");
            }
            // …and the wet-bulb reported is the water one.
            assert!(
                (s.wet_bulb_c - water).abs() < 1e-5,
                "{td}: {}",
                s.wet_bulb_c
            );
        }
    }

    /// At exactly 0 °C the wick is water (eq. 33), as in `PsychroLib`, so a wet-bulb of 0 °C
    /// round-trips: the humidity ratio it gives solves back to 0 °C.
    #[test]
    fn wet_bulb_of_zero_is_over_water_and_round_trips() {
        let (t, p) = (6.0, STANDARD_PRESSURE_PA);
        let ws = saturation_humidity_ratio(0.0, p);
        let eq33 = (2501.0 * ws - 1.006 * t) / (2501.0 + 1.86 * t);
        let w = humidity_ratio_from_wet_bulb(t, 0.0, p);
        assert!((w - eq33).abs() < 1e-15, "{w} vs {eq33}");
        assert!(wet_bulb_from_humidity_ratio_c(t, w, p).abs() < 1e-5);
    }

    /// Just above 0 °C dry-bulb neither wick equation has a root for a W in the gap between
    /// them (module doc), and the wet-bulb is 0 °C. The case is the one the property test below
    /// found: 0.005484 °C, 50 kPa, W = 0.007694435 (inside the gap, 53 % of its width up). The
    /// gap's width by hand: the jump in Ws at 0 °C, 0.621945 (611.2129 − 611.1536) / (50000 −
    /// 611.2) = 7.560e-7, less eq. 35's lead 4.743e-5 per K × 0.005484 K = 2.601e-7, is
    /// 4.958e-7 kg/kg. Either side of the gap the nearer root is taken and round-trips.
    #[test]
    fn in_the_gap_just_above_freezing_the_wet_bulb_is_zero() {
        let (t, p) = (0.005_484_293_598_849_041, 50_000.0);
        let w_water = humidity_ratio_over_wick(t, 0.0, p, Wick::Water);
        let w_ice = humidity_ratio_over_wick(t, 0.0, p, Wick::Ice);
        assert!(
            (w_water - w_ice - 4.958e-7).abs() < 1e-10,
            "{w_water} − {w_ice}"
        );
        assert_eq!(wet_bulb_from_humidity_ratio_c(t, 0.007_694_435, p), 0.0);
        let above = w_water + 1e-7;
        let wb = wet_bulb_from_humidity_ratio_c(t, above, p);
        assert!(wb > 0.0 && (humidity_ratio_from_wet_bulb(t, wb, p) - above).abs() < 1e-8);
        let below = w_ice - 1e-7;
        let wb = wet_bulb_from_humidity_ratio_c(t, below, p);
        assert!(wb < 0.0 && (humidity_ratio_from_wet_bulb(t, wb, p) - below).abs() < 1e-8);
    }

    #[test]
    fn no_nan_at_the_edges_of_the_range() {
        for p in [50_000.0, STANDARD_PRESSURE_PA, 110_000.0] {
            for t in [-40.0, -10.0, -1e-9, 0.0, 1e-9, 0.3, 10.0, 60.0] {
                // Saturated air: every temperature is the dry-bulb.
                let s = AirState::from_dew_point(t, t, p);
                assert!((s.wet_bulb_c - t).abs() < 1e-5, "{t} {p}: {s:?}");
                // Perfectly dry air: a finite wet-bulb below the dry-bulb.
                let wb = wet_bulb_from_humidity_ratio_c(t, 0.0, p);
                assert!(wb.is_finite() && wb < t, "{t} {p}: {wb}");
                assert!(
                    humidity_ratio_from_wet_bulb(t, wb, p).abs() < 1e-9,
                    "{t} {p}"
                );
                // Very dry air (1 % RH) and 0 % RH (no dew point, but a wet-bulb).
                let s = AirState::from_rh(t, 0.01, p);
                assert!(
                    s.wet_bulb_c.is_finite() && s.dew_point_c.is_finite(),
                    "{s:?}"
                );
                let s = AirState::from_rh(t, 0.0, p);
                assert!(s.wet_bulb_c.is_finite() && s.wet_bulb_c < t, "{s:?}");
            }
        }
    }

    proptest! {
        /// Over the planner's range (−40..60 °C, 1–100 % RH, 50–110 kPa) every property is
        /// finite and dew point ≤ wet-bulb ≤ dry-bulb.
        #[test]
        fn ordering_and_finiteness(
            t in -40.0f64..60.0,
            rh in 0.01f64..=1.0,
            p in 50_000.0f64..110_000.0,
        ) {
            let s = AirState::from_rh(t, rh, p);
            for v in [s.dew_point_c, s.wet_bulb_c, s.humidity_ratio, s.enthalpy_kj_per_kg,
                      s.specific_volume_m3_per_kg(), s.density_kg_per_m3()] {
                prop_assert!(v.is_finite(), "{s:?}");
            }
            prop_assert!(s.dew_point_c <= s.wet_bulb_c + 1e-5, "{s:?}");
            prop_assert!(s.wet_bulb_c <= s.dry_bulb_c + 1e-5, "{s:?}");
            prop_assert!(s.humidity_ratio > 0.0);
            // Round trips: RH from the dew point (except for a vapour pressure in the jump of
            // the saturation curve at 0 °C, whose dew point is 0 °C exactly), and W from the
            // wet-bulb.
            let pw = vapour_pressure_from_rh(t, rh);
            let jump = saturation_vapour_pressure_over_pa(0.0, Wick::Ice)
                ..=saturation_vapour_pressure_over_pa(0.0, Wick::Water);
            if jump.contains(&pw) {
                prop_assert_eq!(s.dew_point_c, 0.0);
            } else {
                prop_assert!((rh_from_dew_point(t, s.dew_point_c) - rh).abs() < 1e-5);
            }
            let w = humidity_ratio_from_wet_bulb(t, s.wet_bulb_c, p);
            prop_assert!((w - s.humidity_ratio).abs() < 1e-6 * (1.0 + s.humidity_ratio));
        }

        /// Near 0 °C, with humidity ratios drawn around the overlap [W over water at 0 °C,
        /// W over ice at 0 °C] (dry-bulbs 0–15 °C): the wet-bulb solves eq. 33 or 35 with the
        /// wick in the phase its sign implies, and is below 0 °C only if eq. 33 has no root at
        /// or above 0 °C, i.e. it is the water root whenever there is one. Below ~0.016 °C
        /// dry-bulb the two bounds swap into a gap, where the wet-bulb is 0 °C.
        #[test]
        fn near_freezing_the_wet_bulb_is_the_water_root_when_there_is_one(
            t in 0.0f64..15.0,
            x in -2.0f64..=2.0,
            p in 50_000.0f64..110_000.0,
        ) {
            let w_water = humidity_ratio_over_wick(t, 0.0, p, Wick::Water);
            let w_ice = humidity_ratio_over_wick(t, 0.0, p, Wick::Ice);
            let w = (w_water + x * (w_ice - w_water)).max(0.0);
            let wb = wet_bulb_from_humidity_ratio_c(t, w, p);
            if w >= saturation_humidity_ratio(t, p) {
                // Saturated or supersaturated: within ~1e-3 K of 0 °C, where W over ice at
                // 0 °C is below W over water, x < 0 lands above Ws(t). Wet-bulb = dry-bulb, to
                // the dew point's 1e-6 K.
                prop_assert!((wb - t).abs() < 1e-6, "W {}: {}", w, wb);
            } else if (w_ice..w_water).contains(&w) {
                // The gap below a dry-bulb of ~0.016 °C where neither equation has a root
                // (module doc): the wick is at 0 °C.
                prop_assert_eq!(wb, 0.0, "W {}", w);
            } else {
                // The solver ends within half its final bracket, 5e-7 K, of the root, and
                // |dW/dt*| < 2e-3 per K here (dWs/dT ≤ 1.5e-3 at 15 °C and 50 kPa, plus the
                // sensible term 1.006/2501 = 4e-4), so W misses by < 1e-9; 1e-8 leaves 10×.
                prop_assert!((humidity_ratio_from_wet_bulb(t, wb, p) - w).abs() < 1e-8, "{wb}");
            }
            prop_assert!(wb >= 0.0 || w_water > w, "W {w}: {wb} (W over water at 0 °C {w_water})");
        }
    }
}
